/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fp-account-state.h"
#include "fp-mail-config.h"

G_BEGIN_DECLS

/**
 * FpFieldChange:
 * @direction: "incoming", "outgoing", or "source" (the document itself)
 * @field: "protocol", "host", "port", "transport", "login", "login-required",
 *   "authentication"; for the source, "pacc-digest"
 * @old_value: what was written, as text
 * @new_value: what the provider publishes now, as text
 */
typedef struct
{
  const char *direction;
  const char *field;
  char       *old_value;
  char       *new_value;
} FpFieldChange;

/**
 * FpAccountChange:
 * @incoming: the incoming server to write now (a copy of the recorded one when unchanged)
 * @outgoing: the outgoing server to write now
 * @fields: (element-type FpFieldChange): each field that differs, incoming first
 * @concerns: (element-type utf8): one sentence per way the change lowers
 *   security; none means it may be applied without asking
 *
 * How a provider's published settings differ from what Fingerpost wrote.
 */
typedef struct
{
  FpMailServer *incoming;
  FpMailServer *outgoing;
  GPtrArray    *fields;
  GPtrArray    *concerns;
} FpAccountChange;

FpAccountChange *fp_account_change_compute        (const FpAccountRecord *record,
                                                   const FpMailConfig    *config);
void             fp_account_change_free           (FpAccountChange       *self);
gboolean         fp_account_change_is_empty       (const FpAccountChange *self);
gboolean         fp_account_change_lowers_security (const FpAccountChange *self);
gboolean         fp_account_change_moves_servers  (const FpAccountChange *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpAccountChange, fp_account_change_free)

G_END_DECLS
