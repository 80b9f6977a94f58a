/*
 * slo_stats.h — the statistics promote-check decides with.  Every function
 * is pure; p-values are in [0, 1].
 */
#ifndef SLO_STATS_H
#define SLO_STATS_H

#include <stddef.h>
#include <stdint.h>
#include "slo.h"

/* Standard normal: cdf, upper tail, and the quantile (inverse cdf). */
double slo_norm_cdf(double z);
double slo_norm_sf(double z);
double slo_norm_ppf(double p);

/* Wilson score interval for k successes in n trials at confidence conf. */
slo_status slo_wilson(uint64_t k, uint64_t n, double conf, double *lo, double *hi);

typedef enum slo_alt {
	SLO_ALT_TWO_SIDED = 0,
	SLO_ALT_LESS,    /* first sample lower / smaller proportion */
	SLO_ALT_GREATER  /* first sample higher / larger proportion */
} slo_alt;

/* Pooled two-proportion z-test of k1/n1 against k2/n2. */
slo_status slo_two_prop_z(uint64_t k1, uint64_t n1, uint64_t k2, uint64_t n2,
    slo_alt alt, double *z, double *p);

/* Fisher's exact test on the 2x2 table [[k1, n1-k1], [k2, n2-k2]]. */
slo_status slo_fisher_exact(uint64_t k1, uint64_t n1, uint64_t k2, uint64_t n2,
    slo_alt alt, double *p);

/*
 * Mann-Whitney U of x against y (U is x's statistic, as scipy reports it):
 * average ranks for ties, tie-corrected variance, continuity correction;
 * the exact null distribution when exact is requested or, for AUTO, when
 * there are no ties and either sample has at most 8 values (scipy 1.10's
 * rule; see stats.c for the work bound).  p-values follow
 * scipy.stats.mannwhitneyu.  NaN: SLO_EINVAL; an empty sample: SLO_EEMPTY.
 */
typedef struct slo_mwu {
	double u;        /* U of x */
	double z;        /* normal approximation, continuity corrected */
	double p;        /* p-value for alt */
	int exact;       /* p from the exact distribution */
} slo_mwu;
typedef enum slo_mwu_method { SLO_MWU_AUTO = 0, SLO_MWU_ASYMPTOTIC, SLO_MWU_EXACT } slo_mwu_method;
slo_status slo_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
    slo_alt alt, slo_mwu_method method, slo_mwu *out);

/*
 * Hodges-Lehmann shift: the median of all x_i - y_j (the mean of the two
 * middle ones for an even count), exact, without materialising the nx*ny
 * differences: O((nx + ny) log) time per step, O(nx + ny) memory.
 * Non-finite values: SLO_EINVAL.
 */
slo_status slo_hodges_lehmann(const double *x, size_t nx, const double *y,
    size_t ny, double *shift);

/* P(X <= k) for X ~ Binomial(n, p), exact to rounding for any n. */
slo_status slo_binom_cdf(uint64_t k, uint64_t n, double p, double *cdf);

/*
 * Score test (Farrington & Manning 1990) of H0: p1 = theta p0 + delta for
 * x1 of n1 against x0 of n0: ratio margin theta, difference margin delta
 * (theta 1 and delta 0: no margin).  z is negative when p1 is below the
 * line; p1t, p0t are the restricted maximum-likelihood estimates on it.
 * z is NaN when the variance there is 0 (no evidence either way).
 */
slo_status slo_noninf_score(uint64_t x1, uint64_t n1, uint64_t x0, uint64_t n0,
    double theta, double delta, double *z, double *p1t, double *p0t);

/*
 * Ranks (1-based) of the order statistics whose interval covers the
 * q-quantile with probability >= conf, exactly and distribution-free
 * (binomial ranks, each tail at most (1 - conf) / 2).  SLO_ERANGE when n
 * is too small for any pair.
 */
slo_status slo_quantile_ranks(uint64_t n, double q, double conf, uint64_t *lo,
    uint64_t *hi);

#endif
