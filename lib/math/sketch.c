/*
 * sketch.c — DDSketch-style quantile sketch (Masson, Rim, Lee, VLDB 2019).
 *
 * A positive value v falls in bucket i = ceil(log(v) / log(gamma)), which
 * covers (gamma^(i-1), gamma^i]; the bucket's estimate 2 gamma^i / (gamma+1)
 * is within alpha of every value in it.  Buckets are a dense array of counts
 * over a contiguous index range, grown on demand: the range, not the number
 * of values, sets the memory (about 8 bytes per factor gamma between the
 * smallest and largest value seen: 1e-3 .. 3.6e6 at alpha 0.01 is 1.1k
 * buckets, 9 KiB).
 *
 * Values below SKETCH_MIN_VALUE (1e-9), zero included, are counted in the
 * zero bucket and estimated as 0 (clamped to the exact minimum): below a
 * nanosecond of a millisecond nothing is worth a bucket, and the bound keeps
 * the index range finite.  Min and max are exact.
 *
 * Sum: kept exactly as whole units plus a fraction in quanta of 1e-9 (a
 * picosecond when values are milliseconds), each value rounded to the
 * nearest quantum: exact for every source's resolution (ms, us, ns), and
 * for any values a mean over a merged rollup is within 5e-10 units of the
 * mean of the values, 1e-9 relative once the mean is past half a
 * microsecond.  (A finer quantum would keep the binary noise of decimal
 * latencies, 16.809 being 16.80899999999999894..., and write it.)  Integer
 * addition is associative, so merging in any order or grouping gives the
 * same sum.  The JSON form writes "sum" as a number and, when that number
 * does not carry the sum exactly in thousandths (the form of older
 * rollups, still read), the exact decimal as the string "sum_exact".
 * Past 2^62 units the sum saturates: slo_sketch_sum() returns +Inf and
 * the JSON says null.  Saturating addition is still associative.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "slo_math.h"
#include "slo_sketch_frozen.h"
#include "slo_sketch_json.h"

#define SKETCH_MIN_VALUE 1e-9
#define SUM_FRAC 1000000000ull          /* quanta of the fraction: 1e9 */
#define SUM_MILLI 1000000ull            /* quanta of a thousandth */
#define SUM_DIGITS 9                    /* decimals of a quantum */
#define SUM_CAP ((uint64_t)1 << 62)     /* whole units */
#define SUM_SAT UINT64_MAX              /* in sum.whole */
#define SUM_OLD_CAP ((uint64_t)1 << 52) /* thousandths a double holds */
#define COUNT_MAX ((uint64_t)INT64_MAX) /* JSON integers are signed 64-bit */
#define GROW_SLACK 32

/* whole + frac / SUM_FRAC, frac < SUM_FRAC; whole SUM_SAT once saturated */
struct sum {
	uint64_t whole;
	uint64_t frac;
};

struct slo_sketch {
	double alpha;
	double gamma;
	double lg;      /* log(gamma) */
	double lg_inv;  /* 1 / log(gamma) */
	int32_t idx_min; /* bucket of SKETCH_MIN_VALUE */
	int32_t idx_max; /* bucket of DBL_MAX */
	uint64_t count;
	uint64_t zero;
	struct sum sum;
	double min;
	double max;
	int32_t lo;      /* index of bins[0] */
	uint32_t nbins;  /* allocated length of bins */
	uint64_t *bins;
	/* the first and last bins in use (indexes; used_lo > used_hi: none),
	 * kept by every add: freezing starts there, not at the array's ends */
	int32_t used_lo, used_hi;
};

static inline void
none_used(slo_sketch *s)
{
	s->used_lo = INT32_MAX;
	s->used_hi = INT32_MIN;
}

/* Bins first .. last, both now in use, were added to. */
static inline void
note_used(slo_sketch *s, int32_t first, int32_t last)
{
	if (first < s->used_lo)
		s->used_lo = first;
	if (last > s->used_hi)
		s->used_hi = last;
}

/*
 * The bins in use: *first (into bins) and *span (0: none).  From
 * used_lo and used_hi; looked for when they do not name two bins in use
 * (none is, as in a sketch of zeros alone), eight at a time while empty.
 */
static void
bins_in_use(const slo_sketch *s, uint32_t *first, uint64_t *span)
{
	const uint64_t *b = s->bins;
	int64_t f = (int64_t)s->used_lo - s->lo, l = (int64_t)s->used_hi - s->lo;
	uint32_t j = 0, k = s->nbins;

	if (s->used_lo <= s->used_hi && f >= 0 && l < (int64_t)s->nbins &&
	    b[f] != 0 && b[l] != 0) {
		*first = (uint32_t)f;
		*span = (uint64_t)(l - f + 1);
		return;
	}
	*span = 0;
	while (j + 8 <= k && (b[j] | b[j + 1] | b[j + 2] | b[j + 3] |
	    b[j + 4] | b[j + 5] | b[j + 6] | b[j + 7]) == 0)
		j += 8;
	while (j < k && b[j] == 0)
		j++;
	*first = j;
	if (j == k)
		return;
	while (k - j >= 8 && (b[k - 1] | b[k - 2] | b[k - 3] | b[k - 4] |
	    b[k - 5] | b[k - 6] | b[k - 7] | b[k - 8]) == 0)
		k -= 8;
	while (b[k - 1] == 0)
		k--;
	*span = k - j;
}

static inline int32_t
bucket_of(const slo_sketch *s, double v)
{
	return (int32_t)ceil(log(v) * s->lg_inv);
}

static double
bucket_value(const slo_sketch *s, int32_t i)
{
	return 2.0 * exp((double)i * s->lg) / (s->gamma + 1.0);
}

static struct sum
sum_add(struct sum a, struct sum b)
{
	struct sum r = { SUM_SAT, 0 };

	if (a.whole == SUM_SAT || b.whole == SUM_SAT)
		return r;
	r.whole = a.whole + b.whole;
	r.frac = a.frac + b.frac;
	if (r.frac >= SUM_FRAC) {
		r.frac -= SUM_FRAC;
		r.whole++;
	}
	if (r.whole > SUM_CAP)
		r.whole = SUM_SAT, r.frac = 0;
	return r;
}

/*
 * v (finite, >= 0) in quanta: its whole part exactly, its fraction (exact
 * too, v - floor(v)) times 1e9 rounded to the nearest quantum.
 */
static struct sum
sum_of(double v)
{
	struct sum r = { SUM_SAT, 0 };
	double ip = floor(v);

	if (ip > (double)SUM_CAP)
		return r;
	r.whole = (uint64_t)ip;
	r.frac = (uint64_t)floor((v - ip) * (double)SUM_FRAC + 0.5);
	if (r.frac >= SUM_FRAC) {
		r.frac -= SUM_FRAC;
		r.whole++;
	}
	return r;
}

/* x * n by doubling: exact, saturating, O(log n) additions. */
static struct sum
sum_times(struct sum x, uint64_t n)
{
	struct sum r = { 0, 0 };

	for (; n != 0 && r.whole != SUM_SAT; n >>= 1) {
		if (n & 1)
			r = sum_add(r, x);
		if (n > 1)
			x = sum_add(x, x);
	}
	return r;
}

/* The sum in thousandths when that is exact and a double holds it. */
static int
sum_milli(struct sum s, uint64_t *k)
{
	if (s.whole == SUM_SAT || s.frac % SUM_MILLI != 0 ||
	    s.whole > SUM_OLD_CAP / 1000)
		return 0;
	*k = s.whole * 1000 + s.frac / SUM_MILLI;
	return *k <= SUM_OLD_CAP;
}

/*
 * The least alpha: below about 3.3e-7 the buckets of SKETCH_MIN_VALUE
 * and of DBL_MAX lie past +-2^30, and their indexes, with room for
 * their differences, no longer fit the int32_t they are kept in.
 */
#define SKETCH_ALPHA_MIN 1e-6

slo_sketch *
slo_sketch_new(double alpha)
{
	slo_sketch *s;

	if (!(alpha >= SKETCH_ALPHA_MIN && alpha < 0.5))
		return NULL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->alpha = alpha;
	s->gamma = (1 + alpha) / (1 - alpha);
	s->lg = log(s->gamma);
	s->lg_inv = 1.0 / s->lg;
	s->idx_min = bucket_of(s, SKETCH_MIN_VALUE);
	s->idx_max = bucket_of(s, DBL_MAX);
	s->min = NAN;
	s->max = NAN;
	none_used(s);
	return s;
}

void
slo_sketch_free(slo_sketch *s)
{
	if (s == NULL)
		return;
	free(s->bins);
	free(s);
}

slo_sketch *
slo_sketch_clone(const slo_sketch *s)
{
	slo_sketch *c;

	if (s == NULL || (c = malloc(sizeof *c)) == NULL)
		return NULL;
	*c = *s;
	c->bins = NULL;
	if (s->nbins > 0) {
		if ((c->bins = malloc(s->nbins * sizeof *c->bins)) == NULL) {
			free(c);
			return NULL;
		}
		memcpy(c->bins, s->bins, s->nbins * sizeof *c->bins);
	}
	return c;
}

void
slo_sketch_clear(slo_sketch *s)
{
	if (s == NULL)
		return;
	s->count = s->zero = 0;
	s->sum.whole = s->sum.frac = 0;
	s->min = s->max = NAN;
	none_used(s);
	if (s->nbins > 0)
		memset(s->bins, 0, s->nbins * sizeof *s->bins);
}

/*
 * Give back the slack of the bins array: trim it to the first and last
 * bins in use.  The window's per-bucket sketches are shrunk once their
 * bucket is behind the head, where most stop growing, since the slack
 * that makes growth cheap would otherwise be most of their memory.
 */
void
slo_sketch_shrink(slo_sketch *s)
{
	uint32_t first = 0, last, n;
	uint64_t *nb;

	if (s == NULL || s->nbins == 0)
		return;
	while (first < s->nbins && s->bins[first] == 0)
		first++;
	if (first == s->nbins) {
		free(s->bins);
		s->bins = NULL;
		s->nbins = 0;
		return;
	}
	for (last = s->nbins - 1; s->bins[last] == 0; last--)
		;
	n = last - first + 1;
	if (n == s->nbins || (nb = malloc(n * sizeof *nb)) == NULL)
		return; /* nothing to give back, or keep the slack */
	memcpy(nb, s->bins + first, n * sizeof *nb);
	free(s->bins);
	s->bins = nb;
	s->lo += (int32_t)first;
	s->nbins = n;
}

double
slo_sketch_alpha(const slo_sketch *s)
{
	return s->alpha;
}

/* Makes bins cover [first, last], with some slack on the side that grew. */
static slo_status
cover(slo_sketch *s, int32_t first, int32_t last)
{
	int64_t lo, hi, olo, ohi;
	uint64_t *nb;
	size_t n;

	if (s->nbins > 0) {
		olo = s->lo;
		ohi = (int64_t)s->lo + s->nbins - 1;
		if (first >= olo && last <= ohi)
			return SLO_OK;
		if (s->count == 0 && (int64_t)last - first < (int64_t)s->nbins) {
			/*
			 * Empty, so its bins are all zero (a frozen bucket's,
			 * wiped for the next): moved, centred on the range, not
			 * made anew.  They fit within idx_min .. idx_max, as
			 * they were made there.
			 */
			lo = first - ((int64_t)s->nbins - ((int64_t)last - first + 1)) / 2;
			if (lo < s->idx_min)
				lo = s->idx_min;
			if (lo + s->nbins - 1 > s->idx_max)
				lo = s->idx_max - (int64_t)s->nbins + 1;
			s->lo = (int32_t)lo;
			return SLO_OK;
		}
		lo = first < olo ? first - (GROW_SLACK + (ohi - olo) / 4) : olo;
		hi = last > ohi ? last + (GROW_SLACK + (ohi - olo) / 4) : ohi;
	} else {
		/*
		 * A first allocation wide enough for a factor of 3.6 either
		 * way at alpha 0.01: a bucket's latencies mostly fall within
		 * it, where a narrower one was regrown, reallocated and
		 * copied, about twice per sketch (the window shrinks each
		 * sketch to its bins in use once its bucket is left).
		 */
		olo = ohi = 0;
		lo = first - 2 * GROW_SLACK;
		hi = last + 2 * GROW_SLACK;
	}
	if (lo < s->idx_min)
		lo = s->idx_min;
	if (hi > s->idx_max)
		hi = s->idx_max;
	n = (size_t)(hi - lo + 1);
	if ((nb = calloc(n, sizeof *nb)) == NULL)
		return SLO_ENOMEM;
	if (s->nbins > 0)
		memcpy(nb + (olo - lo), s->bins, s->nbins * sizeof *nb);
	free(s->bins);
	s->bins = nb;
	s->lo = (int32_t)lo;
	s->nbins = (uint32_t)n;
	return SLO_OK;
}

