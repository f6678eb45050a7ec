/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FP_TYPE_LOOPBACK_RESOLVER (fp_loopback_resolver_get_type ())

G_DECLARE_FINAL_TYPE (FpLoopbackResolver, fp_loopback_resolver, FP, LOOPBACK_RESOLVER, GResolver)

FpLoopbackResolver *fp_loopback_resolver_new        (GResolver          *fallback);
void                fp_loopback_resolver_add_host   (FpLoopbackResolver *self,
                                                     const char         *host,
                                                     const char         *address);
void                fp_loopback_resolver_add_srv    (FpLoopbackResolver *self,
                                                     const char         *rrname,
                                                     const char         *target,
                                                     guint16             port,
                                                     guint16             priority);

G_END_DECLS
