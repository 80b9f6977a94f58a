/*
 * test_sketchwin2.c — the frozen form's bins (lib/math/sketch.c, issue
 * 20.5): groups of 8 bins, each as wide as its largest count needs (once
 * tokens and stretches of a nibble a bin).  Sizes worked out by hand
 * from the layout for bins given as JSON (slo_sketch_from_json(), so
 * that every count is the one written), the form before beside each;
 * every form thawed back to the very same sketch (its JSON text, the
 * second method), and random bins of every kind (counts 0 .. 40, runs
 * of empty bins, over 1 .. 1500 bins) round-tripped and merged as the
 * sketch itself merges.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "slo_math.h"
#include "slo_sketch_frozen.h"
#include "slo_sketch_json.h"
#include "jscan_int.h"
#include "sketch_helpers.h"

/*
 * The sketch of alpha 0.01 with bins lo, lo + 1, ... of counts c[0 .. n)
 * (0: no bin), min 100, max 150 and the sum given (whole units): the
 * header's numbers are the caller's to count.
 */
static slo_sketch *
sketch_of(int lo, const uint64_t *c, size_t n, unsigned sum)
{
	slo_buf b = { 0 };
	slo_sketch *s;
	json_t *j;
	uint64_t count = 0;
	int first = 1;

	for (size_t i = 0; i < n; i++)
		count += c[i];
	assert_int_equal(slo_buf_printf(&b, "{\"alpha\":0.01,\"count\":%llu,"
	    "\"sum\":%u,\"min\":100,\"max\":150,\"zero\":0,\"bins\":[",
	    (unsigned long long)count, sum), SLO_OK);
	for (size_t i = 0; i < n; i++) {
		if (c[i] == 0)
			continue;
		assert_int_equal(slo_buf_printf(&b, "%s[%d,%llu]",
		    first ? "" : ",", lo + (int)i, (unsigned long long)c[i]),
		    SLO_OK);
		first = 0;
	}
	assert_int_equal(slo_buf_puts(&b, "]}"), SLO_OK);
	j = json_loads(b.data, 0, NULL);
	assert_non_null(j);
	s = slo_sketch_from_json(j, NULL);
	assert_non_null(s);
	json_decref(j);
	slo_buf_release(&b);
	return s;
}

/* f thawed is s again, to the last byte of its JSON form. */
static void
check_thaw(const slo_sketch *s, const slo_frozen *f)
{
	slo_sketch *t = slo_sketch_new(slo_sketch_alpha(s));
	char *want = sketch_json(s), *got;

	assert_int_equal(slo_sketch_merge_frozen(t, f), SLO_OK);
	got = sketch_json(t);
	assert_string_equal(got, want);
	free(want);
	free(got);
	slo_sketch_free(t);
}

static void
check_size(int lo, const uint64_t *c, size_t n, unsigned sum, size_t bytes)
{
	slo_sketch *s = sketch_of(lo, c, n, sum);
	slo_frozen *f = slo_sketch_freeze(s);

	assert_non_null(f);
	assert_int_equal(slo_frozen_bytes(f), bytes);
	check_thaw(s, f);
	slo_frozen_free(f);
	slo_sketch_free(s);
}

/*
 * Worked out by hand (LEB128 7 bits a byte; zigzag 2 i for i >= 0; bins
 * in groups of 8, the last of what is left, each a 4-bit class (two a
 * byte) and a field a bin of 0 1 2 3 4 8 16 64 bits, the fewest that
 * hold the group's largest count, in whole bytes).  The form of tokens
 * and stretches before it in brackets (issue 20.5, freezefast: groups
 * replaced it):
 *
 * A. bins 231 .. 250 of 1 2 3 4 5 6 7 8 9 (240 empty) 10 11 12 13 14 15
 *    1 2 3 4: count 130 (2 bytes), zero 0 (1), sum 3000 (2) and 0 (1),
 *    min and max (16), lo 462 (2), span 20 (1): a header of 25.  Groups
 *    1 .. 8 and 9 0 10 .. 15 of 4 bits (4 bytes each), 1 2 3 4 of 3 (12
 *    bits, 2 bytes), 3 classes (2 bytes): 37 [36].
 * B. A with bin 225 of 20 before: count 150 (2), lo 450 (2), span 26
 *    (1): the header 25 still; 20 0 0 0 0 0 1 2 of 8 bits (8 bytes), 3
 *    .. 9 0 and 10 .. 15 1 2 of 4 (4 each), 3 4 of 3 (6 bits, a byte),
 *    4 classes (2): 44 [39]: a count past 15 widens its group to a byte
 *    a bin.
 * C. bins 300 .. 315 of 1, 316 and 317 empty, 318 .. 333 of 2: count 48
 *    (1), 0 (1), 5000 (2), 0 (1), 16, lo 600 (2), span 34 (1): 24; two
 *    groups of 1 bit (a byte each), two of 2 (2 each), 2 2 of 2 (a
 *    byte), 5 classes (3): 34 [43].
 * D. 600 bins of 1 from 100: count 600 (2), 0 (1), 60000 (3), 0 (1),
 *    16, lo 200 (2), span 600 (2): 27; 75 groups of 1 bit (a byte
 *    each), 75 classes (38): 140 [331].
 */
