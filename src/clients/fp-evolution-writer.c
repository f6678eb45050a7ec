/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fp-auth-choice.h"
#include "fp-clients-error.h"
#include "fp-evolution-oauth2.h"
#include "fp-evolution-writer.h"
#include "fp-writer-lock.h"
#include "fp-writer-task.h"
#include "fp-file-util.h"
#include "fp-keyring.h"

/*
 * An Evolution mail account is three key files in the registry's sources
 * folder, one per ESource, named UID.source (group and key names as
 * evolution-data-server's e-source-*.c define them):
 *
 *   account   [Data Source] [Mail Account] BackendName, IdentityUid
 *             [Authentication] Host Port User Method  [Security] Method
 *   identity  [Data Source] Parent=account  [Mail Identity] Address Name
 *             [Mail Submission] TransportUid
 *   transport [Data Source] Parent=account  [Mail Transport] BackendName=smtp
 *             [Authentication]  [Security]
 *
 * evolution-source-registry watches the folder and loads new files by
 * itself. Security methods are CamelNetworkSecurityMethod's nicks.
 */

#define SOURCE_SUFFIX ".source"

char *
fp_evolution_sources_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "evolution", "sources", NULL);
}

const char *
fp_evolution_security_method (FpTransport transport)
{
  switch (transport)
    {
    case FP_TRANSPORT_TLS:
      return "ssl-on-alternate-port";
    case FP_TRANSPORT_STARTTLS:
      return "starttls-on-standard-port";
    case FP_TRANSPORT_NONE:
    default:
      return "none";
    }
}

const char *
fp_evolution_backend_name (FpMailProtocol protocol)
{
  return protocol == FP_MAIL_PROTOCOL_POP3 ? "pop" : "imapx";
}

/* Like Evolution's own UIDs: 40 hexadecimal digits, safe as a file name. */
static char *
new_uid (void)
{
  g_autofree char *seed = g_uuid_string_random ();

  return g_compute_checksum_for_string (G_CHECKSUM_SHA1, seed, -1);
}

