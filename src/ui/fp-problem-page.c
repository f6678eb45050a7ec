/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-problem-page"

#include "config.h"

#include "fp-a11y.h"
#include "fp-problem-page.h"
#include "fp-status-icon.h"

/*
 * Nothing found, or something failed: what happened, where, and the ways on
 * (::manual, ::retry, or Back to the review after a failed login check).
 */
struct _FpProblemPage
{
  AdwBin         parent_instance;

  AdwStatusPage *status_page;
  GtkLabel      *advice_label;
  GtkButton     *manual_button;
  GtkButton     *retry_button;
  GtkButton     *back_button;
};

G_DEFINE_FINAL_TYPE (FpProblemPage, fp_problem_page, ADW_TYPE_BIN)

enum
{
  MANUAL,
  RETRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
manual_cb (FpProblemPage *self)
{
  g_signal_emit (self, signals[MANUAL], 0);
}

static void
retry_cb (FpProblemPage *self)
{
  g_signal_emit (self, signals[RETRY], 0);
}

/* The way on the page suggests (blue) is the one that has the focus, so Enter does what it says. */
static GtkWidget *
suggested_button (FpProblemPage *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->manual_button)))
    return GTK_WIDGET (self->manual_button);
  if (gtk_widget_get_visible (GTK_WIDGET (self->retry_button)))
    return GTK_WIDGET (self->retry_button);
  return GTK_WIDGET (self->back_button);
}

static gboolean
fp_problem_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (suggested_button (FP_PROBLEM_PAGE (widget)));
}

static void
fp_problem_page_class_init (FpProblemPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = fp_problem_page_grab_focus;

  signals[MANUAL] = g_signal_new ("manual", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 0);
  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-problem-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FpProblemPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, FpProblemPage, advice_label);
  gtk_widget_class_bind_template_child (widget_class, FpProblemPage, manual_button);
  gtk_widget_class_bind_template_child (widget_class, FpProblemPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, FpProblemPage, back_button);
  gtk_widget_class_bind_template_callback (widget_class, manual_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_cb);
}

static void
fp_problem_page_init (FpProblemPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Whichever button has the focus, a screen reader also reads what the person can do. */
  fp_a11y_describe (GTK_WIDGET (self->manual_button), GTK_WIDGET (self->advice_label), NULL);
  fp_a11y_describe (GTK_WIDGET (self->retry_button), GTK_WIDGET (self->advice_label), NULL);
  fp_a11y_describe (GTK_WIDGET (self->back_button), GTK_WIDGET (self->advice_label), NULL);
}

void
fp_problem_page_set_problem (FpProblemPage   *self,
                             const FpProblem *problem)
{
  g_autofree char *description = NULL;

  g_return_if_fail (FP_IS_PROBLEM_PAGE (self));

  fp_status_icon_set (self->status_page, problem->icon_name);
  adw_status_page_set_title (self->status_page, problem->title);
  /* libadwaita 1.2 reads a status page's description as markup, and this one quotes servers:
   * escaped, it is shown as the text it is. */
  description = g_markup_escape_text (problem->description, -1);
  adw_status_page_set_description (self->status_page, description);
  gtk_label_set_text (self->advice_label, problem->advice);
  gtk_widget_set_visible (GTK_WIDGET (self->manual_button), problem->offer_manual);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), problem->offer_retry);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), problem->offer_back);
  gtk_widget_remove_css_class (GTK_WIDGET (self->manual_button), "suggested-action");
  gtk_widget_remove_css_class (GTK_WIDGET (self->retry_button), "suggested-action");
  gtk_widget_remove_css_class (GTK_WIDGET (self->back_button), "suggested-action");
  gtk_widget_add_css_class (suggested_button (self), "suggested-action");
}
