/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The exit statuses helpdesk scripts rely on (DESIGN.md, "The command line"). */
typedef enum
{
  FP_CLI_EXIT_OK            = 0,
  FP_CLI_EXIT_NETWORK       = 2,
  FP_CLI_EXIT_NOT_PUBLISHED = 3,
  FP_CLI_EXIT_AUTH          = 4,
  FP_CLI_EXIT_UNSAFE        = 5,
  FP_CLI_EXIT_WRITE         = 6,
  FP_CLI_EXIT_KEYRING       = 7,
  FP_CLI_EXIT_CHANGED       = 9,  /* check: a provider's settings changed */
  FP_CLI_EXIT_USAGE         = 64,
  FP_CLI_EXIT_INTERRUPTED   = 130,
} FpCliExit;

gboolean fp_cli_is_command              (const char   *argument);
int      fp_cli_run                     (int           argc,
                                         char        **argv);
int      fp_cli_exit_status_for_error   (const GError *error);
gboolean fp_cli_answer_without_wizard   (int           argc,
                                         char        **argv,
                                         int          *status);

G_END_DECLS
