/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-fuzz"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "fp-error.h"
#include "fp-fuzz.h"
#include "fp-host-name.h"

/* A critical or a warning is a bug found: make it a crash libFuzzer reports. */
void
fp_fuzz_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      setlocale (LC_ALL, "C.UTF-8");
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      g_once_init_leave (&initialised, 1);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fp_fuzz_init ();
  return 0;
}

/* The input as a C string, cut at its first NUL as any caller's text would be. */
char *
fp_fuzz_strndup (const uint8_t *data,
                 size_t         size)
{
  return g_strndup ((const char *) data, size);
}

static void
check_servers (GPtrArray *servers,
               gboolean   incoming)
{
  g_assert_cmpuint (servers->len, >, 0);
  for (guint i = 0; i < servers->len; i++)
    {
      FpMailServer *server = g_ptr_array_index (servers, i);
      g_autofree char *normal = fp_host_name_normalise (server->host, -1);

      /* Every host is already in the form the rules give it: a DNS name, never an address. */
      g_assert_cmpstr (normal, ==, server->host);
      g_assert_cmpuint (server->port, >, 0);
      g_assert_cmpint (fp_mail_protocol_is_incoming (server->protocol), ==, incoming);
      g_assert_true (server->login != NULL && *server->login != '\0');
      g_assert_true (fp_mail_text_fits_line (server->login));
      g_assert_true (g_utf8_validate (server->login, -1, NULL));
    }
}

/* What every settings parser promises about what it returns. */
void
fp_fuzz_check_config (const FpMailConfig *config)
{
  g_assert_nonnull (config->address);
  g_assert_true (g_utf8_validate (config->address, -1, NULL));
  g_assert_true (config->name == NULL || g_utf8_validate (config->name, -1, NULL));
  check_servers (config->incoming, TRUE);
  check_servers (config->outgoing, FALSE);
}

/* A settings parser: an error, or what it promises; the insecure rule holds after it. */
void
fp_fuzz_parse_settings (const uint8_t     *data,
                        size_t             size,
                        FpConfigParseFunc  parse)
{
  g_autoptr(GBytes) document = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = parse (document, "alice@mail.example",
                                          FP_MAIL_CONFIG_PARSE_NONE, &error);

  if (config == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == FP_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  fp_fuzz_check_config (config);
  if (!fp_mail_config_check_insecure (config, FALSE, &error))
    {
      g_assert_error (error, FP_ERROR, FP_ERROR_UNSAFE);
      g_assert_nonnull (fp_mail_config_find_insecure (config));
    }
}
