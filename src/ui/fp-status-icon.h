/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void fp_status_icon_set (AdwStatusPage *page,
                         const char    *theme_icon);

G_END_DECLS
