/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-demo-mail-server"

#include "config.h"

#include <string.h>

#include "fp-demo-mail-server.h"

/*
 * Just enough IMAP and SMTP submission for the demo's login check, on
 * 127.0.0.1 and random ports: IMAP over implicit TLS (CAPABILITY, LOGIN,
 * AUTHENTICATE PLAIN, LOGOUT) and SMTP with STARTTLS (EHLO, STARTTLS, AUTH
 * PLAIN and LOGIN, QUIT). No mail is stored or relayed. Like a real
 * submission server it neither offers nor accepts AUTH before STARTTLS, so
 * the demo shows the rule the verifier lives by. A third port accepts and
 * never answers: the demo's slow server, to show Cancel while checking.
 *
 * Connections are accepted in a thread of their own, and each is served in
 * its own thread with blocking reads: a dialogue of a few lines reads
 * plainly that way, the demo's window stays responsive whatever a client
 * does, and a caller that blocks (a test, a synchronous client) is still
 * answered. Lines are bounded, and a silent client is dropped after a while.
 */

#define IDLE_TIMEOUT_S 30
#define MAX_COMMANDS   50

/* What the sessions share: immutable once the server started, so no lock is needed. */
typedef struct
{
  GTlsCertificate  *certificate;
  GStrv             logins;
  char             *password;
} Shared;

struct _FpDemoMailServer
{
  GObject          parent_instance;

  Shared          *shared;
  GSocketService  *imap;
  GSocketService  *smtp;
  GSocketService  *silent;
  GPtrArray       *held;     /* GSocketConnection: the silent port's, only touched in the thread */
  GMainContext    *context;  /* where connections are accepted, in accept_thread */
  GMainLoop       *loop;
  GThread         *thread;
  guint16          imap_port;
  guint16          smtp_port;
  guint16          silent_port;
};

G_DEFINE_FINAL_TYPE (FpDemoMailServer, fp_demo_mail_server, G_TYPE_OBJECT)

typedef struct
{
  const Shared      *shared;
  GSocketConnection *connection;
  GIOStream         *stream;   /* the connection, or TLS over it */
  GByteArray        *pending;
} Session;

static void
shared_clear (Shared *shared)
{
  g_clear_object (&shared->certificate);
  g_clear_pointer (&shared->logins, g_strfreev);
  if (shared->password != NULL)
    explicit_bzero (shared->password, strlen (shared->password));
  g_clear_pointer (&shared->password, g_free);
}

static void
shared_unref (gpointer data,
              GClosure *closure)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) shared_clear);
}

static gboolean
accepts (const Shared *shared,
         const char   *user,
         const char   *password)
{
  return user != NULL && password != NULL &&
         g_strv_contains ((const char * const *) shared->logins, user) &&
         strcmp (password, shared->password) == 0;
}

/* Session I/O --------------------------------------------------------------------------- */

/* Returns: (transfer full) (nullable): the next line without its end; %NULL ends the session. */
static char *
read_line (Session *session)
{
  GInputStream *input = g_io_stream_get_input_stream (session->stream);
  guint8 buffer[512];

  for (;;)
    {
      /* An empty GByteArray has no data at all, and memchr (NULL, …, 0) is undefined. */
      guint8 *end = session->pending->len > 0 ? memchr (session->pending->data, '\n',
                                                        session->pending->len)
                                              : NULL;
      gssize got;

      if (end != NULL)
        {
          gsize length = end - session->pending->data;
          char *line = g_strndup ((const char *) session->pending->data, length);

          g_byte_array_remove_range (session->pending, 0, length + 1);
          line[strcspn (line, "\r")] = '\0';
          return line;
        }
      if (session->pending->len > FP_DEMO_MAIL_MAX_LINE)
        return NULL;
      got = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL);
      if (got <= 0)
        return NULL;
      g_byte_array_append (session->pending, buffer, got);
    }
}

