/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-demo-provider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fp-demo-mail-server.h"
#include "fp-demo-provider.h"
#include "fp-loopback-resolver.h"
#include "fp-mail-port-map.h"
#include "fp-system-trust.h"

/*
 * The provider of the draft's example, inside the process: an HTTPS server on
 * 127.0.0.1 that answers WebFinger for alice@mail.example and serves her two
 * configuration documents behind Basic authentication. Its authority is made
 * at start, in memory, and trusted by this process's HTTP client alone; the
 * demo's names reach it through a loopback resolver and a port override, so
 * the certificate is still checked against the names the person sees.
 * Its mail servers (fp-demo-mail-server.c) let the wizard's login check
 * succeed, or refuse a wrong password, as a real provider's would.
 */
struct _FpDemoProvider
{
  GObject             parent_instance;

  SoupServer         *server;
  GTlsCertificate    *ca;
  GTlsCertificate    *server_certificate;
  FpDemoMailServer   *mail_server;
  GPtrArray          *stalled;  /* SoupServerMessage: slow.example's questions, never answered */
  guint               moving_served;  /* how often carol's settings were fetched */
  GResolver          *previous_resolver;
  FpLoopbackResolver *resolver;
  char               *scratch_dir;
  guint16             port;
};

G_DEFINE_FINAL_TYPE (FpDemoProvider, fp_demo_provider, G_TYPE_OBJECT)

#define CONFIG_HOST "mail-config.mail.example"
#define MOVING_PATH "/carol.json"

/* slow.example never answers: it is there to show Cancel and the time limit. */
static const char * const demo_hosts[] = {
  "mail.example", CONFIG_HOST, "family.example", "slow.example", NULL
};

/* The mail servers the documents name: IMAP on 993 (TLS), submission on 587 (STARTTLS). */
static const char * const mail_hosts[] = {
  "imap.mail.example", "smtp.mail.example", "imap.business.mail.example",
  "smtp.business.mail.example", "imap.new.mail.example", NULL
};

/* Mail servers that accept and never answer, as slow.example's web server does. */
static const char * const silent_hosts[] = { "imap.slow.example", "smtp.slow.example", NULL };

#define DEMO_IMAP_PORT 993
#define DEMO_SMTP_PORT 587

/* Every login the documents name, all with FP_DEMO_PASSWORD. */
static const char * const mail_logins[] = {
  FP_DEMO_ACCOUNT, FP_DEMO_FOREIGN_ACCOUNT, "alice.i.wonder", "alice.business", "carol", NULL
};

/* Valid JSON this time: the draft's example misses two commas and has one too many. */
static const char personal_jrd[] =
  "{\n"
  "  \"subject\": \"acct:alice@mail.example\",\n"
  "  \"links\": [\n"
  "    { \"rel\": \"email-autoconfig\",\n"
  "      \"href\": \"https://" CONFIG_HOST "/alice.personal.json\",\n"
  "      \"titles\": { \"en-us\": \"Personal\", \"de\": \"Privat\" } },\n"
  "    { \"rel\": \"email-autoconfig\",\n"
  "      \"href\": \"https://" CONFIG_HOST "/alice.business.json\",\n"
  "      \"titles\": { \"en-us\": \"Business\", \"de\": \"Geschäftlich\" } }\n"
  "  ]\n"
  "}\n";

/* A family domain whose mail Example Mail Corporation hosts: the settings live elsewhere. */
static const char family_jrd[] =
  "{\n"
  "  \"subject\": \"acct:alice@family.example\",\n"
  "  \"links\": [\n"
  "    { \"rel\": \"email-autoconfig\",\n"
  "      \"href\": \"https://" CONFIG_HOST "/alice.family.json\",\n"
  "      \"titles\": { \"en-us\": \"Family\", \"de\": \"Familie\" } }\n"
  "  ]\n"
  "}\n";

/*
 * The draft's example, on the ports the demo's mail servers speak: implicit
 * TLS for IMAP and STARTTLS for submission (RFC 8314 prefers implicit TLS,
 * but 587 is what most providers still give).
 */
static const char personal_document[] =
  "{\n"
  "  \"address\": \"alice.i.wonder@mail.example\",\n"
  "  \"name\": \"Alice at Example\",\n"
  "  \"imap\": { \"host\": \"imap.mail.example\", \"port\": 993, \"transport\": \"tls\",\n"
  "            \"login\": \"alice.i.wonder\" },\n"
  "  \"smtp\": { \"host\": \"smtp.mail.example\", \"port\": 587, \"transport\": \"starttls\",\n"
  "            \"login\": \"alice.i.wonder\", \"login-required\": true }\n"
  "}\n";

