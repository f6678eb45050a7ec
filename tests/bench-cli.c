/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-cli"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fp-test-server.h"

/*
 * How much `fingerpost discover` and `fetch` cost against a local provider:
 * wall time and peak RSS of the whole process (GNU time), and how many TLS
 * connections each run opened per host. Run it with `meson test --benchmark`
 * (inside run-in-netns.sh, like test-cli); it prints figures, it asserts
 * nothing about speed. With FINGERPOST_BASELINE naming another build of the
 * program (an older commit's), the same runs of it come just before, each
 * command in turn, so both see about the same load on the machine.
 */

#define RUNS 15

static const char *jrd =
  "{\"links\":[{\"rel\":\"email-autoconfig\",\"titles\":{\"en\":\"Personal\"},"
  "\"href\":\"https://mail-config.mail.example/alice.personal.json\"}]}";

static const char *document =
  "{\"imap\":{\"host\":\"imap.mail.example\"},\"smtp\":{\"host\":\"smtp.mail.example\"}}";

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static guint
count_connections (FpTestServer *server,
                   guint         first_request,
                   const char   *host)
{
  g_autoptr(GPtrArray) requests = fp_test_server_dup_requests (server);
  g_autoptr(GHashTable) ports = g_hash_table_new (NULL, NULL);

  for (guint i = first_request; i < requests->len; i++)
    {
      FpTestRequest *request = g_ptr_array_index (requests, i);

      if (g_str_equal (request->host, host))
        g_hash_table_add (ports, GUINT_TO_POINTER (request->remote_port));
    }
  return g_hash_table_size (ports);
}

static void
measure (FpTestServer *server,
         const char   *program,
         const char   *label,
         const char   *command,
         const char   *ca_file)
{
  double wall_ms[RUNS];
  long max_rss_kb = 0;
  guint connections_webfinger = 0;
  guint connections_document = 0;
  guint requests_per_run = 0;

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GPtrArray) before = fp_test_server_dup_requests (server);
      g_autoptr(GPtrArray) after = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      double seconds = 0;
      long rss_kb = 0;
      const char *timing;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                  G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                  "/usr/bin/time", "-f", "TIME %e %M", program,
                                  command, "--ca-file", ca_file, "--password-stdin",
                                  "alice@mail.example", NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, "abc123\n", NULL, NULL, &err, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
      timing = strstr (err, "TIME ");
      g_assert_nonnull (timing);
      g_assert_cmpint (sscanf (timing, "TIME %lf %ld", &seconds, &rss_kb), ==, 2);
      wall_ms[run] = seconds * 1000;
      max_rss_kb = MAX (max_rss_kb, rss_kb);

      after = fp_test_server_dup_requests (server);
      requests_per_run = after->len - before->len;
      connections_webfinger = count_connections (server, before->len, "mail.example");
      connections_document = count_connections (server, before->len, "mail-config.mail.example");
    }

  qsort (wall_ms, RUNS, sizeof wall_ms[0], compare_doubles);
  printf ("# %-8s %-8s runs %d  wall median %.0f ms (min %.0f, max %.0f; GNU time has 10 ms steps)  "
          "peak RSS %.1f MiB  HTTP requests %u  TLS connections: mail.example %u, "
          "mail-config.mail.example %u\n",
          label, command, RUNS, wall_ms[RUNS / 2], wall_ms[0], wall_ms[RUNS - 1],
          max_rss_kb / 1024.0, requests_per_run, connections_webfinger, connections_document);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(FpTestServer) server = NULL;
  g_autofree char *ca_file = fp_test_build_filename ("test-ca.pem");
  const char *baseline = g_getenv ("FINGERPOST_BASELINE");
  const char *commands[] = { "discover", "fetch" };

  g_assert_nonnull (g_getenv ("FINGERPOST"));
  server = fp_test_server_new_on_port ("test-server.pem", 443);
  fp_test_server_add_route (server, "mail.example", "/.well-known/webfinger",
                            &(FpTestRoute) { .body = jrd });
  fp_test_server_add_route (server, "mail-config.mail.example", "/alice.personal.json",
                            &(FpTestRoute) { .body = document, .user = "alice@mail.example",
                                             .password = "abc123" });

  printf ("1..1\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (baseline != NULL)
        measure (server, baseline, "baseline", commands[i], ca_file);
      measure (server, g_getenv ("FINGERPOST"), "this", commands[i], ca_file);
    }
  printf ("ok 1 benchmark ran\n");
  return 0;
}
