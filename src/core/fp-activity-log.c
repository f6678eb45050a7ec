/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-activity-log"

#include "config.h"

#include "fp-activity-log.h"

/*
 * The step-by-step account of what Fingerpost asked and what it was told,
 * for the wizard's Details and --verbose. Never holds a password.
 */
struct _FpActivityLog
{
  GObject  parent_instance;
  GString *text;
};

G_DEFINE_FINAL_TYPE (FpActivityLog, fp_activity_log, G_TYPE_OBJECT)

enum
{
  LINE_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
fp_activity_log_finalize (GObject *object)
{
  FpActivityLog *self = FP_ACTIVITY_LOG (object);

  g_string_free (self->text, TRUE);

  G_OBJECT_CLASS (fp_activity_log_parent_class)->finalize (object);
}

static void
fp_activity_log_class_init (FpActivityLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fp_activity_log_finalize;

  /**
   * FpActivityLog::line-added:
   * @line: the new line, without its time stamp or newline
   */
  signals[LINE_ADDED] = g_signal_new ("line-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
fp_activity_log_init (FpActivityLog *self)
{
  self->text = g_string_new (NULL);
}

FpActivityLog *
fp_activity_log_new (void)
{
  return g_object_new (FP_TYPE_ACTIVITY_LOG, NULL);
}

void
fp_activity_log_add (FpActivityLog *self,
                     const char    *format,
                     ...)
{
  g_autofree char *line = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  va_list args;

  g_return_if_fail (FP_IS_ACTIVITY_LOG (self));

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  /* Wall-clock times, so a helpdesk can match a line with the server's own log. */
  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%H:%M:%S");
  g_string_append_printf (self->text, "[%s.%03d] %s\n", stamp,
                          g_date_time_get_microsecond (now) / 1000, line);
  g_signal_emit (self, signals[LINE_ADDED], 0, line);
}

char *
fp_activity_log_dup_text (FpActivityLog *self)
{
  g_return_val_if_fail (FP_IS_ACTIVITY_LOG (self), NULL);

  return g_strdup (self->text->str);
}

void
fp_activity_log_clear (FpActivityLog *self)
{
  g_return_if_fail (FP_IS_ACTIVITY_LOG (self));

  g_string_truncate (self->text, 0);
}
