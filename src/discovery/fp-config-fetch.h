/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-autoconfig-link.h"
#include "fp-http-client.h"
#include "fp-identifier.h"
#include "fp-mail-config.h"

G_BEGIN_DECLS

/* The parsers of the document formats: JSON (fp_mail_config_parse_json), clientConfig XML. */
typedef FpMailConfig *(*FpConfigParseFunc) (GBytes                 *document,
                                            const char             *account_address,
                                            FpMailConfigParseFlags  flags,
                                            GError                **error);

FpMailConfig *fp_config_fetch_read_document (FpHttpClient           *client,
                                             GBytes                 *document,
                                             FpConfigParseFunc       parse,
                                             FpMailConfigParseFlags  flags,
                                             FpConfigSourceKind      kind,
                                             const char             *href,
                                             const char             *final_uri,
                                             const char             *account_address,
                                             GError                **error);

void          fp_config_fetch_async  (FpHttpClient           *client,
                                      const FpIdentifier     *identifier,
                                      const char             *href,
                                      FpMailConfigParseFlags  flags,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data);
FpMailConfig *fp_config_fetch_finish (GAsyncResult           *result,
                                      GError                **error);

G_END_DECLS
