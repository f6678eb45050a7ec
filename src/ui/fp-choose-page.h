/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FP_TYPE_CHOOSE_PAGE (fp_choose_page_get_type ())

G_DECLARE_FINAL_TYPE (FpChoosePage, fp_choose_page, FP, CHOOSE_PAGE, AdwBin)

void fp_choose_page_set_links (FpChoosePage *self,
                               const char   *address,
                               GPtrArray    *links);

G_END_DECLS
