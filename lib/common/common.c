/* common.c — status strings, error reports, byte buffers, UTF-8 checks. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "slo.h"
#include "slo_num.h"

const char *
slo_strerror(slo_status st)
{
	switch (st) {
	case SLO_OK: return "success";
	case SLO_ENOMEM: return "out of memory";
	case SLO_EINVAL: return "invalid value";
	case SLO_ESYNTAX: return "syntax error";
	case SLO_ERANGE: return "value out of range";
	case SLO_EIO: return "input/output error";
	case SLO_EEMPTY: return "no data";
	case SLO_EMISMATCH: return "incompatible operands";
	case SLO_ENOTFOUND: return "not found";
	case SLO_ELIMIT: return "limit exceeded";
	case SLO_EUTF8: return "invalid utf-8";
	}
	return "unknown status";
}

slo_status
slo_error_set(slo_error *err, slo_status st, const char *file, long line,
    long col, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return st;
	err->status = st;
	slo_snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->col = col;
	va_start(ap, fmt);
	slo_vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return st;
}

void
slo_error_clear(slo_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof *err);
}

slo_status
slo_buf_reserve(slo_buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return SLO_ENOMEM;
	want = b->len + extra + 1; /* room for a NUL kept after the data */
	if (want <= b->cap)
		return SLO_OK;
	cap = b->cap ? b->cap : 256;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	if ((p = realloc(b->data, cap)) == NULL)
		return SLO_ENOMEM;
	b->data = p;
	b->cap = cap;
	return SLO_OK;
}

slo_status
slo_buf_append(slo_buf *b, const void *p, size_t n)
{
	/* the room is there most of the time: no call to find that out */
	if (b->cap - b->len <= n && slo_buf_reserve(b, n) != SLO_OK)
		return SLO_ENOMEM;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return SLO_OK;
}

slo_status
slo_buf_puts(slo_buf *b, const char *s)
{
	return slo_buf_append(b, s, strlen(s));
}

slo_status
slo_buf_putc(slo_buf *b, char c)
{
	return slo_buf_append(b, &c, 1);
}

slo_status
slo_buf_printf(slo_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = slo_vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return SLO_EINVAL;
	if (slo_buf_reserve(b, (size_t)n) != SLO_OK)
		return SLO_ENOMEM;
	va_start(ap, fmt);
	slo_vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return SLO_OK;
}

/*
 * Whether any of the 8 bytes at p is one slo_buf_json_str() escapes ('"',
 * '\\', below 0x20).  A word without any gives no bit: a false bit comes
 * only above a true one.
 */
static inline int
escapes8(const char *p)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t w, q, e;

	memcpy(&w, p, 8);
	q = w ^ (ones * '"');
	e = w ^ (ones * '\\');
	return ((((q - ones) & ~q) | ((e - ones) & ~e) |
	    ((w - ones * 0x20) & ~w)) & (ones * 0x80)) != 0;
}

#if defined(__SSE2__)
/* Bit i set when byte i of x is one slo_buf_json_str() escapes ('"',
 * '\\', below 0x20: the bytes x equals when 0x1f is the smaller). */
static inline int
escapes16(__m128i x)
{
	__m128i q = _mm_cmpeq_epi8(x, _mm_set1_epi8('"'));
	__m128i e = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
	__m128i c = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);

	return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(q, e), c));
}
#endif

/*
 * Whether none of the n bytes at s is one slo_buf_json_str() escapes:
 * the commonest string, a name or a path, is written as it is.  Reads
 * only s[0..n), in (overlapping) blocks when n allows.
 */
static inline int
plain_str(const char *s, size_t n)
{
	size_t i = 0;

#if defined(__SSE2__)
	if (n >= 16) {
		for (; i + 16 < n; i += 16)
			if (escapes16(_mm_loadu_si128((const void *)(s + i))))
				return 0;
		return !escapes16(_mm_loadu_si128((const void *)(s + n - 16)));
	}
	if (n >= 8)
		return !escapes16(_mm_unpacklo_epi64(
		    _mm_loadl_epi64((const void *)s),
		    _mm_loadl_epi64((const void *)(s + n - 8))));
	if (n >= 4) {
		int32_t a, z;

		memcpy(&a, s, 4);
		memcpy(&z, s + n - 4, 4);
		/* the low 8 lanes only: the others hold zeros */
		return !(escapes16(_mm_unpacklo_epi32(_mm_cvtsi32_si128(a),
		    _mm_cvtsi32_si128(z))) & 0xff);
	}
#else
	if (n >= 8) {
		for (; i + 8 < n; i += 8)
			if (escapes8(s + i))
				return 0;
		return !escapes8(s + n - 8);
	}
#endif
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == '"' || c == '\\')
			return 0;
	}
	return 1;
}

/*
 * The escape subset of slo-events(5): '"' and '\\' as \" and \\, the
 * control characters \b \f \n \r \t by name and the rest as \u00XX; every
 * other byte, UTF-8 included, as it is.
 */