slo_status
slo_sketch_add_n(slo_sketch *s, double v, uint64_t n)
{
	int32_t i;

	if (!(v >= 0) || v > DBL_MAX)
		return SLO_EINVAL;
	if (n == 0)
		return SLO_OK;
	if (n > COUNT_MAX - s->count)
		return SLO_ERANGE;
	if (v == 0)
		v = 0; /* -0 too: min prints and reads back as 0 */
	if (v < SKETCH_MIN_VALUE) {
		s->zero += n;
	} else {
		i = bucket_of(s, v);
		if (i < s->lo || i - s->lo >= (int64_t)s->nbins) {
			if (cover(s, i, i) != SLO_OK)
				return SLO_ENOMEM;
		}
		s->bins[i - s->lo] += n;
		note_used(s, i, i);
	}
	/* sum_times(x, 1) is sum_add(0, x): spare the loop for one value */
	s->sum = sum_add(s->sum, n == 1 ? sum_add((struct sum){ 0, 0 },
	    sum_of(v)) : sum_times(sum_of(v), n));
	if (s->count == 0) {
		s->min = s->max = v;
	} else {
		if (v < s->min)
			s->min = v;
		if (v > s->max)
			s->max = v;
	}
	s->count += n;
	return SLO_OK;
}

slo_status
slo_sketch_add(slo_sketch *s, double v)
{
	return slo_sketch_add_n(s, v, 1);
}

/* What a merge adds besides the bins: zeros, sum, extremes and count of
 * another sketch's values (one place for slo_sketch_merge and the
 * readers that add a sketch's bins straight in). */
static void
merge_totals(slo_sketch *dst, uint64_t zero, struct sum sum, double min,
    double max, uint64_t count)
{
	dst->zero += zero;
	dst->sum = sum_add(dst->sum, sum);
	if (dst->count == 0) {
		dst->min = min;
		dst->max = max;
	} else {
		if (min < dst->min)
			dst->min = min;
		if (max > dst->max)
			dst->max = max;
	}
	dst->count += count;
}

slo_status
slo_sketch_merge(slo_sketch *dst, const slo_sketch *src)
{
	int32_t first, last;
	uint32_t j, k;
	uint64_t span;
	slo_status st;

	if (dst->alpha != src->alpha)
		return SLO_EMISMATCH;
	if (src->count == 0)
		return SLO_OK;
	if (src->count > COUNT_MAX - dst->count)
		return SLO_ERANGE;
	if (dst == src) {
		slo_sketch *copy = slo_sketch_clone(src);

		if (copy == NULL)
			return SLO_ENOMEM;
		st = slo_sketch_merge(dst, copy);
		slo_sketch_free(copy);
		return st;
	}
	bins_in_use(src, &j, &span);
	if (span > 0) {
		uint64_t *d;

		first = src->lo + (int32_t)j;
		last = first + (int32_t)(span - 1);
		if ((st = cover(dst, first, last)) != SLO_OK)
			return st;
		d = dst->bins + (first - dst->lo);
		for (k = j + (uint32_t)span; j < k; j++)
			*d++ += src->bins[j];
		note_used(dst, first, last);
	}
	merge_totals(dst, src->zero, src->sum, src->min, src->max, src->count);
	return SLO_OK;
}

/*
 * Nearest rank: the ceil(q n)-th smallest value, rank clamped to [1, n].  A
 * product q n within rounding of an integer is taken as that integer, so
 * that q = 0.07, n = 100 asks for rank 7, not 8.  Ranks 1 and n report the
 * exact min and max; others the bucket estimate, clamped to [min, max]
 * (which only moves it closer to the true value).
 */
slo_status
slo_sketch_quantile(const slo_sketch *s, double q, double *out)
{
	double r, ri, est;
	uint64_t rank, cum;
	uint32_t j;

	if (!(q >= 0 && q <= 1))
		return SLO_EINVAL;
	if (s->count == 0)
		return SLO_EEMPTY;
	r = q * (double)s->count;
	ri = floor(r + 0.5);
	if (fabs(r - ri) <= 4 * DBL_EPSILON * r)
		r = ri;
	r = ceil(r);
	rank = r < 1 ? 1 : r >= (double)s->count ? s->count : (uint64_t)r;
	if (rank == 1) {
		*out = s->min;
		return SLO_OK;
	}
	if (rank == s->count) {
		*out = s->max;
		return SLO_OK;
	}
	cum = s->zero;
	est = 0;
	if (cum < rank) {
		for (j = 0; j < s->nbins; j++) {
			cum += s->bins[j];
			if (cum >= rank)
				break;
		}
		est = bucket_value(s, s->lo + (int32_t)j);
	}
	if (est < s->min)
		est = s->min;
	if (est > s->max)
		est = s->max;
	*out = est;
	return SLO_OK;
}

uint64_t
slo_sketch_count(const slo_sketch *s)
{
	return s->count;
}

double
slo_sketch_min(const slo_sketch *s)
{
	return s->count ? s->min : NAN;
}

double
slo_sketch_max(const slo_sketch *s)
{
	return s->count ? s->max : NAN;
}

double
slo_sketch_sum(const slo_sketch *s)
{
	uint64_t k;

	if (s->sum.whole == SUM_SAT)
		return HUGE_VAL;
	/* as older versions computed it, so that their "sum" reads back */
	if (sum_milli(s->sum, &k))
		return (double)k / 1000;
	return (double)s->sum.whole + (double)s->sum.frac / (double)SUM_FRAC;
}

size_t
slo_sketch_bytes(const slo_sketch *s)
{
	return sizeof *s + (size_t)s->nbins * sizeof *s->bins;
}

/*
 * The frozen form (slo_sketch_frozen.h): one allocation of bytes,
 *     count, zero, sum.whole, sum.frac   LEB128 (7 bits a byte, low first)
 *     min, max                           the doubles' 8 bytes
 *     lo                                 zigzag LEB128: the first bin in use
 *     span                               LEB128: buckets lo .. lo + span - 1
 *     the span's bins in groups of 8 (the last of span % 8 when that is
 *     not 0), each a class k and then a field of WIDTH[k] bits a bin,
 *     in whole bytes, the lowest first (8 bins of w bits take w bytes),
 *     bin j at bit w j, the first bin lowest, except in whole groups of
 *     4 and 2 bits: of 4, byte j holds bins j (low half) and j + 4 (high
 *     half); of 2, the first byte holds bins 0 2 4 6 and the second
 *     bins 1 3 5 7, each in that order from bit 0:
 *         k        0  1  2  3  4  5   6   7   8          9 .. 15
 *         WIDTH    0  1  2  3  4  8  16  64   a run      one value in
 *                                             of empty   bin k - 9,
 *                                             groups     no field
 *       the smallest class whose width holds the group's largest count
 *       (a lone empty group is class 0); 8: a run of N + 2 empty whole
 *       groups, N the next byte; 9 .. 15: a whole group of a single
 *       value, in one of its first 7 bins (a lone latency in the sparse
 *       ends of a bucket's range).  Classes are 4 bits, two to a byte,
 *       the first low: a class byte comes before the group (or run) of
 *       its low class, and the one of its high class follows.
 * A minute's latencies fill bins of a few values in the middle (a group
 * of counts below 16, 4 bits a bin) and bins of 0 .. 3 toward the ends
 * (1 or 2 bits a bin), where a group without values takes half a byte:
 * about 0.4 byte a bin of the span where dense bins take 8, and the
 * header about 30 where the struct and its allocations take about 150.
 *
 * Every group is written and read in one step, without a test a bin:
 * its largest count is the OR of its counts (they have the same bit
 * length), and its counts, as the 8 bytes of a word X, are folded into
 * its field: the 4-bit layout is X's halves ORed (X | X >> 28), the
 * 2-bit one that word's halves ORed again, and 1 bit the same once more
 * (which is the plain order); unfolding takes the same shifts to the
 * left and a mask each, where the plain order took three steps of a
 * shift and a mask for every width (3 bits still do).  Window reads
 * decode every bucket, and freezing is on every bucket's way out; SSE2
 * makes X from the 8 counts in four instructions.  The form before,
 * of 4-bit tokens (a bin of 1 .. 8 values, a run of 1 .. 4 empty bins,
 * longer ones escaped) and stretches of a nibble a bin, took a test or
 * two a bin and was larger: the 21,585 buckets of a day of 10^7 events
 * rolled up at 1m took 1,656,709 bytes of bins as tokens, 1,465,858 as
 * groups; of 10^6 raw events 754,583 and 568,526; of 10^5, 138,814 and
 * 129,890.  Sparse bins over a wide range take more than tokens did (a
 * byte and a half a run of up to 2,056 empty bins, a lone empty group
 * half a byte: 1e-9 and DBL_MAX alone take 63 bytes, 39 as tokens),
 * which only a sketch of values spread over many orders of magnitude
 * has.
 */
#define FROZEN_HEAD_MAX (4 * 10 + 2 * 8 + 5 + 5)
#define PACK_SLACK 3      /* bytes a group's 4-byte store may pass its end */
#define GROUP 8           /* bins a group */
#define CLASS_RUN 8       /* a run of empty groups: a byte, the run less 2 */
#define CLASS_ONE 9       /* 9 .. 15: one value, in bin k - 9, no field */
#define RUN_MIN 2
#define RUN_MAX (RUN_MIN + 255)

static const unsigned char WIDTH[16] = { 0, 1, 2, 3, 4, 8, 16, 64 };

/* SSE2 (every x86-64) packs and reads a group's counts 2 to 8 at a time;
 * SLO_FROZEN_PORTABLE builds the portable code alone (test_freeze2). */
#if defined(__SSE2__) && !defined(SLO_FROZEN_PORTABLE)
#include <emmintrin.h>
#define FROZEN_SSE2 1
#endif

static unsigned char *
leb_put(unsigned char *p, uint64_t x)
{
	while (x >= 0x80) {
		*p++ = (unsigned char)(x | 0x80);
		x >>= 7;
	}
	*p++ = (unsigned char)x;
	return p;
}

static const unsigned char *
leb_get(const unsigned char *p, uint64_t *x)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (*p >= 0x80) {
		v |= (uint64_t)(*p++ & 0x7f) << shift;
		shift += 7;
	}
	*x = v | (uint64_t)*p++ << shift;
	return p;
}

/* Zigzag: 0, -1, 1, -2, ... as 0, 1, 2, 3, ...: the indexes of values
 * under 1 are negative, and stay short in LEB128 so. */
static uint64_t
zigzag(int64_t v)
{
	return v < 0 ? (uint64_t)-(v + 1) << 1 | 1 : (uint64_t)v << 1;
}

static int64_t
unzigzag(uint64_t z)
{
	return z & 1 ? -(int64_t)(z >> 1) - 1 : (int64_t)(z >> 1);
}

/* The class of a group whose counts OR to m: the bit length of m up to
 * 4, then 5 (8 bits), 6 (16) or 7 (64). */
static inline unsigned
class_of(uint64_t m)
{
	static const unsigned char small[16] = {
		0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4
	};

	if (m < 16)
		return small[m];
	return m < 256 ? 5 : m < 65536 ? 6 : 7;
}

/* The bytes of the fields of m bins of width w. */
static inline size_t
field_bytes(size_t m, unsigned w)
{
	return (m * w + 7) / 8;
}

/*
 * The most bytes pack_bins() writes for n bins holding count values in
 * all (none of them more than count): a class nibble a group, a byte
 * for each run (one for two groups at most), and fields as wide as
 * count's class a bin, a byte more for the last group.
 */
static size_t
pack_bound(size_t n, uint64_t count)
{
	size_t groups = (n + GROUP - 1) / GROUP;

	return (groups + 1) / 2 + groups / 2 + field_bytes(n,
	    WIDTH[class_of(count)]) + 1;
}

/* The low n bytes of x to p, the lowest first; where they end. */
static inline unsigned char *
bytes_put(unsigned char *p, uint64_t x, size_t n)
{
	for (size_t i = 0; i < n; i++, x >>= 8)
		*p++ = (unsigned char)x;
	return p;
}

/* The fields of the m bins at c, of class k, any width and any m, at
 * p; where they end.  The rare groups, and the last of a span (out of
 * line: the writer's state stays in registers in pack_bins()). */
