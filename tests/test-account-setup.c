/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-account-setup"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fp-account-setup.h"
#include "fp-clients-error.h"
#include "fp-keyring.h"

/*
 * The one account setup both front ends call, driven directly: each chosen
 * program in turn, all or nothing per program, one report naming where the
 * account went. Run in a home of its own (run-isolated.sh), with a real
 * unlocked keyring (--session=keyring) or with a bus and no keyring at all
 * (--session=no-keyring).
 */

static gboolean
have_keyring (void)
{
  return g_strcmp0 (g_getenv ("FP_TEST_SESSION"), "keyring") == 0;
}

static FpAccountPlan *
make_plan (const char *address,
           gboolean    keep_password)
{
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                     993, FP_TRANSPORT_TLS, "alice", TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                     587, FP_TRANSPORT_STARTTLS, "alice", TRUE);
  FpAccountPlan *plan = fp_account_plan_new (address, imap, smtp);

  fp_account_plan_set_full_name (plan, "Alice");
  fp_account_plan_set_label (plan, "Personal");
  fp_account_plan_set_password (plan, "abc123", keep_password);
  return plan;
}

/* A Thunderbird profile folder, empty: the writer makes prefs.js. */
static char *
make_profile (void)
{
  g_autofree char *profile = g_build_filename (g_get_home_dir (), "tb-profile", NULL);

  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  return g_steal_pointer (&profile);
}

