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

slo_sketch *
slo_sketch_new(double alpha)
{
	slo_sketch *s;

	if (!(alpha > 0 && alpha < 0.5))
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
 *     the span's bins as 4-bit tokens (nibbles, the low one of a byte first):
 *         0 ..  7   a bin of 1 .. 8 values
 *         8 .. 11   a run of 1 .. 4 empty bins
 *         12 N      a bin of 9 + N values
 *         13 N      a run of 5 + N empty bins
 *         14 N      a stretch of 16 + N bins, each the next nibble: its
 *                   count, 0 .. 15
 *       N a number in nibbles of 3 bits each, low first, the high bit set
 *       on all but the last.
 * A minute's latencies mostly fill bins of a few values with short gaps
 * between, so a bin in use takes about half a byte where dense bins take
 * 8 for it and for every empty one around it, and the header about 30
 * where the struct and its allocations take about 150.
 *
 * The middle of a busy bucket's bins, 16 and more without two empty ones
 * side by side nor a count past 15, is a stretch (token 14): written 8
 * bins a step from their counts (dense_scan()) and read a byte of two
 * bins a step, where tokens take a test each; window reads decode every
 * bucket.  A bin takes a nibble there as a token does, but for a count
 * of 9 .. 15 (two as tokens), and the stretch 2 to 4 nibbles to open:
 * about even (the 21,585 buckets of a day of 10^7 events at 1m rolled
 * up take 2,317,283 bytes as tokens alone, 2,298,158 with stretches; of
 * 10^6 events, 1,355,769 and 1,356,435), 2 bytes more a stretch at
 * worst.  Keeping every form as short as tokens (a stretch only where
 * its counts of 9 .. 15 pay) cost as much as stretches save.
 */
#define FROZEN_HEAD_MAX (4 * 10 + 2 * 8 + 5 + 5)
#define TOK_SMALL_COUNT 8 /* tokens 0 .. 7: 1 .. 8 values */
#define TOK_SMALL_GAP 4   /* tokens 8 .. 11: 1 .. 4 empty bins */
#define TOK_COUNT 12
#define TOK_GAP 13
#define TOK_DENSE 14
#define DENSE_MIN 16      /* bins of a stretch, at least */
#define DENSE_MAX 512     /* and at most: longer ones are cut in stretches */

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

/* The writer of tokens: a nibble waits in lo (pend) for the one that
 * completes its byte.  The caller has made room (pack_bound()). */
struct nib_out {
	unsigned char *p;
	unsigned lo;
	int pend;
};

static inline void
nib_put(struct nib_out *o, unsigned v)
{
	if (o->pend)
		*o->p++ = (unsigned char)(o->lo | v << 4);
	else
		o->lo = v;
	o->pend ^= 1;
}

/* Two nibbles, v's low one first. */
static inline void
nib_put2(struct nib_out *o, unsigned v)
{
	if (o->pend) {
		*o->p++ = (unsigned char)(o->lo | (v & 15) << 4);
		o->lo = v >> 4;
	} else {
		*o->p++ = (unsigned char)v;
	}
}

static inline void
nib_put_num(struct nib_out *o, uint64_t x)
{
	for (; x >= 8; x >>= 3)
		nib_put(o, (unsigned)(x & 7) | 8);
	nib_put(o, (unsigned)x);
}

/* The reader: the next nibble is the high one of *p when odd. */
struct nib_in {
	const unsigned char *p;
	unsigned odd;
};

static inline unsigned
nib_get(struct nib_in *r)
{
	unsigned v;

	if (r->odd)
		v = *r->p++ >> 4;
	else
		v = *r->p & 15;
	r->odd ^= 1;
	return v;
}

static uint64_t
nib_get_num(struct nib_in *r)
{
	uint64_t x = 0;
	unsigned v, shift = 0;

	while ((v = nib_get(r)) & 8) {
		x |= (uint64_t)(v & 7) << shift;
		shift += 3;
	}
	return x | (uint64_t)v << shift;
}

/*
 * The most bytes pack_bins() writes for n bins holding count values: a
 * bin of at most 8 values takes a nibble, a run of empty bins at most a
 * nibble a bin, and a bin of c > 8 values 1 + 21 (c < 2^63, 3 bits a
 * nibble), of which there are at most count / 9; a stretch of k >= 16
 * bins a nibble each and at most 4 more (k / 4).
 */
static size_t
pack_bound(size_t n, uint64_t count)
{
	size_t big = count / 9 < n ? (size_t)(count / 9) : n;

	return (n + n / 4 + 21 * big + 1) / 2;
}

/* The lowest bit set in x, not 0. */
static inline unsigned
first_bit(uint32_t x)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctz(x);
#else
	unsigned i = 0;

	for (; !(x & 1); x >>= 1)
		i++;
	return i;
#endif
}

