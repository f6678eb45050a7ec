/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-auth"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fp-test-cli.h"
#include "fp-test-mail-servers.h"
#include "fp-test-scratch.h"
#include "fp-test-server.h"

/*
 * Sign-in methods and the administrator's order, through the real program
 * in a network namespace (run-in-netns.sh): this test's HTTPS server is
 * mail.example:443 and publishes one account per rule below, real dovecot
 * (plain login cram-md5) and aiosmtpd answer as imap/smtp.mail.example and,
 * for the OAuth2 tables of the installed mail programs, as imap/smtp.gmail.com.
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

static const char * const titles[] = {
  "OAuth2 first", "OAuth2 second", "OAuth2 own host", "OAuth2 only here", "CRAM-MD5 only",
  "POP3 first", "Unencrypted only", "OAuth2 XML",
};

static JsonObject *
server_at (JsonObject *root,
           const char *direction,
           guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (root, direction), index);
}

/* Gmail's hosts, OAuth2 first: both programs take OAuth2 there, and say so. */
static void
test_oauth2_first (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *imap;
  JsonArray *methods;

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, "", "fetch", "--json", "--ca-file", ca_file, "--choice",
                          "OAuth2 first", "--client", "thunderbird", "--client", "evolution",
                          "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  imap = server_at (root, "incoming", 0);
  g_assert_cmpstr (json_object_get_string_member (imap, "host"), ==, "imap.gmail.com");
  g_assert_cmpstr (json_object_get_string_member (imap, "authentication"), ==, "oauth2");
  methods = json_object_get_array_member (imap, "authentication-methods");
  g_assert_cmpuint (json_array_get_length (methods), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (methods, 1), ==, "password");
  g_assert_cmpstr (json_object_get_string_member (server_at (root, "outgoing", 0),
                                                  "authentication"), ==, "oauth2");
  g_assert_nonnull (strstr (run.err, "Thunderbird will open the sign-in page of "
                                     "accounts.google.com the first time; Fingerpost never sees "
                                     "that password."));
  g_assert_nonnull (strstr (run.err, "Evolution will open Google’s sign-in page the first time; "
                                     "Fingerpost never sees that password."));
}

/*
 * The login check of OAuth2 servers: connected, secured, no password asked
 * for (stdin is empty and there is no terminal) or sent; dovecot and
 * aiosmtpd log no login attempt.
 */
static void
test_oauth2_verify_without_password (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autofree char *imap = NULL;
  g_autofree char *smtp_log = NULL;

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, "", "fetch", "--verify", "--trust-servers", "--verbose",
                          "--ca-file", ca_file, "--choice", "OAuth2 first", "--client",
                          "thunderbird", "alice@mail.example", NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  imap = g_strdup_printf ("Connected securely to IMAP imap.gmail.com port %u; no password sent",
                          mail->imaps_port);
  g_assert_nonnull (strstr (run.err, imap));
  g_assert_nonnull (strstr (run.err, "offers neither XOAUTH2 nor OAUTHBEARER here"));
  g_assert_null (strstr (run.err, "AUTHENTICATE"));
  g_assert_null (strstr (run.err, "needs your password"));
  smtp_log = fp_test_read_file (mail->smtp_log);
  g_assert_null (strstr (smtp_log, "login=alice"));
}

/* OAuth2 second: the provider prefers the password, and gets it. */
static void
test_oauth2_second (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, "", "fetch", "--json", "--ca-file", ca_file, "--choice",
                          "OAuth2 second", "--client", "thunderbird", "--client", "evolution",
                          "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (server_at (root, "incoming", 0),
                                                  "authentication"), ==, "password");
  g_assert_nonnull (strstr (run.err, "Thunderbird will sign in to imap.gmail.com with the "
                                     "password."));
}

/*
 * OAuth2 first on a host no program knows: the next method, the password,
 * is used, and the login check proves it against dovecot.
 */
static void
test_oauth2_fallback (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autofree char *dovecot_log = NULL;

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, PASSWORD "\n", "fetch", "--verify", "--password-stdin",
                          "--ca-file", ca_file, "--choice", "OAuth2 own host", "--client",
                          "thunderbird", "alice@mail.example", NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Thunderbird cannot sign in to imap.mail.example with "
                                     "OAuth2: Thunderbird’s built-in OAuth2 list does not name "
                                     "this host. It will use the password"));
  dovecot_log = fp_test_wait_for_log (mail->dovecot_log, "method=PLAIN");
  g_assert_nonnull (strstr (dovecot_log, "imap-login: Info: Login: user=<alice>, method=PLAIN"));
}

