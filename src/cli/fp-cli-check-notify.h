/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void fp_cli_check_notify (GPtrArray *checks);

G_END_DECLS
