/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-check"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#define GOA_API_IS_SUBJECT_TO_CHANGE
#include <goa/goa.h>

#include "fp-evolution-writer.h"
#include "fp-goa-writer.h"
#include "fp-keyring.h"
#include "fp-prefs-js.h"
#include "fp-test-cli.h"
#include "fp-test-dns.h"
#include "fp-test-mail-servers.h"
#include "fp-test-server.h"
#include "fp-test-util.h"

/*
 * `fingerpost check` as the user timer and a helpdesk run it: the real
 * program, in a network namespace where this test's HTTPS server is
 * mail.example:443 and real dovecot and aiosmtpd are imap.mail.example and
 * smtp.mail.example (run-in-netns.sh), in a home of its own with an unlocked
 * GNOME keyring (run-isolated.sh --session=keyring). The account is set up
 * by `fingerpost setup` for Evolution and a Thunderbird profile, then the
 * provider's document changes under it.
 *
 * Then, each with a state folder of its own: an account found through MX
 * (a real dnsmasq, fp-test-dns.c), one found through PACC (its TXT record
 * changing with the document; a second dovecot for its login, reached on
 * the standard ports through delay-proxy.py), and one in the real
 * goa-daemon of this session.
 */

#define ACCOUNT  "alice@mail.example"
#define PASSWORD "correct horse"
#define DOC_PATH "/alice.json"
#define ISPDB    "https://ispdb.other.example/v1.1/"
#define MX_ACCOUNT   "carol@hosted.example"
#define PACC_ACCOUNT "dave@other.example"
#define PACC_PATH    "/.well-known/user-agent-configuration.json"
#define PACC_TXT     "_ua-auto-config.other.example"

static FpTestServer *server;
static FpTestMailServers *mail;
static char *ca_file;
static char *profile;
static char *evolution_uid;
static const char *skip_reason;

static gboolean
skipped (void)
{
  if (skip_reason == NULL)
    return FALSE;
  if (g_getenv ("CI") != NULL)
    g_error ("CI is set, so nothing may be skipped: %s", skip_reason);
  g_test_skip (skip_reason);
  return TRUE;
}

/* The provider's document, behind a password as the draft's example is. */
static void
publish (const char *imap_transport,
         guint16     imap_port,
         const char *smtp_host)
{
  g_autofree char *document =
    g_strdup_printf ("{\"address\":\"" ACCOUNT "\","
                     " \"imap\":{\"host\":\"imap.mail.example\",\"port\":%u,\"transport\":\"%s\","
                     "           \"login\":\"alice\"},"
                     " \"smtp\":{\"host\":\"%s\",\"port\":%u,\"transport\":\"starttls\","
                     "           \"login\":\"alice\"}}",
                     imap_port, imap_transport, smtp_host, mail->smtp_port);

  fp_test_server_add_route (server, "mail-config.mail.example", DOC_PATH,
                            &(FpTestRoute) { .body = document, .user = ACCOUNT,
                                             .password = PASSWORD });
}

/* `check [--json] --ca-file TEST-CA` and the arguments from @first up to a %NULL. */
static void
run_check_valist (FpTestRun  *run,
                  gboolean    json,
                  const char *first,
                  va_list     args)
{
  g_autoptr(GPtrArray) arguments = g_ptr_array_new ();

  g_ptr_array_add (arguments, "check");
  if (json)
    g_ptr_array_add (arguments, "--json");
  g_ptr_array_add (arguments, "--ca-file");
  g_ptr_array_add (arguments, ca_file);
  for (const char *argument = first; argument != NULL; argument = va_arg (args, const char *))
    g_ptr_array_add (arguments, (char *) argument);
  g_ptr_array_add (arguments, NULL);
  /* No standard input: the password can only come from the keyring. */
  fp_test_run_fingerpost_argv (run, NULL, "", (const char * const *) arguments->pdata);
}

static void
run_check (FpTestRun  *run,
           const char *first,
           ...)
{
  va_list args;

  va_start (args, first);
  run_check_valist (run, FALSE, first, args);
  va_end (args);
}

static char *
state_file (void)
{
  return g_build_filename (g_get_user_state_dir (), "fingerpost", "accounts.json", NULL);
}

static GKeyFile *
load_source (const char *uid)
{
  g_autofree char *dir = fp_evolution_sources_dir ();
  g_autofree char *name = g_strconcat (uid, ".source", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&file);
}

static guint
count_files (const char *dir_path,
             const char *suffix)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    count += suffix == NULL || g_str_has_suffix (name, suffix);
  return count;
}

static guint
count_sources (void)
{
  g_autofree char *dir = fp_evolution_sources_dir ();

  return count_files (dir, ".source");
}

static FpPrefsJs *
load_prefs (void)
{
  g_autofree char *path = g_build_filename (profile, "prefs.js", NULL);
  g_autoptr(GError) error = NULL;
  FpPrefsJs *prefs = fp_prefs_js_load (path, &error);

  g_assert_no_error (error);
  return prefs;
}

static gint32
prefs_int (const char *name)
{
  g_autoptr(FpPrefsJs) prefs = load_prefs ();
  gint32 value = -1;

  g_assert_true (fp_prefs_js_get_int (prefs, name, &value));
  return value;
}

