/*
 * test_slo.c — SLO math against known answers: the SRE Workbook's budget
 * shares, multi-window alerts that need both windows, a timeslices example
 * worked by hand, no data, the 100 % target, calendar months in Paris,
 * time to exhaustion and the burn-down report series.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "slo_math.h"

#define SEC SLO_NS_PER_SEC
#define MIN SLO_NS_PER_MIN
#define HOUR SLO_NS_PER_HOUR
#define DAY SLO_NS_PER_DAY

/* 2026-11-02T00:00:00Z, a Monday (python3: datetime(2026,11,2,tzinfo=
 * timezone.utc).timestamp() = 1794528000). */
#define T0 (1794528000LL * SEC)

static void
close_to(double got, double want, double rel)
{
	if (!(fabs(got - want) <= rel * fabs(want))) {
		print_error("got %.17g, want %.17g (rel %g)\n", got, want, rel);
		fail();
	}
}

static slo_window *
series(const slo_objective *o, const slo_tz *tz)
{
	slo_window_config cfg;
	slo_window *w;
	slo_error err;

	slo_objective_window_config(o, MIN, tz, 0, 0, &cfg);
	w = slo_window_new(&cfg, &err);
	assert_non_null(w);
	return w;
}

static void
google30(slo_objective *o, double target)
{
	const slo_burn_rule *r;
	size_t n;

	slo_objective_init(o);
	o->target = target;
	o->window = 30 * DAY;
	assert_int_equal(slo_policy_builtin("google-30d", &r, &n), SLO_OK);
	memcpy(o->rules, r, n * sizeof(*r));
	o->nrules = n;
}

/* n minutes from t0, per_min events each, bad(m) of them bad. */
static void
feed(slo_window *w, slo_ns t0, int n, uint64_t per_min, uint64_t (*bad)(int, int))
{
	int m;

	for (m = 0; m < n; m++) {
		uint64_t b = bad(m, n);

		assert_int_equal(slo_window_add(w, t0 + m * MIN + 17 * SEC,
		    per_min - b, per_min), SLO_OK);
	}
}

static void
test_policies(void **state)
{
	const slo_burn_rule *r;
	size_t n;

	(void)state;
	/* SRE Workbook ch. 5, table 5-8: 14.4x 1h/5m page, 6x 6h/30m page,
	 * 1x 3d/6h ticket. */
	assert_int_equal(slo_policy_builtin("google-30d", &r, &n), SLO_OK);
	assert_int_equal(n, 3);
	assert_true(r[0].burn == 14.4 && r[0].long_window == HOUR &&
	    r[0].short_window == 5 * MIN && r[0].severity == SLO_SEV_PAGE);
	assert_true(r[1].burn == 6 && r[1].long_window == 6 * HOUR &&
	    r[1].short_window == 30 * MIN && r[1].severity == SLO_SEV_PAGE);
	assert_true(r[2].burn == 1 && r[2].long_window == 3 * DAY &&
	    r[2].short_window == 6 * HOUR && r[2].severity == SLO_SEV_TICKET);
	/* Same shares over 28 days: 0.02 x 672h / 1h = 13.44, 0.05 x 672h /
	 * 6h = 5.6, 0.10 x 672h / 72h = 0.9333... (28/30). */
	assert_int_equal(slo_policy_builtin("google-28d", &r, &n), SLO_OK);
	assert_int_equal(n, 3);
	assert_true(r[0].burn == 13.44);
	assert_true(r[1].burn == 5.6);
	close_to(r[2].burn, 28.0 / 30.0, 1e-15);
	assert_true(r[2].burn == slo_burn_for_share(0.10, 28 * DAY, 3 * DAY));
	assert_true(r[0].burn == slo_burn_for_share(0.02, 28 * DAY, HOUR));
	assert_int_equal(r[2].severity, SLO_SEV_TICKET);
	assert_int_equal(slo_policy_builtin("google-31d", &r, &n), SLO_ENOTFOUND);
	assert_int_equal(slo_policy_builtin(NULL, &r, &n), SLO_ENOTFOUND);
}

