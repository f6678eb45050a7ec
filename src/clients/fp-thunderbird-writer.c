/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "fp-auth-choice.h"
#include "fp-clients-error.h"
#include "fp-file-util.h"
#include "fp-keyring.h"
#include "fp-thunderbird-logins.h"
#include "fp-thunderbird-profile.h"
#include "fp-thunderbird-writer.h"
#include "fp-writer-lock.h"
#include "fp-writer-task.h"

/*
 * A Thunderbird account is a set of prefs in the profile's prefs.js (names
 * and values as comm-central's CreateInBackend.sys.mjs and mailnews.js make
 * them): mail.account.accountN → mail.server.serverN (incoming) and
 * mail.identity.idN → mail.smtpserver.smtpN (outgoing), listed in
 * mail.accountmanager.accounts and mail.smtpservers. Thunderbird numbers its
 * own new accounts (Local Folders, at the first start) from
 * mail.account.lastKey, so that is raised past ours or ours gets overwritten.
 */

/* nsMsgSocketType: plain 0, alwaysSTARTTLS 2, SSL 3; SMTP's try_ssl uses the same numbers. */
int
fp_thunderbird_socket_type (FpTransport transport)
{
  switch (transport)
    {
    case FP_TRANSPORT_TLS:
      return 3;
    case FP_TRANSPORT_STARTTLS:
      return 2;
    case FP_TRANSPORT_NONE:
    default:
      return 0;
    }
}

/*
 * nsMsgAuthMethod: none 1, passwordCleartext 3 (the password, inside TLS),
 * passwordEncrypted 4 (CRAM-MD5), OAuth2 10 (Thunderbird signs in with its
 * own client, for the hosts of its built-in table: fp-thunderbird-oauth2.c).
 */
#define AUTH_METHOD_NONE      1
#define AUTH_METHOD_CLEARTEXT 3
#define AUTH_METHOD_ENCRYPTED 4
#define AUTH_METHOD_OAUTH2    10

static int
auth_method (const FpMailServer *server)
{
  FpAuthMethod method = FP_AUTH_PASSWORD;

  if (!server->login_required)
    return AUTH_METHOD_NONE;
  fp_auth_choose (FP_MAIL_PROGRAM_THUNDERBIRD, server, &method, NULL);
  switch (method)
    {
    case FP_AUTH_OAUTH2:
      return AUTH_METHOD_OAUTH2;
    case FP_AUTH_CRAM_MD5:
      return AUTH_METHOD_ENCRYPTED;
    case FP_AUTH_PASSWORD:
    default:
      return AUTH_METHOD_CLEARTEXT;
    }
}

const char *
fp_thunderbird_server_type (FpMailProtocol protocol)
{
  return protocol == FP_MAIL_PROTOCOL_POP3 ? "pop3" : "imap";
}

