/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-test-thunderbird"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fp-test-thunderbird.h"
#include "fp-thunderbird-profile.h"

#define START_WAIT_S 40

static int
open_log (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("FP_TEST_TMPDIR"), name, NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  return fd;
}

static void
own_process_group (gpointer user_data)
{
  setpgid (0, 0);
}

/*
 * Output to files, never pipes: Thunderbird's helpers may outlive it. A test
 * already inside a private namespace (run-in-netns.sh, beside its mail
 * servers) starts Thunderbird there; any other makes one of its own.
 */
static GPid
spawn_in_namespace (const char *script,
                    const char *argument,
                    const char *log_name)
{
  const char *own[] = { "unshare", "--net", "sh", "-c", script, "sh", argument, NULL };
  const char *inside[] = { "sh", "-c", script, "sh", argument, NULL };
  const char **argv = g_strcmp0 (g_getenv ("FP_IN_NETNS"), "1") == 0 ? inside : own;
  g_autoptr(GError) error = NULL;
  /* Our fatal-warnings would turn Thunderbird's own GTK criticals into crashes. */
  g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "G_DEBUG");
  int log_fd = open_log (log_name);
  int null_fd = g_open ("/dev/null", O_RDONLY | O_CLOEXEC, 0);
  GPid pid = 0;

  g_spawn_async_with_fds (NULL, (char **) argv, envp,
                          G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, own_process_group,
                          NULL, &pid, null_fd, log_fd, log_fd, &error);
  g_assert_no_error (error);
  close (log_fd);
  close (null_fd);
  return pid;
}

static gboolean
wait_exit (GPid   pid,
           double seconds,
           int   *status)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      pid_t done = waitpid (pid, status, WNOHANG);

      if (done == pid)
        return TRUE;
      g_usleep (50 * 1000);
    }
  return FALSE;
}

char *
fp_test_thunderbird_create_profile (const char *name)
{
  g_autofree char *profile = g_build_filename (g_get_home_dir (), ".thunderbird", name, NULL);
  g_autofree char *spec = g_strdup_printf ("%s %s", name, profile);
  GPid pid = spawn_in_namespace ("ip link set lo up; exec thunderbird --headless "
                                 "-CreateProfile \"$1\"", spec, "create-profile.log");
  int status = -1;

  g_assert_true (wait_exit (pid, 30, &status));
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_true (g_file_test (profile, G_FILE_TEST_IS_DIR));
  return g_steal_pointer (&profile);
}

char *
fp_test_read_prefs (const char *profile)
{
  g_autofree char *path = g_build_filename (profile, "prefs.js", NULL);
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  return text;
}

static gboolean
poll_until (gboolean (*condition) (const char *profile),
            const char *profile,
            double      seconds)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      if (condition (profile))
        {
          g_test_message ("ready after %.1f s", (g_get_monotonic_time () - start) / 1e6);
          return TRUE;
        }
      g_usleep (100 * 1000);
    }
  return FALSE;
}

static gboolean
is_running (const char *profile)
{
  return fp_thunderbird_profile_is_running (profile);
}

/* Thunderbird has started and written prefs.js back, with its Local Folders. */
static gboolean
prefs_rewritten (const char *profile)
{
  g_autofree char *text = fp_test_read_prefs (profile);

  return text != NULL && strstr (text, "mail.accountmanager.localfoldersserver") != NULL;
}

static GPid
lock_owner (const char *profile)
{
  g_autofree char *link = g_build_filename (profile, "lock", NULL);
  g_autofree char *target = g_file_read_link (link, NULL);
  const char *plus = target ? strrchr (target, '+') : NULL;

  return plus ? (GPid) atoi (plus + 1) : 0;
}

/*
 * Started, and prefs.js written back with Local Folders: Thunderbird has read
 * the profile. It only adds Local Folders beside an account, so give it one.
 */
GPid
fp_test_thunderbird_start (const char *profile)
{
  GPid pid = spawn_in_namespace ("ip link set lo up; MOZ_HEADLESS=1 exec thunderbird --headless "
                                 "--no-remote -profile \"$1\"", profile, "thunderbird.log");

  g_assert_true (poll_until (is_running, profile, START_WAIT_S));
  g_assert_true (poll_until (prefs_rewritten, profile, START_WAIT_S));
  return pid;
}

/**
 * fp_test_thunderbird_launch:
 * @marionette: also listen for Marionette (on the port the profile's user.js names)
 *
 * Started and holding the profile's lock; nothing more is waited for.
 */
GPid
fp_test_thunderbird_launch (const char *profile,
                            gboolean    marionette)
{
  /* Marionette's chrome context (thunderbird-send.py) needs system access. */
  GPid pid = spawn_in_namespace (marionette
                                   ? "ip link set lo up; MOZ_HEADLESS=1 exec thunderbird "
                                     "--headless --no-remote --marionette "
                                     "-remote-allow-system-access -profile \"$1\""
                                   : "ip link set lo up; MOZ_HEADLESS=1 exec thunderbird "
                                     "--headless --no-remote -profile \"$1\"",
                                 profile, "thunderbird.log");

  g_assert_true (poll_until (is_running, profile, START_WAIT_S));
  return pid;
}

void
fp_test_thunderbird_stop (GPid        pid,
                          const char *profile)
{
  GPid main_pid = lock_owner (profile);
  int status;

  /* SIGTERM to the main process ends it at once; then whatever the wrapper left. */
  if (main_pid > 0)
    kill (main_pid, SIGTERM);
  kill (-pid, SIGTERM);
  if (!wait_exit (pid, 15, &status))
    {
      kill (-pid, SIGKILL);
      g_assert_true (wait_exit (pid, 5, &status));
    }
  /* The rest of the group (glxtest and the like) ends with it. */
  kill (-pid, SIGKILL);
}

guint
fp_test_count_backups (const char *profile)
{
  g_autoptr(GDir) dir = g_dir_open (profile, 0, NULL);
  const char *name;
  guint count = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    count += g_str_has_prefix (name, "prefs.js.before-fingerpost-");
  return count;
}

