/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-mail-verifier"

#include "config.h"

#include <string.h>

#include "fp-error.h"
#include "fp-loopback-resolver.h"
#include "fp-mail-connection.h"
#include "fp-mail-verifier.h"
#include "fp-test-mail-servers.h"
#include "fp-test-util.h"

/*
 * The login check against real servers: dovecot and aiosmtpd on
 * 127.0.0.2, reached by name (imap.mail.example…) through a loopback
 * resolver, so each certificate is checked against the name as it would be
 * for a real provider.
 */

#define USER     "alice@mail.example"
#define PASSWORD "s3cret-Pass phrase"

static FpTestMailServers *servers;
static const char *skip_reason;

typedef struct
{
  FpMailServer *server;
  guint         index;
  FpVerifyStep  step;
  int           code;
} Progress;

typedef struct
{
  FpHttpClient   *client;
  FpMailVerifier *verifier;
  GArray         *progress;
  GAsyncResult   *result;
} Fixture;

static void
progress_cb (FpMailVerifier *verifier,
             FpMailServer   *server,
             guint           index,
             FpVerifyStep    step,
             GError         *error,
             Fixture        *fixture)
{
  Progress progress = { server, index, step, error ? error->code : -1 };

  g_test_message ("%s %s:%u step %d%s%s", fp_mail_protocol_to_string (server->protocol),
                  server->host, server->port, step, error ? ": " : "",
                  error ? error->message : "");
  g_assert_true (step == FP_VERIFY_STEP_FAILED ? error != NULL : error == NULL);
  g_array_append_val (fixture->progress, progress);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gboolean trust_test_ca = GPOINTER_TO_INT (data) == 0;

  fixture->client = fp_http_client_new ();
  fp_http_client_set_timeout (fixture->client, 5);
  if (servers != NULL && trust_test_ca)
    g_assert_true (fp_http_client_add_trusted_ca_file (fixture->client, servers->ca_file, NULL));
  fixture->verifier = fp_mail_verifier_new (fixture->client);
  fixture->progress = g_array_new (FALSE, TRUE, sizeof (Progress));
  g_signal_connect (fixture->verifier, "server-progress", G_CALLBACK (progress_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *log = fp_activity_log_dup_text (fp_http_client_get_log (fixture->client));

  /* Whatever happened, the password is never in the Details. */
  g_autofree char *base64 = g_base64_encode ((const guchar *) PASSWORD, strlen (PASSWORD));

  g_assert_null (strstr (log, PASSWORD));
  g_assert_null (strstr (log, "s3cret"));
  g_assert_null (strstr (log, base64));
  g_clear_object (&fixture->result);
  g_array_unref (fixture->progress);
  g_assert_finalize_object (fixture->verifier);
  g_assert_finalize_object (fixture->client);
}

static FpMailServer *
server_new (FpMailProtocol  protocol,
            const char     *host,
            guint16         port,
            FpTransport     transport)
{
  return fp_mail_server_new (protocol, host, port, transport, USER, TRUE);
}

/* A configuration of one server each way, unless more are added. */
static FpMailConfig *
config_new (FpMailServer *incoming,
            FpMailServer *outgoing)
{
  FpMailConfig *config = fp_mail_config_new (USER);

  g_ptr_array_add (config->incoming, incoming);
  g_ptr_array_add (config->outgoing, outgoing);
  return config;
}

static FpMailConfig *
good_config (void)
{
  return config_new (server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                 servers->imaps_port, FP_TRANSPORT_TLS),
                     server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example", servers->smtps_port,
                                 FP_TRANSPORT_TLS));
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = g_object_ref (result);
}

