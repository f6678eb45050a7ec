/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-thunderbird-writer"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fp-clients-error.h"
#include "fp-thunderbird-profile.h"
#include "fp-thunderbird-writer.h"

/*
 * The Thunderbird writer without Thunderbird: profile discovery, key
 * choice against awkward existing prefs, duplicates, the profile lock, the
 * file on disk. Runs in a home of its own with no session bus
 * (run-isolated.sh), so a keyring call has to fail plainly.
 */

static FpAccountPlan *
make_plan (const char *address,
           const char *imap_host)
{
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, imap_host, 143,
                                                     FP_TRANSPORT_STARTTLS, "alice", TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                     465, FP_TRANSPORT_TLS, "alice", TRUE);
  FpAccountPlan *plan = fp_account_plan_new (address, imap, smtp);

  fp_account_plan_set_full_name (plan, "Alice “Ally” Liddell");
  fp_account_plan_set_label (plan, "Alice at Example");
  return plan;
}

/* An account Thunderbird already has, with key numbers that are not in sequence. */
static const char existing_prefs[] =
  "// Mozilla User Preferences\n"
  "\n"
  "// a comment someone left\n"
  "user_pref(\"browser.cache.disk.capacity\", 358400);\n"
  "user_pref(\"mail.account.account1.identities\", \"id3\");\n"
  "user_pref(\"mail.account.account1.server\", \"server2\");\n"
  "user_pref(\"mail.account.account5.server\", \"server7\");\n"
  "user_pref(\"mail.account.lastKey\", 9);\n"
  "user_pref(\"mail.accountmanager.accounts\", \"account1,account5\");\n"
  "user_pref(\"mail.accountmanager.defaultaccount\", \"account1\");\n"
  "user_pref(\"mail.accountmanager.localfoldersserver\", \"server7\");\n"
  "user_pref(\"mail.identity.id3.fullName\", \"Bob\");\n"
  "user_pref(\"mail.identity.id3.smtpServer\", \"smtp1\");\n"
  "user_pref(\"mail.identity.id3.useremail\", \"bob@old.example\");\n"
  "user_pref(\"mail.server.server2.hostname\", \"imap.old.example\");\n"
  "user_pref(\"mail.server.server2.type\", \"imap\");\n"
  "user_pref(\"mail.server.server7.hostname\", \"Local Folders\");\n"
  "user_pref(\"mail.server.server7.type\", \"none\");\n"
  "user_pref(\"mail.smtp.defaultserver\", \"smtp1\");\n"
  "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.old.example\");\n"
  "user_pref(\"mail.smtpservers\", \"smtp1,smtp4\");\n"
  "user_pref(\"extensions.some-addon.setting\", \"caf\\u00e9 \\\"x\\\"\");\n";

static FpPrefsJs *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  FpPrefsJs *prefs = fp_prefs_js_parse (text, -1, &error);

  g_assert_no_error (error);
  return prefs;
}

static void
assert_int_pref (FpPrefsJs  *prefs,
                 const char *name,
                 gint32      expected)
{
  gint32 value = G_MININT32;

  g_assert_true (fp_prefs_js_get_int (prefs, name, &value));
  g_assert_cmpint (value, ==, expected);
}

