/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-identifier.h"
#include "fp-mail-config.h"

G_BEGIN_DECLS

void          fp_srv_lookup_async  (const FpIdentifier   *identifier,
                                    guint                 timeout_s,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
FpMailConfig *fp_srv_lookup_finish (GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
