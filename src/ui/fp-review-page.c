/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-review-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-a11y.h"
#include "fp-auth-choice.h"
#include "fp-entry-row.h"
#include "fp-program-launch.h"
#include "fp-review-page.h"

/* Everything that will be written, in words, before anything is: ::apply goes ahead. */
struct _FpReviewPage
{
  AdwBin               parent_instance;

  GtkScrolledWindow   *scrolled_window;
  GtkLabel            *source_label;
  GtkWidget           *confirm_box;
  GtkLabel            *confirm_label;
  GtkCheckButton      *confirm_check;
  GtkWidget           *confirm_check_label;
  GtkLabel            *address_note_label;
  AdwActionRow        *address_row;
  FpEntryRow          *name_row;
  AdwPreferencesGroup *servers_group;
  GtkLabel            *sign_in_label;
  GtkWidget           *password_box;
  GtkLabel            *password_hosts_label;
  FpEntryRow          *password_row;
  GtkLabel            *password_error_label;
  AdwActionRow        *program_rows[FP_MAIL_PROGRAM_COUNT];
  GtkSwitch           *program_switches[FP_MAIL_PROGRAM_COUNT];
  AdwActionRow        *evolution_row;
  AdwActionRow        *thunderbird_row;
  AdwActionRow        *goa_row;
  GtkSwitch           *evolution_switch;
  GtkSwitch           *thunderbird_switch;
  GtkSwitch           *goa_switch;
  GtkButton           *goa_settings_button;
  char                *program_subtitles[FP_MAIL_PROGRAM_COUNT];
  AdwActionRow        *keyring_row;
  GtkSwitch           *keyring_switch;
  GtkLabel            *hint_label;
  GtkLabel            *error_label;
  GtkButton           *setup_button;

  GPtrArray           *server_rows;
  FpMailConfig        *config;
};

G_DEFINE_FINAL_TYPE (FpReviewPage, fp_review_page, ADW_TYPE_BIN)

enum
{
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * How each chosen program will sign in to the first servers, and why
 * (fp-auth-choice.h); the password field only when some server needs it.
 * Returns whether the chosen programs can use the account at all.
 */
static gboolean
update_sign_in (FpReviewPage *self,
                gboolean     *needs_password)
{
  g_autoptr(GArray) programs = g_array_new (FALSE, FALSE, sizeof (FpMailProgram));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FpMailConfig) chosen = NULL;

  *needs_password = TRUE;
  if (self->config == NULL)
    return TRUE;
  for (FpMailProgram p = 0; p < FP_MAIL_PROGRAM_COUNT; p++)
    if (fp_review_page_get_program (self, p))
      g_array_append_val (programs, p);
  chosen = fp_auth_choice_apply (self->config, programs, NULL, &error);
  if (chosen == NULL)
    g_string_append (text, error->message);
  else
    {
      const FpMailServer *first[] = { g_ptr_array_index (chosen->incoming, 0),
                                      g_ptr_array_index (chosen->outgoing, 0) };

      for (guint i = 0; i < G_N_ELEMENTS (first); i++)
        {
          g_autoptr(GPtrArray) sentences = fp_auth_choice_explain (first[i], programs);

          for (guint j = 0; j < sentences->len; j++)
            g_string_append_printf (text, "%s%s", text->len ? "\n" : "",
                                    (const char *) g_ptr_array_index (sentences, j));
        }
      *needs_password = fp_auth_choice_needs_password (chosen);
    }
  /* Text from the network: never markup. */
  gtk_label_set_text (self->sign_in_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_label), text->len > 0);
  gtk_widget_set_visible (self->password_box, *needs_password);
  return chosen != NULL;
}

static void
update_setup_button (FpReviewPage *self)
{
  gboolean selected[FP_MAIL_PROGRAM_COUNT];
  gboolean can_apply;
  gboolean needs_password;

  for (guint i = 0; i < FP_MAIL_PROGRAM_COUNT; i++)
    selected[i] = fp_review_page_get_program (self, i);
  can_apply = fp_review_can_apply (selected, FP_MAIL_PROGRAM_COUNT);
  can_apply = update_sign_in (self, &needs_password) && can_apply;
  /* A greyed button alone would be a dead end: say what would make it work. */
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), !can_apply);
  /* Settings from a less trusted source are sent nothing, and written only, once the person
   * confirmed them; and no account is written before its password was tried. */
  can_apply = fp_review_can_check (can_apply,
                                   gtk_widget_get_visible (self->confirm_box),
                                   gtk_check_button_get_active (self->confirm_check),
                                   needs_password ? fp_entry_row_get_text (self->password_row)
                                                  : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->setup_button), can_apply);
}

