/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-evolution-writer"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fp-clients-error.h"
#include "fp-evolution-writer.h"
#include "fp-mail-programs.h"

/*
 * The Evolution writer without the registry (test-evolution-registry.c has
 * it): the key files as written, the asynchronous API the wizard calls, the
 * dry run, and failures that must leave nothing behind. Runs with no session
 * bus (run-isolated.sh --session=none), so a keyring call has to fail.
 */

static FpAccountPlan *
make_plan (const char *address)
{
  g_autoptr(FpMailServer) pop = fp_mail_server_new (FP_MAIL_PROTOCOL_POP3, "pop.mail.example", 995,
                                                    FP_TRANSPORT_TLS, "alice", TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                     25, FP_TRANSPORT_STARTTLS, "", FALSE);
  FpAccountPlan *plan = fp_account_plan_new (address, pop, smtp);

  fp_account_plan_set_full_name (plan, "Alice\nSecond line; [Group]=x");
  return plan;
}

static char *
make_dir (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("FP_TEST_TMPDIR"), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return g_steal_pointer (&path);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint count = 0;

  while (handle != NULL && g_dir_read_name (handle) != NULL)
    count++;
  return count;
}

static GKeyFile *
load (const char *path)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&file);
}

static void
assert_key (GKeyFile   *file,
            const char *group,
            const char *key,
            const char *expected)
{
  g_autofree char *value = g_key_file_get_string (file, group, key, NULL);

  g_assert_cmpstr (value, ==, expected);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* The wizard's way: asynchronous, the main loop keeps running meanwhile. */
static FpWriteReport *
write_async (const FpAccountPlan  *plan,
             const char           *dir,
             FpWriteFlags          flags,
             GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fp_evolution_writer_write_async (plan, dir, flags, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return fp_evolution_writer_write_finish (result, error);
}

static void
test_key_files (void)
{
  g_autofree char *dir = make_dir ("sources");
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GKeyFile) account = NULL;
  g_autoptr(GKeyFile) identity = NULL;
  g_autoptr(GKeyFile) transport = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GStatBuf st;

  report = write_async (plan, dir, FP_WRITE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->files->len, ==, 3);
  g_assert_cmpuint (count_files (dir), ==, 3);
  g_assert_cmpuint (report->secrets->len, ==, 0);
  g_assert_null (report->trust_note);
  g_assert_cmpuint (strlen (report->account_id), ==, 40);
  name = g_strconcat (report->account_id, ".source", NULL);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (report->files, 0), name));

  account = load (g_ptr_array_index (report->files, 0));
  identity = load (g_ptr_array_index (report->files, 1));
  transport = load (g_ptr_array_index (report->files, 2));
  assert_key (account, "Data Source", "DisplayName", "alice@mail.example");
  assert_key (account, "Mail Account", "BackendName", "pop");
  assert_key (account, "Mail Account", "IdentityUid", report->identity_id);
  assert_key (account, "Authentication", "Host", "pop.mail.example");
  assert_key (account, "Authentication", "Port", "995");
  assert_key (account, "Authentication", "User", "alice");
  /* A password login, as Evolution's own assistant writes it. */
  assert_key (account, "Authentication", "Method", "PLAIN");
  assert_key (account, "Security", "Method", "ssl-on-alternate-port");
  assert_key (identity, "Data Source", "Parent", report->account_id);
  assert_key (identity, "Mail Identity", "Address", "alice@mail.example");
  assert_key (identity, "Mail Identity", "Name", "Alice\nSecond line; [Group]=x");
  assert_key (identity, "Mail Submission", "TransportUid", report->transport_id);
  assert_key (transport, "Data Source", "Parent", report->account_id);
  assert_key (transport, "Mail Transport", "BackendName", "smtp");
  assert_key (transport, "Authentication", "Port", "25");
  assert_key (transport, "Authentication", "User", "");
  assert_key (transport, "Authentication", "Method", "none");
  assert_key (transport, "Security", "Method", "starttls-on-standard-port");

  for (guint i = 0; i < report->files->len; i++)
    {
      g_assert_cmpint (g_stat (g_ptr_array_index (report->files, i), &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }

  /* The same address on the same server again: reported, nothing added. */
  g_clear_pointer (&report, fp_write_report_unref);
  report = write_async (plan, dir, FP_WRITE_FLAGS_NONE, &error);
  g_assert_null (report);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED);
  g_assert_cmpuint (count_files (dir), ==, 3);
}

