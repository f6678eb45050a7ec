/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-account-update.h"
#include "fp-clients-error.h"
#include "fp-goa-writer.h"

/*
 * `check --apply` for GNOME Online Accounts. GOA has no call that changes an
 * account's servers: Settings itself edits goa-daemon's accounts.conf, the
 * daemon watches the file and reloads it. So the same account group
 * ("Account ID") gets the new Imap* and Smtp* keys, as AddAccount wrote them
 * at setup (fp_goa_account_details()), every other key kept.
 *
 * goa-daemon 3.46 rereads the file, but its imap_smtp provider builds an
 * account's Mail interface only when there is none (build_object in
 * goaimapsmtpprovider.c): the servers it serves stay the old ones. Turning
 * the account's mail off and on again, through its MailDisabled property
 * (what Settings' Mail switch does), makes it build a new one from the file.
 * Evolution's registry sees mail switched off and on; nothing is removed.
 */

#define GOA_ACCOUNT_PATH    "/org/gnome/OnlineAccounts/Accounts/"
#define GOA_ACCOUNT_IFACE   "org.gnome.OnlineAccounts.Account"
#define GOA_MAIL_IFACE      "org.gnome.OnlineAccounts.Mail"
#define GOA_PASSWORD_IFACE  "org.gnome.OnlineAccounts.PasswordBased"
#define GOA_MANAGER_PATH    "/org/gnome/OnlineAccounts"
/* goa-daemon reloads the file 200 ms after it changed; this long at most is waited for that. */
#define GOA_RELOAD_WAIT_MS  10000

static char *
group_of (const FpAccountTarget *target)
{
  return g_strdup_printf ("Account %s", target->account_id);
}

/* The servers' keys as setup gave them to AddAccount, for @incoming and @outgoing. */
static GVariant *
server_details (const FpAccountRecord *record,
                const FpMailServer    *incoming,
                const FpMailServer    *outgoing)
{
  g_autoptr(FpAccountPlan) plan = fp_account_plan_new (record->address, incoming, outgoing);

  return fp_goa_account_details (plan);
}

static void
set_removed_error (const FpAccountTarget  *target,
                   GError                **error)
{
  g_set_error (error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_REMOVED,
               _("The account is no longer in GNOME Online Accounts (%s); it was left alone."),
               target->account_id);
}

static gboolean
is_server_key (const char *key)
{
  return g_str_has_prefix (key, "Imap") || g_str_has_prefix (key, "Smtp");
}

static GKeyFile *
load_account (const FpAccountTarget  *target,
              GError                **error)
{
  g_autofree char *path = fp_goa_accounts_file ();
  g_autofree char *group = group_of (target);
  g_autofree char *provider = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL) ||
      !g_key_file_has_group (file, group))
    {
      set_removed_error (target, error);
      return NULL;
    }
  provider = g_key_file_get_string (file, group, "Provider", NULL);
  if (g_strcmp0 (provider, FP_GOA_PROVIDER) != 0)
    {
      g_set_error (error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_EDITED,
                   _("The account %s in GNOME Online Accounts is no longer the one Fingerpost "
                     "added; it was left alone."), target->account_id);
      return NULL;
    }
  return g_steal_pointer (&file);
}

/* Whether every server key is still what setup wrote. */
static gboolean
check_account (const FpAccountTarget  *target,
               const FpAccountRecord  *record,
               GKeyFile              **account,
               GError                **error)
{
  g_autoptr(GKeyFile) file = load_account (target, error);
  g_autoptr(GVariant) written = NULL;
  g_autofree char *group = group_of (target);
  GVariantIter iter;
  const char *key;
  const char *value;

  if (file == NULL)
    return FALSE;
  written = server_details (record, record->incoming, record->outgoing);
  g_variant_iter_init (&iter, written);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    {
      g_autofree char *now = NULL;

      if (!is_server_key (key))
        continue;
      now = g_key_file_get_string (file, group, key, NULL);
      if (g_strcmp0 (now, value) != 0)
        {
          g_set_error (error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_EDITED,
                       _("The account’s servers were changed in GNOME Online Accounts since "
                         "Fingerpost set it up; it was left alone."));
          return FALSE;
        }
    }
  if (account != NULL)
    *account = g_steal_pointer (&file);
  return TRUE;
}

