/*
 * flags.c — the audit of flag evaluations against a registry (loaded by
 * lib/spec/flags_spec.c); its renderers are lib/render/flags_out.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flags_int.h"
#include "slo_rollup.h"
#include "slo_num.h"
#include "slo_units.h"

#define TRY(x) do { if ((x) != SLO_OK) return SLO_ENOMEM; } while (0)

/* ---- names ------------------------------------------------------------ */

static const char *const check_names[SLO_FCHECK__COUNT] = {
	"leak", "overexposed", "unknown", "evaluation_errors", "stale",
	"no_owner", "fully_rolled_out", "never_evaluated"
};
static const slo_level check_sev[SLO_FCHECK__COUNT] = {
	SLO_LEVEL_CRITICAL, SLO_LEVEL_HIGH, SLO_LEVEL_HIGH, SLO_LEVEL_MEDIUM,
	SLO_LEVEL_MEDIUM, SLO_LEVEL_MEDIUM, SLO_LEVEL_LOW, SLO_LEVEL_LOW
};
const char *
slo_flag_check_name(slo_flag_check c)
{
	return (unsigned)c < SLO_FCHECK__COUNT ? check_names[c] : "?";
}

int
slo_flag_check_from_name(const char *name)
{
	int c;

	for (c = 0; name != NULL && c < SLO_FCHECK__COUNT; c++)
		if (strcmp(check_names[c], name) == 0)
			return c;
	return -1;
}

slo_level
slo_flag_check_severity(slo_flag_check c)
{
	return (unsigned)c < SLO_FCHECK__COUNT ? check_sev[c] : SLO_LEVEL_LOW;
}

/* ASCII only: OpenFeature reasons and error codes come in either case. */
static int
ascii_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return *a == *b;
}

/* ---- audit state ------------------------------------------------------ */

void
slo_flag_audit_opts_init(slo_flag_audit_opts *o)
{
	o->at = SLO_NS_NONE;
	o->settle = 7 * SLO_NS_PER_DAY;
	o->max_error_rate = 0.01;
	o->examples = 5;
	o->checks = (1u << SLO_FCHECK__COUNT) - 1;
	o->max_groups = SLO_FLAG_MAX_GROUPS;
	o->fail_on = SLO_LEVEL_HIGH;
	o->summary = 0;
}

/* A whole decimal number from lo to hi, else -1. */
static long
whole(const char *s, long lo, long hi)
{
	char *end;
	long n;

	if (*s < '0' || *s > '9')
		return -1;
	n = strtol(s, &end, 10);
	return *end == '\0' && n >= lo && n <= hi ? n : -1;
}

slo_status
slo_flag_audit_opts_set(slo_flag_audit_opts *o, const char *name,
    const char *arg, slo_error *err)
{
	slo_ns d;
	double v;
	size_t pos;
	long n;

	if (strcmp(name, "summary") == 0)
		o->summary = 1;
	else if (strcmp(name, "examples") == 0) {
		if ((n = whole(arg, 0, SLO_FLAG_EXAMPLES_MAX)) < 0)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "invalid --examples '%s': want 0 to %d", arg,
			    SLO_FLAG_EXAMPLES_MAX);
		o->examples = (size_t)n;
	} else if (strcmp(name, "max-error-rate") == 0) {
		if (slo_share_parse(arg, strlen(arg), &v) != SLO_OK)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "invalid --max-error-rate '%s': want a share such "
			    "as 1%% or 0.01", arg);
		o->max_error_rate = v;
	} else if (strcmp(name, "settle") == 0) {
		if (slo_duration_parse(arg, strlen(arg), &d, &pos) != SLO_OK ||
		    d <= 0)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "invalid --settle '%s': want a duration such as 7d",
			    arg);
		o->settle = d;
	} else if (strcmp(name, "fail-on") == 0) {
		if ((n = slo_level_from_name(arg)) < 0)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "invalid --fail-on '%s': want critical, high, medium "
			    "or low", arg);
		o->fail_on = (slo_level)n;
	} else if (strcmp(name, "max-groups") == 0) {
		if ((n = whole(arg, 0, 100000000)) < 0)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "invalid --max-groups '%s': want 0 to 100000000", arg);
		o->max_groups = (size_t)n;
	} else
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "unknown option '%s'", name);
	return SLO_OK;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
fstate_init(struct fstate *s)
{
	memset(s, 0, sizeof *s);
	s->first = s->last = s->last_error = s->last_novariant =
	    s->other_last = SLO_NS_NONE;
}

static void
examples_free(struct examples *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->s[i]);
	free(e->s);
	free(e->ts);
}

