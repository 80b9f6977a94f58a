/*
 * test_jscanfast.c — the scanner's fast paths (lib/event/jscan.c: the
 * word-at-a-time string search, the inline separators, the word forms of
 * jscan_pairs()) held to the scanner as it was before them
 * (jscanfast_ref.h, the same code verbatim), call by call: the same
 * result, the same value, the same cursor, the same state (first, depth,
 * spaced), the same bytes in the buffer afterwards (strings are unescaped
 * in place), the same pairs and kept runs.  Each text is given in a
 * buffer of exactly its length, its NUL and JSCAN_PAD bytes, so a read
 * past the padding is caught under the sanitizers.
 *
 * The texts: the edges of each fast path written out (a pair at the end
 * of the text, 17 to 20 digits, leading zeros, -0, escapes and
 * non-ASCII bytes and NUL at every offset of a word, invalid UTF-8 after
 * an ASCII word), then generated lines (events and rollups as slokit
 * writes them, bins arrays of every form) damaged byte by byte.  Where
 * the new scanner reads a whole line and the line is valid UTF-8,
 * jansson must accept it too (jansson is the scanner's reference, see
 * test_jscan.c; the old code is only the reference for sameness).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jscan_int.h"
#include "slo.h"

/* The old scanner, under ref_ names, beside the new one. */
#define jscan_init ref_jscan_init
#define jscan_open ref_jscan_open
#define jscan_key ref_jscan_key
#define jscan_elem ref_jscan_elem
#define jscan_value ref_jscan_value
#define jscan_skip ref_jscan_skip
#define jscan_close ref_jscan_close
#define jscan_peek ref_jscan_peek
#define jscan_pairs ref_jscan_pairs
#define jscan_skip_pairs ref_jscan_skip_pairs
#define jscan_skip_keep ref_jscan_skip_keep
#define jscan_run_take ref_jscan_run_take
int ref_jscan_open(jscan *s);
int ref_jscan_key(jscan *s, char **key, size_t *len);
int ref_jscan_elem(jscan *s);
int ref_jscan_value(jscan *s, jscan_val *v);
int ref_jscan_skip(jscan *s);
int ref_jscan_close(jscan *s);
char ref_jscan_peek(jscan *s);
size_t ref_jscan_pairs(jscan *s, long long *out, size_t max);
int ref_jscan_skip_pairs(jscan *s);
int ref_jscan_skip_keep(jscan *s, const char *base, jscan_runs *keep);
const jscan_run *ref_jscan_run_take(jscan_runs *keep, jscan *s,
    const char *base);
void ref_jscan_init(jscan *s, char *buf, size_t n);
#include "jscanfast_ref.h"
#include "sketch_helpers.h"
#undef jscan_init
#undef jscan_open
#undef jscan_key
#undef jscan_elem
#undef jscan_value
#undef jscan_skip
#undef jscan_close
#undef jscan_peek
#undef jscan_pairs
#undef jscan_skip_pairs
#undef jscan_skip_keep
#undef jscan_run_take

/* xorshift64: the same texts and calls on every run */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
rnd(void)
{
	return xs64(&rng);
}

static size_t
below(size_t n)
{
	return (size_t)(rnd() % n);
}

#define KEEP_CAP 64

/* One scanner's side: its buffer, cursor and kept runs. */
struct side {
	char *buf;
	jscan s;
	jscan_runs keep;
	long long kept[2 * KEEP_CAP];
	long long out[2 * 300];
};

static void
side_init(struct side *d, const char *text, size_t n, int ref)
{
	d->buf = malloc(n + 1 + JSCAN_PAD);
	assert_non_null(d->buf);
	memcpy(d->buf, text, n);
	memset(d->buf + n, 0, 1 + JSCAN_PAD);
	if (ref)
		ref_jscan_init(&d->s, d->buf, n);
	else
		jscan_init(&d->s, d->buf, n);
	memset(&d->keep, 0, sizeof d->keep);
	d->keep.pairs = d->kept;
	d->keep.cap = KEEP_CAP;
}

