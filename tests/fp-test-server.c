/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-test-server"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "fp-test-server.h"

typedef struct
{
  FpTestRoute route;
  char       *body;
  char       *location;
  char       *user;
  char       *password;
  char       *content_type;
} Route;

struct _FpTestServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  guint16       https_port;
  guint16       http_port;

  GMutex        lock;
  GCond         ready;
  gboolean      started;
  GHashTable   *routes;     /* "host path" → Route */
  GPtrArray    *requests;   /* FpTestRequest */
  char         *certificate_name;
};

/* The files that tests/make-test-certs.sh made in the build folder. */
char *
fp_test_build_filename (const char *name)
{
  const char *dir = g_getenv ("G_TEST_BUILDDIR");

  g_assert_nonnull (dir);
  g_assert_true (g_path_is_absolute (dir));
  return g_build_filename (dir, name, NULL);
}

void
fp_test_request_free (FpTestRequest *request)
{
  g_free (request->host);
  g_free (request->path);
  g_free (request->query);
  g_free (request);
}

static void
route_free (Route *route)
{
  g_free (route->body);
  g_free (route->location);
  g_free (route->user);
  g_free (route->password);
  g_free (route->content_type);
  g_free (route);
}

static char *
route_key (const char *host,
           const char *path)
{
  return g_strdup_printf ("%s %s", host, path);
}

static gboolean
is_authorized (SoupServerMessage *message,
               const Route       *route)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                     "Authorization");
  g_autofree char *pair = NULL;
  g_autofree char *expected = NULL;

  if (header == NULL || !g_str_has_prefix (header, "Basic "))
    return FALSE;
  pair = g_strdup_printf ("%s:%s", route->user, route->password);
  expected = g_base64_encode ((const guchar *) pair, strlen (pair));
  return g_str_equal (header + strlen ("Basic "), expected);
}

static void
respond (SoupServerMessage *message,
         const Route       *route)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  GString *body;

  if (route->user != NULL && !is_authorized (message, route))
    {
      soup_server_message_set_status (message, SOUP_STATUS_UNAUTHORIZED, NULL);
      soup_message_headers_replace (headers, "WWW-Authenticate",
                                    "Basic realm=\"Fingerpost test\"");
      soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, "no", 2);
      return;
    }
  if (route->route.bare_401)
    {
      soup_server_message_set_status (message, SOUP_STATUS_UNAUTHORIZED, NULL);
      return;
    }

  soup_server_message_set_status (message, route->route.status ? route->route.status : 200, NULL);
  if (route->location != NULL)
    soup_message_headers_replace (headers, "Location", route->location);
  body = g_string_new (route->body);
  for (gsize i = 0; i < route->route.padding; i++)
    g_string_append_c (body, ' ');
  soup_server_message_set_response (message,
                                    route->content_type ? route->content_type : "application/json",
                                    SOUP_MEMORY_TAKE, body->str, body->len);
  g_string_free (body, FALSE);
}

typedef struct
{
  SoupServerMessage *message;
  const Route       *route;
} Delayed;

static gboolean
delayed_respond_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  respond (delayed->message, delayed->route);
  soup_server_message_unpause (delayed->message);
  return G_SOURCE_REMOVE;
}

/* Also when the server stops before the delay is over: the source is destroyed unfired. */
static void
delayed_free (gpointer data)
{
  Delayed *delayed = data;

  g_object_unref (delayed->message);
  g_free (delayed);
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  FpTestServer *self = user_data;
  GUri *uri = soup_server_message_get_uri (message);
  FpTestRequest *request = g_new0 (FpTestRequest, 1);
  g_autofree char *key = NULL;
  Route *route;

  request->host = g_strdup (g_uri_get_host (uri));
  request->path = g_strdup (path);
  request->query = g_strdup (g_uri_get_query (uri));
  request->https = g_strcmp0 (g_uri_get_scheme (uri), "https") == 0;
  request->had_authorization =
    soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                  "Authorization") != NULL;
  request->remote_port =
    g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (soup_server_message_get_remote_address (message)));

  key = route_key (request->host, path);
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->requests, request);
  route = g_hash_table_lookup (self->routes, key);
  g_mutex_unlock (&self->lock);

  if (route == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (route->route.delay_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);
      GSource *source = g_timeout_source_new (route->route.delay_ms);

      delayed->message = g_object_ref (message);
      delayed->route = route;
      soup_server_message_pause (message);
      g_source_set_callback (source, delayed_respond_cb, delayed, delayed_free);
      g_source_attach (source, self->context);
      g_source_unref (source);
      return;
    }
  respond (message, route);
}

