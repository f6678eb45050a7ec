/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-loopback-resolver"

#include "config.h"

#include "fp-loopback-resolver.h"

/*
 * Answers for a few names with loopback addresses and passes every other
 * question to the resolver it replaced. The demo provider installs it so that
 * `mail.example` reaches the in-process server with its name, and so its
 * certificate, unchanged; the tests use it for the same reason.
 */
struct _FpLoopbackResolver
{
  GResolver   parent_instance;

  GResolver  *fallback;  /* nullable: then every other name is not found */
  GHashTable *hosts;     /* name → address text */
  GHashTable *services;  /* SRV rrname → GList of GVariant (qqqs) */
};

G_DEFINE_FINAL_TYPE (FpLoopbackResolver, fp_loopback_resolver, G_TYPE_RESOLVER)

static GList *
lookup_host (FpLoopbackResolver       *self,
             const char               *hostname,
             GResolverNameLookupFlags  flags,
             GError                  **error)
{
  g_autofree char *name = g_ascii_strdown (hostname, -1);
  const char *address = g_hash_table_lookup (self->hosts, name);
  g_autoptr(GInetAddress) inet = NULL;
  GSocketFamily family;

  if (address == NULL)
    return NULL;
  inet = g_inet_address_new_from_string (address);
  family = g_inet_address_get_family (inet);
  if (((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY) && family != G_SOCKET_FAMILY_IPV4) ||
      ((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY) && family != G_SOCKET_FAMILY_IPV6))
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                   "%s has no address of that family", hostname);
      return NULL;
    }
  return g_list_prepend (NULL, g_steal_pointer (&inet));
}

static gboolean
knows_host (FpLoopbackResolver *self,
            const char         *hostname)
{
  g_autofree char *name = g_ascii_strdown (hostname, -1);

  return g_hash_table_contains (self->hosts, name);
}

static GList *
lookup_by_name_with_flags (GResolver                 *resolver,
                           const char                *hostname,
                           GResolverNameLookupFlags   flags,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  FpLoopbackResolver *self = FP_LOOPBACK_RESOLVER (resolver);

  if (knows_host (self, hostname))
    return lookup_host (self, hostname, flags, error);
  if (self->fallback != NULL)
    return g_resolver_lookup_by_name_with_flags (self->fallback, hostname, flags, cancellable,
                                                 error);
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "%s is not known here",
               hostname);
  return NULL;
}

static GList *
lookup_by_name (GResolver     *resolver,
                const char    *hostname,
                GCancellable  *cancellable,
                GError       **error)
{
  return lookup_by_name_with_flags (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                    cancellable, error);
}

static void
fallback_name_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *addresses = g_resolver_lookup_by_name_with_flags_finish (G_RESOLVER (source), result,
                                                                  &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
}

static void
lookup_by_name_with_flags_async (GResolver                *resolver,
                                 const char               *hostname,
                                 GResolverNameLookupFlags  flags,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  FpLoopbackResolver *self = FP_LOOPBACK_RESOLVER (resolver);
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;
  GList *addresses;

  g_task_set_source_tag (task, lookup_by_name_with_flags_async);
  if (!knows_host (self, hostname) && self->fallback != NULL)
    {
      g_resolver_lookup_by_name_with_flags_async (self->fallback, hostname, flags, cancellable,
                                                  fallback_name_cb, g_steal_pointer (&task));
      return;
    }
  addresses = lookup_by_name_with_flags (resolver, hostname, flags, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
}

static void
lookup_by_name_async (GResolver           *resolver,
                      const char          *hostname,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  lookup_by_name_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                   cancellable, callback, user_data);
}

