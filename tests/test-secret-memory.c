/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-secret-memory"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "fp-account-plan.h"
#include "fp-loopback-resolver.h"
#include "fp-mail-verifier.h"
#include "fp-secret.h"
#include "fp-test-mail-servers.h"

/*
 * The password in memory: while one is held the process cannot be dumped
 * (no core file, no ptrace), and once the login check and the plan are done
 * no copy is left anywhere in the process's writable memory, not the
 * password, not its base64, not the SASL PLAIN answer, in any state of the
 * heap. The login check runs against the real dovecot and aiosmtpd (IMAP and
 * POP3, SMTP, over TLS and STARTTLS).
 */

#define USER     "alice@mail.example"
#define PASSWORD "Xq7-unique-Password-4711"

static int
dumpable (void)
{
  return prctl (PR_GET_DUMPABLE, 0, 0, 0, 0);
}

static void
test_undumpable_while_held (void)
{
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                     993, FP_TRANSPORT_TLS, USER, TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                     465, FP_TRANSPORT_TLS, USER, TRUE);
  FpAccountPlan *plan = fp_account_plan_new (USER, imap, smtp);
  FpAccountPlan *copy;

  g_assert_cmpint (dumpable (), ==, 1);
  fp_account_plan_set_password (plan, PASSWORD, TRUE);
  g_assert_cmpint (dumpable (), ==, 0);
  copy = fp_account_plan_copy (plan);
  fp_account_plan_free (plan);
  /* One copy is still there. */
  g_assert_cmpint (dumpable (), ==, 0);
  g_assert_true (fp_secret_is_held ());
  fp_account_plan_free (copy);
  g_assert_cmpint (dumpable (), ==, 1);
  g_assert_false (fp_secret_is_held ());
}

#define CHUNK (1024 * 1024)

/*
 * Every writable mapping of this process, searched for @needle (except
 * @needle itself). Read in chunks into a mapping of its own, which is
 * skipped: a buffer on the heap would hold copies of what it read.
 */
static guint
count_in_memory (const char *needle)
{
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;
  gsize needle_length = strlen (needle);
  gsize size = CHUNK + needle_length;
  guchar *chunk = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int mem = g_open ("/proc/self/mem", O_RDONLY | O_CLOEXEC, 0);
  guint found = 0;

  g_assert_true (chunk != MAP_FAILED);
  g_assert_cmpint (mem, >=, 0);
  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64 start, end;
      char perms[5] = { 0 };

      if (sscanf (lines[i], "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %4s", &start, &end,
                  perms) != 3 || perms[0] != 'r' || perms[1] != 'w' ||
          strstr (lines[i], "[vvar]") != NULL ||
          ((guintptr) chunk >= start && (guintptr) chunk < end))
        continue;
      for (guint64 offset = start; offset < end; offset += CHUNK)
        {
          gssize got = pread (mem, chunk, MIN (size, end - offset), (off_t) offset);

          for (gssize at = 0; at < CHUNK && at + (gssize) needle_length <= got; at++)
            if (chunk[at] == (guchar) needle[0] &&
                memcmp (chunk + at, needle, needle_length) == 0 &&
                offset + at != (guint64) (guintptr) needle)
              {
                g_test_message ("a copy at %" G_GINT64_MODIFIER "x in %s", offset + at,
                                lines[i]);
                found++;
              }
        }
    }
  close (mem);
  explicit_bzero (chunk, size);
  munmap (chunk, size);
  return found;
}

typedef struct
{
  GAsyncResult *result;
  int           dumpable_during;
} Check;

static void
progress_cb (FpMailVerifier *verifier,
             FpMailServer   *server,
             guint           index,
             FpVerifyStep    step,
             GError         *error,
             Check          *check)
{
  check->dumpable_during = MAX (check->dumpable_during, dumpable ());
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Check *check = user_data;

  check->result = g_object_ref (result);
}

