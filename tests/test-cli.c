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

/* Whether any request for @path carried an Authorization header: a password sent there. */
static gboolean
sent_credentials_to (const char *host,
                     const char *path)
{
  g_autoptr(GPtrArray) requests = fp_test_server_dup_requests (server);

  for (guint i = 0; i < requests->len; i++)
    {
      FpTestRequest *request = g_ptr_array_index (requests, i);

      if (g_str_equal (request->host, host) && g_str_equal (request->path, path) &&
          request->had_authorization)
        return TRUE;
    }
  return FALSE;
}

/* dave@other.example's document is at mail.example: his password goes there only when he says. */
static void
test_foreign_host_refused (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "abc123\n", "fetch", "--ca-file", ca_file, "--password-stdin",
                  "--choice", "Dave", "--user", "alice@mail.example", "dave@other.example", NULL);
  g_assert_cmpint (run.status, ==, 5);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==,
                   "mail-config.mail.example asks for your password, but it is in the domain "
                   "mail.example, not your account’s domain other.example; the password was not "
                   "sent. If you trust that host, run again with --trust-servers.\n");
  g_assert_false (sent_credentials_to ("mail-config.mail.example", "/dave.json"));
}

static void
test_foreign_host_trusted (void)
{
  g_auto(FpTestRun) run = { 0 };

  fp_test_run_fingerpost (&run, home, "abc123\n", "fetch", "--ca-file", ca_file, "--password-stdin",
                  "--trust-servers", "--choice", "Dave", "--user", "alice@mail.example",
                  "dave@other.example", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==,
                   "Warning: the password is about to be sent to mail-config.mail.example, in the "
                   "domain mail.example, which is not your account’s domain other.example.\n");
  g_assert_true (sent_credentials_to ("mail-config.mail.example", "/dave.json"));
}

/* The settings URL is in the account's domain, but redirects to one that asks for the password. */
static void
test_foreign_host_after_redirect (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *error;

  fp_test_run_fingerpost (&run, home, "abc123\n", "fetch", "--json", "--ca-file", ca_file,
                          "--password-stdin", "erin@autoconfig.mail.example", NULL);
  g_assert_cmpint (run.status, ==, 5);
  g_assert_true (g_str_has_prefix (run.err, "login.other.example asks for your password, but it "
                                            "is in the domain other.example"));
  g_assert_false (sent_credentials_to ("login.other.example", "/erin.json"));
  root = fp_test_parse_json_object (run.out);
  error = json_object_get_object_member (root, "error");
  g_assert_cmpint (json_object_get_int_member (error, "status"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (error, "host"), ==, "login.other.example");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (error, "message"),
                                   "login.other.example asks for your password"));
}

/* With --json every failure is also one object on stdout: status, message, host. */
static void
test_json_errors (void)
{
  static const struct
  {
    const char *arguments[6];
    int         status;
    const char *host;
    const char *message;
  } cases[] = {
    { { "fetch", "--choice", "Business", "--password-stdin", "alice@mail.example" }, 4,
      "mail-config.mail.example", "mail-config.mail.example did not accept the user name and "
      "password." },
    { { "discover", "bob@login.other.example" }, 3, "login.other.example",
      "login.other.example does not publish automatic settings for bob@login.other.example." },
    { { "discover", "--no-such-option", "alice@mail.example" }, 64, NULL,
      "Unknown option --no-such-option" },
    { { "fetch", "--choice", "Holiday", "alice@mail.example" }, 64, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(FpTestRun) run = { 0 };
      g_autoptr(GPtrArray) arguments = g_ptr_array_new ();
      g_autoptr(JsonObject) root = NULL;
      JsonObject *error;

      g_ptr_array_add (arguments, (char *) cases[i].arguments[0]);
      g_ptr_array_add (arguments, "--json");
      g_ptr_array_add (arguments, "--ca-file");
      g_ptr_array_add (arguments, ca_file);
      for (guint j = 1; cases[i].arguments[j] != NULL; j++)
        g_ptr_array_add (arguments, (char *) cases[i].arguments[j]);
      g_ptr_array_add (arguments, NULL);
      fp_test_run_fingerpost_argv (&run, home, "wrong\n", (const char * const *) arguments->pdata);

      g_assert_cmpint (run.status, ==, cases[i].status);
      root = fp_test_parse_json_object (run.out);
      g_assert_cmpuint (json_object_get_size (root), ==, 1);
      error = json_object_get_object_member (root, "error");
      g_assert_nonnull (error);
      g_assert_cmpint (json_object_get_int_member (error, "status"), ==, cases[i].status);
      g_assert_cmpstr (json_object_get_string_member (error, "host"), ==, cases[i].host);
      /* The same sentence as on stderr. */
      g_assert_true (g_str_has_prefix (run.err, json_object_get_string_member (error, "message")));
      if (cases[i].message != NULL)
        g_assert_cmpstr (json_object_get_string_member (error, "message"), ==, cases[i].message);
    }
}

/* A German desktop shows “Privat”; a script written for “Personal” still names it. */
static void
test_choice_in_any_language (void)
{
  static const char *choices[] = { "Personal", "privat", "PRIVAT", "1" };

  g_setenv ("LANGUAGE", "de", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      g_auto(FpTestRun) run = { 0 };
      g_autoptr(JsonObject) root = NULL;

      fp_test_run_fingerpost (&run, home, "", "fetch", "--json", "--ca-file", ca_file, "--choice",
                              choices[i], "gus@lang.other.example", NULL);
      g_assert_cmpint (run.status, ==, 0);
      root = fp_test_parse_json_object (run.out);
      g_assert_cmpstr (json_object_get_string_member (root, "name"), ==, "Privat");
    }
  {
    g_auto(FpTestRun) run = { 0 };
    g_autoptr(JsonObject) root = NULL;

    fp_test_run_fingerpost (&run, home, "", "fetch", "--json", "--ca-file", ca_file, "--choice",
                            "Geschäftlich", "gus@lang.other.example", NULL);
    g_assert_cmpint (run.status, ==, 0);
    root = fp_test_parse_json_object (run.out);
    g_assert_cmpstr (json_object_get_string_member (root, "address"), ==,
                     "gus@business.other.example");
  }
  g_unsetenv ("LANGUAGE");
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

/* No byte of a terminal control sequence: ESC, BEL, CR, or a C1 control (U+009B is CSI). */
static void
assert_no_control_characters (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f))
        g_error ("control character U+%04X at byte %" G_GSIZE_FORMAT " of: %s", c,
                 (gsize) (p - text), text);
    }
}

