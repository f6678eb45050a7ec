/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fp-a11y.h"
#include "fp-account-writing.h"
#include "fp-auth-choice.h"
#include "fp-checking-page.h"
#include "fp-choose-page.h"
#include "fp-config-fetch.h"
#include "fp-discovery.h"
#include "fp-details-window.h"
#include "fp-done-page.h"
#include "fp-error.h"
#include "fp-identifier-page.h"
#include "fp-insecure-dialog.h"
#include "fp-lookup-page.h"
#include "fp-mail-verifier.h"
#include "fp-manual-page.h"
#include "fp-password-page.h"
#include "fp-problem-page.h"
#include "fp-program-launch.h"
#include "fp-review-page.h"
#include "fp-secret.h"
#include "fp-window.h"

/*
 * The wizard: one page at a time in a stack, the core doing every request.
 * The window only starts core operations, answers the core's credentials
 * requests from the password page, and shows results; what each page shows
 * is computed by fp-wizard-logic.c.
 */
struct _FpWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwWindowTitle       *window_title;
  GtkButton            *back_button;
  GtkStack             *stack;
  AdwToastOverlay      *toast_overlay;
  FpIdentifierPage     *identifier_page;
  FpLookupPage         *lookup_page;
  /* The other pages are made the first time they are needed: a faster first page. */
  FpChoosePage         *choose_page;
  FpPasswordPage       *password_page;
  FpReviewPage         *review_page;
  FpDonePage           *done_page;
  FpProblemPage        *problem_page;
  FpManualPage         *manual_page;
  FpCheckingPage       *checking_page;
  FpProblemPage        *check_problem_page;
  GtkWidget            *focus_before_move;

  /* the core */
  FpHttpClient         *client;
  FpDiscovery          *discovery;
  FpDemoProvider       *demo;
  FpDemoProvider       *servers_of;     /* whose servers answer: the demo's, or a test's */
  FpMailVerifier       *verifier;
  GCancellable         *cancellable;

  /* what the person told us and what the provider answered */
  FpIdentifier         *identifier;
  char                 *name;
  FpDiscoveryResult    *result;
  guint                 chosen;
  gboolean              fetching;
  FpCredentialsRequest *credentials;
  char                 *password;       /* typed at the prompt for password_host */
  char                 *password_host;
  char                 *consented_domain; /* ticked "I trust … with my password" for it */
  char                 *mail_password;  /* typed on the review, for the mail servers */
  FpMailConfig         *config;
  FpMailConfig         *check_config;   /* config, for the chosen programs' sign-in methods */
  gboolean              insecure_accepted;
  char                 *manual_for;
  FpCheckSkipReason     skip_reason[2]; /* incoming, outgoing: why later servers were not tried */
  GPtrArray            *check_failures; /* "host:port: what happened", every server that failed */
  gint64                checked_at;     /* when both directions logged in */
  guint                 done_id;

  FpWizardPage          page;
  GArray               *history;
};

