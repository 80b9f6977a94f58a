/*
 * test_openslo_foreign.c — Sloth and Pyrra specs as SLOs (lib/spec/
 * foreign.c): the numbers carried over, each against a hand computation
 * from the project's documentation or source, named at the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slo_spec.h"

/* The spec of text, finished; fails the test on any error. */
static slo_spec *
load(const char *text)
{
	slo_spec *s = slo_spec_new();
	slo_error err;

	assert_non_null(s);
	if (slo_spec_load_string(s, "t.yaml", text, strlen(text), &err) !=
	    SLO_OK || slo_spec_finish(s, &err) != SLO_OK)
		fail_msg("%ld:%ld: %s", err.line, err.col, err.msg);
	return s;
}

/* Rule i of x is {sev, long, short, burn}, burn exactly. */
static void
rule_is(const slo_spec_slo *x, size_t i, slo_severity sev, slo_ns lw,
    slo_ns sw, double burn)
{
	const slo_burn_rule *b = &x->objective.rules[i];

	assert_true(i < x->objective.nrules);
	assert_int_equal(b->severity, sev);
	assert_true(b->long_window == lw);
	assert_true(b->short_window == sw);
	assert_true(b->burn == burn);
}

#define MIN SLO_NS_PER_MIN
#define HOUR SLO_NS_PER_HOUR
#define DAY SLO_NS_PER_DAY

static const char sloth[] =
    "version: \"prometheus/v1\"\n"
    "service: \"myservice\"\n"
    "slos:\n"
    "  - name: \"requests-availability\"\n"
    "    objective: 99.9\n"
    "    sli:\n"
    "      events:\n"
    "        error_query: e\n"
    "        total_query: t\n";

/*
 * Sloth: name SERVICE-NAME, 30 rolling days (Sloth's default SLO period,
 * https://sloth.dev/usage/slo-period-windows/), and its 30-day windows:
 * budget shares 2 %, 5 %, 10 %, 10 % over 1h, 6h, 1d, 3d, burn = share
 * x 720h / long: 0.02 x 720 = 14.4, 0.05 x 720 / 6 = 6, 0.1 x 720 / 24
 * = 3, 0.1 x 720 / 72 = 1.  The SLI names a Prometheus query with no
 * mapping: valid, not evaluable.
 */
static void
test_sloth(void **state)
{
	slo_spec *s = load(sloth);
	const slo_spec_slo *x = slo_spec_get(s, 0);

	(void)state;
	assert_int_equal(slo_spec_count(s), 1);
	assert_string_equal(x->name, "myservice-requests-availability");
	assert_string_equal(x->service, "myservice");
	assert_true(x->objective.target == 0.999);
	assert_true(x->objective.window == 30 * DAY);
	assert_int_equal(x->objective.nrules, 4);
	rule_is(x, 0, SLO_SEV_PAGE, HOUR, 5 * MIN, 14.4);
	rule_is(x, 1, SLO_SEV_PAGE, 6 * HOUR, 30 * MIN, 6);
	rule_is(x, 2, SLO_SEV_TICKET, DAY, 2 * HOUR, 3);
	rule_is(x, 3, SLO_SEV_TICKET, 3 * DAY, 6 * HOUR, 1);
	assert_string_equal(x->alert_policy, "sloth-30d");
	assert_non_null(x->unevaluable);
	slo_spec_free(s);
}

/* page_alert disable: the ticket rules alone; mapped, it evaluates. */
static void
test_sloth_disable(void **state)
{
	char text[1024];
	slo_spec *s;
	const slo_spec_slo *x;

	(void)state;
	snprintf(text, sizeof text, "%s    alerting:\n"
	    "      page_alert: {disable: true}\n---\nsources:\n"
	    "  - {query: e, where: status >= 500}\n"
	    "  - {query: t, where: \"true\"}\n", sloth);
	s = load(text);
	x = slo_spec_get(s, 0);
	assert_int_equal(x->objective.nrules, 2);
	rule_is(x, 0, SLO_SEV_TICKET, DAY, 2 * HOUR, 3);
	rule_is(x, 1, SLO_SEV_TICKET, 3 * DAY, 6 * HOUR, 1);
	assert_null(x->unevaluable);
	assert_non_null(x->bad);
	assert_null(x->good);
	assert_non_null(x->where);
	slo_spec_free(s);
}

