/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One run of the real program ($FINGERPOST), as a helpdesk script would see it. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} FpTestRun;

void        fp_test_run_clear           (FpTestRun          *run);
void        fp_test_run_fingerpost_argv (FpTestRun          *run,
                                         const char         *home,
                                         const char         *input,
                                         const char * const *arguments);
void        fp_test_run_fingerpost      (FpTestRun          *run,
                                         const char         *home,
                                         const char         *input,
                                         ...) G_GNUC_NULL_TERMINATED;
JsonObject *fp_test_parse_json_object   (const char         *text);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FpTestRun, fp_test_run_clear)

/* The real program on a pseudo-terminal of its own, as a person at a terminal runs it. */
typedef struct _FpTestTerminal FpTestTerminal;

FpTestTerminal *fp_test_terminal_spawn      (const char * const *arguments);
gboolean        fp_test_terminal_read_until (FpTestTerminal     *self,
                                             const char         *wanted);
const char     *fp_test_terminal_get_seen   (FpTestTerminal     *self);
void            fp_test_terminal_type       (FpTestTerminal     *self,
                                             const char         *keys);
int             fp_test_terminal_wait       (FpTestTerminal     *self);
void            fp_test_terminal_free       (FpTestTerminal     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpTestTerminal, fp_test_terminal_free)

G_END_DECLS
