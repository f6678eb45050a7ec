/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-thunderbird-oauth2"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "fp-clients-error.h"
#include "fp-thunderbird-oauth2.h"

/*
 * Which hosts Thunderbird signs in to with OAuth2. Thunderbird only uses
 * authMethod 10 for a server whose host (or a parent domain of it) is in the
 * `kHostnames` map of its module OAuth2Providers.sys.mjs, which it ships
 * inside its omni.ja; for any other host it would not sign in at all.
 *
 * That map changes with Thunderbird's releases, so no copy of it lives here:
 * Fingerpost reads it, at run time, from the omni.ja of the Thunderbird
 * installed on this computer, the one that will use the account. The jar is
 * a zip file; only its central directory and that one member are read
 * (bounded), and the member is scanned for the map's keys, nothing else of
 * the JavaScript is interpreted. When no Thunderbird can be read, or its
 * module no longer has the map, no host counts as known: OAuth2 is then not
 * chosen for Thunderbird (the provider's next method is), and the activity
 * log says why. The table is read once per process.
 *
 * Thunderbird also checks that the entry's scopes cover the protocol; every
 * mail host in 153's map either has one scope string for all protocols or
 * names imap, pop3 and smtp, so the keys alone decide here.
 */

#define MODULE_PATH "modules/OAuth2Providers.sys.mjs"
#define MAX_CENTRAL_DIRECTORY (16 * 1024 * 1024)
#define MAX_MODULE_SIZE (1024 * 1024)
#define EOCD_SEARCH (65535 + 22)

/* Where Debian, other distributions, the tarball from Mozilla and Flatpak put Thunderbird. */
static const char * const install_dirs[] = {
  "/usr/lib/thunderbird",
  "/usr/lib64/thunderbird",
  "/usr/local/lib/thunderbird",
  "/opt/thunderbird",
  "/var/lib/flatpak/app/org.mozilla.Thunderbird/current/active/files/lib/thunderbird",
  "/var/lib/flatpak/app/org.mozilla.Thunderbird/current/active/files/thunderbird",
};

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

static gboolean
read_at (GFileInputStream  *stream,
         goffset            offset,
         guint8            *buffer,
         gsize              length,
         GError           **error)
{
  gsize got = 0;

  if (!g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, NULL, error) ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, length, &got, NULL, error))
    return FALSE;
  if (got != length)
    {
      g_set_error_literal (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
                           "the jar ends early");
      return FALSE;
    }
  return TRUE;
}

static gboolean
bad_jar (GError **error)
{
  g_set_error_literal (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
                       "not a zip file Fingerpost can read");
  return FALSE;
}

/* The end of central directory record: the last one in the file's final 64 KiB. */
static gboolean
find_central_directory (GFileInputStream  *stream,
                        goffset            size,
                        goffset           *offset,
                        gsize             *length,
                        GError           **error)
{
  gsize tail_length = (gsize) MIN (size, EOCD_SEARCH);
  g_autofree guint8 *tail = g_malloc (tail_length);

  if (tail_length < 22 || !read_at (stream, size - tail_length, tail, tail_length, error))
    return tail_length < 22 ? bad_jar (error) : FALSE;
  for (gsize i = tail_length - 22 + 1; i > 0; i--)
    {
      const guint8 *p = tail + i - 1;

      if (le32 (p) != 0x06054b50)
        continue;
      *length = le32 (p + 12);
      *offset = le32 (p + 16);
      if (*length > MAX_CENTRAL_DIRECTORY || *offset + (goffset) *length > size)
        return bad_jar (error);
      return TRUE;
    }
  return bad_jar (error);
}

typedef struct
{
  guint16 method;
  guint32 compressed;
  guint32 size;
  guint32 local_offset;
} Member;

