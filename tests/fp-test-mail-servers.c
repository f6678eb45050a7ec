/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-test-mail-servers"

#include "config.h"

#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "fp-test-mail-servers.h"
#include "fp-test-scratch.h"
#include "fp-test-server.h"
#include "fp-test-util.h"

/*
 * A port nothing listens on right now; the server started next takes it. The kernel may
 * give a closed port out again, and the ports of several servers are chosen before any of
 * them listens: a port is never handed out twice in one process.
 */
guint16
fp_test_free_port (const char *address)
{
  static GMutex lock;
  static GHashTable *handed_out;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (inet, 0);
  guint16 port;

  g_mutex_lock (&lock);
  if (handed_out == NULL)
    handed_out = g_hash_table_new (NULL, NULL);
  do
    {
      g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL);
      g_autoptr(GSocketAddress) bound = NULL;

      g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
      bound = g_socket_get_local_address (socket, NULL);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    }
  while (g_hash_table_contains (handed_out, GUINT_TO_POINTER (port)));
  g_hash_table_add (handed_out, GUINT_TO_POINTER (port));
  g_mutex_unlock (&lock);
  return port;
}

char *
fp_test_read_file (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

/* A server writes its log line a moment after answering: wait up to 4 s for @wanted. */
char *
fp_test_wait_for_log (const char *path,
                      const char *wanted)
{
  char *text = NULL;

  for (guint i = 0; i < 200; i++)
    {
      g_free (text);
      text = fp_test_read_file (path);
      if (strstr (text, wanted) != NULL)
        break;
      g_usleep (20 * 1000);
    }
  return text;
}

/* Dovecot drops to these users; as root the system's, otherwise ourselves. */
static char *
dovecot_users (void)
{
  struct passwd *me = getpwuid (getuid ());
  struct group *group = getgrgid (getgid ());

  if (getuid () == 0)
    return g_strdup ("default_internal_user = dovecot\ndefault_login_user = dovenull\n");
  return g_strdup_printf ("default_internal_user = %s\ndefault_login_user = %s\n"
                          "default_internal_group = %s\n",
                          me->pw_name, me->pw_name, group->gr_name);
}

typedef enum
{
  DOVECOT_FULL,        /* STARTTLS and TLS, PLAIN, LOGIN and CRAM-MD5 */
  DOVECOT_NO_TLS,      /* no STARTTLS at all */
  DOVECOT_LOGIN_ONLY,  /* TLS, SASL LOGIN only: clients fall back to IMAP LOGIN, POP3 USER/PASS */
} DovecotKind;

static char *
write_dovecot_config (FpTestMailServers  *self,
                      const char         *name,
                      DovecotKind         kind,
                      GError            **error)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.conf", self->dir, name);
  g_autofree char *users = dovecot_users ();
  g_autofree char *listeners = NULL;
  g_autofree char *text = NULL;

  if (kind == DOVECOT_FULL)
    listeners = g_strdup_printf (
      "protocols = imap pop3\n"
      "ssl = yes\n"
      "ssl_cert = <%s\n"
      "ssl_key = <%s\n"
      "service imap-login {\n  chroot =\n"
      "  inet_listener imap {\n    port = %u\n  }\n"
      "  inet_listener imaps {\n    port = %u\n    ssl = yes\n  }\n"
      "}\n"
      "service pop3-login {\n  chroot =\n"
      "  inet_listener pop3 {\n    port = %u\n  }\n"
      "  inet_listener pop3s {\n    port = %u\n    ssl = yes\n  }\n"
      "}\n",
      self->cert_file, self->key_file, self->imap_port, self->imaps_port, self->pop3_port,
      self->pop3s_port);
  else if (kind == DOVECOT_LOGIN_ONLY)
    listeners = g_strdup_printf (
      "protocols = imap pop3\n"
      "ssl = yes\n"
      "ssl_cert = <%s\n"
      "ssl_key = <%s\n"
      "auth_mechanisms = login\n"
      "service imap-login {\n  chroot =\n"
      "  inet_listener imap {\n    port = 0\n  }\n"
      "  inet_listener imaps {\n    port = %u\n    ssl = yes\n  }\n"
      "}\n"
      "service pop3-login {\n  chroot =\n"
      "  inet_listener pop3 {\n    port = 0\n  }\n"
      "  inet_listener pop3s {\n    port = %u\n    ssl = yes\n  }\n"
      "}\n",
      self->cert_file, self->key_file, self->imaps_login_port, self->pop3s_login_port);
  else
    /* Would take a password in clear text: the client must refuse on its own. */
    listeners = g_strdup_printf (
      "protocols = imap\n"
      "ssl = no\n"
      "disable_plaintext_auth = no\n"
      "service imap-login {\n  chroot =\n  inet_listener imap {\n    port = %u\n  }\n"
      "  inet_listener imaps {\n    port = 0\n  }\n}\n",
      self->imap_plain_port);

  text = g_strdup_printf (
    "instance_name = %s\n"
    "base_dir = %s/%s-run\n"
    "state_dir = %s/%s-state\n"
    "log_path = %s/%s.log\n"
    "listen = " FP_TEST_MAIL_ADDRESS "\n"
    "%s"
    "auth_verbose = yes\n"
    "auth_failure_delay = 0\n"
    /* The per-address penalty would slow every wrong-password test down to seconds. No chroot:
     * it needs root, and these servers may run as the developer. */
    "service anvil {\n  chroot =\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}\n"
    "disable_plaintext_auth = yes\n"
    "mail_location = maildir:~/Maildir\n"
    "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN %s/passwd\n}\n"
    "userdb {\n  driver = passwd-file\n  args = %s/passwd\n}\n"
    "%s"
    "%s",
    name, self->dir, name, self->dir, name, self->dir, name, users, self->dir, self->dir,
    kind == DOVECOT_FULL ? "auth_mechanisms = plain login cram-md5\n"
    : kind == DOVECOT_LOGIN_ONLY ? "" : "auth_mechanisms = plain login\n", listeners);
  if (!g_file_set_contents (path, text, -1, error))
    return NULL;
  return g_steal_pointer (&path);
}

