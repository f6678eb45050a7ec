/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-account-state.h"

G_BEGIN_DECLS

#define FP_UPDATE_ERROR (fp_update_error_quark ())

/**
 * FpUpdateError:
 * @FP_UPDATE_ERROR_REMOVED: the program no longer has the entry Fingerpost wrote
 * @FP_UPDATE_ERROR_EDITED: the entry's servers are not what Fingerpost wrote
 * @FP_UPDATE_ERROR_UNSUPPORTED: this change cannot be made in place (e.g. IMAP to POP3)
 *
 * Why an account was left alone by `check --apply`.
 */
typedef enum
{
  FP_UPDATE_ERROR_REMOVED,
  FP_UPDATE_ERROR_EDITED,
  FP_UPDATE_ERROR_UNSUPPORTED,
} FpUpdateError;

GQuark   fp_update_error_quark         (void);
char    *fp_account_update_backup_path (const char            *state_dir,
                                        const char            *path);
gboolean fp_account_update_save_key_file (const char          *path,
                                          GKeyFile            *file,
                                          const char          *state_dir,
                                          GError             **error);

/* fp-evolution-updater.c: the account and transport sources, edited in place. */
gboolean fp_evolution_updater_check    (const FpAccountTarget *target,
                                        const FpAccountRecord *record,
                                        GError               **error);
gboolean fp_evolution_updater_apply    (const FpAccountTarget *target,
                                        const FpAccountRecord *record,
                                        const FpMailServer    *incoming,
                                        const FpMailServer    *outgoing,
                                        const char            *password,
                                        const char            *state_dir,
                                        GError               **error);

/* fp-thunderbird-updater.c: the account's server and SMTP server prefs, in place. */
gboolean fp_thunderbird_updater_check  (const FpAccountTarget *target,
                                        const FpAccountRecord *record,
                                        GError               **error);
gboolean fp_thunderbird_updater_apply  (const FpAccountTarget *target,
                                        const FpAccountRecord *record,
                                        const FpMailServer    *incoming,
                                        const FpMailServer    *outgoing,
                                        const char            *password,
                                        char                 **backup,
                                        GError               **error);

/* fp-goa-updater.c: the account's servers in goa-daemon's accounts.conf, in place. */
gboolean fp_goa_updater_check          (const FpAccountTarget *target,
                                        const FpAccountRecord *record,
                                        GError               **error);
gboolean fp_goa_updater_apply          (const FpAccountTarget *target,
                                        const FpAccountRecord *record,
                                        const FpMailServer    *incoming,
                                        const FpMailServer    *outgoing,
                                        const char            *state_dir,
                                        GError               **error);
char    *fp_goa_updater_lookup_password (const FpAccountTarget *target);

G_END_DECLS
