/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include "fp-clients-error.h"

G_DEFINE_QUARK (fp-clients-error-quark, fp_clients_error)

/* The command line gives keyring failures their own exit status. */
gboolean
fp_clients_error_is_keyring (const GError *error)
{
  return error != NULL && error->domain == FP_CLIENTS_ERROR &&
         (error->code == FP_CLIENTS_ERROR_KEYRING_UNAVAILABLE ||
          error->code == FP_CLIENTS_ERROR_KEYRING_LOCKED ||
          error->code == FP_CLIENTS_ERROR_KEYRING_FAILED);
}
