/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-wizard-logic"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fp-auth-choice.h"
#include "fp-credentials-request.h"
#include "fp-demo-provider.h"
#include "fp-error.h"
#include "fp-wizard-logic.h"

const char *
fp_wizard_page_to_string (FpWizardPage page)
{
  static const char * const names[] = {
    "identifier", "lookup", "choose", "password", "review", "done", "problem", "manual",
    "checking", "check-problem",
  };

  g_return_val_if_fail (page < G_N_ELEMENTS (names), NULL);
  return names[page];
}

/* Pages that wait have Cancel instead; the last page has nothing to go back to. */
gboolean
fp_wizard_page_can_go_back (FpWizardPage page)
{
  return page != FP_WIZARD_PAGE_IDENTIFIER && page != FP_WIZARD_PAGE_LOOKUP &&
         page != FP_WIZARD_PAGE_DONE && page != FP_WIZARD_PAGE_CHECKING;
}

/* Pages that only exist while something is waiting are never returned to. */
static gboolean
is_transient (FpWizardPage page)
{
  return page == FP_WIZARD_PAGE_LOOKUP || page == FP_WIZARD_PAGE_PASSWORD ||
         page == FP_WIZARD_PAGE_DONE || page == FP_WIZARD_PAGE_CHECKING ||
         page == FP_WIZARD_PAGE_CHECK_PROBLEM;
}

/*
 * Going forward to a page already in the history rewinds to it, so trying
 * again or a refused password never makes Back walk in circles.
 */
void
fp_wizard_history_advance (GArray       *history,
                           FpWizardPage  from,
                           FpWizardPage  to)
{
  for (guint i = 0; i < history->len; i++)
    if (g_array_index (history, FpWizardPage, i) == to)
      {
        g_array_set_size (history, i);
        return;
      }
  if (!is_transient (from) && from != to)
    g_array_append_val (history, from);
}

gboolean
fp_wizard_history_back (GArray       *history,
                        FpWizardPage *to)
{
  if (history->len == 0)
    return FALSE;
  *to = g_array_index (history, FpWizardPage, history->len - 1);
  g_array_set_size (history, history->len - 1);
  return TRUE;
}

gboolean
fp_identifier_page_check (const char  *text,
                          char       **host,
                          char       **error_message)
{
  g_autoptr(FpIdentifier) identifier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  if (host != NULL)
    *host = NULL;
  if (error_message != NULL)
    *error_message = NULL;

  /* An empty field is not a mistake yet: Next is simply not possible. */
  if (*stripped == '\0')
    return FALSE;

  identifier = fp_identifier_parse (stripped, &error);
  if (identifier == NULL)
    {
      if (error_message != NULL)
        *error_message = g_strdup (error->message);
      return FALSE;
    }
  if (host != NULL)
    *host = g_strdup (identifier->host);
  return TRUE;
}

/* What a newcomer needs to walk through the demo without reading the README. */
char *
fp_demo_hint (void)
{
  return g_strdup_printf (_("Demo: %s with the password %s has two accounts; %s shows the "
                            "warning for a password leaving its domain; %s has nothing "
                            "published; %s never answers."),
                          FP_DEMO_ACCOUNT, FP_DEMO_PASSWORD, FP_DEMO_FOREIGN_ACCOUNT,
                          FP_DEMO_UNKNOWN_ACCOUNT, FP_DEMO_SLOW_ACCOUNT);
}

char *
fp_lookup_page_message (const char *host)
{
  return g_strdup_printf (_("Asking %s for your settings…"), host);
}

char *
fp_fetch_page_message (const char *title,
                       const char *host)
{
  return g_strdup_printf (_("Getting the settings of “%s” from %s…"), title, host);
}

char *
fp_password_check_message (const char *host)
{
  return g_strdup_printf (_("Checking your password with %s…"), host);
}

FpLookupNext
fp_wizard_after_lookup (const FpDiscoveryResult *result,
                        const GError            *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FP_LOOKUP_NEXT_START_OVER;
  if (error != NULL || result == NULL)
    return FP_LOOKUP_NEXT_PROBLEM;
  if (result->config != NULL)
    return FP_LOOKUP_NEXT_REVIEW;
  if (result->links == NULL || result->links->len == 0)
    return FP_LOOKUP_NEXT_PROBLEM;
  if (result->links->len == 1)
    return FP_LOOKUP_NEXT_FETCH;
  return FP_LOOKUP_NEXT_CHOOSE;
}

