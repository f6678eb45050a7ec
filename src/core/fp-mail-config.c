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
  return self;
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
}

void
fp_mail_config_unref (FpMailConfig *self)
{
  g_rc_box_release_full (self, (GDestroyNotify) fp_mail_config_clear);
}

const char *
fp_config_source_kind_to_string (FpConfigSourceKind kind)
{
  static const char * const names[] = { "webfinger", "autoconfig", "ispdb", "srv", "manual" };

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

/* Only passwords are supported; a server that wants something else must not get one. */
static gboolean
read_authentication (JsonObject  *object,
                     const char  *path,
                     GError     **error)
{
  const char *authentication = NULL;

  if (!fp_json_get_string_member (object, path, "authentication", &authentication, error))
    return FALSE;
  if (authentication != NULL && g_ascii_strcasecmp (authentication, "password") != 0)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED,
                   _("%s.authentication: “%s” is not supported yet; only password is"),
                   path, authentication);
      return FALSE;
    }
  return TRUE;
}

static FpMailServer *
parse_server (JsonNode        *node,
              FpMailProtocol   protocol,
              const char      *path,
              const char      *address,
              GError         **error)
{
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
      !read_authentication (object, path, error))
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

  return fp_mail_server_new (protocol, normal_host, port, transport, login, login_required);
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
            GError         **unsupported,
            GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  FpMailServer *server = parse_server (node, protocol, path, address, &local_error);

  if (server != NULL)
    {
      g_ptr_array_add (servers, server);
      return TRUE;
    }
  if (g_error_matches (local_error, FP_ERROR, FP_ERROR_UNSUPPORTED))
    {
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
               GError         **unsupported,
               GError         **error)
{
  const char *member = fp_mail_protocol_to_string (protocol);
  JsonNode *node = json_object_get_member (root, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return add_server (node, protocol, member, address, servers, unsupported, error);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", member, i);

      if (!add_server (json_array_get_element (array, i), protocol, path, address, servers,
                       unsupported, error))
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

/*
 * Unencrypted alternatives are dropped when an encrypted one exists; a
 * direction that has nothing but unencrypted servers is refused, unless the
 * person accepted that.
 */
gboolean
fp_mail_servers_drop_insecure (GPtrArray   *servers,
                               const char  *direction,
                               GError     **error)
{
  guint secure = 0;

  for (guint i = 0; i < servers->len; i++)
    if (((FpMailServer *) g_ptr_array_index (servers, i))->transport != FP_TRANSPORT_NONE)
      secure++;

  if (secure == 0 && servers->len > 0)
    {
      FpMailServer *first = g_ptr_array_index (servers, 0);

      g_set_error (error, FP_ERROR, FP_ERROR_UNSAFE,
                   _("the %s server %s only offers an unencrypted connection (transport none); "
                     "refused for safety"),
                   direction, first->host);
      return FALSE;
    }

  for (guint i = servers->len; i > 0; i--)
    if (((FpMailServer *) g_ptr_array_index (servers, i - 1))->transport == FP_TRANSPORT_NONE)
      g_ptr_array_remove_index (servers, i - 1);
  return TRUE;
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
 * Reads the configuration document schema of DESIGN.md: IMAP before POP3,
 * each in the administrator's order; every default filled in.
 *
 * Returns: (transfer full): the configuration, or %NULL with an
 *   %FP_ERROR_BAD_DOCUMENT, %FP_ERROR_UNSUPPORTED or %FP_ERROR_UNSAFE error
 *   that names the member at fault
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

  if (!parse_servers (root, FP_MAIL_PROTOCOL_IMAP, address, config->incoming,
                      &unsupported_in, error) ||
      !parse_servers (root, FP_MAIL_PROTOCOL_POP3, address, config->incoming,
                      &unsupported_in, error) ||
      !parse_servers (root, FP_MAIL_PROTOCOL_SMTP, address, config->outgoing,
                      &unsupported_out, error))
    return NULL;

  if (!check_direction (config->incoming, &unsupported_in,
                        _("no incoming server: expected imap or pop3"), error) ||
      !check_direction (config->outgoing, &unsupported_out,
                        _("no outgoing server: expected smtp"), error))
    return NULL;

  if (!(flags & FP_MAIL_CONFIG_PARSE_ALLOW_INSECURE) &&
      (!fp_mail_servers_drop_insecure (config->incoming, _("incoming"), error) ||
       !fp_mail_servers_drop_insecure (config->outgoing, _("outgoing"), error)))
    return NULL;

  return g_steal_pointer (&config);
}
