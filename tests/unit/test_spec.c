/* test_spec.c — SLO spec loading, slokit form and OpenSLO (slo_spec.h). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slo_spec.h"

#define FIX "tests/unit/fixtures/spec/"

static slo_event
request(const char *service, const char *route, int status)
{
	slo_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_REQUEST;
	ev.has = SLO_HAS_STATUS;
	ev.service = service;
	ev.route = route;
	ev.status = status;
	ev.ok = status < 500;
	return ev;
}

static const slo_spec_slo *
get(const slo_spec *s, size_t i)
{
	const slo_spec_slo *x = slo_spec_get(s, i);

	assert_non_null(x);
	return x;
}

/* ---- the slokit form, every key --------------------------------------- */

static void
test_full(void **state)
{
	slo_error err;
	slo_spec *s = slo_spec_new();
	const slo_spec_slo *x;
	const slo_ydoc *d;
	const slo_ynode *n;
	slo_event ev;

	(void)state;
	assert_int_equal(slo_spec_load_file(s, FIX "full.yaml", &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_OK);
	assert_int_equal(slo_spec_count(s), 4);

	x = get(s, 0);
	assert_string_equal(x->name, "checkout-availability");
	assert_string_equal(x->description,
	    "checkout answers without a server error");
	assert_string_equal(x->service, "checkout");
	assert_null(x->display_name);
	/* service is folded into where */
	assert_string_equal(slo_expr_source(x->where),
	    "service == \"checkout\" && (route != \"/healthz\")");
	ev = request("checkout", "/pay", 200);
	assert_true(slo_expr_match_event(x->where, &ev));
	ev = request("checkout", "/healthz", 200);
	assert_false(slo_expr_match_event(x->where, &ev));
	ev = request("shop", "/pay", 200);
	assert_false(slo_expr_match_event(x->where, &ev));
	assert_int_equal(x->sli, SLO_SPEC_SLI_RATIO);
	assert_string_equal(slo_expr_source(x->good), "status < 500");
	assert_null(x->bad);
	assert_null(x->latency_field);
	assert_int_equal(x->nquantiles, 0);
	assert_true(x->objective.target == 0.999); /* 99.9 %, exactly 0.999 */
	assert_true(x->objective.window == 30 * SLO_NS_PER_DAY);
	assert_int_equal(x->objective.calendar, SLO_CAL_NONE);
	assert_null(x->tz);
	assert_null(x->timezone);
	assert_int_equal(x->objective.budgeting, SLO_BUDGET_OCCURRENCES);
	assert_true(x->objective.slice == 0);
	assert_int_equal(x->ngroup_by, 2);
	assert_string_equal(x->group_by[0], "route");
	assert_string_equal(x->group_by[1], "labels.tenant");
	assert_string_equal(slo_expr_path(x->group_exprs[1]), "labels.tenant");
	assert_string_equal(x->alert_policy, "google-30d");
	assert_int_equal(x->alerts_defaulted, 0);
	/* google-30d, SRE Workbook ch. 5: 14.4x 1h/5m, 6x 6h/30m, 1x 3d/6h */
	assert_int_equal(x->objective.nrules, 3);
	assert_int_equal(x->objective.rules[0].severity, SLO_SEV_PAGE);
	assert_true(x->objective.rules[0].burn == 14.4);
	assert_true(x->objective.rules[0].long_window == SLO_NS_PER_HOUR);
	assert_true(x->objective.rules[0].short_window == 5 * SLO_NS_PER_MIN);
	assert_int_equal(x->objective.rules[2].severity, SLO_SEV_TICKET);
	assert_string_equal(x->file, FIX "full.yaml");
	assert_int_equal(x->line, 3);
	assert_int_equal(x->col, 5);
	assert_int_equal(x->openslo, 0);

	x = get(s, 1);
	assert_string_equal(x->name, "checkout-latency");
	assert_null(x->service);
	assert_string_equal(slo_expr_source(x->where), "service == \"checkout\"");
	assert_int_equal(x->sli, SLO_SPEC_SLI_LATENCY);
	assert_null(x->good);
	assert_null(x->bad);
	assert_string_equal(x->latency_path, "latency_ms");
	assert_true(x->latency_threshold == 300); /* 300ms in ms */
	assert_int_equal(x->latency_inclusive, 0); /* op: lt */
	assert_int_equal(x->nquantiles, 3); /* sorted */
	assert_true(x->quantiles[0] == 0.5);
	assert_true(x->quantiles[1] == 0.9);
	assert_true(x->quantiles[2] == 0.99);
	assert_true(x->objective.target == 0.99);
	assert_true(x->objective.window == 28 * SLO_NS_PER_DAY);
	/* no alerts key, a 28d window: google-28d (13.44 = 14.4 x 28 / 30) */
	assert_string_equal(x->alert_policy, "google-28d");
	assert_int_equal(x->alerts_defaulted, 1);
	assert_int_equal(x->objective.nrules, 3);
	assert_true(fabs(x->objective.rules[0].burn - 13.44) < 1e-12);

	x = get(s, 2);
	assert_string_equal(x->name, "checkout-monthly");
	assert_null(x->where);
	assert_null(x->good);
	assert_string_equal(slo_expr_source(x->bad), "status >= 500");
	assert_true(x->objective.target == 0.995);
	assert_int_equal(x->objective.calendar, SLO_CAL_MONTH);
	assert_true(x->objective.window == 0);
	assert_string_equal(x->timezone, "Europe/Paris");
	assert_non_null(x->tz);
	assert_int_equal(x->objective.budgeting, SLO_BUDGET_TIMESLICES);
	assert_true(x->objective.slice == 5 * SLO_NS_PER_MIN);
	assert_true(x->objective.slice_target == 0.95);
	assert_null(x->alert_policy);
	assert_int_equal(x->alerts_defaulted, 0);
	assert_int_equal(x->objective.nrules, 2);
	assert_int_equal(x->objective.rules[1].severity, SLO_SEV_TICKET);
	assert_true(x->objective.rules[1].long_window == 3 * SLO_NS_PER_DAY);
	assert_true(x->objective.rules[1].short_window == 6 * SLO_NS_PER_HOUR);
	assert_true(x->objective.rules[1].burn == 1);

	x = get(s, 3);
	assert_string_equal(x->name, "weekly-ratio");
	assert_string_equal(slo_expr_source(x->good), "ok");
	assert_true(x->objective.target == 0.99);
	assert_int_equal(x->objective.calendar, SLO_CAL_WEEK);
	assert_string_equal(x->timezone, "UTC");
	assert_int_equal(x->objective.budgeting, SLO_BUDGET_RATIO_TIMESLICES);
	assert_true(x->objective.slice == SLO_NS_PER_HOUR);
	assert_true(x->objective.slice_target == 0);
	assert_int_equal(x->ngroup_by, 1); /* group_by: region */
	assert_string_equal(x->group_by[0], "region");
	assert_null(x->alert_policy); /* alerts: none */
	assert_int_equal(x->objective.nrules, 0);
	assert_int_equal(x->alerts_defaulted, 0);

	assert_ptr_equal(slo_spec_find(s, "checkout-monthly"), get(s, 2));
	assert_null(slo_spec_find(s, "nope"));
	assert_null(slo_spec_get(s, 4));

	/* the sections the loader keeps for flag-audit and promote-check */
	n = slo_spec_section(s, "flags", 0, &d);
	assert_non_null(n);
	assert_int_equal(n->type, SLO_Y_SEQ);
	assert_string_equal(slo_ydoc_file(d), FIX "full.yaml");
	assert_string_equal(slo_ynode_get(n->items[0], "key")->str,
	    "new-checkout");
	assert_null(slo_spec_section(s, "flags", 1, &d));
	assert_null(d);
	n = slo_spec_section(s, "promotion", 0, &d);
	assert_non_null(n);
	assert_int_equal(n->type, SLO_Y_MAP);
	assert_int_equal(n->line, 49);
	assert_null(slo_spec_section(s, "slos", 0, NULL));
	slo_spec_free(s);
	slo_spec_free(NULL);
}

/* ---- OpenSLO ---------------------------------------------------------- */

static void
test_openslo_refs(void **state)
{
	static const char *const files[] = { FIX "oslo-slo.yaml",
	    FIX "oslo-sli.yaml" };
	slo_error err;
	slo_spec *s;
	const slo_spec_slo *x;

	(void)state;
	/* the SLO's file first: references resolve across files at finish */
	s = slo_spec_load_files(files, 2, &err);
	assert_non_null(s);
	assert_int_equal(slo_spec_count(s), 1);
	x = get(s, 0);
	assert_string_equal(x->name, "checkout-availability");
	assert_string_equal(x->display_name, "Checkout availability");
	assert_string_equal(x->service, "checkout");
	assert_int_equal(x->openslo, 1);
	/* OpenSLO's service names the SLO's owner; it does not filter */
	assert_string_equal(slo_expr_source(x->where), "service == \"checkout\"");
	assert_int_equal(x->sli, SLO_SPEC_SLI_RATIO);
	assert_string_equal(slo_expr_source(x->good), "status < 500");
	assert_null(x->bad);
	assert_true(x->objective.target == 0.999);
	assert_true(x->objective.window == 30 * SLO_NS_PER_DAY);
	assert_int_equal(x->objective.calendar, SLO_CAL_NONE);
	assert_int_equal(x->objective.budgeting, SLO_BUDGET_OCCURRENCES);
	/* burn-rate conditions: long = lookbackWindow, short = long / 12 */
	assert_null(x->alert_policy);
	assert_int_equal(x->alerts_defaulted, 0);
	assert_int_equal(x->objective.nrules, 2);
	assert_int_equal(x->objective.rules[0].severity, SLO_SEV_PAGE);
	assert_true(x->objective.rules[0].burn == 14.4);
	assert_true(x->objective.rules[0].long_window == SLO_NS_PER_HOUR);
	assert_true(x->objective.rules[0].short_window == 5 * SLO_NS_PER_MIN);
	assert_int_equal(x->objective.rules[1].severity, SLO_SEV_TICKET);
	assert_true(x->objective.rules[1].burn == 1);
	assert_true(x->objective.rules[1].long_window == 3 * SLO_NS_PER_DAY);
	assert_true(x->objective.rules[1].short_window == 6 * SLO_NS_PER_HOUR);
	assert_string_equal(x->file, FIX "oslo-slo.yaml");
	assert_int_equal(x->line, 14);
	assert_int_equal(x->col, 7);
	slo_spec_free(s);

	/* without the SLI's file: the reference is an error where it is */
	s = slo_spec_load_files(files, 1, &err);
	assert_null(s);
	assert_int_equal(err.status, SLO_ENOTFOUND);
	assert_string_equal(err.file, FIX "oslo-slo.yaml");
	assert_int_equal(err.line, 8);
	assert_int_equal(err.col, 17);
	assert_string_equal(err.msg, "unknown SLI 'checkout-errors'");
}

static void
test_openslo_threshold(void **state)
{
	static const char *const files[] = { FIX "oslo-threshold.yaml" };
	slo_error err;
	slo_spec *s;
	const slo_spec_slo *x;

	(void)state;
	s = slo_spec_load_files(files, 1, &err);
	assert_non_null(s);
	x = get(s, 0);
	assert_string_equal(x->name, "checkout-latency");
	assert_int_equal(x->sli, SLO_SPEC_SLI_LATENCY);
	assert_string_equal(x->latency_path, "latency_ms");
	assert_true(x->latency_threshold == 300);
	assert_int_equal(x->latency_inclusive, 1); /* lte */
	assert_string_equal(slo_expr_source(x->where),
	    "service == \"checkout\" && route != \"/healthz\"");
	assert_true(x->objective.target == 0.99); /* targetPercent: 99 */
	assert_true(x->objective.window == 7 * SLO_NS_PER_DAY);
	assert_int_equal(x->nquantiles, 3);
	assert_true(x->quantiles[1] == 0.95);
	/* no alertPolicies: the default policy, as in the slokit form,
	 * scaled to the 7d window (issue 15.8; see test_default_policy) */
	assert_string_equal(x->alert_policy, "google-7d");
	assert_int_equal(x->alerts_defaulted, 1);
	slo_spec_free(s);
}

static void
test_openslo_calendar(void **state)
{
	static const char *const files[] = { FIX "oslo-calendar.yaml" };
	slo_error err;
	slo_spec *s;
	const slo_spec_slo *x;

	(void)state;
	s = slo_spec_load_files(files, 1, &err);
	assert_non_null(s);
	/* two objectives: two SLOs, NAME/displayName or NAME/position */
	assert_int_equal(slo_spec_count(s), 2);
	x = get(s, 0);
	assert_string_equal(x->name, "monthly/strict");
	assert_null(x->where); /* total without a where: every event */
	assert_string_equal(slo_expr_source(x->bad), "status >= 500");
	assert_int_equal(x->objective.calendar, SLO_CAL_MONTH);
	assert_string_equal(x->timezone, "America/New_York");
	assert_non_null(x->tz);
	assert_int_equal(x->objective.budgeting, SLO_BUDGET_TIMESLICES);
	assert_true(x->objective.target == 0.999);
	assert_true(x->objective.slice == SLO_NS_PER_MIN);
	assert_true(x->objective.slice_target == 0.95);
	assert_int_equal(x->objective.nrules, 0); /* alertPolicies: [] */
	assert_null(x->alert_policy);
	assert_int_equal(x->alerts_defaulted, 0);
	x = get(s, 1);
	assert_string_equal(x->name, "monthly/2");
	assert_true(x->objective.target == 0.99);
	assert_true(x->objective.slice == 5 * SLO_NS_PER_MIN);
	assert_true(x->objective.slice_target == 0.9);
	assert_int_equal(x->line, 29);
	slo_spec_free(s);
}

/* ---- errors ----------------------------------------------------------- */

struct bad {
	const char *text;
	slo_status st;
	long line, col;
	const char *msg; /* a substring of the message */
};

#define SLO_HEAD "slos:\n  - name: a\n"
/* an SLO that is fine, lines 1-5; cases add lines from 6 on */
#define BASE SLO_HEAD "    good: ok\n    objective: 99\n    window: 30d\n"

static const struct bad bad_specs[] = {
	/* keys */
	{ BASE "    windw: 30d\n", SLO_EINVAL, 6, 5,
	    "unknown key 'windw'; did you mean 'window'?" },
	{ BASE "    groupby: [route]\n", SLO_EINVAL, 6, 5,
	    "did you mean 'group_by'?" },
	{ BASE "    colour: red\n", SLO_EINVAL, 6, 5, "unknown key 'colour'" },
	{ "slo:\n  - name: a\n", SLO_EINVAL, 1, 1,
	    "unknown key 'slo'; did you mean 'slos'?" },
	{ BASE "    window: 7d\n", SLO_EINVAL, 6, 5, "duplicate key 'window'" },
	{ SLO_HEAD "    good: ok\n    objective: 99\n    window: 30d\n"
	  "    name: b\n", SLO_EINVAL, 6, 5, "duplicate key 'name'" },
	/* types */
	{ "slos: {name: a}\n", SLO_EINVAL, 1, 7, "expected a list, got a map" },
	{ "slos:\n  - just-a-name\n", SLO_EINVAL, 2, 5,
	    "expected a map, got a scalar" },
	/* a list is read as a list of OpenSLO documents (issue 18) */
	{ "- slos\n", SLO_EINVAL, 1, 3,
	    "expected an OpenSLO document (apiVersion, kind, metadata, spec) "
	    "in a list of documents, got a scalar" },
	{ "- {slos: []}\n", SLO_EINVAL, 1, 3,
	    "got a map without 'apiVersion' or 'kind'" },
	{ "hello world\n", SLO_EINVAL, 1, 1, "got a scalar" },
	{ "slos:\n  - name: [a]\n", SLO_EINVAL, 2, 11,
	    "expected a string, got a list" },
	{ "slos:\n  - name: ''\n", SLO_EINVAL, 2, 11, "empty string" },
	{ "slos:\n  - good: ok\n", SLO_EINVAL, 2, 5, "missing 'name'" },
	{ SLO_HEAD "    good: ok\n    objective: [99]\n    window: 30d\n",
	    SLO_EINVAL, 4, 16, "expected a percentage" },
	{ SLO_HEAD "    good: ok\n    objective: '99'\n    window: 30d\n",
	    SLO_EINVAL, 4, 16, "expected a percentage" },
	{ SLO_HEAD "    good: [ok]\n    objective: 99\n    window: 30d\n",
	    SLO_EINVAL, 3, 11, "expected a string, got a list" },
	{ SLO_HEAD "    good: ok\n    objective: 99\n    window: {a: 1}\n",
	    SLO_EINVAL, 5, 13, "expected a duration, got a map" },
	/* the SLI */
	{ SLO_HEAD "    good: ok\n    bad: 'status >= 500'\n"
	  "    objective: 99\n    window: 30d\n", SLO_EINVAL, 4, 5,
	    "'good' and 'bad' exclude each other" },
	{ SLO_HEAD "    objective: 99\n    window: 30d\n", SLO_EINVAL, 2, 5,
	    "missing 'good', 'bad', 'latency', 'duration' or 'cost' in SLO 'a'" },
	{ BASE "    latency: {threshold: 300ms}\n", SLO_EINVAL, 3, 5,
	    "'good' and 'latency' exclude each other" },
	{ SLO_HEAD "    good: 'status <<< 500'\n    objective: 99\n"
	  "    window: 30d\n", SLO_ESYNTAX, 3, 20, "invalid expression" },
	{ SLO_HEAD "    good: |\n      status < 500 &&\n      route ==\n"
	  "    objective: 99\n    window: 30d\n", SLO_ESYNTAX, 5, 15,
	    "invalid expression" },
	{ SLO_HEAD "    where: ''\n    good: ok\n    objective: 99\n"
	  "    window: 30d\n", SLO_ESYNTAX, 3, 13, "empty expression" },
	/* latency */
	{ SLO_HEAD "    latency: {field: latency_ms}\n    objective: 99\n"
	  "    window: 30d\n", SLO_EINVAL, 3, 14, "missing 'threshold'" },
	{ SLO_HEAD "    latency: {threshold: 300x}\n    objective: 99\n"
	  "    window: 30d\n", SLO_EINVAL, 3, 29, "invalid duration '300x'" },
	{ SLO_HEAD "    latency: {threshold: -5}\n    objective: 99\n"
	  "    window: 30d\n", SLO_ERANGE, 3, 26, "negative" },
	{ SLO_HEAD "    latency: {threshold: 1s, field: 'latency_ms * 2'}\n"
	  "    objective: 99\n    window: 30d\n", SLO_ESYNTAX, 3, 49,
	    "invalid expression" },
	{ SLO_HEAD "    latency: {threshold: 1s, field: 'a > 2'}\n"
	  "    objective: 99\n    window: 30d\n", SLO_EINVAL, 3, 37,
	    "expected a field path" },
	{ SLO_HEAD "    latency: {threshold: 1s, op: gte}\n    objective: 99\n"
	  "    window: 30d\n", SLO_EINVAL, 3, 34, "unknown op 'gte'" },
	{ SLO_HEAD "    latency: {threshold: 1s, thresold: 2s}\n"
	  "    objective: 99\n    window: 30d\n", SLO_EINVAL, 3, 30,
	    "did you mean 'threshold'?" },
	{ BASE "    quantiles: [0.5]\n", SLO_EINVAL, 6, 5,
	    "'quantiles' needs a latency SLI" },
	{ SLO_HEAD "    latency: {threshold: 1s}\n    quantiles: [0.5, 1.5]\n"
	  "    objective: 99\n    window: 30d\n", SLO_ERANGE, 4, 22,
	    "quantile '1.5' out of range" },
	{ SLO_HEAD "    latency: {threshold: 1s}\n    quantiles: [0.5, 0.5]\n"
	  "    objective: 99\n    window: 30d\n", SLO_EINVAL, 4, 16,
	    "quantile 0.5 given twice" },
	{ SLO_HEAD "    latency: {threshold: 1s}\n    quantiles: []\n"
	  "    objective: 99\n    window: 30d\n", SLO_EINVAL, 4, 16,
	    "at least one quantile" },
	/* the objective */
	{ SLO_HEAD "    good: ok\n    objective: 100\n    window: 30d\n",
	    SLO_ERANGE, 4, 16, "objective '100' leaves no error budget" },
	{ SLO_HEAD "    good: ok\n    objective: 100%\n    window: 30d\n",
	    SLO_ERANGE, 4, 16, "leaves no error budget" },
	{ SLO_HEAD "    good: ok\n    objective: 0\n    window: 30d\n",
	    SLO_ERANGE, 4, 16, "out of range" },
	{ SLO_HEAD "    good: ok\n    objective: 100.5\n    window: 30d\n",
	    SLO_ERANGE, 4, 16, "out of range" },
	{ SLO_HEAD "    good: ok\n    objective: -1\n    window: 30d\n",
	    SLO_ERANGE, 4, 16, "out of range" },
	/* issue 15.10: a ratio under 'objective' is refused with both fixes */
	{ SLO_HEAD "    good: ok\n    objective: 0.999\n    window: 30d\n",
	    SLO_ERANGE, 4, 16, "objective '0.999' reads as 0.999 %, not "
	    "99.9 %: for a ratio write 'target: 0.999' or 'objective: 99.9'; "
	    "for 0.999 % write '0.999%'" },
	{ SLO_HEAD "    good: ok\n    objective: .5\n    window: 30d\n",
	    SLO_ERANGE, 4, 16, "'objective: 50'" },
	{ SLO_HEAD "    good: ok\n    objective: high\n    window: 30d\n",
	    SLO_EINVAL, 4, 16, "expected a percentage" },
	{ SLO_HEAD "    good: ok\n    target: 1\n    window: 30d\n",
	    SLO_ERANGE, 4, 13, "target '1' leaves no error budget" },
	{ SLO_HEAD "    good: ok\n    target: 100%\n    window: 30d\n",
	    SLO_ERANGE, 4, 13, "leaves no error budget" },
	{ SLO_HEAD "    good: ok\n    target: 99.9\n    window: 30d\n",
	    SLO_ERANGE, 4, 13, "for a percentage write 'objective: 99.9'" },
	{ SLO_HEAD "    good: ok\n    target: 0\n    window: 30d\n",
	    SLO_ERANGE, 4, 13, "out of range" },
	{ BASE "    target: 0.99\n", SLO_EINVAL, 6, 5,
	    "'objective' and 'target' exclude each other" },
	{ SLO_HEAD "    good: ok\n    window: 30d\n", SLO_EINVAL, 2, 5,
	    "missing 'objective' or 'target'" },
	/* the window */
	{ SLO_HEAD "    good: ok\n    objective: 99\n    window: 30x\n",
	    SLO_EINVAL, 5, 15, "invalid duration '30x'" },
	{ SLO_HEAD "    good: ok\n    objective: 99\n    window: 30\n",
	    SLO_EINVAL, 5, 15, "invalid duration '30'" },
	{ SLO_HEAD "    good: ok\n    objective: 99\n    window: 0s\n",
	    SLO_ERANGE, 5, 13, "must be above 0" },
	{ SLO_HEAD "    good: ok\n    objective: 99\n", SLO_EINVAL, 2, 5,
	    "missing 'window' or 'calendar'" },
	{ BASE "    calendar: month\n", SLO_EINVAL, 6, 5,
	    "'window' and 'calendar' exclude each other" },
	{ BASE "    timezone: UTC\n", SLO_EINVAL, 6, 5,
	    "'timezone' is for calendar windows" },
	{ SLO_HEAD "    good: ok\n    objective: 99\n    calendar: monthly\n",
	    SLO_EINVAL, 5, 15, "unknown calendar 'monthly'; did you mean 'month'?" },
	{ SLO_HEAD "    good: ok\n    objective: 99\n    calendar: quarter\n",
	    SLO_EINVAL, 5, 15, "expected month or week" },
	{ SLO_HEAD "    good: ok\n    objective: 99\n    calendar: month\n"
	  "    timezone: Europe/Pariss\n", SLO_ENOTFOUND, 6, 15,
	    "unknown time zone 'Europe/Pariss'" },
	{ SLO_HEAD "    good: ok\n    objective: 99\n    calendar: month\n"
	  "    timezone: ../../etc/passwd\n", SLO_EINVAL, 6, 15,
	    "unknown time zone" },
	/* budgeting */
	{ BASE "    budgeting: timeslice\n", SLO_EINVAL, 6, 16,
	    "unknown budgeting method 'timeslice'; did you mean 'timeslices'?" },
	{ BASE "    budgeting: Occurrences\n", SLO_EINVAL, 6, 16,
	    "did you mean 'occurrences'?" },
	{ BASE "    slice: 1m\n", SLO_EINVAL, 6, 5,
	    "'slice' needs 'budgeting: timeslices'" },
	{ BASE "    slice_target: 0.9\n", SLO_EINVAL, 6, 5,
	    "'slice_target' needs 'budgeting: timeslices'" },
	{ BASE "    budgeting: timeslices\n    slice_target: 0.9\n",
	    SLO_EINVAL, 2, 5, "missing 'slice' for 'budgeting: timeslices'" },
	{ BASE "    budgeting: timeslices\n    slice: 1m\n", SLO_EINVAL, 2, 5,
	    "missing 'slice_target'" },
	{ BASE "    budgeting: ratio_timeslices\n    slice: 1m\n"
	  "    slice_target: 0.9\n", SLO_EINVAL, 8, 5,
	    "'slice_target' is for 'budgeting: timeslices'" },
	{ BASE "    budgeting: timeslices\n    slice: 31d\n"
	  "    slice_target: 0.9\n", SLO_ERANGE, 7, 12,
	    "longer than the window" },
	{ BASE "    budgeting: timeslices\n    slice: 1m\n"
	  "    slice_target: 0\n", SLO_ERANGE, 8, 19, "must be above 0" },
	{ BASE "    budgeting: timeslices\n    slice: 1m\n"
	  "    slice_target: 1.5\n", SLO_ERANGE, 8, 19, "out of range" },
	/* group_by */
	{ BASE "    group_by: ['status < 500']\n", SLO_EINVAL, 6, 16,
	    "expected a field path" },
	{ BASE "    group_by: [route, route]\n", SLO_EINVAL, 6, 23,
	    "'route' is in group_by twice" },
	{ BASE "    group_by: {route: 1}\n", SLO_EINVAL, 6, 15,
	    "expected a list, got a map" },
	{ BASE "    group_by: ['a..b']\n", SLO_ESYNTAX, 6, 19,
	    "invalid expression" },
	/* alerts */
	{ BASE "    alerts: google-30x\n", SLO_EINVAL, 6, 13,
	    "unknown alert policy 'google-30x'; did you mean 'google-30d'?" },
	{ BASE "    alerts: google-0d\n", SLO_EINVAL, 6, 13,
	    "unknown alert policy 'google-0d'" },
	{ BASE "    alerts: sre-book\n", SLO_EINVAL, 6, 13,
	    "expected google-30d, google-28d or none" },
	{ BASE "    alerts:\n      - {severity: pager, long: 1h, short: 5m, "
	  "burn: 14.4}\n", SLO_EINVAL, 7, 20,
	    "unknown severity 'pager'; did you mean 'page'?" },
	{ BASE "    alerts:\n      - {severity: page, long: 1h, short: 5m}\n",
	    SLO_EINVAL, 7, 9, "missing 'burn' in an alert" },
	{ BASE "    alerts:\n      - {severity: page, long: 5m, short: 1h, "
	  "burn: 2}\n", SLO_EINVAL, 7, 36,
	    "the short window must be shorter than the long window" },
	{ BASE "    alerts:\n      - {severity: page, long: 1h, short: 5m, "
	  "burn: 0}\n", SLO_ERANGE, 7, 53, "burn '0' must be above 0" },
	{ BASE "    alerts:\n      - {severity: page, long: 1h, short: 5m, "
	  "burn: 2, for: 5m}\n", SLO_EINVAL, 7, 56, "unknown key 'for'" },
	{ BASE "    alerts: {severity: page}\n", SLO_EINVAL, 6, 13,
	    "expected a list, got a map" },
	/* syntax, files */
	{ "slos:\n  - name: a\n   good: b\n", SLO_ESYNTAX, 3, 4,
	    "invalid yaml" },
	{ "slos: [\n", SLO_ESYNTAX, 2, 1, "invalid yaml" },
	/* OpenSLO */
	{ "apiVersion: openslo/v2\nkind: SLO\n", SLO_EINVAL, 1, 13,
	    "unsupported apiVersion 'openslo/v2'" },
	{ "kind: SLO\nmetadata: {name: x}\n", SLO_EINVAL, 1, 1,
	    "missing 'apiVersion'" },
	{ "apiVersion: openslo/v1\nkind: Slo\nmetadata: {name: x}\nspec: {}\n",
	    SLO_EINVAL, 2, 7, "unknown kind 'Slo'; did you mean 'SLO'?" },
	{ "apiVersion: openslo/v1\nkind: SLO\nmetadata: {displayName: x}\n"
	  "spec: {}\n", SLO_EINVAL, 3, 11, "missing 'name' in 'metadata'" },
	{ "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: x}\n",
	    SLO_EINVAL, 1, 1, "missing 'spec'" },
	{ "apiVersion: openslo/v1\nkind: SLO\nmetdata: {name: x}\n",
	    SLO_EINVAL, 3, 1, "did you mean 'metadata'?" },
	{ "apiVersion: openslo/v1\nkind: SLI\nmetadata: {name: x}\n"
	  "spec: {ratioMetric: {good: {metricSource: {spec: {where: ok}}},"
	  " total: {metricSource: {}}}}\n---\n"
	  "apiVersion: openslo/v1\nkind: SLI\nmetadata: {name: x}\n"
	  "spec: {}\n", SLO_EINVAL, 8, 18, "duplicate SLI 'x' (first at t.yaml:3:18)" },
	{ NULL, 0, 0, 0, NULL }
};

/* An OpenSLO SLO document around spec lines (indented by 2). */
#define OSLO_HEAD "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: o\nspec:\n"
#define OSLO_SLI \
	"  indicator:\n    spec:\n      ratioMetric:\n" \
	"        good: {metricSource: {type: slokit, spec: {where: ok}}}\n" \
	"        total: {metricSource: {type: slokit}}\n"
#define OSLO_TW "  timeWindow: [{duration: 30d, isRolling: true}]\n"
/* lines 1-11 */
#define OSLO_BASE OSLO_HEAD OSLO_SLI OSLO_TW

static const struct bad bad_openslo[] = {
	{ OSLO_BASE "  objectives: [{target: 1}]\n", SLO_ERANGE, 12, 25,
	    "target '1' leaves no error budget" },
	{ OSLO_BASE "  objectives: [{targetPercent: 100}]\n", SLO_ERANGE, 12, 32,
	    "leaves no error budget" },
	{ OSLO_BASE "  objectives: [{target: 0.9, targetPercent: 90}]\n",
	    SLO_EINVAL, 12, 30, "'target' and 'targetPercent' exclude" },
	{ OSLO_BASE "  objectives: [{displayName: x}]\n", SLO_EINVAL, 12, 16,
	    "missing 'target' or 'targetPercent'" },
	{ OSLO_BASE "  objectives: []\n", SLO_EINVAL, 12, 15,
	    "at least one objective" },
	{ OSLO_BASE "  objectives: [{target: 0.9, timeSliceWindow: 1m}]\n",
	    SLO_EINVAL, 12, 30, "'timeSliceWindow' needs 'budgetingMethod" },
	{ OSLO_BASE "  budgetingMethod: Timeslices\n"
	  "  objectives: [{target: 0.9, timeSliceWindow: 1m}]\n",
	    SLO_EINVAL, 13, 16, "missing 'timeSliceTarget'" },
	{ OSLO_BASE "  budgetingMethod: TimeSlices\n"
	  "  objectives: [{target: 0.9}]\n",
	    SLO_EINVAL, 12, 20, "did you mean 'Timeslices'?" },
	{ OSLO_BASE "  budgetingMetod: Occurrences\n  objectives: [{target: 0.9}]\n",
	    SLO_EINVAL, 12, 3, "did you mean 'budgetingMethod'?" },
	{ OSLO_HEAD OSLO_SLI "  timeWindow: [{duration: 1M, isRolling: true}]\n"
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 11, 27,
	    "a rolling window of '1M' has no fixed length" },
	{ OSLO_HEAD OSLO_SLI "  timeWindow: [{duration: 1Q, isRolling: false, "
	  "calendar: {timeZone: UTC}}]\n  objectives: [{target: 0.9}]\n",
	    SLO_EINVAL, 11, 27, "calendar window '1Q' not supported" },
	{ OSLO_HEAD OSLO_SLI "  timeWindow: [{duration: 1M, isRolling: false}]\n"
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 11, 42,
	    "'isRolling: false' needs 'calendar'" },
	{ OSLO_HEAD OSLO_SLI "  timeWindow: [{duration: 1M, isRolling: false, "
	  "calendar: {timeZone: Mars/Olympus}}]\n  objectives: [{target: 0.9}]\n",
	    SLO_ENOTFOUND, 11, 70, "unknown time zone 'Mars/Olympus'" },
	{ OSLO_HEAD OSLO_SLI "  timeWindow: [{duration: 1M, isRolling: false, "
	  "calendar: {startTime: soon}}]\n  objectives: [{target: 0.9}]\n",
	    SLO_EINVAL, 11, 71, "invalid startTime 'soon'" },
	{ OSLO_HEAD OSLO_SLI "  timeWindow: [{duration: 1d}, {duration: 2d}]\n"
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 11, 15,
	    "expected one time window, got 2" },
	{ OSLO_HEAD "  indicatorRef: nope\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_ENOTFOUND, 6, 17,
	    "unknown SLI 'nope'" },
	{ "apiVersion: openslo/v1\nkind: SLI\nmetadata: {name: checkout-errors}\n"
	  "spec: {ratioMetric: {good: {metricSource: {spec: {where: ok}}}, "
	  "total: {metricSource: {}}}}\n---\n"
	  "apiVersion: openslo/v1\nkind: SLI\nmetadata: {name: checkout-latency}\n"
	  "spec: {thresholdMetric: {metricSource: {}}}\n---\n"
	  OSLO_HEAD "  indicatorRef: checkout-error\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_ENOTFOUND, 16, 17,
	    "unknown SLI 'checkout-error'; did you mean 'checkout-errors'?" },
	{ OSLO_HEAD OSLO_TW "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 6, 3,
	    "missing 'indicator' or 'indicatorRef'" },
	{ OSLO_BASE "  objectives: [{target: 0.9}]\n"
	  "  alertPolicies: [{alertPolicyRef: pager}]\n", SLO_ENOTFOUND, 13, 36,
	    "unknown AlertPolicy 'pager'" },
	{ OSLO_BASE "  objectives: [{target: 0.9}]\n"
	  "  alertPolicies: [{kind: AlertPolicy, spec: {conditions: "
	  "[{conditionRef: fast}]}}]\n", SLO_ENOTFOUND, 13, 74,
	    "unknown AlertCondition 'fast'" },
	{ OSLO_BASE "  objectives: [{target: 0.9, op: lte, value: 3}]\n",
	    SLO_EINVAL, 12, 30, "'op' is for a threshold metric" },
	/* the metric sources */
	{ OSLO_HEAD "  indicator:\n    spec:\n      ratioMetric:\n"
	  "        good: {metricSource: {spec: {wher: ok}}}\n"
	  "        total: {metricSource: {type: slokit}}\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 9, 38,
	    "unknown key 'wher'; did you mean 'where'?" },
	{ OSLO_HEAD "  indicator:\n    spec:\n      ratioMetric:\n"
	  "        good: {metricSource: {spec: {}}}\n"
	  "        total: {metricSource: {type: slokit}}\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 9, 37,
	    "missing 'where' in the metric source spec of 'good'" },
	{ OSLO_HEAD "  indicator:\n    spec:\n      ratioMetric:\n"
	  "        good: {metricSource: {spec: {where: ok}}}\n"
	  "        bad: {metricSource: {spec: {where: ok}}}\n"
	  "        total: {metricSource: {type: slokit}}\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 10, 9,
	    "'good' and 'bad' exclude each other" },
	{ OSLO_HEAD "  indicator:\n    spec:\n      ratioMetric:\n"
	  "        good: {metricSource: {spec: {where: ok}}}\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 9, 9,
	    "missing 'total'" },
	/* raw, OpenSLO v1 SLI: "rawType ... required with raw", "raw ...
	 * can't be used together with good/bad/total" */
	{ OSLO_HEAD "  indicator:\n    spec:\n      ratioMetric:\n"
	  "        raw: {metricSource: {type: Prometheus}}\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 9, 9,
	    "'raw' needs 'rawType' (success or failure)" },
	{ OSLO_HEAD "  indicator:\n    spec:\n      ratioMetric:\n"
	  "        rawType: succes\n        raw: {metricSource: {}}\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 9, 18,
	    "unknown rawType 'succes'; did you mean 'success'?" },
	{ OSLO_HEAD "  indicator:\n    spec:\n      ratioMetric:\n"
	  "        rawType: failure\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 9, 9,
	    "'rawType' needs 'raw'" },
	{ OSLO_HEAD "  indicator:\n    spec:\n      ratioMetric:\n"
	  "        rawType: failure\n        raw: {metricSource: {}}\n"
	  "        total: {metricSource: {type: slokit}}\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 11, 9,
	    "'total' and 'raw' exclude each other" },
	{ OSLO_HEAD "  indicator:\n    spec:\n      ratioMetric:\n"
	  "        good: {metricSource: {spec: {where: 'status >'}}}\n"
	  "        total: {metricSource: {type: slokit}}\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_ESYNTAX, 9, 54,
	    "invalid expression" },
	{ OSLO_HEAD "  indicator:\n    spec:\n      thresholdMetric:\n"
	  "        metricSource: {spec: {field: latency_ms}}\n" OSLO_TW
	  "  objectives: [{target: 0.9, op: ge, value: 300}]\n",
	    SLO_EINVAL, 11, 34, "unknown op 'ge'; did you mean 'gte'?" },
	{ OSLO_HEAD "  indicator:\n    spec:\n      thresholdMetric:\n"
	  "        metricSource: {spec: {field: latency_ms}}\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 11, 16,
	    "missing 'value'" },
	{ OSLO_HEAD "  indicator:\n    spec:\n      thresholdMetric:\n"
	  "        metricSource: {spec: {field: 'a == 1'}}\n" OSLO_TW
	  "  objectives: [{target: 0.9, value: 1}]\n", SLO_EINVAL, 9, 38,
	    "expected a field path" },
	{ OSLO_HEAD "  indicator:\n    spec:\n      ratioMetric: {}\n"
	  "      thresholdMetric: {}\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 9, 7,
	    "'ratioMetric' and 'thresholdMetric' exclude each other" },
	{ OSLO_HEAD "  indicator:\n    kind: SLO\n    spec: {}\n" OSLO_TW
	  "  objectives: [{target: 0.9}]\n", SLO_EINVAL, 7, 11,
	    "expected kind 'SLI' here, got 'SLO'" },
	/* alert conditions */
#define COND "apiVersion: openslo/v1\nkind: AlertCondition\nmetadata: {name: c}\n"
	{ COND "spec:\n  severity: ''\n  condition: {kind: burnrate, "
	  "threshold: 2, lookbackWindow: 1h}\n", SLO_EINVAL, 5, 13,
	    "empty 'severity'" },
	{ COND "spec:\n  severity: page\n  condition: {kind: burnrate, op: le, "
	  "threshold: 2, lookbackWindow: 1h}\n", SLO_EINVAL, 6, 35,
	    "unknown op 'le'; did you mean 'lte'?" },
	{ OSLO_BASE "  budgetingMethod: Timeslices\n"
	  "  objectives: [{target: 0.9, timeSliceTarget: 0.9, "
	  "timeSliceWindow: 1.5}]\n", SLO_ERANGE, 13, 69,
	    "expected a whole number of minutes" },
	{ COND "spec:\n  severity: page\n  condition: {kind: errors, "
	  "threshold: 2, lookbackWindow: 1h}\n", SLO_EINVAL, 6, 21,
	    "unknown condition kind 'errors'" },
	{ COND "spec:\n  severity: page\n  condition: {kind: burnrate, "
	  "threshold: 2, lookbackWindow: 1y}\n", SLO_EINVAL, 6, 62,
	    "invalid duration '1y'" },
	{ COND "spec:\n  severity: page\n  condition: {kind: burnrate, "
	  "threshold: 0, lookbackWindow: 1h}\n", SLO_ERANGE, 6, 42,
	    "threshold '0' must be above 0" },
	{ COND "spec:\n  severity: page\n  condition: {kind: burnrate, "
	  "lookbackWindow: 1h}\n", SLO_EINVAL, 6, 14, "missing 'threshold'" },
	{ COND "spec:\n  severity: page\n", SLO_EINVAL, 5, 3,
	    "missing 'condition'" },
	/* an SLI no SLO uses is still checked */
	{ "apiVersion: openslo/v1\nkind: SLI\nmetadata: {name: s}\nspec:\n"
	  "  ratioMetric:\n    good: {metricSource: {spec: {where: 'a =='}}}\n"
	  "    total: {metricSource: {}}\n", SLO_ESYNTAX, 6, 46,
	    "invalid expression" },
	{ NULL, 0, 0, 0, NULL }
};

#define OFIX "tests/cli/fixtures/openslo/"

/* Loads text as t.yaml and finishes; fails the test on any error. */
static slo_spec *
load_ok(const char *text)
{
	slo_error err;
	slo_spec *s = slo_spec_new();

	assert_non_null(s);
	if (slo_spec_load_string(s, "t.yaml", text, strlen(text), &err) !=
	    SLO_OK || slo_spec_finish(s, &err) != SLO_OK)
		fail_msg("%s:%ld:%ld: %s", err.file, err.line, err.col, err.msg);
	return s;
}

/* x is valid but refused for evaluation at line:col with msg. */
static void
assert_unevaluable(const slo_spec_slo *x, long line, long col,
    const char *msg)
{
	slo_error err;

	assert_non_null(x->unevaluable);
	assert_int_equal(slo_spec_slo_check(x, 0, &err), SLO_EINVAL);
	/* every case here has its SLI in the SLO's own file */
	if (err.line != line || err.col != col ||
	    strcmp(err.file, x->file) != 0 || strstr(err.msg, msg) == NULL)
		fail_msg("got %ld:%ld '%s'; want %ld:%ld '%s'", err.line,
		    err.col, err.msg, line, col, msg);
}

/*
 * The OpenSLO v1 README's own examples (tests/cli/fixtures/openslo/
 * spec-examples.yaml cites each section) are valid: --validate passes,
 * and the SLO over a Datadog source is refused only for evaluation, at
 * its metric source's type.
 */
static void
test_openslo_spec_examples(void **state)
{
	static const char *const path[] = { OFIX "spec-examples.yaml" };
	slo_error err;
	slo_spec *s;
	const slo_spec_slo *x;

	(void)state;
	assert_int_equal(slo_spec_validate(path, 1, NULL, NULL), 0);
	s = slo_spec_load_files(path, 1, &err);
	assert_non_null(s);
	assert_int_equal(slo_spec_count(s), 1);
	x = get(s, 0);
	assert_string_equal(x->name, "foo-slo");
	assert_true(x->objective.target == 0.98);
	assert_unevaluable(x, 37, 19, "slo 'foo-slo' cannot be evaluated: "
	    "SLI 'foo-error': metric source 'Datadog' has no mapping to events: add one to a "
	    "spec file, such as 'sources: [{type: Datadog, query: "
	    "'sum:trace.http.request.hits.by_http_status{http....', "
	    "where: ...}]'");
	slo_spec_free(s);
}

/*
 * A YAML list of documents (oslo, the Go SDK); free-string severities
 * mapped by slo-spec(5)'s table (High pages, warning is a ticket); op
 * gt/gte on burn rates; timeSliceWindow "5" is five minutes ("Default
 * interpretation of unit if specified as a number in minutes", README,
 * Objectives); "alertPolicies:" with nothing is the key not written.
 */
static void
test_openslo_list(void **state)
{
	static const char *const path[] = { OFIX "list.yaml" };
	slo_error err;
	slo_spec *s;
	const slo_spec_slo *x;

	(void)state;
	s = slo_spec_load_files(path, 1, &err);
	if (s == NULL)
		fail_msg("%s:%ld:%ld: %s", err.file, err.line, err.col, err.msg);
	assert_int_equal(slo_spec_count(s), 2);
	x = get(s, 0);
	assert_string_equal(x->name, "checkout-availability");
	assert_null(x->unevaluable);
	assert_int_equal(slo_spec_slo_check(x, 0, &err), SLO_OK);
	assert_string_equal(slo_expr_source(x->good), "status < 500");
	assert_int_equal(x->objective.nrules, 2);
	assert_int_equal(x->objective.rules[0].severity, SLO_SEV_PAGE);
	assert_true(x->objective.rules[0].burn == 14.4);
	assert_true(x->objective.rules[0].long_window == SLO_NS_PER_HOUR);
	assert_int_equal(x->objective.rules[1].severity, SLO_SEV_TICKET);
	assert_true(x->objective.rules[1].long_window == 3 * SLO_NS_PER_DAY);
	x = get(s, 1);
	assert_string_equal(x->name, "checkout-slices");
	assert_int_equal(x->objective.budgeting, SLO_BUDGET_TIMESLICES);
	assert_true(x->objective.slice == 5 * SLO_NS_PER_MIN);
	assert_true(x->objective.slice_target == 0.95);
	assert_int_equal(x->alerts_defaulted, 1);
	assert_string_equal(x->alert_policy, "google-7d");
	slo_spec_free(s);
}

/* Severity words, any case: the documented mapping of slo-spec(5). */
static void
test_openslo_severity(void **state)
{
	static const struct { const char *word; slo_severity sev; } t[] = {
		{ "page", SLO_SEV_PAGE }, { "Critical", SLO_SEV_PAGE },
		{ "HIGH", SLO_SEV_PAGE }, { "sev1", SLO_SEV_PAGE },
		{ "P1", SLO_SEV_PAGE }, { "ticket", SLO_SEV_TICKET },
		{ "warning", SLO_SEV_TICKET }, { "sev2", SLO_SEV_TICKET },
		{ "low", SLO_SEV_TICKET }, { "info", SLO_SEV_TICKET },
	};
	char text[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		slo_spec *s;
		snprintf(text, sizeof text, "%s"
		    "  objectives: [{target: 0.9}]\n"
		    "  alertPolicies: [{kind: AlertPolicy, spec: {conditions: "
		    "[{kind: AlertCondition, spec: {severity: %s, condition: "
		    "{kind: burnrate, threshold: 2, lookbackWindow: 1h}}}]}}]\n",
		    OSLO_BASE, t[i].word);
		s = load_ok(text);
		assert_int_equal(get(s, 0)->objective.nrules, 1);
		if (get(s, 0)->objective.rules[0].severity != t[i].sev)
			fail_msg("severity '%s'", t[i].word);
		slo_spec_free(s);
	}
}

/*
 * op, OpenSLO v1 README, Objectives: "enum(lte | gte | lt | gt), operator
 * used to compare the SLI against the value".  lte and lt are evaluated
 * (at the value is good with lte, bad with lt); gte and gt, and lt/lte
 * on a burn-rate condition, are valid and refused for evaluation at the
 * op.  A raw ratio and a Prometheus source likewise.
 */
static void
test_openslo_unevaluable(void **state)
{
	static const char thr[] = OSLO_HEAD
	    "  indicator:\n    spec:\n      thresholdMetric:\n"
	    "        metricSource: {type: slokit, spec: {field: latency_ms}}\n"
	    OSLO_TW;
	char text[2048];
	slo_spec *s;

	(void)state;
	snprintf(text, sizeof text, "%s  objectives: [{target: 0.9, "
	    "op: lte, value: 300}]\n", thr);
	s = load_ok(text);
	assert_null(get(s, 0)->unevaluable);
	assert_int_equal(get(s, 0)->latency_inclusive, 1);
	slo_spec_free(s);
	snprintf(text, sizeof text, "%s  objectives: [{target: 0.9, "
	    "op: lt, value: 300}]\n", thr);
	s = load_ok(text);
	assert_null(get(s, 0)->unevaluable);
	assert_int_equal(get(s, 0)->latency_inclusive, 0);
	slo_spec_free(s);
	snprintf(text, sizeof text, "%s  objectives: [{target: 0.9, "
	    "op: gt, value: 300}]\n", thr);
	s = load_ok(text);
	assert_null(get(s, 0)->unevaluable);
	assert_int_equal(get(s, 0)->latency_inclusive, 0);
	assert_int_equal(get(s, 0)->latency_above, 1);
	slo_spec_free(s);
	snprintf(text, sizeof text, "%s  objectives: [{target: 0.9, "
	    "op: gte, value: 300}]\n", thr);
	s = load_ok(text);
	assert_null(get(s, 0)->unevaluable);
	assert_int_equal(get(s, 0)->latency_inclusive, 1);
	assert_int_equal(get(s, 0)->latency_above, 1);
	slo_spec_free(s);

	/* burn-rate op lte, as in the README's condition examples */
	s = load_ok(OSLO_BASE "  objectives: [{target: 0.9}]\n"
	    "  alertPolicies: [{kind: AlertPolicy, spec: {conditions: "
	    "[{kind: AlertCondition, spec: {severity: page, condition: "
	    "{kind: burnrate, op: lte, threshold: 2, lookbackWindow: 1h}}}]}}]\n");
	assert_unevaluable(get(s, 0), 13, 137, "burn-rate op 'lte' fires under "
	    "the threshold");
	slo_spec_free(s);

	s = load_ok(OSLO_HEAD "  indicator:\n    spec:\n      ratioMetric:\n"
	    "        rawType: failure\n"
	    "        raw: {metricSource: {type: Prometheus, spec: {query: "
	    "'sum(rate(errors[5m])) / sum(rate(requests[5m]))'}}}\n"
	    OSLO_TW "  objectives: [{target: 0.9}]\n");
	assert_unevaluable(get(s, 0), 10, 9, "a raw ratio metric is a "
	    "precomputed ratio");
	slo_spec_free(s);

	/* a metricSourceRef without a type names a DataSource: a backend */
	s = load_ok(OSLO_HEAD "  indicator:\n    spec:\n      ratioMetric:\n"
	    "        good: {metricSource: {metricSourceRef: prom, spec: "
	    "{query: 'up'}}}\n"
	    "        total: {metricSource: {type: Prometheus, spec: "
	    "{query: 'up'}}}\n" OSLO_TW "  objectives: [{target: 0.9}]\n");
	assert_unevaluable(get(s, 0), 9, 48, "metric source 'prom'");
	slo_spec_free(s);
}

static int bad_count;

/* Reports every case that fails, then fails once. */
static void
check_bad(const struct bad *b)
{
	slo_error err;
	slo_spec *s = slo_spec_new();
	slo_status st;

	st = slo_spec_load_string(s, "t.yaml", b->text, strlen(b->text), &err);
	if (st == SLO_OK)
		st = slo_spec_finish(s, &err);
	if (st != b->st || err.status != b->st || err.line != b->line ||
	    err.col != b->col || strstr(err.msg, b->msg) == NULL ||
	    strcmp(err.file, "t.yaml") != 0) {
		print_error("-----\n%s\ngot %d %s:%ld:%ld '%s'; want %d "
		    "%ld:%ld '%s'\n", b->text, st, err.file, err.line, err.col,
		    err.msg, b->st, b->line, b->col, b->msg);
		bad_count++;
	}
	/* nothing of a failed load is kept */
	assert_int_equal(slo_spec_count(s), 0);
	slo_spec_free(s);
}

static void
test_errors(void **state)
{
	const struct bad *b;

	(void)state;
	bad_count = 0;
	for (b = bad_specs; b->text != NULL; b++)
		check_bad(b);
	assert_int_equal(bad_count, 0);
}

static void
test_openslo_errors(void **state)
{
	const struct bad *b;

	(void)state;
	bad_count = 0;
	for (b = bad_openslo; b->text != NULL; b++)
		check_bad(b);
	assert_int_equal(bad_count, 0);
}

static void
test_too_many_alerts(void **state)
{
	slo_buf b = { 0 };
	slo_error err;
	slo_spec *s = slo_spec_new();
	int i;

	(void)state;
	assert_int_equal(slo_buf_puts(&b, BASE "    alerts:\n"), SLO_OK);
	for (i = 0; i < SLO_MAX_RULES + 1; i++)
		slo_buf_puts(&b, "      - {severity: page, long: 1h, short: 5m, "
		    "burn: 14.4}\n");
	assert_int_equal(slo_spec_load_string(s, "t.yaml", b.data, b.len, &err),
	    SLO_ELIMIT);
	assert_int_equal(err.line, 7 + SLO_MAX_RULES);
	assert_true(strstr(err.msg, "more than 16 burn-rate alerts") != NULL);
	slo_buf_release(&b);
	slo_spec_free(s);
}

static void
test_duplicate_names(void **state)
{
	slo_error err;
	slo_spec *s;
	static const char two[] = BASE
	    "  - name: b\n    good: ok\n    objective: 99\n    window: 1d\n"
	    "  - name: a\n    good: ok\n    objective: 99\n    window: 1d\n";
	static const char other[] =
	    "# another file\nslos:\n  - name: b\n    good: ok\n"
	    "    objective: 99\n    window: 1d\n";
	static const char oslo[] = OSLO_BASE "  objectives: [{target: 0.9}]\n";
	static const char named_o[] = "slos:\n  - name: o\n    good: ok\n"
	    "    objective: 99\n    window: 1d\n";

	(void)state;
	s = slo_spec_new();
	assert_int_equal(slo_spec_load_string(s, "t.yaml", two, strlen(two),
	    &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_EINVAL);
	assert_int_equal(err.line, 10);
	assert_int_equal(err.col, 11);
	assert_string_equal(err.msg,
	    "duplicate SLO name 'a' (first at t.yaml:2:11)");
	slo_spec_free(s);

	/* across files */
	s = slo_spec_new();
	assert_int_equal(slo_spec_load_string(s, "one.yaml", BASE, strlen(BASE),
	    &err), SLO_OK);
	/* a list at the top is not a spec */
	assert_int_equal(slo_spec_load_string(s, "two.yaml", two + strlen(BASE),
	    strlen(two) - strlen(BASE), &err), SLO_EINVAL);
	assert_int_equal(slo_spec_load_string(s, "three.yaml", other,
	    strlen(other), &err), SLO_OK);
	assert_int_equal(slo_spec_load_string(s, "four.yaml", other,
	    strlen(other), &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_EINVAL);
	assert_string_equal(err.file, "four.yaml");
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg,
	    "duplicate SLO name 'b' (first at three.yaml:3:11)");
	slo_spec_free(s);

	/* an OpenSLO SLO may not take a slokit SLO's name either */
	s = slo_spec_new();
	assert_int_equal(slo_spec_load_string(s, "a.yaml", named_o,
	    strlen(named_o), &err), SLO_OK);
	assert_int_equal(slo_spec_load_string(s, "o.yaml", oslo, strlen(oslo),
	    &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_EINVAL);
	assert_string_equal(err.file, "o.yaml");
	assert_int_equal(err.line, 4);
	assert_int_equal(err.col, 9);
	slo_spec_free(s);
}

static void
test_files(void **state)
{
	slo_error err;
	slo_spec *s;
	const slo_ynode *n;
	const slo_ydoc *d;

	(void)state;
	/* a billion laughs is refused at the alias that passes the bound */
	s = slo_spec_new();
	assert_int_equal(slo_spec_load_file(s, FIX "laughs.yaml", &err),
	    SLO_ELIMIT);
	assert_string_equal(err.file, FIX "laughs.yaml");
	assert_int_equal(err.line, 8);
	assert_int_equal(err.col, 8);
	/* an empty file is an empty spec */
	assert_int_equal(slo_spec_load_file(s, FIX "empty.yaml", &err), SLO_OK);
	{
		static const char *const empty[] = { FIX "empty.yaml" };
		slo_spec *e = slo_spec_load_files(empty, 1, &err);
		assert_non_null(e);
		assert_int_equal(slo_spec_count(e), 0);
		assert_null(slo_spec_get(e, 0));
		assert_null(slo_spec_find(e, "x"));
		slo_spec_free(e);
		e = slo_spec_new();
		assert_int_equal(slo_spec_finish(e, &err), SLO_OK);
		assert_int_equal(slo_spec_finish(e, &err), SLO_OK);
		slo_spec_free(e);
	}
	/* a binary file is not YAML */
	assert_int_not_equal(slo_spec_load_file(s, FIX "notyaml.yaml", &err),
	    SLO_OK);
	assert_string_equal(err.file, FIX "notyaml.yaml");
	assert_true(strstr(err.msg, "invalid yaml") != NULL);
	assert_int_equal(slo_spec_load_file(s, FIX "missing.yaml", &err),
	    SLO_ENOTFOUND);
	assert_string_equal(err.file, FIX "missing.yaml");
	/* JSON is YAML */
	assert_int_equal(slo_spec_load_file(s, FIX "json.yaml", &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_OK);
	assert_int_equal(slo_spec_count(s), 1);
	assert_string_equal(get(s, 0)->name, "json");
	/* loads after finish are refused */
	assert_int_equal(slo_spec_load_file(s, FIX "full.yaml", &err),
	    SLO_EINVAL);
	assert_int_equal(slo_spec_count(s), 1);
	slo_spec_free(s);

	/* sections from several files, in load order */
	s = slo_spec_new();
	assert_int_equal(slo_spec_load_string(s, "f1.yaml",
	    "flags: [{key: a}]\n", 18, &err), SLO_OK);
	assert_int_equal(slo_spec_load_file(s, FIX "full.yaml", &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_OK);
	n = slo_spec_section(s, "flags", 0, &d);
	assert_string_equal(slo_ydoc_file(d), "f1.yaml");
	assert_string_equal(slo_ynode_get(n->items[0], "key")->str, "a");
	n = slo_spec_section(s, "flags", 1, &d);
	assert_string_equal(slo_ydoc_file(d), FIX "full.yaml");
	assert_null(slo_spec_section(s, "flags", 2, &d));
	slo_spec_free(s);
}

/* A failed file leaves the spec as it was before it. */
static void
test_rollback(void **state)
{
	static const char good[] = BASE;
	static const char half[] =
	    "slos:\n  - name: b\n    good: ok\n    objective: 99\n"
	    "    window: 1d\n  - name: c\n    good: ok\n    objective: 100\n"
	    "    window: 1d\nflags: [{key: x}]\n";
	static const char sli[] = "apiVersion: openslo/v1\nkind: SLI\n"
	    "metadata: {name: s}\nspec: {}\n---\nslos: 5\n";
	slo_error err;
	slo_spec *s = slo_spec_new();

	(void)state;
	assert_int_equal(slo_spec_load_string(s, "1.yaml", good, strlen(good),
	    &err), SLO_OK);
	assert_int_equal(slo_spec_count(s), 1);
	assert_int_equal(slo_spec_load_string(s, "2.yaml", half, strlen(half),
	    &err), SLO_ERANGE);
	assert_int_equal(err.line, 8);
	assert_int_equal(slo_spec_count(s), 1);
	assert_null(slo_spec_section(s, "flags", 0, NULL));
	assert_int_equal(slo_spec_load_string(s, "3.yaml", sli, strlen(sli),
	    &err), SLO_EINVAL);
	/* the SLI of the failed file is gone: its name is free again */
	assert_int_equal(slo_spec_load_string(s, "4.yaml", sli,
	    strlen(sli) - 9, &err), SLO_OK);
	/* and its spec: {} is then reported at finish */
	assert_int_equal(slo_spec_finish(s, &err), SLO_EINVAL);
	assert_string_equal(err.file, "4.yaml");
	assert_true(strstr(err.msg, "missing 'ratioMetric' or "
	    "'thresholdMetric'") != NULL);
	assert_int_equal(slo_spec_count(s), 1);
	slo_spec_free(s);
}

static void
collect(void *ctx, const slo_error *err)
{
	slo_buf *b = ctx;

	slo_buf_printf(b, "%s:%ld:%ld: %s\n", err->file, err->line, err->col,
	    err->msg);
}

static void
test_validate(void **state)
{
	static const char *const all[] = { FIX "oslo-slo.yaml",
	    FIX "oslo-sli.yaml", FIX "oslo-threshold.yaml",
	    FIX "oslo-calendar.yaml", FIX "empty.yaml" };
	static const char *const some_bad[] = { FIX "laughs.yaml",
	    FIX "full.yaml", FIX "notyaml.yaml", FIX "oslo-slo.yaml" };
	static const char *const unresolved[] = { FIX "oslo-slo.yaml" };
	slo_buf b = { 0 };

	(void)state;
	static const char *const dup[] = { FIX "full.yaml", FIX "oslo-slo.yaml",
	    FIX "oslo-sli.yaml" };

	assert_int_equal(slo_spec_validate(all, 5, collect, &b), 0);
	assert_int_equal(b.len, 0);
	/* both forms name an SLO checkout-availability */
	assert_int_equal(slo_spec_validate(dup, 3, collect, &b), 1);
	assert_string_equal(b.data, FIX "oslo-slo.yaml:4:9: duplicate SLO name "
	    "'checkout-availability' (first at " FIX "full.yaml:3:11)\n");
	slo_buf_reset(&b);
	/* one error per bad file; no cross-file check when a file failed */
	assert_int_equal(slo_spec_validate(some_bad, 4, collect, &b), 2);
	assert_non_null(strstr(b.data, FIX "laughs.yaml:8:8: more than"));
	assert_non_null(strstr(b.data, FIX "notyaml.yaml:"));
	slo_buf_reset(&b);
	assert_int_equal(slo_spec_validate(unresolved, 1, collect, &b), 1);
	assert_string_equal(b.data, FIX "oslo-slo.yaml:8:17: unknown SLI "
	    "'checkout-errors'\n");
	assert_int_equal(slo_spec_validate(unresolved, 1, NULL, NULL), 1);
	slo_buf_release(&b);
}

/*
 * Issue 14.9: a value the engine cannot hold is a spec error at its node,
 * found by --validate, not bad data at every input line.  The engine's
 * series holds at most 2^24 buckets (lib/window.c MAX_BUCKETS): at 1m
 * that is 16777216 min = 11650.84 days, so 12000d (17280000 buckets) is
 * refused and 11650d (16776000) is not; at 5m 12000d is 3456000.
 */
static void
test_engine_limits(void **state)
{
	static const char *const files[] = { FIX "engine-limits.yaml" };
	static const char *const slice30s = SLO_HEAD "    good: ok\n"
	    "    objective: 99\n    window: 1d\n    budgeting: timeslices\n"
	    "    slice: 30s\n    slice_target: 0.9\n";
	slo_buf b = { 0 };
	slo_error err;
	slo_spec *s;

	(void)state;
	assert_int_equal(slo_spec_validate(files, 1, collect, &b), 2);
	assert_string_equal(b.data,
	    FIX "engine-limits.yaml:7:13: slo 'too-long': the engine cannot "
	    "hold a '12000d' series of '1m' buckets (window holds more than "
	    "16777216 buckets): shorten the window or evaluate with a coarser "
	    "--resolution\n"
	    FIX "engine-limits.yaml:13:32: slo 'long-alert': the engine cannot "
	    "hold a '12000d' series of '1m' buckets (window holds more than "
	    "16777216 buckets): shorten the window or evaluate with a coarser "
	    "--resolution\n");
	slo_buf_reset(&b);
	/* the same spec is fine at a coarser resolution */
	assert_int_equal(slo_spec_validate_res(files, 1, 5 * SLO_NS_PER_MIN,
	    collect, &b), 0);
	assert_int_equal(b.len, 0);

	/* one SLO at a time, as slo-eval checks before reading input */
	s = slo_spec_load_files(files, 1, &err);
	assert_non_null(s);
	assert_int_equal(slo_spec_slo_check(get(s, 0), 0, &err), SLO_ELIMIT);
	assert_int_equal(err.line, 7);
	assert_int_equal(slo_spec_slo_check(get(s, 2), 0, &err), SLO_OK);
	/* 11650d is not a whole number of 7d buckets: at the window */
	assert_int_equal(slo_spec_slo_check(get(s, 2), 7 * SLO_NS_PER_DAY,
	    &err), SLO_EINVAL);
	assert_int_equal(err.line, 17);
	assert_int_equal(err.col, 13);
	assert_non_null(strstr(err.msg, "window '11650d' is not a whole "
	    "number of '7d' buckets"));
	slo_spec_free(s);

	/* a slice of 30s at 1m buckets: at the slice, line 7 */
	s = slo_spec_new();
	assert_int_equal(slo_spec_load_string(s, "t.yaml", slice30s,
	    strlen(slice30s), &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_OK);
	assert_int_equal(slo_spec_slo_check(get(s, 0), 0, &err), SLO_EINVAL);
	assert_int_equal(err.line, 7);
	assert_int_equal(err.col, 12);
	assert_int_equal(slo_spec_slo_check(get(s, 0), 10 * SLO_NS_PER_SEC,
	    &err), SLO_OK);
	slo_spec_free(s);
	slo_buf_release(&b);
}

static const slo_spec_slo *
load_one(slo_spec **s, const char *text)
{
	slo_error err;

	*s = slo_spec_new();
	assert_int_equal(slo_spec_load_string(*s, "p.yaml", text, strlen(text),
	    &err), SLO_OK);
	assert_int_equal(slo_spec_finish(*s, &err), SLO_OK);
	return get(*s, 0);
}

/*
 * Issue 15.8: the default alert policy keeps the SRE Workbook's budget
 * shares (ch. 5, table 5-8: 2 % in 1h, 5 % in 6h, 10 % in 3d) over the
 * SLO's own window W: burn = share x W / long.  Known answers by hand:
 *   30d = 720h: 0.02 x 720 / 1 = 14.4, 0.05 x 720 / 6 = 6, 0.1 x 30 / 3 = 1
 *   28d = 672h: 13.44, 5.6, 0.1 x 28 / 3 = 0.9333...  (Pyrra's 28d)
 *    7d = 168h: 0.02 x 168 = 3.36, 0.05 x 168 / 6 = 1.4, 0.1 x 7 / 3 = 0.2333...
 *    1d =  24h: 0.48, 0.2; the 3d rule is longer than the window: left out
 */
static void
test_default_policy(void **state)
{
	const slo_burn_rule *g;
	const slo_spec_slo *x;
	slo_spec *s;
	size_t n;

	(void)state;
	/* 30d: google-30d bit for bit */
	x = load_one(&s, BASE);
	assert_string_equal(x->alert_policy, "google-30d");
	assert_int_equal(x->alerts_defaulted, 1);
	assert_int_equal(slo_policy_builtin("google-30d", &g, &n), SLO_OK);
	assert_int_equal(x->objective.nrules, n);
	assert_memory_equal(x->objective.rules, g, n * sizeof *g);
	assert_true(fabs(x->objective.rules[0].burn - 14.4) < 1e-12);
	assert_true(fabs(x->objective.rules[1].burn - 6) < 1e-12);
	assert_true(fabs(x->objective.rules[2].burn - 1) < 1e-12);
	slo_spec_free(s);

	x = load_one(&s, SLO_HEAD "    good: ok\n    objective: 99\n"
	    "    window: 28d\n");
	assert_string_equal(x->alert_policy, "google-28d");
	assert_int_equal(slo_policy_builtin("google-28d", &g, &n), SLO_OK);
	assert_int_equal(x->objective.nrules, n);
	assert_memory_equal(x->objective.rules, g, n * sizeof *g);
	assert_true(fabs(x->objective.rules[2].burn - 28.0 / 30) < 1e-12);
	slo_spec_free(s);

	/* 7d: before the fix it got google-30d's 14.4, 6, 1 */
	x = load_one(&s, SLO_HEAD "    good: ok\n    objective: 99\n"
	    "    window: 7d\n");
	assert_string_equal(x->alert_policy, "google-7d");
	assert_int_equal(x->objective.nrules, 3);
	assert_true(fabs(x->objective.rules[0].burn - 3.36) < 1e-12);
	assert_true(fabs(x->objective.rules[1].burn - 1.4) < 1e-12);
	assert_true(fabs(x->objective.rules[2].burn - 0.7 / 3) < 1e-12);
	assert_int_equal(x->objective.rules[2].severity, SLO_SEV_TICKET);
	assert_true(x->objective.rules[2].long_window == 3 * SLO_NS_PER_DAY);
	assert_true(x->objective.rules[2].short_window == 6 * SLO_NS_PER_HOUR);
	slo_spec_free(s);

	x = load_one(&s, SLO_HEAD "    good: ok\n    objective: 99\n"
	    "    window: 1d\n");
	assert_string_equal(x->alert_policy, "google-1d");
	assert_int_equal(x->objective.nrules, 2);
	assert_true(fabs(x->objective.rules[0].burn - 0.48) < 1e-12);
	assert_true(fabs(x->objective.rules[1].burn - 0.2) < 1e-12);
	slo_spec_free(s);

	/* calendar windows budget like 30d (month) and 7d (week) */
	x = load_one(&s, SLO_HEAD "    good: ok\n    objective: 99\n"
	    "    calendar: week\n");
	assert_string_equal(x->alert_policy, "google-7d");
	assert_true(fabs(x->objective.rules[0].burn - 3.36) < 1e-12);
	slo_spec_free(s);
	x = load_one(&s, SLO_HEAD "    good: ok\n    objective: 99\n"
	    "    calendar: month\n");
	assert_string_equal(x->alert_policy, "google-30d");
	slo_spec_free(s);

	/* the name is taken back, for any window: not a default then */
	x = load_one(&s, BASE "    alerts: google-7d\n");
	assert_string_equal(x->alert_policy, "google-7d");
	assert_int_equal(x->alerts_defaulted, 0);
	assert_true(fabs(x->objective.rules[1].burn - 1.4) < 1e-12);
	slo_spec_free(s);
}

/*
 * Issue 15.10: an objective below 1 is a ratio unless written with '%'
 * (the refusals are in bad_specs); with '%' it is taken as written:
 * 0.5 % is the target 0.005, and 1 (1 %) is not refused.
 */
static void
test_objective_percent(void **state)
{
	static const char *const half = SLO_HEAD "    good: ok\n"
	    "    objective: 0.5%\n    window: 1d\n";
	static const char *const one = SLO_HEAD "    good: ok\n"
	    "    objective: 1\n    window: 1d\n";
	slo_error err;
	slo_spec *s = slo_spec_new();

	(void)state;
	assert_int_equal(slo_spec_load_string(s, "h.yaml", half, strlen(half),
	    &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_OK);
	assert_true(get(s, 0)->objective.target == 0.005);
	slo_spec_free(s);
	s = slo_spec_new();
	assert_int_equal(slo_spec_load_string(s, "o.yaml", one, strlen(one),
	    &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_OK);
	assert_true(get(s, 0)->objective.target == 0.01);
	slo_spec_free(s);
}

static void
test_add_kv(void **state)
{
	static const char *const keys[] = { "name", "good", "objective",
	    "window", "where" };
	static const char *const vals[] = { "adhoc", "status < 500", "99.9",
	    "1h", "service == \"checkout\"" };
	static const char *const bad_vals[] = { "adhoc", "status < 500",
	    "100", "1h", "x" };
	static const char *const bad_expr[] = { "adhoc", "status <", "99",
	    "1h", "x" };
	slo_error err;
	slo_spec *s = slo_spec_new();
	const slo_spec_slo *x;

	(void)state;
	assert_int_equal(slo_spec_add_kv(s, "command line", keys, vals, 5, &err),
	    SLO_OK);
	assert_int_equal(slo_spec_add_kv(s, "command line", keys, bad_vals, 5,
	    &err), SLO_ERANGE);
	assert_string_equal(err.file, "command line");
	assert_int_equal(err.line, 0);
	assert_true(strncmp(err.msg, "'objective': objective '100' leaves no "
	    "error budget", 50) == 0);
	assert_int_equal(slo_spec_add_kv(s, "command line", keys, bad_expr, 5,
	    &err), SLO_ESYNTAX);
	assert_true(strncmp(err.msg, "'good': invalid expression", 26) == 0);
	/* a missing key is the whole SLO's fault */
	assert_int_equal(slo_spec_add_kv(s, "command line", keys, vals, 3, &err),
	    SLO_EINVAL);
	assert_string_equal(err.msg, "missing 'window' or 'calendar'");
	assert_int_equal(slo_spec_finish(s, &err), SLO_OK);
	assert_int_equal(slo_spec_count(s), 1);
	x = get(s, 0);
	assert_string_equal(x->name, "adhoc");
	assert_true(x->objective.target == 0.999);
	assert_true(x->objective.window == SLO_NS_PER_HOUR);
	assert_string_equal(x->file, "command line");
	assert_int_equal(x->line, 0);
	/* a 1h window: every workbook rule looks back 1h or more */
	assert_string_equal(x->alert_policy, "google-1h");
	assert_int_equal(x->objective.nrules, 0);
	slo_spec_free(s);
}

/* 10^5 SLOs in one file: loads (the checks are not quadratic). */
static void
test_many(void **state)
{
	slo_buf b = { 0 };
	slo_error err;
	slo_spec *s = slo_spec_new();
	int i;

	(void)state;
	slo_buf_puts(&b, "slos:\n");
	for (i = 0; i < 100000; i++)
		slo_buf_printf(&b, "  - {name: slo-%d, good: 'status < 500', "
		    "objective: 99.9, window: 30d, alerts: none}\n", i);
	assert_int_equal(slo_spec_load_string(s, "many.yaml", b.data, b.len,
	    &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_OK);
	assert_int_equal(slo_spec_count(s), 100000);
	assert_string_equal(get(s, 99999)->name, "slo-99999");
	assert_int_equal(get(s, 99999)->line, 100001);
	slo_spec_free(s);

	/* and a repeated name among them is found, at the repeat */
	s = slo_spec_new();
	slo_buf_printf(&b, "  - {name: slo-4711, good: ok, objective: 99, "
	    "window: 1d}\n");
	assert_int_equal(slo_spec_load_string(s, "many.yaml", b.data, b.len,
	    &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_EINVAL);
	assert_int_equal(err.line, 100002);
	assert_string_equal(err.msg,
	    "duplicate SLO name 'slo-4711' (first at many.yaml:4713:12)");
	slo_spec_free(s);
	slo_buf_release(&b);
}

/*
 * The examples of slo-spec(5) load: each slokit example alone, the OpenSLO
 * ones together (the SLO refers to the SLI and policy of the block before).
 */
static void
test_man_examples(void **state)
{
	static const char open_tag[] = ".Bd -literal -offset indent\n";
	slo_spec *oslo = slo_spec_new();
	slo_error err;
	FILE *fp;
	char *man, *p, *q;
	size_t len, nslokit = 0, noslo = 0;

	(void)state;
	fp = fopen("man/slo-spec.5", "r");
	assert_non_null(fp);
	man = malloc(1 << 20);
	len = fread(man, 1, (1 << 20) - 1, fp);
	man[len] = '\0';
	fclose(fp);
	for (p = man; (p = strstr(p, open_tag)) != NULL; p = q) {
		p += sizeof open_tag - 1;
		q = strstr(p, "\n.Ed\n");
		assert_non_null(q);
		*q++ = '\0';
		if (strncmp(p, "slos:", 5) == 0) {
			slo_spec *s = slo_spec_new();
			if (slo_spec_load_string(s, "man", p, strlen(p), &err) ||
			    slo_spec_finish(s, &err))
				fail_msg("%s\n%ld:%ld: %s", p, err.line, err.col,
				    err.msg);
			assert_true(slo_spec_count(s) >= 1);
			slo_spec_free(s);
			nslokit++;
		} else if (strncmp(p, "apiVersion:", 11) == 0) {
			if (slo_spec_load_string(oslo, "man", p, strlen(p), &err))
				fail_msg("%s\n%ld:%ld: %s", p, err.line, err.col,
				    err.msg);
			noslo++;
		}
	}
	if (slo_spec_finish(oslo, &err))
		fail_msg("%ld:%ld: %s", err.line, err.col, err.msg);
	assert_int_equal(nslokit, 3);
	/*
	 * + the annotated SLI of SOURCES, Sloth's PrometheusServiceLevel of
	 * SLOTH and the Pyrra SLO of PYRRA
	 */
	assert_int_equal(noslo, 7);
	assert_int_equal(slo_spec_count(oslo), 5);
	/* the openslo/v1alpha example: a rolling 28 days, evaluable */
	assert_string_equal(slo_spec_get(oslo, 0)->name, "checkout-28d");
	assert_true(slo_spec_get(oslo, 0)->objective.window ==
	    28 * SLO_NS_PER_DAY);
	assert_null(slo_spec_get(oslo, 0)->unevaluable);
	/* the Sloth resource: Sloth's 30 days; unmapped here, so unevaluable */
	assert_string_equal(slo_spec_get(oslo, 1)->name,
	    "checkout-requests-availability");
	assert_true(slo_spec_get(oslo, 1)->objective.window ==
	    30 * SLO_NS_PER_DAY);
	assert_non_null(slo_spec_get(oslo, 1)->unevaluable);
	/* the Pyrra example: 2w, its where from its annotation, evaluable */
	assert_string_equal(slo_spec_get(oslo, 2)->name,
	    "checkout-latency-pyrra");
	assert_true(slo_spec_get(oslo, 2)->objective.window ==
	    14 * SLO_NS_PER_DAY);
	assert_non_null(slo_spec_get(oslo, 2)->where);
	assert_null(slo_spec_get(oslo, 2)->unevaluable);
	assert_string_equal(slo_spec_get(oslo, 4)->name, "checkout-latency");
	assert_int_equal(slo_spec_get(oslo, 4)->objective.calendar,
	    SLO_CAL_MONTH);
	slo_spec_free(oslo);
	free(man);
}

/* A merge key copies an SLO's keys; its own keys win. */
static void
test_merge(void **state)
{
	static const char text[] =
	    "slos:\n"
	    "  - &base\n"
	    "    name: a\n"
	    "    where: 'service == \"x\"'\n"
	    "    latency: {threshold: 300ms}\n"
	    "    objective: 99\n"
	    "    window: 28d\n"
	    "  - <<: *base\n"
	    "    name: b\n"
	    "    latency: {threshold: 100ms}\n"
	    "    objective: 90\n";
	slo_error err;
	slo_spec *s = slo_spec_new();
	const slo_spec_slo *x;

	(void)state;
	assert_int_equal(slo_spec_load_string(s, "m.yaml", text, strlen(text),
	    &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_OK);
	x = get(s, 1);
	assert_string_equal(x->name, "b");
	assert_true(x->latency_threshold == 100);
	assert_true(x->objective.target == 0.9);
	assert_true(x->objective.window == 28 * SLO_NS_PER_DAY);
	assert_string_equal(slo_expr_source(x->where), "service == \"x\"");
	slo_spec_free(s);
}

/*
 * Issue 16: the flags: and promotion: sections of spec files, for the
 * flag-registry and promotion-criteria loaders: every document of every
 * file, in load order, whatever else the file holds; none from a file that
 * fails; the top-level keys in one list.
 */
static void
test_sections(void **state)
{
	static const char one[] =
	    "slos:\n"
	    "  - {name: a, good: 'status < 500', objective: 99, window: 1h}\n"
	    "flags:\n"
	    "  - key: f1\n"
	    "promotion:\n"
	    "  cohort: alpha\n"
	    "---\n"
	    "apiVersion: openslo/v1\n"
	    "kind: Service\n"
	    "metadata: {name: svc}\n"
	    "---\n"
	    "promotion: {cohort: beta}\n";
	static const char bad[] = "flags: [{key: f9}]\nslo: []\n";
	static const char two[] = "flags: [{key: f2}]\n";
	const slo_ynode *n;
	const slo_ydoc *d;
	slo_error err;
	slo_spec *s = slo_spec_new();
	size_t i, seen = 0;

	(void)state;
	for (i = 0; slo_spec_top_keys[i] != NULL; i++)
		seen |= (strcmp(slo_spec_top_keys[i], "slos") == 0) |
		    (strcmp(slo_spec_top_keys[i], "flags") == 0) << 1 |
		    (strcmp(slo_spec_top_keys[i], "promotion") == 0) << 2 |
		    (strcmp(slo_spec_top_keys[i], "sources") == 0) << 3 |
		    (strcmp(slo_spec_top_keys[i], "severities") == 0) << 4;
	assert_int_equal(seen, 31);
	assert_int_equal(i, 5);

	assert_int_equal(slo_spec_load_string(s, "one.yaml", one,
	    sizeof one - 1, &err), SLO_OK);
	/* a failed file leaves no section behind */
	assert_int_equal(slo_spec_load_string(s, "bad.yaml", bad,
	    sizeof bad - 1, &err), SLO_EINVAL);
	assert_string_equal(err.msg, "unknown key 'slo'; did you mean 'slos'?");
	assert_int_equal(slo_spec_load_string(s, "two.yaml", two,
	    sizeof two - 1, &err), SLO_OK);
	assert_int_equal(slo_spec_finish(s, &err), SLO_OK);
	assert_int_equal(slo_spec_count(s), 1);

	n = slo_spec_section(s, "flags", 0, &d);
	assert_non_null(n);
	assert_string_equal(slo_ydoc_file(d), "one.yaml");
	assert_int_equal(n->line, 4);
	assert_string_equal(slo_ynode_get(n->items[0], "key")->str, "f1");
	n = slo_spec_section(s, "flags", 1, &d);
	assert_non_null(n);
	assert_string_equal(slo_ydoc_file(d), "two.yaml");
	assert_string_equal(slo_ynode_get(n->items[0], "key")->str, "f2");
	assert_null(slo_spec_section(s, "flags", 2, &d));
	assert_null(d);

	n = slo_spec_section(s, "promotion", 0, &d);
	assert_non_null(n);
	assert_string_equal(slo_ydoc_file(d), "one.yaml");
	assert_string_equal(slo_ynode_get(n, "cohort")->str, "alpha");
	n = slo_spec_section(s, "promotion", 1, &d); /* the third document */
	assert_non_null(n);
	assert_int_equal(n->line, 12);
	assert_string_equal(slo_ynode_get(n, "cohort")->str, "beta");
	assert_null(slo_spec_section(s, "promotion", 2, &d));
	assert_null(slo_spec_section(s, "slos", 0, &d));
	assert_null(slo_spec_section(s, "metadata", 0, &d));
	slo_spec_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_openslo_refs),
		cmocka_unit_test(test_openslo_threshold),
		cmocka_unit_test(test_openslo_calendar),
		cmocka_unit_test(test_openslo_spec_examples),
		cmocka_unit_test(test_openslo_list),
		cmocka_unit_test(test_openslo_severity),
		cmocka_unit_test(test_openslo_unevaluable),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_openslo_errors),
		cmocka_unit_test(test_too_many_alerts),
		cmocka_unit_test(test_duplicate_names),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_rollback),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_engine_limits),
		cmocka_unit_test(test_objective_percent),
		cmocka_unit_test(test_default_policy),
		cmocka_unit_test(test_add_kv),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_man_examples),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_sections),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
