/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-mail-verifier"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-error.h"
#include "fp-mail-login.h"
#include "fp-mail-port-map.h"
#include "fp-mail-verifier.h"
#include "fp-secret.h"

/*
 * The check before anything is written: log in to an incoming and an
 * outgoing server of the configuration with the person's password.
 *
 * The two directions are checked at the same time. Within a direction the
 * servers are tried in the configuration's order: a server that cannot be
 * reached, or that cannot be used safely, passes the turn to the next one;
 * a refused password ends the direction, since it is the password that is
 * wrong and sending it to more servers would not help.
 *
 * Each attempt is one synchronous dialogue in a worker thread (see
 * fp-mail-connection.c); progress and the transcript come back to the
 * caller's main context.
 */
struct _FpMailVerifier
{
  GObject       parent_instance;
  FpHttpClient *client;  /* its added authorities, time limit and activity log */
};

G_DEFINE_FINAL_TYPE (FpMailVerifier, fp_mail_verifier, G_TYPE_OBJECT)

enum
{
  SERVER_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GPtrArray    *servers;  /* the configuration's: borrowed from Verify.config */
  guint         index;
  GError       *error;
  FpMailServer *used;
} Chain;

typedef struct
{
  FpMailConfig *config;
  char         *password;
  Chain         chains[2];  /* incoming, outgoing */
  guint         pending;
  guint         attempts;   /* started, both directions together */
} Verify;

typedef struct
{
  FpMailServer  *server;
  guint16        connect_port;  /* the server's, or a loopback one (fp-mail-port-map.h) */
  char          *password;
  GPtrArray     *trusted_cas;
  guint          timeout_s;
  FpActivityLog *log;
  GMainContext  *context;
  gboolean       needed_added_authority;  /* set in the worker, read once it returned */
} Attempt;

typedef struct
{
  FpActivityLog *log;
  char          *line;
} LogLine;

static void start_attempt (GTask *task,
                           Chain *chain);

static void
free_password (char *password)
{
  fp_secret_free (password);
}

static void
verify_free (Verify *verify)
{
  for (guint i = 0; i < G_N_ELEMENTS (verify->chains); i++)
    g_clear_error (&verify->chains[i].error);
  free_password (verify->password);
  fp_mail_config_unref (verify->config);
  g_free (verify);
}

static void
attempt_free (Attempt *attempt)
{
  fp_mail_server_free (attempt->server);
  free_password (attempt->password);
  g_clear_pointer (&attempt->trusted_cas, g_ptr_array_unref);
  g_clear_object (&attempt->log);
  g_clear_pointer (&attempt->context, g_main_context_unref);
  g_free (attempt);
}

static void
log_line_free (LogLine *log_line)
{
  g_object_unref (log_line->log);
  g_free (log_line->line);
  g_free (log_line);
}

static gboolean
log_line_cb (gpointer user_data)
{
  LogLine *log_line = user_data;

  fp_activity_log_add (log_line->log, "%s", log_line->line);
  return G_SOURCE_REMOVE;
}

/*
 * Called in the worker thread: the activity log belongs to the caller's main
 * context. Always a source, never g_main_context_invoke(): that runs the
 * function right here whenever the context happens to be free, and the log
 * is not thread-safe.
 */
static void
transcript_cb (const char *line,
               gpointer    user_data)
{
  Attempt *attempt = user_data;
  LogLine *log_line = g_new0 (LogLine, 1);
  GSource *source = g_idle_source_new ();

  log_line->log = g_object_ref (attempt->log);
  log_line->line = g_strdup (line);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, log_line_cb, log_line, (GDestroyNotify) log_line_free);
  g_source_set_static_name (source, "[fingerpost] login check transcript");
  g_source_attach (source, attempt->context);
  g_source_unref (source);
}

