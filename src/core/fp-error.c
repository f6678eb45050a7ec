/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-error"

#include "config.h"

#include "fp-error.h"

G_DEFINE_QUARK (fp-error-quark, fp_error)
