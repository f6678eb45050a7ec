/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-http-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fp-cancel-link.h"
#include "fp-error.h"
#include "fp-http-client.h"
#include "fp-system-trust.h"
#include "fp-tls-trust.h"

/*
 * Every HTTP request Fingerpost makes goes through here, so the rules of
 * DESIGN.md hold in one place: HTTPS only with the certificate verified,
 * redirects checked by us before they are followed, answers bounded in size
 * and time, and credentials sent only after a 401, to the host named in the
 * credentials request.
 */
struct _FpHttpClient
{
  GObject        parent_instance;

  SoupSession   *session;
  FpActivityLog *log;
  GPtrArray     *trusted_cas;    /* GTlsCertificate: authorities added to the system's */
  gboolean       added_authority_needed;
  GHashTable    *port_overrides; /* host → port, for the in-process demo provider */
  guint          timeout_s;
};

G_DEFINE_FINAL_TYPE (FpHttpClient, fp_http_client, G_TYPE_OBJECT)

enum
{
  CREDENTIALS_REQUIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GUri                 *uri;          /* as the person knows it: no port override */
  char                 *accept;
  char                 *account_address;
  char                 *account_host;
  SoupMessage          *message;
  FpCancelLink          link;  /* ours: the caller's cancellable or the deadline trip it */
  GSource              *deadline;
  gboolean              timed_out;
  guint                 redirects;
  guint                 failed_attempts;
  gboolean              declined;
  gboolean              anonymous;    /* never asks for credentials */
  char                 *user;
  SoupAuth             *pending_auth;
  GTlsCertificateFlags  tls_errors;
  GByteArray           *body;
  guint                 status;
  char                 *location;     /* of a redirect, kept while its body is read */
  gsize                 drained;
  void                (*after_drain) (GTask *task);
} Request;

static void send_current_message (GTask *task);

static void
clear_deadline (Request *request)
{
  if (request->deadline != NULL)
    {
      g_source_destroy (request->deadline);
      g_clear_pointer (&request->deadline, g_source_unref);
    }
}

static void
request_free (Request *request)
{
  clear_deadline (request);
  fp_cancel_link_clear (&request->link);
  g_clear_object (&request->message);
  g_clear_object (&request->pending_auth);
  g_clear_pointer (&request->uri, g_uri_unref);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request->accept);
  g_free (request->account_address);
  g_free (request->account_host);
  g_free (request->user);
  g_free (request->location);
  g_free (request);
}

static const char *
request_host (Request *request)
{
  return g_uri_get_host (request->uri);
}

static gboolean
deadline_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  FpHttpClient *self = g_task_get_source_object (task);

  fp_activity_log_add (self->log, "%s did not answer within %u s; giving up",
                       request_host (request), self->timeout_s);
  request->timed_out = TRUE;
  g_clear_pointer (&request->deadline, g_source_unref);
  g_cancellable_cancel (request->link.cancellable);
  return G_SOURCE_REMOVE;
}

/* The time limit is the server's, per exchange; time spent by a person typing a password is not. */
static void
restart_deadline (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  FpHttpClient *self = g_task_get_source_object (task);

  clear_deadline (request);
  if (self->timeout_s == 0)
    return;
  request->deadline = g_timeout_source_new_seconds (self->timeout_s);
  g_source_set_callback (request->deadline, deadline_cb, task, NULL);
  g_source_set_static_name (request->deadline, "[fingerpost] HTTP deadline");
  g_source_attach (request->deadline, g_task_get_context (task));
}

static void
return_transport_error (GTask  *task,
                        GError *error)
{
  Request *request = g_task_get_task_data (task);
  FpHttpClient *self = g_task_get_source_object (task);
  const char *host = request_host (request);

  fp_activity_log_add (self->log, "request to %s failed: %s", host, error->message);

  if (request->timed_out)
    g_task_return_new_error (task, FP_ERROR, FP_ERROR_TIMEOUT,
                             _("%s did not answer within %u seconds."), host, self->timeout_s);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
  else if (error->domain == G_TLS_ERROR)
    {
      g_autofree char *reason = request->tls_errors != 0
                                  ? fp_tls_describe_certificate_flags (request->tls_errors)
                                  : g_strdup (error->message);

      g_task_return_new_error (task, FP_ERROR, FP_ERROR_TLS,
                               _("The certificate of %s could not be trusted: %s."), host, reason);
    }
  else if (error->domain == G_RESOLVER_ERROR)
    g_task_return_new_error (task, FP_ERROR, FP_ERROR_NETWORK,
                             _("%s could not be found: check the address and the network."), host);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_task_return_new_error (task, FP_ERROR, FP_ERROR_NETWORK,
                             _("%s refused the connection."), host);
  else
    g_task_return_new_error (task, FP_ERROR, FP_ERROR_NETWORK, _("Could not reach %s: %s."),
                             host, error->message);
}

