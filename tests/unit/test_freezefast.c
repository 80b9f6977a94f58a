/*
 * test_freezefast.c — the frozen form of groups (lib/math/sketch.c, issue
 * 20.5) and the window's merge of frozen buckets a batch at a time
 * (slo_sketch_merge_frozen_n()).  The second method throughout is the
 * unfrozen sketch itself: every form thawed, and every batch merged, is
 * compared bin for bin (the JSON text lists every bin) with the sketch,
 * or with slo_sketch_merge() of the sketches, for counts at each width's
 * edge (15, 16, 255, 256, 65535, 65536, 2^32, 2^63 - 1), empty sketches,
 * zeros alone, one bin, every length of a last group, groups of a single
 * value in each of their bins, runs of empty groups about the run's
 * limit (257) and the widest range of bins.
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
#include "slo_sketch_frozen.h"
#include "slo_sketch_json.h"
#include "sketch_helpers.h"

#define ALPHA 0.01

/* got holds the very values of want: every bin, count, sum and the
 * extremes (all in the JSON text). */
static void
check_same(const slo_sketch *want, const slo_sketch *got)
{
	char *a = sketch_json(want), *b = sketch_json(got);

	assert_string_equal(a, b);
	free(a);
	free(b);
}

/*
 * n values in bucket i: gamma^(i - 1/2) is inside (gamma^(i-1), gamma^i],
 * half a bucket from either end, where rounding cannot move it.
 */
static void
add_at(slo_sketch *s, int i, uint64_t n)
{
	double lg = log((1 + ALPHA) / (1 - ALPHA));

	assert_int_equal(slo_sketch_add_n(s, exp((i - 0.5) * lg), n), SLO_OK);
}

/* s frozen and thawed (merged into an empty sketch), and merged into a
 * sketch with values alone and in a batch of one, as s itself merges;
 * freeze_wipe gives the same form. */
static void
check_round_trip(const slo_sketch *s)
{
	slo_sketch *t = slo_sketch_new(ALPHA), *a, *b, *c, *w;
	slo_frozen *f = slo_sketch_freeze(s), *g;
	size_t bytes;

	assert_non_null(f);
	assert_int_equal(slo_frozen_count(f), slo_sketch_count(s));
	assert_int_equal(slo_sketch_merge_frozen(t, f), SLO_OK);
	check_same(s, t);

	a = slo_sketch_new(ALPHA);
	add_at(a, 300, 3);
	add_at(a, 2, 1);
	b = slo_sketch_clone(a);
	c = slo_sketch_clone(a);
	assert_int_equal(slo_sketch_merge(a, s), SLO_OK);
	assert_int_equal(slo_sketch_merge_frozen(b, f), SLO_OK);
	assert_int_equal(slo_sketch_merge_frozen_n(c,
	    (const slo_frozen *const *)&f, 1), SLO_OK);
	check_same(a, b);
	check_same(a, c);

	w = slo_sketch_clone(s);
	g = slo_sketch_freeze_wipe(w, &bytes);
	assert_non_null(g);
	assert_int_equal(bytes, slo_frozen_bytes(f));
	assert_memory_equal(g, f, bytes);
	assert_int_equal(slo_sketch_count(w), 0);

	slo_frozen_free(g);
	slo_frozen_free(f);
	slo_sketch_free(w);
	slo_sketch_free(a);
	slo_sketch_free(b);
	slo_sketch_free(c);
	slo_sketch_free(t);
}

/*
 * A count at each width's edge (the fields are 0 1 2 3 4 8 16 64 bits),
 * alone, in a group of 8 beside counts of 1, and as the last bin of a
 * last group of every length: read back to the same bins.
 */
static void
test_count_edges(void **state)
{
	static const uint64_t counts[] = {
		1, 2, 3, 4, 7, 8, 15, 16, 255, 256, 65535, 65536,
		(uint64_t)1 << 32, ((uint64_t)1 << 32) + 1,
		(uint64_t)INT64_MAX - 64
	};

	(void)state;
	for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
		slo_sketch *s = slo_sketch_new(ALPHA);

		add_at(s, 200, counts[k]);
		check_round_trip(s);
		slo_sketch_free(s);
		for (int len = 1; len <= 17; len++) {
			s = slo_sketch_new(ALPHA);
			for (int i = 0; i < len - 1; i++)
				add_at(s, 100 + i, 1);
			add_at(s, 100 + len - 1, counts[k]);
			check_round_trip(s);
			slo_sketch_free(s);
		}
	}
}

