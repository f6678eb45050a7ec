/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-auth-choice"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fp-auth-choice.h"
#include "fp-error.h"
#include "fp-evolution-oauth2.h"
#include "fp-thunderbird-oauth2.h"

/*
 * Which method each mail program uses, from the programs installed here:
 * Thunderbird's OAuth2 table read from its own omni.ja, Evolution's
 * services asked of libedataserver. Gmail's hosts are known to both (as of
 * Thunderbird 153 and EDS 3.46), mail.example to neither.
 */

#define OMNI_JA "/usr/lib/thunderbird/omni.ja"

static FpMailServer *
server_new (FpMailProtocol      protocol,
            const char         *host,
            const FpAuthMethod *methods,
            guint               n_methods)
{
  FpMailServer *server = fp_mail_server_new (protocol, host, 0, FP_TRANSPORT_TLS,
                                             "alice@example.com", TRUE);

  fp_mail_server_set_auth_methods (server, methods, n_methods);
  return server;
}

static GArray *
programs_new (gboolean evolution,
              gboolean thunderbird)
{
  GArray *programs = g_array_new (FALSE, FALSE, sizeof (FpMailProgram));
  FpMailProgram e = FP_MAIL_PROGRAM_EVOLUTION, t = FP_MAIL_PROGRAM_THUNDERBIRD;

  if (evolution)
    g_array_append_val (programs, e);
  if (thunderbird)
    g_array_append_val (programs, t);
  return programs;
}

/* The jar reader against `unzip -p`: the same table, the hosts Thunderbird uses. */
static void
test_thunderbird_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) table = fp_thunderbird_oauth2_load (OMNI_JA, &error);
  g_autoptr(GHashTable) expected = NULL;
  g_autofree char *module = NULL;
  g_autofree char *issuer = NULL;
  const char *argv[] = { "unzip", "-p", OMNI_JA, "modules/OAuth2Providers.sys.mjs", NULL };
  GHashTableIter iter;
  gpointer key, value;

  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &module, NULL, NULL,
                               &error));
  g_assert_no_error (error);
  expected = fp_thunderbird_oauth2_parse (module, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (table), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (g_hash_table_lookup (table, key), ==, value);

  issuer = fp_thunderbird_oauth2_lookup (table, "IMAP.gmail.com");
  g_assert_cmpstr (issuer, ==, "accounts.google.com");
  g_clear_pointer (&issuer, g_free);
  issuer = fp_thunderbird_oauth2_lookup (table, "outlook.office365.com");
  g_assert_cmpstr (issuer, ==, "login.microsoftonline.com");
  g_assert_null (fp_thunderbird_oauth2_lookup (table, "imap.mail.example"));
  g_assert_null (fp_thunderbird_oauth2_lookup (table, "com"));
  /* What the process itself uses is that same installed table. */
  g_assert_true (fp_thunderbird_oauth2_knows_host ("smtp.gmail.com", NULL));
  g_assert_cmpstr (fp_thunderbird_oauth2_get_source (), ==, OMNI_JA);
}

/* The scanner: brackets and quotes inside comments and strings count for nothing. */
static void
test_thunderbird_parse (void)
{
  const char *module =
    "const X = { a: \"[\" };\n"
    "var kHostnames = new Map([\n"
    "  // [\"commented.example\", [\"no\", 1]],\n"
    "  [\"Mail.Example.org\", [\"login.example.org\", X]],\n"
    "  /* ] ) */\n"
    "  [\n    'multi.example',\n    [\"issuer.example\", { imap: \"a]b\" }],\n  ],\n"
    "]);\n"
    "var kIssuers = new Map([[\"after.example\", {}]]);\n";
  const char *broken[] = { "nothing here", "var kHostnames = new Map([]);" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) table = fp_thunderbird_oauth2_parse (module, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (table), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (table, "mail.example.org"), ==, "login.example.org");
  g_assert_cmpstr (g_hash_table_lookup (table, "multi.example"), ==, "issuer.example");
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) broken_error = NULL;

      g_assert_null (fp_thunderbird_oauth2_parse (broken[i], &broken_error));
      g_assert_nonnull (broken_error);
    }
}