static GSubprocess *
spawn (FpTestMailServers   *self,
       const char          *name,
       const char * const  *argv,
       GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autofree char *out = g_strdup_printf ("%s/%s.out", self->dir, name);

  g_subprocess_launcher_set_stdout_file_path (launcher, out);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

static gboolean
port_answers (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, FP_TEST_MAIL_ADDRESS, port, NULL, NULL);
  return connection != NULL;
}

/* Whatever a server printed before it gave up, for the failure message. */
static char *
server_output (FpTestMailServers *self,
               const char        *name)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.out", self->dir, name);
  g_autofree char *text = fp_test_read_file (path);

  return g_strescape (g_strstrip (text), "\n");
}

/*
 * Waits until every port accepts a connection. A server that exited instead is
 * reported at once, with what it printed; a slow one is given 15 s, stretched
 * under the sanitizers, and then stopped so that it says where it was.
 */
static gboolean
wait_for_ports (FpTestMailServers  *self,
                GSubprocess       **processes,
                const char        **names,
                guint               n_processes,
                const guint16      *ports,
                guint               n_ports,
                GError            **error)
{
  gint64 limit_ms = fp_test_slack_ms (15 * 1000);
  gint64 deadline = g_get_monotonic_time () + limit_ms * 1000;

  for (guint i = 0; i < n_ports; i++)
    while (!port_answers (ports[i]))
      {
        for (guint p = 0; p < n_processes; p++)
          /* GLib reaps a child on its worker thread; no identifier means it has exited. */
          if (g_subprocess_get_identifier (processes[p]) == NULL)
            {
              g_autofree char *output = server_output (self, names[p]);

              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "%s exited before it listened on port %u: %s",
                           names[p], ports[i], output);
              return FALSE;
            }
        if (g_get_monotonic_time () > deadline)
          {
            g_autofree char *output = NULL;

            /* Python started with -X faulthandler prints where each thread is on SIGABRT. */
            for (guint p = 0; p < n_processes; p++)
              {
                g_subprocess_send_signal (processes[p], SIGABRT);
                g_subprocess_wait (processes[p], NULL, NULL);
              }
            output = server_output (self, names[0]);

            g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                         "%s did not listen on port %u within %" G_GINT64_FORMAT " ms: %s",
                         names[0], ports[i], limit_ms, output);
            return FALSE;
          }
        g_usleep (20 * 1000);
      }
  return TRUE;
}

