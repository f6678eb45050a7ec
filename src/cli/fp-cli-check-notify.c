/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-check-notification.h"
#include "fp-cli-check-notify.h"

/*
 * The user timer's `check --notify`: a desktop notification under the
 * application id when a provider changed something. Activating it opens the
 * wizard on its update page (the app.show-updates action). GNOME Shell
 * (org.gtk.Notifications) activates the application by its id; with other
 * notification servers the action comes back to this process, which stays
 * a while to hand it to the wizard over D-Bus. This process never owns the
 * application's name, so the wizard can start meanwhile. GIO only: no toolkit.
 */

/* How long a notification server other than GNOME Shell's can still hand back the action. */
#define WAIT_FOR_ACTION_S (15 * 60)

typedef struct
{
  GMainLoop       *loop;
  GDBusConnection *connection;
} Notifier;

/* Starts the wizard (D-Bus activation) on its update page. */
static void
show_updates_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  Notifier *notifier = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (notifier->connection, APPLICATION_ID, FP_APPLICATION_PATH,
                                       "org.freedesktop.Application", "ActivateAction",
                                       g_variant_new ("(s@ava{sv})", FP_UPDATES_ACTION,
                                                      g_variant_new_array (G_VARIANT_TYPE_VARIANT,
                                                                           NULL, 0),
                                                      g_variant_new_array (G_VARIANT_TYPE (
                                                                             "{sv}"), NULL, 0)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 30 * 1000, NULL, &error);
  if (reply == NULL)
    g_printerr (_("Could not open Fingerpost: %s\n"), error->message);
  g_main_loop_quit (notifier->loop);
}

static gboolean
give_up_cb (gpointer user_data)
{
  Notifier *notifier = user_data;

  g_main_loop_quit (notifier->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
shell_shows_notifications (GDBusConnection *connection)
{
  g_autoptr(GVariant) reply =
    g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                 "org.freedesktop.DBus", "NameHasOwner",
                                 g_variant_new ("(s)", "org.gtk.Notifications"),
                                 G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 5000, NULL,
                                 NULL);
  gboolean owned = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

void
fp_cli_check_notify (GPtrArray *checks)
{
  g_autoptr(GApplication) application = g_application_new (APPLICATION_ID,
                                                           G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSimpleAction) action = g_simple_action_new (FP_UPDATES_ACTION, NULL);
  g_autoptr(GNotification) notification = fp_check_notification_new (checks);
  g_autoptr(GError) error = NULL;
  Notifier notifier = { 0 };

  if (!g_application_register (application, NULL, &error))
    {
      g_printerr (_("Could not send a notification: %s\n"), error->message);
      return;
    }
  notifier.connection = g_application_get_dbus_connection (application);
  if (notifier.connection == NULL)
    {
      g_printerr (_("Could not send a notification: there is no session bus.\n"));
      return;
    }
  notifier.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (action, "activate", G_CALLBACK (show_updates_cb), &notifier);
  g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (action));
  g_application_send_notification (application, "settings-changed", notification);
  if (!shell_shows_notifications (notifier.connection))
    {
      g_timeout_add_seconds (WAIT_FOR_ACTION_S, give_up_cb, &notifier);
      g_main_loop_run (notifier.loop);
    }
  g_dbus_connection_flush_sync (notifier.connection, NULL, NULL);
  g_main_loop_unref (notifier.loop);
}
