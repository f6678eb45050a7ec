/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-auth-choice"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fp-auth-choice.h"
#include "fp-error.h"
#include "fp-evolution-oauth2.h"
#include "fp-thunderbird-oauth2.h"

/*
 * Which sign-in method each mail program uses on a server: the first, in the
 * provider's order, that the program can do there. Both programs do a
 * password and CRAM-MD5 everywhere; OAuth2 only where the program has its
 * own registered client for the provider (fp-thunderbird-oauth2.c,
 * fp-evolution-oauth2.c), since Fingerpost never holds a token and the
 * program signs in by itself on first use.
 */

typedef struct
{
  gboolean  usable;
  char     *who;     /* the sign-in page's owner, for an OAuth2 sentence */
  char     *reason;  /* why not, a clause */
} OAuth2;

static void
oauth2_clear (OAuth2 *oauth2)
{
  g_free (oauth2->who);
  g_free (oauth2->reason);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OAuth2, oauth2_clear)

static void
ask_oauth2 (FpMailProgram       program,
            const FpMailServer *server,
            OAuth2             *oauth2)
{
  g_autofree char *service = NULL;

  switch (program)
    {
    case FP_MAIL_PROGRAM_THUNDERBIRD:
      oauth2->usable = fp_thunderbird_oauth2_knows_host (server->host, &oauth2->who);
      if (!oauth2->usable && g_str_has_suffix (fp_thunderbird_oauth2_get_source (), "omni.ja"))
        oauth2->reason = g_strdup (_("Thunderbird’s built-in OAuth2 list does not name this "
                                     "host"));
      else if (!oauth2->usable)
        oauth2->reason = g_strdup_printf (_("no installed Thunderbird could be read (%s)"),
                                          fp_thunderbird_oauth2_get_source ());
      break;
    case FP_MAIL_PROGRAM_EVOLUTION:
      service = fp_evolution_oauth2_service_for (server, &oauth2->who);
      oauth2->usable = service != NULL;
      if (!oauth2->usable)
        oauth2->reason = g_strdup (_("Evolution has no OAuth2 service for this host"));
      break;
    case FP_MAIL_PROGRAM_GOA:
      /* GOA's imap_smtp provider takes a password; its web providers are added in Settings. */
      oauth2->usable = FALSE;
      oauth2->reason = g_strdup (_("its IMAP and SMTP provider signs in with a password only: "
                                   "add the account in Settings → Online Accounts "
                                   "(gnome-control-center online-accounts), whose own Google "
                                   "and Microsoft providers sign in with OAuth2"));
      break;
    default:
      /* A program Fingerpost cannot hand OAuth2 to signs in with the provider's next method. */
      oauth2->usable = FALSE;
      oauth2->reason = g_strdup_printf (_("%s does not sign in with OAuth2 here"),
                                        fp_mail_program_display_name (program));
      break;
    }
}

static char *
explain_choice (FpMailProgram       program,
                const FpMailServer *server,
                FpAuthMethod        method,
                const OAuth2       *oauth2,
                gboolean            skipped_oauth2)
{
  const char *name = fp_mail_program_display_name (program);

  if (method == FP_AUTH_OAUTH2 && program == FP_MAIL_PROGRAM_THUNDERBIRD)
    return g_strdup_printf (_("%s will open the sign-in page of %s the first time; Fingerpost "
                              "never sees that password."), name, oauth2->who);
  if (method == FP_AUTH_OAUTH2)
    return g_strdup_printf (_("%s will open %s’s sign-in page the first time; Fingerpost never "
                              "sees that password."), name, oauth2->who);
  if (skipped_oauth2 && method == FP_AUTH_CRAM_MD5)
    return g_strdup_printf (_("%s cannot sign in to %s with OAuth2: %s. It will use the password "
                              "as a CRAM-MD5 proof, the provider’s next choice."),
                            name, server->host, oauth2->reason);
  if (skipped_oauth2)
    return g_strdup_printf (_("%s cannot sign in to %s with OAuth2: %s. It will use the "
                              "password, the provider’s next choice (the provider may want an "
                              "app password)."), name, server->host, oauth2->reason);
  if (method == FP_AUTH_CRAM_MD5)
    return g_strdup_printf (_("%s will sign in to %s with the password, sent as a CRAM-MD5 "
                              "proof."), name, server->host);
  return g_strdup_printf (_("%s will sign in to %s with the password."), name, server->host);
}

