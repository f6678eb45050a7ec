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

static void
update_description (GtkWidget *widget)
{
  GPtrArray *labels = g_object_get_data (G_OBJECT (widget), "fp-a11y-descriptions");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      const char *shown = gtk_label_get_text (GTK_LABEL (label));

      if (!gtk_widget_get_visible (label) || *shown == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, shown);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text->str, -1);
}

static void
link_description (GtkWidget *widget,
                  GtkWidget *label)
{
  GPtrArray *labels = g_object_get_data (G_OBJECT (widget), "fp-a11y-descriptions");

  if (labels == NULL)
    {
      labels = g_ptr_array_new ();
      g_object_set_data_full (G_OBJECT (widget), "fp-a11y-descriptions", labels,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  g_ptr_array_add (labels, label);
  g_signal_connect_object (label, "notify::label", G_CALLBACK (update_description), widget,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (label, "notify::visible", G_CALLBACK (update_description), widget,
                           G_CONNECT_SWAPPED);
}

/*
 * Links @widget (for a row of ours, its field) to the labels that explain it: an error, a
 * warning (@more, nullable). GTK 4.8 passes the relation on but not its words, so the labels'
 * text, while shown, is also the field's description: a screen reader reads it with the
 * field's name whenever the field gets the focus, which is where the focus goes when an error
 * appears.
 */
void
fp_a11y_describe (GtkWidget *widget,
                  GtkWidget *description,
                  GtkWidget *more)
{
  if (FP_IS_ENTRY_ROW (widget))
    widget = fp_entry_row_get_entry (FP_ENTRY_ROW (widget));
  /* A reference list ends at its first NULL: @more must not stand in for the terminator. */
  if (more != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                    description, more, NULL, -1);
  else
    gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                    description, NULL, -1);
  link_description (widget, description);
  if (more != NULL)
    link_description (widget, more);
  update_description (widget);
}
