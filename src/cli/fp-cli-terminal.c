/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fp-cli.h"
#include "fp-cli-terminal.h"

/*
 * A question on the terminal: the password prompt, and the confirmation to
 * send a password outside the account's domain.
 *
 * Ctrl+C must end the program at once. The main loop's SIGINT source
 * (g_unix_signal_add) cannot: its handler only marks the signal for the
 * loop, which does not run while we wait for a line, and it restarts the
 * read, so Ctrl+C did nothing until Enter and the next line was taken as the
 * password. While asking, SIGINT has a handler of its own that wakes the
 * wait through a pipe; the program then ends with 130 (nothing is written
 * before a password is known, so there is nothing to undo), the terminal
 * restored first.
 */

static int interrupt_pipe[2] = { -1, -1 };

static void
interrupted_handler (int signal_number)
{
  int saved_errno = errno;
  ssize_t ignored = write (interrupt_pipe[1], "", 1);

  (void) ignored;
  errno = saved_errno;
}

static void
strip_line_end (char *line)
{
  line[strcspn (line, "\r\n")] = '\0';
}

/* One line, or %NULL at the end of input or when Ctrl+C came first (*interrupted). */
static char *
wait_for_line (gboolean *interrupted)
{
  char buffer[4096];
  struct pollfd fds[] = { { .fd = STDIN_FILENO, .events = POLLIN },
                          { .fd = interrupt_pipe[0], .events = POLLIN } };
  ssize_t got;
  char *line;

  *interrupted = FALSE;
  while (poll (fds, G_N_ELEMENTS (fds), -1) < 0)
    if (errno != EINTR)
      return NULL;
  if (fds[1].revents != 0)
    {
      *interrupted = TRUE;
      return NULL;
    }
  /* Canonical mode: one read is one line as typed, line end included. */
  got = read (STDIN_FILENO, buffer, sizeof buffer - 1);
  if (got <= 0)
    return NULL;
  buffer[got] = '\0';
  strip_line_end (buffer);
  line = g_strdup (buffer);
  explicit_bzero (buffer, sizeof buffer);
  return line;
}

/**
 * fp_cli_terminal_ask:
 * @question: shown first, on stderr (escaped by the print handler)
 * @echo: whether what is typed is shown; %FALSE for a password
 *
 * Asks on the terminal that is standard input. Ctrl+C ends the program with
 * status 130.
 *
 * Returns: (transfer full) (nullable): the line typed, without its end; %NULL
 *   at the end of input or when standard input is not a terminal
 */
char *
fp_cli_terminal_ask (const char *question,
                     gboolean    echo)
{
  struct sigaction ours = { .sa_handler = interrupted_handler };
  struct sigaction theirs;
  struct termios saved;
  struct termios asking;
  gboolean interrupted = FALSE;
  char *line;

  if (tcgetattr (STDIN_FILENO, &saved) != 0)
    return NULL;
  if (interrupt_pipe[0] < 0 &&
      (!g_unix_open_pipe (interrupt_pipe, FD_CLOEXEC, NULL) ||
       !g_unix_set_fd_nonblocking (interrupt_pipe[1], TRUE, NULL)))
    return NULL;
  sigemptyset (&ours.sa_mask);
  sigaction (SIGINT, &ours, &theirs);

  asking = saved;
  if (!echo)
    asking.c_lflag &= ~ECHO;
  asking.c_lflag |= ICANON | ISIG;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &asking);
  /* Only now: what is typed once the question shows must not fall to the flush above. */
  g_printerr ("%s", question);
  line = wait_for_line (&interrupted);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  if (!echo || interrupted)
    g_printerr ("\n");

  sigaction (SIGINT, &theirs, NULL);
  if (interrupted)
    exit (FP_CLI_EXIT_INTERRUPTED);
  return line;
}
