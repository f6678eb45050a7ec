/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-account-writing"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "fp-account-plan.h"
#include "fp-account-writing.h"
#include "fp-evolution-writer.h"
#include "fp-secret.h"
#include "fp-thunderbird-writer.h"

/*
 * The wizard's one door to the account writers of src/clients/: what the
 * review page decided goes in, one outcome per program comes out for the done
 * page. Each program is written all or nothing; one failing does not stop the
 * other. With a target root (the demo) everything goes to that folder, and the
 * keyring is left alone.
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

/* Secrets are never kept in memory longer than the write. */
typedef struct
{
  FpWriteRequest *request;
  char           *password;
} WriteData;

static void
write_data_free (WriteData *data)
{
  fp_write_request_free (data->request);
  fp_secret_free (data->password);
  g_free (data);
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

static FpWriteReport *
write_program (const FpWriteRequest  *request,
               const FpAccountPlan   *plan,
               FpMailProgram          program,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autofree char *dir = fp_write_request_target_dir (request, program);

  if (dir != NULL && g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not make the folder %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  if (program == FP_MAIL_PROGRAM_EVOLUTION)
    return fp_evolution_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, cancellable, error);
  return fp_thunderbird_writer_write_sync (plan, dir, FP_WRITE_FLAGS_NONE, cancellable, error);
}

static FpWriteOutcome *
outcome_new (FpMailProgram        program,
             const FpWriteReport *report,
             const GError        *error)
{
  FpWriteOutcome *outcome = g_new0 (FpWriteOutcome, 1);

  outcome->program = program;
  outcome->title = g_strdup (fp_mail_program_display_name (program));
  outcome->written = report != NULL;
  /* The writers' messages already say that nothing of this program was changed. */
  if (report == NULL)
    outcome->summary = g_strdup (error->message);
  else if (report->secrets != NULL && report->secrets->len > 0)
    outcome->summary = g_strdup_printf (_("Written in %s; the password is in the keyring"),
                                        report->location);
  else
    outcome->summary = g_strdup_printf (_("Written in %s"), report->location);
  return outcome;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autoptr(FpAccountPlan) plan = make_plan (data->request, data->password);
  g_autoptr(GPtrArray) outcomes =
    g_ptr_array_new_with_free_func ((GDestroyNotify) fp_write_outcome_free);

  for (guint i = 0; i < FP_MAIL_PROGRAM_COUNT; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FpWriteReport) report = NULL;

      if (!data->request->programs[i])
        continue;
      report = write_program (data->request, plan, i, cancellable, &error);
      g_ptr_array_add (outcomes, outcome_new (i, report, error));
    }
  if (data->request->target_root != NULL && data->request->keep_password)
    {
      FpWriteOutcome *note = g_new0 (FpWriteOutcome, 1);

      note->program = FP_MAIL_PROGRAM_COUNT;
      note->title = g_strdup (_("Keyring"));
      note->summary = g_strdup (_("The demo never touches your keyring"));
      g_ptr_array_add (outcomes, note);
    }
  g_task_return_pointer (task, g_steal_pointer (&outcomes), (GDestroyNotify) g_ptr_array_unref);
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
  WriteData *data;

  g_return_if_fail (request != NULL && request->config != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_write_accounts_async);
  data = g_new0 (WriteData, 1);
  data->request = fp_write_request_copy (request);
  data->password = fp_secret_dup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

/**
 * fp_write_accounts_finish:
 *
 * Returns: (transfer full) (element-type FpWriteOutcome): one outcome per program
 */
GPtrArray *
fp_write_accounts_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
