/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *fp_host_name_normalise   (const char *host,
                                    gssize      length);
gboolean  fp_host_name_is_dns_name (const char *host);

G_END_DECLS
