/*
 * jscan_int.h — a selective JSON scanner: a cursor over one JSON text held
 * in a writable buffer, that reads only the members a caller asks for and
 * skips the rest without building anything.  Private to libslo.
 *
 * The scanner never reports an error.  Every call returns -1 ("hand over")
 * on anything it does not fully accept, and the caller then gives the line
 * to jansson, which decides and says why.  So the scanner may refuse more
 * than jansson (it does: nesting deeper than JSCAN_MAX_DEPTH, integers of
 * more than 19 digits) but must never accept what jansson refuses, and
 * every value it accepts must equal jansson's (json_loadb without flags):
 *   - whitespace is space, tab, LF and CR;
 *   - strings: no raw byte below 0x20, the escapes of RFC 8259, \uXXXX in
 *     either case, surrogate pairs joined, lone surrogates and \u0000
 *     refused (jansson refuses both); UTF-8 is the caller's to check;
 *   - numbers: RFC 8259's grammar; without '.', 'e' and 'E' an integer
 *     that must fit a json_int_t (long long), else a real as strtod reads
 *     it, refused when it overflows;
 *   - true, false and null exactly.
 * Strings are unescaped in place and NUL-terminated where their closing
 * quote was, so the buffer must be the caller's copy of the line.
 *
 * Use: jscan_init(), jscan_open() for the top-level object, then
 * jscan_key() member after member, each followed by exactly one of
 * jscan_value() or jscan_skip(); jscan_value() on an object or array
 * enters it (then jscan_key() or jscan_elem() until they return 0);
 * jscan_close() at the end checks nothing but whitespace follows.
 *
 * The common cases are read without a dispatch per byte: strings eight
 * bytes at a time (jscan_string_stop()); a separator, a key or a string
 * without escape, and an object or array entered, inline in the readers
 * (jscan_key(), jscan_elem() and jscan_value() at the end of this file,
 * their _full forms in jscan.c for the rest); integers and plain
 * fractions by jscan_number_full(); a sketch's common bins a word at a
 * time (jscan_pairs(), and jscan_pairs_rising() with their checks), its
 * dense counts sixteen bytes at a time (jscan_counts_dense(), SSE2).
 * tests/unit/test_jscanfast.c holds each to the code it replaced, call
 * by call, and tests/unit/test_pairsfast.c jscan_pairs_rising() to
 * jscan_pairs().
 *
 * Its readers: slo_event_decode_fast() (canonical events, event_fast.c);
 * slo_jrec_scan() (slo_jpath.h: the value at each path slo-ingest's
 * envoy, gcp, ecs and traefik presets read, into slots); ing_otlp_scan()
 * (ingest_otlp.c: the otlp preset, mapped as the walk goes); and
 * slo_jproj_load() (the otlp lines that walk hands over, into a small
 * jansson object).  All give jansson the lines the scanner hands over, and
 * jansson's verdict is then the answer: lines that are not JSON or not
 * valid UTF-8, nesting past JSCAN_MAX_DEPTH, integers of 20 digits or
 * more; the event decoder also hands over rollups, a field given twice
 * and unknown members (event_fast.c says which).  The rollup merge
 * (slo_rollup_merge_scan(), rollup.c) and the sketch reader
 * (slo_sketch_scan_jscan(), sketch.c) read rollup lines, a sketch's bins
 * in compact runs checked as they are read (jscan_pairs_rising(), or
 * jscan_counts_dense() for the dense form, which nothing keeps); where
 * the event decoder has skipped the line first (ev->runs), it keeps the
 * runs it read (jscan_skip_keep()) and the reader takes them
 * (jscan_run_take()), so the bins are read once.
 */
#ifndef SLO_JSCAN_INT_H
#define SLO_JSCAN_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Deeper nesting hands over (jansson's own limit is 2048). */
#define JSCAN_MAX_DEPTH 64
/* Bytes of zeros the buffer must have after the text's terminating NUL:
 * strings are searched, and a sketch's bins read, eight bytes at a time. */
#define JSCAN_PAD 8

typedef enum jscan_type {
	JSCAN_NULL, JSCAN_FALSE, JSCAN_TRUE, JSCAN_INT, JSCAN_REAL,
	JSCAN_STRING, JSCAN_OBJECT, JSCAN_ARRAY
} jscan_type;

