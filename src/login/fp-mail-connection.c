/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-mail-connection"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-cancel-link.h"
#include "fp-error.h"
#include "fp-mail-connection.h"
#include "fp-system-trust.h"
#include "fp-tls-trust.h"

/*
 * One connection to a mail server for the login check: plain TCP, then TLS
 * from the first byte or after STARTTLS, with line-based reading that is
 * bounded in length and time. It is used synchronously in a worker thread
 * (see fp-mail-verifier.c): a dialogue of a dozen lines reads far more
 * plainly that way, and every blocking call still honours the socket's
 * timeout, the dialogue's deadline and the cancellable.
 */
/*
 * The deadline of the whole dialogue, the TLS handshake and connecting
 * included: a server that drips a byte just within each read's timeout would
 * otherwise keep a blocking call going for ever. A thread of its own waits for
 * the deadline and cancels the connection's cancellable; it needs no main
 * context, which the dialogue's worker thread does not run.
 */
typedef struct
{
  GMutex        lock;
  GCond         finished_cond;
  gboolean      finished;
  gboolean      fired;
  gint64        deadline;
  GCancellable *cancellable;
  GThread      *thread;
} Watchdog;

struct _FpMailConnection
{
  char                 *host;
  guint16               port;
  GPtrArray            *trusted_cas;
  guint                 timeout_s;
  gint64                deadline;     /* monotonic µs: the whole dialogue's limit */
  FpCancelLink          link;  /* ours: the caller's or the watchdog cancel it */
  Watchdog             *watchdog;
  FpMailTranscriptFunc  transcript;
  gpointer              transcript_data;
  GPtrArray            *secrets;      /* never shown in the transcript */
  GSocketConnection    *socket;
  GIOStream            *stream;       /* the socket, or the TLS connection over it */
  GByteArray           *pending;      /* read but not yet returned as a line */
  gboolean              encrypted;
  FpMailStartTlsFunc    start_tls;    /* instead of a TLS handshake: fuzzing and tests only */
  gpointer              start_tls_data;
  GTlsCertificateFlags  certificate_errors;
  gboolean              vouched_by_added_authority;
};

static void
free_secret (char *secret)
{
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *watchdog = data;

  g_mutex_lock (&watchdog->lock);
  while (!watchdog->finished)
    if (!g_cond_wait_until (&watchdog->finished_cond, &watchdog->lock, watchdog->deadline))
      {
        watchdog->fired = !watchdog->finished;
        break;
      }
  g_mutex_unlock (&watchdog->lock);
  /* Outside the lock: cancelling runs handlers, and a handler must never wait for it. */
  if (watchdog->fired)
    g_cancellable_cancel (watchdog->cancellable);
  return NULL;
}

static Watchdog *
watchdog_start (GCancellable *cancellable,
                gint64        deadline)
{
  Watchdog *watchdog = g_new0 (Watchdog, 1);

  g_mutex_init (&watchdog->lock);
  g_cond_init (&watchdog->finished_cond);
  watchdog->deadline = deadline;
  watchdog->cancellable = g_object_ref (cancellable);
  watchdog->thread = g_thread_new ("fp-mail-deadline", watchdog_thread, watchdog);
  return watchdog;
}

static void
watchdog_stop (Watchdog *watchdog)
{
  g_mutex_lock (&watchdog->lock);
  watchdog->finished = TRUE;
  g_cond_signal (&watchdog->finished_cond);
  g_mutex_unlock (&watchdog->lock);
  g_thread_join (watchdog->thread);
  g_object_unref (watchdog->cancellable);
  g_mutex_clear (&watchdog->lock);
  g_cond_clear (&watchdog->finished_cond);
  g_free (watchdog);
}

static gboolean
deadline_fired (FpMailConnection *self)
{
  gboolean fired;

  if (self->watchdog == NULL)
    return FALSE;
  g_mutex_lock (&self->watchdog->lock);
  fired = self->watchdog->fired;
  g_mutex_unlock (&self->watchdog->lock);
  return fired;
}

void
fp_mail_connection_close (FpMailConnection *self)
{
  if (self == NULL)
    return;
  if (self->watchdog != NULL)
    watchdog_stop (g_steal_pointer (&self->watchdog));
  fp_cancel_link_clear (&self->link);
  if (self->stream != NULL)
    g_io_stream_close (self->stream, NULL, NULL);
  g_clear_object (&self->stream);
  g_clear_object (&self->socket);
  g_clear_pointer (&self->trusted_cas, g_ptr_array_unref);
  g_clear_pointer (&self->secrets, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_byte_array_unref);
  g_free (self->host);
  g_free (self);
}

