/*
 * test_sketchwin.c — the cost side of the window's latency sketches
 * (lib/math/window.c, lib/math/sketch.c): slo_window_bytes() kept as a
 * running count and checked against a full walk of every chunk and
 * sketch (slo_window_bytes_walk(), the second method); a rollup row's
 * bins added into a window straight from the scanner
 * (slo_window_merge_sketch_scan()) against the same values added one by
 * one; slo_sketch_scan_jscan() against slo_sketch_from_json() (jansson)
 * on valid and broken sketches.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
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

#define MIN SLO_NS_PER_MIN
#define HOUR SLO_NS_PER_HOUR
#define DAY SLO_NS_PER_DAY
#define T0 (1795694400LL * SLO_NS_PER_SEC) /* 2026-11-26T12:00:00Z */

static double
unit(uint64_t *x)
{
	return ((double)(xs64(x) >> 11) + 0.5) / 9007199254740992.0;
}

/* A latency in ms: lognormal, median 120, sigma 0.6 (the bench's). */
static double
latency(uint64_t *x)
{
	return 120 * exp(0.6 * sqrt(-2 * log(unit(x))) *
	    cos(6.283185307179586 * unit(x)));
}

static slo_window *
mk(slo_ns span, double alpha)
{
	slo_window_config cfg;
	slo_window *w;

	slo_window_config_init(&cfg);
	cfg.span = span;
	cfg.sketch_alpha = alpha;
	w = slo_window_new(&cfg, NULL);
	assert_non_null(w);
	return w;
}

static void
check_bytes(const slo_window *w)
{
	assert_int_equal(slo_window_bytes(w), slo_window_bytes_walk(w));
}

/*
 * The running count of slo_window_bytes() equals the full walk after
 * every step of a random run over a 2-hour series fed 10 hours (buckets
 * age out and their chunks are wiped and reused): values in time order,
 * late values that thaw a frozen bucket, values too old (refused),
 * whole sketches merged in, another series merged in (its frozen
 * buckets cloned or thawed), and counts alone (their chunks widened
 * past 65,535 events a bucket).
 */
static void
test_bytes_running(void **state)
{
	slo_window *w = mk(2 * HOUR, 0.01), *o = mk(2 * HOUR, 0.01);
	slo_sketch *s = slo_sketch_new(0.01);
	uint64_t x = 88172645463325252ULL;
	slo_ns t = T0, at;
	int step, k;

	(void)state;
	check_bytes(w);
	for (step = 0; step < 6000; step++) {
		t += (slo_ns)(xs64(&x) % 12) * SLO_NS_PER_SEC;
		switch (xs64(&x) % 10) {
		case 0: /* late: up to 3 hours back, some refused */
			at = t - (slo_ns)(xs64(&x) % (3 * HOUR));
			assert_int_equal(slo_window_add_latency(w, at,
			    latency(&x), 1), SLO_OK);
			break;
		case 1: /* a whole sketch, as a rollup row's */
			slo_sketch_clear(s);
			for (k = 0; k < 20; k++)
				assert_int_equal(slo_sketch_add(s, latency(&x)),
				    SLO_OK);
			assert_int_equal(slo_window_merge_sketch(w, t, s), SLO_OK);
			break;
		case 2: /* counts, some past 65,535 a bucket */
			assert_int_equal(slo_window_add(w, t, 1,
			    xs64(&x) % 4 == 0 ? 70000 : 3), SLO_OK);
			break;
		case 3: /* another series, merged in now and then */
			assert_int_equal(slo_window_add_latency(o,
			    t - (slo_ns)(xs64(&x) % HOUR), latency(&x), 2),
			    SLO_OK);
			if (step % 97 == 0) {
				assert_int_equal(slo_window_merge(w, o), SLO_OK);
				check_bytes(o);
			}
			break;
		default:
			assert_int_equal(slo_window_add_latency(w, t,
			    latency(&x), 1 + xs64(&x) % 3), SLO_OK);
			break;
		}
		check_bytes(w);
	}
	/* the walk counts something: a frozen bucket at least per minute
	 * of the 2 hours, besides the struct */
	assert_true(slo_window_bytes(w) > 120 * 20 + 600);
	slo_window_free(w);
	slo_window_free(o);
	slo_sketch_free(s);
}

/* A series without sketches, and one whose sketches all aged out. */
static void
test_bytes_plain(void **state)
{
	slo_window *w = mk(HOUR, 0), *v = mk(HOUR, 0.02);

	(void)state;
	for (slo_ns t = T0; t < T0 + 5 * HOUR; t += 7 * SLO_NS_PER_SEC) {
		assert_int_equal(slo_window_add(w, t, 1, 2), SLO_OK);
		assert_int_equal(slo_window_add_latency(v, t, 15, 1), SLO_OK);
		check_bytes(w);
		check_bytes(v);
	}
	assert_int_equal(slo_window_add_latency(v, T0 + 100 * DAY, 15, 1),
	    SLO_OK);
	check_bytes(v);
	slo_window_free(w);
	slo_window_free(v);
}

