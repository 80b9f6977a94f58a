/*
 * test_fields_seen.c — slo_eval_unseen_fields(): the fields an SLO reads
 * that no event carried (issue 15.11), through the public engine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slo_eval.h"
#include "slo_expr.h"
#include "slo_spec.h"

static const char spec_text[] =
    "slos:\n"
    "  - name: avail\n"
    "    where: 'service == \"checkout\"'\n"
    "    good: 'staus < 500 && labels.tenat != \"x\"'\n"
    "    objective: 99\n    window: 1h\n"
    "    group_by: [rout, region]\n"
    "  - name: fine\n"
    "    good: 'status < 500'\n"
    "    objective: 99\n    window: 1h\n"
    "  - name: far\n"
    "    good: 'qqqqqqqq == 1 || staus == 2'\n"
    "    objective: 99\n    window: 1h\n";

static slo_spec *
load(const char *text)
{
	slo_spec *s = slo_spec_new();
	slo_error err;

	assert_non_null(s);
	if (slo_spec_load_string(s, "t.yaml", text, strlen(text), &err) != SLO_OK ||
	    slo_spec_finish(s, &err) != SLO_OK)
		fail_msg("spec: %ld:%ld: %s", err.line, err.col, err.msg);
	return s;
}

static slo_kv labels[] = { { "tenant", "acme" } };

static slo_event
request(long i)
{
	slo_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_REQUEST;
	ev.has = SLO_HAS_TS | SLO_HAS_STATUS;
	ev.ts = (1764000000LL + i) * SLO_NS_PER_SEC;
	ev.service = "checkout";
	ev.route = "/pay";
	ev.status = 200;
	ev.labels = labels;
	ev.nlabels = 1;
	return ev;
}

/* Every report line, "slo field hint", one per line. */
struct lines {
	char buf[4096];
	size_t len;
};

static void
collect(void *ctx, const char *slo, const char *field, const char *hint)
{
	struct lines *l = ctx;

	l->len += (size_t)snprintf(l->buf + l->len, sizeof l->buf - l->len,
	    "%s %s %s\n", slo, field, hint ? hint : "-");
}

static slo_eval *
engine(const slo_spec *spec)
{
	slo_error err;
	slo_eval *e = slo_eval_new(spec, NULL, &err);

	if (e == NULL)
		fail_msg("slo_eval_new: %s", err.msg);
	return e;
}

static void
add(slo_eval *e, const slo_event *ev)
{
	slo_error err;

	if (slo_eval_add(e, ev, &err) != SLO_OK)
		fail_msg("slo_eval_add: %s", err.msg);
}

static void
test_typos_and_hints(void **state)
{
	slo_spec *spec = load(spec_text);
	slo_eval *e = engine(spec);
	struct lines l = { { 0 }, 0 };
	slo_event ev;

	(void)state;
	/* no event at all: nothing to say (the verdicts say no_data) */
	assert_int_equal(slo_eval_unseen_fields(e, collect, &l), 0);
	for (long i = 0; i < 10; i++) {
		ev = request(i);
		add(e, &ev);
	}
	/*
	 * In spec order, each SLO's fields in the order it reads them:
	 * where, good, group_by.  region appeared in no event either, and
	 * nothing seen is within 2 edits of it or of qqqqqqqq.
	 */
	assert_int_equal(slo_eval_unseen_fields(e, collect, &l), 6);
	assert_string_equal(l.buf,
	    "avail staus status\n"
	    "avail labels.tenat labels.tenant\n"
	    "avail rout route\n"
	    "avail region -\n"
	    "far qqqqqqqq -\n"
	    "far staus status\n");
	slo_eval_free(e);

	/* once region, and the others, appear in one event: silence */
	e = engine(spec);
	ev = request(0);
	add(e, &ev);
	ev.region = "eu";
	add(e, &ev);
	l.len = 0;
	l.buf[0] = '\0';
	assert_int_equal(slo_eval_unseen_fields(e, collect, &l), 5);
	assert_null(strstr(l.buf, "region"));
	slo_eval_free(e);
	slo_spec_free(spec);
}

static void
test_all_seen(void **state)
{
	slo_spec *spec = load("slos:\n"
	    "  - name: ok\n"
	    "    good: 'status < 500 && labels.tenant == \"acme\"'\n"
	    "    objective: 99\n    window: 1h\n"
	    "    group_by: [route]\n");
	slo_eval *e = engine(spec);
	struct lines l = { { 0 }, 0 };
	slo_event ev = request(0);

	(void)state;
	add(e, &ev);
	assert_int_equal(slo_eval_unseen_fields(e, collect, &l), 0);
	assert_int_equal(l.len, 0);
	slo_eval_free(e);
	slo_spec_free(spec);
}