/* Evolution reads GNOME Online Accounts: its row says so while that is chosen. */
static void
update_program_subtitles (FpReviewPage *self)
{
  gboolean goa_chosen = fp_review_page_get_program (self, FP_MAIL_PROGRAM_GOA);

  for (guint i = 0; i < FP_MAIL_PROGRAM_COUNT; i++)
    {
      g_autofree char *subtitle = NULL;

      if (self->program_subtitles[i] == NULL)
        continue;
      subtitle = fp_mail_program_subtitle (i, self->program_subtitles[i],
                                           goa_chosen && fp_review_page_get_program (self, i));
      adw_action_row_set_subtitle (self->program_rows[i], subtitle);
    }
}

static void
program_toggled_cb (FpReviewPage *self)
{
  update_program_subtitles (self);
  update_setup_button (self);
}

/* Settings → Online Accounts, where GOA's own providers sign in with OAuth2. */
static void
open_online_accounts_cb (FpReviewPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!fp_mail_program_launch (FP_MAIL_PROGRAM_GOA, GTK_WIDGET (self), &error))
    fp_review_page_set_error (self, error->message);
  else
    fp_review_page_set_error (self, NULL);
}

/* Enter in the password field applies too, when the button could be pressed. */
static void
apply_cb (FpReviewPage *self)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->setup_button)))
    return;
  g_signal_emit (self, signals[APPLY], 0);
}

/*
 * The first field, the name; but when the password is what is missing or what was refused,
 * the cursor goes there, as does a screen reader with the reason (the field's description).
 */
static gboolean
fp_review_page_grab_focus (GtkWidget *widget)
{
  FpReviewPage *self = FP_REVIEW_PAGE (widget);

  if (gtk_widget_get_visible (self->password_box) &&
      (*fp_entry_row_get_text (self->password_row) == '\0' ||
       gtk_widget_get_visible (GTK_WIDGET (self->password_error_label))))
    return gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  return gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
fp_review_page_dispose (GObject *object)
{
  FpReviewPage *self = FP_REVIEW_PAGE (object);

  g_clear_pointer (&self->server_rows, g_ptr_array_unref);
  for (guint i = 0; i < FP_MAIL_PROGRAM_COUNT; i++)
    g_clear_pointer (&self->program_subtitles[i], g_free);
  g_clear_pointer (&self->config, fp_mail_config_unref);

  G_OBJECT_CLASS (fp_review_page_parent_class)->dispose (object);
}

static void
fp_review_page_class_init (FpReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fp_review_page_dispose;
  widget_class->grab_focus = fp_review_page_grab_focus;

  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (FP_TYPE_ENTRY_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, source_label);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, confirm_box);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, confirm_label);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, confirm_check);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, confirm_check_label);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, address_note_label);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, servers_group);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, sign_in_label);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, password_box);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, password_hosts_label);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, password_error_label);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, evolution_row);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, thunderbird_row);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, evolution_switch);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, thunderbird_switch);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, goa_row);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, goa_switch);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, goa_settings_button);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, keyring_row);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, keyring_switch);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FpReviewPage, setup_button);
  gtk_widget_class_bind_template_callback (widget_class, program_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_online_accounts_cb);
}

static void
fp_review_page_init (FpReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fp_a11y_describe (GTK_WIDGET (self->password_row), GTK_WIDGET (self->password_error_label),
                    GTK_WIDGET (self->password_hosts_label));
  fp_a11y_describe (GTK_WIDGET (self->setup_button), GTK_WIDGET (self->error_label), NULL);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->confirm_check),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->confirm_check_label,
                                  NULL, -1);
  fp_a11y_describe (GTK_WIDGET (self->confirm_check), GTK_WIDGET (self->confirm_label), NULL);
  fp_a11y_describe (GTK_WIDGET (self->address_row), GTK_WIDGET (self->address_note_label), NULL);

  self->server_rows = g_ptr_array_new ();
  self->program_rows[FP_MAIL_PROGRAM_EVOLUTION] = self->evolution_row;
  self->program_rows[FP_MAIL_PROGRAM_THUNDERBIRD] = self->thunderbird_row;
  self->program_switches[FP_MAIL_PROGRAM_EVOLUTION] = self->evolution_switch;
  self->program_switches[FP_MAIL_PROGRAM_THUNDERBIRD] = self->thunderbird_switch;
  self->program_rows[FP_MAIL_PROGRAM_GOA] = self->goa_row;
  self->program_switches[FP_MAIL_PROGRAM_GOA] = self->goa_switch;
}

