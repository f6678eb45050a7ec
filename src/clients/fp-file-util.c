/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
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
