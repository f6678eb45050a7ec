/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-wizard-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fp-account-writing.h"
#include "fp-autoconfig-link.h"
#include "fp-checking-page.h"
#include "fp-choose-page.h"
#include "fp-demo-provider.h"
#include "fp-details-window.h"
#include "fp-done-page.h"
#include "fp-entry-row.h"
#include "fp-error.h"
#include "fp-goa-writer.h"
#include "fp-lookup-page.h"
#include "fp-insecure-dialog.h"
#include "fp-mail-programs.h"
#include "fp-problem-page.h"
#include "fp-review-page.h"
#include "fp-test-util.h"
#include "fp-ui-driver.h"
#include "fp-window.h"

/*
 * The real window against the in-process demo provider, driven with GTK
 * calls as a person would: type, fp_ui_press Next, pick a row, type a password.
 * Runs under Xvfb with G_DEBUG=fatal-warnings, so any GTK warning fails it.
 * With FP_SCREENSHOT_DIR set, each page is also photographed there.
 */

static FpDemoProvider *demo;

static const char *
entry_text (FpWindow *window, FpWizardPage page, const char *id)
{
  return fp_entry_row_get_text (FP_ENTRY_ROW (fp_ui_child (window, page, id)));
}

static const char *
row_subtitle (FpWindow *window, FpWizardPage page, const char *id)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (fp_ui_child (window, page, id)));
}

static AdwStatusPage *
status_page (FpWindow *window, FpWizardPage page)
{
  return ADW_STATUS_PAGE (fp_ui_child (window, page, "status_page"));
}

static gboolean
is_visible (FpWindow *window, FpWizardPage page, const char *id)
{
  return gtk_widget_get_visible (fp_ui_child (window, page, id));
}

static gboolean
is_sensitive (FpWindow *window, FpWizardPage page, const char *id)
{
  return gtk_widget_is_sensitive (fp_ui_child (window, page, id));
}

static int
spin_value (FpWindow *window, const char *id)
{
  return gtk_spin_button_get_value_as_int (
      GTK_SPIN_BUTTON (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, id)));
}

/* The log as it stands; valid until the next call. */
static const char *
log_text_now (FpWindow *window)
{
  static char *text;

  g_free (text);
  text = fp_window_dup_log (window);
  return text;
}

static const char *
label_text_of (GtkWidget *root, const char *id)
{
  return gtk_label_get_text (GTK_LABEL (fp_ui_find_id (root, id)));
}

static const char *
label_text (FpWindow *window, FpWizardPage page, const char *id)
{
  return gtk_label_get_text (GTK_LABEL (fp_ui_child (window, page, id)));
}

static void
assert_contains (const char *haystack, const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack ? haystack : "(null)", needle);
}

static void
print_widths (GtkWidget *parent)
{
  for (GtkWidget *widget = gtk_widget_get_first_child (parent); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      int minimum = 0;

      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_printerr ("# %s (%s) needs %d px\n", G_OBJECT_TYPE_NAME (widget),
                  gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), minimum);
    }
}


static void
collect_mnemonics (GtkWidget *widget, GHashTable *seen)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget)) &&
      gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol)
    {
      guint key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)));
      const char *other = g_hash_table_lookup (seen, GUINT_TO_POINTER (key));

      if (other != NULL)
        g_error ("Alt+%s is both “%s” and “%s”", gdk_keyval_name (key), other,
                 gtk_label_get_label (GTK_LABEL (widget)));
      g_hash_table_insert (seen, GUINT_TO_POINTER (key),
                           (gpointer) gtk_label_get_label (GTK_LABEL (widget)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, seen);
}

/* Each Alt+letter on the page on screen (header bar included) does one thing. */
static void
assert_unique_mnemonics (FpWindow *window)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  collect_mnemonics (GTK_WIDGET (window), seen);
}

/* Usable at 360 px: the window never asks for more width than a phone has. */
static void
assert_fits_phone (FpWindow *window)
{
  int minimum = 0;

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL,
                      NULL);
  if (minimum > 360)
    {
      print_widths (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)));
      print_widths (fp_ui_find_id (GTK_WIDGET (window), "stack"));
    }
  g_assert_cmpint (minimum, <=, 360);
  assert_unique_mnemonics (window);
}

static FpWindow *
new_window (void)
{
  FpWindow *window = fp_window_new (NULL);

  fp_window_set_demo (window, demo);
  gtk_window_present (GTK_WINDOW (window));
  fp_ui_settle (50);
  return window;
}

static void
close_window (FpWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  fp_ui_settle (20);
}

static void
start (FpWindow *window, const char *address, const char *name)
{
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "address_row"), address);
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "name_row"), name);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "next_button"));
}

static void
give_password (FpWindow *window, const char *password)
{
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "password_row"), password);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "continue_button"));
}

static GPtrArray *
rows_of (GtkWidget *root)
{
  GPtrArray *rows = g_ptr_array_new ();

  fp_ui_collect_type (root, ADW_TYPE_ACTION_ROW, rows);
  return rows;
}

static gboolean
has_row (GtkWidget *root, const char *title, const char *subtitle_part)
{
  g_autoptr (GPtrArray) rows = rows_of (root);

  for (guint i = 0; i < rows->len; i++)
    {
      AdwActionRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0
          && strstr (adw_action_row_get_subtitle (row) ?: "", subtitle_part) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The log line comes once the request has really ended, later under ASan. */
static void
wait_for_log (FpWindow   *window,
              const char *text)
{
  gint64 deadline = g_get_monotonic_time () + fp_test_slack_ms (3000) * 1000;

  fp_ui_settle (300);
  for (;;)
    {
      g_autofree char *log = fp_window_dup_log (window);

      if (strstr (log, text) != NULL || g_get_monotonic_time () >= deadline)
        return;
      fp_ui_settle (20);
    }
}

static void
wait_for_row (GtkWidget  *root,
              const char *title,
              const char *subtitle_part)
{
  gint64 deadline = g_get_monotonic_time () + fp_test_slack_ms (10000) * 1000;

  while (!has_row (root, title, subtitle_part) && g_get_monotonic_time () < deadline)
    fp_ui_settle (20);
  if (!has_row (root, title, subtitle_part))
    g_error ("no row “%s” saying “%s”", title, subtitle_part);
}

/* The checking page's rows, in order: title, the icon it ended with, words of its subtitle. */
static void
assert_check_rows (FpWindow   *window,
                   const char *title1,
                   const char *icon1,
                   const char *words1,
                   const char *title2,
                   const char *icon2,
                   const char *words2)
{
  g_autoptr(GPtrArray) rows = rows_of (fp_ui_page_widget (window, FP_WIZARD_PAGE_CHECKING));
  const char *titles[] = { title1, title2 };
  const char *icons[] = { icon1, icon2 };
  const char *words[] = { words1, words2 };

  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      AdwActionRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GPtrArray) images = g_ptr_array_new ();
      g_autoptr(GPtrArray) spinners = g_ptr_array_new ();
      const char *shown = NULL;

      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, titles[i]);
      assert_contains (adw_action_row_get_subtitle (row), words[i]);
      fp_ui_collect_type (GTK_WIDGET (row), GTK_TYPE_IMAGE, images);
      for (guint j = 0; j < images->len; j++)
        if (gtk_widget_get_visible (g_ptr_array_index (images, j)) &&
            gtk_image_get_storage_type (g_ptr_array_index (images, j)) == GTK_IMAGE_ICON_NAME)
          shown = gtk_image_get_icon_name (g_ptr_array_index (images, j));
      fp_ui_collect_type (GTK_WIDGET (row), GTK_TYPE_SPINNER, spinners);
      g_assert_cmpuint (spinners->len, ==, 1);
      if (icons[i] == NULL)
        {
          /* Still checking: the spinner turns. */
          g_assert_true (gtk_widget_get_visible (g_ptr_array_index (spinners, 0)));
          g_assert_true (gtk_spinner_get_spinning (g_ptr_array_index (spinners, 0)));
        }
      else
        {
          g_assert_false (gtk_widget_get_visible (g_ptr_array_index (spinners, 0)));
          g_assert_cmpstr (shown, ==, icons[i]);
        }
    }
}


/* What a widget is called in the .ui files: its own id, or its nearest named ancestor's. */
static const char *
widget_id (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

      if (id != NULL)
        return id;
    }
  return "(none)";
}

/*
 * Tab, as the key does it (GtkWindow::move-focus), @count times from where the focus is:
 * the ids of the widgets it lands on, joined by spaces.
 */
static char *
tab_walk (FpWindow *window, guint count)
{
  g_autoptr(GString) walk = g_string_new (widget_id (gtk_root_get_focus (GTK_ROOT (window))));

  for (guint i = 0; i < count; i++)
    {
      g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
      g_string_append_printf (walk, " %s", widget_id (gtk_root_get_focus (GTK_ROOT (window))));
    }
  return g_string_free (g_steal_pointer (&walk), FALSE);
}


static void
clipboard_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static char *
clipboard_text (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb,
                                 &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  return text;
}

static GtkWidget *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

/*
 * The log is a window of its own, from the main menu of any page: it shows every line, follows
 * the newest one, and Copy gives the same report as the window does.
 */
