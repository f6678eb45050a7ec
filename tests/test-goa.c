/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-goa"

#include "config.h"

#include <glib/gstdio.h>
/* libedataserver 3.46's e-flag.h still names the deprecated GTimeVal. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libedataserver/libedataserver.h>
G_GNUC_END_IGNORE_DEPRECATIONS
#include <string.h>

#include "fp-account-setup.h"
#include "fp-clients-error.h"
#include "fp-goa-writer.h"
#include "fp-test-wait.h"

/*
 * GNOME Online Accounts for real: goa-daemon, started by D-Bus activation in
 * the private session of run-isolated.sh --session=keyring (its own home, an
 * unlocked keyring), gets the account through the one account setup; its
 * object manager lists it with the keys GOA's imap_smtp provider reads, its
 * password comes back from the keyring through GOA, Evolution's registry
 * makes exactly one mail account of it, and a second setup is refused.
 */

#define WAIT_S 20

static FpAccountPlan *
make_plan (FpMailProtocol protocol,
           guint16        imap_port,
           guint16        smtp_port)
{
  g_autoptr(FpMailServer) incoming = fp_mail_server_new (protocol, "imap.mail.example", imap_port,
                                                         FP_TRANSPORT_TLS, "alice.i.wonder",
                                                         TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP,
                                                     "outbound.mail.example", smtp_port,
                                                     FP_TRANSPORT_STARTTLS, "alice.smtp", TRUE);
  FpAccountPlan *plan = fp_account_plan_new ("alice.i.wonder@mail.example", incoming, smtp);

  fp_account_plan_set_full_name (plan, "Alice Liddell");
  fp_account_plan_set_label (plan, "Personal");
  fp_account_plan_set_password (plan, "abc123", TRUE);
  return plan;
}

static const char *
detail (GVariant   *details,
        const char *key)
{
  const char *value = NULL;

  if (!g_variant_lookup (details, key, "&s", &value))
    return NULL;
  return value;
}

/* No bus needed: the keys and values, ports only where GOA would assume another. */
static void
test_details (void)
{
  g_autoptr(FpAccountPlan) plan = make_plan (FP_MAIL_PROTOCOL_IMAP, 993, 2587);
  g_autoptr(GVariant) details = fp_goa_account_details (plan);
  g_autoptr(FpAccountPlan) open_relay = NULL;
  g_autoptr(GVariant) relay_details = NULL;

  g_assert_cmpstr (detail (details, "Enabled"), ==, "true");
  g_assert_null (detail (details, "MailEnabled"));
  g_assert_cmpstr (detail (details, "EmailAddress"), ==, "alice.i.wonder@mail.example");
  g_assert_cmpstr (detail (details, "Name"), ==, "Alice Liddell");
  g_assert_cmpstr (detail (details, "ImapHost"), ==, "imap.mail.example");
  g_assert_cmpstr (detail (details, "ImapUserName"), ==, "alice.i.wonder");
  g_assert_cmpstr (detail (details, "ImapUseSsl"), ==, "true");
  g_assert_cmpstr (detail (details, "ImapUseTls"), ==, "false");
  g_assert_cmpstr (detail (details, "ImapAcceptSslErrors"), ==, "false");
  g_assert_cmpstr (detail (details, "SmtpHost"), ==, "outbound.mail.example:2587");
  g_assert_cmpstr (detail (details, "SmtpUseAuth"), ==, "true");
  g_assert_cmpstr (detail (details, "SmtpUserName"), ==, "alice.smtp");
  g_assert_cmpstr (detail (details, "SmtpAuthPlain"), ==, "true");
  g_assert_cmpstr (detail (details, "SmtpAuthLogin"), ==, "false");
  g_assert_cmpstr (detail (details, "SmtpUseSsl"), ==, "false");
  g_assert_cmpstr (detail (details, "SmtpUseTls"), ==, "true");
  g_assert_cmpstr (detail (details, "SmtpAcceptSslErrors"), ==, "false");

  /* A server that wants no login gets no user name and no mechanism. */
  open_relay = make_plan (FP_MAIL_PROTOCOL_IMAP, 1993, 587);
  open_relay->outgoing->login_required = FALSE;
  relay_details = fp_goa_account_details (open_relay);
  g_assert_cmpstr (detail (relay_details, "ImapHost"), ==, "imap.mail.example:1993");
  g_assert_cmpstr (detail (relay_details, "SmtpHost"), ==, "outbound.mail.example");
  g_assert_cmpstr (detail (relay_details, "SmtpUseAuth"), ==, "false");
  g_assert_null (detail (relay_details, "SmtpUserName"));
  g_assert_null (detail (relay_details, "SmtpAuthPlain"));
}

