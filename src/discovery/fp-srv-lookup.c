/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-srv-lookup"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-config-trust.h"
#include "fp-dns-query.h"
#include "fp-error.h"
#include "fp-host-name.h"
#include "fp-srv-lookup.h"

/*
 * Mail servers from DNS SRV records (RFC 6186, RFC 8314), each question
 * through fp-dns-query.c: the six services are asked at once, each bounded by
 * the same time limit. The result is never trusted without confirmation (see
 * fp-config-trust.c).
 */

typedef struct
{
  const char     *service;
  FpMailProtocol  protocol;
  FpTransport     transport;
} Service;

/* At equal priority, implicit TLS first (RFC 8314, 5.1), and IMAP before POP3 (RFC 6186, 3.4). */
static const Service services[] = {
  { "_imaps", FP_MAIL_PROTOCOL_IMAP, FP_TRANSPORT_TLS },
  { "_imap", FP_MAIL_PROTOCOL_IMAP, FP_TRANSPORT_STARTTLS },
  { "_pop3s", FP_MAIL_PROTOCOL_POP3, FP_TRANSPORT_TLS },
  { "_pop3", FP_MAIL_PROTOCOL_POP3, FP_TRANSPORT_STARTTLS },
  { "_submissions", FP_MAIL_PROTOCOL_SMTP, FP_TRANSPORT_TLS },
  { "_submission", FP_MAIL_PROTOCOL_SMTP, FP_TRANSPORT_STARTTLS },
};

typedef struct
{
  FpIdentifier *identifier;
  GList        *records[G_N_ELEMENTS (services)];  /* GSrvTarget-like GVariant (qqqs) */
  guint         pending;
  gboolean      timed_out;
} Lookup;

typedef struct
{
  guint     service;
  guint16   priority;
  guint16   weight;
  guint16   port;
  char     *target;
} Candidate;

static void
lookup_free (Lookup *lookup)
{
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    fp_dns_records_free (lookup->records[i]);
  fp_identifier_free (lookup->identifier);
  g_free (lookup);
}

static void
candidate_clear (Candidate *candidate)
{
  g_free (candidate->target);
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a;
  const Candidate *y = b;

  if (x->priority != y->priority)
    return x->priority < y->priority ? -1 : 1;
  if (x->service != y->service)
    return x->service < y->service ? -1 : 1;
  return (int) y->weight - (int) x->weight;
}

/* A target of "." says the service is decidedly not offered (RFC 2782). */
static gboolean
service_declined (GList *records)
{
  for (GList *l = records; l != NULL; l = l->next)
    {
      const char *target = NULL;

      g_variant_get (l->data, "(qqq&s)", NULL, NULL, NULL, &target);
      if (g_str_equal (target, ".") || *target == '\0')
        return TRUE;
    }
  return FALSE;
}

static void
collect (Lookup *lookup,
         guint   service,
         GArray *candidates)
{
  if (service_declined (lookup->records[service]))
    return;
  for (GList *l = lookup->records[service]; l != NULL; l = l->next)
    {
      Candidate candidate = { .service = service };
      const char *target = NULL;
      g_autofree char *name = NULL;

      g_variant_get (l->data, "(qqq&s)", &candidate.priority, &candidate.weight,
                     &candidate.port, &target);
      name = fp_host_name_normalise (target, -1);
      if (candidate.port == 0 || name == NULL)
        continue;
      candidate.target = g_steal_pointer (&name);
      g_array_append_val (candidates, candidate);
    }
}

static void
add_servers (Lookup    *lookup,
             gboolean   incoming,
             GPtrArray *servers)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, TRUE, sizeof (Candidate));

  g_array_set_clear_func (candidates, (GDestroyNotify) candidate_clear);
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    if (fp_mail_protocol_is_incoming (services[i].protocol) == incoming)
      collect (lookup, i, candidates);
  g_array_sort (candidates, compare_candidates);

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *candidate = &g_array_index (candidates, Candidate, i);
      const Service *service = &services[candidate->service];

      g_ptr_array_add (servers, fp_mail_server_new (service->protocol, candidate->target,
                                                    candidate->port, service->transport,
                                                    lookup->identifier->address, TRUE));
    }
}

static void
finish (GTask *task)
{
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(FpMailConfig) config = fp_mail_config_new (lookup->identifier->address);

  add_servers (lookup, TRUE, config->incoming);
  add_servers (lookup, FALSE, config->outgoing);

  if (config->incoming->len == 0 || config->outgoing->len == 0)
    {
      if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
      else if (lookup->timed_out)
        g_task_return_new_error (task, FP_ERROR, FP_ERROR_TIMEOUT,
                                 _("The DNS server did not answer within the time limit for %s."),
                                 lookup->identifier->host);
      else
        g_task_return_new_error (task, FP_ERROR, FP_ERROR_NOT_PUBLISHED,
                                 _("%s has no DNS records (SRV) for both incoming and outgoing "
                                   "mail."), lookup->identifier->host);
      return;
    }

  config->source_kind = FP_CONFIG_SOURCE_SRV;
  config->source_host = g_strdup (lookup->identifier->host);
  fp_config_apply_trust_rules (config, lookup->identifier->address);
  g_task_return_pointer (task, g_steal_pointer (&config), (GDestroyNotify) fp_mail_config_unref);
}

typedef struct
{
  GTask *task;
  guint  service;
} Query;

static void
records_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Query *query = user_data;
  g_autoptr(GTask) task = query->task;
  Lookup *lookup = g_task_get_task_data (task);
  guint service = query->service;
  g_autoptr(GError) error = NULL;

  g_free (query);
  /* A missing record is the usual answer; a failed lookup counts as one. */
  lookup->records[service] = fp_dns_lookup_records_finish (result, &error);
  if (g_error_matches (error, FP_ERROR, FP_ERROR_TIMEOUT))
    lookup->timed_out = TRUE;
  if (--lookup->pending == 0)
    finish (task);
}

/**
 * fp_srv_lookup_async:
 * @timeout_s: how long the DNS may take; the six questions run side by side; 0 for ever
 *
 * Looks up `_submissions`, `_submission`, `_imaps`, `_imap`, `_pop3s` and
 * `_pop3` under the identifier's host.
 */
void
fp_srv_lookup_async (const FpIdentifier  *identifier,
                     guint                timeout_s,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Lookup *lookup = g_new0 (Lookup, 1);

  g_task_set_source_tag (task, fp_srv_lookup_async);
  lookup->identifier = fp_identifier_copy (identifier);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);

  lookup->pending = G_N_ELEMENTS (services);
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_autofree char *rrname = g_strdup_printf ("%s._tcp.%s", services[i].service,
                                                 identifier->host);
      Query *query = g_new0 (Query, 1);

      query->task = g_object_ref (task);
      query->service = i;
      fp_dns_lookup_records_async (rrname, G_RESOLVER_RECORD_SRV, timeout_s, cancellable,
                                   records_cb, query);
    }
}

/**
 * fp_srv_lookup_finish:
 *
 * Returns: (transfer full): the servers found, untrusted; or %NULL with
 *   %FP_ERROR_NOT_PUBLISHED when either direction has none
 */
FpMailConfig *
fp_srv_lookup_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fp_srv_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