/* What the text and the call were, when they differ. */
static const char *cur_text;
static size_t cur_len;
static const char *cur_op;

static void
differ(const char *what)
{
	fprintf(stderr, "differ in %s after %s on (%zu bytes) '", what,
	    cur_op, cur_len);
	for (size_t i = 0; i < cur_len; i++) {
		unsigned char c = (unsigned char)cur_text[i];

		if (c >= 0x20 && c < 0x7f)
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "'\n");
	fail();
}

static void
same_state(const struct side *a, const struct side *b, size_t n)
{
	if (a->s.p - a->buf != b->s.p - b->buf)
		differ("cursor");
	if (a->s.end - a->buf != b->s.end - b->buf)
		differ("end");
	if (a->s.first != b->s.first || a->s.depth != b->s.depth)
		differ("first/depth");
	if (a->s.spaced != b->s.spaced)
		differ("spaced");
	if (memcmp(a->buf, b->buf, n + 1 + JSCAN_PAD) != 0)
		differ("buffer");
}

static void
same_val(const struct side *a, const jscan_val *va, const struct side *b,
    const jscan_val *vb)
{
	if (va->type != vb->type)
		differ("type");
	switch (va->type) {
	case JSCAN_STRING:
		if (va->str - a->buf != vb->str - b->buf || va->len != vb->len)
			differ("string");
		break;
	case JSCAN_INT:
		if (va->i != vb->i || va->neg != vb->neg)
			differ("integer");
		/* fall through */
	case JSCAN_REAL:
		if (memcmp(&va->num, &vb->num, sizeof va->num) != 0 ||
		    va->neg != vb->neg)
			differ("number");
		break;
	default:
		break;
	}
}

static void
same_keep(const jscan_runs *a, const jscan_runs *b)
{
	if (a->nrun != b->nrun || a->npairs != b->npairs || a->next != b->next)
		differ("kept runs");
	for (size_t i = 0; i < a->nrun; i++)
		if (a->run[i].start != b->run[i].start ||
		    a->run[i].end != b->run[i].end ||
		    a->run[i].first != b->run[i].first ||
		    a->run[i].n != b->run[i].n ||
		    a->run[i].lead != b->run[i].lead)
			differ("kept run");
	if (memcmp(a->pairs, b->pairs, 2 * sizeof(long long) * a->npairs) != 0)
		differ("kept pairs");
}

enum op {
	OP_KEY, OP_VALUE, OP_ELEM, OP_PAIRS, OP_SKIP, OP_SKIP_PAIRS,
	OP_SKIP_KEEP, OP_TAKE, OP_PEEK, OP_CLOSE, OP_OPEN, NOPS
};

static const char *const op_name[NOPS] = {
	"key", "value", "elem", "pairs", "skip", "skip_pairs", "skip_keep",
	"run_take", "peek", "close", "open"
};