/*
 * How many bins from b[0] make a stretch, at most DENSE_MAX: counts of
 * 0 .. 15, no two empty bins side by side (a run of them is one token),
 * nor the last empty beside an empty next one; their counts into w, 8
 * nibbles a word, the first bin's low.  Eight bins a step: a nibble of
 * the eight packed is empty when it has no bit set.  b[end - b - 1] is
 * in use, so an empty bin has one after it.
 */
static size_t
dense_scan(const uint64_t *b, const uint64_t *end, uint32_t *w)
{
	const uint32_t ones = 0x11111111u;
	size_t n = 0, max = (size_t)(end - b);
	const uint64_t *c;
	uint32_t t, zero, bad;

	if (max > DENSE_MAX)
		max = DENSE_MAX;
	for (; n + 8 <= max; n += 8) {
		c = b + n;
		if ((c[0] | c[1] | c[2] | c[3] | c[4] | c[5] | c[6] | c[7]) > 15)
			break;
		t = (uint32_t)(c[0] | c[1] << 4 | c[2] << 8 | c[3] << 12 |
		    c[4] << 16 | c[5] << 20 | c[6] << 24 | c[7] << 28);
		w[n / 8] = t;
		zero = ~(t | t >> 1 | t >> 2 | t >> 3) & ones;
		bad = zero & (zero >> 4 |
		    (uint32_t)(c + 8 < end && c[8] == 0) << 28);
		if (bad != 0)
			return n + first_bit(bad) / 4;
	}
	for (; n < max; n++) {
		if (b[n] > 15 || (b[n] == 0 && b[n + 1] == 0))
			break;
		if (n % 8 == 0)
			w[n / 8] = 0;
		w[n / 8] |= (uint32_t)b[n] << n % 8 * 4;
	}
	return n;
}

/* The first k nibbles of w, 8 a word, to o. */
static void
nib_put_words(struct nib_out *o, const uint32_t *w, size_t k)
{
	uint32_t x, y;
	size_t i;

	for (i = 0; i + 8 <= k; i += 8) {
		x = w[i / 8];
		/* the 4 bytes of 8 nibbles after the one waiting, if any */
		if (o->pend) {
			y = o->lo | x << 4;
			o->lo = x >> 28;
		} else {
			y = x;
		}
		o->p[0] = (unsigned char)y;
		o->p[1] = (unsigned char)(y >> 8);
		o->p[2] = (unsigned char)(y >> 16);
		o->p[3] = (unsigned char)(y >> 24);
		o->p += 4;
	}
	for (x = i < k ? w[i / 8] : 0; i + 2 <= k; i += 2, x >>= 8)
		nib_put2(o, x & 0xff);
	if (i < k)
		nib_put(o, x & 15);
}

/*
 * The tokens of bins b[0 .. n), b[0] and b[n - 1] in use, to out (room
 * for pack_bound()); how many bytes.  Stretches where they can be, the
 * middle of a minute's latencies; elsewhere two neighbours of 1 .. 8
 * values make a byte in one step, and the writer's state stays in
 * registers: freezing is on every bucket's way out.
 */