/*
 * 1 - target in decimal: in binary 1 - 0.999 = 0.0010000000000000009 and
 * 1 - 0.95 = 0.050000000000000044 (python3: 1 - 0.999, 1 - 0.95).
 */
static void
test_budget_fraction(void **state)
{
	slo_objective o;
	slo_window *w;
	slo_result r;
	double odd = nextafter(0.999, 1);

	(void)state;
	assert_true(1 - 0.999 != 0.001); /* the problem */
	assert_true(slo_budget_fraction(0.999) == 0.001);
	assert_true(slo_budget_fraction(0.9995) == 0.0005);
	assert_true(slo_budget_fraction(0.95) == 0.05);
	assert_true(slo_budget_fraction(0.99999) == 0.00001);
	assert_true(slo_budget_fraction(0.5) == 0.5);
	/* A target with no short decimal form falls back to 1 - t. */
	assert_true(slo_budget_fraction(odd) == 1 - odd);
	/* 15 bad of 1,000 at 99.9 %: a burn of 15, exactly. */
	slo_objective_init(&o);
	o.target = 0.999;
	o.window = HOUR;
	w = series(&o, NULL);
	assert_int_equal(slo_window_add(w, T0, 985, 1000), SLO_OK);
	assert_int_equal(slo_evaluate(&o, w, T0, &r), SLO_OK);
	assert_true(r.window.burn == 15);
	assert_true(r.allowed == 1);
	assert_true(r.consumed == 15);
	assert_true(r.remaining == -14);
	slo_window_free(w);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(slo_state_name(SLO_STATE_NO_DATA), "no_data");
	assert_string_equal(slo_state_name(SLO_STATE_BREACHED), "breached");
	assert_string_equal(slo_severity_name(SLO_SEV_PAGE), "page");
	assert_int_equal(slo_severity_from_name("ticket"), SLO_SEV_TICKET);
	assert_int_equal(slo_severity_from_name("Page"), -1);
	assert_true(SLO_SEV_PAGE > SLO_SEV_TICKET);
	assert_int_equal(slo_budgeting_from_name("RatioTimeslices"), SLO_BUDGET_RATIO_TIMESLICES);
	assert_int_equal(slo_budgeting_from_name("timeslices"), SLO_BUDGET_TIMESLICES);
	assert_int_equal(slo_budgeting_from_name("occurences"), -1);
	assert_string_equal(slo_budgeting_name(SLO_BUDGET_RATIO_TIMESLICES), "ratio_timeslices");
}

static void
test_check(void **state)
{
	slo_objective o;
	slo_error err;
	int i;

	(void)state;
	google30(&o, 0.999);
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_OK);
	o.target = 1.0; /* 100 %: no budget, refused rather than infinities */
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_ERANGE);
	assert_string_equal(err.msg, "target '1' leaves no error budget");
	o.target = 0;
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_ERANGE);
	o.target = NAN;
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_ERANGE);
	o.target = 99.9; /* a percent given as a fraction */
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_ERANGE);
	o.target = 0.999;
	o.window = 90 * SEC;
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_EINVAL);
	o.window = 0;
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_EINVAL);
	o.calendar = SLO_CAL_MONTH;
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_OK);
	o.window = DAY; /* both a length and a calendar */
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_EINVAL);
	google30(&o, 0.99);
	o.budgeting = SLO_BUDGET_TIMESLICES;
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_EINVAL); /* no slice */
	o.slice = MIN;
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_ERANGE); /* slice_target 0 */
	o.slice_target = 0.95;
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_OK);
	o.slice = 30 * SEC;
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_EINVAL);
	google30(&o, 0.99);
	o.rules[0].short_window = HOUR;
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_EINVAL);
	google30(&o, 0.99);
	o.rules[1].burn = 0;
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_ERANGE);
	google30(&o, 0.99);
	o.rules[2].severity = (slo_severity)0;
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_EINVAL);
	google30(&o, 0.99);
	o.nrules = SLO_MAX_RULES + 1;
	for (i = 0; i < SLO_MAX_RULES; i++)
		o.rules[i] = o.rules[0];
	assert_int_equal(slo_objective_check(&o, MIN, &err), SLO_ELIMIT);
}