static unsigned char *
put_fields_slow(unsigned char *p, const uint64_t *c, size_t m, unsigned k)
{
	unsigned w = WIDTH[k];
	uint64_t x = 0;

	if (w >= 8) {
		for (size_t i = 0; i < m; i++)
			p = bytes_put(p, c[i], w / 8);
		return p;
	}
	for (size_t i = 0; i < m; i++)
		x |= c[i] << w * i;
	return bytes_put(p, x, field_bytes(m, w));
}

/* How many whole groups of b[0 .. n) from the empty one at b + i on
 * are empty, up to RUN_MAX. */
static size_t
empty_groups(const uint64_t *b, size_t i, size_t n)
{
	size_t j = i + GROUP;
	const uint64_t *c;

	for (; j + GROUP <= n && j - i < RUN_MAX * GROUP; j += GROUP) {
		c = b + j;
		if ((c[0] | c[1] | c[2] | c[3] | c[4] | c[5] | c[6] | c[7]) != 0)
			break;
	}
	return (j - i) / GROUP;
}

/* Which bit x (a power of 2 below 2^8) is. */
static inline unsigned
bit_of(uint32_t x)
{
	return (x > 0xf) * 4 + (x & 0xcc ? 2 : 0) + (x & 0xaa ? 1 : 0);
}

#if defined(__GNUC__)
#define GROUP_INLINE inline __attribute__((always_inline))
#else
#define GROUP_INLINE inline
#endif

#if defined(FROZEN_SSE2)
static inline uint64_t
low64(__m128i x)
{
	uint64_t r;

	_mm_storel_epi64((__m128i *)(void *)&r, x);
	return r;
}

/* The 8 counts at c, 2 a register. */
static GROUP_INLINE void
load8(const uint64_t *c, __m128i v[4])
{
	for (int i = 0; i < 4; i++)
		v[i] = _mm_loadu_si128((const void *)(c + 2 * i));
}
#endif

#if !defined(FROZEN_SSE2)
/* The 8 counts at c, each below 16, as the bytes of a word, c[0] the
 * lowest. */
static GROUP_INLINE uint64_t
bytes8(const uint64_t *c)
{
	return c[0] | c[1] << 8 | c[2] << 16 | c[3] << 24 | c[4] << 32 |
	    c[5] << 40 | c[6] << 48 | c[7] << 56;
}
#endif

/*
 * The field of a whole group of class w (1 .. 4) from its counts as
 * bytes, X (bytes8()): the halves of X ORed together, then the halves of
 * that, so that each width takes a shift and an OR or two (the layout,
 * above: for 1 bit it is each bin's bit in order, for 3 bits, which no
 * such folding packs, each bin's 3 bits in order).  fold_x() undoes it.
 */
static GROUP_INLINE uint32_t
fold_group(uint64_t X, unsigned w)
{
	uint32_t y = (uint32_t)(X | X >> 28), v;

	switch (w) {
	case 4:
		return y;
	case 2:
		return (uint16_t)(y | y >> 14);
	case 1:
		v = (uint16_t)(y | y >> 14);
		return (uint8_t)(v | v >> 7);
	default: /* 3: bins in order, 3 bits each (the inverse of spread8) */
		X = (X | X >> 5) & 0x003f003f003f003full;
		X = (X | X >> 10) & 0x00000fff00000fffull;
		return (uint32_t)(X | X >> 20) & 0xffffff;
	}
}

/*
 * The field of the whole group of counts at c, each below 16, of class w
 * (1 .. 4): fold_group() of their bytes.  SSE2 makes the bytes in four
 * instructions, the counts packed to 16 bits twice and to 8 once
 * (saturating: a count past 255 would read 255, none is past 15 here),
 * and puts 3-bit fields in order by pmaddwd (pairs of counts, then pairs
 * of pairs: 2 instructions where folding takes 3 shifts and masks).
 */
static GROUP_INLINE uint32_t
group_field(const uint64_t *c, unsigned w)
{
#if defined(FROZEN_SSE2)
	__m128i v[4], u, d;
	uint64_t z;

	load8(c, v);
	u = _mm_packs_epi32(_mm_packs_epi32(v[0], v[1]),
	    _mm_packs_epi32(v[2], v[3]));
	if (w != 3)
		return fold_group(low64(_mm_packus_epi16(u, u)), w);
	d = _mm_madd_epi16(u, _mm_set1_epi32(1 | 8 << 16));
	d = _mm_madd_epi16(_mm_packs_epi32(d, d), _mm_set1_epi32(1 | 64 << 16));
	z = low64(d);
	return (uint32_t)(z | z >> 20);
#else
	return fold_group(bytes8(c), w);
#endif
}

/* x to p[0 .. 4), the lowest byte first. */
static GROUP_INLINE void
put4(unsigned char *p, uint32_t x)
{
#if defined(FROZEN_SSE2)
	memcpy(p, &x, 4); /* x86: little-endian */
#else
	p[0] = (unsigned char)x;
	p[1] = (unsigned char)(x >> 8);
	p[2] = (unsigned char)(x >> 16);
	p[3] = (unsigned char)(x >> 24);
#endif
}

/* The OR of the 8 counts at c. */
static GROUP_INLINE uint64_t
or8(const uint64_t *c)
{
#if defined(FROZEN_SSE2)
	__m128i v[4], o;

	load8(c, v);
	o = _mm_or_si128(_mm_or_si128(v[0], v[1]), _mm_or_si128(v[2], v[3]));
	return low64(_mm_or_si128(o, _mm_unpackhi_epi64(o, o)));
#else
	return c[0] | c[1] | c[2] | c[3] | c[4] | c[5] | c[6] | c[7];
#endif
}

/*
 * One class of the groups of b[0 .. n) from the whole group at b + *i:
 * that group's fields to *p (up to 3 bytes past them may be written
 * over: the writer's room has them), or a run of the empty groups from
 * there; *i and *p moved past them.  Its class.
 */
static GROUP_INLINE unsigned
pack_group(const uint64_t *b, size_t n, size_t *i, unsigned char **p)
{
	const uint64_t *c = b + *i;
	uint64_t m = or8(c);
	uint32_t x;
	size_t e;
	unsigned k;

	if (m - 1 < 15) {
		/* counts below 16, most groups: w bits a bin, w the class */
		k = class_of(m);
		x = group_field(c, k);
		*i += GROUP;
		if (k == 1 && (x & (x - 1)) == 0 && x < 0x80)
			return CLASS_ONE + bit_of(x); /* one value in bins 0 .. 6 */
		put4(*p, x);
		*p += k;
		return k;
	}
	if (m == 0) {
		/* class 0 for one, runs of RUN_MIN .. RUN_MAX: the widest
		 * span, 2^32 bins, takes a few bytes a thousand bins */
		e = empty_groups(b, *i, n);
		*i += e * GROUP;
		if (e < RUN_MIN)
			return 0;
		*(*p)++ = (unsigned char)(e - RUN_MIN);
		return CLASS_RUN;
	}
	k = class_of(m);
	*p = put_fields_slow(*p, c, GROUP, k);
	*i += GROUP;
	return k;
}

/*
 * The groups of bins b[0 .. n) to out (room for pack_bound() and 3
 * bytes); how many bytes.  A class byte a step, its low class first,
 * then the high one: each group in one pass (pack_group()).
 */
static size_t
pack_bins(const uint64_t *b, size_t n, unsigned char *out)
{
	unsigned char *p = out, *cls = NULL;
	uint64_t m;
	size_t i = 0, j;
	unsigned k;

	while (i + GROUP <= n) {
		cls = p++;
		*cls = (unsigned char)pack_group(b, n, &i, &p);
		if (i + GROUP > n)
			break; /* a last group's class fills its high half */
		*cls |= (unsigned char)(pack_group(b, n, &i, &p) << 4);
		cls = NULL;
	}
	if (i < n) {
		for (m = 0, j = i; j < n; j++)
			m |= b[j];
		k = class_of(m);
		if (cls != NULL)
			*cls |= (unsigned char)(k << 4);
		else
			*p++ = (unsigned char)k;
		p = put_fields_slow(p, b + i, n - i, k);
	}
	return (size_t)(p - out);
}

/* The reader: the class byte being read, its high nibble next when
 * half is set. */
struct grp_in {
	const unsigned char *p;
	unsigned cls;
	unsigned half;
};

static inline unsigned
class_get(struct grp_in *r)
{
	if (r->half) {
		r->half = 0;
		return r->cls >> 4;
	}
	r->cls = *r->p++;
	r->half = 1;
	return r->cls & 15;
}

/* n bytes at p, the lowest first. */
static inline uint64_t
bytes_get(const unsigned char *p, size_t n)
{
	uint64_t x = 0;

	for (size_t i = 0; i < n; i++)
		x |= (uint64_t)p[i] << 8 * i;
	return x;
}

/* Adds the fields at p of a group of class k, m bins, to d[0 .. m);
 * where they end.  The rare groups, and the last of a span (out of
 * line: the reader's state stays in registers in its callers). */
static const unsigned char *
add_fields_slow(const unsigned char *p, uint64_t *d, size_t m, unsigned k)
{
	unsigned w = WIDTH[k];
	uint64_t x;

	if (w >= 8) {
		for (size_t i = 0; i < m; i++, p += w / 8)
			d[i] += bytes_get(p, w / 8);
		return p;
	}
	x = bytes_get(p, field_bytes(m, w));
	for (size_t i = 0; i < m; i++)
		d[i] += x >> w * i & (((uint64_t)1 << w) - 1);
	return p + field_bytes(m, w);
}

/* The fields of the next 1, 2, 3 or 4 bytes at r. */
#define GET1(r) ((uint32_t)(r)->p[0])
#define GET2(r) (GET1(r) | (uint32_t)(r)->p[1] << 8)
#define GET3(r) (GET2(r) | (uint32_t)(r)->p[2] << 16)
#define GET4(r) (GET3(r) | (uint32_t)(r)->p[3] << 24)

/*
 * The 8 fields of w bits (1 .. 4) in x, one a byte of the result, the
 * first field low: halves, quarters, then eighths moved apart, each
 * with a shift and a mask (w is a constant where it is inlined).
 */
static inline uint64_t
spread8(uint64_t x, unsigned w)
{
	x = (x | x << (32 - 4 * w)) &
	    ((((uint64_t)1 << 4 * w) - 1) * 0x0000000100000001ull);
	x = (x | x << (16 - 2 * w)) &
	    ((((uint64_t)1 << 2 * w) - 1) * 0x0001000100010001ull);
	return (x | x << (8 - w)) &
	    ((((uint64_t)1 << w) - 1) * 0x0101010101010101ull);
}

/* ONE_BIT[x]: the 8 bits of x, one a byte, the first low. */
#define ONE_BIT1(x) ((uint64_t)((x) & 1) | (uint64_t)((x) >> 1 & 1) << 8 | \
	(uint64_t)((x) >> 2 & 1) << 16 | (uint64_t)((x) >> 3 & 1) << 24 | \
	(uint64_t)((x) >> 4 & 1) << 32 | (uint64_t)((x) >> 5 & 1) << 40 | \
	(uint64_t)((x) >> 6 & 1) << 48 | (uint64_t)((x) >> 7 & 1) << 56)
#define ONE_BIT4(x) ONE_BIT1(x), ONE_BIT1(x + 1), ONE_BIT1(x + 2), \
	ONE_BIT1(x + 3)
#define ONE_BIT16(x) ONE_BIT4(x), ONE_BIT4(x + 4), ONE_BIT4(x + 8), \
	ONE_BIT4(x + 12)
#define ONE_BIT64(x) ONE_BIT16(x), ONE_BIT16(x + 16), ONE_BIT16(x + 32), \
	ONE_BIT16(x + 48)
static const uint64_t ONE_BIT[256] = {
	ONE_BIT64(0), ONE_BIT64(64), ONE_BIT64(128), ONE_BIT64(192)
};

/*
 * The counts of a whole group of class w (1 .. 4) from its field x, as
 * the bytes of a word, the first bin's lowest: what fold_group() folded
 * unfolded, by the same shifts to the left.
 */
static GROUP_INLINE uint64_t
unfold_group(uint32_t x, unsigned w)
{
	uint64_t y;

	switch (w) {
	case 4:
		return ((uint64_t)x | (uint64_t)x << 28) & 0x0f0f0f0f0f0f0f0full;
	case 2:
		y = (x | (uint64_t)x << 14) & 0x33333333;
		return (y | y << 28) & 0x0303030303030303ull;
	case 1:
		return ONE_BIT[x & 0xff];
	default:
		return spread8(x, 3);
	}
}

