/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-credentials-request.h"

G_BEGIN_DECLS

typedef struct _FpCliCredentials FpCliCredentials;

FpCliCredentials *fp_cli_credentials_new           (const char        *user,
                                                    const char        *password);
void              fp_cli_credentials_free          (FpCliCredentials  *self);
gboolean          fp_cli_credentials_answer        (FpCliCredentials  *self,
                                                    FpCredentialsRequest *request);
char             *fp_cli_read_password_from_stdin  (GError           **error);
char             *fp_cli_credentials_dup_password  (FpCliCredentials  *self,
                                                    const char        *user,
                                                    const char        *host);

const char       *fp_cli_credentials_get_password  (FpCliCredentials  *self);
void              fp_cli_credentials_set_trust_servers (FpCliCredentials *self,
                                                        gboolean          trust_servers);
void              fp_cli_credentials_explain_refusal   (FpCliCredentials *self,
                                                        GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpCliCredentials, fp_cli_credentials_free)

G_END_DECLS
