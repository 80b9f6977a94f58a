/*
 * test_dense.c — a sketch's bins in the dense form, "bin_offset":I,
 * "bin_counts":[c0,c1,...] (slo-events(5), after DDSketch's protobuf
 * contiguousBinIndexOffset and contiguousBinCounts), written by
 * slo_sketch_encode() when strictly shorter than the sparse "bins", and
 * read by both readers: slo_sketch_from_json() (jansson) and the
 * scanner (slo_sketch_scan_jscan(), jscan_counts_dense(), then
 * slo_sketch_add_scan()).  jansson is the second method each time:
 *
 *   - random sketches (alphas 0.01, 0.02, 0.001; counts of 1 to 10^6
 *     and near 2^63; indexes negative and near the top of the range;
 *     clustered, so dense, and spread, so sparse) encoded, read by both,
 *     bin for bin the same (the text written again is the same bytes),
 *     added into an empty sketch and into one holding values as
 *     slo_sketch_merge() adds jansson's;
 *   - the writer's choice on fixed sketches against lengths counted by
 *     hand (shown below);
 *   - dense texts written here, good and broken (both forms, one dense
 *     key, an empty array, a zero at an end, negative, -0, fractions,
 *     exponents, counts of 2, 19 and 20 digits at every place of a
 *     16-byte block, whitespace, "\n" escapes that are not whitespace,
 *     offsets out of range, counts that do not add up or overflow, the
 *     members in any order), each accepted by both with the same sketch
 *     or refused by both, with jansson's message checked on a few;
 *   - the skips (jscan_skip(), jscan_skip_keep()) of each such text end
 *     at the same byte with the same verdict.
 * Each text sits in a buffer of exactly its length, its NUL and
 * JSCAN_PAD bytes, so that a read past the padding is caught under the
 * sanitizers.
 */
#include <float.h>
#include <math.h>
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

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

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

/* The index range of alpha's sketches, by the definition in sketch.c's
 * header: the bucket of 1e-9 and of DBL_MAX, i = ceil(ln v / ln gamma). */
static void
range_of(double alpha, long long *lo, long long *hi)
{
	double lg = log((1 + alpha) / (1 - alpha));

	*lo = (long long)ceil(log(1e-9) / lg);
	*hi = (long long)ceil(log(DBL_MAX) / lg);
}

/* A value that falls in bucket i of alpha: gamma^(i - 1/2), inside
 * (gamma^(i-1), gamma^i]. */
static double
value_in(double alpha, long long i)
{
	return exp(((double)i - 0.5) * log((1 + alpha) / (1 - alpha)));
}

/* The scanner's reading of text: 1 with its sketch in *out (added into
 * a new sketch), else 0.  keep: the line skipped first by
 * jscan_skip_keep(), as the event decoder does, its runs offered. */
static int
scan_read(const char *text, size_t n, int keep, slo_sketch **out)
{
	static slo_buf pairs;
	long long kept[2 * 64];
	jscan_runs runs = { .pairs = kept, .cap = 64 };
	char *buf = padded(text, n), *pre = padded(text, n);
	slo_sketch_scan in;
	jscan sc;
	int ok;

	*out = NULL;
	if (keep) {
		jscan_init(&sc, pre, n);
		if (jscan_skip_keep(&sc, pre, &runs) < 0)
			runs.nrun = 0;
	}
	jscan_init(&sc, buf, n);
	memset(&in, 0, sizeof in);
	ok = slo_sketch_scan_jscan(&sc, keep ? &runs : NULL, buf, &pairs, &in);
	if (ok) {
		*out = slo_sketch_new(in.alpha);
		assert_non_null(*out);
		assert_int_equal(slo_sketch_add_scan(*out, &in), SLO_OK);
	}
	free(buf);
	free(pre);
	return ok;
}

/* jscan_skip() and jscan_skip_keep() over text: the same verdict, the
 * same end. */
static void
skips_agree(const char *text, size_t n)
{
	long long kept[2 * 64];
	jscan_runs runs = { .pairs = kept, .cap = 64 };
	char *a = padded(text, n), *b = padded(text, n);
	jscan sa, sb;
	int ra, rb;

	jscan_init(&sa, a, n);
	jscan_init(&sb, b, n);
	ra = jscan_skip(&sa);
	rb = jscan_skip_keep(&sb, b, &runs);
	if (ra != rb || (ra == 1 && sa.p - a != sb.p - b))
		fail_msg("skip %d at %td, skip_keep %d at %td: %.*s", ra,
		    sa.p - a, rb, sb.p - b, (int)n, text);
	free(a);
	free(b);
}

