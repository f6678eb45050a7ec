/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-done-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-account-writing.h"
#include "fp-done-page.h"
#include "fp-status-icon.h"

/* What was written where, with a button per mail program: ::open-program, ::close. */
struct _FpDonePage
{
  AdwBin               parent_instance;

  AdwStatusPage       *status_page;
  AdwPreferencesGroup *outcomes_group;
  GtkButton           *close_button;

  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (FpDonePage, fp_done_page, ADW_TYPE_BIN)

enum
{
  OPEN_PROGRAM,
  CLOSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
close_cb (FpDonePage *self)
{
  g_signal_emit (self, signals[CLOSE], 0);
}

static void
open_clicked_cb (GtkButton  *button,
                 FpDonePage *self)
{
  guint program = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "fp-program"));

  g_signal_emit (self, signals[OPEN_PROGRAM], 0, program);
}

static gboolean
fp_done_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (FP_DONE_PAGE (widget)->close_button));
}

static void
fp_done_page_dispose (GObject *object)
{
  FpDonePage *self = FP_DONE_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (fp_done_page_parent_class)->dispose (object);
}

static void
fp_done_page_class_init (FpDonePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fp_done_page_dispose;
  widget_class->grab_focus = fp_done_page_grab_focus;

  signals[OPEN_PROGRAM] = g_signal_new ("open-program", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_UINT);
  signals[CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FpDonePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, FpDonePage, outcomes_group);
  gtk_widget_class_bind_template_child (widget_class, FpDonePage, close_button);
  gtk_widget_class_bind_template_callback (widget_class, close_cb);
}

static void
fp_done_page_init (FpDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

static GtkWidget *
create_row (FpDonePage           *self,
            const FpWriteOutcome *outcome,
            gboolean              can_open)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), outcome->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), outcome->summary);
  /* Opening a mail program only helps once the account is really in it: not in the demo,
   * whose accounts live in a scratch folder the programs never read. */
  if (can_open && outcome->written && outcome->program < FP_MAIL_PROGRAM_COUNT)
    {
      /* No mnemonic: with two programs written, two rows would share it. */
      GtkWidget *button = gtk_button_new_with_label (_("Open"));
      g_autofree char *label = g_strdup_printf (_("Open %s"), outcome->title);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      g_object_set_data (G_OBJECT (button), "fp-program", GUINT_TO_POINTER (outcome->program));
      g_signal_connect (button, "clicked", G_CALLBACK (open_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  if (!outcome->written && outcome->program < FP_MAIL_PROGRAM_COUNT)
    gtk_widget_add_css_class (row, "error");
  return row;
}

/* A status page's description is markup in libadwaita 1.2: only text goes in. */
static void
set_description (AdwStatusPage *page,
                 const char    *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_status_page_set_description (page, escaped);
}

static void
add_row (FpDonePage *self,
         GtkWidget  *row)
{
  adw_preferences_group_add (self->outcomes_group, row);
  g_ptr_array_add (self->rows, row);
}

static guint
count_written (GPtrArray *outcomes,
               guint     *programs)
{
  guint written = 0;

  *programs = 0;
  for (guint i = 0; i < outcomes->len; i++)
    {
      const FpWriteOutcome *outcome = g_ptr_array_index (outcomes, i);

      if (outcome->program >= FP_MAIL_PROGRAM_COUNT)
        continue;
      (*programs)++;
      written += outcome->written;
    }
  return written;
}

/**
 * fp_done_page_set_outcomes:
 * @scratch_dir: (nullable): the demo's folder, named so the person can look
 */
void
fp_done_page_set_outcomes (FpDonePage *self,
                           GPtrArray  *outcomes,
                           const char *scratch_dir)
{
  guint programs;
  guint written;

  g_return_if_fail (FP_IS_DONE_PAGE (self));

  written = count_written (outcomes, &programs);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->outcomes_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (written == programs)
    {
      fp_status_icon_set (self->status_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->status_page, _("Your Account Is Ready"));
      set_description (self->status_page,
                       scratch_dir != NULL
                         ? _("The demo wrote the account into its own folder, "
                             "below; your mail programs are unchanged.")
                         : _("Open your mail program to read your mail."));
    }
  else if (written > 0)
    {
      fp_status_icon_set (self->status_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->status_page, _("Partly Set Up"));
      set_description (self->status_page,
                       _("One mail program has the account; the other could not "
                                         "be written, and nothing of it was changed."));
    }
  else
    {
      fp_status_icon_set (self->status_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->status_page, _("Nothing Was Written"));
      set_description (self->status_page,
                       _("Nothing was changed. The reason is below; the details "
                                         "have every step."));
    }
  for (guint i = 0; i < outcomes->len; i++)
    add_row (self, create_row (self, g_ptr_array_index (outcomes, i), scratch_dir == NULL));
  if (scratch_dir != NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Demo Folder"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), scratch_dir);
      add_row (self, row);
    }
}
