/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fingerpost"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "fp-cli.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The command line never needs a display: it is what helpdesk scripts run. */
  if (argc > 1 && fp_cli_is_command (argv[1]))
    return fp_cli_run (argc, argv);

  g_printerr (_("The wizard is not built yet; use “fingerpost discover”, “fetch” or “setup”.\n"));
  return FP_CLI_EXIT_USAGE;
}
