/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-core"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/prctl.h>

#include "fp-secret.h"

/*
 * Passwords in memory. A core dump or a debugger attached by another
 * process of the same user would show every copy, so while any password is
 * held (a copy made with fp_secret_dup() not yet freed) the process is not
 * dumpable: no core file, no ptrace, /proc/PID/mem closed to others
 * (PR_SET_DUMPABLE 0). When the last one is freed, the process is put back
 * as it was. Every copy and every temporary that held a password (a
 * protocol line, a SASL encoding) is overwritten before it is freed, so
 * that not even the free heap keeps it.
 */

static GMutex holders_mutex;
static guint holders;
static int dumpable_before = -1;

static void
hold (void)
{
  g_mutex_lock (&holders_mutex);
  if (holders++ == 0)
    {
      dumpable_before = prctl (PR_GET_DUMPABLE, 0, 0, 0, 0);
      if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        g_debug ("PR_SET_DUMPABLE failed: %s", g_strerror (errno));
    }
  g_mutex_unlock (&holders_mutex);
}

static void
release (void)
{
  g_mutex_lock (&holders_mutex);
  g_assert (holders > 0);
  if (--holders == 0 && dumpable_before > 0)
    prctl (PR_SET_DUMPABLE, dumpable_before, 0, 0, 0);
  g_mutex_unlock (&holders_mutex);
}

/**
 * fp_secret_dup:
 * @secret: (nullable): a password
 *
 * Returns: (transfer full) (nullable): a copy, to be freed with fp_secret_free()
 */
char *
fp_secret_dup (const char *secret)
{
  if (secret == NULL)
    return NULL;
  hold ();
  return g_strdup (secret);
}

/* Wipes and frees a copy made by fp_secret_dup(). */
void
fp_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  fp_secret_wipe (secret);
  g_free (secret);
  release ();
}

void
fp_secret_wipe (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
}

/* Wipes and frees a temporary that held a password (not made by fp_secret_dup()). */
void
fp_secret_text_free (char *text)
{
  fp_secret_wipe (text);
  g_free (text);
}

/* Whether a password is held now (and so the process is not dumpable). */
gboolean
fp_secret_is_held (void)
{
  gboolean held;

  g_mutex_lock (&holders_mutex);
  held = holders > 0;
  g_mutex_unlock (&holders_mutex);
  return held;
}
