/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-providers"

#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fp-test-cli.h"
#include "fp-test-dns.h"
#include "fp-test-mail-servers.h"
#include "fp-test-server.h"
#include "fp-test-util.h"

/*
 * The sources real providers use, through the real program in a network
 * namespace (run-in-netns.sh): this test's HTTPS server answers for the
 * test names on port 443, a real dnsmasq (started per test with the records
 * it needs) for DNS, and real dovecot and aiosmtpd are imap.mail.example and
 * smtp.mail.example.
 *
 *   erin@foreign.example     the ISP database names servers in mail.example
 *   carol@hosted.example     no web host; MX to mx1.mx.mail.example, a hosting provider
 *   alice@mail.example       PACC at ua-auto-config.mail.example, autoconfig beside it
 *   frank@login.other.example  SRV records; its web host's certificate may fail
 *   bob@other.example        WebFinger behind a password, slow or fast
 */

#define PASSWORD  "correct horse"
#define ISPDB     "https://ispdb.other.example/v1.1/"
#define PACC_PATH "/.well-known/user-agent-configuration.json"
#define PACC_URI  "https://ua-auto-config.mail.example" PACC_PATH
#define PACC_TXT  "_ua-auto-config.mail.example"
#define AUTOCONFIG_PATH "/mail/config-v1.1.xml"

static FpTestServer *server;
static FpTestMailServers *mail;
static char *ca_file;
static char *home;
static const char *skip_reason;

static const char *pacc_document =
  "{ \"protocols\": {\n"
  "    \"imap\": { \"host\": \"imap.mail.example\" },\n"
  "    \"smtp\": { \"host\": \"smtp.mail.example\" },\n"
  "    \"jmap\": { \"url\": \"https://jmap.mail.example/session\" },\n"
  "    \"caldav\": { \"url\": \"https://dav.mail.example/cal/\" } },\n"
  "  \"authentication\": { \"password\": true,\n"
  "                      \"oauth-public\": { \"issuer\": \"https://login.mail.example\" } },\n"
  "  \"info\": { \"provider\": { \"name\": \"Example PACC\", \"shortName\": \"Example\" },\n"
  "            \"future\": [1, 2, 3] } }\n";

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

static FpTestDns *
start_dns (const char * const *records)
{
  g_autoptr(GError) error = NULL;
  FpTestDns *dns = fp_test_dns_start (records, &error);

  g_assert_no_error (error);
  return dns;
}

/* One server each way, in the clientConfig XML other mail programs read. */
static char *
client_config (const char *imap_host,
               guint       imap_port,
               const char *smtp_host,
               guint       smtp_port,
               const char *username)
{
  return g_strdup_printf ("<clientConfig version=\"1.1\"><emailProvider id=\"x\">"
                          "<incomingServer type=\"imap\"><hostname>%s</hostname><port>%u</port>"
                          "<socketType>SSL</socketType><username>%s</username>"
                          "</incomingServer>"
                          "<outgoingServer type=\"smtp\"><hostname>%s</hostname><port>%u</port>"
                          "<socketType>STARTTLS</socketType><username>%s</username>"
                          "</outgoingServer></emailProvider></clientConfig>",
                          imap_host, imap_port, username, smtp_host, smtp_port, username);
}

static void
serve_xml (const char *host,
           const char *path,
           const char *body)
{
  fp_test_server_add_route (server, host, path,
                            &(FpTestRoute) { .body = body, .content_type = "text/xml" });
}

static JsonObject *
first_server (JsonObject *config,
              const char *direction)
{
  return json_array_get_object_element (json_object_get_array_member (config, direction), 0);
}

static guint
count_requests (const char *host,
                const char *path)
{
  g_autoptr(GPtrArray) requests = fp_test_server_dup_requests (server);
  guint count = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      FpTestRequest *request = g_ptr_array_index (requests, i);

      if (g_str_equal (request->host, host) && g_str_equal (request->path, path))
        count++;
    }
  return count;
}

