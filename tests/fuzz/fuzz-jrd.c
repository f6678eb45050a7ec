/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-jrd"

#include "config.h"

#include "fp-error.h"
#include "fp-fuzz.h"
#include "fp-jrd.h"

/* A WebFinger answer: links that are https: with a host and a title that are text, or an error. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const languages[] = { "de_CH", "de", "C", NULL };
  g_autoptr(GBytes) jrd = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  fp_fuzz_init ();
  links = fp_jrd_parse_autoconfig_links (jrd, languages, &error);
  if (links == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == FP_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  for (guint i = 0; i < links->len; i++)
    {
      FpAutoconfigLink *link = g_ptr_array_index (links, i);

      /* A scheme is in any case (RFC 3986, 3.1). */
      g_assert_true (g_ascii_strncasecmp (link->href, "https://", 8) == 0);
      g_assert_true (g_utf8_validate (link->href, -1, NULL));
      g_assert_true (link->host != NULL && *link->host != '\0');
      g_assert_true (link->title == NULL || g_utf8_validate (link->title, -1, NULL));
    }
  return 0;
}
