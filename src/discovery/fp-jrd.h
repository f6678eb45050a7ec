/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "fp-autoconfig-link.h"

G_BEGIN_DECLS

#define FP_JRD_REL_EMAIL_AUTOCONFIG "email-autoconfig"

GPtrArray  *fp_jrd_parse_autoconfig_links (GBytes             *jrd,
                                           const char * const *languages,
                                           GError            **error);
const char *fp_jrd_choose_title           (JsonObject         *titles,
                                           const char * const *languages);

G_END_DECLS