/* The ISP database names servers in another domain: trusted, used without --trust-servers. */
static void
test_ispdb_foreign_servers_trusted (void)
{
  g_auto(FpTestRun) json = { 0 };
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(FpTestDns) dns = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *imap = NULL;
  g_autofree char *document = NULL;
  JsonObject *source;

  if (skipped ())
    return;
  dns = start_dns (NULL);
  document = client_config ("imap.mail.example", mail->imaps_port, "smtp.mail.example",
                            mail->smtp_port, "alice");
  serve_xml ("ispdb.other.example", "/v1.1/foreign.example", document);

  fp_test_run_fingerpost (&json, home, "", "fetch", "--json", "--ispdb", ISPDB, "--ca-file",
                          ca_file, "erin@foreign.example", NULL);
  g_assert_cmpint (json.status, ==, 0);
  root = fp_test_parse_json_object (json.out);
  source = json_object_get_object_member (root, "source");
  g_assert_cmpstr (json_object_get_string_member (source, "kind"), ==, "ispdb");
  g_assert_true (json_object_get_boolean_member (source, "trusted"));

  fp_test_run_fingerpost (&run, home, PASSWORD "\n", "fetch", "--verify", "--password-stdin",
                          "--ispdb", ISPDB, "--ca-file", ca_file, "erin@foreign.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  imap = g_strdup_printf ("Logged in to IMAP imap.mail.example port %u.", mail->imaps_port);
  g_assert_nonnull (strstr (run.err, imap));
  g_assert_null (strstr (run.err, "--trust-servers"));
}

/*
 * A custom domain whose mail a hosting provider handles: its MX host's
 * domain, without the first label and then the registrable one, is asked
 * of the ISP database and autoconfig; the login is still the person's own
 * address; from DNS, so untrusted.
 */
static void
test_mx_hosting_provider (void)
{
  const char * const records[] = {
    "--mx-host=hosted.example,mx1.mx.mail.example,10",
    "--mx-host=hosted.example,backup.other.example,20",
    NULL
  };
  g_auto(FpTestRun) json = { 0 };
  g_auto(FpTestRun) text = { 0 };
  g_auto(FpTestRun) refused = { 0 };
  g_auto(FpTestRun) nearer = { 0 };
  g_autoptr(FpTestDns) dns = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(JsonObject) nearer_root = NULL;
  g_autofree char *document = NULL;
  g_autofree char *nearer_document = NULL;
  JsonObject *config_source;
  JsonObject *imap;

  if (skipped ())
    return;
  dns = start_dns (records);
  document = client_config ("imap.mail.example", mail->imaps_port, "smtp.mail.example",
                            mail->smtp_port, "%EMAILADDRESS%");
  serve_xml ("ispdb.other.example", "/v1.1/mail.example", document);

  fp_test_run_fingerpost (&json, home, "", "fetch", "--json", "--ispdb", ISPDB, "--ca-file",
                          ca_file, "carol@hosted.example", NULL);
  g_assert_cmpint (json.status, ==, 0);
  root = fp_test_parse_json_object (json.out);
  config_source = json_object_get_object_member (root, "source");
  g_assert_cmpstr (json_object_get_string_member (config_source, "kind"), ==, "mx");
  g_assert_cmpstr (json_object_get_string_member (config_source, "domain"), ==, "mail.example");
  g_assert_cmpstr (json_object_get_string_member (config_source, "href"), ==,
                   ISPDB "mail.example");
  g_assert_false (json_object_get_boolean_member (config_source, "trusted"));
  imap = first_server (root, "incoming");
  g_assert_cmpstr (json_object_get_string_member (imap, "host"), ==, "imap.mail.example");
  g_assert_cmpstr (json_object_get_string_member (imap, "login"), ==, "carol@hosted.example");
  /* The lowest preference only; the account's own domain asked directly too. */
  g_assert_cmpuint (count_requests ("ispdb.other.example", "/v1.1/mx.mail.example"), >=, 1);
  g_assert_cmpuint (count_requests ("ispdb.other.example", "/v1.1/hosted.example"), >=, 1);
  g_assert_cmpuint (count_requests ("ispdb.other.example", "/v1.1/other.example"), ==, 0);

  fp_test_run_fingerpost (&text, home, "", "discover", "--ispdb", ISPDB, "--ca-file", ca_file,
                          "carol@hosted.example", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "found by the MX record"));
  g_assert_nonnull (strstr (text.out, "Settings for mail.example from " ISPDB "mail.example"));
  g_assert_nonnull (strstr (text.out, "Check these servers"));

  /* Untrusted: no password goes anywhere without --trust-servers. */
  fp_test_run_fingerpost (&refused, home, PASSWORD "\n", "fetch", "--verify", "--password-stdin",
                          "--ispdb", ISPDB, "--ca-file", ca_file, "carol@hosted.example", NULL);
  g_assert_cmpint (refused.status, ==, 5);
  g_assert_nonnull (strstr (refused.err, "--trust-servers"));
  g_assert_null (strstr (refused.err, "Logged in"));

  /* The MX host without its first label is asked before the registrable domain. */
  nearer_document = client_config ("imap.mx.mail.example", 993, "smtp.mx.mail.example", 465,
                                   "%EMAILLOCALPART%");
  serve_xml ("ispdb.other.example", "/v1.1/mx.mail.example", nearer_document);
  fp_test_run_fingerpost (&nearer, home, "", "fetch", "--json", "--ispdb", ISPDB, "--ca-file",
                          ca_file, "carol@hosted.example", NULL);
  g_assert_cmpint (nearer.status, ==, 0);
  nearer_root = fp_test_parse_json_object (nearer.out);
  config_source = json_object_get_object_member (nearer_root, "source");
  g_assert_cmpstr (json_object_get_string_member (config_source, "domain"), ==,
                   "mx.mail.example");
  imap = first_server (nearer_root, "incoming");
  g_assert_cmpstr (json_object_get_string_member (imap, "host"), ==, "imap.mx.mail.example");
  g_assert_cmpstr (json_object_get_string_member (imap, "login"), ==, "carol");
  fp_test_server_add_route (server, "ispdb.other.example", "/v1.1/mx.mail.example",
                            &(FpTestRoute) { .status = 404 });
}

