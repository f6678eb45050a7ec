/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The response that accepts the unencrypted connection; any other declines it. */
#define FP_INSECURE_DIALOG_RESPONSE_USE "use"

AdwMessageDialog *fp_insecure_dialog_new (GtkWindow  *parent,
                                          const char *host);

G_END_DECLS