static void
check_details_window (FpWindow *window, const char *report)
{
  GtkWidget *details;
  GtkTextBuffer *buffer;
  GtkAdjustment *adjustment;
  GtkTextIter begin, end;
  g_autofree char *shown = NULL;
  g_autofree char *copied = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.details", NULL));
  fp_ui_settle (100);
  details = find_toplevel (FP_TYPE_DETAILS_WINDOW);
  g_assert_nonnull (details);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (fp_ui_find_id (details, "log_view")));
  gtk_text_buffer_get_bounds (buffer, &begin, &end);
  shown = gtk_text_buffer_get_text (buffer, &begin, &end, FALSE);
  g_assert_true (g_str_has_suffix (report, shown));
  g_assert_cmpuint (strlen (shown), >, 200);
  adjustment = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (fp_ui_find_id (details, "scrolled_window")));
  /* Scrolled to the newest line, once the text view has measured its lines (in idle time). */
  for (guint i = 0; i < 100 && (gtk_adjustment_get_upper (adjustment) <=
                                gtk_adjustment_get_page_size (adjustment) ||
                                gtk_adjustment_get_value (adjustment) +
                                gtk_adjustment_get_page_size (adjustment) <
                                gtk_adjustment_get_upper (adjustment) - 1); i++)
    fp_ui_settle (30);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                     gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment) +
                     gtk_adjustment_get_page_size (adjustment),
                     >=, gtk_adjustment_get_upper (adjustment) - 1);
  fp_ui_press (fp_ui_find_id (details, "copy_button"));
  copied = clipboard_text (details);
  g_assert_true (g_str_has_prefix (copied, "Fingerpost " PACKAGE_VERSION "\n"));
  g_assert_true (g_str_has_suffix (copied, shown));
  g_assert_null (strstr (copied, FP_DEMO_PASSWORD));
  fp_ui_snap ("11-details");
  gtk_window_destroy (GTK_WINDOW (details));
}

/* What GTK, and through it AT-SPI, is given of the password: bullets, unless the person
 * reveals it with the peek icon; the wizard itself reads the password as typed. */
static void
assert_password_hidden (FpWindow *window)
{
  GtkWidget *row = fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "password_row");
  GtkEditable *entry = GTK_EDITABLE (fp_entry_row_get_entry (FP_ENTRY_ROW (row)));
  GtkText *text = GTK_TEXT (gtk_editable_get_delegate (entry));

  g_assert_cmpstr (fp_entry_row_get_text (FP_ENTRY_ROW (row)), ==, FP_DEMO_PASSWORD);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "\u2022\u2022\u2022\u2022\u2022\u2022");
  g_assert_cmpint (gtk_entry_buffer_get_length (gtk_text_get_buffer (text)), ==,
                   strlen (FP_DEMO_PASSWORD));
  gtk_text_set_visibility (text, TRUE);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, FP_DEMO_PASSWORD);
  gtk_text_set_visibility (text, FALSE);
  gtk_editable_set_position (entry, 2);
  gtk_editable_delete_text (entry, 1, 2);
  gtk_editable_insert_text (entry, "b", 1, &(int){ 1 });
  g_assert_cmpstr (fp_entry_row_get_text (FP_ENTRY_ROW (row)), ==, FP_DEMO_PASSWORD);
}

/* A row that holds only a switch is one Tab stop, the switch: never the row, never twice. */
static void
assert_switch_rows_one_stop (FpWindow *window)
{
  static const char *const rows[] = { "evolution_row", "thunderbird_row", "goa_row",
                                      "keyring_row" };
  g_autofree char *walk = tab_walk (window, 20);
  g_auto(GStrv) seen = g_strsplit (walk, " ", -1);

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      GtkWidget *row = fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, rows[r]);
      /* "evolution_row" → "evolution_switch" */
      g_autofree char *switch_id = g_strdup_printf ("%.*s_switch",
                                                    (int) (strrchr (rows[r], '_') - rows[r]),
                                                    rows[r]);
      guint stops = 0;

      for (guint i = 0; seen[i] != NULL; i++)
        {
          if (g_strcmp0 (seen[i], rows[r]) == 0)
            g_error ("Tab stopped on the row %s: “%s”", rows[r], walk);
          stops += g_strcmp0 (seen[i], switch_id) == 0;
        }
      /* Once round the page (the walk may pass a stop twice, coming round). */
      if (gtk_widget_is_visible (row) && gtk_widget_is_sensitive (row))
        g_assert_cmpuint (stops, >=, 1);
      g_assert_false (gtk_widget_get_focusable (row));
    }
}

/* Tab @count times: the ids in @expected must come in this order (others may lie between). */
static void
assert_tab_order (FpWindow *window, guint count, const char *expected)
{
  g_autofree char *walk = tab_walk (window, count);
  g_auto(GStrv) seen = g_strsplit (walk, " ", -1);
  g_auto(GStrv) wanted = g_strsplit (expected, " ", -1);
  guint j = 0;

  for (guint i = 0; seen[i] != NULL && wanted[j] != NULL; i++)
    if (g_strcmp0 (seen[i], wanted[j]) == 0)
      j++;
  if (wanted[j] != NULL)
    g_error ("Tab went “%s”; expected in this order “%s”", walk, expected);
}

/* Tests --------------------------------------------------------------------------------------- */