static GKeyFile *
load_source (const char *sources_dir,
             const char *uid)
{
  g_autofree char *name = g_strconcat (uid, SOURCE_SUFFIX, NULL);
  g_autofree char *path = g_build_filename (sources_dir, name, NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  return g_steal_pointer (&file);
}

static gboolean
source_is_account_for (GKeyFile           *account,
                       const char         *sources_dir,
                       const char         *address,
                       const FpMailServer *incoming)
{
  g_autofree char *backend = g_key_file_get_string (account, "Mail Account", "BackendName", NULL);
  g_autofree char *host = g_key_file_get_string (account, "Authentication", "Host", NULL);
  g_autofree char *identity_uid = g_key_file_get_string (account, "Mail Account", "IdentityUid",
                                                         NULL);
  g_autoptr(GKeyFile) identity = NULL;
  g_autofree char *identity_address = NULL;

  if (g_strcmp0 (backend, fp_evolution_backend_name (incoming->protocol)) != 0 || host == NULL ||
      g_ascii_strcasecmp (host, incoming->host) != 0 || identity_uid == NULL)
    return FALSE;
  identity = load_source (sources_dir, identity_uid);
  if (identity == NULL)
    return FALSE;
  identity_address = g_key_file_get_string (identity, "Mail Identity", "Address", NULL);
  return identity_address != NULL && g_ascii_strcasecmp (identity_address, address) == 0;
}

/*
 * An account whose identity or outgoing server is missing, for the same
 * server and login: what a run killed between renames left (older versions
 * renamed the account first). Evolution shows it broken, and writing
 * another would make two.
 */
static gboolean
source_is_half_account_for (GKeyFile           *account,
                            const char         *sources_dir,
                            const FpMailServer *incoming)
{
  g_autofree char *backend = g_key_file_get_string (account, "Mail Account", "BackendName", NULL);
  g_autofree char *host = g_key_file_get_string (account, "Authentication", "Host", NULL);
  g_autofree char *user = g_key_file_get_string (account, "Authentication", "User", NULL);
  g_autofree char *identity_uid = g_key_file_get_string (account, "Mail Account", "IdentityUid",
                                                         NULL);
  g_autoptr(GKeyFile) identity = NULL;
  g_autoptr(GKeyFile) transport = NULL;
  g_autofree char *transport_uid = NULL;

  if (g_strcmp0 (backend, fp_evolution_backend_name (incoming->protocol)) != 0 || host == NULL ||
      g_ascii_strcasecmp (host, incoming->host) != 0 || g_strcmp0 (user, incoming->login) != 0)
    return FALSE;
  if (identity_uid == NULL || (identity = load_source (sources_dir, identity_uid)) == NULL)
    return TRUE;
  transport_uid = g_key_file_get_string (identity, "Mail Submission", "TransportUid", NULL);
  return transport_uid == NULL || (transport = load_source (sources_dir, transport_uid)) == NULL;
}

static gboolean
find_half_account (const char         *sources_dir,
                   const FpMailServer *incoming,
                   char              **account_uid)
{
  g_autoptr(GDir) dir = g_dir_open (sources_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *uid = NULL;
      g_autoptr(GKeyFile) source = NULL;

      if (!g_str_has_suffix (name, SOURCE_SUFFIX))
        continue;
      uid = g_strndup (name, strlen (name) - strlen (SOURCE_SUFFIX));
      source = load_source (sources_dir, uid);
      if (source == NULL || !g_key_file_has_group (source, "Mail Account") ||
          !source_is_half_account_for (source, sources_dir, incoming))
        continue;
      *account_uid = g_steal_pointer (&uid);
      return TRUE;
    }
  return FALSE;
}

/**
 * fp_evolution_find_account:
 * @account_uid: (out) (optional): the existing account's UID
 *
 * The same account is the same address on the same incoming server.
 */
gboolean
fp_evolution_find_account (const char         *sources_dir,
                           const char         *address,
                           const FpMailServer *incoming,
                           char              **account_uid)
{
  g_autoptr(GDir) dir = g_dir_open (sources_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *uid = NULL;
      g_autoptr(GKeyFile) source = NULL;

      if (!g_str_has_suffix (name, SOURCE_SUFFIX))
        continue;
      uid = g_strndup (name, strlen (name) - strlen (SOURCE_SUFFIX));
      source = load_source (sources_dir, uid);
      if (source == NULL || !g_key_file_has_group (source, "Mail Account") ||
          !source_is_account_for (source, sources_dir, address, incoming))
        continue;
      if (account_uid != NULL)
        *account_uid = g_steal_pointer (&uid);
      return TRUE;
    }
  return FALSE;
}

/**
 * fp_evolution_trust_note:
 *
 * Evolution (camel, through GnuTLS) trusts the system's store only: an
 * authority given with --ca-file means a certificate question at its first
 * connection, unless that authority is installed system-wide.
 *
 * Returns: (nullable): the sentence to show, when @plan needed an added authority
 */
char *
fp_evolution_trust_note (const FpAccountPlan *plan)
{
  if (plan->ca_file == NULL)
    return NULL;
  return g_strdup_printf (_("Evolution trusts only the certificate authorities installed on this "
                            "computer: unless the authority in %s is installed system-wide, "
                            "Evolution asks whether to trust the mail servers’ certificate "
                            "when it first connects."), plan->ca_file);
}

typedef struct
{
  char *account;
  char *identity;
  char *transport;
} Uids;

static void
uids_clear (Uids *uids)
{
  g_free (uids->account);
  g_free (uids->identity);
  g_free (uids->transport);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Uids, uids_clear)

/*
 * Every source is named after the address, as Evolution's own assistant
 * names a new account: the provider's title ("Personal") would not tell
 * two providers' accounts apart in the folder tree.
 */
static void
set_data_source (GKeyFile            *file,
                 const FpAccountPlan *plan,
                 const char          *parent)
{
  g_key_file_set_string (file, "Data Source", "DisplayName", plan->address);
  g_key_file_set_boolean (file, "Data Source", "Enabled", TRUE);
  if (parent != NULL)
    g_key_file_set_string (file, "Data Source", "Parent", parent);
}

/*
 * Method is the SASL mechanism Camel uses: PLAIN for a password (what
 * Evolution's own assistant writes), CRAM-MD5, or for OAuth2 the name of the
 * libedataserver service that signs in (fp-evolution-oauth2.c); "none" is
 * ESource's word for no login at all.
 */
static char *
mechanism_for (const FpMailServer *server)
{
  FpAuthMethod method = FP_AUTH_PASSWORD;

  if (!server->login_required)
    return g_strdup ("none");
  fp_auth_choose (FP_MAIL_PROGRAM_EVOLUTION, server, &method, NULL);
  if (method == FP_AUTH_OAUTH2)
    return fp_evolution_oauth2_service_for (server, NULL);
  return g_strdup (method == FP_AUTH_CRAM_MD5 ? "CRAM-MD5" : "PLAIN");
}

/* Whether Evolution will want the person's password for @server. */
static gboolean
uses_password (const FpMailServer *server)
{
  FpAuthMethod method = FP_AUTH_PASSWORD;

  fp_auth_choose (FP_MAIL_PROGRAM_EVOLUTION, server, &method, NULL);
  return server->login_required && method != FP_AUTH_OAUTH2;
}

static void
set_server (GKeyFile           *file,
            const FpMailServer *server)
{
  g_autofree char *mechanism = mechanism_for (server);

  g_key_file_set_string (file, "Authentication", "Host", server->host);
  g_key_file_set_integer (file, "Authentication", "Port", server->port);
  g_key_file_set_string (file, "Authentication", "User",
                         server->login_required ? server->login : "");
  g_key_file_set_string (file, "Authentication", "Method", mechanism);
  g_key_file_set_boolean (file, "Authentication", "RememberPassword", TRUE);
  g_key_file_set_string (file, "Security", "Method",
                         fp_evolution_security_method (server->transport));
}

static GKeyFile *
account_source (const FpAccountPlan *plan,
                const Uids          *uids)
{
  GKeyFile *file = g_key_file_new ();

  set_data_source (file, plan, NULL);
  g_key_file_set_string (file, "Mail Account", "BackendName",
                         fp_evolution_backend_name (plan->incoming->protocol));
  g_key_file_set_string (file, "Mail Account", "IdentityUid", uids->identity);
  /* Makes Evolution set up the special folders on the first connection. */
  g_key_file_set_boolean (file, "Mail Account", "NeedsInitialSetup", TRUE);
  set_server (file, plan->incoming);
  return file;
}

static GKeyFile *
identity_source (const FpAccountPlan *plan,
                 const Uids          *uids)
{
  GKeyFile *file = g_key_file_new ();

  set_data_source (file, plan, uids->account);
  g_key_file_set_string (file, "Mail Identity", "Address", plan->address);
  g_key_file_set_string (file, "Mail Identity", "Name",
                         plan->full_name != NULL ? plan->full_name : "");
  g_key_file_set_string (file, "Mail Submission", "TransportUid", uids->transport);
  return file;
}

static GKeyFile *
transport_source (const FpAccountPlan *plan,
                  const Uids          *uids)
{
  GKeyFile *file = g_key_file_new ();

  set_data_source (file, plan, uids->account);
  g_key_file_set_string (file, "Mail Transport", "BackendName", "smtp");
  set_server (file, plan->outgoing);
  return file;
}

static void
forget_passwords (const Uids *uids)
{
  fp_keyring_clear_evolution_sync (uids->account, NULL, NULL);
  fp_keyring_clear_evolution_sync (uids->transport, NULL, NULL);
}

static gboolean
store_passwords (const FpAccountPlan  *plan,
                 const Uids           *uids,
                 FpWriteReport        *report,
                 GCancellable         *cancellable,
                 GError              **error)
{
  /* An OAuth2 source keeps Evolution's own token under its UID: no password goes there. */
  if (uses_password (plan->incoming))
    {
      if (!fp_keyring_store_evolution_sync (uids->account, plan->address, plan->password,
                                            cancellable, error))
        return FALSE;
      g_ptr_array_add (report->secrets, fp_keyring_describe_evolution (uids->account));
    }
  if (uses_password (plan->outgoing))
    {
      if (!fp_keyring_store_evolution_sync (uids->transport, plan->address, plan->password,
                                            cancellable, error))
        {
          forget_passwords (uids);
          return FALSE;
        }
      g_ptr_array_add (report->secrets, fp_keyring_describe_evolution (uids->transport));
    }
  return TRUE;
}

/*
 * The three files must appear together: the registry loads each file as it
 * appears, and an account without its identity and transport is a broken
 * account that a second run would not recognise. So all three are written
 * under names the registry ignores (".UID.fingerpost-new"), with a journal
 * (".fingerpost-pending-UID") naming them, then renamed: identity and
 * transport first (the registry keeps a source whose Parent is missing
 * aside, unlisted, until the parent comes), the account last. The account's
 * rename is the moment the account exists. A run killed on the way leaves
 * its journal, and the next run, holding the folder's lock, removes what it
 * names unless the account made it (clean_pending_sets()).
 */
#define PENDING_PREFIX ".fingerpost-pending-"
#define NEW_SUFFIX     ".fingerpost-new"

static char *
staged_path (const char *final_path)
{
  g_autofree char *dir = g_path_get_dirname (final_path);
  g_autofree char *base = g_path_get_basename (final_path);
  g_autofree char *uid = g_strndup (base, strlen (base) - strlen (SOURCE_SUFFIX));
  g_autofree char *name = g_strconcat (".", uid, NEW_SUFFIX, NULL);

  return g_build_filename (dir, name, NULL);
}

static char *
source_path (const char *sources_dir,
             const char *uid)
{
  g_autofree char *name = g_strconcat (uid, SOURCE_SUFFIX, NULL);

  return g_build_filename (sources_dir, name, NULL);
}

static char *
journal_path (const char *sources_dir,
              const char *account_uid)
{
  g_autofree char *name = g_strconcat (PENDING_PREFIX, account_uid, NULL);

  return g_build_filename (sources_dir, name, NULL);
}

static gboolean
write_journal (const char  *path,
               const Uids  *uids,
               GError     **error)
{
  g_autoptr(GKeyFile) journal = g_key_file_new ();
  g_autofree char *text = NULL;

  g_key_file_set_string (journal, "Pending", "Account", uids->account);
  g_key_file_set_string (journal, "Pending", "Identity", uids->identity);
  g_key_file_set_string (journal, "Pending", "Transport", uids->transport);
  text = g_key_file_to_data (journal, NULL, NULL);
  return fp_write_private_file (path, text, -1, error);
}

static void
remove_set (const char *sources_dir,
            const Uids *uids)
{
  const char *all[] = { uids->account, uids->identity, uids->transport };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autofree char *final = source_path (sources_dir, all[i]);
      g_autofree char *staged = staged_path (final);

      g_unlink (staged);
      g_unlink (final);
    }
}

