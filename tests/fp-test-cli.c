/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-test-cli"

#include "config.h"

#include "fp-test-cli.h"

void
fp_test_run_clear (FpTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/**
 * fp_test_run_fingerpost_argv:
 * @home: (nullable): HOME for the program; %NULL keeps the test's own
 * @input: what the program reads on standard input (a pipe, never a terminal)
 * @arguments: the arguments after the program's name, %NULL-terminated
 *
 * Runs the program to its end. It runs without G_DEBUG: its own warnings are
 * part of what the test reads, not a reason to abort it.
 */
void
fp_test_run_fingerpost_argv (FpTestRun          *run,
                             const char         *home,
                             const char         *input,
                             const char * const *arguments)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  g_assert_nonnull (g_getenv ("FINGERPOST"));
  g_ptr_array_add (argv, (char *) g_getenv ("FINGERPOST"));
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) arguments[i]);
  g_ptr_array_add (argv, NULL);

  if (home != NULL)
    g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d after %" G_GINT64_FORMAT " ms\nstdout: %s\nstderr: %s", run->status,
                  (g_get_monotonic_time () - started) / 1000, run->out, run->err);
}

/* fp_test_run_fingerpost_argv() with the arguments listed, up to a %NULL. */
void
fp_test_run_fingerpost (FpTestRun  *run,
                        const char *home,
                        const char *input,
                        ...)
{
  g_autoptr(GPtrArray) arguments = g_ptr_array_new ();
  const char *argument;
  va_list args;

  va_start (args, input);
  while ((argument = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (arguments, (char *) argument);
  va_end (args);
  g_ptr_array_add (arguments, NULL);
  fp_test_run_fingerpost_argv (run, home, input, (const char * const *) arguments->pdata);
}

/* The program's JSON output, which must be one object. */
JsonObject *
fp_test_parse_json_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}