typedef struct jscan_val {
	jscan_type type;
	int neg;          /* a number written with a leading '-' */
	const char *str;  /* JSCAN_STRING: unescaped, NUL-terminated */
	size_t len;
	long long i;      /* JSCAN_INT: json_integer_value() */
	double num;       /* JSCAN_INT, JSCAN_REAL: json_number_value() */
} jscan_val;

typedef struct jscan {
	char *p;          /* the next byte to read */
	char *end;        /* the text's terminating NUL */
	int first;        /* just inside '{' or '[': no ',' expected */
	int depth;        /* objects and arrays open */
	int spaced;       /* some whitespace was skipped */
} jscan;

/* buf holds n bytes of text, then a NUL and JSCAN_PAD more. */
void jscan_init(jscan *s, char *buf, size_t n);

/* Leading whitespace and the '{' of the top-level object: 1, or -1. */
int jscan_open(jscan *s);

/*
 * The next member of the object the cursor is in: 1 with its key
 * (unescaped, NUL-terminated) and the cursor at its value; 0 when the
 * object ends (its '}' read); -1 to hand over.
 */
static inline int jscan_key(jscan *s, char **key, size_t *len);

/* The next element of the array the cursor is in: 1 at its value, 0 when
 * the array ends (its ']' read), -1 to hand over. */
static inline int jscan_elem(jscan *s);

/* The value at the cursor into v (objects and arrays: entered); 1 or -1. */
static inline int jscan_value(jscan *s, jscan_val *v);

/* The value at the cursor checked and passed over, nested ones too,
 * without storing anything; 1 or -1. */
int jscan_skip(jscan *s);

/* After the top-level value: 1 when only whitespace is left, else -1. */
int jscan_close(jscan *s);

/* The first byte of the value at the cursor, whitespace passed over (a
 * '{' or '[' says what jscan_value() would enter); the cursor stays. */
char jscan_peek(jscan *s);

/*
 * A run of array elements of the exact form [INT,INT] at the cursor (just
 * inside the array or after an element): no whitespace, integers of at
 * most 18 digits, as a sketch's "bins" are written.  Up to max of them
 * read, two long longs each into out (NULL: passed over), the cursor
 * after the last; how many.  It never refuses: it stops before anything
 * else, which jscan_elem() and jscan_value() then read or refuse, so the
 * language accepted stays the general path's.
 */
size_t jscan_pairs(jscan *s, long long *out, size_t max);

/*
 * jscan_pairs() for a sketch's bins, with what their reader checks of
 * each pair done as it is read, so that nothing reads them twice: only
 * pairs whose index is above the one before (out[-2]: the caller puts
 * the index before the run there, INT64_MIN for none; each pair read
 * is the one before the next) and whose count is 1 or more are read,
 * their counts added to *total, those of 100 or more only while it
 * stays at most INT64_MAX (the others are added unchecked: *total may
 * end up to 99 a pair past INT64_MAX, which the caller refuses).  It
 * stops before any other pair, which the caller then reads the general
 * way and refuses.  out must have room for every pair the rest of the
 * text can hold, (s->end - s->p) / 5 + 1: no bound is kept.  How many
 * read.
 */
size_t jscan_pairs_rising(jscan *s, long long *out, uint64_t *total);

/*
 * A run of array elements at the cursor (just inside the array or
 * after an element) that are counts as a dense sketch's "bin_counts"
 * are written: an integer of 1 to 18 digits without sign or leading
 * zero, then ',' or the ']' that closes, no whitespace.  Each read to
 * out, and added to *total, those of 100 or more only while it stays
 * at most INT64_MAX (the others unchecked, as jscan_pairs_rising()
 * adds them: the caller refuses a total past INT64_MAX); the cursor
 * after the last read, at its ',' or ']'.  It never refuses: it stops
 * before any other element, which jscan_elem() and jscan_value() then
 * read or refuse.  out must have room for (s->end - s->p) / 2 + 9
 * counts: no bound is kept, and up to eight are written past the last
 * read.  How many read.  jscan_skip_pairs() and jscan_skip_keep() pass
 * over such runs the same way, storing nothing.
 */
