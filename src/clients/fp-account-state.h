/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-account-plan.h"
#include "fp-mail-config.h"
#include "fp-write-report.h"

G_BEGIN_DECLS

/**
 * FpAccountTarget:
 * @program: "evolution", "thunderbird", "gnome-online-accounts"
 * @location: Evolution's sources folder, the Thunderbird profile, or %NULL
 * @account_id: Evolution's account UID, Thunderbird's account key, GOA's account id
 * @incoming_id: Thunderbird's server key (Evolution: the account UID)
 * @identity_id: the identity's UID or key
 * @transport_id: the outgoing server's UID or key
 *
 * Where one program's copy of a recorded account is.
 */
typedef struct
{
  char *program;
  char *location;
  char *account_id;
  char *incoming_id;
  char *identity_id;
  char *transport_id;
} FpAccountTarget;

/**
 * FpAccountRecord:
 * @account: the identifier as set up (what `check` asks about)
 * @address: the identity's address
 * @label: the account's name in the programs
 * @source_kind: where the settings came from
 * @source_asked: the exact URL asked, or the DNS name for DNS sources
 * @source_host: the host that served the settings, or %NULL
 * @credentials_host: the only host the person gave the password to while
 *   looking up, or %NULL when none asked
 * @pacc_digest: the PACC TXT digest the document matched, or %NULL
 * @ca_file: (nullable): the extra authority trusted at setup (--ca-file), asked with again
 * @trusted: whether the settings were trusted at setup (see DESIGN.md "Trust")
 * @incoming: the incoming server written
 * @outgoing: the outgoing server written
 * @keyring: the password was kept in the keyring
 * @targets: (element-type FpAccountTarget): one per program written
 * @recorded: when it was written or last updated (ISO 8601, UTC)
 *
 * What Fingerpost remembers of an account it wrote; never a password.
 */
typedef struct
{
  char               *account;
  char               *address;
  char               *label;
  FpConfigSourceKind  source_kind;
  char               *source_asked;
  char               *source_host;
  char               *credentials_host;
  char               *pacc_digest;
  char               *ca_file;
  gboolean            trusted;
  FpMailServer       *incoming;
  FpMailServer       *outgoing;
  gboolean            keyring;
  GPtrArray          *targets;
  char               *recorded;
} FpAccountRecord;

/**
 * FpWrittenAccount:
 * @account: the identifier the person gave
 * @config: the settings as found (source, trust)
 * @plan: what was written (servers, label, whether the keyring was used)
 * @reports: (element-type FpWriteReport): one per program written, dry runs ignored
 * @credentials_host: (nullable): the host that was given the password while looking up
 * @ca_file: (nullable): the extra authority trusted at setup (--ca-file)
 *
 * The one input of fp_account_state_record_written(): what was written where.
 */
typedef struct
{
  const char          *account;
  const FpMailConfig  *config;
  const FpAccountPlan *plan;
  GPtrArray           *reports;
  const char          *credentials_host;
  const char          *ca_file;
} FpWrittenAccount;

FpAccountTarget *fp_account_target_new          (const char            *program,
                                                 const char            *location);
void             fp_account_target_free         (FpAccountTarget       *self);

FpAccountRecord *fp_account_record_new          (void);
FpAccountRecord *fp_account_record_copy         (const FpAccountRecord *self);
void             fp_account_record_free         (FpAccountRecord       *self);
FpAccountTarget *fp_account_record_find_target  (const FpAccountRecord *self,
                                                 const char            *program);
void             fp_account_record_set_servers  (FpAccountRecord       *self,
                                                 const FpMailServer    *incoming,
                                                 const FpMailServer    *outgoing);

char            *fp_account_state_dir           (void);
gboolean         fp_account_state_make_dir      (const char            *state_dir,
                                                 GError               **error);
GPtrArray       *fp_account_state_load          (const char            *state_dir,
                                                 GError               **error);
gboolean         fp_account_state_save          (const char            *state_dir,
                                                 GPtrArray             *records,
                                                 GError               **error);
gboolean         fp_account_state_record_written (const char            *state_dir,
                                                  const FpWrittenAccount *written,
                                                  GError                **error);
gboolean         fp_account_state_has_accounts  (const char            *state_dir);
gboolean         fp_source_kind_from_string     (const char            *text,
                                                 FpConfigSourceKind    *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpAccountTarget, fp_account_target_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpAccountRecord, fp_account_record_free)

G_END_DECLS
