/*
 * test_fzarena.c — the window's frozen buckets written into blocks a
 * chunk of buckets shares (lib/math/window.c: fz_alloc(), fz_compact()),
 * not each into an allocation: every bucket still reads exactly the
 * values given to it (the second method: one sketch per bucket fed the
 * same values, compared by their JSON) after late values thaw buckets
 * over and over, and after -j merges copy buckets into another window
 * whose source is then changed and freed; the running byte count equals
 * the walk over every block; and thawing the same buckets thousands of
 * times leaves the memory where a few hundred left it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo_math.h"
#include "slo_sketch_frozen.h"

#define MIN SLO_NS_PER_MIN
#define T0 (1795694400LL * SLO_NS_PER_SEC) /* 2026-11-26T12:00:00Z */
#define NB 50 /* buckets used, minutes T0 .. T0 + 49 (a chunk is 64) */

static void
assert_same(const slo_sketch *want, const slo_sketch *got)
{
	slo_buf a = { 0 }, b = { 0 };

	assert_int_equal(slo_sketch_encode(want, &a), SLO_OK);
	assert_int_equal(slo_sketch_encode(got, &b), SLO_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	slo_buf_release(&a);
	slo_buf_release(&b);
}

/* A latency spread over many bins (1 .. about 3700 ms), from i. */
static double
ms_of(long i)
{
	return 1.0 + (double)(i * 7919 % 10007) * 0.37;
}

/* Value i into bucket b of w and of the reference want[b]. */
static void
put(slo_window *w, slo_sketch **want, int b, long i)
{
	assert_int_equal(slo_window_add_latency(w, T0 + b * MIN +
	    (i % 60) * SLO_NS_PER_SEC, ms_of(i), 1), SLO_OK);
	assert_int_equal(slo_sketch_add(want[b], ms_of(i)), SLO_OK);
}

/* Each bucket of w read alone equals want[] of it; the byte count holds. */
static void
check(const slo_window *w, slo_sketch *const *want)
{
	for (int b = 0; b < NB; b++) {
		slo_sketch *got = slo_sketch_new(0.01);

		assert_int_equal(slo_window_sketch(w, T0 + b * MIN,
		    T0 + (b + 1) * MIN, got), SLO_OK);
		assert_same(want[b], got);
		slo_sketch_free(got);
	}
	assert_int_equal(slo_window_bytes(w), slo_window_bytes_walk(w));
}

static slo_window *
window(void)
{
	slo_window_config cfg;
	slo_window *w;

	slo_window_config_init(&cfg);
	cfg.span = 120 * MIN;
	cfg.sketch_alpha = 0.01;
	assert_non_null(w = slo_window_new(&cfg, NULL));
	return w;
}

static void
wants(slo_sketch **want)
{
	for (int b = 0; b < NB; b++)
		assert_non_null(want[b] = slo_sketch_new(0.01));
}

static void
wants_free(slo_sketch **want)
{
	for (int b = 0; b < NB; b++)
		slo_sketch_free(want[b]);
}

/*
 * Buckets 0 .. NB-1 filled in order (each frozen as the next starts),
 * then late values alternate between buckets 3, 17 and the head, each
 * thawing its bucket and freezing the one before: the values stay
 * exact, and the bytes after 4000 thaws are those after 400 (within a
 * block), not ten times their growth.
 */
static void
test_thaw_churn(void **state)
{
	slo_sketch *want[NB];
	slo_window *w = window();
	size_t after400 = 0;
	long i = 0;

	(void)state;
	wants(want);
	for (int b = 0; b < NB; b++)
		for (int k = 0; k < 40; k++)
			put(w, want, b, i++);
	check(w, want);
	for (int t = 0; t < 4000; t++) {
		static const int late[3] = { 3, 17, NB - 1 };

		put(w, want, late[t % 3], i++);
		if (t == 399) {
			check(w, want);
			after400 = slo_window_bytes(w);
		}
	}
	check(w, want);
	/* each thawed form is left dead until they outweigh the live ones:
	 * at most the live forms twice and a block of 8 KiB more */
	assert_true(slo_window_bytes(w) <= 2 * after400 + 8192);
	wants_free(want);
	slo_window_free(w);
}

/*
 * Two windows of overlapping buckets merged into a third (as -j merges
 * its threads' series): buckets only one holds are copied frozen into
 * the third's blocks, shared ones thawed and merged.  The sources are
 * then thawed again and freed, and the third's buckets thawed by late
 * values: every bucket still holds exactly its values.
 */
static void
test_merge_copies(void **state)
{
	slo_sketch *want[NB];
	slo_window *a = window(), *b = window(), *m = window();
	long i = 0;

	(void)state;
	wants(want);
	for (int k = 0; k < NB; k++)
		for (int j = 0; j < 30; j++)
			put(k < 30 ? a : b, want, k, i++);
	/* b also holds some of a's buckets, and a the head of b's */
	for (int k = 20; k < NB; k += 3)
		for (int j = 0; j < 10; j++)
			put(k < 30 ? b : a, want, k, i++);
	assert_int_equal(slo_window_merge(m, a), SLO_OK);
	assert_int_equal(slo_window_merge(m, b), SLO_OK);
	check(m, want);
	/* the sources' blocks moved and freed: m's buckets are its own */
	for (int t = 0; t < 600; t++) {
		slo_sketch *junk[NB];

		wants(junk);
		put(a, junk, t % 2 ? 5 : 25, i++);
		wants_free(junk);
	}
	slo_window_free(a);
	slo_window_free(b);
	check(m, want);
	for (int t = 0; t < 300; t++)
		put(m, want, t % 2 ? 2 : 33, i++);
	check(m, want);
	wants_free(want);
	slo_window_free(m);
}

/*
 * Each value's count written first, as the engine writes a request or a
 * rollup row (slo_window_add(), then the latency into the bucket it just
 * counted: found without locating it again), in order and late: the
 * values and the counts land in their own buckets.
 */
static void
test_counts_then_values(void **state)
{
	slo_sketch *want[NB];
	slo_window *w = window();
	slo_counts n;
	long i = 0;

	(void)state;
	wants(want);
	for (int t = 0; t < 1500; t++) {
		int b = t % 5 == 4 ? (t * 7) % (t / 30 + 1) : t / 30;
		slo_ns ts = T0 + b * MIN + (t % 60) * SLO_NS_PER_SEC;

		assert_int_equal(slo_window_add(w, ts, 1, 1), SLO_OK);
		assert_int_equal(slo_window_add_latency(w, ts, ms_of(i), 1),
		    SLO_OK);
		assert_int_equal(slo_sketch_add(want[b], ms_of(i)), SLO_OK);
		i++;
	}
	check(w, want);
	for (int b = 0; b < NB; b++) {
		assert_int_equal(slo_window_counts(w, T0 + b * MIN,
		    T0 + (b + 1) * MIN, &n), SLO_OK);
		assert_int_equal(n.total, slo_sketch_count(want[b]));
	}
	wants_free(want);
	slo_window_free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thaw_churn),
		cmocka_unit_test(test_merge_copies),
		cmocka_unit_test(test_counts_then_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
