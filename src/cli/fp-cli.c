/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "fp-cli.h"
#include "fp-cli-private.h"
#include "fp-clients-error.h"
#include "fp-cli-credentials.h"
#include "fp-cli-output.h"
#include "fp-cli-verify.h"
#include "fp-autoconfig-fetch.h"
#include "fp-config-fetch.h"
#include "fp-demo-provider.h"
#include "fp-discovery.h"
#include "fp-error.h"

/*
 * The helpdesk's front end: the same engine as the wizard, driven from
 * options, with one plain sentence on stderr and a documented exit status
 * for every failure.
 */


static void fp_cli_context_clear (FpCliContext *context);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FpCliContext, fp_cli_context_clear)

static int run_discover (FpCliContext *context);
static int run_fetch    (FpCliContext *context);
static void fetch_add_options (GOptionContext *option_context,
                               FpCliContext   *context);

/* A new command is one entry here: --help, `help COMMAND` and the typo hints follow. */
static const FpCliCommand commands[] = {
  { .name = "discover", .parameter = "ACCOUNT",
    .summary = N_("Show what is published for ACCOUNT, and by which source."),
    .flags = FP_CLI_COMMAND_TAKES_ACCOUNT,
    .func = run_discover },
  { .name = "fetch", .parameter = "ACCOUNT",
    .summary = N_("Fetch and check the mail settings of one published account."),
    .flags = FP_CLI_COMMAND_TAKES_ACCOUNT | FP_CLI_COMMAND_TAKES_CHOICE,
    .func = run_fetch, .add_options = fetch_add_options },
  { .name = "setup", .parameter = "ACCOUNT",
    .summary = N_("Set up one published account in Evolution and Thunderbird, and keep the "
                  "password in the keyring."),
    .flags = FP_CLI_COMMAND_TAKES_ACCOUNT | FP_CLI_COMMAND_TAKES_CHOICE,
    .func = fp_cli_run_setup, .add_options = fp_cli_setup_add_options },
  { .name = "check", .parameter = NULL,
    .summary = N_("Ask the providers again whether the settings of the accounts set up with "
                  "Fingerpost changed, and update them with --apply."),
    .flags = 0,
    .func = fp_cli_run_check, .add_options = fp_cli_check_add_options },
};

const FpCliCommand *
fp_cli_get_commands (guint *n_commands)
{
  *n_commands = G_N_ELEMENTS (commands);
  return commands;
}

static void
fp_cli_context_clear (FpCliContext *context)
{
  g_free (context->user);
  g_free (context->ca_file);
  g_free (context->choice);
  g_free (context->ispdb);
  g_free (context->full_name);
  g_strfreev (context->clients);
  g_free (context->thunderbird_profile);
  g_clear_pointer (&context->identifier, fp_identifier_free);
  g_clear_object (&context->client);
  g_clear_object (&context->demo_provider);
  g_clear_pointer (&context->credentials, fp_cli_credentials_free);
  g_clear_object (&context->cancellable);
  g_clear_pointer (&context->loop, g_main_loop_unref);
  g_clear_object (&context->result);
  g_free (context->credentials_host);
}

gboolean
fp_cli_is_command (const char *argument)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (argument, commands[i].name) == 0)
      return TRUE;
  return FALSE;
}

