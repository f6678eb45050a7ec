/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-update-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-account-checker.h"
#include "fp-credentials-request.h"
#include "fp-update-page.h"
#include "fp-wizard-logic.h"

/*
 * What a provider changed, opened from the notification of the weekly check:
 * for each changed account, the servers in use beside the ones published
 * now, with the source and the hosts shown as at setup (the registrable
 * domain in bold, untrusted settings said so), what lowers security said
 * plainly, and Apply and Not Now. Everything from the network is text.
 */
struct _FpUpdatePage
{
  AdwBin      parent_instance;

  GtkWidget  *busy_box;
  GtkLabel   *busy_label;
  GtkBox     *accounts_box;
  GtkLabel   *summary_label;
  GtkButton  *apply_button;
  GtkButton  *not_now_button;
};

G_DEFINE_FINAL_TYPE (FpUpdatePage, fp_update_page, ADW_TYPE_BIN)

enum
{
  SIGNAL_APPLY,
  SIGNAL_NOT_NOW,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
apply_cb (FpUpdatePage *self)
{
  g_signal_emit (self, signals[SIGNAL_APPLY], 0);
}

static void
not_now_cb (FpUpdatePage *self)
{
  g_signal_emit (self, signals[SIGNAL_NOT_NOW], 0);
}

static void
fp_update_page_class_init (FpUpdatePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[SIGNAL_APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_NOT_NOW] = g_signal_new ("not-now", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-update-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FpUpdatePage, busy_box);
  gtk_widget_class_bind_template_child (widget_class, FpUpdatePage, busy_label);
  gtk_widget_class_bind_template_child (widget_class, FpUpdatePage, accounts_box);
  gtk_widget_class_bind_template_child (widget_class, FpUpdatePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FpUpdatePage, apply_button);
  gtk_widget_class_bind_template_child (widget_class, FpUpdatePage, not_now_button);
  gtk_widget_class_bind_template_callback (widget_class, apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, not_now_cb);
}

static void
fp_update_page_init (FpUpdatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fp_update_page_new (void)
{
  return g_object_new (FP_TYPE_UPDATE_PAGE, NULL);
}

/* Showing one account ------------------------------------------------------------------------ */

static GtkWidget *
text_label (const char *text,
            const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

/* The host as the password prompt shows it: in full, its registrable domain in bold. */
static GtkWidget *
host_label (const char *host)
{
  g_autofree char *domain = fp_registrable_domain (host);
  g_autofree char *markup = fp_host_markup (host, domain);
  GtkWidget *label = text_label (NULL, NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  return label;
}

static void
add_server_column (GtkGrid            *grid,
                   int                 column,
                   const char         *heading,
                   const FpMailServer *server)
{
  g_autofree char *port = g_strdup_printf (_("Port %u"), server->port);

  gtk_grid_attach (grid, text_label (heading, "heading"), column, 0, 1, 1);
  gtk_grid_attach (grid, host_label (server->host), column, 1, 1, 1);
  gtk_grid_attach (grid, text_label (port, NULL), column, 2, 1, 1);
  gtk_grid_attach (grid, text_label (fp_transport_describe (server->transport), NULL), column, 3,
                   1, 1);
  gtk_grid_attach (grid, text_label (server->login, "dim-label"), column, 4, 1, 1);
}

/* Old and new side by side, for one direction. */
static GtkWidget *
server_comparison (const FpMailServer *old,
                   const FpMailServer *new)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *grid = gtk_grid_new ();
  g_autofree char *title = fp_describe_server_title (new);

  GtkWidget *heading = text_label (title, "title-4");

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 3);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  add_server_column (GTK_GRID (grid), 0, _("In Use"), old);
  add_server_column (GTK_GRID (grid), 1, _("Published Now"), new);
  gtk_widget_set_margin_top (heading, 12);
  gtk_widget_set_margin_start (heading, 12);
  g_object_set (grid, "margin-start", 12, "margin-end", 12, "margin-bottom", 12, NULL);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "fp-update-servers");
  return box;
}

static gboolean
direction_changed (const FpAccountCheck *check,
                   const char           *direction)
{
  for (guint i = 0; check->change != NULL && i < check->change->fields->len; i++)
    if (g_str_equal (((FpFieldChange *) g_ptr_array_index (check->change->fields, i))->direction,
                     direction))
      return TRUE;
  return FALSE;
}

static const char *
program_name (const char *program)
{
  FpMailProgram known;

  if (fp_mail_program_from_string (program, &known))
    return fp_mail_program_display_name (known);
  return program;
}

static char *
describe_target (const FpTargetCheck *target)
{
  const char *name = program_name (target->target->program);

  switch (target->state)
    {
    case FP_TARGET_AS_WRITTEN:
      return g_strdup_printf (_("%s: will be updated in place"), name);
    case FP_TARGET_UPDATED:
      return g_strdup_printf (_("%s: updated"), name);
    case FP_TARGET_REMOVED:
      return g_strdup_printf (_("%s: removed by you, left alone"), name);
    case FP_TARGET_EDITED:
      return g_strdup_printf (_("%s: changed by you, left alone"), name);
    case FP_TARGET_NOT_UPDATED:
    default:
      return g_strdup_printf (_("%s: not updated (%s)"), name,
                              target->error ? target->error->message : "");
    }
}

static GtkWidget *
account_group (const FpAccountCheck *check)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gboolean unused = FALSE;
  g_autofree char *source = check->config ? fp_review_source_text (check->config, &unused)
                                          : NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), check->record->account);
  if (source != NULL)
    gtk_box_append (GTK_BOX (box), text_label (source, NULL));
  if (direction_changed (check, "incoming"))
    gtk_box_append (GTK_BOX (box),
                    server_comparison (check->record->incoming, check->change->incoming));
  if (direction_changed (check, "outgoing"))
    gtk_box_append (GTK_BOX (box),
                    server_comparison (check->record->outgoing, check->change->outgoing));
  /* PACC: a new document its DNS record vouches for, naming the same servers. */
  if (direction_changed (check, "source") && !fp_account_change_moves_servers (check->change))
    gtk_box_append (GTK_BOX (box),
                    text_label (_("The provider published its settings anew, and its DNS "
                                  "record vouches for them. The servers are the same: only "
                                  "Fingerpost’s own record changes."), NULL));
  for (guint i = 0; check->change != NULL && i < check->change->concerns->len; i++)
    gtk_box_append (GTK_BOX (box),
                    text_label (g_ptr_array_index (check->change->concerns, i), "error"));
  if (check->error != NULL)
    gtk_box_append (GTK_BOX (box), text_label (check->error->message, "error"));
  for (guint i = 0; i < check->targets->len; i++)
    {
      g_autofree char *line = describe_target (g_ptr_array_index (check->targets, i));

      gtk_box_append (GTK_BOX (box), text_label (line, "dim-label"));
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
  return group;
}