/*
 * Sketches of no bins: empty, zeros alone; one bin anywhere in the index
 * range; the widest range (1e-9 .. DBL_MAX, 36,525 bins and 4,564 empty
 * groups in runs); runs of empty groups about the run's limit of 257:
 * 1, 2, 256, 257, 258, 514 and 515 empty groups between two bins.
 */
static void
test_shapes(void **state)
{
	static const int runs[] = { 1, 2, 256, 257, 258, 514, 515 };
	slo_sketch *s;

	(void)state;
	s = slo_sketch_new(ALPHA);
	check_round_trip(s);
	assert_int_equal(slo_sketch_add_n(s, 0, 5), SLO_OK);
	check_round_trip(s);
	slo_sketch_free(s);

	for (int i = -1036; i < 35488; i += 997) {
		s = slo_sketch_new(ALPHA);
		add_at(s, i, 3);
		check_round_trip(s);
		slo_sketch_free(s);
	}

	s = slo_sketch_new(ALPHA);
	assert_int_equal(slo_sketch_add(s, 1e-9), SLO_OK);
	assert_int_equal(slo_sketch_add(s, DBL_MAX), SLO_OK);
	assert_int_equal(slo_sketch_add_n(s, 0, 2), SLO_OK);
	check_round_trip(s);
	slo_sketch_free(s);

	for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
		for (int off = 0; off < 8; off++) {
			s = slo_sketch_new(ALPHA);
			add_at(s, 0, 2);
			add_at(s, off + 8 * (runs[k] + 1), 9);
			add_at(s, off + 8 * (runs[k] + 1) + 3, 1);
			check_round_trip(s);
			slo_sketch_free(s);
		}
	}
}

/*
 * A whole group of one value (class 9 .. 15 for bins 0 .. 6 of it, no
 * field; bin 7 a 1-bit field), between groups of every kind, and 17 such
 * forms merged in one batch: the same bins as the sketches themselves.
 */
static void
test_one_value(void **state)
{
	(void)state;
	for (int pos = 0; pos < 8; pos++) {
		for (int before = 0; before < 3; before++) {
			slo_sketch *s = slo_sketch_new(ALPHA);
			slo_sketch *a = slo_sketch_new(ALPHA);
			slo_sketch *c = slo_sketch_new(ALPHA);
			slo_frozen *f[SLO_FROZEN_BATCH];

			/* a first group empty, of one value, or of 15s */
			add_at(s, 0, 1);
			if (before == 1)
				add_at(s, 3, 1);
			if (before == 2)
				for (int i = 1; i < 8; i++)
					add_at(s, i, 15);
			add_at(s, 8 + pos, 1);
			add_at(s, 16 + pos, 1); /* and again, on its own */
			add_at(s, 27, 2);       /* a last group of 4 bins */
			check_round_trip(s);
			for (int i = 0; i < SLO_FROZEN_BATCH; i++) {
				f[i] = slo_sketch_freeze(s);
				assert_int_equal(slo_sketch_merge(a, s), SLO_OK);
			}
			assert_int_equal(slo_sketch_merge_frozen_n(c,
			    (const slo_frozen *const *)f, SLO_FROZEN_BATCH),
			    SLO_OK);
			check_same(a, c);
			for (int i = 0; i < SLO_FROZEN_BATCH; i++)
				slo_frozen_free(f[i]);
			slo_sketch_free(s);
			slo_sketch_free(a);
			slo_sketch_free(c);
		}
	}
}

/* A random sketch: bins over 1 .. 600 from anywhere, counts mostly of a
 * few values, some past 15, 255 and 65535, runs of empty bins, zeros. */
static slo_sketch *
random_sketch(uint64_t *x)
{
	slo_sketch *s = slo_sketch_new(ALPHA);
	int n = (int)(xs64(x) % 600), lo = (int)(xs64(x) % 3000) - 1000;

	if (xs64(x) % 10 == 0)
		return s; /* empty */
	if (xs64(x) % 5 == 0)
		assert_int_equal(slo_sketch_add_n(s, 0, 1 + xs64(x) % 9),
		    SLO_OK);
	for (int i = 0; i < n; i++) {
		uint64_t r = xs64(x) % 1000;

		if (r < 300) {
			i += (int)(xs64(x) % (r < 20 ? 3000 : 12));
			continue;
		}
		add_at(s, lo + i, r < 900 ? 1 + xs64(x) % 15 : r < 980 ?
		    16 + xs64(x) % 240 : r < 995 ? 256 + xs64(x) % 70000 :
		    (uint64_t)1 << (17 + xs64(x) % 30));
	}
	return s;
}

