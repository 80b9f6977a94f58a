/*
 * promote.c — the event accumulator and the decision of promote-check(1).
 * The criteria are loaded by lib/spec/promote_spec.c; rendering lives in
 * lib/render/promote_out.c.
 *
 * State is kept per time slice (the telemetry slice, default 1m, aligned
 * to the epoch), so that the window can be chosen after the whole input
 * is read (its default is the span of the candidate's events) and stays
 * exact: counts and a latency sketch per cohort per slice, merged over the
 * window at the end.  With --window and no --at, slices that can no longer
 * be in the window are dropped as the newest time advances, so memory is
 * bounded by window / slice.  Latencies for Mann-Whitney come from a
 * bottom-k sample per cohort: each latency gets a pseudo-random key, a
 * hash of (cohort, time, value) so that the parts of an input merged give
 * the sample of the whole, and the `reservoir` smallest keys of the
 * window's latencies are a uniform sample of the window without
 * replacement (equal latencies at one instant share a key: kept or left
 * out together).  The window is a suffix in
 * time (it ends with the newest event or --at, and only its start is
 * unknown until the end), so a latency is kept while fewer than k newer
 * ones have smaller keys: the bottom k of every suffix stays, about
 * k (1 + ln(N / k)) latencies of N (priority sampling over sliding
 * windows, Babcock, Datar and Motwani 2002).  Rollup lines are
 * folded in through slo_rollup.h, flag leaks counted by flag-audit's
 * accumulator (slo_flags.h): one implementation of each.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "slo_expr.h"
#include "slo_flags.h"
#include "slo_promote.h"
#include "slo_math.h"
#include "slo_rollup.h"
#include "slo_num.h"

/* ---- names ---------------------------------------------------------- */

const char *
slo_outcome_name(slo_outcome r)
{
	switch (r) {
	case SLO_RES_PASS: return "pass";
	case SLO_RES_FAIL: return "fail";
	case SLO_RES_INCONCLUSIVE: return "inconclusive";
	case SLO_RES_SKIPPED: return "skipped";
	}
	return "?";
}

const char *
slo_decision_name(slo_decision d)
{
	switch (d) {
	case SLO_PROMOTE: return "promote";
	case SLO_HOLD: return "hold";
	case SLO_ROLLBACK: return "rollback";
	}
	return "?";
}

/* ---- the accumulator ------------------------------------------------ */

enum { CAND = 0, BASE = 1 };

struct cslice {
	uint64_t n, ok;
	uint64_t raw, traced;   /* requests read one by one, not from rollups */
	slo_sketch *lat;
	uint64_t costs;         /* cost events, their amounts in cost_nano */
	int64_t cost_nano;      /* 10^-9 of the currency: decimals add exactly */
};

struct slice {
	int64_t idx;
	struct cslice c[2];
	uint64_t deploys, deploys_ok;
	uint64_t alerts, alerts_hit;
	int covered;            /* inside a candidate rollup bucket */
};

struct sample {
	slo_ns ts;
	double v;
	/*
	 * A hash of (cohort, ts, v): random enough that the k smallest of a
	 * window are a fair sample, and a function of the event alone, so
	 * that the parts of an input sample as the whole does.
	 */
	uint64_t key;
};

/* At most RES_HARD_CAP * reservoir samples per cohort: see compact(). */
#define RES_HARD_CAP 16

struct reservoir {
	struct sample *s;
	size_t n, cap;
	uint64_t seen;
	uint64_t dropped;   /* oldest samples given up at the hard cap */
	slo_ns dropped_before; /* windows starting before it are undersampled */
};

struct incident {
	char *id;
	slo_ns open, resolved; /* SLO_NS_NONE when not seen */
	slo_ns detected, mitigated; /* the first of each, or SLO_NS_NONE */
	int level;             /* the highest severity given, -1 none */
	slo_ns first;          /* earliest event: orders the incidents */
};

/*
 * resources: one candidate instance's usage / limit, cpu [0] and memory
 * [1], sketched; samples without a limit are counted, not sketched.
 */
#define MAX_INSTANCES 1000
struct instance {
	char *name;
	slo_sketch *share[2];
	uint64_t samples[2], unlimited[2];
};

struct slo_promote {
	slo_promote_criteria c;
	slo_ns at;
	slo_ns width;
	int64_t nwin;           /* slices in --window, 0 without */
	struct slice *sl;       /* ascending idx */
	size_t nsl, capsl;
	struct slice untimed;
	int have_max;
	slo_ns max_ts;          /* newest event seen */
	int have_cand;
	slo_ns cand_first, cand_last;
	struct reservoir res[2];
	struct incident *inc;
	size_t ninc, capinc;
	/*
	 * Open addressing over inc by id: slot k holds an index + 1, 0 when
	 * free.  Sized for SLO_PROMOTE_MAX_INCIDENTS at most half full, so a
	 * log of many incident ids costs O(1) per event, not a scan.
	 */
	uint32_t *inc_index;
	uint64_t incidents_dropped;     /* past SLO_PROMOTE_MAX_INCIDENTS */
	struct incident inc_overflow;   /* where their events go, unread */
	char *seen[SLO_PROMOTE_MAX_COHORTS]; /* request cohorts */
	slo_ns seen_first[SLO_PROMOTE_MAX_COHORTS]; /* earliest request of each */
	size_t nseen;
	uint64_t seen_unlisted;         /* requests of cohorts past the list */
	const slo_expr *where;          /* --where, for rollup rows; borrowed */
	uint64_t slices_dropped;        /* past SLO_PROMOTE_MAX_SLICES */
	int64_t dropped_through;        /* newest slice index given up */
	uint64_t events_dropped;        /* events of slices not kept */
	uint64_t other_requests, rollups, after_at, before_window;
	/* flag leaks: flag-audit's accumulator with the leak check alone */
	const slo_flag_registry *reg; /* borrowed */
	slo_flag_audit *audit;
	int audit_done;
	/* contract_checks: the runs of its suite, whatever the window */
	uint64_t checks, checks_passed, checks_failed, checks_skipped;
	/* resources, whatever the window: per candidate instance, and the
	 * usage of each cohort (cpu cores, memory bytes) */
	struct instance *inst;
	size_t ninst;
	uint64_t instances_dropped; /* samples of instances past the bound */
	slo_sketch *usage[2][2];    /* [cohort][cpu, memory] */
	/*
	 * cost_per_request: cost events up to at (does the kind occur),
	 * those of another currency than the criterion's (not added), those
	 * past the exact sum's range, and the two alphabetically first
	 * currencies seen ("" when fewer): whatever order parts merge in.
	 */
	uint64_t cost_events, cost_other_currency, cost_overflow;
	char currency[2][4];
	int finished;
	slo_promote_verdict v;  /* of slo_promote_finish() */
	uint64_t flag_evals;    /* seen, up to at: does the kind occur */
};

slo_promote *
slo_promote_new(const slo_promote_criteria *c, slo_ns at, slo_error *err)
{
	slo_promote *p;
	int i;

	if (c->telemetry.slice <= 0 || c->reservoir < 2) {
		slo_error_set(err, SLO_EINVAL, "", 0, 0, "invalid criteria");
		return NULL;
	}
	if ((p = calloc(1, sizeof *p)) == NULL) {
		slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		return NULL;
	}
	p->c = *c;
	p->at = at;
	p->width = c->telemetry.slice;
	p->nwin = c->window > 0 ? (c->window + p->width - 1) / p->width : 0;
	p->res[0].dropped_before = p->res[1].dropped_before = SLO_NS_NONE;
	p->dropped_through = INT64_MIN;
	for (i = 0; i < 2; i++) {
		p->res[i].cap = 2 * c->reservoir;
		p->res[i].s = malloc(p->res[i].cap * sizeof *p->res[i].s);
		if (p->res[i].s == NULL) {
			slo_promote_free(p);
			slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
			return NULL;
		}
	}
	return p;
}

static void
slice_release(struct slice *s)
{
	slo_sketch_free(s->c[0].lat);
	slo_sketch_free(s->c[1].lat);
}

void
slo_promote_free(slo_promote *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nsl; i++)
		slice_release(&p->sl[i]);
	slice_release(&p->untimed);
	free(p->sl);
	free(p->res[0].s);
	free(p->res[1].s);
	for (i = 0; i < p->ninc; i++)
		free(p->inc[i].id);
	free(p->inc);
	free(p->inc_index);
	for (i = 0; i < p->nseen; i++)
		free(p->seen[i]);
	for (i = 0; i < p->ninst; i++) {
		free(p->inst[i].name);
		slo_sketch_free(p->inst[i].share[0]);
		slo_sketch_free(p->inst[i].share[1]);
	}
	free(p->inst);
	for (i = 0; i < 4; i++)
		slo_sketch_free(p->usage[i / 2][i % 2]);
	slo_flag_audit_free(p->audit);
	free(p);
}

uint64_t
slo_promote_rollups(const slo_promote *p)
{
	return p->rollups;
}

/* Drop slices that can no longer be inside a --window ending at max_ts. */
static void
evict(slo_promote *p)
{
	int64_t first;
	size_t k = 0;

	if (p->nwin == 0 || p->at != SLO_NS_NONE || !p->have_max)
		return;
	first = slo_time_floor(p->max_ts, p->width) / p->width - p->nwin + 1;
	while (k < p->nsl && p->sl[k].idx < first)
		slice_release(&p->sl[k++]);
	if (k > 0) {
		memmove(p->sl, p->sl + k, (p->nsl - k) * sizeof *p->sl);
		p->nsl -= k;
	}
}

/*
 * The slice of index idx, made when new.  At SLO_PROMOTE_MAX_SLICES the
 * oldest slice is given up for a newer one (counted, and the window then
 * starts after it), and a slice older than every kept one is not made:
 * *out NULL, the event counted in events_dropped.
 */
static slo_status
slice_for(slo_promote *p, int64_t idx, struct slice **out)
{
	size_t lo, hi, mid;
	struct slice *s;

	*out = NULL;
	if (p->nsl > 0 && p->sl[p->nsl - 1].idx == idx) {
		*out = &p->sl[p->nsl - 1];
		return SLO_OK;
	}
	if (p->slices_dropped > 0 && idx <= p->dropped_through) {
		p->events_dropped++;
		return SLO_OK;
	}
	lo = 0;
	hi = p->nsl;
	if (p->nsl > 0 && p->sl[p->nsl - 1].idx < idx)
		lo = p->nsl;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (p->sl[mid].idx < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->nsl && p->sl[lo].idx == idx) {
		*out = &p->sl[lo];
		return SLO_OK;
	}
	if (p->nsl == SLO_PROMOTE_MAX_SLICES) {
		if (lo == 0) { /* older than all kept: the window cannot reach it */
			p->slices_dropped++;
			p->events_dropped++;
			if (idx > p->dropped_through)
				p->dropped_through = idx;
			return SLO_OK;
		}
		/* an eighth at a time, so that the moves stay amortised */
		size_t k, drop = SLO_PROMOTE_MAX_SLICES / 8;

		if (drop > lo)
			drop = lo;
		for (k = 0; k < drop; k++) {
			const struct slice *o = &p->sl[k];

			p->events_dropped += o->c[0].n + o->c[1].n + o->deploys +
			    o->alerts;
			slice_release(&p->sl[k]);
		}
		p->slices_dropped += drop;
		if (p->sl[drop - 1].idx > p->dropped_through)
			p->dropped_through = p->sl[drop - 1].idx;
		memmove(p->sl, p->sl + drop, (p->nsl - drop) * sizeof *p->sl);
		p->nsl -= drop;
		lo -= drop;
	}
	if (p->nsl == p->capsl) {
		size_t cap = p->capsl ? p->capsl * 2 : 64;

		if (cap > SLO_PROMOTE_MAX_SLICES)
			cap = SLO_PROMOTE_MAX_SLICES;
		if ((s = realloc(p->sl, cap * sizeof *s)) == NULL)
			return SLO_ENOMEM;
		p->sl = s;
		p->capsl = cap;
	}
	memmove(p->sl + lo + 1, p->sl + lo, (p->nsl - lo) * sizeof *p->sl);
	p->nsl++;
	s = &p->sl[lo];
	memset(s, 0, sizeof *s);
	s->idx = idx;
	*out = s;
	return SLO_OK;
}

/* Samples by key, then time and value: a total order, whatever came first. */
static int
cmp_key(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	if (x->ts != y->ts)
		return (x->ts > y->ts) - (x->ts < y->ts);
	return (x->v > y->v) - (x->v < y->v);
}

static int
cmp_newest_first(const void *a, const void *b)
{
	slo_ns x = ((const struct sample *)a)->ts, y = ((const struct sample *)b)->ts;

	return x != y ? (x < y) - (x > y) : cmp_key(a, b);
}

/* Restore the max-heap h[0..n) after h[i] decreased. */
static void
heap_down(uint64_t *h, size_t n, size_t i)
{
	size_t c;
	uint64_t t;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && h[c + 1] > h[c])
			c++;
		if (h[i] >= h[c])
			return;
		t = h[i]; h[i] = h[c]; h[c] = t;
		i = c;
	}
}

