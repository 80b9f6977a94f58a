/*
 * rollup.c — exact, mergeable per-bucket summaries of requests
 * (slo_rollup.h, DESIGN.md "Rollups").
 *
 * Rows live in an open-addressing hash table keyed by a byte string that
 * encodes (ts, width, dimensions, sorted labels) unambiguously; the same
 * request always lands in the same row whichever shard it came from.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_str.h"
#include "slo_rollup.h"
#include "slo_spec.h"
#include "slo_sketch_json.h"
#include "jscan_int.h"

struct slo_def {
	char *name;
	const slo_expr *where, *good, *bad;
	const slo_expr *latency; /* latency SLI: the field */
	double threshold;
	int inclusive, above; /* slo_threshold_good()'s */
};

struct row {
	slo_rollup_row pub;
	char *key;
	size_t keylen;
	uint64_t hash;
	slo_kv *labels;
	slo_sketch *sketch;
	slo_rollup_slo *slos;
	size_t cap_slos;
};

struct slo_rollup {
	slo_ns width;
	struct slo_def *defs;
	size_t ndefs;
	struct row **rows;
	size_t nrows, caprows;
	size_t *table; /* row index + 1; 0 = empty */
	size_t tabsize;
	int sorted;
	slo_buf key;
	slo_buf text;  /* merge_scan: the scanner's copy of the line */
	slo_buf pairs; /* merge_scan: the sketch's bins */
	/*
	 * Streaming (slo_rollup_set_lateness()): late holds the rows of
	 * closed buckets, to the end; NULL when every row is kept to the
	 * end anyway.  newest is the horizon (SLO_NS_NONE before the first
	 * request), cut = floor(newest - lateness, width): a bucket is
	 * closed when it ends at or before cut; flushed is the cut of the
	 * last slo_rollup_flush().  heap holds the rows of the table by
	 * bucket start, oldest on top, so that a flush finds the closed
	 * ones without looking at the others.
	 */
	struct slo_rollup *late;
	slo_ns lateness, newest, cut, flushed;
	struct row **heap;
	size_t nheap, capheap;
	slo_sketch_scan sk; /* merge_scan: the line's sketch, read */
	struct text_read *rd; /* merge_scan, read_text: the line's members */
	char wtext[16];       /* the last width read, and its value (a
	                       * whole number of words: slo_same_bytes()): */
	size_t wlen1;         /* its length + 1, 0 for none */
	slo_ns wval;
	char tstext[40];      /* the last "ts" string read, and its value
	                       * (words, as wtext) */
	size_t tslen1;        /* its length + 1, 0 for none */
	slo_ns tsval;
};

static const char *const class_names[SLO_ROLLUP_NCLASS] = {
	"1xx", "2xx", "3xx", "4xx", "5xx", "other"
};

const char *
slo_rollup_class_name(int cls)
{
	return cls >= 0 && cls < SLO_ROLLUP_NCLASS ? class_names[cls] : "?";
}

slo_rollup *
slo_rollup_new(slo_ns width)
{
	slo_rollup *r;

	if (width < 0 || (r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->width = width;
	r->newest = r->cut = r->flushed = SLO_NS_NONE;
	return r;
}

static void
row_free(struct row *w)
{
	if (w == NULL)
		return;
	free(w->key);
	for (size_t i = 0; i < w->pub.nlabels; i++) {
		free((char *)w->labels[i].key);
		free((char *)w->labels[i].val);
	}
	free(w->labels);
	free((char *)w->pub.service);
	free((char *)w->pub.cohort);
	free((char *)w->pub.region);
	free((char *)w->pub.version);
	free((char *)w->pub.route);
	for (size_t i = 0; i < w->pub.nslos; i++)
		free((char *)w->slos[i].name);
	free(w->slos);
	slo_sketch_free(w->sketch);
	free(w);
}

void
slo_rollup_free(slo_rollup *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nrows; i++)
		row_free(r->rows[i]);
	free(r->rows);
	free(r->table);
	for (size_t i = 0; i < r->ndefs; i++)
		free(r->defs[i].name);
	free(r->defs);
	slo_buf_release(&r->key);
	slo_buf_release(&r->text);
	slo_buf_release(&r->pairs);
	slo_rollup_free(r->late);
	free(r->heap);
	free(r->rd);
	free(r);
}

slo_ns
slo_rollup_width(const slo_rollup *r)
{
	return r->width;
}

static slo_status
add_def(slo_rollup *r, const struct slo_def *def)
{
	struct slo_def *d;

	if (def->name == NULL)
		return SLO_EINVAL;
	for (size_t i = 0; i < r->ndefs; i++)
		if (strcmp(r->defs[i].name, def->name) == 0)
			return SLO_EINVAL;
	if ((d = realloc(r->defs, (r->ndefs + 1) * sizeof *d)) == NULL)
		return SLO_ENOMEM;
	r->defs = d;
	d = &r->defs[r->ndefs];
	*d = *def;
	if ((d->name = strdup(def->name)) == NULL)
		return SLO_ENOMEM;
	r->ndefs++;
	return SLO_OK;
}

slo_status
slo_rollup_add_slo(slo_rollup *r, const char *name, const slo_expr *where,
    const slo_expr *good, const slo_expr *bad)
{
	struct slo_def d = { (char *)name, where, good, bad, NULL, 0, 0, 0 };

	if ((good == NULL) == (bad == NULL))
		return SLO_EINVAL;
	return add_def(r, &d);
}

slo_status
slo_rollup_add_slo_threshold(slo_rollup *r, const char *name,
    const slo_expr *where, const slo_expr *field, double threshold,
    int inclusive, int above)
{
	struct slo_def d = { (char *)name, where, NULL, NULL, field,
		threshold, inclusive, above };

	if (field == NULL)
		return SLO_EINVAL;
	return add_def(r, &d);
}

slo_status
slo_rollup_add_slo_latency(slo_rollup *r, const char *name,
    const slo_expr *where, const slo_expr *field, double threshold,
    int inclusive)
{
	return slo_rollup_add_slo_threshold(r, name, where, field, threshold,
	    inclusive, 0);
}

slo_status
slo_rollup_add_spec(slo_rollup *r, const slo_spec *spec, slo_error *err)
{
	slo_status st;

	for (size_t i = 0; i < slo_spec_count(spec); i++) {
		const slo_spec_slo *s = slo_spec_get(spec, i);

		/*
		 * A row counts requests.  Events of other kinds are written
		 * as they come beside the rows, so an SLO over them (and a
		 * duration SLI) is carried exactly by those events: nothing to
		 * count here.  A cost per request would need the requests the
		 * rows fold away: refused, not rolled up as nothing.
		 */
		if (s->sli == SLO_SPEC_SLI_COST && s->cost_per == SLO_KIND_REQUEST)
			return slo_error_set(err, SLO_EINVAL, s->file ? s->file :
			    "", s->line, s->col, "slo '%s' divides cost by "
			    "requests, which rollup lines fold away: evaluate "
			    "it from the events, or roll up without it",
			    s->name);
		if (s->kind != SLO_KIND_REQUEST || s->sli == SLO_SPEC_SLI_COST ||
		    s->sli == SLO_SPEC_SLI_DURATION)
			continue;
		if (s->sli == SLO_SPEC_SLI_LATENCY)
			st = slo_rollup_add_slo_threshold(r, s->name, s->where,
			    s->latency_field, s->latency_threshold,
			    s->latency_inclusive, s->latency_above);
		else
			st = slo_rollup_add_slo(r, s->name, s->where, s->good,
			    s->bad);
		if (st != SLO_OK)
			return slo_error_set(err, st, s->file ? s->file : "",
			    s->line, s->col, "cannot count SLO '%s' in the "
			    "rollup", s->name);
	}
	return SLO_OK;
}

static int
def_good(const struct slo_def *def, const slo_event *ev)
{
	if (def->good != NULL)
		return slo_expr_match_event(def->good, ev);
	if (def->bad != NULL)
		return !slo_expr_match_event(def->bad, ev);
	slo_value v = slo_expr_value_event(def->latency, ev);
	return v.type == SLO_V_NUM && slo_threshold_good(v.num, def->threshold,
	    def->inclusive, def->above);
}

/* ---- keys ------------------------------------------------------------- */

/* The dimensions of a row, before it exists. */
struct dims {
	slo_ns ts, width;
	const char *s[5]; /* service cohort region version route */
	const slo_kv *labels;
	size_t nlabels;
	size_t *order; /* labels sorted by key */
};

static int
kv_cmp_idx(const slo_kv *l, size_t a, size_t b)
{
	int c = strcmp(l[a].key, l[b].key);

	return c != 0 ? c : strcmp(l[a].val, l[b].val);
}

/* Insertion sort: events hold a handful of labels. */
static void
sort_labels(const slo_kv *l, size_t n, size_t *order)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = i, v = i;
		while (j > 0 && kv_cmp_idx(l, order[j - 1], v) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = v;
	}
}

static slo_status
put_str(slo_buf *b, const char *s)
{
	/* 0: absent; 1 + bytes + NUL: present (strings hold no NUL) */
	if (s == NULL)
		return slo_buf_putc(b, 0);
	if (slo_buf_putc(b, 1) != SLO_OK)
		return SLO_ENOMEM;
	return slo_buf_append(b, s, strlen(s) + 1);
}

