/* test_sketch.c — the DDSketch-style quantile sketch (lib/sketch.c). */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo_math.h"
#include "slo_sketch_frozen.h"
#include "slo_sketch_json.h"
#include "sketch_helpers.h"

/* splitmix64 (Steele, Lea, Flood 2014): a seeded, portable generator. */
static uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in (0, 1), never 0 so logs stay finite. */
static double
uniform(uint64_t *st)
{
	return ((double)(splitmix64(st) >> 11) + 0.5) / 9007199254740992.0;
}

/* Standard normal by Box-Muller (one of the pair). */
static double
normal(uint64_t *st)
{
	double u1 = uniform(st), u2 = uniform(st);

	return sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
}

static double
lognormal(uint64_t *st, double mu, double sigma)
{
	return exp(mu + sigma * normal(st));
}

/* Pareto with scale xm and shape a: heavy tail, up to ~1e8 here. */
static double
pareto(uint64_t *st, double xm, double a)
{
	return xm / pow(uniform(st), 1 / a);
}

/* Fast and slow requests: 70 % around 20 ms, 30 % around 800 ms. */
static double
bimodal(uint64_t *st)
{
	if (uniform(st) < 0.7)
		return lognormal(st, log(20), 0.3);
	return lognormal(st, log(800), 0.5);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

enum { NSAMPLE = 1000000 };

/*
 * Every quantile in {0.5, 0.9, 0.95, 0.99, 0.999} within alpha of the exact
 * nearest-rank value (the ceil(q n)-th smallest of a sorted copy, computed
 * here in integers: q n is exact for n = 10^6), plus exact min and max.
 */
static void
check_quantiles(double *v, size_t n, double alpha)
{
	static const unsigned permille[] = { 500, 900, 950, 990, 999 };
	slo_sketch *s = slo_sketch_new(alpha);
	double est, exact;
	size_t i, rank;

	assert_non_null(s);
	for (i = 0; i < n; i++)
		assert_int_equal(slo_sketch_add(s, v[i]), SLO_OK);
	qsort(v, n, sizeof *v, cmp_double);
	assert_int_equal(slo_sketch_count(s), n);
	for (i = 0; i < sizeof permille / sizeof permille[0]; i++) {
		rank = (permille[i] * n + 999) / 1000;
		exact = v[rank - 1];
		assert_int_equal(slo_sketch_quantile(s, permille[i] / 1000.0,
		    &est), SLO_OK);
		if (!(fabs(est - exact) <= alpha * exact * (1 + 1e-9)))
			fail_msg("q=%.3f est %.17g exact %.17g rel %.3g > %g",
			    permille[i] / 1000.0, est, exact,
			    fabs(est - exact) / exact, alpha);
	}
	assert_int_equal(slo_sketch_quantile(s, 0, &est), SLO_OK);
	assert_true(est == v[0]);
	assert_int_equal(slo_sketch_quantile(s, 1, &est), SLO_OK);
	assert_true(est == v[n - 1]);
	assert_true(slo_sketch_min(s) == v[0]);
	assert_true(slo_sketch_max(s) == v[n - 1]);
	slo_sketch_free(s);
}

static void
test_lognormal(void **state)
{
	uint64_t st = 1;
	double *v = malloc(NSAMPLE * sizeof *v);
	size_t i;

	(void)state;
	assert_non_null(v);
	for (i = 0; i < NSAMPLE; i++)
		v[i] = lognormal(&st, log(100), 1.0);
	check_quantiles(v, NSAMPLE, SLO_SKETCH_ALPHA);
	for (i = 0; i < NSAMPLE; i++)
		v[i] = lognormal(&st, log(100), 1.0);
	check_quantiles(v, NSAMPLE, 0.05);
	free(v);
}

static void
test_pareto(void **state)
{
	uint64_t st = 2;
	double *v = malloc(NSAMPLE * sizeof *v);
	size_t i;

	(void)state;
	assert_non_null(v);
	for (i = 0; i < NSAMPLE; i++)
		v[i] = pareto(&st, 1.0, 1.2);
	check_quantiles(v, NSAMPLE, SLO_SKETCH_ALPHA);
	free(v);
}

static void
test_bimodal(void **state)
{
	uint64_t st = 3;
	double *v = malloc(NSAMPLE * sizeof *v);
	size_t i;

	(void)state;
	assert_non_null(v);
	for (i = 0; i < NSAMPLE; i++)
		v[i] = bimodal(&st);
	check_quantiles(v, NSAMPLE, SLO_SKETCH_ALPHA);
	free(v);
}

/* Memory is set by the value range, not the count: 10^7 values < 64 KiB. */
static void
test_memory_bound(void **state)
{
	slo_sketch *s = slo_sketch_new(SLO_SKETCH_ALPHA);
	uint64_t st = 4;
	size_t i;

	(void)state;
	for (i = 0; i < 10000000; i++)
		assert_int_equal(slo_sketch_add(s, lognormal(&st, log(100), 1.0)),
		    SLO_OK);
	assert_int_equal(slo_sketch_count(s), 10000000);
	assert_true(slo_sketch_bytes(s) < 64 * 1024);
	/* even a range from 1 us to one hour in ms stays small */
	assert_int_equal(slo_sketch_add(s, 1e-3), SLO_OK);
	assert_int_equal(slo_sketch_add(s, 3.6e6), SLO_OK);
	assert_true(slo_sketch_bytes(s) < 64 * 1024);
	slo_sketch_free(s);
}

static slo_sketch *
decode(const char *text)
{
	json_error_t jerr;
	slo_error err;
	json_t *j = json_loads(text, 0, &jerr);
	slo_sketch *s;

	assert_non_null(j);
	s = slo_sketch_from_json(j, &err);
	if (s == NULL)
		fail_msg("decode: %s: %s", err.msg, text);
	json_decref(j);
	return s;
}

enum { NSHARD = 8, PER_SHARD = 20000 };

/*
 * Shards of different shapes and ranges merged in several orders and
 * groupings, directly and through their JSON form, and one sketch of all
 * the values: the same bytes every time.
 */
static void
test_merge_order(void **state)
{
	slo_sketch *shard[NSHARD], *all, *fwd, *rev, *tree[NSHARD], *viajson, *d;
	uint64_t st = 5;
	double v, sum_fwd = 0, sum_rev = 0, *vals;
	char *want, *got;
	size_t i, k, step;

	(void)state;
	vals = malloc(NSHARD * PER_SHARD * sizeof *vals);
	all = slo_sketch_new(SLO_SKETCH_ALPHA);
	for (k = 0; k < NSHARD; k++) {
		shard[k] = slo_sketch_new(SLO_SKETCH_ALPHA);
		for (i = 0; i < PER_SHARD; i++) {
			switch (k % 4) {
			case 0: v = lognormal(&st, log(100), 1); break;
			case 1: v = pareto(&st, 0.1, 1.1); break;
			case 2: v = bimodal(&st); break;
			default: v = i % 50 == 0 ? 0 : uniform(&st) * 3.6e6; break;
			}
			vals[k * PER_SHARD + i] = v;
			assert_int_equal(slo_sketch_add(shard[k], v), SLO_OK);
			assert_int_equal(slo_sketch_add(all, v), SLO_OK);
		}
	}
	/* The data does expose the problem: naive double sums differ. */
	for (i = 0; i < NSHARD * PER_SHARD; i++)
		sum_fwd += vals[i];
	for (i = NSHARD * PER_SHARD; i-- > 0;)
		sum_rev += vals[i];
	assert_true(sum_fwd != sum_rev);
	free(vals);

	want = sketch_json(all);
	fwd = slo_sketch_new(SLO_SKETCH_ALPHA);
	rev = slo_sketch_new(SLO_SKETCH_ALPHA);
	viajson = slo_sketch_new(SLO_SKETCH_ALPHA);
	for (k = 0; k < NSHARD; k++) {
		assert_int_equal(slo_sketch_merge(fwd, shard[k]), SLO_OK);
		assert_int_equal(slo_sketch_merge(rev, shard[NSHARD - 1 - k]),
		    SLO_OK);
		got = sketch_json(shard[(k * 3) % NSHARD]);
		d = decode(got);
		free(got);
		assert_int_equal(slo_sketch_merge(viajson, d), SLO_OK);
		slo_sketch_free(d);
		tree[k] = slo_sketch_clone(shard[k]);
	}
	/* pairwise tree: ((0 1)(2 3))((4 5)(6 7)) */
	for (step = 1; step < NSHARD; step *= 2)
		for (k = 0; k + step < NSHARD; k += 2 * step)
			assert_int_equal(slo_sketch_merge(tree[k], tree[k + step]),
			    SLO_OK);
	got = sketch_json(fwd);
	assert_string_equal(got, want);
	free(got);
	got = sketch_json(rev);
	assert_string_equal(got, want);
	free(got);
	got = sketch_json(tree[0]);
	assert_string_equal(got, want);
	free(got);
	got = sketch_json(viajson);
	assert_string_equal(got, want);
	free(got);
	assert_int_equal(slo_sketch_count(fwd), NSHARD * PER_SHARD);

	free(want);
	for (k = 0; k < NSHARD; k++) {
		slo_sketch_free(shard[k]);
		slo_sketch_free(tree[k]);
	}
	slo_sketch_free(all);
	slo_sketch_free(fwd);
	slo_sketch_free(rev);
	slo_sketch_free(viajson);
}

/*
 * The exact bytes, by hand: gamma = 1.01 / 0.99, log(gamma) = 0.0200027;
 * 0.5 -> ceil(-0.693147 / 0.0200027) = ceil(-34.656) = -34,
 * 100 -> ceil(4.605170 / 0.0200027) = ceil(230.251) = 231.
 */
static void
test_encoding_bytes(void **state)
{
	slo_sketch *s = slo_sketch_new(SLO_SKETCH_ALPHA);
	char *t;

	(void)state;
	assert_int_equal(slo_sketch_add(s, 0.5), SLO_OK);
	assert_int_equal(slo_sketch_add_n(s, 100, 2), SLO_OK);
	assert_int_equal(slo_sketch_add(s, 0), SLO_OK);
	t = sketch_json(s);
	assert_string_equal(t, "{\"alpha\":0.01,\"count\":4,\"sum\":200.5,"
	    "\"min\":0,\"max\":100,\"zero\":1,\"bins\":[[-34,1],[231,2]]}");
	free(t);
	slo_sketch_free(s);
}

static void
test_round_trip(void **state)
{
	slo_sketch *s = slo_sketch_new(0.02), *r;
	uint64_t st = 6;
	double a, b;
	char *t1, *t2;
	size_t i;
	json_t *j;

	(void)state;
	for (i = 0; i < 5000; i++)
		assert_int_equal(slo_sketch_add(s, bimodal(&st)), SLO_OK);
	assert_int_equal(slo_sketch_add_n(s, 0, 7), SLO_OK);
	assert_int_equal(slo_sketch_add_n(s, 3.6e6, 3), SLO_OK);
	t1 = sketch_json(s);
	r = decode(t1);
	t2 = sketch_json(r);
	assert_string_equal(t1, t2);
	assert_true(slo_sketch_alpha(r) == 0.02);
	assert_int_equal(slo_sketch_count(r), slo_sketch_count(s));
	assert_true(slo_sketch_min(r) == slo_sketch_min(s));
	assert_true(slo_sketch_max(r) == slo_sketch_max(s));
	assert_true(slo_sketch_sum(r) == slo_sketch_sum(s));
	for (i = 0; i <= 100; i++) {
		assert_int_equal(slo_sketch_quantile(s, i / 100.0, &a), SLO_OK);
		assert_int_equal(slo_sketch_quantile(r, i / 100.0, &b), SLO_OK);
		assert_true(a == b);
	}
	/* to_json gives the same object */
	j = slo_sketch_to_json(s);
	assert_non_null(j);
	slo_sketch_free(r);
	r = slo_sketch_from_json(j, NULL);
	assert_non_null(r);
	json_decref(j);
	free(t2);
	t2 = sketch_json(r);
	assert_string_equal(t1, t2);
	free(t1);
	free(t2);
	slo_sketch_free(r);
	slo_sketch_free(s);
}

static void
test_empty(void **state)
{
	slo_sketch *s = slo_sketch_new(SLO_SKETCH_ALPHA), *r;
	double q;
	char *t;

	(void)state;
	assert_int_equal(slo_sketch_quantile(s, 0.5, &q), SLO_EEMPTY);
	assert_int_equal(slo_sketch_quantile(s, 0, &q), SLO_EEMPTY);
	assert_int_equal(slo_sketch_count(s), 0);
	assert_true(isnan(slo_sketch_min(s)));
	assert_true(isnan(slo_sketch_max(s)));
	assert_true(slo_sketch_sum(s) == 0);
	t = sketch_json(s);
	assert_string_equal(t, "{\"alpha\":0.01,\"count\":0,\"sum\":0,"
	    "\"min\":null,\"max\":null,\"zero\":0,\"bins\":[]}");
	r = decode(t);
	assert_int_equal(slo_sketch_count(r), 0);
	assert_int_equal(slo_sketch_quantile(r, 0.5, &q), SLO_EEMPTY);
	free(t);
	/* merging an empty sketch changes nothing, into one too */
	assert_int_equal(slo_sketch_merge(s, r), SLO_OK);
	assert_int_equal(slo_sketch_add(r, 5), SLO_OK);
	assert_int_equal(slo_sketch_merge(s, r), SLO_OK);
	assert_int_equal(slo_sketch_quantile(s, 0.5, &q), SLO_OK);
	assert_true(q == 5);
	slo_sketch_clear(s);
	assert_int_equal(slo_sketch_quantile(s, 0.5, &q), SLO_EEMPTY);
	assert_true(isnan(slo_sketch_min(s)));
	slo_sketch_free(r);
	slo_sketch_free(s);
	slo_sketch_free(NULL);
}

static void
test_invalid_arguments(void **state)
{
	slo_sketch *s = slo_sketch_new(SLO_SKETCH_ALPHA), *t;
	double q = -1;

	(void)state;
	assert_null(slo_sketch_new(0));
	assert_null(slo_sketch_new(0.5));
	assert_null(slo_sketch_new(-0.1));
	assert_null(slo_sketch_new(NAN));
	/* by hand: at alpha 1e-7 the bucket of DBL_MAX is ln(DBL_MAX) /
	 * ln((1 + a) / (1 - a)) = 709.78 / 2e-7 = 3.5e9, past INT32_MAX; at
	 * 1e-6, 3.5e8, and 1e-9's -20.72 / 2e-6 = -1.04e7, both well inside */
	assert_null(slo_sketch_new(1e-7));
	assert_null(slo_sketch_new(9.99e-7));
	t = slo_sketch_new(1e-6);
	assert_non_null(t);
	assert_int_equal(slo_sketch_add(t, DBL_MAX), SLO_OK);
	assert_int_equal(slo_sketch_add(t, 1e-9), SLO_OK);
	slo_sketch_free(t);
	assert_int_equal(slo_sketch_add(s, NAN), SLO_EINVAL);
	assert_int_equal(slo_sketch_add(s, -1), SLO_EINVAL);
	assert_int_equal(slo_sketch_add(s, -1e-300), SLO_EINVAL);
	assert_int_equal(slo_sketch_add(s, INFINITY), SLO_EINVAL);
	assert_int_equal(slo_sketch_add(s, -INFINITY), SLO_EINVAL);
	assert_int_equal(slo_sketch_add_n(s, NAN, 3), SLO_EINVAL);
	assert_int_equal(slo_sketch_count(s), 0);
	assert_int_equal(slo_sketch_add_n(s, 4, 0), SLO_OK);
	assert_int_equal(slo_sketch_count(s), 0);
	assert_int_equal(slo_sketch_add(s, 10), SLO_OK);
	assert_int_equal(slo_sketch_quantile(s, -0.01, &q), SLO_EINVAL);
	assert_int_equal(slo_sketch_quantile(s, 1.01, &q), SLO_EINVAL);
	assert_int_equal(slo_sketch_quantile(s, NAN, &q), SLO_EINVAL);
	assert_true(q == -1);
	/* different alpha: refused, dst untouched */
	t = slo_sketch_new(0.02);
	assert_int_equal(slo_sketch_add(t, 1), SLO_OK);
	assert_int_equal(slo_sketch_merge(s, t), SLO_EMISMATCH);
	assert_int_equal(slo_sketch_count(s), 1);
	/* the count stays a JSON integer */
	assert_int_equal(slo_sketch_add_n(s, 1, (uint64_t)INT64_MAX), SLO_ERANGE);
	assert_int_equal(slo_sketch_count(s), 1);
	slo_sketch_free(t);
	slo_sketch_free(s);
}

/* Zero is exact; values below 1e-9 count as zero; min stays exact. */
static void
test_zero_and_tiny(void **state)
{
	slo_sketch *s = slo_sketch_new(SLO_SKETCH_ALPHA);
	double q;

	(void)state;
	assert_int_equal(slo_sketch_add_n(s, 0, 3), SLO_OK);
	assert_int_equal(slo_sketch_add(s, 5), SLO_OK);
	assert_int_equal(slo_sketch_add(s, 7), SLO_OK);
	assert_int_equal(slo_sketch_quantile(s, 0.5, &q), SLO_OK);
	assert_true(q == 0); /* rank 3 of 5 */
	assert_int_equal(slo_sketch_quantile(s, 0.8, &q), SLO_OK);
	assert_true(fabs(q - 5) <= 0.01 * 5); /* rank 4 */
	slo_sketch_clear(s);
	assert_int_equal(slo_sketch_add(s, 1e-12), SLO_OK);
	assert_int_equal(slo_sketch_add(s, 4e-10), SLO_OK);
	assert_int_equal(slo_sketch_add(s, 3), SLO_OK);
	assert_int_equal(slo_sketch_quantile(s, 0.5, &q), SLO_OK);
	assert_true(q == 1e-12); /* zero bucket, clamped to the exact min */
	assert_true(slo_sketch_min(s) == 1e-12);
	assert_int_equal(slo_sketch_add(s, -0.0), SLO_OK); /* -0 is zero */
	assert_true(slo_sketch_min(s) == 0 && !signbit(slo_sketch_min(s)));
	slo_sketch_free(s);
}

/* One hour in ms and far beyond: still within alpha. */
static void
test_huge_values(void **state)
{
	static const double big[] = { 3.6e6, 8.64e7, 2.592e9, 1e12, 1e100,
	    1e300, DBL_MAX };
	slo_sketch *s;
	double q;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof big / sizeof big[0]; i++) {
		s = slo_sketch_new(SLO_SKETCH_ALPHA);
		assert_int_equal(slo_sketch_add_n(s, 1, 10), SLO_OK);
		assert_int_equal(slo_sketch_add_n(s, big[i], 80), SLO_OK);
		assert_int_equal(slo_sketch_add_n(s, 1e-3, 10), SLO_OK);
		assert_int_equal(slo_sketch_quantile(s, 0.5, &q), SLO_OK);
		if (!(fabs(q - big[i]) <= 0.01 * big[i] * (1 + 1e-9)))
			fail_msg("%g estimated as %.17g", big[i], q);
		assert_int_equal(slo_sketch_quantile(s, 0.05, &q), SLO_OK);
		assert_true(fabs(q - 1e-3) <= 0.01 * 1e-3 * (1 + 1e-9));
		assert_int_equal(slo_sketch_quantile(s, 1, &q), SLO_OK);
		assert_true(q == big[i]);
		slo_sketch_free(s);
	}
}

