/*
 * test_sketchwin.c — the cost side of the window's latency sketches
 * (lib/math/window.c, lib/math/sketch.c): slo_window_bytes() kept as a
 * running count and checked against a full walk of every chunk and
 * sketch (slo_window_bytes_walk(), the second method); a rollup row's
 * bins added into a window straight from the scanner
 * (slo_window_merge_sketch_scan()) against the same values added one by
 * one; slo_sketch_scan_jscan() against slo_sketch_from_json() (jansson)
 * on valid and broken sketches.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo_math.h"
#include "slo_sketch_frozen.h"
#include "slo_sketch_json.h"

#define MIN SLO_NS_PER_MIN
#define HOUR SLO_NS_PER_HOUR
#define DAY SLO_NS_PER_DAY
#define T0 (1795694400LL * SLO_NS_PER_SEC) /* 2026-11-26T12:00:00Z */

/* xorshift64 (Marsaglia 2003): a seeded, portable generator. */
static uint64_t
xs64(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static double
unit(uint64_t *x)
{
	return ((double)(xs64(x) >> 11) + 0.5) / 9007199254740992.0;
}

/* A latency in ms: lognormal, median 120, sigma 0.6 (the bench's). */
static double
latency(uint64_t *x)
{
	return 120 * exp(0.6 * sqrt(-2 * log(unit(x))) *
	    cos(6.283185307179586 * unit(x)));
}

static slo_window *
mk(slo_ns span, double alpha)
{
	slo_window_config cfg;
	slo_window *w;

	slo_window_config_init(&cfg);
	cfg.span = span;
	cfg.sketch_alpha = alpha;
	w = slo_window_new(&cfg, NULL);
	assert_non_null(w);
	return w;
}

static void
check_bytes(const slo_window *w)
{
	assert_int_equal(slo_window_bytes(w), slo_window_bytes_walk(w));
}

/*
 * The running count of slo_window_bytes() equals the full walk after
 * every step of a random run over a 2-hour series fed 10 hours (buckets
 * age out and their chunks are wiped and reused): values in time order,
 * late values that thaw a frozen bucket, values too old (refused),
 * whole sketches merged in, another series merged in (its frozen
 * buckets cloned or thawed), and counts alone (their chunks widened
 * past 65,535 events a bucket).
 */
static void
test_bytes_running(void **state)
{
	slo_window *w = mk(2 * HOUR, 0.01), *o = mk(2 * HOUR, 0.01);
	slo_sketch *s = slo_sketch_new(0.01);
	uint64_t x = 88172645463325252ULL;
	slo_ns t = T0, at;
	int step, k;

	(void)state;
	check_bytes(w);
	for (step = 0; step < 6000; step++) {
		t += (slo_ns)(xs64(&x) % 12) * SLO_NS_PER_SEC;
		switch (xs64(&x) % 10) {
		case 0: /* late: up to 3 hours back, some refused */
			at = t - (slo_ns)(xs64(&x) % (3 * HOUR));
			assert_int_equal(slo_window_add_latency(w, at,
			    latency(&x), 1), SLO_OK);
			break;
		case 1: /* a whole sketch, as a rollup row's */
			slo_sketch_clear(s);
			for (k = 0; k < 20; k++)
				assert_int_equal(slo_sketch_add(s, latency(&x)),
				    SLO_OK);
			assert_int_equal(slo_window_merge_sketch(w, t, s), SLO_OK);
			break;
		case 2: /* counts, some past 65,535 a bucket */
			assert_int_equal(slo_window_add(w, t, 1,
			    xs64(&x) % 4 == 0 ? 70000 : 3), SLO_OK);
			break;
		case 3: /* another series, merged in now and then */
			assert_int_equal(slo_window_add_latency(o,
			    t - (slo_ns)(xs64(&x) % HOUR), latency(&x), 2),
			    SLO_OK);
			if (step % 97 == 0) {
				assert_int_equal(slo_window_merge(w, o), SLO_OK);
				check_bytes(o);
			}
			break;
		default:
			assert_int_equal(slo_window_add_latency(w, t,
			    latency(&x), 1 + xs64(&x) % 3), SLO_OK);
			break;
		}
		check_bytes(w);
	}
	/* the walk counts something: a frozen bucket at least per minute
	 * of the 2 hours, besides the struct */
	assert_true(slo_window_bytes(w) > 120 * 20 + 600);
	slo_window_free(w);
	slo_window_free(o);
	slo_sketch_free(s);
}

/* A series without sketches, and one whose sketches all aged out. */
static void
test_bytes_plain(void **state)
{
	slo_window *w = mk(HOUR, 0), *v = mk(HOUR, 0.02);

	(void)state;
	for (slo_ns t = T0; t < T0 + 5 * HOUR; t += 7 * SLO_NS_PER_SEC) {
		assert_int_equal(slo_window_add(w, t, 1, 2), SLO_OK);
		assert_int_equal(slo_window_add_latency(v, t, 15, 1), SLO_OK);
		check_bytes(w);
		check_bytes(v);
	}
	assert_int_equal(slo_window_add_latency(v, T0 + 100 * DAY, 15, 1),
	    SLO_OK);
	check_bytes(v);
	slo_window_free(w);
	slo_window_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes_running),
		cmocka_unit_test(test_bytes_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
