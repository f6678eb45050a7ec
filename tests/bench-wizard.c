/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-wizard"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "fp-application.h"
#include "fp-demo-provider.h"
#include "fp-ui-driver.h"

/*
 * The real program (`fingerpost --demo`), measured: the time from launch
 * (FP_BENCH_T0_NS, the wall clock just before exec) to the first frame of the
 * window, then the whole demo flow driven to the done page, and the peak RSS.
 * Run by tests/bench-wizard.sh under Xvfb; prints "first-frame-ms N" and "peak-rss-kb N".
 * With --baseline, an empty libadwaita window of the wizard's size instead, for the floor
 * of this machine. FP_BENCH_FIRST_FRAME_ONLY=1 quits at the first frame, for a profiler.
 */

static gint64 t0_us;

/*
 * FP_BENCH_TRACE=1: when each stage of the start was reached, and the main thread's CPU time
 * by then: the wall clock shows waits (the X server, other threads), the CPU time the work.
 */
static void
trace (const char *stage)
{
  struct timespec cpu;

  if (g_getenv ("FP_BENCH_TRACE") == NULL)
    return;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu);
  g_print ("# %-14s %6.1f ms cpu %6.1f ms\n", stage, (g_get_real_time () - t0_us) / 1000.0,
           cpu.tv_sec * 1000.0 + cpu.tv_nsec / 1e6);
}
static gboolean flow_started;

/* VmHWM and VmRSS at a point of the flow, to see which step costs memory. */
static void
print_rss (const char *when)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "VmRSS:") || g_str_has_prefix (lines[i], "VmHWM:"))
      g_print ("# %s %s\n", when, lines[i]);
}

/* FP_BENCH_SMAPS=1: the resident memory of each mapped file (and the heap), largest first. */
static void
print_smaps (const char *when)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) sizes = NULL;
  g_autoptr(GList) names = NULL;
  const char *current = "[anonymous]";

  if (g_getenv ("FP_BENCH_SMAPS") == NULL ||
      !g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return;
  sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      guint64 kb;

      if (g_ascii_isxdigit (line[0]) && strchr (line, '-') != NULL && strchr (line, ' ') != NULL)
        {
          const char *path = strchr (line, '/');

          current = path ? path : strchr (line, '[') ? strchr (line, '[') : "[anonymous]";
          continue;
        }
      if (!g_str_has_prefix (line, "Rss:"))
        continue;
      kb = g_ascii_strtoull (line + 4, NULL, 10);
      g_hash_table_insert (sizes, g_strdup (current),
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (sizes, current))
                                             + kb));
    }
  names = g_hash_table_get_keys (sizes);
  for (guint n = 0; n < 25 && names != NULL; n++)
    {
      GList *best = names;
      gsize kb;

      for (GList *l = names; l != NULL; l = l->next)
        if (GPOINTER_TO_SIZE (g_hash_table_lookup (sizes, l->data)) >
            GPOINTER_TO_SIZE (g_hash_table_lookup (sizes, best->data)))
          best = l;
      kb = GPOINTER_TO_SIZE (g_hash_table_lookup (sizes, best->data));
      g_print ("# %s %6zu kB %s\n", when, kb, (char *) best->data);
      names = g_list_delete_link (names, best);
    }
}

static void
run_flow (FpWindow *window)
{
  GtkWidget *list;
  struct rusage usage;

  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "address_row"), FP_DEMO_ACCOUNT);
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "name_row"), "Alice");
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_IDENTIFIER, "next_button"));
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_CHOOSE);
  fp_ui_settle (100);
  print_rss ("choose");
  list = fp_ui_child (window, FP_WIZARD_PAGE_CHOOSE, "list");
  fp_ui_press (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0)));
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_PASSWORD);
  fp_ui_settle (100);
  print_rss ("password");
  fp_ui_type (fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "password_row"), FP_DEMO_PASSWORD);
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_PASSWORD, "continue_button"));
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_REVIEW);
  fp_ui_settle (100);
  print_rss ("review");
  fp_ui_press (fp_ui_child (window, FP_WIZARD_PAGE_REVIEW, "setup_button"));
  fp_ui_wait_for_page (window, FP_WIZARD_PAGE_DONE);
  fp_ui_settle (300);
  print_rss ("done");
  print_smaps ("done");

  getrusage (RUSAGE_SELF, &usage);
  g_print ("peak-rss-kb %ld\n", usage.ru_maxrss);
}

