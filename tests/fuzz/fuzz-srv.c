/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-srv"

#include "config.h"

#include <string.h>

#include "fp-error.h"
#include "fp-fuzz.h"
#include "fp-srv-lookup.h"

/*
 * DNS SRV answers, as the resolver hands them over: a resolver of our own
 * answers each of the six questions with records read from the input
 * (service index, priority, weight, port, target length, target), and the
 * lookup's result must keep its promises: DNS names only, never trusted.
 */

#define FUZZ_TYPE_RESOLVER (fuzz_resolver_get_type ())
G_DECLARE_FINAL_TYPE (FuzzResolver, fuzz_resolver, FUZZ, RESOLVER, GResolver)

struct _FuzzResolver
{
  GResolver  parent_instance;
  GList     *answers[6];  /* GVariant (qqqs), by service */
};

G_DEFINE_FINAL_TYPE (FuzzResolver, fuzz_resolver, G_TYPE_RESOLVER)

static const char * const services[] = {
  "_imaps._tcp.", "_imap._tcp.", "_pop3s._tcp.", "_pop3._tcp.", "_submissions._tcp.",
  "_submission._tcp.",
};

static gpointer
copy_record (gconstpointer record,
             gpointer      user_data)
{
  return g_variant_ref ((GVariant *) record);
}

static void
fuzz_resolver_lookup_records_async (GResolver           *resolver,
                                    const char          *rrname,
                                    GResolverRecordType  record_type,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  FuzzResolver *self = FUZZ_RESOLVER (resolver);
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_assert_cmpint (record_type, ==, G_RESOLVER_RECORD_SRV);
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    if (g_str_has_prefix (rrname, services[i]) && self->answers[i] != NULL)
      {
        g_task_return_pointer (task, g_list_copy_deep (self->answers[i], copy_record, NULL),
                               NULL);
        return;
      }
  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no record");
}

static GList *
fuzz_resolver_lookup_records_finish (GResolver     *resolver,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fuzz_resolver_class_init (FuzzResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_records_async = fuzz_resolver_lookup_records_async;
  resolver_class->lookup_records_finish = fuzz_resolver_lookup_records_finish;
}

static void
fuzz_resolver_init (FuzzResolver *self)
{
}

static void
clear_answers (FuzzResolver *resolver)
{
  for (guint i = 0; i < G_N_ELEMENTS (resolver->answers); i++)
    g_list_free_full (g_steal_pointer (&resolver->answers[i]), (GDestroyNotify) g_variant_unref);
}

static guint16
read_u16 (const uint8_t *data)
{
  return (guint16) (data[0] << 8 | data[1]);
}

static void
read_answers (FuzzResolver  *resolver,
              const uint8_t *data,
              size_t         size)
{
  while (size >= 8)
    {
      guint service = data[0] % G_N_ELEMENTS (services);
      gsize length = MIN ((gsize) data[7], size - 8);
      g_autofree char *raw = g_strndup ((const char *) data + 8, length);
      /* What GLib's resolver gives is text (dn_expand escapes the rest). */
      g_autofree char *target = g_utf8_make_valid (raw, -1);

      resolver->answers[service] =
        g_list_append (resolver->answers[service],
                       g_variant_ref_sink (g_variant_new ("(qqqs)", read_u16 (data + 1),
                                                          read_u16 (data + 3),
                                                          read_u16 (data + 5), target)));
      data += 8 + length;
      size -= 8 + length;
    }
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static FuzzResolver *resolver;
  g_autoptr(FpIdentifier) identifier = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(FpMailConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  fp_fuzz_init ();
  if (resolver == NULL)
    {
      resolver = g_object_new (FUZZ_TYPE_RESOLVER, NULL);
      g_resolver_set_default (G_RESOLVER (resolver));
    }
  read_answers (resolver, data, size);
  identifier = fp_identifier_parse ("alice@mail.example", NULL);
  fp_srv_lookup_async (identifier, 0, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  config = fp_srv_lookup_finish (result, &error);
  clear_answers (resolver);

  if (config == NULL)
    {
      g_assert_error (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED);
      return 0;
    }
  fp_fuzz_check_config (config);
  g_assert_false (config->trusted);
  g_assert_cmpint (config->source_kind, ==, FP_CONFIG_SOURCE_SRV);
  return 0;
}