/* Registers text that must never reach the transcript: the password and its encodings. */
void
fp_mail_connection_add_secret (FpMailConnection *self,
                               const char       *secret)
{
  if (secret != NULL && *secret != '\0')
    g_ptr_array_add (self->secrets, g_strdup (secret));
}

const char *
fp_mail_connection_get_host (FpMailConnection *self)
{
  return self->host;
}

/*
 * The system's store alone refused the server's certificate and an added
 * authority (--ca-file) vouched for it: a mail program that reads only the
 * system's store will ask about it.
 */
gboolean
fp_mail_connection_needed_added_authority (FpMailConnection *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->vouched_by_added_authority;
}

gboolean
fp_mail_connection_is_secure (FpMailConnection *self)
{
  return self->encrypted;
}

/* Built piece by piece, so that no buffer (not even one freed on growing) ever holds a secret. */
static char *
redact (FpMailConnection *self,
        const char       *text)
{
  g_autoptr(GString) shown = g_string_sized_new (strlen (text) + 1);

  while (*text != '\0')
    {
      gsize skip = 0;

      for (guint i = 0; i < self->secrets->len && skip == 0; i++)
        {
          const char *secret = g_ptr_array_index (self->secrets, i);

          if (g_str_has_prefix (text, secret))
            skip = strlen (secret);
        }
      if (skip > 0)
        g_string_append (shown, "****");
      else
        g_string_append_c (shown, *text);
      text += skip > 0 ? skip : 1;
    }
  return g_string_free (g_steal_pointer (&shown), FALSE);
}

static void
note (FpMailConnection *self,
      const char       *direction,
      const char       *text)
{
  g_autofree char *shown = NULL;
  g_autofree char *line = NULL;

  if (self->transcript == NULL)
    return;
  shown = redact (self, text);
  line = g_strdup_printf ("%s:%u %s %s", self->host, self->port, direction, shown);
  self->transcript (line, self->transcript_data);
}

/* Turns what GIO said into one sentence that names the host. */
static void
set_error_from_io (FpMailConnection  *self,
                   const GError      *io_error,
                   GError           **error)
{
  const char *host = self->host;

  if (self->transcript != NULL)
    {
      g_autofree char *line = g_strdup_printf ("%s:%u failed: %s", host, self->port,
                                               io_error->message);

      self->transcript (line, self->transcript_data);
    }

  if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && deadline_fired (self) &&
      !fp_cancel_link_caller_cancelled (&self->link))
    g_set_error (error, FP_ERROR, FP_ERROR_TIMEOUT,
                 _("%s did not finish the login within %u seconds."), host,
                 FP_MAIL_DIALOGUE_TIMEOUTS * self->timeout_s);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, FP_ERROR, FP_ERROR_TIMEOUT, _("%s did not answer within %u seconds."),
                 host, self->timeout_s);
  else if (io_error->domain == G_RESOLVER_ERROR)
    g_set_error (error, FP_ERROR, FP_ERROR_NETWORK,
                 _("%s could not be found: check the address and the network."), host);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (error, FP_ERROR, FP_ERROR_NETWORK, _("%s refused the connection on port %u."),
                 host, self->port);
  else if (io_error->domain == G_TLS_ERROR && self->certificate_errors != 0)
    {
      g_autofree char *reason = fp_tls_describe_certificate_flags (self->certificate_errors);

      g_set_error (error, FP_ERROR, FP_ERROR_TLS,
                   _("The certificate of %s could not be trusted: %s."), host, reason);
    }
  else if (io_error->domain == G_TLS_ERROR)
    g_set_error (error, FP_ERROR, FP_ERROR_TLS,
                 _("%s did not set up an encrypted connection: %s."), host, io_error->message);
  else
    g_set_error (error, FP_ERROR, FP_ERROR_NETWORK, _("The connection to %s failed: %s."), host,
                 io_error->message);
}

static gboolean
check_deadline (FpMailConnection  *self,
                GError           **error)
{
  g_autoptr(GError) timed_out = NULL;

  if (g_get_monotonic_time () < self->deadline)
    return TRUE;
  timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "dialogue deadline passed");
  set_error_from_io (self, timed_out, error);
  return FALSE;
}

/*
 * The same rule as FpHttpClient: an added authority vouches only for what
 * would otherwise fail with UNKNOWN_CA alone.
 */