static void
fstate_free(struct fstate *s)
{
	size_t i;

	free(s->key);
	free(s->allow_subjects);
	slo_hll_free(s->subjects);
	slo_hll_free(s->alpha_subjects);
	slo_hll_free(s->leak_subjects);
	for (i = 0; i < s->nvar; i++)
		free(s->var[i].name);
	free(s->var);
	examples_free(&s->ex_leak);
	examples_free(&s->ex_alpha);
	examples_free(&s->ex_any);
	examples_free(&s->ex_error);
}

static int
fstate_setup(struct fstate *s, const char *key, const slo_flag_def *def)
{
	fstate_init(s);
	s->def = def;
	if ((s->key = strdup(key)) == NULL ||
	    (s->subjects = slo_hll_new()) == NULL)
		return -1;
	if (def == NULL || !def->has_alpha)
		return 0;
	if ((s->alpha_subjects = slo_hll_new()) == NULL ||
	    (s->leak_subjects = slo_hll_new()) == NULL)
		return -1;
	if (def->nsubjects > 0) {
		s->allow_subjects = malloc(def->nsubjects * sizeof(char *));
		if (s->allow_subjects == NULL)
			return -1;
		memcpy(s->allow_subjects, def->subjects,
		    def->nsubjects * sizeof(char *));
		qsort(s->allow_subjects, def->nsubjects, sizeof(char *), cmp_str);
	}
	return 0;
}

/* Twice the index, every key placed again: it stays at most half full. */
static int
index_grow(slo_flag_audit *a)
{
	size_t n = 2 * a->nindex, i, h;
	uint32_t *x;

	if (a->nst >= UINT32_MAX / 2 || (x = calloc(n, sizeof *x)) == NULL)
		return -1;
	for (i = 0; i < a->nst; i++) {
		h = (size_t)slo_hash64(a->st[i].key, strlen(a->st[i].key)) &
		    (n - 1);
		while (x[h] != 0)
			h = (h + 1) & (n - 1);
		x[h] = (uint32_t)i + 1;
	}
	free(a->index);
	a->index = x;
	a->nindex = n;
	return 0;
}

static struct fstate *
lookup(slo_flag_audit *a, const char *key, int add)
{
	size_t i = (size_t)slo_hash64(key, strlen(key)) & (a->nindex - 1);
	struct fstate *s;
	void *p;

	for (; a->index[i] != 0; i = (i + 1) & (a->nindex - 1))
		if (strcmp(a->st[a->index[i] - 1].key, key) == 0)
			return &a->st[a->index[i] - 1];
	if (!add)
		return NULL;
	if (a->nunknown >= a->o.max_groups) {
		if (slo_hll_add(a->folded, key, strlen(key)) < 0)
			return NULL;
		return &a->more;
	}
	if (2 * (a->nst + 1) > a->nindex) {
		if (index_grow(a) != 0)
			return NULL;
		for (i = (size_t)slo_hash64(key, strlen(key)) &
		    (a->nindex - 1); a->index[i] != 0;
		    i = (i + 1) & (a->nindex - 1))
			;
	}
	if (a->nst == a->capst) {
		if ((p = realloc(a->st, 2 * a->capst * sizeof *a->st)) == NULL)
			return NULL;
		a->st = p;
		a->capst *= 2;
	}
	s = &a->st[a->nst];
	if (fstate_setup(s, key, NULL) != 0) {
		fstate_free(s);
		return NULL;
	}
	a->index[i] = (uint32_t)++a->nst;
	a->nunknown++;
	return s;
}

slo_flag_audit *
slo_flag_audit_new(const slo_flag_registry *reg, const slo_flag_audit_opts *opts)
{
	slo_flag_audit *a;
	size_t i, n = slo_flag_registry_count(reg), want;

	if ((a = calloc(1, sizeof *a)) == NULL)
		return NULL;
	a->reg = reg;
	if (opts != NULL)
		a->o = *opts;
	else
		slo_flag_audit_opts_init(&a->o);
	if (a->o.examples > SLO_FLAG_EXAMPLES_MAX)
		a->o.examples = SLO_FLAG_EXAMPLES_MAX;
	a->newest = a->at = SLO_NS_NONE;
	/* registered keys at most half the index; unregistered ones grow it */
	want = 2 * (n + 16);
	for (a->nindex = 64; a->nindex < want; a->nindex *= 2)
		;
	a->capst = n + 16;
	if ((a->index = calloc(a->nindex, sizeof *a->index)) == NULL ||
	    (a->st = calloc(a->capst, sizeof *a->st)) == NULL ||
	    fstate_setup(&a->more, "*", NULL) != 0 ||
	    (a->folded = slo_hll_new()) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		const slo_flag_def *d = slo_flag_registry_get(reg, i);
		size_t h = (size_t)slo_hash64(d->key, strlen(d->key)) &
		    (a->nindex - 1);

		if (fstate_setup(&a->st[a->nst++], d->key, d) != 0)
			goto fail;
		while (a->index[h] != 0)
			h = (h + 1) & (a->nindex - 1);
		a->index[h] = (uint32_t)a->nst;
	}
	return a;
fail:
	slo_flag_audit_free(a);
	return NULL;
}