/*
 * The sum: exact in quanta of 1e-9 (by hand: 0.1 + 0.2 + 0.3 = 0.6, which a
 * double sum gets wrong), in any order; written as a plain "sum" when that
 * is exact in thousandths (older rollups' only form), else with a
 * "sum_exact" string; saturated past 2^62 units.
 */
static void
test_sum(void **state)
{
	slo_sketch *s = slo_sketch_new(SLO_SKETCH_ALPHA), *t, *r;
	char *text;

	(void)state;
	assert_true(0.1 + 0.2 + 0.3 != 0.6);
	assert_int_equal(slo_sketch_add(s, 0.1), SLO_OK);
	assert_int_equal(slo_sketch_add(s, 0.2), SLO_OK);
	assert_int_equal(slo_sketch_add(s, 0.3), SLO_OK);
	assert_true(slo_sketch_sum(s) == 0.6);
	text = sketch_json(s);
	assert_null(strstr(text, "sum_exact"));
	free(text);
	/* decimal latencies as logs write them carry no binary noise into
	 * the sum (16.809 is 16.808999999999998920... as a double): by hand,
	 * 16.809 + 26.619 + 1234567.891 = 1234611.319, exact in thousandths */
	t = slo_sketch_new(SLO_SKETCH_ALPHA);
	assert_int_equal(slo_sketch_add(t, 16.809), SLO_OK);
	assert_int_equal(slo_sketch_add(t, 26.619), SLO_OK);
	assert_int_equal(slo_sketch_add(t, 1234567.891), SLO_OK);
	text = sketch_json(t);
	assert_non_null(strstr(text, "\"sum\":1234611.319,\"min\""));
	free(text);
	slo_sketch_free(t);
	assert_int_equal(slo_sketch_add_n(s, 3.6e6, 1000), SLO_OK);
	assert_true(slo_sketch_sum(s) == 3600000000.6);
	/* below a thousandth no longer rounds away: 0.0004 + 0.0005 */
	assert_int_equal(slo_sketch_add(s, 0.0004), SLO_OK);
	assert_int_equal(slo_sketch_add(s, 0.0005), SLO_OK);
	text = sketch_json(s);
	assert_non_null(strstr(text, "\"sum_exact\":\"3600000000.6009\","));
	r = decode(text);
	free(text);
	text = sketch_json(r);
	assert_non_null(strstr(text, "\"sum_exact\":\"3600000000.6009\","));
	free(text);
	slo_sketch_free(r);
	/* a nanosecond of a millisecond, 10^6 times (by hand: 1e-6 x 1e6 =
	 * 1, where thousandths gave 0) */
	t = slo_sketch_new(SLO_SKETCH_ALPHA);
	assert_int_equal(slo_sketch_add_n(t, 1e-6, 1000000), SLO_OK);
	assert_true(slo_sketch_sum(t) == 1);
	slo_sketch_free(t);
	/* a large exact sum survives JSON (12 digits + 3 decimals) */
	t = slo_sketch_new(SLO_SKETCH_ALPHA);
	assert_int_equal(slo_sketch_add_n(t, 123456.789, 10000000), SLO_OK);
	assert_true(slo_sketch_sum(t) == 1234567890000);
	assert_int_equal(slo_sketch_add(t, 0.007), SLO_OK);
	text = sketch_json(t);
	assert_non_null(strstr(text, "\"sum\":1234567890000.007,"));
	r = decode(text);
	assert_true(slo_sketch_sum(r) == slo_sketch_sum(t));
	free(text);
	slo_sketch_free(r);
	/* past 2^62 units (4.6e18): +Inf, null in JSON, sticky in merges */
	assert_int_equal(slo_sketch_add_n(t, 1e18, 5), SLO_OK);
	assert_true(isinf(slo_sketch_sum(t)));
	text = sketch_json(t);
	assert_non_null(strstr(text, "\"sum\":null,"));
	assert_null(strstr(text, "sum_exact"));
	r = decode(text);
	assert_true(isinf(slo_sketch_sum(r)));
	free(text);
	assert_int_equal(slo_sketch_merge(s, r), SLO_OK);
	assert_true(isinf(slo_sketch_sum(s)));
	slo_sketch_free(r);
	slo_sketch_free(t);
	slo_sketch_free(s);
}

