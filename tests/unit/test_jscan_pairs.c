/*
 * test_jscan_pairs.c — jscan_pairs(), the scanner's reader of compact
 * [INT,INT] runs (a sketch's bins), and jscan_skip_pairs(): known answers
 * by hand, then differentially against the general path (jscan_elem(),
 * jscan_value(), jscan_skip()) on generated arrays, cut and damaged: the
 * same acceptance, the same pairs, the cursor at the same byte.  The
 * general path is itself checked against jansson by test_jscan.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jscan_int.h"
#include "slo.h"

#define MAXLINE 8192

/* text[0..n) into buf, padded as the scanner needs */
static void
load(jscan *s, char *buf, const char *text, size_t n)
{
	assert_true(n + 1 + JSCAN_PAD <= MAXLINE);
	memcpy(buf, text, n);
	memset(buf + n, 0, 1 + JSCAN_PAD);
	jscan_init(s, buf, n);
}

/* What reading {"bins":[...]} gave: each element an [INT,INT] pair or
 * "other" (skipped), the outcome and where the cursor stopped. */
struct seen {
	long long v[2 * 600];
	int other[600];
	size_t n;
	size_t fast;    /* of them, read by jscan_pairs() */
	int ok;         /* 1 read to the end and closed, 0 refused */
	size_t stop;    /* cursor offset */
};

/*
 * The line's "bins" array element by element; with fast, jscan_pairs()
 * first before each element, as the sketch reader does.  An element
 * that is not [INT,INT] is skipped whole.
 */
static void
read_bins(const char *text, size_t len, int fast, struct seen *out)
{
	static char buf[MAXLINE];
	jscan_val v, a, b;
	jscan s;
	char *k;
	size_t klen, got;
	int r;

	memset(out, 0, sizeof *out);
	load(&s, buf, text, len);
	if (jscan_open(&s) != 1 || jscan_key(&s, &k, &klen) != 1 ||
	    jscan_value(&s, &v) != 1 || v.type != JSCAN_ARRAY)
		goto done;
	for (;;) {
		if (fast && out->n < 600) {
			got = jscan_pairs(&s, out->v + 2 * out->n, 600 - out->n);
			out->n += got;
			out->fast += got;
		}
		if ((r = jscan_elem(&s)) != 1) {
			if (r == 0 && jscan_key(&s, &k, &klen) == 0 &&
			    jscan_close(&s) == 1)
				out->ok = 1;
			goto done;
		}
		if (out->n == 600)
			goto done;
		/* an element: a pair when it is [INT,INT], else skipped; the
		 * trial on a copy, as the scanner unescapes strings in place */
		{
			static char copy[MAXLINE];
			jscan t = s;

			memcpy(copy, buf, len + 1 + JSCAN_PAD);
			t.p = copy + (s.p - buf);
			t.end = copy + len;
			if (jscan_value(&t, &v) == 1 && v.type == JSCAN_ARRAY &&
			    jscan_elem(&t) == 1 && jscan_value(&t, &a) == 1 &&
			    a.type == JSCAN_INT && jscan_elem(&t) == 1 &&
			    jscan_value(&t, &b) == 1 && b.type == JSCAN_INT &&
			    jscan_elem(&t) == 0) {
				/* integers only: the copy is the text */
				s.p = buf + (t.p - copy);
				s.first = t.first;
				s.depth = t.depth;
				out->v[2 * out->n] = a.i;
				out->v[2 * out->n + 1] = b.i;
				out->n++;
				continue;
			}
			if (jscan_skip(&s) != 1)
				goto done;
			out->other[out->n] = 1;
			out->n++;
		}
	}
done:
	out->stop = (size_t)(s.p - buf);
}

/* The line's members skipped one by one with skipper, then closed: 1, 0 or
 * -1 as the calls return, the cursor's offset in *stop. */
static int
skip_all(char *buf, const char *text, size_t len, int (*skipper)(jscan *),
    ptrdiff_t *stop)
{
	jscan s;
	char *k;
	size_t kl;
	int r;

	load(&s, buf, text, len);
	if ((r = jscan_open(&s)) == 1) {
		while ((r = jscan_key(&s, &k, &kl)) == 1 &&
		    (r = skipper(&s)) == 1)
			;
		if (r == 0)
			r = jscan_close(&s);
	}
	*stop = s.p - buf;
	return r;
}

