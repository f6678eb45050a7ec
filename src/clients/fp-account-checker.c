/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fp-account-checker.h"
#include "fp-account-update.h"
#include "fp-autoconfig-fetch.h"
#include "fp-config-fetch.h"
#include "fp-dns-query.h"
#include "fp-error.h"
#include "fp-keyring.h"
#include "fp-mail-verifier.h"
#include "fp-mx.h"
#include "fp-pacc-fetch.h"
#include "fp-srv-lookup.h"
#include "fp-webfinger.h"

/*
 * `fingerpost check`: each recorded account's source is asked again under
 * the rules of setup (HTTPS, the certificate checked, credentials only to the
 * host the person gave them to at setup, only when it asks, and taken from
 * the keyring), and what it publishes now is compared with what was written.
 * With `apply`, a change is logged in to with the stored password and then
 * written into the same entries of each program. A change that lowers
 * security waits for the person's yes; an entry the person changed or
 * removed is left alone.
 *
 * Blocking, on a main context of its own: the command line calls it
 * directly, the wizard from a worker thread.
 */

typedef struct
{
  const FpCheckOptions *options;
  GMainContext         *context;
  GAsyncResult         *result;
  GCancellable         *cancellable;
  const char           *state_dir;
  char                 *default_state_dir;
  const FpAccountRecord *record;  /* the one being checked */
} Checker;

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Checker *checker = user_data;

  checker->result = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (Checker *checker)
{
  g_clear_object (&checker->result);
  while (checker->result == NULL)
    g_main_context_iteration (checker->context, TRUE);
  return checker->result;
}

static void
target_check_free (FpTargetCheck *check)
{
  fp_account_target_free (check->target);
  g_clear_error (&check->error);
  g_free (check->backup);
  g_free (check);
}

void
fp_account_check_free (FpAccountCheck *self)
{
  if (self == NULL)
    return;
  fp_account_record_free (self->record);
  g_clear_pointer (&self->config, fp_mail_config_unref);
  g_clear_pointer (&self->change, fp_account_change_free);
  g_clear_error (&self->error);
  g_ptr_array_unref (self->targets);
  g_free (self);
}

const char *
fp_check_status_to_string (FpCheckStatus status)
{
  static const char * const names[] = {
    "unchanged", "changed", "updated", "failed", "source-changed", "not-checked",
  };

  g_return_val_if_fail (status < G_N_ELEMENTS (names), NULL);
  return names[status];
}

const char *
fp_target_state_to_string (FpTargetState state)
{
  static const char * const names[] = {
    "as-written", "removed", "edited", "updated", "not-updated",
  };

  g_return_val_if_fail (state < G_N_ELEMENTS (names), NULL);
  return names[state];
}

/* The password --------------------------------------------------------------------------- */

/*
 * The password setup stored: Evolution's item for the account, else the
 * network item, else the one GNOME Online Accounts keeps for its account.
 */
static char *
stored_password (Checker               *checker,
                 const FpAccountRecord *record)
{
  FpAccountTarget *evolution = fp_account_record_find_target (record, "evolution");
  FpAccountTarget *goa = fp_account_record_find_target (record, "gnome-online-accounts");
  char *password = NULL;

  if (checker->options->password != NULL)
    return g_strdup (checker->options->password);
  if (!record->keyring)
    return NULL;
  if (evolution != NULL)
    password = fp_keyring_lookup_evolution_sync (evolution->account_id, NULL, NULL);
  if (password == NULL)
    password = fp_keyring_lookup_network_sync (record->incoming, NULL, NULL);
  if (password == NULL && goa != NULL)
    password = fp_goa_updater_lookup_password (goa);
  return password;
}

static void
wipe_password (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

typedef char WipedString;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WipedString, wipe_password)

/* Only the host the person gave the password to at setup gets it again, and only when it asks. */
static gboolean
credentials_required_cb (FpHttpClient         *client,
                         FpCredentialsRequest *request,
                         gpointer              user_data)
{
  Checker *checker = user_data;
  const FpAccountRecord *record = checker->record;
  g_autoptr(WipedString) password = NULL;

  if (record->credentials_host == NULL ||
      g_ascii_strcasecmp (fp_credentials_request_get_host (request),
                          record->credentials_host) != 0 ||
      fp_credentials_request_get_failed_attempts (request) > 0 ||
      (password = stored_password (checker, record)) == NULL)
    return FALSE;
  fp_credentials_request_provide (request, fp_credentials_request_get_default_user (request),
                                  password);
  return TRUE;
}

