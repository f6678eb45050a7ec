/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-manual-page"

#include "config.h"

#include "fp-a11y.h"
#include "fp-entry-row.h"
#include "fp-manual-page.h"

/*
 * Servers typed by hand, for providers that publish nothing. Only encrypted
 * connections are offered; the result goes to the same review page (::next).
 */
struct _FpManualPage
{
  AdwBin         parent_instance;

  AdwComboRow   *protocol_row;
  FpEntryRow    *incoming_host_row;
  GtkSpinButton *incoming_port_spin;
  AdwComboRow   *incoming_security_row;
  FpEntryRow    *outgoing_host_row;
  GtkSpinButton *outgoing_port_spin;
  AdwComboRow   *outgoing_security_row;
  FpEntryRow    *user_row;
  GtkLabel      *error_label;
  GtkButton     *next_button;

  /* What each port field was last set to by us, so a typed port is never overwritten. */
  guint          incoming_default_port;
  guint          outgoing_default_port;
  /* The person chose the outgoing security: it no longer follows the incoming one. */
  gboolean       outgoing_chosen;
  gboolean       setting;
};

G_DEFINE_FINAL_TYPE (FpManualPage, fp_manual_page, ADW_TYPE_BIN)

enum
{
  NEXT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Combo positions: protocol IMAP, POP3; security TLS, STARTTLS. */
static FpMailProtocol
selected_protocol (FpManualPage *self)
{
  return adw_combo_row_get_selected (self->protocol_row) == 1 ? FP_MAIL_PROTOCOL_POP3
                                                               : FP_MAIL_PROTOCOL_IMAP;
}

static FpTransport
selected_transport (AdwComboRow *row)
{
  return adw_combo_row_get_selected (row) == 1 ? FP_TRANSPORT_STARTTLS : FP_TRANSPORT_TLS;
}

static void
update_default_port (GtkSpinButton *spin,
                     guint         *last_default,
                     guint          new_default)
{
  if ((guint) gtk_spin_button_get_value_as_int (spin) == *last_default)
    gtk_spin_button_set_value (spin, new_default);
  *last_default = new_default;
}

static void
outgoing_kind_changed_cb (FpManualPage *self)
{
  FpTransport transport = selected_transport (self->outgoing_security_row);

  if (!self->setting)
    self->outgoing_chosen = TRUE;
  update_default_port (self->outgoing_port_spin, &self->outgoing_default_port,
                       fp_mail_protocol_default_port (FP_MAIL_PROTOCOL_SMTP, transport));
}

/*
 * A provider that uses STARTTLS for incoming mail mostly does for outgoing mail as well (587),
 * one with implicit TLS mostly 465: the outgoing default follows until the person chooses.
 */
static void
incoming_kind_changed_cb (FpManualPage *self)
{
  FpTransport transport = selected_transport (self->incoming_security_row);

  update_default_port (self->incoming_port_spin, &self->incoming_default_port,
                       fp_mail_protocol_default_port (selected_protocol (self), transport));
  if (self->outgoing_chosen || self->setting)
    return;
  self->setting = TRUE;
  adw_combo_row_set_selected (self->outgoing_security_row,
                              adw_combo_row_get_selected (self->incoming_security_row));
  self->setting = FALSE;
}

static void
next_cb (FpManualPage *self)
{
  g_signal_emit (self, signals[NEXT], 0);
}

static void
changed_cb (FpManualPage *self)
{
  fp_manual_page_set_error (self, NULL);
}

static gboolean
fp_manual_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (FP_MANUAL_PAGE (widget)->incoming_host_row));
}

static void
fp_manual_page_class_init (FpManualPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = fp_manual_page_grab_focus;

  signals[NEXT] = g_signal_new ("next", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FP_TYPE_ENTRY_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-manual-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FpManualPage, protocol_row);
  gtk_widget_class_bind_template_child (widget_class, FpManualPage, incoming_host_row);
  gtk_widget_class_bind_template_child (widget_class, FpManualPage, incoming_port_spin);
  gtk_widget_class_bind_template_child (widget_class, FpManualPage, incoming_security_row);
  gtk_widget_class_bind_template_child (widget_class, FpManualPage, outgoing_host_row);
  gtk_widget_class_bind_template_child (widget_class, FpManualPage, outgoing_port_spin);
  gtk_widget_class_bind_template_child (widget_class, FpManualPage, outgoing_security_row);
  gtk_widget_class_bind_template_child (widget_class, FpManualPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, FpManualPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FpManualPage, next_button);
  gtk_widget_class_bind_template_callback (widget_class, incoming_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, outgoing_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_cb);
}

