/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-mail-server.h"

G_BEGIN_DECLS

char *fp_evolution_oauth2_service_for (const FpMailServer  *server,
                                       char               **display_name);

G_END_DECLS
