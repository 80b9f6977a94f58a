/*
 * time.c — RFC 3339 instants, durations and civil dates, all as int64
 * nanoseconds since the epoch, UTC.  Nothing here reads TZ, the locale or
 * the clock: these are pure functions of their arguments.  The formatter
 * and the parser remember the last second they saw, per thread, which
 * spares the calendar work on the next line of a log and changes no
 * answer (tests/unit/test_fast_paths.c compares them with other methods).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slo_math.h"
#include "slo_num.h"

/* 1678-01-01T00:00:00Z and 2262-01-01T00:00:00Z in epoch seconds (python3:
 * calendar.timegm((1678,1,1,0,0,0)) and timegm((2262,1,1,0,0,0))). */
#define TIME_MIN_SEC (-9214560000LL)
#define TIME_END_SEC 9214646400LL

/*
 * Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms"
 * (howardhinnant.github.io/date_algorithms.html): days since 1970-01-01 of
 * the proleptic Gregorian date y-m-d, and back.  Exact for any int64 range
 * we can reach from nanoseconds.
 */
int64_t
slo_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;                                  /* [0, 399] */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

void
slo_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

slo_ns
slo_time_floor(slo_ns t, slo_ns width)
{
	slo_ns q = t / width;

	if (t % width != 0 && t < 0) {
		if (q <= INT64_MIN / width) /* would fall below the range */
			return INT64_MIN;
		q--;
	}
	return q * width;
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
days_in_month(int64_t y, unsigned m)
{
	static const unsigned char dim[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Reads exactly k digits at s[*i]; -1 (and *i at the culprit) if not. */
static long
digits(const char *s, size_t n, size_t *i, int k)
{
	long v = 0;

	for (int j = 0; j < k; j++, (*i)++) {
		if (*i >= n || s[*i] < '0' || s[*i] > '9')
			return -1;
		v = v * 10 + (s[*i] - '0');
	}
	return v;
}

static slo_status
fail_at(size_t *errpos, size_t pos, slo_status st)
{
	if (errpos != NULL)
		*errpos = pos;
	return st;
}

static int
expect(const char *s, size_t n, size_t *i, char c)
{
	if (*i < n && s[*i] == c) {
		(*i)++;
		return 1;
	}
	return 0;
}

/*
 * Shape errors are SLO_ESYNTAX, field values out of their range (month 13,
 * Feb 30, hour 24, second 60, offset +24:00, year outside 1678..2261)
 * SLO_ERANGE; errpos is the first byte of the culprit.
 */
/*
 * The last date "YYYY-MM-DD" parse_utc() read on this thread, and its
 * days since the epoch: a log's lines share their day many at a time
 * (their second less often), and a compare is cheaper than the reading,
 * the range checks and the calendar.
 */
static _Thread_local struct {
	int valid;
	int64_t days;
	char text[10];
} last_parse;

/*
 * The form slo_time_format() writes and most logs carry, UTC with an
 * optional fraction: "2000-10-10T13:55:36Z", "2000-10-10T13:55:36.123Z".
 * Read without the general path's check per byte: 1 with *out set, or 0
 * when s has another form or a value out of range, for the general path
 * to read or to report where it fails.
 */
/* Whether the 10 bytes of a date at s and at d are equal: two loads each
 * (8 bytes and the last 8, overlapping), not a call to memcmp(). */
static inline int
same_date(const char *s, const char *d)
{
	uint64_t a, b, c, e;

	memcpy(&a, s, 8);
	memcpy(&b, d, 8);
	memcpy(&c, s + 2, 8);
	memcpy(&e, d + 2, 8);
	return a == b && c == e;
}

static int
parse_utc(const char *s, size_t n, slo_ns *out)
{
	int c1, c2, mon, day, hh, mm, ss;
	long year;
	int64_t frac = 0;
	size_t i;

	if (n < 20 || s[n - 1] != 'Z')
		return 0;
	if (n > 20) {
		/* '.' and 1 to 9 digits before the 'Z' */
		if (s[19] != '.' || n - 21 < 1 || n - 21 > 9)
			return 0;
		static const int64_t scale[10] = { 0, 100000000, 10000000,
		    1000000, 100000, 10000, 1000, 100, 10, 1 };

		for (i = 20; i < n - 1; i++) {
			unsigned dgt = (unsigned char)s[i] - '0';
			if (dgt > 9)
				return 0;
			frac = frac * 10 + dgt;
		}
		frac *= scale[n - 21];  /* to nanoseconds: n - 21 digits */
	}
	if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':')
		return 0;
	if ((hh = slo_two_digits(s + 11)) < 0 ||
	    (mm = slo_two_digits(s + 14)) < 0 ||
	    (ss = slo_two_digits(s + 17)) < 0 || hh > 23 || mm > 59 || ss > 59)
		return 0;
	if (!last_parse.valid || !same_date(s, last_parse.text)) {
		if ((c1 = slo_two_digits(s)) < 0 ||
		    (c2 = slo_two_digits(s + 2)) < 0 ||
		    (mon = slo_two_digits(s + 5)) < 0 ||
		    (day = slo_two_digits(s + 8)) < 0)
			return 0;
		year = c1 * 100 + c2;
		/* a Z instant lies in 1678..2261 exactly when its year does */
		if (year < 1678 || year > 2261 || mon < 1 || mon > 12 ||
		    day < 1 || (unsigned)day > days_in_month(year,
		    (unsigned)mon))
			return 0;
		last_parse.days = slo_days_from_civil(year, (unsigned)mon,
		    (unsigned)day);
		memcpy(last_parse.text, s, sizeof last_parse.text);
		last_parse.valid = 1;
	}
	*out = (last_parse.days * 86400 + hh * 3600 + mm * 60 + ss) *
	    SLO_NS_PER_SEC + frac;
	return 1;
}

slo_status
slo_time_parse(const char *s, size_t n, slo_ns *out, size_t *errpos)
{
	size_t i = 0, at;
	long year, mon, day, hh, mm, ss, oh = 0, om = 0;
	int64_t frac = 0, secs, off = 0;
	int nfrac = 0;

	if (parse_utc(s, n, out))
		return SLO_OK;
	if ((year = digits(s, n, &i, 4)) < 0)
		return fail_at(errpos, i, SLO_ESYNTAX);
	if (!expect(s, n, &i, '-'))
		return fail_at(errpos, i, SLO_ESYNTAX);
	at = i;
	if ((mon = digits(s, n, &i, 2)) < 0)
		return fail_at(errpos, i, SLO_ESYNTAX);
	if (mon < 1 || mon > 12)
		return fail_at(errpos, at, SLO_ERANGE);
	if (!expect(s, n, &i, '-'))
		return fail_at(errpos, i, SLO_ESYNTAX);
	at = i;
	if ((day = digits(s, n, &i, 2)) < 0)
		return fail_at(errpos, i, SLO_ESYNTAX);
	if (day < 1 || (unsigned)day > days_in_month(year, (unsigned)mon))
		return fail_at(errpos, at, SLO_ERANGE);
	if (i >= n || (s[i] != 'T' && s[i] != 't' && s[i] != ' '))
		return fail_at(errpos, i, SLO_ESYNTAX);
	i++;
	at = i;
	if ((hh = digits(s, n, &i, 2)) < 0)
		return fail_at(errpos, i, SLO_ESYNTAX);
	if (hh > 23)
		return fail_at(errpos, at, SLO_ERANGE);
	if (!expect(s, n, &i, ':'))
		return fail_at(errpos, i, SLO_ESYNTAX);
	at = i;
	if ((mm = digits(s, n, &i, 2)) < 0)
		return fail_at(errpos, i, SLO_ESYNTAX);
	if (mm > 59)
		return fail_at(errpos, at, SLO_ERANGE);
	if (!expect(s, n, &i, ':'))
		return fail_at(errpos, i, SLO_ESYNTAX);
	at = i;
	if ((ss = digits(s, n, &i, 2)) < 0)
		return fail_at(errpos, i, SLO_ESYNTAX);
	if (ss > 59) /* leap seconds cannot be represented as ns since epoch */
		return fail_at(errpos, at, SLO_ERANGE);
	if (expect(s, n, &i, '.')) {
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (nfrac == 9)
				return fail_at(errpos, i, SLO_ESYNTAX);
			frac = frac * 10 + (s[i] - '0');
			nfrac++;
			i++;
		}
		if (nfrac == 0)
			return fail_at(errpos, i, SLO_ESYNTAX);
		for (int k = nfrac; k < 9; k++)
			frac *= 10;
	}
	if (i >= n)
		return fail_at(errpos, i, SLO_ESYNTAX);
	if (s[i] == 'Z' || s[i] == 'z')
		i++;
	else if (s[i] == '+' || s[i] == '-') {
		int neg = s[i] == '-';
		i++;
		at = i;
		if ((oh = digits(s, n, &i, 2)) < 0)
			return fail_at(errpos, i, SLO_ESYNTAX);
		if (oh > 23)
			return fail_at(errpos, at, SLO_ERANGE);
		if (!expect(s, n, &i, ':'))
			return fail_at(errpos, i, SLO_ESYNTAX);
		at = i;
		if ((om = digits(s, n, &i, 2)) < 0)
			return fail_at(errpos, i, SLO_ESYNTAX);
		if (om > 59)
			return fail_at(errpos, at, SLO_ERANGE);
		off = (oh * 60 + om) * 60;
		if (neg)
			off = -off;
	} else
		return fail_at(errpos, i, SLO_ESYNTAX);
	if (i != n)
		return fail_at(errpos, i, SLO_ESYNTAX);
	/*
	 * The instant, not the year as written, must lie in 1678..2261 UTC:
	 * then what slo_time_format() writes always parses back, whatever
	 * offset the input carried.  Years one either side are read so that
	 * an offset may bring them in; their seconds cannot overflow.
	 */
	if (year < 1677 || year > 2262)
		return fail_at(errpos, 0, SLO_ERANGE);
	secs = slo_days_from_civil(year, (unsigned)mon, (unsigned)day) * 86400 +
	    hh * 3600 + mm * 60 + ss - off;
	if (secs < TIME_MIN_SEC || secs >= TIME_END_SEC)
		return fail_at(errpos, 0, SLO_ERANGE);
	*out = secs * SLO_NS_PER_SEC + frac;
	return SLO_OK;
}

/* a >= 0, 0 <= m < 10^k: the shortest digits of a.m (k places), parsed. */
static double
decimal_value(int64_t a, int64_t m, int k)
{
	char tmp[48];
	int len = 0, j;
	char rev[24];
	int64_t v = a;

	j = 0;
	do {
		rev[j++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (j > 0)
		tmp[len++] = rev[--j];
	if (k > 0) {
		tmp[len++] = '.';
		for (j = k - 1; j >= 0; j--) {
			tmp[len + j] = (char)('0' + m % 10);
			m /= 10;
		}
		len += k;
	}
	tmp[len] = '\0';
	return slo_strtod(tmp, NULL);
}

/*
 * A double such as 1764144000.123456 is not exactly that decimal (its
 * nearest neighbours are ~240 ns apart), so multiplying by 1e9 would give
 * ...123456001 or worse.  Instead take the shortest decimal of at most 9
 * places that reads back as the same double — the number the writer meant —
 * and only when there is none round the exact binary value to the nearest ns.
 */
slo_status
slo_time_from_epoch(double sec, slo_ns *out)
{
	static const double pow10[10] =
	    { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
	double mag, ip, f;
	int64_t a, m = 0, scale = 1;
	int neg, k;

	if (!isfinite(sec))
		return SLO_EINVAL;
	neg = sec < 0;
	mag = neg ? -sec : sec;
	/* the range slo_time_parse() reads: 1678-01-01 to 2262-01-01 UTC */
	if (sec < (double)TIME_MIN_SEC || sec >= (double)TIME_END_SEC)
		return SLO_ERANGE;
	ip = floor(mag);
	f = mag - ip; /* exact */
	a = (int64_t)ip;
	for (k = 0; k <= 9; k++) {
		m = llround(f * pow10[k]);
		if (m >= (int64_t)pow10[k]) /* rounded up to the next integer */
			continue;
		if (decimal_value(a, m, k) == mag)
			break;
	}
	if (k > 9) {
		m = llround(f * 1e9);
		k = 9;
		if (m == 1000000000) {
			a++;
			m = 0;
		}
	}
	for (int j = k; j < 9; j++)
		scale *= 10;
	a = a * SLO_NS_PER_SEC + m * scale;
	*out = neg ? -a : a;
	return SLO_OK;
}

static void
put2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DDT" of the day days after the epoch into buf[0..11). */
static void
put_date(int64_t days, char *buf)
{
	int64_t y;
	unsigned m, d;

	slo_civil_from_days(days, &y, &m, &d);
	/* y is within 1677..2262 for every int64 value. */
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	put2(buf + 5, m);
	buf[7] = '-';
	put2(buf + 8, d);
	buf[10] = 'T';
}

/*
 * The last second this thread formatted, "YYYY-MM-DDTHH:MM:SS", and its
 * day: events come in time order, mostly many to a second and more to a
 * day, and the civil date is most of the cost of a format.  Per thread,
 * as the -j workers format at once.
 */
static _Thread_local struct {
	int valid;
	int64_t secs, days;
	char text[19];
} last_format;

size_t
slo_time_format(slo_ns t, char *buf)
{
	slo_ns secs = t / SLO_NS_PER_SEC;
	int64_t frac = t % SLO_NS_PER_SEC, days, sod;
	size_t len;
	int nd, j;

	if (frac < 0) {
		secs--;
		frac += SLO_NS_PER_SEC;
	}
	if (!last_format.valid || last_format.secs != secs) {
		days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
		sod = secs - days * 86400;
		if (!last_format.valid || last_format.days != days) {
			put_date(days, last_format.text);
			last_format.days = days;
		}
		put2(last_format.text + 11, (unsigned)(sod / 3600));
		last_format.text[13] = ':';
		put2(last_format.text + 14, (unsigned)(sod / 60 % 60));
		last_format.text[16] = ':';
		put2(last_format.text + 17, (unsigned)(sod % 60));
		last_format.secs = secs;
		last_format.valid = 1;
	}
	memcpy(buf, last_format.text, sizeof last_format.text);
	len = 19;
	if (frac != 0) {
		/* one division to the digits kept, not one per digit cut */
		if (frac % 1000000 == 0)
			nd = 3, frac /= 1000000;
		else if (frac % 1000 == 0)
			nd = 6, frac /= 1000;
		else
			nd = 9;
		buf[len++] = '.';
		/* two digits a division, from the last */
		for (j = nd; j >= 2; frac /= 100) {
			j -= 2;
			put2(buf + len + (size_t)j, (unsigned)(frac % 100));
		}
		if (j == 1)
			buf[len] = (char)('0' + frac);
		len += (size_t)nd;
	}
	buf[len++] = 'Z';
	buf[len] = '\0';
	return len;
}

/* Duration units, longest first: the order they must appear in. */
static const struct {
	const char *name;
	size_t len;
	int64_t ns;
} units[] = {
	{ "w", 1, 7 * SLO_NS_PER_DAY },
	{ "d", 1, SLO_NS_PER_DAY },
	{ "h", 1, SLO_NS_PER_HOUR },
	{ "m", 1, SLO_NS_PER_MIN },
	{ "s", 1, SLO_NS_PER_SEC },
	{ "ms", 2, SLO_NS_PER_MS },
	{ "us", 2, SLO_NS_PER_US },
	{ "ns", 2, 1 },
};
#define NUNITS (sizeof units / sizeof units[0])

/*
 * Like Prometheus, units must come longest first and each at most once
 * ("1h30m", not "30m1h" or "5m5m"): a repeated or shuffled unit in a spec is
 * more likely a typo than intent.  A fraction must come to a whole number of
 * nanoseconds.  Errors: SLO_ESYNTAX for shape, SLO_ERANGE for overflow or a
 * sub-nanosecond fraction.
 */
/*
 * Seconds alone, "I[.F]s" with 1 to 9 digits I and 1 to 9 digits F (the
 * form of a google.protobuf.Duration in JSON, as GCP's httpRequest.latency
 * "0.034547789s"): 1 with *out the value slo_duration_parse() gives, 0 for
 * any other text (that parse reads it, or says where it fails).
 */
static int
seconds_only(const char *s, size_t n, slo_ns *out)
{
	static const int64_t scale[10] = { 1000000000, 100000000, 10000000,
	    1000000, 100000, 10000, 1000, 100, 10, 1 };
	int64_t ip = 0, fp = 0;
	size_t i = 0, nf;

	if (n < 2 || s[n - 1] != 's')
		return 0;
	/* ten digits at most read: ten is already too many here */
	for (; i < n - 1 && i < 10 && (unsigned)(s[i] - '0') <= 9; i++)
		ip = ip * 10 + (s[i] - '0');
	if (i == 0 || i > 9)
		return 0;
	if (i < n - 1) {
		if (s[i] != '.')
			return 0;
		for (nf = ++i; i < n - 1 && (unsigned)(s[i] - '0') <= 9; i++)
			fp = fp * 10 + (s[i] - '0');
		nf = i - nf;
		if (i != n - 1 || nf == 0 || nf > 9)
			return 0;
		fp *= scale[nf];
	}
	*out = ip * SLO_NS_PER_SEC + fp;
	return 1;
}

slo_status
slo_duration_parse(const char *s, size_t n, slo_ns *out, size_t *errpos)
{
	size_t i = 0, next_unit = 0;
	uint64_t total = 0;

	if (seconds_only(s, n, out))
		return SLO_OK;
	if (n == 0)
		return fail_at(errpos, 0, SLO_ESYNTAX);
	while (i < n) {
		size_t start = i, u, ulen;
		uint64_t ip = 0, fp = 0, p10 = 1, v, q, r;
		int nint = 0, nfrac = 0;

		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (ip > (UINT64_MAX - 9) / 10)
				return fail_at(errpos, start, SLO_ERANGE);
			ip = ip * 10 + (uint64_t)(s[i++] - '0');
			nint++;
		}
		if (i < n && s[i] == '.') {
			i++;
			while (i < n && s[i] >= '0' && s[i] <= '9') {
				if (nfrac == 9)
					return fail_at(errpos, i, SLO_ESYNTAX);
				fp = fp * 10 + (uint64_t)(s[i++] - '0');
				p10 *= 10;
				nfrac++;
			}
			if (nfrac == 0)
				return fail_at(errpos, i, SLO_ESYNTAX);
		}
		if (nint == 0 && nfrac == 0)
			return fail_at(errpos, i, SLO_ESYNTAX);
		if (nint == 0) /* ".5s": write 0.5s */
			return fail_at(errpos, start, SLO_ESYNTAX);
		for (u = 0; u < NUNITS; u++) {
			ulen = units[u].len;
			/* "m" must not take the "m" of "ms". */
			if (n - i >= ulen && memcmp(s + i, units[u].name, ulen) == 0 &&
			    !(ulen == 1 && n - i >= 2 && s[i + 1] == 's' &&
			    (s[i] == 'm')))
				break;
		}
		if (u == NUNITS)
			return fail_at(errpos, i, SLO_ESYNTAX);
		if (u < next_unit)
			return fail_at(errpos, i, SLO_ESYNTAX);
		next_unit = u + 1;
		i += units[u].len;
		/* ip*unit + fp*unit/p10, exactly, in uint64 */
		if (ip != 0 && (uint64_t)units[u].ns > (uint64_t)INT64_MAX / ip)
			return fail_at(errpos, start, SLO_ERANGE);
		v = ip * (uint64_t)units[u].ns;
		q = (uint64_t)units[u].ns / p10;
		r = (uint64_t)units[u].ns % p10;
		if (fp * r % p10 != 0)
			return fail_at(errpos, start, SLO_ERANGE);
		v += fp * q + fp * r / p10;
		if (v > (uint64_t)INT64_MAX || total > (uint64_t)INT64_MAX - v)
			return fail_at(errpos, start, SLO_ERANGE);
		total += v;
	}
	*out = (slo_ns)total;
	return SLO_OK;
}

/*
 * Greedy over d h m s ms us ns.  Weeks are written as days ("28d", "7d"):
 * that is how SLO windows are spoken of, and it still parses back exactly.
 */
size_t
slo_duration_format(slo_ns d, char *buf)
{
	uint64_t v;
	size_t len = 0;

	if (d == 0) {
		memcpy(buf, "0s", 3);
		return 2;
	}
	if (d < 0) {
		buf[len++] = '-';
		v = (uint64_t)0 - (uint64_t)d;
	} else
		v = (uint64_t)d;
	for (size_t u = 1; u < NUNITS; u++) {
		uint64_t un = (uint64_t)units[u].ns, c = v / un;
		char rev[24];
		int j = 0;

		if (c == 0)
			continue;
		v -= c * un;
		do {
			rev[j++] = (char)('0' + c % 10);
			c /= 10;
		} while (c > 0);
		while (j > 0)
			buf[len++] = rev[--j];
		memcpy(buf + len, units[u].name, units[u].len);
		len += units[u].len;
	}
	buf[len] = '\0';
	return len;
}

slo_status
slo_buf_json_time(slo_buf *b, slo_ns t)
{
	char tb[SLO_TIME_BUFSZ];

	if (t == SLO_NS_NONE)
		return slo_buf_puts(b, "null");
	return slo_buf_json_str(b, tb, slo_time_format(t, tb));
}

slo_status
slo_buf_json_duration(slo_buf *b, slo_ns d)
{
	char db[SLO_DURATION_BUFSZ];

	return slo_buf_json_str(b, db, slo_duration_format(d, db));
}
