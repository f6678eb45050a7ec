/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-tls-trust"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fp-tls-trust.h"

/*
 * What HTTPS and the mail connections share about certificates: how a
 * refusal is said to a person, and the one case where an authority the
 * person added (--ca-file, the demo's) may accept what the system refused.
 */

/* Why a certificate was refused, as the end of "could not be trusted: …". */
char *
fp_tls_describe_certificate_flags (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return g_strdup (_("it was issued for a different name"));
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return g_strdup (_("it is not signed by an authority this computer trusts"));
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return g_strdup (_("it has expired"));
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return g_strdup (_("it is not valid yet"));
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return g_strdup (_("it has been revoked"));
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return g_strdup (_("it uses an insecure algorithm"));
  return g_strdup (_("it failed verification"));
}

/**
 * fp_tls_vouched_by_added_authority:
 * @errors: what the system's verification found
 * @trusted_cas: (element-type GTlsCertificate) (nullable): the added authorities
 *
 * An added authority vouches only for what the system refused for one reason
 * alone, an unknown authority: the certificate must still be valid, unexpired
 * and issued for @host, now checked against that authority.
 *
 * Returns: %TRUE when one of @trusted_cas vouches for @certificate
 */
gboolean
fp_tls_vouched_by_added_authority (GTlsCertificate      *certificate,
                                   GTlsCertificateFlags  errors,
                                   GPtrArray            *trusted_cas,
                                   const char           *host,
                                   guint16               port)
{
  g_autoptr(GSocketConnectable) identity = NULL;

  if (errors != G_TLS_CERTIFICATE_UNKNOWN_CA || trusted_cas == NULL)
    return FALSE;

  identity = g_network_address_new (host, port);
  for (guint i = 0; i < trusted_cas->len; i++)
    if (g_tls_certificate_verify (certificate, identity, g_ptr_array_index (trusted_cas, i)) ==
        G_TLS_CERTIFICATE_NO_FLAGS)
      return TRUE;
  return FALSE;
}