static JsonObject *
only_account (JsonObject *root)
{
  JsonArray *accounts = json_object_get_array_member (root, "accounts");

  g_assert_cmpuint (json_array_get_length (accounts), ==, 1);
  return json_array_get_object_element (accounts, 0);
}

static JsonObject *
find_change (JsonObject *account,
             const char *direction,
             const char *field)
{
  JsonArray *changes = json_object_get_array_member (account, "changes");

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "direction"), direction) &&
          g_str_equal (json_object_get_string_member (change, "field"), field))
        return change;
    }
  return NULL;
}

static const char *
program_status (JsonObject *account,
                const char *program)
{
  JsonArray *programs = json_object_get_array_member (account, "programs");

  for (guint i = 0; i < json_array_get_length (programs); i++)
    {
      JsonObject *entry = json_array_get_object_element (programs, i);

      if (g_str_equal (json_object_get_string_member (entry, "program"), program))
        return json_object_get_string_member (entry, "status");
    }
  return NULL;
}

static void
test_setup_records (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *path = state_file ();
  g_autofree char *state = NULL;
  g_autoptr(JsonObject) recorded = NULL;
  JsonObject *account, *source;
  JsonArray *results;

  if (skipped ())
    return;
  publish ("starttls", mail->imap_port, "smtp.mail.example");
  fp_test_run_fingerpost (&run, NULL, PASSWORD "\n", "setup", "--json", "--password-stdin",
                          "--ca-file", ca_file, "--client", "evolution", "--client", "thunderbird",
                          "--thunderbird-profile", profile, ACCOUNT, NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  results = json_object_get_array_member (root, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (g_str_equal (json_object_get_string_member (result, "program"), "evolution"))
        evolution_uid = g_strdup (json_object_get_string_member (result, "account-id"));
    }
  g_assert_nonnull (evolution_uid);

  /* The state file names the source, the host given the password, and where it went. */
  g_assert_true (g_file_get_contents (path, &state, NULL, NULL));
  g_assert_null (strstr (state, PASSWORD));
  recorded = fp_test_parse_json_object (state);
  account = only_account (recorded);
  g_assert_cmpstr (json_object_get_string_member (account, "account"), ==, ACCOUNT);
  source = json_object_get_object_member (account, "source");
  g_assert_cmpstr (json_object_get_string_member (source, "kind"), ==, "webfinger");
  g_assert_cmpstr (json_object_get_string_member (source, "asked"), ==,
                   "https://mail-config.mail.example" DOC_PATH);
  g_assert_cmpstr (json_object_get_string_member (source, "credentials-host"), ==,
                   "mail-config.mail.example");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (account, "written-to")),
                    ==, 2);
  g_assert_cmpstr (json_object_get_string_member (source, "ca-file"), ==, ca_file);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (account,
                                                                                   "settings"),
                                                    "incoming"), "authentication"), ==,
                   "password");
}

static void
test_unchanged (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *account;

  if (skipped ())
    return;
  run_check (&run, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  account = only_account (root);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "unchanged");
  g_assert_cmpstr (program_status (account, "evolution"), ==, "as-written");
  g_assert_cmpstr (program_status (account, "thunderbird"), ==, "as-written");
  g_assert_null (strstr (run.err, PASSWORD));
}

static void
test_port_changed (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *old_port = g_strdup_printf ("%u", mail->imap_port);
  g_autofree char *new_port = g_strdup_printf ("%u", mail->imaps_port);
  JsonObject *account, *port;

  if (skipped ())
    return;
  publish ("tls", mail->imaps_port, "smtp.mail.example");
  run_check (&run, "--json", NULL);
  g_assert_cmpint (run.status, ==, 9);
  root = fp_test_parse_json_object (run.out);
  account = only_account (root);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "changed");
  g_assert_cmpint (json_object_get_int_member (account, "exit-status"), ==, 9);
  port = find_change (account, "incoming", "port");
  g_assert_nonnull (port);
  g_assert_cmpstr (json_object_get_string_member (port, "server"), ==, "imap.mail.example");
  g_assert_cmpstr (json_object_get_string_member (port, "old"), ==, old_port);
  g_assert_cmpstr (json_object_get_string_member (port, "new"), ==, new_port);
  g_assert_cmpstr (json_object_get_string_member (find_change (account, "incoming", "transport"),
                                                  "new"), ==, "tls");
  g_assert_null (find_change (account, "outgoing", "host"));
  g_assert_false (json_object_get_boolean_member (account, "lowers-security"));
  /* Nothing was written by a check without --apply. */
  g_assert_cmpint (prefs_int ("mail.server.server1.port"), ==, mail->imap_port);
}

/*
 * GNOME Shell's notification service, as far as GNotification uses it: the
 * test owns org.gtk.Notifications on the session bus, in a thread of its own
 * (the test thread waits for the program), and keeps what it was sent.
 */
typedef struct
{
  GMutex           lock;
  GCond            ready;
  gboolean         owned;
  GMainLoop       *loop;
  GDBusConnection *bus;
  GPtrArray       *notifications;  /* "APP-ID|TITLE|BODY|DEFAULT-ACTION" */
} FakeShell;

static FakeShell shell;

static const char shell_interface[] =
  "<node><interface name='org.gtk.Notifications'>"
  "<method name='AddNotification'><arg type='s'/><arg type='s'/><arg type='a{sv}'/></method>"
  "<method name='RemoveNotification'><arg type='s'/><arg type='s'/></method>"
  "</interface></node>";

