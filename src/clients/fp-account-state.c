/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fp-account-state.h"
#include "fp-clients-error.h"
#include "fp-file-util.h"
#include "fp-json.h"

/*
 * The state file, $XDG_STATE_HOME/fingerpost/accounts.json: one entry per
 * account Fingerpost wrote, with where its settings came from and where each
 * program keeps it, so that `fingerpost check` can ask the same source again
 * and update the same entries. It never holds a password: the password stays
 * in the keyring, where the programs look for it.
 */

#define STATE_FILE    "accounts.json"
#define STATE_VERSION 1
/* A state file is small; anything bigger is not ours. */
#define STATE_MAX_SIZE (1024 * 1024)

FpAccountTarget *
fp_account_target_new (const char *program,
                       const char *location)
{
  FpAccountTarget *self = g_new0 (FpAccountTarget, 1);

  self->program = g_strdup (program);
  self->location = g_strdup (location);
  return self;
}

static FpAccountTarget *
fp_account_target_copy (const FpAccountTarget *self)
{
  FpAccountTarget *copy = fp_account_target_new (self->program, self->location);

  copy->account_id = g_strdup (self->account_id);
  copy->incoming_id = g_strdup (self->incoming_id);
  copy->identity_id = g_strdup (self->identity_id);
  copy->transport_id = g_strdup (self->transport_id);
  return copy;
}

void
fp_account_target_free (FpAccountTarget *self)
{
  if (self == NULL)
    return;
  g_free (self->program);
  g_free (self->location);
  g_free (self->account_id);
  g_free (self->incoming_id);
  g_free (self->identity_id);
  g_free (self->transport_id);
  g_free (self);
}

FpAccountRecord *
fp_account_record_new (void)
{
  FpAccountRecord *self = g_new0 (FpAccountRecord, 1);

  self->source_kind = FP_CONFIG_SOURCE_MANUAL;
  self->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) fp_account_target_free);
  return self;
}

FpAccountRecord *
fp_account_record_copy (const FpAccountRecord *self)
{
  FpAccountRecord *copy = fp_account_record_new ();

  copy->account = g_strdup (self->account);
  copy->address = g_strdup (self->address);
  copy->label = g_strdup (self->label);
  copy->source_kind = self->source_kind;
  copy->source_asked = g_strdup (self->source_asked);
  copy->source_host = g_strdup (self->source_host);
  copy->credentials_host = g_strdup (self->credentials_host);
  copy->pacc_digest = g_strdup (self->pacc_digest);
  copy->ca_file = g_strdup (self->ca_file);
  copy->trusted = self->trusted;
  fp_account_record_set_servers (copy, self->incoming, self->outgoing);
  copy->keyring = self->keyring;
  for (guint i = 0; i < self->targets->len; i++)
    g_ptr_array_add (copy->targets, fp_account_target_copy (g_ptr_array_index (self->targets, i)));
  copy->recorded = g_strdup (self->recorded);
  return copy;
}

void
fp_account_record_free (FpAccountRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->account);
  g_free (self->address);
  g_free (self->label);
  g_free (self->source_asked);
  g_free (self->source_host);
  g_free (self->credentials_host);
  g_free (self->pacc_digest);
  g_free (self->ca_file);
  g_clear_pointer (&self->incoming, fp_mail_server_free);
  g_clear_pointer (&self->outgoing, fp_mail_server_free);
  g_ptr_array_unref (self->targets);
  g_free (self->recorded);
  g_free (self);
}

FpAccountTarget *
fp_account_record_find_target (const FpAccountRecord *self,
                               const char            *program)
{
  for (guint i = 0; i < self->targets->len; i++)
    {
      FpAccountTarget *target = g_ptr_array_index (self->targets, i);

      if (g_strcmp0 (target->program, program) == 0)
        return target;
    }
  return NULL;
}

void
fp_account_record_set_servers (FpAccountRecord    *self,
                               const FpMailServer *incoming,
                               const FpMailServer *outgoing)
{
  FpMailServer *new_incoming = incoming ? fp_mail_server_copy (incoming) : NULL;
  FpMailServer *new_outgoing = outgoing ? fp_mail_server_copy (outgoing) : NULL;

  g_clear_pointer (&self->incoming, fp_mail_server_free);
  g_clear_pointer (&self->outgoing, fp_mail_server_free);
  self->incoming = new_incoming;
  self->outgoing = new_outgoing;
}

