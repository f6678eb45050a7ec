/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-update-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "fp-demo-provider.h"
#include "fp-mail-programs.h"
#include "fp-test-util.h"
#include "fp-ui-driver.h"
#include "fp-update-window.h"
#include "fp-window.h"

/*
 * The update page against the demo: carol@mail.example is set up through the
 * real window, her provider then moves its IMAP server (the demo serves her
 * settings anew after the first fetch), and the update page shows the old
 * and new server side by side, hosts as at setup, and applies the change to
 * the same entries in the demo's folder. Under Xvfb, warnings fatal.
 */

static FpDemoProvider *demo;

static void
set_up_carol (void)
{
  FpWindow *window = fp_window_new (NULL);

  fp_window_set_demo (window, demo);
  gtk_window_present (GTK_WINDOW (window));
  fp_ui_settle (50);
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "address_row"),
              FP_DEMO_MOVING_ACCOUNT);
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "name_row"), "Carol");
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "next_button"));
  /* One published account: straight to the password for mail-config.mail.example. */
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PASSWORD);
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "password_row"), FP_DEMO_PASSWORD);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "continue_button"));
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_REVIEW);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_DONE);
  gtk_window_destroy (GTK_WINDOW (window));
  fp_ui_settle (20);
}

static gboolean
has_label (GtkWidget  *root,
           const char *markup)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  fp_ui_collect_type (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (g_ptr_array_index (labels, i)), markup) == 0)
      return TRUE;
  return FALSE;
}

static void
wait_until_idle (GtkWidget *window)
{
  GtkWidget *busy = fp_ui_find_id (window, "busy_box");
  gint64 deadline = g_get_monotonic_time () + fp_test_slack_ms (20000) * 1000;

  while (gtk_widget_get_visible (busy) && g_get_monotonic_time () < deadline)
    fp_ui_settle (20);
  g_assert_false (gtk_widget_get_visible (busy));
}

static char *
demo_incoming_host (void)
{
  g_autofree char *state = g_build_filename (fp_demo_provider_get_scratch_dir (demo), "state",
                                             "accounts.json", NULL);
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (state, &text, NULL, NULL));
  return strstr (text, "imap.new.mail.example") ? g_strdup ("imap.new.mail.example")
                                                : g_strdup ("imap.mail.example");
}

static void
test_update_page (void)
{
  GtkWidget *window;
  GtkWidget *apply;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!fp_mail_program_is_installed (FP_MAIL_PROGRAM_EVOLUTION) &&
      !fp_mail_program_is_installed (FP_MAIL_PROGRAM_THUNDERBIRD))
    {
      if (g_getenv ("CI") != NULL)
        g_error ("CI is set: Evolution or Thunderbird must be installed");
      g_test_skip ("neither Evolution nor Thunderbird is installed: the review offers nothing");
      return;
    }
  set_up_carol ();
  before = demo_incoming_host ();
  g_assert_cmpstr (before, ==, "imap.mail.example");

  window = GTK_WIDGET (fp_update_window_new (NULL, demo));
  gtk_window_present (GTK_WINDOW (window));
  wait_until_idle (window);
  /* Old and new side by side, each host with its registrable domain in bold. */
  g_assert_true (has_label (window, "imap.<b>mail.example</b>"));
  g_assert_true (has_label (window, "imap.new.<b>mail.example</b>"));
  g_assert_true (has_label (window, FP_DEMO_MOVING_ACCOUNT) ||
                 has_label (window, "Settings published by mail-config.mail.example."));
  /* Usable at 360 px, as the wizard is. */
  {
    int minimum = 0;

    gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }
  apply = fp_ui_find_id (window, "apply_button");
  g_assert_true (gtk_widget_get_visible (apply));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (apply)), ==, "_Apply");
  g_assert_true (gtk_widget_has_css_class (apply, "suggested-action"));
  fp_ui_snap ("16-update");

  fp_ui_press (apply);
  wait_until_idle (window);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (fp_ui_find_id (window, "summary_label"))), ==,
                   "Done: your mail programs use the new settings.");
  g_assert_false (gtk_widget_get_visible (apply));
  after = demo_incoming_host ();
  g_assert_cmpstr (after, ==, "imap.new.mail.example");
  gtk_window_destroy (GTK_WINDOW (window));
  fp_ui_settle (20);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (!gtk_init_check ())
    {
      if (g_getenv ("CI") != NULL)
        g_error ("no display: run this test under xvfb-run");
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  fp_ui_driver_init ();
  demo = fp_demo_provider_new ();
  if (!fp_demo_provider_start (demo, &error))
    g_error ("demo provider: %s", error->message);

  g_test_add_func ("/update-ui/update-page", test_update_page);

  status = g_test_run ();
  g_clear_object (&demo);
  return status;
}
