/*
 * duration.c — the incidents of a duration SLI joined by id: an open
 * addressing table of records, each the earliest `from` and `to` event
 * of one incident (see duration_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include "duration_int.h"
#include "slo_eval.h"
#include "slo_math.h"

struct slo_incidents {
	slo_incident **slot; /* power-of-two capacity */
	size_t cap, count, max;
	uint64_t untracked;
};

slo_incidents *
slo_incidents_new(size_t max)
{
	slo_incidents *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->cap = 16;
	t->max = max ? max : SLO_EVAL_MAX_INCIDENTS;
	if ((t->slot = calloc(t->cap, sizeof *t->slot)) == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

static void
end_release(slo_incident_end *e)
{
	free(e->key);
	e->key = NULL;
}

void
slo_incidents_free(slo_incidents *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->cap; i++)
		if (t->slot[i] != NULL) {
			end_release(&t->slot[i]->from);
			end_release(&t->slot[i]->to);
			free(t->slot[i]->id);
			free(t->slot[i]);
		}
	free(t->slot);
	free(t);
}

static slo_status
grow(slo_incidents *t)
{
	size_t ncap = t->cap * 2;
	slo_incident **ns = calloc(ncap, sizeof *ns);

	if (ns == NULL)
		return SLO_ENOMEM;
	for (size_t i = 0; i < t->cap; i++) {
		slo_incident *r = t->slot[i];
		size_t j;

		if (r == NULL)
			continue;
		for (j = r->hash & (ncap - 1); ns[j] != NULL; j = (j + 1) & (ncap - 1))
			;
		ns[j] = r;
	}
	free(t->slot);
	t->slot = ns;
	t->cap = ncap;
	return SLO_OK;
}

/*
 * The record of id, made on first sight; NULL with *full set when the
 * table holds max incidents already, NULL alone when out of memory.
 */
static slo_incident *
find(slo_incidents *t, const char *id, int *full)
{
	size_t n = strlen(id), j;
	uint64_t h = slo_hash64(id, n);
	slo_incident *r;

	*full = 0;
	for (j = h & (t->cap - 1); (r = t->slot[j]) != NULL; j = (j + 1) & (t->cap - 1))
		if (r->hash == h && strcmp(r->id, id) == 0)
			return r;
	if (t->count >= t->max) {
		*full = 1;
		return NULL;
	}
	if ((t->count + 1) * 10 > t->cap * 7) {
		if (grow(t) != SLO_OK)
			return NULL;
		for (j = h & (t->cap - 1); t->slot[j] != NULL; j = (j + 1) & (t->cap - 1))
			;
	}
	if ((r = calloc(1, sizeof *r)) == NULL || (r->id = malloc(n + 1)) == NULL) {
		free(r);
		return NULL;
	}
	memcpy(r->id, id, n + 1);
	r->hash = h;
	r->from.ts = SLO_NS_NONE;
	r->to.ts = SLO_NS_NONE;
	t->slot[j] = r;
	t->count++;
	return r;
}

/*
 * Is (ts, match, key) earlier than what e holds?  The order is total, so
 * the earliest of a set of events is the same whatever order they come
 * in: ts first, then an event where the SLO's where held, then the key's
 * bytes (shorter first on a common prefix).
 */
static int
earlier(const slo_incident_end *e, slo_ns ts, int match, const char *key,
    size_t keylen)
{
	size_t n;
	int c;

	if (e->ts == SLO_NS_NONE || ts != e->ts)
		return e->ts == SLO_NS_NONE || ts < e->ts;
	if (match != e->match)
		return match > e->match;
	n = keylen < e->keylen ? keylen : e->keylen;
	if ((c = n ? memcmp(key, e->key, n) : 0) != 0)
		return c < 0;
	return keylen < e->keylen;
}

static slo_status
end_set(slo_incident_end *e, slo_ns ts, int match, const char *key,
    size_t keylen)
{
	char *k;

	if (!earlier(e, ts, match, key, keylen))
		return SLO_OK;
	/* An ungrouped SLO's keys are empty: no allocation for them. */
	k = NULL;
	if (keylen > 0) {
		if ((k = malloc(keylen)) == NULL)
			return SLO_ENOMEM;
		memcpy(k, key, keylen);
	}
	free(e->key);
	e->key = k;
	e->keylen = keylen;
	e->ts = ts;
	e->match = match;
	return SLO_OK;
}

slo_status
slo_incidents_note(slo_incidents *t, const char *id, int to, slo_ns ts,
    int match, const char *key, size_t keylen)
{
	int full;
	slo_incident *r = find(t, id, &full);

	if (r == NULL) {
		if (!full)
			return SLO_ENOMEM;
		t->untracked++;
		return SLO_OK;
	}
	return end_set(to ? &r->to : &r->from, ts, match, key, keylen);
}

slo_status
slo_incidents_merge(slo_incidents *dst, const slo_incidents *src)
{
	slo_status st;

	dst->untracked += src->untracked;
	for (size_t i = 0; i < src->cap; i++) {
		const slo_incident *r = src->slot[i];

		if (r == NULL)
			continue;
		if (r->from.ts != SLO_NS_NONE &&
		    (st = slo_incidents_note(dst, r->id, 0, r->from.ts,
		    r->from.match, r->from.key, r->from.keylen)) != SLO_OK)
			return st;
		if (r->to.ts != SLO_NS_NONE &&
		    (st = slo_incidents_note(dst, r->id, 1, r->to.ts,
		    r->to.match, r->to.key, r->to.keylen)) != SLO_OK)
			return st;
	}
	return SLO_OK;
}

uint64_t
slo_incidents_untracked(const slo_incidents *t)
{
	return t->untracked;
}

size_t
slo_incidents_count(const slo_incidents *t)
{
	return t->count;
}

size_t
slo_incidents_slots(const slo_incidents *t)
{
	return t->cap;
}

const slo_incident *
slo_incidents_slot(const slo_incidents *t, size_t i)
{
	return i < t->cap ? t->slot[i] : NULL;
}
