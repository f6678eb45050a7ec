/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The application's action that opens the update page; the notification activates it. */
#define FP_UPDATES_ACTION   "show-updates"
#define FP_APPLICATION_PATH "/org/fingerpost/Fingerpost"

guint          fp_checks_count_changed   (GPtrArray *checks);
GNotification *fp_check_notification_new (GPtrArray *checks);

G_END_DECLS
