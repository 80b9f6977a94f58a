/* test_rollup.c — rollups: hand-counted rows, order, exact merges. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo_rollup.h"
#include "slo_spec.h"

#define T0 1795680633000000000LL /* 2026-11-26T08:10:33Z (python datetime) */

static slo_event
req(slo_ns ts, const char *service, const char *route, int status,
    double latency)
{
	slo_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_REQUEST;
	ev.has = SLO_HAS_TS;
	ev.ts = ts;
	ev.service = service;
	ev.route = route;
	if (status >= 0) {
		ev.status = status;
		ev.has |= SLO_HAS_STATUS;
	}
	if (latency >= 0) {
		ev.latency_ms = latency;
		ev.has |= SLO_HAS_LATENCY;
	}
	ev.ok = status < 0 || status < 500;
	return ev;
}

static void
counts_by_hand(void **state)
{
	slo_rollup *r = slo_rollup_new(60 * SLO_NS_PER_SEC);
	const slo_rollup_row *w;
	slo_event ev;

	(void)state;
	/* bucket [08:10:00, 08:11:00): 08:10:33 and 08:10:59.999999999 */
	ev = req(T0, "checkout", "/cart", 200, 10);
	assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
	ev = req(T0 + 26999999999LL, "checkout", "/cart", 503, 250);
	assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
	ev = req(T0, "checkout", "/cart", 0, -1); /* no latency, class other */
	ev.ok = 0;
	ev.has |= SLO_HAS_OK;
	assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
	ev = req(T0, "checkout", "/cart", -1, 5); /* no status: other */
	assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
	/* the next bucket, and an earlier service name sorting first */
	ev = req(T0 + 27 * SLO_NS_PER_SEC, "checkout", "/cart", 404, 1);
	assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
	ev = req(T0, "api", NULL, 302, 2);
	assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);

	assert_int_equal(slo_rollup_nrows(r), 3);
	w = slo_rollup_row_at(r, 0);
	assert_string_equal(w->service, "api");
	assert_null(w->route);
	assert_int_equal(w->status[SLO_ROLLUP_3XX], 1);
	w = slo_rollup_row_at(r, 1);
	assert_true(w->ts == T0 - 33 * SLO_NS_PER_SEC);
	assert_string_equal(w->service, "checkout");
	assert_int_equal(w->count, 4);
	assert_int_equal(w->good, 2);
	assert_int_equal(w->status[SLO_ROLLUP_2XX], 1);
	assert_int_equal(w->status[SLO_ROLLUP_5XX], 1);
	assert_int_equal(w->status[SLO_ROLLUP_OTHER], 2);
	assert_int_equal(slo_sketch_count(w->latency), 3);
	assert_true(slo_sketch_min(w->latency) == 5);
	assert_true(slo_sketch_max(w->latency) == 250);
	w = slo_rollup_row_at(r, 2);
	assert_true(w->ts == T0 + 27 * SLO_NS_PER_SEC);
	assert_int_equal(w->count, 1);
	assert_int_equal(w->status[SLO_ROLLUP_4XX], 1);
	slo_rollup_free(r);
}

static void
refuses_what_it_cannot_bucket(void **state)
{
	slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
	slo_event ev = req(T0, "a", NULL, 200, 1);

	(void)state;
	ev.kind = SLO_KIND_FLAG;
	assert_int_equal(slo_rollup_add(r, &ev), SLO_EINVAL);
	ev.kind = SLO_KIND_REQUEST;
	ev.has &= ~SLO_HAS_TS;
	assert_int_equal(slo_rollup_add(r, &ev), SLO_EINVAL);
	assert_int_equal(slo_rollup_nrows(r), 0);
	slo_rollup_free(r);
	assert_null(slo_rollup_new(-1));
	slo_rollup_free(NULL);
}

static void
before_the_epoch(void **state)
{
	slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
	slo_event ev = req(-1, "a", NULL, 200, 1);
	slo_buf b = { 0 };

	(void)state;
	assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
	/* floor(-1 ns / 1 min) is -1 min: 1969-12-31T23:59:00Z */
	assert_true(slo_rollup_row_at(r, 0)->ts == -SLO_NS_PER_MIN);
	assert_int_equal(slo_rollup_encode(r, &b), SLO_OK);
	assert_non_null(strstr(b.data, "\"ts\":\"1969-12-31T23:59:00Z\""));
	slo_buf_release(&b);
	slo_rollup_free(r);
}