static gboolean
send_text (Session    *session,
           const char *text)
{
  GOutputStream *output = g_io_stream_get_output_stream (session->stream);

  return g_output_stream_write_all (output, text, strlen (text), NULL, NULL, NULL);
}

static gboolean
start_tls (Session *session)
{
  g_autoptr(GIOStream) tls = NULL;

  tls = g_tls_server_connection_new (G_IO_STREAM (session->connection),
                                     session->shared->certificate, NULL);
  if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
    return FALSE;
  /* Whatever came before the handshake is not trusted afterwards (RFC 3207, section 4.2). */
  g_byte_array_set_size (session->pending, 0);
  g_set_object (&session->stream, tls);
  return TRUE;
}

static gboolean
is_secure (Session *session)
{
  return G_IS_TLS_CONNECTION (session->stream);
}

static void
session_run (const Shared      *shared,
             GSocketConnection *connection,
             gboolean           implicit_tls,
             void             (*dialogue) (Session *session))
{
  Session session = { shared, connection, G_IO_STREAM (connection), g_byte_array_new () };

  g_socket_set_timeout (g_socket_connection_get_socket (connection), IDLE_TIMEOUT_S);
  g_object_ref (session.stream);
  if (!implicit_tls || start_tls (&session))
    dialogue (&session);
  g_io_stream_close (session.stream, NULL, NULL);
  g_object_unref (session.stream);
  g_byte_array_unref (session.pending);
}

/* SASL PLAIN (RFC 4616): "authzid NUL authcid NUL password", base64. */
static gboolean
check_plain (const Shared *shared,
             const char   *encoded)
{
  gsize length = 0;
  g_autofree guchar *decoded = NULL;
  const char *user;
  const char *password;
  gboolean ok;

  if (encoded == NULL || *encoded == '\0' || strcmp (encoded, "*") == 0)
    return FALSE;
  decoded = g_base64_decode (encoded, &length);
  if (decoded == NULL || length < 2)
    return FALSE;
  decoded = g_realloc (decoded, length + 1);
  decoded[length] = '\0';
  user = memchr (decoded, '\0', length);
  if (user == NULL || (gsize) (++user - (const char *) decoded) >= length)
    return FALSE;
  password = memchr (user, '\0', length - (user - (const char *) decoded));
  if (password == NULL)
    return FALSE;
  password++;
  ok = accepts (shared, user, password);
  explicit_bzero (decoded, length);
  return ok;
}

static char *
decode_text (const char *encoded)
{
  gsize length = 0;
  g_autofree guchar *decoded = g_base64_decode (encoded, &length);
  char *text = g_strndup ((const char *) decoded, length);

  if (decoded != NULL)
    explicit_bzero (decoded, length);
  return text;
}

/* IMAP (RFC 9051 and 3501), implicit TLS ------------------------------------------------ */

/* One atom or quoted string from *@cursor; %NULL at the end of the line or on a syntax error. */
static char *
imap_argument (const char **cursor)
{
  const char *p = *cursor;
  g_autoptr(GString) value = g_string_new (NULL);

  while (*p == ' ')
    p++;
  if (*p == '\0')
    return NULL;
  if (*p != '"')
    {
      const char *end = strchr (p, ' ');
      gsize length = end ? (gsize) (end - p) : strlen (p);

      *cursor = p + length;
      return g_strndup (p, length);
    }
  for (p++; *p != '"'; p++)
    {
      if (*p == '\0')
        return NULL;
      if (*p == '\\' && p[1] != '\0')
        p++;
      g_string_append_c (value, *p);
    }
  *cursor = p + 1;
  return g_string_free (g_steal_pointer (&value), FALSE);
}

static gboolean
imap_reply (Session    *session,
            const char *tag,
            const char *text)
{
  g_autofree char *line = g_strdup_printf ("%s %s\r\n", tag, text);

  return send_text (session, line);
}

