/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FP_TYPE_ACTIVITY_LOG (fp_activity_log_get_type ())

G_DECLARE_FINAL_TYPE (FpActivityLog, fp_activity_log, FP, ACTIVITY_LOG, GObject)

FpActivityLog *fp_activity_log_new      (void);
void           fp_activity_log_add      (FpActivityLog *self,
                                         const char    *format,
                                         ...) G_GNUC_PRINTF (2, 3);
char          *fp_activity_log_dup_text (FpActivityLog *self);
void           fp_activity_log_clear    (FpActivityLog *self);

G_END_DECLS