/* What a killed run left: a set whose account never appeared is taken out, files and secrets. */
static void
clean_pending_sets (const char *sources_dir)
{
  g_autoptr(GDir) dir = g_dir_open (sources_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GKeyFile) journal = g_key_file_new ();
      g_autofree char *account_file = NULL;
      g_auto(Uids) uids = { NULL };

      if (!g_str_has_prefix (name, PENDING_PREFIX))
        continue;
      path = g_build_filename (sources_dir, name, NULL);
      if (g_key_file_load_from_file (journal, path, G_KEY_FILE_NONE, NULL))
        {
          uids.account = g_key_file_get_string (journal, "Pending", "Account", NULL);
          uids.identity = g_key_file_get_string (journal, "Pending", "Identity", NULL);
          uids.transport = g_key_file_get_string (journal, "Pending", "Transport", NULL);
        }
      if (uids.account != NULL && uids.identity != NULL && uids.transport != NULL)
        {
          account_file = source_path (sources_dir, uids.account);
          if (!g_file_test (account_file, G_FILE_TEST_EXISTS))
            {
              g_debug ("removing the half-written account %s", uids.account);
              remove_set (sources_dir, &uids);
              forget_passwords (&uids);
            }
        }
      g_unlink (path);
    }
}

/* All three files appear, or none: see above. */
static gboolean
write_sources (const char  *sources_dir,
               const Uids  *uids,
               GPtrArray   *paths,
               GPtrArray   *contents,
               GError     **error)
{
  g_autofree char *journal = journal_path (sources_dir, uids->account);
  /* paths[0] is the account: renamed last. */
  const guint order[] = { 1, 2, 0 };

  if (!write_journal (journal, uids, error))
    return FALSE;
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *staged = staged_path (g_ptr_array_index (paths, i));

      if (!fp_write_private_file (staged, g_ptr_array_index (contents, i), -1, error))
        goto fail;
    }
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *final = g_ptr_array_index (paths, order[i]);
      g_autofree char *staged = staged_path (final);

      if (g_rename (staged, final) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
                       _("Could not write %s: %s"), final, g_strerror (saved_errno));
          goto fail;
        }
    }
  g_unlink (journal);
  return TRUE;

