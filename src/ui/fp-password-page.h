/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fp-wizard-logic.h"

G_BEGIN_DECLS

#define FP_TYPE_PASSWORD_PAGE (fp_password_page_get_type ())

G_DECLARE_FINAL_TYPE (FpPasswordPage, fp_password_page, FP, PASSWORD_PAGE, AdwBin)

void        fp_password_page_set_state      (FpPasswordPage            *self,
                                             const FpPasswordPageState *state,
                                             gboolean                   keep_user);
const char *fp_password_page_get_user       (FpPasswordPage            *self);
const char *fp_password_page_get_password   (FpPasswordPage            *self);
void        fp_password_page_clear_password (FpPasswordPage            *self);

G_END_DECLS