void
slo_flag_audit_free(slo_flag_audit *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nst; i++)
		fstate_free(&a->st[i]);
	fstate_free(&a->more);
	slo_hll_free(a->folded);
	free(a->st);
	free(a->index);
	free(a->f);
	free(a);
}

/*
 * Distinct subjects of a counter fed by evals evaluations.  Past
 * SLO_HLL_EXACT the count is a HyperLogLog estimate (standard error
 * SLO_HLL_STDERR) that can overshoot; each evaluation has at most one
 * subject, so it is clamped to evals: 1,004,316 subjects estimated for
 * 1,000,000 evaluations of distinct subjects reads 1,000,000.
 */
uint64_t
slo_flag_distinct(const slo_hll *h, uint64_t evals)
{
	uint64_t n = slo_hll_count(h);

	return n < evals ? n : evals;
}

/* ---- feeding ---------------------------------------------------------- */

static int
example_before(slo_ns t1, const char *s1, slo_ns t2, const char *s2)
{
	return t1 != t2 ? t1 < t2 : strcmp(s1, s2) < 0;
}

/*
 * Offer subject, seen at ts, to the examples e: kept when among the
 * opts.examples smallest by (earliest ts, subject).  A subject given up
 * can never come back in with the same or a later ts (those ahead of it
 * only move earlier), so the list is exact in any order of offers.
 */
static int
example_add(const slo_flag_audit *a, struct examples *e, const char *subject,
    slo_ns ts)
{
	char *keep = NULL;
	size_t i, j;

	if (subject == NULL || a->o.examples == 0)
		return 0;
	for (i = 0; i < e->n; i++)
		if (strcmp(e->s[i], subject) == 0)
			break;
	if (i < e->n) {
		if (ts >= e->ts[i])
			return 0;
		keep = e->s[i]; /* seen earlier than we knew: move it up */
		memmove(e->s + i, e->s + i + 1, (e->n - i - 1) * sizeof *e->s);
		memmove(e->ts + i, e->ts + i + 1, (e->n - i - 1) * sizeof *e->ts);
		e->n--;
	} else if (e->n == a->o.examples) {
		if (!example_before(ts, subject, e->ts[e->n - 1], e->s[e->n - 1]))
			return 0;
		free(e->s[--e->n]);
	}
	if (e->s == NULL &&
	    ((e->s = calloc(a->o.examples, sizeof *e->s)) == NULL ||
	    (e->ts = calloc(a->o.examples, sizeof *e->ts)) == NULL))
		return -1;
	if (keep == NULL && (keep = strdup(subject)) == NULL)
		return -1;
	for (j = e->n; j > 0 && example_before(ts, subject, e->ts[j - 1],
	    e->s[j - 1]); j--) {
		e->s[j] = e->s[j - 1];
		e->ts[j] = e->ts[j - 1];
	}
	e->s[j] = keep;
	e->ts[j] = ts;
	e->n++;
	return 0;
}

static void
later(slo_ns *t, slo_ns ts)
{
	if (ts != SLO_NS_NONE && (*t == SLO_NS_NONE || ts > *t))
		*t = ts;
}

static int
in_list(const char *const *l, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(l[i], s) == 0)
			return 1;
	return 0;
}

static int
allowed(const struct fstate *s, const char *subject, const char *segment)
{
	const slo_flag_def *d = s->def;

	if (d->nsegments == 0 && d->nsubjects == 0)
		return 1; /* no restriction: exposure is all that is checked */
	if (segment != NULL && in_list(d->segments, d->nsegments, segment))
		return 1;
	return subject != NULL && d->nsubjects > 0 &&
	    bsearch(&subject, s->allow_subjects, d->nsubjects, sizeof(char *),
	    cmp_str) != NULL;
}