static gboolean
verify (Fixture       *fixture,
        FpMailConfig  *config,
        const char    *password,
        FpMailServer **incoming,
        FpMailServer **outgoing,
        GError       **error)
{
  g_clear_object (&fixture->result);
  g_array_set_size (fixture->progress, 0);
  fp_mail_verifier_verify_async (fixture->verifier, config, password, NULL, store_result_cb,
                                 fixture);
  while (fixture->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return fp_mail_verifier_verify_finish (fixture->verifier, fixture->result, incoming, outgoing,
                                         error);
}

static guint
count_steps (Fixture      *fixture,
             FpVerifyStep  step)
{
  guint count = 0;

  for (guint i = 0; i < fixture->progress->len; i++)
    if (g_array_index (fixture->progress, Progress, i).step == step)
      count++;
  return count;
}

static gboolean
skipped (void)
{
  return fp_test_skip_unless (servers != NULL, skip_reason);
}

/* Both directions, every transport: IMAP and POP3, STARTTLS and TLS; SMTP 587- and 465-style. */
static void
test_good_password (Fixture       *fixture,
                    gconstpointer  data)
{
  struct
  {
    FpMailProtocol protocol;
    const char    *host;
    guint16        port;
    FpTransport    transport;
  } incoming[] = {
    { FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", 0, FP_TRANSPORT_STARTTLS },
    { FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", 0, FP_TRANSPORT_TLS },
    { FP_MAIL_PROTOCOL_POP3, "pop.mail.example", 0, FP_TRANSPORT_STARTTLS },
    { FP_MAIL_PROTOCOL_POP3, "pop.mail.example", 0, FP_TRANSPORT_TLS },
  };

  if (skipped ())
    return;
  incoming[0].port = servers->imap_port;
  incoming[1].port = servers->imaps_port;
  incoming[2].port = servers->pop3_port;
  incoming[3].port = servers->pop3s_port;
  g_assert_false (fp_http_client_get_added_authority_needed (fixture->client));

  for (guint i = 0; i < G_N_ELEMENTS (incoming); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpMailServer) used_in = NULL;
      g_autoptr(FpMailServer) used_out = NULL;
      g_autoptr(FpMailConfig) config = NULL;
      gboolean starttls_smtp = i % 2 == 0;

      config = config_new (server_new (incoming[i].protocol, incoming[i].host, incoming[i].port,
                                       incoming[i].transport),
                           server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                       starttls_smtp ? servers->smtp_port : servers->smtps_port,
                                       starttls_smtp ? FP_TRANSPORT_STARTTLS : FP_TRANSPORT_TLS));
      g_assert_true (verify (fixture, config, PASSWORD, &used_in, &used_out, &error));
      g_assert_no_error (error);
      g_assert_true (fp_mail_server_equal (used_in, g_ptr_array_index (config->incoming, 0)));
      g_assert_true (fp_mail_server_equal (used_out, g_ptr_array_index (config->outgoing, 0)));
      g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_CHECKING), ==, 2);
      g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_SUCCEEDED), ==, 2);
      /* The test authority is not the system's: the first round (STARTTLS both ways) already
       * records that the servers needed it, which decides the trust notes of setup. */
      g_assert_true (fp_http_client_get_added_authority_needed (fixture->client));
    }

  {
    g_autofree char *smtp_log = fp_test_read_file (servers->smtp_log);

    /* The SMTP server saw the logins on both TLS listeners. */
    g_assert_nonnull (strstr (smtp_log, "listener=starttls PLAIN login=" USER " ok=True"));
    g_assert_nonnull (strstr (smtp_log, "listener=tls PLAIN login=" USER " ok=True"));
  }
}

/*
 * A dovecot without the PLAIN mechanism: IMAP says LOGINDISABLED, so no
 * password is sent; POP3 takes USER/PASS (over TLS) and refuses it with
 * its reason, which is passed on. SMTP with AUTH LOGIN only: the LOGIN
 * exchange is used. The password is hidden in every transcript.
 */
static void
test_login_mechanisms (Fixture       *fixture,
                       gconstpointer  data)
{
  FpMailServer *incoming[2];

  if (skipped ())
    return;
  incoming[0] = server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                            servers->imaps_login_port, FP_TRANSPORT_TLS);
  incoming[1] = server_new (FP_MAIL_PROTOCOL_POP3, "pop.mail.example",
                            servers->pop3s_login_port, FP_TRANSPORT_TLS);

  for (guint i = 0; i < G_N_ELEMENTS (incoming); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpMailConfig) config =
        config_new (incoming[i], server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                             servers->smtps_login_port, FP_TRANSPORT_TLS));

      g_assert_false (verify (fixture, config, PASSWORD, NULL, NULL, &error));
      g_assert_nonnull (strstr (error->message, incoming[i]->host));
      if (incoming[i]->protocol == FP_MAIL_PROTOCOL_IMAP)
        g_assert_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED);
      else
        {
          /* It lists USER, takes USER, and refuses PASS; its reason is passed on. */
          g_assert_error (error, FP_ERROR, FP_ERROR_AUTH_FAILED);
          g_assert_nonnull (strstr (error->message, "Unsupported authentication mechanism"));
        }
      /* The outgoing side logged in with AUTH LOGIN meanwhile. */
      g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_SUCCEEDED), ==, 1);
    }

  {
    g_autofree char *smtp_log = fp_test_read_file (servers->smtp_log);
    g_autofree char *log = fp_activity_log_dup_text (fp_http_client_get_log (fixture->client));

    g_assert_nonnull (strstr (smtp_log, "listener=login-only LOGIN login=" USER " ok=True"));
    g_assert_nonnull (strstr (log, "C: AUTH LOGIN"));
    g_assert_nonnull (strstr (log, "C: ****"));
    g_assert_nonnull (strstr (log, "C: PASS ****"));
  }
}

