/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "fp-error.h"
#include "fp-json.h"

/* json-glib says "<data>:LINE:COLUMN: Parse error: WHAT"; a person wants "line 7, column 33". */
static char *
describe_syntax_error (const GError *error)
{
  /* It may quote the document's broken text: what a person reads must be text. */
  g_autofree char *message = g_utf8_make_valid (error->message, -1);
  const char *what = message;
  int line = 0;
  int column = 0;
  int consumed = 0;

  if (sscanf (message, "<data>:%d:%d: %n", &line, &column, &consumed) == 2 && consumed > 0)
    {
      what = message + consumed;
      if (g_str_has_prefix (what, "Parse error: "))
        what += strlen ("Parse error: ");
      return g_strdup_printf (_("line %d, column %d: %s"), line, column, what);
    }
  return g_strdup (what);
}

/*
 * json-glib's parser recurses once per level: a document nested a hundred
 * thousand deep, well under the size limit, overflows the stack. The text is
 * scanned first, and so is any "\u0000" escape, which json-glib would decode
 * into a string that C then silently cuts (a host "evil.example\u0000.mail.example").
 */
static gboolean
check_nesting_and_nul (const char  *data,
                       gsize        size,
                       GError     **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  int line = 1;
  int column = 1;

  for (gsize i = 0; i < size; i++, column++)
    {
      char c = data[i];

      if (c == '\n')
        {
          line++;
          column = 0;
        }
      else if (in_string && c == '\\' && i + 1 < size)
        {
          if (data[i + 1] == 'u' && i + 5 < size && strncmp (data + i + 2, "0000", 4) == 0)
            {
              g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                           _("not valid JSON: line %d, column %d: a string holds a NUL "
                             "character"), line, column);
              return FALSE;
            }
          i++;
          column++;
        }
      else if (c == '"')
        in_string = !in_string;
      else if (!in_string && (c == '{' || c == '['))
        {
          if (++depth > FP_JSON_MAX_DEPTH)
            {
              g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                           _("not valid JSON: line %d, column %d: nested deeper than %d levels"),
                           line, column, FP_JSON_MAX_DEPTH);
              return FALSE;
            }
        }
      else if (!in_string && (c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

static gboolean check_strings (JsonNode    *node,
                               const char  *path,
                               GError     **error);

static gboolean
check_string (const char  *text,
              const char  *path,
              GError     **error)
{
  if (g_utf8_validate (text, -1, NULL))
    return TRUE;
  /* A lone surrogate escape ("\ud800") decodes to bytes that are not UTF-8. */
  g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
               _("%s: the text is not valid Unicode (a broken \\u escape)"),
               path && *path ? path : _("the document"));
  return FALSE;
}

static gboolean
check_object_strings (JsonObject  *object,
                      const char  *path,
                      GError     **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      g_autofree char *member_path = NULL;

      if (!check_string (name, path, error))
        return FALSE;
      member_path = fp_json_member_path (path, name);
      if (!check_strings (member, member_path, error))
        return FALSE;
    }
  return TRUE;
}

/* Every decoded string, member names too: what is written into prefs.js must be text. */
static gboolean
check_strings (JsonNode    *node,
               const char  *path,
               GError     **error)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return check_object_strings (json_node_get_object (node), path, error);
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            g_autofree char *element_path = g_strdup_printf ("%s[%u]", path ? path : "", i);

            if (!check_strings (json_array_get_element (array, i), element_path, error))
              return FALSE;
          }
        return TRUE;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return check_string (json_node_get_string (node), path, error);
      return TRUE;
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

/**
 * fp_json_parse:
 *
 * Returns: (transfer full): the root node, never %NULL on success
 */
JsonNode *
fp_json_parse (GBytes  *document,
               GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (document, &size);
  JsonNode *root;

  if (size == 0)
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("the document is empty"));
      return NULL;
    }
  if (!g_utf8_validate (data, size, NULL))
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                           _("the document is not UTF-8 text"));
      return NULL;
    }
  if (!check_nesting_and_nul (data, size, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_autofree char *where = describe_syntax_error (local_error);

      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("not valid JSON: %s"), where);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("the document is empty"));
      return NULL;
    }
  if (!check_strings (root, NULL, error))
    return NULL;
  return json_node_copy (root);
}

const char *
fp_json_type_name (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return _("a string");
        case G_TYPE_BOOLEAN:
          return _("a boolean");
        default:
          return _("a number");
        }
    default:
      return _("something else");
    }
}

char *
fp_json_member_path (const char *path,
                     const char *member)
{
  return path && *path ? g_strdup_printf ("%s.%s", path, member) : g_strdup (member);
}

static gboolean
check_value_type (JsonNode    *node,
                  GType        wanted,
                  const char  *wanted_name,
                  const char  *path,
                  const char  *member,
                  GError     **error)
{
  g_autofree char *where = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == wanted)
    return TRUE;

  where = fp_json_member_path (path, member);
  g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
               _("%s: expected %s, found %s"), where, wanted_name, fp_json_type_name (node));
  return FALSE;
}

/* A member that is absent or null leaves *value untouched: the caller's default stands. */
static JsonNode *
get_present_member (JsonObject *object,
                    const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

gboolean
fp_json_get_string_member (JsonObject  *object,
                           const char  *path,
                           const char  *member,
                           const char **value,
                           GError     **error)
{
  JsonNode *node = get_present_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!check_value_type (node, G_TYPE_STRING, _("a string"), path, member, error))
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
fp_json_get_int_member (JsonObject  *object,
                        const char  *path,
                        const char  *member,
                        gboolean    *present,
                        gint64      *value,
                        GError     **error)
{
  JsonNode *node = get_present_member (object, member);

  *present = FALSE;
  if (node == NULL)
    return TRUE;
  if (!check_value_type (node, G_TYPE_INT64, _("a whole number"), path, member, error))
    return FALSE;
  *present = TRUE;
  *value = json_node_get_int (node);
  return TRUE;
}

gboolean
fp_json_get_bool_member (JsonObject  *object,
                         const char  *path,
                         const char  *member,
                         gboolean    *value,
                         GError     **error)
{
  JsonNode *node = get_present_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!check_value_type (node, G_TYPE_BOOLEAN, _("true or false"), path, member, error))
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* Writing JSON: a string member, or null when there is no value. */
void
fp_json_builder_add_string (JsonBuilder *builder,
                            const char  *member,
                            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}
