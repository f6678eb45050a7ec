/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-account-writing"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "fp-account-plan.h"
#include "fp-account-state.h"
#include "fp-account-writing.h"

/*
 * The wizard's one door to the account setup of src/clients/ (the same one
 * `fingerpost setup` uses): what the review page decided becomes a plan and
 * the chosen programs, and the setup's report becomes one outcome per
 * program for the done page. With a target root (the demo) everything goes
 * to that folder, and the keyring is left alone.
 */

FpWriteRequest *
fp_write_request_new (FpMailConfig *config,
                      const char   *name,
                      const char   *target_root)
{
  FpWriteRequest *request = g_new0 (FpWriteRequest, 1);

  request->config = fp_mail_config_ref (config);
  request->name = g_strdup (name);
  request->target_root = g_strdup (target_root);
  request->keep_password = TRUE;
  return request;
}

static FpWriteRequest *
fp_write_request_copy (const FpWriteRequest *request)
{
  FpWriteRequest *copy = fp_write_request_new (request->config, request->name,
                                               request->target_root);

  for (guint i = 0; i < FP_MAIL_PROGRAM_COUNT; i++)
    copy->programs[i] = request->programs[i];
  copy->keep_password = request->keep_password;
  copy->account = g_strdup (request->account);
  copy->credentials_host = g_strdup (request->credentials_host);
  return copy;
}

void
fp_write_request_free (FpWriteRequest *request)
{
  if (request == NULL)
    return;
  g_clear_pointer (&request->config, fp_mail_config_unref);
  g_free (request->name);
  g_free (request->target_root);
  g_free (request->account);
  g_free (request->credentials_host);
  g_free (request);
}

void
fp_write_outcome_free (FpWriteOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->title);
  g_free (outcome->summary);
  g_free (outcome);
}

/**
 * fp_write_request_target_dir:
 *
 * Returns: (transfer full) (nullable): where @program's account goes in the
 *   demo's folder, or %NULL for the program's own default (the real profile)
 */
char *
fp_write_request_target_dir (const FpWriteRequest *request,
                             FpMailProgram         program)
{
  if (request->target_root == NULL)
    return NULL;
  if (program == FP_MAIL_PROGRAM_EVOLUTION)
    return g_build_filename (request->target_root, "evolution", "sources", NULL);
  return g_build_filename (request->target_root, "thunderbird", "demo.default", NULL);
}

static FpAccountPlan *
make_plan (const FpWriteRequest *request,
           const char           *password)
{
  FpAccountPlan *plan = fp_account_plan_new_from_config (request->config, NULL);

  if (request->name != NULL && *request->name != '\0')
    fp_account_plan_set_full_name (plan, request->name);
  if (request->config->name != NULL)
    fp_account_plan_set_label (plan, request->config->name);
  /* The demo never touches the keyring, whatever the switch said. */
  fp_account_plan_set_password (plan, password,
                                request->keep_password && request->target_root == NULL);
  return plan;
}

/* The demo's folders are made here: the writers expect a real profile to exist already. */
static gboolean
make_target_dirs (const FpWriteRequest  *request,
                  GError               **error)
{
  for (guint i = 0; i < FP_MAIL_PROGRAM_COUNT; i++)
    {
      g_autofree char *dir = NULL;

      if (!request->programs[i] || (dir = fp_write_request_target_dir (request, i)) == NULL)
        continue;
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Could not make the folder %s: %s"), dir, g_strerror (saved_errno));
          return FALSE;
        }
    }
  return TRUE;
}

static FpAccountSetup *
make_setup (const FpWriteRequest *request,
            const char           *password)
{
  g_autoptr(FpAccountPlan) plan = make_plan (request, password);
  FpAccountSetup *setup = fp_account_setup_new (plan, FP_WRITE_FLAGS_NONE);

  for (guint i = 0; i < FP_MAIL_PROGRAM_COUNT; i++)
    {
      g_autofree char *dir = fp_write_request_target_dir (request, i);

      if (request->programs[i])
        fp_account_setup_add_program (setup, i, dir);
    }
  return setup;
}