int
fp_cli_exit_status_for_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FP_CLI_EXIT_INTERRUPTED;
  if (error->domain == FP_CLIENTS_ERROR)
    return fp_clients_error_is_keyring (error) ? FP_CLI_EXIT_KEYRING : FP_CLI_EXIT_WRITE;
  if (error->domain != FP_ERROR)
    return FP_CLI_EXIT_NETWORK;

  switch ((FpError) error->code)
    {
    case FP_ERROR_INVALID_IDENTIFIER:
      return FP_CLI_EXIT_USAGE;
    case FP_ERROR_NETWORK:
    case FP_ERROR_TLS:
    case FP_ERROR_TIMEOUT:
    case FP_ERROR_HTTP_STATUS:
    case FP_ERROR_TOO_LARGE:
      return FP_CLI_EXIT_NETWORK;
    /* A document that cannot be used leaves the person where nothing was published. */
    case FP_ERROR_NOT_PUBLISHED:
    case FP_ERROR_BAD_DOCUMENT:
    case FP_ERROR_UNSUPPORTED:
      return FP_CLI_EXIT_NOT_PUBLISHED;
    case FP_ERROR_AUTH_REQUIRED:
    case FP_ERROR_AUTH_FAILED:
      return FP_CLI_EXIT_AUTH;
    case FP_ERROR_UNSAFE:
      return FP_CLI_EXIT_UNSAFE;
    case FP_ERROR_PROTOCOL:
      return FP_CLI_EXIT_NETWORK;
    default:
      return FP_CLI_EXIT_NETWORK;
    }
}

int
fp_cli_report_error (const GError *error)
{
  int status = fp_cli_exit_status_for_error (error);

  fp_cli_print_failure (status, error->message);
  if (g_error_matches (error, FP_ERROR, FP_ERROR_AUTH_REQUIRED))
    g_printerr (_("Give the password with --password-stdin, or run fingerpost on a terminal.\n"));
  return status;
}

int
fp_cli_usage_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fp_cli_print_failure (FP_CLI_EXIT_USAGE, message);
  return FP_CLI_EXIT_USAGE;
}

/* The hosts asked, redirects included, so that a failure can name the one that said it. */
static void
note_requested_host_cb (FpActivityLog *log,
                        const char    *line,
                        gpointer       user_data)
{
  g_autoptr(GUri) uri = NULL;

  if (g_str_has_prefix (line, "GET ") &&
      (uri = g_uri_parse (line + strlen ("GET "), G_URI_FLAGS_NONE, NULL)) != NULL)
    fp_cli_output_note_host (g_uri_get_host (uri));
}

static void
log_line_cb (FpActivityLog *log,
             const char    *line,
             gpointer       user_data)
{
  g_autofree char *shown = fp_cli_escape (line);

  g_printerr ("fingerpost: %s\n", shown);
}

static gboolean
credentials_required_cb (FpHttpClient         *client,
                         FpCredentialsRequest *request,
                         FpCliContext         *context)
{
  if (!fp_cli_credentials_answer (context->credentials, request))
    return FALSE;
  /* Recorded with the account: `check` gives the password to this host alone. */
  g_free (context->credentials_host);
  context->credentials_host = g_strdup (fp_credentials_request_get_host (request));
  return TRUE;
}

static gboolean
interrupted_cb (gpointer user_data)
{
  FpCliContext *context = user_data;

  g_cancellable_cancel (context->cancellable);
  return G_SOURCE_CONTINUE;
}

void
fp_cli_store_result_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  FpCliContext *context = user_data;

  g_set_object (&context->result, result);
  g_main_loop_quit (context->loop);
}

/* The core is asynchronous for the wizard's sake; the command line simply waits. */
GAsyncResult *
fp_cli_wait_for_result (FpCliContext *context)
{
  g_clear_object (&context->result);
  g_main_loop_run (context->loop);
  return context->result;
}

