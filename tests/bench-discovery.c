/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-discovery"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fp-test-dns.h"
#include "fp-test-server.h"

/*
 * Round trips per discovery path under injected latency: `fingerpost
 * discover` ($FINGERPOST) runs with no delay and with RTT_MS of delay
 * (tests/delay-proxy.py between the program and the HTTPS server on :443
 * and the DNS server on :53); (time with delay - time without) / RTT is the
 * number of round trips the person waits for. The fastest of the runs is
 * taken (on a shared machine the slow ones measure the others' load). Run inside run-in-netns.sh,
 * e.g. with `meson test -C _build --benchmark --verbose bench-discovery`;
 * it prints figures, it asserts nothing about speed.
 */

#define RTT_MS   400
#define RUNS     5
#define ISPDB    "https://ispdb.other.example/v1.1/"
#define DNS_PORT 5353

typedef struct
{
  const char *name;
  const char *account;
  const char *expected_source;
  const char *route_host;   /* what serves the settings */
  const char *route_path;
  const char *body;
} Path;

static const char *jrd =
  "{\"links\":[{\"rel\":\"email-autoconfig\",\"titles\":{\"en\":\"Personal\"},"
  "\"href\":\"https://mail-config.mail.example/alice.personal.json\"}]}";

static const char *xml =
  "<clientConfig version=\"1.1\"><emailProvider id=\"x\">"
  "<incomingServer type=\"imap\"><hostname>imap.mail.example</hostname>"
  "<socketType>SSL</socketType></incomingServer>"
  "<outgoingServer type=\"smtp\"><hostname>smtp.mail.example</hostname>"
  "<socketType>SSL</socketType></outgoingServer></emailProvider></clientConfig>";

static const char *pacc =
  "{\"protocols\":{\"imap\":{\"host\":\"imap.mail.example\"},"
  "\"smtp\":{\"host\":\"smtp.mail.example\"}},\"authentication\":{\"password\":true}}";

static const Path paths[] = {
  { "webfinger", "alice@mail.example", "webfinger", "mail.example", "/.well-known/webfinger",
    NULL },
  { "pacc", "dana@other.example", "pacc", "ua-auto-config.other.example",
    "/.well-known/user-agent-configuration.json", NULL },
  { "autoconfig", "bob@other.example", "autoconfig", "autoconfig.other.example",
    "/mail/config-v1.1.xml", NULL },
  { "well-known", "frank@login.other.example", "autoconfig", "login.other.example",
    "/.well-known/autoconfig/mail/config-v1.1.xml", NULL },
  { "ispdb", "erin@foreign.example", "ispdb", "ispdb.other.example", "/v1.1/foreign.example",
    NULL },
  { "mx", "carol@hosted.example", "mx", "ispdb.other.example", "/v1.1/mail.example", NULL },
  { "srv", "gina@login.other.example", "srv", NULL, NULL, NULL },
  { "nothing", "henry@nothing.example", NULL, NULL, NULL, NULL },
};

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static GSubprocess *
start_proxy (guint rtt_ms,
             guint https_port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "delay-proxy.py", NULL);
  g_autofree char *rtt = g_strdup_printf ("%u", rtt_ms);
  g_autofree char *target = g_strdup_printf ("%u", https_port);
  g_autofree char *dns_target = g_strdup_printf ("%u", DNS_PORT);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  GSubprocess *proxy;

  proxy = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/usr/bin/python3", script,
                            rtt, "443", target, "53", dns_target, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proxy));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
  return proxy;
}

static void
stop (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

static char *
source_of (const char *out)
{
  const char *start = strstr (out, "\"source\" : \"");

  if (start == NULL)
    return g_strdup ("(none)");
  start += strlen ("\"source\" : \"");
  return g_strndup (start, strcspn (start, "\""));
}

static guint
count_connections (FpTestServer *server,
                   guint         first_request)
{
  g_autoptr(GPtrArray) requests = fp_test_server_dup_requests (server);
  g_autoptr(GHashTable) ports = g_hash_table_new (NULL, NULL);

  for (guint i = first_request; i < requests->len; i++)
    g_hash_table_add (ports, GUINT_TO_POINTER (
                        ((FpTestRequest *) g_ptr_array_index (requests, i))->remote_port));
  return g_hash_table_size (ports);
}

/* The fastest wall time of `discover` for @path, in ms; *source what it found. */
static double
measure (FpTestServer *server,
         const Path   *path,
         const char   *ca_file,
         char        **source,
         guint        *requests,
         guint        *connections)
{
  double wall_ms[RUNS];

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GPtrArray) before = fp_test_server_dup_requests (server);
      g_autoptr(GPtrArray) after = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      gint64 started = g_get_monotonic_time ();

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                  &error, g_getenv ("FINGERPOST"), "discover", "--json",
                                  "--ca-file", ca_file, "--ispdb", ISPDB, path->account, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      wall_ms[run] = (g_get_monotonic_time () - started) / 1000.0;
      g_free (*source);
      *source = source_of (out);
      after = fp_test_server_dup_requests (server);
      *requests = after->len - before->len;
      *connections = count_connections (server, before->len);
    }
  qsort (wall_ms, RUNS, sizeof wall_ms[0], compare_doubles);
  return wall_ms[0];
}