static slo_status
make_key(slo_buf *b, const struct dims *d)
{
	slo_status st = SLO_OK;

	slo_buf_reset(b);
	st |= slo_buf_append(b, &d->ts, sizeof d->ts);
	st |= slo_buf_append(b, &d->width, sizeof d->width);
	for (int i = 0; i < 5; i++)
		st |= put_str(b, d->s[i]);
	for (size_t i = 0; i < d->nlabels; i++) {
		st |= put_str(b, d->labels[d->order[i]].key);
		st |= put_str(b, d->labels[d->order[i]].val);
	}
	return st == SLO_OK ? SLO_OK : SLO_ENOMEM;
}

static uint64_t
fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The table at size slots (a power of two, > 2 x rows), rows refiled. */
static slo_status
rehash(slo_rollup *r, size_t size)
{
	size_t *t = calloc(size, sizeof *t);

	if (t == NULL)
		return SLO_ENOMEM;
	for (size_t i = 0; i < r->nrows; i++) {
		size_t h = (size_t)r->rows[i]->hash & (size - 1);
		while (t[h] != 0)
			h = (h + 1) & (size - 1);
		t[h] = i + 1;
	}
	free(r->table);
	r->table = t;
	r->tabsize = size;
	return SLO_OK;
}

/* Room in *a (of *cap row pointers, n used) for one more, doubling. */
static slo_status
rows_room(struct row ***a, size_t n, size_t *cap)
{
	struct row **grown;
	size_t want = *cap ? 2 * *cap : 64;

	if (n < *cap)
		return SLO_OK;
	if ((grown = realloc(*a, want * sizeof *grown)) == NULL)
		return SLO_ENOMEM;
	*a = grown;
	*cap = want;
	return SLO_OK;
}

/* Room in the table and the row array for one more row. */
static slo_status
row_room(slo_rollup *r)
{
	if ((r->nrows + 1) * 2 > r->tabsize &&
	    rehash(r, r->tabsize ? r->tabsize * 2 : 64) != SLO_OK)
		return SLO_ENOMEM;
	return rows_room(&r->rows, r->nrows, &r->caprows);
}

/* The row of key (len bytes, of that hash), or NULL. */
static struct row *
row_lookup(const slo_rollup *r, uint64_t hash, const char *key, size_t len)
{
	if (r->tabsize == 0)
		return NULL;
	for (size_t h = (size_t)hash & (r->tabsize - 1); r->table[h] != 0;
	    h = (h + 1) & (r->tabsize - 1)) {
		struct row *w = r->rows[r->table[h] - 1];
		if (w->hash == hash && w->keylen == len &&
		    memcmp(w->key, key, len) == 0)
			return w;
	}
	return NULL;
}

static slo_status heap_push(slo_rollup *r, struct row *w);

/* File w, whose key r does not hold yet, after row_room(); a streaming
 * rollup also keeps it by bucket start (ENOMEM, w not filed, else). */
static slo_status
row_insert(slo_rollup *r, struct row *w)
{
	size_t h = (size_t)w->hash & (r->tabsize - 1);

	if (r->late != NULL && heap_push(r, w) != SLO_OK)
		return SLO_ENOMEM;
	while (r->table[h] != 0)
		h = (h + 1) & (r->tabsize - 1);
	r->table[h] = r->nrows + 1;
	r->rows[r->nrows++] = w;
	r->sorted = 0;
	return SLO_OK;
}

static char *
dup_or_null(const char *s, int *fail)
{
	char *p;

	if (s == NULL)
		return NULL;
	if ((p = strdup(s)) == NULL)
		*fail = 1;
	return p;
}

/*
 * The row of d, made when new; NULL on ENOMEM.  A streaming rollup files
 * a bucket that has closed among its late rows (slo_rollup_set_lateness()).
 */
static struct row *
find_row(slo_rollup *r, const struct dims *d, double alpha)
{
	struct row *w;
	uint64_t hash;
	int fail = 0;

	if (r->late != NULL && d->ts + d->width <= r->cut)
		r = r->late;
	if (make_key(&r->key, d) != SLO_OK)
		return NULL;
	hash = fnv1a(r->key.data, r->key.len);
	if ((w = row_lookup(r, hash, r->key.data, r->key.len)) != NULL)
		return w;
	if (row_room(r) != SLO_OK)
		return NULL;
	if ((w = calloc(1, sizeof *w)) == NULL)
		return NULL;
	w->hash = hash;
	w->keylen = r->key.len;
	if ((w->key = malloc(r->key.len)) == NULL)
		goto fail;
	memcpy(w->key, r->key.data, r->key.len);
	w->pub.ts = d->ts;
	w->pub.width = d->width;
	w->pub.service = dup_or_null(d->s[0], &fail);
	w->pub.cohort = dup_or_null(d->s[1], &fail);
	w->pub.region = dup_or_null(d->s[2], &fail);
	w->pub.version = dup_or_null(d->s[3], &fail);
	w->pub.route = dup_or_null(d->s[4], &fail);
	if (d->nlabels > 0) {
		if ((w->labels = calloc(d->nlabels, sizeof *w->labels)) == NULL)
			goto fail;
		for (size_t i = 0; i < d->nlabels; i++) {
			w->labels[i].key = dup_or_null(
			    d->labels[d->order[i]].key, &fail);
			w->labels[i].val = dup_or_null(
			    d->labels[d->order[i]].val, &fail);
			w->pub.nlabels++;
		}
	}
	w->pub.labels = w->labels;
	if ((w->sketch = slo_sketch_new(alpha)) == NULL)
		fail = 1;
	w->pub.latency = w->sketch;
	if (fail || row_insert(r, w) != SLO_OK)
		goto fail;
	return w;
fail:
	row_free(w);
	return NULL;
}

/* The counters of SLO name in w, made (zero) when new. */
static slo_rollup_slo *
row_slo(struct row *w, const char *name)
{
	size_t lo = 0, hi = w->pub.nslos;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(w->slos[mid].name, name);
		if (c == 0)
			return &w->slos[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (w->pub.nslos == w->cap_slos) {
		size_t cap = w->cap_slos ? 2 * w->cap_slos : 4;
		slo_rollup_slo *s = realloc(w->slos, cap * sizeof *s);
		if (s == NULL)
			return NULL;
		w->slos = s;
		w->cap_slos = cap;
	}
	char *copy = strdup(name);
	if (copy == NULL)
		return NULL;
	memmove(&w->slos[lo + 1], &w->slos[lo],
	    (w->pub.nslos - lo) * sizeof *w->slos);
	w->slos[lo].name = copy;
	w->slos[lo].good = 0;
	w->slos[lo].total = 0;
	w->pub.nslos++;
	w->pub.slos = w->slos;
	return &w->slos[lo];
}

/* row_add()'s failure, said as slo_rollup_merge() says it. */
static slo_status
merge_error(slo_error *err, slo_status st)
{
	if (st == SLO_ENOMEM)
		return slo_error_set(err, st, "", 0, 0, "out of memory");
	return slo_error_set(err, st, "", 0, 0,
	    "latency sketches do not merge");
}

/* Add src's counts and sketch into dst, a row of the same key. */
static slo_status
row_add(struct row *dst, const struct row *src)
{
	slo_status st;

	if ((st = slo_sketch_merge(dst->sketch, src->sketch)) != SLO_OK)
		return st;
	dst->pub.count += src->pub.count;
	dst->pub.good += src->pub.good;
	for (int c = 0; c < SLO_ROLLUP_NCLASS; c++)
		dst->pub.status[c] += src->pub.status[c];
	for (size_t j = 0; j < src->pub.nslos; j++) {
		slo_rollup_slo *o = row_slo(dst, src->slos[j].name);
		if (o == NULL)
			return SLO_ENOMEM;
		o->good += src->slos[j].good;
		o->total += src->slos[j].total;
	}
	return SLO_OK;
}

/* The horizon moved to at, when later (streaming rollups). */
static void
advance(slo_rollup *r, slo_ns at)
{
	if (r->late == NULL || (r->newest != SLO_NS_NONE && at <= r->newest))
		return;
	r->newest = at;
	r->cut = slo_time_floor(at - r->lateness, r->width);
}

static int
status_class(const slo_event *ev)
{
	if (!(ev->has & SLO_HAS_STATUS) || ev->status < 100 || ev->status > 599)
		return SLO_ROLLUP_OTHER;
	return ev->status / 100 - 1;
}

slo_status
slo_rollup_add(slo_rollup *r, const slo_event *ev)
{
	size_t order_small[16], *order = order_small;
	struct dims d;
	struct row *w;
	slo_status st = SLO_OK;

	if (ev->kind != SLO_KIND_REQUEST || !(ev->has & SLO_HAS_TS) ||
	    r->width <= 0)
		return SLO_EINVAL;
	if (ev->nlabels > 16 &&
	    (order = malloc(ev->nlabels * sizeof *order)) == NULL)
		return SLO_ENOMEM;
	d.ts = slo_time_floor(ev->ts, r->width);
	d.width = r->width;
	d.s[0] = ev->service;
	d.s[1] = ev->cohort;
	d.s[2] = ev->region;
	d.s[3] = ev->version;
	d.s[4] = ev->route;
	d.labels = ev->labels;
	d.nlabels = ev->nlabels;
	d.order = order;
	sort_labels(ev->labels, ev->nlabels, order);
	if ((w = find_row(r, &d, SLO_SKETCH_ALPHA)) == NULL) {
		st = SLO_ENOMEM;
		goto out;
	}
	w->pub.count++;
	w->pub.good += ev->ok ? 1 : 0;
	w->pub.status[status_class(ev)]++;
	if ((ev->has & SLO_HAS_LATENCY) &&
	    (st = slo_sketch_add(w->sketch, ev->latency_ms)) != SLO_OK)
		goto out;
	for (size_t i = 0; i < r->ndefs; i++) {
		const struct slo_def *def = &r->defs[i];
		slo_rollup_slo *s = row_slo(w, def->name);
		if (s == NULL) {
			st = SLO_ENOMEM;
			goto out;
		}
		if (def->where != NULL && !slo_expr_match_event(def->where, ev))
			continue;
		s->total++;
		if (def_good(def, ev))
			s->good++;
	}
	advance(r, ev->ts);
out:
	if (order != order_small)
		free(order);
	return st;
}

/* ---- merging decoded lines -------------------------------------------- */

static slo_status
bad(slo_error *err, const char *fmt, const char *what)
{
	return slo_error_set(err, SLO_EINVAL, "", 0, 0, fmt, what);
}

/* A non-negative integer member; absent is 0 when optional. */
static slo_status
count_of(json_t *obj, const char *key, int optional, uint64_t *out,
    slo_error *err)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL && optional) {
		*out = 0;
		return SLO_OK;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return bad(err, "bad rollup '%s': not a count", key);
	*out = (uint64_t)json_integer_value(v);
	return SLO_OK;
}