static void
heap_up(uint64_t *h, size_t i)
{
	uint64_t t;

	while (i > 0 && h[(i - 1) / 2] < h[i]) {
		t = h[i]; h[i] = h[(i - 1) / 2]; h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

/*
 * Drop the samples no window can pick (with --window and no --at, those
 * that slid out of it, too): newest first, keep a sample when
 * fewer than k newer ones (or as new: a window holds all of one instant
 * or none) have smaller keys, i.e. when its key is below the largest of
 * the k smallest keys so far (a max-heap of k).  Then grow the array when
 * over half full, up to RES_HARD_CAP k; at that cap give up the oldest,
 * counted, so that memory stays bounded whatever the input.
 */
static slo_status
compact(slo_promote *p, struct reservoir *r)
{
	size_t k = p->c.reservoir, hn = 0, i, keep = 0, half;
	uint64_t *h;
	struct sample *ns;

	slo_ns oldest = SLO_NS_NONE;

	/* with --window and no --at, what slid out of the window is done */
	if (p->nwin > 0 && p->at == SLO_NS_NONE && p->have_max)
		oldest = (slo_time_floor(p->max_ts, p->width) / p->width -
		    p->nwin + 1) * p->width;
	if ((h = malloc(k * sizeof *h)) == NULL)
		return SLO_ENOMEM;
	qsort(r->s, r->n, sizeof *r->s, cmp_newest_first);
	for (i = 0; i < r->n; i++) {
		if (oldest != SLO_NS_NONE && r->s[i].ts < oldest)
			break; /* newest first: the rest are older still */
		if (hn < k) {
			h[hn] = r->s[i].key;
			heap_up(h, hn++);
		} else if (r->s[i].key < h[0]) {
			h[0] = r->s[i].key;
			heap_down(h, hn, 0);
		} else
			continue;
		r->s[keep++] = r->s[i];
	}
	free(h);
	r->n = keep;
	if (r->n <= r->cap / 2)
		return SLO_OK;
	if (r->cap < RES_HARD_CAP * k) {
		size_t cap = r->cap * 2 < RES_HARD_CAP * k ? r->cap * 2 :
		    RES_HARD_CAP * k;

		if ((ns = realloc(r->s, cap * sizeof *ns)) == NULL)
			return SLO_ENOMEM;
		r->s = ns;
		r->cap = cap;
		return SLO_OK;
	}
	half = r->cap / 2; /* newest first: the tail is the oldest */
	r->dropped += r->n - half;
	if (r->dropped_before == SLO_NS_NONE || r->s[half].ts + 1 > r->dropped_before)
		r->dropped_before = r->s[half].ts + 1;
	r->n = half;
	return SLO_OK;
}

static slo_status
reservoir_put(slo_promote *p, struct reservoir *r, const struct sample *x)
{
	slo_status st;

	if (r->n == r->cap && (st = compact(p, r)) != SLO_OK)
		return st;
	r->s[r->n++] = *x;
	return SLO_OK;
}

static slo_status
reservoir_add(slo_promote *p, int who, slo_ns ts, double v)
{
	struct { int64_t who, ts; double v; } k;
	struct sample x;

	memset(&k, 0, sizeof k);
	k.who = who;
	k.ts = ts;
	k.v = v;
	x.ts = ts;
	x.v = v;
	x.key = slo_hash64(&k, sizeof k);
	p->res[who].seen++;
	return reservoir_put(p, &p->res[who], &x);
}

/*
 * Remember a request cohort for the "cohorts seen" of a verdict whose
 * candidate has no requests: the first SLO_PROMOTE_MAX_COHORTS names, and
 * a count of the requests of any others.  NULL (no cohort) is not listed.
 */
static slo_status
note_cohort(slo_promote *p, const char *cohort, uint64_t requests, slo_ns ts)
{
	size_t i;

	if (cohort == NULL)
		return SLO_OK;
	for (i = 0; i < p->nseen; i++)
		if (strcmp(p->seen[i], cohort) == 0) {
			if (ts < p->seen_first[i])
				p->seen_first[i] = ts;
			return SLO_OK;
		}
	if (p->nseen == SLO_PROMOTE_MAX_COHORTS) {
		p->seen_unlisted += requests;
		return SLO_OK;
	}
	if ((p->seen[p->nseen] = strdup(cohort)) == NULL)
		return SLO_ENOMEM;
	p->seen_first[p->nseen++] = ts;
	return SLO_OK;
}

/* The cohorts seen by earliest request, then name: any merge's order. */
static void
sort_cohorts(slo_promote *p)
{
	size_t i, j;
	slo_ns t;
	char *c;

	for (i = 1; i < p->nseen; i++)
		for (j = i; j > 0 && (p->seen_first[j] < p->seen_first[j - 1] ||
		    (p->seen_first[j] == p->seen_first[j - 1] &&
		    strcmp(p->seen[j], p->seen[j - 1]) < 0)); j--) {
			t = p->seen_first[j];
			p->seen_first[j] = p->seen_first[j - 1];
			p->seen_first[j - 1] = t;
			c = p->seen[j];
			p->seen[j] = p->seen[j - 1];
			p->seen[j - 1] = c;
		}
}

/* A power of two at least twice SLO_PROMOTE_MAX_INCIDENTS. */
#define INC_SLOTS 32768
#if INC_SLOTS < 2 * SLO_PROMOTE_MAX_INCIDENTS
#error "INC_SLOTS too small"
#endif

static int
cmp_incident(const void *a, const void *b)
{
	const struct incident *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return strcmp(x->id, y->id);
}

/*
 * Incidents by earliest event, then id (the order their ties are told
 * in), whatever order their parts were read or merged in; the index is
 * built again.
 */
static void
sort_incidents(slo_promote *p)
{
	size_t i, h;

	if (p->ninc < 2)
		return;
	qsort(p->inc, p->ninc, sizeof *p->inc, cmp_incident);
	memset(p->inc_index, 0, INC_SLOTS * sizeof *p->inc_index);
	for (i = 0; i < p->ninc; i++) {
		for (h = (size_t)slo_hash64(p->inc[i].id, strlen(p->inc[i].id)) &
		    (INC_SLOTS - 1); p->inc_index[h] != 0; h = (h + 1) & (INC_SLOTS - 1))
			;
		p->inc_index[h] = (uint32_t)i + 1;
	}
}

static struct incident *
incident_for(slo_promote *p, const char *id)
{
	size_t i;
	struct incident *n;

	if (p->inc_index == NULL &&
	    (p->inc_index = calloc(INC_SLOTS, sizeof *p->inc_index)) == NULL)
		return NULL;
	for (i = (size_t)slo_hash64(id, strlen(id)) & (INC_SLOTS - 1);
	    p->inc_index[i] != 0; i = (i + 1) & (INC_SLOTS - 1))
		if (strcmp(p->inc[p->inc_index[i] - 1].id, id) == 0)
			return &p->inc[p->inc_index[i] - 1];
	if (p->ninc == SLO_PROMOTE_MAX_INCIDENTS) {
		p->incidents_dropped++;
		return &p->inc_overflow;
	}
	if (p->ninc == p->capinc) {
		size_t cap = p->capinc ? p->capinc * 2 : 16;

		if ((n = realloc(p->inc, cap * sizeof *n)) == NULL)
			return NULL;
		p->inc = n;
		p->capinc = cap;
	}
	n = &p->inc[p->ninc];
	if ((n->id = strdup(id)) == NULL)
		return NULL;
	n->open = n->resolved = n->first = SLO_NS_NONE;
	n->detected = n->mitigated = SLO_NS_NONE;
	n->level = -1;
	p->inc_index[i] = (uint32_t)++p->ninc;
	return n;
}

static int
alert_hits(const slo_promote *p, const slo_event *ev)
{
	int sev;

	if (strcmp(p->c.security_alerts.source, "*") != 0 &&
	    (ev->source == NULL ||
	    strcmp(ev->source, p->c.security_alerts.source) != 0))
		return 0;
	/* An alert without a known severity counts as critical: a gate errs safe. */
	sev = slo_level_from_name(ev->severity);
	if (sev < 0)
		sev = SLO_LEVEL_CRITICAL;
	return sev >= (int)p->c.security_alerts.severity;
}

/*
 * The slice for an event (or a rollup bucket) at ts whose last instant is
 * last, after --at and --window: *s NULL when it falls outside.  An event
 * of the candidate (who CAND) stretches the span that is the default
 * window; who -1 places without stretching it.
 */
static slo_status
place(slo_promote *p, slo_ns ts, slo_ns last, int who, struct slice **s)
{
	*s = NULL;
	if (p->at != SLO_NS_NONE && ts > p->at) {
		p->after_at++;
		return SLO_OK;
	}
	if (p->at != SLO_NS_NONE && last > p->at)
		last = p->at;
	if (p->at != SLO_NS_NONE && p->nwin > 0 &&
	    slo_time_floor(last, p->width) / p->width <=
	    slo_time_floor(p->at, p->width) / p->width - p->nwin) {
		p->before_window++;
		return SLO_OK;
	}
	if (!p->have_max || last > p->max_ts) {
		p->max_ts = last;
		p->have_max = 1;
		evict(p);
	}
	if (p->at == SLO_NS_NONE && p->nwin > 0 &&
	    slo_time_floor(last, p->width) / p->width <=
	    slo_time_floor(p->max_ts, p->width) / p->width - p->nwin) {
		p->before_window++;
		return SLO_OK;
	}
	if (who == CAND) {
		if (!p->have_cand || ts < p->cand_first)
			p->cand_first = ts;
		if (!p->have_cand || last > p->cand_last)
			p->cand_last = last;
		p->have_cand = 1;
	}
	return slice_for(p, slo_time_floor(ts, p->width) / p->width, s);
}

static slo_status
sketch_merge_into(slo_sketch **dst, const slo_sketch *src)
{
	if (src == NULL)
		return SLO_OK;
	if (*dst == NULL)
		return (*dst = slo_sketch_clone(src)) ? SLO_OK : SLO_ENOMEM;
	return slo_sketch_merge(*dst, src);
}

void
slo_promote_set_where(slo_promote *p, const slo_expr *where)
{
	p->where = where;
}

/* Whether a rollup row's dimensions match --where, as a request would. */
static int
row_matches(const slo_promote *p, const slo_rollup_row *row)
{
	slo_event ev;

	if (p->where == NULL)
		return 1;
	slo_rollup_row_event(row, &ev);
	return slo_expr_match_event(p->where, &ev);
}

/*
 * A rollup row counts whole, in the slice of its bucket start; a bucket
 * wider than a slice marks every slice it spans as holding candidate
 * requests, for telemetry.  Rollups carry no single latencies (no
 * Mann-Whitney sample) and no trace ids.
 */
static slo_status
fold_row(slo_promote *p, const slo_rollup_row *row)
{
	int who;
	slo_ns last = row->ts + (row->width > 0 ? row->width - 1 : 0);
	int64_t k, k0, k1;
	struct slice *s;
	slo_status st;

	if (!row_matches(p, row))
		return SLO_OK;
	if (row->count > 0 &&
	    (st = note_cohort(p, row->cohort, row->count, row->ts)) != SLO_OK)
		return st;
	if (row->cohort != NULL && strcmp(row->cohort, p->c.cohort) == 0)
		who = CAND;
	else if (row->cohort != NULL && strcmp(row->cohort, p->c.baseline) == 0)
		who = BASE;
	else {
		p->other_requests += row->count;
		return SLO_OK;
	}
	if ((st = place(p, row->ts, last, who, &s)) != SLO_OK || s == NULL)
		return st;
	s->c[who].n += row->count;
	s->c[who].ok += row->good;
	if (row->latency != NULL && slo_sketch_count(row->latency) > 0 &&
	    (st = sketch_merge_into(&s->c[who].lat, row->latency)) != SLO_OK)
		return st;
	if (who != CAND || row->count == 0)
		return SLO_OK;
	if (p->at != SLO_NS_NONE && last > p->at)
		last = p->at;
	k0 = slo_time_floor(row->ts, p->width) / p->width;
	k1 = slo_time_floor(last, p->width) / p->width;
	if (k1 - k0 > SLO_PROMOTE_MAX_SLICES)
		k1 = k0 + SLO_PROMOTE_MAX_SLICES; /* what one line may allocate */
	for (k = k0 + 1; k <= k1; k++) {
		if ((st = slice_for(p, k, &s)) != SLO_OK)
			return st;
		if (s != NULL)
			s->covered = 1;
	}
	return SLO_OK;
}

static slo_status
add_rollup(slo_promote *p, const slo_event *ev, slo_error *err)
{
	slo_rollup *r;
	size_t i, n;
	const char *field;
	slo_status st;

	p->rollups++;
	if (p->where != NULL && (field = slo_rollup_uncarried(p->where)) != NULL)
		return slo_error_set(err, SLO_EMISMATCH, "", 0, 0,
		    "--where reads '%.60s', which rollup lines do not carry "
		    "(they have kind, ts, service, cohort, region, version, route "
		    "and labels)", field);
	if ((r = slo_rollup_new(0)) == NULL)
		return SLO_ENOMEM;
	st = slo_rollup_merge_event(r, ev, err);
	n = st == SLO_OK ? slo_rollup_nrows(r) : 0;
	for (i = 0; i < n && st == SLO_OK; i++)
		st = fold_row(p, slo_rollup_row_at(r, i));
	slo_rollup_free(r);
	return st == SLO_ENOMEM || st == SLO_OK ? st : SLO_EINVAL;
}

slo_status
slo_promote_set_registry(slo_promote *p, const slo_flag_registry *reg)
{
	slo_flag_audit_opts fo;

	slo_flag_audit_free(p->audit);
	p->audit = NULL;
	p->reg = NULL;
	if (reg == NULL || !p->c.flag_leaks.o.enabled)
		return SLO_OK;
	slo_flag_audit_opts_init(&fo);
	fo.at = p->at;
	fo.checks = 1u << SLO_FCHECK_LEAK;
	if ((p->audit = slo_flag_audit_new(reg, &fo)) == NULL)
		return SLO_ENOMEM;
	p->reg = reg;
	return SLO_OK;
}

/* A check of contract_checks's suite: its result counted. */
static void
add_check(slo_promote *p, const slo_event *ev)
{
	if (ev->suite == NULL ||
	    strcmp(ev->suite, p->c.contract_checks.suite) != 0)
		return;
	p->checks++;
	if (strcmp(ev->result, "pass") == 0)
		p->checks_passed++;
	else if (strcmp(ev->result, "skip") == 0)
		p->checks_skipped++;
	else
		p->checks_failed++; /* fail or error: either breaks the contract */
}

/* The instance named name, added when new; NULL past the bound or on
 * ENOMEM (*nomem set). */
static struct instance *
instance_for(slo_promote *p, const char *name, int *nomem)
{
	struct instance *n;

	*nomem = 0;
	for (size_t i = 0; i < p->ninst; i++)
		if (strcmp(p->inst[i].name, name) == 0)
			return &p->inst[i];
	if (p->ninst == MAX_INSTANCES)
		return NULL;
	if ((n = realloc(p->inst, (p->ninst + 1) * sizeof *n)) == NULL)
		goto nomem;
	p->inst = n;
	n = &p->inst[p->ninst];
	memset(n, 0, sizeof *n);
	if ((n->name = strdup(name)) == NULL)
		goto nomem;
	p->ninst++;
	return n;
nomem:
	*nomem = 1;
	return NULL;
}

static slo_status
sketch_put(slo_sketch **sk, double v)
{
	if (*sk == NULL && (*sk = slo_sketch_new(SLO_SKETCH_ALPHA)) == NULL)
		return SLO_ENOMEM;
	return slo_sketch_add(*sk, v) == SLO_ENOMEM ? SLO_ENOMEM : SLO_OK;
}

/*
 * Whose a resource or cost sample is: CAND for the candidate's cohort or
 * none (as for deploys), BASE for the baseline's, -1 for another.
 */
static int
sample_cohort(const slo_promote *p, const char *cohort)
{
	if (cohort == NULL || strcmp(cohort, p->c.cohort) == 0)
		return CAND;
	return strcmp(cohort, p->c.baseline) == 0 ? BASE : -1;
}

/*
 * A resource sample: its usage into its cohort's sketch (the candidate's
 * when it names no cohort, as for deploys), and for the candidate its
 * share of the limit into its instance's (named by instance, else by
 * service).
 */
static slo_status
add_resource(slo_promote *p, const slo_event *ev)
{
	const int has[2] = { (ev->has & SLO_HAS_CPU) != 0,
	    (ev->has & SLO_HAS_MEMORY) != 0 };
	const int lim[2] = { (ev->has & SLO_HAS_CPU_LIMIT) != 0,
	    (ev->has & SLO_HAS_MEMORY_LIMIT) != 0 };
	const double use[2] = { ev->cpu_cores, ev->memory_bytes };
	const double cap[2] = { ev->cpu_limit_cores, ev->memory_limit_bytes };
	const char *name = ev->instance ? ev->instance :
	    ev->service ? ev->service : "-";
	struct instance *in = NULL;
	int who, nomem;
	slo_status st;

	if ((who = sample_cohort(p, ev->cohort)) < 0)
		return SLO_OK;
	if (who == CAND && (in = instance_for(p, name, &nomem)) == NULL) {
		if (nomem)
			return SLO_ENOMEM;
		p->instances_dropped++;
	}
	for (int r = 0; r < 2; r++) {
		if (!has[r])
			continue;
		if ((st = sketch_put(&p->usage[who][r], use[r])) != SLO_OK)
			return st;
		if (in == NULL)
			continue;
		in->samples[r]++;
		if (!lim[r])
			in->unlimited[r]++;
		else if ((st = sketch_put(&in->share[r], use[r] / cap[r])) !=
		    SLO_OK)
			return st;
	}
	return SLO_OK;
}

/* The smallest two distinct currencies seen, in order, in p->currency. */
static void
note_currency(slo_promote *p, const char *cur)
{
	char (*c)[4] = p->currency;

	if (strcmp(c[0], cur) == 0 || strcmp(c[1], cur) == 0)
		return;
	if (c[0][0] == '\0' || strcmp(cur, c[0]) < 0) {
		memcpy(c[1], c[0], sizeof c[1]);
		slo_snprintf(c[0], sizeof c[0], "%.3s", cur);
	} else if (c[1][0] == '\0' || strcmp(cur, c[1]) < 0)
		slo_snprintf(c[1], sizeof c[1], "%.3s", cur);
}

/* a += b, 0 when past INT64_MAX (both >= 0). */
static int
add_nano(int64_t *a, int64_t b)
{
	if (b > INT64_MAX - *a)
		return 0;
	*a += b;
	return 1;
}

/*
 * A cost event: its amount, in units of 10^-9 so that decimal amounts add
 * exactly, into its cohort's share of the slice of its time (the
 * candidate's when it names no cohort, as for deploys).  It does not
 * stretch the default window, which is the span of the candidate's
 * requests and deploys: a bill written after the last request must not
 * leave empty slices.
 */
static slo_status
add_cost(slo_promote *p, const slo_event *ev)
{
	const char *want = p->c.cost_per_request.currency;
	double nano = ev->amount * 1e9;
	struct slice *s;
	int who;
	slo_status st;

	if ((who = sample_cohort(p, ev->cohort)) < 0)
		return SLO_OK;
	p->cost_events++;
	if (want[0] != '\0' && strcmp(ev->currency, want) != 0) {
		p->cost_other_currency++;
		return SLO_OK;
	}
	note_currency(p, ev->currency);
	if ((st = place(p, ev->ts, ev->ts, -1, &s)) != SLO_OK || s == NULL)
		return st;
	if (!(nano >= 0 && nano < 9e18) ||
	    !add_nano(&s->c[who].cost_nano, llround(nano))) {
		p->cost_overflow++;
		return SLO_OK;
	}
	s->c[who].costs++;
	return SLO_OK;
}

slo_status
slo_promote_add(slo_promote *p, const slo_event *ev, slo_error *err)
{
	int timed = (ev->has & SLO_HAS_TS) != 0;
	int who = -1;
	slo_ns ts = timed ? ev->ts : SLO_NS_NONE;
	struct slice *s;
	struct cslice *cs;
	slo_status st;

	if (ev->kind == SLO_KIND_ROLLUP)
		return add_rollup(p, ev, err);
	/* As slo-eval: a request no window can place is bad input. */
	if (ev->kind == SLO_KIND_REQUEST && !timed)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "request without 'ts'");
	/* Leaks are anyone's, whatever the cohort, over the input up to at. */
	if (p->audit != NULL && !p->audit_done &&
	    slo_flag_audit_add(p->audit, ev, err) != SLO_OK)
		return SLO_ENOMEM; /* not a rollup: nothing else can fail */
	if (ev->kind == SLO_KIND_FLAG || ev->nflags > 0) {
		if (!timed || p->at == SLO_NS_NONE || ts <= p->at)
			p->flag_evals += ev->kind == SLO_KIND_FLAG ? 1 : ev->nflags;
		if (ev->kind == SLO_KIND_FLAG)
			return SLO_OK; /* anyone's, and no part of the window */
	}
	if (ev->kind == SLO_KIND_CHECK || ev->kind == SLO_KIND_RESOURCE ||
	    ev->kind == SLO_KIND_COST) {
		/*
		 * Not placed in the window: a check runs in CI before the
		 * candidate serves (it would stretch the window back), and
		 * resources are judged over the input; a cost goes into the
		 * slice of its time without stretching the window.
		 */
		if (timed && p->at != SLO_NS_NONE && ts > p->at)
			return SLO_OK;
		if (ev->kind == SLO_KIND_CHECK && (ev->cohort == NULL ||
		    strcmp(ev->cohort, p->c.cohort) == 0))
			add_check(p, ev);
		if (ev->kind == SLO_KIND_RESOURCE)
			return add_resource(p, ev);
		if (ev->kind == SLO_KIND_COST && timed)
			return add_cost(p, ev);
		return SLO_OK;
	}
	if (ev->kind == SLO_KIND_REQUEST) {
		if ((st = note_cohort(p, ev->cohort, 1, ts)) != SLO_OK)
			return st;
		if (ev->cohort != NULL && strcmp(ev->cohort, p->c.cohort) == 0)
			who = CAND;
		else if (ev->cohort != NULL &&
		    strcmp(ev->cohort, p->c.baseline) == 0)
			who = BASE;
		else {
			p->other_requests++;
			return SLO_OK;
		}
	} else if (ev->cohort != NULL && strcmp(ev->cohort, p->c.cohort) != 0)
		return SLO_OK; /* another cohort's deploy, alert or incident */
	else
		who = CAND;

	if (timed) {
		uint64_t after_at = p->after_at;

		if ((st = place(p, ts, ts, who, &s)) != SLO_OK)
			return st;
		/*
		 * An incident event before a sliding window still opens or
		 * resolves its incident (the restore criterion judges the
		 * incident against the window): otherwise whether a late
		 * "resolved" counted would hang on what was read before it.
		 */
		if (s == NULL && (ev->kind != SLO_KIND_INCIDENT ||
		    p->after_at != after_at))
			return SLO_OK;
	} else
		s = &p->untimed;

	switch (ev->kind) {
	case SLO_KIND_REQUEST:
		cs = &s->c[who];
		cs->n++;
		cs->raw++;
		cs->ok += ev->ok != 0;
		cs->traced += ev->trace_id != NULL && ev->trace_id[0] != '\0';
		if (ev->has & SLO_HAS_LATENCY) {
			if (cs->lat == NULL &&
			    (cs->lat = slo_sketch_new(SLO_SKETCH_ALPHA)) == NULL)
				return SLO_ENOMEM;
			if (slo_sketch_add(cs->lat, ev->latency_ms) != SLO_OK)
				break; /* negative or NaN: the decoder refuses those */
			if ((st = reservoir_add(p, who, ts,
			    ev->latency_ms)) != SLO_OK)
				return st;
		}
		break;
	case SLO_KIND_DEPLOY:
		s->deploys++;
		s->deploys_ok += ev->result != NULL &&
		    strcmp(ev->result, "success") == 0;
		break;
	case SLO_KIND_ALERT:
		s->alerts++;
		s->alerts_hit += alert_hits(p, ev);
		break;
	case SLO_KIND_INCIDENT: {
		struct incident *in;

		if (!timed || ev->id == NULL || ev->state == NULL)
			break;
		if ((in = incident_for(p, ev->id)) == NULL)
			return SLO_ENOMEM;
		if (in->first == SLO_NS_NONE || ts < in->first)
			in->first = ts;
		if (strcmp(ev->state, "open") == 0) {
			if (in->open == SLO_NS_NONE || ts < in->open)
				in->open = ts;
		} else if (strcmp(ev->state, "resolved") == 0) {
			if (in->resolved == SLO_NS_NONE || ts > in->resolved)
				in->resolved = ts;
		} else if (strcmp(ev->state, "detected") == 0) {
			if (in->detected == SLO_NS_NONE || ts < in->detected)
				in->detected = ts;
		} else if (strcmp(ev->state, "mitigated") == 0) {
			if (in->mitigated == SLO_NS_NONE || ts < in->mitigated)
				in->mitigated = ts;
		}
		if (ev->severity != NULL &&
		    slo_level_from_name(ev->severity) > in->level)
			in->level = slo_level_from_name(ev->severity);
		break;
	}
	default:
		break;
	}
	return SLO_OK;
}

/* ---- evaluation ----------------------------------------------------- */

struct agg {
	uint64_t n[2], ok[2], raw[2], traced[2];
	uint64_t costs[2];
	int64_t cost_nano[2];
	int cost_overflow;      /* a window's sum past the exact range */
	int64_t first, last;    /* the window's slice indexes, when timed */
	slo_sketch *lat[2];
	uint64_t deploys, deploys_ok, alerts, alerts_hit;
	uint64_t slices, slices_with;
	slo_ns start, end, at; /* window [start, end); at: the instant judged */
	int timed;
};

static void
fig(slo_crit_result *r, const char *name, double v)
{
	if (r->nfig < SLO_PROMOTE_MAX_FIGURES) {
		r->fig[r->nfig].name = name;
		r->fig[r->nfig].num = v;
		r->fig[r->nfig++].str = NULL;
	}
}

static void
figs(slo_crit_result *r, const char *name, const char *s)
{
	if (r->nfig < SLO_PROMOTE_MAX_FIGURES) {
		r->fig[r->nfig].name = name;
		r->fig[r->nfig].num = NAN;
		r->fig[r->nfig++].str = s;
	}
}

const slo_figure *
slo_crit_figure(const slo_crit_result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nfig; i++)
		if (strcmp(r->fig[i].name, name) == 0)
			return &r->fig[i];
	return NULL;
}

