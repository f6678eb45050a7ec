/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "fp-cli.h"
#include "fp-cli-output.h"
#include "fp-cli-private.h"

/*
 * What `fingerpost` answers before any window could open, and so without a
 * display: the overview of the commands, the version, and a mistyped
 * command, which would otherwise reach the wizard as an account.
 */

static void
print_help (void)
{
  guint n_commands;
  const FpCliCommand *commands = fp_cli_get_commands (&n_commands);

  g_print ("%s\n  fingerpost [--demo] [ACCOUNT]\n", _("Usage:"));
  for (guint i = 0; i < n_commands; i++)
    g_print ("  fingerpost %s [%s]%s%s\n", commands[i].name, _("OPTION…"),
             commands[i].parameter ? " " : "", commands[i].parameter ? commands[i].parameter : "");
  g_print ("\n%s\n\n", _("Set up a mail account from its address and password: in the wizard, or "
                         "with a command, on the command line (for helpdesks and scripts)."));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < n_commands; i++)
    g_print ("  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("  %-10s %s\n\n", "help", _("Show this help, or a command’s options (help COMMAND)."));
  g_print ("%s\n", _("Options:"));
  g_print ("  %-20s %s\n", "-h, --help", _("Show this help"));
  g_print ("  %-20s %s\n", "--version", _("Show the version"));
  g_print ("  %-20s %s\n\n", "--demo",
           _("Use the built-in demo provider (alice@mail.example, password abc123)"));
  g_print ("%s\n", _("“fingerpost COMMAND --help” lists the options of a command."));
}

/* Optimal string alignment distance: a swapped pair (setpu) counts as one edit. */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize m = strlen (a);
  gsize n = strlen (b);
  g_autofree guint *d = g_new0 (guint, (m + 1) * (n + 1));

#define D(i, j) d[(i) * (n + 1) + (j)]
  for (gsize i = 0; i <= m; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= n; j++)
    D (0, j) = j;
  for (gsize i = 1; i <= m; i++)
    for (gsize j = 1; j <= n; j++)
      {
        guint cost = g_ascii_tolower (a[i - 1]) == b[j - 1] ? 0 : 1;

        D (i, j) = MIN (MIN (D (i - 1, j) + 1, D (i, j - 1) + 1), D (i - 1, j - 1) + cost);
        if (i > 1 && j > 1 && g_ascii_tolower (a[i - 1]) == b[j - 2] &&
            g_ascii_tolower (a[i - 2]) == b[j - 1])
          D (i, j) = MIN (D (i, j), D (i - 2, j - 2) + 1);
      }
  return D (m, n);
#undef D
}

/* The command nearest to @word, when it is near enough to be what was meant. */
static const char *
nearest_command (const char *word)
{
  guint n_commands;
  const FpCliCommand *commands = fp_cli_get_commands (&n_commands);
  const char *best = NULL;
  guint best_distance = G_MAXUINT;

  for (guint i = 0; i <= n_commands; i++)
    {
      const char *name = i < n_commands ? commands[i].name : "help";
      guint distance = edit_distance (word, name);

      if (distance < best_distance)
        {
          best = name;
          best_distance = distance;
        }
    }
  /* Two edits of a six-letter word still look like it; of a four-letter one, not. */
  return best_distance <= MAX (1, strlen (best) / 3) ? best : NULL;
}

static char *
list_commands (void)
{
  guint n_commands;
  const FpCliCommand *commands = fp_cli_get_commands (&n_commands);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < n_commands; i++)
    g_strv_builder_add (names, commands[i].name);
  strv = g_strv_builder_end (names);
  return g_strjoinv (", ", strv);
}

/* What the wizard takes as an account: an address, or an acct: or mailto: URI. */
static gboolean
looks_like_account (const char *word)
{
  return strchr (word, '@') != NULL || g_ascii_strncasecmp (word, "acct:", 5) == 0 ||
         g_ascii_strncasecmp (word, "mailto:", 7) == 0;
}

static int
refuse_word (const char *word)
{
  g_autofree char *shown = fp_cli_escape (word);
  const char *nearest;
  g_autofree char *commands = NULL;

  if (fp_cli_is_command (word))
    return fp_cli_usage_error (_("The command comes first: fingerpost %s [OPTION…]."), shown);
  nearest = nearest_command (word);
  if (nearest != NULL)
    return fp_cli_usage_error (_("“%s” is not a command; did you mean %s? "
                                 "(fingerpost --help lists them)"), shown, nearest);
  commands = list_commands ();
  return fp_cli_usage_error (_("“%s” is neither a command (%s) nor an account such as "
                               "alice@example.org."), shown, commands);
}

/**
 * fp_cli_answer_without_wizard:
 * @argv: the arguments of `fingerpost`, none of them a command in first place
 * @status: (out): the exit status, when this returns %TRUE
 *
 * Answers --help, `help [COMMAND]`, --version and words that are neither an
 * option nor an account (a mistyped command, exit 64), all without a display.
 *
 * Returns: %TRUE when answered; %FALSE when the arguments are the wizard's
 */
gboolean
fp_cli_answer_without_wizard (int    argc,
                              char **argv,
                              int   *status)
{
  *status = FP_CLI_EXIT_OK;
  if (argc > 1 && g_str_equal (argv[1], "help"))
    {
      char *command_help[] = { argv[0], argc > 2 ? argv[2] : NULL, "--help", NULL };

      if (argc > 2 && fp_cli_is_command (argv[2]))
        *status = fp_cli_run (3, command_help);
      else if (argc > 2)
        *status = refuse_word (argv[2]);
      else
        print_help ();
      return TRUE;
    }

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_help ();
          return TRUE;
        }
      if (g_str_equal (argv[i], "--version"))
        {
          g_print ("fingerpost %s\n", PACKAGE_VERSION);
          return TRUE;
        }
    }

  for (int i = 1; i < argc; i++)
    if (argv[i][0] != '-' && !looks_like_account (argv[i]))
      {
        *status = refuse_word (argv[i]);
        return TRUE;
      }
  return FALSE;
}