static void
add_server_row (FpReviewPage       *self,
                const FpMailServer *server,
                gboolean            alternative)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = fp_describe_server_title (server);
  g_autofree char *subtitle = fp_describe_server (server);
  g_autofree char *with_login = NULL;

  if (alternative)
    {
      g_autofree char *main_title = g_steal_pointer (&title);

      /* Translators: the server kind, e.g. "Outgoing (SMTP)" */
      title = g_strdup_printf (_("%s, if the first one fails"), main_title);
    }
  with_login = server->login_required
                 ? g_strdup_printf (_("%s, user “%s”"), subtitle, server->login)
                 : g_strdup_printf (_("%s, no login"), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), with_login);
  if (server->transport == FP_TRANSPORT_NONE)
    gtk_widget_add_css_class (row, "error");
  adw_preferences_group_add (self->servers_group, row);
  g_ptr_array_add (self->server_rows, row);
}

void
fp_review_page_set_config (FpReviewPage       *self,
                           const FpMailConfig *config,
                           const char         *name)
{
  g_autofree char *source = NULL;
  g_autofree char *confirmation = NULL;

  g_return_if_fail (FP_IS_REVIEW_PAGE (self));

  for (guint i = 0; i < self->server_rows->len; i++)
    adw_preferences_group_remove (self->servers_group, g_ptr_array_index (self->server_rows, i));
  g_ptr_array_set_size (self->server_rows, 0);

  if (self->config != config)
    {
      g_clear_pointer (&self->config, fp_mail_config_unref);
      self->config = fp_mail_config_ref ((FpMailConfig *) config);
    }
  adw_action_row_set_subtitle (self->address_row, config->address);
  fp_entry_row_set_text (self->name_row, name ? name : "");
  for (guint i = 0; i < config->incoming->len; i++)
    add_server_row (self, g_ptr_array_index (config->incoming, i), i > 0);
  for (guint i = 0; i < config->outgoing->len; i++)
    add_server_row (self, g_ptr_array_index (config->outgoing, i), i > 0);

  source = fp_review_source_sentence (config);
  gtk_label_set_text (self->source_label, source);
  confirmation = fp_review_confirmation_text (config);
  gtk_label_set_text (self->confirm_label, confirmation ? confirmation : "");
  gtk_check_button_set_active (self->confirm_check, FALSE);
  gtk_widget_set_visible (self->confirm_box, confirmation != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_check), confirmation != NULL);
  fp_review_page_set_typed_address (self, NULL);
  update_setup_button (self);
}

/* The person already consented to these servers' domain: not asked twice. */
void
fp_review_page_skip_confirmation (FpReviewPage *self)
{
  g_return_if_fail (FP_IS_REVIEW_PAGE (self));

  gtk_widget_set_visible (self->confirm_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_check), FALSE);
  update_setup_button (self);
}

/* @typed: (nullable): the address the person typed, when it differs from the one shown */
void
fp_review_page_set_typed_address (FpReviewPage *self,
                                  const char   *typed)
{
  g_autofree char *note = NULL;

  g_return_if_fail (FP_IS_REVIEW_PAGE (self));

  note = fp_review_address_note (adw_action_row_get_subtitle (self->address_row), typed);
  gtk_label_set_text (self->address_note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->address_note_label), note != NULL);
}

const char *
fp_review_page_get_name (FpReviewPage *self)
{
  g_return_val_if_fail (FP_IS_REVIEW_PAGE (self), NULL);
  return fp_entry_row_get_text (self->name_row);
}

