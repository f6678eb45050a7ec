/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-font-warmup"

#include "config.h"

#include <pango/pangocairo.h>

#include "fp-font-warmup.h"

/*
 * The first window's text loads each of its fonts on the main thread: fontconfig's match, the
 * font file, HarfBuzz's tables and plans, each glyph's outline and image. The window waits for
 * that before its first frame, while the second core has nothing to do.
 *
 * fp_font_warmup_start() does that work on a thread, in a font map of its own, while
 * libadwaita loads its style sheet and the window is built. fp_font_warmup_finish() waits for
 * the thread and makes its font map the default, so the window finds the fonts loaded.
 *
 * No Pango object is used by two threads at once: the thread has its own font map and context,
 * and the main thread takes them over only after the thread has ended. A widget that made its
 * Pango context before the swap keeps GTK's first font map, which works as before.
 */

typedef struct
{
  PangoFontMap         *font_map;
  PangoFontDescription *font;
  cairo_font_options_t *options;
  PangoLanguage        *language;
  double                resolution;
  gboolean              round_glyph_positions;
} Warmup;

static GThread *warmup_thread;

/*
 * The fonts of the first page, as libadwaita 1.2's style sheet makes them from the desktop's
 * font: its own weight and size (body text), bold (buttons, the window's title), .title-1
 * (800, 20 pt) and .caption (9 pt). A size guessed wrong only loses its head start.
 */
static const struct
{
  PangoWeight weight;
  double      points;  /* 0: the desktop font's own size */
} variants[] = {
  { PANGO_WEIGHT_NORMAL, 0 },
  { PANGO_WEIGHT_BOLD, 0 },
  { PANGO_WEIGHT_ULTRABOLD, 20 },
  { PANGO_WEIGHT_NORMAL, 9 },
};

/* Every glyph the page's English and German text is likely to use. */
static const char sample[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 "
  "ÄÖÜäöüß .,:;!?@-_'\"()/…–";

static void
warm_variant (Warmup       *warmup,
              PangoContext *context,
              cairo_t      *cr,
              guint         i)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_copy (warmup->font);
  g_autoptr(PangoLayout) layout = NULL;

  pango_font_description_set_weight (font, variants[i].weight);
  /* GTK gives Pango sizes in pixels: the same description, so the same cached font set. */
  if (variants[i].points > 0)
    pango_font_description_set_absolute_size (font, variants[i].points * warmup->resolution /
                                                    72.0 * PANGO_SCALE);
  pango_context_set_font_description (context, font);
  /* What GtkText asks for when it measures itself. */
  pango_font_metrics_unref (pango_context_get_metrics (context, NULL, NULL));
  layout = pango_layout_new (context);
  pango_layout_set_text (layout, sample, -1);
  /* Drawing puts each glyph's image in cairo's cache of the font. */
  pango_cairo_show_layout (cr, layout);
}

static gpointer
warmup_thread_func (gpointer data)
{
  Warmup *warmup = data;
  PangoContext *context;
  cairo_surface_t *surface;
  cairo_t *cr;

  warmup->font_map = pango_cairo_font_map_new ();
  context = pango_font_map_create_context (warmup->font_map);
  pango_context_set_language (context, warmup->language);
  pango_context_set_round_glyph_positions (context, warmup->round_glyph_positions);
  pango_cairo_context_set_resolution (context, warmup->resolution);
  pango_cairo_context_set_font_options (context, warmup->options);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 16);
  cr = cairo_create (surface);
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    warm_variant (warmup, context, cr, i);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_object_unref (context);
  return warmup;
}

/**
 * fp_font_warmup_start:
 *
 * Starts loading the first page's fonts on a thread. Call it on the main thread once GTK is
 * initialised, as early as possible; a second call does nothing.
 */
void
fp_font_warmup_start (void)
{
  g_autoptr(GtkWidget) label = NULL;
  const cairo_font_options_t *options;
  PangoContext *context;
  Warmup *warmup;

  if (warmup_thread != NULL)
    return;

  /* What GTK gives a label: the desktop's font, resolution and font options. */
  label = g_object_ref_sink (gtk_label_new (NULL));
  context = gtk_widget_create_pango_context (label);
  warmup = g_new0 (Warmup, 1);
  warmup->font = pango_font_description_copy (pango_context_get_font_description (context));
  options = pango_cairo_context_get_font_options (context);
  /* NULL when the settings give none: the thread's context then has none either. */
  warmup->options = options != NULL ? cairo_font_options_copy (options) : NULL;
  warmup->language = pango_context_get_language (context);
  warmup->resolution = pango_cairo_context_get_resolution (context);
  warmup->round_glyph_positions = pango_context_get_round_glyph_positions (context);
  g_object_unref (context);
  warmup_thread = g_thread_new ("fp-font-warmup", warmup_thread_func, warmup);
}

/**
 * fp_font_warmup_finish:
 *
 * Waits for the thread fp_font_warmup_start() started and makes its font map the default of
 * the main thread. Call it on the main thread before a window first measures its text.
 *
 * Returns: (transfer none) (nullable): the font map now the default, or %NULL when no warm-up
 *   was waiting
 */
PangoFontMap *
fp_font_warmup_finish (void)
{
  Warmup *warmup;
  PangoFontMap *font_map;

  if (warmup_thread == NULL)
    return NULL;
  warmup = g_thread_join (g_steal_pointer (&warmup_thread));
  font_map = warmup->font_map;
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (font_map));
  g_object_unref (font_map);
  pango_font_description_free (warmup->font);
  g_clear_pointer (&warmup->options, cairo_font_options_destroy);
  g_free (warmup);
  return font_map;
}