slo_status
slo_rollup_merge_json(slo_rollup *r, json_t *line, slo_error *err)
{
	static const char *const dimkeys[5] = { "service", "cohort", "region",
		"version", "route" };
	uint64_t count, good, status[SLO_ROLLUP_NCLASS] = { 0 };
	slo_kv *labels = NULL;
	size_t nlabels = 0, *order = NULL, i;
	slo_sketch *sk = NULL;
	struct dims d;
	struct row *w;
	json_t *v, *jl, *js, *slos;
	const char *key;
	size_t errpos;
	slo_status st;

	slo_error_clear(err);
	v = json_object_get(line, "kind");
	if (!json_is_string(v) || strcmp(json_string_value(v), "rollup") != 0)
		return bad(err, "not a rollup: '%s' is not \"rollup\"", "kind");
	v = json_object_get(line, "ts");
	if (json_is_string(v)) {
		if (slo_time_parse(json_string_value(v), json_string_length(v),
		    &d.ts, &errpos) != SLO_OK)
			return bad(err, "bad rollup '%s'", "ts");
	} else if (!json_is_number(v) ||
	    slo_time_from_epoch(json_number_value(v), &d.ts) != SLO_OK) {
		return bad(err, "bad rollup '%s'", "ts");
	}
	v = json_object_get(line, "width");
	if (!json_is_string(v) || slo_duration_parse(json_string_value(v),
	    json_string_length(v), &d.width, &errpos) != SLO_OK ||
	    d.width <= 0)
		return bad(err, "bad rollup '%s'", "width");
	if (r->width > 0 && d.width != r->width)
		return slo_error_set(err, SLO_EMISMATCH, "", 0, 0,
		    "rollup width '%s' differs from this rollup's",
		    json_string_value(v));
	if (slo_time_floor(d.ts, d.width) != d.ts)
		return bad(err, "bad rollup '%s': not a bucket start", "ts");
	for (i = 0; i < 5; i++) {
		v = json_object_get(line, dimkeys[i]);
		if (v != NULL && !json_is_string(v))
			return bad(err, "bad rollup '%s': not a string",
			    dimkeys[i]);
		d.s[i] = v ? json_string_value(v) : NULL;
	}
	if ((st = count_of(line, "count", 0, &count, err)) != SLO_OK ||
	    (st = count_of(line, "good", 0, &good, err)) != SLO_OK)
		return st;
	if (good > count)
		return bad(err, "bad rollup '%s': more than count", "good");
	js = json_object_get(line, "status");
	if (js != NULL && !json_is_object(js))
		return bad(err, "bad rollup '%s': not an object", "status");
	json_object_foreach(js, key, v) {
		int c;
		for (c = 0; c < SLO_ROLLUP_NCLASS; c++)
			if (strcmp(key, class_names[c]) == 0)
				break;
		if (c == SLO_ROLLUP_NCLASS)
			return bad(err, "bad rollup status class '%s'", key);
		if ((st = count_of(js, key, 0, &status[c], err)) != SLO_OK)
			return st;
	}
	slos = json_object_get(line, "slos");
	if (slos != NULL && !json_is_object(slos))
		return bad(err, "bad rollup '%s': not an object", "slos");
	json_object_foreach(slos, key, v) {
		uint64_t g, t;
		if (!json_is_object(v) ||
		    count_of(v, "good", 0, &g, err) != SLO_OK ||
		    count_of(v, "total", 0, &t, err) != SLO_OK || g > t)
			return bad(err, "bad rollup counts of SLO '%s'", key);
	}
	v = json_object_get(line, "latency_ms");
	if (v != NULL) {
		slo_error e2;
		if ((sk = slo_sketch_from_json(v, &e2)) == NULL)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "bad rollup 'latency_ms': %s", e2.msg);
	}
	jl = json_object_get(line, "labels");
	if (jl != NULL && !json_is_object(jl)) {
		st = bad(err, "bad rollup '%s': not an object", "labels");
		goto out;
	}
	nlabels = json_object_size(jl);
	if (nlabels > 0) {
		labels = calloc(nlabels, sizeof *labels);
		order = calloc(nlabels, sizeof *order);
		if (labels == NULL || order == NULL) {
			st = SLO_ENOMEM;
			goto out;
		}
		i = 0;
		json_object_foreach(jl, key, v) {
			if (!json_is_string(v)) {
				st = bad(err, "bad rollup label '%s': not a "
				    "string", key);
				goto out;
			}
			labels[i].key = key;
			labels[i].val = json_string_value(v);
			i++;
		}
	}
	sort_labels(labels, nlabels, order);
	d.labels = labels;
	d.nlabels = nlabels;
	d.order = order;
	if ((w = find_row(r, &d, sk ? slo_sketch_alpha(sk) :
	    SLO_SKETCH_ALPHA)) == NULL) {
		st = SLO_ENOMEM;
		goto out;
	}
	if (sk != NULL && (st = slo_sketch_merge(w->sketch, sk)) != SLO_OK) {
		slo_error_set(err, st, "", 0, 0, "rollup 'latency_ms' sketch "
		    "does not merge: %s", slo_strerror(st));
		goto out;
	}
	w->pub.count += count;
	w->pub.good += good;
	for (int c = 0; c < SLO_ROLLUP_NCLASS; c++)
		w->pub.status[c] += status[c];
	json_object_foreach(slos, key, v) {
		slo_rollup_slo *s = row_slo(w, key);
		if (s == NULL) {
			st = SLO_ENOMEM;
			goto out;
		}
		s->good += (uint64_t)json_integer_value(json_object_get(v,
		    "good"));
		s->total += (uint64_t)json_integer_value(json_object_get(v,
		    "total"));
	}
	st = SLO_OK;
out:
	if (st == SLO_ENOMEM)
		slo_error_set(err, st, "", 0, 0, "out of memory");
	slo_sketch_free(sk);
	free(labels);
	free(order);
	return st;
}

/* ---- merging rollup lines from their text ----------------------------- */

/* Beyond these a line goes to jansson (rollups carry a handful). */
#define TEXT_MAX_LABELS 64
#define TEXT_MAX_SLOS 64

enum { TM_KIND, TM_TS, TM_WIDTH, TM_DIM, TM_COUNT = TM_DIM + 5, TM_GOOD,
	TM_STATUS, TM_SLOS, TM_LATENCY, TM_LABELS, TM__N };

/* Each member's name as it opens in compact text: quoted, then ':' */
static const char *const member_text[TM__N] = {
	"\"kind\":", "\"ts\":", "\"width\":", "\"service\":", "\"cohort\":",
	"\"region\":", "\"version\":", "\"route\":", "\"count\":", "\"good\":",
	"\"status\":", "\"slos\":", "\"latency_ms\":", "\"labels\":"
};

/* A name as key_is() compares it: its text in two words, zero-padded,
 * and a mask of its bytes; at most 16 bytes. */
struct name16 {
	uint64_t w[2], mask[2];
	size_t n;
};

enum { NAME_GOOD = TM__N, NAME_TOTAL, NNAMES };

/* The scanner's copy of a line is padded this far past JSCAN_PAD, so
 * that key_is() may read 16 bytes anywhere before the end. */
#define KEY_PAD 16

/* At most the first bytes of a line compared with the last one's
 * (text_gather). */
#define RAW_KEEP 256

/* Longer SLO names are read by jscan_key() on every line. */
#define SLO_NAME_KEEP 63
#define SLO_NAME_WORDS ((SLO_NAME_KEEP + 3 + 7) / 8)

