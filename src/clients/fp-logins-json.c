/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fp-clients-error.h"
#include "fp-logins-json.h"

/*
 * Thunderbird's password store, the profile's logins.json (the login
 * manager's JSON storage, format version 3):
 *
 *   { "nextId": N, "logins": [ LOGIN… ], "potentiallyVulnerablePasswords": [],
 *     "dismissedBreachAlertsByLoginGUID": {}, "version": 3 }
 *
 * A mail login's origin ("hostname") and realm are both SCHEME://HOST, with
 * no user and no port; the user and password are stored encrypted (encType 1:
 * NSS SDR, see fp-thunderbird-nss.c). Everything we do not change is kept as
 * it was read, members we do not know included.
 */

#define ENC_TYPE_SDR 1

struct _FpLoginsJson
{
  GObject     parent_instance;
  JsonObject *root;
};

G_DEFINE_FINAL_TYPE (FpLoginsJson, fp_logins_json, G_TYPE_OBJECT)

static void
fp_logins_json_finalize (GObject *object)
{
  FpLoginsJson *self = FP_LOGINS_JSON (object);

  g_clear_pointer (&self->root, json_object_unref);
  G_OBJECT_CLASS (fp_logins_json_parent_class)->finalize (object);
}

static void
fp_logins_json_class_init (FpLoginsJsonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fp_logins_json_finalize;
}

static void
fp_logins_json_init (FpLoginsJson *self)
{
}

static void
ensure_members (JsonObject *root)
{
  if (!json_object_has_member (root, "logins"))
    json_object_set_array_member (root, "logins", json_array_new ());
  if (!json_object_has_member (root, "potentiallyVulnerablePasswords"))
    json_object_set_array_member (root, "potentiallyVulnerablePasswords", json_array_new ());
  if (!json_object_has_member (root, "dismissedBreachAlertsByLoginGUID"))
    json_object_set_object_member (root, "dismissedBreachAlertsByLoginGUID",
                                   json_object_new ());
  if (!json_object_has_member (root, "version"))
    json_object_set_int_member (root, "version", 3);
}

/* An empty store, as Thunderbird writes it before its first login. */
FpLoginsJson *
fp_logins_json_new (void)
{
  FpLoginsJson *self = g_object_new (FP_TYPE_LOGINS_JSON, NULL);

  self->root = json_object_new ();
  json_object_set_int_member (self->root, "nextId", 1);
  ensure_members (self->root);
  return self;
}

static gboolean
member_is (JsonObject  *object,
           const char  *name,
           JsonNodeType type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_TYPE (node) == type;
}

static gboolean
is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

/**
 * fp_logins_json_parse:
 *
 * Reads a logins.json. Anything that is not the login manager's shape (not
 * JSON, not an object, logins not an array of objects) is refused: the file
 * is Thunderbird's, and we would rather write nothing than lose a login.
 *
 * Returns: (transfer full): the store, or %NULL with %FP_CLIENTS_ERROR_BAD_FILE
 */
FpLoginsJson *
fp_logins_json_parse (const char  *text,
                      gssize       length,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FpLoginsJson) self = NULL;
  JsonNode *root;
  JsonArray *logins;

  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
                   _("logins.json is not valid JSON (%s); nothing was changed."),
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !member_is (json_node_get_object (root), "logins", JSON_NODE_ARRAY) ||
      !member_is (json_node_get_object (root), "nextId", JSON_NODE_VALUE))
    goto bad_shape;
  self = g_object_new (FP_TYPE_LOGINS_JSON, NULL);
  self->root = json_object_ref (json_node_get_object (root));
  ensure_members (self->root);
  logins = json_object_get_array_member (self->root, "logins");
  for (guint i = 0; i < json_array_get_length (logins); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (logins, i)))
      goto bad_shape;
  if (json_object_has_member (self->root, "nextId") &&
      !is_integer (json_object_get_member (self->root, "nextId")))
    goto bad_shape;
  return g_steal_pointer (&self);

bad_shape:
  g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
               _("logins.json is not in the form Thunderbird writes; nothing was changed."));
  return NULL;
}

