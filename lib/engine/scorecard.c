/*
 * scorecard.c — slo-eval's scorecard: verdicts grouped by service and
 * owner, release cadence, active alpha flags and budget use per owner.
 * See slo_scorecard.h for the definitions.
 */
#include <stdlib.h>
#include <string.h>

#include "slo_str.h"
#include "slo_scorecard.h"

#define NS_PER_DAY (86400 * SLO_NS_PER_SEC)

/* The deploy instants of one service (NULL: deploys without one). */
typedef struct deploys {
	char *service;
	slo_ns *ts;
	size_t n, cap;
	int has_slo;      /* an SLO names the service (slo_scorecard_build) */
} deploys;

struct slo_scorecard {
	deploys *svc;
	size_t nsvc, capsvc;
	size_t *index;    /* open addressing over svc: i + 1, 0 for empty */
	size_t capindex;  /* a power of two, more than twice nsvc */
	int any_owner, has_registry;
	slo_ns from, to;
	int has_window;
	slo_score_group *groups;
	size_t ngroups;
	slo_score_owner *owners;
	size_t nowners;
	const slo_verdict **order;
};

slo_scorecard *
slo_scorecard_new(void)
{
	return calloc(1, sizeof(slo_scorecard));
}

static void
results_free(slo_scorecard *c)
{
	for (size_t i = 0; i < c->nowners; i++)
		free((void *)c->owners[i].alpha_flags);
	free(c->owners);
	free(c->groups);
	free(c->order);
	c->owners = NULL;
	c->groups = NULL;
	c->order = NULL;
	c->nowners = c->ngroups = 0;
}

void
slo_scorecard_free(slo_scorecard *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nsvc; i++) {
		free(c->svc[i].service);
		free(c->svc[i].ts);
	}
	free(c->svc);
	free(c->index);
	results_free(c);
	free(c);
}

/* FNV-1a of the service's name; NULL hashes apart from "". */
static uint64_t
service_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	if (s == NULL)
		return 1;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The index slot of service s: its own, or the empty one it would take.
 * Deploys of many distinct services stay linear in time (a hostile
 * stream must not make them quadratic). */
static size_t *
service_slot(const slo_scorecard *c, const char *s)
{
	size_t mask = c->capindex - 1, i = (size_t)service_hash(s) & mask;

	while (c->index[i] != 0 &&
	    slo_strcmp_null(c->svc[c->index[i] - 1].service, s) != 0)
		i = (i + 1) & mask;
	return &c->index[i];
}

static slo_status
index_grow(slo_scorecard *c)
{
	size_t cap = c->capindex ? 2 * c->capindex : 16;
	size_t *old = c->index, oldcap = c->capindex;

	if ((c->index = calloc(cap, sizeof *c->index)) == NULL) {
		c->index = old;
		return SLO_ENOMEM;
	}
	c->capindex = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i] != 0)
			*service_slot(c, c->svc[old[i] - 1].service) = old[i];
	free(old);
	return SLO_OK;
}

static const deploys *
service_find(const slo_scorecard *c, const char *s)
{
	size_t *slot;

	if (c->capindex == 0 || *(slot = service_slot(c, s)) == 0)
		return NULL;
	return &c->svc[*slot - 1];
}

/* The deploys of service s, added when new; NULL when out of memory. */
static deploys *
service_get(slo_scorecard *c, const char *s)
{
	deploys *d;
	size_t *slot;

	if (2 * (c->nsvc + 1) > c->capindex && index_grow(c) != SLO_OK)
		return NULL;
	if (*(slot = service_slot(c, s)) != 0)
		return &c->svc[*slot - 1];
	if (c->nsvc == c->capsvc) {
		size_t cap = c->capsvc ? 2 * c->capsvc : 8;
		deploys *p = realloc(c->svc, cap * sizeof *p);

		if (p == NULL)
			return NULL;
		c->svc = p;
		c->capsvc = cap;
	}
	d = &c->svc[c->nsvc];
	memset(d, 0, sizeof *d);
	if (s != NULL && (d->service = strdup(s)) == NULL)
		return NULL;
	*slot = ++c->nsvc;
	return d;
}

static slo_status
deploys_add(deploys *d, const slo_ns *ts, size_t n)
{
	if (d->n + n > d->cap) {
		size_t cap = d->cap ? d->cap : 16;
		slo_ns *p;

		while (cap < d->n + n)
			cap *= 2;
		if ((p = realloc(d->ts, cap * sizeof *p)) == NULL)
			return SLO_ENOMEM;
		d->ts = p;
		d->cap = cap;
	}
	memcpy(d->ts + d->n, ts, n * sizeof *ts);
	d->n += n;
	return SLO_OK;
}

slo_status
slo_scorecard_note(slo_scorecard *c, const slo_event *ev)
{
	deploys *d;

	if (ev->kind != SLO_KIND_DEPLOY || !(ev->has & SLO_HAS_TS))
		return SLO_OK;
	if ((d = service_get(c, ev->service)) == NULL)
		return SLO_ENOMEM;
	return deploys_add(d, &ev->ts, 1);
}