char *
fp_host_markup (const char *host,
                const char *base_domain)
{
  gsize host_len = strlen (host);
  gsize base_len = base_domain ? strlen (base_domain) : 0;
  g_autofree char *prefix = NULL;
  g_autofree char *base = NULL;

  if (base_len == 0 || base_len > host_len ||
      g_ascii_strcasecmp (host + host_len - base_len, base_domain) != 0)
    return g_markup_printf_escaped ("<b>%s</b>", host);

  prefix = g_strndup (host, host_len - base_len);
  base = g_strdup (host + host_len - base_len);
  return g_markup_printf_escaped ("%s<b>%s</b>", prefix, base);
}

FpPasswordPageState *
fp_password_page_state_new (const char *host,
                            const char *base_domain,
                            const char *account_domain,
                            gboolean    is_foreign,
                            guint       failed_attempts,
                            guint       max_attempts,
                            const char *default_user)
{
  FpPasswordPageState *state = g_new0 (FpPasswordPageState, 1);

  state->title = g_strdup (_("Password"));
  state->host_markup = fp_host_markup (host, base_domain);
  state->explanation = g_strdup_printf (_("%s asks for your password to give you your settings. "
                                          "It is sent to this host alone, encrypted."), host);
  state->user = g_strdup (default_user);
  if (is_foreign)
    {
      /* The worry of the mailing list: a password given to a host the person did not expect. */
      state->warning = g_strdup_printf (_("This host is not part of %s, your account’s domain: "
                                          "your password would go to %s. Continue only if you "
                                          "know that %s looks after your mail."),
                                        account_domain, base_domain, base_domain);
      state->trust_label = g_strdup_printf (_("I _trust %s with my password"), base_domain);
      state->warn_first = TRUE;
    }
  if (failed_attempts > 0)
    {
      guint left = max_attempts > failed_attempts ? max_attempts - failed_attempts : 0;

      state->error = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s did not accept this user name and "
                                                   "password. Check them and try again "
                                                   "(%u try left).",
                                                   "%s did not accept this user name and "
                                                   "password. Check them and try again "
                                                   "(%u tries left).", left),
                                      host, left);
    }
  return state;
}

void
fp_password_page_state_free (FpPasswordPageState *state)
{
  if (state == NULL)
    return;
  g_free (state->title);
  g_free (state->host_markup);
  g_free (state->explanation);
  g_free (state->warning);
  g_free (state->trust_label);
  g_free (state->error);
  g_free (state->user);
  g_free (state);
}

static FpProblem *
problem_new (const char *icon_name,
             char       *title,
             char       *description,
             char       *advice,
             gboolean    offer_manual,
             gboolean    offer_retry)
{
  FpProblem *problem = g_new0 (FpProblem, 1);

  problem->icon_name = g_strdup (icon_name);
  problem->title = title;
  problem->description = description;
  problem->advice = advice;
  problem->offer_manual = offer_manual;
  problem->offer_retry = offer_retry;
  return problem;
}

/*
 * Every failure leads somewhere: manual setup is always offered, and trying
 * again whenever waiting or fixing something might help.
 */
