/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-pacc"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-error.h"
#include "fp-json.h"
#include "fp-pacc.h"

char *
fp_pacc_build_uri (const char *domain)
{
  return g_strdup_printf ("https://ua-auto-config.%s/.well-known/user-agent-configuration.json",
                          domain);
}

char *
fp_pacc_build_txt_name (const char *domain)
{
  return g_strdup_printf ("_ua-auto-config.%s", domain);
}

/*
 * A TXT record as GResolver gives it, `(as)`: the character strings of one
 * record. A record longer than 255 bytes has to be split into several; the
 * value is their concatenation (RFC 7208, 3.3 does the same for SPF).
 */
char *
fp_dns_txt_join (GVariant *record)
{
  g_autoptr(GVariant) strings = NULL;
  GString *joined = g_string_new (NULL);
  GVariantIter iter;
  const char *part;

  if (!g_variant_is_of_type (record, G_VARIANT_TYPE ("(as)")))
    return g_string_free (joined, FALSE);
  strings = g_variant_get_child_value (record, 0);
  g_variant_iter_init (&iter, strings);
  while (g_variant_iter_next (&iter, "&s", &part))
    g_string_append (joined, part);
  return g_string_free (joined, FALSE);
}

/* Standard base64 with padding, nothing else: g_base64_decode() skips what it does not know. */
static gboolean
is_strict_base64 (const char *text)
{
  gsize length = strlen (text);
  gsize padding = 0;

  if (length == 0 || length % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          if (i < length - 2)
            return FALSE;
          padding++;
        }
      else if (padding > 0 || !(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
    }
  return TRUE;
}

static gboolean
set_tag (char       **slot,
         const char  *name,
         const char  *value,
         GError     **error)
{
  if (*slot != NULL)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("the tag “%s” appears twice"), name);
      return FALSE;
    }
  *slot = g_strdup (value);
  return TRUE;
}

static gboolean
read_tags (const char  *text,
           char       **version,
           char       **algorithm,
           char       **digest,
           GError     **error)
{
  g_auto(GStrv) tags = g_strsplit (text, ";", -1);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      char *tag = g_strstrip (tags[i]);
      char *equals = strchr (tag, '=');
      char *name;
      char *value;

      if (*tag == '\0')
        continue;  /* "v=UAAC1; a=sha256; d=…;" ends with an empty tag */
      if (equals == NULL)
        {
          g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("“%s” is not a tag=value pair"),
                       tag);
          return FALSE;
        }
      *equals = '\0';
      name = g_strstrip (tag);
      value = g_strstrip (equals + 1);
      if (g_ascii_strcasecmp (name, "v") == 0)
        {
          if (!set_tag (version, "v", value, error))
            return FALSE;
        }
      else if (g_ascii_strcasecmp (name, "a") == 0)
        {
          if (!set_tag (algorithm, "a", value, error))
            return FALSE;
        }
      else if (g_ascii_strcasecmp (name, "d") == 0)
        {
          if (!set_tag (digest, "d", value, error))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * fp_pacc_parse_txt_record:
 * @text: one TXT record, its strings joined (fp_dns_txt_join())
 * @digest: (out caller-allocates): the SHA-256 digest the record states
 *
 * Reads `v=UAAC1; a=sha256; d=BASE64`: tags separated by `;`, names in any
 * case, whitespace around names and values ignored, unknown tags ignored.
 *
 * Returns: %TRUE with @digest set, or %FALSE with an %FP_ERROR_BAD_DOCUMENT
 *   (%FP_ERROR_NOT_PUBLISHED when it is not a UAAC1 record at all)
 */
gboolean
fp_pacc_parse_txt_record (const char  *text,
                          guint8       digest[FP_PACC_DIGEST_SIZE],
                          GError     **error)
{
  g_autofree char *version = NULL;
  g_autofree char *algorithm = NULL;
  g_autofree char *encoded = NULL;
  g_autofree guchar *decoded = NULL;
  gsize decoded_length = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  /* DNS hands over bytes: errors below quote the record, and must stay text. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                           _("the record is not valid UTF-8 text"));
      return FALSE;
    }
  if (!read_tags (text, &version, &algorithm, &encoded, error))
    return FALSE;
  if (g_strcmp0 (version, "UAAC1") != 0)
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED, _("not a v=UAAC1 record"));
      return FALSE;
    }
  if (g_strcmp0 (algorithm, "sha256") != 0)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED, _("the digest algorithm “%s” is not "
                   "supported; only sha256 is"), algorithm ? algorithm : "");
      return FALSE;
    }
  if (encoded == NULL || !is_strict_base64 (encoded))
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                           _("the d= tag is missing or not base64"));
      return FALSE;
    }
  decoded = g_base64_decode (encoded, &decoded_length);
  if (decoded_length != FP_PACC_DIGEST_SIZE)
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                           _("the d= tag is not a SHA-256 digest"));
      return FALSE;
    }
  memcpy (digest, decoded, FP_PACC_DIGEST_SIZE);
  return TRUE;
}

/* Takes as long whatever the bytes: no early exit that would tell how much matched. */
static gboolean
digests_equal (const guint8 *a,
               const guint8 *b)
{
  volatile guint8 difference = 0;

  for (gsize i = 0; i < FP_PACC_DIGEST_SIZE; i++)
    difference |= a[i] ^ b[i];
  return difference == 0;
}

/* The SHA-256 of @document, as its TXT record states it. */
static void
document_digest (GBytes *document,
                 guint8  digest[FP_PACC_DIGEST_SIZE])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize length = FP_PACC_DIGEST_SIZE;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (document, &size);

  if (size > 0)
    g_checksum_update (checksum, data, size);
  g_checksum_get_digest (checksum, digest, &length);
}

/**
 * fp_pacc_document_digest:
 * @document: the body exactly as received
 *
 * Returns: (transfer full): the SHA-256 of @document in base64, as a TXT
 *   record states it (what the state file keeps for `fingerpost check`)
 */
char *
fp_pacc_document_digest (GBytes *document)
{
  guint8 digest[FP_PACC_DIGEST_SIZE];

  document_digest (document, digest);
  return g_base64_encode (digest, sizeof digest);
}

/**
 * fp_pacc_check_digest:
 * @document: the body exactly as received
 * @records: (element-type GVariant): TXT records as GResolver gives them, `(as)`
 *
 * Whether some v=UAAC1 record states the SHA-256 of @document.
 */
FpPaccDigestCheck
fp_pacc_check_digest (GBytes *document,
                      GList  *records)
{
  guint8 actual[FP_PACC_DIGEST_SIZE];
  gboolean any_record = FALSE;
  gboolean matched = FALSE;

  document_digest (document, actual);

  for (GList *l = records; l != NULL; l = l->next)
    {
      g_autofree char *text = fp_dns_txt_join (l->data);
      guint8 stated[FP_PACC_DIGEST_SIZE];

      if (!fp_pacc_parse_txt_record (text, stated, NULL))
        continue;
      any_record = TRUE;
      /* Every record is compared, so the time does not say which one matched. */
      matched |= digests_equal (actual, stated);
    }
  if (matched)
    return FP_PACC_DIGEST_MATCH;
  return any_record ? FP_PACC_DIGEST_MISMATCH : FP_PACC_DIGEST_NO_RECORD;
}

/* An optional member that must be an object when present. */
static gboolean
get_object_member (JsonObject  *object,
                   const char  *path,
                   const char  *member,
                   JsonObject **value,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *where = NULL;

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      *value = json_node_get_object (node);
      return TRUE;
    }
  where = fp_json_member_path (path, member);
  g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s: expected an object, found %s"),
               where, fp_json_type_name (node));
  return FALSE;
}

