/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FP_ERROR (fp_error_quark ())

/**
 * FpError:
 *
 * Failures of the discovery core. Each code is a separate thing the person
 * can act on; the command line maps them to its exit statuses.
 */
typedef enum
{
  FP_ERROR_INVALID_IDENTIFIER, /* the typed account identifier is unusable */
  FP_ERROR_NETWORK,            /* host not found, connection refused or reset */
  FP_ERROR_TLS,                /* the certificate could not be trusted */
  FP_ERROR_TIMEOUT,            /* no answer within the time limit */
  FP_ERROR_HTTP_STATUS,        /* an HTTP status we cannot act on */
  FP_ERROR_TOO_LARGE,          /* an answer over the size limit */
  FP_ERROR_NOT_PUBLISHED,      /* nothing published for this account */
  FP_ERROR_BAD_DOCUMENT,       /* malformed JSON or a schema violation */
  FP_ERROR_UNSUPPORTED,        /* recognised but not supported yet */
  FP_ERROR_AUTH_REQUIRED,      /* a server asked for credentials, none were given */
  FP_ERROR_AUTH_FAILED,        /* the credentials were refused */
  FP_ERROR_UNSAFE,             /* refused for safety: plain HTTP, insecure transport… */
  FP_ERROR_PROTOCOL,           /* a mail server answered something we cannot understand */
} FpError;

GQuark fp_error_quark (void);

G_END_DECLS