/**
 * fp_account_state_dir:
 *
 * Returns: (transfer full): `g_get_user_state_dir ()/fingerpost`
 */
char *
fp_account_state_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "fingerpost", NULL);
}

gboolean
fp_source_kind_from_string (const char         *text,
                            FpConfigSourceKind *kind)
{
  for (int i = 0; i <= FP_CONFIG_SOURCE_MANUAL; i++)
    if (g_strcmp0 (text, fp_config_source_kind_to_string (i)) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

/* Writing ---------------------------------------------------------------------------------- */

static void
add_server (JsonBuilder        *builder,
            const char         *member,
            const FpMailServer *server)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  fp_json_builder_add_string (builder, "protocol", fp_mail_protocol_to_string (server->protocol));
  fp_json_builder_add_string (builder, "host", server->host);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, server->port);
  fp_json_builder_add_string (builder, "transport", fp_transport_to_string (server->transport));
  fp_json_builder_add_string (builder, "login", server->login);
  json_builder_set_member_name (builder, "login-required");
  json_builder_add_boolean_value (builder, server->login_required);
  fp_json_builder_add_string (builder, "authentication",
                              fp_auth_method_to_string (server->authentication));
  json_builder_set_member_name (builder, "auth-methods");
  json_builder_begin_array (builder);
  for (guint i = 0; i < server->n_auth_methods; i++)
    json_builder_add_string_value (builder, fp_auth_method_to_string (server->auth_methods[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_target (JsonBuilder           *builder,
            const FpAccountTarget *target)
{
  json_builder_begin_object (builder);
  fp_json_builder_add_string (builder, "program", target->program);
  fp_json_builder_add_string (builder, "location", target->location);
  fp_json_builder_add_string (builder, "account-id", target->account_id);
  fp_json_builder_add_string (builder, "incoming-id", target->incoming_id);
  fp_json_builder_add_string (builder, "identity-id", target->identity_id);
  fp_json_builder_add_string (builder, "transport-id", target->transport_id);
  json_builder_end_object (builder);
}

static void
add_record (JsonBuilder           *builder,
            const FpAccountRecord *record)
{
  json_builder_begin_object (builder);
  fp_json_builder_add_string (builder, "account", record->account);
  fp_json_builder_add_string (builder, "address", record->address);
  fp_json_builder_add_string (builder, "label", record->label);
  json_builder_set_member_name (builder, "source");
  json_builder_begin_object (builder);
  fp_json_builder_add_string (builder, "kind",
                              fp_config_source_kind_to_string (record->source_kind));
  fp_json_builder_add_string (builder, "asked", record->source_asked);
  fp_json_builder_add_string (builder, "host", record->source_host);
  fp_json_builder_add_string (builder, "credentials-host", record->credentials_host);
  fp_json_builder_add_string (builder, "pacc-digest", record->pacc_digest);
  fp_json_builder_add_string (builder, "ca-file", record->ca_file);
  json_builder_set_member_name (builder, "trusted");
  json_builder_add_boolean_value (builder, record->trusted);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "settings");
  json_builder_begin_object (builder);
  add_server (builder, "incoming", record->incoming);
  add_server (builder, "outgoing", record->outgoing);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "keyring");
  json_builder_add_boolean_value (builder, record->keyring);
  json_builder_set_member_name (builder, "written-to");
  json_builder_begin_array (builder);
  for (guint i = 0; i < record->targets->len; i++)
    add_target (builder, g_ptr_array_index (record->targets, i));
  json_builder_end_array (builder);
  fp_json_builder_add_string (builder, "recorded", record->recorded);
  json_builder_end_object (builder);
}

/* The state folder is the person's alone. */
gboolean
fp_account_state_make_dir (const char  *state_dir,
                           GError     **error)
{
  if (g_mkdir_with_parents (state_dir, 0700) == 0)
    return TRUE;
  {
    int saved_errno = errno;

    g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
                 _("Could not create %s: %s"), state_dir, g_strerror (saved_errno));
  }
  return FALSE;
}

/**
 * fp_account_state_save:
 * @state_dir: (nullable): default fp_account_state_dir()
 * @records: (element-type FpAccountRecord)
 *
 * Replaces the state file in one rename, mode 0600.
 */
gboolean
fp_account_state_save (const char  *state_dir,
                       GPtrArray   *records,
                       GError     **error)
{
  g_autofree char *default_dir = state_dir == NULL ? fp_account_state_dir () : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (state_dir == NULL)
    state_dir = default_dir;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, STATE_VERSION);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    add_record (builder, g_ptr_array_index (records, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  path = g_build_filename (state_dir, STATE_FILE, NULL);
  return fp_account_state_make_dir (state_dir, error) &&
         fp_write_private_file (path, text, -1, error);
}

/* Reading ---------------------------------------------------------------------------------- */

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_bool (JsonObject *object,
          const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_TYPE (node) == JSON_NODE_VALUE &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The provider's methods, and the one in use; a record without them means the password. */
static void
read_auth_methods (JsonObject   *object,
                   FpMailServer *server)
{
  JsonNode *node = json_object_get_member (object, "auth-methods");
  FpAuthMethod methods[FP_AUTH_MAX_METHODS];
  const char *used_name = get_string (object, "authentication");
  FpAuthMethod used;
  gboolean recognised;
  guint n = 0;

  for (guint i = 0; node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
                    i < json_array_get_length (json_node_get_array (node)) &&
                    n < FP_AUTH_MAX_METHODS; i++)
    {
      const char *name = json_array_get_string_element (json_node_get_array (node), i);

      if (name != NULL && fp_auth_method_from_string (name, &methods[n], &recognised))
        n++;
    }
  if (n > 0)
    fp_mail_server_set_auth_methods (server, methods, n);
  if (used_name != NULL && fp_auth_method_from_string (used_name, &used, &recognised) &&
      fp_mail_server_has_auth_method (server, used))
    server->authentication = used;
}

static FpMailServer *
read_server (JsonObject *object)
{
  const char *protocol = get_string (object, "protocol");
  const char *host = get_string (object, "host");
  const char *login = get_string (object, "login");
  JsonNode *port = object != NULL ? json_object_get_member (object, "port") : NULL;
  FpTransport transport;
  gint64 number;

  if (protocol == NULL || host == NULL || !fp_mail_host_is_dns_name (host) || port == NULL ||
      json_node_get_value_type (port) != G_TYPE_INT64 ||
      !fp_transport_from_string (get_string (object, "transport"), &transport))
    return NULL;
  number = json_node_get_int (port);
  if (number < 1 || number > 65535)
    return NULL;
  for (int p = FP_MAIL_PROTOCOL_IMAP; p <= FP_MAIL_PROTOCOL_SMTP; p++)
    if (g_str_equal (protocol, fp_mail_protocol_to_string (p)))
      {
        FpMailServer *server = fp_mail_server_new (p, host, (guint16) number, transport,
                                                   login ? login : "",
                                                   get_bool (object, "login-required"));

        read_auth_methods (object, server);
        return server;
      }
  return NULL;
}

static FpAccountTarget *
read_target (JsonObject *object)
{
  FpAccountTarget *target;

  if (get_string (object, "program") == NULL || get_string (object, "account-id") == NULL)
    return NULL;
  target = fp_account_target_new (get_string (object, "program"),
                                  get_string (object, "location"));
  target->account_id = g_strdup (get_string (object, "account-id"));
  target->incoming_id = g_strdup (get_string (object, "incoming-id"));
  target->identity_id = g_strdup (get_string (object, "identity-id"));
  target->transport_id = g_strdup (get_string (object, "transport-id"));
  return target;
}

static FpAccountRecord *
read_record (JsonObject *object)
{
  g_autoptr(FpAccountRecord) record = fp_account_record_new ();
  JsonObject *source = get_object (object, "source");
  JsonObject *settings = get_object (object, "settings");
  JsonNode *targets = json_object_get_member (object, "written-to");

  if (get_string (object, "account") == NULL || get_string (object, "address") == NULL ||
      !fp_source_kind_from_string (get_string (source, "kind"), &record->source_kind))
    return NULL;
  record->account = g_strdup (get_string (object, "account"));
  record->address = g_strdup (get_string (object, "address"));
  record->label = g_strdup (get_string (object, "label"));
  record->source_asked = g_strdup (get_string (source, "asked"));
  record->source_host = g_strdup (get_string (source, "host"));
  record->credentials_host = g_strdup (get_string (source, "credentials-host"));
  record->pacc_digest = g_strdup (get_string (source, "pacc-digest"));
  record->ca_file = g_strdup (get_string (source, "ca-file"));
  record->trusted = get_bool (source, "trusted");
  record->incoming = read_server (get_object (settings, "incoming"));
  record->outgoing = read_server (get_object (settings, "outgoing"));
  record->keyring = get_bool (object, "keyring");
  record->recorded = g_strdup (get_string (object, "recorded"));
  if (record->incoming == NULL || record->outgoing == NULL ||
      !fp_mail_protocol_is_incoming (record->incoming->protocol) ||
      record->outgoing->protocol != FP_MAIL_PROTOCOL_SMTP ||
      targets == NULL || !JSON_NODE_HOLDS_ARRAY (targets))
    return NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (targets)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (targets), i);
      FpAccountTarget *target = JSON_NODE_HOLDS_OBJECT (node)
                                  ? read_target (json_node_get_object (node)) : NULL;

      if (target == NULL)
        return NULL;
      g_ptr_array_add (record->targets, target);
    }
  return g_steal_pointer (&record);
}

static void
bad_state (const char  *path,
           const char  *why,
           GError     **error)
{
  g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
               _("Fingerpost’s record of accounts, %s, cannot be read (%s); it was left as it "
                 "is."), path, why);
}

