/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-fallback"

#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fp-test-cli.h"
#include "fp-test-mail-servers.h"
#include "fp-test-server.h"

/*
 * The command line beyond WebFinger, and `fetch --verify`: the real program
 * in a network namespace (run-in-netns.sh) where this test's HTTPS server
 * is autoconfig.mail.example:443 and friends, and real dovecot and aiosmtpd
 * are imap.mail.example and smtp.mail.example on 127.0.0.2.
 *
 *   alice@mail.example        autoconfig.mail.example: good servers, trusted
 *   bob@other.example         autoconfig.other.example: a server without STARTTLS, in
 *                             another domain (mail.example), trusted all the same: the
 *                             provider published it over HTTPS
 *   carol@login.other.example login.other.example/.well-known: nothing listens
 */

#define PASSWORD "correct horse"

static FpTestServer *server;
static FpTestMailServers *mail;
static char *ca_file;
static char *home;
static const char *skip_reason;

static gboolean
skipped (void)
{
  if (skip_reason == NULL)
    return FALSE;
  if (g_getenv ("CI") != NULL)
    g_error ("CI is set, so nothing may be skipped: %s", skip_reason);
  g_test_skip (skip_reason);
  return TRUE;
}

static void
test_discover_autoconfig_json (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *config;
  JsonObject *imap;

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, "", "discover", "--json", "--ca-file", ca_file, "alice@mail.example",
                  NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  root = fp_test_parse_json_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "source"), ==, "autoconfig");
  g_assert_true (json_object_get_boolean_member (root, "trusted"));
  config = json_object_get_object_member (root, "config");
  imap = json_array_get_object_element (json_object_get_array_member (config, "incoming"), 0);
  g_assert_cmpstr (json_object_get_string_member (imap, "host"), ==, "imap.mail.example");
  g_assert_cmpstr (json_object_get_string_member (imap, "login"), ==, "alice");
}

static void
test_discover_autoconfig_text (void)
{
  g_auto(FpTestRun) run = { 0 };

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, "", "discover", "--ca-file", ca_file, "bob@other.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "found by the provider’s autoconfig document"));
  g_assert_nonnull (strstr (run.out, "imap.mail.example"));
  g_assert_null (strstr (run.out, "Check these servers"));
}

static void
test_fetch_source_json (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *source;

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, "", "fetch", "--json", "--ca-file", ca_file, "bob@other.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  source = json_object_get_object_member (root, "source");
  g_assert_cmpstr (json_object_get_string_member (source, "kind"), ==, "autoconfig");
  g_assert_cmpstr (json_object_get_string_member (source, "host"), ==,
                   "autoconfig.other.example");
  g_assert_cmpstr (json_object_get_string_member (source, "href"), ==,
                   "https://autoconfig.other.example/mail/config-v1.1.xml"
                   "?emailaddress=bob%40other.example");
  g_assert_true (json_object_get_boolean_member (source, "trusted"));
}

static void
test_verify_good_password (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autofree char *imap = NULL;
  g_autofree char *smtp = NULL;

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, PASSWORD "\n", "fetch", "--verify", "--password-stdin", "--ca-file",
                  ca_file, "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  imap = g_strdup_printf ("Logged in to IMAP imap.mail.example port %u.", mail->imaps_port);
  smtp = g_strdup_printf ("Logged in to SMTP smtp.mail.example port %u.", mail->smtp_port);
  g_assert_nonnull (strstr (run.err, imap));
  g_assert_nonnull (strstr (run.err, smtp));
  g_assert_null (strstr (run.err, PASSWORD));
  g_assert_null (strstr (run.out, PASSWORD));
}

static void
test_verify_wrong_password (void)
{
  g_auto(FpTestRun) run = { 0 };

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, "wrong\n", "fetch", "--verify", "--password-stdin", "--ca-file", ca_file,
                  "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "did not accept the password for “alice” (it said “"));
  g_assert_true (g_str_has_suffix (run.err, "”).\n"));
}

/*
 * Servers in another domain, published over HTTPS by the provider: used
 * without --trust-servers; the one without STARTTLS still gets no password.
 */
static void
test_verify_foreign_then_no_starttls (void)
{
  g_auto(FpTestRun) run = { 0 };

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, PASSWORD "\n", "fetch", "--verify", "--password-stdin",
                          "--ca-file", ca_file, "bob@other.example", NULL);
  g_assert_cmpint (run.status, ==, 5);
  g_assert_null (strstr (run.err, "--trust-servers"));
  g_assert_true (g_str_has_suffix (run.err, "imap.mail.example does not offer STARTTLS, so the "
                                   "connection cannot be encrypted; no password was sent.\n"));
}

static void
test_verify_network_failure (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autofree char *expected = NULL;

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, PASSWORD "\n", "fetch", "--verify", "--trust-servers", "--password-stdin",
                  "--ca-file", ca_file, "carol@login.other.example", NULL);
  g_assert_cmpint (run.status, ==, 2);
  expected = g_strdup_printf ("imap.mail.example refused the connection on port %u.\n",
                              mail->closed_port);
  g_assert_true (g_str_has_suffix (run.err, expected));
}

/* setup takes the provider's foreign servers as published: no --trust-servers needed. */
static void
test_setup_foreign_servers_trusted (void)
{
  g_auto(FpTestRun) run = { 0 };

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, "", "setup", "--dry-run", "--client", "evolution",
                          "--no-verify", "--ca-file", ca_file, "bob@other.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "imap.mail.example"));
}

