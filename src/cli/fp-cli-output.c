/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "fp-autoconfig-link.h"
#include "fp-cli-output.h"
#include "fp-json.h"

/*
 * What the commands print: a short summary for people, stable JSON for
 * scripts. Values from outside are escaped one by one (fp_cli_escape()).
 */

/* How this run reports failures: --json, and the hosts it talked to, to name who failed. */
static gboolean json_output;
static GPtrArray *known_hosts;

void
fp_cli_output_set_json (gboolean json)
{
  json_output = json;
}

/* A host this run asked or was sent to, so that a failure naming it can be attributed to it. */
void
fp_cli_output_note_host (const char *host)
{
  g_autofree char *lower = NULL;

  if (host == NULL || *host == '\0')
    return;
  lower = g_ascii_strdown (host, -1);
  if (known_hosts == NULL)
    known_hosts = g_ptr_array_new_with_free_func (g_free);
  if (!g_ptr_array_find_with_equal_func (known_hosts, lower, g_str_equal, NULL))
    g_ptr_array_add (known_hosts, g_steal_pointer (&lower));
}

static gboolean
is_host_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.';
}

/*
 * Every failure names the host that said it, first (“mail.example did not
 * answer…”, “The certificate of mail.example…”): the known host found
 * earliest in the message, as a whole name; the longer one where two start
 * together. %NULL for failures of this computer (usage, writing).
 */
static const char *
host_in_message (const char *message)
{
  g_autofree char *lower = g_ascii_strdown (message, -1);
  const char *best = NULL;
  gsize best_at = G_MAXSIZE;

  for (guint i = 0; known_hosts != NULL && i < known_hosts->len; i++)
    {
      const char *host = g_ptr_array_index (known_hosts, i);
      gsize length = strlen (host);

      for (const char *at = strstr (lower, host); at != NULL; at = strstr (at + 1, host))
        {
          gsize offset = at - lower;

          /* Not part of a longer name, nor the domain of an address (alice@mail.example). */
          if ((offset > 0 && (is_host_char (at[-1]) || at[-1] == '@')) ||
              (is_host_char (at[length]) && !(at[length] == '.' && !is_host_char (at[length + 1]))))
            continue;
          if (offset < best_at || (offset == best_at && length > strlen (best)))
            {
              best = host;
              best_at = offset;
            }
          break;
        }
    }
  return best;
}

/* The member scripts look for: "error": { "status": N, "message": "…", "host": "…" | null }. */
void
fp_cli_json_add_error (JsonBuilder *builder,
                       int          status,
                       const char  *message)
{
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  fp_cli_json_add_string (builder, "message", message);
  fp_cli_json_add_string (builder, "host", host_in_message (message));
  json_builder_end_object (builder);
}

/**
 * fp_cli_print_failure:
 * @status: the exit status this failure ends with
 * @message: one plain sentence
 *
 * The sentence on stderr, escaped; with --json also `{"error": {…}}` on
 * stdout, the one object printed there.
 */
void
fp_cli_print_failure (int         status,
                      const char *message)
{
  g_autofree char *shown = fp_cli_escape (message);

  g_printerr ("%s\n", shown);
  if (json_output)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      fp_cli_json_add_error (builder, status, message);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      fp_cli_print_json (root);
    }
}

void
fp_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  escaped = fp_cli_escape_json_text (text);
  g_print ("%s\n", escaped);
}

/* "1 Personal, 2 Business", for the message that asks for --choice. */
char *
fp_cli_describe_choices (GPtrArray *links)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < links->len; i++)
    {
      FpAutoconfigLink *link = g_ptr_array_index (links, i);
      g_autofree char *title = fp_cli_escape (link->title);

      g_string_append_printf (text, "%s%u “%s”", i ? ", " : "", i + 1, title);
    }
  return g_string_free (text, FALSE);
}

/* What both kinds of `discover --json` begin with: the account and who answered. */
static void
begin_discovery_json (JsonBuilder        *builder,
                      const FpIdentifier *identifier,
                      FpConfigSourceKind  source)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, identifier->address);
  json_builder_set_member_name (builder, "resource");
  json_builder_add_string_value (builder, identifier->resource);
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, identifier->host);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, fp_config_source_kind_to_string (source));
}

void
fp_cli_print_choices (const FpIdentifier *identifier,
                      GPtrArray          *links,
                      gboolean            json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      begin_discovery_json (builder, identifier, FP_CONFIG_SOURCE_WEBFINGER);
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      for (guint i = 0; i < links->len; i++)
        {
          FpAutoconfigLink *link = g_ptr_array_index (links, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, link->title);
          json_builder_set_member_name (builder, "href");
          json_builder_add_string_value (builder, link->href);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      fp_cli_print_json (root);
      return;
    }

  g_print (ngettext ("%s publishes %u account for %s (WebFinger):\n",
                     "%s publishes %u accounts for %s (WebFinger):\n", links->len),
           identifier->host, links->len, identifier->address);
  for (guint i = 0; i < links->len; i++)
    {
      FpAutoconfigLink *link = g_ptr_array_index (links, i);
      g_autofree char *title = fp_cli_escape (link->title);
      g_autofree char *href = fp_cli_escape (link->href);

      g_print ("  %u. %s\n     %s\n", i + 1, title, href);
    }
}