/*
 * The Wilson interval is the inversion of the score test: a share b lies
 * inside the interval around phat from n trials exactly when
 * (phat - b)^2 <= z^2 b (1 - b) / n.  The interval clears b when the
 * one-sided score test at level (1 - conf) / 2 rejects p = b; the usual
 * normal-approximation sample size for that test at the given power, the
 * true share taken as phat, is
 *   n = ((z sqrt(b (1 - b)) + z_power sqrt(phat (1 - phat))) / (phat - b))^2.
 * power 0.5 (z_power = 0) is the size at which the interval around the
 * observed share just clears the bound: a coin toss.
 */
int64_t
slo_promote_sample_size(double phat, double bound, double conf, double power)
{
	double z, zb, n;

	if (!(phat >= 0 && phat <= 1) || !(bound >= 0 && bound <= 1) ||
	    phat == bound || !(conf > 0 && conf < 1) ||
	    !(power >= 0.5 && power < 1))
		return -1;
	z = slo_norm_ppf(1 - (1 - conf) / 2);
	zb = slo_norm_ppf(power);
	n = (z * sqrt(bound * (1 - bound)) + zb * sqrt(phat * (1 - phat))) /
	    (phat - bound);
	n *= n;
	if (!(n <= 1e12))
		return -1;
	return n < 1 ? 1 : (int64_t)ceil(n);
}

static double
pct(double share)
{
	return share * 100;
}

/* More requests needed: to reach min_requests and to decide the rate. */
static int64_t
more_for_rate(uint64_t n, uint64_t k, double bound, double conf, uint64_t min,
    double power)
{
	int64_t need = min > n ? (int64_t)(min - n) : 0, ss;
	double phat;

	if (n == 0)
		return (int64_t)min;
	phat = (double)k / (double)n;
	ss = slo_promote_sample_size(phat, bound, conf, power);
	if (ss < 0)
		return need > 0 ? need : -1;
	if (ss > (int64_t)n && ss - (int64_t)n > need)
		need = ss - (int64_t)n;
	return need;
}

static void
judge_rate(slo_crit_result *r, uint64_t n, uint64_t k, double bound,
    int good_is_high, double conf, uint64_t min, double power, double *plo,
    double *phi)
{
	double lo = NAN, hi = NAN;

	if (n > 0)
		slo_wilson(k, n, conf, &lo, &hi);
	*plo = lo;
	*phi = hi;
	if (n < min) {
		r->result = SLO_RES_INCONCLUSIVE;
		slo_snprintf(r->reason, sizeof r->reason,
		    "%llu requests, below min_requests %llu",
		    (unsigned long long)n, (unsigned long long)min);
	} else if (good_is_high ? lo >= bound : hi <= bound)
		r->result = SLO_RES_PASS;
	else if (good_is_high ? hi < bound : lo > bound) {
		r->result = SLO_RES_FAIL;
		slo_snprintf(r->reason, sizeof r->reason,
		    "whole interval [%.4g%%, %.4g%%] %s %.4g%%", pct(lo), pct(hi),
		    good_is_high ? "below" : "above", pct(bound));
	} else {
		r->result = SLO_RES_INCONCLUSIVE;
		slo_snprintf(r->reason, sizeof r->reason,
		    "interval [%.4g%%, %.4g%%] straddles %.4g%%",
		    pct(lo), pct(hi), pct(bound));
	}
	if (r->result == SLO_RES_INCONCLUSIVE)
		r->more_requests = more_for_rate(n, k, bound, conf, min, power);
}

/*
 * Why the candidate has no requests, when the cohort is misspelt or
 * absent: "no 'canary' requests in the window; cohorts seen: 'alpha',
 * 'baseline'" (or "no cohort seen"), cut to fit.
 */
static void
no_candidate_reason(const slo_promote *p, char *buf, size_t cap)
{
	size_t i, len;

	slo_snprintf(buf, cap, "no '%.60s' requests in the window; ", p->c.cohort);
	len = strlen(buf);
	if (p->nseen == 0) {
		slo_snprintf(buf + len, cap - len, "no request cohort seen");
		return;
	}
	slo_snprintf(buf + len, cap - len, "cohorts seen:");
	for (i = 0; i < p->nseen; i++) {
		len = strlen(buf);
		/* keep room for " and more" (10 bytes with its NUL) */
		if (len + 4 + strlen(p->seen[i]) + 10 > cap)
			break;
		slo_snprintf(buf + len, cap - len, "%s '%s'", i ? "," : "",
		    p->seen[i]);
	}
	len = strlen(buf);
	if (i < p->nseen || p->seen_unlisted > 0)
		slo_snprintf(buf + len, cap - len, " and more");
}

