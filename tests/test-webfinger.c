/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-webfinger"

#include "config.h"

#include <string.h>

#include "fp-config-fetch.h"
#include "fp-error.h"
#include "fp-test-util.h"
#include "fp-webfinger.h"

/*
 * Every test here is a real HTTPS exchange with an in-process server whose
 * certificate comes from the test authority made by the build.
 */

#define WEBFINGER_PATH "/.well-known/webfinger"
#define PERSONAL_PATH  "/alice.personal.json"
#define PASSWORD       "abc123"

static const char *jrd_two_accounts =
  "{\"subject\":\"acct:alice@mail.example\",\"links\":["
  "{\"rel\":\"http://webfinger.net/rel/profile-page\",\"href\":\"https://mail.example/alice\"},"
  "{\"rel\":\"email-autoconfig\",\"href\":\"https://mail-config.mail.example/alice.personal.json\","
  " \"titles\":{\"en-us\":\"Personal\"}},"
  "{\"rel\":\"email-autoconfig\",\"href\":\"https://mail-config.mail.example/alice.business.json\","
  " \"titles\":{\"en-us\":\"Business\"}}]}";

static const char *personal_config =
  "{\"address\":\"alice.i.wonder@mail.example\",\"name\":\"Alice at Example\","
  " \"imap\":{\"host\":\"imap.mail.example\",\"port\":143,\"transport\":\"starttls\","
  "           \"login\":\"alice.i.wonder\"},"
  " \"smtp\":[{\"host\":\"outbound.mail.example\",\"port\":465,\"transport\":\"tls\","
  "            \"login\":\"alice.i.wonder\",\"login-required\":true},"
  "           {\"host\":\"outbound.mail.example\",\"port\":587,\"transport\":\"starttls\","
  "            \"login\":\"alice.i.wonder\"}]}";

typedef struct
{
  FpTestServer *server;
  FpHttpClient *client;
  FpIdentifier *identifier;
  GPtrArray    *asked;        /* FpCredentialsRequest, each one the client emitted */
  const char   *password;     /* the answer; NULL declines */
  guint         answer_delay_ms;
  GCancellable *cancel_when_asked;
} Fixture;

static gboolean
answer_later_cb (gpointer user_data)
{
  FpCredentialsRequest *request = user_data;

  fp_credentials_request_provide (request, "alice@mail.example", PASSWORD);
  return G_SOURCE_REMOVE;
}

static gboolean
credentials_required_cb (FpHttpClient         *client,
                         FpCredentialsRequest *request,
                         Fixture              *fixture)
{
  g_ptr_array_add (fixture->asked, g_object_ref (request));
  if (fixture->cancel_when_asked != NULL)
    g_cancellable_cancel (fixture->cancel_when_asked);
  if (fixture->password == NULL)
    return FALSE;
  if (fixture->answer_delay_ms > 0)
    {
      g_timeout_add_full (G_PRIORITY_DEFAULT, fixture->answer_delay_ms, answer_later_cb,
                          g_object_ref (request), g_object_unref);
      return TRUE;
    }
  fp_credentials_request_provide (request, fp_credentials_request_get_default_user (request),
                                  fixture->password);
  return TRUE;
}