static void
shell_method_cb (GDBusConnection       *connection,
                 const char            *sender,
                 const char            *path,
                 const char            *interface,
                 const char            *method,
                 GVariant              *parameters,
                 GDBusMethodInvocation *invocation,
                 gpointer               user_data)
{
  if (g_str_equal (method, "AddNotification"))
    {
      const char *app_id, *id, *title = "", *body = "", *action = "";
      g_autoptr(GVariant) dict = NULL;

      g_variant_get (parameters, "(&s&s@a{sv})", &app_id, &id, &dict);
      g_variant_lookup (dict, "title", "&s", &title);
      g_variant_lookup (dict, "body", "&s", &body);
      g_variant_lookup (dict, "default-action", "&s", &action);
      g_mutex_lock (&shell.lock);
      g_ptr_array_add (shell.notifications,
                       g_strdup_printf ("%s|%s|%s|%s", app_id, title, body, action));
      g_cond_broadcast (&shell.ready);
      g_mutex_unlock (&shell.lock);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static gpointer
shell_thread (gpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (shell_interface, NULL);
  g_autofree char *address = NULL;
  g_autoptr(GVariant) reply = NULL;
  GDBusInterfaceVTable vtable = { .method_call = shell_method_cb };
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);
  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  shell.bus = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (shell.bus, "/org/gtk/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (shell.bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.gtk.Notifications", 4),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
  shell.loop = g_main_loop_new (context, FALSE);
  g_mutex_lock (&shell.lock);
  shell.owned = TRUE;
  g_cond_signal (&shell.ready);
  g_mutex_unlock (&shell.lock);
  g_main_loop_run (shell.loop);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
start_shell (void)
{
  shell.notifications = g_ptr_array_new_with_free_func (g_free);
  g_thread_unref (g_thread_new ("fake-shell", shell_thread, NULL));
  g_mutex_lock (&shell.lock);
  while (!shell.owned)
    g_cond_wait (&shell.ready, &shell.lock);
  g_mutex_unlock (&shell.lock);
}

/*
 * The check sends its notification and exits; the bus hands it to the shell's thread a moment
 * later. Waits for it, 5 s at most (stretched under the sanitizers). Call with the lock held.
 */
static void
wait_for_notification (void)
{
  gint64 deadline = g_get_monotonic_time () + fp_test_slack_ms (5000) * G_TIME_SPAN_MILLISECOND;

  while (shell.notifications->len == 0)
    if (!g_cond_wait_until (&shell.ready, &shell.lock, deadline))
      break;
}

/* Offline (this namespace has no route out), the timer's run asks nothing. */
static void
test_notify_offline (void)
{
  g_auto(FpTestRun) run = { 0 };
  guint asked = 0;

  if (skipped ())
    return;
  asked = fp_test_server_count_requests (server, DOC_PATH);
  run_check (&run, "--notify", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "offline"));
  g_assert_cmpuint (fp_test_server_count_requests (server, DOC_PATH), ==, asked);
}

/* Online, a change is notified under the application id; the notification opens the update page. */
static void
test_notify (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autofree char *seen = NULL;

  if (skipped ())
    return;
  start_shell ();
  /* GLib's plain monitor says "online" where netlink sees no route: as on a connected desktop. */
  g_setenv ("GIO_USE_NETWORK_MONITOR", "base", TRUE);
  /* As the timer runs it: no --ca-file; the authority trusted at setup is trusted again. */
  fp_test_run_fingerpost (&run, NULL, "", "check", "--notify", NULL);
  g_unsetenv ("GIO_USE_NETWORK_MONITOR");
  g_assert_cmpint (run.status, ==, 9);
  g_mutex_lock (&shell.lock);
  wait_for_notification ();
  g_assert_cmpuint (shell.notifications->len, ==, 1);
  seen = g_strdup (g_ptr_array_index (shell.notifications, 0));
  g_mutex_unlock (&shell.lock);
  g_assert_true (g_str_has_prefix (seen, "org.fingerpost.Fingerpost|Mail settings changed|"));
  g_assert_nonnull (strstr (seen, ACCOUNT));
  g_assert_true (g_str_has_suffix (seen, "|app.show-updates"));
}

static void
test_apply (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_auto(FpTestRun) again = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GKeyFile) account_source = NULL;
  g_autoptr(FpPrefsJs) prefs = NULL;
  g_autofree char *security = NULL;
  g_autofree char *dovecot_before = fp_test_read_file (mail->dovecot_log);
  g_autofree char *dovecot_after = NULL;
  g_autofree char *login = g_strdup_printf ("Login: user=<alice>");
  guint backups_before = count_files (profile, NULL);
  JsonObject *account;

  if (skipped ())
    return;
  run_check (&run, "--json", "--apply", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = fp_test_parse_json_object (run.out);
  account = only_account (root);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "updated");
  g_assert_cmpstr (program_status (account, "evolution"), ==, "updated");
  g_assert_cmpstr (program_status (account, "thunderbird"), ==, "updated");

  /* The login check used the stored password on the new port: dovecot saw one more login. */
  dovecot_after = fp_test_read_file (mail->dovecot_log);
  g_assert_cmpuint (strlen (dovecot_after), >, strlen (dovecot_before));
  g_assert_nonnull (strstr (dovecot_after + strlen (dovecot_before), login));

  /* The same Evolution source, no second account. */
  g_assert_cmpuint (count_sources (), ==, 3);
  account_source = load_source (evolution_uid);
  g_assert_cmpint (g_key_file_get_integer (account_source, "Authentication", "Port", NULL), ==,
                   mail->imaps_port);
  security = g_key_file_get_string (account_source, "Security", "Method", NULL);
  g_assert_cmpstr (security, ==, "ssl-on-alternate-port");

  /* The same Thunderbird server entry, the previous prefs.js kept beside it. */
  prefs = load_prefs ();
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.accountmanager.accounts"), ==,
                   "account1");
  g_assert_cmpint (prefs_int ("mail.server.server1.port"), ==, mail->imaps_port);
  g_assert_cmpint (prefs_int ("mail.server.server1.socketType"), ==, 3);
  /* prefs.js and logins.json, each kept beside itself; one login per server, not a second. */
  g_assert_cmpuint (count_files (profile, NULL), ==, backups_before + 2);
  {
    g_autofree char *logins_path = g_build_filename (profile, "logins.json", NULL);
    g_autofree char *text = NULL;
    g_autoptr(JsonObject) logins = NULL;
    JsonArray *list;
    guint imap = 0;

    g_assert_true (g_file_get_contents (logins_path, &text, NULL, NULL));
    g_assert_null (strstr (text, PASSWORD));
    logins = fp_test_parse_json_object (text);
    list = json_object_get_array_member (logins, "logins");
    for (guint i = 0; i < json_array_get_length (list); i++)
      imap += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (list, i),
                                                        "hostname"),
                         "imap://imap.mail.example") == 0;
    g_assert_cmpuint (imap, ==, 1);
  }

  /* The keyring's item follows the server, so the next check finds the password. */
  {
    g_autoptr(FpMailServer) moved = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP,
                                                        "imap.mail.example", mail->imaps_port,
                                                        FP_TRANSPORT_TLS, "alice", TRUE);
    g_autofree char *secret = fp_keyring_lookup_network_sync (moved, NULL, NULL);

    g_assert_cmpstr (secret, ==, PASSWORD);
  }

  run_check (&again, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, ACCOUNT ": unchanged"));
}

