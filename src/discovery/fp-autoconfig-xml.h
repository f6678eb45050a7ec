/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-mail-config.h"

G_BEGIN_DECLS

FpMailConfig *fp_autoconfig_xml_parse (GBytes                 *document,
                                       const char             *account_address,
                                       FpMailConfigParseFlags  flags,
                                       GError                **error);

G_END_DECLS