/**
 * fp_account_state_load:
 * @state_dir: (nullable): default fp_account_state_dir()
 *
 * A missing file is no account. A file that cannot be read is an error and
 * is never overwritten.
 *
 * Returns: (transfer full) (element-type FpAccountRecord): the records, or %NULL
 */
GPtrArray *
fp_account_state_load (const char  *state_dir,
                       GError     **error)
{
  g_autofree char *default_dir = state_dir == NULL ? fp_account_state_dir () : NULL;
  g_autoptr(GPtrArray) records =
    g_ptr_array_new_with_free_func ((GDestroyNotify) fp_account_record_free);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  JsonNode *root, *accounts;
  gsize length = 0;

  path = g_build_filename (state_dir ? state_dir : default_dir, STATE_FILE, NULL);
  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&records);
      bad_state (path, local_error->message, error);
      return NULL;
    }
  if (length > STATE_MAX_SIZE)
    {
      bad_state (path, _("too large"), error);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      bad_state (path, local_error->message, error);
      return NULL;
    }
  root = json_parser_get_root (parser);
  accounts = root && JSON_NODE_HOLDS_OBJECT (root)
               ? json_object_get_member (json_node_get_object (root), "accounts") : NULL;
  if (accounts == NULL || !JSON_NODE_HOLDS_ARRAY (accounts))
    {
      bad_state (path, _("no list of accounts"), error);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (accounts)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (accounts), i);
      FpAccountRecord *record = JSON_NODE_HOLDS_OBJECT (node)
                                  ? read_record (json_node_get_object (node)) : NULL;

      if (record == NULL)
        {
          g_autofree char *why = g_strdup_printf (_("entry %u is incomplete"), i + 1);

          bad_state (path, why, error);
          return NULL;
        }
      g_ptr_array_add (records, record);
    }
  return g_steal_pointer (&records);
}

