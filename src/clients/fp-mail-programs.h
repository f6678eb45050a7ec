/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FP_MAIL_PROGRAM_EVOLUTION,
  FP_MAIL_PROGRAM_THUNDERBIRD,
  FP_MAIL_PROGRAM_GOA,          /* GNOME Online Accounts: Evolution, Calendar, Geary read it */
} FpMailProgram;

#define FP_MAIL_PROGRAM_COUNT 3

const char *fp_mail_program_to_string     (FpMailProgram  program);
gboolean    fp_mail_program_from_string   (const char    *text,
                                           FpMailProgram *program);
const char *fp_mail_program_display_name  (FpMailProgram  program);
gboolean    fp_mail_program_is_installed  (FpMailProgram  program);
GArray     *fp_mail_programs_detect       (void);

G_END_DECLS