/* The sketch text at buf scanned as a rollup line's "latency_ms". */
static int
scan_text(const char *text, char *buf, slo_buf *pairs, slo_sketch_scan *out)
{
	size_t n = strlen(text);
	jscan sc;

	memcpy(buf, text, n);
	memset(buf + n, 0, JSCAN_PAD + 1);
	jscan_init(&sc, buf, n);
	return slo_sketch_scan_jscan(&sc, NULL, buf, pairs, out);
}

static void
assert_same_sketch(const slo_sketch *want, const slo_sketch *got)
{
	char *a = sketch_json(want), *b = sketch_json(got);

	if (strcmp(a, b) != 0)
		fail_msg("want %s\n got %s", a, b);
	free(a);
	free(b);
}

/* The values of [from, to) of w, as one sketch. */
static slo_sketch *
read_range(const slo_window *w, slo_ns from, slo_ns to, double alpha)
{
	slo_sketch *s = slo_sketch_new(alpha);

	assert_int_equal(slo_window_sketch(w, from, to, s), SLO_OK);
	return s;
}

enum { ROWS = 3000, NSER = 3 };

/*
 * Issue 20.5 (the rollup path): rollup rows' sketches scanned from their
 * text and added straight into a bucket's sketch
 * (slo_window_merge_sketch_scan: bins reused from bucket to bucket, a
 * bucket frozen as the row after it moves on) hold exactly the values
 * the same rows' values added one by one hold (the second method:
 * slo_window_add_latency, the raw path), and what whole row sketches
 * merged hold (slo_window_merge_sketch).  Three series over 10 hours of
 * a 4-hour window at 1m, 1 to 3 rows a bucket, some buckets without,
 * every 10th row late by up to an hour (a frozen bucket thawed), rows of
 * a few ms to minutes wide, now and then of zeros, of 1e-9 and 1e300
 * (bins kept or given back at the ends of the index range), or of a
 * value many times; every bucket and the 4-hour window compared as
 * encoded (count, sum, min, max, zero and every bin), at every hour.
 */
static void
test_scan_rows(void **state)
{
	slo_window *scan[NSER], *raw[NSER], *whole[NSER];
	slo_sketch *row = slo_sketch_new(0.01), *a, *b;
	slo_sketch_scan in;
	slo_buf pairs = { 0 };
	uint64_t x = 0x2545f4914f6cdd1dULL;
	char *buf = malloc(1 << 20), *text;
	slo_ns t = T0, at;
	double v;
	int r, k, i, n, ser;

	(void)state;
	memset(&in, 0, sizeof in);
	for (k = 0; k < NSER; k++) {
		scan[k] = mk(4 * HOUR, 0.01);
		raw[k] = mk(4 * HOUR, 0.01);
		whole[k] = mk(4 * HOUR, 0.01);
	}
	for (r = 0; r < ROWS; r++) {
		ser = (int)(xs64(&x) % NSER);
		if (xs64(&x) % 3 == 0)
			t += MIN * (slo_ns)(1 + xs64(&x) % 2);
		at = r % 10 == 9 ? t - (slo_ns)(xs64(&x) % HOUR) : t;
		slo_sketch_clear(row);
		n = (int)(xs64(&x) % 120);
		for (i = 0; i < n; i++) {
			switch (xs64(&x) % 64) {
			case 0: v = 0; break;
			case 1: v = 1e-9; break;
			case 2: v = 1e300; break;
			case 3: v = 60000 * unit(&x); break;
			default: v = latency(&x); break;
			}
			k = xs64(&x) % 50 == 0 ? 1000 : 1;
			assert_int_equal(slo_sketch_add_n(row, v, (uint64_t)k),
			    SLO_OK);
			assert_int_equal(slo_window_add_latency(raw[ser], at, v,
			    (uint64_t)k), SLO_OK);
		}
		text = sketch_json(row);
		assert_true(scan_text(text, buf, &pairs, &in));
		free(text);
		assert_int_equal(slo_window_merge_sketch_scan(scan[ser], at, &in),
		    SLO_OK);
		assert_int_equal(slo_window_merge_sketch(whole[ser], at, row),
		    SLO_OK);
		check_bytes(scan[ser]);
		if (r % 200 != 199)
			continue;
		for (k = 0; k < NSER; k++) {
			for (at = t - 4 * HOUR + MIN; at <= t; at += MIN) {
				slo_ns from = at - at % MIN;

				a = read_range(raw[k], from, from + MIN, 0.01);
				b = read_range(scan[k], from, from + MIN, 0.01);
				assert_same_sketch(a, b);
				slo_sketch_free(b);
				b = read_range(whole[k], from, from + MIN, 0.01);
				assert_same_sketch(a, b);
				slo_sketch_free(a);
				slo_sketch_free(b);
			}
			at = t - t % MIN + MIN;
			a = read_range(raw[k], at - 4 * HOUR, at, 0.01);
			b = read_range(scan[k], at - 4 * HOUR, at, 0.01);
			assert_same_sketch(a, b);
			assert_true(slo_sketch_count(a) > 0);
			slo_sketch_free(a);
			slo_sketch_free(b);
		}
	}
	for (k = 0; k < NSER; k++) {
		slo_window_free(scan[k]);
		slo_window_free(raw[k]);
		slo_window_free(whole[k]);
	}
	slo_sketch_free(row);
	slo_buf_release(&pairs);
	free(buf);
}