/* The same account: same identifier and address, on the same incoming server. */
static FpAccountRecord *
find_record (GPtrArray             *records,
             const FpAccountRecord *wanted)
{
  for (guint i = 0; i < records->len; i++)
    {
      FpAccountRecord *record = g_ptr_array_index (records, i);

      if (g_ascii_strcasecmp (record->account, wanted->account) == 0 &&
          g_ascii_strcasecmp (record->address, wanted->address) == 0 &&
          record->incoming->protocol == wanted->incoming->protocol &&
          g_ascii_strcasecmp (record->incoming->host, wanted->incoming->host) == 0)
        return record;
    }
  return NULL;
}

static FpAccountTarget *
target_from_report (const FpWriteReport *report)
{
  FpAccountTarget *target = fp_account_target_new (fp_mail_program_to_string (report->program),
                                                   report->location);

  target->account_id = g_strdup (report->account_id);
  target->incoming_id = g_strdup (report->incoming_id);
  target->identity_id = g_strdup (report->identity_id);
  target->transport_id = g_strdup (report->transport_id);
  return target;
}

static FpAccountRecord *
record_from_written (const FpWrittenAccount *written)
{
  FpAccountRecord *record = fp_account_record_new ();
  const FpMailConfig *config = written->config;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  record->account = g_strdup (written->account);
  record->address = g_strdup (written->plan->address);
  record->label = g_strdup (written->plan->label);
  record->source_kind = config->source_kind;
  /* DNS sources have no URL: the name asked is the domain's. */
  record->source_asked = g_strdup (config->source_href ? config->source_href
                                                       : config->source_host);
  record->source_host = g_strdup (config->source_host);
  record->credentials_host = g_strdup (written->credentials_host);
  record->pacc_digest = g_strdup (config->pacc_digest);
  record->ca_file = written->ca_file ? g_canonicalize_filename (written->ca_file, NULL) : NULL;
  record->trusted = config->trusted;
  fp_account_record_set_servers (record, written->plan->incoming, written->plan->outgoing);
  record->keyring = fp_account_plan_wants_keyring (written->plan);
  record->recorded = g_date_time_format_iso8601 (now);
  return record;
}