static int
count_variant(struct fstate *s, const char *variant, slo_ns ts)
{
	struct variant *v;
	size_t i;
	void *p;

	for (i = 0; i < s->nvar; i++)
		if (strcmp(s->var[i].name, variant) == 0)
			goto found;
	if (s->nvar == SLO_FLAG_VARIANTS_MAX) {
		s->other_n++;
		later(&s->other_last, ts);
		return 0;
	}
	if ((p = realloc(s->var, (s->nvar + 1) * sizeof *s->var)) == NULL)
		return -1;
	s->var = p;
	v = &s->var[s->nvar];
	if ((v->name = strdup(variant)) == NULL)
		return -1;
	v->n = 0;
	v->first = ts;
	v->last = SLO_NS_NONE;
	s->nvar++;
found:
	s->var[i].n++;
	if (ts < s->var[i].first)
		s->var[i].first = ts;
	later(&s->var[i].last, ts);
	return 0;
}

static slo_status
evaluate(slo_flag_audit *a, const char *key, const char *variant,
    const char *subject, const char *segment, const char *reason,
    const char *error, slo_ns ts)
{
	struct fstate *s;
	uint64_t h = 0;
	int nf, bad = 0;

	if (key == NULL || *key == '\0')
		return SLO_OK;
	if ((s = lookup(a, key, 1)) == NULL)
		return SLO_ENOMEM;
	a->evaluations++;
	s->evals++;
	if (s->first == SLO_NS_NONE || (ts != SLO_NS_NONE && ts < s->first))
		s->first = ts;
	later(&s->last, ts);
	if (variant != NULL && *variant == '\0')
		variant = NULL;
	if (subject != NULL && *subject == '\0')
		subject = NULL;
	if (segment != NULL && *segment == '\0')
		segment = NULL;
	if (error != NULL && *error == '\0')
		error = NULL;
	if (subject != NULL) {
		h = slo_hash64(subject, strlen(subject));
		bad |= slo_hll_add_hash(s->subjects, h) < 0;
	}
	nf = (reason != NULL && ascii_ieq(reason, "flag_not_found")) ||
	    (error != NULL && ascii_ieq(error, "flag_not_found"));
	if (nf) {
		s->not_found++;
		later(&s->last_error, ts);
		bad |= example_add(a, &s->ex_any, subject, ts);
	} else if ((reason != NULL && ascii_ieq(reason, "error")) ||
	    error != NULL) {
		s->errors++;
		later(&s->last_error, ts);
		bad |= example_add(a, &s->ex_error, subject, ts);
	}
	if (s->def == NULL && !nf)
		bad |= example_add(a, &s->ex_any, subject, ts);
	if (variant == NULL) {
		later(&s->last_novariant, ts);
		return bad ? SLO_ENOMEM : SLO_OK;
	}
	bad |= count_variant(s, variant, ts);
	if (s->def == NULL || !s->def->has_alpha ||
	    !in_list(s->def->variants, s->def->nvariants, variant))
		return bad ? SLO_ENOMEM : SLO_OK;
	s->alpha_evals++;
	if (subject != NULL)
		bad |= slo_hll_add_hash(s->alpha_subjects, h) < 0;
	bad |= example_add(a, &s->ex_alpha, subject, ts);
	if (!allowed(s, subject, segment)) {
		s->leak_evals++;
		if (segment == NULL)
			s->leak_noseg++;
		if (subject != NULL)
			bad |= slo_hll_add_hash(s->leak_subjects, h) < 0;
		bad |= example_add(a, &s->ex_leak, subject, ts);
	}
	return bad ? SLO_ENOMEM : SLO_OK;
}

static const char *
label(const slo_event *ev, const char *name)
{
	size_t i;

	for (i = 0; i < ev->nlabels; i++)
		if (strcmp(ev->labels[i].key, name) == 0)
			return ev->labels[i].val;
	return NULL;
}

slo_status
slo_flag_audit_add(slo_flag_audit *a, const slo_event *ev, slo_error *err)
{
	slo_ns ts = (ev->has & SLO_HAS_TS) ? ev->ts : SLO_NS_NONE;
	const char *seg;
	slo_status st = SLO_OK;
	size_t i;

	if (ev->kind == SLO_KIND_ROLLUP)
		return slo_flag_audit_check_line(ev, err);
	if (ts != SLO_NS_NONE && a->o.at != SLO_NS_NONE && ts > a->o.at) {
		a->after_at++;
		return SLO_OK;
	}
	later(&a->newest, ts);
	if (ev->kind == SLO_KIND_FLAG) {
		seg = ev->segment ? ev->segment : label(ev, "segment");
		st = evaluate(a, ev->flag, ev->variant, ev->subject, seg,
		    ev->reason, ev->error, ts);
	} else if (ev->kind == SLO_KIND_REQUEST && ev->nflags > 0) {
		seg = label(ev, "segment");
		for (i = 0; i < ev->nflags && st == SLO_OK; i++)
			st = evaluate(a, ev->flags[i].key, ev->flags[i].val,
			    ev->subject, seg, NULL, NULL, ts);
	}
	if (st != SLO_OK)
		return slo_error_set(err, st, "", 0, 0, "out of memory");
	return SLO_OK;
}