/* Asking the source again ----------------------------------------------------------------- */

static void
log_line_cb (FpActivityLog *log,
             const char    *line,
             gpointer       user_data)
{
  g_printerr ("fingerpost: %s\n", line);
}

static FpHttpClient *
make_client (Checker                *checker,
             const FpAccountRecord  *record,
             GError                **error)
{
  g_autoptr(FpHttpClient) client = fp_http_client_new ();
  const FpCheckOptions *options = checker->options;

  if (options->timeout_s > 0)
    fp_http_client_set_timeout (client, options->timeout_s);
  if (options->ca_file != NULL &&
      !fp_http_client_add_trusted_ca_file (client, options->ca_file, error))
    return NULL;
  /* The enterprise authority trusted at setup is trusted again, as the timer gives none. */
  if (record->ca_file != NULL && g_strcmp0 (record->ca_file, options->ca_file) != 0 &&
      !fp_http_client_add_trusted_ca_file (client, record->ca_file, error))
    return NULL;
  if (options->setup_client != NULL)
    options->setup_client (client, options->setup_client_data);
  if (options->verbose)
    g_signal_connect (fp_http_client_get_log (client), "line-added", G_CALLBACK (log_line_cb),
                      NULL);
  checker->record = record;
  g_signal_connect (client, "credentials-required", G_CALLBACK (credentials_required_cb),
                    checker);
  return g_steal_pointer (&client);
}

/*
 * WebFinger is asked first, as at setup: the document is fetched only while
 * the provider still links to it. A link that moved is reported, not followed:
 * the person chose that account, and another one is not theirs to guess.
 */
static gboolean
still_published (Checker                *checker,
                 FpHttpClient           *client,
                 const FpIdentifier     *identifier,
                 const FpAccountRecord  *record,
                 GError                **error)
{
  g_autoptr(GPtrArray) links = NULL;

  fp_webfinger_lookup_async (client, identifier, checker->cancellable, waited_cb, checker);
  links = fp_webfinger_lookup_finish (wait_for_result (checker), error);
  if (links == NULL)
    return FALSE;
  for (guint i = 0; i < links->len; i++)
    if (g_strcmp0 (((FpAutoconfigLink *) g_ptr_array_index (links, i))->href,
                   record->source_asked) == 0)
      return TRUE;
  g_set_error (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED,
               _("%s no longer links to the settings of %s (%s); nothing was changed. Set the "
                 "account up again to choose among what is published now."),
               identifier->host, record->account, record->source_asked);
  return FALSE;
}

/* The domain among those @mx_host leads to whose document setup used, or %NULL. */
static char *
mx_domain_of_source (const char            *mx_host,
                     const FpIdentifier    *identifier,
                     const FpAccountRecord *record)
{
  g_autoptr(GPtrArray) domains = fp_mx_derived_domains (mx_host, identifier->host);

  for (guint i = 0; i < domains->len; i++)
    {
      const char *domain = g_ptr_array_index (domains, i);
      g_autoptr(FpIdentifier) asked = fp_identifier_copy (identifier);
      g_autofree char *provider_uri = NULL;
      g_autofree char *ispdb_suffix = g_strconcat ("/", domain, NULL);

      g_free (asked->host);
      asked->host = g_strdup (domain);
      provider_uri = fp_autoconfig_build_provider_uri (asked);
      /* The provider's own document, or the ISP database's entry for the domain. */
      if (g_strcmp0 (record->source_asked, provider_uri) == 0 ||
          g_str_has_suffix (record->source_asked, ispdb_suffix))
        return g_strdup (domain);
    }
  return NULL;
}

/*
 * MX, as at setup: the domain's mail host is asked again, and the document
 * setup used is fetched again only while that host still leads to it. Mail
 * that now goes to another provider is reported, not followed, as a moved
 * WebFinger link is.
 */
