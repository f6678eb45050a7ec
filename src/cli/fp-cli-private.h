/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "fp-cli-credentials.h"
#include "fp-demo-provider.h"
#include "fp-http-client.h"
#include "fp-identifier.h"
#include "fp-mail-config.h"

G_BEGIN_DECLS

/* What every command shares: the options, and the engine's state while it runs. */
typedef struct
{
  /* options, all commands */
  char              *user;
  gboolean           password_stdin;
  gboolean           json;
  char              *ca_file;
  int                timeout_s;
  gboolean           verbose;
  char              *choice;
  gboolean           demo;
  char              *ispdb;          /* --ispdb URL|off */

  /* options, fetch and setup */
  gboolean           verify;         /* fetch --verify */
  gboolean           trust_servers;  /* --trust-servers */
  gboolean           allow_insecure; /* --allow-insecure */
  gboolean           no_verify;      /* setup --no-verify */

  /* options, setup */
  char              *full_name;
  GStrv              clients;
  char              *thunderbird_profile;
  gboolean           no_keyring;
  gboolean           dry_run;

  /* options, check */
  gboolean           apply;
  gboolean           notify;

  /* state */
  FpIdentifier      *identifier;
  FpHttpClient      *client;
  FpDemoProvider    *demo_provider;
  FpCliCredentials  *credentials;
  GCancellable      *cancellable;
  GMainLoop         *loop;
  GAsyncResult      *result;
  char              *credentials_host;  /* the last host given the password while looking up */
} FpCliContext;

typedef enum
{
  FP_CLI_COMMAND_TAKES_ACCOUNT = 1 << 0,  /* exactly one ACCOUNT after the options */
  FP_CLI_COMMAND_TAKES_CHOICE  = 1 << 1,  /* --choice TITLE|N */
} FpCliCommandFlags;

typedef int  (*FpCliCommandFunc)    (FpCliContext   *context);
typedef void (*FpCliAddOptionsFunc) (GOptionContext *option_context,
                                     FpCliContext   *context);

/* One command of `fingerpost COMMAND [OPTION…] PARAMETER`. */
typedef struct
{
  const char          *name;
  const char          *parameter;    /* what follows the options in the usage, or NULL */
  const char          *summary;      /* N_(), one sentence */
  FpCliCommandFlags    flags;
  FpCliCommandFunc     func;
  FpCliAddOptionsFunc  add_options;  /* the command's own options, or NULL */
} FpCliCommand;

const FpCliCommand *fp_cli_get_commands (guint *n_commands);

int           fp_cli_report_error          (const GError  *error);
int           fp_cli_usage_error           (const char    *format,
                                            ...) G_GNUC_PRINTF (1, 2);
void          fp_cli_store_result_cb       (GObject       *source,
                                            GAsyncResult  *result,
                                            gpointer       user_data);
GAsyncResult *fp_cli_wait_for_result       (FpCliContext  *context);
FpMailConfig *fp_cli_fetch_chosen_config   (FpCliContext  *context,
                                            int           *status);

/* fp-cli-setup.c */
GArray       *fp_cli_chosen_programs       (FpCliContext   *context,
                                            int            *status);
int           fp_cli_run_setup             (FpCliContext   *context);
void          fp_cli_setup_add_options     (GOptionContext *option_context,
                                            FpCliContext   *context);

/* fp-cli-check.c */
int           fp_cli_run_check             (FpCliContext   *context);
void          fp_cli_check_add_options     (GOptionContext *option_context,
                                            FpCliContext   *context);

G_END_DECLS
