/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-first-run-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "fp-application.h"
#include "fp-first-run.h"
#include "fp-ui-driver.h"
#include "fp-window.h"

/*
 * `fingerpost --first-run` as the autostart entry opens it, with the real
 * application on a private session bus and X server: the first page has a
 * bar that says why the window opened, with Skip and Don't Ask Again; Don't
 * Ask Again closes the window and is remembered. Warnings are fatal.
 */

typedef struct
{
  GApplication *application;
  gboolean      checked;
} Drive;

static GtkWidget *
wizard_window (GApplication *application)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l; l = l->next)
    if (FP_IS_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      return l->data;
  return NULL;
}

static gboolean
drive_cb (gpointer user_data)
{
  Drive *drive = user_data;
  GtkWidget *window = wizard_window (drive->application);
  GtkWidget *why;

  if (window == NULL)
    return G_SOURCE_CONTINUE;
  fp_ui_settle (100);
  g_assert_cmpint (fp_window_get_page (FP_WINDOW (window)), ==, FP_WIZARD_PAGE_IDENTIFIER);
  why = fp_ui_find_id (window, "why_label");
  g_assert_nonnull (why);
  g_assert_true (gtk_widget_is_visible (why));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (why)), "no mail account is set up"));
  g_assert_true (gtk_widget_is_visible (fp_ui_find_id (window, "skip_button")));
  fp_ui_snap ("17-first-run");
  drive->checked = TRUE;
  /* The window closes, and with it the application. */
  fp_ui_press (fp_ui_find_id (window, "dont_ask_button"));
  return G_SOURCE_REMOVE;
}

static void
test_first_run_window (void)
{
  g_autoptr(FpApplication) application = fp_application_new ();
  char *argv[] = { "fingerpost", "--first-run", NULL };
  Drive drive = { .application = G_APPLICATION (application) };
  int status;

  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_OFFER);
  g_signal_connect_swapped (application, "startup", G_CALLBACK (fp_ui_driver_init), NULL);
  g_timeout_add (50, drive_cb, &drive);
  status = g_application_run (G_APPLICATION (application), 2, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (drive.checked);
  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_DECLINED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (g_getenv ("DISPLAY") == NULL)
    {
      if (g_getenv ("CI") != NULL)
        g_error ("no display: run this test under xvfb-run");
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  g_test_add_func ("/first-run-ui/window", test_first_run_window);
  return g_test_run ();
}
