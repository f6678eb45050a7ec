/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-account-plan.h"
#include "fp-write-report.h"

G_BEGIN_DECLS

/* A writer's blocking work: @location is its folder (Evolution's sources, a profile), or NULL. */
typedef FpWriteReport *(*FpWriteSyncFunc) (const FpAccountPlan  *plan,
                                           const char           *location,
                                           FpWriteFlags          flags,
                                           GCancellable         *cancellable,
                                           GError              **error);

void           fp_writer_task_run    (FpWriteSyncFunc       write_sync,
                                      gpointer              source_tag,
                                      const FpAccountPlan  *plan,
                                      const char           *location,
                                      FpWriteFlags          flags,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
FpWriteReport *fp_writer_task_finish (GAsyncResult         *result,
                                      gpointer              source_tag,
                                      GError              **error);

G_END_DECLS
