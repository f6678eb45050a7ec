/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void          fp_font_warmup_start  (void);
PangoFontMap *fp_font_warmup_finish (void);

G_END_DECLS
