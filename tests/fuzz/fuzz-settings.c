/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-settings"

#include "config.h"

#include "fp-mail-config.h"
#include "fp-fuzz.h"

/* Our settings document (WebFinger's), in the schema of DESIGN.md. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fp_fuzz_init ();
  fp_fuzz_parse_settings (data, size, fp_mail_config_parse_json);
  return 0;
}