/* SRE Workbook ch. 5: 14.4x over the last hour of a 30-day window. */
static uint64_t bad_last_hour_144(int m, int n) { return m >= n - 60 ? 144 : 0; }
/* 6x over the last 6 hours: 60 of 10,000 per minute. */
static uint64_t bad_last_6h_60(int m, int n) { return m >= n - 360 ? 60 : 0; }
/* 1x over the last 3 days: 10 of 10,000 per minute. */
static uint64_t bad_last_3d_10(int m, int n) { return m >= n - 4320 ? 10 : 0; }

static void
test_workbook_budget_shares(void **state)
{
	const int n = 30 * 1440;
	slo_ns at = T0 + (n - 1) * MIN + 30 * SEC;
	slo_objective o;
	slo_window *w;
	slo_result r;

	(void)state;
	google30(&o, 0.999);
	/*
	 * 14.4 x 1h / 720h = 0.02 of the budget (the Workbook's 2 %): 60 min
	 * x 144 bad = 8,640 bad; allowed = 0.001 x 432,000,000 = 432,000.
	 */
	w = series(&o, NULL);
	feed(w, T0, n, 10000, bad_last_hour_144);
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	assert_int_equal(r.window.events_total, 432000000);
	assert_int_equal(r.window.events_total - r.window.events_good, 8640);
	assert_true(r.consumed == 0.02); /* 8,640 / 432,000, to the last bit */
	close_to(r.remaining, 0.98, 1e-15);
	close_to(r.allowed, 432000, 1e-12);
	close_to(r.remaining_units, 432000 - 8640, 1e-12);
	close_to(r.alerts[0].long_w.burn, 14.4, 1e-12);
	close_to(r.alerts[0].short_w.burn, 14.4, 1e-12);
	assert_true(r.alerts[0].firing);      /* 14.4 >= 14.4 */
	close_to(r.alerts[1].long_w.burn, 2.4, 1e-12); /* 8640 / 3.6e6 / 0.001 */
	assert_false(r.alerts[1].firing);
	close_to(r.alerts[2].long_w.burn, 0.2, 1e-12); /* 8640 / 43.2e6 / 0.001 */
	assert_false(r.alerts[2].firing);
	assert_int_equal(r.status, SLO_STATE_BREACHED); /* page firing */
	assert_int_equal(r.nalerts, 3);
	slo_window_free(w);

	/* 6 x 6h / 720h = 0.05: 360 x 60 = 21,600 bad of 432,000 allowed. */
	w = series(&o, NULL);
	feed(w, T0, n, 10000, bad_last_6h_60);
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	close_to(r.consumed, 0.05, 1e-12);
	close_to(r.alerts[1].long_w.burn, 6, 1e-12);
	close_to(r.alerts[1].short_w.burn, 6, 1e-12);
	assert_false(r.alerts[0].firing);     /* 6 < 14.4 */
	assert_true(r.alerts[1].firing);
	assert_false(r.alerts[2].firing);     /* 3d burn 0.5 */
	assert_int_equal(r.status, SLO_STATE_BREACHED);
	slo_window_free(w);

	/* 1 x 72h / 720h = 0.10: 4,320 x 10 = 43,200 bad: a ticket only. */
	w = series(&o, NULL);
	feed(w, T0, n, 10000, bad_last_3d_10);
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	close_to(r.consumed, 0.10, 1e-12);
	close_to(r.window.sli, 1 - 43200.0 / 432000000, 1e-15);
	assert_false(r.alerts[0].firing);
	assert_false(r.alerts[1].firing);
	assert_true(r.alerts[2].firing);
	assert_int_equal(r.status, SLO_STATE_WARNING);
	slo_window_free(w);
}

