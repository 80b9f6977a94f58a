/*
 * test_stats.c — lib/stats.c against known answers.  Reference figures
 * come from scipy 1.10.1 (Debian python3-scipy), with the call written next
 * to them, from published tables, or by hand.
 */
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

/* |got - want| <= rel * |want| (or <= rel when want is 0). */
static void
near_at(double got, double want, double rel, const char *what, int line)
{
	double tol = want == 0 ? rel : rel * fabs(want);

	if (!(fabs(got - want) <= tol))
		fail_msg("line %d: %s: got %.17g want %.17g (rel %.3g)", line,
		    what, got, want, want == 0 ? fabs(got) :
		    fabs(got - want) / fabs(want));
}
#define near(got, want, rel) near_at((got), (want), (rel), #got, __LINE__)

static void
test_normal(void **state)
{
	(void)state;
	/*
	 * scipy.stats.norm.ppf(0.975) = 1.959963984540054, which is the
	 * quantile of the decimal 0.975, 1.95996398454005423552, rounded.
	 * The double 0.975 is
	 * 0.97499999999999997780, 2.2e-17 lower; over the density
	 * phi(1.96) = 0.05845 that is 3.8e-16 lower: 1.9599639845400538556,
	 * whose nearest double is 1.9599639845400538 (1 ulp below scipy's),
	 * what we return.  Either way, within 1 ulp of scipy.
	 */
	assert_true(slo_norm_ppf(0.975) == 1.9599639845400538);
	assert_true(fabs(slo_norm_ppf(0.975) - 1.959963984540054) <= 2.3e-16);
	/* scipy.stats.norm.ppf(p) */
	near(slo_norm_ppf(0.6), 0.2533471031357997, 1e-15);
	near(slo_norm_ppf(0.02425), -1.972961051311885, 1e-15);
	near(slo_norm_ppf(0.975000001), 1.9599640016501367, 1e-15);
	near(slo_norm_ppf(1e-10), -6.361340902404056, 1e-15);
	near(slo_norm_ppf(1e-300), -37.0470962993612, 1e-15);
	near(slo_norm_ppf(0.999999), 4.753424308817087, 1e-12);
	near(slo_norm_ppf(0.9), 1.2815515655446004, 1e-15);
	near(slo_norm_ppf(1 - 1e-12), 7.0344869100478356, 1e-6);
	assert_true(slo_norm_ppf(0.5) == 0);
	assert_true(isinf(slo_norm_ppf(0)) && slo_norm_ppf(0) < 0);
	assert_true(isinf(slo_norm_ppf(1)) && slo_norm_ppf(1) > 0);
	assert_true(isnan(slo_norm_ppf(-0.1)));
	assert_true(isnan(slo_norm_ppf(1.5)));
	assert_true(isnan(slo_norm_ppf(NAN)));
	/* scipy.stats.norm.cdf(z), norm.sf(z) */
	assert_true(slo_norm_cdf(0) == 0.5 && slo_norm_sf(0) == 0.5);
	near(slo_norm_cdf(1.96), 0.9750021048517795, 1e-15);
	near(slo_norm_sf(1.96), 0.024997895148220435, 1e-14);
	near(slo_norm_cdf(-1.96), 0.024997895148220435, 1e-14);
	near(slo_norm_sf(5), 2.866515718791933e-07, 1e-13);
	near(slo_norm_cdf(-8.5), 9.47953482220325e-18, 1e-13);
	near(slo_norm_cdf(0.3), 0.6179114221889526, 1e-15);
	/* scipy's ndtr gives 0 here; erfc keeps the subnormal 2.9e-316 */
	assert_true(slo_norm_cdf(-38) < 1e-315 && slo_norm_sf(-38) == 1);
	/* the quantile inverts the tails across the range */
	for (int k = 0; k <= 100; k++) {
		double z = -0.37 * k;

		near(slo_norm_ppf(slo_norm_cdf(z)), z, 1e-13);
		near(slo_norm_ppf(slo_norm_sf(-z)), z, 1e-13);
	}
}

/*
 * Newcombe R. G., "Two-sided confidence intervals for the single
 * proportion: comparison of seven methods", Statistics in Medicine 17
 * (1998) 857-872, Table I, method 3 (score method without continuity
 * correction), 95 %, printed to 4 decimals.
 */
static void
test_wilson_newcombe(void **state)
{
	static const struct { uint64_t k, n; double lo, hi; } t[] = {
		{ 81, 263, 0.2553, 0.3662 },
		{ 15, 148, 0.0624, 0.1605 },
		{ 0, 20, 0.0000, 0.1611 },
		{ 1, 29, 0.0061, 0.1718 },
	};
	double lo, hi;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		assert_int_equal(slo_wilson(t[i].k, t[i].n, 0.95, &lo, &hi),
		    SLO_OK);
		if (!(fabs(lo - t[i].lo) <= 0.00005 && fabs(hi - t[i].hi) <=
		    0.00005))
			fail_msg("%llu/%llu: %.6f-%.6f, table %.4f-%.4f",
			    (unsigned long long)t[i].k,
			    (unsigned long long)t[i].n, lo, hi, t[i].lo, t[i].hi);
	}
	/*
	 * Full precision, from the closed form evaluated in python3 with
	 * z = scipy.stats.norm.ppf(0.975): 81/263 -> 0.2552885198782742,
	 * 0.36620957698280004; 29/29 -> 0.8830302015002593, 1.
	 */
	assert_int_equal(slo_wilson(81, 263, 0.95, &lo, &hi), SLO_OK);
	near(lo, 0.2552885198782742, 1e-13);
	near(hi, 0.36620957698280004, 1e-13);
	assert_int_equal(slo_wilson(29, 29, 0.95, &lo, &hi), SLO_OK);
	near(lo, 0.8830302015002593, 1e-13);
	assert_true(hi == 1);
	assert_int_equal(slo_wilson(0, 20, 0.95, &lo, &hi), SLO_OK);
	assert_true(lo == 0);
	/* wider at higher confidence */
	{
		double lo99, hi99;

		assert_int_equal(slo_wilson(81, 263, 0.99, &lo99, &hi99), SLO_OK);
		assert_true(lo99 < 0.2552885198782742 && hi99 >
		    0.36620957698280004);
	}
	assert_int_equal(slo_wilson(1, 0, 0.95, &lo, &hi), SLO_EINVAL);
	assert_int_equal(slo_wilson(0, 0, 0.95, &lo, &hi), SLO_EEMPTY);
	assert_int_equal(slo_wilson(5, 4, 0.95, &lo, &hi), SLO_EINVAL);
	assert_int_equal(slo_wilson(1, 4, 1.0, &lo, &hi), SLO_EINVAL);
	assert_int_equal(slo_wilson(1, 4, 0, &lo, &hi), SLO_EINVAL);
	assert_int_equal(slo_wilson(1, 4, NAN, &lo, &hi), SLO_EINVAL);
}

/*
 * Pooled z by hand, evaluated in python3:
 *   p1, p2 = k1/n1, k2/n2; p = (k1+k2)/(n1+n2)
 *   z = (p1-p2)/sqrt(p*(1-p)*(1/n1+1/n2))
 *   two-sided 2*norm.sf(abs(z)), less norm.cdf(z), greater norm.sf(z)
 * 38/500 vs 20/500 checked on paper: p = .058, se = sqrt(.058 * .942 *
 * .004) = .014783, z = .036 / .014783 = 2.4352.
 */