/* A refused password ends the check: the next alternative is not tried with it. */
static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  if (skipped ())
    return;
  config = good_config ();
  g_ptr_array_add (config->incoming, server_new (FP_MAIL_PROTOCOL_POP3, "pop.mail.example",
                                                 servers->pop3s_port, FP_TRANSPORT_TLS));
  g_assert_false (verify (fixture, config, "wrong", NULL, NULL, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (error->message, ".mail.example"));
  g_test_message ("%s", error->message);
  g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_SKIPPED), ==, 1);
  g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_FAILED), ==, 2);
  g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_CHECKING), ==, 2);
}

/* Each protocol's own refusal is read as a wrong password. */
static void
test_wrong_password_each_protocol (Fixture       *fixture,
                                   gconstpointer  data)
{
  FpMailServer *incoming[3];

  if (skipped ())
    return;
  incoming[0] = server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", servers->imap_port,
                            FP_TRANSPORT_STARTTLS);
  incoming[1] = server_new (FP_MAIL_PROTOCOL_POP3, "pop.mail.example", servers->pop3_port,
                            FP_TRANSPORT_STARTTLS);
  incoming[2] = server_new (FP_MAIL_PROTOCOL_POP3, "pop.mail.example", servers->pop3s_port,
                            FP_TRANSPORT_TLS);

  for (guint i = 0; i < G_N_ELEMENTS (incoming); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpMailConfig) config =
        config_new (incoming[i], server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                             servers->smtp_port, FP_TRANSPORT_STARTTLS));

      g_assert_false (verify (fixture, config, "wrong", NULL, NULL, &error));
      g_assert_error (error, FP_ERROR, FP_ERROR_AUTH_FAILED);
      /* Both directions refused it; neither was anything else. */
      for (guint j = 0; j < fixture->progress->len; j++)
        {
          Progress *progress = &g_array_index (fixture->progress, Progress, j);

          if (progress->step == FP_VERIFY_STEP_FAILED)
            g_assert_cmpint (progress->code, ==, FP_ERROR_AUTH_FAILED);
        }
      g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_FAILED), ==, 2);
    }
}

/*
 * A server that does not offer STARTTLS gets no credential: the check stops
 * at once, and the servers' own logs show that no login was attempted.
 */
static void
test_no_starttls (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) smtp_error = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  g_autoptr(FpMailConfig) smtp_config = NULL;
  g_autofree char *dovecot_log = NULL;
  g_autofree char *smtp_log = NULL;

  if (skipped ())
    return;
  config = config_new (server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                   servers->imap_plain_port, FP_TRANSPORT_STARTTLS),
                       server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                   servers->smtps_port, FP_TRANSPORT_TLS));
  g_assert_false (verify (fixture, config, PASSWORD, NULL, NULL, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_UNSAFE);
  g_assert_nonnull (strstr (error->message, "imap.mail.example"));

  smtp_config = config_new (server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                        servers->imaps_port, FP_TRANSPORT_TLS),
                            server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                        servers->smtp_plain_port, FP_TRANSPORT_STARTTLS));
  g_assert_false (verify (fixture, smtp_config, PASSWORD, NULL, NULL, &smtp_error));
  g_assert_error (smtp_error, FP_ERROR, FP_ERROR_UNSAFE);
  g_assert_nonnull (strstr (smtp_error->message, "smtp.mail.example"));

  /* dovecot logs each connection as it closes: give it a moment. */
  for (guint i = 0; i < 100; i++)
    {
      g_free (dovecot_log);
      dovecot_log = fp_test_read_file (servers->dovecot_plain_log);
      if (strstr (dovecot_log, "Disconnected") != NULL)
        break;
      g_usleep (20 * 1000);
    }
  g_test_message ("dovecot without STARTTLS logged:\n%s", dovecot_log);
  g_assert_nonnull (strstr (dovecot_log, "no auth attempts"));
  g_assert_null (strstr (dovecot_log, "user=<" USER ">"));
  smtp_log = fp_test_read_file (servers->smtp_log);
  g_assert_null (strstr (smtp_log, "listener=plain"));
}