static gboolean
report_for_program (GPtrArray  *reports,
                    const char *program)
{
  for (guint i = 0; i < reports->len; i++)
    {
      FpWriteReport *report = g_ptr_array_index (reports, i);

      if (!report->dry_run && g_str_equal (fp_mail_program_to_string (report->program), program))
        return TRUE;
    }
  return FALSE;
}

/**
 * fp_account_state_record_written:
 * @state_dir: (nullable): default fp_account_state_dir()
 *
 * Records (or updates) the account @written describes. The same account
 * written again for another program gains that program; its entry for a
 * program written again is replaced. Manual settings are recorded too (so
 * the first run knows an account exists), and never re-checked.
 */
gboolean
fp_account_state_record_written (const char              *state_dir,
                                 const FpWrittenAccount  *written,
                                 GError                 **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(FpAccountRecord) fresh = NULL;
  FpAccountRecord *old;
  guint written_count = 0;

  g_return_val_if_fail (written != NULL && written->plan != NULL && written->config != NULL,
                        FALSE);

  for (guint i = 0; written->reports != NULL && i < written->reports->len; i++)
    written_count += !((FpWriteReport *) g_ptr_array_index (written->reports, i))->dry_run;
  if (written_count == 0)
    return TRUE;
  records = fp_account_state_load (state_dir, error);
  if (records == NULL)
    return FALSE;

  fresh = record_from_written (written);
  old = find_record (records, fresh);
  /* Written again for another program: the entries of the others are kept. */
  for (guint i = 0; old != NULL && i < old->targets->len; i++)
    {
      FpAccountTarget *target = g_ptr_array_index (old->targets, i);

      if (!report_for_program (written->reports, target->program))
        g_ptr_array_add (fresh->targets, fp_account_target_copy (target));
    }
  if (old != NULL)
    g_ptr_array_remove (records, old);
  for (guint i = 0; i < written->reports->len; i++)
    {
      FpWriteReport *report = g_ptr_array_index (written->reports, i);

      if (!report->dry_run)
        g_ptr_array_add (fresh->targets, target_from_report (report));
    }
  g_ptr_array_add (records, g_steal_pointer (&fresh));
  return fp_account_state_save (state_dir, records, error);
}

/* For the first run: has Fingerpost recorded any account at all? */
gboolean
fp_account_state_has_accounts (const char *state_dir)
{
  g_autoptr(GPtrArray) records = fp_account_state_load (state_dir, NULL);

  /* A record that cannot be read still says that something was set up. */
  return records == NULL || records->len > 0;
}
