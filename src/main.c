/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fingerpost"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "fp-cli.h"
#include "fp-cli-escape.h"
#include "fp-first-run.h"

/*
 * `fingerpost`, the one command people type: the command line itself, and
 * the way into the wizard.
 *
 * This program links no toolkit. A helpdesk's `fingerpost discover` has no
 * use for GTK, libadwaita and the graphics stack they bring (about 7 MiB more
 * resident and tens of milliseconds to map and relocate), and a library that
 * is linked is loaded, used or not. So the wizard is a second executable,
 * fingerpost-wizard in LIBEXECDIR, and for everything that is not a command
 * this program replaces itself with it (execv: the same process, the same
 * arguments and name), after answering what needs no window: --help,
 * --version, typos and the missing display. The desktop file, the D-Bus
 * service (`fingerpost --gapplication-service`) and GApplication's single
 * instance go through here unchanged.
 *
 * A loadable module for the wizard was the other way: it would have had to
 * share the engine's static libraries with this program (two copies of every
 * type) or make them a shared library, for no gain over one exec.
 */

static gboolean
has_display (void)
{
  return g_getenv ("WAYLAND_DISPLAY") != NULL || g_getenv ("DISPLAY") != NULL;
}

/*
 * Beside this program when it runs from the build folder; installed, in
 * LIBEXECDIR. Only a folder that could replace this program itself is
 * looked in.
 */
static char *
find_wizard (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (folder, "fingerpost-wizard", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  return g_build_filename (LIBEXECDIR, "fingerpost-wizard", NULL);
}

static int
run_wizard (char **argv)
{
  g_autofree char *wizard = find_wizard ();

  execv (wizard, argv);
  g_printerr (_("The wizard could not start (%s: %s).\n"), wizard, g_strerror (errno));
  return 1;
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
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  fp_cli_install_print_handlers ();

  /* The command line never needs a display: it is what helpdesk scripts run. */
  if (argc > 1 && fp_cli_is_command (argv[1]))
    return fp_cli_run (argc, argv);

  /* --help, --version, `help` and a mistyped command, answered without any window. */
  if (fp_cli_answer_without_wizard (argc, argv, &status))
    return status;

  if (asks_for_first_run (argc, argv) && !fp_first_run_begin (has_display ()))
    return FP_CLI_EXIT_OK;

  if (!has_display ())
    {
      g_printerr (_("The wizard needs a graphical session. Without one, use the command line: "
                    "fingerpost --help lists its commands.\n"));
      return FP_CLI_EXIT_USAGE;
    }
  return run_wizard (argv);
}
