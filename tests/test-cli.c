/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fp-test-cli.h"
#include "fp-test-server.h"

/*
 * The command line as a helpdesk script runs it: the real program, in a
 * network namespace of its own (run-in-netns.sh) where this test's HTTPS
 * server answers for mail.example on port 443.
 */

static FpTestServer *server;
static char *ca_file;
static char *home;

static const char *jrd_alice =
  "{\"subject\":\"acct:alice@mail.example\",\"links\":["
  "{\"rel\":\"email-autoconfig\",\"href\":\"https://mail-config.mail.example/alice.personal.json\","
  " \"titles\":{\"en-us\":\"Personal\"}},"
  "{\"rel\":\"email-autoconfig\",\"href\":\"https://mail-config.mail.example/alice.business.json\","
  " \"titles\":{\"en-us\":\"Business\"}}]}";

static const char *config_personal =
  "{\"address\":\"alice.i.wonder@mail.example\","
  " \"imap\":{\"host\":\"imap.mail.example\",\"port\":143,\"transport\":\"starttls\","
  "           \"login\":\"alice.i.wonder\"},"
  " \"smtp\":[{\"host\":\"outbound.mail.example\",\"port\":465,\"transport\":\"tls\","
  "            \"login\":\"alice.i.wonder\",\"login-required\":true},"
  "           {\"host\":\"outbound.mail.example\",\"port\":587,\"transport\":\"starttls\","
  "            \"login\":\"alice.i.wonder\"}]}";

static void
test_discover_json (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonArray *choices;

  fp_test_run_fingerpost (&run, home, "", "discover", "--json", "--ca-file", ca_file, "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "account"), ==, "alice@mail.example");
  g_assert_cmpstr (json_object_get_string_member (root, "resource"), ==, "acct:alice@mail.example");
  g_assert_cmpstr (json_object_get_string_member (root, "host"), ==, "mail.example");
  g_assert_cmpstr (json_object_get_string_member (root, "source"), ==, "webfinger");
  choices = json_object_get_array_member (root, "choices");
  g_assert_cmpuint (json_array_get_length (choices), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (choices, 0), "title"),
                   ==, "Personal");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (choices, 1), "href"),
                   ==, "https://mail-config.mail.example/alice.business.json");
}

static void
test_discover_text (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "", "discover", "--ca-file", ca_file, "  ACCT:alice@Mail.Example ", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "mail.example publishes 2 accounts for alice@mail.example"));
  g_assert_nonnull (strstr (run.out, "1. Personal"));
  g_assert_nonnull (strstr (run.out, "2. Business"));
}

static void
test_fetch_needs_a_choice (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "", "fetch", "--ca-file", ca_file, "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 64);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==,
                   "mail.example publishes 2 accounts; choose one with --choice: "
                   "1 “Personal”, 2 “Business”.\n");
}

static void
test_fetch_unknown_choice (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "", "fetch", "--ca-file", ca_file, "--choice", "Holiday",
                  "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 64);
  g_assert_nonnull (strstr (run.err, "No published account matches “Holiday”"));
}

static void
test_fetch_json (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *imap;
  JsonObject *smtp;
  JsonObject *source;

  fp_test_run_fingerpost (&run, home, "abc123\n", "fetch", "--json", "--ca-file", ca_file, "--choice",
                  "personal", "--password-stdin", "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  root = fp_test_parse_json_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "address"), ==,
                   "alice.i.wonder@mail.example");
  /* The document has no name: the chosen title stands in. */
  g_assert_cmpstr (json_object_get_string_member (root, "name"), ==, "Personal");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "incoming")), ==, 1);
  imap = json_array_get_object_element (json_object_get_array_member (root, "incoming"), 0);
  g_assert_cmpstr (json_object_get_string_member (imap, "protocol"), ==, "imap");
  g_assert_cmpstr (json_object_get_string_member (imap, "host"), ==, "imap.mail.example");
  g_assert_cmpint (json_object_get_int_member (imap, "port"), ==, 143);
  g_assert_cmpstr (json_object_get_string_member (imap, "transport"), ==, "starttls");
  g_assert_cmpstr (json_object_get_string_member (imap, "login"), ==, "alice.i.wonder");
  g_assert_true (json_object_get_boolean_member (imap, "login-required"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "outgoing")), ==, 2);
  smtp = json_array_get_object_element (json_object_get_array_member (root, "outgoing"), 1);
  g_assert_cmpstr (json_object_get_string_member (smtp, "protocol"), ==, "smtp");
  g_assert_cmpint (json_object_get_int_member (smtp, "port"), ==, 587);
  source = json_object_get_object_member (root, "source");
  g_assert_cmpstr (json_object_get_string_member (source, "kind"), ==, "webfinger");
  g_assert_cmpstr (json_object_get_string_member (source, "href"), ==,
                   "https://mail-config.mail.example/alice.personal.json");
  g_assert_cmpstr (json_object_get_string_member (source, "host"), ==, "mail-config.mail.example");
}

