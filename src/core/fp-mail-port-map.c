/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-mail-port-map"

#include "config.h"

#include "fp-mail-port-map.h"

/* Stored beside the client rather than in it: fp-http-client.c knows nothing of mail. */
#define MAP_KEY "fp-mail-port-map"

static char *
map_key (const char *host,
         guint16     port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  return g_strdup_printf ("%s:%u", lower, port);
}

/**
 * fp_mail_port_map_set:
 * @local_port: where to connect instead of @port; 0 removes the mapping
 */
void
fp_mail_port_map_set (FpHttpClient *client,
                      const char   *host,
                      guint16       port,
                      guint16       local_port)
{
  GHashTable *map;

  g_return_if_fail (FP_IS_HTTP_CLIENT (client));
  g_return_if_fail (host != NULL);

  map = g_object_get_data (G_OBJECT (client), MAP_KEY);
  if (map == NULL)
    {
      map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_object_set_data_full (G_OBJECT (client), MAP_KEY, map,
                              (GDestroyNotify) g_hash_table_unref);
    }
  if (local_port == 0)
    {
      g_autofree char *key = map_key (host, port);

      g_hash_table_remove (map, key);
    }
  else
    g_hash_table_insert (map, map_key (host, port), GUINT_TO_POINTER (local_port));
}

/* Returns: the port to connect to for @host:@port: @port itself unless it is mapped. */
guint16
fp_mail_port_map_lookup (FpHttpClient *client,
                         const char   *host,
                         guint16       port)
{
  GHashTable *map;
  g_autofree char *key = NULL;
  gpointer local_port;

  g_return_val_if_fail (FP_IS_HTTP_CLIENT (client), port);

  map = g_object_get_data (G_OBJECT (client), MAP_KEY);
  if (map == NULL)
    return port;
  key = map_key (host, port);
  local_port = g_hash_table_lookup (map, key);
  return local_port != NULL ? GPOINTER_TO_UINT (local_port) : port;
}