static void
labels_are_dimensions_in_sorted_order(void **state)
{
	slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
	slo_kv l1[] = { { "tenant", "acme" }, { "az", "b" } };
	slo_kv l2[] = { { "az", "b" }, { "tenant", "acme" } };
	slo_kv l3[] = { { "az", "a" } };
	slo_event ev = req(T0, "s", "/", 200, 1);
	slo_buf b = { 0 };

	(void)state;
	ev.labels = l1;
	ev.nlabels = 2;
	assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
	ev.labels = l2; /* same set in another order: the same row */
	assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
	ev.labels = l3;
	ev.nlabels = 1;
	assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
	assert_int_equal(slo_rollup_nrows(r), 2);
	assert_int_equal(slo_rollup_row_at(r, 0)->count, 1); /* az=a first */
	assert_int_equal(slo_rollup_row_at(r, 1)->count, 2);
	assert_int_equal(slo_rollup_encode(r, &b), SLO_OK);
	assert_non_null(strstr(b.data,
	    "\"labels\":{\"az\":\"b\",\"tenant\":\"acme\"},\"count\":2,"
	    "\"good\":2,\"status\":{\"2xx\":2},\"latency_ms\":"));
	slo_buf_release(&b);
	slo_rollup_free(r);
}

/* A deterministic pseudo-random stream (an LCG: Numerical Recipes). */
static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

static slo_rollup *
with_slos(slo_expr **e)
{
	slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);

	assert_int_equal(slo_rollup_add_slo(r, "avail", e[0], e[1], NULL),
	    SLO_OK);
	assert_int_equal(slo_rollup_add_slo(r, "not-5xx", NULL, NULL, e[2]),
	    SLO_OK);
	assert_int_equal(slo_rollup_add_slo_latency(r, "fast", NULL, e[3],
	    100, 1), SLO_OK);
	return r;
}

static void
merge_json_text(slo_rollup *r, const char *text)
{
	const char *p = text;
	slo_error err;

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		json_error_t je;
		json_t *j = json_loadb(p, (size_t)(nl - p), 0, &je);
		assert_non_null(j);
		assert_int_equal(slo_rollup_merge_json(r, j, &err), SLO_OK);
		json_decref(j);
		p = nl + 1;
	}
}

/*
 * The latency sum: a mean over a merged rollup equals the mean of the raw
 * latencies to 1e-9 relative (issue 17.6).  The latencies are whole
 * nanoseconds k (so latency_ms = k / 1e6, off by at most half an ulp),
 * half of them below a microsecond, where sums in thousandths of a
 * millisecond were wrong by up to 100 %; the reference mean is computed
 * apart, in exact integer nanoseconds.  Rolled up in 7 chunks of one
 * bucket, each through its text form, merged in reverse.
 */
static void
mean_over_merged_rollup_is_exact(void **state)
{
	enum { N = 70000, CHUNKS = 7 };
	slo_rollup *chunk[CHUNKS], *merged = slo_rollup_new(0);
	slo_buf b[CHUNKS] = { { 0 } };
	uint32_t seed = 17;
	uint64_t ns_total[2] = { 0, 0 };

	(void)state;
	for (int c = 0; c < CHUNKS; c++)
		chunk[c] = slo_rollup_new(SLO_NS_PER_MIN);
	for (int i = 0; i < N; i++) {
		/* service "a": up to 10 ms in nanoseconds; "b": 1 ns .. 1 us */
		uint64_t k = i % 2 ? 1 + lcg(&seed) % 1000 : lcg(&seed) % 10000000;
		slo_event ev = req(T0, i % 2 ? "b" : "a", "/x", 200,
		    (double)k / 1e6);

		ns_total[i % 2] += k;
		assert_int_equal(slo_rollup_add(chunk[i % CHUNKS], &ev), SLO_OK);
	}
	for (int c = CHUNKS - 1; c >= 0; c--) {
		assert_int_equal(slo_rollup_encode(chunk[c], &b[c]), SLO_OK);
		merge_json_text(merged, b[c].data);
	}
	assert_int_equal(slo_rollup_nrows(merged), 2);
	for (size_t r = 0; r < 2; r++) {
		const slo_sketch *sk = slo_rollup_row_at(merged, r)->latency;
		long double want = (long double)ns_total[r] / 1e6L / (N / 2);
		long double got = (long double)slo_sketch_sum(sk) / (N / 2);

		assert_int_equal(slo_sketch_count(sk), N / 2);
		if (fabsl(got - want) > 1e-9L * want)
			fail_msg("row %zu: mean %.17Lg, want %.17Lg", r, got,
			    want);
	}
	for (int c = 0; c < CHUNKS; c++) {
		slo_rollup_free(chunk[c]);
		slo_buf_release(&b[c]);
	}
	slo_rollup_free(merged);
}

