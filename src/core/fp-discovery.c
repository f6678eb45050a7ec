/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-discovery"

#include "config.h"

#include "fp-discovery.h"
#include "fp-webfinger.h"

/*
 * From an identifier to what is published for it. WebFinger is asked first;
 * the sources other mail programs use come after it (DESIGN.md, "Fallbacks").
 */
struct _FpDiscovery
{
  GObject       parent_instance;
  FpHttpClient *client;
};

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

  G_OBJECT_CLASS (fp_discovery_parent_class)->finalize (object);
}

static void
fp_discovery_class_init (FpDiscoveryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fp_discovery_finalize;
}

static void
fp_discovery_init (FpDiscovery *self)
{
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

static void
webfinger_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *links = fp_webfinger_lookup_finish (result, &error);
  FpDiscoveryResult *found;

  if (links == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  found = g_new0 (FpDiscoveryResult, 1);
  found->source = FP_CONFIG_SOURCE_WEBFINGER;
  found->links = links;
  g_task_return_pointer (task, found, (GDestroyNotify) fp_discovery_result_free);
}

void
fp_discovery_lookup_async (FpDiscovery         *self,
                           const FpIdentifier  *identifier,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FP_IS_DISCOVERY (self));
  g_return_if_fail (identifier != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_discovery_lookup_async);
  fp_webfinger_lookup_async (self->client, identifier, cancellable, webfinger_cb,
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