/*
 * Sloth's Kubernetes form (examples/k8s-getting-started.yml, camelCase
 * keys of pkg/kubernetes/api/sloth/v1/types.go) is the same SLO as
 * test_sloth_disable's: pageAlert disable leaves Sloth's two ticket
 * rules for 30 days (10 % in 1d: 0.1 x 720 / 24 = 3; in 3d: 1).
 */
static void
test_sloth_k8s(void **state)
{
	static const char text[] =
	    "apiVersion: sloth.slok.dev/v1\n"
	    "kind: PrometheusServiceLevel\n"
	    "metadata: {name: m, namespace: monitoring}\n"
	    "spec:\n"
	    "  service: svc\n"
	    "  slos:\n"
	    "    - name: avail\n"
	    "      objective: 99.9\n"
	    "      sli: {events: {errorQuery: e, totalQuery: t}}\n"
	    "      alerting: {name: A, pageAlert: {disable: true}}\n"
	    "---\nsources:\n"
	    "  - {query: e, where: status >= 500}\n"
	    "  - {query: t, where: \"true\"}\n";
	slo_spec *s;
	const slo_spec_slo *x;

	(void)state;
	s = load(text);
	x = slo_spec_get(s, 0);
	assert_string_equal(x->name, "svc-avail");
	assert_true(x->objective.target == 0.999);
	assert_true(x->objective.window == 30 * DAY);
	assert_int_equal(x->objective.nrules, 2);
	rule_is(x, 0, SLO_SEV_TICKET, DAY, 2 * HOUR, 3);
	rule_is(x, 1, SLO_SEV_TICKET, 3 * DAY, 6 * HOUR, 1);
	assert_null(x->unevaluable);
	assert_non_null(x->bad);
	assert_non_null(x->where);
	slo_spec_free(s);
}

static slo_spec *
pyrra(const char *target, const char *window)
{
	char text[1024];

	snprintf(text, sizeof text,
	    "apiVersion: pyrra.dev/v1alpha1\n"
	    "kind: ServiceLevelObjective\n"
	    "metadata: {name: p}\n"
	    "spec:\n"
	    "  target: \"%s\"\n"
	    "  window: %s\n"
	    "  indicator: {ratio: {errors: {metric: e}, total: {metric: t}}}\n",
	    target, window);
	return load(text);
}

/*
 * Pyrra's windows (slo/rules.go, Windows): for 28d exactly its
 * documented 1h/5m x14, 6h/30m x7, 1d/2h x2, 4d/6h x1; critical pages,
 * warning is a ticket.  target "99.5" is 99.5e-2, the double nearest
 * 0.995.
 */
static void
test_pyrra_28d(void **state)
{
	slo_spec *s = pyrra("99.5", "28d");
	const slo_spec_slo *x = slo_spec_get(s, 0);

	(void)state;
	assert_true(x->objective.target == 0.995);
	assert_true(x->objective.window == 28 * DAY);
	assert_int_equal(x->objective.nrules, 4);
	rule_is(x, 0, SLO_SEV_PAGE, HOUR, 5 * MIN, 14);
	rule_is(x, 1, SLO_SEV_PAGE, 6 * HOUR, 30 * MIN, 7);
	rule_is(x, 2, SLO_SEV_TICKET, DAY, 2 * HOUR, 2);
	rule_is(x, 3, SLO_SEV_TICKET, 4 * DAY, 6 * HOUR, 1);
	assert_string_equal(x->alert_policy, "pyrra-28d");
	slo_spec_free(s);
}

