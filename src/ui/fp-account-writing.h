/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-account-setup.h"
#include "fp-mail-config.h"
#include "fp-wizard-logic.h"

G_BEGIN_DECLS

/*
 * The wizard's one door to the account writers: everything the review page
 * decided goes in, one outcome per program comes out for the done page.
 */
typedef struct
{
  FpMailConfig *config;
  char         *name;
  gboolean      programs[FP_MAIL_PROGRAM_COUNT];
  gboolean      keep_password;
  char         *target_root;  /* nullable: the demo's scratch folder instead of the real profiles;
                               * the keyring is then never touched */
  char         *account;      /* the identifier the person typed, for the record */
  char         *credentials_host;  /* nullable: the host given the password while looking up */
} FpWriteRequest;

typedef struct
{
  FpMailProgram  program;   /* FP_MAIL_PROGRAM_COUNT for a note: the demo's keyring, Evolution
                             * left to read GNOME Online Accounts */
  gboolean       written;
  char          *title;
  char          *summary;   /* what was written where, or why nothing was */
} FpWriteOutcome;

FpWriteRequest *fp_write_request_new      (FpMailConfig         *config,
                                           const char           *name,
                                           const char           *target_root);
char           *fp_write_request_target_dir (const FpWriteRequest *request,
                                           FpMailProgram         program);
void            fp_write_request_free     (FpWriteRequest       *request);
void            fp_write_outcome_free     (FpWriteOutcome       *outcome);
void            fp_write_accounts_async   (const FpWriteRequest *request,
                                           const char           *password,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GPtrArray      *fp_write_accounts_finish  (GAsyncResult         *result,
                                           FpSetupReport       **report,
                                           GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpWriteRequest, fp_write_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpWriteOutcome, fp_write_outcome_free)

G_END_DECLS