static uint64_t bad_last_5m_20(int m, int n) { return m >= n - 5 ? 20 : 0; }
static uint64_t bad_hour_then_clean_5m(int m, int n) { return m >= n - 60 && m < n - 5 ? 20 : 0; }
static uint64_t bad_last_hour_20(int m, int n) { return m >= n - 60 ? 20 : 0; }
static uint64_t bad_last_hour_143(int m, int n) { return m >= n - 60 ? 143 : 0; }

static void
test_alert_needs_both_windows(void **state)
{
	const int n = 1440;
	slo_ns at = T0 + (n - 1) * MIN;
	slo_objective o;
	slo_window *w;
	slo_result r;

	(void)state;
	google30(&o, 0.999);
	/* Short window alone: 5m at 2 % (burn 20), the hour at 100/60,000
	 * (burn 1.667): no page. */
	w = series(&o, NULL);
	feed(w, T0, n, 1000, bad_last_5m_20);
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	close_to(r.alerts[0].short_w.burn, 20, 1e-12);
	close_to(r.alerts[0].long_w.burn, 100.0 / 60000 / 0.001, 1e-12);
	assert_false(r.alerts[0].firing);
	assert_int_equal(r.status, SLO_STATE_OK);
	slo_window_free(w);
	/* Long window alone: 55 bad minutes then 5 clean ones (1h burn
	 * 1,100 / 60,000 / 0.001 = 18.33, 5m burn 0): no page. */
	w = series(&o, NULL);
	feed(w, T0, n, 1000, bad_hour_then_clean_5m);
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	close_to(r.alerts[0].long_w.burn, 1100.0 / 60000 / 0.001, 1e-12);
	assert_true(r.alerts[0].short_w.has_data);
	assert_true(r.alerts[0].short_w.burn == 0);
	assert_false(r.alerts[0].firing);
	slo_window_free(w);
	/* Both: the whole hour at 2 %: page. */
	w = series(&o, NULL);
	feed(w, T0, n, 1000, bad_last_hour_20);
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	assert_true(r.alerts[0].firing);
	assert_int_equal(r.status, SLO_STATE_BREACHED);
	slo_window_free(w);
	/* Just under the threshold: 143 / 10,000 = burn 14.3 < 14.4. */
	w = series(&o, NULL);
	feed(w, T0, n, 10000, bad_last_hour_143);
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	close_to(r.alerts[0].long_w.burn, 14.3, 1e-12);
	assert_false(r.alerts[0].firing);
	slo_window_free(w);
}

static void
test_no_data(void **state)
{
	slo_objective o;
	slo_window *w;
	slo_result r;
	size_t i;

	(void)state;
	google30(&o, 0.999);
	w = series(&o, NULL);
	assert_int_equal(slo_evaluate(&o, w, T0, &r), SLO_OK);
	assert_int_equal(r.status, SLO_STATE_NO_DATA);
	assert_false(r.window.has_data);
	assert_false(r.has_exhaustion);
	assert_false(isnan(r.window.sli) || isnan(r.consumed) ||
	    isnan(r.remaining) || isnan(r.window.burn));
	assert_int_equal(r.nalerts, 3);
	for (i = 0; i < r.nalerts; i++) {
		assert_false(r.alerts[i].firing);
		assert_false(r.alerts[i].long_w.has_data);
		assert_false(isnan(r.alerts[i].long_w.burn));
	}
	/* Events, but all older than the window at `at`: no data too. */
	assert_int_equal(slo_window_add(w, T0, 0, 5), SLO_OK);
	assert_int_equal(slo_evaluate(&o, w, T0 + 30 * DAY, &r), SLO_OK);
	assert_int_equal(r.status, SLO_STATE_NO_DATA);
	assert_int_equal(slo_evaluate(&o, w, SLO_NS_NONE, &r), SLO_EINVAL);
	o.target = 1;
	assert_int_equal(slo_evaluate(&o, w, T0, &r), SLO_EINVAL);
	slo_window_free(w);
}