static void
assert_not_applied (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GKeyFile) account_source = NULL;
  g_autofree char *prefs_before = NULL;
  g_autofree char *prefs_after = NULL;
  g_autofree char *prefs_path = g_build_filename (profile, "prefs.js", NULL);
  JsonObject *account;

  g_assert_true (g_file_get_contents (prefs_path, &prefs_before, NULL, NULL));
  run_check (&run, "--json", "--apply", NULL);
  g_assert_cmpint (run.status, ==, 9);
  root = fp_test_parse_json_object (run.out);
  account = only_account (root);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "changed");
  g_assert_true (json_object_get_boolean_member (account, "lowers-security"));
  g_assert_nonnull (strstr (json_object_get_string_member (account, "error"),
                            "--trust-servers"));
  g_assert_true (g_file_get_contents (prefs_path, &prefs_after, NULL, NULL));
  g_assert_cmpstr (prefs_after, ==, prefs_before);
  account_source = load_source (evolution_uid);
  g_assert_cmpint (g_key_file_get_integer (account_source, "Authentication", "Port", NULL), ==,
                   mail->imaps_port);
}

static void
test_unencrypted_not_applied (void)
{
  if (skipped ())
    return;
  publish ("none", mail->imap_plain_port, "smtp.mail.example");
  assert_not_applied ();
}

static void
test_foreign_domain_not_applied (void)
{
  if (skipped ())
    return;
  publish ("tls", mail->imaps_port, "smtp.other.example");
  assert_not_applied ();
}

static void add_routes (void);

/* The provider links to another document now: reported, never followed. */
static void
test_link_moved (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *account;

  if (skipped ())
    return;
  fp_test_server_add_route (server, "mail.example", "/.well-known/webfinger",
                            &(FpTestRoute) {
                              .body = "{\"subject\":\"acct:" ACCOUNT "\",\"links\":["
                                      "{\"rel\":\"email-autoconfig\","
                                      " \"href\":\"https://mail-config.mail.example/new.json\"}"
                                      "]}" });
  run_check (&run, "--json", "--apply", NULL);
  add_routes ();
  g_assert_cmpint (run.status, ==, 3);
  root = fp_test_parse_json_object (run.out);
  account = only_account (root);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (account, "error"),
                            "no longer links"));
  g_assert_cmpstr (program_status (account, "thunderbird"), ==, "as-written");
}

