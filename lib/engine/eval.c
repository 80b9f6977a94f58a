/*
 * eval.c — the slo-eval engine: per (SLO, group) window series fed from
 * the event stream, evaluated once at the end.  See slo_eval.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_eval.h"
#include "eval_int.h"
#include "slo_rollup.h"
#include "slo_sketch_json.h"
#include "slo_scorecard.h"
#include "slo_math.h"
#include "duration_int.h"
#include "fields_seen_int.h"
#include "slo_num.h"

/* One (SLO, group) series.  key: the group values, each as a tag byte
 * ('s' string, 'n' number, 'b' bool, 'z' null, '-' missing), its text and
 * a NUL; the same bytes give the same group. */
typedef struct series {
	size_t slo;
	uint64_t hash;
	char *key;
	size_t keylen;
	slo_window *w;
	int overflow;     /* the SLO's overflow group (see max_groups) */
	/*
	 * A cost SLI: w counts the `per` events; wc the cost events' amounts
	 * in units of 10^-9 of the currency (as the totals of buckets, so
	 * sums over the window are exact and merge as counts do), and
	 * cost_n their number; events in other currencies only counted.
	 */
	slo_window *wc;
	slo_window *wn;
	uint64_t other_currency;
	/* A duration SLI, filled when the incidents are folded in. */
	uint64_t inc_open, inc_overdue, inc_unmatched;
	size_t task;      /* a merge's task + 1, 0 for none (plan_pairs) */
} series;

/* A rollup row's dimensions, as the group key of a row reads them. */
enum { ROW_SERVICE, ROW_COHORT, ROW_REGION, ROW_VERSION, ROW_ROUTE,
	ROW_LABEL };
#define ROW_DIMS_MAX 8 /* group_by fields a row key is built for directly */

typedef struct slo_state_one {
	const slo_spec_slo *spec;
	slo_objective obj;
	const char *policy;
	slo_window_config wcfg;
	int want_latency; /* keep sketches for quantiles */
	size_t row_at;    /* where the last rollup row held its counts, or
	                   * SIZE_MAX: it did not */
	size_t key_sig;   /* first SLO with the same group_by: shares keys */
	size_t nseries;   /* series, the overflow group included */
	size_t ngroups;   /* series but the overflow group */
	char *okey;       /* key of the overflow group; NULL without group_by */
	size_t okeylen;
	uint64_t overflow_events; /* events counted in the overflow group */
	int where_on_dims; /* where (if any) reads rollup dimensions only */
	/*
	 * Whether every group_by of the SLO is a rollup row's own string
	 * (row_dims_plan()), and which: row_dim[g] a ROW_* below, the label's
	 * name in row_label[g] for ROW_LABEL.  A row's key is then built from
	 * its strings, without a pseudo-event and expressions.
	 */
	int row_direct;
	unsigned char row_dim[ROW_DIMS_MAX];
	const char *row_label[ROW_DIMS_MAX];
	slo_incidents *incidents; /* a duration SLI's, joined by id */
	unsigned kinds;   /* bit k: the SLO counts events of kind k */
} slo_one;

struct slo_eval {
	const slo_spec *spec;
	slo_eval_config cfg;
	slo_one *slos;
	size_t nslos;
	series **table;     /* open addressing, power-of-two capacity */
	size_t cap, count;
	slo_ns newest;
	slo_ns at;
	slo_buf key;        /* scratch for the group key */
	slo_rollup *rollups; /* rollup lines, merged; folded in by batches */
	/* the slos_gen and nslos of the rows whose SLOs' places row_at
	 * holds, every SLO looked up (slo_rollup_row; 0: none) */
	uint64_t row_slos_gen;
	size_t row_nslos;
	slo_rollup *rollread; /* reads the lines that fold without a row */
	int fold_direct;      /* fold_early_ok(): rows fold as they come */
	int read_held;        /* slo_eval_read_rollup() holds read_row */
	slo_rollup_row read_row;
	const slo_sketch_scan *read_scan;
	uint64_t rollup_misses; /* rollup rows without counts for an SLO */
	uint64_t sketch_misses; /* rollup sketches that would not merge */
	uint64_t where_misses;  /* rollup sketches an SLO's where cannot split */
	uint64_t straddles;     /* rollup rows whose bucket holds --at inside */
	slo_verdict *verdicts;
	size_t nverdicts;
	char **strings;     /* decoded group values the verdicts point at */
	size_t nstrings, capstrings;
	slo_seen *seen;     /* fields read that no event carried */
	slo_event_decoder *dec; /* slo_eval_add_line's, made at its first call */
	slo_scorecard *card;    /* deploys seen; built at finish */
	const slo_flag_registry *reg; /* borrowed, for the scorecard */
	unsigned kinds;     /* bit k: some SLO reads events of kind k */
	struct gcache *gc;  /* GCACHE_SLOTS recent group keys */
	series **gc_series; /* nslos per slot: the series found for each */
	slo_eval_runner *run; /* runs per-series work on threads; NULL: here */
	int jobs;
};

/*
 * A direct-mapped cache of the group keys of recent events, each with the
 * series every SLO of that grouping found for it, so that SLOs grouped
 * alike hash and compare an event's key once, not once each.  An entry
 * only ever points at series, which live as long as the engine, and a key
 * that went to an SLO's overflow group stays there (an SLO's groups never
 * shrink), so an entry never goes stale; a slot taken by another key is
 * simply overwritten.  Fixed size, so the bound on groups still bounds
 * memory; keys longer than GCACHE_KEY are not cached.
 */
#define GCACHE_SLOTS 256
#define GCACHE_KEY 64

struct gcache {
	uint64_t hash;
	size_t sig;     /* the key_sig the key was built for; SIZE_MAX: empty */
	size_t keylen;
	char key[GCACHE_KEY];
};

/* One unit of an engine's per-series work (run_tasks): the i-th of a list. */
typedef slo_status task_fn(slo_eval *e, void *ctx, size_t i, slo_error *err);
static slo_status run_tasks(slo_eval *e, size_t n, task_fn *fn, void *ctx,
    slo_error *err);
static slo_status scorecard_note(slo_eval *e, const slo_event *ev,
    slo_error *err);
static slo_status scorecard_build(slo_eval *e, slo_error *err);

void
slo_eval_config_init(slo_eval_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->resolution = SLO_NS_PER_MIN;
	cfg->at = SLO_NS_NONE;
	cfg->fail_on = SLO_SEV_PAGE;
	cfg->report_step = SLO_NS_PER_HOUR;
}

/* The spec's objective, checked against the resolution of this run. */
static slo_status
objective_from_spec(const slo_spec_slo *s, slo_ns res, slo_objective *o,
    const char **policy, slo_error *err)
{
	*o = s->objective;
	*policy = s->alert_policy;
	/* Checked as --validate does, with the error at the spec's node. */
	return slo_spec_slo_check(s, res, err);
}

/*
 * How far back a series must reach for its SLO's alertWhenResolved rules:
 * slo_evaluate() one bucket before `at`, so the longest of the window and
 * the rules' long windows plus a bucket; 0 when no rule asks.
 */
static slo_ns
resolved_span(const slo_spec_slo *sp, const slo_objective *o, slo_ns res)
{
	slo_ns span = o->window;
	int any = 0;

	for (size_t i = 0; i < o->nrules; i++) {
		any |= sp->rule_when[i] & SLO_WHEN_RESOLVED;
		if (o->rules[i].long_window > span)
			span = o->rules[i].long_window;
	}
	return any ? span + res : 0;
}

static int
same_group_by(const slo_spec_slo *a, const slo_spec_slo *b)
{
	if (a->ngroup_by != b->ngroup_by)
		return 0;
	for (size_t g = 0; g < a->ngroup_by; g++)
		if (strcmp(a->group_by[g], b->group_by[g]) != 0)
			return 0;
	return 1;
}

/*
 * Does group expression x read row dimension d (the label named label for
 * ROW_LABEL), as slo_expr_value_event() reads it on a row's pseudo-event?
 * Asked of the expression itself on an event whose strings are told apart
 * by their addresses: a path spelled ["labels.x"] is one segment, not
 * the label x, and must not pass for it.
 */
static int
row_dim_reads(const slo_expr *x, size_t d, const char *label)
{
	static const char dims[ROW_LABEL + 1][2] = { "s", "c", "r", "v", "o",
	    "l" };
	slo_kv kv = { label, dims[ROW_LABEL] };
	slo_event ev;
	slo_value v;

	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_REQUEST;
	ev.service = dims[ROW_SERVICE];
	ev.cohort = dims[ROW_COHORT];
	ev.region = dims[ROW_REGION];
	ev.version = dims[ROW_VERSION];
	ev.route = dims[ROW_ROUTE];
	if (label != NULL) {
		ev.labels = &kv;
		ev.nlabels = 1;
	}
	v = slo_expr_value_event(x, &ev);
	return v.type == SLO_V_STR && v.str == dims[d];
}

/*
 * Fills so->row_dim and row_label when every group_by of so's SLO is a
 * bare path to a string a rollup row carries (service, cohort, region,
 * version, route, labels.NAME), so that a row's key is built from the
 * row's strings: the values slo_expr_value_event() gives on the row's
 * pseudo-event (slo_rollup_row_event()), which holds those strings alone.
 * Anything else (a number, an expression, a path rows lack) keeps the
 * expressions.
 */
