/*
 * test_freeze2.c — the frozen form's groups as lib/math/sketch.c packs
 * them (issue 20.5: SSE2 packing, the 4- and 2-bit groups folded) and
 * both readers, slo_sketch_merge_frozen() and slo_sketch_merge_frozen_n()
 * in batches of 1 .. 17.  Two independent methods:
 *   - the bytes: a reference writer here, a bin and a bit at a time,
 *     written from the layout as sketch.c's comment states it, must give
 *     the very bytes of slo_sketch_freeze() after the header (and the
 *     header's first bin and span must be the counts' own);
 *   - the values: every form read back, alone or in batches, must give
 *     the JSON text (every bin, count, sum, extremes) of the live sketch,
 *     or of slo_sketch_merge() of the live sketches.
 * test_freeze2_portable.c builds this file against sketch.c compiled
 * without SSE2 (SLO_FROZEN_PORTABLE): both paths meet the same reference,
 * so they write the same bytes.
 */
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

#define ALPHA 0.01
#define MAXBINS 4200

/* A sketch's bins as the test made them: count[i] in bucket lo + i. */
struct bins {
	int lo;
	int n;
	uint64_t count[MAXBINS];
};

/* n values in bucket i, half a bucket from either end (test_freezefast). */
static void
add_at(slo_sketch *s, int i, uint64_t n)
{
	double lg = log((1 + ALPHA) / (1 - ALPHA));

	assert_int_equal(slo_sketch_add_n(s, exp((i - 0.5) * lg), n), SLO_OK);
}

static slo_sketch *
sketch_of(const struct bins *b)
{
	slo_sketch *s = slo_sketch_new(ALPHA);

	for (int i = 0; i < b->n; i++)
		if (b->count[i] > 0)
			add_at(s, b->lo + i, b->count[i]);
	return s;
}

