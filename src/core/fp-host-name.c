/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-host-name"

#include "config.h"

#include <string.h>

#include "fp-host-name.h"

/*
 * The rule for every host that comes from outside (a typed identifier, a
 * settings document, a DNS answer): a DNS name, never an address literal.
 * The resolver (getaddrinfo, hence inet_aton) reads "2130706433", "127.1",
 * "0x7f.1" and "0177.0.0.1" as 127.0.0.1, so a name whose last label is a
 * number in any of those spellings is an address, as the URL standard says.
 */

static gboolean
label_is_valid (const char *label,
                gsize       length)
{
  if (length == 0 || length > 63 || label[0] == '-' || label[length - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (label[i]) && label[i] != '-')
      return FALSE;
  return TRUE;
}

/* Decimal, octal ("0177") or hexadecimal ("0x7f", even "0x"): what inet_aton takes as a number. */
static gboolean
label_is_number (const char *label)
{
  if (g_ascii_strncasecmp (label, "0x", 2) == 0)
    return strspn (label + 2, "0123456789abcdefABCDEF") == strlen (label + 2);
  return strspn (label, "0123456789") == strlen (label);
}

/* RFC 6761: "localhost" and every name under it are this computer, whatever DNS says. */
static gboolean
is_localhost (const char *host)
{
  return g_str_equal (host, "localhost") || g_str_has_suffix (host, ".localhost");
}

static gboolean
ascii_name_is_valid (const char *host)
{
  const char *label = host;

  if (strlen (host) > 253)
    return FALSE;
  for (;;)
    {
      const char *dot = strchr (label, '.');
      gsize length = dot ? (gsize) (dot - label) : strlen (label);

      if (!label_is_valid (label, length))
        return FALSE;
      if (dot == NULL)
        return !label_is_number (label) && !is_localhost (host);
      label = dot + 1;
    }
}

/**
 * fp_host_name_normalise:
 * @host: a host name from outside, in any case, U-labels or A-labels
 * @length: the length of @host in bytes, or -1 when it ends at its first NUL
 *
 * A final dot (an absolute name, `imap.example.com.`) is the same host and is
 * dropped; a NUL inside @length, empty labels, labels longer than 63 bytes or
 * beginning or ending with `-`, `localhost` and address literals in any
 * spelling are refused.
 *
 * Returns: (transfer full) (nullable): the host in lower-case A-labels, or
 *   %NULL when it is not a DNS name
 */
char *
fp_host_name_normalise (const char *host,
                        gssize      length)
{
  g_autofree char *copy = NULL;
  g_autofree char *ascii = NULL;
  char *lower;
  gsize size;

  g_return_val_if_fail (host != NULL, NULL);

  size = length < 0 ? strlen (host) : (gsize) length;
  if (memchr (host, '\0', size) != NULL || !g_utf8_validate_len (host, size, NULL))
    return NULL;
  copy = g_strndup (host, size);
  if (size > 1 && copy[size - 1] == '.')
    copy[size - 1] = '\0';
  if (copy[0] == '\0' || copy[0] == '[' || g_hostname_is_ip_address (copy))
    return NULL;

  ascii = g_hostname_to_ascii (copy);
  if (ascii == NULL)
    return NULL;
  lower = g_ascii_strdown (ascii, -1);
  if (!ascii_name_is_valid (lower))
    {
      g_free (lower);
      return NULL;
    }
  return lower;
}

gboolean
fp_host_name_is_dns_name (const char *host)
{
  g_autofree char *normal = fp_host_name_normalise (host, -1);

  return normal != NULL;
}