/* The general path and the fast one on text[0..len): the same.  Whether
 * the general path read it all; *fast_pairs, how many pairs
 * jscan_pairs() read. */
static int
same(const char *text, size_t len, size_t *fast_pairs)
{
	static struct seen g, f;
	static char b1[MAXLINE], b2[MAXLINE];
	ptrdiff_t at1, at2;
	int r1, r2;

	read_bins(text, len, 0, &g);
	read_bins(text, len, 1, &f);
	if (g.ok != f.ok || g.n != f.n || g.stop != f.stop ||
	    memcmp(g.v, f.v, sizeof g.v) != 0 ||
	    memcmp(g.other, f.other, sizeof g.other) != 0)
		fail_msg("general path (ok %d, %zu elements, stop %zu) and "
		    "jscan_pairs (ok %d, %zu, stop %zu) differ on: %.*s",
		    g.ok, g.n, g.stop, f.ok, f.n, f.stop, (int)len, text);
	r1 = skip_all(b1, text, len, jscan_skip, &at1);
	r2 = skip_all(b2, text, len, jscan_skip_pairs, &at2);
	if (r1 != r2 || at1 != at2)
		fail_msg("jscan_skip (%d at %td) and jscan_skip_pairs (%d at "
		    "%td) differ on: %.*s", r1, at1, r2, at2, (int)len, text);
	if (r1 == 1 && !g.ok)
		fail_msg("skipped but not read: %.*s", (int)len, text);
	*fast_pairs = f.fast;
	return g.ok;
}

/* By hand: the values are the digits written. */
static void
known_pairs(void **state)
{
	static const char text[] = "[[79,1],[-53,2],[0,5],[-0,7],"
	    "[123456789012345678,-999999999999999999],[1, 2],[3,4]]";
	static char buf[MAXLINE];
	long long out[16];
	jscan_val v;
	jscan s;

	(void)state;
	load(&s, buf, text, sizeof text - 1);
	assert_int_equal(jscan_value(&s, &v), 1);
	assert_int_equal(v.type, JSCAN_ARRAY);
	/* max 2: stops after two, the cursor after "[-53,2]" */
	assert_int_equal(jscan_pairs(&s, out, 2), 2);
	assert_true(out[0] == 79 && out[1] == 1 && out[2] == -53 &&
	    out[3] == 2);
	assert_true(*s.p == ',');
	/* then up to "[1, 2]", whose space the general path reads */
	assert_int_equal(jscan_pairs(&s, out, 16), 3);
	assert_true(out[0] == 0 && out[1] == 5 && out[2] == 0 && out[3] == 7);
	assert_true(out[4] == 123456789012345678LL &&
	    out[5] == -999999999999999999LL);
	assert_int_equal(jscan_pairs(&s, out, 16), 0);
	assert_int_equal(jscan_elem(&s), 1);
	assert_int_equal(jscan_skip(&s), 1);
	/* and on again: "[3,4]" */
	assert_int_equal(jscan_pairs(&s, out, 16), 1);
	assert_true(out[0] == 3 && out[1] == 4);
	assert_int_equal(jscan_elem(&s), 0);
	assert_int_equal(jscan_close(&s), 1);
}

/* Each of these stops jscan_pairs before the element: 0 read. */
static void
left_to_the_general_path(void **state)
{
	static const char *const first[] = {
		"[[01,1]]", "[[1,01]]", "[[1.5,1]]", "[[1,1e2]]", "[[1,2,3]]",
		"[[1]]", "[ [1,2]]", "[[ 1,2]]", "[[1 ,2]]", "[[1,2 ]]",
		"[[-,1]]", "[[--1,1]]", "[[+1,1]]", "[[1234567890123456789,1]]",
		"[[\"1\",2]]", "[[1,true]]", "[{\"a\":1}]", "[]", "[[1,2]",
	};
	static char buf[MAXLINE];
	long long out[4];
	jscan_val v;
	jscan s;

	(void)state;
	for (size_t i = 0; i < sizeof first / sizeof first[0]; i++) {
		load(&s, buf, first[i], strlen(first[i]));
		assert_int_equal(jscan_value(&s, &v), 1);
		if (strcmp(first[i], "[[1,2]") == 0) {
			/* a run read up to the end of the text, not past it */
			assert_int_equal(jscan_pairs(&s, out, 4), 1);
			assert_int_equal(jscan_elem(&s), -1);
			continue;
		}
		if (jscan_pairs(&s, out, 4) != 0)
			fail_msg("read a pair from %s", first[i]);
		assert_true(s.p == buf + 1);
	}
}

