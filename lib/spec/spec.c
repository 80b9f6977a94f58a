/*
 * spec.c — slo-spec(5) files into slo_spec_slo structs.
 *
 * Files are parsed into slo_ydoc trees that the spec keeps to the end:
 * names and descriptions are borrowed from them, and the flags and
 * promotion sections are handed out as nodes.  slokit-form SLOs are built
 * while a file loads; OpenSLO documents are only registered then, and
 * built by slo_spec_finish() once every file is in, since an SLO may name
 * an SLI or an alert policy from another file.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "slo_sketch.h"
#include "slo_spec.h"
#include "slo_window.h"
#include "slo_num.h"

enum okind { K_SLO, K_SLI, K_POLICY, K_CONDITION, K_IGNORED };

struct rec {
	slo_spec_slo pub;
	uint64_t order;          /* file, document and item: the output order */
	long name_line, name_col;
	char *name_buf;
	char policy_name[8 + SLO_DURATION_BUFSZ]; /* google-WINDOW */
	double *quantiles;
	const char **group_by;
	slo_expr **group_exprs;
};

struct object {
	enum okind kind;
	const char *name;
	const slo_ydoc *doc;
	const slo_ynode *root;
	const slo_ynode *name_node;
	uint64_t order;
	size_t file;
};

struct section {
	const char *key;
	const slo_ydoc *doc;
	const slo_ynode *node;
	size_t file;
};

struct slo_spec {
	slo_ydoc **docs;
	size_t ndocs, capdocs;
	struct rec **recs;
	size_t nrecs, caprecs;
	struct object *objs;
	size_t nobjs, capobjs;
	struct section *secs;
	size_t nsecs, capsecs;
	int finished;
};

static const double default_quantiles[] = { 0.5, 0.95, 0.99 };

/* ---- small helpers ---------------------------------------------------- */

static int
grow(void *pp, size_t *cap, size_t n, size_t size)
{
	void **p = pp, *q;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	if ((q = realloc(*p, ncap * size)) == NULL)
		return -1;
	*p = q;
	*cap = ncap;
	return 0;
}

static slo_status
oom(slo_error *err)
{
	return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
}

#define YERR(d, n, st, ...) slo_ynode_error((d), (n), (st), err, __VA_ARGS__)

/* The key node of key in map, for errors about the key itself. */
static const slo_ynode *
keynode(const slo_ynode *map, const char *key)
{
	size_t i;

	for (i = 0; map != NULL && i < map->n; i++)
		if (strcmp(map->keys[i]->str, key) == 0)
			return map->keys[i];
	return NULL;
}