FpProblem *
fp_problem_new_for_error (const GError *error,
                          const char   *host)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != FP_ERROR)
    return problem_new ("dialog-error-symbolic", g_strdup (_("Something Went Wrong")),
                        g_strdup (error->message),
                        g_strdup (_("Try again, or set up the account by hand.")), TRUE, TRUE);

  switch ((FpError) error->code)
    {
    case FP_ERROR_NOT_PUBLISHED:
      return problem_new ("edit-find-symbolic", g_strdup (_("No Automatic Settings")),
                          g_strdup_printf (_("%s does not publish automatic settings."), host),
                          g_strdup (_("Set up the account by hand with the server names your "
                                      "provider gives, or check the address and try again.")),
                          TRUE, TRUE);
    case FP_ERROR_NETWORK:
      return problem_new ("network-offline-symbolic", g_strdup (_("Could Not Reach the Provider")),
                          g_strdup (error->message),
                          g_strdup (_("Check that this computer is online and that the address "
                                      "is spelt right, then try again.")), TRUE, TRUE);
    case FP_ERROR_TIMEOUT:
      return problem_new ("network-offline-symbolic", g_strdup (_("No Answer")),
                          g_strdup (error->message),
                          g_strdup (_("The provider may be busy. Wait a moment and try "
                                      "again.")), TRUE, TRUE);
    case FP_ERROR_TLS:
      return problem_new ("channel-insecure-symbolic", g_strdup (_("Connection Not Trusted")),
                          g_strdup (error->message),
                          g_strdup_printf (_("Fingerpost stopped before sending anything. Someone "
                                             "may be pretending to be %s, or its certificate is "
                                             "misconfigured: tell your provider, or try another "
                                             "network."), host), TRUE, TRUE);
    case FP_ERROR_UNSAFE:
      return problem_new ("security-low-symbolic", g_strdup (_("Stopped for Your Safety")),
                          g_strdup (error->message),
                          g_strdup (_("Fingerpost only sends your details over verified, "
                                      "encrypted connections. Ask your provider for secure "
                                      "settings, or set up the account by hand.")), TRUE, FALSE);
    case FP_ERROR_AUTH_FAILED:
      return problem_new ("dialog-password-symbolic", g_strdup (_("Password Not Accepted")),
                          g_strdup (error->message),
                          g_strdup (_("Fingerpost stopped asking after several refused "
                                      "passwords, so the account is not locked. Check the "
                                      "password with your provider, then try again.")),
                          TRUE, TRUE);
    case FP_ERROR_AUTH_REQUIRED:
      return problem_new ("dialog-password-symbolic", g_strdup (_("Password Needed")),
                          g_strdup (error->message),
                          g_strdup (_("The settings are only given after logging in. Try "
                                      "again and type your password.")), TRUE, TRUE);
    case FP_ERROR_BAD_DOCUMENT:
    case FP_ERROR_TOO_LARGE:
    case FP_ERROR_UNSUPPORTED:
    case FP_ERROR_HTTP_STATUS:
      return problem_new ("dialog-warning-symbolic", g_strdup (_("Settings Not Usable")),
                          g_strdup (error->message),
                          g_strdup (_("Tell your provider what the details below say, and set "
                                      "up the account by hand meanwhile.")), TRUE, TRUE);
    case FP_ERROR_INVALID_IDENTIFIER:
    default:
      return problem_new ("dialog-error-symbolic", g_strdup (_("Something Went Wrong")),
                          g_strdup (error->message),
                          g_strdup (_("Try again, or set up the account by hand.")), TRUE, TRUE);
    }
}

void
fp_problem_free (FpProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->icon_name);
  g_free (problem->title);
  g_free (problem->description);
  g_free (problem->advice);
  g_free (problem);
}

/*
 * Where the settings came from. Settings from DNS (SRV, MX), which anyone on
 * the path can forge, must be confirmed by the person before any password
 * is sent (DESIGN.md, "Trust"); servers in another domain from a trusted
 * source are only shown with that domain in bold.
 */
char *
fp_review_source_sentence (const FpMailConfig *config)
{
  const char *host = config->source_host ? config->source_host : _("your provider");
  g_autofree char *source = NULL;

  switch (config->source_kind)
    {
    case FP_CONFIG_SOURCE_MANUAL:
      source = g_strdup (_("Settings typed by hand."));
      break;
    case FP_CONFIG_SOURCE_SRV:
      source = g_strdup_printf (_("Settings found in the DNS records of %s."), host);
      break;
    case FP_CONFIG_SOURCE_MX:
      source = g_strdup_printf (_("Your mail is handled by %s (its MX record); settings for "
                                  "that provider from %s."),
                                config->source_domain ? config->source_domain : "", host);
      break;
    case FP_CONFIG_SOURCE_ISPDB:
      source = g_strdup_printf (_("Settings from Thunderbird’s list of providers, for %s."),
                                host);
      break;
    case FP_CONFIG_SOURCE_WEBFINGER:
    case FP_CONFIG_SOURCE_PACC:
    case FP_CONFIG_SOURCE_AUTOCONFIG:
    default:
      source = g_strdup_printf (_("Settings published by %s."), host);
      break;
    }
  return g_steal_pointer (&source);
}

/* What the person confirms before anything is sent to servers of a less trusted source. */
char *
fp_review_confirmation_text (const FpMailConfig *config)
{
  if (config->trusted)
    return NULL;
  return g_strdup (_("These servers were found in DNS, which can be forged: check the server "
                     "names above with your provider before you go on."));
}

