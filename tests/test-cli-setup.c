/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-setup"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "fp-evolution-writer.h"
#include "fp-keyring.h"
#include "fp-prefs-js.h"
#include "fp-test-cli.h"
#include "fp-test-server.h"
#include "fp-test-thunderbird.h"
#include "fp-test-util.h"
#include "fp-thunderbird-writer.h"

/*
 * `fingerpost setup` as a helpdesk script runs it: the real program, in a
 * network namespace where this test's HTTPS server is mail.example:443
 * (run-in-netns.sh), in a home of its own with a private D-Bus session and
 * an unlocked GNOME keyring (run-isolated.sh --session=keyring), writing
 * for Evolution and for a Thunderbird profile made by Thunderbird.
 */

static FpTestServer *server;
static char *ca_file;
static char *profile;

static const char *jrd_alice =
  "{\"subject\":\"acct:alice@mail.example\",\"links\":["
  "{\"rel\":\"email-autoconfig\",\"href\":\"https://mail-config.mail.example/alice.personal.json\","
  " \"titles\":{\"en-us\":\"Personal\"}},"
  "{\"rel\":\"email-autoconfig\",\"href\":\"https://mail-config.mail.example/alice.business.json\","
  " \"titles\":{\"en-us\":\"Business\"}}]}";

static const char *config_personal =
  "{\"address\":\"alice.i.wonder@mail.example\","
  " \"imap\":{\"host\":\"imap.mail.example\",\"port\":143,\"transport\":\"starttls\","
  "           \"login\":\"alice.i.wonder\"},"
  " \"smtp\":[{\"host\":\"outbound.mail.example\",\"port\":465,\"transport\":\"tls\","
  "            \"login\":\"alice.i.wonder\",\"login-required\":true}]}";

static const char *config_business =
  "{\"address\":\"alice@business.mail.example\","
  " \"imap\":{\"host\":\"imap.business.mail.example\",\"transport\":\"tls\"},"
  " \"smtp\":{\"host\":\"smtp.business.mail.example\",\"port\":587,\"transport\":\"starttls\"}}";

/* `fingerpost setup --no-verify --ca-file CA ARGS… alice@mail.example`, @input on stdin. */
static void
run_setup (FpTestRun  *run,
           const char *input,
           ...)
{
  g_autoptr(GPtrArray) arguments = g_ptr_array_new ();
  const char *argument;
  va_list args;

  g_ptr_array_add (arguments, "setup");
  /* These servers do not exist: the login check is proven in test-cli-fallback. */
  g_ptr_array_add (arguments, "--no-verify");
  g_ptr_array_add (arguments, "--ca-file");
  g_ptr_array_add (arguments, ca_file);
  va_start (args, input);
  while ((argument = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (arguments, (char *) argument);
  va_end (args);
  g_ptr_array_add (arguments, "alice@mail.example");
  g_ptr_array_add (arguments, NULL);
  fp_test_run_fingerpost_argv (run, NULL, input, (const char * const *) arguments->pdata);
}

static JsonObject *
result_for (JsonObject *root,
            const char *program)
{
  JsonArray *results = json_object_get_array_member (root, "results");

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (g_strcmp0 (json_object_get_string_member (result, "program"), program) == 0)
        return result;
    }
  g_assert_not_reached ();
}

static guint
count_sources (void)
{
  g_autofree char *dir_path = fp_evolution_sources_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint count = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

static void
test_dry_run (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *before = fp_test_read_prefs (profile);
  g_autofree char *after = NULL;
  JsonObject *evolution;

  run_setup (&run, "abc123\n", "--dry-run", "--json", "--choice", "Personal", "--password-stdin",
             "--client", "evolution", "--client", "thunderbird", "--thunderbird-profile", profile,
             NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  g_assert_true (json_object_get_boolean_member (root, "dry-run"));
  evolution = result_for (root, "evolution");
  g_assert_cmpstr (json_object_get_string_member (evolution, "status"), ==, "would-write");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (evolution, "files")), ==,
                    3);
  g_assert_cmpstr (json_object_get_string_member (result_for (root, "thunderbird"), "status"), ==,
                   "would-write");
  g_assert_cmpuint (count_sources (), ==, 0);
  after = fp_test_read_prefs (profile);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (fp_test_count_backups (profile), ==, 0);
}

/* A dry run shows what each program that is there would get, and says which is not there. */
static void
test_dry_run_without_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty_home = g_dir_make_tmp ("fingerpost-no-profile-XXXXXX", &error);
  const char *arguments[] = { "setup", "--no-verify", "--ca-file", ca_file, "--dry-run",
                              "--choice", "Personal", "--client", "evolution", "--client",
                              "thunderbird", "alice@mail.example", NULL, NULL };
  g_auto(FpTestRun) text = { 0 };
  g_auto(FpTestRun) json = { 0 };
  g_autoptr(JsonObject) root = NULL;

  g_assert_no_error (error);
  fp_test_run_fingerpost_argv (&text, empty_home, "", arguments);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Evolution: would write, in "));
  g_assert_null (strstr (text.out, "Thunderbird: would write"));
  g_assert_true (g_str_has_prefix (text.err, "Thunderbird: not found ("));
  g_assert_nonnull (strstr (text.err, "); nothing would be written for it.\n"));

  arguments[G_N_ELEMENTS (arguments) - 2] = "--json";
  fp_test_run_fingerpost_argv (&json, empty_home, "", arguments);
  g_assert_cmpint (json.status, ==, 0);
  root = fp_test_parse_json_object (json.out);
  g_assert_false (json_object_has_member (root, "error"));
  g_assert_cmpstr (json_object_get_string_member (result_for (root, "evolution"), "status"), ==,
                   "would-write");
  g_assert_cmpstr (json_object_get_string_member (result_for (root, "thunderbird"), "status"), ==,
                   "not-found");
  g_assert_cmpuint (count_sources (), ==, 0);
  g_rmdir (empty_home);
}