/* A rollup line's members, as slo_rollup_merge_scan() gathers them. */
struct text_line {
	/* each read only when its bit of seen is set */
	jscan_val kind, ts, width, dim[5], count, good;
	unsigned seen;               /* bit per member read, see text_member */
	uint64_t status[SLO_ROLLUP_NCLASS];
	slo_kv labels[TEXT_MAX_LABELS];
	size_t nlabels;
	slo_rollup_slo slos[TEXT_MAX_SLOS];
	size_t nslos;
	uint64_t slos_gen;           /* slo_rollup_row's: 0, or names kept */
	slo_sketch_scan *sk;         /* the sketch read, or NULL */
};

/* A line read, kept by its slo_rollup between calls (2.6 kB: not on the
 * stack of every line) */
struct text_read {
	struct text_line t;
	size_t order[TEXT_MAX_LABELS]; /* t.labels sorted by key */
	slo_kv sorted[TEXT_MAX_LABELS]; /* slo_rollup_read_text(): in order */
	/* the members of the last line, in its order (see text_gather) */
	unsigned char order_seen[TM__N];
	size_t norder;
	struct name16 names[NNAMES]; /* member_text[], "good", "total" */
	/* the last line's leading members that are strings without
	 * escape, its first npre members: each one's value at pre_str[i]
	 * (pre_len[i] bytes) and its end at pre_end[i], offsets in the
	 * line; and the line's first rawn bytes as read, to the byte after
	 * the last of them (see text_gather) */
	char raw[RAW_KEEP];
	size_t rawn, npre;
	uint32_t pre_str[TM__N], pre_len[TM__N], pre_end[TM__N];
	/* the SLO names of the last line, in its order, pairwise distinct
	 * (see text_slos) */
	char slo_name[TEXT_MAX_SLOS][SLO_NAME_KEEP + 1];
	size_t slo_len[TEXT_MAX_SLOS];
	/* each as written, '"' name '":', in words, the last one's bytes
	 * past the text zero and masked off by slo_mask */
	uint64_t slo_word[TEXT_MAX_SLOS][SLO_NAME_WORDS];
	uint64_t slo_mask[TEXT_MAX_SLOS];
	size_t nslo_names;
	uint64_t slo_gen; /* counts the changes to the names kept, from 1 */
};

/*
 * Whether the member at the cursor opens with name (n bytes: the quoted
 * name and ':', as member_text[] has them), written plainly: after a
 * ',' unless it is the first, no space, no escape.  Then the cursor is
 * past the ':', as after jscan_key() (the name is not NUL-terminated,
 * and nothing reads it), and 1; else 0 and nothing moved, for
 * jscan_key() to read the member in full.  The same member either way:
 * a name with an escape or a space is another spelling, read by
 * jscan_key().  Reads at most n + 1 bytes: the text's padding (KEY_PAD)
 * holds them.
 */
static inline int
key_is(jscan *s, const struct name16 *name)
{
	char *p = s->p;
	uint64_t a, b;

	if (!s->first && *p++ != ',')
		return 0;
	memcpy(&a, p, 8);
	memcpy(&b, p + 8, 8);
	if (((a ^ name->w[0]) & name->mask[0]) != 0 ||
	    ((b ^ name->w[1]) & name->mask[1]) != 0)
		return 0;
	s->p = p + name->n;
	s->first = 0;
	return 1;
}

/* text (at most 16 bytes) as key_is() compares it */
static void
name16_set(struct name16 *k, const char *text)
{
	unsigned char b[16] = { 0 }, m[16] = { 0 };
	size_t n = strlen(text);

	memcpy(b, text, n);
	memset(m, 0xff, n);
	memcpy(k->w, b, 16);
	memcpy(k->mask, m, 16);
	k->n = n;
}

/* The member number of a key slo_rollup_merge_json() reads, or -1: by
 * length, then compares of a length known when compiled, which become
 * a word compare or two (a memcmp() call per name was a tenth of the
 * reading). */
static int
text_member(const char *k, size_t len)
{
#define IS(name) (memcmp(k, name, sizeof name - 1) == 0)
	switch (len) {
	case 2: return IS("ts") ? TM_TS : -1;
	case 4: return IS("kind") ? TM_KIND : IS("good") ? TM_GOOD :
	    IS("slos") ? TM_SLOS : -1;
	case 5: return IS("width") ? TM_WIDTH : IS("route") ? TM_DIM + 4 :
	    IS("count") ? TM_COUNT : -1;
	case 6: return IS("cohort") ? TM_DIM + 1 : IS("region") ? TM_DIM + 2 :
	    IS("status") ? TM_STATUS : IS("labels") ? TM_LABELS : -1;
	case 7: return IS("service") ? TM_DIM : IS("version") ? TM_DIM + 3 :
	    -1;
	case 10: return IS("latency_ms") ? TM_LATENCY : -1;
	default: return -1;
	}
#undef IS
}

/* text_count() of any other spelling: jscan_value_plain(), then
 * jscan_value() for what that does not read in place. */
static int
text_count_other(jscan *s, uint64_t *out)
{
	jscan_val v;

	if (jscan_value_plain(s, &v, ',', '}') < 0 || v.type != JSCAN_INT ||
	    v.i < 0)
		return 0;
	*out = (uint64_t)v.i;
	return 1;
}

/*
 * A count as count_of() takes it: a non-negative integer.  The common
 * spelling, 1 to 18 digits without a leading zero then ',' or '}', is
 * read here in place, as jscan_value_plain() reads it (a row holds a
 * dozen, mostly of two digits, for which its general form and the
 * jscan_val it fills cost twice this), and "0"; text_count_other()
 * reads any other.
 */
static inline int
text_count(jscan *s, uint64_t *out)
{
	const unsigned char *p = (const unsigned char *)s->p;
	uint64_t w = (unsigned)p[0] - '0';
	unsigned c;
	size_t i = 1;

	if (w - 1 > 8) {
		/* "0" alone; a leading zero before more is not JSON */
		if (w != 0 || (p[1] != ',' && p[1] != '}'))
			return text_count_other(s, out);
		s->p += 1;
		*out = 0;
		return 1;
	}
	/* the text's NUL stops it; more than 18 digits is refused below */
	while ((c = (unsigned)p[i] - '0') <= 9)
		w = w * 10 + c, i++;
	if (i > 18 || (p[i] != ',' && p[i] != '}'))
		return text_count_other(s, out);
	s->p += i;
	*out = w;
	return 1;
}

/*
 * The class of the "status" member at the cursor written as
 * slo-ingest writes it, '"' digit "xx\":" (after a ',' unless first),
 * digit 1 to 5: the class, the cursor past the ':' as jscan_key() leaves
 * it; else -1 and nothing moved, for jscan_key() to read the member.
 * Stops at the first byte that differs: never past the text's NUL.
 */
static inline int
status_class_at(jscan *s)
{
	const char *p = s->p;

	if (!s->first && *p++ != ',')
		return -1;
	if (p[0] != '"' || (unsigned)(p[1] - '1') > 4 || p[2] != 'x' ||
	    p[3] != 'x' || p[4] != '"' || p[5] != ':')
		return -1;
	s->p = (char *)p + 6;
	s->first = 0;
	return p[1] - '1';
}

/* The "status" object: known classes, each once, counts.  1 or 0. */
static int
text_status(jscan *s, struct text_line *t)
{
	unsigned once = 0;
	jscan_val v;
	size_t len;
	char *key;
	int c, r;

	if (jscan_value(s, &v) < 0 || v.type != JSCAN_OBJECT)
		return 0;
	for (;;) {
		if ((c = status_class_at(s)) < 0) {
			if ((r = jscan_key(s, &key, &len)) != 1)
				break;
			/* class_names[] by their spelling: "1xx".."5xx",
			 * "other" */
			if (len == 3 && key[0] >= '1' && key[0] <= '5' &&
			    key[1] == 'x' && key[2] == 'x')
				c = key[0] - '1';
			else if (len == 5 && memcmp(key, "other", 5) == 0)
				c = SLO_ROLLUP_OTHER;
			else
				return 0;
		}
		if ((once & 1u << c) || !text_count(s, &t->status[c]))
			return 0;
		once |= 1u << c;
	}
	return r == 0;
}

/*
 * Whether the member at the cursor is named rd's i-th kept SLO name,
 * written plainly as key_is() takes it ('"' name '":', after a ',' unless
 * first): then the cursor is past the ':' and 1, else 0 and nothing
 * moved.  Reads nothing past the text's NUL.
 */
static inline int
slo_name_is(jscan *s, const struct text_read *rd, size_t i)
{
	char *p = s->p;
	size_t len = rd->slo_len[i], last = (len + 3 - 1) / 8, k;
	const uint64_t *w = rd->slo_word[i];
	uint64_t a, diff;

	if (!s->first && *p++ != ',')
		return 0;
	/* the words end at most 7 bytes past the name as written, which
	 * lies before the text's NUL: JSCAN_PAD covers them */
	if ((size_t)(s->end - p) < len + 3)
		return 0;
	memcpy(&a, p + 8 * last, 8);
	diff = (a & rd->slo_mask[i]) ^ w[last];
	for (k = 0; k < last; k++) {
		memcpy(&a, p + 8 * k, 8);
		diff |= a ^ w[k];
	}
	if (diff != 0)
		return 0;
	s->p = p + len + 3;
	s->first = 0;
	return 1;
}