/* The PACC document beside an autoconfig document, with the TXT records given. */
static void
run_pacc (FpTestRun          *run,
          const char * const *records)
{
  g_autoptr(FpTestDns) dns = NULL;
  g_autofree char *fallback = client_config ("fallback.mail.example", 993,
                                             "fallback.mail.example", 587, "%EMAILADDRESS%");

  /* Answering until the run is over. */
  dns = start_dns (records);
  fp_test_server_add_route (server, "ua-auto-config.mail.example", PACC_PATH,
                            &(FpTestRoute) { .body = pacc_document });
  serve_xml ("autoconfig.mail.example", AUTOCONFIG_PATH, fallback);
  fp_test_run_fingerpost (run, home, "", "fetch", "--json", "--verbose", "--ca-file", ca_file,
                          "alice@mail.example", NULL);
  g_assert_cmpint (run->status, ==, 0);
}

static const char *
source_kind (FpTestRun *run)
{
  g_autoptr(JsonObject) root = fp_test_parse_json_object (run->out);
  JsonObject *source = json_object_get_object_member (root, "source");

  return g_intern_string (json_object_get_string_member (source, "kind"));
}

static void
test_pacc_good (void)
{
  g_autofree char *digest = fp_test_pacc_digest (pacc_document);
  g_autofree char *record = g_strdup_printf ("--txt-record=" PACC_TXT ",v=UAAC1; a=sha256; "
                                             "d=%s", digest);
  /* Another TXT record beside it, not a UAAC1 one: ignored. */
  const char * const records[] = {
    "--txt-record=" PACC_TXT ",something else entirely", record, NULL
  };
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *source;
  JsonObject *imap;
  JsonObject *smtp;

  if (skipped ())
    return;
  run_pacc (&run, records);
  root = fp_test_parse_json_object (run.out);
  source = json_object_get_object_member (root, "source");
  g_assert_cmpstr (json_object_get_string_member (source, "kind"), ==, "pacc");
  g_assert_cmpstr (json_object_get_string_member (source, "href"), ==, PACC_URI);
  g_assert_true (json_object_get_boolean_member (source, "trusted"));
  g_assert_cmpstr (json_object_get_string_member (root, "name"), ==, "Example PACC");
  imap = first_server (root, "incoming");
  g_assert_cmpstr (json_object_get_string_member (imap, "host"), ==, "imap.mail.example");
  g_assert_cmpint (json_object_get_int_member (imap, "port"), ==, 993);
  g_assert_cmpstr (json_object_get_string_member (imap, "transport"), ==, "tls");
  g_assert_cmpstr (json_object_get_string_member (imap, "login"), ==, "alice@mail.example");
  smtp = first_server (root, "outgoing");
  g_assert_cmpint (json_object_get_int_member (smtp, "port"), ==, 465);
  g_assert_nonnull (strstr (run.err, "the digest of " PACC_URI " matches " PACC_TXT));
}

