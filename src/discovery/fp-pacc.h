/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-mail-config.h"

G_BEGIN_DECLS

/*
 * PACC (draft-ietf-mailmaint-pacc-02): the provider's settings document and
 * the DNS TXT records that vouch for its bytes. Everything here is a pure
 * function of its input (no I/O), so it can be fuzzed.
 */

#define FP_PACC_DIGEST_SIZE 32  /* SHA-256 */

typedef enum
{
  FP_PACC_DIGEST_MATCH,
  FP_PACC_DIGEST_MISMATCH,   /* records were there; none vouches for these bytes */
  FP_PACC_DIGEST_NO_RECORD,  /* no usable v=UAAC1 record at all */
} FpPaccDigestCheck;

char              *fp_pacc_build_uri        (const char  *domain);
char              *fp_pacc_build_txt_name   (const char  *domain);
char              *fp_dns_txt_join          (GVariant    *record);
gboolean           fp_pacc_parse_txt_record (const char  *text,
                                             guint8       digest[FP_PACC_DIGEST_SIZE],
                                             GError     **error);
FpPaccDigestCheck  fp_pacc_check_digest     (GBytes      *document,
                                             GList       *records);
char              *fp_pacc_document_digest  (GBytes      *document);
FpMailConfig      *fp_pacc_parse_document   (GBytes                 *document,
                                             const char             *account_address,
                                             FpMailConfigParseFlags  flags,
                                             GError                **error);

G_END_DECLS