size_t jscan_counts_dense(jscan *s, uint64_t *out, uint64_t *total);
/* The same into 16 bits a count, stopping before a count past 65535
 * (storing eight counts is then one store). */
size_t jscan_counts_dense16(jscan *s, uint16_t *out, uint64_t *total);

/* jscan_skip(), with runs of pairs passed over by jscan_pairs(). */
int jscan_skip_pairs(jscan *s);

/*
 * The runs of pairs a skip read, kept for a second reader of the same
 * text, which takes a run from jscan_run_take() rather than reads it
 * again (a rollup line: the event decoder skips its sketch, the rollup
 * merge reads it).  What jscan_pairs() reads at a byte offset depends on
 * the text up to there and on whether a ',' comes first: a reader of the
 * same text at the same offset in the same state reads the same pairs.
 */
#define JSCAN_KEEP_RUNS 16

typedef struct jscan_run {
	size_t start, end;   /* its bytes: offsets from the text's start */
	size_t first, n;     /* its pairs: keep->pairs[2 first ..] */
	int lead;            /* read just inside its '[' (no ',' first) */
} jscan_run;

typedef struct jscan_runs {
	jscan_run run[JSCAN_KEEP_RUNS];
	size_t nrun;
	long long *pairs;    /* room for cap pairs, two long longs each */
	size_t npairs, cap;
	size_t next;         /* jscan_run_take(): the first run not passed */
} jscan_runs;

/*
 * jscan_skip_pairs(), keeping in keep the runs it reads while they fit
 * (the rest are read and dropped); base is where the text starts.
 */
int jscan_skip_keep(jscan *s, const char *base, jscan_runs *keep);

/*
 * The run kept (NULL: none) that starts at the cursor of s, whose text
 * starts at base, in its state: the cursor moved past it, as
 * jscan_pairs() would, and the run returned; else NULL, nothing moved.
 * Runs are taken in the order of the text.
 */
const jscan_run *jscan_run_take(jscan_runs *keep, jscan *s,
    const char *base);

/*
 * ---- The hot paths, inline in every reader --------------------------
 *
 * jscan_key(), jscan_elem() and jscan_value() take here only their
 * common case, in which nothing can go wrong: no whitespace or one space
 * where JSON writers put one (after ',' and ':'), a string without
 * escape.  They change nothing until it is read whole, and give anything
 * else to their _full forms (jscan.c), which read it from the same
 * cursor: the same results, only without a call for most members.
 */
int jscan_key_full(jscan *s, char **key, size_t *len);
int jscan_elem_full(jscan *s);
int jscan_value_full(jscan *s, jscan_val *v);
/* jscan_value_full() of a number, its first byte at the cursor. */
int jscan_number_full(jscan *s, jscan_val *v);

/*
 * Bytes of w that are '"', '\\' or below 0x20: their high bits set.  Bits
 * above the lowest may be false (a borrow carries up), the lowest is
 * exact, and that is the one wanted: the first such byte (little-endian
 * loads, so the lowest bit is the first byte).  '"' is 0x22: flipping
 * bit 1 makes it 0x20 and keeps every byte below 0x20 below 0x20, so one
 * "less than 0x21" test finds both; the backslash is a "zero" test after
 * an xor.  A byte of 0x80 or more is never special and its high bit is
 * cleared by ~w, which neither xor changes.
 */
static inline uint64_t
jscan_special8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t lt = (w ^ ones * 0x02) - ones * 0x21;
	uint64_t bs = (w ^ ones * '\\') - ones;

	return (lt | bs) & ~w & highs;
}

/*
 * The first '"', '\\' or byte below 0x20 from r on, eight bytes at a time
 * (the text's NUL stops it, and the padding covers the last word).
 */
static inline char *
jscan_string_stop(char *r)
{
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t word, m;

	r -= 8;
	do {
		r += 8;
		memcpy(&word, r, 8);
	} while ((m = jscan_special8(word)) == 0);
	return r + (unsigned)__builtin_ctzll(m) / 8;
#else
	while (*r != '"' && *r != '\\' && (unsigned char)*r >= 0x20)
		r++;
	return r;
#endif
}

/*
 * After a member: ',', perhaps a space, and a key without escape, then
 * ':'; or the first key just inside '{'; or the '}' that closes.
 */