static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       GTask                *task)
{
  Request *request = g_task_get_task_data (task);
  FpHttpClient *self = g_task_get_source_object (task);

  request->tls_errors = errors;
  if (!fp_tls_vouched_by_added_authority (certificate, errors, self->trusted_cas,
                                          request_host (request), g_uri_get_port (request->uri)))
    return FALSE;

  fp_http_client_note_added_authority_needed (self, request_host (request));
  request->tls_errors = 0;
  return TRUE;
}

static void
credentials_answered_cb (FpCredentialsRequest *credentials,
                         const char           *user,
                         const char           *password,
                         gpointer              user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  FpHttpClient *self = g_task_get_source_object (task);
  g_autoptr(SoupAuth) auth = g_steal_pointer (&request->pending_auth);

  if (auth == NULL || g_task_get_completed (task))
    return;

  if (user == NULL)
    {
      fp_activity_log_add (self->log, "no credentials given for %s", request_host (request));
      request->declined = TRUE;
      soup_auth_cancel (auth);
    }
  else
    {
      fp_activity_log_add (self->log, "sending the credentials of “%s” to %s", user,
                           request_host (request));
      g_free (request->user);
      request->user = g_strdup (user);
      soup_auth_authenticate (auth, user, password);
    }
  restart_deadline (task);
}

static gboolean
authenticate_cb (SoupMessage *message,
                 SoupAuth    *auth,
                 gboolean     retrying,
                 GTask       *task)
{
  Request *request = g_task_get_task_data (task);
  FpHttpClient *self = g_task_get_source_object (task);
  g_autoptr(FpCredentialsRequest) credentials = NULL;
  gboolean handled = FALSE;

  if (soup_auth_is_for_proxy (auth))
    return FALSE;
  if (request->anonymous)
    {
      fp_activity_log_add (self->log, "%s asks for credentials; none are sent for this request",
                           request_host (request));
      request->declined = TRUE;
      return FALSE;
    }

  if (retrying)
    {
      request->failed_attempts++;
      fp_activity_log_add (self->log, "%s refused the credentials of “%s”", request_host (request),
                           request->user);
    }
  if (request->failed_attempts >= FP_CREDENTIALS_MAX_ATTEMPTS)
    return FALSE;

  fp_activity_log_add (self->log, "%s asks for credentials (%s, realm “%s”)",
                       request_host (request), soup_auth_get_scheme_name (auth),
                       soup_auth_get_realm (auth));
  clear_deadline (request);
  g_set_object (&request->pending_auth, auth);
  credentials = fp_credentials_request_new (request_host (request), request->account_host,
                                            request->user ? request->user
                                                          : request->account_address,
                                            soup_auth_get_realm (auth), request->failed_attempts,
                                            credentials_answered_cb, g_object_ref (task),
                                            g_object_unref);
  g_signal_emit (self, signals[CREDENTIALS_REQUIRED], 0, credentials, &handled);
  if (!handled)
    fp_credentials_request_decline (credentials);

  /* Answered or not yet, libsoup waits for soup_auth_authenticate() or soup_auth_cancel(). */
  return TRUE;
}

static void
return_unauthorized (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  const char *host = request_host (request);
  const char *challenge =
    soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                  "WWW-Authenticate");

  if (request->failed_attempts >= FP_CREDENTIALS_MAX_ATTEMPTS ||
      (request->declined && request->failed_attempts > 0))
    g_task_return_new_error (task, FP_ERROR, FP_ERROR_AUTH_FAILED,
                             _("%s did not accept the user name and password."), host);
  else if (request->declined)
    g_task_return_new_error (task, FP_ERROR, FP_ERROR_AUTH_REQUIRED,
                             _("%s asks for your user name and password."), host);
  else if (challenge == NULL)
    g_task_return_new_error (task, FP_ERROR, FP_ERROR_AUTH_REQUIRED,
                             _("%s refused access without saying how to log in."), host);
  else
    g_task_return_new_error (task, FP_ERROR, FP_ERROR_UNSUPPORTED,
                             _("%s asks for a kind of login Fingerpost does not support (%s)."),
                             host, challenge);
}

