/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-choose-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-autoconfig-link.h"
#include "fp-choose-page.h"

/* One row per published account, in the provider's order; ::chosen gives the row's index. */
struct _FpChoosePage
{
  AdwBin      parent_instance;

  GtkLabel   *subtitle_label;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (FpChoosePage, fp_choose_page, ADW_TYPE_BIN)

enum
{
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
row_activated_cb (FpChoosePage  *self,
                  GtkListBoxRow *row)
{
  g_signal_emit (self, signals[CHOSEN], 0, (guint) gtk_list_box_row_get_index (row));
}

static gboolean
fp_choose_page_grab_focus (GtkWidget *widget)
{
  FpChoosePage *self = FP_CHOOSE_PAGE (widget);
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list, 0);

  return first != NULL && gtk_widget_grab_focus (GTK_WIDGET (first));
}

static void
fp_choose_page_class_init (FpChoosePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = fp_choose_page_grab_focus;

  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-choose-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FpChoosePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, FpChoosePage, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
fp_choose_page_init (FpChoosePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
create_row (const FpAutoconfigLink *link)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  /* The title is the provider's: text, so markup off before it is set. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), link->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), link->host);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  return row;
}

void
fp_choose_page_set_links (FpChoosePage *self,
                          const char   *address,
                          GPtrArray    *links)
{
  GtkWidget *child;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (FP_IS_CHOOSE_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < links->len; i++)
    gtk_list_box_append (self->list, create_row (g_ptr_array_index (links, i)));

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Your provider publishes %u account for %s. Which one "
                                           "do you want to set up?",
                                           "Your provider publishes %u accounts for %s. Which one "
                                           "do you want to set up?", links->len),
                              links->len, address);
  gtk_label_set_text (self->subtitle_label, subtitle);
}