static const char business_document[] =
  "{\n"
  "  \"address\": \"alice@business.mail.example\",\n"
  "  \"name\": \"Alice at Example (Business)\",\n"
  "  \"imap\": { \"host\": \"imap.business.mail.example\", \"transport\": \"tls\",\n"
  "            \"login\": \"alice.business\" },\n"
  "  \"smtp\": { \"host\": \"smtp.business.mail.example\", \"transport\": \"starttls\",\n"
  "            \"login\": \"alice.business\" }\n"
  "}\n";

static const char family_document[] =
  "{\n"
  "  \"address\": \"alice@family.example\",\n"
  "  \"imap\": { \"host\": \"imap.mail.example\", \"transport\": \"tls\" },\n"
  "  \"smtp\": { \"host\": \"smtp.mail.example\", \"transport\": \"starttls\" }\n"
  "}\n";

/*
 * A provider that moves its IMAP server right after carol set up her account:
 * the first fetch of her settings gets the old server, every later one (the
 * check that follows setup in the demo) the new one.
 */
static const char moving_jrd[] =
  "{\n"
  "  \"subject\": \"acct:" FP_DEMO_MOVING_ACCOUNT "\",\n"
  "  \"links\": [\n"
  "    { \"rel\": \"email-autoconfig\",\n"
  "      \"href\": \"https://" CONFIG_HOST MOVING_PATH "\",\n"
  "      \"titles\": { \"en-us\": \"Personal\", \"de\": \"Privat\" } }\n"
  "  ]\n"
  "}\n";

static const char moving_before[] =
  "{\n"
  "  \"address\": \"" FP_DEMO_MOVING_ACCOUNT "\",\n"
  "  \"imap\": { \"host\": \"imap.mail.example\", \"transport\": \"tls\", \"login\": \"carol\" },\n"
  "  \"smtp\": { \"host\": \"smtp.mail.example\", \"port\": 587, \"transport\": \"starttls\",\n"
  "            \"login\": \"carol\" }\n"
  "}\n";

static const char moving_after[] =
  "{\n"
  "  \"address\": \"" FP_DEMO_MOVING_ACCOUNT "\",\n"
  "  \"imap\": { \"host\": \"imap.new.mail.example\", \"transport\": \"tls\",\n"
  "            \"login\": \"carol\" },\n"
  "  \"smtp\": { \"host\": \"smtp.mail.example\", \"port\": 587, \"transport\": \"starttls\",\n"
  "            \"login\": \"carol\" }\n"
  "}\n";

typedef struct
{
  const char *path;
  const char *document;
} DemoDocument;

static const DemoDocument documents[] = {
  { "/alice.personal.json", personal_document },
  { "/alice.business.json", business_document },
  { "/alice.family.json", family_document },
};

static void
respond (SoupServerMessage *message,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (message, content_type, SOUP_MEMORY_STATIC, body,
                                      strlen (body));
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Access-Control-Allow-Origin", "*");
}

static const char *
request_host (SoupServerMessage *message)
{
  return g_uri_get_host (soup_server_message_get_uri (message));
}

static void
webfinger_cb (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  const char *resource = query ? g_hash_table_lookup (query, "resource") : NULL;
  FpDemoProvider *self = user_data;
  const char *host = request_host (message);

  if (g_strcmp0 (host, "slow.example") == 0)
    {
      soup_server_message_pause (message);
      g_ptr_array_add (self->stalled, g_object_ref (message));
    }
  else if (g_strcmp0 (host, "mail.example") == 0 &&
      g_strcmp0 (resource, "acct:" FP_DEMO_ACCOUNT) == 0)
    respond (message, SOUP_STATUS_OK, "application/jrd+json", personal_jrd);
  else if (g_strcmp0 (host, "family.example") == 0 &&
           g_strcmp0 (resource, "acct:" FP_DEMO_FOREIGN_ACCOUNT) == 0)
    respond (message, SOUP_STATUS_OK, "application/jrd+json", family_jrd);
  else if (g_strcmp0 (host, "mail.example") == 0 &&
           g_strcmp0 (resource, "acct:" FP_DEMO_MOVING_ACCOUNT) == 0)
    respond (message, SOUP_STATUS_OK, "application/jrd+json", moving_jrd);
  else
    respond (message, SOUP_STATUS_NOT_FOUND, "text/plain", "No such account here.\n");
}

