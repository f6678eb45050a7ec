/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-imap-login"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-error.h"
#include "fp-mail-login.h"
#include "fp-sasl-cram-md5.h"
#include "fp-secret.h"

/*
 * IMAP4rev1 (RFC 3501): greeting, CAPABILITY, STARTTLS, AUTHENTICATE PLAIN
 * or LOGIN, AUTHENTICATE CRAM-MD5; for OAuth2 only the capabilities.
 */

typedef struct
{
  FpMailConnection *connection;
  guint             tag;
  char             *capabilities;
} Imap;

static void
imap_clear (Imap *imap)
{
  g_free (imap->capabilities);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Imap, imap_clear)

gboolean
fp_mail_has_token (const char *list,
                   const char *token)
{
  g_auto(GStrv) tokens = NULL;

  if (list == NULL)
    return FALSE;
  tokens = g_strsplit (list, " ", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    if (g_ascii_strcasecmp (tokens[i], token) == 0)
      return TRUE;
  return FALSE;
}

static char *
next_tag (Imap *imap)
{
  return g_strdup_printf ("fp%u", ++imap->tag);
}

/*
 * Reads up to the tagged answer to @tag and returns its text ("OK …",
 * "NO …"); untagged CAPABILITY lines are kept. A continuation request ends
 * the read too, returned as "+ …", for AUTHENTICATE.
 */
static char *
read_answer (Imap        *imap,
             const char  *tag,
             GError     **error)
{
  gsize tag_length = strlen (tag);

  for (guint i = 0; i < FP_MAIL_MAX_RESPONSE_LINES; i++)
    {
      g_autofree char *line = fp_mail_connection_read_line (imap->connection, error);

      if (line == NULL)
        return NULL;
      if (strncmp (line, tag, tag_length) == 0 && line[tag_length] == ' ')
        return g_strdup (line + tag_length + 1);
      if (line[0] == '+')
        return g_steal_pointer (&line);
      if (g_ascii_strncasecmp (line, "* CAPABILITY ", 13) == 0)
        {
          g_free (imap->capabilities);
          imap->capabilities = g_strdup (line + 13);
        }
      else if (g_ascii_strncasecmp (line, "* BYE", 5) == 0)
        {
          fp_mail_connection_unexpected (imap->connection, line, error);
          return NULL;
        }
    }
  fp_mail_connection_unexpected (imap->connection, _("an endless answer"), error);
  return NULL;
}

static gboolean
is_status (const char *answer,
           const char *status)
{
  gsize length = strlen (status);

  return g_ascii_strncasecmp (answer, status, length) == 0 &&
         (answer[length] == ' ' || answer[length] == '\0');
}

/* Sends a command and expects OK. */
static gboolean
command_ok (Imap        *imap,
            const char  *command,
            GError     **error)
{
  g_autofree char *tag = next_tag (imap);
  g_autofree char *line = g_strdup_printf ("%s %s", tag, command);
  g_autofree char *answer = NULL;

  if (!fp_mail_connection_send (imap->connection, line, error))
    return FALSE;
  answer = read_answer (imap, tag, error);
  if (answer == NULL)
    return FALSE;
  if (!is_status (answer, "OK"))
    {
      fp_mail_connection_unexpected (imap->connection, answer, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_greeting (Imap    *imap,
               GError **error)
{
  g_autofree char *greeting = fp_mail_connection_read_line (imap->connection, error);

  if (greeting == NULL)
    return FALSE;
  /* PREAUTH would skip the login and, before STARTTLS, the encryption: not what we check. */
  if (g_ascii_strncasecmp (greeting, "* OK", 4) != 0)
    {
      fp_mail_connection_unexpected (imap->connection, greeting, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
start_tls (Imap    *imap,
           GError **error)
{
  if (!command_ok (imap, "CAPABILITY", error))
    return FALSE;
  if (!fp_mail_has_token (imap->capabilities, "STARTTLS"))
    {
      fp_mail_connection_no_starttls (imap->connection, error);
      return FALSE;
    }
  if (!command_ok (imap, "STARTTLS", error))
    return FALSE;
  /* Capabilities from before TLS are not to be trusted (RFC 3501, 6.2.1). */
  g_clear_pointer (&imap->capabilities, g_free);
  return fp_mail_connection_start_tls (imap->connection, error);
}

/* A quoted string (RFC 3501, 4.3); CR and LF cannot be quoted. */
static char *
quote (const char *text)
{
  GString *quoted = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

static gboolean
judge_login (Imap               *imap,
             const FpMailServer *server,
             const char         *answer,
             GError            **error)
{
  if (is_status (answer, "OK"))
    return TRUE;
  if (is_status (answer, "NO"))
    fp_mail_connection_refused_password (imap->connection, server->login, answer + 2, error);
  else
    fp_mail_connection_unexpected (imap->connection, answer, error);
  return FALSE;
}

/* AUTHENTICATE PLAIN or CRAM-MD5: the response goes after the server's continuation. */
static gboolean
authenticate (Imap               *imap,
              const FpMailServer *server,
              FpAuthMethod        method,
              const char         *password,
              GError            **error)
{
  gboolean cram_md5 = method == FP_AUTH_CRAM_MD5;
  g_autofree char *tag = next_tag (imap);
  g_autofree char *line = g_strdup_printf ("%s AUTHENTICATE %s", tag,
                                           cram_md5 ? "CRAM-MD5" : "PLAIN");
  g_auto(FpSecretText) response = NULL;
  g_autofree char *answer = NULL;

  if (!fp_mail_connection_send (imap->connection, line, error))
    return FALSE;
  answer = read_answer (imap, tag, error);
  if (answer == NULL)
    return FALSE;
  if (answer[0] != '+' || (cram_md5 && answer[1] != ' '))
    {
      fp_mail_connection_unexpected (imap->connection, answer, error);
      return FALSE;
    }
  response = cram_md5 ? fp_sasl_cram_md5_response (server->login, password, answer + 2, error)
                      : fp_mail_sasl_plain (server->login, password);
  if (response == NULL)
    return FALSE;
  fp_mail_connection_add_secret (imap->connection, response);
  g_clear_pointer (&answer, g_free);
  if (!fp_mail_connection_send (imap->connection, response, error))
    return FALSE;
  answer = read_answer (imap, tag, error);
  return answer != NULL && judge_login (imap, server, answer, error);
}

static gboolean
login (Imap               *imap,
       const FpMailServer *server,
       const char         *password,
       GError            **error)
{
  g_autofree char *tag = NULL;
  g_autofree char *user = NULL;
  g_auto(FpSecretText) secret = NULL;
  g_auto(FpSecretText) line = NULL;
  g_autofree char *answer = NULL;

  if (strpbrk (password, "\r\n") != NULL || strpbrk (server->login, "\r\n") != NULL)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED,
                   _("%s only offers IMAP LOGIN, which cannot carry a line break in a password."),
                   server->host);
      return FALSE;
    }
  tag = next_tag (imap);
  user = quote (server->login);
  secret = quote (password);
  fp_mail_connection_add_secret (imap->connection, secret);
  line = g_strdup_printf ("%s LOGIN %s %s", tag, user, secret);
  if (!fp_mail_connection_send (imap->connection, line, error))
    return FALSE;
  answer = read_answer (imap, tag, error);
  return answer != NULL && judge_login (imap, server, answer, error);
}

gboolean
fp_imap_login (FpMailConnection    *connection,
               const FpMailServer  *server,
               const char          *password,
               GError             **error)
{
  g_auto(Imap) imap = { .connection = connection };
  gboolean ok = FALSE;

  if (!read_greeting (&imap, error) ||
      (server->transport == FP_TRANSPORT_STARTTLS && !start_tls (&imap, error)) ||
      !command_ok (&imap, "CAPABILITY", error))
    return FALSE;

  if (server->authentication == FP_AUTH_OAUTH2)
    {
      fp_mail_connection_note_oauth2 (connection,
                                      fp_mail_has_token (imap.capabilities, "AUTH=XOAUTH2"),
                                      fp_mail_has_token (imap.capabilities, "AUTH=OAUTHBEARER"));
      ok = TRUE;
    }
  else if (server->authentication == FP_AUTH_CRAM_MD5)
    {
      if (fp_mail_has_token (imap.capabilities, "AUTH=CRAM-MD5"))
        ok = authenticate (&imap, server, FP_AUTH_CRAM_MD5, password, error);
      else
        fp_mail_connection_no_mechanism (connection, "CRAM-MD5", error);
    }
  else if (fp_mail_has_token (imap.capabilities, "AUTH=PLAIN"))
    ok = authenticate (&imap, server, FP_AUTH_PASSWORD, password, error);
  else if (fp_mail_has_token (imap.capabilities, "LOGINDISABLED"))
    g_set_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED,
                 _("%s does not accept a password login over this connection."), server->host);
  else
    ok = login (&imap, server, password, error);

  if (ok)
    command_ok (&imap, "LOGOUT", NULL);
  return ok;
}
