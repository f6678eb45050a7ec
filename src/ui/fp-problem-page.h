/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fp-wizard-logic.h"

G_BEGIN_DECLS

#define FP_TYPE_PROBLEM_PAGE (fp_problem_page_get_type ())

G_DECLARE_FINAL_TYPE (FpProblemPage, fp_problem_page, FP, PROBLEM_PAGE, AdwBin)

void fp_problem_page_set_problem (FpProblemPage   *self,
                                  const FpProblem *problem);

G_END_DECLS
