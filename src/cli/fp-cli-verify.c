/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fp-auth-choice.h"
#include "fp-cli.h"
#include "fp-cli-output.h"
#include "fp-cli-verify.h"
#include "fp-error.h"
#include "fp-mail-verifier.h"

/*
 * The login check on the command line, for `fetch --verify` and `setup`:
 * the settings' servers must be trusted (or the person said --trust-servers),
 * then one line per server on standard error as each is tried.
 */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

/*
 * Settings from DNS (SRV, MX) could send the password wherever whoever forged
 * the answer wants: refused unless the person checked the servers and said so.
 */
gboolean
fp_cli_check_trust (const FpMailConfig  *config,
                    gboolean             trust_servers,
                    GError             **error)
{
  if (config->trusted || trust_servers)
    return TRUE;
  g_set_error (error, FP_ERROR, FP_ERROR_UNSAFE,
               _("These settings came from DNS records (%s), which can be forged; check the "
                 "servers above and run again with --trust-servers to use them."),
               fp_config_source_kind_to_string (config->source_kind));
  return FALSE;
}

/*
 * Unencrypted-only settings are refused unless --allow-insecure; then the
 * methods each program will use are chosen, servers no program can use set
 * aside (fp_auth_choice_apply()).
 *
 * Returns: (transfer full) (nullable): the settings to check and write, or
 *   %NULL with the error said and @status set
 */
/*
 * Unencrypted-only settings: refused (exit 5, the servers shown) unless
 * --allow-insecure, and then said once more on stderr.
 */
gboolean
fp_cli_check_insecure (FpCliContext       *context,
                       const FpMailConfig *config,
                       int                *status)
{
  g_autoptr(GError) error = NULL;
  const FpMailServer *insecure = fp_mail_config_find_insecure (config);

  if (!fp_mail_config_check_insecure (config, context->allow_insecure, &error))
    {
      /* The servers meant; stdout holds only JSON with --json. */
      if (!context->json)
        fp_cli_print_config (config, FALSE);
      *status = fp_cli_report_error (error);
      g_printerr (_("Run again with --allow-insecure to use it anyway.\n"));
      return FALSE;
    }
  if (insecure != NULL)
    {
      g_autofree char *host = fp_cli_escape (insecure->host);

      g_printerr (_("Warning: %s is not encrypted; anyone on the network can read the password "
                    "(accepted with --allow-insecure).\n"), host);
    }
  return TRUE;
}

FpMailConfig *
fp_cli_choose_methods (FpCliContext *context,
                       FpMailConfig *config,
                       GArray       *programs,
                       int          *status)
{
  g_autoptr(GError) error = NULL;
  FpMailConfig *chosen;

  if (!fp_cli_check_insecure (context, config, status))
    return NULL;
  chosen = fp_auth_choice_apply (config, programs, fp_http_client_get_log (context->client),
                                 &error);
  if (chosen == NULL)
    *status = fp_cli_report_error (error);
  return chosen;
}

/* How each program will sign in to @server, and why: one sentence each on stderr. */
void
fp_cli_explain_methods (const FpMailServer *server,
                        GArray             *programs)
{
  g_autoptr(GPtrArray) sentences = fp_auth_choice_explain (server, programs);

  for (guint i = 0; i < sentences->len; i++)
    {
      g_autofree char *sentence = fp_cli_escape (g_ptr_array_index (sentences, i));

      g_printerr ("%s\n", sentence);
    }
}