/* One call on both sides, compared. */
static int
both(enum op op, struct side *a, struct side *b, size_t n)
{
	jscan_val va, vb;
	char *ka = NULL, *kb = NULL;
	size_t la = 0, lb = 0, max;
	const jscan_run *ra, *rb;
	int x = 0, y = 0;

	cur_op = op_name[op];
	switch (op) {
	case OP_KEY:
		x = jscan_key(&a->s, &ka, &la);
		y = ref_jscan_key(&b->s, &kb, &lb);
		if (x == y && x == 1 && (ka - a->buf != kb - b->buf || la != lb))
			differ("key");
		break;
	case OP_VALUE:
		x = jscan_value(&a->s, &va);
		y = ref_jscan_value(&b->s, &vb);
		if (x == y && x == 1)
			same_val(a, &va, b, &vb);
		break;
	case OP_ELEM:
		x = jscan_elem(&a->s);
		y = ref_jscan_elem(&b->s);
		break;
	case OP_PAIRS:
		/* room for one pair, a few, all; or passed over */
		max = (size_t[]){ 0, 1, 2, 3, 7, 300 }[below(6)];
		if (below(4) == 0) {
			x = (int)jscan_pairs(&a->s, NULL, max);
			y = (int)ref_jscan_pairs(&b->s, NULL, max);
		} else {
			x = (int)jscan_pairs(&a->s, a->out, max);
			y = (int)ref_jscan_pairs(&b->s, b->out, max);
			if (x == y && memcmp(a->out, b->out,
			    2 * sizeof(long long) * (size_t)x) != 0)
				differ("pairs");
		}
		break;
	case OP_SKIP:
		x = jscan_skip(&a->s);
		y = ref_jscan_skip(&b->s);
		break;
	case OP_SKIP_PAIRS:
		x = jscan_skip_pairs(&a->s);
		y = ref_jscan_skip_pairs(&b->s);
		break;
	case OP_SKIP_KEEP:
		x = jscan_skip_keep(&a->s, a->buf, &a->keep);
		y = ref_jscan_skip_keep(&b->s, b->buf, &b->keep);
		same_keep(&a->keep, &b->keep);
		break;
	case OP_TAKE:
		ra = jscan_run_take(&a->keep, &a->s, a->buf);
		rb = ref_jscan_run_take(&b->keep, &b->s, b->buf);
		x = ra == NULL ? -1 : (int)(ra - a->keep.run);
		y = rb == NULL ? -1 : (int)(rb - b->keep.run);
		same_keep(&a->keep, &b->keep);
		break;
	case OP_PEEK:
		x = jscan_peek(&a->s);
		y = ref_jscan_peek(&b->s);
		break;
	case OP_CLOSE:
		x = jscan_close(&a->s);
		y = ref_jscan_close(&b->s);
		break;
	case OP_OPEN:
		x = jscan_open(&a->s);
		y = ref_jscan_open(&b->s);
		break;
	default:
		fail();
	}
	if (x != y)
		differ("result");
	same_state(a, b, n);
	return x;
}

/*
 * The text read by both scanners: a walk as the readers make it (open,
 * then in an object key and value or skip, in an array pairs or element
 * and value), with a random call now and then when wild, until a side
 * refuses, the top-level object closes or 400 calls.
 */
static void
walk_both(const char *text, size_t n, int wild)
{
	uint64_t objects = 1; /* bit k: level k is an object */
	int depth = 1, want_value = 0, r;
	struct side a, b;
	jscan_val v;

	cur_text = text;
	cur_len = n;
	side_init(&a, text, n, 0);
	side_init(&b, text, n, 1);
	r = both(OP_OPEN, &a, &b, n);
	for (int step = 0; step < 400 && r >= 0 && depth > 0; step++) {
		enum op op;

		if (wild && below(5) == 0) {
			/* any call: the walk's own state may be off after
			 * it, so only the sameness is checked from here */
			op = (enum op)below(NOPS);
			r = both(op, &a, &b, n);
			wild = 2;
			continue;
		}
		if (!want_value) {
			if (objects >> (depth - 1) & 1)
				op = OP_KEY;
			else if (below(3) == 0)
				op = OP_PAIRS;
			else
				op = OP_ELEM;
			r = both(op, &a, &b, n);
			if (op == OP_PAIRS)
				continue;
			if (r == 0)
				depth--;
			else if (r == 1)
				want_value = 1;
			continue;
		}
		op = (enum op[]){ OP_VALUE, OP_VALUE, OP_VALUE, OP_SKIP,
		    OP_SKIP_KEEP, OP_SKIP_PAIRS }[below(6)];
		if (op == OP_VALUE) {
			int x = jscan_value(&a.s, &v);
			jscan_val vb;
			int y = ref_jscan_value(&b.s, &vb);

			cur_op = "value";
			if (x != y)
				differ("result");
			if (x == 1)
				same_val(&a, &v, &b, &vb);
			same_state(&a, &b, n);
			r = x;
			if (r == 1 && (v.type == JSCAN_OBJECT ||
			    v.type == JSCAN_ARRAY) && depth < 63) {
				if (v.type == JSCAN_OBJECT)
					objects |= 1ULL << depth;
				else
					objects &= ~(1ULL << depth);
				depth++;
			}
		} else
			r = both(op, &a, &b, n);
		want_value = 0;
	}
	if (r >= 0 && wild != 2)
		both(OP_CLOSE, &a, &b, n);
	free(a.buf);
	free(b.buf);
}

