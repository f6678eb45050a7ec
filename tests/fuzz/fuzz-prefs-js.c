/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-prefs-js"

#include "config.h"

#include <string.h>

#include "fp-clients-error.h"
#include "fp-fuzz.h"
#include "fp-prefs-js.h"

/*
 * Thunderbird's prefs.js: parse, write, parse again, and nothing is lost.
 * A file that parses is written back byte for byte; a value added (the
 * input's first line, made text) survives the round trip, and so does every
 * pref that was there.
 */
static void
check_same_prefs (FpPrefsJs *before,
                  FpPrefsJs *after)
{
  g_auto(GStrv) names = fp_prefs_js_list_names (before, "");

  for (guint i = 0; names[i] != NULL; i++)
    {
      FpPrefType type = fp_prefs_js_get_pref_type (before, names[i]);
      gint32 a = 0;
      gint32 b = 0;
      gboolean x = FALSE;
      gboolean y = FALSE;

      g_assert_cmpint (fp_prefs_js_get_pref_type (after, names[i]), ==, type);
      if (type == FP_PREF_STRING)
        g_assert_cmpstr (fp_prefs_js_get_string (after, names[i]), ==,
                         fp_prefs_js_get_string (before, names[i]));
      else if (type == FP_PREF_INT)
        {
          g_assert_true (fp_prefs_js_get_int (before, names[i], &a));
          g_assert_true (fp_prefs_js_get_int (after, names[i], &b));
          g_assert_cmpint (a, ==, b);
        }
      else if (type == FP_PREF_BOOL)
        {
          g_assert_true (fp_prefs_js_get_bool (before, names[i], &x));
          g_assert_true (fp_prefs_js_get_bool (after, names[i], &y));
          g_assert_cmpint (x, ==, y);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpPrefsJs) prefs = NULL;
  g_autoptr(FpPrefsJs) again = NULL;
  g_autofree char *out = NULL;
  g_autofree char *first_line = NULL;
  g_autofree char *value = NULL;

  fp_fuzz_init ();
  if (memchr (data, '\0', size) != NULL)
    return 0;
  prefs = fp_prefs_js_parse ((const char *) data, size, &error);
  if (prefs == NULL)
    {
      g_assert_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  out = fp_prefs_js_to_string (prefs);
  g_assert_cmpmem (out, strlen (out), data, size);

  first_line = fp_fuzz_strndup (data, size);
  first_line[strcspn (first_line, "\n")] = '\0';
  value = g_utf8_make_valid (first_line, -1);
  fp_prefs_js_set_string (prefs, "mail.identity.id99.fullName", value);
  g_clear_pointer (&out, g_free);
  out = fp_prefs_js_to_string (prefs);
  again = fp_prefs_js_parse (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fp_prefs_js_get_string (again, "mail.identity.id99.fullName"), ==, value);
  check_same_prefs (prefs, again);
  check_same_prefs (again, prefs);
  return 0;
}