/* Tag names in any case, spaces around values: read, and the digest compared, not matching. */
static void
test_pacc_wrong_digest (void)
{
  g_autofree char *digest = fp_test_pacc_digest ("{\"protocols\":{}}");
  g_autofree char *record = g_strdup_printf ("--txt-record=" PACC_TXT ", V = UAAC1 ;A=sha256;"
                                             " D = %s ;", digest);
  const char * const records[] = { record, NULL };
  g_auto(FpTestRun) run = { 0 };

  if (skipped ())
    return;
  run_pacc (&run, records);
  g_assert_cmpstr (source_kind (&run), ==, "autoconfig");
  g_assert_nonnull (strstr (run.err, "digest of " PACC_URI " does not match " PACC_TXT));
}

static void
test_pacc_no_txt (void)
{
  g_auto(FpTestRun) run = { 0 };

  if (skipped ())
    return;
  run_pacc (&run, NULL);
  g_assert_cmpstr (source_kind (&run), ==, "autoconfig");
  g_assert_nonnull (strstr (run.err, PACC_TXT " has no TXT record"));
}

/* A record split into several strings is their concatenation. */
static void
test_pacc_split_txt (void)
{
  g_autofree char *digest = fp_test_pacc_digest (pacc_document);
  g_autofree char *head = g_strndup (digest, 20);
  g_autofree char *record = g_strdup_printf ("--txt-record=" PACC_TXT ",v=UAAC1; a=sha256; "
                                             "d=%s,%s", head, digest + 20);
  const char * const records[] = { record, NULL };
  g_auto(FpTestRun) run = { 0 };

  if (skipped ())
    return;
  run_pacc (&run, records);
  g_assert_cmpstr (source_kind (&run), ==, "pacc");
}

/*
 * The account's own web host fails its certificate check (here: the test
 * authority is not given): the SRV records found are not used, even with
 * --trust-servers, and the person is told why. With the authority, the same
 * records are used (untrusted, as DNS always is).
 */
