/* test_hll.c — SipHash vectors, exact counting, HyperLogLog error bound. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "slo_math.h"

static void
test_siphash_vectors(void **state)
{
	unsigned char k[16], m[16];
	int i;

	(void)state;
	for (i = 0; i < 16; i++)
		k[i] = m[i] = (unsigned char)i;
	/*
	 * Key 00..0f, message 00..(n-1): the reference implementation's
	 * vectors.h (n = 0..4, 8) and the SipHash paper's appendix A (n = 15);
	 * also what `openssl mac -macopt hexkey:000102..0f SIPHASH` prints.
	 */
	assert_true(slo_siphash24(k, m, 0) == 0x726fdb47dd0e0e31ULL);
	assert_true(slo_siphash24(k, m, 1) == 0x74f839c593dc67fdULL);
	assert_true(slo_siphash24(k, m, 2) == 0x0d6c8009d9a94f5aULL);
	assert_true(slo_siphash24(k, m, 3) == 0x85676696d7fb7e2dULL);
	assert_true(slo_siphash24(k, m, 4) == 0xcf2794e0277187b7ULL);
	assert_true(slo_siphash24(k, m, 8) == 0x93f5f5799a932462ULL);
	assert_true(slo_siphash24(k, m, 15) == 0xa129ca6149be45e5ULL);
	/* the fixed key is stable: same input, same hash, any call */
	assert_true(slo_hash64("qa-1", 4) == slo_hash64("qa-1", 4));
	assert_true(slo_hash64("qa-1", 4) != slo_hash64("qa-2", 4));
}

static int
add_str(slo_hll *h, const char *fmt, unsigned long i)
{
	char s[64];
	int n = snprintf(s, sizeof s, fmt, i);

	return slo_hll_add(h, s, (size_t)n);
}

static void
test_exact_until_bound(void **state)
{
	slo_hll *h = slo_hll_new();
	unsigned long i;

	(void)state;
	assert_non_null(h);
	assert_int_equal(slo_hll_count(h), 0);
	assert_true(slo_hll_exact(h));
	assert_int_equal(slo_hll_add(h, "", 0), 1); /* empty subject is one */
	assert_int_equal(slo_hll_add(h, "", 0), 0);
	for (i = 1; i < SLO_HLL_EXACT; i++) {
		assert_int_equal(add_str(h, "user-%lu", i), 1);
		assert_int_equal(add_str(h, "user-%lu", i), 0); /* repeat */
	}
	assert_true(slo_hll_exact(h));
	assert_int_equal(slo_hll_count(h), SLO_HLL_EXACT);
	assert_true(slo_hll_bytes(h) <= 72 * 1024);
	/* a repeat at the bound does not tip it over */
	assert_int_equal(add_str(h, "user-%lu", 7), 0);
	assert_true(slo_hll_exact(h));
	/* one more distinct item: now an estimate, close to 4097 */
	assert_int_equal(add_str(h, "user-%lu", SLO_HLL_EXACT), 0);
	assert_false(slo_hll_exact(h));
	assert_true(fabs((double)slo_hll_count(h) - 4097) <= 3 * 0.0081 * 4097);
	assert_true(slo_hll_bytes(h) <= 17 * 1024);
	slo_hll_free(h);
	slo_hll_free(NULL);
}

/*
 * 10^6 distinct subjects: the estimate must be within 3 standard errors
 * (3 x 1.04 / sqrt(16384) = 2.44 %, Flajolet et al. 2007, section 4) at
 * every checkpoint, and repeats must not move it.  The checkpoints cover
 * the range 2.5 m .. 5 m (41k .. 82k) where the original estimator needs
 * its empirical bias correction and Ertl's does not.
 */
static void
test_estimate_error_bound(void **state)
{
	static const unsigned long at[] = {
		5000, 10000, 30000, 41000, 50000, 65000, 82000, 100000, 300000,
		1000000
	};
	slo_hll *h = slo_hll_new();
	unsigned long i;
	size_t k = 0;
	double est, err, worst = 0;

	(void)state;
	for (i = 0; i < 1000000; i++) {
		add_str(h, "subject-%lu", i);
		if (i + 1 == at[k]) {
			est = (double)slo_hll_count(h);
			err = fabs(est - (double)at[k]) / (double)at[k];
			if (err > worst)
				worst = err;
			if (err > 3 * SLO_HLL_STDERR)
				fail_msg("%lu subjects: estimate %.0f", at[k], est);
			k++;
		}
	}
	assert_int_equal(k, sizeof at / sizeof at[0]);
	est = (double)slo_hll_count(h);
	for (i = 0; i < 1000000; i += 3)
		add_str(h, "subject-%lu", i);
	assert_true((double)slo_hll_count(h) == est);
	print_message("hll: worst relative error %.4f over 5e3..1e6\n", worst);
	slo_hll_free(h);
}

/* Many independent runs: the mean error is near 0, the spread near 0.81 %. */
static void
test_estimate_unbiased(void **state)
{
	enum { RUNS = 40, N = 20000 };
	double sum = 0, sq = 0, r, mean, sd;
	unsigned long i;
	int run;

	(void)state;
	for (run = 0; run < RUNS; run++) {
		slo_hll *h = slo_hll_new();
		char s[64];

		for (i = 0; i < N; i++) {
			int n = snprintf(s, sizeof s, "run%d/%lu", run, i);
			slo_hll_add(h, s, (size_t)n);
		}
		r = (double)slo_hll_count(h) / N - 1;
		sum += r;
		sq += r * r;
		slo_hll_free(h);
	}
	mean = sum / RUNS;
	sd = sqrt(sq / RUNS - mean * mean);
	/* mean of 40 errors of sd 0.81 %: its own sd is 0.13 %; allow 4x */
	assert_true(fabs(mean) < 4 * SLO_HLL_STDERR / sqrt(RUNS));
	assert_true(sd < 2 * SLO_HLL_STDERR);
	assert_true(sd > SLO_HLL_STDERR / 2);
}

static void
test_merge(void **state)
{
	slo_hll *a = slo_hll_new(), *b = slo_hll_new(), *c = slo_hll_new();
	unsigned long i;

	(void)state;
	/* exact + exact, overlapping: 0..2999 and 2000..3999 -> 4000 */
	for (i = 0; i < 3000; i++)
		add_str(a, "s%lu", i);
	for (i = 2000; i < 4000; i++)
		add_str(b, "s%lu", i);
	assert_int_equal(slo_hll_merge(a, b), SLO_OK);
	assert_true(slo_hll_exact(a));
	assert_int_equal(slo_hll_count(a), 4000);
	/* exact + exact over the bound -> estimate */
	for (i = 4000; i < 6000; i++)
		add_str(b, "s%lu", i);
	assert_int_equal(slo_hll_merge(a, b), SLO_OK);
	assert_false(slo_hll_exact(a));
	assert_true(fabs((double)slo_hll_count(a) - 6000) <= 3 * 0.0081 * 6000);
	/* estimate into empty exact, and a sketch merged with itself */
	assert_int_equal(slo_hll_merge(c, a), SLO_OK);
	assert_int_equal(slo_hll_count(c), slo_hll_count(a));
	assert_int_equal(slo_hll_merge(c, a), SLO_OK);
	assert_int_equal(slo_hll_count(c), slo_hll_count(a));
	slo_hll_free(a);
	slo_hll_free(b);
	slo_hll_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_siphash_vectors),
		cmocka_unit_test(test_exact_until_bound),
		cmocka_unit_test(test_estimate_error_bound),
		cmocka_unit_test(test_estimate_unbiased),
		cmocka_unit_test(test_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
