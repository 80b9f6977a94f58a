/*
 * slo.c — SLI, error budget, burn rates and alerts over a window series.
 * The definitions are stated once, in slo_slo.h.
 */
#include <math.h>
#include <string.h>

#include "slo_math.h"
#include "slo_report_alerts.h"

/* Relative slack in comparing a burn with a decimal threshold. */
#define BURN_SLACK 1e-9

const char *
slo_budgeting_name(slo_budgeting b)
{
	switch (b) {
	case SLO_BUDGET_OCCURRENCES:
		return "occurrences";
	case SLO_BUDGET_TIMESLICES:
		return "timeslices";
	case SLO_BUDGET_RATIO_TIMESLICES:
		return "ratio_timeslices";
	}
	return "?";
}

int
slo_budgeting_from_name(const char *name)
{
	if (name == NULL)
		return -1;
	if (strcmp(name, "occurrences") == 0 || strcmp(name, "Occurrences") == 0)
		return SLO_BUDGET_OCCURRENCES;
	if (strcmp(name, "timeslices") == 0 || strcmp(name, "Timeslices") == 0)
		return SLO_BUDGET_TIMESLICES;
	if (strcmp(name, "ratio_timeslices") == 0 ||
	    strcmp(name, "RatioTimeslices") == 0)
		return SLO_BUDGET_RATIO_TIMESLICES;
	return -1;
}

const char *
slo_severity_name(slo_severity s)
{
	switch (s) {
	case SLO_SEV_TICKET:
		return "ticket";
	case SLO_SEV_PAGE:
		return "page";
	}
	return "?";
}

int
slo_severity_from_name(const char *name)
{
	if (name == NULL)
		return -1;
	if (strcmp(name, "ticket") == 0)
		return SLO_SEV_TICKET;
	if (strcmp(name, "page") == 0)
		return SLO_SEV_PAGE;
	return -1;
}

const char *
slo_state_name(slo_state s)
{
	switch (s) {
	case SLO_STATE_OK:
		return "ok";
	case SLO_STATE_WARNING:
		return "warning";
	case SLO_STATE_BREACHED:
		return "breached";
	case SLO_STATE_NO_DATA:
		return "no_data";
	}
	return "?";
}

double
slo_burn_for_share(double share, slo_ns window, slo_ns long_window)
{
	return share * (double)window / (double)long_window;
}

/*
 * SRE Workbook, ch. 5 "Alerting on SLOs", table 5-8: 2 % of the budget in
 * 1h, 5 % in 6h, 10 % in 3d.  The rates are written as share x window /
 * long, in the same order of operations as slo_burn_for_share().
 */
#define H ((double)SLO_NS_PER_HOUR)
#define BURN(share, days, long_h) ((share) * ((days) * 24 * H) / ((long_h) * H))
#define MINS(n) ((n) * SLO_NS_PER_MIN)
#define HOURS(n) ((n) * SLO_NS_PER_HOUR)

static const slo_burn_rule google_30d[] = {
	{ SLO_SEV_PAGE, HOURS(1), MINS(5), BURN(0.02, 30, 1) },
	{ SLO_SEV_PAGE, HOURS(6), MINS(30), BURN(0.05, 30, 6) },
	{ SLO_SEV_TICKET, HOURS(72), HOURS(6), BURN(0.10, 30, 72) },
};

static const slo_burn_rule google_28d[] = {
	{ SLO_SEV_PAGE, HOURS(1), MINS(5), BURN(0.02, 28, 1) },
	{ SLO_SEV_PAGE, HOURS(6), MINS(30), BURN(0.05, 28, 6) },
	{ SLO_SEV_TICKET, HOURS(72), HOURS(6), BURN(0.10, 28, 72) },
};

slo_status
slo_policy_builtin(const char *name, const slo_burn_rule **rules, size_t *n)
{
	if (name != NULL && strcmp(name, "google-30d") == 0) {
		*rules = google_30d;
		*n = sizeof(google_30d) / sizeof(google_30d[0]);
		return SLO_OK;
	}
	if (name != NULL && strcmp(name, "google-28d") == 0) {
		*rules = google_28d;
		*n = sizeof(google_28d) / sizeof(google_28d[0]);
		return SLO_OK;
	}
	return SLO_ENOTFOUND;
}