/* setup logs in before it writes: a refused password writes nothing, a good one goes on. */
static void
test_setup_verifies_first (void)
{
  g_auto(FpTestRun) refused = { 0 };
  g_auto(FpTestRun) run = { 0 };
  g_autofree char *imap = NULL;

  if (skipped ())
    return;
  fp_test_run_fingerpost (&refused, home, "wrong\n", "setup", "--dry-run", "--no-keyring", "--client",
                  "evolution", "--password-stdin", "--ca-file", ca_file, "alice@mail.example",
                  NULL);
  g_assert_cmpint (refused.status, ==, 4);
  g_assert_cmpstr (refused.out, ==, "");
  g_assert_nonnull (strstr (refused.err, "did not accept the password for “alice”"));

  fp_test_run_fingerpost (&run, home, PASSWORD "\n", "setup", "--dry-run", "--no-keyring", "--client",
                  "evolution", "--password-stdin", "--ca-file", ca_file, "alice@mail.example",
                  NULL);
  g_assert_cmpint (run.status, ==, 0);
  imap = g_strdup_printf ("Logged in to IMAP imap.mail.example port %u.", mail->imaps_port);
  g_assert_nonnull (strstr (run.err, imap));
  g_assert_nonnull (strstr (run.out, "imap.mail.example"));
  g_assert_null (strstr (run.out, PASSWORD));
  g_assert_null (strstr (run.err, PASSWORD));
}

static void
add_routes (void)
{
  g_autofree char *alice = g_strdup_printf (
    "<clientConfig version=\"1.1\"><emailProvider id=\"mail.example\">"
    "<displayName>Example Mail</displayName>"
    "<incomingServer type=\"imap\"><hostname>imap.%%EMAILDOMAIN%%</hostname><port>%u</port>"
    "<socketType>SSL</socketType><username>%%EMAILLOCALPART%%</username>"
    "<authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname><port>%u</port>"
    "<socketType>STARTTLS</socketType><username>%%EMAILLOCALPART%%</username>"
    "</outgoingServer></emailProvider></clientConfig>",
    mail->imaps_port, mail->smtp_port);
  g_autofree char *bob = g_strdup_printf (
    "<clientConfig version=\"1.1\"><emailProvider id=\"other.example\">"
    "<incomingServer type=\"imap\"><hostname>imap.mail.example</hostname><port>%u</port>"
    "<socketType>STARTTLS</socketType><username>alice</username></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname><port>%u</port>"
    "<socketType>SSL</socketType><username>alice</username></outgoingServer>"
    "</emailProvider></clientConfig>",
    mail->imap_plain_port, mail->smtps_port);
  g_autofree char *carol = g_strdup_printf (
    "<clientConfig version=\"1.1\"><emailProvider id=\"login.other.example\">"
    "<incomingServer type=\"imap\"><hostname>imap.mail.example</hostname><port>%u</port>"
    "<socketType>SSL</socketType><username>alice</username></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname><port>%u</port>"
    "<socketType>SSL</socketType><username>alice</username></outgoingServer>"
    "</emailProvider></clientConfig>",
    mail->closed_port, mail->smtps_port);

  fp_test_server_add_route (server, "autoconfig.mail.example", "/mail/config-v1.1.xml",
                            &(FpTestRoute) { .body = alice, .content_type = "text/xml" });
  fp_test_server_add_route (server, "autoconfig.other.example", "/mail/config-v1.1.xml",
                            &(FpTestRoute) { .body = bob, .content_type = "text/xml" });
  fp_test_server_add_route (server, "login.other.example",
                            "/.well-known/autoconfig/mail/config-v1.1.xml",
                            &(FpTestRoute) { .body = carol, .content_type = "text/xml" });
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("FINGERPOST"));
  home = g_dir_make_tmp ("fingerpost-cli-XXXXXX", &error);
  g_assert_no_error (error);
  ca_file = fp_test_build_filename ("test-ca.pem");

  if (!g_file_test ("/usr/sbin/dovecot", G_FILE_TEST_IS_EXECUTABLE))
    skip_reason = "dovecot is not installed (packages dovecot-imapd, dovecot-pop3d)";
  else if (!g_file_test ("/usr/lib/python3/dist-packages/aiosmtpd", G_FILE_TEST_IS_DIR))
    skip_reason = "aiosmtpd is not installed (package python3-aiosmtpd)";
  else
    {
      /* Dovecot's passwd-file knows "alice"; the logins below use that name. */
      mail = fp_test_mail_servers_start ("alice", PASSWORD, &error);
      if (mail == NULL)
        g_error ("could not start the test mail servers: %s", error->message);
      server = fp_test_server_new_on_port ("test-server.pem", 443);
      add_routes ();
    }

  g_test_add_func ("/cli-fallback/discover-autoconfig-json", test_discover_autoconfig_json);
  g_test_add_func ("/cli-fallback/discover-autoconfig-text", test_discover_autoconfig_text);
  g_test_add_func ("/cli-fallback/fetch-source-json", test_fetch_source_json);
  g_test_add_func ("/cli-fallback/verify-good-password", test_verify_good_password);
  g_test_add_func ("/cli-fallback/verify-wrong-password", test_verify_wrong_password);
  g_test_add_func ("/cli-fallback/verify-foreign-then-no-starttls",
                   test_verify_foreign_then_no_starttls);
  g_test_add_func ("/cli-fallback/verify-network-failure", test_verify_network_failure);
  g_test_add_func ("/cli-fallback/setup-foreign-servers-trusted",
                   test_setup_foreign_servers_trusted);
  g_test_add_func ("/cli-fallback/setup-verifies-first", test_setup_verifies_first);

  status = g_test_run ();

  g_clear_pointer (&server, fp_test_server_free);
  g_clear_pointer (&mail, fp_test_mail_servers_stop);
  g_rmdir (home);
  g_free (home);
  g_free (ca_file);
  return status;
}
