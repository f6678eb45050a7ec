/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-pacc-fetch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fp-cancel-link.h"
#include "fp-config-fetch.h"
#include "fp-dns-query.h"
#include "fp-error.h"
#include "fp-pacc-fetch.h"
#include "fp-pacc.h"

/*
 * PACC: the document over HTTPS and the TXT records that vouch for it, asked
 * at once. Either failing ends the other: a domain without the TXT record
 * (almost all of them) costs one DNS answer, not an HTTPS exchange.
 */

typedef struct
{
  char         *address;
  char         *uri;
  char         *txt_name;
  FpCancelLink  link;  /* ours: stops the other half */
  gboolean      have_document;
  GBytes       *document;
  char         *final_uri;
  gboolean      have_records;
  GList        *records;
  gboolean      failed;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  fp_cancel_link_clear (&fetch->link);
  g_clear_pointer (&fetch->document, g_bytes_unref);
  fp_dns_records_free (fetch->records);
  g_free (fetch->final_uri);
  g_free (fetch->address);
  g_free (fetch->uri);
  g_free (fetch->txt_name);
  g_free (fetch);
}

static void
fail (GTask  *task,
      GError *error)
{
  Fetch *fetch = g_task_get_task_data (task);

  if (fetch->failed)
    {
      g_error_free (error);
      return;
    }
  fetch->failed = TRUE;
  g_cancellable_cancel (fetch->link.cancellable);
  g_task_return_error (task, error);
}

static void
finish_if_ready (GTask *task)
{
  FpHttpClient *client = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  FpActivityLog *log = fp_http_client_get_log (client);
  GError *error = NULL;
  FpMailConfig *config;

  if (!fetch->have_document || !fetch->have_records)
    return;

  switch (fp_pacc_check_digest (fetch->document, fetch->records))
    {
    case FP_PACC_DIGEST_MATCH:
      fp_activity_log_add (log, "the digest of %s matches %s", fetch->uri, fetch->txt_name);
      break;
    case FP_PACC_DIGEST_MISMATCH:
      fp_activity_log_add (log, "digest of %s does not match %s; not used", fetch->uri,
                           fetch->txt_name);
      g_task_return_new_error (task, FP_ERROR, FP_ERROR_NOT_PUBLISHED,
                               _("The digest of %s does not match %s."), fetch->uri,
                               fetch->txt_name);
      return;
    case FP_PACC_DIGEST_NO_RECORD:
    default:
      fp_activity_log_add (log, "%s has no v=UAAC1 record, so %s is not used", fetch->txt_name,
                           fetch->uri);
      g_task_return_new_error (task, FP_ERROR, FP_ERROR_NOT_PUBLISHED,
                               _("%s has no record vouching for %s."), fetch->txt_name,
                               fetch->uri);
      return;
    }

  config = fp_config_fetch_read_document (client, fetch->document, fp_pacc_parse_document,
                                          FP_MAIL_CONFIG_PARSE_NONE, FP_CONFIG_SOURCE_PACC,
                                          fetch->uri, fetch->final_uri, fetch->address, &error);
  if (config == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The digest vouched for: `fingerpost check` tells a republished document by it. */
  config->pacc_digest = fp_pacc_document_digest (fetch->document);
  g_task_return_pointer (task, config, (GDestroyNotify) fp_mail_config_unref);
}

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status = 0;

  fetch->document = fp_http_client_get_finish (FP_HTTP_CLIENT (source), result, &status,
                                               &fetch->final_uri, &error);
  if (fetch->document == NULL)
    {
      if (status == 404 || status == 410)
        fail (task, g_error_new (FP_ERROR, FP_ERROR_NOT_PUBLISHED, _("No settings at %s."),
                                 fetch->uri));
      else
        fail (task, g_steal_pointer (&error));
      return;
    }
  fetch->have_document = TRUE;
  finish_if_ready (task);
}

static void
txt_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FpHttpClient *client = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  fetch->records = fp_dns_lookup_records_finish (result, &error);
  if (fetch->records == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fp_activity_log_add (fp_http_client_get_log (client),
                             "%s has no TXT record (%s), so %s is not used", fetch->txt_name,
                             error->message, fetch->uri);
      fail (task, g_steal_pointer (&error));
      return;
    }
  fetch->have_records = TRUE;
  finish_if_ready (task);
}

/**
 * fp_pacc_fetch_async:
 *
 * GETs `https://ua-auto-config.DOMAIN/.well-known/user-agent-configuration.json`,
 * never with credentials, and looks up the TXT records of
 * `_ua-auto-config.DOMAIN`; the document is read only when a record states
 * the SHA-256 of its bytes.
 */
void
fp_pacc_fetch_async (FpHttpClient        *client,
                     const FpIdentifier  *identifier,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch;

  g_return_if_fail (FP_IS_HTTP_CLIENT (client));
  g_return_if_fail (identifier != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_pacc_fetch_async);
  fetch = g_new0 (Fetch, 1);
  fetch->address = g_strdup (identifier->address);
  fetch->uri = fp_pacc_build_uri (identifier->host);
  fetch->txt_name = fp_pacc_build_txt_name (identifier->host);
  fp_cancel_link_init (&fetch->link, cancellable);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  fp_dns_lookup_records_async (fetch->txt_name, G_RESOLVER_RECORD_TXT,
                               fp_http_client_get_timeout (client), fetch->link.cancellable, txt_cb,
                               g_object_ref (task));
  fp_http_client_get_anonymous_async (client, fetch->uri, "application/json",
                                      identifier->address, fetch->link.cancellable, get_cb,
                                      g_steal_pointer (&task));
}

/**
 * fp_pacc_fetch_finish:
 *
 * Returns: (transfer full): the configuration, trusted; or %NULL with
 *   %FP_ERROR_NOT_PUBLISHED when there is none or no record vouches for it
 */
FpMailConfig *
fp_pacc_fetch_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fp_pacc_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
