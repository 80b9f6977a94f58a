/*
 * fields_seen.c — the fields an SLO reads that no event carried (see
 * fields_seen_int.h).
 *
 * Every field path of every SLO (where, good or bad, the latency field,
 * group_by) becomes one watch per distinct dotted name, read on events by
 * the compiled path of the first expression that names it.  A watch is
 * seen once one event gives it a value; the tracker stops looking when
 * all are.
 */
#include <stdlib.h>
#include <string.h>

#include "fields_seen_int.h"
#include "slo_yaml.h" /* slo_suggest */

struct watch {
	const slo_expr *e;  /* an expression that reads the field ... */
	size_t path;        /* ... as its path number path */
	const char *name;   /* dotted, owned by e */
	int seen;
};

/* SLO slo reads watch w; kept in spec order for the report. */
struct use {
	size_t slo;
	size_t w;
};

struct slo_seen {
	const slo_spec *spec;
	struct watch *w;
	size_t nw, capw;
	size_t *todo;       /* the watches not seen yet, in any order */
	size_t nleft;
	size_t *index;      /* open addressing by name: watch + 1, 0 free */
	size_t capindex;    /* a power of two, over twice nw */
	struct use *u;
	size_t nu, capu;
	int any;            /* some event came */
	int rollups;        /* a rollup line came */
	unsigned long fields; /* slo_expr_fields_present() of all events */
	char **names;       /* "labels.x", "flags.y" seen: sorted, bounded */
	size_t nnames;
};

/* Room for one more of *len elements of sz bytes in *p (doubling). */
static int
reserve(void **p, size_t *cap, size_t len, size_t sz)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	void *np;

	if (len < *cap)
		return 0;
	if ((np = realloc(*p, ncap * sz)) == NULL)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

static size_t
name_hash(const char *name)
{
	size_t h = 2166136261u;

	for (; *name != '\0'; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* The slot of name in s->index: its watch's, or the free one for it. */
static size_t *
slot(const slo_seen *s, const char *name)
{
	size_t i = name_hash(name) & (s->capindex - 1);

	while (s->index[i] != 0 &&
	    strcmp(s->w[s->index[i] - 1].name, name) != 0)
		i = (i + 1) & (s->capindex - 1);
	return &s->index[i];
}

/* The watch of name, added if new; -1 when out of memory. */
static long
watch_of(slo_seen *s, const slo_expr *e, size_t p)
{
	const char *name = slo_expr_path_at(e, p);
	size_t *sl;

	if (2 * (s->nw + 1) > s->capindex) {
		size_t ncap = s->capindex ? s->capindex * 2 : 64;
		size_t *old = s->index, oldcap = s->capindex;

		if ((s->index = calloc(ncap, sizeof *s->index)) == NULL) {
			s->index = old;
			return -1;
		}
		s->capindex = ncap;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i] != 0)
				*slot(s, s->w[old[i] - 1].name) = old[i];
		free(old);
	}
	if (*(sl = slot(s, name)) != 0)
		return (long)(*sl - 1);
	if (reserve((void **)&s->w, &s->capw, s->nw, sizeof *s->w) < 0)
		return -1;
	s->w[s->nw].e = e;
	s->w[s->nw].path = p;
	s->w[s->nw].name = name;
	s->w[s->nw].seen = 0;
	*sl = ++s->nw;
	return (long)(s->nw - 1);
}

/*
 * SLO slo reads the paths of e.  Its uses so far start at first: a field
 * it reads twice is reported once.  Linear in the spec, for specs of
 * 10^5 SLOs.
 */
static slo_status
watch_expr(slo_seen *s, size_t slo, size_t first, const slo_expr *e)
{
	for (size_t p = 0; e != NULL && p < slo_expr_npaths(e); p++) {
		long w = watch_of(s, e, p);
		size_t k;

		if (w < 0)
			return SLO_ENOMEM;
		for (k = first; k < s->nu; k++)
			if (s->u[k].w == (size_t)w)
				break;
		if (k < s->nu)
			continue;
		if (reserve((void **)&s->u, &s->capu, s->nu, sizeof *s->u) < 0)
			return SLO_ENOMEM;
		s->u[s->nu].slo = slo;
		s->u[s->nu++].w = (size_t)w;
	}
	return SLO_OK;
}

slo_seen *
slo_seen_new(const slo_spec *spec)
{
	slo_seen *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->spec = spec;
	for (size_t i = 0; i < slo_spec_count(spec); i++) {
		const slo_spec_slo *so = slo_spec_get(spec, i);
		size_t first = s->nu;

		if (watch_expr(s, i, first, so->where) != SLO_OK ||
		    watch_expr(s, i, first, so->good) != SLO_OK ||
		    watch_expr(s, i, first, so->bad) != SLO_OK ||
		    watch_expr(s, i, first, so->latency_field) != SLO_OK)
			goto fail;
		for (size_t g = 0; g < so->ngroup_by; g++)
			if (watch_expr(s, i, first, so->group_exprs[g]) != SLO_OK)
				goto fail;
	}
	if ((s->todo = calloc(s->nw ? s->nw : 1, sizeof *s->todo)) == NULL)
		goto fail;
	for (size_t w = 0; w < s->nw; w++)
		s->todo[s->nleft++] = w;
	return s;
fail:
	slo_seen_free(s);
	return NULL;
}

