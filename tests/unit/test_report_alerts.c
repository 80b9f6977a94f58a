/*
 * test_report_alerts.c — the alert state of each report step
 * (slo_report_alerts, lib/math/slo_report_alerts.h) that the html report
 * marks on its burn-rate chart, against a hand computation.
 *
 * One day, 2026-12-01, one event a minute, the 60 of 05:00-05:59 bad; a
 * 1d window at 99 % (budget 1 %), 1m buckets, 1h steps: 24 steps, step i
 * ending at (i + 1):00.  At --at 23:59:30 the series keeps the day.
 *   rule 0, page 10x over 1h and 5m: at a step's end e the 1h window
 *     [e - 1h, e) is all bad only for e = 06:00 (burn 1 / 0.01 = 100), and
 *     all good elsewhere (burn 0): fires at step 5 only.  Every step's
 *     1h window lies in the day: all known.
 *   rule 1, ticket 5x over 6h and 30m: the 30m window holds bad events only
 *     at e = 06:00 (30 of 30, burn 100); there the 6h window has 60 bad of
 *     360 (burn 16.7 >= 5): fires at step 5 only.  Steps 0-4 end before
 *     06:00, so their 6h windows start before the day, which the series
 *     does not hold: not known.
 *   rule 2, page 200x over 1h and 5m: burn 100 never reaches it.
 * The last step's state is the verdict's own: slo_evaluate() at 23:59:30.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "slo_report_alerts.h"

static slo_ns
t(const char *s)
{
	slo_ns v;
	size_t pos;

	assert_int_equal(slo_time_parse(s, strlen(s), &v, &pos), SLO_OK);
	return v;
}

static void
test_hand_day(void **state)
{
	slo_objective o;
	slo_window_config cfg;
	slo_window *w;
	slo_report_alert out[24];
	slo_result r;
	slo_ns day = t("2026-12-01T00:00:00Z"), at = t("2026-12-01T23:59:30Z");
	size_t n;

	(void)state;
	memset(&o, 0, sizeof o);
	o.target = 0.99;
	o.window = 24 * SLO_NS_PER_HOUR;
	o.budgeting = SLO_BUDGET_OCCURRENCES;
	o.rules[0] = (slo_burn_rule){ SLO_SEV_PAGE, SLO_NS_PER_HOUR,
	    5 * SLO_NS_PER_MIN, 10 };
	o.rules[1] = (slo_burn_rule){ SLO_SEV_TICKET, 6 * SLO_NS_PER_HOUR,
	    30 * SLO_NS_PER_MIN, 5 };
	o.rules[2] = (slo_burn_rule){ SLO_SEV_PAGE, SLO_NS_PER_HOUR,
	    5 * SLO_NS_PER_MIN, 200 };
	o.nrules = 3;
	slo_objective_window_config(&o, SLO_NS_PER_MIN, NULL, 0, 0, &cfg);
	cfg.until = at;
	assert_non_null(w = slo_window_new(&cfg, NULL));
	for (int m = 0; m < 24 * 60; m++)
		assert_int_equal(slo_window_add(w, day + m * SLO_NS_PER_MIN,
		    !(m >= 5 * 60 && m < 6 * 60), 1), SLO_OK);
	n = slo_report_steps(&o, w, at, SLO_NS_PER_HOUR);
	assert_int_equal(n, 24);
	assert_int_equal(slo_report_alerts(&o, w, at, SLO_NS_PER_HOUR, out, n),
	    SLO_OK);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(out[i].firing, i == 5 ? 3u : 0u);
		assert_int_equal(out[i].known, i < 5 ? 5u : 7u);
	}
	/* the last step is the verdict's own instant */
	assert_int_equal(slo_evaluate(&o, w, at, &r), SLO_OK);
	for (size_t a = 0; a < 3; a++)
		assert_int_equal(r.alerts[a].firing, (out[23].firing >> a) & 1);
	/* n other than slo_report_steps() */
	assert_int_equal(slo_report_alerts(&o, w, at, SLO_NS_PER_HOUR, out, 23),
	    SLO_EINVAL);
	slo_window_free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_day),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