/* OAuth2 only, on a host no program knows: this program cannot use it, said in one sentence. */
static void
test_oauth2_unusable (void)
{
  g_auto(FpTestRun) run = { 0 };

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, "", "fetch", "--ca-file", ca_file, "--choice",
                          "OAuth2 only here", "--client", "evolution", "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_cmpstr (run.err, ==, "Evolution cannot sign in to imap.mail.example: the server only "
                                "takes OAuth2, and Evolution has no OAuth2 service for this "
                                "host.\n");
}

/*
 * OAuth2 only, for GNOME Online Accounts: its IMAP and SMTP provider takes a password, so the
 * account is refused before anything is written, pointing to Settings → Online Accounts.
 */
static void
test_oauth2_goa (void)
{
  g_auto(FpTestRun) run = { 0 };

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, "", "setup", "--ca-file", ca_file, "--trust-servers",
                          "--choice", "OAuth2 only here", "--client", "gnome-online-accounts",
                          "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_cmpstr (run.err, ==, "GNOME Online Accounts cannot sign in to imap.mail.example: the "
                                "server only takes OAuth2, and its IMAP and SMTP provider signs "
                                "in with a password only: add the account in Settings → Online "
                                "Accounts (gnome-control-center online-accounts), whose own "
                                "Google and Microsoft providers sign in with OAuth2.\n");
}

/* The clientConfig XML's <authentication> elements, in order: OAuth2, then a password. */
static void
test_oauth2_xml (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, "", "fetch", "--json", "--ca-file", ca_file, "--client",
                          "evolution", "bob@other.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (server_at (root, "incoming", 0),
                                                  "authentication"), ==, "oauth2");
  g_assert_cmpstr (json_object_get_string_member (server_at (root, "outgoing", 0),
                                                  "authentication"), ==, "password");
}

/* CRAM-MD5 only: the login check proves it, and dovecot's log says which mechanism it saw. */
static void
test_cram_md5_only (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autofree char *dovecot_log = NULL;
  g_autofree char *smtp_log = NULL;

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, PASSWORD "\n", "fetch", "--verify", "--password-stdin",
                          "--ca-file", ca_file, "--choice", "CRAM-MD5 only",
                          "alice@mail.example", NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Password, sent as a proof (CRAM-MD5)"));
  dovecot_log = fp_test_wait_for_log (mail->dovecot_log, "method=CRAM-MD5");
  g_test_message ("%s", dovecot_log);
  g_assert_nonnull (strstr (dovecot_log, "imap-login: Info: Login: user=<alice>, method=CRAM-MD5"));
  smtp_log = fp_test_read_file (mail->smtp_log);
  g_assert_nonnull (strstr (smtp_log, "CRAM-MD5 login=alice ok=True"));
  g_assert_null (strstr (run.err, PASSWORD));
}

/* POP3 before IMAP in the document: kept so, and POP3 is what the check logs in to. */
static void
test_pop3_first (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *pop3 = NULL;

  if (skipped ())
    return;
  fp_test_run_fingerpost (&run, home, PASSWORD "\n", "fetch", "--json", "--verify",
                          "--password-stdin", "--ca-file", ca_file, "--choice", "POP3 first",
                          "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (server_at (root, "incoming", 0), "protocol"), ==,
                   "pop3");
  g_assert_cmpstr (json_object_get_string_member (server_at (root, "incoming", 1), "protocol"), ==,
                   "imap");
  pop3 = g_strdup_printf ("Logged in to POP3 pop.mail.example port %u.", mail->pop3s_port);
  g_assert_nonnull (strstr (run.err, pop3));
  g_assert_null (strstr (run.err, "Logged in to IMAP"));
}

/*
 * Unencrypted only: refused (exit 5) with nothing sent; with --allow-insecure
 * the check logs in without TLS, as the account will.
 */
