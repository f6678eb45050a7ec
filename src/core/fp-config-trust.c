/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-config-trust"

#include "config.h"

#include <string.h>

#include "fp-config-trust.h"
#include "fp-credentials-request.h"

/*
 * Whether a configuration may be used without asking: the password will go
 * to its servers, so a configuration that sends it outside the account's
 * registrable domain, or that came from DNS (which anyone on the path can
 * forge without DNSSEC), is shown to the person for confirmation first.
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

/* Sets @config->trusted from its source and its servers (DESIGN.md, "Fallbacks"). */
void
fp_config_apply_trust_rules (FpMailConfig *config,
                             const char   *account_address)
{
  config->trusted = config->source_kind != FP_CONFIG_SOURCE_SRV &&
                    fp_config_servers_in_domain (config, account_address);
}