static void
test_fetch_text_and_verbose (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "abc123\n", "fetch", "--verbose", "--ca-file", ca_file, "--choice", "1",
                  "--password-stdin", "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Personal <alice.i.wonder@mail.example>"));
  g_assert_nonnull (strstr (run.out, "IMAP  imap.mail.example port 143, Encrypted (STARTTLS), "
                                     "login “alice.i.wonder”"));
  g_assert_nonnull (strstr (run.out, "SMTP  outbound.mail.example port 465, Encrypted (TLS)"));
  g_assert_nonnull (strstr (run.err, "fingerpost: mail-config.mail.example asks for credentials"));
  g_assert_nonnull (strstr (run.err, "fingerpost: GET https://mail.example/.well-known/webfinger"));
  g_assert_null (strstr (run.err, "abc123"));
}

static void
test_fetch_wrong_password (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "wrong\n", "fetch", "--ca-file", ca_file, "--choice", "Business",
                  "--password-stdin", "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_cmpstr (run.err, ==,
                   "mail-config.mail.example did not accept the user name and password.\n");
}

static void
test_fetch_without_password (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "", "fetch", "--ca-file", ca_file, "--choice", "Personal",
                  "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_true (g_str_has_prefix (run.err,
                                   "mail-config.mail.example asks for your user name and password.\n"));
}

static void
read_until (GInputStream *stream,
            GString      *seen,
            const char   *wanted)
{
  while (wanted == NULL || strstr (seen->str, wanted) == NULL)
    {
      g_autoptr(GError) error = NULL;
      char buffer[256];
      gssize got = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      if (got == 0)
        break;
      g_string_append_len (seen, buffer, got);
    }
}

/* On a terminal the password is asked for, naming the host, and not echoed. */
static void
test_password_prompt_on_terminal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *command = g_strdup_printf ("%s fetch --ca-file %s --choice Personal --json "
                                              "alice@mail.example",
                                              g_getenv ("FINGERPOST"), ca_file);
  const char *prompt = "Password for alice@mail.example at mail-config.mail.example: ";

  /* script(1) gives the program a terminal and passes our input to it. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              "script", "--quiet", "--return", "--echo", "never", "--command",
                              command, "/dev/null", NULL);
  g_assert_no_error (error);

  /* Typed only once asked, as a person would: the prompt discards type-ahead. */
  read_until (g_subprocess_get_stdout_pipe (process), seen, prompt);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (process), "abc123\n", 7, NULL, NULL,
                             &error);
  g_assert_no_error (error);
  read_until (g_subprocess_get_stdout_pipe (process), seen, NULL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("terminal: %s", seen->str);

  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (seen->str, "\"imap.mail.example\""));
  g_assert_null (strstr (seen->str, "abc123"));
}

static void
test_foreign_domain_warning (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "abc123\n", "fetch", "--ca-file", ca_file, "--password-stdin",
                  "--choice", "Dave", "--user", "alice@mail.example", "dave@other.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==,
                   "Warning: the password is about to be sent to mail-config.mail.example, in the "
                   "domain mail.example, which is not your account’s domain other.example.\n");
}

static void
test_nothing_published (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "", "discover", "--ca-file", ca_file, "bob@login.other.example", NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_cmpstr (run.err, ==,
                   "login.other.example does not publish automatic settings for "
                   "bob@login.other.example.\n");
}

static void
test_redirect_to_http (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "", "discover", "--ca-file", ca_file, "carol@redirect.mail.example", NULL);
  g_assert_cmpint (run.status, ==, 5);
  g_assert_nonnull (strstr (run.err, "which is not HTTPS; refused for safety"));
}

