/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-thunderbird-logins"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include <nss.h>
#include <pk11pub.h>
#include <pk11sdr.h>
#include <prerror.h>

#include "fp-clients-error.h"
#include "fp-logins-json.h"
#include "fp-test-scratch.h"
#include "fp-thunderbird-nss.h"
#include "fp-thunderbird-writer.h"

/*
 * Thunderbird's own password store, without Thunderbird: logins.json made on
 * a profile that has no key4.db yet, on one whose SDR key is AES-256 as
 * Thunderbird 153 makes it (where NSS 3.87's PK11SDR_Encrypt fails), a login
 * of the same origin and user replaced and nothing else touched, a bad file
 * refused, a primary password respected, and the --ca-file authority in
 * cert9.db. Runs with a real keyring (run-isolated.sh --session=keyring).
 * test-thunderbird-live proves that the real Thunderbird reads the result.
 */

#define PASSWORD "correct horse"

static FpAccountPlan *
make_plan (const char *address,
           const char *password)
{
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "IMAP.mail.example",
                                                     143, FP_TRANSPORT_STARTTLS, "alice", TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                     465, FP_TRANSPORT_TLS, "alice", TRUE);
  FpAccountPlan *plan = fp_account_plan_new (address, imap, smtp);

  fp_account_plan_set_password (plan, password, TRUE);
  return plan;
}

static FpTestScratch *
make_profile (void)
{
  return fp_test_scratch_new ("fp-profile-XXXXXX");
}

static char *
read_text (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  return text;
}

static JsonObject *
load_logins (const char *profile)
{
  g_autofree char *text = read_text (profile, "logins.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (text);
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static FpWriteReport *
write_ok (const FpAccountPlan *plan,
          const char          *profile)
{
  g_autoptr(GError) error = NULL;
  FpWriteReport *report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE,
                                                            NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static char *
decrypt (const char *profile,
         const char *base64)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpThunderbirdNss) nss = fp_thunderbird_nss_open (profile, &error);
  char *text;

  g_assert_no_error (error);
  text = fp_thunderbird_nss_decrypt (nss, base64, &error);
  g_assert_no_error (error);
  return text;
}

static JsonObject *
find_login (JsonObject *root,
            const char *origin)
{
  JsonArray *logins = json_object_get_array_member (root, "logins");
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (logins); i++)
    {
      JsonObject *login = json_array_get_object_element (logins, i);

      if (g_strcmp0 (json_object_get_string_member (login, "hostname"), origin) == 0)
        {
          g_assert_null (found);
          found = login;
        }
    }
  g_assert_nonnull (found);
  return found;
}

