/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A Thunderbird profile's NSS databases (key4.db, cert9.db), open for one write. */
typedef struct _FpThunderbirdNss FpThunderbirdNss;

FpThunderbirdNss *fp_thunderbird_nss_open                 (const char        *profile_dir,
                                                           GError           **error);
void              fp_thunderbird_nss_close                (FpThunderbirdNss  *self);
gboolean          fp_thunderbird_nss_has_primary_password (FpThunderbirdNss  *self);
char             *fp_thunderbird_nss_encrypt              (FpThunderbirdNss  *self,
                                                           const char        *text,
                                                           GError           **error);
char             *fp_thunderbird_nss_decrypt              (FpThunderbirdNss  *self,
                                                           const char        *base64,
                                                           GError           **error);
gboolean          fp_thunderbird_nss_add_authority        (FpThunderbirdNss  *self,
                                                           const char        *pem_file,
                                                           GPtrArray         *added,
                                                           GError           **error);
void              fp_thunderbird_nss_remove_authorities   (FpThunderbirdNss  *self,
                                                           GPtrArray         *added);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpThunderbirdNss, fp_thunderbird_nss_close)

G_END_DECLS
