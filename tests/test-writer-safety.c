/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-writer-safety"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fp-clients-error.h"
#include "fp-evolution-writer.h"
#include "fp-test-scratch.h"
#include "fp-thunderbird-writer.h"

/*
 * What goes wrong when several setups run at once or one is killed:
 * six concurrent setups make one account (for each program), a backup is
 * never overwritten, Evolution's three files appear together or not at all
 * (a run killed with SIGKILL at any moment leaves no half account once the
 * next run has cleaned up), and a half account already there is reported
 * rather than doubled. Runs with no session bus (run-isolated.sh): no
 * password, so no keyring.
 */

#define N_WRITERS 6

static FpAccountPlan *
make_plan (const char *address)
{
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                     993, FP_TRANSPORT_TLS, "alice", TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                     465, FP_TRANSPORT_TLS, "alice", TRUE);

  return fp_account_plan_new (address, imap, smtp);
}

static FpTestScratch *
make_dir (void)
{
  return fp_test_scratch_new ("fp-safety-XXXXXX");
}

static guint
count_files (const char *dir,
             const char *prefix,
             const char *suffix)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint count = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    count += (prefix == NULL || g_str_has_prefix (name, prefix)) &&
             (suffix == NULL || g_str_has_suffix (name, suffix));
  return count;
}

/* Concurrent setups */

typedef struct
{
  FpMailProgram  program;
  const char    *dir;
  GMutex         mutex;
  GCond          cond;
  gboolean       go;
  guint          written;
  guint          refused;
} Race;

static gpointer
racer (gpointer data)
{
  Race *race = data;
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&race->mutex);
  while (!race->go)
    g_cond_wait (&race->cond, &race->mutex);
  g_mutex_unlock (&race->mutex);

  if (race->program == FP_MAIL_PROGRAM_EVOLUTION)
    report = fp_evolution_writer_write_sync (plan, race->dir, FP_WRITE_FLAGS_NONE, NULL, &error);
  else
    report = fp_thunderbird_writer_write_sync (plan, race->dir, FP_WRITE_FLAGS_NONE, NULL,
                                               &error);
  g_mutex_lock (&race->mutex);
  if (report != NULL)
    race->written++;
  else if (g_error_matches (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED))
    race->refused++;
  else
    g_test_message ("unexpected: %s", error->message);
  g_mutex_unlock (&race->mutex);
  return NULL;
}

static void
run_race (FpMailProgram  program,
          const char    *dir,
          Race          *race)
{
  GThread *threads[N_WRITERS];

  *race = (Race) { .program = program, .dir = dir };
  g_mutex_init (&race->mutex);
  g_cond_init (&race->cond);
  for (guint i = 0; i < N_WRITERS; i++)
    threads[i] = g_thread_new ("racer", racer, race);
  g_usleep (20 * 1000);
  g_mutex_lock (&race->mutex);
  race->go = TRUE;
  g_cond_broadcast (&race->cond);
  g_mutex_unlock (&race->mutex);
  for (guint i = 0; i < N_WRITERS; i++)
    g_thread_join (threads[i]);
  g_mutex_clear (&race->mutex);
  g_cond_clear (&race->cond);
}

static void
test_concurrent_evolution (void)
{
  for (guint round = 0; round < 10; round++)
    {
      g_autoptr(FpTestScratch) dir = make_dir ();
      Race race;

      run_race (FP_MAIL_PROGRAM_EVOLUTION, dir, &race);
      g_assert_cmpuint (race.written, ==, 1);
      g_assert_cmpuint (race.refused, ==, N_WRITERS - 1);
      g_assert_cmpuint (count_files (dir, NULL, ".source"), ==, 3);
    }
}

