/*
 * test_eval.c — the slo-eval engine through its API: grouping, where and
 * good predicates, latency SLIs, no data, exit codes, --at, merging.
 * Every expected figure is counted by hand from the events written in the
 * test (the comment next to it shows the count).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo_eval.h"

#include "eval_helpers.h"

static const char spec_yaml[] =
    "slos:\n"
    "  - name: avail\n"
    "    where: 'service == \"shop\"'\n"
    "    good: 'status < 500'\n"
    "    objective: 90\n"
    "    window: 1h\n"
    "    group_by: [route]\n"
    "    alerts: none\n"
    "  - name: fast\n"
    "    latency: {threshold: 100ms}\n"
    "    quantiles: [0.5]\n"
    "    objective: 50\n"
    "    window: 1h\n"
    "    alerts: none\n"
    "  - name: quiet\n"
    "    where: 'service == \"nobody\"'\n"
    "    good: ok\n"
    "    objective: 99\n"
    "    window: 1h\n"
    "    alerts: none\n";

static const char *const events[] = {
	/* /a: 4 events, 3 good; /b: 2 events, 0 good; other service: 1 */
	"{\"ts\":\"2026-11-26T10:00:00Z\",\"service\":\"shop\",\"route\":\"/a\",\"status\":200,\"latency_ms\":50}",
	"{\"ts\":\"2026-11-26T10:05:00Z\",\"service\":\"shop\",\"route\":\"/a\",\"status\":503,\"latency_ms\":150}",
	"{\"ts\":\"2026-11-26T10:10:00Z\",\"service\":\"shop\",\"route\":\"/a\",\"status\":404,\"latency_ms\":70}",
	"{\"ts\":\"2026-11-26T10:20:00Z\",\"service\":\"shop\",\"route\":\"/a\",\"status\":201,\"latency_ms\":100}",
	"{\"ts\":\"2026-11-26T10:30:00Z\",\"service\":\"shop\",\"route\":\"/b\",\"status\":500}",
	"{\"ts\":\"2026-11-26T10:40:00Z\",\"service\":\"shop\",\"route\":\"/b\",\"status\":502,\"latency_ms\":300}",
	"{\"ts\":\"2026-11-26T10:50:00Z\",\"service\":\"other\",\"route\":\"/a\",\"status\":500,\"latency_ms\":10}",
	/* not requests: ignored */
	"{\"kind\":\"deploy\",\"ts\":\"2026-11-26T10:55:00Z\",\"result\":\"success\"}",
};
#define NEVENTS (sizeof events / sizeof events[0])

static void
test_groups_and_predicates(void **state)
{
	slo_spec *spec = spec_of(spec_yaml);
	slo_eval *e = slo_eval_new(spec, NULL, NULL);
	const slo_verdict *v;

	(void)state;
	feed(e, events, NEVENTS);
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	/* at = newest request: 10:50, 1795690200 (python3 datetime, UTC);
	 * the deploy at 10:55 is not a request */
	assert_true(slo_eval_at(e) == 1795690200LL * SLO_NS_PER_SEC);
	/* avail /a: 4 events, 3 good (404 is < 500); target 0.9: SLI 0.75 */
	v = find(e, "avail", "/a");
	assert_int_equal(v->result.window.events_total, 4);
	assert_int_equal(v->result.window.events_good, 3);
	assert_int_equal(v->result.status, SLO_STATE_BREACHED);
	/* avail /b: 2 events, none good */
	v = find(e, "avail", "/b");
	assert_int_equal(v->result.window.events_total, 2);
	assert_int_equal(v->result.window.events_good, 0);
	/* fast: 7 requests, latency <= 100 for 50, 70, 100, 10 = 4 good;
	 * the /b event without latency is bad.  SLI 4/7 > 0.5: ok */
	v = find(e, "fast", NULL);
	assert_int_equal(v->result.window.events_total, 7);
	assert_int_equal(v->result.window.events_good, 4);
	assert_int_equal(v->result.status, SLO_STATE_OK);
	/* p50 of the 6 latencies {10,50,70,100,150,300}: nearest rank 3 = 70,
	 * within the sketch's 1 % */
	assert_true(v->has_quantiles);
	assert_true(v->quantiles[0] > 69.3 && v->quantiles[0] < 70.7);
	/* quiet: nothing matched its where */
	v = find(e, "quiet", NULL);
	assert_int_equal(v->result.status, SLO_STATE_NO_DATA);
	/* a breach outranks no data */
	assert_int_equal(slo_eval_exit_code(e), SLO_EXIT_FAIL);
	slo_eval_free(e);
	slo_spec_free(spec);
}