G_DEFINE_FINAL_TYPE (FpWindow, fp_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_lookup (FpWindow *self);
static void start_fetch  (FpWindow *self);

static void chosen_cb            (FpWindow *self,
                                  guint     index);
static void password_submit_cb   (FpWindow *self);
static void review_apply_cb      (FpWindow *self);
static void done_open_program_cb (FpWindow *self,
                                  guint     program);
static void done_close_cb        (FpWindow *self);
static void problem_retry_cb     (FpWindow *self);
static void problem_manual_cb    (FpWindow *self);
static void manual_next_cb       (FpWindow *self);
static void checking_cancel_cb   (FpWindow *self);
static void check_retry_cb       (FpWindow *self);

/* Lazily made pages ---------------------------------------------------------------------------- */

static gpointer
add_page (FpWindow     *self,
          gpointer     *field,
          GType         type,
          FpWizardPage  page,
          const char   *signal,
          GCallback     callback)
{
  if (*field != NULL)
    return *field;
  *field = g_object_new (type, NULL);
  g_signal_connect_swapped (*field, signal, callback, self);
  gtk_stack_add_named (self->stack, *field, fp_wizard_page_to_string (page));
  return *field;
}

static FpChoosePage *
choose_page (FpWindow *self)
{
  return add_page (self, (gpointer *) &self->choose_page, FP_TYPE_CHOOSE_PAGE,
                   FP_WIZARD_PAGE_CHOOSE, "chosen", G_CALLBACK (chosen_cb));
}

static FpPasswordPage *
password_page (FpWindow *self)
{
  return add_page (self, (gpointer *) &self->password_page, FP_TYPE_PASSWORD_PAGE,
                   FP_WIZARD_PAGE_PASSWORD, "submit", G_CALLBACK (password_submit_cb));
}

static FpReviewPage *
review_page (FpWindow *self)
{
  return add_page (self, (gpointer *) &self->review_page, FP_TYPE_REVIEW_PAGE,
                   FP_WIZARD_PAGE_REVIEW, "apply", G_CALLBACK (review_apply_cb));
}

static FpDonePage *
done_page (FpWindow *self)
{
  if (self->done_page == NULL)
    g_signal_connect_swapped (add_page (self, (gpointer *) &self->done_page, FP_TYPE_DONE_PAGE,
                                        FP_WIZARD_PAGE_DONE, "open-program",
                                        G_CALLBACK (done_open_program_cb)),
                              "close", G_CALLBACK (done_close_cb), self);
  return self->done_page;
}

static FpProblemPage *
problem_page (FpWindow *self)
{
  if (self->problem_page == NULL)
    g_signal_connect_swapped (add_page (self, (gpointer *) &self->problem_page,
                                        FP_TYPE_PROBLEM_PAGE, FP_WIZARD_PAGE_PROBLEM, "retry",
                                        G_CALLBACK (problem_retry_cb)),
                              "manual", G_CALLBACK (problem_manual_cb), self);
  return self->problem_page;
}

static FpManualPage *
manual_page (FpWindow *self)
{
  return add_page (self, (gpointer *) &self->manual_page, FP_TYPE_MANUAL_PAGE,
                   FP_WIZARD_PAGE_MANUAL, "next", G_CALLBACK (manual_next_cb));
}

static FpCheckingPage *
checking_page (FpWindow *self)
{
  return add_page (self, (gpointer *) &self->checking_page, FP_TYPE_CHECKING_PAGE,
                   FP_WIZARD_PAGE_CHECKING, "cancel", G_CALLBACK (checking_cancel_cb));
}

/*
 * The login check's problems have a page of their own, so that the problem
 * page of discovery keeps what it said when the person goes back to it.
 */
static FpProblemPage *
check_problem_page (FpWindow *self)
{
  return add_page (self, (gpointer *) &self->check_problem_page, FP_TYPE_PROBLEM_PAGE,
                   FP_WIZARD_PAGE_CHECK_PROBLEM, "retry", G_CALLBACK (check_retry_cb));
}

static GtkWidget *
page_widget (FpWindow     *self,
             FpWizardPage  page)
{
  switch (page)
    {
    case FP_WIZARD_PAGE_IDENTIFIER:
      return GTK_WIDGET (self->identifier_page);
    case FP_WIZARD_PAGE_LOOKUP:
      return GTK_WIDGET (self->lookup_page);
    case FP_WIZARD_PAGE_CHOOSE:
      return GTK_WIDGET (choose_page (self));
    case FP_WIZARD_PAGE_PASSWORD:
      return GTK_WIDGET (password_page (self));
    case FP_WIZARD_PAGE_REVIEW:
      return GTK_WIDGET (review_page (self));
    case FP_WIZARD_PAGE_DONE:
      return GTK_WIDGET (done_page (self));
    case FP_WIZARD_PAGE_PROBLEM:
      return GTK_WIDGET (problem_page (self));
    case FP_WIZARD_PAGE_MANUAL:
      return GTK_WIDGET (manual_page (self));
    case FP_WIZARD_PAGE_CHECKING:
      return GTK_WIDGET (checking_page (self));
    case FP_WIZARD_PAGE_CHECK_PROBLEM:
      return GTK_WIDGET (check_problem_page (self));
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Focus ------------------------------------------------------------------------------------- */

/*
 * GTK remembers, in each container, the child that last held the focus, and Tab entering the
 * container again starts there: coming round from the header bar, Tab went back to the button
 * it had left and skipped every field above it. Whatever does not lead to the focus now is
 * forgotten, so Tab always enters a page at its top and walks it in reading order.
 */
static void
forget_stale_focus (GtkWidget *widget,
                    GtkWidget *focus)
{
  GtkWidget *child = gtk_widget_get_focus_child (widget);

  if (child != NULL && child != focus && (focus == NULL || !gtk_widget_is_ancestor (focus, child)))
    gtk_widget_set_focus_child (widget, NULL);
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    forget_stale_focus (child, focus);
}

static void
focus_changed_cb (FpWindow *self)
{
  forget_stale_focus (GTK_WIDGET (self->stack), gtk_root_get_focus (GTK_ROOT (self)));
}

static GtkListBox *
list_of (GtkWidget *widget)
{
  GtkWidget *list = widget ? gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX) : NULL;

  return list ? GTK_LIST_BOX (list) : NULL;
}

/* The first (or last) row Tab can land on. */
static GtkWidget *
edge_row (GtkListBox *list,
          gboolean    last)
{
  GtkWidget *found = NULL;
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (gtk_widget_get_visible (GTK_WIDGET (row)) && gtk_widget_is_sensitive (GTK_WIDGET (row)))
      {
        found = GTK_WIDGET (row);
        if (!last)
          break;
      }
  return found;
}

static void
move_focus_cb (FpWindow         *self,
               GtkDirectionType  direction)
{
  g_set_weak_pointer (&self->focus_before_move, gtk_root_get_focus (GTK_ROOT (self)));
}

/*
 * A list box enters at the row that had the focus last (its cursor), so Tab coming round
 * skipped the rows above it: entering a list, Tab lands on its first row, Shift+Tab on its last.
 */
static void
moved_focus_cb (FpWindow         *self,
                GtkDirectionType  direction)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkListBox *list = list_of (focus);
  GtkWidget *edge;

  if (list == NULL || (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD) ||
      list_of (self->focus_before_move) == list)
    return;
  edge = edge_row (list, direction == GTK_DIR_TAB_BACKWARD);
  if (edge != NULL && focus != edge && !gtk_widget_is_ancestor (focus, edge))
    gtk_widget_child_focus (edge, direction);
}

/* Navigation ---------------------------------------------------------------------------------- */

static void
update_back (FpWindow *self)
{
  gboolean can = fp_wizard_page_can_go_back (self->page) && self->history->len > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", can);
  /* Escape stops whatever is waiting, as the Cancel button does. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel",
                                 self->page == FP_WIZARD_PAGE_LOOKUP ||
                                 self->page == FP_WIZARD_PAGE_CHECKING);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* Forward slides in from the end side, Back from the start side: never two pages overlaid. */
static void
slide (FpWindow *self,
       gboolean  forward)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  gtk_stack_set_transition_type (self->stack,
                                 forward != rtl ? GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT
                                                : GTK_STACK_TRANSITION_TYPE_SLIDE_RIGHT);
}

static void
show_page (FpWindow     *self,
           FpWizardPage  page)
{
  GtkWidget *widget = page_widget (self, page);

  fp_wizard_history_advance (self->history, self->page, page);
  self->page = page;
  slide (self, TRUE);
  fp_a11y_tidy_names (widget);
  gtk_stack_set_visible_child_name (self->stack, fp_wizard_page_to_string (page));
  update_back (self);
  gtk_widget_grab_focus (widget);
}

static void
reset_cancellable (FpWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/* Whatever was waiting stops: the request itself, and any password prompt with it. */
static void
stop_waiting (FpWindow *self)
{
  /* Cancelled first, so the refusal that follows a declined prompt is not taken for an error. */
  reset_cancellable (self);
  if (self->credentials != NULL && !fp_credentials_request_get_answered (self->credentials))
    fp_credentials_request_decline (self->credentials);
  g_clear_object (&self->credentials);
}

static void
go_back (FpWindow *self)
{
  FpWizardPage target;

  stop_waiting (self);
  if (!fp_wizard_history_back (self->history, &target))
    return;
  self->page = target;
  slide (self, FALSE);
  fp_a11y_tidy_names (page_widget (self, target));
  gtk_stack_set_visible_child_name (self->stack, fp_wizard_page_to_string (target));
  update_back (self);
  gtk_widget_grab_focus (page_widget (self, target));
}

static void lookup_cancel_cb (FpWindow *self);

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  lookup_cancel_cb (FP_WINDOW (widget));
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  go_back (FP_WINDOW (widget));
}

static void
show_lookup (FpWindow   *self,
             const char *message)
{
  fp_lookup_page_set_message (self->lookup_page, message);
  show_page (self, FP_WIZARD_PAGE_LOOKUP);
}

static void
show_problem (FpWindow     *self,
              const GError *error)
{
  g_autoptr(FpProblem) problem = fp_problem_new_for_error (error, self->identifier->host);

  fp_problem_page_set_problem (problem_page (self), problem);
  show_page (self, FP_WIZARD_PAGE_PROBLEM);
}

/* Review -------------------------------------------------------------------------------------- */

/* The demo's scratch folder: every write goes there instead of the real profiles. */
static const char *
demo_folder (FpWindow *self)
{
  return self->demo != NULL ? fp_demo_provider_get_scratch_dir (self->demo) : NULL;
}

/* The person's own name: what they typed, else the system's; never the provider's title. */
static const char *
person_name (FpWindow *self)
{
  const char *real = g_get_real_name ();

  if (self->name != NULL && *self->name != '\0')
    return self->name;
  return g_strcmp0 (real, "Unknown") != 0 ? real : "";
}

static void
show_review (FpWindow     *self,
             FpMailConfig *config)
{
  const char *name = person_name (self);

  if (self->config != config)
    {
      g_clear_pointer (&self->config, fp_mail_config_unref);
      self->config = fp_mail_config_ref (config);
      /* A new account: its unencrypted servers, if any, are asked about anew. */
      self->insecure_accepted = FALSE;
    }
  fp_review_page_set_config (review_page (self), config, name);
  fp_review_page_set_typed_address (review_page (self), self->identifier->address);
  if (fp_review_consent_given (config, self->identifier->host, self->consented_domain))
    fp_review_page_skip_confirmation (review_page (self));
  fp_review_page_set_error (review_page (self), NULL);
  for (guint i = 0; i < FP_MAIL_PROGRAM_COUNT; i++)
    {
      g_auto(FpMailProgramRow) row = { 0 };
      g_autoptr(FpWriteRequest) where = fp_write_request_new (config, NULL, demo_folder (self));
      g_autofree char *target = fp_write_request_target_dir (where, i);

      fp_mail_program_row (i, fp_mail_program_is_installed (i), target, &row);
      if (i == FP_MAIL_PROGRAM_GOA)
        {
          fp_mail_program_row_refuse_pop3 (&row, config);
          fp_mail_program_row_refuse_oauth2 (&row, config);
        }
      fp_review_page_set_program (review_page (self), i, &row);
    }
  {
    g_autoptr(FpReviewPasswordState) password =
      fp_review_password_state_new (config, self->password_host);

    fp_review_page_set_password (review_page (self), password, self->password);
  }
  /* The password is always typed by now: the login check needs it. */
  fp_review_page_set_password_known (review_page (self), TRUE, self->demo != NULL);
  show_page (self, FP_WIZARD_PAGE_REVIEW);
}

/* The check marks stay readable a moment before the done page replaces them. */
#define CHECK_RESULT_SHOWN_US (1200 * G_TIME_SPAN_MILLISECOND)

static gboolean
show_done_cb (gpointer user_data)
{
  FpWindow *self = user_data;

  /* Written is written: the done page says so even if the person pressed Cancel meanwhile. */
  self->done_id = 0;
  show_page (self, FP_WIZARD_PAGE_DONE);
  return G_SOURCE_REMOVE;
}

static void
show_done_soon (FpWindow *self)
{
  gint64 left = self->checked_at + CHECK_RESULT_SHOWN_US - g_get_monotonic_time ();

  g_clear_handle_id (&self->done_id, g_source_remove);
  if (self->page != FP_WIZARD_PAGE_CHECKING || left <= 0)
    {
      show_page (self, FP_WIZARD_PAGE_DONE);
      return;
    }
  self->done_id = g_timeout_add ((guint) (left / 1000), show_done_cb, self);
}

static gboolean
any_written (GPtrArray *outcomes)
{
  for (guint i = 0; i < outcomes->len; i++)
    if (((const FpWriteOutcome *) g_ptr_array_index (outcomes, i))->written)
      return TRUE;
  return FALSE;
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = fp_write_accounts_finish (result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  for (guint i = 0; outcomes != NULL && i < outcomes->len; i++)
    {
      const FpWriteOutcome *outcome = g_ptr_array_index (outcomes, i);

      fp_activity_log_add (fp_http_client_get_log (self->client), "%s: %s", outcome->title,
                           outcome->summary);
    }
  if (outcomes == NULL)
    {
      show_page (self, FP_WIZARD_PAGE_REVIEW);
      fp_review_page_set_error (review_page (self), error->message);
      return;
    }
  /* When nothing could be written (Thunderbird running, a locked keyring…) the person stays
   * here, told why, and can fix it and try again: the done page has no way back. */
  if (!any_written (outcomes))
    {
      g_autoptr(GString) reasons = g_string_new (NULL);

      for (guint i = 0; i < outcomes->len; i++)
        {
          const FpWriteOutcome *outcome = g_ptr_array_index (outcomes, i);

          if (outcome->program < FP_MAIL_PROGRAM_COUNT)
            g_string_append_printf (reasons, "%s%s: %s", reasons->len > 0 ? "\n" : "",
                                    outcome->title, outcome->summary);
        }
      show_page (self, FP_WIZARD_PAGE_REVIEW);
      fp_review_page_set_error (review_page (self), reasons->str);
      return;
    }
  fp_done_page_set_outcomes (done_page (self), outcomes, demo_folder (self));
  show_done_soon (self);
}

/* @used: the configuration with only the servers that accepted the login */
static void
start_write (FpWindow     *self,
             FpMailConfig *used)
{
  g_autoptr(FpWriteRequest) request =
    fp_write_request_new (used, fp_review_page_get_name (review_page (self)), demo_folder (self));

  for (guint i = 0; i < FP_MAIL_PROGRAM_COUNT; i++)
    request->programs[i] = fp_review_page_get_program (review_page (self), i);
  request->keep_password = fp_review_page_get_keep_password (review_page (self));
  /* Recorded for `fingerpost check`, which gives the password to that host alone. */
  request->account = g_strdup (self->identifier->address);
  request->credentials_host = g_strdup (self->password_host);
  reset_cancellable (self);
  fp_write_accounts_async (request, request->keep_password ? self->mail_password : NULL,
                           self->cancellable, write_cb, g_object_ref (self));
}

/* Later servers of a direction were not tried: say why, from what happened before them. */
static void
server_progress_cb (FpMailVerifier *verifier,
                    FpMailServer   *server,
                    guint           index,
                    FpVerifyStep    step,
                    GError         *error,
                    FpWindow       *self)
{
  guint direction = fp_mail_protocol_is_incoming (server->protocol) ? 0 : 1;
  g_autoptr(FpCheckRow) row = NULL;

  if (step == FP_VERIFY_STEP_SUCCEEDED)
    self->skip_reason[direction] = FP_CHECK_SKIP_OTHER_WORKED;
  else if (step == FP_VERIFY_STEP_FAILED)
    {
      self->skip_reason[direction] = g_error_matches (error, FP_ERROR, FP_ERROR_AUTH_FAILED)
                                       ? FP_CHECK_SKIP_REFUSED
                                       : FP_CHECK_SKIP_STOPPED;
      g_ptr_array_add (self->check_failures,
                       g_strdup_printf ("%s:%u: %s", server->host, server->port,
                                        error ? error->message : _("failed")));
    }
  row = fp_check_row_new (server, step, error, self->skip_reason[direction]);
  fp_checking_page_set_server (checking_page (self), server, row);
}

static void
verify_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailServer) incoming = NULL;
  g_autoptr(FpMailServer) outgoing = NULL;
  gboolean verified = fp_mail_verifier_verify_finish (FP_MAIL_VERIFIER (source), result,
                                                      &incoming, &outgoing, &error);

  switch (fp_wizard_after_check (verified, error))
    {
    case FP_CHECK_NEXT_NOTHING:
      return;
    case FP_CHECK_NEXT_WRITE:
      {
        g_autoptr(FpMailConfig) used = fp_mail_config_with_servers (self->check_config,
                                                                    incoming, outgoing);

        self->checked_at = g_get_monotonic_time ();
        start_write (self, used);
      }
      return;
    case FP_CHECK_NEXT_REVIEW_PASSWORD:
      fp_review_page_set_password_error (review_page (self), error->message);
      show_page (self, FP_WIZARD_PAGE_REVIEW);
      return;
    case FP_CHECK_NEXT_PROBLEM:
      {
        g_autoptr(FpProblem) problem = fp_problem_new_for_check_error (error);

        /* Every server that failed, not only the first: an SMTP refusal is not lost behind an
         * IMAP one. */
        if (self->check_failures->len > 1)
          {
            g_ptr_array_add (self->check_failures, NULL);
            g_free (problem->description);
            problem->description = g_strjoinv ("\n", (char **) self->check_failures->pdata);
            g_ptr_array_remove_index (self->check_failures, self->check_failures->len - 1);
          }

        fp_problem_page_set_problem (check_problem_page (self), problem);
        show_page (self, FP_WIZARD_PAGE_CHECK_PROBLEM);
      }
      return;
    default:
      g_assert_not_reached ();
    }
}

