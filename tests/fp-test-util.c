/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-test-util"

#include "config.h"

#include <string.h>

#include "fp-loopback-resolver.h"
#include "fp-test-util.h"

const char * const fp_test_host_names[] = {
  "mail.example",
  "mail-config.mail.example",
  "redirect.mail.example",
  "other.example",
  "login.other.example",
  NULL
};

/* Test names resolve to loopback; every other name is unknown, so nothing leaves the machine. */
void
fp_test_install_resolver (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      g_autoptr(FpLoopbackResolver) resolver = fp_loopback_resolver_new (NULL);

      for (guint i = 0; fp_test_host_names[i] != NULL; i++)
        fp_loopback_resolver_add_host (resolver, fp_test_host_names[i], "127.0.0.1");
      g_resolver_set_default (G_RESOLVER (resolver));
      g_once_init_leave (&installed, 1);
    }
}

/* A client that trusts the test authority and reaches every test name on @server's port. */
FpHttpClient *
fp_test_client_new (FpTestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = fp_test_build_filename ("test-ca.pem");
  FpHttpClient *client = fp_http_client_new ();

  fp_test_install_resolver ();
  g_assert_true (fp_http_client_add_trusted_ca_file (client, ca, &error));
  g_assert_no_error (error);
  for (guint i = 0; fp_test_host_names[i] != NULL; i++)
    fp_http_client_set_port_override (client, fp_test_host_names[i],
                                      fp_test_server_get_https_port (server));
  return client;
}

void
fp_test_store_result_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

/* Runs the main context until the operation stored its result in @slot. */
GAsyncResult *
fp_test_wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/*
 * An upper bound on how long something may take, stretched by
 * FINGERPOST_TEST_SLOWDOWN (a whole number, 1 by default): the suite under
 * ASan and UBSan runs several times slower, and sets it (.ci/run). Lower
 * bounds (a deadline was waited for) are never stretched.
 */
gint64
fp_test_slack_ms (gint64 milliseconds)
{
  const char *slowdown = g_getenv ("FINGERPOST_TEST_SLOWDOWN");
  guint64 factor = 1;

  if (slowdown != NULL && !g_ascii_string_to_unsigned (slowdown, 10, 1, 20, &factor, NULL))
    g_error ("FINGERPOST_TEST_SLOWDOWN=%s is not a whole number from 1 to 20", slowdown);
  return milliseconds * (gint64) factor;
}

/* base64 of the SHA-256 of @document: what a PACC provider puts in its TXT record. */
char *
fp_test_pacc_digest (const char *document)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_checksum_update (checksum, (const guchar *) document, strlen (document));
  g_checksum_get_digest (checksum, digest, &length);
  return g_base64_encode (digest, length);
}

#define SYSTEM_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

static void
run_or_die (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

/*
 * The system's authorities plus @ca_file, at the system store's usual path, seen by this
 * test's mount namespace only (run-in-netns.sh): as if an administrator had installed the
 * authority system-wide. The copy goes in the test's folder (run-isolated.sh).
 */
void
fp_test_trust_system_wide (const char *ca_file)
{
  g_autofree char *bundle = g_build_filename (g_getenv ("FP_TEST_TMPDIR"), "ca-certificates.crt",
                                              NULL);
  g_autofree char *system = NULL;
  g_autofree char *test_ca = NULL;
  g_autofree char *joined = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (g_getenv ("FP_TEST_TMPDIR"));
  g_assert_true (g_file_get_contents (SYSTEM_BUNDLE, &system, NULL, &error));
  g_assert_true (g_file_get_contents (ca_file, &test_ca, NULL, &error));
  joined = g_strconcat (system, "\n", test_ca, NULL);
  g_assert_true (g_file_set_contents (bundle, joined, -1, &error));
  run_or_die ((const char * const[]) { "mount", "--bind", bundle, SYSTEM_BUNDLE, NULL });
}

/* The system's own store again. */
void
fp_test_untrust_system_wide (void)
{
  run_or_die ((const char * const[]) { "umount", SYSTEM_BUNDLE, NULL });
}
