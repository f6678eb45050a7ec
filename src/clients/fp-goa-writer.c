/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-goa-writer"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#define GOA_API_IS_SUBJECT_TO_CHANGE
#include <goa/goa.h>

#include "fp-clients-error.h"
#include "fp-evolution-writer.h"
#include "fp-goa-writer.h"

/*
 * GNOME Online Accounts: goa-daemon owns the accounts; we only ask it, over
 * the session bus, to add one (org.gnome.OnlineAccounts.Manager.AddAccount)
 * with its "imap_smtp" provider. It writes $XDG_CONFIG_HOME/goa-1.0/accounts.conf
 * and keeps the credentials in the keyring itself; Settings, Evolution's
 * registry, GNOME Calendar and Geary read the account from it.
 *
 * The details are the keys GOA 3.46's imap_smtp provider reads back
 * (goaimapsmtpprovider.c, build_object and ensure_credentials_sync):
 * Enabled (not MailEnabled, which only the Google, Microsoft and other web
 * providers read: with it alone the account has no Mail interface and
 * MailDisabled=true), EmailAddress, Name, Imap{Host,UserName,UseSsl,UseTls,
 * AcceptSslErrors}, Smtp{Host,UseAuth,UserName,AuthPlain,AuthLogin,UseSsl,
 * UseTls,AcceptSslErrors}, booleans as "true"/"false". Ports are not keys of
 * their own: a host is "host:port" when the port is not the one GOA assumes
 * (993 with SSL, else 143; 465 with SSL, else 587); Evolution's registry
 * splits it again (test-evolution-live logs in on such ports). Credentials are "imap-password" and "smtp-password". The provider has
 * no POP3 at all, so a POP3 account is refused here, not half-written.
 */

#define GOA_ACCOUNT_PATH_PREFIX "/org/gnome/OnlineAccounts/Accounts/"

/**
 * fp_goa_is_available:
 *
 * goa-daemon runs on the session bus or can be started there. Blocking,
 * but only for two short calls to the bus daemon.
 *
 * Returns: %TRUE when an account can be added
 */
gboolean
fp_goa_is_available (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) owner = NULL;
  g_autoptr(GVariant) names = NULL;
  g_autofree const char **list = NULL;

  if (bus == NULL)
    return FALSE;
  owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", FP_GOA_BUS_NAME),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000,
                                       NULL, NULL);
  if (owner != NULL)
    {
      gboolean has_owner;

      g_variant_get (owner, "(b)", &has_owner);
      if (has_owner)
        return TRUE;
    }
  names = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                       G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 2000,
                                       NULL, NULL);
  if (names == NULL)
    return FALSE;
  g_variant_get (names, "(^a&s)", &list);
  return g_strv_contains (list, FP_GOA_BUS_NAME);
}

/**
 * fp_goa_can_hold:
 *
 * Returns: %FALSE with %FP_CLIENTS_ERROR_UNSUPPORTED when GOA's imap_smtp
 *   provider cannot hold @plan's account
 */
gboolean
fp_goa_can_hold (const FpAccountPlan  *plan,
                 GError              **error)
{
  if (plan->incoming->protocol != FP_MAIL_PROTOCOL_IMAP)
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_UNSUPPORTED,
                   _("GNOME Online Accounts only keeps IMAP accounts, and %s is read with POP3; "
                     "nothing was written. Set it up in Evolution or Thunderbird instead."),
                   plan->address);
      return FALSE;
    }
  /* imap_smtp logs in with the password only; OAuth2 is for GOA's own Google, Microsoft… */
  if (!fp_mail_server_has_auth_method (plan->incoming, FP_AUTH_PASSWORD) ||
      (plan->outgoing->login_required &&
       !fp_mail_server_has_auth_method (plan->outgoing, FP_AUTH_PASSWORD)))
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_UNSUPPORTED,
                   _("GNOME Online Accounts’ IMAP and SMTP provider signs in with a password "
                     "only, and %s does not take one; nothing was written. Add the account in "
                     "Settings → Online Accounts (gnome-control-center online-accounts), whose "
                     "own providers sign in to Google and Microsoft."), plan->incoming->host);
      return FALSE;
    }
  return TRUE;
}

char *
fp_goa_accounts_file (void)
{
  return g_build_filename (g_get_user_config_dir (), "goa-1.0", "accounts.conf", NULL);
}

static const char *
boolean (gboolean value)
{
  return value ? "true" : "false";
}

