/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "fp-mail-config.h"

G_BEGIN_DECLS

/*
 * One of several sources asked at once, in a list ordered best first. The
 * best-ranked answer wins as soon as every better-ranked source has failed.
 */
typedef struct
{
  FpConfigSourceKind  kind;
  char               *uri;     /* NULL for DNS */
  char               *domain;  /* the domain asked for, when not the account's */
  gboolean            done;
  GPtrArray          *links;   /* WebFinger's answer */
  FpMailConfig       *config;  /* everyone else's */
  GError             *error;
} FpRankedSource;

typedef enum
{
  FP_RANKING_PENDING,  /* a better-ranked source may still answer */
  FP_RANKING_FOUND,    /* the winner is known */
  FP_RANKING_NONE,     /* every source failed */
} FpRanking;

GArray    *fp_ranked_sources_new    (void);
FpRankedSource *fp_ranked_sources_add (GArray             *sources,
                                       FpConfigSourceKind  kind,
                                       char               *uri,
                                       const char         *domain);
FpRanking  fp_ranked_sources_decide (GArray             *sources,
                                     guint              *winner);

G_END_DECLS