static void
attempt_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Attempt *attempt = task_data;
  g_autoptr(FpMailConnection) connection = NULL;
  GError *error = NULL;
  gboolean ok = FALSE;

  connection = fp_mail_connection_open_via (attempt->server, attempt->connect_port,
                                            attempt->trusted_cas, attempt->timeout_s,
                                            transcript_cb, attempt, cancellable, &error);
  if (connection != NULL && attempt->password == NULL &&
      fp_mail_server_needs_password (attempt->server))
    g_set_error (&error, FP_ERROR, FP_ERROR_AUTH_REQUIRED,
                 _("Checking the login to %s needs your password."), attempt->server->host);
  else if (connection != NULL)
    {
      fp_mail_connection_add_secret (connection, attempt->password);
      switch (attempt->server->protocol)
        {
        case FP_MAIL_PROTOCOL_IMAP:
          ok = fp_imap_login (connection, attempt->server, attempt->password, &error);
          break;
        case FP_MAIL_PROTOCOL_POP3:
          ok = fp_pop3_login (connection, attempt->server, attempt->password, &error);
          break;
        case FP_MAIL_PROTOCOL_SMTP:
        default:
          ok = fp_smtp_login (connection, attempt->server, attempt->password, &error);
          break;
        }
      /* After the login: STARTTLS happens in its dialogue. */
      attempt->needed_added_authority = fp_mail_connection_needed_added_authority (connection);
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
emit_progress (GTask        *task,
               Chain        *chain,
               guint         index,
               FpVerifyStep  step,
               const GError *error)
{
  FpMailVerifier *self = g_task_get_source_object (task);

  g_signal_emit (self, signals[SERVER_PROGRESS], 0, g_ptr_array_index (chain->servers, index),
                 index, step, error);
}

/* The error the person can do most about is the one shown. */
static int
error_rank (const GError *error)
{
  if (error == NULL)
    return -1;
  if (error->domain != FP_ERROR)
    return 0;
  switch (error->code)
    {
    case FP_ERROR_AUTH_FAILED:
      return 7;
    case FP_ERROR_UNSAFE:
      return 6;
    case FP_ERROR_TLS:
      return 5;
    case FP_ERROR_UNSUPPORTED:
      return 4;
    case FP_ERROR_PROTOCOL:
      return 3;
    case FP_ERROR_TIMEOUT:
      return 2;
    default:
      return 1;
    }
}

static void
keep_error (Chain  *chain,
            GError *error)
{
  if (error_rank (error) > error_rank (chain->error))
    {
      g_clear_error (&chain->error);
      chain->error = error;
    }
  else
    g_error_free (error);
}

static void
return_result (GTask *task)
{
  Verify *verify = g_task_get_task_data (task);
  Chain *incoming = &verify->chains[0];
  Chain *outgoing = &verify->chains[1];
  Chain *failed = NULL;

  if (incoming->used == NULL)
    failed = incoming;
  if (outgoing->used == NULL && (failed == NULL || error_rank (outgoing->error) >
                                                   error_rank (failed->error)))
    failed = outgoing;
  if (failed != NULL)
    g_task_return_error (task, g_steal_pointer (&failed->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
end_chain (GTask *task,
           Chain *chain)
{
  Verify *verify = g_task_get_task_data (task);

  for (guint i = chain->index + 1; i < chain->servers->len; i++)
    emit_progress (task, chain, i, FP_VERIFY_STEP_SKIPPED, NULL);
  if (--verify->pending == 0)
    return_result (task);
}

/*
 * A document of 256 KiB names thousands of servers: trying each in turn
 * would take hours. Both directions start at once, so each always gets its
 * first attempt.
 */
static gboolean
out_of_attempts (Verify *verify,
                 Chain  *chain)
{
  return chain->index + 1 >= FP_MAIL_VERIFY_MAX_PER_DIRECTION ||
         verify->attempts >= FP_MAIL_VERIFY_MAX_ATTEMPTS;
}

static void
attempt_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Attempt *attempt = g_task_get_task_data (G_TASK (result));
  Verify *verify = g_task_get_task_data (task);
  Chain *chain = &verify->chains[fp_mail_protocol_is_incoming (attempt->server->protocol) ? 0 : 1];
  FpMailVerifier *self = g_task_get_source_object (task);
  FpActivityLog *log = fp_http_client_get_log (self->client);
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (fp_mail_server_needs_password (attempt->server))
        fp_activity_log_add (log, "logged in to %s as “%s” (%s)", attempt->server->host,
                             attempt->server->login,
                             fp_auth_method_to_string (attempt->server->authentication));
      else
        fp_activity_log_add (log, "connected to %s; no password needed or sent",
                             attempt->server->host);
      /* Only the servers that will be used count: they are what the mail programs meet. */
      if (attempt->needed_added_authority)
        fp_http_client_note_added_authority_needed (self->client, attempt->server->host);
      chain->used = g_ptr_array_index (chain->servers, chain->index);
      emit_progress (task, chain, chain->index, FP_VERIFY_STEP_SUCCEEDED, NULL);
      end_chain (task, chain);
      return;
    }

  fp_activity_log_add (log, "%s: %s", attempt->server->host, error->message);
  emit_progress (task, chain, chain->index, FP_VERIFY_STEP_FAILED, error);
  if (g_error_matches (error, FP_ERROR, FP_ERROR_AUTH_FAILED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      chain->index + 1 >= chain->servers->len || out_of_attempts (verify, chain))
    {
      if (chain->index + 1 < chain->servers->len && out_of_attempts (verify, chain))
        fp_activity_log_add (log, "not trying the other %u alternatives: at most %d are tried "
                             "each way, %d in all", chain->servers->len - chain->index - 1,
                             FP_MAIL_VERIFY_MAX_PER_DIRECTION, FP_MAIL_VERIFY_MAX_ATTEMPTS);
      keep_error (chain, error);
      end_chain (task, chain);
      return;
    }
  keep_error (chain, error);
  chain->index++;
  start_attempt (task, chain);
}

static void
start_attempt (GTask *task,
               Chain *chain)
{
  FpMailVerifier *self = g_task_get_source_object (task);
  Verify *verify = g_task_get_task_data (task);
  FpMailServer *server = g_ptr_array_index (chain->servers, chain->index);
  g_autoptr(GTask) thread_task = NULL;
  Attempt *attempt;

  fp_activity_log_add (fp_http_client_get_log (self->client),
                       "checking the login to %s server %s port %u (%s, %s) as “%s”",
                       fp_mail_protocol_to_string (server->protocol), server->host, server->port,
                       fp_transport_to_string (server->transport),
                       server->login_required ? fp_auth_method_to_string (server->authentication)
                                              : "no login",
                       server->login);
  emit_progress (task, chain, chain->index, FP_VERIFY_STEP_CHECKING, NULL);
  verify->attempts++;

  attempt = g_new0 (Attempt, 1);
  attempt->server = fp_mail_server_copy (server);
  attempt->connect_port = fp_mail_port_map_lookup (self->client, server->host, server->port);
  attempt->password = fp_secret_dup (verify->password);
  attempt->trusted_cas = g_ptr_array_ref (fp_http_client_get_trusted_cas (self->client));
  attempt->timeout_s = fp_http_client_get_timeout (self->client);
  if (attempt->timeout_s == 0)
    attempt->timeout_s = FP_HTTP_DEFAULT_TIMEOUT_S;
  attempt->log = g_object_ref (fp_http_client_get_log (self->client));
  attempt->context = g_main_context_ref (g_task_get_context (task));

  /* No source object: the worker may drop its reference after the verifier is gone. */
  thread_task = g_task_new (NULL, g_task_get_cancellable (task), attempt_cb, g_object_ref (task));
  g_task_set_source_tag (thread_task, start_attempt);
  g_task_set_task_data (thread_task, attempt, (GDestroyNotify) attempt_free);
  g_task_run_in_thread (thread_task, attempt_thread);
}

static void
fp_mail_verifier_finalize (GObject *object)
{
  FpMailVerifier *self = FP_MAIL_VERIFIER (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (fp_mail_verifier_parent_class)->finalize (object);
}

static void
fp_mail_verifier_class_init (FpMailVerifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fp_mail_verifier_finalize;

  signals[SERVER_PROGRESS] =
    g_signal_new ("server-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, FP_TYPE_MAIL_SERVER | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_UINT, G_TYPE_INT, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
fp_mail_verifier_init (FpMailVerifier *self)
{
}

/**
 * fp_mail_verifier_new:
 * @client: the discovery's client: its added authorities (--ca-file) are
 *   trusted under the same rule, its time limit applies to each read, and
 *   the dialogue goes to its activity log (without the password)
 */
FpMailVerifier *
fp_mail_verifier_new (FpHttpClient *client)
{
  FpMailVerifier *self;

  g_return_val_if_fail (FP_IS_HTTP_CLIENT (client), NULL);

  self = g_object_new (FP_TYPE_MAIL_VERIFIER, NULL);
  self->client = g_object_ref (client);
  return self;
}

/**
 * fp_mail_verifier_verify_async:
 * @config: the configuration to check; when it is not trusted, the front
 *   end must have shown its servers and had them confirmed first
 * @password: (nullable): the person's password, for every server of @config
 *   that needs one (fp_mail_server_needs_password()); OAuth2 servers are only
 *   connected to and secured, and never get it
 *
 * Logs in to one incoming and one outgoing server of @config, as described
 * above, reporting each server through #FpMailVerifier::server-progress.
 */
void
fp_mail_verifier_verify_async (FpMailVerifier      *self,
                               FpMailConfig        *config,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Verify *verify;

  g_return_if_fail (FP_IS_MAIL_VERIFIER (self));
  g_return_if_fail (config != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_mail_verifier_verify_async);
  verify = g_new0 (Verify, 1);
  verify->config = fp_mail_config_ref (config);
  verify->password = fp_secret_dup (password);
  verify->chains[0].servers = config->incoming;
  verify->chains[1].servers = config->outgoing;
  g_task_set_task_data (task, verify, (GDestroyNotify) verify_free);

  if (config->incoming->len == 0 || config->outgoing->len == 0)
    {
      g_task_return_new_error (task, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                               _("The settings name no incoming or no outgoing server."));
      return;
    }
  /* No mail protocol can carry it on a line of its own: USER/PASS would split it in two. */
  if (password != NULL && !fp_mail_text_fits_line (password))
    {
      g_task_return_new_error (task, FP_ERROR, FP_ERROR_UNSAFE,
                               _("The password contains a line break, which cannot be sent to "
                                 "a mail server; nothing was sent."));
      return;
    }
  verify->pending = 2;
  start_attempt (task, &verify->chains[0]);
  start_attempt (task, &verify->chains[1]);
}

/**
 * fp_mail_verifier_verify_finish:
 * @incoming: (out) (optional) (transfer full): the incoming server that accepted the login
 * @outgoing: (out) (optional) (transfer full): the outgoing server that accepted it
 *
 * Returns: %TRUE when both directions accepted the login; otherwise %FALSE
 *   with an %FP_ERROR that names the host: %FP_ERROR_AUTH_FAILED for a
 *   refused password, %FP_ERROR_UNSAFE when STARTTLS was missing (nothing
 *   was sent), %FP_ERROR_TLS, %FP_ERROR_NETWORK, %FP_ERROR_TIMEOUT, …
 */
gboolean
fp_mail_verifier_verify_finish (FpMailVerifier  *self,
                                GAsyncResult    *result,
                                FpMailServer   **incoming,
                                FpMailServer   **outgoing,
                                GError         **error)
{
  Verify *verify;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  verify = g_task_get_task_data (G_TASK (result));
  if (incoming != NULL)
    *incoming = fp_mail_server_copy (verify->chains[0].used);
  if (outgoing != NULL)
    *outgoing = fp_mail_server_copy (verify->chains[1].used);
  return TRUE;
}