/**
 * fp_auth_choose:
 * @method: (out) (optional): the method @program uses on @server
 * @explanation: (out) (optional) (transfer full): which and why, one or two
 *   sentences for the review and the command line; when this returns
 *   %FALSE, why @program cannot sign in there
 *
 * Returns: whether @program can sign in to @server with any of its methods
 */
gboolean
fp_auth_choose (FpMailProgram        program,
                const FpMailServer  *server,
                FpAuthMethod        *method,
                char               **explanation)
{
  g_auto(OAuth2) oauth2 = { 0 };
  gboolean skipped_oauth2 = FALSE;

  for (guint i = 0; i < server->n_auth_methods; i++)
    {
      FpAuthMethod candidate = server->auth_methods[i];

      if (candidate == FP_AUTH_OAUTH2)
        {
          ask_oauth2 (program, server, &oauth2);
          if (!oauth2.usable)
            {
              skipped_oauth2 = TRUE;
              continue;
            }
        }
      if (method != NULL)
        *method = candidate;
      if (explanation != NULL)
        *explanation = explain_choice (program, server, candidate, &oauth2, skipped_oauth2);
      return TRUE;
    }
  if (explanation != NULL)
    *explanation = g_strdup_printf (_("%s cannot sign in to %s: the server only takes OAuth2, "
                                      "and %s."), fp_mail_program_display_name (program),
                                    server->host, oauth2.reason ? oauth2.reason : "?");
  return FALSE;
}

static gboolean
usable_by_all (const FpMailServer *server,
               GArray             *programs,
               FpMailProgram      *refused_by)
{
  for (guint i = 0; i < programs->len; i++)
    {
      FpMailProgram program = g_array_index (programs, FpMailProgram, i);

      if (!fp_auth_choose (program, server, NULL, NULL))
        {
          *refused_by = program;
          return FALSE;
        }
    }
  return TRUE;
}

/*
 * The login check proves what the programs will do: the password, if any
 * program will send it (the first such program's way), otherwise only a
 * secured connection for OAuth2.
 */
static FpAuthMethod
method_to_check (const FpMailServer *server,
                 GArray             *programs)
{
  FpAuthMethod checked = FP_AUTH_OAUTH2;

  for (guint i = programs->len; i > 0; i--)
    {
      FpAuthMethod method = FP_AUTH_OAUTH2;

      fp_auth_choose (g_array_index (programs, FpMailProgram, i - 1), server, &method, NULL);
      if (method != FP_AUTH_OAUTH2)
        checked = method;
    }
  return checked;
}

/* "Evolution can use it." for each program, chosen or not, that can use @server. */
static void
say_who_can (GString            *message,
             const FpMailServer *server)
{
  for (FpMailProgram p = 0; p < FP_MAIL_PROGRAM_COUNT; p++)
    if (fp_auth_choose (p, server, NULL, NULL))
      {
        g_string_append_c (message, ' ');
        g_string_append_printf (message, _("%s can use it."), fp_mail_program_display_name (p));
      }
}

