/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-identifier-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-a11y.h"
#include "fp-entry-row.h"
#include "fp-identifier-page.h"
#include "fp-wizard-logic.h"

/* The first page: the account identifier and the person's name. Emits ::next when valid. */
struct _FpIdentifierPage
{
  AdwBin       parent_instance;

  FpEntryRow  *address_row;
  FpEntryRow  *name_row;
  GtkLabel    *error_label;
  GtkLabel    *hint_label;
  GtkWidget   *name_hint_label;
  GtkButton   *next_button;
};

G_DEFINE_FINAL_TYPE (FpIdentifierPage, fp_identifier_page, ADW_TYPE_BIN)

enum
{
  NEXT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
has_text (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return TRUE;
  return FALSE;
}

static void
update_next_button (FpIdentifierPage *self)
{
  const char *text = fp_entry_row_get_text (self->address_row);

  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), has_text (text));
}

static void
address_changed_cb (FpIdentifierPage *self)
{
  /* A mistake is explained once Next is pressed, and forgotten as soon as it is corrected. */
  fp_identifier_page_set_error (self, NULL);
  update_next_button (self);
}

static void
next_cb (FpIdentifierPage *self)
{
  g_autofree char *error = NULL;

  if (fp_identifier_page_check (fp_identifier_page_get_address (self), NULL, &error))
    {
      g_signal_emit (self, signals[NEXT], 0);
      return;
    }
  fp_identifier_page_set_error (self, error ? error : _("Type your email address first."));
  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
}

static gboolean
fp_identifier_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (FP_IDENTIFIER_PAGE (widget)->address_row));
}

static void
fp_identifier_page_class_init (FpIdentifierPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = fp_identifier_page_grab_focus;

  signals[NEXT] = g_signal_new ("next", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FP_TYPE_ENTRY_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-identifier-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FpIdentifierPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, FpIdentifierPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, FpIdentifierPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FpIdentifierPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, FpIdentifierPage, name_hint_label);
  gtk_widget_class_bind_template_child (widget_class, FpIdentifierPage, next_button);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_cb);
}

static void
fp_identifier_page_init (FpIdentifierPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fp_a11y_describe (GTK_WIDGET (self->address_row), GTK_WIDGET (self->error_label), NULL);
  fp_a11y_describe (GTK_WIDGET (self->name_row), self->name_hint_label, NULL);
  update_next_button (self);
}

const char *
fp_identifier_page_get_address (FpIdentifierPage *self)
{
  g_return_val_if_fail (FP_IS_IDENTIFIER_PAGE (self), NULL);
  return fp_entry_row_get_text (self->address_row);
}

void
fp_identifier_page_set_address (FpIdentifierPage *self,
                                const char       *address)
{
  g_return_if_fail (FP_IS_IDENTIFIER_PAGE (self));
  fp_entry_row_set_text (self->address_row, address ? address : "");
}

const char *
fp_identifier_page_get_name (FpIdentifierPage *self)
{
  g_return_val_if_fail (FP_IS_IDENTIFIER_PAGE (self), NULL);
  return fp_entry_row_get_text (self->name_row);
}

/* @hint: (nullable): a note under the fields, such as the demo's accounts */
void
fp_identifier_page_set_hint (FpIdentifierPage *self,
                             const char       *hint)
{
  g_return_if_fail (FP_IS_IDENTIFIER_PAGE (self));

  gtk_label_set_text (self->hint_label, hint ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);
}

/* @error: (nullable): shown under the fields, and read out with the address field */
void
fp_identifier_page_set_error (FpIdentifierPage *self,
                              const char       *error)
{
  g_return_if_fail (FP_IS_IDENTIFIER_PAGE (self));

  gtk_label_set_text (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
}
