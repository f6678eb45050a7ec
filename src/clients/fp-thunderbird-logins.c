/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fp-clients-error.h"
#include "fp-logins-json.h"
#include "fp-thunderbird-logins.h"

/*
 * Thunderbird never reads the GNOME keyring: without a login in its own
 * store it asks for the password at the first connection. This prepares
 * that login (one per server, logins.json, encrypted with the profile's
 * key4.db) and, with --ca-file, trust in the authority (cert9.db: Thunderbird
 * trusts only its own store). The text is only prepared here; the writer
 * puts logins.json and prefs.js in place together.
 */

static const char *
origin_scheme (FpMailProtocol protocol)
{
  switch (protocol)
    {
    case FP_MAIL_PROTOCOL_POP3:
      return "pop3";
    case FP_MAIL_PROTOCOL_SMTP:
      return "smtp";
    case FP_MAIL_PROTOCOL_IMAP:
    default:
      return "imap";
    }
}

static char *
decrypt_cb (const char *encrypted,
            gpointer    user_data)
{
  return fp_thunderbird_nss_decrypt (user_data, encrypted, NULL);
}

static gboolean
add_login (FpLoginsJson        *logins,
           FpThunderbirdNss    *nss,
           const FpMailServer  *server,
           const char          *password,
           FpWriteReport       *report,
           GError             **error)
{
  g_autofree char *origin = fp_logins_json_origin (origin_scheme (server->protocol),
                                                   server->host);
  g_autofree char *user = fp_thunderbird_nss_encrypt (nss, server->login, error);
  g_autofree char *secret = NULL;
  gboolean replaced;

  if (user == NULL || (secret = fp_thunderbird_nss_encrypt (nss, password, error)) == NULL)
    return FALSE;
  replaced = fp_logins_json_set_login (logins, origin, server->login, user, secret,
                                       g_get_real_time () / 1000, decrypt_cb, nss);
  fp_write_report_add_change (report, replaced ? "logins.json: %s (%s) replaced"
                                               : "logins.json: %s (%s) added",
                              origin, server->login);
  return TRUE;
}

static gboolean
read_store (FpThunderbirdLogins  *self,
            FpLoginsJson        **logins,
            GError              **error)
{
  g_autoptr(GError) read_error = NULL;

  if (!g_file_get_contents (self->path, &self->old_text, &self->old_length, &read_error))
    {
      if (!g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
                       _("Could not read %s: %s"), self->path, read_error->message);
          return FALSE;
        }
      *logins = fp_logins_json_new ();
      return TRUE;
    }
  *logins = fp_logins_json_parse (self->old_text, self->old_length, error);
  return *logins != NULL;
}

static gboolean
prepare_logins (FpThunderbirdLogins  *self,
                const FpAccountPlan  *plan,
                const FpMailServer  **servers,
                FpWriteReport        *report,
                GError              **error)
{
  g_autoptr(FpLoginsJson) logins = NULL;

  if (!read_store (self, &logins, error))
    return FALSE;
  if (fp_thunderbird_nss_has_primary_password (self->nss))
    {
      report->password_note = g_strdup (_("This Thunderbird profile is protected by a primary "
                                          "password, so Fingerpost cannot store the password "
                                          "there: Thunderbird asks for it once."));
      return TRUE;
    }
  for (guint i = 0; servers[i] != NULL; i++)
    if (!add_login (logins, self->nss, servers[i], plan->password, report, error))
      return FALSE;
  self->new_text = fp_logins_json_to_string (logins);
  g_ptr_array_add (report->files, g_strdup (self->path));
  report->password_note = g_strdup (_("Thunderbird finds the password in its own password "
                                      "store and does not ask for it."));
  return TRUE;
}

static gboolean
prepare_authority (FpThunderbirdLogins  *self,
                   const FpAccountPlan  *plan,
                   const char           *profile_dir,
                   gboolean              dry_run,
                   FpWriteReport        *report,
                   GError              **error)
{
  g_autofree char *cert_db = g_build_filename (profile_dir, "cert9.db", NULL);

  if (!dry_run &&
      !fp_thunderbird_nss_add_authority (self->nss, plan->ca_file, self->added_authorities,
                                         error))
    return FALSE;
  report->trust_note = g_strdup_printf (_("Thunderbird trusts only its own certificate store: "
                                          "the authority %s was added to %s, trusted to "
                                          "identify servers."), plan->ca_file, cert_db);
  return TRUE;
}

/**
 * fp_thunderbird_logins_prepare:
 * @servers: (array zero-terminated=1): the servers that take the password
 *
 * Opens the profile's key and certificate databases (creating them on a
 * profile Thunderbird never started), adds the --ca-file authority, and
 * makes the new logins.json text: one login for each of @servers, when the
 * plan keeps the password. A dry run opens nothing and only says
 * what would be done. Call only while holding the profile's locks.
 *
 * Returns: (transfer full): what to write, or %NULL with an #FpClientsError
 */
FpThunderbirdLogins *
fp_thunderbird_logins_prepare (const FpAccountPlan  *plan,
                               const FpMailServer  **servers,
                               const char           *profile_dir,
                               gboolean              dry_run,
                               FpWriteReport        *report,
                               GError              **error)
{
  g_autoptr(FpThunderbirdLogins) self = g_new0 (FpThunderbirdLogins, 1);
  gboolean keep = fp_account_plan_wants_keyring (plan) && servers[0] != NULL;

  self->path = g_build_filename (profile_dir, "logins.json", NULL);
  self->added_authorities = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (!keep)
    report->password_note = g_strdup (_("Thunderbird asks for the password once, and can "
                                        "remember it."));
  else if (dry_run)
    {
      report->password_note = g_strdup_printf (_("The password would be stored in %s, so "
                                                 "Thunderbird does not ask for it."), self->path);
      g_ptr_array_add (report->files, g_strdup (self->path));
    }
  if ((keep || plan->ca_file != NULL) && !dry_run &&
      (self->nss = fp_thunderbird_nss_open (profile_dir, error)) == NULL)
    return NULL;
  if (keep && !dry_run && !prepare_logins (self, plan, servers, report, error))
    return NULL;
  if (plan->ca_file != NULL &&
      !prepare_authority (self, plan, profile_dir, dry_run, report, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* The write failed after all: take out the authorities that were added. */
void
fp_thunderbird_logins_rollback (FpThunderbirdLogins *self)
{
  if (self->nss != NULL)
    fp_thunderbird_nss_remove_authorities (self->nss, self->added_authorities);
}

void
fp_thunderbird_logins_free (FpThunderbirdLogins *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->nss, fp_thunderbird_nss_close);
  g_clear_pointer (&self->added_authorities, g_ptr_array_unref);
  g_free (self->path);
  g_free (self->old_text);
  g_free (self->new_text);
  g_free (self);
}
