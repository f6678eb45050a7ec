/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-smtp-login"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-error.h"
#include "fp-mail-login.h"
#include "fp-sasl-cram-md5.h"
#include "fp-secret.h"

/*
 * SMTP submission (RFC 6409): EHLO, STARTTLS (RFC 3207), AUTH PLAIN, LOGIN
 * or CRAM-MD5 (RFC 4954); for OAuth2 only the extensions.
 */

typedef struct
{
  guint      code;
  GPtrArray *lines;  /* the text after each code */
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->lines, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static gboolean
parse_code (const char *line,
            guint      *code)
{
  guint64 value;
  char digits[4] = { 0 };

  if (strlen (line) < 3 || (line[3] != ' ' && line[3] != '-' && line[3] != '\0'))
    return FALSE;
  memcpy (digits, line, 3);
  if (!g_ascii_string_to_unsigned (digits, 10, 200, 599, &value, NULL))
    return FALSE;
  *code = (guint) value;
  return TRUE;
}

/* A reply: "250-…" lines, then "250 …". */
static gboolean
read_reply (FpMailConnection  *connection,
            Reply             *reply,
            GError           **error)
{
  reply_clear (reply);
  reply->lines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < FP_MAIL_MAX_RESPONSE_LINES; i++)
    {
      g_autofree char *line = fp_mail_connection_read_line (connection, error);
      guint code;

      if (line == NULL)
        return FALSE;
      if (!parse_code (line, &code) || (i > 0 && code != reply->code))
        {
          fp_mail_connection_unexpected (connection, line, error);
          return FALSE;
        }
      reply->code = code;
      g_ptr_array_add (reply->lines, g_strdup (line[3] ? line + 4 : ""));
      if (line[3] != '-')
        return TRUE;
    }
  fp_mail_connection_unexpected (connection, _("an endless answer"), error);
  return FALSE;
}

static gboolean
command (FpMailConnection  *connection,
         const char        *line,
         Reply             *reply,
         GError           **error)
{
  return fp_mail_connection_send (connection, line, error) &&
         read_reply (connection, reply, error);
}

static gboolean
expect (FpMailConnection  *connection,
        Reply             *reply,
        guint              code,
        GError           **error)
{
  g_autofree char *shown = NULL;

  if (reply->code == code)
    return TRUE;
  shown = g_strdup_printf ("%u %s", reply->code, (char *) g_ptr_array_index (reply->lines, 0));
  fp_mail_connection_unexpected (connection, shown, error);
  return FALSE;
}

static gboolean
ehlo (FpMailConnection  *connection,
      Reply             *reply,
      GError           **error)
{
  g_autofree char *name = fp_mail_connection_dup_local_address_literal (connection);
  g_autofree char *line = g_strdup_printf ("EHLO %s", name);

  return command (connection, line, reply, error) && expect (connection, reply, 250, error);
}

/* The arguments of an EHLO keyword ("AUTH PLAIN LOGIN" gives "PLAIN LOGIN"), or NULL. */
static const char *
extension (Reply      *reply,
           const char *keyword)
{
  gsize length = strlen (keyword);

  /* The first line is the greeting, not an extension. */
  for (guint i = 1; i < reply->lines->len; i++)
    {
      const char *line = g_ptr_array_index (reply->lines, i);

      if (g_ascii_strncasecmp (line, keyword, length) == 0 &&
          (line[length] == '\0' || line[length] == ' ' || line[length] == '='))
        return line[length] ? line + length + 1 : "";
    }
  return NULL;
}

static gboolean
judge_login (FpMailConnection   *connection,
             const FpMailServer *server,
             Reply              *reply,
             GError            **error)
{
  if (reply->code == 235)
    return TRUE;
  if (reply->code == 535)
    {
      fp_mail_connection_refused_password (connection, server->login,
                                           g_ptr_array_index (reply->lines, 0), error);
      return FALSE;
    }
  return expect (connection, reply, 235, error);
}