static void
shards_merge_to_the_whole(void **state)
{
	static const char *const services[] = { "a", "b", "c" };
	static const char *const routes[] = { "/x", "/y", NULL };
	static const int statuses[] = { 200, 201, 302, 404, 500, 503, 0, -1 };
	slo_error err;
	slo_expr *e[4] = {
		slo_expr_new("service == \"a\"", &err),
		slo_expr_new("status < 500", &err),
		slo_expr_new("status >= 500", &err),
		slo_expr_new("latency_ms", &err),
	};
	slo_rollup *whole = with_slos(e), *shard[4], *merged, *merged2;
	slo_buf bw = { 0 }, bs[4] = { { 0 } }, bm = { 0 }, bm2 = { 0 };
	uint32_t seed = 42;
	uint64_t total = 0;

	(void)state;
	for (int i = 0; i < 4; i++)
		shard[i] = with_slos(e);
	for (int i = 0; i < 5000; i++) {
		slo_event ev = req(T0 + (slo_ns)(lcg(&seed) % 600) *
		    SLO_NS_PER_SEC, services[lcg(&seed) % 3],
		    routes[lcg(&seed) % 3], statuses[lcg(&seed) % 8],
		    lcg(&seed) % 5 == 0 ? -1 : (double)(lcg(&seed) % 100000) /
		    100.0);
		assert_int_equal(slo_rollup_add(whole, &ev), SLO_OK);
		assert_int_equal(slo_rollup_add(shard[i % 4], &ev), SLO_OK);
	}
	assert_int_equal(slo_rollup_encode(whole, &bw), SLO_OK);
	/* through the text form, as slo-eval and `slo-ingest --rollup` do */
	merged = slo_rollup_new(0);
	merged2 = slo_rollup_new(SLO_NS_PER_MIN);
	for (int i = 3; i >= 0; i--) {
		assert_int_equal(slo_rollup_encode(shard[i], &bs[i]), SLO_OK);
		merge_json_text(merged, bs[i].data);
		assert_int_equal(slo_rollup_merge(merged2, shard[i], &err),
		    SLO_OK);
	}
	assert_int_equal(slo_rollup_encode(merged, &bm), SLO_OK);
	assert_int_equal(slo_rollup_encode(merged2, &bm2), SLO_OK);
	assert_true(bw.len > 0);
	assert_int_equal(bm.len, bw.len);
	assert_memory_equal(bm.data, bw.data, bw.len);
	assert_int_equal(bm2.len, bw.len);
	assert_memory_equal(bm2.data, bw.data, bw.len);
	for (size_t i = 0; i < slo_rollup_nrows(merged); i++)
		total += slo_rollup_row_at(merged, i)->count;
	assert_int_equal(total, 5000);
	/* the text form decodes to itself */
	slo_rollup *again = slo_rollup_new(0);
	slo_buf ba = { 0 };
	merge_json_text(again, bw.data);
	assert_int_equal(slo_rollup_encode(again, &ba), SLO_OK);
	assert_string_equal(ba.data, bw.data);
	slo_buf_release(&ba);
	slo_rollup_free(again);
	for (int i = 0; i < 4; i++) {
		slo_rollup_free(shard[i]);
		slo_buf_release(&bs[i]);
		slo_expr_free(e[i]);
	}
	slo_rollup_free(whole);
	slo_rollup_free(merged);
	slo_rollup_free(merged2);
	slo_buf_release(&bw);
	slo_buf_release(&bm);
	slo_buf_release(&bm2);
}