static FpMailConfig *
ask_mx_again (Checker                *checker,
              FpHttpClient           *client,
              const FpIdentifier     *identifier,
              const FpAccountRecord  *record,
              GError                **error)
{
  g_autofree char *mx_host = NULL;
  g_autofree char *domain = NULL;
  FpMailConfig *config;
  GList *records;

  fp_dns_lookup_records_async (identifier->host, G_RESOLVER_RECORD_MX,
                               fp_http_client_get_timeout (client), checker->cancellable,
                               waited_cb, checker);
  records = fp_dns_lookup_records_finish (wait_for_result (checker), error);
  if (records == NULL)
    return NULL;
  mx_host = fp_mx_pick_host (records, error);
  fp_dns_records_free (records);
  if (mx_host == NULL)
    return NULL;
  domain = mx_domain_of_source (mx_host, identifier, record);
  if (domain == NULL)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_NOT_PUBLISHED,
                   _("The mail of %s now goes to %s, which no longer leads to the settings of "
                     "%s (%s); nothing was changed. Set the account up again to use what is "
                     "published now."),
                   identifier->host, mx_host, record->account, record->source_asked);
      return NULL;
    }
  fp_autoconfig_fetch_async (client, identifier, FP_CONFIG_SOURCE_MX, record->source_asked,
                             checker->cancellable, waited_cb, checker);
  config = fp_autoconfig_fetch_finish (wait_for_result (checker), error);
  if (config != NULL)
    config->source_domain = g_steal_pointer (&domain);
  return config;
}

static FpMailConfig *
ask_source (Checker                *checker,
            FpHttpClient           *client,
            const FpAccountRecord  *record,
            GError                **error)
{
  g_autoptr(FpIdentifier) identifier = fp_identifier_parse (record->account, error);

  if (identifier == NULL)
    return NULL;
  switch ((int) record->source_kind)
    {
    case FP_CONFIG_SOURCE_WEBFINGER:
      if (!still_published (checker, client, identifier, record, error))
        return NULL;
      /* An unencrypted-only direction is kept by the reader: judged below, as a lowering. */
      fp_config_fetch_async (client, identifier, record->source_asked,
                             FP_MAIL_CONFIG_PARSE_NONE, checker->cancellable,
                             waited_cb, checker);
      return fp_config_fetch_finish (wait_for_result (checker), error);
    case FP_CONFIG_SOURCE_AUTOCONFIG:
    case FP_CONFIG_SOURCE_ISPDB:
      fp_autoconfig_fetch_async (client, identifier, record->source_kind, record->source_asked,
                                 checker->cancellable, waited_cb, checker);
      return fp_autoconfig_fetch_finish (wait_for_result (checker), error);
    case FP_CONFIG_SOURCE_PACC:
      /* The TXT record is asked again: a document it does not vouch for fails here. */
      fp_pacc_fetch_async (client, identifier, checker->cancellable, waited_cb, checker);
      return fp_pacc_fetch_finish (wait_for_result (checker), error);
    case FP_CONFIG_SOURCE_MX:
      return ask_mx_again (checker, client, identifier, record, error);
    case FP_CONFIG_SOURCE_SRV:
      fp_srv_lookup_async (identifier, fp_http_client_get_timeout (client),
                           checker->cancellable, waited_cb, checker);
      return fp_srv_lookup_finish (wait_for_result (checker), error);
    default:
      g_set_error (error, FP_ERROR, FP_ERROR_UNSUPPORTED,
                   _("Settings from %s cannot be checked again yet."),
                   fp_config_source_kind_to_string (record->source_kind));
      return NULL;
    }
}

/* The programs' entries -------------------------------------------------------------------- */

static gboolean
check_target (const FpAccountTarget  *target,
              const FpAccountRecord  *record,
              GError                **error)
{
  if (g_strcmp0 (target->program, "evolution") == 0)
    return fp_evolution_updater_check (target, record, error);
  if (g_strcmp0 (target->program, "thunderbird") == 0)
    return fp_thunderbird_updater_check (target, record, error);
  if (g_strcmp0 (target->program, "gnome-online-accounts") == 0)
    return fp_goa_updater_check (target, record, error);
  return TRUE;
}

