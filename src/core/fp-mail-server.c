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
  return self;
}

FpMailServer *
fp_mail_server_copy (const FpMailServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return fp_mail_server_new (self->protocol, self->host, self->port, self->transport,
                             self->login, self->login_required);
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
         a->login_required == b->login_required;
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