static FpMailServer *
server_with_method (FpMailProtocol  protocol,
                    const char     *host,
                    guint16         port,
                    FpTransport     transport,
                    FpAuthMethod    method)
{
  FpMailServer *server = server_new (protocol, host, port, transport);

  fp_mail_server_set_auth_methods (server, &method, 1);
  return server;
}

/*
 * CRAM-MD5 on each protocol, inside TLS: dovecot (auth_mechanisms = plain
 * login cram-md5) logs method=CRAM-MD5, aiosmtpd's CRAM-MD5 handler checks
 * the HMAC; the password itself never crosses the wire.
 */
static void
test_cram_md5 (Fixture       *fixture,
               gconstpointer  data)
{
  FpMailServer *incoming[2];
  g_autofree char *dovecot_log = NULL;
  g_autofree char *smtp_log = NULL;
  g_autofree char *log = NULL;

  if (skipped ())
    return;
  incoming[0] = server_with_method (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                    servers->imap_port, FP_TRANSPORT_STARTTLS, FP_AUTH_CRAM_MD5);
  incoming[1] = server_with_method (FP_MAIL_PROTOCOL_POP3, "pop.mail.example",
                                    servers->pop3s_port, FP_TRANSPORT_TLS, FP_AUTH_CRAM_MD5);
  for (guint i = 0; i < G_N_ELEMENTS (incoming); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpMailConfig) config =
        config_new (incoming[i],
                    server_with_method (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                        i == 0 ? servers->smtps_port : servers->smtp_port,
                                        i == 0 ? FP_TRANSPORT_TLS : FP_TRANSPORT_STARTTLS,
                                        FP_AUTH_CRAM_MD5));

      g_assert_true (verify (fixture, config, PASSWORD, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  dovecot_log = fp_test_wait_for_log (servers->dovecot_log, "pop3-login: Info: Login: user=<" USER
                                                    ">, method=CRAM-MD5");
  g_test_message ("dovecot logged:\n%s", dovecot_log);
  g_assert_nonnull (strstr (dovecot_log, "imap-login: Info: Login: user=<" USER
                                         ">, method=CRAM-MD5"));
  g_assert_nonnull (strstr (dovecot_log, "pop3-login: Info: Login: user=<" USER
                                         ">, method=CRAM-MD5"));
  smtp_log = fp_test_read_file (servers->smtp_log);
  g_assert_nonnull (strstr (smtp_log, "listener=tls CRAM-MD5 login=" USER " ok=True"));
  g_assert_nonnull (strstr (smtp_log, "listener=starttls CRAM-MD5 login=" USER " ok=True"));
  log = fp_activity_log_dup_text (fp_http_client_get_log (fixture->client));
  g_assert_nonnull (strstr (log, "AUTHENTICATE CRAM-MD5"));
  g_assert_nonnull (strstr (log, "C: AUTH CRAM-MD5"));
}

/* A wrong password under CRAM-MD5 is refused as such; one without the mechanism gets nothing. */
static void
test_cram_md5_refused (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) missing_error = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  g_autoptr(FpMailConfig) missing = NULL;

  if (skipped ())
    return;
  config = config_new (server_with_method (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                           servers->imaps_port, FP_TRANSPORT_TLS,
                                           FP_AUTH_CRAM_MD5),
                       server_with_method (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                           servers->smtps_port, FP_TRANSPORT_TLS,
                                           FP_AUTH_CRAM_MD5));
  g_assert_false (verify (fixture, config, "not the password", NULL, NULL, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_AUTH_FAILED);

  /* The LOGIN-only dovecot offers no CRAM-MD5: nothing is sent. */
  missing = config_new (server_with_method (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                            servers->imaps_login_port, FP_TRANSPORT_TLS,
                                            FP_AUTH_CRAM_MD5),
                        server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                    servers->smtps_port, FP_TRANSPORT_TLS));
  g_assert_false (verify (fixture, missing, PASSWORD, NULL, NULL, &missing_error));
  g_assert_error (missing_error, FP_ERROR, FP_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (missing_error->message, "CRAM-MD5"));
}

/*
 * OAuth2 servers: connected to, secured, capabilities read, and no password
 * asked for or sent (none is given here); dovecot logs no login attempt.
 */
static void
test_oauth2_connect_only (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  g_autofree char *log = NULL;
  g_autofree char *smtp_before = NULL;
  g_autofree char *smtp_after = NULL;

  if (skipped ())
    return;
  smtp_before = fp_test_read_file (servers->smtp_log);
  config = config_new (server_with_method (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                           servers->imap_port, FP_TRANSPORT_STARTTLS,
                                           FP_AUTH_OAUTH2),
                       server_with_method (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                           servers->smtp_port, FP_TRANSPORT_STARTTLS,
                                           FP_AUTH_OAUTH2));
  g_assert_true (verify (fixture, config, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  log = fp_activity_log_dup_text (fp_http_client_get_log (fixture->client));
  g_test_message ("%s", log);
  g_assert_nonnull (strstr (log, "C: STARTTLS"));
  g_assert_nonnull (strstr (log, "offers neither XOAUTH2 nor OAUTHBEARER here; OAuth2 sign-in is "
                                 "left to the mail program, no password sent"));
  g_assert_null (strstr (log, "AUTHENTICATE"));
  g_assert_null (strstr (log, "C: AUTH "));
  smtp_after = fp_test_read_file (servers->smtp_log);
  g_assert_cmpstr (smtp_after, ==, smtp_before);

  /* A server that wants the password, with none given: said, before anything is sent. */
  {
    g_autoptr(GError) needs_error = NULL;
    g_autoptr(FpMailConfig) needs = good_config ();

    g_assert_false (verify (fixture, needs, NULL, NULL, NULL, &needs_error));
    g_assert_error (needs_error, FP_ERROR, FP_ERROR_AUTH_REQUIRED);
  }
}

/*
 * Accepted unencrypted servers (transport none): the check logs in without
 * TLS, as the account will; never because STARTTLS failed.
 */
static void
test_insecure_accepted (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  g_autofree char *dovecot_log = NULL;
  g_autofree char *smtp_log = NULL;

  if (skipped ())
    return;
  config = config_new (server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                   servers->imap_plain_port, FP_TRANSPORT_NONE),
                       server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                   servers->smtp_plain_port, FP_TRANSPORT_NONE));
  g_assert_true (verify (fixture, config, PASSWORD, NULL, NULL, &error));
  g_assert_no_error (error);
  dovecot_log = fp_test_wait_for_log (servers->dovecot_plain_log, "Login: user=<" USER ">");
  g_assert_nonnull (strstr (dovecot_log, "imap-login: Info: Login: user=<" USER ">"));
  g_assert_null (strstr (dovecot_log, "TLS"));
  smtp_log = fp_test_read_file (servers->smtp_log);
  g_assert_nonnull (strstr (smtp_log, "listener=plain PLAIN login=" USER " ok=True"));
}

/* Without the test CA, the servers' certificates are not trusted; a wrong name neither. */
static void
test_untrusted_certificate (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  if (skipped ())
    return;
  config = good_config ();
  g_assert_false (verify (fixture, config, PASSWORD, NULL, NULL, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, ".mail.example"));
  g_assert_nonnull (strstr (error->message, "authority"));
  g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_FAILED), ==, 2);
  g_assert_false (fp_http_client_get_added_authority_needed (fixture->client));
}

