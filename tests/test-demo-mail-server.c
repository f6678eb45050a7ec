/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-demo-mail-server"

#include "config.h"

#include <string.h>

#include "fp-demo-mail-server.h"
#include "fp-demo-provider.h"
#include "fp-error.h"
#include "fp-mail-port-map.h"
#include "fp-mail-verifier.h"
#include "fp-test-server.h"

/*
 * The demo's own IMAP and SMTP servers, checked with the real verifier as
 * `fingerpost --demo` uses them: the demo's names reach them through its
 * resolver and the port map, and their certificate is verified against those
 * names by the demo's authority alone.
 */

static FpDemoProvider *demo;

static FpMailConfig *
demo_config (const char *login)
{
  FpMailConfig *config = fp_mail_config_new (FP_DEMO_ACCOUNT);

  g_ptr_array_add (config->incoming, fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP,
                                                         "imap.mail.example", 993,
                                                         FP_TRANSPORT_TLS, login, TRUE));
  g_ptr_array_add (config->outgoing, fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP,
                                                         "smtp.mail.example", 587,
                                                         FP_TRANSPORT_STARTTLS, login, TRUE));
  config->trusted = TRUE;
  return config;
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
verify (FpHttpClient  *client,
        FpMailConfig  *config,
        const char    *password,
        FpMailServer **incoming,
        FpMailServer **outgoing,
        GError       **error)
{
  g_autoptr(FpMailVerifier) verifier = fp_mail_verifier_new (client);
  g_autoptr(GAsyncResult) result = NULL;

  fp_mail_verifier_verify_async (verifier, config, password, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* Let the transcript's lines reach the log. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return fp_mail_verifier_verify_finish (verifier, result, incoming, outgoing, error);
}

static FpHttpClient *
demo_client (void)
{
  FpHttpClient *client = fp_http_client_new ();

  fp_http_client_set_timeout (client, 10);
  fp_demo_provider_configure_client (demo, client);
  return client;
}

static void
test_good_password (void)
{
  g_autoptr(FpHttpClient) client = demo_client ();
  g_autoptr(FpMailConfig) config = demo_config ("alice.i.wonder");
  g_autoptr(FpMailServer) incoming = NULL;
  g_autoptr(FpMailServer) outgoing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  g_assert_true (verify (client, config, FP_DEMO_PASSWORD, &incoming, &outgoing, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (incoming->host, ==, "imap.mail.example");
  g_assert_cmpuint (incoming->port, ==, 993);
  g_assert_cmpstr (outgoing->host, ==, "smtp.mail.example");
  g_assert_cmpuint (outgoing->port, ==, 587);

  log = fp_activity_log_dup_text (fp_http_client_get_log (client));
  g_test_message ("%s", log);
  /* Both the implicit TLS and the STARTTLS connection checked the certificate. */
  g_assert_nonnull (strstr (log, "imap.mail.example:993 -- TLS established, certificate verified"));
  g_assert_nonnull (strstr (log, "smtp.mail.example:587 -- TLS established, certificate verified"));
  g_assert_nonnull (strstr (log, "logged in to imap.mail.example"));
  g_assert_nonnull (strstr (log, "logged in to smtp.mail.example"));
  g_assert_null (strstr (log, FP_DEMO_PASSWORD));
}

static void
test_wrong_password (void)
{
  g_autoptr(FpHttpClient) client = demo_client ();
  g_autoptr(FpMailConfig) config = demo_config ("alice.i.wonder");
  g_autoptr(GError) error = NULL;

  g_assert_false (verify (client, config, "wrong", NULL, NULL, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_AUTH_FAILED);
  g_test_message ("%s", error->message);

  /* Only the demo's people: the right password for someone else is refused too. */
  g_clear_error (&error);
  g_clear_pointer (&config, fp_mail_config_unref);
  config = demo_config ("mallory");
  g_assert_false (verify (client, config, FP_DEMO_PASSWORD, NULL, NULL, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_AUTH_FAILED);
}

/* Without the demo's authority the certificate is not trusted: verification is really on. */
static void
test_untrusted_certificate (void)
{
  g_autoptr(FpHttpClient) client = fp_http_client_new ();
  g_autoptr(FpHttpClient) demo_one = demo_client ();
  g_autoptr(FpMailConfig) config = demo_config ("alice.i.wonder");
  g_autoptr(GError) error = NULL;

  /* The same ports, but not the demo's authority. */
  fp_http_client_set_timeout (client, 10);
  fp_mail_port_map_set (client, "imap.mail.example", 993,
                        fp_mail_port_map_lookup (demo_one, "imap.mail.example", 993));
  fp_mail_port_map_set (client, "smtp.mail.example", 587,
                        fp_mail_port_map_lookup (demo_one, "smtp.mail.example", 587));
  g_assert_false (verify (client, config, FP_DEMO_PASSWORD, NULL, NULL, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_TLS);
}

/* A raw client: what a careless one would do, sending the password before STARTTLS. */
typedef struct
{
  GSocketConnection *connection;
  GDataInputStream  *input;
} Raw;

static void
raw_open (Raw *raw)
{
  g_autoptr(FpHttpClient) client = demo_client ();
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = fp_mail_port_map_lookup (client, "smtp.mail.example", 587);

  g_assert_cmpuint (port, !=, 587);
  raw->connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1", port, NULL,
                                                     &error);
  g_assert_no_error (error);
  raw->input = g_data_input_stream_new (
      g_io_stream_get_input_stream (G_IO_STREAM (raw->connection)));
}

static char *
raw_read (Raw *raw)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line (raw->input, NULL, NULL, &error);

  g_assert_no_error (error);
  if (line != NULL)
    line[strcspn (line, "\r")] = '\0';
  return line;
}

static void
raw_send (Raw        *raw,
          const char *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw->connection)),
                             text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
raw_close (Raw *raw)
{
  g_clear_object (&raw->input);
  g_io_stream_close (G_IO_STREAM (raw->connection), NULL, NULL);
  g_clear_object (&raw->connection);
}

static void
test_auth_before_starttls (void)
{
  Raw raw = { 0 };
  g_autofree char *greeting = NULL;
  g_autofree char *plain = g_base64_encode ((const guchar *) "\0alice.i.wonder\0" FP_DEMO_PASSWORD,
                                            strlen ("alice.i.wonder") + strlen (FP_DEMO_PASSWORD) +
                                            2);
  g_autofree char *auth = g_strdup_printf ("AUTH PLAIN %s\r\n", plain);
  gboolean offers_auth = FALSE;
  gboolean offers_starttls = FALSE;

  raw_open (&raw);
  greeting = raw_read (&raw);
  g_assert_true (g_str_has_prefix (greeting, "220 "));
  raw_send (&raw, "EHLO [127.0.0.1]\r\n");
  for (;;)
    {
      g_autofree char *line = raw_read (&raw);

      g_assert_true (g_str_has_prefix (line, "250"));
      offers_auth |= strstr (line, "AUTH") != NULL;
      offers_starttls |= strstr (line, "STARTTLS") != NULL;
      if (line[3] == ' ')
        break;
    }
  /* Before TLS, a password login is neither offered nor accepted. */
  g_assert_true (offers_starttls);
  g_assert_false (offers_auth);
  raw_send (&raw, auth);
  {
    g_autofree char *answer = raw_read (&raw);

    g_assert_true (g_str_has_prefix (answer, "530 "));
  }
  raw_send (&raw, "AUTH LOGIN\r\n");
  {
    g_autofree char *answer = raw_read (&raw);

    g_assert_true (g_str_has_prefix (answer, "530 "));
  }
  raw_send (&raw, "QUIT\r\n");
  {
    g_autofree char *answer = raw_read (&raw);

    g_assert_true (g_str_has_prefix (answer, "221 "));
  }
  raw_close (&raw);
}

/* A line without end is not read forever: the server says so and hangs up. */
static void
test_line_too_long (void)
{
  Raw raw = { 0 };
  g_autofree char *greeting = NULL;
  g_autofree char *flood = g_strnfill (FP_DEMO_MAIL_MAX_LINE + 100, 'A');
  g_autofree char *answer = NULL;
  g_autofree char *after = NULL;

  raw_open (&raw);
  greeting = raw_read (&raw);
  raw_send (&raw, flood);
  answer = raw_read (&raw);
  g_assert_true (g_str_has_prefix (answer, "500 "));
  after = raw_read (&raw);
  g_assert_null (after);
  raw_close (&raw);
}

/*
 * Stopping releases everything: the accepts the services had pending are
 * cancelled, and their tasks (each holding its service and the server's main
 * context) must finish before that context is dropped, or all of it leaks,
 * the context's wake-up descriptor with it. Counted in /proc/self/fd.
 */
static guint
count_open_files (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

static void
test_stop_releases_accepts (void)
{
  g_autofree char *cert_file = fp_test_build_filename ("test-server.pem");
  g_autofree char *key_file = fp_test_build_filename ("test-server.key");
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert_file, key_file,
                                                                             &error);
  const char *logins[] = { "alice", NULL };
  guint files = 0;

  g_assert_no_error (error);
  /* The first start opens what the process keeps anyway (thread pools, the TLS backend). */
  for (guint i = 0; i < 6; i++)
    {
      FpDemoMailServer *server = fp_demo_mail_server_new (certificate, logins, "pw");

      if (i == 1)
        files = count_open_files ();
      g_assert_true (fp_demo_mail_server_start (server, &error));
      g_assert_no_error (error);
      fp_demo_mail_server_stop (server);
      g_assert_finalize_object (server);
    }
  g_assert_cmpuint (count_open_files (), ==, files);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    g_error ("no TLS backend: install glib-networking");

  demo = fp_demo_provider_new ();
  if (!fp_demo_provider_start (demo, &error))
    g_error ("demo provider: %s", error->message);

  g_test_add_func ("/demo-mail-server/good-password", test_good_password);
  g_test_add_func ("/demo-mail-server/wrong-password", test_wrong_password);
  g_test_add_func ("/demo-mail-server/untrusted-certificate", test_untrusted_certificate);
  g_test_add_func ("/demo-mail-server/auth-before-starttls", test_auth_before_starttls);
  g_test_add_func ("/demo-mail-server/line-too-long", test_line_too_long);
  g_test_add_func ("/demo-mail-server/stop-releases-accepts", test_stop_releases_accepts);

  status = g_test_run ();
  g_clear_object (&demo);
  return status;
}
