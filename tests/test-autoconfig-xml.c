/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-autoconfig-xml"

#include "config.h"

#include <string.h>

#include "fp-autoconfig-xml.h"
#include "fp-error.h"

/* The clientConfig parser, on documents written here: no network. */

static FpMailConfig *
parse (const char              *xml,
       FpMailConfigParseFlags   flags,
       GError                 **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));

  return fp_autoconfig_xml_parse (bytes, "alice.i@mail.example", flags, error);
}

static FpMailServer *
server_at (GPtrArray *servers,
           guint      index)
{
  g_assert_cmpuint (index, <, servers->len);
  return g_ptr_array_index (servers, index);
}

static void
test_placeholders_and_order (void)
{
  const char *xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<clientConfig version=\"1.1\">\n"
    " <emailProvider id=\"mail.example\">\n"
    "  <domain>mail.example</domain>\n"
    "  <displayName>Example <![CDATA[Mail]]></displayName>\n"
    "  <incomingServer type=\"pop3\">\n"
    "   <hostname>pop.%EMAILDOMAIN%</hostname><port>995</port><socketType>SSL</socketType>\n"
    "   <username>%EMAILLOCALPART%</username>\n"
    "   <authentication>password-cleartext</authentication>\n"
    "  </incomingServer>\n"
    "  <incomingServer type=\"imap\">\n"
    "   <hostname>IMAP.mail.example</hostname><port>143</port>\n"
    "   <socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username>\n"
    "   <authentication>OAuth2</authentication>\n"
    "   <authentication>password-cleartext</authentication>\n"
    "  </incomingServer>\n"
    "  <incomingServer type=\"imap\">\n"
    "   <hostname>imap2.mail.example</hostname><socketType>SSL</socketType>\n"
    "  </incomingServer>\n"
    "  <incomingServer type=\"exchange\"><hostname>ews.mail.example</hostname></incomingServer>\n"
    "  <outgoingServer type=\"smtp\">\n"
    "   <hostname>smtp.mail.example</hostname><port>465</port><socketType>SSL</socketType>\n"
    "   <username>%EMAILLOCALPART%@%EMAILDOMAIN%</username>\n"
    "   <authentication>password-cleartext</authentication>\n"
    "  </outgoingServer>\n"
    "  <outgoingServer type=\"smtp\">\n"
    "   <hostname>relay.mail.example</hostname><port>587</port>\n"
    "   <socketType>STARTTLS</socketType><authentication>none</authentication>\n"
    "  </outgoingServer>\n"
    "  <documentation url=\"https://mail.example/help\"><descr>Help</descr></documentation>\n"
    " </emailProvider>\n"
    " <emailProvider id=\"second.example\"><incomingServer type=\"imap\">"
    "<hostname>ignored.example</hostname></incomingServer></emailProvider>\n"
    "</clientConfig>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (xml, FP_MAIL_CONFIG_PARSE_NONE, &error);
  FpMailServer *server;

  g_assert_no_error (error);
  g_assert_cmpstr (config->name, ==, "Example Mail");
  g_assert_cmpstr (config->address, ==, "alice.i@mail.example");
  g_assert_cmpuint (config->incoming->len, ==, 3);
  g_assert_cmpuint (config->outgoing->len, ==, 2);

  /* The document's order, POP3 first included; each server's methods in its order. */
  server = server_at (config->incoming, 0);
  g_assert_cmpint (server->protocol, ==, FP_MAIL_PROTOCOL_POP3);
  g_assert_cmpstr (server->host, ==, "pop.mail.example");
  g_assert_cmpint (server->transport, ==, FP_TRANSPORT_TLS);
  g_assert_cmpstr (server->login, ==, "alice.i");
  g_assert_cmpuint (server->n_auth_methods, ==, 1);
  g_assert_cmpint (server->auth_methods[0], ==, FP_AUTH_PASSWORD);

  server = server_at (config->incoming, 1);
  g_assert_cmpint (server->protocol, ==, FP_MAIL_PROTOCOL_IMAP);
  g_assert_cmpstr (server->host, ==, "imap.mail.example");
  g_assert_cmpuint (server->port, ==, 143);
  g_assert_cmpint (server->transport, ==, FP_TRANSPORT_STARTTLS);
  g_assert_cmpstr (server->login, ==, "alice.i@mail.example");
  g_assert_cmpuint (server->n_auth_methods, ==, 2);
  g_assert_cmpint (server->auth_methods[0], ==, FP_AUTH_OAUTH2);
  g_assert_cmpint (server->auth_methods[1], ==, FP_AUTH_PASSWORD);

  server = server_at (config->incoming, 2);
  g_assert_cmpstr (server->host, ==, "imap2.mail.example");
  g_assert_cmpuint (server->port, ==, 993);
  g_assert_cmpstr (server->login, ==, "alice.i@mail.example");
  /* No <authentication>: Thunderbird's default, a password. */
  g_assert_cmpint (server->auth_methods[0], ==, FP_AUTH_PASSWORD);

  server = server_at (config->outgoing, 0);
  g_assert_cmpstr (server->host, ==, "smtp.mail.example");
  g_assert_cmpuint (server->port, ==, 465);
  g_assert_cmpstr (server->login, ==, "alice.i@mail.example");
  g_assert_true (server->login_required);

  server = server_at (config->outgoing, 1);
  g_assert_cmpstr (server->host, ==, "relay.mail.example");
  g_assert_false (server->login_required);
}