static void
test_wrong_name (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  if (skipped ())
    return;
  config = config_new (server_new (FP_MAIL_PROTOCOL_IMAP, "wrong.example", servers->imap_port,
                                   FP_TRANSPORT_STARTTLS),
                       server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                   servers->smtp_port, FP_TRANSPORT_STARTTLS));
  g_assert_false (verify (fixture, config, PASSWORD, NULL, NULL, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "wrong.example"));
  g_assert_nonnull (strstr (error->message, "different name"));
}

/* The first alternative cannot be reached: the second is used, and said so. */
static void
test_first_unreachable (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  g_autoptr(FpMailServer) used_in = NULL;
  g_autoptr(FpMailServer) used_out = NULL;
  Progress *first;

  if (skipped ())
    return;
  config = config_new (server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                   servers->closed_port, FP_TRANSPORT_TLS),
                       server_new (FP_MAIL_PROTOCOL_SMTP, "down.mail.example",
                                   servers->smtps_port, FP_TRANSPORT_TLS));
  g_ptr_array_add (config->incoming, server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                 servers->imap_port, FP_TRANSPORT_STARTTLS));
  g_ptr_array_add (config->outgoing, server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                 servers->smtp_port, FP_TRANSPORT_STARTTLS));

  g_assert_true (verify (fixture, config, PASSWORD, &used_in, &used_out, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (used_in->port, ==, servers->imap_port);
  g_assert_cmpstr (used_out->host, ==, "smtp.mail.example");
  g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_FAILED), ==, 2);
  g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_SUCCEEDED), ==, 2);

  first = &g_array_index (fixture->progress, Progress, 0);
  g_assert_true (first->server == g_ptr_array_index (config->incoming, 0));
  g_assert_cmpint (first->step, ==, FP_VERIFY_STEP_CHECKING);
}

