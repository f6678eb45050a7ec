/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-autoconfig-xml"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-autoconfig-xml.h"
#include "fp-error.h"
#include "fp-host-name.h"

/*
 * Mozilla's `clientConfig` format (config-v1.1.xml), the one Thunderbird,
 * Evolution, KMail and K-9 read from autoconfig servers and the ISP database.
 * Only what Fingerpost can use is kept: IMAP, POP3 and SMTP servers that
 * take a password, CRAM-MD5 or OAuth2, each server's <authentication>
 * elements in the document's order. Everything else is ignored, or set aside
 * with a note (FpMailConfig.dropped), or reported when it leaves a direction
 * with nothing usable.
 */

typedef struct
{
  FpMailProtocol  protocol;
  char           *type;
  char           *path;       /* incomingServer[0], for messages */
  char           *hostname;
  char           *port;
  char           *socket_type;
  char           *username;
  FpAuthMethod    methods[FP_AUTH_MAX_METHODS];
  guint           n_methods;
  gboolean        auth_seen;
  gboolean        auth_none;
  char           *auth_other; /* the first kind we do not support */
} Pending;

typedef struct
{
  const char   *address;
  char         *local_part;
  char         *domain;
  char         *display_name;
  gboolean      in_provider;
  gboolean      provider_seen;
  guint         n_incoming;
  guint         n_outgoing;
  Pending      *server;
  guint         depth;      /* how many elements are open */
  GString      *text;       /* the leaf element being read, or NULL */
  guint         text_depth; /* the depth of that element */
  GPtrArray    *incoming;
  GPtrArray    *outgoing;
  GPtrArray    *dropped;
  GError       *unsupported_in;
  GError       *unsupported_out;
} Parser;

static void
pending_free (Pending *pending)
{
  if (pending == NULL)
    return;
  g_free (pending->type);
  g_free (pending->path);
  g_free (pending->hostname);
  g_free (pending->port);
  g_free (pending->socket_type);
  g_free (pending->username);
  g_free (pending->auth_other);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
parser_clear (Parser *parser)
{
  g_free (parser->local_part);
  g_free (parser->domain);
  g_free (parser->display_name);
  g_clear_pointer (&parser->server, pending_free);
  if (parser->text != NULL)
    g_string_free (parser->text, TRUE);
  g_clear_pointer (&parser->incoming, g_ptr_array_unref);
  g_clear_pointer (&parser->outgoing, g_ptr_array_unref);
  g_clear_pointer (&parser->dropped, g_ptr_array_unref);
  g_clear_error (&parser->unsupported_in);
  g_clear_error (&parser->unsupported_out);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parser, parser_clear)

/*
 * Whether the open elements are exactly @... (outermost first, %NULL-ended;
 * "Server" matches incomingServer and outgoingServer). The whole path is
 * compared, not just the parent's name: an <incomingServer> inside an
 * <incomingServer>, or anything inside a <port>, is not a server or a field.
 */
static gboolean
path_is (GMarkupParseContext *context,
         guint                depth,
         ...)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  const GSList *stack;
  va_list args;
  const char *name;

  va_start (args, depth);
  while ((name = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (wanted, (gpointer) name);
  va_end (args);
  if (wanted->len != depth)
    return FALSE;

  stack = g_markup_parse_context_get_element_stack (context);
  for (guint i = wanted->len; i > 0 && stack != NULL; i--, stack = stack->next)
    {
      const char *expected = g_ptr_array_index (wanted, i - 1);
      const char *open = stack->data;

      if (g_str_equal (expected, "Server") ? !g_str_equal (open, "incomingServer") &&
                                             !g_str_equal (open, "outgoingServer")
                                           : !g_str_equal (open, expected))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_server_field (const char *name)
{
  return g_str_equal (name, "hostname") || g_str_equal (name, "port") ||
         g_str_equal (name, "socketType") || g_str_equal (name, "username") ||
         g_str_equal (name, "authentication");
}

static void
begin_server (Parser       *parser,
              const char   *element,
              const char  **names,
              const char  **values)
{
  gboolean incoming = g_str_equal (element, "incomingServer");
  const char *type = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "type"))
      type = values[i];

  parser->server = g_new0 (Pending, 1);
  parser->server->type = g_ascii_strdown (type ? type : "", -1);
  parser->server->path = g_strdup_printf ("%s[%u]", element,
                                          incoming ? parser->n_incoming++ : parser->n_outgoing++);
  if (incoming && g_str_equal (parser->server->type, "imap"))
    parser->server->protocol = FP_MAIL_PROTOCOL_IMAP;
  else if (incoming && g_str_equal (parser->server->type, "pop3"))
    parser->server->protocol = FP_MAIL_PROTOCOL_POP3;
  else
    parser->server->protocol = FP_MAIL_PROTOCOL_SMTP;
}

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  Parser *parser = user_data;
  guint depth = ++parser->depth;

  if (depth == 1)
    {
      if (!g_str_equal (element, "clientConfig"))
        g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                     _("the document is <%s>, not a <clientConfig>"), element);
      return;
    }
  /* Inside a field being read, a child element is ignored with its text. */
  if (parser->text != NULL)
    return;
  if (path_is (context, depth, "clientConfig", "emailProvider", NULL) && !parser->provider_seen)
    parser->in_provider = TRUE;
  else if (!parser->in_provider)
    return;
  else if (path_is (context, depth, "clientConfig", "emailProvider", "Server", NULL))
    begin_server (parser, element, names, values);
  else if (path_is (context, depth, "clientConfig", "emailProvider", "displayName", NULL))
    parser->text = g_string_new (NULL);
  else if (parser->server != NULL && is_server_field (element) &&
           path_is (context, depth, "clientConfig", "emailProvider", "Server", element, NULL))
    parser->text = g_string_new (NULL);
  if (parser->text != NULL)
    parser->text_depth = depth;
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  Parser *parser = user_data;

  if (parser->text != NULL && parser->depth == parser->text_depth)
    g_string_append_len (parser->text, text, length);
}

