/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FP_TYPE_IDENTIFIER_PAGE (fp_identifier_page_get_type ())

G_DECLARE_FINAL_TYPE (FpIdentifierPage, fp_identifier_page, FP, IDENTIFIER_PAGE, AdwBin)

const char *fp_identifier_page_get_address (FpIdentifierPage *self);
void        fp_identifier_page_set_address (FpIdentifierPage *self,
                                            const char       *address);
const char *fp_identifier_page_get_name    (FpIdentifierPage *self);
void        fp_identifier_page_set_error   (FpIdentifierPage *self,
                                            const char       *error);
void        fp_identifier_page_set_hint    (FpIdentifierPage *self,
                                            const char       *hint);

G_END_DECLS
