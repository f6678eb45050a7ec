/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "fp-mail-server.h"

G_BEGIN_DECLS

/**
 * FpConfigSourceKind:
 *
 * Where a configuration came from, best trusted first.
 */
typedef enum
{
  FP_CONFIG_SOURCE_WEBFINGER,
  FP_CONFIG_SOURCE_PACC,
  FP_CONFIG_SOURCE_AUTOCONFIG,
  FP_CONFIG_SOURCE_ISPDB,
  FP_CONFIG_SOURCE_MX,
  FP_CONFIG_SOURCE_SRV,
  FP_CONFIG_SOURCE_MANUAL,
} FpConfigSourceKind;

typedef enum
{
  FP_MAIL_CONFIG_PARSE_NONE = 0,
} FpMailConfigParseFlags;

#define FP_TYPE_MAIL_CONFIG (fp_mail_config_get_type ())

/**
 * FpMailConfig:
 * @address: the identity's email address
 * @name: the account's name as the provider gives it, or %NULL
 * @incoming: #FpMailServer (IMAP, POP3) in the administrator's order of preference
 * @outgoing: #FpMailServer (SMTP) in the administrator's order of preference
 * @source_kind: where the configuration was found
 * @source_href: the document's URI, or %NULL (DNS, manual)
 * @source_host: the host that served it, or %NULL
 * @source_domain: (nullable): for settings found through MX, the domain they
 *   were asked for (the mail host's, not the account's)
 * @trusted: %FALSE when the person must confirm the servers before a password is sent
 * @pacc_digest: (nullable): for PACC, the SHA-256 of the document (base64),
 *   which its TXT record stated; `fingerpost check` compares it later
 * @jmap_url: (nullable): PACC's JMAP session URL, kept for later use; not mail
 * @caldav_url: (nullable): PACC's CalDAV URL, kept for later use
 * @carddav_url: (nullable): PACC's CardDAV URL, kept for later use
 * @oauth_issuer: (nullable): PACC's `oauth-public` issuer, when the provider offers it
 * @dropped: (element-type utf8): each alternative the reader set aside, and
 *   why (an unencrypted server while an encrypted one exists, a method not
 *   supported yet), for the activity log
 *
 * A validated mail configuration: at least one incoming and one outgoing server.
 * Reference counted.
 */
typedef struct
{
  char               *address;
  char               *name;
  GPtrArray          *incoming;
  GPtrArray          *outgoing;
  FpConfigSourceKind  source_kind;
  char               *source_href;
  char               *source_host;
  char               *source_domain;
  gboolean            trusted;
  char               *pacc_digest;
  char               *jmap_url;
  char               *caldav_url;
  char               *carddav_url;
  char               *oauth_issuer;
  GPtrArray          *dropped;
} FpMailConfig;

GType         fp_mail_config_get_type        (void) G_GNUC_CONST;
FpMailConfig *fp_mail_config_new             (const char             *address);
FpMailConfig *fp_mail_config_copy            (const FpMailConfig     *self);
FpMailConfig *fp_mail_config_ref             (FpMailConfig           *self);
void          fp_mail_config_unref           (FpMailConfig           *self);
FpMailConfig *fp_mail_config_parse_json      (GBytes                 *document,
                                              const char             *account_address,
                                              FpMailConfigParseFlags  flags,
                                              GError                **error);
const char   *fp_config_source_kind_to_string (FpConfigSourceKind    kind);
gboolean      fp_mail_host_is_dns_name       (const char             *host);
gboolean      fp_mail_login_check            (const char             *login,
                                              const char             *path,
                                              const char             *member,
                                              GError                **error);
void          fp_mail_config_drop_insecure   (FpMailConfig           *self);
const FpMailServer *fp_mail_config_find_insecure (const FpMailConfig *self);
gboolean      fp_mail_config_check_insecure  (const FpMailConfig     *self,
                                              gboolean                allowed,
                                              GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpMailConfig, fp_mail_config_unref)

G_END_DECLS