char *
fp_review_source_text (const FpMailConfig *config,
                       gboolean           *needs_confirmation)
{
  g_autofree char *source = fp_review_source_sentence (config);

  *needs_confirmation = !config->trusted;
  if (config->trusted)
    return g_steal_pointer (&source);
  return g_strdup_printf (_("%s They were found through DNS, which can be forged: check the "
                            "server names below with your provider before you go on."), source);
}

static gboolean
servers_within (GPtrArray  *servers,
                const char *account_domain,
                const char *consented_domain)
{
  for (guint i = 0; i < servers->len; i++)
    {
      const FpMailServer *server = g_ptr_array_index (servers, i);
      g_autofree char *domain = fp_registrable_domain (server->host);

      if (domain == NULL ||
          (g_ascii_strcasecmp (domain, account_domain) != 0 &&
           (consented_domain == NULL || g_ascii_strcasecmp (domain, consented_domain) != 0)))
        return FALSE;
    }
  return TRUE;
}

/*
 * One consent per host: the person who already said, at the password prompt, that they trust
 * @consented_domain is not asked again on the review for servers of that same domain. DNS
 * records are another matter (anyone on the path can forge them): those are always confirmed.
 */
gboolean
fp_review_consent_given (const FpMailConfig *config,
                         const char         *account_domain,
                         const char         *consented_domain)
{
  if (config->trusted)
    return TRUE;
  if (config->source_kind == FP_CONFIG_SOURCE_SRV || consented_domain == NULL ||
      account_domain == NULL)
    return FALSE;
  return servers_within (config->incoming, account_domain, consented_domain) &&
         servers_within (config->outgoing, account_domain, consented_domain);
}

/* The provider may give the account another address than the one typed: say so. */
char *
fp_review_address_note (const char *shown,
                        const char *typed)
{
  if (shown == NULL || typed == NULL || g_ascii_strcasecmp (shown, typed) == 0)
    return NULL;
  return g_strdup_printf (_("Your provider gives this address for the account; you typed %s."),
                          typed);
}

/* "imap.mail.example, port 143, Encrypted (STARTTLS)": what a helpdesk reads out. */
char *
fp_describe_server (const FpMailServer *server)
{
  return g_strdup_printf (_("%s, port %u, %s"), server->host, server->port,
                          fp_transport_describe (server->transport));
}