static GList *
lookup_by_name_finish (GResolver     *resolver,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
ref_record (gconstpointer record,
            gpointer      user_data)
{
  return g_variant_ref ((GVariant *) record);
}

static GList *
copy_records (GList *records)
{
  return g_list_copy_deep (records, ref_record, NULL);
}

static GList *
lookup_records (GResolver            *resolver,
                const char           *rrname,
                GResolverRecordType   record_type,
                GCancellable         *cancellable,
                GError              **error)
{
  FpLoopbackResolver *self = FP_LOOPBACK_RESOLVER (resolver);
  GList *records = record_type == G_RESOLVER_RECORD_SRV
                     ? g_hash_table_lookup (self->services, rrname)
                     : NULL;

  if (records != NULL)
    return copy_records (records);
  if (self->fallback != NULL)
    return g_resolver_lookup_records (self->fallback, rrname, record_type, cancellable, error);
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "%s has no records here",
               rrname);
  return NULL;
}

static void
free_records (GList *records)
{
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
}

static void
lookup_records_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;
  GList *records = lookup_records (source_object, task_data,
                                   GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "type")),
                                   cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, records, (GDestroyNotify) free_records);
}

static void
lookup_records_async (GResolver           *resolver,
                      const char          *rrname,
                      GResolverRecordType  record_type,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  /* The fallback's lookup is synchronous, and a DNS server may take seconds: not on the
   * caller's main loop. */
  g_task_set_task_data (task, g_strdup (rrname), g_free);
  g_object_set_data (G_OBJECT (task), "type", GINT_TO_POINTER (record_type));
  g_task_run_in_thread (task, lookup_records_thread);
}

static GList *
lookup_records_finish (GResolver     *resolver,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fp_loopback_resolver_finalize (GObject *object)
{
  FpLoopbackResolver *self = FP_LOOPBACK_RESOLVER (object);

  g_clear_object (&self->fallback);
  g_clear_pointer (&self->hosts, g_hash_table_unref);
  g_clear_pointer (&self->services, g_hash_table_unref);

  G_OBJECT_CLASS (fp_loopback_resolver_parent_class)->finalize (object);
}

static void
fp_loopback_resolver_class_init (FpLoopbackResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = fp_loopback_resolver_finalize;

  resolver_class->lookup_by_name = lookup_by_name;
  resolver_class->lookup_by_name_async = lookup_by_name_async;
  resolver_class->lookup_by_name_finish = lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = lookup_by_name_finish;
  resolver_class->lookup_records = lookup_records;
  resolver_class->lookup_records_async = lookup_records_async;
  resolver_class->lookup_records_finish = lookup_records_finish;
}

static void
fp_loopback_resolver_init (FpLoopbackResolver *self)
{
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) free_records);
}

/**
 * fp_loopback_resolver_new:
 * @fallback: (nullable): the resolver for every other name, usually the
 *   previous g_resolver_get_default(); %NULL makes other names unknown
 */
FpLoopbackResolver *
fp_loopback_resolver_new (GResolver *fallback)
{
  FpLoopbackResolver *self = g_object_new (FP_TYPE_LOOPBACK_RESOLVER, NULL);

  self->fallback = fallback ? g_object_ref (fallback) : NULL;
  return self;
}

void
fp_loopback_resolver_add_host (FpLoopbackResolver *self,
                               const char         *host,
                               const char         *address)
{
  g_return_if_fail (FP_IS_LOOPBACK_RESOLVER (self));
  g_return_if_fail (g_hostname_is_ip_address (address));

  g_hash_table_replace (self->hosts, g_ascii_strdown (host, -1), g_strdup (address));
}

/* Adds an SRV record (RFC 2782); a @target of "." says the service is not offered. */
void
fp_loopback_resolver_add_srv (FpLoopbackResolver *self,
                              const char         *rrname,
                              const char         *target,
                              guint16             port,
                              guint16             priority)
{
  GList *records;
  gpointer old_key = NULL;

  g_return_if_fail (FP_IS_LOOPBACK_RESOLVER (self));

  /* Stolen, not removed: the list goes on in the new entry; the old key is ours to free. */
  if (!g_hash_table_steal_extended (self->services, rrname, &old_key, (gpointer *) &records))
    records = NULL;
  g_free (old_key);
  records = g_list_append (records, g_variant_ref_sink (g_variant_new ("(qqqs)", priority, 0,
                                                                       port, target)));
  g_hash_table_insert (self->services, g_strdup (rrname), records);
}
