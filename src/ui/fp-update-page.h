/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FP_TYPE_UPDATE_PAGE (fp_update_page_get_type ())

G_DECLARE_FINAL_TYPE (FpUpdatePage, fp_update_page, FP, UPDATE_PAGE, AdwBin)

GtkWidget *fp_update_page_new          (void);
void       fp_update_page_set_busy     (FpUpdatePage *self,
                                        const char   *message);
void       fp_update_page_set_checks   (FpUpdatePage *self,
                                        GPtrArray    *checks);
void       fp_update_page_set_error    (FpUpdatePage *self,
                                        const char   *message);

G_END_DECLS