/* The 8 fields of w bits in x added to q[0 .. 8). */
#define ADD8(w) do { \
	const uint64_t mask_ = ((uint64_t)1 << (w)) - 1; \
	q[0] += x & mask_; \
	q[1] += x >> (w) & mask_; \
	q[2] += x >> 2 * (w) & mask_; \
	q[3] += x >> 3 * (w) & mask_; \
	q[4] += x >> 4 * (w) & mask_; \
	q[5] += x >> 5 * (w) & mask_; \
	q[6] += x >> 6 * (w) & mask_; \
	q[7] += x >> 7 * (w); \
} while (0)

/*
 * Adds the groups at r to d[0 .. n), the n buckets they span.  A group
 * of a class up to 4 in one step: its class nibble, its w bytes in one
 * read, and its 8 fields added with a shift and a mask each; the
 * reader's state in registers (a copy of *r, given back).
 */
static void
unpack_add(struct grp_in *r, uint64_t *d, uint64_t n)
{
	struct grp_in in = *r;
	uint64_t i, x, *q;
	unsigned k;

	for (i = 0, q = d; i + GROUP <= n; i += GROUP, q += GROUP) {
		switch (k = class_get(&in)) {
		case 0:
			break;
		case CLASS_RUN:
			x = (uint32_t)(RUN_MIN - 1 + *in.p++) * GROUP;
			i += x;
			q += x;
			break;
		case CLASS_ONE: case CLASS_ONE + 1: case CLASS_ONE + 2:
		case CLASS_ONE + 3: case CLASS_ONE + 4: case CLASS_ONE + 5:
		case CLASS_ONE + 6:
			q[k - CLASS_ONE]++;
			break;
		case 1:
			x = GET1(&in);
			in.p += 1;
			ADD8(1);
			break;
		case 2:
			x = unfold_group(GET2(&in), 2);
			in.p += 2;
			ADD8(8);
			break;
		case 3:
			x = GET3(&in);
			in.p += 3;
			ADD8(3);
			break;
		case 4:
			x = unfold_group(GET4(&in), 4);
			in.p += 4;
			ADD8(8);
			break;
		default:
			in.p = add_fields_slow(in.p, q, GROUP, k);
			break;
		}
	}
	if (i < n) {
		k = class_get(&in);
		in.p = add_fields_slow(in.p, d + i, n - i, k);
	}
	*r = in;
}

/* Passes over the groups at r of n buckets. */
static void
skip_groups(struct grp_in *r, uint64_t n)
{
	uint64_t i;
	unsigned k;

	for (i = 0; i < n; i += GROUP) {
		if ((k = class_get(r)) == CLASS_RUN)
			i += (RUN_MIN - 1 + *r->p++) * GROUP;
		else
			r->p += field_bytes(n - i < GROUP ? n - i : GROUP,
			    WIDTH[k]);
	}
}

/* The header: h's totals (not its alpha nor bins; the rest of *h is
 * left as it was), *lo and *span the bins'. */
static const unsigned char *
frozen_head(const unsigned char *p, slo_sketch *h, int64_t *lo,
    uint64_t *span)
{
	uint64_t z;

	p = leb_get(p, &h->count);
	p = leb_get(p, &h->zero);
	p = leb_get(p, &h->sum.whole);
	p = leb_get(p, &h->sum.frac);
	memcpy(&h->min, p, sizeof h->min);
	memcpy(&h->max, p + 8, sizeof h->max);
	p = leb_get(p + 16, &z);
	*lo = unzigzag(z);
	return leb_get(p, span);
}

/* The frozen form of s with bins [first, first + span) into out (room
 * for FROZEN_HEAD_MAX + pack_bound() + PACK_SLACK); its length. */
static size_t
put_frozen(const slo_sketch *s, uint32_t first, uint64_t span,
    unsigned char *out)
{
	unsigned char *p;

	p = leb_put(out, s->count);
	p = leb_put(p, s->zero);
	p = leb_put(p, s->sum.whole);
	p = leb_put(p, s->sum.frac);
	memcpy(p, &s->min, 8);
	memcpy(p + 8, &s->max, 8);
	p = leb_put(p + 16, span == 0 ? 0 : zigzag((int64_t)s->lo + first));
	p = leb_put(p, span);
	if (span > 0)
		p += pack_bins(s->bins + first, span, p);
	return (size_t)(p - out);
}

/* slo_frozen_alloc of plain allocations, each freed by slo_frozen_free(). */
static void *
heap_alloc(void *ctx, size_t n)
{
	(void)ctx;
	return malloc(n);
}

/*
 * slo_sketch_freeze() of the bins in use, [first, first + span), into
 * room of its length from alloc, its length to *bytes: written on the
 * stack when it fits, as it mostly does, or in a scratch allocation,
 * then copied.
 */
static slo_frozen *
freeze(const slo_sketch *s, uint32_t first, uint64_t span, size_t *bytes,
    slo_frozen_alloc *alloc, void *ctx)
{
	unsigned char tmp[2048], *f, *g;
	size_t need = FROZEN_HEAD_MAX + pack_bound(span, s->count) + PACK_SLACK;

	if (need <= sizeof tmp) {
		*bytes = put_frozen(s, first, span, tmp);
		if ((f = alloc(ctx, *bytes)) != NULL)
			memcpy(f, tmp, *bytes);
		return (slo_frozen *)(void *)f;
	}
	if ((g = malloc(need)) == NULL)
		return NULL;
	*bytes = put_frozen(s, first, span, g);
	if ((f = alloc(ctx, *bytes)) != NULL)
		memcpy(f, g, *bytes);
	free(g);
	return (slo_frozen *)(void *)f;
}

slo_frozen *
slo_sketch_freeze(const slo_sketch *s)
{
	uint32_t first;
	uint64_t span;
	size_t bytes;

	bins_in_use(s, &first, &span);
	return freeze(s, first, span, &bytes, heap_alloc, NULL);
}

slo_frozen *
slo_sketch_freeze_empty(slo_sketch *s)
{
	slo_frozen *f = slo_sketch_freeze(s);

	if (f == NULL)
		return NULL;
	free(s->bins);
	s->bins = NULL;
	s->nbins = 0;
	slo_sketch_clear(s);
	return f;
}

/*
 * Bins up to this many (16 KiB) stay with a sketch frozen and wiped, for
 * the next bucket's values: wider ones (values spread over a factor of
 * 1e17 at alpha 0.01, gamma^2048) are given back.
 */
#define KEEP_BINS 2048

slo_frozen *
slo_sketch_freeze_wipe(slo_sketch *s, size_t *bytes)
{
	return slo_sketch_freeze_wipe_into(s, bytes, heap_alloc, NULL);
}

slo_frozen *
slo_sketch_freeze_wipe_into(slo_sketch *s, size_t *bytes,
    slo_frozen_alloc *alloc, void *ctx)
{
	uint32_t first;
	uint64_t span;
	slo_frozen *f;

	bins_in_use(s, &first, &span);
	if ((f = freeze(s, first, span, bytes, alloc, ctx)) == NULL)
		return NULL;
	if (s->nbins > KEEP_BINS) {
		free(s->bins);
		s->bins = NULL;
		s->nbins = 0;
	} else if (span > 0) {
		memset(s->bins + first, 0, span * sizeof *s->bins);
	}
	s->count = s->zero = 0;
	s->sum.whole = s->sum.frac = 0;
	s->min = s->max = NAN;
	none_used(s);
	return f;
}

slo_status
slo_sketch_merge_frozen(slo_sketch *dst, const slo_frozen *f)
{
	struct grp_in r = { NULL, 0, 0 };
	slo_sketch h;
	slo_status st;
	uint64_t span;
	int64_t lo;

	r.p = frozen_head((const unsigned char *)(const void *)f, &h, &lo,
	    &span);
	if (h.count == 0)
		return SLO_OK;
	if (h.count > COUNT_MAX - dst->count)
		return SLO_ERANGE;
	if (span > 0) {
		if ((st = cover(dst, (int32_t)lo, (int32_t)(lo + (int64_t)span -
		    1))) != SLO_OK)
			return st;
		unpack_add(&r, dst->bins + (lo - dst->lo), span);
		note_used(dst, (int32_t)lo, (int32_t)(lo + (int64_t)span - 1));
	}
	/* the totals, as slo_sketch_merge() adds them */
	merge_totals(dst, h.zero, h.sum, h.min, h.max, h.count);
	return SLO_OK;
}

/* lanes[0 .. 8) += the bytes of t, the first byte of t (its low one)
 * to lanes[0]. */
static inline void
lanes_add(unsigned char *lanes, uint64_t t)
{
	uint64_t a;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	t = __builtin_bswap64(t);
#endif
	memcpy(&a, lanes, sizeof a);
	a += t;
	memcpy(lanes, &a, sizeof a);
}

/* The 2 bytes at p, the first low: one load where the order is known. */
static inline uint32_t
get2(const unsigned char *p)
{
#if defined(FROZEN_SSE2)
	uint16_t x;

	memcpy(&x, p, 2); /* x86: little-endian */
	return x;
#else
	return p[0] | (uint32_t)p[1] << 8;
#endif
}

#if defined(__GNUC__)
#define LANES_INLINE inline __attribute__((always_inline))
#else
#define LANES_INLINE inline
#endif

/*
 * The group (or run) of class k at *p, its bins from b: those of a class
 * up to 4 (counts below 16) to lanes[b .. b + 8), a byte a bin, 8 in one
 * addition; the others to d[b .. b + 8).  Where the next group starts.
 * Inlined twice into unpack_lanes(), where p stays in a register.
 */