static char *
take_text (Parser *parser)
{
  char *text = g_strstrip (g_string_free (parser->text, FALSE));

  parser->text = NULL;
  return text;
}

static void
add_authentication (Parser  *parser,
                    Pending *server,
                    char    *kind)
{
  gboolean recognised;
  FpAuthMethod method;

  server->auth_seen = TRUE;
  if (fp_auth_method_from_string (kind, &method, &recognised))
    {
      if (server->n_methods < FP_AUTH_MAX_METHODS)
        server->methods[server->n_methods++] = method;
    }
  else if (g_ascii_strcasecmp (kind, "none") == 0 ||
           g_ascii_strcasecmp (kind, "client-IP-address") == 0)
    server->auth_none = TRUE;
  else
    {
      g_ptr_array_add (parser->dropped,
                       g_strdup_printf ("%s.authentication: %s is not supported yet; skipped",
                                        server->path, kind));
      if (server->auth_other == NULL)
        server->auth_other = g_strdup (kind);
    }
  g_free (kind);
}

static void
store_field (Parser     *parser,
             Pending    *server,
             const char *element,
             char       *text)
{
  char **slot = NULL;

  if (g_str_equal (element, "authentication"))
    {
      add_authentication (parser, server, text);
      return;
    }
  if (g_str_equal (element, "hostname"))
    slot = &server->hostname;
  else if (g_str_equal (element, "port"))
    slot = &server->port;
  else if (g_str_equal (element, "socketType"))
    slot = &server->socket_type;
  else
    slot = &server->username;
  g_free (*slot);
  *slot = text;
}

static char *
expand_placeholders (Parser     *parser,
                     const char *text)
{
  g_autoptr(GString) expanded = g_string_new (text);

  g_string_replace (expanded, "%EMAILADDRESS%", parser->address, 0);
  g_string_replace (expanded, "%EMAILLOCALPART%", parser->local_part, 0);
  g_string_replace (expanded, "%EMAILDOMAIN%", parser->domain, 0);
  return g_string_free (g_steal_pointer (&expanded), FALSE);
}