static FpSetupReport *
setup_goa (const FpAccountPlan *plan,
           gboolean             with_evolution)
{
  g_autoptr(FpAccountSetup) setup = fp_account_setup_new (plan, FP_WRITE_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  FpSetupReport *report;

  if (with_evolution)
    fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_EVOLUTION, NULL);
  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_GOA, NULL);
  report = fp_account_setup_run_sync (setup, NULL, &error);
  g_assert_no_error (error);
  return report;
}

static GVariant *
managed_objects (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  GVariant *reply = g_dbus_connection_call_sync (bus, FP_GOA_BUS_NAME, "/org/gnome/OnlineAccounts",
                                                 "org.freedesktop.DBus.ObjectManager",
                                                 "GetManagedObjects", NULL,
                                                 G_VARIANT_TYPE ("(a{oa{sa{sv}}})"),
                                                 G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);

  g_assert_no_error (error);
  return reply;
}

/* The properties of @interface on @path, from GetManagedObjects as `gdbus` would show them. */
static GVariant *
interface_properties (GVariant   *objects,
                      const char *path,
                      const char *interface)
{
  g_autoptr(GVariant) all = g_variant_get_child_value (objects, 0);
  g_autoptr(GVariant) interfaces = g_variant_lookup_value (all, path, G_VARIANT_TYPE ("a{sa{sv}}"));

  if (interfaces == NULL)
    return NULL;
  return g_variant_lookup_value (interfaces, interface, G_VARIANT_TYPE ("a{sv}"));
}

static guint
count_goa_accounts (GVariant *objects)
{
  g_autoptr(GVariant) all = g_variant_get_child_value (objects, 0);
  GVariantIter iter;
  const char *path;
  guint n = 0;

  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&o@a{sa{sv}}}", &path, NULL))
    n += g_str_has_prefix (path, "/org/gnome/OnlineAccounts/Accounts/");
  return n;
}

static void
assert_string_property (GVariant   *properties,
                        const char *name,
                        const char *expected)
{
  const char *value = NULL;

  g_assert_nonnull (properties);
  g_assert_true (g_variant_lookup (properties, name, "&s", &value));
  g_assert_cmpstr (value, ==, expected);
}

static void
assert_bool_property (GVariant   *properties,
                      const char *name,
                      gboolean    expected)
{
  gboolean value = !expected;

  g_assert_true (g_variant_lookup (properties, name, "b", &value));
  g_assert_cmpint (value, ==, expected);
}

/* What Evolution's GOA module asks before it would prompt: the password, from GOA's keyring item. */
static char *
goa_password (const char *path,
              const char *id)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply =
    g_dbus_connection_call_sync (bus, FP_GOA_BUS_NAME, path,
                                 "org.gnome.OnlineAccounts.PasswordBased", "GetPassword",
                                 g_variant_new ("(s)", id), G_VARIANT_TYPE ("(s)"),
                                 G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  char *password = NULL;

  g_assert_no_error (error);
  g_variant_get (reply, "(s)", &password);
  return password;
}