/* The page's state --------------------------------------------------------------------------- */

static void
clear_accounts (FpUpdatePage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->accounts_box))) != NULL)
    gtk_box_remove (self->accounts_box, child);
}

void
fp_update_page_set_busy (FpUpdatePage *self,
                         const char   *message)
{
  g_return_if_fail (FP_IS_UPDATE_PAGE (self));

  gtk_label_set_text (self->busy_label, message);
  gtk_widget_set_visible (self->busy_box, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), FALSE);
}

static gboolean
can_apply (const FpAccountCheck *check)
{
  if (check->status != FP_CHECK_CHANGED)
    return FALSE;
  for (guint i = 0; i < check->targets->len; i++)
    if (((FpTargetCheck *) g_ptr_array_index (check->targets, i))->state == FP_TARGET_AS_WRITTEN)
      return TRUE;
  return FALSE;
}

/**
 * fp_update_page_set_checks:
 * @checks: (element-type FpAccountCheck): what fp_account_checker_run() found
 *
 * Shows the accounts that changed, were updated, or could not be checked.
 */
void
fp_update_page_set_checks (FpUpdatePage *self,
                           GPtrArray    *checks)
{
  guint applicable = 0, updated = 0, lowering = 0;

  g_return_if_fail (FP_IS_UPDATE_PAGE (self));

  clear_accounts (self);
  gtk_widget_set_visible (self->busy_box, FALSE);
  for (guint i = 0; i < checks->len; i++)
    {
      FpAccountCheck *check = g_ptr_array_index (checks, i);

      if (check->status == FP_CHECK_UNCHANGED || check->status == FP_CHECK_NOT_CHECKED)
        continue;
      gtk_box_append (self->accounts_box, account_group (check));
      applicable += can_apply (check);
      updated += check->status == FP_CHECK_UPDATED;
      lowering += can_apply (check) && fp_account_change_lowers_security (check->change);
    }
  if (updated > 0 && applicable == 0)
    gtk_label_set_text (self->summary_label,
                        _("Done: your mail programs use the new settings."));
  else if (applicable == 0)
    gtk_label_set_text (self->summary_label,
                        _("Nothing to change: your mail programs use what your providers "
                          "publish."));
  else
    gtk_label_set_text (self->summary_label,
                        _("Apply changes the same accounts in your mail programs, after "
                          "logging in to the new servers with your password from the keyring."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), applicable > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->apply_button), applicable > 0);
  gtk_button_set_label (self->not_now_button, applicable > 0 ? _("_Not Now") : _("_Close"));
  /* A change that lowers security is applied only by a person who saw why, and said yes. */
  gtk_button_set_label (self->apply_button, lowering > 0 ? _("_Apply Anyway") : _("_Apply"));
  if (lowering > 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->apply_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->apply_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->apply_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->apply_button), "suggested-action");
    }
}

void
fp_update_page_set_error (FpUpdatePage *self,
                          const char   *message)
{
  g_return_if_fail (FP_IS_UPDATE_PAGE (self));

  clear_accounts (self);
  gtk_widget_set_visible (self->busy_box, FALSE);
  gtk_box_append (self->accounts_box, text_label (message, "error"));
  gtk_widget_set_visible (GTK_WIDGET (self->apply_button), FALSE);
  gtk_button_set_label (self->not_now_button, _("_Close"));
}
