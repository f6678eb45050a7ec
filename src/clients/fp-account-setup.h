/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-account-plan.h"
#include "fp-write-report.h"

G_BEGIN_DECLS

/**
 * FpSetupStatus:
 * @FP_SETUP_STATUS_WRITTEN: the account is in the program now
 * @FP_SETUP_STATUS_WOULD_WRITE: a dry run: the report says what would be written
 * @FP_SETUP_STATUS_FAILED: nothing of this program was changed; the error says why
 * @FP_SETUP_STATUS_SKIPPED: not written on purpose; the note says why (Evolution
 *   when GNOME Online Accounts is written too: Evolution reads it from there)
 */
typedef enum
{
  FP_SETUP_STATUS_WRITTEN,
  FP_SETUP_STATUS_WOULD_WRITE,
  FP_SETUP_STATUS_FAILED,
  FP_SETUP_STATUS_SKIPPED,
} FpSetupStatus;

/**
 * FpSetupResult:
 * @program: the program
 * @status: what happened
 * @report: with %FP_SETUP_STATUS_WRITTEN and %FP_SETUP_STATUS_WOULD_WRITE:
 *   where the account went (see #FpWriteReport for each program's ids)
 * @error: with %FP_SETUP_STATUS_FAILED
 * @note: with %FP_SETUP_STATUS_SKIPPED, a sentence for the person
 */
typedef struct
{
  FpMailProgram  program;
  FpSetupStatus  status;
  FpWriteReport *report;
  GError        *error;
  char          *note;
} FpSetupResult;

#define FP_TYPE_SETUP_REPORT (fp_setup_report_get_type ())

typedef struct _FpSetupReport FpSetupReport;

GType                fp_setup_report_get_type     (void) G_GNUC_CONST;
FpSetupReport       *fp_setup_report_ref          (FpSetupReport       *self);
void                 fp_setup_report_unref        (FpSetupReport       *self);
const char          *fp_setup_report_get_address  (const FpSetupReport *self);
gboolean             fp_setup_report_get_dry_run  (const FpSetupReport *self);
guint                fp_setup_report_get_n_results (const FpSetupReport *self);
const FpSetupResult *fp_setup_report_get_result   (const FpSetupReport *self,
                                                   guint                index);
const FpSetupResult *fp_setup_report_lookup       (const FpSetupReport *self,
                                                   FpMailProgram        program);
guint                fp_setup_report_count        (const FpSetupReport *self,
                                                   FpSetupStatus        status);
const GError        *fp_setup_report_first_error  (const FpSetupReport *self);
GPtrArray           *fp_setup_report_dup_written  (const FpSetupReport *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpSetupReport, fp_setup_report_unref)

#define FP_TYPE_ACCOUNT_SETUP (fp_account_setup_get_type ())

G_DECLARE_FINAL_TYPE (FpAccountSetup, fp_account_setup, FP, ACCOUNT_SETUP, GObject)

FpAccountSetup *fp_account_setup_new          (const FpAccountPlan  *plan,
                                               FpWriteFlags          flags);
void            fp_account_setup_add_program  (FpAccountSetup       *self,
                                               FpMailProgram         program,
                                               const char           *location);
gboolean        fp_account_setup_has_program  (FpAccountSetup       *self,
                                               FpMailProgram         program);
const FpAccountPlan *fp_account_setup_get_plan (FpAccountSetup      *self);
FpSetupReport  *fp_account_setup_run_sync     (FpAccountSetup       *self,
                                               GCancellable         *cancellable,
                                               GError              **error);
void            fp_account_setup_run_async    (FpAccountSetup       *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
FpSetupReport  *fp_account_setup_run_finish   (FpAccountSetup       *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