char *
fp_describe_server_title (const FpMailServer *server)
{
  switch (server->protocol)
    {
    case FP_MAIL_PROTOCOL_IMAP:
      return g_strdup (_("Incoming (IMAP)"));
    case FP_MAIL_PROTOCOL_POP3:
      return g_strdup (_("Incoming (POP3)"));
    case FP_MAIL_PROTOCOL_SMTP:
      return g_strdup (_("Outgoing (SMTP)"));
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
fp_mail_program_desktop_id (FpMailProgram program)
{
  static const char * const desktop_ids[] = {
    [FP_MAIL_PROGRAM_EVOLUTION] = "org.gnome.Evolution.desktop",
    [FP_MAIL_PROGRAM_THUNDERBIRD] = "thunderbird.desktop",
    [FP_MAIL_PROGRAM_GOA] = NULL,  /* Settings' panel: fp_mail_program_open_command() */
  };

  g_return_val_if_fail (program < G_N_ELEMENTS (desktop_ids), NULL);
  return desktop_ids[program];
}

/* What opens @program when it has no desktop file of its own, or NULL. */
const char *
fp_mail_program_open_command (FpMailProgram program)
{
  return program == FP_MAIL_PROGRAM_GOA ? "gnome-control-center online-accounts" : NULL;
}

/*
 * GNOME Online Accounts is offered, never chosen for the person: choosing it
 * means Evolution reads the account from there instead of its own files.
 * The demo's accounts never leave its folder, and goa-daemon has none.
 */
static void
goa_row (gboolean          available,
         const char       *target_dir,
         FpMailProgramRow *row)
{
  row->sensitive = available && target_dir == NULL;
  row->active = FALSE;
  if (target_dir != NULL)
    row->subtitle = g_strdup (_("The demo does not add accounts to GNOME Online Accounts"));
  else if (!available)
    row->subtitle = g_strdup (_("GNOME Online Accounts is not running in this session"));
  else
    row->subtitle = g_strdup (_("Read by Settings, Evolution, GNOME Calendar and Geary"));
}

/* A program that is not installed stays listed, greyed, with the reason. */
void
fp_mail_program_row (FpMailProgram     program,
                     gboolean          installed,
                     const char       *target_dir,
                     FpMailProgramRow *row)
{
  if (program == FP_MAIL_PROGRAM_GOA)
    {
      goa_row (installed, target_dir, row);
      return;
    }
  row->sensitive = installed;
  row->active = installed;
  if (!installed)
    row->subtitle = g_strdup_printf (_("%s is not installed on this computer"),
                                     fp_mail_program_display_name (program));
  else if (target_dir != NULL)
    row->subtitle = g_strdup_printf (_("Set up in %s"), target_dir);
  else if (program == FP_MAIL_PROGRAM_EVOLUTION)
    row->subtitle = g_strdup (_("Added to Evolution’s accounts"));
  else
    row->subtitle = g_strdup (_("Added to your Thunderbird profile"));
}

/* GOA's imap_smtp provider has no POP3: such an account cannot go there. */
void
fp_mail_program_row_refuse_pop3 (FpMailProgramRow   *row,
                                 const FpMailConfig *config)
{
  const FpMailServer *incoming = config->incoming->len > 0 ? config->incoming->pdata[0] : NULL;

  if (incoming == NULL || incoming->protocol != FP_MAIL_PROTOCOL_POP3)
    return;
  row->sensitive = FALSE;
  row->active = FALSE;
  g_free (row->subtitle);
  row->subtitle = g_strdup (_("GNOME Online Accounts keeps IMAP accounts only"));
}

static gboolean
goa_can_sign_in_to_one (GPtrArray *servers)
{
  for (guint i = 0; i < servers->len; i++)
    if (fp_auth_choose (FP_MAIL_PROGRAM_GOA, g_ptr_array_index (servers, i), NULL, NULL))
      return TRUE;
  return FALSE;
}

/*
 * An account that signs in with OAuth2 only cannot go through GOA's IMAP and SMTP provider,
 * which takes a password: a switch there would only fail. GOA's own Google and Microsoft
 * providers sign in on the web, in Settings → Online Accounts, so the row opens that instead.
 */
void
fp_mail_program_row_refuse_oauth2 (FpMailProgramRow   *row,
                                   const FpMailConfig *config)
{
  if (!row->sensitive || config->incoming->len == 0 || config->outgoing->len == 0 ||
      (goa_can_sign_in_to_one (config->incoming) && goa_can_sign_in_to_one (config->outgoing)))
    return;
  row->active = FALSE;
  row->open_settings = TRUE;
  g_free (row->subtitle);
  row->subtitle = g_strdup (_("This account signs in on its provider’s web page: add it in "
                              "Settings → Online Accounts"));
}

/* With GNOME Online Accounts and Evolution chosen, Evolution's row says where its account
 * will come from. */
char *
fp_mail_program_subtitle (FpMailProgram  program,
                          const char    *subtitle,
                          gboolean       goa_chosen)
{
  if (program == FP_MAIL_PROGRAM_EVOLUTION && goa_chosen)
    return g_strdup (_("Reads the account from GNOME Online Accounts: not written twice"));
  return g_strdup (subtitle);
}

void
fp_mail_program_row_clear (FpMailProgramRow *row)
{
  g_clear_pointer (&row->subtitle, g_free);
}

gboolean
fp_review_can_apply (const gboolean *selected,
                     guint           n_programs)
{
  for (guint i = 0; i < n_programs; i++)
    if (selected[i])
      return TRUE;
  return FALSE;
}

static char *
guess_host (const char *prefix,
            const char *domain)
{
  return g_strconcat (prefix, ".", domain, NULL);
}

/* Implicit TLS first: RFC 8314 prefers it to STARTTLS for both directions. */
void
fp_manual_settings_init_defaults (FpManualSettings   *settings,
                                  const FpIdentifier *identifier)
{
  memset (settings, 0, sizeof *settings);
  settings->incoming_protocol = FP_MAIL_PROTOCOL_IMAP;
  settings->incoming_transport = FP_TRANSPORT_TLS;
  settings->incoming_port = fp_mail_protocol_default_port (FP_MAIL_PROTOCOL_IMAP, FP_TRANSPORT_TLS);
  settings->outgoing_transport = FP_TRANSPORT_TLS;
  settings->outgoing_port = fp_mail_protocol_default_port (FP_MAIL_PROTOCOL_SMTP, FP_TRANSPORT_TLS);
  if (identifier != NULL)
    {
      settings->incoming_host = guess_host ("imap", identifier->host);
      settings->outgoing_host = guess_host ("smtp", identifier->host);
      settings->user = g_strdup (identifier->address);
    }
}

void
fp_manual_settings_clear (FpManualSettings *settings)
{
  g_clear_pointer (&settings->incoming_host, g_free);
  g_clear_pointer (&settings->outgoing_host, g_free);
  g_clear_pointer (&settings->user, g_free);
}

/* The identifier's own host check, so a typed server name follows the same rules. */
static char *
normalise_server_host (const char  *typed,
                       gboolean     incoming,
                       GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (typed ? typed : ""));
  g_autofree char *probe = NULL;
  g_autoptr(FpIdentifier) parsed = NULL;

  if (*stripped != '\0' && strchr (stripped, '@') == NULL && strchr (stripped, '.') != NULL)
    {
      probe = g_strconcat ("user@", stripped, NULL);
      parsed = fp_identifier_parse (probe, NULL);
    }
  if (parsed == NULL)
    {
      if (incoming)
        g_set_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER,
                     _("The incoming server “%s” is not a host name, for example "
                       "imap.example.com."), stripped);
      else
        g_set_error (error, FP_ERROR, FP_ERROR_INVALID_IDENTIFIER,
                     _("The outgoing server “%s” is not a host name, for example "
                       "smtp.example.com."), stripped);
      return NULL;
    }
  return g_steal_pointer (&parsed->host);
}