static void
test_demo_flow (void)
{
  FpWindow        *window = new_window ();
  GtkWidget       *list;
  GtkWidget       *review;
  g_autofree char *log = NULL;
  gboolean thunderbird = fp_mail_program_is_installed (FP_MAIL_PROGRAM_THUNDERBIRD);
  gboolean evolution = fp_mail_program_is_installed (FP_MAIL_PROGRAM_EVOLUTION);
  g_autofree char *prefs_path = NULL;
  g_autofree char *prefs = NULL;
  GtkWidget       *evolution_row;

  /* 1. The identifier, with a mistake first: explained on the page, not in a dialog. */
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_IDENTIFIER);
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_IDENTIFIER, "address_row"), ==,
                   FP_DEMO_ACCOUNT);
  /* The demo tells a newcomer what to type. */
  g_assert_true (is_visible (window, FP_WIZARD_PAGE_IDENTIFIER, "hint_label"));
  assert_contains (label_text (window, FP_WIZARD_PAGE_IDENTIFIER, "hint_label"), FP_DEMO_PASSWORD);
  assert_fits_phone (window);
  assert_tab_order (window, 5, "address_row name_row next_button menu_button address_row");
  fp_ui_snap ("01-identifier");
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "address_row"), "alice");
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "next_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_IDENTIFIER);
  g_assert_true (is_visible (window, FP_WIZARD_PAGE_IDENTIFIER, "error_label"));
  assert_contains (label_text (window, FP_WIZARD_PAGE_IDENTIFIER, "error_label"), "alice");

  /* 2. Enter in the address field is Next; mail.example is asked at once, and named. */
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "name_row"), "Alice Liddell");
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "address_row"),
              "  alice@mail.example ");
  g_signal_emit_by_name (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "address_row"),
                         "entry-activated");
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_LOOKUP);
  g_assert_cmpstr (label_text (window, FP_WIZARD_PAGE_LOOKUP, "message_label"), ==,
                   "Asking mail.example for your settings…");

  /* 3. Two published accounts, in the provider's order, with their host. */
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_CHOOSE);
  list = fp_ui_child (window, FP_WIZARD_PAGE_CHOOSE, "list");
  g_assert_true (has_row (list, "Personal", "mail-config.mail.example"));
  g_assert_true (has_row (list, "Business", "mail-config.mail.example"));
  assert_contains (label_text (window, FP_WIZARD_PAGE_CHOOSE, "subtitle_label"), "2 accounts");
  assert_fits_phone (window);
  fp_ui_snap ("02-choose");
  fp_ui_press (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0)));

  /* 4. The password page names the host in full, its domain in bold; no warning here. */
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PASSWORD);
  g_assert_cmpstr (label_text (window, FP_WIZARD_PAGE_PASSWORD, "host_label"), ==,
                   "mail-config.mail.example");
  g_assert_cmpstr (
      gtk_label_get_label (GTK_LABEL (fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "host_label"))),
      ==, "mail-config.<b>mail.example</b>");
  g_assert_false (is_visible (window, FP_WIZARD_PAGE_PASSWORD, "warning_box"));
  g_assert_false (is_visible (window, FP_WIZARD_PAGE_PASSWORD, "error_label"));
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_PASSWORD, "user_row"), ==, FP_DEMO_ACCOUNT);
  g_assert_false (is_sensitive (window, FP_WIZARD_PAGE_PASSWORD, "continue_button"));
  assert_fits_phone (window);
  /* Keyboard: the first field to fill has the focus, and Tab walks the page in reading order,
   * coming round through the header bar to the top again. */
  assert_tab_order (window, 5, "password_row back_button menu_button user_row password_row");
  fp_ui_snap ("03-password");

  /* 5. A wrong password is said to be wrong, on the same page, with the tries left. */
  give_password (window, "wrong");
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_LOOKUP);
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PASSWORD);
  g_assert_true (is_visible (window, FP_WIZARD_PAGE_PASSWORD, "error_label"));
  assert_contains (label_text (window, FP_WIZARD_PAGE_PASSWORD, "error_label"), "did not accept");
  assert_contains (label_text (window, FP_WIZARD_PAGE_PASSWORD, "error_label"), "2 tries left");
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_PASSWORD, "password_row"), ==, "");
  fp_ui_snap ("04-password-wrong");

  /* Keyboard: Enter in the password field continues. */
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "password_row"), FP_DEMO_PASSWORD);
  assert_password_hidden (window);
  g_signal_emit_by_name (fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "password_row"),
                         "entry-activated");

  /* 6. The review: address, name, every server in words. */
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_REVIEW);
  review = fp_ui_page_widget (window, FP_WIZARD_PAGE_REVIEW);
  g_assert_cmpstr (row_subtitle (window, FP_WIZARD_PAGE_REVIEW, "address_row"), ==,
                   "alice.i.wonder@mail.example");
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_REVIEW, "name_row"), ==, "Alice Liddell");
  g_assert_true (
      has_row (review, "Incoming (IMAP)",
               "imap.mail.example, port 993, Encrypted (TLS), user “alice.i.wonder”"));
  g_assert_true (
      has_row (review, "Outgoing (SMTP)", "smtp.mail.example, port 587, Encrypted (STARTTLS)"));
  /* The password row names where the password goes for the login check, each domain in bold;
   * the password typed for mail-config.mail.example is filled in, the same domain. */
  assert_contains (gtk_label_get_label (GTK_LABEL (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW,
                                                                "password_hosts_label"))),
                   "imap.<b>mail.example</b> and smtp.<b>mail.example</b>");
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_REVIEW, "password_row"), ==,
                   FP_DEMO_PASSWORD);
  assert_contains (label_text (window, FP_WIZARD_PAGE_REVIEW, "source_label"),
                   "mail-config.mail.example");
  /* Mail programs: present ones offered; a missing one greyed, with the reason. */
  evolution_row = fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "evolution_row");
  g_assert_cmpint (gtk_widget_is_sensitive (evolution_row), ==, evolution);
  if (!evolution)
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (evolution_row)), ==,
                     "Evolution is not installed on this computer");
  g_assert_cmpint (is_sensitive (window, FP_WIZARD_PAGE_REVIEW, "thunderbird_row"), ==,
                   thunderbird);
  /* Nothing chosen is not a dead end: the page says what to do. */
  g_assert_cmpint (is_visible (window, FP_WIZARD_PAGE_REVIEW, "hint_label"), ==,
                   !thunderbird && !evolution);
  /* Every installed program switched off: the hint shows. Which programs are installed
   * depends on the machine, so the test switches off all of them, not one. */
  if (thunderbird || evolution)
    {
      GtkSwitch *thunderbird_switch = GTK_SWITCH (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW,
                                                               "thunderbird_switch"));
      GtkSwitch *evolution_switch = GTK_SWITCH (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW,
                                                             "evolution_switch"));

      gtk_switch_set_active (thunderbird_switch, FALSE);
      gtk_switch_set_active (evolution_switch, FALSE);
      g_assert_true (is_visible (window, FP_WIZARD_PAGE_REVIEW, "hint_label"));
      g_assert_false (is_sensitive (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
      gtk_switch_set_active (thunderbird_switch, thunderbird);
      gtk_switch_set_active (evolution_switch, evolution);
      g_assert_false (is_visible (window, FP_WIZARD_PAGE_REVIEW, "hint_label"));
    }
  g_assert_true (gtk_switch_get_active (
      GTK_SWITCH (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "keyring_switch"))));
  g_assert_cmpstr (gtk_button_get_label (
                       GTK_BUTTON (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "setup_button"))),
                   ==, "_Set Up Account");
  /* The demo never writes outside its folder: GNOME Online Accounts is listed, greyed, and why. */
  {
    GtkWidget *goa_row = fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "goa_row");

    g_assert_false (gtk_widget_is_sensitive (goa_row));
    assert_contains (adw_action_row_get_subtitle (ADW_ACTION_ROW (goa_row)), "demo");
  }
  assert_fits_phone (window);
  /* Keyboard: the focus starts in the first field; Tab reaches every field, switch and button,
   * in reading order, and comes round to the top. */
  assert_tab_order (window, 16, "name_row password_row keyring_switch setup_button back_button "
                                "menu_button address_row name_row");
  assert_switch_rows_one_stop (window);
  fp_ui_snap ("05-review");
  if (g_getenv ("FP_SCREENSHOT_DIR") != NULL)
    {
      GtkWidget     *scrolled = gtk_widget_get_first_child (review);
      GtkAdjustment *adjustment;

      g_assert_true (GTK_IS_SCROLLED_WINDOW (scrolled));
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      fp_ui_snap ("05-review-programs");
      gtk_adjustment_set_value (adjustment, 0);
    }

  /* 7. Back keeps everything that was typed, down to the first page. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_CHOOSE);
  fp_ui_press (fp_ui_find_id (GTK_WIDGET (window), "back_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_IDENTIFIER);
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_IDENTIFIER, "address_row"), ==,
                   "  alice@mail.example ");
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_IDENTIFIER, "name_row"), ==, "Alice Liddell");
  g_assert_false (
      gtk_widget_get_visible (GTK_WIDGET (fp_ui_find_id (GTK_WIDGET (window), "back_button"))));

  /* Keyboard: Enter in the name field is Next. */
  g_signal_emit_by_name (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "name_row"),
                         "entry-activated");
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_CHOOSE);
  fp_ui_press (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0)));
  /* libsoup may reuse the accepted password for the same host; answer if asked again. */
  while (fp_window_get_page (window) != FP_WIZARD_PAGE_REVIEW)
    {
      fp_ui_settle (10);
      if (fp_window_get_page (window) == FP_WIZARD_PAGE_PASSWORD)
        give_password (window, FP_DEMO_PASSWORD);
    }

  /* 8. The login check: a password the mail servers refuse brings the person back here, told
   *    so next to the password, with the cursor in it; nothing is written. */
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "password_row"), "not-the-password");
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_CHECKING);
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_REVIEW);
  g_assert_true (is_visible (window, FP_WIZARD_PAGE_REVIEW, "password_error_label"));
  assert_contains (label_text (window, FP_WIZARD_PAGE_REVIEW, "password_error_label"),
                   "did not accept the password for “alice.i.wonder”");
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_REVIEW, "password_row"), ==, "");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         fp_ui_child (window, FP_WIZARD_PAGE_REVIEW,
                                                      "password_row")));
  g_assert_false (is_sensitive (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
  fp_ui_snap ("13-review-password-refused");

  /* Keyboard: Enter in the password field checks again; both servers log in, each row ends
   * with a check mark, and the accounts are written with the servers that worked. */
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "password_row"), FP_DEMO_PASSWORD);
  {
    gint64 checking_since = g_get_monotonic_time ();
    gint64 deadline = checking_since + fp_test_slack_ms (10000) * 1000;

    g_signal_emit_by_name (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "password_row"),
                           "entry-activated");
    g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_CHECKING);
    while (!strstr (log_text_now (window), "logged in to smtp.mail.example") ||
           !strstr (log_text_now (window), "logged in to imap.mail.example"))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        fp_ui_settle (10);
      }
    fp_ui_wait_for_page (window, FP_WIZARD_PAGE_DONE);
    /* The result stayed readable: the demo's check takes a fraction of a second, the page
     * stays 1.2 s after it. (A bound from below only: a slow machine cannot break it.) */
    g_assert_cmpint (g_get_monotonic_time () - checking_since, >=, 1200 * 1000);
  }
  assert_check_rows (window, "imap.mail.example:993", "emblem-ok-symbolic", "logged in",
                     "smtp.mail.example:587", "emblem-ok-symbolic", "logged in");

  /* 9. Finish: the accounts are written, in the demo's folder only, and the done page says
   *    where. */
  g_assert_cmpstr (adw_status_page_get_title (status_page (window, FP_WIZARD_PAGE_DONE)), ==,
                   "Your Account Is Ready");
  g_assert_true (has_row (fp_ui_page_widget (window, FP_WIZARD_PAGE_DONE), "Demo Folder",
                          fp_demo_provider_get_scratch_dir (demo)));
  if (thunderbird)
    {
      g_assert_true (has_row (fp_ui_page_widget (window, FP_WIZARD_PAGE_DONE), "Thunderbird",
                              fp_demo_provider_get_scratch_dir (demo)));
      prefs_path = g_build_filename (fp_demo_provider_get_scratch_dir (demo), "thunderbird",
                                     "demo.default", "prefs.js", NULL);
      g_assert_true (g_file_get_contents (prefs_path, &prefs, NULL, NULL));
      assert_contains (prefs, "\"alice.i.wonder\"");
      assert_contains (prefs, "Alice Liddell");
      g_assert_null (strstr (prefs, FP_DEMO_PASSWORD));
      /* The demo's account is not in the real Thunderbird: nothing to open. */
      {
        g_autoptr(GPtrArray) rows = rows_of (fp_ui_page_widget (window, FP_WIZARD_PAGE_DONE));

        /* Written is not shown as an error. */
        for (guint i = 0; i < rows->len; i++)
          g_assert_false (gtk_widget_has_css_class (g_ptr_array_index (rows, i), "error"));
      }
      {
        g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

        fp_ui_collect_type (fp_ui_child (window, FP_WIZARD_PAGE_DONE, "outcomes_group"),
                            GTK_TYPE_BUTTON, buttons);
        g_assert_cmpuint (buttons->len, ==, 0);
      }
    }
  g_assert_true (has_row (fp_ui_page_widget (window, FP_WIZARD_PAGE_DONE), "Keyring", "demo"));
  g_assert_false (
      gtk_widget_get_visible (GTK_WIDGET (fp_ui_find_id (GTK_WIDGET (window), "back_button"))));
  assert_fits_phone (window);
  fp_ui_snap ("06-done");

  /* The details tell a helpdesk every step, and never the password. */
  log = fp_window_dup_log (window);
  assert_contains (log, "GET https://mail.example/.well-known/webfinger");
  assert_contains (log, "mail-config.mail.example refused the credentials");
  if (thunderbird)
    assert_contains (log, "Thunderbird: Written in");
  g_assert_null (strstr (log, FP_DEMO_PASSWORD));
  g_assert_null (strstr (log, "wrong"));
  g_assert_null (strstr (log, "not-the-password"));
  assert_contains (log, "logged in to imap.mail.example as “alice.i.wonder”");
  assert_contains (log, "logged in to smtp.mail.example as “alice.i.wonder”");
  /* Copied, it says which Fingerpost and when; every line has its wall-clock time. */
  assert_contains (log, "Fingerpost " PACKAGE_VERSION "\n");
  g_assert_true (g_regex_match_simple ("^\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] looking up", log,
                                       G_REGEX_MULTILINE, 0));
  check_details_window (window, log);

  close_window (window);
}

