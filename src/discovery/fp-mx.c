/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-mx"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-credentials-request.h"
#include "fp-error.h"
#include "fp-mail-config.h"
#include "fp-mx.h"

/*
 * Mail hosted elsewhere: a domain whose MX points at a big provider
 * (aspmx.l.google.com) is set up with that provider's settings, as
 * Thunderbird does.
 */

/**
 * fp_mx_pick_host:
 * @records: (element-type GVariant): MX records as GResolver gives them, `(qs)`
 *
 * The exchange with the lowest preference (the first of equals), lower
 * case, without a trailing dot. Records naming no valid host are skipped.
 *
 * Returns: (transfer full): the host, or %NULL with %FP_ERROR_NOT_PUBLISHED
 */
char *
fp_mx_pick_host (GList   *records,
                 GError **error)
{
  g_autofree char *best = NULL;
  guint best_preference = G_MAXUINT;
  gboolean null_mx = FALSE;

  for (GList *l = records; l != NULL; l = l->next)
    {
      const char *exchange = NULL;
      guint16 preference = 0;
      g_autofree char *name = NULL;
      gsize length;

      if (!g_variant_is_of_type (l->data, G_VARIANT_TYPE ("(qs)")))
        continue;
      g_variant_get (l->data, "(q&s)", &preference, &exchange);
      name = g_ascii_strdown (exchange, -1);
      length = strlen (name);
      if (length > 0 && name[length - 1] == '.')
        name[length - 1] = '\0';
      if (*name == '\0')
        {
          null_mx = TRUE;  /* RFC 7505: this domain accepts no mail */
          continue;
        }
      /* "mx.example.." has an empty label: no host (fp_mail_host_is_dns_name() takes a
       * name's one trailing dot, already removed here). */
      if (!fp_mail_host_is_dns_name (name) || strchr (name, '.') == NULL ||
          g_str_has_suffix (name, "."))
        continue;
      if (preference < best_preference)
        {
          best_preference = preference;
          g_free (best);
          best = g_steal_pointer (&name);
        }
    }
  if (best == NULL)
    g_set_error_literal (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED,
                         null_mx ? _("the domain says it accepts no mail (null MX)")
                                 : _("no usable MX record"));
  return g_steal_pointer (&best);
}

static void
add_domain (GPtrArray  *domains,
            const char *domain,
            const char *account_domain)
{
  if (g_ascii_strcasecmp (domain, account_domain) == 0)
    return;
  for (guint i = 0; i < domains->len; i++)
    if (g_str_equal (g_ptr_array_index (domains, i), domain))
      return;
  g_ptr_array_add (domains, g_strdup (domain));
}

/**
 * fp_mx_derived_domains:
 * @mx_host: the chosen exchange, as fp_mx_pick_host() gives it
 * @account_domain: the account's own domain, already asked directly
 *
 * The domains to ask for, in order: @mx_host without its first label
 * (`aspmx.l.google.com` → `l.google.com`), then its registrable domain
 * (`google.com`). Never a public suffix, never the account's own domain.
 *
 * Returns: (transfer full) (element-type utf8): possibly empty
 */
GPtrArray *
fp_mx_derived_domains (const char *mx_host,
                       const char *account_domain)
{
  GPtrArray *domains = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *registrable = fp_registrable_domain (mx_host);
  const char *parent = strchr (mx_host, '.');

  /* Nothing above the registrable domain is anyone's: "l.com" of "mx.l.com" is not asked. */
  if (strchr (registrable, '.') == NULL)
    return domains;
  if (parent != NULL && strlen (parent + 1) >= strlen (registrable) &&
      g_str_has_suffix (parent + 1, registrable))
    add_domain (domains, parent + 1, account_domain);
  add_domain (domains, registrable, account_domain);
  return domains;
}