/*
 * The whole text read by the new scanner alone (jscan_skip_keep() over
 * the top-level value): when it accepts a valid UTF-8 text, so must
 * jansson.
 */
static void
whole_vs_jansson(const char *text, size_t n)
{
	char *buf = malloc(n + 1 + JSCAN_PAD);
	long long kept[2 * KEEP_CAP];
	jscan_runs keep = { .pairs = kept, .cap = KEEP_CAP };
	size_t bad;
	jscan s;
	json_t *j;

	assert_non_null(buf);
	memcpy(buf, text, n);
	memset(buf + n, 0, 1 + JSCAN_PAD);
	jscan_init(&s, buf, n);
	if (jscan_peek(&s) == '{' &&
	    jscan_skip_keep(&s, buf, &keep) == 1 && jscan_close(&s) == 1 &&
	    slo_utf8_valid(text, n, &bad)) {
		j = json_loadb(text, n, 0, NULL);
		if (j == NULL) {
			cur_text = text;
			cur_len = n;
			cur_op = "a whole read";
			differ("jansson refuses");
		}
		json_decref(j);
	}
	free(buf);
}

static void
check(const char *text, size_t n)
{
	walk_both(text, n, 0);
	walk_both(text, n, 1);
	whole_vs_jansson(text, n);
}

static void
check_str(const char *text)
{
	check(text, strlen(text));
}

/* ---- the edges, written out ------------------------------------------ */

/* Known answers, by hand: the pairs of a bins array read whole. */
static void
test_pairs_known(void **state)
{
	static const char text[] =
	    "{\"bins\":[[123,4],[-12,3],[45,6],[-7,0],[-0,5],[7,1],"
	    "[100,9],[99,1],[-99,2],[-9,9],[1000,2],[12,34]]}";
	static const long long want[] = { 123, 4, -12, 3, 45, 6, -7, 0,
	    0, 5, 7, 1, 100, 9, 99, 1, -99, 2, -9, 9, 1000, 2, 12, 34 };
	char buf[sizeof text + JSCAN_PAD];
	long long out[2 * 16];
	jscan_val v;
	char *k;
	size_t klen;
	jscan s;

	(void)state;
	memcpy(buf, text, sizeof text);
	memset(buf + sizeof text, 0, JSCAN_PAD);
	jscan_init(&s, buf, sizeof text - 1);
	assert_int_equal(jscan_open(&s), 1);
	assert_int_equal(jscan_key(&s, &k, &klen), 1);
	assert_int_equal(jscan_value(&s, &v), 1);
	assert_int_equal(v.type, JSCAN_ARRAY);
	assert_int_equal(jscan_pairs(&s, out, 16), 12);
	assert_memory_equal(out, want, sizeof want);
	assert_int_equal(jscan_elem(&s), 0);
	assert_int_equal(jscan_key(&s, &k, &klen), 0);
	assert_int_equal(jscan_close(&s), 1);
	check(text, sizeof text - 1);
}

/* Every pair of these members, at the start, middle and end of a run,
 * the run ending the text or cut short at each byte. */