static void
test_insecure_transport (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "abc123\n", "fetch", "--ca-file", ca_file, "--choice", "Business",
                  "--password-stdin", "dave@other.example", NULL);
  g_assert_cmpint (run.status, ==, 5);
  g_assert_nonnull (strstr (run.err, "only offers an unencrypted connection, where anyone on the "
                                     "network can read the password; refused for safety."));
  g_assert_nonnull (strstr (run.err, "Run again with --allow-insecure to use it anyway."));
}

/* Without --ca-file only the system's authorities count, and the test's is not one of them. */
static void
test_untrusted_without_ca_file (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "", "discover", "alice@mail.example", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.err, ==,
                   "The certificate of mail.example could not be trusted: it is not signed by an "
                   "authority this computer trusts.\n");
}

static void
test_usage_errors (void)
{
  static const char * const cases[][4] = {
    { "discover", NULL },
    { "discover", "alice", NULL },
    { "discover", "--timeout", "0", "alice@mail.example" },
    { "fetch", "--no-such-option", "alice@mail.example", NULL },
    { "discover", "a@mail.example", "b@mail.example", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(FpTestRun) run = { 0 };

      fp_test_run_fingerpost (&run, home, "", cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);
      g_assert_cmpint (run.status, ==, 64);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpuint (strlen (run.err), >, 0);
    }
}

static void
add_routes (void)
{
  fp_test_server_add_route (server, "mail.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .body = jrd_alice });
  fp_test_server_add_route (server, "mail-config.mail.example", "/alice.personal.json",
                            &(FpTestRoute) { .body = config_personal,
                                             .user = "alice@mail.example", .password = "abc123" });
  fp_test_server_add_route (server, "mail-config.mail.example", "/alice.business.json",
                            &(FpTestRoute) { .body = config_personal,
                                             .user = "alice@mail.example", .password = "abc123" });
  fp_test_server_add_route (server, "redirect.mail.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .status = 302,
                                             .location = "http://redirect.mail.example/wf" });
  /* dave's provider keeps its documents at mail.example: another registrable domain. */
  fp_test_server_add_route (server, "other.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .body =
                              "{\"links\":[{\"rel\":\"email-autoconfig\",\"titles\":{\"und\":\"Dave\"},"
                              "\"href\":\"https://mail-config.mail.example/dave.json\"},"
                              "{\"rel\":\"email-autoconfig\",\"titles\":{\"und\":\"Business\"},"
                              "\"href\":\"https://mail-config.mail.example/plain.json\"}]}" });
  fp_test_server_add_route (server, "mail-config.mail.example", "/dave.json",
                            &(FpTestRoute) { .body = config_personal,
                                             .user = "alice@mail.example", .password = "abc123" });
  fp_test_server_add_route (server, "mail-config.mail.example", "/plain.json",
                            &(FpTestRoute) { .body = "{\"pop3\":{\"host\":\"pop.other.example\","
                                                     "\"transport\":\"none\"},"
                                                     "\"smtp\":{\"host\":\"smtp.other.example\"}}" });
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
  server = fp_test_server_new_on_port ("test-server.pem", 443);
  add_routes ();

  g_test_add_func ("/cli/discover-json", test_discover_json);
  g_test_add_func ("/cli/discover-text", test_discover_text);
  g_test_add_func ("/cli/fetch-needs-a-choice", test_fetch_needs_a_choice);
  g_test_add_func ("/cli/fetch-unknown-choice", test_fetch_unknown_choice);
  g_test_add_func ("/cli/fetch-json", test_fetch_json);
  g_test_add_func ("/cli/fetch-text-verbose", test_fetch_text_and_verbose);
  g_test_add_func ("/cli/wrong-password", test_fetch_wrong_password);
  g_test_add_func ("/cli/without-password", test_fetch_without_password);
  g_test_add_func ("/cli/password-prompt-on-terminal", test_password_prompt_on_terminal);
  g_test_add_func ("/cli/foreign-domain-warning", test_foreign_domain_warning);
  g_test_add_func ("/cli/nothing-published", test_nothing_published);
  g_test_add_func ("/cli/redirect-to-http", test_redirect_to_http);
  g_test_add_func ("/cli/insecure-transport", test_insecure_transport);
  g_test_add_func ("/cli/untrusted-without-ca-file", test_untrusted_without_ca_file);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);

  status = g_test_run ();

  fp_test_server_free (server);
  g_rmdir (home);
  g_free (home);
  g_free (ca_file);
  return status;
}
