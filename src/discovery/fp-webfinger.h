/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-http-client.h"
#include "fp-identifier.h"

G_BEGIN_DECLS

char      *fp_webfinger_build_uri      (const FpIdentifier  *identifier);
void       fp_webfinger_lookup_async   (FpHttpClient        *client,
                                        const FpIdentifier  *identifier,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GPtrArray *fp_webfinger_lookup_finish  (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
