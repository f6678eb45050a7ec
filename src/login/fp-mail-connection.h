/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-mail-server.h"

G_BEGIN_DECLS

/* Bounds on what a mail server can make us read: one line, one response. */
#define FP_MAIL_MAX_LINE_LENGTH    8192
#define FP_MAIL_MAX_RESPONSE_LINES 200

/* The whole dialogue with one server may take this many times the timeout of one read. */
#define FP_MAIL_DIALOGUE_TIMEOUTS  3

/*
 * Called, in the connection's thread, with each line of the transcript; the
 * password never appears in it.
 */
typedef void (*FpMailTranscriptFunc) (const char *line,
                                      gpointer    user_data);

typedef struct _FpMailConnection FpMailConnection;

/* Stands in for the TLS handshake over @stream (see fp_mail_connection_new_for_stream()). */
typedef gboolean (*FpMailStartTlsFunc) (GIOStream  *stream,
                                        gpointer    user_data,
                                        GError    **error);

FpMailConnection *fp_mail_connection_open       (const FpMailServer    *server,
                                                 GPtrArray             *trusted_cas,
                                                 guint                  timeout_s,
                                                 FpMailTranscriptFunc   transcript,
                                                 gpointer               user_data,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
FpMailConnection *fp_mail_connection_open_via   (const FpMailServer    *server,
                                                 guint16                connect_port,
                                                 GPtrArray             *trusted_cas,
                                                 guint                  timeout_s,
                                                 FpMailTranscriptFunc   transcript,
                                                 gpointer               user_data,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
FpMailConnection *fp_mail_connection_new_for_stream (const FpMailServer   *server,
                                                    GIOStream            *stream,
                                                    FpMailStartTlsFunc    start_tls,
                                                    gpointer              start_tls_data,
                                                    FpMailTranscriptFunc  transcript,
                                                    gpointer              user_data,
                                                    GError              **error);
void              fp_mail_connection_close      (FpMailConnection      *self);
void              fp_mail_connection_add_secret (FpMailConnection      *self,
                                                 const char            *secret);
const char       *fp_mail_connection_get_host   (FpMailConnection      *self);
gboolean          fp_mail_connection_is_secure  (FpMailConnection      *self);
gboolean          fp_mail_connection_needed_added_authority (FpMailConnection *self);
char             *fp_mail_connection_dup_local_address_literal (FpMailConnection *self);
char             *fp_mail_connection_read_line  (FpMailConnection      *self,
                                                 GError               **error);
gboolean          fp_mail_connection_send       (FpMailConnection      *self,
                                                 const char            *line,
                                                 GError               **error);
gboolean          fp_mail_connection_start_tls  (FpMailConnection      *self,
                                                 GError               **error);
void              fp_mail_connection_unexpected (FpMailConnection      *self,
                                                 const char            *answer,
                                                 GError               **error);
void              fp_mail_connection_refused_password (FpMailConnection *self,
                                                       const char       *login,
                                                       const char       *answer,
                                                       GError          **error);
void              fp_mail_connection_no_starttls (FpMailConnection     *self,
                                                  GError              **error);

gboolean          fp_mail_connection_check_credentials (FpMailConnection *self,
                                                       const char       *login,
                                                       const char       *password,
                                                       GError          **error);
void              fp_mail_connection_note_oauth2 (FpMailConnection   *self,
                                                  gboolean            xoauth2,
                                                  gboolean            oauthbearer);
void              fp_mail_connection_no_mechanism (FpMailConnection  *self,
                                                   const char        *mechanism,
                                                   GError           **error);

char             *fp_mail_sasl_plain            (const char            *user,
                                                 const char            *password);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpMailConnection, fp_mail_connection_close)

G_END_DECLS