fail:
  remove_set (sources_dir, uids);
  g_unlink (journal);
  return FALSE;
}

static void
describe_file (FpWriteReport *report,
               const char    *path,
               const char    *text)
{
  fp_write_report_add_change (report, "%s:", path);
  fp_write_report_add_change (report, "%s", text);
}

static gboolean
prepare_dir (const char  *sources_dir,
             GError     **error)
{
  if (g_mkdir_with_parents (sources_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
                   _("Could not create %s: %s"), sources_dir, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static FpWriteReport *
write_sources_for_plan (const FpAccountPlan  *plan,
                        const char           *sources_dir,
                        FpWriteFlags          flags,
                        GCancellable         *cancellable,
                        GError              **error)
{
  gboolean dry_run = (flags & FP_WRITE_FLAGS_DRY_RUN) != 0;
  g_autoptr(FpWriteReport) report = fp_write_report_new (FP_MAIL_PROGRAM_EVOLUTION, dry_run);
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func (g_free);
  g_auto(Uids) uids = { new_uid (), new_uid (), new_uid () };
  GKeyFile *(*builders[]) (const FpAccountPlan *, const Uids *) = {
    account_source, identity_source, transport_source,
  };
  const char *uid_of[] = { uids.account, uids.identity, uids.transport };
  gboolean keyring = fp_account_plan_wants_keyring (plan);
  g_autoptr(FpWriterLock) lock = NULL;
  g_autofree char *existing = NULL;

  /* From the check to the last rename: two setups at once must not both find nothing. */
  if (!dry_run)
    {
      if ((lock = fp_writer_lock_acquire (sources_dir, cancellable, error)) == NULL)
        return NULL;
      clean_pending_sets (sources_dir);
    }
  if (fp_evolution_find_account (sources_dir, plan->address, plan->incoming, &existing))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED,
                   _("%s on %s is already set up in Evolution (%s); nothing was written."),
                   plan->address, plan->incoming->host, existing);
      return NULL;
    }
  if (find_half_account (sources_dir, plan->incoming, &existing))
    {
      g_autofree char *path = source_path (sources_dir, existing);

      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED,
                   _("An incomplete Evolution account for %s on %s is in %s: its identity or "
                     "outgoing server is missing. Remove that account in Evolution (or that "
                     "file) and try again; nothing was written."),
                   plan->incoming->login, plan->incoming->host, path);
      return NULL;
    }
  if (keyring && !dry_run && !fp_keyring_check_sync (cancellable, error))
    return NULL;

  report->location = g_strdup (sources_dir);
  report->account_id = g_strdup (uids.account);
  report->incoming_id = g_strdup (uids.account);
  report->identity_id = g_strdup (uids.identity);
  report->transport_id = g_strdup (uids.transport);
  for (guint i = 0; i < G_N_ELEMENTS (builders); i++)
    {
      g_autoptr(GKeyFile) file = builders[i] (plan, &uids);
      g_autofree char *name = g_strconcat (uid_of[i], SOURCE_SUFFIX, NULL);
      char *text = g_key_file_to_data (file, NULL, NULL);

      g_ptr_array_add (report->files, g_build_filename (sources_dir, name, NULL));
      g_ptr_array_add (contents, text);
      describe_file (report, g_ptr_array_index (report->files, i), text);
    }
  report->trust_note = fp_evolution_trust_note (plan);
  if (!uses_password (plan->incoming))
    fp_auth_choose (FP_MAIL_PROGRAM_EVOLUTION, plan->incoming, NULL, &report->password_note);
  else if (keyring)
    report->password_note = g_strdup (_("Evolution finds the password in the keyring."));
  else
    report->password_note = g_strdup (_("Evolution asks for the password once."));
  if (dry_run)
    return g_steal_pointer (&report);

  if (!prepare_dir (sources_dir, error))
    return NULL;
  if (keyring && !store_passwords (plan, &uids, report, cancellable, error))
    return NULL;
  if (!write_sources (sources_dir, &uids, report->files, contents, error))
    {
      if (keyring)
        forget_passwords (&uids);
      return NULL;
    }
  return g_steal_pointer (&report);
}