static void
row_dims_plan(slo_one *so)
{
	static const char *const names[] = { "service", "cohort", "region",
	    "version", "route" };
	const slo_spec_slo *s = so->spec;

	so->row_direct = 0;
	if (s->ngroup_by > ROW_DIMS_MAX)
		return;
	for (size_t g = 0; g < s->ngroup_by; g++) {
		const char *path = slo_expr_path(s->group_exprs[g]);
		size_t d;

		if (path == NULL)
			return;
		for (d = 0; d < ROW_LABEL; d++)
			if (strcmp(path, names[d]) == 0)
				break;
		so->row_label[g] = NULL;
		if (d == ROW_LABEL) {
			/* labels.k8s.pod reads the label "k8s.pod" */
			if (strncmp(path, "labels.", 7) != 0 || path[7] == '\0')
				return;
			so->row_label[g] = path + 7;
		}
		so->row_dim[g] = (unsigned char)d;
		if (!row_dim_reads(s->group_exprs[g], d, so->row_label[g]))
			return;
	}
	so->row_direct = 1;
}

/*
 * The overflow group's key: one value per group_by field, each the tag
 * '~' alone, which key_append never writes, so no group's values can
 * spell it; it also sorts after every other key.
 */
static slo_status
overflow_key(slo_one *so)
{
	size_t n = so->spec->ngroup_by;

	if ((so->okey = malloc(2 * n + 1)) == NULL)
		return SLO_ENOMEM;
	for (size_t g = 0; g < n; g++) {
		so->okey[2 * g] = '~';
		so->okey[2 * g + 1] = '\0';
	}
	so->okey[2 * n] = '\0';
	so->okeylen = 2 * n;
	return SLO_OK;
}

static int fold_early_ok(const slo_eval *e);

slo_eval *
slo_eval_new(const slo_spec *spec, const slo_eval_config *cfg, slo_error *err)
{
	slo_eval *e = calloc(1, sizeof *e);

	if (e == NULL) {
		slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		return NULL;
	}
	e->spec = spec;
	if (cfg != NULL)
		e->cfg = *cfg;
	else
		slo_eval_config_init(&e->cfg);
	if (e->cfg.resolution <= 0)
		e->cfg.resolution = SLO_NS_PER_MIN;
	if (e->cfg.report_step <= 0)
		e->cfg.report_step = SLO_NS_PER_HOUR;
	if (e->cfg.report_step % e->cfg.resolution != 0)
		e->cfg.report_step = e->cfg.resolution;
	if (e->cfg.max_groups == 0)
		e->cfg.max_groups = SLO_EVAL_MAX_GROUPS;
	e->newest = SLO_NS_NONE;
	e->at = SLO_NS_NONE;
	e->nslos = slo_spec_count(spec);
	/* Requests always set the default --at, as before any other kind
	 * could be counted. */
	e->kinds = 1u << SLO_KIND_REQUEST;
	e->cap = 64;
	e->slos = calloc(e->nslos ? e->nslos : 1, sizeof *e->slos);
	e->table = calloc(e->cap, sizeof *e->table);
	e->seen = slo_seen_new(spec);
	e->card = slo_scorecard_new();
	e->gc = malloc(GCACHE_SLOTS * sizeof *e->gc);
	e->gc_series = calloc(GCACHE_SLOTS * (e->nslos ? e->nslos : 1),
	    sizeof *e->gc_series);
	if (e->slos == NULL || e->table == NULL || e->seen == NULL ||
	    e->card == NULL || e->gc == NULL || e->gc_series == NULL) {
		slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		slo_eval_free(e);
		return NULL;
	}
	for (size_t i = 0; i < GCACHE_SLOTS; i++)
		e->gc[i].sig = SIZE_MAX;
	for (size_t i = 0; i < e->nslos; i++) {
		slo_one *so = &e->slos[i];

		so->spec = slo_spec_get(spec, i);
		if (objective_from_spec(so->spec, e->cfg.resolution, &so->obj,
		    &so->policy, err) != SLO_OK) {
			slo_eval_free(e);
			return NULL;
		}
		so->want_latency = (so->spec->sli == SLO_SPEC_SLI_LATENCY ||
		    so->spec->sli == SLO_SPEC_SLI_DURATION) &&
		    so->spec->nquantiles > 0;
		so->kinds = 1u << so->spec->kind;
		if (so->spec->sli == SLO_SPEC_SLI_COST)
			so->kinds |= 1u << so->spec->cost_per;
		e->kinds |= so->kinds;
		if (so->spec->sli == SLO_SPEC_SLI_DURATION &&
		    (so->incidents = slo_incidents_new(0)) == NULL) {
			slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
			slo_eval_free(e);
			return NULL;
		}
		slo_objective_window_config(&so->obj, e->cfg.resolution,
		    so->spec->tz, resolved_span(so->spec, &so->obj,
		    e->cfg.resolution), so->want_latency ? SLO_SKETCH_ALPHA : 0,
		    &so->wcfg);
		so->wcfg.until = e->cfg.at;
		if (so->spec->ngroup_by > 0 && overflow_key(so) != SLO_OK) {
			slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
			slo_eval_free(e);
			return NULL;
		}
		so->where_on_dims = slo_rollup_uncarried(so->spec->where) == NULL;
		row_dims_plan(so);
		so->key_sig = i;
		for (size_t j = 0; j < i; j++)
			if (same_group_by(e->slos[j].spec, so->spec)) {
				so->key_sig = e->slos[j].key_sig;
				break;
			}
	}
	e->fold_direct = fold_early_ok(e);
	return e;
}

static slo_status
free_task(slo_eval *e, void *ctx, size_t i, slo_error *err)
{
	series *s = ((series **)ctx)[i];

	(void)e;
	(void)err;
	slo_window_free(s->w);
	slo_window_free(s->wc);
	slo_window_free(s->wn);
	s->w = s->wc = s->wn = NULL;
	return SLO_OK;
}

/* The windows, most of an engine's memory, freed on the runner's threads
 * (without memory for the list, slo_eval_free() frees them). */
static void
free_windows(slo_eval *e)
{
	series **list = malloc((e->count ? e->count : 1) * sizeof *list);
	size_t n = 0;

	if (list == NULL)
		return;
	for (size_t i = 0; i < e->cap; i++)
		if (e->table[i] != NULL)
			list[n++] = e->table[i];
	run_tasks(e, n, free_task, list, NULL);
	free(list);
}

void
slo_eval_free(slo_eval *e)
{
	if (e == NULL)
		return;
	if (e->run != NULL && e->jobs > 1 && e->table != NULL)
		free_windows(e);
	for (size_t i = 0; i < e->cap; i++) {
		if (e->table[i] != NULL) {
			slo_window_free(e->table[i]->w);
			slo_window_free(e->table[i]->wc);
			slo_window_free(e->table[i]->wn);
			free(e->table[i]->key);
			free(e->table[i]);
		}
	}
	for (size_t i = 0; i < e->nverdicts; i++) {
		free((void *)e->verdicts[i].group);
		free(e->verdicts[i].series);
	}
	for (size_t i = 0; i < e->nstrings; i++)
		free(e->strings[i]);
	free(e->strings);
	free(e->verdicts);
	free(e->table);
	for (size_t i = 0; i < e->nslos; i++) {
		free(e->slos[i].okey);
		slo_incidents_free(e->slos[i].incidents);
	}
	free(e->slos);
	slo_rollup_free(e->rollups);
	slo_rollup_free(e->rollread);
	slo_buf_release(&e->key);
	slo_seen_free(e->seen);
	slo_scorecard_free(e->card);
	slo_event_decoder_free(e->dec);
	free(e->gc);
	free(e->gc_series);
	free(e);
}

static uint64_t
hash_key(size_t slo, const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)slo;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static slo_status
table_grow(slo_eval *e)
{
	size_t ncap = e->cap * 2;
	series **nt = calloc(ncap, sizeof *nt);

	if (nt == NULL)
		return SLO_ENOMEM;
	for (size_t i = 0; i < e->cap; i++) {
		series *s = e->table[i];
		size_t j;

		if (s == NULL)
			continue;
		for (j = s->hash & (ncap - 1); nt[j] != NULL; j = (j + 1) & (ncap - 1))
			;
		nt[j] = s;
	}
	free(e->table);
	e->table = nt;
	e->cap = ncap;
	return SLO_OK;
}

/*
 * The series of (slo, key), made on first sight; once the SLO has
 * max_groups groups, a new key gets the SLO's overflow group instead
 * (issue 14.4: a bound on memory, and every event still counted).
 */