static gboolean
prepare_client (FpCliContext  *context,
                GError       **error)
{
  g_autofree char *password = NULL;

  if (context->password_stdin)
    {
      password = fp_cli_read_password_from_stdin (error);
      if (password == NULL)
        return FALSE;
    }
  /* The credentials keep it, for the servers that ask and for `setup`'s keyring, and wipe it. */
  context->credentials = fp_cli_credentials_new (context->user, password);
  fp_cli_credentials_set_trust_servers (context->credentials, context->trust_servers);
  if (password != NULL)
    explicit_bzero (password, strlen (password));

  context->client = fp_http_client_new ();
  fp_http_client_set_timeout (context->client, context->timeout_s);
  if (context->ca_file != NULL &&
      !fp_http_client_add_trusted_ca_file (context->client, context->ca_file, error))
    return FALSE;
  if (context->demo)
    {
      /* The built-in provider of DESIGN.md: for trying the command line with no provider. */
      context->demo_provider = fp_demo_provider_new ();
      if (!fp_demo_provider_start (context->demo_provider, error))
        return FALSE;
      fp_demo_provider_configure_client (context->demo_provider, context->client);
    }
  g_signal_connect (context->client, "credentials-required",
                    G_CALLBACK (credentials_required_cb), context);
  g_signal_connect (fp_http_client_get_log (context->client), "line-added",
                    G_CALLBACK (note_requested_host_cb), NULL);
  if (context->verbose)
    g_signal_connect (fp_http_client_get_log (context->client), "line-added",
                      G_CALLBACK (log_line_cb), NULL);
  return TRUE;
}

/* --ispdb, else FINGERPOST_ISPDB, else the public database; "off" asks none. */
static const char *
ispdb_url (FpCliContext *context)
{
  const char *url = context->ispdb ? context->ispdb : g_getenv ("FINGERPOST_ISPDB");

  if (url == NULL || *url == '\0')
    return FP_ISPDB_DEFAULT_URL;
  if (g_str_equal (url, "off"))
    return NULL;
  return url;
}

/* Every source at once, ranked (FpDiscovery). */
static FpDiscoveryResult *
discover (FpCliContext  *context,
          GError       **error)
{
  g_autoptr(FpDiscovery) discovery = fp_discovery_new (context->client);
  g_autoptr(FpDiscoveryResult) found = NULL;
  g_autoptr(GError) local_error = NULL;

  fp_discovery_set_ispdb_url (discovery, ispdb_url (context));
  /* The demo stays on this computer: no public database, no DNS questions. */
  if (context->demo)
    {
      fp_discovery_set_ispdb_url (discovery, NULL);
      fp_discovery_set_dns_enabled (discovery, FALSE);
    }
  fp_discovery_lookup_async (discovery, context->identifier, context->cancellable,
                             fp_cli_store_result_cb, context);
  found = fp_discovery_lookup_finish (discovery, fp_cli_wait_for_result (context), &local_error);
  if (found == NULL)
    {
      fp_cli_credentials_explain_refusal (context->credentials, &local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  /* Settings were found, but the person must hear that a certificate failed on the way. */
  else if (found->warning != NULL)
    g_printerr ("%s\n", found->warning);
  return g_steal_pointer (&found);
}

static int
run_discover (FpCliContext *context)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = discover (context, &error);
  int status = FP_CLI_EXIT_OK;

  if (found == NULL)
    return fp_cli_report_error (error);
  /* Unencrypted-only settings are refused here too, as everywhere, unless accepted. */
  if (found->config != NULL && !fp_cli_check_insecure (context, found->config, &status))
    return status;
  if (found->links != NULL)
    fp_cli_print_choices (context->identifier, found->links, context->json);
  else
    fp_cli_print_found_config (context->identifier, found->config, context->json);
  return FP_CLI_EXIT_OK;
}

static gboolean
same_title (const char *title,
            const char *wanted)
{
  g_autofree char *normal = NULL;
  g_autofree char *folded = NULL;

  if (title == NULL || !g_utf8_validate (title, -1, NULL))
    return FALSE;
  normal = g_utf8_normalize (title, -1, G_NORMALIZE_ALL);
  folded = g_utf8_casefold (normal, -1);
  return g_str_equal (folded, wanted);
}

/*
 * --choice takes a number counted from 1, or a title in any case and any of
 * the languages it is published in: a script written for “Personal” keeps
 * working where the person's language shows “Privat”.
 */
static FpAutoconfigLink *
find_choice (GPtrArray  *links,
             const char *choice)
{
  g_autofree char *stripped = g_strstrip (g_strdup (choice));
  g_autofree char *normal = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL);
  g_autofree char *wanted = normal ? g_utf8_casefold (normal, -1) : NULL;
  char *end = NULL;
  guint64 number = g_ascii_strtoull (stripped, &end, 10);

  if (end != stripped && *end == '\0')
    return number >= 1 && number <= links->len ? g_ptr_array_index (links, number - 1) : NULL;
  if (wanted == NULL)
    return NULL;

  /* The titles shown first, so that another link's translation never wins over them. */
  for (guint i = 0; i < links->len; i++)
    if (same_title (((FpAutoconfigLink *) g_ptr_array_index (links, i))->title, wanted))
      return g_ptr_array_index (links, i);
  for (guint i = 0; i < links->len; i++)
    {
      FpAutoconfigLink *link = g_ptr_array_index (links, i);

      for (guint j = 0; link->titles != NULL && link->titles[j] != NULL; j++)
        if (same_title (link->titles[j], wanted))
          return link;
    }
  return NULL;
}