slo_status
slo_scorecard_merge(slo_scorecard *dst, const slo_scorecard *src)
{
	for (size_t i = 0; i < src->nsvc; i++) {
		deploys *d = service_get(dst, src->svc[i].service);

		if (d == NULL || deploys_add(d, src->svc[i].ts, src->svc[i].n) !=
		    SLO_OK)
			return SLO_ENOMEM;
	}
	return SLO_OK;
}

/* The window of slo_scorecard.h: from the verdicts, else the instant. */
static void
find_window(slo_scorecard *c, const slo_verdict *v, size_t n, slo_ns at,
    slo_ns res)
{
	slo_ns longest = 0;

	c->has_window = 0;
	for (size_t i = 0; i < n; i++) {
		const slo_tally *w = &v[i].result.window;

		if (v[i].result.status == SLO_STATE_NO_DATA || !w->has_data) {
			if (v[i].objective.calendar == SLO_CAL_NONE &&
			    v[i].objective.window > longest)
				longest = v[i].objective.window;
			continue;
		}
		if (!c->has_window || w->from < c->from)
			c->from = w->from;
		if (!c->has_window || w->to > c->to)
			c->to = w->to;
		c->has_window = 1;
	}
	if (!c->has_window && at != SLO_NS_NONE && longest > 0 && res > 0) {
		/* whole buckets, as the verdicts' windows: to ends at's bucket */
		slo_ns b = at / res - (at % res < 0);

		c->to = (b + 1) * res;
		c->from = c->to - longest;
		c->has_window = 1;
	}
}

static uint64_t
deploys_in(const slo_scorecard *c, const deploys *d)
{
	uint64_t k = 0;

	if (d == NULL || !c->has_window)
		return 0;
	for (size_t i = 0; i < d->n; i++)
		k += d->ts[i] >= c->from && d->ts[i] < c->to;
	return k;
}

static int
order_cmp(const void *a, const void *b)
{
	const slo_verdict *x = *(const slo_verdict *const *)a;
	const slo_verdict *y = *(const slo_verdict *const *)b;
	int r = slo_strcmp_null(x->slo->service, y->slo->service);

	if (r == 0)
		r = slo_strcmp_null(x->slo->owner, y->slo->owner);
	/* stable: spec order, then the engine's group order */
	return r != 0 ? r : (x > y) - (x < y);
}

static slo_score_group *
group_add(slo_scorecard *c, const char *service, const char *owner)
{
	slo_score_group *g = &c->groups[c->ngroups++];

	memset(g, 0, sizeof *g);
	g->service = service;
	g->owner = owner;
	g->deploys = deploys_in(c, service_find(c, service));
	if (c->has_window)
		g->deploys_per_day = (double)g->deploys /
		    ((double)(c->to - c->from) / (double)NS_PER_DAY);
	return g;
}

/* One row per (service, owner) of the verdicts, one per service of deploys
 * only, sorted by service then owner. */
static slo_status
build_groups(slo_scorecard *c, size_t n)
{
	if ((c->groups = calloc(n + c->nsvc + 1, sizeof *c->groups)) == NULL)
		return SLO_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const slo_verdict *v = c->order[i];
		slo_score_group *g = c->ngroups ? &c->groups[c->ngroups - 1] : NULL;

		if (g == NULL ||
		    slo_strcmp_null(g->service, v->slo->service) != 0 ||
		    slo_strcmp_null(g->owner, v->slo->owner) != 0)
			g = group_add(c, v->slo->service, v->slo->owner);
		g->verdicts++;
		switch (v->result.status) {
		case SLO_STATE_OK: g->ok++; break;
		case SLO_STATE_WARNING: g->warning++; break;
		case SLO_STATE_BREACHED: g->breached++; break;
		case SLO_STATE_NO_DATA: g->no_data++; break;
		}
	}
	for (size_t s = 0; s < c->nsvc; s++)
		c->svc[s].has_slo = 0;
	for (size_t i = 0; i < n; i++) {
		deploys *d = (deploys *)service_find(c, c->order[i]->slo->service);

		if (d != NULL)
			d->has_slo = 1;
	}
	for (size_t s = 0; s < c->nsvc; s++)
		if (!c->svc[s].has_slo && deploys_in(c, &c->svc[s]) > 0)
			group_add(c, c->svc[s].service, NULL);
	return SLO_OK;
}

static int
group_cmp(const void *a, const void *b)
{
	const slo_score_group *x = a, *y = b;
	int r = slo_strcmp_null(x->service, y->service);

	return r != 0 ? r : slo_strcmp_null(x->owner, y->owner);
}

static slo_score_owner *
owner_get(slo_scorecard *c, const char *owner)
{
	for (size_t i = 0; i < c->nowners; i++)
		if (slo_strcmp_null(c->owners[i].owner, owner) == 0)
			return &c->owners[i];
	memset(&c->owners[c->nowners], 0, sizeof c->owners[0]);
	c->owners[c->nowners].owner = owner;
	return &c->owners[c->nowners++];
}

