/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fp-window.h"

G_BEGIN_DECLS

/* Drives the real window with GTK calls, as a person would; shared by the UI test and benchmark. */

void       fp_ui_driver_init          (void);
GtkWidget *fp_ui_find_id              (GtkWidget    *root,
                                       const char   *id);
void       fp_ui_collect_type         (GtkWidget    *root,
                                       GType         type,
                                       GPtrArray    *found);
GtkWidget *fp_ui_page_widget          (FpWindow     *window,
                                       FpWizardPage  page);
GtkWidget *fp_ui_child                (FpWindow     *window,
                                       FpWizardPage  page,
                                       const char   *id);
void       fp_ui_wait_for_page        (FpWindow     *window,
                                       FpWizardPage  page);
void       fp_ui_settle               (guint         ms);
void       fp_ui_snap                 (const char   *name);
void       fp_ui_press                (GtkWidget    *button);
void       fp_ui_type                 (GtkWidget    *editable,
                                       const char   *text);

G_END_DECLS