/* A string value that is required to be non-empty. */
static slo_status
read_name(const slo_ydoc *d, const slo_ynode *n, const char **out,
    slo_error *err)
{
	slo_status st;
	const unsigned char *p;

	if ((st = slo_ynode_string(d, n, out, err)) != SLO_OK)
		return st;
	if (**out == '\0')
		return YERR(d, n, SLO_EINVAL, "expected a name, got an empty string");
	for (p = (const unsigned char *)*out; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return YERR(d, n, SLO_EINVAL,
			    "a name may not hold control characters");
	return SLO_OK;
}

static slo_status
opt_string(const slo_ydoc *d, const slo_ynode *map, const char *key,
    const char **out, slo_error *err)
{
	const slo_ynode *n = slo_ynode_get(map, key);

	*out = NULL;
	return n ? slo_ynode_string(d, n, out, err) : SLO_OK;
}

/* The byte offset of 1-based line:col (in characters) of src. */
static size_t
expr_offset(const char *src, long line, long col)
{
	const char *p = src;

	for (; line > 1 && *p; p++)
		if (*p == '\n')
			line--;
	for (; col > 1 && *p && *p != '\n'; col--) {
		p++;
		while (((unsigned char)*p & 0xc0) == 0x80)
			p++;
	}
	return (size_t)(p - src);
}

/*
 * Compile the expression in scalar n; errors point inside the scalar.
 * want_path: the expression must be a bare field path.
 */
static slo_status
compile(const slo_ydoc *d, const slo_ynode *n, int want_path,
    slo_expr **out, slo_error *err)
{
	const char *src;
	slo_error e;
	slo_status st;
	long line, col;

	*out = NULL;
	if ((st = slo_ynode_string(d, n, &src, err)) != SLO_OK)
		return st;
	slo_error_clear(&e);
	if ((*out = slo_expr_new(src, &e)) == NULL) {
		if (e.status == SLO_ENOMEM)
			return oom(err);
		slo_ynode_pos(d, n, expr_offset(src, e.line, e.col), &line,
		    &col);
		return slo_error_set(err, e.status ? e.status : SLO_ESYNTAX,
		    slo_ydoc_file(d), line, col, "invalid expression: %s",
		    e.msg[0] ? e.msg : "syntax error");
	}
	if (want_path && slo_expr_path(*out) == NULL) {
		slo_expr_free(*out);
		*out = NULL;
		return YERR(d, n, SLO_EINVAL,
		    "expected a field path such as 'route' or 'labels.tenant', "
		    "got '%s'", src);
	}
	return SLO_OK;
}

/* An enumerated word with a suggestion on a typo. */
static slo_status
read_word(const slo_ydoc *d, const slo_ynode *n, const char *what,
    const char *const *words, int *out, slo_error *err)
{
	char q[SLO_YQUOTE_BUFSZ];
	const char *s, *hint;
	slo_status st;
	int i;

	if ((st = slo_ynode_string(d, n, &s, err)) != SLO_OK)
		return st;
	for (i = 0; words[i] != NULL; i++) {
		if (strcmp(s, words[i]) == 0) {
			*out = i;
			return SLO_OK;
		}
	}
	if ((hint = slo_suggest(s, words)) != NULL)
		return YERR(d, n, SLO_EINVAL, "unknown %s '%s'; did you mean '%s'?",
		    what, slo_yquote(s, q), hint);
	{
		char list[256] = "";
		for (i = 0; words[i] != NULL; i++) {
			if (i > 0)
				strncat(list, words[i + 1] ? ", " : " or ",
				    sizeof list - strlen(list) - 1);
			strncat(list, words[i], sizeof list - strlen(list) - 1);
		}
		return YERR(d, n, SLO_EINVAL, "unknown %s '%s': expected %s",
		    what, slo_yquote(s, q), list);
	}
}

/* ---- records ---------------------------------------------------------- */

static void
rec_free(struct rec *r)
{
	size_t i;

	if (r == NULL)
		return;
	slo_expr_free(r->pub.where);
	slo_expr_free(r->pub.good);
	slo_expr_free(r->pub.bad);
	slo_expr_free(r->pub.latency_field);
	slo_tz_free(r->pub.tz);
	for (i = 0; i < r->pub.ngroup_by; i++)
		slo_expr_free(r->group_exprs[i]);
	free(r->group_exprs);
	free(r->group_by);
	free(r->quantiles);
	free(r->name_buf);
	free(r);
}

static struct rec *
rec_new(const slo_ydoc *d, const slo_ynode *at, uint64_t order)
{
	struct rec *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	slo_objective_init(&r->pub.objective);
	r->pub.file = slo_ydoc_file(d);
	r->pub.line = at ? at->line : 0;
	r->pub.col = at ? at->col : 0;
	r->order = order;
	return r;
}

static slo_status
rec_push(slo_spec *s, struct rec *r, slo_error *err)
{
	if (grow(&s->recs, &s->caprecs, s->nrecs, sizeof *s->recs)) {
		rec_free(r);
		return oom(err);
	}
	s->recs[s->nrecs++] = r;
	return SLO_OK;
}

/* ---- pieces shared by both forms -------------------------------------- */

/*
 * A target given as a percentage under key (objective, targetPercent).
 * A bare number below 1 there is almost always a ratio put under the
 * wrong key (objective: 0.999 meaning 99.9 %), so it is refused with
 * both fixes; an objective that really is below 1 % says so with '%'.
 */
static slo_status
read_percent_target(const slo_ydoc *d, const slo_ynode *n, const char *key,
    double *target, slo_error *err)
{
	const char *s;
	char buf[80];
	size_t len;
	double pct;
	slo_status st;

	if (n == NULL || n->type != SLO_Y_SCALAR || slo_ynode_is_null(n))
		return YERR(d, n, SLO_EINVAL,
		    "expected a percentage such as 99.9, got %s",
		    slo_ynode_what(n));
	if ((st = slo_ynode_string(d, n, &s, err)) != SLO_OK)
		return st;
	len = strlen(s);
	if (len > 0 && s[len - 1] == '%')
		len--;
	if (!slo_decimal_valid(s, len) || len + 4 > sizeof buf ||
	    (n->quoted && s[strlen(s) - 1] != '%'))
		return YERR(d, n, SLO_EINVAL,
		    "expected a percentage such as 99.9, got '%s'", s);
	memcpy(buf, s, len);
	buf[len] = '\0';
	pct = slo_strtod(buf, NULL);
	if (pct > 0 && pct < 1 && len == strlen(s))
		return YERR(d, n, SLO_ERANGE,
		    "%s '%s' reads as %s %%, not %g %%: for a ratio write "
		    "'target: %s' or '%s: %g'; for %s %% write '%s%%'", key,
		    s, s, pct * 100, s, key, pct * 100, s, s);
	if (pct == 100)
		return YERR(d, n, SLO_ERANGE,
		    "objective '%s' leaves no error budget: an objective must "
		    "be below 100, such as 99.99", s);
	if (!(pct > 0 && pct < 100))
		return YERR(d, n, SLO_ERANGE,
		    "objective '%s' out of range: a percentage above 0 and "
		    "below 100", s);
	/* 99.9e-2 is the double nearest 0.999; 99.9 / 100 is not. */
	if (!slo_percent_parse(buf, len, target))
		*target = pct / 100; /* not reached: buf is a finite decimal */
	return SLO_OK;
}

/* A target given as a fraction (target), or "99.9%". */
static slo_status
read_fraction_target(const slo_ydoc *d, const slo_ynode *n, double *target,
    slo_error *err)
{
	double v;
	slo_status st;

	if (n != NULL && n->type == SLO_Y_SCALAR && !n->quoted &&
	    slo_decimal_valid(n->str, n->len) && slo_strtod(n->str, NULL) > 1)
		return YERR(d, n, SLO_ERANGE,
		    "target '%s' out of range: a fraction above 0 and below 1 "
		    "(for a percentage write 'objective: %s')", n->str, n->str);
	if ((st = slo_ynode_share(d, n, &v, err)) != SLO_OK)
		return st;
	if (v == 1)
		return YERR(d, n, SLO_ERANGE,
		    "target '%s' leaves no error budget: a target must be below "
		    "1, such as 0.9999", n->str);
	if (!(v > 0))
		return YERR(d, n, SLO_ERANGE,
		    "target '%s' out of range: a fraction above 0 and below 1",
		    n->str);
	*target = v;
	return SLO_OK;
}

static slo_status
read_positive_duration(const slo_ydoc *d, const slo_ynode *n, slo_ns *out,
    slo_error *err)
{
	slo_status st;

	if ((st = slo_ynode_duration(d, n, out, err)) != SLO_OK)
		return st;
	if (*out <= 0)
		return YERR(d, n, SLO_ERANGE, "duration '%s' must be above 0",
		    n->str);
	return SLO_OK;
}

static slo_status
set_tz(struct rec *r, const slo_ydoc *d, const slo_ynode *n, slo_error *err)
{
	slo_error e;
	const char *name = "UTC";
	slo_status st;

	if (n != NULL && (st = slo_ynode_string(d, n, &name, err)) != SLO_OK)
		return st;
	slo_error_clear(&e);
	if ((r->pub.tz = slo_tz_new(name, &e)) == NULL) {
		if (e.status == SLO_ENOMEM)
			return oom(err);
		return YERR(d, n, e.status ? e.status : SLO_ENOTFOUND,
		    "unknown time zone '%s'", name);
	}
	r->pub.timezone = slo_tz_name(r->pub.tz);
	return SLO_OK;
}

/*
 * The SRE Workbook's multiwindow, multi-burn-rate alerts (ch. 5, table
 * 5-8) as shares of the error budget: page on 2 % spent in 1h (checked
 * again over 5m), page on 5 % in 6h (30m), ticket on 10 % in 3d (6h).
 */
static const struct {
	slo_severity severity;
	slo_ns long_window, short_window;
	double share;
} workbook_shares[] = {
	{ SLO_SEV_PAGE, SLO_NS_PER_HOUR, 5 * SLO_NS_PER_MIN, 0.02 },
	{ SLO_SEV_PAGE, 6 * SLO_NS_PER_HOUR, 30 * SLO_NS_PER_MIN, 0.05 },
	{ SLO_SEV_TICKET, 3 * SLO_NS_PER_DAY, 6 * SLO_NS_PER_HOUR, 0.10 },
};

/*
 * The workbook policy for a budget window: the same shares, so burn =
 * share x window / long (slo_burn_for_share, as Pyrra scales it): 14.4,
 * 6, 1 for 30d, which is google-30d bit for bit, and google-28d for 28d.
 * A rule whose long window is not shorter than the budget's is left out:
 * it would look back over the whole budget or past it (a 1d SLO keeps the
 * 1h and 6h rules; one of 1h or less has none).  Named google-WINDOW, a
 * name `alerts:` takes back.
 */
static void
set_scaled_policy(struct rec *r, slo_ns window)
{
	char dur[SLO_DURATION_BUFSZ];
	size_t i, n = 0;

	for (i = 0; i < sizeof workbook_shares / sizeof workbook_shares[0];
	    i++) {
		slo_burn_rule *b = &r->pub.objective.rules[n];

		if (workbook_shares[i].long_window >= window)
			continue;
		b->severity = workbook_shares[i].severity;
		b->long_window = workbook_shares[i].long_window;
		b->short_window = workbook_shares[i].short_window;
		b->burn = slo_burn_for_share(workbook_shares[i].share, window,
		    b->long_window);
		n++;
	}
	r->pub.objective.nrules = n;
	slo_duration_format(window, dur);
	slo_snprintf(r->policy_name, sizeof r->policy_name, "google-%s", dur);
	r->pub.alert_policy = r->policy_name;
}

/*
 * The default when no alerts are given: the workbook policy scaled to the
 * SLO's window; a calendar month budgets like 30d, a week like 7d.
 */
static void
default_policy(struct rec *r)
{
	const slo_objective *o = &r->pub.objective;

	set_scaled_policy(r, o->calendar == SLO_CAL_MONTH ?
	    30 * SLO_NS_PER_DAY : o->calendar == SLO_CAL_WEEK ?
	    7 * SLO_NS_PER_DAY : o->window);
	r->pub.alerts_defaulted = 1;
}

static slo_status
check_rule(const slo_ydoc *d, const slo_ynode *at, const slo_burn_rule *b,
    slo_error *err)
{
	if (b->short_window >= b->long_window)
		return YERR(d, at, SLO_EINVAL,
		    "the short window must be shorter than the long window");
	if (!(b->burn > 0) || !isfinite(b->burn))
		return YERR(d, at, SLO_ERANGE, "burn rate must be above 0");
	return SLO_OK;
}

static slo_status
add_rule(struct rec *r, const slo_ydoc *d, const slo_ynode *at,
    const slo_burn_rule *b, slo_error *err)
{
	slo_status st;

	if ((st = check_rule(d, at, b, err)) != SLO_OK)
		return st;
	if (r->pub.objective.nrules >= SLO_MAX_RULES)
		return YERR(d, at, SLO_ELIMIT, "more than %d burn-rate alerts",
		    SLO_MAX_RULES);
	if (at != NULL) {
		r->pub.rule_line[r->pub.objective.nrules] = at->line;
		r->pub.rule_col[r->pub.objective.nrules] = at->col;
	}
	r->pub.objective.rules[r->pub.objective.nrules++] = *b;
	return SLO_OK;
}

static const char *const severity_words[] = { "page", "ticket", NULL };

static slo_status
read_severity(const slo_ydoc *d, const slo_ynode *n, slo_severity *out,
    slo_error *err)
{
	int w;
	slo_status st;

	if ((st = read_word(d, n, "severity", severity_words, &w, err)) != SLO_OK)
		return st;
	*out = w == 0 ? SLO_SEV_PAGE : SLO_SEV_TICKET;
	return SLO_OK;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static slo_status
read_quantiles(struct rec *r, const slo_ydoc *d, const slo_ynode *n,
    slo_error *err)
{
	size_t i;
	slo_status st;

	if ((st = slo_ynode_expect(d, n, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	if (n->n == 0)
		return YERR(d, n, SLO_EINVAL, "expected at least one quantile");
	if ((r->quantiles = calloc(n->n, sizeof *r->quantiles)) == NULL)
		return oom(err);
	for (i = 0; i < n->n; i++) {
		if ((st = slo_ynode_number(d, n->items[i], &r->quantiles[i],
		    err)) != SLO_OK)
			return st;
		if (!(r->quantiles[i] >= 0 && r->quantiles[i] <= 1))
			return YERR(d, n->items[i], SLO_ERANGE,
			    "quantile '%s' out of range 0..1",
			    n->items[i]->str);
	}
	qsort(r->quantiles, n->n, sizeof *r->quantiles, cmp_double);
	for (i = 1; i < n->n; i++)
		if (r->quantiles[i] == r->quantiles[i - 1])
			return YERR(d, n, SLO_EINVAL, "quantile %g given twice",
			    r->quantiles[i]);
	r->pub.quantiles = r->quantiles;
	r->pub.nquantiles = n->n;
	return SLO_OK;
}

static slo_status
read_group_by(struct rec *r, const slo_ydoc *d, const slo_ynode *n,
    slo_error *err)
{
	const slo_ynode *one[1];
	const slo_ynode *const *items;
	size_t count, i, j;
	slo_status st;

	if (n->type == SLO_Y_SCALAR && !slo_ynode_is_null(n)) {
		one[0] = n; /* group_by: route, as [route] */
		items = one;
		count = 1;
	} else {
		if ((st = slo_ynode_expect(d, n, SLO_Y_SEQ, err)) != SLO_OK)
			return st;
		items = (const slo_ynode *const *)n->items;
		count = n->n;
	}
	if (count == 0)
		return SLO_OK;
	if ((r->group_by = calloc(count, sizeof *r->group_by)) == NULL ||
	    (r->group_exprs = calloc(count, sizeof *r->group_exprs)) == NULL)
		return oom(err);
	for (i = 0; i < count; i++) {
		if ((st = compile(d, items[i], 1, &r->group_exprs[i], err)) !=
		    SLO_OK)
			return st;
		r->pub.ngroup_by = i + 1;
		r->group_by[i] = slo_expr_path(r->group_exprs[i]);
		for (j = 0; j < i; j++)
			if (strcmp(r->group_by[i], r->group_by[j]) == 0)
				return YERR(d, items[i], SLO_EINVAL,
				    "'%s' is in group_by twice", r->group_by[i]);
	}
	r->pub.group_by = r->group_by;
	r->pub.group_exprs = r->group_exprs;
	return SLO_OK;
}

/* ---- the slokit form -------------------------------------------------- */

static const char *const slo_keys[] = {
	"name", "description", "service", "where", "good", "bad", "latency",
	"quantiles", "objective", "target", "window", "calendar", "timezone",
	"budgeting", "slice", "slice_target", "group_by", "alerts", NULL
};
static const char *const latency_keys[] = { "threshold", "field", "op", NULL };
static const char *const alert_keys[] = {
	"severity", "long", "short", "burn", NULL
};
static const char *const budgeting_words[] = {
	"occurrences", "timeslices", "ratio_timeslices", NULL
};
static const char *const calendar_words[] = { "month", "week", NULL };
static const char *const policy_words[] = {
	"google-30d", "google-28d", "none", NULL
};
static const char *const op_words[] = { "lte", "lt", NULL };

/* Two keys of which exactly one (required) or at most one may be given. */
static slo_status
one_of(const slo_ydoc *d, const slo_ynode *map, const char *a, const char *b,
    int required, slo_error *err)
{
	const slo_ynode *ka = keynode(map, a), *kb = keynode(map, b);

	if (ka != NULL && kb != NULL) {
		const slo_ynode *later = ka->line > kb->line ||
		    (ka->line == kb->line && ka->col > kb->col) ? ka : kb;
		return YERR(d, later, SLO_EINVAL,
		    "'%s' and '%s' exclude each other: give one", a, b);
	}
	if (required && ka == NULL && kb == NULL)
		return YERR(d, map, SLO_EINVAL, "missing '%s' or '%s'", a, b);
	return SLO_OK;
}

static slo_status
read_latency(struct rec *r, const slo_ydoc *d, const slo_ynode *n,
    slo_error *err)
{
	const slo_ynode *t, *f, *op;
	slo_status st;
	int w = 0;

	if ((st = slo_ynode_check_keys(d, n, latency_keys, err)) != SLO_OK)
		return st;
	if ((t = slo_ynode_get(n, "threshold")) == NULL)
		return YERR(d, n, SLO_EINVAL, "missing 'threshold' in 'latency'");
	if (t->type == SLO_Y_SCALAR && !t->quoted &&
	    slo_decimal_valid(t->str, t->len)) {
		/* a bare number is in the field's own unit */
		if ((st = slo_ynode_number(d, t, &r->pub.latency_threshold,
		    err)) != SLO_OK)
			return st;
	} else {
		slo_ns ns;
		if ((st = slo_ynode_duration(d, t, &ns, err)) != SLO_OK)
			return st;
		r->pub.latency_threshold = (double)ns / SLO_NS_PER_MS;
	}
	if (r->pub.latency_threshold < 0)
		return YERR(d, t, SLO_ERANGE, "threshold '%s' is negative",
		    t->str);
	if ((f = slo_ynode_get(n, "field")) != NULL) {
		if ((st = compile(d, f, 1, &r->pub.latency_field, err)) != SLO_OK)
			return st;
	} else {
		slo_error e;
		if ((r->pub.latency_field = slo_expr_new("latency_ms", &e)) ==
		    NULL)
			return oom(err);
	}
	if ((op = slo_ynode_get(n, "op")) != NULL &&
	    (st = read_word(d, op, "op", op_words, &w, err)) != SLO_OK)
		return st;
	r->pub.latency_inclusive = w == 0;
	r->pub.latency_path = slo_expr_path(r->pub.latency_field);
	r->pub.sli = SLO_SPEC_SLI_LATENCY;
	return SLO_OK;
}

static slo_status
read_alerts(struct rec *r, const slo_ydoc *d, const slo_ynode *n,
    slo_error *err)
{
	slo_status st;
	size_t i;
	int w;

	if (n->type == SLO_Y_SCALAR && !slo_ynode_is_null(n)) {
		slo_ns win;

		/* google-WINDOW: the workbook policy for that budget window */
		if (n->len > 7 && strncmp(n->str, "google-", 7) == 0 &&
		    slo_duration_parse(n->str + 7, n->len - 7, &win,
		    NULL) == SLO_OK && win > 0) {
			set_scaled_policy(r, win);
			return SLO_OK;
		}
		/* else "none", or a typo to suggest a fix for */
		return read_word(d, n, "alert policy", policy_words, &w, err);
	}
	if ((st = slo_ynode_expect(d, n, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	for (i = 0; i < n->n; i++) {
		const slo_ynode *a = n->items[i], *x;
		slo_burn_rule b;
		static const char *const req[] = { "severity", "long",
		    "short", "burn" };
		size_t k;

		if ((st = slo_ynode_check_keys(d, a, alert_keys, err)) != SLO_OK)
			return st;
		for (k = 0; k < 4; k++)
			if (slo_ynode_get(a, req[k]) == NULL)
				return YERR(d, a, SLO_EINVAL,
				    "missing '%s' in an alert", req[k]);
		memset(&b, 0, sizeof b);
		if ((st = read_severity(d, slo_ynode_get(a, "severity"),
		    &b.severity, err)) != SLO_OK ||
		    (st = read_positive_duration(d, slo_ynode_get(a, "long"),
		    &b.long_window, err)) != SLO_OK ||
		    (st = read_positive_duration(d, slo_ynode_get(a, "short"),
		    &b.short_window, err)) != SLO_OK ||
		    (st = slo_ynode_number(d, (x = slo_ynode_get(a, "burn")),
		    &b.burn, err)) != SLO_OK)
			return st;
		if (!(b.burn > 0))
			return YERR(d, x, SLO_ERANGE,
			    "burn '%s' must be above 0", x->str);
		if ((st = add_rule(r, d, keynode(a, "short"), &b, err)) != SLO_OK)
			return st;
		/* The engine's limits are about the long window. */
		x = slo_ynode_get(a, "long");
		r->pub.rule_line[r->pub.objective.nrules - 1] = x->line;
		r->pub.rule_col[r->pub.objective.nrules - 1] = x->col;
	}
	return SLO_OK;
}

static slo_status
read_where(struct rec *r, const slo_ydoc *d, const slo_ynode *item,
    slo_error *err)
{
	const slo_ynode *w = slo_ynode_get(item, "where");
	slo_expr *user = NULL;
	slo_buf b = { 0 };
	slo_error e;
	slo_status st;

	if (w != NULL && (st = compile(d, w, 0, &user, err)) != SLO_OK)
		return st;
	if (r->pub.service == NULL) {
		r->pub.where = user;
		return SLO_OK;
	}
	/* service: X filters too: service == "X" && (where) */
	if (slo_buf_puts(&b, "service == ") ||
	    slo_buf_json_str(&b, r->pub.service, strlen(r->pub.service)) ||
	    (user != NULL && (slo_buf_puts(&b, " && (") ||
	    slo_buf_puts(&b, slo_expr_source(user)) || slo_buf_puts(&b, ")")))) {
		slo_expr_free(user);
		slo_buf_release(&b);
		return oom(err);
	}
	slo_expr_free(user);
	slo_error_clear(&e);
	r->pub.where = slo_expr_new(b.data, &e);
	slo_buf_release(&b);
	if (r->pub.where == NULL)
		return YERR(d, slo_ynode_get(item, "service"),
		    e.status ? e.status : SLO_EINVAL,
		    "invalid service name: %s", e.msg);
	return SLO_OK;
}

static slo_status
parse_slo(struct rec *r, const slo_ydoc *d, const slo_ynode *item,
    slo_error *err)
{
	const slo_ynode *n;
	slo_objective *o = &r->pub.objective;
	slo_status st;
	int w;

	if ((st = slo_ynode_check_keys(d, item, slo_keys, err)) != SLO_OK)
		return st;
	if ((n = slo_ynode_get(item, "name")) == NULL)
		return YERR(d, item, SLO_EINVAL, "missing 'name'");
	if ((st = read_name(d, n, &r->pub.name, err)) != SLO_OK)
		return st;
	r->name_line = n->line;
	r->name_col = n->col;
	if ((st = opt_string(d, item, "description", &r->pub.description,
	    err)) != SLO_OK ||
	    (st = opt_string(d, item, "service", &r->pub.service, err)) != SLO_OK)
		return st;
	if ((st = read_where(r, d, item, err)) != SLO_OK)
		return st;

	/* The SLI: good, bad or latency. */
	if ((st = one_of(d, item, "good", "bad", 0, err)) != SLO_OK)
		return st;
	if (slo_ynode_get(item, "latency") != NULL &&
	    (n = keynode(item, "good") ? keynode(item, "good") :
	    keynode(item, "bad")) != NULL)
		return YERR(d, n, SLO_EINVAL,
		    "'%s' and 'latency' exclude each other: give one", n->str);
	if ((n = slo_ynode_get(item, "good")) != NULL)
		st = compile(d, n, 0, &r->pub.good, err);
	else if ((n = slo_ynode_get(item, "bad")) != NULL)
		st = compile(d, n, 0, &r->pub.bad, err);
	else if ((n = slo_ynode_get(item, "latency")) != NULL)
		st = read_latency(r, d, n, err);
	else
		return YERR(d, item, SLO_EINVAL,
		    "missing 'good', 'bad' or 'latency' in SLO '%s'",
		    r->pub.name);
	if (st != SLO_OK)
		return st;
	if ((n = slo_ynode_get(item, "quantiles")) != NULL) {
		if (r->pub.sli != SLO_SPEC_SLI_LATENCY)
			return YERR(d, keynode(item, "quantiles"), SLO_EINVAL,
			    "'quantiles' needs a latency SLI ('latency')");
		if ((st = read_quantiles(r, d, n, err)) != SLO_OK)
			return st;
	} else if (r->pub.sli == SLO_SPEC_SLI_LATENCY) {
		r->pub.quantiles = default_quantiles;
		r->pub.nquantiles = 3;
	}

	/* The objective. */
	if ((st = one_of(d, item, "objective", "target", 1, err)) != SLO_OK)
		return st;
	if ((n = slo_ynode_get(item, "objective")) != NULL)
		st = read_percent_target(d, n, "objective", &o->target,
		    err);
	else
		st = read_fraction_target(d, slo_ynode_get(item, "target"),
		    &o->target, err);
	if (st != SLO_OK)
		return st;

	/* The window. */
	if ((st = one_of(d, item, "window", "calendar", 1, err)) != SLO_OK)
		return st;
	n = slo_ynode_get(item, "window");
	r->pub.window_line = (n ? n : slo_ynode_get(item, "calendar"))->line;
	r->pub.window_col = (n ? n : slo_ynode_get(item, "calendar"))->col;
	if (n != NULL) {
		if ((st = read_positive_duration(d, n, &o->window, err)) != SLO_OK)
			return st;
		o->calendar = SLO_CAL_NONE;
		if ((n = keynode(item, "timezone")) != NULL)
			return YERR(d, n, SLO_EINVAL,
			    "'timezone' is for calendar windows: a rolling "
			    "window is the same in every zone");
	} else {
		n = slo_ynode_get(item, "calendar");
		if ((st = read_word(d, n, "calendar", calendar_words, &w,
		    err)) != SLO_OK)
			return st;
		o->calendar = w == 0 ? SLO_CAL_MONTH : SLO_CAL_WEEK;
		o->window = 0;
		if ((st = set_tz(r, d, slo_ynode_get(item, "timezone"),
		    err)) != SLO_OK)
			return st;
	}

	/* Budgeting. */
	w = 0;
	if ((n = slo_ynode_get(item, "budgeting")) != NULL &&
	    (st = read_word(d, n, "budgeting method", budgeting_words, &w,
	    err)) != SLO_OK)
		return st;
	o->budgeting = w == 0 ? SLO_BUDGET_OCCURRENCES : w == 1 ?
	    SLO_BUDGET_TIMESLICES : SLO_BUDGET_RATIO_TIMESLICES;
	if (o->budgeting == SLO_BUDGET_OCCURRENCES) {
		if ((n = keynode(item, "slice")) != NULL ||
		    (n = keynode(item, "slice_target")) != NULL)
			return YERR(d, n, SLO_EINVAL,
			    "'%s' needs 'budgeting: timeslices'", n->str);
	} else {
		if ((n = slo_ynode_get(item, "slice")) == NULL)
			return YERR(d, item, SLO_EINVAL,
			    "missing 'slice' for 'budgeting: %s'",
			    budgeting_words[w]);
		if ((st = read_positive_duration(d, n, &o->slice, err)) != SLO_OK)
			return st;
		r->pub.slice_line = n->line;
		r->pub.slice_col = n->col;
		if (o->window > 0 && o->slice > o->window)
			return YERR(d, n, SLO_ERANGE,
			    "slice '%s' is longer than the window", n->str);
		n = slo_ynode_get(item, "slice_target");
		if (o->budgeting == SLO_BUDGET_RATIO_TIMESLICES && n != NULL)
			return YERR(d, keynode(item, "slice_target"),
			    SLO_EINVAL, "'slice_target' is for 'budgeting: "
			    "timeslices', not ratio_timeslices");
		if (o->budgeting == SLO_BUDGET_TIMESLICES) {
			if (n == NULL)
				return YERR(d, item, SLO_EINVAL,
				    "missing 'slice_target' for 'budgeting: "
				    "timeslices'");
			if ((st = slo_ynode_share(d, n, &o->slice_target,
			    err)) != SLO_OK)
				return st;
			if (!(o->slice_target > 0))
				return YERR(d, n, SLO_ERANGE,
				    "slice_target '%s' must be above 0", n->str);
		}
	}

	if ((n = slo_ynode_get(item, "group_by")) != NULL &&
	    (st = read_group_by(r, d, n, err)) != SLO_OK)
		return st;

	if ((n = slo_ynode_get(item, "alerts")) != NULL)
		return read_alerts(r, d, n, err);
	default_policy(r);
	return SLO_OK;
}

/* ---- the spec --------------------------------------------------------- */

slo_spec *
slo_spec_new(void)
{
	return calloc(1, sizeof(slo_spec));
}

void
slo_spec_free(slo_spec *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nrecs; i++)
		rec_free(s->recs[i]);
	for (i = 0; i < s->ndocs; i++)
		slo_ydoc_free(s->docs[i]);
	free(s->recs);
	free(s->docs);
	free(s->objs);
	free(s->secs);
	free(s);
}

#define ORDER(file, doc, item) \
	(((uint64_t)(file) << 44) | ((uint64_t)(doc) << 24) | (uint64_t)(item))

static const char *const top_keys[] = { "slos", "flags", "promotion", NULL };
static const char *const oslo_top_keys[] = {
	"apiVersion", "kind", "metadata", "spec", NULL
};
static const char *const meta_keys[] = {
	"name", "displayName", "namespace", "labels", "annotations", NULL
};
static const char *const kind_words[] = {
	"SLO", "SLI", "AlertPolicy", "AlertCondition", "DataSource", "Service",
	"AlertNotificationTarget", NULL
};

static const char *
kind_name(enum okind k)
{
	switch (k) {
	case K_SLO: return "SLO";
	case K_SLI: return "SLI";
	case K_POLICY: return "AlertPolicy";
	case K_CONDITION: return "AlertCondition";
	case K_IGNORED: break;
	}
	return "object";
}

static slo_status
register_openslo(slo_spec *s, const slo_ydoc *d, const slo_ynode *root,
    size_t file, size_t docidx, slo_error *err)
{
	const slo_ynode *n, *meta;
	const char *api, *name;
	struct object o;
	slo_status st;
	size_t i;
	int k;

	if ((st = slo_ynode_check_keys(d, root, oslo_top_keys, err)) != SLO_OK)
		return st;
	if ((n = slo_ynode_get(root, "apiVersion")) == NULL)
		return YERR(d, root, SLO_EINVAL, "missing 'apiVersion'");
	if ((st = slo_ynode_string(d, n, &api, err)) != SLO_OK)
		return st;
	if (strcmp(api, "openslo/v1") != 0)
		return YERR(d, n, SLO_EINVAL,
		    "unsupported apiVersion '%s': expected 'openslo/v1'", api);
	if ((n = slo_ynode_get(root, "kind")) == NULL)
		return YERR(d, root, SLO_EINVAL, "missing 'kind'");
	if ((st = read_word(d, n, "kind", kind_words, &k, err)) != SLO_OK)
		return st;
	if ((meta = slo_ynode_get(root, "metadata")) == NULL)
		return YERR(d, root, SLO_EINVAL, "missing 'metadata'");
	if ((st = slo_ynode_check_keys(d, meta, meta_keys, err)) != SLO_OK)
		return st;
	if ((n = slo_ynode_get(meta, "name")) == NULL)
		return YERR(d, meta, SLO_EINVAL, "missing 'name' in 'metadata'");
	if ((st = read_name(d, n, &name, err)) != SLO_OK)
		return st;
	if (slo_ynode_get(root, "spec") == NULL && k <= K_CONDITION)
		return YERR(d, root, SLO_EINVAL, "missing 'spec'");
	o.kind = k <= K_CONDITION ? (enum okind)k : K_IGNORED;
	if (o.kind == K_IGNORED)
		return SLO_OK;
	for (i = 0; i < s->nobjs; i++) {
		const struct object *x = &s->objs[i];
		if (x->kind == o.kind && strcmp(x->name, name) == 0)
			return YERR(d, n, SLO_EINVAL,
			    "duplicate %s '%s' (first at %s:%ld:%ld)",
			    kind_name(o.kind), name, slo_ydoc_file(x->doc),
			    x->name_node->line, x->name_node->col);
	}
	o.name = name;
	o.doc = d;
	o.root = root;
	o.name_node = n;
	o.order = ORDER(file, docidx, 0);
	o.file = file;
	if (grow(&s->objs, &s->capobjs, s->nobjs, sizeof *s->objs))
		return oom(err);
	s->objs[s->nobjs++] = o;
	return SLO_OK;
}

static slo_status
load_doc(slo_spec *s, slo_ydoc *d, size_t file, slo_error *err)
{
	slo_status st;
	size_t i, j;

	for (i = 0; i < slo_ydoc_count(d); i++) {
		const slo_ynode *root = slo_ydoc_root(d, i), *slos;
		if (root == NULL)
			continue;
		if (root->type != SLO_Y_MAP)
			return YERR(d, root, SLO_EINVAL,
			    "expected a map with 'slos:' or an OpenSLO "
			    "document, got %s", slo_ynode_what(root));
		if (slo_ynode_get(root, "apiVersion") != NULL ||
		    slo_ynode_get(root, "kind") != NULL) {
			if ((st = register_openslo(s, d, root, file, i, err)) !=
			    SLO_OK)
				return st;
			continue;
		}
		if ((st = slo_ynode_check_keys(d, root, top_keys, err)) != SLO_OK)
			return st;
		for (j = 0; j < root->n; j++) {
			struct section *sec;
			if (strcmp(root->keys[j]->str, "slos") == 0)
				continue;
			if (grow(&s->secs, &s->capsecs, s->nsecs, sizeof *s->secs))
				return oom(err);
			sec = &s->secs[s->nsecs++];
			sec->key = root->keys[j]->str;
			sec->doc = d;
			sec->node = root->items[j];
			sec->file = file;
		}
		if ((slos = slo_ynode_get(root, "slos")) == NULL ||
		    slo_ynode_is_null(slos))
			continue;
		if ((st = slo_ynode_expect(d, slos, SLO_Y_SEQ, err)) != SLO_OK)
			return st;
		for (j = 0; j < slos->n; j++) {
			struct rec *r = rec_new(d, slos->items[j],
			    ORDER(file, i, j));
			if (r == NULL)
				return oom(err);
			if ((st = parse_slo(r, d, slos->items[j], err)) != SLO_OK) {
				rec_free(r);
				return st;
			}
			if ((st = rec_push(s, r, err)) != SLO_OK)
				return st;
		}
	}
	return SLO_OK;
}

/* Drop what file number `file` added: its SLOs, objects and sections. */
static void
rollback(slo_spec *s, size_t nrecs)
{
	size_t file = s->ndocs - 1, i, k;

	while (s->nrecs > nrecs)
		rec_free(s->recs[--s->nrecs]);
	for (i = k = 0; i < s->nobjs; i++)
		if (s->objs[i].file != file)
			s->objs[k++] = s->objs[i];
	s->nobjs = k;
	for (i = k = 0; i < s->nsecs; i++)
		if (s->secs[i].file != file)
			s->secs[k++] = s->secs[i];
	s->nsecs = k;
	slo_ydoc_free(s->docs[--s->ndocs]);
}

static slo_status
add_doc(slo_spec *s, slo_ydoc *d, slo_error *err)
{
	size_t nrecs = s->nrecs;
	slo_status st;

	if (s->finished) {
		slo_ydoc_free(d);
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "spec already finished");
	}
	if (grow(&s->docs, &s->capdocs, s->ndocs, sizeof *s->docs)) {
		slo_ydoc_free(d);
		return oom(err);
	}
	s->docs[s->ndocs++] = d;
	if ((st = load_doc(s, d, s->ndocs - 1, err)) != SLO_OK) {
		/* err may point into d: keep the message, then drop d */
		rollback(s, nrecs);
		return st;
	}
	return SLO_OK;
}

slo_status
slo_spec_load_file(slo_spec *s, const char *path, slo_error *err)
{
	slo_ydoc *d = slo_ydoc_load_file(path, err);

	if (d == NULL)
		return err ? err->status : SLO_EINVAL;
	return add_doc(s, d, err);
}

slo_status
slo_spec_load_string(slo_spec *s, const char *name, const char *text,
    size_t n, slo_error *err)
{
	slo_ydoc *d = slo_ydoc_load_string(name, text, n, err);

	if (d == NULL)
		return err ? err->status : SLO_EINVAL;
	return add_doc(s, d, err);
}

slo_status
slo_spec_add_kv(slo_spec *s, const char *origin, const char *const *keys,
    const char *const *vals, size_t n, slo_error *err)
{
	slo_ydoc *d;
	struct rec *r;
	slo_status st;

	if (s->finished)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "spec already finished");
	if ((d = slo_ydoc_new_kv(origin, keys, vals, n, err)) == NULL)
		return err ? err->status : SLO_ENOMEM;
	if (grow(&s->docs, &s->capdocs, s->ndocs, sizeof *s->docs)) {
		slo_ydoc_free(d);
		return oom(err);
	}
	s->docs[s->ndocs++] = d;
	if ((r = rec_new(d, NULL, ORDER(s->ndocs - 1, 0, 0))) == NULL) {
		st = oom(err);
		goto fail;
	}
	if ((st = parse_slo(r, d, slo_ydoc_root(d, 0), err)) != SLO_OK) {
		rec_free(r);
		/* Pair i sits at line i + 1: name its key instead. */
		if (err != NULL && err->line >= 1 && (size_t)err->line <= n) {
			slo_buf b = { 0 };
			if (slo_buf_printf(&b, "'%s': %s", keys[err->line - 1],
			    err->msg) == SLO_OK) {
				size_t len = b.len < sizeof err->msg - 1 ?
				    b.len : sizeof err->msg - 1;
				memcpy(err->msg, b.data, len);
				err->msg[len] = '\0';
			}
			slo_buf_release(&b);
		}
		if (err != NULL)
			err->line = err->col = 0;
		goto fail;
	}
	r->pub.line = r->pub.col = 0;
	r->name_line = r->name_col = 0;
	return rec_push(s, r, err);
fail:
	rollback(s, s->nrecs);
	return st;
}

/* ---- OpenSLO ---------------------------------------------------------- */

static const struct object *
find_object(const slo_spec *s, enum okind kind, const char *name)
{
	size_t i;

	for (i = 0; i < s->nobjs; i++)
		if (s->objs[i].kind == kind && strcmp(s->objs[i].name, name) == 0)
			return &s->objs[i];
	return NULL;
}

/* "unknown SLI 'x'", with the nearest known name as a hint. */
static slo_status
unresolved(const slo_spec *s, const slo_ydoc *d, const slo_ynode *n,
    enum okind kind, slo_error *err)
{
	const char **names, *best = NULL;
	size_t i, k = 0;

	if ((names = calloc(s->nobjs + 1, sizeof *names)) != NULL) {
		for (i = 0; i < s->nobjs; i++)
			if (s->objs[i].kind == kind)
				names[k++] = s->objs[i].name;
		best = slo_suggest(n->str, names);
	}
	if (best != NULL) {
		slo_status st = YERR(d, n, SLO_ENOTFOUND,
		    "unknown %s '%s'; did you mean '%s'?", kind_name(kind),
		    n->str, best);
		free(names);
		return st;
	}
	free(names);
	return YERR(d, n, SLO_ENOTFOUND, "unknown %s '%s'", kind_name(kind),
	    n->str);
}

/* An inline object: {apiVersion?, kind?, metadata?, spec} of kind k. */
static slo_status
inline_object(const slo_ydoc *d, const slo_ynode *n, enum okind k,
    const slo_ynode **spec, slo_error *err)
{
	const slo_ynode *x;
	const char *str;
	slo_status st;

	if ((st = slo_ynode_check_keys(d, n, oslo_top_keys, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(n, "apiVersion")) != NULL) {
		if ((st = slo_ynode_string(d, x, &str, err)) != SLO_OK)
			return st;
		if (strcmp(str, "openslo/v1") != 0)
			return YERR(d, x, SLO_EINVAL,
			    "unsupported apiVersion '%s': expected 'openslo/v1'",
			    str);
	}
	if ((x = slo_ynode_get(n, "kind")) != NULL) {
		if ((st = slo_ynode_string(d, x, &str, err)) != SLO_OK)
			return st;
		if (strcmp(str, kind_name(k)) != 0)
			return YERR(d, x, SLO_EINVAL,
			    "expected kind '%s' here, got '%s'", kind_name(k), str);
	}
	if ((x = slo_ynode_get(n, "metadata")) != NULL &&
	    (st = slo_ynode_check_keys(d, x, meta_keys, err)) != SLO_OK)
		return st;
	if ((*spec = slo_ynode_get(n, "spec")) == NULL)
		return YERR(d, n, SLO_EINVAL, "missing 'spec'");
	return SLO_OK;
}

/* What an SLI says, before it is put into an SLO. */
struct sli {
	const slo_ydoc *d;
	const slo_ynode *good, *bad, *total_where; /* where scalars */
	const slo_ynode *field, *where;            /* threshold metric */
	const slo_ynode *op, *value;               /* threshold metric */
	int threshold;
};

static const char *const sli_spec_keys[] = {
	"description", "thresholdMetric", "ratioMetric", NULL
};
static const char *const ratio_keys[] = {
	"counter", "good", "bad", "total", "rawType", "raw", NULL
};
static const char *const metric_keys[] = { "metricSource", NULL };
static const char *const source_keys[] = {
	"metricSourceRef", "type", "spec", NULL
};
static const char *const threshold_keys[] = {
	"metricSource", "op", "value", NULL
};

/* metric: {metricSource: {type: slokit, spec: {...}}}; *spec may be NULL. */
static slo_status
metric_source(const slo_ydoc *d, const slo_ynode *metric, int has_source_key,
    const char *const *spec_keys, const slo_ynode **spec, slo_error *err)
{
	const slo_ynode *src, *t;
	const char *type;
	slo_status st;

	*spec = NULL;
	if (!has_source_key &&
	    (st = slo_ynode_check_keys(d, metric, metric_keys, err)) != SLO_OK)
		return st;
	if ((src = slo_ynode_get(metric, "metricSource")) == NULL)
		return YERR(d, metric, SLO_EINVAL, "missing 'metricSource'");
	if ((st = slo_ynode_check_keys(d, src, source_keys, err)) != SLO_OK)
		return st;
	if ((t = slo_ynode_get(src, "type")) != NULL) {
		if ((st = slo_ynode_string(d, t, &type, err)) != SLO_OK)
			return st;
		if (strcasecmp(type, "slokit") != 0)
			return YERR(d, t, SLO_EINVAL,
			    "metric source type '%s' is not supported: slokit "
			    "reads events, type 'slokit' with a 'where' "
			    "predicate", type);
	}
	if ((*spec = slo_ynode_get(src, "spec")) != NULL &&
	    !slo_ynode_is_null(*spec) &&
	    (st = slo_ynode_check_keys(d, *spec, spec_keys, err)) != SLO_OK)
		return st;
	if (*spec != NULL && slo_ynode_is_null(*spec))
		*spec = NULL;
	return SLO_OK;
}

static slo_status
parse_sli(const slo_ydoc *d, const slo_ynode *spec, struct sli *out,
    slo_error *err)
{
	static const char *const where_only[] = { "where", NULL };
	static const char *const field_where[] = { "field", "where", NULL };
	const slo_ynode *rm, *tm, *m, *ms;
	slo_status st;

	memset(out, 0, sizeof *out);
	out->d = d;
	if ((st = slo_ynode_check_keys(d, spec, sli_spec_keys, err)) != SLO_OK)
		return st;
	if ((st = one_of(d, spec, "ratioMetric", "thresholdMetric", 1, err)) !=
	    SLO_OK)
		return st;
	if ((tm = slo_ynode_get(spec, "thresholdMetric")) != NULL) {
		out->threshold = 1;
		if ((st = slo_ynode_check_keys(d, tm, threshold_keys, err)) !=
		    SLO_OK ||
		    (st = metric_source(d, tm, 1, field_where, &ms, err)) !=
		    SLO_OK)
			return st;
		out->field = slo_ynode_get(ms, "field");
		out->where = slo_ynode_get(ms, "where");
		out->op = slo_ynode_get(tm, "op");
		out->value = slo_ynode_get(tm, "value");
		return SLO_OK;
	}
	rm = slo_ynode_get(spec, "ratioMetric");
	if ((st = slo_ynode_check_keys(d, rm, ratio_keys, err)) != SLO_OK)
		return st;
	if ((m = keynode(rm, "raw")) != NULL || (m = keynode(rm, "rawType")))
		return YERR(d, m, SLO_EINVAL,
		    "'%s' is not supported: give 'good' or 'bad', and 'total'",
		    m->str);
	if ((m = slo_ynode_get(rm, "counter")) != NULL) {
		int b;
		if ((st = slo_ynode_bool(d, m, &b, err)) != SLO_OK)
			return st;
	}
	if ((st = one_of(d, rm, "good", "bad", 1, err)) != SLO_OK)
		return st;
	m = slo_ynode_get(rm, "good") ? slo_ynode_get(rm, "good") :
	    slo_ynode_get(rm, "bad");
	if ((st = metric_source(d, m, 0, where_only, &ms, err)) != SLO_OK)
		return st;
	if (ms == NULL || slo_ynode_get(ms, "where") == NULL)
		return YERR(d, ms ? ms : m, SLO_EINVAL,
		    "missing 'where' in the metric source spec of '%s'",
		    slo_ynode_get(rm, "good") ? "good" : "bad");
	if (slo_ynode_get(rm, "good"))
		out->good = slo_ynode_get(ms, "where");
	else
		out->bad = slo_ynode_get(ms, "where");
	if ((m = slo_ynode_get(rm, "total")) == NULL)
		return YERR(d, rm, SLO_EINVAL, "missing 'total'");
	if ((st = metric_source(d, m, 0, where_only, &ms, err)) != SLO_OK)
		return st;
	out->total_where = ms ? slo_ynode_get(ms, "where") : NULL;
	return SLO_OK;
}

/* The SLI of an OpenSLO SLO spec: inline `indicator` or `indicatorRef`. */
static slo_status
resolve_sli(const slo_spec *s, const slo_ydoc *d, const slo_ynode *spec,
    struct sli *out, slo_error *err)
{
	const slo_ynode *n, *sspec;
	const struct object *o;
	slo_status st;

	if ((st = one_of(d, spec, "indicator", "indicatorRef", 1, err)) !=
	    SLO_OK)
		return st;
	if ((n = slo_ynode_get(spec, "indicator")) != NULL) {
		if ((st = inline_object(d, n, K_SLI, &sspec, err)) != SLO_OK)
			return st;
		return parse_sli(d, sspec, out, err);
	}
	n = slo_ynode_get(spec, "indicatorRef");
	if ((st = slo_ynode_expect(d, n, SLO_Y_SCALAR, err)) != SLO_OK)
		return st;
	if ((o = find_object(s, K_SLI, n->str)) == NULL)
		return unresolved(s, d, n, K_SLI, err);
	return parse_sli(o->doc, slo_ynode_get(o->root, "spec"), out, err);
}

/* Put the SLI into r: compile its expressions. */
static slo_status
apply_sli(struct rec *r, const struct sli *sl, const slo_ydoc *d,
    const slo_ynode *objective, slo_error *err)
{
	static const char *const thr_ops[] = { "lte", "lt", NULL };
	const slo_ynode *op, *val;
	slo_status st;
	int w = 0;

	if (!sl->threshold) {
		r->pub.sli = SLO_SPEC_SLI_RATIO;
		if (sl->good != NULL &&
		    (st = compile(sl->d, sl->good, 0, &r->pub.good, err)) != SLO_OK)
			return st;
		if (sl->bad != NULL &&
		    (st = compile(sl->d, sl->bad, 0, &r->pub.bad, err)) != SLO_OK)
			return st;
		if (sl->total_where != NULL &&
		    (st = compile(sl->d, sl->total_where, 0, &r->pub.where,
		    err)) != SLO_OK)
			return st;
		if ((op = keynode(objective, "op")) != NULL ||
		    (op = keynode(objective, "value")) != NULL)
			return YERR(d, op, SLO_EINVAL,
			    "'%s' is for a threshold metric; this SLI is a "
			    "ratio metric", op->str);
		return SLO_OK;
	}
	r->pub.sli = SLO_SPEC_SLI_LATENCY;
	r->pub.quantiles = default_quantiles;
	r->pub.nquantiles = 3;
	if (sl->where != NULL &&
	    (st = compile(sl->d, sl->where, 0, &r->pub.where, err)) != SLO_OK)
		return st;
	if (sl->field != NULL) {
		if ((st = compile(sl->d, sl->field, 1, &r->pub.latency_field,
		    err)) != SLO_OK)
			return st;
	} else {
		slo_error e;
		if ((r->pub.latency_field = slo_expr_new("latency_ms", &e)) ==
		    NULL)
			return oom(err);
	}
	r->pub.latency_path = slo_expr_path(r->pub.latency_field);
	/* op and value: the objective's (OpenSLO), else the metric's. */
	const slo_ydoc *od = d, *vd = d;
	if ((op = slo_ynode_get(objective, "op")) == NULL) {
		op = sl->op;
		od = sl->d;
	}
	if ((val = slo_ynode_get(objective, "value")) == NULL) {
		val = sl->value;
		vd = sl->d;
	}
	if (val == NULL)
		return YERR(d, objective, SLO_EINVAL,
		    "missing 'value': the latency threshold of a threshold "
		    "metric");
	if ((st = slo_ynode_number(vd, val, &r->pub.latency_threshold,
	    err)) != SLO_OK)
		return st;
	if (r->pub.latency_threshold < 0)
		return slo_ynode_error(vd, val, SLO_ERANGE, err,
		    "value '%s' is negative", val->str);
	if (op != NULL) {
		const char *str;
		if ((st = slo_ynode_string(od, op, &str, err)) != SLO_OK)
			return st;
		for (w = 0; thr_ops[w] != NULL; w++)
			if (strcmp(str, thr_ops[w]) == 0)
				break;
		if (thr_ops[w] == NULL)
			return slo_ynode_error(od, op, SLO_EINVAL, err,
			    "op '%s' not supported: a threshold SLO counts "
			    "events at or under its value good (lte or lt)", str);
	}
	r->pub.latency_inclusive = w == 0;
	return SLO_OK;
}

static const char *const timewindow_keys[] = {
	"duration", "isRolling", "calendar", NULL
};
static const char *const calendar_keys[] = { "startTime", "timeZone", NULL };

/* "2022-01-01 12:00:00" (local to timeZone), a date or RFC 3339. */
static int
start_time_valid(const char *s)
{
	size_t n = strlen(s), i;
	static const char pat[] = "dddd-dd-dd dd:dd:dd";

	if (n == sizeof pat - 1) {
		for (i = 0; i < n; i++) {
			if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
			    s[i] != pat[i])
				break;
		}
		if (i == n)
			return 1;
	}
	return 0;
}

static slo_status
parse_timewindow(struct rec *r, const slo_ydoc *d, const slo_ynode *tw,
    slo_error *err)
{
	const slo_ynode *w, *dur, *cal, *roll, *x;
	slo_objective *o = &r->pub.objective;
	slo_status st;
	int rolling;

	if ((st = slo_ynode_expect(d, tw, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	if (tw->n != 1)
		return YERR(d, tw, SLO_EINVAL,
		    "expected one time window, got %zu", tw->n);
	w = tw->items[0];
	if ((st = slo_ynode_check_keys(d, w, timewindow_keys, err)) != SLO_OK)
		return st;
	if ((dur = slo_ynode_get(w, "duration")) == NULL)
		return YERR(d, w, SLO_EINVAL, "missing 'duration'");
	r->pub.window_line = dur->line;
	r->pub.window_col = dur->col;
	cal = slo_ynode_get(w, "calendar");
	rolling = cal == NULL;
	if ((roll = slo_ynode_get(w, "isRolling")) != NULL &&
	    (st = slo_ynode_bool(d, roll, &rolling, err)) != SLO_OK)
		return st;
	if (rolling && cal != NULL)
		return YERR(d, roll, SLO_EINVAL,
		    "'isRolling: true' and 'calendar' exclude each other");
	if (rolling) {
		const char *str;
		if ((st = slo_ynode_string(d, dur, &str, err)) != SLO_OK)
			return st;
		if (dur->len > 0 && strchr("MQY", str[dur->len - 1]))
			return YERR(d, dur, SLO_EINVAL,
			    "a rolling window of '%s' has no fixed length: use "
			    "days ('30d') or a calendar window", str);
		o->calendar = SLO_CAL_NONE;
		return read_positive_duration(d, dur, &o->window, err);
	}
	if (cal == NULL)
		return YERR(d, roll, SLO_EINVAL,
		    "'isRolling: false' needs 'calendar'");
	if ((st = slo_ynode_expect(d, dur, SLO_Y_SCALAR, err)) != SLO_OK)
		return st;
	if (strcmp(dur->str, "1M") == 0)
		o->calendar = SLO_CAL_MONTH;
	else if (strcmp(dur->str, "1w") == 0 || strcmp(dur->str, "7d") == 0)
		o->calendar = SLO_CAL_WEEK;
	else
		return YERR(d, dur, SLO_EINVAL,
		    "calendar window '%s' not supported: use 1M (a month) or "
		    "1w (a week from Monday)", dur->str);
	o->window = 0;
	if ((st = slo_ynode_check_keys(d, cal, calendar_keys, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(cal, "startTime")) != NULL) {
		slo_ns t;
		slo_error e;
		const char *str;
		if ((st = slo_ynode_string(d, x, &str, err)) != SLO_OK)
			return st;
		if (!start_time_valid(str) && slo_ynode_time(d, x, &t, &e) !=
		    SLO_OK)
			return YERR(d, x, SLO_EINVAL,
			    "invalid startTime '%s': expected "
			    "'2022-01-01 00:00:00'", str);
	}
	return set_tz(r, d, slo_ynode_get(cal, "timeZone"), err);
}

static const char *const oslo_slo_keys[] = {
	"description", "service", "indicator", "indicatorRef", "timeWindow",
	"budgetingMethod", "objectives", "alertPolicies", NULL
};
static const char *const objective_keys[] = {
	"displayName", "op", "value", "target", "targetPercent",
	"timeSliceTarget", "timeSliceWindow", NULL
};
static const char *const oslo_budgeting_words[] = {
	"Occurrences", "Timeslices", "RatioTimeslices", NULL
};
static const char *const policy_spec_keys[] = {
	"description", "alertWhenNoData", "alertWhenBreaching",
	"alertWhenResolved", "conditions", "notificationTargets", NULL
};
static const char *const condition_spec_keys[] = {
	"description", "severity", "condition", NULL
};
static const char *const condition_keys[] = {
	"kind", "op", "threshold", "lookbackWindow", "alertAfter", NULL
};

/*
 * An AlertCondition spec: a burn-rate condition over lookbackWindow is a
 * rule with that long window and a short window of a twelfth of it (the
 * SRE Workbook's ratio: 1h/5m, 6h/30m, 3d/6h).
 */
static slo_status
parse_condition(const slo_ydoc *d, const slo_ynode *spec, slo_burn_rule *b,
    slo_error *err)
{
	static const char *const kinds[] = { "burnrate", NULL };
	static const char *const ops[] = { "gte", "gt" };
	const slo_ynode *c, *x;
	slo_status st;
	int w;

	memset(b, 0, sizeof *b);
	if ((st = slo_ynode_check_keys(d, spec, condition_spec_keys, err)) !=
	    SLO_OK)
		return st;
	if ((x = slo_ynode_get(spec, "severity")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'severity'");
	if ((st = read_severity(d, x, &b->severity, err)) != SLO_OK)
		return st;
	if ((c = slo_ynode_get(spec, "condition")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'condition'");
	if ((st = slo_ynode_check_keys(d, c, condition_keys, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(c, "kind")) == NULL)
		return YERR(d, c, SLO_EINVAL, "missing 'kind'");
	if ((st = read_word(d, x, "condition kind", kinds, &w, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(c, "op")) != NULL) {
		const char *str;
		if ((st = slo_ynode_string(d, x, &str, err)) != SLO_OK)
			return st;
		if (strcmp(str, ops[0]) != 0 && strcmp(str, ops[1]) != 0)
			return YERR(d, x, SLO_EINVAL,
			    "op '%s' not supported: a burn-rate condition fires "
			    "at or above its threshold (gte)", str);
	}
	if ((x = slo_ynode_get(c, "threshold")) == NULL)
		return YERR(d, c, SLO_EINVAL, "missing 'threshold'");
	if ((st = slo_ynode_number(d, x, &b->burn, err)) != SLO_OK)
		return st;
	if (!(b->burn > 0))
		return YERR(d, x, SLO_ERANGE, "threshold '%s' must be above 0",
		    x->str);
	if ((x = slo_ynode_get(c, "lookbackWindow")) == NULL)
		return YERR(d, c, SLO_EINVAL, "missing 'lookbackWindow'");
	if ((st = read_positive_duration(d, x, &b->long_window, err)) != SLO_OK)
		return st;
	b->short_window = b->long_window / 12;
	if (b->short_window <= 0)
		return YERR(d, x, SLO_ERANGE,
		    "lookbackWindow '%s' too short", x->str);
	if ((x = slo_ynode_get(c, "alertAfter")) != NULL) {
		slo_ns t;
		if ((st = slo_ynode_duration(d, x, &t, err)) != SLO_OK)
			return st;
	}
	return SLO_OK;
}

static slo_status
parse_policy(const slo_spec *s, struct rec *r, const slo_ydoc *d,
    const slo_ynode *spec, slo_error *err)
{
	const slo_ynode *conds, *x;
	slo_status st;
	size_t i;

	if ((st = slo_ynode_check_keys(d, spec, policy_spec_keys, err)) !=
	    SLO_OK)
		return st;
	for (i = 0; i < 3; i++) {
		static const char *const flags[] = { "alertWhenNoData",
		    "alertWhenBreaching", "alertWhenResolved" };
		int b;
		if ((x = slo_ynode_get(spec, flags[i])) != NULL &&
		    (st = slo_ynode_bool(d, x, &b, err)) != SLO_OK)
			return st;
	}
	if ((conds = slo_ynode_get(spec, "conditions")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'conditions'");
	if ((st = slo_ynode_expect(d, conds, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	for (i = 0; i < conds->n; i++) {
		const slo_ynode *c = conds->items[i], *cspec;
		const slo_ydoc *cd = d;
		slo_burn_rule b;
		if ((x = slo_ynode_get(c, "conditionRef")) != NULL) {
			static const char *const ref_keys[] = { "conditionRef",
			    NULL };
			const struct object *o;
			if ((st = slo_ynode_check_keys(d, c, ref_keys, err)) !=
			    SLO_OK ||
			    (st = slo_ynode_expect(d, x, SLO_Y_SCALAR, err)) !=
			    SLO_OK)
				return st;
			if ((o = find_object(s, K_CONDITION, x->str)) == NULL)
				return unresolved(s, d, x, K_CONDITION, err);
			cd = o->doc;
			cspec = slo_ynode_get(o->root, "spec");
		} else if ((st = inline_object(d, c, K_CONDITION, &cspec,
		    err)) != SLO_OK)
			return st;
		if ((st = parse_condition(cd, cspec, &b, err)) != SLO_OK)
			return st;
		if (r != NULL &&
		    (st = add_rule(r, d, c, &b, err)) != SLO_OK)
			return st;
	}
	return SLO_OK;
}

static slo_status
parse_alert_policies(const slo_spec *s, struct rec *r, const slo_ydoc *d,
    const slo_ynode *list, slo_error *err)
{
	static const char *const ref_keys[] = { "alertPolicyRef", NULL };
	const slo_ynode *x, *pspec;
	const struct object *o;
	slo_status st;
	size_t i;

	if ((st = slo_ynode_expect(d, list, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	for (i = 0; i < list->n; i++) {
		const slo_ynode *p = list->items[i];
		if ((x = slo_ynode_get(p, "alertPolicyRef")) != NULL) {
			if ((st = slo_ynode_check_keys(d, p, ref_keys, err)) !=
			    SLO_OK ||
			    (st = slo_ynode_expect(d, x, SLO_Y_SCALAR, err)) !=
			    SLO_OK)
				return st;
			if ((o = find_object(s, K_POLICY, x->str)) == NULL)
				return unresolved(s, d, x, K_POLICY, err);
			st = parse_policy(s, r, o->doc,
			    slo_ynode_get(o->root, "spec"), err);
		} else {
			if ((st = inline_object(d, p, K_POLICY, &pspec, err)) !=
			    SLO_OK)
				return st;
			st = parse_policy(s, r, d, pspec, err);
		}
		if (st != SLO_OK)
			return st;
	}
	return SLO_OK;
}

/* An OpenSLO SLO: one slokit SLO per objective. */
static slo_status
build_openslo(slo_spec *s, const struct object *obj, slo_error *err)
{
	const slo_ydoc *d = obj->doc;
	const slo_ynode *spec = slo_ynode_get(obj->root, "spec"), *x, *objs;
	const slo_ynode *meta = slo_ynode_get(obj->root, "metadata");
	const char *service = NULL, *description = NULL, *display = NULL;
	struct sli sl;
	slo_status st;
	size_t i;
	int bm = 0;

	if ((st = slo_ynode_check_keys(d, spec, oslo_slo_keys, err)) != SLO_OK)
		return st;
	if ((st = opt_string(d, spec, "service", &service, err)) != SLO_OK ||
	    (st = opt_string(d, spec, "description", &description, err)) !=
	    SLO_OK ||
	    (st = opt_string(d, meta, "displayName", &display, err)) != SLO_OK)
		return st;
	if ((st = resolve_sli(s, d, spec, &sl, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(spec, "timeWindow")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'timeWindow'");
	if ((x = slo_ynode_get(spec, "budgetingMethod")) != NULL &&
	    (st = read_word(d, x, "budgetingMethod", oslo_budgeting_words, &bm,
	    err)) != SLO_OK)
		return st;
	if ((objs = slo_ynode_get(spec, "objectives")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'objectives'");
	if ((st = slo_ynode_expect(d, objs, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	if (objs->n == 0)
		return YERR(d, objs, SLO_EINVAL, "expected at least one objective");
	for (i = 0; i < objs->n; i++) {
		const slo_ynode *ob = objs->items[i], *t;
		const char *oname = NULL;
		struct rec *r;
		slo_objective *o;

		if ((r = rec_new(d, ob, obj->order + i)) == NULL)
			return oom(err);
		o = &r->pub.objective;
		r->pub.openslo = 1;
		r->pub.service = service;
		r->pub.description = description;
		r->pub.display_name = display;
		r->name_line = obj->name_node->line;
		r->name_col = obj->name_node->col;
		if ((st = slo_ynode_check_keys(d, ob, objective_keys, err)) !=
		    SLO_OK ||
		    (st = opt_string(d, ob, "displayName", &oname, err)) != SLO_OK)
			goto fail;
		if (objs->n == 1) {
			r->pub.name = obj->name;
		} else {
			char idx[24];
			size_t len;
			slo_snprintf(idx, sizeof idx, "%zu", i + 1);
			if (oname == NULL)
				oname = idx;
			len = strlen(obj->name) + strlen(oname) + 2;
			if ((r->name_buf = malloc(len)) == NULL) {
				st = oom(err);
				goto fail;
			}
			slo_snprintf(r->name_buf, len, "%s/%s", obj->name, oname);
			r->pub.name = r->name_buf;
			r->name_line = ob->line;
			r->name_col = ob->col;
		}
		if (oname != NULL && objs->n == 1 && display == NULL)
			r->pub.display_name = oname;
		if ((st = apply_sli(r, &sl, d, ob, err)) != SLO_OK)
			goto fail;
		if ((st = one_of(d, ob, "target", "targetPercent", 1, err)) !=
		    SLO_OK)
			goto fail;
		if ((t = slo_ynode_get(ob, "target")) != NULL)
			st = read_fraction_target(d, t, &o->target, err);
		else
			st = read_percent_target(d,
			    slo_ynode_get(ob, "targetPercent"), "targetPercent",
			    &o->target, err);
		if (st != SLO_OK)
			goto fail;
		if ((st = parse_timewindow(r, d, slo_ynode_get(spec,
		    "timeWindow"), err)) != SLO_OK)
			goto fail;
		o->budgeting = bm == 0 ? SLO_BUDGET_OCCURRENCES : bm == 1 ?
		    SLO_BUDGET_TIMESLICES : SLO_BUDGET_RATIO_TIMESLICES;
		if (bm == 0) {
			if ((t = keynode(ob, "timeSliceTarget")) != NULL ||
			    (t = keynode(ob, "timeSliceWindow")) != NULL) {
				st = YERR(d, t, SLO_EINVAL, "'%s' needs "
				    "'budgetingMethod: Timeslices'", t->str);
				goto fail;
			}
		} else {
			if ((t = slo_ynode_get(ob, "timeSliceWindow")) == NULL) {
				st = YERR(d, ob, SLO_EINVAL, "missing "
				    "'timeSliceWindow' for '%s'",
				    oslo_budgeting_words[bm]);
				goto fail;
			}
			if ((st = read_positive_duration(d, t, &o->slice,
			    err)) != SLO_OK)
				goto fail;
			r->pub.slice_line = t->line;
			r->pub.slice_col = t->col;
			t = slo_ynode_get(ob, "timeSliceTarget");
			if (bm == 1 && t == NULL) {
				st = YERR(d, ob, SLO_EINVAL, "missing "
				    "'timeSliceTarget' for 'Timeslices'");
				goto fail;
			}
			if (bm == 2 && t != NULL) {
				st = YERR(d, keynode(ob, "timeSliceTarget"),
				    SLO_EINVAL, "'timeSliceTarget' is for "
				    "'Timeslices', not RatioTimeslices");
				goto fail;
			}
			if (t != NULL) {
				if ((st = slo_ynode_share(d, t,
				    &o->slice_target, err)) != SLO_OK)
					goto fail;
				if (!(o->slice_target > 0)) {
					st = YERR(d, t, SLO_ERANGE,
					    "timeSliceTarget '%s' must be "
					    "above 0", t->str);
					goto fail;
				}
			}
		}
		if ((x = slo_ynode_get(spec, "alertPolicies")) != NULL) {
			if ((st = parse_alert_policies(s, r, d, x, err)) !=
			    SLO_OK)
				goto fail;
		} else
			default_policy(r);
		if ((st = rec_push(s, r, err)) != SLO_OK)
			return st;
		continue;
fail:
		rec_free(r);
		return st;
	}
	return SLO_OK;
}

static int
cmp_rec_order(const void *a, const void *b)
{
	const struct rec *x = *(const struct rec *const *)a;
	const struct rec *y = *(const struct rec *const *)b;

	return x->order < y->order ? -1 : x->order > y->order;
}

static int
cmp_rec_name(const void *a, const void *b)
{
	const struct rec *x = *(const struct rec *const *)a;
	const struct rec *y = *(const struct rec *const *)b;
	int c = strcmp(x->pub.name, y->pub.name);

	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Compile an SLI's expressions, for an SLI no SLO may use. */
static slo_status
check_sli(const struct sli *sl, slo_error *err)
{
	const slo_ynode *const n[] = { sl->good, sl->bad, sl->total_where,
	    sl->where, sl->field };
	slo_expr *e;
	slo_status st;
	size_t i;

	for (i = 0; i < sizeof n / sizeof n[0]; i++) {
		if (n[i] == NULL)
			continue;
		if ((st = compile(sl->d, n[i], i == 4, &e, err)) != SLO_OK)
			return st;
		slo_expr_free(e);
	}
	if (sl->value != NULL) {
		double v;
		if ((st = slo_ynode_number(sl->d, sl->value, &v, err)) != SLO_OK)
			return st;
	}
	return SLO_OK;
}

static slo_status
check_names(slo_spec *s, slo_error *err)
{
	struct rec **tmp, *dup = NULL, *first = NULL;
	size_t i;

	if (s->nrecs < 2)
		return SLO_OK;
	if ((tmp = malloc(s->nrecs * sizeof *tmp)) == NULL)
		return oom(err);
	memcpy(tmp, s->recs, s->nrecs * sizeof *tmp);
	qsort(tmp, s->nrecs, sizeof *tmp, cmp_rec_name);
	for (i = 1; i < s->nrecs; i++) {
		if (strcmp(tmp[i]->pub.name, tmp[i - 1]->pub.name) != 0)
			continue;
		/* report the earliest repeat in file order */
		if (dup == NULL || tmp[i]->order < dup->order) {
			size_t j = i - 1;
			while (j > 0 && strcmp(tmp[j - 1]->pub.name,
			    tmp[i]->pub.name) == 0)
				j--;
			dup = tmp[i];
			first = tmp[j];
		}
	}
	free(tmp);
	if (dup == NULL)
		return SLO_OK;
	return slo_error_set(err, SLO_EINVAL, dup->pub.file, dup->name_line,
	    dup->name_col, "duplicate SLO name '%s' (first at %s:%ld:%ld)",
	    dup->pub.name, first->pub.file, first->name_line, first->name_col);
}

slo_status
slo_spec_finish(slo_spec *s, slo_error *err)
{
	size_t i, nrecs = s->nrecs;
	slo_status st = SLO_OK;

	if (s->finished)
		return SLO_OK;
	for (i = 0; i < s->nobjs && st == SLO_OK; i++) {
		const struct object *o = &s->objs[i];
		const slo_ynode *spec = slo_ynode_get(o->root, "spec");
		struct sli sl;
		slo_burn_rule b;
		switch (o->kind) {
		case K_SLO:
			st = build_openslo(s, o, err);
			break;
		case K_SLI: /* checked even when no SLO uses it */
			if ((st = parse_sli(o->doc, spec, &sl, err)) == SLO_OK)
				st = check_sli(&sl, err);
			break;
		case K_POLICY:
			st = parse_policy(s, NULL, o->doc, spec, err);
			break;
		case K_CONDITION:
			st = parse_condition(o->doc, spec, &b, err);
			break;
		case K_IGNORED:
			break;
		}
	}
	if (st == SLO_OK)
		st = check_names(s, err);
	if (st != SLO_OK) {
		while (s->nrecs > nrecs)
			rec_free(s->recs[--s->nrecs]);
		return st;
	}
	if (s->nrecs > 1)
		qsort(s->recs, s->nrecs, sizeof *s->recs, cmp_rec_order);
	s->finished = 1;
	return SLO_OK;
}

slo_spec *
slo_spec_load_files(const char *const *paths, size_t n, slo_error *err)
{
	slo_spec *s = slo_spec_new();
	size_t i;

	if (s == NULL) {
		oom(err);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (slo_spec_load_file(s, paths[i], err) != SLO_OK) {
			slo_spec_free(s);
			return NULL;
		}
	}
	if (slo_spec_finish(s, err) != SLO_OK) {
		slo_spec_free(s);
		return NULL;
	}
	return s;
}

/* Sets err at line:col of x's file, or at x itself when line is 0. */
static slo_status
slo_at(const slo_spec_slo *x, long line, long col, slo_status st,
    slo_error *err, const char *msg)
{
	if (line == 0) {
		line = x->line;
		col = x->col;
	}
	return slo_error_set(err, st, x->file ? x->file : "", line, col,
	    "slo '%s': %s", x->name, msg);
}

slo_status
slo_spec_slo_check(const slo_spec_slo *x, slo_ns res, slo_error *err)
{
	const slo_objective *o = &x->objective;
	char b1[SLO_DURATION_BUFSZ], b2[SLO_DURATION_BUFSZ], msg[1024];
	slo_window_config cfg;
	slo_window *w;
	slo_objective one;
	slo_error e;
	long line, col;
	size_t i;

	if (res <= 0)
		res = SLO_NS_PER_MIN;
	slo_duration_format(res, b2);
	/*
	 * The pieces first, each at its own node, then the whole for what
	 * no single piece is to blame for.
	 */
	slo_objective_init(&one);
	one.target = o->target;
	one.window = o->window;
	one.calendar = o->calendar;
	slo_error_clear(&e);
	if (slo_objective_check(&one, res, &e) != SLO_OK)
		return slo_at(x, x->window_line, x->window_col, e.status, err,
		    e.msg);
	one.budgeting = o->budgeting;
	one.slice = o->slice;
	one.slice_target = o->slice_target;
	if (slo_objective_check(&one, res, &e) != SLO_OK)
		return slo_at(x, x->slice_line, x->slice_col, e.status, err,
		    e.msg);
	for (i = 0; i < o->nrules && i < SLO_MAX_RULES; i++) {
		one.rules[0] = o->rules[i];
		one.nrules = 1;
		if (slo_objective_check(&one, res, &e) != SLO_OK)
			return slo_at(x, x->rule_line[i], x->rule_col[i],
			    e.status, err, e.msg + (strncmp(e.msg, "alert 1: ",
			    9) == 0 ? 9 : 0));
	}
	if (slo_objective_check(o, res, &e) != SLO_OK)
		return slo_at(x, 0, 0, e.status, err, e.msg);

	/*
	 * The series the engine keeps for it: the span is the longest of the
	 * window and the rules' long windows, so blame that one.
	 */
	slo_objective_window_config(o, res, x->tz, 0,
	    x->sli == SLO_SPEC_SLI_LATENCY && x->nquantiles > 0 ?
	    SLO_SKETCH_ALPHA : 0, &cfg);
	if ((w = slo_window_new(&cfg, &e)) != NULL) {
		slo_window_free(w);
		return SLO_OK;
	}
	if (e.status == SLO_ENOMEM)
		return oom(err);
	line = x->window_line;
	col = x->window_col;
	for (i = 0; i < o->nrules && i < SLO_MAX_RULES; i++)
		if (o->rules[i].long_window > o->window &&
		    o->rules[i].long_window == cfg.span) {
			line = x->rule_line[i];
			col = x->rule_col[i];
		}
	slo_duration_format(cfg.span, b1);
	slo_snprintf(msg, sizeof msg, "the engine cannot hold a '%s' series of "
	    "'%s' buckets (%s): shorten the window or evaluate with a "
	    "coarser --resolution", b1, b2, e.msg);
	return slo_at(x, line, col, e.status ? e.status : SLO_ELIMIT, err,
	    msg);
}

size_t
slo_spec_validate(const char *const *paths, size_t n,
    void (*report)(void *ctx, const slo_error *err), void *ctx)
{
	return slo_spec_validate_res(paths, n, 0, report, ctx);
}

size_t
slo_spec_validate_res(const char *const *paths, size_t n, slo_ns res,
    void (*report)(void *ctx, const slo_error *err), void *ctx)
{
	slo_spec *s = slo_spec_new();
	slo_error e;
	size_t i, m, nerr = 0;

	if (s == NULL) {
		oom(&e);
		if (report)
			report(ctx, &e);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (slo_spec_load_file(s, paths[i], &e) != SLO_OK) {
			nerr++;
			if (report)
				report(ctx, &e);
		}
	}
	if (nerr == 0 && slo_spec_finish(s, &e) != SLO_OK) {
		nerr++;
		if (report)
			report(ctx, &e);
	}
	for (i = 0, m = nerr == 0 ? slo_spec_count(s) : 0; i < m; i++)
		if (slo_spec_slo_check(slo_spec_get(s, i), res, &e) != SLO_OK) {
			nerr++;
			if (report)
				report(ctx, &e);
		}
	slo_spec_free(s);
	return nerr;
}

size_t
slo_spec_count(const slo_spec *s)
{
	return s ? s->nrecs : 0;
}

const slo_spec_slo *
slo_spec_get(const slo_spec *s, size_t i)
{
	return s && i < s->nrecs ? &s->recs[i]->pub : NULL;
}

const slo_spec_slo *
slo_spec_find(const slo_spec *s, const char *name)
{
	size_t i;

	for (i = 0; s != NULL && i < s->nrecs; i++)
		if (strcmp(s->recs[i]->pub.name, name) == 0)
			return &s->recs[i]->pub;
	return NULL;
}

const slo_ynode *
slo_spec_section(const slo_spec *s, const char *key, size_t i,
    const slo_ydoc **doc)
{
	size_t k;

	for (k = 0; s != NULL && k < s->nsecs; k++) {
		if (strcmp(s->secs[k].key, key) != 0)
			continue;
		if (i-- == 0) {
			if (doc != NULL)
				*doc = s->secs[k].doc;
			return s->secs[k].node;
		}
	}
	if (doc != NULL)
		*doc = NULL;
	return NULL;
}
