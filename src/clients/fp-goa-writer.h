/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-account-plan.h"
#include "fp-write-report.h"

G_BEGIN_DECLS

/* goa-daemon's well-known name and its provider for any IMAP and SMTP server. */
#define FP_GOA_BUS_NAME      "org.gnome.OnlineAccounts"
#define FP_GOA_PROVIDER      "imap_smtp"

gboolean       fp_goa_is_available           (void);
gboolean       fp_goa_can_hold               (const FpAccountPlan  *plan,
                                              GError              **error);
GVariant      *fp_goa_account_details        (const FpAccountPlan  *plan);
char          *fp_goa_accounts_file          (void);
FpWriteReport *fp_goa_writer_write_sync      (const FpAccountPlan  *plan,
                                              const char           *location,
                                              FpWriteFlags          flags,
                                              GCancellable         *cancellable,
                                              GError              **error);

G_END_DECLS