static void
test_keys_collide_with_nothing (void)
{
  g_autoptr(FpPrefsJs) prefs = parse_ok (existing_prefs);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", "imap.mail.example");
  g_autoptr(FpWriteReport) report = fp_write_report_new (FP_MAIL_PROGRAM_THUNDERBIRD, FALSE);
  g_autoptr(GError) error = NULL;

  g_assert_true (fp_thunderbird_add_account (prefs, plan, report, &error));
  g_assert_no_error (error);
  /* lastKey 9 beats account5; server7 is Local Folders; smtp4 is only listed. */
  g_assert_cmpstr (report->account_id, ==, "account10");
  g_assert_cmpstr (report->incoming_id, ==, "server8");
  g_assert_cmpstr (report->identity_id, ==, "id4");
  g_assert_cmpstr (report->transport_id, ==, "smtp5");
  assert_int_pref (prefs, "mail.account.lastKey", 10);
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.accountmanager.accounts"), ==,
                   "account1,account5,account10");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.accountmanager.defaultaccount"), ==,
                   "account1");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.smtpservers"), ==, "smtp1,smtp4,smtp5");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.smtp.defaultserver"), ==, "smtp1");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.account.account10.server"), ==,
                   "server8");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.account.account10.identities"), ==,
                   "id4");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.server.server8.hostname"), ==,
                   "imap.mail.example");
  assert_int_pref (prefs, "mail.server.server8.port", 143);
  assert_int_pref (prefs, "mail.server.server8.socketType", 2);
  assert_int_pref (prefs, "mail.server.server8.authMethod", 3);
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.server.server8.type"), ==, "imap");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.server.server8.userName"), ==, "alice");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.identity.id4.useremail"), ==,
                   "alice@mail.example");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.identity.id4.fullName"), ==,
                   "Alice “Ally” Liddell");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.identity.id4.smtpServer"), ==, "smtp5");
  assert_int_pref (prefs, "mail.smtpserver.smtp5.port", 465);
  assert_int_pref (prefs, "mail.smtpserver.smtp5.try_ssl", 3);
  assert_int_pref (prefs, "mail.smtpserver.smtp5.authMethod", 3);
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.smtpserver.smtp5.username"), ==,
                   "alice");
  /* What was there is untouched. */
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.identity.id3.useremail"), ==,
                   "bob@old.example");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "extensions.some-addon.setting"), ==,
                   "café \"x\"");
  g_assert_cmpuint (report->changes->len, >, 20);
}

static void
test_first_account (void)
{
  g_autoptr(FpPrefsJs) prefs = fp_prefs_js_new ();
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", "imap.mail.example");
  g_autoptr(FpWriteReport) report = fp_write_report_new (FP_MAIL_PROGRAM_THUNDERBIRD, FALSE);
  g_autoptr(GError) error = NULL;

  plan->outgoing->login_required = FALSE;
  g_assert_true (fp_thunderbird_add_account (prefs, plan, report, &error));
  g_assert_cmpstr (report->account_id, ==, "account1");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.accountmanager.defaultaccount"), ==,
                   "account1");
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.smtp.defaultserver"), ==, "smtp1");
  assert_int_pref (prefs, "mail.account.lastKey", 1);
  assert_int_pref (prefs, "mail.smtpserver.smtp1.authMethod", 1);
  g_assert_null (fp_prefs_js_get_string (prefs, "mail.smtpserver.smtp1.username"));
}

/* authMethod 4, passwordEncrypted, is Thunderbird's CRAM-MD5; 3 a password as it is. */
static void
test_cram_md5 (void)
{
  g_autoptr(FpPrefsJs) prefs = fp_prefs_js_new ();
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", "imap.mail.example");
  g_autoptr(FpWriteReport) report = fp_write_report_new (FP_MAIL_PROGRAM_THUNDERBIRD, FALSE);
  g_autoptr(GError) error = NULL;
  const FpAuthMethod cram_md5 = FP_AUTH_CRAM_MD5;

  fp_mail_server_set_auth_methods (plan->incoming, &cram_md5, 1);
  g_assert_true (fp_thunderbird_add_account (prefs, plan, report, &error));
  g_assert_no_error (error);
  assert_int_pref (prefs, "mail.server.server1.authMethod", 4);
  assert_int_pref (prefs, "mail.smtpserver.smtp1.authMethod", 3);
}

