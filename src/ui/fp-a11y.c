/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-a11y"

#include "config.h"

#include "fp-a11y.h"
#include "fp-entry-row.h"

/*
 * What a screen reader is told, where GTK 4.8 says too much: a button with a
 * mnemonic carries both its raw label ("_Next") and the label inside it that it
 * is labelled by ("Next"), and reads as "_Next Next". The inner label alone
 * names it; the mnemonic still works.
 */
void
fp_a11y_tidy_names (GtkWidget *root)
{
  if ((GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root))) ||
      (GTK_IS_CHECK_BUTTON (root) && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (root))))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fp_a11y_tidy_names (child);
}

/*
 * Links @widget (for a row of ours, its field) to the labels that explain it: an error, a
 * warning (@more, nullable). A screen reader reads them with the field's name whenever the field
 * gets the focus, which is where the focus goes when an error appears.
 */
void
fp_a11y_describe (GtkWidget *widget,
                  GtkWidget *description,
                  GtkWidget *more)
{
  if (FP_IS_ENTRY_ROW (widget))
    widget = fp_entry_row_get_entry (FP_ENTRY_ROW (widget));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  description, more, NULL, -1);
}