static gboolean
imap_login (Session    *session,
            const char *tag,
            const char *arguments)
{
  g_autofree char *user = imap_argument (&arguments);
  g_autofree char *password = imap_argument (&arguments);
  gboolean ok = accepts (session->shared, user, password);

  if (password != NULL)
    explicit_bzero (password, strlen (password));
  if (user == NULL || password == NULL)
    return imap_reply (session, tag, "BAD LOGIN needs a user name and a password");
  return imap_reply (session, tag, ok ? "OK [CAPABILITY IMAP4rev1] LOGIN completed"
                                      : "NO [AUTHENTICATIONFAILED] Invalid credentials");
}

static gboolean
imap_authenticate (Session    *session,
                   const char *tag,
                   const char *arguments)
{
  g_autofree char *mechanism = imap_argument (&arguments);
  g_autofree char *initial = imap_argument (&arguments);
  g_autofree char *response = NULL;

  if (mechanism == NULL || g_ascii_strcasecmp (mechanism, "PLAIN") != 0)
    return imap_reply (session, tag, "NO Only AUTHENTICATE PLAIN is offered");
  if (initial == NULL)
    {
      if (!send_text (session, "+ \r\n") || (response = read_line (session)) == NULL)
        return FALSE;
    }
  else
    response = g_steal_pointer (&initial);
  if (strcmp (response, "*") == 0)
    return imap_reply (session, tag, "BAD AUTHENTICATE cancelled");
  return imap_reply (session, tag, check_plain (session->shared, response)
                                     ? "OK [CAPABILITY IMAP4rev1] AUTHENTICATE completed"
                                     : "NO [AUTHENTICATIONFAILED] Invalid credentials");
}