/* Two sketches the same: their texts (every bin, count, zero, sum, min,
 * max) equal. */
static void
same_sketch(const slo_sketch *want, const slo_sketch *got, const char *text)
{
	char *a = sketch_json(want), *b = sketch_json(got);

	if (strcmp(a, b) != 0)
		fail_msg("on %s\nwant %s\n got %s", text, a, b);
	free(a);
	free(b);
}

/*
 * text through both readers: the same verdict (the scanner, with and
 * without kept runs, hands over exactly what jansson refuses: no text
 * here has a member twice); accepted, the same sketch, alone and added
 * into base (if not NULL, of the same alpha) as slo_sketch_merge() adds
 * jansson's.  The skips agree too.  Returns the verdict; jansson's
 * message, when refused, to msg (or NULL).
 */
static int
agree(const char *text, const slo_sketch *base, char *msg, size_t msglen)
{
	size_t n = strlen(text);
	json_t *j = json_loadb(text, n, 0, NULL);
	slo_sketch *want = NULL, *got;
	slo_error err = { 0 };

	if (msg != NULL)
		msg[0] = '\0';
	if (j != NULL)
		want = slo_sketch_from_json(j, &err);
	json_decref(j);
	if (want == NULL && msg != NULL)
		snprintf(msg, msglen, "%s", j != NULL ? err.msg : "json");
	for (int keep = 0; keep < 2; keep++) {
		int ok = scan_read(text, n, keep, &got);

		if (ok != (want != NULL))
			fail_msg("scanner (%s) %s, jansson %s: %s",
			    keep ? "kept runs" : "alone",
			    ok ? "accepts" : "refuses",
			    want ? "accepts" : "refuses", text);
		if (!ok)
			continue;
		same_sketch(want, got, text);
		slo_sketch_free(got);
		if (base != NULL && slo_sketch_alpha(base) ==
		    slo_sketch_alpha(want)) {
			slo_sketch *d = slo_sketch_clone(base);
			slo_sketch *r = slo_sketch_clone(base);
			slo_sketch_scan in;
			static slo_buf pairs;
			char *buf = padded(text, n);
			jscan sc;

			jscan_init(&sc, buf, n);
			memset(&in, 0, sizeof in);
			assert_true(slo_sketch_scan_jscan(&sc, NULL, buf, &pairs,
			    &in));
			assert_int_equal(slo_sketch_add_scan(d, &in),
			    slo_sketch_merge(r, want));
			same_sketch(r, d, text);
			slo_sketch_free(d);
			slo_sketch_free(r);
			free(buf);
		}
	}
	skips_agree(text, n);
	slo_sketch_free(want);
	return want != NULL;
}

/* ---- random sketches through the writer and both readers ----------- */

/*
 * A random sketch of alpha: shape 0 clustered (a few dozen neighbouring
 * bins, mostly small counts: dense), 1 spread over the whole range
 * (sparse), 2 near the ends of the range (negative and huge indexes),
 * 3 a count near 2^63 among others; zeros now and then.
 */
static slo_sketch *
random_sketch(double alpha, int shape)
{
	slo_sketch *s = slo_sketch_new(alpha);
	long long lo, hi, at;
	int nv = 1 + (int)below(200);

	assert_non_null(s);
	range_of(alpha, &lo, &hi);
	at = lo + 1 + below(hi - lo - 300);
	if (below(4) == 0)
		assert_int_equal(slo_sketch_add_n(s, 0, 1 + (uint64_t)below(9)),
		    SLO_OK);
	for (int i = 0; i < nv; i++) {
		long long idx;
		uint64_t c = below(3) == 0 ? 1 + (uint64_t)below(1000000) :
		    1 + (uint64_t)below(3);

		switch (shape) {
		case 0:
			idx = at + below(40);
			break;
		case 1:
			idx = lo + 1 + below(hi - lo - 1);
			break;
		case 2:
			/* (bin hi may hold only values past gamma^(hi - 1/2)
			 * = DBL_MAX) */
			idx = below(2) ? lo + 1 + below(30) : hi - 1 - below(30);
			break;
		default:
			idx = at + below(20);
			break;
		}
		assert_int_equal(slo_sketch_add_n(s, value_in(alpha, idx), c),
		    SLO_OK);
	}
	if (shape == 3) /* up to 2^63 - 1 in all */
		assert_int_equal(slo_sketch_add_n(s, value_in(alpha, at + 3),
		    (uint64_t)INT64_MAX - slo_sketch_count(s) -
		    (uint64_t)below(3)), SLO_OK);
	return s;
}

