/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-mail-config"

#include "config.h"

#include <string.h>

#include "fp-config-trust.h"
#include "fp-error.h"
#include "fp-mail-config.h"

#define ACCOUNT "alice@mail.example"

static FpMailConfig *
parse (const char              *text,
       FpMailConfigParseFlags   flags,
       GError                 **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return fp_mail_config_parse_json (bytes, ACCOUNT, flags, error);
}

static FpMailServer *
server_at (GPtrArray *servers,
           guint      index)
{
  return g_ptr_array_index (servers, index);
}

static void
assert_server (FpMailServer   *server,
               FpMailProtocol  protocol,
               const char     *host,
               guint           port,
               FpTransport     transport,
               const char     *login,
               gboolean        login_required)
{
  g_assert_cmpint (server->protocol, ==, protocol);
  g_assert_cmpstr (server->host, ==, host);
  g_assert_cmpuint (server->port, ==, port);
  g_assert_cmpint (server->transport, ==, transport);
  g_assert_cmpstr (server->login, ==, login);
  g_assert_cmpint (server->login_required, ==, login_required);
}

static void
test_draft_example (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "draft-config.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  config = parse (text, FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (config->address, ==, "alice.i.wonder@mail.example");
  g_assert_null (config->name);
  g_assert_cmpuint (config->incoming->len, ==, 1);
  g_assert_cmpuint (config->outgoing->len, ==, 1);
  assert_server (server_at (config->incoming, 0), FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", 143,
                 FP_TRANSPORT_STARTTLS, "alice.i.wonder", TRUE);
  assert_server (server_at (config->outgoing, 0), FP_MAIL_PROTOCOL_SMTP, "outbound.mail.example",
                 587, FP_TRANSPORT_STARTTLS, "alice.i.wonder", TRUE);
}

/* DESIGN.md's example: arrays in preference order, ssl alias, defaults filled in. */
static void
test_arrays_and_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (
    "{\"name\":\"Alice at Example\","
    " \"pop3\":{\"host\":\"pop.mail.example\"},"
    " \"imap\":[{\"host\":\"IMAP.mail.example\",\"transport\":\"ssl\"},"
    "           {\"host\":\"imap2.mail.example\",\"port\":1143,\"transport\":\"starttls\","
    "            \"login\":\"alice.i.wonder\",\"authentication\":\"password\"}],"
    " \"smtp\":[{\"host\":\"outbound.mail.example\",\"port\":465,\"transport\":\"tls\","
    "            \"login-required\":true},"
    "           {\"host\":\"outbound.mail.example\",\"transport\":\"starttls\","
    "            \"login-required\":false}],"
    " \"unknown\":{\"nested\":[1,2,3]}}",
    FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (config->address, ==, ACCOUNT);
  g_assert_cmpstr (config->name, ==, "Alice at Example");
  g_assert_cmpuint (config->incoming->len, ==, 3);
  /* The document's order, POP3 first as it comes, then IMAP in its array's order; defaults:
   * port from protocol and transport, TLS, login = the address, a password. */
  assert_server (server_at (config->incoming, 0), FP_MAIL_PROTOCOL_POP3, "pop.mail.example", 995,
                 FP_TRANSPORT_TLS, ACCOUNT, TRUE);
  assert_server (server_at (config->incoming, 1), FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", 993,
                 FP_TRANSPORT_TLS, ACCOUNT, TRUE);
  assert_server (server_at (config->incoming, 2), FP_MAIL_PROTOCOL_IMAP, "imap2.mail.example",
                 1143, FP_TRANSPORT_STARTTLS, "alice.i.wonder", TRUE);
  g_assert_cmpuint (server_at (config->incoming, 0)->n_auth_methods, ==, 1);
  g_assert_cmpint (server_at (config->incoming, 0)->authentication, ==, FP_AUTH_PASSWORD);
  g_assert_cmpuint (config->outgoing->len, ==, 2);
  assert_server (server_at (config->outgoing, 0), FP_MAIL_PROTOCOL_SMTP, "outbound.mail.example",
                 465, FP_TRANSPORT_TLS, ACCOUNT, TRUE);
  assert_server (server_at (config->outgoing, 1), FP_MAIL_PROTOCOL_SMTP, "outbound.mail.example",
                 587, FP_TRANSPORT_STARTTLS, ACCOUNT, FALSE);
}