static void
fixture_set_up_with (Fixture    *fixture,
                     const char *certificate)
{
  fixture->server = fp_test_server_new (certificate);
  fixture->client = fp_test_client_new (fixture->server);
  fixture->identifier = fp_identifier_parse ("alice@mail.example", NULL);
  fixture->asked = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->password = PASSWORD;
  g_signal_connect (fixture->client, "credentials-required", G_CALLBACK (credentials_required_cb),
                    fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_with (fixture, data ? data : "test-server.pem");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_ptr_array_unref (fixture->asked);
  fp_identifier_free (fixture->identifier);
  g_assert_finalize_object (fixture->client);
  fp_test_server_free (fixture->server);
}

static void
add_route (Fixture           *fixture,
           const char        *host,
           const char        *path,
           const FpTestRoute *route)
{
  fp_test_server_add_route (fixture->server, host, path, route);
}

static GPtrArray *
lookup (Fixture  *fixture,
        GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fp_webfinger_lookup_async (fixture->client, fixture->identifier, NULL,
                             fp_test_store_result_cb, &result);
  return fp_webfinger_lookup_finish (fp_test_wait_for_result (&result), error);
}

static FpMailConfig *
fetch (Fixture     *fixture,
       const char  *href,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fp_config_fetch_async (fixture->client, fixture->identifier, href, FP_MAIL_CONFIG_PARSE_NONE,
                         NULL, fp_test_store_result_cb, &result);
  return fp_config_fetch_finish (fp_test_wait_for_result (&result), error);
}

static FpTestRequest *
request_at (GPtrArray *requests,
            guint      index)
{
  return g_ptr_array_index (requests, index);
}

static void
test_happy_path (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  FpAutoconfigLink *personal;
  FpCredentialsRequest *asked;
  FpMailServer *server;

  add_route (fixture, "mail.example", WEBFINGER_PATH,
             &(FpTestRoute) { .body = jrd_two_accounts, .content_type = "application/jrd+json" });
  add_route (fixture, "mail-config.mail.example", PERSONAL_PATH,
             &(FpTestRoute) { .body = personal_config, .user = "alice@mail.example",
                              .password = PASSWORD });

  links = lookup (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 2);
  personal = g_ptr_array_index (links, 0);
  g_assert_cmpstr (personal->title, ==, "Personal");
  g_assert_cmpstr (personal->host, ==, "mail-config.mail.example");
  g_assert_cmpstr (((FpAutoconfigLink *) g_ptr_array_index (links, 1))->title, ==, "Business");

  config = fetch (fixture, personal->href, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->address, ==, "alice.i.wonder@mail.example");
  g_assert_cmpstr (config->name, ==, "Alice at Example");
  g_assert_cmpint (config->source_kind, ==, FP_CONFIG_SOURCE_WEBFINGER);
  g_assert_cmpstr (config->source_href, ==, personal->href);
  g_assert_cmpstr (config->source_host, ==, "mail-config.mail.example");
  g_assert_cmpuint (config->outgoing->len, ==, 2);
  server = g_ptr_array_index (config->outgoing, 1);
  g_assert_cmpuint (server->port, ==, 587);
  g_assert_cmpint (server->transport, ==, FP_TRANSPORT_STARTTLS);

  /* The credentials were asked for once, naming the document's host and its domain. */
  g_assert_cmpuint (fixture->asked->len, ==, 1);
  asked = g_ptr_array_index (fixture->asked, 0);
  g_assert_cmpstr (fp_credentials_request_get_host (asked), ==, "mail-config.mail.example");
  g_assert_cmpstr (fp_credentials_request_get_base_domain (asked), ==, "mail.example");
  g_assert_false (fp_credentials_request_get_is_foreign (asked));
  g_assert_cmpstr (fp_credentials_request_get_default_user (asked), ==, "alice@mail.example");
  g_assert_cmpuint (fp_credentials_request_get_failed_attempts (asked), ==, 0);

  requests = fp_test_server_dup_requests (fixture->server);
  g_assert_cmpuint (requests->len, ==, 3);
  /* The WebFinger query of RFC 7033, over HTTPS, with nothing secret. */
  g_assert_true (request_at (requests, 0)->https);
  g_assert_cmpstr (request_at (requests, 0)->query, ==,
                   "resource=acct%3Aalice%40mail.example&rel=email-autoconfig");
  g_assert_false (request_at (requests, 0)->had_authorization);
  /* Credentials only after the 401 asked, and the retry reuses the same connection. */
  g_assert_false (request_at (requests, 1)->had_authorization);
  g_assert_true (request_at (requests, 2)->had_authorization);
  g_assert_cmpuint (request_at (requests, 1)->remote_port, ==, request_at (requests, 2)->remote_port);
}

/*
 * A password accepted by a host is not replayed to it on the next request:
 * every request starts without credentials, and the host must ask again.
 */
static void
test_credentials_never_replayed (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) personal = NULL;
  g_autoptr(FpMailConfig) business = NULL;
  g_autoptr(GPtrArray) requests = NULL;

  add_route (fixture, "mail-config.mail.example", PERSONAL_PATH,
             &(FpTestRoute) { .body = personal_config, .user = "alice@mail.example",
                              .password = PASSWORD });
  add_route (fixture, "mail-config.mail.example", "/alice.business.json",
             &(FpTestRoute) { .body = personal_config, .user = "alice@mail.example",
                              .password = PASSWORD });

  personal = fetch (fixture, "https://mail-config.mail.example" PERSONAL_PATH, &error);
  g_assert_no_error (error);
  business = fetch (fixture, "https://mail-config.mail.example/alice.business.json", &error);
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->asked->len, ==, 2);
  requests = fp_test_server_dup_requests (fixture->server);
  g_assert_cmpuint (requests->len, ==, 4);
  g_assert_false (request_at (requests, 0)->had_authorization);
  g_assert_true (request_at (requests, 1)->had_authorization);
  g_assert_cmpstr (request_at (requests, 2)->path, ==, "/alice.business.json");
  g_assert_false (request_at (requests, 2)->had_authorization);
  g_assert_true (request_at (requests, 3)->had_authorization);
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = lookup (fixture, &error);

  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED);
  g_assert_cmpstr (error->message, ==,
                   "mail.example does not publish automatic settings for alice@mail.example.");
}