/* Nothing is written before the password has logged in to both directions. */
static void
start_check (FpWindow *self)
{
  reset_cancellable (self);
  self->skip_reason[0] = self->skip_reason[1] = FP_CHECK_SKIP_STOPPED;
  g_ptr_array_set_size (self->check_failures, 0);
  fp_checking_page_clear (checking_page (self));
  show_page (self, FP_WIZARD_PAGE_CHECKING);
  fp_mail_verifier_verify_async (self->verifier, self->check_config, self->mail_password,
                                 self->cancellable, verify_cb, g_object_ref (self));
}

static void
insecure_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      FpWindow         *self)
{
  if (g_strcmp0 (response, FP_INSECURE_DIALOG_RESPONSE_USE) != 0)
    return;
  fp_activity_log_add (fp_http_client_get_log (self->client),
                       "the person accepted an unencrypted connection");
  self->insecure_accepted = TRUE;
  start_check (self);
}

/* Unencrypted only: an explicit choice (fp-insecure-dialog.c), never a silent fallback. */
static void
confirm_insecure (FpWindow           *self,
                  const FpMailServer *server)
{
  AdwMessageDialog *dialog = fp_insecure_dialog_new (GTK_WINDOW (self), server->host);

  g_signal_connect_object (dialog, "response", G_CALLBACK (insecure_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GArray *
chosen_programs (FpWindow *self)
{
  GArray *programs = g_array_new (FALSE, FALSE, sizeof (FpMailProgram));

  for (FpMailProgram p = 0; p < FP_MAIL_PROGRAM_COUNT; p++)
    if (fp_review_page_get_program (review_page (self), p))
      g_array_append_val (programs, p);
  return programs;
}

static void
review_apply_cb (FpWindow *self)
{
  const char *password = fp_review_page_get_password (review_page (self));
  g_autoptr(GArray) programs = chosen_programs (self);
  g_autoptr(GError) error = NULL;
  FpMailConfig *chosen = fp_auth_choice_apply (self->config, programs,
                                               fp_http_client_get_log (self->client), &error);
  const FpMailServer *insecure;

  if (chosen == NULL)
    {
      fp_review_page_set_error (review_page (self), error->message);
      return;
    }
  g_clear_pointer (&self->check_config, fp_mail_config_unref);
  self->check_config = chosen;
  /* OAuth2 servers: the mail program signs in itself, so no password is asked for them. */
  if (*password == '\0' && fp_auth_choice_needs_password (chosen))
    return;
  fp_secret_free (self->mail_password);
  self->mail_password = *password != '\0' ? fp_secret_dup (password) : NULL;
  fp_review_page_set_error (review_page (self), NULL);
  fp_review_page_set_password_error (review_page (self), NULL);
  insecure = fp_mail_config_find_insecure (chosen);
  if (insecure != NULL && !self->insecure_accepted)
    confirm_insecure (self, insecure);
  else
    start_check (self);
}

static void
check_retry_cb (FpWindow *self)
{
  start_check (self);
}

static void
checking_cancel_cb (FpWindow *self)
{
  fp_activity_log_add (fp_http_client_get_log (self->client),
                       "login check cancelled by the person");
  go_back (self);
}

/* Configuration document -------------------------------------------------------------------- */

static FpAutoconfigLink *
chosen_link (FpWindow *self)
{
  return g_ptr_array_index (self->result->links, self->chosen);
}

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = fp_config_fetch_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->credentials);
  if (config == NULL)
    {
      show_problem (self, error);
      return;
    }
  if (config->name == NULL)
    config->name = g_strdup (chosen_link (self)->title);
  show_review (self, config);
}

static void
start_fetch (FpWindow *self)
{
  FpAutoconfigLink *link = chosen_link (self);
  g_autofree char *message = fp_fetch_page_message (link->title, link->host);

  self->fetching = TRUE;
  reset_cancellable (self);
  show_lookup (self, message);
  fp_config_fetch_async (self->client, self->identifier, link->href, FP_MAIL_CONFIG_PARSE_NONE,
                         self->cancellable, fetch_cb, g_object_ref (self));
}

static void
chosen_cb (FpWindow *self,
           guint     index)
{
  self->chosen = index;
  start_fetch (self);
}

/* Credentials -------------------------------------------------------------------------------- */

static gboolean
credentials_required_cb (FpHttpClient         *client,
                         FpCredentialsRequest *request,
                         FpWindow             *self)
{
  guint failed = fp_credentials_request_get_failed_attempts (request);
  g_autoptr(FpPasswordPageState) state =
    fp_password_page_state_new (fp_credentials_request_get_host (request),
                                fp_credentials_request_get_base_domain (request),
                                fp_credentials_request_get_account_domain (request),
                                fp_credentials_request_get_is_foreign (request), failed,
                                FP_CREDENTIALS_MAX_ATTEMPTS,
                                fp_credentials_request_get_default_user (request));

  g_set_object (&self->credentials, request);
  fp_password_page_set_state (password_page (self), state, failed > 0);
  show_page (self, FP_WIZARD_PAGE_PASSWORD);
  return TRUE;
}

static void
password_submit_cb (FpWindow *self)
{
  g_autoptr(FpCredentialsRequest) request = g_steal_pointer (&self->credentials);
  g_autofree char *message = NULL;

  if (request == NULL)
    return;
  fp_secret_free (self->password);
  self->password = fp_secret_dup (fp_password_page_get_password (password_page (self)));
  g_free (self->password_host);
  self->password_host = g_strdup (fp_credentials_request_get_host (request));
  if (fp_credentials_request_get_is_foreign (request))
    {
      g_free (self->consented_domain);
      self->consented_domain = g_strdup (fp_credentials_request_get_base_domain (request));
    }
  message = fp_password_check_message (fp_credentials_request_get_host (request));
  show_lookup (self, message);
  fp_credentials_request_provide (request, fp_password_page_get_user (password_page (self)),
                                  self->password);
  fp_password_page_clear_password (password_page (self));
}

/* Discovery ----------------------------------------------------------------------------------- */

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FpDiscoveryResult) found = fp_discovery_lookup_finish (FP_DISCOVERY (source), result,
                                                                   &error);

  g_clear_object (&self->credentials);
  /* A certificate failed on the account's own web host: said even though settings were found. */
  if (found != NULL && found->warning != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (found->warning, -1);
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  switch (fp_wizard_after_lookup (found, error))
    {
    case FP_LOOKUP_NEXT_START_OVER:
      return;
    case FP_LOOKUP_NEXT_PROBLEM:
      if (error == NULL)
        error = g_error_new (FP_ERROR, FP_ERROR_NOT_PUBLISHED, _("Nothing is published."));
      show_problem (self, error);
      return;
    case FP_LOOKUP_NEXT_REVIEW:
      g_clear_pointer (&self->result, fp_discovery_result_free);
      self->result = g_steal_pointer (&found);
      show_review (self, self->result->config);
      return;
    case FP_LOOKUP_NEXT_CHOOSE:
      g_clear_pointer (&self->result, fp_discovery_result_free);
      self->result = g_steal_pointer (&found);
      fp_choose_page_set_links (choose_page (self), self->identifier->address, self->result->links);
      show_page (self, FP_WIZARD_PAGE_CHOOSE);
      return;
    case FP_LOOKUP_NEXT_FETCH:
      g_clear_pointer (&self->result, fp_discovery_result_free);
      self->result = g_steal_pointer (&found);
      self->chosen = 0;
      start_fetch (self);
      return;
    default:
      g_assert_not_reached ();
    }
}