static series *
series_find(slo_eval *e, size_t slo, const char *key, size_t keylen,
    slo_error *err)
{
	uint64_t h = hash_key(slo, key, keylen);
	slo_one *so = &e->slos[slo];
	int is_okey = so->okey != NULL && keylen == so->okeylen &&
	    memcmp(key, so->okey, keylen) == 0;
	size_t j;
	series *s;

	for (j = h & (e->cap - 1); (s = e->table[j]) != NULL; j = (j + 1) & (e->cap - 1))
		if (s->hash == h && s->slo == slo && s->keylen == keylen &&
		    memcmp(s->key, key, s->keylen) == 0)
			return s;
	if (!is_okey && so->okey != NULL && so->ngroups >= e->cfg.max_groups)
		return series_find(e, slo, so->okey, so->okeylen, err);
	if ((e->count + 1) * 10 > e->cap * 7) {
		if (table_grow(e) != SLO_OK)
			goto nomem;
		for (j = h & (e->cap - 1); e->table[j] != NULL; j = (j + 1) & (e->cap - 1))
			;
	}
	if ((s = calloc(1, sizeof *s)) == NULL)
		goto nomem;
	s->slo = slo;
	s->hash = h;
	s->keylen = keylen;
	if ((s->key = malloc(s->keylen + 1)) == NULL) {
		free(s);
		goto nomem;
	}
	if (s->keylen)
		memcpy(s->key, key, s->keylen);
	s->key[s->keylen] = '\0';
	if ((s->w = slo_window_new(&e->slos[slo].wcfg, err)) == NULL ||
	    (so->spec->sli == SLO_SPEC_SLI_COST &&
	    ((s->wc = slo_window_new(&e->slos[slo].wcfg, err)) == NULL ||
	    (s->wn = slo_window_new(&e->slos[slo].wcfg, err)) == NULL))) {
		slo_window_free(s->w);
		slo_window_free(s->wc);
		free(s->key);
		free(s);
		return NULL;
	}
	e->table[j] = s;
	e->count++;
	so->nseries++;
	if (is_okey)
		s->overflow = 1;
	else
		so->ngroups++;
	return s;
nomem:
	slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	return NULL;
}

/* The series of (slo, current key). */
static series *
series_get(slo_eval *e, size_t slo, slo_error *err)
{
	return series_find(e, slo, e->key.data ? e->key.data : "", e->key.len,
	    err);
}

/*
 * A hash of a group key eight bytes at a time (FNV's byte loop was a
 * tenth of the engine); only the cache uses it, so the table's order,
 * which merging follows, is unchanged.
 */
static uint64_t
gcache_hash(size_t sig, const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)sig << 32) ^ n;
	uint64_t w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, p, n);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	return h ^ (h >> 29);
}

/*
 * The cache slot of the current key (in e->key) built for grouping sig,
 * claimed for it (its series forgotten) when it held another key; -1
 * when the key is too long to cache.
 */
static long
gcache_slot(slo_eval *e, size_t sig)
{
	const char *key = e->key.data ? e->key.data : "";
	size_t n = e->key.len;
	uint64_t h;
	struct gcache *g;
	size_t j;

	if (n > GCACHE_KEY)
		return -1;
	h = gcache_hash(sig, key, n);
	j = (size_t)h & (GCACHE_SLOTS - 1);
	g = &e->gc[j];
	if (g->sig == sig && g->hash == h && g->keylen == n &&
	    memcmp(g->key, key, n) == 0)
		return (long)j;
	g->sig = sig;
	g->hash = h;
	g->keylen = n;
	if (n > 0)
		memcpy(g->key, key, n);
	memset(&e->gc_series[j * e->nslos], 0, e->nslos * sizeof *e->gc_series);
	return (long)j;
}

/* Appends one group value to the key in the tagged form above. */
static slo_status
key_append(slo_buf *k, const slo_value *v)
{
	switch (v->type) {
	case SLO_V_STR: {
		char *p;

		/*
		 * A NUL inside the value would end it early: escape it as \0
		 * and the backslash as \\.  Written straight into room for
		 * the worst case (the tag, every byte escaped, the NUL): this
		 * runs for every event, and a call per byte was most of it.
		 * Values without either (all of them, in practice) are copied
		 * whole.
		 */
		if (v->len > (SIZE_MAX - 4) / 2 ||
		    slo_buf_reserve(k, 2 * v->len + 2) != SLO_OK)
			return SLO_ENOMEM;
		p = k->data + k->len;
		*p++ = 's';
		if (memchr(v->str, '\\', v->len) == NULL &&
		    memchr(v->str, '\0', v->len) == NULL) {
			memcpy(p, v->str, v->len);
			p += v->len;
		} else {
			for (size_t i = 0; i < v->len; i++) {
				char c = v->str[i];

				if (c == '\0' || c == '\\') {
					*p++ = '\\';
					c = c ? '\\' : '0';
				}
				*p++ = c;
			}
		}
		*p++ = '\0';
		k->len = (size_t)(p - k->data);
		k->data[k->len] = '\0';
		return SLO_OK;
	}
	case SLO_V_NUM: {
		/* The tag, then the number as JSON writes it, in place. */
		if (slo_buf_putc(k, 'n') != SLO_OK ||
		    slo_buf_json_num(k, v->num) != SLO_OK)
			return SLO_ENOMEM;
		break;
	}
	case SLO_V_BOOL:
		if (slo_buf_puts(k, v->b ? "btrue" : "bfalse") != SLO_OK)
			return SLO_ENOMEM;
		break;
	case SLO_V_NULL:
		if (slo_buf_putc(k, 'z') != SLO_OK)
			return SLO_ENOMEM;
		break;
	case SLO_V_MISSING:
		if (slo_buf_putc(k, '-') != SLO_OK)
			return SLO_ENOMEM;
		break;
	}
	return slo_buf_append(k, "", 1);
}

/* Is ev good for SLO s?  *lat receives the latency when s is a latency SLI. */
static int
event_good(const slo_spec_slo *s, const slo_event *ev, slo_value *lat)
{
	if (s->sli == SLO_SPEC_SLI_LATENCY) {
		*lat = slo_expr_value_event(s->latency_field, ev);
		return lat->type == SLO_V_NUM &&
		    slo_threshold_good(lat->num, s->latency_threshold,
		    s->latency_inclusive, s->latency_above);
	}
	if (s->good != NULL)
		return slo_expr_match_event(s->good, ev);
	return !slo_expr_match_event(s->bad, ev);
}

/* The key of ev's group for SLO s, in e->key. */
static slo_status
group_key(slo_eval *e, const slo_spec_slo *s, const slo_event *ev)
{
	slo_buf_reset(&e->key);
	for (size_t g = 0; g < s->ngroup_by; g++) {
		slo_value v = slo_expr_value_event(s->group_exprs[g], ev);

		if (key_append(&e->key, &v) != SLO_OK)
			return SLO_ENOMEM;
	}
	return SLO_OK;
}

/*
 * Appends string v (NULL: missing) to the key as key_append() appends it,
 * in one pass over v for its length and backslashes (a C string holds no
 * NUL to escape): rows' group values, for every row of a rollup input.
 * (key_append() of a value measured with strlen() cost 3.4 M instructions
 * more over the 86,400 values of the bench's day of rollups.)
 */
static slo_status
key_append_cstr(slo_buf *k, const char *v)
{
	size_t n, plain;
	char *p;

	if (v == NULL)
		return slo_buf_append(k, "-", 2);
	plain = strcspn(v, "\\");
	n = v[plain] == '\0' ? plain : plain + strlen(v + plain);
	if (n > (SIZE_MAX - 4) / 2 || slo_buf_reserve(k, 2 * n + 2) != SLO_OK)
		return SLO_ENOMEM;
	p = k->data + k->len;
	*p++ = 's';
	memcpy(p, v, plain);
	p += plain;
	for (size_t i = plain; i < n; i++) {
		if (v[i] == '\\')
			*p++ = '\\';
		*p++ = v[i];
	}
	*p++ = '\0';
	k->len = (size_t)(p - k->data);
	k->data[k->len] = '\0';
	return SLO_OK;
}

/* The label name's value in row, or NULL (rows hold labels sorted by key,
 * each key once; the pseudo-event's lookup takes the first match too). */
static const char *
row_label(const slo_rollup_row *row, const char *name)
{
	for (size_t i = 0; i < row->nlabels; i++)
		if (strcmp(row->labels[i].key, name) == 0)
			return row->labels[i].val;
	return NULL;
}

/* The group key of row for SLO so, which is row_direct, in e->key. */
static slo_status
row_group_key(slo_eval *e, const slo_one *so, const slo_rollup_row *row)
{
	slo_buf_reset(&e->key);
	for (size_t g = 0; g < so->spec->ngroup_by; g++) {
		const char *v;

		switch (so->row_dim[g]) {
		case ROW_SERVICE: v = row->service; break;
		case ROW_COHORT: v = row->cohort; break;
		case ROW_REGION: v = row->region; break;
		case ROW_VERSION: v = row->version; break;
		case ROW_ROUTE: v = row->route; break;
		default: v = row_label(row, so->row_label[g]); break;
		}
		if (key_append_cstr(&e->key, v) != SLO_OK)
			return SLO_ENOMEM;
	}
	return SLO_OK;
}

/*
 * ev's group key for SLO i in e->key, and its cache slot in *slot (-1: not
 * cached), built only when *key_of, the SLO whose key e->key holds (-1 for
 * none yet), is grouped otherwise: SLOs grouped alike share the key built
 * for an event.
 */
static slo_status
key_for(slo_eval *e, size_t i, const slo_event *ev, long *key_of, long *slot)
{
	if (*key_of >= 0 && e->slos[*key_of].key_sig == e->slos[i].key_sig)
		return SLO_OK;
	if (group_key(e, e->slos[i].spec, ev) != SLO_OK)
		return SLO_ENOMEM;
	*key_of = (long)i;
	*slot = gcache_slot(e, e->slos[i].key_sig);
	return SLO_OK;
}

/*
 * key_for() of a rollup row: from the row's strings when SLO i is
 * row_direct, else from ev, the row's pseudo-event (made by the caller
 * only then: row_event()).
 */
