/*
 * test_pairsfast.c — a rollup row's bins read and checked in one pass
 * (jscan_pairs_rising(), lib/event/jscan.c; slo_sketch_scan_jscan() and
 * slo_sketch_add_scan(), lib/math/sketch.c), held to two references:
 *
 *   - jansson (slo_sketch_from_json(), the second method): every sketch
 *     text, valid or broken, is accepted by both or refused by both, and
 *     when accepted both make the same sketch (bins, count, zero, sum,
 *     min and max), added into a new sketch and into one that already
 *     holds values (slo_sketch_merge() of jansson's sketch into a copy);
 *   - jscan_pairs() (itself held to the scanner before it, call by call,
 *     by test_jscanfast.c), call by call: jscan_pairs_rising() reads
 *     exactly the longest run of pairs jscan_pairs() reads that rise with
 *     counts of 1 or more, to the same cursor, the same state, the same
 *     pairs, the same total.
 *
 * The bins: random arrays of every form the fast loop reads (indexes of
 * 1 to 3 digits, signed or not, counts of 1 or 2 digits) and every form
 * it must not: gaps, equal and falling indexes, counts of 0, negative,
 * 2^32 and more, 17 to 20 digits, leading zeros, -0, reals, strings,
 * spaces, a line cut at any byte.  Each text sits in a buffer of exactly
 * its length, its NUL and JSCAN_PAD bytes, so that a read past the
 * padding is caught under the sanitizers.
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
#include "slo_sketch_json.h"
#include "jscan_int.h"
#include "sketch_helpers.h"

/* xorshift64 (Marsaglia 2003): the same texts on every run */
static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t
rnd(void)
{
	return xs64(&rng);
}

static long long
below(long long n)
{
	return (long long)(rnd() % (uint64_t)n);
}

/* ---- the bins ----------------------------------------------------- */

/* An index after prev: above it by a gap of 1 to 300, the forms of the
 * fast loop among them; when bad, now and then anything. */
static void
put_index(slo_buf *b, long long *prev, int bad)
{
	static const char *const odd[] = {
		"-0", "0", "00", "007", "-01", "1.0", "1e2", "\"5\"", "null",
		"12345678901234567", "-12345678901234567",
		"123456789012345678", "1234567890123456789",
		"9223372036854775807", "-9223372036854775808",
		"9223372036854775808", "12345678901234567890",
		"99999999999999999999", "-1037", "35489", "35488", "-1036",
	};
	long long i;

	switch (bad ? below(40) : 4) {
	case 0: /* equal */
		i = *prev;
		break;
	case 1: /* falling */
		i = *prev - 1 - below(200);
		break;
	case 2: /* a step past 2^32 */
		i = *prev + 4294967296LL + below(3);
		break;
	case 3:
		slo_buf_puts(b, odd[below(sizeof odd / sizeof *odd)]);
		*prev += 1;
		return;
	default:
		i = *prev + 1 + (below(4) == 0 ? below(300) : below(3));
		break;
	}
	slo_buf_printf(b, "%lld", i);
	*prev = i;
}

/* A count: mostly 1 to 9, then 10 to 99, now and then one of 2^32 or
 * more; when bad, now and then anything. */
static void
put_count(slo_buf *b, int bad)
{
	static const char *const odd[] = {
		"0", "-1", "-0", "01", "1.5", "\"2\"", "4294967295",
		"4294967296", "4294967297", "4611686018427387904",
		"9223372036854775807", "9223372036854775808",
		"12345678901234567", "123456789012345678",
		"1234567890123456789", "12345678901234567890", "100", "999",
	};

	switch (below(30)) {
	case 0:
		if (bad)
			slo_buf_puts(b, odd[below(sizeof odd / sizeof *odd)]);
		else
			slo_buf_puts(b, odd[7 + below(3)]);
		break;
	case 1: case 2: case 3:
		slo_buf_printf(b, "%lld", 10 + below(90));
		break;
	default:
		slo_buf_printf(b, "%lld", 1 + below(9));
		break;
	}
}

/* A bins array of up to 120 pairs, from index start on; bad pairs now
 * and then when bad, odd spaces and elements when wild. */