static void
start_lookup (FpWindow *self)
{
  g_autofree char *message = fp_lookup_page_message (self->identifier->host);

  self->fetching = FALSE;
  reset_cancellable (self);
  show_lookup (self, message);
  fp_activity_log_add (fp_http_client_get_log (self->client), "looking up %s",
                       self->identifier->address);
  fp_discovery_lookup_async (self->discovery, self->identifier, self->cancellable, lookup_cb,
                             g_object_ref (self));
}

static void
identifier_next_cb (FpWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FpIdentifier) identifier =
    fp_identifier_parse (fp_identifier_page_get_address (self->identifier_page), &error);

  if (identifier == NULL)
    {
      fp_identifier_page_set_error (self->identifier_page, error->message);
      return;
    }
  /* A new address forgets the password typed for the last one. */
  if (self->identifier == NULL || g_strcmp0 (self->identifier->address, identifier->address) != 0)
    {
      g_clear_pointer (&self->password, fp_secret_free);
      g_clear_pointer (&self->password_host, g_free);
      g_clear_pointer (&self->consented_domain, g_free);
    }
  g_clear_pointer (&self->identifier, fp_identifier_free);
  self->identifier = g_steal_pointer (&identifier);
  g_free (self->name);
  self->name = g_strstrip (g_strdup (fp_identifier_page_get_name (self->identifier_page)));
  start_lookup (self);
}

