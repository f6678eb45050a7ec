/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-font-warmup"

#include "config.h"

#include <adwaita.h>
#include <pango/pangocairo.h>

#include "fp-font-warmup.h"
#include "fp-ui-driver.h"

/*
 * The fonts loaded on a thread at start (fp-font-warmup.c): after the hand-over the main
 * thread's default font map is the one the thread filled, a window's text is laid out with it,
 * and a label that had made its Pango context before keeps GTK's first map and still lays its
 * text out. Under Xvfb, warnings fatal.
 */

static PangoFontMap *
font_map_of_label (GtkWidget *label)
{
  return pango_context_get_font_map (pango_layout_get_context (gtk_label_get_layout (GTK_LABEL (label))));
}

static void
assert_laid_out (GtkWidget *label)
{
  int width, height;

  pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (label)), &width, &height);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
}

static void
test_finish_without_start (void)
{
  PangoFontMap *before = pango_cairo_font_map_get_default ();

  g_assert_null (fp_font_warmup_finish ());
  g_assert_true (pango_cairo_font_map_get_default () == before);
}

static void
test_hand_over (void)
{
  PangoFontMap *first = pango_cairo_font_map_get_default ();
  g_autoptr(GtkWidget) early = g_object_ref_sink (gtk_label_new ("Made before the hand-over"));
  GtkWidget *window, *box, *title, *body;
  PangoFontMap *warmed;

  /* A label that lays its text out now takes GTK's first map. */
  assert_laid_out (early);
  g_assert_true (font_map_of_label (early) == first);

  fp_font_warmup_start ();
  fp_font_warmup_start ();  /* a second start is no second thread */
  warmed = fp_font_warmup_finish ();
  g_assert_nonnull (warmed);
  g_assert_true (PANGO_IS_CAIRO_FONT_MAP (warmed));
  g_assert_true (warmed != first);
  g_assert_true (pango_cairo_font_map_get_default () == warmed);
  g_assert_null (fp_font_warmup_finish ());

  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  title = gtk_label_new ("Add a Mail Account");
  gtk_widget_add_css_class (title, "title-1");
  body = gtk_label_new ("Type your email address.");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), body);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  fp_ui_settle (100);

  g_assert_true (font_map_of_label (title) == warmed);
  g_assert_true (font_map_of_label (body) == warmed);
  assert_laid_out (title);
  assert_laid_out (body);

  /* The early label still works on the map it had. */
  gtk_label_set_text (GTK_LABEL (early), "Still laid out");
  assert_laid_out (early);
  g_assert_true (font_map_of_label (early) == first);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      if (g_getenv ("CI") != NULL)
        g_error ("no display: run this test under xvfb-run");
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
  adw_init ();
  fp_ui_driver_init ();

  g_test_add_func ("/font-warmup/finish-without-start", test_finish_without_start);
  g_test_add_func ("/font-warmup/hand-over", test_hand_over);

  return g_test_run ();
}
