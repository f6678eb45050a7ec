/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean    fp_thunderbird_oauth2_knows_host (const char  *host,
                                              char       **issuer);
const char *fp_thunderbird_oauth2_get_source (void);

/* For the tests: the table of one omni.ja, as a set of host names → issuer. */
GHashTable *fp_thunderbird_oauth2_load       (const char  *omni_ja,
                                              GError     **error);
GHashTable *fp_thunderbird_oauth2_parse      (const char  *module_text,
                                              GError     **error);
char       *fp_thunderbird_oauth2_lookup     (GHashTable  *table,
                                              const char  *host);

G_END_DECLS