void
slo_seen_free(slo_seen *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->names);
	free(s->w);
	free(s->index);
	free(s->todo);
	free(s->u);
	free(s);
}

/* strcmp(a, prefix followed by name) without building the latter. */
static int
cmp_name(const char *a, const char *prefix, const char *name)
{
	for (; *prefix != '\0'; a++, prefix++)
		if (*a != *prefix)
			return (unsigned char)*a - (unsigned char)*prefix;
	return strcmp(a, name);
}

/*
 * Adds prefix followed by name to the sorted set of names, which keeps
 * the SLO_SEEN_MAX_NAMES smallest: a name past a full set is not taken,
 * and one taken into a full set pushes the largest out.  Allocates only
 * for a name taken.
 */
static slo_status
add_name(slo_seen *s, const char *prefix, const char *name)
{
	size_t lo = 0, hi = s->nnames, plen = strlen(prefix), n;
	char *full;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_name(s->names[mid], prefix, name);

		if (c == 0)
			return SLO_OK;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == SLO_SEEN_MAX_NAMES)
		return SLO_OK;
	if (s->names == NULL &&
	    (s->names = calloc(SLO_SEEN_MAX_NAMES, sizeof *s->names)) == NULL)
		return SLO_ENOMEM;
	n = strlen(name);
	if ((full = malloc(plen + n + 1)) == NULL)
		return SLO_ENOMEM;
	memcpy(full, prefix, plen);
	memcpy(full + plen, name, n + 1);
	if (s->nnames == SLO_SEEN_MAX_NAMES)
		free(s->names[--s->nnames]);
	memmove(s->names + lo + 1, s->names + lo,
	    (s->nnames - lo) * sizeof *s->names);
	s->names[lo] = full;
	s->nnames++;
	return SLO_OK;
}

slo_status
slo_seen_note(slo_seen *s, const slo_event *ev)
{
	slo_status st;

	s->any = 1;
	if (s->nleft == 0 || s->rollups)
		return SLO_OK;
	/*
	 * A rollup row holds counts that slo-ingest --spec computed from
	 * the requests, which were read there: their fields are not here
	 * to check.
	 */
	if (ev->kind == SLO_KIND_ROLLUP) {
		s->rollups = 1;
		return SLO_OK;
	}
	for (size_t k = 0; k < s->nleft;) {
		struct watch *wa = &s->w[s->todo[k]];

		if (slo_expr_path_value_event(wa->e, wa->path, ev).type !=
		    SLO_V_MISSING) {
			wa->seen = 1;
			s->todo[k] = s->todo[--s->nleft];
		} else
			k++;
	}
	if (s->nleft == 0)
		return SLO_OK;
	/* what the hints choose from */
	s->fields |= slo_expr_fields_present(ev);
	for (size_t i = 0; i < ev->nlabels; i++)
		if ((st = add_name(s, "labels.", ev->labels[i].key)) != SLO_OK)
			return st;
	for (size_t i = 0; i < ev->nflags; i++)
		if ((st = add_name(s, "flags.", ev->flags[i].key)) != SLO_OK)
			return st;
	return SLO_OK;
}

slo_status
slo_seen_merge(slo_seen *dst, const slo_seen *src)
{
	slo_status st;

	if (dst->spec != src->spec || dst->nw != src->nw)
		return SLO_EMISMATCH;
	dst->nleft = 0;
	for (size_t w = 0; w < dst->nw; w++) {
		dst->w[w].seen |= src->w[w].seen;
		if (!dst->w[w].seen)
			dst->todo[dst->nleft++] = w;
	}
	dst->any |= src->any;
	dst->rollups |= src->rollups;
	dst->fields |= src->fields;
	for (size_t i = 0; i < src->nnames; i++)
		if ((st = add_name(dst, "", src->names[i])) != SLO_OK)
			return st;
	return SLO_OK;
}

size_t
slo_seen_report(const slo_seen *s, slo_unseen_fn *fn, void *ctx)
{
	const char *choices[32 + SLO_SEEN_MAX_NAMES + 1];
	size_t n = 0, count = 0;

	if (!s->any || s->rollups || s->nleft == 0)
		return 0;
	for (size_t f = 0; f < slo_expr_field_count(); f++)
		if (s->fields >> f & 1)
			choices[n++] = slo_expr_field_name(f);
	for (size_t i = 0; i < s->nnames; i++)
		choices[n++] = s->names[i];
	choices[n] = NULL;
	for (size_t k = 0; k < s->nu; k++) {
		const struct watch *wa = &s->w[s->u[k].w];

		if (wa->seen)
			continue;
		fn(ctx, slo_spec_get(s->spec, s->u[k].slo)->name, wa->name,
		    slo_suggest(wa->name, choices));
		count++;
	}
	return count;
}