/*
 * -j N splits the input among engines merged at the end: the report must
 * not depend on the split, hints included, even past the bound on the
 * label names kept (256: the smallest, k000..k255 of k000..k299 here).
 */
static void
test_split_and_bound(void **state)
{
	slo_spec *spec = load("slos:\n"
	    "  - name: b\n"
	    "    good: 'labels.k001x == \"v\" && labels.k299zz == \"v\"'\n"
	    "    objective: 99\n    window: 1h\n");
	static char names[300][16];
	static slo_kv kv[300];
	struct lines whole = { { 0 }, 0 }, split = { { 0 }, 0 };
	slo_eval *one = engine(spec), *a = engine(spec), *b = engine(spec);
	slo_error err;

	(void)state;
	for (int i = 0; i < 300; i++) {
		snprintf(names[i], sizeof names[i], "k%03d", i);
		kv[i].key = names[i];
		kv[i].val = "v";
	}
	for (int i = 0; i < 300; i++) {
		slo_event ev = request(i);

		ev.labels = &kv[i];
		ev.nlabels = 1;
		add(one, &ev);
		/* the other split: odd ones to a, even ones to b, backwards */
		ev.labels = &kv[299 - i];
		add((299 - i) % 2 ? a : b, &ev);
	}
	assert_int_equal(slo_eval_merge(b, a, &err), SLO_OK);
	assert_int_equal(slo_eval_unseen_fields(one, collect, &whole), 2);
	assert_int_equal(slo_eval_unseen_fields(b, collect, &split), 2);
	/* k299 was seen but is past the bound: no hint, either way */
	assert_string_equal(whole.buf, "b labels.k001x labels.k001\n"
	    "b labels.k299zz -\n");
	assert_string_equal(split.buf, whole.buf);
	slo_eval_free(one);
	slo_eval_free(a);
	slo_eval_free(b);
	slo_spec_free(spec);
}

/* Rollup rows carry counts computed upstream: no check then. */
static void
test_rollups_end_the_check(void **state)
{
	slo_spec *spec = load(spec_text);
	slo_eval *e = engine(spec);
	struct lines l = { { 0 }, 0 };
	slo_event ev = request(0);
	slo_error err;
	json_t *row = json_pack("{s:s, s:s, s:s, s:i}", "kind", "rollup", "ts",
	    "2026-11-24T16:00:00Z", "width", "1m", "requests", 1);

	(void)state;
	add(e, &ev);
	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_ROLLUP;
	ev.json = row;
	(void)slo_eval_add(e, &ev, &err); /* whether the row is well formed or not */
	assert_int_equal(slo_eval_unseen_fields(e, collect, &l), 0);
	json_decref(row);
	slo_eval_free(e);
	slo_spec_free(spec);
}

static void
test_expr_paths(void **state)
{
	slo_error err;
	slo_expr *e = slo_expr_new("staus < 500 && flags[\"new-x\"] == \"on\""
	    " || route ~ \"^/a\" || staus > 1", &err);
	slo_event ev = request(0);
	unsigned long bits;

	(void)state;
	assert_non_null(e);
	assert_int_equal(slo_expr_npaths(e), 4);
	assert_string_equal(slo_expr_path_at(e, 0), "staus");
	assert_string_equal(slo_expr_path_at(e, 1), "flags.new-x");
	assert_string_equal(slo_expr_path_at(e, 2), "route");
	assert_string_equal(slo_expr_path_at(e, 3), "staus");
	assert_int_equal(slo_expr_path_value_event(e, 0, &ev).type, SLO_V_MISSING);
	assert_int_equal(slo_expr_path_value_event(e, 2, &ev).type, SLO_V_STR);
	slo_expr_free(e);
	/*
	 * request(0) carries kind, ts, service, route, status and (as a
	 * request) ok: bits 0, 1, 2, 6, 7, 9 in the order of slo_expr.h.
	 */
	bits = slo_expr_fields_present(&ev);
	assert_int_equal(bits, (1UL << 0) | (1UL << 1) | (1UL << 2) |
	    (1UL << 6) | (1UL << 7) | (1UL << 9));
	assert_string_equal(slo_expr_field_name(7), "status");
	assert_int_equal(slo_expr_field_count(), 22);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typos_and_hints),
		cmocka_unit_test(test_all_seen),
		cmocka_unit_test(test_split_and_bound),
		cmocka_unit_test(test_rollups_end_the_check),
		cmocka_unit_test(test_expr_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