static GStrv
split_list (FpPrefsJs  *prefs,
            const char *name)
{
  const char *value = fp_prefs_js_get_string (prefs, name);
  g_auto(GStrv) items = g_strsplit (value != NULL ? value : "", ",", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (*items[i] != '\0')
        g_ptr_array_add (kept, g_strdup (items[i]));
    }
  g_ptr_array_add (kept, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
}

static const char *
get_key_string (FpPrefsJs  *prefs,
                const char *family,
                const char *key,
                const char *leaf)
{
  g_autofree char *name = g_strdup_printf ("mail.%s.%s.%s", family, key, leaf);

  return fp_prefs_js_get_string (prefs, name);
}

static gboolean
account_has_identity_address (FpPrefsJs  *prefs,
                              const char *account,
                              const char *address)
{
  g_auto(GStrv) identities = NULL;
  g_autofree char *list_name = g_strdup_printf ("mail.account.%s.identities", account);

  identities = split_list (prefs, list_name);
  for (guint i = 0; identities[i] != NULL; i++)
    {
      const char *email = get_key_string (prefs, "identity", identities[i], "useremail");

      if (email != NULL && g_ascii_strcasecmp (email, address) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * fp_thunderbird_find_account:
 * @account_key: (out) (optional): the existing account's key
 *
 * The same account is the same address on the same incoming server: an
 * account in mail.accountmanager.accounts whose server has @incoming's host
 * and type and whose identity has @address.
 */
gboolean
fp_thunderbird_find_account (FpPrefsJs          *prefs,
                             const char         *address,
                             const FpMailServer *incoming,
                             char              **account_key)
{
  g_auto(GStrv) accounts = split_list (prefs, "mail.accountmanager.accounts");

  for (guint i = 0; accounts[i] != NULL; i++)
    {
      const char *server = get_key_string (prefs, "account", accounts[i], "server");
      const char *host = server ? get_key_string (prefs, "server", server, "hostname") : NULL;
      const char *type = server ? get_key_string (prefs, "server", server, "type") : NULL;

      if (host == NULL || type == NULL || g_ascii_strcasecmp (host, incoming->host) != 0 ||
          g_strcmp0 (type, fp_thunderbird_server_type (incoming->protocol)) != 0 ||
          !account_has_identity_address (prefs, accounts[i], address))
        continue;
      if (account_key != NULL)
        *account_key = g_strdup (accounts[i]);
      return TRUE;
    }
  return FALSE;
}

/* "account12" with stem "account" → 12; anything else → 0. */
static guint64
key_number (const char *key,
            gsize       key_length,
            const char *stem)
{
  gsize stem_length = strlen (stem);
  guint64 number = 0;

  if (key_length <= stem_length || strncmp (key, stem, stem_length) != 0)
    return 0;
  for (gsize i = stem_length; i < key_length; i++)
    {
      if (!g_ascii_isdigit (key[i]) || number > G_MAXINT32)
        return 0;
      number = number * 10 + (key[i] - '0');
    }
  return number;
}

/*
 * The highest N in use for keys like "serverN": in any pref under
 * mail.FAMILY.serverN.*, and in any list that names keys (a key listed but
 * with no prefs is still taken: Thunderbird would recreate it).
 */
static guint64
highest_key (FpPrefsJs   *prefs,
             const char  *family,
             const char  *stem,
             const char **lists)
{
  g_autofree char *prefix = g_strdup_printf ("mail.%s.", family);
  g_auto(GStrv) names = fp_prefs_js_list_names (prefs, prefix);
  g_auto(GStrv) all = fp_prefs_js_list_names (prefs, "mail.");
  guint64 highest = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *key = names[i] + strlen (prefix);
      const char *dot = strchr (key, '.');

      highest = MAX (highest, key_number (key, dot ? (gsize) (dot - key) : strlen (key), stem));
    }
  for (guint i = 0; all[i] != NULL; i++)
    {
      g_auto(GStrv) items = NULL;
      gboolean is_list = FALSE;

      for (guint j = 0; lists[j] != NULL; j++)
        is_list |= g_str_has_suffix (all[i], lists[j]);
      if (!is_list)
        continue;
      items = split_list (prefs, all[i]);
      for (guint j = 0; items[j] != NULL; j++)
        highest = MAX (highest, key_number (items[j], strlen (items[j]), stem));
    }
  return highest;
}

typedef struct
{
  char *account;
  char *server;
  char *identity;
  char *smtp;
  int   account_number;
} NewKeys;

static void
new_keys_clear (NewKeys *keys)
{
  g_free (keys->account);
  g_free (keys->server);
  g_free (keys->identity);
  g_free (keys->smtp);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NewKeys, new_keys_clear)

static gboolean
choose_keys (FpPrefsJs  *prefs,
             NewKeys    *keys,
             GError    **error)
{
  const char *account_lists[] = { "accountmanager.accounts", "accountmanager.defaultaccount",
                                  NULL };
  const char *server_lists[] = { ".server", "accountmanager.localfoldersserver", NULL };
  const char *identity_lists[] = { ".identities", NULL };
  const char *smtp_lists[] = { "mail.smtpservers", ".smtpServer", "smtp.defaultserver", NULL };
  gint32 last_key = 0;
  guint64 account;

  fp_prefs_js_get_int (prefs, "mail.account.lastKey", &last_key);
  account = MAX ((guint64) MAX (last_key, 0),
                 highest_key (prefs, "account", "account", account_lists)) + 1;
  if (account > G_MAXINT32)
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
                   _("prefs.js has no account number left."));
      return FALSE;
    }
  keys->account_number = (int) account;
  keys->account = g_strdup_printf ("account%d", keys->account_number);
  keys->server = g_strdup_printf ("server%" G_GUINT64_FORMAT,
                                  highest_key (prefs, "server", "server", server_lists) + 1);
  keys->identity = g_strdup_printf ("id%" G_GUINT64_FORMAT,
                                    highest_key (prefs, "identity", "id", identity_lists) + 1);
  keys->smtp = g_strdup_printf ("smtp%" G_GUINT64_FORMAT,
                                highest_key (prefs, "smtpserver", "smtp", smtp_lists) + 1);
  return TRUE;
}

static void
set_string (FpPrefsJs     *prefs,
            FpWriteReport *report,
            const char    *value,
            const char    *format,
            ...) G_GNUC_PRINTF (4, 5);

static void
set_string (FpPrefsJs     *prefs,
            FpWriteReport *report,
            const char    *value,
            const char    *format,
            ...)
{
  g_autofree char *name = NULL;
  g_autofree char *quoted = fp_prefs_js_escape_string (value);
  va_list args;

  va_start (args, format);
  name = g_strdup_vprintf (format, args);
  va_end (args);
  fp_prefs_js_set_string (prefs, name, value);
  fp_write_report_add_change (report, "%s = %s", name, quoted);
}

static void
set_int (FpPrefsJs     *prefs,
         FpWriteReport *report,
         gint32         value,
         const char    *format,
         ...) G_GNUC_PRINTF (4, 5);

static void
set_int (FpPrefsJs     *prefs,
         FpWriteReport *report,
         gint32         value,
         const char    *format,
         ...)
{
  g_autofree char *name = NULL;
  va_list args;

  va_start (args, format);
  name = g_strdup_vprintf (format, args);
  va_end (args);
  fp_prefs_js_set_int (prefs, name, value);
  fp_write_report_add_change (report, "%s = %" G_GINT32_FORMAT, name, value);
}

static void
set_bool (FpPrefsJs     *prefs,
          FpWriteReport *report,
          gboolean       value,
          const char    *format,
          ...) G_GNUC_PRINTF (4, 5);

static void
set_bool (FpPrefsJs     *prefs,
          FpWriteReport *report,
          gboolean       value,
          const char    *format,
          ...)
{
  g_autofree char *name = NULL;
  va_list args;

  va_start (args, format);
  name = g_strdup_vprintf (format, args);
  va_end (args);
  fp_prefs_js_set_bool (prefs, name, value);
  fp_write_report_add_change (report, "%s = %s", name, value ? "true" : "false");
}

static void
append_to_list (FpPrefsJs     *prefs,
                FpWriteReport *report,
                const char    *name,
                const char    *key)
{
  const char *current = fp_prefs_js_get_string (prefs, name);
  g_autofree char *value = NULL;

  if (current != NULL && *current != '\0')
    value = g_strconcat (current, ",", key, NULL);
  else
    value = g_strdup (key);
  set_string (prefs, report, value, "%s", name);
}

static void
add_incoming (FpPrefsJs           *prefs,
              FpWriteReport       *report,
              const FpAccountPlan *plan,
              const char          *key)
{
  const FpMailServer *server = plan->incoming;

  set_string (prefs, report, server->host, "mail.server.%s.hostname", key);
  set_int (prefs, report, server->port, "mail.server.%s.port", key);
  set_int (prefs, report, fp_thunderbird_socket_type (server->transport),
           "mail.server.%s.socketType", key);
  set_string (prefs, report, fp_thunderbird_server_type (server->protocol),
              "mail.server.%s.type", key);
  set_string (prefs, report, server->login, "mail.server.%s.userName", key);
  set_int (prefs, report, auth_method (server), "mail.server.%s.authMethod", key);
  set_string (prefs, report, plan->label, "mail.server.%s.name", key);
  set_bool (prefs, report, TRUE, "mail.server.%s.login_at_startup", key);
}

static void
add_outgoing (FpPrefsJs           *prefs,
              FpWriteReport       *report,
              const FpAccountPlan *plan,
              const char          *key)
{
  const FpMailServer *server = plan->outgoing;

  set_string (prefs, report, server->host, "mail.smtpserver.%s.hostname", key);
  set_int (prefs, report, server->port, "mail.smtpserver.%s.port", key);
  set_int (prefs, report, fp_thunderbird_socket_type (server->transport),
           "mail.smtpserver.%s.try_ssl", key);
  set_string (prefs, report, plan->label, "mail.smtpserver.%s.description", key);
  if (server->login_required)
    {
      set_int (prefs, report, auth_method (server), "mail.smtpserver.%s.authMethod", key);
      set_string (prefs, report, server->login, "mail.smtpserver.%s.username", key);
    }
  else
    set_int (prefs, report, AUTH_METHOD_NONE, "mail.smtpserver.%s.authMethod", key);
}

static void
add_identity (FpPrefsJs           *prefs,
              FpWriteReport       *report,
              const FpAccountPlan *plan,
              const NewKeys       *keys)
{
  set_string (prefs, report, plan->full_name != NULL ? plan->full_name : "",
              "mail.identity.%s.fullName", keys->identity);
  set_string (prefs, report, plan->address, "mail.identity.%s.useremail", keys->identity);
  set_string (prefs, report, keys->smtp, "mail.identity.%s.smtpServer", keys->identity);
  set_bool (prefs, report, TRUE, "mail.identity.%s.valid", keys->identity);
}

/* A default account that names nothing listed is as good as none. */
static gboolean
has_default_account (FpPrefsJs *prefs)
{
  const char *current = fp_prefs_js_get_string (prefs, "mail.accountmanager.defaultaccount");
  g_auto(GStrv) accounts = split_list (prefs, "mail.accountmanager.accounts");

  return current != NULL && g_strv_contains ((const char * const *) accounts, current);
}

static void
link_account (FpPrefsJs     *prefs,
              FpWriteReport *report,
              const NewKeys *keys)
{
  const char *default_smtp = fp_prefs_js_get_string (prefs, "mail.smtp.defaultserver");
  gint32 last_key = 0;

  set_string (prefs, report, keys->server, "mail.account.%s.server", keys->account);
  set_string (prefs, report, keys->identity, "mail.account.%s.identities", keys->account);
  append_to_list (prefs, report, "mail.smtpservers", keys->smtp);
  if (default_smtp == NULL || *default_smtp == '\0')
    set_string (prefs, report, keys->smtp, "mail.smtp.defaultserver");
  if (!has_default_account (prefs))
    set_string (prefs, report, keys->account, "mail.accountmanager.defaultaccount");
  append_to_list (prefs, report, "mail.accountmanager.accounts", keys->account);
  fp_prefs_js_get_int (prefs, "mail.account.lastKey", &last_key);
  if (last_key < keys->account_number)
    set_int (prefs, report, keys->account_number, "mail.account.lastKey");
}

/**
 * fp_thunderbird_add_account:
 * @report: receives the keys and one line per pref set
 *
 * Adds @plan's account to @prefs under keys that nothing uses yet; refuses
 * with %FP_CLIENTS_ERROR_ALREADY_CONFIGURED when the account is there.
 */
gboolean
fp_thunderbird_add_account (FpPrefsJs            *prefs,
                            const FpAccountPlan  *plan,
                            FpWriteReport        *report,
                            GError              **error)
{
  g_auto(NewKeys) keys = { 0 };
  g_autofree char *existing = NULL;

  if (fp_thunderbird_find_account (prefs, plan->address, plan->incoming, &existing))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED,
                   _("%s on %s is already set up in Thunderbird (%s); nothing was written."),
                   plan->address, plan->incoming->host, existing);
      return FALSE;
    }
  if (!choose_keys (prefs, &keys, error))
    return FALSE;

  add_incoming (prefs, report, plan, keys.server);
  add_outgoing (prefs, report, plan, keys.smtp);
  add_identity (prefs, report, plan, &keys);
  link_account (prefs, report, &keys);

  g_free (report->account_id);
  report->account_id = g_strdup (keys.account);
  g_free (report->incoming_id);
  report->incoming_id = g_strdup (keys.server);
  g_free (report->identity_id);
  report->identity_id = g_strdup (keys.identity);
  g_free (report->transport_id);
  report->transport_id = g_strdup (keys.smtp);
  return TRUE;
}

