/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sasl"

#include "config.h"

#include <string.h>

#include "fp-error.h"
#include "fp-sasl-cram-md5.h"

/* RFC 2195's own example: user tim, password tanstaaftanstaaf. */
static void
test_cram_md5_rfc2195 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *response = fp_sasl_cram_md5_response (
    "tim", "tanstaaftanstaaf", "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+", &error);
  g_autofree guchar *decoded = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (response, ==, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
  decoded = g_base64_decode (response, &length);
  g_assert_cmpmem (decoded, length, "tim b913a602c7eda7a495b4e6e7334d3890", 36);
}

/* Whatever a server sends as its challenge, it is not turned into a response blindly. */
static void
test_cram_md5_bad_challenge (void)
{
  const char *challenges[] = { "", "not base64!", "abc", "ab=c", "====" };

  for (guint i = 0; i < G_N_ELEMENTS (challenges); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *response = fp_sasl_cram_md5_response ("tim", "pw", challenges[i], &error);

      g_test_message ("challenge “%s”", challenges[i]);
      g_assert_null (response);
      g_assert_error (error, FP_ERROR, FP_ERROR_PROTOCOL);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sasl/cram-md5-rfc2195", test_cram_md5_rfc2195);
  g_test_add_func ("/sasl/cram-md5-bad-challenge", test_cram_md5_bad_challenge);

  return g_test_run ();
}
