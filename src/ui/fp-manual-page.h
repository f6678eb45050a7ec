/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fp-wizard-logic.h"

G_BEGIN_DECLS

#define FP_TYPE_MANUAL_PAGE (fp_manual_page_get_type ())

G_DECLARE_FINAL_TYPE (FpManualPage, fp_manual_page, FP, MANUAL_PAGE, AdwBin)

void fp_manual_page_set_settings (FpManualPage           *self,
                                  const FpManualSettings *settings);
void fp_manual_page_get_settings (FpManualPage           *self,
                                  FpManualSettings       *settings);
void fp_manual_page_set_error    (FpManualPage           *self,
                                  const char             *error);

G_END_DECLS