static void
test_random_round_trip(void **state)
{
	static const double alphas[] = { 0.01, 0.02, 0.001 };
	int dense = 0, sparse = 0;

	(void)state;
	for (int round = 0; round < 600; round++) {
		double alpha = alphas[round % 3];
		slo_sketch *s = random_sketch(alpha, round % 4);
		slo_sketch *base = random_sketch(alpha, (round + 1) % 3);
		char *text = sketch_json(s), *again;
		json_t *j = json_loads(text, 0, NULL);
		slo_sketch *r;

		if (strstr(text, "\"bin_counts\":") != NULL)
			dense++;
		else
			sparse++;
		assert_true(agree(text, base, NULL, 0));
		/* written again from what jansson read: the same bytes */
		assert_non_null(j);
		r = slo_sketch_from_json(j, NULL);
		assert_non_null(r);
		again = sketch_json(r);
		assert_string_equal(text, again);
		same_sketch(s, r, text);
		/* the sparse spelling of the same sketch reads the same */
		free(again);
		again = sketch_json_sparse(s);
		assert_true(agree(again, base, NULL, 0));
		slo_sketch_free(r);
		json_decref(j);
		j = json_loads(again, 0, NULL);
		r = slo_sketch_from_json(j, NULL);
		assert_non_null(r);
		same_sketch(s, r, again);
		json_decref(j);
		free(again);
		free(text);
		slo_sketch_free(r);
		slo_sketch_free(s);
		slo_sketch_free(base);
	}
	/* both forms written, many times each */
	assert_true(dense > 100);
	assert_true(sparse > 100);
}

/* ---- the writer's choice, counted by hand --------------------------- */

/* A sketch of alpha 0.01 with count ci in bin idx[i], i < n. */
static slo_sketch *
sketch_of(const long long *idx, const uint64_t *c, size_t n)
{
	slo_sketch *s = slo_sketch_new(0.01);

	for (size_t i = 0; i < n; i++)
		assert_int_equal(slo_sketch_add_n(s, value_in(0.01, idx[i]),
		    c[i]), SLO_OK);
	return s;
}

/* The bins part of s's text, from "bins" or "bin_offset" to the end. */
static const char *
bins_part(const char *text)
{
	const char *p = strstr(text, "\"bins\":");

	return p != NULL ? p : strstr(text, "\"bin_offset\":");
}

