/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A real HTTPS (and plain HTTP) server for the tests, in its own thread with
 * its own main context, so that the code under test can run its main loop
 * undisturbed. Answers are described as data, per host and path.
 */

typedef struct
{
  guint       status;        /* 0: 200 */
  const char *body;          /* NULL: empty */
  const char *content_type;  /* NULL: application/json */
  const char *location;      /* a Location header, for redirects */
  const char *user;          /* with password: Basic auth required */
  const char *password;
  guint       delay_ms;      /* answer only after this long */
  gsize       padding;       /* this many more bytes of spaces after the body */
  gboolean    bare_401;      /* a 401 without any challenge */
} FpTestRoute;

typedef struct
{
  char     *host;
  char     *path;
  char     *query;
  gboolean  https;
  gboolean  had_authorization;
  guint16   remote_port;     /* tells which connection carried it */
} FpTestRequest;

typedef struct _FpTestServer FpTestServer;

FpTestServer  *fp_test_server_new           (const char         *certificate_name);
FpTestServer  *fp_test_server_new_on_port   (const char         *certificate_name,
                                             guint16             https_port);
void           fp_test_server_free          (FpTestServer       *self);
void           fp_test_server_add_route     (FpTestServer       *self,
                                             const char         *host,
                                             const char         *path,
                                             const FpTestRoute  *route);
guint16        fp_test_server_get_https_port (FpTestServer      *self);
guint16        fp_test_server_get_http_port (FpTestServer       *self);
GPtrArray     *fp_test_server_dup_requests  (FpTestServer       *self);
guint          fp_test_server_count_requests (FpTestServer      *self,
                                              const char        *path);
void           fp_test_request_free         (FpTestRequest      *request);

char          *fp_test_build_filename       (const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpTestServer, fp_test_server_free)

G_END_DECLS
