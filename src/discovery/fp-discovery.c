/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-discovery"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fp-autoconfig-fetch.h"
#include "fp-discovery.h"
#include "fp-error.h"
#include "fp-srv-lookup.h"
#include "fp-webfinger.h"

/*
 * From an identifier to what is published for it. WebFinger is asked first;
 * the sources other mail programs use come after it, all at once, ranked by
 * trust (DESIGN.md, "Fallbacks beyond WebFinger").
 */
struct _FpDiscovery
{
  GObject       parent_instance;
  FpHttpClient *client;
  char         *ispdb_url;  /* NULL: the ISP database is not asked */
  gboolean      srv_enabled;
};

enum
{
  PROP_0,
  PROP_ISPDB_URL,
  PROP_SRV_ENABLED,
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
  return copy;
}

void
fp_discovery_result_free (FpDiscoveryResult *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_clear_pointer (&self->config, fp_mail_config_unref);
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
    case PROP_SRV_ENABLED:
      g_value_set_boolean (value, self->srv_enabled);
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
    case PROP_SRV_ENABLED:
      fp_discovery_set_srv_enabled (self, g_value_get_boolean (value));
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
  properties[PROP_SRV_ENABLED] =
    g_param_spec_boolean ("srv-enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fp_discovery_init (FpDiscovery *self)
{
  self->ispdb_url = g_strdup (FP_ISPDB_DEFAULT_URL);
  self->srv_enabled = TRUE;
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
fp_discovery_get_srv_enabled (FpDiscovery *self)
{
  g_return_val_if_fail (FP_IS_DISCOVERY (self), FALSE);
  return self->srv_enabled;
}

void
fp_discovery_set_srv_enabled (FpDiscovery *self,
                              gboolean     enabled)
{
  g_return_if_fail (FP_IS_DISCOVERY (self));

  enabled = !!enabled;
  if (self->srv_enabled == enabled)
    return;
  self->srv_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SRV_ENABLED]);
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
 * One lookup: WebFinger, then, when it has nothing, the fallbacks all at
 * once. A fallback's answer is used once every better-ranked one has
 * failed, so the wait is the slowest source that matters, not the sum.
 */
typedef struct
{
  FpConfigSourceKind  kind;
  char               *uri;     /* NULL for DNS */
  gboolean            done;
  FpMailConfig       *config;
  GError             *error;
} Fallback;

typedef struct
{
  FpIdentifier *identifier;
  GError       *webfinger_error;
  Fallback      fallbacks[4];
  guint         n_fallbacks;
  gboolean      returned;
  GCancellable *cancellable;   /* ours: stops the sources that lost */
  GCancellable *caller_cancellable;
  gulong        cancelled_id;
} Lookup;

typedef struct
{
  GTask *task;
  guint  index;
} Pending;

static void
lookup_free (Lookup *lookup)
{
  for (guint i = 0; i < lookup->n_fallbacks; i++)
    {
      g_free (lookup->fallbacks[i].uri);
      g_clear_pointer (&lookup->fallbacks[i].config, fp_mail_config_unref);
      g_clear_error (&lookup->fallbacks[i].error);
    }
  if (lookup->cancelled_id != 0)
    g_cancellable_disconnect (lookup->caller_cancellable, lookup->cancelled_id);
  g_clear_object (&lookup->caller_cancellable);
  g_clear_object (&lookup->cancellable);
  g_clear_error (&lookup->webfinger_error);
  fp_identifier_free (lookup->identifier);
  g_free (lookup);
}

static void
return_config (GTask        *task,
               FpMailConfig *config)
{
  FpDiscoveryResult *found = g_new0 (FpDiscoveryResult, 1);

  found->source = config->source_kind;
  found->config = fp_mail_config_ref (config);
  g_task_return_pointer (task, found, (GDestroyNotify) fp_discovery_result_free);
}

/*
 * Nothing usable anywhere. A fallback that found settings it cannot use
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

  for (guint i = 0; i < lookup->n_fallbacks; i++)
    {
      GError *error = lookup->fallbacks[i].error;

      if (g_error_matches (error, FP_ERROR, FP_ERROR_UNSUPPORTED) ||
          g_error_matches (error, FP_ERROR, FP_ERROR_UNSAFE))
        {
          g_task_return_error (task, g_steal_pointer (&lookup->fallbacks[i].error));
          return;
        }
    }
  g_task_return_error (task, g_steal_pointer (&lookup->webfinger_error));
}

/* Returns the best answer once nothing better-ranked can still come. */
static void
decide (GTask *task)
{
  Lookup *lookup = g_task_get_task_data (task);

  if (lookup->returned)
    return;
  for (guint i = 0; i < lookup->n_fallbacks; i++)
    {
      Fallback *fallback = &lookup->fallbacks[i];

      if (fallback->config != NULL)
        {
          lookup->returned = TRUE;
          g_cancellable_cancel (lookup->cancellable);
          return_config (task, fallback->config);
          return;
        }
      if (!fallback->done)
        return;
    }
  lookup->returned = TRUE;
  if (g_cancellable_is_cancelled (lookup->caller_cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
  else
    return_failure (task);
}

static void
fallback_done (GTask        *task,
               guint         index,
               FpMailConfig *config,
               GError       *error)
{
  FpDiscovery *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  Fallback *fallback = &lookup->fallbacks[index];
  FpActivityLog *log = fp_http_client_get_log (self->client);

  fallback->done = TRUE;
  fallback->config = config;
  fallback->error = error;
  if (config != NULL)
    fp_activity_log_add (log, "%s found settings%s%s%s", fp_config_source_kind_to_string
                         (fallback->kind), fallback->uri ? " at " : "",
                         fallback->uri ? fallback->uri : "",
                         config->trusted ? "" : " (to be confirmed: not in the account's domain, "
                                                "or from DNS)");
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    fp_activity_log_add (log, "%s: %s", fp_config_source_kind_to_string (fallback->kind),
                         error->message);
  decide (task);
}

static void
autoconfig_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GTask) task = pending->task;
  GError *error = NULL;
  FpMailConfig *config = fp_autoconfig_fetch_finish (result, &error);

  fallback_done (task, pending->index, config, error);
  g_free (pending);
}

static void
srv_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GTask) task = pending->task;
  GError *error = NULL;
  FpMailConfig *config = fp_srv_lookup_finish (result, &error);

  fallback_done (task, pending->index, config, error);
  g_free (pending);
}