static void
test_dry_run (void)
{
  g_autofree char *base = make_dir ("dry");
  g_autofree char *dir = g_build_filename (base, "evolution", "sources", NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;

  fp_account_plan_set_password (plan, "pw", TRUE);
  report = write_async (plan, dir, FP_WRITE_FLAGS_DRY_RUN, &error);
  g_assert_no_error (error);
  g_assert_true (report->dry_run);
  g_assert_cmpuint (report->files->len, ==, 3);
  g_assert_cmpuint (report->changes->len, ==, 6);
  g_assert_nonnull (strstr (g_ptr_array_index (report->changes, 1), "BackendName=pop"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* No session bus here: the keyring is unavailable, and nothing may be written. */
static void
test_keyring_unavailable (void)
{
  g_autofree char *dir = make_dir ("nobus");
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;

  fp_account_plan_set_password (plan, "pw", TRUE);
  report = write_async (plan, dir, FP_WRITE_FLAGS_NONE, &error);
  g_assert_null (report);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_KEYRING_UNAVAILABLE);
  g_assert_cmpuint (count_files (dir), ==, 0);
}

/* A file where the folder should be: a plain error, nothing half done. */
static void
test_unwritable (void)
{
  g_autofree char *base = make_dir ("blocked");
  g_autofree char *blocker = g_build_filename (base, "evolution", NULL);
  g_autofree char *dir = g_build_filename (blocker, "sources", NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (blocker, "not a folder", -1, &error);
  g_assert_no_error (error);
  report = write_async (plan, dir, FP_WRITE_FLAGS_NONE, &error);
  g_assert_null (report);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED);
  g_test_message ("%s", error->message);
}

static void
write_desktop_file (const char *data_dir,
                    const char *id)
{
  g_autofree char *apps = g_build_filename (data_dir, "applications", NULL);
  g_autofree char *path = g_build_filename (apps, id, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_file_set_contents (path, "[Desktop Entry]\nType=Application\nName=x\nExec=x\n", -1, &error);
  g_assert_no_error (error);
}

/* Detection looks at PATH and at desktop files (Flatpak installs have no binary on PATH). */
static void
test_detect_programs (void)
{
  g_autofree char *empty = make_dir ("empty-path");
  g_autofree char *data = make_dir ("data-dirs");
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *old_data = g_strdup (g_getenv ("XDG_DATA_DIRS"));
  g_autoptr(GArray) none = NULL;
  g_autoptr(GArray) one = NULL;
  FpMailProgram program;

  g_setenv ("PATH", empty, TRUE);
  g_setenv ("XDG_DATA_DIRS", data, TRUE);
  none = fp_mail_programs_detect ();
  g_assert_cmpuint (none->len, ==, 0);

  write_desktop_file (data, "org.mozilla.Thunderbird.desktop");
  one = fp_mail_programs_detect ();
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpint (g_array_index (one, FpMailProgram, 0), ==, FP_MAIL_PROGRAM_THUNDERBIRD);

  g_assert_true (fp_mail_program_from_string ("Evolution", &program));
  g_assert_cmpint (program, ==, FP_MAIL_PROGRAM_EVOLUTION);
  g_assert_false (fp_mail_program_from_string ("mutt", &program));
  g_assert_true (fp_mail_program_from_string ("gnome-online-accounts", &program));
  g_assert_cmpint (program, ==, FP_MAIL_PROGRAM_GOA);
  /* No session bus here (run-isolated.sh --session=none): GOA is not there to offer. */
  g_assert_false (fp_mail_program_is_installed (FP_MAIL_PROGRAM_GOA));

  g_setenv ("PATH", old_path, TRUE);
  if (old_data != NULL)
    g_setenv ("XDG_DATA_DIRS", old_data, TRUE);
  else
    g_unsetenv ("XDG_DATA_DIRS");
}

/* An authority added with --ca-file is not Evolution's: the report says what will happen. */
static void
test_trust_note (void)
{
  g_autofree char *dir = make_dir ("sources-ca");
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;

  fp_account_plan_set_label (plan, "Personal");
  fp_account_plan_set_ca_file (plan, "/etc/company/ca.pem");
  report = fp_evolution_writer_write_sync (plan, dir, FP_WRITE_FLAGS_DRY_RUN, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report->trust_note);
  g_assert_nonnull (strstr (report->trust_note, "/etc/company/ca.pem"));
  g_assert_nonnull (strstr (report->trust_note, "system-wide"));
  /* The provider's title names no source. */
  g_assert_nonnull (strstr (g_ptr_array_index (report->changes, 1),
                            "DisplayName=alice@mail.example"));
  g_assert_null (strstr (g_ptr_array_index (report->changes, 1), "Personal"));
}

/* CRAM-MD5 in the provider's list: Evolution's own mechanism name, for both sources. */
static void
test_cram_md5 (void)
{
  g_autofree char *dir = make_dir ("sources-cram");
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example");
  const FpAuthMethod cram_md5 = FP_AUTH_CRAM_MD5;
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GKeyFile) account = NULL;
  g_autoptr(GKeyFile) transport = NULL;
  g_autoptr(GError) error = NULL;

  fp_mail_server_set_auth_methods (plan->incoming, &cram_md5, 1);
  fp_mail_server_set_auth_methods (plan->outgoing, &cram_md5, 1);
  plan->outgoing->login_required = TRUE;
  report = write_async (plan, dir, FP_WRITE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  account = load (g_ptr_array_index (report->files, 0));
  transport = load (g_ptr_array_index (report->files, 2));
  assert_key (account, "Authentication", "Method", "CRAM-MD5");
  assert_key (transport, "Authentication", "Method", "CRAM-MD5");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/evolution-writer/key-files", test_key_files);
  g_test_add_func ("/evolution-writer/cram-md5", test_cram_md5);
  g_test_add_func ("/evolution-writer/dry-run", test_dry_run);
  g_test_add_func ("/evolution-writer/keyring-unavailable", test_keyring_unavailable);
  g_test_add_func ("/evolution-writer/unwritable", test_unwritable);
  g_test_add_func ("/evolution-writer/detect-programs", test_detect_programs);
  g_test_add_func ("/evolution-writer/trust-note", test_trust_note);
  return g_test_run ();
}
