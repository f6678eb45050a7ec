/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-config-fetch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fp-config-fetch.h"
#include "fp-config-trust.h"
#include "fp-error.h"

typedef struct
{
  char                   *address;
  char                   *href;
  FpMailConfigParseFlags  flags;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->address);
  g_free (fetch->href);
  g_free (fetch);
}

static void
log_servers (FpActivityLog *log,
             GPtrArray     *servers)
{
  for (guint i = 0; i < servers->len; i++)
    {
      FpMailServer *server = g_ptr_array_index (servers, i);

      g_autoptr(GString) methods = g_string_new (NULL);

      for (guint j = 0; j < server->n_auth_methods; j++)
        g_string_append_printf (methods, "%s%s", j ? ", " : "",
                                fp_auth_method_to_string (server->auth_methods[j]));
      fp_activity_log_add (log, "%s server %s port %u, %s, login “%s”, %s",
                           fp_mail_protocol_to_string (server->protocol), server->host,
                           server->port, fp_transport_to_string (server->transport),
                           server->login, server->login_required ? methods->str : "no login");
    }
}

/**
 * fp_config_fetch_read_document:
 * @document: what @final_uri served
 * @parse: the reader of its format
 * @kind: the source, recorded in the result
 * @href: the URI asked for, recorded in the result
 *
 * What every fetched settings document goes through: parsed, its failure
 * said with the host that served it, its source recorded, the trust rules
 * applied, its servers written to the activity log.
 *
 * Returns: (transfer full): the configuration, or %NULL with an %FP_ERROR
 */
FpMailConfig *
fp_config_fetch_read_document (FpHttpClient           *client,
                               GBytes                 *document,
                               FpConfigParseFunc       parse,
                               FpMailConfigParseFlags  flags,
                               FpConfigSourceKind      kind,
                               const char             *href,
                               const char             *final_uri,
                               const char             *account_address,
                               GError                **error)
{
  FpActivityLog *log = fp_http_client_get_log (client);
  g_autoptr(GUri) uri = g_uri_parse (final_uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) local_error = NULL;
  FpMailConfig *config = parse (document, account_address, flags, &local_error);

  if (config == NULL)
    {
      fp_activity_log_add (log, "the document is not usable: %s", local_error->message);
      g_set_error (error, FP_ERROR, local_error->code,
                   _("The settings from %s cannot be used: %s."), g_uri_get_host (uri),
                   local_error->message);
      return NULL;
    }

  config->source_kind = kind;
  config->source_href = g_strdup (href);
  config->source_host = g_strdup (g_uri_get_host (uri));
  fp_config_apply_trust_rules (config, account_address);
  for (guint i = 0; i < config->dropped->len; i++)
    fp_activity_log_add (log, "%s", (const char *) g_ptr_array_index (config->dropped, i));
  log_servers (log, config->incoming);
  log_servers (log, config->outgoing);
  return config;
}

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FpHttpClient *client = FP_HTTP_CLIENT (source);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autofree char *final_uri = NULL;
  FpMailConfig *config = NULL;

  document = fp_http_client_get_finish (client, result, NULL, &final_uri, &error);
  if (document != NULL)
    config = fp_config_fetch_read_document (client, document, fp_mail_config_parse_json,
                                            fetch->flags, FP_CONFIG_SOURCE_WEBFINGER, fetch->href,
                                            final_uri, fetch->address, &error);
  if (document == NULL || config == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, config, (GDestroyNotify) fp_mail_config_unref);
}

/**
 * fp_config_fetch_async:
 * @href: the chosen link's `https:` URI
 * @flags: for the reader; none defined yet
 *
 * GETs and validates a configuration document. Credentials are sent only if
 * its server asks, through #FpHttpClient::credentials-required.
 */
void
fp_config_fetch_async (FpHttpClient           *client,
                       const FpIdentifier     *identifier,
                       const char             *href,
                       FpMailConfigParseFlags  flags,
                       GCancellable           *cancellable,
                       GAsyncReadyCallback     callback,
                       gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch;

  g_return_if_fail (FP_IS_HTTP_CLIENT (client));
  g_return_if_fail (identifier != NULL && href != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_config_fetch_async);
  fetch = g_new0 (Fetch, 1);
  fetch->address = g_strdup (identifier->address);
  fetch->href = g_strdup (href);
  fetch->flags = flags;
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  fp_http_client_get_async (client, href, "application/json", identifier->address, cancellable,
                            get_cb, g_steal_pointer (&task));
}

/**
 * fp_config_fetch_finish:
 *
 * Returns: (transfer full): the configuration
 */
FpMailConfig *
fp_config_fetch_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fp_config_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
