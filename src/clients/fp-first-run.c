/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fp-account-state.h"
#include "fp-evolution-writer.h"
#include "fp-file-util.h"
#include "fp-first-run.h"
#include "fp-prefs-js.h"
#include "fp-thunderbird-profile.h"

/*
 * The first run: the autostart entry runs `fingerpost --first-run` at every
 * login, and this decides, before any toolkit is loaded, whether to offer
 * anything. Someone who already reads mail here, who said "Don't Ask Again",
 * or who was asked in this session is left in peace.
 */

#define FIRST_RUN_FILE  "first-run.ini"
#define FIRST_RUN_GROUP "First Run"

/* Evolution's own sources for local mail and search folders are not accounts. */
static const char * const local_backends[] = {
  "none", "maildir", "mbox", "spool", "spooldir", "vfolder", NULL
};

gboolean
fp_evolution_has_mail_account (const char *sources_dir)
{
  g_autoptr(GDir) dir = g_dir_open (sources_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (sources_dir, name, NULL);
      g_autoptr(GKeyFile) file = g_key_file_new ();
      g_autofree char *backend = NULL;

      if (!g_str_has_suffix (name, ".source") ||
          !g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
        continue;
      backend = g_key_file_get_string (file, "Mail Account", "BackendName", NULL);
      if (backend != NULL && !g_strv_contains (local_backends, backend))
        return TRUE;
    }
  return FALSE;
}

/* "Local Folders" is an account of type none in every profile that ever started. */
gboolean
fp_thunderbird_has_mail_account (const char *profile_dir)
{
  g_autofree char *path = g_build_filename (profile_dir, "prefs.js", NULL);
  g_autoptr(FpPrefsJs) prefs = fp_prefs_js_load (path, NULL);
  const char *accounts = prefs ? fp_prefs_js_get_string (prefs,
                                                         "mail.accountmanager.accounts") : NULL;
  g_auto(GStrv) keys = g_strsplit (accounts ? accounts : "", ",", -1);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *server_pref = g_strdup_printf ("mail.account.%s.server",
                                                      g_strstrip (keys[i]));
      const char *server = fp_prefs_js_get_string (prefs, server_pref);
      g_autofree char *type_pref = server ? g_strdup_printf ("mail.server.%s.type", server) : NULL;
      const char *type = type_pref ? fp_prefs_js_get_string (prefs, type_pref) : NULL;

      if (type != NULL && g_strcmp0 (type, "none") != 0 && g_strcmp0 (type, "rss") != 0)
        return TRUE;
    }
  return FALSE;
}

/* goa-daemon's own file: one [Account …] group per account, MailEnabled where it has mail. */
gboolean
fp_goa_has_mail_account (const char *accounts_conf)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_auto(GStrv) groups = NULL;

  if (!g_key_file_load_from_file (file, accounts_conf, G_KEY_FILE_NONE, NULL))
    return FALSE;
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    if (g_str_has_prefix (groups[i], "Account ") &&
        g_key_file_get_boolean (file, groups[i], "MailEnabled", NULL))
      return TRUE;
  return FALSE;
}

static char *
first_run_path (void)
{
  g_autofree char *dir = fp_account_state_dir ();

  return g_build_filename (dir, FIRST_RUN_FILE, NULL);
}

static gboolean
declined (void)
{
  g_autofree char *path = first_run_path ();
  g_autoptr(GKeyFile) file = g_key_file_new ();

  return g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL) &&
         g_key_file_get_boolean (file, FIRST_RUN_GROUP, "DontAskAgain", NULL);
}

/* Once per login session: the runtime folder lives as long as the person is logged in. */
static char *
session_marker (void)
{
  const char *session = g_getenv ("XDG_SESSION_ID");
  g_autofree char *name = g_strdup_printf ("fingerpost-first-run-%s",
                                           session && *session ? session : "session");

  return g_build_filename (g_get_user_runtime_dir (), name, NULL);
}

static gboolean
thunderbird_has_account (void)
{
  g_autofree char *profile = fp_thunderbird_find_default_profile (NULL, NULL);

  return profile != NULL && fp_thunderbird_has_mail_account (profile);
}

/**
 * fp_first_run_decide:
 *
 * Reads only small local files: the answer comes at once.
 */
FpFirstRunDecision
fp_first_run_decide (gboolean has_display)
{
  g_autofree char *marker = session_marker ();
  g_autofree char *sources = fp_evolution_sources_dir ();
  g_autofree char *goa = g_build_filename (g_get_user_config_dir (), "goa-1.0", "accounts.conf",
                                           NULL);

  if (!has_display)
    return FP_FIRST_RUN_NO_DISPLAY;
  if (declined ())
    return FP_FIRST_RUN_DECLINED;
  if (g_file_test (marker, G_FILE_TEST_EXISTS))
    return FP_FIRST_RUN_ALREADY_SHOWN;
  if (fp_account_state_has_accounts (NULL))
    return FP_FIRST_RUN_RECORDED;
  if (fp_evolution_has_mail_account (sources))
    return FP_FIRST_RUN_EVOLUTION;
  if (thunderbird_has_account ())
    return FP_FIRST_RUN_THUNDERBIRD;
  if (fp_goa_has_mail_account (goa))
    return FP_FIRST_RUN_GOA;
  return FP_FIRST_RUN_OFFER;
}

const char *
fp_first_run_decision_describe (FpFirstRunDecision decision)
{
  switch (decision)
    {
    case FP_FIRST_RUN_OFFER:
      return _("No mail account is set up yet: offering to set one up.");
    case FP_FIRST_RUN_NO_DISPLAY:
      return _("There is no graphical session: nothing to offer.");
    case FP_FIRST_RUN_ALREADY_SHOWN:
      return _("Already offered in this session.");
    case FP_FIRST_RUN_DECLINED:
      return _("The person chose “Don’t Ask Again”.");
    case FP_FIRST_RUN_RECORDED:
      return _("Fingerpost already set up an account.");
    case FP_FIRST_RUN_EVOLUTION:
      return _("Evolution already has a mail account.");
    case FP_FIRST_RUN_THUNDERBIRD:
      return _("Thunderbird already has a mail account.");
    case FP_FIRST_RUN_GOA:
      return _("GNOME Online Accounts already has a mail account.");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * fp_first_run_begin:
 *
 * Decides, says why on standard error (the session's log), and when it
 * offers, remembers that this session was asked.
 *
 * Returns: %TRUE to open the wizard in first-run mode, %FALSE to exit at once
 */
gboolean
fp_first_run_begin (gboolean has_display)
{
  FpFirstRunDecision decision = fp_first_run_decide (has_display);
  g_autofree char *marker = NULL;

  g_printerr ("fingerpost --first-run: %s\n", fp_first_run_decision_describe (decision));
  if (decision != FP_FIRST_RUN_OFFER)
    return FALSE;
  marker = session_marker ();
  /* If the mark cannot be made, offering twice is better than never. */
  g_file_set_contents (marker, "", 0, NULL);
  return TRUE;
}

/* "Don't Ask Again", remembered in the state folder. */
gboolean
fp_first_run_decline (GError **error)
{
  g_autofree char *dir = fp_account_state_dir ();
  g_autofree char *path = first_run_path ();
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *text = NULL;

  g_key_file_set_boolean (file, FIRST_RUN_GROUP, "DontAskAgain", TRUE);
  text = g_key_file_to_data (file, NULL, NULL);
  return fp_account_state_make_dir (dir, error) &&
         fp_write_private_file (path, text, -1, error);
}
