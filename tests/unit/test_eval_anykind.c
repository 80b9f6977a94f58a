/*
 * test_eval_anykind.c — SLOs over any kind of event (issue 21.2): the
 * spec keys events, duration and cost and what they refuse; deploy
 * failure rate, contract and schema check rates, incident durations
 * (across midnight and a DST change) with their median and p90, cost per
 * request summed exactly; rollups refusing what they cannot carry; -j
 * merges exact for every new SLI.  Every expected figure is computed by
 * hand in the comment next to it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "duration_int.h"
#include "slo_eval.h"
#include "slo_rollup.h"

#include "eval_helpers.h"

static slo_ns
at_of(const char *rfc3339)
{
	slo_ns t;

	assert_int_equal(slo_time_parse(rfc3339, strlen(rfc3339), &t, NULL), SLO_OK);
	return t;
}

/* ---- the spec: what it refuses, where -------------------------------- */

struct bad {
	const char *text;
	long line, col;
	const char *msg;
};

#define HEAD "slos:\n  - name: x\n"
static const struct bad bad_specs[] = {
	/* the did-you-mean of lib/spec/suggest.c; col 13 is the value */
	{ HEAD "    events: deplyo\n    good: ok\n    objective: 99\n"
	  "    window: 1d\n", 3, 13,
	  "unknown event kind 'deplyo'; did you mean 'deploy'?" },
	{ HEAD "    events: rollup\n    good: ok\n    objective: 99\n"
	  "    window: 1d\n", 3, 13, "unknown event kind 'rollup'" },
	/* '    where: 'suite == "contract" && status == 200'': the quote at
	 * col 12, suite at 13, status 23 bytes later at 36 */
	{ HEAD "    events: check\n"
	  "    where: 'suite == \"contract\" && status == 200'\n"
	  "    good: 'result == \"pass\"'\n    objective: 99\n    window: 1d\n",
	  4, 36, "'status' is not a field of check events (they have kind, "
	  "ts, service, cohort, region, version, result, suite, name, labels)" },
	/* good: 'status < 500' on deploys: status at col 12 */
	{ HEAD "    events: deploy\n    good: 'status < 500'\n"
	  "    objective: 99\n    window: 1d\n", 4, 12,
	  "'status' is not a field of deploy events" },
	/* the default kind is request: a request has no severity */
	{ HEAD "    good: 'severity != \"critical\"'\n    objective: 99\n"
	  "    window: 1d\n", 3, 12, "'severity' is not a field of request events" },
	/* group_by a field deploys never carry: '[' at col 15, route 16 */
	{ HEAD "    events: deploy\n    good: 'result == \"success\"'\n"
	  "    objective: 99\n    window: 1d\n    group_by: [route]\n", 7, 16,
	  "'route' is not a field of deploy events" },
	/* latency_ms (the latency SLI's default field) on checks */
	{ HEAD "    events: check\n    latency: {threshold: 5}\n"
	  "    objective: 99\n    window: 1d\n", 4, 14,
	  "'latency_ms' is not a field of check events" },
	/* a cost SLI's where reads cost events and requests: route only
	 * requests have (the quote at col 12, route at 13) */
	{ HEAD "    cost: {per: request, max: 0.002, currency: USD}\n"
	  "    where: 'route == \"/a\"'\n    window: 1d\n", 4, 13,
	  "'route' is not a field of cost events" },
	/* '{' at col 15: from: 16, detected 22, to: 32, open 36 */
	{ HEAD "    duration: {from: detected, to: open, threshold: 5m}\n"
	  "    objective: 90\n    window: 30d\n", 3, 36,
	  "'to: open' must come after 'from: detected'" },
	/* from: 16, open 22, to: 28, detectd 32 */
	{ HEAD "    duration: {from: open, to: detectd, threshold: 5m}\n"
	  "    objective: 90\n    window: 30d\n", 3, 32,
	  "unknown incident state 'detectd'; did you mean 'detected'?" },
	{ HEAD "    duration: {from: open, to: detected}\n"
	  "    objective: 90\n    window: 30d\n", 3, 15,
	  "missing 'threshold' in 'duration'" },
	{ HEAD "    events: deploy\n"
	  "    duration: {from: open, to: detected, threshold: 5m}\n"
	  "    objective: 90\n    window: 30d\n", 3, 13,
	  "a 'duration' SLI counts incident events, not deploy events" },
	{ HEAD "    good: ok\n"
	  "    duration: {from: open, to: detected, threshold: 5m}\n"
	  "    objective: 90\n    window: 30d\n", 4, 5,
	  "'good' and 'duration' exclude each other: give one" },
	/* '{' at 11: per: 12, request 17, max: 26, 0.002 31, currency: 38,
	 * usd 48 */
	{ HEAD "    cost: {per: request, max: 0.002, currency: usd}\n"
	  "    window: 1d\n", 3, 48,
	  "currency 'usd' is not an ISO 4217 code" },
	{ HEAD "    cost: {per: request, max: 0, currency: USD}\n"
	  "    window: 1d\n", 3, 31, "max '0' must be above 0" },
	{ HEAD "    cost: {per: cost, max: 1, currency: USD}\n"
	  "    window: 1d\n", 3, 17, "'per: cost' divides the cost by itself" },
	{ HEAD "    cost: {per: request, max: 1}\n    window: 1d\n", 3, 11,
	  "missing 'currency' in 'cost'" },
	{ HEAD "    cost: {per: request, max: 1, currency: USD}\n"
	  "    objective: 99\n    window: 1d\n", 4, 5,
	  "'objective' does not apply to a 'cost' SLI" },
	{ HEAD "    cost: {per: request, max: 1, currency: USD}\n"
	  "    alerts: google-30d\n    window: 1d\n", 4, 5,
	  "'alerts' does not apply to a 'cost' SLI" },
	{ HEAD "    events: cost\n    cost: {per: request, max: 1, currency: USD}\n"
	  "    window: 1d\n", 3, 5, "'events' does not go with 'cost'" },
	{ NULL, 0, 0, NULL }
};