static gboolean
apply_direction (GPtrArray     *servers,
                 GArray        *programs,
                 GPtrArray     *dropped,
                 FpActivityLog *log,
                 GError       **error)
{
  gboolean any = FALSE;
  FpMailProgram refused_by = 0;

  for (guint i = 0; i < servers->len; i++)
    any |= usable_by_all (g_ptr_array_index (servers, i), programs, &refused_by);
  if (!any)
    {
      const FpMailServer *first = g_ptr_array_index (servers, 0);
      g_autofree char *why = NULL;
      g_autoptr(GString) message = NULL;

      usable_by_all (first, programs, &refused_by);
      fp_auth_choose (refused_by, first, NULL, &why);
      message = g_string_new (why);
      say_who_can (message, first);
      g_set_error_literal (error, FP_ERROR, FP_ERROR_UNSUPPORTED, message->str);
      return FALSE;
    }
  for (guint i = servers->len; i > 0; i--)
    {
      FpMailServer *server = g_ptr_array_index (servers, i - 1);

      if (usable_by_all (server, programs, &refused_by))
        {
          server->authentication = method_to_check (server, programs);
          continue;
        }
      g_ptr_array_insert (dropped, 0,
                          g_strdup_printf ("%s server %s port %u set aside: %s cannot sign in "
                                           "there with the methods it offers",
                                           fp_mail_protocol_to_string (server->protocol),
                                           server->host, server->port,
                                           fp_mail_program_to_string (refused_by)));
      g_ptr_array_remove_index (servers, i - 1);
    }
  return TRUE;
}

/**
 * fp_auth_choice_apply:
 * @programs: (element-type FpMailProgram): the mail programs to write for
 * @log: (nullable): where each server set aside, and each choice, is noted
 *
 * The servers every chosen program can sign in to, in the provider's order,
 * each with #FpMailServer.authentication set to what the login check must
 * prove. A server that some program cannot use is set aside when another
 * one can serve them all.
 *
 * Returns: (transfer full): a copy of @config, or %NULL with an
 *   %FP_ERROR_UNSUPPORTED error saying which program cannot use the
 *   account, and which one can
 */
FpMailConfig *
fp_auth_choice_apply (const FpMailConfig  *config,
                      GArray              *programs,
                      FpActivityLog       *log,
                      GError             **error)
{
  g_autoptr(FpMailConfig) copy = fp_mail_config_copy (config);
  guint before = copy->dropped->len;

  g_return_val_if_fail (programs != NULL, NULL);

  if (programs->len > 0 &&
      (!apply_direction (copy->incoming, programs, copy->dropped, log, error) ||
       !apply_direction (copy->outgoing, programs, copy->dropped, log, error)))
    return NULL;
  for (guint i = before; log != NULL && i < copy->dropped->len; i++)
    fp_activity_log_add (log, "%s", (const char *) g_ptr_array_index (copy->dropped, i));
  return g_steal_pointer (&copy);
}

/**
 * fp_auth_choice_explain:
 *
 * Returns: (transfer full) (element-type utf8): one sentence per program:
 *   how it will sign in to @server, and why; none where the provider names
 *   nothing but a password, since there was nothing to choose
 */
GPtrArray *
fp_auth_choice_explain (const FpMailServer *server,
                        GArray             *programs)
{
  GPtrArray *sentences = g_ptr_array_new_with_free_func (g_free);

  if (!server->login_required ||
      (server->n_auth_methods == 1 && server->auth_methods[0] == FP_AUTH_PASSWORD))
    return sentences;
  for (guint i = 0; i < programs->len; i++)
    {
      char *explanation = NULL;

      fp_auth_choose (g_array_index (programs, FpMailProgram, i), server, NULL, &explanation);
      g_ptr_array_add (sentences, explanation);
    }
  return sentences;
}

/* Whether any server of @config (after fp_auth_choice_apply()) will need the password. */
gboolean
fp_auth_choice_needs_password (const FpMailConfig *config)
{
  GPtrArray *lists[] = { config->incoming, config->outgoing };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    for (guint j = 0; j < lists[i]->len; j++)
      if (fp_mail_server_needs_password (g_ptr_array_index (lists[i], j)))
        return TRUE;
  return FALSE;
}
