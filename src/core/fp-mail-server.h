/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FP_MAIL_PROTOCOL_IMAP,
  FP_MAIL_PROTOCOL_POP3,
  FP_MAIL_PROTOCOL_SMTP,
} FpMailProtocol;

typedef enum
{
  FP_TRANSPORT_TLS,      /* implicit TLS from the first byte */
  FP_TRANSPORT_STARTTLS, /* upgrade to TLS, or give up: never a silent fallback */
  FP_TRANSPORT_NONE,     /* plain text: only when the person accepted it */
} FpTransport;

#define FP_TYPE_MAIL_SERVER (fp_mail_server_get_type ())

/**
 * FpMailServer:
 * @protocol: IMAP, POP3 or SMTP
 * @host: a DNS name, A-labels
 * @port: 1–65535, never 0 once parsed
 * @transport: how the connection is secured
 * @login: the user name to log in with
 * @login_required: whether the server wants a login at all (SMTP may not)
 *
 * One server the configuration names, with every default filled in.
 */
typedef struct
{
  FpMailProtocol protocol;
  char          *host;
  guint16        port;
  FpTransport    transport;
  char          *login;
  gboolean       login_required;
} FpMailServer;

GType         fp_mail_server_get_type          (void) G_GNUC_CONST;
FpMailServer *fp_mail_server_new               (FpMailProtocol      protocol,
                                                const char         *host,
                                                guint16             port,
                                                FpTransport         transport,
                                                const char         *login,
                                                gboolean            login_required);
FpMailServer *fp_mail_server_copy              (const FpMailServer *self);
void          fp_mail_server_free              (FpMailServer       *self);
gboolean      fp_mail_text_fits_line           (const char         *text);
gboolean      fp_mail_server_equal             (const FpMailServer *a,
                                                const FpMailServer *b);

const char   *fp_mail_protocol_to_string       (FpMailProtocol      protocol);
gboolean      fp_mail_protocol_is_incoming     (FpMailProtocol      protocol);
guint16       fp_mail_protocol_default_port    (FpMailProtocol      protocol,
                                                FpTransport         transport);
const char   *fp_transport_to_string           (FpTransport         transport);
gboolean      fp_transport_from_string         (const char         *text,
                                                FpTransport        *transport);
const char   *fp_transport_describe            (FpTransport         transport);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpMailServer, fp_mail_server_free)

G_END_DECLS
