/*
 * test_time.c — RFC 3339 instants, epoch seconds, formatting, durations,
 * civil dates and floor division.
 *
 * Expected epoch values were computed independently with Python 3.11's
 * datetime (datetime.fromisoformat(...).timestamp(), date.toordinal()),
 * as noted next to each.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "slo_math.h"

#define S SLO_NS_PER_SEC

static slo_status
parse(const char *s, slo_ns *t, size_t *pos)
{
	*pos = (size_t)-1;
	return slo_time_parse(s, strlen(s), t, pos);
}

static void
test_parse_valid(void **state)
{
	/* Python: datetime.fromisoformat(s).timestamp() */
	static const struct {
		const char *s;
		slo_ns want;
	} cases[] = {
		{ "1970-01-01T00:00:00Z", 0 },
		{ "2026-11-26T08:09:45Z", 1795680585 * S },
		{ "2026-11-26t08:09:45z", 1795680585 * S },
		{ "2026-11-26 08:09:45Z", 1795680585 * S },
		{ "2026-11-26T09:09:45+01:00", 1795680585 * S },
		{ "2026-11-26T03:39:45-04:30", 1795680585 * S },
		{ "2026-11-26T08:09:45-00:00", 1795680585 * S },
		{ "2026-11-26T08:09:45.1Z", 1795680585 * S + 100000000 },
		{ "2026-11-26T08:09:45.123Z", 1795680585 * S + 123000000 },
		{ "2026-11-26T08:09:45.000123Z", 1795680585 * S + 123000 },
		{ "2026-11-26T08:09:45.123456789Z", 1795680585 * S + 123456789 },
		{ "2026-11-26T08:09:45.000000001Z", 1795680585 * S + 1 },
		{ "2024-02-29T12:00:00Z", 1709208000 * S },     /* leap year */
		{ "2000-02-29T00:00:00Z", 951782400 * S },      /* 400-year rule */
		{ "2026-03-29T03:00:00+02:00", 1774746000 * S },
		{ "1969-07-20T20:17:40Z", -14182940 * S },
		{ "1969-12-31T23:59:59.999999999Z", -1 },
		{ "1678-01-01T00:00:00Z", -9214560000 * S },
		{ "1678-01-01T23:59:00+23:59", -9214560000 * S },
		{ "2261-12-31T23:59:59Z", 9214646399 * S },
		/* the instant, not the year written, must be in 1678..2261 UTC:
		 * an offset may bring a 1677 or 2262 date in */
		{ "1677-12-31T23:00:00-01:00", -9214560000 * S },
		{ "2262-01-01T00:59:59.999999999+01:00", 9214646399 * S + 999999999 },
	};
	slo_ns t;
	size_t pos;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(parse(cases[i].s, &t, &pos), SLO_OK);
		if (t != cases[i].want)
			fail_msg("%s: got %lld want %lld", cases[i].s,
			    (long long)t, (long long)cases[i].want);
	}
}

static void
test_parse_invalid(void **state)
{
	static const struct {
		const char *s;
		slo_status st;
		size_t pos;
	} cases[] = {
		{ "", SLO_ESYNTAX, 0 },
		{ "2026", SLO_ESYNTAX, 4 },
		{ "2026-02-30T00:00:00Z", SLO_ERANGE, 8 },   /* no Feb 30 */
		{ "2023-02-29T00:00:00Z", SLO_ERANGE, 8 },   /* not leap */
		{ "1900-02-29T00:00:00Z", SLO_ERANGE, 8 },   /* century */
		{ "2026-04-31T00:00:00Z", SLO_ERANGE, 8 },
		{ "2026-01-00T00:00:00Z", SLO_ERANGE, 8 },
		{ "2026-13-01T00:00:00Z", SLO_ERANGE, 5 },
		{ "2026-00-01T00:00:00Z", SLO_ERANGE, 5 },
		{ "2026-01-01T24:00:00Z", SLO_ERANGE, 11 },
		{ "2026-01-01T24:00:01Z", SLO_ERANGE, 11 },
		{ "2026-01-01T23:60:00Z", SLO_ERANGE, 14 },
		{ "2026-12-31T23:59:60Z", SLO_ERANGE, 17 },  /* leap second */
		{ "2026-01-01T00:00:00+24:00", SLO_ERANGE, 20 },
		{ "2026-01-01T00:00:00+01:60", SLO_ERANGE, 23 },
		{ "2026-01-01T00:00:00Zx", SLO_ESYNTAX, 20 }, /* trailing */
		{ "2026-01-01T00:00:00Z ", SLO_ESYNTAX, 20 },
		{ "2026-01-01T00:00:00", SLO_ESYNTAX, 19 },   /* no zone */
		{ "2026-01-01T00:00:00+0100", SLO_ESYNTAX, 22 },
		{ "2026-01-01T00:00:00+01", SLO_ESYNTAX, 22 },
		{ "2026-01-01T00:00:00.Z", SLO_ESYNTAX, 20 },
		{ "2026-01-01T00:00:00.1234567891Z", SLO_ESYNTAX, 29 },
		{ "2026-01-01X00:00:00Z", SLO_ESYNTAX, 10 },
		{ "2026-1-01T00:00:00Z", SLO_ESYNTAX, 6 },
		{ "+2026-01-01T00:00:00Z", SLO_ESYNTAX, 0 },
		{ "2026-01-01T0:00:00Z", SLO_ESYNTAX, 12 },
		{ "1677-12-31T23:59:59Z", SLO_ERANGE, 0 },
		{ "1678-01-01T00:00:00+00:01", SLO_ERANGE, 0 }, /* 1677 in UTC */
		{ "2261-12-31T23:59:59-00:01", SLO_ERANGE, 0 }, /* 2262 in UTC */
		{ "2262-01-01T00:00:00Z", SLO_ERANGE, 0 },
		{ "9999-12-31T23:59:59Z", SLO_ERANGE, 0 },
		{ "0000-01-01T00:00:00Z", SLO_ERANGE, 0 },
	};
	slo_ns t;
	size_t pos;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		slo_status st = parse(cases[i].s, &t, &pos);
		if (st != cases[i].st || pos != cases[i].pos)
			fail_msg("'%s': got status %d pos %zu, want %d pos %zu",
			    cases[i].s, st, pos, cases[i].st, cases[i].pos);
	}
}