static guint16
listen_on (SoupServer                *server,
           guint16                    wanted_port,
           SoupServerListenOptions    options)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  guint16 port;

  soup_server_listen_local (server, wanted_port, options | SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  /* The newest listener is the last one. */
  port = g_uri_get_port (g_slist_last (uris)->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

static gpointer
server_thread (gpointer user_data)
{
  FpTestServer *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *cert_file = NULL;
  g_autofree char *key_file = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;

  g_main_context_push_thread_default (self->context);

  cert_file = fp_test_build_filename (self->certificate_name);
  key_file = g_strdup (cert_file);
  strcpy (key_file + strlen (key_file) - strlen ("pem"), "key");
  certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);
  g_assert_no_error (error);

  self->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (self->server, NULL, handle_cb, self, NULL);
  self->https_port = listen_on (self->server, self->https_port, SOUP_SERVER_LISTEN_HTTPS);
  self->http_port = listen_on (self->server, 0, 0);

  g_mutex_lock (&self->lock);
  self->started = TRUE;
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* Let the disconnected sockets' sources finish before the context goes. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/**
 * fp_test_server_new:
 * @certificate_name: "test-server.pem", "test-untrusted.pem" or "test-wrong-name.pem"
 */
FpTestServer *
fp_test_server_new (const char *certificate_name)
{
  return fp_test_server_new_on_port (certificate_name, 0);
}

/* @https_port: 0 for any free port; 443 inside the tests' private network namespace. */
FpTestServer *
fp_test_server_new_on_port (const char *certificate_name,
                            guint16     https_port)
{
  FpTestServer *self = g_new0 (FpTestServer, 1);

  g_assert_true (g_tls_backend_supports_tls (g_tls_backend_get_default ()));

  g_mutex_init (&self->lock);
  g_cond_init (&self->ready);
  self->certificate_name = g_strdup (certificate_name);
  self->https_port = https_port;
  self->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) route_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) fp_test_request_free);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("test-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->ready, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
fp_test_server_free (FpTestServer *self)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, quit_cb, self->loop, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->routes);
  g_ptr_array_unref (self->requests);
  g_free (self->certificate_name);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready);
  g_free (self);
}

void
fp_test_server_add_route (FpTestServer      *self,
                          const char        *host,
                          const char        *path,
                          const FpTestRoute *spec)
{
  Route *route = g_new0 (Route, 1);

  route->route = *spec;
  route->body = g_strdup (spec->body);
  route->location = g_strdup (spec->location);
  route->user = g_strdup (spec->user);
  route->password = g_strdup (spec->password);
  route->content_type = g_strdup (spec->content_type);

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->routes, route_key (host, path), route);
  g_mutex_unlock (&self->lock);
}

guint16
fp_test_server_get_https_port (FpTestServer *self)
{
  return self->https_port;
}

guint16
fp_test_server_get_http_port (FpTestServer *self)
{
  return self->http_port;
}

static gpointer
copy_request (gconstpointer source,
              gpointer      user_data)
{
  const FpTestRequest *request = source;
  FpTestRequest *copy = g_memdup2 (request, sizeof *request);

  copy->host = g_strdup (request->host);
  copy->path = g_strdup (request->path);
  copy->query = g_strdup (request->query);
  return copy;
}

GPtrArray *
fp_test_server_dup_requests (FpTestServer *self)
{
  GPtrArray *copy;

  g_mutex_lock (&self->lock);
  copy = g_ptr_array_copy (self->requests, copy_request, NULL);
  g_mutex_unlock (&self->lock);
  g_ptr_array_set_free_func (copy, (GDestroyNotify) fp_test_request_free);
  return copy;
}

/* How many requests reached @path, over either port. */
guint
fp_test_server_count_requests (FpTestServer *self,
                               const char   *path)
{
  g_autoptr(GPtrArray) requests = fp_test_server_dup_requests (self);
  guint count = 0;

  for (guint i = 0; i < requests->len; i++)
    if (g_str_equal (((FpTestRequest *) g_ptr_array_index (requests, i))->path, path))
      count++;
  return count;
}
