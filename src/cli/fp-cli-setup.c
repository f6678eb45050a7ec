/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fp-cli.h"
#include "fp-cli-output.h"
#include "fp-cli-private.h"
#include "fp-cli-verify.h"
#include "fp-account-setup.h"
#include "fp-account-state.h"
#include "fp-clients-error.h"

/*
 * `fingerpost setup`: the same lookup and choice as `fetch`, then the
 * account written for each mail program by the one account setup of
 * src/clients/ (each program all or nothing, the password in the keyring).
 * Settings that are not trusted (from DNS: SRV, MX) are refused unless
 * --trust-servers.
 * Before anything is written the password is tried on the servers
 * (fp_cli_verify_config()), unless --no-verify: an account that cannot log
 * in is never written.
 */

void
fp_cli_setup_add_options (GOptionContext *option_context,
                          FpCliContext   *context)
{
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &context->full_name,
      N_("The person’s name on sent mail (default: the name this system knows)"),
      N_("FULL-NAME") },
    { "client", 0, 0, G_OPTION_ARG_STRING_ARRAY, &context->clients,
      N_("Set up this mail program: evolution, thunderbird or gnome-online-accounts (repeat "
         "for more than one; default: Evolution and Thunderbird where installed)"),
      N_("PROGRAM") },
    { "thunderbird-profile", 0, 0, G_OPTION_ARG_FILENAME, &context->thunderbird_profile,
      N_("Write to this Thunderbird profile folder (default: the default profile)"), N_("DIR") },
    { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &context->no_keyring,
      N_("Do not keep the password in the keyring; the mail programs will ask for it"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &context->dry_run,
      N_("Print what would be written, and write nothing"), NULL },
    { "trust-servers", 0, 0, G_OPTION_ARG_NONE, &context->trust_servers,
      N_("Use servers found in DNS (SRV, MX records), after checking them"),
      NULL },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &context->no_verify,
      N_("Write without first logging in to the servers"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (option_context, entries, GETTEXT_PACKAGE);
}

/* --client, each at most once; none given: those installed. */
GArray *
fp_cli_chosen_programs (FpCliContext  *context,
                        int           *status)
{
  g_autoptr(GArray) programs = g_array_new (FALSE, FALSE, sizeof (FpMailProgram));

  if (context->clients == NULL)
    {
      g_array_unref (programs);
      programs = fp_mail_programs_detect ();
      if (programs->len == 0)
        {
          g_printerr (_("Neither Evolution nor Thunderbird is installed; name a mail program "
                        "with --client.\n"));
          *status = FP_CLI_EXIT_WRITE;
          return NULL;
        }
      return g_steal_pointer (&programs);
    }
  for (guint i = 0; context->clients[i] != NULL; i++)
    {
      FpMailProgram program;
      gboolean seen = FALSE;

      if (!fp_mail_program_from_string (context->clients[i], &program))
        {
          *status = fp_cli_usage_error (_("--client takes evolution, thunderbird or "
                                          "gnome-online-accounts, not “%s”."),
                                        context->clients[i]);
          return NULL;
        }
      for (guint j = 0; j < programs->len; j++)
        seen |= g_array_index (programs, FpMailProgram, j) == program;
      if (!seen)
        g_array_append_val (programs, program);
    }
  return g_steal_pointer (&programs);
}

/*
 * --user is the login the person gives; it stands in for the address where
 * the settings named no login, never for a login the administrator named.
 */
static void
apply_user (FpMailConfig *config,
            const char   *user)
{
  GPtrArray *lists[] = { config->incoming, config->outgoing };

  if (user == NULL || *user == '\0')
    return;
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    for (guint j = 0; j < lists[i]->len; j++)
      {
        FpMailServer *server = g_ptr_array_index (lists[i], j);

        if (g_strcmp0 (server->login, config->address) == 0)
          {
            g_free (server->login);
            server->login = g_strdup (user);
          }
      }
}

/* The servers the login check used, or without it the administrator's first choices. */
static FpAccountPlan *
make_plan (FpCliContext       *context,
           const FpMailConfig *config,
           const FpMailServer *incoming,
           const FpMailServer *outgoing)
{
  FpAccountPlan *plan = incoming != NULL && outgoing != NULL
                          ? fp_account_plan_new (config->address, incoming, outgoing)
                          : fp_account_plan_new_from_config (config, NULL);
  const char *real_name = g_get_real_name ();

  if (config->name != NULL)
    fp_account_plan_set_label (plan, config->name);
  /* Scripts run as the person: their name from the system is the best default. */
  if (context->full_name != NULL)
    fp_account_plan_set_full_name (plan, context->full_name);
  else if (g_strcmp0 (real_name, "Unknown") != 0)
    fp_account_plan_set_full_name (plan, real_name);
  fp_account_plan_set_password (plan, fp_cli_credentials_get_password (context->credentials),
                                !context->no_keyring);
  /* The authority the servers needed: Thunderbird is told to trust it in its own store, and
   * Evolution, which reads the system's, says it will ask. Needed means the fetch or the login
   * check verified a certificate through it that the system's store alone refused; an
   * authority that is installed system-wide as well changes nothing for the programs. */
  if (context->ca_file != NULL && fp_http_client_get_added_authority_needed (context->client))
    {
      g_autofree char *ca_file = g_canonicalize_filename (context->ca_file, NULL);

      fp_account_plan_set_ca_file (plan, ca_file);
    }
  return plan;
}

/* A dry run shows what each program found would get; one that is not there is only said. */
static gboolean
outcome_not_found (const FpSetupResult *outcome,
                   gboolean             dry_run)
{
  return dry_run &&
         g_error_matches (outcome->error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_NO_PROFILE);
}

static const char *
outcome_status (const FpSetupResult *outcome,
                gboolean             dry_run)
{
  if (outcome->status == FP_SETUP_STATUS_SKIPPED)
    return "skipped";
  if (outcome->report != NULL)
    return outcome->report->dry_run ? "would-write" : "written";
  if (outcome_not_found (outcome, dry_run))
    return "not-found";
  if (g_error_matches (outcome->error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED))
    return "already-configured";
  if (g_error_matches (outcome->error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_PROGRAM_RUNNING))
    return "running";
  if (fp_clients_error_is_keyring (outcome->error))
    return "keyring-failed";
  return "failed";
}

static void
print_report (const FpWriteReport *report)
{
  const char *name = fp_mail_program_display_name (report->program);

  if (report->dry_run)
    g_print (_("%s: would write, in %s:\n"), name, report->location);
  else
    g_print (_("%s: written, in %s:\n"), name, report->location);
  /* GNOME Online Accounts has one id for all of it, and none before it is added. */
  if (report->program != FP_MAIL_PROGRAM_GOA)
    g_print (_("  account %s, identity %s, outgoing server %s\n"), report->account_id,
             report->identity_id, report->transport_id);
  else if (report->account_id != NULL)
    g_print (_("  account %s\n"), report->account_id);
  for (guint i = 0; i < report->files->len; i++)
    g_print ("  %s\n", (const char *) g_ptr_array_index (report->files, i));
  for (guint i = 0; i < report->backups->len; i++)
    g_print (_("  previous file kept as %s\n"),
             (const char *) g_ptr_array_index (report->backups, i));
  for (guint i = 0; i < report->secrets->len; i++)
    g_print (_("  keyring: %s\n"), (const char *) g_ptr_array_index (report->secrets, i));
  if (report->dry_run)
    for (guint i = 0; i < report->changes->len; i++)
      g_print ("    %s\n", (const char *) g_ptr_array_index (report->changes, i));
  if (report->password_note != NULL)
    g_print ("  %s\n", report->password_note);
  if (report->trust_note != NULL)
    g_print ("  %s\n", report->trust_note);
}

static void
add_string_array (JsonBuilder *builder,
                  const char  *member,
                  GPtrArray   *strings)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

static void
add_outcome_json (JsonBuilder         *builder,
                  const FpSetupResult *outcome,
                  gboolean             dry_run)
{
  const FpWriteReport *report = outcome->report;

  json_builder_begin_object (builder);
  fp_cli_json_add_string (builder, "program", fp_mail_program_to_string (outcome->program));
  fp_cli_json_add_string (builder, "status", outcome_status (outcome, dry_run));
  if (outcome->error != NULL)
    fp_cli_json_add_string (builder, "error", outcome->error->message);
  fp_cli_json_add_string (builder, "note", outcome->note);
  if (report != NULL)
    {
      fp_cli_json_add_string (builder, "location", report->location);
      fp_cli_json_add_string (builder, "account-id", report->account_id);
      fp_cli_json_add_string (builder, "incoming-id", report->incoming_id);
      fp_cli_json_add_string (builder, "identity-id", report->identity_id);
      fp_cli_json_add_string (builder, "transport-id", report->transport_id);
      add_string_array (builder, "files", report->files);
      fp_cli_json_add_string (builder, "backup", report->backup);
      add_string_array (builder, "keyring", report->secrets);
      if (report->dry_run)
        add_string_array (builder, "changes", report->changes);
      fp_cli_json_add_string (builder, "password-note", report->password_note);
      add_string_array (builder, "backups", report->backups);
      fp_cli_json_add_string (builder, "trust-note", report->trust_note);
    }
  json_builder_end_object (builder);
}

static void
print_json (FpCliContext        *context,
            const FpMailConfig  *config,
            const FpSetupReport *report,
            int                  status,
            const char          *failure)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  fp_cli_json_add_string (builder, "account", context->identifier->address);
  json_builder_set_member_name (builder, "dry-run");
  json_builder_add_boolean_value (builder, context->dry_run);
  json_builder_set_member_name (builder, "config");
  json_builder_add_value (builder, fp_cli_config_to_json (config));
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < fp_setup_report_get_n_results (report); i++)
    add_outcome_json (builder, fp_setup_report_get_result (report, i), context->dry_run);
  json_builder_end_array (builder);
  if (status != FP_CLI_EXIT_OK)
    fp_cli_json_add_error (builder, status, failure);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  fp_cli_print_json (root);
}

