/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fp-demo-provider.h"
#include "fp-wizard-logic.h"

G_BEGIN_DECLS

#define FP_TYPE_WINDOW (fp_window_get_type ())

G_DECLARE_FINAL_TYPE (FpWindow, fp_window, FP, WINDOW, AdwApplicationWindow)

FpWindow     *fp_window_new           (GtkApplication *application);
void          fp_window_set_demo      (FpWindow       *self,
                                       FpDemoProvider *demo);
void          fp_window_use_servers_of (FpWindow      *self,
                                       FpDemoProvider *demo);
void          fp_window_set_address   (FpWindow       *self,
                                       const char     *address);
gboolean      fp_window_is_demo       (FpWindow       *self);
FpWizardPage  fp_window_get_page      (FpWindow       *self);
char         *fp_window_dup_log       (FpWindow       *self);

G_END_DECLS