static gboolean
is_followed_redirect (guint status)
{
  return status == SOUP_STATUS_MOVED_PERMANENTLY || status == SOUP_STATUS_FOUND ||
         status == SOUP_STATUS_SEE_OTHER || status == SOUP_STATUS_TEMPORARY_REDIRECT ||
         status == SOUP_STATUS_PERMANENT_REDIRECT;
}

/* Redirects are checked before they are followed: HTTPS only, a handful at most. */
static void
follow_redirect (GTask      *task,
                 const char *location)
{
  Request *request = g_task_get_task_data (task);
  FpHttpClient *self = g_task_get_source_object (task);
  g_autoptr(GUri) target = g_uri_parse_relative (request->uri, location, G_URI_FLAGS_ENCODED, NULL);
  const char *host = request_host (request);

  if (target == NULL || g_uri_get_host (target) == NULL || *g_uri_get_host (target) == '\0')
    {
      g_task_return_new_error (task, FP_ERROR, FP_ERROR_HTTP_STATUS,
                               _("%s redirected to an address that is not valid (%s)."), host,
                               location);
      return;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (target), "https") != 0)
    {
      g_autofree char *shown = g_uri_to_string (target);

      fp_activity_log_add (self->log, "refused to follow the redirect to %s: not HTTPS", shown);
      g_task_return_new_error (task, FP_ERROR, FP_ERROR_UNSAFE,
                               _("%s redirected to %s, which is not HTTPS; refused for safety."),
                               host, shown);
      return;
    }
  if (++request->redirects > FP_HTTP_MAX_REDIRECTS)
    {
      g_task_return_new_error (task, FP_ERROR, FP_ERROR_HTTP_STATUS,
                               _("%s redirected more than %d times; giving up."), host,
                               FP_HTTP_MAX_REDIRECTS);
      return;
    }

  if (g_ascii_strcasecmp (host, g_uri_get_host (target)) != 0)
    request->failed_attempts = 0;
  g_uri_unref (request->uri);
  request->uri = g_steal_pointer (&target);
  send_current_message (task);
}

static void
return_body (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  FpHttpClient *self = g_task_get_source_object (task);

  fp_activity_log_add (self->log, "received %u bytes from %s", request->body->len,
                       request_host (request));
  clear_deadline (request);
  g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->body)),
                         (GDestroyNotify) g_bytes_unref);
}

static void
return_too_large (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_task_return_new_error (task, FP_ERROR, FP_ERROR_TOO_LARGE,
                           _("%s sent more than %d KiB; that is not a settings document."),
                           request_host (request), FP_HTTP_MAX_BODY_SIZE / 1024);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);

  if (chunk == NULL)
    {
      return_transport_error (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      return_body (task);
      return;
    }
  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (request->body->len > FP_HTTP_MAX_BODY_SIZE)
    {
      return_too_large (task);
      return;
    }
  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 16 * 1024, G_PRIORITY_DEFAULT,
                                   request->link.cancellable, read_cb, g_steal_pointer (&task));
}

/* The status is known; what it says comes after the body, read only to keep the connection. */
static void
return_status_error (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  clear_deadline (request);
  g_task_return_new_error (task, FP_ERROR, FP_ERROR_HTTP_STATUS, _("%s answered “%u %s”."),
                           request_host (request), request->status,
                           soup_message_get_reason_phrase (request->message));
}

static void
follow_stored_redirect (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autofree char *location = g_steal_pointer (&request->location);

  follow_redirect (task, location);
}

static void
drain_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);

  if (chunk == NULL && (request->timed_out ||
                        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      return_transport_error (task, error);
      return;
    }
  /* At the end, or past the bound (the connection is then closed rather than reused). */
  if (chunk == NULL || g_bytes_get_size (chunk) == 0 ||
      (request->drained += g_bytes_get_size (chunk)) > FP_HTTP_MAX_BODY_SIZE)
    {
      request->after_drain (task);
      return;
    }
  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 16 * 1024, G_PRIORITY_DEFAULT,
                                   request->link.cancellable, drain_cb, g_steal_pointer (&task));
}