/* Writing the profile */

/*
 * The network items may exist already (the same login on the same server,
 * from another program): what was there is put back on failure, not deleted.
 */
typedef struct
{
  const FpMailServer *server;
  char               *previous;  /* the item's password before ours, or NULL */
  gboolean            stored;
} StoredSecret;

static void
stored_secret_clear (StoredSecret *secret)
{
  if (secret->previous != NULL)
    explicit_bzero (secret->previous, strlen (secret->previous));
  g_clear_pointer (&secret->previous, g_free);
}

static void
forget_passwords (GArray *stored)
{
  for (guint i = 0; i < stored->len; i++)
    {
      StoredSecret *secret = &g_array_index (stored, StoredSecret, i);

      if (!secret->stored)
        continue;
      if (secret->previous != NULL)
        fp_keyring_store_network_sync (secret->server, secret->previous, NULL, NULL);
      else
        fp_keyring_clear_network_sync (secret->server, NULL, NULL);
    }
}

static gboolean
store_password (const FpMailServer  *server,
                const char          *password,
                GArray              *stored,
                FpWriteReport       *report,
                GCancellable        *cancellable,
                GError             **error)
{
  StoredSecret secret = { .server = server };

  secret.previous = fp_keyring_lookup_network_sync (server, cancellable, NULL);
  g_array_append_val (stored, secret);
  if (!fp_keyring_store_network_sync (server, password, cancellable, error))
    return FALSE;
  g_array_index (stored, StoredSecret, stored->len - 1).stored = TRUE;
  g_ptr_array_add (report->secrets, fp_keyring_describe_network (server));
  return TRUE;
}

