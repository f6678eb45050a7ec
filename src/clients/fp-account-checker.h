/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-account-change.h"
#include "fp-account-state.h"
#include "fp-http-client.h"

G_BEGIN_DECLS

/**
 * FpCheckStatus:
 * @FP_CHECK_UNCHANGED: the source publishes what was written
 * @FP_CHECK_CHANGED: the source publishes other settings (see the change)
 * @FP_CHECK_UPDATED: changed, and the programs' entries were updated in place
 * @FP_CHECK_FAILED: the source could not be asked, or refused (see the error)
 * @FP_CHECK_SOURCE_CHANGED: the settings now come from another kind of source
 * @FP_CHECK_NOT_CHECKED: entered by hand: there is nothing to ask
 */
typedef enum
{
  FP_CHECK_UNCHANGED,
  FP_CHECK_CHANGED,
  FP_CHECK_UPDATED,
  FP_CHECK_FAILED,
  FP_CHECK_SOURCE_CHANGED,
  FP_CHECK_NOT_CHECKED,
} FpCheckStatus;

/**
 * FpTargetState:
 * @FP_TARGET_AS_WRITTEN: the program's entry is as Fingerpost wrote it
 * @FP_TARGET_REMOVED: the person removed it: left alone
 * @FP_TARGET_EDITED: the person changed its servers: left alone
 * @FP_TARGET_UPDATED: updated in place
 * @FP_TARGET_NOT_UPDATED: not updated (see the error)
 */
typedef enum
{
  FP_TARGET_AS_WRITTEN,
  FP_TARGET_REMOVED,
  FP_TARGET_EDITED,
  FP_TARGET_UPDATED,
  FP_TARGET_NOT_UPDATED,
} FpTargetState;

typedef struct
{
  FpAccountTarget *target;
  FpTargetState    state;
  GError          *error;
  char            *backup;
} FpTargetCheck;

/**
 * FpAccountCheck:
 * @record: the account as recorded before this check
 * @config: (nullable): what the source publishes now
 * @change: (nullable): how it differs from what was written
 * @status: the outcome
 * @error: (nullable): why the source failed, changed kind, or why the change
 *   was not applied (%FP_ERROR_UNSAFE: it lowers security and was not confirmed)
 * @targets: (element-type FpTargetCheck): one per program the account is in
 */
typedef struct
{
  FpAccountRecord *record;
  FpMailConfig    *config;
  FpAccountChange *change;
  FpCheckStatus    status;
  GError          *error;
  GPtrArray       *targets;
} FpAccountCheck;

typedef void (*FpCheckClientSetupFunc) (FpHttpClient *client,
                                        gpointer      user_data);

/**
 * FpCheckOptions:
 * @state_dir: (nullable): the state folder; default fp_account_state_dir()
 * @ca_file: (nullable): an extra trusted authority, as at setup
 * @timeout_s: per request; 0 for the default
 * @apply: update the changed accounts in place
 * @confirmed: the person accepted changes that lower security
 * @allow_insecure: the person also accepted unencrypted servers
 * @setup_client: (nullable): called on each HTTP client made (the demo's trust)
 * @password: (nullable): the password to use instead of the keyring's (the
 *   demo, whose accounts never reach the keyring)
 */
typedef struct
{
  const char             *state_dir;
  const char             *ca_file;
  guint                   timeout_s;
  gboolean                apply;
  gboolean                confirmed;
  gboolean                allow_insecure;
  FpCheckClientSetupFunc  setup_client;
  gpointer                setup_client_data;
  gboolean                verbose;
  const char             *password;
} FpCheckOptions;

GPtrArray  *fp_account_checker_run      (const FpCheckOptions  *options,
                                         GCancellable          *cancellable,
                                         GError               **error);
void        fp_account_checker_run_async (const FpCheckOptions *options,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
GPtrArray  *fp_account_checker_run_finish (GAsyncResult        *result,
                                           GError             **error);
void        fp_account_check_free       (FpAccountCheck        *self);
const char *fp_check_status_to_string   (FpCheckStatus          status);
const char *fp_target_state_to_string   (FpTargetState          state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpAccountCheck, fp_account_check_free)

G_END_DECLS