void
slo_objective_init(slo_objective *o)
{
	memset(o, 0, sizeof(*o));
	o->budgeting = SLO_BUDGET_OCCURRENCES;
	o->calendar = SLO_CAL_NONE;
}

/* Longest duration accepted anywhere (36 years): keeps window arithmetic
 * inside int64, as in window.c. */
#define MAX_LEN (1LL << 60)

static int
whole(slo_ns d, slo_ns res)
{
	return d > 0 && d <= MAX_LEN && d % res == 0;
}

/* The first multiple of step after s, without overflow for any s. */
static slo_ns
next_cut(slo_ns s, slo_ns step)
{
	slo_ns q = s / step;

	if (s % step != 0 && s < 0)
		q--;
	return (q + 1) * step;
}

slo_status
slo_objective_check(const slo_objective *o, slo_ns res, slo_error *err)
{
	char b1[SLO_DURATION_BUFSZ], b2[SLO_DURATION_BUFSZ];
	size_t i;

	if (res <= 0 || res > MAX_LEN)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "resolution must be positive");
	if (o->target >= 1 && o->target <= 1)
		return slo_error_set(err, SLO_ERANGE, "", 0, 0,
		    "target '1' leaves no error budget");
	if (!(o->target > 0 && o->target < 1))
		return slo_error_set(err, SLO_ERANGE, "", 0, 0,
		    "target '%g' is not between 0 and 1", o->target);
	slo_duration_format(res, b2);
	if (o->calendar == SLO_CAL_NONE) {
		if (!whole(o->window, res)) {
			if (o->window > 0)
				slo_duration_format(o->window, b1);
			else
				strcpy(b1, "0");
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "window '%s' is not a whole number of '%s' buckets",
			    b1, b2);
		}
	} else if (o->calendar != SLO_CAL_WEEK && o->calendar != SLO_CAL_MONTH) {
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "unknown calendar window");
	} else if (o->window != 0) {
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "a calendar window has no length");
	}
	switch (o->budgeting) {
	case SLO_BUDGET_OCCURRENCES:
		break;
	case SLO_BUDGET_TIMESLICES:
	case SLO_BUDGET_RATIO_TIMESLICES:
		if (!whole(o->slice, res)) {
			if (o->slice > 0)
				slo_duration_format(o->slice, b1);
			else
				strcpy(b1, "0");
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "slice '%s' is not a whole number of '%s' buckets",
			    b1, b2);
		}
		if (o->budgeting == SLO_BUDGET_TIMESLICES &&
		    !(o->slice_target > 0 && o->slice_target <= 1))
			return slo_error_set(err, SLO_ERANGE, "", 0, 0,
			    "slice target '%g' is not in (0, 1]", o->slice_target);
		break;
	default:
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "unknown budgeting method");
	}
	if (o->nrules > SLO_MAX_RULES)
		return slo_error_set(err, SLO_ELIMIT, "", 0, 0,
		    "more than %d alert rules", SLO_MAX_RULES);
	for (i = 0; i < o->nrules; i++) {
		const slo_burn_rule *r = &o->rules[i];

		if (r->severity != SLO_SEV_PAGE && r->severity != SLO_SEV_TICKET)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "alert %zu: unknown severity", i + 1);
		if (!whole(r->long_window, res) || !whole(r->short_window, res))
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "alert %zu: windows are not whole numbers of '%s' "
			    "buckets", i + 1, b2);
		if (r->short_window >= r->long_window)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "alert %zu: short window is not shorter than the "
			    "long one", i + 1);
		if (!(r->burn > 0 && isfinite(r->burn)))
			return slo_error_set(err, SLO_ERANGE, "", 0, 0,
			    "alert %zu: burn rate '%g' is not positive", i + 1,
			    r->burn);
	}
	if (o->exhaustion_window != 0 && !whole(o->exhaustion_window, res))
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "exhaustion window is not a whole number of '%s' buckets",
		    b2);
	return SLO_OK;
}

/* The window whose burn projects the exhaustion; see slo_slo.h. */
static slo_ns
exhaustion_window(const slo_objective *o)
{
	slo_ns ew = 0;
	size_t i;

	if (o->exhaustion_window > 0)
		return o->exhaustion_window;
	for (i = 0; i < o->nrules; i++)
		if (ew == 0 || o->rules[i].long_window < ew)
			ew = o->rules[i].long_window;
	return ew > 0 ? ew : SLO_NS_PER_HOUR;
}

