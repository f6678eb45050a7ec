/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-first-run-bar"

#include "config.h"

#include "fp-first-run-bar.h"

/*
 * At the first login the wizard opens by itself: this bar above the first
 * page says why, and offers Skip (close, ask again at the next login) and
 * Don't Ask Again.
 */
struct _FpFirstRunBar
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (FpFirstRunBar, fp_first_run_bar, ADW_TYPE_BIN)

enum
{
  SIGNAL_SKIP,
  SIGNAL_DONT_ASK_AGAIN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
skip_cb (FpFirstRunBar *self)
{
  g_signal_emit (self, signals[SIGNAL_SKIP], 0);
}

static void
dont_ask_again_cb (FpFirstRunBar *self)
{
  g_signal_emit (self, signals[SIGNAL_DONT_ASK_AGAIN], 0);
}

static void
fp_first_run_bar_class_init (FpFirstRunBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[SIGNAL_SKIP] = g_signal_new ("skip", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DONT_ASK_AGAIN] = g_signal_new ("dont-ask-again", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-first-run-bar.ui");
  gtk_widget_class_bind_template_callback (widget_class, skip_cb);
  gtk_widget_class_bind_template_callback (widget_class, dont_ask_again_cb);
}

static void
fp_first_run_bar_init (FpFirstRunBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fp_first_run_bar_new (void)
{
  return g_object_new (FP_TYPE_FIRST_RUN_BAR, NULL);
}
