/*
 * stats.c — the statistics promote-check decides with: the normal
 * distribution, Wilson intervals, the pooled two-proportion z-test,
 * Fisher's exact test, Mann-Whitney U and the Hodges-Lehmann shift.
 *
 * Conventions follow scipy 1.10 (scipy.stats.mannwhitneyu, fisher_exact)
 * so that a figure can be checked against it; where they differ it is said.
 * No function keeps state (no lgamma and its global signgam), so all are
 * safe to call from several threads.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "slo_math.h"

#define SQRT1_2 0.70710678118654752440

double
slo_norm_cdf(double z)
{
	return 0.5 * erfc(-z * SQRT1_2);
}

double
slo_norm_sf(double z)
{
	return 0.5 * erfc(z * SQRT1_2);
}

/*
 * Wichura's algorithm AS 241 (PPND16), Applied Statistics 37 (1988)
 * 477-484: about 1e-16 relative accuracy.  ppf(0) = -Inf, ppf(1) = +Inf,
 * NaN outside [0, 1].
 */
static double
as241(double p)
{
	double q, r, val;

	if (!(p >= 0 && p <= 1))
		return NAN;
	if (p == 0)
		return -HUGE_VAL;
	if (p == 1)
		return HUGE_VAL;
	q = p - 0.5;
	if (fabs(q) <= 0.425) {
		r = 0.180625 - q * q;
		return q * (((((((r * 2509.0809287301226727 +
		    33430.575583588128105) * r + 67265.770927008700853) * r +
		    45921.953931549871457) * r + 13731.693765509461125) * r +
		    1971.5909503065514427) * r + 133.14166789178437745) * r +
		    3.387132872796366608) /
		    (((((((r * 5226.495278852854561 +
		    28729.085735721942674) * r + 39307.89580009271061) * r +
		    21213.794301586595867) * r + 5394.1960214247511077) * r +
		    687.1870074920579083) * r + 42.313330701600911252) * r + 1);
	}
	r = q < 0 ? p : 1 - p;
	r = sqrt(-log(r));
	if (r <= 5) {
		r -= 1.6;
		val = (((((((r * 7.7454501427834140764e-4 +
		    0.0227238449892691845833) * r + 0.24178072517745061177) * r +
		    1.27045825245236838258) * r + 3.64784832476320460504) * r +
		    5.7694972214606914055) * r + 4.6303378461565452959) * r +
		    1.42343711074968357734) /
		    (((((((r * 1.05075007164441684324e-9 +
		    5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
		    0.14810397642748007459) * r + 0.68976733498510000455) * r +
		    1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
	} else {
		r -= 5;
		val = (((((((r * 2.01033439929228813265e-7 +
		    2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
		    0.026532189526576123093) * r + 0.29656057182850489123) * r +
		    1.7848265399172913358) * r + 5.4637849111641143699) * r +
		    6.6579046435011037772) /
		    (((((((r * 2.04426310338993978564e-15 +
		    1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
		    7.868691311456132591e-4) * r + 0.0148753612908506148525) * r +
		    0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
	}
	return q < 0 ? -val : val;
}

/*
 * AS 241 is good to about 1e-16 but its evaluation leaves an error of a few
 * ulps; one Newton step on the tail, sf(t) = r with erfc accurate to an ulp,
 * brings ppf(0.975) to scipy's 1.959963984540054.  Skipped in the far tail
 * (r < 1e-290), where exp(t^2 / 2) would overflow.
 */
double
slo_norm_ppf(double p)
{
	double x, t, r, lo, hi, e;

	x = as241(p);
	if (!isfinite(x) || x == 0)
		return x;
	r = p < 0.5 ? p : 1 - p;
	if (r < 1e-290)
		return x;
	t = fabs(x);
	t += (slo_norm_sf(t) - r) * 2.50662827463100050242 * exp(0.5 * t * t);
	/* the neighbour whose tail is nearest r, when that is clear */
	lo = nextafter(t, 0);
	hi = nextafter(t, HUGE_VAL);
	e = fabs(slo_norm_sf(t) - r);
	if (fabs(slo_norm_sf(lo) - r) < e)
		t = lo;
	else if (fabs(slo_norm_sf(hi) - r) < e)
		t = hi;
	return x < 0 ? -t : t;
}

/*
 * Wilson score interval (Wilson 1927; Newcombe 1998, method 3) for k
 * successes in n trials at two-sided confidence conf in (0, 1).  Exactly 0
 * and 1 at the edges.  SLO_EEMPTY when n is 0, SLO_EINVAL for k > n or a bad
 * conf.
 */
slo_status
slo_wilson(uint64_t k, uint64_t n, double conf, double *lo, double *hi)
{
	double z, z2, p, den, centre, half;

	if (!(conf > 0 && conf < 1) || k > n)
		return SLO_EINVAL;
	if (n == 0)
		return SLO_EEMPTY;
	z = -slo_norm_ppf((1 - conf) / 2);
	z2 = z * z;
	p = (double)k / (double)n;
	den = 1 + z2 / (double)n;
	centre = (p + z2 / (2 * (double)n)) / den;
	half = z * sqrt(p * (1 - p) / (double)n + z2 / (4 * (double)n *
	    (double)n)) / den;
	*lo = k == 0 ? 0 : fmax(0, centre - half);
	*hi = k == n ? 1 : fmin(1, centre + half);
	return SLO_OK;
}

static double
p_from_z(double z, slo_alt alt)
{
	switch (alt) {
	case SLO_ALT_LESS:
		return slo_norm_cdf(z);
	case SLO_ALT_GREATER:
		return slo_norm_sf(z);
	default:
		return fmin(1, 2 * slo_norm_sf(fabs(z)));
	}
}

/*
 * Pooled two-proportion z-test: z = (p1 - p2) / sqrt(p (1 - p) (1/n1 +
 * 1/n2)) with p = (k1 + k2) / (n1 + n2), as statsmodels' proportions_ztest.
 * When both proportions are 0 or both 1 there is no variance and no
 * evidence: z = 0, p = 1.
 */
slo_status
slo_two_prop_z(uint64_t k1, uint64_t n1, uint64_t k2, uint64_t n2,
    slo_alt alt, double *z, double *p)
{
	double p1, p2, pool, se;

	if (k1 > n1 || k2 > n2 || alt < SLO_ALT_TWO_SIDED ||
	    alt > SLO_ALT_GREATER)
		return SLO_EINVAL;
	if (n1 == 0 || n2 == 0)
		return SLO_EEMPTY;
	p1 = (double)k1 / (double)n1;
	p2 = (double)k2 / (double)n2;
	pool = ((double)k1 + (double)k2) / ((double)n1 + (double)n2);
	se = sqrt(pool * (1 - pool) * (1 / (double)n1 + 1 / (double)n2));
	if (!(se > 0)) {
		*z = 0;
		*p = 1;
		return SLO_OK;
	}
	*z = (p1 - p2) / se;
	*p = p_from_z(*z, alt);
	return SLO_OK;
}

/*
 * Fisher's exact test.  With the margins fixed, a = k1 is hypergeometric
 * (K = k1 + k2 draws from n1 + n2, n1 of them marked), over
 * [max(0, K - n2), min(n1, K)].  Probabilities are taken relative to the
 * one at the mode, by the ratio p(a+1)/p(a) = (n1-a)(K-a) /
 * ((a+1)(n2-K+a+1)), walking out from the mode (the distribution is
 * unimodal) until they fall below DBL_MIN: no factorials, no overflow, and
 * work bounded by the band within ~38 sd of the mode however large the
 * counts.  Tables beyond it weigh < 1e-308 of the mode and count as 0.
 * less: P(A <= a); greater: P(A >= a); two-sided: the total of every table
 * no more likely than the observed one, with a relative tolerance of 1e-7
 * as R's fisher.test (scipy 1.10 uses 1e-14; they agree unless two tables'
 * probabilities differ by less than 1e-7 relative).  A zero row or column
 * gives p = 1, as scipy.
 */
typedef struct hyper {
	uint64_t n1, n2, kk;     /* row totals, first column total */
	uint64_t amin, amax, k1; /* support of a, observed a */
	uint64_t mode;
} hyper;

/* p(a + 1) / p(a) */
static double
hyper_ratio(const hyper *h, uint64_t a)
{
	return ((double)(h->n1 - a) * (double)(h->kk - a)) /
	    ((double)(a + 1) * (double)(h->n2 - h->kk + a + 1));
}

enum { SEL_LE, SEL_GE, SEL_AT_MOST };

/*
 * Walks the support out from the mode, weights relative to the mode's,
 * until they fall below DBL_MIN; returns the total of the weights selected
 * by `what' (a <= k1, a >= k1, or weight <= cut), and the grand total and the
 * observed table's weight (0 if below DBL_MIN).
 */
static double
hyper_sum(const hyper *h, int what, double cut, double *total, double *wobs)
{
	double w, sel = 0, all = 0;
	uint64_t a;
	int dir;

	*wobs = 0;
	for (dir = 0; dir < 2; dir++) {
		a = h->mode;
		w = 1;
		if (dir == 1) {
			if (a == h->amin)
				break;
			w /= hyper_ratio(h, a - 1);
			a--;
		}
		while (w >= DBL_MIN) { /* below it, < 1e-308 of the mode */
			all += w;
			if (a == h->k1)
				*wobs = w;
			if ((what == SEL_LE && a <= h->k1) ||
			    (what == SEL_GE && a >= h->k1) ||
			    (what == SEL_AT_MOST && w <= cut))
				sel += w;
			if (dir == 0) {
				if (a == h->amax)
					break;
				w *= hyper_ratio(h, a);
				a++;
			} else {
				if (a == h->amin)
					break;
				w /= hyper_ratio(h, a - 1);
				a--;
			}
		}
	}
	*total = all;
	return sel;
}

slo_status
slo_fisher_exact(uint64_t k1, uint64_t n1, uint64_t k2, uint64_t n2,
    slo_alt alt, double *p)
{
	hyper h;
	double m, total, wobs, sel;

	if (k1 > n1 || k2 > n2 || alt < SLO_ALT_TWO_SIDED ||
	    alt > SLO_ALT_GREATER)
		return SLO_EINVAL;
	if (n1 > UINT64_MAX / 4 || n2 > UINT64_MAX / 4)
		return SLO_ERANGE;
	h.n1 = n1;
	h.n2 = n2;
	h.kk = k1 + k2;
	h.k1 = k1;
	if (n1 == 0 || n2 == 0 || h.kk == 0 || h.kk == n1 + n2) {
		*p = 1;
		return SLO_OK;
	}
	h.amin = h.kk > n2 ? h.kk - n2 : 0;
	h.amax = h.kk < n1 ? h.kk : n1;
	m = floor(((double)h.kk + 1) * ((double)n1 + 1) /
	    ((double)n1 + (double)n2 + 2));
	h.mode = m < (double)h.amin ? h.amin : m > (double)h.amax ? h.amax :
	    (uint64_t)m;
	switch (alt) {
	case SLO_ALT_LESS:
		sel = hyper_sum(&h, SEL_LE, 0, &total, &wobs);
		break;
	case SLO_ALT_GREATER:
		sel = hyper_sum(&h, SEL_GE, 0, &total, &wobs);
		break;
	default:
		(void)hyper_sum(&h, SEL_AT_MOST, -1, &total, &wobs);
		sel = hyper_sum(&h, SEL_AT_MOST, wobs * (1 + 1e-7), &total,
		    &wobs);
		break;
	}
	*p = fmin(1, sel / total);
	return SLO_OK;
}

/* ---- Mann-Whitney U ---- */

typedef struct tagged {
	double v;
	int from_x;
} tagged;

static int
cmp_tagged(const void *a, const void *b)
{
	double x = ((const tagged *)a)->v, y = ((const tagged *)b)->v;

	return (x > y) - (x < y);
}

/*
 * P(U <= kmax) under the null without ties, for sample sizes m and n.  The
 * counts of U are the coefficients of the Gaussian binomial
 * [m+n choose m]_q = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i), built one
 * factor at a time as power series truncated at kmax, and scaled by
 * i / (n + i) at each step so that they stay probabilities (no overflow).
 * O(m kmax) time, O(kmax) memory; the caller picks m = the smaller size.
 */
static slo_status
mwu_exact_cdf(size_t m, size_t n, uint64_t kmax, double *out)
{
	double *c, scale, sum = 0;
	uint64_t k, i;

	if ((c = calloc(kmax + 1, sizeof *c)) == NULL)
		return SLO_ENOMEM;
	c[0] = 1;
	for (i = 1; i <= m; i++) {
		if (n + i <= kmax)
			for (k = kmax; k >= n + i; k--)
				c[k] -= c[k - n - i];
		for (k = i; k <= kmax; k++)
			c[k] += c[k - i];
		scale = (double)i / (double)(n + i);
		for (k = 0; k <= kmax; k++)
			c[k] *= scale;
	}
	for (k = 0; k <= kmax; k++)
		sum += c[k];
	free(c);
	*out = fmin(1, fmax(0, sum));
	return SLO_OK;
}

/*
 * Bounds for the exact distribution: m * (k + 1) steps and k + 1 doubles
 * (128 MiB), k <= m n / 2 thanks to the symmetry.  With m <= 8 (AUTO) that
 * is exact up to n = 4 million.
 */
#define MWU_EXACT_WORK 2000000000.0
#define MWU_EXACT_TERMS 16777216.0

/*
 * Mann-Whitney U, as scipy.stats.mannwhitneyu(x, y, use_continuity=True,
 * alternative=..., method=...) of scipy 1.10:
 * - U is x's statistic: R1 - nx (nx + 1) / 2 with average ranks for ties.
 * - asymptotic: z = (U' - nx ny / 2 - 0.5) / s with U' = U for greater,
 *   ny nx - U for less, the larger of the two for two-sided (p doubled),
 *   s^2 = nx ny / 12 ((N + 1) - sum(t^3 - t) / (N (N - 1))); p = sf(z).
 *   When every value is tied (s = 0), p = 1.
 * - exact: p = P(U >= U') from the null distribution without ties (with
 *   ties, as scipy, at floor(U'): conservative).
 * - AUTO takes the exact distribution when there are no ties and
 *   min(nx, ny) <= 8 (scipy's _mwu_choose_method), unless it would pass
 *   the bounds above; then asymptotic.  EXACT past them is SLO_ELIMIT.
 * The reported z is x's: (U - nx ny / 2) moved 0.5 toward 0, over s (0
 * when U is the mean or s = 0).  NaN in x or y is SLO_EINVAL; an empty
 * sample SLO_EEMPTY.
 */
slo_status
slo_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
    slo_alt alt, slo_mwu_method method, slo_mwu *out)
{
	tagged *t;
	size_t i, j, nn = nx + ny;
	double r1 = 0, tie = 0, u1, u2, ustat, mu, s2, s, num, f;
	double cnt, rank;
	int ties = 0, exact;
	slo_status st = SLO_OK;

	if (alt < SLO_ALT_TWO_SIDED || alt > SLO_ALT_GREATER ||
	    method < SLO_MWU_AUTO || method > SLO_MWU_EXACT)
		return SLO_EINVAL;
	if (nx == 0 || ny == 0)
		return SLO_EEMPTY;
	for (i = 0; i < nx; i++)
		if (isnan(x[i]))
			return SLO_EINVAL;
	for (i = 0; i < ny; i++)
		if (isnan(y[i]))
			return SLO_EINVAL;
	if ((t = malloc(nn * sizeof *t)) == NULL)
		return SLO_ENOMEM;
	for (i = 0; i < nx; i++)
		t[i] = (tagged){ x[i], 1 };
	for (i = 0; i < ny; i++)
		t[nx + i] = (tagged){ y[i], 0 };
	qsort(t, nn, sizeof *t, cmp_tagged);
	for (i = 0; i < nn; i = j) {
		size_t inx = 0;

		for (j = i; j < nn && t[j].v == t[i].v; j++)
			inx += t[j].from_x;
		cnt = (double)(j - i);
		rank = ((double)i + 1 + (double)j) / 2;
		r1 += rank * (double)inx;
		if (j - i > 1) {
			ties = 1;
			tie += cnt * cnt * cnt - cnt;
		}
	}
	free(t);

	u1 = r1 - (double)nx * ((double)nx + 1) / 2;
	u2 = (double)nx * (double)ny - u1;
	mu = (double)nx * (double)ny / 2;
	ustat = alt == SLO_ALT_GREATER ? u1 : alt == SLO_ALT_LESS ? u2 :
	    fmax(u1, u2);
	f = alt == SLO_ALT_TWO_SIDED ? 2 : 1;
	s2 = (double)nx * (double)ny / 12 * (((double)nn + 1) -
	    tie / ((double)nn * ((double)nn - 1)));
	s = s2 > 0 ? sqrt(s2) : 0;

	out->u = u1;
	out->z = 0;
	if (s > 0 && u1 != mu)
		out->z = (u1 - mu - (u1 > mu ? 0.5 : -0.5)) / s;

	exact = 0;
	if (method == SLO_MWU_EXACT)
		exact = 1;
	else if (method == SLO_MWU_AUTO && !ties && (nx <= 8 || ny <= 8))
		exact = 1;
	if (exact) {
		size_t m = nx < ny ? nx : ny, n = nx < ny ? ny : nx;
		double mn = (double)m * (double)n, u = floor(ustat), k, c;
		int flip;

		/*
		 * P(U >= u) = P(U <= m n - u) by symmetry; past the middle,
		 * 1 - P(U <= u - 1) instead, so that k stays <= m n / 2.
		 */
		k = mn - u;
		flip = k > mn / 2;
		if (flip)
			k = u - 1;
		if (k < 0) {
			out->p = 1;
		} else if ((double)m * (k + 1) > MWU_EXACT_WORK ||
		    k + 1 > MWU_EXACT_TERMS) {
			if (method == SLO_MWU_EXACT)
				return SLO_ELIMIT;
			exact = 0;
		} else {
			if ((st = mwu_exact_cdf(m, n, (uint64_t)k, &c)) != SLO_OK)
				return st;
			out->p = fmin(1, f * (flip ? 1 - c : c));
		}
	}
	if (!exact) {
		num = ustat - mu - 0.5;
		if (s > 0)
			out->p = fmin(1, f * slo_norm_sf(num / s));
		else
			out->p = 1;
	}
	out->exact = exact;
	return SLO_OK;
}

/* ---- Hodges-Lehmann ---- */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int
cmp_double_desc(const void *a, const void *b)
{
	return cmp_double(b, a);
}

static uint64_t
mix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The k-th smallest (0-based) of v[0..n), by three-way quickselect. */
static double
quickselect(double *v, size_t n, size_t k, uint64_t *rng)
{
	size_t lo = 0, hi = n, lt, gt, i;
	double pv, tmp;

	for (;;) {
		if (hi - lo <= 1)
			return v[lo];
		pv = v[lo + mix64(rng) % (hi - lo)];
		/* [lo, lt) < pv, [lt, i) == pv, (gt, hi) > pv */
		lt = lo;
		i = lo;
		gt = hi;
		while (i < gt) {
			if (v[i] < pv) {
				tmp = v[i]; v[i] = v[lt]; v[lt] = tmp;
				lt++;
				i++;
			} else if (v[i] > pv) {
				gt--;
				tmp = v[i]; v[i] = v[gt]; v[gt] = tmp;
			} else {
				i++;
			}
		}
		if (k < lt)
			hi = lt;
		else if (k < gt)
			return pv;
		else
			lo = gt;
	}
}

typedef struct hl_work {
	const double *a;  /* x ascending */
	const double *b;  /* y descending: a[i] - b[j] grows with i and j */
	size_t n, m;
	size_t *lo, *hi;  /* candidate columns [lo[i], hi[i]) of each row */
	size_t *lt, *le;  /* per row: columns < pivot, <= pivot */
	double *buf;
	size_t bufcap;
	uint64_t rng;
} hl_work;

/*
 * Per row, how many differences are < p and <= p.  Rows grow with i, so
 * both counts only shrink as i grows: two pointers, O(n + m).
 */
static void
hl_count(hl_work *w, double p, uint64_t *nlt, uint64_t *nle)
{
	size_t i, jl = w->m, je = w->m;

	*nlt = *nle = 0;
	for (i = 0; i < w->n; i++) {
		while (jl > 0 && w->a[i] - w->b[jl - 1] >= p)
			jl--;
		while (je > 0 && w->a[i] - w->b[je - 1] > p)
			je--;
		w->lt[i] = jl;
		w->le[i] = je;
		*nlt += jl;
		*nle += je;
	}
}

/*
 * The k-th smallest (0-based) of all a[i] - b[j] without forming them:
 * pick a random remaining candidate as pivot, count around it, drop the
 * rows' parts that cannot hold the answer; once few candidates are left,
 * gather them and quickselect.  Expected O((n + m) log(n m)) time, O(n + m)
 * memory.  Floating-point subtraction is monotone, so the matrix of
 * computed differences is sorted exactly and the answer is exact.
 */
static double
hl_select(hl_work *w, uint64_t k)
{
	uint64_t cand, below, r, nlt, nle;
	size_t i, nb;
	double p;

	for (i = 0; i < w->n; i++) {
		w->lo[i] = 0;
		w->hi[i] = w->m;
	}
	for (;;) {
		cand = below = 0;
		for (i = 0; i < w->n; i++) {
			cand += w->hi[i] - w->lo[i];
			below += w->lo[i];
		}
		if (cand <= w->bufcap) {
			nb = 0;
			for (i = 0; i < w->n; i++) {
				size_t j;

				for (j = w->lo[i]; j < w->hi[i]; j++)
					w->buf[nb++] = w->a[i] - w->b[j];
			}
			return quickselect(w->buf, nb, (size_t)(k - below),
			    &w->rng);
		}
		r = mix64(&w->rng) % cand;
		for (i = 0; r >= w->hi[i] - w->lo[i]; i++)
			r -= w->hi[i] - w->lo[i];
		p = w->a[i] - w->b[w->lo[i] + r];
		hl_count(w, p, &nlt, &nle);
		if (k < nlt) {
			for (i = 0; i < w->n; i++)
				if (w->hi[i] > w->lt[i])
					w->hi[i] = w->lt[i];
		} else if (k < nle) {
			return p;
		} else {
			for (i = 0; i < w->n; i++)
				if (w->lo[i] < w->le[i])
					w->lo[i] = w->le[i];
		}
		/* keep lo <= hi where both were clamped */
		for (i = 0; i < w->n; i++)
			if (w->lo[i] > w->hi[i])
				w->lo[i] = w->hi[i];
	}
}

/*
 * Hodges-Lehmann shift: the median of the nx ny differences x_i - y_j
 * (for an even count, the mean of the two middle ones, as 0.5 a + 0.5 b).
 * Up to 65536 (or 2 (nx + ny)) differences are gathered and selected
 * directly; beyond that, hl_select narrows them first.  Values must be
 * finite (SLO_EINVAL); empty samples are SLO_EEMPTY.
 */
slo_status
slo_hodges_lehmann(const double *x, size_t nx, const double *y, size_t ny,
    double *shift)
{
	hl_work w;
	double *a = NULL, *b = NULL, lo, hi;
	uint64_t total;
	size_t i;
	slo_status st = SLO_ENOMEM;

	if (nx == 0 || ny == 0)
		return SLO_EEMPTY;
	for (i = 0; i < nx; i++)
		if (!isfinite(x[i]))
			return SLO_EINVAL;
	for (i = 0; i < ny; i++)
		if (!isfinite(y[i]))
			return SLO_EINVAL;
	if (nx > UINT64_MAX / ny)
		return SLO_ERANGE;
	total = (uint64_t)nx * ny;
	memset(&w, 0, sizeof w);
	w.n = nx;
	w.m = ny;
	w.bufcap = 2 * (nx + ny) > 65536 ? 2 * (nx + ny) : 65536;
	w.rng = 0x5107c0de;
	a = malloc(nx * sizeof *a);
	b = malloc(ny * sizeof *b);
	w.lo = malloc(nx * sizeof *w.lo);
	w.hi = malloc(nx * sizeof *w.hi);
	w.lt = malloc(nx * sizeof *w.lt);
	w.le = malloc(nx * sizeof *w.le);
	w.buf = malloc(w.bufcap * sizeof *w.buf);
	if (a == NULL || b == NULL || w.lo == NULL || w.hi == NULL ||
	    w.lt == NULL || w.le == NULL || w.buf == NULL)
		goto out;
	memcpy(a, x, nx * sizeof *a);
	memcpy(b, y, ny * sizeof *b);
	qsort(a, nx, sizeof *a, cmp_double);
	qsort(b, ny, sizeof *b, cmp_double_desc);
	w.a = a;
	w.b = b;
	if (total % 2 == 1) {
		*shift = hl_select(&w, total / 2);
	} else {
		lo = hl_select(&w, total / 2 - 1);
		hi = hl_select(&w, total / 2);
		*shift = 0.5 * lo + 0.5 * hi;
	}
	st = SLO_OK;
out:
	free(a);
	free(b);
	free(w.lo);
	free(w.hi);
	free(w.lt);
	free(w.le);
	free(w.buf);
	return st;
}

/* ---- binomial ---- */

/*
 * P(X <= k) for X ~ Binomial(n, p), by the walk of hyper_sum: weights
 * relative to the mode's, by the ratio w(a+1)/w(a) = (n - a) p /
 * ((a + 1) (1 - p)), out from the mode until they fall below DBL_MIN of
 * it.  No factorials, no lgamma; exact to rounding for any n, with work
 * bounded by the band of ~38 sd around the mode.
 */
slo_status
slo_binom_cdf(uint64_t k, uint64_t n, double p, double *cdf)
{
	double w, sel = 0, all = 0, r = p / (1 - p), m;
	uint64_t a, mode;
	int dir;

	if (!(p >= 0 && p <= 1))
		return SLO_EINVAL;
	if (k >= n || p == 0) {
		*cdf = 1;
		return SLO_OK;
	}
	if (p == 1) {
		*cdf = 0;
		return SLO_OK;
	}
	m = floor(((double)n + 1) * p);
	mode = m > (double)n ? n : (uint64_t)m;
	for (dir = 0; dir < 2; dir++) {
		a = mode;
		w = 1;
		if (dir == 1) {
			if (a == 0)
				break;
			a--;
			w = (double)(a + 1) / ((double)(n - a) * r);
		}
		while (w >= DBL_MIN) {
			all += w;
			if (a <= k)
				sel += w;
			if (dir == 0) {
				if (a == n)
					break;
				w *= (double)(n - a) * r / (double)(a + 1);
				a++;
			} else {
				if (a == 0)
					break;
				w *= (double)a / ((double)(n - a + 1) * r);
				a--;
			}
		}
	}
	*cdf = fmin(1, sel / all);
	return SLO_OK;
}

/* ---- non-inferiority of two proportions ---- */

/* x log p with 0 log 0 = 0: the log-likelihood's terms at the edges. */
static double
xdiv(double x, double p)
{
	return x == 0 ? 0 : x / p;
}

/*
 * d/dp0 of the log-likelihood on the boundary p1 = theta p0 + delta:
 * theta (x1 / p1 - (n1 - x1) / (1 - p1)) + x0 / p0 - (n0 - x0) / (1 - p0).
 * Strictly decreasing (the likelihood is concave along a line).
 */
static double
boundary_slope(double x1, double n1, double x0, double n0, double theta,
    double delta, double p0)
{
	double p1 = theta * p0 + delta;

	return theta * (xdiv(x1, p1) - xdiv(n1 - x1, 1 - p1)) +
	    xdiv(x0, p0) - xdiv(n0 - x0, 1 - p0);
}

/*
 * Score test of H0: p1 = theta p0 + delta (Farrington & Manning 1990,
 * Statistics in Medicine 9:1447-1454): the ratio test is delta = 0, the
 * difference test theta = 1; both margins together are the same test on
 * the line.  The restricted MLE p0~ maximises the binomial likelihood on
 * the line; the paper gives it in closed form for the two special cases,
 * here it is found by bisection on the slope (concave, so one root; 200
 * halvings reach the double next to it), which covers both at once.
 *   z = (x1/n1 - theta x0/n0 - delta) /
 *       sqrt(p1~ (1 - p1~) / n1 + theta^2 p0~ (1 - p0~) / n0)
 * Negative z: the first proportion is below the line.  SLO_EEMPTY for an
 * empty sample; a zero variance (no errors and delta 0) gives z = NaN:
 * no evidence either way.
 */
slo_status
slo_noninf_score(uint64_t x1, uint64_t n1, uint64_t x0, uint64_t n0,
    double theta, double delta, double *z, double *p1t, double *p0t)
{
	double a, b, mid, p0, p1, v, X1 = (double)x1, X0 = (double)x0;
	double N1 = (double)n1, N0 = (double)n0;
	int i;

	if (x1 > n1 || x0 > n0 || !(theta > 0) || !(delta >= 0 && delta < 1))
		return SLO_EINVAL;
	if (n1 == 0 || n0 == 0)
		return SLO_EEMPTY;
	/* p0 in [0, hi] keeps p1 = theta p0 + delta within [delta, 1] */
	a = 0;
	b = fmin(1, (1 - delta) / theta);
	if (boundary_slope(X1, N1, X0, N0, theta, delta, a) <= 0 && x0 == 0)
		p0 = 0;
	else if (boundary_slope(X1, N1, X0, N0, theta, delta, b) >= 0 &&
	    (x0 == n0 || theta * b + delta >= 1))
		p0 = b;
	else {
		for (i = 0; i < 200; i++) {
			mid = 0.5 * (a + b);
			if (mid <= a || mid >= b)
				break;
			if (boundary_slope(X1, N1, X0, N0, theta, delta, mid) > 0)
				a = mid;
			else
				b = mid;
		}
		p0 = 0.5 * (a + b);
	}
	p1 = fmin(1, theta * p0 + delta);
	v = p1 * (1 - p1) / N1 + theta * theta * p0 * (1 - p0) / N0;
	*p0t = p0;
	*p1t = p1;
	*z = v > 0 ? (X1 / N1 - theta * X0 / N0 - delta) / sqrt(v) : NAN;
	return SLO_OK;
}

/* ---- distribution-free quantile interval ---- */

/*
 * The order statistics X_(lo) <= X_(hi) (1-based) that cover the q-quantile
 * of a continuous distribution with probability >= conf, from n draws:
 * B, the number of draws below the quantile, is Binomial(n, q), and
 * P(X_(l) <= x_q <= X_(u)) = P(l <= B <= u - 1) (e.g. Conover, Practical
 * Nonparametric Statistics, 3rd ed., section 3.2).  Each tail gets at most
 * (1 - conf) / 2: lo is the largest l with P(B <= l - 1) <= (1 - conf) / 2,
 * hi the smallest u with P(B >= u) <= (1 - conf) / 2, both by bisection on
 * the exact cdf.  SLO_ERANGE when no rank pair reaches conf (too few
 * draws for that quantile: (1 - q)^n or q^n above the tail).
 */
slo_status
slo_quantile_ranks(uint64_t n, double q, double conf, uint64_t *lo,
    uint64_t *hi)
{
	double tail = (1 - conf) / 2, c;
	uint64_t a, b, m;

	if (!(q > 0 && q < 1) || !(conf > 0 && conf < 1))
		return SLO_EINVAL;
	if (n == 0)
		return SLO_EEMPTY;
	/* lower: F(l - 1) <= tail, F increasing; l = 1 needs F(0) <= tail */
	slo_binom_cdf(0, n, q, &c);
	if (c > tail)
		return SLO_ERANGE;
	a = 1;
	b = n; /* F(a - 1) <= tail holds; find the largest such a */
	while (a < b) {
		m = a + (b - a + 1) / 2;
		slo_binom_cdf(m - 1, n, q, &c);
		if (c <= tail)
			a = m;
		else
			b = m - 1;
	}
	*lo = a;
	/* upper: 1 - F(u - 1) <= tail; u = n needs 1 - F(n - 1) <= tail */
	slo_binom_cdf(n - 1, n, q, &c);
	if (1 - c > tail)
		return SLO_ERANGE;
	a = 1;
	b = n; /* smallest u with 1 - F(u - 1) <= tail; holds at b */
	while (a < b) {
		m = a + (b - a) / 2;
		slo_binom_cdf(m - 1, n, q, &c);
		if (1 - c <= tail)
			b = m;
		else
			a = m + 1;
	}
	*hi = a;
	return SLO_OK;
}

/* ---- the F and t distributions ---- */

/*
 * log Gamma(x) for x >= 0.5 by Lanczos' approximation (g = 7, 9 terms;
 * the coefficients of Godfrey's table, as in Numerical Recipes 3rd ed.
 * section 6.1 and Wikipedia's "Lanczos approximation"): relative error
 * about 1e-15.  Ours rather than lgamma(), which sets the global signgam.
 */
static double
log_gamma(double x)
{
	static const double c[9] = { 0.99999999999980993, 676.5203681218851,
	    -1259.1392167224028, 771.32342877765313, -176.61502916214059,
	    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
	    1.5056327351493116e-7 };
	double a = c[0], t;
	int i;

	x -= 1;
	for (i = 1; i < 9; i++)
		a += c[i] / (x + i);
	t = x + 7.5;
	return 0.91893853320467274178 + (x + 0.5) * log(t) - t + log(a);
}

/*
 * The continued fraction of I_x(a, b) (DLMF 8.17.22), by the modified
 * Lentz method; it converges fast for x < (a + 1) / (a + b + 2).
 */
static double
beta_cf(double a, double b, double x)
{
	double c = 1, d, f, num, delta;
	int m;

	d = 1 - (a + b) * x / (a + 1);
	if (fabs(d) < 1e-300)
		d = 1e-300;
	d = 1 / d;
	f = d;
	for (m = 1; m <= 10000; m++) {
		/* the even step d_2m, then the odd one d_2m+1 */
		num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		d = 1 + num * d;
		c = 1 + num / c;
		d = fabs(d) < 1e-300 ? 1e300 : 1 / d;
		if (fabs(c) < 1e-300)
			c = 1e-300;
		f *= d * c;
		num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
		d = 1 + num * d;
		c = 1 + num / c;
		d = fabs(d) < 1e-300 ? 1e300 : 1 / d;
		if (fabs(c) < 1e-300)
			c = 1e-300;
		delta = d * c;
		f *= delta;
		if (fabs(delta - 1) < 1e-16)
			break;
	}
	return f;
}

/*
 * The regularized incomplete beta function I_x(a, b), a, b >= 0.5:
 * x^a (1 - x)^b / (a B(a, b)) times the continued fraction, on the side
 * of the mean where it converges, else 1 - I_{1-x}(b, a).
 */
static double
beta_inc(double a, double b, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(a * log(x) + b * log1p(-x) - (log_gamma(a) +
	    log_gamma(b) - log_gamma(a + b)));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_cf(a, b, x) / a;
	return 1 - front * beta_cf(b, a, 1 - x) / b;
}

/*
 * P(F > f) for F ~ F(d1, d2): I_{d2 / (d2 + d1 f)}(d2 / 2, d1 / 2)
 * (Abramowitz and Stegun 26.6.2).  1 for f <= 0, 0 for f = +Inf; NaN
 * for degrees of freedom below 1 or a NaN f.
 */
double
slo_f_sf(double f, double d1, double d2)
{
	if (!(d1 >= 1 && d2 >= 1) || isnan(f))
		return NAN;
	if (f <= 0)
		return 1;
	if (isinf(f))
		return 0;
	return beta_inc(d2 / 2, d1 / 2, d2 / (d2 + d1 * f));
}

/*
 * Student's t quantile: the t with P(T <= t) = p for df degrees of
 * freedom, by bisection on P(|T| > t) = I_{df / (df + t^2)}(df / 2, 1 / 2)
 * (A&S 26.7.1) to the double.  NaN outside (0, 1) or for df < 1.
 */
double
slo_t_ppf(double p, double df)
{
	double q, lo = 0, hi = 1, mid;
	int i;

	if (!(p > 0 && p < 1) || !(df >= 1))
		return NAN;
	if (p == 0.5)
		return 0;
	q = 2 * (p < 0.5 ? p : 1 - p); /* the two-sided tail wanted */
	while (beta_inc(df / 2, 0.5, df / (df + hi * hi)) > q && hi < 1e300)
		hi *= 2;
	for (i = 0; i < 2000; i++) {
		mid = 0.5 * (lo + hi);
		if (mid <= lo || mid >= hi)
			break;
		if (beta_inc(df / 2, 0.5, df / (df + mid * mid)) > q)
			lo = mid;
		else
			hi = mid;
	}
	mid = 0.5 * (lo + hi);
	return p < 0.5 ? -mid : mid;
}

/* ---- Brown-Forsythe (Levene's test about the median) ---- */

/* The median of v[0 .. n), n > 0, sorted in place (np.median's). */
static double
median_sorted(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : 0.5 * v[n / 2 - 1] + 0.5 * v[n / 2];
}

/*
 * Levene's test with the group medians as centres (Brown and Forsythe
 * 1974), as scipy.stats.levene(..., center='median'): z_ij = |x_ij -
 * median_i|, and W the one-way ANOVA F of the z:
 *   W = (N - k) / (k - 1) * sum n_i (zbar_i - zbar)^2 /
 *       sum_ij (z_ij - zbar_i)^2,
 * p = P(F(k - 1, N - k) > W).  zbar (may be NULL) receives the k group
 * means of z, the mean absolute deviations from the median.  No spread
 * within any group: W = 0, p = 1 when the zbar_i are equal too, else
 * W = +Inf, p = 0.  SLO_EEMPTY for k < 2, an empty group or N <= k;
 * SLO_EINVAL for a NaN.
 */
slo_status
slo_brown_forsythe(const double *const *x, const size_t *n, size_t k,
    double *w, double *p, double *zbar)
{
	double *z, *zb, all = 0, between = 0, within = 0, med;
	size_t i, j, nn = 0, off;

	if (k < 2)
		return SLO_EEMPTY;
	for (i = 0; i < k; i++) {
		if (n[i] == 0)
			return SLO_EEMPTY;
		for (j = 0; j < n[i]; j++)
			if (isnan(x[i][j]))
				return SLO_EINVAL;
		nn += n[i];
	}
	if (nn <= k)
		return SLO_EEMPTY;
	if ((z = malloc(nn * sizeof *z)) == NULL)
		return SLO_ENOMEM;
	if ((zb = malloc(k * sizeof *zb)) == NULL) {
		free(z);
		return SLO_ENOMEM;
	}
	for (i = 0, off = 0; i < k; off += n[i++]) {
		memcpy(z + off, x[i], n[i] * sizeof *z);
		med = median_sorted(z + off, n[i]);
		zb[i] = 0;
		for (j = 0; j < n[i]; j++) {
			z[off + j] = fabs(z[off + j] - med);
			zb[i] += z[off + j];
		}
		all += zb[i];
		zb[i] /= (double)n[i];
	}
	all /= (double)nn;
	for (i = 0, off = 0; i < k; off += n[i++]) {
		between += (double)n[i] * (zb[i] - all) * (zb[i] - all);
		for (j = 0; j < n[i]; j++)
			within += (z[off + j] - zb[i]) * (z[off + j] - zb[i]);
	}
	if (within > 0) {
		*w = ((double)(nn - k) / (double)(k - 1)) * between / within;
		*p = slo_f_sf(*w, (double)(k - 1), (double)(nn - k));
	} else if (between > 0) {
		*w = INFINITY;
		*p = 0;
	} else {
		*w = 0;
		*p = 1;
	}
	if (zbar != NULL)
		memcpy(zbar, zb, k * sizeof *zb);
	free(z);
	free(zb);
	return SLO_OK;
}
