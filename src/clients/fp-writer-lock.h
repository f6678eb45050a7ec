/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _FpWriterLock FpWriterLock;

FpWriterLock *fp_writer_lock_acquire (const char    *dir,
                                      GCancellable  *cancellable,
                                      GError       **error);
void          fp_writer_lock_release (FpWriterLock  *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpWriterLock, fp_writer_lock_release)

G_END_DECLS