/* A deflated member (the jar Debian ships stores it), and files that are not jars. */
static void
test_thunderbird_jar_kinds (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fp-jar-XXXXXX", NULL);
  g_autofree char *jar = g_build_filename (dir, "omni.ja", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.ja", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) table = NULL;
  const char *argv[] = {
    "/usr/bin/python3", "-c",
    "import sys, zipfile\n"
    "z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n"
    "z.writestr('other.txt', 'x' * 5000)\n"
    "z.writestr('modules/OAuth2Providers.sys.mjs',\n"
    "  'var kHostnames = new Map([[\"deflated.example\", [\"issuer.example\", \"s\"]]]);' * 40)\n"
    "z.close()\n", jar, NULL };
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  table = fp_thunderbird_oauth2_load (jar, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (table, "deflated.example"), ==, "issuer.example");

  g_assert_true (g_file_set_contents (junk, "PK\003\004 not really a zip file", -1, NULL));
  g_assert_null (fp_thunderbird_oauth2_load (junk, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (fp_thunderbird_oauth2_load ("/nonexistent/omni.ja", &error));
  g_assert_nonnull (error);
  g_unlink (jar);
  g_unlink (junk);
  g_rmdir (dir);
}

static void
test_evolution_services (void)
{
  const FpAuthMethod oauth2 = FP_AUTH_OAUTH2;
  g_autoptr(FpMailServer) gmail = server_new (FP_MAIL_PROTOCOL_IMAP, "imap.gmail.com", &oauth2, 1);
  g_autoptr(FpMailServer) smtp = server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.gmail.com", &oauth2, 1);
  g_autoptr(FpMailServer) other = server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                              &oauth2, 1);
  g_autofree char *service = fp_evolution_oauth2_service_for (gmail, NULL);
  g_autofree char *smtp_service = fp_evolution_oauth2_service_for (smtp, NULL);

  g_assert_cmpstr (service, ==, "Google");
  g_assert_cmpstr (smtp_service, ==, "Google");
  g_assert_null (fp_evolution_oauth2_service_for (other, NULL));
}

/* The first method of the provider's order each program can do, and the sentence that says so. */
static void
test_choose (void)
{
  const FpAuthMethod oauth2_first[] = { FP_AUTH_OAUTH2, FP_AUTH_PASSWORD };
  const FpAuthMethod oauth2_second[] = { FP_AUTH_PASSWORD, FP_AUTH_OAUTH2 };
  const FpAuthMethod oauth2_only[] = { FP_AUTH_OAUTH2 };
  const FpAuthMethod oauth2_cram[] = { FP_AUTH_OAUTH2, FP_AUTH_CRAM_MD5 };
  g_autoptr(FpMailServer) gmail = server_new (FP_MAIL_PROTOCOL_IMAP, "imap.gmail.com",
                                              oauth2_first, 2);
  g_autoptr(FpMailServer) gmail_second = server_new (FP_MAIL_PROTOCOL_IMAP, "imap.gmail.com",
                                                     oauth2_second, 2);
  g_autoptr(FpMailServer) other = server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                              oauth2_first, 2);
  g_autoptr(FpMailServer) other_cram = server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                   oauth2_cram, 2);
  g_autoptr(FpMailServer) other_only = server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                   oauth2_only, 1);
  g_autoptr(FpMailServer) fastmail = server_new (FP_MAIL_PROTOCOL_IMAP, "imap.fastmail.com",
                                                 oauth2_first, 2);
  FpAuthMethod method = FP_AUTH_PASSWORD;
  g_autofree char *why = NULL;

  g_assert_true (fp_auth_choose (FP_MAIL_PROGRAM_THUNDERBIRD, gmail, &method, &why));
  g_assert_cmpint (method, ==, FP_AUTH_OAUTH2);
  g_assert_cmpstr (why, ==, "Thunderbird will open the sign-in page of accounts.google.com the "
                            "first time; Fingerpost never sees that password.");
  g_clear_pointer (&why, g_free);
  g_assert_true (fp_auth_choose (FP_MAIL_PROGRAM_EVOLUTION, gmail, &method, &why));
  g_assert_cmpint (method, ==, FP_AUTH_OAUTH2);
  g_assert_cmpstr (why, ==, "Evolution will open Google’s sign-in page the first time; "
                            "Fingerpost never sees that password.");
  g_clear_pointer (&why, g_free);

  g_assert_true (fp_auth_choose (FP_MAIL_PROGRAM_EVOLUTION, gmail_second, &method, NULL));
  g_assert_cmpint (method, ==, FP_AUTH_PASSWORD);

  g_assert_true (fp_auth_choose (FP_MAIL_PROGRAM_THUNDERBIRD, other, &method, &why));
  g_assert_cmpint (method, ==, FP_AUTH_PASSWORD);
  g_assert_cmpstr (why, ==, "Thunderbird cannot sign in to imap.mail.example with OAuth2: "
                            "Thunderbird’s built-in OAuth2 list does not name this host. It will "
                            "use the password, the provider’s next choice (the provider may want "
                            "an app password).");
  g_clear_pointer (&why, g_free);
  g_assert_true (fp_auth_choose (FP_MAIL_PROGRAM_EVOLUTION, other_cram, &method, NULL));
  g_assert_cmpint (method, ==, FP_AUTH_CRAM_MD5);

  g_assert_false (fp_auth_choose (FP_MAIL_PROGRAM_EVOLUTION, other_only, &method, &why));
  g_assert_cmpstr (why, ==, "Evolution cannot sign in to smtp.mail.example: the server only "
                            "takes OAuth2, and Evolution has no OAuth2 service for this host.");
  g_clear_pointer (&why, g_free);

  /* Thunderbird knows Fastmail, Evolution 3.46 does not: each its own way. */
  g_assert_true (fp_auth_choose (FP_MAIL_PROGRAM_THUNDERBIRD, fastmail, &method, NULL));
  g_assert_cmpint (method, ==, FP_AUTH_OAUTH2);
  g_assert_true (fp_auth_choose (FP_MAIL_PROGRAM_EVOLUTION, fastmail, &method, NULL));
  g_assert_cmpint (method, ==, FP_AUTH_PASSWORD);
}

