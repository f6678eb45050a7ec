/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-evolution-registry"

#include "config.h"

#include <glib/gstdio.h>

/* libedataserver 3.46's e-flag.h still names the deprecated GTimeVal. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libedataserver/libedataserver.h>
G_GNUC_END_IGNORE_DEPRECATIONS
#include <string.h>
#include <sys/stat.h>

#include "fp-clients-error.h"
#include "fp-evolution-writer.h"
#include "fp-test-wait.h"

/*
 * The real evolution-source-registry, started by D-Bus activation in the
 * private session of run-isolated.sh --session=keyring, must load what the
 * writer puts in $XDG_CONFIG_HOME/evolution/sources/ while it runs, with the
 * right host, port, user and security, and find the password in the keyring.
 */

#define REGISTRY_WAIT_S 15

static FpAccountPlan *
make_plan (const char     *address,
           FpMailProtocol  protocol,
           const char     *host,
           guint16         port,
           FpTransport     transport)
{
  g_autoptr(FpMailServer) incoming = fp_mail_server_new (protocol, host, port, transport, "alice",
                                                         TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP,
                                                     "outbound.mail.example", 465,
                                                     FP_TRANSPORT_TLS, "alice.smtp", TRUE);
  FpAccountPlan *plan = fp_account_plan_new (address, incoming, smtp);

  fp_account_plan_set_full_name (plan, "Alice Liddell");
  fp_account_plan_set_label (plan, "Alice at Example");
  fp_account_plan_set_password (plan, "abc123", TRUE);
  return plan;
}

typedef struct
{
  ESourceRegistry *registry;
  const char      *uid;
  ESource         *source;
} SourceWait;

static gboolean
source_loaded (gpointer user_data)
{
  SourceWait *wait = user_data;

  wait->source = e_source_registry_ref_source (wait->registry, wait->uid);
  return wait->source != NULL;
}

/* The registry applies file changes in batches, seconds later: poll, never sleep. */
static ESource *
wait_for_source (ESourceRegistry *registry,
                 const char      *uid)
{
  SourceWait wait = { registry, uid, NULL };
  g_autofree char *what = g_strdup_printf ("source %s loaded", uid);

  fp_test_wait_until (source_loaded, &wait, REGISTRY_WAIT_S, what);
  return wait.source;
}

static ESourceRegistry *
start_registry (void)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  ESourceRegistry *registry = e_source_registry_new_sync (NULL, &error);

  g_assert_no_error (error);
  g_test_message ("registry up in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  return registry;
}

static void
assert_server (ESource    *source,
               const char *host,
               guint16     port,
               const char *user,
               const char *method,
               const char *security)
{
  ESourceAuthentication *auth = e_source_get_extension (source, E_SOURCE_EXTENSION_AUTHENTICATION);
  ESourceSecurity *sec = e_source_get_extension (source, E_SOURCE_EXTENSION_SECURITY);

  g_assert_cmpstr (e_source_authentication_get_host (auth), ==, host);
  g_assert_cmpuint (e_source_authentication_get_port (auth), ==, port);
  g_assert_cmpstr (e_source_authentication_get_user (auth), ==, user);
  g_assert_cmpstr (e_source_authentication_get_method (auth), ==, method);
  g_assert_true (e_source_authentication_get_remember_password (auth));
  g_assert_cmpstr (e_source_security_get_method (sec), ==, security);
}