/* Returns: %FALSE when the session ends. */
static gboolean
imap_command (Session    *session,
              const char *line)
{
  const char *space = strchr (line, ' ');
  g_autofree char *tag = space ? g_strndup (line, space - line) : NULL;
  g_autofree char *command = NULL;
  const char *arguments;

  if (tag == NULL || *tag == '\0' || *tag == '*' || *tag == '+')
    return send_text (session, "* BAD Expected a tag and a command\r\n");
  arguments = space + 1;
  command = imap_argument (&arguments);
  if (command == NULL)
    return imap_reply (session, tag, "BAD Expected a command");
  if (g_ascii_strcasecmp (command, "CAPABILITY") == 0)
    return send_text (session, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n") &&
           imap_reply (session, tag, "OK CAPABILITY completed");
  if (g_ascii_strcasecmp (command, "NOOP") == 0)
    return imap_reply (session, tag, "OK NOOP completed");
  if (g_ascii_strcasecmp (command, "LOGIN") == 0)
    return imap_login (session, tag, arguments);
  if (g_ascii_strcasecmp (command, "AUTHENTICATE") == 0)
    return imap_authenticate (session, tag, arguments);
  if (g_ascii_strcasecmp (command, "LOGOUT") == 0)
    {
      send_text (session, "* BYE Fingerpost demo says goodbye\r\n");
      imap_reply (session, tag, "OK LOGOUT completed");
      return FALSE;
    }
  return imap_reply (session, tag, "BAD The demo server does not know this command");
}

static void
imap_dialogue (Session *session)
{
  if (!send_text (session,
                  "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] Fingerpost demo IMAP ready\r\n"))
    return;
  for (guint i = 0; i < MAX_COMMANDS; i++)
    {
      g_autofree char *line = read_line (session);

      if (line == NULL || !imap_command (session, line))
        return;
    }
  send_text (session, "* BYE Too many commands\r\n");
}

/* SMTP submission (RFC 6409, 3207, 4954), STARTTLS -------------------------------------- */

static gboolean
smtp_ehlo (Session *session)
{
  if (is_secure (session))
    return send_text (session, "250-mail.example\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n");
  return send_text (session, "250-mail.example\r\n250-STARTTLS\r\n250 8BITMIME\r\n");
}

static gboolean
smtp_auth_result (Session  *session,
                  gboolean  ok)
{
  return send_text (session, ok ? "235 2.7.0 Authentication successful\r\n"
                                : "535 5.7.8 Authentication credentials invalid\r\n");
}

static gboolean
smtp_auth (Session    *session,
           const char *arguments)
{
  g_auto(GStrv) words = g_strsplit (arguments, " ", 3);
  g_autofree char *response = NULL;

  /* Credentials go over TLS or not at all: the rule the verifier lives by, kept here too. */
  if (!is_secure (session))
    return send_text (session, "530 5.7.0 Must issue a STARTTLS command first\r\n");
  if (words[0] == NULL)
    return send_text (session, "501 5.5.4 AUTH needs a mechanism\r\n");
  if (g_ascii_strcasecmp (words[0], "PLAIN") == 0)
    {
      if (words[1] != NULL)
        response = g_strdup (words[1]);
      else if (!send_text (session, "334 \r\n") || (response = read_line (session)) == NULL)
        return FALSE;
      if (strcmp (response, "*") == 0)
        return send_text (session, "501 5.0.0 Authentication cancelled\r\n");
      return smtp_auth_result (session, check_plain (session->shared, response));
    }
  if (g_ascii_strcasecmp (words[0], "LOGIN") == 0)
    {
      g_autofree char *user = NULL;
      g_autofree char *encoded = NULL;
      g_autofree char *password = NULL;
      gboolean ok;

      if (words[1] != NULL)
        user = decode_text (words[1]);
      else if (!send_text (session, "334 VXNlcm5hbWU6\r\n") ||
               (encoded = read_line (session)) == NULL)
        return FALSE;
      else
        user = decode_text (encoded);
      g_clear_pointer (&encoded, g_free);
      if (!send_text (session, "334 UGFzc3dvcmQ6\r\n") || (encoded = read_line (session)) == NULL)
        return FALSE;
      password = decode_text (encoded);
      explicit_bzero (encoded, strlen (encoded));
      ok = accepts (session->shared, user, password);
      explicit_bzero (password, strlen (password));
      return smtp_auth_result (session, ok);
    }
  return send_text (session, "504 5.5.4 Unrecognised authentication type\r\n");
}

static gboolean
smtp_command (Session    *session,
              const char *line)
{
  const char *space = strchr (line, ' ');
  g_autofree char *verb = space ? g_strndup (line, space - line) : g_strdup (line);
  const char *arguments = space ? space + 1 : "";

  if (g_ascii_strcasecmp (verb, "EHLO") == 0)
    return smtp_ehlo (session);
  if (g_ascii_strcasecmp (verb, "HELO") == 0)
    return send_text (session, "250 mail.example\r\n");
  if (g_ascii_strcasecmp (verb, "STARTTLS") == 0)
    {
      if (is_secure (session))
        return send_text (session, "503 5.5.1 TLS already active\r\n");
      return send_text (session, "220 2.0.0 Ready to start TLS\r\n") && start_tls (session);
    }
  if (g_ascii_strcasecmp (verb, "AUTH") == 0)
    return smtp_auth (session, arguments);
  if (g_ascii_strcasecmp (verb, "NOOP") == 0 || g_ascii_strcasecmp (verb, "RSET") == 0)
    return send_text (session, "250 2.0.0 OK\r\n");
  if (g_ascii_strcasecmp (verb, "QUIT") == 0)
    {
      send_text (session, "221 2.0.0 Bye\r\n");
      return FALSE;
    }
  return send_text (session, "502 5.5.2 The demo server does not know this command\r\n");
}

static void
smtp_dialogue (Session *session)
{
  if (!send_text (session, "220 mail.example ESMTP Fingerpost demo\r\n"))
    return;
  for (guint i = 0; i < MAX_COMMANDS; i++)
    {
      g_autofree char *line = read_line (session);

      if (line == NULL)
        {
          /* Too long a line is said once before hanging up; a closed connection is not. */
          if (session->pending->len > FP_DEMO_MAIL_MAX_LINE)
            send_text (session, "500 5.5.6 Line too long\r\n");
          return;
        }
      if (!smtp_command (session, line))
        return;
    }
  send_text (session, "421 4.7.0 Too many commands\r\n");
}

/* Services ------------------------------------------------------------------------------ */

static gboolean
imap_run_cb (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source_object,
             gpointer                user_data)
{
  session_run (user_data, connection, TRUE, imap_dialogue);
  return TRUE;
}

static gboolean
smtp_run_cb (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source_object,
             gpointer                user_data)
{
  session_run (user_data, connection, FALSE, smtp_dialogue);
  return TRUE;
}

static gboolean
silent_incoming_cb (GSocketService    *service,
                    GSocketConnection *connection,
                    GObject           *source_object,
                    gpointer           user_data)
{
  FpDemoMailServer *self = user_data;

  g_ptr_array_add (self->held, g_object_ref (connection));
  return TRUE;
}

static gboolean
listen_on (GSocketService  *service,
           guint16         *port,
           GError         **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), any_port,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &bound, error))
    return FALSE;
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return TRUE;
}

