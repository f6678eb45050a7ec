/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-password-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-a11y.h"
#include "fp-entry-row.h"
#include "fp-password-page.h"

/*
 * Asks for the password of one host, named in full with its registrable
 * domain in bold. When that domain is not the account's, the warning comes
 * first and the password field stays closed until the person says they trust
 * that domain.
 */
struct _FpPasswordPage
{
  AdwBin               parent_instance;

  GtkLabel            *host_label;
  GtkLabel            *explanation_label;
  GtkWidget           *warning_box;
  GtkLabel            *warning_label;
  GtkCheckButton      *trust_check;
  GtkLabel            *trust_label;
  GtkLabel            *error_label;
  FpEntryRow          *user_row;
  FpEntryRow          *password_row;
  GtkButton           *continue_button;
};

G_DEFINE_FINAL_TYPE (FpPasswordPage, fp_password_page, ADW_TYPE_BIN)

enum
{
  SUBMIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
may_type (FpPasswordPage *self)
{
  return !gtk_widget_get_visible (self->warning_box) ||
         gtk_check_button_get_active (self->trust_check);
}

static void
update_sensitivity (FpPasswordPage *self)
{
  gboolean open = may_type (self);
  const char *password = fp_entry_row_get_text (self->password_row);
  const char *user = fp_entry_row_get_text (self->user_row);

  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), open);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), open);
  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button),
                            open && *password != '\0' && *user != '\0');
}

static void
trust_toggled_cb (FpPasswordPage *self)
{
  update_sensitivity (self);
  if (may_type (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
fields_changed_cb (FpPasswordPage *self)
{
  update_sensitivity (self);
}

static void
submit_cb (FpPasswordPage *self)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->continue_button)))
    return;
  g_signal_emit (self, signals[SUBMIT], 0);
}

static gboolean
fp_password_page_grab_focus (GtkWidget *widget)
{
  FpPasswordPage *self = FP_PASSWORD_PAGE (widget);

  if (!may_type (self))
    return gtk_widget_grab_focus (GTK_WIDGET (self->trust_check));
  /* The first field still to fill in: the user name is usually given already. */
  if (*fp_entry_row_get_text (self->user_row) == '\0')
    return gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
  return gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
fp_password_page_class_init (FpPasswordPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = fp_password_page_grab_focus;

  signals[SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FP_TYPE_ENTRY_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-password-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FpPasswordPage, host_label);
  gtk_widget_class_bind_template_child (widget_class, FpPasswordPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, FpPasswordPage, warning_box);
  gtk_widget_class_bind_template_child (widget_class, FpPasswordPage, warning_label);
  gtk_widget_class_bind_template_child (widget_class, FpPasswordPage, trust_check);
  gtk_widget_class_bind_template_child (widget_class, FpPasswordPage, trust_label);
  gtk_widget_class_bind_template_child (widget_class, FpPasswordPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FpPasswordPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, FpPasswordPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, FpPasswordPage, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, trust_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, submit_cb);
}

static void
fp_password_page_init (FpPasswordPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fp_a11y_describe (GTK_WIDGET (self->user_row), GTK_WIDGET (self->error_label), NULL);
  fp_a11y_describe (GTK_WIDGET (self->password_row), GTK_WIDGET (self->error_label),
                    GTK_WIDGET (self->explanation_label));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->trust_check),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->trust_label, NULL, -1);
  /* The check box gets the reason for the warning, not only its own words. */
  fp_a11y_describe (GTK_WIDGET (self->trust_check), GTK_WIDGET (self->warning_label), NULL);
}

/**
 * fp_password_page_set_state:
 * @keep_user: keep the user name as typed (asking again after a refusal)
 */
void
fp_password_page_set_state (FpPasswordPage            *self,
                            const FpPasswordPageState *state,
                            gboolean                   keep_user)
{
  gboolean asked_before;

  g_return_if_fail (FP_IS_PASSWORD_PAGE (self));

  /* Having trusted the domain once, the person is not asked again for the same host. */
  asked_before = state->error != NULL && gtk_check_button_get_active (self->trust_check);

  gtk_label_set_markup (self->host_label, state->host_markup);
  gtk_label_set_text (self->explanation_label, state->explanation);
  gtk_label_set_text (self->warning_label, state->warning ? state->warning : "");
  gtk_widget_set_visible (self->warning_box, state->warning != NULL);
  if (state->trust_label != NULL)
    gtk_label_set_text_with_mnemonic (self->trust_label, state->trust_label);
  gtk_check_button_set_active (self->trust_check, asked_before);
  gtk_label_set_text (self->error_label, state->error ? state->error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), state->error != NULL);
  if (!keep_user || *fp_entry_row_get_text (self->user_row) == '\0')
    fp_entry_row_set_text (self->user_row, state->user ? state->user : "");
  fp_password_page_clear_password (self);
  update_sensitivity (self);
}

const char *
fp_password_page_get_user (FpPasswordPage *self)
{
  g_return_val_if_fail (FP_IS_PASSWORD_PAGE (self), NULL);
  return fp_entry_row_get_text (self->user_row);
}

const char *
fp_password_page_get_password (FpPasswordPage *self)
{
  g_return_val_if_fail (FP_IS_PASSWORD_PAGE (self), NULL);
  return fp_entry_row_get_text (self->password_row);
}

void
fp_password_page_clear_password (FpPasswordPage *self)
{
  g_return_if_fail (FP_IS_PASSWORD_PAGE (self));
  fp_entry_row_set_text (self->password_row, "");
}
