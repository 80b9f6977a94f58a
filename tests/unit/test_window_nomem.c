/*
 * test_window_nomem.c — running out of memory while a series keeps
 * latency sketches loses no value it accepted (issue 20.3): a value is
 * either refused with SLO_ENOMEM or kept, whichever allocation fails
 * (a chunk of slots, a sketch, its bins, a block for the frozen form of a
 * bucket left, compacting the blocks after thaws for late values).
 * malloc and calloc are replaced in this program: when armed, the k-th
 * call from then on fails.
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

/*
 * Under AddressSanitizer the allocator is the sanitizer's and glibc's
 * must not see its blocks: no replacement, the test skips (make test runs
 * it unsanitized).  Elsewhere than glibc there is no __libc_malloc.
 */
#if defined(__SANITIZE_ADDRESS__)
#define REPLACED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REPLACED 0
#endif
#endif
#if !defined(REPLACED) && defined(__GLIBC__)
#define REPLACED 1
#endif
#ifndef REPLACED
#define REPLACED 0
#endif

static long calls_left = -1; /* -1: never fail; 0: the next call fails */
static int failed;           /* a call was failed */

#if REPLACED
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);

static int
fail_now(void)
{
	if (calls_left < 0)
		return 0;
	if (calls_left-- > 0)
		return 0;
	failed = 1;
	return 1;
}

void *
malloc(size_t n)
{
	return fail_now() ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __libc_calloc(n, size);
}
#endif

#define MIN SLO_NS_PER_MIN
#define T0 (1795694400LL * SLO_NS_PER_SEC) /* 2026-11-26T12:00:00Z */

static void
assert_same(const slo_sketch *want, const slo_sketch *got)
{
	slo_buf a = { 0 }, b = { 0 };

	assert_int_equal(slo_sketch_encode(want, &a), SLO_OK);
	assert_int_equal(slo_sketch_encode(got, &b), SLO_OK);
	if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
		size_t i = 0;

		while (i < a.len && i < b.len && a.data[i] == b.data[i])
			i++;
		fail_msg("differ at %zu: want ...%.60s\n got ...%.60s", i,
		    a.data + (i > 20 ? i - 20 : 0), b.data + (i > 20 ? i - 20 : 0));
	}
	slo_buf_release(&a);
	slo_buf_release(&b);
}

enum { N = 400, NB = 61 };
#define B0 (T0 - 20 * MIN) /* the first bucket a value can fall in */

/* Each bucket of w and m read alone equals want[] of it. */
static void
check_buckets(const slo_window *w, slo_sketch *const *want)
{
	for (int b = 0; b < NB; b++) {
		slo_sketch *got = slo_sketch_new(0.01);

		assert_int_equal(slo_window_sketch(w, B0 + b * MIN,
		    B0 + (b + 1) * MIN, got), SLO_OK);
		assert_same(want[b], got);
		slo_sketch_free(got);
	}
}

/*
 * 400 latencies over 40 minutes of a 1-hour series, every 7th to a
 * bucket up to 19 minutes back (thawing it), fed with the k-th allocation
 * failing, for every k until one is not reached.  The values accepted
 * (SLO_OK) are exactly those each bucket holds, compared with a sketch
 * per bucket fed them, in the series and in another it is merged into.
 */
static void
test_latency_nomem(void **state)
{
	slo_window_config cfg;
	slo_sketch *want[NB];
	slo_ns ts[N];
	double ms[N];
	long k;
	int i, b, refused_some = 0;

	(void)state;
	if (!REPLACED)
		skip();
	for (i = 0; i < N; i++) {
		ts[i] = T0 + (slo_ns)i * 6 * SLO_NS_PER_SEC;
		if (i % 7 == 6)
			ts[i] -= (slo_ns)(i * 37 % 20) * MIN;
		/* 1 .. 1e4 ms, spread over many bins and past 8 a bin */
		ms[i] = 1.0 + (double)(i * 7919 % 10007) * (i % 3 == 0 ? 1.0 :
		    0.01);
	}
	slo_window_config_init(&cfg);
	cfg.span = 60 * MIN;
	cfg.sketch_alpha = 0.01;
	for (k = 0;; k++) {
		slo_window *w = slo_window_new(&cfg, NULL);
		slo_window *m = slo_window_new(&cfg, NULL);
		slo_status st;

		for (b = 0; b < NB; b++)
			want[b] = slo_sketch_new(0.01);
		failed = 0;
		calls_left = k;
		for (i = 0; i < N; i++) {
			st = slo_window_add_latency(w, ts[i], ms[i], 1);
			if (st == SLO_OK) {
				long saved = calls_left;

				calls_left = -1;
				b = (int)((ts[i] - B0) / MIN);
				assert_true(b >= 0 && b < NB);
				assert_int_equal(slo_sketch_add(want[b], ms[i]),
				    SLO_OK);
				calls_left = saved;
			} else {
				assert_int_equal(st, SLO_ENOMEM);
				refused_some = 1;
			}
		}
		calls_left = -1;
		check_buckets(w, want);
		assert_int_equal(slo_window_merge(m, w), SLO_OK);
		check_buckets(m, want);
		/* the running byte count kept up whatever failed */
		assert_int_equal(slo_window_bytes(w), slo_window_bytes_walk(w));
		assert_int_equal(slo_window_bytes(m), slo_window_bytes_walk(m));
		for (b = 0; b < NB; b++)
			slo_sketch_free(want[b]);
		slo_window_free(w);
		slo_window_free(m);
		if (!failed)
			break; /* k allocations were all there were */
	}
	print_message("%ld allocations\n", k);
	/*
	 * A window, its slots, two chunks, a sketch and its bins, and the
	 * blocks the frozen buckets of each chunk share (fz_alloc()) and
	 * their compaction after thaws: 18 (a malloc per frozen bucket and
	 * thaw made 145 before the blocks).
	 */
	assert_true(k >= 12);
	assert_true(refused_some);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latency_nomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