static void
lookup_cancel_cb (FpWindow *self)
{
  fp_activity_log_add (fp_http_client_get_log (self->client), "cancelled by the person");
  go_back (self);
}

/* Problems and manual setup ------------------------------------------------------------------- */

static void
problem_retry_cb (FpWindow *self)
{
  if (self->fetching && self->result != NULL && self->result->links != NULL)
    start_fetch (self);
  else
    start_lookup (self);
}

static void
problem_manual_cb (FpWindow *self)
{
  /* Going back and forth keeps what was typed; a new address starts from fresh guesses. */
  if (g_strcmp0 (self->manual_for, self->identifier->address) != 0)
    {
      g_auto(FpManualSettings) settings = { 0 };

      fp_manual_settings_init_defaults (&settings, self->identifier);
      fp_manual_page_set_settings (manual_page (self), &settings);
      g_free (self->manual_for);
      self->manual_for = g_strdup (self->identifier->address);
    }
  show_page (self, FP_WIZARD_PAGE_MANUAL);
}

static void
manual_next_cb (FpWindow *self)
{
  g_auto(FpManualSettings) settings = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) config = NULL;

  fp_manual_page_get_settings (manual_page (self), &settings);
  config = fp_manual_settings_to_config (&settings, self->identifier, self->name, &error);
  if (config == NULL)
    {
      fp_manual_page_set_error (manual_page (self), error->message);
      return;
    }
  show_review (self, config);
}

