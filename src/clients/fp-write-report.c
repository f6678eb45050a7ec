/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include "fp-write-report.h"

G_DEFINE_BOXED_TYPE (FpWriteReport, fp_write_report, fp_write_report_ref, fp_write_report_unref)

static void
fp_write_report_clear (FpWriteReport *self)
{
  g_free (self->location);
  g_free (self->account_id);
  g_free (self->identity_id);
  g_free (self->transport_id);
  g_free (self->incoming_id);
  g_ptr_array_unref (self->files);
  g_free (self->backup);
  g_ptr_array_unref (self->secrets);
  g_ptr_array_unref (self->changes);
  g_free (self->password_note);
  g_ptr_array_unref (self->backups);
  g_free (self->trust_note);
}

FpWriteReport *
fp_write_report_new (FpMailProgram program,
                     gboolean      dry_run)
{
  FpWriteReport *self = g_rc_box_new0 (FpWriteReport);

  self->program = program;
  self->dry_run = dry_run;
  self->files = g_ptr_array_new_with_free_func (g_free);
  self->secrets = g_ptr_array_new_with_free_func (g_free);
  self->changes = g_ptr_array_new_with_free_func (g_free);
  self->backups = g_ptr_array_new_with_free_func (g_free);
  return self;
}

FpWriteReport *
fp_write_report_ref (FpWriteReport *self)
{
  return g_rc_box_acquire (self);
}

void
fp_write_report_unref (FpWriteReport *self)
{
  g_rc_box_release_full (self, (GDestroyNotify) fp_write_report_clear);
}

void
fp_write_report_add_change (FpWriteReport *self,
                            const char    *format,
                            ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->changes, g_strdup_vprintf (format, args));
  va_end (args);
}
