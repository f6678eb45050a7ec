/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *fp_sasl_cram_md5_response (const char  *user,
                                 const char  *password,
                                 const char  *challenge,
                                 GError     **error);

G_END_DECLS