static LANES_INLINE uint64_t
lanes_group(unsigned k, const unsigned char **p, unsigned char *lanes,
    uint64_t *d, uint64_t b)
{
	const unsigned char *q = *p;

	switch (k) {
	case 0:
		break;
	case CLASS_RUN:
		b += (RUN_MIN - 1 + *q++) * GROUP;
		break;
	case CLASS_ONE: case CLASS_ONE + 1: case CLASS_ONE + 2:
	case CLASS_ONE + 3: case CLASS_ONE + 4: case CLASS_ONE + 5:
	case CLASS_ONE + 6:
		lanes[b + k - CLASS_ONE]++;
		break;
	case 1:
		lanes_add(lanes + b, unfold_group(q[0], 1));
		q += 1;
		break;
	case 2:
		lanes_add(lanes + b, unfold_group(get2(q), 2));
		q += 2;
		break;
	case 3:
		lanes_add(lanes + b, unfold_group(get2(q) |
		    (uint32_t)q[2] << 16, 3));
		q += 3;
		break;
	case 4:
		lanes_add(lanes + b, unfold_group(q[0] | (uint32_t)q[1] << 8 |
		    (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24, 4));
		q += 4;
		break;
	default:
		q = add_fields_slow(q, d + b, GROUP, k);
		break;
	}
	*p = q;
	return b + GROUP;
}

/*
 * The last group at p, of m bins (1 .. 7) and class k: to lanes[0 .. 8)
 * when its counts are below 16 (its fields in order, w bits each: the
 * bins past m add 0), else to d[0 .. m).  Where it ends.
 */
static const unsigned char *
tail_lanes(const unsigned char *p, unsigned char *lanes, uint64_t *d,
    size_t m, unsigned k)
{
	size_t len;

	if (k > 4)
		return add_fields_slow(p, d, m, k);
	len = field_bytes(m, k);
	lanes_add(lanes, spread8(bytes_get(p, len), k));
	return p + len;
}

/*
 * Adds the groups at r of n buckets, through lanes[0 .. n + 7) where
 * their counts are below 16 (lanes_group()), to d[0 .. n).  A class byte a
 * step, its two groups one after the other.
 */
static void
unpack_lanes(struct grp_in *r, unsigned char *lanes, uint64_t *d, uint64_t n)
{
	const unsigned char *p = r->p;
	uint64_t i = 0;
	unsigned cls = 0;

	for (;;) {
		if (i + GROUP > n) {
			if (i < n) /* the last group's class starts a byte */
				cls = *p++;
			break;
		}
		cls = *p++;
		i = lanes_group(cls & 15, &p, lanes, d, i);
		if (i + GROUP > n) {
			cls >>= 4;
			break;
		}
		i = lanes_group(cls >> 4, &p, lanes, d, i);
	}
	if (i < n)
		p = tail_lanes(p, lanes + i, d + i, n - i, cls & 15);
	r->p = p;
}

/*
 * Bins a batch adds through lanes on the stack: wider ones (values over
 * a factor of 1e35 at alpha 0.01) through lanes allocated.
 */
#define LANES_STACK 4096
#define LANES_PAST 8 /* a last group's 8 lanes from its first bin */

/* d[0 .. n) += lanes[0 .. n).  SSE2: 16 lanes widened to 64 bits and
 * added 2 at a time. */
static void
lanes_flush(uint64_t *d, const unsigned char *lanes, size_t n)
{
	size_t i = 0;

#if defined(FROZEN_SSE2)
	const __m128i z = _mm_setzero_si128();

	for (; i + 16 <= n; i += 16) {
		__m128i b = _mm_loadu_si128((const void *)(lanes + i));
		__m128i h[2], q[4];

		h[0] = _mm_unpacklo_epi8(b, z);
		h[1] = _mm_unpackhi_epi8(b, z);
		for (int j = 0; j < 2; j++) {
			q[2 * j] = _mm_unpacklo_epi16(h[j], z);
			q[2 * j + 1] = _mm_unpackhi_epi16(h[j], z);
		}
		for (int j = 0; j < 4; j++) {
			__m128i *o = (__m128i *)(void *)(d + i + 4 * j);

			_mm_storeu_si128(o, _mm_add_epi64(_mm_loadu_si128(o),
			    _mm_unpacklo_epi32(q[j], z)));
			_mm_storeu_si128(o + 1, _mm_add_epi64(
			    _mm_loadu_si128(o + 1), _mm_unpackhi_epi32(q[j], z)));
		}
	}
#endif
	for (; i < n; i++)
		d[i] += lanes[i];
}

slo_status
slo_sketch_merge_frozen_n(slo_sketch *dst, const slo_frozen *const *f,
    size_t n)
{
	struct {
		slo_sketch h;
		int64_t lo;
		uint64_t span;
		const unsigned char *body;
	} in[SLO_FROZEN_BATCH];
	unsigned char stack[LANES_STACK], *lanes = stack;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	uint64_t count = dst->count, *d;
	size_t i, width;
	slo_status st;

	if (n > SLO_FROZEN_BATCH)
		return SLO_EINVAL;
	for (i = 0; i < n; i++) {
		in[i].body = frozen_head((const unsigned char *)(const void *)
		    f[i], &in[i].h, &in[i].lo, &in[i].span);
		if (in[i].h.count > COUNT_MAX - count)
			return SLO_ERANGE;
		count += in[i].h.count;
		if (in[i].h.count == 0 || in[i].span == 0)
			continue;
		if (in[i].lo < lo)
			lo = in[i].lo;
		if (in[i].lo + (int64_t)in[i].span - 1 > hi)
			hi = in[i].lo + (int64_t)in[i].span - 1;
	}
	if (lo <= hi) {
		width = (size_t)(hi - lo + 1);
		if ((st = cover(dst, (int32_t)lo, (int32_t)hi)) != SLO_OK)
			return st;
		if (width + LANES_PAST > sizeof stack &&
		    (lanes = malloc(width + LANES_PAST)) == NULL)
			return SLO_ENOMEM;
		memset(lanes, 0, width + LANES_PAST);
		d = dst->bins + (lo - dst->lo);
		for (i = 0; i < n; i++) {
			struct grp_in r = { in[i].body, 0, 0 };

			if (in[i].h.count == 0 || in[i].span == 0)
				continue;
			unpack_lanes(&r, lanes + (in[i].lo - lo),
			    d + (in[i].lo - lo), in[i].span);
		}
		/* at most 15 a bin a form: a lane holds the batch's */
		lanes_flush(d, lanes, width);
		if (lanes != stack)
			free(lanes);
		note_used(dst, (int32_t)lo, (int32_t)hi);
	}
	for (i = 0; i < n; i++)
		if (in[i].h.count > 0)
			merge_totals(dst, in[i].h.zero, in[i].h.sum,
			    in[i].h.min, in[i].h.max, in[i].h.count);
	return SLO_OK;
}

uint64_t
slo_frozen_count(const slo_frozen *f)
{
	uint64_t count;

	leb_get((const unsigned char *)(const void *)f, &count);
	return count;
}

size_t
slo_frozen_bytes(const slo_frozen *f)
{
	const unsigned char *start = (const unsigned char *)(const void *)f;
	struct grp_in r = { NULL, 0, 0 };
	slo_sketch h;
	uint64_t span;
	int64_t lo;

	r.p = frozen_head(start, &h, &lo, &span);
	skip_groups(&r, span);
	return (size_t)(r.p - start);
}

slo_frozen *
slo_frozen_clone(const slo_frozen *f)
{
	size_t n = slo_frozen_bytes(f);
	void *c = malloc(n);

	if (c != NULL)
		memcpy(c, f, n);
	return c;
}

void
slo_frozen_free(slo_frozen *f)
{
	free(f);
}

/* Decimal digits of v at the end of buf; returns where they start. */
static char *
fmt_u64(char *end, uint64_t v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	return end;
}

/* ",[index,count]" (no comma when first), without printf: it is hot. */
static slo_status
put_bin(slo_buf *out, int first, int64_t index, uint64_t count)
{
	char tmp[48], *end = tmp + sizeof tmp, *p;

	*--end = ']';
	p = fmt_u64(end, count);
	*--p = ',';
	p = fmt_u64(p, (uint64_t)(index < 0 ? -index : index));
	if (index < 0)
		*--p = '-';
	*--p = '[';
	if (!first)
		*--p = ',';
	return slo_buf_append(out, p, (size_t)(end + 1 - p));
}

/* ,"sum_exact":"WHOLE.FRACTION" with the fraction's trailing zeros cut. */
static slo_status
put_sum_exact(slo_buf *out, struct sum v)
{
	char tmp[64], *end = tmp + sizeof tmp, *p = end;
	uint64_t f = v.frac;
	int digits = SUM_DIGITS;

	*--p = '"';
	while (digits > 0 && f % 10 == 0)
		f /= 10, digits--;
	for (; digits > 0; digits--, f /= 10)
		*--p = (char)('0' + f % 10);
	if (p < end - 1)
		*--p = '.';
	p = fmt_u64(p, v.whole);
	if (slo_buf_puts(out, ",\"sum_exact\":\"") != SLO_OK)
		return SLO_ENOMEM;
	return slo_buf_append(out, p, (size_t)(end - p));
}

/* How many bytes the bin index i takes in JSON (|i| < 2^31). */
static inline size_t
index_digits(int64_t i)
{
	uint64_t a = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
	size_t n = i < 0;

	n += a < 10 ? 1 : a < 100 ? 2 : a < 1000 ? 3 : a < 10000 ? 4 :
	    a < 100000 ? 5 : a < 1000000 ? 6 : a < 10000000 ? 7 :
	    a < 100000000 ? 8 : a < 1000000000 ? 9 : 10;
	return n;
}

/*
 * Whether the dense form of the bins first .. first + span - 1 of
 * s->bins (both ends in use) is strictly shorter than the sparse.
 * Sparse, "bins":[[I,C],...]: 9 bytes for "bins":[], each bin in use
 * 3 for "[,]" and the digits of its index and count, a ',' between:
 * 9 + sum(3 + d(I) + d(C)) + used - 1.  Dense,
 * "bin_offset":I,"bin_counts":[C,...]: 29 for
 * "bin_offset":,"bin_counts":[], the offset's digits, each count's
 * (a 0 for each bin not in use), a ',' between: 29 + d(offset) +
 * sum d(C) + (span - used) + span - 1.  The counts' digits are in
 * both, so sparse - dense = 5 used + sum d(I) - 2 span - d(offset) - 20:
 * a look at each bin and the digits of the indexes in use, no count's.
 */
static int
dense_shorter(const slo_sketch *s, uint32_t first, uint64_t span)
{
	const uint64_t *b = s->bins + first;
	int64_t lo = (int64_t)s->lo + first;
	uint64_t used = 0, idigits = 0;

	for (uint64_t j = 0; j < span; j++)
		if (b[j] != 0) {
			used++;
			idigits += index_digits(lo + (int64_t)j);
		}
	return 5 * used + idigits > 2 * span + index_digits(lo) + 20;
}

/* "bin_offset":I,"bin_counts":[C,...] of the bins first .. first + span
 * - 1, written in place (room for the longest counts reserved). */
static slo_status
put_dense(slo_buf *out, const slo_sketch *s, uint32_t first, uint64_t span)
{
	int64_t off = (int64_t)s->lo + first;
	char tmp[24], *end = tmp + sizeof tmp, *p, *w;

	if (span > (SIZE_MAX - 64) / 21 ||
	    slo_buf_reserve(out, 64 + 21 * (size_t)span) != SLO_OK)
		return SLO_ENOMEM;
	w = out->data + out->len;
	memcpy(w, "\"bin_offset\":", 13);
	w += 13;
	p = fmt_u64(end, off < 0 ? (uint64_t)0 - (uint64_t)off : (uint64_t)off);
	if (off < 0)
		*--p = '-';
	memcpy(w, p, (size_t)(end - p));
	w += end - p;
	memcpy(w, ",\"bin_counts\":[", 15);
	w += 15;
	for (uint64_t j = 0; j < span; j++) {
		p = fmt_u64(end, s->bins[first + j]);
		memcpy(w, p, (size_t)(end - p));
		w += end - p;
		*w++ = j + 1 < span ? ',' : ']';
	}
	out->len = (size_t)(w - out->data);
	out->data[out->len] = '\0';
	return SLO_OK;
}

/*
 * The members in a fixed order, alpha, count, sum, [sum_exact], min,
 * max, zero, then the bins in the shorter of their two forms
 * (slo-events(5)): sparse "bins" unless dense is strictly shorter, so
 * that a sketch has one form, and an empty one "bins":[].
 */
slo_status
slo_sketch_encode(const slo_sketch *s, slo_buf *out)
{
	slo_status st;
	uint32_t first;
	uint64_t k, span;

#define TRY(x) do { if ((st = (x)) != SLO_OK) return st; } while (0)
	TRY(slo_buf_puts(out, "{\"alpha\":"));
	TRY(slo_buf_json_num(out, s->alpha));
	TRY(slo_buf_printf(out, ",\"count\":%llu,\"sum\":",
	    (unsigned long long)s->count));
	TRY(slo_buf_json_num(out, slo_sketch_sum(s)));
	if (s->sum.whole != SUM_SAT && !sum_milli(s->sum, &k))
		TRY(put_sum_exact(out, s->sum));
	TRY(slo_buf_puts(out, ",\"min\":"));
	TRY(slo_buf_json_num(out, slo_sketch_min(s)));
	TRY(slo_buf_puts(out, ",\"max\":"));
	TRY(slo_buf_json_num(out, slo_sketch_max(s)));
	TRY(slo_buf_printf(out, ",\"zero\":%llu,",
	    (unsigned long long)s->zero));
	bins_in_use(s, &first, &span);
	if (span == 0)
		return slo_buf_puts(out, "\"bins\":[]}");
	if (dense_shorter(s, first, span)) {
		TRY(put_dense(out, s, first, span));
		return slo_buf_putc(out, '}');
	}
	TRY(slo_buf_puts(out, "\"bins\":["));
	for (uint64_t j = 0, any = 0; j < span; j++) {
		if (s->bins[first + j] == 0)
			continue;
		TRY(put_bin(out, any == 0, (int64_t)s->lo + first + (int64_t)j,
		    s->bins[first + j]));
		any = 1;
	}
	return slo_buf_puts(out, "]}");
#undef TRY
}

json_t *
slo_sketch_to_json(const slo_sketch *s)
{
	slo_buf b = { 0 };
	json_t *j = NULL;

	if (slo_sketch_encode(s, &b) == SLO_OK)
		j = json_loadb(b.data, b.len, 0, NULL);
	slo_buf_release(&b);
	return j;
}

static int
get_count(json_t *v, uint64_t *out)
{
	json_int_t i;

	if (!json_is_integer(v) || (i = json_integer_value(v)) < 0)
		return 0;
	*out = (uint64_t)i;
	return 1;
}

/* The sum in thousandths whose value prints back as d, if any: the only
 * form of "sum" older versions wrote. */
static int
sum_from_double(double d, struct sum *out)
{
	double k0;
	int64_t k;

	if (!(d >= 0) || d > (double)SUM_OLD_CAP / 1000 + 1)
		return 0;
	k0 = floor(d * 1000 + 0.5);
	/*
	 * k0 first, the one it mostly is (a rollup row's sum, read each
	 * row), then its neighbours: at most one k gives d, as k / 1000 and
	 * (k + 1) / 1000, each rounded by less than half the spacing of
	 * doubles below 2^52 / 1000 < 2^42 (2^-10 < 0.001), differ.
	 */
	for (int i = 0; i < 5; i++) {
		k = (int64_t)k0 + (i == 0 ? 0 : i <= 2 ? -i : i - 2);
		if (k >= 0 && (uint64_t)k <= SUM_OLD_CAP &&
		    (double)k / 1000 == d) {
			out->whole = (uint64_t)k / 1000;
			out->frac = (uint64_t)k % 1000 * SUM_MILLI;
			return 1;
		}
	}
	return 0;
}

/*
 * A sketch's "sum" at the cursor as slo_sketch_encode() writes it without
 * "sum_exact", up to 15 digits and at most three decimals, then ',':
 * into v as jscan_value_plain() reads it, and into out as
 * sum_from_double() makes it of that value, 1 with the cursor past it;
 * else 0, nothing moved, for the general way.  (A rollup row's, read
 * each row: no double goes back to thousandths.)
 *
 * The same as sum_from_double(): with k the digits with three decimals,
 * k <= SUM_OLD_CAP (< 2^53) thousandths, and w its digits as written,
 * the value read is w / 10^decimals, correctly rounded, and so is
 * (double)k / 1000, the same quotient of exact doubles: equal.  So k
 * is the one count of thousandths that sum_from_double() finds (it tries
 * k0 = floor(d * 1000 + 0.5), which is k, first).
 */
static int
sum_from_digits(jscan *sc, jscan_val *v, struct sum *out)
{
	static const uint64_t milli[4] = { 1000, 100, 10, 1 };
	const unsigned char *p = (const unsigned char *)sc->p;
	uint64_t w = (unsigned)p[0] - '0', k;
	size_t i = 1, dot, nfrac = 0;
	unsigned c;

	if (w > 9)
		return 0;
	if (w != 0)
		while (i < 15 && (c = (unsigned)p[i] - '0') <= 9)
			w = w * 10 + c, i++;
	if (p[i] == '.') {
		for (dot = i++; i <= dot + 3 && (c = (unsigned)p[i] - '0') <= 9;
		    i++)
			w = w * 10 + c;
		if ((nfrac = i - dot - 1) == 0)
			return 0;
	}
	if (p[i] != ',' || (k = w * milli[nfrac]) > SUM_OLD_CAP)
		return 0;
	sc->p += i;
	v->neg = 0;
	if (nfrac == 0) {
		v->type = JSCAN_INT;
		v->i = (long long)w;
		v->num = (double)w;
	} else {
		v->type = JSCAN_REAL;
		v->num = (double)w / jscan_pow10[nfrac];
	}
	out->whole = k / 1000;
	out->frac = k % 1000 * SUM_MILLI;
	return 1;
}

/* "sum_exact": DIGITS[.DIGITS] with at most 9 decimals, at most 2^62. */
static int
sum_from_text(const char *t, struct sum *out)
{
	uint64_t scale = SUM_FRAC;

	out->whole = out->frac = 0;
	if (*t < '0' || *t > '9')
		return 0;
	for (; *t >= '0' && *t <= '9'; t++) {
		if (out->whole > (SUM_CAP - (uint64_t)(*t - '0')) / 10)
			return 0;
		out->whole = out->whole * 10 + (uint64_t)(*t - '0');
	}
	if (*t == '.') {
		if (t[1] < '0' || t[1] > '9')
			return 0;
		for (t++; *t >= '0' && *t <= '9'; t++) {
			if ((scale /= 10) == 0)
				return 0;
			out->frac += (uint64_t)(*t - '0') * scale;
		}
	}
	return *t == '\0';
}

#define BAD(...) (slo_error_set(err, SLO_EINVAL, "", 0, 0, __VA_ARGS__), \
    slo_sketch_free(s), (slo_sketch *)NULL)
