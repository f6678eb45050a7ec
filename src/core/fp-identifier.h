/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FP_TYPE_IDENTIFIER (fp_identifier_get_type ())

/**
 * FpIdentifier:
 * @local_part: the part before the last `@`, as typed (trimmed)
 * @host: the host to ask, lower case, internationalised names as A-labels
 * @address: `local_part@host`
 * @resource: the `acct:` URI (RFC 7565), percent-encoded where needed
 *
 * An account identifier as the person typed it, normalised.
 */
typedef struct
{
  char *local_part;
  char *host;
  char *address;
  char *resource;
} FpIdentifier;

GType         fp_identifier_get_type (void) G_GNUC_CONST;
FpIdentifier *fp_identifier_parse    (const char         *text,
                                      GError            **error);
FpIdentifier *fp_identifier_copy     (const FpIdentifier *self);
void          fp_identifier_free     (FpIdentifier       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpIdentifier, fp_identifier_free)

G_END_DECLS
