/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fp-clients-error.h"
#include "fp-evolution-writer.h"
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

static const char *
security_method (FpTransport transport)
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

static const char *
backend_name (FpMailProtocol protocol)
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

  if (g_strcmp0 (backend, backend_name (incoming->protocol)) != 0 || host == NULL ||
      g_ascii_strcasecmp (host, incoming->host) != 0 || identity_uid == NULL)
    return FALSE;
  identity = load_source (sources_dir, identity_uid);
  if (identity == NULL)
    return FALSE;
  identity_address = g_key_file_get_string (identity, "Mail Identity", "Address", NULL);
  return identity_address != NULL && g_ascii_strcasecmp (identity_address, address) == 0;
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
 * Method is the SASL mechanism; "none" is ESource's word for no mechanism,
 * which Camel turns into the protocol's own login (IMAP LOGIN, POP3 USER).
 */
static void
set_server (GKeyFile           *file,
            const FpMailServer *server,
            const char         *mechanism)
{
  g_key_file_set_string (file, "Authentication", "Host", server->host);
  g_key_file_set_integer (file, "Authentication", "Port", server->port);
  g_key_file_set_string (file, "Authentication", "User",
                         server->login_required ? server->login : "");
  g_key_file_set_string (file, "Authentication", "Method", mechanism);
  g_key_file_set_boolean (file, "Authentication", "RememberPassword", TRUE);
  g_key_file_set_string (file, "Security", "Method", security_method (server->transport));
}

static GKeyFile *
account_source (const FpAccountPlan *plan,
                const Uids          *uids)
{
  GKeyFile *file = g_key_file_new ();

  set_data_source (file, plan, NULL);
  g_key_file_set_string (file, "Mail Account", "BackendName",
                         backend_name (plan->incoming->protocol));
  g_key_file_set_string (file, "Mail Account", "IdentityUid", uids->identity);
  /* Makes Evolution set up the special folders on the first connection. */
  g_key_file_set_boolean (file, "Mail Account", "NeedsInitialSetup", TRUE);
  set_server (file, plan->incoming, "none");
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
  set_server (file, plan->outgoing, plan->outgoing->login_required ? "PLAIN" : "none");
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
  if (!fp_keyring_store_evolution_sync (uids->account, plan->address, plan->password, cancellable,
                                        error))
    return FALSE;
  g_ptr_array_add (report->secrets, fp_keyring_describe_evolution (uids->account));
  if (plan->outgoing->login_required)
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

/* Writes each file, or none: a failure removes the ones already written. */
static gboolean
write_sources (GPtrArray  *paths,
               GPtrArray  *contents,
               GError    **error)
{
  for (guint i = 0; i < paths->len; i++)
    {
      if (fp_write_private_file (g_ptr_array_index (paths, i), g_ptr_array_index (contents, i),
                                 -1, error))
        continue;
      while (i-- > 0)
        g_unlink (g_ptr_array_index (paths, i));
      return FALSE;
    }
  return TRUE;
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
  g_autofree char *existing = NULL;

  if (fp_evolution_find_account (sources_dir, plan->address, plan->incoming, &existing))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED,
                   _("%s on %s is already set up in Evolution (%s); nothing was written."),
                   plan->address, plan->incoming->host, existing);
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
  if (keyring)
    report->password_note = g_strdup (_("Evolution finds the password in the keyring."));
  else
    report->password_note = g_strdup (_("Evolution asks for the password once."));
  if (dry_run)
    return g_steal_pointer (&report);

  if (!prepare_dir (sources_dir, error))
    return NULL;
  if (keyring && !store_passwords (plan, &uids, report, cancellable, error))
    return NULL;
  if (!write_sources (report->files, contents, error))
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