static void
slo_counts_by_hand(void **state)
{
	slo_error err;
	slo_expr *e[4] = {
		slo_expr_new("service == \"a\"", &err),
		slo_expr_new("status < 500", &err),
		slo_expr_new("status >= 500", &err),
		slo_expr_new("latency_ms", &err),
	};
	slo_rollup *r = with_slos(e);
	const slo_rollup_row *w;
	slo_event ev;

	(void)state;
	ev = req(T0, "a", NULL, 200, 100);   /* avail g, not-5xx g, fast g */
	slo_rollup_add(r, &ev);
	ev = req(T0, "a", NULL, 503, 100.5); /* avail b, not-5xx b, fast b */
	slo_rollup_add(r, &ev);
	ev = req(T0, "a", NULL, -1, -1);     /* avail b (missing status),
						not-5xx g, fast b (missing) */
	slo_rollup_add(r, &ev);
	assert_int_equal(slo_rollup_nrows(r), 1);
	w = slo_rollup_row_at(r, 0);
	assert_int_equal(w->nslos, 3);
	/* sorted by name: avail, fast, not-5xx */
	assert_string_equal(w->slos[0].name, "avail");
	assert_int_equal(w->slos[0].good, 1);
	assert_int_equal(w->slos[0].total, 3);
	assert_string_equal(w->slos[1].name, "fast");
	assert_int_equal(w->slos[1].good, 1);
	assert_int_equal(w->slos[1].total, 3);
	assert_string_equal(w->slos[2].name, "not-5xx");
	assert_int_equal(w->slos[2].good, 2);
	assert_int_equal(w->slos[2].total, 3);
	/* where: service b is outside "avail" but still counted as a row */
	ev = req(T0, "b", NULL, 200, 1);
	slo_rollup_add(r, &ev);
	w = slo_rollup_row_at(r, 1);
	assert_string_equal(w->service, "b");
	assert_int_equal(w->slos[0].total, 0);
	assert_int_equal(w->slos[2].total, 1);
	/* names are unique; exactly one of good and bad */
	assert_int_equal(slo_rollup_add_slo(r, "avail", NULL, e[1], NULL),
	    SLO_EINVAL);
	assert_int_equal(slo_rollup_add_slo(r, "x", NULL, e[1], e[2]),
	    SLO_EINVAL);
	assert_int_equal(slo_rollup_add_slo(r, "x", NULL, NULL, NULL),
	    SLO_EINVAL);
	slo_rollup_free(r);
	for (int i = 0; i < 4; i++)
		slo_expr_free(e[i]);
}

static slo_status
merge_str(slo_rollup *r, const char *text, slo_error *err)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	slo_status st;

	assert_non_null(j);
	st = slo_rollup_merge_json(r, j, err);
	json_decref(j);
	return st;
}

static void
bad_lines_change_nothing(void **state)
{
	static const char *const bad[] = {
		"{\"kind\":\"request\"}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"1m\",\"count\":1,\"good\":2}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:30Z\",\"width\":\"1m\",\"count\":1,\"good\":1}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"0s\",\"count\":1,\"good\":1}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"1m\",\"count\":-1,\"good\":0}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"1m\",\"count\":1,\"good\":1,\"status\":{\"6xx\":1}}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"1m\",\"count\":1,\"good\":1,\"service\":7}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"1m\",\"count\":1,\"good\":1,\"labels\":{\"a\":1}}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"1m\",\"count\":1,\"good\":1,\"slos\":{\"x\":{\"good\":2,\"total\":1}}}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"1m\",\"count\":1,\"good\":1,\"latency_ms\":{\"bins\":\"no\"}}",
		"{\"kind\":\"rollup\",\"ts\":\"soon\",\"width\":\"1m\",\"count\":1,\"good\":1}",
	};
	slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
	slo_error err;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_not_equal(merge_str(r, bad[i], &err), SLO_OK);
		assert_true(err.msg[0] != '\0');
		assert_int_equal(slo_rollup_nrows(r), 0);
	}
	assert_int_equal(merge_str(r, "{\"kind\":\"rollup\",\"ts\":"
	    "\"2026-11-26T08:10:00Z\",\"width\":\"5m\",\"count\":1,\"good\":1}",
	    &err), SLO_EMISMATCH);
	assert_non_null(strstr(err.msg, "'5m'"));
	/* a minimal good line: absent status and sketch are empty */
	assert_int_equal(merge_str(r, "{\"kind\":\"rollup\",\"ts\":"
	    "\"2026-11-26T08:10:00Z\",\"width\":\"1m\",\"count\":3,\"good\":2,"
	    "\"status\":{\"2xx\":2,\"5xx\":1}}", &err), SLO_OK);
	assert_int_equal(slo_rollup_nrows(r), 1);
	assert_int_equal(slo_rollup_row_at(r, 0)->count, 3);
	assert_int_equal(slo_rollup_row_at(r, 0)->status[SLO_ROLLUP_5XX], 1);
	slo_rollup_free(r);
}

