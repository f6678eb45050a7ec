/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-pop3-login"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-error.h"
#include "fp-mail-login.h"
#include "fp-sasl-cram-md5.h"
#include "fp-secret.h"

/*
 * POP3 (RFC 1939) with CAPA and STLS (RFC 2449, RFC 2595), AUTH PLAIN or
 * CRAM-MD5 (RFC 5034) or USER/PASS; for OAuth2 only the capabilities.
 */

static gboolean
is_ok (const char *line)
{
  return g_str_has_prefix (line, "+OK");
}

/* Sends a command and returns its one-line answer. */
static char *
command (FpMailConnection  *connection,
         const char        *line,
         GError           **error)
{
  if (!fp_mail_connection_send (connection, line, error))
    return NULL;
  return fp_mail_connection_read_line (connection, error);
}

static gboolean
command_ok (FpMailConnection  *connection,
            const char        *line,
            GError           **error)
{
  g_autofree char *answer = command (connection, line, error);

  if (answer == NULL)
    return FALSE;
  if (!is_ok (answer))
    {
      fp_mail_connection_unexpected (connection, answer, error);
      return FALSE;
    }
  return TRUE;
}

/* CAPA's list, one capability a line; an -ERR means none (an old server). */
static GPtrArray *
read_capabilities (FpMailConnection  *connection,
                   GError           **error)
{
  g_autoptr(GPtrArray) capabilities = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *answer = command (connection, "CAPA", error);

  if (answer == NULL)
    return NULL;
  if (!is_ok (answer))
    return g_steal_pointer (&capabilities);
  for (guint i = 0; i < FP_MAIL_MAX_RESPONSE_LINES; i++)
    {
      char *line = fp_mail_connection_read_line (connection, error);

      if (line == NULL)
        return NULL;
      if (g_str_equal (line, "."))
        {
          g_free (line);
          return g_steal_pointer (&capabilities);
        }
      g_ptr_array_add (capabilities, line);
    }
  fp_mail_connection_unexpected (connection, _("an endless answer"), error);
  return NULL;
}

static gboolean
has_capability (GPtrArray  *capabilities,
                const char *name,
                const char *argument)
{
  gsize length = strlen (name);

  for (guint i = 0; i < capabilities->len; i++)
    {
      const char *line = g_ptr_array_index (capabilities, i);

      if (g_ascii_strncasecmp (line, name, length) != 0 ||
          (line[length] != '\0' && line[length] != ' '))
        continue;
      if (argument == NULL || fp_mail_has_token (line + length, argument))
        return TRUE;
    }
  return FALSE;
}

/*
 * -ERR after the password is a refused password, unless the server says it
 * is something else (RFC 3206: [SYS/…] and [IN-USE] are not the person's fault).
 */
static gboolean
judge_login (FpMailConnection   *connection,
             const FpMailServer *server,
             const char         *answer,
             GError            **error)
{
  if (is_ok (answer))
    return TRUE;
  if (g_str_has_prefix (answer, "-ERR") && strstr (answer, "[SYS/") == NULL &&
      strstr (answer, "[IN-USE]") == NULL)
    fp_mail_connection_refused_password (connection, server->login, answer + 4, error);
  else
    fp_mail_connection_unexpected (connection, answer, error);
  return FALSE;
}