static void
test_spec_refusals(void **state)
{
	int bad = 0;

	(void)state;
	for (const struct bad *b = bad_specs; b->text != NULL; b++) {
		slo_spec *s = slo_spec_new();
		slo_error err;
		slo_status st;

		slo_error_clear(&err);
		st = slo_spec_load_string(s, "t.yaml", b->text, strlen(b->text), &err);
		if (st == SLO_OK)
			st = slo_spec_finish(s, &err);
		if (st == SLO_OK || err.line != b->line || err.col != b->col ||
		    strstr(err.msg, b->msg) == NULL || strcmp(err.file, "t.yaml") != 0) {
			print_error("-----\n%sgot %d %s:%ld:%ld '%s'; want %ld:%ld '%s'\n",
			    b->text, st, err.file, err.line, err.col, err.msg,
			    b->line, b->col, b->msg);
			bad++;
		}
		slo_spec_free(s);
	}
	assert_int_equal(bad, 0);
}

static void
test_spec_fields(void **state)
{
	slo_spec *s = spec_of(
	    "slos:\n"
	    "  - name: ttd\n"
	    "    where: 'severity == \"critical\"'\n"
	    "    duration: {from: open, to: detected, threshold: 5m}\n"
	    "    objective: 90\n"
	    "    window: 30d\n"
	    "  - name: cpr\n"
	    "    service: shop\n"
	    "    cost: {max: 0.002, currency: USD}\n"
	    "    window: 7d\n"
	    "  - name: flags-ok\n"
	    "    events: flag\n"
	    "    good: 'error == null'\n"
	    "    objective: 99\n"
	    "    window: 1d\n"
	    "  - name: mem\n"
	    "    events: resource\n"
	    "    good: 'memory_bytes < 1000'\n"
	    "    objective: 99\n"
	    "    window: 1d\n");
	const slo_spec_slo *x;

	(void)state;
	x = slo_spec_find(s, "ttd");
	assert_int_equal(x->kind, SLO_KIND_INCIDENT);
	assert_int_equal(x->sli, SLO_SPEC_SLI_DURATION);
	assert_string_equal(x->duration_from, "open");
	assert_string_equal(x->duration_to, "detected");
	assert_true(x->duration_threshold == 5 * SLO_NS_PER_MIN);
	/* median and p90 unless it names its own */
	assert_int_equal(x->nquantiles, 2);
	assert_true(x->quantiles[0] == 0.5 && x->quantiles[1] == 0.9);
	assert_true(x->objective.target == 0.9);
	x = slo_spec_find(s, "cpr");
	assert_int_equal(x->kind, SLO_KIND_COST);
	assert_int_equal(x->sli, SLO_SPEC_SLI_COST);
	assert_int_equal(x->cost_per, SLO_KIND_REQUEST); /* per's default */
	assert_true(x->cost_max == 0.002);
	assert_string_equal(x->cost_currency, "USD");
	assert_int_equal(x->objective.nrules, 0);
	x = slo_spec_find(s, "flags-ok");
	assert_int_equal(x->kind, SLO_KIND_FLAG);
	x = slo_spec_find(s, "mem");
	assert_int_equal(x->kind, SLO_KIND_RESOURCE);
	slo_spec_free(s);
}

/* ---- deploys and checks ---------------------------------------------- */

