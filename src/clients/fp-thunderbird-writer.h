/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-account-plan.h"
#include "fp-prefs-js.h"
#include "fp-thunderbird-logins.h"
#include "fp-write-report.h"

G_BEGIN_DECLS

int            fp_thunderbird_socket_type         (FpTransport           transport);
const char    *fp_thunderbird_server_type         (FpMailProtocol        protocol);
gboolean       fp_thunderbird_find_account        (FpPrefsJs            *prefs,
                                                   const char           *address,
                                                   const FpMailServer   *incoming,
                                                   char                **account_key);
gboolean       fp_thunderbird_add_account         (FpPrefsJs            *prefs,
                                                   const FpAccountPlan  *plan,
                                                   FpWriteReport        *report,
                                                   GError              **error);
gboolean       fp_thunderbird_replace_prefs       (const char                *prefs_path,
                                                   const char                *old_text,
                                                   gsize                      old_length,
                                                   const char                *new_text,
                                                   const FpThunderbirdLogins *logins,
                                                   FpWriteReport             *report,
                                                   GError                   **error);

FpWriteReport *fp_thunderbird_writer_write_sync   (const FpAccountPlan  *plan,
                                                   const char           *profile_dir,
                                                   FpWriteFlags          flags,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
void           fp_thunderbird_writer_write_async  (const FpAccountPlan  *plan,
                                                   const char           *profile_dir,
                                                   FpWriteFlags          flags,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
FpWriteReport *fp_thunderbird_writer_write_finish (GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