static void
test_writer_choice(void **state)
{
	static const long long tie[] = { 3, 4, 5, 6, 8, 10 };
	static const long long win[] = { 3, 4, 5, 6, 8, 9 };
	static const long long two[] = { 100, 101 };
	static const uint64_t ones[] = { 1, 1, 1, 1, 1, 1 };
	long long wide[24];
	uint64_t c255[24];
	slo_sketch *s;
	char *text;

	(void)state;
	/*
	 * Sparse: 9 bytes for "bins":[] and, per bin, 3 for "[,]" and the
	 * digits of index and count, and a ',' between bins.  Dense: 29
	 * for "bin_offset":,"bin_counts":[] and the offset's digits, a
	 * count's digits per bin of the span, a ',' between.
	 *
	 * Bins 3, 4, 5, 6, 8, 10 of 1: sparse 9 + 5 x 5 + 6 + 5 = 45;
	 * dense, span 3 .. 10: 29 + 1 + 8 + 7 = 45.  A tie: sparse.
	 */
	s = sketch_of(tie, ones, 6);
	text = sketch_json(s);
	assert_string_equal(bins_part(text),
	    "\"bins\":[[3,1],[4,1],[5,1],[6,1],[8,1],[10,1]]}");
	assert_int_equal(strlen(bins_part(text)) - 1, 45);
	free(text);
	slo_sketch_free(s);
	/* Bins 3, 4, 5, 6, 8, 9: sparse 9 + 6 x 5 + 5 = 44; dense, span
	 * 3 .. 9: 29 + 1 + 7 + 6 = 43, one byte shorter: dense. */
	s = sketch_of(win, ones, 6);
	text = sketch_json(s);
	assert_string_equal(bins_part(text),
	    "\"bin_offset\":3,\"bin_counts\":[1,1,1,1,0,1,1]}");
	assert_int_equal(strlen(bins_part(text)) - 1, 43);
	assert_true(agree(text, NULL, NULL, 0));
	free(text);
	slo_sketch_free(s);
	/* Bins 100, 101 of 1: sparse 9 + 2 x 7 + 1 = 24; dense 29 + 3 +
	 * 2 + 1 = 35: sparse. */
	s = sketch_of(two, ones, 2);
	text = sketch_json(s);
	assert_string_equal(bins_part(text), "\"bins\":[[100,1],[101,1]]}");
	free(text);
	slo_sketch_free(s);
	/* Bins 50 .. 73 of 255: sparse 9 + 24 x 8 + 23 = 224; dense 29 +
	 * 2 + 24 x 3 + 23 = 126: dense. */
	for (int i = 0; i < 24; i++)
		wide[i] = 50 + i, c255[i] = 255;
	s = sketch_of(wide, c255, 24);
	text = sketch_json(s);
	assert_int_equal(strlen(bins_part(text)) - 1, 126);
	assert_non_null(strstr(text, "\"bin_offset\":50,\"bin_counts\":"
	    "[255,255,"));
	free(text);
	slo_sketch_free(s);
	/* Negative offset: bins -7 .. -3 of 1, 2, 3, 4, 5: sparse 9 + 5 x
	 * 6 + 4 = 43; dense 29 + 2 + 5 + 4 = 40: dense, "-7". */
	{
		static const long long neg[] = { -7, -6, -5, -4, -3 };
		static const uint64_t c[] = { 1, 2, 3, 4, 5 };

		s = sketch_of(neg, c, 5);
		text = sketch_json(s);
		assert_string_equal(bins_part(text),
		    "\"bin_offset\":-7,\"bin_counts\":[1,2,3,4,5]}");
		assert_true(agree(text, NULL, NULL, 0));
		free(text);
		slo_sketch_free(s);
	}
	/* An empty sketch and one of zeros alone keep "bins":[] */
	s = slo_sketch_new(0.01);
	text = sketch_json(s);
	assert_non_null(strstr(text, "\"zero\":0,\"bins\":[]}"));
	free(text);
	assert_int_equal(slo_sketch_add_n(s, 0, 4), SLO_OK);
	text = sketch_json(s);
	assert_non_null(strstr(text, "\"zero\":4,\"bins\":[]}"));
	free(text);
	slo_sketch_free(s);
}

/* ---- dense texts written here, good and broken ---------------------- */

/*
 * A sketch text of alpha 0.01 around a bins part: count as given, zero
 * 0, sum 1, min and max 1; order 0 the writer's, 1 bins first, 2 the
 * head spaced.
 */
static char *
text_with(const char *bins, const char *count, int order)
{
	slo_buf b = { 0 };

	switch (order) {
	case 1:
		slo_buf_printf(&b, "{%s,\"alpha\":0.01,\"max\":1,\"count\":%s,"
		    "\"sum\":1,\"min\":1,\"zero\":0}", bins, count);
		break;
	case 2:
		slo_buf_printf(&b, "{ \"alpha\" : 0.01 , \"count\" : %s , "
		    "\"sum\":1,\"min\":1,\"max\":1,\"zero\":0, %s }", count,
		    bins);
		break;
	default:
		slo_buf_printf(&b, "{\"alpha\":0.01,\"count\":%s,\"sum\":1,"
		    "\"min\":1,\"max\":1,\"zero\":0,%s}", count, bins);
	}
	return b.data;
}

/* The verdict on a dense bins part in all three orders, which must be
 * the same; jansson's message (order 0) to msg. */
static int
dense_case(const char *bins, const char *count, char *msg, size_t msglen)
{
	int v = -1;

	for (int order = 0; order < 3; order++) {
		char *t = text_with(bins, count, order);
		int r = agree(t, NULL, order == 0 ? msg : NULL, msglen);

		if (v >= 0 && r != v)
			fail_msg("order %d changes the verdict: %s", order, t);
		v = r;
		free(t);
	}
	return v;
}

