/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *fp_secret_dup       (const char *secret);
void      fp_secret_free      (char       *secret);
void      fp_secret_wipe      (char       *text);
void      fp_secret_text_free (char       *text);
gboolean  fp_secret_is_held   (void);

/* A temporary that holds a password or an encoding of it: wiped when it goes out of scope. */
typedef char *FpSecretText;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (FpSecretText, fp_secret_text_free, NULL)

G_END_DECLS
