/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-system-trust"

#include "config.h"

#include "fp-system-trust.h"
#include "fp-test-server.h"

/*
 * A TLS connection made without a database (as libsoup 3.2 makes its connections, setting the
 * session's only after) takes the shared one, not a fresh parse of the whole system store.
 */
static void
test_default_for_new_connections (void)
{
  g_autoptr(GInputStream) input = g_memory_input_stream_new ();
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GIOStream) base = g_simple_io_stream_new (input, output);
  g_autoptr(GIOStream) connection = NULL;
  g_autoptr(GError) error = NULL;
  GTlsDatabase *trust = fp_system_trust_get ();

  connection = g_tls_client_connection_new (base, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_tls_connection_get_database (G_TLS_CONNECTION (connection)) == trust);
}

/*
 * Being the default, it still asks the system's store, not itself: the tests' authority is
 * not in that store, so the tests' server certificate is refused for it alone.
 */
static void
test_asks_the_system_store (void)
{
  g_autofree char *path = fp_test_build_filename ("test-server.pem");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("mail.example", 443);
  g_autoptr(GError) error = NULL;
  GTlsCertificateFlags flags;

  certificate = g_tls_certificate_new_from_file (path, &error);
  g_assert_no_error (error);
  flags = g_tls_database_verify_chain (fp_system_trust_get (), certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER, identity,
                                       NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (flags, ==, G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_assert_true (g_tls_backend_get_default_database (g_tls_backend_get_default ()) ==
                 fp_system_trust_get ());
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/system-trust/default-for-new-connections", test_default_for_new_connections);
  g_test_add_func ("/system-trust/asks-the-system-store", test_asks_the_system_store);
  return g_test_run ();
}
