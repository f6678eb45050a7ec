/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-clients"

#include "config.h"

#include <string.h>

#include "fp-account-plan.h"
#include "fp-secret.h"

G_DEFINE_BOXED_TYPE (FpAccountPlan, fp_account_plan, fp_account_plan_copy, fp_account_plan_free)

/* The plan's copy of the password keeps the process undumpable while it exists (fp-secret.c). */
static void
wipe_password (char **password)
{
  g_clear_pointer (password, fp_secret_free);
}

/**
 * fp_account_plan_new:
 *
 * Returns: (transfer full): a plan for @address with copies of both servers
 */
FpAccountPlan *
fp_account_plan_new (const char         *address,
                     const FpMailServer *incoming,
                     const FpMailServer *outgoing)
{
  FpAccountPlan *self;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (incoming != NULL && fp_mail_protocol_is_incoming (incoming->protocol),
                        NULL);
  g_return_val_if_fail (outgoing != NULL && outgoing->protocol == FP_MAIL_PROTOCOL_SMTP, NULL);

  self = g_new0 (FpAccountPlan, 1);
  self->address = g_strdup (address);
  self->label = g_strdup (address);
  self->incoming = fp_mail_server_copy (incoming);
  self->outgoing = fp_mail_server_copy (outgoing);
  return self;
}

/**
 * fp_account_plan_new_from_config:
 * @login: (nullable): a login that replaces the document's, as the person typed it
 *
 * The administrator's first choice of each kind; the account is named after
 * the configuration when it has a name.
 *
 * Returns: (transfer full): a plan
 */
FpAccountPlan *
fp_account_plan_new_from_config (const FpMailConfig *config,
                                 const char         *login)
{
  FpAccountPlan *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->incoming->len > 0 && config->outgoing->len > 0, NULL);

  self = fp_account_plan_new (config->address,
                              g_ptr_array_index (config->incoming, 0),
                              g_ptr_array_index (config->outgoing, 0));
  if (config->name != NULL)
    fp_account_plan_set_label (self, config->name);
  if (login != NULL && *login != '\0')
    {
      g_free (self->incoming->login);
      self->incoming->login = g_strdup (login);
      if (self->outgoing->login_required)
        {
          g_free (self->outgoing->login);
          self->outgoing->login = g_strdup (login);
        }
    }
  return self;
}

FpAccountPlan *
fp_account_plan_copy (const FpAccountPlan *self)
{
  FpAccountPlan *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = fp_account_plan_new (self->address, self->incoming, self->outgoing);
  fp_account_plan_set_full_name (copy, self->full_name);
  fp_account_plan_set_label (copy, self->label);
  fp_account_plan_set_password (copy, self->password, self->store_password);
  fp_account_plan_set_ca_file (copy, self->ca_file);
  return copy;
}

void
fp_account_plan_free (FpAccountPlan *self)
{
  if (self == NULL)
    return;
  g_free (self->address);
  g_free (self->full_name);
  g_free (self->label);
  g_clear_pointer (&self->incoming, fp_mail_server_free);
  g_clear_pointer (&self->outgoing, fp_mail_server_free);
  wipe_password (&self->password);
  g_free (self->ca_file);
  g_free (self);
}

void
fp_account_plan_set_full_name (FpAccountPlan *self,
                               const char    *full_name)
{
  g_return_if_fail (self != NULL);
  g_free (self->full_name);
  self->full_name = g_strdup (full_name);
}

/* An empty label would leave an unnamed account in the program's list. */
void
fp_account_plan_set_label (FpAccountPlan *self,
                           const char    *label)
{
  g_return_if_fail (self != NULL);
  g_free (self->label);
  self->label = g_strdup (label != NULL && *label != '\0' ? label : self->address);
}

void
fp_account_plan_set_password (FpAccountPlan *self,
                              const char    *password,
                              gboolean       store)
{
  g_return_if_fail (self != NULL);
  wipe_password (&self->password);
  self->password = fp_secret_dup (password);
  self->store_password = store;
}

/* Only a password that exists can be kept, and only if the person asked for it. */
gboolean
fp_account_plan_wants_keyring (const FpAccountPlan *self)
{
  return self->store_password && self->password != NULL && *self->password != '\0';
}

void
fp_account_plan_set_ca_file (FpAccountPlan *self,
                             const char    *ca_file)
{
  g_return_if_fail (self != NULL);
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}