static FpMailConfig *
config_for (FpTestMailServers *servers)
{
  FpMailConfig *config = fp_mail_config_new (USER);
  struct
  {
    FpMailProtocol protocol;
    const char    *host;
    guint16        port;
    FpTransport    transport;
  } all[] = {
    { FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", servers->imaps_port, FP_TRANSPORT_TLS },
    { FP_MAIL_PROTOCOL_IMAP, "imap.mail.example", servers->imap_port, FP_TRANSPORT_STARTTLS },
    { FP_MAIL_PROTOCOL_POP3, "pop.mail.example", servers->pop3s_port, FP_TRANSPORT_TLS },
    { FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example", servers->smtps_port, FP_TRANSPORT_TLS },
    { FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example", servers->smtp_port, FP_TRANSPORT_STARTTLS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_ptr_array_add (fp_mail_protocol_is_incoming (all[i].protocol) ? config->incoming
                                                                    : config->outgoing,
                     fp_mail_server_new (all[i].protocol, all[i].host, all[i].port,
                                         all[i].transport, USER, TRUE));
  return config;
}

/* One login check with @config, to its end. */
static void
check_once (FpTestMailServers *servers,
            FpMailConfig      *config,
            Check             *check)
{
  g_autoptr(FpHttpClient) client = fp_http_client_new ();
  g_autoptr(FpMailVerifier) verifier = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (fp_http_client_add_trusted_ca_file (client, servers->ca_file, NULL));
  verifier = fp_mail_verifier_new (client);
  g_signal_connect (verifier, "server-progress", G_CALLBACK (progress_cb), check);
  fp_mail_verifier_verify_async (verifier, config, PASSWORD, NULL, store_result_cb, check);
  while (check->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  fp_mail_verifier_verify_finish (verifier, check->result, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&check->result);
  g_clear_object (&verifier);
  /* The worker threads drop their attempts (and copies) a moment after the result. */
  for (guint i = 0; i < 500 && fp_secret_is_held (); i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10 * 1000);
    }
}

static void
test_wiped_after_login_check (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpTestMailServers) servers = fp_test_mail_servers_start (USER, PASSWORD, &error);
  g_autoptr(FpMailConfig) config = NULL;
  char sasl[sizeof USER + sizeof PASSWORD] = { 0 };
  g_autofree char *base64 = NULL;
  g_autofree char *sasl_base64 = NULL;
  Check check = { NULL, 0 };

  g_assert_no_error (error);
  config = config_for (servers);
  /* Each way of logging in once: the preferred server of each kind, then the others alone. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FpMailConfig) one = fp_mail_config_new (USER);

      g_ptr_array_add (one->incoming, fp_mail_server_copy (g_ptr_array_index (config->incoming,
                                                                              i)));
      g_ptr_array_add (one->outgoing,
                       fp_mail_server_copy (g_ptr_array_index (config->outgoing, i % 2)));
      check_once (servers, one, &check);
    }
  g_assert_cmpint (check.dumpable_during, ==, 0);
  g_assert_cmpint (dumpable (), ==, 1);

  memcpy (sasl + 1, USER, strlen (USER));
  memcpy (sasl + 2 + strlen (USER), PASSWORD, strlen (PASSWORD));
  base64 = g_base64_encode ((const guchar *) PASSWORD, strlen (PASSWORD));
  sasl_base64 = g_base64_encode ((const guchar *) sasl, 2 + strlen (USER) + strlen (PASSWORD));
  /* Our own needles are skipped by address; this one would not be. */
  explicit_bzero (sasl, sizeof sasl);
  /*
   * The ends only: a freed block's first 16 bytes are the allocator's own, so a copy left in
   * the free heap has lost its beginning.
   */
  g_assert_cmpuint (count_in_memory (PASSWORD + 8), ==, 0);
  g_assert_cmpuint (count_in_memory (base64 + 16), ==, 0);
  g_assert_cmpuint (count_in_memory (sasl_base64 + 16), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(FpLoopbackResolver) resolver = fp_loopback_resolver_new (NULL);
  const char *names[] = { "imap.mail.example", "pop.mail.example", "smtp.mail.example" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    fp_loopback_resolver_add_host (resolver, names[i], FP_TEST_MAIL_ADDRESS);
  g_resolver_set_default (G_RESOLVER (resolver));

  g_test_add_func ("/secret/undumpable-while-held", test_undumpable_while_held);
  g_test_add_func ("/secret/wiped-after-login-check", test_wiped_after_login_check);
  return g_test_run ();
}