/*
 * name (len bytes), read by jscan_key() at place i of the "slos" object
 * and distinct from the names before it, kept as rd's i-th, the names
 * after it dropped; or, when it cannot be kept as written (a byte that
 * JSON escapes, or too long), it and those after it dropped.  So the
 * kept names stay pairwise distinct.
 */
static void
slo_name_keep(struct text_read *rd, size_t i, const char *name, size_t len)
{
	unsigned char text[8 * SLO_NAME_WORDS] = { 0 }, m[8] = { 0 };

	rd->slo_gen++;
	rd->nslo_names = i;
	if (len > SLO_NAME_KEEP)
		return;
	for (size_t k = 0; k < len; k++)
		if (name[k] == '"' || name[k] == '\\' ||
		    (unsigned char)name[k] < 0x20)
			return;
	memcpy(rd->slo_name[i], name, len);
	rd->slo_name[i][len] = '\0';
	rd->slo_len[i] = len;
	text[0] = '"';
	memcpy(text + 1, name, len);
	text[len + 1] = '"';
	text[len + 2] = ':';
	memcpy(rd->slo_word[i], text, sizeof text);
	memset(m, 0xff, len + 3 - (len + 3 - 1) / 8 * 8);
	memcpy(&rd->slo_mask[i], m, 8);
	rd->nslo_names = i + 1;
}

/*
 * The "slos" object: each name once, {good, total} with good <= total
 * (other members skipped, as json_object_get() never sees them).
 *
 * A file's lines name their SLOs in one order: each name is first
 * compared, as written, with the last line's at its place (rd's kept
 * names); while every one matches, the names are the kept ones, which
 * are pairwise distinct, and no duplicate check is needed.  A name that
 * differs is read by jscan_key(), checked against those before it, and
 * kept at its place for the next line.
 */
static int
text_slos(jscan *s, struct text_line *t, struct text_read *rd)
{
	const struct name16 *names = rd->names;
	jscan_val v;
	size_t len, i;
	char *key, *name;
	int r, r2, got, kept = 1;

	if (jscan_value(s, &v) < 0 || v.type != JSCAN_OBJECT)
		return 0;
	for (;;) {
		if (t->nslos < rd->nslo_names && slo_name_is(s, rd, t->nslos))
			name = rd->slo_name[t->nslos];
		else {
			if ((r = jscan_key(s, &name, &len)) != 1)
				break;
			kept = 0;
			if (t->nslos == TEXT_MAX_SLOS)
				return 0;
			for (i = 0; i < t->nslos; i++)
				if (t->slos[i].name[0] == name[0] &&
				    strcmp(t->slos[i].name, name) == 0)
					return 0;
			slo_name_keep(rd, t->nslos, name, len);
		}
		if (jscan_value(s, &v) < 0 || v.type != JSCAN_OBJECT)
			return 0;
		got = 0;
		/* as slo-ingest writes them: good, then total */
		if (key_is(s, &names[NAME_GOOD])) {
			if (!text_count(s, &t->slos[t->nslos].good))
				return 0;
			got = 1;
			if (key_is(s, &names[NAME_TOTAL])) {
				if (!text_count(s, &t->slos[t->nslos].total))
					return 0;
				got = 3;
			}
		}
		while ((r2 = jscan_key(s, &key, &len)) == 1) {
			int m = len == 4 && memcmp(key, "good", 4) == 0 ? 1 :
			    len == 5 && memcmp(key, "total", 5) == 0 ? 2 : 0;
			if (m == 0) {
				if (jscan_skip(s) < 0)
					return 0;
				continue;
			}
			if ((got & m) || !text_count(s, m == 1 ?
			    &t->slos[t->nslos].good : &t->slos[t->nslos].total))
				return 0;
			got |= m;
		}
		if (r2 < 0 || got != 3 ||
		    t->slos[t->nslos].good > t->slos[t->nslos].total)
			return 0;
		t->slos[t->nslos++].name = name;
	}
	if (r == 0 && kept)
		t->slos_gen = rd->slo_gen;
	return r == 0;
}

/* The "labels" object: string values, each key once.  1 or 0. */
static int
text_labels(jscan *s, struct text_line *t)
{
	jscan_val v;
	size_t len;
	char *key;
	int r;

	if (jscan_value(s, &v) < 0 || v.type != JSCAN_OBJECT)
		return 0;
	while ((r = jscan_key(s, &key, &len)) == 1) {
		if (t->nlabels == TEXT_MAX_LABELS ||
		    jscan_value(s, &v) < 0 || v.type != JSCAN_STRING)
			return 0;
		for (size_t i = 0; i < t->nlabels; i++)
			if (strcmp(t->labels[i].key, key) == 0)
				return 0;
		t->labels[t->nlabels].key = key;
		t->labels[t->nlabels++].val = v.str;
	}
	return r == 0;
}

/*
 * Every member of the line at the cursor into t; a member read twice
 * hands over, as jansson would keep the last.  1 or 0.
 *
 * The lines of a file come from one writer, their members in one order:
 * each name is first compared, as it is written, with the one the last
 * line had at that place (r->rd's order_seen), and read by jscan_key()
 * only where it differs, which then becomes the order for the next line.
 *
 * Before that, the leading members a line has as the last line had
 * them, byte for byte (kind, ts, width, and the dimensions of a group's
 * rows, which come one after another), are taken from the last line's
 * reading (rd->pre_*): what the scanner reads up to a byte depends on
 * the bytes up to there alone, so a member whose value and the byte
 * after it lie in the bytes both lines share (same_as_last()) reads
 * the same.
 * Only strings without escape are kept: their value is where it was in
 * the last line, and its closing quote becomes its NUL as jscan_value()
 * would make it.
 */
static int
text_gather(slo_rollup *r, jscan *s, jscan_runs *kept, struct text_line *t,
    const char *line)
{
	jscan_val *scalar[TM_GOOD + 1] = { &t->kind, &t->ts, &t->width,
		&t->dim[0], &t->dim[1], &t->dim[2], &t->dim[3], &t->dim[4],
		&t->count, &t->good };
	struct text_read *rd = r->rd;
	unsigned char *order = rd->order_seen;
	char *base = s->p;
	size_t len, at = 0;
	char *key;
	int m, rc, keep = 1;

	if (jscan_open(s) < 0)
		return 0;
	for (; at < rd->npre; at++) {
		m = order[at];
		t->seen |= 1u << m; /* each once: as read from the last line */
		scalar[m]->type = JSCAN_STRING;
		scalar[m]->str = base + rd->pre_str[at];
		scalar[m]->len = rd->pre_len[at];
		base[rd->pre_str[at] + rd->pre_len[at]] = '\0';
		s->p = base + rd->pre_end[at];
		s->first = 0;
	}
	for (;;) {
		if (at < r->rd->norder && key_is(s, &r->rd->names[order[at]]))
			m = order[at];
		else {
			if ((rc = jscan_key(s, &key, &len)) != 1)
				break;
			if ((m = text_member(key, len)) < 0) {
				/* the order goes as far as known members */
				r->rd->norder = at;
				keep = 0; /* none kept past it */
				if (jscan_skip(s) < 0)
					return 0;
				continue;
			}
			if (at < TM__N) {
				order[at] = (unsigned char)m;
				r->rd->norder = at + 1;
			}
		}
		at++;
		if (t->seen & 1u << m)
			return 0;
		t->seen |= 1u << m;
		switch (m) {
		case TM_COUNT:
		case TM_GOOD: {
			uint64_t u;

			/* text_check() takes no other: refuse now */
			if (!text_count(s, &u))
				return 0;
			scalar[m]->type = JSCAN_INT;
			scalar[m]->i = (long long)u;
			break;
		}
		case TM_STATUS:
			if (!text_status(s, t))
				return 0;
			break;
		case TM_SLOS:
			if (!text_slos(s, t, r->rd))
				return 0;
			break;
		case TM_LABELS:
			if (!text_labels(s, t))
				return 0;
			break;
		case TM_LATENCY:
			if (!slo_sketch_scan_jscan(s, kept, r->text.data,
			    &r->pairs, &r->sk))
				return 0;
			t->sk = &r->sk;
			break;
		default: {
			char *start = s->p;

			if (jscan_value(s, scalar[m]) < 0 ||
			    scalar[m]->type == JSCAN_OBJECT ||
			    scalar[m]->type == JSCAN_ARRAY)
				return 0;
			/* kept for the next line: a string without escape
			 * (its text as long as its value), in place */
			if (keep && rd->npre == at - 1 &&
			    scalar[m]->type == JSCAN_STRING &&
			    start[0] == '"' && s->p - start ==
			    (ptrdiff_t)scalar[m]->len + 2 &&
			    s->p < s->end && (size_t)(s->p - base) < RAW_KEEP) {
				size_t end = (size_t)(s->p - base);

				rd->pre_str[at - 1] = (uint32_t)(scalar[m]->str -
				    base);
				rd->pre_len[at - 1] = (uint32_t)scalar[m]->len;
				rd->pre_end[at - 1] = (uint32_t)end;
				rd->npre = at;
				/* its bytes as read (the scanner's copy has
				 * NULs for quotes), the byte after it too
				 * (in the line: s->p is before its end) */
				memcpy(rd->raw + rd->rawn, line + rd->rawn,
				    end + 1 - rd->rawn);
				rd->rawn = end + 1;
			}
		}
		}
		if (rd->npre != at)
			keep = 0;
	}
	/* jscan_close() of a line that ends at the '}' just read: nothing
	 * left to skip */
	return rc == 0 && (s->p == s->end ? s->depth == 0 :
	    jscan_close(s) == 1);
}

