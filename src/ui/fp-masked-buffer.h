/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FP_TYPE_MASKED_BUFFER (fp_masked_buffer_get_type ())

G_DECLARE_FINAL_TYPE (FpMaskedBuffer, fp_masked_buffer, FP, MASKED_BUFFER, GtkEntryBuffer)

GtkEntryBuffer *fp_masked_buffer_new        (GtkText        *text);
const char     *fp_masked_buffer_get_secret (FpMaskedBuffer *self);

G_END_DECLS