static void
assert_password (ESource *source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  /* Evolution's own lookup: what it does before it would ask. */
  g_assert_true (e_source_lookup_password_sync (source, NULL, &password, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "abc123");
}

static FpWriteReport *
write_ok (const FpAccountPlan *plan)
{
  g_autoptr(GError) error = NULL;
  FpWriteReport *report = fp_evolution_writer_write_sync (plan, NULL, FP_WRITE_FLAGS_NONE, NULL,
                                                          &error);

  g_assert_no_error (error);
  return report;
}

static void
test_registry_loads_account (void)
{
  g_autoptr(ESourceRegistry) registry = start_registry ();
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", FP_MAIL_PROTOCOL_IMAP,
                                             "imap.mail.example", 143, FP_TRANSPORT_STARTTLS);
  g_autoptr(FpWriteReport) report = write_ok (plan);
  g_autoptr(ESource) account = wait_for_source (registry, report->account_id);
  g_autoptr(ESource) identity = wait_for_source (registry, report->identity_id);
  g_autoptr(ESource) transport = wait_for_source (registry, report->transport_id);
  ESourceMailAccount *mail_account;
  ESourceMailIdentity *mail_identity;
  ESourceMailSubmission *submission;
  GStatBuf st;

  g_assert_nonnull (account);
  g_assert_nonnull (identity);
  g_assert_nonnull (transport);

  /* Named after the address, as Evolution's assistant does, not after the provider's title. */
  g_assert_cmpstr (e_source_get_display_name (account), ==, "alice@mail.example");
  g_assert_cmpstr (e_source_get_display_name (identity), ==, "alice@mail.example");
  g_assert_cmpstr (e_source_get_display_name (transport), ==, "alice@mail.example");
  g_assert_true (e_source_get_enabled (account));
  g_assert_true (e_source_has_extension (account, E_SOURCE_EXTENSION_MAIL_ACCOUNT));
  mail_account = e_source_get_extension (account, E_SOURCE_EXTENSION_MAIL_ACCOUNT);
  g_assert_cmpstr (e_source_backend_get_backend_name (E_SOURCE_BACKEND (mail_account)), ==,
                   "imapx");
  g_assert_cmpstr (e_source_mail_account_get_identity_uid (mail_account), ==,
                   report->identity_id);
  assert_server (account, "imap.mail.example", 143, "alice", "PLAIN", "starttls-on-standard-port");

  g_assert_cmpstr (e_source_get_parent (identity), ==, report->account_id);
  mail_identity = e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_IDENTITY);
  g_assert_cmpstr (e_source_mail_identity_get_address (mail_identity), ==, "alice@mail.example");
  g_assert_cmpstr (e_source_mail_identity_get_name (mail_identity), ==, "Alice Liddell");
  submission = e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_SUBMISSION);
  g_assert_cmpstr (e_source_mail_submission_get_transport_uid (submission), ==,
                   report->transport_id);

  g_assert_cmpstr (e_source_get_parent (transport), ==, report->account_id);
  g_assert_true (e_source_has_extension (transport, E_SOURCE_EXTENSION_MAIL_TRANSPORT));
  g_assert_cmpstr (e_source_backend_get_backend_name (
                     e_source_get_extension (transport, E_SOURCE_EXTENSION_MAIL_TRANSPORT)), ==,
                   "smtp");
  assert_server (transport, "outbound.mail.example", 465, "alice.smtp", "PLAIN",
                 "ssl-on-alternate-port");

  assert_password (account);
  assert_password (transport);

  for (guint i = 0; i < report->files->len; i++)
    {
      g_assert_cmpint (g_stat (g_ptr_array_index (report->files, i), &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }
}

/* A second account beside the first, a POP3 one; the first stays as it was; no duplicates. */
static void
test_second_account_and_duplicate (void)
{
  g_autoptr(ESourceRegistry) registry = start_registry ();
  g_autoptr(FpAccountPlan) first = make_plan ("alice@mail.example", FP_MAIL_PROTOCOL_IMAP,
                                              "imap.mail.example", 143, FP_TRANSPORT_STARTTLS);
  g_autoptr(FpAccountPlan) pop = make_plan ("bob@mail.example", FP_MAIL_PROTOCOL_POP3,
                                            "pop.mail.example", 995, FP_TRANSPORT_TLS);
  g_autoptr(FpWriteReport) report = write_ok (pop);
  g_autoptr(ESource) account = wait_for_source (registry, report->account_id);
  /* Files in one batch may still be loaded one after another. */
  g_autoptr(ESource) identity = wait_for_source (registry, report->identity_id);
  g_autoptr(ESource) transport = wait_for_source (registry, report->transport_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(FpWriteReport) duplicate = NULL;
  GList *accounts;
  GList *identities;
  guint n_alice = 0, n_bob = 0;

  g_assert_nonnull (account);
  g_assert_nonnull (identity);
  g_assert_nonnull (transport);
  g_assert_cmpstr (e_source_backend_get_backend_name (
                     e_source_get_extension (account, E_SOURCE_EXTENSION_MAIL_ACCOUNT)), ==,
                   "pop");
  assert_server (account, "pop.mail.example", 995, "alice", "PLAIN", "ssl-on-alternate-port");

  duplicate = fp_evolution_writer_write_sync (first, NULL, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (duplicate);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED);

  /* One identity for Alice, as before; one for Bob. */
  identities = e_source_registry_list_sources (registry, E_SOURCE_EXTENSION_MAIL_IDENTITY);
  for (GList *l = identities; l != NULL; l = l->next)
    {
      ESourceMailIdentity *extension = e_source_get_extension (l->data,
                                                               E_SOURCE_EXTENSION_MAIL_IDENTITY);
      const char *address = e_source_mail_identity_get_address (extension);

      n_alice += g_strcmp0 (address, "alice@mail.example") == 0;
      n_bob += g_strcmp0 (address, "bob@mail.example") == 0;
    }
  g_list_free_full (identities, g_object_unref);
  g_assert_cmpuint (n_alice, ==, 1);
  g_assert_cmpuint (n_bob, ==, 1);

  /* Ours plus the built-in "local" and "vfolder" accounts. */
  accounts = e_source_registry_list_sources (registry, E_SOURCE_EXTENSION_MAIL_ACCOUNT);
  g_assert_cmpuint (g_list_length (accounts), >=, 4);
  g_list_free_full (accounts, g_object_unref);
}

/*
 * Gmail's hosts, OAuth2 first: both sources name libedataserver's Google
 * service as their method, the registry loads them, its own OAuth2 services
 * find Google for them (Evolution opens Google's sign-in page on first use),
 * and no password went into the keyring for them.
 */
static void
test_registry_loads_oauth2_account (void)
{
  g_autoptr(ESourceRegistry) registry = start_registry ();
  const FpAuthMethod methods[] = { FP_AUTH_OAUTH2, FP_AUTH_PASSWORD };
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.gmail.com", 993,
                                                     FP_TRANSPORT_TLS, "alice@gmail.com", TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.gmail.com", 465,
                                                     FP_TRANSPORT_TLS, "alice@gmail.com", TRUE);
  g_autoptr(FpAccountPlan) plan = NULL;
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(ESource) account = NULL;
  g_autoptr(ESource) transport = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  EOAuth2Services *services;
  EOAuth2Service *service;

  fp_mail_server_set_auth_methods (imap, methods, G_N_ELEMENTS (methods));
  fp_mail_server_set_auth_methods (smtp, methods, G_N_ELEMENTS (methods));
  plan = fp_account_plan_new ("alice@gmail.com", imap, smtp);
  fp_account_plan_set_password (plan, "not for Google", TRUE);
  report = write_ok (plan);
  g_assert_cmpstr (report->password_note, ==, "Evolution will open Google’s sign-in page the "
                                              "first time; Fingerpost never sees that password.");
  g_assert_cmpuint (report->secrets->len, ==, 0);
  account = wait_for_source (registry, report->account_id);
  transport = wait_for_source (registry, report->transport_id);
  g_assert_nonnull (account);
  g_assert_nonnull (transport);
  assert_server (account, "imap.gmail.com", 993, "alice@gmail.com", "Google",
                 "ssl-on-alternate-port");
  assert_server (transport, "smtp.gmail.com", 465, "alice@gmail.com", "Google",
                 "ssl-on-alternate-port");

  services = e_source_registry_get_oauth2_services (registry);
  service = e_oauth2_services_find (services, account);
  g_assert_nonnull (service);
  g_assert_cmpstr (e_oauth2_service_get_name (service), ==, "Google");
  g_clear_object (&service);
  service = e_oauth2_services_find (services, transport);
  g_assert_nonnull (service);
  g_assert_cmpstr (e_oauth2_service_get_name (service), ==, "Google");
  g_clear_object (&service);

  e_source_lookup_password_sync (account, NULL, &password, &error);
  g_assert_null (password);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_strcmp0 (g_getenv ("FP_TEST_SESSION"), "keyring") != 0)
    g_error ("run me with run-isolated.sh --session=keyring");

  g_test_add_func ("/evolution/registry-loads-account", test_registry_loads_account);
  g_test_add_func ("/evolution/second-account-and-duplicate", test_second_account_and_duplicate);
  g_test_add_func ("/evolution/registry-loads-oauth2-account", test_registry_loads_oauth2_account);
  return g_test_run ();
}