/*
 * Batches of 1 .. 17 random frozen sketches merged at once into a sketch
 * with values: the same bins as merging the sketches one by one, and as
 * merging the frozen forms one by one.
 */
static void
test_batches(void **state)
{
	uint64_t x = 0xfeedfaceULL;

	(void)state;
	for (int round = 0; round < 120; round++) {
		size_t n = 1 + round % SLO_FROZEN_BATCH;
		slo_sketch *s[SLO_FROZEN_BATCH], *a, *b, *c;
		slo_frozen *f[SLO_FROZEN_BATCH];

		a = random_sketch(&x);
		b = slo_sketch_clone(a);
		c = slo_sketch_clone(a);
		for (size_t i = 0; i < n; i++) {
			s[i] = random_sketch(&x);
			f[i] = slo_sketch_freeze(s[i]);
			assert_non_null(f[i]);
			assert_int_equal(slo_sketch_merge(a, s[i]), SLO_OK);
			assert_int_equal(slo_sketch_merge_frozen(b, f[i]), SLO_OK);
		}
		assert_int_equal(slo_sketch_merge_frozen_n(c,
		    (const slo_frozen *const *)f, n), SLO_OK);
		check_same(a, b);
		check_same(a, c);
		for (size_t i = 0; i < n; i++) {
			check_round_trip(s[i]);
			slo_frozen_free(f[i]);
			slo_sketch_free(s[i]);
		}
		slo_sketch_free(a);
		slo_sketch_free(b);
		slo_sketch_free(c);
	}
}

/*
 * 17 forms of counts of 15 in every bin, the most a batch adds up a byte
 * a bin (17 * 15 = 255): the sums are exact, 255 a bin.
 */
static void
test_batch_full_lanes(void **state)
{
	slo_sketch *s = slo_sketch_new(ALPHA), *d = slo_sketch_new(ALPHA);
	slo_frozen *f[SLO_FROZEN_BATCH];
	char *text;

	(void)state;
	for (int i = 0; i < 24; i++)
		add_at(s, 50 + i, 15);
	for (int i = 0; i < SLO_FROZEN_BATCH; i++)
		f[i] = slo_sketch_freeze(s);
	assert_int_equal(slo_sketch_merge_frozen_n(d,
	    (const slo_frozen *const *)f, SLO_FROZEN_BATCH), SLO_OK);
	assert_int_equal(slo_sketch_count(d), 24 * 255);
	/* bins 50 .. 73 of 255 each: the dense form is the shorter
	 * (slo-events(5)), so read back as pairs */
	text = sketch_json_sparse(d);
	assert_non_null(strstr(text, "[50,255],[51,255]"));
	assert_non_null(strstr(text, "[73,255]]"));
	free(text);
	for (int i = 0; i < SLO_FROZEN_BATCH; i++)
		slo_frozen_free(f[i]);
	slo_sketch_free(s);
	slo_sketch_free(d);
}

/* More than a batch is refused; a batch past INT64_MAX values is
 * refused as slo_sketch_merge_frozen() refuses it, changing nothing. */
static void
test_batch_errors(void **state)
{
	slo_sketch *s = slo_sketch_new(ALPHA), *d = slo_sketch_new(ALPHA);
	slo_frozen *f[SLO_FROZEN_BATCH + 1];
	char *before, *after;

	(void)state;
	add_at(s, 10, 7);
	add_at(s, 40, 1);
	for (int i = 0; i <= SLO_FROZEN_BATCH; i++)
		f[i] = slo_sketch_freeze(s);
	assert_int_equal(slo_sketch_merge_frozen_n(d,
	    (const slo_frozen *const *)f, SLO_FROZEN_BATCH + 1), SLO_EINVAL);
	assert_int_equal(slo_sketch_count(d), 0);

	add_at(d, 500, (uint64_t)INT64_MAX - 20);
	before = sketch_json(d);
	assert_int_equal(slo_sketch_merge_frozen_n(d,
	    (const slo_frozen *const *)f, 3), SLO_ERANGE);
	after = sketch_json(d);
	assert_string_equal(before, after);
	free(before);
	free(after);
	for (int i = 0; i <= SLO_FROZEN_BATCH; i++)
		slo_frozen_free(f[i]);
	slo_sketch_free(s);
	slo_sketch_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_edges),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_one_value),
		cmocka_unit_test(test_batches),
		cmocka_unit_test(test_batch_full_lanes),
		cmocka_unit_test(test_batch_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
