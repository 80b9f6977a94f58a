/*
 * spec.c — slo-spec(5) files: the loaded spec, its sections and the
 * slokit form, into slo_spec_slo structs.
 *
 * Files are parsed into slo_ydoc trees that the spec keeps to the end:
 * names and descriptions are borrowed from them, and the flags and
 * promotion sections are handed out as nodes (slo_spec_section).
 * slokit-form SLOs are built while a file loads; OpenSLO documents
 * (openslo.c) are only registered then, and built by slo_spec_finish()
 * once every file is in, since an SLO may name an SLI or an alert policy
 * from another file.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event_int.h"
#include "slo_math.h"
#include "spec_int.h"
#include "slo_num.h"

const double spec_default_quantiles[] = { 0.5, 0.95, 0.99 };

/* ---- small helpers ---------------------------------------------------- */

int
spec_grow(void *pp, size_t *cap, size_t n, size_t size)
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

slo_status
spec_oom(slo_error *err)
{
	return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
}


/* The key node of key in map, for errors about the key itself. */
const slo_ynode *
spec_keynode(const slo_ynode *map, const char *key)
{
	size_t i;

	for (i = 0; map != NULL && i < map->n; i++)
		if (strcmp(map->keys[i]->str, key) == 0)
			return map->keys[i];
	return NULL;
}