static void
test_deploy_failure_rate(void **state)
{
	/* deployment failure rate = (failure + rollback) / deploys */
	static const char *const ev[] = {
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-20T10:00:00Z\",\"result\":\"success\"}",
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-20T11:00:00Z\",\"result\":\"success\"}",
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-21T10:00:00Z\",\"result\":\"failure\"}",
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-21T12:00:00Z\",\"result\":\"success\"}",
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-22T10:00:00Z\",\"result\":\"rollback\"}",
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-23T10:00:00Z\",\"result\":\"success\"}",
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-24T10:00:00Z\",\"result\":\"success\"}",
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-25T10:00:00Z\",\"result\":\"success\"}",
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-25T11:00:00Z\",\"result\":\"failure\"}",
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-26T10:00:00Z\",\"result\":\"success\"}",
		/* another service and a request: neither counts */
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-26T10:00:00Z\",\"service\":\"b\",\"result\":\"failure\"}",
		"{\"ts\":\"2026-11-26T11:00:00Z\",\"status\":500}",
	};
	slo_spec *s = spec_of(
	    "slos:\n"
	    "  - name: deploys\n"
	    "    events: deploy\n"
	    "    where: '!(service == \"b\")'\n"
	    "    good: 'result == \"success\"'\n"
	    "    objective: 80\n"
	    "    window: 30d\n");
	slo_eval *e = slo_eval_new(s, NULL, NULL);
	const slo_verdict *v;

	(void)state;
	feed(e, ev, sizeof ev / sizeof ev[0]);
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	v = find(e, "deploys", NULL);
	/* 10 deploys of service != b: 7 success, 2 failure, 1 rollback;
	 * failure rate 3/10 = 0.3, SLI 0.7 < 0.8: breached; budget allowed
	 * (1 - 0.8) x 10 = 2 bad, consumed 3/2 = 1.5 */
	assert_int_equal(v->result.window.events_total, 10);
	assert_int_equal(v->result.window.events_good, 7);
	assert_float_equal(v->result.window.sli, 0.7, 1e-12);
	assert_float_equal(v->result.consumed, 1.5, 1e-9);
	assert_int_equal(v->result.status, SLO_STATE_BREACHED);
	/* the newest counted event sets --at: the request at 11:00 */
	assert_true(slo_eval_at(e) == at_of("2026-11-26T11:00:00Z"));
	slo_eval_free(e);
	slo_spec_free(s);
}

/*
 * The fields of resource events read by an SLO's expressions (from the
 * line: the decoder hands these kinds to jansson, lib/event_fast.c), and
 * on a request the same names as the unknown fields they are there,
 * which check_kind_fields() lets pass.
 */
static void
test_kind_fields_read(void **state)
{
	static const char *const ev[] = {
		/* resource: 0.25 of 0.5 cores good, 0.75 bad */
		"{\"kind\":\"resource\",\"ts\":\"2026-11-26T10:00:00Z\",\"instance\":\"a\",\"cpu_cores\":0.25,\"cpu_limit_cores\":0.5}",
		"{\"kind\":\"resource\",\"ts\":\"2026-11-26T10:01:00Z\",\"instance\":\"b\",\"cpu_cores\":0.75,\"cpu_limit_cores\":0.5}",
		/* a request with an unknown field "name" */
		"{\"ts\":\"2026-11-26T10:02:00Z\",\"status\":200,\"name\":\"GET /cart\"}",
		"{\"ts\":\"2026-11-26T10:03:00Z\",\"status\":200,\"name\":\"GET /other\"}",
	};
	slo_spec *s = spec_of(
	    "slos:\n"
	    "  - name: cpu-under-limit\n"
	    "    events: resource\n"
	    "    where: 'instance ~ \"^[ab]$\"'\n"
	    "    good: 'cpu_cores <= cpu_limit_cores'\n"
	    "    objective: 90\n"
	    "    window: 1d\n"
	    "  - name: cart\n"
	    "    where: 'name == \"GET /cart\"'\n"
	    "    good: ok\n"
	    "    objective: 90\n"
	    "    window: 1d\n");
	slo_eval *e = slo_eval_new(s, NULL, NULL);
	const slo_verdict *v;

	(void)state;
	feed(e, ev, sizeof ev / sizeof ev[0]);
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	v = find(e, "cpu-under-limit", NULL);
	assert_int_equal(v->result.window.events_total, 2);
	assert_int_equal(v->result.window.events_good, 1);
	v = find(e, "cart", NULL);
	assert_int_equal(v->result.window.events_total, 1);
	slo_eval_free(e);
	slo_spec_free(s);
}