static void
serve (FpTestServer *server,
       const Path   *path,
       gboolean      on)
{
  const char *body = path->body;

  if (path->route_host == NULL)
    return;
  if (body == NULL)
    body = g_str_equal (path->name, "webfinger") ? jrd : g_str_equal (path->name, "pacc") ? pacc
                                                                                          : xml;
  if (on)
    fp_test_server_add_route (server, path->route_host, path->route_path,
                              &(FpTestRoute) { .body = body,
                                               .content_type = g_str_has_suffix (path->route_path,
                                                                                 ".xml") ||
                                                               g_str_has_prefix (path->route_path,
                                                                                 "/v1.1")
                                                                 ? "text/xml" : NULL });
  else
    fp_test_server_add_route (server, path->route_host, path->route_path,
                              &(FpTestRoute) { .status = 404 });
}

static char *
pacc_record (void)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autofree char *encoded = NULL;

  g_checksum_update (checksum, (const guchar *) pacc, strlen (pacc));
  g_checksum_get_digest (checksum, digest, &length);
  encoded = g_base64_encode (digest, length);
  return g_strdup_printf ("--txt-record=_ua-auto-config.other.example,v=UAAC1; a=sha256; d=%s",
                          encoded);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(FpTestServer) server = NULL;
  g_autofree char *ca_file = fp_test_build_filename ("test-ca.pem");
  g_autofree char *txt = pacc_record ();
  const char *records[] = {
    txt,
    "--mx-host=hosted.example,mx1.mx.mail.example,10",
    "--srv-host=_imaps._tcp.login.other.example,imap.mail.example,993",
    "--srv-host=_submissions._tcp.login.other.example,smtp.mail.example,465",
    NULL
  };
  const char *missing;
  double zero_ms[G_N_ELEMENTS (paths)];

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("FINGERPOST"));
  printf ("1..1\n");
  missing = fp_test_dns_missing ();
  if (missing != NULL)
    {
      printf ("ok 1 # SKIP %s\n", missing);
      return 0;
    }
  server = fp_test_server_new ("test-server.pem");

  printf ("# %s\n# round trips = (fastest with %u ms RTT - fastest without) / RTT, %u runs each;"
          " DNS and TCP/TLS both delayed\n", g_getenv ("FINGERPOST"), RTT_MS, RUNS);
  for (guint pass = 0; pass < 2; pass++)
    {
      guint rtt = pass == 0 ? 0 : RTT_MS;
      GSubprocess *proxy = start_proxy (rtt, fp_test_server_get_https_port (server));
      g_autoptr(GError) error = NULL;
      g_autoptr(FpTestDns) dns = fp_test_dns_start_on_port (records, DNS_PORT, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
        {
          g_autofree char *source = NULL;
          guint requests = 0;
          guint connections = 0;
          double ms;

          serve (server, &paths[i], TRUE);
          ms = measure (server, &paths[i], ca_file, &source, &requests, &connections);
          serve (server, &paths[i], FALSE);
          if (pass == 0)
            {
              zero_ms[i] = ms;
              continue;
            }
          printf ("# %-10s found by %-10s %5.0f ms (%4.0f ms without delay)  round trips %.1f  "
                  "HTTP requests %u on %u connections%s\n",
                  paths[i].name, source, ms, zero_ms[i], (ms - zero_ms[i]) / RTT_MS, requests,
                  connections,
                  g_strcmp0 (source, paths[i].expected_source ? paths[i].expected_source
                                                              : "(none)") == 0
                    ? "" : "  (not the expected source)");
        }
      stop (proxy);
    }
  printf ("ok 1 benchmark ran\n");
  return 0;
}
