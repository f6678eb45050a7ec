/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Pure functions of the DNS answer (no I/O), so they can be fuzzed. */
char      *fp_mx_pick_host       (GList       *records,
                                  GError     **error);
GPtrArray *fp_mx_derived_domains (const char  *mx_host,
                                  const char  *account_domain);

G_END_DECLS