/*
 * slo_sketch_freeze_wipe() writes the very form slo_sketch_freeze()
 * does (byte for byte) and leaves a sketch that, fed again, equals a new
 * one fed the same (its bins kept, zeroed, and moved to where the values
 * fall: at the ends of the index range too, values of 1e-9 and 1e300).
 */
static void
test_freeze_wipe(void **state)
{
	slo_sketch *s = slo_sketch_new(0.02), *fresh;
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	slo_frozen *f, *g;
	size_t bytes;
	double v;

	(void)state;
	for (int round = 0; round < 300; round++) {
		fresh = slo_sketch_new(0.02);
		for (int i = 0; i < round % 40; i++) {
			switch (round % 5) {
			case 0: v = latency(&x); break;
			case 1: v = 1e-9 * (1 + unit(&x)); break;
			case 2: v = 1e300 * (1 + unit(&x)); break;
			case 3: v = pow(10, -9 + 317 * unit(&x)); break;
			default: v = (double)(xs64(&x) % 3); break;
			}
			uint64_t k = round % 7 == 0 ? xs64(&x) >> 20 : 1;

			assert_int_equal(slo_sketch_add_n(s, v, k), SLO_OK);
			assert_int_equal(slo_sketch_add_n(fresh, v, k), SLO_OK);
		}
		assert_same_sketch(fresh, s);
		f = slo_sketch_freeze(s);
		g = slo_sketch_freeze_wipe(s, &bytes);
		assert_non_null(f);
		assert_non_null(g);
		assert_int_equal(bytes, slo_frozen_bytes(f));
		assert_memory_equal(f, g, bytes);
		assert_int_equal(slo_sketch_count(s), 0);
		slo_frozen_free(f);
		slo_frozen_free(g);
		slo_sketch_free(fresh);
	}
	slo_sketch_free(s);
}

/*
 * What the scanner makes of text, against jansson's reading
 * (slo_sketch_from_json, the second method): accepted by both, to the
 * same sketch, or refused by both.  Returns whether accepted.
 */
static int
scan_vs_jansson(const char *text)
{
	static char buf[1 << 16];
	slo_buf pairs = { 0 };
	slo_sketch_scan in;
	slo_sketch *want, *got;
	slo_error err;
	json_t *j = json_loads(text, 0, NULL);
	int ok;

	memset(&in, 0, sizeof in);
	/* text jansson cannot read (an integer past 2^63 - 1) is refused */
	want = j != NULL ? slo_sketch_from_json(j, &err) : NULL;
	json_decref(j);
	ok = scan_text(text, buf, &pairs, &in);
	if (ok != (want != NULL))
		fail_msg("scanner %s, jansson %s: %s", ok ? "accepts" : "refuses",
		    want ? "accepts" : "refuses", text);
	if (ok) {
		got = slo_sketch_new(in.alpha);
		assert_int_equal(slo_sketch_add_scan(got, &in), SLO_OK);
		assert_same_sketch(want, got);
		slo_sketch_free(got);
	}
	slo_sketch_free(want);
	slo_buf_release(&pairs);
	return ok;
}

/* A sketch text of alpha 0.01 with these bins ("[[i,c],...]"), zero and
 * count given, sum 0 when count is, else 1 (min and max 1). */
static int
bins_case(const char *bins, long long zero, const char *count)
{
	char text[1024];
	int empty = strcmp(count, "0") == 0;

	snprintf(text, sizeof text, "{\"alpha\":0.01,\"count\":%s,\"sum\":%s,"
	    "\"min\":%s,\"max\":%s,\"zero\":%lld,\"bins\":%s}", count,
	    empty ? "0" : "1", empty ? "null" : "1", empty ? "null" : "1",
	    zero, bins);
	return scan_vs_jansson(text);
}