static void
test_pair_edges(void **state)
{
	static const char *const member[] = {
		"0", "1", "7", "9", "10", "99", "100", "999", "1000", "-0",
		"-1", "-9", "-10", "-99", "-100", "00", "01", "-00", "-01",
		"001", "012", "0x1", "1.5", "1e2", "-", "--1", "+1", " 1",
		"1 ", "", "\"1\"", "12345678901234567", "-12345678901234567",
		"123456789012345678", "-123456789012345678",
		"1234567890123456789", "9223372036854775807",
		"-9223372036854775808", "9223372036854775808",
		"12345678901234567890", "99999999999999999999",
	};
	size_t nm = sizeof member / sizeof *member;
	char text[512], cut[512];

	(void)state;
	for (size_t i = 0; i < nm; i++)
		for (size_t j = 0; j < nm; j++) {
			/* first in its run (no ',' before), then after one */
			int n = snprintf(text, sizeof text,
			    "{\"bins\":[[%s,%s],[1,1]]}", member[i], member[j]);

			check(text, (size_t)n);
			n = snprintf(text, sizeof text,
			    "{\"bins\":[[1,1],[%s,%s],[123,4]]}", member[i],
			    member[j]);
			check(text, (size_t)n);
			/* last, the run at the very end of the text, at each
			 * cut: a word read at the last ',' reaches the
			 * padding */
			n = snprintf(text, sizeof text,
			    "{\"bins\":[[1,1],[%s,%s]]}", member[i], member[j]);
			for (int c = n - 24 > 0 ? n - 24 : 0; c <= n; c++) {
				memcpy(cut, text, (size_t)c);
				check(cut, (size_t)c);
			}
		}
	check_str("{\"bins\":[[123,4]]}");
	check_str("{\"bins\":[[1,2],[123,4]");
	check_str("{\"bins\":[[1,2],[123,4");
	check_str("{\"bins\":[[1,2],[12,4");
	check_str("{\"bins\":[[1,2],[-1,4");
	check_str("{\"bins\":[[1,2],[-12,4");
	check_str("{\"bins\":[[1,2] ,[123,4]]}");
	check_str("{\"bins\":[[1,2], [123,4]]}");
	check_str("{\"bins\":[[1,2],[123, 4]]}");
	check_str("{\"bins\":[[1,2],[123,4] ]}");
	check_str("{\"bins\":[[1,2],[123,4,5]]}");
	check_str("{\"bins\":[[1,2],[123,45],[12,3],[-12,3],[-1,2]]}");
	check_str("{\"bins\":[[1,2],{\"a\":1},[123,4]]}");
}

/* Strings: an escape, a non-ASCII byte, a NUL, a raw control byte or a
 * quote at every offset of the first three words, in keys and values. */
static void
test_string_edges(void **state)
{
	static const char *const what[] = {
		"\\n", "\\\"", "\\\\", "\\/", "\\u0041", "\\u00e9", "\\u20AC",
		"\\ud83d\\ude00", "\\ud83d", "\\ude00", "\\u0000", "\\x", "\\u12",
		"\\", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x80",
		"\xc3", "\xff", "\xc0\xaf", "\xed\xa0\x80", "\x7f", "\x1f", "\t",
		"\n", "\"",
	};
	char text[256];

	(void)state;
	for (size_t w = 0; w < sizeof what / sizeof *what; w++)
		for (int at = 0; at <= 24; at++) {
			char s[64];
			int n;

			memset(s, 'a', (size_t)at);
			s[at] = '\0';
			n = snprintf(text, sizeof text,
			    "{\"%s%sbc\":\"%s%sxyz\",\"k\":1}", s, what[w], s,
			    what[w]);
			check(text, (size_t)n);
			/* a NUL byte inside the string, at that offset */
			memcpy(text, "{\"k\":\"", 6);
			memset(text + 6, 'a', 30);
			text[6 + at] = '\0';
			memcpy(text + 36, "\"}", 2);
			check(text, 38);
			/* invalid UTF-8 after an ASCII word */
			n = snprintf(text, sizeof text,
			    "{\"k\":\"abcdefgh%s\xff%s\"}", s, what[w]);
			check(text, (size_t)n);
		}
}

/* Whitespace of each kind and length at each place JSON allows it (and
 * places it does not): the inline paths take one space after ',' and
 * before a value, the _full forms the rest. */
