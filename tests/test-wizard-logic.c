/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-wizard-logic"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fp-account-writing.h"
#include "fp-error.h"
#include "fp-test-scratch.h"
#include "fp-wizard-logic.h"

/* What each page shows and what its buttons lead to, computed without a display. */

static void
test_identifier_check (void)
{
  g_autofree char *host = NULL;
  g_autofree char *error = NULL;

  /* Empty is not an error yet: Next simply cannot run. */
  g_assert_false (fp_identifier_page_check ("   ", &host, &error));
  g_assert_null (error);
  g_assert_null (host);

  g_assert_false (fp_identifier_page_check ("alice", &host, &error));
  g_assert_nonnull (error);
  g_assert_null (host);
  g_clear_pointer (&error, g_free);

  g_assert_true (fp_identifier_page_check ("  Alice@Mail.Example ", &host, &error));
  g_assert_null (error);
  g_assert_cmpstr (host, ==, "mail.example");
  g_clear_pointer (&host, g_free);

  g_assert_true (fp_identifier_page_check ("acct:alice@mail.example", &host, NULL));
  g_assert_cmpstr (host, ==, "mail.example");
}

static void
test_waiting_messages (void)
{
  g_autofree char *lookup = fp_lookup_page_message ("mail.example");
  g_autofree char *fetch = fp_fetch_page_message ("Personal", "mail-config.mail.example");
  g_autofree char *check = fp_password_check_message ("mail-config.mail.example");

  g_assert_cmpstr (lookup, ==, "Asking mail.example for your settings…");
  g_assert_nonnull (strstr (fetch, "Personal"));
  g_assert_nonnull (strstr (fetch, "mail-config.mail.example"));
  g_assert_nonnull (strstr (check, "mail-config.mail.example"));
}

static void
test_demo_hint (void)
{
  g_autofree char *hint = fp_demo_hint ();

  g_assert_nonnull (strstr (hint, "alice@mail.example"));
  g_assert_nonnull (strstr (hint, "abc123"));
  g_assert_nonnull (strstr (hint, "alice@family.example"));
  g_assert_nonnull (strstr (hint, "bob@mail.example"));
}

static FpDiscoveryResult *
result_with_links (guint n)
{
  FpDiscoveryResult *result = g_new0 (FpDiscoveryResult, 1);

  result->source = FP_CONFIG_SOURCE_WEBFINGER;
  result->links = g_ptr_array_new_with_free_func ((GDestroyNotify) fp_autoconfig_link_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (result->links,
                     fp_autoconfig_link_new ("https://mail-config.mail.example/x.json",
                                             "mail-config.mail.example", "X"));
  return result;
}

static void
test_after_lookup (void)
{
  g_autoptr(FpDiscoveryResult) two = result_with_links (2);
  g_autoptr(FpDiscoveryResult) one = result_with_links (1);
  g_autoptr(FpDiscoveryResult) none = result_with_links (0);
  g_autoptr(FpDiscoveryResult) complete = g_new0 (FpDiscoveryResult, 1);
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) not_found = g_error_new_literal (FP_ERROR, FP_ERROR_NOT_PUBLISHED, "x");

  complete->source = FP_CONFIG_SOURCE_AUTOCONFIG;
  complete->config = fp_mail_config_new ("alice@mail.example");

  g_assert_cmpint (fp_wizard_after_lookup (two, NULL), ==, FP_LOOKUP_NEXT_CHOOSE);
  /* A single account is not a choice: straight to its settings. */
  g_assert_cmpint (fp_wizard_after_lookup (one, NULL), ==, FP_LOOKUP_NEXT_FETCH);
  g_assert_cmpint (fp_wizard_after_lookup (none, NULL), ==, FP_LOOKUP_NEXT_PROBLEM);
  /* The fallback sources hand over a complete configuration. */
  g_assert_cmpint (fp_wizard_after_lookup (complete, NULL), ==, FP_LOOKUP_NEXT_REVIEW);
  g_assert_cmpint (fp_wizard_after_lookup (NULL, not_found), ==, FP_LOOKUP_NEXT_PROBLEM);
  g_assert_cmpint (fp_wizard_after_lookup (NULL, cancelled), ==, FP_LOOKUP_NEXT_START_OVER);
}

