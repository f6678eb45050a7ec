/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Real daemons apply changes seconds later: the tests poll, never sleep a fixed time. */
typedef gboolean (*FpTestCondition) (gpointer user_data);

gboolean fp_test_wait_until (FpTestCondition  condition,
                             gpointer         user_data,
                             guint            seconds,
                             const char      *what);

G_END_DECLS