#define HOSTILE_TITLE "Personal\x1b]0;owned\x07\x1b[2J\xc2\x9b" "2J\r\nfake line"

static void
test_escapes_in_titles (void)
{
  g_auto(FpTestRun) text = { 0 };
  g_auto(FpTestRun) json = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonArray *choices;

  fp_test_run_fingerpost (&text, home, "", "discover", "--ca-file", ca_file,
                          "mallory@hostile.other.example", NULL);
  g_assert_cmpint (text.status, ==, 0);
  assert_no_control_characters (text.out);
  g_assert_nonnull (strstr (text.out, "1. Personal\\e]0;owned\\a\\e[2J\\u009b2J\\r\\nfake line\n"));

  fp_test_run_fingerpost (&json, home, "", "discover", "--json", "--ca-file", ca_file,
                          "mallory@hostile.other.example", NULL);
  g_assert_cmpint (json.status, ==, 0);
  assert_no_control_characters (json.out);
  /* Still valid JSON, and the value itself unchanged. */
  root = fp_test_parse_json_object (json.out);
  choices = json_object_get_array_member (root, "choices");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (choices, 0),
                                                  "title"), ==, HOSTILE_TITLE);
}

/* An error that quotes the provider (here a link that is not a URI) is escaped too. */
static void
test_escapes_in_errors (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_auto(FpTestRun) json = { 0 };
  g_autoptr(JsonObject) root = NULL;

  fp_test_run_fingerpost (&run, home, "", "discover", "--ca-file", ca_file,
                          "mallory@broken.other.example", NULL);
  g_assert_cmpint (run.status, ==, 3);
  assert_no_control_characters (run.err);
  g_assert_nonnull (strstr (run.err, "\\e[2J\\e[1;1H"));

  fp_test_run_fingerpost (&json, home, "", "discover", "--json", "--ca-file", ca_file,
                          "mallory@broken.other.example", NULL);
  g_assert_cmpint (json.status, ==, 3);
  assert_no_control_characters (json.out);
  root = fp_test_parse_json_object (json.out);
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (root,
                                                                                         "error"),
                                                           "message"), "\x1b[2J\x1b[1;1H"));
}

/* Every object the dynamic loader mapped for one run, from its LD_DEBUG=files log. */
static GPtrArray *
run_and_list_loaded (const char * const *arguments,
                     const char         *input)
{
  g_auto(FpTestRun) run = { 0 };
  g_autofree char *folder = g_build_filename (home, "ld-debug", NULL);
  g_autofree char *prefix = g_build_filename (folder, "ld", NULL);
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_setenv ("LD_DEBUG", "files", TRUE);
  g_setenv ("LD_DEBUG_OUTPUT", prefix, TRUE);
  fp_test_run_fingerpost_argv (&run, home, input, arguments);
  g_unsetenv ("LD_DEBUG");
  g_unsetenv ("LD_DEBUG_OUTPUT");
  g_assert_cmpint (run.status, ==, 0);

  dir = g_dir_open (folder, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *log = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
      lines = g_strsplit (log, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          const char *file = strstr (lines[i], "file=");

          if (file != NULL)
            g_ptr_array_add (loaded, g_strndup (file + 5, strcspn (file + 5, " ;[")));
        }
      g_unlink (path);
    }
  g_rmdir (folder);
  return g_steal_pointer (&loaded);
}