static void
test_unencrypted_only (void)
{
  g_auto(FpTestRun) refused = { 0 };
  g_auto(FpTestRun) allowed = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *imap = NULL;

  if (skipped ())
    return;
  before = fp_test_read_file (mail->dovecot_plain_log);
  fp_test_run_fingerpost (&refused, home, PASSWORD "\n", "fetch", "--verify", "--password-stdin",
                          "--ca-file", ca_file, "--choice", "Unencrypted only",
                          "alice@mail.example", NULL);
  g_assert_cmpint (refused.status, ==, 5);
  g_assert_nonnull (strstr (refused.err, "The incoming server imap.mail.example only offers an "
                                         "unencrypted connection, where anyone on the network "
                                         "can read the password; refused for safety."));
  g_assert_nonnull (strstr (refused.err, "--allow-insecure"));
  {
    g_autofree char *log_after = fp_test_read_file (mail->dovecot_plain_log);

    g_assert_cmpstr (log_after, ==, before);
  }

  fp_test_run_fingerpost (&allowed, home, PASSWORD "\n", "fetch", "--verify", "--password-stdin",
                          "--allow-insecure", "--ca-file", ca_file, "--choice",
                          "Unencrypted only", "alice@mail.example", NULL);
  g_test_message ("%s", allowed.err);
  g_assert_cmpint (allowed.status, ==, 0);
  g_assert_nonnull (strstr (allowed.err, "Warning: imap.mail.example is not encrypted"));
  imap = g_strdup_printf ("Logged in to IMAP imap.mail.example port %u, unencrypted.",
                          mail->imap_plain_port);
  g_assert_nonnull (strstr (allowed.err, imap));
  after = fp_test_wait_for_log (mail->dovecot_plain_log, "Login: user=<alice>");
  g_assert_nonnull (strstr (after, "imap-login: Info: Login: user=<alice>, method=PLAIN"));
}

static char *
join_changes (JsonObject *root,
              const char *program)
{
  JsonArray *results = json_object_get_array_member (root, "results");
  GString *joined = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      JsonArray *changes;

      if (g_strcmp0 (json_object_get_string_member (result, "program"), program) != 0)
        continue;
      changes = json_object_get_array_member (result, "changes");
      for (guint j = 0; j < json_array_get_length (changes); j++)
        g_string_append_printf (joined, "%s\n", json_array_get_string_element (changes, j));
    }
  return g_string_free (joined, FALSE);
}

/*
 * setup for Gmail's hosts, OAuth2 first, through to what would be written:
 * no password asked for (none given), the login check only connects, and
 * both programs get their OAuth2 method.
 */
static void
test_setup_oauth2 (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *profile = g_build_filename (home, "tb-profile", NULL);
  g_autofree char *thunderbird = NULL;
  g_autofree char *evolution = NULL;

  if (skipped ())
    return;
  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  fp_test_run_fingerpost (&run, home, "", "setup", "--dry-run", "--json", "--trust-servers",
                          "--ca-file", ca_file, "--choice", "OAuth2 first", "--client",
                          "evolution", "--client", "thunderbird", "--thunderbird-profile",
                          profile, "alice@mail.example", NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.err, "needs your password"));
  g_assert_nonnull (strstr (run.err, "Connected securely to IMAP imap.gmail.com"));
  g_assert_nonnull (strstr (run.err, "Connected securely to SMTP smtp.gmail.com"));
  root = fp_test_parse_json_object (run.out);
  thunderbird = join_changes (root, "thunderbird");
  evolution = join_changes (root, "evolution");
  g_test_message ("%s\n%s", thunderbird, evolution);
  g_assert_nonnull (strstr (thunderbird, "mail.server.server1.authMethod = 10"));
  g_assert_nonnull (strstr (thunderbird, "mail.smtpserver.smtp1.authMethod = 10"));
  g_assert_nonnull (strstr (evolution, "Host=imap.gmail.com\n"));
  g_assert_nonnull (strstr (evolution, "Method=Google\n"));
  g_assert_null (strstr (evolution, "Method=PLAIN"));
}