static void
test_history (void)
{
  g_autoptr(GArray) history = g_array_new (FALSE, FALSE, sizeof (FpWizardPage));
  FpWizardPage to;

  /* identifier → lookup → choose → lookup → password → lookup → password (refused)
   * → lookup → review */
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_IDENTIFIER, FP_WIZARD_PAGE_LOOKUP);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_LOOKUP, FP_WIZARD_PAGE_CHOOSE);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_CHOOSE, FP_WIZARD_PAGE_LOOKUP);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_LOOKUP, FP_WIZARD_PAGE_PASSWORD);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_PASSWORD, FP_WIZARD_PAGE_LOOKUP);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_LOOKUP, FP_WIZARD_PAGE_PASSWORD);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_PASSWORD, FP_WIZARD_PAGE_LOOKUP);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_LOOKUP, FP_WIZARD_PAGE_REVIEW);

  /* Back from review skips the pages that only existed while something waited. */
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_true (fp_wizard_history_back (history, &to));
  g_assert_cmpint (to, ==, FP_WIZARD_PAGE_CHOOSE);
  g_assert_true (fp_wizard_history_back (history, &to));
  g_assert_cmpint (to, ==, FP_WIZARD_PAGE_IDENTIFIER);
  g_assert_false (fp_wizard_history_back (history, &to));

  /* Trying again from a problem and failing again does not pile up problems. */
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_IDENTIFIER, FP_WIZARD_PAGE_LOOKUP);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_LOOKUP, FP_WIZARD_PAGE_PROBLEM);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_PROBLEM, FP_WIZARD_PAGE_LOOKUP);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_LOOKUP, FP_WIZARD_PAGE_PROBLEM);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_PROBLEM, FP_WIZARD_PAGE_MANUAL);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_MANUAL, FP_WIZARD_PAGE_REVIEW);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_true (fp_wizard_history_back (history, &to));
  g_assert_cmpint (to, ==, FP_WIZARD_PAGE_MANUAL);
  g_assert_true (fp_wizard_history_back (history, &to));
  g_assert_cmpint (to, ==, FP_WIZARD_PAGE_PROBLEM);

  g_assert_false (fp_wizard_page_can_go_back (FP_WIZARD_PAGE_IDENTIFIER));
  g_assert_false (fp_wizard_page_can_go_back (FP_WIZARD_PAGE_LOOKUP));
  g_assert_false (fp_wizard_page_can_go_back (FP_WIZARD_PAGE_DONE));
  g_assert_true (fp_wizard_page_can_go_back (FP_WIZARD_PAGE_PASSWORD));
  g_assert_true (fp_wizard_page_can_go_back (FP_WIZARD_PAGE_REVIEW));
}

static void
test_host_markup (void)
{
  g_autofree char *own = fp_host_markup ("mail-config.mail.example", "mail.example");
  g_autofree char *whole = fp_host_markup ("mail.example", "mail.example");
  g_autofree char *odd = fp_host_markup ("a<b>.example", "other.example");

  g_assert_cmpstr (own, ==, "mail-config.<b>mail.example</b>");
  g_assert_cmpstr (whole, ==, "<b>mail.example</b>");
  /* A domain that is not the host's tail is never half-emphasised; text is escaped. */
  g_assert_cmpstr (odd, ==, "<b>a&lt;b&gt;.example</b>");
}

static void
test_password_state_own_domain (void)
{
  g_autoptr(FpPasswordPageState) state =
    fp_password_page_state_new ("mail-config.mail.example", "mail.example", "mail.example",
                                FALSE, 0, 3, "alice@mail.example");

  g_assert_null (state->warning);
  g_assert_false (state->warn_first);
  g_assert_null (state->error);
  g_assert_cmpstr (state->user, ==, "alice@mail.example");
  g_assert_cmpstr (state->host_markup, ==, "mail-config.<b>mail.example</b>");
  g_assert_nonnull (strstr (state->explanation, "mail-config.mail.example"));
}

static void
test_password_state_foreign (void)
{
  g_autoptr(FpPasswordPageState) state =
    fp_password_page_state_new ("mail-config.mail.example", "mail.example", "family.example",
                                TRUE, 0, 3, "alice@family.example");

  /* The seed's worry: the person is told before typing that the password leaves the domain. */
  g_assert_true (state->warn_first);
  g_assert_nonnull (state->warning);
  g_assert_nonnull (strstr (state->warning, "family.example"));
  g_assert_nonnull (strstr (state->warning, "mail.example"));
  g_assert_cmpstr (state->trust_label, ==, "I _trust mail.example with my password");
}

static void
test_password_state_refused (void)
{
  g_autoptr(FpPasswordPageState) once =
    fp_password_page_state_new ("mail-config.mail.example", "mail.example", "mail.example",
                                FALSE, 1, 3, "alice@mail.example");
  g_autoptr(FpPasswordPageState) twice =
    fp_password_page_state_new ("mail-config.mail.example", "mail.example", "mail.example",
                                FALSE, 2, 3, "alice@mail.example");

  g_assert_nonnull (once->error);
  g_assert_nonnull (strstr (once->error, "did not accept"));
  g_assert_nonnull (strstr (once->error, "2 tries left"));
  g_assert_nonnull (strstr (twice->error, "1 try left"));
}