int
slo_flag_active_alpha(const slo_flag_def *d, slo_ns at)
{
	slo_ns deadline = SLO_NS_NONE;

	if (d->stage != NULL ? strcmp(d->stage, "alpha") != 0 : !d->has_alpha)
		return 0;
	if (at == SLO_NS_NONE)
		return 1;
	if (d->created != SLO_NS_NONE && d->created > at)
		return 0;
	if (d->expires != SLO_NS_NONE)
		deadline = d->expires;
	else if (d->created != SLO_NS_NONE && slo_flag_type_lifetime(d->type) > 0)
		deadline = d->created + slo_flag_type_lifetime(d->type);
	return deadline == SLO_NS_NONE || at <= deadline;
}

/* The active alpha flags of the registry, under their owners. */
static slo_status
build_alpha(slo_scorecard *c, const slo_flag_registry *reg, slo_ns at)
{
	size_t nf = slo_flag_registry_count(reg);

	for (size_t i = 0; i < nf; i++) {
		const slo_flag_def *d = slo_flag_registry_get(reg, i);
		slo_score_owner *o;
		const char **p;

		if (!slo_flag_active_alpha(d, at))
			continue;
		o = owner_get(c, d->owner);
		p = realloc((void *)o->alpha_flags, (o->nalpha + 1) * sizeof *p);
		if (p == NULL)
			return SLO_ENOMEM;
		p[o->nalpha++] = d->key;
		o->alpha_flags = p;
	}
	return SLO_OK;
}

static int
owner_cmp(const void *a, const void *b)
{
	return slo_strcmp_null(((const slo_score_owner *)a)->owner,
	    ((const slo_score_owner *)b)->owner);
}

slo_status
slo_scorecard_build(slo_scorecard *c, const slo_verdict *v, size_t n,
    const slo_flag_registry *reg, slo_ns at, slo_ns res)
{
	size_t nf = slo_flag_registry_count(reg);

	results_free(c);
	c->has_registry = reg != NULL;
	c->any_owner = 0;
	find_window(c, v, n, at, res);
	if ((c->order = calloc(n + 1, sizeof *c->order)) == NULL ||
	    (c->owners = calloc(n + nf + 1, sizeof *c->owners)) == NULL)
		return SLO_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		c->order[i] = &v[i];
		c->any_owner |= v[i].slo->owner != NULL;
	}
	qsort(c->order, n, sizeof *c->order, order_cmp);
	if (build_groups(c, n) != SLO_OK)
		return SLO_ENOMEM;
	qsort(c->groups, c->ngroups, sizeof *c->groups, group_cmp);
	for (size_t i = 0; i < n; i++) {
		const slo_verdict *x = c->order[i];
		slo_score_owner *o = owner_get(c, x->slo->owner);

		o->verdicts++;
		/* a cost SLI has a ceiling, no error budget to use */
		if (x->result.status == SLO_STATE_NO_DATA ||
		    !x->result.window.has_data ||
		    x->slo->sli == SLO_SPEC_SLI_COST)
			continue;
		o->with_data++;
		o->budget_used_sum += x->result.consumed;
		if (o->worst == NULL || x->result.consumed > o->budget_used_worst) {
			o->budget_used_worst = x->result.consumed;
			o->worst = x;
		}
	}
	if (reg != NULL && build_alpha(c, reg, at) != SLO_OK)
		return SLO_ENOMEM;
	qsort(c->owners, c->nowners, sizeof *c->owners, owner_cmp);
	return SLO_OK;
}

int
slo_scorecard_active(const slo_scorecard *c)
{
	return c != NULL && (c->any_owner || c->has_registry ||
	    slo_scorecard_has_deploys(c));
}

int
slo_scorecard_has_deploys(const slo_scorecard *c)
{
	return c != NULL && c->nsvc > 0;
}

int
slo_scorecard_has_registry(const slo_scorecard *c)
{
	return c != NULL && c->has_registry;
}

int
slo_scorecard_window(const slo_scorecard *c, slo_ns *from, slo_ns *to)
{
	if (c == NULL || !c->has_window)
		return 0;
	*from = c->from;
	*to = c->to;
	return 1;
}

size_t
slo_scorecard_ngroups(const slo_scorecard *c)
{
	return c != NULL ? c->ngroups : 0;
}

const slo_score_group *
slo_scorecard_group(const slo_scorecard *c, size_t i)
{
	return i < slo_scorecard_ngroups(c) ? &c->groups[i] : NULL;
}

size_t
slo_scorecard_nowners(const slo_scorecard *c)
{
	return c != NULL ? c->nowners : 0;
}

const slo_score_owner *
slo_scorecard_owner(const slo_scorecard *c, size_t i)
{
	return i < slo_scorecard_nowners(c) ? &c->owners[i] : NULL;
}

const slo_verdict *const *
slo_scorecard_verdicts(const slo_scorecard *c)
{
	return c != NULL ? c->order : NULL;
}
