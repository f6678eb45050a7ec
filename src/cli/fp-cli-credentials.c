/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "fp-cli-credentials.h"
#include "fp-secret.h"

/*
 * Answers the core's credentials requests on the command line: with the
 * password given on standard input, or by asking on the terminal. Either way
 * the host that will receive it is named, and a password that is about to
 * leave the account's domain is warned about first.
 */
struct _FpCliCredentials
{
  char *user;      /* nullable: the request's default then */
  char *password;  /* nullable: ask on the terminal, if there is one */
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
  g_free (self);
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

static char *
prompt_on_terminal (const char *user,
                    const char *host)
{
  struct termios saved;
  struct termios silent;
  char buffer[4096];
  char *password = NULL;

  if (tcgetattr (STDIN_FILENO, &saved) != 0)
    return NULL;
  silent = saved;
  silent.c_lflag &= ~ECHO;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &silent);
  /* Only now: what is typed once the prompt shows must not fall to the flush above. */
  g_printerr (_("Password for %s at %s: "), user, host);
  if (fgets (buffer, sizeof buffer, stdin) != NULL)
    {
      strip_line_end (buffer);
      password = g_strdup (buffer);
      explicit_bzero (buffer, sizeof buffer);
    }
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  g_printerr ("\n");
  return password;
}

static void
warn_if_foreign (FpCredentialsRequest *request)
{
  if (!fp_credentials_request_get_is_foreign (request))
    return;
  g_printerr (_("Warning: the password is about to be sent to %s, in the domain %s, "
                "which is not your account’s domain %s.\n"),
              fp_credentials_request_get_host (request),
              fp_credentials_request_get_base_domain (request),
              fp_credentials_request_get_account_domain (request));
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

  warn_if_foreign (request);

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
    g_printerr (_("%s did not accept that password. Try again.\n"), host);
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
