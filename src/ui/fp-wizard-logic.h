/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-discovery.h"
#include "fp-identifier.h"
#include "fp-mail-config.h"
#include "fp-mail-programs.h"
#include "fp-mail-verifier.h"

G_BEGIN_DECLS

/*
 * What each page of the wizard shows and what its buttons do, computed from
 * plain values. Nothing here knows GTK: the pages only apply these states,
 * and the tests check them without a display.
 */

typedef enum
{
  FP_WIZARD_PAGE_IDENTIFIER,
  FP_WIZARD_PAGE_LOOKUP,
  FP_WIZARD_PAGE_CHOOSE,
  FP_WIZARD_PAGE_PASSWORD,
  FP_WIZARD_PAGE_REVIEW,
  FP_WIZARD_PAGE_DONE,
  FP_WIZARD_PAGE_PROBLEM,
  FP_WIZARD_PAGE_MANUAL,
  FP_WIZARD_PAGE_CHECKING,
  FP_WIZARD_PAGE_CHECK_PROBLEM,  /* a problem page of its own: Back returns to the review */
} FpWizardPage;

const char   *fp_wizard_page_to_string         (FpWizardPage             page);
gboolean      fp_wizard_page_can_go_back       (FpWizardPage             page);

/* @history: a #GArray of #FpWizardPage, the pages Back returns to, last on top. */
void          fp_wizard_history_advance        (GArray                  *history,
                                                FpWizardPage             from,
                                                FpWizardPage             to);
gboolean      fp_wizard_history_back           (GArray                  *history,
                                                FpWizardPage            *to);

/* Identifier page: %TRUE when Next may run; @error says why not (%NULL while still empty). */
gboolean      fp_identifier_page_check         (const char              *text,
                                                char                   **host,
                                                char                   **error);

char         *fp_demo_hint                     (void);
char         *fp_lookup_page_message           (const char              *host);
char         *fp_fetch_page_message            (const char              *title,
                                                const char              *host);
char         *fp_password_check_message        (const char              *host);

/* What follows a finished lookup. */
typedef enum
{
  FP_LOOKUP_NEXT_START_OVER, /* cancelled: back to the identifier, as typed */
  FP_LOOKUP_NEXT_PROBLEM,
  FP_LOOKUP_NEXT_CHOOSE,
  FP_LOOKUP_NEXT_FETCH,      /* one published account: no choice to make */
  FP_LOOKUP_NEXT_REVIEW,     /* a fallback source gave a complete configuration */
} FpLookupNext;

FpLookupNext  fp_wizard_after_lookup           (const FpDiscoveryResult *result,
                                                const GError            *error);

typedef struct
{
  char     *title;
  char     *host_markup;  /* the host in full, its registrable domain in bold */
  char     *explanation;
  char     *warning;      /* nullable: the password would leave the account's domain */
  char     *trust_label;  /* nullable: what the person ticks to go on despite the warning */
  char     *error;        /* nullable: the last password was refused */
  char     *user;
  gboolean  warn_first;   /* the warning is shown before anything can be typed */
} FpPasswordPageState;

FpPasswordPageState *fp_password_page_state_new  (const char          *host,
                                                  const char          *base_domain,
                                                  const char          *account_domain,
                                                  gboolean             is_foreign,
                                                  guint                failed_attempts,
                                                  guint                max_attempts,
                                                  const char          *default_user);
void                 fp_password_page_state_free (FpPasswordPageState *state);
char                *fp_host_markup              (const char          *host,
                                                  const char          *base_domain);

typedef struct
{
  char     *icon_name;
  char     *title;
  char     *description;  /* what happened, naming the host */
  char     *advice;       /* what the person can do */
  gboolean  offer_manual;
  gboolean  offer_retry;
  gboolean  offer_back;   /* back to the review, to change the settings or the password */
} FpProblem;

FpProblem    *fp_problem_new_for_error         (const GError            *error,
                                                const char              *host);
FpProblem    *fp_problem_new_for_check_error   (const GError            *error);
void          fp_problem_free                  (FpProblem               *problem);

/* Review page */
char         *fp_review_source_text            (const FpMailConfig      *config,
                                                gboolean                *needs_confirmation);
char         *fp_review_source_sentence        (const FpMailConfig      *config);
char         *fp_review_confirmation_text      (const FpMailConfig      *config);
gboolean      fp_review_consent_given          (const FpMailConfig      *config,
                                                const char              *account_domain,
                                                const char              *consented_domain);
char         *fp_review_address_note           (const char              *shown,
                                                const char              *typed);
char         *fp_describe_server               (const FpMailServer      *server);
char         *fp_describe_server_title         (const FpMailServer      *server);

