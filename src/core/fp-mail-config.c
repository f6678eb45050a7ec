/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-mail-config"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-error.h"
#include "fp-host-name.h"
#include "fp-json.h"
#include "fp-mail-config.h"

G_DEFINE_BOXED_TYPE (FpMailConfig, fp_mail_config, fp_mail_config_ref, fp_mail_config_unref)

FpMailConfig *
fp_mail_config_new (const char *address)
{
  FpMailConfig *self = g_rc_box_new0 (FpMailConfig);

  self->address = g_strdup (address);
  self->incoming = g_ptr_array_new_with_free_func ((GDestroyNotify) fp_mail_server_free);
  self->outgoing = g_ptr_array_new_with_free_func ((GDestroyNotify) fp_mail_server_free);
  self->source_kind = FP_CONFIG_SOURCE_MANUAL;
  self->trusted = TRUE;
  self->dropped = g_ptr_array_new_with_free_func (g_free);
  return self;
}

static GPtrArray *
copy_servers (GPtrArray *servers)
{
  GPtrArray *copy = g_ptr_array_new_full (servers->len, (GDestroyNotify) fp_mail_server_free);

  for (guint i = 0; i < servers->len; i++)
    g_ptr_array_add (copy, fp_mail_server_copy (g_ptr_array_index (servers, i)));
  return copy;
}

/**
 * fp_mail_config_copy:
 *
 * Returns: (transfer full): a deep copy, to change without touching @self
 */
FpMailConfig *
fp_mail_config_copy (const FpMailConfig *self)
{
  FpMailConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = fp_mail_config_new (self->address);
  copy->name = g_strdup (self->name);
  g_ptr_array_unref (copy->incoming);
  g_ptr_array_unref (copy->outgoing);
  copy->incoming = copy_servers (self->incoming);
  copy->outgoing = copy_servers (self->outgoing);
  copy->source_kind = self->source_kind;
  copy->source_href = g_strdup (self->source_href);
  copy->source_host = g_strdup (self->source_host);
  copy->source_domain = g_strdup (self->source_domain);
  copy->trusted = self->trusted;
  copy->pacc_digest = g_strdup (self->pacc_digest);
  copy->jmap_url = g_strdup (self->jmap_url);
  copy->caldav_url = g_strdup (self->caldav_url);
  copy->carddav_url = g_strdup (self->carddav_url);
  copy->oauth_issuer = g_strdup (self->oauth_issuer);
  for (guint i = 0; i < self->dropped->len; i++)
    g_ptr_array_add (copy->dropped, g_strdup (g_ptr_array_index (self->dropped, i)));
  return copy;
}

FpMailConfig *
fp_mail_config_ref (FpMailConfig *self)
{
  return g_rc_box_acquire (self);
}

static void
fp_mail_config_clear (FpMailConfig *self)
{
  g_free (self->address);
  g_free (self->name);
  g_ptr_array_unref (self->incoming);
  g_ptr_array_unref (self->outgoing);
  g_free (self->source_href);
  g_free (self->source_host);
  g_free (self->source_domain);
  g_free (self->pacc_digest);
  g_free (self->jmap_url);
  g_free (self->caldav_url);
  g_free (self->carddav_url);
  g_free (self->oauth_issuer);
  g_ptr_array_unref (self->dropped);
}

void
fp_mail_config_unref (FpMailConfig *self)
{
  g_rc_box_release_full (self, (GDestroyNotify) fp_mail_config_clear);
}

const char *
fp_config_source_kind_to_string (FpConfigSourceKind kind)
{
  static const char * const names[] = {
    "webfinger", "pacc", "autoconfig", "ispdb", "mx", "srv", "manual"
  };

  g_return_val_if_fail (kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
}

/* A host a server entry may name: a DNS name, never an address literal (fp-host-name.c). */
gboolean
fp_mail_host_is_dns_name (const char *host)
{
  return fp_host_name_is_dns_name (host);
}

/* Logins are checked where they are read, for every protocol; the dialogues check again. */
gboolean
fp_mail_login_check (const char  *login,
                     const char  *path,
                     const char  *member,
                     GError     **error)
{
  if (fp_mail_text_fits_line (login))
    return TRUE;
  g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
               _("%s.%s: a login cannot contain a line break"), path, member);
  return FALSE;
}