static void
eval_availability(const slo_promote *p, const struct agg *a, slo_crit_result *r)
{
	uint64_t n = a->n[CAND], k = a->ok[CAND];
	double lo, hi;

	judge_rate(r, n, k, p->c.availability.min, 1, p->c.confidence,
	    p->c.min_requests, p->c.power, &lo, &hi);
	if (n == 0)
		no_candidate_reason(p, r->reason, sizeof r->reason);
	fig(r, "requests", (double)n);
	fig(r, "good", (double)k);
	fig(r, "availability", n ? (double)k / (double)n : NAN);
	fig(r, "ci_low", lo);
	fig(r, "ci_high", hi);
	fig(r, "min", p->c.availability.min);
	fig(r, "confidence", p->c.confidence);
	if (n)
		slo_snprintf(r->summary, sizeof r->summary,
		    "%.2f%% [%.2f%%, %.2f%%] >= %.4g%%", pct((double)k / (double)n),
		    pct(lo), pct(hi), pct(p->c.availability.min));
	else
		slo_snprintf(r->summary, sizeof r->summary, "no requests");
}

/* The error-rate comparison's test and figures. */
struct noninf {
	const char *test;       /* "score" or "conditional_exact" */
	double z;               /* score statistic; NaN for the exact test */
	double p_ni, p_inf;     /* p of non-inferiority, of inferiority */
	int64_t more;           /* requests per candidate for power; -1 */
};

static slo_outcome
worse(slo_outcome a, slo_outcome b)
{
	if (a == SLO_RES_FAIL || b == SLO_RES_FAIL)
		return SLO_RES_FAIL;
	if (a == SLO_RES_INCONCLUSIVE || b == SLO_RES_INCONCLUSIVE)
		return SLO_RES_INCONCLUSIVE;
	return SLO_RES_PASS;
}

/*
 * Sample size per cohort at which the one-sided score test at level
 * 1 - conf shows, with probability power, that p1 sits on the side of
 * the line p1 = theta p0 + delta where it was observed (the usual
 * normal-approximation formula, e.g. Farrington & Manning 1990 eq. 5):
 *   n1 = ((z_a sqrt(v0) + z_b sqrt(v1)) / (p1 - theta p0 - delta))^2
 * with v the per-request variance of p1^ - theta p0^ at the restricted
 * estimates (v0) and at the observed rates (v1), the cohorts kept in
 * their present proportion r = n0 / n1.  -1 when on the line.
 */
static int64_t
noninf_sample_size(double p1, double p0, double p1t, double p0t, double r,
    double theta, double delta, double conf, double power)
{
	double za = slo_norm_ppf(conf), zb = slo_norm_ppf(power);
	double gap = p1 - theta * p0 - delta, v0, v1, n;

	v0 = p1t * (1 - p1t) + theta * theta * p0t * (1 - p0t) / r;
	v1 = p1 * (1 - p1) + theta * theta * p0 * (1 - p0) / r;
	if (gap == 0 || !(r > 0))
		return -1;
	n = (za * sqrt(v0) + zb * sqrt(v1)) / gap;
	n *= n;
	return n < 1e12 ? (int64_t)ceil(n) : -1;
}

/*
 * The candidate against the baseline: non-inferiority within the margin
 * line p_cand = (1 + margin) p_base + margin_abs, a ratio and a
 * difference margin at once.  Pass needs evidence: non-inferiority shown
 * at the configured confidence; rollback when inferiority (above the line)
 * is shown; hold otherwise.  The test is Farrington-Manning's score test;
 * with a ratio margin alone and rare errors (fewer than 5 expected in a
 * cohort at the restricted estimates) it is the exact conditional test of
 * two Poisson rates: given K errors in all, the candidate's are
 * Binomial(K, n theta / (n theta + nb)) on the line.
 */
static slo_outcome
compare_errors(const slo_promote *p, uint64_t k, uint64_t n, uint64_t kb,
    uint64_t nb, slo_crit_result *t, struct noninf *out)
{
	double theta = 1 + p->c.error_rate.margin, delta = p->c.error_rate.margin_abs;
	double alpha = 1 - p->c.confidence, p1t, p0t, c;

	out->test = "score";
	if (slo_noninf_score(k, n, kb, nb, theta, delta, &out->z, &p1t, &p0t) != SLO_OK)
		return SLO_RES_INCONCLUSIVE;
	out->p_ni = slo_norm_cdf(out->z);
	out->p_inf = slo_norm_sf(out->z);
	if (delta == 0 && fmin((double)n * p1t, (double)nb * p0t) < 5) {
		double pi = (double)n * theta / ((double)n * theta + (double)nb);

		out->test = "conditional_exact";
		out->z = NAN;
		slo_binom_cdf(k, k + kb, pi, &out->p_ni);
		if (k == 0)
			out->p_inf = 1;
		else {
			slo_binom_cdf(k - 1, k + kb, pi, &c);
			out->p_inf = 1 - c;
		}
	}
	out->more = noninf_sample_size((double)k / (double)n,
	    (double)kb / (double)nb, p1t, p0t, (double)nb / (double)n, theta,
	    delta, p->c.confidence, p->c.power);
	if (out->p_ni < alpha)
		return SLO_RES_PASS;
	if (out->p_inf < alpha) {
		slo_snprintf(t->reason, sizeof t->reason,
		    "worse than '%.60s' beyond the margin (p=%.3g)",
		    p->c.baseline, out->p_inf);
		return SLO_RES_FAIL;
	}
	slo_snprintf(t->reason, sizeof t->reason,
	    "not shown within the margin of '%.60s' (p=%.3g)", p->c.baseline,
	    out->p_ni);
	return SLO_RES_INCONCLUSIVE;
}

static void
eval_error_rate(const slo_promote *p, const struct agg *a, slo_crit_result *r)
{
	uint64_t n = a->n[CAND], k = n - a->ok[CAND];
	uint64_t nb = a->n[BASE], kb = nb - a->ok[BASE];
	double lo, hi, conf = p->c.confidence;
	struct noninf ni = { NULL, NAN, NAN, NAN, -1 };
	slo_outcome cmp = SLO_RES_PASS;
	char abs_reason[200];
	slo_crit_result tmp;

	judge_rate(r, n, k, p->c.error_rate.max, 0, conf, p->c.min_requests,
	    p->c.power, &lo, &hi);
	if (n == 0)
		slo_snprintf(r->reason, sizeof r->reason,
		    "no '%.60s' requests in the window", p->c.cohort);
	memcpy(abs_reason, r->reason, sizeof abs_reason);
	memset(&tmp, 0, sizeof tmp);
	tmp.more_requests = 0;
	if (nb == 0) {
		cmp = SLO_RES_INCONCLUSIVE;
		slo_snprintf(tmp.reason, sizeof tmp.reason,
		    "no '%.60s' requests to compare with", p->c.baseline);
	} else if (nb < p->c.min_requests || n < p->c.min_requests) {
		cmp = SLO_RES_INCONCLUSIVE;
		if (nb < p->c.min_requests) /* a short candidate is said above */
			slo_snprintf(tmp.reason, sizeof tmp.reason,
			    "%llu '%.60s' requests, below min_requests %llu",
			    (unsigned long long)nb, p->c.baseline,
			    (unsigned long long)p->c.min_requests);
	} else {
		cmp = compare_errors(p, k, n, kb, nb, &tmp, &ni);
		if (cmp == SLO_RES_INCONCLUSIVE)
			tmp.more_requests = ni.more < 0 ? -1 :
			    ni.more > (int64_t)n ? ni.more - (int64_t)n : 0;
	}
	if (r->result == SLO_RES_FAIL)
		;	/* the bound's reason stands */
	else if (cmp == SLO_RES_FAIL) {
		memcpy(r->reason, tmp.reason, sizeof r->reason);
		r->more_requests = 0;
	} else if (cmp == SLO_RES_INCONCLUSIVE && tmp.reason[0] != '\0') {
		if (r->result == SLO_RES_INCONCLUSIVE && abs_reason[0])
			slo_snprintf(r->reason, sizeof r->reason, "%.95s; %.95s",
			    abs_reason, tmp.reason);
		else
			memcpy(r->reason, tmp.reason, sizeof r->reason);
		if (r->result == SLO_RES_PASS)
			r->more_requests = tmp.more_requests;
		else if (r->more_requests >= 0 && (tmp.more_requests < 0 ||
		    tmp.more_requests > r->more_requests))
			r->more_requests = tmp.more_requests;
	}
	r->result = worse(r->result, cmp);

	fig(r, "requests", (double)n);
	fig(r, "errors", (double)k);
	fig(r, "error_rate", n ? (double)k / (double)n : NAN);
	fig(r, "ci_low", lo);
	fig(r, "ci_high", hi);
	fig(r, "max", p->c.error_rate.max);
	fig(r, "baseline_requests", (double)nb);
	fig(r, "baseline_errors", (double)kb);
	fig(r, "baseline_error_rate", nb ? (double)kb / (double)nb : NAN);
	fig(r, "margin", p->c.error_rate.margin);
	fig(r, "margin_abs", p->c.error_rate.margin_abs);
	fig(r, "noninferiority_bound", nb ? (1 + p->c.error_rate.margin) *
	    (double)kb / (double)nb + p->c.error_rate.margin_abs : NAN);
	if (ni.test)
		figs(r, "test", ni.test);
	fig(r, "z", ni.z);
	fig(r, "p_noninferior", ni.p_ni);
	fig(r, "p_inferior", ni.p_inf);
	fig(r, "confidence", conf);
	if (n == 0)
		slo_snprintf(r->summary, sizeof r->summary, "no requests");
	else if (nb == 0)
		slo_snprintf(r->summary, sizeof r->summary,
		    "%.2f%% [%.2f%%, %.2f%%] <= %.4g%%; no baseline",
		    pct((double)k / (double)n), pct(lo), pct(hi),
		    pct(p->c.error_rate.max));
	else {
		slo_snprintf(r->summary, sizeof r->summary,
		    "%.2f%% [%.2f%%, %.2f%%] <= %.4g%%; <= baseline %.2f%% "
		    "x%.4g +%.4gpp", pct((double)k / (double)n), pct(lo), pct(hi),
		    pct(p->c.error_rate.max), pct((double)kb / (double)nb),
		    1 + p->c.error_rate.margin, pct(p->c.error_rate.margin_abs));
		if (!isnan(ni.p_ni))
			slo_snprintf(r->summary + strlen(r->summary),
			    sizeof r->summary - strlen(r->summary), ": p=%.3g",
			    ni.p_ni);
	}
}

static double
ratio(double a, double b)
{
	if (b > 0)
		return a / b;
	return a > 0 ? INFINITY : 1; /* 0 / 0: equal latencies */
}

/*
 * The window's latency sample of one cohort: of the kept latencies in
 * the window, the `reservoir` with the smallest keys.
 */
static double *
window_samples(const slo_promote *p, const struct agg *a, int who, size_t *n)
{
	const struct reservoir *r = &p->res[who];
	struct sample *w;
	double *x;
	size_t i, m = 0;

	w = malloc((r->n ? r->n : 1) * sizeof *w);
	x = malloc((r->n ? r->n : 1) * sizeof *x);
	if (w == NULL || x == NULL) {
		free(w);
		free(x);
		return NULL;
	}
	for (i = 0; i < r->n; i++)
		if (a->timed && r->s[i].ts >= a->start && r->s[i].ts < a->end)
			w[m++] = r->s[i];
	qsort(w, m, sizeof *w, cmp_key);
	if (m > p->c.reservoir)
		m = p->c.reservoir;
	for (i = 0; i < m; i++)
		x[i] = w[i].v;
	free(w);
	*n = m;
	return x;
}

