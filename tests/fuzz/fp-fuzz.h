/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "fp-config-fetch.h"
#include "fp-mail-config.h"

G_BEGIN_DECLS

/*
 * Each fuzz target is one file defining LLVMFuzzerTestOneInput(). Built with
 * -Dfuzzing=true it is linked with libFuzzer; always, it is also linked with
 * fp-fuzz-replay.c, which feeds it every file of its corpus as a test of the
 * suite, so each input once found stays a regression input.
 */
int   LLVMFuzzerTestOneInput (const uint8_t      *data,
                              size_t              size);
int   LLVMFuzzerInitialize   (int                *argc,
                              char             ***argv);

void  fp_fuzz_init           (void);
char *fp_fuzz_strndup        (const uint8_t      *data,
                              size_t              size);
void  fp_fuzz_check_config   (const FpMailConfig *config);
void  fp_fuzz_parse_settings (const uint8_t      *data,
                              size_t              size,
                              FpConfigParseFunc   parse);

G_END_DECLS
