/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-discovery"

#include "config.h"

#include <string.h>

#include "fp-discovery.h"
#include "fp-error.h"
#include "fp-loopback-resolver.h"
#include "fp-test-util.h"

/*
 * Discovery beyond WebFinger, against a real in-process HTTPS server: the
 * provider's autoconfig documents, the ISP database at a loopback URL, and
 * SRV records from a loopback resolver. Nothing leaves the machine: every
 * name resolves to loopback or not at all.
 *
 * mail.example has no SRV records; other.example has some.
 */

#define AUTOCONFIG_PATH "/mail/config-v1.1.xml"
#define WELL_KNOWN_PATH "/.well-known/autoconfig/mail/config-v1.1.xml"
#define ISPDB_HOST      "ispdb.other.example"
#define ISPDB_BASE      "https://" ISPDB_HOST "/v1.1/"

static const char *extra_names[] = {
  "autoconfig.mail.example", "autoconfig.other.example", ISPDB_HOST,
};

/* Written the way providers write them: placeholders, several servers, comments. */
static const char *provider_xml =
  "<?xml version=\"1.0\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"mail.example\">\n"
  "    <domain>mail.example</domain>\n"
  "    <displayName>Example Mail</displayName>\n"
  "    <!-- IMAP first -->\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType>\n"
  "      <username>%EMAILLOCALPART%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </incomingServer>\n"
  "    <incomingServer type=\"pop3\">\n"
  "      <hostname>pop.mail.example</hostname><port>110</port>\n"
  "      <socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username>\n"
  "    </incomingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.mail.example</hostname><port>465</port><socketType>SSL</socketType>\n"
  "      <username>%EMAILLOCALPART%@%EMAILDOMAIN%</username>\n"
  "    </outgoingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.mail.example</hostname><port>587</port>\n"
  "      <socketType>STARTTLS</socketType>\n"
  "    </outgoingServer>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

/* One server each way, named by @host: tells the sources apart. */
static char *
simple_xml (const char *host)
{
  return g_strdup_printf ("<clientConfig><emailProvider id=\"x\">"
                          "<incomingServer type=\"imap\"><hostname>%s</hostname>"
                          "<socketType>SSL</socketType></incomingServer>"
                          "<outgoingServer type=\"smtp\"><hostname>%s</hostname>"
                          "<socketType>SSL</socketType></outgoingServer>"
                          "</emailProvider></clientConfig>", host, host);
}

typedef struct
{
  FpTestServer *server;
  FpHttpClient *client;
  FpDiscovery  *discovery;
  GPtrArray    *bodies;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  guint16 port;

  fixture->server = fp_test_server_new ("test-server.pem");
  fixture->client = fp_test_client_new (fixture->server);
  port = fp_test_server_get_https_port (fixture->server);
  for (guint i = 0; i < G_N_ELEMENTS (extra_names); i++)
    fp_http_client_set_port_override (fixture->client, extra_names[i], port);
  fixture->discovery = fp_discovery_new (fixture->client);
  /* The public database is never asked by a test: off, or pointed at loopback. */
  fp_discovery_set_ispdb_url (fixture->discovery, NULL);
  fixture->bodies = g_ptr_array_new_with_free_func (g_free);
}

static gboolean
wake_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) requests = fp_test_server_dup_requests (fixture->server);

  /* Never plain HTTP, whatever the source. */
  for (guint i = 0; i < requests->len; i++)
    {
      FpTestRequest *request = g_ptr_array_index (requests, i);

      g_assert_true (request->https);
    }
  /* The sources that lost were cancelled; let them wind down before checking for leaks
   * (a cancelled half of PACC or MX still holds the client until its callback ran). */
  {
    gpointer discovery = fixture->discovery;
    gpointer client = fixture->client;
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    g_object_add_weak_pointer (discovery, &discovery);
    g_object_add_weak_pointer (client, &client);
    g_object_unref (fixture->discovery);
    g_object_unref (fixture->client);
    while ((discovery != NULL || client != NULL) && g_get_monotonic_time () < deadline)
      {
        gboolean woken = FALSE;
        guint wake = g_timeout_add (50, wake_cb, &woken);

        g_main_context_iteration (NULL, TRUE);
        if (!woken)
          g_source_remove (wake);
      }
    g_assert_null (discovery);
    g_assert_null (client);
  }
  fp_test_server_free (fixture->server);
  g_ptr_array_unref (fixture->bodies);
}