static char *
lookup_evolution (const char *uid)
{
  g_autoptr(GError) error = NULL;
  char *password = fp_keyring_lookup_evolution_sync (uid, NULL, &error);

  g_assert_no_error (error);
  return password;
}

static void
test_writes_both (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(FpPrefsJs) prefs = NULL;
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                     143, FP_TRANSPORT_STARTTLS,
                                                     "alice.i.wonder", TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *prefs_path = g_build_filename (profile, "prefs.js", NULL);
  g_autofree char *logins_path = g_build_filename (profile, "logins.json", NULL);
  g_autofree char *account_secret = NULL;
  g_autofree char *transport_secret = NULL;
  g_autofree char *network_secret = NULL;
  JsonObject *evolution, *thunderbird;

  run_setup (&run, "abc123\n", "--json", "--choice", "personal", "--password-stdin",
             "--name", "Alice Liddell", "--client", "evolution", "--client", "thunderbird",
             "--thunderbird-profile", profile, NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  evolution = result_for (root, "evolution");
  thunderbird = result_for (root, "thunderbird");
  g_assert_cmpstr (json_object_get_string_member (evolution, "status"), ==, "written");
  g_assert_cmpstr (json_object_get_string_member (thunderbird, "status"), ==, "written");
  g_assert_cmpuint (count_sources (), ==, 3);
  /* --ca-file was needed: Evolution, which trusts only the system's store, will ask. */
  g_assert_nonnull (strstr (json_object_get_string_member (evolution, "trust-note"), ca_file));

  account_secret = lookup_evolution (json_object_get_string_member (evolution, "account-id"));
  transport_secret = lookup_evolution (json_object_get_string_member (evolution,
                                                                      "transport-id"));
  g_assert_cmpstr (account_secret, ==, "abc123");
  g_assert_cmpstr (transport_secret, ==, "abc123");
  network_secret = fp_keyring_lookup_network_sync (imap, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (network_secret, ==, "abc123");

  prefs = fp_prefs_js_load (prefs_path, &error);
  g_assert_no_error (error);
  g_assert_true (fp_thunderbird_find_account (prefs, "alice.i.wonder@mail.example", imap, NULL));
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.identity.id1.fullName"), ==,
                   "Alice Liddell");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.server.server1.userName"), ==,
                   "alice.i.wonder");
  /* A profile Thunderbird made but never ran has no prefs.js yet: nothing to back up. */
  g_assert_null (json_object_get_string_member (thunderbird, "backup"));
  g_assert_cmpuint (fp_test_count_backups (profile), ==, 0);
  /* Thunderbird's own stores: the password in logins.json, the --ca-file authority in cert9.db. */
  g_assert_true (g_file_test (logins_path, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (json_object_get_string_member (thunderbird, "password-note"),
                            "does not ask"));
  g_assert_nonnull (strstr (json_object_get_string_member (thunderbird, "trust-note"),
                            "cert9.db"));
  /* Evolution has no store of its own: it says it will ask (asserted above). */
}

static void
test_again_already_configured (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autofree char *before = fp_test_read_prefs (profile);
  g_autofree char *after = NULL;

  run_setup (&run, "", "--choice", "1", "--client", "evolution", "--client", "thunderbird",
             "--thunderbird-profile", profile, "--no-keyring", NULL);
  g_assert_cmpint (run.status, ==, 6);
  g_assert_nonnull (strstr (run.err, "already set up in Evolution"));
  g_assert_nonnull (strstr (run.err, "already set up in Thunderbird"));
  g_assert_cmpuint (count_sources (), ==, 3);
  after = fp_test_read_prefs (profile);
  g_assert_cmpstr (after, ==, before);
}

static void
test_thunderbird_running (void)
{
  g_autofree char *running = fp_test_thunderbird_create_profile ("running");
  g_auto(FpTestRun) run = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *prefs_path = g_build_filename (running, "prefs.js", NULL);
  g_autoptr(GError) error = NULL;
  GPid pid;

  /* Thunderbird adds Local Folders, and so writes prefs.js, only beside an account. */
  g_file_set_contents (prefs_path,
                       "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
                       "user_pref(\"mail.account.account1.server\", \"server1\");\n"
                       "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
                       "user_pref(\"mail.identity.id1.useremail\", \"bob@old.example\");\n"
                       "user_pref(\"mail.server.server1.hostname\", \"imap.old.example\");\n"
                       "user_pref(\"mail.server.server1.type\", \"imap\");\n"
                       "user_pref(\"mail.server.server1.userName\", \"bob\");\n",
                       -1, &error);
  g_assert_no_error (error);
  pid = fp_test_thunderbird_start (running);

  before = fp_test_read_prefs (running);
  run_setup (&run, "", "--choice", "Business", "--client", "thunderbird",
             "--thunderbird-profile", running, "--no-keyring", NULL);
  after = fp_test_read_prefs (running);
  fp_test_thunderbird_stop (pid, running);

  g_assert_cmpint (run.status, ==, 6);
  g_assert_nonnull (strstr (run.err, "Thunderbird is running"));
  /*
   * Thunderbird itself writes prefs.js more than once after it starts, so the
   * bytes may move under us; what must hold is that nothing of ours is there.
   */
  g_assert_null (strstr (before, "business.mail.example"));
  g_assert_null (strstr (after, "business.mail.example"));
  g_assert_null (strstr (after, "mail.account.account3."));
  g_assert_null (strstr (after, "smtp1"));
  g_assert_cmpuint (fp_test_count_backups (running), ==, 0);
}

static void
test_usage (void)
{
  g_auto(FpTestRun) run = { 0 };

  run_setup (&run, "", "--client", "mutt", NULL);
  g_assert_cmpint (run.status, ==, 64);
  g_assert_nonnull (strstr (run.err, "mutt"));
}

/*
 * GNOME Online Accounts, through the real goa-daemon that the session bus
 * starts: Evolution is then not written directly, and a second setup of the
 * same account is refused with exit 6.
 */
static void
test_goa (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_auto(FpTestRun) again = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *evolution, *goa;
  const char *account_id;

  run_setup (&run, "abc123\n", "--json", "--choice", "Personal", "--password-stdin",
             "--client", "evolution", "--client", "gnome-online-accounts", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  evolution = result_for (root, "evolution");
  g_assert_cmpstr (json_object_get_string_member (evolution, "status"), ==, "skipped");
  g_assert_nonnull (strstr (json_object_get_string_member (evolution, "note"),
                            "GNOME Online Accounts"));
  g_assert_cmpuint (count_sources (), ==, 3);
  goa = result_for (root, "gnome-online-accounts");
  g_assert_cmpstr (json_object_get_string_member (goa, "status"), ==, "written");
  account_id = json_object_get_string_member (goa, "account-id");
  g_assert_true (g_str_has_prefix (account_id, "account_"));
  g_assert_nonnull (strstr (json_object_get_string_member (goa, "location"),
                            "goa-1.0/accounts.conf"));
  g_assert_nonnull (strstr (json_object_get_string_member (goa, "trust-note"), ca_file));

  run_setup (&again, "abc123\n", "--choice", "Personal", "--password-stdin", "--client",
             "gnome-online-accounts", NULL);
  g_assert_cmpint (again.status, ==, 6);
  g_assert_nonnull (strstr (again.err, "already in GNOME Online Accounts"));
  g_assert_nonnull (strstr (again.err, account_id));
}

static void
dry_run_notes (FpTestRun *run, const char **evolution_note, const char **thunderbird_note,
               JsonObject **root)
{
  /* Business: Personal is written by now, and a dry run of it would be refused (exit 6). */
  run_setup (run, "abc123\n", "--dry-run", "--json", "--choice", "Business", "--password-stdin",
             "--client", "evolution", "--client", "thunderbird", "--thunderbird-profile", profile,
             NULL);
  g_assert_cmpint (run->status, ==, 0);
  *root = fp_test_parse_json_object (run->out);
  *evolution_note = json_object_get_string_member (result_for (*root, "evolution"),
                                                   "trust-note");
  *thunderbird_note = json_object_get_string_member (result_for (*root, "thunderbird"),
                                                     "trust-note");
}

/*
 * The trust notes (Evolution will ask; the authority goes into Thunderbird's cert9.db) only
 * when --ca-file was needed: not once the test authority is installed system-wide, here a copy
 * of the system's store with it added, seen at the usual path in this mount namespace alone.
 */
static void
test_authority_needed_or_not (void)
{
  g_auto(FpTestRun) needed = { 0 };
  g_auto(FpTestRun) not_needed = { 0 };
  g_autoptr(JsonObject) needed_root = NULL;
  g_autoptr(JsonObject) not_needed_root = NULL;
  const char *evolution_note, *thunderbird_note;

  dry_run_notes (&needed, &evolution_note, &thunderbird_note, &needed_root);
  g_assert_nonnull (strstr (evolution_note, "system-wide"));
  g_assert_nonnull (strstr (thunderbird_note, "cert9.db"));

  fp_test_trust_system_wide (ca_file);
  dry_run_notes (&not_needed, &evolution_note, &thunderbird_note, &not_needed_root);
  fp_test_untrust_system_wide ();
  g_assert_null (evolution_note);
  g_assert_null (thunderbird_note);
  g_assert_null (strstr (not_needed.err, "system-wide"));
}

/* Last: the keyring stays locked afterwards (unlocking would need a prompt). */
static void
test_keyring_locked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_autoptr(SecretCollection) collection = NULL;
  g_autofree char *before = fp_test_read_prefs (profile);
  g_autofree char *after = NULL;
  g_auto(FpTestRun) locked = { 0 };
  g_auto(FpTestRun) without = { 0 };
  GList *objects;

  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  objects = g_list_append (NULL, collection);
  secret_service_lock_sync (service, objects, NULL, NULL, &error);
  g_list_free (objects);
  g_assert_no_error (error);

  run_setup (&locked, "abc123\n", "--choice", "Business", "--password-stdin", "--client",
             "evolution", "--client", "thunderbird", "--thunderbird-profile", profile, NULL);
  g_assert_cmpint (locked.status, ==, 7);
  g_assert_nonnull (strstr (locked.err, "keyring is locked"));
  g_assert_nonnull (strstr (locked.err, "--no-keyring"));
  g_assert_cmpuint (count_sources (), ==, 3);
  after = fp_test_read_prefs (profile);
  g_assert_cmpstr (after, ==, before);

  run_setup (&without, "abc123\n", "--choice", "Business", "--password-stdin", "--no-keyring",
             "--user", "ally", "--client", "evolution", "--client", "thunderbird", "--thunderbird-profile",
             profile, NULL);
  g_assert_cmpint (without.status, ==, 0);
  g_assert_cmpuint (count_sources (), ==, 6);
  g_assert_nonnull (strstr (without.out, "Evolution: written"));
  g_assert_nonnull (strstr (without.out, "Thunderbird: written"));
  g_clear_pointer (&after, g_free);
  after = fp_test_read_prefs (profile);
  g_assert_nonnull (strstr (after, "user_pref(\"mail.server.server2.userName\", \"ally\");"));
  g_assert_nonnull (strstr (after, "user_pref(\"mail.server.server2.hostname\", "
                                   "\"imap.business.mail.example\");"));
  g_assert_nonnull (strstr (after, "user_pref(\"mail.server.server2.port\", 993);"));
  g_assert_nonnull (strstr (after, "user_pref(\"mail.smtpserver.smtp2.username\", \"ally\");"));
}

static void
add_routes (void)
{
  fp_test_server_add_route (server, "mail.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .body = jrd_alice });
  fp_test_server_add_route (server, "mail-config.mail.example", "/alice.personal.json",
                            &(FpTestRoute) { .body = config_personal });
  fp_test_server_add_route (server, "mail-config.mail.example", "/alice.business.json",
                            &(FpTestRoute) { .body = config_business });
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("FINGERPOST"));
  g_assert_cmpstr (g_getenv ("FP_TEST_SESSION"), ==, "keyring");
  ca_file = fp_test_build_filename ("test-ca.pem");
  server = fp_test_server_new_on_port ("test-server.pem", 443);
  add_routes ();
  profile = fp_test_thunderbird_create_profile ("setup");

  g_test_add_func ("/cli-setup/dry-run", test_dry_run);
  g_test_add_func ("/cli-setup/dry-run-without-profile", test_dry_run_without_profile);
  g_test_add_func ("/cli-setup/writes-both", test_writes_both);
  g_test_add_func ("/cli-setup/again-already-configured", test_again_already_configured);
  g_test_add_func ("/cli-setup/thunderbird-running", test_thunderbird_running);
  g_test_add_func ("/cli-setup/usage", test_usage);
  g_test_add_func ("/cli-setup/gnome-online-accounts", test_goa);
  g_test_add_func ("/cli-setup/authority-needed-or-not", test_authority_needed_or_not);
  g_test_add_func ("/cli-setup/keyring-locked", test_keyring_locked);

  status = g_test_run ();

  fp_test_server_free (server);
  g_free (ca_file);
  g_free (profile);
  return status;
}