/* Thunderbird running: Evolution is updated, Thunderbird waits, and the next --apply finishes. */
static void
test_thunderbird_running (void)
{
  g_auto(FpTestRun) running = { 0 };
  g_auto(FpTestRun) finished = { 0 };
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autofree char *lock = g_build_filename (profile, "lock", NULL);
  g_autofree char *target = g_strdup_printf ("127.0.0.1:+%d", (int) getpid ());
  JsonObject *account;

  if (skipped ())
    return;
  /* Back from TLS to STARTTLS: that lowers security, so it is confirmed here. */
  publish ("starttls", mail->imap_port, "smtp.mail.example");
  g_assert_cmpint (symlink (target, lock), ==, 0);
  run_check (&running, "--json", "--apply", "--trust-servers", NULL);
  g_unlink (lock);
  g_assert_cmpint (running.status, ==, 9);
  first = fp_test_parse_json_object (running.out);
  account = only_account (first);
  g_assert_cmpstr (program_status (account, "evolution"), ==, "updated");
  g_assert_cmpstr (program_status (account, "thunderbird"), ==, "not-updated");
  g_assert_nonnull (strstr (json_object_get_string_member (account, "error"),
                            "Thunderbird is running"));
  g_assert_cmpint (prefs_int ("mail.server.server1.port"), ==, mail->imaps_port);

  run_check (&finished, "--json", "--apply", "--trust-servers", NULL);
  g_assert_cmpint (finished.status, ==, 0);
  second = fp_test_parse_json_object (finished.out);
  account = only_account (second);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "updated");
  g_assert_cmpstr (program_status (account, "thunderbird"), ==, "updated");
  g_assert_cmpint (prefs_int ("mail.server.server1.port"), ==, mail->imap_port);
}

/* Last: the person changes Thunderbird's account by hand, and removes Evolution's. */
static void
test_edited_and_removed_left_alone (void)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(FpPrefsJs) prefs = load_prefs ();
  g_autofree char *prefs_path = g_build_filename (profile, "prefs.js", NULL);
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;
  g_autofree char *dir = fp_evolution_sources_dir ();
  g_autofree char *name = g_strconcat (evolution_uid, ".source", NULL);
  g_autofree char *source_path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *account;

  if (skipped ())
    return;
  fp_prefs_js_set_string (prefs, "mail.server.server1.hostname", "imap.elsewhere.example");
  text = fp_prefs_js_to_string (prefs);
  g_file_set_contents (prefs_path, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (source_path), ==, 0);

  publish ("tls", mail->imaps_port, "smtp.mail.example");
  run_check (&run, "--json", "--apply", NULL);
  g_assert_cmpint (run.status, ==, 9);
  root = fp_test_parse_json_object (run.out);
  account = only_account (root);
  g_assert_cmpstr (program_status (account, "evolution"), ==, "removed");
  g_assert_cmpstr (program_status (account, "thunderbird"), ==, "edited");
  g_assert_true (g_file_get_contents (prefs_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, text);
  g_assert_false (g_file_test (source_path, G_FILE_TEST_EXISTS));
}

/* The scenarios below: each its own record of accounts, as another person's would be. */
static char *
use_state_dir (const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("FP_TEST_TMPDIR"), name, NULL);

  g_setenv ("XDG_STATE_HOME", dir, TRUE);
  return g_build_filename (dir, "fingerpost", "accounts.json", NULL);
}

static JsonObject *
recorded_source (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) root = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  root = fp_test_parse_json_object (text);
  return json_object_ref (json_object_get_object_member (only_account (root), "source"));
}

static char *
written_id (const FpTestRun *run,
            const char      *program)
{
  g_autoptr(JsonObject) root = fp_test_parse_json_object (run->out);
  JsonArray *results = json_object_get_array_member (root, "results");

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (g_str_equal (json_object_get_string_member (result, "program"), program))
        return g_strdup (json_object_get_string_member (result, "account-id"));
    }
  g_assert_not_reached ();
}

static FpTestDns *
start_dns (const char * const *records)
{
  g_autoptr(GError) error = NULL;
  FpTestDns *dns = fp_test_dns_start (records, &error);

  g_assert_no_error (error);
  return dns;
}