static gboolean
read_socket_type (Pending      *server,
                  FpTransport  *transport,
                  GError      **error)
{
  /* Thunderbird reads a missing socketType as plain: so do we, and the insecure rules apply. */
  if (server->socket_type == NULL || g_ascii_strcasecmp (server->socket_type, "plain") == 0)
    *transport = FP_TRANSPORT_NONE;
  else if (g_ascii_strcasecmp (server->socket_type, "SSL") == 0 ||
           g_ascii_strcasecmp (server->socket_type, "TLS") == 0)
    *transport = FP_TRANSPORT_TLS;
  else if (g_ascii_strcasecmp (server->socket_type, "STARTTLS") == 0)
    *transport = FP_TRANSPORT_STARTTLS;
  else
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                   _("%s.socketType: “%s” is not one of SSL, STARTTLS, plain"), server->path,
                   server->socket_type);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_port (Pending  *server,
           guint16  *port,
           GError  **error)
{
  guint64 value = 0;

  *port = 0;
  if (server->port == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (server->port, 10, 1, G_MAXUINT16, &value, NULL))
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s.port: “%s” is not a port"),
                   server->path, server->port);
      return FALSE;
    }
  *port = (guint16) value;
  return TRUE;
}

/*
 * The methods we can use, in the document's order. A server with none of
 * them must not get a password; "none" alone is an SMTP server that wants no
 * login. No <authentication> at all is Thunderbird's default, a password.
 */
static gboolean
read_authentication (Pending   *server,
                     gboolean  *login_required,
                     GError   **error)
{
  gboolean outgoing = server->protocol == FP_MAIL_PROTOCOL_SMTP;

  *login_required = TRUE;
  if (server->n_methods > 0)
    return TRUE;
  if (!server->auth_seen)
    {
      server->methods[server->n_methods++] = FP_AUTH_PASSWORD;
      return TRUE;
    }
  if (server->auth_none && outgoing && server->auth_other == NULL)
    {
      *login_required = FALSE;
      server->methods[server->n_methods++] = FP_AUTH_PASSWORD;
      return TRUE;
    }
  g_set_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED,
               _("%s.authentication: “%s” is not supported yet; only a password, CRAM-MD5 and "
                 "OAuth2 are"),
               server->path, server->auth_other ? server->auth_other : "none");
  return FALSE;
}

static FpMailServer *
build_server (Parser   *parser,
              Pending  *server,
              GError  **error)
{
  g_autofree char *host = NULL;
  g_autofree char *normal_host = NULL;
  g_autofree char *login = NULL;
  FpTransport transport;
  guint16 port;
  gboolean login_required;

  if (server->hostname == NULL || *server->hostname == '\0')
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s.hostname is missing"),
                   server->path);
      return NULL;
    }
  host = expand_placeholders (parser, server->hostname);
  normal_host = fp_host_name_normalise (host, -1);
  if (normal_host == NULL)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                   _("%s.hostname: “%s” is not a host name"), server->path, host);
      return NULL;
    }
  login = expand_placeholders (parser, server->username && *server->username
                                         ? server->username : "%EMAILADDRESS%");
  if (!fp_mail_login_check (login, server->path, "username", error) ||
      !read_socket_type (server, &transport, error) || !read_port (server, &port, error) ||
      !read_authentication (server, &login_required, error))
    return NULL;

  {
    FpMailServer *built = fp_mail_server_new (server->protocol, normal_host, port, transport,
                                              login, login_required);

    fp_mail_server_set_auth_methods (built, server->methods, server->n_methods);
    return built;
  }
}