static void
assert_login (const char *profile,
              JsonObject *login,
              const char *origin,
              const char *password)
{
  g_autofree char *user = decrypt (profile,
                                   json_object_get_string_member (login, "encryptedUsername"));
  g_autofree char *secret = decrypt (profile,
                                     json_object_get_string_member (login, "encryptedPassword"));
  const char *guid = json_object_get_string_member (login, "guid");

  g_assert_cmpstr (json_object_get_string_member (login, "httpRealm"), ==, origin);
  g_assert_true (json_object_get_null_member (login, "formSubmitURL"));
  g_assert_cmpstr (json_object_get_string_member (login, "usernameField"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (login, "passwordField"), ==, "");
  g_assert_cmpint (json_object_get_int_member (login, "encType"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (login, "timesUsed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (login, "timePasswordChanged"), >, 1700000000000);
  g_assert_true (guid[0] == '{' && guid[strlen (guid) - 1] == '}' && strlen (guid) == 38);
  g_assert_cmpstr (user, ==, "alice");
  g_assert_cmpstr (secret, ==, password);
}

static guint
file_mode (const char *profile,
           const char *name)
{
  g_autofree char *path = g_build_filename (profile, name, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* A profile Thunderbird never started: no key4.db, no logins.json. */
static void
test_new_profile (void)
{
  g_autoptr(FpTestScratch) profile = make_profile ();
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", PASSWORD);
  g_autoptr(FpWriteReport) report = write_ok (plan, profile);
  g_autoptr(JsonObject) root = load_logins (profile);
  g_autofree char *key_db = g_build_filename (profile, "key4.db", NULL);

  g_assert_true (g_file_test (key_db, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (file_mode (profile, "logins.json"), ==, 0600);
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "nextId"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "logins")), ==, 2);
  g_assert_cmpuint (json_array_get_length (
                      json_object_get_array_member (root, "potentiallyVulnerablePasswords")),
                    ==, 0);
  g_assert_true (json_object_has_member (root, "dismissedBreachAlertsByLoginGUID"));
  /* The origin is the scheme and the host, lower case, no user, no port. */
  assert_login (profile, find_login (root, "imap://imap.mail.example"),
                "imap://imap.mail.example", PASSWORD);
  assert_login (profile, find_login (root, "smtp://smtp.mail.example"),
                "smtp://smtp.mail.example", PASSWORD);
  g_assert_nonnull (strstr (report->password_note, "does not ask"));
  g_assert_true (g_ptr_array_find_with_equal_func (report->files, "logins.json",
                                                   (GEqualFunc) g_str_has_suffix, NULL));
  /* Nothing to back up: there was no file before. */
  g_assert_cmpuint (report->backups->len, ==, 0);
}

/* What Thunderbird 153 does at its first start: an AES-256 key under the SDR key ID. */
static void
make_aes_sdr_key (const char *profile)
{
  g_autofree char *config = g_strconcat ("sql:", profile, NULL);
  unsigned char id[] = { 0xF8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 };
  SECItem keyid = { siBuffer, id, sizeof id };
  SECItem empty = { siBuffer, NULL, 0 };
  SECItem data = { siBuffer, (unsigned char *) "x", 1 };
  SECItem result = { siBuffer, NULL, 0 };
  NSSInitContext *context = NSS_InitContext (config, "", "", "", NULL,
                                             NSS_INIT_NOMODDB | NSS_INIT_NOROOTINIT);
  PK11SlotInfo *slot;
  PK11SymKey *key;

  g_assert_nonnull (context);
  slot = PK11_GetInternalKeySlot ();
  if (PK11_NeedUserInit (slot))
    g_assert_cmpint (PK11_InitPin (slot, NULL, ""), ==, SECSuccess);
  key = PK11_TokenKeyGen (slot, CKM_AES_KEY_GEN, NULL, 32, &keyid, PR_TRUE, NULL);
  g_assert_nonnull (key);
  PK11_FreeSymKey (key);
  /* The trap this works around: Debian 12's NSS cannot use that key for SDR. */
  g_assert_cmpint (PK11SDR_Encrypt (&empty, &data, &result, NULL), ==, SECFailure);
  g_test_message ("PK11SDR_Encrypt with the AES key: %s", PR_ErrorToName (PR_GetError ()));
  PK11_FreeSlot (slot);
  g_assert_cmpint (NSS_ShutdownContext (context), ==, SECSuccess);
}

static gboolean
envelope_names_aes_256 (const char *base64)
{
  /* The DER of the OID aes256-CBC, 2.16.840.1.101.3.4.1.42. */
  static const guchar aes_256_cbc[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04,
                                        0x01, 0x2a };
  gsize length = 0;
  g_autofree guchar *der = g_base64_decode (base64, &length);

  for (gsize i = 0; i + sizeof aes_256_cbc <= length; i++)
    if (memcmp (der + i, aes_256_cbc, sizeof aes_256_cbc) == 0)
      return TRUE;
  return FALSE;
}

static void
test_aes_key (void)
{
  g_autoptr(FpTestScratch) profile = make_profile ();
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", PASSWORD);
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonObject *login;

  make_aes_sdr_key (profile);
  report = write_ok (plan, profile);
  root = load_logins (profile);
  login = find_login (root, "imap://imap.mail.example");
  g_assert_true (envelope_names_aes_256 (json_object_get_string_member (login,
                                                                        "encryptedPassword")));
  assert_login (profile, login, "imap://imap.mail.example", PASSWORD);
}

/* Logins someone else stored: same origin and another user, another origin. */
static const char other_logins[] =
  "{\"nextId\":8,\"logins\":["
  "{\"id\":5,\"hostname\":\"imap://imap.mail.example\",\"httpRealm\":\"imap://imap.mail.example\","
  "\"formSubmitURL\":null,\"usernameField\":\"\",\"passwordField\":\"\","
  "\"encryptedUsername\":\"bm90IGFuIFNEUiBlbnZlbG9wZQ==\",\"encryptedPassword\":\"eA==\","
  "\"guid\":\"{00000000-0000-4000-8000-000000000005}\",\"encType\":1,\"timeCreated\":1,"
  "\"timeLastUsed\":1,\"timePasswordChanged\":1,\"timesUsed\":4,\"someday\":\"kept\"},"
  "{\"id\":7,\"hostname\":\"https://www.example.com\",\"httpRealm\":null,"
  "\"formSubmitURL\":\"https://www.example.com\",\"usernameField\":\"u\",\"passwordField\":\"p\","
  "\"encryptedUsername\":\"eQ==\",\"encryptedPassword\":\"eg==\","
  "\"guid\":\"{00000000-0000-4000-8000-000000000007}\",\"encType\":1,\"timeCreated\":1,"
  "\"timeLastUsed\":1,\"timePasswordChanged\":1,\"timesUsed\":1}],"
  "\"potentiallyVulnerablePasswords\":[],\"dismissedBreachAlertsByLoginGUID\":{},"
  "\"version\":3,\"futureMember\":[1,2]}";

static char *
login_json (JsonObject *login)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), login);

  return json_to_string (node, FALSE);
}

static void
test_replace_same_user_only (void)
{
  g_autoptr(FpTestScratch) profile = make_profile ();
  g_autofree char *logins_path = g_build_filename (profile, "logins.json", NULL);
  g_autofree char *prefs_path = g_build_filename (profile, "prefs.js", NULL);
  g_autoptr(FpAccountPlan) first = make_plan ("alice@mail.example", "old password");
  g_autoptr(FpAccountPlan) again = make_plan ("alice@mail.example", PASSWORD);
  g_autoptr(FpWriteReport) report = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) others = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *old_guid = NULL;
  g_autofree char *backup_text = NULL;
  g_autofree char *kept_text = NULL;
  JsonArray *logins;

  /* Our logins from a first setup, whose account was then removed in Thunderbird. */
  g_assert_true (g_file_set_contents (logins_path, other_logins, -1, NULL));
  report = write_ok (first, profile);
  g_assert_cmpint (g_unlink (prefs_path), ==, 0);
  before = load_logins (profile);
  old_guid = g_strdup (json_object_get_string_member (
    find_login (before, "smtp://smtp.mail.example"), "guid"));
  g_assert_true (g_file_get_contents (logins_path, &kept_text, NULL, NULL));

  g_clear_pointer (&report, fp_write_report_unref);
  report = write_ok (again, profile);
  after = load_logins (profile);
  logins = json_object_get_array_member (after, "logins");
  g_assert_cmpuint (json_array_get_length (logins), ==, 4);
  /* Replaced in place: same guid and id, the new password. */
  g_assert_cmpstr (json_object_get_string_member (find_login (after, "smtp://smtp.mail.example"),
                                                  "guid"), ==, old_guid);
  assert_login (profile, find_login (after, "smtp://smtp.mail.example"),
                "smtp://smtp.mail.example", PASSWORD);
  g_assert_cmpint (json_object_get_int_member (after, "nextId"), ==, 10);
  /* The other user's login on the same origin, and the web login, exactly as they were. */
  json_parser_load_from_data (parser, other_logins, -1, NULL);
  others = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *expected = login_json (
        json_array_get_object_element (json_object_get_array_member (others, "logins"), i));
      g_autofree char *actual = login_json (json_array_get_object_element (logins, i));

      g_assert_cmpstr (actual, ==, expected);
    }
  g_assert_true (json_object_has_member (after, "futureMember"));
  /* The file before this write is kept, whole. */
  g_assert_cmpuint (report->backups->len, ==, 1);
  g_assert_true (g_file_get_contents (g_ptr_array_index (report->backups, 0), &backup_text, NULL,
                                      NULL));
  g_assert_cmpstr (backup_text, ==, kept_text);
}