static char *
sources_dir (void)
{
  return g_build_filename (g_get_home_dir (), "evolution-sources", NULL);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The asynchronous call, as the front ends make it. */
static FpSetupReport *
run_async (FpAccountSetup *setup,
           GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fp_account_setup_run_async (setup, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return fp_account_setup_run_finish (setup, result, error);
}

static void
test_every_program_one_report (void)
{
  g_autofree char *profile = make_profile ();
  g_autofree char *sources = sources_dir ();
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", TRUE);
  g_autoptr(FpAccountSetup) setup = fp_account_setup_new (plan, FP_WRITE_FLAGS_NONE);
  g_autoptr(FpSetupReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefs = NULL;
  g_autofree char *prefs_path = NULL;
  const FpSetupResult *evolution;
  const FpSetupResult *thunderbird;

  if (!have_keyring ())
    {
      g_test_skip ("needs --session=keyring");
      return;
    }
  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_EVOLUTION, sources);
  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_THUNDERBIRD, profile);
  /* Twice is once. */
  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_EVOLUTION, NULL);
  report = fp_account_setup_run_sync (setup, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (fp_setup_report_get_address (report), ==, "alice@mail.example");
  g_assert_false (fp_setup_report_get_dry_run (report));
  g_assert_cmpuint (fp_setup_report_get_n_results (report), ==, 2);
  g_assert_cmpuint (fp_setup_report_count (report, FP_SETUP_STATUS_WRITTEN), ==, 2);
  g_assert_null (fp_setup_report_first_error (report));

  evolution = fp_setup_report_lookup (report, FP_MAIL_PROGRAM_EVOLUTION);
  g_assert_true (evolution == fp_setup_report_get_result (report, 0));
  g_assert_cmpint (evolution->status, ==, FP_SETUP_STATUS_WRITTEN);
  g_assert_cmpstr (evolution->report->location, ==, sources);
  /* Each UID names its file in the sources folder. */
  for (guint i = 0; i < 3; i++)
    {
      const char *uids[] = { evolution->report->account_id, evolution->report->identity_id,
                             evolution->report->transport_id };
      g_autofree char *name = g_strconcat (uids[i], ".source", NULL);
      g_autofree char *path = g_build_filename (sources, name, NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_cmpstr (evolution->report->incoming_id, ==, evolution->report->account_id);

  thunderbird = fp_setup_report_lookup (report, FP_MAIL_PROGRAM_THUNDERBIRD);
  g_assert_cmpint (thunderbird->status, ==, FP_SETUP_STATUS_WRITTEN);
  g_assert_cmpstr (thunderbird->report->location, ==, profile);
  g_assert_cmpstr (thunderbird->report->account_id, ==, "account1");
  g_assert_cmpstr (thunderbird->report->incoming_id, ==, "server1");
  g_assert_cmpstr (thunderbird->report->identity_id, ==, "id1");
  g_assert_cmpstr (thunderbird->report->transport_id, ==, "smtp1");
  prefs_path = g_build_filename (profile, "prefs.js", NULL);
  g_assert_true (g_file_get_contents (prefs_path, &prefs, NULL, NULL));
  g_assert_nonnull (strstr (prefs, "\"mail.server.server1.hostname\", \"imap.mail.example\""));

  g_assert_null (fp_setup_report_lookup (report, FP_MAIL_PROGRAM_COUNT));

  /* What a record of the account gets: both reports, in order. */
  {
    g_autoptr(GPtrArray) written = fp_setup_report_dup_written (report);

    g_assert_cmpuint (written->len, ==, 2);
    g_assert_true (g_ptr_array_index (written, 0) == evolution->report);
    g_assert_true (g_ptr_array_index (written, 1) == thunderbird->report);
  }
}

/* One program failing leaves the other written; the report says which and why. */
static void
test_one_fails_other_written (void)
{
  g_autofree char *sources = sources_dir ();
  g_autofree char *missing = g_build_filename (g_get_home_dir (), "no-such-profile", NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("carol@mail.example", FALSE);
  g_autoptr(FpAccountSetup) setup = fp_account_setup_new (plan, FP_WRITE_FLAGS_NONE);
  g_autoptr(FpSetupReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const FpSetupResult *thunderbird;
  const FpSetupResult *evolution;

  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_THUNDERBIRD, missing);
  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_EVOLUTION, sources);
  report = run_async (setup, &error);
  g_assert_no_error (error);

  thunderbird = fp_setup_report_get_result (report, 0);
  g_assert_cmpint (thunderbird->program, ==, FP_MAIL_PROGRAM_THUNDERBIRD);
  g_assert_cmpint (thunderbird->status, ==, FP_SETUP_STATUS_FAILED);
  g_assert_null (thunderbird->report);
  g_assert_error (thunderbird->error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_NO_PROFILE);
  {
    g_autoptr(GPtrArray) written = fp_setup_report_dup_written (report);

    g_assert_cmpuint (written->len, ==, 1);
  }
  g_assert_true (fp_setup_report_first_error (report) == thunderbird->error);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  evolution = fp_setup_report_get_result (report, 1);
  g_assert_cmpint (evolution->status, ==, FP_SETUP_STATUS_WRITTEN);
  /* No keyring wanted: none touched, even in a session without one. */
  g_assert_cmpuint (evolution->report->secrets->len, ==, 0);

  /* The same account again: refused as a duplicate, and said so. */
  g_clear_pointer (&report, fp_setup_report_unref);
  g_clear_object (&setup);
  setup = fp_account_setup_new (plan, FP_WRITE_FLAGS_NONE);
  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_EVOLUTION, sources);
  report = fp_account_setup_run_sync (setup, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fp_setup_report_count (report, FP_SETUP_STATUS_FAILED), ==, 1);
  g_assert_error (fp_setup_report_first_error (report), FP_CLIENTS_ERROR,
                  FP_CLIENTS_ERROR_ALREADY_CONFIGURED);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (handle != NULL && g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

/* A dry run says what it would write and writes nothing. */
static void
test_dry_run (void)
{
  g_autofree char *profile = g_build_filename (g_get_home_dir (), "dry-profile", NULL);
  g_autofree char *sources = g_build_filename (g_get_home_dir (), "dry-sources", NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("dave@mail.example", TRUE);
  g_autoptr(FpAccountSetup) setup = fp_account_setup_new (plan, FP_WRITE_FLAGS_DRY_RUN);
  g_autoptr(FpSetupReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_EVOLUTION, sources);
  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_THUNDERBIRD, profile);
  /* Even without a keyring: a dry run never asks it. */
  report = fp_account_setup_run_sync (setup, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (fp_setup_report_get_dry_run (report));
  g_assert_cmpuint (fp_setup_report_count (report, FP_SETUP_STATUS_WOULD_WRITE), ==, 2);
  g_assert_cmpuint (fp_setup_report_get_result (report, 0)->report->files->len, ==, 3);
  {
    g_autoptr(GPtrArray) written = fp_setup_report_dup_written (report);

    g_assert_cmpuint (written->len, ==, 0);
  }
  g_assert_cmpuint (count_files (profile), ==, 0);
  g_assert_false (g_file_test (sources, G_FILE_TEST_EXISTS));
}

/* Without a keyring to take the password, nothing at all is written. */
static void
test_no_keyring_writes_nothing (void)
{
  g_autofree char *profile = g_build_filename (g_get_home_dir (), "nokeyring-profile", NULL);
  g_autofree char *sources = g_build_filename (g_get_home_dir (), "nokeyring-sources", NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("erin@mail.example", TRUE);
  g_autoptr(FpAccountSetup) setup = fp_account_setup_new (plan, FP_WRITE_FLAGS_NONE);
  g_autoptr(FpSetupReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (have_keyring ())
    {
      g_test_skip ("needs --session=no-keyring");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_EVOLUTION, sources);
  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_THUNDERBIRD, profile);
  report = fp_account_setup_run_sync (setup, NULL, &error);
  g_assert_null (report);
  g_assert_true (fp_clients_error_is_keyring (error));
  g_test_message ("%s", error->message);
  g_assert_cmpuint (count_files (profile), ==, 0);
  g_assert_false (g_file_test (sources, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("FP_TEST_TMPDIR") == NULL)
    g_error ("run me with run-isolated.sh");

  g_test_add_func ("/account-setup/every-program-one-report", test_every_program_one_report);
  g_test_add_func ("/account-setup/one-fails-other-written", test_one_fails_other_written);
  g_test_add_func ("/account-setup/dry-run", test_dry_run);
  g_test_add_func ("/account-setup/no-keyring-writes-nothing", test_no_keyring_writes_nothing);
  return g_test_run ();
}