/* Ranks by hand on 1..100: q n within rounding of an integer is that rank. */
static void
test_nearest_rank(void **state)
{
	slo_sketch *s = slo_sketch_new(0.001);
	double q;
	int i;

	(void)state;
	for (i = 1; i <= 100; i++)
		assert_int_equal(slo_sketch_add(s, i), SLO_OK);
	/* 0.07 * 100 = 7.000000000000001 in doubles: still rank 7 */
	assert_int_equal(slo_sketch_quantile(s, 0.07, &q), SLO_OK);
	assert_true(fabs(q - 7) <= 0.001 * 7);
	assert_int_equal(slo_sketch_quantile(s, 0.071, &q), SLO_OK);
	assert_true(fabs(q - 8) <= 0.001 * 8);
	assert_int_equal(slo_sketch_quantile(s, 0.5, &q), SLO_OK);
	assert_true(fabs(q - 50) <= 0.001 * 50);
	assert_int_equal(slo_sketch_quantile(s, 0.001, &q), SLO_OK);
	assert_true(q == 1);
	assert_int_equal(slo_sketch_quantile(s, 0.995, &q), SLO_OK);
	assert_true(q == 100);
	slo_sketch_free(s);
}

static void
test_merge_self_and_clone(void **state)
{
	slo_sketch *s = slo_sketch_new(SLO_SKETCH_ALPHA), *c;
	char *a, *b;
	double q;

	(void)state;
	assert_int_equal(slo_sketch_add_n(s, 2, 3), SLO_OK);
	assert_int_equal(slo_sketch_add(s, 900), SLO_OK);
	c = slo_sketch_clone(s);
	assert_int_equal(slo_sketch_merge(c, s), SLO_OK);
	assert_int_equal(slo_sketch_merge(s, s), SLO_OK);
	a = sketch_json(s);
	b = sketch_json(c);
	assert_string_equal(a, b);
	assert_int_equal(slo_sketch_count(s), 8);
	assert_true(slo_sketch_sum(s) == 1812);
	assert_int_equal(slo_sketch_quantile(s, 0.75, &q), SLO_OK);
	assert_true(fabs(q - 2) <= 0.02);
	free(a);
	free(b);
	slo_sketch_free(c);
	slo_sketch_free(s);
}