static const char *plain_xml =
  "<clientConfig version=\"1.1\"><emailProvider id=\"mail.example\">"
  "<incomingServer type=\"imap\"><hostname>imap.mail.example</hostname>"
  "<port>143</port><socketType>plain</socketType></incomingServer>"
  "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname>"
  "<port>25</port><socketType>plain</socketType></outgoingServer>"
  "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname>"
  "<port>465</port><socketType>SSL</socketType></outgoingServer>"
  "</emailProvider></clientConfig>";

/* Unencrypted only: kept, for the front ends to refuse unless the person accepts it. */
static void
test_plain_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (plain_xml, FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_no_error (error);
  g_assert_cmpint (server_at (config->incoming, 0)->transport, ==, FP_TRANSPORT_NONE);
  /* The outgoing direction has an encrypted server: the plain one is set aside. */
  g_assert_cmpuint (config->outgoing->len, ==, 1);
  g_assert_cmpuint (server_at (config->outgoing, 0)->port, ==, 465);
  g_assert_false (fp_mail_config_check_insecure (config, FALSE, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_UNSAFE);
  g_assert_nonnull (strstr (error->message, "imap.mail.example"));
  g_clear_error (&error);
  g_assert_true (fp_mail_config_check_insecure (config, TRUE, NULL));
}

/* With an encrypted alternative, the plain one is dropped rather than refused. */
static void
test_plain_dropped (void)
{
  const char *xml =
    "<clientConfig><emailProvider id=\"x\">"
    "<incomingServer type=\"imap\"><hostname>imap.mail.example</hostname>"
    "<socketType>plain</socketType></incomingServer>"
    "<incomingServer type=\"imap\"><hostname>imap.mail.example</hostname>"
    "<socketType>SSL</socketType></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname>"
    "<socketType>STARTTLS</socketType></outgoingServer>"
    "</emailProvider></clientConfig>";
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (xml, FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (config->incoming->len, ==, 1);
  g_assert_cmpint (server_at (config->incoming, 0)->transport, ==, FP_TRANSPORT_TLS);
  g_assert_cmpuint (server_at (config->outgoing, 0)->port, ==, 587);
}

static void
test_unsupported_authentication (void)
{
  const char *xml =
    "<clientConfig><emailProvider id=\"x\">"
    "<incomingServer type=\"imap\"><hostname>imap.mail.example</hostname>"
    "<socketType>SSL</socketType><authentication>GSSAPI</authentication>"
    "<authentication>NTLM</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname>"
    "<socketType>SSL</socketType></outgoingServer>"
    "</emailProvider></clientConfig>";
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (xml, FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_null (config);
  g_assert_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==,
                   "incomingServer[0].authentication: “GSSAPI” is not supported yet; only a "
                   "password, CRAM-MD5 and OAuth2 are");
}

/* CRAM-MD5 (password-encrypted) and OAuth2 in the provider's order; GSSAPI skipped, and noted. */
static void
test_authentication_order (void)
{
  const char *xml =
    "<clientConfig><emailProvider id=\"x\">"
    "<incomingServer type=\"imap\"><hostname>imap.mail.example</hostname>"
    "<socketType>SSL</socketType><authentication>GSSAPI</authentication>"
    "<authentication>password-encrypted</authentication>"
    "<authentication>OAuth2</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname>"
    "<socketType>SSL</socketType><authentication>password-encrypted</authentication>"
    "</outgoingServer>"
    "</emailProvider></clientConfig>";
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (xml, FP_MAIL_CONFIG_PARSE_NONE, &error);
  FpMailServer *server;

  g_assert_no_error (error);
  server = server_at (config->incoming, 0);
  g_assert_cmpuint (server->n_auth_methods, ==, 2);
  g_assert_cmpint (server->auth_methods[0], ==, FP_AUTH_CRAM_MD5);
  g_assert_cmpint (server->auth_methods[1], ==, FP_AUTH_OAUTH2);
  g_assert_cmpint (server_at (config->outgoing, 0)->authentication, ==, FP_AUTH_CRAM_MD5);
  g_assert_cmpuint (config->dropped->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (config->dropped, 0), ==,
                   "incomingServer[0].authentication: GSSAPI is not supported yet; skipped");
}

typedef struct
{
  const char *xml;
  FpError     code;
  const char *fragment;
} BadCase;

static void
test_bad_documents (void)
{
  static const BadCase cases[] = {
    { "<clientConfig><emailProvider>", FP_ERROR_BAD_DOCUMENT, "XML" },
    { "<html><body>Not found</body></html>", FP_ERROR_BAD_DOCUMENT, "<html>" },
    { "<clientConfig/>", FP_ERROR_BAD_DOCUMENT, "emailProvider" },
    { "<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>h.example"
      "</hostname><port>70000</port><socketType>SSL</socketType></incomingServer>"
      "</emailProvider></clientConfig>", FP_ERROR_BAD_DOCUMENT, "incomingServer[0].port" },
    { "<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>10.0.0.1"
      "</hostname><socketType>SSL</socketType></incomingServer>"
      "</emailProvider></clientConfig>", FP_ERROR_BAD_DOCUMENT, "not a host name" },
    { "<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>h.example"
      "</hostname><socketType>TLS1.3</socketType></incomingServer>"
      "</emailProvider></clientConfig>", FP_ERROR_BAD_DOCUMENT, "socketType" },
    { "<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>h.example"
      "</hostname><socketType>SSL</socketType></incomingServer>"
      "</emailProvider></clientConfig>", FP_ERROR_BAD_DOCUMENT, "no outgoing server" },
    { "<clientConfig><emailProvider><incomingServer type=\"exchange\"><hostname>h.example"
      "</hostname></incomingServer></emailProvider></clientConfig>",
      FP_ERROR_UNSUPPORTED, "exchange" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpMailConfig) config = parse (cases[i].xml, FP_MAIL_CONFIG_PARSE_NONE, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (config);
      g_assert_error (error, FP_ERROR, (gint) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].fragment));
    }
}

/* An autoconfig server answering 200 with nothing: "not a settings document", not a crash. */
static void
test_empty_answer (void)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = fp_autoconfig_xml_parse (empty, "alice.i@mail.example",
                                                            FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_null (config);
  g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
  g_assert_cmpstr (error->message, ==, "the document is empty");
}

#define OUTGOING "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname>" \
                 "<socketType>SSL</socketType></outgoingServer>"

/* Only the element path says what an element is; a nested element is not its parent's field. */
static void
test_nested_elements (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (
    "<clientConfig><emailProvider id=\"mail.example\">"
    "<displayName>Example<b>Bold</b> Mail</displayName>"
    "<incomingServer type=\"imap\"><hostname>imap.mail.example</hostname>"
    "<port>993<username>evil</username></port><socketType>SSL</socketType>"
    "<incomingServer type=\"pop3\"><hostname>inner.evil.example</hostname>"
    "<username>inner</username></incomingServer>"
    "<hostname2><hostname>nested.evil.example</hostname></hostname2>"
    "</incomingServer>"
    "<foo><incomingServer type=\"imap\"><hostname>foo.evil.example</hostname></incomingServer>"
    "<displayName>Not the name</displayName></foo>"
    OUTGOING
    "</emailProvider></clientConfig>",
    FP_MAIL_CONFIG_PARSE_NONE, &error);
  FpMailServer *imap;

  g_assert_no_error (error);
  g_assert_cmpstr (config->name, ==, "Example Mail");
  g_assert_cmpuint (config->incoming->len, ==, 1);
  imap = server_at (config->incoming, 0);
  g_assert_cmpstr (imap->host, ==, "imap.mail.example");
  g_assert_cmpuint (imap->port, ==, 993);
  g_assert_cmpstr (imap->login, ==, "alice.i@mail.example");
  g_assert_cmpuint (config->outgoing->len, ==, 1);
}

/* A server inside a server must not replace (and leak) the one being read. */
static void
test_server_inside_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (
    "<clientConfig><emailProvider>"
    "<outgoingServer type=\"smtp\"><outgoingServer type=\"smtp\"><hostname>inner.example"
    "</hostname></outgoingServer><hostname>smtp.mail.example</hostname>"
    "<socketType>SSL</socketType></outgoingServer>"
    "<incomingServer type=\"imap\"><hostname>imap.mail.example</hostname>"
    "<socketType>SSL</socketType></incomingServer>"
    "</emailProvider></clientConfig>",
    FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (config->outgoing->len, ==, 1);
  g_assert_cmpstr (server_at (config->outgoing, 0)->host, ==, "smtp.mail.example");
}

static void
test_hostile_fields (void)
{
  static const struct
  {
    const char *host;
    const char *username;
    const char *message;
  } cases[] = {
    { "imap.mail.example", "alice&#13;&#10;DELE 1",
      "incomingServer[0].username: a login cannot contain a line break" },
    { "imap.mail.example", "a&#10;b", "incomingServer[0].username: a login cannot contain a line break" },
    { "127.1", "alice", "incomingServer[0].hostname: “127.1” is not a host name" },
    { "0x7f.1", "alice", "incomingServer[0].hostname: “0x7f.1” is not a host name" },
    { "localhost", "alice", "incomingServer[0].hostname: “localhost” is not a host name" },
    { "a..example", "alice", "incomingServer[0].hostname: “a..example” is not a host name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *xml = g_strdup_printf (
        "<clientConfig><emailProvider><incomingServer type=\"pop3\"><hostname>%s</hostname>"
        "<username>%s</username><socketType>SSL</socketType></incomingServer>" OUTGOING
        "</emailProvider></clientConfig>", cases[i].host, cases[i].username);
      g_autoptr(GError) error = NULL;
      g_autoptr(FpMailConfig) config = parse (xml, FP_MAIL_CONFIG_PARSE_NONE, &error);

      g_test_message ("case %u", i);
      g_assert_null (config);
      g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_trailing_dot (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (
    "<clientConfig><emailProvider><incomingServer type=\"imap\">"
    "<hostname>imap.%EMAILDOMAIN%.</hostname><socketType>SSL</socketType></incomingServer>"
    OUTGOING "</emailProvider></clientConfig>",
    FP_MAIL_CONFIG_PARSE_NONE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (server_at (config->incoming, 0)->host, ==, "imap.mail.example");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/autoconfig-xml/placeholders-and-order", test_placeholders_and_order);
  g_test_add_func ("/autoconfig-xml/plain-only", test_plain_only);
  g_test_add_func ("/autoconfig-xml/authentication-order", test_authentication_order);
  g_test_add_func ("/autoconfig-xml/plain-dropped", test_plain_dropped);
  g_test_add_func ("/autoconfig-xml/unsupported-authentication", test_unsupported_authentication);
  g_test_add_func ("/autoconfig-xml/bad-documents", test_bad_documents);
  g_test_add_func ("/autoconfig-xml/empty-answer", test_empty_answer);
  g_test_add_func ("/autoconfig-xml/nested-elements", test_nested_elements);
  g_test_add_func ("/autoconfig-xml/server-inside-server", test_server_inside_server);
  g_test_add_func ("/autoconfig-xml/hostile-fields", test_hostile_fields);
  g_test_add_func ("/autoconfig-xml/trailing-dot", test_trailing_dot);
  return g_test_run ();
}