/* GOA assumes 993/143 and 465/587 by the SSL flag alone; any other port is written out. */
static char *
host_and_port (const FpMailServer *server)
{
  gboolean ssl = server->transport == FP_TRANSPORT_TLS;
  guint16 assumed = server->protocol == FP_MAIL_PROTOCOL_SMTP ? (ssl ? 465 : 587)
                                                              : (ssl ? 993 : 143);

  if (server->port == assumed)
    return g_strdup (server->host);
  return g_strdup_printf ("%s:%u", server->host, server->port);
}

/**
 * fp_goa_account_details:
 *
 * Returns: (transfer full): the AddAccount details (`a{ss}`) for @plan,
 *   in a fixed order
 */
GVariant *
fp_goa_account_details (const FpAccountPlan *plan)
{
  const FpMailServer *imap = plan->incoming;
  const FpMailServer *smtp = plan->outgoing;
  g_autofree char *imap_host = host_and_port (imap);
  g_autofree char *smtp_host = host_and_port (smtp);
  const char *pairs[][2] = {
    { "Enabled", "true" },
    { "EmailAddress", plan->address },
    { "Name", plan->full_name != NULL ? plan->full_name : "" },
    { "ImapHost", imap_host },
    { "ImapUserName", imap->login },
    { "ImapUseSsl", boolean (imap->transport == FP_TRANSPORT_TLS) },
    { "ImapUseTls", boolean (imap->transport == FP_TRANSPORT_STARTTLS) },
    { "ImapAcceptSslErrors", "false" },
    { "SmtpHost", smtp_host },
    { "SmtpUseAuth", boolean (smtp->login_required) },
    { "SmtpUserName", smtp->login_required ? smtp->login : NULL },
    { "SmtpAuthPlain", smtp->login_required ? "true" : NULL },
    { "SmtpAuthLogin", smtp->login_required ? "false" : NULL },
    { "SmtpUseSsl", boolean (smtp->transport == FP_TRANSPORT_TLS) },
    { "SmtpUseTls", boolean (smtp->transport == FP_TRANSPORT_STARTTLS) },
    { "SmtpAcceptSslErrors", "false" },
  };
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (pairs[i][1] != NULL)
      g_variant_builder_add (&builder, "{ss}", pairs[i][0], pairs[i][1]);
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* Without a password (or with --no-keyring) Settings asks for it: nothing to keep. */
static GVariant *
account_credentials (const FpAccountPlan *plan)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  if (fp_account_plan_wants_keyring (plan))
    {
      g_variant_builder_add (&builder, "{sv}", "imap-password",
                             g_variant_new_string (plan->password));
      if (plan->outgoing->login_required)
        g_variant_builder_add (&builder, "{sv}", "smtp-password",
                               g_variant_new_string (plan->password));
    }
  return g_variant_builder_end (&builder);
}

/* GOA's ImapHost may carry ":port"; the account is the same whatever the port. */
static gboolean
same_host (const char *goa_host,
           const char *host)
{
  size_t length = strlen (host);

  return goa_host != NULL && g_ascii_strncasecmp (goa_host, host, length) == 0 &&
         (goa_host[length] == '\0' || goa_host[length] == ':');
}

/*
 * The same account is the same address on the same incoming server, whatever
 * the provider. An imap_smtp account whose mail the person switched off has
 * no Mail interface, so no server to compare: the same address is enough
 * there, rather than a second account beside it.
 */
static gboolean
is_same_account (GoaObject          *object,
                 const char         *address,
                 const FpMailServer *incoming)
{
  GoaAccount *account = goa_object_peek_account (object);
  GoaMail *mail = goa_object_peek_mail (object);
  const char *email;

  if (account == NULL)
    return FALSE;
  if (mail == NULL)
    return g_strcmp0 (goa_account_get_provider_type (account), FP_GOA_PROVIDER) == 0 &&
           g_ascii_strcasecmp (goa_account_get_identity (account), address) == 0;
  email = goa_mail_get_email_address (mail);
  return email != NULL && g_ascii_strcasecmp (email, address) == 0 &&
         same_host (goa_mail_get_imap_host (mail), incoming->host);
}

static char *
find_account (GoaClient          *client,
              const char         *address,
              const FpMailServer *incoming)
{
  GList *accounts = goa_client_get_accounts (client);
  char *found = NULL;

  for (GList *l = accounts; l != NULL && found == NULL; l = l->next)
    if (is_same_account (l->data, address, incoming))
      found = g_strdup (goa_account_get_id (goa_object_peek_account (l->data)));
  g_list_free_full (accounts, g_object_unref);
  return found;
}

