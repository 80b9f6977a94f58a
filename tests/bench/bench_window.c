/*
 * bench_window.c — window updates per second (a benchmark, not a test):
 * in-order and out-of-order adds to a 30-day series at 1m, adds spread
 * over 1,000 series (cache misses, as with group_by), and reads of the
 * windows slo-eval asks for, plus the memory of a dense series and the
 * cost of one sparse group.
 *   build/bench/bench_window [N]     (N updates per case, default 10^7)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "slo_eval.h"
#include "slo_math.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t
xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static slo_window *
mk(slo_ns span, slo_calendar cal)
{
	slo_window_config cfg;
	slo_window *w;
	slo_error err;

	slo_window_config_init(&cfg);
	cfg.span = span;
	cfg.calendar = cal;
	if ((w = slo_window_new(&cfg, &err)) == NULL) {
		fprintf(stderr, "bench_window: %s\n", err.msg);
		exit(2);
	}
	return w;
}

static void
report(const char *what, long n, double secs)
{
	printf("  %-44s %10.1f M/s  (%ld in %.3f s)\n", what,
	    (double)n / secs / 1e6, n, secs);
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000000L, i;
	const slo_ns t0 = 1790000000LL * SLO_NS_PER_SEC;
	const slo_ns lens[] = { 5 * SLO_NS_PER_MIN, 30 * SLO_NS_PER_MIN,
	    SLO_NS_PER_HOUR, 6 * SLO_NS_PER_HOUR, 3 * SLO_NS_PER_DAY,
	    30 * SLO_NS_PER_DAY };
	slo_window *w, **many;
	slo_counts c;
	slo_ns t, from, to;
	uint64_t sink = 0;
	double s;
	long reads;
	size_t k;

	if (n <= 0)
		n = 10000000L;
	printf("bench_window: window updates per second (1m buckets)\n");

	/* In order: 10^7 events over 40 days, ~0.35 s apart. */
	w = mk(30 * SLO_NS_PER_DAY, SLO_CAL_NONE);
	s = now();
	for (i = 0, t = t0; i < n; i++) {
		t += (slo_ns)(xorshift() % 700) * SLO_NS_PER_MS;
		slo_window_add(w, t, (i & 63) != 0, 1);
	}
	report("add, in order, one 30d series", n, now() - s);

	/* Out of order: up to 2h late. */
	s = now();
	for (i = 0; i < n; i++) {
		uint64_t r = xorshift();

		t += (slo_ns)(r % 700) * SLO_NS_PER_MS;
		slo_window_add(w, t - (slo_ns)((r >> 16) % 7200) * SLO_NS_PER_SEC,
		    (r >> 40) % 64 != 0, 1);
	}
	report("add, up to 2h out of order, one 30d series", n, now() - s);
	printf("  memory of that dense 30d series: %zu bytes\n",
	    slo_window_bytes(w));

	/* Reads of every policy window and the 30d SLO window. */
	s = now();
	for (reads = 0; now() - s < 0.2; reads += 6)
		for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
			slo_window_rolling(w, t - (reads % 97) * SLO_NS_PER_MIN,
			    lens[k], &from, &to);
			slo_window_counts(w, from, to, &c);
			sink += c.total;
		}
	printf("  %-44s %10.0f /s\n", "read 5m,30m,1h,6h,3d,30d windows (sets)",
	    (double)reads / 6 / (now() - s));
	slo_window_free(w);

	/* Spread over 1,000 series of 3 days (route x region groups). */
	many = calloc(1000, sizeof(*many));
	if (many == NULL)
		return 2;
	for (k = 0; k < 1000; k++)
		many[k] = mk(3 * SLO_NS_PER_DAY, SLO_CAL_NONE);
	s = now();
	for (i = 0, t = t0; i < n; i++) {
		uint64_t r = xorshift();

		t += (slo_ns)(r % 60) * SLO_NS_PER_MS;
		slo_window_add(many[(r >> 24) % 1000], t, (r >> 40) % 64 != 0, 1);
	}
	report("add, in order, spread over 1000 3d series", n, now() - s);
	for (k = 0, i = 0; k < 1000; k++) {
		i += (long)slo_window_bytes(many[k]);
		slo_window_free(many[k]);
	}
	printf("  memory of those 1000 series: %ld bytes\n", i);
	free(many);

	/*
	 * Per-group cost (issue 14.4): 100,000 groups of a 30-day SLO with
	 * one event each, as a group_by over tenants makes them; the verdict
	 * each group gets at the end is added by its size.
	 */
	many = calloc(100000, sizeof(*many));
	if (many == NULL)
		return 2;
	for (k = 0, i = 0; k < 100000; k++) {
		many[k] = mk(30 * SLO_NS_PER_DAY, SLO_CAL_NONE);
		slo_window_add(many[k], t0 + (slo_ns)k * SLO_NS_PER_SEC, 1, 1);
		i += (long)slo_window_bytes(many[k]);
	}
	for (k = 0; k < 100000; k++)
		slo_window_free(many[k]);
	free(many);
	printf("  per-group cost, 30d SLO, one event a group: %ld bytes of "
	    "series + %zu of verdict\n", i / 100000, sizeof(slo_verdict));

	w = mk(0, SLO_CAL_MONTH);
	for (t = t0; t < t0 + 40 * SLO_NS_PER_DAY; t += 20 * SLO_NS_PER_SEC)
		slo_window_add(w, t, 1, 1);
	printf("  memory of a dense calendar-month series: %zu bytes\n",
	    slo_window_bytes(w));
	slo_window_free(w);
	return sink == 42 ? 1 : 0;
}
