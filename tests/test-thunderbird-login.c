/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-thunderbird-login"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <nss.h>
#include <pk11pub.h>

#include "fp-test-mail-servers.h"
#include "fp-test-thunderbird.h"
#include "fp-thunderbird-writer.h"

/*
 * The real Thunderbird, on what Fingerpost wrote, logs in and sends with no
 * prompt: dovecot's log shows the IMAP login and aiosmtpd's log the message.
 * Once on a profile Thunderbird has already used (so its key4.db holds the
 * AES-256 key that Debian's NSS cannot use through PK11SDR_Encrypt), once on
 * a profile it never started (no key4.db at all). The test CA reaches
 * Thunderbird only through the plan's authority (cert9.db, as --ca-file).
 *
 * Everything runs in one private network namespace (run-in-netns.sh:
 * imap.mail.example and smtp.mail.example are 127.0.0.2, where the servers
 * listen), in a home of its own (run-isolated.sh).
 */

#define USER     "alice.i.wonder"
#define PASSWORD "Wonder land 42"
#define ADDRESS  "alice.i.wonder@mail.example"
#define WAIT_S   45

static void
write_user_js (const char *profile,
               guint16     marionette_port)
{
  g_autofree char *path = g_build_filename (profile, "user.js", NULL);
  /* Test-only: with only loopback Thunderbird would think it is offline and never connect. */
  g_autofree char *text = g_strdup_printf (
    "user_pref(\"offline.autoDetect\", false);\n"
    "user_pref(\"network.manage-offline-status\", false);\n"
    "user_pref(\"marionette.port\", %u);\n"
    "user_pref(\"mail.shell.checkDefaultClient\", false);\n",
    marionette_port);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* Thunderbird's first start makes the key databases; the OpenPGP passphrase comes last. */
static gboolean
profile_initialised (const char *profile)
{
  g_autofree char *keys = g_build_filename (profile, "key4.db", NULL);
  g_autofree char *pgp = g_build_filename (profile, "encrypted-openpgp-passphrase.txt", NULL);

  return g_file_test (keys, G_FILE_TEST_EXISTS) && g_file_test (pgp, G_FILE_TEST_EXISTS);
}

static gboolean
wait_for (gboolean   (*condition) (gpointer data),
          gpointer     data,
          double       seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      if (condition (data))
        return TRUE;
      g_usleep (200 * 1000);
    }
  return condition (data);
}

static gboolean
initialised_cb (gpointer data)
{
  return profile_initialised (data);
}

static gboolean
has_aes_key (const char *profile)
{
  g_autofree char *config = g_strconcat ("sql:", profile, NULL);
  NSSInitContext *context = NSS_InitContext (config, "", "", "", NULL,
                                             NSS_INIT_READONLY | NSS_INIT_NOMODDB |
                                             NSS_INIT_NOROOTINIT);
  PK11SlotInfo *slot;
  PK11SymKey *key;
  gboolean aes = FALSE;

  g_assert_nonnull (context);
  slot = PK11_GetInternalKeySlot ();
  for (key = PK11_ListFixedKeysInSlot (slot, NULL, NULL); key != NULL;)
    {
      PK11SymKey *next = PK11_GetNextSymKey (key);

      aes |= PK11_GetSymKeyType (key) == CKK_AES;
      PK11_FreeSymKey (key);
      key = next;
    }
  PK11_FreeSlot (slot);
  g_assert_cmpint (NSS_ShutdownContext (context), ==, SECSuccess);
  return aes;
}

static FpAccountPlan *
make_plan (FpTestMailServers *servers)
{
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                     servers->imap_port, FP_TRANSPORT_STARTTLS,
                                                     USER, TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                     servers->smtp_port, FP_TRANSPORT_STARTTLS,
                                                     USER, TRUE);
  FpAccountPlan *plan = fp_account_plan_new (ADDRESS, imap, smtp);

  fp_account_plan_set_full_name (plan, "Alice");
  fp_account_plan_set_password (plan, PASSWORD, TRUE);
  fp_account_plan_set_ca_file (plan, servers->ca_file);
  return plan;
}

typedef struct
{
  const char *path;
  const char *needle;
} LogWait;

static gboolean
log_has_cb (gpointer data)
{
  LogWait *wait = data;
  g_autofree char *text = fp_test_read_file (wait->path);

  return strstr (text, wait->needle) != NULL;
}