slo_status
slo_buf_json_str(slo_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run;

	if (n > SIZE_MAX - 2 || (b->cap - b->len <= n + 2 &&
	    slo_buf_reserve(b, n + 2) != SLO_OK))
		return SLO_ENOMEM;
	if (plain_str(s, n)) {
		char *d = b->data + b->len;

		d[0] = '"';
		if (n >= 8 && n <= 16) {
			/* two words, overlapping: no call for a short copy */
			uint64_t w0, w1;

			memcpy(&w0, s, 8);
			memcpy(&w1, s + n - 8, 8);
			memcpy(d + 1, &w0, 8);
			memcpy(d + 1 + n - 8, &w1, 8);
		} else if (n > 0)
			memcpy(d + 1, s, n);
		d[n + 1] = '"';
		d[n + 2] = '\0';
		b->len += n + 2;
		return SLO_OK;
	}
	b->data[b->len++] = '"';
	for (i = 0; i < n;) {
		/* eight bytes at a time to the first word holding one to
		 * escape */
		for (run = i; run + 8 <= n && !escapes8(s + run); run += 8)
			;
		/* the last bytes as the word that ends the string */
		if (run + 8 > n && n - i >= 8 && !escapes8(s + n - 8))
			run = n;
		for (; run < n; run++) {
			unsigned char c = (unsigned char)s[run];
			if (c < 0x20 || c == '"' || c == '\\')
				break;
		}
		if (i == 0 && run == n) {
			/* nothing to escape, the commonest case: the room
			 * reserved above holds the string and its quotes */
			memcpy(b->data + b->len, s, n);
			b->len += n;
			b->data[b->len++] = '"';
			b->data[b->len] = '\0';
			return SLO_OK;
		}
		if (run > i && slo_buf_append(b, s + i, run - i) != SLO_OK)
			return SLO_ENOMEM;
		if (run == n)
			break;
		unsigned char c = (unsigned char)s[run];
		char esc[7] = { '\\', 0, 0, 0, 0, 0, 0 };
		size_t elen = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
			esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
			elen = 6;
		}
		if (slo_buf_append(b, esc, elen) != SLO_OK)
			return SLO_ENOMEM;
		i = run + 1;
	}
	return slo_buf_putc(b, '"');
}

slo_status
slo_buf_json_cstr(slo_buf *b, const char *s)
{
	if (s == NULL)
		return slo_buf_puts(b, "null");
	return slo_buf_json_str(b, s, strlen(s));
}

/* "00" to "99": decimal digits two a division. */
static const char pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930"
    "31323334353637383940414243444546474849505152535455565758596061"
    "6263646566676869707172737475767778798081828384858687888990919293"
    "949596979899";

size_t
slo_put_digits(char *out, uint64_t u)
{
	char tmp[20], *p = tmp + sizeof tmp;
	size_t n;

	while (u >= 100) {
		p -= 2;
		memcpy(p, pairs + 2 * (u % 100), 2);
		u /= 100;
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * u, 2);
	} else
		*--p = (char)('0' + u);
	n = (size_t)(tmp + sizeof tmp - p);
	memcpy(out, p, n);
	return n;
}

/*
 * What %.15g prints for v when v is n / 10^k for some k in 1..15 and
 * n < 10^15, and 1e-4 <= |v| < 1e15 (plain notation): the digits of n with
 * a point k from the right; 0 when v is not such a number.  Most numbers
 * written are such (latencies in ms from ns or us): this spares printf.
 *
 * Exact: n < 2^53 and 10^k are exact doubles, so n / 10^k == v (one
 * correctly rounded division) says the decimal n/10^k reads back as v.
 * Every decimal of 15 significant digits or fewer that reads back as v is
 * the 15-digit rounding of v (v is within half an ulp of it, far less
 * than half a 15-digit step), so there is at most one, it is what %.15g
 * prints (trailing zeros dropped), and the first k that finds it is its
 * number of decimals.  The candidate n for each k is v * 10^k rounded:
 * both roundings together err by under 0.25 for n < 10^15.
 */
static int
short_decimal(double v, char *out)
{
	static const double p10[16] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
	    1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	static const uint64_t p10i[16] = { 1, 10, 100, 1000, 10000, 100000,
	    1000000, 10000000, 100000000, 1000000000, 10000000000,
	    100000000000, 1000000000000, 10000000000000, 100000000000000,
	    1000000000000000 };
	double a = fabs(v);
	int k, len = 0;
	int64_t n = 0;
	uint64_t ip, f;

	if (!(a >= 1e-4 && a < 1e15))
		return 0;
	for (k = 1; k <= 15; k++) {
		double s = a * p10[k] + 0.5;
		/* tested before the conversion, which would overflow; below
		 * 1e15 the signed conversions are exact and the cheapest */
		if (s >= 1e15)
			return 0;
		n = (int64_t)s;
		if ((double)n / p10[k] == a)
			break;
	}
	if (k > 15)
		return 0;
	while (k > 0 && n % 10 == 0)
		n /= 10, k--;
	ip = (uint64_t)n / p10i[k];
	f = (uint64_t)n % p10i[k];
	if (v < 0)
		out[len++] = '-';
	len += (int)slo_put_digits(out + len, ip);
	if (k > 0) {
		/* the k places of f, leading zeros written, from the last */
		int j = k;

		out[len++] = '.';
		for (; j >= 2; f /= 100) {
			j -= 2;
			memcpy(out + len + j, pairs + 2 * (f % 100), 2);
		}
		if (j == 1)
			out[len] = (char)('0' + f);
		len += k;
	}
	out[len] = '\0';
	return len;
}

