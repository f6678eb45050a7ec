/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fp-mail-config.h"
#include "fp-mail-server.h"

G_BEGIN_DECLS

#define FP_TYPE_ACCOUNT_PLAN (fp_account_plan_get_type ())

/**
 * FpAccountPlan:
 * @address: the identity's email address
 * @full_name: the person's name for the From: line, or %NULL
 * @label: the account's name in the mail program (default: @address)
 * @incoming: the chosen IMAP or POP3 server, login filled in
 * @outgoing: the chosen SMTP server, login filled in
 * @password: the password, or %NULL when the program should ask
 * @store_password: keep @password in the keyring
 * @ca_file: (nullable): an authority the servers' certificates need (`--ca-file`), which a
 *   program with a store of its own (Thunderbird) is told to trust
 *
 * What to write: one account, the same for every mail program. The wizard's
 * review page shows it; the writers only read it.
 */
typedef struct
{
  char         *address;
  char         *full_name;
  char         *label;
  FpMailServer *incoming;
  FpMailServer *outgoing;
  char         *password;
  gboolean      store_password;
  char         *ca_file;
} FpAccountPlan;

GType          fp_account_plan_get_type        (void) G_GNUC_CONST;
FpAccountPlan *fp_account_plan_new             (const char          *address,
                                                const FpMailServer  *incoming,
                                                const FpMailServer  *outgoing);
FpAccountPlan *fp_account_plan_new_from_config (const FpMailConfig  *config,
                                                const char          *login);
FpAccountPlan *fp_account_plan_copy            (const FpAccountPlan *self);
void           fp_account_plan_free            (FpAccountPlan       *self);
void           fp_account_plan_set_full_name   (FpAccountPlan       *self,
                                                const char          *full_name);
void           fp_account_plan_set_label       (FpAccountPlan       *self,
                                                const char          *label);
void           fp_account_plan_set_password    (FpAccountPlan       *self,
                                                const char          *password,
                                                gboolean             store);
gboolean       fp_account_plan_wants_keyring   (const FpAccountPlan *self);
void           fp_account_plan_set_ca_file     (FpAccountPlan       *self,
                                                const char          *ca_file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpAccountPlan, fp_account_plan_free)

G_END_DECLS
