/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean fp_write_private_file (const char  *path,
                                const char  *contents,
                                gssize       length,
                                GError     **error);
char    *fp_write_backup_file  (const char  *path,
                                const char  *contents,
                                gsize        length,
                                GError     **error);

G_END_DECLS
