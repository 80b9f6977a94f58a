/*
 * fields_seen_int.h — which fields an SLO reads never appeared in any
 * event (issue 15.11: 'staus < 500' silently makes every event bad).
 *
 * Built from a spec, fed every event, merged across the engines of
 * slo-eval -j N, asked once at the end.  Feeding costs nothing once every
 * field the spec reads has appeared, which with a correct spec is within
 * the first events; until then each event costs a look at the fields not
 * yet seen, plus, for the did-you-mean hints, the canonical fields, label
 * names and flag names it carries (at most SLO_SEEN_MAX_NAMES label and
 * flag names are kept: the smallest, so that any split of the input keeps
 * the same ones).
 */
#ifndef SLO_FIELDS_SEEN_INT_H
#define SLO_FIELDS_SEEN_INT_H

#include "slo_eval.h"

#define SLO_SEEN_MAX_NAMES 256

typedef struct slo_seen slo_seen;

slo_seen *slo_seen_new(const slo_spec *spec);
void slo_seen_free(slo_seen *s);

/* One event of any kind.  A rollup line ends the check (see slo_eval.h). */
slo_status slo_seen_note(slo_seen *s, const slo_event *ev);

/* dst += src, for two trackers built from the same spec. */
slo_status slo_seen_merge(slo_seen *dst, const slo_seen *src);

/* See slo_eval_unseen_fields(). */
size_t slo_seen_report(const slo_seen *s, slo_unseen_fn *fn, void *ctx);

#endif
