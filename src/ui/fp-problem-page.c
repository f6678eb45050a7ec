/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-problem-page"

#include "config.h"

#include "fp-problem-page.h"

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

static gboolean
fp_problem_page_grab_focus (GtkWidget *widget)
{
  FpProblemPage *self = FP_PROBLEM_PAGE (widget);

  if (gtk_widget_get_visible (GTK_WIDGET (self->retry_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->retry_button));
  if (gtk_widget_get_visible (GTK_WIDGET (self->manual_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->manual_button));
  return gtk_widget_grab_focus (GTK_WIDGET (self->back_button));
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
}

void
fp_problem_page_set_problem (FpProblemPage   *self,
                             const FpProblem *problem)
{
  g_return_if_fail (FP_IS_PROBLEM_PAGE (self));

  adw_status_page_set_icon_name (self->status_page, problem->icon_name);
  adw_status_page_set_title (self->status_page, problem->title);
  adw_status_page_set_description (self->status_page, problem->description);
  gtk_label_set_text (self->advice_label, problem->advice);
  gtk_widget_set_visible (GTK_WIDGET (self->manual_button), problem->offer_manual);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), problem->offer_retry);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), problem->offer_back);
}
