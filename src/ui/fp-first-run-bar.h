/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FP_TYPE_FIRST_RUN_BAR (fp_first_run_bar_get_type ())

G_DECLARE_FINAL_TYPE (FpFirstRunBar, fp_first_run_bar, FP, FIRST_RUN_BAR, AdwBin)

GtkWidget *fp_first_run_bar_new (void);

G_END_DECLS