/* Every proper prefix of a valid time is an error, never a read past n. */
static void
test_parse_prefixes(void **state)
{
	const char *full = "2026-11-26T08:09:45.123456789+05:30";
	slo_ns t;
	size_t pos;

	(void)state;
	for (size_t n = 0; n < strlen(full); n++) {
		char tmp[64];
		memcpy(tmp, full, n);
		memset(tmp + n, '9', sizeof tmp - n); /* junk past the end */
		assert_int_not_equal(slo_time_parse(tmp, n, &t, &pos), SLO_OK);
		assert_true(pos <= n);
	}
	assert_int_equal(slo_time_parse(full, strlen(full), &t, NULL), SLO_OK);
	/* NULL errpos is allowed */
	assert_int_equal(slo_time_parse("x", 1, &t, NULL), SLO_ESYNTAX);
}

static void
test_from_epoch(void **state)
{
	static const struct {
		double sec;
		slo_ns want;
	} cases[] = {
		{ 0.0, 0 },
		{ 1795680585.0, 1795680585 * S },
		/* the decimal the writer meant, not the binary neighbour */
		{ 1795680585.123456, 1795680585 * S + 123456000 },
		{ 1795680585.123, 1795680585 * S + 123000000 },
		{ 1795680585.5, 1795680585 * S + 500000000 },
		{ 1795680585.000001, 1795680585 * S + 1000 },
		{ 0.1, 100000000 },
		{ 0.000000001, 1 },
		{ 1.5e-10, 0 },          /* below a ns: rounds to nearest */
		{ 6e-10, 1 },
		{ -1.5, -1500000000 },
		{ -0.001, -1000000 },
		{ -14182940.25, -14182940 * S - 250000000 },
		{ 9214646399.0, 9214646399 * S },
	};
	slo_ns t;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(slo_time_from_epoch(cases[i].sec, &t), SLO_OK);
		if (t != cases[i].want)
			fail_msg("%.17g: got %lld want %lld", cases[i].sec,
			    (long long)t, (long long)cases[i].want);
	}
	assert_int_equal(slo_time_from_epoch(NAN, &t), SLO_EINVAL);
	assert_int_equal(slo_time_from_epoch(INFINITY, &t), SLO_EINVAL);
	assert_int_equal(slo_time_from_epoch(-INFINITY, &t), SLO_EINVAL);
	assert_int_equal(slo_time_from_epoch(1e10, &t), SLO_ERANGE);
	assert_int_equal(slo_time_from_epoch(-1e10, &t), SLO_ERANGE);
	assert_int_equal(slo_time_from_epoch(1e300, &t), SLO_ERANGE);
}