/*
 * An answer that is not the document (a 404, a redirect, a 401) is read to
 * its end all the same: libsoup reuses a connection only once its answer was
 * read, and the next source often asks the same host (WebFinger, then
 * .well-known/autoconfig).
 */
static void
drain_then (GTask         *task,
            GInputStream  *stream,
            void         (*after_drain) (GTask *task))
{
  Request *request = g_task_get_task_data (task);

  request->after_drain = after_drain;
  request->drained = 0;
  g_input_stream_read_bytes_async (stream, 16 * 1024, G_PRIORITY_DEFAULT,
                                   request->link.cancellable, drain_cb, g_object_ref (task));
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  FpHttpClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  SoupMessageHeaders *headers;
  const char *location;

  if (stream == NULL)
    {
      return_transport_error (task, error);
      return;
    }

  request->status = soup_message_get_status (request->message);
  headers = soup_message_get_response_headers (request->message);
  location = soup_message_headers_get_one (headers, "Location");
  fp_activity_log_add (self->log, "%s answered %u %s", request_host (request), request->status,
                       soup_message_get_reason_phrase (request->message));

  if (is_followed_redirect (request->status) && location != NULL)
    {
      g_free (request->location);
      request->location = g_strdup (location);
      drain_then (task, stream, follow_stored_redirect);
    }
  else if (request->status == SOUP_STATUS_UNAUTHORIZED)
    drain_then (task, stream, return_unauthorized);
  else if (!SOUP_STATUS_IS_SUCCESSFUL (request->status))
    drain_then (task, stream, return_status_error);
  else if (soup_message_headers_get_content_length (headers) > FP_HTTP_MAX_BODY_SIZE)
    return_too_large (task);
  else
    {
      request->body = g_byte_array_new ();
      g_input_stream_read_bytes_async (stream, 16 * 1024, G_PRIORITY_DEFAULT,
                                       request->link.cancellable, read_cb,
                                       g_steal_pointer (&task));
    }
}

/* The demo provider serves its hosts from a loopback port; the name and certificate stay. */
static GUri *
effective_uri (FpHttpClient *self,
               GUri         *uri)
{
  gpointer port;

  if ((g_uri_get_port (uri) == -1 || g_uri_get_port (uri) == 443) &&
      g_hash_table_lookup_extended (self->port_overrides, g_uri_get_host (uri), NULL, &port))
    return g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                        GPOINTER_TO_INT (port), g_uri_get_path (uri), g_uri_get_query (uri),
                        NULL);
  return g_uri_ref (uri);
}

/*
 * libsoup remembers a password a host accepted and sends it, unasked, with
 * the next request to that host. The rule is that credentials go only where
 * a server asked for them, to the host the person saw named: so once a
 * request is over, its credentials are forgotten, and the next one starts
 * without any.
 */
static void
forget_credentials_cb (GTask        *task,
                       GParamSpec   *pspec,
                       FpHttpClient *self)
{
  SoupSessionFeature *manager = soup_session_get_feature (self->session, SOUP_TYPE_AUTH_MANAGER);

  if (manager != NULL)
    soup_auth_manager_clear_cached_credentials (SOUP_AUTH_MANAGER (manager));
}

static void
send_current_message (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  FpHttpClient *self = g_task_get_source_object (task);
  g_autoptr(GUri) target = effective_uri (self, request->uri);
  g_autofree char *shown = g_uri_to_string (request->uri);

  if (request->message != NULL)
    g_signal_handlers_disconnect_by_data (request->message, task);
  g_clear_object (&request->message);
  request->message = soup_message_new_from_uri (SOUP_METHOD_GET, target);
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (request->message), "Accept",
                                request->accept);
  g_signal_connect (request->message, "accept-certificate", G_CALLBACK (accept_certificate_cb),
                    task);
  g_signal_connect (request->message, "authenticate", G_CALLBACK (authenticate_cb), task);
  request->tls_errors = 0;

  fp_activity_log_add (self->log, "GET %s", shown);
  restart_deadline (task);
  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           request->link.cancellable, send_cb, g_object_ref (task));
}

