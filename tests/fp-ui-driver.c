/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-ui-driver"

#include "config.h"

#include "fp-entry-row.h"
#include "fp-test-util.h"
#include "fp-ui-driver.h"

#define WAIT_LIMIT_MS 10000

/* What AdwApplication does for the real program: the style sheet and icons of the resources. */
void
fp_ui_driver_init (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  adw_init ();
  gtk_css_provider_load_from_resource (css, "/org/fingerpost/Fingerpost/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/org/fingerpost/Fingerpost/icons");
  /* Pages change at once: nothing waits for animations. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

/* ------------------------------------------------------------------------------------ */

GtkWidget *
fp_ui_find_id (GtkWidget  *root,
         const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = fp_ui_find_id (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
fp_ui_collect_type (GtkWidget *root,
              GType      type,
              GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fp_ui_collect_type (child, type, found);
}

GtkWidget *
fp_ui_page_widget (FpWindow     *window,
             FpWizardPage  page)
{
  GtkStack *stack = GTK_STACK (fp_ui_find_id (GTK_WIDGET (window), "stack"));

  return gtk_stack_get_child_by_name (stack, fp_wizard_page_to_string (page));
}

/* A widget of a page's template, by its id in the .ui file. */
GtkWidget *
fp_ui_child (FpWindow     *window,
       FpWizardPage  page,
       const char   *id)
{
  GtkWidget *found = fp_ui_find_id (fp_ui_page_widget (window, page), id);

  if (found == NULL)
    g_error ("no widget “%s” on page %s", id, fp_wizard_page_to_string (page));
  return found;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
fp_ui_wait_for_page (FpWindow     *window,
               FpWizardPage  page)
{
  gint64 deadline = g_get_monotonic_time () + fp_test_slack_ms (WAIT_LIMIT_MS) * 1000;
  guint wake = g_timeout_add (20, wake_cb, NULL);

  while (fp_window_get_page (window) != page && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  if (fp_window_get_page (window) != page)
    g_error ("waited for page %s, still on %s", fp_wizard_page_to_string (page),
             fp_wizard_page_to_string (fp_window_get_page (window)));
}

void
fp_ui_settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

void
fp_ui_snap (const char *name)
{
  const char *dir = g_getenv ("FP_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (dir == NULL)
    return;
  fp_ui_settle (600);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  {
    const char *argv[] = { "import", "-window", "root", path, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                       &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("screenshot %s: %s", name, error->message);
  }
}

void
fp_ui_press (GtkWidget *button)
{
  /* A person cannot fp_ui_press what is greyed out. */
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_visible (button));
  /* GtkButton's keyboard activation clicks only after a short visual fp_ui_press; click at once. */
  if (GTK_IS_BUTTON (button))
    g_signal_emit_by_name (button, "clicked");
  else
    gtk_widget_activate (button);
}

void
fp_ui_type (GtkWidget  *editable,
      const char *text)
{
  g_assert_true (gtk_widget_is_sensitive (editable));
  if (FP_IS_ENTRY_ROW (editable))
    fp_entry_row_set_text (FP_ENTRY_ROW (editable), text);
  else
    gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