static void
test_format(void **state)
{
	/* The extremes: Python, datetime(1970,1,1) + timedelta(us=±2**63//1000) */
	static const struct {
		slo_ns t;
		const char *want;
	} cases[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ 1795680585 * S, "2026-11-26T08:09:45Z" },
		{ 1795680585 * S + 100000000, "2026-11-26T08:09:45.100Z" },
		{ 1795680585 * S + 123000000, "2026-11-26T08:09:45.123Z" },
		{ 1795680585 * S + 123400000, "2026-11-26T08:09:45.123400Z" },
		{ 1795680585 * S + 1000, "2026-11-26T08:09:45.000001Z" },
		{ 1795680585 * S + 1, "2026-11-26T08:09:45.000000001Z" },
		{ 1795680585 * S + 123456789, "2026-11-26T08:09:45.123456789Z" },
		{ -1, "1969-12-31T23:59:59.999999999Z" },
		{ -S, "1969-12-31T23:59:59Z" },
		{ -14182940 * S, "1969-07-20T20:17:40Z" },
		{ 951782400 * S, "2000-02-29T00:00:00Z" },
		{ INT64_MAX, "2262-04-11T23:47:16.854775807Z" },
		{ INT64_MIN, "1677-09-21T00:12:43.145224192Z" },
	};
	char buf[SLO_TIME_BUFSZ];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = slo_time_format(cases[i].t, buf);
		assert_string_equal(buf, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
	}
}

/* format then parse gives back the instant, over a spread of values. */
static void
test_roundtrip(void **state)
{
	uint64_t x = 88172645463325252ULL;
	char buf[SLO_TIME_BUFSZ];
	slo_ns t, back;

	(void)state;
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17; /* xorshift64 */
		t = (slo_ns)(x % (9214646399ULL + 9214560000ULL + 1)) - 9214560000LL;
		t = t * S + (slo_ns)(x >> 40) % S;
		switch (i % 4) { /* exercise all fraction widths */
		case 0: t -= t % S; break;
		case 1: t -= t % SLO_NS_PER_MS; break;
		case 2: t -= t % SLO_NS_PER_US; break;
		}
		size_t n = slo_time_format(t, buf);
		assert_int_equal(slo_time_parse(buf, n, &back, NULL), SLO_OK);
		if (back != t)
			fail_msg("%lld -> %s -> %lld", (long long)t, buf,
			    (long long)back);
	}
}

static void
test_duration_parse(void **state)
{
	static const struct {
		const char *s;
		slo_ns want;
	} ok[] = {
		{ "0s", 0 },
		{ "1ns", 1 },
		{ "250ms", 250 * SLO_NS_PER_MS },
		{ "5m", 5 * SLO_NS_PER_MIN },
		{ "1h30m", 90 * SLO_NS_PER_MIN },
		{ "28d", 28 * SLO_NS_PER_DAY },
		{ "1w", 7 * SLO_NS_PER_DAY },
		{ "2w3d", 17 * SLO_NS_PER_DAY },
		{ "0.123s", 123 * SLO_NS_PER_MS },
		{ "1.5h", 90 * SLO_NS_PER_MIN },
		{ "0.5w", 84 * SLO_NS_PER_HOUR },
		{ "1.000000001s", S + 1 },
		{ "1.5us", 1500 },
		{ "1h1m1s1ms1us1ns", SLO_NS_PER_HOUR + SLO_NS_PER_MIN + S +
		    SLO_NS_PER_MS + SLO_NS_PER_US + 1 },
		{ "90s", 90 * S },
		{ "1m500ms", SLO_NS_PER_MIN + 500 * SLO_NS_PER_MS },
		{ "9223372036854775807ns", INT64_MAX },
		{ "15250w", 15250 * 7 * SLO_NS_PER_DAY },
	};
	static const struct {
		const char *s;
		slo_status st;
		size_t pos;
	} bad[] = {
		{ "", SLO_ESYNTAX, 0 },
		{ "5", SLO_ESYNTAX, 1 },         /* bare number */
		{ "0", SLO_ESYNTAX, 1 },
		{ "-5m", SLO_ESYNTAX, 0 },       /* negative */
		{ "+5m", SLO_ESYNTAX, 0 },
		{ "5x", SLO_ESYNTAX, 1 },        /* unknown unit */
		{ "5M", SLO_ESYNTAX, 1 },
		{ "5 m", SLO_ESYNTAX, 1 },
		{ "m", SLO_ESYNTAX, 0 },
		{ "1h30", SLO_ESYNTAX, 4 },
		{ "30m1h", SLO_ESYNTAX, 4 },     /* order */
		{ "5m5m", SLO_ESYNTAX, 3 },      /* repeat */
		{ "1.s", SLO_ESYNTAX, 2 },
		{ ".5s", SLO_ESYNTAX, 0 },
		{ "1.2.3s", SLO_ESYNTAX, 3 },
		{ "0.1234567891s", SLO_ESYNTAX, 11 }, /* > 9 digits */
		{ "0.5ns", SLO_ERANGE, 0 },      /* not a whole ns */
		{ "9223372036854775808ns", SLO_ERANGE, 0 },
		{ "15251w", SLO_ERANGE, 0 },
		{ "15250w1w", SLO_ESYNTAX, 7 },
		{ "15250w6d", SLO_ERANGE, 6 },   /* sum overflows */
		{ "99999999999999999999999s", SLO_ERANGE, 0 },
		{ "5ms ", SLO_ESYNTAX, 3 },
	};
	slo_ns d;
	size_t pos;

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		if (slo_duration_parse(ok[i].s, strlen(ok[i].s), &d, &pos) != SLO_OK)
			fail_msg("'%s' rejected at %zu", ok[i].s, pos);
		if (d != ok[i].want)
			fail_msg("'%s': got %lld want %lld", ok[i].s,
			    (long long)d, (long long)ok[i].want);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		slo_status st;
		pos = (size_t)-1;
		st = slo_duration_parse(bad[i].s, strlen(bad[i].s), &d, &pos);
		if (st != bad[i].st || pos != bad[i].pos)
			fail_msg("'%s': got %d at %zu, want %d at %zu", bad[i].s,
			    st, pos, bad[i].st, bad[i].pos);
	}
}

