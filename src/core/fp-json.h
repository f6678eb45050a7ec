/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than any provider document needs, far shallower than json-glib's stack allows. */
#define FP_JSON_MAX_DEPTH 64

/*
 * Reading provider documents: strict about types, lenient about members we
 * do not know. Every error is %FP_ERROR_BAD_DOCUMENT and names where it is:
 * a line and column for syntax, a member path such as `smtp[1].port` for values.
 */

JsonNode   *fp_json_parse             (GBytes      *document,
                                       GError     **error);
const char *fp_json_type_name         (JsonNode    *node);
gboolean    fp_json_get_string_member (JsonObject  *object,
                                       const char  *path,
                                       const char  *member,
                                       const char **value,
                                       GError     **error);
gboolean    fp_json_get_int_member    (JsonObject  *object,
                                       const char  *path,
                                       const char  *member,
                                       gboolean    *present,
                                       gint64      *value,
                                       GError     **error);
gboolean    fp_json_get_bool_member   (JsonObject  *object,
                                       const char  *path,
                                       const char  *member,
                                       gboolean    *value,
                                       GError     **error);
char       *fp_json_member_path       (const char  *path,
                                       const char  *member);
void        fp_json_builder_add_string (JsonBuilder *builder,
                                        const char  *member,
                                        const char  *value);

G_END_DECLS
