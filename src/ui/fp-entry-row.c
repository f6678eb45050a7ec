/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-entry-row"

#include "config.h"

#include "fp-entry-row.h"
#include "fp-masked-buffer.h"

/*
 * A text field in a boxed list: the row's title above a real GtkEntry, or a
 * GtkPasswordEntry with "password" set. libadwaita 1.2's entry rows never tell
 * a screen reader that they have the focus, and its password row is exposed as
 * plain, readable text; the GTK entries report focus and expose a password as
 * password text, and the password entry's buffer (FpMaskedBuffer) keeps its content
 * from being read back.
 */
struct _FpEntryRow
{
  AdwPreferencesRow  parent_instance;

  GtkLabel          *title_label;
  GtkWidget         *entry;
  FpMaskedBuffer    *masked_buffer;
  gboolean           password;
};

G_DEFINE_FINAL_TYPE (FpEntryRow, fp_entry_row, ADW_TYPE_PREFERENCES_ROW)

enum
{
  PROP_0,
  PROP_PASSWORD,
  PROP_INPUT_PURPOSE,
  PROP_INPUT_HINTS,
  N_PROPS
};

enum
{
  CHANGED,
  ENTRY_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
changed_cb (FpEntryRow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
activate_cb (FpEntryRow *self)
{
  g_signal_emit (self, signals[ENTRY_ACTIVATED], 0);
}

static gboolean
fp_entry_row_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (FP_ENTRY_ROW (widget)->entry);
}

/*
 * GTK 4.8's GtkPasswordEntry leaves its "notify::has-focus" handler on the
 * inner text when it is disposed, while the window still holds that text as
 * its focus widget: when the window later lets go of the focus, the handler
 * runs on the freed entry ("invalid unclassed pointer in cast to
 * 'GtkPasswordEntry'"). Giving the focus up while the field is still whole
 * avoids it.
 */
static void
fp_entry_row_unroot (GtkWidget *widget)
{
  FpEntryRow *self = FP_ENTRY_ROW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (focus == self->entry || gtk_widget_is_ancestor (focus, self->entry)))
    gtk_root_set_focus (root, NULL);

  GTK_WIDGET_CLASS (fp_entry_row_parent_class)->unroot (widget);
}

static void
fp_entry_row_constructed (GObject *object)
{
  FpEntryRow *self = FP_ENTRY_ROW (object);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  G_OBJECT_CLASS (fp_entry_row_parent_class)->constructed (object);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_wrap (self->title_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
  g_object_bind_property (self, "title", self->title_label, "label", G_BINDING_SYNC_CREATE);
  if (self->password)
    {
      GtkText *text;
      g_autoptr(GtkEntryBuffer) buffer = NULL;

      self->entry = gtk_password_entry_new ();
      gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (self->entry), TRUE);
      text = GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->entry)));
      buffer = fp_masked_buffer_new (text);
      self->masked_buffer = FP_MASKED_BUFFER (buffer);
      gtk_text_set_buffer (text, buffer);
    }
  else
    self->entry = gtk_entry_new ();
  gtk_widget_set_hexpand (self->entry, TRUE);
  /* One name, the title's: the label says it, the field is labelled by it. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title_label, NULL,
                                  -1);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (activate_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (box), self->entry);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
}

static void
fp_entry_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FpEntryRow *self = FP_ENTRY_ROW (object);

  switch (prop_id)
    {
    case PROP_PASSWORD:
      g_value_set_boolean (value, self->password);
      break;
    case PROP_INPUT_PURPOSE:
    case PROP_INPUT_HINTS:
      g_object_get_property (G_OBJECT (self->entry), pspec->name, value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fp_entry_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FpEntryRow *self = FP_ENTRY_ROW (object);

  switch (prop_id)
    {
    case PROP_PASSWORD:
      self->password = g_value_get_boolean (value);
      break;
    case PROP_INPUT_PURPOSE:
    case PROP_INPUT_HINTS:
      /* A password entry sets its own purpose and hints. */
      if (!self->password)
        g_object_set_property (G_OBJECT (self->entry), pspec->name, value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fp_entry_row_class_init (FpEntryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fp_entry_row_constructed;
  object_class->get_property = fp_entry_row_get_property;
  object_class->set_property = fp_entry_row_set_property;
  widget_class->grab_focus = fp_entry_row_grab_focus;
  widget_class->unroot = fp_entry_row_unroot;

  properties[PROP_PASSWORD] =
    g_param_spec_boolean ("password", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INPUT_PURPOSE] =
    g_param_spec_enum ("input-purpose", NULL, NULL, GTK_TYPE_INPUT_PURPOSE,
                       GTK_INPUT_PURPOSE_FREE_FORM, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INPUT_HINTS] =
    g_param_spec_flags ("input-hints", NULL, NULL, GTK_TYPE_INPUT_HINTS, GTK_INPUT_HINT_NONE,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ENTRY_ACTIVATED] = g_signal_new ("entry-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           0);
}

static void
fp_entry_row_init (FpEntryRow *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "fp-entry-row");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  /* The row passes the focus to its field, so Tab and the screen reader land in the field. */
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}

/* The GtkEntry or GtkPasswordEntry: a #GtkEditable. */
GtkWidget *
fp_entry_row_get_entry (FpEntryRow *self)
{
  g_return_val_if_fail (FP_IS_ENTRY_ROW (self), NULL);
  return self->entry;
}

const char *
fp_entry_row_get_text (FpEntryRow *self)
{
  g_return_val_if_fail (FP_IS_ENTRY_ROW (self), NULL);
  if (self->masked_buffer != NULL)
    return fp_masked_buffer_get_secret (self->masked_buffer);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
fp_entry_row_set_text (FpEntryRow *self,
                       const char *text)
{
  g_return_if_fail (FP_IS_ENTRY_ROW (self));
  /* Straight into the buffer: GtkText would compare @text with the bullets it is shown. */
  if (self->masked_buffer != NULL)
    gtk_entry_buffer_set_text (GTK_ENTRY_BUFFER (self->masked_buffer), text ? text : "", -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
}
