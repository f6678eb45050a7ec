/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-cli-credentials.h"
#include "fp-cli-private.h"
#include "fp-http-client.h"
#include "fp-mail-config.h"

G_BEGIN_DECLS

gboolean fp_cli_check_trust   (const FpMailConfig  *config,
                               gboolean             trust_servers,
                               GError             **error);
gboolean fp_cli_check_insecure  (FpCliContext        *context,
                                 const FpMailConfig  *config,
                                 int                 *status);
FpMailConfig *fp_cli_choose_methods (FpCliContext        *context,
                                     FpMailConfig        *config,
                                     GArray              *programs,
                                     int                 *status);
void     fp_cli_explain_methods (const FpMailServer  *server,
                                 GArray              *programs);
gboolean fp_cli_verify_config (FpHttpClient        *client,
                               FpCliCredentials    *credentials,
                               FpMailConfig        *config,
                               gboolean             trust_servers,
                               GCancellable        *cancellable,
                               FpMailServer       **incoming,
                               FpMailServer       **outgoing,
                               GError             **error);

G_END_DECLS