/* ---- merging ---------------------------------------------------------- */

static slo_ns
earlier_of(slo_ns a, slo_ns b)
{
	if (a == SLO_NS_NONE)
		return b;
	return b != SLO_NS_NONE && b < a ? b : a;
}

static slo_status
hll_merge_into(slo_hll *dst, const slo_hll *src)
{
	if (dst == NULL || src == NULL)
		return SLO_OK;
	return slo_hll_merge(dst, src);
}

/* dst += src for one flag key. */
static slo_status
fstate_merge(const slo_flag_audit *a, struct fstate *d, const struct fstate *s)
{
	size_t i, j;
	int bad = 0;

	d->evals += s->evals;
	d->errors += s->errors;
	d->not_found += s->not_found;
	d->alpha_evals += s->alpha_evals;
	d->leak_evals += s->leak_evals;
	d->leak_noseg += s->leak_noseg;
	if (hll_merge_into(d->subjects, s->subjects) != SLO_OK ||
	    hll_merge_into(d->alpha_subjects, s->alpha_subjects) != SLO_OK ||
	    hll_merge_into(d->leak_subjects, s->leak_subjects) != SLO_OK)
		return SLO_ENOMEM;
	d->first = earlier_of(d->first, s->first);
	later(&d->last, s->last);
	later(&d->last_error, s->last_error);
	later(&d->last_novariant, s->last_novariant);
	d->other_n += s->other_n;
	later(&d->other_last, s->other_last);
	for (i = 0; i < s->nvar; i++) {
		const struct variant *sv = &s->var[i];

		for (j = 0; j < d->nvar; j++)
			if (strcmp(d->var[j].name, sv->name) == 0)
				break;
		if (j == d->nvar) {
			if (count_variant(d, sv->name, sv->first) != 0)
				return SLO_ENOMEM;
			if (j == d->nvar) { /* past SLO_FLAG_VARIANTS_MAX */
				d->other_n += sv->n - 1;
				later(&d->other_last, sv->last);
				continue;
			}
			d->var[j].n--; /* count_variant counted one */
		}
		d->var[j].n += sv->n;
		if (sv->first < d->var[j].first)
			d->var[j].first = sv->first;
		later(&d->var[j].last, sv->last);
	}
	for (i = 0; i < s->ex_leak.n; i++)
		bad |= example_add(a, &d->ex_leak, s->ex_leak.s[i], s->ex_leak.ts[i]);
	for (i = 0; i < s->ex_alpha.n; i++)
		bad |= example_add(a, &d->ex_alpha, s->ex_alpha.s[i], s->ex_alpha.ts[i]);
	for (i = 0; i < s->ex_any.n; i++)
		bad |= example_add(a, &d->ex_any, s->ex_any.s[i], s->ex_any.ts[i]);
	for (i = 0; i < s->ex_error.n; i++)
		bad |= example_add(a, &d->ex_error, s->ex_error.s[i], s->ex_error.ts[i]);
	return bad ? SLO_ENOMEM : SLO_OK;
}

static int
same_opts(const slo_flag_audit_opts *x, const slo_flag_audit_opts *y)
{
	return x->at == y->at && x->settle == y->settle &&
	    (x->max_error_rate == y->max_error_rate ||
	    (x->max_error_rate != x->max_error_rate &&
	    y->max_error_rate != y->max_error_rate)) &&
	    x->examples == y->examples && x->checks == y->checks &&
	    x->max_groups == y->max_groups && x->fail_on == y->fail_on &&
	    x->summary == y->summary;
}

