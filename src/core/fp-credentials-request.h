/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FP_TYPE_CREDENTIALS_REQUEST (fp_credentials_request_get_type ())

G_DECLARE_FINAL_TYPE (FpCredentialsRequest, fp_credentials_request, FP, CREDENTIALS_REQUEST, GObject)

/* How many times a refused password may be typed again before the core stops asking. */
#define FP_CREDENTIALS_MAX_ATTEMPTS 3

/**
 * FpCredentialsAnswerFunc:
 *
 * Called once, when the front end answered: with a user and password, or
 * with %NULL for both when it declined.
 */
typedef void (*FpCredentialsAnswerFunc) (FpCredentialsRequest *request,
                                         const char           *user,
                                         const char           *password,
                                         gpointer              user_data);

FpCredentialsRequest *fp_credentials_request_new                 (const char              *host,
                                                                  const char              *account_host,
                                                                  const char              *default_user,
                                                                  const char              *realm,
                                                                  guint                    failed_attempts,
                                                                  FpCredentialsAnswerFunc  answer_func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           user_data_destroy);
const char           *fp_credentials_request_get_host            (FpCredentialsRequest    *self);
const char           *fp_credentials_request_get_base_domain     (FpCredentialsRequest    *self);
const char           *fp_credentials_request_get_account_domain  (FpCredentialsRequest    *self);
gboolean              fp_credentials_request_get_is_foreign      (FpCredentialsRequest    *self);
const char           *fp_credentials_request_get_default_user    (FpCredentialsRequest    *self);
const char           *fp_credentials_request_get_realm           (FpCredentialsRequest    *self);
guint                 fp_credentials_request_get_failed_attempts (FpCredentialsRequest    *self);
void                  fp_credentials_request_provide             (FpCredentialsRequest    *self,
                                                                  const char              *user,
                                                                  const char              *password);
void                  fp_credentials_request_decline             (FpCredentialsRequest    *self);
gboolean              fp_credentials_request_get_answered        (FpCredentialsRequest    *self);

char                 *fp_registrable_domain                      (const char              *host);

G_END_DECLS
