/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fp-account-update.h"
#include "fp-clients-error.h"
#include "fp-file-util.h"

/* What every program's `check --apply` shares: the error domain and the copies kept. */

G_DEFINE_QUARK (fp-update-error-quark, fp_update_error)

/* Copies of files changed in place go to the state folder, never beside the sources. */
char *
fp_account_update_backup_path (const char *state_dir,
                               const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf ("%s.before-fingerpost-%s", base, stamp);

  return g_build_filename (state_dir, "backups", name, NULL);
}

/* A key file changed in place: the previous one copied to the state folder first. */
gboolean
fp_account_update_save_key_file (const char  *path,
                                 GKeyFile    *file,
                                 const char  *state_dir,
                                 GError     **error)
{
  g_autofree char *backup = fp_account_update_backup_path (state_dir, path);
  g_autofree char *backup_dir = g_path_get_dirname (backup);
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = g_key_file_to_data (file, NULL, NULL);
  gsize old_length = 0;

  if (g_mkdir_with_parents (backup_dir, 0700) != 0 ||
      !g_file_get_contents (path, &old_text, &old_length, NULL))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
                   _("Could not keep a copy of %s in %s."), path, backup_dir);
      return FALSE;
    }
  return fp_write_private_file (backup, old_text, old_length, error) &&
         fp_write_private_file (path, new_text, -1, error);
}
