/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-details-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-a11y.h"
#include "fp-details-window.h"

/*
 * The step-by-step log, in a window of its own so it never takes a page's
 * room: reachable from every page through the main menu, following the
 * newest line, and copied with the version and the date for a helpdesk.
 */
struct _FpDetailsWindow
{
  AdwWindow          parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkScrolledWindow *scrolled_window;
  GtkTextView       *log_view;

  FpActivityLog     *log;
  guint              follow_id;
};

G_DEFINE_FINAL_TYPE (FpDetailsWindow, fp_details_window, ADW_TYPE_WINDOW)

/* What is copied: which Fingerpost, when, then every line with its wall-clock time. */
char *
fp_details_report (FpActivityLog *log)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M:%S %z");
  g_autofree char *text = fp_activity_log_dup_text (log);

  return g_strdup_printf ("Fingerpost %s\n%s\n\n%s", PACKAGE_VERSION, date, text);
}

static gboolean
follow_cb (gpointer user_data)
{
  FpDetailsWindow *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);

  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  self->follow_id = 0;
  gtk_text_view_scroll_to_mark (self->log_view, gtk_text_buffer_get_mark (buffer, "newest"), 0.0,
                                TRUE, 0.0, 1.0);
  /* …and the margin under it. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

/* Each measured line makes the text taller: go on following the newest one. */
static void
upper_changed_cb (FpDetailsWindow *self)
{
  if (self->follow_id == 0)
    self->follow_id = g_idle_add_full (G_PRIORITY_LOW, follow_cb, self, NULL);
}

static void
show_log (FpDetailsWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  g_autofree char *text = fp_activity_log_dup_text (self->log);
  GtkTextIter end;
  GtkTextMark *mark;

  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  mark = gtk_text_buffer_get_mark (buffer, "newest");
  if (mark == NULL)
    mark = gtk_text_buffer_create_mark (buffer, "newest", &end, FALSE);
  else
    gtk_text_buffer_move_mark (buffer, mark, &end);
  /* Wrapped lines are measured in idle time: a mark is scrolled to once they are. */
  gtk_text_view_scroll_to_mark (self->log_view, mark, 0.0, TRUE, 0.0, 1.0);
}

static void
line_added_cb (FpDetailsWindow *self)
{
  show_log (self);
}

static void
copy_cb (FpDetailsWindow *self)
{
  g_autofree char *report = fp_details_report (self->log);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), report);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Details copied")));
}

static void
fp_details_window_dispose (GObject *object)
{
  FpDetailsWindow *self = FP_DETAILS_WINDOW (object);

  g_clear_handle_id (&self->follow_id, g_source_remove);
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_clear_object (&self->log);
  gtk_widget_dispose_template (GTK_WIDGET (self), FP_TYPE_DETAILS_WINDOW);

  G_OBJECT_CLASS (fp_details_window_parent_class)->dispose (object);
}

static void
fp_details_window_class_init (FpDetailsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fp_details_window_dispose;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/fingerpost/Fingerpost/fp-details-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FpDetailsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FpDetailsWindow, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, FpDetailsWindow, log_view);
  gtk_widget_class_bind_template_callback (widget_class, copy_cb);
}

static void
fp_details_window_init (FpDetailsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fp_a11y_tidy_names (GTK_WIDGET (self));
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scrolled_window),
                            "notify::upper", G_CALLBACK (upper_changed_cb), self);
}

FpDetailsWindow *
fp_details_window_new (GtkWindow     *parent,
                       FpActivityLog *log)
{
  FpDetailsWindow *self = g_object_new (FP_TYPE_DETAILS_WINDOW, "transient-for", parent, NULL);

  self->log = g_object_ref (log);
  g_signal_connect_swapped (log, "line-added", G_CALLBACK (line_added_cb), self);
  show_log (self);
  return self;
}
