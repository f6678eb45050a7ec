/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FP_TYPE_LOOKUP_PAGE (fp_lookup_page_get_type ())

G_DECLARE_FINAL_TYPE (FpLookupPage, fp_lookup_page, FP, LOOKUP_PAGE, AdwBin)

void fp_lookup_page_set_message (FpLookupPage *self,
                                 const char   *message);

G_END_DECLS