static void
fp_manual_page_init (FpManualPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fp_a11y_describe (GTK_WIDGET (self->incoming_host_row), GTK_WIDGET (self->error_label), NULL);
  fp_a11y_describe (GTK_WIDGET (self->outgoing_host_row), GTK_WIDGET (self->error_label), NULL);
  fp_a11y_describe (GTK_WIDGET (self->user_row), GTK_WIDGET (self->error_label), NULL);
  /* Enter is Next in every field, the ports too (GTK 4.8's spin button has no ::activate). */
  g_signal_connect_swapped (gtk_editable_get_delegate (GTK_EDITABLE (self->incoming_port_spin)),
                            "activate", G_CALLBACK (next_cb), self);
  g_signal_connect_swapped (gtk_editable_get_delegate (GTK_EDITABLE (self->outgoing_port_spin)),
                            "activate", G_CALLBACK (next_cb), self);
}

void
fp_manual_page_set_settings (FpManualPage           *self,
                             const FpManualSettings *settings)
{
  g_return_if_fail (FP_IS_MANUAL_PAGE (self));

  self->setting = TRUE;
  self->outgoing_chosen = FALSE;
  adw_combo_row_set_selected (self->protocol_row,
                              settings->incoming_protocol == FP_MAIL_PROTOCOL_POP3 ? 1 : 0);
  adw_combo_row_set_selected (self->incoming_security_row,
                              settings->incoming_transport == FP_TRANSPORT_STARTTLS ? 1 : 0);
  adw_combo_row_set_selected (self->outgoing_security_row,
                              settings->outgoing_transport == FP_TRANSPORT_STARTTLS ? 1 : 0);
  fp_entry_row_set_text (self->incoming_host_row, settings->incoming_host ?: "");
  fp_entry_row_set_text (self->outgoing_host_row, settings->outgoing_host ?: "");
  fp_entry_row_set_text (self->user_row, settings->user ?: "");
  gtk_spin_button_set_value (self->incoming_port_spin, settings->incoming_port);
  gtk_spin_button_set_value (self->outgoing_port_spin, settings->outgoing_port);
  self->incoming_default_port = settings->incoming_port;
  self->outgoing_default_port = settings->outgoing_port;
  self->setting = FALSE;
  fp_manual_page_set_error (self, NULL);
}

static char *
dup_text (FpEntryRow *row)
{
  return g_strdup (fp_entry_row_get_text (row));
}

void
fp_manual_page_get_settings (FpManualPage     *self,
                             FpManualSettings *settings)
{
  g_return_if_fail (FP_IS_MANUAL_PAGE (self));

  fp_manual_settings_clear (settings);
  settings->incoming_protocol = selected_protocol (self);
  settings->incoming_transport = selected_transport (self->incoming_security_row);
  settings->outgoing_transport = selected_transport (self->outgoing_security_row);
  settings->incoming_host = dup_text (self->incoming_host_row);
  settings->outgoing_host = dup_text (self->outgoing_host_row);
  settings->user = dup_text (self->user_row);
  settings->incoming_port = gtk_spin_button_get_value_as_int (self->incoming_port_spin);
  settings->outgoing_port = gtk_spin_button_get_value_as_int (self->outgoing_port_spin);
}

void
fp_manual_page_set_error (FpManualPage *self,
                          const char   *error)
{
  g_return_if_fail (FP_IS_MANUAL_PAGE (self));

  gtk_label_set_text (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  /* Said where the focus is, or in the first field: read out with it (its description). */
  if (error != NULL && gtk_widget_has_focus (GTK_WIDGET (self->next_button)))
    gtk_widget_grab_focus (GTK_WIDGET (self->incoming_host_row));
}