static FpMailServer *
manual_server (FpMailProtocol   protocol,
               const char      *host,
               guint            port,
               FpTransport      transport,
               const char      *user,
               GError         **error)
{
  g_autofree char *normalised =
    normalise_server_host (host, fp_mail_protocol_is_incoming (protocol), error);

  if (normalised == NULL)
    return NULL;
  if (port < 1 || port > 65535)
    {
      g_set_error (error, FP_ERROR, FP_ERROR_BAD_DOCUMENT, _("%u is not a port (1 to 65535)."),
                   port);
      return NULL;
    }
  return fp_mail_server_new (protocol, normalised, port, transport, user, TRUE);
}

FpMailConfig *
fp_manual_settings_to_config (const FpManualSettings  *settings,
                              const FpIdentifier      *identifier,
                              const char              *name,
                              GError                 **error)
{
  g_autoptr(FpMailConfig) config = fp_mail_config_new (identifier->address);
  g_autofree char *user = g_strstrip (g_strdup (settings->user ? settings->user : ""));
  FpMailServer *incoming;
  FpMailServer *outgoing;

  if (*user == '\0')
    {
      g_free (user);
      user = g_strdup (identifier->address);
    }

  incoming = manual_server (settings->incoming_protocol, settings->incoming_host,
                            settings->incoming_port, settings->incoming_transport, user, error);
  if (incoming == NULL)
    return NULL;
  g_ptr_array_add (config->incoming, incoming);
  outgoing = manual_server (FP_MAIL_PROTOCOL_SMTP, settings->outgoing_host,
                            settings->outgoing_port, settings->outgoing_transport, user, error);
  if (outgoing == NULL)
    return NULL;
  g_ptr_array_add (config->outgoing, outgoing);

  config->name = name && *name ? g_strdup (name) : NULL;
  config->source_kind = FP_CONFIG_SOURCE_MANUAL;
  config->trusted = TRUE;
  return g_steal_pointer (&config);
}

/* Login check ------------------------------------------------------------------------------- */

static void
add_unique_host (GPtrArray  *hosts,
                 GPtrArray  *servers)
{
  for (guint i = 0; i < servers->len; i++)
    {
      const FpMailServer *server = g_ptr_array_index (servers, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < hosts->len && !seen; j++)
        seen = g_ascii_strcasecmp (g_ptr_array_index (hosts, j), server->host) == 0;
      if (!seen)
        g_ptr_array_add (hosts, server->host);
    }
}

