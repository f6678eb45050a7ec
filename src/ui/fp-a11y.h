/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void fp_a11y_tidy_names   (GtkWidget *root);
void fp_a11y_describe     (GtkWidget *widget,
                           GtkWidget *description,
                           GtkWidget *more);

G_END_DECLS
