/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-cli-escape.h"
#include "fp-identifier.h"
#include "fp-mail-config.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void  fp_cli_print_choices       (const FpIdentifier *identifier,
                                  GPtrArray          *links,
                                  gboolean            json);
void  fp_cli_print_config        (const FpMailConfig *config,
                                  gboolean            json);
void  fp_cli_print_found_config  (const FpIdentifier *identifier,
                                  const FpMailConfig *config,
                                  gboolean            json);
char *fp_cli_describe_choices    (GPtrArray          *links);
void  fp_cli_print_json          (JsonNode           *node);
JsonNode *fp_cli_config_to_json  (const FpMailConfig *config);

void      fp_cli_json_add_string (JsonBuilder *builder,
                                  const char  *member,
                                  const char  *value);
void      fp_cli_json_add_error  (JsonBuilder *builder,
                                  int          status,
                                  const char  *message);

void      fp_cli_output_set_json  (gboolean     json);
void      fp_cli_output_note_host (const char  *host);
void      fp_cli_print_failure    (int          status,
                                   const char  *message);

G_END_DECLS