static gboolean
find_member (const guint8 *directory,
             gsize         length,
             const char   *name,
             Member       *member)
{
  gsize name_length = strlen (name);

  for (gsize at = 0; at + 46 <= length;)
    {
      const guint8 *p = directory + at;
      gsize entry_name = le16 (p + 28);
      gsize entry_length = 46 + entry_name + le16 (p + 30) + le16 (p + 32);

      if (le32 (p) != 0x02014b50 || at + entry_length > length)
        return FALSE;
      if (entry_name == name_length && memcmp (p + 46, name, name_length) == 0)
        {
          member->method = le16 (p + 10);
          member->compressed = le32 (p + 20);
          member->size = le32 (p + 24);
          member->local_offset = le32 (p + 42);
          return TRUE;
        }
      at += entry_length;
    }
  return FALSE;
}

static char *
inflate_member (const guint8  *data,
                gsize          length,
                gsize          size,
                GError       **error)
{
  g_autoptr(GZlibDecompressor) decompressor =
    g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW);
  g_autofree char *text = g_malloc (size + 1);
  gsize read = 0, written = 0;
  GConverterResult result;

  result = g_converter_convert (G_CONVERTER (decompressor), data, length, text, size,
                                G_CONVERTER_INPUT_AT_END, &read, &written, error);
  if (result != G_CONVERTER_FINISHED || written != size)
    {
      if (result != G_CONVERTER_ERROR)
        bad_jar (error);
      return NULL;
    }
  text[size] = '\0';
  return g_steal_pointer (&text);
}

static char *
read_module (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree guint8 *directory = NULL;
  g_autofree guint8 *data = NULL;
  guint8 local[30];
  goffset directory_offset, data_offset;
  gsize directory_length;
  Member member;

  if (stream == NULL)
    return NULL;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
  if (info == NULL ||
      !find_central_directory (stream, g_file_info_get_size (info), &directory_offset,
                               &directory_length, error))
    return NULL;
  directory = g_malloc (directory_length);
  if (!read_at (stream, directory_offset, directory, directory_length, error))
    return NULL;
  if (!find_member (directory, directory_length, MODULE_PATH, &member))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE, "it has no %s", MODULE_PATH);
      return NULL;
    }
  if (member.size > MAX_MODULE_SIZE || member.compressed > MAX_MODULE_SIZE ||
      (member.method != 0 && member.method != 8) ||
      !read_at (stream, member.local_offset, local, sizeof local, error))
    {
      if (error == NULL || *error == NULL)
        bad_jar (error);
      return NULL;
    }
  if (le32 (local) != 0x04034b50)
    {
      bad_jar (error);
      return NULL;
    }
  data_offset = member.local_offset + 30 + le16 (local + 26) + le16 (local + 28);
  data = g_malloc (member.compressed + 1);
  if (!read_at (stream, data_offset, data, member.compressed, error))
    return NULL;
  if (member.method == 8)
    return inflate_member (data, member.compressed, member.size, error);
  if (member.compressed != member.size)
    {
      bad_jar (error);
      return NULL;
    }
  data[member.size] = '\0';
  return (char *) g_steal_pointer (&data);
}

/* Skips a comment or a string literal at @p; returns where scanning goes on. */
static const char *
skip_literal (const char *p,
              GString    *string)
{
  char quote = *p;

  if (p[0] == '/' && p[1] == '/')
    return p + strcspn (p, "\n");
  if (p[0] == '/' && p[1] == '*')
    {
      const char *end = strstr (p + 2, "*/");

      return end != NULL ? end + 2 : p + strlen (p);
    }
  for (p++; *p != '\0' && *p != quote; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      if (string != NULL)
        g_string_append_c (string, *p);
    }
  return *p != '\0' ? p + 1 : p;
}

/*
 * `var kHostnames = new Map([ ["host", ["issuer", scopes]], … ]);`: at
 * bracket depth 2 (inside one entry) the first string is the host and, one
 * level deeper, the first string is the issuer. Comments and strings are
 * skipped so that a bracket inside them counts for nothing.
 */