static void
check_same(const slo_sketch *want, const slo_sketch *got)
{
	char *a = sketch_json(want), *b = sketch_json(got);

	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* ---- the reference writer: the layout of sketch.c, bit by bit ---- */

struct ref {
	unsigned char out[8 * MAXBINS + 64];
	size_t len;
	size_t cls;    /* the class byte with a free high half */
	int half;      /* 1: out[cls]'s high half is free */
};

static void
ref_class(struct ref *r, unsigned k)
{
	if (r->half) {
		r->out[r->cls] |= (unsigned char)(k << 4);
		r->half = 0;
	} else {
		r->cls = r->len;
		r->out[r->len++] = (unsigned char)k;
		r->half = 1;
	}
}

/*
 * Where bin j of a group's field of w bits a bin starts: in order (bit
 * w j), but for a whole group of 4 bits, bins j and j + 4 share byte j
 * (low, high half), and of 2 bits, the even bins fill the first byte and
 * the odd ones the second, each in order.
 */
static unsigned
bit_at(unsigned j, unsigned w, int whole)
{
	if (whole && w == 4)
		return j < 4 ? 8 * j : 8 * (j - 4) + 4;
	if (whole && w == 2)
		return (j & 1) * 8 + (j / 2) * 2;
	return w * j;
}

static void
ref_fields(struct ref *r, const uint64_t *c, unsigned m, unsigned w)
{
	size_t bytes = (m * w + 7) / 8;

	memset(r->out + r->len, 0, bytes);
	for (unsigned j = 0; j < m; j++)
		for (unsigned t = 0; t < w; t++)
			if (c[j] >> t & 1) {
				unsigned bit = bit_at(j, w, m == 8) + t;

				r->out[r->len + bit / 8] |=
				    (unsigned char)(1u << bit % 8);
			}
	r->len += bytes;
}

/* The smallest of the widths 0 1 2 3 4 8 16 64 that holds m: its class. */
static unsigned
ref_class_of(uint64_t m)
{
	static const unsigned width[] = { 0, 1, 2, 3, 4, 8, 16, 64 };

	for (unsigned k = 0; k < 7; k++)
		if (width[k] == 64 || m < (uint64_t)1 << width[k])
			return k;
	return 7;
}

static void
ref_encode(const struct bins *b, struct ref *r)
{
	static const unsigned width[] = { 0, 1, 2, 3, 4, 8, 16, 64 };
	int i = 0;

	memset(r, 0, sizeof *r);
	while (i + 8 <= b->n) {
		const uint64_t *c = b->count + i;
		uint64_t m = 0;
		int e = 0, ones = 0, at = 0;

		for (int j = 0; j < 8; j++) {
			m |= c[j];
			if (c[j] > 0)
				ones++, at = j;
		}
		if (m == 0) {
			/* empty whole groups: runs of 2 .. 257, a byte each
			 * (the run less 2), or one alone as class 0 */
			while (i + 8 * (e + 1) <= b->n && e < 257) {
				uint64_t z = 0;

				for (int j = 0; j < 8; j++)
					z |= b->count[i + 8 * e + j];
				if (z != 0)
					break;
				e++;
			}
			if (e >= 2) {
				ref_class(r, 8);
				r->out[r->len++] = (unsigned char)(e - 2);
			} else {
				ref_class(r, 0);
			}
			i += 8 * e;
			continue;
		}
		if (ones == 1 && c[at] == 1 && at < 7) {
			ref_class(r, 9 + (unsigned)at); /* one value, no field */
		} else {
			unsigned k = ref_class_of(m);

			ref_class(r, k);
			ref_fields(r, c, 8, width[k]);
		}
		i += 8;
	}
	if (i < b->n) {
		uint64_t m = 0;
		unsigned k;

		for (int j = i; j < b->n; j++)
			m |= b->count[j];
		k = ref_class_of(m);
		ref_class(r, k);
		ref_fields(r, b->count + i, (unsigned)(b->n - i), width[k]);
	}
}

static const unsigned char *
leb(const unsigned char *p, uint64_t *x)
{
	unsigned shift = 0;

	*x = 0;
	do
		*x |= (uint64_t)(*p & 0x7f) << shift, shift += 7;
	while (*p++ & 0x80);
	return p;
}

/*
 * f's bytes against the reference: the header's first bin (zigzag) and
 * span are b's, and every byte after them is the reference writer's.
 */
static void
check_bytes(const struct bins *b, const slo_frozen *f)
{
	const unsigned char *p = (const void *)f, *start = p;
	static struct ref r;
	uint64_t x, lo, span;

	for (int i = 0; i < 4; i++)
		p = leb(p, &x); /* count, zero, sum whole, sum quanta */
	p = leb(p + 16, &lo); /* past min and max */
	p = leb(p, &span);
	assert_int_equal(span, (uint64_t)b->n);
	assert_int_equal(lo, b->lo < 0 ? (uint64_t)(-(int64_t)b->lo - 1) * 2 + 1 :
	    (uint64_t)b->lo * 2);
	ref_encode(b, &r);
	assert_int_equal(slo_frozen_bytes(f), (size_t)(p - start) + r.len);
	assert_memory_equal(p, r.out, r.len);
}

/*
 * b frozen (and frozen-and-wiped: the same bytes, the sketch emptied
 * and, given b again, frozen the same), checked byte for byte, and read
 * back alone, into an empty sketch and into one with values.
 */
static void
check_bins(const struct bins *b)
{
	slo_sketch *s = sketch_of(b), *t = slo_sketch_new(ALPHA);
	slo_sketch *u = slo_sketch_new(ALPHA), *v;
	slo_frozen *f = slo_sketch_freeze(s), *g;
	size_t bytes;

	assert_non_null(f);
	check_bytes(b, f);
	assert_int_equal(slo_sketch_merge_frozen(t, f), SLO_OK);
	check_same(s, t);

	add_at(u, b->lo + b->n / 2, 3);
	add_at(u, b->lo - 40, 1);
	v = slo_sketch_clone(u);
	assert_int_equal(slo_sketch_merge(u, s), SLO_OK);
	assert_int_equal(slo_sketch_merge_frozen(v, f), SLO_OK);
	check_same(u, v);

	/* wiped: the same bytes; refilled with b: the same bytes again */
	slo_sketch_free(v);
	v = slo_sketch_clone(s);
	assert_non_null(g = slo_sketch_freeze_wipe(v, &bytes));
	assert_int_equal(bytes, slo_frozen_bytes(f));
	assert_memory_equal(g, f, bytes);
	assert_int_equal(slo_sketch_count(v), 0);
	slo_frozen_free(g);
	for (int i = 0; i < b->n; i++)
		if (b->count[i] > 0)
			add_at(v, b->lo + i, b->count[i]);
	assert_non_null(g = slo_sketch_freeze_wipe(v, &bytes));
	assert_memory_equal(g, f, slo_frozen_bytes(f));

	slo_frozen_free(g);
	slo_frozen_free(f);
	slo_sketch_free(s);
	slo_sketch_free(t);
	slo_sketch_free(u);
	slo_sketch_free(v);
}

/* b of n bins from lo, all 0 but the first and last (1 each). */
static void
bins_init(struct bins *b, int lo, int n)
{
	memset(b, 0, sizeof *b);
	b->lo = lo;
	b->n = n;
	b->count[0] = 1;
	b->count[n - 1] = 1;
}

/*
 * Every class's edges (0, 1, 15, 16, 255, 256, 65535, 65536, 2^32 and
 * 2^63 less a little) in every bin of a whole group, beside groups
 * of 15s and of 1s, and as the last bin of a last group of each length.
 */
static void
test_edges(void **state)
{
	static const uint64_t edge[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 255, 256, 65535, 65536,
		(uint64_t)1 << 32, (uint64_t)INT64_MAX - 1000 /* the total fits */
	};
	static struct bins b;

	(void)state;
	for (size_t e = 0; e < sizeof edge / sizeof edge[0]; e++) {
		for (int j = 0; j < 8; j++) {
			for (int fill = 0; fill < 3; fill++) {
				bins_init(&b, -3, 25); /* groups 3 whole, 1 bin */
				for (int k = 8; k < 16; k++)
					b.count[k] = fill == 0 ? 0 : fill == 1 ?
					    1 : 15;
				b.count[8 + j] = edge[e];
				check_bins(&b);
			}
		}
		for (int len = 1; len <= 17; len++) {
			bins_init(&b, 100, len);
			for (int k = 0; k < len - 1; k++)
				b.count[k] = 3;
			b.count[len - 1] = edge[e] > 0 ? edge[e] : 1;
			check_bins(&b);
		}
	}
}

/*
 * Shapes: one bin (a lone value); a lone value in each bin of a group
 * (class 9 .. 15, and bin 7 a 1-bit field); every span 1 .. 300; runs of
 * 1, 2, 256, 257, 258 and 515 empty groups between two bins.
 */
static void
test_shapes(void **state)
{
	static const int runs[] = { 1, 2, 256, 257, 258, 515 };
	static struct bins b;

	(void)state;
	bins_init(&b, 7, 1);
	check_bins(&b);
	bins_init(&b, -1000, 1);
	b.count[0] = 9;
	check_bins(&b);
	for (int j = 0; j < 8; j++) {
		bins_init(&b, 0, 33);
		b.count[8 + j] = 1;
		b.count[16 + j] = 2;
		b.count[24 + (j + 3) % 8] = 1;
		check_bins(&b);
	}
	for (int n = 1; n <= 300; n++) {
		bins_init(&b, n - 150, n);
		for (int i = 1; i < n - 1; i++)
			b.count[i] = (uint64_t)(i * 7 % 17 > 12 ? 0 : i % 16);
		check_bins(&b);
	}
	for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
		for (int off = 0; off < 8; off++) {
			bins_init(&b, 20, 8 * (runs[k] + 1) + off + 4);
			b.count[3] = 5;
			b.count[8 * (runs[k] + 1) + off] = 12;
			check_bins(&b);
		}
	}
}

