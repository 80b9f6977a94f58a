/*
 * test_openslo_out.c — a loaded spec written as OpenSLO v1 documents
 * (slo_openslo_out.h) and read back: every field slo-eval evaluates comes
 * back equal; strings YAML would retype come back as strings; names
 * OpenSLO refuses get a label and keep themselves in an annotation; what
 * OpenSLO cannot carry is refused with its position.  Format: the OpenSLO
 * v1 README, https://github.com/OpenSLO/OpenSLO/blob/main/README.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slo_openslo_out.h"
#include "slo_spec.h"

static slo_spec *
load(const char *name, const char *text, size_t n)
{
	slo_error err;
	slo_spec *s = slo_spec_new();

	assert_non_null(s);
	if (slo_spec_load_string(s, name, text, n, &err) != SLO_OK ||
	    slo_spec_finish(s, &err) != SLO_OK)
		fail_msg("%s:%ld:%ld: %s", err.file, err.line, err.col, err.msg);
	return s;
}

/* The OpenSLO text of spec text, NUL-terminated (the caller frees). */
static char *
export(const char *text)
{
	slo_spec *s = load("in.yaml", text, strlen(text));
	slo_buf b = { 0 };
	slo_error err;

	if (slo_openslo_write(s, &b, &err) != SLO_OK)
		fail_msg("%s:%ld:%ld: %s", err.file, err.line, err.col, err.msg);
	assert_int_equal(slo_buf_putc(&b, '\0'), SLO_OK);
	slo_spec_free(s);
	return b.data;
}

static const char *
src(const slo_expr *e)
{
	return e ? slo_expr_source(e) : "(none)";
}

/* Every field the engine and the verdicts read, a and b alike. */
static void
assert_same_slo(const slo_spec_slo *a, const slo_spec_slo *b)
{
	const slo_objective *oa = &a->objective, *ob = &b->objective;
	size_t i;

	assert_string_equal(a->name, b->name);
	assert_string_equal(a->service ? a->service : "-",
	    b->service ? b->service : "-");
	assert_string_equal(a->description ? a->description : "-",
	    b->description ? b->description : "-");
	assert_string_equal(src(a->where), src(b->where));
	assert_int_equal(a->sli, b->sli);
	assert_string_equal(src(a->good), src(b->good));
	assert_string_equal(src(a->bad), src(b->bad));
	if (a->sli == SLO_SPEC_SLI_LATENCY) {
		assert_string_equal(a->latency_path, b->latency_path);
		assert_true(a->latency_threshold == b->latency_threshold);
		assert_int_equal(a->latency_inclusive, b->latency_inclusive);
		assert_int_equal(a->nquantiles, b->nquantiles);
		for (i = 0; i < a->nquantiles; i++)
			assert_true(a->quantiles[i] == b->quantiles[i]);
	}
	assert_true(oa->target == ob->target);
	assert_true(oa->window == ob->window);
	assert_int_equal(oa->calendar, ob->calendar);
	assert_int_equal(oa->budgeting, ob->budgeting);
	if (oa->budgeting != SLO_BUDGET_OCCURRENCES)
		assert_true(oa->slice == ob->slice);
	if (oa->budgeting == SLO_BUDGET_TIMESLICES)
		assert_true(oa->slice_target == ob->slice_target);
	assert_string_equal(a->timezone ? a->timezone : "-",
	    b->timezone ? b->timezone : "-");
	assert_int_equal(oa->nrules, ob->nrules);
	for (i = 0; i < oa->nrules; i++) {
		assert_int_equal(oa->rules[i].severity, ob->rules[i].severity);
		assert_true(oa->rules[i].long_window == ob->rules[i].long_window);
		assert_true(oa->rules[i].short_window ==
		    ob->rules[i].short_window);
		assert_true(oa->rules[i].burn == ob->rules[i].burn);
	}
	assert_string_equal(a->alert_policy ? a->alert_policy : "-",
	    b->alert_policy ? b->alert_policy : "-");
	assert_int_equal(a->ngroup_by, b->ngroup_by);
	for (i = 0; i < a->ngroup_by; i++)
		assert_string_equal(a->group_by[i], b->group_by[i]);
	assert_null(b->unevaluable);
}

/* text exported, read back: the same SLOs; exported again: the same text. */
static void
round_trip(const char *text)
{
	slo_spec *a = load("in.yaml", text, strlen(text)), *b;
	char *out = export(text), *again;
	size_t i;

	b = load("out.yaml", out, strlen(out));
	assert_int_equal(slo_spec_count(a), slo_spec_count(b));
	for (i = 0; i < slo_spec_count(a); i++)
		assert_same_slo(slo_spec_get(a, i), slo_spec_get(b, i));
	again = export(out);
	assert_string_equal(out, again);
	free(again);
	free(out);
	slo_spec_free(a);
	slo_spec_free(b);
}