static void
document_cb (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  FpDemoProvider *self = user_data;

  if (g_strcmp0 (request_host (message), CONFIG_HOST) == 0 && g_str_equal (path, MOVING_PATH))
    {
      respond (message, SOUP_STATUS_OK, "application/json",
               self->moving_served++ == 0 ? moving_before : moving_after);
      return;
    }
  if (g_strcmp0 (request_host (message), CONFIG_HOST) == 0)
    for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
      if (g_strcmp0 (path, documents[i].path) == 0)
        {
          respond (message, SOUP_STATUS_OK, "application/json", documents[i].document);
          return;
        }
  respond (message, SOUP_STATUS_NOT_FOUND, "text/plain", "Not here.\n");
}

static gboolean
basic_auth_cb (SoupAuthDomain    *domain,
               SoupServerMessage *message,
               const char        *username,
               const char        *password,
               gpointer           user_data)
{
  return (g_strcmp0 (username, FP_DEMO_ACCOUNT) == 0 ||
          g_strcmp0 (username, FP_DEMO_FOREIGN_ACCOUNT) == 0 ||
          g_strcmp0 (username, FP_DEMO_MOVING_ACCOUNT) == 0) &&
         g_strcmp0 (password, FP_DEMO_PASSWORD) == 0;
}

/* GnuTLS certificate making ------------------------------------------------------------------ */

static gboolean
check_gnutls (int       status,
              const char *what,
              GError  **error)
{
  if (status >= 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "demo certificate: %s: %s", what,
               gnutls_strerror (status));
  return FALSE;
}

static gboolean
make_key (gnutls_x509_privkey_t *key,
          GError               **error)
{
  /* ECDSA P-256: generated in well under a millisecond, so the demo starts at once. */
  guint bits = GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1);

  return check_gnutls (gnutls_x509_privkey_init (key), "key", error) &&
         check_gnutls (gnutls_x509_privkey_generate (*key, GNUTLS_PK_ECDSA, bits, 0), "key",
                       error);
}

static gboolean
fill_common (gnutls_x509_crt_t      crt,
             gnutls_x509_privkey_t  key,
             const char            *dn,
             guint                  serial,
             GError               **error)
{
  time_t now = time (NULL);
  const char *dn_error = NULL;
  guchar serial_bytes[1] = { serial };

  /* Valid from an hour ago, for clocks a little behind, and for one day. */
  return check_gnutls (gnutls_x509_crt_set_version (crt, 3), "version", error) &&
         check_gnutls (gnutls_x509_crt_set_serial (crt, serial_bytes, 1), "serial", error) &&
         check_gnutls (gnutls_x509_crt_set_activation_time (crt, now - 3600), "time", error) &&
         check_gnutls (gnutls_x509_crt_set_expiration_time (crt, now + 24 * 3600), "time",
                       error) &&
         check_gnutls (gnutls_x509_crt_set_dn (crt, dn, &dn_error), "name", error) &&
         check_gnutls (gnutls_x509_crt_set_key (crt, key), "key", error);
}

static char *
export_pem (gnutls_x509_crt_t      crt,
            gnutls_x509_privkey_t  key,
            GError               **error)
{
  gnutls_datum_t crt_pem = { NULL, 0 };
  gnutls_datum_t key_pem = { NULL, 0 };
  char *pem = NULL;

  if (check_gnutls (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &crt_pem), "export",
                    error) &&
      (key == NULL ||
       check_gnutls (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                                        GNUTLS_PKCS_PLAIN, &key_pem),
                     "export", error)))
    pem = g_strdup_printf ("%.*s%.*s", (int) crt_pem.size, (char *) crt_pem.data,
                           (int) key_pem.size, key_pem.data ? (char *) key_pem.data : "");
  gnutls_free (crt_pem.data);
  gnutls_free (key_pem.data);
  return pem;
}

