/*
 * test_rollup_stream.c — streaming rollups (slo_rollup_set_lateness()):
 * rows go out as their bucket closes, memory stays with the open
 * buckets, late requests make rows of their own, and chunks folded by
 * workers then absorbed in order give the bytes one rollup fed request
 * by request gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo_rollup.h"

#define MIN SLO_NS_PER_MIN
#define T0 1795680000000000000LL /* 2026-11-26T08:00:00Z: test_rollup.c's
				    T0, 08:10:33, less 633 s */

static slo_event
req(slo_ns ts, const char *route, int status, double latency)
{
	slo_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_REQUEST;
	ev.has = SLO_HAS_TS | SLO_HAS_STATUS | SLO_HAS_LATENCY;
	ev.ts = ts;
	ev.service = "checkout";
	ev.route = route;
	ev.status = status;
	ev.latency_ms = latency;
	ev.ok = status < 500;
	return ev;
}

static slo_rollup *
streaming(slo_ns lateness)
{
	slo_rollup *r = slo_rollup_new(MIN);

	assert_non_null(r);
	assert_int_equal(slo_rollup_set_lateness(r, lateness), SLO_OK);
	return r;
}

/* Lines in b that start with prefix. */
static size_t
count_lines(const slo_buf *b, const char *prefix)
{
	size_t n = 0, len = strlen(prefix);

	for (size_t i = 0; i < b->len; i++)
		if ((i == 0 || b->data[i - 1] == '\n') &&
		    b->len - i >= len && memcmp(b->data + i, prefix, len) == 0)
			n++;
	return n;
}

/*
 * 600 minutes in time order, 3 routes, 10 requests a minute each.  With
 * a lateness of 5m the table never holds more than the buckets not yet
 * closed: the bucket of the horizon and the 5 before it, plus the one
 * the next request opens (7 x 3 rows); every row comes out with its 10
 * requests.  Kept to the end (no lateness) it would hold 1800.
 */
static void
memory_stays_with_open_buckets(void **state)
{
	static const char *const routes[3] = { "/a", "/b", "/c" };
	slo_rollup *r = streaming(5 * MIN);
	slo_buf out = { 0 };
	size_t most = 0;

	(void)state;
	for (int m = 0; m < 600; m++)
		for (int i = 0; i < 30; i++) {
			slo_event ev = req(T0 + m * MIN + i * 2 * SLO_NS_PER_SEC,
			    routes[i % 3], 200, 10 + i);
			assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
			assert_int_equal(slo_rollup_flush(r, &out), SLO_OK);
			if (slo_rollup_nrows(r) > most)
				most = slo_rollup_nrows(r);
		}
	assert_true(most <= 7 * 3);
	/* minute 599's horizon (599:58) less 5m: 594 closes, 594..599 open */
	assert_int_equal(slo_rollup_nrows(r), 6 * 3);
	assert_int_equal(count_lines(&out, "{\"kind\":\"rollup\""), 594 * 3);
	assert_int_equal(count_lines(&out,
	    "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:00:00Z\""), 3);
	assert_non_null(strstr(out.data, "\"route\":\"/a\",\"count\":10,"
	    "\"good\":10,"));
	assert_int_equal(slo_rollup_finish(r), SLO_OK);
	assert_int_equal(slo_rollup_nrows(r), 6 * 3);
	slo_buf_release(&out);
	slo_rollup_free(r);
}

/*
 * Worked by hand, lateness 2m: requests at 08:00:10, 08:04:30 (cut =
 * floor(08:02:30) = 08:02: bucket 08:00 ends at 08:01 <= 08:02, closed,
 * out), 08:00:20 (late: its own row, kept), 08:01:50 (bucket 08:01 ends
 * at 08:02 <= cut: late too), 08:02:40 (bucket 08:02 ends 08:03 > cut:
 * on time, not flushed).  At the end: late 08:00 and 08:01, on-time
 * 08:02 and 08:04, sorted.
 */