static size_t
pack_bins(const uint64_t *b, size_t n, unsigned char *out)
{
	struct nib_out o = { out, 0, 0 };
	const uint64_t *end = b + n, *z, *next = b;
	uint32_t w[DENSE_MAX / 8];
	uint64_t u, v;
	size_t k;

	while (b < end) {
		u = *b - 1; /* 0 .. 7: a bin of 1 .. 8 values; 0 wraps */
		if (u < TOK_SMALL_COUNT) {
			if (b + 1 < end && (v = b[1] - 1) < TOK_SMALL_COUNT) {
				/*
				 * A stretch from b?  Looked for where four
				 * such bins are (where two are, looks that
				 * stop short were three in four), not
				 * before next: one that starts before it
				 * would end where the last look stopped,
				 * short.
				 */
				if (b >= next && end - b >= 4 &&
				    ((b[2] - 1) | (b[3] - 1)) <
				    TOK_SMALL_COUNT) {
					if ((k = dense_scan(b, end, w)) >=
					    DENSE_MIN) {
						nib_put(&o, TOK_DENSE);
						nib_put_num(&o, k - DENSE_MIN);
						nib_put_words(&o, w, k);
						b += k;
						continue;
					}
					next = b + k + 1;
				}
				nib_put2(&o, (unsigned)(u | v << 4));
				b += 2;
			} else {
				nib_put(&o, (unsigned)u);
				b++;
			}
			continue;
		}
		if (*b != 0) {
			nib_put(&o, TOK_COUNT);
			nib_put_num(&o, *b++ - TOK_SMALL_COUNT - 1);
			continue;
		}
		for (z = b; *b == 0; b++)
			;
		if (b - z <= TOK_SMALL_GAP) {
			nib_put(&o, (unsigned)(TOK_SMALL_COUNT + (b - z) - 1));
		} else {
			nib_put(&o, TOK_GAP);
			nib_put_num(&o, (uint64_t)(b - z) - TOK_SMALL_GAP - 1);
		}
	}
	if (o.pend)
		*o.p++ = (unsigned char)o.lo;
	return (size_t)(o.p - out);
}

/*
 * The n counts of a stretch at r added to d[0 .. n), or passed over when
 * d is NULL.  A byte of two a step.
 */
static void
unpack_dense(struct nib_in *r, uint64_t *d, uint64_t n)
{
	const unsigned char *p = r->p;
	uint64_t i = 0;

	if (r->odd) {
		if (d != NULL)
			d[0] += *p >> 4;
		p++;
		i = 1;
	}
	if (d == NULL) {
		p += (n - i) / 2;
		i = n - (n - i) % 2;
	} else {
		/* 8 nibbles a step while 8 are left, all of the stretch */
		for (; i + 8 <= n; i += 8, p += 4) {
			uint32_t w = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
			    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;

			d[i] += w & 15;
			d[i + 1] += w >> 4 & 15;
			d[i + 2] += w >> 8 & 15;
			d[i + 3] += w >> 12 & 15;
			d[i + 4] += w >> 16 & 15;
			d[i + 5] += w >> 20 & 15;
			d[i + 6] += w >> 24 & 15;
			d[i + 7] += w >> 28;
		}
		for (; i + 2 <= n; i += 2, p++) {
			d[i] += *p & 15;
			d[i + 1] += *p >> 4;
		}
	}
	r->odd = 0;
	if (i < n) {
		if (d != NULL)
			d[i] += *p & 15;
		r->odd = 1;
	}
	r->p = p;
}

/*
 * One token at r, its bins added to d (NULL: passed over); how many
 * bins it spans.
 */
static inline uint64_t
unpack_token(struct nib_in *r, uint64_t *d)
{
	unsigned t = nib_get(r);
	uint64_t n;

	if (t < TOK_SMALL_COUNT) {
		if (d != NULL)
			*d += t + 1;
		return 1;
	}
	switch (t) {
	case TOK_COUNT:
		n = TOK_SMALL_COUNT + 1 + nib_get_num(r);
		if (d != NULL)
			*d += n;
		return 1;
	case TOK_GAP:
		return TOK_SMALL_GAP + 1 + nib_get_num(r);
	case TOK_DENSE:
		n = DENSE_MIN + nib_get_num(r);
		unpack_dense(r, d, n);
		return n;
	default:
		return t - TOK_SMALL_COUNT + 1;
	}
}

/*
 * What a byte of two one-nibble tokens adds, by its value, a byte each:
 * the low token's values (0 for a run), the bins it steps over (where
 * the high one's go), the high token's values, and the bins both step
 * over; 0 for a byte with another token in it.
 */
#define TOK_VALUES(t) ((t) < TOK_SMALL_COUNT ? (t) + 1 : 0)
#define TOK_STEP(t) ((t) < TOK_SMALL_COUNT ? 1 : (t) - TOK_SMALL_COUNT + 1)
#define TOK_PAIR(b) ((b) % 16 < TOK_COUNT && (b) / 16 < TOK_COUNT ? \
	(uint32_t)TOK_VALUES((b) % 16) | (uint32_t)TOK_STEP((b) % 16) << 8 | \
	(uint32_t)TOK_VALUES((b) / 16) << 16 | \
	(uint32_t)(TOK_STEP((b) % 16) + TOK_STEP((b) / 16)) << 24 : 0)