static gboolean
read_transport (JsonObject   *object,
                const char   *path,
                FpTransport  *transport,
                GError      **error)
{
  const char *text = NULL;

  if (!fp_json_get_string_member (object, path, "transport", &text, error))
    return FALSE;
  if (text != NULL && !fp_transport_from_string (text, transport))
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                   _("%s.transport: “%s” is not one of tls, ssl, starttls, none"), path, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_port (JsonObject  *object,
           const char  *path,
           guint16     *port,
           GError     **error)
{
  gboolean present;
  gint64 value = 0;

  if (!fp_json_get_int_member (object, path, "port", &present, &value, error))
    return FALSE;
  if (!present)
    return TRUE;
  if (value < 1 || value > G_MAXUINT16)
    {
      /* The number is formatted first: a format macro inside _() cannot be translated. */
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, value);

      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s.port: %s is not a port"), path,
                   number);
      return FALSE;
    }
  *port = (guint16) value;
  return TRUE;
}

static gboolean
add_auth_word (JsonNode      *node,
               const char    *path,
               FpAuthMethod  *methods,
               guint         *n_methods,
               GPtrArray     *dropped,
               char         **unsupported,
               GError       **error)
{
  const char *word = JSON_NODE_HOLDS_VALUE (node) &&
                     json_node_get_value_type (node) == G_TYPE_STRING
                       ? json_node_get_string (node) : NULL;
  gboolean recognised = FALSE;
  FpAuthMethod method;

  if (word == NULL)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s: expected a string, found %s"),
                   path, fp_json_type_name (node));
      return FALSE;
    }
  if (fp_auth_method_from_string (word, &method, &recognised))
    {
      if (*n_methods < FP_AUTH_MAX_METHODS)
        methods[(*n_methods)++] = method;
      return TRUE;
    }
  if (!recognised)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                   _("%s: “%s” is not one of password, cram-md5, oauth2"), path, word);
      return FALSE;
    }
  g_ptr_array_add (dropped, g_strdup_printf ("%s: %s is not supported yet; skipped", path, word));
  if (*unsupported == NULL)
    *unsupported = g_strdup (word);
  return TRUE;
}

/*
 * `authentication`: one word or an array of them, in the provider's order.
 * Kinds we know of but cannot use are skipped; a server left with none must
 * not get a password, and is set aside by the caller (FP_ERROR_UNSUPPORTED).
 */
static gboolean
read_authentication (JsonObject    *object,
                     const char    *path,
                     FpAuthMethod  *methods,
                     guint         *n_methods,
                     GPtrArray     *dropped,
                     GError       **error)
{
  JsonNode *node = json_object_get_member (object, "authentication");
  g_autofree char *member_path = g_strdup_printf ("%s.authentication", path);
  g_autofree char *unsupported = NULL;

  *n_methods = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      methods[(*n_methods)++] = FP_AUTH_PASSWORD;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      if (!add_auth_word (node, member_path, methods, n_methods, dropped, &unsupported, error))
        return FALSE;
    }
  else
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *item_path = g_strdup_printf ("%s[%u]", member_path, i);

          if (!add_auth_word (json_array_get_element (array, i), item_path, methods, n_methods,
                              dropped, &unsupported, error))
            return FALSE;
        }
    }
  if (*n_methods > 0)
    return TRUE;
  if (unsupported != NULL)
    g_set_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED,
                 _("%s: “%s” is not supported yet; only password, cram-md5 and oauth2 are"),
                 member_path, unsupported);
  else
    g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s is empty"), member_path);
  return FALSE;
}

static FpMailServer *
parse_server (JsonNode        *node,
              FpMailProtocol   protocol,
              const char      *path,
              const char      *address,
              GPtrArray       *dropped,
              GError         **error)
{
  FpAuthMethod methods[FP_AUTH_MAX_METHODS];
  guint n_methods = 0;
  JsonObject *object;
  const char *host = NULL;
  g_autofree char *normal_host = NULL;
  const char *login = address;
  guint16 port = 0;
  FpTransport transport = FP_TRANSPORT_TLS;
  gboolean login_required = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s: expected an object, found %s"),
                   path, fp_json_type_name (node));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!fp_json_get_string_member (object, path, "host", &host, error) ||
      !read_port (object, path, &port, error) ||
      !read_transport (object, path, &transport, error) ||
      !fp_json_get_string_member (object, path, "login", &login, error) ||
      !fp_json_get_bool_member (object, path, "login-required", &login_required, error) ||
      !read_authentication (object, path, methods, &n_methods, dropped, error))
    return NULL;

  if (host == NULL)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s.host is missing"), path);
      return NULL;
    }
  normal_host = fp_host_name_normalise (host, -1);
  if (normal_host == NULL)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                   _("%s.host: “%s” is not a host name"), path, host);
      return NULL;
    }
  if (*login == '\0')
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s.login is empty"), path);
      return NULL;
    }
  if (!fp_mail_login_check (login, path, "login", error))
    return NULL;

  {
    FpMailServer *server = fp_mail_server_new (protocol, normal_host, port, transport, login,
                                               login_required);

    fp_mail_server_set_auth_methods (server, methods, n_methods);
    return server;
  }
}