/*
 * The first server accepts the connection and then says nothing: it is given
 * up on after the time limit (one second here), and the next one is used.
 */
static void
test_silent_server_times_out (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  g_autoptr(FpMailServer) used_in = NULL;
  g_autoptr(GSocket) silent = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string (FP_TEST_MAIL_ADDRESS);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  Progress *failed = NULL;
  gint64 started;
  guint16 port;

  if (skipped ())
    return;
  /* Listening, never accepting: the kernel completes the handshake, nobody answers. */
  silent = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (silent, any, FALSE, NULL));
  g_assert_true (g_socket_listen (silent, NULL));
  bound = g_socket_get_local_address (silent, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  fp_http_client_set_timeout (fixture->client, 1);
  config = config_new (server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", port,
                                   FP_TRANSPORT_STARTTLS),
                       server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                   servers->smtps_port, FP_TRANSPORT_TLS));
  g_ptr_array_add (config->incoming, server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                 servers->imaps_port, FP_TRANSPORT_TLS));
  started = g_get_monotonic_time ();
  g_assert_true (verify (fixture, config, PASSWORD, &used_in, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("checked in %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - started) / 1000);
  g_assert_cmpuint (used_in->port, ==, servers->imaps_port);
  g_assert_cmpint (g_get_monotonic_time () - started, <, fp_test_slack_ms (3000) * 1000);
  for (guint i = 0; i < fixture->progress->len; i++)
    if (g_array_index (fixture->progress, Progress, i).step == FP_VERIFY_STEP_FAILED)
      failed = &g_array_index (fixture->progress, Progress, i);
  g_assert_nonnull (failed);
  g_assert_cmpint (failed->code, ==, FP_ERROR_TIMEOUT);
}

/* When no alternative works, the error names the host and says what went wrong. */
static void
test_all_unreachable (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  if (skipped ())
    return;
  config = config_new (server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                   servers->closed_port, FP_TRANSPORT_TLS),
                       server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                   servers->smtps_port, FP_TRANSPORT_TLS));
  g_assert_false (verify (fixture, config, PASSWORD, NULL, NULL, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "imap.mail.example"));
}

/* A peer that accepts one connection and sends one byte every 200 ms for ten seconds. */
typedef struct
{
  GSocket *listener;
  GThread *thread;
  guint16  port;
} Dripper;

static gpointer
drip_thread (gpointer data)
{
  Dripper *dripper = data;
  g_autoptr(GSocket) peer = g_socket_accept (dripper->listener, NULL, NULL);
  /* A TLS record header that announces 16 KiB: the handshake waits for all of it. */
  static const char record[] = "\x16\x03\x03\x40\x00";

  for (guint i = 0; peer != NULL && i < 50; i++)
    {
      char byte = i < sizeof record - 1 ? record[i] : 'x';

      if (g_socket_send (peer, &byte, 1, NULL, NULL) != 1)
        break;
      g_usleep (200 * 1000);
    }
  return NULL;
}

static Dripper *
dripper_start (void)
{
  Dripper *dripper = g_new0 (Dripper, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string (FP_TEST_MAIL_ADDRESS);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  dripper->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                    G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (dripper->listener, any, FALSE, NULL));
  g_assert_true (g_socket_listen (dripper->listener, NULL));
  bound = g_socket_get_local_address (dripper->listener, NULL);
  dripper->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  dripper->thread = g_thread_new ("dripper", drip_thread, dripper);
  return dripper;
}

static void
dripper_stop (Dripper *dripper)
{
  g_thread_join (dripper->thread);
  g_object_unref (dripper->listener);
  g_free (dripper);
}

