/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fp-clients-error.h"
#include "fp-prefs-js.h"

/*
 * Thunderbird's prefs.js: `user_pref("name", value);` statements, comments
 * and blank space. The file is kept as a list of chunks, each either text we
 * pass through byte for byte (space, comments) or one statement with its
 * original text; only the statements we change are written anew, so every
 * line that was there survives exactly. The grammar is Mozilla's libpref
 * one: strings in either quote with \" \' \\ \n \r \xNN \uNNNN escapes,
 * 32-bit integers, true and false, and line, block and # comments. A file
 * we cannot parse completely is refused rather than half understood.
 */

typedef struct
{
  FpPrefType  type;
  char       *string;
  gint32      integer;
  gboolean    boolean;
} PrefValue;

typedef struct
{
  char      *text;      /* the original bytes, or NULL once the statement changed */
  char      *function;  /* NULL for pass-through text */
  char      *name;
  PrefValue  value;
} Chunk;

struct _FpPrefsJs
{
  GObject     parent_instance;

  GPtrArray  *chunks;  /* Chunk, in file order */
  GHashTable *index;   /* name → the last Chunk that sets it: the one that wins */
};

G_DEFINE_FINAL_TYPE (FpPrefsJs, fp_prefs_js, G_TYPE_OBJECT)

static void
chunk_free (Chunk *chunk)
{
  g_free (chunk->text);
  g_free (chunk->function);
  g_free (chunk->name);
  g_free (chunk->value.string);
  g_free (chunk);
}

static void
fp_prefs_js_finalize (GObject *object)
{
  FpPrefsJs *self = FP_PREFS_JS (object);

  g_clear_pointer (&self->index, g_hash_table_unref);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  G_OBJECT_CLASS (fp_prefs_js_parent_class)->finalize (object);
}

static void
fp_prefs_js_class_init (FpPrefsJsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fp_prefs_js_finalize;
}

static void
fp_prefs_js_init (FpPrefsJs *self)
{
  self->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_free);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
}

FpPrefsJs *
fp_prefs_js_new (void)
{
  return g_object_new (FP_TYPE_PREFS_JS, NULL);
}

/* Parsing */

typedef struct
{
  const char *text;
  gsize       length;
  gsize       pos;
  guint       line;
  gsize       line_start;
  GError     *error;
} Parser;

static gboolean
parser_fail (Parser     *parser,
             const char *what)
{
  if (parser->error == NULL)
    parser->error = g_error_new (FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
                                 _("prefs.js line %u, column %u: %s"), parser->line,
                                 (guint) (parser->pos - parser->line_start + 1), what);
  return FALSE;
}

static gboolean
parser_at_end (Parser *parser)
{
  return parser->pos >= parser->length;
}

static char
parser_peek (Parser *parser,
             gsize   ahead)
{
  return parser->pos + ahead < parser->length ? parser->text[parser->pos + ahead] : '\0';
}

static void
parser_advance (Parser *parser)
{
  if (parser->text[parser->pos] == '\n')
    {
      parser->line++;
      parser->line_start = parser->pos + 1;
    }
  parser->pos++;
}

/* Space and comments; FALSE only for a comment that never ends. */
static gboolean
skip_space_and_comments (Parser *parser)
{
  while (!parser_at_end (parser))
    {
      char c = parser_peek (parser, 0);

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        parser_advance (parser);
      else if (c == '#' || (c == '/' && parser_peek (parser, 1) == '/'))
        {
          while (!parser_at_end (parser) && parser_peek (parser, 0) != '\n')
            parser_advance (parser);
        }
      else if (c == '/' && parser_peek (parser, 1) == '*')
        {
          parser_advance (parser);
          parser_advance (parser);
          while (!(parser_peek (parser, 0) == '*' && parser_peek (parser, 1) == '/'))
            {
              if (parser_at_end (parser))
                return parser_fail (parser, _("a comment that never ends"));
              parser_advance (parser);
            }
          parser_advance (parser);
          parser_advance (parser);
        }
      else
        break;
    }
  return TRUE;
}