static void
test_problems (void)
{
  struct
  {
    FpError  code;
    gboolean retry;
  } cases[] = {
    { FP_ERROR_NOT_PUBLISHED, TRUE },
    { FP_ERROR_NETWORK, TRUE },
    { FP_ERROR_TIMEOUT, TRUE },
    { FP_ERROR_TLS, TRUE },
    /* Trying the same unsafe thing again cannot help. */
    { FP_ERROR_UNSAFE, FALSE },
    { FP_ERROR_AUTH_FAILED, TRUE },
    { FP_ERROR_AUTH_REQUIRED, TRUE },
    { FP_ERROR_BAD_DOCUMENT, TRUE },
    { FP_ERROR_HTTP_STATUS, TRUE },
  };
  g_autoptr(GError) not_found = g_error_new_literal (FP_ERROR, FP_ERROR_NOT_PUBLISHED, "x");
  g_autoptr(FpProblem) nothing = fp_problem_new_for_error (not_found, "mail.example");

  g_assert_cmpstr (nothing->description, ==, "mail.example does not publish automatic settings.");

  /* Never a dead end: every failure offers manual setup, with words and a way on. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (FP_ERROR, cases[i].code,
                                                     "host.example said no.");
      g_autoptr(FpProblem) problem = fp_problem_new_for_error (error, "host.example");

      g_assert_true (problem->offer_manual);
      g_assert_cmpint (problem->offer_retry, ==, cases[i].retry);
      g_assert_nonnull (problem->title);
      g_assert_nonnull (problem->advice);
      g_assert_nonnull (strstr (problem->description, "host.example"));
    }
}

static void
test_server_descriptions (void)
{
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                     143, FP_TRANSPORT_STARTTLS, "alice", TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                     465, FP_TRANSPORT_TLS, "alice", TRUE);
  g_autofree char *imap_text = fp_describe_server (imap);
  g_autofree char *smtp_text = fp_describe_server (smtp);
  g_autofree char *imap_title = fp_describe_server_title (imap);
  g_autofree char *smtp_title = fp_describe_server_title (smtp);

  g_assert_cmpstr (imap_text, ==, "imap.mail.example, port 143, Encrypted (STARTTLS)");
  g_assert_cmpstr (smtp_text, ==, "smtp.mail.example, port 465, Encrypted (TLS)");
  g_assert_cmpstr (imap_title, ==, "Incoming (IMAP)");
  g_assert_cmpstr (smtp_title, ==, "Outgoing (SMTP)");
}

static void
test_review_source (void)
{
  g_autoptr(FpMailConfig) published = fp_mail_config_new ("alice@mail.example");
  g_autoptr(FpMailConfig) srv = fp_mail_config_new ("alice@mail.example");
  g_autoptr(FpMailConfig) manual = fp_mail_config_new ("alice@mail.example");
  g_autofree char *published_text = NULL;
  g_autofree char *srv_text = NULL;
  g_autofree char *manual_text = NULL;
  gboolean confirm = TRUE;

  published->source_kind = FP_CONFIG_SOURCE_WEBFINGER;
  published->source_host = g_strdup ("mail-config.mail.example");
  published_text = fp_review_source_text (published, &confirm);
  g_assert_cmpstr (published_text, ==, "Settings published by mail-config.mail.example.");
  g_assert_false (confirm);

  /* A less trusted source (DNS) is confirmed by the person before anything is written. */
  srv->source_kind = FP_CONFIG_SOURCE_SRV;
  srv->source_host = g_strdup ("mail.example");
  srv->trusted = FALSE;
  srv_text = fp_review_source_text (srv, &confirm);
  g_assert_true (confirm);
  g_assert_nonnull (strstr (srv_text, "DNS records of mail.example"));
  g_assert_nonnull (strstr (srv_text, "check the server names"));
  g_assert_nonnull (strstr (srv_text, "found through DNS"));

  manual_text = fp_review_source_text (manual, &confirm);
  g_assert_cmpstr (manual_text, ==, "Settings typed by hand.");
  g_assert_false (confirm);
}

static void
test_mail_program_rows (void)
{
  g_auto(FpMailProgramRow) missing = { 0 };
  g_auto(FpMailProgramRow) present = { 0 };
  g_auto(FpMailProgramRow) demo = { 0 };
  gboolean none[FP_MAIL_PROGRAM_COUNT] = { FALSE, FALSE, FALSE };
  gboolean one[FP_MAIL_PROGRAM_COUNT] = { FALSE, TRUE, FALSE };

  /* A missing program is listed greyed, with the reason, and never selected. */
  fp_mail_program_row (FP_MAIL_PROGRAM_EVOLUTION, FALSE, NULL, &missing);
  g_assert_false (missing.sensitive);
  g_assert_false (missing.active);
  g_assert_cmpstr (missing.subtitle, ==, "Evolution is not installed on this computer");

  fp_mail_program_row (FP_MAIL_PROGRAM_THUNDERBIRD, TRUE, NULL, &present);
  g_assert_true (present.sensitive);
  g_assert_true (present.active);

  fp_mail_program_row (FP_MAIL_PROGRAM_THUNDERBIRD, TRUE, "/tmp/demo/.thunderbird", &demo);
  g_assert_nonnull (strstr (demo.subtitle, "/tmp/demo/.thunderbird"));

  g_assert_false (fp_review_can_apply (none, FP_MAIL_PROGRAM_COUNT));
  g_assert_true (fp_review_can_apply (one, FP_MAIL_PROGRAM_COUNT));
}

