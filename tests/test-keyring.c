/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-keyring"
#define _GNU_SOURCE  /* unshare () */

#include "config.h"

#include <libsecret/secret.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "fp-clients-error.h"
#include "fp-evolution-writer.h"
#include "fp-keyring.h"
#include "fp-thunderbird-writer.h"

/*
 * The password in a real GNOME keyring: run-isolated.sh starts a private
 * D-Bus session with gnome-keyring-daemon --unlock (FP_TEST_SESSION=keyring),
 * or one with no keyring set up at all (FP_TEST_SESSION=no-keyring).
 */

static FpAccountPlan *
make_plan (const char *address,
           const char *password)
{
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                     993, FP_TRANSPORT_TLS, "alice", TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP,
                                                     "outbound.mail.example", 587,
                                                     FP_TRANSPORT_STARTTLS, "alice", TRUE);
  FpAccountPlan *plan = fp_account_plan_new (address, imap, smtp);

  fp_account_plan_set_password (plan, password, TRUE);
  return plan;
}

static char *
make_dir (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("FP_TEST_TMPDIR"), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return g_steal_pointer (&path);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint count = 0;

  while (handle != NULL && g_dir_read_name (handle) != NULL)
    count++;
  return count;
}

/* Looked up the way Evolution does (e-secret-store.c): schema, UID and origin. */
static char *
lookup_as_evolution (const char *uid)
{
  const SecretSchema schema = {
    .name = "org.gnome.Evolution.Data.Source",
    .flags = SECRET_SCHEMA_DONT_MATCH_NAME,
    .attributes = {
      { .name = "e-source-uid", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "eds-origin", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = NULL },
    },
  };
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_sync (&schema, NULL, &error, "e-source-uid", uid,
                                                "eds-origin", "evolution-data-server", NULL);

  g_assert_no_error (error);
  return password;
}

static void
test_check (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fp_keyring_check_sync (NULL, &error));
  g_assert_no_error (error);
}

static void
test_evolution_items (void)
{
  g_autofree char *dir = make_dir ("evolution-sources");
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", "pässword \"1\"");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *account_secret = NULL;
  g_autofree char *transport_secret = NULL;
  g_autofree char *identity_secret = NULL;

  report = fp_evolution_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->secrets->len, ==, 2);
  account_secret = lookup_as_evolution (report->account_id);
  transport_secret = lookup_as_evolution (report->transport_id);
  identity_secret = lookup_as_evolution (report->identity_id);
  g_assert_cmpstr (account_secret, ==, "pässword \"1\"");
  g_assert_cmpstr (transport_secret, ==, "pässword \"1\"");
  g_assert_null (identity_secret);
  g_assert_cmpuint (count_files (dir), ==, 3);
}

static void
test_network_items (void)
{
  g_autofree char *profile = make_dir ("tb-profile");
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", "s3cret");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *incoming = NULL;
  g_autofree char *outgoing = NULL;

  report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->secrets->len, ==, 2);
  incoming = secret_password_lookup_sync (SECRET_SCHEMA_COMPAT_NETWORK, NULL, &error,
                                          "protocol", "imap", "server", "imap.mail.example",
                                          "port", 993, "user", "alice", NULL);
  g_assert_no_error (error);
  outgoing = secret_password_lookup_sync (SECRET_SCHEMA_COMPAT_NETWORK, NULL, &error,
                                          "protocol", "smtp", "server", "outbound.mail.example",
                                          "port", 587, "user", "alice", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (incoming, ==, "s3cret");
  g_assert_cmpstr (outgoing, ==, "s3cret");
}

/*
 * All or nothing: the passwords are stored before prefs.js is replaced; when
 * that fails (here: the backup's name is taken by a folder), they go again.
 */