static GArray *
store_passwords (const FpAccountPlan  *plan,
                 FpWriteReport        *report,
                 GCancellable         *cancellable,
                 GError              **error)
{
  g_autoptr(GArray) stored = g_array_new (FALSE, TRUE, sizeof (StoredSecret));

  g_array_set_clear_func (stored, (GDestroyNotify) stored_secret_clear);
  /* Thunderbird keeps an OAuth2 server's token itself: no password goes with it. */
  if ((auth_method (plan->incoming) != AUTH_METHOD_OAUTH2 &&
       !store_password (plan->incoming, plan->password, stored, report, cancellable, error)) ||
      (plan->outgoing->login_required && auth_method (plan->outgoing) != AUTH_METHOD_OAUTH2 &&
       !store_password (plan->outgoing, plan->password, stored, report, cancellable, error)))
    {
      forget_passwords (stored);
      return NULL;
    }
  return g_steal_pointer (&stored);
}

/*
 * One file to put in place: the text read (NULL when there was no file) and
 * the text to write. A backup of the old text is kept beside it.
 */
typedef struct
{
  const char *path;
  const char *old_text;
  gsize       old_length;
  const char *new_text;
} FileChange;

/* Puts the old texts back; %FALSE when one could not be (its backup then still holds it). */
static gboolean
undo_files (const FileChange *changes,
            guint             n_done)
{
  gboolean undone = TRUE;

  for (guint i = 0; i < n_done; i++)
    {
      if (changes[i].old_text != NULL)
        undone &= fp_write_private_file (changes[i].path, changes[i].old_text,
                                         changes[i].old_length, NULL);
      else
        g_unlink (changes[i].path);
    }
  return undone;
}

