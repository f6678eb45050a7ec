/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char     *fp_tls_describe_certificate_flags    (GTlsCertificateFlags  flags);
gboolean  fp_tls_vouched_by_added_authority    (GTlsCertificate      *certificate,
                                                GTlsCertificateFlags  errors,
                                                GPtrArray            *trusted_cas,
                                                const char           *host,
                                                guint16               port);

G_END_DECLS
