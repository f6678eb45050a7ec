/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-identifier"

#include "config.h"

#include "fp-error.h"
#include "fp-fuzz.h"
#include "fp-host-name.h"
#include "fp-identifier.h"

/* What a person may type: refused with a sentence, or normalised to something that parses again. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fp_fuzz_strndup (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(FpIdentifier) identifier = NULL;
  g_autoptr(FpIdentifier) again = NULL;

  fp_fuzz_init ();
  identifier = fp_identifier_parse (text, &error);
  if (identifier == NULL)
    {
      g_assert_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_true (fp_host_name_is_dns_name (identifier->host));
  g_assert_true (g_str_has_prefix (identifier->resource, "acct:"));
  again = fp_identifier_parse (identifier->resource, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->address, ==, identifier->address);
  g_assert_cmpstr (again->host, ==, identifier->host);
  g_assert_cmpstr (again->resource, ==, identifier->resource);
  return 0;
}