/* Done ---------------------------------------------------------------------------------------- */

static void
done_open_program_cb (FpWindow *self,
                      guint     program)
{
  g_autoptr(GError) error = NULL;

  if (!fp_mail_program_launch (program, GTK_WIDGET (self), &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      AdwToast *toast = adw_toast_new (escaped);

      /* A toast's title is markup in libadwaita 1.2; a reason stays until it was read. */
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
done_close_cb (FpWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* Details and About ------------------------------------------------------------------------- */

static void
details_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FpWindow *self = FP_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (fp_details_window_new (GTK_WINDOW (self),
                                                         fp_http_client_get_log (self->client))));
}

static void
about_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FpWindow *self = FP_WINDOW (widget);
  g_autofree char *report = fp_details_report (fp_http_client_get_log (self->client));
  GtkWidget *about = adw_about_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (about), GTK_WINDOW (self));
  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Fingerpost"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APPLICATION_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Fingerpost developers"));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Set up a mail account from its address and password"));
  /* The HIG's place for troubleshooting: the same report as Details' Copy. */
  adw_about_window_set_debug_info (ADW_ABOUT_WINDOW (about), report);
  adw_about_window_set_debug_info_filename (ADW_ABOUT_WINDOW (about), "fingerpost-details.txt");
  gtk_window_present (GTK_WINDOW (about));
}

