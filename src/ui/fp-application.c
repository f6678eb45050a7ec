/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-application"

#include "config.h"

#include <glib/gi18n.h>

#include "fp-application.h"
#include "fp-demo-provider.h"
#include "fp-window.h"

/*
 * One instance per session: a second `fingerpost [ACCOUNT]` hands its
 * arguments to the first, which fills the identifier and presents its window.
 */
struct _FpApplication
{
  AdwApplication  parent_instance;

  FpDemoProvider *demo;
};

G_DEFINE_FINAL_TYPE (FpApplication, fp_application, ADW_TYPE_APPLICATION)

/*
 * A demo launch never changes a real window, nor a real launch a demo one: each kind has its
 * own window, and a second launch of the same kind presents the one already open.
 */
static FpWindow *
ensure_window (FpApplication *self,
               gboolean       demo)
{
  FpWindow *window;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (FP_IS_WINDOW (l->data) && fp_window_is_demo (l->data) == demo)
      return l->data;
  window = fp_window_new (GTK_APPLICATION (self));
  if (demo)
    fp_window_set_demo (window, self->demo);
  return window;
}

static void
fp_application_activate (GApplication *application)
{
  gtk_window_present (GTK_WINDOW (ensure_window (FP_APPLICATION (application), FALSE)));
}

static gboolean
start_demo (FpApplication           *self,
            GApplicationCommandLine *command_line)
{
  g_autoptr(FpDemoProvider) demo = NULL;
  g_autoptr(GError) error = NULL;

  if (self->demo != NULL)
    return TRUE;
  demo = fp_demo_provider_new ();
  if (!fp_demo_provider_start (demo, &error))
    {
      g_application_command_line_printerr (command_line,
                                           _("The demo provider could not start: %s\n"),
                                           error->message);
      return FALSE;
    }
  self->demo = g_steal_pointer (&demo);
  return TRUE;
}

static int
fp_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  FpApplication *self = FP_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **accounts = NULL;
  gboolean demo = FALSE;
  FpWindow *window;

  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &accounts);
  if (accounts != NULL && g_strv_length ((char **) accounts) > 1)
    {
      g_application_command_line_printerr (command_line,
                                           _("Give one account at most: fingerpost [ACCOUNT]\n"));
      return 64;
    }
  if (demo && !start_demo (self, command_line))
    return 1;

  window = ensure_window (self, demo);
  if (accounts != NULL && accounts[0] != NULL)
    fp_window_set_address (window, accounts[0]);
  gtk_window_present (GTK_WINDOW (window));
  return 0;
}

static void
fp_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (fp_application_parent_class)->startup (application);

  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "window.close",
                                         close_accels);
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
fp_application_dispose (GObject *object)
{
  FpApplication *self = FP_APPLICATION (object);

  g_clear_object (&self->demo);

  G_OBJECT_CLASS (fp_application_parent_class)->dispose (object);
}

static void
fp_application_class_init (FpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = fp_application_dispose;
  application_class->activate = fp_application_activate;
  application_class->command_line = fp_application_command_line;
  application_class->startup = fp_application_startup;
}

static void
fp_application_init (FpApplication *self)
{
  static const GActionEntry actions[] = {
    { .name = "quit", .activate = quit_cb },
  };
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Use the built-in demo provider (alice@mail.example, password abc123)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, NULL },
    { NULL }
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[ACCOUNT]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Set up a mail account from its address and "
                                              "password."));
}

FpApplication *
fp_application_new (void)
{
  return g_object_new (FP_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/org/fingerpost/Fingerpost",
                       NULL);
}