static void
test_check_rates(void **state)
{
	static const char *const ev[] = {
#define CHK(suite, name, res) "{\"kind\":\"check\",\"ts\":\"2026-11-26T07:05:00Z\"," \
	"\"suite\":\"" suite "\",\"name\":\"" name "\",\"result\":\"" res "\"}"
		CHK("contract", "a", "pass"), CHK("contract", "b", "pass"),
		CHK("contract", "c", "pass"), CHK("contract", "d", "fail"),
		CHK("contract", "e", "error"), CHK("contract", "f", "skip"),
		CHK("contract", "g", "skip"),
		CHK("schema", "v2", "pass"), CHK("schema", "v3", "fail"),
		CHK("acceptance", "x", "fail"),
#undef CHK
	};
	slo_spec *s = spec_of(
	    "slos:\n"
	    "  - name: contract\n"
	    "    events: check\n"
	    "    where: 'suite == \"contract\"'\n"
	    "    good: 'result == \"pass\"'\n"
	    "    objective: 99\n"
	    "    window: 1d\n"
	    "  - name: schema\n"
	    "    events: check\n"
	    "    where: 'suite == \"schema\"'\n"
	    "    bad: 'result == \"fail\"'\n"
	    "    objective: 99\n"
	    "    window: 1d\n");
	slo_eval *e = slo_eval_new(s, NULL, NULL);
	const slo_verdict *v;

	(void)state;
	feed(e, ev, sizeof ev / sizeof ev[0]);
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	/* contract: 7 runs, 2 skipped (not counted): 5 counted, 3 pass; the
	 * error is bad (not a pass): 3/5 = 0.6 */
	v = find(e, "contract", NULL);
	assert_int_equal(v->result.window.events_total, 5);
	assert_int_equal(v->result.window.events_good, 3);
	assert_int_equal(v->result.status, SLO_STATE_BREACHED);
	/* schema compatibility: 1 of 2 */
	v = find(e, "schema", NULL);
	assert_int_equal(v->result.window.events_total, 2);
	assert_int_equal(v->result.window.events_good, 1);
	slo_eval_free(e);
	slo_spec_free(s);
}

/* ---- durations -------------------------------------------------------- */

#define INC(ts, id, state, sev) "{\"kind\":\"incident\",\"ts\":\"" ts "\"," \
	"\"id\":\"" id "\",\"state\":\"" state "\"" sev "}"
#define CRIT ",\"severity\":\"critical\""
#define HIGH ",\"severity\":\"high\""
static const char *const incidents[] = {
	/* A: across midnight UTC, 23:58:00 -> 00:02:30 = 4m30s (270 s) */
	INC("2026-11-26T23:58:00Z", "A", "open", ""),
	INC("2026-11-27T00:02:30Z", "A", "detected", CRIT),
	/*
	 * B: across the end of summer time in Paris (2026-10-25, 03:00
	 * CEST = 01:00 UTC -> 02:00 CET).  Open 02:50+02:00 = 00:50Z,
	 * detected 02:10+01:00 = 01:10Z: 20 minutes (1200 s), though the
	 * local clock reads 40 minutes earlier.
	 */
	INC("2026-10-25T02:50:00+02:00", "B", "open", ""),
	INC("2026-10-25T02:10:00+01:00", "B", "detected", HIGH),
	/* C 1m, D 3m, E 9m; D's detection comes before its open in input */
	INC("2026-11-10T10:00:00Z", "C", "open", ""),
	INC("2026-11-10T10:01:00Z", "C", "detected", CRIT),
	INC("2026-11-10T10:03:00Z", "D", "detected", CRIT),
	INC("2026-11-10T10:00:00Z", "D", "open", ""),
	INC("2026-11-12T08:00:00Z", "E", "open", ""),
	INC("2026-11-12T08:09:00Z", "E", "detected", HIGH),
	/* states the SLI does not read */
	INC("2026-11-12T08:30:00Z", "E", "mitigated", HIGH),
	INC("2026-11-12T09:00:00Z", "E", "resolved", HIGH),
	/* a second, later detection of C: the earliest counts */
	INC("2026-11-10T10:30:00Z", "C", "detected", CRIT),
	/* F open 23:50, never detected: at 00:00 open 10m > 5m, overdue */
	INC("2026-11-29T23:50:00Z", "F", "open", ""),
	/* G open 23:58: 2m at 00:00, still open, not counted */
	INC("2026-11-29T23:58:00Z", "G", "open", ""),
	/* H detected with no open: unmatched */
	INC("2026-11-20T10:00:00Z", "H", "detected", CRIT),
	/* I open 23:59, detected after --at: open at the instant (1m) */
	INC("2026-11-29T23:59:00Z", "I", "open", ""),
	INC("2026-11-30T00:30:00Z", "I", "detected", CRIT),
};
#define NINC (sizeof incidents / sizeof incidents[0])

static const char dur_yaml[] =
    "slos:\n"
    "  - name: ttd\n"
    "    duration: {from: open, to: detected, threshold: 5m}\n"
    "    objective: 90\n"
    "    window: 60d\n"
    "    alerts: none\n"
    "  - name: ttd-critical\n"
    "    where: 'severity == \"critical\"'\n"
    "    duration: {from: open, to: detected, threshold: 5m}\n"
    "    objective: 90\n"
    "    window: 60d\n"
    "    alerts: none\n"
    "  - name: ttd-by-severity\n"
    "    duration: {from: open, to: detected, threshold: 5m}\n"
    "    objective: 90\n"
    "    window: 60d\n"
    "    group_by: severity\n"
    "    alerts: none\n";

/* The incidents evaluated under dur_yaml at instant at, finished. */
static slo_eval *
incidents_at(const slo_spec *s, const char *at)
{
	slo_eval_config cfg;
	slo_eval *e;

	slo_eval_config_init(&cfg);
	cfg.at = at_of(at);
	assert_non_null(e = slo_eval_new(s, &cfg, NULL));
	feed(e, incidents, NINC);
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	return e;
}