static void
spec_slos_count_with_their_own_predicates(void **state)
{
	static const char yaml[] =
	    "slos:\n"
	    "  - name: avail\n"
	    "    where: 'route != \"/healthz\"'\n"
	    "    bad: 'status >= 500'\n"
	    "    objective: 99\n"
	    "    window: 1h\n"
	    "  - name: fast\n"
	    "    latency: { threshold: 300ms }\n"
	    "    objective: 90\n"
	    "    window: 1h\n";
	slo_spec *spec = slo_spec_new();
	slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
	const slo_rollup_row *w;
	slo_error err;
	slo_event ev;

	(void)state;
	assert_int_equal(slo_spec_load_string(spec, "s.yaml", yaml,
	    sizeof yaml - 1, &err), SLO_OK);
	assert_int_equal(slo_spec_finish(spec, &err), SLO_OK);
	assert_int_equal(slo_rollup_add_spec(r, spec, &err), SLO_OK);
	/*
	 * By hand: avail counts 3 (healthz excluded), 2 good; fast counts
	 * all 4: 300 ms (<=) and 10 ms good, 300.5 ms and no latency bad.
	 */
	ev = req(T0, "s", "/a", 200, 300);
	slo_rollup_add(r, &ev);
	ev = req(T0, "s", "/a", 503, 10);
	slo_rollup_add(r, &ev);
	ev = req(T0, "s", "/a", 404, 300.5);
	slo_rollup_add(r, &ev);
	ev = req(T0, "s", "/a", 200, -1);
	ev.route = "/healthz";
	slo_rollup_add(r, &ev);
	assert_int_equal(slo_rollup_nrows(r), 2);
	w = slo_rollup_row_at(r, 0); /* "/a" sorts before "/healthz" */
	assert_string_equal(w->slos[0].name, "avail");
	assert_int_equal(w->slos[0].good, 2);
	assert_int_equal(w->slos[0].total, 3);
	assert_string_equal(w->slos[1].name, "fast");
	assert_int_equal(w->slos[1].good, 2);
	assert_int_equal(w->slos[1].total, 3);
	w = slo_rollup_row_at(r, 1);
	assert_int_equal(w->slos[0].total, 0);
	assert_int_equal(w->slos[1].good, 0);
	assert_int_equal(w->slos[1].total, 1);
	slo_rollup_free(r);
	slo_spec_free(spec);
}

static void
class_names(void **state)
{
	(void)state;
	assert_string_equal(slo_rollup_class_name(SLO_ROLLUP_1XX), "1xx");
	assert_string_equal(slo_rollup_class_name(SLO_ROLLUP_5XX), "5xx");
	assert_string_equal(slo_rollup_class_name(SLO_ROLLUP_OTHER), "other");
	assert_string_equal(slo_rollup_class_name(99), "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_by_hand),
		cmocka_unit_test(refuses_what_it_cannot_bucket),
		cmocka_unit_test(before_the_epoch),
		cmocka_unit_test(labels_are_dimensions_in_sorted_order),
		cmocka_unit_test(shards_merge_to_the_whole),
		cmocka_unit_test(mean_over_merged_rollup_is_exact),
		cmocka_unit_test(slo_counts_by_hand),
		cmocka_unit_test(bad_lines_change_nothing),
		cmocka_unit_test(spec_slos_count_with_their_own_predicates),
		cmocka_unit_test(class_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