static gboolean
prepare_files (FpTestMailServers  *self,
               const char         *user,
               const char         *password,
               GError            **error)
{
  g_autofree char *home = g_build_filename (self->dir, "home", NULL);
  g_autofree char *passwd_path = g_build_filename (self->dir, "passwd", NULL);
  g_autofree char *smtp_password = g_build_filename (self->dir, "smtp-password", NULL);
  g_autofree char *passwd = NULL;
  guint uid = getuid () == 0 ? 65534 : getuid ();
  guint gid = getuid () == 0 ? 65534 : getgid ();
  gboolean ok;

  /* Dovecot's mail processes run as nobody when we are root: let them in, and no further. */
  g_chmod (self->dir, 0711);
  g_mkdir (home, 0777);
  g_chmod (home, 0777);
  /* Files, never argv, and every copy wiped: test-secret-memory looks for copies here. */
  passwd = g_strdup_printf ("%s:{PLAIN}%s:%u:%u::%s\n", user, password, uid, gid, home);
  ok = g_file_set_contents (passwd_path, passwd, -1, error) &&
       g_file_set_contents (smtp_password, password, -1, error);
  explicit_bzero (passwd, strlen (passwd));
  return ok;
}

static gboolean
start_dovecots (FpTestMailServers  *self,
                GError            **error)
{
  g_autofree char *config = write_dovecot_config (self, "dovecot", DOVECOT_FULL, error);
  g_autofree char *plain_config = NULL;
  g_autofree char *login_config = NULL;
  guint16 ports[] = { self->imap_port, self->imaps_port, self->pop3_port, self->pop3s_port,
                      self->imap_plain_port, self->imaps_login_port, self->pop3s_login_port };

  if (config == NULL)
    return FALSE;
  plain_config = write_dovecot_config (self, "dovecot-plain", DOVECOT_NO_TLS, error);
  login_config = write_dovecot_config (self, "dovecot-login", DOVECOT_LOGIN_ONLY, error);
  if (plain_config == NULL || login_config == NULL)
    return FALSE;
  self->dovecot_login = spawn (self, "dovecot-login",
                               (const char *[]) { "dovecot", "-F", "-c", login_config, NULL },
                               error);
  if (self->dovecot_login == NULL)
    return FALSE;
  self->dovecot = spawn (self, "dovecot",
                         (const char *[]) { "dovecot", "-F", "-c", config, NULL }, error);
  if (self->dovecot == NULL)
    return FALSE;
  self->dovecot_plain = spawn (self, "dovecot-plain",
                               (const char *[]) { "dovecot", "-F", "-c", plain_config, NULL },
                               error);
  if (self->dovecot_plain == NULL)
    return FALSE;
  return wait_for_ports (self,
                         (GSubprocess *[]) { self->dovecot, self->dovecot_plain,
                                             self->dovecot_login },
                         (const char *[]) { "dovecot", "dovecot-plain", "dovecot-login" }, 3,
                         ports, G_N_ELEMENTS (ports), error);
}

static gboolean
start_smtp (FpTestMailServers  *self,
            const char         *user,
            const char         *password,
            GError            **error)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "smtp-test-server.py", NULL);
  g_autofree char *starttls = g_strdup_printf ("%u", self->smtp_port);
  g_autofree char *tls = g_strdup_printf ("%u", self->smtps_port);
  g_autofree char *plain = g_strdup_printf ("%u", self->smtp_plain_port);
  g_autofree char *login = g_strdup_printf ("%u", self->smtps_login_port);
  guint16 ports[] = { self->smtp_port, self->smtps_port, self->smtp_plain_port,
                      self->smtps_login_port };
  g_autofree char *password_file = g_build_filename (self->dir, "smtp-password", NULL);
  const char *argv[] = {
    "/usr/bin/python3", "-X", "faulthandler", script, "--host", FP_TEST_MAIL_ADDRESS,
    "--cert", self->cert_file, "--key", self->key_file, "--log", self->smtp_log, "--user", user,
    "--password-file", password_file,
    "--starttls-port", starttls, "--tls-port", tls, "--plain-port", plain,
    "--login-only-port", login, NULL
  };

  self->smtp = spawn (self, "smtp", argv, error);
  return self->smtp != NULL &&
         wait_for_ports (self, &self->smtp, (const char *[]) { "smtp" }, 1,
                         ports, G_N_ELEMENTS (ports), error);
}

