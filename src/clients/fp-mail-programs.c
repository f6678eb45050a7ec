/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-goa-writer.h"
#include "fp-mail-programs.h"

/*
 * Which mail programs are on this computer: the review page offers those,
 * and `fingerpost setup` without --client writes for those. GNOME Online
 * Accounts is "installed" when goa-daemon is on the session bus; it is
 * offered, never chosen by default, since choosing it means Evolution's
 * own files are not written.
 */

typedef struct
{
  const char *name;
  const char *display_name;
  const char *executables[3];
  const char *desktop_ids[3];
} ProgramInfo;

static const ProgramInfo programs[] = {
  [FP_MAIL_PROGRAM_EVOLUTION] = { "evolution", N_("Evolution"),
                                  { "evolution", NULL },
                                  { "org.gnome.Evolution.desktop", NULL } },
  [FP_MAIL_PROGRAM_THUNDERBIRD] = { "thunderbird", N_("Thunderbird"),
                                    { "thunderbird", NULL },
                                    { "thunderbird.desktop", "org.mozilla.Thunderbird.desktop",
                                      NULL } },
  [FP_MAIL_PROGRAM_GOA] = { "gnome-online-accounts", N_("GNOME Online Accounts"),
                            { NULL }, { NULL } },
};

const char *
fp_mail_program_to_string (FpMailProgram program)
{
  g_return_val_if_fail (program < G_N_ELEMENTS (programs), NULL);
  return programs[program].name;
}

gboolean
fp_mail_program_from_string (const char    *text,
                             FpMailProgram *program)
{
  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    if (g_ascii_strcasecmp (text, programs[i].name) == 0)
      {
        *program = i;
        return TRUE;
      }
  return FALSE;
}

const char *
fp_mail_program_display_name (FpMailProgram program)
{
  g_return_val_if_fail (program < G_N_ELEMENTS (programs), NULL);
  return _(programs[program].display_name);
}

/* A desktop file counts too: Flatpak and Snap installs have no binary on PATH. */
static gboolean
has_desktop_file (const char *desktop_id)
{
  const char * const *dirs = g_get_system_data_dirs ();
  g_autofree char *user_path = g_build_filename (g_get_user_data_dir (), "applications",
                                                 desktop_id, NULL);

  if (g_file_test (user_path, G_FILE_TEST_EXISTS))
    return TRUE;
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "applications", desktop_id, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

gboolean
fp_mail_program_is_installed (FpMailProgram program)
{
  const ProgramInfo *info;

  g_return_val_if_fail (program < G_N_ELEMENTS (programs), FALSE);
  if (program == FP_MAIL_PROGRAM_GOA)
    return fp_goa_is_available ();
  info = &programs[program];
  for (guint i = 0; info->executables[i] != NULL; i++)
    {
      g_autofree char *path = g_find_program_in_path (info->executables[i]);

      if (path != NULL)
        return TRUE;
    }
  for (guint i = 0; info->desktop_ids[i] != NULL; i++)
    if (has_desktop_file (info->desktop_ids[i]))
      return TRUE;
  return FALSE;
}

/**
 * fp_mail_programs_detect:
 *
 * Returns: (transfer full) (element-type FpMailProgram): the installed mail
 *   programs (GNOME Online Accounts only when asked for by name)
 */
GArray *
fp_mail_programs_detect (void)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (FpMailProgram));

  for (FpMailProgram p = 0; p < G_N_ELEMENTS (programs); p++)
    if (p != FP_MAIL_PROGRAM_GOA && fp_mail_program_is_installed (p))
      g_array_append_val (found, p);
  return found;
}