static gboolean
expect_char (Parser *parser,
             char    wanted)
{
  g_autofree char *message = NULL;

  if (!skip_space_and_comments (parser))
    return FALSE;
  if (parser_peek (parser, 0) == wanted && !parser_at_end (parser))
    {
      parser_advance (parser);
      return TRUE;
    }
  message = g_strdup_printf (_("expected “%c”"), wanted);
  return parser_fail (parser, message);
}

static char *
parse_identifier (Parser *parser)
{
  gsize start = parser->pos;

  while (!parser_at_end (parser) &&
         (g_ascii_isalnum (parser_peek (parser, 0)) || parser_peek (parser, 0) == '_'))
    parser_advance (parser);
  return g_strndup (parser->text + start, parser->pos - start);
}

static int
hex_digits (Parser *parser,
            guint   count)
{
  int value = 0;

  for (guint i = 0; i < count; i++)
    {
      int digit = g_ascii_xdigit_value (parser_peek (parser, 0));

      if (parser_at_end (parser) || digit < 0)
        return -1;
      value = value * 16 + digit;
      parser_advance (parser);
    }
  return value;
}

/* \uD83D\uDE00: a surrogate pair is one character. */
static gboolean
parse_unicode_escape (Parser  *parser,
                      GString *out)
{
  int high = hex_digits (parser, 4);
  int low;

  if (high < 0)
    return parser_fail (parser, _("\\u needs four hexadecimal digits"));
  if (high >= 0xDC00 && high <= 0xDFFF)
    return parser_fail (parser, _("a lone low surrogate in \\u"));
  if (high >= 0xD800 && high <= 0xDBFF)
    {
      if (parser_peek (parser, 0) != '\\' || parser_peek (parser, 1) != 'u')
        return parser_fail (parser, _("a high surrogate in \\u without its low half"));
      parser_advance (parser);
      parser_advance (parser);
      low = hex_digits (parser, 4);
      if (low < 0xDC00 || low > 0xDFFF)
        return parser_fail (parser, _("a high surrogate in \\u without its low half"));
      high = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
    }
  if (high == 0)
    return parser_fail (parser, _("a NUL character in a string"));
  g_string_append_unichar (out, high);
  return TRUE;
}

static gboolean
parse_escape (Parser  *parser,
              GString *out)
{
  char c = parser_peek (parser, 0);
  int value;

  if (parser_at_end (parser))
    return parser_fail (parser, _("a string that never ends"));
  parser_advance (parser);
  switch (c)
    {
    case '"': case '\'': case '\\':
      g_string_append_c (out, c);
      return TRUE;
    case 'n':
      g_string_append_c (out, '\n');
      return TRUE;
    case 'r':
      g_string_append_c (out, '\r');
      return TRUE;
    case 'x':
      value = hex_digits (parser, 2);
      if (value < 0)
        return parser_fail (parser, _("\\x needs two hexadecimal digits"));
      if (value == 0)
        return parser_fail (parser, _("a NUL character in a string"));
      g_string_append_unichar (out, value);
      return TRUE;
    case 'u':
      return parse_unicode_escape (parser, out);
    default:
      return parser_fail (parser, _("an unknown escape in a string"));
    }
}

