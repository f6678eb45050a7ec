/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-thunderbird-live"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fp-clients-error.h"
#include "fp-thunderbird-profile.h"
#include "fp-thunderbird-writer.h"

/*
 * Debian's real Thunderbird opens a profile that already held an account
 * and got ours from the writer: both must survive its start (it adds
 * "Local Folders" as a new account numbered from mail.account.lastKey and
 * rewrites prefs.js), and a write while it runs must be refused without a
 * trace. Thunderbird only ever runs inside a private network namespace
 * (unshare --net: loopback only), in the home of run-isolated.sh.
 */

#define START_WAIT_S 40

static const char existing_prefs[] =
  "// Mozilla User Preferences\n"
  "\n"
  "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
  "user_pref(\"mail.account.account1.server\", \"server1\");\n"
  "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
  "user_pref(\"mail.accountmanager.defaultaccount\", \"account1\");\n"
  "user_pref(\"mail.identity.id1.fullName\", \"Bob\");\n"
  "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
  "user_pref(\"mail.identity.id1.useremail\", \"bob@old.example\");\n"
  "user_pref(\"mail.identity.id1.valid\", true);\n"
  "user_pref(\"mail.server.server1.hostname\", \"imap.old.example\");\n"
  "user_pref(\"mail.server.server1.name\", \"bob@old.example\");\n"
  "user_pref(\"mail.server.server1.port\", 993);\n"
  "user_pref(\"mail.server.server1.socketType\", 3);\n"
  "user_pref(\"mail.server.server1.type\", \"imap\");\n"
  "user_pref(\"mail.server.server1.userName\", \"bob\");\n"
  "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.old.example\");\n"
  "user_pref(\"mail.smtpserver.smtp1.port\", 465);\n"
  "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 3);\n"
  "user_pref(\"mail.smtpserver.smtp1.username\", \"bob\");\n"
  "user_pref(\"mail.smtpservers\", \"smtp1\");\n";

static FpAccountPlan *
make_plan (const char *address,
           const char *host)
{
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, host, 143,
                                                     FP_TRANSPORT_STARTTLS, "alice.i.wonder",
                                                     TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP,
                                                     "outbound.mail.example", 465,
                                                     FP_TRANSPORT_TLS, "alice.i.wonder", TRUE);
  FpAccountPlan *plan = fp_account_plan_new (address, imap, smtp);

  fp_account_plan_set_full_name (plan, "Alice");
  return plan;
}

static int
open_log (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("FP_TEST_TMPDIR"), name, NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  return fd;
}

static void
own_process_group (gpointer user_data)
{
  setpgid (0, 0);
}

/* Output to files, never pipes: Thunderbird's helpers may outlive it. */
static GPid
spawn_in_namespace (const char *script,
                    const char *argument,
                    const char *log_name)
{
  const char *argv[] = { "unshare", "--net", "sh", "-c", script, "sh", argument, NULL };
  g_autoptr(GError) error = NULL;
  /* Our fatal-warnings would turn Thunderbird's own GTK criticals into crashes. */
  g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "G_DEBUG");
  int log_fd = open_log (log_name);
  int null_fd = g_open ("/dev/null", O_RDONLY | O_CLOEXEC, 0);
  GPid pid = 0;

  g_spawn_async_with_fds (NULL, (char **) argv, envp,
                          G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, own_process_group,
                          NULL, &pid, null_fd, log_fd, log_fd, &error);
  g_assert_no_error (error);
  close (log_fd);
  close (null_fd);
  return pid;
}

static gboolean
wait_exit (GPid   pid,
           double seconds,
           int   *status)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      pid_t done = waitpid (pid, status, WNOHANG);

      if (done == pid)
        return TRUE;
      g_usleep (50 * 1000);
    }
  return FALSE;
}

static char *
create_profile (void)
{
  g_autofree char *profile = g_build_filename (g_get_home_dir (), ".thunderbird", "fp", NULL);
  g_autofree char *spec = g_strdup_printf ("fp %s", profile);
  GPid pid = spawn_in_namespace ("ip link set lo up; exec thunderbird --headless "
                                 "-CreateProfile \"$1\"", spec, "create-profile.log");
  int status = -1;

  g_assert_true (wait_exit (pid, 30, &status));
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_true (g_file_test (profile, G_FILE_TEST_IS_DIR));
  return g_steal_pointer (&profile);
}

static char *
read_prefs (const char *profile)
{
  g_autofree char *path = g_build_filename (profile, "prefs.js", NULL);
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  return text;
}

static gboolean
poll_until (gboolean (*condition) (const char *profile),
            const char *profile,
            double      seconds)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      if (condition (profile))
        {
          g_test_message ("ready after %.1f s", (g_get_monotonic_time () - start) / 1e6);
          return TRUE;
        }
      g_usleep (100 * 1000);
    }
  return FALSE;
}

static gboolean
is_running (const char *profile)
{
  return fp_thunderbird_profile_is_running (profile);
}

/* Thunderbird has started and written prefs.js back, with its Local Folders. */
static gboolean
prefs_rewritten (const char *profile)
{
  g_autofree char *text = read_prefs (profile);

  return text != NULL && strstr (text, "mail.accountmanager.localfoldersserver") != NULL;
}

