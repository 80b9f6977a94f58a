/*
 * jscanfast_ref.h — the selective scanner of lib/event/jscan.c as it was
 * before its fast paths (commit dcb54c1), verbatim below this comment:
 * the reference test_jscanfast.c holds the scanner to, call by call.
 * Included once, after jscan_int.h and with every public name defined
 * to a ref_ one.
 */
/*
 * jscan.c — the selective JSON scanner of jscan_int.h.
 *
 * One pass, no allocation, no recursion.  It refuses (-1) rather than
 * guesses: whatever is not plainly valid JSON with values equal to
 * jansson's goes back to the caller, whose jansson path gives the verdict.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jscan_int.h"
#include "slo_num.h"

void
jscan_init(jscan *s, char *buf, size_t n)
{
	s->p = buf;
	s->end = buf + n;
	s->first = 0;
	s->depth = 0;
	s->spaced = 0;
}

static inline void
skip_ws(jscan *s)
{
	char *p = s->p;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (p != s->p) {
		s->spaced = 1;
		s->p = p;
	}
}

/*
 * Bytes of w that are '"', '\\' or below 0x20: their high bits set.  Bits
 * above the lowest may be false (a borrow carries up), the lowest is
 * exact, and that is the one wanted: the first such byte (little-endian
 * loads, so the lowest bit is the first byte).
 */
static inline uint64_t
special8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');

	return (((q - ones) & ~q) | ((b - ones) & ~b) |
	    ((w - ones * 0x20) & ~w)) & highs;
}

static int
hex4(const char *p, unsigned *out)
{
	unsigned u = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];
		u <<= 4;
		if (c >= '0' && c <= '9')
			u |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			u |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			u |= (unsigned)(c - 'A' + 10);
		else
			return 0;
	}
	*out = u;
	return 1;
}

static char *
put_utf8(char *w, unsigned cp)
{
	if (cp < 0x80)
		*w++ = (char)cp;
	else if (cp < 0x800) {
		*w++ = (char)(0xc0 | cp >> 6);
		*w++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*w++ = (char)(0xe0 | cp >> 12);
		*w++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*w++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*w++ = (char)(0xf0 | cp >> 18);
		*w++ = (char)(0x80 | (cp >> 12 & 0x3f));
		*w++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*w++ = (char)(0x80 | (cp & 0x3f));
	}
	return w;
}

/*
 * The rest of a string from its first escape (or bad byte) at r: the
 * unescaping, out of line as most strings have no escape.
 */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int
