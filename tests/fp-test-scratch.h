/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

G_BEGIN_DECLS

/*
 * A test's scratch folder, removed with all it holds when it goes out of scope:
 *   g_autoptr(FpTestScratch) dir = fp_test_scratch_new ("fp-profile-XXXXXX");
 * A suite that runs hundreds of times otherwise fills /tmp. FP_TEST_KEEP in the
 * environment keeps the folders, to read what a failing test wrote.
 * Header-only: every test support library and test can include it.
 */
typedef char FpTestScratch;

static inline void
fp_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        fp_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline FpTestScratch *
fp_test_scratch_new (const char *name_template)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (name_template, &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
fp_test_scratch_free (FpTestScratch *dir)
{
  if (dir != NULL && g_getenv ("FP_TEST_KEEP") == NULL)
    fp_test_remove_tree (dir);
  g_free (dir);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpTestScratch, fp_test_scratch_free)

G_END_DECLS
