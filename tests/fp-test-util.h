/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-http-client.h"
#include "fp-test-server.h"

G_BEGIN_DECLS

/* Names the tests serve; all of them are in test-server.pem. */
extern const char * const fp_test_host_names[];

void          fp_test_install_resolver    (void);
FpHttpClient *fp_test_client_new          (FpTestServer  *server);
GAsyncResult *fp_test_wait_for_result     (GAsyncResult **slot);
void          fp_test_store_result_cb     (GObject       *source,
                                           GAsyncResult  *result,
                                           gpointer       user_data);
gint64        fp_test_slack_ms            (gint64         milliseconds);
void          fp_test_trust_system_wide   (const char    *ca_file);
void          fp_test_untrust_system_wide (void);
char         *fp_test_pacc_digest         (const char    *document);

G_END_DECLS