static void
late_requests_make_rows_of_their_own(void **state)
{
	slo_rollup *r = streaming(2 * MIN);
	slo_buf out = { 0 }, end = { 0 };
	static const slo_ns at[5] = { 10, 270, 20, 110, 160 };
	static const char *const want_end[4] = { "08:00:00", "08:01:00",
		"08:02:00", "08:04:00" };
	const char *p;

	(void)state;
	for (int i = 0; i < 5; i++) {
		slo_event ev = req(T0 + at[i] * SLO_NS_PER_SEC, "/a", 200, 5);
		assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
		assert_int_equal(slo_rollup_flush(r, &out), SLO_OK);
		if (i == 1)
			assert_int_equal(count_lines(&out, "{"), 1);
	}
	assert_int_equal(slo_rollup_cut(r), T0 + 2 * MIN);
	assert_int_equal(slo_rollup_newest(r), T0 + 270 * SLO_NS_PER_SEC);
	assert_int_equal(count_lines(&out, "{"), 1);
	assert_non_null(strstr(out.data, "\"ts\":\"2026-11-26T08:00:00Z\""));
	assert_non_null(strstr(out.data, "\"count\":1,"));
	/* row_at() sees the on-time rows until finish adds the late ones */
	assert_int_equal(slo_rollup_nrows(r), 2);
	assert_int_equal(slo_rollup_finish(r), SLO_OK);
	assert_int_equal(slo_rollup_nrows(r), 4);
	assert_int_equal(slo_rollup_encode(r, &end), SLO_OK);
	p = end.data;
	for (int i = 0; i < 4; i++) {
		char ts[64];

		snprintf(ts, sizeof ts, "\"ts\":\"2026-11-26T%sZ\"", want_end[i]);
		assert_non_null(p = strstr(p, ts));
	}
	slo_buf_release(&out);
	slo_buf_release(&end);
	slo_rollup_free(r);
}

/* Merged rollup lines do not move the horizon: a reduce keeps its rows. */
static void
merged_lines_do_not_close(void **state)
{
	slo_rollup *r = streaming(0);
	slo_buf out = { 0 };
	slo_error err;
	static const char *const lines[2] = {
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:00:00Z\",\"width\":"
		    "\"1m\",\"count\":1,\"good\":1}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T05:00:00Z\",\"width\":"
		    "\"1m\",\"count\":2,\"good\":2}",
	};

	(void)state;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(slo_rollup_merge_text(r, lines[i],
		    strlen(lines[i]), &err), SLO_OK);
		assert_int_equal(slo_rollup_flush(r, &out), SLO_OK);
	}
	assert_int_equal(out.len, 0);
	assert_int_equal(slo_rollup_newest(r), SLO_NS_NONE);
	assert_int_equal(slo_rollup_nrows(r), 2);
	slo_buf_release(&out);
	slo_rollup_free(r);
}

/* A small deterministic generator (xorshift64*, Vigna 2016). */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct mark {
	size_t at;      /* the request's index in its chunk */
	slo_ns newest;
};

/*
 * 20000 requests over ~2 days, mostly in order, jittered by up to a
 * minute either way (within a lateness of 4m), 1 in 10 up to 48 hours
 * behind (late).  Fed one by one to one rollup, flushing after each; and in
 * chunks of 1 to 400 requests to two workers' rollups, each chunk taken
 * and absorbed in order by the emitter, which flushes at the chunk's
 * marks (where the worker's cut moved) as ingest_run.c does: the same
 * bytes.  The late path is taken: more rows than keys.
 */
