/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FP_TYPE_SYSTEM_TRUST (fp_system_trust_get_type ())

G_DECLARE_FINAL_TYPE (FpSystemTrust, fp_system_trust, FP, SYSTEM_TRUST, GTlsDatabase)

GTlsDatabase *fp_system_trust_get (void);

G_END_DECLS
