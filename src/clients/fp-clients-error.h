/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FP_CLIENTS_ERROR (fp_clients_error_quark ())

/**
 * FpClientsError:
 *
 * Failures while writing an account. The wizard shows a page for each, the
 * command line maps them to exit 6 (could not write) or 7 (keyring).
 */
typedef enum
{
  FP_CLIENTS_ERROR_ALREADY_CONFIGURED,  /* same address and incoming server exist */
  FP_CLIENTS_ERROR_PROGRAM_RUNNING,     /* Thunderbird holds its profile lock */
  FP_CLIENTS_ERROR_NO_PROFILE,          /* no Thunderbird profile to write to */
  FP_CLIENTS_ERROR_BAD_FILE,            /* an existing file we cannot read safely */
  FP_CLIENTS_ERROR_WRITE_FAILED,        /* a file could not be written */
  FP_CLIENTS_ERROR_KEYRING_UNAVAILABLE, /* no session bus, no secret service */
  FP_CLIENTS_ERROR_KEYRING_LOCKED,      /* the default keyring is locked or missing */
  FP_CLIENTS_ERROR_KEYRING_FAILED,      /* the keyring refused to store */
  FP_CLIENTS_ERROR_SERVICE_UNAVAILABLE, /* goa-daemon is not on the session bus */
  FP_CLIENTS_ERROR_UNSUPPORTED,         /* the program cannot hold this account (GOA and POP3) */
} FpClientsError;

GQuark   fp_clients_error_quark       (void);
gboolean fp_clients_error_is_keyring  (const GError *error);

G_END_DECLS