/* GNOME Online Accounts: offered when goa-daemon is there, never chosen for the person. */
static void
test_goa_row (void)
{
  g_autoptr(FpIdentifier) identifier = fp_identifier_parse ("alice@mail.example", NULL);
  g_auto(FpManualSettings) settings = { 0 };
  g_autoptr(FpMailConfig) config = NULL;
  g_auto(FpMailProgramRow) offered = { 0 };
  g_auto(FpMailProgramRow) absent = { 0 };
  g_auto(FpMailProgramRow) demo = { 0 };
  g_autofree char *evolution = NULL;
  g_autofree char *thunderbird = NULL;

  fp_mail_program_row (FP_MAIL_PROGRAM_GOA, TRUE, NULL, &offered);
  g_assert_true (offered.sensitive);
  g_assert_false (offered.active);
  g_assert_cmpstr (offered.subtitle, ==, "Read by Settings, Evolution, GNOME Calendar and Geary");

  fp_mail_program_row (FP_MAIL_PROGRAM_GOA, FALSE, NULL, &absent);
  g_assert_false (absent.sensitive);
  g_assert_nonnull (strstr (absent.subtitle, "not running"));

  /* The demo's accounts never leave its folder. */
  fp_mail_program_row (FP_MAIL_PROGRAM_GOA, TRUE, "/tmp/demo", &demo);
  g_assert_false (demo.sensitive);

  /* An IMAP account can go there; a POP3 one cannot. */
  fp_manual_settings_init_defaults (&settings, identifier);
  config = fp_manual_settings_to_config (&settings, identifier, "Alice", NULL);
  fp_mail_program_row_refuse_pop3 (&offered, config);
  g_assert_true (offered.sensitive);
  ((FpMailServer *) config->incoming->pdata[0])->protocol = FP_MAIL_PROTOCOL_POP3;
  fp_mail_program_row_refuse_pop3 (&offered, config);
  g_assert_false (offered.sensitive);
  g_assert_false (offered.active);
  g_assert_cmpstr (offered.subtitle, ==, "GNOME Online Accounts keeps IMAP accounts only");
  /* Refused already: no button for Settings on top. */
  fp_mail_program_row_refuse_oauth2 (&offered, config);
  g_assert_false (offered.open_settings);

  /* OAuth2 only: no switch, Settings → Online Accounts instead; a password second is fine. */
  {
    g_auto(FpMailProgramRow) oauth2 = { 0 };
    g_auto(FpMailProgramRow) either = { 0 };
    g_auto(FpMailProgramRow) not_running = { 0 };
    const FpAuthMethod only[] = { FP_AUTH_OAUTH2 };
    const FpAuthMethod both[] = { FP_AUTH_OAUTH2, FP_AUTH_PASSWORD };
    FpMailServer *incoming = config->incoming->pdata[0];

    incoming->protocol = FP_MAIL_PROTOCOL_IMAP;
    fp_mail_server_set_auth_methods (incoming, only, G_N_ELEMENTS (only));
    fp_mail_program_row (FP_MAIL_PROGRAM_GOA, TRUE, NULL, &oauth2);
    fp_mail_program_row_refuse_oauth2 (&oauth2, config);
    g_assert_true (oauth2.open_settings);
    g_assert_true (oauth2.sensitive);
    g_assert_false (oauth2.active);
    g_assert_nonnull (strstr (oauth2.subtitle, "Settings → Online Accounts"));

    fp_mail_program_row (FP_MAIL_PROGRAM_GOA, FALSE, NULL, &not_running);
    fp_mail_program_row_refuse_oauth2 (&not_running, config);
    g_assert_false (not_running.open_settings);

    fp_mail_server_set_auth_methods (incoming, both, G_N_ELEMENTS (both));
    fp_mail_program_row (FP_MAIL_PROGRAM_GOA, TRUE, NULL, &either);
    fp_mail_program_row_refuse_oauth2 (&either, config);
    g_assert_false (either.open_settings);
  }

  /* Chosen, it changes what Evolution's row says; Thunderbird's stays. */
  evolution = fp_mail_program_subtitle (FP_MAIL_PROGRAM_EVOLUTION, "Added", TRUE);
  g_assert_nonnull (strstr (evolution, "GNOME Online Accounts"));
  thunderbird = fp_mail_program_subtitle (FP_MAIL_PROGRAM_THUNDERBIRD, "Added", TRUE);
  g_assert_cmpstr (thunderbird, ==, "Added");
  g_clear_pointer (&evolution, g_free);
  evolution = fp_mail_program_subtitle (FP_MAIL_PROGRAM_EVOLUTION, "Added", FALSE);
  g_assert_cmpstr (evolution, ==, "Added");

  g_assert_null (fp_mail_program_desktop_id (FP_MAIL_PROGRAM_GOA));
  g_assert_cmpstr (fp_mail_program_open_command (FP_MAIL_PROGRAM_GOA), ==,
                   "gnome-control-center online-accounts");
  g_assert_null (fp_mail_program_open_command (FP_MAIL_PROGRAM_EVOLUTION));
}