/* AUTH PLAIN or CRAM-MD5 (RFC 5034): the response goes after the server's "+ " line. */
static gboolean
auth_sasl (FpMailConnection   *connection,
           const FpMailServer *server,
           FpAuthMethod        method,
           const char         *password,
           GError            **error)
{
  gboolean cram_md5 = method == FP_AUTH_CRAM_MD5;
  g_autofree char *answer = command (connection, cram_md5 ? "AUTH CRAM-MD5" : "AUTH PLAIN",
                                     error);
  g_auto(FpSecretText) response = NULL;

  if (answer == NULL)
    return FALSE;
  if (answer[0] != '+' || is_ok (answer) || (cram_md5 && answer[1] != ' '))
    {
      fp_mail_connection_unexpected (connection, answer, error);
      return FALSE;
    }
  response = cram_md5 ? fp_sasl_cram_md5_response (server->login, password, answer + 2, error)
                      : fp_mail_sasl_plain (server->login, password);
  if (response == NULL)
    return FALSE;
  fp_mail_connection_add_secret (connection, response);
  g_clear_pointer (&answer, g_free);
  answer = command (connection, response, error);
  return answer != NULL && judge_login (connection, server, answer, error);
}

static gboolean
user_pass (FpMailConnection   *connection,
           const FpMailServer *server,
           const char         *password,
           GError            **error)
{
  g_autofree char *user = g_strdup_printf ("USER %s", server->login);
  g_auto(FpSecretText) pass = g_strdup_printf ("PASS %s", password);
  g_autofree char *answer = NULL;

  fp_mail_connection_add_secret (connection, password);
  answer = command (connection, user, error);
  if (answer == NULL)
    return FALSE;
  if (!is_ok (answer))
    return judge_login (connection, server, answer, error);
  g_clear_pointer (&answer, g_free);
  answer = command (connection, pass, error);
  return answer != NULL && judge_login (connection, server, answer, error);
}

gboolean
fp_pop3_login (FpMailConnection    *connection,
               const FpMailServer  *server,
               const char          *password,
               GError             **error)
{
  g_autofree char *greeting = NULL;
  g_autoptr(GPtrArray) capabilities = NULL;
  gboolean ok;

  if (!fp_mail_connection_check_credentials (connection, server->login, password, error))
    return FALSE;
  greeting = fp_mail_connection_read_line (connection, error);
  if (greeting == NULL)
    return FALSE;
  if (!is_ok (greeting))
    {
      fp_mail_connection_unexpected (connection, greeting, error);
      return FALSE;
    }

  if (server->transport == FP_TRANSPORT_STARTTLS)
    {
      capabilities = read_capabilities (connection, error);
      if (capabilities == NULL)
        return FALSE;
      if (!has_capability (capabilities, "STLS", NULL))
        {
          fp_mail_connection_no_starttls (connection, error);
          return FALSE;
        }
      if (!command_ok (connection, "STLS", error) ||
          !fp_mail_connection_start_tls (connection, error))
        return FALSE;
      g_clear_pointer (&capabilities, g_ptr_array_unref);
    }

  capabilities = read_capabilities (connection, error);
  if (capabilities == NULL)
    return FALSE;
  /* A server without CAPA gets USER/PASS; one with CAPA must list it (RFC 2449, 6.6). */
  if (server->authentication == FP_AUTH_OAUTH2)
    {
      fp_mail_connection_note_oauth2 (connection, has_capability (capabilities, "SASL", "XOAUTH2"),
                                      has_capability (capabilities, "SASL", "OAUTHBEARER"));
      ok = TRUE;
    }
  else if (server->authentication == FP_AUTH_CRAM_MD5)
    {
      ok = has_capability (capabilities, "SASL", "CRAM-MD5");
      if (ok)
        ok = auth_sasl (connection, server, FP_AUTH_CRAM_MD5, password, error);
      else
        fp_mail_connection_no_mechanism (connection, "CRAM-MD5", error);
    }
  else if (has_capability (capabilities, "SASL", "PLAIN"))
    ok = auth_sasl (connection, server, FP_AUTH_PASSWORD, password, error);
  else if (capabilities->len == 0 || has_capability (capabilities, "USER", NULL))
    ok = user_pass (connection, server, password, error);
  else
    {
      g_set_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED,
                   _("%s does not accept a password login over this connection."), server->host);
      ok = FALSE;
    }
  if (ok)
    command_ok (connection, "QUIT", NULL);
  return ok;
}
