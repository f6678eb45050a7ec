/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fp-account-checker.h"
#include "fp-cli.h"
#include "fp-cli-check-notify.h"
#include "fp-cli-output.h"
#include "fp-cli-private.h"
#include "fp-error.h"

/*
 * `fingerpost check [--json] [--apply] [--trust-servers]`: has any provider
 * changed the settings of the accounts Fingerpost set up? Exit 0 when
 * nothing changed (or every change was applied), 9 when something changed
 * and is not applied, else the status of the first account that failed.
 */

void
fp_cli_check_add_options (GOptionContext *option_context,
                          FpCliContext   *context)
{
  const GOptionEntry entries[] = {
    { "apply", 0, 0, G_OPTION_ARG_NONE, &context->apply,
      N_("Update the changed accounts in place, after logging in with the stored password"),
      NULL },
    { "trust-servers", 0, 0, G_OPTION_ARG_NONE, &context->trust_servers,
      N_("Also apply changes that lower security (weaker encryption, another domain, "
         "settings from DNS), after checking them"), NULL },
    { "notify", 0, 0, G_OPTION_ARG_NONE, &context->notify,
      N_("Send a desktop notification when something changed (for the user timer)"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (option_context, entries, GETTEXT_PACKAGE);
}

/* Values from the network are shown as text: control characters escaped. */
static char *
printable (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      g_string_append_printf (out, "\\x%02x", (guchar) *p);
    else
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static gboolean
is_changed (const FpAccountCheck *check)
{
  return check->status == FP_CHECK_CHANGED;
}

static gboolean
is_failure (const FpAccountCheck *check)
{
  return check->status == FP_CHECK_FAILED || check->status == FP_CHECK_SOURCE_CHANGED;
}

static int
account_status (const FpAccountCheck *check)
{
  if (is_changed (check))
    return FP_CLI_EXIT_CHANGED;
  if (is_failure (check))
    return fp_cli_exit_status_for_error (check->error);
  return FP_CLI_EXIT_OK;
}

/* The server a field belongs to; for the source's own fields, the host that served it. */
static const char *
server_of (const FpAccountCheck *check,
           const char           *direction)
{
  if (g_str_equal (direction, "source"))
    return check->record->source_host;
  return g_str_equal (direction, "incoming") ? check->record->incoming->host
                                             : check->record->outgoing->host;
}

static void
print_text (const FpAccountCheck *check)
{
  g_autofree char *account = printable (check->record->account);

  g_print ("%s: %s\n", account, fp_check_status_to_string (check->status));
  if (check->error != NULL)
    {
      g_autofree char *message = printable (check->error->message);

      g_print ("  %s\n", message);
    }
  for (guint i = 0; check->change != NULL && i < check->change->fields->len; i++)
    {
      FpFieldChange *field = g_ptr_array_index (check->change->fields, i);
      g_autofree char *old_value = printable (field->old_value);
      g_autofree char *new_value = printable (field->new_value);

      /* Translators: "incoming imap.mail.example: port 143 → 993" */
      g_print (_("  %s %s: %s %s → %s\n"), field->direction, server_of (check, field->direction),
               field->field, old_value, new_value);
    }
  for (guint i = 0; check->change != NULL && i < check->change->concerns->len; i++)
    g_print (_("  lowers security: %s\n"),
             (const char *) g_ptr_array_index (check->change->concerns, i));
  for (guint i = 0; i < check->targets->len; i++)
    {
      FpTargetCheck *target = g_ptr_array_index (check->targets, i);

      g_print ("  %s %s: %s\n", target->target->program, target->target->account_id,
               fp_target_state_to_string (target->state));
      if (target->error != NULL)
        g_print ("    %s\n", target->error->message);
      if (target->backup != NULL)
        g_print (_("    previous file kept as %s\n"), target->backup);
    }
}

static void
add_changes_json (JsonBuilder          *builder,
                  const FpAccountCheck *check)
{
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; check->change != NULL && i < check->change->fields->len; i++)
    {
      FpFieldChange *field = g_ptr_array_index (check->change->fields, i);

      json_builder_begin_object (builder);
      fp_cli_json_add_string (builder, "direction", field->direction);
      fp_cli_json_add_string (builder, "server", server_of (check, field->direction));
      fp_cli_json_add_string (builder, "field", field->field);
      fp_cli_json_add_string (builder, "old", field->old_value);
      fp_cli_json_add_string (builder, "new", field->new_value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "lowers-security");
  json_builder_add_boolean_value (builder, check->change != NULL &&
                                             fp_account_change_lowers_security (check->change));
  json_builder_set_member_name (builder, "concerns");
  json_builder_begin_array (builder);
  for (guint i = 0; check->change != NULL && i < check->change->concerns->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (check->change->concerns, i));
  json_builder_end_array (builder);
}

static void
add_programs_json (JsonBuilder          *builder,
                   const FpAccountCheck *check)
{
  json_builder_set_member_name (builder, "programs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < check->targets->len; i++)
    {
      FpTargetCheck *target = g_ptr_array_index (check->targets, i);

      json_builder_begin_object (builder);
      fp_cli_json_add_string (builder, "program", target->target->program);
      fp_cli_json_add_string (builder, "location", target->target->location);
      fp_cli_json_add_string (builder, "account-id", target->target->account_id);
      fp_cli_json_add_string (builder, "status", fp_target_state_to_string (target->state));
      fp_cli_json_add_string (builder, "error", target->error ? target->error->message : NULL);
      fp_cli_json_add_string (builder, "backup", target->backup);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_check_json (JsonBuilder          *builder,
                const FpAccountCheck *check)
{
  const FpAccountRecord *record = check->record;

  json_builder_begin_object (builder);
  fp_cli_json_add_string (builder, "account", record->account);
  fp_cli_json_add_string (builder, "address", record->address);
  fp_cli_json_add_string (builder, "status", fp_check_status_to_string (check->status));
  json_builder_set_member_name (builder, "exit-status");
  json_builder_add_int_value (builder, account_status (check));
  fp_cli_json_add_string (builder, "error", check->error ? check->error->message : NULL);
  json_builder_set_member_name (builder, "source");
  json_builder_begin_object (builder);
  fp_cli_json_add_string (builder, "kind", fp_config_source_kind_to_string (record->source_kind));
  fp_cli_json_add_string (builder, "asked", record->source_asked);
  fp_cli_json_add_string (builder, "host", record->source_host);
  json_builder_end_object (builder);
  add_changes_json (builder, check);
  add_programs_json (builder, check);
  json_builder_end_object (builder);
}

static void
print_json (GPtrArray *checks,
            int        status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "exit-status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < checks->len; i++)
    add_check_json (builder, g_ptr_array_index (checks, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  fp_cli_print_json (root);
}

/* A change waiting wins: it is what the timer and scripts look for. */
static int
overall_status (GPtrArray *checks)
{
  int failure = FP_CLI_EXIT_OK;

  for (guint i = 0; i < checks->len; i++)
    {
      int status = account_status (g_ptr_array_index (checks, i));

      if (status == FP_CLI_EXIT_CHANGED)
        return status;
      if (failure == FP_CLI_EXIT_OK)
        failure = status;
    }
  return failure;
}

int
fp_cli_run_check (FpCliContext *context)
{
  FpCheckOptions options = {
    .ca_file = context->ca_file,
    .timeout_s = context->timeout_s,
    .apply = context->apply,
    .confirmed = context->trust_servers,
    .allow_insecure = context->allow_insecure,
    .verbose = context->verbose,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  int status;

  /* The timer's run: offline, every source would fail; the next run asks again. */
  if (context->notify &&
      !g_network_monitor_get_network_available (g_network_monitor_get_default ()))
    {
      g_printerr (_("This computer is offline: nothing was asked.\n"));
      return FP_CLI_EXIT_OK;
    }
  checks = fp_account_checker_run (&options, context->cancellable, &error);
  if (checks == NULL)
    return fp_cli_report_error (error);
  status = overall_status (checks);
  if (context->json)
    print_json (checks, status);
  else if (checks->len == 0)
    g_print (_("Fingerpost has set up no account yet: nothing to check.\n"));
  else
    for (guint i = 0; i < checks->len; i++)
      print_text (g_ptr_array_index (checks, i));
  if (status == FP_CLI_EXIT_CHANGED && !context->json && !context->apply)
    g_printerr (_("A provider changed its settings: run fingerpost check --apply to update "
                  "the accounts.\n"));
  if (status == FP_CLI_EXIT_CHANGED && context->notify)
    fp_cli_check_notify (checks);
  return status;
}