/* --at 10:15 keeps the first three events; the rest are after it. */
static void
test_at(void **state)
{
	slo_spec *spec = spec_of(spec_yaml);
	slo_eval_config cfg;
	slo_eval *e;
	const slo_verdict *v;
	slo_ns at;

	(void)state;
	assert_int_equal(slo_time_parse("2026-11-26T10:15:00Z", 20, &at, NULL), SLO_OK);
	slo_eval_config_init(&cfg);
	cfg.at = at;
	e = slo_eval_new(spec, &cfg, NULL);
	feed(e, events, NEVENTS);
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	v = find(e, "avail", "/a");
	assert_int_equal(v->result.window.events_total, 3);  /* 10:00, 10:05, 10:10 */
	assert_int_equal(v->after_at, 1);                    /* 10:20 */
	slo_eval_free(e);
	slo_spec_free(spec);
}

/* Two engines fed halves, merged, equal one engine fed all, rendered. */
static void
test_merge(void **state)
{
	slo_spec *spec = spec_of(spec_yaml);
	slo_eval *one = slo_eval_new(spec, NULL, NULL);
	slo_eval *a = slo_eval_new(spec, NULL, NULL);
	slo_eval *b = slo_eval_new(spec, NULL, NULL);
	slo_buf x = { 0 }, y = { 0 };

	(void)state;
	feed(one, events, NEVENTS);
	feed(a, events + 4, NEVENTS - 4);
	feed(b, events, 4);
	assert_int_equal(slo_eval_merge(a, b, NULL), SLO_OK);
	assert_int_equal(slo_eval_finish(one, NULL), SLO_OK);
	assert_int_equal(slo_eval_finish(a, NULL), SLO_OK);
	assert_int_equal(slo_eval_render(one, SLO_FMT_NDJSON, 0, &x), SLO_OK);
	assert_int_equal(slo_eval_render(a, SLO_FMT_NDJSON, 0, &y), SLO_OK);
	assert_int_equal(x.len, y.len);
	assert_memory_equal(x.data, y.data, x.len);
	slo_buf_release(&x);
	slo_buf_release(&y);
	slo_eval_free(one);
	slo_eval_free(a);
	slo_eval_free(b);
	slo_spec_free(spec);
}

/*
 * slo_eval_add_line() counts what feed() counts (the same rendered
 * verdicts, byte for byte), applies cfg.where (only route /a kept: 4
 * events of shop, 3 good by hand, so avail's only group is /a, sli 3/4),
 * and returns a line that does not decode with its column, unchanged.
 */
static void
test_add_line(void **state)
{
	slo_spec *spec = spec_of(spec_yaml);
	slo_eval *one = slo_eval_new(spec, NULL, NULL);
	slo_eval *two = slo_eval_new(spec, NULL, NULL);
	slo_eval_config cfg;
	slo_eval *only_a;
	slo_expr *where;
	slo_buf x = { 0 }, y = { 0 };
	slo_error err;
	const slo_verdict *v;

	(void)state;
	feed(one, events, NEVENTS);
	for (size_t i = 0; i < NEVENTS; i++)
		assert_int_equal(slo_eval_add_line(two, events[i],
		    strlen(events[i]), &err), SLO_OK);
	/* The value missing after "status": at byte 18, the '}', by count. */
	assert_int_equal(slo_eval_add_line(two, "{\"ts\":1,\"status\":}", 18,
	    &err), SLO_ESYNTAX);
	assert_int_equal(err.col, 18);
	assert_int_equal(slo_eval_add_line(two, "", 0, &err), SLO_ESYNTAX);
	assert_int_equal(slo_eval_finish(one, NULL), SLO_OK);
	assert_int_equal(slo_eval_finish(two, NULL), SLO_OK);
	assert_int_equal(slo_eval_render(one, SLO_FMT_NDJSON, 0, &x), SLO_OK);
	assert_int_equal(slo_eval_render(two, SLO_FMT_NDJSON, 0, &y), SLO_OK);
	assert_int_equal(x.len, y.len);
	assert_memory_equal(x.data, y.data, x.len);

	assert_non_null(where = slo_expr_new("route == \"/a\"", &err));
	slo_eval_config_init(&cfg);
	cfg.where = where;
	assert_non_null(only_a = slo_eval_new(spec, &cfg, &err));
	for (size_t i = 0; i < NEVENTS; i++)
		assert_int_equal(slo_eval_add_line(only_a, events[i],
		    strlen(events[i]), &err), SLO_OK);
	assert_int_equal(slo_eval_finish(only_a, NULL), SLO_OK);
	v = find(only_a, "avail", "/a");
	assert_int_equal(v->result.window.events_total, 4);
	assert_int_equal(v->result.window.events_good, 3);
	for (size_t i = 0; i < slo_eval_count(only_a); i++) {
		v = slo_eval_verdict(only_a, i);
		assert_false(v->ngroup > 0 && v->group[0] != NULL &&
		    strcmp(v->group[0], "/b") == 0);
	}
	slo_buf_release(&x);
	slo_buf_release(&y);
	slo_eval_free(only_a);
	slo_expr_free(where);
	slo_eval_free(one);
	slo_eval_free(two);
	slo_spec_free(spec);
}