static void
test_durations(void **state)
{
	slo_spec *s = spec_of(dur_yaml);
	slo_eval *e = incidents_at(s, "2026-11-30T00:00:00Z");
	const slo_verdict *v;

	(void)state;

	/*
	 * ttd: done A 270 s, B 1200 s, C 60 s, D 180 s, E 540 s; good
	 * (<= 300 s): A, C, D.  F overdue: counted bad.  G and I open, H
	 * unmatched: not counted.  6 counted, 3 good: SLI 0.5.
	 */
	v = find(e, "ttd", NULL);
	assert_int_equal(v->result.window.events_total, 6);
	assert_int_equal(v->result.window.events_good, 3);
	assert_int_equal(v->incidents_open, 2);
	assert_int_equal(v->incidents_overdue, 1);
	assert_int_equal(v->incidents_unmatched, 1);
	assert_int_equal(v->incidents_untracked, 0);
	assert_int_equal(v->result.status, SLO_STATE_BREACHED);
	/*
	 * Quantiles of the 5 known durations, sorted 60, 180, 270, 540,
	 * 1200 s, nearest rank (slo_sketch_quantile): median rank
	 * ceil(0.5 x 5) = 3 -> 270 s; p90 rank ceil(0.9 x 5) = 5 -> 1200 s,
	 * the max, exact; others within the sketch's 1 % (SLO_SKETCH_ALPHA).
	 */
	assert_true(v->has_quantiles);
	assert_float_equal(v->quantiles[0], 270000, 270000 * SLO_SKETCH_ALPHA);
	assert_float_equal(v->quantiles[1], 1200000, 1e-6);

	/*
	 * ttd-critical: where on the detected event.  A (270), C (60), D
	 * (180) critical and good; H critical but unmatched; I critical but
	 * detected after --at, and its open event has no severity: not
	 * open for this SLO.  3 of 3: met.  Median rank ceil(1.5) = 2 ->
	 * 180 s; p90 rank ceil(2.7) = 3 -> 270 s (the max).
	 */
	v = find(e, "ttd-critical", NULL);
	assert_int_equal(v->result.window.events_total, 3);
	assert_int_equal(v->result.window.events_good, 3);
	assert_int_equal(v->incidents_open, 0);
	assert_int_equal(v->incidents_unmatched, 1);
	assert_int_equal(v->result.status, SLO_STATE_OK);
	assert_float_equal(v->quantiles[0], 180000, 180000 * SLO_SKETCH_ALPHA);
	assert_float_equal(v->quantiles[1], 270000, 1e-6);

	/* by severity: high = B (1200) and E (540), both bad */
	v = find(e, "ttd-by-severity", "high");
	assert_int_equal(v->result.window.events_total, 2);
	assert_int_equal(v->result.window.events_good, 0);
	slo_eval_free(e);
	slo_spec_free(s);
}

/* An incident counts at its `to` event: before it, not at all. */
static void
test_duration_counted_at_to(void **state)
{
	slo_spec *s = spec_of(dur_yaml);
	/* 2026-11-10T10:02Z: C done (1m), D open for 2m: open */
	slo_eval *e = incidents_at(s, "2026-11-10T10:02:00Z");
	const slo_verdict *v;

	(void)state;
	v = find(e, "ttd", NULL);
	/* B (Oct 25) and C in the 60d window; D, E... later or open */
	assert_int_equal(v->result.window.events_total, 2);
	assert_int_equal(v->result.window.events_good, 1);
	assert_int_equal(v->incidents_open, 1);
	slo_eval_free(e);
	slo_spec_free(s);
}

/*
 * The incident table alone: the earliest event of a state wins whatever
 * the order, ties broken by where, then the key; two tables merge into
 * what one fed everything holds; past the bound, ids are counted, not
 * kept.
 */
