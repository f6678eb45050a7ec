/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Longest command line the demo servers read; a longer one ends the session. */
#define FP_DEMO_MAIL_MAX_LINE 2048

#define FP_TYPE_DEMO_MAIL_SERVER (fp_demo_mail_server_get_type ())

G_DECLARE_FINAL_TYPE (FpDemoMailServer, fp_demo_mail_server, FP, DEMO_MAIL_SERVER, GObject)

FpDemoMailServer *fp_demo_mail_server_new           (GTlsCertificate     *certificate,
                                                     const char * const  *logins,
                                                     const char          *password);
gboolean          fp_demo_mail_server_start         (FpDemoMailServer    *self,
                                                     GError             **error);
void              fp_demo_mail_server_stop          (FpDemoMailServer    *self);
guint16           fp_demo_mail_server_get_imap_port (FpDemoMailServer    *self);
guint16           fp_demo_mail_server_get_smtp_port (FpDemoMailServer    *self);
guint16           fp_demo_mail_server_get_silent_port (FpDemoMailServer  *self);

G_END_DECLS
