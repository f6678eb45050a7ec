/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-writer-task"

#include "config.h"

#include "fp-writer-task.h"

/*
 * Writing touches files and the keyring, which block: each writer's
 * asynchronous call runs its synchronous one in a worker thread, on a copy
 * of the plan, so the wizard never waits on the disk.
 */

typedef struct
{
  FpWriteSyncFunc  write_sync;
  FpAccountPlan   *plan;
  char            *location;
  FpWriteFlags     flags;
} WriteData;

static void
write_data_free (WriteData *data)
{
  fp_account_plan_free (data->plan);
  g_free (data->location);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;
  FpWriteReport *report = data->write_sync (data->plan, data->location, data->flags, cancellable,
                                            &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) fp_write_report_unref);
}

void
fp_writer_task_run (FpWriteSyncFunc       write_sync,
                    gpointer              source_tag,
                    const FpAccountPlan  *plan,
                    const char           *location,
                    FpWriteFlags          flags,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  WriteData *data = g_new0 (WriteData, 1);

  data->write_sync = write_sync;
  data->plan = fp_account_plan_copy (plan);
  data->location = g_strdup (location);
  data->flags = flags;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

FpWriteReport *
fp_writer_task_finish (GAsyncResult  *result,
                       gpointer       source_tag,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
