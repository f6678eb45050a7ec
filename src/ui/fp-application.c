/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-application"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-account-checker.h"
#include "fp-application.h"
#include "fp-check-notification.h"
#include "fp-demo-provider.h"
#include "fp-first-run.h"
#include "fp-first-run-bar.h"
#include "fp-font-warmup.h"
#include "fp-update-window.h"
#include "fp-window.h"

/*
 * One instance per session: a second `fingerpost [ACCOUNT]` hands its
 * arguments to the first, which fills the identifier and presents its window.
 */
struct _FpApplication
{
  AdwApplication  parent_instance;

  FpDemoProvider *demo;
  FpUpdateWindow *update_window;  /* weak */
};

G_DEFINE_FINAL_TYPE (FpApplication, fp_application, ADW_TYPE_APPLICATION)

static void window_page_cb (FpWindow      *window,
                            GParamSpec    *pspec,
                            FpApplication *self);

/*
 * A demo launch never changes a real window, nor a real launch a demo one: each kind has its
 * own window, and a second launch of the same kind presents the one already open.
 */
static FpWindow *
ensure_window (FpApplication *self,
               gboolean       demo)
{
  FpWindow *window;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (FP_IS_WINDOW (l->data) && fp_window_is_demo (l->data) == demo)
      return l->data;
  window = fp_window_new (GTK_APPLICATION (self));
  g_signal_connect_object (window, "notify::page", G_CALLBACK (window_page_cb), self, 0);
  if (demo)
    fp_window_set_demo (window, self->demo);
  return window;
}

static void
fp_application_activate (GApplication *application)
{
  gtk_window_present (GTK_WINDOW (ensure_window (FP_APPLICATION (application), FALSE)));
}

static gboolean
start_demo (FpApplication           *self,
            GApplicationCommandLine *command_line)
{
  g_autoptr(FpDemoProvider) demo = NULL;
  g_autoptr(GError) error = NULL;

  if (self->demo != NULL)
    return TRUE;
  demo = fp_demo_provider_new ();
  if (!fp_demo_provider_start (demo, &error))
    {
      g_application_command_line_printerr (command_line,
                                           _("The demo provider could not start: %s\n"),
                                           error->message);
      return FALSE;
    }
  self->demo = g_steal_pointer (&demo);
  return TRUE;
}

/* The update page: from the notification (app.show-updates) or `fingerpost --updates`. */
static void
show_updates (FpApplication *self)
{
  if (self->update_window == NULL)
    {
      self->update_window = fp_update_window_new (GTK_APPLICATION (self), self->demo);
      g_object_add_weak_pointer (G_OBJECT (self->update_window),
                                 (gpointer *) &self->update_window);
    }
  gtk_window_present (GTK_WINDOW (self->update_window));
}

static void
show_updates_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  show_updates (FP_APPLICATION (user_data));
}

/* The demo's providers change right after setup; the demo checks at once, as the timer would. */
static void
demo_checked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FpApplication) self = user_data;
  g_autoptr(GPtrArray) checks = fp_account_checker_run_finish (result, NULL);
  g_autoptr(GNotification) notification = NULL;

  if (checks == NULL || fp_checks_count_changed (checks) == 0)
    return;
  notification = fp_check_notification_new (checks);
  g_application_send_notification (G_APPLICATION (self), "settings-changed", notification);
}

static void
window_page_cb (FpWindow      *window,
                GParamSpec    *pspec,
                FpApplication *self)
{
  g_autofree char *state_dir = NULL;
  FpCheckOptions options = { 0 };

  if (self->demo == NULL || fp_window_get_page (window) != FP_WIZARD_PAGE_DONE)
    return;
  fp_demo_check_options (self->demo, &options, &state_dir);
  fp_account_checker_run_async (&options, NULL, demo_checked_cb, g_object_ref (self));
}

/* First run: the bar above the first page says why the window opened, with Skip. */
static void
first_run_skip_cb (GtkWidget *bar)
{
  gtk_window_close (GTK_WINDOW (gtk_widget_get_root (bar)));
}

static void
first_run_dont_ask_cb (GtkWidget *bar)
{
  g_autoptr(GError) error = NULL;

  if (!fp_first_run_decline (&error))
    g_warning ("%s", error->message);
  gtk_window_close (GTK_WINDOW (gtk_widget_get_root (bar)));
}

static void
first_run_page_cb (FpWindow   *window,
                   GParamSpec *pspec,
                   GtkWidget  *bar)
{
  gtk_widget_set_visible (bar, fp_window_get_page (window) == FP_WIZARD_PAGE_IDENTIFIER);
}