static void
test_foreign_domain (void)
{
  FpWindow  *window = new_window ();
  GtkWidget *password_row;

  /* One published account: no choice page; the password would leave family.example. */
  start (window, FP_DEMO_FOREIGN_ACCOUNT, "");
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PASSWORD);
  g_assert_true (is_visible (window, FP_WIZARD_PAGE_PASSWORD, "warning_box"));
  assert_contains (label_text (window, FP_WIZARD_PAGE_PASSWORD, "warning_label"), "family.example");
  assert_contains (label_text (window, FP_WIZARD_PAGE_PASSWORD, "warning_label"), "mail.example");
  g_assert_cmpstr (
      gtk_label_get_label (GTK_LABEL (fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "host_label"))),
      ==, "mail-config.<b>mail.example</b>");

  /* Back from the prompt declines it and stops the request; Next asks again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_IDENTIFIER);
  fp_ui_settle (100);
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_IDENTIFIER);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "next_button"));
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PASSWORD);

  /* The warning comes before anything can be typed. */
  password_row = fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "password_row");
  g_assert_false (gtk_widget_is_sensitive (password_row));
  g_assert_false (is_sensitive (window, FP_WIZARD_PAGE_PASSWORD, "user_row"));
  fp_ui_snap ("07-password-foreign");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (
                       fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "trust_label"))),
                   ==, "I _trust mail.example with my password");
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "trust_check"));
  g_assert_true (gtk_widget_is_sensitive (password_row));
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_PASSWORD, "user_row"), ==,
                   FP_DEMO_FOREIGN_ACCOUNT);

  give_password (window, FP_DEMO_PASSWORD);
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_REVIEW);
  g_assert_cmpstr (row_subtitle (window, FP_WIZARD_PAGE_REVIEW, "address_row"), ==,
                   FP_DEMO_FOREIGN_ACCOUNT);
  /* No name typed: the system's real name, never the provider's account title. */
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_REVIEW, "name_row"), ==,
                   g_strcmp0 (g_get_real_name (), "Unknown") != 0 ? g_get_real_name () : "");
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_REVIEW, "name_row"), !=, "Family");
  /* The servers are at mail.example, outside family.example: the person said on the password
   * page that they trust mail.example, so the review does not ask a second time. */
  g_assert_false (is_visible (window, FP_WIZARD_PAGE_REVIEW, "confirm_box"));
  /* Published by the provider over HTTPS: trusted, though outside the account's domain. */
  assert_contains (label_text (window, FP_WIZARD_PAGE_REVIEW, "source_label"),
                   "Settings published by mail-config.mail.example.");
  g_assert_true (is_sensitive (window, FP_WIZARD_PAGE_REVIEW, "setup_button") ==
                 (fp_mail_program_is_installed (FP_MAIL_PROGRAM_THUNDERBIRD) ||
                  fp_mail_program_is_installed (FP_MAIL_PROGRAM_EVOLUTION)));

  /* A write that fails (Thunderbird running on the profile) leaves the person on the review
   * page, told why, and pressing again once it is fixed goes through. */
  if (fp_mail_program_is_installed (FP_MAIL_PROGRAM_THUNDERBIRD))
    {
      g_autofree char *profile = g_build_filename (fp_demo_provider_get_scratch_dir (demo),
                                                   "thunderbird", "demo.default", NULL);
      g_autofree char *lock = g_build_filename (profile, "lock", NULL);
      g_autofree char *target = g_strdup_printf ("127.0.0.1:+%d", (int) getpid ());

      g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
      g_assert_cmpint (symlink (target, lock), ==, 0);
      /* Thunderbird alone is chosen: with Evolution written as well, the account would be
       * ready in Evolution and the done page would say Thunderbird's failure instead. */
      gtk_switch_set_active (GTK_SWITCH (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW,
                                                      "evolution_switch")),
                             FALSE);
      /* The password typed for mail-config.mail.example goes on to the mail servers of
       * mail.example: the same registrable domain, so it is filled in. */
      g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_REVIEW, "password_row"), ==,
                       FP_DEMO_PASSWORD);
      fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
      g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_CHECKING);
      fp_ui_wait_for_page (window, FP_WIZARD_PAGE_REVIEW);
      g_assert_true (is_sensitive (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
      g_assert_true (is_visible (window, FP_WIZARD_PAGE_REVIEW, "error_label"));
      assert_contains (label_text (window, FP_WIZARD_PAGE_REVIEW, "error_label"),
                       "Thunderbird is running");
      fp_ui_snap ("12-review-write-failed");

      g_assert_cmpint (g_unlink (lock), ==, 0);
      fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
      fp_ui_wait_for_page (window, FP_WIZARD_PAGE_DONE);
      g_assert_cmpstr (adw_status_page_get_title (status_page (window, FP_WIZARD_PAGE_DONE)), ==,
                       "Your Account Is Ready");
    }
  close_window (window);
}

static void
test_too_many_wrong_passwords (void)
{
  FpWindow *window = new_window ();

  start (window, FP_DEMO_ACCOUNT, "");
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_CHOOSE);
  fp_ui_press (GTK_WIDGET (gtk_list_box_get_row_at_index (
      GTK_LIST_BOX (fp_ui_child (window, FP_WIZARD_PAGE_CHOOSE, "list")), 1)));
  for (guint i = 0; i < 3; i++)
    {
      fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PASSWORD);
      give_password (window, "wrong");
      g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_LOOKUP);
    }

  /* After a few refusals the wizard stops asking, says why, and still offers a way on. */
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PROBLEM);
  g_assert_cmpstr (adw_status_page_get_title (status_page (window, FP_WIZARD_PAGE_PROBLEM)), ==,
                   "Password Not Accepted");
  assert_contains (adw_status_page_get_description (status_page (window, FP_WIZARD_PAGE_PROBLEM)),
                   "mail-config.mail.example");
  assert_contains (label_text (window, FP_WIZARD_PAGE_PROBLEM, "advice_label"), "stopped asking");
  g_assert_true (is_visible (window, FP_WIZARD_PAGE_PROBLEM, "retry_button"));
  g_assert_true (is_visible (window, FP_WIZARD_PAGE_PROBLEM, "manual_button"));

  /* Try again asks for the password again, for the same account. */
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_PROBLEM, "retry_button"));
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PASSWORD);
  g_assert_false (is_visible (window, FP_WIZARD_PAGE_PASSWORD, "error_label"));
  close_window (window);
}

static void
test_cancel (void)
{
  FpWindow        *window = new_window ();
  g_autofree char *log = NULL;

  /* slow.example never answers: Cancel must stop the request, not just hide it. */
  start (window, FP_DEMO_SLOW_ACCOUNT, "Alice");
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_LOOKUP);
  fp_ui_settle (200);
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_LOOKUP);
  assert_fits_phone (window);
  fp_ui_snap ("08-looking-up");
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_LOOKUP, "cancel_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_IDENTIFIER);

  /* Keyboard: Escape is Cancel while waiting. */
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "next_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_LOOKUP);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_IDENTIFIER);
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_IDENTIFIER, "address_row"), ==,
                   FP_DEMO_SLOW_ACCOUNT);
  wait_for_log (window, "request to slow.example failed");
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_IDENTIFIER);
  log = fp_window_dup_log (window);
  assert_contains (log, "cancelled");
  assert_contains (log, "request to slow.example failed");
  close_window (window);
}