GHashTable *
fp_thunderbird_oauth2_parse (const char  *text,
                             GError     **error)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *start = strstr (text, "kHostnames = new Map(");
  g_autofree char *host = NULL;
  int depth = 0;

  if (start == NULL)
    {
      g_set_error_literal (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
                           "its OAuth2 module has no kHostnames map");
      return NULL;
    }
  for (const char *p = strchr (start, '(') + 1; *p != '\0';)
    {
      if (*p == '"' || *p == '\'' || *p == '`')
        {
          g_autoptr(GString) string = g_string_new (NULL);

          p = skip_literal (p, string);
          if (depth == 2 && host == NULL)
            host = g_ascii_strdown (string->str, -1);
          else if (depth == 3 && host != NULL && !g_hash_table_contains (table, host))
            g_hash_table_insert (table, g_strdup (host), g_strdup (string->str));
          continue;
        }
      if (p[0] == '/' && (p[1] == '/' || p[1] == '*'))
        {
          p = skip_literal (p, NULL);
          continue;
        }
      if (*p == '[' || *p == '{' || *p == '(')
        depth++;
      else if (*p == ']' || *p == '}' || *p == ')')
        {
          if (--depth <= 0)
            break;
          if (depth == 1)
            g_clear_pointer (&host, g_free);
        }
      p++;
    }
  if (g_hash_table_size (table) == 0)
    {
      g_set_error_literal (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_BAD_FILE,
                           "its kHostnames map names no host");
      return NULL;
    }
  return g_steal_pointer (&table);
}

GHashTable *
fp_thunderbird_oauth2_load (const char  *omni_ja,
                            GError     **error)
{
  g_autofree char *text = read_module (omni_ja, error);

  return text != NULL ? fp_thunderbird_oauth2_parse (text, error) : NULL;
}

/* As Thunderbird's _getHostnameDetails: the host, then each parent domain with a dot left. */
char *
fp_thunderbird_oauth2_lookup (GHashTable *table,
                              const char *host)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  for (const char *name = lower; name != NULL && strchr (name, '.') != NULL;)
    {
      const char *issuer = g_hash_table_lookup (table, name);
      const char *dot = strchr (name, '.');

      if (issuer != NULL)
        return g_strdup (issuer);
      name = dot + 1;
    }
  return NULL;
}

typedef struct
{
  GHashTable *table;   /* NULL: none could be read */
  char       *source;  /* the omni.ja read, or why none was */
} Known;

static gpointer
load_installed (gpointer data)
{
  Known *known = g_new0 (Known, 1);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (install_dirs); i++)
    g_ptr_array_add (candidates, g_build_filename (install_dirs[i], "omni.ja", NULL));
  /* A Flatpak installed for this user only. */
  g_ptr_array_add (candidates, g_build_filename (g_get_user_data_dir (), "flatpak", "app",
                                                 "org.mozilla.Thunderbird", "current", "active",
                                                 "files", "lib", "thunderbird", "omni.ja",
                                                 NULL));
  for (guint i = 0; i < candidates->len; i++)
    {
      g_autofree char *path = g_strdup (g_ptr_array_index (candidates, i));
      g_autoptr(GError) error = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      known->table = fp_thunderbird_oauth2_load (path, &error);
      if (known->table != NULL)
        {
          known->source = g_steal_pointer (&path);
          return known;
        }
      g_string_append_printf (problems, "%s%s: %s", problems->len ? "; " : "", path,
                              error->message);
    }
  known->source = problems->len ? g_string_free (g_steal_pointer (&problems), FALSE)
                                : g_strdup ("no Thunderbird omni.ja found");
  return known;
}

static Known *
get_known (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_installed, NULL);
}

/**
 * fp_thunderbird_oauth2_knows_host:
 * @issuer: (out) (optional) (transfer full): the sign-in host Thunderbird
 *   will open, e.g. `accounts.google.com`
 *
 * Returns: whether the installed Thunderbird signs in to @host with OAuth2
 */
gboolean
fp_thunderbird_oauth2_knows_host (const char  *host,
                                  char       **issuer)
{
  Known *known = get_known ();
  char *found = known->table != NULL ? fp_thunderbird_oauth2_lookup (known->table, host) : NULL;
  gboolean knows = found != NULL;

  if (issuer != NULL)
    *issuer = found;
  else
    g_free (found);
  return knows;
}

/* The omni.ja the table came from, or why there is none: for the activity log. */
const char *
fp_thunderbird_oauth2_get_source (void)
{
  return get_known ()->source;
}
