/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "fp-account-plan.h"
#include "fp-thunderbird-nss.h"
#include "fp-write-report.h"

G_BEGIN_DECLS

/* What a Thunderbird write puts into the profile's own stores: logins.json, cert9.db. */
typedef struct
{
  char             *path;        /* logins.json */
  char             *old_text;    /* as read, or NULL when there was none */
  gsize             old_length;
  char             *new_text;    /* to write, or NULL when no login is stored */
  /* private */
  FpThunderbirdNss *nss;
  GPtrArray        *added_authorities;
} FpThunderbirdLogins;

FpThunderbirdLogins *fp_thunderbird_logins_prepare  (const FpAccountPlan  *plan,
                                                     const FpMailServer  **servers,
                                                     const char           *profile_dir,
                                                     gboolean              dry_run,
                                                     FpWriteReport        *report,
                                                     GError              **error);
void                 fp_thunderbird_logins_rollback (FpThunderbirdLogins  *self);
void                 fp_thunderbird_logins_free     (FpThunderbirdLogins  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpThunderbirdLogins, fp_thunderbird_logins_free)

G_END_DECLS