static FpTargetCheck *
target_check_new (const FpAccountTarget *target,
                  const FpAccountRecord *record)
{
  FpTargetCheck *check = g_new0 (FpTargetCheck, 1);

  check->target = fp_account_target_new (target->program, target->location);
  check->target->account_id = g_strdup (target->account_id);
  check->target->incoming_id = g_strdup (target->incoming_id);
  check->target->identity_id = g_strdup (target->identity_id);
  check->target->transport_id = g_strdup (target->transport_id);
  if (!check_target (target, record, &check->error))
    check->state = g_error_matches (check->error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_REMOVED)
                     ? FP_TARGET_REMOVED : FP_TARGET_EDITED;
  return check;
}

static void
apply_to_target (Checker               *checker,
                 FpAccountCheck        *check,
                 FpTargetCheck         *target_check,
                 const char            *password)
{
  const FpAccountTarget *target = target_check->target;
  const FpAccountChange *change = check->change;
  gboolean ok;

  if (target_check->state != FP_TARGET_AS_WRITTEN)
    return;
  if (g_strcmp0 (target->program, "evolution") == 0)
    ok = fp_evolution_updater_apply (target, check->record, change->incoming, change->outgoing,
                                     password, checker->state_dir, &target_check->error);
  else if (g_strcmp0 (target->program, "thunderbird") == 0)
    ok = fp_thunderbird_updater_apply (target, check->record, change->incoming,
                                       change->outgoing, password, &target_check->backup,
                                       &target_check->error);
  else if (g_strcmp0 (target->program, "gnome-online-accounts") == 0)
    ok = fp_goa_updater_apply (target, check->record, change->incoming, change->outgoing,
                               checker->state_dir, &target_check->error);
  else
    {
      g_set_error (&target_check->error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_UNSUPPORTED,
                   _("%s cannot be updated in place yet; set the account up again there."),
                   target->program);
      ok = FALSE;
    }
  target_check->state = ok ? FP_TARGET_UPDATED : FP_TARGET_NOT_UPDATED;
}

/* Logging in to the new servers, with the password setup stored, before anything is written. */
static gboolean
log_in (Checker         *checker,
        FpHttpClient    *client,
        FpAccountCheck  *check,
        const char      *password,
        GError         **error)
{
  g_autoptr(FpMailConfig) only = fp_mail_config_new (check->record->address);
  g_autoptr(FpMailVerifier) verifier = fp_mail_verifier_new (client);

  g_ptr_array_add (only->incoming, fp_mail_server_copy (check->change->incoming));
  g_ptr_array_add (only->outgoing, fp_mail_server_copy (check->change->outgoing));
  fp_mail_verifier_verify_async (verifier, only, password, checker->cancellable, waited_cb,
                                 checker);
  return fp_mail_verifier_verify_finish (verifier, wait_for_result (checker), NULL, NULL, error);
}

static gboolean
any_target_as_written (FpAccountCheck *check)
{
  for (guint i = 0; i < check->targets->len; i++)
    if (((FpTargetCheck *) g_ptr_array_index (check->targets, i))->state == FP_TARGET_AS_WRITTEN)
      return TRUE;
  return FALSE;
}

/* The first reason a program was not updated, for the account's error. */
static const GError *
first_target_error (FpAccountCheck *check)
{
  for (guint i = 0; i < check->targets->len; i++)
    {
      FpTargetCheck *target_check = g_ptr_array_index (check->targets, i);

      if (target_check->state == FP_TARGET_NOT_UPDATED)
        return target_check->error;
    }
  return NULL;
}

/* The programs keep the sign-in method they were set up with (OAuth2 is theirs to do). */
static gboolean
sign_in_changed (const FpAccountChange *change)
{
  for (guint i = 0; i < change->fields->len; i++)
    if (g_str_equal (((FpFieldChange *) g_ptr_array_index (change->fields, i))->field,
                     "authentication"))
      return TRUE;
  return FALSE;
}

/*
 * The account counts as updated, and the new settings are recorded, only
 * when every program that had Fingerpost's entry has the new settings: one
 * left behind (Thunderbird running) is tried again at the next --apply.
 */