static const char every_key[] =
    "slos:\n"
    "  - name: avail\n"
    "    description: checkout answers\n"
    "    service: checkout\n"
    "    where: 'route != \"/healthz\"'\n"
    "    good: 'status < 500'\n"
    "    objective: 99.9\n"
    "    window: 28d\n"
    "    group_by: [route, labels.tenant]\n"
    "    alerts: google-28d\n"
    "  - name: errors\n"
    "    bad: 'status >= 500'\n"
    "    target: 0.995\n"
    "    calendar: week\n"
    "    timezone: America/New_York\n"
    "    budgeting: ratio_timeslices\n"
    "    slice: 1h\n"
    "    alerts:\n"
    "      - {severity: page, long: 1h, short: 10m, burn: 14.4}\n"
    "      - {severity: ticket, long: 3d, short: 6h, burn: 1}\n"
    "  - name: latency\n"
    "    where: 'service == \"search\"'\n"
    "    latency: {threshold: 300ms, field: labels.took, op: lt}\n"
    "    quantiles: [0.99, 0.5]\n"
    "    objective: 99\n"
    "    calendar: month\n"
    "    timezone: Europe/Paris\n"
    "    budgeting: timeslices\n"
    "    slice: 5m\n"
    "    slice_target: 95%\n"
    "    alerts: none\n"
    "  - name: defaulted\n"
    "    good: ok\n"
    "    objective: 99\n"
    "    window: 1d\n";

static void
test_every_key_round_trips(void **state)
{
	(void)state;
	round_trip(every_key);
}

/*
 * Known answers: objective 99.9 is target 0.999; google-28d's rules keep
 * the workbook's budget shares over 28 days (slo-spec(5), "Alert policy
 * scaling"): 2% in 1h is 0.02 x 672h / 1h = 13.44, 5% in 6h is 0.05 x 672
 * / 6 = 5.6, 10% in 3d is 0.1 x 672 / 72 = 0.9333...; the short windows
 * 1h/12 = 5m, 6h/12 = 30m, 3d/12 = 6h need no annotation; 10m does.
 */
static void
test_known_answers(void **state)
{
	char *out = export(every_key);

	(void)state;
	assert_non_null(strstr(out, "  - target: 0.999\n"));
	assert_non_null(strstr(out, "            threshold: 13.44\n"
	    "            lookbackWindow: 1h\n            alertAfter: 5m\n"));
	assert_non_null(strstr(out, "            threshold: 5.6\n"
	    "            lookbackWindow: 6h\n            alertAfter: 30m\n"));
	assert_non_null(strstr(out, "            threshold: 0.9333333333333333\n"
	    "            lookbackWindow: 3d\n            alertAfter: 6h\n"));
	assert_non_null(strstr(out, "    slokit.dev/short-window.1: '10m'\n"));
	assert_null(strstr(out, "slokit.dev/short-window.2"));
	assert_non_null(strstr(out, "  - duration: 28d\n    isRolling: true\n"));
	assert_non_null(strstr(out, "  - duration: 1w\n    isRolling: false\n"));
	assert_non_null(strstr(out, "      timeZone: 'America/New_York'\n"));
	assert_non_null(strstr(out, "  budgetingMethod: RatioTimeslices\n"));
	/* 300ms in the field's unit (milliseconds); 95% as a fraction */
	assert_non_null(strstr(out, "  - op: lt\n    value: 300\n"
	    "    target: 0.99\n    timeSliceTarget: 0.95\n"
	    "    timeSliceWindow: 5m\n"));
	assert_non_null(strstr(out, "    slokit.dev/quantile.1: '0.5'\n"
	    "    slokit.dev/quantile.2: '0.99'\n"));
	assert_non_null(strstr(out, "    slokit.dev/group-by.2: 'labels.tenant'\n"));
	free(out);
}

/*
 * Strings YAML 1.1 or 1.2 would read as something else, or that break a
 * plain scalar: each comes back as the same string.
 */
static void
test_quoting(void **state)
{
	static const char *const names[] = {
		"yes", "no", "on", "off", "true", "null", "~", "123", "0x1F",
		"1e3", "- x", "a: b", "a #b", "#c", "'q'", "\"dq\"", "été",
		"[x]", "{y}", "*alias", "&anchor", "!tag", "%p", "@a", "`b`",
		"a\\b", "\xf0\x9f\x98\x80", " lead", "trail ", "2024-01-01",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		char text[512];
		slo_buf q = { 0 };

		/* the name as a JSON string, which is a YAML double-quoted one */
		assert_int_equal(slo_buf_json_cstr(&q, names[i]), SLO_OK);
		snprintf(text, sizeof text, "slos:\n  - name: %s\n"
		    "    description: %s\n    service: %s\n    good: ok\n"
		    "    objective: 99\n    window: 1d\n", q.data, q.data,
		    q.data);
		slo_buf_release(&q);
		round_trip(text);
	}
}

/*
 * metadata.name must be an RFC 1123 label: others get a slug, unique,
 * and keep their name in slokit.dev/name.  'a-b' is a label and keeps
 * itself; 'A b' and 'a b' both slug to 'a-b' and take -2 and -3.
 */