static void
test_sli_equal_target_is_met(void **state)
{
	slo_objective o;
	slo_window *w;
	slo_result r;

	(void)state;
	slo_objective_init(&o);
	o.target = 0.999;
	o.window = HOUR;
	w = series(&o, NULL);
	/* 999 of 1,000: SLI = target exactly, budget just spent: met. */
	assert_int_equal(slo_window_add(w, T0, 999, 1000), SLO_OK);
	assert_int_equal(slo_evaluate(&o, w, T0, &r), SLO_OK);
	assert_true(r.window.sli == 0.999);
	close_to(r.consumed, 1, 1e-12);
	assert_int_equal(r.status, SLO_STATE_OK);
	/* One more bad: 999 of 1,001 < 0.999: breached, remaining < 0. */
	assert_int_equal(slo_window_add(w, T0, 0, 1), SLO_OK);
	assert_int_equal(slo_evaluate(&o, w, T0, &r), SLO_OK);
	assert_int_equal(r.status, SLO_STATE_BREACHED);
	/* consumed = 2 / (0.001 x 1001) = 1.998 */
	close_to(r.consumed, 2 / 1.001, 1e-12);
	assert_true(r.remaining < 0);
	assert_true(r.has_exhaustion && r.exhaustion == 0);
	slo_window_free(w);
}

/*
 * Timeslices worked by hand.  Slices of 1m, slice target 0.95, SLO target
 * 0.8, a 10-minute window of minutes m0..m9 with (good/total):
 *   m0 20/20 = 1.00  good      m5  0/3  = 0.00  bad
 *   m1 19/20 = 0.95  good (>=) m6  -            empty
 *   m2 18/20 = 0.90  bad       m7 100/100 = 1   good
 *   m3 -             empty     m8, m9 -         empty
 *   m4  1/1  = 1.00  good
 * Timeslices: 6 slices with data, 4 good, 2 bad, 4 empty; SLI = 4/6;
 * allowed = 0.2 x 6 = 1.2 slices; consumed = 2 / 1.2 = 1.6667 -> breached.
 * Ratio timeslices: mean(1, .95, .9, 1, 0, 1) = 4.85 / 6 = 0.80833 >= 0.8
 * -> ok; bad = 6 - 4.85 = 1.15; consumed = 1.15 / 1.2 = 0.95833.
 * Occurrences: 158 / 164 = 0.96341.
 */