/* Object -------------------------------------------------------------------------------------- */

static void
fp_window_dispose (GObject *object)
{
  FpWindow *self = FP_WINDOW (object);

  g_clear_weak_pointer (&self->focus_before_move);
  g_clear_handle_id (&self->done_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->credentials != NULL && !fp_credentials_request_get_answered (self->credentials))
    fp_credentials_request_decline (self->credentials);
  g_clear_object (&self->credentials);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->verifier != NULL)
    g_signal_handlers_disconnect_by_data (self->verifier, self);
  g_clear_object (&self->verifier);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (fp_http_client_get_log (self->client), self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->discovery);
  g_clear_object (&self->client);
  g_clear_object (&self->demo);
  g_clear_object (&self->servers_of);
  gtk_widget_dispose_template (GTK_WIDGET (self), FP_TYPE_WINDOW);

  G_OBJECT_CLASS (fp_window_parent_class)->dispose (object);
}

static void
fp_window_finalize (GObject *object)
{
  FpWindow *self = FP_WINDOW (object);

  g_clear_pointer (&self->password, fp_secret_free);
  g_clear_pointer (&self->mail_password, fp_secret_free);
  g_clear_pointer (&self->password_host, g_free);
  g_clear_pointer (&self->consented_domain, g_free);
  g_clear_pointer (&self->identifier, fp_identifier_free);
  g_clear_pointer (&self->result, fp_discovery_result_free);
  g_clear_pointer (&self->config, fp_mail_config_unref);
  g_clear_pointer (&self->check_config, fp_mail_config_unref);
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->check_failures, g_ptr_array_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->manual_for, g_free);

  G_OBJECT_CLASS (fp_window_parent_class)->finalize (object);
}

