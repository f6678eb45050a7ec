/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Debian's Thunderbird for the tests: only ever inside a private network
 * namespace (unshare --net), in the home of run-isolated.sh, output to files.
 */
char     *fp_test_thunderbird_create_profile (const char *name);
GPid      fp_test_thunderbird_start          (const char *profile);
GPid      fp_test_thunderbird_launch         (const char *profile,
                                              gboolean    marionette);
void      fp_test_thunderbird_stop           (GPid        pid,
                                              const char *profile);
char     *fp_test_read_prefs                 (const char *profile);
guint     fp_test_count_backups              (const char *profile);

G_END_DECLS