static void
test_duration_format(void **state)
{
	static const struct {
		slo_ns d;
		const char *want;
	} cases[] = {
		{ 0, "0s" },
		{ 1, "1ns" },
		{ 90 * SLO_NS_PER_MIN, "1h30m" },
		{ 28 * SLO_NS_PER_DAY, "28d" },
		{ 7 * SLO_NS_PER_DAY, "7d" },
		{ 1500 * SLO_NS_PER_MS, "1s500ms" },
		{ 250 * SLO_NS_PER_MS, "250ms" },
		{ SLO_NS_PER_DAY + 1, "1d1ns" },
		{ -5 * SLO_NS_PER_MIN, "-5m" },
		/* 2**63-1 ns = 106751d 23h 47m 16s 854ms 775us 807ns (Python
		 * divmod chain) */
		{ INT64_MAX, "106751d23h47m16s854ms775us807ns" },
		{ INT64_MIN, "-106751d23h47m16s854ms775us808ns" },
	};
	char buf[SLO_DURATION_BUFSZ];
	slo_ns back;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = slo_duration_format(cases[i].d, buf);
		assert_string_equal(buf, cases[i].want);
		assert_int_equal(n, strlen(buf));
		if (cases[i].d >= 0) {
			assert_int_equal(slo_duration_parse(buf, n, &back, NULL),
			    SLO_OK);
			assert_true(back == cases[i].d);
		}
	}
}

static void
test_civil(void **state)
{
	/* Python: date(y, m, d).toordinal() - date(1970, 1, 1).toordinal() */
	static const struct {
		int64_t y;
		unsigned m, d;
		int64_t days;
	} cases[] = {
		{ 1970, 1, 1, 0 },
		{ 2000, 3, 1, 11017 },
		{ 1600, 1, 1, -135140 },
		{ 2026, 11, 26, 20783 },
		{ 1677, 9, 21, -106752 },
		{ 2262, 4, 11, 106751 },
		{ 1, 1, 1, -719162 },
	};
	int64_t y;
	unsigned m, d;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(slo_days_from_civil(cases[i].y, cases[i].m,
		    cases[i].d), cases[i].days);
		slo_civil_from_days(cases[i].days, &y, &m, &d);
		assert_int_equal(y, cases[i].y);
		assert_int_equal(m, cases[i].m);
		assert_int_equal(d, cases[i].d);
	}
	/* every day over 1600..2400 goes there and back */
	for (int64_t z = -135140; z < 157000; z++) {
		slo_civil_from_days(z, &y, &m, &d);
		assert_int_equal(slo_days_from_civil(y, m, d), z);
	}
}

static void
test_floor(void **state)
{
	(void)state;
	assert_int_equal(slo_time_floor(0, 10), 0);
	assert_int_equal(slo_time_floor(9, 10), 0);
	assert_int_equal(slo_time_floor(10, 10), 10);
	assert_int_equal(slo_time_floor(-1, 10), -10);
	assert_int_equal(slo_time_floor(-10, 10), -10);
	assert_int_equal(slo_time_floor(-11, 10), -20);
	assert_true(slo_time_floor(1795680585 * S + 7, SLO_NS_PER_MIN) ==
	    1795680540 * S);
	assert_true(slo_time_floor(INT64_MAX, 1) == INT64_MAX);
	/* no overflow below the range: clamps */
	assert_true(slo_time_floor(INT64_MIN + 1, S) == INT64_MIN);
	assert_true(slo_time_floor(INT64_MIN, 1) == INT64_MIN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_prefixes),
		cmocka_unit_test(test_from_epoch),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_duration_parse),
		cmocka_unit_test(test_duration_format),
		cmocka_unit_test(test_civil),
		cmocka_unit_test(test_floor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
