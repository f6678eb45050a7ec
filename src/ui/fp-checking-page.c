/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-checking-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-checking-page.h"

/*
 * "Checking your account…": one row per mail server as the login check
 * reaches it, a spinner turning into a check mark or an error, and ::cancel
 * to stop. What each row says is computed by fp_check_row_new().
 */
struct _FpCheckingPage
{
  AdwBin               parent_instance;

  AdwPreferencesGroup *servers_group;
  GtkButton           *cancel_button;

  GHashTable          *rows;  /* FpMailServer * (the configuration's) → AdwActionRow */
};

G_DEFINE_FINAL_TYPE (FpCheckingPage, fp_checking_page, ADW_TYPE_BIN)

enum
{
  CANCEL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Every state a row can show; only one is visible at a time. */
static const char * const state_classes[] = { "success", "error", "dim-label" };

static void
cancel_cb (FpCheckingPage *self)
{
  g_signal_emit (self, signals[CANCEL], 0);
}

static gboolean
fp_checking_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (FP_CHECKING_PAGE (widget)->cancel_button));
}

static void
fp_checking_page_dispose (GObject *object)
{
  FpCheckingPage *self = FP_CHECKING_PAGE (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);

  G_OBJECT_CLASS (fp_checking_page_parent_class)->dispose (object);
}

static void
fp_checking_page_class_init (FpCheckingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fp_checking_page_dispose;
  widget_class->grab_focus = fp_checking_page_grab_focus;

  signals[CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-checking-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FpCheckingPage, servers_group);
  gtk_widget_class_bind_template_child (widget_class, FpCheckingPage, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
}

static void
fp_checking_page_init (FpCheckingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_hash_table_new (NULL, NULL);
}

/* Forgets the rows of an earlier check. */
void
fp_checking_page_clear (FpCheckingPage *self)
{
  GHashTableIter iter;
  gpointer row;

  g_return_if_fail (FP_IS_CHECKING_PAGE (self));

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    adw_preferences_group_remove (self->servers_group, row);
  g_hash_table_remove_all (self->rows);
}

static GtkWidget *
row_for (FpCheckingPage     *self,
         const FpMailServer *server)
{
  GtkWidget *row = g_hash_table_lookup (self->rows, server);
  GtkWidget *spinner;
  GtkWidget *icon;

  if (row != NULL)
    return row;
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  spinner = gtk_spinner_new ();
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  icon = gtk_image_new ();
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Checking"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), spinner);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  g_object_set_data (G_OBJECT (row), "spinner", spinner);
  g_object_set_data (G_OBJECT (row), "icon", icon);
  adw_preferences_group_add (self->servers_group, row);
  g_hash_table_insert (self->rows, (gpointer) server, row);
  return row;
}

/* @server: the configuration's own, as FpMailVerifier::server-progress gives it */
void
fp_checking_page_set_server (FpCheckingPage     *self,
                             const FpMailServer *server,
                             const FpCheckRow   *state)
{
  GtkWidget *row;
  GtkWidget *spinner;
  GtkWidget *icon;

  g_return_if_fail (FP_IS_CHECKING_PAGE (self));

  row = row_for (self, server);
  spinner = g_object_get_data (G_OBJECT (row), "spinner");
  icon = g_object_get_data (G_OBJECT (row), "icon");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), state->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), state->subtitle);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), state->spinning);
  gtk_widget_set_visible (spinner, state->spinning);
  gtk_widget_set_visible (icon, state->icon_name != NULL);
  if (state->icon_name != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (icon), state->icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (icon, state_classes[i]);
  if (state->css_class != NULL)
    gtk_widget_add_css_class (icon, state->css_class);
}