void
fp_review_page_set_program (FpReviewPage           *self,
                            FpMailProgram           program,
                            const FpMailProgramRow *row)
{
  g_return_if_fail (FP_IS_REVIEW_PAGE (self));
  g_return_if_fail (program < FP_MAIL_PROGRAM_COUNT);

  g_free (self->program_subtitles[program]);
  self->program_subtitles[program] = g_strdup (row->subtitle);
  adw_action_row_set_subtitle (self->program_rows[program], row->subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->program_rows[program]), row->sensitive);
  gtk_switch_set_active (self->program_switches[program], row->active);
  if (program == FP_MAIL_PROGRAM_GOA)
    {
      /* A switch that could only fail gives way to the button that gets the account added. */
      gtk_widget_set_visible (GTK_WIDGET (self->goa_switch), !row->open_settings);
      gtk_widget_set_visible (GTK_WIDGET (self->goa_settings_button), row->open_settings);
      adw_action_row_set_activatable_widget (self->goa_row,
                                             row->open_settings
                                               ? GTK_WIDGET (self->goa_settings_button)
                                               : GTK_WIDGET (self->goa_switch));
    }
  update_program_subtitles (self);
  update_setup_button (self);
}

gboolean
fp_review_page_get_program (FpReviewPage  *self,
                            FpMailProgram  program)
{
  g_return_val_if_fail (FP_IS_REVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (program < FP_MAIL_PROGRAM_COUNT, FALSE);

  return gtk_widget_get_sensitive (GTK_WIDGET (self->program_rows[program])) &&
         gtk_switch_get_active (self->program_switches[program]);
}

void
fp_review_page_set_password_known (FpReviewPage *self,
                                   gboolean      known,
                                   gboolean      demo)
{
  g_return_if_fail (FP_IS_REVIEW_PAGE (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->keyring_row), known);
  gtk_switch_set_active (self->keyring_switch, known);
  if (!known)
    adw_action_row_set_subtitle (self->keyring_row,
                                 _("No password was typed: the mail program will ask for it"));
  else if (demo)
    adw_action_row_set_subtitle (self->keyring_row,
                                 _("The demo only pretends: your keyring is not touched"));
  else
    adw_action_row_set_subtitle (self->keyring_row,
                                 _("So the mail programs do not ask for it again"));
}

gboolean
fp_review_page_get_keep_password (FpReviewPage *self)
{
  g_return_val_if_fail (FP_IS_REVIEW_PAGE (self), FALSE);
  return gtk_widget_get_sensitive (GTK_WIDGET (self->keyring_row)) &&
         gtk_switch_get_active (self->keyring_switch);
}

/* @error: (nullable): why nothing was written, shown above the button to try again */
void
fp_review_page_set_error (FpReviewPage *self,
                          const char   *error)
{
  g_return_if_fail (FP_IS_REVIEW_PAGE (self));

  gtk_label_set_text (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  /* The message sits under the title: show it, wherever the person had scrolled to; the focus
   * goes to the button that tries again, which a screen reader reads with the message. */
  if (error != NULL)
    {
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
      if (gtk_widget_is_sensitive (GTK_WIDGET (self->setup_button)))
        gtk_widget_grab_focus (GTK_WIDGET (self->setup_button));
    }
}

/**
 * fp_review_page_set_password:
 * @password: (nullable): the password typed earlier in this flow, when @state allows filling
 *   it in; otherwise the field is emptied
 */
void
fp_review_page_set_password (FpReviewPage                *self,
                             const FpReviewPasswordState *state,
                             const char                  *password)
{
  g_return_if_fail (FP_IS_REVIEW_PAGE (self));

  gtk_label_set_markup (self->password_hosts_label, state->explanation);
  fp_entry_row_set_text (self->password_row,
                         state->prefill && password != NULL ? password : "");
  fp_review_page_set_password_error (self, NULL);
  update_setup_button (self);
}

const char *
fp_review_page_get_password (FpReviewPage *self)
{
  g_return_val_if_fail (FP_IS_REVIEW_PAGE (self), NULL);
  return fp_entry_row_get_text (self->password_row);
}

/* @error: (nullable): why the password was refused, shown under it; the field is emptied */
void
fp_review_page_set_password_error (FpReviewPage *self,
                                   const char   *error)
{
  g_return_if_fail (FP_IS_REVIEW_PAGE (self));

  gtk_label_set_text (self->password_error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), error != NULL);
  if (error != NULL)
    fp_entry_row_set_text (self->password_row, "");
}
