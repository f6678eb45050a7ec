/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fp-clients-error.h"
#include "fp-thunderbird-profile.h"

/*
 * Which Thunderbird profile to write to, and whether Thunderbird has it
 * open. Thunderbird keeps prefs.js in memory and writes it back while it
 * runs and on exit, so anything written under a running Thunderbird is lost.
 */

struct _FpProfileLock
{
  int fd;
};

/**
 * fp_thunderbird_profiles_dir:
 * @home: (nullable): the home folder, default g_get_home_dir()
 *
 * Thunderbird keeps `~/.thunderbird` whatever XDG_CONFIG_HOME says.
 */
char *
fp_thunderbird_profiles_dir (const char *home)
{
  return g_build_filename (home != NULL ? home : g_get_home_dir (), ".thunderbird", NULL);
}

static char *
resolve_path (const char *profiles_dir,
              const char *path,
              gboolean    relative)
{
  if (relative || !g_path_is_absolute (path))
    return g_build_filename (profiles_dir, path, NULL);
  return g_strdup (path);
}

static char *
profile_path (GKeyFile   *ini,
              const char *group,
              const char *profiles_dir)
{
  g_autofree char *path = g_key_file_get_string (ini, group, "Path", NULL);

  if (path == NULL)
    return NULL;
  return resolve_path (profiles_dir, path,
                       g_key_file_get_integer (ini, group, "IsRelative", NULL) == 1);
}

/* An install's Default names a profile's Path, relative when a profile's is. */
static char *
find_install_default (GKeyFile   *ini,
                      GStrv       groups,
                      const char *profiles_dir)
{
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (groups[i], "Install"))
        continue;
      path = g_key_file_get_string (ini, groups[i], "Default", NULL);
      if (path != NULL && *path != '\0')
        return resolve_path (profiles_dir, path, FALSE);
    }
  return NULL;
}

static char *
find_marked_or_only (GKeyFile   *ini,
                     GStrv       groups,
                     const char *profiles_dir)
{
  g_autofree char *only = NULL;
  guint n_profiles = 0;

  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (!g_str_has_prefix (groups[i], "Profile"))
        continue;
      if (g_key_file_get_integer (ini, groups[i], "Default", NULL) == 1)
        return profile_path (ini, groups[i], profiles_dir);
      n_profiles++;
      g_free (only);
      only = profile_path (ini, groups[i], profiles_dir);
    }
  return n_profiles == 1 ? g_steal_pointer (&only) : NULL;
}

/**
 * fp_thunderbird_find_default_profile:
 * @home: (nullable): the home folder, default g_get_home_dir()
 *
 * The `[Install…]` default, then the profile marked `Default=1`, then the
 * only profile.
 *
 * Returns: (transfer full): the profile folder, or %NULL with
 *   %FP_CLIENTS_ERROR_NO_PROFILE
 */
char *
fp_thunderbird_find_default_profile (const char  *home,
                                     GError     **error)
{
  g_autofree char *profiles_dir = fp_thunderbird_profiles_dir (home);
  g_autofree char *ini_path = g_build_filename (profiles_dir, "profiles.ini", NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  g_autofree char *path = NULL;

  if (!g_key_file_load_from_file (ini, ini_path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_NO_PROFILE,
                   _("No Thunderbird profile was found (%s: %s). Start Thunderbird once, or "
                     "name a profile folder."), ini_path, local_error->message);
      return NULL;
    }
  groups = g_key_file_get_groups (ini, NULL);
  path = find_install_default (ini, groups, profiles_dir);
  if (path == NULL)
    path = find_marked_or_only (ini, groups, profiles_dir);
  if (path == NULL)
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_NO_PROFILE,
                   _("%s names no default Thunderbird profile; name the profile folder to use."),
                   ini_path);
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_NO_PROFILE,
                   _("The default Thunderbird profile %s does not exist."), path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* `lock` → "127.0.0.1:+PID": a hint only, it outlives a crash; the PID must be alive. */
static gboolean
lock_link_names_live_process (const char *profile_dir)
{
  g_autofree char *link_path = g_build_filename (profile_dir, "lock", NULL);
  g_autofree char *target = g_file_read_link (link_path, NULL);
  const char *plus;
  char *end = NULL;
  gint64 pid;

  if (target == NULL || (plus = strrchr (target, '+')) == NULL)
    return FALSE;
  pid = g_ascii_strtoll (plus + 1, &end, 10);
  if (end == plus + 1 || *end != '\0' || pid <= 0 || pid > G_MAXINT)
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

static int
open_parentlock (const char *profile_dir)
{
  g_autofree char *path = g_build_filename (profile_dir, ".parentlock", NULL);

  return g_open (path, O_RDWR | O_CLOEXEC, 0);
}

/**
 * fp_thunderbird_profile_is_running:
 *
 * Whether a Thunderbird has @profile_dir open: an fcntl lock held on
 * `.parentlock`, or a `lock` link naming a live process.
 */
gboolean
fp_thunderbird_profile_is_running (const char *profile_dir)
{
  struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  int fd = open_parentlock (profile_dir);
  gboolean held = FALSE;

  if (fd >= 0)
    {
      held = fcntl (fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
      close (fd);
    }
  return held || lock_link_names_live_process (profile_dir);
}

static void
set_running_error (GError     **error,
                   const char  *profile_dir)
{
  g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_PROGRAM_RUNNING,
               _("Thunderbird is running with the profile %s. Close Thunderbird and try again; "
                 "nothing was written."), profile_dir);
}

/**
 * fp_thunderbird_profile_lock:
 *
 * Takes Thunderbird's own lock on the profile for the time of a write, so a
 * Thunderbird started meanwhile finds the profile in use instead of reading
 * half of our change.
 *
 * Returns: (transfer full): the lock, or %NULL with
 *   %FP_CLIENTS_ERROR_PROGRAM_RUNNING or %FP_CLIENTS_ERROR_WRITE_FAILED
 */
FpProfileLock *
fp_thunderbird_profile_lock (const char  *profile_dir,
                             GError     **error)
{
  g_autofree char *path = g_build_filename (profile_dir, ".parentlock", NULL);
  struct flock request = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  FpProfileLock *lock;
  int fd;

  if (lock_link_names_live_process (profile_dir))
    {
      set_running_error (error, profile_dir);
      return NULL;
    }
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
                   _("Could not open %s: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  if (fcntl (fd, F_SETLK, &request) != 0)
    {
      close (fd);
      set_running_error (error, profile_dir);
      return NULL;
    }
  lock = g_new0 (FpProfileLock, 1);
  lock->fd = fd;
  return lock;
}

/* Closing the descriptor drops the fcntl lock. */
void
fp_profile_lock_release (FpProfileLock *lock)
{
  if (lock == NULL)
    return;
  close (lock->fd);
  g_free (lock);
}