static FpAccountSetup *
make_setup (FpCliContext        *context,
            const FpAccountPlan *plan,
            GArray              *programs)
{
  FpWriteFlags flags = context->dry_run ? FP_WRITE_FLAGS_DRY_RUN : FP_WRITE_FLAGS_NONE;
  FpAccountSetup *setup = fp_account_setup_new (plan, flags);

  for (guint i = 0; i < programs->len; i++)
    {
      FpMailProgram program = g_array_index (programs, FpMailProgram, i);

      fp_account_setup_add_program (setup, program,
                                    program == FP_MAIL_PROGRAM_THUNDERBIRD
                                      ? context->thunderbird_profile : NULL);
    }
  return setup;
}

/* A locked or missing keyring stops everything before anything is written. */
static int
report_setup_error (const GError *error)
{
  fp_cli_print_failure (fp_cli_exit_status_for_error (error), error->message);
  if (fp_clients_error_is_keyring (error))
    g_printerr (_("Nothing was written. Run again with --no-keyring to set up the account "
                  "without keeping the password.\n"));
  return fp_cli_exit_status_for_error (error);
}

static int
print_results (FpCliContext         *context,
               const FpSetupReport  *report,
               char                **failure)
{
  int status = FP_CLI_EXIT_OK;
  guint written = 0;

  for (guint i = 0; i < fp_setup_report_get_n_results (report); i++)
    {
      const FpSetupResult *outcome = fp_setup_report_get_result (report, i);
      const char *name = fp_mail_program_display_name (outcome->program);

      if (outcome_not_found (outcome, context->dry_run))
        {
          g_printerr (_("%s: not found (%s); nothing would be written for it.\n"), name,
                      outcome->error->message);
          continue;
        }
      written++;
      if (outcome->error != NULL)
        {
          g_printerr ("%s: %s\n", name, outcome->error->message);
          if (status == FP_CLI_EXIT_OK)
            {
              status = fp_cli_exit_status_for_error (outcome->error);
              *failure = g_strdup_printf ("%s: %s", name, outcome->error->message);
            }
        }
      else if (context->json)
        continue;
      else if (outcome->report != NULL)
        print_report (outcome->report);
      else
        g_print ("%s: %s\n", name, outcome->note);
    }
  /* A dry run fails only when none of the programs asked for is there to be written. */
  if (written == 0 && status == FP_CLI_EXIT_OK)
    {
      status = FP_CLI_EXIT_WRITE;
      *failure = g_strdup (_("None of the mail programs has a place to write the account to."));
      g_printerr ("%s\n", *failure);
    }
  return status;
}