static void
test_incident_table(void **state)
{
	slo_incidents *one = slo_incidents_new(0), *a = slo_incidents_new(0),
	    *b = slo_incidents_new(0), *small = slo_incidents_new(2);
	const slo_incident *r = NULL;

	(void)state;
	/* X: to at 50 (key "b", where false), 40 ("c"), 40 ("a", where
	 * true): the earliest is 40, where true before false, then "a" */
	assert_int_equal(slo_incidents_note(one, "X", 1, 50, 0, "b", 1), SLO_OK);
	assert_int_equal(slo_incidents_note(one, "X", 1, 40, 0, "c", 1), SLO_OK);
	assert_int_equal(slo_incidents_note(one, "X", 1, 40, 1, "a", 1), SLO_OK);
	assert_int_equal(slo_incidents_note(one, "X", 0, 10, 1, "", 0), SLO_OK);
	/* the same events split the other way round over two tables */
	assert_int_equal(slo_incidents_note(b, "X", 1, 40, 1, "a", 1), SLO_OK);
	assert_int_equal(slo_incidents_note(a, "X", 0, 10, 1, "", 0), SLO_OK);
	assert_int_equal(slo_incidents_note(a, "X", 1, 40, 0, "c", 1), SLO_OK);
	assert_int_equal(slo_incidents_note(b, "X", 1, 50, 0, "b", 1), SLO_OK);
	assert_int_equal(slo_incidents_merge(b, a), SLO_OK);
	for (int t = 0; t < 2; t++) {
		slo_incidents *x = t ? b : one;

		assert_int_equal(slo_incidents_count(x), 1);
		for (size_t i = 0; i < slo_incidents_slots(x); i++)
			if (slo_incidents_slot(x, i) != NULL)
				r = slo_incidents_slot(x, i);
		assert_non_null(r);
		assert_string_equal(r->id, "X");
		assert_true(r->from.ts == 10 && r->to.ts == 40);
		assert_int_equal(r->to.match, 1);
		assert_int_equal(r->to.keylen, 1);
		assert_memory_equal(r->to.key, "a", 1);
	}
	/* a bound of 2: the third id is untracked, its record never made */
	assert_int_equal(slo_incidents_note(small, "A", 0, 1, 1, "", 0), SLO_OK);
	assert_int_equal(slo_incidents_note(small, "B", 0, 1, 1, "", 0), SLO_OK);
	assert_int_equal(slo_incidents_note(small, "C", 0, 1, 1, "", 0), SLO_OK);
	assert_int_equal(slo_incidents_note(small, "C", 1, 2, 1, "", 0), SLO_OK);
	assert_int_equal(slo_incidents_note(small, "A", 1, 2, 1, "", 0), SLO_OK);
	assert_int_equal(slo_incidents_count(small), 2);
	assert_int_equal(slo_incidents_untracked(small), 2);
	slo_incidents_free(one);
	slo_incidents_free(a);
	slo_incidents_free(b);
	slo_incidents_free(small);
}

/* ---- cost -------------------------------------------------------------- */

static slo_event
cost_event(slo_ns ts, double amount, const char *cur)
{
	slo_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_COST;
	ev.has = SLO_HAS_TS | SLO_HAS_AMOUNT;
	ev.ts = ts;
	ev.amount = amount;
	ev.currency = cur;
	return ev;
}

static void
test_cost_exact(void **state)
{
	slo_spec *s = spec_of(
	    "slos:\n"
	    "  - name: cpr\n"
	    "    cost: {per: request, max: 0.5, currency: USD}\n"
	    "    window: 1d\n");
	slo_eval *e = slo_eval_new(s, NULL, NULL);
	slo_ns t = at_of("2026-11-26T10:00:00Z");
	slo_error err;
	const slo_verdict *v;
	double naive = 0;

	(void)state;
	/*
	 * 0.1 + 0.2, 10^6 times: 300000 exactly.  Summed as doubles the
	 * total drifts (asserted below, so this test shows what it guards
	 * against); in units of 10^-9 it is 3 x 10^14, exact.
	 */
	for (int i = 0; i < 1000000; i++) {
		slo_event a = cost_event(t, 0.1, "USD");
		slo_event b = cost_event(t + 1, 0.2, "USD");

		assert_int_equal(slo_eval_add(e, &a, &err), SLO_OK);
		assert_int_equal(slo_eval_add(e, &b, &err), SLO_OK);
		naive += 0.1;
		naive += 0.2;
	}
	assert_true(naive != 300000.0);
	{
		slo_event eur = cost_event(t, 7, "EUR");

		assert_int_equal(slo_eval_add(e, &eur, &err), SLO_OK);
	}
	/* 10^6 requests: cost per request 300000 / 10^6 = 0.3 <= 0.5 */
	for (int i = 0; i < 1000000; i++) {
		slo_event r;

		memset(&r, 0, sizeof r);
		r.kind = SLO_KIND_REQUEST;
		r.has = SLO_HAS_TS | SLO_HAS_STATUS;
		r.ts = t;
		r.status = 200;
		r.ok = 1;
		assert_int_equal(slo_eval_add(e, &r, &err), SLO_OK);
	}
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	v = find(e, "cpr", NULL);
	assert_true(v->cost_nano == 300000000000000ULL);
	assert_true(v->cost_sum == 300000.0);
	assert_int_equal(v->cost_events, 2000000);
	assert_int_equal(v->cost_other_currency, 1); /* the EUR: not added */
	assert_int_equal(v->per_events, 1000000);
	assert_true(v->cost_ratio == 0.3);
	assert_int_equal(v->result.status, SLO_STATE_OK);
	slo_eval_free(e);
	slo_spec_free(s);
}