static void
test_names(void **state)
{
	static const char text[] =
	    "slos:\n"
	    "  - {name: 'A b', good: ok, objective: 99, window: 1d}\n"
	    "  - {name: 'a-b', good: ok, objective: 99, window: 1d}\n"
	    "  - {name: 'a b', good: ok, objective: 99, window: 1d}\n"
	    "  - {name: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', good: ok, objective: 99, window: 1d}\n"
	    "  - {name: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy', good: ok, objective: 99, window: 1d}\n"
	    "  - {name: '!!!', good: ok, objective: 99, window: 1d}\n";
	char *out = export(text);

	(void)state;
	assert_non_null(strstr(out, "  name: 'a-b-2'\n  annotations:\n"
	    "    slokit.dev/name: 'A b'\n"));
	assert_non_null(strstr(out, "  name: 'a-b'\n"));
	assert_non_null(strstr(out, "  name: 'a-b-3'\n  annotations:\n"
	    "    slokit.dev/name: 'a b'\n"));
	/* 63 x's; then 61 x's and -2, 63 in all */
	assert_non_null(strstr(out, "  name: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\n"));
	assert_non_null(strstr(out, "  name: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-2'\n"));
	assert_non_null(strstr(out, "  name: 'slo'\n"));
	free(out);
	round_trip(text);
}

/* What OpenSLO cannot carry: refused at its node, nothing appended. */
static void
test_refused(void **state)
{
	static const struct {
		const char *text;
		long line, col;
		const char *msg;
	} cases[] = {
		{ "slos:\n  - name: a\n    good: ok\n    objective: 99\n"
		  "    window: 90s\n", 5, 13, "window '1m30s' is not a whole "
		  "number of minutes" },
		{ "slos:\n  - name: a\n    good: ok\n    objective: 99\n"
		  "    window: 1h\n    budgeting: ratio_timeslices\n"
		  "    slice: 30s\n", 7, 12, "slice '30s'" },
		{ "slos:\n  - name: a\n    good: ok\n    objective: 99\n"
		  "    window: 1d\n    alerts:\n      - {severity: page, "
		  "long: 1h, short: 90s, burn: 2}\n", 7, 32,
		  "alert window '1m30s'" },
		{ "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: r}\n"
		  "spec:\n  indicator:\n    metadata: {name: r}\n    spec:\n"
		  "      ratioMetric:\n        rawType: success\n        raw:\n"
		  "          metricSource: {type: slokit, spec: {where: ok}}\n"
		  "  timeWindow: [{duration: 1d, isRolling: true}]\n"
		  "  objectives: [{target: 0.9}]\n", 10, 9, "a raw ratio" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		slo_spec *s = load("in.yaml", cases[i].text,
		    strlen(cases[i].text));
		slo_buf b = { 0 };
		slo_error err;

		assert_int_equal(slo_buf_puts(&b, "kept"), SLO_OK);
		assert_int_equal(slo_openslo_write(s, &b, &err), SLO_EINVAL);
		assert_int_equal(b.len, 4);
		assert_string_equal(err.file, "in.yaml");
		if (err.line != cases[i].line || err.col != cases[i].col ||
		    strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: %ld:%ld: %s", i, err.line, err.col,
			    err.msg);
		slo_buf_release(&b);
		slo_spec_free(s);
	}
}

/*
 * An OpenSLO SLO over Prometheus, no mapping: valid, not evaluable, and
 * written with its sources as read (plain scalars plain, quoted ones
 * quoted), which read back as the same unmapped SLO.
 */
static void
test_foreign_source(void **state)
{
	static const char text[] =
	    "apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: p}\n"
	    "spec:\n  indicator:\n    metadata: {name: p-sli}\n    spec:\n"
	    "      ratioMetric:\n        counter: true\n"
	    "        bad:\n          metricSource:\n"
	    "            type: Prometheus\n"
	    "            spec: {query: 'sum(x{code=~\"5..\"})', step: 60}\n"
	    "        total:\n          metricSource:\n"
	    "            type: Prometheus\n"
	    "            spec: {query: sum(x), step: '60'}\n"
	    "  timeWindow: [{duration: 1d, isRolling: true}]\n"
	    "  objectives: [{target: 0.9}]\n";
	char *out = export(text), *again;
	slo_spec *b;

	(void)state;
	assert_non_null(strstr(out, "        bad:\n          metricSource:\n"
	    "            type: Prometheus\n            spec:\n"
	    "              query: 'sum(x{code=~\"5..\"})'\n"
	    "              step: 60\n"));
	assert_non_null(strstr(out, "              query: sum(x)\n"
	    "              step: '60'\n"));
	b = load("out.yaml", out, strlen(out));
	assert_int_equal(slo_spec_count(b), 1);
	assert_non_null(slo_spec_get(b, 0)->unevaluable);
	again = export(out);
	assert_string_equal(out, again);
	free(again);
	free(out);
	slo_spec_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_key_round_trips),
		cmocka_unit_test(test_known_answers),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_foreign_source),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
