/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-mail-dialogue"

#include "config.h"

#include <string.h>

#include "fp-error.h"
#include "fp-fuzz.h"
#include "fp-mail-login.h"

/*
 * The IMAP, POP3 and SMTP login dialogues against a server played from the
 * input, over streams in memory. The first bytes choose the protocol, the
 * transport, whether SMTP wants a login, and the login and password (some
 * with line breaks); the rest is what the server says, handed over one line
 * per read as a network would. The TLS handshake is simulated: the dialogue
 * counts as encrypted from there on.
 *
 * Oracles: every line the client sends ends in CRLF and has no CR or LF
 * inside; the password, in any encoding the dialogues use, is never sent
 * before TLS, and never appears in the transcript.
 */

#define FUZZ_TYPE_LINE_STREAM (fuzz_line_stream_get_type ())
G_DECLARE_FINAL_TYPE (FuzzLineStream, fuzz_line_stream, FUZZ, LINE_STREAM, GInputStream)

struct _FuzzLineStream
{
  GInputStream   parent_instance;
  const guint8  *data;
  gsize          size;
};

G_DEFINE_FINAL_TYPE (FuzzLineStream, fuzz_line_stream, G_TYPE_INPUT_STREAM)

static gssize
fuzz_line_stream_read (GInputStream  *stream,
                       void          *buffer,
                       gsize          count,
                       GCancellable  *cancellable,
                       GError       **error)
{
  FuzzLineStream *self = FUZZ_LINE_STREAM (stream);
  const guint8 *end = self->size > 0 ? memchr (self->data, '\n', self->size) : NULL;
  gsize length = MIN (count, end != NULL ? (gsize) (end - self->data) + 1 : self->size);

  if (length > 0)
    memcpy (buffer, self->data, length);
  self->data += length;
  self->size -= length;
  return length;
}

static void
fuzz_line_stream_class_init (FuzzLineStreamClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = fuzz_line_stream_read;
}

static void
fuzz_line_stream_init (FuzzLineStream *self)
{
}

typedef struct
{
  GMemoryOutputStream *output;
  gsize                tls_offset;  /* how much the client had sent when TLS began */
  gboolean             encrypted;
  GPtrArray           *secrets;
} Dialogue;

static gboolean
start_tls_cb (GIOStream  *stream,
              gpointer    user_data,
              GError    **error)
{
  Dialogue *dialogue = user_data;

  dialogue->tls_offset = g_memory_output_stream_get_data_size (dialogue->output);
  dialogue->encrypted = TRUE;
  return TRUE;
}

static void
transcript_cb (const char *line,
               gpointer    user_data)
{
  Dialogue *dialogue = user_data;

  /* What the server says is its own (a fuzzer learns the password); what we send is ours. */
  if (strstr (line, " S: ") != NULL)
    return;
  for (guint i = 0; i < dialogue->secrets->len; i++)
    g_assert_null (strstr (line, g_ptr_array_index (dialogue->secrets, i)));
}

static gboolean
contains (const char *data,
          gsize       size,
          const char *needle)
{
  return size > 0 && g_strstr_len (data, size, needle) != NULL;
}

static void
check_lines (const char *sent,
             gsize       size)
{
  const char *p = sent;

  g_assert_true (size == 0 || (size >= 2 && sent[size - 2] == '\r' && sent[size - 1] == '\n'));
  while (size > 0 && p < sent + size)
    {
      const char *end = g_strstr_len (p, sent + size - p, "\r\n");

      g_assert_nonnull (end);
      for (const char *c = p; c < end; c++)
        g_assert_true (*c != '\r' && *c != '\n' && *c != '\0');
      p = end + 2;
    }
}

static void
add_secret (GPtrArray  *secrets,
            const char *login,
            const char *password)
{
  g_autofree char *plain = fp_mail_sasl_plain (login, password);

  g_ptr_array_add (secrets, g_strdup (password));
  g_ptr_array_add (secrets, g_base64_encode ((const guchar *) password, strlen (password)));
  g_ptr_array_add (secrets, g_steal_pointer (&plain));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const logins[] = {
    "alice@mail.example", "alice\r\nDELE 1", "a\"lice\\", "alice\n",
  };
  static const char * const passwords[] = {
    "Fuzz-pa55 word", "pass\r\nDELE 1", "p\"w\\{5}", "pw\r",
  };
  g_autoptr(FpMailServer) server = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(FpMailConnection) connection = NULL;
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Dialogue dialogue = { 0 };
  const char *password;
  FpMailProtocol protocol;
  FpTransport transport;
  gboolean ok = FALSE;
  const char *sent;
  gsize sent_size;

  fp_fuzz_init ();
  if (size < 2)
    return 0;
  protocol = data[0] % 3;
  transport = (data[0] / 3) % 3;
  password = passwords[(data[1] >> 2) % G_N_ELEMENTS (passwords)];
  server = fp_mail_server_new (protocol, "mail.example", 0, transport,
                               logins[data[1] % G_N_ELEMENTS (logins)], (data[1] & 0x10) == 0);

  input = g_object_new (FUZZ_TYPE_LINE_STREAM, NULL);
  FUZZ_LINE_STREAM (input)->data = data + 2;
  FUZZ_LINE_STREAM (input)->size = size - 2;
  output = g_memory_output_stream_new_resizable ();
  stream = g_simple_io_stream_new (input, output);
  dialogue.output = G_MEMORY_OUTPUT_STREAM (output);
  dialogue.secrets = secrets;
  add_secret (secrets, server->login, password);

  connection = fp_mail_connection_new_for_stream (server, stream, start_tls_cb, &dialogue,
                                                  transcript_cb, &dialogue, &error);
  g_assert_no_error (error);
  fp_mail_connection_add_secret (connection, password);
  if (protocol == FP_MAIL_PROTOCOL_IMAP)
    ok = fp_imap_login (connection, server, password, &error);
  else if (protocol == FP_MAIL_PROTOCOL_POP3)
    ok = fp_pop3_login (connection, server, password, &error);
  else
    ok = fp_smtp_login (connection, server, password, &error);
  g_assert_true (ok ? error == NULL : error != NULL);
  g_debug ("%s", ok ? "logged in" : error->message);
  g_assert_true (error == NULL || g_utf8_validate (error->message, -1, NULL));

  sent = g_memory_output_stream_get_data (dialogue.output);
  sent_size = g_memory_output_stream_get_data_size (dialogue.output);
  check_lines (sent, sent_size);
  if (transport != FP_TRANSPORT_NONE)
    {
      gsize before_tls = dialogue.encrypted ? dialogue.tls_offset : sent_size;

      for (guint i = 0; i < secrets->len; i++)
        g_assert_false (contains (sent, before_tls, g_ptr_array_index (secrets, i)));
      /* STARTTLS is TLS or nothing: a login that worked went over TLS. */
      g_assert_true (!ok || dialogue.encrypted);
    }
  return 0;
}