static void
test_rollback (void)
{
  g_autofree char *profile = make_dir ("tb-rollback");
  g_autofree char *prefs_path = g_build_filename (profile, "prefs.js", NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("erin@mail.example", "rollback");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *old_prefs = "user_pref(\"some.pref\", 1);\n";
  g_autofree char *after = NULL;
  g_autofree char *secret = NULL;

  g_free (plan->incoming->host);
  plan->incoming->host = g_strdup ("imap.rollback.example");
  g_free (plan->outgoing->host);
  plan->outgoing->host = g_strdup ("smtp.rollback.example");

  g_file_set_contents (prefs_path, old_prefs, -1, &error);
  g_assert_no_error (error);
  for (int s = 0; s < 10; s++)
    {
      g_autoptr(GDateTime) when = g_date_time_add_seconds (now, s);
      g_autofree char *stamp = g_date_time_format (when, "%Y%m%dT%H%M%SZ");

      /* Every name a backup may take in that second (a backup is never overwritten). */
      for (int n = 1; n <= 100; n++)
        {
          g_autofree char *blocker =
            n == 1 ? g_strdup_printf ("%s.before-fingerpost-%s/x", prefs_path, stamp)
                   : g_strdup_printf ("%s.before-fingerpost-%s-%d/x", prefs_path, stamp, n);

          g_assert_cmpint (g_mkdir_with_parents (blocker, 0700), ==, 0);
        }
    }
  /* An item that was there before (same login, same server) is put back, not deleted. */
  g_assert_true (fp_keyring_store_network_sync (plan->outgoing, "not ours", NULL, &error));

  report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (report);
  g_test_message ("%s", error->message);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED);
  g_clear_error (&error);

  g_file_get_contents (prefs_path, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, old_prefs);
  secret = fp_keyring_lookup_network_sync (plan->incoming, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (secret);
  g_free (secret);
  secret = fp_keyring_lookup_network_sync (plan->outgoing, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "not ours");
}

static gboolean have_mount_namespace;

/*
 * Evolution's three files, all or nothing: a folder with room for two files
 * only (a tmpfs with three inodes, one its own), so the third write fails.
 * What was written goes, and so do the passwords already in the keyring.
 */
static void
test_evolution_rollback (void)
{
  g_autofree char *dir = make_dir ("evolution-tiny");
  g_autoptr(FpAccountPlan) plan = make_plan ("frank@mail.example", "rollback");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_mount_namespace)
    {
      if (g_getenv ("CI") != NULL)
        g_error ("needs root for a mount namespace, and CI runs as root");
      g_test_skip ("needs root for a mount namespace (unshare, mount)");
      return;
    }
  g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", 0, "nr_inodes=3,mode=0700"), ==, 0);

  report = fp_evolution_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (report);
  g_test_message ("%s", error->message);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED);
  g_assert_cmpuint (count_files (dir), ==, 0);
  g_clear_error (&error);

  /* No item of Evolution's schema is left for this password. */
  {
    const SecretSchema schema = {
      .name = "org.gnome.Evolution.Data.Source",
      .flags = SECRET_SCHEMA_DONT_MATCH_NAME,
      .attributes = { { .name = "eds-origin", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
                      { .name = NULL } },
    };
    GList *found;
    guint ours = 0;

    found = secret_password_search_sync (&schema, SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                                         NULL, &error, "eds-origin", "evolution-data-server",
                                         NULL);
    g_assert_no_error (error);
    for (GList *l = found; l != NULL; l = l->next)
      {
        g_autoptr(SecretValue) value = secret_retrievable_retrieve_secret_sync (l->data, NULL,
                                                                                &error);

        g_assert_no_error (error);
        ours += g_strcmp0 (secret_value_get_text (value), "rollback") == 0;
      }
    g_list_free_full (found, g_object_unref);
    g_assert_cmpuint (ours, ==, 0);
  }
  g_assert_cmpint (umount (dir), ==, 0);
}

/*
 * Thunderbird's two files, all or nothing: a profile on a tmpfs with room
 * for N files, for every N from too few to enough. Wherever the write runs
 * out (the key databases, logins.json, the backup, prefs.js), either both
 * files are new or both are as they were, with no password left behind.
 */