/**
 * fp_evolution_writer_write_sync:
 * @sources_dir: (nullable): default `$XDG_CONFIG_HOME/evolution/sources`
 *
 * Writes the account, identity and transport sources, and, when the plan
 * says so, the password for the account and the transport in the keyring
 * under Evolution's own schema. All or nothing. Blocking: the wizard uses
 * fp_evolution_writer_write_async().
 *
 * Returns: (transfer full): what was written, or %NULL with an #FpClientsError
 */
FpWriteReport *
fp_evolution_writer_write_sync (const FpAccountPlan  *plan,
                                const char           *sources_dir,
                                FpWriteFlags          flags,
                                GCancellable         *cancellable,
                                GError              **error)
{
  g_autofree char *default_dir = NULL;

  g_return_val_if_fail (plan != NULL, NULL);

  if (sources_dir == NULL)
    sources_dir = default_dir = fp_evolution_sources_dir ();
  return write_sources_for_plan (plan, sources_dir, flags, cancellable, error);
}

void
fp_evolution_writer_write_async (const FpAccountPlan  *plan,
                                 const char           *sources_dir,
                                 FpWriteFlags          flags,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  fp_writer_task_run (fp_evolution_writer_write_sync, fp_evolution_writer_write_async, plan,
                      sources_dir, flags, cancellable, callback, user_data);
}

FpWriteReport *
fp_evolution_writer_write_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return fp_writer_task_finish (result, fp_evolution_writer_write_async, error);
}