typedef struct
{
  const char *document;
  int         code;
  const char *message;  /* the whole sentence after the path, as the person reads it */
} Refused;

static void
test_refused_documents (void)
{
  static const Refused cases[] = {
    { "{\"imap\":{\"host\":\"i.example\"},\"smtp\":[{\"host\":\"s.example\"},"
      "{\"host\":\"s.example\",\"port\":70000}]}",
      FP_ERROR_BAD_DOCUMENT, "smtp[1].port: 70000 is not a port" },
    { "{\"imap\":{\"host\":\"i.example\",\"port\":0},\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "imap.port: 0 is not a port" },
    { "{\"imap\":{\"host\":\"i.example\",\"port\":\"993\"},\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "imap.port: expected a whole number, found a string" },
    { "{\"imap\":{\"host\":\"i.example\",\"port\":993.5},\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "imap.port: expected a whole number, found a number" },
    { "{\"imap\":{\"port\":993},\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "imap.host is missing" },
    { "{\"imap\":{\"host\":\"i.example\"},\"smtp\":[{\"host\":12}]}",
      FP_ERROR_BAD_DOCUMENT, "smtp[0].host: expected a string, found a number" },
    { "{\"imap\":{\"host\":\"bad host\"},\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "imap.host: “bad host” is not a host name" },
    { "{\"imap\":{\"host\":\"192.0.2.7\"},\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "imap.host: “192.0.2.7” is not a host name" },
    { "{\"imap\":{\"host\":\"i.example\",\"transport\":\"ssl3\"},\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "imap.transport: “ssl3” is not one of tls, ssl, starttls, none" },
    { "{\"imap\":{\"host\":\"i.example\",\"login-required\":\"yes\"},\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "imap.login-required: expected true or false, found a string" },
    { "{\"imap\":{\"host\":\"i.example\",\"login\":\"\"},\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "imap.login is empty" },
    { "{\"imap\":[\"i.example\"],\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "imap[0]: expected an object, found a string" },
    { "{\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "no incoming server: expected imap or pop3" },
    { "{\"pop3\":{\"host\":\"p.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "no outgoing server: expected smtp" },
    { "{\"address\":\"alice\",\"imap\":{\"host\":\"i.example\"},\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "address: “alice” is not an email address" },
    { "{\"address\":7,\"imap\":{\"host\":\"i.example\"},\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "address: expected a string, found a number" },
    { "[1,2]", FP_ERROR_BAD_DOCUMENT, "expected an object at the top, found an array" },
    { "", FP_ERROR_BAD_DOCUMENT, "the document is empty" },
    { "{\"imap\":{\"host\":\"i.example\",\"authentication\":\"GSSAPI\"},"
      "\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_UNSUPPORTED, "imap.authentication: “GSSAPI” is not supported yet; only password, "
                            "cram-md5 and oauth2 are" },
    { "{\"imap\":{\"host\":\"i.example\",\"authentication\":[\"NTLM\"]},"
      "\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_UNSUPPORTED, "imap.authentication: “NTLM” is not supported yet; only password, "
                            "cram-md5 and oauth2 are" },
    { "{\"imap\":{\"host\":\"i.example\",\"authentication\":\"magic\"},"
      "\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT,
      "imap.authentication: “magic” is not one of password, cram-md5, oauth2" },
    { "{\"imap\":{\"host\":\"i.example\",\"authentication\":[\"password\",7]},"
      "\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "imap.authentication[1]: expected a string, found a number" },
    { "{\"imap\":{\"host\":\"i.example\",\"authentication\":[]},"
      "\"smtp\":{\"host\":\"s.example\"}}",
      FP_ERROR_BAD_DOCUMENT, "imap.authentication is empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpMailConfig) config = parse (cases[i].document, FP_MAIL_CONFIG_PARSE_NONE, &error);

      g_test_message ("document: %s", cases[i].document);
      g_assert_null (config);
      g_assert_error (error, FP_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_syntax_error_position (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse ("{\n  \"imap\": {\"host\": \"i.example\"}\n  \"smtp\": 1\n}",
                                          FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_null (config);
  g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
  /* json-glib points at the end of line 2, where the comma is missing. */
  g_assert_true (g_str_has_prefix (error->message, "not valid JSON: line 2, column 31: "));
}

static void
test_insecure_alternative_dropped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (
    "{\"imap\":[{\"host\":\"i.example\",\"transport\":\"none\"},{\"host\":\"i.example\"}],"
    " \"smtp\":{\"host\":\"s.example\",\"transport\":\"starttls\"}}",
    FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (config->incoming->len, ==, 1);
  g_assert_cmpint (server_at (config->incoming, 0)->transport, ==, FP_TRANSPORT_TLS);
  g_assert_cmpuint (config->dropped->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (config->dropped, 0), ==,
                   "imap server i.example port 143 set aside: not encrypted, and an encrypted "
                   "alternative exists");
  g_assert_null (fp_mail_config_find_insecure (config));
}

/* Nothing but unencrypted servers: kept, refused unless accepted, and the refusal names the host. */
static void
test_insecure_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (
    "{\"imap\":{\"host\":\"i.example\",\"transport\":\"none\"},"
    " \"smtp\":{\"host\":\"s.example\",\"transport\":\"none\"}}",
    FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_no_error (error);
  assert_server (server_at (config->incoming, 0), FP_MAIL_PROTOCOL_IMAP, "i.example", 143,
                 FP_TRANSPORT_NONE, ACCOUNT, TRUE);
  assert_server (server_at (config->outgoing, 0), FP_MAIL_PROTOCOL_SMTP, "s.example", 587,
                 FP_TRANSPORT_NONE, ACCOUNT, TRUE);
  g_assert_cmpstr (fp_mail_config_find_insecure (config)->host, ==, "i.example");
  g_assert_false (fp_mail_config_check_insecure (config, FALSE, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_UNSAFE);
  g_assert_cmpstr (error->message, ==,
                   "The incoming server i.example only offers an unencrypted connection, where "
                   "anyone on the network can read the password; refused for safety.");
  g_clear_error (&error);
  g_assert_true (fp_mail_config_check_insecure (config, TRUE, &error));
  g_assert_no_error (error);
}

/* Methods in the provider's order, the XML's spellings too; kinds not supported are skipped. */
static void
test_authentication_methods (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (
    "{\"imap\":[{\"host\":\"a.example\",\"authentication\":[\"oauth2\",\"password\"]},"
    "           {\"host\":\"b.example\",\"authentication\":[\"GSSAPI\",\"password-encrypted\","
    "                                                     \"OAuth2\",\"cram-md5\"]},"
    "           {\"host\":\"c.example\",\"authentication\":\"cram-md5\"}],"
    " \"smtp\":{\"host\":\"s.example\",\"authentication\":[\"password-cleartext\",\"oauth2\"]}}",
    FP_MAIL_CONFIG_PARSE_NONE, &error);
  FpMailServer *server;

  g_assert_no_error (error);
  server = server_at (config->incoming, 0);
  g_assert_cmpuint (server->n_auth_methods, ==, 2);
  g_assert_cmpint (server->auth_methods[0], ==, FP_AUTH_OAUTH2);
  g_assert_cmpint (server->auth_methods[1], ==, FP_AUTH_PASSWORD);
  g_assert_cmpint (server->authentication, ==, FP_AUTH_OAUTH2);
  server = server_at (config->incoming, 1);
  g_assert_cmpuint (server->n_auth_methods, ==, 2);
  g_assert_cmpint (server->auth_methods[0], ==, FP_AUTH_CRAM_MD5);
  g_assert_cmpint (server->auth_methods[1], ==, FP_AUTH_OAUTH2);
  g_assert_cmpint (server_at (config->incoming, 2)->authentication, ==, FP_AUTH_CRAM_MD5);
  server = server_at (config->outgoing, 0);
  g_assert_cmpint (server->auth_methods[0], ==, FP_AUTH_PASSWORD);
  g_assert_cmpint (server->auth_methods[1], ==, FP_AUTH_OAUTH2);
  /* The skipped kind is noted for the log. */
  g_assert_cmpuint (config->dropped->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (config->dropped, 0), ==,
                   "imap[1].authentication[0]: GSSAPI is not supported yet; skipped");
}

static void
test_unsupported_alternative_set_aside (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (
    "{\"imap\":[{\"host\":\"oauth.example\",\"authentication\":\"NTLM\"},"
    "           {\"host\":\"i.example\",\"authentication\":\"password\"}],"
    " \"smtp\":{\"host\":\"s.example\"}}",
    FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (config->incoming->len, ==, 1);
  g_assert_cmpstr (server_at (config->incoming, 0)->host, ==, "i.example");
  g_assert_cmpuint (config->dropped->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (config->dropped, 1), ==,
                   "imap[0] set aside: imap[0].authentication: “NTLM” is not supported yet; only "
                   "password, cram-md5 and oauth2 are");
}

/* A document nested far deeper than any provider needs is refused before json-glib recurses. */
static void
test_deep_nesting_refused (void)
{
  guint depth = 120000;
  g_autoptr(GString) text = g_string_new ("{\"imap\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  g_assert_cmpuint (text->len, <, 256 * 1024);

  config = parse (text->str, FP_MAIL_CONFIG_PARSE_NONE, &error);
  g_assert_null (config);
  g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
  g_assert_cmpstr (error->message, ==,
                   "not valid JSON: line 1, column 72: nested deeper than 64 levels");
}

/* 64 levels are still read (and then judged by the schema as usual). */
static void
test_nesting_at_the_limit (void)
{
  g_autoptr(GString) text = g_string_new ("{\"imap\":{\"host\":\"i.example\"},"
                                          "\"smtp\":{\"host\":\"s.example\"},\"x\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  /* Brackets inside strings are not nesting. */
  for (guint i = 0; i < 63; i++)
    g_string_append (text, "[\"[{\\\"\",");
  g_string_append (text, "0");
  for (guint i = 0; i < 63; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  config = parse (text->str, FP_MAIL_CONFIG_PARSE_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
}

typedef struct
{
  const char *document;
  const char *message;
} Hostile;

static void
assert_refused (const Hostile *cases,
                guint          n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpMailConfig) config = parse (cases[i].document, FP_MAIL_CONFIG_PARSE_NONE,
                                              &error);

      g_test_message ("document: %s", cases[i].document);
      g_assert_null (config);
      g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* Strings json-glib decodes into something that is not text, or that C would cut short. */
static void
test_decoded_strings_checked (void)
{
  static const Hostile cases[] = {
    { "{\"name\":\"\\ud800x\",\"imap\":{\"host\":\"i.example\"},\"smtp\":{\"host\":\"s.example\"}}",
      "name: the text is not valid Unicode (a broken \\u escape)" },
    { "{\"imap\":[{\"host\":\"i.example\",\"login\":\"a\\udfffb\"}],\"smtp\":{\"host\":\"s.example\"}}",
      "imap[0].login: the text is not valid Unicode (a broken \\u escape)" },
    { "{\"x\\ud800y\":1,\"imap\":{\"host\":\"i.example\"},\"smtp\":{\"host\":\"s.example\"}}",
      "the document: the text is not valid Unicode (a broken \\u escape)" },
    { "{\"imap\":{\"host\":\"evil.example\\u0000.mail.example\"},\"smtp\":{\"host\":\"s.example\"}}",
      "not valid JSON: line 1, column 30: a string holds a NUL character" },
  };

  assert_refused (cases, G_N_ELEMENTS (cases));
}

/* json-glib quotes the broken string in its syntax error: what the person reads is still text. */
static void
test_syntax_error_is_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse ("{\"x\\ud800\":1,\"imap\":{}}",
                                          FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_null (config);
  g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
  g_assert_true (g_str_has_prefix (error->message, "not valid JSON: line 1, column "));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* "alice\r\nDELE 1" would be a POP3 command of the provider's choosing. */
static void
test_login_line_breaks_refused (void)
{
  static const Hostile cases[] = {
    { "{\"pop3\":{\"host\":\"p.example\",\"login\":\"alice\\r\\nDELE 1\"},\"smtp\":{\"host\":\"s.example\"}}",
      "pop3.login: a login cannot contain a line break" },
    { "{\"imap\":{\"host\":\"i.example\"},\"smtp\":[{\"host\":\"s.example\",\"login\":\"a\\nb\"}]}",
      "smtp[0].login: a login cannot contain a line break" },
    { "{\"imap\":{\"host\":\"i.example\",\"login\":\"a\\rb\"},\"smtp\":{\"host\":\"s.example\"}}",
      "imap.login: a login cannot contain a line break" },
    { "{\"address\":\"a\\r\\nb@mail.example\",\"imap\":{\"host\":\"i.example\"},"
      "\"smtp\":{\"host\":\"s.example\"}}",
      "imap.login: a login cannot contain a line break" },
  };

  assert_refused (cases, G_N_ELEMENTS (cases));
}

/* Address literals in every spelling the resolver reads, and names that are not names. */
static void
test_host_rules (void)
{
  static const char * const refused[] = {
    "2130706433", "127.1", "0x7f.1", "0177.0.0.1", "mail.0x7f", "0x", "localhost",
    "localhost.", "imap.localhost", "a..b", ".a.example", "a.example..", "a-.example",
    "-a.example", "LONG", "a.b-", "[::1]", "::1", "a b.example", "a_b.example", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *label = g_strnfill (64, 'a');
      g_autofree char *host = g_str_equal (refused[i], "LONG")
                                ? g_strconcat (label, ".example", NULL)
                                : g_strdup (refused[i]);
      g_autofree char *document = g_strdup_printf (
        "{\"imap\":{\"host\":\"%s\"},\"smtp\":{\"host\":\"s.example\"}}", host);
      g_autofree char *message = g_strdup_printf ("imap.host: “%s” is not a host name", host);
      g_autoptr(GError) error = NULL;
      g_autoptr(FpMailConfig) config = parse (document, FP_MAIL_CONFIG_PARSE_NONE, &error);

      g_test_message ("host: %s", host);
      g_assert_null (config);
      g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
      g_assert_cmpstr (error->message, ==, message);
      g_assert_false (fp_mail_host_is_dns_name (host));
    }
}

/* An absolute name is the same host: normalised, and so in the account's domain. */
static void
test_trailing_dot_normalised (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (
    "{\"imap\":{\"host\":\"IMAP.mail.example.\"},\"smtp\":{\"host\":\"smtp.mail.example.\"}}",
    FP_MAIL_CONFIG_PARSE_NONE, &error);
  g_autofree char *label = g_strnfill (63, 'a');
  g_autofree char *longest = g_strdup_printf ("%s.example", label);

  g_assert_no_error (error);
  g_assert_cmpstr (server_at (config->incoming, 0)->host, ==, "imap.mail.example");
  g_assert_cmpstr (server_at (config->outgoing, 0)->host, ==, "smtp.mail.example");
  g_assert_true (fp_config_servers_in_domain (config, ACCOUNT));
  g_assert_true (fp_mail_host_is_dns_name (longest));
  g_assert_true (fp_mail_host_is_dns_name ("0x7f.example"));
  g_assert_true (fp_mail_host_is_dns_name ("xn--bcher-kva.example"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mail-config/draft-example", test_draft_example);
  g_test_add_func ("/mail-config/arrays-and-defaults", test_arrays_and_defaults);
  g_test_add_func ("/mail-config/refused", test_refused_documents);
  g_test_add_func ("/mail-config/syntax-error-position", test_syntax_error_position);
  g_test_add_func ("/mail-config/insecure-alternative-dropped", test_insecure_alternative_dropped);
  g_test_add_func ("/mail-config/insecure-only", test_insecure_only);
  g_test_add_func ("/mail-config/authentication-methods", test_authentication_methods);
  g_test_add_func ("/mail-config/unsupported-set-aside", test_unsupported_alternative_set_aside);
  g_test_add_func ("/mail-config/deep-nesting-refused", test_deep_nesting_refused);
  g_test_add_func ("/mail-config/nesting-at-the-limit", test_nesting_at_the_limit);
  g_test_add_func ("/mail-config/decoded-strings-checked", test_decoded_strings_checked);
  g_test_add_func ("/mail-config/syntax-error-is-text", test_syntax_error_is_text);
  g_test_add_func ("/mail-config/login-line-breaks-refused", test_login_line_breaks_refused);
  g_test_add_func ("/mail-config/host-rules", test_host_rules);
  g_test_add_func ("/mail-config/trailing-dot-normalised", test_trailing_dot_normalised);

  return g_test_run ();
}
