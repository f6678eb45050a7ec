/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-config-trust"

#include "config.h"

#include <string.h>

#include "fp-config-trust.h"
#include "fp-credentials-request.h"

/*
 * Whether a configuration may be used without asking. Trust follows the
 * source (DESIGN.md, "Trust"): what came over HTTPS with a verified
 * certificate, from the provider or from the ISP database, is what the
 * provider says, wherever its servers are (googlemail.com is served by
 * imap.gmail.com). DNS answers are not signed here, so anyone on the path
 * can forge SRV and MX records: those settings are confirmed first.
 */

static gboolean
servers_in_domain (GPtrArray  *servers,
                   const char *domain)
{
  for (guint i = 0; i < servers->len; i++)
    {
      FpMailServer *server = g_ptr_array_index (servers, i);
      g_autofree char *server_domain = fp_registrable_domain (server->host);

      if (g_ascii_strcasecmp (server_domain, domain) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Whether every server of @config is in the registrable domain of @account_address. */
gboolean
fp_config_servers_in_domain (const FpMailConfig *config,
                             const char         *account_address)
{
  const char *at = strrchr (account_address, '@');
  g_autofree char *domain = fp_registrable_domain (at ? at + 1 : account_address);

  return servers_in_domain (config->incoming, domain) &&
         servers_in_domain (config->outgoing, domain);
}

/* Whether settings from @kind come from DNS, which anyone on the path can forge. */
gboolean
fp_config_source_is_dns (FpConfigSourceKind kind)
{
  return kind == FP_CONFIG_SOURCE_SRV || kind == FP_CONFIG_SOURCE_MX;
}

/* Sets @config->trusted from its source. */
void
fp_config_apply_trust_rules (FpMailConfig *config,
                             const char   *account_address)
{
  config->trusted = !fp_config_source_is_dns (config->source_kind);
}
