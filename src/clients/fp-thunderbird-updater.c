/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fp-account-update.h"
#include "fp-clients-error.h"
#include "fp-keyring.h"
#include "fp-thunderbird-logins.h"
#include "fp-thunderbird-profile.h"
#include "fp-thunderbird-writer.h"
#include "fp-writer-lock.h"

/*
 * `check --apply` for Thunderbird: the same mail.server.KEY and
 * mail.smtpserver.KEY prefs that setup wrote get the new values, only while
 * Thunderbird is not running on the profile, with the previous prefs.js kept
 * beside it as at setup. An account no longer listed, or whose server prefs
 * are not what Fingerpost wrote, was changed by the person: left alone.
 */

static char *
pref_name (const char *family,
           const char *key,
           const char *leaf)
{
  return g_strdup_printf ("mail.%s.%s.%s", family, key, leaf);
}

static const char *
get_string (FpPrefsJs  *prefs,
            const char *family,
            const char *key,
            const char *leaf)
{
  g_autofree char *name = pref_name (family, key, leaf);

  return fp_prefs_js_get_string (prefs, name);
}

/* A missing int is Thunderbird's default; -1 stands for "none given". */
static gint32
get_int (FpPrefsJs  *prefs,
         const char *family,
         const char *key,
         const char *leaf)
{
  g_autofree char *name = pref_name (family, key, leaf);
  gint32 value = -1;

  fp_prefs_js_get_int (prefs, name, &value);
  return value;
}

static gboolean
is_listed (FpPrefsJs  *prefs,
           const char *list,
           const char *key)
{
  const char *value = fp_prefs_js_get_string (prefs, list);
  g_auto(GStrv) items = g_strsplit (value != NULL ? value : "", ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    if (g_str_equal (g_strstrip (items[i]), key))
      return TRUE;
  return FALSE;
}

static gboolean
port_matches (gint32              port,
              const FpMailServer *server)
{
  return port == server->port ||
         (port == -1 &&
          server->port == fp_mail_protocol_default_port (server->protocol, server->transport));
}

static gboolean
prefs_have_servers (FpPrefsJs             *prefs,
                    const FpAccountTarget *target,
                    const FpAccountRecord *record)
{
  const FpMailServer *in = record->incoming;
  const FpMailServer *out = record->outgoing;
  const char *in_host = get_string (prefs, "server", target->incoming_id, "hostname");
  const char *out_host = get_string (prefs, "smtpserver", target->transport_id, "hostname");
  const char *in_user = get_string (prefs, "server", target->incoming_id, "userName");
  const char *out_user = get_string (prefs, "smtpserver", target->transport_id, "username");

  return in_host != NULL && g_ascii_strcasecmp (in_host, in->host) == 0 &&
         g_strcmp0 (get_string (prefs, "server", target->incoming_id, "type"),
                    fp_thunderbird_server_type (in->protocol)) == 0 &&
         port_matches (get_int (prefs, "server", target->incoming_id, "port"), in) &&
         get_int (prefs, "server", target->incoming_id, "socketType") ==
           fp_thunderbird_socket_type (in->transport) &&
         g_strcmp0 (in_user, in->login) == 0 &&
         out_host != NULL && g_ascii_strcasecmp (out_host, out->host) == 0 &&
         port_matches (get_int (prefs, "smtpserver", target->transport_id, "port"), out) &&
         get_int (prefs, "smtpserver", target->transport_id, "try_ssl") ==
           fp_thunderbird_socket_type (out->transport) &&
         (!out->login_required || g_strcmp0 (out_user, out->login) == 0);
}

static gboolean
check_prefs (FpPrefsJs              *prefs,
             const FpAccountTarget  *target,
             const FpAccountRecord  *record,
             GError                **error)
{
  if (!is_listed (prefs, "mail.accountmanager.accounts", target->account_id) ||
      target->incoming_id == NULL || target->transport_id == NULL)
    {
      g_set_error (error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_REMOVED,
                   _("The account is no longer in Thunderbird (%s in %s); it was left alone."),
                   target->account_id, target->location);
      return FALSE;
    }
  if (!prefs_have_servers (prefs, target, record))
    {
      g_set_error (error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_EDITED,
                   _("The account’s servers were changed in Thunderbird since Fingerpost set it "
                     "up; it was left alone."));
      return FALSE;
    }
  return TRUE;
}

static FpPrefsJs *
load_prefs (const FpAccountTarget  *target,
            char                  **text,
            gsize                  *length,
            GError                **error)
{
  g_autofree char *path = g_build_filename (target->location, "prefs.js", NULL);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_get_contents (path, text, length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_REMOVED,
                     _("The account is no longer in Thunderbird (%s is gone); it was left "
                       "alone."), path);
      else
        g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
                     _("Could not read %s: %s"), path, local_error->message);
      return NULL;
    }
  return fp_prefs_js_parse (*text, *length, error);
}

/**
 * fp_thunderbird_updater_check:
 *
 * Returns: %TRUE when the prefs Fingerpost wrote are there, as written;
 *   otherwise %FALSE with %FP_UPDATE_ERROR_REMOVED or %FP_UPDATE_ERROR_EDITED
 */
gboolean
fp_thunderbird_updater_check (const FpAccountTarget  *target,
                              const FpAccountRecord  *record,
                              GError                **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr(FpPrefsJs) prefs = load_prefs (target, &text, &length, error);

  return prefs != NULL && check_prefs (prefs, target, record, error);
}

