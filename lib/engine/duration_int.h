/*
 * duration_int.h — the incidents of one duration SLI (slo-spec(5)
 * `duration: {from, to, threshold}`), joined by id; private to
 * slo-eval's engine.
 *
 * Each incident id keeps the earliest event of its `from` state and the
 * earliest of its `to` state, each with whether the SLO's where held on
 * it and its group key.  "Earliest" is a total order (ts, then where
 * held before not, then the key's bytes), so the record does not depend
 * on the order events come in, and two tables merge exactly: what -j
 * needs, since an incident's events may fall to different threads.
 */
#ifndef SLO_DURATION_INT_H
#define SLO_DURATION_INT_H

#include <stddef.h>
#include <stdint.h>

#include "slo.h"

typedef struct slo_incidents slo_incidents;

/* One incident's side: the earliest event of a state (ts SLO_NS_NONE:
 * none seen). */
typedef struct slo_incident_end {
	slo_ns ts;
	int match;         /* the SLO's where held on that event */
	char *key;         /* its group key (bytes, keylen of them) */
	size_t keylen;
} slo_incident_end;

typedef struct slo_incident {
	uint64_t hash;
	char *id;
	slo_incident_end from, to;
} slo_incident;

/* A table for at most max incidents (0: SLO_EVAL_MAX_INCIDENTS). */
slo_incidents *slo_incidents_new(size_t max);
void slo_incidents_free(slo_incidents *t);

/*
 * Note one event of incident id in its `from` (to == 0) or `to`
 * (to == 1) state.  A new id past max is not kept: counted in
 * slo_incidents_untracked().  SLO_ENOMEM.
 */
slo_status slo_incidents_note(slo_incidents *t, const char *id, int to,
    slo_ns ts, int match, const char *key, size_t keylen);

/* dst += src: the same as noting src's events into dst. */
slo_status slo_incidents_merge(slo_incidents *dst, const slo_incidents *src);

/* Events of ids past the bound, and the incidents kept. */
uint64_t slo_incidents_untracked(const slo_incidents *t);
size_t slo_incidents_count(const slo_incidents *t);

/* The i-th slot of the table, NULL when empty: i < slo_incidents_slots(). */
size_t slo_incidents_slots(const slo_incidents *t);
const slo_incident *slo_incidents_slot(const slo_incidents *t, size_t i);

#endif
