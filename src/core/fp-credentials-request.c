/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-credentials-request"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "fp-credentials-request.h"

/*
 * A server wants a user and password. The core never prompts: it hands this
 * to the front end, which shows the host and its registrable domain, and
 * answers once. Dropping the last reference without answering declines.
 */
struct _FpCredentialsRequest
{
  GObject                  parent_instance;

  char                    *host;
  char                    *base_domain;
  char                    *account_domain;
  char                    *default_user;
  char                    *realm;
  guint                    failed_attempts;

  FpCredentialsAnswerFunc  answer_func;
  gpointer                 user_data;
  GDestroyNotify           user_data_destroy;
  gboolean                 answered;
};

G_DEFINE_FINAL_TYPE (FpCredentialsRequest, fp_credentials_request, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_HOST,
  PROP_BASE_DOMAIN,
  PROP_IS_FOREIGN,
  PROP_FAILED_ATTEMPTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * fp_registrable_domain:
 * @host: a host name
 *
 * The domain a person registers (`mail.example` for `imap.mail.example`,
 * `example.co.uk` for `mail.example.co.uk`), from the public suffix list.
 *
 * Returns: (transfer full): the registrable domain, or @host itself when it
 *   has none (an IP address, a public suffix)
 */
char *
fp_registrable_domain (const char *host)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = g_ascii_strdown (host, -1);
  const char *base = soup_tld_get_base_domain (lower, &error);
  const char *last_dot;

  if (base != NULL)
    return g_strdup (base);
  host = lower;

  /* libsoup leaves out the list's implicit "*" rule, so a name under a TLD the
   * list does not know (.example, .test, a new TLD) has no base domain there.
   * The rule says the TLD is then the suffix: keep the last two labels. */
  if (!g_error_matches (error, SOUP_TLD_ERROR, SOUP_TLD_ERROR_NO_BASE_DOMAIN) ||
      g_hostname_is_ip_address (host) || soup_tld_domain_is_public_suffix (host))
    return g_steal_pointer (&lower);
  last_dot = strrchr (host, '.');
  if (last_dot == NULL)
    return g_steal_pointer (&lower);
  while (last_dot > host && last_dot[-1] != '.')
    last_dot--;
  return g_strdup (last_dot);
}

static void
answer (FpCredentialsRequest *self,
        const char           *user,
        const char           *password)
{
  FpCredentialsAnswerFunc func = self->answer_func;

  if (self->answered)
    {
      g_warning ("Credentials request for %s answered twice", self->host);
      return;
    }
  self->answered = TRUE;
  self->answer_func = NULL;
  if (func != NULL)
    func (self, user, password, self->user_data);
}

static void
fp_credentials_request_dispose (GObject *object)
{
  FpCredentialsRequest *self = FP_CREDENTIALS_REQUEST (object);

  if (!self->answered)
    answer (self, NULL, NULL);
  if (self->user_data_destroy != NULL)
    g_clear_pointer (&self->user_data, self->user_data_destroy);

  G_OBJECT_CLASS (fp_credentials_request_parent_class)->dispose (object);
}

static void
fp_credentials_request_finalize (GObject *object)
{
  FpCredentialsRequest *self = FP_CREDENTIALS_REQUEST (object);

  g_free (self->host);
  g_free (self->base_domain);
  g_free (self->account_domain);
  g_free (self->default_user);
  g_free (self->realm);

  G_OBJECT_CLASS (fp_credentials_request_parent_class)->finalize (object);
}

