/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-http-client.h"
#include "fp-mail-config.h"

G_BEGIN_DECLS

/**
 * FpVerifyStep:
 * @FP_VERIFY_STEP_CHECKING: connecting and logging in to this server
 * @FP_VERIFY_STEP_SUCCEEDED: the login worked; this server will be used
 * @FP_VERIFY_STEP_FAILED: this server failed; the error says why
 * @FP_VERIFY_STEP_SKIPPED: not tried: an earlier alternative worked, or the
 *   password was refused (trying it elsewhere would not help)
 *
 * The state of one server's row in "Checking your account…".
 */
typedef enum
{
  FP_VERIFY_STEP_CHECKING,
  FP_VERIFY_STEP_SUCCEEDED,
  FP_VERIFY_STEP_FAILED,
  FP_VERIFY_STEP_SKIPPED,
} FpVerifyStep;

/* How many alternatives are tried at most: in each direction, and in all. */
#define FP_MAIL_VERIFY_MAX_PER_DIRECTION 4
#define FP_MAIL_VERIFY_MAX_ATTEMPTS      6

#define FP_TYPE_MAIL_VERIFIER (fp_mail_verifier_get_type ())

G_DECLARE_FINAL_TYPE (FpMailVerifier, fp_mail_verifier, FP, MAIL_VERIFIER, GObject)

/*
 * FpMailVerifier::server-progress (FpMailServer *server, guint index,
 *                                  FpVerifyStep step, GError *error)
 *
 * Emitted in the thread-default main context of the caller of
 * fp_mail_verifier_verify_async(), for each server of the configuration as
 * its state changes. @server is the configuration's own (compare pointers or
 * use @index in config->incoming or config->outgoing, by server->protocol);
 * @error is set with %FP_VERIFY_STEP_FAILED only.
 */

FpMailVerifier *fp_mail_verifier_new           (FpHttpClient        *client);
void            fp_mail_verifier_verify_async  (FpMailVerifier      *self,
                                                FpMailConfig        *config,
                                                const char          *password,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        fp_mail_verifier_verify_finish (FpMailVerifier      *self,
                                                GAsyncResult        *result,
                                                FpMailServer       **incoming,
                                                FpMailServer       **outgoing,
                                                GError             **error);

G_END_DECLS