static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       FpMailConnection     *self)
{
  self->certificate_errors = errors;
  if (!fp_tls_vouched_by_added_authority (certificate, errors, self->trusted_cas, self->host,
                                          self->port))
    return FALSE;
  self->certificate_errors = 0;
  self->vouched_by_added_authority = TRUE;
  return TRUE;
}

static gboolean
handshake (FpMailConnection  *self,
           GError           **error)
{
  g_autoptr(GSocketConnectable) identity = g_network_address_new (self->host, self->port);
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) local_error = NULL;

  if (self->start_tls != NULL)
    {
      if (!self->start_tls (self->stream, self->start_tls_data, &local_error))
        {
          set_error_from_io (self, local_error, error);
          return FALSE;
        }
      note (self, "--", "TLS established (simulated)");
      self->encrypted = TRUE;
      return TRUE;
    }
  tls = g_initable_new (g_tls_backend_get_client_connection_type (g_tls_backend_get_default ()),
                        NULL, &local_error,
                        "base-io-stream", self->socket,
                        "server-identity", identity,
                        "database", fp_system_trust_get (),
                        NULL);
  if (tls == NULL)
    {
      set_error_from_io (self, local_error, error);
      return FALSE;
    }
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), self);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), self->link.cancellable, &local_error))
    {
      set_error_from_io (self, local_error, error);
      return FALSE;
    }
  note (self, "--", "TLS established, certificate verified");
  g_set_object (&self->stream, tls);
  self->encrypted = TRUE;
  return TRUE;
}

static FpMailConnection *
connection_new (const FpMailServer    *server,
                guint                  timeout_s,
                FpMailTranscriptFunc   transcript,
                gpointer               user_data,
                GCancellable          *cancellable)
{
  FpMailConnection *self = g_new0 (FpMailConnection, 1);

  self->host = g_strdup (server->host);
  self->port = server->port;
  self->timeout_s = timeout_s;
  self->deadline = g_get_monotonic_time () +
                   (gint64) FP_MAIL_DIALOGUE_TIMEOUTS * timeout_s * G_USEC_PER_SEC;
  fp_cancel_link_init (&self->link, cancellable);
  self->transcript = transcript;
  self->transcript_data = user_data;
  self->secrets = g_ptr_array_new_with_free_func ((GDestroyNotify) free_secret);
  self->pending = g_byte_array_new ();
  return self;
}

/**
 * fp_mail_connection_open:
 * @server: where to connect; with %FP_TRANSPORT_TLS the TLS handshake is done here
 * @trusted_cas: (nullable) (element-type GTlsCertificate): authorities added to the system's
 * @timeout_s: the limit for each read and write; the whole dialogue, connecting and the TLS
 *   handshake included, gets %FP_MAIL_DIALOGUE_TIMEOUTS times it
 * @transcript: (nullable): receives the dialogue, password removed
 *
 * Returns: (transfer full): the connection, or %NULL with an %FP_ERROR that names the host
 */
FpMailConnection *
fp_mail_connection_open (const FpMailServer    *server,
                         GPtrArray             *trusted_cas,
                         guint                  timeout_s,
                         FpMailTranscriptFunc   transcript,
                         gpointer               user_data,
                         GCancellable          *cancellable,
                         GError               **error)
{
  return fp_mail_connection_open_via (server, 0, trusted_cas, timeout_s, transcript, user_data,
                                      cancellable, error);
}

/**
 * fp_mail_connection_open_via:
 * @connect_port: the port to connect to instead of the server's (see
 *   fp-mail-port-map.h), or 0; the certificate is checked against the
 *   server's host all the same
 *
 * As fp_mail_connection_open().
 */