static void
test_concurrent_thunderbird (void)
{
  for (guint round = 0; round < 10; round++)
    {
      g_autoptr(FpTestScratch) dir = make_dir ();
      g_autofree char *prefs_path = g_build_filename (dir, "prefs.js", NULL);
      g_autoptr(FpPrefsJs) prefs = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) accounts = NULL;
      Race race;

      run_race (FP_MAIL_PROGRAM_THUNDERBIRD, dir, &race);
      g_assert_cmpuint (race.written, ==, 1);
      g_assert_cmpuint (race.refused, ==, N_WRITERS - 1);
      prefs = fp_prefs_js_load (prefs_path, &error);
      g_assert_no_error (error);
      accounts = g_strsplit (fp_prefs_js_get_string (prefs, "mail.accountmanager.accounts"), ",",
                             -1);
      g_assert_cmpuint (g_strv_length (accounts), ==, 1);
    }
}

/* Backups */

static void
test_backups_never_overwritten (void)
{
  g_autoptr(FpTestScratch) dir = make_dir ();
  g_autofree char *prefs_path = g_build_filename (dir, "prefs.js", NULL);
  const char original[] = "// Mozilla User Preferences\nuser_pref(\"before.fingerpost\", 1);\n";
  const char *addresses[] = { "a@mail.example", "b@mail.example", "c@mail.example" };
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func (g_free);
  guint originals = 0;

  g_assert_true (g_file_set_contents (prefs_path, original, -1, NULL));
  /* Well within one second: the backups' time stamps are the same. */
  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autoptr(FpAccountPlan) plan = make_plan (addresses[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(FpWriteReport) report =
        fp_thunderbird_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (report->backup);
      g_assert_false (g_ptr_array_find_with_equal_func (backups, report->backup, g_str_equal,
                                                        NULL));
      g_ptr_array_add (backups, g_strdup (report->backup));
    }
  g_assert_cmpuint (count_files (dir, "prefs.js.before-fingerpost-", NULL), ==, 3);
  for (guint i = 0; i < backups->len; i++)
    {
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (g_ptr_array_index (backups, i), &text, NULL, NULL));
      originals += g_strcmp0 (text, original) == 0;
    }
  /* The file from before Fingerpost, exactly once; the later ones hold our earlier accounts. */
  g_assert_cmpuint (originals, ==, 1);
}

/* Evolution's three files */

static void
assert_no_half_account (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint accounts = 0, sources = 0;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GKeyFile) file = g_key_file_new ();
      g_autofree char *parent = NULL;
      g_autofree char *parent_path = NULL;

      /* Nothing staged or half done is left once a run has cleaned up. */
      g_assert_false (g_str_has_suffix (name, ".fingerpost-new"));
      g_assert_false (g_str_has_prefix (name, ".fingerpost-pending-"));
      if (!g_str_has_suffix (name, ".source"))
        continue;
      sources++;
      g_assert_true (g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL));
      if (g_key_file_has_group (file, "Mail Account"))
        {
          accounts++;
          continue;
        }
      parent = g_key_file_get_string (file, "Data Source", "Parent", NULL);
      parent_path = g_strdup_printf ("%s/%s.source", dir, parent);
      g_assert_true (g_file_test (parent_path, G_FILE_TEST_EXISTS));
    }
  g_assert_cmpuint (sources, ==, accounts * 3);
}

/* The child: writes accounts for new addresses until it is killed. */
static int
write_forever (const char *dir)
{
  for (guint i = 0;; i++)
    {
      g_autofree char *address = g_strdup_printf ("user%u.%d@mail.example", i, (int) getpid ());
      g_autoptr(FpAccountPlan) plan = make_plan (address);
      g_autoptr(FpWriteReport) report =
        fp_evolution_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, NULL, NULL);
    }
  return 0;
}