/*
 * Each read gets its byte well within the timeout (1 s here), so only a
 * deadline on the whole dialogue, the TLS handshake included, ends it: after
 * FP_MAIL_DIALOGUE_TIMEOUTS seconds, as a time-out.
 */
static void
test_dripping_handshake_deadline (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  Dripper *dripper;
  gint64 started;
  gint64 elapsed;

  if (skipped ())
    return;
  dripper = dripper_start ();
  fp_http_client_set_timeout (fixture->client, 1);
  config = config_new (server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", dripper->port,
                                   FP_TRANSPORT_TLS),
                       server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                   servers->smtps_port, FP_TRANSPORT_TLS));
  started = g_get_monotonic_time ();
  g_assert_false (verify (fixture, config, PASSWORD, NULL, NULL, &error));
  elapsed = g_get_monotonic_time () - started;
  g_test_message ("gave up after %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_error (error, FP_ERROR, FP_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "imap.mail.example"));
  g_assert_cmpint (elapsed, >=, (FP_MAIL_DIALOGUE_TIMEOUTS - 1) * G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, <, fp_test_slack_ms ((FP_MAIL_DIALOGUE_TIMEOUTS + 2) * 1000) * 1000);
  dripper_stop (dripper);
}

/* Thousands of alternatives are not tried in turn: four each way at most, then the rest skipped. */
static void
test_alternatives_limited (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  if (skipped ())
    return;
  config = config_new (server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                   servers->closed_port, FP_TRANSPORT_TLS),
                       server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                   servers->smtps_port, FP_TRANSPORT_TLS));
  for (guint i = 1; i < 20; i++)
    g_ptr_array_add (config->incoming, server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                   servers->closed_port, FP_TRANSPORT_TLS));
  /* The only one that works comes too late. */
  g_ptr_array_add (config->incoming, server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                 servers->imaps_port, FP_TRANSPORT_TLS));

  g_assert_false (verify (fixture, config, PASSWORD, NULL, NULL, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_NETWORK);
  g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_CHECKING), ==,
                    FP_MAIL_VERIFY_MAX_PER_DIRECTION + 1);
  g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_SKIPPED), ==,
                    21 - FP_MAIL_VERIFY_MAX_PER_DIRECTION);
}

/* Both directions together get FP_MAIL_VERIFY_MAX_ATTEMPTS, fewer than four each way. */
static void
test_attempts_limited_in_all (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = config_new (
    server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", servers->closed_port,
                FP_TRANSPORT_TLS),
    server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example", servers->closed_port,
                FP_TRANSPORT_TLS));

  if (skipped ())
    return;
  for (guint i = 1; i < 10; i++)
    {
      g_ptr_array_add (config->incoming, server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                     servers->closed_port, FP_TRANSPORT_TLS));
      g_ptr_array_add (config->outgoing, server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                     servers->closed_port, FP_TRANSPORT_TLS));
    }
  g_assert_false (verify (fixture, config, PASSWORD, NULL, NULL, &error));
  g_assert_error (error, FP_ERROR, FP_ERROR_NETWORK);
  g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_CHECKING), ==,
                    FP_MAIL_VERIFY_MAX_ATTEMPTS);
  g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_SKIPPED), ==,
                    20 - FP_MAIL_VERIFY_MAX_ATTEMPTS);
}

/*
 * "alice\r\nDELE 1" as a POP3 login (from a document parsed elsewhere, or
 * typed): refused by the dialogue itself before a byte is sent, and the real
 * server's log shows no command from it. SMTP the same, and a password with
 * a line break never leaves at all.
 */