static FpWriteOutcome *
outcome_new (const FpSetupResult *result)
{
  FpWriteOutcome *outcome = g_new0 (FpWriteOutcome, 1);
  const FpWriteReport *report = result->report;

  /* A program skipped on purpose is a note on the done page, neither written nor failed. */
  outcome->program = result->status == FP_SETUP_STATUS_SKIPPED ? FP_MAIL_PROGRAM_COUNT
                                                               : result->program;
  outcome->title = g_strdup (fp_mail_program_display_name (result->program));
  outcome->written = result->status == FP_SETUP_STATUS_WRITTEN;
  /* The writers' messages already say that nothing of this program was changed. */
  if (result->status == FP_SETUP_STATUS_SKIPPED)
    outcome->summary = g_strdup (result->note);
  else if (report == NULL)
    outcome->summary = g_strdup (result->error->message);
  else if (report->secrets != NULL && report->secrets->len > 0)
    outcome->summary = g_strdup_printf (_("Written in %s; the password is in the keyring"),
                                        report->location);
  else
    outcome->summary = g_strdup_printf (_("Written in %s"), report->location);
  if (report != NULL && report->trust_note != NULL)
    {
      g_autofree char *summary = g_steal_pointer (&outcome->summary);

      outcome->summary = g_strconcat (summary, "\n", report->trust_note, NULL);
    }
  return outcome;
}

static GPtrArray *
outcomes_from_report (const FpWriteRequest *request,
                      const FpSetupReport  *report)
{
  GPtrArray *outcomes = g_ptr_array_new_with_free_func ((GDestroyNotify) fp_write_outcome_free);

  for (guint i = 0; i < fp_setup_report_get_n_results (report); i++)
    g_ptr_array_add (outcomes, outcome_new (fp_setup_report_get_result (report, i)));
  if (request->target_root != NULL && request->keep_password)
    {
      FpWriteOutcome *note = g_new0 (FpWriteOutcome, 1);

      note->program = FP_MAIL_PROGRAM_COUNT;
      note->title = g_strdup (_("Keyring"));
      note->summary = g_strdup (_("The demo never touches your keyring"));
      g_ptr_array_add (outcomes, note);
    }
  return outcomes;
}

/* For `fingerpost check`; the demo's record stays in its scratch folder. */
static void
record_written (const FpWriteRequest *request,
                const FpAccountPlan  *plan,
                const FpSetupReport  *report)
{
  g_autofree char *state_dir = request->target_root
                                 ? g_build_filename (request->target_root, "state", NULL) : NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  FpWrittenAccount written = {
    .account = request->account ? request->account : request->config->address,
    .config = request->config,
    .plan = plan,
    .reports = reports,
    .credentials_host = request->credentials_host,
  };

  for (guint i = 0; i < fp_setup_report_get_n_results (report); i++)
    {
      const FpSetupResult *outcome = fp_setup_report_get_result (report, i);

      if (outcome->report != NULL)
        g_ptr_array_add (reports, outcome->report);
    }
  if (reports->len > 0 && !fp_account_state_record_written (state_dir, &written, &error))
    g_warning ("The account was written, but not recorded for later checks: %s",
               error->message);
}

static void
setup_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  FpAccountSetup *setup = FP_ACCOUNT_SETUP (source);
  FpSetupReport *report = fp_account_setup_run_finish (setup, result, &error);

  if (report == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  record_written (g_task_get_task_data (task), fp_account_setup_get_plan (setup), report);
  g_task_return_pointer (task, report, (GDestroyNotify) fp_setup_report_unref);
}

/**
 * fp_write_accounts_async:
 * @password: (nullable): for the keyring; wiped once the write is over
 *
 * Writes the accounts of @request in a worker thread, each program all or nothing.
 */
void
fp_write_accounts_async (const FpWriteRequest *request,
                         const char           *password,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(FpAccountSetup) setup = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (request != NULL && request->config != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_write_accounts_async);
  g_task_set_task_data (task, fp_write_request_copy (request),
                        (GDestroyNotify) fp_write_request_free);
  if (!make_target_dirs (request, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  setup = make_setup (request, password);
  fp_account_setup_run_async (setup, cancellable, setup_done_cb, g_steal_pointer (&task));
}

/**
 * fp_write_accounts_finish:
 * @report: (out) (optional) (transfer full): the setup's own report: per
 *   program, where the account went
 *
 * Returns: (transfer full) (element-type FpWriteOutcome): one outcome per program
 */
GPtrArray *
fp_write_accounts_finish (GAsyncResult   *result,
                          FpSetupReport **report,
                          GError        **error)
{
  g_autoptr(FpSetupReport) setup_report = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fp_write_accounts_async, NULL);

  setup_report = g_task_propagate_pointer (G_TASK (result), error);
  if (setup_report == NULL)
    return NULL;
  if (report != NULL)
    *report = fp_setup_report_ref (setup_report);
  return outcomes_from_report (g_task_get_task_data (G_TASK (result)), setup_report);
}