/**
 * fp_review_password_state_new:
 * @earlier_host: (nullable): the host of the password prompt earlier in this flow
 *
 * Every server of @config may receive the password (an alternative is tried
 * when the first cannot be reached), so all their hosts are named.
 */
FpReviewPasswordState *
fp_review_password_state_new (const FpMailConfig *config,
                              const char         *earlier_host)
{
  FpReviewPasswordState *state = g_new0 (FpReviewPasswordState, 1);
  g_autoptr(GPtrArray) hosts = g_ptr_array_new ();
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *earlier_domain = earlier_host ? fp_registrable_domain (earlier_host) : NULL;
  gboolean same_domain = earlier_domain != NULL;

  add_unique_host (hosts, config->incoming);
  add_unique_host (hosts, config->outgoing);
  for (guint i = 0; i < hosts->len; i++)
    {
      const char *host = g_ptr_array_index (hosts, i);
      g_autofree char *domain = fp_registrable_domain (host);
      g_autofree char *host_markup = fp_host_markup (host, domain);

      if (i > 0)
        /* Translators: between the names of the mail servers */
        g_string_append (markup, i + 1 == hosts->len ? _(" and ") : _(", "));
      g_string_append (markup, host_markup);
      if (earlier_domain == NULL || g_ascii_strcasecmp (domain, earlier_domain) != 0)
        same_domain = FALSE;
    }
  state->hosts_markup = g_string_free (g_steal_pointer (&markup), FALSE);
  /* Translators: %s is a list of host names, in markup */
  state->explanation = g_strdup_printf (_("Your password goes to %s, encrypted, to check that "
                                          "it works. Nothing is written before it does."),
                                        state->hosts_markup);
  state->prefill = same_domain && hosts->len > 0;
  return state;
}

void
fp_review_password_state_free (FpReviewPasswordState *state)
{
  if (state == NULL)
    return;
  g_free (state->hosts_markup);
  g_free (state->explanation);
  g_free (state);
}

/*
 * The login check needs a password: an account that was never logged in to
 * is not written. @password is %NULL when no server needs one (OAuth2 only:
 * the mail program signs in itself).
 */
gboolean
fp_review_can_check (gboolean    can_apply,
                     gboolean    needs_confirmation,
                     gboolean    confirmed,
                     const char *password)
{
  return can_apply && (!needs_confirmation || confirmed) &&
         (password == NULL || *password != '\0');
}

/* "Incoming mail (IMAP), encrypted with TLS": the protocol in words. */
char *
fp_check_server_words (const FpMailServer *server)
{
  const char *transport = fp_transport_describe (server->transport);

  switch (server->protocol)
    {
    case FP_MAIL_PROTOCOL_IMAP:
      return g_strdup_printf (_("Incoming mail (IMAP), %s"), transport);
    case FP_MAIL_PROTOCOL_POP3:
      return g_strdup_printf (_("Incoming mail (POP3), %s"), transport);
    case FP_MAIL_PROTOCOL_SMTP:
    default:
      return g_strdup_printf (_("Outgoing mail (SMTP), %s"), transport);
    }
}

FpCheckRow *
fp_check_row_new (const FpMailServer *server,
                  FpVerifyStep        step,
                  const GError       *error,
                  FpCheckSkipReason   skip_reason)
{
  FpCheckRow *row = g_new0 (FpCheckRow, 1);
  g_autofree char *words = fp_check_server_words (server);

  row->title = g_strdup_printf ("%s:%u", server->host, server->port);
  switch (step)
    {
    case FP_VERIFY_STEP_CHECKING:
      row->subtitle = g_strdup_printf (_("%s — logging in…"), words);
      row->spinning = TRUE;
      break;
    case FP_VERIFY_STEP_SUCCEEDED:
      row->subtitle = g_strdup_printf (_("%s — logged in"), words);
      row->icon_name = g_strdup ("emblem-ok-symbolic");
      row->css_class = g_strdup ("success");
      break;
    case FP_VERIFY_STEP_FAILED:
      row->subtitle = g_strdup_printf (_("%s — %s"), words,
                                       error ? error->message : _("failed"));
      row->icon_name = g_strdup ("dialog-error-symbolic");
      row->css_class = g_strdup ("error");
      break;
    case FP_VERIFY_STEP_SKIPPED:
    default:
      if (skip_reason == FP_CHECK_SKIP_OTHER_WORKED)
        row->subtitle = g_strdup_printf (_("%s — not needed: the server above works"), words);
      else if (skip_reason == FP_CHECK_SKIP_REFUSED)
        row->subtitle = g_strdup_printf (_("%s — not tried: the password was refused, so it "
                                           "is not sent to more servers"), words);
      else
        row->subtitle = g_strdup_printf (_("%s — not tried"), words);
      row->icon_name = g_strdup ("action-unavailable-symbolic");
      row->css_class = g_strdup ("dim-label");
      break;
    }
  return row;
}

