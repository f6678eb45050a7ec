/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-mail-config.h"

G_BEGIN_DECLS

gboolean fp_config_servers_in_domain (const FpMailConfig *config,
                                      const char         *account_address);
gboolean fp_config_source_is_dns     (FpConfigSourceKind  kind);
void     fp_config_apply_trust_rules (FpMailConfig       *config,
                                      const char         *account_address);

G_END_DECLS