static void
serve (Fixture    *fixture,
       const char *host,
       const char *path,
       char       *body,
       guint       delay_ms,
       guint       status)
{
  FpTestRoute route = { .status = status, .body = body, .content_type = "application/xml",
                        .delay_ms = delay_ms };

  if (body != NULL)
    g_ptr_array_add (fixture->bodies, body);
  fp_test_server_add_route (fixture->server, host, path, &route);
}

static FpDiscoveryResult *
lookup (Fixture     *fixture,
        const char  *account,
        gint64      *elapsed_ms,
        GError     **error)
{
  g_autoptr(FpIdentifier) identifier = fp_identifier_parse (account, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  gint64 started = g_get_monotonic_time ();
  FpDiscoveryResult *found;

  fp_discovery_lookup_async (fixture->discovery, identifier, NULL, fp_test_store_result_cb,
                             &result);
  found = fp_discovery_lookup_finish (fixture->discovery, fp_test_wait_for_result (&result),
                                      error);
  if (elapsed_ms != NULL)
    *elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  return found;
}

static FpMailServer *
server_at (GPtrArray *servers,
           guint      index)
{
  g_assert_cmpuint (index, <, servers->len);
  return g_ptr_array_index (servers, index);
}

/* WebFinger answers 404; the provider's autoconfig document is used. */
static void
test_webfinger_404_then_autoconfig (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  FpMailConfig *config;
  gboolean asked_with_address = FALSE;

  serve (fixture, "autoconfig.mail.example", AUTOCONFIG_PATH, g_strdup (provider_xml), 0, 0);
  found = lookup (fixture, "alice@mail.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->source, ==, FP_CONFIG_SOURCE_AUTOCONFIG);
  g_assert_null (found->links);
  config = found->config;
  g_assert_nonnull (config);
  g_assert_cmpint (config->source_kind, ==, FP_CONFIG_SOURCE_AUTOCONFIG);
  g_assert_cmpstr (config->source_href, ==,
                   "https://autoconfig.mail.example/mail/config-v1.1.xml"
                   "?emailaddress=alice%40mail.example");
  g_assert_cmpstr (config->source_host, ==, "autoconfig.mail.example");
  g_assert_true (config->trusted);
  g_assert_cmpstr (config->name, ==, "Example Mail");
  g_assert_cmpuint (fp_test_server_count_requests (fixture->server, "/.well-known/webfinger"),
                    ==, 1);

  requests = fp_test_server_dup_requests (fixture->server);
  for (guint i = 0; i < requests->len; i++)
    {
      FpTestRequest *request = g_ptr_array_index (requests, i);

      if (g_str_equal (request->path, AUTOCONFIG_PATH))
        asked_with_address = g_strcmp0 (request->query, "emailaddress=alice%40mail.example") == 0;
    }
  g_assert_true (asked_with_address);
}

/* Placeholders expanded, every server kept in the provider's order (IMAP before POP3). */
static void
test_placeholders_and_several_servers (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;
  FpMailConfig *config;
  FpMailServer *server;

  /* Only the .well-known location has it this time. */
  serve (fixture, "mail.example", WELL_KNOWN_PATH, g_strdup (provider_xml), 0, 0);
  found = lookup (fixture, "Alice.Liddell@mail.example", NULL, &error);
  g_assert_no_error (error);
  config = found->config;
  g_assert_cmpstr (config->source_href, ==,
                   "https://mail.example/.well-known/autoconfig/mail/config-v1.1.xml");
  g_assert_cmpuint (config->incoming->len, ==, 2);
  g_assert_cmpuint (config->outgoing->len, ==, 2);

  server = server_at (config->incoming, 0);
  g_assert_cmpint (server->protocol, ==, FP_MAIL_PROTOCOL_IMAP);
  g_assert_cmpstr (server->host, ==, "imap.mail.example");
  g_assert_cmpstr (server->login, ==, "Alice.Liddell");
  server = server_at (config->incoming, 1);
  g_assert_cmpint (server->protocol, ==, FP_MAIL_PROTOCOL_POP3);
  g_assert_cmpint (server->transport, ==, FP_TRANSPORT_STARTTLS);
  g_assert_cmpstr (server->login, ==, "Alice.Liddell@mail.example");
  server = server_at (config->outgoing, 0);
  g_assert_cmpuint (server->port, ==, 465);
  g_assert_cmpstr (server->login, ==, "Alice.Liddell@mail.example");
  server = server_at (config->outgoing, 1);
  g_assert_cmpuint (server->port, ==, 587);
}

/* SRV records only: the servers in priority order, "." not offered, never trusted. */
static void
test_srv_records (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;
  FpMailConfig *config;

  found = lookup (fixture, "bob@other.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->source, ==, FP_CONFIG_SOURCE_SRV);
  config = found->config;
  g_assert_false (config->trusted);
  g_assert_null (config->source_href);
  g_assert_cmpstr (config->source_host, ==, "other.example");

  /* _imap priority 0 comes before _imaps priority 10; _pop3s is declined with "." */
  g_assert_cmpuint (config->incoming->len, ==, 3);
  g_assert_cmpstr (server_at (config->incoming, 0)->host, ==, "mx1.other.example");
  g_assert_cmpint (server_at (config->incoming, 0)->transport, ==, FP_TRANSPORT_STARTTLS);
  g_assert_cmpuint (server_at (config->incoming, 0)->port, ==, 143);
  g_assert_cmpstr (server_at (config->incoming, 1)->host, ==, "imap.other.example");
  g_assert_cmpint (server_at (config->incoming, 1)->transport, ==, FP_TRANSPORT_TLS);
  g_assert_cmpstr (server_at (config->incoming, 2)->host, ==, "imap-backup.other.example");
  g_assert_cmpstr (server_at (config->incoming, 0)->login, ==, "bob@other.example");

  /* Equal priority: implicit TLS (_submissions) before STARTTLS (_submission). */
  g_assert_cmpuint (config->outgoing->len, ==, 2);
  g_assert_cmpuint (server_at (config->outgoing, 0)->port, ==, 465);
  g_assert_cmpint (server_at (config->outgoing, 0)->transport, ==, FP_TRANSPORT_TLS);
  g_assert_cmpuint (server_at (config->outgoing, 1)->port, ==, 587);
}

/*
 * The provider's document answers at once; the ISP database takes eight
 * seconds. The answer does not wait for it (about 0.1 s here; the bound
 * leaves room for slow machines, the proof is being under eight).
 */
static void
test_slow_low_ranked_source_does_not_delay (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;
  gint64 elapsed_ms;

  fp_discovery_set_ispdb_url (fixture->discovery, ISPDB_BASE);
  serve (fixture, "autoconfig.mail.example", AUTOCONFIG_PATH, simple_xml ("fast.mail.example"),
         0, 0);
  serve (fixture, ISPDB_HOST, "/v1.1/mail.example", simple_xml ("slow.mail.example"), 8000, 0);

  found = lookup (fixture, "alice@mail.example", &elapsed_ms, &error);
  g_assert_no_error (error);
  g_test_message ("answered in %" G_GINT64_FORMAT " ms with the ISP database still waiting",
                  elapsed_ms);
  g_assert_cmpint (found->source, ==, FP_CONFIG_SOURCE_AUTOCONFIG);
  g_assert_cmpstr (server_at (found->config->incoming, 0)->host, ==, "fast.mail.example");
  g_assert_cmpint (elapsed_ms, <, fp_test_slack_ms (4000));
}

/*
 * The best-ranked source is the slow one: its answer is waited for and wins
 * over a faster, worse-ranked one; and when it fails after its delay, the
 * worse one is used. Either way the wait is the slow source's (1 s), not
 * the sum of the two slow ones (2 s).
 */
static void
test_slow_high_ranked_source_is_waited_for (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;
  g_autoptr(FpDiscoveryResult) fallback = NULL;
  gint64 elapsed_ms;

  fp_discovery_set_ispdb_url (fixture->discovery, ISPDB_BASE);
  serve (fixture, "autoconfig.mail.example", AUTOCONFIG_PATH, simple_xml ("slow.mail.example"),
         1000, 0);
  serve (fixture, "mail.example", WELL_KNOWN_PATH, NULL, 1000, 404);
  serve (fixture, ISPDB_HOST, "/v1.1/mail.example", simple_xml ("fast.mail.example"), 0, 0);
  found = lookup (fixture, "alice@mail.example", &elapsed_ms, &error);
  g_assert_no_error (error);
  g_test_message ("slow best source: answered in %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (found->source, ==, FP_CONFIG_SOURCE_AUTOCONFIG);
  g_assert_cmpstr (server_at (found->config->incoming, 0)->host, ==, "slow.mail.example");
  g_assert_cmpint (elapsed_ms, >=, 1000);
  g_assert_cmpint (elapsed_ms, <, fp_test_slack_ms (2000));

  serve (fixture, "autoconfig.other.example", AUTOCONFIG_PATH, NULL, 1000, 404);
  serve (fixture, "other.example", WELL_KNOWN_PATH, NULL, 1000, 500);
  serve (fixture, ISPDB_HOST, "/v1.1/other.example", simple_xml ("isp.other.example"), 0, 0);
  fallback = lookup (fixture, "bob@other.example", &elapsed_ms, &error);
  g_assert_no_error (error);
  g_test_message ("slow best sources failing: answered in %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (fallback->source, ==, FP_CONFIG_SOURCE_ISPDB);
  g_assert_cmpstr (server_at (fallback->config->incoming, 0)->host, ==, "isp.other.example");
  g_assert_true (fallback->config->trusted);
  g_assert_cmpint (elapsed_ms, >=, 1000);
  g_assert_cmpint (elapsed_ms, <, fp_test_slack_ms (2000));
}

/* When several answer: autoconfig.DOMAIN, then .well-known, then the ISP database, then DNS. */
static void
test_ranking (Fixture       *fixture,
              gconstpointer  data)
{
  const char *account = "bob@other.example";

  fp_discovery_set_ispdb_url (fixture->discovery, ISPDB_BASE);
  serve (fixture, "autoconfig.other.example", AUTOCONFIG_PATH,
         simple_xml ("autoconfig.other.example"), 0, 0);
  serve (fixture, "other.example", WELL_KNOWN_PATH, simple_xml ("well-known.other.example"), 0,
         0);
  serve (fixture, ISPDB_HOST, "/v1.1/other.example", simple_xml ("isp.example"), 0, 0);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FpDiscoveryResult) found = lookup (fixture, account, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (found->source, ==, FP_CONFIG_SOURCE_AUTOCONFIG);
    g_assert_cmpstr (server_at (found->config->incoming, 0)->host, ==,
                     "autoconfig.other.example");
  }

  serve (fixture, "autoconfig.other.example", AUTOCONFIG_PATH, NULL, 0, 404);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FpDiscoveryResult) found = lookup (fixture, account, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (server_at (found->config->incoming, 0)->host, ==,
                     "well-known.other.example");
  }

  serve (fixture, "other.example", WELL_KNOWN_PATH, NULL, 0, 404);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FpDiscoveryResult) found = lookup (fixture, account, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (found->source, ==, FP_CONFIG_SOURCE_ISPDB);
    g_assert_cmpstr (found->config->source_host, ==, ISPDB_HOST);
    /* isp.example is not other.example, but the ISP database over HTTPS is trusted. */
    g_assert_true (found->config->trusted);
  }

  fp_discovery_set_ispdb_url (fixture->discovery, NULL);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FpDiscoveryResult) found = NULL;
    g_autoptr(FpDiscoveryResult) none = NULL;
    guint asked = fp_test_server_count_requests (fixture->server, "/v1.1/other.example");

    found = lookup (fixture, account, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (found->source, ==, FP_CONFIG_SOURCE_SRV);
    /* Turned off means not asked. */
    g_assert_cmpuint (fp_test_server_count_requests (fixture->server, "/v1.1/other.example"), ==,
                      asked);

    fp_discovery_set_dns_enabled (fixture->discovery, FALSE);
    none = lookup (fixture, account, NULL, &error);
    g_assert_null (none);
    g_assert_error (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED);
  }
}

/*
 * Every source is asked at once, but WebFinger's answer wins, even when it
 * comes after the others' (the autoconfig document answers at once here,
 * WebFinger after 300 ms).
 */
static void
test_webfinger_wins (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;
  FpTestRoute jrd = {
    .body = "{\"links\":[{\"rel\":\"email-autoconfig\","
            "\"href\":\"https://mail-config.mail.example/a.json\",\"titles\":{\"und\":\"A\"}}]}",
    .content_type = "application/jrd+json",
    .delay_ms = 300,
  };
  gint64 elapsed_ms;

  fp_discovery_set_ispdb_url (fixture->discovery, ISPDB_BASE);
  fp_test_server_add_route (fixture->server, "mail.example", "/.well-known/webfinger", &jrd);
  serve (fixture, "autoconfig.mail.example", AUTOCONFIG_PATH, simple_xml ("x.mail.example"), 0,
         0);
  serve (fixture, ISPDB_HOST, "/v1.1/mail.example", simple_xml ("isp.mail.example"), 0, 0);
  found = lookup (fixture, "alice@mail.example", &elapsed_ms, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->source, ==, FP_CONFIG_SOURCE_WEBFINGER);
  g_assert_cmpuint (found->links->len, ==, 1);
  g_assert_null (found->config);
  g_assert_cmpint (elapsed_ms, >=, 300);
  /* They were asked at the same time, not after WebFinger. */
  g_assert_cmpuint (fp_test_server_count_requests (fixture->server, AUTOCONFIG_PATH), ==, 1);
}

/*
 * Nothing anywhere: WebFinger's "nothing published", for manual setup. The
 * web server answers the .well-known path with an HTML page, as many do:
 * that is nothing published too, not a broken document.
 */
static void
test_nothing_anywhere (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;
  FpTestRoute html = { .body = "<!DOCTYPE html><html><body>Welcome</body></html>",
                       .content_type = "text/html" };

  fp_test_server_add_route (fixture->server, "mail.example", WELL_KNOWN_PATH, &html);
  found = lookup (fixture, "alice@mail.example", NULL, &error);

  g_assert_null (found);
  g_assert_error (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED);
  g_assert_nonnull (strstr (error->message, "mail.example"));
  g_assert_cmpuint (fp_test_server_count_requests (fixture->server, AUTOCONFIG_PATH), ==, 1);
  g_assert_cmpuint (fp_test_server_count_requests (fixture->server, WELL_KNOWN_PATH), ==, 1);
}

/* Settings that cannot be used (GSSAPI only) say so, rather than "nothing published". */
static void
test_unusable_settings_reported (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;

  serve (fixture, "autoconfig.mail.example", AUTOCONFIG_PATH, g_strdup (
         "<clientConfig><emailProvider id=\"x\"><incomingServer type=\"imap\">"
         "<hostname>imap.mail.example</hostname><socketType>SSL</socketType>"
         "<authentication>GSSAPI</authentication></incomingServer>"
         "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname>"
         "<socketType>SSL</socketType></outgoingServer></emailProvider></clientConfig>"), 0, 0);
  found = lookup (fixture, "alice@mail.example", NULL, &error);
  g_assert_null (found);
  g_assert_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "autoconfig.mail.example"));
  g_assert_nonnull (strstr (error->message, "GSSAPI"));
}