static void
test_killed_run_leaves_no_half_account (void)
{
  const char *self = g_getenv ("FP_TEST_SELF");
  g_autoptr(FpTestScratch) dir = make_dir ();

  g_assert_nonnull (self);
  for (guint round = 0; round < 12; round++)
    {
      const char *argv[] = { self, "--write-forever", dir, NULL };
      g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example");
      g_autoptr(FpWriteReport) report = NULL;
      g_autoptr(GError) error = NULL;
      GPid pid;
      int status;

      g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                     &error);
      g_assert_no_error (error);
      g_usleep (g_random_int_range (30, 120) * 1000);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);

      /* The next run cleans what the killed one left, then writes. */
      report = fp_evolution_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, NULL, &error);
      if (round == 0)
        g_assert_no_error (error);
      else
        g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED);
      assert_no_half_account (dir);
    }
  g_test_message ("%u complete accounts written by killed runs",
                  count_files (dir, NULL, ".source") / 3);
}

/* An account without identity, as a run killed between renames used to leave. */
static void
test_half_account_reported (void)
{
  g_autoptr(FpTestScratch) dir = make_dir ();
  g_autofree char *half = g_build_filename (dir, "0123456789abcdef.source", NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char text[] = "[Data Source]\nDisplayName=alice@mail.example\nEnabled=true\n\n"
                      "[Mail Account]\nBackendName=imapx\nIdentityUid=fedcba9876543210\n\n"
                      "[Authentication]\nHost=imap.mail.example\nPort=993\nUser=alice\n";

  g_assert_true (g_file_set_contents (half, text, -1, NULL));
  report = fp_evolution_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "0123456789abcdef.source"));
  g_assert_cmpuint (count_files (dir, NULL, ".source"), ==, 1);
}

/* What the current scheme leaves when killed after renaming the identity: cleaned away. */
static void
test_pending_set_cleaned (void)
{
  g_autoptr(FpTestScratch) dir = make_dir ();
  g_autofree char *journal = g_build_filename (dir, ".fingerpost-pending-aaaa", NULL);
  g_autofree char *staged = g_build_filename (dir, ".aaaa.fingerpost-new", NULL);
  g_autofree char *staged_transport = g_build_filename (dir, ".cccc.fingerpost-new", NULL);
  g_autofree char *identity = g_build_filename (dir, "bbbb.source", NULL);
  g_autofree char *unrelated = g_build_filename (dir, "dddd.source", NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (journal, "[Pending]\nAccount=aaaa\nIdentity=bbbb\n"
                                      "Transport=cccc\n", -1, NULL));
  g_assert_true (g_file_set_contents (staged, "[Data Source]\n", -1, NULL));
  g_assert_true (g_file_set_contents (staged_transport, "[Data Source]\n", -1, NULL));
  g_assert_true (g_file_set_contents (identity, "[Data Source]\nParent=aaaa\n", -1, NULL));
  g_assert_true (g_file_set_contents (unrelated, "[Data Source]\nDisplayName=x\n", -1, NULL));

  report = fp_evolution_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (staged, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (staged_transport, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (identity, G_FILE_TEST_EXISTS));
  /* Someone else's source is none of our business. */
  g_assert_true (g_file_test (unrelated, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir, NULL, ".source"), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && strcmp (argv[1], "--write-forever") == 0)
    return write_forever (argv[2]);

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("FP_TEST_TMPDIR") == NULL)
    g_error ("run me with run-isolated.sh");
  g_setenv ("FP_TEST_SELF", argv[0], TRUE);

  g_test_add_func ("/writer-safety/concurrent-evolution", test_concurrent_evolution);
  g_test_add_func ("/writer-safety/concurrent-thunderbird", test_concurrent_thunderbird);
  g_test_add_func ("/writer-safety/backups-never-overwritten", test_backups_never_overwritten);
  g_test_add_func ("/writer-safety/killed-run-leaves-no-half-account",
                   test_killed_run_leaves_no_half_account);
  g_test_add_func ("/writer-safety/half-account-reported", test_half_account_reported);
  g_test_add_func ("/writer-safety/pending-set-cleaned", test_pending_set_cleaned);
  return g_test_run ();
}