/* discover refuses unencrypted-only settings too, unless accepted. */
static void
test_discover_unencrypted (void)
{
  g_auto(FpTestRun) refused = { 0 };
  g_auto(FpTestRun) allowed = { 0 };

  if (skipped ())
    return;
  fp_test_run_fingerpost (&refused, home, "", "discover", "--ca-file", ca_file,
                          "carol@login.other.example", NULL);
  g_assert_cmpint (refused.status, ==, 5);
  g_assert_nonnull (strstr (refused.err, "only offers an unencrypted connection"));
  fp_test_run_fingerpost (&allowed, home, "", "discover", "--allow-insecure", "--ca-file",
                          ca_file, "carol@login.other.example", NULL);
  g_assert_cmpint (allowed.status, ==, 0);
  g_assert_nonnull (strstr (allowed.out, "imap.mail.example"));
}

static void
add_routes (void)
{
  g_autoptr(GString) jrd = g_string_new ("{\"subject\":\"acct:alice@mail.example\",\"links\":[");
  char *docs[G_N_ELEMENTS (titles)];
  g_autofree char *xml = NULL;

  docs[0] = g_strdup_printf (
    "{\"imap\":{\"host\":\"imap.gmail.com\",\"port\":%u,\"login\":\"alice\","
    "           \"authentication\":[\"oauth2\",\"password\"]},"
    " \"smtp\":{\"host\":\"smtp.gmail.com\",\"port\":%u,\"login\":\"alice\","
    "           \"authentication\":[\"oauth2\",\"password\"]}}",
    mail->imaps_port, mail->smtps_port);
  docs[1] = g_strdup_printf (
    "{\"imap\":{\"host\":\"imap.gmail.com\",\"port\":%u,\"login\":\"alice\","
    "           \"authentication\":[\"password\",\"oauth2\"]},"
    " \"smtp\":{\"host\":\"smtp.gmail.com\",\"port\":%u,\"login\":\"alice\","
    "           \"authentication\":[\"password\",\"oauth2\"]}}",
    mail->imaps_port, mail->smtps_port);
  docs[2] = g_strdup_printf (
    "{\"imap\":{\"host\":\"imap.mail.example\",\"port\":%u,\"login\":\"alice\","
    "           \"authentication\":[\"oauth2\",\"password\"]},"
    " \"smtp\":{\"host\":\"smtp.mail.example\",\"port\":%u,\"login\":\"alice\"}}",
    mail->imaps_port, mail->smtps_port);
  docs[3] = g_strdup_printf (
    "{\"imap\":{\"host\":\"imap.mail.example\",\"port\":%u,\"authentication\":\"oauth2\"},"
    " \"smtp\":{\"host\":\"smtp.mail.example\",\"port\":%u}}",
    mail->imaps_port, mail->smtps_port);
  docs[4] = g_strdup_printf (
    "{\"imap\":{\"host\":\"imap.mail.example\",\"port\":%u,\"transport\":\"starttls\","
    "           \"login\":\"alice\",\"authentication\":\"cram-md5\"},"
    " \"smtp\":{\"host\":\"smtp.mail.example\",\"port\":%u,\"login\":\"alice\","
    "           \"authentication\":[\"password-encrypted\"]}}",
    mail->imap_port, mail->smtps_port);
  docs[5] = g_strdup_printf (
    "{\"pop3\":{\"host\":\"pop.mail.example\",\"port\":%u,\"login\":\"alice\"},"
    " \"imap\":{\"host\":\"imap.mail.example\",\"port\":%u,\"login\":\"alice\"},"
    " \"smtp\":{\"host\":\"smtp.mail.example\",\"port\":%u,\"login\":\"alice\"}}",
    mail->pop3s_port, mail->imaps_port, mail->smtps_port);
  docs[6] = g_strdup_printf (
    "{\"imap\":{\"host\":\"imap.mail.example\",\"port\":%u,\"transport\":\"none\","
    "           \"login\":\"alice\"},"
    " \"smtp\":{\"host\":\"smtp.mail.example\",\"port\":%u,\"login\":\"alice\"}}",
    mail->imap_plain_port, mail->smtps_port);
  docs[7] = NULL;
  for (guint i = 0; i + 1 < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *path = g_strdup_printf ("/doc%u.json", i);

      g_string_append_printf (jrd, "%s{\"rel\":\"email-autoconfig\",\"href\":"
                              "\"https://mail-config.mail.example%s\",\"titles\":{\"en\":\"%s\"}}",
                              i ? "," : "", path, titles[i]);
      fp_test_server_add_route (server, "mail-config.mail.example", path,
                                &(FpTestRoute) { .body = docs[i] });
    }
  g_string_append (jrd, "]}");
  fp_test_server_add_route (server, "mail.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .body = jrd->str,
                                             .content_type = "application/jrd+json" });

  xml = g_strdup_printf (
    "<clientConfig version=\"1.1\"><emailProvider id=\"other.example\">"
    "<incomingServer type=\"imap\"><hostname>imap.gmail.com</hostname><port>%u</port>"
    "<socketType>SSL</socketType><username>alice</username>"
    "<authentication>OAuth2</authentication>"
    "<authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname><port>%u</port>"
    "<socketType>SSL</socketType><username>alice</username>"
    "<authentication>password-cleartext</authentication>"
    "<authentication>OAuth2</authentication></outgoingServer>"
    "</emailProvider></clientConfig>",
    mail->imaps_port, mail->smtps_port);
  fp_test_server_add_route (server, "autoconfig.other.example", "/mail/config-v1.1.xml",
                            &(FpTestRoute) { .body = xml, .content_type = "text/xml" });
  fp_test_server_add_route (server, "login.other.example",
                            "/.well-known/autoconfig/mail/config-v1.1.xml",
                            &(FpTestRoute) {
                              .body = "<clientConfig><emailProvider id=\"login.other.example\">"
                                      "<incomingServer type=\"imap\"><hostname>imap.mail.example"
                                      "</hostname><port>143</port><socketType>plain</socketType>"
                                      "</incomingServer><outgoingServer type=\"smtp\"><hostname>"
                                      "smtp.mail.example</hostname><port>25</port><socketType>"
                                      "plain</socketType></outgoingServer></emailProvider>"
                                      "</clientConfig>",
                              .content_type = "text/xml" });
  /* The server copies what it serves. */
  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    g_clear_pointer (&docs[i], g_free);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("FINGERPOST"));
  home = fp_test_scratch_new ("fingerpost-cli-auth-XXXXXX");
  ca_file = fp_test_build_filename ("test-ca.pem");

  if (!g_file_test ("/usr/sbin/dovecot", G_FILE_TEST_IS_EXECUTABLE))
    skip_reason = "dovecot is not installed (packages dovecot-imapd, dovecot-pop3d)";
  else if (!g_file_test ("/usr/lib/python3/dist-packages/aiosmtpd", G_FILE_TEST_IS_DIR))
    skip_reason = "aiosmtpd is not installed (package python3-aiosmtpd)";
  else if (!g_file_test ("/usr/lib/thunderbird/omni.ja", G_FILE_TEST_IS_REGULAR))
    skip_reason = "Thunderbird is not installed: its OAuth2 table is what is tested";
  else
    {
      mail = fp_test_mail_servers_start ("alice", PASSWORD, &error);
      if (mail == NULL)
        g_error ("could not start the test mail servers: %s", error->message);
      server = fp_test_server_new_on_port ("test-server.pem", 443);
      add_routes ();
    }

  g_test_add_func ("/cli-auth/oauth2-first", test_oauth2_first);
  g_test_add_func ("/cli-auth/oauth2-goa", test_oauth2_goa);
  g_test_add_func ("/cli-auth/oauth2-verify-without-password",
                   test_oauth2_verify_without_password);
  g_test_add_func ("/cli-auth/oauth2-second", test_oauth2_second);
  g_test_add_func ("/cli-auth/oauth2-fallback", test_oauth2_fallback);
  g_test_add_func ("/cli-auth/oauth2-unusable", test_oauth2_unusable);
  g_test_add_func ("/cli-auth/oauth2-xml", test_oauth2_xml);
  g_test_add_func ("/cli-auth/cram-md5-only", test_cram_md5_only);
  g_test_add_func ("/cli-auth/pop3-first", test_pop3_first);
  g_test_add_func ("/cli-auth/unencrypted-only", test_unencrypted_only);
  g_test_add_func ("/cli-auth/setup-oauth2", test_setup_oauth2);
  g_test_add_func ("/cli-auth/discover-unencrypted", test_discover_unencrypted);

  status = g_test_run ();
  g_clear_pointer (&mail, fp_test_mail_servers_stop);
  g_clear_pointer (&server, fp_test_server_free);
  g_clear_pointer (&home, fp_test_scratch_free);
  return status;
}