static void
add_server_json (JsonBuilder        *builder,
                 const FpMailServer *server)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_string_value (builder, fp_mail_protocol_to_string (server->protocol));
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, server->host);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, server->port);
  json_builder_set_member_name (builder, "transport");
  json_builder_add_string_value (builder, fp_transport_to_string (server->transport));
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, server->login);
  json_builder_set_member_name (builder, "login-required");
  json_builder_add_boolean_value (builder, server->login_required);
  /* The method chosen for the mail programs (the one the login check proves), then all. */
  json_builder_set_member_name (builder, "authentication");
  json_builder_add_string_value (builder, fp_auth_method_to_string (server->authentication));
  json_builder_set_member_name (builder, "authentication-methods");
  json_builder_begin_array (builder);
  for (guint i = 0; i < server->n_auth_methods; i++)
    json_builder_add_string_value (builder, fp_auth_method_to_string (server->auth_methods[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_servers_json (JsonBuilder *builder,
                  const char  *member,
                  GPtrArray   *servers)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < servers->len; i++)
    add_server_json (builder, g_ptr_array_index (servers, i));
  json_builder_end_array (builder);
}

/* A string member, or null when there is no value. */
void
fp_cli_json_add_string (JsonBuilder *builder,
                        const char  *member,
                        const char  *value)
{
  fp_json_builder_add_string (builder, member, value);
}

JsonNode *
fp_cli_config_to_json (const FpMailConfig *config)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  fp_cli_json_add_string (builder, "address", config->address);
  fp_cli_json_add_string (builder, "name", config->name);
  add_servers_json (builder, "incoming", config->incoming);
  add_servers_json (builder, "outgoing", config->outgoing);
  json_builder_set_member_name (builder, "source");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, fp_config_source_kind_to_string (config->source_kind));
  fp_cli_json_add_string (builder, "href", config->source_href);
  fp_cli_json_add_string (builder, "host", config->source_host);
  if (config->source_domain != NULL)
    fp_cli_json_add_string (builder, "domain", config->source_domain);
  json_builder_set_member_name (builder, "trusted");
  json_builder_add_boolean_value (builder, config->trusted);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_servers (const char *heading,
               GPtrArray  *servers)
{
  g_print ("%s\n", heading);
  for (guint i = 0; i < servers->len; i++)
    {
      FpMailServer *server = g_ptr_array_index (servers, i);
      g_autofree char *protocol = g_ascii_strup (fp_mail_protocol_to_string (server->protocol), -1);
      g_autofree char *host = fp_cli_escape (server->host);
      g_autofree char *login = fp_cli_escape (server->login);

      g_print ("  %-4s  %s port %u, %s, ", protocol, host, server->port,
               fp_transport_describe (server->transport));
      if (server->login_required)
        g_print (_("login “%s”, %s\n"), login, fp_auth_method_describe (server->authentication));
      else
        g_print (_("no login\n"));
    }
}

void
fp_cli_print_config (const FpMailConfig *config,
                     gboolean            json)
{
  g_autofree char *name = fp_cli_escape (config->name);
  g_autofree char *address = fp_cli_escape (config->address);
  g_autofree char *href = fp_cli_escape (config->source_href);

  if (json)
    {
      g_autoptr(JsonNode) root = fp_cli_config_to_json (config);

      fp_cli_print_json (root);
      return;
    }

  if (name != NULL)
    g_print ("%s <%s>\n", name, address);
  else
    g_print ("%s\n", address);
  if (href != NULL && config->source_domain != NULL)
    {
      g_autofree char *domain = fp_cli_escape (config->source_domain);

      g_print (_("Settings for %s from %s\n"), domain, href);
    }
  else if (href != NULL)
    g_print (_("Settings from %s\n"), href);
  print_servers (_("Incoming, in order of preference:"), config->incoming);
  print_servers (_("Outgoing, in order of preference:"), config->outgoing);
}

static const char *
describe_source (FpConfigSourceKind kind)
{
  switch (kind)
    {
    case FP_CONFIG_SOURCE_AUTOCONFIG:
      return _("the provider’s autoconfig document");
    case FP_CONFIG_SOURCE_ISPDB:
      return _("the ISP database");
    case FP_CONFIG_SOURCE_SRV:
      return _("DNS SRV records");
    case FP_CONFIG_SOURCE_PACC:
      return _("the provider’s PACC document");
    case FP_CONFIG_SOURCE_MX:
      return _("the MX record, pointing to the provider that hosts the mail");
    case FP_CONFIG_SOURCE_WEBFINGER:
    case FP_CONFIG_SOURCE_MANUAL:
    default:
      return fp_config_source_kind_to_string (kind);
    }
}

/* discover, when a fallback answered: the servers themselves, since there is nothing to choose. */
void
fp_cli_print_found_config (const FpIdentifier *identifier,
                           const FpMailConfig *config,
                           gboolean            json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      begin_discovery_json (builder, identifier, config->source_kind);
      json_builder_set_member_name (builder, "trusted");
      json_builder_add_boolean_value (builder, config->trusted);
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "config");
      json_builder_add_value (builder, fp_cli_config_to_json (config));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      fp_cli_print_json (root);
      return;
    }

  g_print (_("%s publishes no WebFinger settings for %s; found by %s:\n"), identifier->host,
           identifier->address, describe_source (config->source_kind));
  fp_cli_print_config (config, FALSE);
  if (!config->trusted)
    g_print (_("Check these servers: they come from DNS, which can be forged.\n"));
}