void
slo_objective_window_config(const slo_objective *o, slo_ns res,
    const slo_tz *tz, slo_ns report_span, double sketch_alpha,
    slo_window_config *cfg)
{
	slo_ns span = o->window;
	size_t i;

	if (res <= 0)
		res = SLO_NS_PER_MIN;
	slo_window_config_init(cfg);
	cfg->resolution = res;
	for (i = 0; i < o->nrules && i < SLO_MAX_RULES; i++)
		if (o->rules[i].long_window > span)
			span = o->rules[i].long_window;
	if (exhaustion_window(o) > span)
		span = exhaustion_window(o);
	if (report_span > span)
		span = report_span;
	if (span % res != 0)
		span += res - span % res;
	cfg->span = span;
	cfg->calendar = o->calendar;
	cfg->tz = tz;
	cfg->sketch_alpha = sketch_alpha;
}

/*
 * The error budget 1 - target as a ratio num / den of integers held
 * exactly in doubles: a target is written in decimal (0.999, 99.95 %), and
 * 1 - 0.999 in binary is 0.0010000000000000009, which would make a 15x
 * burn read 14.999999999999986.  So take the target's shortest decimal
 * form with k <= 15 places, N / 10^k: the budget is (10^k - N) / 10^k.
 * With integer counts every figure below is then one division of exact
 * integers (while they stay under 2^53), so correctly rounded: 1 bad of 9
 * slices at 0.7 consumes 10/27 = 0.37037037037037035, not ...04.
 * Targets with no such form fall back to (1 - target) / 1.
 */
static void
budget_ratio(double target, double *num, double *den)
{
	double p = 1, n;
	int k;

	for (k = 1; k <= 15; k++) {
		p *= 10;
		n = nearbyint(target * p);
		if (n / p == target) {
			*num = p - n;
			*den = p;
			return;
		}
	}
	*num = 1 - target;
	*den = 1;
}

double
slo_budget_fraction(double target)
{
	double num, den;

	budget_ratio(target, &num, &den);
	return num / den;
}

static void
tally_finish(const slo_objective *o, slo_tally *t)
{
	double num, den;

	t->has_data = t->total > 0;
	if (t->has_data) {
		t->sli = t->good / t->total;
		/* bad / allowed, as consumed is: 15 of 1,000 at 0.999 is 15. */
		budget_ratio(o->target, &num, &den);
		t->burn = (t->bad * den) / (t->total * num);
	} else {
		t->sli = 0;
		t->burn = 0;
	}
}

slo_status
slo_tally_range(const slo_objective *o, const slo_window *w,
    slo_ns from, slo_ns to, slo_tally *t)
{
	slo_counts c;
	slo_ns s, e;
	slo_status st;

	memset(t, 0, sizeof(*t));
	t->from = from;
	t->to = to;
	if ((st = slo_window_counts(w, from, to, &c)) != SLO_OK)
		return st;
	t->events_good = c.good;
	t->events_total = c.total;
	if (o->budgeting == SLO_BUDGET_OCCURRENCES) {
		t->good = (double)c.good;
		t->total = (double)c.total;
		t->bad = (double)(c.total - c.good);
		tally_finish(o, t);
		return SLO_OK;
	}
	if (o->slice <= 0)
		return SLO_EINVAL;
	/*
	 * Slices are cut at multiples of the slice from the epoch and
	 * clipped to [from, to): one counts() per slice, no allocation.
	 */
	for (s = from; s < to; s = e) {
		e = next_cut(s, o->slice);
		if (e > to)
			e = to;
		if ((st = slo_window_counts(w, s, e, &c)) != SLO_OK)
			return st;
		if (c.total == 0) {
			t->slices_empty++;
			continue;
		}
		t->slices_total++;
		if (o->budgeting == SLO_BUDGET_RATIO_TIMESLICES) {
			t->good += (double)c.good / (double)c.total;
			/* No slice target here: a slice is good when perfect
			 * (issue 15.9: slices.good used to stay 0). */
			if (c.good == c.total)
				t->slices_good++;
		} else if ((double)c.good / (double)c.total >= o->slice_target) {
			t->slices_good++;
			t->good += 1;
		}
	}
	t->total = (double)t->slices_total;
	t->bad = t->total - t->good;
	tally_finish(o, t);
	return SLO_OK;
}

