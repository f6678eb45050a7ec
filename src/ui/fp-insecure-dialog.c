/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-insecure-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-insecure-dialog.h"

/**
 * fp_insecure_dialog_new:
 * @host: the unencrypted server, shown as text
 *
 * The explicit choice DESIGN.md asks for before settings with nothing but
 * unencrypted servers are used: it names the host, says what the risk is,
 * styles the acceptance as destructive and makes Cancel the default, so
 * Enter or Escape never accepts by accident.
 *
 * Returns: (transfer floating): the dialog, to present
 */
AdwMessageDialog *
fp_insecure_dialog_new (GtkWindow  *parent,
                        const char *host)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (parent, _("Use an Unencrypted Connection?"), NULL));

  adw_message_dialog_format_body (dialog,
                                  _("%s only offers an unencrypted connection. Anyone on the "
                                    "network can read your password and your mail."),
                                  host);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    FP_INSECURE_DIALOG_RESPONSE_USE,
                                    _("_Use Unencrypted Connection"), NULL);
  adw_message_dialog_set_response_appearance (dialog, FP_INSECURE_DIALOG_RESPONSE_USE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}
