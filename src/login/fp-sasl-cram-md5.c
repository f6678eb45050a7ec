/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-sasl-cram-md5"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-error.h"
#include "fp-sasl-cram-md5.h"

/*
 * SASL CRAM-MD5 (RFC 2195): the server sends a challenge, the client answers
 * with its user name and the HMAC-MD5 of the challenge keyed with the
 * password, so the password itself never crosses the wire. The protocols
 * carry both in base64; the login check still runs it only inside TLS (or
 * where the person accepted an unencrypted server), like every method.
 */

/* Strict base64: whole quads, padding only at the end and at most two. */
static gboolean
is_base64 (const char *text)
{
  gsize length = strlen (text);
  gsize data = strcspn (text, "=");

  if (length == 0 || length % 4 != 0 || length - data > 2 || data == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (i < data ? !g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/'
                 : text[i] != '=')
      return FALSE;
  return TRUE;
}

/**
 * fp_sasl_cram_md5_response:
 * @challenge: the server's challenge as it sent it, in base64
 *
 * Returns: (transfer full): the response in base64 (wipe it after use), or
 *   %NULL with an %FP_ERROR_PROTOCOL error when @challenge is not base64
 */
char *
fp_sasl_cram_md5_response (const char  *user,
                           const char  *password,
                           const char  *challenge,
                           GError     **error)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autofree guchar *decoded = NULL;
  g_autofree char *response = NULL;
  gsize decoded_length = 0;
  char *encoded;

  if (!is_base64 (challenge))
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_PROTOCOL,
                           _("The CRAM-MD5 challenge is not base64."));
      return NULL;
    }
  decoded = g_base64_decode (challenge, &decoded_length);
  hmac = g_hmac_new (G_CHECKSUM_MD5, (const guchar *) password, strlen (password));
  g_hmac_update (hmac, decoded, decoded_length);
  response = g_strdup_printf ("%s %s", user, g_hmac_get_string (hmac));
  encoded = g_base64_encode ((const guchar *) response, strlen (response));
  explicit_bzero (response, strlen (response));
  return encoded;
}