/* dense_case() refused, jansson's message holding want. */
static void
refused(const char *bins, const char *count, const char *want)
{
	char msg[600];

	if (dense_case(bins, count, msg, sizeof msg))
		fail_msg("accepted: %s", bins);
	if (want != NULL && strstr(msg, want) == NULL)
		fail_msg("on %s: message '%s' lacks '%s'", bins, msg, want);
}

static void
test_dense_known(void **state)
{
	char big[160];
	long long lo, hi;

	(void)state;
	range_of(0.01, &lo, &hi);
	/* -1036 .. 35488 at alpha 0.01 (test_sketchwin.c works them out
	 * with python3's math.log too) */
	assert_int_equal(lo, -1036);
	assert_int_equal(hi, 35488);
	assert_true(dense_case("\"bin_offset\":5,\"bin_counts\":[1]", "1",
	    NULL, 0));
	assert_true(dense_case("\"bin_offset\":5,\"bin_counts\":[1,0,0,2]",
	    "3", NULL, 0));
	assert_true(dense_case("\"bin_offset\":-0,\"bin_counts\":[1,-0,1]",
	    "2", NULL, 0));
	assert_true(dense_case("\"bin_offset\":5,\"bin_counts\":[ 1 , 2,\n3"
	    "\t,\r4 ]", "10", NULL, 0));
	assert_true(dense_case("\"bin_offset\" :\n5 ,\"bin_counts\":[1,2]",
	    "3", NULL, 0));
	assert_true(dense_case("\"bin_offset\":-1036,\"bin_counts\":[1]", "1",
	    NULL, 0));
	assert_true(dense_case("\"bin_offset\":35487,\"bin_counts\":[1,1]",
	    "2", NULL, 0));
	/* 16 bits and past: counts read in 16 bits until one is past
	 * 65535, then all in 64 (scan_counts()) */
	assert_true(dense_case("\"bin_offset\":5,\"bin_counts\":[65535,1]",
	    "65536", NULL, 0));
	assert_true(dense_case("\"bin_offset\":5,\"bin_counts\":[1,2,3,4,5,"
	    "6,7,8,9,1,2,3,4,5,6,7,8,9,65536,0,2]", "65628", NULL, 0));
	assert_true(dense_case("\"bin_offset\":5,\"bin_counts\":[65536]",
	    "65536", NULL, 0));
	/* 19 digits, and 2^63 - 1 in all */
	assert_true(dense_case("\"bin_offset\":5,\"bin_counts\":"
	    "[1000000000000000000,1]", "1000000000000000001", NULL, 0));
	assert_true(dense_case("\"bin_offset\":5,\"bin_counts\":"
	    "[9223372036854775806,1]", "9223372036854775807", NULL, 0));

	refused("\"bins\":[[5,1]],\"bin_offset\":5,\"bin_counts\":[1]", "2",
	    "sketch has both 'bins' and 'bin_counts'");
	refused("\"bins\":[[5,1]],\"bin_offset\":5", "1",
	    "sketch has both 'bins' and 'bin_offset'");
	refused("\"bin_offset\":5", "0", "sketch 'bin_offset' needs "
	    "'bin_counts'");
	refused("\"bin_counts\":[1]", "1", "sketch 'bin_counts' needs "
	    "'bin_offset'");
	refused("\"bin_offset\":5,\"bin_counts\":[]", "0", "sketch "
	    "'bin_counts' must be an array of counts >= 0 whose first and "
	    "last are >= 1");
	refused("\"bin_offset\":5,\"bin_counts\":[0,1]", "1", "first and last");
	refused("\"bin_offset\":5,\"bin_counts\":[1,0]", "1", "first and last");
	refused("\"bin_offset\":5,\"bin_counts\":[0]", "0", "first and last");
	refused("\"bin_offset\":5,\"bin_counts\":[1,-0]", "1", "first and last");
	refused("\"bin_offset\":5,\"bin_counts\":[1,-1,2]", "2", "first and");
	refused("\"bin_offset\":5,\"bin_counts\":[1,1.0,1]", "3", "first and");
	refused("\"bin_offset\":5,\"bin_counts\":[1,1e0,1]", "3", "first and");
	refused("\"bin_offset\":5,\"bin_counts\":[1,\"1\",1]", "3", "first");
	refused("\"bin_offset\":5,\"bin_counts\":[1,[1],1]", "3", "first");
	refused("\"bin_offset\":5,\"bin_counts\":{\"a\":1}", "1", "first");
	refused("\"bin_offset\":5.0,\"bin_counts\":[1]", "1", "sketch "
	    "'bin_offset' must be an integer");
	refused("\"bin_offset\":\"5\",\"bin_counts\":[1]", "1", "integer");
	refused("\"bin_offset\":null,\"bin_counts\":[1]", "1", "integer");
	refused("\"bin_offset\":-1037,\"bin_counts\":[1]", "1", "sketch "
	    "bin_counts: index out of range");
	refused("\"bin_offset\":35489,\"bin_counts\":[1]", "1", "out of range");
	refused("\"bin_offset\":35488,\"bin_counts\":[1,1]", "2",
	    "out of range");
	refused("\"bin_offset\":-9223372036854775808,\"bin_counts\":[1]", "1",
	    "out of range");
	refused("\"bin_offset\":9223372036854775807,\"bin_counts\":[1]", "1",
	    "out of range");
	refused("\"bin_offset\":5,\"bin_counts\":[1,2]", "4", "sketch 'count' "
	    "differs from the sum of its buckets");
	refused("\"bin_offset\":5,\"bin_counts\":[1,2]", "2", "differs");
	refused("\"bin_offset\":5,\"bin_counts\":[9223372036854775807,1]",
	    "0", "sketch bin counts overflow");
	refused("\"bin_offset\":5,\"bin_counts\":[5000000000000000000,"
	    "5000000000000000000]", "0", "overflow");
	/* 20 digits: past a json integer, jansson refuses the text */
	refused("\"bin_offset\":5,\"bin_counts\":[10000000000000000000]", "1",
	    "json");
	/* not whitespace: a "\n" escape, a comma too many, none */
	refused("\"bin_offset\":5,\"bin_counts\":[1,\\n2]", "3", "json");
	refused("\"bin_offset\":5,\"bin_counts\":[1,2,]", "3", "json");
	refused("\"bin_offset\":5,\"bin_counts\":[1 2]", "3", "json");
	refused("\"bin_offset\":5,\"bin_counts\":[01,2]", "3", "json");
	refused("\"bin_offset\":5,\"bin_counts\":[1,2", "3", "json");
	/* the dense keys spelled otherwise are unknown */
	refused("\"bin_offset\":5,\"bin_Counts\":[1]", "1", "unknown key");
	snprintf(big, sizeof big, "\"bin_offset\":5,\"bin_counts\":[1,%s,1]",
	    "18446744073709551616");
	refused(big, "2", "json");
}

