/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FP_TYPE_DONE_PAGE (fp_done_page_get_type ())

G_DECLARE_FINAL_TYPE (FpDonePage, fp_done_page, FP, DONE_PAGE, AdwBin)

void fp_done_page_set_outcomes (FpDonePage *self,
                                GPtrArray  *outcomes,
                                const char *scratch_dir);

G_END_DECLS
