/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-http-client.h"
#include "fp-identifier.h"
#include "fp-mail-config.h"

G_BEGIN_DECLS

/* Thunderbird's ISP database; a base URL to which the domain is appended. */
#define FP_ISPDB_DEFAULT_URL "https://autoconfig.thunderbird.net/v1.1/"

char         *fp_autoconfig_build_provider_uri   (const FpIdentifier   *identifier);
char         *fp_autoconfig_build_well_known_uri (const FpIdentifier   *identifier);
char         *fp_autoconfig_build_ispdb_uri      (const char           *base_url,
                                                  const FpIdentifier   *identifier);
void          fp_autoconfig_fetch_async          (FpHttpClient         *client,
                                                  const FpIdentifier   *identifier,
                                                  FpConfigSourceKind    kind,
                                                  const char           *uri,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
FpMailConfig *fp_autoconfig_fetch_finish         (GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