static void
add_fallback (Lookup             *lookup,
              FpConfigSourceKind  kind,
              char               *uri)
{
  Fallback *fallback = &lookup->fallbacks[lookup->n_fallbacks++];

  fallback->kind = kind;
  fallback->uri = uri;
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

/* Best trusted first: the provider's own documents, the ISP database, then DNS. */
static void
start_fallbacks (GTask *task)
{
  FpDiscovery *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  const FpIdentifier *identifier = lookup->identifier;

  add_fallback (lookup, FP_CONFIG_SOURCE_AUTOCONFIG, fp_autoconfig_build_provider_uri (identifier));
  add_fallback (lookup, FP_CONFIG_SOURCE_AUTOCONFIG,
                fp_autoconfig_build_well_known_uri (identifier));
  if (self->ispdb_url != NULL)
    add_fallback (lookup, FP_CONFIG_SOURCE_ISPDB,
                  fp_autoconfig_build_ispdb_uri (self->ispdb_url, identifier));
  if (self->srv_enabled)
    add_fallback (lookup, FP_CONFIG_SOURCE_SRV, NULL);

  fp_activity_log_add (fp_http_client_get_log (self->client),
                       "nothing from WebFinger; asking %u other sources at once",
                       lookup->n_fallbacks);
  for (guint i = 0; i < lookup->n_fallbacks; i++)
    {
      Fallback *fallback = &lookup->fallbacks[i];

      if (fallback->kind == FP_CONFIG_SOURCE_SRV)
        fp_srv_lookup_async (identifier, fp_http_client_get_timeout (self->client),
                             lookup->cancellable, srv_cb, pending_new (task, i));
      else
        fp_autoconfig_fetch_async (self->client, identifier, fallback->kind, fallback->uri,
                                   lookup->cancellable, autoconfig_cb, pending_new (task, i));
    }
}

static void
webfinger_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  GError *error = NULL;
  GPtrArray *links = fp_webfinger_lookup_finish (result, &error);
  FpDiscoveryResult *found;

  if (links != NULL)
    {
      found = g_new0 (FpDiscoveryResult, 1);
      found->source = FP_CONFIG_SOURCE_WEBFINGER;
      found->links = links;
      g_task_return_pointer (task, found, (GDestroyNotify) fp_discovery_result_free);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Not only "nothing here": a host without a web server is just as common. */
  lookup->webfinger_error = error;
  start_fallbacks (task);
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/**
 * fp_discovery_lookup_async:
 *
 * Asks WebFinger; when it has nothing (or cannot be reached), asks the
 * fallbacks at once: the provider's autoconfig documents, the ISP database
 * (unless turned off) and DNS SRV records, and takes the best-ranked answer.
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
  lookup->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      lookup->caller_cancellable = g_object_ref (cancellable);
      lookup->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                    g_object_ref (lookup->cancellable),
                                                    g_object_unref);
    }
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);

  fp_webfinger_lookup_async (self->client, identifier, lookup->cancellable, webfinger_cb,
                             g_steal_pointer (&task));
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