static void
test_cost_ceiling(void **state)
{
	static const char *const ev[] = {
		"{\"kind\":\"cost\",\"ts\":\"2026-11-26T00:00:00Z\",\"service\":\"shop\",\"amount\":0.005,\"currency\":\"USD\"}",
		"{\"kind\":\"cost\",\"ts\":\"2026-11-26T06:00:00Z\",\"service\":\"shop\",\"amount\":0.002,\"currency\":\"USD\"}",
		/* another service: where leaves it out */
		"{\"kind\":\"cost\",\"ts\":\"2026-11-26T06:00:00Z\",\"service\":\"bank\",\"amount\":100,\"currency\":\"USD\"}",
		"{\"ts\":\"2026-11-26T10:00:00Z\",\"service\":\"shop\",\"status\":200}",
		"{\"ts\":\"2026-11-26T10:00:01Z\",\"service\":\"shop\",\"status\":500}",
		"{\"ts\":\"2026-11-26T10:00:02Z\",\"service\":\"bank\",\"status\":200}",
	};
	slo_spec *s = spec_of(
	    "slos:\n"
	    "  - name: cheap\n"
	    "    service: shop\n"
	    "    cost: {per: request, max: 0.0035, currency: USD}\n"
	    "    window: 1d\n"
	    "  - name: cheaper\n"
	    "    service: shop\n"
	    "    cost: {per: request, max: 0.0034, currency: USD}\n"
	    "    window: 1d\n"
	    "  - name: none\n"
	    "    service: nobody\n"
	    "    cost: {per: request, max: 1, currency: USD}\n"
	    "    window: 1d\n");
	slo_eval *e = slo_eval_new(s, NULL, NULL);
	const slo_verdict *v;

	(void)state;
	feed(e, ev, sizeof ev / sizeof ev[0]);
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	/* shop: (0.005 + 0.002) / 2 requests = 0.0035: at the ceiling is met */
	v = find(e, "cheap", NULL);
	assert_true(v->cost_sum == 0.007);
	assert_int_equal(v->per_events, 2);
	assert_true(v->cost_ratio == 0.0035);
	assert_int_equal(v->result.status, SLO_STATE_OK);
	v = find(e, "cheaper", NULL);
	assert_int_equal(v->result.status, SLO_STATE_BREACHED);
	v = find(e, "none", NULL);
	assert_int_equal(v->result.status, SLO_STATE_NO_DATA);
	assert_int_equal(slo_eval_exit_code(e), SLO_EXIT_FAIL);
	slo_eval_free(e);
	slo_spec_free(s);
}

/* ---- rollups ----------------------------------------------------------- */

/*
 * slo-ingest --rollup writes events of other kinds as they come: an SLO
 * over them, or a duration, needs no counts in the rows (it is carried
 * by those events) and is left out of them; a cost per request would
 * need the requests the rows fold away, and is refused.
 */
static void
test_rollups(void **state)
{
	static const char *const yaml[] = {
	    "slos:\n  - name: d\n    events: deploy\n    good: 'result == \"success\"'\n"
	    "    objective: 90\n    window: 1d\n",
	    "slos:\n  - name: t\n    duration: {from: open, to: detected, threshold: 5m}\n"
	    "    objective: 90\n    window: 1d\n",
	    "slos:\n  - name: c\n    cost: {per: deploy, max: 1, currency: USD}\n"
	    "    window: 1d\n",
	    "slos:\n  - name: c\n    cost: {max: 1, currency: USD}\n    window: 1d\n",
	};
	static const char *const req =
	    "{\"ts\":\"2026-11-26T10:00:00Z\",\"status\":200}";

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		slo_spec *s = spec_of(yaml[i]);
		slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
		slo_event_decoder *dec = slo_event_decoder_new();
		slo_error err;
		slo_event ev;

		if (i < 3) {
			assert_int_equal(slo_rollup_add_spec(r, s, &err), SLO_OK);
			assert_int_equal(slo_event_decode(dec, req, strlen(req),
			    &ev, &err), SLO_OK);
			assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
			assert_int_equal(slo_rollup_nrows(r), 1);
			/* no counts for the SLO in the row */
			assert_int_equal(slo_rollup_row_at(r, 0)->nslos, 0);
		} else {
			assert_int_equal(slo_rollup_add_spec(r, s, &err), SLO_EINVAL);
			assert_non_null(strstr(err.msg, "slo 'c' divides cost by "
			    "requests, which rollup lines fold away"));
			assert_int_equal(err.line, 2);
			assert_int_equal(err.col, 5);
		}
		slo_event_decoder_free(dec);
		slo_rollup_free(r);
		slo_spec_free(s);
	}
}

/* ---- -j merges -------------------------------------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
render(slo_eval *e, slo_buf *out)
{
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	assert_int_equal(slo_eval_render(e, SLO_FMT_NDJSON, 0, out), SLO_OK);
	assert_int_equal(slo_eval_render(e, SLO_FMT_TABLE, 0, out), SLO_OK);
}

/*
 * The lines cut into chunks, fed in a shuffled order to 2..4 engines,
 * merged in a shuffled order, must render as one engine fed everything
 * in order (the pattern of test_engine_merge.c): an incident's events in
 * different engines, equal-time detections of different severity, costs
 * split across engines.
 */
