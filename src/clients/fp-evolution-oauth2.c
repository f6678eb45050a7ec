/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-evolution-oauth2"

#include "config.h"

#include <glib.h>
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libedataserver/libedataserver.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#include "fp-evolution-oauth2.h"

/*
 * Which OAuth2 service of Evolution signs in to a server. Evolution writes
 * the service's name (`Google`, `Outlook`, `Yahoo` in 3.46) as the account's
 * `[Authentication] Method`, and its own registered client then opens the
 * provider's sign-in page. The services, and the hosts each takes, belong to
 * the installed libedataserver (and its modules), so it is asked here at run
 * time, exactly as Evolution's own account assistant asks it.
 */

static gpointer
create_services (gpointer data)
{
  return e_oauth2_services_is_supported () ? e_oauth2_services_new () : NULL;
}

static EOAuth2Services *
get_services (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, create_services, NULL);
}

/* Camel's provider names, which the services' guesses are keyed on. */
static const char *
camel_protocol (FpMailProtocol protocol)
{
  switch (protocol)
    {
    case FP_MAIL_PROTOCOL_IMAP:
      return "imapx";
    case FP_MAIL_PROTOCOL_POP3:
      return "pop";
    case FP_MAIL_PROTOCOL_SMTP:
    default:
      return "smtp";
    }
}

/**
 * fp_evolution_oauth2_service_for:
 * @display_name: (out) (optional) (transfer full): the provider's name for
 *   people, e.g. "Google"
 *
 * Returns: (transfer full) (nullable): the name of the service that takes
 *   @server's host, or %NULL when Evolution cannot sign in to it with OAuth2
 */
char *
fp_evolution_oauth2_service_for (const FpMailServer  *server,
                                 char               **display_name)
{
  EOAuth2Services *services = get_services ();
  g_autoptr(EOAuth2Service) service = NULL;

  if (display_name != NULL)
    *display_name = NULL;
  if (services == NULL)
    return NULL;
  service = e_oauth2_services_guess (services, camel_protocol (server->protocol), server->host);
  if (service == NULL)
    return NULL;
  if (display_name != NULL)
    *display_name = g_strdup (e_oauth2_service_get_display_name (service));
  return g_strdup (e_oauth2_service_get_name (service));
}