static void
apply_change (Checker        *checker,
              FpHttpClient   *client,
              FpAccountCheck *check)
{
  g_autoptr(WipedString) password = NULL;
  const GError *left_behind;
  guint updated = 0;

  /* A republished document naming the same servers: only the record changes. */
  if (!fp_account_change_moves_servers (check->change))
    {
      check->status = FP_CHECK_UPDATED;
      return;
    }
  if (any_target_as_written (check))
    {
      if (sign_in_changed (check->change))
        {
          g_set_error (&check->error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_UNSUPPORTED,
                       _("The provider no longer offers the sign-in method %s uses, which "
                         "Fingerpost does not change in place; set the account up again."),
                       check->record->account);
          return;
        }
      if (fp_account_change_lowers_security (check->change) && !checker->options->confirmed)
        {
          g_set_error (&check->error, FP_ERROR, FP_ERROR_UNSAFE,
                       _("The new settings of %s lower its security and were not applied: %s "
                         "Check them, and confirm (--trust-servers) to apply them."),
                       check->record->account,
                       (const char *) g_ptr_array_index (check->change->concerns, 0));
          return;
        }
      if ((check->change->incoming->transport == FP_TRANSPORT_NONE ||
           check->change->outgoing->transport == FP_TRANSPORT_NONE) &&
          !checker->options->allow_insecure)
        {
          g_set_error (&check->error, FP_ERROR, FP_ERROR_UNSAFE,
                       _("The new settings of %s are not encrypted and were not applied; "
                         "accept an unencrypted connection (--allow-insecure) to apply them."),
                       check->record->account);
          return;
        }
      password = stored_password (checker, check->record);
      if (password == NULL)
        {
          g_set_error (&check->error, FP_ERROR, FP_ERROR_AUTH_REQUIRED,
                       _("The password of %s is not in the keyring, so the new settings could "
                         "not be tried; nothing was changed."), check->record->account);
          return;
        }
      if (!log_in (checker, client, check, password, &check->error))
        return;
    }
  for (guint i = 0; i < check->targets->len; i++)
    {
      FpTargetCheck *target_check = g_ptr_array_index (check->targets, i);

      apply_to_target (checker, check, target_check, password);
      updated += target_check->state == FP_TARGET_UPDATED;
    }
  left_behind = first_target_error (check);
  if (left_behind != NULL)
    g_set_error (&check->error, FP_UPDATE_ERROR, FP_UPDATE_ERROR_UNSUPPORTED,
                 _("Not every program has the new settings yet: %s"), left_behind->message);
  else if (updated > 0)
    check->status = FP_CHECK_UPDATED;
}

/* An entry that already has the new settings (an earlier --apply got that far) is up to date. */
static void
find_up_to_date_targets (FpAccountCheck *check)
{
  g_autoptr(FpAccountRecord) published = fp_account_record_copy (check->record);

  fp_account_record_set_servers (published, check->change->incoming, check->change->outgoing);
  for (guint i = 0; i < check->targets->len; i++)
    {
      FpTargetCheck *target_check = g_ptr_array_index (check->targets, i);

      if (target_check->state == FP_TARGET_EDITED &&
          check_target (target_check->target, published, NULL))
        {
          target_check->state = FP_TARGET_UPDATED;
          g_clear_error (&target_check->error);
        }
    }
}

static FpAccountCheck *
check_record (Checker               *checker,
              const FpAccountRecord *record)
{
  g_autoptr(FpAccountCheck) check = g_new0 (FpAccountCheck, 1);
  g_autoptr(FpHttpClient) client = NULL;

  check->record = fp_account_record_copy (record);
  check->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_check_free);
  for (guint i = 0; i < record->targets->len; i++)
    g_ptr_array_add (check->targets,
                     target_check_new (g_ptr_array_index (record->targets, i), check->record));

  if (record->source_kind == FP_CONFIG_SOURCE_MANUAL)
    {
      check->status = FP_CHECK_NOT_CHECKED;
      return g_steal_pointer (&check);
    }
  client = make_client (checker, check->record, &check->error);
  if (client != NULL)
    check->config = ask_source (checker, client, check->record, &check->error);
  if (check->config == NULL)
    {
      check->status = FP_CHECK_FAILED;
      return g_steal_pointer (&check);
    }
  if (check->config->source_kind != record->source_kind)
    {
      check->status = FP_CHECK_SOURCE_CHANGED;
      g_set_error (&check->error, FP_ERROR, FP_ERROR_UNSAFE,
                   _("The settings of %s now come from %s instead of %s; nothing was changed."),
                   record->account, fp_config_source_kind_to_string (check->config->source_kind),
                   fp_config_source_kind_to_string (record->source_kind));
      return g_steal_pointer (&check);
    }
  check->change = fp_account_change_compute (record, check->config);
  check->status = fp_account_change_is_empty (check->change) ? FP_CHECK_UNCHANGED
                                                             : FP_CHECK_CHANGED;
  if (check->status == FP_CHECK_CHANGED)
    find_up_to_date_targets (check);
  if (check->status == FP_CHECK_CHANGED && checker->options->apply)
    apply_change (checker, client, check);
  return g_steal_pointer (&check);
}