/**
 * fp_cli_fetch_chosen_config:
 * @status: (out): the exit status, when this returns %NULL
 *
 * The lookup (WebFinger, then the fallbacks), the account chosen with
 * --choice (or the only one) and its configuration document; or, from a
 * fallback, the settings it found directly (--choice does not apply). What
 * `fetch` prints and `setup` writes; check config->trusted before sending a
 * password (fp_cli_check_trust()). Failures are reported on stderr here.
 *
 * Returns: (transfer full) (nullable): the configuration
 */
FpMailConfig *
fp_cli_fetch_chosen_config (FpCliContext *context,
                            int          *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = discover (context, &error);
  g_autoptr(FpMailConfig) config = NULL;
  g_autofree char *choices = NULL;
  FpAutoconfigLink *link;
  GPtrArray *links;

  if (found == NULL)
    {
      *status = fp_cli_report_error (error);
      return NULL;
    }
  if (found->config != NULL)
    return fp_mail_config_ref (found->config);
  links = found->links;
  for (guint i = 0; i < links->len; i++)
    fp_cli_output_note_host (((FpAutoconfigLink *) g_ptr_array_index (links, i))->host);

  choices = fp_cli_describe_choices (links);
  if (context->choice != NULL)
    {
      link = find_choice (links, context->choice);
      if (link == NULL)
        {
          *status = fp_cli_usage_error (_("No published account matches “%s”; choose one of "
                                          "%s."), context->choice, choices);
          return NULL;
        }
    }
  else if (links->len > 1)
    {
      *status = fp_cli_usage_error (_("%s publishes %u accounts; choose one with --choice: %s."),
                                    context->identifier->host, links->len, choices);
      return NULL;
    }
  else
    link = g_ptr_array_index (links, 0);

  fp_config_fetch_async (context->client, context->identifier, link->href,
                         FP_MAIL_CONFIG_PARSE_NONE, context->cancellable,
                         fp_cli_store_result_cb, context);
  config = fp_config_fetch_finish (fp_cli_wait_for_result (context), &error);
  if (config == NULL)
    {
      fp_cli_credentials_explain_refusal (context->credentials, &error);
      *status = fp_cli_report_error (error);
      return NULL;
    }
  if (config->name == NULL)
    config->name = g_strdup (link->title);
  return g_steal_pointer (&config);
}

static void
fetch_add_options (GOptionContext *option_context,
                   FpCliContext   *context)
{
  const GOptionEntry entries[] = {
    { "verify", 0, 0, G_OPTION_ARG_NONE, &context->verify,
      N_("Log in to the servers with the password, and write nothing"), NULL },
    { "client", 0, 0, G_OPTION_ARG_STRING_ARRAY, &context->clients,
      N_("Choose the sign-in methods for this mail program: evolution or thunderbird (repeat "
         "for both; default: those installed)"), N_("PROGRAM") },
    { NULL }
  };

  g_option_context_add_main_entries (option_context, entries, GETTEXT_PACKAGE);
}

