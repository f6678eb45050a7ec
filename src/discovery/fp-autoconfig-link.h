/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FP_TYPE_AUTOCONFIG_LINK (fp_autoconfig_link_get_type ())

/**
 * FpAutoconfigLink:
 * @href: an `https:` URI of a configuration document
 * @host: the host of @href, shown under the title
 * @title: the label for the person, in their language when published
 * @titles: (nullable): every title published for the link, in any language,
 *   so that a title typed in another language than the person's still names it
 *
 * One `email-autoconfig` link of a JRD: one account the person can choose.
 */
typedef struct
{
  char *href;
  char *host;
  char *title;
  GStrv titles;
} FpAutoconfigLink;

GType             fp_autoconfig_link_get_type (void) G_GNUC_CONST;
FpAutoconfigLink *fp_autoconfig_link_new      (const char             *href,
                                               const char             *host,
                                               const char             *title);
FpAutoconfigLink *fp_autoconfig_link_copy     (const FpAutoconfigLink *self);
void              fp_autoconfig_link_free     (FpAutoconfigLink       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FpAutoconfigLink, fp_autoconfig_link_free)

G_END_DECLS
