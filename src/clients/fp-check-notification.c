/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-account-checker.h"
#include "fp-check-notification.h"

/*
 * The one notification, from the user timer's `check --notify` and from the
 * demo: a provider changed something; activating it opens the update page.
 */

guint
fp_checks_count_changed (GPtrArray *checks)
{
  guint count = 0;

  for (guint i = 0; i < checks->len; i++)
    count += ((FpAccountCheck *) g_ptr_array_index (checks, i))->status == FP_CHECK_CHANGED;
  return count;
}

GNotification *
fp_check_notification_new (GPtrArray *checks)
{
  g_autoptr(GString) accounts = g_string_new (NULL);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;
  guint count = fp_checks_count_changed (checks);

  for (guint i = 0; i < checks->len; i++)
    {
      FpAccountCheck *check = g_ptr_array_index (checks, i);

      if (check->status != FP_CHECK_CHANGED)
        continue;
      if (accounts->len > 0)
        g_string_append (accounts, ", ");
      g_string_append (accounts, check->record->account);
    }
  notification = g_notification_new (_("Mail settings changed"));
  body = g_strdup_printf (ngettext ("The provider of %s changed its settings. Review the change "
                                    "before your mail stops working.",
                                    "The providers of %s changed their settings. Review the "
                                    "changes before your mail stops working.", count),
                          accounts->str);
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app." FP_UPDATES_ACTION);
  g_notification_add_button (notification, _("Review"), "app." FP_UPDATES_ACTION);
  return g_steal_pointer (&notification);
}