static GPid
lock_owner (const char *profile)
{
  g_autofree char *link = g_build_filename (profile, "lock", NULL);
  g_autofree char *target = g_file_read_link (link, NULL);
  const char *plus = target ? strrchr (target, '+') : NULL;

  return plus ? (GPid) atoi (plus + 1) : 0;
}

static void
stop_thunderbird (GPid        pid,
                  const char *profile)
{
  GPid main_pid = lock_owner (profile);
  int status;

  /* SIGTERM to the main process ends it at once; then whatever the wrapper left. */
  if (main_pid > 0)
    kill (main_pid, SIGTERM);
  kill (-pid, SIGTERM);
  if (!wait_exit (pid, 15, &status))
    {
      kill (-pid, SIGKILL);
      g_assert_true (wait_exit (pid, 5, &status));
    }
  /* The rest of the group (glxtest and the like) ends with it. */
  kill (-pid, SIGKILL);
}

static void
assert_server (FpPrefsJs  *prefs,
               const char *account,
               const char *host,
               gint32      port,
               gint32      socket_type,
               const char *user)
{
  g_autofree char *server_pref = g_strdup_printf ("mail.account.%s.server", account);
  const char *server = fp_prefs_js_get_string (prefs, server_pref);
  g_autofree char *host_pref = g_strdup_printf ("mail.server.%s.hostname", server);
  g_autofree char *port_pref = g_strdup_printf ("mail.server.%s.port", server);
  g_autofree char *socket_pref = g_strdup_printf ("mail.server.%s.socketType", server);
  g_autofree char *user_pref = g_strdup_printf ("mail.server.%s.userName", server);
  gint32 value = -1;

  g_assert_nonnull (server);
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, host_pref), ==, host);
  g_assert_true (fp_prefs_js_get_int (prefs, port_pref, &value));
  g_assert_cmpint (value, ==, port);
  g_assert_true (fp_prefs_js_get_int (prefs, socket_pref, &value));
  g_assert_cmpint (value, ==, socket_type);
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, user_pref), ==, user);
}

static guint
count_backups (const char *profile)
{
  g_autoptr(GDir) dir = g_dir_open (profile, 0, NULL);
  const char *name;
  guint count = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    count += g_str_has_prefix (name, "prefs.js.before-fingerpost-");
  return count;
}

static void
test_accounts_survive_thunderbird (void)
{
  g_autofree char *profile = create_profile ();
  g_autofree char *prefs_path = g_build_filename (profile, "prefs.js", NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice.i.wonder@mail.example", "imap.mail.example");
  g_autoptr(FpAccountPlan) late = make_plan ("carol@mail.example", "imap.late.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(FpWriteReport) refused = NULL;
  g_autoptr(FpPrefsJs) prefs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *while_running = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) accounts = NULL;
  GPid pid;

  g_file_set_contents (prefs_path, existing_prefs, -1, &error);
  g_assert_no_error (error);
  report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->account_id, ==, "account2");

  pid = spawn_in_namespace ("ip link set lo up; MOZ_HEADLESS=1 exec thunderbird --headless "
                            "--no-remote -profile \"$1\"", profile, "thunderbird.log");
  g_assert_true (poll_until (is_running, profile, START_WAIT_S));
  g_assert_true (poll_until (prefs_rewritten, profile, START_WAIT_S));

  /* While it runs: refused, and not a byte of ours reaches prefs.js. */
  refused = fp_thunderbird_writer_write_sync (late, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_PROGRAM_RUNNING);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  while_running = read_prefs (profile);
  g_assert_null (strstr (while_running, "imap.late.example"));
  g_assert_cmpuint (count_backups (profile), ==, 1);

  stop_thunderbird (pid, profile);

  prefs = fp_prefs_js_load (prefs_path, &error);
  g_assert_no_error (error);
  after = fp_prefs_js_to_string (prefs);
  g_assert_null (strstr (after, "imap.late.example"));
  accounts = g_strsplit (fp_prefs_js_get_string (prefs, "mail.accountmanager.accounts"), ",", -1);
  g_test_message ("accounts after Thunderbird: %s",
                  fp_prefs_js_get_string (prefs, "mail.accountmanager.accounts"));
  g_assert_true (g_strv_contains ((const char * const *) accounts, "account1"));
  g_assert_true (g_strv_contains ((const char * const *) accounts, "account2"));
  /* Local Folders came after ours, not over it. */
  g_assert_cmpuint (g_strv_length (accounts), ==, 3);
  assert_server (prefs, "account1", "imap.old.example", 993, 3, "bob");
  assert_server (prefs, "account2", "imap.mail.example", 143, 2, "alice.i.wonder");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.identity.id2.useremail"), ==,
                   "alice.i.wonder@mail.example");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.smtpserver.smtp2.hostname"), ==,
                   "outbound.mail.example");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.accountmanager.defaultaccount"), ==,
                   "account1");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("FP_TEST_TMPDIR") == NULL)
    g_error ("run me with run-isolated.sh: Thunderbird must not see the real home");

  g_test_add_func ("/thunderbird-live/accounts-survive-thunderbird",
                   test_accounts_survive_thunderbird);
  return g_test_run ();
}
