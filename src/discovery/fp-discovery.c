/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-discovery"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fp-autoconfig-fetch.h"
#include "fp-cancel-link.h"
#include "fp-config-trust.h"
#include "fp-discovery.h"
#include "fp-error.h"
#include "fp-mx-lookup.h"
#include "fp-pacc-fetch.h"
#include "fp-pacc.h"
#include "fp-ranked-source.h"
#include "fp-srv-lookup.h"
#include "fp-webfinger.h"

/*
 * From an identifier to what is published for it: WebFinger and the sources
 * other mail programs use, all at once, ranked (DESIGN.md, "Where settings
 * come from").
 */
struct _FpDiscovery
{
  GObject       parent_instance;
  FpHttpClient *client;
  char         *ispdb_url;  /* NULL: the ISP database is not asked */
  gboolean      dns_enabled;
};

enum
{
  PROP_0,
  PROP_ISPDB_URL,
  PROP_DNS_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FpDiscovery, fp_discovery, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (FpDiscoveryResult, fp_discovery_result,
                     fp_discovery_result_copy, fp_discovery_result_free)

static gpointer
copy_link (gconstpointer link,
           gpointer      user_data)
{
  return fp_autoconfig_link_copy (link);
}

FpDiscoveryResult *
fp_discovery_result_copy (const FpDiscoveryResult *self)
{
  FpDiscoveryResult *copy = g_new0 (FpDiscoveryResult, 1);

  copy->source = self->source;
  if (self->links != NULL)
    copy->links = g_ptr_array_copy (self->links, copy_link, NULL);
  if (copy->links != NULL)
    g_ptr_array_set_free_func (copy->links, (GDestroyNotify) fp_autoconfig_link_free);
  if (self->config != NULL)
    copy->config = fp_mail_config_ref (self->config);
  copy->warning = g_strdup (self->warning);
  return copy;
}

void
fp_discovery_result_free (FpDiscoveryResult *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->config, fp_mail_config_unref);
  g_free (self->warning);
  g_free (self);
}

static void
fp_discovery_finalize (GObject *object)
{
  FpDiscovery *self = FP_DISCOVERY (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->ispdb_url, g_free);

  G_OBJECT_CLASS (fp_discovery_parent_class)->finalize (object);
}