#define TOK_PAIRS4(b) TOK_PAIR(b), TOK_PAIR((b) + 1), TOK_PAIR((b) + 2), \
	TOK_PAIR((b) + 3)
#define TOK_PAIRS16(b) TOK_PAIRS4(b), TOK_PAIRS4((b) + 4), \
	TOK_PAIRS4((b) + 8), TOK_PAIRS4((b) + 12)
#define TOK_PAIRS64(b) TOK_PAIRS16(b), TOK_PAIRS16((b) + 16), \
	TOK_PAIRS16((b) + 32), TOK_PAIRS16((b) + 48)
static const uint32_t tok_pair[256] = {
	TOK_PAIRS64(0), TOK_PAIRS64(64), TOK_PAIRS64(128), TOK_PAIRS64(192)
};

/*
 * Adds the bins of the tokens at r to d[0 .. end - d), the buckets they
 * span.  A byte of two one-nibble tokens, most of them, goes through
 * tok_pair[] in one step while 8 bins are left (two tokens step over 8
 * at most): window reads decode every bucket.  Other tokens, and the
 * last few, one by one (a last byte's high nibble may be padding).
 */
static void
unpack_add(struct nib_in *r, uint64_t *d, const uint64_t *end)
{
	const uint64_t *last8;
	const unsigned char *p;
	uint32_t e;

	while (d < end) {
		if (!r->odd && end - d >= 2 * TOK_SMALL_GAP) {
			last8 = end - 2 * TOK_SMALL_GAP;
			for (p = r->p; d <= last8 && (e = tok_pair[*p]) != 0;
			    p++) {
				d[0] += e & 0xff;
				d[e >> 8 & 0xff] += e >> 16 & 0xff;
				d += e >> 24;
			}
			r->p = p;
			if (d == end)
				break;
		}
		d += unpack_token(r, d);
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
 * for FROZEN_HEAD_MAX + pack_bound()); its length. */
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

/*
 * slo_sketch_freeze() of the bins in use, [first, first + span), its
 * length to *bytes: written on the stack when it fits, as it mostly does,
 * and copied into an allocation of its size.
 */
static slo_frozen *
freeze(const slo_sketch *s, uint32_t first, uint64_t span, size_t *bytes)
{
	unsigned char tmp[2048], *f, *g;
	size_t need = FROZEN_HEAD_MAX + pack_bound(span, s->count);

	if (need <= sizeof tmp) {
		*bytes = put_frozen(s, first, span, tmp);
		if ((f = malloc(*bytes)) != NULL)
			memcpy(f, tmp, *bytes);
		return (slo_frozen *)(void *)f;
	}
	if ((f = malloc(need)) == NULL)
		return NULL;
	*bytes = put_frozen(s, first, span, f);
	g = realloc(f, *bytes); /* a shrink: f stays when it fails */
	return (slo_frozen *)(void *)(g != NULL ? g : f);
}

slo_frozen *
slo_sketch_freeze(const slo_sketch *s)
{
	uint32_t first;
	uint64_t span;
	size_t bytes;

	bins_in_use(s, &first, &span);
	return freeze(s, first, span, &bytes);
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
	uint32_t first;
	uint64_t span;
	slo_frozen *f;

	bins_in_use(s, &first, &span);
	if ((f = freeze(s, first, span, bytes)) == NULL)
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
	struct nib_in r;
	slo_sketch h;
	slo_status st;
	uint64_t span, *d;
	int64_t lo;

	r.p = frozen_head((const unsigned char *)(const void *)f, &h, &lo,
	    &span);
	r.odd = 0;
	if (h.count == 0)
		return SLO_OK;
	if (h.count > COUNT_MAX - dst->count)
		return SLO_ERANGE;
	if (span > 0) {
		if ((st = cover(dst, (int32_t)lo, (int32_t)(lo + (int64_t)span -
		    1))) != SLO_OK)
			return st;
		d = dst->bins + (lo - dst->lo);
		unpack_add(&r, d, d + span);
		note_used(dst, (int32_t)lo, (int32_t)(lo + (int64_t)span - 1));
	}
	/* the totals, as slo_sketch_merge() adds them */
	merge_totals(dst, h.zero, h.sum, h.min, h.max, h.count);
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
	struct nib_in r;
	slo_sketch h;
	uint64_t span, i;
	int64_t lo;

	r.p = frozen_head(start, &h, &lo, &span);
	r.odd = 0;
	for (i = 0; i < span; )
		i += unpack_token(&r, NULL);
	return (size_t)(r.p - start) + r.odd;
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

slo_status
slo_sketch_encode(const slo_sketch *s, slo_buf *out)
{
	slo_status st;
	uint32_t j;
	uint64_t k;
	int first = 1;

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
	TRY(slo_buf_printf(out, ",\"zero\":%llu,\"bins\":[",
	    (unsigned long long)s->zero));
	for (j = 0; j < s->nbins; j++) {
		if (s->bins[j] == 0)
			continue;
		TRY(put_bin(out, first, (int64_t)s->lo + j, s->bins[j]));
		first = 0;
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

/*
 * Reads the JSON form back, checking it: every key present and known,
 * counts non-negative integers that add up, bins strictly increasing with
 * positive counts and indexes in range, 0 <= min <= max, a sum that the
 * encoder could have written.  On failure returns NULL and fills err.
 */
slo_sketch *
slo_sketch_from_json(json_t *j, slo_error *err)
{
	/* all needed but the last: sum_exact is optional */
	static const char *keys[] = { "alpha", "count", "sum", "min", "max",
	    "zero", "bins", "sum_exact" };
	slo_sketch *s = NULL;
	json_t *v, *bins, *pair, *exact;
	const char *key;
	uint64_t count, zero, total, c;
	double alpha, d;
	json_int_t idx, prev = 0;
	size_t i, k;

	if (!json_is_object(j))
		return BAD("sketch is not a json object");
	json_object_foreach(j, key, v) {
		for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (strcmp(key, keys[k]) == 0)
				break;
		if (k == sizeof keys / sizeof keys[0])
			return BAD("unknown key '%.100s' in sketch", key);
	}
	for (k = 0; k + 1 < sizeof keys / sizeof keys[0]; k++)
		if (json_object_get(j, keys[k]) == NULL)
			return BAD("missing key '%s' in sketch", keys[k]);
	v = json_object_get(j, "alpha");
	alpha = json_is_number(v) ? json_number_value(v) : NAN;
	if ((s = slo_sketch_new(alpha)) == NULL) {
		if (alpha > 0 && alpha < 0.5) {
			slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
			return NULL;
		}
		return BAD("sketch 'alpha' must be a number in (0, 0.5)");
	}
	if (!get_count(json_object_get(j, "count"), &count))
		return BAD("sketch 'count' must be a non-negative integer");
	if (!get_count(json_object_get(j, "zero"), &zero))
		return BAD("sketch 'zero' must be a non-negative integer");
	bins = json_object_get(j, "bins");
	if (!json_is_array(bins))
		return BAD("sketch 'bins' must be an array");
	total = zero;
	for (i = 0; i < json_array_size(bins); i++) {
		pair = json_array_get(bins, i);
		if (!json_is_array(pair) || json_array_size(pair) != 2 ||
		    !json_is_integer(json_array_get(pair, 0)) ||
		    !get_count(json_array_get(pair, 1), &c) || c == 0)
			return BAD("sketch bin %zu must be [index, count > 0]", i);
		idx = json_integer_value(json_array_get(pair, 0));
		if (idx < s->idx_min || idx > s->idx_max || (i > 0 && idx <= prev))
			return BAD("sketch bin %zu: index out of order or range", i);
		if (c > COUNT_MAX - total)
			return BAD("sketch bin counts overflow");
		total += c;
		prev = idx;
	}
	if (total != count)
		return BAD("sketch 'count' differs from the sum of its buckets");
	if (json_array_size(bins) > 0) {
		idx = json_integer_value(json_array_get(json_array_get(bins, 0), 0));
		note_used(s, (int32_t)idx, (int32_t)prev);
		if (cover(s, (int32_t)idx, (int32_t)prev) != SLO_OK) {
			slo_sketch_free(s);
			slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
			return NULL;
		}
		for (i = 0; i < json_array_size(bins); i++) {
			pair = json_array_get(bins, i);
			idx = json_integer_value(json_array_get(pair, 0));
			s->bins[idx - s->lo] =
			    (uint64_t)json_integer_value(json_array_get(pair, 1));
		}
	}
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

enum { ALPHA, COUNT, SUM, MIN, MAX, ZERO, BINS, EXACT, NKEYS };

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
	default: return NKEYS;
	}
#undef IS
#undef IS3
#undef IS4
#undef IS5
}

static int head_key(jscan *, size_t);

/* A sketch's bins as slo_sketch_scan_jscan() reads them: where from
 * (scan_bins()'s first arguments), how many, their counts' total. */
struct bins_read {
	jscan_runs *kept;
	const char *base;
	slo_buf *pairs;
	size_t n;
	uint64_t total;
};

static int scan_member(jscan *, int, jscan_val *, struct bins_read *, int);

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
	struct bins_read bins = { kept, base, pairs, 0, 0 };
	unsigned seen = 0;
	const long long *pair;
	struct sum sum;
	size_t i, len;
	char *key;
	int k, r;

	if (jscan_value(sc, &o) < 0 || o.type != JSCAN_OBJECT)
		return 0;
	for (i = 0; (k = head_key(sc, i)) != NKEYS; i++) {
		seen |= 1u << k;
		if (!scan_member(sc, k, v, &bins, 1))
			return 0;
	}
	while ((r = jscan_key(sc, &key, &len)) == 1) {
		if ((k = sketch_key(key, len)) == NKEYS || (seen & 1u << k))
			return 0;
		seen |= 1u << k;
		if (!scan_member(sc, k, v, &bins, 0))
			return 0;
	}
	if (r < 0 || (seen & ((1u << EXACT) - 1)) != (1u << EXACT) - 1)
		return 0;
	out->alpha = is_num(&v[ALPHA]) ? v[ALPHA].num : NAN;
	if (!(out->alpha > 0 && out->alpha < 0.5) ||
	    !scan_bounds(out, out->alpha))
		return 0;
	if (v[COUNT].type != JSCAN_INT || v[COUNT].i < 0 ||
	    v[ZERO].type != JSCAN_INT || v[ZERO].i < 0)
		return 0;
	pair = (const long long *)(void *)pairs->data + 2;
	/* indexes strictly rising, so in range when the ends are; the
	 * counts, checked as read, add up with the zeros to the count */
	if (bins.n > 0 && (pair[0] < out->idx_min ||
	    pair[2 * bins.n - 2] > out->idx_max))
		return 0;
	if (bins.total > COUNT_MAX - (uint64_t)v[ZERO].i ||
	    bins.total + (uint64_t)v[ZERO].i != (uint64_t)v[COUNT].i)
		return 0;
	out->count = (uint64_t)v[COUNT].i;
	out->zero = (uint64_t)v[ZERO].i;
	out->pairs = pair;
	out->nbins = bins.n;
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
	} else if (!sum_from_double(is_num(&v[SUM]) ? v[SUM].num : NAN,
	    &sum))
		return 0;
	if (out->count == 0 && (sum.whole != 0 || sum.frac != 0))
		return 0;
	out->sum_whole = sum.whole;
	out->sum_frac = sum.frac;
	return 1;
}

/*
 * in added into dst as slo_sketch_merge() adds the sketch it stands for.
 * A sketch without bins yet gets exactly the range of in's: the usual
 * case is a row's new sketch, which stays as it is.
 */
slo_status
slo_sketch_add_scan(slo_sketch *dst, const slo_sketch_scan *in)
{
	struct sum sum = { in->sum_whole, in->sum_frac };
	const long long *p = in->pairs, *end = p + 2 * in->nbins, *step4;
	int32_t first, last, lo;
	uint64_t *b;

	if (dst->alpha != in->alpha)
		return SLO_EMISMATCH;
	if (in->count == 0)
		return SLO_OK;
	if (in->count > COUNT_MAX - dst->count)
		return SLO_ERANGE;
	if (in->nbins > 0) {
		first = (int32_t)p[0];
		last = (int32_t)end[-2];
		/* the window's live sketch keeps its bins from bucket to
		 * bucket: mostly they hold the range already */
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
		b = dst->bins;
		lo = dst->lo;
		/* four pairs a step: a row's 80 bins or so, each row */
		for (step4 = end - (end - p) % 8; p < step4; p += 8) {
			b[p[0] - lo] += (uint64_t)p[1];
			b[p[2] - lo] += (uint64_t)p[3];
			b[p[4] - lo] += (uint64_t)p[5];
			b[p[6] - lo] += (uint64_t)p[7];
		}
		for (; p < end; p += 2)
			b[p[0] - lo] += (uint64_t)p[1];
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
 * nothing reads it here.
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
	if (head ? jscan_value_plain(sc, &v[k], ',', ',') < 0 :
	    jscan_value(sc, &v[k]) < 0)
		return 0;
	return v[k].type != JSCAN_OBJECT && v[k].type != JSCAN_ARRAY;
}
