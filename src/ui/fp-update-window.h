/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fp-account-checker.h"
#include "fp-demo-provider.h"

G_BEGIN_DECLS

#define FP_TYPE_UPDATE_WINDOW (fp_update_window_get_type ())

G_DECLARE_FINAL_TYPE (FpUpdateWindow, fp_update_window, FP, UPDATE_WINDOW, AdwApplicationWindow)

FpUpdateWindow *fp_update_window_new       (GtkApplication *application,
                                            FpDemoProvider *demo);
char           *fp_demo_state_dir          (FpDemoProvider *demo);
void            fp_demo_check_options      (FpDemoProvider  *demo,
                                            FpCheckOptions  *options,
                                            char           **state_dir);

G_END_DECLS