static void
test_certificate_failure_blocks_dns (void)
{
  const char * const records[] = {
    "--srv-host=_imaps._tcp.login.other.example,imap.mail.example,993,0,0",
    "--srv-host=_submissions._tcp.login.other.example,smtp.mail.example,465,0,0",
    NULL
  };
  g_autoptr(FpTestDns) dns = NULL;
  g_auto(FpTestRun) refused = { 0 };
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;

  if (skipped ())
    return;
  dns = start_dns (records);
  fp_test_run_fingerpost (&refused, home, "", "fetch", "--trust-servers", "--verbose",
                          "frank@login.other.example", NULL);
  g_assert_cmpint (refused.status, ==, 2);
  g_assert_cmpstr (refused.out, ==, "");
  g_assert_nonnull (strstr (refused.err, "The certificate of login.other.example could not be "
                                         "trusted"));
  g_assert_nonnull (strstr (refused.err, "not used: someone may be in the middle"));
  g_assert_nonnull (strstr (refused.err, "settings from DNS will not be used"));

  fp_test_run_fingerpost (&run, home, "", "discover", "--json", "--ca-file", ca_file,
                          "frank@login.other.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "source"), ==, "srv");
  g_assert_false (json_object_get_boolean_member (root, "trusted"));
}

static gint64
timed_run (FpTestRun  *run,
           const char *input,
           const char *command,
           const char *account)
{
  gint64 started = g_get_monotonic_time ();

  fp_test_run_fingerpost (run, home, input, command, "--json", "--password-stdin", "--ispdb",
                          ISPDB, "--ca-file", ca_file, account, NULL);
  return (g_get_monotonic_time () - started) / 1000;
}

/*
 * Every source starts at once. A slow WebFinger (its 404 after 1.5 s) is
 * waited for, then the autoconfig document that answered long before is
 * used; a WebFinger answer wins while the ISP database still takes its
 * 6 s, and behind a password it still asks for it. The bounds leave room
 * for a loaded machine; the proof is the order of the waits.
 */
static void
test_ranking_timing (void)
{
  g_autoptr(FpTestDns) dns = NULL;
  g_auto(FpTestRun) slow_best = { 0 };
  g_auto(FpTestRun) fast_best = { 0 };
  g_autoptr(JsonObject) slow_root = NULL;
  g_autoptr(JsonObject) fast_root = NULL;
  g_autofree char *document = client_config ("imap.other.example", 993, "smtp.other.example",
                                             465, "%EMAILADDRESS%");
  g_autofree char *isp_document = client_config ("isp.other.example", 993, "isp.other.example",
                                                 465, "%EMAILADDRESS%");
  /* Longer under a sanitizer, with the bound below it: what is measured is not waiting. */
  guint isp_delay_ms = (guint) fp_test_slack_ms (6000);
  gint64 elapsed_ms;

  if (skipped ())
    return;
  dns = start_dns (NULL);
  fp_test_server_add_route (server, "other.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .status = 404, .delay_ms = 1500 });
  serve_xml ("autoconfig.other.example", AUTOCONFIG_PATH, document);
  elapsed_ms = timed_run (&slow_best, "unused\n", "discover", "bob@other.example");
  g_test_message ("slow WebFinger, fast autoconfig: %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (slow_best.status, ==, 0);
  slow_root = fp_test_parse_json_object (slow_best.out);
  g_assert_cmpstr (json_object_get_string_member (slow_root, "source"), ==, "autoconfig");
  g_assert_cmpint (elapsed_ms, >=, 1500);

  fp_test_server_add_route (server, "other.example", "/.well-known/webfinger",
                            &(FpTestRoute) {
                              .body = "{\"links\":[{\"rel\":\"email-autoconfig\","
                                      "\"href\":\"https://mail-config.mail.example/b.json\"}]}",
                              .user = "bob@other.example", .password = PASSWORD });
  fp_test_server_add_route (server, "ispdb.other.example", "/v1.1/other.example",
                            &(FpTestRoute) { .body = isp_document, .content_type = "text/xml",
                                             .delay_ms = isp_delay_ms });
  elapsed_ms = timed_run (&fast_best, PASSWORD "\n", "discover", "bob@other.example");
  g_test_message ("WebFinger behind a password, slow ISP database: %" G_GINT64_FORMAT " ms",
                  elapsed_ms);
  g_assert_cmpint (fast_best.status, ==, 0);
  fast_root = fp_test_parse_json_object (fast_best.out);
  g_assert_cmpstr (json_object_get_string_member (fast_root, "source"), ==, "webfinger");
  /* Not waited for: done well before the ISP database would have answered. */
  g_assert_cmpint (elapsed_ms, <, isp_delay_ms - 1000);
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

  skip_reason = fp_test_dns_missing ();
  if (skip_reason == NULL && !g_file_test ("/usr/sbin/dovecot", G_FILE_TEST_IS_EXECUTABLE))
    skip_reason = "dovecot is not installed (packages dovecot-imapd, dovecot-pop3d)";
  else if (skip_reason == NULL &&
           !g_file_test ("/usr/lib/python3/dist-packages/aiosmtpd", G_FILE_TEST_IS_DIR))
    skip_reason = "aiosmtpd is not installed (package python3-aiosmtpd)";
  if (skip_reason == NULL)
    {
      mail = fp_test_mail_servers_start ("alice", PASSWORD, &error);
      if (mail == NULL)
        g_error ("could not start the test mail servers: %s", error->message);
      server = fp_test_server_new_on_port ("test-server.pem", 443);
    }

  g_test_add_func ("/cli-providers/ispdb-foreign-servers-trusted",
                   test_ispdb_foreign_servers_trusted);
  g_test_add_func ("/cli-providers/mx-hosting-provider", test_mx_hosting_provider);
  g_test_add_func ("/cli-providers/pacc-good", test_pacc_good);
  g_test_add_func ("/cli-providers/pacc-wrong-digest", test_pacc_wrong_digest);
  g_test_add_func ("/cli-providers/pacc-no-txt", test_pacc_no_txt);
  g_test_add_func ("/cli-providers/pacc-split-txt", test_pacc_split_txt);
  g_test_add_func ("/cli-providers/certificate-failure-blocks-dns",
                   test_certificate_failure_blocks_dns);
  g_test_add_func ("/cli-providers/ranking-timing", test_ranking_timing);

  status = g_test_run ();

  g_clear_pointer (&server, fp_test_server_free);
  g_clear_pointer (&mail, fp_test_mail_servers_stop);
  g_rmdir (home);
  g_free (home);
  g_free (ca_file);
  return status;
}