static void
test_timeslices_by_hand(void **state)
{
	static const uint64_t g[10] = { 20, 19, 18, 0, 1, 0, 0, 100, 0, 0 };
	static const uint64_t t[10] = { 20, 20, 20, 0, 1, 3, 0, 100, 0, 0 };
	slo_ns at = T0 + 9 * MIN + 59 * SEC;
	slo_objective o;
	slo_window *w;
	slo_result r;
	int i;

	(void)state;
	slo_objective_init(&o);
	o.target = 0.8;
	o.window = 10 * MIN;
	o.budgeting = SLO_BUDGET_TIMESLICES;
	o.slice = MIN;
	o.slice_target = 0.95;
	w = series(&o, NULL);
	for (i = 0; i < 10; i++)
		assert_int_equal(slo_window_add(w, T0 + i * MIN, g[i], t[i]), SLO_OK);
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	assert_int_equal(r.window.slices_total, 6);
	assert_int_equal(r.window.slices_good, 4);
	assert_int_equal(r.window.slices_empty, 4);
	assert_int_equal(r.window.events_good, 158);
	assert_int_equal(r.window.events_total, 164);
	close_to(r.window.sli, 4.0 / 6, 1e-15);
	close_to(r.allowed, 1.2, 1e-12);
	close_to(r.consumed, 2 / 1.2, 1e-12);
	close_to(r.remaining, 1 - 2 / 1.2, 1e-12);
	close_to(r.window.burn, (2.0 / 6) / 0.2, 1e-12);
	assert_int_equal(r.status, SLO_STATE_BREACHED);

	o.budgeting = SLO_BUDGET_RATIO_TIMESLICES;
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	/* Issue 15.9: the perfect slices m0, m4 and m7 are good. */
	assert_int_equal(r.window.slices_good, 3);
	assert_int_equal(r.window.slices_total, 6);
	assert_int_equal(r.window.slices_empty, 4);
	close_to(r.window.sli, 4.85 / 6, 1e-15);
	close_to(r.consumed, 1.15 / 1.2, 1e-12);
	close_to(r.remaining, 1 - 1.15 / 1.2, 1e-12);
	assert_int_equal(r.status, SLO_STATE_OK);

	o.budgeting = SLO_BUDGET_OCCURRENCES;
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	close_to(r.window.sli, 158.0 / 164, 1e-15);
	assert_int_equal(r.status, SLO_STATE_OK);

	/*
	 * Slices of 5m cut from the epoch and clipped: the 10m window at
	 * T0+12:10 is [T0+3m, T0+13m): slices [3,5) [5,10) [10,13).  With
	 * the minutes above: [3,5) holds m4 (1/1, good), [5,10) holds m5 and
	 * m7 (100/103 = 0.9709, good), [10,13) nothing.
	 */
	o.budgeting = SLO_BUDGET_TIMESLICES;
	o.slice = 5 * MIN;
	assert_int_equal(slo_evaluate(&o, w, T0 + 12 * MIN + 10 * SEC, &r), SLO_OK);
	assert_int_equal(r.window.from, T0 + 3 * MIN);
	assert_int_equal(r.window.slices_total, 2);
	assert_int_equal(r.window.slices_good, 2);
	assert_int_equal(r.window.slices_empty, 1);
	slo_window_free(w);
}

static uint64_t one_in_2000(int m, int n) { (void)m; (void)n; return 1; }
static uint64_t bad_early(int m, int n) { (void)n; return m < 600 ? 1 : 0; }

static void
test_exhaustion(void **state)
{
	const int n = 30 * 1440;
	slo_ns at = T0 + (n - 1) * MIN;
	slo_objective o;
	slo_window *w;
	slo_result r;

	(void)state;
	google30(&o, 0.999);
	/*
	 * A steady burn of 0.5 (1 of 2,000 against 1 of 1,000 allowed) for
	 * 30 days spends half the budget; at that burn the other half lasts
	 * 0.5 x 30d / 0.5 = 30 days.
	 */
	w = series(&o, NULL);
	feed(w, T0, n, 2000, one_in_2000);
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	close_to(r.consumed, 0.5, 1e-12);
	assert_true(r.has_exhaustion);
	close_to((double)r.exhaustion, (double)(30 * DAY), 1e-9);
	assert_int_equal(r.status, SLO_STATE_OK);
	slo_window_free(w);
	/* Bad minutes only long ago: the last hour burns 0, no projection. */
	w = series(&o, NULL);
	feed(w, T0, n, 2000, bad_early);
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	assert_false(r.has_exhaustion);
	/* The same with a 30-day exhaustion window: burn = 600 / 86.4e6 /
	 * 0.001; remaining = 1 - 600 / 86,400; 30d x remaining / burn. */
	o.exhaustion_window = 30 * DAY;
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	assert_true(r.has_exhaustion);
	close_to((double)r.exhaustion, 30.0 * DAY * (1 - 600.0 / 86400) /
	    (600.0 / 86.4e6 / 0.001), 1e-9);
	slo_window_free(w);
}