/* A width as slo_duration_parse() reads it: 1, or 0 when it does not
 * parse.  The last one is remembered, as a file of rollups has one. */
static int
width_of(slo_rollup *r, const jscan_val *v, slo_ns *out)
{
	if (v->len + 1 == r->wlen1 &&
	    slo_same_bytes(v->str, r->wtext, v->len)) {
		*out = r->wval;
		return 1;
	}
	if (slo_duration_parse(v->str, v->len, out, NULL) != SLO_OK)
		return 0;
	if (v->len < sizeof r->wtext) {
		memcpy(r->wtext, v->str, v->len);
		r->wlen1 = v->len + 1;
		r->wval = *out;
	}
	return 1;
}

/* A "ts" string as slo_time_parse() reads it: 1, or 0 when it does not
 * parse.  The last one is remembered: a file's rows come a bucket at a
 * time, each bucket's rows with the same ts. */
static int
ts_of(slo_rollup *r, const jscan_val *v, slo_ns *out)
{
	if (v->len + 1 == r->tslen1 &&
	    slo_same_bytes(v->str, r->tstext, v->len)) {
		*out = r->tsval;
		return 1;
	}
	if (slo_time_parse(v->str, v->len, out, NULL) != SLO_OK)
		return 0;
	if (v->len < sizeof r->tstext) {
		memcpy(r->tstext, v->str, v->len);
		r->tslen1 = v->len + 1;
		r->tsval = *out;
	}
	return 1;
}

/*
 * slo_rollup_merge_json()'s checks on the gathered members: 1 when it
 * would accept the line, with the row's dimensions in d, else 0.
 */
static int
text_check(slo_rollup *r, struct text_line *t, struct dims *d)
{
	const jscan_val *v;

	if (!(t->seen & 1u << TM_KIND) || t->kind.type != JSCAN_STRING ||
	    t->kind.len != 6 || memcmp(t->kind.str, "rollup", 6) != 0)
		return 0;
	v = &t->ts;
	if (!(t->seen & 1u << TM_TS))
		return 0;
	if (v->type == JSCAN_STRING) {
		if (!ts_of(r, v, &d->ts))
			return 0;
	} else if ((v->type != JSCAN_INT && v->type != JSCAN_REAL) ||
	    slo_time_from_epoch(v->num, &d->ts) != SLO_OK)
		return 0;
	v = &t->width;
	if (!(t->seen & 1u << TM_WIDTH) || v->type != JSCAN_STRING ||
	    !width_of(r, v, &d->width) ||
	    d->width <= 0 || (r->width > 0 && d->width != r->width) ||
	    slo_time_floor(d->ts, d->width) != d->ts)
		return 0;
	for (int i = 0; i < 5; i++) {
		if (!(t->seen & 1u << (TM_DIM + i))) {
			d->s[i] = NULL;
			continue;
		}
		if (t->dim[i].type != JSCAN_STRING)
			return 0;
		d->s[i] = t->dim[i].str;
	}
	if ((t->seen & 3u << TM_COUNT) != 3u << TM_COUNT ||
	    t->count.type != JSCAN_INT || t->count.i < 0 ||
	    t->good.type != JSCAN_INT || t->good.i < 0 ||
	    t->good.i > t->count.i)
		return 0;
	return 1;
}

/*
 * The members kept from the last line (rd->pre_*) cut to those line has
 * as well: whose value, and the byte after it, lie in the first bytes
 * line has as the last line had them (rd->raw holds the last line's
 * bytes up to the byte after the last member kept), compared sixteen
 * bytes at a time.  From here on the members kept are line's, whatever
 * becomes of it, and rd->raw holds their bytes still (line's are the
 * same).
 */
static void
same_as_last(struct text_read *rd, const char *line, size_t n)
{
	size_t i = 0, k = n < rd->rawn ? n : rd->rawn;
	uint64_t a[2], b[2];

	for (; i + 16 <= k; i += 16) {
		memcpy(a, line + i, 16);
		memcpy(b, rd->raw + i, 16);
		if (((a[0] ^ b[0]) | (a[1] ^ b[1])) != 0)
			break;
	}
	while (i < k && line[i] == rd->raw[i])
		i++;
	for (k = rd->npre; k > 0 && rd->pre_end[k - 1] >= i; k--)
		;
	rd->npre = k;
	rd->rawn = k > 0 ? rd->pre_end[k - 1] + 1 : 0;
}

/*
 * A rollup line's text read through the scanner (jscan_int.h) and checked
 * as slo_rollup_merge_json() checks its jansson object, into r->rd and d
 * (labels sorted): 1, or 0 when the line must go to jansson, which then
 * decides and says why.  kept (or NULL): the runs of pairs the event
 * decoder read from this very text (ev->runs), taken rather than read
 * twice.
 */
static int
read_kept(slo_rollup *r, const char *line, size_t n, jscan_runs *kept,
    struct dims *d)
{
	struct text_line *t;
	jscan s;

	if (r->rd == NULL) {
		if ((r->rd = calloc(1, sizeof *r->rd)) == NULL)
			return 0;
		for (int i = 0; i < TM__N; i++)
			name16_set(&r->rd->names[i], member_text[i]);
		name16_set(&r->rd->names[NAME_GOOD], "\"good\":");
		name16_set(&r->rd->names[NAME_TOTAL], "\"total\":");
	}
	t = &r->rd->t;
	same_as_last(r->rd, line, n);
	/* (slo_buf_reset() and slo_buf_reserve(), called only to grow) */
	r->text.len = 0;
	if (r->text.cap <= n + 1 + JSCAN_PAD + KEY_PAD &&
	    slo_buf_reserve(&r->text, n + 1 + JSCAN_PAD + KEY_PAD) != SLO_OK)
		return 0;
	memcpy(r->text.data, line, n);
	memset(r->text.data + n, 0, 1 + JSCAN_PAD + KEY_PAD);
	jscan_init(&s, r->text.data, n);
	t->seen = 0;
	memset(t->status, 0, sizeof t->status);
	t->nlabels = t->nslos = 0;
	t->slos_gen = 0;
	t->sk = NULL;
	if (!text_gather(r, &s, kept, t, line) || !text_check(r, t, d))
		return 0;
	sort_labels(t->labels, t->nlabels, r->rd->order);
	d->labels = t->labels;
	d->nlabels = t->nlabels;
	d->order = r->rd->order;
	return 1;
}

/*
 * read_kept(), then merged as slo_rollup_merge_json() merges: 1 with *st
 * its status when done, 0 with r unchanged when the line must go to
 * jansson.  What may fail after the checks (memory, sketches of another
 * alpha) fails as in slo_rollup_merge_json(), with its messages.
 */
static int
merge_scan_kept(slo_rollup *r, const char *line, size_t n, jscan_runs *kept,
    slo_status *st, slo_error *err)
{
	struct text_line *t;
	struct dims d;
	struct row *w;

	if (!read_kept(r, line, n, kept, &d))
		return 0;
	t = &r->rd->t;
	*st = SLO_OK;
	if ((w = find_row(r, &d, t->sk ? t->sk->alpha : SLO_SKETCH_ALPHA)) ==
	    NULL) {
		*st = slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		return 1;
	}
	/* the bins straight into the row's sketch, no sketch between */
	if (t->sk != NULL && (*st = slo_sketch_add_scan(w->sketch, t->sk)) !=
	    SLO_OK) {
		slo_error_set(err, *st, "", 0, 0, "rollup 'latency_ms' sketch "
		    "does not merge: %s", slo_strerror(*st));
		return 1;
	}
	w->pub.count += (uint64_t)t->count.i;
	w->pub.good += (uint64_t)t->good.i;
	for (int c = 0; c < SLO_ROLLUP_NCLASS; c++)
		w->pub.status[c] += t->status[c];
	for (size_t i = 0; i < t->nslos; i++) {
		slo_rollup_slo *o = row_slo(w, t->slos[i].name);
		if (o == NULL) {
			*st = slo_error_set(err, SLO_ENOMEM, "", 0, 0,
			    "out of memory");
			return 1;
		}
		o->good += t->slos[i].good;
		o->total += t->slos[i].total;
	}
	return 1;
}

int
slo_rollup_read_text(slo_rollup *r, const char *line, size_t n,
    struct jscan_runs *kept, slo_rollup_row *row,
    const struct slo_sketch_scan **sketch)
{
	struct text_line *t;
	struct dims d;

	if (!read_kept(r, line, n, kept, &d))
		return 0;
	t = &r->rd->t;
	memset(row, 0, sizeof *row);
	row->ts = d.ts;
	row->width = d.width;
	row->service = d.s[0];
	row->cohort = d.s[1];
	row->region = d.s[2];
	row->version = d.s[3];
	row->route = d.s[4];
	for (size_t i = 0; i < t->nlabels; i++)
		r->rd->sorted[i] = t->labels[r->rd->order[i]];
	row->labels = r->rd->sorted;
	row->nlabels = t->nlabels;
	row->count = (uint64_t)t->count.i;
	row->good = (uint64_t)t->good.i;
	memcpy(row->status, t->status, sizeof row->status);
	row->slos = t->slos;
	row->nslos = t->nslos;
	row->slos_gen = t->slos_gen;
	*sketch = t->sk;
	return 1;
}