static void
test_space_edges(void **state)
{
	static const char *const ws[] = {
		"", " ", "  ", "\t", "\n", "\r\n", " \t", "\t ", "\x0b", "\x0c",
	};
	/* '@' marks the places */
	static const char tmpl[] =
	    "@{@\"k\"@:@\"v\"@,@\"n\"@:@1@,@\"a\"@:@[@1@,@\"x\"@,@[@2@,@3@]@]@,"
	    "@\"e\"@:@\"\\n\"@}@";
	char text[256];

	(void)state;
	for (size_t at = 0; at < sizeof tmpl - 1; at++) {
		if (tmpl[at] != '@')
			continue;
		for (size_t w = 0; w < sizeof ws / sizeof *ws; w++) {
			size_t n = 0;

			for (size_t i = 0; i < sizeof tmpl - 1; i++)
				if (tmpl[i] != '@')
					text[n++] = tmpl[i];
				else if (i == at) {
					memcpy(text + n, ws[w], strlen(ws[w]));
					n += strlen(ws[w]);
				}
			check(text, n);
		}
	}
}

/* Nesting around JSCAN_MAX_DEPTH, of arrays, objects and pair runs:
 * the depth where the scanner hands over must not move. */
static void
test_depth_edges(void **state)
{
	char text[1024];

	(void)state;
	for (int deep = JSCAN_MAX_DEPTH - 4; deep <= JSCAN_MAX_DEPTH + 2; deep++)
		for (int form = 0; form < 3; form++) {
			size_t n = 0;

			n += (size_t)snprintf(text + n, sizeof text - n, "{\"a\":");
			for (int i = 1; i < deep; i++)
				n += (size_t)snprintf(text + n, sizeof text - n, "%s",
				    form == 1 ? "{\"k\":" : "[");
			n += (size_t)snprintf(text + n, sizeof text - n, "%s",
			    form == 2 ? "[[1,2],[3,4]]" : "\"x\"");
			for (int i = 1; i < deep; i++)
				text[n++] = form == 1 ? '}' : ']';
			text[n++] = '}';
			check(text, n);
		}
}

/* Numbers as values: every form near the integer and real limits. */
static void
test_number_edges(void **state)
{
	static const char *const num[] = {
		"0", "-0", "-0.0", "-0e0", "0e-0", "00", "01", "-01", "1.", ".1",
		"1e", "1e+", "1E-2", "9223372036854775807",
		"9223372036854775808", "-9223372036854775808",
		"-9223372036854775809", "1234567890123456789",
		"12345678901234567890", "99999999999999999999", "1e308",
		"1e309", "-1e309", "4.9e-324", "2.2250738585072014e-308",
		"0.1", "123.456", "9007199254740993", "9007199254740993.0",
		"1e22", "1e23", "-", "+1", "1-", "true", "tru", "false",
		"null", "nul", "nulls",
		/* number_at()'s own forms and the edges it hands over at */
		"123456789012345678", "-123456789012345678", "0.0", "00.5",
		"0.", "-.5", "-0.", "1.5e3", "1.5E-3", "1.2.3", "1..2",
		"1.234567890123456789", "-1.234567890123456789",
		"12.345678901234567890", "9007199254740.992",
		"9007199254740.993", "-9007199254740.992", "0.000000000000000001",
		"0.0000000000000000001", "1.0000000000000000000000001", "5-",
		"5x", "5.x", "-x", "--1", "0x10", "1e", "07", "-07",
	};
	char text[128];

	(void)state;
	for (size_t i = 0; i < sizeof num / sizeof *num; i++) {
		int n = snprintf(text, sizeof text, "{\"n\":%s,\"a\":[%s, %s]}",
		    num[i], num[i], num[i]);

		check(text, (size_t)n);
		n = snprintf(text, sizeof text, "{ \"n\" : %s }", num[i]);
		check(text, (size_t)n);
	}
}

/* ---- generated lines, damaged ---------------------------------------- */