static GSocketService *
listen_loopback (Shared     *shared,
                 GCallback   run,
                 guint16    *port,
                 GError    **error)
{
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (4);

  if (!listen_on (service, port, error))
    return NULL;
  /* Each session thread may outlive this object: the service keeps its own reference. */
  g_signal_connect_data (service, "run", run, g_atomic_rc_box_acquire (shared), shared_unref, 0);
  g_socket_service_start (service);
  return g_steal_pointer (&service);
}

static gpointer
accept_thread (gpointer data)
{
  FpDemoMailServer *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/*
 * Stopping cancels each service's pending accept; its callback must still
 * run, in this context, or the accept's task and sources are never freed.
 * So the loop quits only from an idle of low priority, after them.
 */
static gboolean
stop_cb (gpointer data)
{
  FpDemoMailServer *self = data;
  GSocketService *services[] = { self->imap, self->smtp, self->silent };
  GSource *source = g_idle_source_new ();

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    if (services[i] != NULL)
      g_socket_service_stop (services[i]);
  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_callback (source, quit_cb, self->loop, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);
  return G_SOURCE_REMOVE;
}

static void
fp_demo_mail_server_dispose (GObject *object)
{
  fp_demo_mail_server_stop (FP_DEMO_MAIL_SERVER (object));

  G_OBJECT_CLASS (fp_demo_mail_server_parent_class)->dispose (object);
}

static void
fp_demo_mail_server_finalize (GObject *object)
{
  FpDemoMailServer *self = FP_DEMO_MAIL_SERVER (object);

  g_atomic_rc_box_release_full (self->shared, (GDestroyNotify) shared_clear);
  g_clear_pointer (&self->held, g_ptr_array_unref);

  G_OBJECT_CLASS (fp_demo_mail_server_parent_class)->finalize (object);
}

static void
fp_demo_mail_server_class_init (FpDemoMailServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fp_demo_mail_server_dispose;
  object_class->finalize = fp_demo_mail_server_finalize;
}

static void
fp_demo_mail_server_init (FpDemoMailServer *self)
{
  self->shared = g_atomic_rc_box_new0 (Shared);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * fp_demo_mail_server_new:
 * @certificate: the server certificate, with its private key, naming the mail hosts
 * @logins: the user names accepted
 * @password: the one password accepted for them
 */
FpDemoMailServer *
fp_demo_mail_server_new (GTlsCertificate     *certificate,
                         const char * const  *logins,
                         const char          *password)
{
  FpDemoMailServer *self;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (logins != NULL && password != NULL, NULL);

  self = g_object_new (FP_TYPE_DEMO_MAIL_SERVER, NULL);
  self->shared->certificate = g_object_ref (certificate);
  self->shared->logins = g_strdupv ((char **) logins);
  self->shared->password = g_strdup (password);
  return self;
}

/* Listens on 127.0.0.1: IMAP (implicit TLS) and SMTP submission (STARTTLS), random ports. */
gboolean
fp_demo_mail_server_start (FpDemoMailServer  *self,
                           GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (FP_IS_DEMO_MAIL_SERVER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  /* The services accept in the thread-default context of the moment they listen. */
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_main_context_push_thread_default (self->context);
  self->imap = listen_loopback (self->shared, G_CALLBACK (imap_run_cb), &self->imap_port, error);
  self->smtp = self->imap == NULL ? NULL : listen_loopback (self->shared,
                                                            G_CALLBACK (smtp_run_cb),
                                                            &self->smtp_port, error);
  if (self->smtp != NULL)
    {
      self->silent = g_socket_service_new ();
      g_signal_connect (self->silent, "incoming", G_CALLBACK (silent_incoming_cb), self);
      if (!listen_on (self->silent, &self->silent_port, error))
        g_clear_object (&self->silent);
    }
  g_main_context_pop_thread_default (self->context);
  ok = self->silent != NULL;
  if (ok)
    self->thread = g_thread_new ("fp-demo-mail", accept_thread, self);
  else
    fp_demo_mail_server_stop (self);
  return ok;
}

/*
 * Each service's cancelled accept is a task that holds the service and the
 * context, and a source in that context that holds the task: dropped
 * unfinished, they keep each other alive for ever. So the context is run,
 * here, now that the accept thread is gone, until the services are gone,
 * for a second at most (a session thread still running holds its service).
 */
static void
release_services (GMainContext    *context,
                  GSocketService **services,
                  guint            n_services)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  gboolean alive = TRUE;

  for (guint i = 0; i < n_services; i++)
    if (services[i] != NULL)
      {
        g_object_add_weak_pointer (G_OBJECT (services[i]), (gpointer *) &services[i]);
        g_object_unref (services[i]);
      }
  g_main_context_push_thread_default (context);
  while (alive && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (context, FALSE))
        g_usleep (1000);
      alive = FALSE;
      for (guint i = 0; i < n_services; i++)
        alive |= services[i] != NULL;
    }
  for (guint i = 0; i < n_services; i++)
    if (services[i] != NULL)
      g_object_remove_weak_pointer (G_OBJECT (services[i]), (gpointer *) &services[i]);
  g_main_context_pop_thread_default (context);
}

/* Stops accepting; sessions already running end on their own (QUIT, or the idle limit). */
void
fp_demo_mail_server_stop (FpDemoMailServer *self)
{
  GSocketService *services[] = { self->imap, self->smtp, self->silent };

  g_return_if_fail (FP_IS_DEMO_MAIL_SERVER (self));

  if (self->thread != NULL)
    {
      /* In the loop's own thread: a quit sent before it started running would be lost. */
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, stop_cb, self, NULL);
      g_source_attach (source, self->context);
      g_source_unref (source);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    if (services[i] != NULL)
      {
        g_socket_service_stop (services[i]);
        g_socket_listener_close (G_SOCKET_LISTENER (services[i]));
      }
  if (self->silent != NULL)
    g_signal_handlers_disconnect_by_data (self->silent, self);
  self->imap = self->smtp = self->silent = NULL;
  if (self->context != NULL)
    release_services (self->context, services, G_N_ELEMENTS (services));
  /* Closing them is the only answer the silent port's clients get. */
  g_ptr_array_set_size (self->held, 0);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
}

guint16
fp_demo_mail_server_get_imap_port (FpDemoMailServer *self)
{
  g_return_val_if_fail (FP_IS_DEMO_MAIL_SERVER (self), 0);
  return self->imap_port;
}

guint16
fp_demo_mail_server_get_smtp_port (FpDemoMailServer *self)
{
  g_return_val_if_fail (FP_IS_DEMO_MAIL_SERVER (self), 0);
  return self->smtp_port;
}

/* A port that accepts connections and never says a word. */
guint16
fp_demo_mail_server_get_silent_port (FpDemoMailServer *self)
{
  g_return_val_if_fail (FP_IS_DEMO_MAIL_SERVER (self), 0);
  return self->silent_port;
}