static void
bad_json(const char *text, const char *msg_part)
{
	json_t *j = json_loads(text, 0, NULL);
	slo_error err;

	assert_non_null(j);
	memset(&err, 0, sizeof err);
	assert_null(slo_sketch_from_json(j, &err));
	assert_int_equal(err.status, SLO_EINVAL);
	if (strstr(err.msg, msg_part) == NULL)
		fail_msg("'%s' lacks '%s'", err.msg, msg_part);
	json_decref(j);
}

static void
test_from_json_errors(void **state)
{
	(void)state;
	bad_json("[]", "not a json object");
	bad_json("{\"alpha\":0.01,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
	    "\"zero\":0,\"bins\":[[0,1]],\"extra\":1}", "unknown key 'extra'");
	bad_json("{\"alpha\":0.01,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
	    "\"zero\":0}", "missing key 'bins'");
	bad_json("{\"alpha\":0.7,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
	    "\"zero\":0,\"bins\":[[0,1]]}", "'alpha'");
	bad_json("{\"alpha\":1e-7,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
	    "\"zero\":0,\"bins\":[[0,1]]}", "'alpha'");
	bad_json("{\"alpha\":0.01,\"count\":2,\"sum\":1,\"min\":1,\"max\":1,"
	    "\"zero\":0,\"bins\":[[0,1]]}", "differs");
	bad_json("{\"alpha\":0.01,\"count\":-1,\"sum\":1,\"min\":1,\"max\":1,"
	    "\"zero\":0,\"bins\":[]}", "'count'");
	bad_json("{\"alpha\":0.01,\"count\":2,\"sum\":2,\"min\":1,\"max\":1,"
	    "\"zero\":0,\"bins\":[[3,1],[2,1]]}", "out of order");
	bad_json("{\"alpha\":0.01,\"count\":1,\"sum\":2,\"min\":1,\"max\":1,"
	    "\"zero\":0,\"bins\":[[99999999,1]]}", "range");
	bad_json("{\"alpha\":0.01,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
	    "\"zero\":0,\"bins\":[[0,0]]}", "count > 0");
	bad_json("{\"alpha\":0.01,\"count\":1,\"sum\":1.0001,\"min\":1,"
	    "\"max\":1,\"zero\":0,\"bins\":[[0,1]]}", "'sum'");
	/* sum_exact: a decimal string agreeing with sum */
	bad_json("{\"alpha\":0.01,\"count\":1,\"sum\":1,\"sum_exact\":\"2\","
	    "\"min\":1,\"max\":1,\"zero\":0,\"bins\":[[0,1]]}", "differs");
	bad_json("{\"alpha\":0.01,\"count\":1,\"sum\":1,\"sum_exact\":1,"
	    "\"min\":1,\"max\":1,\"zero\":0,\"bins\":[[0,1]]}", "'sum_exact'");
	bad_json("{\"alpha\":0.01,\"count\":1,\"sum\":1,\"sum_exact\":"
	    "\"1.0000000001\",\"min\":1,\"max\":1,\"zero\":0,"
	    "\"bins\":[[0,1]]}", "9 decimals");
	bad_json("{\"alpha\":0.01,\"count\":1,\"sum\":1,\"sum_exact\":\"-1\","
	    "\"min\":1,\"max\":1,\"zero\":0,\"bins\":[[0,1]]}", "'sum_exact'");
	bad_json("{\"alpha\":0.01,\"count\":1,\"sum\":null,\"sum_exact\":"
	    "\"1\",\"min\":1,\"max\":1,\"zero\":0,\"bins\":[[0,1]]}",
	    "saturated");
	bad_json("{\"alpha\":0.01,\"count\":1,\"sum\":1,\"min\":2,\"max\":1,"
	    "\"zero\":0,\"bins\":[[0,1]]}", "'min'");
	bad_json("{\"alpha\":0.01,\"count\":0,\"sum\":0,\"min\":1,\"max\":1,"
	    "\"zero\":0,\"bins\":[]}", "null");
}

