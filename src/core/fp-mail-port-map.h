/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-http-client.h"

G_BEGIN_DECLS

/*
 * The mail servers' counterpart of fp_http_client_set_port_override(): the
 * login check connects to HOST:PORT on another port (the demo's loopback
 * servers), the name still resolved as usual and the certificate still
 * checked against HOST. Kept on the client, so whatever uses its trusted
 * authorities and time limit also sees the same mapping.
 */
void    fp_mail_port_map_set    (FpHttpClient *client,
                                 const char   *host,
                                 guint16       port,
                                 guint16       local_port);
guint16 fp_mail_port_map_lookup (FpHttpClient *client,
                                 const char   *host,
                                 guint16       port);

G_END_DECLS