static void
set_string (FpPrefsJs  *prefs,
            const char *family,
            const char *key,
            const char *leaf,
            const char *value)
{
  g_autofree char *name = pref_name (family, key, leaf);

  fp_prefs_js_set_string (prefs, name, value);
}

static void
set_int (FpPrefsJs  *prefs,
         const char *family,
         const char *key,
         const char *leaf,
         gint32      value)
{
  g_autofree char *name = pref_name (family, key, leaf);

  fp_prefs_js_set_int (prefs, name, value);
}

static void
set_servers (FpPrefsJs             *prefs,
             const FpAccountTarget *target,
             const FpMailServer    *in,
             const FpMailServer    *out)
{
  const char *server = target->incoming_id;
  const char *smtp = target->transport_id;

  set_string (prefs, "server", server, "hostname", in->host);
  set_int (prefs, "server", server, "port", in->port);
  set_int (prefs, "server", server, "socketType", fp_thunderbird_socket_type (in->transport));
  set_string (prefs, "server", server, "userName", in->login);
  set_string (prefs, "smtpserver", smtp, "hostname", out->host);
  set_int (prefs, "smtpserver", smtp, "port", out->port);
  set_int (prefs, "smtpserver", smtp, "try_ssl", fp_thunderbird_socket_type (out->transport));
  if (out->login_required)
    set_string (prefs, "smtpserver", smtp, "username", out->login);
}

/* The keyring's items follow the servers too: the next check finds the password there. */
static gboolean
store_passwords (const FpMailServer  *in,
                 const FpMailServer  *out,
                 const char          *password,
                 GError             **error)
{
  return fp_keyring_store_network_sync (in, password, NULL, error) &&
         (!out->login_required || fp_keyring_store_network_sync (out, password, NULL, error));
}

/*
 * Thunderbird keeps its passwords in logins.json by origin (imap://HOST): a
 * new host or login gets its login there, as at setup, so Thunderbird does not ask.
 */
static FpThunderbirdLogins *
prepare_logins (const FpAccountTarget  *target,
                const FpAccountRecord  *record,
                const FpMailServer     *in,
                const FpMailServer     *out,
                const char             *password,
                FpWriteReport          *report,
                GError                **error)
{
  g_autoptr(FpAccountPlan) plan = fp_account_plan_new (record->address, in, out);
  const FpMailServer *with_password[3] = { NULL };
  guint n = 0;

  fp_account_plan_set_password (plan, password, record->keyring && password != NULL);
  if (fp_mail_server_needs_password (in))
    with_password[n++] = plan->incoming;
  if (out->login_required && fp_mail_server_needs_password (out))
    with_password[n++] = plan->outgoing;
  return fp_thunderbird_logins_prepare (plan, with_password, target->location, FALSE, report,
                                        error);
}

/**
 * fp_thunderbird_updater_apply:
 * @password: (nullable): put into logins.json for the new servers, when the record says the
 *   password is kept
 * @backup: (out) (optional): the copy of the previous prefs.js
 *
 * Takes the profile lock (refusing while Thunderbird runs), checks again that
 * the prefs are as written, and puts @incoming and @outgoing into them.
 */
gboolean
fp_thunderbird_updater_apply (const FpAccountTarget  *target,
                              const FpAccountRecord  *record,
                              const FpMailServer     *incoming,
                              const FpMailServer     *outgoing,
                              const char             *password,
                              char                  **backup,
                              GError                **error)
{
  g_autoptr(FpWriterLock) writer_lock = NULL;
  g_autoptr(FpProfileLock) lock = NULL;
  g_autoptr(FpThunderbirdLogins) logins = NULL;
  g_autoptr(FpWriteReport) report = fp_write_report_new (FP_MAIL_PROGRAM_THUNDERBIRD, FALSE);
  g_autofree char *path = g_build_filename (target->location, "prefs.js", NULL);
  g_autoptr(FpPrefsJs) prefs = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  gsize old_length = 0;

  /* As setup does: ours first, so another writer waits, then Thunderbird's. */
  writer_lock = fp_writer_lock_acquire (target->location, NULL, error);
  if (writer_lock == NULL ||
      (lock = fp_thunderbird_profile_lock (target->location, error)) == NULL)
    return FALSE;
  prefs = load_prefs (target, &old_text, &old_length, error);
  if (prefs == NULL || !check_prefs (prefs, target, record, error))
    return FALSE;
  if (incoming->protocol != record->incoming->protocol)
    {
      g_set_error (error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_UNSUPPORTED,
                   _("The provider moved the account from %s to %s, which Thunderbird cannot "
                     "change in place; set the account up again."),
                   fp_mail_protocol_to_string (record->incoming->protocol),
                   fp_mail_protocol_to_string (incoming->protocol));
      return FALSE;
    }
  set_servers (prefs, target, incoming, outgoing);
  new_text = fp_prefs_js_to_string (prefs);
  if (record->keyring && password != NULL && !store_passwords (incoming, outgoing, password, error))
    return FALSE;
  logins = prepare_logins (target, record, incoming, outgoing, password, report, error);
  if (logins == NULL)
    return FALSE;
  if (!fp_thunderbird_replace_prefs (path, old_text, old_length, new_text, logins, report, error))
    {
      fp_thunderbird_logins_rollback (logins);
      return FALSE;
    }
  if (backup != NULL)
    *backup = g_steal_pointer (&report->backup);
  return TRUE;
}
