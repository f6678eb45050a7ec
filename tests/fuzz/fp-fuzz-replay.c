/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-fuzz-replay"

#include "config.h"

#include <stdio.h>

#include "fp-fuzz.h"

/*
 * Without libFuzzer: every file named, or every file in the folders named,
 * goes through the target once, as TAP. Seed inputs and the inputs that once
 * crashed live in tests/fuzz/corpus/TARGET/.
 */

static guint count;

static void
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &data, &size, &error))
    g_error ("%s: %s", path, error->message);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, size);
  printf ("ok %u %s\n", ++count, path);
  fflush (stdout);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
run_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      run_file (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    run_path (g_ptr_array_index (names, i));
}

int
main (int    argc,
      char **argv)
{
  fp_fuzz_init ();
  for (int i = 1; i < argc; i++)
    run_path (argv[i]);
  if (count == 0)
    {
      printf ("Bail out! no input: the corpus is missing\n");
      return 1;
    }
  printf ("1..%u\n", count);
  return 0;
}