static void
test_two_prop_z(void **state)
{
	double z, p;

	(void)state;
	assert_int_equal(slo_two_prop_z(180, 200, 950, 1000, SLO_ALT_TWO_SIDED,
	    &z, &p), SLO_OK);
	near(z, -2.7541486922392764, 1e-13);
	near(p, 0.005884502684924553, 1e-12);
	assert_int_equal(slo_two_prop_z(180, 200, 950, 1000, SLO_ALT_LESS,
	    &z, &p), SLO_OK);
	near(p, 0.0029422513424622763, 1e-12);
	assert_int_equal(slo_two_prop_z(180, 200, 950, 1000, SLO_ALT_GREATER,
	    &z, &p), SLO_OK);
	near(p, 0.9970577486575377, 1e-13);
	assert_int_equal(slo_two_prop_z(38, 500, 20, 500, SLO_ALT_TWO_SIDED,
	    &z, &p), SLO_OK);
	near(z, 2.4351911508416975, 1e-13);
	near(p, 0.014883924671682315, 1e-12);
	assert_int_equal(slo_two_prop_z(38, 500, 20, 500, SLO_ALT_GREATER,
	    &z, &p), SLO_OK);
	near(p, 0.007441962335841158, 1e-12);
	/* equal proportions: z 0, p 1; no variance at all: the same */
	assert_int_equal(slo_two_prop_z(9, 10, 9, 10, SLO_ALT_TWO_SIDED, &z, &p),
	    SLO_OK);
	assert_true(z == 0 && p == 1);
	assert_int_equal(slo_two_prop_z(0, 10, 0, 30, SLO_ALT_LESS, &z, &p),
	    SLO_OK);
	assert_true(z == 0 && p == 1);
	assert_int_equal(slo_two_prop_z(5, 5, 7, 7, SLO_ALT_GREATER, &z, &p),
	    SLO_OK);
	assert_true(z == 0 && p == 1);
	assert_int_equal(slo_two_prop_z(1, 0, 1, 2, SLO_ALT_LESS, &z, &p),
	    SLO_EINVAL);
	assert_int_equal(slo_two_prop_z(0, 0, 1, 2, SLO_ALT_LESS, &z, &p),
	    SLO_EEMPTY);
	assert_int_equal(slo_two_prop_z(0, 1, 1, 2, (slo_alt)7, &z, &p),
	    SLO_EINVAL);
}

/*
 * scipy.stats.fisher_exact(table, alternative=a)[1] for a in
 * ('two-sided', 'less', 'greater'), table = [[k1, n1-k1], [k2, n2-k2]].
 */
static void
test_fisher(void **state)
{
	static const struct {
		uint64_t a, b, c, d;
		double two, less, greater;
	} t[] = {
		/* Fisher's tea tasting */
		{ 3, 1, 1, 3, 0.48571428571428565, 0.9857142857142858,
		    0.24285714285714283 },
		{ 8, 2, 1, 5, 0.034965034965034975, 0.9991258741258742,
		    0.024475524475524483 },
		{ 10, 90, 25, 75, 0.008503571478623954, 0.004251785739311977,
		    0.9987315877064636 },
		{ 0, 5, 5, 0, 0.007936507936507938, 0.003968253968253969, 1.0 },
		{ 120, 880, 150, 850, 0.05759585086892674, 0.02879792543446337,
		    0.9788193963335934 },
		{ 5, 5, 5, 5, 1.0, 0.6718591006516703, 0.6718591006516703 },
		{ 1, 9, 11, 3, 0.0027594561852200836, 0.0013797280926100418,
		    0.9999663480953022 },
		/* a zero row: p = 1 */
		{ 2, 0, 0, 0, 1.0, 1.0, 1.0 },
	};
	double p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		uint64_t n1 = t[i].a + t[i].b, n2 = t[i].c + t[i].d;

		assert_int_equal(slo_fisher_exact(t[i].a, n1, t[i].c, n2,
		    SLO_ALT_TWO_SIDED, &p), SLO_OK);
		near(p, t[i].two, 1e-11);
		assert_int_equal(slo_fisher_exact(t[i].a, n1, t[i].c, n2,
		    SLO_ALT_LESS, &p), SLO_OK);
		near(p, t[i].less, 1e-11);
		assert_int_equal(slo_fisher_exact(t[i].a, n1, t[i].c, n2,
		    SLO_ALT_GREATER, &p), SLO_OK);
		near(p, t[i].greater, 1e-11);
	}
	/* huge counts: quick, and the same answer as the z-test roughly */
	assert_int_equal(slo_fisher_exact(500000000, 1000000000, 500000000,
	    1000000000, SLO_ALT_TWO_SIDED, &p), SLO_OK);
	assert_true(p == 1);
	assert_int_equal(slo_fisher_exact(3, 2, 1, 2, SLO_ALT_LESS, &p),
	    SLO_EINVAL);
	assert_int_equal(slo_fisher_exact(1, 2, 1, 2, (slo_alt)-1, &p),
	    SLO_EINVAL);
}

static void
mwu(const double *x, size_t nx, const double *y, size_t ny, slo_alt alt,
    slo_mwu_method m, slo_mwu *r)
{
	assert_int_equal(slo_mann_whitney(x, nx, y, ny, alt, m, r), SLO_OK);
}

#define N(a) (sizeof (a) / sizeof (a)[0])

/*
 * The example of issue 4, without ties:
 *   scipy.stats.mannwhitneyu(x, y, alternative=a, method=m)
 *   two-sided asymptotic U=82.0 p=0.0028804846690270907
 *   two-sided exact      U=82.0 p=0.0014505618220788498
 *   less      asymptotic        p=0.9989001764694435
 *   less      exact             p=0.9995128710298992
 *   greater   asymptotic        p=0.0014402423345135453
 *   greater   exact             p=0.0007252809110394249
 * auto is asymptotic here: both sizes are > 8.
 */
static void
test_mwu_issue_example(void **state)
{
	static const double x[] = { 118, 125, 109, 131, 122, 114, 127, 119,
	    124 };
	static const double y[] = { 112, 98, 105, 120, 101, 99, 108, 115, 103,
	    110 };
	slo_mwu r;

	(void)state;
	mwu(x, N(x), y, N(y), SLO_ALT_TWO_SIDED, SLO_MWU_AUTO, &r);
	assert_true(r.u == 82);
	assert_false(r.exact);
	near(r.p, 0.0028804846690270907, 1e-12);
	/* z = (82 - 45 - 0.5) / sqrt(9*10/12 * 20) = 36.5 / sqrt(150) */
	near(r.z, 36.5 / sqrt(150), 1e-15);
	mwu(x, N(x), y, N(y), SLO_ALT_TWO_SIDED, SLO_MWU_EXACT, &r);
	assert_true(r.u == 82 && r.exact);
	near(r.p, 0.0014505618220788498, 1e-12);
	mwu(x, N(x), y, N(y), SLO_ALT_LESS, SLO_MWU_ASYMPTOTIC, &r);
	near(r.p, 0.9989001764694435, 1e-14);
	mwu(x, N(x), y, N(y), SLO_ALT_LESS, SLO_MWU_EXACT, &r);
	near(r.p, 0.9995128710298992, 1e-14);
	mwu(x, N(x), y, N(y), SLO_ALT_GREATER, SLO_MWU_ASYMPTOTIC, &r);
	near(r.p, 0.0014402423345135453, 1e-12);
	mwu(x, N(x), y, N(y), SLO_ALT_GREATER, SLO_MWU_EXACT, &r);
	near(r.p, 0.0007252809110394249, 1e-12);
	/* swapping the samples mirrors U and the one-sided tests */
	mwu(y, N(y), x, N(x), SLO_ALT_LESS, SLO_MWU_EXACT, &r);
	assert_true(r.u == 90 - 82);
	near(r.p, 0.0007252809110394249, 1e-12);
	assert_true(r.z < 0);
}