/* slo_eval_config_set(): each spelling, and cfg unchanged on a bad one. */
static void
test_config_set(void **state)
{
	slo_eval_config cfg, before;
	slo_error err;

	(void)state;
	slo_eval_config_init(&cfg);
	assert_int_equal(slo_eval_config_set(&cfg, "resolution", "5m", &err), SLO_OK);
	assert_true(cfg.resolution == 5 * SLO_NS_PER_MIN);
	assert_int_equal(slo_eval_config_set(&cfg, "report-step", "2h", &err), SLO_OK);
	assert_true(cfg.report_step == 2 * SLO_NS_PER_HOUR);
	assert_int_equal(slo_eval_config_set(&cfg, "fail-on", "ticket", &err), SLO_OK);
	assert_int_equal(cfg.fail_on, SLO_SEV_TICKET);
	assert_int_equal(slo_eval_config_set(&cfg, "max-groups", "7", &err), SLO_OK);
	assert_int_equal(cfg.max_groups, 7);
	assert_int_equal(slo_eval_config_set(&cfg, "no-data", "ok", &err), SLO_OK);
	assert_int_equal(cfg.no_data_ok, 1);
	before = cfg;
	assert_int_equal(slo_eval_config_set(&cfg, "resolution", "0s", &err), SLO_EINVAL);
	assert_string_equal(err.msg, "invalid --resolution '0s': want a duration such as 1m");
	assert_int_equal(slo_eval_config_set(&cfg, "max-groups", "-1", &err), SLO_EINVAL);
	assert_int_equal(slo_eval_config_set(&cfg, "max-groups", "0", &err), SLO_EINVAL);
	assert_int_equal(slo_eval_config_set(&cfg, "fail-on", "high", &err), SLO_EINVAL);
	assert_string_equal(err.msg, "invalid --fail-on 'high': want page or ticket");
	assert_int_equal(slo_eval_config_set(&cfg, "no-data", "yes", &err), SLO_EINVAL);
	assert_int_equal(slo_eval_config_set(&cfg, "windw", "1h", &err), SLO_EINVAL);
	assert_memory_equal(&before, &cfg, sizeof cfg);
}

/*
 * Issue 14.4: with max_groups 1, avail keeps /a (seen first) and folds /b
 * into its overflow group: 2 events, 0 good, overflow set, values
 * "(overflow)"; fast and quiet have no group_by and are untouched.
 * Merging: b (fed /b only, its own first group) merged into a (fed /a
 * first) sends /b's 2 events to a's overflow group, counted once.
 */