static void
test_manual_defaults (void)
{
  g_autoptr(FpIdentifier) identifier = fp_identifier_parse ("alice@mail.example", NULL);
  g_auto(FpManualSettings) settings = { 0 };
  g_autoptr(FpMailConfig) config = NULL;
  FpMailServer *incoming;
  FpMailServer *outgoing;

  fp_manual_settings_init_defaults (&settings, identifier);
  g_assert_cmpstr (settings.incoming_host, ==, "imap.mail.example");
  g_assert_cmpstr (settings.outgoing_host, ==, "smtp.mail.example");
  g_assert_cmpuint (settings.incoming_port, ==, 993);
  g_assert_cmpuint (settings.outgoing_port, ==, 465);
  g_assert_cmpint (settings.incoming_transport, ==, FP_TRANSPORT_TLS);
  g_assert_cmpstr (settings.user, ==, "alice@mail.example");

  config = fp_manual_settings_to_config (&settings, identifier, "Alice", NULL);
  g_assert_nonnull (config);
  g_assert_cmpint (config->source_kind, ==, FP_CONFIG_SOURCE_MANUAL);
  g_assert_cmpstr (config->name, ==, "Alice");
  incoming = g_ptr_array_index (config->incoming, 0);
  outgoing = g_ptr_array_index (config->outgoing, 0);
  g_assert_cmpint (incoming->protocol, ==, FP_MAIL_PROTOCOL_IMAP);
  g_assert_cmpstr (incoming->host, ==, "imap.mail.example");
  g_assert_cmpstr (outgoing->login, ==, "alice@mail.example");
}

static void
test_manual_errors (void)
{
  g_autoptr(FpIdentifier) identifier = fp_identifier_parse ("alice@mail.example", NULL);
  g_auto(FpManualSettings) settings = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  fp_manual_settings_init_defaults (&settings, identifier);
  g_free (settings.incoming_host);
  settings.incoming_host = g_strdup ("not a host");
  config = fp_manual_settings_to_config (&settings, identifier, NULL, &error);
  g_assert_null (config);
  g_assert_nonnull (strstr (error->message, "not a host"));
  g_clear_error (&error);

  g_free (settings.incoming_host);
  settings.incoming_host = g_strdup (" IMAP.Mail.Example ");
  settings.outgoing_port = 70000;
  config = fp_manual_settings_to_config (&settings, identifier, NULL, &error);
  g_assert_null (config);
  g_assert_nonnull (strstr (error->message, "70000"));
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}


static void
test_write_demo_folder (void)
{
  g_autoptr(FpIdentifier) identifier = fp_identifier_parse ("alice@mail.example", NULL);
  g_auto(FpManualSettings) settings = { 0 };
  g_autoptr(FpMailConfig) config = NULL;
  g_autoptr(FpWriteRequest) request = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("fingerpost-write-XXXXXX", NULL);
  g_autofree char *profile = NULL;
  g_autofree char *prefs_path = NULL;
  g_autofree char *prefs = NULL;
  g_autofree char *sources = NULL;
  FpWriteOutcome *outcome;

  fp_manual_settings_init_defaults (&settings, identifier);
  config = fp_manual_settings_to_config (&settings, identifier, "Alice", NULL);
  request = fp_write_request_new (config, "Alice", root);
  request->programs[FP_MAIL_PROGRAM_EVOLUTION] = TRUE;
  request->programs[FP_MAIL_PROGRAM_THUNDERBIRD] = TRUE;
  request->keep_password = TRUE;

  /* The one write call the window makes; with a target root, everything lands there. */
  fp_write_accounts_async (request, "abc123", NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  outcomes = fp_write_accounts_finish (result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 3);

  sources = fp_write_request_target_dir (request, FP_MAIL_PROGRAM_EVOLUTION);
  outcome = g_ptr_array_index (outcomes, 0);
  g_assert_cmpint (outcome->program, ==, FP_MAIL_PROGRAM_EVOLUTION);
  g_assert_true (outcome->written);
  g_assert_nonnull (strstr (outcome->summary, sources));

  profile = fp_write_request_target_dir (request, FP_MAIL_PROGRAM_THUNDERBIRD);
  outcome = g_ptr_array_index (outcomes, 1);
  g_assert_cmpint (outcome->program, ==, FP_MAIL_PROGRAM_THUNDERBIRD);
  g_assert_true (outcome->written);
  prefs_path = g_build_filename (profile, "prefs.js", NULL);
  g_assert_true (g_file_get_contents (prefs_path, &prefs, NULL, NULL));
  g_assert_nonnull (strstr (prefs, "imap.mail.example"));
  /* The password goes nowhere near a file. */
  g_assert_null (strstr (prefs, "abc123"));

  /* And never into the keyring from the demo. */
  outcome = g_ptr_array_index (outcomes, 2);
  g_assert_cmpint (outcome->program, ==, FP_MAIL_PROGRAM_COUNT);
  g_assert_nonnull (strstr (outcome->summary, "demo"));

  fp_test_remove_tree (root);
}

/* Login check -------------------------------------------------------------------------------- */

static FpMailConfig *
two_server_config (const char *imap_host,
                   const char *smtp_host)
{
  FpMailConfig *config = fp_mail_config_new ("alice@mail.example");

  g_ptr_array_add (config->incoming, fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, imap_host, 993,
                                                         FP_TRANSPORT_TLS, "alice", TRUE));
  g_ptr_array_add (config->outgoing, fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, smtp_host, 587,
                                                         FP_TRANSPORT_STARTTLS, "alice", TRUE));
  return config;
}

