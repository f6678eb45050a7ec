/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fp-autoconfig-link.h"
#include "fp-cli-output.h"

/* What the commands print: a short summary for people, stable JSON for scripts. */

void
fp_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* "1 Personal, 2 Business", for the message that asks for --choice. */
char *
fp_cli_describe_choices (GPtrArray *links)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < links->len; i++)
    {
      FpAutoconfigLink *link = g_ptr_array_index (links, i);

      g_string_append_printf (text, "%s%u “%s”", i ? ", " : "", i + 1, link->title);
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

      g_print ("  %u. %s\n     %s\n", i + 1, link->title, link->href);
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
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
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

      g_print ("  %-4s  %s port %u, %s, ", protocol, server->host, server->port,
               fp_transport_describe (server->transport));
      if (server->login_required)
        g_print (_("login “%s”, %s\n"), server->login,
                 fp_auth_method_describe (server->authentication));
      else
        g_print (_("no login\n"));
    }
}

void
fp_cli_print_config (const FpMailConfig *config,
                     gboolean            json)
{
  if (json)
    {
      g_autoptr(JsonNode) root = fp_cli_config_to_json (config);

      fp_cli_print_json (root);
      return;
    }

  if (config->name != NULL)
    g_print ("%s <%s>\n", config->name, config->address);
  else
    g_print ("%s\n", config->address);
  if (config->source_href != NULL)
    g_print (_("Settings from %s\n"), config->source_href);
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
    g_print (_("Check these servers: they are outside the account’s domain, or come from DNS, "
               "which can be forged.\n"));
}
