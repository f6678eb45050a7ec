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
  const char *what = error->message;
  int line = 0;
  int column = 0;
  int consumed = 0;

  if (sscanf (error->message, "<data>:%d:%d: %n", &line, &column, &consumed) == 2 && consumed > 0)
    {
      what = error->message + consumed;
      if (g_str_has_prefix (what, "Parse error: "))
        what += strlen ("Parse error: ");
      return g_strdup_printf (_("line %d, column %d: %s"), line, column, what);
    }
  return g_strdup (what);
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
