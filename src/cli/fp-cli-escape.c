/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fp-cli-escape.h"

/*
 * Text from outside (titles, hosts, logins, a server's words in an error)
 * reaches the person's terminal: an escape sequence in it could erase the
 * real password prompt, hide the real host, clear the screen or set the
 * window title. Everything the command line prints has its control
 * characters shown as visible escapes (\e, \r, \x07, \u009b), as do
 * direction overrides that reorder what is shown, and bytes that are not
 * UTF-8.
 */

static gboolean
is_shown_escaped (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
         c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
         c == 0x2028 || c == 0x2029 || (c >= 0x2066 && c <= 0x2069);
}

static void
append_escaped (GString  *out,
                gunichar  c)
{
  static const char named[] = { ['\a'] = 'a', ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n',
                                ['\v'] = 'v', ['\f'] = 'f', ['\r'] = 'r', [0x1b] = 'e' };

  if (c < G_N_ELEMENTS (named) && named[c] != '\0')
    g_string_append_printf (out, "\\%c", named[c]);
  else if (c < 0x80)
    g_string_append_printf (out, "\\x%02x", c);
  else
    g_string_append_printf (out, "\\u%04x", c);
}

static char *
escape (const char *text,
        gboolean    keep_lines)
{
  GString *out;
  const char *p = text;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if (is_shown_escaped (c) && !(keep_lines && c == '\n'))
        append_escaped (out, c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

/* One value from outside, on one line: every control character escaped, line ends too. */
char *
fp_cli_escape (const char *text)
{
  return escape (text, FALSE);
}

/* Whole lines of output: what fp_cli_escape() does, except for the line ends. */
char *
fp_cli_escape_keeping_lines (const char *text)
{
  return escape (text, TRUE);
}

/*
 * JSON output stays valid JSON with the same values: json-glib already
 * writes C0 characters as \u escapes; the others shown escaped above get the
 * same treatment, and bytes that are not UTF-8 become U+FFFD (they cannot be
 * in a JSON text). Outside strings the text is ASCII, so only values change.
 */
char *
fp_cli_escape_json_text (const char *json)
{
  g_autofree char *valid = g_utf8_make_valid (json, -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_shown_escaped (c) && c >= 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

/* What GLib's own handlers do (the console's character set), after escaping. */
static void
print_to (FILE       *stream,
          const char *text)
{
  g_autofree char *escaped = fp_cli_escape_keeping_lines (text);
  g_autofree char *converted = NULL;
  const char *charset;

  if (!g_get_console_charset (&charset))
    converted = g_convert_with_fallback (escaped, -1, charset, "UTF-8", "?", NULL, NULL, NULL);
  fputs (converted ? converted : escaped, stream);
  fflush (stream);
}

static void
print_cb (const char *text)
{
  print_to (stdout, text);
}

static void
printerr_cb (const char *text)
{
  print_to (stderr, text);
}

/*
 * The last line of defence: whatever goes through g_print() and
 * g_printerr() is escaped, line ends kept. Values are still escaped one by
 * one (fp_cli_escape()), so that a line end inside one cannot fake a line.
 */
void
fp_cli_install_print_handlers (void)
{
  g_set_print_handler (print_cb);
  g_set_printerr_handler (printerr_cb);
}
