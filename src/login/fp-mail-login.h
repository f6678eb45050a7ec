/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-mail-connection.h"

G_BEGIN_DECLS

/*
 * The login dialogues of the check before writing, one per protocol, each in
 * its own file. Each reads the greeting, upgrades with STARTTLS when the
 * server's transport says so (or stops before any credential when it cannot),
 * logs in with @password and logs out. Synchronous: run them in a thread.
 * A refused password is %FP_ERROR_AUTH_FAILED.
 */
gboolean fp_imap_login (FpMailConnection    *connection,
                        const FpMailServer  *server,
                        const char          *password,
                        GError             **error);
gboolean fp_pop3_login (FpMailConnection    *connection,
                        const FpMailServer  *server,
                        const char          *password,
                        GError             **error);
gboolean fp_smtp_login (FpMailConnection    *connection,
                        const FpMailServer  *server,
                        const char          *password,
                        GError             **error);

/* Shared by the three: whether a space-separated list holds @token, in any case. */
gboolean fp_mail_has_token (const char *list,
                            const char *token);

G_END_DECLS
