/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A real DNS server for the tests: dnsmasq on 127.0.0.1:53 inside the test's
 * network namespace (run-in-netns.sh points /etc/resolv.conf there), with
 * the records given as its own options (`--mx-host=…`, `--txt-record=…`,
 * `--srv-host=…`; given as arguments, not through a shell: no quotes, and a
 * comma separates the strings of a TXT record). Names under .example that
 * it has no record for get NXDOMAIN at once.
 */
typedef struct _FpTestDns FpTestDns;

const char *fp_test_dns_missing      (void);
FpTestDns  *fp_test_dns_start        (const char * const *records,
                                      GError            **error);
FpTestDns  *fp_test_dns_start_on_port (const char * const *records,
                                       guint16             port,
                                       GError            **error);
void        fp_test_dns_stop         (FpTestDns          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpTestDns, fp_test_dns_stop)

G_END_DECLS