/*
 * autoconfig.DOMAIN and the ISP database answer 200 with an empty body: not a
 * settings document (no critical, no crash), and the next source is used.
 */
static void
test_empty_answers (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *log_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;

  fp_discovery_set_ispdb_url (fixture->discovery, ISPDB_BASE);
  serve (fixture, "autoconfig.mail.example", AUTOCONFIG_PATH, g_strdup (""), 0, 0);
  serve (fixture, "mail.example", WELL_KNOWN_PATH, g_strdup (""), 0, 0);
  serve (fixture, ISPDB_HOST, "/v1.1/mail.example", g_strdup (""), 0, 0);
  found = lookup (fixture, "alice@mail.example", NULL, &error);
  g_assert_null (found);
  g_assert_error (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED);
  log_text = fp_activity_log_dup_text (fp_http_client_get_log (fixture->client));
  g_assert_nonnull (strstr (log_text, "the document is not usable: the document is empty"));

  g_clear_error (&error);
  g_clear_pointer (&found, fp_discovery_result_free);
  serve (fixture, "mail.example", WELL_KNOWN_PATH, simple_xml ("imap.mail.example"), 0, 0);
  found = lookup (fixture, "alice@mail.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->config->source_href, ==,
                   "https://mail.example/.well-known/autoconfig/mail/config-v1.1.xml");
}

