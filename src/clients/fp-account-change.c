/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fp-account-change.h"
#include "fp-credentials-request.h"

/*
 * Comparing what was written with what is published now. Only the servers
 * Fingerpost wrote matter: an alternative the provider adds or drops changes
 * nothing for the person while the written server is still published as it was.
 * A change that lowers security (weaker transport, a server in another
 * registrable domain, settings no longer trusted) carries a sentence saying so,
 * and is applied only after the person confirmed it.
 */

static void
field_change_free (FpFieldChange *change)
{
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

void
fp_account_change_free (FpAccountChange *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->incoming, fp_mail_server_free);
  g_clear_pointer (&self->outgoing, fp_mail_server_free);
  g_ptr_array_unref (self->fields);
  g_ptr_array_unref (self->concerns);
  g_free (self);
}

gboolean
fp_account_change_is_empty (const FpAccountChange *self)
{
  return self->fields->len == 0 && self->concerns->len == 0;
}

gboolean
fp_account_change_lowers_security (const FpAccountChange *self)
{
  return self->concerns->len > 0;
}

/* Whether the programs' entries need writing: a republished document alone does not. */
gboolean
fp_account_change_moves_servers (const FpAccountChange *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    if (!g_str_equal (((FpFieldChange *) g_ptr_array_index (self->fields, i))->direction,
                      "source"))
      return TRUE;
  return FALSE;
}

/*
 * The server that now stands for @written: itself when still published,
 * else the same protocol on the same host (moved port or transport), else
 * the provider's first choice of the same protocol, else its first choice.
 */
static const FpMailServer *
successor (const FpMailServer *written,
           GPtrArray          *published)
{
  const FpMailServer *same_protocol = NULL;

  for (guint i = 0; i < published->len; i++)
    if (fp_mail_server_equal (g_ptr_array_index (published, i), written))
      return g_ptr_array_index (published, i);
  /* The same server, the provider listing its sign-in methods otherwise. */
  for (guint i = 0; i < published->len; i++)
    {
      const FpMailServer *server = g_ptr_array_index (published, i);

      if (server->protocol == written->protocol && server->port == written->port &&
          server->transport == written->transport &&
          g_ascii_strcasecmp (server->host, written->host) == 0 &&
          g_strcmp0 (server->login, written->login) == 0 &&
          fp_mail_server_has_auth_method (server, written->authentication))
        return server;
    }
  for (guint i = 0; i < published->len; i++)
    {
      const FpMailServer *server = g_ptr_array_index (published, i);

      if (server->protocol != written->protocol)
        continue;
      if (g_ascii_strcasecmp (server->host, written->host) == 0)
        return server;
      if (same_protocol == NULL)
        same_protocol = server;
    }
  return same_protocol != NULL ? same_protocol : g_ptr_array_index (published, 0);
}

static void
add_field (FpAccountChange *self,
           const char      *direction,
           const char      *field,
           char            *old_value,
           char            *new_value)
{
  FpFieldChange *change;

  if (g_strcmp0 (old_value, new_value) == 0)
    {
      g_free (old_value);
      g_free (new_value);
      return;
    }
  change = g_new0 (FpFieldChange, 1);
  change->direction = direction;
  change->field = field;
  change->old_value = old_value;
  change->new_value = new_value;
  g_ptr_array_add (self->fields, change);
}

static int
transport_strength (FpTransport transport)
{
  return transport == FP_TRANSPORT_TLS ? 2 : transport == FP_TRANSPORT_STARTTLS ? 1 : 0;
}

static void
compare_server (FpAccountChange    *self,
                const char         *direction,
                const FpMailServer *old,
                const FpMailServer *new,
                const char         *account_domain)
{
  g_autofree char *old_domain = fp_registrable_domain (old->host);
  g_autofree char *new_domain = fp_registrable_domain (new->host);

  add_field (self, direction, "protocol", g_strdup (fp_mail_protocol_to_string (old->protocol)),
             g_strdup (fp_mail_protocol_to_string (new->protocol)));
  add_field (self, direction, "host", g_ascii_strdown (old->host, -1),
             g_ascii_strdown (new->host, -1));
  add_field (self, direction, "port", g_strdup_printf ("%u", old->port),
             g_strdup_printf ("%u", new->port));
  add_field (self, direction, "transport", g_strdup (fp_transport_to_string (old->transport)),
             g_strdup (fp_transport_to_string (new->transport)));
  add_field (self, direction, "login", g_strdup (old->login), g_strdup (new->login));
  add_field (self, direction, "login-required", g_strdup (old->login_required ? "true" : "false"),
             g_strdup (new->login_required ? "true" : "false"));
  add_field (self, direction, "authentication",
             g_strdup (fp_auth_method_to_string (old->authentication)),
             g_strdup (fp_auth_method_to_string (new->authentication)));

  if (transport_strength (new->transport) < transport_strength (old->transport))
    g_ptr_array_add (self->concerns,
                     g_strdup_printf (_("%s would change from “%s” to “%s”."), new->host,
                                      fp_transport_describe (old->transport),
                                      fp_transport_describe (new->transport)));
  if (g_ascii_strcasecmp (new_domain, old_domain) != 0 &&
      g_ascii_strcasecmp (new_domain, account_domain) != 0)
    g_ptr_array_add (self->concerns,
                     g_strdup_printf (_("%s is in another domain, %s: your password would go "
                                        "there."), new->host, new_domain));
}

static void
keep_authentication (FpMailServer       *now,
                     const FpMailServer *written)
{
  if (fp_mail_server_has_auth_method (now, written->authentication))
    now->authentication = written->authentication;
}

/**
 * fp_account_change_compute:
 * @config: what the record's source publishes now
 *
 * Returns: (transfer full): the change; empty when nothing that was written differs
 */
FpAccountChange *
fp_account_change_compute (const FpAccountRecord *record,
                           const FpMailConfig    *config)
{
  FpAccountChange *self = g_new0 (FpAccountChange, 1);
  const char *at = strrchr (record->account, '@');
  g_autofree char *account_domain = fp_registrable_domain (at ? at + 1 : record->account);

  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_change_free);
  self->concerns = g_ptr_array_new_with_free_func (g_free);
  self->incoming = fp_mail_server_copy (successor (record->incoming, config->incoming));
  self->outgoing = fp_mail_server_copy (successor (record->outgoing, config->outgoing));
  /* The sign-in method the programs use stays while the provider still lists it. */
  keep_authentication (self->incoming, record->incoming);
  keep_authentication (self->outgoing, record->outgoing);
  compare_server (self, "incoming", record->incoming, self->incoming, account_domain);
  compare_server (self, "outgoing", record->outgoing, self->outgoing, account_domain);
  /*
   * PACC: a digest that changed, and that the new TXT record states (else the
   * fetch failed), is a document the provider republished: reported as a
   * change. A record from before digests were kept has none to compare.
   */
  if (record->source_kind == FP_CONFIG_SOURCE_PACC && record->pacc_digest != NULL)
    add_field (self, "source", "pacc-digest", g_strdup (record->pacc_digest),
               g_strdup (config->pacc_digest));
  /* A change is judged by the rules of setup: untrusted settings need a yes. */
  if (self->fields->len > 0 && record->trusted && !config->trusted)
    g_ptr_array_add (self->concerns,
                     g_strdup (_("The new settings are not trusted as the old ones were: they "
                                 "name servers outside your account’s domain, or came from "
                                 "DNS.")));
  return self;
}
