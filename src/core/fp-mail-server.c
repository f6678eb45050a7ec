/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-mail-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-mail-server.h"

G_DEFINE_BOXED_TYPE (FpMailServer, fp_mail_server, fp_mail_server_copy, fp_mail_server_free)

FpMailServer *
fp_mail_server_new (FpMailProtocol  protocol,
                    const char     *host,
                    guint16         port,
                    FpTransport     transport,
                    const char     *login,
                    gboolean        login_required)
{
  FpMailServer *self = g_new0 (FpMailServer, 1);

  self->protocol = protocol;
  self->host = g_strdup (host);
  self->port = port ? port : fp_mail_protocol_default_port (protocol, transport);
  self->transport = transport;
  self->login = g_strdup (login);
  self->login_required = login_required;
  self->auth_methods[0] = FP_AUTH_PASSWORD;
  self->n_auth_methods = 1;
  self->authentication = FP_AUTH_PASSWORD;
  return self;
}

FpMailServer *
fp_mail_server_copy (const FpMailServer *self)
{
  FpMailServer *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = fp_mail_server_new (self->protocol, self->host, self->port, self->transport,
                             self->login, self->login_required);
  fp_mail_server_set_auth_methods (copy, self->auth_methods, self->n_auth_methods);
  copy->authentication = self->authentication;
  return copy;
}

void
fp_mail_server_free (FpMailServer *self)
{
  if (self == NULL)
    return;
  g_free (self->host);
  g_free (self->login);
  g_free (self);
}

/*
 * Whether @text may go into a command line of a mail protocol: a CR or LF
 * would end the line and start a command of the sender's choosing
 * ("alice\r\nDELE 1"). A NUL cannot be inside a C string; where a format can
 * decode one, its parser refuses it (fp-json.c).
 */
gboolean
fp_mail_text_fits_line (const char *text)
{
  return text != NULL && strpbrk (text, "\r\n") == NULL;
}

gboolean
fp_mail_server_equal (const FpMailServer *a,
                      const FpMailServer *b)
{
  return a->protocol == b->protocol &&
         g_ascii_strcasecmp (a->host, b->host) == 0 &&
         a->port == b->port &&
         a->transport == b->transport &&
         g_strcmp0 (a->login, b->login) == 0 &&
         a->login_required == b->login_required &&
         a->n_auth_methods == b->n_auth_methods &&
         memcmp (a->auth_methods, b->auth_methods,
                 a->n_auth_methods * sizeof (FpAuthMethod)) == 0 &&
         a->authentication == b->authentication;
}

/**
 * fp_mail_server_set_auth_methods:
 * @methods: in the provider's order; a method listed twice is kept once
 *
 * Also resets #FpMailServer.authentication to the first method.
 */
void
fp_mail_server_set_auth_methods (FpMailServer       *self,
                                 const FpAuthMethod *methods,
                                 guint               n_methods)
{
  g_return_if_fail (self != NULL && n_methods > 0);

  self->n_auth_methods = 0;
  for (guint i = 0; i < n_methods && self->n_auth_methods < FP_AUTH_MAX_METHODS; i++)
    if (!fp_mail_server_has_auth_method (self, methods[i]))
      self->auth_methods[self->n_auth_methods++] = methods[i];
  self->authentication = self->auth_methods[0];
}

gboolean
fp_mail_server_has_auth_method (const FpMailServer *self,
                                FpAuthMethod        method)
{
  for (guint i = 0; i < self->n_auth_methods; i++)
    if (self->auth_methods[i] == method)
      return TRUE;
  return FALSE;
}

/* Whether the login check, and the mail program, need the person's password here. */
gboolean
fp_mail_server_needs_password (const FpMailServer *self)
{
  return self->login_required && self->authentication != FP_AUTH_OAUTH2;
}

