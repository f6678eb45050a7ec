/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "fp-mail-programs.h"

G_BEGIN_DECLS

gboolean fp_mail_program_launch (FpMailProgram   program,
                                 GtkWidget      *widget,
                                 GError        **error);

G_END_DECLS
