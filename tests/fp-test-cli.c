/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-test-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "fp-test-cli.h"

/* However slow the machine, a program that waits for a key it already got has hung. */
#define TERMINAL_TIMEOUT_MS 20000

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
  /* Killed by a signal (a sanitizer's abort, a crash) counts as 128 + the signal, as in a
   * shell, so the test fails on its status with the program's stderr shown above it. */
  if (g_subprocess_get_if_exited (process))
    run->status = g_subprocess_get_exit_status (process);
  else
    run->status = 128 + g_subprocess_get_term_sig (process);
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

struct _FpTestTerminal
{
  GSubprocess *process;
  int          master;
  GString     *seen;
};

/* In the child, before exec: a session of its own, with the terminal as its controlling one. */
static void
take_terminal_cb (gpointer user_data)
{
  setsid ();
  ioctl (STDIN_FILENO, TIOCSCTTY, 0);
}

/**
 * fp_test_terminal_spawn:
 * @arguments: the arguments after the program's name, %NULL-terminated
 *
 * Starts $FINGERPOST with a new pseudo-terminal as its standard input, output
 * and error and as its controlling terminal, so that Ctrl+C typed there is a
 * SIGINT from the terminal, as for a person.
 */
FpTestTerminal *
fp_test_terminal_spawn (const char * const *arguments)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  FpTestTerminal *self = g_new0 (FpTestTerminal, 1);
  int slave;

  self->seen = g_string_new (NULL);
  self->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (self->master, >=, 0);
  g_assert_cmpint (grantpt (self->master), ==, 0);
  g_assert_cmpint (unlockpt (self->master), ==, 0);
  slave = open (ptsname (self->master), O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (slave, >=, 0);

  g_ptr_array_add (argv, (char *) g_getenv ("FINGERPOST"));
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) arguments[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_take_stdin_fd (launcher, dup (slave));
  g_subprocess_launcher_take_stdout_fd (launcher, dup (slave));
  g_subprocess_launcher_take_stderr_fd (launcher, slave);
  g_subprocess_launcher_set_child_setup (launcher, take_terminal_cb, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);
  return self;
}

/*
 * Reads what the program writes to its terminal until @wanted has been seen,
 * or (with %NULL) until it closed the terminal. %FALSE when that did not
 * happen in time or the terminal closed first.
 */
gboolean
fp_test_terminal_read_until (FpTestTerminal *self,
                             const char     *wanted)
{
  gint64 deadline = g_get_monotonic_time () + TERMINAL_TIMEOUT_MS * 1000;

  while (wanted == NULL || strstr (self->seen->str, wanted) == NULL)
    {
      struct pollfd fd = { .fd = self->master, .events = POLLIN };
      int left = (int) ((deadline - g_get_monotonic_time ()) / 1000);
      char buffer[512];
      ssize_t got;

      if (left <= 0 || poll (&fd, 1, left) == 0)
        return FALSE;
      got = read (self->master, buffer, sizeof buffer);
      /* EIO: every copy of the terminal's other end is closed, the program is gone. */
      if (got <= 0)
        return wanted == NULL;
      g_string_append_len (self->seen, buffer, got);
    }
  return TRUE;
}

/* Everything the program wrote so far, escapes and all, exactly as the terminal got it. */
const char *
fp_test_terminal_get_seen (FpTestTerminal *self)
{
  return self->seen->str;
}

/* As typed at the keyboard: "\003" is Ctrl+C, "\n" is Enter. */
void
fp_test_terminal_type (FpTestTerminal *self,
                       const char     *keys)
{
  g_assert_cmpint (write (self->master, keys, strlen (keys)), ==, (gssize) strlen (keys));
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* The exit status; -1 when the program had not ended in time (it is then killed). */
int
fp_test_terminal_wait (FpTestTerminal *self)
{
  gboolean exited = FALSE;
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (TERMINAL_TIMEOUT_MS, timed_out_cb, &timed_out);

  g_subprocess_wait_async (self->process, NULL, exited_cb, &exited);
  while (!exited && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!exited)
    {
      g_test_message ("terminal, still running: %s", self->seen->str);
      g_subprocess_force_exit (self->process);
      while (!exited)
        g_main_context_iteration (NULL, TRUE);
      return -1;
    }
  g_source_remove (timeout);
  fp_test_terminal_read_until (self, NULL);
  g_test_message ("terminal: %s", self->seen->str);
  return g_subprocess_get_if_exited (self->process) ? g_subprocess_get_exit_status (self->process)
                                                    : 128 + g_subprocess_get_term_sig (self->process);
}

void
fp_test_terminal_free (FpTestTerminal *self)
{
  if (self == NULL)
    return;
  if (g_subprocess_get_identifier (self->process) != NULL)
    g_subprocess_force_exit (self->process);
  g_clear_object (&self->process);
  close (self->master);
  g_string_free (self->seen, TRUE);
  g_free (self);
}