/*
 * slo_sketch_shrink gives back the growth slack and changes nothing else:
 * the same encoding (so the same quantiles, count, sum, min, max) before
 * and after, fewer bytes, and the sketch still grows on both sides.
 */
static void
test_shrink(void **state)
{
	slo_sketch *s = slo_sketch_new(0.01), *e = slo_sketch_new(0.01);
	slo_buf a = { 0 }, b = { 0 };
	size_t before;
	double v;

	(void)state;
	slo_sketch_shrink(e); /* empty: a no-op */
	assert_int_equal(slo_sketch_count(e), 0);
	for (int i = 0; i < 10; i++)
		assert_int_equal(slo_sketch_add(s, 100.0 + i), SLO_OK);
	assert_int_equal(slo_sketch_encode(s, &a), SLO_OK);
	before = slo_sketch_bytes(s);
	slo_sketch_shrink(s);
	assert_true(slo_sketch_bytes(s) < before);
	assert_int_equal(slo_sketch_encode(s, &b), SLO_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	/* 100..109 at alpha 0.01 (gamma 1.0202): ln(109/100)/ln(1.0202) =
	 * 4.3, so at most 6 bins are left. */
	assert_true(slo_sketch_bytes(s) <= slo_sketch_bytes(e) + 6 * 8);
	assert_int_equal(slo_sketch_add(s, 1.0), SLO_OK);
	assert_int_equal(slo_sketch_add(s, 5000.0), SLO_OK);
	assert_int_equal(slo_sketch_quantile(s, 0.0, &v), SLO_OK);
	assert_true(v == 1.0);
	assert_int_equal(slo_sketch_quantile(s, 1.0, &v), SLO_OK);
	assert_true(v == 5000.0);
	assert_int_equal(slo_sketch_quantile(s, 0.5, &v), SLO_OK);
	assert_true(fabs(v - 104.0) <= 1.04); /* rank 6 of 12: 104 */
	slo_buf_release(&a);
	slo_buf_release(&b);
	slo_sketch_free(s);
	slo_sketch_free(e);
}

/*
 * Everything a sketch answers, compared exactly: the canonical encoding
 * (count, sum, min, max, zero and every bin), and the quantiles at every
 * q = k / 128.
 */
static void
check_same(const slo_sketch *want, const slo_sketch *got)
{
	char *a = sketch_json(want), *b = sketch_json(got);
	double x, y;
	int k;

	assert_string_equal(a, b);
	assert_int_equal(slo_sketch_count(want), slo_sketch_count(got));
	assert_true(slo_sketch_sum(want) == slo_sketch_sum(got));
	if (slo_sketch_count(want) > 0) {
		assert_true(slo_sketch_min(want) == slo_sketch_min(got));
		assert_true(slo_sketch_max(want) == slo_sketch_max(got));
		for (k = 0; k <= 128; k++) {
			assert_int_equal(slo_sketch_quantile(want, k / 128.0, &x),
			    SLO_OK);
			assert_int_equal(slo_sketch_quantile(got, k / 128.0, &y),
			    SLO_OK);
			if (!(x == y))
				fail_msg("q=%g: %.17g != %.17g", k / 128.0, x, y);
		}
	}
	free(a);
	free(b);
}

/* The bytes of x in LEB128, 7 bits a byte. */
static size_t
leb128_len(uint64_t x)
{
	size_t n = 1;

	for (; x >= 128; x >>= 7)
		n++;
	return n;
}

/* The bits of a field that holds every count up to m: 0 1 2 3 4 8 16 64
 * (the layout at slo_sketch_freeze()), from m's bit length. */
static size_t
field_bits(uint64_t m)
{
	size_t len = 0;

	for (; m != 0; m >>= 1)
		len++;
	return len <= 4 ? len : len <= 8 ? 8 : len <= 16 ? 16 : 64;
}

/*
 * What the frozen form of s takes, worked out from its JSON form by the
 * layout at slo_sketch_freeze() (a second method, not the packer):
 * count, zero and the sum's whole units and 1e-9 quanta in LEB128 (the
 * sum from "sum_exact" when given, else thousandths, 2^64 - 1 units when
 * null), 16 bytes of min and max, the first bin's index zigzagged and the
 * span in LEB128; then the bins in groups of 8 (the last of what is
 * left), each a 4-bit class and a field a bin as wide as the group's
 * largest count needs (field_bits()) in whole bytes, but that 2 .. 257
 * empty whole groups in a row take a class and a byte together, and a
 * whole group of one value in its first 7 bins a class alone; two
 * classes to a byte.
 */
static size_t
frozen_bytes_expected(const slo_sketch *s)
{
	/* the bins as pairs, whichever form the writer chose */
	char *text = sketch_json_sparse(s);
	json_t *j = json_loads(text, 0, NULL), *bins, *pair, *v;
	json_int_t idx, prev = 0, first = 0;
	uint64_t whole, frac = 0, *dense = NULL;
	size_t i, classes = 0, bytes = 0, head, n, k, b, next;
	const char *dot;

	assert_non_null(j);
	v = json_object_get(j, "sum_exact");
	if (v != NULL) {
		whole = strtoull(json_string_value(v), NULL, 10);
		/* 9 decimals, the missing ones zeros: "1.5" is 500000000 */
		if ((dot = strchr(json_string_value(v), '.')) != NULL)
			for (i = 0, dot++; i < 9; i++)
				frac = frac * 10 + (*dot >= '0' && *dot <= '9' ?
				    (uint64_t)(*dot++ - '0') : 0);
	} else if (json_is_null(json_object_get(j, "sum"))) {
		whole = UINT64_MAX;
	} else {
		uint64_t k = (uint64_t)llround(json_number_value(
		    json_object_get(j, "sum")) * 1000);

		whole = k / 1000;
		frac = k % 1000 * 1000000;
	}
	bins = json_object_get(j, "bins");
	for (i = 0; i < json_array_size(bins); i++) {
		idx = json_integer_value(json_array_get(json_array_get(bins, i),
		    0));
		if (i == 0)
			first = idx;
		prev = idx;
	}
	/* the bins first .. prev, dense, then walked as the layout says */
	n = i == 0 ? 0 : (size_t)(prev - first + 1);
	dense = calloc(n + 1, sizeof *dense);
	assert_non_null(dense);
	for (i = 0; i < json_array_size(bins); i++) {
		pair = json_array_get(bins, i);
		dense[json_integer_value(json_array_get(pair, 0)) - first] =
		    (uint64_t)json_integer_value(json_array_get(pair, 1));
	}
	for (b = 0; b < n; b += k) {
		uint64_t m = 0;

		k = n - b < 8 ? n - b : 8;
		for (size_t q = 0; q < k; q++)
			m |= dense[b + q];
		if (m == 0 && k == 8) { /* a run of empty whole groups */
			size_t g = 1;

			while (b + 8 * (g + 1) <= n) {
				for (m = 0, next = 0; next < 8; next++)
					m |= dense[b + 8 * g + next];
				if (m != 0)
					break;
				g++;
			}
			k = 8 * g;
			/* runs of 257 at most, a lone one left over class 0 */
			classes += g / 257 + (g % 257 >= 2) + (g % 257 == 1);
			bytes += g / 257 + (g % 257 >= 2);
			continue;
		}
		classes++;
		if (k == 8 && m == 1 && dense[b + 7] == 0) {
			size_t ones = 0;

			for (size_t q = 0; q < 8; q++)
				ones += dense[b + q];
			if (ones == 1)
				continue; /* one value: the class alone */
		}
		bytes += (k * field_bits(m) + 7) / 8;
	}
	free(dense);
	head = leb128_len((uint64_t)json_integer_value(json_object_get(j,
	    "count"))) + leb128_len((uint64_t)json_integer_value(
	    json_object_get(j, "zero"))) + leb128_len(whole) +
	    leb128_len(frac) + 16 + leb128_len(first < 0 ?
	    (uint64_t)(-first) * 2 - 1 : (uint64_t)first * 2) +
	    leb128_len(i == 0 ? 0 : (uint64_t)(prev - first + 1));
	json_decref(j);
	free(text);
	return head + (classes + 1) / 2 + bytes;
}

/* n values of a shape that varies with the round. */
static void
fill(slo_sketch *s, uint64_t *st, int shape, int n)
{
	uint64_t k;
	double v;

	for (int i = 0; i < n; i++) {
		switch (shape) {
		case 0: /* a busy minute's latencies */
			v = lognormal(st, log(120), 0.6);
			k = 1;
			break;
		case 1: /* heavy tail up to ~1e8, zeros and sub-1e-9 values */
			v = splitmix64(st) % 10 == 0 ? 1e-12 * uniform(st) :
			    pareto(st, 1, 0.5);
			k = 1 + splitmix64(st) % 3;
			break;
		case 2: /* the whole index range: 1e-9 .. 1e308 */
			v = pow(10, -9 + 317 * uniform(st));
			k = 1;
			break;
		default: /* counts past 2^32 (rollups of rollups), some 2^56 */
			v = lognormal(st, log(50), 1.5);
			k = splitmix64(st) % 8 == 0 ? (uint64_t)1 << 56 :
			    (splitmix64(st) >> 24) + 1;
			break;
		}
		assert_int_equal(slo_sketch_add_n(s, v, k), SLO_OK);
	}
}

/* A sketch of f's values: f merged into an empty one. */
static slo_sketch *
thaw(const slo_frozen *f, double alpha)
{
	slo_sketch *s = slo_sketch_new(alpha);

	assert_int_equal(slo_sketch_merge_frozen(s, f), SLO_OK);
	return s;
}

/*
 * Issue 20.3: a frozen sketch holds exactly the values of the sketch it
 * was frozen from, for every reading and every merge: 64 random sketches
 * of four shapes (few values, heavy tails with zeros, the whole index
 * range, counts above 2^32 up to 2^56) at three accuracies, frozen and
 * thawed, merged into empty and into other sketches (the same as merging
 * the sketch itself), compared exactly (check_same); freeze_empty leaves
 * the sketch empty and usable; an overflowing merge changes nothing; the
 * size is what the layout gives (frozen_bytes_expected()).
 */
static void
test_frozen_same(void **state)
{
	static const double alphas[] = { 0.01, 0.05, 0.004 };
	uint64_t st = 20;

	(void)state;
	for (int round = 0; round < 64; round++) {
		double alpha = alphas[round % 3];
		int shape = round % 4, n = 1 + (int)(splitmix64(&st) % 400);
		slo_sketch *s = slo_sketch_new(alpha), *o, *a, *b, *t, *e;
		slo_frozen *f, *g;
		char *before;

		fill(s, &st, shape, shape == 3 ? n % 60 + 1 : n);
		f = slo_sketch_freeze(s);
		assert_non_null(f);
		assert_int_equal(slo_frozen_count(f), slo_sketch_count(s));
		assert_int_equal(slo_frozen_bytes(f), frozen_bytes_expected(s));
		t = thaw(f, alpha);
		check_same(s, t);

		/* merged into a sketch with values: as the sketch itself */
		o = slo_sketch_new(alpha);
		fill(o, &st, (shape + 1) % 3, 50);
		a = slo_sketch_clone(o);
		b = slo_sketch_clone(o);
		assert_int_equal(slo_sketch_merge(a, s), SLO_OK);
		assert_int_equal(slo_sketch_merge_frozen(b, f), SLO_OK);
		check_same(a, b);
		/* a frozen sum of frozen forms: merges in any grouping agree */
		g = slo_sketch_freeze(a);
		slo_sketch_free(b);
		b = thaw(g, alpha);
		check_same(a, b);
		slo_frozen_free(g);

		/* freeze_empty: the same form, and s empty and reusable */
		g = slo_sketch_freeze_empty(s);
		assert_int_equal(slo_frozen_bytes(g), slo_frozen_bytes(f));
		assert_memory_equal(g, f, slo_frozen_bytes(f));
		assert_int_equal(slo_sketch_count(s), 0);
		e = slo_sketch_new(alpha); /* bins given back: as a new one */
		assert_int_equal(slo_sketch_bytes(s), slo_sketch_bytes(e));
		slo_sketch_free(e);
		assert_int_equal(slo_sketch_merge_frozen(s, g), SLO_OK);
		check_same(t, s);
		slo_frozen_free(g);

		/* a merge past INT64_MAX values is refused, changing nothing */
		e = slo_sketch_new(alpha);
		assert_int_equal(slo_sketch_add_n(e, 1.0, (uint64_t)INT64_MAX -
		    slo_frozen_count(f) + 1), SLO_OK);
		before = sketch_json(e);
		assert_int_equal(slo_sketch_merge_frozen(e, f), SLO_ERANGE);
		{
			char *after = sketch_json(e);

			assert_string_equal(before, after);
			free(after);
		}
		free(before);
		slo_sketch_free(e);
		slo_frozen_free(f);
		slo_sketch_free(s);
		slo_sketch_free(o);
		slo_sketch_free(a);
		slo_sketch_free(b);
		slo_sketch_free(t);
	}
}

/*
 * The frozen sizes worked out by hand (alpha 0.01, bucket of v =
 * ceil(ln v / ln(1.01 / 0.99)), ln gamma = 0.0200007; LEB128 7 bits a
 * byte; a header of count, zero, sum whole and quanta, 16 bytes of min
 * and max, zigzag first bin, span; then groups of 8 bins, a 4-bit class
 * and fields of 0 1 2 3 4 8 16 64 bits a bin in whole bytes, 2 .. 257
 * empty groups a class and a byte, a group of one value in its first 7
 * bins a class alone, two classes a byte):
 *   100..109: buckets 231 231 232 232 233 233 234 234 235 235; header 1
 *     (10) + 1 (0) + 2 (1045) + 1 (0) + 16 + 2 (462) + 1 (5) = 24, then
 *     one group of five bins of 2, 2 bits each: a class, 2 bytes: 27;
 *   1 and 1e6: buckets 0 and 691; header 1 + 1 + 3 (1000001) + 1 + 16 +
 *     1 (0) + 2 (692) = 25; 86 whole groups and 4 bins: the first of one
 *     value in its first bin (the class alone), 85 empty ones in one run
 *     (a byte), the last 4 bins (a byte), and 3 classes in 2 bytes: 29;
 *   1e-9 and DBL_MAX: buckets -1036 and 35488; the sum saturated (2^64 - 1
 *     units: 10 bytes, 0 quanta); header 1 + 1 + 10 + 1 + 16 + 2 (2071) +
 *     3 (36525) = 34; 4565 whole groups and 5 bins: the first of one
 *     value (the class alone), the 4564 empty ones 17 runs of 257 and one
 *     of 195 (18 bytes), the last a byte, 20 classes in 10 bytes: 63;
 *   2^32 + 1 values of 100: header 5 (33 bits) + 1 + 6 (429,496,729,700:
 *     39 bits) + 1 + 16 + 2 + 1 = 32; one bin past 2^16, a 64-bit field
 *     and a class: 41;
 *   three zeros, and no value: no bins, a header of one byte a number and
 *     16: 22.
 */
static void
test_frozen_bytes(void **state)
{
	slo_sketch *s;
	slo_frozen *f;
	double v;
	int i;

	(void)state;
	s = slo_sketch_new(0.01);
	for (i = 0; i < 10; i++)
		assert_int_equal(slo_sketch_add(s, 100.0 + i), SLO_OK);
	f = slo_sketch_freeze(s);
	assert_int_equal(slo_frozen_bytes(f), 27);
	slo_sketch_free(s);
	s = thaw(f, 0.01);
	assert_int_equal(slo_sketch_quantile(s, 0.5, &v), SLO_OK);
	/* rank 5: 104, bucket 233, estimate 2 gamma^233 / (gamma + 1) =
	 * 104.59597 (python3: g = 1.01 / 0.99; 2 * g**233 / (g + 1)) */
	assert_true(fabs(v - 104.59597) < 1e-5);
	assert_true(slo_sketch_sum(s) == 1045);
	slo_frozen_free(f);
	slo_sketch_free(s);

	s = slo_sketch_new(0.01);
	assert_int_equal(slo_sketch_add(s, 1), SLO_OK);
	assert_int_equal(slo_sketch_add(s, 1e6), SLO_OK);
	f = slo_sketch_freeze(s);
	assert_int_equal(slo_frozen_bytes(f), 29);
	slo_frozen_free(f);
	slo_sketch_free(s);

	s = slo_sketch_new(0.01);
	assert_int_equal(slo_sketch_add(s, 1e-9), SLO_OK);
	assert_int_equal(slo_sketch_add(s, DBL_MAX), SLO_OK);
	f = slo_sketch_freeze(s);
	assert_int_equal(slo_frozen_bytes(f), 63);
	slo_sketch_free(s);
	s = thaw(f, 0.01);
	assert_true(slo_sketch_min(s) == 1e-9);
	assert_true(slo_sketch_max(s) == DBL_MAX);
	assert_true(isinf(slo_sketch_sum(s)));
	slo_frozen_free(f);
	slo_sketch_free(s);

	s = slo_sketch_new(0.01);
	assert_int_equal(slo_sketch_add_n(s, 100, ((uint64_t)1 << 32) + 1),
	    SLO_OK);
	f = slo_sketch_freeze(s);
	assert_int_equal(slo_frozen_bytes(f), 41);
	slo_sketch_free(s);
	s = thaw(f, 0.01);
	assert_int_equal(slo_sketch_count(s), ((uint64_t)1 << 32) + 1);
	slo_frozen_free(f);
	slo_sketch_free(s);

	s = slo_sketch_new(0.01);
	assert_int_equal(slo_sketch_add_n(s, 0, 3), SLO_OK);
	f = slo_sketch_freeze(s);
	assert_int_equal(slo_frozen_bytes(f), 22);
	slo_sketch_free(s);
	s = thaw(f, 0.01);
	assert_int_equal(slo_sketch_count(s), 3);
	assert_int_equal(slo_sketch_quantile(s, 0.5, &v), SLO_OK);
	assert_true(v == 0);
	slo_frozen_free(f);
	slo_sketch_free(s);

	s = slo_sketch_new(0.01);
	f = slo_sketch_freeze(s);
	assert_int_equal(slo_frozen_bytes(f), 22);
	assert_int_equal(slo_frozen_count(f), 0);
	assert_int_equal(slo_sketch_merge_frozen(s, f), SLO_OK);
	assert_int_equal(slo_sketch_count(s), 0);
	assert_true(isnan(slo_sketch_min(s)));
	slo_frozen_free(f);
	slo_sketch_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lognormal),
		cmocka_unit_test(test_pareto),
		cmocka_unit_test(test_bimodal),
		cmocka_unit_test(test_memory_bound),
		cmocka_unit_test(test_merge_order),
		cmocka_unit_test(test_encoding_bytes),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_invalid_arguments),
		cmocka_unit_test(test_zero_and_tiny),
		cmocka_unit_test(test_huge_values),
		cmocka_unit_test(test_sum),
		cmocka_unit_test(test_nearest_rank),
		cmocka_unit_test(test_merge_self_and_clone),
		cmocka_unit_test(test_from_json_errors),
		cmocka_unit_test(test_shrink),
		cmocka_unit_test(test_frozen_same),
		cmocka_unit_test(test_frozen_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