static void
test_no_matching_link (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  add_route (fixture, "mail.example", WEBFINGER_PATH,
             &(FpTestRoute) { .body = "{\"subject\":\"acct:alice@mail.example\",\"links\":"
                                      "[{\"rel\":\"self\",\"href\":\"https://mail.example/a\"}]}" });
  links = lookup (fixture, &error);
  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED);
}

static void
test_server_error_status (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  add_route (fixture, "mail.example", WEBFINGER_PATH, &(FpTestRoute) { .status = 503 });
  links = lookup (fixture, &error);
  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_HTTP_STATUS);
  g_assert_cmpstr (error->message, ==, "mail.example answered “503 Service Unavailable”.");
}

static void
test_webfinger_asks_credentials (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  add_route (fixture, "mail.example", WEBFINGER_PATH,
             &(FpTestRoute) { .body = jrd_two_accounts, .user = "alice@mail.example",
                              .password = PASSWORD });
  links = lookup (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 2);
  g_assert_cmpuint (fixture->asked->len, ==, 1);
  g_assert_cmpstr (fp_credentials_request_get_host (g_ptr_array_index (fixture->asked, 0)), ==,
                   "mail.example");
  g_assert_cmpuint (fp_test_server_count_requests (fixture->server, WEBFINGER_PATH), ==, 2);
}

/* The time a person takes to type is not the server's: the deadline waits. */
static void
test_typing_time_not_counted (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  fp_http_client_set_timeout (fixture->client, 2);
  fixture->answer_delay_ms = 3000;
  add_route (fixture, "mail.example", WEBFINGER_PATH,
             &(FpTestRoute) { .body = jrd_two_accounts, .user = "alice@mail.example",
                              .password = PASSWORD });
  links = lookup (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 2);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  fixture->password = "not-the-password";
  add_route (fixture, "mail-config.mail.example", PERSONAL_PATH,
             &(FpTestRoute) { .body = personal_config, .user = "alice@mail.example",
                              .password = PASSWORD });
  config = fetch (fixture, "https://mail-config.mail.example" PERSONAL_PATH, &error);
  g_assert_null (config);
  g_assert_error (error, FP_ERROR, FP_ERROR_AUTH_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "mail-config.mail.example did not accept the user name and password.");

  /* Each refusal is said to the front end, and it stops after a few. */
  g_assert_cmpuint (fixture->asked->len, ==, FP_CREDENTIALS_MAX_ATTEMPTS);
  for (guint i = 0; i < fixture->asked->len; i++)
    g_assert_cmpuint (fp_credentials_request_get_failed_attempts (g_ptr_array_index (fixture->asked, i)),
                      ==, i);
}

static void
test_declined (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  fixture->password = NULL;
  add_route (fixture, "mail-config.mail.example", PERSONAL_PATH,
             &(FpTestRoute) { .body = personal_config, .user = "alice@mail.example",
                              .password = PASSWORD });
  config = fetch (fixture, "https://mail-config.mail.example" PERSONAL_PATH, &error);
  g_assert_null (config);
  g_assert_error (error, FP_ERROR, FP_ERROR_AUTH_REQUIRED);
  g_assert_cmpstr (error->message, ==,
                   "mail-config.mail.example asks for your user name and password.");
  g_assert_cmpuint (fp_test_server_count_requests (fixture->server, PERSONAL_PATH), ==, 1);
}

static void
test_401_without_challenge (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  add_route (fixture, "mail.example", WEBFINGER_PATH, &(FpTestRoute) { .bare_401 = TRUE });
  links = lookup (fixture, &error);
  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_AUTH_REQUIRED);
  g_assert_cmpuint (fixture->asked->len, ==, 0);
}

