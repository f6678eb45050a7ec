/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-autoconfig-fetch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fp-autoconfig-fetch.h"
#include "fp-autoconfig-xml.h"
#include "fp-config-fetch.h"
#include "fp-error.h"

/*
 * The clientConfig documents other mail programs read: the provider's own
 * (autoconfig.DOMAIN, or DOMAIN/.well-known) and the ISP database's. All
 * over HTTPS through FpHttpClient, so its rules hold here too.
 */

typedef struct
{
  char               *address;
  char               *uri;
  FpConfigSourceKind  kind;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->address);
  g_free (fetch->uri);
  g_free (fetch);
}

char *
fp_autoconfig_build_provider_uri (const FpIdentifier *identifier)
{
  g_autofree char *address = g_uri_escape_string (identifier->address, NULL, FALSE);

  return g_strdup_printf ("https://autoconfig.%s/mail/config-v1.1.xml?emailaddress=%s",
                          identifier->host, address);
}

char *
fp_autoconfig_build_well_known_uri (const FpIdentifier *identifier)
{
  return g_strdup_printf ("https://%s/.well-known/autoconfig/mail/config-v1.1.xml",
                          identifier->host);
}

/* The ISP database is keyed by domain alone: it never learns the local part. */
char *
fp_autoconfig_build_ispdb_uri (const char         *base_url,
                               const FpIdentifier *identifier)
{
  return g_strdup_printf ("%s%s%s", base_url, g_str_has_suffix (base_url, "/") ? "" : "/",
                          identifier->host);
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
  guint status = 0;

  document = fp_http_client_get_finish (client, result, &status, &final_uri, &error);
  if (document == NULL)
    {
      if (status == 404 || status == 410)
        g_task_return_new_error (task, FP_ERROR, FP_ERROR_NOT_PUBLISHED,
                                 _("No settings at %s."), fetch->uri);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  config = fp_config_fetch_read_document (client, document, fp_autoconfig_xml_parse,
                                          FP_MAIL_CONFIG_PARSE_NONE, fetch->kind, fetch->uri,
                                          final_uri, fetch->address, &error);
  if (config == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, config, (GDestroyNotify) fp_mail_config_unref);
}

/**
 * fp_autoconfig_fetch_async:
 * @kind: %FP_CONFIG_SOURCE_AUTOCONFIG or %FP_CONFIG_SOURCE_ISPDB, recorded in the result
 * @uri: an `https:` URI built by one of the functions above
 *
 * GETs and reads a clientConfig document, never with credentials. Servers
 * with `socketType` plain are dropped, or refused when nothing else is
 * offered.
 */
void
fp_autoconfig_fetch_async (FpHttpClient        *client,
                           const FpIdentifier  *identifier,
                           FpConfigSourceKind   kind,
                           const char          *uri,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch;

  g_return_if_fail (FP_IS_HTTP_CLIENT (client));
  g_return_if_fail (identifier != NULL && uri != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_autoconfig_fetch_async);
  fetch = g_new0 (Fetch, 1);
  fetch->address = g_strdup (identifier->address);
  fetch->uri = g_strdup (uri);
  fetch->kind = kind;
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  /* Nobody asks for the password here: Thunderbird sends none either, and the ISP
   * database is someone else's server. */
  fp_http_client_get_anonymous_async (client, uri, "application/xml, text/xml",
                                      identifier->address, cancellable, get_cb,
                                      g_steal_pointer (&task));
}

/**
 * fp_autoconfig_fetch_finish:
 *
 * Returns: (transfer full): the configuration, its source fields and trust set;
 *   %FP_ERROR_NOT_PUBLISHED when the server has no document
 */
FpMailConfig *
fp_autoconfig_fetch_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fp_autoconfig_fetch_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
