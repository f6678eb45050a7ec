/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fp-activity-log.h"

G_BEGIN_DECLS

#define FP_TYPE_DETAILS_WINDOW (fp_details_window_get_type ())

G_DECLARE_FINAL_TYPE (FpDetailsWindow, fp_details_window, FP, DETAILS_WINDOW, AdwWindow)

FpDetailsWindow *fp_details_window_new      (GtkWindow     *parent,
                                             FpActivityLog *log);
char            *fp_details_report          (FpActivityLog *log);

G_END_DECLS