static void
fp_discovery_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FpDiscovery *self = FP_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_ISPDB_URL:
      g_value_set_string (value, self->ispdb_url);
      break;
    case PROP_DNS_ENABLED:
      g_value_set_boolean (value, self->dns_enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fp_discovery_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FpDiscovery *self = FP_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_ISPDB_URL:
      fp_discovery_set_ispdb_url (self, g_value_get_string (value));
      break;
    case PROP_DNS_ENABLED:
      fp_discovery_set_dns_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fp_discovery_class_init (FpDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fp_discovery_finalize;
  object_class->get_property = fp_discovery_get_property;
  object_class->set_property = fp_discovery_set_property;

  /**
   * FpDiscovery:ispdb-url:
   *
   * The base URL of the ISP database (the domain is appended), or %NULL not
   * to ask it: it learns which domain is being set up.
   */
  properties[PROP_ISPDB_URL] =
    g_param_spec_string ("ispdb-url", NULL, NULL, FP_ISPDB_DEFAULT_URL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FpDiscovery:srv-enabled:
   *
   * Whether DNS SRV records are asked for (the demo provider has no DNS).
   */
  properties[PROP_DNS_ENABLED] =
    g_param_spec_boolean ("dns-enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fp_discovery_init (FpDiscovery *self)
{
  self->ispdb_url = g_strdup (FP_ISPDB_DEFAULT_URL);
  self->dns_enabled = TRUE;
}

FpDiscovery *
fp_discovery_new (FpHttpClient *client)
{
  FpDiscovery *self;

  g_return_val_if_fail (FP_IS_HTTP_CLIENT (client), NULL);

  self = g_object_new (FP_TYPE_DISCOVERY, NULL);
  self->client = g_object_ref (client);
  return self;
}

FpHttpClient *
fp_discovery_get_client (FpDiscovery *self)
{
  g_return_val_if_fail (FP_IS_DISCOVERY (self), NULL);
  return self->client;
}

const char *
fp_discovery_get_ispdb_url (FpDiscovery *self)
{
  g_return_val_if_fail (FP_IS_DISCOVERY (self), NULL);
  return self->ispdb_url;
}

gboolean
fp_discovery_get_dns_enabled (FpDiscovery *self)
{
  g_return_val_if_fail (FP_IS_DISCOVERY (self), FALSE);
  return self->dns_enabled;
}

void
fp_discovery_set_dns_enabled (FpDiscovery *self,
                              gboolean     enabled)
{
  g_return_if_fail (FP_IS_DISCOVERY (self));

  enabled = !!enabled;
  if (self->dns_enabled == enabled)
    return;
  self->dns_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DNS_ENABLED]);
}

/**
 * fp_discovery_set_ispdb_url:
 * @base_url: (nullable): an `https:` base URL, or %NULL to turn the ISP database off
 */
void
fp_discovery_set_ispdb_url (FpDiscovery *self,
                            const char  *base_url)
{
  g_return_if_fail (FP_IS_DISCOVERY (self));

  if (g_strcmp0 (self->ispdb_url, base_url) == 0)
    return;
  g_free (self->ispdb_url);
  self->ispdb_url = g_strdup (base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ISPDB_URL]);
}

/*
 * One lookup: every source at once. An answer is used once every
 * better-ranked source has failed, so the wait is the slowest source that
 * matters, not the sum (a domain without WebFinger costs the round trips of
 * its best source).
 */
typedef struct
{
  FpIdentifier *identifier;
  GArray       *sources;     /* FpRankedSource, best first */
  guint         well_known;  /* index of DOMAIN/.well-known/autoconfig, started after WebFinger */
  gboolean      returned;
  FpCancelLink  link;  /* ours: stops the sources that lost */
} Lookup;

typedef struct
{
  GTask *task;
  guint  index;
} Pending;

static void
lookup_free (Lookup *lookup)
{
  g_clear_pointer (&lookup->sources, g_array_unref);
  fp_cancel_link_clear (&lookup->link);
  fp_identifier_free (lookup->identifier);
  g_free (lookup);
}

static FpRankedSource *
source_at (Lookup *lookup,
           guint   index)
{
  return &g_array_index (lookup->sources, FpRankedSource, index);
}

/*
 * The account's own web host (WebFinger, .well-known) failed its certificate
 * check: with forged DNS, someone in the middle could also have forged the
 * SRV and MX answers, so those are not used (issue of trust, not of luck).
 */
static const GError *
own_host_tls_error (Lookup *lookup)
{
  for (guint i = 0; i < lookup->sources->len; i++)
    {
      FpRankedSource *source = source_at (lookup, i);
      g_autoptr(GUri) uri = source->uri ? g_uri_parse (source->uri, G_URI_FLAGS_NONE, NULL) : NULL;

      if (g_error_matches (source->error, FP_ERROR, FP_ERROR_TLS) && uri != NULL &&
          g_ascii_strcasecmp (g_uri_get_host (uri), lookup->identifier->host) == 0)
        return source->error;
    }
  return NULL;
}

static FpDiscoveryResult *
result_new (Lookup         *lookup,
            FpRankedSource *source)
{
  FpDiscoveryResult *found = g_new0 (FpDiscoveryResult, 1);
  const GError *tls_error = own_host_tls_error (lookup);

  found->source = source->kind;
  if (source->links != NULL)
    found->links = g_ptr_array_ref (source->links);
  if (source->config != NULL)
    found->config = fp_mail_config_ref (source->config);
  if (tls_error != NULL)
    found->warning = g_strdup_printf (_("%s Someone may be in the middle; settings from DNS "
                                        "were not considered."), tls_error->message);
  return found;
}

/*
 * Nothing usable anywhere. A source that found settings it cannot use
 * (OAuth2 only, plain text only, a redirect to plain HTTP) says more than
 * "nothing published"; so does a WebFinger failure other than "nothing
 * here" (the person may fix the network or the certificate). A document
 * that does not parse is not among them: many web servers answer any path
 * with an HTML page.
 */
static void
return_failure (GTask *task)
{
  Lookup *lookup = g_task_get_task_data (task);

  for (guint i = 1; i < lookup->sources->len; i++)
    {
      FpRankedSource *source = source_at (lookup, i);

      if (g_error_matches (source->error, FP_ERROR, FP_ERROR_UNSUPPORTED) ||
          g_error_matches (source->error, FP_ERROR, FP_ERROR_UNSAFE))
        {
          g_task_return_error (task, g_steal_pointer (&source->error));
          return;
        }
    }
  g_task_return_error (task, g_steal_pointer (&source_at (lookup, 0)->error));
}

/* A DNS-derived answer after the certificate failure: set aside, the failure said instead. */
static gboolean
refuse_dns_answer (GTask          *task,
                   FpRankedSource *source)
{
  Lookup *lookup = g_task_get_task_data (task);
  FpDiscovery *self = g_task_get_source_object (task);
  const GError *tls_error;

  if (!fp_config_source_is_dns (source->kind) || (tls_error = own_host_tls_error (lookup)) == NULL)
    return FALSE;
  fp_activity_log_add (fp_http_client_get_log (self->client),
                       "not using the settings from %s: the certificate of %s failed, and DNS "
                       "answers can be forged by the same party", fp_config_source_kind_to_string
                       (source->kind), lookup->identifier->host);
  g_task_return_new_error (task, FP_ERROR, FP_ERROR_TLS,
                           _("%s Settings were found in DNS, but they are not used: someone may be "
                             "in the middle."), tls_error->message);
  return TRUE;
}

/* Returns the best answer once nothing better-ranked can still come. */
static void
decide (GTask *task)
{
  Lookup *lookup = g_task_get_task_data (task);
  FpRankedSource *source;
  guint winner = 0;

  if (lookup->returned)
    return;
  switch (fp_ranked_sources_decide (lookup->sources, &winner))
    {
    case FP_RANKING_PENDING:
      return;
    case FP_RANKING_FOUND:
      lookup->returned = TRUE;
      g_cancellable_cancel (lookup->link.cancellable);
      source = source_at (lookup, winner);
      if (!refuse_dns_answer (task, source))
        g_task_return_pointer (task, result_new (lookup, source),
                               (GDestroyNotify) fp_discovery_result_free);
      return;
    case FP_RANKING_NONE:
    default:
      lookup->returned = TRUE;
      if (fp_cancel_link_caller_cancelled (&lookup->link))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
      else
        return_failure (task);
      return;
    }
}

static void
source_done (GTask        *task,
             guint         index,
             GPtrArray    *links,
             FpMailConfig *config,
             GError       *error)
{
  FpDiscovery *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  FpRankedSource *source = source_at (lookup, index);
  FpActivityLog *log = fp_http_client_get_log (self->client);
  const char *kind = fp_config_source_kind_to_string (source->kind);

  source->done = TRUE;
  source->links = links;
  source->config = config;
  source->error = error;
  if (config != NULL)
    fp_activity_log_add (log, "%s found settings%s%s%s", kind, source->uri ? " at " : "",
                         source->uri ? source->uri : "",
                         config->trusted ? "" : " (from DNS: to be confirmed)");
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    fp_activity_log_add (log, "%s: %s", kind, error->message);
  if (g_error_matches (error, FP_ERROR, FP_ERROR_TLS) && own_host_tls_error (lookup) == error)
    fp_activity_log_add (log, "the certificate of %s, the account's own web host, failed: "
                         "settings from DNS will not be used", lookup->identifier->host);
  decide (task);
}

#define DEFINE_SOURCE_CB(name, finish_call)                                     \
  static void                                                                  \
  name (GObject      *object,                                                  \
        GAsyncResult *result,                                                  \
        gpointer      user_data)                                               \
  {                                                                            \
    Pending *pending = user_data;                                              \
    g_autoptr(GTask) task = pending->task;                                     \
    guint index = pending->index;                                              \
    GError *error = NULL;                                                      \
    FpMailConfig *config;                                                      \
                                                                               \
    g_free (pending);                                                          \
    config = finish_call;                                                      \
    source_done (task, index, NULL, config, error);                            \
  }

DEFINE_SOURCE_CB (autoconfig_cb, fp_autoconfig_fetch_finish (result, &error))
DEFINE_SOURCE_CB (pacc_cb, fp_pacc_fetch_finish (result, &error))
DEFINE_SOURCE_CB (mx_cb, fp_mx_lookup_finish (result, &error))
DEFINE_SOURCE_CB (srv_cb, fp_srv_lookup_finish (result, &error))

static void start_after_webfinger (GTask *task);

static void
webfinger_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GTask) task = pending->task;
  GError *error = NULL;
  GPtrArray *links;

  g_free (pending);
  /* Not only "nothing here": a host without a web server is just as common. */
  links = fp_webfinger_lookup_finish (result, &error);
  source_done (task, 0, links, NULL, error);
  start_after_webfinger (task);
}