static slo_status
row_key_for(slo_eval *e, size_t i, const slo_rollup_row *row,
    const slo_event *ev, long *key_of, long *slot)
{
	const slo_one *so = &e->slos[i];

	if (!so->row_direct)
		return key_for(e, i, ev, key_of, slot);
	if (*key_of >= 0 && e->slos[*key_of].key_sig == so->key_sig)
		return SLO_OK;
	if (row_group_key(e, so, row) != SLO_OK)
		return SLO_ENOMEM;
	*key_of = (long)i;
	*slot = gcache_slot(e, so->key_sig);
	return SLO_OK;
}

/* The series of SLO i for the key of key_for(), through its cache slot. */
static series *
series_cached(slo_eval *e, size_t i, long slot, slo_error *err)
{
	series **at = slot >= 0 ? &e->gc_series[(size_t)slot * e->nslos + i] :
	    NULL;

	if (at != NULL && *at != NULL)
		return *at;
	series *se = series_get(e, i, err);
	if (se != NULL && at != NULL)
		*at = se;
	return se;
}

/*
 * The spellings slo-eval(1) takes.  Durations must be positive; max-groups
 * a positive whole number of at most SIZE_MAX / 2.
 */
slo_status
slo_eval_config_set(slo_eval_config *cfg, const char *name, const char *arg,
    slo_error *err)
{
	size_t pos;
	slo_ns d;

	if (strcmp(name, "resolution") == 0 || strcmp(name, "report-step") == 0) {
		if (slo_duration_parse(arg, strlen(arg), &d, &pos) != SLO_OK ||
		    d <= 0)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0, "invalid "
			    "--%s '%s': want a duration such as 1m", name, arg);
		if (strcmp(name, "resolution") == 0)
			cfg->resolution = d;
		else
			cfg->report_step = d;
	} else if (strcmp(name, "fail-on") == 0) {
		int sev = slo_severity_from_name(arg);

		if (sev < 0)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0, "invalid "
			    "--fail-on '%s': want page or ticket", arg);
		cfg->fail_on = (slo_severity)sev;
	} else if (strcmp(name, "max-groups") == 0) {
		unsigned long long n;
		char *end;

		errno = 0;
		n = strtoull(arg, &end, 10);
		if (arg[0] < '0' || arg[0] > '9' || *end != '\0' || errno != 0 ||
		    n == 0 || n > SIZE_MAX / 2)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0, "invalid "
			    "--max-groups '%s': want a positive integer", arg);
		cfg->max_groups = (size_t)n;
	} else if (strcmp(name, "no-data") == 0) {
		if (strcmp(arg, "ok") != 0 && strcmp(arg, "inconclusive") != 0)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0, "invalid "
			    "--no-data '%s': want ok or inconclusive", arg);
		cfg->no_data_ok = arg[0] == 'o';
	} else
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "unknown setting '%s'", name);
	return SLO_OK;
}

slo_status
slo_eval_add_line(slo_eval *e, const char *line, size_t n, slo_error *err)
{
	slo_event ev;
	slo_status st;

	if (e->dec == NULL) {
		if ((e->dec = slo_event_decoder_new()) == NULL)
			return slo_error_set(err, SLO_ENOMEM, "", 0, 0,
			    "out of memory");
		slo_event_decoder_rollup_text(e->dec);
		slo_event_decoder_rollup_reader(e->dec, slo_eval_read_rollup, e);
	}
	if ((st = slo_event_decode(e->dec, line, n, &ev, err)) != SLO_OK)
		return st;
	if (e->cfg.where != NULL && ev.kind != SLO_KIND_ROLLUP &&
	    !slo_expr_match_event(e->cfg.where, &ev))
		return SLO_OK;
	return slo_eval_add(e, &ev, err);
}

/*
 * The largest cost amount summed: amounts are added as whole units of
 * 10^-9 (uint64 bucket totals), and a line above this is rejected rather
 * than summed inexactly.
 */
#define COST_AMOUNT_MAX 1e9

/*
 * One cost event into a cost SLI's series: its amount in units of 10^-9,
 * rounded to the nearest (exact for an amount written with at most 9
 * decimals under 2^53 / 10^9, about 9 million: its double lies within
 * half a unit of it), into wc; wn counts cost events, good when in the
 * SLO's currency.  Other currencies are counted, never added.
 */
static slo_status
cost_add(const slo_spec_slo *s, series *se, const slo_event *ev)
{
	int same = strcmp(ev->currency, s->cost_currency) == 0;
	slo_status st;

	if ((st = slo_window_add(se->wn, ev->ts, same, 1)) != SLO_OK)
		return st;
	if (!same)
		return SLO_OK;
	return slo_window_add(se->wc, ev->ts, 0,
	    (uint64_t)llround(ev->amount * 1e9));
}

/*
 * One incident event into a duration SLI's table when its state is the
 * SLI's `from` or `to`, with whether where holds on it and its group key
 * (in e->key).  The join happens when the engine finishes.
 */
static slo_status
incident_note(slo_eval *e, slo_one *so, const slo_event *ev)
{
	const slo_spec_slo *s = so->spec;
	int to;

	if (ev->state == NULL || ev->id == NULL)
		return SLO_OK;
	if (strcmp(ev->state, s->duration_from) == 0)
		to = 0;
	else if (strcmp(ev->state, s->duration_to) == 0)
		to = 1;
	else
		return SLO_OK;
	return slo_incidents_note(so->incidents, ev->id, to, ev->ts,
	    s->where == NULL || slo_expr_match_event(s->where, ev),
	    e->key.data ? e->key.data : "", e->key.len);
}

/*
 * Rollup rows are merged by key and folded into the windows a batch of
 * ROLLUP_BATCH rows at a time, as the lines come, so that memory does not
 * grow with the rows read (it held every row to the end: 1.2 GB for the
 * 586 k rows of 10^6 events over 30 days).  Windows and sketches add, so
 * a key split between batches gives the counts, quantiles and verdicts of
 * one fold at the end.  What may differ is only what depends on order
 * anyway: which groups get a series past --max-groups, as with events.
 * Not when folding would refuse (a --where on what rows lack, a cost per
 * request): that stays an error of the run at finish, not of a line.
 */
#define ROLLUP_BATCH 4096

static slo_status fold_rollups(slo_eval *e, slo_error *err);
static slo_status fold_row(slo_eval *e, const slo_rollup_row *row,
    const slo_sketch_scan *scan, slo_error *err);

static int
fold_early_ok(const slo_eval *e)
{
	if (e->cfg.where != NULL && slo_rollup_uncarried(e->cfg.where) != NULL)
		return 0;
	for (size_t i = 0; i < e->nslos; i++)
		if (e->slos[i].spec->sli == SLO_SPEC_SLI_COST &&
		    e->slos[i].spec->cost_per == SLO_KIND_REQUEST)
			return 0;
	return 1;
}

/* e's reader of rollup lines that fold without a row, or NULL (none, or
 * out of memory: the line then takes the table). */
static slo_rollup *
rollread(slo_eval *e)
{
	if (e->fold_direct && e->rollread == NULL)
		e->rollread = slo_rollup_new(0);
	return e->fold_direct ? e->rollread : NULL;
}

int
slo_eval_read_rollup(void *ctx, const char *line, size_t n)
{
	slo_eval *e = ctx;

	e->read_held = rollread(e) != NULL &&
	    slo_rollup_read_text(e->rollread, line, n, NULL, &e->read_row,
	    &e->read_scan);
	return e->read_held;
}

