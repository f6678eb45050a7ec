/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-jrd"

#include "config.h"

#include <string.h>

#include "fp-error.h"
#include "fp-jrd.h"

static const char * const english[] = { "en_US.UTF-8", "en_US", "en.UTF-8", "en", "C", NULL };

static GBytes *
read_data (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  char *contents = NULL;
  gsize size = 0;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, size);
}

static GPtrArray *
parse_text (const char  *text,
            GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return fp_jrd_parse_autoconfig_links (bytes, english, error);
}

static FpAutoconfigLink *
link_at (GPtrArray *links,
         guint      index)
{
  return g_ptr_array_index (links, index);
}

/* The draft's example as printed misses two commas and has one too many. */
static void
test_draft_example_is_refused_with_position (void)
{
  g_autoptr(GBytes) jrd = read_data ("draft-jrd.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = fp_jrd_parse_autoconfig_links (jrd, english, &error);

  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
  g_assert_nonnull (strstr (error->message, "not valid JSON: line 7, column "));
  g_assert_nonnull (strstr (error->message, "expected character `,'"));
}

static void
test_draft_example_corrected (void)
{
  g_autoptr(GBytes) jrd = read_data ("draft-jrd-corrected.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = fp_jrd_parse_autoconfig_links (jrd, english, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 2);
  g_assert_cmpstr (link_at (links, 0)->title, ==, "Personal");
  g_assert_cmpstr (link_at (links, 0)->href, ==,
                   "https://mail-config.mail.example/alice.personal.json");
  g_assert_cmpstr (link_at (links, 0)->host, ==, "mail-config.mail.example");
  g_assert_cmpstr (link_at (links, 1)->title, ==, "Business");
}

static void
test_other_relations_and_members_ignored (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = parse_text (
    "{\"subject\":\"acct:alice@mail.example\",\"aliases\":[\"x\"],\"properties\":{\"a\":null},"
    "\"links\":[{\"rel\":\"http://webfinger.net/rel/avatar\",\"href\":\"https://a/b.png\"},"
    "\"not an object\","
    "{\"rel\":\"EMAIL-AUTOCONFIG\",\"href\":\"https://one.example/1\",\"unknown\":[1,2]},"
    "{\"rel\":\"email-autoconfig\",\"href\":\"https://two.example/2\",\"type\":\"x\"}]}",
    &error);

  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 2);
  /* The server's order is the preference order. */
  g_assert_cmpstr (link_at (links, 0)->href, ==, "https://one.example/1");
  g_assert_cmpstr (link_at (links, 1)->href, ==, "https://two.example/2");
  /* No title: named after where it points. */
  g_assert_cmpstr (link_at (links, 0)->title, ==, "one.example/1");
}

static void
test_no_links (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = parse_text ("{\"subject\":\"acct:alice@mail.example\"}", &error);
  g_autoptr(GPtrArray) other = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  other = parse_text ("{\"links\":[{\"rel\":\"self\",\"href\":\"https://a/\"}]}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 0);
}

static void
test_http_links_dropped_or_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mixed = parse_text (
    "{\"links\":[{\"rel\":\"email-autoconfig\",\"href\":\"http://plain.example/a\"},"
    "{\"rel\":\"email-autoconfig\",\"href\":\"https://safe.example/b\"}]}",
    &error);
  g_autoptr(GPtrArray) only_http = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (mixed->len, ==, 1);
  g_assert_cmpstr (link_at (mixed, 0)->href, ==, "https://safe.example/b");

  only_http = parse_text (
    "{\"links\":[{\"rel\":\"email-autoconfig\",\"href\":\"http://plain.example/a\"}]}", &error);
  g_assert_null (only_http);
  g_assert_error (error, FP_ERROR, FP_ERROR_UNSAFE);
}

static void
test_bad_shapes (void)
{
  static const char * const documents[] = {
    "[]",
    "\"links\"",
    "{\"links\":{}}",
    "{\"links\":[{\"rel\":\"email-autoconfig\"}]}",
    "{\"links\":[{\"rel\":\"email-autoconfig\",\"href\":42}]}",
    "{\"links\":[{\"rel\":\"email-autoconfig\",\"href\":\"not a uri\"}]}",
    "",
    "{\"links\":[",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) links = parse_text (documents[i], &error);

      g_test_message ("document: %s", documents[i]);
      g_assert_null (links);
      g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
    }
}

static void
test_not_utf8 (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("{\"a\":\"\xff\"}", 8);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = fp_jrd_parse_autoconfig_links (bytes, english, &error);

  g_assert_null (links);
  g_assert_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT);
}

static const char *
choose (const char         *titles_json,
        const char * const *languages)
{
  static char chosen[64];
  g_autoptr(JsonNode) node = json_from_string (titles_json, NULL);
  const char *title = fp_jrd_choose_title (json_node_get_object (node), languages);

  g_strlcpy (chosen, title ? title : "(none)", sizeof chosen);
  return chosen;
}

static void
test_title_language (void)
{
  static const char * const german[] = { "de_AT.UTF-8", "de_AT", "de.UTF-8", "de", "C", NULL };
  static const char * const swiss_french[] = { "fr_CH", "fr", "C", NULL };
  static const char * const c_only[] = { "C", NULL };
  const char *titles = "{\"en-us\":\"Personal\",\"de\":\"Privat\",\"fr-FR\":\"Personnel\","
                       "\"und\":\"Persönlich/Personal\"}";

  /* Exact match of a locale name, whatever the case and separator. */
  g_assert_cmpstr (choose (titles, english), ==, "Personal");
  /* "de" is among de_AT's names. */
  g_assert_cmpstr (choose (titles, german), ==, "Privat");
  /* Same language, another country: better than "und". */
  g_assert_cmpstr (choose (titles, swiss_french), ==, "Personnel");
  /* No language of the person's: "und". */
  g_assert_cmpstr (choose (titles, c_only), ==, "Persönlich/Personal");
  /* No "und" either: the first title. */
  g_assert_cmpstr (choose ("{\"ja\":\"個人\",\"ko\":\"개인\"}", c_only), ==, "個人");
  /* An exact match beats a language match listed earlier in the document. */
  g_assert_cmpstr (choose ("{\"de-DE\":\"Privat (DE)\",\"de-AT\":\"Privat (AT)\"}", german), ==,
                   "Privat (AT)");
  /* Titles that are not strings are passed over. */
  g_assert_cmpstr (choose ("{\"en\":5,\"und\":\"Fallback\"}", english), ==, "Fallback");
  g_assert_cmpstr (choose ("{}", english), ==, "(none)");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/jrd/draft-example-refused", test_draft_example_is_refused_with_position);
  g_test_add_func ("/jrd/draft-example-corrected", test_draft_example_corrected);
  g_test_add_func ("/jrd/ignores-others", test_other_relations_and_members_ignored);
  g_test_add_func ("/jrd/no-links", test_no_links);
  g_test_add_func ("/jrd/http-links", test_http_links_dropped_or_refused);
  g_test_add_func ("/jrd/bad-shapes", test_bad_shapes);
  g_test_add_func ("/jrd/not-utf8", test_not_utf8);
  g_test_add_func ("/jrd/title-language", test_title_language);

  return g_test_run ();
}
