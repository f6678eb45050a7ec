/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-first-run"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fp-account-state.h"
#include "fp-evolution-writer.h"
#include "fp-first-run.h"

/*
 * When `fingerpost --first-run` offers anything, in a home of its own
 * (run-isolated.sh): the decision itself, then the real program, which
 * exits at once (before any toolkit) whenever it has nothing to offer.
 */

static void
write_file (const char *path,
            const char *text)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static char *
session_marker (void)
{
  return g_build_filename (g_get_user_runtime_dir (), "fingerpost-first-run-test-session", NULL);
}

static void
test_no_display (void)
{
  g_assert_cmpint (fp_first_run_decide (FALSE), ==, FP_FIRST_RUN_NO_DISPLAY);
}

static void
test_evolution (void)
{
  g_autofree char *dir = fp_evolution_sources_dir ();
  g_autofree char *local = g_build_filename (dir, "local.source", NULL);
  g_autofree char *imap = g_build_filename (dir, "abc.source", NULL);

  /* Evolution's own local folders are not a mail account. */
  write_file (local, "[Data Source]\nDisplayName=On This Computer\n"
                     "[Mail Account]\nBackendName=maildir\n");
  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_OFFER);
  write_file (imap, "[Data Source]\nDisplayName=bob@example.org\n"
                    "[Mail Account]\nBackendName=imapx\n");
  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_EVOLUTION);
  g_unlink (imap);
  g_unlink (local);
}

static void
test_thunderbird (void)
{
  g_autofree char *ini = g_build_filename (g_get_home_dir (), ".thunderbird", "profiles.ini",
                                           NULL);
  g_autofree char *prefs = g_build_filename (g_get_home_dir (), ".thunderbird", "p.default",
                                             "prefs.js", NULL);

  write_file (ini, "[Profile0]\nName=default\nIsRelative=1\nPath=p.default\nDefault=1\n");
  /* Every profile that started has Local Folders: not a mail account. */
  write_file (prefs, "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
                     "user_pref(\"mail.account.account1.server\", \"server1\");\n"
                     "user_pref(\"mail.server.server1.type\", \"none\");\n");
  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_OFFER);
  write_file (prefs, "user_pref(\"mail.accountmanager.accounts\", \"account1,account2\");\n"
                     "user_pref(\"mail.account.account1.server\", \"server1\");\n"
                     "user_pref(\"mail.server.server1.type\", \"none\");\n"
                     "user_pref(\"mail.account.account2.server\", \"server2\");\n"
                     "user_pref(\"mail.server.server2.type\", \"imap\");\n");
  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_THUNDERBIRD);
  g_unlink (prefs);
}

static void
test_goa (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "goa-1.0", "accounts.conf",
                                            NULL);

  write_file (path, "[Account account_1_1]\nProvider=google\nMailEnabled=false\n");
  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_OFFER);
  write_file (path, "[Account account_1_2]\nProvider=imap_smtp\nMailEnabled=true\n");
  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_GOA);
  g_unlink (path);
}

static void
test_recorded (void)
{
  g_autoptr(GPtrArray) records =
    g_ptr_array_new_with_free_func ((GDestroyNotify) fp_account_record_free);
  g_autoptr(FpAccountRecord) record = fp_account_record_new ();
  g_autoptr(FpMailServer) in = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                   993, FP_TRANSPORT_TLS, "alice", TRUE);
  g_autoptr(FpMailServer) out = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                    465, FP_TRANSPORT_TLS, "alice", TRUE);
  g_autofree char *dir = fp_account_state_dir ();
  g_autofree char *path = g_build_filename (dir, "accounts.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) loaded = NULL;

  record->account = g_strdup ("alice@mail.example");
  record->address = g_strdup ("alice@mail.example");
  fp_account_record_set_servers (record, in, out);
  g_ptr_array_add (records, g_steal_pointer (&record));
  g_assert_true (fp_account_state_save (NULL, records, &error));
  g_assert_no_error (error);
  /* The state file is the person's alone, and reads back as written. */
  {
    GStatBuf buf;

    g_assert_cmpint (g_stat (path, &buf), ==, 0);
    g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  }
  loaded = fp_account_state_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_RECORDED);

  /* A state file that cannot be read is an error, and still counts as something set up. */
  write_file (path, "{ \"accounts\": [ { \"account\": 1 } ] }");
  g_assert_null (fp_account_state_load (NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (strstr (error->message, path) != NULL);
  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_RECORDED);
  g_unlink (path);
}

static void
test_once_per_session (void)
{
  g_autofree char *marker = session_marker ();

  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_OFFER);
  g_assert_true (fp_first_run_begin (TRUE));
  g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_assert_false (fp_first_run_begin (TRUE));
  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_ALREADY_SHOWN);
  g_unlink (marker);
}

/* The real program: nothing to offer means no window, no toolkit, exit 0 at once. */
static void
run_first_run (const char *display,
               int        *status,
               char      **err)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  if (display != NULL)
    g_subprocess_launcher_setenv (launcher, "DISPLAY", display, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("FINGERPOST"), "--first-run",
                                         NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
}

static void
test_program_exits (void)
{
  g_autofree char *no_display = NULL;
  g_autofree char *declined = NULL;
  int status = -1;

  run_first_run (NULL, &status, &no_display);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (no_display, "no graphical session"));

  /* "Don't Ask Again" is remembered in the state folder; a display that does not exist is
   * never opened, since the program stops before the toolkit. */
  g_assert_true (fp_first_run_decline (NULL));
  g_assert_cmpint (fp_first_run_decide (TRUE), ==, FP_FIRST_RUN_DECLINED);
  run_first_run (":99", &status, &declined);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (declined, "Don’t Ask Again"));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("XDG_SESSION_ID", "test-session", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("FINGERPOST"));
  g_assert_nonnull (g_getenv ("FP_TEST_TMPDIR"));

  g_test_add_func ("/first-run/no-display", test_no_display);
  g_test_add_func ("/first-run/evolution", test_evolution);
  g_test_add_func ("/first-run/thunderbird", test_thunderbird);
  g_test_add_func ("/first-run/goa", test_goa);
  g_test_add_func ("/first-run/recorded", test_recorded);
  g_test_add_func ("/first-run/once-per-session", test_once_per_session);
  /* Last: it says "Don't Ask Again". */
  g_test_add_func ("/first-run/program-exits", test_program_exits);
  return g_test_run ();
}