/* fetch --verify: the same login check as setup, and nothing written. */
static int
verify_config (FpCliContext *context,
               FpMailConfig *config)
{
  g_autoptr(GError) error = NULL;

  if (!fp_cli_verify_config (context->client, context->credentials, config,
                             context->trust_servers, context->cancellable, NULL, NULL, &error))
    return fp_cli_report_error (error);
  return FP_CLI_EXIT_OK;
}

static int
run_fetch (FpCliContext *context)
{
  int status = FP_CLI_EXIT_OK;
  g_autoptr(GArray) programs = fp_cli_chosen_programs (context, &status);
  g_autoptr(FpMailConfig) found = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  if (programs == NULL)
    return status;
  found = fp_cli_fetch_chosen_config (context, &status);
  if (found == NULL)
    return status;
  config = fp_cli_choose_methods (context, found, programs, &status);
  if (config == NULL)
    return status;
  /* With --json, stdout holds one object: the settings once they passed, else the error. */
  if (context->json && context->verify)
    {
      if ((status = verify_config (context, config)) == FP_CLI_EXIT_OK)
        fp_cli_print_config (config, TRUE);
      return status;
    }
  fp_cli_print_config (config, context->json);
  fp_cli_explain_methods (g_ptr_array_index (config->incoming, 0), programs);
  fp_cli_explain_methods (g_ptr_array_index (config->outgoing, 0), programs);
  return context->verify ? verify_config (context, config) : FP_CLI_EXIT_OK;
}

static GOptionContext *
build_option_context (const FpCliCommand *command,
                      FpCliContext       *context)
{
  const GOptionEntry credential_entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &context->user,
      N_("Log in as LOGIN (default: the account identifier)"), N_("LOGIN") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &context->password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { NULL }
  };
  const GOptionEntry common_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &context->json, N_("Print JSON for scripts"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &context->ca_file,
      N_("Also trust the certificate authorities in PEM (never turns verification off)"),
      N_("PEM") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &context->timeout_s,
      N_("Give up on a server that does not answer within SECONDS (default 15)"),
      N_("SECONDS") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &context->verbose,
      N_("Print every step on standard error"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &context->demo,
      N_("Ask the built-in demo provider (alice@mail.example, password abc123)"), NULL },
    { "allow-insecure", 0, 0, G_OPTION_ARG_NONE, &context->allow_insecure,
      N_("Use settings that only offer unencrypted servers, where anyone on the network can "
         "read the password"), NULL },
    { "ispdb", 0, 0, G_OPTION_ARG_STRING, &context->ispdb,
      N_("Ask the ISP database at URL when the provider publishes nothing, or “off” "
         "(default: FINGERPOST_ISPDB, else Thunderbird’s)"), N_("URL|off") },
    { "trust-servers", 0, 0, G_OPTION_ARG_NONE, &context->trust_servers,
      N_("Send the password to a web host outside the account’s domain, and use servers "
         "found in DNS (SRV, MX records), after checking them"),
      NULL },
    { NULL }
  };
  const GOptionEntry choice_entries[] = {
    { "choice", 0, 0, G_OPTION_ARG_STRING, &context->choice,
      N_("The published account to use, by title or number"), N_("TITLE|N") },
    { NULL }
  };
  g_autofree char *parameter = g_strjoin (" ", command->name, command->parameter, NULL);
  GOptionContext *option_context = g_option_context_new (parameter);

  g_option_context_set_summary (option_context, _(command->summary));
  g_option_context_set_translation_domain (option_context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (option_context, common_entries, GETTEXT_PACKAGE);
  if (command->flags & FP_CLI_COMMAND_TAKES_ACCOUNT)
    g_option_context_add_main_entries (option_context, credential_entries, GETTEXT_PACKAGE);
  if (command->flags & FP_CLI_COMMAND_TAKES_CHOICE)
    g_option_context_add_main_entries (option_context, choice_entries, GETTEXT_PACKAGE);
  if (command->add_options != NULL)
    command->add_options (option_context, context);
  return option_context;
}