static gboolean
make_certificates (FpDemoProvider  *self,
                   GError         **error)
{
  gnutls_x509_privkey_t ca_key = NULL, server_key = NULL;
  gnutls_x509_crt_t ca = NULL, server = NULL;
  g_autofree char *ca_pem = NULL;
  g_autofree char *server_pem = NULL;
  gboolean ok;

  ok = make_key (&ca_key, error) && make_key (&server_key, error) &&
       check_gnutls (gnutls_x509_crt_init (&ca), "init", error) &&
       check_gnutls (gnutls_x509_crt_init (&server), "init", error) &&
       fill_common (ca, ca_key, "CN=Fingerpost demo authority (this process only)", 1, error) &&
       check_gnutls (gnutls_x509_crt_set_basic_constraints (ca, 1, 0), "constraints", error) &&
       check_gnutls (gnutls_x509_crt_set_key_usage (ca, GNUTLS_KEY_KEY_CERT_SIGN |
                                                          GNUTLS_KEY_CRL_SIGN),
                     "usage", error) &&
       check_gnutls (gnutls_x509_crt_sign2 (ca, ca, ca_key, GNUTLS_DIG_SHA256, 0), "sign", error) &&
       fill_common (server, server_key, "CN=mail.example", 2, error) &&
       check_gnutls (gnutls_x509_crt_set_basic_constraints (server, 0, -1), "constraints",
                     error) &&
       check_gnutls (gnutls_x509_crt_set_key_usage (server, GNUTLS_KEY_DIGITAL_SIGNATURE), "usage",
                     error) &&
       check_gnutls (gnutls_x509_crt_set_key_purpose_oid (server, GNUTLS_KP_TLS_WWW_SERVER, 0),
                     "purpose", error);
  for (guint i = 0; ok && demo_hosts[i] != NULL; i++)
    ok = check_gnutls (gnutls_x509_crt_set_subject_alt_name (server, GNUTLS_SAN_DNSNAME,
                                                             demo_hosts[i],
                                                             strlen (demo_hosts[i]),
                                                             GNUTLS_FSAN_APPEND),
                       "name", error);
  for (guint i = 0; ok && mail_hosts[i] != NULL; i++)
    ok = check_gnutls (gnutls_x509_crt_set_subject_alt_name (server, GNUTLS_SAN_DNSNAME,
                                                             mail_hosts[i],
                                                             strlen (mail_hosts[i]),
                                                             GNUTLS_FSAN_APPEND),
                       "name", error);
  ok = ok &&
       check_gnutls (gnutls_x509_crt_sign2 (server, ca, ca_key, GNUTLS_DIG_SHA256, 0), "sign",
                     error) &&
       (ca_pem = export_pem (ca, NULL, error)) != NULL &&
       (server_pem = export_pem (server, server_key, error)) != NULL &&
       (self->ca = g_tls_certificate_new_from_pem (ca_pem, -1, error)) != NULL &&
       (self->server_certificate = g_tls_certificate_new_from_pem (server_pem, -1, error)) != NULL;

  g_clear_pointer (&ca, gnutls_x509_crt_deinit);
  g_clear_pointer (&server, gnutls_x509_crt_deinit);
  g_clear_pointer (&ca_key, gnutls_x509_privkey_deinit);
  g_clear_pointer (&server_key, gnutls_x509_privkey_deinit);
  return ok;
}

/* -------------------------------------------------------------------------------------------- */

