/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-mx"

#include "config.h"

#include <string.h>

#include "fp-error.h"
#include "fp-fuzz.h"
#include "fp-mail-config.h"
#include "fp-mx.h"

/*
 * DNS MX answers, as GLib's resolver hands them over: the first byte gives
 * the length of the account's domain, then records of a preference (two
 * bytes), a name length (one byte) and the name. The host picked and the
 * domains derived from it must keep their promises: a DNS name with a dot,
 * lower case, no trailing dot; derived domains are DNS names, each once,
 * never the account's own domain and never a bare public suffix.
 */

static void
check_domains (GPtrArray  *domains,
               const char *host,
               const char *account_domain)
{
  g_assert_cmpuint (domains->len, <=, 2);
  for (guint i = 0; i < domains->len; i++)
    {
      const char *domain = g_ptr_array_index (domains, i);

      g_assert_true (fp_mail_host_is_dns_name (domain));
      g_assert_nonnull (strchr (domain, '.'));
      /* The host itself or a parent of it, at a label's edge. */
      g_assert_true (g_str_has_suffix (host, domain));
      g_assert_true (strlen (host) == strlen (domain) ||
                     host[strlen (host) - strlen (domain) - 1] == '.');
      g_assert_cmpint (g_ascii_strcasecmp (domain, account_domain), !=, 0);
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (g_ptr_array_index (domains, j), !=, domain);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autolist(GVariant) records = NULL;
  g_autofree char *account_domain = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GError) error = NULL;
  gsize domain_length;

  fp_fuzz_init ();
  if (size < 1)
    return 0;
  domain_length = MIN ((gsize) data[0], size - 1);
  account_domain = fp_fuzz_strndup (data + 1, domain_length);
  data += 1 + domain_length;
  size -= 1 + domain_length;
  while (size >= 3)
    {
      gsize length = MIN ((gsize) data[2], size - 3);
      g_autofree char *raw = g_strndup ((const char *) data + 3, length);
      /* What GLib's resolver gives is text (dn_expand escapes the rest). */
      g_autofree char *exchange = g_utf8_make_valid (raw, -1);

      records = g_list_append (records,
                               g_variant_ref_sink (g_variant_new ("(qs)",
                                                                  (guint16) (data[0] << 8 |
                                                                             data[1]),
                                                                  exchange)));
      data += 3 + length;
      size -= 3 + length;
    }

  host = fp_mx_pick_host (records, &error);
  if (host == NULL)
    {
      g_assert_error (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_true (fp_mail_host_is_dns_name (host));
  g_assert_nonnull (strchr (host, '.'));
  g_assert_false (g_str_has_suffix (host, "."));
  for (const char *c = host; *c != '\0'; c++)
    g_assert_false (g_ascii_isupper (*c));
  {
    g_autoptr(GPtrArray) domains = fp_mx_derived_domains (host, account_domain);

    check_domains (domains, host, account_domain);
  }
  return 0;
}
