/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-evolution-live"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "fp-account-setup.h"
#include "fp-test-mail-servers.h"
#include "fp-test-server.h"
#include "fp-test-util.h"
#include "fp-test-wait.h"

/*
 * The real Evolution, on a private X server, started on what the account
 * setup wrote, logs in to the real dovecot with the password from the
 * keyring and asks nothing: dovecot's log shows the login over TLS. Either
 * from its own sources, or from the GNOME Online Accounts account, which
 * Evolution's registry turns into its own.
 *
 * Only in the network namespace of run-in-netns.sh (loopback only, its own
 * mount namespace, imap.mail.example = 127.0.0.2), in the home and D-Bus
 * session with an unlocked keyring of run-isolated.sh, under xvfb-run. Two
 * traps (TESTING.md): in a loopback-only namespace Evolution believes it is
 * offline unless its network monitor is "always-online" (a keyfile GSettings
 * backend, so that Evolution reads it) and it starts with --online; and it
 * trusts the system's store only, so the namespace sees a copy of it with
 * the test authority added, bind-mounted in this mount namespace alone.
 */

#define LOGIN_WAIT_S 120

static FpTestMailServers *servers;

static void
write_settings (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path,
                       "[org/gnome/evolution-data-server]\n"
                       "network-monitor-gio-name='always-online'\n"
                       "[org/gnome/evolution/shell]\n"
                       "start-offline=false\n",
                       -1, &error);
  g_assert_no_error (error);
}

static FpAccountPlan *
make_plan (void)
{
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                     servers->imaps_port, FP_TRANSPORT_TLS,
                                                     "alice.i.wonder", TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                     servers->smtp_port, FP_TRANSPORT_STARTTLS,
                                                     "alice.i.wonder", TRUE);
  FpAccountPlan *plan = fp_account_plan_new ("alice.i.wonder@mail.example", imap, smtp);

  fp_account_plan_set_full_name (plan, "Alice");
  fp_account_plan_set_label (plan, "Personal");
  fp_account_plan_set_password (plan, "abc123", TRUE);
  return plan;
}

static void
set_up_account (FpMailProgram program)
{
  g_autoptr(FpAccountPlan) plan = make_plan ();
  g_autoptr(FpAccountSetup) setup = fp_account_setup_new (plan, FP_WRITE_FLAGS_NONE);
  g_autoptr(FpSetupReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const FpSetupResult *result;

  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_EVOLUTION, NULL);
  if (program != FP_MAIL_PROGRAM_EVOLUTION)
    fp_account_setup_add_program (setup, program, NULL);
  report = fp_account_setup_run_sync (setup, NULL, &error);
  g_assert_no_error (error);
  result = fp_setup_report_lookup (report, program);
  g_assert_no_error (result->error);
  g_assert_cmpint (result->status, ==, FP_SETUP_STATUS_WRITTEN);
}

static GSubprocess *
start_evolution (const char *log_path)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autoptr(GError) error = NULL;
  GSubprocess *evolution;

  /* Its own warnings are not ours to make fatal. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  evolution = g_subprocess_launcher_spawn (launcher, &error, "evolution", "--online", NULL);
  g_assert_no_error (error);
  return evolution;
}

static char *
find_login (void)
{
  g_autofree char *log = fp_test_read_file (servers->dovecot_log);
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "imap-login: Info: Login: user=<alice.i.wonder>") != NULL)
      return g_strdup (lines[i]);
  return NULL;
}

typedef struct
{
  GSubprocess *evolution;
  char        *login;
} LoginWait;

static gboolean
logged_in_or_gone (gpointer user_data)
{
  LoginWait *wait = user_data;

  wait->login = find_login ();
  return wait->login != NULL || g_subprocess_get_identifier (wait->evolution) == NULL;
}

/* Evolution takes seconds to start and connect on a busy machine. */
static char *
wait_for_login (GSubprocess *evolution)
{
  LoginWait wait = { evolution, NULL };

  fp_test_wait_until (logged_in_or_gone, &wait, LOGIN_WAIT_S, "dovecot logged the login");
  return wait.login;
}

static gboolean
exited (gpointer user_data)
{
  return g_subprocess_get_identifier (user_data) == NULL;
}

