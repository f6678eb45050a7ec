/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-demo-provider"

#include "config.h"

#include <string.h>

#include "fp-config-fetch.h"
#include "fp-demo-provider.h"
#include "fp-discovery.h"
#include "fp-error.h"

/*
 * The demo provider is a real HTTPS peer: these tests reach it through the
 * same client the wizard uses, with certificate checks on.
 */

typedef struct
{
  FpDemoProvider *demo;
  FpHttpClient   *client;
  const char     *password;      /* what the credentials handler answers, NULL to decline */
  guint           asked;
  gboolean        last_foreign;
  char           *last_host;
  char           *last_base;
  char           *last_account_domain;
} Fixture;

static gboolean
credentials_required_cb (FpHttpClient         *client,
                         FpCredentialsRequest *request,
                         Fixture              *fixture)
{
  fixture->asked++;
  fixture->last_foreign = fp_credentials_request_get_is_foreign (request);
  g_free (fixture->last_host);
  fixture->last_host = g_strdup (fp_credentials_request_get_host (request));
  g_free (fixture->last_base);
  fixture->last_base = g_strdup (fp_credentials_request_get_base_domain (request));
  g_free (fixture->last_account_domain);
  fixture->last_account_domain = g_strdup (fp_credentials_request_get_account_domain (request));
  if (fixture->password == NULL)
    fp_credentials_request_decline (request);
  else
    fp_credentials_request_provide (request, fp_credentials_request_get_default_user (request),
                                    fixture->password);
  return TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    g_error ("glib-networking is missing: no TLS");
  fixture->demo = fp_demo_provider_new ();
  g_assert_true (fp_demo_provider_start (fixture->demo, &error));
  g_assert_no_error (error);
  fixture->client = fp_http_client_new ();
  fp_http_client_set_timeout (fixture->client, 5);
  g_signal_connect (fixture->client, "credentials-required", G_CALLBACK (credentials_required_cb),
                    fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_assert_finalize_object (g_steal_pointer (&fixture->demo));
  g_free (fixture->last_host);
  g_free (fixture->last_base);
  g_free (fixture->last_account_domain);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static FpDiscoveryResult *
discover (Fixture     *fixture,
          const char  *account,
          GError     **error)
{
  g_autoptr(FpIdentifier) identifier = fp_identifier_parse (account, NULL);
  g_autoptr(FpDiscovery) discovery = fp_discovery_new (fixture->client);
  g_autoptr(GAsyncResult) result = NULL;

  /* As the front ends run the demo: nothing is asked of the public database or of DNS. */
  fp_discovery_set_ispdb_url (discovery, NULL);
  fp_discovery_set_dns_enabled (discovery, FALSE);
  fp_discovery_lookup_async (discovery, identifier, NULL, store_result_cb, &result);
  return fp_discovery_lookup_finish (discovery, wait_for (&result), error);
}

static FpMailConfig *
fetch (Fixture     *fixture,
       const char  *account,
       const char  *href,
       GError     **error)
{
  g_autoptr(FpIdentifier) identifier = fp_identifier_parse (account, NULL);
  g_autoptr(GAsyncResult) result = NULL;

  fp_config_fetch_async (fixture->client, identifier, href, FP_MAIL_CONFIG_PARSE_NONE, NULL,
                         store_result_cb, &result);
  return fp_config_fetch_finish (wait_for (&result), error);
}

static void
test_two_accounts (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;
  FpAutoconfigLink *personal;
  FpAutoconfigLink *business;

  fp_demo_provider_configure_client (fixture->demo, fixture->client);
  found = discover (fixture, FP_DEMO_ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->links->len, ==, 2);
  personal = g_ptr_array_index (found->links, 0);
  business = g_ptr_array_index (found->links, 1);
  g_assert_cmpstr (personal->title, ==, "Personal");
  g_assert_cmpstr (business->title, ==, "Business");
  g_assert_cmpstr (personal->host, ==, "mail-config.mail.example");
  g_assert_cmpstr (personal->href, ==, "https://mail-config.mail.example/alice.personal.json");
  /* WebFinger itself is open: no password was asked for. */
  g_assert_cmpuint (fixture->asked, ==, 0);
}

static void
test_personal_document (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  FpMailServer *imap;

  fp_demo_provider_configure_client (fixture->demo, fixture->client);
  fixture->password = FP_DEMO_PASSWORD;
  config = fetch (fixture, FP_DEMO_ACCOUNT, "https://mail-config.mail.example/alice.personal.json",
                  &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->asked, ==, 1);
  g_assert_cmpstr (fixture->last_host, ==, "mail-config.mail.example");
  g_assert_cmpstr (fixture->last_base, ==, "mail.example");
  g_assert_false (fixture->last_foreign);
  g_assert_cmpstr (config->address, ==, "alice.i.wonder@mail.example");
  imap = g_ptr_array_index (config->incoming, 0);
  g_assert_cmpstr (imap->host, ==, "imap.mail.example");
  /* The ports the demo's own mail servers answer on (fp-demo-mail-server.c). */
  g_assert_cmpuint (imap->port, ==, 993);
  g_assert_cmpint (imap->transport, ==, FP_TRANSPORT_TLS);
  g_assert_cmpuint (config->outgoing->len, ==, 1);
  g_assert_cmpstr (((FpMailServer *) g_ptr_array_index (config->outgoing, 0))->host, ==,
                   "smtp.mail.example");
  g_assert_cmpuint (((FpMailServer *) g_ptr_array_index (config->outgoing, 0))->port, ==, 587);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  fp_demo_provider_configure_client (fixture->demo, fixture->client);
  fixture->password = "wrong";
  config = fetch (fixture, FP_DEMO_ACCOUNT, "https://mail-config.mail.example/alice.business.json",
                  &error);
  g_assert_error (error, FP_ERROR, FP_ERROR_AUTH_FAILED);
  g_assert_null (config);
  g_assert_cmpuint (fixture->asked, ==, FP_CREDENTIALS_MAX_ATTEMPTS);
}

static void
test_foreign_domain (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  FpAutoconfigLink *link;

  fp_demo_provider_configure_client (fixture->demo, fixture->client);
  found = discover (fixture, FP_DEMO_FOREIGN_ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->links->len, ==, 1);
  link = g_ptr_array_index (found->links, 0);

  fixture->password = FP_DEMO_PASSWORD;
  config = fetch (fixture, FP_DEMO_FOREIGN_ACCOUNT, link->href, &error);
  g_assert_no_error (error);
  /* family.example's settings live at mail.example: the prompt must say so. */
  g_assert_true (fixture->last_foreign);
  g_assert_cmpstr (fixture->last_base, ==, "mail.example");
  g_assert_cmpstr (fixture->last_account_domain, ==, "family.example");
  g_assert_cmpstr (config->address, ==, "alice@family.example");
}

static void
test_nothing_published (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;

  fp_demo_provider_configure_client (fixture->demo, fixture->client);
  found = discover (fixture, FP_DEMO_UNKNOWN_ACCOUNT, &error);
  g_assert_error (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED);
  g_assert_null (found);
}

static void
test_trusted_by_this_client_only (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = NULL;

  /* The same port, but the demo authority is not added: verification stays on. */
  fp_http_client_set_port_override (fixture->client, "mail.example",
                                    fp_demo_provider_get_port (fixture->demo));
  found = discover (fixture, FP_DEMO_ACCOUNT, &error);
  g_assert_error (error, FP_ERROR, FP_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "mail.example"));
}

static void
test_certificate_names (Fixture       *fixture,
                        gconstpointer  data)
{
  GTlsCertificate *ca = fp_demo_provider_get_ca (fixture->demo);
  g_autoptr(GDateTime) not_before = g_tls_certificate_get_not_valid_before (ca);
  g_autoptr(GDateTime) not_after = g_tls_certificate_get_not_valid_after (ca);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *scratch = fp_demo_provider_get_scratch_dir (fixture->demo);

  /* Valid from an hour ago for a day: a clock a little behind still works. */
  g_assert_cmpint (g_date_time_difference (now, not_before), >=, 3500 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_difference (not_after, now), >=, 23 * G_TIME_SPAN_HOUR);
  g_assert_nonnull (scratch);
  g_assert_true (g_file_test (scratch, G_FILE_TEST_IS_DIR));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/demo-provider/two-accounts", test_two_accounts);
  ADD ("/demo-provider/personal-document", test_personal_document);
  ADD ("/demo-provider/wrong-password", test_wrong_password);
  ADD ("/demo-provider/foreign-domain", test_foreign_domain);
  ADD ("/demo-provider/nothing-published", test_nothing_published);
  ADD ("/demo-provider/trusted-by-this-client-only", test_trusted_by_this_client_only);
  ADD ("/demo-provider/certificate", test_certificate_names);
#undef ADD

  return g_test_run ();
}
