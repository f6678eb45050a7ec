/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fp-wizard-logic.h"

G_BEGIN_DECLS

#define FP_TYPE_CHECKING_PAGE (fp_checking_page_get_type ())

G_DECLARE_FINAL_TYPE (FpCheckingPage, fp_checking_page, FP, CHECKING_PAGE, AdwBin)

void fp_checking_page_clear      (FpCheckingPage     *self);
void fp_checking_page_set_server (FpCheckingPage     *self,
                                  const FpMailServer *server,
                                  const FpCheckRow   *row);

G_END_DECLS