#define BINS_BAD(...) (slo_error_set(err, SLO_EINVAL, "", 0, 0, \
    __VA_ARGS__), SLO_EINVAL)

/* s's bins first .. last made room for and marked in use: SLO_ENOMEM
 * with err set, or SLO_OK. */
static slo_status
bins_room(slo_sketch *s, int32_t first, int32_t last, slo_error *err)
{
	note_used(s, first, last);
	if (cover(s, first, last) != SLO_OK)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0,
		    "out of memory");
	return SLO_OK;
}

/*
 * The sparse bins [[index, count > 0], ...], indexes strictly rising
 * and in s's range, into s; their counts added to *total (it starts at
 * the zeros, and may not pass COUNT_MAX).  SLO_OK, or the status with
 * err set.
 */
static slo_status
sparse_from_json(slo_sketch *s, json_t *bins, uint64_t *total,
    slo_error *err)
{
	json_t *pair;
	json_int_t idx, prev = 0;
	uint64_t c;
	size_t i;

	if (!json_is_array(bins))
		return BINS_BAD("sketch 'bins' must be an array");
	for (i = 0; i < json_array_size(bins); i++) {
		pair = json_array_get(bins, i);
		if (!json_is_array(pair) || json_array_size(pair) != 2 ||
		    !json_is_integer(json_array_get(pair, 0)) ||
		    !get_count(json_array_get(pair, 1), &c) || c == 0)
			return BINS_BAD("sketch bin %zu must be [index, "
			    "count > 0]", i);
		idx = json_integer_value(json_array_get(pair, 0));
		if (idx < s->idx_min || idx > s->idx_max || (i > 0 && idx <= prev))
			return BINS_BAD("sketch bin %zu: index out of order or "
			    "range", i);
		if (c > COUNT_MAX - *total)
			return BINS_BAD("sketch bin counts overflow");
		*total += c;
		prev = idx;
	}
	if (json_array_size(bins) == 0)
		return SLO_OK;
	idx = json_integer_value(json_array_get(json_array_get(bins, 0), 0));
	if (bins_room(s, (int32_t)idx, (int32_t)prev, err) != SLO_OK)
		return SLO_ENOMEM;
	json_array_foreach(bins, i, pair)
		s->bins[json_integer_value(json_array_get(pair, 0)) - s->lo] =
		    (uint64_t)json_integer_value(json_array_get(pair, 1));
	return SLO_OK;
}

/*
 * The dense bins, "bin_offset" I and "bin_counts" [c0, c1, ...]: bin
 * I + k holds ck, counts >= 0 whose first and last are >= 1 (so that a
 * sketch has one dense form), every index in s's range; as
 * sparse_from_json().
 */
static slo_status
dense_from_json(slo_sketch *s, json_t *off, json_t *counts, uint64_t *total,
    slo_error *err)
{
	const char *bad = "sketch 'bin_counts' must be an array of counts "
	    ">= 0 whose first and last are >= 1";
	json_int_t first;
	size_t n, i;
	uint64_t c;
	json_t *v;

	if (!json_is_integer(off))
		return BINS_BAD("sketch 'bin_offset' must be an integer");
	if (!json_is_array(counts) || (n = json_array_size(counts)) == 0)
		return BINS_BAD("%s", bad);
	json_array_foreach(counts, i, v) {
		if (!get_count(v, &c) || (c == 0 && (i == 0 || i == n - 1)))
			return BINS_BAD("%s", bad);
		if (c > COUNT_MAX - *total)
			return BINS_BAD("sketch bin counts overflow");
		*total += c;
	}
	first = json_integer_value(off);
	if (first < s->idx_min || first > s->idx_max ||
	    (uint64_t)(s->idx_max - first) < n - 1)
		return BINS_BAD("sketch bin_counts: index out of range");
	if (bins_room(s, (int32_t)first, (int32_t)(first + (json_int_t)n - 1),
	    err) != SLO_OK)
		return SLO_ENOMEM;
	json_array_foreach(counts, i, v)
		s->bins[first + (json_int_t)i - s->lo] =
		    (uint64_t)json_integer_value(v);
	return SLO_OK;
}

/*
 * Reads the JSON form back, checking it: every key present and known,
 * counts non-negative integers that add up, the bins in one of their
 * two forms (sparse_from_json(), dense_from_json()), 0 <= min <= max, a
 * sum that the encoder could have written.  On failure returns NULL and
 * fills err.
 */
slo_sketch *
slo_sketch_from_json(json_t *j, slo_error *err)
{
	/* all needed but the last three: sum_exact is optional, and the
	 * bins are "bins" or the two dense keys */
	static const char *keys[] = { "alpha", "count", "sum", "min", "max",
	    "zero", "sum_exact", "bins", "bin_offset", "bin_counts" };
	slo_sketch *s = NULL;
	json_t *v, *bins, *off, *counts, *exact;
	const char *key;
	uint64_t count, zero, total;
	double alpha, d;
	size_t k;

	if (!json_is_object(j))
		return BAD("sketch is not a json object");
	json_object_foreach(j, key, v) {
		for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (strcmp(key, keys[k]) == 0)
				break;
		if (k == sizeof keys / sizeof keys[0])
			return BAD("unknown key '%.100s' in sketch", key);
	}
	for (k = 0; k < 6; k++)
		if (json_object_get(j, keys[k]) == NULL)
			return BAD("missing key '%s' in sketch", keys[k]);
	bins = json_object_get(j, "bins");
	off = json_object_get(j, "bin_offset");
	counts = json_object_get(j, "bin_counts");
	if (bins != NULL && (off != NULL || counts != NULL))
		return BAD("sketch has both 'bins' and '%s'",
		    counts != NULL ? "bin_counts" : "bin_offset");
	if (bins == NULL && off == NULL && counts == NULL)
		return BAD("missing key 'bins' in sketch");
	if (bins == NULL && counts == NULL)
		return BAD("sketch 'bin_offset' needs 'bin_counts'");
	if (bins == NULL && off == NULL)
		return BAD("sketch 'bin_counts' needs 'bin_offset'");
	v = json_object_get(j, "alpha");
	alpha = json_is_number(v) ? json_number_value(v) : NAN;
	if ((s = slo_sketch_new(alpha)) == NULL) {
		if (alpha >= SKETCH_ALPHA_MIN && alpha < 0.5) {
			slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
			return NULL;
		}
		return BAD("sketch 'alpha' must be a number in [1e-6, 0.5)");
	}
	if (!get_count(json_object_get(j, "count"), &count))
		return BAD("sketch 'count' must be a non-negative integer");
	if (!get_count(json_object_get(j, "zero"), &zero))
		return BAD("sketch 'zero' must be a non-negative integer");
	total = zero;
	if ((bins != NULL ? sparse_from_json(s, bins, &total, err) :
	    dense_from_json(s, off, counts, &total, err)) != SLO_OK) {
		slo_sketch_free(s);
		return NULL;
	}
	if (total != count)
		return BAD("sketch 'count' differs from the sum of its buckets");
	s->count = count;
	s->zero = zero;
	if (count == 0) {
		if (!json_is_null(json_object_get(j, "min")) ||
		    !json_is_null(json_object_get(j, "max")))
			return BAD("empty sketch must have null 'min' and 'max'");
	} else {
		v = json_object_get(j, "min");
		s->min = json_is_number(v) ? json_number_value(v) : NAN;
		v = json_object_get(j, "max");
		s->max = json_is_number(v) ? json_number_value(v) : NAN;
		if (!(s->min >= 0 && s->min <= s->max && s->max <= DBL_MAX))
			return BAD("sketch needs 0 <= 'min' <= 'max'");
	}
	v = json_object_get(j, "sum");
	exact = json_object_get(j, "sum_exact");
	if (json_is_null(v)) {
		if (exact != NULL)
			return BAD("saturated sketch 'sum' has a 'sum_exact'");
		s->sum.whole = SUM_SAT;
	} else if (exact != NULL) {
		if (!json_is_string(exact) ||
		    !sum_from_text(json_string_value(exact), &s->sum))
			return BAD("sketch 'sum_exact' must be a decimal string "
			    "with at most 9 decimals");
		if (!json_is_number(v) ||
		    json_number_value(v) != slo_sketch_sum(s))
			return BAD("sketch 'sum' differs from its 'sum_exact'");
	} else {
		d = json_is_number(v) ? json_number_value(v) : NAN;
		if (!sum_from_double(d, &s->sum))
			return BAD("sketch 'sum' is not an exact sum in thousandths");
	}
	if (count == 0 && (s->sum.whole != 0 || s->sum.frac != 0))
		return BAD("empty sketch must have 'sum' 0");
	return s;
}

static int take_run(const jscan_runs *, const jscan_run *, long long *,
    uint64_t *);

/*
 * The bins array at the cursor into pairs as [index, count] (long long
 * each, from the second pair of pairs->data on: the first holds the
 * index before the first bin, INT64_MIN, that jscan_pairs_rising()
 * compares with), each pair checked as it is read: indexes rising,
 * counts of 1 or more, their total to *total (up to 99 a pair past
 * INT64_MAX: the caller refuses a total past it).  Runs kept by an
 * earlier skip of the same text (kept, whose text starts at base; see
 * jscan_run_take()) copied, other compact runs read by
 * jscan_pairs_rising(), any other element by the general path, so the
 * language read stays jansson's.  How many to *n; 1, or 0 to hand over
 * (a pair refused too).
 */
