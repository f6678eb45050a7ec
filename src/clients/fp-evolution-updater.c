/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fp-account-update.h"
#include "fp-clients-error.h"
#include "fp-evolution-writer.h"
#include "fp-file-util.h"
#include "fp-keyring.h"
#include "fp-writer-lock.h"

/*
 * `check --apply` for Evolution: the same account and transport sources that
 * setup wrote get the new host, port, login and security, every other key
 * (Evolution adds its own) kept. The registry sees the files change and
 * reloads them. A source that is gone, or whose server is no longer the one
 * Fingerpost wrote, was changed by the person: it is left alone.
 */

static char *
source_path (const FpAccountTarget *target,
             const char            *uid)
{
  g_autofree char *name = g_strconcat (uid, ".source", NULL);

  return g_build_filename (target->location, name, NULL);
}

static GKeyFile *
load_source (const FpAccountTarget  *target,
             const char             *uid,
             GError                **error)
{
  g_autofree char *path = source_path (target, uid);
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL))
    return g_steal_pointer (&file);
  g_set_error (error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_REMOVED,
               _("The account is no longer in Evolution (%s is gone); it was left alone."), path);
  return NULL;
}

/* Whether @file still names @server as Fingerpost wrote it. */
static gboolean
source_has_server (GKeyFile           *file,
                   const FpMailServer *server)
{
  g_autofree char *host = g_key_file_get_string (file, "Authentication", "Host", NULL);
  g_autofree char *user = g_key_file_get_string (file, "Authentication", "User", NULL);
  g_autofree char *security = g_key_file_get_string (file, "Security", "Method", NULL);
  int port = g_key_file_get_integer (file, "Authentication", "Port", NULL);

  return host != NULL && g_ascii_strcasecmp (host, server->host) == 0 && port == server->port &&
         g_strcmp0 (security, fp_evolution_security_method (server->transport)) == 0 &&
         (!server->login_required || g_strcmp0 (user, server->login) == 0);
}

static gboolean
check_sources (const FpAccountTarget  *target,
               const FpAccountRecord  *record,
               GKeyFile              **account,
               GKeyFile              **transport,
               GError                **error)
{
  g_autoptr(GKeyFile) account_file = load_source (target, target->account_id, error);
  g_autoptr(GKeyFile) transport_file = NULL;
  g_autofree char *backend = NULL;

  if (account_file == NULL ||
      (transport_file = load_source (target, target->transport_id, error)) == NULL)
    return FALSE;
  backend = g_key_file_get_string (account_file, "Mail Account", "BackendName", NULL);
  if (g_strcmp0 (backend, fp_evolution_backend_name (record->incoming->protocol)) != 0 ||
      !source_has_server (account_file, record->incoming) ||
      !source_has_server (transport_file, record->outgoing))
    {
      g_set_error (error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_EDITED,
                   _("The account’s servers were changed in Evolution since Fingerpost set it "
                     "up; it was left alone."));
      return FALSE;
    }
  if (account != NULL)
    *account = g_steal_pointer (&account_file);
  if (transport != NULL)
    *transport = g_steal_pointer (&transport_file);
  return TRUE;
}

/**
 * fp_evolution_updater_check:
 *
 * Returns: %TRUE when the sources Fingerpost wrote are there, as written;
 *   otherwise %FALSE with %FP_UPDATE_ERROR_REMOVED or %FP_UPDATE_ERROR_EDITED
 */
gboolean
fp_evolution_updater_check (const FpAccountTarget  *target,
                            const FpAccountRecord  *record,
                            GError                **error)
{
  return check_sources (target, record, NULL, NULL, error);
}

static void
set_server (GKeyFile           *file,
            const FpMailServer *server)
{
  g_key_file_set_string (file, "Authentication", "Host", server->host);
  g_key_file_set_integer (file, "Authentication", "Port", server->port);
  g_key_file_set_string (file, "Authentication", "User",
                         server->login_required ? server->login : "");
  g_key_file_set_string (file, "Security", "Method",
                         fp_evolution_security_method (server->transport));
}

/**
 * fp_evolution_updater_apply:
 * @password: (nullable): stored again for the account and transport, when
 *   the record says the keyring is used
 * @state_dir: where the copies of the previous files go (`backups/`)
 *
 * Checks again that the sources are as written, then puts @incoming and
 * @outgoing into them. The transport is written before the account, so a
 * failure in between leaves an account whose incoming side still works.
 */
gboolean
fp_evolution_updater_apply (const FpAccountTarget  *target,
                            const FpAccountRecord  *record,
                            const FpMailServer     *incoming,
                            const FpMailServer     *outgoing,
                            const char             *password,
                            const char             *state_dir,
                            GError                **error)
{
  g_autoptr(FpWriterLock) lock = NULL;
  g_autoptr(GKeyFile) account = NULL;
  g_autoptr(GKeyFile) transport = NULL;
  g_autofree char *account_path = source_path (target, target->account_id);
  g_autofree char *transport_path = source_path (target, target->transport_id);

  if (incoming->protocol != record->incoming->protocol)
    {
      g_set_error (error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_UNSUPPORTED,
                   _("The provider moved the account from %s to %s, which Evolution cannot "
                     "change in place; set the account up again."),
                   fp_mail_protocol_to_string (record->incoming->protocol),
                   fp_mail_protocol_to_string (incoming->protocol));
      return FALSE;
    }
  /* The same lock as setup's, over the check and the write. */
  lock = fp_writer_lock_acquire (target->location, NULL, error);
  if (lock == NULL || !check_sources (target, record, &account, &transport, error))
    return FALSE;
  set_server (account, incoming);
  set_server (transport, outgoing);
  /* The sign-in method stays as written, unless a login is newly needed or no longer is. */
  if (outgoing->login_required != record->outgoing->login_required)
    g_key_file_set_string (transport, "Authentication", "Method",
                           outgoing->login_required ? "PLAIN" : "none");
  if (!fp_account_update_save_key_file (transport_path, transport, state_dir, error) ||
      !fp_account_update_save_key_file (account_path, account, state_dir, error))
    return FALSE;
  /* Evolution finds its items by UID: only a transport that now needs a login needs one. */
  if (record->keyring && password != NULL && outgoing->login_required &&
      !record->outgoing->login_required)
    return fp_keyring_store_evolution_sync (target->transport_id, record->label, password, NULL,
                                            error);
  return TRUE;
}
