/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-lookup-page"

#include "config.h"

#include "fp-lookup-page.h"

/* Shown while a server is asked; ::cancel stops the request itself, not just the page. */
struct _FpLookupPage
{
  AdwBin      parent_instance;

  GtkLabel   *message_label;
  GtkSpinner *spinner;
  GtkButton  *cancel_button;
};

G_DEFINE_FINAL_TYPE (FpLookupPage, fp_lookup_page, ADW_TYPE_BIN)

enum
{
  CANCEL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cancel_cb (FpLookupPage *self)
{
  g_signal_emit (self, signals[CANCEL], 0);
}

/* A spinner that is not on screen costs redraws for nothing. */
static void
fp_lookup_page_map (GtkWidget *widget)
{
  FpLookupPage *self = FP_LOOKUP_PAGE (widget);

  GTK_WIDGET_CLASS (fp_lookup_page_parent_class)->map (widget);
  gtk_spinner_start (self->spinner);
}

static void
fp_lookup_page_unmap (GtkWidget *widget)
{
  FpLookupPage *self = FP_LOOKUP_PAGE (widget);

  gtk_spinner_stop (self->spinner);
  GTK_WIDGET_CLASS (fp_lookup_page_parent_class)->unmap (widget);
}

static gboolean
fp_lookup_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (FP_LOOKUP_PAGE (widget)->cancel_button));
}

static void
fp_lookup_page_class_init (FpLookupPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = fp_lookup_page_map;
  widget_class->unmap = fp_lookup_page_unmap;
  widget_class->grab_focus = fp_lookup_page_grab_focus;

  signals[CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-lookup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FpLookupPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, FpLookupPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, FpLookupPage, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
}

static void
fp_lookup_page_init (FpLookupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
fp_lookup_page_set_message (FpLookupPage *self,
                            const char   *message)
{
  g_return_if_fail (FP_IS_LOOKUP_PAGE (self));
  gtk_label_set_text (self->message_label, message);
}