static Pending *
pending_new (GTask *task,
             guint  index)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->task = g_object_ref (task);
  pending->index = index;
  return pending;
}

/* Best first (DESIGN.md, "Where settings come from"). */
static void
add_sources (FpDiscovery *self,
             Lookup      *lookup)
{
  const FpIdentifier *identifier = lookup->identifier;
  GArray *sources = lookup->sources;

  fp_ranked_sources_add (sources, FP_CONFIG_SOURCE_WEBFINGER, fp_webfinger_build_uri (identifier),
                         NULL);
  if (self->dns_enabled)
    fp_ranked_sources_add (sources, FP_CONFIG_SOURCE_PACC, fp_pacc_build_uri (identifier->host),
                           NULL);
  fp_ranked_sources_add (sources, FP_CONFIG_SOURCE_AUTOCONFIG,
                         fp_autoconfig_build_provider_uri (identifier), NULL);
  lookup->well_known = sources->len;
  fp_ranked_sources_add (sources, FP_CONFIG_SOURCE_AUTOCONFIG,
                         fp_autoconfig_build_well_known_uri (identifier), NULL);
  if (self->ispdb_url != NULL)
    fp_ranked_sources_add (sources, FP_CONFIG_SOURCE_ISPDB,
                           fp_autoconfig_build_ispdb_uri (self->ispdb_url, identifier), NULL);
  if (self->dns_enabled)
    {
      fp_ranked_sources_add (sources, FP_CONFIG_SOURCE_MX, NULL, NULL);
      fp_ranked_sources_add (sources, FP_CONFIG_SOURCE_SRV, NULL, NULL);
    }
}