/*
 * Counts of 1 digit but one of 2, 19 or 20 digits (or a 0 or a space),
 * at every place of the first 16-byte blocks: what the 16-byte step
 * reads stops there, and the element goes to the one-at-a-time path.
 */
static void
test_every_place(void **state)
{
	static const char *const odd[] = { "12", "99", "100", "0", " 7",
	    "7 ", "1000000000000000000", "9223372036854775807",
	    "10000000000000000000", "-3", "3.5", "1e1", "07" };
	enum { N = 40 };

	(void)state;
	for (size_t o = 0; o < sizeof odd / sizeof *odd; o++)
		for (int at = 0; at < N; at++) {
			slo_buf b = { 0 }, cnt = { 0 };
			uint64_t total = 0;
			int valid = 1;

			slo_buf_puts(&b, "\"bin_offset\":-20,\"bin_counts\":[");
			for (int i = 0; i < N; i++) {
				const char *c;
				char d[2] = { (char)('1' + (i * 7) % 9), 0 };

				c = i == at ? odd[o] : d;
				if (i > 0)
					slo_buf_putc(&b, ',');
				slo_buf_puts(&b, c);
				if (i == at) {
					/* as JSON reads it, or not at all; the
					 * total past 2^63 - 1 refused too */
					char *e;
					const char *s = c + strspn(c, " ");
					unsigned long long v = strtoull(s, &e,
					    10);

					e += strspn(e, " ");
					if (*e != '\0' || *s == '-' ||
					    (s[0] == '0' && s[1] != '\0') ||
					    v > (unsigned long long)INT64_MAX ||
					    ((at == 0 || at == N - 1) && v == 0))
						valid = 0;
					else if (total > (uint64_t)INT64_MAX - v)
						valid = 0;
					else
						total += v;
				} else if (total > (uint64_t)INT64_MAX - 9)
					valid = 0;
				else
					total += (uint64_t)(d[0] - '0');
			}
			slo_buf_putc(&b, ']');
			slo_buf_printf(&cnt, "%llu", (unsigned long long)total);
			if (dense_case(b.data, cnt.data, NULL, 0) != valid)
				fail_msg("%s: %d expected", b.data, valid);
			slo_buf_release(&b);
			slo_buf_release(&cnt);
		}
}