static void
progress_cb (FpMailVerifier *verifier,
             FpMailServer   *server,
             guint           index,
             FpVerifyStep    step,
             GError         *error,
             gpointer        user_data)
{
  g_autofree char *protocol = g_ascii_strup (fp_mail_protocol_to_string (server->protocol), -1);
  g_autofree char *host = fp_cli_escape (server->host);

  switch (step)
    {
    case FP_VERIFY_STEP_SUCCEEDED:
      if (!fp_mail_server_needs_password (server) && server->login_required)
        g_printerr (_("Connected securely to %s %s port %u; no password sent (the mail program "
                      "signs in with OAuth2).\n"), protocol, host, server->port);
      else if (server->transport == FP_TRANSPORT_NONE)
        g_printerr (_("Logged in to %s %s port %u, unencrypted.\n"), protocol, host,
                    server->port);
      else
        g_printerr (_("Logged in to %s %s port %u.\n"), protocol, host, server->port);
      break;
    /* A failure is said once, by the caller, in one sentence; --verbose shows each attempt. */
    case FP_VERIFY_STEP_FAILED:
    case FP_VERIFY_STEP_CHECKING:
    case FP_VERIFY_STEP_SKIPPED:
    default:
      break;
    }
}

static void
verified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static FpMailServer *
first_needing_password (FpMailConfig *config)
{
  GPtrArray *lists[] = { config->incoming, config->outgoing };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    for (guint j = 0; j < lists[i]->len; j++)
      if (fp_mail_server_needs_password (g_ptr_array_index (lists[i], j)))
        return g_ptr_array_index (lists[i], j);
  return g_ptr_array_index (config->incoming, 0);
}

/* The first server that needs the password names the host in the prompt: it is tried first. */
static char *
get_password (FpCliCredentials  *credentials,
              FpMailConfig      *config,
              GError           **error)
{
  FpMailServer *first = first_needing_password (config);
  char *password;

  password = fp_cli_credentials_dup_password (credentials, first->login, first->host);
  if (password == NULL)
    g_set_error (error, FP_ERROR, FP_ERROR_AUTH_REQUIRED,
                 _("Checking the login to %s needs your password."), first->host);
  return password;
}

/**
 * fp_cli_verify_config:
 * @credentials: gives the password (--password-stdin) or asks on the terminal
 * @trust_servers: the person accepted untrusted servers (--trust-servers)
 * @incoming: (out) (optional) (transfer full): the incoming server that worked
 * @outgoing: (out) (optional) (transfer full): the outgoing server that worked
 *
 * Checks that @config can be trusted, then logs in to its servers, waiting
 * in a main loop of its own. The error maps to the exit status with
 * fp_cli_exit_status_for_error(): 4 for a refused password, 5 for settings
 * not trusted or a server without STARTTLS, 2 for the network or TLS.
 */
gboolean
fp_cli_verify_config (FpHttpClient      *client,
                      FpCliCredentials  *credentials,
                      FpMailConfig      *config,
                      gboolean           trust_servers,
                      GCancellable      *cancellable,
                      FpMailServer     **incoming,
                      FpMailServer     **outgoing,
                      GError           **error)
{
  g_autoptr(FpMailVerifier) verifier = NULL;
  g_autofree char *password = NULL;
  Wait wait = { 0 };
  gboolean ok;

  if (!fp_cli_check_trust (config, trust_servers, error))
    return FALSE;
  /* A failure of the check names its server: the JSON error's "host". */
  for (guint i = 0; i < config->incoming->len; i++)
    fp_cli_output_note_host (((FpMailServer *) g_ptr_array_index (config->incoming, i))->host);
  for (guint i = 0; i < config->outgoing->len; i++)
    fp_cli_output_note_host (((FpMailServer *) g_ptr_array_index (config->outgoing, i))->host);
  /* OAuth2 servers get no password: none is asked for when no server needs one. */
  if (fp_auth_choice_needs_password (config))
    {
      password = get_password (credentials, config, error);
      if (password == NULL)
        return FALSE;
    }

  verifier = fp_mail_verifier_new (client);
  g_signal_connect (verifier, "server-progress", G_CALLBACK (progress_cb), NULL);
  wait.loop = g_main_loop_new (NULL, FALSE);
  fp_mail_verifier_verify_async (verifier, config, password, cancellable, verified_cb, &wait);
  if (password != NULL)
    explicit_bzero (password, strlen (password));
  g_main_loop_run (wait.loop);

  ok = fp_mail_verifier_verify_finish (verifier, wait.result, incoming, outgoing, error);
  g_object_unref (wait.result);
  g_main_loop_unref (wait.loop);
  return ok;
}