int
slo_rollup_merge_scan(slo_rollup *r, const char *line, size_t n,
    slo_status *st, slo_error *err)
{
	return merge_scan_kept(r, line, n, NULL, st, err);
}

/* slo_rollup_merge_text(), with the decoder's runs of pairs (or NULL). */
static slo_status
merge_text_kept(slo_rollup *r, const char *line, size_t n, jscan_runs *kept,
    slo_error *err)
{
	json_error_t je;
	json_t *obj;
	slo_status st;

	slo_error_clear(err);
	if (merge_scan_kept(r, line, n, kept, &st, err))
		return st;
	if ((obj = json_loadb(line, n, 0, &je)) == NULL)
		return slo_error_set(err, SLO_ESYNTAX, "", 0, 0,
		    "invalid json: %s", je.text);
	st = slo_rollup_merge_json(r, obj, err);
	json_decref(obj);
	return st;
}

slo_status
slo_rollup_merge_text(slo_rollup *r, const char *line, size_t n,
    slo_error *err)
{
	return merge_text_kept(r, line, n, NULL, err);
}

slo_status
slo_rollup_merge_event(slo_rollup *r, const slo_event *ev, slo_error *err)
{
	if (ev->json != NULL)
		return slo_rollup_merge_json(r, ev->json, err);
	if (ev->text != NULL)
		return merge_text_kept(r, ev->text, ev->textlen, ev->runs, err);
	return slo_error_set(err, SLO_EINVAL, "", 0, 0,
	    "rollup without its object");
}

slo_status
slo_rollup_merge(slo_rollup *dst, const slo_rollup *src, slo_error *err)
{
	slo_status st = SLO_OK;

	for (size_t i = 0; i < src->nrows && st == SLO_OK; i++) {
		const struct row *s = src->rows[i];
		size_t order[s->pub.nlabels + 1];
		struct dims d = { s->pub.ts, s->pub.width,
			{ s->pub.service, s->pub.cohort, s->pub.region,
			  s->pub.version, s->pub.route },
			s->labels, s->pub.nlabels, order };
		struct row *w;

		if (dst->width > 0 && s->pub.width != dst->width)
			return slo_error_set(err, SLO_EMISMATCH, "", 0, 0,
			    "rollup widths differ");
		for (size_t j = 0; j < s->pub.nlabels; j++)
			order[j] = j;
		if ((w = find_row(dst, &d, slo_sketch_alpha(s->sketch))) ==
		    NULL)
			return slo_error_set(err, SLO_ENOMEM, "", 0, 0,
			    "out of memory");
		if ((st = row_add(w, s)) != SLO_OK)
			return merge_error(err, st);
	}
	return st;
}

/* ---- order and output ------------------------------------------------- */

static int
row_cmp(const void *pa, const void *pb)
{
	const slo_rollup_row *a = &(*(struct row *const *)pa)->pub;
	const slo_rollup_row *b = &(*(struct row *const *)pb)->pub;
	const char *const *sa[5] = { &a->service, &a->cohort, &a->region,
		&a->version, &a->route };
	const char *const *sb[5] = { &b->service, &b->cohort, &b->region,
		&b->version, &b->route };
	int c;

	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	if (a->width != b->width)
		return a->width < b->width ? -1 : 1;
	for (int i = 0; i < 5; i++)
		if ((c = slo_strcmp_null(*sa[i], *sb[i])) != 0)
			return c;
	for (size_t i = 0; i < a->nlabels && i < b->nlabels; i++) {
		if ((c = strcmp(a->labels[i].key, b->labels[i].key)) != 0 ||
		    (c = strcmp(a->labels[i].val, b->labels[i].val)) != 0)
			return c;
	}
	return (a->nlabels > b->nlabels) - (a->nlabels < b->nlabels);
}

/* Rows merged from a rollup's own output come in order already: a
 * pass to see it is cheaper than a sort. */
static int
rows_in_order(const slo_rollup *r)
{
	for (size_t i = 1; i < r->nrows; i++)
		if (row_cmp(&r->rows[i - 1], &r->rows[i]) > 0)
			return 0;
	return 1;
}

static void
sort_rows(slo_rollup *r)
{
	if (r->sorted)
		return;
	if (r->nrows > 1 && !rows_in_order(r))
		qsort(r->rows, r->nrows, sizeof *r->rows, row_cmp);
	/* the table holds indices: rebuild it in the new order */
	for (size_t i = 0; i < r->tabsize; i++)
		r->table[i] = 0;
	for (size_t i = 0; i < r->nrows; i++) {
		size_t h = (size_t)r->rows[i]->hash & (r->tabsize - 1);
		while (r->table[h] != 0)
			h = (h + 1) & (r->tabsize - 1);
		r->table[h] = i + 1;
	}
	r->sorted = 1;
}

size_t
slo_rollup_nrows(slo_rollup *r)
{
	return r->nrows;
}

const slo_rollup_row *
slo_rollup_row_at(slo_rollup *r, size_t i)
{
	if (i >= r->nrows)
		return NULL;
	sort_rows(r);
	return &r->rows[i]->pub;
}

static slo_status
key_str(slo_buf *out, const char *key, const char *val)
{
	slo_status st = SLO_OK;

	if (val == NULL)
		return SLO_OK;
	st |= slo_buf_putc(out, ',');
	st |= slo_buf_json_str(out, key, strlen(key));
	st |= slo_buf_putc(out, ':');
	st |= slo_buf_json_str(out, val, strlen(val));
	return st == SLO_OK ? SLO_OK : SLO_ENOMEM;
}

/*
 * ",KEY":N: a count in decimal, as %llu writes it, without printf, whose
 * two passes (measure, then write) were a quarter of the map step's
 * instructions when every row went through it.
 */
static slo_status
put_count(slo_buf *out, const char *key, uint64_t v)
{
	char digits[20], *p = digits + sizeof digits;
	slo_status st;

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	st = slo_buf_puts(out, key);
	st |= slo_buf_append(out, p, (size_t)(digits + sizeof digits - p));
	return st == SLO_OK ? SLO_OK : SLO_ENOMEM;
}

slo_status
slo_rollup_row_encode(const slo_rollup_row *w, slo_buf *out)
{
	char tbuf[SLO_TIME_BUFSZ], dbuf[SLO_DURATION_BUFSZ];
	slo_status st = SLO_OK;
	int first;

	slo_time_format(w->ts, tbuf);
	slo_duration_format(w->width, dbuf);
	st |= slo_buf_puts(out, "{\"kind\":\"rollup\",\"ts\":\"");
	st |= slo_buf_puts(out, tbuf);
	st |= slo_buf_puts(out, "\",\"width\":\"");
	st |= slo_buf_puts(out, dbuf);
	st |= slo_buf_putc(out, '"');
	st |= key_str(out, "service", w->service);
	st |= key_str(out, "cohort", w->cohort);
	st |= key_str(out, "region", w->region);
	st |= key_str(out, "version", w->version);
	st |= key_str(out, "route", w->route);
	if (w->nlabels > 0) {
		st |= slo_buf_puts(out, ",\"labels\":{");
		for (size_t i = 0; i < w->nlabels; i++) {
			const slo_kv *l = &w->labels[i];
			if (i > 0)
				st |= slo_buf_putc(out, ',');
			st |= slo_buf_json_str(out, l->key, strlen(l->key));
			st |= slo_buf_putc(out, ':');
			st |= slo_buf_json_str(out, l->val, strlen(l->val));
		}
		st |= slo_buf_putc(out, '}');
	}
	st |= put_count(out, ",\"count\":", w->count);
	st |= put_count(out, ",\"good\":", w->good);
	st |= slo_buf_puts(out, ",\"status\":{");
	first = 1;
	for (int c = 0; c < SLO_ROLLUP_NCLASS; c++) {
		if (w->status[c] == 0)
			continue;
		if (!first)
			st |= slo_buf_putc(out, ',');
		st |= slo_buf_putc(out, '"');
		st |= slo_buf_puts(out, class_names[c]);
		st |= put_count(out, "\":", w->status[c]);
		first = 0;
	}
	st |= slo_buf_puts(out, "},\"latency_ms\":");
	st |= slo_sketch_encode(w->latency, out);
	if (w->nslos > 0) {
		st |= slo_buf_puts(out, ",\"slos\":{");
		for (size_t i = 0; i < w->nslos; i++) {
			if (i > 0)
				st |= slo_buf_putc(out, ',');
			st |= slo_buf_json_str(out, w->slos[i].name,
			    strlen(w->slos[i].name));
			st |= put_count(out, ":{\"good\":", w->slos[i].good);
			st |= put_count(out, ",\"total\":", w->slos[i].total);
			st |= slo_buf_putc(out, '}');
		}
		st |= slo_buf_putc(out, '}');
	}
	st |= slo_buf_puts(out, "}\n");
	return st == SLO_OK ? SLO_OK : SLO_ENOMEM;
}

