/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-mail-server.h"

G_BEGIN_DECLS

/* Evolution's own item attributes (evolution-data-server, e-secret-store.c). */
#define FP_EVOLUTION_SECRET_SCHEMA  "org.gnome.Evolution.Data.Source"
#define FP_EVOLUTION_SECRET_ORIGIN  "evolution-data-server"

gboolean  fp_keyring_check_sync              (GCancellable        *cancellable,
                                              GError             **error);
void      fp_keyring_check_async             (GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  fp_keyring_check_finish            (GAsyncResult        *result,
                                              GError             **error);

gboolean  fp_keyring_store_evolution_sync    (const char          *uid,
                                              const char          *display_name,
                                              const char          *password,
                                              GCancellable        *cancellable,
                                              GError             **error);
gboolean  fp_keyring_clear_evolution_sync    (const char          *uid,
                                              GCancellable        *cancellable,
                                              GError             **error);
char     *fp_keyring_lookup_evolution_sync   (const char          *uid,
                                              GCancellable        *cancellable,
                                              GError             **error);
char     *fp_keyring_describe_evolution      (const char          *uid);

gboolean  fp_keyring_store_network_sync      (const FpMailServer  *server,
                                              const char          *password,
                                              GCancellable        *cancellable,
                                              GError             **error);
gboolean  fp_keyring_clear_network_sync      (const FpMailServer  *server,
                                              GCancellable        *cancellable,
                                              GError             **error);
char     *fp_keyring_lookup_network_sync     (const FpMailServer  *server,
                                              GCancellable        *cancellable,
                                              GError             **error);
char     *fp_keyring_describe_network        (const FpMailServer  *server);

G_END_DECLS