/*
 * Ties (average ranks, tie-corrected variance):
 *   x = [12,15,15,18,20,20,20,25,30,31], y = [10,12,12,14,15,16,16,18,19,
 *   20,22]; scipy.stats.mannwhitneyu(x, y, alternative=a, method=m):
 *   U=80.0; two-sided auto/asymptotic 0.08246642072909914,
 *   less 0.9646524350330218, greater 0.04123321036454957;
 *   exact (scipy uses floor(U) with the no-ties distribution):
 *   two-sided 0.08452125789587091, less 0.9639993649281577,
 *   greater 0.042260628947935454.
 * Small samples with ties: auto stays asymptotic (scipy's rule):
 *   x = [1,2,2,3], y = [2,3,3,4,5]: U=3.0, two-sided auto
 *   0.09934224785346528, less auto 0.04967112392673264,
 *   greater auto 0.9713880745611612; exact two-sided 0.1111111111111111.
 */
static void
test_mwu_ties(void **state)
{
	static const double x[] = { 12, 15, 15, 18, 20, 20, 20, 25, 30, 31 };
	static const double y[] = { 10, 12, 12, 14, 15, 16, 16, 18, 19, 20,
	    22 };
	static const double sx[] = { 1, 2, 2, 3 };
	static const double sy[] = { 2, 3, 3, 4, 5 };
	slo_mwu r;

	(void)state;
	mwu(x, N(x), y, N(y), SLO_ALT_TWO_SIDED, SLO_MWU_AUTO, &r);
	assert_true(r.u == 80);
	assert_false(r.exact);
	near(r.p, 0.08246642072909914, 1e-12);
	mwu(x, N(x), y, N(y), SLO_ALT_LESS, SLO_MWU_AUTO, &r);
	near(r.p, 0.9646524350330218, 1e-13);
	mwu(x, N(x), y, N(y), SLO_ALT_GREATER, SLO_MWU_AUTO, &r);
	near(r.p, 0.04123321036454957, 1e-12);
	mwu(x, N(x), y, N(y), SLO_ALT_TWO_SIDED, SLO_MWU_EXACT, &r);
	assert_true(r.exact);
	near(r.p, 0.08452125789587091, 1e-12);
	mwu(x, N(x), y, N(y), SLO_ALT_LESS, SLO_MWU_EXACT, &r);
	near(r.p, 0.9639993649281577, 1e-13);
	mwu(x, N(x), y, N(y), SLO_ALT_GREATER, SLO_MWU_EXACT, &r);
	near(r.p, 0.042260628947935454, 1e-12);

	mwu(sx, N(sx), sy, N(sy), SLO_ALT_TWO_SIDED, SLO_MWU_AUTO, &r);
	assert_true(r.u == 3);
	assert_false(r.exact);
	near(r.p, 0.09934224785346528, 1e-12);
	mwu(sx, N(sx), sy, N(sy), SLO_ALT_LESS, SLO_MWU_AUTO, &r);
	near(r.p, 0.04967112392673264, 1e-12);
	mwu(sx, N(sx), sy, N(sy), SLO_ALT_GREATER, SLO_MWU_AUTO, &r);
	near(r.p, 0.9713880745611612, 1e-13);
	mwu(sx, N(sx), sy, N(sy), SLO_ALT_TWO_SIDED, SLO_MWU_EXACT, &r);
	near(r.p, 0.1111111111111111, 1e-12);
}

/*
 * Small samples without ties: auto is exact.
 *   x = [1.1,2.3,3.7,0.5,4.4], y = [2.0,5.1,6.3,3.3,7.7,8.8,5.5]
 *   scipy.stats.mannwhitneyu(x, y, alternative=a): U=5.0, two-sided
 *   0.04797979797979798, less 0.02398989898989899, greater
 *   0.9848484848484848; method='asymptotic' two-sided 0.05131990358807116.
 * An 8 x 60 sample (numpy.random.default_rng(7): x = normal(0,1,8),
 *   y = normal(0.8,1,60), rounded to 6 places), scipy
 *   mannwhitneyu(x, y, alternative=a, method='exact'): U=123.0,
 *   two-sided 0.024557753533531314, less 0.012278876766765657,
 *   greater 0.9883672740298259.
 */
static void
test_mwu_exact_small(void **state)
{
	static const double x[] = { 1.1, 2.3, 3.7, 0.5, 4.4 };
	static const double y[] = { 2.0, 5.1, 6.3, 3.3, 7.7, 8.8, 5.5 };
	static const double x8[] = { 0.00123, 0.298746, -0.274138, -0.890592,
	    -0.454671, -0.991647, 0.060144, 1.340215 };
	static const double y60[] = { 0.307793, 0.179525, 1.289842, 1.156887,
	    0.905414, -0.130468, 0.770748, 1.495303, -0.544215, 0.342384,
	    -1.101223, -0.489538, -1.041735, 0.564909, -0.467446, 1.071264,
	    0.956751, 0.613069, -1.71676, 0.261307, 0.751499, 0.913309,
	    -0.730136, 0.322247, -0.178519, -0.008837, 1.860899, -0.007535,
	    0.767478, 1.68439, 0.2164, 0.688298, 0.910464, 0.863782,
	    -0.425056, 0.87614, 2.158823, -0.747145, 1.659383, 0.919354,
	    0.15853, 2.800417, 1.56226, -0.399289, 0.874516, 1.37669,
	    0.611218, 1.48291, 0.733483, 1.467248, 2.238523, 0.124338,
	    1.003139, 0.336692, 0.927268, -0.387195, 0.220698, 0.603804,
	    1.698764, 1.945222 };
	slo_mwu r;

	(void)state;
	mwu(x, N(x), y, N(y), SLO_ALT_TWO_SIDED, SLO_MWU_AUTO, &r);
	assert_true(r.u == 5 && r.exact);
	near(r.p, 0.04797979797979798, 1e-13);
	mwu(x, N(x), y, N(y), SLO_ALT_LESS, SLO_MWU_AUTO, &r);
	near(r.p, 0.02398989898989899, 1e-13);
	mwu(x, N(x), y, N(y), SLO_ALT_GREATER, SLO_MWU_AUTO, &r);
	near(r.p, 0.9848484848484848, 1e-14);
	mwu(x, N(x), y, N(y), SLO_ALT_TWO_SIDED, SLO_MWU_ASYMPTOTIC, &r);
	assert_false(r.exact);
	near(r.p, 0.05131990358807116, 1e-12);

	mwu(x8, N(x8), y60, N(y60), SLO_ALT_TWO_SIDED, SLO_MWU_AUTO, &r);
	assert_true(r.u == 123 && r.exact);
	near(r.p, 0.024557753533531314, 1e-12);
	mwu(x8, N(x8), y60, N(y60), SLO_ALT_LESS, SLO_MWU_AUTO, &r);
	near(r.p, 0.012278876766765657, 1e-12);
	mwu(y60, N(y60), x8, N(x8), SLO_ALT_GREATER, SLO_MWU_AUTO, &r);
	assert_true(r.u == 8 * 60 - 123);
	near(r.p, 0.012278876766765657, 1e-12);
	mwu(x8, N(x8), y60, N(y60), SLO_ALT_GREATER, SLO_MWU_EXACT, &r);
	near(r.p, 0.9883672740298259, 1e-13);
}