/* Checks, expecting @status; the one account's JSON. */
static JsonObject *
check_account (int         status,
               const char *first,
               ...)
{
  g_auto(FpTestRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  va_list args;

  va_start (args, first);
  run_check_valist (&run, TRUE, first, args);
  va_end (args);
  if (run.status != status)
    g_test_message ("check said: %s\n%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, status);
  root = fp_test_parse_json_object (run.out);
  return json_object_ref (only_account (root));
}

/* A hosting provider's entry in the ISP database, for the MX host's domain. */
static void
publish_isp (guint16     imap_port,
             const char *imap_socket)
{
  g_autofree char *document =
    g_strdup_printf ("<clientConfig version=\"1.1\"><emailProvider id=\"mail.example\">"
                     "<incomingServer type=\"imap\"><hostname>imap.mail.example</hostname>"
                     "<port>%u</port><socketType>%s</socketType><username>alice</username>"
                     "</incomingServer>"
                     "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname>"
                     "<port>%u</port><socketType>STARTTLS</socketType>"
                     "<username>alice</username></outgoingServer>"
                     "</emailProvider></clientConfig>",
                     imap_port, imap_socket, mail->smtp_port);

  fp_test_server_add_route (server, "ispdb.other.example", "/v1.1/mail.example",
                            &(FpTestRoute) { .body = document, .content_type = "text/xml" });
}

/* Set up through MX, re-checked through MX: the port moves, then the mail host does. */
static void
test_mx_source (void)
{
  const char * const records[] = { "--mx-host=hosted.example,mx1.mx.mail.example,10", NULL };
  const char * const moved[] = { "--mx-host=hosted.example,mx.elsewhere.example,10", NULL };
  g_autofree char *path = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *new_port = g_strdup_printf ("%u", mail->imaps_port);
  g_auto(FpTestRun) setup = { 0 };
  g_autoptr(FpTestDns) dns = NULL;
  g_autoptr(JsonObject) source = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(GKeyFile) evolution = NULL;
  JsonObject *port;

  if (skipped ())
    return;
  path = use_state_dir ("mx-state");
  dns = start_dns (records);
  publish_isp (mail->imap_port, "STARTTLS");
  fp_test_run_fingerpost (&setup, NULL, PASSWORD "\n", "setup", "--json", "--password-stdin",
                          "--ispdb", ISPDB, "--trust-servers", "--ca-file", ca_file,
                          "--client", "evolution", MX_ACCOUNT, NULL);
  g_assert_cmpint (setup.status, ==, 0);
  uid = written_id (&setup, "evolution");
  source = recorded_source (path);
  g_assert_cmpstr (json_object_get_string_member (source, "kind"), ==, "mx");
  g_clear_pointer (&account, json_object_unref);
  account = check_account (0, NULL);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "unchanged");

  publish_isp (mail->imaps_port, "SSL");
  g_clear_pointer (&account, json_object_unref);
  account = check_account (9, NULL);
  port = find_change (account, "incoming", "port");
  g_assert_nonnull (port);
  g_assert_cmpstr (json_object_get_string_member (port, "new"), ==, new_port);

  g_clear_pointer (&account, json_object_unref);
  account = check_account (0, "--apply", NULL);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "updated");
  g_assert_cmpstr (program_status (account, "evolution"), ==, "updated");
  evolution = load_source (uid);
  g_assert_cmpint (g_key_file_get_integer (evolution, "Authentication", "Port", NULL), ==,
                   mail->imaps_port);
  g_clear_pointer (&account, json_object_unref);
  account = check_account (0, NULL);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "unchanged");

  /* The domain's mail now goes elsewhere: reported, the old provider not asked, nothing done. */
  g_clear_pointer (&dns, fp_test_dns_stop);
  dns = start_dns (moved);
  g_clear_pointer (&account, json_object_unref);
  account = check_account (3, "--apply", NULL);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (account, "error"),
                            "no longer leads"));
  g_assert_cmpstr (program_status (account, "evolution"), ==, "as-written");
}

static char *
pacc_document (const char *imap_host)
{
  return g_strdup_printf ("{ \"protocols\": {\n"
                          "    \"imap\": { \"host\": \"%s\" },\n"
                          "    \"smtp\": { \"host\": \"pacc-smtp.other.example\" } },\n"
                          "  \"authentication\": { \"password\": true } }\n", imap_host);
}

/* The document for @imap_host, and a TXT record vouching for @vouched_host's. */
static FpTestDns *
publish_pacc (const char *imap_host,
              const char *vouched_host,
              char      **digest)
{
  g_autofree char *document = pacc_document (imap_host);
  g_autofree char *vouched = pacc_document (vouched_host);
  g_autofree char *stated = fp_test_pacc_digest (vouched);
  g_autofree char *record = g_strdup_printf ("--txt-record=" PACC_TXT ",v=UAAC1; a=sha256; d=%s",
                                             stated);
  const char * const records[] = { record, NULL };

  fp_test_server_add_route (server, "ua-auto-config.other.example", PACC_PATH,
                            &(FpTestRoute) { .body = document });
  if (digest != NULL)
    *digest = g_steal_pointer (&stated);
  return start_dns (records);
}

/* The standard port, where PACC's servers are, forwarded to a test server's own. */
static GSubprocess *
forward_port (guint16 port,
              guint16 target)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "delay-proxy.py", NULL);
  g_autofree char *listen = g_strdup_printf ("%u", port);
  g_autofree char *to = g_strdup_printf ("%u", target);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *proxy;

  g_subprocess_launcher_setenv (launcher, "DELAY_PROXY_HOST", FP_TEST_MAIL_ADDRESS, TRUE);
  proxy = g_subprocess_launcher_spawn (launcher, &error, "/usr/bin/python3", script, "0", listen,
                                       to, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proxy));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
  return proxy;
}