static void
test_same_account_twice (void)
{
  g_autoptr(FpPrefsJs) prefs = parse_ok (existing_prefs);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", "imap.mail.example");
  g_autoptr(FpAccountPlan) shouting = make_plan ("ALICE@Mail.Example", "IMAP.mail.example");
  g_autoptr(FpAccountPlan) other_host = make_plan ("alice@mail.example", "imap2.mail.example");
  g_autoptr(FpAccountPlan) bob = make_plan ("bob@old.example", "imap.old.example");
  g_autoptr(FpWriteReport) report = fp_write_report_new (FP_MAIL_PROGRAM_THUNDERBIRD, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (fp_thunderbird_add_account (prefs, plan, report, &error));
  before = fp_prefs_js_to_string (prefs);
  g_assert_false (fp_thunderbird_add_account (prefs, shouting, report, &error));
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "account10"));
  g_clear_error (&error);
  g_assert_false (fp_thunderbird_add_account (prefs, bob, report, &error));
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED);
  g_clear_error (&error);
  after = fp_prefs_js_to_string (prefs);
  g_assert_cmpstr (before, ==, after);
  /* Another incoming server is another account. */
  g_assert_true (fp_thunderbird_add_account (prefs, other_host, report, &error));
  g_assert_cmpstr (fp_prefs_js_get_string (prefs, "mail.accountmanager.accounts"), ==,
                   "account1,account5,account10,account11");
}

/* Profiles */