/*
 * 40 x 40, exact (the Gaussian-binomial recurrence against scipy's own):
 *   x = [i + 10.3 for i in range(40)], y = [float(j) for j in range(40)]
 *   scipy.stats.mannwhitneyu(x, y, alternative=a, method='exact'):
 *   U=1165.0, two-sided 0.0003503282572655979, less 0.9998316304570372,
 *   greater 0.00017516412863279894.
 *   x = [i * 1.5 + 0.2 for i in range(40)]: U=1067.0, two-sided
 *   0.009807632141247103.
 */
static void
test_mwu_exact_40(void **state)
{
	double x[40], y[40];
	slo_mwu r;
	int i;

	(void)state;
	for (i = 0; i < 40; i++) {
		x[i] = i + 10.3;
		y[i] = i;
	}
	mwu(x, 40, y, 40, SLO_ALT_TWO_SIDED, SLO_MWU_EXACT, &r);
	assert_true(r.u == 1165 && r.exact);
	near(r.p, 0.0003503282572655979, 1e-12);
	mwu(x, 40, y, 40, SLO_ALT_LESS, SLO_MWU_EXACT, &r);
	near(r.p, 0.9998316304570372, 1e-13);
	mwu(x, 40, y, 40, SLO_ALT_GREATER, SLO_MWU_EXACT, &r);
	near(r.p, 0.00017516412863279894, 1e-12);
	for (i = 0; i < 40; i++)
		x[i] = i * 1.5 + 0.2;
	mwu(x, 40, y, 40, SLO_ALT_TWO_SIDED, SLO_MWU_EXACT, &r);
	assert_true(r.u == 1067);
	near(r.p, 0.009807632141247103, 1e-12);
}

/*
 * One value against 1000, by hand: under the null its rank among the 1001
 * is uniform, so U (the number of y below it) is uniform on 0..1000 and
 * P(U >= u) = (1001 - u) / 1001.  x = 500.5 over y = 0..999: U = 501;
 * greater 500/1001, less P(U <= 501) = 502/1001, two-sided
 * 2 P(U >= 501) = 1000/1001.
 */
static void
test_mwu_exact_one_value(void **state)
{
	double x[1] = { 500.5 }, y[1000];
	slo_mwu r;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		y[i] = i;
	mwu(x, 1, y, 1000, SLO_ALT_GREATER, SLO_MWU_AUTO, &r);
	assert_true(r.u == 501 && r.exact);
	near(r.p, 500.0 / 1001, 1e-13);
	mwu(x, 1, y, 1000, SLO_ALT_LESS, SLO_MWU_AUTO, &r);
	near(r.p, 502.0 / 1001, 1e-13);
	mwu(x, 1, y, 1000, SLO_ALT_TWO_SIDED, SLO_MWU_AUTO, &r);
	near(r.p, 1000.0 / 1001, 1e-13);
	x[0] = -1; /* U = 0: greater p = 1, less p = 1/1001 */
	mwu(x, 1, y, 1000, SLO_ALT_GREATER, SLO_MWU_AUTO, &r);
	assert_true(r.u == 0 && r.p == 1);
	mwu(x, 1, y, 1000, SLO_ALT_LESS, SLO_MWU_AUTO, &r);
	near(r.p, 1.0 / 1001, 1e-13);
}

/* Exact null distribution by brute force: all C(7,3) = 35 splits of 1..7. */
static void
test_mwu_exact_enumerated(void **state)
{
	double x[3], y[4], pu[13] = { 0 };
	unsigned mask, count = 0, nx, ny, i, u, k;
	slo_mwu r;

	(void)state;
	for (mask = 0; mask < 128; mask++) {
		if (__builtin_popcount(mask) != 3)
			continue;
		count++;
		u = 0;
		for (i = 0; i < 7; i++)
			if (mask & (1u << i))
				for (k = 0; k < 7; k++)
					if (!(mask & (1u << k)) && k < i)
						u++;
		pu[u]++;
	}
	assert_int_equal(count, 35);
	/* every split: greater p = P(U >= u) */
	for (mask = 0; mask < 128; mask++) {
		double want = 0;

		if (__builtin_popcount(mask) != 3)
			continue;
		nx = ny = 0;
		for (i = 0; i < 7; i++) {
			if (mask & (1u << i))
				x[nx++] = i + 1;
			else
				y[ny++] = i + 1;
		}
		mwu(x, 3, y, 4, SLO_ALT_GREATER, SLO_MWU_AUTO, &r);
		assert_true(r.exact);
		for (u = (unsigned)r.u; u <= 12; u++)
			want += pu[u] / 35;
		near(r.p, want, 1e-14);
	}
}

static void
test_mwu_edges(void **state)
{
	static const double same[] = { 4, 4, 4 };
	static const double one[] = { 1 };
	double nan1[] = { 1, NAN };
	slo_mwu r;

	(void)state;
	/* every value tied: no evidence */
	mwu(same, 3, same, 2, SLO_ALT_TWO_SIDED, SLO_MWU_AUTO, &r);
	assert_true(r.u == 3 && r.p == 1 && r.z == 0);
	assert_int_equal(slo_mann_whitney(same, 0, one, 1, SLO_ALT_TWO_SIDED,
	    SLO_MWU_AUTO, &r), SLO_EEMPTY);
	assert_int_equal(slo_mann_whitney(one, 1, same, 0, SLO_ALT_TWO_SIDED,
	    SLO_MWU_AUTO, &r), SLO_EEMPTY);
	assert_int_equal(slo_mann_whitney(nan1, 2, one, 1, SLO_ALT_TWO_SIDED,
	    SLO_MWU_AUTO, &r), SLO_EINVAL);
	assert_int_equal(slo_mann_whitney(one, 1, nan1, 2, SLO_ALT_TWO_SIDED,
	    SLO_MWU_AUTO, &r), SLO_EINVAL);
	assert_int_equal(slo_mann_whitney(one, 1, one, 1, (slo_alt)3,
	    SLO_MWU_AUTO, &r), SLO_EINVAL);
	/* 1 vs 1, different: exact two-sided p = 2 * 1/2 = 1 */
	mwu(one, 1, same, 1, SLO_ALT_TWO_SIDED, SLO_MWU_AUTO, &r);
	assert_true(r.exact && r.p == 1 && r.u == 0);
	mwu(one, 1, same, 1, SLO_ALT_LESS, SLO_MWU_AUTO, &r);
	near(r.p, 0.5, 1e-15);
}

