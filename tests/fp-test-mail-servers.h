/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every test mail server listens here: not 127.0.0.1, so dovecot does not treat us as local. */
#define FP_TEST_MAIL_ADDRESS "127.0.0.2"

/*
 * Real mail servers for the login check tests, started in a temporary
 * folder: dovecot (IMAP and POP3, STARTTLS and TLS), a second dovecot that
 * offers no STARTTLS, a third that only knows the LOGIN mechanism, and aiosmtpd (SMTP with STARTTLS required, with
 * implicit TLS, and without STARTTLS), all with the build's test-server.pem.
 */
typedef struct
{
  char        *dir;
  char        *ca_file;
  char        *cert_file;
  char        *key_file;
  char        *dovecot_log;
  char        *dovecot_plain_log;
  GSubprocess *dovecot_login;
  char        *smtp_log;
  GSubprocess *dovecot;
  GSubprocess *dovecot_plain;
  GSubprocess *smtp;
  guint16      imap_port;       /* STARTTLS */
  guint16      imaps_port;      /* TLS */
  guint16      pop3_port;       /* STARTTLS */
  guint16      pop3s_port;      /* TLS */
  guint16      imap_plain_port; /* no STARTTLS offered */
  guint16      imaps_login_port; /* TLS, SASL LOGIN only: IMAP LOGIN is used */
  guint16      pop3s_login_port; /* TLS, SASL LOGIN only: POP3 USER/PASS is used */
  guint16      smtp_port;       /* STARTTLS required, 587-style */
  guint16      smtps_port;      /* TLS, 465-style */
  guint16      smtp_plain_port; /* no STARTTLS offered */
  guint16      smtps_login_port; /* TLS, AUTH LOGIN only */
  guint16      closed_port;     /* nothing listens */
} FpTestMailServers;

guint16            fp_test_free_port           (const char         *address);
FpTestMailServers *fp_test_mail_servers_start  (const char         *user,
                                                const char         *password,
                                                GError            **error);
void               fp_test_mail_servers_stop   (FpTestMailServers  *self);
char              *fp_test_read_file           (const char         *path);
char              *fp_test_wait_for_log        (const char         *path,
                                                const char         *wanted);
gboolean           fp_test_skip_unless         (gboolean            available,
                                                const char         *reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpTestMailServers, fp_test_mail_servers_stop)

G_END_DECLS