/*
 * Scaled to 1d = 86400 s and rounded to the minute, halves away from
 * zero (Go's Duration.Round):
 *   86400/672  = 128.57 s ->   2m;  86400/8064 = 10.71 s -> 0: left out
 *   86400/112  = 771.43 s ->  13m;  86400/1344 = 64.29 s  -> 1m
 *   86400/28   = 3085.7 s ->  51m;  86400/336  = 257.14 s -> 4m
 *   86400/7    = 12342.9 s -> 206m; 86400/112  = 771.43 s -> 13m
 * and for 2w: 1209600/8064 = 150 s, exactly half: 3m.
 */
static void
test_pyrra_scaled(void **state)
{
	slo_spec *s = pyrra("99", "1d");
	const slo_spec_slo *x = slo_spec_get(s, 0);

	(void)state;
	assert_int_equal(x->objective.nrules, 3);
	rule_is(x, 0, SLO_SEV_PAGE, 13 * MIN, MIN, 7);
	rule_is(x, 1, SLO_SEV_TICKET, 51 * MIN, 4 * MIN, 2);
	rule_is(x, 2, SLO_SEV_TICKET, 206 * MIN, 13 * MIN, 1);
	slo_spec_free(s);
	s = pyrra("99", "2w");
	x = slo_spec_get(s, 0);
	assert_int_equal(x->objective.nrules, 4);
	rule_is(x, 0, SLO_SEV_PAGE, 30 * MIN, 3 * MIN, 14);
	slo_spec_free(s);
}

/* The loader's errors, positioned: a target out of range, a bad kind. */
static void
test_pyrra_errors(void **state)
{
	static const char bad[] =
	    "apiVersion: pyrra.dev/v1alpha1\n"
	    "kind: ServiceLevelObjective\n"
	    "metadata: {name: p}\n"
	    "spec:\n"
	    "  target: \"0\"\n"
	    "  window: 28d\n"
	    "  indicator: {ratio: {errors: {metric: e}, total: {metric: t}}}\n";
	slo_spec *s = slo_spec_new();
	slo_error err;

	(void)state;
	assert_int_equal(slo_spec_load_string(s, "t.yaml", bad, strlen(bad),
	    &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_ERANGE);
	assert_int_equal(err.line, 5);
	assert_int_equal(err.col, 11);
	assert_non_null(strstr(err.msg, "target '0' out of range"));
	slo_spec_free(s);
}

/*
 * slo_threshold_good(), the one predicate of slo-eval and rollup rows:
 * at the threshold, lte and gte are good and lt and gt bad (OpenSLO's
 * objectives[].op read as the comparison of value with threshold); a
 * value that is not a finite number is bad for every op.
 */
static void
test_threshold_boundary(void **state)
{
	(void)state;
	/* lt (0, 0), lte (1, 0), gt (0, 1), gte (1, 1) at v == t */
	assert_false(slo_threshold_good(300, 300, 0, 0));
	assert_true(slo_threshold_good(300, 300, 1, 0));
	assert_false(slo_threshold_good(300, 300, 0, 1));
	assert_true(slo_threshold_good(300, 300, 1, 1));
	/* one either side */
	assert_true(slo_threshold_good(299, 300, 0, 0));
	assert_false(slo_threshold_good(301, 300, 1, 0));
	assert_true(slo_threshold_good(301, 300, 0, 1));
	assert_false(slo_threshold_good(299, 300, 1, 1));
	assert_false(slo_threshold_good(NAN, 300, 1, 1));
	assert_false(slo_threshold_good(INFINITY, 300, 1, 1));
	assert_false(slo_threshold_good(-INFINITY, 300, 1, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sloth),
		cmocka_unit_test(test_sloth_disable),
		cmocka_unit_test(test_sloth_k8s),
		cmocka_unit_test(test_pyrra_28d),
		cmocka_unit_test(test_pyrra_scaled),
		cmocka_unit_test(test_pyrra_errors),
		cmocka_unit_test(test_threshold_boundary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
