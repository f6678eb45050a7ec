/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "fp-mail-config.h"
#include "fp-wizard-logic.h"

G_BEGIN_DECLS

#define FP_TYPE_REVIEW_PAGE (fp_review_page_get_type ())

G_DECLARE_FINAL_TYPE (FpReviewPage, fp_review_page, FP, REVIEW_PAGE, AdwBin)

void        fp_review_page_set_config        (FpReviewPage           *self,
                                              const FpMailConfig     *config,
                                              const char             *name);
void        fp_review_page_skip_confirmation (FpReviewPage           *self);
void        fp_review_page_set_typed_address (FpReviewPage           *self,
                                              const char             *typed);
const char *fp_review_page_get_name          (FpReviewPage           *self);
void        fp_review_page_set_program       (FpReviewPage           *self,
                                              FpMailProgram           program,
                                              const FpMailProgramRow *row);
gboolean    fp_review_page_get_program       (FpReviewPage           *self,
                                              FpMailProgram           program);
void        fp_review_page_set_password_known (FpReviewPage          *self,
                                              gboolean                known,
                                              gboolean                demo);
gboolean    fp_review_page_get_keep_password (FpReviewPage           *self);
void        fp_review_page_set_error         (FpReviewPage           *self,
                                              const char             *error);
void        fp_review_page_set_password      (FpReviewPage                *self,
                                              const FpReviewPasswordState *state,
                                              const char                  *password);
const char *fp_review_page_get_password      (FpReviewPage           *self);
void        fp_review_page_set_password_error (FpReviewPage          *self,
                                              const char             *error);

G_END_DECLS
