/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "fp-clients-error.h"
#include "fp-keyring.h"

/*
 * The password in the GNOME keyring, the default collection: under
 * Evolution's own schema, so Evolution finds it without asking, and under
 * the common network-password schema for programs without keyring support.
 *
 * Every call here is blocking; the writers run them in a worker thread.
 * Nothing here ever unlocks the keyring: that would open a prompt (and,
 * without a display, hang), so a locked keyring is reported instead and the
 * person decides.
 */

static const SecretSchema evolution_schema = {
  .name = FP_EVOLUTION_SECRET_SCHEMA,
  /* Evolution looks items up by UID alone, whatever the schema name says. */
  .flags = SECRET_SCHEMA_DONT_MATCH_NAME,
  .attributes = {
    { .name = "e-source-uid", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = "eds-origin", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = NULL },
  },
};

/* A libsecret or D-Bus failure, told as what the person can do about it. */
static void
set_keyring_error (GError     **error,
                   GError      *cause,
                   const char  *doing)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (cause));
      return;
    }
  if (g_error_matches (cause, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_KEYRING_LOCKED,
                 _("The keyring is locked, so the password could not be %s. Unlock it (log in "
                   "again, or open Passwords and Keys) and try again, or go on without "
                   "keeping the password."), doing);
  else if (g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
           g_error_matches (cause, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT))
    g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_KEYRING_LOCKED,
                 _("There is no default keyring, so the password could not be %s; go on "
                   "without keeping the password, or create a keyring in Passwords and Keys."),
                 doing);
  else if (cause->domain == G_IO_ERROR || cause->domain == G_DBUS_ERROR)
    g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_KEYRING_UNAVAILABLE,
                 _("No keyring service is running, so the password could not be %s (%s); "
                   "go on without keeping the password."), doing, cause->message);
  else
    g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_KEYRING_FAILED,
                 _("The keyring refused the password (%s)."), cause->message);
}

/**
 * fp_keyring_check_sync:
 *
 * Whether a password could be stored now without a prompt: a secret service
 * on the session bus with an unlocked default collection. Called before
 * anything is written, so a locked keyring never leaves half an account.
 */
gboolean
fp_keyring_check_sync (GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, cancellable, &local_error);
  if (service == NULL)
    {
      set_keyring_error (error, local_error, _("kept"));
      return FALSE;
    }
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, cancellable,
                                                 &local_error);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error, _("kept"));
      return FALSE;
    }
  if (collection == NULL)
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_KEYRING_LOCKED,
                   _("There is no default keyring, so the password could not be kept; go on "
                     "without keeping the password, or create a keyring in Passwords and "
                     "Keys."));
      return FALSE;
    }
  if (secret_collection_get_locked (collection))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_KEYRING_LOCKED,
                   _("The keyring is locked, so the password could not be kept. Unlock it "
                     "(log in again, or open Passwords and Keys) and try again, or go on "
                     "without keeping the password."));
      return FALSE;
    }
  return TRUE;
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!fp_keyring_check_sync (cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
fp_keyring_check_async (GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, fp_keyring_check_async);
  g_task_run_in_thread (task, check_thread);
}

gboolean
fp_keyring_check_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
fp_keyring_store_evolution_sync (const char    *uid,
                                 const char    *display_name,
                                 const char    *password,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  /* The label Evolution itself gives its items, so they look alike in Passwords and Keys. */
  g_autofree char *label = g_strdup_printf ("Evolution Data Source “%s”", display_name);

  if (!secret_password_store_sync (&evolution_schema, SECRET_COLLECTION_DEFAULT, label, password,
                                   cancellable, &local_error,
                                   "e-source-uid", uid,
                                   "eds-origin", FP_EVOLUTION_SECRET_ORIGIN,
                                   NULL))
    {
      set_keyring_error (error, local_error, _("stored"));
      return FALSE;
    }
  return TRUE;
}

gboolean
fp_keyring_clear_evolution_sync (const char    *uid,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (&evolution_schema, cancellable, &local_error,
                              "e-source-uid", uid, NULL);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error, _("removed"));
      return FALSE;
    }
  return TRUE;
}

char *
fp_keyring_lookup_evolution_sync (const char    *uid,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  return secret_password_lookup_sync (&evolution_schema, cancellable, error,
                                      "e-source-uid", uid, NULL);
}

char *
fp_keyring_describe_evolution (const char *uid)
{
  return g_strdup_printf ("%s e-source-uid=%s eds-origin=%s", FP_EVOLUTION_SECRET_SCHEMA, uid,
                          FP_EVOLUTION_SECRET_ORIGIN);
}

gboolean
fp_keyring_store_network_sync (const FpMailServer  *server,
                               const char          *password,
                               GCancellable        *cancellable,
                               GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *protocol = fp_mail_protocol_to_string (server->protocol);
  g_autofree char *label = g_strdup_printf ("%s://%s@%s:%u", protocol, server->login,
                                            server->host, server->port);

  if (!secret_password_store_sync (SECRET_SCHEMA_COMPAT_NETWORK, SECRET_COLLECTION_DEFAULT, label,
                                   password, cancellable, &local_error,
                                   "protocol", protocol,
                                   "server", server->host,
                                   "port", (int) server->port,
                                   "user", server->login,
                                   NULL))
    {
      set_keyring_error (error, local_error, _("stored"));
      return FALSE;
    }
  return TRUE;
}

gboolean
fp_keyring_clear_network_sync (const FpMailServer  *server,
                               GCancellable        *cancellable,
                               GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (SECRET_SCHEMA_COMPAT_NETWORK, cancellable, &local_error,
                              "protocol", fp_mail_protocol_to_string (server->protocol),
                              "server", server->host,
                              "port", (int) server->port,
                              "user", server->login,
                              NULL);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error, _("removed"));
      return FALSE;
    }
  return TRUE;
}

char *
fp_keyring_lookup_network_sync (const FpMailServer  *server,
                                GCancellable        *cancellable,
                                GError             **error)
{
  return secret_password_lookup_sync (SECRET_SCHEMA_COMPAT_NETWORK, cancellable, error,
                                      "protocol", fp_mail_protocol_to_string (server->protocol),
                                      "server", server->host,
                                      "port", (int) server->port,
                                      "user", server->login,
                                      NULL);
}

char *
fp_keyring_describe_network (const FpMailServer *server)
{
  return g_strdup_printf ("org.gnome.keyring.NetworkPassword protocol=%s server=%s port=%u "
                          "user=%s", fp_mail_protocol_to_string (server->protocol), server->host,
                          server->port, server->login);
}
