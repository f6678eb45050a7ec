/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-account-writing"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-account-writing.h"

/*
 * The account writers (Evolution sources, Thunderbird prefs.js, the keyring)
 * are being written in parallel. Until they land, this reports what would be
 * written where and writes nothing; integrating them means replacing the body
 * of write_thread() and nothing in the window.
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

  for (guint i = 0; i < FP_N_MAIL_PROGRAMS; i++)
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

/* Whether this build writes accounts, or only says what it would write. */
gboolean
fp_account_writers_available (void)
{
  return FALSE;
}

static char *
target_dir (const FpWriteRequest *request,
            FpMailProgram         program)
{
  if (program == FP_MAIL_PROGRAM_EVOLUTION)
    return g_build_filename (request->target_root ? request->target_root : g_get_user_config_dir (),
                             "evolution", "sources", NULL);
  return g_build_filename (request->target_root ? request->target_root : g_get_home_dir (),
                           ".thunderbird", NULL);
}

static FpWriteOutcome *
plan_program (const FpWriteRequest *request,
              FpMailProgram         program)
{
  FpWriteOutcome *outcome = g_new0 (FpWriteOutcome, 1);
  g_autofree char *dir = target_dir (request, program);

  outcome->program = program;
  outcome->title = g_strdup (_(fp_mail_program_get_info (program)->name));
  if (program == FP_MAIL_PROGRAM_EVOLUTION)
    outcome->summary = g_strdup_printf (_("Would write three account files (account, identity, "
                                          "outgoing server) to %s"), dir);
  else
    outcome->summary = g_strdup_printf (_("Would add the account to prefs.js of the default "
                                          "profile in %s"), dir);
  return outcome;
}

static FpWriteOutcome *
plan_keyring (const FpWriteRequest *request)
{
  FpWriteOutcome *outcome = g_new0 (FpWriteOutcome, 1);

  outcome->program = FP_N_MAIL_PROGRAMS;
  outcome->title = g_strdup (_("Keyring"));
  if (request->target_root != NULL)
    outcome->summary = g_strdup (_("The demo never touches your keyring"));
  else
    outcome->summary = g_strdup (_("Would keep the password in your login keyring"));
  return outcome;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const FpWriteRequest *request = task_data;
  g_autoptr(GPtrArray) outcomes =
    g_ptr_array_new_with_free_func ((GDestroyNotify) fp_write_outcome_free);

  for (guint i = 0; i < FP_N_MAIL_PROGRAMS; i++)
    if (request->programs[i])
      g_ptr_array_add (outcomes, plan_program (request, i));
  if (request->keep_password)
    g_ptr_array_add (outcomes, plan_keyring (request));
  g_task_return_pointer (task, g_steal_pointer (&outcomes), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * fp_write_accounts_async:
 * @password: (nullable): for the keyring; never kept after the call
 *
 * Writes (today: plans) the accounts of @request, all or nothing per program.
 */
void
fp_write_accounts_async (const FpWriteRequest *request,
                         const char           *password,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (request != NULL && request->config != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_write_accounts_async);
  g_task_set_task_data (task, fp_write_request_copy (request),
                        (GDestroyNotify) fp_write_request_free);
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
