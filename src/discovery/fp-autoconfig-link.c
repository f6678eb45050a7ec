/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-autoconfig-link"

#include "config.h"

#include "fp-autoconfig-link.h"

G_DEFINE_BOXED_TYPE (FpAutoconfigLink, fp_autoconfig_link,
                     fp_autoconfig_link_copy, fp_autoconfig_link_free)

FpAutoconfigLink *
fp_autoconfig_link_new (const char *href,
                        const char *host,
                        const char *title)
{
  FpAutoconfigLink *self = g_new0 (FpAutoconfigLink, 1);

  self->href = g_strdup (href);
  self->host = g_strdup (host);
  self->title = g_strdup (title);
  return self;
}

FpAutoconfigLink *
fp_autoconfig_link_copy (const FpAutoconfigLink *self)
{
  FpAutoconfigLink *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = fp_autoconfig_link_new (self->href, self->host, self->title);
  copy->titles = g_strdupv (self->titles);
  return copy;
}

void
fp_autoconfig_link_free (FpAutoconfigLink *self)
{
  if (self == NULL)
    return;
  g_free (self->href);
  g_free (self->host);
  g_free (self->title);
  g_strfreev (self->titles);
  g_free (self);
}
