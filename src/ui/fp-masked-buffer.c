/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-masked-buffer"

#include "config.h"

#include <string.h>

#include "fp-masked-buffer.h"

/*
 * The buffer of a password field. GTK 4.8 answers an AT-SPI client's GetText on a
 * GtkPasswordEntry with gtk_editable_get_text (), the password itself, so any program
 * on the accessibility bus could read it back. This buffer gives GTK, and so the bus,
 * one bullet per character while the field hides its text; the password stays in a
 * GtkPasswordEntryBuffer (memory that is not swapped out), read only by
 * fp_masked_buffer_get_secret (). When the person asks to see the password, the field
 * shows it and the buffer gives it out like any visible text.
 */
struct _FpMaskedBuffer
{
  GtkEntryBuffer  parent_instance;

  GtkEntryBuffer *secret;
  char           *mask;
  GtkText        *text;
};

G_DEFINE_FINAL_TYPE (FpMaskedBuffer, fp_masked_buffer, GTK_TYPE_ENTRY_BUFFER)

#define BULLET "\u2022"

static void
update_mask (FpMaskedBuffer *self)
{
  guint length = gtk_entry_buffer_get_length (self->secret);
  GString *mask = g_string_sized_new (length * strlen (BULLET) + 1);

  for (guint i = 0; i < length; i++)
    g_string_append (mask, BULLET);
  g_free (self->mask);
  self->mask = g_string_free (mask, FALSE);
}

static const char *
fp_masked_buffer_get_text (GtkEntryBuffer *buffer,
                           gsize          *n_bytes)
{
  FpMaskedBuffer *self = FP_MASKED_BUFFER (buffer);

  if (self->text != NULL && gtk_text_get_visibility (self->text))
    {
      if (n_bytes != NULL)
        *n_bytes = gtk_entry_buffer_get_bytes (self->secret);
      return gtk_entry_buffer_get_text (self->secret);
    }
  if (n_bytes != NULL)
    *n_bytes = strlen (self->mask);
  return self->mask;
}

static guint
fp_masked_buffer_get_length (GtkEntryBuffer *buffer)
{
  return gtk_entry_buffer_get_length (FP_MASKED_BUFFER (buffer)->secret);
}

static guint
fp_masked_buffer_insert_text (GtkEntryBuffer *buffer,
                              guint           position,
                              const char     *chars,
                              guint           n_chars)
{
  FpMaskedBuffer *self = FP_MASKED_BUFFER (buffer);
  guint inserted = gtk_entry_buffer_insert_text (self->secret, position, chars, n_chars);

  update_mask (self);
  gtk_entry_buffer_emit_inserted_text (buffer, position, chars, inserted);
  return inserted;
}

/* As in GtkEntryBuffer, the text goes in the default handler of "deleted-text", so that
 * handlers run before it still see what is deleted. */
static guint
fp_masked_buffer_delete_text (GtkEntryBuffer *buffer,
                              guint           position,
                              guint           n_chars)
{
  if (n_chars > 0)
    gtk_entry_buffer_emit_deleted_text (buffer, position, n_chars);
  return n_chars;
}

static void
fp_masked_buffer_deleted_text (GtkEntryBuffer *buffer,
                               guint           position,
                               guint           n_chars)
{
  FpMaskedBuffer *self = FP_MASKED_BUFFER (buffer);

  gtk_entry_buffer_delete_text (self->secret, position, n_chars);
  update_mask (self);
  g_object_notify (G_OBJECT (buffer), "text");
  g_object_notify (G_OBJECT (buffer), "length");
}

static void
fp_masked_buffer_finalize (GObject *object)
{
  FpMaskedBuffer *self = FP_MASKED_BUFFER (object);

  g_clear_weak_pointer (&self->text);
  g_clear_object (&self->secret);
  g_clear_pointer (&self->mask, g_free);
  G_OBJECT_CLASS (fp_masked_buffer_parent_class)->finalize (object);
}

static void
fp_masked_buffer_class_init (FpMaskedBufferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkEntryBufferClass *buffer_class = GTK_ENTRY_BUFFER_CLASS (klass);

  object_class->finalize = fp_masked_buffer_finalize;
  buffer_class->get_text = fp_masked_buffer_get_text;
  buffer_class->get_length = fp_masked_buffer_get_length;
  buffer_class->insert_text = fp_masked_buffer_insert_text;
  buffer_class->delete_text = fp_masked_buffer_delete_text;
  buffer_class->deleted_text = fp_masked_buffer_deleted_text;
}

static void
fp_masked_buffer_init (FpMaskedBuffer *self)
{
  self->secret = gtk_password_entry_buffer_new ();
  self->mask = g_strdup ("");
}

/* A buffer for @text, a GtkText that hides its characters unless the person reveals them. */
GtkEntryBuffer *
fp_masked_buffer_new (GtkText *text)
{
  FpMaskedBuffer *self = g_object_new (FP_TYPE_MASKED_BUFFER, NULL);

  g_return_val_if_fail (GTK_IS_TEXT (text), NULL);
  g_set_weak_pointer (&self->text, text);
  return GTK_ENTRY_BUFFER (self);
}

/* The password as typed, for the program itself; never handed to GTK while hidden. */
const char *
fp_masked_buffer_get_secret (FpMaskedBuffer *self)
{
  g_return_val_if_fail (FP_IS_MASKED_BUFFER (self), NULL);
  return gtk_entry_buffer_get_text (self->secret);
}