static void
test_thunderbird_all_or_nothing (void)
{
  const char *old_prefs = "user_pref(\"some.pref\", 1);\n";
  guint written = 0, refused = 0;

  if (!have_mount_namespace)
    {
      if (g_getenv ("CI") != NULL)
        g_error ("needs root for a mount namespace, and CI runs as root");
      g_test_skip ("needs root for a mount namespace (unshare, mount)");
      return;
    }
  for (guint inodes = 3; inodes <= 24; inodes++)
    {
      g_autofree char *name = g_strdup_printf ("tb-tiny-%u", inodes);
      g_autofree char *dir = make_dir (name);
      g_autofree char *options = g_strdup_printf ("nr_inodes=%u,mode=0700", inodes);
      g_autofree char *prefs_path = g_build_filename (dir, "prefs.js", NULL);
      g_autofree char *logins_path = g_build_filename (dir, "logins.json", NULL);
      g_autofree char *host = g_strdup_printf ("imap.tiny%u.example", inodes);
      g_autoptr(FpAccountPlan) plan = make_plan ("gina@mail.example", "all or nothing");
      g_autoptr(FpWriteReport) report = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *prefs = NULL;
      g_autofree char *secret = NULL;

      g_free (plan->incoming->host);
      plan->incoming->host = g_strdup (host);
      g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", 0, options), ==, 0);
      g_assert_true (g_file_set_contents (prefs_path, old_prefs, -1, NULL));
      report = fp_thunderbird_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, NULL, &error);
      g_assert_true (g_file_get_contents (prefs_path, &prefs, NULL, NULL));
      secret = fp_keyring_lookup_network_sync (plan->incoming, NULL, NULL);
      if (report != NULL)
        {
          written++;
          g_assert_nonnull (strstr (prefs, host));
          g_assert_true (g_file_test (logins_path, G_FILE_TEST_IS_REGULAR));
          g_assert_cmpstr (secret, ==, "all or nothing");
        }
      else
        {
          refused++;
          g_test_message ("%u inodes: %s", inodes, error->message);
          g_assert_cmpstr (prefs, ==, old_prefs);
          g_assert_false (g_file_test (logins_path, G_FILE_TEST_EXISTS));
          g_assert_null (secret);
        }
      g_assert_cmpint (umount (dir), ==, 0);
    }
  g_assert_cmpuint (written, >, 0);
  g_assert_cmpuint (refused, >, 0);
}

static SecretCollection *
default_collection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  SecretCollection *collection;

  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  return collection;
}

/* Last: a locked keyring stays locked (unlocking would need a prompt). */
static void
test_locked (void)
{
  g_autoptr(SecretCollection) collection = default_collection ();
  SecretService *service = secret_collection_get_service (collection);
  g_autofree char *dir = make_dir ("evolution-locked");
  g_autofree char *profile = make_dir ("tb-locked");
  g_autoptr(FpAccountPlan) plan = make_plan ("carol@mail.example", "pw");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GList *objects = g_list_append (NULL, collection);

  secret_service_lock_sync (service, objects, NULL, NULL, &error);
  g_list_free (objects);
  g_assert_no_error (error);
  g_assert_true (secret_collection_get_locked (collection));

  g_assert_false (fp_keyring_check_sync (NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_KEYRING_LOCKED);
  g_clear_error (&error);

  report = fp_evolution_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_KEYRING_LOCKED);
  g_assert_cmpuint (count_files (dir), ==, 0);
  g_clear_error (&error);

  report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_KEYRING_LOCKED);
  {
    g_autofree char *prefs_path = g_build_filename (profile, "prefs.js", NULL);

    g_assert_false (g_file_test (prefs_path, G_FILE_TEST_EXISTS));
  }
  g_clear_error (&error);

  /* Going on without the keyring still works. */
  fp_account_plan_set_password (plan, "pw", FALSE);
  report = fp_evolution_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->secrets->len, ==, 0);
  g_assert_cmpuint (count_files (dir), ==, 3);
}

/* A session bus with no keyring set up: no "login" collection, no default alias. */
static void
test_missing (void)
{
  g_autofree char *dir = make_dir ("evolution-missing");
  g_autoptr(FpAccountPlan) plan = make_plan ("dave@mail.example", "pw");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (fp_keyring_check_sync (NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_true (fp_clients_error_is_keyring (error));
  g_clear_error (&error);

  report = fp_evolution_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (report);
  g_assert_true (fp_clients_error_is_keyring (error));
  g_assert_cmpuint (count_files (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  const char *session = g_getenv ("FP_TEST_SESSION");

  /* Before any thread starts: a mount namespace cannot be entered later. */
  have_mount_namespace = geteuid () == 0 && unshare (CLONE_NEWNS) == 0 &&
                         mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;
  g_test_init (&argc, &argv, NULL);

  if (g_strcmp0 (session, "keyring") == 0)
    {
      g_test_add_func ("/keyring/check", test_check);
      g_test_add_func ("/keyring/evolution-items", test_evolution_items);
      g_test_add_func ("/keyring/network-items", test_network_items);
      g_test_add_func ("/keyring/rollback", test_rollback);
      g_test_add_func ("/keyring/evolution-rollback", test_evolution_rollback);
      g_test_add_func ("/keyring/thunderbird-all-or-nothing", test_thunderbird_all_or_nothing);
      g_test_add_func ("/keyring/locked", test_locked);
    }
  else if (g_strcmp0 (session, "no-keyring") == 0)
    g_test_add_func ("/keyring/missing", test_missing);
  else
    g_error ("run me with run-isolated.sh --session=keyring or --session=no-keyring");
  return g_test_run ();
}