static void
test_checking_pages (void)
{
  g_autoptr(GArray) history = g_array_new (FALSE, FALSE, sizeof (FpWizardPage));
  FpWizardPage to;

  g_assert_cmpstr (fp_wizard_page_to_string (FP_WIZARD_PAGE_CHECKING), ==, "checking");
  g_assert_cmpstr (fp_wizard_page_to_string (FP_WIZARD_PAGE_CHECK_PROBLEM), ==, "check-problem");
  /* Checking has Cancel, not Back; its problem page has Back. */
  g_assert_false (fp_wizard_page_can_go_back (FP_WIZARD_PAGE_CHECKING));
  g_assert_true (fp_wizard_page_can_go_back (FP_WIZARD_PAGE_CHECK_PROBLEM));

  /* identifier → choose → review → checking → check problem → (try again) checking → check
   * problem: Back still returns to the review, then to the choice. */
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_IDENTIFIER, FP_WIZARD_PAGE_CHOOSE);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_CHOOSE, FP_WIZARD_PAGE_REVIEW);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_REVIEW, FP_WIZARD_PAGE_CHECKING);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_CHECKING, FP_WIZARD_PAGE_CHECK_PROBLEM);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_CHECK_PROBLEM, FP_WIZARD_PAGE_CHECKING);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_CHECKING, FP_WIZARD_PAGE_CHECK_PROBLEM);
  g_assert_true (fp_wizard_history_back (history, &to));
  g_assert_cmpint (to, ==, FP_WIZARD_PAGE_REVIEW);
  g_assert_true (fp_wizard_history_back (history, &to));
  g_assert_cmpint (to, ==, FP_WIZARD_PAGE_CHOOSE);

  /* A refused password: from checking back to the review, which is not stacked twice. */
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_CHOOSE, FP_WIZARD_PAGE_REVIEW);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_REVIEW, FP_WIZARD_PAGE_CHECKING);
  fp_wizard_history_advance (history, FP_WIZARD_PAGE_CHECKING, FP_WIZARD_PAGE_REVIEW);
  g_assert_true (fp_wizard_history_back (history, &to));
  g_assert_cmpint (to, ==, FP_WIZARD_PAGE_CHOOSE);
}

static void
test_review_password_state (void)
{
  g_autoptr(FpMailConfig) own = two_server_config ("imap.mail.example", "smtp.mail.example");
  g_autoptr(FpMailConfig) split = two_server_config ("imap.mail.example", "smtp.elsewhere.example");
  g_autoptr(FpReviewPasswordState) state = NULL;

  /* The prompt earlier asked for mail-config.mail.example: the same registrable domain. */
  state = fp_review_password_state_new (own, "mail-config.mail.example");
  g_assert_cmpstr (state->hosts_markup, ==,
                   "imap.<b>mail.example</b> and smtp.<b>mail.example</b>");
  g_assert_nonnull (strstr (state->explanation, state->hosts_markup));
  g_assert_true (state->prefill);
  g_clear_pointer (&state, fp_review_password_state_free);

  /* Another domain asked earlier, or nobody: the field starts empty. */
  state = fp_review_password_state_new (own, "settings.provider.example");
  g_assert_false (state->prefill);
  g_clear_pointer (&state, fp_review_password_state_free);
  state = fp_review_password_state_new (own, NULL);
  g_assert_false (state->prefill);
  g_clear_pointer (&state, fp_review_password_state_free);

  /* One server elsewhere is enough not to fill it in; every host is named. */
  state = fp_review_password_state_new (split, "mail-config.mail.example");
  g_assert_false (state->prefill);
  g_assert_cmpstr (state->hosts_markup, ==,
                   "imap.<b>mail.example</b> and smtp.<b>elsewhere.example</b>");
  g_clear_pointer (&state, fp_review_password_state_free);

  /* Alternatives may receive it too; a host is named once. */
  g_ptr_array_add (split->outgoing, fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP,
                                                        "smtp.elsewhere.example", 465,
                                                        FP_TRANSPORT_TLS, "alice", TRUE));
  g_ptr_array_add (split->outgoing, fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "mx.mail.example",
                                                        465, FP_TRANSPORT_TLS, "alice", TRUE));
  state = fp_review_password_state_new (split, NULL);
  g_assert_cmpstr (state->hosts_markup, ==, "imap.<b>mail.example</b>, "
                   "smtp.<b>elsewhere.example</b> and mx.<b>mail.example</b>");
}

