/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FP_PREF_NONE,
  FP_PREF_STRING,
  FP_PREF_INT,
  FP_PREF_BOOL,
} FpPrefType;

#define FP_TYPE_PREFS_JS (fp_prefs_js_get_type ())

G_DECLARE_FINAL_TYPE (FpPrefsJs, fp_prefs_js, FP, PREFS_JS, GObject)

FpPrefsJs  *fp_prefs_js_new          (void);
FpPrefsJs  *fp_prefs_js_parse        (const char  *text,
                                      gssize       length,
                                      GError     **error);
FpPrefsJs  *fp_prefs_js_load         (const char  *path,
                                      GError     **error);
char       *fp_prefs_js_to_string    (FpPrefsJs   *self);
FpPrefType  fp_prefs_js_get_pref_type (FpPrefsJs  *self,
                                      const char  *name);
const char *fp_prefs_js_get_string   (FpPrefsJs   *self,
                                      const char  *name);
gboolean    fp_prefs_js_get_int      (FpPrefsJs   *self,
                                      const char  *name,
                                      gint32      *value);
gboolean    fp_prefs_js_get_bool     (FpPrefsJs   *self,
                                      const char  *name,
                                      gboolean    *value);
void        fp_prefs_js_set_string   (FpPrefsJs   *self,
                                      const char  *name,
                                      const char  *value);
void        fp_prefs_js_set_int      (FpPrefsJs   *self,
                                      const char  *name,
                                      gint32       value);
void        fp_prefs_js_set_bool     (FpPrefsJs   *self,
                                      const char  *name,
                                      gboolean     value);
GStrv       fp_prefs_js_list_names   (FpPrefsJs   *self,
                                      const char  *prefix);
guint       fp_prefs_js_get_n_prefs  (FpPrefsJs   *self);
char       *fp_prefs_js_escape_string (const char *value);

G_END_DECLS
