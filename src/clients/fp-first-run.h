/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FpFirstRunDecision:
 * @FP_FIRST_RUN_OFFER: offer to set up an account
 * @FP_FIRST_RUN_NO_DISPLAY: no graphical session to show it in
 * @FP_FIRST_RUN_ALREADY_SHOWN: already offered in this session
 * @FP_FIRST_RUN_DECLINED: the person chose "Don't Ask Again"
 * @FP_FIRST_RUN_RECORDED: Fingerpost already set up an account
 * @FP_FIRST_RUN_EVOLUTION: Evolution has a mail account
 * @FP_FIRST_RUN_THUNDERBIRD: Thunderbird's default profile has a mail account
 * @FP_FIRST_RUN_GOA: GNOME Online Accounts has a mail account
 *
 * What `fingerpost --first-run` does at login: only the first offers anything.
 */
typedef enum
{
  FP_FIRST_RUN_OFFER,
  FP_FIRST_RUN_NO_DISPLAY,
  FP_FIRST_RUN_ALREADY_SHOWN,
  FP_FIRST_RUN_DECLINED,
  FP_FIRST_RUN_RECORDED,
  FP_FIRST_RUN_EVOLUTION,
  FP_FIRST_RUN_THUNDERBIRD,
  FP_FIRST_RUN_GOA,
} FpFirstRunDecision;

FpFirstRunDecision  fp_first_run_decide           (gboolean     has_display);
const char         *fp_first_run_decision_describe (FpFirstRunDecision decision);
gboolean            fp_first_run_begin            (gboolean     has_display);
gboolean            fp_first_run_decline          (GError     **error);
gboolean            fp_evolution_has_mail_account (const char  *sources_dir);
gboolean            fp_thunderbird_has_mail_account (const char *profile_dir);
gboolean            fp_goa_has_mail_account       (const char  *accounts_conf);

G_END_DECLS
