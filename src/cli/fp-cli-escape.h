/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *fp_cli_escape                  (const char *text);
char *fp_cli_escape_keeping_lines    (const char *text);
char *fp_cli_escape_json_text        (const char *json);
void  fp_cli_install_print_handlers  (void);

G_END_DECLS