slo_status
slo_eval_add(slo_eval *e, const slo_event *ev, slo_error *err)
{
	if (slo_seen_note(e->seen, ev) != SLO_OK)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	if (ev->kind == SLO_KIND_ROLLUP) {
		slo_rollup_row row;
		const slo_sketch_scan *scan;
		slo_status st;

		/*
		 * A line the scanner reads whole folds straight into the
		 * windows, without a row of its own: rows add, so this is
		 * the fold of the batch it would have joined.
		 */
		if (ev->read_by != NULL) {
			if (ev->read_by != e || !e->read_held)
				return slo_error_set(err, SLO_EINVAL, "", 0, 0,
				    "rollup line read by another engine");
			e->read_held = 0;
			return fold_row(e, &e->read_row, e->read_scan, err);
		}
		if (ev->text != NULL && rollread(e) != NULL &&
		    slo_rollup_read_text(e->rollread, ev->text, ev->textlen,
		    ev->runs, &row, &scan))
			return fold_row(e, &row, scan, err);
		if (e->rollups == NULL && (e->rollups = slo_rollup_new(0)) == NULL)
			return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		if ((st = slo_rollup_merge_event(e->rollups, ev, err)) != SLO_OK)
			return st;
		if (slo_rollup_nrows(e->rollups) < ROLLUP_BATCH ||
		    !e->fold_direct)
			return SLO_OK;
		st = fold_rollups(e, err);
		slo_rollup_free(e->rollups);
		e->rollups = NULL;
		return st;
	}
	long key_of = -1; /* the SLO whose group key e->key holds */
	long slot = -1;   /* that key's cache slot */

	/* Deploys feed the scorecard even when no SLO counts them. */
	if (ev->kind == SLO_KIND_DEPLOY &&
	    !(e->kinds & (1u << SLO_KIND_DEPLOY)))
		return scorecard_note(e, ev, err);
	if ((unsigned)ev->kind >= 32 || !(e->kinds & (1u << ev->kind)))
		return SLO_OK;
	if (!(ev->has & SLO_HAS_TS))
		return slo_error_set(err, SLO_EINVAL, "", 0, 0, "%s without 'ts'",
		    slo_kind_name(ev->kind));
	if (ev->kind == SLO_KIND_COST && ev->amount >= COST_AMOUNT_MAX)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0, "cost 'amount' "
		    "of 10^9 or more: slo-eval sums amounts exactly in units "
		    "of 10^-9 and does not add this one");
	if (e->newest == SLO_NS_NONE || ev->ts > e->newest)
		e->newest = ev->ts;
	if (ev->kind == SLO_KIND_DEPLOY) {
		slo_status st = scorecard_note(e, ev, err);

		if (st != SLO_OK)
			return st;
	}
	/* A skipped check counts nowhere: it neither passed nor failed. */
	if (ev->kind == SLO_KIND_CHECK && ev->result != NULL &&
	    strcmp(ev->result, "skip") == 0)
		return SLO_OK;
	for (size_t i = 0; i < e->nslos; i++) {
		const slo_spec_slo *s = e->slos[i].spec;
		slo_value lat = { 0 };
		series *se;
		int good;
		slo_status st;

		if (!(e->slos[i].kinds & (1u << ev->kind)))
			continue;
		if (s->sli != SLO_SPEC_SLI_DURATION && s->where != NULL &&
		    !slo_expr_match_event(s->where, ev))
			continue;
		if (key_for(e, i, ev, &key_of, &slot) != SLO_OK)
			return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		if (s->sli == SLO_SPEC_SLI_DURATION) {
			if (incident_note(e, &e->slos[i], ev) != SLO_OK)
				return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
			continue;
		}
		if ((se = series_cached(e, i, slot, err)) == NULL)
			return err != NULL ? err->status : SLO_ENOMEM;
		if (s->sli == SLO_SPEC_SLI_COST && ev->kind == SLO_KIND_COST)
			st = cost_add(s, se, ev);
		else {
			good = s->sli == SLO_SPEC_SLI_COST || event_good(s, ev, &lat);
			st = slo_window_add(se->w, ev->ts, good, 1);
		}
		if (st != SLO_OK)
			return slo_error_set(err, st, "", 0, 0, "%s", slo_strerror(st));
		if (se->overflow)
			e->slos[i].overflow_events++;
		if (e->slos[i].want_latency && lat.type == SLO_V_NUM &&
		    isfinite(lat.num) && lat.num >= 0)
			slo_window_add_latency(se->w, ev->ts, lat.num, 1);
	}
	return SLO_OK;
}

