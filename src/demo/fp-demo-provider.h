/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-http-client.h"

G_BEGIN_DECLS

/* The demo's people (DESIGN.md, "The demo provider"). */
#define FP_DEMO_ACCOUNT          "alice@mail.example"
#define FP_DEMO_PASSWORD         "abc123"
/* A domain whose settings are hosted by mail.example: the password leaves the account's domain. */
#define FP_DEMO_FOREIGN_ACCOUNT  "alice@family.example"
/* A provider that never answers, to show Cancel and the time limit. */
#define FP_DEMO_SLOW_ACCOUNT     "alice@slow.example"
/* Her provider moves its IMAP server right after she set up her account (fingerpost check). */
#define FP_DEMO_MOVING_ACCOUNT   "carol@mail.example"
/* Anyone else at mail.example: nothing published. */
#define FP_DEMO_UNKNOWN_ACCOUNT  "bob@mail.example"

#define FP_TYPE_DEMO_PROVIDER (fp_demo_provider_get_type ())

G_DECLARE_FINAL_TYPE (FpDemoProvider, fp_demo_provider, FP, DEMO_PROVIDER, GObject)

FpDemoProvider  *fp_demo_provider_new              (void);
gboolean         fp_demo_provider_start            (FpDemoProvider  *self,
                                                    GError         **error);
void             fp_demo_provider_configure_client (FpDemoProvider  *self,
                                                    FpHttpClient    *client);
guint16          fp_demo_provider_get_port         (FpDemoProvider  *self);
GTlsCertificate *fp_demo_provider_get_ca           (FpDemoProvider  *self);
const char      *fp_demo_provider_get_scratch_dir  (FpDemoProvider  *self);
const char * const *fp_demo_provider_get_hosts     (void);

G_END_DECLS
