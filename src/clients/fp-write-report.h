/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fp-mail-programs.h"

G_BEGIN_DECLS

typedef enum
{
  FP_WRITE_FLAGS_NONE    = 0,
  FP_WRITE_FLAGS_DRY_RUN = 1 << 0, /* check and describe, write nothing */
} FpWriteFlags;

#define FP_TYPE_WRITE_REPORT (fp_write_report_get_type ())

/**
 * FpWriteReport:
 * @program: the mail program written for
 * @dry_run: %TRUE when nothing was written and this says what would have been
 * @location: Evolution's sources folder, or the Thunderbird profile
 * @account_id: Evolution's account UID, or Thunderbird's account key
 * @identity_id: the identity's UID or key
 * @transport_id: the outgoing server's UID or key
 * @incoming_id: Thunderbird's server key, or %NULL (Evolution: the account UID)
 * @files: (element-type utf8): paths written (or that would be written)
 * @backup: the copy of the previous file, or %NULL
 * @backups: (element-type utf8): every copy of a previous file (@backup among them)
 * @secrets: (element-type utf8): one line per keyring item stored
 * @changes: (element-type utf8): one line per setting, for the details view
 * @password_note: a sentence for the done page about the password, or %NULL
 * @trust_note: a sentence about the certificate authority (`--ca-file`): a program that will
 *   not trust it by itself says so, or %NULL
 *
 * What a writer did, for the wizard's done page, the command line and the
 * record of what was set up. Reference counted. Where the account went:
 *
 * | program                | @location               | @account_id  | @incoming_id | @identity_id  | @transport_id |
 * |------------------------|-------------------------|--------------|--------------|---------------|---------------|
 * | Evolution              | the sources folder      | account UID  | account UID  | identity UID  | transport UID |
 * | Thunderbird            | the profile folder      | `accountN`   | `serverN`    | `idN`         | `smtpN`       |
 * | GNOME Online Accounts  | goa-daemon's accounts.conf | GOA account id | GOA account id | GOA account id | GOA account id |
 *
 * (each Evolution UID is also the file UID.source in @location; the GOA
 * account's D-Bus object is /org/gnome/OnlineAccounts/Accounts/ID).
 */
typedef struct
{
  FpMailProgram  program;
  gboolean       dry_run;
  char          *location;
  char          *account_id;
  char          *identity_id;
  char          *transport_id;
  char          *incoming_id;
  GPtrArray     *files;
  char          *backup;
  GPtrArray     *secrets;
  GPtrArray     *changes;
  char          *password_note;
  GPtrArray     *backups;
  char          *trust_note;
} FpWriteReport;

GType          fp_write_report_get_type (void) G_GNUC_CONST;
FpWriteReport *fp_write_report_new      (FpMailProgram  program,
                                         gboolean       dry_run);
FpWriteReport *fp_write_report_ref      (FpWriteReport *self);
void           fp_write_report_unref    (FpWriteReport *self);
void           fp_write_report_add_change (FpWriteReport *self,
                                           const char    *format,
                                           ...) G_GNUC_PRINTF (2, 3);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpWriteReport, fp_write_report_unref)

G_END_DECLS