static void
forget_backups (FpWriteReport *report)
{
  for (guint i = 0; i < report->backups->len; i++)
    g_unlink (g_ptr_array_index (report->backups, i));
  g_ptr_array_set_size (report->backups, 0);
  g_clear_pointer (&report->backup, g_free);
}

/*
 * Backups first, then each file replaced in one rename, prefs.js last: it
 * is what makes the account exist, so logins.json is never behind it. When
 * a later file fails, the earlier ones get their old text back: both files
 * are written, or neither.
 */
static gboolean
commit_files (const FileChange  *changes,
              guint              n_changes,
              FpWriteReport     *report,
              GError           **error)
{
  for (guint i = 0; i < n_changes; i++)
    {
      char *backup;

      if (changes[i].old_text == NULL)
        continue;
      backup = fp_write_backup_file (changes[i].path, changes[i].old_text, changes[i].old_length,
                                     error);
      if (backup == NULL)
        {
          forget_backups (report);
          return FALSE;
        }
      g_ptr_array_add (report->backups, backup);
      if (g_str_has_suffix (changes[i].path, "prefs.js"))
        report->backup = g_strdup (backup);
    }
  for (guint i = 0; i < n_changes; i++)
    if (!fp_write_private_file (changes[i].path, changes[i].new_text, -1, error))
      {
        /* A backup is the only copy of a file that could not be put back: it stays. */
        if (undo_files (changes, i))
          forget_backups (report);
        return FALSE;
      }
  return TRUE;
}

