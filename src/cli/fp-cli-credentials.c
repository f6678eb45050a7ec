/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fp-cli-credentials.h"
#include "fp-cli-escape.h"
#include "fp-cli-terminal.h"
#include "fp-error.h"
#include "fp-secret.h"

/*
 * Answers the core's credentials requests on the command line: with the
 * password given on standard input, or by asking on the terminal. Either way
 * the host that will receive it is named. A password for a host outside the
 * account's registrable domain is sent only when the person said so: with
 * --trust-servers, or by confirming at the terminal; otherwise it is kept
 * and the command ends with 5 naming the host (fp_cli_credentials_explain_refusal()).
 */
struct _FpCliCredentials
{
  char     *user;           /* nullable: the request's default then */
  char     *password;       /* nullable: ask on the terminal, if there is one */
  gboolean  trust_servers;  /* --trust-servers: foreign hosts may have it */
  char     *refused_host;   /* a foreign host the password was kept from */
  char     *refused_domain;
  char     *account_domain;
};

FpCliCredentials *
fp_cli_credentials_new (const char *user,
                        const char *password)
{
  FpCliCredentials *self = g_new0 (FpCliCredentials, 1);

  self->user = g_strdup (user);
  self->password = fp_secret_dup (password);
  return self;
}

void
fp_cli_credentials_free (FpCliCredentials *self)
{
  if (self == NULL)
    return;
  g_free (self->user);
  fp_secret_free (self->password);
  g_free (self->refused_host);
  g_free (self->refused_domain);
  g_free (self->account_domain);
  g_free (self);
}

void
fp_cli_credentials_set_trust_servers (FpCliCredentials *self,
                                      gboolean          trust_servers)
{
  self->trust_servers = trust_servers;
}

static void
strip_line_end (char *line)
{
  line[strcspn (line, "\r\n")] = '\0';
}

/* Reads the first line of standard input: the password, without its line end. */
char *
fp_cli_read_password_from_stdin (GError **error)
{
  char buffer[4096];

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("--password-stdin was given, but standard input is empty."));
      return NULL;
    }
  strip_line_end (buffer);
  {
    char *password = g_strdup (buffer);

    explicit_bzero (buffer, sizeof buffer);
    return password;
  }
}

/* The login and the host come from outside: shown escaped, so they cannot redraw the prompt. */
static char *
prompt_on_terminal (const char *user,
                    const char *host)
{
  g_autofree char *shown_user = fp_cli_escape (user);
  g_autofree char *shown_host = fp_cli_escape (host);
  g_autofree char *question = g_strdup_printf (_("Password for %s at %s: "), shown_user,
                                               shown_host);

  return fp_cli_terminal_ask (question, FALSE);
}

static void
warn_foreign (FpCredentialsRequest *request)
{
  g_autofree char *host = fp_cli_escape (fp_credentials_request_get_host (request));
  g_autofree char *domain = fp_cli_escape (fp_credentials_request_get_base_domain (request));
  g_autofree char *account = fp_cli_escape (fp_credentials_request_get_account_domain (request));

  g_printerr (_("Warning: the password is about to be sent to %s, in the domain %s, "
                "which is not your account’s domain %s.\n"), host, domain, account);
}

/* The explicit yes at the terminal that stands for --trust-servers. */
static gboolean
confirm_on_terminal (FpCredentialsRequest *request)
{
  g_autofree char *host = fp_cli_escape (fp_credentials_request_get_host (request));
  g_autofree char *question = g_strdup_printf (_("Send your password to %s? Type “yes” to "
                                                 "send it: "), host);
  g_autofree char *answer = fp_cli_terminal_ask (question, TRUE);

  if (answer == NULL)
    return FALSE;
  g_strstrip (answer);
  /* Translators: the word typed to confirm sending the password; "yes" is always accepted too. */
  return g_ascii_strcasecmp (answer, "yes") == 0 || g_utf8_collate (answer, _("yes")) == 0;
}