static void
test_redirect_to_http_refused (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autofree char *plain = g_strdup_printf ("http://mail.example:%u/plain.json",
                                            fp_test_server_get_http_port (fixture->server));

  add_route (fixture, "mail.example", WEBFINGER_PATH,
             &(FpTestRoute) { .status = 302, .location = plain });
  add_route (fixture, "mail.example", "/plain.json", &(FpTestRoute) { .body = jrd_two_accounts });
  links = lookup (fixture, &error);
  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_UNSAFE);
  g_assert_nonnull (strstr (error->message, "which is not HTTPS; refused for safety"));
  /* Not a byte went over plain HTTP. */
  g_assert_cmpuint (fp_test_server_count_requests (fixture->server, "/plain.json"), ==, 0);
}

static void
test_http_href_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = fetch (fixture, "http://mail-config.mail.example/a.json", &error);

  g_assert_null (config);
  g_assert_error (error, FP_ERROR, FP_ERROR_UNSAFE);
  g_assert_cmpuint (fp_test_server_count_requests (fixture->server, "/a.json"), ==, 0);
}

/* Followed to another host over HTTPS; credentials there are asked for anew, naming it. */
static void
test_redirect_to_other_host (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  FpCredentialsRequest *asked;

  add_route (fixture, "mail.example", WEBFINGER_PATH,
             &(FpTestRoute) { .status = 301, .location = "https://other.example/wf" });
  add_route (fixture, "other.example", "/wf",
             &(FpTestRoute) { .body = "{\"links\":[{\"rel\":\"email-autoconfig\","
                                      "\"href\":\"https://redirect.mail.example/doc\"}]}" });
  add_route (fixture, "redirect.mail.example", "/doc",
             &(FpTestRoute) { .status = 307, .location = "https://login.other.example/doc" });
  add_route (fixture, "login.other.example", "/doc",
             &(FpTestRoute) { .body = personal_config, .user = "alice@mail.example",
                              .password = PASSWORD });

  links = lookup (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 1);

  config = fetch (fixture, ((FpAutoconfigLink *) g_ptr_array_index (links, 0))->href, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->source_host, ==, "login.other.example");
  g_assert_cmpuint (fixture->asked->len, ==, 1);
  asked = g_ptr_array_index (fixture->asked, 0);
  g_assert_cmpstr (fp_credentials_request_get_host (asked), ==, "login.other.example");
  g_assert_cmpstr (fp_credentials_request_get_base_domain (asked), ==, "other.example");
  g_assert_cmpstr (fp_credentials_request_get_account_domain (asked), ==, "mail.example");
  g_assert_true (fp_credentials_request_get_is_foreign (asked));
}

static void
test_redirect_loop (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  add_route (fixture, "mail.example", WEBFINGER_PATH,
             &(FpTestRoute) { .status = 302, .location = "/again" });
  add_route (fixture, "mail.example", "/again",
             &(FpTestRoute) { .status = 302, .location = "/again" });
  links = lookup (fixture, &error);
  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_HTTP_STATUS);
  g_assert_cmpuint (fp_test_server_count_requests (fixture->server, "/again"), ==,
                    FP_HTTP_MAX_REDIRECTS);
}

static void
test_untrusted_certificate (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  add_route (fixture, "mail.example", WEBFINGER_PATH, &(FpTestRoute) { .body = jrd_two_accounts });
  links = lookup (fixture, &error);
  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_TLS);
  g_assert_cmpstr (error->message, ==,
                   "The certificate of mail.example could not be trusted: it is not signed by an "
                   "authority this computer trusts.");
  g_assert_cmpuint (fp_test_server_count_requests (fixture->server, WEBFINGER_PATH), ==, 0);
}

static void
test_wrong_name_certificate (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  add_route (fixture, "mail.example", WEBFINGER_PATH, &(FpTestRoute) { .body = jrd_two_accounts });
  links = lookup (fixture, &error);
  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "it was issued for a different name"));
}