static char *
parse_string (Parser *parser)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char quote = parser_peek (parser, 0);

  parser_advance (parser);
  for (;;)
    {
      char c = parser_peek (parser, 0);

      if (parser_at_end (parser))
        {
          parser_fail (parser, _("a string that never ends"));
          return NULL;
        }
      parser_advance (parser);
      if (c == quote)
        break;
      if (c == '\\')
        {
          if (!parse_escape (parser, out))
            return NULL;
        }
      else if (c == '\0')
        {
          parser_fail (parser, _("a NUL character in a string"));
          return NULL;
        }
      else
        g_string_append_c (out, c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
parse_integer (Parser    *parser,
               PrefValue *value)
{
  gboolean negative = FALSE;
  gint64 number = 0;
  guint digits = 0;

  if (parser_peek (parser, 0) == '-' || parser_peek (parser, 0) == '+')
    {
      negative = parser_peek (parser, 0) == '-';
      parser_advance (parser);
    }
  while (!parser_at_end (parser) && g_ascii_isdigit (parser_peek (parser, 0)))
    {
      number = number * 10 + (parser_peek (parser, 0) - '0');
      if (number > (gint64) G_MAXINT32 + 1)
        return parser_fail (parser, _("an integer out of range"));
      parser_advance (parser);
      digits++;
    }
  if (digits == 0)
    return parser_fail (parser, _("expected a value: a string, an integer, true or false"));
  if (negative)
    number = -number;
  if (number > G_MAXINT32 || number < G_MININT32)
    return parser_fail (parser, _("an integer out of range"));
  value->type = FP_PREF_INT;
  value->integer = (gint32) number;
  return TRUE;
}

static gboolean
parse_value (Parser    *parser,
             PrefValue *value)
{
  char c;

  if (!skip_space_and_comments (parser))
    return FALSE;
  c = parser_peek (parser, 0);
  if (!parser_at_end (parser) && (c == '"' || c == '\''))
    {
      value->string = parse_string (parser);
      value->type = FP_PREF_STRING;
      return value->string != NULL;
    }
  if (g_ascii_isalpha (c))
    {
      g_autofree char *word = parse_identifier (parser);

      value->type = FP_PREF_BOOL;
      value->boolean = g_str_equal (word, "true");
      if (value->boolean || g_str_equal (word, "false"))
        return TRUE;
      return parser_fail (parser, _("expected a value: a string, an integer, true or false"));
    }
  return parse_integer (parser, value);
}

/* `pref("a", 1, locked)`: attributes are only meaningful in default prefs, but legal. */
static gboolean
parse_attributes (Parser *parser)
{
  for (;;)
    {
      g_autofree char *attribute = NULL;

      if (!skip_space_and_comments (parser))
        return FALSE;
      if (parser_peek (parser, 0) != ',')
        return TRUE;
      parser_advance (parser);
      if (!skip_space_and_comments (parser))
        return FALSE;
      attribute = parse_identifier (parser);
      if (!g_str_equal (attribute, "sticky") && !g_str_equal (attribute, "locked"))
        return parser_fail (parser, _("expected “)”"));
    }
}

static Chunk *
parse_statement (Parser *parser)
{
  gsize start = parser->pos;
  Chunk *chunk = g_new0 (Chunk, 1);

  chunk->function = parse_identifier (parser);
  if (!g_str_equal (chunk->function, "user_pref") && !g_str_equal (chunk->function, "pref") &&
      !g_str_equal (chunk->function, "sticky_pref"))
    {
      parser->pos = start;
      parser_fail (parser, _("expected user_pref(…);"));
      goto fail;
    }
  if (!expect_char (parser, '(') || !skip_space_and_comments (parser))
    goto fail;
  if (parser_peek (parser, 0) != '"' && parser_peek (parser, 0) != '\'')
    {
      parser_fail (parser, _("expected the preference’s name as a string"));
      goto fail;
    }
  chunk->name = parse_string (parser);
  if (chunk->name == NULL || !expect_char (parser, ',') || !parse_value (parser, &chunk->value) ||
      !parse_attributes (parser) || !expect_char (parser, ')') || !expect_char (parser, ';'))
    goto fail;
  chunk->text = g_strndup (parser->text + start, parser->pos - start);
  return chunk;

fail:
  chunk_free (chunk);
  return NULL;
}

static void
add_text_chunk (FpPrefsJs  *self,
                const char *text,
                gsize       length)
{
  Chunk *chunk;

  if (length == 0)
    return;
  chunk = g_new0 (Chunk, 1);
  chunk->text = g_strndup (text, length);
  g_ptr_array_add (self->chunks, chunk);
}

static void
add_statement_chunk (FpPrefsJs *self,
                     Chunk     *chunk)
{
  g_ptr_array_add (self->chunks, chunk);
  g_hash_table_insert (self->index, chunk->name, chunk);
}

/**
 * fp_prefs_js_parse:
 * @length: the length of @text, or -1 when it ends with a NUL
 *
 * Returns: (transfer full): the file, or %NULL with %FP_CLIENTS_ERROR_BAD_FILE
 *   naming the line and column
 */
FpPrefsJs *
fp_prefs_js_parse (const char  *text,
                   gssize       length,
                   GError     **error)
{
  g_autoptr(FpPrefsJs) self = fp_prefs_js_new ();
  Parser parser = { .text = text, .line = 1 };
  const char *invalid = NULL;

  parser.length = length < 0 ? strlen (text) : (gsize) length;
  if (!g_utf8_validate (text, parser.length, &invalid))
    {
      parser.pos = invalid - text;
      for (gsize i = 0; i < parser.pos; i++)
        if (text[i] == '\n')
          parser.line++, parser.line_start = i + 1;
      parser_fail (&parser, _("not valid UTF-8"));
      g_propagate_error (error, parser.error);
      return NULL;
    }

  while (!parser_at_end (&parser))
    {
      gsize start = parser.pos;
      Chunk *chunk;

      if (!skip_space_and_comments (&parser))
        break;
      add_text_chunk (self, text + start, parser.pos - start);
      if (parser_at_end (&parser))
        break;
      chunk = parse_statement (&parser);
      if (chunk == NULL)
        break;
      add_statement_chunk (self, chunk);
    }
  if (parser.error != NULL)
    {
      g_propagate_error (error, parser.error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * fp_prefs_js_load:
 *
 * A file that does not exist is an empty one: a profile Thunderbird never ran.
 *
 * Returns: (transfer full): the file, or %NULL with an error
 */
FpPrefsJs *
fp_prefs_js_load (const char  *path,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return fp_prefs_js_new ();
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
                   _("Could not read %s: %s"), path, local_error->message);
      return NULL;
    }
  return fp_prefs_js_parse (text, length, error);
}

/* Writing */

/**
 * fp_prefs_js_escape_string:
 *
 * Returns: (transfer full): @value as a quoted prefs.js string
 */
char *
fp_prefs_js_escape_string (const char *value)
{
  GString *out = g_string_new ("\"");

  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        default:
          /* Other control characters would survive raw, but not a reader's eye. */
          if ((guchar) *p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\x%02x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static void
append_statement (GString     *out,
                  const Chunk *chunk)
{
  g_autofree char *name = fp_prefs_js_escape_string (chunk->name);

  g_string_append_printf (out, "%s(%s, ", chunk->function, name);
  switch (chunk->value.type)
    {
    case FP_PREF_STRING:
      {
        g_autofree char *value = fp_prefs_js_escape_string (chunk->value.string);

        g_string_append (out, value);
      }
      break;
    case FP_PREF_INT:
      g_string_append_printf (out, "%" G_GINT32_FORMAT, chunk->value.integer);
      break;
    case FP_PREF_BOOL:
    case FP_PREF_NONE:
    default:
      g_string_append (out, chunk->value.boolean ? "true" : "false");
      break;
    }
  g_string_append (out, ");");
}

/**
 * fp_prefs_js_to_string:
 *
 * Returns: (transfer full): the file: unchanged bytes where nothing changed
 */
char *
fp_prefs_js_to_string (FpPrefsJs *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (FP_IS_PREFS_JS (self), NULL);

  for (guint i = 0; i < self->chunks->len; i++)
    {
      const Chunk *chunk = g_ptr_array_index (self->chunks, i);

      if (chunk->text != NULL)
        g_string_append (out, chunk->text);
      else
        append_statement (out, chunk);
    }
  return g_string_free (out, FALSE);
}

/* Reading and changing values */

static Chunk *
lookup (FpPrefsJs  *self,
        const char *name)
{
  return g_hash_table_lookup (self->index, name);
}

FpPrefType
fp_prefs_js_get_pref_type (FpPrefsJs  *self,
                           const char *name)
{
  Chunk *chunk = lookup (self, name);

  return chunk != NULL ? chunk->value.type : FP_PREF_NONE;
}

const char *
fp_prefs_js_get_string (FpPrefsJs  *self,
                        const char *name)
{
  Chunk *chunk = lookup (self, name);

  return chunk != NULL && chunk->value.type == FP_PREF_STRING ? chunk->value.string : NULL;
}

gboolean
fp_prefs_js_get_int (FpPrefsJs  *self,
                     const char *name,
                     gint32     *value)
{
  Chunk *chunk = lookup (self, name);

  if (chunk == NULL || chunk->value.type != FP_PREF_INT)
    return FALSE;
  *value = chunk->value.integer;
  return TRUE;
}

gboolean
fp_prefs_js_get_bool (FpPrefsJs  *self,
                      const char *name,
                      gboolean   *value)
{
  Chunk *chunk = lookup (self, name);

  if (chunk == NULL || chunk->value.type != FP_PREF_BOOL)
    return FALSE;
  *value = chunk->value.boolean;
  return TRUE;
}

/* The statement that wins is changed in place; a new one goes at the end, on its own line. */
static Chunk *
chunk_for_change (FpPrefsJs  *self,
                  const char *name)
{
  Chunk *chunk = lookup (self, name);

  if (chunk != NULL)
    {
      g_clear_pointer (&chunk->text, g_free);
      g_clear_pointer (&chunk->value.string, g_free);
      return chunk;
    }

  if (self->chunks->len > 0)
    {
      const Chunk *last = g_ptr_array_index (self->chunks, self->chunks->len - 1);

      if (last->text == NULL || !g_str_has_suffix (last->text, "\n"))
        add_text_chunk (self, "\n", 1);
    }
  chunk = g_new0 (Chunk, 1);
  chunk->function = g_strdup ("user_pref");
  chunk->name = g_strdup (name);
  add_statement_chunk (self, chunk);
  add_text_chunk (self, "\n", 1);
  return chunk;
}

void
fp_prefs_js_set_string (FpPrefsJs  *self,
                        const char *name,
                        const char *value)
{
  Chunk *chunk;

  g_return_if_fail (FP_IS_PREFS_JS (self));
  g_return_if_fail (name != NULL && value != NULL);

  chunk = chunk_for_change (self, name);
  chunk->value.type = FP_PREF_STRING;
  chunk->value.string = g_strdup (value);
}

void
fp_prefs_js_set_int (FpPrefsJs  *self,
                     const char *name,
                     gint32      value)
{
  Chunk *chunk;

  g_return_if_fail (FP_IS_PREFS_JS (self));
  g_return_if_fail (name != NULL);

  chunk = chunk_for_change (self, name);
  chunk->value.type = FP_PREF_INT;
  chunk->value.integer = value;
}

void
fp_prefs_js_set_bool (FpPrefsJs  *self,
                      const char *name,
                      gboolean    value)
{
  Chunk *chunk;

  g_return_if_fail (FP_IS_PREFS_JS (self));
  g_return_if_fail (name != NULL);

  chunk = chunk_for_change (self, name);
  chunk->value.type = FP_PREF_BOOL;
  chunk->value.boolean = !!value;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * fp_prefs_js_list_names:
 * @prefix: (nullable): only names that start with it
 *
 * Returns: (transfer full): the names set, sorted
 */
GStrv
fp_prefs_js_list_names (FpPrefsJs  *self,
                        const char *prefix)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (FP_IS_PREFS_JS (self), NULL);

  g_hash_table_iter_init (&iter, self->index);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (prefix == NULL || g_str_has_prefix (key, prefix))
      g_ptr_array_add (names, g_strdup (key));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

guint
fp_prefs_js_get_n_prefs (FpPrefsJs *self)
{
  g_return_val_if_fail (FP_IS_PREFS_JS (self), 0);
  return g_hash_table_size (self->index);
}