static void
assert_logs_in_and_sends (FpTestMailServers *servers,
                          const char        *profile)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "thunderbird-send.py", NULL);
  guint16 marionette_port = fp_test_free_port ("127.0.0.1");
  g_autofree char *port = g_strdup_printf ("%u", marionette_port);
  g_autofree char *login = g_strdup_printf ("imap-login: Info: Login: user=<%s>", USER);
  LogWait imap = { servers->dovecot_log, login };
  LogWait sent = { servers->smtp_log, "subject=Fingerpost test" };
  const char *argv[] = { "/usr/bin/python3", script, port, ADDRESS, "queen@mail.example",
                         "Fingerpost test", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dovecot = NULL;
  g_autofree char *smtp = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  GPid pid;

  write_user_js (profile, marionette_port);
  pid = fp_test_thunderbird_launch (profile, TRUE);
  /* login_at_startup: the IMAP login comes by itself, from the password in logins.json. */
  if (!wait_for (log_has_cb, &imap, WAIT_S))
    {
      dovecot = fp_test_read_file (servers->dovecot_log);
      fp_test_thunderbird_stop (pid, profile);
      g_error ("no IMAP login within %d s; dovecot said:\n%s", WAIT_S, dovecot);
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_test_message ("thunderbird-send.py: %s%s", out, err);
  wait_for (log_has_cb, &sent, 30);
  fp_test_thunderbird_stop (pid, profile);

  dovecot = fp_test_read_file (servers->dovecot_log);
  smtp = fp_test_read_file (servers->smtp_log);
  g_test_message ("dovecot:\n%s\naiosmtpd:\n%s", dovecot, smtp);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (dovecot, login));
  g_assert_nonnull (strstr (dovecot, "TLS"));
  /*
   * Never a secured connection left without a password (what a prompt looks like from the
   * server), never a wrong one. The servers' own start-up probes never finish TLS.
   */
  g_assert_false (g_regex_match_simple ("no auth attempts.*, TLS, session", dovecot, 0, 0));
  g_assert_null (strstr (dovecot, "auth failed"));
  g_assert_nonnull (strstr (smtp, "AUTH listener=starttls"));
  g_assert_nonnull (strstr (smtp, "login=" USER " ok=True"));
  g_assert_null (strstr (smtp, "ok=False"));
  g_assert_nonnull (strstr (smtp, "DATA listener=starttls from=" ADDRESS " to=queen@mail.example"));
}

static void
write_account (FpTestMailServers *servers,
               const char        *profile)
{
  g_autoptr(FpAccountPlan) plan = make_plan (servers);
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s / %s", report->password_note, report->trust_note);
}

static FpTestMailServers *
start_servers (void)
{
  g_autoptr(GError) error = NULL;
  FpTestMailServers *servers = fp_test_mail_servers_start (USER, PASSWORD, &error);

  g_assert_no_error (error);
  return servers;
}

static void
test_used_profile (void)
{
  g_autoptr(FpTestMailServers) servers = start_servers ();
  g_autofree char *profile = fp_test_thunderbird_create_profile ("used");
  GPid pid;

  /* Once with no account at all, as a person who opened Thunderbird and closed it. */
  write_user_js (profile, fp_test_free_port ("127.0.0.1"));
  pid = fp_test_thunderbird_launch (profile, FALSE);
  g_assert_true (wait_for (initialised_cb, profile, WAIT_S));
  fp_test_thunderbird_stop (pid, profile);
  g_assert_true (has_aes_key (profile));

  write_account (servers, profile);
  assert_logs_in_and_sends (servers, profile);
}

static void
test_never_started_profile (void)
{
  g_autoptr(FpTestMailServers) servers = start_servers ();
  g_autofree char *profile = fp_test_thunderbird_create_profile ("fresh");
  g_autofree char *keys = g_build_filename (profile, "key4.db", NULL);

  g_assert_false (g_file_test (keys, G_FILE_TEST_EXISTS));
  write_account (servers, profile);
  assert_logs_in_and_sends (servers, profile);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("FP_TEST_TMPDIR") == NULL || g_strcmp0 (g_getenv ("FP_IN_NETNS"), "1") != 0)
    g_error ("run me with run-in-netns.sh and run-isolated.sh: Thunderbird must see neither "
             "the real home nor the network");

  g_test_add_func ("/thunderbird-login/used-profile", test_used_profile);
  g_test_add_func ("/thunderbird-login/never-started-profile", test_never_started_profile);
  return g_test_run ();
}