static int
scan_bins(jscan *sc, jscan_runs *kept, const char *base, slo_buf *pairs,
    size_t *n, uint64_t *total)
{
	const size_t pair = 2 * sizeof(long long);
	const jscan_run *run;
	jscan_val v, idx, c;
	long long *out;
	size_t room;
	int r;

	*n = 0;
	*total = 0;
	if (jscan_value(sc, &v) < 0 || v.type != JSCAN_ARRAY)
		return 0;
	/* room for every pair the rest of the text can hold (each has 5
	 * bytes at least) and the one before, so that no reader keeps a
	 * bound */
	room = (size_t)(sc->end - sc->p) / 5 + 2;
	if (room > SIZE_MAX / pair - 1)
		return 0;
	if (pairs->cap < room * pair + 1) {
		slo_buf_reset(pairs);
		if (slo_buf_reserve(pairs, room * pair) != SLO_OK)
			return 0;
	}
	out = (long long *)(void *)pairs->data + 2;
	out[-2] = INT64_MIN;
	for (;;) {
		if (kept != NULL &&
		    (run = jscan_run_take(kept, sc, base)) != NULL) {
			if (!take_run(kept, run, out + 2 * *n, total))
				return 0;
			*n += run->n;
		} else
			*n += jscan_pairs_rising(sc, out + 2 * *n, total);
		if ((r = jscan_elem(sc)) != 1)
			return r == 0;
		if (jscan_value(sc, &v) < 0 || v.type != JSCAN_ARRAY ||
		    jscan_elem(sc) != 1 || jscan_value(sc, &idx) < 0 ||
		    idx.type != JSCAN_INT || jscan_elem(sc) != 1 ||
		    jscan_value(sc, &c) < 0 || c.type != JSCAN_INT ||
		    jscan_elem(sc) != 0)
			return 0;
		/* the first pair's index has none before it to rise above
		 * (INT64_MIN is an index too) */
		if (c.i < 1 || (*n > 0 && idx.i <= out[2 * *n - 2]) ||
		    *total > INT64_MAX || (uint64_t)c.i > INT64_MAX - *total)
			return 0;
		*total += (uint64_t)c.i;
		out[2 * *n] = idx.i;
		out[2 * *n + 1] = c.i;
		(*n)++;
	}
}

/*
 * The bin_counts array at the cursor into counts, each a non-negative
 * integer, their total to *total (up to 99 a count past INT64_MAX: the
 * caller refuses a total past it), how many to *n: as uint16_t from
 * counts->data on, *wide 0, until a count past 65535 comes, then all of
 * them as uint64_t from *wide on (in the same buffer, after room for
 * the narrow ones).  Runs of counts written plainly read by
 * jscan_counts_dense16() or jscan_counts_dense(), any other element by
 * the general path, so the language read stays jansson's.  1, or 0 to
 * hand over.
 */
static int
scan_counts(jscan *sc, slo_buf *counts, size_t *n, uint64_t *total,
    const uint64_t **wide)
{
	jscan_val v;
	uint16_t *o16;
	uint64_t *o64 = NULL;
	size_t room, at;
	int r;

	*n = 0;
	*total = 0;
	*wide = NULL;
	if (jscan_value(sc, &v) < 0 || v.type != JSCAN_ARRAY)
		return 0;
	/* every element the rest of the text can hold (two bytes each at
	 * least) and the eight jscan_counts_dense() may write past them,
	 * in 16 bits, then in 64 */
	room = (size_t)(sc->end - sc->p) / 2 + 10;
	if (room > SIZE_MAX / 16)
		return 0;
	at = (room * sizeof *o16 + 7) / 8 * 8;
	if (counts->cap < at + room * sizeof *o64 + 1) {
		slo_buf_reset(counts);
		if (slo_buf_reserve(counts, at + room * sizeof *o64) != SLO_OK)
			return 0;
	}
	o16 = (uint16_t *)(void *)counts->data;
	for (;;) {
		*n += o64 == NULL ? jscan_counts_dense16(sc, o16 + *n, total) :
		    jscan_counts_dense(sc, o64 + *n, total);
		if ((r = jscan_elem(sc)) != 1)
			break;
		if (jscan_value(sc, &v) < 0 || v.type != JSCAN_INT ||
		    v.i < 0 || *total > INT64_MAX ||
		    (uint64_t)v.i > INT64_MAX - *total)
			return 0;
		*total += (uint64_t)v.i;
		if (o64 == NULL && v.i > UINT16_MAX) {
			/* past 16 bits: all of them in 64 from now on */
			o64 = (uint64_t *)(void *)(counts->data + at);
			for (size_t i = 0; i < *n; i++)
				o64[i] = o16[i];
		}
		if (o64 != NULL)
			o64[(*n)++] = (uint64_t)v.i;
		else
			o16[(*n)++] = (uint16_t)v.i;
	}
	*wide = o64;
	return r == 0;
}

/*
 * An integer at the cursor written plainly, 1 to 9 digits without a
 * leading zero then ',', read in place (a dense sketch's bin_offset,
 * each row): 1 with v and the cursor set as jscan_value() sets them,
 * else 0 with nothing moved.
 */
static inline int
plain_offset(jscan *sc, jscan_val *v)
{
	const unsigned char *p = (const unsigned char *)sc->p;
	unsigned c = p[0] - (unsigned)'1';
	long long w;
	size_t i = 1;

	if (c > 8)
		return 0;
	for (w = c + 1; i < 10 && (c = p[i] - (unsigned)'0') <= 9; i++)
		w = w * 10 + c;
	if (p[i] != ',')
		return 0;
	sc->p += i;
	v->type = JSCAN_INT;
	v->neg = 0;
	v->i = w;
	v->num = (double)w;
	return 1;
}

static int
is_num(const jscan_val *v)
{
	return v->type == JSCAN_INT || v->type == JSCAN_REAL;
}

/* The bucket range of alpha's sketches, as slo_sketch_new() sets it,
 * kept for the next sketch of the same alpha (three logarithms). */
static int
scan_bounds(slo_sketch_scan *out, double alpha)
{
	slo_sketch *s;

	if (out->bounds_alpha == alpha && alpha > 0)
		return 1;
	if ((s = slo_sketch_new(alpha)) == NULL)
		return 0;
	out->bounds_alpha = alpha;
	out->idx_min = s->idx_min;
	out->idx_max = s->idx_max;
	slo_sketch_free(s);
	return 1;
}

enum { ALPHA, COUNT, SUM, MIN, MAX, ZERO, BINS, EXACT, OFFSET, COUNTS, NKEYS };

/* The members every sketch has, and its bins' two forms. */
#define HEAD_KEYS ((1u << ALPHA) | (1u << COUNT) | (1u << SUM) | \
    (1u << MIN) | (1u << MAX) | (1u << ZERO))
#define DENSE_KEYS ((1u << OFFSET) | (1u << COUNTS))

static inline uint32_t
word4(const char *p)
{
	uint32_t w;

	memcpy(&w, p, sizeof w);
	return w;
}

/* The member of a sketch object named k, or NKEYS: compares of lengths
 * known when compiled, as words and bytes, no memcmp() call. */
static int
sketch_key(const char *k, size_t len)
{
#define IS(name) (memcmp(k, name, sizeof name - 1) == 0)
	/* (a memcmp() of 3, 4 or 5 bytes stayed a call) */
#define IS3(name) (k[0] == name[0] && k[1] == name[1] && k[2] == name[2])
#define IS4(name) (word4(k) == word4(name))
#define IS5(name) (word4(k) == word4(name) && k[4] == name[4])
	switch (len) {
	case 3: return IS3("sum") ? SUM : IS3("min") ? MIN : IS3("max") ? MAX :
	    NKEYS;
	case 4: return IS4("zero") ? ZERO : IS4("bins") ? BINS : NKEYS;
	case 5: return IS5("alpha") ? ALPHA : IS5("count") ? COUNT : NKEYS;
	case 9: return IS("sum_exact") ? EXACT : NKEYS;
	case 10: return IS("bin_offset") ? OFFSET : IS("bin_counts") ? COUNTS :
	    NKEYS;
	default: return NKEYS;
	}
#undef IS
#undef IS3
#undef IS4
#undef IS5
}

static int head_key(jscan *, size_t);
static int head_dense(jscan *, int);

/* A sketch's bins as slo_sketch_scan_jscan() reads them: where from
 * (scan_bins()'s first arguments), how many (pairs, or counts of the
 * dense form), their counts' total. */
struct bins_read {
	jscan_runs *kept;
	const char *base;
	slo_buf *pairs;
	size_t n;
	uint64_t total;
	const uint64_t *wide;  /* dense counts past 16 bits (scan_counts()) */
};

static int scan_member(jscan *, int, jscan_val *, struct bins_read *, int);

/*
 * The dense bins read (b: scan_counts()'s, offset *off) as
 * dense_from_json() checks them, into out: at least one count, the
 * first and last at least 1, each index in range.  1, or 0.
 */
static int
dense_ok(slo_sketch_scan *out, const jscan_val *off, const slo_buf *counts,
    const struct bins_read *b)
{
	const uint16_t *c16 = (const uint16_t *)(const void *)counts->data;
	size_t n = b->n;

	if (off->type != JSCAN_INT || n == 0 ||
	    (b->wide != NULL ? b->wide[0] == 0 || b->wide[n - 1] == 0 :
	    c16[0] == 0 || c16[n - 1] == 0) ||
	    off->i < out->idx_min || off->i > out->idx_max ||
	    (uint64_t)(out->idx_max - off->i) < n - 1)
		return 0;
	out->offset = off->i;
	out->counts = b->wide;
	out->counts16 = b->wide == NULL ? c16 : NULL;
	out->ncounts = n;
	out->nbins = 0;
	return 1;
}

/*
 * The checks are slo_sketch_from_json()'s, in its order, on the members
 * gathered first (their order in the text is free); a member given twice
 * hands over (jansson keeps the last one).  The members in the order
 * slo_sketch_encode() writes them are read without a look at each key
 * (head_key()), until one is not; the general loop reads the rest.
 */
int
slo_sketch_scan_jscan(jscan *sc, jscan_runs *kept, const char *base,
    slo_buf *pairs, slo_sketch_scan *out)
{
	jscan_val v[NKEYS], o;
	struct bins_read bins = { kept, base, pairs, 0, 0, NULL };
	unsigned seen = 0;
	const long long *pair;
	struct sum sum, digits;
	int sum_read = 0; /* the head's "sum" read by sum_from_digits() */
	size_t i, len;
	char *key;
	int k, r;

	if (jscan_value(sc, &o) < 0 || o.type != JSCAN_OBJECT)
		return 0;
	for (i = 0; (k = head_key(sc, i)) != NKEYS; i++) {
		seen |= 1u << k;
		if (k == SUM && sum_from_digits(sc, &v[SUM], &digits)) {
			sum_read = 1;
			continue;
		}
		if (!scan_member(sc, k, v, &bins, 1))
			return 0;
	}
	/* at the place of "bins", the dense form's two keys */
	if (i == BINS && head_dense(sc, OFFSET)) {
		/* (not scan_member(): inline once more, it slowed the rest) */
		seen |= 1u << OFFSET;
		if ((plain_offset(sc, &v[OFFSET]) == 0 &&
		    jscan_value_full(sc, &v[OFFSET]) < 0) ||
		    v[OFFSET].type != JSCAN_INT)
			return 0;
		if (head_dense(sc, COUNTS)) {
			seen |= 1u << COUNTS;
			if (!scan_counts(sc, pairs, &bins.n, &bins.total,
			    &bins.wide))
				return 0;
		}
	}
	while ((r = jscan_key(sc, &key, &len)) == 1) {
		if ((k = sketch_key(key, len)) == NKEYS || (seen & 1u << k))
			return 0;
		seen |= 1u << k;
		if (!scan_member(sc, k, v, &bins, 0))
			return 0;
	}
	/* every member, the bins in one form: sparse, or dense */
	if (r < 0 || ((seen & ~(1u << EXACT)) != (HEAD_KEYS | 1u << BINS) &&
	    (seen & ~(1u << EXACT)) != (HEAD_KEYS | DENSE_KEYS)))
		return 0;
	out->alpha = is_num(&v[ALPHA]) ? v[ALPHA].num : NAN;
	if (!(out->alpha > 0 && out->alpha < 0.5) ||
	    !scan_bounds(out, out->alpha))
		return 0;
	if (v[COUNT].type != JSCAN_INT || v[COUNT].i < 0 ||
	    v[ZERO].type != JSCAN_INT || v[ZERO].i < 0)
		return 0;
	if (seen & 1u << BINS) {
		pair = (const long long *)(void *)pairs->data + 2;
		/* indexes strictly rising, so in range when the ends are */
		if (bins.n > 0 && (pair[0] < out->idx_min ||
		    pair[2 * bins.n - 2] > out->idx_max))
			return 0;
		out->pairs = pair;
		out->nbins = bins.n;
		out->ncounts = 0;
	} else if (!dense_ok(out, &v[OFFSET], pairs, &bins))
		return 0;
	/* the counts, checked as read, add up with the zeros to the count */
	if (bins.total > COUNT_MAX - (uint64_t)v[ZERO].i ||
	    bins.total + (uint64_t)v[ZERO].i != (uint64_t)v[COUNT].i)
		return 0;
	out->count = (uint64_t)v[COUNT].i;
	out->zero = (uint64_t)v[ZERO].i;
	if (out->count == 0) {
		if (v[MIN].type != JSCAN_NULL || v[MAX].type != JSCAN_NULL)
			return 0;
		out->min = out->max = NAN;
	} else {
		out->min = is_num(&v[MIN]) ? v[MIN].num : NAN;
		out->max = is_num(&v[MAX]) ? v[MAX].num : NAN;
		if (!(out->min >= 0 && out->min <= out->max &&
		    out->max <= DBL_MAX))
			return 0;
	}
	if (v[SUM].type == JSCAN_NULL) {
		if (seen & 1u << EXACT)
			return 0;
		sum.whole = SUM_SAT;
		sum.frac = 0;
	} else if (seen & 1u << EXACT) {
		if (v[EXACT].type != JSCAN_STRING ||
		    !sum_from_text(v[EXACT].str, &sum) || !is_num(&v[SUM]))
			return 0;
		slo_sketch tmp = { .sum = sum }; /* slo_sketch_sum() reads it */
		if (v[SUM].num != slo_sketch_sum(&tmp))
			return 0;
	} else if (sum_read)
		sum = digits;
	else if (!sum_from_double(is_num(&v[SUM]) ? v[SUM].num : NAN,
	    &sum))
		return 0;
	if (out->count == 0 && (sum.whole != 0 || sum.frac != 0))
		return 0;
	out->sum_whole = sum.whole;
	out->sum_frac = sum.frac;
	return 1;
}

