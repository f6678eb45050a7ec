/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-activity-log.h"
#include "fp-credentials-request.h"

G_BEGIN_DECLS

/* Bounds on what a provider can make us read or wait for. */
#define FP_HTTP_MAX_BODY_SIZE     (256 * 1024)
#define FP_HTTP_DEFAULT_TIMEOUT_S 15
#define FP_HTTP_MAX_REDIRECTS     5

#define FP_TYPE_HTTP_CLIENT (fp_http_client_get_type ())

G_DECLARE_FINAL_TYPE (FpHttpClient, fp_http_client, FP, HTTP_CLIENT, GObject)

/*
 * FpHttpClient::credentials-required (FpCredentialsRequest *request) -> gboolean
 *
 * A server answered 401 with a challenge. Return %TRUE and answer @request,
 * now or later, with fp_credentials_request_provide() or _decline(); the
 * request waits (and its time limit is paused) until then. With no handler
 * returning %TRUE the request fails with %FP_ERROR_AUTH_REQUIRED.
 */

FpHttpClient  *fp_http_client_new                 (void);
FpActivityLog *fp_http_client_get_log             (FpHttpClient        *self);
void           fp_http_client_set_timeout         (FpHttpClient        *self,
                                                   guint                seconds);
guint          fp_http_client_get_timeout         (FpHttpClient        *self);
gboolean       fp_http_client_add_trusted_ca_file (FpHttpClient        *self,
                                                   const char          *pem_path,
                                                   GError             **error);
void           fp_http_client_add_trusted_ca      (FpHttpClient        *self,
                                                   GTlsCertificate     *ca);
GPtrArray     *fp_http_client_get_trusted_cas     (FpHttpClient        *self);
void           fp_http_client_note_added_authority_needed (FpHttpClient *self,
                                                           const char   *host);
gboolean       fp_http_client_get_added_authority_needed  (FpHttpClient *self);
void           fp_http_client_set_port_override   (FpHttpClient        *self,
                                                   const char          *host,
                                                   guint16              port);
void           fp_http_client_get_async           (FpHttpClient        *self,
                                                   const char          *uri,
                                                   const char          *accept,
                                                   const char          *account_address,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
void           fp_http_client_get_anonymous_async (FpHttpClient      *self,
                                                   const char          *uri,
                                                   const char          *accept,
                                                   const char          *account_address,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GBytes        *fp_http_client_get_finish          (FpHttpClient        *self,
                                                   GAsyncResult        *result,
                                                   guint               *status,
                                                   char               **final_uri,
                                                   GError             **error);

G_END_DECLS