/* Mail accounts in Evolution's registry whose identity has @address. */
static guint
count_registry_accounts (ESourceRegistry *registry,
                         const char      *address,
                         ESource        **account_out)
{
  GList *accounts = e_source_registry_list_sources (registry, E_SOURCE_EXTENSION_MAIL_ACCOUNT);
  guint n = 0;

  for (GList *l = accounts; l != NULL; l = l->next)
    {
      ESourceMailAccount *account = e_source_get_extension (l->data,
                                                            E_SOURCE_EXTENSION_MAIL_ACCOUNT);
      const char *identity_uid = e_source_mail_account_get_identity_uid (account);
      g_autoptr(ESource) identity = identity_uid != NULL
        ? e_source_registry_ref_source (registry, identity_uid) : NULL;

      if (identity == NULL || !e_source_has_extension (identity, E_SOURCE_EXTENSION_MAIL_IDENTITY) ||
          g_strcmp0 (e_source_mail_identity_get_address (
                       e_source_get_extension (identity, E_SOURCE_EXTENSION_MAIL_IDENTITY)),
                     address) != 0)
        continue;
      n++;
      if (account_out != NULL && *account_out == NULL)
        *account_out = g_object_ref (l->data);
    }
  g_list_free_full (accounts, g_object_unref);
  return n;
}

typedef struct
{
  ESourceRegistry *registry;
  const char      *address;
} AccountWait;

static gboolean
account_listed (gpointer user_data)
{
  AccountWait *wait = user_data;

  return count_registry_accounts (wait->registry, wait->address, NULL) > 0;
}

/* The registry picks GOA's accounts up by itself; poll, never sleep. */
static ESource *
wait_for_registry_account (ESourceRegistry *registry,
                           const char      *address)
{
  AccountWait wait = { registry, address };
  ESource *account = NULL;

  fp_test_wait_until (account_listed, &wait, WAIT_S, "GOA account in Evolution's registry");
  count_registry_accounts (registry, address, &account);
  return account;
}

