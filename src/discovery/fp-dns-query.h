/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void   fp_dns_lookup_records_async  (const char           *rrname,
                                     GResolverRecordType   record_type,
                                     guint                 timeout_s,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
GList *fp_dns_lookup_records_finish (GAsyncResult         *result,
                                     GError              **error);
void   fp_dns_records_free          (GList                *records);

G_END_DECLS
