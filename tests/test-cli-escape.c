/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-escape"

#include "config.h"

#include <json-glib/json-glib.h>

#include "fp-cli-escape.h"

/* How the command line shows text from outside (fp-cli-escape.c), without running it. */

static void
test_controls_shown (void)
{
  static const struct
  {
    const char *text;
    const char *shown;
  } cases[] = {
    { "alice", "alice" },
    { "Geschäftlich ✉", "Geschäftlich ✉" },
    { "a\033[2Kb", "a\\e[2Kb" },
    { "a\r\nb\tc\a", "a\\r\\nb\\tc\\a" },
    { "\001\177", "\\x01\\x7f" },
    { "csi\302\2332J", "csi\\u009b2J" },           /* U+009B, the one-byte CSI */
    { "txt.exe\342\200\256gpj", "txt.exe\\u202egpj" },  /* U+202E reverses what follows */
    { "bad\377byte", "bad\\xffbyte" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = fp_cli_escape (cases[i].text);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
  g_assert_null (fp_cli_escape (NULL));
}

static void
test_lines_kept (void)
{
  g_autofree char *shown = fp_cli_escape_keeping_lines ("one\033[8m\ntwo\r\n");

  g_assert_cmpstr (shown, ==, "one\\e[8m\ntwo\\r\n");
}

/* JSON stays JSON, with the same values, and carries no raw control character. */
static void
test_json_values_kept (void)
{
  static const char *value = "t\302\233i\342\200\256tle\177";
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  escaped = fp_cli_escape_json_text (text);
  g_assert_cmpstr (escaped, ==, "{\"title\":\"t\\u009bi\\u202etle\\u007f\"}");
  parsed = json_from_string (escaped, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (parsed), "title"), ==,
                   value);
}

static void
test_json_invalid_utf8 (void)
{
  g_autofree char *escaped = fp_cli_escape_json_text ("{\"a\":\"x\377y\"}");
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;

  parsed = json_from_string (escaped, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (parsed), "a"), ==,
                   "x\357\277\275y");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-escape/controls-shown", test_controls_shown);
  g_test_add_func ("/cli-escape/lines-kept", test_lines_kept);
  g_test_add_func ("/cli-escape/json-values-kept", test_json_values_kept);
  g_test_add_func ("/cli-escape/json-invalid-utf8", test_json_invalid_utf8);

  return g_test_run ();
}
