/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-update-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-account-checker.h"
#include "fp-update-page.h"
#include "fp-update-window.h"

/*
 * The window the notification opens: the update page, asking the sources
 * again as `fingerpost check` does, then applying with the person's yes.
 * Apply on this page is the confirmation a lowering change needs, when the
 * page has shown why it lowers security, on a destructive-styled button.
 */
struct _FpUpdateWindow
{
  AdwApplicationWindow  parent_instance;

  FpUpdatePage         *page;
  FpDemoProvider       *demo;
  GCancellable         *cancellable;
  gboolean              shown_lowering;  /* the page said why a change lowers security */
};

G_DEFINE_FINAL_TYPE (FpUpdateWindow, fp_update_window, ADW_TYPE_APPLICATION_WINDOW)

/* The demo's record of accounts is in its scratch folder, as its accounts are. */
char *
fp_demo_state_dir (FpDemoProvider *demo)
{
  return g_build_filename (fp_demo_provider_get_scratch_dir (demo), "state", NULL);
}

static void
setup_demo_client (FpHttpClient *client,
                   gpointer      user_data)
{
  fp_demo_provider_configure_client (FP_DEMO_PROVIDER (user_data), client);
}

/**
 * fp_demo_check_options:
 * @state_dir: (out) (transfer full): the demo's state folder, for @options
 *
 * The demo's accounts are checked against its own provider and password.
 */
void
fp_demo_check_options (FpDemoProvider  *demo,
                       FpCheckOptions  *options,
                       char           **state_dir)
{
  *state_dir = fp_demo_state_dir (demo);
  options->state_dir = *state_dir;
  options->setup_client = setup_demo_client;
  options->setup_client_data = demo;
  options->password = FP_DEMO_PASSWORD;
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FpUpdateWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = fp_account_checker_run_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (checks == NULL)
    {
      fp_update_page_set_error (self->page, error->message);
      return;
    }
  fp_update_page_set_checks (self->page, checks);
  self->shown_lowering = FALSE;
  for (guint i = 0; i < checks->len; i++)
    {
      FpAccountCheck *check = g_ptr_array_index (checks, i);

      self->shown_lowering |= check->status == FP_CHECK_CHANGED &&
                              fp_account_change_lowers_security (check->change);
    }
}

static void
run_check (FpUpdateWindow *self,
           gboolean        apply)
{
  g_autofree char *state_dir = NULL;
  /* Apply confirms a lowering change only when the page showed one (Apply Anyway): one that
   * appeared since is not the person's to have accepted. */
  FpCheckOptions options = {
    .apply = apply,
    .confirmed = apply && self->shown_lowering,
    .allow_insecure = apply && self->shown_lowering,
  };

  if (self->demo != NULL)
    fp_demo_check_options (self->demo, &options, &state_dir);
  fp_update_page_set_busy (self->page, apply ? _("Logging in to the new servers…")
                                             : _("Asking your providers again…"));
  fp_account_checker_run_async (&options, self->cancellable, checked_cb, g_object_ref (self));
}

static void
apply_cb (FpUpdateWindow *self)
{
  run_check (self, TRUE);
}

static void
not_now_cb (FpUpdateWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
fp_update_window_dispose (GObject *object)
{
  FpUpdateWindow *self = FP_UPDATE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->demo);

  G_OBJECT_CLASS (fp_update_window_parent_class)->dispose (object);
}

static void
fp_update_window_class_init (FpUpdateWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fp_update_window_dispose;
}

static void
fp_update_window_init (FpUpdateWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  self->cancellable = g_cancellable_new ();
  self->page = FP_UPDATE_PAGE (fp_update_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Mail Settings Changed"), NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->page));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), box);
  gtk_window_set_title (GTK_WINDOW (self), _("Mail Settings Changed"));
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 720);
  gtk_widget_set_size_request (GTK_WIDGET (self), 360, 400);
  g_signal_connect_swapped (self->page, "apply", G_CALLBACK (apply_cb), self);
  g_signal_connect_swapped (self->page, "not-now", G_CALLBACK (not_now_cb), self);
}

/**
 * fp_update_window_new:
 * @demo: (nullable): check the demo's accounts, with its provider
 *
 * Starts asking at once.
 */
FpUpdateWindow *
fp_update_window_new (GtkApplication *application,
                      FpDemoProvider *demo)
{
  FpUpdateWindow *self = g_object_new (FP_TYPE_UPDATE_WINDOW, "application", application, NULL);

  self->demo = demo ? g_object_ref (demo) : NULL;
  run_check (self, FALSE);
  return self;
}