static void
fp_http_client_finalize (GObject *object)
{
  FpHttpClient *self = FP_HTTP_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->log);
  g_clear_pointer (&self->trusted_cas, g_ptr_array_unref);
  g_clear_pointer (&self->port_overrides, g_hash_table_unref);

  G_OBJECT_CLASS (fp_http_client_parent_class)->finalize (object);
}

static void
fp_http_client_class_init (FpHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fp_http_client_finalize;

  signals[CREDENTIALS_REQUIRED] =
    g_signal_new ("credentials-required", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 1,
                  FP_TYPE_CREDENTIALS_REQUEST);
}

static void
fp_http_client_init (FpHttpClient *self)
{
  /* Every source is asked at once, several of them of one host (the account's own for
   * WebFinger and .well-known, the ISP database for the domain and its MX host's): libsoup's
   * default of two connections per host would queue the third. */
  self->session = soup_session_new_with_options ("user-agent", "Fingerpost/" PACKAGE_VERSION,
                                                 "max-conns-per-host", 6,
                                                 "tls-database", fp_system_trust_get (), NULL);
  self->log = fp_activity_log_new ();
  self->trusted_cas = g_ptr_array_new_with_free_func (g_object_unref);
  self->port_overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->timeout_s = FP_HTTP_DEFAULT_TIMEOUT_S;
}

FpHttpClient *
fp_http_client_new (void)
{
  return g_object_new (FP_TYPE_HTTP_CLIENT, NULL);
}

FpActivityLog *
fp_http_client_get_log (FpHttpClient *self)
{
  g_return_val_if_fail (FP_IS_HTTP_CLIENT (self), NULL);
  return self->log;
}

/* Seconds a server may take to answer one request; 0 waits for ever. */
void
fp_http_client_set_timeout (FpHttpClient *self,
                            guint         seconds)
{
  g_return_if_fail (FP_IS_HTTP_CLIENT (self));
  self->timeout_s = seconds;
}

guint
fp_http_client_get_timeout (FpHttpClient *self)
{
  g_return_val_if_fail (FP_IS_HTTP_CLIENT (self), 0);
  return self->timeout_s;
}

/**
 * fp_http_client_add_trusted_ca:
 *
 * Trusts @ca as well as the system's authorities (an enterprise authority,
 * the demo provider's). Verification is never turned off: a certificate must
 * still be valid, unexpired and issued for the host.
 */
void
fp_http_client_add_trusted_ca (FpHttpClient    *self,
                               GTlsCertificate *ca)
{
  g_return_if_fail (FP_IS_HTTP_CLIENT (self));
  g_return_if_fail (G_IS_TLS_CERTIFICATE (ca));

  g_ptr_array_add (self->trusted_cas, g_object_ref (ca));
}

gboolean
fp_http_client_add_trusted_ca_file (FpHttpClient  *self,
                                    const char    *pem_path,
                                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GList *cas;

  g_return_val_if_fail (FP_IS_HTTP_CLIENT (self), FALSE);

  cas = g_tls_certificate_list_new_from_file (pem_path, &local_error);
  if (local_error != NULL || cas == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Could not read a certificate authority from %s: %s"), pem_path,
                   local_error ? local_error->message : _("no certificate in the file"));
      return FALSE;
    }
  for (GList *l = cas; l != NULL; l = l->next)
    g_ptr_array_add (self->trusted_cas, l->data);
  g_list_free (cas);
  return TRUE;
}

/**
 * fp_http_client_get_trusted_cas:
 *
 * The authorities added to the system's, so that other connections (the
 * mail servers' login check) follow the same rule.
 *
 * Returns: (transfer none) (element-type GTlsCertificate): the added authorities
 */
GPtrArray *
fp_http_client_get_trusted_cas (FpHttpClient *self)
{
  g_return_val_if_fail (FP_IS_HTTP_CLIENT (self), NULL);
  return self->trusted_cas;
}

/**
 * fp_http_client_note_added_authority_needed:
 *
 * The system's store alone refused @host's certificate and an added authority
 * vouched for it: this client's HTTPS does it itself, the login check of the
 * mail servers (which uses the same authorities) through this.
 */