FpTestMailServers *
fp_test_mail_servers_start (const char  *user,
                            const char  *password,
                            GError     **error)
{
  g_autoptr(FpTestMailServers) self = g_new0 (FpTestMailServers, 1);

  self->dir = g_dir_make_tmp ("fingerpost-mail-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  /* Made by the build (make-test-certs.sh): *.mail.example and 127.0.0.2 among the names. */
  self->ca_file = fp_test_build_filename ("test-ca.pem");
  self->cert_file = fp_test_build_filename ("test-server.pem");
  self->key_file = fp_test_build_filename ("test-server.key");
  self->dovecot_log = g_build_filename (self->dir, "dovecot.log", NULL);
  self->dovecot_plain_log = g_build_filename (self->dir, "dovecot-plain.log", NULL);
  self->smtp_log = g_build_filename (self->dir, "smtp-auth.log", NULL);
  self->imap_port = fp_test_free_port (FP_TEST_MAIL_ADDRESS);
  self->imaps_port = fp_test_free_port (FP_TEST_MAIL_ADDRESS);
  self->pop3_port = fp_test_free_port (FP_TEST_MAIL_ADDRESS);
  self->pop3s_port = fp_test_free_port (FP_TEST_MAIL_ADDRESS);
  self->imap_plain_port = fp_test_free_port (FP_TEST_MAIL_ADDRESS);
  self->smtp_port = fp_test_free_port (FP_TEST_MAIL_ADDRESS);
  self->smtps_port = fp_test_free_port (FP_TEST_MAIL_ADDRESS);
  self->smtp_plain_port = fp_test_free_port (FP_TEST_MAIL_ADDRESS);
  self->imaps_login_port = fp_test_free_port (FP_TEST_MAIL_ADDRESS);
  self->pop3s_login_port = fp_test_free_port (FP_TEST_MAIL_ADDRESS);
  self->smtps_login_port = fp_test_free_port (FP_TEST_MAIL_ADDRESS);
  self->closed_port = fp_test_free_port (FP_TEST_MAIL_ADDRESS);

  if (!prepare_files (self, user, password, error) || !start_dovecots (self, error) ||
      !start_smtp (self, user, password, error))
    return NULL;
  return g_steal_pointer (&self);
}

static void
signal_process (GSubprocess *process)
{
  if (process != NULL)
    g_subprocess_send_signal (process, SIGTERM);
}

static void
reap_process (GSubprocess **process)
{
  if (*process == NULL)
    return;
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
}


/* Stops the servers and removes the folder, unless FP_TEST_KEEP is set (to read the logs). */
void
fp_test_mail_servers_stop (FpTestMailServers *self)
{
  if (self == NULL)
    return;
  /* Each dovecot takes about a second to stop: all at once, then wait. */
  signal_process (self->smtp);
  signal_process (self->dovecot);
  signal_process (self->dovecot_plain);
  signal_process (self->dovecot_login);
  reap_process (&self->smtp);
  reap_process (&self->dovecot);
  reap_process (&self->dovecot_plain);
  reap_process (&self->dovecot_login);
  if (self->dir != NULL && g_getenv ("FP_TEST_KEEP") == NULL)
    fp_test_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->ca_file);
  g_free (self->cert_file);
  g_free (self->key_file);
  g_free (self->dovecot_log);
  g_free (self->dovecot_plain_log);
  g_free (self->smtp_log);
  g_free (self);
}

/*
 * Returns %TRUE when the test must be skipped, after saying why. Never on
 * CI: there every peer is installed (build-aux/fingerpost-dev), so a missing
 * one is a failure.
 */
gboolean
fp_test_skip_unless (gboolean    available,
                     const char *reason)
{
  if (available)
    return FALSE;
  if (g_getenv ("CI") != NULL)
    g_error ("CI is set, so nothing may be skipped: %s", reason);
  g_test_skip (reason);
  return TRUE;
}
