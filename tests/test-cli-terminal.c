/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-terminal"

#include "config.h"

#include <string.h>

#include "fp-test-cli.h"
#include "fp-test-server.h"

/*
 * The command line at a real terminal: the program on a pseudo-terminal of
 * its own (its controlling terminal, so Ctrl+C is the terminal's SIGINT), in
 * a network namespace where this test's HTTPS server answers for the test
 * names (run-in-netns.sh).
 */

static FpTestServer *server;
static char *ca_file;

static const char *jrd_alice =
  "{\"links\":[{\"rel\":\"email-autoconfig\",\"titles\":{\"en\":\"Personal\"},"
  "\"href\":\"https://mail-config.mail.example/alice.personal.json\"}]}";

static const char *config_personal =
  "{\"imap\":{\"host\":\"imap.mail.example\"},\"smtp\":{\"host\":\"smtp.mail.example\"}}";

/* A login that redraws the line as a prompt for another host, then hides what follows. */
static const char *config_hostile =
  "{\"imap\":{\"host\":\"imap.other.example\","
  "           \"login\":\"alice\\u001b[2K\\u001b[1GPassword for alice at imap.mail.example: "
  "\\u001b[8m\"},"
  " \"smtp\":{\"host\":\"smtp.other.example\"}}";

static FpTestTerminal *
spawn (const char *first,
       ...)
{
  g_autoptr(GPtrArray) arguments = g_ptr_array_new ();
  const char *argument = first;
  va_list args;

  va_start (args, first);
  for (; argument != NULL; argument = va_arg (args, const char *))
    g_ptr_array_add (arguments, (char *) argument);
  va_end (args);
  g_ptr_array_add (arguments, NULL);
  return fp_test_terminal_spawn ((const char * const *) arguments->pdata);
}

/* Ctrl+C at the password prompt ends the program at once, with 130, without waiting for Enter. */
static void
test_interrupt_at_password_prompt (void)
{
  g_autoptr(FpTestTerminal) terminal = spawn ("fetch", "--ca-file", ca_file,
                                              "alice@mail.example", NULL);

  g_assert_true (fp_test_terminal_read_until (terminal, "Password for alice@mail.example at "
                                                        "mail-config.mail.example: "));
  fp_test_terminal_type (terminal, "abc");
  fp_test_terminal_type (terminal, "\003");
  g_assert_cmpint (fp_test_terminal_wait (terminal), ==, 130);
  g_assert_cmpuint (fp_test_server_count_requests (server, "/alice.personal.json"), ==, 1);
}

static void
assert_no_escape_sequences (const char *seen)
{
  /* The terminal turns each line end into CR LF: any other CR, and any ESC, came from outside. */
  g_assert_null (strchr (seen, '\033'));
  for (const char *cr = strchr (seen, '\r'); cr != NULL; cr = strchr (cr + 1, '\r'))
    g_assert_cmpint (cr[1], ==, '\n');
}

/* The login in the prompt comes from the provider: shown with its escapes visible. */
static void
test_escapes_in_prompt (void)
{
  g_autoptr(FpTestTerminal) terminal = spawn ("fetch", "--verify", "--ca-file", ca_file,
                                              "mallory@hostile.other.example", NULL);

  g_assert_true (fp_test_terminal_read_until (terminal, " at imap.other.example: "));
  assert_no_escape_sequences (fp_test_terminal_get_seen (terminal));
  g_assert_nonnull (strstr (fp_test_terminal_get_seen (terminal),
                            "Password for alice\\e[2K\\e[1GPassword for alice at "
                            "imap.mail.example: \\e[8m at imap.other.example: "));
  fp_test_terminal_type (terminal, "\003");
  g_assert_cmpint (fp_test_terminal_wait (terminal), ==, 130);
}

/* At the terminal, a password for another domain's host is sent only after an explicit yes. */
static void
test_foreign_host_confirmed (void)
{
  static const char *question = "Send your password to mail-config.mail.example? "
                                "Type “yes” to send it: ";
  g_autoptr(FpTestTerminal) refused = spawn ("fetch", "--ca-file", ca_file, "--user",
                                             "alice@mail.example", "dave@other.example", NULL);
  g_autoptr(FpTestTerminal) confirmed = NULL;

  g_assert_true (fp_test_terminal_read_until (refused, question));
  g_assert_nonnull (strstr (fp_test_terminal_get_seen (refused),
                            "Warning: the password is about to be sent to "
                            "mail-config.mail.example"));
  fp_test_terminal_type (refused, "no\n");
  g_assert_cmpint (fp_test_terminal_wait (refused), ==, 5);
  g_assert_nonnull (strstr (fp_test_terminal_get_seen (refused),
                            "mail-config.mail.example asks for your password, but it is in the "
                            "domain mail.example"));
  g_assert_null (strstr (fp_test_terminal_get_seen (refused), "Password for"));

  confirmed = spawn ("fetch", "--ca-file", ca_file, "--user", "alice@mail.example",
                     "dave@other.example", NULL);
  g_assert_true (fp_test_terminal_read_until (confirmed, question));
  fp_test_terminal_type (confirmed, "yes\n");
  g_assert_true (fp_test_terminal_read_until (confirmed, "Password for alice@mail.example at "
                                                         "mail-config.mail.example: "));
  fp_test_terminal_type (confirmed, "abc123\n");
  g_assert_cmpint (fp_test_terminal_wait (confirmed), ==, 0);
  g_assert_nonnull (strstr (fp_test_terminal_get_seen (confirmed), "IMAP  imap.mail.example"));
  g_assert_null (strstr (fp_test_terminal_get_seen (confirmed), "abc123"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("FINGERPOST"));
  ca_file = fp_test_build_filename ("test-ca.pem");
  server = fp_test_server_new_on_port ("test-server.pem", 443);
  fp_test_server_add_route (server, "mail.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .body = jrd_alice });
  fp_test_server_add_route (server, "mail-config.mail.example", "/alice.personal.json",
                            &(FpTestRoute) { .body = config_personal,
                                             .user = "alice@mail.example", .password = "abc123" });
  /* dave's provider keeps his settings at mail.example: another registrable domain. */
  fp_test_server_add_route (server, "other.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .body =
                              "{\"links\":[{\"rel\":\"email-autoconfig\","
                              "\"href\":\"https://mail-config.mail.example/dave.json\"}]}" });
  fp_test_server_add_route (server, "mail-config.mail.example", "/dave.json",
                            &(FpTestRoute) { .body = config_personal,
                                             .user = "alice@mail.example", .password = "abc123" });
  fp_test_server_add_route (server, "hostile.other.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .body =
                              "{\"links\":[{\"rel\":\"email-autoconfig\","
                              "\"href\":\"https://login.other.example/hostile.json\"}]}" });
  fp_test_server_add_route (server, "login.other.example", "/hostile.json",
                            &(FpTestRoute) { .body = config_hostile });

  g_test_add_func ("/cli-terminal/interrupt-at-password-prompt", test_interrupt_at_password_prompt);
  g_test_add_func ("/cli-terminal/escapes-in-prompt", test_escapes_in_prompt);
  g_test_add_func ("/cli-terminal/foreign-host-confirmed", test_foreign_host_confirmed);

  status = g_test_run ();

  fp_test_server_free (server);
  g_free (ca_file);
  return status;
}