static void
test_nothing_found_and_manual (void)
{
  FpWindow  *window = new_window ();
  GtkWidget *review;
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *log = NULL;
  AdwStatusPage *check_status;

  start (window, FP_DEMO_UNKNOWN_ACCOUNT, "Bob");
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PROBLEM);
  g_assert_cmpstr (adw_status_page_get_title (status_page (window, FP_WIZARD_PAGE_PROBLEM)), ==,
                   "No Automatic Settings");
  g_assert_cmpstr (adw_status_page_get_description (status_page (window, FP_WIZARD_PAGE_PROBLEM)),
                   ==, "mail.example does not publish automatic settings.");
  g_assert_true (is_visible (window, FP_WIZARD_PAGE_PROBLEM, "retry_button"));
  /* Enter does what the blue button says: the focus is on Set Up Manually. */
  g_assert_true (gtk_widget_has_css_class (fp_ui_child (window, FP_WIZARD_PAGE_PROBLEM,
                                                        "manual_button"), "suggested-action"));
  g_assert_false (gtk_widget_has_css_class (fp_ui_child (window, FP_WIZARD_PAGE_PROBLEM,
                                                         "retry_button"), "suggested-action"));
  g_assert_true (gtk_widget_has_focus (fp_ui_child (window, FP_WIZARD_PAGE_PROBLEM,
                                                    "manual_button")));
  assert_fits_phone (window);
  fp_ui_snap ("09-nothing-found");

  /* Manual setup, with guesses from the address; security changes the port it implies. */
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_PROBLEM, "manual_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_MANUAL);
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_MANUAL, "incoming_host_row"), ==,
                   "imap.mail.example");
  g_assert_cmpint (spin_value (window, "incoming_port_spin"), ==, 993);
  g_assert_cmpint (spin_value (window, "outgoing_port_spin"), ==, 465);
  /* The outgoing security follows the incoming one until the person chooses it. */
  adw_combo_row_set_selected (
      ADW_COMBO_ROW (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "incoming_security_row")), 1);
  g_assert_cmpint (spin_value (window, "incoming_port_spin"), ==, 143);
  g_assert_cmpint (spin_value (window, "outgoing_port_spin"), ==, 587);
  adw_combo_row_set_selected (
      ADW_COMBO_ROW (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "incoming_security_row")), 0);
  g_assert_cmpint (spin_value (window, "outgoing_port_spin"), ==, 465);
  adw_combo_row_set_selected (
      ADW_COMBO_ROW (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "outgoing_security_row")), 1);
  g_assert_cmpint (spin_value (window, "outgoing_port_spin"), ==, 587);
  assert_fits_phone (window);
  assert_tab_order (window, 14, "incoming_host_row incoming_port_spin incoming_security_row "
                                "outgoing_host_row outgoing_port_spin outgoing_security_row "
                                "user_row next_button back_button menu_button protocol_row "
                                "incoming_host_row");
  fp_ui_snap ("10-manual");

  /* A mistake is explained on the page. */
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "incoming_host_row"), "imap server");
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "next_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_MANUAL);
  assert_contains (label_text (window, FP_WIZARD_PAGE_MANUAL, "error_label"), "imap server");

  /* Keyboard: Enter in a field is Next, as on every other page. */
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "incoming_host_row"), "mx.mail.example");
  g_signal_emit_by_name (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "user_row"),
                         "entry-activated");
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_REVIEW);
  review = fp_ui_page_widget (window, FP_WIZARD_PAGE_REVIEW);
  g_assert_true (has_row (review, "Incoming (IMAP)", "mx.mail.example, port 993, Encrypted (TLS)"));
  g_assert_true (
      has_row (review, "Outgoing (SMTP)", "smtp.mail.example, port 587, Encrypted (STARTTLS)"));
  assert_contains (label_text (window, FP_WIZARD_PAGE_REVIEW, "source_label"), "by hand");
  rows = rows_of (review);
  g_assert_cmpuint (rows->len, >=, 5);
  /* Manual setup asks for the password too: nothing was typed in this flow, so the field is
   * empty, and nothing can be set up before it is filled in and tried. */
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_REVIEW, "password_row"), ==, "");
  assert_contains (gtk_label_get_label (GTK_LABEL (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW,
                                                                "password_hosts_label"))),
                   "mx.<b>mail.example</b> and smtp.<b>mail.example</b>");
  g_assert_false (is_sensitive (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         fp_ui_child (window, FP_WIZARD_PAGE_REVIEW,
                                                      "password_row")));
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "password_row"), FP_DEMO_PASSWORD);
  g_assert_true (is_sensitive (window, FP_WIZARD_PAGE_REVIEW, "keyring_row"));

  /* Back to the manual page keeps what was typed there. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_MANUAL);
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_MANUAL, "incoming_host_row"), ==,
                   "mx.mail.example");

  /* A server that never answers: the rows say what is being tried, and Cancel really stops. */
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "incoming_host_row"),
              "imap.slow.example");
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "user_row"), FP_DEMO_ACCOUNT);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "next_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_REVIEW);
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "password_row"), FP_DEMO_PASSWORD);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_CHECKING);
  /* However long the SMTP login takes here (several times longer under ASan). */
  wait_for_row (fp_ui_page_widget (window, FP_WIZARD_PAGE_CHECKING), "smtp.mail.example:587",
                "logged in");
  fp_ui_settle (200);
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_CHECKING);
  assert_check_rows (window, "imap.slow.example:993", NULL, "logging in",
                     "smtp.mail.example:587", "emblem-ok-symbolic", "logged in");
  assert_fits_phone (window);
  fp_ui_snap ("14-checking");
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_CHECKING, "cancel_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_REVIEW);
  fp_ui_settle (200);
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_REVIEW);
  log = fp_window_dup_log (window);
  assert_contains (log, "login check cancelled");
  assert_contains (log, "imap.slow.example:993 failed");

  /* Keyboard: Escape cancels while checking. */
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_CHECKING);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_REVIEW);

  /* A server that cannot be reached: the problem page names it, nothing is written, and
   * Back returns to the review. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_MANUAL);
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "incoming_host_row"),
              "imap.mail.example");
  /* Nothing of the demo's listens on port 1 (tcpmux): the connection is refused. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL,
                                                           "outgoing_port_spin")), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL,
                                                           "incoming_port_spin")), 1);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "next_button"));
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "password_row"), FP_DEMO_PASSWORD);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_CHECK_PROBLEM);
  check_status = status_page (window, FP_WIZARD_PAGE_CHECK_PROBLEM);
  g_assert_cmpstr (adw_status_page_get_title (check_status), ==,
                   "Could Not Reach the Mail Server");
  /* Every server that failed is named, not only the first. */
  assert_contains (adw_status_page_get_description (check_status), "imap.mail.example:1");
  assert_contains (adw_status_page_get_description (check_status), "smtp.mail.example:1");
  assert_contains (label_text (window, FP_WIZARD_PAGE_CHECK_PROBLEM, "advice_label"),
                   "Nothing was written");
  g_assert_true (is_visible (window, FP_WIZARD_PAGE_CHECK_PROBLEM, "retry_button"));
  g_assert_true (is_visible (window, FP_WIZARD_PAGE_CHECK_PROBLEM, "back_button"));
  g_assert_false (is_visible (window, FP_WIZARD_PAGE_CHECK_PROBLEM, "manual_button"));
  fp_ui_snap ("15-check-failed");
  /* Try again checks again, and fails the same way. */
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_CHECK_PROBLEM, "retry_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_CHECKING);
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_CHECK_PROBLEM);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_CHECK_PROBLEM, "back_button"));
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_REVIEW);
  g_assert_cmpstr (entry_text (window, FP_WIZARD_PAGE_REVIEW, "password_row"), ==,
                   FP_DEMO_PASSWORD);
  /* …and from there, Back leads to manual setup and the problem that led to it, unchanged. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_MANUAL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_PROBLEM);
  g_assert_cmpstr (adw_status_page_get_title (status_page (window, FP_WIZARD_PAGE_PROBLEM)), ==,
                   "No Automatic Settings");
  close_window (window);
}

/* What a fallback source hands over (DNS records): confirmed before anything is written. */
static void
test_review_confirms_less_trusted (void)
{
  GtkWidget *window = gtk_window_new ();
  FpReviewPage *page = g_object_new (FP_TYPE_REVIEW_PAGE, NULL);
  g_autoptr(FpMailConfig) config = fp_mail_config_new ("alice@mail.example");
  FpMailProgramRow row = { .sensitive = TRUE, .active = TRUE, .subtitle = (char *) "here" };
  GtkWidget *confirm;
  GtkWidget *setup;
  GtkWidget *source;

  config->source_kind = FP_CONFIG_SOURCE_SRV;
  config->source_host = g_strdup ("mail.example");
  config->trusted = FALSE;
  g_ptr_array_add (config->incoming, fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                         993, FP_TRANSPORT_TLS, "alice", TRUE));
  g_ptr_array_add (config->outgoing, fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                         465, FP_TRANSPORT_TLS, "alice", TRUE));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  fp_review_page_set_program (page, FP_MAIL_PROGRAM_THUNDERBIRD, &row);
  fp_review_page_set_config (page, config, "Alice");
  gtk_window_present (GTK_WINDOW (window));
  fp_ui_settle (50);

  {
    g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

    /* Alt+C ticks the confirmation, Alt+S sets up: not one key for both. */
    collect_mnemonics (window, seen);
  }
  confirm = fp_ui_find_id (GTK_WIDGET (page), "confirm_check");
  setup = fp_ui_find_id (GTK_WIDGET (page), "setup_button");
  source = fp_ui_find_id (GTK_WIDGET (page), "source_label");
  assert_contains (gtk_label_get_text (GTK_LABEL (source)), "DNS records of mail.example");
  g_assert_true (gtk_widget_get_visible (confirm));
  g_assert_false (gtk_widget_is_sensitive (setup));
  fp_ui_press (confirm);
  /* Confirmed, but no password yet: the login check could not run. */
  g_assert_false (gtk_widget_is_sensitive (setup));
  fp_ui_type (fp_ui_find_id (GTK_WIDGET (page), "password_row"), "secret");
  g_assert_true (gtk_widget_is_sensitive (setup));
  /* Unconfirmed again: nothing is sent to servers that were not checked. */
  fp_ui_press (confirm);
  g_assert_false (gtk_widget_is_sensitive (setup));

  gtk_window_destroy (GTK_WINDOW (window));
  fp_ui_settle (20);
}

