/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-status-icon"

#include "config.h"

#include "fp-status-icon.h"

/*
 * A status page shows its icon at 128 px, a size at which Adwaita has only SVGs, and the
 * first SVG loads librsvg. The build renders the icons the pages use into the resources as
 * "fingerpost-NAME" (src/ui/meson.build; GTK 4.8 finds no symbolic PNG in resources whose
 * name has a dot); this picks that copy by the theme's name, or the theme's own icon for a
 * name the build does not render.
 */
void
fp_status_icon_set (AdwStatusPage *page,
                    const char    *theme_icon)
{
  g_autofree char *pre_rendered = NULL;
  GtkIconTheme *theme;

  g_return_if_fail (ADW_IS_STATUS_PAGE (page));
  g_return_if_fail (theme_icon != NULL);

  pre_rendered = g_strconcat ("fingerpost-", theme_icon, NULL);
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (page)));
  adw_status_page_set_icon_name (page, gtk_icon_theme_has_icon (theme, pre_rendered)
                                         ? pre_rendered : theme_icon);
}