/* What was updated is recorded: the next check compares with the new settings. */
static gboolean
record_updates (Checker    *checker,
                GPtrArray  *records,
                GPtrArray  *checks,
                GError    **error)
{
  gboolean any = FALSE;

  for (guint i = 0; i < checks->len; i++)
    {
      FpAccountCheck *check = g_ptr_array_index (checks, i);
      FpAccountRecord *record = g_ptr_array_index (records, i);
      g_autoptr(GDateTime) now = NULL;

      if (check->status != FP_CHECK_UPDATED)
        continue;
      fp_account_record_set_servers (record, check->change->incoming, check->change->outgoing);
      record->trusted = check->config->trusted;
      g_free (record->pacc_digest);
      record->pacc_digest = g_strdup (check->config->pacc_digest);
      now = g_date_time_new_now_utc ();
      g_free (record->recorded);
      record->recorded = g_date_time_format_iso8601 (now);
      any = TRUE;
    }
  return !any || fp_account_state_save (checker->state_dir, records, error);
}

/**
 * fp_account_checker_run:
 *
 * Checks every recorded account, in the order recorded.
 *
 * Returns: (transfer full) (element-type FpAccountCheck): one per account,
 *   or %NULL when the state file cannot be read (or, after an update, written)
 */
GPtrArray *
fp_account_checker_run (const FpCheckOptions  *options,
                        GCancellable          *cancellable,
                        GError               **error)
{
  Checker checker = { .options = options, .cancellable = cancellable };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  gboolean saved;

  checker.default_state_dir = options->state_dir == NULL ? fp_account_state_dir () : NULL;
  checker.state_dir = options->state_dir ? options->state_dir : checker.default_state_dir;
  records = fp_account_state_load (checker.state_dir, error);
  if (records == NULL)
    {
      g_free (checker.default_state_dir);
      return NULL;
    }

  checker.context = g_main_context_new ();
  g_main_context_push_thread_default (checker.context);
  checks = g_ptr_array_new_with_free_func ((GDestroyNotify) fp_account_check_free);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (checks, check_record (&checker, g_ptr_array_index (records, i)));
  saved = record_updates (&checker, records, checks, error);
  g_clear_object (&checker.result);
  /* Let what the clients left behind (closing connections) run before the context goes. */
  while (g_main_context_iteration (checker.context, FALSE))
    ;
  g_main_context_pop_thread_default (checker.context);
  g_main_context_unref (checker.context);
  g_free (checker.default_state_dir);
  return saved ? g_steal_pointer (&checks) : NULL;
}

/* For the wizard: the same check in a worker thread. ---------------------------------------- */

typedef struct
{
  FpCheckOptions options;
  char          *state_dir;
  char          *ca_file;
  char          *password;
} CheckData;

static void
check_data_free (CheckData *data)
{
  wipe_password (data->password);
  g_free (data->state_dir);
  g_free (data->ca_file);
  g_free (data);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *data = task_data;
  GError *error = NULL;
  GPtrArray *checks = fp_account_checker_run (&data->options, cancellable, &error);

  if (checks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, checks, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * fp_account_checker_run_async:
 *
 * fp_account_checker_run() in a worker thread; @options is copied.
 * @options->setup_client is called in that thread.
 */
void
fp_account_checker_run_async (const FpCheckOptions *options,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  CheckData *data = g_new0 (CheckData, 1);

  g_task_set_source_tag (task, fp_account_checker_run_async);
  data->options = *options;
  data->state_dir = g_strdup (options->state_dir);
  data->ca_file = g_strdup (options->ca_file);
  data->password = g_strdup (options->password);
  data->options.password = data->password;
  data->options.state_dir = data->state_dir;
  data->options.ca_file = data->ca_file;
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  g_task_run_in_thread (task, check_thread);
}

GPtrArray *
fp_account_checker_run_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