static const char event_fixed[] =
    "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00.000761Z\","
    "\"service\":\"checkout\",\"cohort\":\"baseline\",\"region\":\"us-east-1\","
    "\"version\":\"1.4.2\",\"route\":\"/api/cart\",\"status\":200,"
    "\"latency_ms\":27.569,\"trace_id\":\"491718de357e3da885e7bb0f12278575\","
    "\"subject\":\"u36950\"}";
static const char event_spaced[] =
    "{\"kind\": \"request\", \"ts\": \"2026-11-25T00:00:00.864816Z\", "
    "\"service\": \"checkout\", \"labels\": {\"tenant\": \"acme\"}, "
    "\"status\": 200, \"latency_ms\": 18.287, \"subject\": \"u5192\"}\r\n";

/* A rollup line in the form slo-ingest --rollup writes (the first line
 * of the bench's roll10m), its bins of every form. */
static void
rollup_line(char *out, size_t cap, size_t *n)
{
	int len = snprintf(out, cap,
	    "{\"kind\":\"rollup\",\"ts\":\"2026-11-25T00:00:00Z\",\"width\":\"1m\","
	    "\"service\":\"checkout\",\"route\":\"/api/cart\",\"count\":52,"
	    "\"good\":49,\"status\":{\"2xx\":46,\"4xx\":3,\"5xx\":3},"
	    "\"latency_ms\":{\"alpha\":0.01,\"count\":52,\"sum\":1288.178,"
	    "\"min\":4.827,\"max\":134.638,\"zero\":0,\"bins\":[");
	size_t at = (size_t)len, nb = below(40);

	for (size_t i = 0; i < nb; i++) {
		static const char *const form[] = { "%d", "%d", "%d", "-%d",
		    "%03d", "-0" };
		long long a = (long long)below(i % 3 == 0 ? 1000 : 100);
		long long c = (long long)below(i % 5 == 0 ? 100 : 10);
		char idx[32];

		snprintf(idx, sizeof idx, form[below(6)], (int)a);
		at += (size_t)snprintf(out + at, cap - at, "%s[%s,%lld]",
		    i > 0 ? "," : "", idx, c);
	}
	at += (size_t)snprintf(out + at, cap - at,
	    "]},\"slos\":{\"availability\":{\"good\":49,\"total\":52}}}");
	*n = at;
}

static void
damage(char *text, size_t *n, size_t cap)
{
	static const char alphabet[] =
	    "\"\\u0123456789,[]{}: \t\n\r-.eE+aZ\x00\x01\x1f\x7f\x80\xbf\xc3"
	    "\xa9\xe2\x82\xac\xed\xf0\x9f\xff";
	size_t at = *n > 0 ? below(*n) : 0;
	char c = alphabet[below(sizeof alphabet - 1)];

	switch (below(4)) {
	case 0: /* replace */
		if (*n > 0)
			text[at] = c;
		break;
	case 1: /* insert */
		if (*n + 1 < cap) {
			memmove(text + at + 1, text + at, *n - at);
			text[at] = c;
			(*n)++;
		}
		break;
	case 2: /* delete */
		if (*n > 0) {
			memmove(text + at, text + at + 1, *n - at - 1);
			(*n)--;
		}
		break;
	default: /* cut */
		*n = at;
		break;
	}
}

static void
test_generated(void **state)
{
	char text[4096];
	size_t n;

	(void)state;
	for (int i = 0; i < 6000; i++) {
		switch (i % 3) {
		case 0:
			memcpy(text, event_fixed, n = sizeof event_fixed - 1);
			break;
		case 1:
			memcpy(text, event_spaced, n = sizeof event_spaced - 1);
			break;
		default:
			rollup_line(text, sizeof text, &n);
			break;
		}
		check(text, n);
		for (size_t d = below(4); d > 0; d--)
			damage(text, &n, sizeof text);
		check(text, n);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs_known),
		cmocka_unit_test(test_pair_edges),
		cmocka_unit_test(test_string_edges),
		cmocka_unit_test(test_space_edges),
		cmocka_unit_test(test_depth_edges),
		cmocka_unit_test(test_number_edges),
		cmocka_unit_test(test_generated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
