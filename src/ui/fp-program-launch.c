/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-program-launch"

#include "config.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n.h>

#include "fp-program-launch.h"
#include "fp-wizard-logic.h"

/* A command's program, looked up on PATH as the launch will: missing is said before trying. */
static gboolean
command_is_installed (const char *command)
{
  g_auto(GStrv) argv = NULL;
  g_autofree char *path = NULL;

  if (!g_shell_parse_argv (command, NULL, &argv, NULL))
    return FALSE;
  path = g_find_program_in_path (argv[0]);
  return path != NULL;
}

/**
 * fp_mail_program_launch:
 * @widget: where the launch comes from: its display starts the program
 *
 * Opens @program: a mail program by its desktop file, GNOME Online Accounts
 * in Settings (`gnome-control-center online-accounts`), which has no desktop
 * file of its own for the panel. The command is looked up on PATH.
 *
 * Returns: %FALSE with a sentence for the person when it could not be opened
 */
gboolean
fp_mail_program_launch (FpMailProgram   program,
                        GtkWidget      *widget,
                        GError        **error)
{
  const char *desktop_id = fp_mail_program_desktop_id (program);
  const char *command = fp_mail_program_open_command (program);
  const char *name = fp_mail_program_display_name (program);
  g_autoptr(GAppInfo) info = NULL;
  g_autoptr(GdkAppLaunchContext) context =
    gdk_display_get_app_launch_context (gtk_widget_get_display (widget));
  g_autoptr(GError) local_error = NULL;

  if (desktop_id != NULL)
    info = G_APP_INFO (g_desktop_app_info_new (desktop_id));
  else if (command != NULL && !command_is_installed (command))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Settings is not installed on this computer (“%s” is missing): %s cannot "
                     "be opened there."), command, name);
      return FALSE;
    }
  else if (command != NULL)
    info = g_app_info_create_from_commandline (command, NULL, G_APP_INFO_CREATE_NONE,
                                               &local_error);
  if (info == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Could not open %s."), name);
      return FALSE;
    }
  if (!g_app_info_launch (info, NULL, G_APP_LAUNCH_CONTEXT (context), &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not open %s: %s"), name,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