static void
fp_credentials_request_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  FpCredentialsRequest *self = FP_CREDENTIALS_REQUEST (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_BASE_DOMAIN:
      g_value_set_string (value, self->base_domain);
      break;
    case PROP_IS_FOREIGN:
      g_value_set_boolean (value, fp_credentials_request_get_is_foreign (self));
      break;
    case PROP_FAILED_ATTEMPTS:
      g_value_set_uint (value, self->failed_attempts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fp_credentials_request_class_init (FpCredentialsRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fp_credentials_request_dispose;
  object_class->finalize = fp_credentials_request_finalize;
  object_class->get_property = fp_credentials_request_get_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_DOMAIN] =
    g_param_spec_string ("base-domain", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_FOREIGN] =
    g_param_spec_boolean ("is-foreign", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAILED_ATTEMPTS] =
    g_param_spec_uint ("failed-attempts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fp_credentials_request_init (FpCredentialsRequest *self)
{
}

/**
 * fp_credentials_request_new:
 * @host: the host that will receive the credentials
 * @account_host: the account identifier's host, to tell whether @host is foreign
 * @default_user: the user name to offer
 * @realm: (nullable): the realm the server named
 * @failed_attempts: how many answers this host already refused
 * @answer_func: called once with the answer
 */
FpCredentialsRequest *
fp_credentials_request_new (const char              *host,
                            const char              *account_host,
                            const char              *default_user,
                            const char              *realm,
                            guint                    failed_attempts,
                            FpCredentialsAnswerFunc  answer_func,
                            gpointer                 user_data,
                            GDestroyNotify           user_data_destroy)
{
  FpCredentialsRequest *self = g_object_new (FP_TYPE_CREDENTIALS_REQUEST, NULL);

  self->host = g_ascii_strdown (host, -1);
  self->base_domain = fp_registrable_domain (host);
  self->account_domain = fp_registrable_domain (account_host);
  self->default_user = g_strdup (default_user);
  self->realm = g_strdup (realm);
  self->failed_attempts = failed_attempts;
  self->answer_func = answer_func;
  self->user_data = user_data;
  self->user_data_destroy = user_data_destroy;
  return self;
}

const char *
fp_credentials_request_get_host (FpCredentialsRequest *self)
{
  g_return_val_if_fail (FP_IS_CREDENTIALS_REQUEST (self), NULL);
  return self->host;
}

const char *
fp_credentials_request_get_base_domain (FpCredentialsRequest *self)
{
  g_return_val_if_fail (FP_IS_CREDENTIALS_REQUEST (self), NULL);
  return self->base_domain;
}

const char *
fp_credentials_request_get_account_domain (FpCredentialsRequest *self)
{
  g_return_val_if_fail (FP_IS_CREDENTIALS_REQUEST (self), NULL);
  return self->account_domain;
}

/* Whether the password is about to leave the provider's own domain. */
gboolean
fp_credentials_request_get_is_foreign (FpCredentialsRequest *self)
{
  g_return_val_if_fail (FP_IS_CREDENTIALS_REQUEST (self), FALSE);
  return g_strcmp0 (self->base_domain, self->account_domain) != 0;
}

const char *
fp_credentials_request_get_default_user (FpCredentialsRequest *self)
{
  g_return_val_if_fail (FP_IS_CREDENTIALS_REQUEST (self), NULL);
  return self->default_user;
}

const char *
fp_credentials_request_get_realm (FpCredentialsRequest *self)
{
  g_return_val_if_fail (FP_IS_CREDENTIALS_REQUEST (self), NULL);
  return self->realm;
}

guint
fp_credentials_request_get_failed_attempts (FpCredentialsRequest *self)
{
  g_return_val_if_fail (FP_IS_CREDENTIALS_REQUEST (self), 0);
  return self->failed_attempts;
}

gboolean
fp_credentials_request_get_answered (FpCredentialsRequest *self)
{
  g_return_val_if_fail (FP_IS_CREDENTIALS_REQUEST (self), FALSE);
  return self->answered;
}

void
fp_credentials_request_provide (FpCredentialsRequest *self,
                                const char           *user,
                                const char           *password)
{
  g_return_if_fail (FP_IS_CREDENTIALS_REQUEST (self));
  g_return_if_fail (user != NULL && password != NULL);

  answer (self, user, password);
}

void
fp_credentials_request_decline (FpCredentialsRequest *self)
{
  g_return_if_fail (FP_IS_CREDENTIALS_REQUEST (self));

  answer (self, NULL, NULL);
}