/*
 * Random dense texts: counts of 1 to 3 digits, zeros between, a few
 * long ones; then one byte changed at random (a digit, ',', ']', '0',
 * ' ', '-', '.'), or the text cut: the readers agree on every one.
 */
static void
test_random_dense(void **state)
{
	static const char swap[] = "0123456789,] -.e[";
	int taken = 0, refusedn = 0;

	(void)state;
	for (int round = 0; round < 3000; round++) {
		slo_buf b = { 0 };
		uint64_t total = 0;
		int n = 1 + (int)below(70);
		long long off = -1100 + below(1200);
		char count[32], *t;

		slo_buf_printf(&b, "\"bin_offset\":%lld,\"bin_counts\":[", off);
		for (int i = 0; i < n; i++) {
			uint64_t c = below(3) == 0 ? 0 : below(8) == 0 ?
			    (uint64_t)below(1000) : (uint64_t)below(10);

			if (below(200) == 0)
				c = (uint64_t)rnd() >> 20;
			if ((i == 0 || i == n - 1) && c == 0)
				c = 1;
			total += c;
			slo_buf_printf(&b, "%s%llu", i ? "," : "",
			    (unsigned long long)c);
		}
		slo_buf_putc(&b, ']');
		snprintf(count, sizeof count, "%llu", (unsigned long long)total);
		t = text_with(b.data, count, (int)below(3));
		if (round % 2 == 1) {
			size_t len = strlen(t), at = (size_t)below((long long)len);

			if (below(4) == 0)
				t[at] = '\0';
			else
				t[at] = swap[below((long long)sizeof swap - 1)];
		}
		if (agree(t, NULL, NULL, 0))
			taken++;
		else
			refusedn++;
		free(t);
		slo_buf_release(&b);
	}
	/* both verdicts, many times (offsets below -1036 are out of
	 * range: some texts left whole are refused too) */
	assert_true(taken > 1300);
	assert_true(refusedn > 300);
}

/*
 * jscan_counts_dense() itself: the run read, where it stops, what it
 * leaves; known answers.
 */
static void
test_counts_reader(void **state)
{
	static const struct {
		const char *text;   /* an array */
		size_t n;           /* counts read by the first call */
		long long at;       /* cursor after it, from the '[' */
		uint64_t total;
	} cases[] = {
		{ "[1,2,3]", 3, 6, 6 },
		{ "[1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9]", 19, 38, 90 },
		{ "[1,22,333,4444]", 4, 14, 4800 },
		{ "[1,2 ,3]", 1, 2, 1 },     /* "2 " another form: stops at ',' */
		{ "[01]", 0, 1, 0 },
		{ "[1,-2]", 1, 2, 1 },
		{ "[1.5]", 0, 1, 0 },
		{ "[ 1]", 0, 1, 0 },
		{ "[]", 0, 1, 0 },
		{ "[123456789012345678,1]", 2, 21, 123456789012345679ULL },
		{ "[1234567890123456789]", 0, 1, 0 },   /* 19 digits */
		{ "[9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,"
		    "9,9,9,9,9,9,9,9,9,9,9]", 40, 80, 360 },
	};
	uint64_t out[64 + 9];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t n = strlen(cases[i].text);
		char *buf = padded(cases[i].text, n);
		uint64_t total = 0;
		jscan_val v;
		jscan s;
		size_t got;

		jscan_init(&s, buf, n);
		assert_int_equal(jscan_value(&s, &v), 1);
		assert_int_equal(v.type, JSCAN_ARRAY);
		got = jscan_counts_dense(&s, out, &total);
		if (got != cases[i].n || s.p - buf != cases[i].at ||
		    total != cases[i].total)
			fail_msg("%s: %zu read to %td, total %llu", cases[i].text,
			    got, s.p - buf, (unsigned long long)total);
		if (got > 0)
			assert_int_equal(s.first, 0);
		free(buf);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writer_choice),
		cmocka_unit_test(test_counts_reader),
		cmocka_unit_test(test_dense_known),
		cmocka_unit_test(test_every_place),
		cmocka_unit_test(test_random_dense),
		cmocka_unit_test(test_random_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