static slo_status
eval_latency(const slo_promote *p, const struct agg *a, slo_crit_result *r)
{
	const slo_sketch *sc = a->lat[CAND], *sb = a->lat[BASE];
	uint64_t nc = sc ? slo_sketch_count(sc) : 0, nb = sb ? slo_sketch_count(sb) : 0;
	double q = p->c.latency.quantile, conf = p->c.confidence;
	uint64_t kl, kh, kbl, kbh;
	double vc = NAN, vb = NAN, vcl, vch, vbl, vbh, rt = NAN, rlo = NAN, rhi = NAN;
	double hl = NAN, med = NAN, rel = NAN, lg;
	double *x = NULL, *y = NULL;
	size_t nx = 0, ny = 0;
	slo_mwu m = { NAN, NAN, NAN, 0 };
	slo_outcome part = SLO_RES_PASS;
	const slo_crit_opts *o = &p->c.latency.o;

	if (nc == 0 && nb == 0) {
		r->result = o->required ? SLO_RES_INCONCLUSIVE : SLO_RES_SKIPPED;
		slo_snprintf(r->reason, sizeof r->reason,
		    "no request carries latency_ms%s", o->required ? " (required)" : "");
		slo_snprintf(r->summary, sizeof r->summary, "no latencies");
		return SLO_OK;
	}
	fig(r, "requests", (double)nc);
	fig(r, "baseline_requests", (double)nb);
	fig(r, "quantile", q);
	if (nc < p->c.min_requests || nb < p->c.min_requests) {
		r->result = SLO_RES_INCONCLUSIVE;
		slo_snprintf(r->reason, sizeof r->reason,
		    "%llu '%.40s' and %llu '%.40s' latencies, below min_requests %llu",
		    (unsigned long long)nc, p->c.cohort, (unsigned long long)nb,
		    p->c.baseline, (unsigned long long)p->c.min_requests);
		r->more_requests = nc < p->c.min_requests ?
		    (int64_t)(p->c.min_requests - nc) : 0;
		if (nc && nb) {
			slo_sketch_quantile(sc, q, &vc);
			slo_sketch_quantile(sb, q, &vb);
			slo_snprintf(r->summary, sizeof r->summary,
			    "p%.4g %.4gms vs %.4gms: ratio %.3g <= %.4g", 100 * q,
			    vc, vb, ratio(vc, vb), p->c.latency.max_ratio);
		} else
			slo_snprintf(r->summary, sizeof r->summary, "%s",
			    nc ? "no baseline latencies" : "no latencies");
		fig(r, "value_ms", vc);
		fig(r, "baseline_value_ms", vb);
		return SLO_OK;
	}

	/*
	 * The quantile's distribution-free interval: the order statistics of
	 * exact binomial ranks (slo_quantile_ranks), read off the sketch at
	 * rank / n.  Each cohort's interval is at sqrt(conf), so that the two
	 * together, independent, cover both quantiles with probability conf.
	 * The ratio passes when its whole interval [lo_cand / hi_base,
	 * hi_cand / lo_base] is at or under max_ratio.  Too few requests for
	 * any rank pair (p99 needs n >= 435 at 95 %): inconclusive.
	 */
	slo_sketch_quantile(sc, q, &vc);
	slo_sketch_quantile(sb, q, &vb);
	if (slo_quantile_ranks(nc, q, sqrt(conf), &kl, &kh) != SLO_OK ||
	    slo_quantile_ranks(nb, q, sqrt(conf), &kbl, &kbh) != SLO_OK) {
		/* both tails need max(q, 1 - q)^n <= (1 - sqrt(conf)) / 2 */
		double need = ceil(log((1 - sqrt(conf)) / 2) / log(fmax(q, 1 - q)));

		r->result = SLO_RES_INCONCLUSIVE;
		slo_snprintf(r->reason, sizeof r->reason,
		    "too few latencies for an exact p%.4g interval: %.0f per cohort "
		    "needed", 100 * q, need);
		r->more_requests = need > (double)nc ? (int64_t)(need - (double)nc) : 0;
		rt = ratio(vc, vb);
		goto shift; /* the shift test may still show it worse */
	}
	slo_sketch_quantile(sc, (double)kl / (double)nc, &vcl);
	slo_sketch_quantile(sc, (double)kh / (double)nc, &vch);
	slo_sketch_quantile(sb, (double)kbl / (double)nb, &vbl);
	slo_sketch_quantile(sb, (double)kbh / (double)nb, &vbh);
	rt = ratio(vc, vb);
	rlo = ratio(vcl, vbh);
	rhi = ratio(vch, vbl);
	if (rhi <= p->c.latency.max_ratio)
		r->result = SLO_RES_PASS;
	else if (rlo > p->c.latency.max_ratio) {
		r->result = SLO_RES_FAIL;
		slo_snprintf(r->reason, sizeof r->reason,
		    "p%.4g ratio %.3g above %.4g", 100 * q, rt, p->c.latency.max_ratio);
	} else {
		r->result = SLO_RES_INCONCLUSIVE;
		slo_snprintf(r->reason, sizeof r->reason,
		    "p%.4g ratio interval [%.3g, %.3g] straddles %.4g", 100 * q,
		    rlo, rhi, p->c.latency.max_ratio);
		/*
		 * Half-widths shrink as 1/sqrt(n).  The log half-width h is
		 * z' s (z' the normal quantile of the per-cohort level, s the
		 * spread); the bound is cleared with probability `power` when
		 * (z' + z_power) s sqrt(n / n') <= |log max_ratio - log ratio|,
		 * so n' = n (h (1 + z_power / z') / lg)^2: the normal
		 * approximation, a guide rather than an exact size.
		 */
		lg = fabs(log(p->c.latency.max_ratio) - log(rt));
		if (lg > 0 && isfinite(rt) && rt > 0) {
			double zc = slo_norm_ppf(1 - (1 - sqrt(conf)) / 2);
			double h = (rt < p->c.latency.max_ratio ?
			    log(rhi) - log(rt) : log(rt) - log(rlo)) *
			    (1 + slo_norm_ppf(p->c.power) / zc);
			double want = (double)nc * (h / lg) * (h / lg);

			r->more_requests = want > (double)nc && want < 1e15 ?
			    (int64_t)ceil(want - (double)nc) : 0;
		} else
			r->more_requests = -1;
	}

shift:
	/*
	 * Upward shift of the whole distribution: one-sided Mann-Whitney U on
	 * the reservoirs, failing only when significant and the Hodges-Lehmann
	 * shift exceeds effect_floor of the baseline median.
	 */
	if ((x = window_samples(p, a, CAND, &nx)) == NULL ||
	    (y = window_samples(p, a, BASE, &ny)) == NULL) {
		free(x);
		return SLO_ENOMEM;
	}
	if (nx > 0 && ny > 0 &&
	    slo_mann_whitney(x, nx, y, ny, SLO_ALT_GREATER, SLO_MWU_AUTO, &m) == SLO_OK &&
	    slo_hodges_lehmann(x, nx, y, ny, &hl) == SLO_OK) {
		slo_sketch_quantile(sb, 0.5, &med);
		rel = med > 0 ? hl / med : (hl > 0 ? INFINITY : 0);
		if (m.p < 1 - conf && rel > p->c.latency.effect_floor) {
			part = SLO_RES_FAIL;
			if (r->result != SLO_RES_FAIL)
				slo_snprintf(r->reason, sizeof r->reason,
				    "shifted up by %.3gms (%.3g%% of the median, "
				    "floor %.4g%%), Mann-Whitney p=%.3g", hl,
				    pct(rel), pct(p->c.latency.effect_floor), m.p);
		}
	}
	free(x);
	free(y);
	if (part == SLO_RES_FAIL)
		r->more_requests = 0;
	r->result = worse(r->result, part);

	fig(r, "value_ms", vc);
	fig(r, "baseline_value_ms", vb);
	fig(r, "ratio", rt);
	fig(r, "ratio_low", rlo);
	fig(r, "ratio_high", rhi);
	fig(r, "max_ratio", p->c.latency.max_ratio);
	fig(r, "samples", (double)nx);
	fig(r, "baseline_samples", (double)ny);
	fig(r, "samples_dropped", (double)(p->res[CAND].dropped + p->res[BASE].dropped));
	fig(r, "mwu_u", m.u);
	fig(r, "mwu_p", m.p);
	fig(r, "hl_shift_ms", hl);
	fig(r, "baseline_median_ms", med);
	fig(r, "relative_shift", rel);
	fig(r, "effect_floor", p->c.latency.effect_floor);
	fig(r, "confidence", conf);
	slo_snprintf(r->summary, sizeof r->summary,
	    "p%.4g %.4gms vs %.4gms: ratio %.3g [%.3g, %.3g] <= %.4g; ",
	    100 * q, vc, vb, rt, rlo, rhi, p->c.latency.max_ratio);
	if (isnan(m.p))
		slo_snprintf(r->summary + strlen(r->summary),
		    sizeof r->summary - strlen(r->summary),
		    "shift not tested: no single latencies");
	else
		slo_snprintf(r->summary + strlen(r->summary),
		    sizeof r->summary - strlen(r->summary),
		    "shift %+.3g%% (p=%.3g)", pct(rel), m.p);
	return SLO_OK;
}

static int
absent(const slo_crit_opts *o, slo_crit_result *r, const char *what)
{
	r->result = o->required ? SLO_RES_INCONCLUSIVE : SLO_RES_SKIPPED;
	slo_snprintf(r->reason, sizeof r->reason, "no %s events%s", what,
	    o->required ? " (required)" : "");
	slo_snprintf(r->summary, sizeof r->summary, "no %s events", what);
	return 1;
}

static void
eval_deploys(const slo_promote *p, const struct agg *a, slo_crit_result *r)
{
	double share;

	if (a->deploys == 0 && absent(&p->c.deploy_success.o, r, "deploy"))
		return;
	share = (double)a->deploys_ok / (double)a->deploys;
	r->result = share >= p->c.deploy_success.min ? SLO_RES_PASS : SLO_RES_FAIL;
	if (r->result == SLO_RES_FAIL)
		slo_snprintf(r->reason, sizeof r->reason,
		    "%llu of %llu deploys failed or rolled back",
		    (unsigned long long)(a->deploys - a->deploys_ok),
		    (unsigned long long)a->deploys);
	fig(r, "deploys", (double)a->deploys);
	fig(r, "succeeded", (double)a->deploys_ok);
	fig(r, "success_rate", share);
	fig(r, "min", p->c.deploy_success.min);
	slo_snprintf(r->summary, sizeof r->summary, "%llu/%llu = %.2f%% >= %.4g%%",
	    (unsigned long long)a->deploys_ok, (unsigned long long)a->deploys,
	    pct(share), pct(p->c.deploy_success.min));
}

static void
eval_alerts(const slo_promote *p, const struct agg *a, slo_crit_result *r)
{
	const char *sev = slo_level_name(p->c.security_alerts.severity);

	if (a->alerts == 0 && absent(&p->c.security_alerts.o, r, "alert"))
		return;
	r->result = a->alerts_hit <= p->c.security_alerts.max ?
	    SLO_RES_PASS : SLO_RES_FAIL;
	if (r->result == SLO_RES_FAIL)
		slo_snprintf(r->reason, sizeof r->reason,
		    "%llu '%.60s' alerts at or above '%.60s'",
		    (unsigned long long)a->alerts_hit, p->c.security_alerts.source, sev);
	fig(r, "alerts", (double)a->alerts);
	fig(r, "matching", (double)a->alerts_hit);
	fig(r, "max", (double)p->c.security_alerts.max);
	figs(r, "severity", sev);
	figs(r, "source", p->c.security_alerts.source);
	slo_snprintf(r->summary, sizeof r->summary, "%llu %s+ of %llu alerts <= %llu",
	    (unsigned long long)a->alerts_hit, sev, (unsigned long long)a->alerts,
	    (unsigned long long)p->c.security_alerts.max);
}