slo_status
slo_flag_audit_merge(slo_flag_audit *dst, const slo_flag_audit *src,
    slo_error *err)
{
	size_t i, nreg = slo_flag_registry_count(dst->reg);
	struct fstate *d;
	slo_status st;

	if (dst->reg != src->reg || !same_opts(&dst->o, &src->o) ||
	    dst->finished || src->finished)
		return slo_error_set(err, SLO_EMISMATCH, "", 0, 0,
		    "flag audits of another registry or options, or finished");
	later(&dst->newest, src->newest);
	dst->evaluations += src->evaluations;
	dst->after_at += src->after_at;
	/* registered flags sit at the same index in both, in registry order */
	for (i = 0; i < src->nst; i++) {
		if (i < nreg)
			d = &dst->st[i];
		else if ((d = lookup(dst, src->st[i].key, 1)) == NULL)
			goto nomem;
		if ((st = fstate_merge(dst, d, &src->st[i])) != SLO_OK)
			goto nomem;
	}
	if (fstate_merge(dst, &dst->more, &src->more) != SLO_OK ||
	    slo_hll_merge(dst->folded, src->folded) != SLO_OK)
		goto nomem;
	return SLO_OK;
nomem:
	return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
}

/* ---- findings --------------------------------------------------------- */

static slo_flag_finding *
finding(slo_flag_audit *a, slo_flag_check c, const struct fstate *s)
{
	slo_flag_finding *f;
	void *p;

	if (a->nf == a->capf) {
		size_t nc = a->capf ? 2 * a->capf : 32;
		if ((p = realloc(a->f, nc * sizeof *a->f)) == NULL)
			return NULL;
		a->f = p;
		a->capf = nc;
	}
	f = &a->f[a->nf++];
	memset(f, 0, sizeof *f);
	f->check = c;
	f->severity = check_sev[c];
	f->flag = s->key;
	f->def = s->def;
	f->share = f->limit = NAN;
	f->deadline = f->since = SLO_NS_NONE;
	return f;
}

static void
set_examples(slo_flag_finding *f, const struct examples *e)
{
	f->examples = (const char *const *)e->s;
	f->nexamples = e->n;
}

int
slo_flag_audit_runs(const slo_flag_audit *a, slo_flag_check c)
{
	return (a->o.checks >> c) & 1;
}

static int
on(const slo_flag_audit *a, slo_flag_check c)
{
	return slo_flag_audit_runs(a, c);
}