static GoaClient *
connect_goa (GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GoaClient *client;

  if (!fp_goa_is_available ())
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_SERVICE_UNAVAILABLE,
                   _("GNOME Online Accounts is not running in this session; nothing was "
                     "written."));
      return NULL;
    }
  client = goa_client_new_sync (cancellable, &local_error);
  if (client == NULL)
    g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_SERVICE_UNAVAILABLE,
                 _("Could not reach GNOME Online Accounts: %s; nothing was written."),
                 local_error->message);
  return client;
}

static void
describe_details (FpWriteReport *report,
                  GVariant      *details)
{
  GVariantIter iter;
  const char *key;
  const char *value;

  g_variant_iter_init (&iter, details);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    fp_write_report_add_change (report, "%s=%s", key, value);
}

static FpWriteReport *
add_account (GoaClient            *client,
             const FpAccountPlan  *plan,
             FpWriteFlags          flags,
             GCancellable         *cancellable,
             GError              **error)
{
  gboolean dry_run = (flags & FP_WRITE_FLAGS_DRY_RUN) != 0;
  g_autoptr(FpWriteReport) report = fp_write_report_new (FP_MAIL_PROGRAM_GOA, dry_run);
  g_autoptr(GVariant) details = fp_goa_account_details (plan);
  g_autofree char *existing = find_account (client, plan->address, plan->incoming);
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean keyring = fp_account_plan_wants_keyring (plan);

  if (existing != NULL)
    {
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_ALREADY_CONFIGURED,
                   _("%s on %s is already in GNOME Online Accounts (%s); nothing was written."),
                   plan->address, plan->incoming->host, existing);
      return NULL;
    }
  report->location = fp_goa_accounts_file ();
  g_ptr_array_add (report->files, g_strdup (report->location));
  fp_write_report_add_change (report, "AddAccount (%s, %s, %s):", FP_GOA_PROVIDER, plan->address,
                              plan->address);
  describe_details (report, details);
  /* Evolution reads the account from GOA, with the same trust store. */
  report->trust_note = fp_evolution_trust_note (plan);
  report->password_note = keyring
    ? g_strdup (_("GNOME Online Accounts keeps the password in the keyring."))
    : g_strdup (_("Settings → Online Accounts asks for the password once."));
  if (dry_run)
    return g_steal_pointer (&report);

  if (!goa_manager_call_add_account_sync (goa_client_get_manager (client), FP_GOA_PROVIDER,
                                          plan->address, plan->address,
                                          account_credentials (plan), details, &path,
                                          cancellable, &local_error))
    {
      g_dbus_error_strip_remote_error (local_error);
      g_set_error (error, FP_CLIENTS_ERROR, FP_CLIENTS_ERROR_WRITE_FAILED,
                   _("GNOME Online Accounts did not add the account: %s; nothing was written."),
                   local_error->message);
      return NULL;
    }
  report->account_id = g_strdup (g_str_has_prefix (path, GOA_ACCOUNT_PATH_PREFIX)
                                   ? path + strlen (GOA_ACCOUNT_PATH_PREFIX) : path);
  report->incoming_id = g_strdup (report->account_id);
  report->identity_id = g_strdup (report->account_id);
  report->transport_id = g_strdup (report->account_id);
  if (keyring)
    g_ptr_array_add (report->secrets,
                     g_strdup_printf (_("GNOME Online Accounts: the password of account %s"),
                                      report->account_id));
  return g_steal_pointer (&report);
}

/**
 * fp_goa_writer_write_sync:
 * @location: ignored: goa-daemon decides where its accounts go
 *
 * Adds @plan's account to GNOME Online Accounts, through goa-daemon on the
 * session bus, unless an account with the same address and incoming server
 * is there already. goa-daemon adds it whole or not at all.
 *
 * Returns: (transfer full): what was written, or %NULL with an #FpClientsError
 */
FpWriteReport *
fp_goa_writer_write_sync (const FpAccountPlan  *plan,
                          const char           *location,
                          FpWriteFlags          flags,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GoaClient) client = NULL;
  FpWriteReport *report = NULL;

  g_return_val_if_fail (plan != NULL, NULL);

  if (!fp_goa_can_hold (plan, error))
    return NULL;
  /* The client's bus signals go to a context of our own, never to the caller's. */
  g_main_context_push_thread_default (context);
  client = connect_goa (cancellable, error);
  if (client != NULL)
    report = add_account (client, plan, flags, cancellable, error);
  g_clear_object (&client);
  g_main_context_pop_thread_default (context);
  return report;
}