static gboolean
any_contains (GPtrArray  *names,
              const char *part)
{
  for (guint i = 0; i < names->len; i++)
    if (strstr (g_ptr_array_index (names, i), part) != NULL)
      return TRUE;
  return FALSE;
}

/*
 * The helpdesk's commands never map the toolkit: what the loader mapped over
 * the whole run (libraries the program links and modules GIO opens later,
 * such as the TLS backend) holds no GTK and no libadwaita.
 */
static void
test_no_toolkit_loaded (void)
{
  const char *discover[] = { "discover", "--ca-file", ca_file, "alice@mail.example", NULL };
  const char *fetch[] = { "fetch", "--ca-file", ca_file, "--choice", "Personal",
                          "--password-stdin", "alice@mail.example", NULL };
  const char *setup[] = { "setup", "--ca-file", ca_file, "--choice", "Personal", "--dry-run",
                          "--no-verify", "--client", "evolution", "--password-stdin",
                          "alice@mail.example", NULL };
  const char *check[] = { "check", NULL };
  const char *help[] = { "--help", NULL };
  const char * const *commands[] = { discover, fetch, setup, help, check };
  g_auto(FpTestRun) listed = { 0 };

  /* `check` is tried where this build has it. */
  fp_test_run_fingerpost (&listed, home, "", "--help", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GPtrArray) loaded = NULL;

      if (commands[i] == check && strstr (listed.out, "  check ") == NULL)
        continue;
      loaded = run_and_list_loaded (commands[i], "abc123\n");
      g_test_message ("%s mapped %u objects", commands[i][0], loaded->len);
      /* What proves the log is read: the HTTP library, and for the network, the TLS module
       * (`check` with nothing recorded in this home asks no server). */
      g_assert_true (any_contains (loaded, "libglib-2.0.so"));
      if (commands[i] != help && commands[i] != check)
        {
          g_assert_true (any_contains (loaded, "libsoup-3.0.so"));
          g_assert_true (any_contains (loaded, "libgiognutls.so"));
        }
      g_assert_false (any_contains (loaded, "libgtk-4.so"));
      g_assert_false (any_contains (loaded, "libadwaita-1.so"));
      g_assert_false (any_contains (loaded, "libgraphene"));
    }
}