/**
 * fp_goa_updater_check:
 *
 * Returns: %TRUE when accounts.conf has the account Fingerpost added, its
 *   servers as written; otherwise %FALSE with %FP_UPDATE_ERROR_REMOVED or
 *   %FP_UPDATE_ERROR_EDITED
 */
gboolean
fp_goa_updater_check (const FpAccountTarget  *target,
                      const FpAccountRecord  *record,
                      GError                **error)
{
  return check_account (target, record, NULL, error);
}

/* goa-daemon on the bus ------------------------------------------------------------------ */

typedef struct
{
  GMainContext *context;
  const char   *path;
  gboolean      added;    /* which change is awaited */
  gboolean      seen;
} MailWait;

static void
interfaces_changed_cb (GDBusConnection *bus,
                       const char      *sender,
                       const char      *object_path,
                       const char      *interface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  MailWait *wait = user_data;
  g_autoptr(GVariant) interfaces = NULL;
  const char *path;

  if (wait->added != g_str_equal (signal, "InterfacesAdded"))
    return;
  if (wait->added)
    g_variant_get (parameters, "(&o@a{sa{sv}})", &path, &interfaces);
  else
    g_variant_get (parameters, "(&o@as)", &path, &interfaces);
  if (!g_str_equal (path, wait->path))
    return;
  if (wait->added)
    wait->seen = g_variant_lookup_value (interfaces, GOA_MAIL_IFACE, NULL) != NULL;
  else
    {
      g_autofree const char **names = g_variant_get_strv (interfaces, NULL);

      wait->seen = g_strv_contains (names, GOA_MAIL_IFACE);
    }
}

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Sets MailDisabled and waits until goa-daemon removed or added the Mail interface. */
static gboolean
set_mail_disabled (GDBusConnection  *bus,
                   MailWait         *wait,
                   gboolean          disabled,
                   GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GSource) timeout = g_timeout_source_new (GOA_RELOAD_WAIT_MS);
  gboolean timed_out = FALSE;

  wait->added = !disabled;
  wait->seen = FALSE;
  reply = g_dbus_connection_call_sync (bus, FP_GOA_BUS_NAME, wait->path,
                                       "org.freedesktop.DBus.Properties", "Set",
                                       g_variant_new ("(ssv)", GOA_ACCOUNT_IFACE, "MailDisabled",
                                                      g_variant_new_boolean (disabled)),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, error);
  if (reply == NULL)
    return FALSE;
  g_source_set_callback (timeout, timed_out_cb, &timed_out, NULL);
  g_source_attach (timeout, wait->context);
  while (!wait->seen && !timed_out)
    g_main_context_iteration (wait->context, TRUE);
  g_source_destroy (timeout);
  if (!wait->seen)
    g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_SERVICE_UNAVAILABLE,
                 _("GNOME Online Accounts did not reload the account."));
  return wait->seen;
}

static gboolean
daemon_running (GDBusConnection *bus)
{
  g_autoptr(GVariant) owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus",
                                                           "/org/freedesktop/DBus",
                                                           "org.freedesktop.DBus",
                                                           "NameHasOwner",
                                                           g_variant_new ("(s)", FP_GOA_BUS_NAME),
                                                           G_VARIANT_TYPE ("(b)"),
                                                           G_DBUS_CALL_FLAGS_NONE, 2000, NULL,
                                                           NULL);
  gboolean running = FALSE;

  if (owner != NULL)
    g_variant_get (owner, "(b)", &running);
  return running;
}

static gboolean
mail_disabled (GDBusConnection  *bus,
               const char       *path,
               gboolean         *disabled,
               GError          **error)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, FP_GOA_BUS_NAME, path,
                                                           "org.freedesktop.DBus.Properties",
                                                           "Get",
                                                           g_variant_new ("(ss)",
                                                                          GOA_ACCOUNT_IFACE,
                                                                          "MailDisabled"),
                                                           G_VARIANT_TYPE ("(v)"),
                                                           G_DBUS_CALL_FLAGS_NONE, 5000, NULL,
                                                           error);
  g_autoptr(GVariant) value = NULL;

  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(v)", &value);
  *disabled = g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) &&
              g_variant_get_boolean (value);
  return TRUE;
}

/*
 * Makes a running goa-daemon serve the servers now in the file. Not running,
 * it reads them when it starts; mail switched off, when it is switched on.
 */