static void
fp_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FpWindow *self = FP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fp_window_class_init (FpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fp_window_dispose;
  object_class->finalize = fp_window_finalize;
  object_class->get_property = fp_window_get_property;

  /* The #FpWizardPage on screen, for tests and tools that follow the flow. */
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, FP_WIZARD_PAGE_CHECK_PROBLEM,
                       FP_WIZARD_PAGE_IDENTIFIER,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The pages are instantiated from the template: their types must exist first. */
  g_type_ensure (FP_TYPE_IDENTIFIER_PAGE);
  g_type_ensure (FP_TYPE_LOOKUP_PAGE);
  g_type_ensure (FP_TYPE_CHOOSE_PAGE);
  g_type_ensure (FP_TYPE_PASSWORD_PAGE);
  g_type_ensure (FP_TYPE_REVIEW_PAGE);
  g_type_ensure (FP_TYPE_DONE_PAGE);
  g_type_ensure (FP_TYPE_PROBLEM_PAGE);
  g_type_ensure (FP_TYPE_MANUAL_PAGE);
  g_type_ensure (FP_TYPE_CHECKING_PAGE);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.back", NULL);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "win.details", NULL, details_action_cb);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, about_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, FpWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, FpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FpWindow, identifier_page);
  gtk_widget_class_bind_template_child (widget_class, FpWindow, lookup_page);
  gtk_widget_class_bind_template_callback (widget_class, identifier_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, lookup_cancel_cb);
}

static void
fp_window_init (FpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->history = g_array_new (FALSE, FALSE, sizeof (FpWizardPage));
  self->check_failures = g_ptr_array_new_with_free_func (g_free);
  self->page = FP_WIZARD_PAGE_IDENTIFIER;
  self->cancellable = g_cancellable_new ();
  self->client = fp_http_client_new ();
  self->discovery = fp_discovery_new (self->client);
  self->verifier = fp_mail_verifier_new (self->client);
  g_signal_connect (self->verifier, "server-progress", G_CALLBACK (server_progress_cb), self);
  g_signal_connect (self->client, "credentials-required", G_CALLBACK (credentials_required_cb),
                    self);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_changed_cb), NULL);
  g_signal_connect (self, "move-focus", G_CALLBACK (move_focus_cb), NULL);
  g_signal_connect_after (self, "move-focus", G_CALLBACK (moved_focus_cb), NULL);
  update_back (self);
  fp_a11y_tidy_names (GTK_WIDGET (self));
  /* The first field, not the first button of the header bar. */
  gtk_widget_grab_focus (GTK_WIDGET (self->identifier_page));
}

FpWindow *
fp_window_new (GtkApplication *application)
{
  return g_object_new (FP_TYPE_WINDOW, "application", application, NULL);
}

/*
 * Sends every request of this window to @demo's web and mail servers, as the demo does, but
 * without being the demo: what is set up is written to the real mail programs and GNOME Online
 * Accounts, not into the demo's folder. For tests in a private home and session bus, of what
 * that folder cannot hold (GNOME Online Accounts).
 */
void
fp_window_use_servers_of (FpWindow       *self,
                          FpDemoProvider *demo)
{
  g_return_if_fail (FP_IS_WINDOW (self));
  g_return_if_fail (FP_IS_DEMO_PROVIDER (demo));

  if (self->servers_of == demo)
    return;
  g_set_object (&self->servers_of, demo);
  fp_demo_provider_configure_client (demo, self->client);
  /* The demo stays on this computer: no public database, no DNS questions. */
  fp_discovery_set_ispdb_url (self->discovery, NULL);
  fp_discovery_set_dns_enabled (self->discovery, FALSE);
}

/* Sends every request of this window to the in-process demo provider, and says so. */
void
fp_window_set_demo (FpWindow       *self,
                    FpDemoProvider *demo)
{
  g_autofree char *hint = NULL;

  g_return_if_fail (FP_IS_WINDOW (self));
  g_return_if_fail (FP_IS_DEMO_PROVIDER (demo));

  if (self->demo == demo)
    return;
  g_set_object (&self->demo, demo);
  fp_window_use_servers_of (self, demo);
  hint = fp_demo_hint ();
  adw_window_title_set_title (self->window_title, _("Demo Provider"));
  fp_identifier_page_set_hint (self->identifier_page, hint);
  if (*fp_identifier_page_get_address (self->identifier_page) == '\0')
    fp_identifier_page_set_address (self->identifier_page, FP_DEMO_ACCOUNT);
}

/* Fills the identifier (fingerpost ACCOUNT), when the wizard is still at its first page. */
void
fp_window_set_address (FpWindow   *self,
                       const char *address)
{
  g_return_if_fail (FP_IS_WINDOW (self));

  if (self->page != FP_WIZARD_PAGE_IDENTIFIER)
    return;
  fp_identifier_page_set_address (self->identifier_page, address);
}

gboolean
fp_window_is_demo (FpWindow *self)
{
  g_return_val_if_fail (FP_IS_WINDOW (self), FALSE);
  return self->demo != NULL;
}

FpWizardPage
fp_window_get_page (FpWindow *self)
{
  g_return_val_if_fail (FP_IS_WINDOW (self), FP_WIZARD_PAGE_IDENTIFIER);
  return self->page;
}

char *
fp_window_dup_log (FpWindow *self)
{
  g_return_val_if_fail (FP_IS_WINDOW (self), NULL);
  return fp_details_report (fp_http_client_get_log (self->client));
}