/* Without the added authority the system's alone decides: the test authority is unknown. */
static void
test_verification_is_on_without_added_authority (void)
{
  g_autoptr(FpTestServer) server = fp_test_server_new ("test-server.pem");
  g_autoptr(FpHttpClient) client = fp_http_client_new ();
  g_autoptr(FpIdentifier) identifier = fp_identifier_parse ("alice@mail.example", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  fp_test_install_resolver ();
  fp_http_client_set_port_override (client, "mail.example", fp_test_server_get_https_port (server));
  fp_test_server_add_route (server, "mail.example", WEBFINGER_PATH,
                            &(FpTestRoute) { .body = jrd_two_accounts });
  fp_webfinger_lookup_async (client, identifier, NULL, fp_test_store_result_cb, &result);
  links = fp_webfinger_lookup_finish (fp_test_wait_for_result (&result), &error);
  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_TLS);
}

static void
test_oversized_answer (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  add_route (fixture, "mail.example", WEBFINGER_PATH,
             &(FpTestRoute) { .body = jrd_two_accounts, .padding = FP_HTTP_MAX_BODY_SIZE });
  links = lookup (fixture, &error);
  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==,
                   "mail.example sent more than 256 KiB; that is not a settings document.");
}

static void
test_answer_at_the_size_limit (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  add_route (fixture, "mail.example", WEBFINGER_PATH,
             &(FpTestRoute) { .body = jrd_two_accounts,
                              .padding = FP_HTTP_MAX_BODY_SIZE - strlen (jrd_two_accounts) });
  links = lookup (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 2);
}

