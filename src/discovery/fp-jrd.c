/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-jrd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-error.h"
#include "fp-json.h"
#include "fp-jrd.h"

/* "de_DE.UTF-8@euro" and "de-de" name the same thing; compare them as "de-de". */
static char *
normalise_language_tag (const char *tag)
{
  g_autofree char *lower = g_ascii_strdown (tag, strcspn (tag, ".@"));

  g_strdelimit (lower, "_", '-');
  return g_steal_pointer (&lower);
}

static char *
primary_language (const char *tag)
{
  g_autofree char *normalised = normalise_language_tag (tag);

  return g_strndup (normalised, strcspn (normalised, "-"));
}

static gboolean
is_usable_locale (const char *language)
{
  return g_strcmp0 (language, "C") != 0 && g_strcmp0 (language, "POSIX") != 0;
}

static const char *
find_title (JsonObject *titles,
            char *    (*normalise) (const char *),
            const char *wanted)
{
  g_autoptr(GList) members = json_object_get_members (titles);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (titles, l->data);
      g_autofree char *key = normalise (l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_strcmp0 (key, wanted) == 0)
        return json_node_get_string (node);
    }
  return NULL;
}

/**
 * fp_jrd_choose_title:
 * @titles: a JRD `titles` object: language tag → title
 * @languages: the person's languages, best first, as g_get_language_names() gives them
 *
 * The title in the person's language: an exact match of a locale, then a
 * match of the language alone (`de` for `de-AT`), then `und`, then the first.
 *
 * Returns: (nullable): the title, or %NULL when @titles holds no string
 */
const char *
fp_jrd_choose_title (JsonObject         *titles,
                     const char * const *languages)
{
  g_autoptr(GList) members = NULL;
  const char *title;

  for (guint i = 0; languages && languages[i]; i++)
    {
      g_autofree char *wanted = normalise_language_tag (languages[i]);

      if (is_usable_locale (languages[i]) &&
          (title = find_title (titles, normalise_language_tag, wanted)) != NULL)
        return title;
    }
  for (guint i = 0; languages && languages[i]; i++)
    {
      g_autofree char *wanted = primary_language (languages[i]);

      if (is_usable_locale (languages[i]) &&
          (title = find_title (titles, primary_language, wanted)) != NULL)
        return title;
    }
  if ((title = find_title (titles, normalise_language_tag, "und")) != NULL)
    return title;

  members = json_object_get_members (titles);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (titles, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        return json_node_get_string (node);
    }
  return NULL;
}

static gboolean
is_autoconfig_link (JsonObject *link)
{
  JsonNode *rel = json_object_get_member (link, "rel");

  /* Registered relation types compare case-insensitively (RFC 8288). */
  return rel != NULL && JSON_NODE_HOLDS_VALUE (rel) &&
         json_node_get_value_type (rel) == G_TYPE_STRING &&
         g_ascii_strcasecmp (json_node_get_string (rel), FP_JRD_REL_EMAIL_AUTOCONFIG) == 0;
}

/* A link without a title is named after where it points, so two of them stay distinct. */
static char *
label_from_uri (GUri *uri)
{
  const char *path = g_uri_get_path (uri);

  if (path == NULL || *path == '\0' || g_str_equal (path, "/"))
    return g_strdup (g_uri_get_host (uri));
  return g_strconcat (g_uri_get_host (uri), path, NULL);
}

/* Every string of a `titles` object, whatever its language. */
static GStrv
collect_titles (JsonObject *titles)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) members = json_object_get_members (titles);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (titles, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static FpAutoconfigLink *
parse_link (JsonObject         *link,
            guint               index,
            const char * const *languages,
            guint              *insecure,
            GError            **error)
{
  g_autofree char *path = g_strdup_printf ("links[%u]", index);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *label = NULL;
  const char *href = NULL;
  const char *title = NULL;
  FpAutoconfigLink *parsed;
  JsonNode *titles;

  if (!fp_json_get_string_member (link, path, "href", &href, error))
    return NULL;
  if (href == NULL)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s.href is missing"), path);
      return NULL;
    }
  uri = g_uri_parse (href, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                   _("%s.href: “%s” is not an absolute URI"), path, href);
      return NULL;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    {
      (*insecure)++;
      return NULL;
    }

  titles = json_object_get_member (link, "titles");
  if (titles != NULL && JSON_NODE_HOLDS_OBJECT (titles))
    title = fp_jrd_choose_title (json_node_get_object (titles), languages);
  if (title == NULL)
    title = label = label_from_uri (uri);

  parsed = fp_autoconfig_link_new (href, g_uri_get_host (uri), title);
  if (titles != NULL && JSON_NODE_HOLDS_OBJECT (titles))
    parsed->titles = collect_titles (json_node_get_object (titles));
  return parsed;
}

/**
 * fp_jrd_parse_autoconfig_links:
 * @jrd: a JSON Resource Descriptor (RFC 7033)
 * @languages: the person's languages, for the titles
 *
 * The `email-autoconfig` links, in the server's order. Links of other
 * relations and unknown members are ignored; `http:` links are dropped, and
 * if nothing but `http:` links is published that is an %FP_ERROR_UNSAFE error.
 *
 * Returns: (transfer full) (element-type FpAutoconfigLink): the links, possibly none
 */
GPtrArray *
fp_jrd_parse_autoconfig_links (GBytes             *jrd,
                               const char * const *languages,
                               GError            **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) links = NULL;
  JsonNode *links_node;
  JsonArray *array;
  guint insecure = 0;

  root = fp_json_parse (jrd, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                   _("expected an object at the top, found %s"), fp_json_type_name (root));
      return NULL;
    }

  links = g_ptr_array_new_with_free_func ((GDestroyNotify) fp_autoconfig_link_free);
  links_node = json_object_get_member (json_node_get_object (root), "links");
  if (links_node == NULL || JSON_NODE_HOLDS_NULL (links_node))
    return g_steal_pointer (&links);
  if (!JSON_NODE_HOLDS_ARRAY (links_node))
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("links: expected an array, found %s"),
                   fp_json_type_name (links_node));
      return NULL;
    }

  array = json_node_get_array (links_node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GError) link_error = NULL;
      FpAutoconfigLink *link;

      if (!JSON_NODE_HOLDS_OBJECT (node) || !is_autoconfig_link (json_node_get_object (node)))
        continue;
      link = parse_link (json_node_get_object (node), i, languages, &insecure, &link_error);
      if (link_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&link_error));
          return NULL;
        }
      if (link != NULL)
        g_ptr_array_add (links, link);
    }

  if (links->len == 0 && insecure > 0)
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_UNSAFE,
                           _("the settings are only published at http: addresses; Fingerpost "
                             "uses HTTPS only, so it refused them for safety"));
      return NULL;
    }
  return g_steal_pointer (&links);
}
