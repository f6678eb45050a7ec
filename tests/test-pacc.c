/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-pacc"

#include "config.h"

#include <string.h>

#include "fp-error.h"
#include "fp-mx.h"
#include "fp-pacc.h"
#include "fp-test-util.h"

/* The pure parsers of PACC documents, TXT and MX answers: bytes and records in, result out. */

static GVariant *
txt (const char * const *strings)
{
  return g_variant_ref_sink (g_variant_new ("(@as)", g_variant_new_strv (strings, -1)));
}

static void
test_txt_records (void)
{
  const char *body = "{\"protocols\":{}}";
  g_autoptr(GBytes) document = g_bytes_new_static (body, strlen (body));
  g_autofree char *digest = fp_test_pacc_digest (body);
  g_autofree char *good = g_strdup_printf (" V = UAAC1 ;A=sha256; D = %s ;", digest);
  g_autofree char *head = g_strndup (good, 30);
  g_autofree char *other = fp_test_pacc_digest ("something else");
  g_autofree char *wrong = g_strdup_printf ("v=UAAC1; a=sha256; d=%s", other);
  guint8 parsed[FP_PACC_DIGEST_SIZE];
  GList *records = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (fp_pacc_parse_txt_record (good, parsed, &error));
  g_assert_no_error (error);

  /* Not ours, broken, or another algorithm: refused with a reason. */
  g_assert_false (fp_pacc_parse_txt_record ("v=spf1 -all", parsed, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED);
  g_clear_error (&error);
  g_assert_false (fp_pacc_parse_txt_record ("v=UAAC1; a=sha512; d=AAAA", parsed, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (fp_pacc_parse_txt_record ("v=UAAC1; a=sha256; d=AA*A", parsed, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
  g_clear_error (&error);
  g_assert_false (fp_pacc_parse_txt_record ("v=UAAC1; a=sha256; d=AAAA", parsed, &error));
  g_assert_nonnull (strstr (error->message, "not a SHA-256 digest"));
  g_clear_error (&error);
  g_assert_false (fp_pacc_parse_txt_record ("v=UAAC1; v=UAAC1; a=sha256; d=AAAA", parsed,
                                            &error));
  g_assert_nonnull (strstr (error->message, "twice"));
  g_clear_error (&error);

  g_assert_cmpint (fp_pacc_check_digest (document, NULL), ==, FP_PACC_DIGEST_NO_RECORD);
  records = g_list_append (records, txt ((const char *[]) { "unrelated", NULL }));
  g_assert_cmpint (fp_pacc_check_digest (document, records), ==, FP_PACC_DIGEST_NO_RECORD);
  records = g_list_append (records, txt ((const char *[]) { wrong, NULL }));
  g_assert_cmpint (fp_pacc_check_digest (document, records), ==, FP_PACC_DIGEST_MISMATCH);
  /* Split into two strings: joined before reading. */
  records = g_list_append (records, txt ((const char *[]) { head, good + 30, NULL }));
  g_assert_cmpint (fp_pacc_check_digest (document, records), ==, FP_PACC_DIGEST_MATCH);
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
}

static FpMailConfig *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(GBytes) document = g_bytes_new (text, strlen (text));

  return fp_pacc_parse_document (document, "alice@mail.example", FP_MAIL_CONFIG_PARSE_NONE,
                                 error);
}

static void
test_document (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (
    "{\"protocols\":{\"pop3\":{\"host\":\"POP.mail.example\"},\"smtp\":{\"host\":\"smtp.mail.example\","
    "\"new\":1},\"carddav\":{\"url\":\"https://dav.mail.example/\"}},"
    "\"authentication\":{\"password\":true},\"info\":{\"provider\":{\"shortName\":\"Ex\"}},"
    "\"extra\":[]}", &error);
  FpMailServer *server;

  g_assert_no_error (error);
  server = g_ptr_array_index (config->incoming, 0);
  g_assert_cmpint (server->protocol, ==, FP_MAIL_PROTOCOL_POP3);
  g_assert_cmpstr (server->host, ==, "pop.mail.example");
  g_assert_cmpuint (server->port, ==, 995);
  g_assert_cmpint (server->transport, ==, FP_TRANSPORT_TLS);
  g_assert_cmpstr (server->login, ==, "alice@mail.example");
  g_assert_cmpuint (((FpMailServer *) g_ptr_array_index (config->outgoing, 0))->port, ==, 465);
  g_assert_cmpstr (config->carddav_url, ==, "https://dav.mail.example/");
  g_assert_cmpuint (server->n_auth_methods, ==, 1);
  g_assert_cmpint (server->auth_methods[0], ==, FP_AUTH_PASSWORD);
  g_assert_cmpstr (config->name, ==, "Ex");
}

/* An OAuth2 issuer: OAuth2 first, the password after it when allowed. */
static void
test_document_oauth2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (
    "{\"protocols\":{\"imap\":{\"host\":\"imap.mail.example\"},\"smtp\":{\"host\":\"smtp.mail.example\"}},"
    "\"authentication\":{\"password\":true,\"oauth-public\":{\"issuer\":\"https://login.mail.example\"}}}",
    &error);
  FpMailServer *server;

  g_assert_no_error (error);
  g_assert_cmpstr (config->oauth_issuer, ==, "https://login.mail.example");
  server = g_ptr_array_index (config->outgoing, 0);
  g_assert_cmpuint (server->n_auth_methods, ==, 2);
  g_assert_cmpint (server->auth_methods[0], ==, FP_AUTH_OAUTH2);
  g_assert_cmpint (server->auth_methods[1], ==, FP_AUTH_PASSWORD);
}

static void
test_document_errors (void)
{
  static const struct
  {
    const char *document;
    int         code;
    const char *message;
  } cases[] = {
    { "{\"protocols\":{\"imap\":{\"host\":5}}}", FP_ERROR_BAD_DOCUMENT,
      "protocols.imap.host: expected a string, found a number" },
    { "{\"protocols\":[]}", FP_ERROR_BAD_DOCUMENT, "protocols: expected an object" },
    { "{\"protocols\":{\"imap\":{\"host\":\"i.example\"},\"smtp\":{\"host\":\"s.example\"}},"
      "\"authentication\":{\"password\":\"yes\"}}", FP_ERROR_BAD_DOCUMENT,
      "authentication.password: expected true or false" },
    { "{\"protocols\":{\"imap\":{\"host\":\"i.example\"},\"smtp\":{\"host\":\"s.example\"},"
      "\"jmap\":{\"url\":\"http://j.example/\"}},\"authentication\":{\"password\":true}}",
      FP_ERROR_BAD_DOCUMENT, "protocols.jmap.url" },
    { "{\"protocols\":{\"imap\":{\"host\":\"127.0.0.1\"}}}", FP_ERROR_BAD_DOCUMENT,
      "is not a host name" },
    { "{\"protocols\":{\"imap\":{\"host\":\"i.example\"}}}", FP_ERROR_BAD_DOCUMENT,
      "no outgoing server" },
    { "{\"protocols\":{\"imap\":{\"host\":\"i.example\"},\"smtp\":{\"host\":\"s.example\"}},"
      "\"authentication\":{\"password\":false}}",
      FP_ERROR_UNSUPPORTED, "no sign-in method" },
    { "{\"protocols\":", FP_ERROR_BAD_DOCUMENT, "not valid JSON" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpMailConfig) config = parse (cases[i].document, &error);

      g_assert_null (config);
      g_assert_error (error, FP_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

static GVariant *
mx (guint16     preference,
    const char *host)
{
  return g_variant_ref_sink (g_variant_new ("(qs)", preference, host));
}

static void
test_mx (void)
{
  GList *records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *none = NULL;
  g_autoptr(GPtrArray) domains = NULL;
  g_autoptr(GPtrArray) own = NULL;

  records = g_list_append (records, mx (20, "alt1.aspmx.l.google.com."));
  records = g_list_append (records, mx (10, "ASPMX.L.Google.com."));
  records = g_list_append (records, mx (5, "not a host"));
  host = fp_mx_pick_host (records, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (host, ==, "aspmx.l.google.com");
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  records = g_list_append (NULL, mx (0, "."));
  none = fp_mx_pick_host (records, &error);
  g_assert_null (none);
  g_assert_error (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED);
  g_assert_nonnull (strstr (error->message, "null MX"));
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  domains = fp_mx_derived_domains ("aspmx.l.google.com", "shop.example");
  g_assert_cmpuint (domains->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (domains, 0), ==, "l.google.com");
  g_assert_cmpstr (g_ptr_array_index (domains, 1), ==, "google.com");
  /* Never a public suffix, never the account's own domain. */
  own = fp_mx_derived_domains ("mx.example.co.uk", "example.co.uk");
  g_assert_cmpuint (own->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pacc/txt-records", test_txt_records);
  g_test_add_func ("/pacc/document", test_document);
  g_test_add_func ("/pacc/document-oauth2", test_document_oauth2);
  g_test_add_func ("/pacc/document-errors", test_document_errors);
  g_test_add_func ("/mx/pick-and-derive", test_mx);
  return g_test_run ();
}
