/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <string.h>

#include "fp-clients-error.h"
#include "fp-file-util.h"

/**
 * fp_write_private_file:
 *
 * Writes @path through a temporary file, synced and renamed over it, so a
 * reader sees the old file or the new one and never half of one; mode 0600
 * because account files name servers and logins.
 */
gboolean
fp_write_private_file (const char  *path,
                       const char  *contents,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (length < 0)
    length = strlen (contents);
  if (!g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
                   _("Could not write %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_all (int          fd,
           const char  *contents,
           gsize        length)
{
  while (length > 0)
    {
      gssize written = write (fd, contents, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      contents += written;
      length -= written;
    }
  return fsync (fd) == 0;
}

/**
 * fp_write_backup_file:
 *
 * Keeps @contents, the file at @path before we change it, as
 * `PATH.before-fingerpost-TIME`. A backup is never overwritten: the name is
 * taken with O_EXCL, and when two writes fall in the same second the second
 * gets `-2`, `-3`… (up to 100 in one second), so the copy from before
 * Fingerpost first touched the file survives every later run.
 *
 * Returns: (transfer full): the backup's path, or %NULL with
 *   %FP_CLIENTS_ERROR_WRITE_FAILED
 */
char *
fp_write_backup_file (const char  *path,
                      const char  *contents,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *stem = g_strdup_printf ("%s.before-fingerpost-%s", path, stamp);

  for (guint n = 1; n <= 100; n++)
    {
      g_autofree char *backup = n == 1 ? g_strdup (stem) : g_strdup_printf ("%s-%u", stem, n);
      int fd = g_open (backup, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
      int saved_errno = errno;

      if (fd < 0 && saved_errno == EEXIST)
        continue;
      if (fd >= 0 && write_all (fd, contents, length) && close (fd) == 0)
        return g_steal_pointer (&backup);
      saved_errno = errno;
      if (fd >= 0)
        {
          close (fd);
          g_unlink (backup);
        }
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
                   _("Could not write %s: %s"), backup, g_strerror (saved_errno));
      return NULL;
    }
  g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
               _("Could not write %s: %s"), stem, g_strerror (EEXIST));
  return NULL;
}