static void
start_source (GTask *task,
              guint  index)
{
  FpDiscovery *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  const FpIdentifier *identifier = lookup->identifier;
  FpRankedSource *source = source_at (lookup, index);
  Pending *pending = pending_new (task, index);

  switch (source->kind)
    {
    case FP_CONFIG_SOURCE_WEBFINGER:
      fp_webfinger_lookup_async (self->client, identifier, lookup->link.cancellable, webfinger_cb,
                                 pending);
      break;
    case FP_CONFIG_SOURCE_PACC:
      fp_pacc_fetch_async (self->client, identifier, lookup->link.cancellable, pacc_cb, pending);
      break;
    case FP_CONFIG_SOURCE_MX:
      fp_mx_lookup_async (self->client, identifier, self->ispdb_url, lookup->link.cancellable,
                          mx_cb, pending);
      break;
    case FP_CONFIG_SOURCE_SRV:
      fp_srv_lookup_async (identifier, fp_http_client_get_timeout (self->client),
                           lookup->link.cancellable, srv_cb, pending);
      break;
    case FP_CONFIG_SOURCE_AUTOCONFIG:
    case FP_CONFIG_SOURCE_ISPDB:
    case FP_CONFIG_SOURCE_MANUAL:
    default:
      fp_autoconfig_fetch_async (self->client, identifier, source->kind, source->uri,
                                 lookup->link.cancellable, autoconfig_cb, pending);
      break;
    }
}

/*
 * DOMAIN/.well-known/autoconfig is on WebFinger's host and ranked below it:
 * asked once WebFinger's answer is in, on the connection WebFinger opened
 * (its 404 read to the end), it costs one round trip. Asked at the same
 * time, it would wait for libsoup to open a second connection to the host.
 */
static void
start_after_webfinger (GTask *task)
{
  Lookup *lookup = g_task_get_task_data (task);

  if (!lookup->returned && lookup->well_known != 0)
    start_source (task, lookup->well_known);
}

static void
start_sources (GTask *task)
{
  FpDiscovery *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);

  add_sources (self, lookup);
  fp_activity_log_add (fp_http_client_get_log (self->client), "asking %u sources at once",
                       lookup->sources->len);
  for (guint i = 0; i < lookup->sources->len; i++)
    if (i != lookup->well_known)
      start_source (task, i);
}

/**
 * fp_discovery_lookup_async:
 *
 * Asks every source at once: WebFinger, PACC, the provider's autoconfig
 * documents, the ISP database (unless turned off), the MX host's provider
 * and DNS SRV records (unless DNS is turned off), and takes the best-ranked
 * answer. WebFinger's 401 still asks for credentials through the client's
 * #FpHttpClient::credentials-required; nothing ranked below it is used
 * meanwhile.
 */
void
fp_discovery_lookup_async (FpDiscovery         *self,
                           const FpIdentifier  *identifier,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Lookup *lookup;

  g_return_if_fail (FP_IS_DISCOVERY (self));
  g_return_if_fail (identifier != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_discovery_lookup_async);
  lookup = g_new0 (Lookup, 1);
  lookup->identifier = fp_identifier_copy (identifier);
  lookup->sources = fp_ranked_sources_new ();
  fp_cancel_link_init (&lookup->link, cancellable);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  start_sources (task);
}

/**
 * fp_discovery_lookup_finish:
 *
 * Returns: (transfer full): what was found, or %NULL with an %FP_ERROR
 *   (%FP_ERROR_NOT_PUBLISHED when no source has anything: manual setup then)
 */
FpDiscoveryResult *
fp_discovery_lookup_finish (FpDiscovery   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