static void
test_max_groups(void **state)
{
	slo_spec *spec = spec_of(spec_yaml);
	slo_eval_config cfg;
	slo_eval *e, *a, *b;
	const slo_verdict *v;

	(void)state;
	slo_eval_config_init(&cfg);
	cfg.max_groups = 1;
	e = slo_eval_new(spec, &cfg, NULL);
	feed(e, events, NEVENTS);
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	assert_int_equal(slo_eval_max_groups(e), 1);
	v = find(e, "avail", "/a");
	assert_false(v->overflow);
	assert_int_equal(v->result.window.events_total, 4);
	v = find(e, "avail", SLO_EVAL_OVERFLOW);
	assert_true(v->overflow);
	assert_int_equal(v->result.window.events_total, 2);
	assert_int_equal(v->result.window.events_good, 0);
	assert_int_equal(slo_eval_overflow_events(e, 0), 2);
	assert_int_equal(slo_eval_overflow_events(e, 1), 0);
	assert_int_equal(slo_eval_count(e), 4); /* /a, overflow, fast, quiet */
	slo_eval_free(e);

	a = slo_eval_new(spec, &cfg, NULL);
	b = slo_eval_new(spec, &cfg, NULL);
	feed(a, events, 4);     /* /a */
	feed(b, events + 4, 2); /* /b */
	assert_int_equal(slo_eval_merge(a, b, NULL), SLO_OK);
	assert_int_equal(slo_eval_finish(a, NULL), SLO_OK);
	v = find(a, "avail", SLO_EVAL_OVERFLOW);
	assert_true(v->overflow);
	assert_int_equal(v->result.window.events_total, 2);
	assert_int_equal(slo_eval_overflow_events(a, 0), 2);
	slo_eval_free(a);
	slo_eval_free(b);
	slo_spec_free(spec);
}

/* No events at all: every SLO no_data, exit 3, or 0 with no_data_ok. */
static void
test_no_data(void **state)
{
	slo_spec *spec = spec_of(spec_yaml);
	slo_eval_config cfg;
	slo_eval *e;
	slo_buf out = { 0 };

	(void)state;
	slo_eval_config_init(&cfg);
	e = slo_eval_new(spec, &cfg, NULL);
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	assert_int_equal(slo_eval_count(e), 3);
	assert_true(slo_eval_at(e) == SLO_NS_NONE);
	assert_int_equal(slo_eval_exit_code(e), SLO_EXIT_INCONCLUSIVE);
	/* no NaN or Inf reaches any format */
	for (int f = SLO_FMT_NDJSON; f < SLO_FMT__COUNT; f++) {
		if (f == SLO_FMT_JUNIT)
			continue;
		slo_buf_reset(&out);
		assert_int_equal(slo_eval_render(e, (slo_format)f, 0, &out), SLO_OK);
		assert_null(strstr(out.data, "nan"));
		assert_null(strstr(out.data, "inf"));
	}
	slo_eval_free(e);
	cfg.no_data_ok = 1;
	e = slo_eval_new(spec, &cfg, NULL);
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	assert_int_equal(slo_eval_exit_code(e), SLO_EXIT_PASS);
	slo_buf_release(&out);
	slo_eval_free(e);
	slo_spec_free(spec);
}

/* A window that is not a multiple of the resolution is refused at new. */
static void
test_bad_resolution(void **state)
{
	slo_spec *spec = spec_of(spec_yaml);
	slo_eval_config cfg;
	slo_error err;

	(void)state;
	slo_eval_config_init(&cfg);
	cfg.resolution = 7 * SLO_NS_PER_MIN;
	assert_null(slo_eval_new(spec, &cfg, &err));
	assert_non_null(strstr(err.msg, "slo 'avail'"));
	slo_spec_free(spec);
}

/* Group values with a backslash or a number come back as they were. */
static void
test_group_values(void **state)
{
	static const char *const lines[] = {
		"{\"ts\":1795687200,\"service\":\"shop\",\"route\":\"/a\\\\b\",\"status\":200}",
		"{\"ts\":1795687260,\"service\":\"shop\",\"status\":200}",
	};
	slo_spec *spec = spec_of(spec_yaml);
	slo_eval *e = slo_eval_new(spec, NULL, NULL);
	const slo_verdict *v;

	(void)state;
	feed(e, lines, 2);
	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	v = find(e, "avail", "/a\\b");     /* the route /a\b */
	assert_int_equal(v->result.window.events_total, 1);
	/* the event without a route is its own group, shown as missing */
	for (size_t i = 0; i < slo_eval_count(e); i++) {
		v = slo_eval_verdict(e, i);
		if (strcmp(v->slo->name, "avail") == 0 && v->group[0] == NULL)
			break;
		v = NULL;
	}
	assert_non_null(v);
	assert_int_equal(v->result.window.events_total, 1);
	slo_eval_free(e);
	slo_spec_free(spec);
}

/* A request without ts is an error for the caller to reject. */
static void
test_request_without_ts(void **state)
{
	slo_spec *spec = spec_of(spec_yaml);
	slo_eval *e = slo_eval_new(spec, NULL, NULL);
	slo_event ev;
	slo_error err;

	(void)state;
	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_REQUEST;
	assert_int_equal(slo_eval_add(e, &ev, &err), SLO_EINVAL);
	assert_non_null(strstr(err.msg, "'ts'"));
	slo_eval_free(e);
	slo_spec_free(spec);
}