char *
fp_logins_json_to_string (FpLoginsJson *self)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), self->root);

  return json_to_string (node, FALSE);
}

guint
fp_logins_json_get_n_logins (FpLoginsJson *self)
{
  return json_array_get_length (json_object_get_array_member (self->root, "logins"));
}

/* "imap", "imap.mail.example" → "imap://imap.mail.example" (hosts are case-blind). */
char *
fp_logins_json_origin (const char *scheme,
                       const char *host)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  return g_strconcat (scheme, "://", lower, NULL);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
find_login (FpLoginsJson        *self,
            const char          *origin,
            const char          *user,
            FpLoginsDecryptFunc  decrypt,
            gpointer             user_data)
{
  JsonArray *logins = json_object_get_array_member (self->root, "logins");

  for (guint i = 0; i < json_array_get_length (logins); i++)
    {
      JsonObject *login = json_array_get_object_element (logins, i);
      const char *hostname = string_member (login, "hostname");
      g_autofree char *stored_user = NULL;

      if (hostname == NULL || g_ascii_strcasecmp (hostname, origin) != 0)
        continue;
      stored_user = decrypt (string_member (login, "encryptedUsername"), user_data);
      if (g_strcmp0 (stored_user, user) == 0)
        return login;
    }
  return NULL;
}

/* The next free id: nextId, and past every id already used whatever nextId said. */
static gint64
take_id (FpLoginsJson *self)
{
  JsonArray *logins = json_object_get_array_member (self->root, "logins");
  gint64 next = json_object_get_int_member_with_default (self->root, "nextId", 1);

  for (guint i = 0; i < json_array_get_length (logins); i++)
    {
      JsonNode *id = json_object_get_member (json_array_get_object_element (logins, i), "id");

      if (id != NULL && is_integer (id))
        next = MAX (next, json_node_get_int (id) + 1);
    }
  json_object_set_int_member (self->root, "nextId", next + 1);
  return next;
}

static JsonObject *
new_login (FpLoginsJson *self,
           const char   *origin,
           gint64        now_ms)
{
  JsonObject *login = json_object_new ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *guid = g_strdup_printf ("{%s}", uuid);

  json_object_set_int_member (login, "id", take_id (self));
  json_object_set_string_member (login, "hostname", origin);
  json_object_set_string_member (login, "httpRealm", origin);
  json_object_set_null_member (login, "formSubmitURL");
  json_object_set_string_member (login, "usernameField", "");
  json_object_set_string_member (login, "passwordField", "");
  json_object_set_string_member (login, "guid", guid);
  json_object_set_int_member (login, "timeCreated", now_ms);
  json_object_set_int_member (login, "timesUsed", 1);
  return login;
}

/**
 * fp_logins_json_set_login:
 * @decrypt: reads the stored usernames, to find a login for the same user
 *
 * Stores a login for @origin and @user: a login already there for the same
 * origin and user gets the new values (and keeps its id, guid and creation
 * time); otherwise a new one is added. No other login is touched.
 *
 * Returns: %TRUE when an existing login was replaced
 */
gboolean
fp_logins_json_set_login (FpLoginsJson        *self,
                          const char          *origin,
                          const char          *user,
                          const char          *encrypted_user,
                          const char          *encrypted_password,
                          gint64               now_ms,
                          FpLoginsDecryptFunc  decrypt,
                          gpointer             user_data)
{
  JsonObject *login = find_login (self, origin, user, decrypt, user_data);
  gboolean replaced = login != NULL;

  if (login == NULL)
    {
      login = new_login (self, origin, now_ms);
      json_array_add_object_element (json_object_get_array_member (self->root, "logins"), login);
    }
  json_object_set_string_member (login, "encryptedUsername", encrypted_user);
  json_object_set_string_member (login, "encryptedPassword", encrypted_password);
  json_object_set_int_member (login, "encType", ENC_TYPE_SDR);
  json_object_set_int_member (login, "timeLastUsed", now_ms);
  json_object_set_int_member (login, "timePasswordChanged", now_ms);
  return replaced;
}