/* Markup a hostile server might send, as seen by a man in the middle before STARTTLS. */
#define HOSTILE "<span foreground=\"red\" size=\"xx-large\">Expired</span> " \
                "<a href=\"https://evil.example/\">Renew it here</a> &amp; <b>"

/* Some label on @root shows @text as it is: not read as markup. */
static void
assert_shows_literally (GtkWidget *root, const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  fp_ui_collect_type (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), text) != NULL)
      return;
  g_error ("no label on %s shows “%s” as text", G_OBJECT_TYPE_NAME (root), text);
}

static GtkWidget *
in_window (GtkWidget *page)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  fp_ui_settle (30);
  return window;
}

/*
 * Every place a server's words reach (its error messages, the document's address and logins,
 * link titles, what a writer reports) shows them as text, never as Pango markup.
 */
static void
test_network_text_is_not_markup (void)
{
  g_autoptr(GError) error = g_error_new (FP_ERROR, FP_ERROR_NETWORK,
                                         "imap.mail.example answered something unexpected: %s",
                                         HOSTILE);
  g_autoptr(FpMailConfig) config = fp_mail_config_new (HOSTILE "@mail.example");
  g_autoptr(FpMailServer) server = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                       993, FP_TRANSPORT_TLS, HOSTILE, TRUE);
  g_autoptr(GPtrArray) links =
    g_ptr_array_new_with_free_func ((GDestroyNotify) fp_autoconfig_link_free);
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new ();
  FpWriteOutcome outcome = { .program = FP_MAIL_PROGRAM_THUNDERBIRD, .written = FALSE,
                             .title = (char *) HOSTILE, .summary = (char *) HOSTILE };
  GtkWidget *page;
  GtkWidget *window;

  /* The problem pages: the status page's description is markup in libadwaita 1.2. */
  {
    g_autoptr(FpProblem) problem = fp_problem_new_for_check_error (error);

    page = g_object_new (FP_TYPE_PROBLEM_PAGE, NULL);
    fp_problem_page_set_problem (FP_PROBLEM_PAGE (page), problem);
    window = in_window (page);
    assert_shows_literally (page, HOSTILE);
    gtk_window_destroy (GTK_WINDOW (window));
  }
  {
    g_autoptr(FpProblem) problem = fp_problem_new_for_error (error, "mail.example");

    page = g_object_new (FP_TYPE_PROBLEM_PAGE, NULL);
    fp_problem_page_set_problem (FP_PROBLEM_PAGE (page), problem);
    window = in_window (page);
    assert_shows_literally (page, HOSTILE);
    gtk_window_destroy (GTK_WINDOW (window));
  }

  /* The choice of published accounts, and the page that fetches one. */
  g_ptr_array_add (links, fp_autoconfig_link_new ("https://mail.example/a.json", "mail.example",
                                                  HOSTILE));
  page = g_object_new (FP_TYPE_CHOOSE_PAGE, NULL);
  fp_choose_page_set_links (FP_CHOOSE_PAGE (page), "alice@mail.example", links);
  window = in_window (page);
  assert_shows_literally (page, HOSTILE);
  gtk_window_destroy (GTK_WINDOW (window));
  {
    g_autofree char *message = fp_fetch_page_message (HOSTILE, "mail.example");

    page = g_object_new (FP_TYPE_LOOKUP_PAGE, NULL);
    fp_lookup_page_set_message (FP_LOOKUP_PAGE (page), message);
    window = in_window (page);
    assert_shows_literally (page, HOSTILE);
    gtk_window_destroy (GTK_WINDOW (window));
  }

  /* The review: the document's address and logins; the reason nothing was written. */
  config->source_kind = FP_CONFIG_SOURCE_WEBFINGER;
  config->source_host = g_strdup ("mail.example");
  config->trusted = TRUE;
  g_ptr_array_add (config->incoming, fp_mail_server_copy (server));
  g_ptr_array_add (config->outgoing, fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                         465, FP_TRANSPORT_TLS, HOSTILE, TRUE));
  page = g_object_new (FP_TYPE_REVIEW_PAGE, NULL);
  fp_review_page_set_config (FP_REVIEW_PAGE (page), config, "Alice");
  fp_review_page_set_typed_address (FP_REVIEW_PAGE (page), "alice@mail.example");
  fp_review_page_set_error (FP_REVIEW_PAGE (page), HOSTILE);
  fp_review_page_set_password_error (FP_REVIEW_PAGE (page), HOSTILE);
  window = in_window (page);
  assert_shows_literally (page, HOSTILE "@mail.example");
  assert_shows_literally (page, "user “" HOSTILE "”");
  assert_contains (label_text_of (page, "error_label"), HOSTILE);
  assert_contains (label_text_of (page, "password_error_label"), HOSTILE);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The checking page: what the server answered. */
  page = g_object_new (FP_TYPE_CHECKING_PAGE, NULL);
  {
    g_autoptr(FpCheckRow) row = fp_check_row_new (server, FP_VERIFY_STEP_FAILED, error,
                                                  FP_CHECK_SKIP_STOPPED);

    fp_checking_page_set_server (FP_CHECKING_PAGE (page), server, row);
  }
  window = in_window (page);
  assert_shows_literally (page, HOSTILE);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The done page: what a writer reported. */
  g_ptr_array_add (outcomes, &outcome);
  page = g_object_new (FP_TYPE_DONE_PAGE, NULL);
  fp_done_page_set_outcomes (FP_DONE_PAGE (page), outcomes, HOSTILE);
  window = in_window (page);
  assert_shows_literally (page, HOSTILE);
  gtk_window_destroy (GTK_WINDOW (window));
  fp_ui_settle (20);
}

static void
assert_widget_fits (GtkWidget *widget, const char *what)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum > 360)
    {
      print_widths (widget);
      g_error ("%s needs %d px, more than 360", what, minimum);
    }
}

/*
 * Every page at 360 px in German, whose words are the longest we ship: run as
 * test-wizard-ui-de (LANGUAGE=de). Check box labels wrap, nothing widens the window.
 */
static void
test_phone_width_in_german (void)
{
  FpWindow *window;
  GtkWidget *review_window;
  FpReviewPage *page;
  g_autoptr(FpMailConfig) config = fp_mail_config_new ("alice@mail.example");

  /* Really in German, or this would prove nothing. */
  g_assert_cmpstr (_("_Next"), ==, "_Weiter");

  window = new_window ();
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  assert_fits_phone (window);
  /* A password leaving the domain: the warning card and its check box. */
  start (window, FP_DEMO_FOREIGN_ACCOUNT, "Alice Liddell");
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PASSWORD);
  g_assert_true (is_visible (window, FP_WIZARD_PAGE_PASSWORD, "warning_box"));
  assert_fits_phone (window);
  fp_ui_snap ("de-07-password-foreign");
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "trust_check"));
  give_password (window, FP_DEMO_PASSWORD);
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_REVIEW);
  assert_fits_phone (window);
  fp_ui_snap ("de-05-review");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_IDENTIFIER);
  /* Two published accounts, then nothing published and manual setup. */
  start (window, FP_DEMO_ACCOUNT, "Alice Liddell");
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_CHOOSE);
  assert_fits_phone (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  start (window, FP_DEMO_UNKNOWN_ACCOUNT, "Bob");
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PROBLEM);
  assert_fits_phone (window);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_PROBLEM, "manual_button"));
  assert_fits_phone (window);
  fp_ui_snap ("de-10-manual");
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "incoming_host_row"),
              "imap.slow.example");
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_MANUAL, "next_button"));
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "password_row"), FP_DEMO_PASSWORD);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
  fp_ui_settle (300);
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_CHECKING);
  assert_fits_phone (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  /* The log's window too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.details", NULL));
  fp_ui_settle (50);
  assert_widget_fits (find_toplevel (FP_TYPE_DETAILS_WINDOW), "the Details window");
  gtk_window_destroy (GTK_WINDOW (find_toplevel (FP_TYPE_DETAILS_WINDOW)));
  close_window (window);

  /* The review's own consent card, for settings from DNS. */
  config->source_kind = FP_CONFIG_SOURCE_SRV;
  config->trusted = FALSE;
  config->source_host = g_strdup ("mail.example");
  g_ptr_array_add (config->incoming, fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                         993, FP_TRANSPORT_TLS, "alice", TRUE));
  g_ptr_array_add (config->outgoing, fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                         465, FP_TRANSPORT_TLS, "alice", TRUE));
  page = g_object_new (FP_TYPE_REVIEW_PAGE, NULL);
  fp_review_page_set_config (page, config, "Alice");
  review_window = in_window (GTK_WIDGET (page));
  g_assert_true (gtk_widget_get_visible (fp_ui_find_id (GTK_WIDGET (page), "confirm_box")));
  assert_widget_fits (GTK_WIDGET (page), "the review with its consent card");
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

    collect_mnemonics (review_window, seen);
  }
  gtk_window_destroy (GTK_WINDOW (review_window));
  fp_ui_settle (20);
}

