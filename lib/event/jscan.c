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

/* SLO_JSCAN_PORTABLE: the portable paths alone (test_counts_portable.c) */
#if defined(__SSE2__) && !defined(SLO_JSCAN_PORTABLE)
#define JSCAN_SSE2 1
#include <emmintrin.h>
#endif

void
jscan_init(jscan *s, char *buf, size_t n)
{
	s->p = buf;
	s->end = buf + n;
	s->first = 0;
	s->depth = 0;
	s->spaced = 0;
}

/* p past whitespace, which starts there (some skipped: s->spaced set);
 * out of line, as most JSON has none, or one space. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static char *
ws_run(jscan *s, char *p)
{
	char *q = p;

	while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
		q++;
	if (q != p)
		s->spaced = 1;
	return q;
}

/*
 * p past whitespace.  Every whitespace byte is at most ' ', so the usual
 * case, none, costs one compare.
 */
static inline char *
ws_at(jscan *s, char *p)
{
	return (unsigned char)*p > ' ' ? p : ws_run(s, p);
}

static inline void
skip_ws(jscan *s)
{
	s->p = ws_at(s, s->p);
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

const double jscan_pow10[23] = {
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
#if defined(__GNUC__)
__attribute__((noinline))
#endif
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
			v->num = (double)w * jscan_pow10[e10];
			if (neg)
				v->num = -v->num;
			return 1;
		}
		if (e10 < 0 && e10 >= -22) {
			v->num = (double)w / jscan_pow10[-e10];
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

/*
 * The string whose opening quote is at p, unescaped in place (an escape
 * is never shorter in UTF-8 than in its source) and NUL-terminated; the
 * cursor after its closing quote.  1, or -1 with the cursor at p.
 * Inline: most strings end at their first special byte.
 */
static inline int
string_at(jscan *s, char *p, char **str, size_t *len)
{
	char *r = jscan_string_stop(p + 1);

	if (*r != '"') {
		s->p = p;
		return scan_escaped(s, p + 1, r, str, len);
	}
	*r = '\0';
	*str = p + 1;
	*len = (size_t)(r - (p + 1));
	s->p = r + 1;
	return 1;
}

/*
 * scan_number()'s common cases: an integer of at most 18 digits, or
 * digits with a fraction and no exponent, at most 19 digits in all
 * whose value fits 2^53 (Clinger's fast path, as scan_number() takes it:
 * the same one division).  Anything else, refusals included, is
 * scan_number()'s, read from the start.  Out of line, as numbers are
 * fewer than strings and their registers would otherwise be saved on
 * every value; jscan_value() calls it at once for a number.
 */
int
jscan_number_full(jscan *s, jscan_val *v)
{
	const unsigned char *d = (const unsigned char *)s->p, *q, *f;
	unsigned neg = *d == '-', c;
	size_t nd, nfrac = 0;
	uint64_t w;

	d += neg;
	if ((c = *d - (unsigned)'0') > 9)
		return scan_number(s, v);
	w = c;
	q = d + 1;
	if (c != 0)
		while ((c = *q - (unsigned)'0') <= 9) {
			w = w * 10 + c;
			q++;
		}
	else if (*q - (unsigned)'0' <= 9)
		return scan_number(s, v); /* a leading zero: refused */
	nd = (size_t)(q - d);
	if (*q == '.') {
		f = q + 1;
		if ((c = *f - (unsigned)'0') > 9)
			return scan_number(s, v);
		do {
			w = w * 10 + c;
			f++;
		} while ((c = *f - (unsigned)'0') <= 9);
		nfrac = (size_t)(f - q - 1);
		nd += nfrac;
		q = f;
	}
	if (*q == 'e' || *q == 'E' || nd > 19 ||
	    (nfrac == 0 ? nd > 18 : w > (1ULL << 53)))
		return scan_number(s, v);
	s->p += q - (const unsigned char *)s->p;
	v->neg = (int)neg;
	if (nfrac == 0) {
		v->type = JSCAN_INT;
		v->i = neg ? -(long long)w : (long long)w;
		v->num = (double)v->i;
		return 1;
	}
	v->type = JSCAN_REAL;
	v->num = (double)w / jscan_pow10[nfrac];
	if (neg)
		v->num = -v->num;
	return 1;
}

/* A scalar at the cursor; objects and arrays are entered. */
int
jscan_value_full(jscan *s, jscan_val *v)
{
	char *p = ws_at(s, s->p), *str;

	s->p = p;
	switch (*p) {
	case '"':
		if (string_at(s, p, &str, &v->len) < 0)
			return -1;
		v->type = JSCAN_STRING;
		v->str = str;
		return 1;
	case '{':
	case '[':
		if (s->depth >= JSCAN_MAX_DEPTH)
			return -1;
		v->type = *p == '{' ? JSCAN_OBJECT : JSCAN_ARRAY;
		s->p = p + 1;
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
		return jscan_number_full(s, v);
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
 * Laid out for the member after a member, ',' then the key with no
 * escape: the other separators (the first member, '}') and escapes are
 * the branches off it.
 */
int
jscan_key_full(jscan *s, char **key, size_t *len)
{
	char *p = ws_at(s, s->p), *r;

	if (*p == ',' && !s->first)
		p = ws_at(s, p + 1);
	else if (*p == '}') {
		s->p = p + 1;
		s->depth--;
		s->first = 0;
		return 0;
	} else if (s->first)
		s->first = 0;
	else {
		s->p = p;
		return -1;
	}
	/* a ',' must lead to a member: "{...,}" is refused here */
	if (*p != '"') {
		s->p = p;
		return -1;
	}
	/* string_at(), its end found here to keep p in a register */
	r = jscan_string_stop(p + 1);
	if (*r == '"') {
		*r = '\0';
		*key = p + 1;
		*len = (size_t)(r - (p + 1));
		p = r + 1;
	} else {
		s->p = p;
		if (scan_escaped(s, p + 1, r, key, len) < 0)
			return -1;
		p = s->p;
	}
	p = ws_at(s, p);
	if (*p != ':') {
		s->p = p;
		return -1;
	}
	s->p = p + 1;
	return 1;
}

/* jscan_key()'s separators, for an array. */
int
jscan_elem_full(jscan *s)
{
	char *p = ws_at(s, s->p);

	if (*p == ',' && !s->first) {
		s->p = ws_at(s, p + 1);
		return 1;
	}
	if (*p == ']') {
		s->p = p + 1;
		s->depth--;
		s->first = 0;
		return 0;
	}
	s->p = p;
	if (!s->first)
		return -1;
	s->first = 0;
	return 1;
}

/*
 * The value at the cursor passed over, nested ones too; with pairs, each
 * array element is first offered to keep_run() (jscan_skip_keep()).  In
 * the order a reader going down one call per container would make its
 * calls.  Nested containers are tracked in a 64-bit stack (bit k set:
 * level k is an object), which JSCAN_MAX_DEPTH keeps within bounds.
 */
static void keep_run(jscan *s, const char *base, jscan_runs *keep);

static int
skip_walk(jscan *s, int pairs, const char *base, jscan_runs *keep)
{
	uint64_t objects = 0;
	int d = 0, r;
	jscan_val v;
	char *key;
	size_t len;

	for (;;) {
		if (jscan_value(s, &v) < 0)
			return -1;
		if (v.type == JSCAN_OBJECT)
			objects |= 1ULL << d++;
		else if (v.type == JSCAN_ARRAY)
			objects &= ~(1ULL << d++);
		/* close what ends here; stop at the next value to read */
		for (;;) {
			if (d == 0)
				return 1;
			if (objects >> (d - 1) & 1)
				r = jscan_key(s, &key, &len);
			else {
				if (pairs)
					keep_run(s, base, keep);
				r = jscan_elem(s);
			}
			if (r < 0)
				return -1;
			if (r == 1)
				break;
			d--;
		}
	}
}

int
jscan_skip(jscan *s)
{
	return skip_walk(s, 0, NULL, NULL);
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

/*
 * one_pair()'s common case at p, its result when not NULL: "[IDX,CNT]" of
 * two integers without sign, each 1 to 17 digits with no leading zero
 * (the pair at most 20 bytes long, so neither overflows).  NULL says
 * only "not this form": one_pair() then reads it or refuses.  No
 * dispatch per byte, and no length count per digit.
 */
static inline char *
plain_pair(char *p, long long v[2])
{
	uint64_t a, b;
	unsigned c;
	char *q;

	if (p[0] != '[' || (a = (unsigned char)p[1] - (unsigned)'1') > 8)
		return NULL;
	a++;
	for (q = p + 2; (c = (unsigned char)*q - (unsigned)'0') <= 9; q++)
		a = a * 10 + c;
	if (*q != ',' || (b = (unsigned char)q[1] - (unsigned)'1') > 8)
		return NULL;
	b++;
	for (q += 2; (c = (unsigned char)*q - (unsigned)'0') <= 9; q++)
		b = b * 10 + c;
	if (*q != ']' || q - p > 20)
		return NULL;
	v[0] = (long long)a;
	v[1] = (long long)b;
	return q + 1;
}

/* Eight bytes of a string literal as a word in memory order: the
 * patterns below hold for either byte order. */
static inline uint64_t
bytes8(const char *b)
{
	uint64_t w;

	memcpy(&w, b, 8);
	return w;
}

/* Any other pair after a ',' (at p): plain_pair(), else one_pair(); out
 * of line, to leave the registers to the common forms' loop. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static char *
other_pair(char *p, long long v[2])
{
	char *q = plain_pair(p, v);

	return q != NULL ? q : one_pair(p, v);
}

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/*
 * Whether the eight bytes w are of the form pat, lim (one of the forms
 * below): w - pat taken as one number, t, has in each byte of highs a
 * byte from 0 to 0x7f - lim's, in the others anything.  pat has the
 * punctuation, and '1' or '0' where a digit goes (as its first digit
 * may or may not be 0); lim has 0x7f under punctuation (the byte must
 * be pat's), 0x77 under a first digit (1 .. 9) and 0x76 under any
 * other (0 .. 9).  A byte of t is exact unless a borrow came into it,
 * and the first borrow comes out of a byte below pat's, which leaves it
 * at 0x100 - pat's byte or more, above 0x7f (pat is ASCII): flagged by
 * "| t".  A carry out of a byte of t + lim comes from a byte of 0x81 or
 * more, flagged the same way.  So no flag means no borrow and no carry
 * and every byte within its bounds; a flag, perhaps false once another
 * is set, only sends the pair to the slower reader.
 */
static inline int
form(uint64_t w, uint64_t pat, uint64_t lim, uint64_t highs)
{
	uint64_t t = w - pat;

	return (((t + lim) | t) & highs) == 0;
}

/*
 * Whether the pair v may follow a pair of index prev in a sketch's bins
 * whose counts so far add up to total (see jscan_pairs_rising()): its
 * index above prev, its count 1 or more, and a count of 100 or more
 * with the total at most INT64_MAX with it (smaller ones are added as
 * they come, as in the common forms: the caller refuses the total).
 */
static inline int
rise_ok(long long prev, uint64_t total, const long long v[2])
{
	return v[1] >= 1 && v[0] > prev && (v[1] < 100 ||
	    (total <= INT64_MAX && (uint64_t)v[1] <= INT64_MAX - total));
}

/*
 * The forms nearly every bin after the first has, ",[IDX,C]" with an
 * index of three digits, two, one, '-' and two or '-' and one, and a
 * count of one digit (or of two after an index of three), each checked
 * by form() on one word at the ',' (which is before the text's NUL, so
 * the padding covers the word; the ninth byte of the longest is read
 * only once the eighth is known to be a digit, so it is the NUL at
 * most).  JSON's "no leading zero" is the 1 in each pattern; -0 is 0,
 * as short_int() has it.  A count of 0 is in none of them: other_pair()
 * reads it.  Each reader below takes the word at p, w, and gives the
 * index to *a and the count to *c.
 */
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * The hundreds and tens of a three-digit index, by its first two digits
 * as they come in a 16-bit load (the first the low byte): at
 * (t - '0') * 256 + (h - '0'), 100 h + 10 t.  One load where the
 * arithmetic took five instructions; 10 of its 256-entry rows used,
 * 20 bytes each.
 */
#define HT(t, h) [(t) * 256 + (h)] = 100 * (h) + 10 * (t)
#define HT_ROW(t) HT(t, 0), HT(t, 1), HT(t, 2), HT(t, 3), HT(t, 4), \
	HT(t, 5), HT(t, 6), HT(t, 7), HT(t, 8), HT(t, 9)
static const int16_t hundreds_tens[9 * 256 + 10] = {
	HT_ROW(0), HT_ROW(1), HT_ROW(2), HT_ROW(3), HT_ROW(4),
	HT_ROW(5), HT_ROW(6), HT_ROW(7), HT_ROW(8), HT_ROW(9),
};
#undef HT_ROW
#undef HT

/* The three digits at u as a number (known to be digits). */
static inline long long
three_digits(const unsigned char *u)
{
	uint16_t ht;

	memcpy(&ht, u, 2);
	return hundreds_tens[(size_t)ht - ('0' | '0' << 8)] +
	    (long long)u[2] - '0';
}
#else
/* (Horner's form: address arithmetic, no multiply.) */
static inline long long
three_digits(const unsigned char *u)
{
	return ((long long)u[0] * 10 + u[1]) * 10 + u[2] - '0' * 111;
}
#endif

/* The first form, three digits and one (three pairs in four in a row
 * of the bench): 1, or 0 for another. */
static ALWAYS_INLINE int
pair3(const char *p, uint64_t w, long long *a, long long *c)
{
	const unsigned char *u = (const unsigned char *)p;

	if (!form(w, bytes8(",[100,1]"),
	    bytes8("\x7f\x7f\x77\x76\x76\x7f\x77\x7f"),
	    bytes8("\x80\x80\x80\x80\x80\x80\x80\x80")))
		return 0;
	*a = three_digits(u + 2);
	*c = (long long)u[6] - '0';
	return 1;
}

/* pair3() of the second form, two digits and one. */
static ALWAYS_INLINE int
pair2(const char *p, uint64_t w, long long *a, long long *c)
{
	const unsigned char *u = (const unsigned char *)p;

	if (!form(w, bytes8(",[10,1]\0"),
	    bytes8("\x7f\x7f\x77\x76\x7f\x77\x7f\0"),
	    bytes8("\x80\x80\x80\x80\x80\x80\x80\0")))
		return 0;
	*a = (long long)u[2] * 10 + u[3] - '0' * 11;
	*c = (long long)u[5] - '0';
	return 1;
}

/* The other forms: the length of the pair, or 0 for none of them. */
static ALWAYS_INLINE size_t
pair_other_forms(const char *p, uint64_t w, long long *a, long long *c)
{
	const uint64_t h8 = bytes8("\x80\x80\x80\x80\x80\x80\x80\x80"),
	    h7 = bytes8("\x80\x80\x80\x80\x80\x80\x80\0"),
	    h6 = bytes8("\x80\x80\x80\x80\x80\x80\0\0");
	const unsigned char *u = (const unsigned char *)p;

	if (form(w, bytes8(",[-10,1]"),
	    bytes8("\x7f\x7f\x7f\x77\x76\x7f\x77\x7f"), h8)) {
		*a = '0' * 11 - (long long)u[3] * 10 - u[4];
		*c = (long long)u[6] - '0';
		return 8;
	}
	if (form(w, bytes8(",[0,1]\0\0"),
	    bytes8("\x7f\x7f\x76\x7f\x77\x7f\0\0"), h6)) {
		*a = (long long)u[2] - '0';
		*c = (long long)u[4] - '0';
		return 6;
	}
	if (form(w, bytes8(",[-0,1]\0"),
	    bytes8("\x7f\x7f\x7f\x76\x7f\x77\x7f\0"), h7)) {
		*a = '0' - (long long)u[3];
		*c = (long long)u[5] - '0';
		return 7;
	}
	if (form(w, bytes8(",[100,10"),
	    bytes8("\x7f\x7f\x77\x76\x76\x7f\x77\x76"), h8) && u[8] == ']') {
		*a = three_digits(u + 2);
		*c = (long long)u[6] * 10 + u[7] - '0' * 11;
		return 9;
	}
	return 0;
}

/* The pair at p, whose word is w, in any of the forms: its length, or
 * 0. */
static ALWAYS_INLINE size_t
common_pair(const char *p, uint64_t w, long long *a, long long *c)
{
	return pair3(p, w, a, c) ? 8 : pair2(p, w, a, c) ? 7 :
	    pair_other_forms(p, w, a, c);
}

/*
 * A run after its first pair, at p: how many read (n counts the first
 * too), the cursor to *end.  Inline twice: with and without out.
 */
static ALWAYS_INLINE size_t
pairs_after(char *p, long long *out, size_t n, size_t max, char **end)
{
	long long v[2], a, c;
	uint64_t w;
	size_t len;
	char *q;

	for (; n < max; n++) {
		memcpy(&w, p, 8);
		if ((len = common_pair(p, w, &a, &c)) != 0)
			p += len;
		else if (*p == ',' && (q = other_pair(p + 1, v)) != NULL) {
			a = v[0];
			c = v[1];
			p = q;
		} else
			break;
		if (out != NULL)
			*out++ = a, *out++ = c;
	}
	*end = p;
	return n;
}

/*
 * pairs_after() of jscan_pairs_rising(), from p to the end of the run:
 * each pair checked as it is read, its index against out[-2] (the one
 * before: in a register it would cost a move a pair), its count added
 * to *total (those below 100 unchecked, as rise_ok() has it: the total
 * stays below INT64_MAX + 99 a pair, far from 2^64, and the caller
 * compares it); none counted (how many is where out ends, returned), no
 * bound kept (the caller's out has room).
 */
static long long *
rising_after(char *p, long long *out, uint64_t *totalp, char **end)
{
	long long v[2], a, c;
	uint64_t w, total = *totalp;
	size_t len;
	char *q;

	for (;;) {
		/* the first form, most pairs, in a loop of its own: a
		 * constant step, its test at the bottom */
		memcpy(&w, p, 8);
		while (pair3(p, w, &a, &c)) {
			if (a <= out[-2])
				goto stop;
			total += (uint64_t)c;
			*out++ = a;
			*out++ = c;
			p += 8;
			memcpy(&w, p, 8);
		}
		/* the second (indexes 10 .. 99) likewise */
		while (pair2(p, w, &a, &c)) {
			if (a <= out[-2])
				goto stop;
			total += (uint64_t)c;
			*out++ = a;
			*out++ = c;
			p += 7;
			memcpy(&w, p, 8);
		}
		if (pair3(p, w, &a, &c))
			continue;
		if ((len = pair_other_forms(p, w, &a, &c)) != 0) {
			if (a <= out[-2])
				break;
			p += len;
		} else {
			if (*p != ',' || (q = other_pair(p + 1, v)) == NULL ||
			    !rise_ok(out[-2], total, v))
				break;
			a = v[0];
			c = v[1];
			p = q;
		}
		total += (uint64_t)c;
		*out++ = a;
		*out++ = c;
	}
stop:
	*totalp = total;
	*end = p;
	return out;
}

size_t
jscan_pairs(jscan *s, long long *out, size_t max)
{
	char *p = s->p, *q;
	long long v[2];
	size_t n = 0;

	/* the inner arrays are one level deeper, as jscan_value() counts */
	if (s->depth >= JSCAN_MAX_DEPTH || max == 0)
		return 0;
	/* just inside '[' the first comes without a ',' */
	if (s->first) {
		if ((q = one_pair(p, v)) == NULL)
			return 0;
		if (out != NULL)
			*out++ = v[0], *out++ = v[1];
		p = q;
		n = 1;
	}
	n = out != NULL ? pairs_after(p, out, n, max, &p) :
	    pairs_after(p, NULL, n, max, &p);
	if (n > 0) {
		s->p = p;
		s->first = 0;
	}
	return n;
}

size_t
jscan_pairs_rising(jscan *s, long long *out, uint64_t *total)
{
	long long *start = out;
	uint64_t t = *total;
	char *p = s->p, *q;

	if (s->depth >= JSCAN_MAX_DEPTH)
		return 0;
	if (s->first) {
		/* just inside '[' (the byte before, as jscan_value() entered
		 * the array): the forms read there, the '[' taken for a ',' */
		uint64_t w;
		size_t len = 0;

		if (p[-1] == '[') {
			memcpy(&w, p - 1, 8);
			w ^= bytes8("\x77\0\0\0\0\0\0\0"); /* '[' ^ ',' */
			len = common_pair(p - 1, w, &out[0], &out[1]);
		}
		if (len != 0)
			q = p - 1 + len;
		else if ((q = one_pair(p, out)) == NULL)
			return 0;
		if (!rise_ok(out[-2], t, out))
			return 0;
		t += (uint64_t)out[1];
		out += 2;
		p = q;
	}
	out = rising_after(p, out, &t, &p);
	if (out == start)
		return 0;
	s->p = p;
	s->first = 0;
	*total = t;
	return (size_t)(out - start) / 2;
}

/*
 * One element at q in the form counts_run() reads: digits without a
 * leading zero (a lone 0 is 0), at most 18 of them, then ',' or ']'.
 * Its end (at that byte) and the value to *c; NULL for any other form,
 * which the general path then reads or refuses.
 */
static inline char *
count_at(char *q, uint64_t *c)
{
	unsigned d = (unsigned char)*q - (unsigned)'0';
	uint64_t w = d;
	char *p = q + 1;

	if (d > 9)
		return NULL;
	if (d != 0) {
		while ((d = (unsigned char)*p - (unsigned)'0') <= 9) {
			w = w * 10 + d;
			p++;
		}
		if (p - q > 18)
			return NULL;
	}
	if (*p != ',' && *p != ']')
		return NULL;
	*c = w;
	return p;
}

#ifdef JSCAN_SSE2
/* The first 2k bytes of the sixteen at bytes0n - 2k: 0xff, the rest 0. */
static const unsigned char first_bytes[32] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* The eight 16-bit lanes of t (counts below 256) to out[0..7]. */
static inline void
store8(uint64_t *out, __m128i t)
{
	const __m128i z = _mm_setzero_si128();
	__m128i lo = _mm_unpacklo_epi16(t, z), hi = _mm_unpackhi_epi16(t, z);

	_mm_storeu_si128((__m128i *)(void *)out, _mm_unpacklo_epi32(lo, z));
	_mm_storeu_si128((__m128i *)(void *)(out + 2), _mm_unpackhi_epi32(lo, z));
	_mm_storeu_si128((__m128i *)(void *)(out + 4), _mm_unpacklo_epi32(hi, z));
	_mm_storeu_si128((__m128i *)(void *)(out + 6), _mm_unpackhi_epi32(hi, z));
}
#endif

/*
 * jscan_counts_dense() from q, the first byte of an element, to the
 * end of the run: how many read, the end of the last one (at the ','
 * or ']' after it) to *end.  width 64: each to out as uint64_t, 16: as
 * uint16_t, stopping before a count past 65535, 0: passed over; out has
 * room for 8 more than are read, and the counts are added to *totalp as
 * jscan_counts_dense() says (width 0: not).  A count of one digit then
 * ',' is most of a dense sketch's: sixteen bytes "d,d,d,d,d,d,d,d," are
 * eight at once (SSE2: each byte less "0,0,0,..." must be at most 9
 * where a digit goes, 0 where the ','; the bytes left are the counts as
 * 16-bit lanes), and those before the first other byte of a block too;
 * that element is count_at()'s.  A block is loaded only whole before
 * the text's NUL and JSCAN_PAD bytes (q <= lim).  Inline thrice, width
 * a constant.
 */
static ALWAYS_INLINE size_t
counts_run(char *q, const char *lim, int width, void *out, uint64_t *totalp,
    char **end)
{
	uint16_t *o16 = out;
	uint64_t *o64 = out;
	uint64_t total = width != 0 ? *totalp : 0, c;
	size_t n = 0;
	char *p;

	(void)lim; /* read by the SSE2 step alone */
	for (;;) {
#ifdef JSCAN_SSE2
		const __m128i pat = _mm_set1_epi16('0' | ',' << 8),
		    nine = _mm_set1_epi16(9), z = _mm_setzero_si128();
		__m128i sum = z, t;
		unsigned ok, k;

		for (; q <= lim; q += 16) {
			t = _mm_sub_epi8(_mm_loadu_si128(
			    (const __m128i *)(void *)q), pat);
			ok = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
			    _mm_min_epu8(t, nine), t));
			if (ok != 0xffff) {
				/* the elements whole before the first other
				 * byte */
				k = (unsigned)__builtin_ctz(~ok) / 2;
				t = _mm_and_si128(t, _mm_loadu_si128(
				    (const __m128i *)(const void *)
				    (first_bytes + 16 - 2 * k)));
				if (width == 16)
					_mm_storeu_si128((__m128i *)(void *)
					    (o16 + n), t);
				else if (width == 64)
					store8(o64 + n, t);
				sum = _mm_add_epi64(sum, _mm_sad_epu8(t, z));
				n += k;
				q += 2 * k;
				break;
			}
			if (width == 16)
				_mm_storeu_si128((__m128i *)(void *)(o16 + n), t);
			else if (width == 64)
				store8(o64 + n, t);
			sum = _mm_add_epi64(sum, _mm_sad_epu8(t, z));
			n += 8;
		}
		if (width != 0)
			total += (uint64_t)_mm_cvtsi128_si64(sum) +
			    (uint64_t)_mm_cvtsi128_si64(
			    _mm_unpackhi_epi64(sum, sum));
#endif
		if ((p = count_at(q, &c)) == NULL ||
		    (width == 16 && c > UINT16_MAX))
			break;
		if (width != 0) {
			/* as rise_ok() has it: small ones unchecked */
			if (c >= 100 && (total > INT64_MAX ||
			    c > INT64_MAX - total))
				break;
			total += c;
		}
		if (width == 16)
			o16[n] = (uint16_t)c;
		else if (width == 64)
			o64[n] = c;
		n++;
		/* the next element's start, or past the ']': the end of
		 * the last read is the byte before */
		q = p + 1;
		if (*p == ']')
			break;
	}
	if (width != 0)
		*totalp = total;
	*end = q - 1;
	return n;
}

/* jscan_counts_dense() and jscan_counts_dense16(): the cursor's run. */
static ALWAYS_INLINE size_t
counts_at(jscan *s, int width, void *out, uint64_t *total)
{
	char *q = s->p, *end;
	size_t n;

	/* just inside '[' the first comes without a ',' */
	if (!s->first && *q++ != ',')
		return 0;
	if (width == 0 && (unsigned char)*q - (unsigned)'0' > 9)
		return 0;
	/* 16 bytes at q while q + 15 is at most the last byte of padding,
	 * end + JSCAN_PAD */
	n = counts_run(q, s->end + JSCAN_PAD - 15, width, out, total, &end);
	if (n > 0) {
		s->p = end;
		s->first = 0;
	}
	return n;
}

size_t
jscan_counts_dense(jscan *s, uint64_t *out, uint64_t *total)
{
	return counts_at(s, 64, out, total);
}

size_t
jscan_counts_dense16(jscan *s, uint16_t *out, uint64_t *total)
{
	return counts_at(s, 16, out, total);
}

/* jscan_counts_dense() passing over a run of counts at the cursor. */
static void
skip_counts(jscan *s)
{
	(void)counts_at(s, 0, NULL, NULL);
}

/* jscan_pairs() passing over a run at the cursor, kept when it fits. */
static void
keep_run(jscan *s, const char *base, jscan_runs *keep)
{
	char *start = s->p;
	int lead = s->first;
	size_t room, n;
	jscan_run *r;

	/* a dense sketch's counts first: no pair starts with a digit, so
	 * the runs of pairs kept are where they were */
	skip_counts(s);
	start = s->p;
	lead = s->first;
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

int
jscan_skip_keep(jscan *s, const char *base, jscan_runs *keep)
{
	return skip_walk(s, 1, base, keep);
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