static void
eval_restore(const slo_promote *p, const struct agg *a, slo_crit_result *r)
{
	uint64_t counted = 0, resolved = 0, open = 0, unmatched = 0;
	slo_ns worst = 0, sum = 0, max = p->c.time_to_restore.max;
	const char *worst_id = NULL, *open_id = NULL;
	char b1[SLO_DURATION_BUFSZ], b2[SLO_DURATION_BUFSZ];
	size_t i;

	if (p->ninc == 0 && absent(&p->c.time_to_restore.o, r, "incident"))
		return;
	for (i = 0; i < p->ninc; i++) {
		const struct incident *in = &p->inc[i];
		slo_ns ttr;

		if (in->open == SLO_NS_NONE) {
			unmatched++;
			continue;
		}
		if (a->timed && (in->open >= a->end || (in->resolved != SLO_NS_NONE &&
		    in->resolved < a->start)))
			continue;
		counted++;
		if (in->resolved != SLO_NS_NONE && in->resolved <= a->at &&
		    in->resolved >= in->open) {
			ttr = in->resolved - in->open;
			resolved++;
			sum += ttr;
		} else {
			ttr = a->at > in->open ? a->at - in->open : 0;
			open++;
			if (ttr <= max)
				open_id = in->id;
		}
		if (worst_id == NULL || ttr > worst) {
			worst = ttr;
			worst_id = in->id;
		}
	}
	if (worst > max) {
		r->result = SLO_RES_FAIL;
		slo_duration_format(worst, b1);
		slo_duration_format(max, b2);
		slo_snprintf(r->reason, sizeof r->reason,
		    "incident '%.80s' took %.24s to restore, above %.24s",
		    worst_id, b1, b2);
	} else if (open_id != NULL) {
		r->result = SLO_RES_INCONCLUSIVE;
		slo_snprintf(r->reason, sizeof r->reason,
		    "incident '%.80s' still open, under the maximum so far", open_id);
	} else
		r->result = SLO_RES_PASS;
	if (p->incidents_dropped > 0 && r->result == SLO_RES_PASS) {
		/* an untracked incident may be the one that took too long */
		r->result = SLO_RES_INCONCLUSIVE;
		r->more_requests = -1;
		slo_snprintf(r->reason, sizeof r->reason,
		    "%llu events of incidents past the first %d not tracked",
		    (unsigned long long)p->incidents_dropped,
		    SLO_PROMOTE_MAX_INCIDENTS);
	}
	fig(r, "incidents", (double)counted);
	fig(r, "incident_events_untracked", (double)p->incidents_dropped);
	fig(r, "resolved", (double)resolved);
	fig(r, "open", (double)open);
	fig(r, "unmatched", (double)unmatched);
	fig(r, "max_restore_s", counted ? (double)worst / 1e9 : NAN);
	fig(r, "mean_restore_s", resolved ? (double)sum / 1e9 / (double)resolved : NAN);
	fig(r, "max_s", (double)max / 1e9);
	slo_duration_format(worst, b1);
	slo_duration_format(max, b2);
	slo_snprintf(r->summary, sizeof r->summary,
	    "%llu incidents (%llu open), longest %.24s <= %.24s",
	    (unsigned long long)counted, (unsigned long long)open,
	    counted ? b1 : "-", b2);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of x[0 .. n), n > 0, sorted in place: the mean of the two
 * middle values when n is even. */
static double
median_of(double *x, size_t n)
{
	qsort(x, n, sizeof *x, cmp_double);
	return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

/*
 * time_to_detect (mitigate 0) and time_to_mitigate (1): the median, over
 * the incidents opened in the window at or above the severity, of the
 * time from open to the first detected (mitigated) event.  An incident
 * that has not reported it gives an interval, not a time: [at - open,
 * +inf) while nothing followed, [0, t - open] when a later state at t
 * shows it happened by then (mitigated or resolved for a detection,
 * resolved for a mitigation).  The medians of the low and of the high
 * ends bound the median: pass when the high one is within max, fail when
 * the low one is above it, else inconclusive.  Skipped (unless required)
 * when no incident reports the state at all: the events of before this
 * measure existed.
 */
static slo_status
eval_incident_time(const slo_promote *p, const struct agg *a,
    slo_crit_result *r, int mitigate)
{
	const char *state = mitigate ? "mitigated" : "detected";
	slo_ns max = mitigate ? p->c.time_to_mitigate.max :
	    p->c.time_to_detect.max;
	int sev = (int)(mitigate ? p->c.time_to_mitigate.severity :
	    p->c.time_to_detect.severity);
	const slo_crit_opts *o = mitigate ? &p->c.time_to_mitigate.o :
	    &p->c.time_to_detect.o;
	double *lo, *hi, mlo, mhi, maxs = (double)max / 1e9;
	size_t n = 0, exact = 0, any = 0;
	char b1[SLO_DURATION_BUFSZ], b2[SLO_DURATION_BUFSZ];

	for (size_t i = 0; i < p->ninc; i++)
		any += (mitigate ? p->inc[i].mitigated : p->inc[i].detected) !=
		    SLO_NS_NONE;
	if (any == 0 && absent(o, r, state))
		return SLO_OK;
	if ((lo = malloc((p->ninc + 1) * sizeof *lo)) == NULL ||
	    (hi = malloc((p->ninc + 1) * sizeof *hi)) == NULL) {
		free(lo);
		return SLO_ENOMEM;
	}
	for (size_t i = 0; i < p->ninc; i++) {
		const struct incident *in = &p->inc[i];
		slo_ns t = mitigate ? in->mitigated : in->detected;
		slo_ns later = SLO_NS_NONE;
		int level = in->level < 0 ? SLO_LEVEL_CRITICAL : in->level;

		if (in->open == SLO_NS_NONE || level < sev)
			continue;
		if (a->timed && (in->open >= a->end || (in->resolved !=
		    SLO_NS_NONE && in->resolved < a->start)))
			continue;
		if (t != SLO_NS_NONE && (t > a->at || t < in->open))
			t = SLO_NS_NONE;
		if (t != SLO_NS_NONE) {
			lo[n] = hi[n] = (double)(t - in->open) / 1e9;
			exact++;
		} else {
			if (!mitigate && in->mitigated != SLO_NS_NONE)
				later = in->mitigated;
			if (in->resolved != SLO_NS_NONE && (later == SLO_NS_NONE ||
			    in->resolved < later))
				later = in->resolved;
			if (later != SLO_NS_NONE && later <= a->at &&
			    later >= in->open) {
				lo[n] = 0;
				hi[n] = (double)(later - in->open) / 1e9;
			} else {
				lo[n] = a->at > in->open ?
				    (double)(a->at - in->open) / 1e9 : 0;
				hi[n] = INFINITY;
			}
		}
		n++;
	}
	mlo = n ? median_of(lo, n) : NAN;
	mhi = n ? median_of(hi, n) : NAN;
	free(lo);
	free(hi);
	if (n == 0) {
		r->result = o->required ? SLO_RES_INCONCLUSIVE : SLO_RES_SKIPPED;
		slo_snprintf(r->reason, sizeof r->reason,
		    "no %s+ incident opened in the window",
		    slo_level_name((slo_level)sev));
	} else if (mhi <= maxs)
		r->result = SLO_RES_PASS;
	else if (mlo > maxs) {
		r->result = SLO_RES_FAIL;
		slo_snprintf(r->reason, sizeof r->reason,
		    "median time to %.9s at least %.0f s, above %.0f s",
		    mitigate ? "mitigate" : "detect", mlo, maxs);
	} else {
		r->result = SLO_RES_INCONCLUSIVE;
		r->more_requests = -1;
		slo_snprintf(r->reason, sizeof r->reason,
		    "%zu of %zu incidents not %s yet: the median may be on "
		    "either side of the maximum", n - exact, n, state);
	}
	fig(r, "incidents", (double)n);
	fig(r, state, (double)exact);
	fig(r, "median_s", mlo == mhi ? mlo : NAN);
	fig(r, "median_low_s", mlo);
	fig(r, "median_high_s", mhi);
	fig(r, "max_s", maxs);
	figs(r, "severity", slo_level_name((slo_level)sev));
	slo_duration_format(max, b2);
	if (n > 0 && mlo == mhi && mlo < 9e15) {
		slo_duration_format((slo_ns)llround(mlo * 1e9), b1);
		slo_snprintf(r->summary, sizeof r->summary,
		    "median %.24s over %zu %s+ incidents <= %.24s", b1, n,
		    slo_level_name((slo_level)sev), b2);
	} else
		slo_snprintf(r->summary, sizeof r->summary,
		    "%zu %s+ incidents, %zu %s, median <= %.24s", n,
		    slo_level_name((slo_level)sev), exact, state, b2);
	return SLO_OK;
}

/*
 * contract_checks: every run of the suite passes.  A failed or errored
 * run fails the criterion; runs that were all skipped decide nothing.
 */
static void
eval_checks(const slo_promote *p, slo_crit_result *r)
{
	const char *suite = p->c.contract_checks.suite;
	uint64_t ran = p->checks - p->checks_skipped;

	if (p->checks == 0 && absent(&p->c.contract_checks.o, r, "check")) {
		slo_snprintf(r->summary, sizeof r->summary, "no '%.60s' checks",
		    suite);
		return;
	}
	if (p->checks_failed > 0) {
		r->result = SLO_RES_FAIL;
		slo_snprintf(r->reason, sizeof r->reason,
		    "%llu of %llu '%.60s' checks failed or errored",
		    (unsigned long long)p->checks_failed,
		    (unsigned long long)ran, suite);
	} else if (ran == 0) {
		r->result = SLO_RES_INCONCLUSIVE;
		r->more_requests = -1;
		slo_snprintf(r->reason, sizeof r->reason,
		    "every '%.60s' check was skipped", suite);
	} else
		r->result = SLO_RES_PASS;
	fig(r, "checks", (double)p->checks);
	fig(r, "passed", (double)p->checks_passed);
	fig(r, "failed", (double)p->checks_failed);
	fig(r, "skipped", (double)p->checks_skipped);
	fig(r, "pass_rate", ran ? (double)p->checks_passed / (double)ran : NAN);
	figs(r, "suite", suite);
	slo_snprintf(r->summary, sizeof r->summary,
	    "%llu of %llu '%.60s' checks passed",
	    (unsigned long long)p->checks_passed, (unsigned long long)ran,
	    suite);
}

/*
 * The distribution-free interval of sketch s's quantile q at confidence
 * conf (slo_quantile_ranks, read off the sketch at rank / n, as latency
 * does); 0 when s has too few values for one.
 */
static int
quantile_interval(const slo_sketch *s, double q, double conf, double *lo,
    double *hi)
{
	uint64_t n = s ? slo_sketch_count(s) : 0, kl, kh;

	if (n == 0 || slo_quantile_ranks(n, q, conf, &kl, &kh) != SLO_OK)
		return 0;
	slo_sketch_quantile(s, (double)kl / (double)n, lo);
	slo_sketch_quantile(s, (double)kh / (double)n, hi);
	return 1;
}

/*
 * resources: every candidate instance's quantile of usage / limit, cpu
 * and memory, at most max_share, on its distribution-free interval (pass
 * when the high end is within, fail when the low end is above, else
 * inconclusive: too few samples for an interval is inconclusive too); a
 * sample without a limit fails as a finding, naming its instance; then
 * the candidate's quantile of usage at most max_ratio times the
 * baseline's, on the two intervals at sqrt(conf) each, when the baseline
 * has samples.
 */
static void
eval_resources(const slo_promote *p, slo_crit_result *r)
{
	static const char *const what[2] = { "cpu", "memory" };
	double q = p->c.resources.quantile, conf = p->c.confidence;
	double share = p->c.resources.max_share, mr = p->c.resources.max_ratio;
	double worst = -1, lo, hi, rlo[2] = { NAN, NAN }, rhi[2] = { NAN, NAN };
	const char *worst_inst = NULL, *fail_why = NULL;
	uint64_t samples = 0, unlimited = 0;
	int fail = 0, unknown = 0, worst_r = 0;
	char why[200] = "";

	if (p->ninst == 0 && p->usage[BASE][0] == NULL &&
	    p->usage[BASE][1] == NULL && absent(&p->c.resources.o, r,
	    "resource"))
		return;
	for (size_t i = 0; i < p->ninst; i++) {
		const struct instance *in = &p->inst[i];

		for (int k = 0; k < 2; k++) {
			samples += in->samples[k];
			if (in->unlimited[k] > 0) {
				unlimited++;
				if (!fail)
					slo_snprintf(why, sizeof why,
					    "instance '%.80s' runs without a %s "
					    "limit", in->name, what[k]);
				fail = 1;
				fail_why = why;
				continue;
			}
			if (in->samples[k] == 0)
				continue;
			if (!quantile_interval(in->share[k], q, conf, &lo, &hi)) {
				unknown = 1;
				continue;
			}
			if (hi > worst) {
				worst = hi;
				worst_inst = in->name;
				worst_r = k;
			}
			if (lo > share && !fail) {
				fail = 1;
				slo_snprintf(why, sizeof why, "instance '%.80s' "
				    "p%.4g %s %.3g of its limit, above %.4g",
				    in->name, 100 * q, what[k], lo, share);
				fail_why = why;
			} else if (hi > share)
				unknown = 1;
		}
	}
	for (int k = 0; k < 2; k++) {
		double cl, ch, bl, bh;

		if (!quantile_interval(p->usage[CAND][k], q, sqrt(conf), &cl,
		    &ch) || !quantile_interval(p->usage[BASE][k], q, sqrt(conf),
		    &bl, &bh)) {
			if (p->usage[CAND][k] != NULL && p->usage[BASE][k] != NULL)
				unknown = 1;
			continue;
		}
		rlo[k] = bh > 0 ? cl / bh : INFINITY;
		rhi[k] = bl > 0 ? ch / bl : INFINITY;
		if (rlo[k] > mr && !fail) {
			fail = 1;
			slo_snprintf(why, sizeof why, "p%.4g %s usage at least "
			    "%.3g times the baseline's, above %.4g", 100 * q,
			    what[k], rlo[k], mr);
			fail_why = why;
		} else if (rhi[k] > mr)
			unknown = 1;
	}
	if (fail) {
		r->result = SLO_RES_FAIL;
		slo_snprintf(r->reason, sizeof r->reason, "%s", fail_why);
	} else if (unknown) {
		r->result = SLO_RES_INCONCLUSIVE;
		r->more_requests = -1;
		slo_snprintf(r->reason, sizeof r->reason, "too few resource "
		    "samples for an exact p%.4g interval, or an interval "
		    "straddles its bound", 100 * q);
	} else
		r->result = SLO_RES_PASS;
	fig(r, "instances", (double)p->ninst);
	fig(r, "samples", (double)samples);
	fig(r, "unlimited", (double)unlimited);
	fig(r, "samples_untracked", (double)p->instances_dropped);
	fig(r, "worst_share_high", worst >= 0 ? worst : NAN);
	figs(r, "worst_instance", worst_inst ? worst_inst : "");
	fig(r, "max_share", share);
	fig(r, "cpu_ratio_low", rlo[0]);
	fig(r, "cpu_ratio_high", rhi[0]);
	fig(r, "memory_ratio_low", rlo[1]);
	fig(r, "memory_ratio_high", rhi[1]);
	fig(r, "max_ratio", mr);
	fig(r, "quantile", q);
	if (worst_inst != NULL)
		slo_snprintf(r->summary, sizeof r->summary, "%zu instances, "
		    "p%.4g %s share <= %.3g at most (%.60s) <= %.4g", p->ninst,
		    100 * q, what[worst_r], worst, worst_inst, share);
	else
		slo_snprintf(r->summary, sizeof r->summary, "%zu instances, "
		    "%llu without a limit", p->ninst,
		    (unsigned long long)unlimited);
}

/* The sample standard deviation of x[0 .. n), n >= 2; NaN below. */
static double
stddev(const double *x, size_t n)
{
	double m = 0, ss = 0;

	if (n < 2)
		return NAN;
	for (size_t i = 0; i < n; i++)
		m += x[i];
	m /= (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	return sqrt(ss / (double)(n - 1));
}

/*
 * variance: the candidate's latency dispersion against the baseline's,
 * on the window's latency samples (the Mann-Whitney ones: at most
 * `reservoir` per cohort, drawn within the window).  Brown-Forsythe
 * (Levene about the medians, robust to the skew of latencies) gives W
 * and its two-sided p; the one-sided p of "the candidate's is larger" is
 * half of it when its mean absolute deviation from its median (MAD) is
 * the larger, else 1 - p / 2 (W is t^2 of the two-sample t on the
 * deviations).  Fails when that p is below 1 - confidence and the MAD
 * ratio above max_ratio (a significant but small change in spread does
 * not roll back); inconclusive below min_requests samples in a cohort,
 * or when the window has latencies but no single ones (rollups); else
 * passes.  Judged only when the criteria file names it.
 */
static slo_status
eval_variance(const slo_promote *p, const struct agg *a, slo_crit_result *r)
{
	const slo_crit_opts *o = &p->c.variance.o;
	uint64_t nc = a->lat[CAND] ? slo_sketch_count(a->lat[CAND]) : 0;
	uint64_t nb = a->lat[BASE] ? slo_sketch_count(a->lat[BASE]) : 0;
	double *x = NULL, *y = NULL, w = NAN, pv = NAN, pg = NAN, rt = NAN;
	double mad[2] = { NAN, NAN }, conf = p->c.confidence;
	double mr = p->c.variance.max_ratio;
	size_t nx = 0, ny = 0;
	uint64_t min = p->c.min_requests;

	if (!o->named) {
		r->result = SLO_RES_SKIPPED; /* not asked for: not listed */
		return SLO_OK;
	}
	if (nc == 0 && nb == 0) {
		r->result = o->required ? SLO_RES_INCONCLUSIVE : SLO_RES_SKIPPED;
		slo_snprintf(r->reason, sizeof r->reason,
		    "no request carries latency_ms%s", o->required ?
		    " (required)" : "");
		slo_snprintf(r->summary, sizeof r->summary, "no latencies");
		return SLO_OK;
	}
	if ((x = window_samples(p, a, CAND, &nx)) == NULL ||
	    (y = window_samples(p, a, BASE, &ny)) == NULL) {
		free(x);
		return SLO_ENOMEM;
	}
	r->result = SLO_RES_INCONCLUSIVE;
	if (nx < min || ny < min) {
		if ((nx == 0 && nc > 0) || (ny == 0 && nb > 0)) {
			slo_snprintf(r->reason, sizeof r->reason, "no single "
			    "latencies for a cohort in the window (rollups carry "
			    "sketches only)");
			r->more_requests = -1;
		} else {
			slo_snprintf(r->reason, sizeof r->reason, "%zu '%.40s' "
			    "and %zu '%.40s' latency samples, below min_requests "
			    "%llu", nx, p->c.cohort, ny, p->c.baseline,
			    (unsigned long long)min);
			r->more_requests = nx < min ? (int64_t)(min - nx) : 0;
		}
	} else {
		const double *g[2] = { x, y };
		size_t n[2] = { nx, ny };
		slo_status st = slo_brown_forsythe(g, n, 2, &w, &pv, mad);

		if (st != SLO_OK) {
			free(x);
			free(y);
			return st == SLO_ENOMEM ? SLO_ENOMEM : SLO_OK;
		}
		pg = mad[0] > mad[1] ? pv / 2 : 1 - pv / 2;
		rt = ratio(mad[0], mad[1]);
		if (pg < 1 - conf && rt > mr) {
			r->result = SLO_RES_FAIL;
			slo_snprintf(r->reason, sizeof r->reason,
			    "latency spread %.3g times the baseline's (mean "
			    "absolute deviation %.4gms vs %.4gms), above %.4g, "
			    "Brown-Forsythe p=%.3g", rt, mad[0], mad[1], mr, pg);
		} else
			r->result = SLO_RES_PASS;
	}
	fig(r, "samples", (double)nx);
	fig(r, "baseline_samples", (double)ny);
	fig(r, "mad_ms", mad[0]);
	fig(r, "baseline_mad_ms", mad[1]);
	fig(r, "stddev_ms", stddev(x, nx));
	fig(r, "baseline_stddev_ms", stddev(y, ny));
	fig(r, "ratio", rt);
	fig(r, "max_ratio", mr);
	fig(r, "w", w);
	fig(r, "p", pv);
	fig(r, "p_greater", pg);
	fig(r, "confidence", conf);
	free(x);
	free(y);
	if (isnan(rt))
		slo_snprintf(r->summary, sizeof r->summary, "%zu and %zu latency "
		    "samples", nx, ny);
	else
		slo_snprintf(r->summary, sizeof r->summary, "spread %.3gx the "
		    "baseline's (MAD %.4gms vs %.4gms) <= %.4g: p=%.3g", rt,
		    mad[0], mad[1], mr, pg);
	return SLO_OK;
}

/* One cohort's cost per request over the window, with its spread. */
struct cpr {
	double cost;            /* in the currency */
	uint64_t n;             /* requests */
	uint64_t m;             /* slices with requests or costs */
	double r;               /* cost / n */
	double v;               /* estimated variance of r */
};

/*
 * The ratio estimator over the window's slices (clusters): r = sum c_t /
 * sum n_t, and its variance without the finite-population correction
 * (Cochran, Sampling Techniques, 3rd ed., 1977, chapter 6, the estimated
 * variance of the ratio estimate, with clusters as the sampling units):
 *   v(r) = m / (m - 1) * sum_t (c_t - r n_t)^2 / N^2.
 * Untimed events, kept only without a window, make one more cluster.
 */
static void
cost_per(const slo_promote *p, const struct agg *a, int who, struct cpr *out)
{
	double ss = 0;
	size_t i, m = 0;
	int untimed = p->at == SLO_NS_NONE && p->nwin == 0;
	const struct cslice *c;

	memset(out, 0, sizeof *out);
	out->cost = (double)a->cost_nano[who] / 1e9;
	out->n = a->n[who];
	out->r = out->n ? out->cost / (double)out->n : NAN;
	for (i = 0; i <= p->nsl; i++) {
		if (i < p->nsl) {
			if (!a->timed || p->sl[i].idx < a->first ||
			    p->sl[i].idx > a->last)
				continue;
			c = &p->sl[i].c[who];
		} else if (untimed)
			c = &p->untimed.c[who];
		else
			break;
		if (c->n == 0 && c->costs == 0)
			continue;
		m++;
		if (out->n) {
			double d = (double)c->cost_nano / 1e9 - out->r * (double)c->n;

			ss += d * d;
		}
	}
	out->m = m;
	out->v = m > 1 && out->n ? (double)m / (double)(m - 1) * ss /
	    ((double)out->n * (double)out->n) : NAN;
}

/*
 * cost_per_request: the candidate's cost per request against the
 * baseline's, Q = r_cand / r_base.  Its interval is the delta method on
 * the log of the ratio of two independent ratio estimates,
 *   log Q +- t se, se^2 = v_cand / r_cand^2 + v_base / r_base^2,
 * t Student's quantile at the two-sided confidence with min(m) - 1
 * degrees of freedom (few slices widen it).  Pass when the high end is
 * within max_ratio, fail when the low end is above it, else
 * inconclusive.  Never decided on thin data: below min_requests in a
 * cohort, costs in fewer than 2 slices of a cohort, a baseline cost of 0
 * (no ratio), amounts in two currencies (never added) or past the exact
 * sum's range are inconclusive.  Skipped when no cost event occurs.
 */
static void
eval_cost(const slo_promote *p, const struct agg *a, slo_crit_result *r)
{
	const slo_crit_opts *o = &p->c.cost_per_request.o;
	double mr = p->c.cost_per_request.max_ratio, conf = p->c.confidence;
	double q = NAN, lo = NAN, hi = NAN, se, t;
	const char *cur = p->c.cost_per_request.currency[0] ?
	    p->c.cost_per_request.currency : p->currency[0];
	struct cpr c, b;
	uint64_t min = p->c.min_requests;

	if (p->cost_events == 0 && absent(o, r, "cost"))
		return;
	cost_per(p, a, CAND, &c);
	cost_per(p, a, BASE, &b);
	r->result = SLO_RES_INCONCLUSIVE;
	r->more_requests = -1;
	if (p->currency[1][0] != '\0')
		slo_snprintf(r->reason, sizeof r->reason, "cost events in '%s' "
		    "and '%s': amounts in different currencies are not added "
		    "(name one with currency)", p->currency[0], p->currency[1]);
	else if (p->cost_overflow > 0 || a->cost_overflow)
		slo_snprintf(r->reason, sizeof r->reason, "cost amounts past "
		    "9.2e9 in a window: not summed exactly");
	else if (c.n < min || b.n < min) {
		slo_snprintf(r->reason, sizeof r->reason, "%llu '%.40s' and "
		    "%llu '%.40s' requests, below min_requests %llu",
		    (unsigned long long)c.n, p->c.cohort,
		    (unsigned long long)b.n, p->c.baseline,
		    (unsigned long long)min);
		r->more_requests = c.n < min ? (int64_t)(min - c.n) : 0;
	} else if (a->costs[CAND] == 0 || a->costs[BASE] == 0)
		slo_snprintf(r->reason, sizeof r->reason, "no '%.60s' cost "
		    "events in the window", a->costs[CAND] == 0 ? p->c.cohort :
		    p->c.baseline);
	else if (c.m < 2 || b.m < 2)
		slo_snprintf(r->reason, sizeof r->reason, "'%.60s' has requests "
		    "or costs in %llu slice(s): 2 needed for a spread",
		    c.m < 2 ? p->c.cohort : p->c.baseline,
		    (unsigned long long)(c.m < 2 ? c.m : b.m));
	else if (!(b.r > 0))
		slo_snprintf(r->reason, sizeof r->reason, "'%.60s' costs 0 per "
		    "request: no ratio", p->c.baseline);
	else {
		q = c.r / b.r;
		if (c.r > 0) {
			se = sqrt(c.v / (c.r * c.r) + b.v / (b.r * b.r));
			t = slo_t_ppf(1 - (1 - conf) / 2,
			    (double)((c.m < b.m ? c.m : b.m) - 1));
			lo = exp(log(q) - t * se);
			hi = exp(log(q) + t * se);
		} else
			lo = hi = 0; /* free: below any bound */
		r->more_requests = 0;
		if (hi <= mr)
			r->result = SLO_RES_PASS;
		else if (lo > mr) {
			r->result = SLO_RES_FAIL;
			slo_snprintf(r->reason, sizeof r->reason, "cost per request "
			    "%.3g times the baseline's, interval [%.3g, %.3g] above "
			    "%.4g", q, lo, hi, mr);
		} else {
			r->more_requests = -1;
			slo_snprintf(r->reason, sizeof r->reason, "cost per request "
			    "ratio interval [%.3g, %.3g] straddles %.4g", lo, hi,
			    mr);
		}
	}
	fig(r, "cost", c.cost);
	fig(r, "baseline_cost", b.cost);
	fig(r, "requests", (double)c.n);
	fig(r, "baseline_requests", (double)b.n);
	fig(r, "cost_per_request", c.r);
	fig(r, "baseline_cost_per_request", b.r);
	fig(r, "ratio", q);
	fig(r, "ratio_low", lo);
	fig(r, "ratio_high", hi);
	fig(r, "max_ratio", mr);
	fig(r, "slices", (double)c.m);
	fig(r, "baseline_slices", (double)b.m);
	fig(r, "cost_events_other_currency", (double)p->cost_other_currency);
	figs(r, "currency", cur);
	fig(r, "confidence", conf);
	if (isnan(q))
		slo_snprintf(r->summary, sizeof r->summary, "%.6g %s over %llu "
		    "requests, baseline %.6g over %llu", c.cost, cur,
		    (unsigned long long)c.n, b.cost, (unsigned long long)b.n);
	else
		slo_snprintf(r->summary, sizeof r->summary, "%.4g vs %.4g %s per "
		    "request: ratio %.3g [%.3g, %.3g] <= %.4g", c.r, b.r, cur, q,
		    lo, hi, mr);
}

static void
eval_telemetry(const slo_promote *p, const struct agg *a, slo_crit_result *r)
{
	double share = NAN, lo = NAN, hi = NAN;
	uint64_t n = a->n[CAND];
	slo_crit_result t;

	if (n == 0) {
		r->result = SLO_RES_INCONCLUSIVE;
		no_candidate_reason(p, r->reason, sizeof r->reason);
		slo_snprintf(r->summary, sizeof r->summary, "no requests");
		r->more_requests = (int64_t)p->c.min_requests;
		return;
	}
	if (n < p->c.min_requests) {
		/*
		 * Low traffic is not missing telemetry: a few requests leave
		 * most slices empty whatever the instrumentation.  Below
		 * min_requests this criterion, like every request criterion,
		 * can neither pass nor fail.
		 */
		r->result = SLO_RES_INCONCLUSIVE;
		slo_snprintf(r->reason, sizeof r->reason,
		    "%llu requests, below min_requests %llu",
		    (unsigned long long)n, (unsigned long long)p->c.min_requests);
		r->more_requests = (int64_t)(p->c.min_requests - n);
		if (a->slices > 0)
			share = (double)a->slices_with / (double)a->slices;
	} else if (a->slices > 0) {
		share = (double)a->slices_with / (double)a->slices;
		r->result = share >= p->c.telemetry.min ? SLO_RES_PASS : SLO_RES_FAIL;
		if (r->result == SLO_RES_FAIL)
			slo_snprintf(r->reason, sizeof r->reason,
			    "%llu of %llu slices without '%.60s' requests",
			    (unsigned long long)(a->slices - a->slices_with),
			    (unsigned long long)a->slices, p->c.cohort);
	} else
		r->result = SLO_RES_PASS; /* untimed input: nothing to slice */
	fig(r, "slices", (double)a->slices);
	fig(r, "slices_with_events", (double)a->slices_with);
	fig(r, "completeness", share);
	fig(r, "min", p->c.telemetry.min);
	fig(r, "slice_s", (double)p->c.telemetry.slice / 1e9);
	slo_snprintf(r->summary, sizeof r->summary, "%llu/%llu slices = %.2f%% >= %.4g%%",
	    (unsigned long long)a->slices_with, (unsigned long long)a->slices,
	    pct(share), pct(p->c.telemetry.min));
	if (!p->c.telemetry.trace_ids)
		return;
	if ((n = a->raw[CAND]) == 0) {
		slo_snprintf(r->summary + strlen(r->summary),
		    sizeof r->summary - strlen(r->summary),
		    "; trace ids not in rollups");
		return;
	}
	memset(&t, 0, sizeof t);
	judge_rate(&t, n, a->traced[CAND], p->c.telemetry.min, 1,
	    p->c.confidence, p->c.min_requests, p->c.power, &lo, &hi);
	fig(r, "traced", (double)a->traced[CAND]);
	fig(r, "traced_share", (double)a->traced[CAND] / (double)n);
	fig(r, "traced_ci_low", lo);
	fig(r, "traced_ci_high", hi);
	if (r->result == SLO_RES_PASS && t.result != SLO_RES_PASS) {
		slo_snprintf(r->reason, sizeof r->reason, "trace ids: %.180s", t.reason);
		if (t.result == SLO_RES_FAIL)
			slo_snprintf(r->reason, sizeof r->reason,
			    "%.2f%% of requests carry a trace_id, below %.4g%%",
			    pct((double)a->traced[CAND] / (double)n),
			    pct(p->c.telemetry.min));
		r->more_requests = t.more_requests;
	}
	r->result = worse(r->result, t.result);
	slo_snprintf(r->summary + strlen(r->summary),
	    sizeof r->summary - strlen(r->summary), "; traced %.2f%% [%.2f%%, %.2f%%]",
	    pct((double)a->traced[CAND] / (double)n), pct(lo), pct(hi));
}

static slo_status
eval_flags(slo_promote *p, slo_crit_result *r)
{
	const slo_crit_opts *o = &p->c.flag_leaks.o;
	uint64_t evals, leaked_evals = 0, leaked_subjects = 0;
	const slo_flag_finding *f;
	size_t nleaks, i;

	if (p->audit == NULL) {
		if (p->flag_evals == 0 && absent(o, r, "flag"))
			return SLO_OK;
		r->result = o->required ? SLO_RES_INCONCLUSIVE : SLO_RES_SKIPPED;
		slo_snprintf(r->reason, sizeof r->reason,
		    "no flag registry to check against (flag_leaks.registry)%s",
		    o->required ? " (required)" : "");
		slo_snprintf(r->summary, sizeof r->summary,
		    "%llu flag evaluations, no registry",
		    (unsigned long long)p->flag_evals);
		fig(r, "evaluations", (double)p->flag_evals);
		return SLO_OK;
	}
	if (!p->audit_done) {
		if (slo_flag_audit_finish(p->audit, NULL) != SLO_OK)
			return SLO_ENOMEM;
		p->audit_done = 1;
	}
	evals = slo_flag_audit_evaluations(p->audit);
	if (evals == 0 && absent(o, r, "flag"))
		return SLO_OK;
	nleaks = slo_flag_audit_total(p->audit, SLO_FCHECK_LEAK, &leaked_evals,
	    &leaked_subjects);
	r->result = leaked_subjects <= p->c.flag_leaks.max ? SLO_RES_PASS :
	    SLO_RES_FAIL;
	for (i = 0; i < slo_flag_audit_nfindings(p->audit); i++) {
		f = slo_flag_audit_finding(p->audit, i);
		if (f->check != SLO_FCHECK_LEAK)
			continue;
		slo_snprintf(r->reason, sizeof r->reason,
		    "alpha variant of '%.60s' served to %llu subjects outside "
		    "its segments%s", f->flag, (unsigned long long)f->subjects,
		    nleaks > 1 ? ", and more flags" : "");
		break;
	}
	if (r->result == SLO_RES_PASS)
		r->reason[0] = '\0';
	fig(r, "evaluations", (double)evals);
	fig(r, "leaking_flags", (double)nleaks);
	fig(r, "leaked_evaluations", (double)leaked_evals);
	fig(r, "leaked_subjects", (double)leaked_subjects);
	fig(r, "max", (double)p->c.flag_leaks.max);
	slo_snprintf(r->summary, sizeof r->summary,
	    "%llu subjects leaked in %zu flags <= %llu (%llu evaluations)",
	    (unsigned long long)leaked_subjects, nleaks,
	    (unsigned long long)p->c.flag_leaks.max, (unsigned long long)evals);
	return SLO_OK;
}

static slo_status
agg_slice(struct agg *a, const struct slice *s)
{
	int i;
	slo_status st;

	for (i = 0; i < 2; i++) {
		a->n[i] += s->c[i].n;
		a->ok[i] += s->c[i].ok;
		a->costs[i] += s->c[i].costs;
		if (s->c[i].cost_nano == INT64_MAX ||
		    !add_nano(&a->cost_nano[i], s->c[i].cost_nano))
			a->cost_overflow = 1;
		a->raw[i] += s->c[i].raw;
		a->traced[i] += s->c[i].traced;
		if ((st = sketch_merge_into(&a->lat[i], s->c[i].lat)) != SLO_OK)
			return st;
	}
	a->deploys += s->deploys;
	a->deploys_ok += s->deploys_ok;
	a->alerts += s->alerts;
	a->alerts_hit += s->alerts_hit;
	return SLO_OK;
}

static slo_status
aggregate(const slo_promote *p, struct agg *a)
{
	int64_t first, last;
	size_t i;
	slo_status st;

	memset(a, 0, sizeof *a);
	a->start = a->end = a->at = SLO_NS_NONE;
	if (p->have_max || p->at != SLO_NS_NONE) {
		/* the instant judged, and the window's last slice */
		if (p->at != SLO_NS_NONE)
			a->at = p->at;
		else if (p->nwin == 0 && p->have_cand)
			a->at = p->cand_last;
		else
			a->at = p->max_ts;
		last = slo_time_floor(a->at, p->width) / p->width;
		if (p->nwin > 0)
			first = last - p->nwin + 1;
		else if (p->have_cand)
			first = slo_time_floor(p->cand_first, p->width) / p->width;
		else if (p->nsl > 0)
			first = p->sl[0].idx;
		else
			first = last;
		if (p->slices_dropped > 0 && first <= p->dropped_through)
			first = p->dropped_through + 1; /* given up: not judged */
		if (first > last)
			first = last;
		a->timed = 1;
		a->first = first;
		a->last = last;
		a->start = first * p->width;
		a->end = (last + 1) * p->width;
		a->slices = (uint64_t)(last - first + 1);
		for (i = 0; i < p->nsl; i++) {
			if (p->sl[i].idx < first || p->sl[i].idx > last)
				continue;
			if ((st = agg_slice(a, &p->sl[i])) != SLO_OK)
				return st;
			a->slices_with += p->sl[i].c[CAND].n > 0 || p->sl[i].covered;
		}
	}
	/* Untimed events can be placed in no window: kept only without one. */
	if (p->at == SLO_NS_NONE && p->nwin == 0)
		return agg_slice(a, &p->untimed);
	return SLO_OK;
}

slo_status
slo_promote_evaluate(slo_promote *p, slo_promote_verdict *v)
{
	struct agg a;
	slo_crit_id id;
	slo_crit_result *r;
	int rollback = 0, hold = 0, unknown = 0;
	slo_status st = SLO_OK;

	memset(v, 0, sizeof *v);
	sort_cohorts(p);
	sort_incidents(p);
	if ((st = aggregate(p, &a)) != SLO_OK)
		goto out;
	slo_snprintf(v->cohort, sizeof v->cohort, "%s", p->c.cohort);
	slo_snprintf(v->baseline, sizeof v->baseline, "%s", p->c.baseline);
	v->start = a.start;
	v->end = a.end;
	v->requests = a.n[CAND];
	v->base_requests = a.n[BASE];
	v->other_requests = p->other_requests;
	v->power = p->c.power;
	v->ncohorts_seen = p->nseen;
	for (size_t i = 0; i < p->nseen; i++)
		v->cohorts_seen[i] = p->seen[i];
	v->cohorts_unlisted = p->seen_unlisted;
	v->incidents_dropped = p->incidents_dropped;
	v->samples_dropped = p->res[CAND].dropped + p->res[BASE].dropped;
	v->slices_dropped = p->slices_dropped;
	v->events_dropped = p->events_dropped;

	for (id = 0; id < SLO_CRIT__COUNT; id++) {
		const slo_crit_opts *o = slo_crit_opts_of(&p->c, id);

		if (!o->enabled)
			continue;
		r = &v->crit[v->ncrit++];
		r->id = id;
		r->on_fail = o->on_fail;
		r->required = o->required;
		switch (id) {
		case SLO_CRIT_AVAILABILITY: eval_availability(p, &a, r); break;
		case SLO_CRIT_ERROR_RATE: eval_error_rate(p, &a, r); break;
		case SLO_CRIT_LATENCY: st = eval_latency(p, &a, r); break;
		case SLO_CRIT_DEPLOY_SUCCESS: eval_deploys(p, &a, r); break;
		case SLO_CRIT_SECURITY_ALERTS: eval_alerts(p, &a, r); break;
		case SLO_CRIT_TIME_TO_RESTORE: eval_restore(p, &a, r); break;
		case SLO_CRIT_TELEMETRY: eval_telemetry(p, &a, r); break;
		case SLO_CRIT_TIME_TO_DETECT:
			st = eval_incident_time(p, &a, r, 0);
			break;
		case SLO_CRIT_TIME_TO_MITIGATE:
			st = eval_incident_time(p, &a, r, 1);
			break;
		case SLO_CRIT_CONTRACT_CHECKS: eval_checks(p, r); break;
		case SLO_CRIT_RESOURCES: eval_resources(p, r); break;
		case SLO_CRIT_VARIANCE: st = eval_variance(p, &a, r); break;
		case SLO_CRIT_COST_PER_REQUEST: eval_cost(p, &a, r); break;
		default: st = eval_flags(p, r); break;
		}
		if (st != SLO_OK)
			goto out;
		/* see slo_crit_opts.named: absent and unnamed, not listed */
		if (id >= SLO_CRIT_TIME_TO_DETECT && !o->named &&
		    r->result == SLO_RES_SKIPPED) {
			memset(r, 0, sizeof *r);
			v->ncrit--;
			continue;
		}
		if (o->on_fail == SLO_ON_FAIL_WARN)
			continue;
		if (r->result == SLO_RES_FAIL) {
			r->blocking = 1;
			if (o->on_fail == SLO_ON_FAIL_ROLLBACK)
				rollback = 1;
			else
				hold = 1;
		} else if (r->result == SLO_RES_INCONCLUSIVE) {
			r->blocking = 1;
			hold = 1;
			if (r->more_requests < 0)
				unknown = 1;
			else if (r->more_requests > v->more_requests)
				v->more_requests = r->more_requests;
		}
	}
	if (v->more_requests == 0 && unknown)
		v->more_requests = -1;
	v->decision = rollback ? SLO_ROLLBACK : hold ? SLO_HOLD : SLO_PROMOTE;
	v->exit_code = rollback ? SLO_EXIT_FAIL : hold ? SLO_EXIT_INCONCLUSIVE :
	    SLO_EXIT_PASS;
	if (v->decision != SLO_HOLD)
		v->more_requests = 0;
out:
	slo_sketch_free(a.lat[0]);
	slo_sketch_free(a.lat[1]);
	return st;
}

/* ---- the lifecycle of slo_eval.h ------------------------------------ */

static slo_status
cslice_merge(struct cslice *d, const struct cslice *s)
{
	d->costs += s->costs;
	if (!add_nano(&d->cost_nano, s->cost_nano))
		d->cost_nano = INT64_MAX; /* then the window's sum overflows */
	d->n += s->n;
	d->ok += s->ok;
	d->raw += s->raw;
	d->traced += s->traced;
	return sketch_merge_into(&d->lat, s->lat);
}

static slo_status
slice_merge(struct slice *d, const struct slice *s)
{
	slo_status st;

	if ((st = cslice_merge(&d->c[0], &s->c[0])) != SLO_OK ||
	    (st = cslice_merge(&d->c[1], &s->c[1])) != SLO_OK)
		return st;
	d->deploys += s->deploys;
	d->deploys_ok += s->deploys_ok;
	d->alerts += s->alerts;
	d->alerts_hit += s->alerts_hit;
	d->covered |= s->covered;
	return SLO_OK;
}

static slo_status
reservoir_merge(slo_promote *p, struct reservoir *d, const struct reservoir *s)
{
	size_t i;
	slo_status st;

	for (i = 0; i < s->n; i++)
		if ((st = reservoir_put(p, d, &s->s[i])) != SLO_OK)
			return st;
	d->seen += s->seen;
	d->dropped += s->dropped;
	if (s->dropped_before != SLO_NS_NONE &&
	    (d->dropped_before == SLO_NS_NONE ||
	    s->dropped_before > d->dropped_before))
		d->dropped_before = s->dropped_before;
	return SLO_OK;
}

static int
same_setup(const slo_promote *a, const slo_promote *b)
{
	return a->at == b->at && a->width == b->width && a->nwin == b->nwin &&
	    a->c.reservoir == b->c.reservoir && a->where == b->where &&
	    a->reg == b->reg && strcmp(a->c.cohort, b->c.cohort) == 0 &&
	    strcmp(a->c.baseline, b->c.baseline) == 0 &&
	    strcmp(a->c.security_alerts.source, b->c.security_alerts.source) == 0 &&
	    a->c.security_alerts.severity == b->c.security_alerts.severity;
}

slo_status
slo_promote_merge(slo_promote *dst, const slo_promote *src, slo_error *err)
{
	struct slice *s;
	struct incident *in;
	size_t i;
	slo_status st;

	if (!same_setup(dst, src) || dst->finished || src->finished ||
	    dst->audit_done || src->audit_done)
		return slo_error_set(err, SLO_EMISMATCH, "", 0, 0, "promotion "
		    "engines of other criteria, instant or registry, or finished");
	if (src->have_max && (!dst->have_max || src->max_ts > dst->max_ts)) {
		dst->max_ts = src->max_ts;
		dst->have_max = 1;
	}
	if (src->have_cand) {
		if (!dst->have_cand || src->cand_first < dst->cand_first)
			dst->cand_first = src->cand_first;
		if (!dst->have_cand || src->cand_last > dst->cand_last)
			dst->cand_last = src->cand_last;
		dst->have_cand = 1;
	}
	if (src->slices_dropped > 0 && (dst->slices_dropped == 0 ||
	    src->dropped_through > dst->dropped_through))
		dst->dropped_through = src->dropped_through;
	dst->slices_dropped += src->slices_dropped;
	dst->events_dropped += src->events_dropped;
	for (i = 0; i < src->nsl; i++) {
		if ((st = slice_for(dst, src->sl[i].idx, &s)) != SLO_OK)
			goto fail;
		if (s == NULL) { /* older than every slice kept: given up */
			const struct slice *o = &src->sl[i];

			dst->events_dropped += o->c[0].n + o->c[1].n +
			    o->deploys + o->alerts - 1;
			continue;
		}
		if ((st = slice_merge(s, &src->sl[i])) != SLO_OK)
			goto fail;
	}
	evict(dst);
	if ((st = slice_merge(&dst->untimed, &src->untimed)) != SLO_OK ||
	    (st = reservoir_merge(dst, &dst->res[CAND], &src->res[CAND])) !=
	    SLO_OK ||
	    (st = reservoir_merge(dst, &dst->res[BASE], &src->res[BASE])) !=
	    SLO_OK)
		goto fail;
	for (i = 0; i < src->ninc; i++) {
		const struct incident *o = &src->inc[i];

		if ((in = incident_for(dst, o->id)) == NULL) {
			st = SLO_ENOMEM;
			goto fail;
		}
		if (in == &dst->inc_overflow)
			continue; /* counted by incident_for, once per id */
		if (o->open != SLO_NS_NONE &&
		    (in->open == SLO_NS_NONE || o->open < in->open))
			in->open = o->open;
		if (o->resolved != SLO_NS_NONE &&
		    (in->resolved == SLO_NS_NONE || o->resolved > in->resolved))
			in->resolved = o->resolved;
		if (o->first != SLO_NS_NONE &&
		    (in->first == SLO_NS_NONE || o->first < in->first))
			in->first = o->first;
		if (o->detected != SLO_NS_NONE && (in->detected == SLO_NS_NONE ||
		    o->detected < in->detected))
			in->detected = o->detected;
		if (o->mitigated != SLO_NS_NONE && (in->mitigated ==
		    SLO_NS_NONE || o->mitigated < in->mitigated))
			in->mitigated = o->mitigated;
		if (o->level > in->level)
			in->level = o->level;
	}
	for (i = 0; i < src->ninst; i++) {
		const struct instance *o = &src->inst[i];
		struct instance *n;
		int nomem;

		if ((n = instance_for(dst, o->name, &nomem)) == NULL) {
			if (nomem) {
				st = SLO_ENOMEM;
				goto fail;
			}
			dst->instances_dropped += o->samples[0] + o->samples[1];
			continue;
		}
		for (int r = 0; r < 2; r++) {
			n->samples[r] += o->samples[r];
			n->unlimited[r] += o->unlimited[r];
			if ((st = sketch_merge_into(&n->share[r], o->share[r])) !=
			    SLO_OK)
				goto fail;
		}
	}
	dst->instances_dropped += src->instances_dropped;
	for (i = 0; i < 4; i++)
		if ((st = sketch_merge_into(&dst->usage[i / 2][i % 2],
		    src->usage[i / 2][i % 2])) != SLO_OK)
			goto fail;
	dst->cost_events += src->cost_events;
	dst->cost_other_currency += src->cost_other_currency;
	dst->cost_overflow += src->cost_overflow;
	for (i = 0; i < 2; i++)
		if (src->currency[i][0] != '\0')
			note_currency(dst, src->currency[i]);
	dst->checks += src->checks;
	dst->checks_passed += src->checks_passed;
	dst->checks_failed += src->checks_failed;
	dst->checks_skipped += src->checks_skipped;
	dst->incidents_dropped += src->incidents_dropped;
	for (i = 0; i < src->nseen; i++)
		if ((st = note_cohort(dst, src->seen[i], 0, src->seen_first[i])) !=
		    SLO_OK)
			goto fail;
	dst->seen_unlisted += src->seen_unlisted;
	dst->other_requests += src->other_requests;
	dst->rollups += src->rollups;
	dst->after_at += src->after_at;
	dst->before_window += src->before_window;
	dst->flag_evals += src->flag_evals;
	if (dst->audit != NULL && src->audit != NULL)
		return slo_flag_audit_merge(dst->audit, src->audit, err);
	return SLO_OK;
fail:
	return slo_error_set(err, st, "", 0, 0, "out of memory");
}

slo_status
slo_promote_finish(slo_promote *p, slo_error *err)
{
	slo_status st;

	if ((st = slo_promote_evaluate(p, &p->v)) != SLO_OK)
		return slo_error_set(err, st, "", 0, 0, "out of memory");
	p->finished = 1;
	return SLO_OK;
}

const slo_promote_verdict *
slo_promote_verdict_get(const slo_promote *p)
{
	return &p->v;
}

size_t
slo_promote_notes(const slo_promote *p, slo_note_fn *fn, void *ctx)
{
	const slo_promote_verdict *v = &p->v;
	char msg[320];
	size_t n = 0;

	if (v->incidents_dropped > 0) {
		slo_snprintf(msg, sizeof msg, "more than %d distinct incidents: "
		    "%llu events of later ones not tracked (time_to_restore "
		    "cannot pass)", SLO_PROMOTE_MAX_INCIDENTS,
		    (unsigned long long)v->incidents_dropped);
		fn(ctx, msg);
		n++;
	}
	if (v->cohorts_unlisted > 0) {
		slo_snprintf(msg, sizeof msg, "more than %d distinct cohorts: "
		    "%llu requests of later ones not listed in cohorts_seen",
		    SLO_PROMOTE_MAX_COHORTS,
		    (unsigned long long)v->cohorts_unlisted);
		fn(ctx, msg);
		n++;
	}
	if (v->slices_dropped > 0) {
		slo_snprintf(msg, sizeof msg, "more than %d time slices: the "
		    "%llu oldest given up (%llu events), the window starts after "
		    "them; a larger telemetry slice or --window covers more",
		    SLO_PROMOTE_MAX_SLICES,
		    (unsigned long long)v->slices_dropped,
		    (unsigned long long)v->events_dropped);
		fn(ctx, msg);
		n++;
	}
	if (v->samples_dropped > 0) {
		slo_snprintf(msg, sizeof msg, "%llu oldest latency samples given "
		    "up at 16 x reservoir: a window reaching back to them is "
		    "undersampled", (unsigned long long)v->samples_dropped);
		fn(ctx, msg);
		n++;
	}
	return n;
}

int
slo_promote_exit_code(const slo_promote *p)
{
	return p->v.exit_code;
}

slo_status
slo_promote_render(const slo_promote *p, slo_format fmt, int color,
    slo_buf *out)
{
	return slo_promote_verdict_render(&p->v, fmt, color, out);
}

slo_status
slo_promote_render_opts(const slo_promote *p, slo_format fmt,
    const slo_render_opts *ro, slo_buf *out)
{
	return slo_promote_verdict_render_opts(&p->v, fmt, ro, out);
}