/* Keeps s alive until the engine is freed; NULL on allocation failure. */
static const char *
keep_string(slo_eval *e, const char *s, size_t n)
{
	char *c;

	if (e->nstrings == e->capstrings) {
		size_t cap = e->capstrings ? e->capstrings * 2 : 16;
		char **ns = realloc(e->strings, cap * sizeof *ns);

		if (ns == NULL)
			return NULL;
		e->strings = ns;
		e->capstrings = cap;
	}
	if ((c = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(c, s, n);
	c[n] = '\0';
	e->strings[e->nstrings++] = c;
	return c;
}

/*
 * A series key back into display strings ("true", "3", NULL for missing).
 * Each value's text already stands NUL-terminated in the key, which lives
 * as long as the engine: point there, and copy only strings that carry an
 * escape (a backslash or a NUL in the value, which never happens in
 * practice).
 */
static slo_status
key_values(slo_eval *e, const series *s, size_t ngroup, const char ***out)
{
	const char **vals = calloc(ngroup ? ngroup : 1, sizeof *vals);
	const char *p = s->key;

	if (vals == NULL)
		return SLO_ENOMEM;
	for (size_t g = 0; g < ngroup; g++) {
		size_t n = strlen(p);
		char tag = *p;

		if (tag == '-' || tag == 'z')
			vals[g] = NULL;
		else if (tag == '~')
			vals[g] = SLO_EVAL_OVERFLOW;
		else if (tag == 's' && memchr(p + 1, '\\', n - 1) != NULL) {
			char *buf = malloc(n);
			size_t k = 0;

			if (buf == NULL) {
				free(vals);
				return SLO_ENOMEM;
			}
			for (size_t i = 1; i < n; i++) {
				if (p[i] == '\\' && i + 1 < n) {
					i++;
					buf[k++] = p[i] == '0' ? '\0' : p[i];
				} else
					buf[k++] = p[i];
			}
			vals[g] = keep_string(e, buf, k);
			free(buf);
			if (vals[g] == NULL) {
				free(vals);
				return SLO_ENOMEM;
			}
		} else
			vals[g] = p + 1;
		p += n + 1;
	}
	*out = vals;
	return SLO_OK;
}

static int
verdict_cmp(const void *a, const void *b)
{
	const series *x = *(series *const *)a, *y = *(series *const *)b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c;

	if (x->slo != y->slo)
		return x->slo < y->slo ? -1 : 1;
	if ((c = memcmp(x->key, y->key, n)) != 0)
		return c;
	return x->keylen < y->keylen ? -1 : x->keylen > y->keylen;
}

/* ---- OpenSLO alert policy flags (slo_spec_slo.rule_when) ------------- */

/*
 * Whether alert a fires under its rule's flags: on its burn (as
 * slo_evaluate() found it, at or above the threshold) unless QUIET, and
 * when STRICT only if both burns pass the threshold by more than the
 * 1e-9 relative tolerance slo_evaluate() allows below it; and, when
 * NODATA, when its long or its short window holds no events, which
 * leaves the burn undecided.
 */
static int
alert_fires(const slo_alert_state *a, unsigned char when)
{
	double above = a->rule.burn * (1 + 1e-9);

	if ((when & SLO_WHEN_NODATA) &&
	    (!a->long_w.has_data || !a->short_w.has_data))
		return 1;
	if ((when & SLO_WHEN_STRICT) && a->firing &&
	    !(a->long_w.burn > above && a->short_w.burn > above))
		return 0;
	return !(when & SLO_WHEN_QUIET) && a->firing;
}

/*
 * Apply the flags to v's alerts (s NULL: the SLO has no series, and its
 * alerts have no data).  An alert that fires for want of data is marked
 * SLO_ALERT_NODATA; a RESOLVED rule that fired under the same test one
 * bucket earlier (slo_evaluate at at - resolution) and does not now is
 * marked SLO_ALERT_RESOLVED; when the series does not reach that far
 * back (the first bucket of a calendar period), none is.  The status is
 * then what slo_evaluate() gives for the alerts as they fire now.
 */
static void
alert_policy_apply(const slo_eval *e, const slo_one *so, const series *s,
    slo_verdict *v)
{
	const slo_spec_slo *sp = so->spec;
	slo_result *r = &v->result;
	slo_result prev;
	int any = 0, have_prev = 0, page = 0, ticket = 0;

	for (size_t i = 0; i < so->obj.nrules; i++)
		any |= sp->rule_when[i];
	if (!any)
		return;
	if (s == NULL) {
		r->nalerts = so->obj.nrules;
		for (size_t i = 0; i < r->nalerts; i++)
			r->alerts[i].rule = so->obj.rules[i];
	} else if ((any & SLO_WHEN_RESOLVED) && e->at != SLO_NS_NONE)
		have_prev = slo_evaluate(&so->obj, s->w,
		    e->at - e->cfg.resolution, &prev) == SLO_OK;
	for (size_t i = 0; i < r->nalerts; i++) {
		slo_alert_state *a = &r->alerts[i];
		unsigned char when = sp->rule_when[i];
		int now = alert_fires(a, when);

		if (now && !alert_fires(a, when & ~SLO_WHEN_NODATA))
			v->alert_state[i] = SLO_ALERT_NODATA;
		else if (!now && have_prev && (when & SLO_WHEN_RESOLVED) &&
		    alert_fires(&prev.alerts[i], when))
			v->alert_state[i] = SLO_ALERT_RESOLVED;
		a->firing = now;
		page |= now && a->rule.severity == SLO_SEV_PAGE;
		ticket |= now && a->rule.severity == SLO_SEV_TICKET;
	}
	if (r->status == SLO_STATE_NO_DATA)
		return;
	r->status = r->window.sli < so->obj.target || page ?
	    SLO_STATE_BREACHED : ticket ? SLO_STATE_WARNING : SLO_STATE_OK;
}

/*
 * A cost SLI's verdict from its series: the per events over the window
 * (result.window, as slo_evaluate tallied them), the cost events and
 * their exact sum over the same buckets, the ratio against the ceiling.
 * No budget, burn rate or alert applies: those fields are zeroed and the
 * writers leave them out.
 */
static slo_status
cost_fill(const slo_spec_slo *spec, const series *s, slo_verdict *v)
{
	slo_result *r = &v->result;
	slo_counts c, n;
	slo_status st;

	if ((st = slo_window_counts(s->wc, r->window.from, r->window.to,
	    &c)) != SLO_OK ||
	    (st = slo_window_counts(s->wn, r->window.from, r->window.to,
	    &n)) != SLO_OK)
		return st;
	v->per_events = r->window.events_total;
	v->cost_nano = c.total;
	v->cost_sum = (double)c.total / 1e9;
	v->cost_events = n.good;
	v->cost_other_currency = n.total - n.good;
	r->allowed = r->consumed = r->remaining = r->remaining_units = 0;
	r->has_exhaustion = 0;
	r->nalerts = 0;
	r->window.burn = 0;
	if (v->per_events == 0) {
		r->status = SLO_STATE_NO_DATA;
		return SLO_OK;
	}
	/* One rounding: per x 10^9 is exact below 9 x 10^6 events. */
	v->cost_ratio = (double)c.total / ((double)v->per_events * 1e9);
	r->window.sli = v->cost_ratio;
	r->status = v->cost_ratio <= spec->cost_max ? SLO_STATE_OK :
	    SLO_STATE_BREACHED;
	return SLO_OK;
}

/*
 * What v takes from e's shared state: its SLO and group values; all of it
 * for an SLO without series (s NULL).  verdict_measure() does the rest.
 */
static slo_status
verdict_fill(slo_eval *e, slo_verdict *v, size_t slo, const series *s,
    slo_error *err)
{
	slo_one *so = &e->slos[slo];
	slo_status st;

	v->slo = so->spec;
	v->slo_index = slo;
	v->overflow = s != NULL && s->overflow;
	v->ngroup = so->spec->ngroup_by;
	v->objective = so->obj;
	v->policy = so->policy;
	if (s == NULL) {
		v->ngroup = 0;
		v->result.status = SLO_STATE_NO_DATA;
		v->result.at = e->at;
		alert_policy_apply(e, so, NULL, v);
		return SLO_OK;
	}
	if ((st = key_values(e, s, v->ngroup, (const char ***)&v->group)) != SLO_OK)
		return slo_error_set(err, st, "", 0, 0, "out of memory");
	return SLO_OK;
}

/*
 * The rest of v from its series s: all that reads the window, which is
 * most of finishing, and only reads e (measure_task runs it on threads).
 */
static slo_status
verdict_measure(const slo_eval *e, slo_verdict *v, const series *s,
    slo_error *err)
{
	const slo_one *so = &e->slos[v->slo_index];
	slo_status st;
	slo_window_stats ws;

	if ((st = slo_evaluate(&so->obj, s->w, e->at, &v->result)) != SLO_OK)
		return slo_error_set(err, st, "", 0, 0, "slo '%s': %s",
		    so->spec->name, slo_strerror(st));
	alert_policy_apply(e, so, s, v);
	slo_window_stats_get(s->w, &ws);
	v->out_of_window = ws.out_of_window;
	v->after_at = ws.after_until;
	v->incidents_open = s->inc_open;
	v->incidents_overdue = s->inc_overdue;
	v->incidents_unmatched = s->inc_unmatched;
	if (so->spec->sli == SLO_SPEC_SLI_COST &&
	    (st = cost_fill(so->spec, s, v)) != SLO_OK)
		return slo_error_set(err, st, "", 0, 0, "slo '%s': %s",
		    so->spec->name, slo_strerror(st));
	if (so->want_latency && v->result.window.has_data) {
		slo_sketch *sk = slo_sketch_new(SLO_SKETCH_ALPHA);

		if (sk == NULL)
			return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		if (slo_window_sketch(s->w, v->result.window.from,
		    v->result.window.to, sk) == SLO_OK && slo_sketch_count(sk) > 0) {
			size_t nq = so->spec->nquantiles;

			if (nq > 8)
				nq = 8;
			for (size_t q = 0; q < nq; q++)
				slo_sketch_quantile(sk, so->spec->quantiles[q], &v->quantiles[q]);
			v->has_quantiles = 1;
		}
		slo_sketch_free(sk);
	}
	/* A cost SLI has no budget to chart. */
	if (e->cfg.want_series && v->result.window.has_data &&
	    so->spec->sli != SLO_SPEC_SLI_COST) {
		size_t n = slo_report_steps(&so->obj, s->w, e->at, e->cfg.report_step);

		if (n > 0) {
			if ((v->series = calloc(n, sizeof *v->series)) == NULL)
				return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
			if (slo_report_series(&so->obj, s->w, e->at, e->cfg.report_step,
			    v->series, n) == SLO_OK) {
				v->nseries = n;
				v->window = s->w;
			} else {
				free(v->series);
				v->series = NULL;
			}
		}
	}
	return SLO_OK;
}

/* SLO_EINVAL, naming the field, when --where reads what rows lack. */
static slo_status
check_rollup_where(const slo_expr *where, slo_error *err)
{
	const char *p = slo_rollup_uncarried(where);

	if (p != NULL)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "--where '%s' reads '%s', which rollup lines do not "
		    "carry (they carry kind, ts, service, cohort, region, "
		    "version, route and labels.NAME)",
		    slo_expr_source(where), p);
	return SLO_OK;
}

/* row's pseudo-event in *ev, made on the first call (*made). */
static const slo_event *
row_event(const slo_rollup_row *row, slo_event *ev, int *made)
{
	if (!*made) {
		slo_rollup_row_event(row, ev);
		ev->ok = 1;
		*made = 1;
	}
	return ev;
}

/*
 * One rollup row into the windows, each SLO taking the row's exact counts
 * for it.  Group values come from the row's dimensions (a pseudo-event
 * holding only those); so does the row's latency sketch (row->latency, or
 * scan when the row was read but not built), used for an SLO only when the
 * SLO's where holds on the dimensions alone.  A row's newest instant is
 * the last of its bucket.  --where has been checked to read only what rows
 * carry (fold_early_ok(), check_rollup_where()).
 */
static slo_status
fold_row(slo_eval *e, const slo_rollup_row *row, const slo_sketch_scan *scan,
    slo_error *err)
{
	slo_event ev;
	int have_ev = 0; /* ev made: only what reads expressions needs it */
	slo_ns last = row->ts + (row->width > 0 ? row->width - 1 : 0);
	long key_of = -1, slot = -1;

	/* counted as of its start, it may hold requests after --at */
	if (e->cfg.at != SLO_NS_NONE && row->ts <= e->cfg.at &&
	    e->cfg.at < last)
		e->straddles++;
	/* --where filters rows as the reader filters events (issue
	 * 14.5: rows used to pass unfiltered). */
	if (e->cfg.where != NULL &&
	    !slo_expr_match_event(e->cfg.where, row_event(row, &ev, &have_ev)))
		return SLO_OK;
	if (e->newest == SLO_NS_NONE || last > e->newest)
		e->newest = last;
	/* rows whose SLO names are those of the last row looked up, at the
	 * same places, take row_at as it is (rollup rows from one reader
	 * carry the same names, row after row) */
	int as_before = row->slos_gen != 0 && row->slos_gen == e->row_slos_gen &&
	    row->nslos == e->row_nslos;
	if (!as_before)
		e->row_slos_gen = 0; /* until every SLO is looked up */
	for (size_t i = 0; i < e->nslos; i++) {
		const slo_spec_slo *s = e->slos[i].spec;
		const slo_rollup_slo *rs = NULL;
		series *se;
		slo_status st;

		/* Rows hold requests: an SLO of another kind reads
		 * its own events, never rows (see slo-eval(1)). */
		if (s->sli == SLO_SPEC_SLI_COST &&
		    s->cost_per == SLO_KIND_REQUEST)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "slo '%s' divides cost by request events, "
			    "which rollup lines hold only as counts "
			    "without amounts: evaluate it from the "
			    "events, not from rollups", s->name);
		if (s->kind != SLO_KIND_REQUEST ||
		    s->sli == SLO_SPEC_SLI_COST)
			continue;
		/* rows of one file list their SLOs alike: look where the
		 * last one had it first */
		if (as_before) {
			if (e->slos[i].row_at != SIZE_MAX)
				rs = &row->slos[e->slos[i].row_at];
		} else if (e->slos[i].row_at < row->nslos &&
		    strcmp(row->slos[e->slos[i].row_at].name, s->name) == 0)
			rs = &row->slos[e->slos[i].row_at];
		else {
			e->slos[i].row_at = SIZE_MAX;
			for (size_t k = 0; k < row->nslos; k++)
				if (strcmp(row->slos[k].name, s->name) == 0) {
					rs = &row->slos[k];
					e->slos[i].row_at = k;
					break;
				}
		}
		if (rs == NULL) {
			e->rollup_misses++;
			continue;
		}
		if (rs->total == 0)
			continue;
		if (row_key_for(e, i, row, e->slos[i].row_direct ? NULL :
		    row_event(row, &ev, &have_ev), &key_of, &slot) != SLO_OK)
			return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		if ((se = series_cached(e, i, slot, err)) == NULL)
			return err != NULL ? err->status : SLO_ENOMEM;
		if ((st = slo_window_add(se->w, row->ts, rs->good, rs->total)) != SLO_OK)
			return slo_error_set(err, st, "", 0, 0, "%s", slo_strerror(st));
		if (se->overflow)
			e->slos[i].overflow_events += rs->total;
		if (!e->slos[i].want_latency)
			continue;
		/*
		 * A row's sketch holds every request of the row; an SLO
		 * whose where reads more than the dimensions cannot take
		 * its share of it: counted and reported, not guessed.  A
		 * row read without "latency_ms" counts as an empty sketch.
		 */
		if (!e->slos[i].where_on_dims)
			e->where_misses++;
		else if (s->where != NULL && !slo_expr_match_event(s->where,
		    row_event(row, &ev, &have_ev)))
			continue;
		else if (row->latency != NULL ?
		    slo_window_merge_sketch(se->w, row->ts, row->latency) != SLO_OK :
		    scan != NULL &&
		    slo_window_merge_sketch_scan(se->w, row->ts, scan) != SLO_OK)
			e->sketch_misses++;
	}
	e->row_slos_gen = row->slos_gen;
	e->row_nslos = row->nslos;
	return SLO_OK;
}

