/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-mx-lookup"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fp-autoconfig-fetch.h"
#include "fp-cancel-link.h"
#include "fp-dns-query.h"
#include "fp-error.h"
#include "fp-mx-lookup.h"
#include "fp-mx.h"
#include "fp-ranked-source.h"

/*
 * The domain's MX host, then the ISP database and autoconfig asked for the
 * mail host's domains (fp_mx_derived_domains()), all at once and ranked in
 * that order. The placeholders still stand for the person's own address;
 * the result is untrusted, since the MX answer is not signed.
 */

typedef struct
{
  FpIdentifier *identifier;
  char         *ispdb_url;
  char         *mx_host;
  GArray       *sources;     /* FpRankedSource */
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
  fp_cancel_link_clear (&lookup->link);
  g_clear_pointer (&lookup->sources, g_array_unref);
  fp_identifier_free (lookup->identifier);
  g_free (lookup->ispdb_url);
  g_free (lookup->mx_host);
  g_free (lookup);
}

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
      source = &g_array_index (lookup->sources, FpRankedSource, winner);
      g_task_return_pointer (task, fp_mail_config_ref (source->config),
                             (GDestroyNotify) fp_mail_config_unref);
      return;
    case FP_RANKING_NONE:
    default:
      lookup->returned = TRUE;
      if (fp_cancel_link_caller_cancelled (&lookup->link))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
      else
        g_task_return_new_error (task, FP_ERROR, FP_ERROR_NOT_PUBLISHED,
                                 _("No settings for %s’s mail host %s."),
                                 lookup->identifier->host, lookup->mx_host);
      return;
    }
}

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GTask) task = pending->task;
  Lookup *lookup = g_task_get_task_data (task);
  FpRankedSource *ranked = &g_array_index (lookup->sources, FpRankedSource, pending->index);
  FpActivityLog *log = fp_http_client_get_log (g_task_get_source_object (task));

  g_free (pending);
  ranked->done = TRUE;
  ranked->config = fp_autoconfig_fetch_finish (result, &ranked->error);
  if (ranked->config != NULL)
    {
      ranked->config->source_domain = g_strdup (ranked->domain);
      fp_activity_log_add (log, "mx: settings for %s found at %s", ranked->domain, ranked->uri);
    }
  else if (!g_error_matches (ranked->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    fp_activity_log_add (log, "mx: %s", ranked->error->message);
  decide (task);
}

static void
add_sources (Lookup    *lookup,
             GPtrArray *domains)
{
  for (guint i = 0; i < domains->len; i++)
    {
      const char *domain = g_ptr_array_index (domains, i);
      g_autoptr(FpIdentifier) asked = fp_identifier_copy (lookup->identifier);

      /* The same questions as for the account's own domain, asked of the mail host's. */
      g_free (asked->host);
      asked->host = g_strdup (domain);
      if (lookup->ispdb_url != NULL)
        fp_ranked_sources_add (lookup->sources, FP_CONFIG_SOURCE_MX,
                               fp_autoconfig_build_ispdb_uri (lookup->ispdb_url, asked), domain);
      fp_ranked_sources_add (lookup->sources, FP_CONFIG_SOURCE_MX,
                             fp_autoconfig_build_provider_uri (asked), domain);
    }
}

static void
mx_cb (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FpHttpClient *client = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  FpActivityLog *log = fp_http_client_get_log (client);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) domains = NULL;
  GList *records = fp_dns_lookup_records_finish (result, &error);

  if (records != NULL)
    lookup->mx_host = fp_mx_pick_host (records, &error);
  fp_dns_records_free (records);
  if (lookup->mx_host == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  domains = fp_mx_derived_domains (lookup->mx_host, lookup->identifier->host);
  if (domains->len == 0)
    {
      g_task_return_new_error (task, FP_ERROR, FP_ERROR_NOT_PUBLISHED,
                               _("The mail host of %s, %s, is in the same domain."),
                               lookup->identifier->host, lookup->mx_host);
      return;
    }
  add_sources (lookup, domains);
  fp_activity_log_add (log, "mx: mail for %s goes to %s; asking %u sources for its domain",
                       lookup->identifier->host, lookup->mx_host, lookup->sources->len);
  for (guint i = 0; i < lookup->sources->len; i++)
    {
      FpRankedSource *ranked = &g_array_index (lookup->sources, FpRankedSource, i);
      Pending *pending = g_new0 (Pending, 1);

      pending->task = g_object_ref (task);
      pending->index = i;
      fp_autoconfig_fetch_async (client, lookup->identifier, FP_CONFIG_SOURCE_MX, ranked->uri,
                                 lookup->link.cancellable, fetch_cb, pending);
    }
}

/**
 * fp_mx_lookup_async:
 * @ispdb_url: (nullable): the ISP database's base URL, %NULL not to ask it
 *
 * Settings for the provider that hosts the domain's mail.
 */
void
fp_mx_lookup_async (FpHttpClient        *client,
                    const FpIdentifier  *identifier,
                    const char          *ispdb_url,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Lookup *lookup;

  g_return_if_fail (FP_IS_HTTP_CLIENT (client));
  g_return_if_fail (identifier != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_mx_lookup_async);
  lookup = g_new0 (Lookup, 1);
  lookup->identifier = fp_identifier_copy (identifier);
  lookup->ispdb_url = g_strdup (ispdb_url);
  lookup->sources = fp_ranked_sources_new ();
  fp_cancel_link_init (&lookup->link, cancellable);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);

  fp_dns_lookup_records_async (identifier->host, G_RESOLVER_RECORD_MX,
                               fp_http_client_get_timeout (client), lookup->link.cancellable, mx_cb,
                               g_steal_pointer (&task));
}

/**
 * fp_mx_lookup_finish:
 *
 * Returns: (transfer full): the configuration (source kind mx, untrusted,
 *   @source_domain the domain asked for), or %NULL with an %FP_ERROR
 */
FpMailConfig *
fp_mx_lookup_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fp_mx_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