static gboolean
reload_mail (const FpAccountTarget  *target,
             GError                **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GDBusConnection) bus = NULL;
  g_autofree char *path = g_strconcat (GOA_ACCOUNT_PATH, target->account_id, NULL);
  MailWait wait = { .context = context, .path = path };
  gboolean disabled = FALSE;
  gboolean ok = FALSE;
  guint added_id, removed_id;

  /* The id comes from the state file: one that names no object on the bus is not GOA's. */
  if (!g_variant_is_object_path (path))
    {
      set_removed_error (target, error);
      return FALSE;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL || !daemon_running (bus))
    return TRUE;
  if (!mail_disabled (bus, path, &disabled, error))
    return FALSE;
  if (disabled)
    return TRUE;
  g_main_context_push_thread_default (context);
  added_id = g_dbus_connection_signal_subscribe (bus, FP_GOA_BUS_NAME,
                                                 "org.freedesktop.DBus.ObjectManager",
                                                 "InterfacesAdded", GOA_MANAGER_PATH, NULL,
                                                 G_DBUS_SIGNAL_FLAGS_NONE, interfaces_changed_cb,
                                                 &wait, NULL);
  removed_id = g_dbus_connection_signal_subscribe (bus, FP_GOA_BUS_NAME,
                                                   "org.freedesktop.DBus.ObjectManager",
                                                   "InterfacesRemoved", GOA_MANAGER_PATH, NULL,
                                                   G_DBUS_SIGNAL_FLAGS_NONE,
                                                   interfaces_changed_cb, &wait, NULL);
  ok = set_mail_disabled (bus, &wait, TRUE, error) &&
       set_mail_disabled (bus, &wait, FALSE, error);
  g_dbus_connection_signal_unsubscribe (bus, added_id);
  g_dbus_connection_signal_unsubscribe (bus, removed_id);
  g_main_context_pop_thread_default (context);
  return ok;
}

/**
 * fp_goa_updater_apply:
 * @state_dir: where the copy of the previous accounts.conf goes (`backups/`)
 *
 * Checks again that the account is as written, puts @incoming and @outgoing
 * into its group of accounts.conf (one rename, the previous file copied
 * first), and has goa-daemon serve them. The account keeps its id, its
 * password in the keyring and everything else the person set.
 */
gboolean
fp_goa_updater_apply (const FpAccountTarget  *target,
                      const FpAccountRecord  *record,
                      const FpMailServer     *incoming,
                      const FpMailServer     *outgoing,
                      const char             *state_dir,
                      GError                **error)
{
  g_autoptr(FpAccountPlan) plan = fp_account_plan_new (record->address, incoming, outgoing);
  g_autoptr(GKeyFile) account = NULL;
  g_autoptr(GVariant) old_details = NULL;
  g_autoptr(GVariant) new_details = NULL;
  g_autofree char *group = group_of (target);
  g_autofree char *path = fp_goa_accounts_file ();
  GVariantIter iter;
  const char *key;
  const char *value;

  if (!fp_goa_can_hold (plan, error) || !check_account (target, record, &account, error))
    return FALSE;
  old_details = server_details (record, record->incoming, record->outgoing);
  new_details = fp_goa_account_details (plan);
  /* A key setup wrote that the new servers do not need (no SMTP login now) goes. */
  g_variant_iter_init (&iter, old_details);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (is_server_key (key) && !g_variant_lookup (new_details, key, "&s", &value))
      g_key_file_remove_key (account, group, key, NULL);
  g_variant_iter_init (&iter, new_details);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (is_server_key (key))
      g_key_file_set_string (account, group, key, value);
  return fp_account_update_save_key_file (path, account, state_dir, error) &&
         reload_mail (target, error);
}

/**
 * fp_goa_updater_lookup_password:
 *
 * The password GOA keeps for the account (its PasswordBased interface), for
 * the login check before an update.
 *
 * Returns: (transfer full) (nullable): the password, or %NULL
 */
char *
fp_goa_updater_lookup_password (const FpAccountTarget *target)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autofree char *path = g_strconcat (GOA_ACCOUNT_PATH, target->account_id, NULL);
  g_autoptr(GVariant) reply = NULL;
  char *password = NULL;

  if (bus == NULL || !g_variant_is_object_path (path))
    return NULL;
  reply = g_dbus_connection_call_sync (bus, FP_GOA_BUS_NAME, path, GOA_PASSWORD_IFACE,
                                       "GetPassword", g_variant_new ("(s)", "imap-password"),
                                       G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, 10000,
                                       NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(s)", &password);
  return password;
}