/* autoconfig.DOMAIN redirects to plain HTTP: refused, and the next source is used. */
static void
test_autoconfig_over_https_only (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;
  FpTestRoute redirect = { .status = 302, .location = "http://mail.example/config.xml" };

  fp_test_server_add_route (fixture->server, "autoconfig.mail.example", AUTOCONFIG_PATH,
                            &redirect);
  serve (fixture, "mail.example", WELL_KNOWN_PATH, simple_xml ("imap.mail.example"), 0, 0);
  found = lookup (fixture, "alice@mail.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->config->source_href, ==,
                   "https://mail.example/.well-known/autoconfig/mail/config-v1.1.xml");
}

static gboolean
count_asked_cb (FpHttpClient         *client,
                FpCredentialsRequest *request,
                guint                *asked)
{
  (*asked)++;
  fp_credentials_request_provide (request, "alice@mail.example", "secret");
  return TRUE;
}

/*
 * The autoconfig host and the ISP database answer 401: no password goes to
 * them (the front end is not even asked), and the next source is used.
 */
static void
test_fallbacks_never_get_credentials (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  FpTestRoute locked = { .body = "<clientConfig/>", .content_type = "text/xml",
                         .user = "alice@mail.example", .password = "secret" };
  guint asked = 0;

  fp_discovery_set_ispdb_url (fixture->discovery, ISPDB_BASE);
  g_signal_connect (fixture->client, "credentials-required", G_CALLBACK (count_asked_cb), &asked);
  fp_test_server_add_route (fixture->server, "autoconfig.other.example", AUTOCONFIG_PATH, &locked);
  fp_test_server_add_route (fixture->server, ISPDB_HOST, "/v1.1/other.example", &locked);
  found = lookup (fixture, "bob@other.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->source, ==, FP_CONFIG_SOURCE_SRV);
  g_assert_cmpuint (asked, ==, 0);

  requests = fp_test_server_dup_requests (fixture->server);
  for (guint i = 0; i < requests->len; i++)
    g_assert_false (((FpTestRequest *) g_ptr_array_index (requests, i))->had_authorization);
  g_assert_cmpuint (fp_test_server_count_requests (fixture->server, AUTOCONFIG_PATH), ==, 1);
}

static void
install_names (void)
{
  g_autoptr(GResolver) resolver = NULL;
  FpLoopbackResolver *loopback;

  fp_test_install_resolver ();
  resolver = g_resolver_get_default ();
  loopback = FP_LOOPBACK_RESOLVER (resolver);
  for (guint i = 0; i < G_N_ELEMENTS (extra_names); i++)
    fp_loopback_resolver_add_host (loopback, extra_names[i], "127.0.0.1");

  fp_loopback_resolver_add_srv (loopback, "_imaps._tcp.other.example", "imap.other.example", 993,
                                10);
  fp_loopback_resolver_add_srv (loopback, "_imaps._tcp.other.example",
                                "imap-backup.other.example", 993, 20);
  fp_loopback_resolver_add_srv (loopback, "_imap._tcp.other.example", "mx1.other.example", 143, 0);
  fp_loopback_resolver_add_srv (loopback, "_pop3s._tcp.other.example", ".", 0, 0);
  fp_loopback_resolver_add_srv (loopback, "_submission._tcp.other.example",
                                "smtp.other.example", 587, 5);
  fp_loopback_resolver_add_srv (loopback, "_submissions._tcp.other.example",
                                "smtp.other.example", 465, 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    g_error ("glib-networking is missing: no TLS, so nothing here can be tested");
  install_names ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/discovery/webfinger-404-then-autoconfig", test_webfinger_404_then_autoconfig);
  ADD ("/discovery/placeholders-and-several-servers", test_placeholders_and_several_servers);
  ADD ("/discovery/srv-records", test_srv_records);
  ADD ("/discovery/slow-low-ranked-source-does-not-delay",
       test_slow_low_ranked_source_does_not_delay);
  ADD ("/discovery/slow-high-ranked-source-is-waited-for",
       test_slow_high_ranked_source_is_waited_for);
  ADD ("/discovery/ranking", test_ranking);
  ADD ("/discovery/webfinger-wins", test_webfinger_wins);
  ADD ("/discovery/nothing-anywhere", test_nothing_anywhere);
  ADD ("/discovery/unusable-settings-reported", test_unusable_settings_reported);
  ADD ("/discovery/autoconfig-over-https-only", test_autoconfig_over_https_only);
  ADD ("/discovery/empty-answers", test_empty_answers);
  ADD ("/discovery/fallbacks-never-get-credentials", test_fallbacks_never_get_credentials);
#undef ADD
  return g_test_run ();
}
