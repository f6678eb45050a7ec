/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-test-dns"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <unistd.h>

#include "fp-test-dns.h"

#define DNSMASQ "/usr/sbin/dnsmasq"

/* A record every server started here has, to tell when it answers. */
#define READY_NAME "_ready.fingerpost.example"

struct _FpTestDns
{
  GSubprocess *process;
  char        *log_path;
};

/* Why the DNS tests cannot run here, or %NULL. */
const char *
fp_test_dns_missing (void)
{
  if (!g_file_test (DNSMASQ, G_FILE_TEST_IS_EXECUTABLE))
    return "dnsmasq is not installed (package dnsmasq-base)";
  if (g_getenv ("FP_IN_NETNS") == NULL)
    return "not inside run-in-netns.sh, so port 53 is not ours";
  return NULL;
}

static gboolean
answers (void)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autolist(GVariant) records = g_resolver_lookup_records (resolver, READY_NAME,
                                                            G_RESOLVER_RECORD_TXT, NULL, NULL);

  return records != NULL;
}

/**
 * fp_test_dns_start:
 * @records: dnsmasq options, one record each, %NULL-terminated
 *
 * Returns: (transfer full): the running server, answering; or %NULL
 */
FpTestDns *
fp_test_dns_start (const char * const  *records,
                   GError             **error)
{
  return fp_test_dns_start_on_port (records, 53, error);
}

/**
 * fp_test_dns_start_on_port:
 * @port: where it listens; it is known to answer once the resolver's
 *   questions (to port 53) reach it, so something must relay them from 53
 *   (the benchmark's delaying proxy)
 */
FpTestDns *
fp_test_dns_start_on_port (const char * const  *records,
                           guint16              port,
                           GError             **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(FpTestDns) self = g_new0 (FpTestDns, 1);
  g_autofree char *log_fd = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  int fd;

  fd = g_file_open_tmp ("fingerpost-dnsmasq-XXXXXX.log", &self->log_path, error);
  if (fd < 0)
    return NULL;
  close (fd);

  g_ptr_array_add (argv, g_strdup (DNSMASQ));
  g_ptr_array_add (argv, g_strdup ("--keep-in-foreground"));
  g_ptr_array_add (argv, g_strdup ("--conf-file=/dev/null"));
  g_ptr_array_add (argv, g_strdup ("--no-resolv"));
  g_ptr_array_add (argv, g_strdup ("--no-hosts"));
  g_ptr_array_add (argv, g_strdup ("--no-negcache"));
  g_ptr_array_add (argv, g_strdup ("--pid-file="));
  g_ptr_array_add (argv, g_strdup ("--user=root"));
  g_ptr_array_add (argv, g_strdup ("--listen-address=127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("--bind-interfaces"));
  g_ptr_array_add (argv, g_strdup_printf ("--port=%u", port));
  /* Unknown names get NXDOMAIN, not REFUSED: glibc would ask again for REFUSED. */
  g_ptr_array_add (argv, g_strdup ("--local=/example/"));
  g_ptr_array_add (argv, g_strdup ("--log-queries"));
  g_ptr_array_add (argv, g_strdup_printf ("--log-facility=%s", self->log_path));
  g_ptr_array_add (argv, g_strdup ("--txt-record=" READY_NAME ",yes"));
  for (guint i = 0; records != NULL && records[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (records[i]));
  g_ptr_array_add (argv, NULL);

  self->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDOUT_SILENCE, error);
  if (self->process == NULL)
    return NULL;

  while (!answers ())
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *log = NULL;

          g_file_get_contents (self->log_path, &log, NULL, NULL);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "dnsmasq did not answer within 5 s; its log: %s", log ? log : "");
          return NULL;
        }
      g_usleep (20 * 1000);
    }
  return g_steal_pointer (&self);
}

void
fp_test_dns_stop (FpTestDns *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait (self->process, NULL, NULL);
      g_clear_object (&self->process);
    }
  if (self->log_path != NULL)
    g_unlink (self->log_path);
  g_free (self->log_path);
  g_free (self);
}
