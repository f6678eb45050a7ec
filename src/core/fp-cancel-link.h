/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A cancellable of an operation's own that the caller's cancellable also
 * cancels. A deadline, or a sibling that already has the answer, cancels the
 * operation's own without touching the caller's, so the end can still tell
 * "the person cancelled" from "the time ran out".
 */
typedef struct
{
  GCancellable *cancellable;  /* ours: pass this to what the operation starts */
  GCancellable *caller;       /* the caller's, or NULL */
  gulong        handler_id;
} FpCancelLink;

void     fp_cancel_link_init                (FpCancelLink *link,
                                             GCancellable *caller);
void     fp_cancel_link_clear               (FpCancelLink *link);
gboolean fp_cancel_link_caller_cancelled    (const FpCancelLink *link);

G_END_DECLS
