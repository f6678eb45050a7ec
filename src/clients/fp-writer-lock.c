/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fp-clients-error.h"
#include "fp-writer-lock.h"

/*
 * "Is this account already set up?" and writing it must be one step, or two
 * setups at once both find nothing and both write. Every writer holds this
 * lock on the folder it writes (Evolution's sources, a Thunderbird profile)
 * from its check to its last rename. flock(2) locks belong to the open file,
 * so two threads of one process exclude each other as two processes do (an
 * fcntl lock would not); the kernel drops it when a process dies, so a
 * killed run never leaves the folder locked. The lock file is removed on
 * release, so the programs' folders keep only their own files; a writer
 * that got the lock on a file removed meanwhile tries again on the new one.
 */

#define LOCK_NAME      ".fingerpost.lock"
#define WAIT_LIMIT_S   30
#define POLL_INTERVAL  (20 * 1000)

struct _FpWriterLock
{
  int   fd;
  char *path;
};

/* Still the file at @path, not one a releasing writer has just removed? */
static gboolean
is_current (int         fd,
            const char *path)
{
  GStatBuf by_path;
  struct stat by_fd;

  return fstat (fd, &by_fd) == 0 && g_stat (path, &by_path) == 0 &&
         by_fd.st_ino == by_path.st_ino && by_fd.st_dev == by_path.st_dev;
}

static int
lock_file (const char    *path,
           gint64         deadline,
           const char    *dir,
           GCancellable  *cancellable,
           GError       **error)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
                   _("Could not open %s: %s"), path, g_strerror (saved_errno));
      return -1;
    }
  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;
      gboolean late = g_get_monotonic_time () > deadline;

      if (saved_errno == EINTR)
        continue;
      if (saved_errno != EWOULDBLOCK)
        g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
                     _("Could not lock %s: %s"), path, g_strerror (saved_errno));
      else if (late)
        g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
                     _("Another setup has been writing to %s for %d seconds; nothing was "
                       "written."), dir, WAIT_LIMIT_S);
      if (saved_errno != EWOULDBLOCK || late ||
          g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return -1;
        }
      g_usleep (POLL_INTERVAL);
    }
  return fd;
}

/**
 * fp_writer_lock_acquire:
 *
 * Waits (up to 30 s, or until @cancellable) for the other writers of @dir.
 *
 * Returns: (transfer full): the lock, or %NULL with
 *   %FP_CLIENTS_ERROR_WRITE_FAILED or %G_IO_ERROR_CANCELLED
 */
FpWriterLock *
fp_writer_lock_acquire (const char    *dir,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *path = g_build_filename (dir, LOCK_NAME, NULL);
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_S * G_USEC_PER_SEC;
  FpWriterLock *lock;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
                   _("Could not create %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  for (;;)
    {
      fd = lock_file (path, deadline, dir, cancellable, error);
      if (fd < 0)
        return NULL;
      if (is_current (fd, path))
        break;
      close (fd);
    }
  lock = g_new0 (FpWriterLock, 1);
  lock->fd = fd;
  lock->path = g_steal_pointer (&path);
  return lock;
}

void
fp_writer_lock_release (FpWriterLock *lock)
{
  if (lock == NULL)
    return;
  g_unlink (lock->path);
  close (lock->fd);
  g_free (lock->path);
  g_free (lock);
}