static slo_status
window_range(const slo_objective *o, const slo_window *w, slo_ns at,
    slo_ns *from, slo_ns *to, slo_ns *len)
{
	slo_ns ps, pe;
	slo_status st;

	if (o->calendar == SLO_CAL_NONE) {
		*len = o->window;
		return slo_window_rolling(w, at, o->window, from, to);
	}
	if (slo_window_config_of(w)->calendar != o->calendar)
		return SLO_EINVAL;
	if ((st = slo_window_calendar(w, at, from, to)) != SLO_OK)
		return st;
	st = slo_calendar_period(o->calendar, slo_window_config_of(w)->tz, at,
	    &ps, &pe);
	*len = pe - ps;
	return st;
}

static slo_status
tally_rolling(const slo_objective *o, const slo_window *w, slo_ns at,
    slo_ns len, slo_tally *t)
{
	slo_ns from, to;
	slo_status st;

	if ((st = slo_window_rolling(w, at, len, &from, &to)) != SLO_OK)
		return st;
	return slo_tally_range(o, w, from, to, t);
}

static int
burn_at_least(double burn, double threshold)
{
	return burn >= threshold * (1 - BURN_SLACK);
}

slo_status
slo_evaluate(const slo_objective *o, const slo_window *w, slo_ns at,
    slo_result *r)
{
	slo_ns from, to, len, res = slo_window_config_of(w)->resolution;
	slo_tally ex;
	slo_status st;
	double t, num, den;
	int page = 0, ticket = 0;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->at = at;
	if (slo_objective_check(o, res, NULL) != SLO_OK || at == SLO_NS_NONE)
		return SLO_EINVAL;
	if ((st = window_range(o, w, at, &from, &to, &len)) != SLO_OK)
		return st;
	if ((st = slo_tally_range(o, w, from, to, &r->window)) != SLO_OK)
		return st;
	for (i = 0; i < o->nrules; i++) {
		slo_alert_state *a = &r->alerts[i];

		a->rule = o->rules[i];
		if ((st = tally_rolling(o, w, at, a->rule.long_window,
		    &a->long_w)) != SLO_OK)
			return st;
		if ((st = tally_rolling(o, w, at, a->rule.short_window,
		    &a->short_w)) != SLO_OK)
			return st;
		a->firing = a->long_w.has_data && a->short_w.has_data &&
		    burn_at_least(a->long_w.burn, a->rule.burn) &&
		    burn_at_least(a->short_w.burn, a->rule.burn);
		if (a->firing && a->rule.severity == SLO_SEV_PAGE)
			page = 1;
		if (a->firing && a->rule.severity == SLO_SEV_TICKET)
			ticket = 1;
	}
	r->nalerts = o->nrules;
	if (!r->window.has_data) {
		r->status = SLO_STATE_NO_DATA;
		return SLO_OK;
	}
	t = o->target;
	budget_ratio(t, &num, &den);
	r->allowed = r->window.total * num / den;
	r->consumed = (r->window.bad * den) / (r->window.total * num);
	r->remaining = (r->window.total * num - r->window.bad * den) /
	    (r->window.total * num);
	r->remaining_units = (r->window.total * num - r->window.bad * den) / den;
	if ((st = tally_rolling(o, w, at, exhaustion_window(o), &ex)) != SLO_OK)
		return st;
	if (r->remaining <= 0) {
		r->has_exhaustion = 1;
		r->exhaustion = 0;
	} else if (ex.has_data && ex.burn > 0) {
		double ns = r->remaining * (double)len / ex.burn;

		/* Beyond ~292 years is as good as never. */
		if (ns < 9.2e18) {
			r->has_exhaustion = 1;
			r->exhaustion = (slo_ns)ns;
		}
	}
	if (r->window.sli < t || page)
		r->status = SLO_STATE_BREACHED;
	else if (ticket)
		r->status = SLO_STATE_WARNING;
	else
		r->status = SLO_STATE_OK;
	return SLO_OK;
}