static void
stop_process (GSubprocess *process)
{
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

/*
 * Set up through PACC: the digest is recorded. The provider republishes
 * with a new IMAP host and the TXT record to match: a change, naming the
 * host and the digest. A document the TXT record does not vouch for fails
 * and is never applied.
 */
static void
test_pacc_source (void)
{
  g_autofree char *path = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *first_digest = NULL;
  g_autofree char *second_digest = NULL;
  g_auto(FpTestRun) setup = { 0 };
  g_autoptr(FpTestMailServers) pacc_mail = NULL;
  g_autoptr(FpTestDns) dns = NULL;
  g_autoptr(JsonObject) source = NULL;
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(GKeyFile) evolution = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  GSubprocess *imaps = NULL;
  GSubprocess *smtps = NULL;
  JsonObject *change;

  if (skipped ())
    return;
  /* PACC names the address as login, on ports 993 and 465. */
  pacc_mail = fp_test_mail_servers_start (PACC_ACCOUNT, PASSWORD, &error);
  g_assert_no_error (error);
  imaps = forward_port (993, pacc_mail->imaps_port);
  smtps = forward_port (465, pacc_mail->smtps_port);
  path = use_state_dir ("pacc-state");

  dns = publish_pacc ("pacc-imap.other.example", "pacc-imap.other.example", &first_digest);
  fp_test_run_fingerpost (&setup, NULL, PASSWORD "\n", "setup", "--json", "--password-stdin",
                          "--ca-file", ca_file, "--client", "evolution", PACC_ACCOUNT, NULL);
  if (setup.status != 0)
    g_test_message ("setup said: %s", setup.err);
  g_assert_cmpint (setup.status, ==, 0);
  uid = written_id (&setup, "evolution");
  source = recorded_source (path);
  g_assert_cmpstr (json_object_get_string_member (source, "kind"), ==, "pacc");
  g_assert_cmpstr (json_object_get_string_member (source, "pacc-digest"), ==, first_digest);
  account = check_account (0, NULL);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "unchanged");

  /* Republished, and vouched for. */
  g_clear_pointer (&dns, fp_test_dns_stop);
  dns = publish_pacc ("pacc-imap2.other.example", "pacc-imap2.other.example", &second_digest);
  g_clear_pointer (&account, json_object_unref);
  account = check_account (9, NULL);
  change = find_change (account, "incoming", "host");
  g_assert_nonnull (change);
  g_assert_cmpstr (json_object_get_string_member (change, "old"), ==, "pacc-imap.other.example");
  g_assert_cmpstr (json_object_get_string_member (change, "new"), ==, "pacc-imap2.other.example");
  change = find_change (account, "source", "pacc-digest");
  g_assert_nonnull (change);
  g_assert_cmpstr (json_object_get_string_member (change, "old"), ==, first_digest);
  g_assert_cmpstr (json_object_get_string_member (change, "new"), ==, second_digest);

  /* The same document, the TXT record still the old one's: a failure, nothing applied. */
  g_clear_pointer (&dns, fp_test_dns_stop);
  dns = publish_pacc ("pacc-imap2.other.example", "pacc-imap.other.example", NULL);
  g_clear_pointer (&account, json_object_unref);
  account = check_account (3, "--apply", NULL);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (account, "error"),
                            "does not match"));
  evolution = load_source (uid);
  host = g_key_file_get_string (evolution, "Authentication", "Host", NULL);
  g_assert_cmpstr (host, ==, "pacc-imap.other.example");
  g_clear_pointer (&host, g_free);
  g_clear_pointer (&evolution, g_key_file_unref);

  /* Vouched for again: applied in place, the new digest recorded. */
  g_clear_pointer (&dns, fp_test_dns_stop);
  dns = publish_pacc ("pacc-imap2.other.example", "pacc-imap2.other.example", NULL);
  g_clear_pointer (&account, json_object_unref);
  account = check_account (0, "--apply", NULL);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "updated");
  evolution = load_source (uid);
  host = g_key_file_get_string (evolution, "Authentication", "Host", NULL);
  g_assert_cmpstr (host, ==, "pacc-imap2.other.example");
  g_clear_pointer (&source, json_object_unref);
  source = recorded_source (path);
  g_assert_cmpstr (json_object_get_string_member (source, "pacc-digest"), ==, second_digest);
  g_clear_pointer (&account, json_object_unref);
  account = check_account (0, NULL);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "unchanged");

  stop_process (imaps);
  stop_process (smtps);
}

static guint
count_goa_accounts (GoaClient *client)
{
  GList *accounts = goa_client_get_accounts (client);
  guint count = 0;

  for (GList *l = accounts; l != NULL; l = l->next)
    count += g_strcmp0 (goa_account_get_provider_type (goa_object_peek_account (l->data)),
                        FP_GOA_PROVIDER) == 0;
  g_list_free_full (accounts, g_object_unref);
  return count;
}

/*
 * GNOME Online Accounts: after --apply, goa-daemon itself (asked through
 * libgoa, a client of its own) serves the same account id with the new
 * server, and no second account. Edited by hand, it is left alone.
 */