static int
check_registered(slo_flag_audit *a, const struct fstate *s)
{
	const slo_flag_def *d = s->def;
	slo_flag_finding *f;
	uint64_t alpha, total;
	slo_ns deadline, cutoff, since;
	size_t i, live;

	if (on(a, SLO_FCHECK_LEAK) && s->leak_evals > 0) {
		if ((f = finding(a, SLO_FCHECK_LEAK, s)) == NULL)
			return -1;
		f->evaluations = s->leak_evals;
		f->total_evaluations = s->alpha_evals;
		f->total_subjects = slo_flag_distinct(s->alpha_subjects, s->alpha_evals);
		f->subjects = slo_flag_distinct(s->leak_subjects, s->leak_evals);
		if (f->subjects > f->total_subjects)
			f->subjects = f->total_subjects;
		f->estimated = !slo_hll_exact(s->leak_subjects) ||
		    !slo_hll_exact(s->alpha_subjects);
		f->unknown_segment = s->leak_noseg;
		set_examples(f, &s->ex_leak);
	}
	if (on(a, SLO_FCHECK_OVEREXPOSED) && d->has_alpha &&
	    !isnan(d->max_exposure) && s->alpha_evals > 0) {
		total = slo_flag_distinct(s->subjects, s->evals);
		alpha = slo_flag_distinct(s->alpha_subjects, s->alpha_evals);
		if (alpha > total)
			alpha = total;
		/*
		 * Exactly max_exposure is not over; the slack absorbs the
		 * rounding of a decimal share such as 29 % times a count.
		 */
		if (total > 0 && (double)alpha >
		    d->max_exposure * (double)total + 1e-12 * (double)total) {
			if ((f = finding(a, SLO_FCHECK_OVEREXPOSED, s)) == NULL)
				return -1;
			f->evaluations = s->alpha_evals;
			f->subjects = alpha;
			f->total_evaluations = s->evals;
			f->total_subjects = total;
			f->estimated = !slo_hll_exact(s->alpha_subjects) ||
			    !slo_hll_exact(s->subjects);
			f->share = (double)alpha / (double)total;
			f->limit = d->max_exposure;
			set_examples(f, &s->ex_alpha);
		}
	}
	if (on(a, SLO_FCHECK_UNKNOWN) && s->not_found > 0) {
		if ((f = finding(a, SLO_FCHECK_UNKNOWN, s)) == NULL)
			return -1;
		f->evaluations = f->not_found = s->not_found;
		f->total_evaluations = s->evals;
		f->total_subjects = slo_flag_distinct(s->subjects, s->evals);
		f->estimated = !slo_hll_exact(s->subjects);
		set_examples(f, &s->ex_any);
	}
	if (on(a, SLO_FCHECK_EVALUATION_ERRORS) && s->errors > 0 &&
	    (double)s->errors > a->o.max_error_rate * (double)s->evals +
	    1e-12 * (double)s->evals) {
		if ((f = finding(a, SLO_FCHECK_EVALUATION_ERRORS, s)) == NULL)
			return -1;
		f->evaluations = s->errors;
		f->total_evaluations = s->evals;
		f->share = (double)s->errors / (double)s->evals;
		f->limit = a->o.max_error_rate;
		set_examples(f, &s->ex_error);
	}
	if (on(a, SLO_FCHECK_STALE) && a->at != SLO_NS_NONE) {
		deadline = SLO_NS_NONE;
		if (d->expires != SLO_NS_NONE)
			deadline = d->expires;
		else if (d->created != SLO_NS_NONE &&
		    slo_flag_type_lifetime(d->type) > 0)
			deadline = d->created + slo_flag_type_lifetime(d->type);
		if (deadline != SLO_NS_NONE && a->at > deadline) {
			if ((f = finding(a, SLO_FCHECK_STALE, s)) == NULL)
				return -1;
			f->deadline = deadline;
			f->lifetime = d->expires != SLO_NS_NONE ? 0 :
			    slo_flag_type_lifetime(d->type);
		}
	}
	if (on(a, SLO_FCHECK_NO_OWNER) && (d->owner == NULL || *d->owner == '\0'))
		if (finding(a, SLO_FCHECK_NO_OWNER, s) == NULL)
			return -1;
	/*
	 * A kill switch or a permission flag is permanent by type: one that
	 * always serves the same variant is doing its job, not flag debt.
	 */
	if (on(a, SLO_FCHECK_FULLY_ROLLED_OUT) && a->at != SLO_NS_NONE &&
	    slo_flag_type_lifetime(d->type) != 0 &&
	    s->evals > 0 && a->at > SLO_NS_NONE + a->o.settle) {
		/*
		 * One variant served since the cutoff, nothing else (no other
		 * variant, no error, no evaluation without a variant), and the
		 * single-variant run reaching back past the cutoff.
		 */
		cutoff = a->at - a->o.settle;
		since = s->other_last;
		later(&since, s->last_error);
		later(&since, s->last_novariant);
		for (i = 0, live = SIZE_MAX; i < s->nvar; i++) {
			if (s->var[i].last > cutoff) {
				if (live != SIZE_MAX)
					break;
				live = i;
			} else
				later(&since, s->var[i].last);
		}
		if (since == SLO_NS_NONE)
			since = s->first;
		if (i == s->nvar && live != SIZE_MAX && since != SLO_NS_NONE &&
		    since <= cutoff && (s->other_last == SLO_NS_NONE ||
		    s->other_last <= cutoff)) {
			if ((f = finding(a, SLO_FCHECK_FULLY_ROLLED_OUT, s)) == NULL)
				return -1;
			f->variant = s->var[live].name;
			f->evaluations = s->var[live].n;
			f->total_evaluations = s->evals;
			f->since = since;
		}
	}
	if (on(a, SLO_FCHECK_NEVER_EVALUATED) && s->evals == 0)
		if (finding(a, SLO_FCHECK_NEVER_EVALUATED, s) == NULL)
			return -1;
	return 0;
}

static int
check_unknown(slo_flag_audit *a, const struct fstate *s)
{
	slo_flag_finding *f;

	if (!on(a, SLO_FCHECK_UNKNOWN) || s->evals == 0)
		return 0;
	if ((f = finding(a, SLO_FCHECK_UNKNOWN, s)) == NULL)
		return -1;
	f->evaluations = f->total_evaluations = s->evals;
	f->subjects = f->total_subjects = slo_flag_distinct(s->subjects, s->evals);
	f->estimated = !slo_hll_exact(s->subjects);
	if (s == &a->more) {
		f->overflow = 1;
		f->folded_flags = slo_flag_distinct(a->folded, s->evals);
		f->estimated |= !slo_hll_exact(a->folded);
	}
	f->not_found = s->not_found;
	set_examples(f, &s->ex_any);
	return 0;
}

slo_status
slo_flag_audit_check_line(const slo_event *ev, slo_error *err)
{
	slo_rollup *r;
	slo_status st;

	if (ev->kind != SLO_KIND_ROLLUP)
		return SLO_OK;
	if ((r = slo_rollup_new(0)) == NULL)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	st = slo_rollup_merge_event(r, ev, err);
	slo_rollup_free(r);
	return st == SLO_OK || st == SLO_ENOMEM ? st : SLO_EINVAL;
}

