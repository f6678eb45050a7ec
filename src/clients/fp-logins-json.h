/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FP_TYPE_LOGINS_JSON (fp_logins_json_get_type ())

G_DECLARE_FINAL_TYPE (FpLoginsJson, fp_logins_json, FP, LOGINS_JSON, GObject)

/* Reads one stored value back (the username), or returns %NULL when it cannot. */
typedef char *(*FpLoginsDecryptFunc) (const char *encrypted,
                                      gpointer    user_data);

FpLoginsJson *fp_logins_json_new        (void);
FpLoginsJson *fp_logins_json_parse      (const char          *text,
                                         gssize               length,
                                         GError             **error);
char         *fp_logins_json_to_string  (FpLoginsJson        *self);
guint         fp_logins_json_get_n_logins (FpLoginsJson      *self);
gboolean      fp_logins_json_set_login  (FpLoginsJson        *self,
                                         const char          *origin,
                                         const char          *user,
                                         const char          *encrypted_user,
                                         const char          *encrypted_password,
                                         gint64               now_ms,
                                         FpLoginsDecryptFunc  decrypt,
                                         gpointer             user_data);
char         *fp_logins_json_origin     (const char          *scheme,
                                         const char          *host);

G_END_DECLS