static slo_status
report_range(const slo_objective *o, const slo_window *w, slo_ns at,
    slo_ns *step, slo_ns *from, slo_ns *to)
{
	slo_ns len, res = slo_window_config_of(w)->resolution;

	if (*step <= 0 || *step > MAX_LEN || *step % res != 0)
		return SLO_EINVAL;
	/* Slices must nest in steps for the steps to add up to the window. */
	if (o->budgeting != SLO_BUDGET_OCCURRENCES) {
		if (o->slice <= 0 || o->slice > MAX_LEN)
			return SLO_EINVAL;
		if (*step % o->slice != 0)
			*step += o->slice - *step % o->slice;
	}
	return window_range(o, w, at, from, to, &len);
}

/* report_range() of a valid objective, for n steps (slo_report_steps()). */
static slo_status
report_checked(const slo_objective *o, const slo_window *w, slo_ns at,
    slo_ns *step, slo_ns *from, slo_ns *to, size_t n)
{
	slo_status st;

	if (slo_objective_check(o, slo_window_config_of(w)->resolution, NULL)
	    != SLO_OK)
		return SLO_EINVAL;
	if ((st = report_range(o, w, at, step, from, to)) != SLO_OK)
		return st;
	return n == slo_window_steps(*from, *to, *step) ? SLO_OK : SLO_EINVAL;
}

size_t
slo_report_steps(const slo_objective *o, const slo_window *w, slo_ns at,
    slo_ns step)
{
	slo_ns from, to;

	if (report_range(o, w, at, &step, &from, &to) != SLO_OK)
		return 0;
	return slo_window_steps(from, to, step);
}

slo_status
slo_report_series(const slo_objective *o, const slo_window *w, slo_ns at,
    slo_ns step, slo_report_point *out, size_t n)
{
	slo_ns from, to, s, e;
	slo_tally whole_w;
	slo_status st;
	double allowed, bad = 0, num, den;
	size_t i;

	if ((st = report_checked(o, w, at, &step, &from, &to, n)) != SLO_OK)
		return st;
	if ((st = slo_tally_range(o, w, from, to, &whole_w)) != SLO_OK)
		return st;
	budget_ratio(o->target, &num, &den);
	allowed = whole_w.total * num; /* x den: see budget_ratio */
	for (i = 0, s = from; i < n; i++, s = e) {
		e = next_cut(s, step);
		if (e > to)
			e = to;
		if ((st = slo_tally_range(o, w, s, e, &out[i].tally)) != SLO_OK)
			return st;
		bad += out[i].tally.bad;
		out[i].remaining = whole_w.has_data ?
		    (allowed - bad * den) / allowed : 0;
	}
	return SLO_OK;
}

/*
 * One rule at instant e - 1 (a step's end e, a bucket edge): its windows
 * [e - long, e) and [e - short, e), tallied as slo_evaluate() does.
 * *known 0 when the series no longer holds the long window's start.
 */
static slo_status
rule_at(const slo_objective *o, const slo_window *w, const slo_burn_rule *r,
    slo_ns e, int *known, int *firing)
{
	slo_tally lw, sw;
	slo_status st;

	*known = *firing = 0;
	if ((st = slo_tally_range(o, w, e - r->long_window, e, &lw)) == SLO_ERANGE)
		return SLO_OK;
	if (st != SLO_OK ||
	    (st = slo_tally_range(o, w, e - r->short_window, e, &sw)) != SLO_OK)
		return st == SLO_ERANGE ? SLO_OK : st;
	*known = 1;
	*firing = lw.has_data && sw.has_data && burn_at_least(lw.burn, r->burn) &&
	    burn_at_least(sw.burn, r->burn);
	return SLO_OK;
}

slo_status
slo_report_alerts(const slo_objective *o, const slo_window *w, slo_ns at,
    slo_ns step, slo_report_alert *out, size_t n)
{
	slo_ns from, to, s, e;
	slo_status st;
	size_t i, r;

	if ((st = report_checked(o, w, at, &step, &from, &to, n)) != SLO_OK)
		return st;
	for (i = 0, s = from; i < n; i++, s = e) {
		e = next_cut(s, step);
		if (e > to)
			e = to;
		out[i].firing = out[i].known = 0;
		for (r = 0; r < o->nrules && r < SLO_MAX_RULES && r < 32; r++) {
			int known, firing;

			if ((st = rule_at(o, w, &o->rules[r], e, &known,
			    &firing)) != SLO_OK)
				return st;
			out[i].known |= (uint32_t)known << r;
			out[i].firing |= (uint32_t)firing << r;
		}
	}
	return SLO_OK;
}