static const FpCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (name, commands[i].name) == 0)
      return &commands[i];
  return NULL;
}

static int
run_command (const FpCliCommand *command,
             FpCliContext       *context)
{
  guint interrupt_source;
  int status;

  context->cancellable = g_cancellable_new ();
  context->loop = g_main_loop_new (NULL, FALSE);
  interrupt_source = g_unix_signal_add (SIGINT, interrupted_cb, context);
  status = command->func (context);
  g_source_remove (interrupt_source);
  return status;
}

/* `check`: the accounts come from the state file, the passwords from the keyring. */
static int
run_without_account (const FpCliCommand *command,
                     FpCliContext       *context,
                     GStrv               args)
{
  if (g_strv_length (args) != 1)
    return fp_cli_usage_error (_("Usage: fingerpost %s (see fingerpost %s --help)"),
                               command->name, command->name);
  if (context->timeout_s < 1)
    return fp_cli_usage_error (_("--timeout takes a number of seconds, 1 or more."));
  if (context->demo)
    return fp_cli_usage_error (_("fingerpost %s has no demo: the demo’s accounts are "
                                 "checked in the wizard (fingerpost --demo)."), command->name);
  return run_command (command, context);
}

/**
 * fp_cli_run:
 * @argv: `fingerpost COMMAND [OPTIONS…] ACCOUNT`
 *
 * Returns: the exit status
 */
int
fp_cli_run (int    argc,
            char **argv)
{
  const FpCliCommand *command = argc > 1 ? find_command (argv[1]) : NULL;
  g_auto(FpCliContext) context = { .timeout_s = FP_HTTP_DEFAULT_TIMEOUT_S };
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *usage = NULL;

  g_return_val_if_fail (command != NULL, FP_CLI_EXIT_USAGE);

  /* GOptionContext wants the program name first; the command word is not an argument. */
  args = g_new0 (char *, argc);
  args[0] = g_strdup (argv[0]);
  for (int i = 2; i < argc; i++)
    args[i - 1] = g_strdup (argv[i]);

  usage = g_strjoin (" ", command->name, command->parameter, NULL);
  option_context = build_option_context (command, &context);
  /* A script that asked for JSON gets its error object even when the options were wrong. */
  fp_cli_output_set_json (g_strv_contains ((const char * const *) args, "--json"));
  if (!g_option_context_parse_strv (option_context, &args, &error))
    return fp_cli_usage_error ("%s", error->message);
  fp_cli_output_set_json (context.json);
  if (!(command->flags & FP_CLI_COMMAND_TAKES_ACCOUNT))
    return run_without_account (command, &context, args);
  if (g_strv_length (args) != 2)
    return fp_cli_usage_error (_("Usage: fingerpost %s (see fingerpost %s --help)"), usage,
                               command->name);
  if (context.timeout_s < 1)
    return fp_cli_usage_error (_("--timeout takes a number of seconds, 1 or more."));
  /* The demo's accounts must never land in real profiles or the real keyring. */
  if (context.demo && command->func == fp_cli_run_setup && !context.dry_run)
    return fp_cli_usage_error (_("fingerpost setup --demo needs --dry-run: the demo never "
                                 "writes real accounts."));

  if (command->flags & FP_CLI_COMMAND_TAKES_ACCOUNT &&
      (context.identifier = fp_identifier_parse (args[1], &error)) == NULL)
    return fp_cli_usage_error ("%s", error->message);
  if (context.identifier != NULL)
    fp_cli_output_note_host (context.identifier->host);
  if (!prepare_client (&context, &error))
    return fp_cli_usage_error ("%s", error->message);

  return run_command (command, &context);
}
