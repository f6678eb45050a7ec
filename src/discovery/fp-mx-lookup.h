/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-http-client.h"
#include "fp-identifier.h"
#include "fp-mail-config.h"

G_BEGIN_DECLS

void          fp_mx_lookup_async  (FpHttpClient         *client,
                                   const FpIdentifier   *identifier,
                                   const char           *ispdb_url,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
FpMailConfig *fp_mx_lookup_finish (GAsyncResult         *result,
                                   GError              **error);

G_END_DECLS