/*
 * Settings as the launch meets it: a small gnome-control-center first on PATH, in this test's
 * home (run-ui-test.sh), that writes down its arguments. Returns the file it writes.
 */
static char *
install_settings_script (void)
{
  g_autofree char *bin = g_build_filename (g_get_home_dir (), "bin", NULL);
  g_autofree char *script = g_build_filename (bin, "gnome-control-center", NULL);
  g_autofree char *path = g_strdup_printf ("%s:%s", bin, g_getenv ("PATH"));
  char *record = g_build_filename (g_get_home_dir (), "gnome-control-center.args", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (bin, 0700), ==, 0);
  g_file_set_contents (script, "#!/bin/sh\necho \"$@\" > \"$HOME/gnome-control-center.args\"\n",
                       -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);
  g_unlink (record);
  if (!g_str_has_prefix (g_getenv ("PATH"), bin))
    g_setenv ("PATH", path, TRUE);
  return record;
}

/* What Settings was started with, once it was. */
static char *
wait_for_settings (const char *record)
{
  gint64 deadline = g_get_monotonic_time () + fp_test_slack_ms (10000) * 1000;
  char *contents = NULL;

  while (!g_file_get_contents (record, &contents, NULL, NULL) || *contents == '\0')
    {
      g_clear_pointer (&contents, g_free);
      if (g_get_monotonic_time () > deadline)
        g_error ("gnome-control-center was not started (no %s)", record);
      fp_ui_settle (20);
    }
  g_unlink (record);
  return contents;
}

/* Presses @button on a computer without Settings: nothing on PATH but an empty folder. */
static void
press_without_settings (GtkWidget *button)
{
  g_autofree char *path = g_strdup (g_getenv ("PATH"));
  g_autofree char *empty = g_build_filename (g_get_home_dir (), "empty", NULL);

  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  g_setenv ("PATH", empty, TRUE);
  fp_ui_press (button);
  g_setenv ("PATH", path, TRUE);
  fp_ui_settle (50);
}

/*
 * GNOME Online Accounts for real, outside the demo, in the real window whose requests go to
 * the demo's servers (fp_window_use_servers_of): offered on the review, Evolution's row says
 * it reads the account from there, the write goes to the goa-daemon of this test's session
 * bus (run-ui-test.sh: its own home), and the done page's button opens Settings → Online
 * Accounts, here the script install_settings_script() puts first on PATH.
 */
static void
test_gnome_online_accounts (void)
{
  FpWindow *window;
  GtkWidget *review;
  GtkWidget *done;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autofree char *record = NULL;
  g_autofree char *started = NULL;
  gboolean evolution = fp_mail_program_is_installed (FP_MAIL_PROGRAM_EVOLUTION);
  GtkWidget *open = NULL;

  if (!fp_goa_is_available ())
    {
      if (g_getenv ("CI") != NULL)
        g_error ("goa-daemon is not on the session bus (package gnome-online-accounts)");
      g_test_skip ("goa-daemon is not on the session bus (package gnome-online-accounts)");
      return;
    }
  record = install_settings_script ();
  window = fp_window_new (NULL);
  fp_window_use_servers_of (window, demo);
  gtk_window_present (GTK_WINDOW (window));
  fp_ui_settle (50);
  g_assert_false (fp_window_is_demo (window));

  start (window, FP_DEMO_ACCOUNT, "Alice");
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_CHOOSE);
  fp_ui_press (GTK_WIDGET (gtk_list_box_get_row_at_index (
      GTK_LIST_BOX (fp_ui_child (window, FP_WIZARD_PAGE_CHOOSE, "list")), 0)));
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PASSWORD);
  give_password (window, FP_DEMO_PASSWORD);
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_REVIEW);
  review = fp_ui_page_widget (window, FP_WIZARD_PAGE_REVIEW);

  /* Offered, not chosen; chosen, Evolution's row says where its account will come from. */
  g_assert_true (is_sensitive (window, FP_WIZARD_PAGE_REVIEW, "goa_row"));
  g_assert_cmpstr (row_subtitle (window, FP_WIZARD_PAGE_REVIEW, "goa_row"), ==,
                   "Read by Settings, Evolution, GNOME Calendar and Geary");
  g_assert_false (is_visible (window, FP_WIZARD_PAGE_REVIEW, "goa_settings_button"));
  g_assert_false (fp_review_page_get_program (FP_REVIEW_PAGE (review), FP_MAIL_PROGRAM_GOA));
  if (evolution)
    g_assert_cmpstr (row_subtitle (window, FP_WIZARD_PAGE_REVIEW, "evolution_row"), ==,
                     "Added to Evolution’s accounts");
  gtk_switch_set_active (GTK_SWITCH (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "goa_switch")),
                         TRUE);
  g_assert_true (fp_review_page_get_program (FP_REVIEW_PAGE (review), FP_MAIL_PROGRAM_GOA));
  if (evolution)
    assert_contains (row_subtitle (window, FP_WIZARD_PAGE_REVIEW, "evolution_row"),
                     "from GNOME Online Accounts");
  /* Only GOA (and Evolution through it); this session has no keyring, so no password kept. */
  gtk_switch_set_active (GTK_SWITCH (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW,
                                                  "thunderbird_switch")), FALSE);
  gtk_switch_set_active (GTK_SWITCH (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW,
                                                  "keyring_switch")), FALSE);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_DONE);

  done = fp_ui_page_widget (window, FP_WIZARD_PAGE_DONE);
  g_assert_cmpstr (adw_status_page_get_title (status_page (window, FP_WIZARD_PAGE_DONE)), ==,
                   "Your Account Is Ready");
  g_assert_true (has_row (done, "GNOME Online Accounts", "accounts.conf"));
  if (evolution)
    g_assert_true (has_row (done, "Evolution", "reads the account from GNOME Online"));
  {
    g_autoptr(GPtrArray) rows = rows_of (done);

    for (guint i = 0; i < rows->len; i++)
      g_assert_false (gtk_widget_has_css_class (g_ptr_array_index (rows, i), "error"));
  }
  /* The window with its header bar, as the other screenshots. */
  fp_ui_snap ("06-done-goa");

  /* One button, for GOA: it opens Settings → Online Accounts. */
  fp_ui_collect_type (fp_ui_child (window, FP_WIZARD_PAGE_DONE, "outcomes_group"),
                      GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), "Open") == 0)
      {
        g_assert_null (open);
        open = g_ptr_array_index (buttons, i);
      }
  g_assert_nonnull (open);
  fp_ui_press (open);
  started = wait_for_settings (record);
  g_assert_cmpstr (started, ==, "online-accounts\n");

  /* No Settings on this computer: the window says so, and nothing else happens. */
  press_without_settings (open);
  assert_shows_literally (GTK_WIDGET (window), "Settings is not installed on this computer");
  g_assert_cmpint (fp_window_get_page (window), ==, FP_WIZARD_PAGE_DONE);

  close_window (window);
}

/*
 * An account that signs in with OAuth2 only (Gmail's servers): GOA's IMAP and SMTP provider
 * cannot hold it, so its row has no switch that could only fail, but says why and opens
 * Settings → Online Accounts, where GOA's own Google provider signs in. The launch is real:
 * the script of install_settings_script(); with no Settings on PATH the page says so.
 */