static char *
make_home (const char *name)
{
  g_autofree char *home = g_build_filename (g_getenv ("FP_TEST_TMPDIR"), name, NULL);
  g_autofree char *profiles = g_build_filename (home, ".thunderbird", NULL);

  g_assert_cmpint (g_mkdir_with_parents (profiles, 0700), ==, 0);
  return g_steal_pointer (&home);
}

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
make_profile_dirs (const char  *home,
                   const char **names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (home, ".thunderbird", names[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
    }
}

static void
assert_default_profile (const char *home,
                        const char *ini,
                        const char *expected)
{
  g_autofree char *profiles = g_build_filename (home, ".thunderbird", NULL);
  g_autofree char *wanted = g_build_filename (profiles, expected, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  write_file (profiles, "profiles.ini", ini);
  found = fp_thunderbird_find_default_profile (home, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, wanted);
}

static void
test_find_profile (void)
{
  g_autofree char *home = make_home ("profiles-home");
  const char *names[] = { "a.default", "b.default-release", "c.only", NULL };
  g_autofree char *profiles = g_build_filename (home, ".thunderbird", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  make_profile_dirs (home, names);
  assert_default_profile (home,
                          "[Profile1]\nName=b\nIsRelative=1\nPath=b.default-release\n\n"
                          "[Profile0]\nName=a\nIsRelative=1\nPath=a.default\nDefault=1\n\n"
                          "[InstallFDC34C9F024745EB]\nDefault=b.default-release\nLocked=1\n\n"
                          "[General]\nStartWithLastProfile=1\nVersion=2\n",
                          "b.default-release");
  assert_default_profile (home,
                          "[Profile1]\nName=b\nIsRelative=1\nPath=b.default-release\n\n"
                          "[Profile0]\nName=a\nIsRelative=1\nPath=a.default\nDefault=1\n",
                          "a.default");
  assert_default_profile (home, "[Profile0]\nName=c\nIsRelative=1\nPath=c.only\n", "c.only");

  /* Two profiles and nothing to choose between them: ask, do not guess. */
  write_file (profiles, "profiles.ini",
              "[Profile0]\nIsRelative=1\nPath=a.default\n\n"
              "[Profile1]\nIsRelative=1\nPath=b.default-release\n");
  found = fp_thunderbird_find_default_profile (home, &error);
  g_assert_null (found);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_NO_PROFILE);
  g_clear_error (&error);

  g_clear_pointer (&found, g_free);
  {
    g_autofree char *ini = g_build_filename (profiles, "profiles.ini", NULL);

    g_unlink (ini);
  }
  found = fp_thunderbird_find_default_profile (home, &error);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_NO_PROFILE);
}

static char *
make_profile (const char *name,
              const char *prefs)
{
  g_autofree char *home = make_home (name);
  g_autofree char *profile = g_build_filename (home, ".thunderbird", "p.default", NULL);

  g_assert_cmpint (g_mkdir_with_parents (profile, 0700), ==, 0);
  if (prefs != NULL)
    write_file (profile, "prefs.js", prefs);
  return g_steal_pointer (&profile);
}

static char *
read_prefs (const char *profile)
{
  g_autofree char *path = g_build_filename (profile, "prefs.js", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static guint
count_backups (const char *profile)
{
  g_autoptr(GDir) dir = g_dir_open (profile, 0, NULL);
  const char *name;
  guint count = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    count += g_str_has_prefix (name, "prefs.js.before-fingerpost-");
  return count;
}

/*
 * Every line that was there is there afterwards, in order, byte for byte;
 * only the lists that must name the new account (and lastKey) grow.
 */
static void
assert_lines_kept (const char *before,
                   const char *after)
{
  const char *updated[] = { "\"mail.accountmanager.accounts\"", "\"mail.smtpservers\"",
                            "\"mail.account.lastKey\"", NULL };
  g_auto(GStrv) lines = g_strsplit (before, "\n", -1);
  g_autoptr(FpPrefsJs) old_prefs = parse_ok (before);
  g_autoptr(FpPrefsJs) new_prefs = parse_ok (after);
  const char *cursor = after;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *found;
      gboolean is_updated = FALSE;

      for (guint j = 0; updated[j] != NULL; j++)
        is_updated |= strstr (lines[i], updated[j]) != NULL;
      if (is_updated)
        continue;
      found = strstr (cursor, lines[i]);

      g_assert_nonnull (found);
      cursor = found + strlen (lines[i]);
    }
  for (guint j = 0; j < 2; j++)
    {
      g_autofree char *name = g_strndup (updated[j] + 1, strlen (updated[j]) - 2);
      g_autofree char *prefix = g_strconcat (fp_prefs_js_get_string (old_prefs, name), ",",
                                             NULL);

      g_assert_true (g_str_has_prefix (fp_prefs_js_get_string (new_prefs, name), prefix));
    }
}

static void
test_write_profile (void)
{
  g_autofree char *profile = make_profile ("write-home", existing_prefs);
  g_autofree char *prefs_path = g_build_filename (profile, "prefs.js", NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", "imap.mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(FpWriteReport) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *after_again = NULL;
  GStatBuf st;

  report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (report->dry_run);
  g_assert_cmpstr (report->location, ==, profile);
  g_assert_cmpstr (g_ptr_array_index (report->files, 0), ==, prefs_path);
  g_assert_cmpuint (report->secrets->len, ==, 0);
  g_assert_nonnull (report->password_note);

  after = read_prefs (profile);
  assert_lines_kept (existing_prefs, after);
  g_assert_nonnull (strstr (after, "user_pref(\"mail.server.server8.hostname\", "
                                   "\"imap.mail.example\");"));
  g_assert_cmpint (g_stat (prefs_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_nonnull (report->backup);
  g_file_get_contents (report->backup, &backup, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (backup, ==, existing_prefs);
  g_assert_cmpint (g_stat (report->backup, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Again: reported, and nothing touched. */
  again = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED);
  after_again = read_prefs (profile);
  g_assert_cmpstr (after_again, ==, after);
  g_assert_cmpuint (count_backups (profile), ==, 1);
}

static void
test_dry_run (void)
{
  g_autofree char *profile = make_profile ("dry-home", existing_prefs);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", "imap.mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  fp_account_plan_set_password (plan, "secret", TRUE);
  report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_DRY_RUN, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->dry_run);
  g_assert_cmpstr (report->account_id, ==, "account10");
  g_assert_cmpuint (report->changes->len, >, 20);
  after = read_prefs (profile);
  g_assert_cmpstr (after, ==, existing_prefs);
  g_assert_cmpuint (count_backups (profile), ==, 0);
}

static void
test_bad_prefs_refused (void)
{
  const char *broken = "user_pref(\"mail.accountmanager.accounts\", \"account1\")\n";
  g_autofree char *profile = make_profile ("bad-home", broken);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", "imap.mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE);
  g_assert_nonnull (strstr (error->message, "line 2"));
  after = read_prefs (profile);
  g_assert_cmpstr (after, ==, broken);
}

/* With no session bus (run-isolated.sh --session=none) the keyring is unavailable. */
static void
test_keyring_unavailable (void)
{
  g_autofree char *profile = make_profile ("nobus-home", existing_prefs);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", "imap.mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  fp_account_plan_set_password (plan, "secret", TRUE);
  report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (report);
  g_test_message ("%s", error->message);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_KEYRING_UNAVAILABLE);
  g_assert_true (fp_clients_error_is_keyring (error));
  after = read_prefs (profile);
  g_assert_cmpstr (after, ==, existing_prefs);
  g_assert_cmpuint (count_backups (profile), ==, 0);
}

/* Thunderbird's lock held by another process: refused, nothing written. */
static void
test_locked_profile (void)
{
  g_autofree char *profile = make_profile ("locked-home", existing_prefs);
  g_autofree char *lock_path = g_build_filename (profile, ".parentlock", NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", "imap.mail.example");
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  int ready[2], release[2];
  char byte = 0;
  pid_t child;

  g_assert_false (fp_thunderbird_profile_is_running (profile));
  g_assert_cmpint (pipe (ready), ==, 0);
  g_assert_cmpint (pipe (release), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      struct flock request = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
      int fd = open (lock_path, O_RDWR | O_CREAT, 0600);

      if (fd < 0 || fcntl (fd, F_SETLK, &request) != 0)
        _exit (1);
      if (write (ready[1], "x", 1) != 1 || read (release[0], &byte, 1) < 0)
        _exit (1);
      _exit (0);
    }
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);

  g_assert_true (fp_thunderbird_profile_is_running (profile));
  report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_PROGRAM_RUNNING);
  after = read_prefs (profile);
  g_assert_cmpstr (after, ==, existing_prefs);
  g_assert_cmpuint (count_backups (profile), ==, 0);

  g_assert_cmpint (write (release[1], "x", 1), ==, 1);
  g_assert_cmpint (waitpid (child, NULL, 0), ==, child);
  close (ready[0]), close (ready[1]), close (release[0]), close (release[1]);
  g_assert_false (fp_thunderbird_profile_is_running (profile));
}

/* The `lock` link is a hint: a live process counts, a dead one (after a crash) does not. */
static void
test_lock_link (void)
{
  g_autofree char *profile = make_profile ("link-home", NULL);
  g_autofree char *link_path = g_build_filename (profile, "lock", NULL);
  g_autofree char *live = g_strdup_printf ("127.0.0.1:+%d", (int) getpid ());
  g_autofree char *dead = NULL;
  pid_t child = fork ();

  if (child == 0)
    _exit (0);
  g_assert_cmpint (waitpid (child, NULL, 0), ==, child);
  dead = g_strdup_printf ("127.0.0.1:+%d", (int) child);

  g_assert_cmpint (symlink (live, link_path), ==, 0);
  g_assert_true (fp_thunderbird_profile_is_running (profile));
  g_assert_cmpint (g_unlink (link_path), ==, 0);
  g_assert_cmpint (symlink (dead, link_path), ==, 0);
  g_assert_false (fp_thunderbird_profile_is_running (profile));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/thunderbird/keys-collide-with-nothing", test_keys_collide_with_nothing);
  g_test_add_func ("/thunderbird/first-account", test_first_account);
  g_test_add_func ("/thunderbird/cram-md5", test_cram_md5);
  g_test_add_func ("/thunderbird/same-account-twice", test_same_account_twice);
  g_test_add_func ("/thunderbird/find-profile", test_find_profile);
  g_test_add_func ("/thunderbird/write-profile", test_write_profile);
  g_test_add_func ("/thunderbird/dry-run", test_dry_run);
  g_test_add_func ("/thunderbird/bad-prefs-refused", test_bad_prefs_refused);
  g_test_add_func ("/thunderbird/keyring-unavailable", test_keyring_unavailable);
  g_test_add_func ("/thunderbird/locked-profile", test_locked_profile);
  g_test_add_func ("/thunderbird/lock-link", test_lock_link);
  return g_test_run ();
}