static void
test_line_breaks_never_sent (Fixture       *fixture,
                             gconstpointer  data)
{
  static const FpMailProtocol protocols[] = { FP_MAIL_PROTOCOL_POP3, FP_MAIL_PROTOCOL_SMTP };

  if (skipped ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (protocols); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpMailConfig) config = good_config ();
      gboolean incoming = protocols[i] == FP_MAIL_PROTOCOL_POP3;
      GPtrArray *direction = incoming ? config->incoming : config->outgoing;
      g_autofree char *log = NULL;

      g_ptr_array_remove_index (direction, 0);
      g_ptr_array_add (direction, fp_mail_server_new (
        protocols[i], incoming ? "pop.mail.example" : "smtp.mail.example",
        incoming ? servers->pop3s_login_port : servers->smtps_login_port, FP_TRANSPORT_TLS,
        "alice@mail.example\r\nDELE 1", TRUE));
      g_assert_false (verify (fixture, config, PASSWORD, NULL, NULL, &error));
      g_assert_error (error, FP_ERROR, FP_ERROR_UNSAFE);
      g_assert_nonnull (strstr (error->message, "line break"));
      log = fp_activity_log_dup_text (fp_http_client_get_log (fixture->client));
      g_assert_null (strstr (log, "C: DELE"));
      g_assert_null (strstr (log, "C: USER"));
      g_assert_null (strstr (log, "C: AUTH LOGIN"));
      g_assert_nonnull (strstr (log, "a line break in the login or password"));
      fp_activity_log_clear (fp_http_client_get_log (fixture->client));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FpMailConfig) config = good_config ();

    g_assert_false (verify (fixture, config, "pass\r\nDELE 1", NULL, NULL, &error));
    g_assert_error (error, FP_ERROR, FP_ERROR_UNSAFE);
    g_assert_cmpuint (count_steps (fixture, FP_VERIFY_STEP_CHECKING), ==, 0);
  }
}

static void
install_resolver (void)
{
  g_autoptr(FpLoopbackResolver) resolver = fp_loopback_resolver_new (NULL);
  const char *names[] = { "imap.mail.example", "pop.mail.example", "smtp.mail.example",
                          "wrong.example" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    fp_loopback_resolver_add_host (resolver, names[i], FP_TEST_MAIL_ADDRESS);
  /* down.mail.example is not known: "could not be found". */
  g_resolver_set_default (G_RESOLVER (resolver));
}

static gboolean
have_program (const char *program)
{
  g_autofree char *path = g_find_program_in_path (program);

  return path != NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    g_error ("glib-networking is missing: no TLS, so nothing here can be tested");
  install_resolver ();

  if (!have_program ("dovecot") && !g_file_test ("/usr/sbin/dovecot", G_FILE_TEST_IS_EXECUTABLE))
    skip_reason = "dovecot is not installed (packages dovecot-imapd, dovecot-pop3d)";
  else if (!g_file_test ("/usr/lib/python3/dist-packages/aiosmtpd", G_FILE_TEST_IS_DIR))
    skip_reason = "aiosmtpd is not installed (package python3-aiosmtpd)";
  else
    {
      servers = fp_test_mail_servers_start (USER, PASSWORD, &error);
      if (servers == NULL)
        g_error ("could not start the test mail servers: %s", error->message);
    }

#define ADD(path, func, untrusted) \
  g_test_add (path, Fixture, GINT_TO_POINTER (untrusted), fixture_set_up, func, fixture_tear_down)
  ADD ("/mail-verifier/good-password", test_good_password, 0);
  ADD ("/mail-verifier/login-mechanisms", test_login_mechanisms, 0);
  ADD ("/mail-verifier/wrong-password", test_wrong_password, 0);
  ADD ("/mail-verifier/wrong-password-each-protocol", test_wrong_password_each_protocol, 0);
  ADD ("/mail-verifier/no-starttls", test_no_starttls, 0);
  ADD ("/mail-verifier/untrusted-certificate", test_untrusted_certificate, 1);
  ADD ("/mail-verifier/wrong-name", test_wrong_name, 0);
  ADD ("/mail-verifier/first-unreachable", test_first_unreachable, 0);
  ADD ("/mail-verifier/silent-server-times-out", test_silent_server_times_out, 0);
  ADD ("/mail-verifier/all-unreachable", test_all_unreachable, 0);
  ADD ("/mail-verifier/dripping-handshake-deadline", test_dripping_handshake_deadline, 0);
  ADD ("/mail-verifier/alternatives-limited", test_alternatives_limited, 0);
  ADD ("/mail-verifier/attempts-limited-in-all", test_attempts_limited_in_all, 0);
  ADD ("/mail-verifier/line-breaks-never-sent", test_line_breaks_never_sent, 0);
  ADD ("/mail-verifier/cram-md5", test_cram_md5, 0);
  ADD ("/mail-verifier/cram-md5-refused", test_cram_md5_refused, 0);
  ADD ("/mail-verifier/oauth2-connect-only", test_oauth2_connect_only, 0);
  ADD ("/mail-verifier/insecure-accepted", test_insecure_accepted, 0);
#undef ADD

  status = g_test_run ();
  g_clear_pointer (&servers, fp_test_mail_servers_stop);
  return status;
}