static void
show_first_run (FpWindow *window)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  GtkWidget *bar;

  if (g_object_get_data (G_OBJECT (window), "fp-first-run-bar") != NULL)
    return;
  bar = fp_first_run_bar_new ();
  g_object_set_data (G_OBJECT (window), "fp-first-run-bar", bar);
  gtk_widget_set_name (bar, "first-run-bar");
  /* Under the header bar, above the pages. */
  gtk_box_insert_child_after (GTK_BOX (content), bar, gtk_widget_get_first_child (content));
  g_signal_connect (bar, "skip", G_CALLBACK (first_run_skip_cb), NULL);
  g_signal_connect (bar, "dont-ask-again", G_CALLBACK (first_run_dont_ask_cb), NULL);
  g_signal_connect_object (window, "notify::page", G_CALLBACK (first_run_page_cb), bar, 0);
}

static int
fp_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  FpApplication *self = FP_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **accounts = NULL;
  gboolean demo = FALSE, first_run = FALSE, updates = FALSE;
  FpWindow *window;

  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, "first-run", "b", &first_run);
  g_variant_dict_lookup (options, "updates", "b", &updates);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &accounts);
  if (accounts != NULL && g_strv_length ((char **) accounts) > 1)
    {
      g_application_command_line_printerr (command_line,
                                           _("Give one account at most: fingerpost [ACCOUNT]\n"));
      return 64;
    }
  if (demo && !start_demo (self, command_line))
    return 1;
  if (updates)
    {
      show_updates (self);
      return 0;
    }

  window = ensure_window (self, demo);
  if (first_run)
    show_first_run (window);
  if (accounts != NULL && accounts[0] != NULL)
    fp_window_set_address (window, accounts[0]);
  gtk_window_present (GTK_WINDOW (window));
  return 0;
}

static void
load_icon_theme_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  /* Any lookup loads the theme, under the theme's own lock (GTK's threading notes in
   * gtkicontheme.c allow lookups from a thread once the theme is set up). */
  gtk_icon_theme_has_icon (task_data, APPLICATION_ID);
}

/*
 * The icon theme, made once. GTK loads it on a thread as soon as it exists, and each resource
 * folder added afterwards throws that work away: the window's first icon then loaded the whole
 * theme again on the main thread (hicolor alone has 650 folders). So libadwaita, which makes the
 * theme and adds its folder at once, starts before GtkApplication adds ours; and once ours is in,
 * the theme loads again on a thread while the window is built.
 */
static void
load_icon_theme (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_task_data (task, g_object_ref (theme), g_object_unref);
  g_task_run_in_thread (task, load_icon_theme_thread);
}

/* The first window takes over the fonts loaded meanwhile, before it measures its text. */
static void
first_window_cb (GtkApplication *application,
                 GtkWindow      *window)
{
  fp_font_warmup_finish ();
  g_signal_handlers_disconnect_by_func (application, first_window_cb, NULL);
}

static void
fp_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  /* The parent's startup takes some 30 ms, most of it libadwaita's style sheet: time for the
   * fonts to load on another core. libadwaita starts first for the icon theme's sake
   * (load_icon_theme()). */
  gtk_init ();
  fp_font_warmup_start ();
  adw_init ();
  G_APPLICATION_CLASS (fp_application_parent_class)->startup (application);
  load_icon_theme ();
  g_signal_connect (application, "window-added", G_CALLBACK (first_window_cb), NULL);

  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "window.close",
                                         close_accels);
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
fp_application_shutdown (GApplication *application)
{
  /* Without a window, the fonts' thread is still to be waited for. */
  fp_font_warmup_finish ();

  G_APPLICATION_CLASS (fp_application_parent_class)->shutdown (application);
}

static void
fp_application_dispose (GObject *object)
{
  FpApplication *self = FP_APPLICATION (object);

  g_clear_object (&self->demo);

  G_OBJECT_CLASS (fp_application_parent_class)->dispose (object);
}

static void
fp_application_class_init (FpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = fp_application_dispose;
  application_class->activate = fp_application_activate;
  application_class->command_line = fp_application_command_line;
  application_class->startup = fp_application_startup;
  application_class->shutdown = fp_application_shutdown;
}

static void
fp_application_init (FpApplication *self)
{
  static const GActionEntry actions[] = {
    { .name = "quit", .activate = quit_cb },
    { .name = FP_UPDATES_ACTION, .activate = show_updates_cb },
  };
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Use the built-in demo provider (alice@mail.example, password abc123)"), NULL },
    { "first-run", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Offer to set up an account, as at the first login (the autostart entry)"), NULL },
    { "updates", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show what providers changed in the settings of the accounts set up here"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, NULL },
    { NULL }
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[ACCOUNT]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Set up a mail account from its address and "
                                              "password."));
}

FpApplication *
fp_application_new (void)
{
  return g_object_new (FP_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/org/fingerpost/Fingerpost",
                       NULL);
}