static int
cmp_finding(const void *pa, const void *pb)
{
	const slo_flag_finding *x = pa, *y = pb;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->check != y->check)
		return x->check < y->check ? -1 : 1;
	return strcmp(x->flag, y->flag);
}

/* Variants by first time seen, then name: the order of any merge. */
static int
cmp_variant(const void *x, const void *y)
{
	const struct variant *a = x, *b = y;

	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return strcmp(a->name, b->name);
}

slo_status
slo_flag_audit_finish(slo_flag_audit *a, slo_error *err)
{
	size_t i;

	if (a->finished)
		return SLO_OK;
	a->finished = 1;
	a->at = a->o.at != SLO_NS_NONE ? a->o.at : a->newest;
	for (i = 0; i <= a->nst; i++) {
		struct fstate *s = i < a->nst ? &a->st[i] : &a->more;

		if (s->nvar > 1)
			qsort(s->var, s->nvar, sizeof *s->var, cmp_variant);
	}
	for (i = 0; i < a->nst; i++)
		if ((a->st[i].def ? check_registered(a, &a->st[i]) :
		    check_unknown(a, &a->st[i])) != 0)
			goto nomem;
	if (check_unknown(a, &a->more) != 0)
		goto nomem;
	if (a->nf > 0)
		qsort(a->f, a->nf, sizeof *a->f, cmp_finding);
	return SLO_OK;
nomem:
	return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
}

size_t
slo_flag_audit_notes(const slo_flag_audit *a, slo_note_fn *fn, void *ctx)
{
	char msg[320];
	uint64_t folded, nfolded;
	size_t n = 0;
	int est;

	if (slo_flag_audit_at(a) == SLO_NS_NONE &&
	    slo_flag_registry_count(a->reg) > 0) {
		fn(ctx, "no event time and no --at: stale and fully_rolled_out "
		    "not checked");
		n++;
	}
	if ((folded = slo_flag_audit_folded(a, &nfolded, &est)) > 0) {
		slo_snprintf(msg, sizeof msg, "more than %zu unregistered flags: "
		    "%s%llu more (%llu evaluations) folded into one overflow "
		    "entry '*'; raise --max-groups to tell them apart",
		    a->o.max_groups, est ? "about " : "",
		    (unsigned long long)folded, (unsigned long long)nfolded);
		fn(ctx, msg);
		n++;
	}
	if (a->after_at > 0) {
		slo_snprintf(msg, sizeof msg, "%llu events after --at ignored",
		    (unsigned long long)a->after_at);
		fn(ctx, msg);
		n++;
	}
	return n;
}

int
slo_flag_audit_exit_code(const slo_flag_audit *a)
{
	return slo_flag_audit_worst(a) >= (int)a->o.fail_on ? SLO_EXIT_FAIL :
	    SLO_EXIT_PASS;
}

slo_ns
slo_flag_audit_at(const slo_flag_audit *a)
{
	return a->finished ? a->at :
	    a->o.at != SLO_NS_NONE ? a->o.at : a->newest;
}

uint64_t
slo_flag_audit_folded(const slo_flag_audit *a, uint64_t *evaluations,
    int *estimated)
{
	if (evaluations != NULL)
		*evaluations = a->more.evals;
	if (estimated != NULL)
		*estimated = !slo_hll_exact(a->folded);
	return slo_flag_distinct(a->folded, a->more.evals);
}

uint64_t
slo_flag_audit_evaluations(const slo_flag_audit *a)
{
	return a->evaluations;
}

uint64_t
slo_flag_audit_after_at(const slo_flag_audit *a)
{
	return a->after_at;
}

size_t
slo_flag_audit_nfindings(const slo_flag_audit *a)
{
	return a->nf;
}

const slo_flag_finding *
slo_flag_audit_finding(const slo_flag_audit *a, size_t i)
{
	return i < a->nf ? &a->f[i] : NULL;
}

int
slo_flag_audit_worst(const slo_flag_audit *a)
{
	return a->nf > 0 ? (int)a->f[0].severity : -1;
}

size_t
slo_flag_audit_total(const slo_flag_audit *a, slo_flag_check c,
    uint64_t *evaluations, uint64_t *subjects)
{
	size_t i, n = 0;

	for (i = 0; i < a->nf; i++) {
		if (a->f[i].check != c)
			continue;
		n++;
		if (evaluations)
			*evaluations += a->f[i].evaluations;
		if (subjects)
			*subjects += a->f[i].subjects;
	}
	return n;
}