FpMailConnection *
fp_mail_connection_open_via (const FpMailServer    *server,
                             guint16                connect_port,
                             GPtrArray             *trusted_cas,
                             guint                  timeout_s,
                             FpMailTranscriptFunc   transcript,
                             gpointer               user_data,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_autoptr(FpMailConnection) self = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address =
    g_network_address_new (server->host, connect_port != 0 ? connect_port : server->port);
  g_autoptr(GError) local_error = NULL;

  self = connection_new (server, timeout_s, transcript, user_data, cancellable);
  self->trusted_cas = trusted_cas ? g_ptr_array_ref (trusted_cas) : NULL;
  self->watchdog = watchdog_start (self->link.cancellable, self->deadline);

  g_socket_client_set_timeout (client, timeout_s);
  note (self, "--", server->transport == FP_TRANSPORT_TLS ? "connecting (TLS)" : "connecting");
  self->socket = g_socket_client_connect (client, address, self->link.cancellable, &local_error);
  if (self->socket == NULL)
    {
      set_error_from_io (self, local_error, error);
      return NULL;
    }
  self->stream = g_object_ref (G_IO_STREAM (self->socket));
  if (server->transport == FP_TRANSPORT_TLS && !handshake (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * fp_mail_connection_new_for_stream:
 * @stream: the server's side of the dialogue, already connected
 * @start_tls: called where the TLS handshake would be (implicit TLS: at once;
 *   STARTTLS: when the server agreed); the dialogue then counts as encrypted
 *
 * The same dialogues over any stream, with no socket, no certificate and no
 * deadline thread: for the fuzz targets, which play the server from memory.
 * Never used by the product.
 *
 * Returns: (transfer full): the connection, or %NULL when @start_tls failed
 */
FpMailConnection *
fp_mail_connection_new_for_stream (const FpMailServer    *server,
                                   GIOStream             *stream,
                                   FpMailStartTlsFunc     start_tls,
                                   gpointer               start_tls_data,
                                   FpMailTranscriptFunc   transcript,
                                   gpointer               user_data,
                                   GError               **error)
{
  g_autoptr(FpMailConnection) self = NULL;

  g_return_val_if_fail (G_IS_IO_STREAM (stream) && start_tls != NULL, NULL);

  self = connection_new (server, 1, transcript, user_data, NULL);
  self->deadline = G_MAXINT64;
  self->stream = g_object_ref (stream);
  self->start_tls = start_tls;
  self->start_tls_data = start_tls_data;
  if (server->transport == FP_TRANSPORT_TLS && !handshake (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/*
 * After STARTTLS, anything the server sent before the handshake would be
 * read as if it came over TLS (the STARTTLS command injection of
 * CVE-2011-0411): refuse rather than use it.
 */
gboolean
fp_mail_connection_start_tls (FpMailConnection  *self,
                              GError           **error)
{
  if (self->pending->len > 0)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_UNSAFE,
                   _("%s sent data before the encrypted connection began; refused for safety."),
                   self->host);
      return FALSE;
    }
  return handshake (self, error);
}

/* Reads one line, without its line end; a line over FP_MAIL_MAX_LINE_LENGTH is an error. */
char *
fp_mail_connection_read_line (FpMailConnection  *self,
                              GError           **error)
{
  GInputStream *input = g_io_stream_get_input_stream (self->stream);
  guint8 buffer[4096];

  for (;;)
    {
      /* An empty GByteArray has no data at all, and memchr (NULL, …, 0) is undefined. */
      guint8 *end = self->pending->len > 0 ? memchr (self->pending->data, '\n',
                                                     self->pending->len)
                                           : NULL;
      g_autoptr(GError) local_error = NULL;
      gssize got;

      if (end != NULL)
        {
          gsize length = end - self->pending->data;
          /* Quoted in errors and the transcript, which are text: broken bytes become U+FFFD. */
          char *line = g_utf8_make_valid ((const char *) self->pending->data, length);

          g_byte_array_remove_range (self->pending, 0, length + 1);
          line[strcspn (line, "\r")] = '\0';
          note (self, "S:", line);
          return line;
        }
      if (self->pending->len > FP_MAIL_MAX_LINE_LENGTH)
        {
          g_set_error (error, FP_ERROR, FP_ERROR_PROTOCOL,
                       _("%s sent a line longer than %d bytes; that is not a mail server."),
                       self->host, FP_MAIL_MAX_LINE_LENGTH);
          return NULL;
        }
      if (!check_deadline (self, error))
        return NULL;

      got = g_input_stream_read (input, buffer, sizeof buffer, self->link.cancellable,
                                 &local_error);
      if (got < 0)
        {
          set_error_from_io (self, local_error, error);
          return NULL;
        }
      if (got == 0)
        {
          g_set_error (error, FP_ERROR, FP_ERROR_NETWORK, _("%s closed the connection."),
                       self->host);
          return NULL;
        }
      g_byte_array_append (self->pending, buffer, got);
    }
}

/* Sends @line and CRLF; the transcript shows it with the secrets replaced. */
gboolean
fp_mail_connection_send (FpMailConnection  *self,
                         const char        *line,
                         GError           **error)
{
  GOutputStream *output = g_io_stream_get_output_stream (self->stream);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = g_strconcat (line, "\r\n", NULL);
  gsize length = strlen (data);
  gboolean sent;

  if (!check_deadline (self, error))
    return FALSE;
  note (self, "C:", line);
  sent = g_output_stream_write_all (output, data, length, NULL, self->link.cancellable,
                                    &local_error);
  explicit_bzero (data, length);
  if (!sent)
    set_error_from_io (self, local_error, error);
  return sent;
}

/* For SMTP's EHLO: our address as a literal, which every server accepts. */
char *
fp_mail_connection_dup_local_address_literal (FpMailConnection *self)
{
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *text = NULL;
  GInetAddress *inet;

  if (self->socket != NULL)
    local = g_socket_connection_get_local_address (self->socket, NULL);

  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return g_strdup ("[127.0.0.1]");
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  text = g_inet_address_to_string (inet);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[IPv6:%s]", text);
  return g_strdup_printf ("[%s]", text);
}

void
fp_mail_connection_unexpected (FpMailConnection  *self,
                               const char        *answer,
                               GError           **error)
{
  g_autofree char *shown = redact (self, answer);

  g_set_error (error, FP_ERROR, FP_ERROR_PROTOCOL,
               _("%s answered something unexpected: “%s”."), self->host, shown);
}

/* The server's own words are kept: "[AUTH] Unsupported mechanism" is not a mistyped password. */
void
fp_mail_connection_refused_password (FpMailConnection  *self,
                                     const char        *login,
                                     const char        *answer,
                                     GError           **error)
{
  g_autofree char *shown = redact (self, answer);

  g_set_error (error, FP_ERROR, FP_ERROR_AUTH_FAILED,
               _("%s did not accept the password for “%s” (it said “%s”)."), self->host,
               login, g_strstrip (shown));
}

/* STARTTLS is TLS or nothing: no credential goes over a connection that was not upgraded. */
void
fp_mail_connection_no_starttls (FpMailConnection  *self,
                                GError           **error)
{
  note (self, "--", "STARTTLS not offered; stopping before any credential is sent");
  g_set_error (error, FP_ERROR, FP_ERROR_UNSAFE,
               _("%s does not offer STARTTLS, so the connection cannot be encrypted; "
                 "no password was sent."), self->host);
}

/*
 * Checked again right before the dialogue, whatever the settings' parser did:
 * a CR or LF in `USER`, `PASS` or a base64 line would start a command of the
 * provider's choosing.
 */
gboolean
fp_mail_connection_check_credentials (FpMailConnection  *self,
                                      const char        *login,
                                      const char        *password,
                                      GError           **error)
{
  /* No password at all for OAuth2 servers: the mail program signs in. */
  if ((login == NULL || fp_mail_text_fits_line (login)) &&
      (password == NULL || fp_mail_text_fits_line (password)))
    return TRUE;
  note (self, "--", "a line break in the login or password; stopping before anything is sent");
  g_set_error (error, FP_ERROR, FP_ERROR_UNSAFE,
               _("The login or password for %s contains a line break; refused for safety."),
               self->host);
  return FALSE;
}

/*
 * OAuth2 servers are only connected to and secured: the mail program signs
 * in with its own client. Whether the server offers the SASL mechanisms the
 * programs use is worth saying; it is not a failure, since some providers
 * only list them to clients they know.
 */
void
fp_mail_connection_note_oauth2 (FpMailConnection *self,
                                gboolean          xoauth2,
                                gboolean          oauthbearer)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf ("%s; OAuth2 sign-in is left to the mail program, no password sent",
                          xoauth2 && oauthbearer ? "offers XOAUTH2 and OAUTHBEARER"
                          : xoauth2 ? "offers XOAUTH2"
                          : oauthbearer ? "offers OAUTHBEARER"
                          : "offers neither XOAUTH2 nor OAUTHBEARER here");
  note (self, "--", text);
}

/* The provider named a method its server does not offer: nothing is sent. */
void
fp_mail_connection_no_mechanism (FpMailConnection  *self,
                                 const char        *mechanism,
                                 GError           **error)
{
  note (self, "--", "the method the settings name is not offered; nothing sent");
  g_set_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED,
               _("%s does not offer %s, the sign-in method its settings name; no password was "
                 "sent."), self->host, mechanism);
}

/* SASL PLAIN (RFC 4616) with an empty authorisation identity. */
char *
fp_mail_sasl_plain (const char *user,
                    const char *password)
{
  gsize user_length = strlen (user);
  gsize password_length = strlen (password);
  gsize length = user_length + password_length + 2;
  g_autofree guchar *message = g_malloc0 (length);
  char *encoded;

  memcpy (message + 1, user, user_length);
  memcpy (message + 2 + user_length, password, password_length);
  encoded = g_base64_encode (message, length);
  explicit_bzero (message, length);
  return encoded;
}