static void
test_review_can_check (void)
{
  g_assert_true (fp_review_can_check (TRUE, FALSE, FALSE, "pw"));
  g_assert_false (fp_review_can_check (TRUE, FALSE, FALSE, ""));
  /* No server needs a password (OAuth2: the mail program signs in). */
  g_assert_true (fp_review_can_check (TRUE, FALSE, FALSE, NULL));
  g_assert_false (fp_review_can_check (FALSE, FALSE, FALSE, "pw"));
  g_assert_false (fp_review_can_check (TRUE, TRUE, FALSE, "pw"));
  g_assert_true (fp_review_can_check (TRUE, TRUE, TRUE, "pw"));
}

static void
test_check_rows (void)
{
  g_autoptr(FpMailServer) imap = fp_mail_server_new (FP_MAIL_PROTOCOL_IMAP, "imap.mail.example",
                                                     993, FP_TRANSPORT_TLS, "alice", TRUE);
  g_autoptr(FpMailServer) smtp = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp.mail.example",
                                                     587, FP_TRANSPORT_STARTTLS, "alice", TRUE);
  g_autoptr(GError) refused = g_error_new (FP_ERROR, FP_ERROR_AUTH_FAILED,
                                           "smtp.mail.example did not accept the password");
  g_autoptr(FpCheckRow) row = NULL;

  row = fp_check_row_new (imap, FP_VERIFY_STEP_CHECKING, NULL, FP_CHECK_SKIP_STOPPED);
  g_assert_cmpstr (row->title, ==, "imap.mail.example:993");
  g_assert_cmpstr (row->subtitle, ==, "Incoming mail (IMAP), Encrypted (TLS) — logging in…");
  g_assert_true (row->spinning);
  g_assert_null (row->icon_name);
  g_clear_pointer (&row, fp_check_row_free);

  row = fp_check_row_new (imap, FP_VERIFY_STEP_SUCCEEDED, NULL, FP_CHECK_SKIP_STOPPED);
  g_assert_false (row->spinning);
  g_assert_cmpstr (row->icon_name, ==, "emblem-ok-symbolic");
  g_assert_cmpstr (row->css_class, ==, "success");
  g_assert_true (g_str_has_suffix (row->subtitle, "logged in"));
  g_clear_pointer (&row, fp_check_row_free);

  row = fp_check_row_new (smtp, FP_VERIFY_STEP_FAILED, refused, FP_CHECK_SKIP_STOPPED);
  g_assert_cmpstr (row->title, ==, "smtp.mail.example:587");
  g_assert_cmpstr (row->icon_name, ==, "dialog-error-symbolic");
  g_assert_cmpstr (row->css_class, ==, "error");
  g_assert_cmpstr (row->subtitle, ==, "Outgoing mail (SMTP), Encrypted (STARTTLS) — "
                   "smtp.mail.example did not accept the password");
  g_clear_pointer (&row, fp_check_row_free);

  /* A server not tried says why. */
  row = fp_check_row_new (smtp, FP_VERIFY_STEP_SKIPPED, NULL, FP_CHECK_SKIP_OTHER_WORKED);
  g_assert_nonnull (strstr (row->subtitle, "not needed: the server above works"));
  g_assert_cmpstr (row->css_class, ==, "dim-label");
  g_clear_pointer (&row, fp_check_row_free);
  row = fp_check_row_new (smtp, FP_VERIFY_STEP_SKIPPED, NULL, FP_CHECK_SKIP_REFUSED);
  g_assert_nonnull (strstr (row->subtitle, "the password was refused"));
  g_clear_pointer (&row, fp_check_row_free);
  row = fp_check_row_new (smtp, FP_VERIFY_STEP_SKIPPED, NULL, FP_CHECK_SKIP_STOPPED);
  g_assert_true (g_str_has_suffix (row->subtitle, "not tried"));
}