/*
 * The runs a skip keeps (jscan_skip_keep()) and a second reader of the
 * same text takes (jscan_run_take()): by hand, each where it was read
 * and in its state only; past JSCAN_KEEP_RUNS runs or the room for
 * pairs, none kept.
 */
static void
kept_runs(void **state)
{
	static const char text[] =
	    "{\"x\":[[1,2]],\"b\":[[3,4],[5,6], [7,8],[9,1]],\"c\":[[1,1]]}";
	static char b1[MAXLINE], b2[MAXLINE];
	long long room[64];
	jscan_runs keep = { .pairs = room, .cap = 32 };
	const jscan_run *r;
	jscan_val v;
	jscan s;
	char *k;
	size_t kl;

	(void)state;
	load(&s, b1, text, sizeof text - 1);
	assert_int_equal(jscan_skip_keep(&s, b1, &keep), 1);
	/* [1,2]; [3,4],[5,6]; [9,1] (after the spaced [7,8]); [1,1] */
	assert_int_equal(keep.nrun, 4);
	assert_int_equal(keep.npairs, 5);
	assert_true(keep.run[1].n == 2 && keep.run[1].lead == 1);
	assert_true(keep.run[2].n == 1 && keep.run[2].lead == 0);
	assert_true(room[2] == 3 && room[5] == 6 && room[6] == 9 &&
	    room[7] == 1);
	/* the second reader: "x" skipped, "b" read, "c" not reached */
	load(&s, b2, text, sizeof text - 1);
	assert_int_equal(jscan_open(&s), 1);
	assert_int_equal(jscan_key(&s, &k, &kl), 1);
	assert_int_equal(jscan_skip(&s), 1);
	assert_int_equal(jscan_key(&s, &k, &kl), 1);
	assert_int_equal(jscan_value(&s, &v), 1);
	assert_non_null(r = jscan_run_take(&keep, &s, b2));
	assert_true(r == &keep.run[1] && s.first == 0);
	assert_true(strncmp(s.p, ", [7,8]", 7) == 0);
	/* no run at ", [7,8]" (its space): the next one is not taken */
	assert_null(jscan_run_take(&keep, &s, b2));
	assert_int_equal(jscan_elem(&s), 1);
	assert_int_equal(jscan_skip(&s), 1);
	assert_non_null(r = jscan_run_take(&keep, &s, b2));
	assert_true(r == &keep.run[2]);
	assert_int_equal(jscan_elem(&s), 0);
	/* in another state (as if just inside '['): not taken */
	keep.next = 0;
	load(&s, b2, text, sizeof text - 1);
	s.p = b2 + keep.run[2].start;
	s.first = 1;
	assert_null(jscan_run_take(&keep, &s, b2));

	/* room for 3 pairs: the run of 4 not kept, the later one is */
	{
		static const char t2[] =
		    "[[1,1],[2,2],[3,3],[4,4], [5,5],[6,6]]";
		jscan_runs small = { .pairs = room, .cap = 3 };

		load(&s, b1, t2, sizeof t2 - 1);
		assert_int_equal(jscan_skip_keep(&s, b1, &small), 1);
		assert_int_equal(small.nrun, 1);
		assert_true(small.run[0].n == 1 && room[0] == 6);
	}
	/* 20 runs: the first JSCAN_KEEP_RUNS kept */
	{
		slo_buf t3 = { 0 };
		jscan_runs many = { .pairs = room, .cap = 32 };

		slo_buf_putc(&t3, '[');
		for (int i = 0; i < 20; i++)
			slo_buf_printf(&t3, "%s[%d,1], [0,0]", i ? "," : "", i);
		slo_buf_putc(&t3, ']');
		load(&s, b1, t3.data, t3.len);
		assert_int_equal(jscan_skip_keep(&s, b1, &many), 1);
		assert_int_equal(many.nrun, JSCAN_KEEP_RUNS);
		assert_true(room[2 * (JSCAN_KEEP_RUNS - 1)] ==
		    JSCAN_KEEP_RUNS - 1);
		slo_buf_release(&t3);
	}
}