/* protocols.imap|pop3|smtp: a host only; implicit TLS on the standard port, the address as login. */
static gboolean
read_mail_protocol (JsonObject      *protocols,
                    FpMailProtocol   protocol,
                    const char      *address,
                    GPtrArray       *servers,
                    GError         **error)
{
  const char *member = fp_mail_protocol_to_string (protocol);
  g_autofree char *path = g_strdup_printf ("protocols.%s", member);
  JsonObject *object = NULL;
  const char *host = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *lower = NULL;

  if (!get_object_member (protocols, "protocols", member, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;
  if (!fp_json_get_string_member (object, path, "host", &host, error))
    return FALSE;
  if (host == NULL)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s.host is missing"), path);
      return FALSE;
    }
  if (!fp_mail_host_is_dns_name (host))
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s.host: “%s” is not a host name"),
                   path, host);
      return FALSE;
    }
  ascii = g_hostname_to_ascii (host);
  lower = g_ascii_strdown (ascii, -1);
  g_ptr_array_add (servers, fp_mail_server_new (protocol, lower,
                                                fp_mail_protocol_default_port (protocol,
                                                                               FP_TRANSPORT_TLS),
                                                FP_TRANSPORT_TLS, address, TRUE));
  return TRUE;
}

/* protocols.jmap|caldav|carddav.url: kept for the calendar and contacts to come, only https:. */
static gboolean
read_service_url (JsonObject  *protocols,
                  const char  *member,
                  char       **url,
                  GError     **error)
{
  g_autofree char *path = g_strdup_printf ("protocols.%s", member);
  JsonObject *object = NULL;
  const char *value = NULL;

  if (!get_object_member (protocols, "protocols", member, &object, error))
    return FALSE;
  if (object == NULL)
    return TRUE;
  if (!fp_json_get_string_member (object, path, "url", &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (g_ascii_strncasecmp (value, "https://", 8) != 0 ||
      !g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL))
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%s.url: “%s” is not an https: URL"),
                   path, value);
      return FALSE;
    }
  *url = g_strdup (value);
  return TRUE;
}