/* What was written is remembered, for `fingerpost check` (never the password). */
static void
record_written (FpCliContext        *context,
                const FpMailConfig  *config,
                const FpAccountPlan *plan,
                const FpSetupReport *report)
{
  g_autoptr(GPtrArray) reports = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  FpWrittenAccount written = {
    .account = context->identifier->address,
    .config = config,
    .plan = plan,
    .reports = reports,
    .credentials_host = context->credentials_host,
    .ca_file = context->ca_file,
  };

  for (guint i = 0; i < fp_setup_report_get_n_results (report); i++)
    {
      const FpSetupResult *outcome = fp_setup_report_get_result (report, i);

      if (outcome->report != NULL)
        g_ptr_array_add (reports, outcome->report);
    }
  if (reports->len > 0 && !fp_account_state_record_written (NULL, &written, &error))
    g_printerr (_("The account was written, but fingerpost check will not know it: %s\n"),
                error->message);
}

int
fp_cli_run_setup (FpCliContext *context)
{
  int status = FP_CLI_EXIT_OK;
  g_autoptr(GArray) programs = fp_cli_chosen_programs (context, &status);
  g_autoptr(FpMailConfig) config = NULL;
  g_autoptr(FpMailServer) incoming = NULL;
  g_autoptr(FpMailServer) outgoing = NULL;
  g_autoptr(FpAccountPlan) plan = NULL;
  g_autoptr(FpAccountSetup) setup = NULL;
  g_autoptr(FpSetupReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *failure = NULL;

  if (programs == NULL)
    return status;
  config = fp_cli_fetch_chosen_config (context, &status);
  if (config == NULL)
    return status;
  {
    FpMailConfig *chosen = fp_cli_choose_methods (context, config, programs, &status);

    g_clear_pointer (&config, fp_mail_config_unref);
    config = chosen;
  }
  if (config == NULL)
    return status;
  apply_user (config, context->user);
  if (!fp_cli_check_trust (config, context->trust_servers, &error))
    {
      /* The servers the message asks to check; stdout holds only JSON with --json. */
      if (!context->json)
        fp_cli_print_config (config, FALSE);
      return fp_cli_report_error (error);
    }
  if (!context->no_verify &&
      !fp_cli_verify_config (context->client, context->credentials, config, context->trust_servers,
                             context->cancellable, &incoming, &outgoing, &error))
    return fp_cli_report_error (error);
  plan = make_plan (context, config, incoming, outgoing);
  fp_cli_explain_methods (plan->incoming, programs);
  fp_cli_explain_methods (plan->outgoing, programs);

  /* The one setup the wizard runs too: each program all or nothing, one report. */
  setup = make_setup (context, plan, programs);
  fp_account_setup_run_async (setup, context->cancellable, fp_cli_store_result_cb, context);
  report = fp_account_setup_run_finish (setup, fp_cli_wait_for_result (context), &error);
  if (report == NULL)
    return report_setup_error (error);
  status = print_results (context, report, &failure);
  if (!context->dry_run)
    record_written (context, config, plan, report);
  if (context->json)
    print_json (context, config, report, status, failure);
  if (plan->password == NULL && !context->dry_run && status == FP_CLI_EXIT_OK && !context->json)
    g_print (_("No password was given (--password-stdin): the mail programs will ask for it.\n"));
  return status;
}
