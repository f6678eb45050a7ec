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

/*
 * How a server lets a person in, in the provider's words (DESIGN.md, "The
 * configuration document"). Kinds Fingerpost recognises but cannot use
 * (GSSAPI, NTLM, client certificates) never get here: the readers set them
 * aside and say so.
 */
typedef enum
{
  FP_AUTH_PASSWORD,  /* the password itself, inside the secured connection (PLAIN, LOGIN, USER) */
  FP_AUTH_CRAM_MD5,  /* the password proven by HMAC-MD5 of a challenge (RFC 2195) */
  FP_AUTH_OAUTH2,    /* the mail program signs in with its own OAuth2 client; no password here */
} FpAuthMethod;

#define FP_AUTH_MAX_METHODS 4

#define FP_TYPE_MAIL_SERVER (fp_mail_server_get_type ())

/**
 * FpMailServer:
 * @protocol: IMAP, POP3 or SMTP
 * @host: a DNS name, A-labels
 * @port: 1–65535, never 0 once parsed
 * @transport: how the connection is secured
 * @login: the user name to log in with
 * @login_required: whether the server wants a login at all (SMTP may not)
 * @auth_methods: the methods the provider lists, in its order of preference
 * @n_auth_methods: how many, at least one
 * @authentication: the one the login check uses: the first of @auth_methods
 *   until the mail programs are chosen (fp-auth-choice.h)
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
  FpAuthMethod   auth_methods[FP_AUTH_MAX_METHODS];
  guint          n_auth_methods;
  FpAuthMethod   authentication;
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

void          fp_mail_server_set_auth_methods  (FpMailServer       *self,
                                                const FpAuthMethod *methods,
                                                guint               n_methods);
gboolean      fp_mail_server_has_auth_method   (const FpMailServer *self,
                                                FpAuthMethod        method);
gboolean      fp_mail_server_needs_password    (const FpMailServer *self);

const char   *fp_auth_method_to_string         (FpAuthMethod        method);
const char   *fp_auth_method_describe          (FpAuthMethod        method);
gboolean      fp_auth_method_from_string       (const char         *text,
                                                FpAuthMethod       *method,
                                                gboolean           *recognised);

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