static void
put_bins(slo_buf *b, long long start, int bad, int wild)
{
	long long prev = start - 1 - below(2);
	int n = (int)below(below(4) == 0 ? 8 : 120);

	slo_buf_puts(b, "[");
	for (int i = 0; i < n; i++) {
		int odd = wild && below(60) == 0;

		if (i > 0)
			slo_buf_puts(b, odd && below(2) ? ", " : ",");
		if (odd && below(6) == 0) {
			slo_buf_puts(b, (const char *[]){ "[1]", "[1,2,3]",
			    "{}", "[]", "3", "[[1,2]]" }[below(6)]);
			continue;
		}
		slo_buf_puts(b, odd && below(3) == 0 ? "[ " : "[");
		put_index(b, &prev, bad);
		slo_buf_puts(b, odd && below(3) == 0 ? " , " : ",");
		put_count(b, bad);
		slo_buf_puts(b, odd && below(3) == 0 ? " ]" : "]");
	}
	slo_buf_puts(b, "]");
}

/* ---- jscan_pairs_rising() against jscan_pairs() --------------------- */

#define MAXP 400

/*
 * One run read both ways from the same state: a copy of the text at the
 * same cursor read by jscan_pairs() whole, the longest prefix that
 * rises (above *prev, counts of 1 or more, the total at most INT64_MAX
 * with each but those of one or two digits, see jscan_int.h) then read
 * by jscan_pairs() again up to there: jscan_pairs_rising() must read
 * that prefix, to the same place.
 */
static size_t
rising_vs_pairs(jscan *a, char *abuf, jscan *b, char *bbuf, size_t n,
    long long *prev, uint64_t *total)
{
	static long long outa[2 * MAXP + 2], outb[2 * MAXP];
	jscan all = *b;
	uint64_t ta = *total, tb = *total;
	long long p = *prev;
	size_t got, k, want;

	k = jscan_pairs(&all, outb, MAXP);
	assert_true(k < MAXP);
	for (want = 0; want < k; want++) {
		long long i = outb[2 * want], c = outb[2 * want + 1];

		if (c < 1 || i <= p)
			break;
		/* the fast loop adds counts below 100 unchecked, and the
		 * total stays far below 2^64: the caller refuses it */
		if (c >= 100 && (tb > INT64_MAX ||
		    (uint64_t)c > INT64_MAX - tb))
			break;
		tb += (uint64_t)c;
		p = i;
	}
	assert_int_equal(jscan_pairs(b, outb, want), want);
	outa[0] = *prev;
	got = jscan_pairs_rising(a, outa + 2, &ta);
	assert_int_equal(got, want);
	assert_memory_equal(outa + 2, outb, 2 * sizeof(long long) * want);
	assert_int_equal(a->p - abuf, b->p - bbuf);
	assert_int_equal(a->first, b->first);
	assert_int_equal(a->depth, b->depth);
	assert_int_equal(a->spaced, b->spaced);
	assert_memory_equal(abuf, bbuf, n + 1 + JSCAN_PAD);
	assert_true(ta == tb);
	if (want > 0)
		*prev = p;
	*total = tb;
	return want;
}

/*
 * The text {"bins":BINS} walked on two scanners: at each element of the
 * array a run read both ways, then (when the run stops short) the
 * element read the general way on both, until the array ends or a side
 * refuses.
 */
static void
walk_rising(const char *text, size_t n)
{
	char *abuf = padded(text, n), *bbuf = padded(text, n), *key;
	long long prev = INT64_MIN;
	uint64_t total = 0;
	jscan a, b;
	jscan_val v;
	size_t len;
	int ra, rb;

	jscan_init(&a, abuf, n);
	jscan_init(&b, bbuf, n);
	if (jscan_open(&a) == 1 && jscan_open(&b) == 1 &&
	    jscan_key(&a, &key, &len) == 1 && jscan_key(&b, &key, &len) == 1 &&
	    jscan_value(&a, &v) == 1 && v.type == JSCAN_ARRAY &&
	    jscan_value(&b, &v) == 1) {
		for (int step = 0; step < 200; step++) {
			rising_vs_pairs(&a, abuf, &b, bbuf, n, &prev, &total);
			ra = jscan_elem(&a);
			rb = jscan_elem(&b);
			assert_int_equal(ra, rb);
			if (ra != 1)
				break;
			ra = jscan_skip(&a);
			rb = jscan_skip(&b);
			assert_int_equal(ra, rb);
			assert_int_equal(a.p - abuf, b.p - bbuf);
			if (ra != 1)
				break;
			/* what rises after an element read the general way
			 * is not this test's: the index before is unknown */
			prev = INT64_MIN;
		}
	}
	free(abuf);
	free(bbuf);
}