/* A string value that is required to be non-empty. */
slo_status
spec_read_name(const slo_ydoc *d, const slo_ynode *n, const char **out,
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

slo_status
spec_opt_string(const slo_ydoc *d, const slo_ynode *map, const char *key,
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
slo_status
spec_compile(const slo_ydoc *d, const slo_ynode *n, int want_path,
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
			return spec_oom(err);
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

/* A byte of a path segment (slo_expr.h), in ASCII whatever the locale. */
static int
name_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/*
 * The byte offset in src of the first occurrence of path as a whole name
 * (not inside a longer one), or 0: where an error about it points.
 */
static size_t
path_offset(const char *src, const char *path)
{
	size_t n = strlen(path);

	for (const char *p = src; (p = strstr(p, path)) != NULL; p++) {
		int before = p > src && (name_byte(p[-1]) || p[-1] == '.');
		int after = name_byte(p[n]);

		if (!before && !after)
			return (size_t)(p - src);
	}
	return 0;
}

/*
 * Refuse expression x of scalar n when it names a canonical field of
 * slo-events(5) that events of kind (and of kind2 too, when >= 0: a
 * cost SLI's where reads both cost and `per` events) never carry, such
 * as status on a deploy SLO: it could never match, and the SLO would
 * silently count nothing or everything.  Names that are not canonical
 * fields are unknown fields, read from the line as they are for requests;
 * so are the fields of resource, check and cost events (instance ...
 * currency) on events of other kinds, which may carry them as unknown
 * fields (a request's "name"), so these pass too.
 */
static slo_status
check_kind_fields(const slo_ydoc *d, const slo_ynode *n, const slo_expr *x,
    int kind, int kind2, slo_error *err)
{
	for (size_t i = 0; i < slo_expr_npaths(x); i++) {
		const char *p = slo_expr_path_at(x, i), *src;
		size_t len = strcspn(p, ".");
		int f = slo_field_id(p, len), bad;
		char list[512] = "";
		long line, col;

		if (f < 0 || (f >= EF_INSTANCE && f <= EF_CURRENCY))
			continue;
		bad = !(slo_kind_fields[kind] & (UINT64_C(1) << f)) ? kind :
		    kind2 >= 0 && !(slo_kind_fields[kind2] & (UINT64_C(1) << f)) ?
		    kind2 : -1;
		if (bad < 0)
			continue;
		for (int g = 0; g < EF__COUNT; g++)
			if (slo_kind_fields[bad] & (UINT64_C(1) << g)) {
				if (list[0] != '\0')
					strncat(list, ", ", sizeof list - strlen(list) - 1);
				strncat(list, slo_fields[g].name,
				    sizeof list - strlen(list) - 1);
			}
		src = n->str != NULL ? n->str : "";
		slo_ynode_pos(d, n, path_offset(src, slo_fields[f].name), &line,
		    &col);
		return slo_error_set(err, SLO_EINVAL, slo_ydoc_file(d), line, col,
		    "'%s' is not a field of %s events (they have %s)",
		    slo_fields[f].name, slo_kind_name((slo_kind)bad), list);
	}
	return SLO_OK;
}

/* An enumerated word with a suggestion on a typo. */
slo_status
spec_read_word(const slo_ydoc *d, const slo_ynode *n, const char *what,
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

void
spec_rec_free(struct rec *r)
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

struct rec *
spec_rec_new(const slo_ydoc *d, const slo_ynode *at, uint64_t order)
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

slo_status
spec_rec_push(slo_spec *s, struct rec *r, slo_error *err)
{
	if (spec_grow(&s->recs, &s->caprecs, s->nrecs, sizeof *s->recs)) {
		spec_rec_free(r);
		return spec_oom(err);
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
slo_status
spec_read_percent_target(const slo_ydoc *d, const slo_ynode *n, const char *key,
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
slo_status
spec_read_fraction_target(const slo_ydoc *d, const slo_ynode *n, double *target,
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

slo_status
spec_read_positive_duration(const slo_ydoc *d, const slo_ynode *n, slo_ns *out,
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

slo_status
spec_set_tz(struct rec *r, const slo_ydoc *d, const slo_ynode *n,
    slo_error *err)
{
	slo_error e;
	const char *name = "UTC";
	slo_status st;

	if (n != NULL && (st = slo_ynode_string(d, n, &name, err)) != SLO_OK)
		return st;
	slo_error_clear(&e);
	if ((r->pub.tz = slo_tz_new(name, &e)) == NULL) {
		if (e.status == SLO_ENOMEM)
			return spec_oom(err);
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
void
spec_default_policy(struct rec *r)
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

slo_status
spec_add_rule(struct rec *r, const slo_ydoc *d, const slo_ynode *at,
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

slo_status
spec_read_severity(const slo_ydoc *d, const slo_ynode *n, slo_severity *out,
    slo_error *err)
{
	int w;
	slo_status st;

	if ((st = spec_read_word(d, n, "severity", severity_words, &w,
	    err)) != SLO_OK)
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
		return spec_oom(err);
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

slo_status
spec_read_group_by(struct rec *r, const slo_ydoc *d, const slo_ynode *n,
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
		return spec_oom(err);
	for (i = 0; i < count; i++) {
		if ((st = spec_compile(d, items[i], 1, &r->group_exprs[i],
		    err)) != SLO_OK)
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
	"name", "description", "service", "owner", "where", "good", "bad",
	"latency", "quantiles", "objective", "target", "window", "calendar",
	"timezone", "budgeting", "slice", "slice_target", "group_by", "alerts",
	"events", "duration", "cost", NULL
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
/* The kinds an SLO may count: every kind of slo-events(5) but rollup. */
static const char *const kind_words[] = {
	"request", "flag", "deploy", "incident", "alert", "resource", "check",
	"cost", NULL
};
/* An incident's states, in lifecycle order (slo-events(5)). */
static const char *const state_words[] = {
	"open", "detected", "acknowledged", "mitigated", "resolved", NULL
};
static const char *const duration_keys[] = { "from", "to", "threshold", NULL };
static const char *const cost_keys[] = { "per", "max", "currency", NULL };
/* What a duration SLI reports unless it names its own quantiles. */
static const double duration_quantiles[] = { 0.5, 0.9 };

/* Two keys of which exactly one (required) or at most one may be given. */
slo_status
spec_one_of(const slo_ydoc *d, const slo_ynode *map, const char *a,
    const char *b, int required, slo_error *err)
{
	const slo_ynode *ka = spec_keynode(map, a), *kb = spec_keynode(map, b);

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
		if ((st = spec_compile(d, f, 1, &r->pub.latency_field,
		    err)) != SLO_OK)
			return st;
	} else {
		slo_error e;
		if ((r->pub.latency_field = slo_expr_new("latency_ms", &e)) ==
		    NULL)
			return spec_oom(err);
	}
	if ((op = slo_ynode_get(n, "op")) != NULL &&
	    (st = spec_read_word(d, op, "op", op_words, &w, err)) != SLO_OK)
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
		return spec_read_word(d, n, "alert policy", policy_words, &w, err);
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
		if ((st = spec_read_severity(d, slo_ynode_get(a, "severity"),
		    &b.severity, err)) != SLO_OK ||
		    (st = spec_read_positive_duration(d, slo_ynode_get(a, "long"),
		    &b.long_window, err)) != SLO_OK ||
		    (st = spec_read_positive_duration(d, slo_ynode_get(a, "short"),
		    &b.short_window, err)) != SLO_OK ||
		    (st = slo_ynode_number(d, (x = slo_ynode_get(a, "burn")),
		    &b.burn, err)) != SLO_OK)
			return st;
		if (!(b.burn > 0))
			return YERR(d, x, SLO_ERANGE,
			    "burn '%s' must be above 0", x->str);
		if ((st = spec_add_rule(r, d, spec_keynode(a, "short"), &b, err)) != SLO_OK)
			return st;
		/* The engine's limits are about the long window. */
		x = slo_ynode_get(a, "long");
		r->pub.rule_line[r->pub.objective.nrules - 1] = x->line;
		r->pub.rule_col[r->pub.objective.nrules - 1] = x->col;
	}
	return SLO_OK;
}

/*
 * The kind the SLO counts: `events: KIND`, default request.  A duration
 * SLI counts incidents and a cost SLI cost events: `events` may repeat
 * the first and does not go with the second (whose `per` names the other
 * kind it reads).
 */
static slo_status
read_events(struct rec *r, const slo_ydoc *d, const slo_ynode *item,
    slo_error *err)
{
	const slo_ynode *n = slo_ynode_get(item, "events");
	slo_status st;
	int w = 0;

	r->pub.kind = SLO_KIND_REQUEST;
	if (n != NULL) {
		if ((st = spec_read_word(d, n, "event kind", kind_words, &w,
		    err)) != SLO_OK)
			return st;
		r->pub.kind = slo_kind_from_name(kind_words[w]);
	}
	if (slo_ynode_get(item, "duration") != NULL) {
		if (n != NULL && r->pub.kind != SLO_KIND_INCIDENT)
			return YERR(d, n, SLO_EINVAL, "a 'duration' SLI counts "
			    "incident events, not %s events", kind_words[w]);
		r->pub.kind = SLO_KIND_INCIDENT;
	}
	if (slo_ynode_get(item, "cost") != NULL) {
		if (n != NULL)
			return YERR(d, spec_keynode(item, "events"), SLO_EINVAL,
			    "'events' does not go with 'cost': a cost SLI "
			    "reads cost events and the kind its 'per' names");
		r->pub.kind = SLO_KIND_COST;
	}
	return SLO_OK;
}

/* duration: {from: STATE, to: STATE, threshold: DURATION} */
static slo_status
read_duration(struct rec *r, const slo_ydoc *d, const slo_ynode *n,
    slo_error *err)
{
	const slo_ynode *f, *t, *th;
	slo_status st;
	int a, b;

	if ((st = slo_ynode_check_keys(d, n, duration_keys, err)) != SLO_OK)
		return st;
	for (size_t k = 0; duration_keys[k] != NULL; k++)
		if (slo_ynode_get(n, duration_keys[k]) == NULL)
			return YERR(d, n, SLO_EINVAL, "missing '%s' in 'duration'",
			    duration_keys[k]);
	f = slo_ynode_get(n, "from");
	t = slo_ynode_get(n, "to");
	th = slo_ynode_get(n, "threshold");
	if ((st = spec_read_word(d, f, "incident state", state_words, &a,
	    err)) != SLO_OK ||
	    (st = spec_read_word(d, t, "incident state", state_words, &b,
	    err)) != SLO_OK)
		return st;
	if (b <= a)
		return YERR(d, t, SLO_EINVAL, "'to: %s' must come after 'from: "
		    "%s' in an incident's life (open, detected, acknowledged, "
		    "mitigated, resolved)", state_words[b], state_words[a]);
	if ((st = spec_read_positive_duration(d, th,
	    &r->pub.duration_threshold, err)) != SLO_OK)
		return st;
	r->pub.duration_from = state_words[a];
	r->pub.duration_to = state_words[b];
	r->pub.sli = SLO_SPEC_SLI_DURATION;
	return SLO_OK;
}

/* cost: {per: KIND, max: NUMBER, currency: CODE} */
static slo_status
read_cost(struct rec *r, const slo_ydoc *d, const slo_ynode *n,
    slo_error *err)
{
	const slo_ynode *x;
	const char *c;
	slo_status st;
	int w = 0;

	if ((st = slo_ynode_check_keys(d, n, cost_keys, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(n, "per")) != NULL) {
		if ((st = spec_read_word(d, x, "event kind", kind_words, &w,
		    err)) != SLO_OK)
			return st;
		if (strcmp(kind_words[w], "cost") == 0)
			return YERR(d, x, SLO_EINVAL, "'per: cost' divides the "
			    "cost by itself: name the events it is spent on, "
			    "such as request");
	}
	r->pub.cost_per = slo_kind_from_name(kind_words[w]);
	if ((x = slo_ynode_get(n, "max")) == NULL)
		return YERR(d, n, SLO_EINVAL, "missing 'max' in 'cost'");
	if ((st = slo_ynode_number(d, x, &r->pub.cost_max, err)) != SLO_OK)
		return st;
	if (!(r->pub.cost_max > 0) || !isfinite(r->pub.cost_max))
		return YERR(d, x, SLO_ERANGE, "max '%s' must be above 0", x->str);
	if ((x = slo_ynode_get(n, "currency")) == NULL)
		return YERR(d, n, SLO_EINVAL, "missing 'currency' in 'cost' "
		    "(amounts in different currencies are never added)");
	if ((st = slo_ynode_string(d, x, &c, err)) != SLO_OK)
		return st;
	if (strlen(c) != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' ||
	    c[1] > 'Z' || c[2] < 'A' || c[2] > 'Z')
		return YERR(d, x, SLO_EINVAL, "currency '%s' is not an ISO 4217 "
		    "code (three capital letters, such as USD)", c);
	r->pub.cost_currency = c;
	r->pub.sli = SLO_SPEC_SLI_COST;
	return SLO_OK;
}

/*
 * A cost SLI is a ratio against a ceiling, not an objective over events:
 * the keys of budgets and alerts do not apply to it.
 */
static slo_status
cost_refuses(const slo_ydoc *d, const slo_ynode *item, slo_error *err)
{
	static const char *const no[] = { "objective", "target", "alerts",
	    "budgeting", "slice", "slice_target", "quantiles", NULL };
	const slo_ynode *k;

	for (size_t i = 0; no[i] != NULL; i++)
		if ((k = spec_keynode(item, no[i])) != NULL)
			return YERR(d, k, SLO_EINVAL, "'%s' does not apply to a "
			    "'cost' SLI: it has a ceiling ('max'), no error "
			    "budget", no[i]);
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

	if (w != NULL && (st = spec_compile(d, w, 0, &user, err)) != SLO_OK)
		return st;
	if (user != NULL && (st = check_kind_fields(d, w, user, r->pub.kind,
	    r->pub.sli == SLO_SPEC_SLI_COST ? r->pub.cost_per : -1,
	    err)) != SLO_OK) {
		slo_expr_free(user);
		return st;
	}
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
		return spec_oom(err);
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

/* group_by (node n: a field or a list of them) against the SLO's kind. */
static slo_status
check_group_kinds(const struct rec *r, const slo_ydoc *d, const slo_ynode *n,
    int kind2, slo_error *err)
{
	slo_status st;

	for (size_t g = 0; g < r->pub.ngroup_by; g++)
		if ((st = check_kind_fields(d, n->type == SLO_Y_SEQ ?
		    n->items[g] : n, r->pub.group_exprs[g], r->pub.kind, kind2,
		    err)) != SLO_OK)
			return st;
	return SLO_OK;
}

/*
 * duration and cost are SLIs of their own: each excludes good, bad,
 * latency and the other (good/bad and latency keep their own messages).
 */
static slo_status
sli_exclusive(const slo_ydoc *d, const slo_ynode *item, slo_error *err)
{
	static const char *const own[] = { "duration", "cost" };
	static const char *const other[] = { "good", "bad", "latency",
	    "duration", "cost" };

	for (size_t i = 0; i < 2; i++) {
		const slo_ynode *k = spec_keynode(item, own[i]);

		if (k == NULL)
			continue;
		for (size_t j = 0; j < 5; j++) {
			const slo_ynode *o = spec_keynode(item, other[j]);

			if (o != NULL && o != k)
				return YERR(d, o->line > k->line ||
				    (o->line == k->line && o->col > k->col) ?
				    o : k, SLO_EINVAL, "'%s' and '%s' exclude "
				    "each other: give one", other[j], own[i]);
		}
	}
	return SLO_OK;
}

static slo_status read_window(struct rec *r, const slo_ydoc *d,
    const slo_ynode *item, slo_error *err);

/*
 * A cost SLO past its SLI: a window (rolling or calendar) and group_by;
 * no objective, budget or alerts (cost_refuses).  objective.target is
 * set to a value the engine's window checks accept and nothing reports.
 */
static slo_status
parse_cost_rest(struct rec *r, const slo_ydoc *d, const slo_ynode *item,
    slo_error *err)
{
	const slo_ynode *n;
	slo_status st;

	r->pub.objective.target = 0.5;
	r->pub.objective.budgeting = SLO_BUDGET_OCCURRENCES;
	if ((st = read_window(r, d, item, err)) != SLO_OK)
		return st;
	if ((n = slo_ynode_get(item, "group_by")) != NULL &&
	    (st = spec_read_group_by(r, d, n, err)) != SLO_OK)
		return st;
	if ((st = check_group_kinds(r, d, n, r->pub.cost_per, err)) != SLO_OK)
		return st;
	r->pub.objective.nrules = 0;
	r->pub.alert_policy = NULL;
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
	if ((st = spec_read_name(d, n, &r->pub.name, err)) != SLO_OK)
		return st;
	r->name_line = n->line;
	r->name_col = n->col;
	if ((st = spec_opt_string(d, item, "description", &r->pub.description,
	    err)) != SLO_OK ||
	    (st = spec_opt_string(d, item, "service", &r->pub.service, err)) != SLO_OK ||
	    (st = spec_opt_string(d, item, "owner", &r->pub.owner, err)) != SLO_OK)
		return st;
	if ((st = read_events(r, d, item, err)) != SLO_OK)
		return st;
	if ((n = slo_ynode_get(item, "cost")) != NULL &&
	    ((st = sli_exclusive(d, item, err)) != SLO_OK ||
	    (st = read_cost(r, d, n, err)) != SLO_OK ||
	    (st = cost_refuses(d, item, err)) != SLO_OK))
		return st;
	if ((st = read_where(r, d, item, err)) != SLO_OK)
		return st;
	if (r->pub.sli == SLO_SPEC_SLI_COST)
		return parse_cost_rest(r, d, item, err);

	/* The SLI: good, bad, latency or duration. */
	if ((st = spec_one_of(d, item, "good", "bad", 0, err)) != SLO_OK)
		return st;
	if (slo_ynode_get(item, "latency") != NULL &&
	    (n = spec_keynode(item, "good") ? spec_keynode(item, "good") :
	    spec_keynode(item, "bad")) != NULL)
		return YERR(d, n, SLO_EINVAL,
		    "'%s' and 'latency' exclude each other: give one", n->str);
	if ((st = sli_exclusive(d, item, err)) != SLO_OK)
		return st;
	if ((n = slo_ynode_get(item, "good")) != NULL) {
		if ((st = spec_compile(d, n, 0, &r->pub.good, err)) == SLO_OK)
			st = check_kind_fields(d, n, r->pub.good, r->pub.kind,
			    -1, err);
	} else if ((n = slo_ynode_get(item, "bad")) != NULL) {
		if ((st = spec_compile(d, n, 0, &r->pub.bad, err)) == SLO_OK)
			st = check_kind_fields(d, n, r->pub.bad, r->pub.kind,
			    -1, err);
	} else if ((n = slo_ynode_get(item, "latency")) != NULL) {
		if ((st = read_latency(r, d, n, err)) == SLO_OK)
			st = check_kind_fields(d, slo_ynode_get(n, "field") ?
			    slo_ynode_get(n, "field") : n, r->pub.latency_field,
			    r->pub.kind, -1, err);
	} else if ((n = slo_ynode_get(item, "duration")) != NULL)
		st = read_duration(r, d, n, err);
	else
		return YERR(d, item, SLO_EINVAL,
		    "missing 'good', 'bad', 'latency', 'duration' or 'cost' in "
		    "SLO '%s'", r->pub.name);
	if (st != SLO_OK)
		return st;
	if ((n = slo_ynode_get(item, "quantiles")) != NULL) {
		if (r->pub.sli != SLO_SPEC_SLI_LATENCY &&
		    r->pub.sli != SLO_SPEC_SLI_DURATION)
			return YERR(d, spec_keynode(item, "quantiles"), SLO_EINVAL,
			    "'quantiles' needs a latency SLI ('latency')");
		if ((st = read_quantiles(r, d, n, err)) != SLO_OK)
			return st;
	} else if (r->pub.sli == SLO_SPEC_SLI_LATENCY) {
		r->pub.quantiles = spec_default_quantiles;
		r->pub.nquantiles = 3;
	} else if (r->pub.sli == SLO_SPEC_SLI_DURATION) {
		r->pub.quantiles = duration_quantiles;
		r->pub.nquantiles = 2;
	}

	/* The objective. */
	if ((st = spec_one_of(d, item, "objective", "target", 1, err)) != SLO_OK)
		return st;
	if ((n = slo_ynode_get(item, "objective")) != NULL)
		st = spec_read_percent_target(d, n, "objective", &o->target,
		    err);
	else
		st = spec_read_fraction_target(d, slo_ynode_get(item, "target"),
		    &o->target, err);
	if (st != SLO_OK)
		return st;

	if ((st = read_window(r, d, item, err)) != SLO_OK)
		return st;

	/* Budgeting. */
	w = 0;
	if ((n = slo_ynode_get(item, "budgeting")) != NULL &&
	    (st = spec_read_word(d, n, "budgeting method", budgeting_words, &w,
	    err)) != SLO_OK)
		return st;
	o->budgeting = w == 0 ? SLO_BUDGET_OCCURRENCES : w == 1 ?
	    SLO_BUDGET_TIMESLICES : SLO_BUDGET_RATIO_TIMESLICES;
	if (o->budgeting == SLO_BUDGET_OCCURRENCES) {
		if ((n = spec_keynode(item, "slice")) != NULL ||
		    (n = spec_keynode(item, "slice_target")) != NULL)
			return YERR(d, n, SLO_EINVAL,
			    "'%s' needs 'budgeting: timeslices'", n->str);
	} else {
		if ((n = slo_ynode_get(item, "slice")) == NULL)
			return YERR(d, item, SLO_EINVAL,
			    "missing 'slice' for 'budgeting: %s'",
			    budgeting_words[w]);
		if ((st = spec_read_positive_duration(d, n, &o->slice, err)) != SLO_OK)
			return st;
		r->pub.slice_line = n->line;
		r->pub.slice_col = n->col;
		if (o->window > 0 && o->slice > o->window)
			return YERR(d, n, SLO_ERANGE,
			    "slice '%s' is longer than the window", n->str);
		n = slo_ynode_get(item, "slice_target");
		if (o->budgeting == SLO_BUDGET_RATIO_TIMESLICES && n != NULL)
			return YERR(d, spec_keynode(item, "slice_target"),
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
	    (st = spec_read_group_by(r, d, n, err)) != SLO_OK)
		return st;
	if ((st = check_group_kinds(r, d, n, -1, err)) != SLO_OK)
		return st;

	if ((n = slo_ynode_get(item, "alerts")) != NULL)
		return read_alerts(r, d, n, err);
	spec_default_policy(r);
	return SLO_OK;
}

/* The window: rolling (window) or calendar, with its time zone. */
static slo_status
read_window(struct rec *r, const slo_ydoc *d, const slo_ynode *item,
    slo_error *err)
{
	slo_objective *o = &r->pub.objective;
	const slo_ynode *n;
	slo_status st;
	int w;

	if ((st = spec_one_of(d, item, "window", "calendar", 1, err)) != SLO_OK)
		return st;
	n = slo_ynode_get(item, "window");
	r->pub.window_line = (n ? n : slo_ynode_get(item, "calendar"))->line;
	r->pub.window_col = (n ? n : slo_ynode_get(item, "calendar"))->col;
	if (n != NULL) {
		if ((st = spec_read_positive_duration(d, n, &o->window, err)) != SLO_OK)
			return st;
		o->calendar = SLO_CAL_NONE;
		if ((n = spec_keynode(item, "timezone")) != NULL)
			return YERR(d, n, SLO_EINVAL,
			    "'timezone' is for calendar windows: a rolling "
			    "window is the same in every zone");
	} else {
		n = slo_ynode_get(item, "calendar");
		if ((st = spec_read_word(d, n, "calendar", calendar_words, &w,
		    err)) != SLO_OK)
			return st;
		o->calendar = w == 0 ? SLO_CAL_MONTH : SLO_CAL_WEEK;
		o->window = 0;
		if ((st = spec_set_tz(r, d, slo_ynode_get(item, "timezone"),
		    err)) != SLO_OK)
			return st;
	}
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
		spec_rec_free(s->recs[i]);
	for (i = 0; i < s->ndocs; i++)
		slo_ydoc_free(s->docs[i]);
	free(s->recs);
	free(s->docs);
	free(s->objs);
	free(s->secs);
	free(s);
}


const char *const slo_spec_top_keys[] = {
	"slos", "flags", "promotion", "sources", "severities", NULL
};
/*
 * A document that is a list of OpenSLO documents, as oslo and the OpenSLO
 * Go SDK read and write them: each item is registered as a document.
 */
static slo_status
load_list(slo_spec *s, const slo_ydoc *d, const slo_ynode *list, size_t file,
    size_t docidx, slo_error *err)
{
	slo_status st;
	size_t j;

	for (j = 0; j < list->n; j++) {
		const slo_ynode *it = list->items[j];
		if (it->type != SLO_Y_MAP || (slo_ynode_get(it, "apiVersion") ==
		    NULL && slo_ynode_get(it, "kind") == NULL))
			return YERR(d, it, SLO_EINVAL, "expected an OpenSLO "
			    "document (apiVersion, kind, metadata, spec) in a "
			    "list of documents, got %s", it->type == SLO_Y_MAP ?
			    "a map without 'apiVersion' or 'kind'" :
			    slo_ynode_what(it));
		if ((st = spec_openslo_register(s, d, it, file, docidx, j,
		    err)) != SLO_OK)
			return st;
	}
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
		if (root->type == SLO_Y_SEQ) {
			if ((st = load_list(s, d, root, file, i, err)) != SLO_OK)
				return st;
			continue;
		}
		if (root->type != SLO_Y_MAP)
			return YERR(d, root, SLO_EINVAL,
			    "expected a map with 'slos:' or an OpenSLO "
			    "document, got %s", slo_ynode_what(root));
		if (slo_ynode_get(root, "apiVersion") != NULL ||
		    slo_ynode_get(root, "kind") != NULL ||
		    slo_ynode_get(root, "version") != NULL) {
			if ((st = spec_openslo_register(s, d, root, file, i, 0,
			    err)) != SLO_OK)
				return st;
			continue;
		}
		if ((st = slo_ynode_check_keys(d, root, slo_spec_top_keys,
		    err)) != SLO_OK)
			return st;
		for (j = 0; j < root->n; j++) {
			struct section *sec;
			if (strcmp(root->keys[j]->str, "slos") == 0)
				continue;
			if (spec_grow(&s->secs, &s->capsecs, s->nsecs, sizeof *s->secs))
				return spec_oom(err);
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
			struct rec *r = spec_rec_new(d, slos->items[j],
			    ORDER(file, i, j));
			if (r == NULL)
				return spec_oom(err);
			if ((st = parse_slo(r, d, slos->items[j], err)) != SLO_OK) {
				spec_rec_free(r);
				return st;
			}
			if ((st = spec_rec_push(s, r, err)) != SLO_OK)
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
		spec_rec_free(s->recs[--s->nrecs]);
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
	if (spec_grow(&s->docs, &s->capdocs, s->ndocs, sizeof *s->docs)) {
		slo_ydoc_free(d);
		return spec_oom(err);
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
	if (spec_grow(&s->docs, &s->capdocs, s->ndocs, sizeof *s->docs)) {
		slo_ydoc_free(d);
		return spec_oom(err);
	}
	s->docs[s->ndocs++] = d;
	if ((r = spec_rec_new(d, NULL, ORDER(s->ndocs - 1, 0, 0))) == NULL) {
		st = spec_oom(err);
		goto fail;
	}
	if ((st = parse_slo(r, d, slo_ydoc_root(d, 0), err)) != SLO_OK) {
		spec_rec_free(r);
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
	return spec_rec_push(s, r, err);
fail:
	rollback(s, s->nrecs);
	return st;
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

static slo_status
check_names(slo_spec *s, slo_error *err)
{
	struct rec **tmp, *dup = NULL, *first = NULL;
	size_t i;

	if (s->nrecs < 2)
		return SLO_OK;
	if ((tmp = malloc(s->nrecs * sizeof *tmp)) == NULL)
		return spec_oom(err);
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
	size_t nrecs = s->nrecs;
	slo_status st = SLO_OK;

	if (s->finished)
		return SLO_OK;
	st = spec_openslo_build(s, err);
	if (st == SLO_OK)
		st = check_names(s, err);
	if (st != SLO_OK) {
		while (s->nrecs > nrecs)
			spec_rec_free(s->recs[--s->nrecs]);
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
		spec_oom(err);
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

/*
 * slo_spec_slo_check() without the evaluability check: what --validate
 * asks of every SLO.  An SLO with no window at all (an OpenSLO SLO without
 * timeWindow, valid there) has no series to check.
 */
static slo_status
engine_check(const slo_spec_slo *x, slo_ns res, slo_error *err)
{
	const slo_objective *o = &x->objective;
	char b1[SLO_DURATION_BUFSZ], b2[SLO_DURATION_BUFSZ], msg[1024];
	slo_window_config cfg;
	slo_window *w;
	slo_objective one;
	slo_error e;
	long line, col;
	size_t i;

	if (x->unevaluable != NULL && o->window == 0 &&
	    o->calendar == SLO_CAL_NONE)
		return SLO_OK;
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
	    (x->sli == SLO_SPEC_SLI_LATENCY ||
	    x->sli == SLO_SPEC_SLI_DURATION) && x->nquantiles > 0 ?
	    SLO_SKETCH_ALPHA : 0, &cfg);
	if ((w = slo_window_new(&cfg, &e)) != NULL) {
		slo_window_free(w);
		return SLO_OK;
	}
	if (e.status == SLO_ENOMEM)
		return spec_oom(err);
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

slo_status
slo_spec_slo_check(const slo_spec_slo *x, slo_ns res, slo_error *err)
{
	slo_status st;

	if ((st = engine_check(x, res, err)) != SLO_OK)
		return st;
	if (x->unevaluable == NULL)
		return SLO_OK;
	if (x->unevaluable_line == 0)
		return slo_at(x, 0, 0, SLO_EINVAL, err, x->unevaluable);
	return slo_error_set(err, SLO_EINVAL, x->unevaluable_file,
	    x->unevaluable_line, x->unevaluable_col,
	    "slo '%s' cannot be evaluated: %s", x->name, x->unevaluable);
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
		spec_oom(&e);
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
		if (engine_check(slo_spec_get(s, i), res, &e) != SLO_OK) {
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

/* The slokit form's reader of quantiles, for openslo_ext.c. */
slo_status
spec_read_quantile_list(struct rec *r, const slo_ydoc *d, const slo_ynode *seq,
    slo_error *err)
{
	return read_quantiles(r, d, seq, err);
}
