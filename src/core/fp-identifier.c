/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-identifier"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-error.h"
#include "fp-host-name.h"
#include "fp-identifier.h"

G_DEFINE_BOXED_TYPE (FpIdentifier, fp_identifier, fp_identifier_copy, fp_identifier_free)

#define EXAMPLE_ADDRESS "alice@mail.example"

static gboolean
has_prefix_ascii_nocase (const char *text,
                         const char *prefix)
{
  return g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0;
}

/* `acct:` and `mailto:` are URIs: their text is percent-encoded. */
static char *
strip_uri_scheme (const char  *text,
                  GError     **error)
{
  g_autofree char *rest = NULL;
  char *decoded;

  if (has_prefix_ascii_nocase (text, "acct:"))
    rest = g_strdup (text + strlen ("acct:"));
  else if (has_prefix_ascii_nocase (text, "mailto:"))
    rest = g_strndup (text + strlen ("mailto:"), strcspn (text + strlen ("mailto:"), "?"));
  else
    return g_strdup (text);

  decoded = g_uri_unescape_string (rest, NULL);
  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    {
      g_free (decoded);
      g_set_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER,
                   _("“%s” is not a valid address: it has a broken %%-escape."), text);
      return NULL;
    }
  return decoded;
}

static gboolean
local_part_is_valid (const char *local_part)
{
  for (const char *p = local_part; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == '<' || c == '>')
        return FALSE;
    }
  return TRUE;
}

static char *
normalise_host (const char  *typed_host,
                const char  *text,
                GError     **error)
{
  g_autofree char *host = g_strdup (typed_host);
  g_autofree char *ascii = NULL;
  gsize length = strlen (host);

  /* A fully qualified name may end with a dot; the dot adds nothing here. */
  if (length > 1 && host[length - 1] == '.')
    host[length - 1] = '\0';

  if (g_hostname_is_ip_address (host) || host[0] == '[')
    {
      g_set_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER,
                   _("“%s” ends in an IP address; Fingerpost needs the domain name after “@”, "
                     "for example %s."),
                   text, EXAMPLE_ADDRESS);
      return NULL;
    }

  /* A provider's domain has at least two labels. */
  ascii = fp_host_name_normalise (host, -1);
  if (ascii == NULL || strchr (ascii, '.') == NULL)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER,
                   _("“%s” is not a domain name. Check the part after “@”, for example %s."),
                   host, EXAMPLE_ADDRESS);
      return NULL;
    }
  return g_steal_pointer (&ascii);
}

/**
 * fp_identifier_parse:
 * @text: what the person typed: `alice@mail.example`, `acct:…` or `mailto:…`
 *
 * Returns: (transfer full): the identifier, or %NULL with
 *   %FP_ERROR_INVALID_IDENTIFIER and a sentence the person can act on
 */
FpIdentifier *
fp_identifier_parse (const char  *text,
                     GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *host = NULL;
  g_autofree char *escaped_local = NULL;
  FpIdentifier *self;
  char *at;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trimmed = g_strstrip (g_strdup (text ? text : ""));
  if (trimmed[0] == '\0')
    {
      g_set_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER,
                   _("Type your email address, for example %s."), EXAMPLE_ADDRESS);
      return NULL;
    }
  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER,
                           _("The address contains characters that are not text."));
      return NULL;
    }

  bare = strip_uri_scheme (trimmed, error);
  if (bare == NULL)
    return NULL;

  at = strrchr (bare, '@');
  if (at == NULL)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER,
                   _("“%s” has no “@”. Type the whole address, for example %s."),
                   trimmed, EXAMPLE_ADDRESS);
      return NULL;
    }
  *at = '\0';
  if (bare[0] == '\0')
    {
      g_set_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER,
                   _("The name before “@” is missing, as in %s."), EXAMPLE_ADDRESS);
      return NULL;
    }
  if (at[1] == '\0')
    {
      g_set_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER,
                   _("The domain after “@” is missing, as in %s."), EXAMPLE_ADDRESS);
      return NULL;
    }
  if (!local_part_is_valid (bare))
    {
      g_set_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER,
                   _("“%s” cannot be part of an address: it contains spaces or control "
                     "characters."),
                   bare);
      return NULL;
    }

  host = normalise_host (at + 1, trimmed, error);
  if (host == NULL)
    return NULL;

  /* RFC 7565: unreserved and sub-delims stay, everything else is percent-encoded. */
  escaped_local = g_uri_escape_string (bare, "!$&'()*+,;=", FALSE);

  self = g_new0 (FpIdentifier, 1);
  self->local_part = g_strdup (bare);
  self->host = g_steal_pointer (&host);
  self->address = g_strdup_printf ("%s@%s", self->local_part, self->host);
  self->resource = g_strdup_printf ("acct:%s@%s", escaped_local, self->host);
  return self;
}

FpIdentifier *
fp_identifier_copy (const FpIdentifier *self)
{
  FpIdentifier *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (FpIdentifier, 1);
  copy->local_part = g_strdup (self->local_part);
  copy->host = g_strdup (self->host);
  copy->address = g_strdup (self->address);
  copy->resource = g_strdup (self->resource);
  return copy;
}

void
fp_identifier_free (FpIdentifier *self)
{
  if (self == NULL)
    return;
  g_free (self->local_part);
  g_free (self->host);
  g_free (self->address);
  g_free (self->resource);
  g_free (self);
}