/* Random bins: spans 1 .. 300 anywhere, counts mostly below 16 (as a
 * minute's latencies are), stretches of empty bins, a few wide counts. */
static void
random_bins(struct bins *b, uint64_t *x)
{
	int n = 1 + (int)(xs64(x) % 300);

	bins_init(b, (int)(xs64(x) % 3500) - 1000, n); /* 1e-9 is bin -1036 */
	for (int i = 0; i < n; i++) {
		uint64_t r = xs64(x) % 1000;

		if (r < 150) {
			i += (int)(xs64(x) % (r < 15 ? 40 : 9));
			continue;
		}
		b->count[i] = r < 900 ? xs64(x) % 16 : r < 980 ?
		    16 + xs64(x) % 240 : r < 995 ? 256 + xs64(x) % 70000 :
		    (uint64_t)1 << (17 + xs64(x) % 30);
	}
	if (b->count[0] == 0)
		b->count[0] = 1;
	if (b->count[n - 1] == 0)
		b->count[n - 1] = 2;
}

static void
test_random(void **state)
{
	static struct bins b;
	uint64_t x = 0x9e3779b97f4a7c15ull;

	(void)state;
	for (int k = 0; k < 3000; k++) {
		random_bins(&b, &x);
		check_bins(&b);
	}
}

/*
 * Batches of 1 .. 17 random forms (a fifth of them of counts above 15,
 * read past the lanes) merged at once into a sketch holding values: the
 * same text as merging their live sketches one by one.
 */
static void
test_batches(void **state)
{
	static struct bins b;
	uint64_t x = 42;

	(void)state;
	for (int round = 0; round < 40; round++) {
		for (size_t n = 1; n <= SLO_FROZEN_BATCH; n++) {
			slo_frozen *f[SLO_FROZEN_BATCH];
			slo_sketch *a = slo_sketch_new(ALPHA), *c;

			add_at(a, 500, 2);
			c = slo_sketch_clone(a);
			for (size_t i = 0; i < n; i++) {
				slo_sketch *s;

				random_bins(&b, &x);
				s = sketch_of(&b);
				assert_non_null(f[i] = slo_sketch_freeze(s));
				assert_int_equal(slo_sketch_merge(a, s), SLO_OK);
				slo_sketch_free(s);
			}
			assert_int_equal(slo_sketch_merge_frozen_n(c,
			    (const slo_frozen *const *)f, n), SLO_OK);
			check_same(a, c);
			for (size_t i = 0; i < n; i++)
				slo_frozen_free(f[i]);
			slo_sketch_free(a);
			slo_sketch_free(c);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_batches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
