/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fingerpost"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "fp-application.h"
#include "fp-cli.h"
#include "fp-first-run.h"

static gboolean
has_display (void)
{
  return g_getenv ("WAYLAND_DISPLAY") != NULL || g_getenv ("DISPLAY") != NULL;
}

/* --help needs no display: GApplication answers it before GTK starts. */
static gboolean
asks_for_help (int    argc,
               char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--help") || g_strcmp0 (argv[i], "-h") == 0)
      return TRUE;
  return FALSE;
}

/* The autostart entry's --first-run decides before GTK loads, and mostly exits at once. */
static gboolean
asks_for_first_run (int    argc,
                    char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--first-run") == 0)
      return TRUE;
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(FpApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The command line never needs a display: it is what helpdesk scripts run. */
  if (argc > 1 && fp_cli_is_command (argv[1]))
    return fp_cli_run (argc, argv);

  if (asks_for_first_run (argc, argv) && !asks_for_help (argc, argv) &&
      !fp_first_run_begin (has_display ()))
    return 0;

  if (!has_display () && !asks_for_help (argc, argv))
    {
      g_printerr (_("The wizard needs a graphical session. Without one, use the command line: "
                    "fingerpost discover, fetch or setup ACCOUNT.\n"));
      return FP_CLI_EXIT_USAGE;
    }

  application = fp_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