static inline int
jscan_key(jscan *s, char **key, size_t *len)
{
	char *p = s->p, *r;

	if (p[0] == ',' && !s->first) {
		p++;
		if (p[0] != '"') {
			if (p[0] != ' ' || p[1] != '"')
				return jscan_key_full(s, key, len);
			/* set now: jscan_key_full() would pass this space
			 * too */
			s->spaced = 1;
			p++;
		}
	} else if (p[0] == '}') {
		s->p = p + 1;
		s->depth--;
		s->first = 0;
		return 0;
	} else if (p[0] != '"' || !s->first)
		return jscan_key_full(s, key, len);
	r = jscan_string_stop(p + 1);
	if (r[0] != '"' || r[1] != ':')
		return jscan_key_full(s, key, len);
	*r = '\0';
	*key = p + 1;
	*len = (size_t)(r - (p + 1));
	s->p = r + 2;
	s->first = 0;
	return 1;
}

/* After an element: ',' and no whitespace. */
static inline int
jscan_elem(jscan *s)
{
	char *p = s->p;

	if (p[0] == ',' && !s->first && (unsigned char)p[1] > ' ') {
		s->p = p + 1;
		return 1;
	}
	return jscan_elem_full(s);
}

/* A string without escape, perhaps after a space, or an object or array
 * entered; a number straight to jscan_number_full(). */
static inline int
jscan_value(jscan *s, jscan_val *v)
{
	char *p = s->p, *r;

	if (p[0] != '"') {
		if (p[0] == '-' || (unsigned char)(p[0] - '0') <= 9)
			return jscan_number_full(s, v);
		if ((p[0] == '{' || p[0] == '[') &&
		    s->depth < JSCAN_MAX_DEPTH) {
			v->type = p[0] == '{' ? JSCAN_OBJECT : JSCAN_ARRAY;
			s->p = p + 1;
			s->depth++;
			s->first = 1;
			return 1;
		}
		if (p[0] != ' ' || p[1] != '"')
			return jscan_value_full(s, v);
		s->spaced = 1;
		p++;
	}
	r = jscan_string_stop(p + 1);
	if (r[0] != '"')
		return jscan_value_full(s, v);
	*r = '\0';
	v->type = JSCAN_STRING;
	v->str = p + 1;
	v->len = (size_t)(r - (p + 1));
	s->p = r + 1;
	return 1;
}

/* 10^0 .. 10^22, each exact as a double. */
extern const double jscan_pow10[23];

/*
 * jscan_value() of a number written plainly, digits and perhaps a '.'
 * and more digits, then the byte stop or stop2, read in place (no call): the
 * same value jscan_number_full() gives (an integer of at most 18
 * digits without a leading zero; a fraction of at most 19 digits in
 * all whose digits as an integer fit 2^53, by the same one division)
 * and the cursor at stop; any other spelling, or another byte after it,
 * by jscan_value().
 */
static inline int
jscan_value_plain(jscan *s, jscan_val *v, char stop, char stop2)
{
	const unsigned char *p = (const unsigned char *)s->p;
	unsigned c = p[0] - (unsigned)'0';
	uint64_t w = c;
	size_t i = 1, nfrac = 0, dot;

	if (c > 9)
		return jscan_value(s, v);
	if (c != 0)
		while (i < 19 && (c = p[i] - (unsigned)'0') <= 9)
			w = w * 10 + c, i++;
	if (p[i] == '.') {
		/* at most 19 digits all told, or it is not this form */
		for (dot = i++; i < 20 && (c = p[i] - (unsigned)'0') <= 9; i++)
			w = w * 10 + c;
		if ((nfrac = i - dot - 1) == 0 || w > (1ULL << 53))
			return jscan_value(s, v);
	} else if (i > 18)
		return jscan_value(s, v);
	if (p[i] != (unsigned char)stop && p[i] != (unsigned char)stop2)
		return jscan_value(s, v);
	s->p += i;
	v->neg = 0;
	if (nfrac == 0) {
		v->type = JSCAN_INT;
		v->i = (long long)w;
		v->num = (double)v->i;
	} else {
		v->type = JSCAN_REAL;
		v->num = (double)w / jscan_pow10[nfrac];
	}
	return 1;
}

#endif