scan_escaped(jscan *s, char *start, char *r, char **str, size_t *len)
{
	char *w = r;

	for (;;) {
		unsigned char c = (unsigned char)*r;
		unsigned cp, lo;

		if (c == '"')
			break;
		if (c < 0x20) /* a raw control byte, or the end of the text */
			return -1;
		if (c != '\\') {
			*w++ = (char)c;
			r++;
			continue;
		}
		switch (r[1]) {
		case '"': *w++ = '"'; break;
		case '\\': *w++ = '\\'; break;
		case '/': *w++ = '/'; break;
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'u':
			if (!hex4(r + 2, &cp) || cp == 0)
				return -1; /* jansson refuses \u0000 */
			r += 6;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return -1; /* a lone low surrogate */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (r[0] != '\\' || r[1] != 'u' ||
				    !hex4(r + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
					return -1;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				r += 6;
			}
			w = put_utf8(w, cp);
			continue;
		default:
			return -1;
		}
		r += 2;
	}
	*w = '\0';
	*str = start;
	*len = (size_t)(w - start);
	s->p = r + 1;
	return 1;
}

/*
 * The string whose opening quote is at the cursor, unescaped in place
 * (an escape is never shorter in UTF-8 than in its source) and
 * NUL-terminated; the cursor after its closing quote.  1 or -1.  Inline:
 * it is the scanner's hottest loop, and most strings end at their first
 * special byte.
 */
static inline int
scan_string(jscan *s, char **str, size_t *len)
{
	char *r = s->p + 1, *start = r;
	uint64_t word, m;

	/* The unescaped run, eight bytes at a time (the buffer is padded). */
	for (;;) {
		memcpy(&word, r, 8);
		if ((m = special8(word)) != 0)
			break;
		r += 8;
	}
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	r += __builtin_ctzll(m) / 8;
#else
	while (*r != '"' && *r != '\\' && (unsigned char)*r >= 0x20)
		r++;
#endif
	if (*r != '"')
		return scan_escaped(s, start, r, str, len);
	*r = '\0';
	*str = start;
	*len = (size_t)(r - start);
	s->p = r + 1;
	return 1;
}

static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static inline int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A number as jansson reads it.  An integer (no '.', no exponent) must fit
 * a long long, as strtoll's ERANGE makes jansson refuse it.  A real whose
 * digits fit 2^53 and whose decimal exponent is within 10^±22 is one
 * correctly rounded multiplication or division of two exact doubles, the
 * very double strtod gives (Clinger's fast path); any other goes to strtod
 * itself, and an overflow is refused as jansson refuses it.
 */
static int
scan_number(jscan *s, jscan_val *v)
{
	char *p = s->p, *start = p, *stop;
	uint64_t w = 0;
	int nd = 0, nfrac = 0, e = 0, esign = 1, real = 0, neg = 0;

	if (*p == '-')
		neg = 1, p++;
	if (*p == '0') {
		p++, nd = 1;
		if (is_digit(*p))
			return -1;
	} else if (*p >= '1' && *p <= '9') {
		for (; is_digit(*p); p++, nd++)
			if (nd < 19)
				w = w * 10 + (uint64_t)(*p - '0');
	} else
		return -1;
	if (*p == '.') {
		real = 1;
		if (!is_digit(*++p))
			return -1;
		for (; is_digit(*p); p++, nd++)
			if (nd < 19) {
				w = w * 10 + (uint64_t)(*p - '0');
				nfrac++;
			}
	}
	if (*p == 'e' || *p == 'E') {
		real = 1;
		p++;
		if (*p == '+' || *p == '-')
			esign = *p++ == '-' ? -1 : 1;
		if (!is_digit(*p))
			return -1;
		for (; is_digit(*p); p++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
	}
	s->p = p;
	v->neg = neg;
	if (!real) {
		/* 19 digits at most were read, all of them: w < 10^19 */
		if (nd > 19 || w > (uint64_t)INT64_MAX + (uint64_t)neg)
			return -1;
		v->type = JSCAN_INT;
		if (!neg)
			v->i = (long long)w;
		else if (w == (uint64_t)INT64_MAX + 1)
			v->i = INT64_MIN;
		else
			v->i = -(long long)w;
		v->num = (double)v->i;
		return 1;
	}
	v->type = JSCAN_REAL;
	if (nd <= 19 && w <= (1ULL << 53)) {
		int e10 = esign * e - nfrac;
		if (e10 >= 0 && e10 <= 22) {
			v->num = (double)w * pow10_exact[e10];
			if (neg)
				v->num = -v->num;
			return 1;
		}
		if (e10 < 0 && e10 >= -22) {
			v->num = (double)w / pow10_exact[-e10];
			if (neg)
				v->num = -v->num;
			return 1;
		}
	}
	v->num = slo_strtod(start, &stop);
	if (stop != p || v->num > 1.7976931348623157e308 ||
	    v->num < -1.7976931348623157e308)
		return -1;
	return 1;
}

static int
literal(jscan *s, const char *lit, size_t n)
{
	if (memcmp(s->p, lit, n) != 0)
		return -1;
	s->p += n;
	return 1;
}

/* A scalar at the cursor; objects and arrays are entered. */
int
jscan_value(jscan *s, jscan_val *v)
{
	char *str;
	size_t len;

	skip_ws(s);
	switch (*s->p) {
	case '"':
		if (scan_string(s, &str, &len) < 0)
			return -1;
		v->type = JSCAN_STRING;
		v->str = str;
		v->len = len;
		return 1;
	case '{':
	case '[':
		if (s->depth >= JSCAN_MAX_DEPTH)
			return -1;
		v->type = *s->p == '{' ? JSCAN_OBJECT : JSCAN_ARRAY;
		s->p++;
		s->depth++;
		s->first = 1;
		return 1;
	case 't':
		v->type = JSCAN_TRUE;
		return literal(s, "true", 4);
	case 'f':
		v->type = JSCAN_FALSE;
		return literal(s, "false", 5);
	case 'n':
		v->type = JSCAN_NULL;
		return literal(s, "null", 4);
	default:
		return scan_number(s, v);
	}
}

int
jscan_open(jscan *s)
{
	skip_ws(s);
	if (*s->p != '{')
		return -1;
	s->p++;
	s->depth = 1;
	s->first = 1;
	return 1;
}

/*
 * The separator before a member or element: ',' unless first; or the
 * closing byte, which ends the container.  1 at the next item, 0 closed.
 */
static int
separator(jscan *s, char close)
{
	skip_ws(s);
	if (*s->p == close) {
		s->p++;
		s->depth--;
		s->first = 0;
		return 0;
	}
	if (s->first) {
		s->first = 0;
		return 1;
	}
	if (*s->p != ',')
		return -1;
	s->p++;
	skip_ws(s);
	return 1;
}

int
jscan_key(jscan *s, char **key, size_t *len)
{
	int r = separator(s, '}');

	if (r <= 0)
		return r;
	/* a ',' must lead to a member: "{...,}" is refused here */
	if (*s->p != '"' || scan_string(s, key, len) < 0)
		return -1;
	skip_ws(s);
	if (*s->p != ':')
		return -1;
	s->p++;
	return 1;
}

int
jscan_elem(jscan *s)
{
	return separator(s, ']');
}

/*
 * Nested containers are tracked in a 64-bit stack (bit k set: level k is
 * an object), which JSCAN_MAX_DEPTH keeps within bounds.
 */
int
jscan_skip(jscan *s)
{
	uint64_t objects = 0;
	int d = 0, r;
	jscan_val v;
	char *key;
	size_t len;

	for (;;) {
		if (jscan_value(s, &v) < 0)
			return -1;
		if (v.type == JSCAN_OBJECT || v.type == JSCAN_ARRAY) {
			if (v.type == JSCAN_OBJECT)
				objects |= 1ULL << d;
			else
				objects &= ~(1ULL << d);
			d++;
		}
		/* Close what ends here; stop at the next value to read. */
		for (;;) {
			if (d == 0)
				return 1;
			if (objects >> (d - 1) & 1)
				r = jscan_key(s, &key, &len);
			else
				r = jscan_elem(s);
			if (r < 0)
				return -1;
			if (r == 1)
				break;
			d--;
		}
	}
}

int
jscan_close(jscan *s)
{
	skip_ws(s);
	return s->depth == 0 && s->p == s->end ? 1 : -1;
}

char
jscan_peek(jscan *s)
{
	skip_ws(s);
	return *s->p;
}

/*
 * An integer of 1 to 18 digits at p as JSON writes it (an optional '-',
 * no leading zero): its end, the value in *v; NULL for anything else.
 * Digit by digit: a bin's index and count have one to three digits,
 * where converting a word at a time cost more.
 */
static inline char *
short_int(char *p, long long *v)
{
	unsigned neg = *p == '-', c;
	uint64_t w;
	char *d;

	p += neg;
	d = p;
	if ((c = (unsigned)(*p - '0')) > 9)
		return NULL;
	w = c;
	p++;
	if (c != 0) {
		while ((c = (unsigned)(*p - '0')) <= 9) {
			w = w * 10 + c;
			p++;
		}
		if (p - d > 18)
			return NULL;
	}
	/* -w when neg, without a branch */
	*v = (long long)((w ^ -(uint64_t)neg) + neg);
	return p;
}

/* One "[INT,INT]" at p into v: its end, or NULL. */
static inline char *
one_pair(char *p, long long v[2])
{
	if (*p != '[' || (p = short_int(p + 1, &v[0])) == NULL || *p != ',' ||
	    (p = short_int(p + 1, &v[1])) == NULL || *p != ']')
		return NULL;
	return p + 1;
}

size_t
jscan_pairs(jscan *s, long long *out, size_t max)
{
	char *p = s->p, *q;
	long long v[2], *w = out;
	size_t n = 0;

	/* the inner arrays are one level deeper, as jscan_value() counts */
	if (s->depth >= JSCAN_MAX_DEPTH || max == 0)
		return 0;
	/* just inside '[' the first comes without a ',' */
	if (s->first) {
		if ((q = one_pair(p, v)) == NULL)
			return 0;
		if (w != NULL)
			*w++ = v[0], *w++ = v[1];
		p = q;
		n = 1;
	}
	for (; n < max && *p == ',' && (q = one_pair(p + 1, v)) != NULL; n++) {
		if (w != NULL)
			*w++ = v[0], *w++ = v[1];
		p = q;
	}
	if (n > 0) {
		s->p = p;
		s->first = 0;
	}
	return n;
}

/* jscan_pairs() passing over a run at the cursor, kept when it fits. */
static void
keep_run(jscan *s, const char *base, jscan_runs *keep)
{
	char *start = s->p;
	int lead = s->first;
	size_t room, n;
	jscan_run *r;

	if (keep == NULL || keep->nrun == JSCAN_KEEP_RUNS ||
	    (room = keep->cap - keep->npairs) == 0) {
		jscan_pairs(s, NULL, SIZE_MAX);
		return;
	}
	n = jscan_pairs(s, keep->pairs + 2 * keep->npairs, room);
	if (n == room) {
		/* it may go on: read the rest, keep none of it */
		jscan_pairs(s, NULL, SIZE_MAX);
		return;
	}
	if (n == 0)
		return;
	r = &keep->run[keep->nrun++];
	r->start = (size_t)(start - base);
	r->end = (size_t)(s->p - base);
	r->first = keep->npairs;
	r->n = n;
	r->lead = lead;
	keep->npairs += n;
}

int
jscan_skip_pairs(jscan *s)
{
	return jscan_skip_keep(s, NULL, NULL);
}

/*
 * jscan_skip()'s walk, with jscan_pairs() tried before each element of an
 * array.  Recursive, one level per container: jscan_value() stops it at
 * JSCAN_MAX_DEPTH.
 */
int
jscan_skip_keep(jscan *s, const char *base, jscan_runs *keep)
{
	jscan_val v;
	char *key;
	size_t len;
	int r;

	if (jscan_value(s, &v) < 0)
		return -1;
	if (v.type != JSCAN_OBJECT && v.type != JSCAN_ARRAY)
		return 1;
	for (;;) {
		if (v.type == JSCAN_ARRAY) {
			keep_run(s, base, keep);
			r = jscan_elem(s);
		} else
			r = jscan_key(s, &key, &len);
		if (r <= 0)
			return r == 0 ? 1 : -1;
		if (jscan_skip_keep(s, base, keep) < 0)
			return -1;
	}
}

const jscan_run *
jscan_run_take(jscan_runs *keep, jscan *s, const char *base)
{
	size_t at = (size_t)(s->p - base);
	const jscan_run *r;

	if (keep == NULL)
		return NULL;
	while (keep->next < keep->nrun && keep->run[keep->next].start < at)
		keep->next++;
	if (keep->next == keep->nrun)
		return NULL;
	r = &keep->run[keep->next];
	/* jscan_pairs() reads nothing this deep; its run's state */
	if (r->start != at || r->lead != s->first ||
	    s->depth >= JSCAN_MAX_DEPTH)
		return NULL;
	keep->next++;
	s->p = (char *)base + r->end;
	s->first = 0;
	return r;
}