static gboolean
auth_plain (FpMailConnection   *connection,
            const FpMailServer *server,
            const char         *password,
            Reply              *reply,
            GError            **error)
{
  g_auto(FpSecretText) response = fp_mail_sasl_plain (server->login, password);
  g_auto(FpSecretText) line = g_strdup_printf ("AUTH PLAIN %s", response);

  fp_mail_connection_add_secret (connection, response);
  if (!command (connection, line, reply, error))
    return FALSE;
  return judge_login (connection, server, reply, error);
}

static gboolean
auth_login (FpMailConnection   *connection,
            const FpMailServer *server,
            const char         *password,
            Reply              *reply,
            GError            **error)
{
  g_autofree char *user = g_base64_encode ((const guchar *) server->login, strlen (server->login));
  g_auto(FpSecretText) secret = g_base64_encode ((const guchar *) password, strlen (password));

  fp_mail_connection_add_secret (connection, secret);
  if (!command (connection, "AUTH LOGIN", reply, error) ||
      !expect (connection, reply, 334, error) ||
      !command (connection, user, reply, error) ||
      !expect (connection, reply, 334, error) ||
      !command (connection, secret, reply, error))
    return FALSE;
  return judge_login (connection, server, reply, error);
}

static gboolean
auth_cram_md5 (FpMailConnection   *connection,
               const FpMailServer *server,
               const char         *password,
               Reply              *reply,
               GError            **error)
{
  g_auto(FpSecretText) response = NULL;

  if (!command (connection, "AUTH CRAM-MD5", reply, error) ||
      !expect (connection, reply, 334, error))
    return FALSE;
  response = fp_sasl_cram_md5_response (server->login, password,
                                        g_ptr_array_index (reply->lines, 0), error);
  if (response == NULL)
    return FALSE;
  fp_mail_connection_add_secret (connection, response);
  if (!command (connection, response, reply, error))
    return FALSE;
  return judge_login (connection, server, reply, error);
}

static gboolean
log_in (FpMailConnection   *connection,
        const FpMailServer *server,
        const char         *password,
        Reply              *reply,
        GError            **error)
{
  const char *mechanisms = extension (reply, "AUTH");

  if (server->authentication == FP_AUTH_OAUTH2)
    {
      fp_mail_connection_note_oauth2 (connection, fp_mail_has_token (mechanisms, "XOAUTH2"),
                                      fp_mail_has_token (mechanisms, "OAUTHBEARER"));
      return TRUE;
    }
  if (server->authentication == FP_AUTH_CRAM_MD5)
    {
      if (fp_mail_has_token (mechanisms, "CRAM-MD5"))
        return auth_cram_md5 (connection, server, password, reply, error);
      fp_mail_connection_no_mechanism (connection, "CRAM-MD5", error);
      return FALSE;
    }
  if (fp_mail_has_token (mechanisms, "PLAIN"))
    return auth_plain (connection, server, password, reply, error);
  if (fp_mail_has_token (mechanisms, "LOGIN"))
    return auth_login (connection, server, password, reply, error);
  g_set_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED,
               _("%s does not offer a password login (AUTH PLAIN or LOGIN)."), server->host);
  return FALSE;
}

gboolean
fp_smtp_login (FpMailConnection    *connection,
               const FpMailServer  *server,
               const char          *password,
               GError             **error)
{
  g_auto(Reply) reply = { 0 };

  if (!fp_mail_connection_check_credentials (connection, server->login, password, error))
    return FALSE;
  if (!read_reply (connection, &reply, error) || !expect (connection, &reply, 220, error) ||
      !ehlo (connection, &reply, error))
    return FALSE;

  if (server->transport == FP_TRANSPORT_STARTTLS)
    {
      if (extension (&reply, "STARTTLS") == NULL)
        {
          fp_mail_connection_no_starttls (connection, error);
          return FALSE;
        }
      /* The extensions offered before TLS are forgotten (RFC 3207, 4.2). */
      if (!command (connection, "STARTTLS", &reply, error) ||
          !expect (connection, &reply, 220, error) ||
          !fp_mail_connection_start_tls (connection, error) ||
          !ehlo (connection, &reply, error))
        return FALSE;
    }

  if (server->login_required && !log_in (connection, server, password, &reply, error))
    return FALSE;
  command (connection, "QUIT", &reply, NULL);
  return TRUE;
}