static FpMailConfig *
config_new (FpMailServer *incoming,
            FpMailServer *incoming2,
            FpMailServer *outgoing)
{
  FpMailConfig *config = fp_mail_config_new ("alice@example.com");

  g_ptr_array_add (config->incoming, incoming);
  if (incoming2 != NULL)
    g_ptr_array_add (config->incoming, incoming2);
  g_ptr_array_add (config->outgoing, outgoing);
  return config;
}

static void
test_apply (void)
{
  const FpAuthMethod oauth2_only[] = { FP_AUTH_OAUTH2 };
  const FpAuthMethod oauth2_first[] = { FP_AUTH_OAUTH2, FP_AUTH_PASSWORD };
  const FpAuthMethod password[] = { FP_AUTH_PASSWORD };
  g_autoptr(GArray) both = programs_new (TRUE, TRUE);
  g_autoptr(GArray) thunderbird = programs_new (FALSE, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) mixed = config_new (
    server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", oauth2_only, 1),
    server_new (FP_MAIL_PROTOCOL_POP3, "pop.mail.example", password, 1),
    server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example", password, 1));
  g_autoptr(FpMailConfig) chosen = fp_auth_choice_apply (mixed, both, NULL, &error);
  g_autoptr(FpMailConfig) fastmail = config_new (
    server_new (FP_MAIL_PROTOCOL_IMAP, "imap.fastmail.com", oauth2_first, 2), NULL,
    server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.fastmail.com", oauth2_only, 1));
  g_autoptr(FpMailConfig) fastmail_chosen = NULL;

  /* The OAuth2-only server no program can use is set aside, with a note; the original stays. */
  g_assert_no_error (error);
  g_assert_cmpuint (mixed->incoming->len, ==, 2);
  g_assert_cmpuint (chosen->incoming->len, ==, 1);
  g_assert_cmpstr (((FpMailServer *) g_ptr_array_index (chosen->incoming, 0))->host, ==,
                   "pop.mail.example");
  g_assert_cmpstr (g_ptr_array_index (chosen->dropped, 0), ==,
                   "imap server imap.mail.example port 993 set aside: evolution cannot sign in "
                   "there with the methods it offers");
  g_assert_true (fp_auth_choice_needs_password (chosen));

  /* Fastmail's SMTP takes OAuth2 only: Thunderbird can, Evolution cannot, and that is said. */
  fastmail_chosen = fp_auth_choice_apply (fastmail, both, NULL, &error);
  g_assert_null (fastmail_chosen);
  g_assert_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==,
                   "Evolution cannot sign in to smtp.fastmail.com: the server only takes OAuth2, "
                   "and Evolution has no OAuth2 service for this host. Thunderbird can use it.");
  g_clear_error (&error);

  /* Thunderbird alone: OAuth2 both ways, so the check needs no password at all. */
  fastmail_chosen = fp_auth_choice_apply (fastmail, thunderbird, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((FpMailServer *) g_ptr_array_index (fastmail_chosen->incoming, 0))
                     ->authentication, ==, FP_AUTH_OAUTH2);
  g_assert_false (fp_auth_choice_needs_password (fastmail_chosen));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/auth-choice/thunderbird-table", test_thunderbird_table);
  g_test_add_func ("/auth-choice/thunderbird-parse", test_thunderbird_parse);
  g_test_add_func ("/auth-choice/thunderbird-jar-kinds", test_thunderbird_jar_kinds);
  g_test_add_func ("/auth-choice/evolution-services", test_evolution_services);
  g_test_add_func ("/auth-choice/choose", test_choose);
  g_test_add_func ("/auth-choice/apply", test_apply);

  return g_test_run ();
}
