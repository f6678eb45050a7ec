/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FP_TYPE_ENTRY_ROW (fp_entry_row_get_type ())

G_DECLARE_FINAL_TYPE (FpEntryRow, fp_entry_row, FP, ENTRY_ROW, AdwPreferencesRow)

GtkWidget  *fp_entry_row_get_entry (FpEntryRow *self);
const char *fp_entry_row_get_text  (FpEntryRow *self);
void        fp_entry_row_set_text  (FpEntryRow *self,
                                    const char *text);

G_END_DECLS