void
fp_check_row_free (FpCheckRow *row)
{
  if (row == NULL)
    return;
  g_free (row->title);
  g_free (row->subtitle);
  g_free (row->icon_name);
  g_free (row->css_class);
  g_free (row);
}

FpCheckNext
fp_wizard_after_check (gboolean      verified,
                       const GError *error)
{
  if (verified)
    return FP_CHECK_NEXT_WRITE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FP_CHECK_NEXT_NOTHING;
  if (g_error_matches (error, FP_ERROR, FP_ERROR_AUTH_FAILED))
    return FP_CHECK_NEXT_REVIEW_PASSWORD;
  return FP_CHECK_NEXT_PROBLEM;
}

/* What is written: the servers that accepted the login, not the configuration's first choices. */
FpMailConfig *
fp_mail_config_with_servers (const FpMailConfig *config,
                             const FpMailServer *incoming,
                             const FpMailServer *outgoing)
{
  FpMailConfig *used = fp_mail_config_new (config->address);

  used->name = g_strdup (config->name);
  used->source_kind = config->source_kind;
  used->source_href = g_strdup (config->source_href);
  used->source_host = g_strdup (config->source_host);
  used->source_domain = g_strdup (config->source_domain);
  used->trusted = config->trusted;
  used->pacc_digest = g_strdup (config->pacc_digest);
  g_ptr_array_add (used->incoming, fp_mail_server_copy (incoming));
  g_ptr_array_add (used->outgoing, fp_mail_server_copy (outgoing));
  return used;
}

/*
 * The login check failed for a reason other than the password: nothing was
 * written. Back returns to the review (and from there to manual setup).
 */
FpProblem *
fp_problem_new_for_check_error (const GError *error)
{
  FpProblem *problem;

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, FP_ERROR, FP_ERROR_TLS))
    problem = problem_new ("channel-insecure-symbolic", g_strdup (_("Connection Not Trusted")),
                           g_strdup (error->message),
                           g_strdup (_("Your password was not sent and nothing was written. "
                                       "Someone may be pretending to be this server, or its "
                                       "certificate is misconfigured: tell your provider, or "
                                       "try another network.")), FALSE, TRUE);
  else if (g_error_matches (error, FP_ERROR, FP_ERROR_UNSAFE))
    problem = problem_new ("security-low-symbolic", g_strdup (_("Stopped for Your Safety")),
                           g_strdup (error->message),
                           g_strdup (_("The connection could not be encrypted, so your password "
                                       "was not sent and nothing was written. Ask your provider "
                                       "for secure settings, or go back and change them.")),
                           FALSE, FALSE);
  else if (g_error_matches (error, FP_ERROR, FP_ERROR_TIMEOUT))
    problem = problem_new ("network-offline-symbolic", g_strdup (_("No Answer")),
                           g_strdup (error->message),
                           g_strdup (_("Nothing was written. The mail server may be busy: wait "
                                       "a moment and try again, or go back and check the "
                                       "server names.")), FALSE, TRUE);
  else if (g_error_matches (error, FP_ERROR, FP_ERROR_NETWORK))
    problem = problem_new ("network-offline-symbolic",
                           g_strdup (_("Could Not Reach the Mail Server")),
                           g_strdup (error->message),
                           g_strdup (_("Nothing was written. Check that this computer is online "
                                       "and that the server names and ports are right, then try "
                                       "again.")), FALSE, TRUE);
  else
    problem = problem_new ("dialog-error-symbolic", g_strdup (_("Could Not Log In")),
                           g_strdup (error->message),
                           g_strdup (_("Nothing was written. Tell your provider what the details "
                                       "below say, or go back and change the settings.")),
                           FALSE, TRUE);
  problem->offer_back = TRUE;
  return problem;
}