static void
test_calendar_month_paris(void **state)
{
	/* python3: datetime(2026,10,1,tzinfo=ZoneInfo("Europe/Paris"))
	 * .timestamp() = 1790805600 (2026-09-30T22:00:00Z). */
	const slo_ns oct1 = 1790805600LL * SEC;
	slo_objective o;
	slo_window *w;
	slo_result r;
	slo_error err;
	slo_tz *tz = slo_tz_new("Europe/Paris", &err);

	(void)state;
	assert_non_null(tz);
	google30(&o, 0.99);
	o.window = 0;
	o.calendar = SLO_CAL_MONTH;
	w = series(&o, tz);
	/* September 30, 23:59 Paris: all bad; October 1, 00:00: all good. */
	assert_int_equal(slo_window_add(w, oct1 - MIN, 0, 50), SLO_OK);
	assert_int_equal(slo_window_add(w, oct1, 100, 100), SLO_OK);
	assert_int_equal(slo_evaluate(&o, w, oct1 + 30 * SEC, &r), SLO_OK);
	assert_int_equal(r.window.from, oct1);
	assert_int_equal(r.window.events_total, 100);
	assert_true(r.window.sli == 1);
	/* The 1h page window still sees September's last minute. */
	assert_int_equal(r.alerts[0].long_w.events_total, 150);
	/* 5m burn = (50/150)/0.01 = 33.3 >= 14.4 on both windows: page,
	 * although the month itself is clean. */
	assert_true(r.alerts[0].firing);
	assert_int_equal(r.status, SLO_STATE_BREACHED);
	/* A day later the month alone counts: ok. */
	assert_int_equal(slo_window_add(w, oct1 + DAY, 10, 10), SLO_OK);
	assert_int_equal(slo_evaluate(&o, w, oct1 + DAY, &r), SLO_OK);
	assert_int_equal(r.window.events_total, 110);
	assert_int_equal(r.status, SLO_STATE_OK);
	assert_false(r.has_exhaustion); /* burn 0 */
	/*
	 * Exhaustion is projected over the whole month, 31 days + 1 hour
	 * (CEST -> CET on Oct 25).  11 more events, 1 bad: the last hour
	 * holds 1 bad of 21, burn (1/21)/0.01; the month 1 bad of 121,
	 * remaining = 1 - 1/(0.01 x 121).
	 */
	assert_int_equal(slo_window_add(w, oct1 + DAY, 10, 11), SLO_OK);
	assert_int_equal(slo_evaluate(&o, w, oct1 + DAY, &r), SLO_OK);
	close_to(r.remaining, 1 - 1 / 1.21, 1e-12);
	assert_true(r.has_exhaustion);
	close_to((double)r.exhaustion, (1 - 1 / 1.21) *
	    (double)(31 * DAY + HOUR) / ((1.0 / 21) / 0.01), 1e-9);
	slo_window_free(w);
	slo_tz_free(tz);
}

static uint64_t bad_hour5(int m, int n) { (void)n; return m >= 300 && m < 360 ? 1 : 0; }

