/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cancel-link"

#include "config.h"

#include "fp-cancel-link.h"

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/* A caller's cancellable already cancelled cancels ours at once. */
void
fp_cancel_link_init (FpCancelLink *link,
                     GCancellable *caller)
{
  link->cancellable = g_cancellable_new ();
  link->caller = caller != NULL ? g_object_ref (caller) : NULL;
  link->handler_id = 0;
  if (caller != NULL)
    link->handler_id = g_cancellable_connect (caller, G_CALLBACK (caller_cancelled_cb),
                                              g_object_ref (link->cancellable), g_object_unref);
}

void
fp_cancel_link_clear (FpCancelLink *link)
{
  if (link->handler_id != 0)
    g_cancellable_disconnect (link->caller, link->handler_id);
  link->handler_id = 0;
  g_clear_object (&link->caller);
  g_clear_object (&link->cancellable);
}

gboolean
fp_cancel_link_caller_cancelled (const FpCancelLink *link)
{
  return link->caller != NULL && g_cancellable_is_cancelled (link->caller);
}