/*
 * dst's bins made to hold first .. last.  A sketch without bins yet gets
 * exactly that range: the usual case is a row's new sketch, which stays
 * as it is; the window's live sketch keeps its bins from bucket to
 * bucket, and mostly holds the range already.
 */
static slo_status
hold(slo_sketch *dst, int32_t first, int32_t last)
{
	uint64_t *b;

	if (dst->nbins == 0) {
		if ((b = calloc((size_t)(last - first + 1), sizeof *b)) == NULL)
			return SLO_ENOMEM;
		dst->bins = b;
		dst->lo = first;
		dst->nbins = (uint32_t)(last - first + 1);
		return SLO_OK;
	}
	if (first < dst->lo || (int64_t)last - dst->lo >= (int64_t)dst->nbins)
		return cover(dst, first, last);
	return SLO_OK;
}

/* in's dense counts added into dst's bins, whose range holds them:
 * from 16 bits, most rows', or 64.  A load that widens and an add to
 * memory a count: GCC's vectors (widening 16 to 64 bits in three steps)
 * took half as much again. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-vectorize")))
#endif
static void
add_dense(slo_sketch *dst, const slo_sketch_scan *in)
{
	uint64_t *b = dst->bins + (in->offset - dst->lo);
	const uint16_t *h = in->counts16;
	const uint64_t *c = in->counts;
	size_t n = in->ncounts, k = 0;

	if (h != NULL) {
		/* 16 a turn: the loop's own count and test were a fifth */
		for (; k + 16 <= n; k += 16) {
			b[k] += h[k];
			b[k + 1] += h[k + 1];
			b[k + 2] += h[k + 2];
			b[k + 3] += h[k + 3];
			b[k + 4] += h[k + 4];
			b[k + 5] += h[k + 5];
			b[k + 6] += h[k + 6];
			b[k + 7] += h[k + 7];
			b[k + 8] += h[k + 8];
			b[k + 9] += h[k + 9];
			b[k + 10] += h[k + 10];
			b[k + 11] += h[k + 11];
			b[k + 12] += h[k + 12];
			b[k + 13] += h[k + 13];
			b[k + 14] += h[k + 14];
			b[k + 15] += h[k + 15];
		}
		for (; k + 4 <= n; k += 4) {
			b[k] += h[k];
			b[k + 1] += h[k + 1];
			b[k + 2] += h[k + 2];
			b[k + 3] += h[k + 3];
		}
		for (; k < n; k++)
			b[k] += h[k];
		return;
	}
	for (; k + 4 <= n; k += 4) {
		b[k] += c[k];
		b[k + 1] += c[k + 1];
		b[k + 2] += c[k + 2];
		b[k + 3] += c[k + 3];
	}
	for (; k < n; k++)
		b[k] += c[k];
}

/*
 * in added into dst as slo_sketch_merge() adds the sketch it stands for,
 * its bins in either form.
 */
slo_status
slo_sketch_add_scan(slo_sketch *dst, const slo_sketch_scan *in)
{
	struct sum sum = { in->sum_whole, in->sum_frac };
	const long long *p = in->pairs, *end, *step4;
	int32_t first, last;
	uintptr_t at;
	uint64_t *b;

	if (dst->alpha != in->alpha)
		return SLO_EMISMATCH;
	if (in->count == 0)
		return SLO_OK;
	if (in->count > COUNT_MAX - dst->count)
		return SLO_ERANGE;
	if (in->ncounts > 0) {
		first = (int32_t)in->offset;
		last = (int32_t)(in->offset + (int64_t)in->ncounts - 1);
		if (hold(dst, first, last) != SLO_OK)
			return SLO_ENOMEM;
		add_dense(dst, in);
		note_used(dst, first, last);
	} else if (in->nbins > 0) {
		/* (pairs is NULL in a dense one: no arithmetic on it) */
		end = p + 2 * in->nbins;
		first = (int32_t)p[0];
		last = (int32_t)end[-2];
		/* hold(), inline: a call cost the sparse form 20 a row */
		if (dst->nbins == 0) {
			if ((b = calloc((size_t)(last - first + 1),
			    sizeof *b)) == NULL)
				return SLO_ENOMEM;
			dst->bins = b;
			dst->lo = first;
			dst->nbins = (uint32_t)(last - first + 1);
		} else if ((first < dst->lo ||
		    (int64_t)last - dst->lo >= (int64_t)dst->nbins) &&
		    cover(dst, first, last) != SLO_OK)
			return SLO_ENOMEM;
		/*
		 * The address of bin 0, were the array to reach it, as an
		 * integer (modulo 2^64, so that any lo and index work): the
		 * bin of index i is at + 8 i, one instruction a pair fewer
		 * than b[i - lo].  Every index is in dst's range, so every
		 * address made is one of its bins.
		 */
		at = (uintptr_t)dst->bins - (uintptr_t)(int64_t)dst->lo *
		    sizeof *dst->bins;
#define BIN(i) (*(uint64_t *)(at + (uintptr_t)(i) * sizeof *dst->bins))
		/* four pairs a step: a row's 80 bins or so, each row */
		for (step4 = end - (end - p) % 8; p < step4; p += 8) {
			BIN(p[0]) += (uint64_t)p[1];
			BIN(p[2]) += (uint64_t)p[3];
			BIN(p[4]) += (uint64_t)p[5];
			BIN(p[6]) += (uint64_t)p[7];
		}
		for (; p < end; p += 2)
			BIN(p[0]) += (uint64_t)p[1];
#undef BIN
		note_used(dst, first, last);
	}
	merge_totals(dst, in->zero, sum, in->min, in->max, in->count);
	return SLO_OK;
}

/*
 * The pairs of a run kept by an earlier skip of the same text (read
 * there by jscan_pairs(), unchecked) to out, checked as
 * jscan_pairs_rising() checks what it reads (out[-2]: the index
 * before): 1, or 0 to hand over.
 */
static int
take_run(const jscan_runs *kept, const jscan_run *run, long long *out,
    uint64_t *total)
{
	const long long *p = kept->pairs + 2 * run->first;

	for (size_t i = 0; i < run->n; i++, p += 2, out += 2) {
		if (p[1] < 1 || p[0] <= out[-2] || *total > INT64_MAX ||
		    (uint64_t)p[1] > INT64_MAX - *total)
			return 0;
		*total += (uint64_t)p[1];
		out[0] = p[0];
		out[1] = p[1];
	}
	return 1;
}

/*
 * The i-th key of a sketch in the order slo_sketch_encode() writes them
 * at the cursor, and the cursor moved past it as jscan_key() moves it
 * (the first key just inside '{', the others after a ','; no
 * whitespace, no escape): its member, else NKEYS with nothing moved.
 * Each is compared as a word: the key's bytes where mask has 0xff, and
 * a ':' after the word when len is 9 (the padding after the text covers
 * the word).  jscan_key() would also end the key's string with a NUL;
 * nothing reads it here.  The dense form's keys, longer, are
 * head_dense()'s.
 */
static inline int
head_key(jscan *sc, size_t i)
{
	static const struct {
		char text[8], mask[8];
		unsigned char len, k;
	} keys[] = {
		{ "\"alpha\":", "\xff\xff\xff\xff\xff\xff\xff\xff", 8, ALPHA },
		{ ",\"count\"", "\xff\xff\xff\xff\xff\xff\xff\xff", 9, COUNT },
		{ ",\"sum\":", "\xff\xff\xff\xff\xff\xff\xff", 7, SUM },
		{ ",\"min\":", "\xff\xff\xff\xff\xff\xff\xff", 7, MIN },
		{ ",\"max\":", "\xff\xff\xff\xff\xff\xff\xff", 7, MAX },
		{ ",\"zero\":", "\xff\xff\xff\xff\xff\xff\xff\xff", 8, ZERO },
		{ ",\"bins\":", "\xff\xff\xff\xff\xff\xff\xff\xff", 8, BINS },
	};
	uint64_t w, text, mask;

	if (i >= sizeof keys / sizeof *keys || sc->first != (i == 0))
		return NKEYS;
	memcpy(&w, sc->p, 8);
	memcpy(&text, keys[i].text, 8);
	memcpy(&mask, keys[i].mask, 8);
	if ((w & mask) != text || (keys[i].len == 9 && sc->p[8] != ':'))
		return NKEYS;
	sc->p += keys[i].len;
	sc->first = 0;
	return keys[i].k;
}

/*
 * head_key() of the dense form's keys, where "bins" would be: k, OFFSET
 * or COUNTS, at the cursor as slo_sketch_encode() writes it, ",\"KEY\":"
 * (14 bytes), 1 with the cursor past it, else 0 with nothing moved.  Two
 * words: the first is inside the text (its NUL and JSCAN_PAD bytes after
 * it), the second read only once the first matched eight bytes of text,
 * so it is too.
 */
static int
head_dense(jscan *sc, int k)
{
	const char *t = k == OFFSET ? ",\"bin_offset\":\0\0" :
	    ",\"bin_counts\":\0\0";
	uint64_t a, b, ta, tb;

	memcpy(&a, sc->p, 8);
	memcpy(&ta, t, 8);
	if (a != ta)
		return 0;
	memcpy(&b, sc->p + 8, 8);
	memcpy(&tb, t + 8, 8);
	/* the six bytes of the key's end, the two after them masked off */
	memcpy(&a, "\xff\xff\xff\xff\xff\xff\0\0", 8);
	if ((b & a) != tb)
		return 0;
	sc->p += 14;
	return 1;
}

/*
 * The value of member k at the cursor into v[k] (a scalar), or the bins
 * into b: 1, or 0 to hand over.  head: k is in slo_sketch_encode()'s
 * order, where a ',' follows each member before the bins, and a number
 * written plainly is read in place.
 */
static inline int
scan_member(jscan *sc, int k, jscan_val *v, struct bins_read *b, int head)
{
	if (k == BINS)
		return scan_bins(sc, b->kept, b->base, b->pairs, &b->n,
		    &b->total);
	if (k == COUNTS)
		return scan_counts(sc, b->pairs, &b->n, &b->total, &b->wide);
	if (head ? jscan_value_plain(sc, &v[k], ',', ',') < 0 :
	    jscan_value(sc, &v[k]) < 0)
		return 0;
	return v[k].type != JSCAN_OBJECT && v[k].type != JSCAN_ARRAY;
}