static void
test_group_sizes(void **state)
{
	uint64_t a[26] = { 20, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0,
	    10, 11, 12, 13, 14, 15, 1, 2, 3, 4 };
	uint64_t c[34], d[600];

	(void)state;
	check_size(231, a + 6, 20, 3000, 37);
	check_size(225, a, 26, 3000, 44);
	for (int i = 0; i < 34; i++)
		c[i] = i < 16 ? 1 : i < 18 ? 0 : 2;
	check_size(300, c, 34, 5000, 34);
	for (int i = 0; i < 600; i++)
		d[i] = 1;
	check_size(100, d, 600, 60000, 140);
}

/*
 * 300 random bin arrays of every kind the form has: counts 1 .. 8 (most),
 * 9 .. 15, 16 .. 40 and runs of 1 .. 7 empty bins, over 1 .. 1500 bins
 * from anywhere in the index range of alpha 0.01 (groups of 0 .. 8 bits
 * a bin, side by side, and a last group of any length), frozen and
 * thawed back to the same JSON; slo_sketch_freeze_wipe() gives the same
 * form and its length; merged into a sketch with values, the same as
 * merging the sketch itself.
 */
static void
test_stretch_random(void **state)
{
	static uint64_t c[1500];
	uint64_t x = 0x5eed5eedULL;

	(void)state;
	for (int round = 0; round < 300; round++) {
		size_t n = 1 + (size_t)(xs64(&x) % 1500), i = 0, bytes;
		int lo = (int)(xs64(&x) % 3000) - 1000;
		slo_sketch *s, *w, *a, *b;
		slo_frozen *f, *g;
		char *ta, *tb;

		while (i < n) {
			uint64_t r = xs64(&x) % 100;

			if (r < 15) { /* a run of empty bins */
				for (uint64_t k = 1 + xs64(&x) % 7; k > 0 &&
				    i < n; k--)
					c[i++] = 0;
				continue;
			}
			c[i++] = r < 80 ? 1 + xs64(&x) % 8 : r < 93 ?
			    9 + xs64(&x) % 7 : 16 + xs64(&x) % 25;
		}
		c[0] = c[0] == 0 ? 1 : c[0]; /* the ends in use */
		c[n - 1] = c[n - 1] == 0 ? 2 : c[n - 1];
		s = sketch_of(lo, c, n, 1000);
		f = slo_sketch_freeze(s);
		assert_non_null(f);
		check_thaw(s, f);

		w = slo_sketch_clone(s);
		g = slo_sketch_freeze_wipe(w, &bytes);
		assert_non_null(g);
		assert_int_equal(bytes, slo_frozen_bytes(f));
		assert_memory_equal(g, f, bytes);
		assert_int_equal(slo_sketch_count(w), 0);

		a = sketch_of(lo + 7, c, n / 2 + 1, 500);
		b = slo_sketch_clone(a);
		assert_int_equal(slo_sketch_merge(a, s), SLO_OK);
		assert_int_equal(slo_sketch_merge_frozen(b, f), SLO_OK);
		ta = sketch_json(a);
		tb = sketch_json(b);
		assert_string_equal(ta, tb);
		free(ta);
		free(tb);
		slo_frozen_free(f);
		slo_frozen_free(g);
		slo_sketch_free(s);
		slo_sketch_free(w);
		slo_sketch_free(a);
		slo_sketch_free(b);
	}
}

/*
 * A "sum" in thousandths read back exactly, whichever of the integers
 * next to sum * 1000 it is (sum_from_double() tries the rounded one
 * first): 4458794752449.112 * 1000 rounds to ...113 in doubles (python3:
 * math.floor(4458794752449112 / 1000 * 1000 + 0.5)), the thousandths
 * are ...112; 123456789012.345 is its own rounding.  Written back as
 * read, with no "sum_exact" (thousandths a double holds).
 */
