/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FpProfileLock FpProfileLock;

char          *fp_thunderbird_profiles_dir        (const char     *home);
char          *fp_thunderbird_find_default_profile (const char    *home,
                                                   GError        **error);
gboolean       fp_thunderbird_profile_is_running  (const char     *profile_dir);
FpProfileLock *fp_thunderbird_profile_lock        (const char     *profile_dir,
                                                   GError        **error);
void           fp_profile_lock_release            (FpProfileLock  *lock);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpProfileLock, fp_profile_lock_release)

G_END_DECLS
