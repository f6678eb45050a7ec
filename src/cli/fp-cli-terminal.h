/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *fp_cli_terminal_ask (const char *question,
                           gboolean    echo);

G_END_DECLS
