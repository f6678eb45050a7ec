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
#include "fp-test-thunderbird.h"
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

static void
test_accounts_survive_thunderbird (void)
{
  g_autofree char *profile = fp_test_thunderbird_create_profile ("fp");
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

  pid = fp_test_thunderbird_start (profile);

  /* While it runs: refused, and not a byte of ours reaches prefs.js. */
  refused = fp_thunderbird_writer_write_sync (late, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_PROGRAM_RUNNING);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  while_running = fp_test_read_prefs (profile);
  g_assert_null (strstr (while_running, "imap.late.example"));
  g_assert_cmpuint (fp_test_count_backups (profile), ==, 1);

  fp_test_thunderbird_stop (pid, profile);

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

static gint32
int_pref (FpPrefsJs  *prefs,
          const char *name)
{
  gint32 value = -1;

  g_assert_true (fp_prefs_js_get_int (prefs, name, &value));
  return value;
}

/*
 * Gmail's hosts, OAuth2 first: authMethod 10 on the server and the SMTP
 * server, from the table of this very Thunderbird, and kept by it when it
 * starts on the profile (it would sign in with its own client on first use).
 */
static void
test_oauth2_account (void)
{
  g_autofree char *profile = fp_test_thunderbird_create_profile ("oauth2");
  g_autofree char *prefs_path = g_build_filename (profile, "prefs.js", NULL);
  const FpAuthMethod methods[] = { FP_AUTH_OAUTH2, FP_AUTH_PASSWORD };
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.gmail.com", 993,
                                                     FP_TRANSPORT_TLS, "alice@gmail.com", TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.gmail.com", 465,
                                                     FP_TRANSPORT_TLS, "alice@gmail.com", TRUE);
  g_autoptr(FpAccountPlan) plan = NULL;
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(FpPrefsJs) prefs = NULL;
  g_autoptr(GError) error = NULL;
  GPid pid;

  fp_mail_server_set_auth_methods (imap, methods, G_N_ELEMENTS (methods));
  fp_mail_server_set_auth_methods (smtp, methods, G_N_ELEMENTS (methods));
  plan = fp_account_plan_new ("alice@gmail.com", imap, smtp);
  report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->password_note, ==,
                   "Thunderbird will open the sign-in page of accounts.google.com the first "
                   "time; Fingerpost never sees that password.");

  pid = fp_test_thunderbird_start (profile);
  fp_test_thunderbird_stop (pid, profile);

  prefs = fp_prefs_js_load (prefs_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.server.server1.hostname"), ==,
                   "imap.gmail.com");
  g_assert_cmpint (int_pref (prefs, "mail.server.server1.authMethod"), ==, 10);
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.smtpserver.smtp1.hostname"), ==,
                   "smtp.gmail.com");
  g_assert_cmpint (int_pref (prefs, "mail.smtpserver.smtp1.authMethod"), ==, 10);
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
  g_test_add_func ("/thunderbird-live/oauth2-account", test_oauth2_account);
  return g_test_run ();
}