static void
test_merge_exact(void **state)
{
	static const char *const extra[] = {
		INC("2026-11-20T10:05:00Z", "T", "open", ""),
		/* two detections at the same instant: the tie is ordered */
		INC("2026-11-20T10:07:00Z", "T", "detected", HIGH),
		INC("2026-11-20T10:07:00Z", "T", "detected", CRIT),
		"{\"kind\":\"cost\",\"ts\":\"2026-11-26T00:00:00Z\",\"amount\":0.1,\"currency\":\"USD\"}",
		"{\"kind\":\"cost\",\"ts\":\"2026-11-26T00:00:00Z\",\"amount\":0.2,\"currency\":\"USD\"}",
		"{\"kind\":\"cost\",\"ts\":\"2026-11-26T00:00:00Z\",\"amount\":3,\"currency\":\"EUR\"}",
		"{\"ts\":\"2026-11-26T10:00:00Z\",\"status\":200}",
		"{\"ts\":\"2026-11-26T10:00:01Z\",\"status\":200}",
		"{\"ts\":\"2026-11-26T10:00:02Z\",\"status\":503}",
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-20T10:00:00Z\",\"result\":\"success\"}",
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-21T10:00:00Z\",\"result\":\"failure\"}",
		"{\"kind\":\"check\",\"ts\":\"2026-11-21T10:00:00Z\",\"suite\":\"contract\",\"name\":\"a\",\"result\":\"pass\"}",
		"{\"kind\":\"check\",\"ts\":\"2026-11-21T10:00:00Z\",\"suite\":\"contract\",\"name\":\"b\",\"result\":\"skip\"}",
	};
	static const char more_yaml[] =
	    "  - name: deploys\n    events: deploy\n    good: 'result == \"success\"'\n"
	    "    objective: 90\n    window: 30d\n"
	    "  - name: contract\n    events: check\n    where: 'suite == \"contract\"'\n"
	    "    good: 'result == \"pass\"'\n    objective: 99\n    window: 30d\n"
	    "  - name: cpr\n    cost: {per: request, max: 0.002, currency: USD}\n"
	    "    window: 30d\n";
	const char *lines[NINC + sizeof extra / sizeof extra[0]];
	size_t n = 0;
	slo_buf whole = { 0 }, part = { 0 }, yaml = { 0 };
	slo_eval_config cfg;
	slo_spec *s;
	slo_eval *one;

	(void)state;
	for (size_t i = 0; i < NINC; i++)
		lines[n++] = incidents[i];
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
		lines[n++] = extra[i];
	assert_int_equal(slo_buf_puts(&yaml, dur_yaml), SLO_OK);
	assert_int_equal(slo_buf_puts(&yaml, more_yaml), SLO_OK);
	s = spec_of(yaml.data);
	slo_eval_config_init(&cfg);
	cfg.at = at_of("2026-11-30T00:00:00Z");
	one = slo_eval_new(s, &cfg, NULL);
	feed(one, lines, n);
	render(one, &whole);
	slo_eval_free(one);
	/* the tie: T's critical detection is earlier in the total order */
	assert_non_null(strstr(whole.data, "\"slo\":\"ttd-by-severity\",\"group\":"
	    "{\"severity\":\"critical\"}"));
	for (int r = 0; r < 200; r++) {
		size_t neng = 2 + (size_t)(next() % 3), nchunk = n;
		size_t order[sizeof lines / sizeof lines[0]];
		slo_eval *eng[4];
		slo_error err;

		/* chunks of one line each, so an incident's events scatter */
		for (size_t i = 0; i < nchunk; i++)
			order[i] = i;
		for (size_t i = nchunk; i > 1; i--) {
			size_t j = (size_t)(next() % i), t = order[i - 1];
			order[i - 1] = order[j];
			order[j] = t;
		}
		for (size_t i = 0; i < neng; i++)
			assert_non_null(eng[i] = slo_eval_new(s, &cfg, NULL));
		for (size_t i = 0; i < nchunk; i++)
			feed(eng[next() % neng], &lines[order[i]], 1);
		for (size_t i = 1; i < neng; i++)
			assert_int_equal(slo_eval_merge(eng[0], eng[i], &err), SLO_OK);
		slo_buf_reset(&part);
		render(eng[0], &part);
		if (part.len != whole.len || memcmp(part.data, whole.data, whole.len) != 0)
			fail_msg("round %d:\n--- whole\n%.*s--- merged\n%.*s", r,
			    (int)whole.len, whole.data, (int)part.len, part.data);
		for (size_t i = 0; i < neng; i++)
			slo_eval_free(eng[i]);
	}
	slo_buf_release(&whole);
	slo_buf_release(&part);
	slo_buf_release(&yaml);
	slo_spec_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_refusals),
		cmocka_unit_test(test_spec_fields),
		cmocka_unit_test(test_deploy_failure_rate),
		cmocka_unit_test(test_kind_fields_read),
		cmocka_unit_test(test_check_rates),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_duration_counted_at_to),
		cmocka_unit_test(test_incident_table),
		cmocka_unit_test(test_cost_exact),
		cmocka_unit_test(test_cost_ceiling),
		cmocka_unit_test(test_rollups),
		cmocka_unit_test(test_merge_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
