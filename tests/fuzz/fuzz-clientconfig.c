/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-clientconfig"

#include "config.h"

#include "fp-autoconfig-xml.h"
#include "fp-fuzz.h"

/* A clientConfig document: autoconfig servers and the ISP database. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fp_fuzz_init ();
  fp_fuzz_parse_settings (data, size, fp_autoconfig_xml_parse);
  return 0;
}