/* Without a display, as over SSH: help, the version and a typo get their answers. */
static void
test_help_without_display (void)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  g_autofree char *wayland = g_strdup (g_getenv ("WAYLAND_DISPLAY"));
  g_auto(FpTestRun) help = { 0 };
  g_auto(FpTestRun) help_word = { 0 };
  g_auto(FpTestRun) version = { 0 };
  g_auto(FpTestRun) command_help = { 0 };

  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");

  fp_test_run_fingerpost (&help, home, "", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "  fingerpost discover [OPTION…] ACCOUNT\n"));
  g_assert_nonnull (strstr (help.out, "\n  discover   Show what is published for ACCOUNT"));
  g_assert_nonnull (strstr (help.out, "\n  fetch      "));
  g_assert_nonnull (strstr (help.out, "\n  setup      "));
  g_assert_nonnull (strstr (help.out, "--version"));
  g_assert_cmpstr (help.err, ==, "");

  fp_test_run_fingerpost (&help_word, home, "", "help", NULL);
  g_assert_cmpint (help_word.status, ==, 0);
  g_assert_cmpstr (help_word.out, ==, help.out);

  fp_test_run_fingerpost (&version, home, "", "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_cmpstr (version.out, ==, "fingerpost " PACKAGE_VERSION "\n");

  fp_test_run_fingerpost (&command_help, home, "", "help", "setup", NULL);
  g_assert_cmpint (command_help.status, ==, 0);
  g_assert_nonnull (strstr (command_help.out, "--dry-run"));

  /* A typo is a typo with or without a display; it never reaches the wizard as an account. */
  for (guint with_display = 0; with_display < 2; with_display++)
    {
      g_auto(FpTestRun) typo = { 0 };
      g_auto(FpTestRun) far = { 0 };

      if (with_display)
        g_setenv ("DISPLAY", ":99", TRUE);
      fp_test_run_fingerpost (&typo, home, "", "setpu", "alice@mail.example", NULL);
      g_assert_cmpint (typo.status, ==, 64);
      g_assert_cmpstr (typo.out, ==, "");
      g_assert_cmpstr (typo.err, ==, "“setpu” is not a command; did you mean setup? "
                                     "(fingerpost --help lists them)\n");
      fp_test_run_fingerpost (&far, home, "", "xyzzy", NULL);
      g_assert_cmpint (far.status, ==, 64);
      g_assert_true (g_str_has_prefix (far.err, "“xyzzy” is neither a command (discover, fetch, "
                                                "setup"));
      g_assert_true (g_str_has_suffix (far.err, ") nor an account such as alice@example.org.\n"));
    }

  g_unsetenv ("DISPLAY");
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  if (wayland != NULL)
    g_setenv ("WAYLAND_DISPLAY", wayland, TRUE);
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
  /* erin's settings URL is in her domain, but sends her on to other.example, which asks. */
  fp_test_server_add_route (server, "autoconfig.mail.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .body =
                              "{\"links\":[{\"rel\":\"email-autoconfig\","
                              "\"href\":\"https://mail-config.mail.example/erin.json\"}]}" });
  fp_test_server_add_route (server, "mail-config.mail.example", "/erin.json",
                            &(FpTestRoute) { .status = 302,
                                             .location = "https://login.other.example/erin.json" });
  fp_test_server_add_route (server, "login.other.example", "/erin.json",
                            &(FpTestRoute) { .body = config_personal,
                                             .user = "erin@autoconfig.mail.example",
                                             .password = "abc123" });
  /* gus's provider publishes its titles in English and German. */
  fp_test_server_add_route (server, "lang.other.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .body =
                              "{\"links\":[{\"rel\":\"email-autoconfig\","
                              "\"titles\":{\"en\":\"Personal\",\"de\":\"Privat\"},"
                              "\"href\":\"https://login.other.example/gus.json\"},"
                              "{\"rel\":\"email-autoconfig\","
                              "\"titles\":{\"en\":\"Business\",\"de\":\"Gesch\\u00e4ftlich\"},"
                              "\"href\":\"https://login.other.example/gus-business.json\"}]}" });
  fp_test_server_add_route (server, "login.other.example", "/gus.json",
                            &(FpTestRoute) { .body = "{\"imap\":{\"host\":\"imap.other.example\"},"
                                                     "\"smtp\":{\"host\":\"smtp.other.example\"}}" });
  fp_test_server_add_route (server, "login.other.example", "/gus-business.json",
                            &(FpTestRoute) { .body = "{\"address\":\"gus@business.other.example\","
                                                     "\"imap\":{\"host\":\"imap.other.example\"},"
                                                     "\"smtp\":{\"host\":\"smtp.other.example\"}}" });
  /* A provider whose titles and links try to drive the terminal. */
  fp_test_server_add_route (server, "hostile.other.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .body =
                              "{\"links\":[{\"rel\":\"email-autoconfig\",\"titles\":{\"und\":"
                              "\"Personal\\u001b]0;owned\\u0007\\u001b[2J\\u009b2J\\r\\nfake line\"},"
                              "\"href\":\"https://login.other.example/hostile.json\"}]}" });
  fp_test_server_add_route (server, "broken.other.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .body =
                              "{\"links\":[{\"rel\":\"email-autoconfig\","
                              "\"href\":\"\\u001b[2J\\u001b[1;1Hnot a link\"}]}" });
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
  g_test_add_func ("/cli/foreign-host-refused", test_foreign_host_refused);
  g_test_add_func ("/cli/foreign-host-trusted", test_foreign_host_trusted);
  g_test_add_func ("/cli/foreign-host-after-redirect", test_foreign_host_after_redirect);
  g_test_add_func ("/cli/json-errors", test_json_errors);
  g_test_add_func ("/cli/choice-in-any-language", test_choice_in_any_language);
  g_test_add_func ("/cli/escapes-in-titles", test_escapes_in_titles);
  g_test_add_func ("/cli/escapes-in-errors", test_escapes_in_errors);
  g_test_add_func ("/cli/nothing-published", test_nothing_published);
  g_test_add_func ("/cli/redirect-to-http", test_redirect_to_http);
  g_test_add_func ("/cli/insecure-transport", test_insecure_transport);
  g_test_add_func ("/cli/untrusted-without-ca-file", test_untrusted_without_ca_file);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/no-toolkit-loaded", test_no_toolkit_loaded);
  g_test_add_func ("/cli/help-without-display", test_help_without_display);

  status = g_test_run ();

  fp_test_server_free (server);
  g_rmdir (home);
  g_free (home);
  g_free (ca_file);
  return status;
}