/* Whether the password may go to the request's host; when not, remember where it was kept from. */
static gboolean
may_send (FpCliCredentials     *self,
          FpCredentialsRequest *request)
{
  gboolean can_ask = self->password == NULL && isatty (STDIN_FILENO);

  if (!fp_credentials_request_get_is_foreign (request))
    return TRUE;
  if (self->trust_servers || can_ask)
    warn_foreign (request);
  if (self->trust_servers || (can_ask && confirm_on_terminal (request)))
    return TRUE;

  g_free (self->refused_host);
  g_free (self->refused_domain);
  g_free (self->account_domain);
  self->refused_host = g_strdup (fp_credentials_request_get_host (request));
  self->refused_domain = g_strdup (fp_credentials_request_get_base_domain (request));
  self->account_domain = g_strdup (fp_credentials_request_get_account_domain (request));
  return FALSE;
}

/*
 * The handler of FpHttpClient::credentials-required. A password given on
 * standard input is tried once: when it is refused, asking again would only
 * send the same password again.
 */
gboolean
fp_cli_credentials_answer (FpCliCredentials     *self,
                           FpCredentialsRequest *request)
{
  const char *host = fp_credentials_request_get_host (request);
  const char *user = self->user ? self->user : fp_credentials_request_get_default_user (request);
  g_autofree char *typed = NULL;

  if (!may_send (self, request))
    {
      fp_credentials_request_decline (request);
      return TRUE;
    }

  if (self->password != NULL)
    {
      if (fp_credentials_request_get_failed_attempts (request) > 0)
        fp_credentials_request_decline (request);
      else
        fp_credentials_request_provide (request, user, self->password);
      return TRUE;
    }

  if (!isatty (STDIN_FILENO))
    {
      fp_credentials_request_decline (request);
      return TRUE;
    }

  if (fp_credentials_request_get_failed_attempts (request) > 0)
    {
      g_autofree char *shown = fp_cli_escape (host);

      g_printerr (_("%s did not accept that password. Try again.\n"), shown);
    }
  typed = prompt_on_terminal (user, host);
  if (typed == NULL)
    fp_credentials_request_decline (request);
  else
    fp_credentials_request_provide (request, user, typed);
  if (typed != NULL)
    explicit_bzero (typed, strlen (typed));
  return TRUE;
}

/**
 * fp_cli_credentials_explain_refusal:
 * @error: (inout): the failure of a request that asked for the password
 *
 * When the password was kept from a foreign host (may_send()), the request
 * failed for want of it: replaces @error with the reason, refused for
 * safety (exit 5), naming that host.
 */
void
fp_cli_credentials_explain_refusal (FpCliCredentials  *self,
                                    GError           **error)
{
  if (self->refused_host == NULL || error == NULL || *error == NULL ||
      !((*error)->domain == FP_ERROR && ((*error)->code == FP_ERROR_AUTH_REQUIRED ||
                                         (*error)->code == FP_ERROR_AUTH_FAILED)))
    return;
  g_clear_error (error);
  g_set_error (error, FP_ERROR, FP_ERROR_UNSAFE,
               _("%s asks for your password, but it is in the domain %s, not your account’s "
                 "domain %s; the password was not sent. If you trust that host, run again with "
                 "--trust-servers."), self->refused_host, self->refused_domain,
               self->account_domain);
}

/**
 * fp_cli_credentials_dup_password:
 * @user: the login shown in the prompt
 * @host: the host that will receive the password, shown in the prompt
 *
 * The password for a mail server's login check: the one given on standard
 * input, or typed on the terminal. A typed one is kept, so that `setup`
 * stores in the keyring the password that was checked, without asking twice.
 *
 * Returns: (transfer full) (nullable): the password, or %NULL when there is
 *   none and no terminal to ask on
 */
char *
fp_cli_credentials_dup_password (FpCliCredentials *self,
                                 const char       *user,
                                 const char       *host)
{
  if (self->password == NULL && isatty (STDIN_FILENO))
    {
      g_auto(FpSecretText) typed = prompt_on_terminal (user, host);

      self->password = fp_secret_dup (typed);
    }
  return g_strdup (self->password);
}

/* The password given or typed so far, or %NULL. */
const char *
fp_cli_credentials_get_password (FpCliCredentials *self)
{
  return self->password;
}