static void
test_bad_file_refused (void)
{
  g_autoptr(FpTestScratch) profile = make_profile ();
  g_autofree char *logins_path = g_build_filename (profile, "logins.json", NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", PASSWORD);
  const char *bad[] = { "{\"logins\": ", "[]", "{\"logins\": {}}", "{\"logins\": [1]}",
                        "{\"nextId\": \"x\", \"logins\": []}" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpWriteReport) report = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_assert_true (g_file_set_contents (logins_path, bad[i], -1, NULL));
      report = fp_thunderbird_writer_write_sync (plan, profile, FP_WRITE_FLAGS_NONE, NULL, &error);
      g_assert_null (report);
      g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE);
      g_test_message ("%s", error->message);
      /* Neither file written, no backup made. */
      text = read_text (profile, "logins.json");
      g_assert_cmpstr (text, ==, bad[i]);
      dir = g_dir_open (profile, 0, NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_assert_true (!g_str_has_prefix (name, "prefs.js") && !strstr (name, "before-fingerpost"));
    }
}

static void
test_primary_password (void)
{
  g_autoptr(FpTestScratch) profile = make_profile ();
  g_autofree char *pwfile = g_build_filename (profile, "pw.txt", NULL);
  g_autofree char *config = g_strconcat ("sql:", profile, NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", PASSWORD);
  g_autoptr(FpWriteReport) report = NULL;
  g_autofree char *prefs = NULL;
  const char *argv[] = { "certutil", "-N", "-d", config, "-f", pwfile, NULL };
  int status = -1;

  g_assert_true (g_file_set_contents (pwfile, "primary secret\n", -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  g_unlink (pwfile);

  report = write_ok (plan, profile);
  /* The account is written; the password cannot be, and the note says Thunderbird asks once. */
  prefs = read_text (profile, "prefs.js");
  g_assert_nonnull (strstr (prefs, "IMAP.mail.example"));
  g_assert_null (read_text (profile, "logins.json"));
  g_assert_nonnull (strstr (report->password_note, "primary password"));
  g_assert_nonnull (strstr (report->password_note, "asks for it once"));
}

static void
test_ca_file (void)
{
  g_autoptr(FpTestScratch) profile = make_profile ();
  g_autofree char *ca = g_test_build_filename (G_TEST_BUILT, "test-ca.pem", NULL);
  g_autofree char *config = g_strconcat ("sql:", profile, NULL);
  g_autoptr(FpAccountPlan) plan = make_plan ("alice@mail.example", PASSWORD);
  g_autoptr(FpWriteReport) report = NULL;
  g_autofree char *listing = NULL;
  const char *argv[] = { "certutil", "-L", "-d", config, NULL };
  int status = -1;

  fp_account_plan_set_ca_file (plan, ca);
  report = write_ok (plan, profile);
  g_assert_nonnull (report->trust_note);
  g_assert_nonnull (strstr (report->trust_note, "cert9.db"));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &listing, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  g_test_message ("%s", listing);
  g_assert_nonnull (strstr (listing, "(Fingerpost)"));
  g_assert_true (g_regex_match_simple ("\\(Fingerpost\\)\\s+C,,", listing, 0, 0));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("FP_TEST_TMPDIR") == NULL)
    g_error ("run me with run-isolated.sh --session=keyring: the keyring must be a test one");

  g_test_add_func ("/thunderbird-logins/new-profile", test_new_profile);
  g_test_add_func ("/thunderbird-logins/aes-key", test_aes_key);
  g_test_add_func ("/thunderbird-logins/replace-same-user-only", test_replace_same_user_only);
  g_test_add_func ("/thunderbird-logins/bad-file-refused", test_bad_file_refused);
  g_test_add_func ("/thunderbird-logins/primary-password", test_primary_password);
  g_test_add_func ("/thunderbird-logins/ca-file", test_ca_file);
  return g_test_run ();
}