/*
 * A server that wants an authentication we do not support is set aside, so
 * that a supported alternative can be used; it is the error only when
 * nothing else is left (see check_direction()).
 */
static gboolean
add_server (JsonNode        *node,
            FpMailProtocol   protocol,
            const char      *path,
            const char      *address,
            GPtrArray       *servers,
            GPtrArray       *dropped,
            GError         **unsupported,
            GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  FpMailServer *server = parse_server (node, protocol, path, address, dropped, &local_error);

  if (server != NULL)
    {
      g_ptr_array_add (servers, server);
      return TRUE;
    }
  if (g_error_matches (local_error, FP_ERROR, FP_ERROR_UNSUPPORTED))
    {
      g_ptr_array_add (dropped, g_strdup_printf ("%s set aside: %s", path, local_error->message));
      if (*unsupported == NULL)
        *unsupported = g_steal_pointer (&local_error);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* `imap`, `pop3` and `smtp` each hold one server object or an array of them. */
static gboolean
parse_servers (JsonObject      *root,
               FpMailProtocol   protocol,
               const char      *address,
               GPtrArray       *servers,
               GPtrArray       *dropped,
               GError         **unsupported,
               GError         **error)
{
  const char *member = fp_mail_protocol_to_string (protocol);
  JsonNode *node = json_object_get_member (root, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return add_server (node, protocol, member, address, servers, dropped, unsupported, error);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", member, i);

      if (!add_server (json_array_get_element (array, i), protocol, path, address, servers,
                       dropped, unsupported, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_direction (GPtrArray   *servers,
                 GError     **unsupported,
                 const char  *missing_message,
                 GError     **error)
{
  if (servers->len > 0)
    return TRUE;
  if (*unsupported != NULL)
    g_propagate_error (error, g_steal_pointer (unsupported));
  else
    g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, missing_message);
  return FALSE;
}

static void
drop_insecure (GPtrArray *servers,
               GPtrArray *dropped)
{
  gboolean secure = FALSE;

  for (guint i = 0; i < servers->len; i++)
    secure |= ((FpMailServer *) g_ptr_array_index (servers, i))->transport != FP_TRANSPORT_NONE;
  if (!secure)
    return;
  for (guint i = servers->len; i > 0; i--)
    {
      FpMailServer *server = g_ptr_array_index (servers, i - 1);

      if (server->transport != FP_TRANSPORT_NONE)
        continue;
      g_ptr_array_add (dropped,
                       g_strdup_printf ("%s server %s port %u set aside: not encrypted, and an "
                                        "encrypted alternative exists",
                                        fp_mail_protocol_to_string (server->protocol),
                                        server->host, server->port));
      g_ptr_array_remove_index (servers, i - 1);
    }
}

/**
 * fp_mail_config_drop_insecure:
 *
 * Every reader ends with this: an unencrypted alternative is set aside (and
 * the reason noted in @self->dropped) when its direction has an encrypted
 * one. A direction with nothing but unencrypted servers keeps them, for
 * fp_mail_config_check_insecure() to refuse unless the person accepted it.
 */
void
fp_mail_config_drop_insecure (FpMailConfig *self)
{
  drop_insecure (self->incoming, self->dropped);
  drop_insecure (self->outgoing, self->dropped);
}

/**
 * fp_mail_config_find_insecure:
 *
 * Returns: (nullable) (transfer none): the first unencrypted server left
 *   (after fp_mail_config_drop_insecure(): its direction has no other kind)
 */
const FpMailServer *
fp_mail_config_find_insecure (const FpMailConfig *self)
{
  GPtrArray *lists[] = { self->incoming, self->outgoing };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    for (guint j = 0; j < lists[i]->len; j++)
      {
        const FpMailServer *server = g_ptr_array_index (lists[i], j);

        if (server->transport == FP_TRANSPORT_NONE)
          return server;
      }
  return NULL;
}

/**
 * fp_mail_config_check_insecure:
 * @allowed: the person accepted an unencrypted connection (--allow-insecure,
 *   or the wizard's confirmation)
 *
 * Returns: %FALSE with an %FP_ERROR_UNSAFE error naming the host when some
 *   direction only offers unencrypted servers and that was not accepted
 */
gboolean
fp_mail_config_check_insecure (const FpMailConfig  *self,
                               gboolean             allowed,
                               GError             **error)
{
  const FpMailServer *server = fp_mail_config_find_insecure (self);

  if (server == NULL || allowed)
    return TRUE;
  g_set_error (error, FP_ERROR, FP_ERROR_UNSAFE,
               fp_mail_protocol_is_incoming (server->protocol)
                 ? _("The incoming server %s only offers an unencrypted connection, where anyone "
                     "on the network can read the password; refused for safety.")
                 : _("The outgoing server %s only offers an unencrypted connection, where anyone "
                     "on the network can read the password; refused for safety."),
               server->host);
  return FALSE;
}

static gboolean
read_address (JsonObject  *root,
              const char  *account_address,
              const char **address,
              GError     **error)
{
  *address = account_address;
  if (!fp_json_get_string_member (root, NULL, "address", address, error))
    return FALSE;
  if (*address == NULL || strchr (*address, '@') == NULL || **address == '@')
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                   _("address: “%s” is not an email address"), *address ? *address : "");
      return FALSE;
    }
  return TRUE;
}

/**
 * fp_mail_config_parse_json:
 * @document: the configuration document, as served
 * @account_address: the account identifier's address: the default for
 *   `address`, which is in turn the default for every `login`
 *
 * Reads the configuration document schema of DESIGN.md: the incoming
 * servers in the document's order (`imap` and `pop3` as they come, each in
 * the administrator's order), every default filled in. Unencrypted servers
 * are kept only where nothing else is offered (fp_mail_config_drop_insecure()).
 *
 * Returns: (transfer full): the configuration, or %NULL with an
 *   %FP_ERROR_BAD_DOCUMENT or %FP_ERROR_UNSUPPORTED error that names the
 *   member at fault
 */
FpMailConfig *
fp_mail_config_parse_json (GBytes                 *document,
                           const char             *account_address,
                           FpMailConfigParseFlags  flags,
                           GError                **error)
{
  g_autoptr(JsonNode) root_node = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  g_autoptr(GError) unsupported_in = NULL;
  g_autoptr(GError) unsupported_out = NULL;
  JsonObject *root;
  const char *address = NULL;
  const char *name = NULL;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (account_address != NULL, NULL);

  root_node = fp_json_parse (document, error);
  if (root_node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                   _("expected an object at the top, found %s"), fp_json_type_name (root_node));
      return NULL;
    }
  root = json_node_get_object (root_node);

  if (!read_address (root, account_address, &address, error) ||
      !fp_json_get_string_member (root, NULL, "name", &name, error))
    return NULL;

  config = fp_mail_config_new (address);
  config->name = g_strdup (name);

  /* The members' order is the administrator's too: `pop3` before `imap` means POP3 first. */
  {
    g_autoptr(GList) members = json_object_get_members (root);
    gboolean seen[2] = { FALSE, FALSE };

    for (GList *l = members; l != NULL; l = l->next)
      {
        FpMailProtocol protocol;

        if (g_str_equal (l->data, "imap"))
          protocol = FP_MAIL_PROTOCOL_IMAP;
        else if (g_str_equal (l->data, "pop3"))
          protocol = FP_MAIL_PROTOCOL_POP3;
        else
          continue;
        /* A member named twice is json-glib's last value, read once. */
        if (seen[protocol == FP_MAIL_PROTOCOL_POP3])
          continue;
        seen[protocol == FP_MAIL_PROTOCOL_POP3] = TRUE;
        if (!parse_servers (root, protocol, address, config->incoming, config->dropped,
                            &unsupported_in, error))
          return NULL;
      }
  }
  if (!parse_servers (root, FP_MAIL_PROTOCOL_SMTP, address, config->outgoing, config->dropped,
                      &unsupported_out, error))
    return NULL;

  if (!check_direction (config->incoming, &unsupported_in,
                        _("no incoming server: expected imap or pop3"), error) ||
      !check_direction (config->outgoing, &unsupported_out,
                        _("no outgoing server: expected smtp"), error))
    return NULL;

  fp_mail_config_drop_insecure (config);
  return g_steal_pointer (&config);
}
