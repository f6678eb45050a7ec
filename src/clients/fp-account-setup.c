/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-account-setup"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-account-setup.h"
#include "fp-clients-error.h"
#include "fp-evolution-writer.h"
#include "fp-goa-writer.h"
#include "fp-keyring.h"
#include "fp-thunderbird-writer.h"
#include "fp-writer-task.h"

/*
 * The one way an account is written, for the wizard, `fingerpost setup` and
 * the tests alike: one plan, then each chosen program in turn, each all or
 * nothing (a failure in one leaves the others written), then one report
 * that says per program where the account went. A keyring that cannot take
 * the password stops everything before the first write, so no program ends
 * up with an account whose password went nowhere.
 */

struct _FpSetupReport
{
  char      *address;
  gboolean   dry_run;
  GPtrArray *results;  /* of FpSetupResult */
};

G_DEFINE_BOXED_TYPE (FpSetupReport, fp_setup_report, fp_setup_report_ref, fp_setup_report_unref)

static void
setup_result_free (FpSetupResult *result)
{
  g_clear_pointer (&result->report, fp_write_report_unref);
  g_clear_error (&result->error);
  g_free (result->note);
  g_free (result);
}

static void
fp_setup_report_clear (FpSetupReport *self)
{
  g_free (self->address);
  g_ptr_array_unref (self->results);
}

static FpSetupReport *
fp_setup_report_new (const char *address,
                     gboolean    dry_run)
{
  FpSetupReport *self = g_rc_box_new0 (FpSetupReport);

  self->address = g_strdup (address);
  self->dry_run = dry_run;
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) setup_result_free);
  return self;
}

FpSetupReport *
fp_setup_report_ref (FpSetupReport *self)
{
  return g_rc_box_acquire (self);
}

void
fp_setup_report_unref (FpSetupReport *self)
{
  g_rc_box_release_full (self, (GDestroyNotify) fp_setup_report_clear);
}

/* The account's address, the same for every program. */
const char *
fp_setup_report_get_address (const FpSetupReport *self)
{
  return self->address;
}

gboolean
fp_setup_report_get_dry_run (const FpSetupReport *self)
{
  return self->dry_run;
}

guint
fp_setup_report_get_n_results (const FpSetupReport *self)
{
  return self->results->len;
}

/* Results come in the order the programs were added. */
const FpSetupResult *
fp_setup_report_get_result (const FpSetupReport *self,
                            guint                index)
{
  g_return_val_if_fail (index < self->results->len, NULL);
  return g_ptr_array_index (self->results, index);
}

/**
 * fp_setup_report_lookup:
 *
 * Returns: (nullable): @program's result, or %NULL when it was not chosen
 */
const FpSetupResult *
fp_setup_report_lookup (const FpSetupReport *self,
                        FpMailProgram        program)
{
  for (guint i = 0; i < self->results->len; i++)
    {
      const FpSetupResult *result = g_ptr_array_index (self->results, i);

      if (result->program == program)
        return result;
    }
  return NULL;
}

guint
fp_setup_report_count (const FpSetupReport *self,
                       FpSetupStatus        status)
{
  guint count = 0;

  for (guint i = 0; i < self->results->len; i++)
    count += ((const FpSetupResult *) g_ptr_array_index (self->results, i))->status == status;
  return count;
}

/* The front ends' exit status and headline come from the first failure. */
const GError *
fp_setup_report_first_error (const FpSetupReport *self)
{
  for (guint i = 0; i < self->results->len; i++)
    {
      const FpSetupResult *result = g_ptr_array_index (self->results, i);

      if (result->error != NULL)
        return result->error;
    }
  return NULL;
}

/**
 * fp_setup_report_dup_written:
 *
 * What a record of the accounts written needs: where each one went.
 *
 * Returns: (transfer container) (element-type FpWriteReport): the reports
 *   of the programs actually written, in order (none for a dry run)
 */
GPtrArray *
fp_setup_report_dup_written (const FpSetupReport *self)
{
  GPtrArray *written = g_ptr_array_new_with_free_func ((GDestroyNotify) fp_write_report_unref);

  for (guint i = 0; i < self->results->len; i++)
    {
      const FpSetupResult *result = g_ptr_array_index (self->results, i);

      if (result->status == FP_SETUP_STATUS_WRITTEN)
        g_ptr_array_add (written, fp_write_report_ref (result->report));
    }
  return written;
}

/* The setup itself ------------------------------------------------------------------------- */

typedef struct
{
  FpMailProgram  program;
  char          *location;
} Target;

struct _FpAccountSetup
{
  GObject        parent_instance;

  FpAccountPlan *plan;
  FpWriteFlags   flags;
  GArray        *targets;  /* of Target */
};

G_DEFINE_FINAL_TYPE (FpAccountSetup, fp_account_setup, G_TYPE_OBJECT)

static void
target_clear (Target *target)
{
  g_free (target->location);
}

static void
fp_account_setup_finalize (GObject *object)
{
  FpAccountSetup *self = FP_ACCOUNT_SETUP (object);

  g_clear_pointer (&self->plan, fp_account_plan_free);
  g_clear_pointer (&self->targets, g_array_unref);
  G_OBJECT_CLASS (fp_account_setup_parent_class)->finalize (object);
}

static void
fp_account_setup_class_init (FpAccountSetupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fp_account_setup_finalize;
}