static void
test_goa (void)
{
  g_autofree char *id = NULL;
  g_autofree char *imap_host = g_strdup_printf ("imap.mail.example:%u", mail->imaps_port);
  g_autofree char *conf = fp_goa_accounts_file ();
  g_autofree char *group = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *after = NULL;
  g_auto(FpTestRun) setup = { 0 };
  g_autoptr(JsonObject) account = NULL;
  g_autoptr(GoaClient) client = NULL;
  g_autoptr(GoaObject) object = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  GoaMail *goa_mail;

  if (skipped ())
    return;
  g_free (use_state_dir ("goa-state"));
  publish ("starttls", mail->imap_port, "smtp.mail.example");
  fp_test_run_fingerpost (&setup, NULL, PASSWORD "\n", "setup", "--json", "--password-stdin",
                          "--ca-file", ca_file, "--client", "gnome-online-accounts", ACCOUNT,
                          NULL);
  if (setup.status != 0)
    g_test_message ("setup said: %s", setup.err);
  g_assert_cmpint (setup.status, ==, 0);
  id = written_id (&setup, "gnome-online-accounts");
  account = check_account (0, NULL);
  g_assert_cmpstr (program_status (account, "gnome-online-accounts"), ==, "as-written");

  publish ("tls", mail->imaps_port, "smtp.mail.example");
  g_clear_pointer (&account, json_object_unref);
  account = check_account (9, NULL);
  g_assert_nonnull (find_change (account, "incoming", "port"));
  g_clear_pointer (&account, json_object_unref);
  /* No keyring item of Fingerpost's: the password comes from GOA's own. */
  account = check_account (0, "--apply", NULL);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "updated");
  g_assert_cmpstr (program_status (account, "gnome-online-accounts"), ==, "updated");

  client = goa_client_new_sync (NULL, &error);
  g_assert_no_error (error);
  object = goa_client_lookup_by_id (client, id);
  g_assert_nonnull (object);
  goa_mail = goa_object_peek_mail (object);
  g_assert_nonnull (goa_mail);
  g_assert_cmpstr (goa_mail_get_imap_host (goa_mail), ==, imap_host);
  g_assert_true (goa_mail_get_imap_use_ssl (goa_mail));
  g_assert_false (goa_mail_get_imap_use_tls (goa_mail));
  g_assert_cmpuint (count_goa_accounts (client), ==, 1);
  g_clear_pointer (&account, json_object_unref);
  account = check_account (0, NULL);
  g_assert_cmpstr (json_object_get_string_member (account, "status"), ==, "unchanged");

  /* The person points the account elsewhere in Settings: left alone. */
  g_assert_true (g_key_file_load_from_file (file, conf, G_KEY_FILE_KEEP_COMMENTS, NULL));
  group = g_strdup_printf ("Account %s", id);
  g_key_file_set_string (file, group, "ImapHost", "imap.elsewhere.example");
  edited = g_key_file_to_data (file, NULL, NULL);
  g_file_set_contents (conf, edited, -1, &error);
  g_assert_no_error (error);
  publish ("tls", mail->imaps_port, "smtp2.mail.example");
  g_clear_pointer (&account, json_object_unref);
  account = check_account (9, "--apply", NULL);
  g_assert_cmpstr (program_status (account, "gnome-online-accounts"), ==, "edited");
  g_assert_true (g_file_get_contents (conf, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, edited);

  /* Removed in Settings (GOA's own Remove): reported, nothing added back. */
  goa_account_call_remove_sync (goa_object_peek_account (object), NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&account, json_object_unref);
  account = check_account (9, "--apply", NULL);
  g_assert_cmpstr (program_status (account, "gnome-online-accounts"), ==, "removed");
  g_clear_object (&object);
  g_clear_object (&client);
  client = goa_client_new_sync (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_goa_accounts (client), ==, 0);
}

static void
add_routes (void)
{
  fp_test_server_add_route (server, "mail.example", "/.well-known/webfinger",
                            &(FpTestRoute) {
                              .body = "{\"subject\":\"acct:" ACCOUNT "\",\"links\":["
                                      "{\"rel\":\"email-autoconfig\","
                                      " \"href\":\"https://mail-config.mail.example" DOC_PATH "\"}"
                                      "]}" });
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("FINGERPOST"));
  g_assert_cmpstr (g_getenv ("FP_TEST_SESSION"), ==, "keyring");
  ca_file = fp_test_build_filename ("test-ca.pem");
  profile = g_build_filename (g_get_home_dir (), "thunderbird-profile", NULL);
  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);

  if (!g_file_test ("/usr/sbin/dovecot", G_FILE_TEST_IS_EXECUTABLE))
    skip_reason = "dovecot is not installed (packages dovecot-imapd, dovecot-pop3d)";
  else if (fp_test_dns_missing () != NULL)
    skip_reason = fp_test_dns_missing ();
  else if (!g_file_test ("/usr/lib/python3/dist-packages/aiosmtpd", G_FILE_TEST_IS_DIR))
    skip_reason = "aiosmtpd is not installed (package python3-aiosmtpd)";
  else
    {
      mail = fp_test_mail_servers_start ("alice", PASSWORD, &error);
      if (mail == NULL)
        g_error ("could not start the test mail servers: %s", error->message);
      server = fp_test_server_new_on_port ("test-server.pem", 443);
      add_routes ();
    }

  g_test_add_func ("/cli-check/setup-records", test_setup_records);
  g_test_add_func ("/cli-check/unchanged", test_unchanged);
  g_test_add_func ("/cli-check/port-changed", test_port_changed);
  g_test_add_func ("/cli-check/notify-offline", test_notify_offline);
  g_test_add_func ("/cli-check/notify", test_notify);
  g_test_add_func ("/cli-check/apply", test_apply);
  g_test_add_func ("/cli-check/unencrypted-not-applied", test_unencrypted_not_applied);
  g_test_add_func ("/cli-check/foreign-domain-not-applied", test_foreign_domain_not_applied);
  g_test_add_func ("/cli-check/link-moved", test_link_moved);
  g_test_add_func ("/cli-check/thunderbird-running", test_thunderbird_running);
  g_test_add_func ("/cli-check/edited-and-removed-left-alone",
                   test_edited_and_removed_left_alone);
  g_test_add_func ("/cli-check/mx-source", test_mx_source);
  g_test_add_func ("/cli-check/pacc-source", test_pacc_source);
  g_test_add_func ("/cli-check/goa", test_goa);

  status = g_test_run ();

  g_clear_pointer (&server, fp_test_server_free);
  g_clear_pointer (&mail, fp_test_mail_servers_stop);
  g_free (ca_file);
  g_free (profile);
  g_free (evolution_uid);
  return status;
}