/* The rows of e->rollups into the windows, in their sorted order. */
static slo_status
fold_rollups(slo_eval *e, slo_error *err)
{
	size_t n = slo_rollup_nrows(e->rollups);
	slo_status st;

	if (n > 0 && e->cfg.where != NULL &&
	    check_rollup_where(e->cfg.where, err) != SLO_OK)
		return err != NULL ? err->status : SLO_EINVAL;
	for (size_t r = 0; r < n; r++)
		if ((st = fold_row(e, slo_rollup_row_at(e->rollups, r), NULL,
		    err)) != SLO_OK)
			return st;
	return SLO_OK;
}

/* ---- parallel parts ----------------------------------------------- */

void
slo_eval_set_runner(slo_eval *e, slo_eval_runner *run, int jobs)
{
	e->run = run;
	e->jobs = jobs;
}


struct task_run {
	slo_eval *e;
	task_fn *fn;
	void *ctx;
	slo_error *errs; /* one per thread */
};

static int
task_one(void *arg, int thread, size_t i)
{
	struct task_run *r = arg;
	slo_error *err = &r->errs[thread];
	slo_status st = r->fn(r->e, r->ctx, i, err);

	if (st == SLO_OK)
		return 0;
	if (err->status == SLO_OK)
		err->status = st;
	return -1;
}

/*
 * fn(e, ctx, i, err) for each i < n: through e's runner when it has one
 * (so at once, in any order), else here in order.  Stops at the first
 * error, which goes to err (with threads: the error of the lowest thread
 * that failed).  Without memory for the threads' errors, runs here.
 */
static slo_status
run_tasks(slo_eval *e, size_t n, task_fn *fn, void *ctx, slo_error *err)
{
	struct task_run r = { e, fn, ctx, NULL };
	slo_status st = SLO_OK;

	if (e->run == NULL || e->jobs < 2 || n < 2 ||
	    (r.errs = calloc((size_t)e->jobs, sizeof *r.errs)) == NULL) {
		for (size_t i = 0; i < n && st == SLO_OK; i++)
			st = fn(e, ctx, i, err);
		return st;
	}
	if (e->run(e->jobs, n, task_one, &r) < 0)
		for (int t = 0; t < e->jobs; t++)
			if (r.errs[t].status != SLO_OK) {
				st = r.errs[t].status;
				if (err != NULL)
					*err = r.errs[t];
				break;
			}
	free(r.errs);
	return st;
}

/* What reading or merging s costs, to start the costliest tasks first. */
static size_t
series_cost(const series *s)
{
	return slo_window_bytes(s->w) +
	    (s->wc != NULL ? slo_window_bytes(s->wc) : 0) +
	    (s->wn != NULL ? slo_window_bytes(s->wn) : 0);
}

/* ---- merging -------------------------------------------------------- */

/*
 * A merge in two steps: here, what touches dst's shared state (dst's
 * series for every src series, found or made as slo_eval_add() does, so
 * that a group past max_groups goes to the overflow group; the counters,
 * newest, rollups, incidents, fields seen, deploys); then the window
 * merges, one task per dst series, each reading and writing only its dst
 * series and the src series that fold into it (several only for the
 * overflow group): tasks run at once on the runner's threads.
 */
struct merge_pair {
	size_t task, seq; /* dst series' task; the pair's place in src */
	size_t cost;      /* of the whole task */
	series *d;
	const series *s;
};

struct merge_plan {
	struct merge_pair *pairs; /* by task, each in src table order */
	size_t *first;            /* task t: pairs[first[t] .. first[t + 1]) */
	size_t npairs, ntasks;
};

/* What src adds to dst besides its series. */
static slo_status
merge_rest(slo_eval *dst, const slo_eval *src, slo_error *err)
{
	slo_status st;

	if (src->newest != SLO_NS_NONE &&
	    (dst->newest == SLO_NS_NONE || src->newest > dst->newest))
		dst->newest = src->newest;
	if (src->rollups != NULL) {
		if (dst->rollups == NULL &&
		    (dst->rollups = slo_rollup_new(0)) == NULL)
			return slo_error_set(err, SLO_ENOMEM, "", 0, 0,
			    "out of memory");
		if ((st = slo_rollup_merge(dst->rollups, src->rollups, err)) !=
		    SLO_OK)
			return st;
	}
	for (size_t i = 0; i < dst->nslos; i++) {
		dst->slos[i].overflow_events += src->slos[i].overflow_events;
		if (src->slos[i].incidents != NULL &&
		    slo_incidents_merge(dst->slos[i].incidents,
		    src->slos[i].incidents) != SLO_OK)
			return slo_error_set(err, SLO_ENOMEM, "", 0, 0,
			    "out of memory");
	}
	dst->rollup_misses += src->rollup_misses;
	dst->sketch_misses += src->sketch_misses;
	dst->where_misses += src->where_misses;
	dst->straddles += src->straddles;
	if ((st = slo_seen_merge(dst->seen, src->seen)) != SLO_OK)
		return slo_error_set(err, st, "", 0, 0, "%s", slo_strerror(st));
	if (slo_scorecard_merge(dst->card, src->card) != SLO_OK)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	return SLO_OK;
}

/* Pairs each series of src with dst's, a task per dst series (task + 1
 * kept in d->task, 0 for none yet). */
static slo_status
plan_pairs(struct merge_plan *p, slo_eval *dst, const slo_eval *src,
    slo_error *err)
{
	for (size_t i = 0; i < dst->cap; i++)
		if (dst->table[i] != NULL)
			dst->table[i]->task = 0;
	for (size_t i = 0; i < src->cap; i++) {
		const series *s = src->table[i];
		series *d;

		if (s == NULL)
			continue;
		if ((d = series_find(dst, s->slo, s->key, s->keylen, err)) == NULL)
			return err != NULL ? err->status : SLO_ENOMEM;
		if (d->overflow && !s->overflow) {
			slo_window_stats ws;

			slo_window_stats_get(s->w, &ws);
			dst->slos[s->slo].overflow_events += ws.events +
			    ws.out_of_window + ws.after_until;
		}
		if (d->task == 0)
			d->task = ++p->ntasks;
		p->pairs[p->npairs] = (struct merge_pair){ d->task - 1,
		    p->npairs, 0, d, s };
		p->npairs++;
	}
	return SLO_OK;
}

/* By task, costliest first, each task's pairs in src table order. */
static int
pair_cmp(const void *a, const void *b)
{
	const struct merge_pair *x = a, *y = b;

	if (x->cost != y->cost)
		return x->cost > y->cost ? -1 : 1;
	if (x->task != y->task)
		return x->task < y->task ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sorts the pairs by pair_cmp and notes where each task starts. */
static slo_status
plan_order(struct merge_plan *p)
{
	size_t *cost = calloc(p->ntasks ? p->ntasks : 1, sizeof *cost);
	size_t t = 0;

	if (cost == NULL ||
	    (p->first = malloc((p->ntasks + 1) * sizeof *p->first)) == NULL) {
		free(cost);
		return SLO_ENOMEM;
	}
	for (size_t i = 0; i < p->npairs; i++)
		cost[p->pairs[i].task] += series_cost(p->pairs[i].s);
	for (size_t i = 0; i < p->npairs; i++)
		p->pairs[i].cost = cost[p->pairs[i].task];
	qsort(p->pairs, p->npairs, sizeof *p->pairs, pair_cmp);
	for (size_t i = 0; i < p->npairs; i++)
		if (i == 0 || p->pairs[i].task != p->pairs[i - 1].task)
			p->first[t++] = i;
	p->first[t] = p->npairs;
	free(cost);
	return SLO_OK;
}

static slo_status
merge_task(slo_eval *dst, void *ctx, size_t t, slo_error *err)
{
	const struct merge_plan *p = ctx;

	for (size_t i = p->first[t]; i < p->first[t + 1]; i++) {
		series *d = p->pairs[i].d;
		const series *s = p->pairs[i].s;
		slo_status st;

		if ((st = slo_window_merge(d->w, s->w)) != SLO_OK ||
		    (s->wc != NULL && (st = slo_window_merge(d->wc, s->wc)) != SLO_OK) ||
		    (s->wn != NULL && (st = slo_window_merge(d->wn, s->wn)) != SLO_OK))
			return slo_error_set(err, st, "", 0, 0,
			    "slo '%s': merging series: %s",
			    dst->slos[s->slo].spec->name, slo_strerror(st));
	}
	return SLO_OK;
}

uint64_t
slo_eval_rollup_straddles(const slo_eval *e)
{
	return e->straddles;
}

slo_status
slo_eval_merge(slo_eval *dst, const slo_eval *src, slo_error *err)
{
	struct merge_plan p = { 0 };
	slo_status st;

	if (dst->spec != src->spec || dst->nslos != src->nslos ||
	    dst->cfg.resolution != src->cfg.resolution ||
	    dst->cfg.at != src->cfg.at)
		return slo_error_set(err, SLO_EMISMATCH, "", 0, 0,
		    "merging engines of different specs or settings");
	if (dst->verdicts != NULL || src->verdicts != NULL)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "merging a finished engine");
	if ((p.pairs = malloc((src->count ? src->count : 1) *
	    sizeof *p.pairs)) == NULL)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	if ((st = plan_pairs(&p, dst, src, err)) == SLO_OK &&
	    (st = merge_rest(dst, src, err)) == SLO_OK) {
		if (plan_order(&p) != SLO_OK)
			st = slo_error_set(err, SLO_ENOMEM, "", 0, 0,
			    "out of memory");
		else
			st = run_tasks(dst, p.ntasks, merge_task, &p, err);
	}
	free(p.pairs);
	free(p.first);
	return st;
}