slo_status
slo_buf_json_num(slo_buf *b, double v)
{
	char tmp[40];
	int prec, len;

	if (!isfinite(v))
		return slo_buf_puts(b, "null");
	if (v == 0)
		return slo_buf_puts(b, "0");
	if (fabs(v) < 1e15 && v == (double)(long long)v) {
		slo_snprintf(tmp, sizeof tmp, "%lld", (long long)v);
		return slo_buf_puts(b, tmp);
	}
	/* short_decimal() writes at most 34 bytes ("-", 15 digits, ".",
	 * 15 places when n is below 10^15, and a NUL): in place */
	if (b->cap - b->len <= sizeof tmp && slo_buf_reserve(b, sizeof tmp) !=
	    SLO_OK)
		return SLO_ENOMEM;
	if ((len = short_decimal(v, b->data + b->len)) > 0) {
		b->len += (size_t)len;
		return SLO_OK;
	}
	/*
	 * The shortest %.Ng that reads back exactly.  A double has 15.95
	 * decimal digits, so a shortest form of 15 digits or fewer is what
	 * %.15g prints (the value lies within half a 15-digit step of it),
	 * and only 16 or 17 remain to try: at most three conversions, not 17.
	 */
	/* Subnormals carry fewer digits: search them from the start. */
	for (prec = fabs(v) < 2.2250738585072014e-308 ? 1 : 15; prec <= 17; prec++) {
		slo_snprintf(tmp, sizeof tmp, "%.*g", prec, v);
		if (prec == 17 || slo_strtod(tmp, NULL) == v)
			break;
	}
	return slo_buf_puts(b, tmp);
}

void
slo_buf_reset(slo_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
slo_buf_release(slo_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/*
 * RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF.  Most
 * lines are ASCII: 64 (SSE2), 32, then eight bytes at a time until a byte
 * with its high bit set, then byte by byte from the start of that block.  The
 * last few bytes of an ASCII line are checked as the word that ends the
 * line, which overlaps the one before, not one by one.
 */
int
slo_utf8_valid(const char *p, size_t n, size_t *bad)
{
	const uint64_t high = 0x8080808080808080ULL;
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;
	uint64_t w, x, y, z;

#if defined(__SSE2__)
	/* 64 bytes a turn in four vectors, one branch: the rollup lines
	 * slo-eval reads are 1 kB, and this runs on every line */
	for (; i + 64 <= n; i += 64) {
		__m128i a = _mm_loadu_si128((const void *)(s + i));
		__m128i b = _mm_loadu_si128((const void *)(s + i + 16));
		__m128i c = _mm_loadu_si128((const void *)(s + i + 32));
		__m128i d = _mm_loadu_si128((const void *)(s + i + 48));

		if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b),
		    _mm_or_si128(c, d))) != 0)
			break;
	}
#endif
	for (; i + 32 <= n; i += 32) {
		memcpy(&w, s + i, 8);
		memcpy(&x, s + i + 8, 8);
		memcpy(&y, s + i + 16, 8);
		memcpy(&z, s + i + 24, 8);
		if ((w | x | y | z) & high)
			break;
	}
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & high)
			break;
	}
	if (i < n && i + 8 > n && n >= 8) {
		memcpy(&w, s + n - 8, 8);
		if (!(w & high))
			return 1;
	}
	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		unsigned char lo = 0x80, hi = 0xBF;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			goto fail;
		if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
			goto fail;
		for (size_t k = 2; k < len; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				goto fail;
		i += len;
	}
	return 1;
fail:
	if (bad != NULL)
		*bad = i;
	return 0;
}

/* ---- formats ---------------------------------------------------------- */

static const char *const format_names[SLO_FMT__COUNT] = {
	"ndjson", "table", "prom", "junit", "markdown", "html", "csv", "tsv"
};

const char *
slo_format_name(slo_format f)
{
	return (unsigned)f < SLO_FMT__COUNT ? format_names[f] : "?";
}

int
slo_format_from_name(const char *name)
{
	for (int i = 0; i < SLO_FMT__COUNT; i++)
		if (strcmp(name, format_names[i]) == 0)
			return i;
	return -1;
}

const char *
slo_version(void)
{
	return SLO_VERSION;
}