static void
chunks_absorbed_give_the_same_bytes(void **state)
{
	static const char *const routes[4] = { "/a", "/b", "/c", "/d" };
	enum { N = 20000 };
	slo_event *evs = calloc(N, sizeof *evs);
	slo_rollup *one = streaming(4 * MIN), *main = streaming(4 * MIN);
	slo_rollup *workers[2] = { streaming(4 * MIN), streaming(4 * MIN) };
	slo_buf a = { 0 }, b = { 0 };
	struct mark *marks = calloc(N, sizeof *marks);
	uint64_t seed = 42;
	slo_error err;
	size_t i = 0;
	int w = 0;

	(void)state;
	assert_non_null(evs);
	assert_non_null(marks);
	for (size_t k = 0; k < N; k++) {
		slo_ns t = T0 + (slo_ns)k * 9 * SLO_NS_PER_SEC;
		uint64_t x = rnd(&seed);

		if (x % 10 == 0)
			t -= (slo_ns)(x % 97) * SLO_NS_PER_HOUR / 2;
		else
			t += (slo_ns)(x % 120) * SLO_NS_PER_SEC - MIN;
		evs[k] = req(t, routes[x % 4], x % 13 == 0 ? 503 : 200,
		    (double)(x % 1000) / 7);
	}
	for (size_t k = 0; k < N; k++) {
		assert_int_equal(slo_rollup_add(one, &evs[k]), SLO_OK);
		assert_int_equal(slo_rollup_flush(one, &a), SLO_OK);
	}
	assert_int_equal(slo_rollup_finish(one), SLO_OK);
	assert_int_equal(slo_rollup_encode(one, &a), SLO_OK);

	while (i < N) {
		size_t n = 1 + rnd(&seed) % 400, nmarks = 0;
		slo_rollup *wr = workers[w], *part;
		slo_ns cut = SLO_NS_NONE, newest;

		w = 1 - w;
		/* the worker: its chunk, marks where its cut moved */
		for (size_t k = 0; k < n && i < N; k++, i++) {
			assert_int_equal(slo_rollup_add(wr, &evs[i]), SLO_OK);
			if (slo_rollup_cut(wr) != cut) {
				cut = slo_rollup_cut(wr);
				marks[nmarks].at = k;
				marks[nmarks++].newest = slo_rollup_newest(wr);
			}
		}
		assert_non_null(part = slo_rollup_take(wr));
		assert_int_equal(slo_rollup_nrows(wr), 0);
		assert_int_equal(slo_rollup_newest(wr), SLO_NS_NONE);
		/* the emitter, in input order */
		newest = slo_rollup_newest(part);
		assert_int_equal(slo_rollup_absorb(main, part, &err), SLO_OK);
		for (size_t m = 0; m < nmarks; m++) {
			slo_rollup_advance(main, marks[m].newest);
			assert_int_equal(slo_rollup_flush(main, &b), SLO_OK);
		}
		slo_rollup_advance(main, newest);
	}
	assert_int_equal(slo_rollup_finish(main), SLO_OK);
	assert_int_equal(slo_rollup_encode(main, &b), SLO_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);

	/* rows of late requests: some key comes out twice */
	{
		size_t nrows = count_lines(&a, "{"), dup = 0;
		char **keys = calloc(nrows, sizeof *keys);
		const char *p = a.data;

		for (size_t k = 0; k < nrows; k++) {
			const char *e = strstr(p, ",\"count\"");
			keys[k] = strndup(p, (size_t)(e - p));
			p = strchr(p, '\n') + 1;
		}
		qsort(keys, nrows, sizeof *keys, str_cmp);
		for (size_t k = 1; k < nrows; k++)
			dup += strcmp(keys[k - 1], keys[k]) == 0;
		assert_true(dup > 10);
		for (size_t k = 0; k < nrows; k++)
			free(keys[k]);
		free(keys);
	}
	slo_buf_release(&a);
	slo_buf_release(&b);
	slo_rollup_free(one);
	slo_rollup_free(main);
	slo_rollup_free(workers[0]);
	slo_rollup_free(workers[1]);
	free(evs);
	free(marks);
}

static void
bad_settings(void **state)
{
	slo_rollup *r = slo_rollup_new(MIN), *merge_only = slo_rollup_new(0);
	slo_event ev = req(T0, "/a", 200, 1);

	(void)state;
	assert_int_equal(slo_rollup_set_lateness(r, -1), SLO_EINVAL);
	assert_int_equal(slo_rollup_set_lateness(merge_only, MIN), SLO_EINVAL);
	assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
	/* after the first row: too late to start streaming */
	assert_int_equal(slo_rollup_set_lateness(r, MIN), SLO_EINVAL);
	slo_rollup_free(r);
	slo_rollup_free(merge_only);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memory_stays_with_open_buckets),
		cmocka_unit_test(late_requests_make_rows_of_their_own),
		cmocka_unit_test(merged_lines_do_not_close),
		cmocka_unit_test(chunks_absorbed_give_the_same_bytes),
		cmocka_unit_test(bad_settings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