const char *
fp_auth_method_to_string (FpAuthMethod method)
{
  switch (method)
    {
    case FP_AUTH_PASSWORD:
      return "password";
    case FP_AUTH_CRAM_MD5:
      return "cram-md5";
    case FP_AUTH_OAUTH2:
      return "oauth2";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The sign-in method in words a person understands. */
const char *
fp_auth_method_describe (FpAuthMethod method)
{
  switch (method)
    {
    case FP_AUTH_PASSWORD:
      return _("Password");
    case FP_AUTH_CRAM_MD5:
      return _("Password, sent as a proof (CRAM-MD5)");
    case FP_AUTH_OAUTH2:
      return _("The provider’s sign-in page (OAuth2)");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * fp_auth_method_from_string:
 * @recognised: (out): when this returns %FALSE, whether @text names a kind
 *   Fingerpost knows of but does not support yet (GSSAPI, NTLM, a client
 *   certificate), rather than nonsense
 *
 * Our JSON's words (`password`, `cram-md5`, `oauth2`) and the clientConfig
 * XML's (`password-cleartext`, `password-encrypted`, `OAuth2`), in any case.
 */
gboolean
fp_auth_method_from_string (const char   *text,
                            FpAuthMethod *method,
                            gboolean     *recognised)
{
  static const struct { const char *word; FpAuthMethod method; } words[] = {
    { "password", FP_AUTH_PASSWORD },
    { "password-cleartext", FP_AUTH_PASSWORD },
    { "plain", FP_AUTH_PASSWORD },
    { "cram-md5", FP_AUTH_CRAM_MD5 },
    { "password-encrypted", FP_AUTH_CRAM_MD5 },
    { "oauth2", FP_AUTH_OAUTH2 },
  };
  static const char * const unsupported[] = {
    "GSSAPI", "NTLM", "TLS-client-cert", "client-certificate",
  };

  *recognised = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_ascii_strcasecmp (text, words[i].word) == 0)
      {
        *method = words[i].method;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (unsupported); i++)
    if (g_ascii_strcasecmp (text, unsupported[i]) == 0)
      *recognised = TRUE;
  return FALSE;
}

const char *
fp_mail_protocol_to_string (FpMailProtocol protocol)
{
  switch (protocol)
    {
    case FP_MAIL_PROTOCOL_IMAP:
      return "imap";
    case FP_MAIL_PROTOCOL_POP3:
      return "pop3";
    case FP_MAIL_PROTOCOL_SMTP:
      return "smtp";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
fp_mail_protocol_is_incoming (FpMailProtocol protocol)
{
  return protocol != FP_MAIL_PROTOCOL_SMTP;
}

/* IANA ports; SMTP with implicit TLS is 465 (RFC 8314), submission with STARTTLS 587. */
guint16
fp_mail_protocol_default_port (FpMailProtocol protocol,
                               FpTransport    transport)
{
  gboolean implicit_tls = transport == FP_TRANSPORT_TLS;

  switch (protocol)
    {
    case FP_MAIL_PROTOCOL_IMAP:
      return implicit_tls ? 993 : 143;
    case FP_MAIL_PROTOCOL_POP3:
      return implicit_tls ? 995 : 110;
    case FP_MAIL_PROTOCOL_SMTP:
      return implicit_tls ? 465 : 587;
    default:
      g_return_val_if_reached (0);
    }
}

const char *
fp_transport_to_string (FpTransport transport)
{
  switch (transport)
    {
    case FP_TRANSPORT_TLS:
      return "tls";
    case FP_TRANSPORT_STARTTLS:
      return "starttls";
    case FP_TRANSPORT_NONE:
      return "none";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
fp_transport_from_string (const char  *text,
                          FpTransport *transport)
{
  if (g_ascii_strcasecmp (text, "tls") == 0 || g_ascii_strcasecmp (text, "ssl") == 0)
    *transport = FP_TRANSPORT_TLS;
  else if (g_ascii_strcasecmp (text, "starttls") == 0)
    *transport = FP_TRANSPORT_STARTTLS;
  else if (g_ascii_strcasecmp (text, "none") == 0)
    *transport = FP_TRANSPORT_NONE;
  else
    return FALSE;
  return TRUE;
}

/* The security of a connection in words a person understands. */
const char *
fp_transport_describe (FpTransport transport)
{
  switch (transport)
    {
    case FP_TRANSPORT_TLS:
      return _("Encrypted (TLS)");
    case FP_TRANSPORT_STARTTLS:
      return _("Encrypted (STARTTLS)");
    case FP_TRANSPORT_NONE:
      return _("Not encrypted");
    default:
      g_return_val_if_reached (NULL);
    }
}