static gboolean
flow_cb (gpointer user_data)
{
  FpWindow *window = user_data;

  run_flow (window);
  g_application_quit (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                FpWindow      *window)
{
  if (flow_started)
    return;
  flow_started = TRUE;
  trace ("first frame");
  g_print ("first-frame-ms %.1f\n", (g_get_real_time () - t0_us) / 1000.0);
  print_rss ("first-frame");
  print_smaps ("first-frame");
  if (g_getenv ("FP_BENCH_FIRST_FRAME_ONLY") != NULL)
    {
      g_application_quit (g_application_get_default ());
      return;
    }
  g_idle_add (flow_cb, window);
}

static void
phase_cb (GdkFrameClock *clock,
          const char    *phase)
{
  if (!flow_started)
    trace (phase);
}

/* Each phase of the first frame traced where it ends: GTK's own handlers run first. */
static void
trace_frame_phases (GtkWidget *window)
{
  static const char *phases[] = { "before-paint", "update", "layout", "paint" };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (g_getenv ("FP_BENCH_TRACE") == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    g_signal_connect (clock, phases[i], G_CALLBACK (phase_cb), (gpointer) phases[i]);
}

static void
realize_cb (GtkWidget *window)
{
  trace ("realize");
  trace_frame_phases (window);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), window);
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window)
{
  trace ("window made");
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
}

/* The floor on this machine: an empty libadwaita window, measured the same way. */
static void
baseline_after_paint_cb (GdkFrameClock *clock,
                         GtkWidget     *window)
{
  struct rusage usage;

  if (flow_started)
    return;
  flow_started = TRUE;
  trace ("first frame");
  getrusage (RUSAGE_SELF, &usage);
  g_print ("first-frame-ms %.1f\npeak-rss-kb %ld\n", (g_get_real_time () - t0_us) / 1000.0,
           usage.ru_maxrss);
  print_smaps ("baseline");
  g_application_quit (g_application_get_default ());
}

static void
baseline_realize_cb (GtkWidget *window)
{
  trace ("realize");
  trace_frame_phases (window);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (baseline_after_paint_cb), window);
}

static void
baseline_activate_cb (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), adw_status_page_new ());
  /* The wizard's size (fp-window.ui): drawing the first frame costs by the pixel. */
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 720);
  g_signal_connect (window, "realize", G_CALLBACK (baseline_realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

static int
run_baseline (void)
{
  g_autoptr(AdwApplication) application = adw_application_new ("org.fingerpost.Baseline",
                                                               G_APPLICATION_NON_UNIQUE);

  g_signal_connect_swapped (application, "startup", G_CALLBACK (trace), (gpointer) "startup");
  g_signal_connect (application, "activate", G_CALLBACK (baseline_activate_cb), NULL);
  return g_application_run (G_APPLICATION (application), 0, NULL);
}

int
main (int    argc,
      char **argv)
{
  const char *t0 = g_getenv ("FP_BENCH_T0_NS");
  g_autoptr(FpApplication) application = NULL;
  char *args[] = { argv[0], (char *) "--demo", NULL };

  t0_us = t0 != NULL ? g_ascii_strtoll (t0, NULL, 10) / 1000 : g_get_real_time ();
  trace ("main");
  if (argc > 1 && g_strcmp0 (argv[1], "--baseline") == 0)
    return run_baseline ();
  application = fp_application_new ();
  g_signal_connect_swapped (application, "startup", G_CALLBACK (trace), (gpointer) "startup");
  g_signal_connect (application, "window-added", G_CALLBACK (window_added_cb), NULL);
  return g_application_run (G_APPLICATION (application), 2, args);
}