/* A dry run asks goa-daemon nothing but what is there: it says what it would add, and adds nothing. */
static void
test_dry_run (void)
{
  g_autoptr(FpAccountPlan) plan = make_plan (FP_MAIL_PROTOCOL_IMAP, 993, 587);
  g_autoptr(FpAccountSetup) setup = fp_account_setup_new (plan, FP_WRITE_FLAGS_DRY_RUN);
  g_autoptr(FpSetupReport) report = NULL;
  g_autoptr(GVariant) objects = NULL;
  g_autoptr(GError) error = NULL;
  const FpSetupResult *goa;

  fp_account_setup_add_program (setup, FP_MAIL_PROGRAM_GOA, NULL);
  report = fp_account_setup_run_sync (setup, NULL, &error);
  g_assert_no_error (error);
  goa = fp_setup_report_lookup (report, FP_MAIL_PROGRAM_GOA);
  g_assert_cmpint (goa->status, ==, FP_SETUP_STATUS_WOULD_WRITE);
  g_assert_null (goa->report->account_id);
  g_assert_true (g_ptr_array_find_with_equal_func (goa->report->changes, "Enabled=true",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (goa->report->changes,
                                                   "ImapHost=imap.mail.example",
                                                   g_str_equal, NULL));
  objects = managed_objects ();
  g_assert_cmpuint (count_goa_accounts (objects), ==, 0);
}

static gboolean
mail_gone (gpointer user_data)
{
  g_autoptr(GVariant) objects = managed_objects ();
  g_autoptr(GVariant) mail = interface_properties (objects, user_data,
                                                   "org.gnome.OnlineAccounts.Mail");

  return mail == NULL;
}

/* What Settings does when the person turns the account's mail off. */
static void
switch_mail_off (const char *path)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply =
    g_dbus_connection_call_sync (bus, FP_GOA_BUS_NAME, path, "org.freedesktop.DBus.Properties",
                                 "Set", g_variant_new ("(ssv)", "org.gnome.OnlineAccounts.Account",
                                                       "MailDisabled",
                                                       g_variant_new_boolean (TRUE)),
                                 NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (fp_test_wait_until (mail_gone, (gpointer) path, WAIT_S,
                                     "the account's Mail interface gone"));
}

static void
test_goa_account (void)
{
  g_autoptr(FpAccountPlan) plan = make_plan (FP_MAIL_PROTOCOL_IMAP, 993, 587);
  g_autoptr(FpSetupReport) report = setup_goa (plan, TRUE);
  g_autoptr(FpSetupReport) again = NULL;
  g_autoptr(GVariant) objects = NULL;
  g_autoptr(GVariant) objects_after = NULL;
  g_autoptr(GVariant) account = NULL;
  g_autoptr(GVariant) mail = NULL;
  g_autoptr(ESourceRegistry) registry = NULL;
  g_autoptr(ESource) evolution_account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) accounts_conf = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autofree char *group = NULL;
  g_autofree char *imap_password = NULL;
  g_autofree char *smtp_password = NULL;
  g_autofree char *sources = NULL;
  const FpSetupResult *goa;
  const FpSetupResult *evolution;
  ESourceAuthentication *auth;

  /* Evolution is left to read GOA: its own files are not written. */
  evolution = fp_setup_report_lookup (report, FP_MAIL_PROGRAM_EVOLUTION);
  g_assert_cmpint (evolution->status, ==, FP_SETUP_STATUS_SKIPPED);
  g_assert_nonnull (strstr (evolution->note, "GNOME Online Accounts"));
  sources = g_build_filename (g_get_user_config_dir (), "evolution", "sources", NULL);
  g_assert_false (g_file_test (sources, G_FILE_TEST_EXISTS));

  goa = fp_setup_report_lookup (report, FP_MAIL_PROGRAM_GOA);
  g_assert_no_error (goa->error);
  g_assert_cmpint (goa->status, ==, FP_SETUP_STATUS_WRITTEN);
  g_assert_nonnull (goa->report->account_id);
  g_test_message ("GOA account %s in %s", goa->report->account_id, goa->report->location);

  /* Listed by goa-daemon's object manager, with the keys the provider read back. */
  path = g_strconcat ("/org/gnome/OnlineAccounts/Accounts/", goa->report->account_id, NULL);
  objects = managed_objects ();
  g_assert_cmpuint (count_goa_accounts (objects), ==, 1);
  account = interface_properties (objects, path, "org.gnome.OnlineAccounts.Account");
  assert_string_property (account, "ProviderType", "imap_smtp");
  assert_string_property (account, "Id", goa->report->account_id);
  assert_string_property (account, "Identity", "alice.i.wonder@mail.example");
  assert_string_property (account, "PresentationIdentity", "alice.i.wonder@mail.example");
  assert_bool_property (account, "MailDisabled", FALSE);
  mail = interface_properties (objects, path, "org.gnome.OnlineAccounts.Mail");
  assert_string_property (mail, "EmailAddress", "alice.i.wonder@mail.example");
  assert_string_property (mail, "Name", "Alice Liddell");
  assert_string_property (mail, "ImapHost", "imap.mail.example");
  assert_string_property (mail, "ImapUserName", "alice.i.wonder");
  assert_bool_property (mail, "ImapUseSsl", TRUE);
  assert_bool_property (mail, "ImapUseTls", FALSE);
  assert_bool_property (mail, "ImapAcceptSslErrors", FALSE);
  assert_string_property (mail, "SmtpHost", "outbound.mail.example");
  assert_string_property (mail, "SmtpUserName", "alice.smtp");
  assert_bool_property (mail, "SmtpUseAuth", TRUE);
  assert_bool_property (mail, "SmtpAuthPlain", TRUE);
  assert_bool_property (mail, "SmtpUseSsl", FALSE);
  assert_bool_property (mail, "SmtpUseTls", TRUE);
  assert_bool_property (mail, "SmtpAcceptSslErrors", FALSE);

  /* On disk where the report says, and the password only in the keyring. */
  g_assert_true (g_key_file_load_from_file (accounts_conf, goa->report->location,
                                            G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  group = g_strconcat ("Account ", goa->report->account_id, NULL);
  g_assert_true (g_key_file_has_group (accounts_conf, group));
  g_assert_false (g_key_file_has_key (accounts_conf, group, "imap-password", NULL));
  imap_password = goa_password (path, "imap-password");
  smtp_password = goa_password (path, "smtp-password");
  g_assert_cmpstr (imap_password, ==, "abc123");
  g_assert_cmpstr (smtp_password, ==, "abc123");

  /* Evolution's registry makes exactly one mail account of it, on the right server. */
  registry = e_source_registry_new_sync (NULL, &error);
  g_assert_no_error (error);
  evolution_account = wait_for_registry_account (registry, "alice.i.wonder@mail.example");
  g_assert_nonnull (evolution_account);
  g_assert_cmpuint (count_registry_accounts (registry, "alice.i.wonder@mail.example", NULL), ==,
                    1);
  auth = e_source_get_extension (evolution_account, E_SOURCE_EXTENSION_AUTHENTICATION);
  g_assert_cmpstr (e_source_authentication_get_host (auth), ==, "imap.mail.example");
  g_assert_cmpstr (e_source_authentication_get_user (auth), ==, "alice.i.wonder");

  /* A second setup is refused, and GOA still has one account. */
  again = setup_goa (plan, FALSE);
  goa = fp_setup_report_lookup (again, FP_MAIL_PROGRAM_GOA);
  g_assert_cmpint (goa->status, ==, FP_SETUP_STATUS_FAILED);
  g_assert_error (goa->error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED);
  g_test_message ("%s", goa->error->message);
  objects_after = managed_objects ();
  g_assert_cmpuint (count_goa_accounts (objects_after), ==, 1);

  /* With its mail switched off in Settings the account has no Mail interface: still the same. */
  switch_mail_off (path);
  g_clear_pointer (&again, fp_setup_report_unref);
  again = setup_goa (plan, FALSE);
  goa = fp_setup_report_lookup (again, FP_MAIL_PROGRAM_GOA);
  g_assert_error (goa->error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED);
  g_clear_pointer (&objects_after, g_variant_unref);
  objects_after = managed_objects ();
  g_assert_cmpuint (count_goa_accounts (objects_after), ==, 1);
}

/* GOA 3.46's imap_smtp provider has no POP3: refused before goa-daemon is asked anything. */
static void
test_pop3_refused (void)
{
  g_autoptr(FpAccountPlan) plan = make_plan (FP_MAIL_PROTOCOL_POP3, 995, 587);
  g_autoptr(FpSetupReport) report = setup_goa (plan, FALSE);
  const FpSetupResult *goa = fp_setup_report_lookup (report, FP_MAIL_PROGRAM_GOA);

  g_assert_cmpint (goa->status, ==, FP_SETUP_STATUS_FAILED);
  g_assert_error (goa->error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_UNSUPPORTED);
}

/* OAuth2 is not for imap_smtp: refused, pointing to Settings → Online Accounts. */
static void
test_oauth2_refused (void)
{
  g_autoptr(FpAccountPlan) plan = make_plan (FP_MAIL_PROTOCOL_IMAP, 993, 587);
  const FpAuthMethod oauth2 = FP_AUTH_OAUTH2;
  g_autoptr(FpSetupReport) report = NULL;
  g_autoptr(GVariant) before = managed_objects ();
  g_autoptr(GVariant) after = NULL;
  const FpSetupResult *goa;

  fp_mail_server_set_auth_methods (plan->incoming, &oauth2, 1);
  report = setup_goa (plan, FALSE);
  goa = fp_setup_report_lookup (report, FP_MAIL_PROGRAM_GOA);
  g_assert_error (goa->error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (goa->error->message, "gnome-control-center online-accounts"));
  after = managed_objects ();
  g_assert_cmpuint (count_goa_accounts (after), ==, count_goa_accounts (before));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_strcmp0 (g_getenv ("FP_TEST_SESSION"), "keyring") != 0)
    g_error ("run me with run-isolated.sh --session=keyring");
  if (!fp_goa_is_available ())
    g_error ("goa-daemon cannot be started on this session bus");

  g_test_add_func ("/goa/details", test_details);
  g_test_add_func ("/goa/dry-run", test_dry_run);
  g_test_add_func ("/goa/account", test_goa_account);
  g_test_add_func ("/goa/pop3-refused", test_pop3_refused);
  g_test_add_func ("/goa/oauth2-refused", test_oauth2_refused);
  return g_test_run ();
}