/*
 * Issue 20.5: slo_sketch_scan_jscan() checks a row's bins in one pass
 * without a branch a pair, handing anything unusual to the check of each
 * pair in turn; every verdict stays slo_sketch_from_json()'s.  Known
 * answers: the bins below are refused by both (an index not above the
 * one before: equal, lower, lower by nearly 2^64 so that the step looks
 * like +2 modulo 2^64, or a run of steps that all look like 2^62 - 1; a
 * count of 0 or below; counts adding past
 * 2^63 - 1; an end out of range at alpha 0.01, whose indexes run from
 * ceil(ln(1e-9) / ln(1.01 / 0.99)) = -1036 to ceil(ln(DBL_MAX) /
 * ln(1.01 / 0.99)) = 35,488, computed with python3's math.log) or
 * accepted by both (counts of 2^32 and 2^32 + 1, the
 * second past the fast check).  Then 400 random sketches, their text
 * mutated at random in one bin, compared.
 */
static void
test_scan_checks(void **state)
{
	uint64_t x = 0x853c49e6748fea9bULL;

	(void)state;
	assert_false(bins_case("[[5,1],[5,1]]", 0, "2"));
	assert_false(bins_case("[[5,1],[4,1]]", 0, "2"));
	assert_false(bins_case("[[0,1],[9223372036854775807,1],"
	    "[-9223372036854775807,1],[5,1]]", 0, "4"));
	assert_false(bins_case("[[0,1],[4611686018427387904,1],"
	    "[-4611686018427387902,1],[5,1]]", 0, "4"));
	/* five steps of 2^62 - 1 modulo 2^64, the third down: a check of
	 * steps below 2^62 would pass them, and sum them past 2^64 */
	assert_false(bins_case("[[0,1],[4611686018427387903,1],"
	    "[9223372036854775806,1],[-4611686018427387907,1],[-4,1],[5,1]]",
	    0, "6"));
	assert_false(bins_case("[[5,0]]", 0, "0"));
	assert_false(bins_case("[[5,1],[6,0],[7,1]]", 0, "2"));
	assert_false(bins_case("[[5,-1],[6,2]]", 0, "1"));
	assert_false(bins_case("[[5,9223372036854775807],[6,1]]", 0,
	    "-9223372036854775808"));
	assert_false(bins_case("[[5,4611686018427387904],"
	    "[6,4611686018427387904]]", 0, "9223372036854775808"));
	assert_false(bins_case("[[5,3]]", 9223372036854775805LL,
	    "9223372036854775808"));
	assert_false(bins_case("[[-1037,1]]", 0, "1"));
	assert_false(bins_case("[[5,1],[35489,1]]", 0, "2"));
	assert_true(bins_case("[[-1036,1],[35488,1]]", 0, "2"));
	assert_true(bins_case("[[5,4294967296],[9,1]]", 2, "4294967299"));
	assert_true(bins_case("[[5,4294967297],[9,1]]", 0, "4294967298"));
	assert_true(bins_case("[[5,1],[6,1],[7,1],[100,8],[101,9]]", 1, "21"));
	assert_true(bins_case("[]", 0, "0"));
	assert_true(bins_case("[]", 3, "3"));

	for (int round = 0; round < 400; round++) {
		slo_sketch *s = slo_sketch_new(0.01);
		char *text, *p, *q, *mut;
		int n = 1 + (int)(xs64(&x) % 60), which;

		for (int i = 0; i < n; i++)
			assert_int_equal(slo_sketch_add_n(s, latency(&x),
			    xs64(&x) % 9 == 0 ? xs64(&x) >> 28 : 1), SLO_OK);
		/* sparse, as the mutations below are of pairs (the writer
		 * may choose the dense form, test_dense.c's) */
		text = sketch_json_sparse(s);
		assert_true(scan_vs_jansson(text));
		/* one bin's index or count replaced */
		p = strstr(text, "\"bins\":[") + 8;
		for (which = (int)(xs64(&x) % 8); which > 0 && strchr(p + 1, '[');
		    which--)
			p = strchr(p + 1, '[');
		p++;
		if (xs64(&x) % 2)
			p = strchr(p, ',') + 1;
		q = p + strspn(p, "-0123456789");
		mut = malloc(strlen(text) + 32);
		static const char *const subst[] = { "0", "-1", "1", "2",
		    "4294967296", "4294967297", "9223372036854775807",
		    "-9223372036854775808", "170", "171", "169" };
		sprintf(mut, "%.*s%s%s", (int)(p - text),
		    text, subst[xs64(&x) % 11], q);
		scan_vs_jansson(mut);
		free(mut);
		free(text);
		slo_sketch_free(s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes_running),
		cmocka_unit_test(test_bytes_plain),
		cmocka_unit_test(test_scan_rows),
		cmocka_unit_test(test_freeze_wipe),
		cmocka_unit_test(test_scan_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
