/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-pacc"

#include "config.h"

#include "fp-fuzz.h"
#include "fp-pacc.h"

/* A PACC document (draft-ietf-mailmaint-pacc), and its TXT record from the same input. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fp_fuzz_strndup (data, size);
  g_autoptr(GError) error = NULL;
  guint8 digest[FP_PACC_DIGEST_SIZE];

  fp_fuzz_init ();
  fp_fuzz_parse_settings (data, size, fp_pacc_parse_document);
  if (!fp_pacc_parse_txt_record (text, digest, &error))
    g_assert_true (error != NULL && g_utf8_validate (error->message, -1, NULL));
  return 0;
}