slo_status
slo_rollup_encode(slo_rollup *r, slo_buf *out)
{
	sort_rows(r);
	for (size_t i = 0; i < r->nrows; i++)
		if (slo_rollup_row_encode(&r->rows[i]->pub, out) != SLO_OK)
			return SLO_ENOMEM;
	return SLO_OK;
}

/*
 * The dimensions a rollup row keeps as they were on its events, and the
 * bucket start; status, latency_ms, ok and the rest are folded into its
 * counts, so an expression over them cannot be answered on a row.
 */
static int
rollup_carries(const char *path)
{
	static const char *const dims[] = {
		"kind", "ts", "service", "cohort", "region", "version", "route"
	};

	for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++)
		if (strcmp(path, dims[i]) == 0)
			return 1;
	return strncmp(path, "labels.", 7) == 0 && path[7] != '\0';
}

const char *
slo_rollup_uncarried(const slo_expr *e)
{
	for (size_t i = 0; e != NULL && i < slo_expr_npaths(e); i++)
		if (!rollup_carries(slo_expr_path_at(e, i)))
			return slo_expr_path_at(e, i);
	return NULL;
}

void
slo_rollup_row_event(const slo_rollup_row *row, slo_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->kind = SLO_KIND_REQUEST;
	ev->has = SLO_HAS_TS;
	ev->ts = row->ts;
	ev->service = row->service;
	ev->cohort = row->cohort;
	ev->region = row->region;
	ev->version = row->version;
	ev->route = row->route;
	ev->labels = (slo_kv *)row->labels; /* read only */
	ev->nlabels = row->nlabels;
}

/* ---- streaming: the map step over a long input ------------------------ */

slo_status
slo_rollup_set_lateness(slo_rollup *r, slo_ns lateness)
{
	if (r->width <= 0 || lateness < 0 || r->nrows > 0 || r->late != NULL)
		return SLO_EINVAL;
	if ((r->late = slo_rollup_new(r->width)) == NULL)
		return SLO_ENOMEM;
	r->lateness = lateness;
	return SLO_OK;
}

slo_ns
slo_rollup_newest(const slo_rollup *r)
{
	return r->newest;
}

slo_ns
slo_rollup_cut(const slo_rollup *r)
{
	return r->cut;
}

void
slo_rollup_advance(slo_rollup *r, slo_ns at)
{
	if (at != SLO_NS_NONE)
		advance(r, at);
}

/* ---- the heap of rows by bucket start (streaming) */

static int
heap_less(const struct row *a, const struct row *b)
{
	return a->pub.ts < b->pub.ts;
}

static slo_status
heap_push(slo_rollup *r, struct row *w)
{
	size_t i;

	if (rows_room(&r->heap, r->nheap, &r->capheap) != SLO_OK)
		return SLO_ENOMEM;
	for (i = r->nheap++; i > 0 && heap_less(w, r->heap[(i - 1) / 2]);
	    i = (i - 1) / 2)
		r->heap[i] = r->heap[(i - 1) / 2];
	r->heap[i] = w;
	return SLO_OK;
}

static struct row *
heap_pop(slo_rollup *r)
{
	struct row *top = r->heap[0], *last = r->heap[--r->nheap];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < r->nheap) {
		if (c + 1 < r->nheap && heap_less(r->heap[c + 1], r->heap[c]))
			c++;
		if (!heap_less(r->heap[c], last))
			break;
		r->heap[i] = r->heap[c];
		i = c;
	}
	if (r->nheap > 0)
		r->heap[i] = last;
	return top;
}

/* The table slot that holds row index idx (of a row of that hash). */
static size_t
slot_of(const slo_rollup *r, uint64_t hash, size_t idx)
{
	size_t h = (size_t)hash & (r->tabsize - 1);

	while (r->table[h] != idx + 1)
		h = (h + 1) & (r->tabsize - 1);
	return h;
}

/*
 * Take w out of the table and the row array, not freeing it: its slot
 * emptied by shifting back the entries that probed past it (linear
 * probing has no tombstones), the last row moved into its place.
 */
static void
row_remove(slo_rollup *r, struct row *w)
{
	size_t mask = r->tabsize - 1, i, j, idx, last = r->nrows - 1;

	for (i = (size_t)w->hash & mask; r->rows[r->table[i] - 1] != w;
	    i = (i + 1) & mask)
		continue;
	idx = r->table[i] - 1;
	for (j = (i + 1) & mask; r->table[j] != 0; j = (j + 1) & mask) {
		size_t home = (size_t)r->rows[r->table[j] - 1]->hash & mask;
		/* j's entry may move to i unless its home lies in (i, j] */
		if (((j - home) & mask) >= ((j - i) & mask)) {
			r->table[i] = r->table[j];
			i = j;
		}
	}
	r->table[i] = 0;
	if (idx != last) {
		r->table[slot_of(r, r->rows[last]->hash, last)] = idx + 1;
		r->rows[idx] = r->rows[last];
	}
	r->nrows--;
	r->sorted = 0;
}

/*
 * The rows of the buckets closed by the cut, out of the table, sorted,
 * into the output, and freed.
 */
static slo_status
flush_closed(slo_rollup *r, slo_buf *out)
{
	struct row **closed = NULL;
	size_t n = 0, cap = 0;
	slo_status st = SLO_OK;

	while (r->nheap > 0 && r->heap[0]->pub.ts + r->width <= r->cut) {
		struct row *w = heap_pop(r);

		row_remove(r, w);
		if (rows_room(&closed, n, &cap) != SLO_OK) {
			row_free(w);
			st = SLO_ENOMEM;
			break;
		}
		closed[n++] = w;
	}
	if (n > 1)
		qsort(closed, n, sizeof *closed, row_cmp);
	for (size_t i = 0; i < n; i++) {
		if (st == SLO_OK)
			st = slo_rollup_row_encode(&closed[i]->pub, out);
		row_free(closed[i]);
	}
	free(closed);
	return st;
}

slo_status
slo_rollup_flush(slo_rollup *r, slo_buf *out)
{
	if (r->late == NULL || r->cut == r->flushed)
		return SLO_OK;
	r->flushed = r->cut;
	return flush_closed(r, out);
}

slo_rollup *
slo_rollup_take(slo_rollup *r)
{
	slo_rollup *part = slo_rollup_new(r->width), *late;

	if (part == NULL || (late = slo_rollup_new(r->width)) == NULL) {
		slo_rollup_free(part);
		return NULL;
	}
	/* the rows and their table move; the SLOs and the scratch stay */
	part->rows = r->rows;
	part->nrows = r->nrows;
	part->caprows = r->caprows;
	part->table = r->table;
	part->tabsize = r->tabsize;
	part->late = r->late;
	part->heap = r->heap;
	part->nheap = r->nheap;
	part->capheap = r->capheap;
	part->lateness = r->lateness;
	part->newest = r->newest;
	part->cut = r->cut;
	r->rows = NULL;
	r->nrows = r->caprows = 0;
	r->table = NULL;
	r->tabsize = 0;
	r->heap = NULL;
	r->nheap = r->capheap = 0;
	r->late = late;
	r->newest = r->cut = r->flushed = SLO_NS_NONE;
	return part;
}

/* w (of another rollup, now ours) into r: added to the row of its key,
 * or filed as it is.  w is consumed either way. */
static slo_status
row_place(slo_rollup *r, struct row *w)
{
	struct row *have = row_lookup(r, w->hash, w->key, w->keylen);
	slo_status st;

	if (have != NULL) {
		st = row_add(have, w);
		row_free(w);
		return st;
	}
	if (row_room(r) != SLO_OK || row_insert(r, w) != SLO_OK) {
		row_free(w);
		return SLO_ENOMEM;
	}
	return SLO_OK;
}

/* Every row of src placed in r (closed ones among the late when by_cut);
 * src is left without rows, whatever happens. */
static slo_status
place_all(slo_rollup *r, slo_rollup *src, int by_cut)
{
	slo_status st = SLO_OK;

	for (size_t i = 0; i < src->nrows; i++) {
		struct row *w = src->rows[i];
		slo_rollup *to = by_cut && r->late != NULL &&
		    w->pub.ts + w->pub.width <= r->cut ? r->late : r;

		if (st == SLO_OK)
			st = row_place(to, w);
		else
			row_free(w);
	}
	src->nrows = 0;
	return st;
}

slo_status
slo_rollup_absorb(slo_rollup *r, slo_rollup *part, slo_error *err)
{
	slo_status st = SLO_OK;

	slo_error_clear(err);
	if (part->width != r->width) {
		slo_rollup_free(part);
		return slo_error_set(err, SLO_EMISMATCH, "", 0, 0,
		    "rollup widths differ");
	}
	if ((st = place_all(r, part, 1)) == SLO_OK && part->late != NULL)
		st = place_all(r->late != NULL ? r->late : r, part->late, 0);
	slo_rollup_free(part);
	return st == SLO_OK ? SLO_OK : merge_error(err, st);
}

slo_status
slo_rollup_finish(slo_rollup *r)
{
	slo_rollup *late = r->late;
	slo_status st;

	if (late == NULL)
		return SLO_OK;
	r->late = NULL;
	st = place_all(r, late, 0);
	slo_rollup_free(late);
	return st;
}
