/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-account-plan.h"
#include "fp-write-report.h"

G_BEGIN_DECLS

char          *fp_evolution_sources_dir        (void);
const char    *fp_evolution_security_method    (FpTransport           transport);
const char    *fp_evolution_backend_name       (FpMailProtocol        protocol);
char          *fp_evolution_trust_note         (const FpAccountPlan  *plan);
gboolean       fp_evolution_find_account       (const char           *sources_dir,
                                                const char           *address,
                                                const FpMailServer   *incoming,
                                                char                **account_uid);
FpWriteReport *fp_evolution_writer_write_sync  (const FpAccountPlan  *plan,
                                                const char           *sources_dir,
                                                FpWriteFlags          flags,
                                                GCancellable         *cancellable,
                                                GError              **error);
void           fp_evolution_writer_write_async (const FpAccountPlan  *plan,
                                                const char           *sources_dir,
                                                FpWriteFlags          flags,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
FpWriteReport *fp_evolution_writer_write_finish (GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