/* A large exact request is refused; AUTO with a large sample is fast. */
static void
test_mwu_large(void **state)
{
	enum { NX = 20000, NY = 30000 };
	double *x = malloc(NX * sizeof *x), *y = malloc(NY * sizeof *y);
	slo_mwu r;
	size_t i;

	(void)state;
	for (i = 0; i < NX; i++)
		x[i] = (double)(i * 7919 % NX) + 0.25;
	for (i = 0; i < NY; i++)
		y[i] = (double)(i * 104729 % NY) * (2.0 / 3.0);
	mwu(x, NX, y, NY, SLO_ALT_TWO_SIDED, SLO_MWU_AUTO, &r);
	assert_false(r.exact);
	assert_true(r.p >= 0 && r.p <= 1);
	assert_int_equal(slo_mann_whitney(x, NX, y, NY, SLO_ALT_TWO_SIDED,
	    SLO_MWU_EXACT, &r), SLO_ELIMIT);
	free(x);
	free(y);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of all x_i - y_j by sorting them: the obvious way. */
static double
hl_brute(const double *x, size_t nx, const double *y, size_t ny)
{
	size_t i, j, n = nx * ny;
	double *d = malloc(n * sizeof *d), m;

	assert_non_null(d);
	for (i = 0; i < nx; i++)
		for (j = 0; j < ny; j++)
			d[i * ny + j] = x[i] - y[j];
	qsort(d, n, sizeof *d, cmp_double);
	m = n % 2 ? d[n / 2] : 0.5 * d[n / 2 - 1] + 0.5 * d[n / 2];
	free(d);
	return m;
}

static uint64_t
splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * The issue's samples: 90 differences, the 45th and 46th are 14 and 15
 * (numpy: np.median(np.subtract.outer(x, y)) = 14.5).
 */
static void
test_hodges_lehmann_known(void **state)
{
	static const double x[] = { 118, 125, 109, 131, 122, 114, 127, 119,
	    124 };
	static const double y[] = { 112, 98, 105, 120, 101, 99, 108, 115, 103,
	    110 };
	static const double a[] = { 1, 2, 3 }, b[] = { 0 };
	double inf1[] = { 1, INFINITY };
	double s;

	(void)state;
	assert_int_equal(slo_hodges_lehmann(x, N(x), y, N(y), &s), SLO_OK);
	assert_true(s == 14.5);
	assert_int_equal(slo_hodges_lehmann(y, N(y), x, N(x), &s), SLO_OK);
	assert_true(s == -14.5);
	assert_int_equal(slo_hodges_lehmann(a, 3, b, 1, &s), SLO_OK);
	assert_true(s == 2);
	assert_int_equal(slo_hodges_lehmann(a, 0, b, 1, &s), SLO_EEMPTY);
	assert_int_equal(slo_hodges_lehmann(a, 3, b, 0, &s), SLO_EEMPTY);
	assert_int_equal(slo_hodges_lehmann(inf1, 2, b, 1, &s), SLO_EINVAL);
	assert_int_equal(slo_hodges_lehmann(b, 1, inf1, 2, &s), SLO_EINVAL);
}

/*
 * Large samples, where the selection never forms the 9e6 differences:
 * equal to the brute-force median (continuous values, then heavy ties).
 */
static void
test_hodges_lehmann_large(void **state)
{
	enum { NX = 3000, NY = 3000 };
	double *x = malloc(NX * sizeof *x), *y = malloc(NY * sizeof *y), s;
	uint64_t st = 11;
	size_t i;

	(void)state;
	for (i = 0; i < NX; i++)
		x[i] = exp((double)(splitmix64(&st) >> 11) * 0x1p-53 * 6);
	for (i = 0; i < NY; i++)
		y[i] = exp((double)(splitmix64(&st) >> 11) * 0x1p-53 * 5);
	assert_int_equal(slo_hodges_lehmann(x, NX, y, NY, &s), SLO_OK);
	assert_true(s == hl_brute(x, NX, y, NY));
	/* odd count: 2999 x 3000 is even, 2999 x 2999 odd */
	assert_int_equal(slo_hodges_lehmann(x, NX - 1, y, NY - 1, &s), SLO_OK);
	assert_true(s == hl_brute(x, NX - 1, y, NY - 1));
	/* integer latencies: many equal differences */
	for (i = 0; i < NX; i++)
		x[i] = (double)(splitmix64(&st) % 50);
	for (i = 0; i < NY; i++)
		y[i] = (double)(splitmix64(&st) % 40);
	assert_int_equal(slo_hodges_lehmann(x, NX, y, NY - 7, &s), SLO_OK);
	assert_true(s == hl_brute(x, NX, y, NY - 7));
	free(x);
	free(y);
}


/*
 * Binomial cdf against exact rational sums, computed by this script
 * (python3, fractions; its output pasted below):
 *   from fractions import Fraction as F
 *   from math import comb
 *   def cdf(k, n, p):
 *       p = F(p)
 *       return float(sum(comb(n, i) * p**i * (1 - p)**(n - i)
 *                        for i in range(k + 1)))
 *   cdf(3, 20, "0.3")            0.107086804503731
 *   cdf(950, 1000, "0.95")       0.520258942912679
 *   cdf(5, 100000, "0.00001")    0.999405876493998
 *   cdf(0, 50, "0.1")            0.00515377520732011
 */
static void
test_binom_cdf(void **state)
{
	double c;

	(void)state;
	assert_int_equal(slo_binom_cdf(3, 20, 0.3, &c), SLO_OK);
	near(c, 0.107086804503731, 1e-12);
	assert_int_equal(slo_binom_cdf(950, 1000, 0.95, &c), SLO_OK);
	near(c, 0.520258942912679, 1e-12);
	assert_int_equal(slo_binom_cdf(5, 100000, 0.00001, &c), SLO_OK);
	near(c, 0.999405876493998, 1e-12);
	assert_int_equal(slo_binom_cdf(0, 50, 0.1, &c), SLO_OK);
	near(c, 0.00515377520732011, 1e-12);
	assert_int_equal(slo_binom_cdf(7, 7, 0.5, &c), SLO_OK);
	near(c, 1, 0);
	assert_int_equal(slo_binom_cdf(3, 7, 1, &c), SLO_OK);
	near(c, 0, 0);
	assert_int_equal(slo_binom_cdf(3, 7, 1.5, &c), SLO_EINVAL);
}

/*
 * The score test against the closed forms of Farrington & Manning (1990)
 * for the restricted MLE, written independently in python3 (the C code
 * finds it by bisection instead):
 *   from math import sqrt, acos, cos, pi, copysign
 *   def fm_ratio(x1, n1, x2, n2, phi):
 *       N = n1 + n2
 *       A = N * phi; B = -(n1 * phi + x1 + n2 + x2 * phi); C = x1 + x2
 *       p2 = (-B - sqrt(B * B - 4 * A * C)) / (2 * A); p1 = phi * p2
 *       v = p1 * (1 - p1) / n1 + phi * phi * p2 * (1 - p2) / n2
 *       return (x1 / n1 - phi * x2 / n2) / sqrt(v), p1, p2
 *   def fm_diff(x1, n1, x2, n2, d):
 *       p1h, p2h = x1 / n1, x2 / n2; t = n2 / n1
 *       a = 1 + t; b = -(1 + t + p1h + t * p2h + d * (t + 2))
 *       c = d * d + d * (2 * p1h + t + 1) + p1h + t * p2h
 *       e = -p1h * d * (1 + d)
 *       v = b**3 / (27 * a**3) - b * c / (6 * a * a) + e / (2 * a)
 *       u = copysign(sqrt(b * b / (9 * a * a) - c / (3 * a)), v)
 *       w = (pi + acos(v / u**3)) / 3
 *       p1 = 2 * u * cos(w) - b / (3 * a); p2 = p1 - d
 *       var = p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2
 *       return (p1h - p2h - d) / sqrt(var), p1, p2
 * output (z, p1~, p2~):
 *   ratio (30, 1000, 25, 1000, 1.1)  0.325905201893  0.0288112031783 0.0261920028894
 *   ratio (4, 1000, 4, 1000, 1.1)   -0.135110461713  0.00419043802967 0.00380948911788
 *   ratio (12, 400, 3, 500, 1.5)     1.99494425945   0.0204907142253 0.0136604761502
 *   diff (4, 1000, 4, 1000, 0.005)  -1.55577343037   0.00769763496669 0.00269763496669
 *   diff (0, 1000, 0, 1000, 0.005)  -2.24167919831   0.005 1.4476267407e-15
 *   diff (12, 400, 3, 500, 0.02)     0.45237163958   0.026678812263 0.00667881226296
 */
static void
test_noninf_score_known(void **state)
{
	double z, p1, p0;

	(void)state;
	assert_int_equal(slo_noninf_score(30, 1000, 25, 1000, 1.1, 0, &z, &p1, &p0), SLO_OK);
	near(z, 0.325905201893, 1e-9);
	near(p1, 0.0288112031783, 1e-9);
	near(p0, 0.0261920028894, 1e-9);
	assert_int_equal(slo_noninf_score(4, 1000, 4, 1000, 1.1, 0, &z, &p1, &p0), SLO_OK);
	near(z, -0.135110461713, 1e-9);
	near(p0, 0.00380948911788, 1e-9);
	assert_int_equal(slo_noninf_score(12, 400, 3, 500, 1.5, 0, &z, &p1, &p0), SLO_OK);
	near(z, 1.99494425945, 1e-9);
	near(p0, 0.0136604761502, 1e-9);
	assert_int_equal(slo_noninf_score(4, 1000, 4, 1000, 1, 0.005, &z, &p1, &p0), SLO_OK);
	near(z, -1.55577343037, 1e-9);
	near(p1, 0.00769763496669, 1e-9);
	assert_int_equal(slo_noninf_score(0, 1000, 0, 1000, 1, 0.005, &z, &p1, &p0), SLO_OK);
	near(z, -2.24167919831, 1e-9);
	near(p1, 0.005, 1e-9);
	assert_true(p0 < 1e-12);
	assert_int_equal(slo_noninf_score(12, 400, 3, 500, 1, 0.02, &z, &p1, &p0), SLO_OK);
	near(z, 0.45237163958, 1e-9);
	near(p1, 0.026678812263, 1e-9);
	/* no errors and no difference margin: no evidence */
	assert_int_equal(slo_noninf_score(0, 10, 0, 10, 1.1, 0, &z, &p1, &p0), SLO_OK);
	assert_true(isnan(z));
	assert_int_equal(slo_noninf_score(0, 0, 0, 10, 1.1, 0, &z, &p1, &p0), SLO_EEMPTY);
	assert_int_equal(slo_noninf_score(11, 10, 0, 10, 1.1, 0, &z, &p1, &p0), SLO_EINVAL);
}

/*
 * Farrington-Manning against a second implementation's reference values
 * (issue 15.4 asks for a published worked example: no printed figures of
 * the paper's, NCSS's, SAS PROC FREQ's or gsDesign's were at hand, so this
 * is a cross-implementation check, not a publication).  The Python
 * package farrington_manning (github.com/ConorMcNamara/farrington_manning,
 * tests/test_farrington_manning.py, its intervals validated there against
 * the R package kkmann/farringtonManning) tests x = 20 successes of 35
 * against y = 30 of 55:
 *   delta = -0.3, alternative "greater" (H0: p_x - p_y <= -0.3):
 *       p = 0.0008037;
 *   delta = 0, two-sided: z = 0.24175, p = 0.808976; "less": p = 0.595512.
 * Ours tests p1 = theta p0 + delta with delta >= 0, so the first case is
 * y against x on the line p_y = p_x + 0.3: our z is minus theirs, and
 * their p (the upper tail of their z) is our lower tail, p_noninferior.
 */
static void
test_noninf_score_reference(void **state)
{
	double z, p1, p0;

	(void)state;
	assert_int_equal(slo_noninf_score(30, 55, 20, 35, 1, 0.3, &z, &p1, &p0),
	    SLO_OK);
	near(slo_norm_cdf(z), 0.0008037, 1e-6 / 0.0008037);
	near(p1 - p0, 0.3, 1e-12); /* the restricted estimates are on the line */
	assert_int_equal(slo_noninf_score(20, 35, 30, 55, 1, 0, &z, &p1, &p0),
	    SLO_OK);
	near(z, 0.24175, 1e-4 / 0.24175);
	near(2 * slo_norm_sf(fabs(z)), 0.808976, 1e-4 / 0.808976);
	near(slo_norm_cdf(z), 0.595512, 1e-4 / 0.595512);
	/* with no margin the restricted estimate is the pooled share, 50/90 */
	near(p0, 50.0 / 90.0, 1e-12);
}

static uint64_t sim_state;

static double
sim_unif(void)
{
	uint64_t z = (sim_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

/* Binomial(n, p) by inversion of the cdf, walking up from 0. */
static uint64_t
sim_binom(uint64_t n, double p)
{
	double u = sim_unif(), w = pow(1 - p, (double)n), c = w;
	uint64_t k = 0;

	while (c < u && k < n) {
		w *= (double)(n - k) / (double)(k + 1) * p / (1 - p);
		c += w;
		k++;
	}
	return k;
}

/*
 * Achieved size at the margin: draw both cohorts on the boundary
 * p1 = theta p0 + delta and count how often the one-sided score test at
 * 5 % declares non-inferiority (z < -1.644854).  Issue 15.4 asks for the
 * nominal 5 % within 1 percentage point.  20000 draws: Monte Carlo sd
 * sqrt(.05 .95 / 20000) = 0.15 pp, so a miss is the test's, not chance's.
 */
static void
check_size(double p0, uint64_t n1, uint64_t n0, double theta, double delta)
{
	int i, rej = 0, reps = 20000;
	double z, a, b, size;

	for (i = 0; i < reps; i++) {
		uint64_t x1 = sim_binom(n1, theta * p0 + delta), x0 = sim_binom(n0, p0);

		assert_int_equal(slo_noninf_score(x1, n1, x0, n0, theta, delta,
		    &z, &a, &b), SLO_OK);
		rej += z < -1.6448536269514722;
	}
	size = (double)rej / reps;
	if (!(fabs(size - 0.05) <= 0.01))
		fail_msg("size %.4f at p0 %g n %llu/%llu theta %g delta %g", size,
		    p0, (unsigned long long)n1, (unsigned long long)n0, theta, delta);
}

static void
test_noninf_size(void **state)
{
	(void)state;
	sim_state = 15;
	check_size(0.02, 5000, 5000, 1.1, 0.005);  /* the defaults' margins */
	check_size(0.02, 3000, 6000, 1.1, 0);      /* ratio alone */
	check_size(0.05, 2000, 2000, 1, 0.01);     /* difference alone */
	check_size(0.004, 1000, 1000, 1.1, 0.005); /* few errors (4 expected) */
}


/*
 * Exact binomial ranks for a quantile's interval, against exact rational
 * arithmetic (python3, fractions; output pasted):
 *   def ranks(n, q, conf):
 *       q = F(q); t = (1 - F(conf)) / 2
 *       pmf = [comb(n, i) * q**i * (1 - q)**(n - i) for i in range(n + 1)]
 *       cdf = list(itertools.accumulate(pmf))
 *       if cdf[0] > t or 1 - cdf[n - 1] > t: return None
 *       l = max(l for l in range(1, n + 1) if cdf[l - 1] <= t)
 *       u = min(u for u in range(1, n + 1) if 1 - cdf[u - 1] <= t)
 *       return l, u, float(cdf[u - 1] - cdf[l - 1])
 *   (100, 0.5, 0.95)  -> (40, 61, 0.9647997997822951)  also Conover's table
 *   (200, 0.95, 0.95) -> (184, 197, 0.9671521638567258)
 *   (1000, 0.99, 0.95)-> (983, 997, 0.9760947634979771)
 *   (5, 0.5, 0.9)     -> (1, 5, 0.9375)
 *   (59, 0.95, 0.9)   -> (53, 59, 0.9241336173409366)
 *   (200, 0.99, 0.95) -> None: 0.99^200 = 0.134 > 0.025
 *   (5, 0.95, 0.95)   -> None
 */
static void
test_quantile_ranks_known(void **state)
{
	uint64_t lo, hi;

	(void)state;
	assert_int_equal(slo_quantile_ranks(100, 0.5, 0.95, &lo, &hi), SLO_OK);
	assert_int_equal(lo, 40);
	assert_int_equal(hi, 61);
	assert_int_equal(slo_quantile_ranks(200, 0.95, 0.95, &lo, &hi), SLO_OK);
	assert_int_equal(lo, 184);
	assert_int_equal(hi, 197);
	assert_int_equal(slo_quantile_ranks(1000, 0.99, 0.95, &lo, &hi), SLO_OK);
	assert_int_equal(lo, 983);
	assert_int_equal(hi, 997);
	assert_int_equal(slo_quantile_ranks(5, 0.5, 0.9, &lo, &hi), SLO_OK);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 5);
	assert_int_equal(slo_quantile_ranks(59, 0.95, 0.9, &lo, &hi), SLO_OK);
	assert_int_equal(lo, 53);
	assert_int_equal(hi, 59);
	assert_int_equal(slo_quantile_ranks(200, 0.99, 0.95, &lo, &hi), SLO_ERANGE);
	assert_int_equal(slo_quantile_ranks(5, 0.95, 0.95, &lo, &hi), SLO_ERANGE);
	assert_int_equal(slo_quantile_ranks(0, 0.5, 0.95, &lo, &hi), SLO_EEMPTY);
	assert_int_equal(slo_quantile_ranks(10, 1, 0.95, &lo, &hi), SLO_EINVAL);
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Coverage by simulation (issue 15.5): draw n uniforms, sort them, and
 * count how often X_(lo) <= q <= X_(hi) (the uniform's q-quantile is q).
 * The normal-rank interval this replaces covered about 20 % at n = 5;
 * exact ranks must reach conf.  4000 draws: Monte Carlo sd at 0.95 is
 * 0.34 pp, so 1 pp below conf would be a real miss.
 */
static void
test_quantile_ranks_coverage(void **state)
{
	static const struct { uint64_t n; double q, conf; } c[] = {
		{ 5, 0.5, 0.9 }, { 59, 0.95, 0.9 }, { 200, 0.95, 0.95 },
		{ 1000, 0.99, 0.95 }, { 30, 0.75, 0.99 },
	};
	double *x;
	size_t k;
	uint64_t lo, hi, i;
	int r, hit, reps = 4000;

	(void)state;
	sim_state = 55;
	assert_non_null(x = malloc(1000 * sizeof *x));
	for (k = 0; k < sizeof c / sizeof c[0]; k++) {
		assert_int_equal(slo_quantile_ranks(c[k].n, c[k].q, c[k].conf,
		    &lo, &hi), SLO_OK);
		for (r = hit = 0; r < reps; r++) {
			for (i = 0; i < c[k].n; i++)
				x[i] = sim_unif();
			qsort(x, c[k].n, sizeof *x, cmp_dbl);
			hit += x[lo - 1] <= c[k].q && c[k].q <= x[hi - 1];
		}
		if (!((double)hit / reps >= c[k].conf - 0.01))
			fail_msg("coverage %.4f < %g at n %llu q %g", (double)hit / reps,
			    c[k].conf, (unsigned long long)c[k].n, c[k].q);
	}
	free(x);
}

/*
 * P(|T| > t) for Student's t with an even df, in closed form
 * (Abramowitz and Stegun 26.7.3): 1 - A(t|nu) with
 *   A = sin th (1 + cos^2 th / 2 + (1 3)/(2 4) cos^4 th + ...
 *       + (1 3 ... (nu - 3))/(2 4 ... (nu - 2)) cos^(nu - 2) th),
 * th = atan(t / sqrt(nu)).  A second method, independent of the
 * incomplete beta function under test.
 */
static double
t_two_sided_even(double t, int nu)
{
	double th = atan(t / sqrt((double)nu)), c2 = cos(th) * cos(th);
	double term = 1, sum = 1;
	int j;

	for (j = 2; j <= nu - 2; j += 2) {
		term *= (double)(j - 1) / (double)j * c2;
		sum += term;
	}
	return 1 - sin(th) * sum;
}

/* The F(d1, d2) density, for integrating it (lgamma: a test may). */
static double
f_pdf(double x, double d1, double d2)
{
	return exp(lgamma((d1 + d2) / 2) - lgamma(d1 / 2) - lgamma(d2 / 2) +
	    d1 / 2 * log(d1 / d2) + (d1 / 2 - 1) * log(x) -
	    (d1 + d2) / 2 * log1p(d1 * x / d2));
}

/*
 * F upper tails at published critical values, each also checked by a
 * second method:
 * - NIST/SEMATECH e-Handbook of Statistical Methods, section 1.3.5.10
 *   "Levene Test for Equality of Variances" (gear data, k = 10, N = 100,
 *   https://www.itl.nist.gov/div898/handbook/eda/section3/eda35a.htm,
 *   the page scipy.stats.levene cites): upper 5 % critical value
 *   F(0.95; 9, 90) = 1.985595.  Second method: 1 - the density
 *   integrated from 0 by Simpson's rule (20000 panels).
 * - WaveMetrics' Igor Pro "Variances Test Demo" (Levene's test on four
 *   waves, N = 30,
 *   https://www.wavemetrics.com/products/igorpro/dataanalysis/statistics/tests/statistics_pxp30.htm):
 *   critical 2.97515 = F(0.95; 3, 26).
 * - F(1, nu) is t^2: the tail of t at t_{0.975}(10) = 2.228138851986
 *   (any t table, e.g. the e-Handbook's 1.3.6.7.2: 2.228) by the closed
 *   form of A&S 26.7.3.
 */
static void
test_f_sf(void **state)
{
	double a = 0, h, x, f = 1.985595, t;
	int i, n = 20000;

	(void)state;
	near(slo_f_sf(1.985595, 9, 90), 0.05, 2e-6); /* 7 digits printed */
	h = f / n;
	for (i = 0; i <= n; i++) {
		x = i * h;
		a += (i == 0 || i == n ? 1 : i % 2 ? 4 : 2) *
		    (x > 0 ? f_pdf(x, 9, 90) : 0);
	}
	a *= h / 3;
	near(slo_f_sf(f, 9, 90), 1 - a, 1e-9);
	near(slo_f_sf(2.97515, 3, 26), 0.05, 2e-5);
	t = 2.228138851986;
	near(slo_f_sf(t * t, 1, 10), t_two_sided_even(t, 10), 1e-12);
	near(slo_f_sf(t * t, 1, 10), 0.05, 1e-11);
	/* the edges */
	assert_true(slo_f_sf(0, 3, 4) == 1);
	assert_true(slo_f_sf(-1, 3, 4) == 1);
	assert_true(slo_f_sf(INFINITY, 3, 4) == 0);
	assert_true(isnan(slo_f_sf(1, 0.5, 4)));
	assert_true(isnan(slo_f_sf(NAN, 3, 4)));
	/* far tails stay relative: F(1, 6) at t = 40, A&S again */
	near(slo_f_sf(1600, 1, 6), t_two_sided_even(40, 6), 1e-8);
}

/*
 * t quantiles: t_{0.975}(10) = 2.228138851986 and t_{0.95}(6) =
 * 1.943180281 (e-Handbook 1.3.6.7.2 prints 2.228 and 1.943); each
 * checked by putting it back into the closed form of A&S 26.7.3.
 */
static void
test_t_ppf(void **state)
{
	double t;

	(void)state;
	t = slo_t_ppf(0.975, 10);
	near(t, 2.228138851986, 1e-11);
	near(t_two_sided_even(t, 10), 0.05, 1e-12);
	t = slo_t_ppf(0.95, 6);
	near(t, 1.943180281, 1e-9);
	near(t_two_sided_even(t, 6), 0.10, 1e-12);
	near(slo_t_ppf(0.025, 10), -2.228138851986, 1e-11);
	assert_true(slo_t_ppf(0.5, 3) == 0);
	assert_true(isnan(slo_t_ppf(0, 3)));
	assert_true(isnan(slo_t_ppf(0.9, 0.5)));
	/* many degrees of freedom: the normal's 1.959963984540054 */
	near(slo_t_ppf(0.975, 1e7), 1.959963984540054, 1e-6);
}

/*
 * Brown-Forsythe (Levene about the median).
 * 1. By hand: A = {1, 3, 5, 7, 9}, B = {4, 5, 6}.  Medians 5 and 5;
 *    z_A = {4, 2, 0, 2, 4}, zbar_A = 12/5 = 2.4; z_B = {1, 0, 1},
 *    zbar_B = 2/3; zbar = 14/8 = 1.75.
 *    between = 5 (2.4 - 1.75)^2 + 3 (2/3 - 7/4)^2 = 169/80 + 169/48
 *            = 169/30;
 *    within  = (1.6^2 + 0.4^2 + 2.4^2 + 0.4^2 + 1.6^2)
 *            + ((1/3)^2 + (2/3)^2 + (1/3)^2) = 11.2 + 2/3 = 178/15;
 *    W = (8 - 2)/(2 - 1) * (169/30) / (178/15) = 507/178
 *      = 2.8483146067415730.
 *    p = P(F(1, 6) > W) = P(|T_6| > sqrt(W)), by A&S 26.7.3 (above).
 * 2. scipy's own example (scipy.stats.levene docstring, Examples,
 *    https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.levene.html):
 *    the three samples below give p = 0.002431505967249681.
 */
static void
test_brown_forsythe(void **state)
{
	static const double a[] = { 1, 3, 5, 7, 9 }, b[] = { 4, 5, 6 };
	static const double sa[] = { 8.88, 9.12, 9.04, 8.98, 9.00, 9.08,
	    9.01, 8.85, 9.06, 8.99 };
	static const double sb[] = { 8.88, 8.95, 9.29, 9.44, 9.15, 9.58,
	    8.36, 9.18, 8.67, 9.05 };
	static const double sc[] = { 8.95, 9.12, 8.95, 8.85, 9.03, 8.84,
	    9.07, 8.98, 8.86, 8.98 };
	const double *g[3] = { a, b, NULL }, *s[3] = { sa, sb, sc };
	const double *ga[2] = { b, b };
	size_t n[3] = { 5, 3, 0 }, ns[3] = { 10, 10, 10 }, n1[2] = { 1, 1 };
	size_t n3[2] = { 3, 3 };
	double w, p, zb[3], flat[2] = { 7, 7 }, flat2[2] = { 3, 3 };
	const double *gf[2] = { flat, flat2 };
	size_t nf[2] = { 2, 2 };

	(void)state;
	assert_int_equal(slo_brown_forsythe(g, n, 2, &w, &p, zb), SLO_OK);
	near(w, 507.0 / 178.0, 1e-14);
	near(zb[0], 2.4, 1e-15);
	near(zb[1], 2.0 / 3.0, 1e-15);
	near(p, t_two_sided_even(sqrt(507.0 / 178.0), 6), 1e-11);
	assert_int_equal(slo_brown_forsythe(s, ns, 3, &w, &p, NULL), SLO_OK);
	near(p, 0.002431505967249681, 1e-10);
	/* identical groups: nothing between them */
	assert_int_equal(slo_brown_forsythe(ga, n3, 2, &w, &p, NULL), SLO_OK);
	near(w, 0, 1e-15);
	near(p, 1, 1e-15);
	/* no spread within either group, none between: no evidence */
	assert_int_equal(slo_brown_forsythe(gf, nf, 2, &w, &p, NULL), SLO_OK);
	assert_true(w == 0 && p == 1);
	/* errors */
	assert_int_equal(slo_brown_forsythe(g, n, 1, &w, &p, NULL), SLO_EEMPTY);
	assert_int_equal(slo_brown_forsythe(g, n + 1, 2, &w, &p, NULL), SLO_EEMPTY);
	assert_int_equal(slo_brown_forsythe(ga, n1, 2, &w, &p, NULL), SLO_EEMPTY);
	flat[0] = NAN;
	assert_int_equal(slo_brown_forsythe(gf, nf, 2, &w, &p, NULL), SLO_EINVAL);
}

/*
 * Brown-Forsythe's size under the null: both cohorts lognormal with the
 * same spread (sigma 0.5, the skew of latencies), 200 each (the default
 * min_requests), 4000 draws; the share with p < 0.05 must be near 5 %.
 * Brown and Forsythe (1974) report it at or slightly under the nominal
 * level for skewed data; Monte Carlo sd sqrt(.05 .95 / 4000) = 0.34 pp,
 * so [3 %, 6.5 %] fails a test that is materially off, not chance.
 */
static void
test_brown_forsythe_size(void **state)
{
	static double a[200], b[200];
	const double *g[2] = { a, b };
	size_t n[2] = { 200, 200 };
	int i, j, rej = 0, reps = 4000;
	double w, p, size;

	(void)state;
	sim_state = 1974;
	for (i = 0; i < reps; i++) {
		for (j = 0; j < 200; j++) {
			double u = sim_unif(), v = sim_unif();

			a[j] = 100 * exp(0.5 * sqrt(-2 * log(u)) *
			    cos(6.283185307179586 * v));
			b[j] = 100 * exp(0.5 * sqrt(-2 * log(u)) *
			    sin(6.283185307179586 * v));
		}
		assert_int_equal(slo_brown_forsythe(g, n, 2, &w, &p, NULL), SLO_OK);
		rej += p < 0.05;
	}
	size = (double)rej / reps;
	if (!(size >= 0.03 && size <= 0.065))
		fail_msg("size %.4f", size);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal),
		cmocka_unit_test(test_wilson_newcombe),
		cmocka_unit_test(test_two_prop_z),
		cmocka_unit_test(test_fisher),
		cmocka_unit_test(test_mwu_issue_example),
		cmocka_unit_test(test_mwu_ties),
		cmocka_unit_test(test_mwu_exact_small),
		cmocka_unit_test(test_mwu_exact_40),
		cmocka_unit_test(test_mwu_exact_one_value),
		cmocka_unit_test(test_mwu_exact_enumerated),
		cmocka_unit_test(test_mwu_edges),
		cmocka_unit_test(test_mwu_large),
		cmocka_unit_test(test_hodges_lehmann_known),
		cmocka_unit_test(test_hodges_lehmann_large),
		cmocka_unit_test(test_binom_cdf),
		cmocka_unit_test(test_noninf_score_known),
		cmocka_unit_test(test_noninf_score_reference),
		cmocka_unit_test(test_noninf_size),
		cmocka_unit_test(test_quantile_ranks_known),
		cmocka_unit_test(test_quantile_ranks_coverage),
		cmocka_unit_test(test_f_sf),
		cmocka_unit_test(test_t_ppf),
		cmocka_unit_test(test_brown_forsythe),
		cmocka_unit_test(test_brown_forsythe_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