/* The desktop file that opens @program from the done page. */
const char   *fp_mail_program_desktop_id       (FpMailProgram            program);

typedef struct
{
  gboolean  sensitive;
  gboolean  active;
  char     *subtitle;     /* where it would be written, or why it cannot be */
  gboolean  open_settings; /* GNOME Online Accounts: no switch, a button for Settings instead */
} FpMailProgramRow;

void          fp_mail_program_row              (FpMailProgram            program,
                                                gboolean                 installed,
                                                const char              *target_dir,
                                                FpMailProgramRow        *row);
void          fp_mail_program_row_clear        (FpMailProgramRow        *row);
void          fp_mail_program_row_refuse_pop3  (FpMailProgramRow        *row,
                                                const FpMailConfig      *config);
void          fp_mail_program_row_refuse_oauth2 (FpMailProgramRow       *row,
                                                const FpMailConfig      *config);
char         *fp_mail_program_subtitle         (FpMailProgram            program,
                                                const char              *subtitle,
                                                gboolean                 goa_chosen);
const char   *fp_mail_program_open_command     (FpMailProgram            program);
gboolean      fp_review_can_apply              (const gboolean          *selected,
                                                guint                    n_programs);

/*
 * The review's password row: it names every host the password goes to for
 * the login check, and is filled in with the password typed earlier in this
 * flow only when that prompt's host has the mail servers' registrable domain.
 */
typedef struct
{
  char     *hosts_markup; /* the hosts in full, each registrable domain in bold */
  char     *explanation;  /* markup: what happens to the password */
  gboolean  prefill;      /* the earlier password may be filled in */
} FpReviewPasswordState;

FpReviewPasswordState *fp_review_password_state_new  (const FpMailConfig    *config,
                                                      const char            *earlier_host);
void                   fp_review_password_state_free (FpReviewPasswordState *state);
gboolean      fp_review_can_check              (gboolean                 can_apply,
                                                gboolean                 needs_confirmation,
                                                gboolean                 confirmed,
                                                const char              *password);

/* "Checking your account…": one row per server, as the verifier reports it. */
typedef enum
{
  FP_CHECK_SKIP_OTHER_WORKED,  /* an earlier server of the same direction accepted the login */
  FP_CHECK_SKIP_REFUSED,       /* the password was refused: it is not sent to more servers */
  FP_CHECK_SKIP_STOPPED,       /* cancelled, or stopped after a failure */
} FpCheckSkipReason;

typedef struct
{
  char     *title;        /* host:port */
  char     *subtitle;     /* the protocol in words and what happened */
  char     *icon_name;    /* nullable: a spinner while checking */
  char     *css_class;    /* "success", "error", "dim-label" or NULL */
  gboolean  spinning;
} FpCheckRow;

FpCheckRow   *fp_check_row_new                 (const FpMailServer      *server,
                                                FpVerifyStep             step,
                                                const GError            *error,
                                                FpCheckSkipReason        skip_reason);
void          fp_check_row_free                (FpCheckRow              *row);
char         *fp_check_server_words            (const FpMailServer      *server);

typedef enum
{
  FP_CHECK_NEXT_NOTHING,          /* cancelled: the person already left the page */
  FP_CHECK_NEXT_WRITE,            /* logged in both ways: write with the servers that worked */
  FP_CHECK_NEXT_REVIEW_PASSWORD,  /* the password was refused: ask again on the review */
  FP_CHECK_NEXT_PROBLEM,          /* nothing written: say why, offer Back and Try Again */
} FpCheckNext;

FpCheckNext   fp_wizard_after_check            (gboolean                 verified,
                                                const GError            *error);
FpMailConfig *fp_mail_config_with_servers      (const FpMailConfig      *config,
                                                const FpMailServer      *incoming,
                                                const FpMailServer      *outgoing);

/* Manual setup */
typedef struct
{
  FpMailProtocol  incoming_protocol;
  char           *incoming_host;
  guint           incoming_port;
  FpTransport     incoming_transport;
  char           *outgoing_host;
  guint           outgoing_port;
  FpTransport     outgoing_transport;
  char           *user;
} FpManualSettings;

void          fp_manual_settings_init_defaults (FpManualSettings        *settings,
                                                const FpIdentifier      *identifier);
void          fp_manual_settings_clear         (FpManualSettings        *settings);
FpMailConfig *fp_manual_settings_to_config     (const FpManualSettings  *settings,
                                                const FpIdentifier      *identifier,
                                                const char              *name,
                                                GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpPasswordPageState, fp_password_page_state_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpProblem, fp_problem_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpReviewPasswordState, fp_review_password_state_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpCheckRow, fp_check_row_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FpMailProgramRow, fp_mail_program_row_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FpManualSettings, fp_manual_settings_clear)

G_END_DECLS