void
fp_http_client_note_added_authority_needed (FpHttpClient *self,
                                            const char   *host)
{
  g_return_if_fail (FP_IS_HTTP_CLIENT (self));

  fp_activity_log_add (self->log, "certificate of %s is signed by an added authority", host);
  self->added_authority_needed = TRUE;
}

/**
 * fp_http_client_get_added_authority_needed:
 *
 * Returns: whether any server so far verified only through an added
 *   authority, not through the system's store: what decides whether mail
 *   programs that read their own or the system's store must be told
 */
gboolean
fp_http_client_get_added_authority_needed (FpHttpClient *self)
{
  g_return_val_if_fail (FP_IS_HTTP_CLIENT (self), FALSE);
  return self->added_authority_needed;
}

void
fp_http_client_set_port_override (FpHttpClient *self,
                                  const char   *host,
                                  guint16       port)
{
  g_return_if_fail (FP_IS_HTTP_CLIENT (self));

  g_hash_table_replace (self->port_overrides, g_ascii_strdown (host, -1), GINT_TO_POINTER (port));
}

static void
start_get (FpHttpClient        *self,
           const char          *uri,
           const char          *accept,
           const char          *account_address,
           gboolean             anonymous,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) parsed = NULL;
  Request *request;
  const char *at;

  g_return_if_fail (FP_IS_HTTP_CLIENT (self));
  g_return_if_fail (uri != NULL && account_address != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_http_client_get_async);

  /* Encoded: a query is sent exactly as built, %26 never becomes a parameter separator. */
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
  if (parsed == NULL || g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0')
    {
      g_task_return_new_error (task, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                               _("“%s” is not a valid address."), uri);
      return;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (parsed), "https") != 0)
    {
      g_task_return_new_error (task, FP_ERROR, FP_ERROR_UNSAFE,
                               _("%s is not an HTTPS address; refused for safety."), uri);
      return;
    }

  at = strrchr (account_address, '@');
  request = g_new0 (Request, 1);
  request->uri = g_steal_pointer (&parsed);
  request->accept = g_strdup (accept);
  request->account_address = g_strdup (account_address);
  request->account_host = g_strdup (at ? at + 1 : account_address);
  request->anonymous = anonymous;
  fp_cancel_link_init (&request->link, cancellable);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_signal_connect_object (task, "notify::completed", G_CALLBACK (forget_credentials_cb), self, 0);

  send_current_message (task);
}

/**
 * fp_http_client_get_async:
 * @uri: an `https:` URI; anything else is refused before a byte is sent
 * @accept: the media types wanted
 * @account_address: the account this is for: the default user name, and the
 *   domain a credentials request compares its host with
 *
 * GETs @uri under the rules above.
 */
void
fp_http_client_get_async (FpHttpClient        *self,
                          const char          *uri,
                          const char          *accept,
                          const char          *account_address,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  start_get (self, uri, accept, account_address, FALSE, cancellable, callback, user_data);
}

/**
 * fp_http_client_get_anonymous_async:
 *
 * As fp_http_client_get_async(), but a 401 is never answered with
 * credentials: for sources that have no business asking for the person's
 * password (autoconfig documents, the ISP database). Finish with
 * fp_http_client_get_finish(); a 401 is %FP_ERROR_AUTH_REQUIRED.
 */
void
fp_http_client_get_anonymous_async (FpHttpClient        *self,
                                    const char          *uri,
                                    const char          *accept,
                                    const char          *account_address,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  start_get (self, uri, accept, account_address, TRUE, cancellable, callback, user_data);
}

/**
 * fp_http_client_get_finish:
 * @status: (out) (optional): the last HTTP status, also on error (0 when none came)
 * @final_uri: (out) (optional): the URI after redirects
 *
 * Returns: (transfer full): the body of a 2xx answer, or %NULL with an
 *   %FP_ERROR (%FP_ERROR_HTTP_STATUS for a status we cannot act on)
 */
GBytes *
fp_http_client_get_finish (FpHttpClient  *self,
                           GAsyncResult  *result,
                           guint         *status,
                           char         **final_uri,
                           GError       **error)
{
  Request *request;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (status != NULL)
    *status = request ? request->status : 0;
  if (final_uri != NULL)
    *final_uri = request ? g_uri_to_string (request->uri) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}
