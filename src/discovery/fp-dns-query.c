/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-dns-query"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fp-cancel-link.h"
#include "fp-dns-query.h"
#include "fp-error.h"

/*
 * One DNS question (TXT, MX) through the default GResolver, bounded in
 * time like every HTTP request, its failure said as an FP_ERROR.
 */

typedef struct
{
  char         *rrname;
  FpCancelLink  link;  /* ours: the caller's or the deadline trip it */
  GSource      *deadline;
  gboolean      timed_out;
} Query;

static void
query_free (Query *query)
{
  if (query->deadline != NULL)
    g_source_destroy (query->deadline);
  g_clear_pointer (&query->deadline, g_source_unref);
  fp_cancel_link_clear (&query->link);
  g_free (query->rrname);
  g_free (query);
}

static void
records_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Query *query = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *records = g_resolver_lookup_records_finish (G_RESOLVER (source), result, &error);

  if (records != NULL)
    g_task_return_pointer (task, records, (GDestroyNotify) fp_dns_records_free);
  else if (query->timed_out)
    g_task_return_new_error (task, FP_ERROR, FP_ERROR_TIMEOUT,
                             _("The DNS server did not answer in time for %s."), query->rrname);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
  else if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    g_task_return_new_error (task, FP_ERROR, FP_ERROR_NOT_PUBLISHED,
                             _("%s has no such DNS records."), query->rrname);
  else
    g_task_return_new_error (task, FP_ERROR, FP_ERROR_NETWORK, _("The DNS lookup of %s failed: %s"),
                             query->rrname, error->message);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Query *query = user_data;

  query->timed_out = TRUE;
  g_clear_pointer (&query->deadline, g_source_unref);
  g_cancellable_cancel (query->link.cancellable);
  return G_SOURCE_REMOVE;
}

/**
 * fp_dns_lookup_records_async:
 * @timeout_s: how long the DNS may take; 0 for ever
 *
 * Asks the system's DNS for @rrname's records of @record_type.
 */
void
fp_dns_lookup_records_async (const char          *rrname,
                             GResolverRecordType  record_type,
                             guint                timeout_s,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  Query *query = g_new0 (Query, 1);

  g_task_set_source_tag (task, fp_dns_lookup_records_async);
  query->rrname = g_strdup (rrname);
  fp_cancel_link_init (&query->link, cancellable);
  if (timeout_s > 0)
    {
      query->deadline = g_timeout_source_new_seconds (timeout_s);
      g_source_set_callback (query->deadline, deadline_cb, query, NULL);
      g_source_set_static_name (query->deadline, "[fingerpost] DNS deadline");
      g_source_attach (query->deadline, g_task_get_context (task));
    }
  g_task_set_task_data (task, query, (GDestroyNotify) query_free);
  g_resolver_lookup_records_async (resolver, rrname, record_type, query->link.cancellable,
                                   records_cb, g_steal_pointer (&task));
}

/**
 * fp_dns_lookup_records_finish:
 *
 * Returns: (transfer full) (element-type GVariant): the records, or %NULL
 *   with %FP_ERROR_NOT_PUBLISHED when there are none
 */
GList *
fp_dns_lookup_records_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fp_dns_lookup_records_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Frees what g_resolver_lookup_records() gives: a list of GVariant, not of GSrvTarget. */
void
fp_dns_records_free (GList *records)
{
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
}
