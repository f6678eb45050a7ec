/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-autoconfig-link.h"
#include "fp-http-client.h"
#include "fp-identifier.h"
#include "fp-mail-config.h"

G_BEGIN_DECLS

#define FP_TYPE_DISCOVERY_RESULT (fp_discovery_result_get_type ())

/**
 * FpDiscoveryResult:
 * @source: which source answered
 * @links: (nullable): WebFinger's published accounts, to choose from and
 *   then fetch with fp_config_fetch_async(); %NULL for other sources
 * @config: (nullable): a complete configuration, from sources that give one
 *   directly (PACC, autoconfig XML, the ISP database, MX, DNS SRV); %NULL for
 *   WebFinger. Check @config->trusted: when %FALSE, show its servers and
 *   have them confirmed before any password is sent.
 * @warning: (nullable): something the person must hear although settings
 *   were found: the certificate of the account's own web host failed (say it
 *   on stderr, or as a notice in the wizard)
 *
 * What discovery found: exactly one of @links and @config is set.
 */
typedef struct
{
  FpConfigSourceKind  source;
  GPtrArray          *links;
  FpMailConfig       *config;
  char               *warning;
} FpDiscoveryResult;

GType              fp_discovery_result_get_type (void) G_GNUC_CONST;
FpDiscoveryResult *fp_discovery_result_copy     (const FpDiscoveryResult *self);
void               fp_discovery_result_free     (FpDiscoveryResult       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpDiscoveryResult, fp_discovery_result_free)

#define FP_TYPE_DISCOVERY (fp_discovery_get_type ())

G_DECLARE_FINAL_TYPE (FpDiscovery, fp_discovery, FP, DISCOVERY, GObject)

FpDiscovery       *fp_discovery_new          (FpHttpClient        *client);
FpHttpClient      *fp_discovery_get_client   (FpDiscovery         *self);
const char        *fp_discovery_get_ispdb_url (FpDiscovery        *self);
void               fp_discovery_set_ispdb_url (FpDiscovery        *self,
                                               const char         *base_url);
gboolean           fp_discovery_get_dns_enabled (FpDiscovery      *self);
void               fp_discovery_set_dns_enabled (FpDiscovery      *self,
                                                 gboolean          enabled);
void               fp_discovery_lookup_async (FpDiscovery         *self,
                                              const FpIdentifier  *identifier,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
FpDiscoveryResult *fp_discovery_lookup_finish (FpDiscovery        *self,
                                               GAsyncResult       *result,
                                               GError            **error);

G_END_DECLS
