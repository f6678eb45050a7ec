/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-webfinger"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fp-error.h"
#include "fp-jrd.h"
#include "fp-webfinger.h"

typedef struct
{
  FpIdentifier *identifier;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  fp_identifier_free (lookup->identifier);
  g_free (lookup);
}

/**
 * fp_webfinger_build_uri:
 *
 * The WebFinger query of RFC 7033 for the `email-autoconfig` relation.
 *
 * Returns: (transfer full): the `https:` URI
 */
char *
fp_webfinger_build_uri (const FpIdentifier *identifier)
{
  g_autofree char *resource = g_uri_escape_string (identifier->resource, NULL, FALSE);

  return g_strdup_printf ("https://%s/.well-known/webfinger?resource=%s&rel=%s",
                          identifier->host, resource, FP_JRD_REL_EMAIL_AUTOCONFIG);
}

static void
log_links (FpActivityLog *log,
           GPtrArray     *links)
{
  for (guint i = 0; i < links->len; i++)
    {
      FpAutoconfigLink *link = g_ptr_array_index (links, i);

      fp_activity_log_add (log, "account %u: “%s” at %s", i + 1, link->title, link->href);
    }
}

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FpHttpClient *client = FP_HTTP_CLIENT (source);
  Lookup *lookup = g_task_get_task_data (task);
  const char *host = lookup->identifier->host;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jrd = NULL;
  g_autoptr(GPtrArray) links = NULL;
  guint status = 0;

  jrd = fp_http_client_get_finish (client, result, &status, NULL, &error);
  if (jrd == NULL)
    {
      if (status == 404 || status == 410)
        g_task_return_new_error (task, FP_ERROR, FP_ERROR_NOT_PUBLISHED,
                                 _("%s does not publish automatic settings for %s."), host,
                                 lookup->identifier->address);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  links = fp_jrd_parse_autoconfig_links (jrd, g_get_language_names (), &error);
  if (links == NULL)
    {
      g_task_return_new_error (task, FP_ERROR, error->code,
                               _("The answer from %s cannot be used: %s."), host, error->message);
      return;
    }
  if (links->len == 0)
    {
      g_task_return_new_error (task, FP_ERROR, FP_ERROR_NOT_PUBLISHED,
                               _("%s answered, but publishes no email settings for %s."), host,
                               lookup->identifier->address);
      return;
    }

  log_links (fp_http_client_get_log (client), links);
  g_task_return_pointer (task, g_steal_pointer (&links), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * fp_webfinger_lookup_async:
 *
 * Asks the account's host which configuration documents it publishes.
 * Finishes with %FP_ERROR_NOT_PUBLISHED on 404 or when no link matches.
 */
void
fp_webfinger_lookup_async (FpHttpClient        *client,
                           const FpIdentifier  *identifier,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *uri = NULL;
  Lookup *lookup;

  g_return_if_fail (FP_IS_HTTP_CLIENT (client));
  g_return_if_fail (identifier != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, fp_webfinger_lookup_async);
  lookup = g_new0 (Lookup, 1);
  lookup->identifier = fp_identifier_copy (identifier);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);

  uri = fp_webfinger_build_uri (identifier);
  fp_http_client_get_async (client, uri, "application/jrd+json, application/json",
                            identifier->address, cancellable, get_cb, g_steal_pointer (&task));
}

/**
 * fp_webfinger_lookup_finish:
 *
 * Returns: (transfer full) (element-type FpAutoconfigLink): at least one link
 */
GPtrArray *
fp_webfinger_lookup_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fp_webfinger_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