/* A kind of server we cannot use is set aside; it is the error only if nothing else is left. */
static gboolean
end_server (Parser  *parser,
            GError **error)
{
  g_autoptr(Pending) server = g_steal_pointer (&parser->server);
  gboolean incoming = g_str_has_prefix (server->path, "incoming");
  GError **unsupported = incoming ? &parser->unsupported_in : &parser->unsupported_out;
  g_autoptr(GError) local_error = NULL;
  FpMailServer *built;

  if ((incoming && server->protocol == FP_MAIL_PROTOCOL_SMTP) ||
      (!incoming && !g_str_equal (server->type, "smtp")))
    {
      if (*unsupported == NULL)
        g_set_error (unsupported, FP_ERROR, FP_ERROR_UNSUPPORTED,
                     _("%s: servers of type “%s” are not supported"), server->path,
                     server->type);
      return TRUE;
    }

  built = build_server (parser, server, &local_error);
  if (built != NULL)
    g_ptr_array_add (incoming ? parser->incoming : parser->outgoing, built);
  else if (g_error_matches (local_error, FP_ERROR, FP_ERROR_UNSUPPORTED))
    {
      g_ptr_array_add (parser->dropped, g_strdup_printf ("%s set aside: %s", server->path,
                                                         local_error->message));
      if (*unsupported == NULL)
        *unsupported = g_steal_pointer (&local_error);
    }
  else
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  Parser *parser = user_data;
  guint depth = parser->depth--;

  if (parser->text != NULL && depth != parser->text_depth)
    return;
  if (parser->text != NULL)
    {
      char *text = take_text (parser);

      if (parser->server != NULL)
        store_field (parser, parser->server, element, text);
      else
        {
          g_free (parser->display_name);
          parser->display_name = text;
        }
    }
  else if (parser->server != NULL && depth == 3)
    end_server (parser, error);
  else if (parser->in_provider && depth == 2)
    {
      parser->in_provider = FALSE;
      parser->provider_seen = TRUE;
    }
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

static gboolean
run_parser (Parser   *parser,
            GBytes   *document,
            GError  **error)
{
  static const GMarkupParser callbacks = {
    .start_element = start_element_cb,
    .end_element = end_element_cb,
    .text = text_cb,
  };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (document, &size);

  /* An empty 2xx answer gives no data at all, which GMarkup would not even report as an error. */
  if (data == NULL || size == 0)
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("the document is empty"));
      return FALSE;
    }
  context = g_markup_parse_context_new (&callbacks, G_MARKUP_TREAT_CDATA_AS_TEXT, parser, NULL);
  if (g_markup_parse_context_parse (context, data, size, &local_error) &&
      g_markup_parse_context_end_parse (context, &local_error))
    return TRUE;
  if (local_error == NULL)
    g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("not well-formed XML"));
  else if (local_error->domain == FP_ERROR)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    {
      /* GMarkup may quote the broken bytes: what a person reads must be text. */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("not well-formed XML: %s"),
                   message);
    }
  return FALSE;
}

/**
 * fp_autoconfig_xml_parse:
 * @document: a `clientConfig` document (config-v1.1.xml)
 * @account_address: the address the placeholders `%EMAILADDRESS%`,
 *   `%EMAILLOCALPART%` and `%EMAILDOMAIN%` stand for
 * @flags: none defined yet
 *
 * Reads the first `emailProvider`: its IMAP and POP3 servers (in document
 * order, which is the provider's preference, POP3 first included) and its
 * SMTP servers. Unencrypted servers are kept only where nothing else is
 * offered (fp_mail_config_drop_insecure()). The caller sets the source fields.
 *
 * Returns: (transfer full): the configuration, or %NULL with an
 *   %FP_ERROR_BAD_DOCUMENT or %FP_ERROR_UNSUPPORTED error
 */
FpMailConfig *
fp_autoconfig_xml_parse (GBytes                 *document,
                         const char             *account_address,
                         FpMailConfigParseFlags  flags,
                         GError                **error)
{
  g_auto(Parser) parser = { 0 };
  g_autoptr(FpMailConfig) config = NULL;
  const char *at;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (account_address != NULL, NULL);

  at = strrchr (account_address, '@');
  parser.address = account_address;
  parser.local_part = at ? g_strndup (account_address, at - account_address)
                         : g_strdup (account_address);
  parser.domain = g_strdup (at ? at + 1 : "");
  parser.incoming = g_ptr_array_new_with_free_func ((GDestroyNotify) fp_mail_server_free);
  parser.outgoing = g_ptr_array_new_with_free_func ((GDestroyNotify) fp_mail_server_free);
  parser.dropped = g_ptr_array_new_with_free_func (g_free);

  if (!run_parser (&parser, document, error))
    return NULL;
  if (!parser.provider_seen)
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                           _("the document has no <emailProvider>"));
      return NULL;
    }

  /* The document's order is the provider's: POP3 before IMAP stays so. */
  if (!check_direction (parser.incoming, &parser.unsupported_in,
                        _("no incoming server: expected imap or pop3"), error) ||
      !check_direction (parser.outgoing, &parser.unsupported_out,
                        _("no outgoing server: expected smtp"), error))
    return NULL;

  config = fp_mail_config_new (account_address);
  config->name = g_steal_pointer (&parser.display_name);
  g_ptr_array_extend_and_steal (config->incoming, g_steal_pointer (&parser.incoming));
  g_ptr_array_extend_and_steal (config->outgoing, g_steal_pointer (&parser.outgoing));
  g_ptr_array_extend_and_steal (config->dropped, g_steal_pointer (&parser.dropped));
  fp_mail_config_drop_insecure (config);
  return g_steal_pointer (&config);
}
