/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fp-ranked-source"

#include "config.h"

#include "fp-ranked-source.h"

static void
ranked_source_clear (FpRankedSource *source)
{
  g_free (source->uri);
  g_free (source->domain);
  g_clear_pointer (&source->links, g_ptr_array_unref);
  g_clear_pointer (&source->config, fp_mail_config_unref);
  g_clear_error (&source->error);
}

/* Returns: (transfer full) (element-type FpRankedSource): an empty list */
GArray *
fp_ranked_sources_new (void)
{
  GArray *sources = g_array_new (FALSE, TRUE, sizeof (FpRankedSource));

  g_array_set_clear_func (sources, (GDestroyNotify) ranked_source_clear);
  return sources;
}

/**
 * fp_ranked_sources_add:
 * @uri: (transfer full) (nullable): what is asked
 *
 * Adds a source ranked below those already there. The pointer is valid until
 * the next one is added.
 */
FpRankedSource *
fp_ranked_sources_add (GArray             *sources,
                       FpConfigSourceKind  kind,
                       char               *uri,
                       const char         *domain)
{
  FpRankedSource source = { .kind = kind, .uri = uri, .domain = g_strdup (domain) };

  g_array_append_val (sources, source);
  return &g_array_index (sources, FpRankedSource, sources->len - 1);
}

/**
 * fp_ranked_sources_decide:
 * @winner: (out): the index of the winning source, for %FP_RANKING_FOUND
 *
 * Whether the answer is known: a source answered and every better-ranked
 * one has failed.
 */
FpRanking
fp_ranked_sources_decide (GArray *sources,
                          guint  *winner)
{
  for (guint i = 0; i < sources->len; i++)
    {
      FpRankedSource *source = &g_array_index (sources, FpRankedSource, i);

      if (source->links != NULL || source->config != NULL)
        {
          *winner = i;
          return FP_RANKING_FOUND;
        }
      if (!source->done)
        return FP_RANKING_PENDING;
    }
  return FP_RANKING_NONE;
}