/*
 * A login alone could be goa-daemon's own check, which logs in and sends
 * nothing more; Evolution goes on to list and open folders. Dovecot counts
 * the bytes each session sent when it ends: the busiest session is the
 * mail program's.
 */
static guint64
busiest_session (char **line_out)
{
  g_autofree char *log = fp_test_read_file (servers->dovecot_log);
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  guint64 busiest = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *in = strstr (lines[i], " in=");
      guint64 bytes;

      if (strstr (lines[i], "imap(alice.i.wonder)") == NULL || in == NULL)
        continue;
      bytes = g_ascii_strtoull (in + strlen (" in="), NULL, 10);
      if (bytes <= busiest)
        continue;
      busiest = bytes;
      g_free (*line_out);
      *line_out = g_strdup (lines[i]);
    }
  return busiest;
}

/* Evolution gets a few seconds after its login to do its work before it is stopped. */
static void
let_it_work (GSubprocess *evolution)
{
  fp_test_wait_until (exited, evolution, 8, "Evolution ended by itself");
}

static void
stop_evolution (GSubprocess *evolution,
                const char  *log_path)
{
  g_autofree char *log = NULL;

  /* A password dialog may keep it from ending on SIGTERM: it gets ten seconds. */
  g_subprocess_send_signal (evolution, SIGTERM);
  if (!fp_test_wait_until (exited, evolution, 10, "Evolution ended on SIGTERM"))
    g_subprocess_force_exit (evolution);
  g_subprocess_wait (evolution, NULL, NULL);
  log = fp_test_read_file (log_path);
  g_test_message ("evolution said: %.2000s", log);
}

static void
assert_logs_in (FpMailProgram program)
{
  g_autofree char *log_path = g_build_filename (g_getenv ("FP_TEST_TMPDIR"), "evolution.log",
                                                NULL);
  g_autoptr(GSubprocess) evolution = NULL;
  g_autofree char *login = NULL;
  g_autofree char *dovecot = NULL;
  g_autofree char *session = NULL;

  set_up_account (program);
  evolution = start_evolution (log_path);
  login = wait_for_login (evolution);
  if (login != NULL)
    let_it_work (evolution);
  stop_evolution (evolution, log_path);
  dovecot = fp_test_read_file (servers->dovecot_log);
  g_test_message ("dovecot said: %s", dovecot);
  g_assert_nonnull (login);
  g_test_message ("%s", login);
  /* The password, inside TLS, taken from the keyring: no one typed it. */
  g_assert_nonnull (strstr (login, ", TLS"));
  /* And then Evolution's own commands in that session: folders listed, a mailbox opened. */
  g_assert_cmpuint (busiest_session (&session), >=, 40);
  g_test_message ("%s", session);
}

static void
test_evolution_logs_in (void)
{
  assert_logs_in (FP_MAIL_PROGRAM_EVOLUTION);
}

static void
test_goa_logs_in (void)
{
  assert_logs_in (FP_MAIL_PROGRAM_GOA);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *which;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* The bind mount below must never reach the real system. */
  if (g_strcmp0 (g_getenv ("FP_IN_NETNS"), "1") != 0)
    g_error ("run me with run-in-netns.sh");
  if (g_strcmp0 (g_getenv ("FP_TEST_SESSION"), "keyring") != 0)
    g_error ("run me with run-isolated.sh --session=keyring");
  if (g_getenv ("DISPLAY") == NULL)
    g_error ("run me under xvfb-run");
  which = argc > 1 ? argv[1] : "evolution";

  servers = fp_test_mail_servers_start ("alice.i.wonder", "abc123", &error);
  g_assert_no_error (error);
  fp_test_trust_system_wide (servers->ca_file);
  write_settings ();

  /* One Evolution per session: its registry and factories live as long as the bus. */
  if (g_strcmp0 (which, "goa") == 0)
    g_test_add_func ("/evolution-live/goa-logs-in", test_goa_logs_in);
  else
    g_test_add_func ("/evolution-live/logs-in", test_evolution_logs_in);
  status = g_test_run ();
  fp_test_mail_servers_stop (servers);
  return status;
}
