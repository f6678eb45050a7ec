/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fingerpost"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "fp-application.h"

/*
 * The wizard's program, fingerpost-wizard in LIBEXECDIR. Nobody types its
 * name: `fingerpost` (src/main.c) hands over to it with the same arguments,
 * so that the command line never loads the toolkit.
 */
int
main (int    argc,
      char **argv)
{
  g_autoptr(FpApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = fp_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