static void
test_sum_thousandths(void **state)
{
	static const char *sums[] = { "4458794752449.112", "123456789012.345" };
	char text[200], want[64];

	(void)state;
	for (size_t i = 0; i < sizeof sums / sizeof sums[0]; i++) {
		json_t *j;
		slo_sketch *s;
		char *got;

		snprintf(text, sizeof text, "{\"alpha\":0.01,\"count\":1,"
		    "\"sum\":%s,\"min\":100,\"max\":100,\"zero\":0,"
		    "\"bins\":[[231,1]]}", sums[i]);
		j = json_loads(text, 0, NULL);
		assert_non_null(j);
		s = slo_sketch_from_json(j, NULL);
		assert_non_null(s);
		got = sketch_json(s);
		snprintf(want, sizeof want, "\"sum\":%s,", sums[i]);
		assert_non_null(strstr(got, want));
		assert_null(strstr(got, "sum_exact"));
		free(got);
		slo_sketch_free(s);
		json_decref(j);
	}
}

/* The sketch text scanned as a rollup line's "latency_ms": 1 or 0. */
static int
scan_text(const char *text, slo_buf *pairs, slo_sketch_scan *out)
{
	static char buf[4096 + JSCAN_PAD + 1];
	size_t n = strlen(text);
	jscan sc;

	assert_true(n < 4096);
	memcpy(buf, text, n);
	memset(buf + n, 0, JSCAN_PAD + 1);
	jscan_init(&sc, buf, n);
	return slo_sketch_scan_jscan(&sc, NULL, buf, pairs, out);
}

/*
 * The scanner checks a row's pairs four a step, then one by one: a bad
 * pair is refused wherever it falls, for 1 .. 13 pairs (every place in
 * and after the steps of four).  Pairs [100 + 2 i, 1 + i % 3]; made bad
 * at i by a count of 0, a count of -1, an index equal to the one
 * before, an index below it, or a step past 2^32 (indexes stay within
 * alpha 0.01's range, -1036 .. 35488, except where that is the fault);
 * each refused as slo_sketch_from_json() refuses it, the good one
 * accepted by both with the same count.
 */
static void
test_scan_pairs_each(void **state)
{
	slo_buf pairs = { 0 }, t = { 0 };
	slo_sketch_scan out = { 0 };

	(void)state;
	for (int n = 1; n <= 13; n++) {
		for (int bad = -1; bad < n; bad++) {
			for (int kind = 0; kind < (bad < 0 ? 1 : 5); kind++) {
				long long total = 0, idx, c;
				json_t *j;
				slo_sketch *s;
				int got;

				slo_buf_reset(&t);
				assert_int_equal(slo_buf_puts(&t, "{\"alpha\":0.01,"
				    "\"bins\":["), SLO_OK);
				for (int i = 0; i < n; i++) {
					idx = 100 + 2 * i;
					c = 1 + i % 3;
					if (i == bad) {
						switch (kind) {
						case 0: c = 0; break;
						case 1: c = -1; break;
						case 2: idx = i > 0 ? idx - 2 : -2000; break;
						case 3: idx = i > 0 ? idx - 3 : 40000; break;
						default: idx = i > 0 ? idx + 5000000000LL : -2000; break;
						}
					}
					total += c;
					assert_int_equal(slo_buf_printf(&t, "%s[%lld,%lld]",
					    i ? "," : "", idx, c), SLO_OK);
				}
				assert_int_equal(slo_buf_printf(&t, "],\"count\":%lld,"
				    "\"sum\":10,\"min\":1,\"max\":9,\"zero\":0}",
				    total), SLO_OK);
				got = scan_text(t.data, &pairs, &out);
				j = json_loads(t.data, 0, NULL);
				assert_non_null(j);
				s = slo_sketch_from_json(j, NULL);
				assert_int_equal(got, s != NULL);
				assert_int_equal(got, bad < 0);
				if (got)
					assert_int_equal(out.count, slo_sketch_count(s));
				slo_sketch_free(s);
				json_decref(j);
			}
		}
	}
	slo_buf_release(&pairs);
	slo_buf_release(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_group_sizes),
		cmocka_unit_test(test_stretch_random),
		cmocka_unit_test(test_sum_thousandths),
		cmocka_unit_test(test_scan_pairs_each),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