static void
fp_account_setup_init (FpAccountSetup *self)
{
  self->targets = g_array_new (FALSE, TRUE, sizeof (Target));
  g_array_set_clear_func (self->targets, (GDestroyNotify) target_clear);
}

/**
 * fp_account_setup_new:
 * @plan: what to write; copied, so the caller may wipe its own
 *
 * Returns: (transfer full): a setup with no program yet
 */
FpAccountSetup *
fp_account_setup_new (const FpAccountPlan *plan,
                      FpWriteFlags         flags)
{
  FpAccountSetup *self;

  g_return_val_if_fail (plan != NULL, NULL);

  self = g_object_new (FP_TYPE_ACCOUNT_SETUP, NULL);
  self->plan = fp_account_plan_copy (plan);
  self->flags = flags;
  return self;
}

/**
 * fp_account_setup_add_program:
 * @location: (nullable): where to write instead of the program's default:
 *   Evolution's sources folder or a Thunderbird profile folder
 *
 * Adding a program twice keeps the first.
 */
void
fp_account_setup_add_program (FpAccountSetup *self,
                              FpMailProgram   program,
                              const char     *location)
{
  Target target = { program, NULL };

  g_return_if_fail (FP_IS_ACCOUNT_SETUP (self));
  g_return_if_fail (program < FP_MAIL_PROGRAM_COUNT);

  if (fp_account_setup_has_program (self, program))
    return;
  target.location = g_strdup (location);
  g_array_append_val (self->targets, target);
}

gboolean
fp_account_setup_has_program (FpAccountSetup *self,
                              FpMailProgram   program)
{
  g_return_val_if_fail (FP_IS_ACCOUNT_SETUP (self), FALSE);

  for (guint i = 0; i < self->targets->len; i++)
    if (g_array_index (self->targets, Target, i).program == program)
      return TRUE;
  return FALSE;
}

const FpAccountPlan *
fp_account_setup_get_plan (FpAccountSetup *self)
{
  g_return_val_if_fail (FP_IS_ACCOUNT_SETUP (self), NULL);
  return self->plan;
}

static FpWriteSyncFunc
writer_for (FpMailProgram program)
{
  static const FpWriteSyncFunc writers[FP_MAIL_PROGRAM_COUNT] = {
    [FP_MAIL_PROGRAM_EVOLUTION] = fp_evolution_writer_write_sync,
    [FP_MAIL_PROGRAM_THUNDERBIRD] = fp_thunderbird_writer_write_sync,
    [FP_MAIL_PROGRAM_GOA] = fp_goa_writer_write_sync,
  };

  return writers[program];
}

/*
 * A reason not to write @program at all, or NULL. Evolution reads GNOME
 * Online Accounts: its own files as well would show the account twice.
 */
static char *
skip_reason (FpAccountSetup *self,
             FpMailProgram   program)
{
  if (program == FP_MAIL_PROGRAM_EVOLUTION &&
      fp_account_setup_has_program (self, FP_MAIL_PROGRAM_GOA))
    return g_strdup (_("Evolution reads the account from GNOME Online Accounts; its own "
                       "account files were not written."));
  return NULL;
}

static FpSetupResult *
write_one (FpAccountSetup  *self,
           const Target    *target,
           GCancellable    *cancellable)
{
  FpSetupResult *result = g_new0 (FpSetupResult, 1);

  result->program = target->program;
  result->note = skip_reason (self, target->program);
  if (result->note != NULL)
    {
      result->status = FP_SETUP_STATUS_SKIPPED;
      return result;
    }
  result->report = writer_for (target->program) (self->plan, target->location, self->flags,
                                                 cancellable, &result->error);
  if (result->report == NULL)
    result->status = FP_SETUP_STATUS_FAILED;
  else
    result->status = result->report->dry_run ? FP_SETUP_STATUS_WOULD_WRITE
                                             : FP_SETUP_STATUS_WRITTEN;
  return result;
}

/**
 * fp_account_setup_run_sync:
 *
 * Writes the plan for every program added, in that order. Blocking: the
 * wizard and the command line use fp_account_setup_run_async().
 *
 * Returns: (transfer full): one result per program, or %NULL when nothing
 *   could be tried (the keyring cannot take the password; cancelled before
 *   the first program)
 */
FpSetupReport *
fp_account_setup_run_sync (FpAccountSetup  *self,
                           GCancellable    *cancellable,
                           GError         **error)
{
  gboolean dry_run = (self->flags & FP_WRITE_FLAGS_DRY_RUN) != 0;
  g_autoptr(FpSetupReport) report = NULL;

  g_return_val_if_fail (FP_IS_ACCOUNT_SETUP (self), NULL);

  if (!dry_run && fp_account_plan_wants_keyring (self->plan) && self->targets->len > 0 &&
      !fp_keyring_check_sync (cancellable, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  report = fp_setup_report_new (self->plan->address, dry_run);
  for (guint i = 0; i < self->targets->len; i++)
    g_ptr_array_add (report->results,
                     write_one (self, &g_array_index (self->targets, Target, i), cancellable));
  return g_steal_pointer (&report);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  FpSetupReport *report = fp_account_setup_run_sync (source_object, cancellable, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) fp_setup_report_unref);
}

/* Files and the keyring block: the work runs in a worker thread. */
void
fp_account_setup_run_async (FpAccountSetup      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FP_IS_ACCOUNT_SETUP (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_account_setup_run_async);
  g_task_run_in_thread (task, run_thread);
}

FpSetupReport *
fp_account_setup_run_finish (FpAccountSetup  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fp_account_setup_run_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