/*
 * The engine keeps recent group keys with their series, shared by the
 * SLOs grouped alike (issue 20.3).  300 routes, three rounds (status 200,
 * 404, 500), so the 256 cache slots are overwritten again and again, and
 * SLO c groups by region, set to the route's very text, so that equal
 * key bytes of two groupings must stay apart; one route longer than a
 * cached key.  By hand, per route: a (good: status < 500) 3 events, 2
 * good; b (status < 300) 3, 1; c 3, 2.  With max_groups 100 the first 100
 * routes seen keep their groups and the events of the other 201 (the long
 * one last), 201 x 3 = 603, go to each SLO's overflow group (good: 402
 * for a and c, 201 for b).
 */
static void
test_group_cache(void **state)
{
	static const char yaml[] =
	    "slos:\n"
	    "  - {name: a, good: 'status < 500', objective: 99, window: 1d,"
	    " group_by: [route], alerts: none}\n"
	    "  - {name: b, good: 'status < 300', objective: 99, window: 1d,"
	    " group_by: [route], alerts: none}\n"
	    "  - {name: c, good: 'status < 500', objective: 99, window: 1d,"
	    " group_by: [region], alerts: none}\n";
	static const int status[3] = { 200, 404, 500 };
	char longr[101], name[16];
	slo_spec *spec = spec_of(yaml);
	slo_eval_config cfg;
	slo_eval *e;
	const slo_verdict *v;

	(void)state;
	memset(longr, 'x', 100);
	longr[0] = '/';
	longr[100] = '\0';
	for (int mg = 0; mg < 2; mg++) {
		slo_eval_config_init(&cfg);
		if (mg)
			cfg.max_groups = 100;
		e = slo_eval_new(spec, &cfg, NULL);
		assert_non_null(e);
		for (int round = 0; round < 3; round++)
			for (int r = 0; r <= 300; r++) {
				char line[400];
				const char *route = longr;

				if (r < 300) {
					snprintf(name, sizeof name, "/r%d", r);
					route = name;
				}
				snprintf(line, sizeof line, "{\"ts\":\"2026-11-26T10:%02d:%02dZ\","
				    "\"route\":\"%s\",\"region\":\"%s\",\"status\":%d}",
				    round * 10 + r / 60, r % 60, route, route,
				    status[round]);
				feed(e, (const char *const[]){ line }, 1);
			}
		assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
		if (!mg) {
			const char *check[] = { "/r0", "/r255", "/r256", "/r299", longr };

			for (size_t k = 0; k < 5; k++) {
				v = find(e, "a", check[k]);
				assert_int_equal(v->result.window.events_total, 3);
				assert_int_equal(v->result.window.events_good, 2);
				v = find(e, "b", check[k]);
				assert_int_equal(v->result.window.events_total, 3);
				assert_int_equal(v->result.window.events_good, 1);
				v = find(e, "c", check[k]);
				assert_int_equal(v->result.window.events_total, 3);
				assert_int_equal(v->result.window.events_good, 2);
			}
			assert_int_equal(slo_eval_count(e), 3 * 301);
		} else {
			v = find(e, "a", "/r99");
			assert_int_equal(v->result.window.events_total, 3);
			v = find(e, "a", SLO_EVAL_OVERFLOW);
			assert_int_equal(v->result.window.events_total, 603);
			assert_int_equal(v->result.window.events_good, 402);
			v = find(e, "b", SLO_EVAL_OVERFLOW);
			assert_int_equal(v->result.window.events_total, 603);
			assert_int_equal(v->result.window.events_good, 201);
			v = find(e, "c", SLO_EVAL_OVERFLOW);
			assert_int_equal(v->result.window.events_total, 603);
			assert_int_equal(slo_eval_overflow_events(e, 2), 603);
			assert_int_equal(slo_eval_count(e), 3 * 101);
		}
		slo_eval_free(e);
	}
	slo_spec_free(spec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups_and_predicates),
		cmocka_unit_test(test_at),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_add_line),
		cmocka_unit_test(test_config_set),
		cmocka_unit_test(test_max_groups),
		cmocka_unit_test(test_no_data),
		cmocka_unit_test(test_bad_resolution),
		cmocka_unit_test(test_request_without_ts),
		cmocka_unit_test(test_group_values),
		cmocka_unit_test(test_group_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
