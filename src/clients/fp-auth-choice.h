/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-activity-log.h"
#include "fp-mail-config.h"
#include "fp-mail-programs.h"

G_BEGIN_DECLS

gboolean      fp_auth_choose             (FpMailProgram        program,
                                          const FpMailServer  *server,
                                          FpAuthMethod        *method,
                                          char               **explanation);
FpMailConfig *fp_auth_choice_apply       (const FpMailConfig  *config,
                                          GArray              *programs,
                                          FpActivityLog       *log,
                                          GError             **error);
GPtrArray    *fp_auth_choice_explain     (const FpMailServer  *server,
                                          GArray              *programs);
gboolean      fp_auth_choice_needs_password (const FpMailConfig *config);

G_END_DECLS