/* Known answers, by hand: what jscan_pairs_rising() reads of a run. */
static void
test_rising_known(void **state)
{
	static const struct {
		const char *text;
		size_t n;            /* pairs read */
		uint64_t total;      /* their counts added */
	} cases[] = {
		/* every form: 1+2+3+4+5+6+7+8+9 + 10 + 99 = 154 */
		{ "{\"b\":[[-100,1],[-99,2],[-10,3],[-9,4],[-0,5],[1,6],[9,7],"
		  "[10,8],[99,9],[100,10],[999,99]]}", 11, 154 },
		/* equal (-0 is 0): the first read, 1 */
		{ "{\"b\":[[0,1],[-0,1]]}", 1, 1 },
		/* falling at the third: 2 + 3 */
		{ "{\"b\":[[100,2],[200,3],[150,4]]}", 2, 5 },
		/* a count of 0 in the fast form: stops before it */
		{ "{\"b\":[[100,2],[101,0],[102,1]]}", 1, 2 },
		/* a count of 0 first: nothing */
		{ "{\"b\":[[100,0],[101,1]]}", 0, 0 },
		/* a negative count: 7 */
		{ "{\"b\":[[5,7],[6,-1]]}", 1, 7 },
		/* counts of 2^32 and 17 digits read by the slow form:
		 * 1 + 4294967296 + 12345678901234567 = 12345683196201864 */
		{ "{\"b\":[[1,1],[2,4294967296],[3,12345678901234567]]}", 3,
		  12345683196201864ULL },
		/* a count of 19 digits is past jscan_pairs(): 1 + 1 */
		{ "{\"b\":[[1,1],[2,1],[3,1234567890123456789]]}", 2, 2 },
		/* a space: the general reader's */
		{ "{\"b\":[[1,1],[2,1], [3,1]]}", 2, 2 },
		/* nine counts of 10^18 - 1 (8999999999999999991), the
		 * count to INT64_MAX (223372036854775816), 5 more (below
		 * 100, unchecked) read, 100 (checked) not */
		{ "{\"b\":[[1,999999999999999999],[2,999999999999999999],"
		  "[3,999999999999999999],[4,999999999999999999],"
		  "[5,999999999999999999],[6,999999999999999999],"
		  "[7,999999999999999999],[8,999999999999999999],"
		  "[9,999999999999999999],[10,223372036854775816],[11,5],"
		  "[12,100]]}", 11, 9223372036854775812ULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t n = strlen(cases[i].text);
		char *buf = padded(cases[i].text, n), *key;
		long long out[2 * 16];
		uint64_t total = 0;
		jscan s;
		jscan_val v;
		size_t len;

		jscan_init(&s, buf, n);
		assert_int_equal(jscan_open(&s), 1);
		assert_int_equal(jscan_key(&s, &key, &len), 1);
		assert_int_equal(jscan_value(&s, &v), 1);
		out[0] = INT64_MIN;
		assert_int_equal(jscan_pairs_rising(&s, out + 2, &total),
		    cases[i].n);
		assert_true(total == cases[i].total);
		free(buf);
		walk_rising(cases[i].text, n);
	}
}

/* Random runs, whole and cut at random bytes. */
static void
test_rising_random(void **state)
{
	slo_buf b = { 0 };

	(void)state;
	for (int round = 0; round < 3000; round++) {
		slo_buf_reset(&b);
		slo_buf_puts(&b, "{\"bins\":");
		put_bins(&b, below(4) == 0 ? -150 + below(300) :
		    50 + below(100), round % 3 != 0, round % 2);
		slo_buf_puts(&b, "}");
		walk_rising(b.data, b.len);
		walk_rising(b.data, (size_t)below((long long)b.len + 1));
	}
	slo_buf_release(&b);
}

/* ---- slo_sketch_scan_jscan() against jansson ------------------------ */

static void
same_sketch(const slo_sketch *want, const slo_sketch *got, const char *text)
{
	char *a = sketch_json(want), *b = sketch_json(got);

	if (strcmp(a, b) != 0)
		fail_msg("on %s\nwant %s\n got %s", text, a, b);
	assert_true(slo_sketch_count(want) == slo_sketch_count(got));
	free(a);
	free(b);
}

/* The sketch text read by the scanner, kept runs (from a skip of the
 * same text, as the event decoder keeps them) or none: 1 or 0. */
static int
scan(const char *text, size_t n, int keep, slo_buf *pairs,
    slo_sketch_scan *out)
{
	char *buf = padded(text, n), *pre = padded(text, n);
	long long kept[2 * 64];
	jscan_runs runs = { .pairs = kept, .cap = 64 };
	jscan sc;
	int ok;

	if (keep) {
		jscan_init(&sc, pre, n);
		if (jscan_skip_keep(&sc, pre, &runs) < 0)
			runs.nrun = 0;
	}
	jscan_init(&sc, buf, n);
	ok = slo_sketch_scan_jscan(&sc, keep ? &runs : NULL, buf, pairs, out);
	free(buf);
	free(pre);
	return ok;
}

/*
 * text through both: the same verdict; accepted, the same sketch, made
 * anew and added into base (a sketch already holding values, its bins
 * perhaps not covering the text's).  Returns the verdict.
 */
static int
scan_vs_jansson(const char *text, size_t n, const slo_sketch *base)
{
	static slo_buf pairs;
	slo_sketch_scan in;
	slo_sketch *want = NULL, *got, *dst, *ref;
	json_t *j = json_loadb(text, n, 0, NULL);
	int ok;

	if (j != NULL)
		want = slo_sketch_from_json(j, NULL);
	json_decref(j);
	for (int keep = 0; keep < 2; keep++) {
		memset(&in, 0, sizeof in);
		ok = scan(text, n, keep, &pairs, &in);
		if (ok != (want != NULL))
			fail_msg("scanner (%s) %s, jansson %s: %.*s",
			    keep ? "kept runs" : "alone",
			    ok ? "accepts" : "refuses",
			    want ? "accepts" : "refuses", (int)n, text);
		if (!ok)
			continue;
		got = slo_sketch_new(in.alpha);
		assert_int_equal(slo_sketch_add_scan(got, &in), SLO_OK);
		same_sketch(want, got, text);
		slo_sketch_free(got);
		if (base == NULL || slo_sketch_alpha(base) != in.alpha)
			continue;
		dst = slo_sketch_clone(base);
		ref = slo_sketch_clone(base);
		assert_int_equal(slo_sketch_add_scan(dst, &in),
		    slo_sketch_merge(ref, want));
		same_sketch(ref, dst, text);
		slo_sketch_free(dst);
		slo_sketch_free(ref);
	}
	slo_sketch_free(want);
	return ok;
}

/*
 * A sketch text around bins: the count the bins and zeros add up to
 * (now and then one off, or not an integer), min and max 1, sum 1 (0
 * and nulls when empty); the keys in slo_sketch_encode()'s order or
 * another, sometimes with "sum_exact".
 */
static void
put_sketch(slo_buf *b, const char *bins, long long zero)
{
	json_t *j = json_loads(bins, 0, NULL);
	uint64_t count = (uint64_t)zero;
	size_t i;
	json_t *pair;
	int empty;

	/* the count as the pairs add it, when they are pairs */
	json_array_foreach(j, i, pair) {
		json_t *c = json_array_get(pair, 1);

		if (json_is_integer(c))
			count += (uint64_t)json_integer_value(c);
	}
	json_decref(j);
	if (below(10) == 0)
		count += (uint64_t)below(3) - 1;
	empty = count == 0;
	switch (below(4)) {
	case 0: /* bins first */
		slo_buf_printf(b, "{\"bins\":%s,\"zero\":%lld,\"alpha\":0.01,"
		    "\"count\":%llu,\"sum\":%s,\"min\":%s,\"max\":%s}", bins,
		    zero, (unsigned long long)count, empty ? "0" : "1",
		    empty ? "null" : "1", empty ? "null" : "1");
		break;
	case 1: /* sum_exact, where sketch_json() writes it */
		slo_buf_printf(b, "{\"alpha\":0.01,\"count\":%llu,\"sum\":%s,"
		    "\"sum_exact\":\"%s\",\"min\":%s,\"max\":%s,\"zero\":%lld,"
		    "\"bins\":%s}", (unsigned long long)count,
		    empty ? "0" : "1", empty ? "0" : "1",
		    empty ? "null" : "1", empty ? "null" : "1", zero, bins);
		break;
	default: /* sketch_json()'s order */
		slo_buf_printf(b, "{\"alpha\":0.01,\"count\":%llu,\"sum\":%s,"
		    "\"min\":%s,\"max\":%s,\"zero\":%lld,\"bins\":%s}",
		    (unsigned long long)count, empty ? "0" : "1",
		    empty ? "null" : "1", empty ? "null" : "1", zero, bins);
		break;
	}
}

/* A sketch of alpha 0.01 holding some values, or none: the base the
 * scanned sketches are added into. */
static slo_sketch *
some_base(void)
{
	slo_sketch *s = slo_sketch_new(0.01);
	int n = (int)below(4) == 0 ? 0 : (int)below(50);

	for (int i = 0; i < n; i++)
		assert_int_equal(slo_sketch_add(s, (double)(1 + below(3000)) /
		    (below(3) == 0 ? 1000 : 1)), SLO_OK);
	return s;
}

/*
 * Known answers, by hand, at alpha 0.01 (indexes -1036 .. 35488, see
 * test_sketchwin.c): each accepted or refused by both.
 */
static void
test_scan_known(void **state)
{
	static const struct {
		const char *text;
		int ok;
	} cases[] = {
		/* every fast form, rising: count 1+1+1+1+1+1+1+10+99 = 116 */
		{ "{\"alpha\":0.01,\"count\":116,\"sum\":1,\"min\":1,\"max\":1,"
		  "\"zero\":0,\"bins\":[[-100,1],[-10,1],[-9,1],[0,1],[9,1],"
		  "[10,1],[999,1],[1000,10],[1001,99]]}", 1 },
		/* -0 after 0: equal */
		{ "{\"alpha\":0.01,\"count\":2,\"sum\":1,\"min\":1,\"max\":1,"
		  "\"zero\":0,\"bins\":[[0,1],[-0,1]]}", 0 },
		/* a count of 0 after a fast pair */
		{ "{\"alpha\":0.01,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
		  "\"zero\":0,\"bins\":[[100,1],[101,0]]}", 0 },
		/* falling in the two-digit count form */
		{ "{\"alpha\":0.01,\"count\":20,\"sum\":1,\"min\":1,\"max\":1,"
		  "\"zero\":0,\"bins\":[[100,10],[099,10]]}", 0 },
		{ "{\"alpha\":0.01,\"count\":20,\"sum\":1,\"min\":1,\"max\":1,"
		  "\"zero\":0,\"bins\":[[100,10],[99,10]]}", 0 },
		/* a space between pairs, and inside one: still accepted,
		 * 1 + 2 + 3 + 4 = 10 */
		{ "{\"alpha\":0.01,\"count\":10,\"sum\":1,\"min\":1,\"max\":1,"
		  "\"zero\":0,\"bins\":[[100,1], [101,2],[ 102 , 3 ],[103,4]]}",
		  1 },
		/* 2^32 and 2^32 + 1 as counts: 8589934593 + 3 zeros */
		{ "{\"alpha\":0.01,\"count\":8589934596,\"sum\":1,\"min\":1,"
		  "\"max\":1,\"zero\":3,\"bins\":[[5,4294967296],"
		  "[6,4294967297]]}", 1 },
		/* counts past 2^63 - 1 together */
		{ "{\"alpha\":0.01,\"count\":9223372036854775807,\"sum\":1,"
		  "\"min\":1,\"max\":1,\"zero\":0,\"bins\":[[5,"
		  "9223372036854775800],[6,9],[7,1]]}", 0 },
		/* an index of 19 digits (out of range), of 20 (not a
		 * json_int_t: jansson refuses the text) */
		{ "{\"alpha\":0.01,\"count\":2,\"sum\":1,\"min\":1,\"max\":1,"
		  "\"zero\":0,\"bins\":[[5,1],[1234567890123456789,1]]}", 0 },
		{ "{\"alpha\":0.01,\"count\":2,\"sum\":1,\"min\":1,\"max\":1,"
		  "\"zero\":0,\"bins\":[[5,1],[12345678901234567890,1]]}", 0 },
		/* the ends of the range, and one past */
		{ "{\"alpha\":0.01,\"count\":2,\"sum\":1,\"min\":1,\"max\":1,"
		  "\"zero\":0,\"bins\":[[-1036,1],[35488,1]]}", 1 },
		{ "{\"alpha\":0.01,\"count\":2,\"sum\":1,\"min\":1,\"max\":1,"
		  "\"zero\":0,\"bins\":[[-1037,1],[35488,1]]}", 0 },
		/* cut inside the bins */
		{ "{\"alpha\":0.01,\"count\":2,\"sum\":1,\"min\":1,\"max\":1,"
		  "\"zero\":0,\"bins\":[[5,1],[6,1", 0 },
		/* a leading zero in a count */
		{ "{\"alpha\":0.01,\"count\":2,\"sum\":1,\"min\":1,\"max\":1,"
		  "\"zero\":0,\"bins\":[[5,1],[6,01]]}", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		slo_sketch *base = some_base();

		if (scan_vs_jansson(cases[i].text, strlen(cases[i].text),
		    base) != cases[i].ok)
			fail_msg("case %zu: want %s", i,
			    cases[i].ok ? "accepted" : "refused");
		slo_sketch_free(base);
	}
}

/* Random sketches, whole, cut at random bytes and with a byte changed;
 * most of the whole ones must be accepted (the test reads something). */
static void
test_scan_random(void **state)
{
	slo_buf bins = { 0 }, text = { 0 };
	int accepted = 0, rounds = 4000;

	(void)state;
	for (int round = 0; round < rounds; round++) {
		slo_sketch *base = some_base();
		size_t cut;

		slo_buf_reset(&bins);
		slo_buf_reset(&text);
		put_bins(&bins, below(3) == 0 ? -1100 + below(300) :
		    below(3) == 0 ? 35300 + below(300) : below(400),
		    round % 2, round % 4 == 0);
		put_sketch(&text, bins.data, below(3) == 0 ? below(5) : 0);
		accepted += scan_vs_jansson(text.data, text.len, base);
		cut = (size_t)below((long long)text.len + 1);
		scan_vs_jansson(text.data, cut, base);
		cut = (size_t)below((long long)text.len);
		text.data[cut] = "0123456789,[]-\" x"[below(17)];
		scan_vs_jansson(text.data, text.len, base);
		slo_sketch_free(base);
	}
	/* a quarter at least: half the rounds have no bad pair, and of
	 * those most rise within the range with the right count */
	if (accepted <= rounds / 4)
		fail_msg("%d of %d accepted", accepted, rounds);
	slo_buf_release(&bins);
	slo_buf_release(&text);
}

/* ---- a number read in place (jscan_value_plain()) ----------------- */

static const char *const plain_nums[] = {
	"0", "1", "9", "52", "0.01", "0.5", "1288.178", "4.827", "134.638",
	"00", "01", "052", "-1", "-0", "-0.5", "1.", ".5", "1.5e3", "1E2",
	"1e", "123456789012345678", "1234567890123456789",
	"12345678901234567890", "9223372036854775807",
	"1.234567890123456789", "12.34567890123456789",
	"123456789012345678.9", "1234567890123456789.5",
	"9007199254740992.0", "9007199254740993.0", "900719925474099.3",
	"9007199254740.993", "0.0000000000000000001", "0.000000000000000001",
	"1.0000000000000000000", "\"1\"", "null", "true", " 1", "1 ",
};

/*
 * jscan_value_plain() against jscan_value() (the second method) on each
 * spelling, followed by each stop and by other bytes: the same result,
 * the same value (type, sign, integer, the double's bits), the same
 * cursor.
 */
static void
test_plain_numbers(void **state)
{
	static const char *const after[] = { ",", "}", "]", ",\"k\":1", "x",
	    "", "5" };
	char text[128];

	(void)state;
	for (size_t i = 0; i < sizeof plain_nums / sizeof *plain_nums; i++)
		for (size_t j = 0; j < sizeof after / sizeof *after; j++) {
			int n = snprintf(text, sizeof text, "%s%s",
			    plain_nums[i], after[j]);
			char *a = padded(text, (size_t)n), *b = padded(text,
			    (size_t)n);
			jscan sa, sb;
			jscan_val va, vb;
			int ra, rb;

			jscan_init(&sa, a, (size_t)n);
			jscan_init(&sb, b, (size_t)n);
			/* the stops slo_sketch_scan_jscan() and
			 * rollup.c's text_count() give */
			ra = j % 2 ? jscan_value_plain(&sa, &va, ',', ',') :
			    jscan_value_plain(&sa, &va, ',', '}');
			rb = jscan_value(&sb, &vb);
			if (ra != rb || sa.p - a != sb.p - b)
				fail_msg("on '%s': %d at %td, want %d at %td",
				    text, ra, sa.p - a, rb, sb.p - b);
			if (ra == 1) {
				assert_int_equal(va.type, vb.type);
				assert_int_equal(va.neg, vb.neg);
				if (va.type == JSCAN_INT)
					assert_true(va.i == vb.i);
				if (va.type == JSCAN_INT || va.type == JSCAN_REAL)
					assert_memory_equal(&va.num, &vb.num,
					    sizeof va.num);
			}
			free(a);
			free(b);
		}
}

static int
head_case(const char *text)
{
	return scan_vs_jansson(text, strlen(text), NULL);
}

/*
 * The head of a sketch in slo_sketch_encode()'s order with each of those
 * spellings in each numeric member (the others valid, from
 * 1 = [[5,1]]): the same verdict as jansson's, the same sketch.  Known
 * answers among them, by hand: count 01 is not JSON (refused); count
 * 1.0 is not an integer (refused); sum 0.5 is an exact sum in
 * thousandths (accepted); min 0.5 with max 1 (accepted).
 */
static void
test_head_numbers(void **state)
{
	static const char *const name[] = { "alpha", "count", "sum", "min",
	    "max", "zero" };
	static const char *const good[] = { "0.01", "1", "1", "1", "1", "0" };
	char text[512];

	(void)state;
	for (size_t m = 0; m < 6; m++)
		for (size_t i = 0; i < sizeof plain_nums / sizeof *plain_nums;
		    i++) {
			const char *val[6];
			int n;

			for (size_t k = 0; k < 6; k++)
				val[k] = k == m ? plain_nums[i] : good[k];
			n = snprintf(text, sizeof text, "{\"%s\":%s,\"%s\":%s,"
			    "\"%s\":%s,\"%s\":%s,\"%s\":%s,\"%s\":%s,"
			    "\"bins\":[[5,1]]}", name[0], val[0], name[1],
			    val[1], name[2], val[2], name[3], val[3], name[4],
			    val[4], name[5], val[5]);
			scan_vs_jansson(text, (size_t)n, NULL);
		}
	assert_false(head_case("{\"alpha\":0.01,\"count\":01,\"sum\":1,"
	    "\"min\":1,\"max\":1,\"zero\":0,\"bins\":[[5,1]]}"));
	assert_false(head_case("{\"alpha\":0.01,\"count\":1.0,\"sum\":1,"
	    "\"min\":1,\"max\":1,\"zero\":0,\"bins\":[[5,1]]}"));
	assert_true(head_case("{\"alpha\":0.01,\"count\":1,\"sum\":0.5,"
	    "\"min\":1,\"max\":1,\"zero\":0,\"bins\":[[5,1]]}"));
	assert_true(head_case("{\"alpha\":0.01,\"count\":1,\"sum\":1,"
	    "\"min\":0.5,\"max\":1,\"zero\":0,\"bins\":[[5,1]]}"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rising_known),
		cmocka_unit_test(test_rising_random),
		cmocka_unit_test(test_scan_known),
		cmocka_unit_test(test_scan_random),
		cmocka_unit_test(test_plain_numbers),
		cmocka_unit_test(test_head_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