static void
test_after_check (void)
{
  g_autoptr(GError) cancelled = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled.");
  g_autoptr(GError) refused = g_error_new (FP_ERROR, FP_ERROR_AUTH_FAILED, "refused");
  const FpError others[] = { FP_ERROR_NETWORK, FP_ERROR_TLS, FP_ERROR_UNSAFE, FP_ERROR_TIMEOUT,
                             FP_ERROR_PROTOCOL };

  g_assert_cmpint (fp_wizard_after_check (TRUE, NULL), ==, FP_CHECK_NEXT_WRITE);
  g_assert_cmpint (fp_wizard_after_check (FALSE, cancelled), ==, FP_CHECK_NEXT_NOTHING);
  g_assert_cmpint (fp_wizard_after_check (FALSE, refused), ==, FP_CHECK_NEXT_REVIEW_PASSWORD);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(GError) error = g_error_new (FP_ERROR, others[i], "imap.mail.example: trouble");
      g_autoptr(FpProblem) problem = NULL;

      g_assert_cmpint (fp_wizard_after_check (FALSE, error), ==, FP_CHECK_NEXT_PROBLEM);
      problem = fp_problem_new_for_check_error (error);
      /* The host is named, nothing was written, and the way back is to the review. */
      g_assert_cmpstr (problem->description, ==, "imap.mail.example: trouble");
      g_assert_nonnull (strstr (problem->advice, "othing was written"));
      g_assert_true (problem->offer_back);
      g_assert_false (problem->offer_manual);
      /* Trying again cannot make a server offer encryption. */
      g_assert_cmpint (problem->offer_retry, ==, others[i] != FP_ERROR_UNSAFE);
    }
}

static void
test_config_with_servers (void)
{
  g_autoptr(FpMailConfig) config = two_server_config ("imap.mail.example", "smtp.mail.example");
  g_autoptr(FpMailConfig) used = NULL;
  FpMailServer *alternative = fp_mail_server_new (FP_MAIL_PROTOCOL_SMTP, "smtp2.mail.example",
                                                  465, FP_TRANSPORT_TLS, "alice", TRUE);
  const FpMailServer *outgoing;

  g_ptr_array_add (config->outgoing, alternative);
  config->name = g_strdup ("Alice");
  config->trusted = TRUE;
  config->source_kind = FP_CONFIG_SOURCE_WEBFINGER;
  /* The second outgoing server is the one that logged in: only it is written. */
  used = fp_mail_config_with_servers (config, g_ptr_array_index (config->incoming, 0),
                                      alternative);
  g_assert_cmpuint (used->incoming->len, ==, 1);
  g_assert_cmpuint (used->outgoing->len, ==, 1);
  outgoing = g_ptr_array_index (used->outgoing, 0);
  g_assert_cmpstr (outgoing->host, ==, "smtp2.mail.example");
  g_assert_cmpuint (outgoing->port, ==, 465);
  g_assert_true (outgoing != alternative);
  g_assert_cmpstr (used->address, ==, "alice@mail.example");
  g_assert_cmpstr (used->name, ==, "Alice");
  g_assert_true (used->trusted);
  g_assert_cmpint (used->source_kind, ==, FP_CONFIG_SOURCE_WEBFINGER);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wizard-logic/identifier-check", test_identifier_check);
  g_test_add_func ("/wizard-logic/waiting-messages", test_waiting_messages);
  g_test_add_func ("/wizard-logic/demo-hint", test_demo_hint);
  g_test_add_func ("/wizard-logic/after-lookup", test_after_lookup);
  g_test_add_func ("/wizard-logic/history", test_history);
  g_test_add_func ("/wizard-logic/host-markup", test_host_markup);
  g_test_add_func ("/wizard-logic/password/own-domain", test_password_state_own_domain);
  g_test_add_func ("/wizard-logic/password/foreign-domain", test_password_state_foreign);
  g_test_add_func ("/wizard-logic/password/refused", test_password_state_refused);
  g_test_add_func ("/wizard-logic/problems", test_problems);
  g_test_add_func ("/wizard-logic/server-descriptions", test_server_descriptions);
  g_test_add_func ("/wizard-logic/review-source", test_review_source);
  g_test_add_func ("/wizard-logic/mail-program-rows", test_mail_program_rows);
  g_test_add_func ("/wizard-logic/goa-row", test_goa_row);
  g_test_add_func ("/wizard-logic/manual/defaults", test_manual_defaults);
  g_test_add_func ("/wizard-logic/manual/errors", test_manual_errors);
  g_test_add_func ("/wizard-logic/write-demo-folder", test_write_demo_folder);
  g_test_add_func ("/wizard-logic/check/pages", test_checking_pages);
  g_test_add_func ("/wizard-logic/check/review-password", test_review_password_state);
  g_test_add_func ("/wizard-logic/check/review-can-check", test_review_can_check);
  g_test_add_func ("/wizard-logic/check/rows", test_check_rows);
  g_test_add_func ("/wizard-logic/check/after", test_after_check);
  g_test_add_func ("/wizard-logic/check/config-with-servers", test_config_with_servers);

  return g_test_run ();
}