static void
test_report_series(void **state)
{
	slo_objective o;
	slo_window *w;
	slo_result r;
	slo_report_point pts[25];
	size_t n, i;
	slo_ns at = T0 + DAY - MIN;

	(void)state;
	slo_objective_init(&o);
	o.target = 0.999;
	o.window = DAY;
	w = series(&o, NULL);
	/* 100 a minute for a day, 1 bad a minute in hour 5 only: 60 bad;
	 * allowed = 0.001 x 144,000 = 144; remaining = 1 - 60/144. */
	feed(w, T0, 1440, 100, bad_hour5);
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	close_to(r.remaining, 1 - 60.0 / 144, 1e-12);
	n = slo_report_steps(&o, w, at, HOUR);
	assert_int_equal(n, 24);
	assert_int_equal(slo_report_series(&o, w, at, HOUR, pts, 23), SLO_EINVAL);
	assert_int_equal(slo_report_series(&o, w, at, HOUR, pts, n), SLO_OK);
	for (i = 0; i < n; i++) {
		assert_int_equal(pts[i].tally.from, T0 + (slo_ns)i * HOUR);
		assert_int_equal(pts[i].tally.events_total, 6000);
		if (i < 5)
			assert_true(pts[i].remaining == 1);
		else
			close_to(pts[i].remaining, 1 - 60.0 / 144, 1e-12);
	}
	close_to(pts[5].tally.burn, (60.0 / 6000) / 0.001, 1e-12); /* 10x */
	assert_true(pts[4].tally.burn == 0);
	assert_true(pts[n - 1].remaining == r.remaining);
	/* Mid-hour: the first and the last step are clipped. */
	at += 30 * MIN;
	n = slo_report_steps(&o, w, at, HOUR);
	assert_int_equal(n, 25);
	assert_int_equal(slo_report_series(&o, w, at, HOUR, pts, n), SLO_OK);
	assert_int_equal(pts[0].tally.from, T0 + 30 * MIN);
	assert_int_equal(pts[0].tally.to, T0 + HOUR);
	assert_int_equal(pts[0].tally.events_total, 3000);
	assert_int_equal(pts[n - 1].tally.to, T0 + DAY + 30 * MIN);
	assert_int_equal(pts[n - 1].tally.events_total, 0);
	assert_false(pts[n - 1].tally.has_data);
	/* A step that is not whole buckets is refused. */
	assert_int_equal(slo_report_steps(&o, w, at, 90 * SEC), 0);
	/*
	 * Timeslices of 2h (good when >= 0.999), target 0.9, asked per hour:
	 * the step becomes 2h so that slices nest.  Slice [04:00, 06:00)
	 * holds hour 5's 60 bad of 12,000 (0.995): bad; the 11 others good.
	 * allowed = 0.1 x 12 = 1.2 slices; remaining = 1 - 1/1.2 after it.
	 */
	at = T0 + DAY - MIN;
	o.target = 0.9;
	o.budgeting = SLO_BUDGET_TIMESLICES;
	o.slice = 2 * HOUR;
	o.slice_target = 0.999;
	n = slo_report_steps(&o, w, at, HOUR);
	assert_int_equal(n, 12);
	assert_int_equal(slo_report_series(&o, w, at, HOUR, pts, n), SLO_OK);
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	close_to(r.remaining, 1 - 1 / 1.2, 1e-12);
	for (i = 0; i < n; i++) {
		assert_int_equal(pts[i].tally.to - pts[i].tally.from, 2 * HOUR);
		assert_int_equal(pts[i].tally.slices_total, 1);
		if (i < 2)
			assert_true(pts[i].remaining == 1);
		else
			close_to(pts[i].remaining, 1 - 1 / 1.2, 1e-12);
	}
	assert_int_equal(pts[2].tally.slices_good, 0);
	slo_window_free(w);
}

static void
test_window_config(void **state)
{
	slo_objective o;
	slo_window_config cfg;

	(void)state;
	google30(&o, 0.999);
	o.window = 7 * DAY;
	slo_objective_window_config(&o, MIN, NULL, 0, 0, &cfg);
	assert_int_equal(cfg.span, 7 * DAY);
	o.window = DAY; /* the 3d ticket window is longer */
	slo_objective_window_config(&o, MIN, NULL, 0, 0.01, &cfg);
	assert_int_equal(cfg.span, 3 * DAY);
	assert_true(cfg.sketch_alpha == 0.01);
	slo_objective_window_config(&o, MIN, NULL, 10 * DAY + 30 * SEC, 0, &cfg);
	assert_int_equal(cfg.span, 10 * DAY + MIN); /* rounded up */
	slo_objective_init(&o);
	o.target = 0.9;
	o.window = 5 * MIN; /* the default exhaustion window, 1h, is longer */
	slo_objective_window_config(&o, MIN, NULL, 0, 0, &cfg);
	assert_int_equal(cfg.span, HOUR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policies),
		cmocka_unit_test(test_budget_fraction),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_workbook_budget_shares),
		cmocka_unit_test(test_alert_needs_both_windows),
		cmocka_unit_test(test_no_data),
		cmocka_unit_test(test_sli_equal_target_is_met),
		cmocka_unit_test(test_timeslices_by_hand),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_calendar_month_paris),
		cmocka_unit_test(test_report_series),
		cmocka_unit_test(test_window_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
