/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-test-wait"

#include "config.h"

#include "fp-test-wait.h"

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * fp_test_wait_until:
 * @what: what is waited for, for the test's log
 *
 * Runs the default main context (so bus signals and child watches are
 * handled) until @condition holds or @seconds have passed, checking it at
 * least every 200 ms.
 *
 * Returns: whether @condition held in time
 */
gboolean
fp_test_wait_until (FpTestCondition  condition,
                    gpointer         user_data,
                    guint            seconds,
                    const char      *what)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + seconds * G_USEC_PER_SEC;
  guint wake = g_timeout_add (200, wake_cb, NULL);
  gboolean held;

  while (!(held = condition (user_data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  g_test_message ("%s: %s after %.1f s", what, held ? "yes" : "NOT",
                  (g_get_monotonic_time () - start) / 1e6);
  return held;
}