static void
test_slow_server_times_out (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  fp_http_client_set_timeout (fixture->client, 1);
  add_route (fixture, "mail.example", WEBFINGER_PATH,
             &(FpTestRoute) { .body = jrd_two_accounts, .delay_ms = 4000 });
  links = lookup (fixture, &error);
  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==, "mail.example did not answer within 1 seconds.");
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancellation (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;

  add_route (fixture, "mail.example", WEBFINGER_PATH,
             &(FpTestRoute) { .body = jrd_two_accounts, .delay_ms = 3000 });
  g_timeout_add (100, cancel_cb, cancellable);
  fp_webfinger_lookup_async (fixture->client, fixture->identifier, cancellable,
                             fp_test_store_result_cb, &result);
  links = fp_webfinger_lookup_finish (fp_test_wait_for_result (&result), &error);
  g_assert_null (links);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Cancelled while the person is asked for the password: the late answer goes nowhere. */
static void
test_cancellation_while_asking (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  fixture->answer_delay_ms = 200;
  fixture->cancel_when_asked = cancellable;
  add_route (fixture, "mail-config.mail.example", PERSONAL_PATH,
             &(FpTestRoute) { .body = personal_config, .user = "alice@mail.example",
                              .password = PASSWORD });
  fp_config_fetch_async (fixture->client, fixture->identifier,
                         "https://mail-config.mail.example" PERSONAL_PATH,
                         FP_MAIL_CONFIG_PARSE_NONE, cancellable, fp_test_store_result_cb, &result);
  config = fp_config_fetch_finish (fp_test_wait_for_result (&result), &error);
  g_assert_null (config);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Let the late answer arrive; it must not reach the server. */
  while (!fp_credentials_request_get_answered (g_ptr_array_index (fixture->asked, 0)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fp_test_server_count_requests (fixture->server, PERSONAL_PATH), ==, 1);
}

static void
test_document_refused_with_path (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  add_route (fixture, "mail-config.mail.example", "/bad.json",
             &(FpTestRoute) { .body = "{\"imap\":{\"host\":\"imap.mail.example\"},"
                                      "\"smtp\":[{\"host\":\"s.mail.example\"},"
                                      "{\"host\":\"s.mail.example\",\"port\":70000}]}" });
  config = fetch (fixture, "https://mail-config.mail.example/bad.json", &error);
  g_assert_null (config);
  g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
  g_assert_cmpstr (error->message, ==,
                   "The settings from mail-config.mail.example cannot be used: "
                   "smtp[1].port: 70000 is not a port.");
}

/* Read as it is; the front ends refuse it unless the person accepts it (exit 5, or a dialog). */
static void
test_insecure_document_refused (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  add_route (fixture, "mail-config.mail.example", "/plain.json",
             &(FpTestRoute) { .body = "{\"imap\":{\"host\":\"imap.mail.example\","
                                      "\"transport\":\"none\"},"
                                      "\"smtp\":{\"host\":\"s.mail.example\"}}" });
  config = fetch (fixture, "https://mail-config.mail.example/plain.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fp_mail_config_find_insecure (config)->host, ==, "imap.mail.example");
  g_assert_false (fp_mail_config_check_insecure (config, FALSE, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_UNSAFE);
}

/* The draft's JRD as printed, served for real. */
static void
test_draft_jrd_served (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "draft-jrd.json", NULL);
  g_autofree char *jrd = NULL;
  g_autoptr(GPtrArray) links = NULL;

  g_file_get_contents (path, &jrd, NULL, &error);
  g_assert_no_error (error);
  add_route (fixture, "mail.example", WEBFINGER_PATH, &(FpTestRoute) { .body = jrd });
  links = lookup (fixture, &error);
  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The answer from mail.example cannot be used: not valid JSON: "
                                   "line 7, column "));
}

static void
test_log_never_holds_password (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  g_autofree char *log = NULL;

  add_route (fixture, "mail-config.mail.example", PERSONAL_PATH,
             &(FpTestRoute) { .body = personal_config, .user = "alice@mail.example",
                              .password = PASSWORD });
  config = fetch (fixture, "https://mail-config.mail.example" PERSONAL_PATH, &error);
  g_assert_no_error (error);
  log = fp_activity_log_dup_text (fp_http_client_get_log (fixture->client));
  g_assert_nonnull (strstr (log, "mail-config.mail.example asks for credentials"));
  g_assert_nonnull (strstr (log, "imap server imap.mail.example port 143, starttls"));
  g_assert_null (strstr (log, PASSWORD));
}

static void
test_registrable_domain (void)
{
  static const char * const cases[][2] = {
    { "imap.example.com", "example.com" },
    { "Mail.Example.CO.UK", "example.co.uk" },
    { "mail-config.mail.example", "mail.example" },  /* a TLD the list does not know */
    { "mail.example", "mail.example" },
    { "co.uk", "co.uk" },                            /* a public suffix has none */
    { "192.0.2.1", "192.0.2.1" },
    { "localhost", "localhost" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *domain = fp_registrable_domain (cases[i][0]);

      g_assert_cmpstr (domain, ==, cases[i][1]);
    }
}

#define ADD(path, func, certificate) \
  g_test_add (path, Fixture, certificate, fixture_set_up, func, fixture_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credentials/registrable-domain", test_registrable_domain);
  ADD ("/webfinger/happy-path", test_happy_path, NULL);
  ADD ("/webfinger/not-found", test_not_found, NULL);
  ADD ("/config/credentials-never-replayed", test_credentials_never_replayed, NULL);
  ADD ("/webfinger/no-matching-link", test_no_matching_link, NULL);
  ADD ("/webfinger/server-error", test_server_error_status, NULL);
  ADD ("/webfinger/asks-credentials", test_webfinger_asks_credentials, NULL);
  ADD ("/webfinger/typing-time-not-counted", test_typing_time_not_counted, NULL);
  ADD ("/webfinger/401-without-challenge", test_401_without_challenge, NULL);
  ADD ("/webfinger/draft-jrd-served", test_draft_jrd_served, NULL);
  ADD ("/http/redirect-to-http-refused", test_redirect_to_http_refused, NULL);
  ADD ("/http/redirect-to-other-host", test_redirect_to_other_host, NULL);
  ADD ("/http/redirect-loop", test_redirect_loop, NULL);
  ADD ("/http/untrusted-certificate", test_untrusted_certificate, "test-untrusted.pem");
  ADD ("/http/wrong-name-certificate", test_wrong_name_certificate, "test-wrong-name.pem");
  g_test_add_func ("/http/verification-on-without-added-authority",
                   test_verification_is_on_without_added_authority);
  ADD ("/http/oversized", test_oversized_answer, NULL);
  ADD ("/http/at-size-limit", test_answer_at_the_size_limit, NULL);
  ADD ("/http/slow-server-times-out", test_slow_server_times_out, NULL);
  ADD ("/http/cancellation", test_cancellation, NULL);
  ADD ("/http/cancellation-while-asking", test_cancellation_while_asking, NULL);
  ADD ("/http/log-never-holds-password", test_log_never_holds_password, NULL);
  ADD ("/config/wrong-password", test_wrong_password, NULL);
  ADD ("/config/declined", test_declined, NULL);
  ADD ("/config/http-href-refused", test_http_href_refused, NULL);
  ADD ("/config/refused-with-path", test_document_refused_with_path, NULL);
  ADD ("/config/insecure-refused", test_insecure_document_refused, NULL);

  return g_test_run ();
}