size_t
slo_eval_unseen_fields(const slo_eval *e, slo_unseen_fn *fn, void *ctx)
{
	return slo_seen_report(e->seen, fn, ctx);
}

uint64_t
slo_eval_rollup_misses(const slo_eval *e)
{
	return e->rollup_misses;
}

uint64_t
slo_eval_sketch_misses(const slo_eval *e)
{
	return e->sketch_misses;
}

uint64_t
slo_eval_where_sketch_misses(const slo_eval *e)
{
	return e->where_misses;
}

uint64_t
slo_eval_overflow_events(const slo_eval *e, size_t slo)
{
	return slo < e->nslos ? e->slos[slo].overflow_events : 0;
}

size_t
slo_eval_max_groups(const slo_eval *e)
{
	return e->cfg.max_groups;
}

/*
 * A duration SLI's incidents into its series, once every event is in
 * (slo-spec(5)): an incident whose `to` came by the evaluation instant
 * counts at its `to` event, good when to - from <= threshold, in the
 * group of that event and when where held on it; its duration goes to
 * the quantiles.  A `to` with no `from` at or before it is unmatched.
 * An incident past `from` but not `to` at the instant is open: counted
 * bad at the instant once it has been open longer than the threshold
 * (it can no longer be good), else not counted yet; where and group are
 * then those of its `from` event.
 */
static slo_status
fold_incidents(slo_eval *e, size_t slo, slo_error *err)
{
	slo_one *so = &e->slos[slo];
	slo_ns thr = so->spec->duration_threshold, at = e->at;
	slo_status st;

	for (size_t j = 0; j < slo_incidents_slots(so->incidents); j++) {
		const slo_incident *r = slo_incidents_slot(so->incidents, j);
		const slo_incident_end *end;
		int reached;
		series *se;

		if (r == NULL)
			continue;
		reached = r->to.ts != SLO_NS_NONE && (at == SLO_NS_NONE ||
		    r->to.ts <= at);
		end = reached ? &r->to : &r->from;
		if (end->ts == SLO_NS_NONE || !end->match ||
		    (!reached && at != SLO_NS_NONE && r->from.ts > at))
			continue;
		if ((se = series_find(e, slo, end->keylen ? end->key : "",
		    end->keylen, err)) == NULL)
			return err != NULL ? err->status : SLO_ENOMEM;
		if (reached && (r->from.ts == SLO_NS_NONE ||
		    r->from.ts > r->to.ts)) {
			se->inc_unmatched++;
			continue;
		}
		if (reached) {
			slo_ns d = r->to.ts - r->from.ts;

			st = slo_window_add(se->w, r->to.ts, d <= thr, 1);
			if (st == SLO_OK && so->want_latency)
				st = slo_window_add_latency(se->w, r->to.ts,
				    (double)d / 1e6, 1);
		} else if (at != SLO_NS_NONE && at - r->from.ts > thr) {
			se->inc_overdue++;
			st = slo_window_add(se->w, at, 0, 1);
		} else {
			se->inc_open++;
			continue;
		}
		if (st != SLO_OK)
			return slo_error_set(err, st, "", 0, 0, "slo '%s': %s",
			    so->spec->name, slo_strerror(st));
		if (se->overflow)
			so->overflow_events++;
	}
	return SLO_OK;
}

/* A verdict to measure and its series. */
struct measure {
	slo_verdict *v;
	const series *s;
	size_t cost;
};

static int
measure_cmp(const void *a, const void *b)
{
	const struct measure *x = a, *y = b;

	if (x->cost != y->cost)
		return x->cost > y->cost ? -1 : 1;
	return (x->v > y->v) - (x->v < y->v);
}

static slo_status
measure_task(slo_eval *e, void *ctx, size_t i, slo_error *err)
{
	const struct measure *m = ctx;

	return verdict_measure(e, m[i].v, m[i].s, err);
}

/* verdict_measure() of each of m[0 .. n), costliest first. */
static slo_status
measure_all(slo_eval *e, struct measure *m, size_t n, slo_error *err)
{
	for (size_t i = 0; i < n; i++)
		m[i].cost = series_cost(m[i].s);
	qsort(m, n, sizeof *m, measure_cmp);
	return run_tasks(e, n, measure_task, m, err);
}

slo_status
slo_eval_finish(slo_eval *e, slo_error *err)
{
	series **all;
	struct measure *m;
	size_t k = 0, nv;

	if (e->rollups != NULL && fold_rollups(e, err) != SLO_OK)
		return err != NULL ? err->status : SLO_ENOMEM;
	e->at = e->cfg.at != SLO_NS_NONE ? e->cfg.at : e->newest;
	for (size_t i = 0; i < e->nslos; i++)
		if (e->slos[i].incidents != NULL &&
		    fold_incidents(e, i, err) != SLO_OK)
			return err != NULL ? err->status : SLO_ENOMEM;
	if ((all = malloc((e->count ? e->count : 1) * sizeof *all)) == NULL)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	for (size_t i = 0; i < e->cap; i++)
		if (e->table[i] != NULL)
			all[k++] = e->table[i];
	qsort(all, k, sizeof *all, verdict_cmp);
	nv = k;
	for (size_t i = 0; i < e->nslos; i++)
		if (e->slos[i].nseries == 0)
			nv++;
	m = malloc((k ? k : 1) * sizeof *m);
	if (m == NULL ||
	    (e->verdicts = calloc(nv ? nv : 1, sizeof *e->verdicts)) == NULL) {
		free(m);
		free(all);
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	}
	k = 0;
	for (size_t i = 0, j = 0; i < e->nslos; i++) {
		/* Untracked incidents belong to no group: told on the first. */
		if (e->slos[i].incidents != NULL)
			e->verdicts[e->nverdicts].incidents_untracked =
			    slo_incidents_untracked(e->slos[i].incidents);
		if (e->slos[i].nseries == 0) {
			if (verdict_fill(e, &e->verdicts[e->nverdicts++], i, NULL, err) != SLO_OK)
				goto fail;
			continue;
		}
		for (; j < e->count && all[j]->slo == i; j++) {
			m[k++] = (struct measure){ &e->verdicts[e->nverdicts],
			    all[j], 0 };
			if (verdict_fill(e, &e->verdicts[e->nverdicts++], i, all[j], err) != SLO_OK)
				goto fail;
		}
	}
	if (measure_all(e, m, k, err) != SLO_OK)
		goto fail;
	free(m);
	free(all);
	return scorecard_build(e, err);
fail:
	free(m);
	free(all);
	return err != NULL ? err->status : SLO_ENOMEM;
}

slo_ns
slo_eval_at(const slo_eval *e)
{
	return e->at;
}

size_t
slo_eval_count(const slo_eval *e)
{
	return e->nverdicts;
}

const slo_verdict *
slo_eval_verdict(const slo_eval *e, size_t i)
{
	return i < e->nverdicts ? &e->verdicts[i] : NULL;
}

int
slo_eval_exit_code(const slo_eval *e)
{
	int no_data = 0, fail = 0;

	for (size_t i = 0; i < e->nverdicts; i++) {
		const slo_verdict *v = &e->verdicts[i];

		fail |= slo_eval_verdict_fails(e, v);
		no_data |= v->result.status == SLO_STATE_NO_DATA;
	}
	if (fail)
		return SLO_EXIT_FAIL;
	if (no_data && !e->cfg.no_data_ok)
		return SLO_EXIT_INCONCLUSIVE;
	return SLO_EXIT_PASS;
}

/* ---- the scorecard (slo_scorecard.h) ---------------------------------- */

static slo_status
scorecard_note(slo_eval *e, const slo_event *ev, slo_error *err)
{
	if (slo_scorecard_note(e->card, ev) != SLO_OK)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	return SLO_OK;
}

static slo_status
scorecard_build(slo_eval *e, slo_error *err)
{
	if (slo_scorecard_build(e->card, e->verdicts, e->nverdicts, e->reg,
	    e->at, e->cfg.resolution) != SLO_OK)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	return SLO_OK;
}

void
slo_eval_set_registry(slo_eval *e, const slo_flag_registry *reg)
{
	e->reg = reg;
}

const slo_scorecard *
slo_eval_scorecard(const slo_eval *e)
{
	return e->verdicts != NULL ? e->card : NULL;
}

int
slo_eval_verdict_fails(const slo_eval *e, const slo_verdict *v)
{
	if (v->result.status == SLO_STATE_BREACHED)
		return 1;
	for (size_t a = 0; a < v->result.nalerts; a++)
		if (v->result.alerts[a].firing &&
		    v->result.alerts[a].rule.severity >= e->cfg.fail_on)
			return 1;
	return 0;
}

slo_status
slo_eval_series_alerts(const slo_eval *e, const slo_verdict *v,
    slo_report_alert *out, size_t n)
{
	if (v->window == NULL || n != v->nseries)
		return SLO_EINVAL;
	return slo_report_alerts(&v->objective, v->window, e->at,
	    e->cfg.report_step, out, n);
}