static void
test_review_oauth2_opens_online_accounts (void)
{
  GtkWidget *window = gtk_window_new ();
  FpReviewPage *page = g_object_new (FP_TYPE_REVIEW_PAGE, NULL);
  g_autoptr(FpMailConfig) config = fp_mail_config_new ("alice@gmail.com");
  FpMailProgramRow off = { .sensitive = TRUE, .active = FALSE, .subtitle = (char *) "here" };
  g_auto(FpMailProgramRow) goa = { 0 };
  const FpAuthMethod oauth2 = FP_AUTH_OAUTH2;
  g_autofree char *record = install_settings_script ();
  g_autofree char *started = NULL;
  GtkWidget *button;
  GtkWidget *error_label;

  g_ptr_array_add (config->incoming, fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.gmail.com",
                                                         993, FP_TRANSPORT_TLS,
                                                         "alice@gmail.com", TRUE));
  g_ptr_array_add (config->outgoing, fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.gmail.com",
                                                         465, FP_TRANSPORT_TLS,
                                                         "alice@gmail.com", TRUE));
  fp_mail_server_set_auth_methods (g_ptr_array_index (config->incoming, 0), &oauth2, 1);
  fp_mail_server_set_auth_methods (g_ptr_array_index (config->outgoing, 0), &oauth2, 1);
  /* As the window computes it: GOA is running (the row is offered), the account is OAuth2. */
  fp_mail_program_row (FP_MAIL_PROGRAM_GOA, TRUE, NULL, &goa);
  fp_mail_program_row_refuse_pop3 (&goa, config);
  fp_mail_program_row_refuse_oauth2 (&goa, config);
  g_assert_true (goa.open_settings);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  fp_review_page_set_config (page, config, "Alice");
  fp_review_page_set_program (page, FP_MAIL_PROGRAM_EVOLUTION, &off);
  fp_review_page_set_program (page, FP_MAIL_PROGRAM_THUNDERBIRD, &off);
  fp_review_page_set_program (page, FP_MAIL_PROGRAM_GOA, &goa);
  gtk_window_present (GTK_WINDOW (window));
  fp_ui_settle (50);

  /* No switch, a reason and a button with a name of its own. */
  g_assert_false (gtk_widget_get_visible (fp_ui_find_id (GTK_WIDGET (page), "goa_switch")));
  g_assert_false (fp_review_page_get_program (page, FP_MAIL_PROGRAM_GOA));
  assert_contains (adw_action_row_get_subtitle (ADW_ACTION_ROW (fp_ui_find_id (GTK_WIDGET (page),
                                                                               "goa_row"))),
                   "Settings → Online Accounts");
  button = fp_ui_find_id (GTK_WIDGET (page), "goa_settings_button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Open Settings");
  g_assert_false (gtk_button_get_use_underline (GTK_BUTTON (button)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Open Online Accounts in Settings");

  /* Pressed, Settings opens on its Online Accounts panel. */
  fp_ui_press (button);
  started = wait_for_settings (record);
  g_assert_cmpstr (started, ==, "online-accounts\n");
  error_label = fp_ui_find_id (GTK_WIDGET (page), "error_label");
  g_assert_false (gtk_widget_get_visible (error_label));

  /* No Settings on this computer: said on the page, nothing else happens. */
  press_without_settings (button);
  g_assert_true (gtk_widget_get_visible (error_label));
  assert_contains (gtk_label_get_text (GTK_LABEL (error_label)), "Settings is not installed");
  assert_contains (gtk_label_get_text (GTK_LABEL (error_label)), "gnome-control-center");
  fp_ui_settle (100);
  g_assert_false (g_file_test (record, G_FILE_TEST_EXISTS));

  /* A password account again: the switch is back. */
  {
    g_auto(FpMailProgramRow) password = { 0 };

    fp_mail_program_row (FP_MAIL_PROGRAM_GOA, TRUE, NULL, &password);
    fp_review_page_set_program (page, FP_MAIL_PROGRAM_GOA, &password);
    g_assert_true (gtk_widget_get_visible (fp_ui_find_id (GTK_WIDGET (page), "goa_switch")));
    g_assert_false (gtk_widget_get_visible (button));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  fp_ui_settle (20);
}

/*
 * OAuth2 servers that Thunderbird knows (Gmail's, from its own table): the
 * review says who signs in and that Fingerpost never sees the password, asks
 * for none, and can go ahead without one.
 */
static void
test_review_oauth2_needs_no_password (void)
{
  GtkWidget *window = gtk_window_new ();
  FpReviewPage *page = g_object_new (FP_TYPE_REVIEW_PAGE, NULL);
  g_autoptr(FpMailConfig) config = fp_mail_config_new ("alice@gmail.com");
  FpMailProgramRow on = { .sensitive = TRUE, .active = TRUE, .subtitle = (char *) "here" };
  FpMailProgramRow off = { .sensitive = TRUE, .active = FALSE, .subtitle = (char *) "here" };
  const FpAuthMethod oauth2 = FP_AUTH_OAUTH2;
  GtkWidget *setup;
  FpMailServer *servers[2];

  if (!g_file_test ("/usr/lib/thunderbird/omni.ja", G_FILE_TEST_IS_REGULAR))
    {
      if (g_getenv ("CI") != NULL)
        g_error ("Thunderbird is not installed: its OAuth2 table is what is tested");
      g_test_skip ("Thunderbird is not installed: its OAuth2 table is what is tested");
      return;
    }
  servers[0] = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.gmail.com", 993,
                                   FP_TRANSPORT_TLS, "alice@gmail.com", TRUE);
  servers[1] = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.gmail.com", 465,
                                   FP_TRANSPORT_TLS, "alice@gmail.com", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    fp_mail_server_set_auth_methods (servers[i], &oauth2, 1);
  g_ptr_array_add (config->incoming, servers[0]);
  g_ptr_array_add (config->outgoing, servers[1]);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  fp_review_page_set_program (page, FP_MAIL_PROGRAM_THUNDERBIRD, &on);
  fp_review_page_set_program (page, FP_MAIL_PROGRAM_EVOLUTION, &off);
  fp_review_page_set_config (page, config, "Alice");
  gtk_window_present (GTK_WINDOW (window));
  fp_ui_settle (50);

  setup = fp_ui_find_id (GTK_WIDGET (page), "setup_button");
  assert_contains (gtk_label_get_text (GTK_LABEL (fp_ui_find_id (GTK_WIDGET (page),
                                                                 "sign_in_label"))),
                   "Thunderbird will open the sign-in page of accounts.google.com the first "
                   "time; Fingerpost never sees that password.");
  g_assert_false (gtk_widget_get_visible (fp_ui_find_id (GTK_WIDGET (page), "password_box")));
  g_assert_true (gtk_widget_is_sensitive (setup));

  /* A password-only server again: the field is back, and wanted. */
  {
    const FpAuthMethod password = FP_AUTH_PASSWORD;
    g_autoptr(FpMailConfig) other = fp_mail_config_new ("alice@mail.example");

    g_ptr_array_add (other->incoming, fp_mail_server_copy (servers[0]));
    g_ptr_array_add (other->outgoing, fp_mail_server_copy (servers[1]));
    fp_mail_server_set_auth_methods (g_ptr_array_index (other->incoming, 0), &password, 1);
    fp_review_page_set_config (page, other, "Alice");
    g_assert_true (gtk_widget_get_visible (fp_ui_find_id (GTK_WIDGET (page), "password_box")));
    g_assert_false (gtk_widget_is_sensitive (setup));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  fp_ui_settle (20);
}

/* The consent to an unencrypted server: names the host, says the risk, declines by default. */
static void
test_insecure_dialog (void)
{
  GtkWidget *window = gtk_window_new ();
  AdwMessageDialog *dialog = fp_insecure_dialog_new (GTK_WINDOW (window), "imap.<b>x</b>.example");

  g_object_ref_sink (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Use an Unencrypted Connection?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "imap.<b>x</b>.example only offers an unencrypted connection. Anyone on the "
                   "network can read your password and your mail.");
  g_assert_false (adw_message_dialog_get_body_use_markup (dialog));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog,
                                                               FP_INSECURE_DIALOG_RESPONSE_USE),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_true (adw_message_dialog_has_response (dialog, FP_INSECURE_DIALOG_RESPONSE_USE));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  fp_ui_settle (20);
}

/*
 * Run last, after every page above has been shown: none of them needed an SVG, so librsvg
 * (about 7 MB resident with libxml2) never loaded. The spinner and the status pages' 128 px
 * icons are PNGs the build renders (src/ui/meson.build); Adwaita has them only as SVGs.
 */
static void
test_no_svg_renderer_loaded (void)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  g_assert_null (strstr (maps, "librsvg"));
  g_assert_null (strstr (maps, "libpixbufloader-svg"));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* GTK's in-process accessibility context, no bus: what a screen reader would be told can be
   * read back (gtk_test_accessible_assert_property), with none of the bus's warnings. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  /* As main.c does: the suite runs in C.UTF-8, and LANGUAGE=de shows the translation. */
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

  /* Run a second time as test-wizard-ui-de, in German: only what does not read English words. */
  if (g_strcmp0 (g_getenv ("LANGUAGE"), "de") == 0)
    {
      const char *localedir = g_getenv ("FP_TEST_LOCALEDIR");

      if (localedir != NULL)
        bindtextdomain (GETTEXT_PACKAGE, localedir);
      g_test_add_func ("/wizard-ui/phone-width-in-german", test_phone_width_in_german);
      status = g_test_run ();
      g_clear_object (&demo);
      return status;
    }
  g_test_add_func ("/wizard-ui/demo-flow", test_demo_flow);
  g_test_add_func ("/wizard-ui/foreign-domain", test_foreign_domain);
  g_test_add_func ("/wizard-ui/too-many-wrong-passwords", test_too_many_wrong_passwords);
  g_test_add_func ("/wizard-ui/cancel", test_cancel);
  g_test_add_func ("/wizard-ui/nothing-found-and-manual", test_nothing_found_and_manual);
  g_test_add_func ("/wizard-ui/review-confirms-less-trusted", test_review_confirms_less_trusted);
  g_test_add_func ("/wizard-ui/network-text-is-not-markup", test_network_text_is_not_markup);
  g_test_add_func ("/wizard-ui/gnome-online-accounts", test_gnome_online_accounts);
  g_test_add_func ("/wizard-ui/review-oauth2-opens-online-accounts",
                   test_review_oauth2_opens_online_accounts);
  g_test_add_func ("/wizard-ui/review-oauth2-needs-no-password",
                   test_review_oauth2_needs_no_password);
  g_test_add_func ("/wizard-ui/insecure-dialog", test_insecure_dialog);
  g_test_add_func ("/wizard-ui/no-svg-renderer-loaded", test_no_svg_renderer_loaded);

  status = g_test_run ();
  g_clear_object (&demo);
  return status;
}