static gboolean
read_protocols (JsonObject    *root,
                FpMailConfig  *config,
                GError       **error)
{
  JsonObject *protocols = NULL;

  if (!get_object_member (root, NULL, "protocols", &protocols, error))
    return FALSE;
  if (protocols == NULL)
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("protocols is missing"));
      return FALSE;
    }
  return read_mail_protocol (protocols, FP_MAIL_PROTOCOL_IMAP, config->address, config->incoming,
                             error) &&
         read_mail_protocol (protocols, FP_MAIL_PROTOCOL_POP3, config->address, config->incoming,
                             error) &&
         read_mail_protocol (protocols, FP_MAIL_PROTOCOL_SMTP, config->address, config->outgoing,
                             error) &&
         read_service_url (protocols, "jmap", &config->jmap_url, error) &&
         read_service_url (protocols, "caldav", &config->caldav_url, error) &&
         read_service_url (protocols, "carddav", &config->carddav_url, error);
}

/* authentication.password (may a password be used?) and ."oauth-public".issuer. */
static gboolean
read_authentication (JsonObject    *root,
                     FpMailConfig  *config,
                     gboolean      *password,
                     GError       **error)
{
  JsonObject *authentication = NULL;
  JsonObject *oauth = NULL;
  const char *issuer = NULL;

  *password = FALSE;
  if (!get_object_member (root, NULL, "authentication", &authentication, error))
    return FALSE;
  if (authentication == NULL)
    return TRUE;
  if (!fp_json_get_bool_member (authentication, "authentication", "password", password, error) ||
      !get_object_member (authentication, "authentication", "oauth-public", &oauth, error))
    return FALSE;
  if (oauth != NULL &&
      !fp_json_get_string_member (oauth, "authentication.oauth-public", "issuer", &issuer, error))
    return FALSE;
  config->oauth_issuer = g_strdup (issuer);
  return TRUE;
}

static gboolean
read_info (JsonObject    *root,
           FpMailConfig  *config,
           GError       **error)
{
  JsonObject *info = NULL;
  JsonObject *provider = NULL;
  const char *name = NULL;
  const char *short_name = NULL;

  if (!get_object_member (root, NULL, "info", &info, error))
    return FALSE;
  if (info == NULL)
    return TRUE;
  if (!get_object_member (info, "info", "provider", &provider, error))
    return FALSE;
  if (provider == NULL)
    return TRUE;
  if (!fp_json_get_string_member (provider, "info.provider", "name", &name, error) ||
      !fp_json_get_string_member (provider, "info.provider", "shortName", &short_name, error))
    return FALSE;
  config->name = g_strdup (name != NULL ? name : short_name);
  return TRUE;
}

/*
 * PACC lists no order: a provider that names an OAuth2 issuer wants it
 * used where the mail program can (it delegates, Fingerpost never holds a
 * token); the password, when allowed, is the fallback.
 */
static void
set_methods (FpMailConfig *config,
             gboolean      password)
{
  FpAuthMethod methods[2];
  guint n = 0;

  if (config->oauth_issuer != NULL)
    methods[n++] = FP_AUTH_OAUTH2;
  if (password)
    methods[n++] = FP_AUTH_PASSWORD;
  for (guint i = 0; i < config->incoming->len; i++)
    fp_mail_server_set_auth_methods (g_ptr_array_index (config->incoming, i), methods, n);
  for (guint i = 0; i < config->outgoing->len; i++)
    fp_mail_server_set_auth_methods (g_ptr_array_index (config->outgoing, i), methods, n);
}

/**
 * fp_pacc_parse_document:
 * @document: the user-agent-configuration.json body
 * @account_address: the login on every server
 * @flags: unused: PACC names only implicit-TLS servers
 *
 * Reads the PACC document: `protocols.imap|pop3|smtp.host` (implicit TLS on
 * 993, 995, 465), `protocols.jmap|caldav|carddav.url` (kept, not mail),
 * `authentication.password` and `authentication."oauth-public".issuer`,
 * `info.provider.name|shortName` as the account's name. Unknown members are
 * ignored; a wrong type is an error naming its path.
 *
 * Returns: (transfer full): the configuration (OAuth2 first when an issuer is
 *   named, then the password when allowed), or %NULL with an %FP_ERROR
 *   (%FP_ERROR_UNSUPPORTED when it allows neither)
 */
FpMailConfig *
fp_pacc_parse_document (GBytes                 *document,
                        const char             *account_address,
                        FpMailConfigParseFlags  flags,
                        GError                **error)
{
  g_autoptr(JsonNode) root_node = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  JsonObject *root;
  gboolean password = FALSE;

  g_return_val_if_fail (document != NULL && account_address != NULL, NULL);

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
  config = fp_mail_config_new (account_address);

  if (!read_protocols (root, config, error) ||
      !read_authentication (root, config, &password, error) ||
      !read_info (root, config, error))
    return NULL;

  if (config->incoming->len == 0)
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                           _("no incoming server: expected protocols.imap or protocols.pop3"));
      return NULL;
    }
  if (config->outgoing->len == 0)
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT,
                           _("no outgoing server: expected protocols.smtp"));
      return NULL;
    }
  if (!password && config->oauth_issuer == NULL)
    {
      g_set_error_literal (error, FP_ERROR, FP_ERROR_UNSUPPORTED,
                           _("authentication: the provider names no sign-in method Fingerpost "
                             "supports (password is not true)"));
      return NULL;
    }
  set_methods (config, password);
  return g_steal_pointer (&config);
}