/* A small deterministic generator (LCG), so the count is fixed. */
static uint64_t seed = 20;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(seed >> 33) % n;
}

/* An integer of 1 to 20 digits, sometimes negative, rarely with a
 * leading zero: all the forms at the edges of jscan_pairs(). */
static void
put_int(slo_buf *b)
{
	unsigned nd = rnd(400) == 0 ? 17 + rnd(4) : 1 + rnd(3);

	if (rnd(4) == 0)
		slo_buf_putc(b, '-');
	if (rnd(3000) == 0)
		slo_buf_putc(b, '0');
	for (unsigned i = 0; i < nd; i++)
		slo_buf_putc(b, (char)('0' + (i == 0 ? 1 + rnd(9) : rnd(10))));
}

/* {"bins":[...]}: mostly compact pairs, some other elements and
 * spellings, so runs start and stop anywhere. */
static void
gen_line(slo_buf *b)
{
	unsigned n = rnd(8) == 0 ? 300 + rnd(300) : rnd(40);

	slo_buf_reset(b);
	slo_buf_puts(b, rnd(5) ? "{\"bins\":[" : "{ \"bins\" : [ ");
	for (unsigned i = 0; i < n; i++) {
		if (i > 0)
			slo_buf_puts(b, rnd(20) ? "," : " , ");
		switch (rnd(60)) {
		case 0: slo_buf_puts(b, "[1.5,2]"); break;
		case 1: slo_buf_puts(b, "[1,2,3]"); break;
		case 2: slo_buf_puts(b, "[ 4 , 5 ]"); break;
		case 3: slo_buf_puts(b, "{\"x\":[[1,2]]}"); break;
		case 4: slo_buf_puts(b, "[[1,2],[3,4]]"); break;
		case 5: slo_buf_puts(b, "\"s\""); break;
		case 6: slo_buf_puts(b, "[7,1e3]"); break;
		default:
			slo_buf_putc(b, '[');
			put_int(b);
			slo_buf_putc(b, ',');
			put_int(b);
			slo_buf_putc(b, ']');
		}
	}
	slo_buf_puts(b, rnd(5) ? "]}" : " ] } ");
}

/*
 * 600 generated lines, each whole, cut at 16 places and damaged at 16
 * (one byte replaced by one that matters to JSON): 600 x 33 lines, the
 * same through both paths.
 */
static void
differential(void **state)
{
	static const char swaps[] = "\"\\{}[],:0-1e.x ";
	static char line[MAXLINE];
	slo_buf b = { 0 };
	size_t compared = 0, accepted = 0, whole = 0, runs = 0, n, fast;

	(void)state;
	for (int i = 0; i < 600; i++) {
		gen_line(&b);
		n = b.len;
		whole += (size_t)same(b.data, n, &fast);
		runs += fast;
		compared++;
		for (size_t k = 1; k <= 16; k++) {
			size_t at = n * k / 17;

			(void)same(b.data, at, &fast);
			memcpy(line, b.data, n);
			line[at] = swaps[rnd(sizeof swaps - 1)];
			accepted += (size_t)same(line, n, &fast);
			compared += 2;
		}
	}
	assert_int_equal(compared, 600 * 33);
	/* not vacuous: most whole lines read (529 of 600 with this seed),
	 * many damaged ones too, and most pairs in jscan_pairs() runs */
	assert_true(whole > 450);
	assert_true(accepted > 1000);
	assert_true(runs > 20000);
	slo_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_pairs),
		cmocka_unit_test(left_to_the_general_path),
		cmocka_unit_test(kept_runs),
		cmocka_unit_test(differential),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