static void
fp_demo_provider_dispose (GObject *object)
{
  FpDemoProvider *self = FP_DEMO_PROVIDER (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_pointer (&self->stalled, g_ptr_array_unref);
  g_clear_object (&self->server);
  g_clear_object (&self->mail_server);
  /* Give the names back to the resolver that was there before. */
  if (self->previous_resolver != NULL)
    g_resolver_set_default (self->previous_resolver);
  g_clear_object (&self->previous_resolver);
  g_clear_object (&self->resolver);

  G_OBJECT_CLASS (fp_demo_provider_parent_class)->dispose (object);
}

static void
fp_demo_provider_finalize (GObject *object)
{
  FpDemoProvider *self = FP_DEMO_PROVIDER (object);

  g_clear_object (&self->ca);
  g_clear_object (&self->server_certificate);
  /* What the demo wrote stays for the person to look at; a folder it never used goes. */
  if (self->scratch_dir != NULL)
    g_rmdir (self->scratch_dir);
  g_clear_pointer (&self->scratch_dir, g_free);

  G_OBJECT_CLASS (fp_demo_provider_parent_class)->finalize (object);
}

static void
fp_demo_provider_class_init (FpDemoProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fp_demo_provider_dispose;
  object_class->finalize = fp_demo_provider_finalize;
}

static void
fp_demo_provider_init (FpDemoProvider *self)
{
  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
}

FpDemoProvider *
fp_demo_provider_new (void)
{
  return g_object_new (FP_TYPE_DEMO_PROVIDER, NULL);
}

static gboolean
start_listening (FpDemoProvider  *self,
        GError         **error)
{
  g_autoptr(SoupAuthDomain) domain = NULL;
  GSList *uris;

  /* The servers ask for no client certificate, so the database is never asked; with
   * glib-networking's own, each connection would parse a copy of the system's whole store.
   * This one is also the TLS backend's default from here on, for the mail servers'
   * connections too (fp-system-trust.c). */
  self->server = soup_server_new ("tls-certificate", self->server_certificate,
                                  "tls-database", fp_system_trust_get (), NULL);
  soup_server_add_handler (self->server, "/.well-known/webfinger", webfinger_cb, self, NULL);
  soup_server_add_handler (self->server, "/", document_cb, self, NULL);

  domain = soup_auth_domain_basic_new ("realm", "Example Mail Corporation", NULL);
  soup_auth_domain_basic_set_auth_callback (domain, basic_auth_cb, self, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    soup_auth_domain_add_path (domain, documents[i].path);
  soup_auth_domain_add_path (domain, MOVING_PATH);
  soup_server_add_auth_domain (self->server, domain);

  if (!soup_server_listen_local (self->server, 0,
                                 SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, error))
    return FALSE;
  uris = soup_server_get_uris (self->server);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

static void
install_resolver (FpDemoProvider *self)
{
  self->previous_resolver = g_resolver_get_default ();
  self->resolver = fp_loopback_resolver_new (self->previous_resolver);
  for (guint i = 0; demo_hosts[i] != NULL; i++)
    fp_loopback_resolver_add_host (self->resolver, demo_hosts[i], "127.0.0.1");
  for (guint i = 0; mail_hosts[i] != NULL; i++)
    fp_loopback_resolver_add_host (self->resolver, mail_hosts[i], "127.0.0.1");
  for (guint i = 0; silent_hosts[i] != NULL; i++)
    fp_loopback_resolver_add_host (self->resolver, silent_hosts[i], "127.0.0.1");
  g_resolver_set_default (G_RESOLVER (self->resolver));
}

/**
 * fp_demo_provider_start:
 *
 * Makes the certificates, listens on a random loopback port, points the demo's
 * names at it and makes the scratch folder the demo writes to.
 */
gboolean
fp_demo_provider_start (FpDemoProvider  *self,
                        GError         **error)
{
  g_return_val_if_fail (FP_IS_DEMO_PROVIDER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  if (!make_certificates (self, error) || !start_listening (self, error))
    return FALSE;
  self->mail_server = fp_demo_mail_server_new (self->server_certificate, mail_logins,
                                               FP_DEMO_PASSWORD);
  if (!fp_demo_mail_server_start (self->mail_server, error))
    return FALSE;
  self->scratch_dir = g_dir_make_tmp ("fingerpost-demo-XXXXXX", error);
  if (self->scratch_dir == NULL)
    return FALSE;
  install_resolver (self);
  return TRUE;
}

/* Trust the demo authority in @client alone, and reach the demo's names on its ports. */
void
fp_demo_provider_configure_client (FpDemoProvider *self,
                                   FpHttpClient   *client)
{
  g_return_if_fail (FP_IS_DEMO_PROVIDER (self));
  g_return_if_fail (self->server != NULL);

  fp_http_client_add_trusted_ca (client, self->ca);
  for (guint i = 0; demo_hosts[i] != NULL; i++)
    fp_http_client_set_port_override (client, demo_hosts[i], self->port);
  for (guint i = 0; mail_hosts[i] != NULL; i++)
    {
      fp_mail_port_map_set (client, mail_hosts[i], DEMO_IMAP_PORT,
                            fp_demo_mail_server_get_imap_port (self->mail_server));
      fp_mail_port_map_set (client, mail_hosts[i], DEMO_SMTP_PORT,
                            fp_demo_mail_server_get_smtp_port (self->mail_server));
    }
  for (guint i = 0; silent_hosts[i] != NULL; i++)
    {
      guint16 silent = fp_demo_mail_server_get_silent_port (self->mail_server);

      fp_mail_port_map_set (client, silent_hosts[i], DEMO_IMAP_PORT, silent);
      fp_mail_port_map_set (client, silent_hosts[i], DEMO_SMTP_PORT, silent);
    }
}

guint16
fp_demo_provider_get_port (FpDemoProvider *self)
{
  g_return_val_if_fail (FP_IS_DEMO_PROVIDER (self), 0);
  return self->port;
}

GTlsCertificate *
fp_demo_provider_get_ca (FpDemoProvider *self)
{
  g_return_val_if_fail (FP_IS_DEMO_PROVIDER (self), NULL);
  return self->ca;
}

/* Where the demo writes accounts instead of the real profiles. */
const char *
fp_demo_provider_get_scratch_dir (FpDemoProvider *self)
{
  g_return_val_if_fail (FP_IS_DEMO_PROVIDER (self), NULL);
  return self->scratch_dir;
}

const char * const *
fp_demo_provider_get_hosts (void)
{
  return demo_hosts;
}