/*
 * prefs.js changed in place (fingerpost check --apply), with the logins for
 * new servers when there are any: both files or neither, backups kept.
 */
gboolean
fp_thunderbird_replace_prefs (const char                *prefs_path,
                              const char                *old_text,
                              gsize                      old_length,
                              const char                *new_text,
                              const FpThunderbirdLogins *logins,
                              FpWriteReport             *report,
                              GError                   **error)
{
  FileChange changes[2];
  guint n_changes = 0;

  if (logins != NULL && logins->new_text != NULL)
    changes[n_changes++] = (FileChange) { logins->path, logins->old_text, logins->old_length,
                                          logins->new_text };
  changes[n_changes++] = (FileChange) { prefs_path, old_text, old_length, new_text };
  return commit_files (changes, n_changes, report, error);
}

static gboolean
read_prefs (const char  *prefs_path,
            char       **text,
            gsize       *length,
            GError     **error)
{
  g_autoptr(GError) read_error = NULL;

  if (!g_file_get_contents (prefs_path, text, length, &read_error) &&
      !g_error_matches (read_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
                   _("Could not read %s: %s"), prefs_path, read_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
take_locks (const char     *profile_dir,
            gboolean        dry_run,
            FpWriterLock  **writer_lock,
            FpProfileLock **profile_lock,
            GCancellable   *cancellable,
            GError        **error)
{
  if (dry_run)
    {
      if (!fp_thunderbird_profile_is_running (profile_dir))
        return TRUE;
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_PROGRAM_RUNNING,
                   _("Thunderbird is running with the profile %s. Close Thunderbird and try "
                     "again; nothing was written."), profile_dir);
      return FALSE;
    }
  /* Ours first: another setup waits here instead of taking Thunderbird's lock for Thunderbird. */
  *writer_lock = fp_writer_lock_acquire (profile_dir, cancellable, error);
  if (*writer_lock == NULL)
    return FALSE;
  *profile_lock = fp_thunderbird_profile_lock (profile_dir, error);
  return *profile_lock != NULL;
}

static FpWriteReport *
write_profile (const FpAccountPlan  *plan,
               const char           *profile_dir,
               FpWriteFlags          flags,
               GCancellable         *cancellable,
               GError              **error)
{
  gboolean dry_run = (flags & FP_WRITE_FLAGS_DRY_RUN) != 0;
  g_autoptr(FpWriteReport) report = fp_write_report_new (FP_MAIL_PROGRAM_THUNDERBIRD, dry_run);
  g_autofree char *prefs_path = g_build_filename (profile_dir, "prefs.js", NULL);
  g_autoptr(FpWriterLock) writer_lock = NULL;
  g_autoptr(FpProfileLock) lock = NULL;
  g_autoptr(FpThunderbirdLogins) logins = NULL;
  g_autoptr(FpPrefsJs) prefs = NULL;
  g_autoptr(GArray) stored = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  const FpMailServer *with_password[3] = { NULL };
  guint n_with_password = 0;
  FileChange changes[2];
  guint n_changes = 0;
  gsize old_length = 0;
  gboolean keyring = fp_account_plan_wants_keyring (plan);

  if (!take_locks (profile_dir, dry_run, &writer_lock, &lock, cancellable, error))
    return NULL;
  if (keyring && !dry_run && !fp_keyring_check_sync (cancellable, error))
    return NULL;
  if (!read_prefs (prefs_path, &old_text, &old_length, error))
    return NULL;
  prefs = old_text != NULL ? fp_prefs_js_parse (old_text, old_length, error) : fp_prefs_js_new ();
  if (prefs == NULL)
    return NULL;
  if (!fp_thunderbird_add_account (prefs, plan, report, error))
    return NULL;

  report->location = g_strdup (profile_dir);
  g_ptr_array_add (report->files, g_strdup (prefs_path));
  /* An OAuth2 server's token is Thunderbird's own business: no password goes with it. */
  if (auth_method (plan->incoming) != AUTH_METHOD_OAUTH2)
    with_password[n_with_password++] = plan->incoming;
  if (plan->outgoing->login_required && auth_method (plan->outgoing) != AUTH_METHOD_OAUTH2)
    with_password[n_with_password++] = plan->outgoing;
  logins = fp_thunderbird_logins_prepare (plan, with_password, profile_dir, dry_run, report,
                                          error);
  if (logins == NULL)
    return NULL;
  if (auth_method (plan->incoming) == AUTH_METHOD_OAUTH2)
    {
      g_clear_pointer (&report->password_note, g_free);
      fp_auth_choose (FP_MAIL_PROGRAM_THUNDERBIRD, plan->incoming, NULL, &report->password_note);
    }
  if (dry_run)
    return g_steal_pointer (&report);

  if (keyring && (stored = store_passwords (plan, report, cancellable, error)) == NULL)
    {
      fp_thunderbird_logins_rollback (logins);
      return NULL;
    }
  new_text = fp_prefs_js_to_string (prefs);
  if (logins->new_text != NULL)
    changes[n_changes++] = (FileChange) { logins->path, logins->old_text, logins->old_length,
                                          logins->new_text };
  changes[n_changes++] = (FileChange) { prefs_path, old_text, old_length, new_text };
  if (!commit_files (changes, n_changes, report, error))
    {
      if (stored != NULL)
        forget_passwords (stored);
      fp_thunderbird_logins_rollback (logins);
      return NULL;
    }
  return g_steal_pointer (&report);
}

/**
 * fp_thunderbird_writer_write_sync:
 * @profile_dir: (nullable): the profile folder; default: the default profile
 *
 * Adds @plan's account to the profile's prefs.js (keeping every line and a
 * backup), and, when the plan keeps the password, one login per server to
 * the profile's logins.json (so Thunderbird does not ask) and the password to
 * the keyring under the network-password schema; with the plan's authority
 * (--ca-file), that authority to cert9.db. Refuses while Thunderbird runs on
 * the profile, and waits for another setup writing to it. All or nothing: on
 * failure neither file, the keyring nor cert9.db keeps a trace.
 * Blocking: the wizard uses fp_thunderbird_writer_write_async().
 *
 * Returns: (transfer full): what was written, or %NULL with an #FpClientsError
 */
FpWriteReport *
fp_thunderbird_writer_write_sync (const FpAccountPlan  *plan,
                                  const char           *profile_dir,
                                  FpWriteFlags          flags,
                                  GCancellable         *cancellable,
                                  GError              **error)
{
  g_autofree char *found = NULL;

  g_return_val_if_fail (plan != NULL, NULL);

  if (profile_dir == NULL)
    {
      found = fp_thunderbird_find_default_profile (NULL, error);
      if (found == NULL)
        return NULL;
      profile_dir = found;
    }
  else if (!g_file_test (profile_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_NO_PROFILE,
                   _("The Thunderbird profile folder %s does not exist."), profile_dir);
      return NULL;
    }
  return write_profile (plan, profile_dir, flags, cancellable, error);
}

void
fp_thunderbird_writer_write_async (const FpAccountPlan  *plan,
                                   const char           *profile_dir,
                                   FpWriteFlags          flags,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  fp_writer_task_run (fp_thunderbird_writer_write_sync, fp_thunderbird_writer_write_async, plan,
                      profile_dir, flags, cancellable, callback, user_data);
}

FpWriteReport *
fp_thunderbird_writer_write_finish (GAsyncResult  *result,
                                    GError       **error)
{
  return fp_writer_task_finish (result, fp_thunderbird_writer_write_async, error);
}
