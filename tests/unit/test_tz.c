/*
 * test_tz.c — TZif reading, POSIX TZ footers, offsets, local midnights.
 *
 * Sources of the expected values: Python 3.11 zoneinfo over this machine's
 * /usr/share/zoneinfo (fixtures/tz_cases.txt, made by fixtures/gen_tz.py),
 * spot-checked with GNU date, e.g. `TZ=Europe/Paris date -d @4118083200 +%z`
 * gives +0200 and `TZ=America/Santiago date -d @1788667200 +%z` -0300.
 * Synthetic TZif files built below have hand-computed answers.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "slo_math.h"

#define S SLO_NS_PER_SEC

static int
have_zone(const char *name)
{
	char path[512];

	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
	return access(path, R_OK) == 0;
}

static slo_tz *
zone(const char *name)
{
	slo_error err;
	slo_tz *tz = slo_tz_new(name, &err);

	if (tz == NULL)
		fail_msg("%s: %s", name, err.msg);
	return tz;
}

static void
test_paris_2026(void **state)
{
	slo_tz *tz;

	(void)state;
	if (!have_zone("Europe/Paris"))
		skip();
	tz = zone("Europe/Paris");
	assert_string_equal(slo_tz_name(tz), "Europe/Paris");
	/* zoneinfo: CET until 2026-03-29T01:00Z, then CEST until
	 * 2026-10-25T01:00Z */
	assert_int_equal(slo_tz_offset(tz, 1774745999 * S), 3600);
	assert_int_equal(slo_tz_offset(tz, 1774745999 * S + 999999999), 3600);
	assert_int_equal(slo_tz_offset(tz, 1774746000 * S), 7200);
	assert_int_equal(slo_tz_offset(tz, 1792889999 * S), 7200);
	assert_int_equal(slo_tz_offset(tz, 1792890000 * S), 3600);
	/* past the table's end (2037): the footer CET-1CEST,M3.5.0,M10.5.0/3;
	 * date: TZ=Europe/Paris date -d @4118083200 +%z -> +0200 */
	assert_int_equal(slo_tz_offset(tz, 4118083200 * S), 7200);
	assert_int_equal(slo_tz_offset(tz, 4131302400 * S), 3600);
	/* before the first transition: local mean time, +0:09:21 */
	assert_int_equal(slo_tz_offset(tz, -2208988800LL * S), 561);
	/* midnights: 2026-03-29 00:00+01:00, 2026-10-25 00:00+02:00 */
	assert_true(slo_tz_local_midnight(tz, 2026, 3, 29) == 1774738800 * S);
	assert_true(slo_tz_local_midnight(tz, 2026, 10, 25) == 1792879200 * S);
	assert_true(slo_tz_local_midnight(tz, 2026, 11, 26) == 1795647600 * S);
	slo_tz_free(tz);
}

static void
test_new_york_2026(void **state)
{
	slo_tz *tz;

	(void)state;
	if (!have_zone("America/New_York"))
		skip();
	tz = zone("America/New_York");
	/* zoneinfo: EDT from 2026-03-08T07:00Z to 2026-11-01T06:00Z */
	assert_int_equal(slo_tz_offset(tz, 1772953199 * S), -18000);
	assert_int_equal(slo_tz_offset(tz, 1772953200 * S), -14400);
	assert_int_equal(slo_tz_offset(tz, 1793512799 * S), -14400);
	assert_int_equal(slo_tz_offset(tz, 1793512800 * S), -18000);
	/* the change is at 02:00, midnight is plain: 2026-03-08T05:00Z */
	assert_true(slo_tz_local_midnight(tz, 2026, 3, 8) == 1772946000 * S);
	slo_tz_free(tz);
}

static void
test_lord_howe(void **state)
{
	slo_tz *tz;

	(void)state;
	if (!have_zone("Australia/Lord_Howe"))
		skip();
	tz = zone("Australia/Lord_Howe");
	/* zoneinfo: +10:30 standard, +11 daylight; a 30-minute shift */
	assert_int_equal(slo_tz_offset(tz, 1775314799 * S), 39600);
	assert_int_equal(slo_tz_offset(tz, 1775314800 * S), 37800);
	assert_int_equal(slo_tz_offset(tz, 1791041399 * S), 37800);
	assert_int_equal(slo_tz_offset(tz, 1791041400 * S), 39600);
	assert_true(slo_tz_local_midnight(tz, 2026, 10, 4) == 1791034200 * S);
	slo_tz_free(tz);
}

/* Santiago springs forward at 24:00 on a Saturday: Sunday has no midnight. */
static void
test_skipped_midnight(void **state)
{
	slo_tz *tz;
	int64_t y;
	unsigned m, d, wd;

	(void)state;
	if (!have_zone("America/Santiago"))
		skip();
	tz = zone("America/Santiago");
	/* zoneinfo: 2026-09-06 starts at 01:00-03:00 = 04:00Z; so did
	 * 2019-09-08 (1567915200, from the transition table) */
	assert_true(slo_tz_local_midnight(tz, 2026, 9, 6) == 1788667200 * S);
	assert_true(slo_tz_local_midnight(tz, 2019, 9, 8) == 1567915200 * S);
	/* the fall back at 24:00 leaves Sunday's midnight single */
	assert_true(slo_tz_local_midnight(tz, 2026, 4, 5) == 1775361600 * S);
	slo_tz_civil(tz, 1788667200 * S, &y, &m, &d, &wd);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 9);
	assert_int_equal(d, 6);
	assert_int_equal(wd, 6); /* Sunday */
	slo_tz_civil(tz, 1788667199 * S, &y, &m, &d, &wd);
	assert_int_equal(d, 5);
	assert_int_equal(wd, 5); /* Saturday */
	slo_tz_free(tz);
}

/* Havana falls back from 01:00 to 00:00: midnight happens twice. */
static void
test_repeated_midnight(void **state)
{
	slo_tz *tz;

	(void)state;
	if (!have_zone("America/Havana"))
		skip();
	tz = zone("America/Havana");
	/* zoneinfo: the day starts at the first 00:00, -04:00 = 04:00Z */
	assert_true(slo_tz_local_midnight(tz, 2026, 11, 1) == 1793505600 * S);
	/* and it springs forward at 00:00 on 2026-03-08: 01:00-04 = 05:00Z */
	assert_true(slo_tz_local_midnight(tz, 2026, 3, 8) == 1772946000 * S);
	slo_tz_free(tz);
}

static void
test_utc(void **state)
{
	slo_tz *tz;
	int64_t y;
	unsigned m, d, wd;
	const char *old = getenv("SLO_ZONEINFO");
	char *saved = old ? strdup(old) : NULL;

	(void)state;
	/* no file needed */
	setenv("SLO_ZONEINFO", "/nonexistent-zoneinfo", 1);
	tz = zone("UTC");
	assert_int_equal(slo_tz_offset(tz, 1795680585 * S), 0);
	assert_true(slo_tz_local_midnight(tz, 2026, 11, 26) == 1795651200 * S);
	slo_tz_civil(tz, 1795680585 * S, &y, &m, &d, &wd);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 11);
	assert_int_equal(d, 26);
	assert_int_equal(wd, 3); /* Python: date(2026,11,26).weekday() == 3 */
	slo_tz_civil(tz, -1, &y, &m, &d, &wd);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	assert_int_equal(wd, 2); /* a Wednesday */
	slo_tz_free(tz);
	tz = zone("Etc/UTC");
	assert_int_equal(slo_tz_offset(tz, 0), 0);
	slo_tz_free(tz);
	if (saved) {
		setenv("SLO_ZONEINFO", saved, 1);
		free(saved);
	} else
		unsetenv("SLO_ZONEINFO");
}

static void
test_errors(void **state)
{
	static const struct {
		const char *name;
		slo_status st;
	} cases[] = {
		{ "Mars/Olympus_Mons", SLO_ENOTFOUND },
		{ "Europe/Pariss", SLO_ENOTFOUND },
		{ "", SLO_EINVAL },
		{ "../../etc/passwd", SLO_EINVAL },
		{ "Europe/../../../etc/passwd", SLO_EINVAL },
		{ "/etc/localtime", SLO_EINVAL },
		{ "Europe/Paris\n", SLO_EINVAL },
		{ "Europe Paris", SLO_EINVAL },
	};
	slo_error err;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		slo_error_clear(&err);
		assert_null(slo_tz_new(cases[i].name, &err));
		assert_int_equal(err.status, cases[i].st);
		assert_non_null(strstr(err.msg, "time zone '"));
	}
	assert_null(slo_tz_new("Mars/Olympus_Mons", NULL)); /* err may be NULL */
	{
		slo_tz *utc = zone("UTC");
		assert_true(slo_tz_local_midnight(utc, 1677, 12, 31) == SLO_NS_NONE);
		assert_true(slo_tz_local_midnight(utc, 2262, 1, 1) == SLO_NS_NONE);
		assert_true(slo_tz_local_midnight(utc, 2026, 13, 1) == SLO_NS_NONE);
		assert_true(slo_tz_local_midnight(utc, 2026, 1, 0) == SLO_NS_NONE);
		/* Python: date(2026, 3, 3) is day 20515 */
		assert_true(slo_tz_local_midnight(utc, 2026, 2, 31) ==
		    20515 * 86400 * S);
		slo_tz_free(utc);
	}
	if (have_zone("Europe")) { /* a directory */
		assert_null(slo_tz_new("Europe", &err));
		assert_int_equal(err.status, SLO_ENOTFOUND);
	}
	slo_tz_free(NULL);
}

/* Every line of fixtures/tz_cases.txt, from Python's zoneinfo. */
static void
test_zoneinfo_sweep(void **state)
{
	char path[1024], line[256], cur[64] = "", zname[64];
	const char *src = __FILE__, *slash = strrchr(src, '/');
	slo_tz *tz = NULL;
	FILE *f;
	long n = 0, skipped = 0;

	(void)state;
	snprintf(path, sizeof path, "%.*sfixtures/tz_cases.txt",
	    slash ? (int)(slash - src + 1) : 0, src);
	if ((f = fopen(path, "r")) == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof line, f) != NULL) {
		long long t, want;
		long y;
		unsigned m, d;

		if (line[0] == '#')
			continue;
		if (sscanf(line, "%*s %63s", zname) != 1)
			fail_msg("bad fixture line %s", line);
		if (strcmp(zname, cur) != 0) {
			slo_tz_free(tz);
			snprintf(cur, sizeof cur, "%s", zname);
			tz = have_zone(zname) ? zone(zname) : NULL;
		}
		if (tz == NULL) {
			skipped++;
			continue;
		}
		if (sscanf(line, "off %*s %lld %lld", &t, &want) == 2) {
			int32_t got = slo_tz_offset(tz, (slo_ns)t * S);
			if (got != want)
				fail_msg("%s at %lld: offset %d, want %lld",
				    zname, t, got, want);
		} else if (sscanf(line, "mid %*s %ld %u %u %lld", &y, &m, &d,
		    &want) == 4) {
			slo_ns got = slo_tz_local_midnight(tz, y, m, d);
			if (got != (slo_ns)want * S)
				fail_msg("%s %ld-%u-%u: midnight %lld, want %lld",
				    zname, y, m, d, (long long)(got / S), want);
		} else
			fail_msg("bad fixture line %s", line);
		n++;
	}
	fclose(f);
	slo_tz_free(tz);
	assert_true(n > 5000 || skipped > 0);
}

/* Synthetic TZif files, written into a scratch SLO_ZONEINFO directory. */

static char scratch[] = "/tmp/slo-tz-XXXXXX";

static void
put32(unsigned char **p, int64_t v)
{
	uint32_t u = (uint32_t)v;
	(*p)[0] = (unsigned char)(u >> 24);
	(*p)[1] = (unsigned char)(u >> 16);
	(*p)[2] = (unsigned char)(u >> 8);
	(*p)[3] = (unsigned char)u;
	*p += 4;
}

static void
put64(unsigned char **p, int64_t v)
{
	put32(p, (int64_t)((uint64_t)v >> 32));
	put32(p, (int64_t)(uint32_t)v);
}

/*
 * A TZif file of the given version: types (offsets; isdst = offset !=
 * first), transitions (time, type).  The v1 block carries the same data
 * with 32-bit times unless v1_empty.  footer NULL: none written.
 */
static void
write_tzif(const char *name, char version, const int32_t *types, int ntypes,
    const int64_t *tt, const unsigned char *ti, int ntrans,
    const char *footer)
{
	unsigned char buf[4096], *p = buf;
	char path[512];
	FILE *f;

	for (int pass = 0; pass < (version >= '2' ? 2 : 1); pass++) {
		memcpy(p, "TZif", 4);
		p[4] = (unsigned char)version;
		memset(p + 5, 0, 15);
		p += 20;
		put32(&p, 0);          /* isutcnt */
		put32(&p, 0);          /* isstdcnt */
		put32(&p, 0);          /* leapcnt */
		put32(&p, ntrans);     /* timecnt */
		put32(&p, ntypes);     /* typecnt */
		put32(&p, 4);          /* charcnt: "ABC\0" */
		for (int i = 0; i < ntrans; i++) {
			if (pass == 0 && version < '2')
				put32(&p, tt[i]);
			else if (pass == 0)
				put32(&p, tt[i]);
			else
				put64(&p, tt[i]);
		}
		for (int i = 0; i < ntrans; i++)
			*p++ = ti[i];
		for (int i = 0; i < ntypes; i++) {
			put32(&p, types[i]);
			*p++ = types[i] != types[0];
			*p++ = 0;
		}
		memcpy(p, "ABC", 4);
		p += 4;
	}
	if (footer != NULL) {
		*p++ = '\n';
		memcpy(p, footer, strlen(footer));
		p += strlen(footer);
		*p++ = '\n';
	}
	snprintf(path, sizeof path, "%s/%s", scratch, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, (size_t)(p - buf), f), (size_t)(p - buf));
	fclose(f);
}

static void
write_raw(const char *name, const void *data, size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", scratch, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
}

static int
setup_scratch(void **state)
{
	(void)state;
	if (mkdtemp(scratch) == NULL)
		return -1;
	return 0;
}

static int
teardown_scratch(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
	return system(cmd) == 0 ? 0 : -1;
}

/* Per test: zones come from the scratch directory. */
static int
use_scratch(void **state)
{
	(void)state;
	return setenv("SLO_ZONEINFO", scratch, 1);
}

static int
use_system(void **state)
{
	(void)state;
	return unsetenv("SLO_ZONEINFO");
}

static void
test_synthetic_v1(void **state)
{
	/* +1h until 2000-01-01T00:00Z (946684800), then +2h; no footer */
	const int32_t types[] = { 3600, 7200 };
	const int64_t tt[] = { 946684800 };
	const unsigned char ti[] = { 1 };
	slo_tz *tz;

	(void)state;
	write_tzif("V1", '\0', types, 2, tt, ti, 1, NULL);
	tz = zone("V1");
	assert_int_equal(slo_tz_offset(tz, 946684799 * S), 3600);
	assert_int_equal(slo_tz_offset(tz, 946684800 * S), 7200);
	assert_int_equal(slo_tz_offset(tz, 4118083200 * S), 7200);
	assert_int_equal(slo_tz_offset(tz, -1), 3600);
	slo_tz_free(tz);
}

static void
test_synthetic_footer(void **state)
{
	/* A slim v2 file: one transition in 1990, the rest from the footer. */
	const int32_t types[] = { 3600, 7200 };
	const int64_t tt[] = { 631152000 }; /* 1990-01-01T00:00Z */
	const unsigned char ti[] = { 0 };
	slo_tz *tz;

	(void)state;
	write_tzif("Slim", '2', types, 2, tt, ti, 1,
	    "CET-1CEST,M3.5.0,M10.5.0/3");
	tz = zone("Slim");
	/* hand-computed: 2026-03-29 is the last Sunday of March; 02:00 CET
	 * = 01:00Z = 1774746000 (Python datetime agrees) */
	assert_int_equal(slo_tz_offset(tz, 1774745999 * S), 3600);
	assert_int_equal(slo_tz_offset(tz, 1774746000 * S), 7200);
	assert_int_equal(slo_tz_offset(tz, 1792889999 * S), 7200);
	assert_int_equal(slo_tz_offset(tz, 1792890000 * S), 3600);
	/* 2024 is a leap year: Sunday 2024-03-31, 01:00Z = 1711846800 */
	assert_int_equal(slo_tz_offset(tz, 1711846799 * S), 3600);
	assert_int_equal(slo_tz_offset(tz, 1711846800 * S), 7200);
	slo_tz_free(tz);

	/* No transitions at all: the footer rules every instant. */
	write_tzif("OnlyFooter", '3', types, 1, NULL, NULL, 0,
	    "CET-1CEST,M3.5.0,M10.5.0/3");
	tz = zone("OnlyFooter");
	assert_int_equal(slo_tz_offset(tz, 1774746000 * S), 7200);
	assert_int_equal(slo_tz_offset(tz, 0), 3600);
	slo_tz_free(tz);

	/* Southern rule, Jn and zero-based n days, <> names, minutes.
	 * "<+1030>-10:30<+11>-11,J278/2,95/2": DST from day-of-year 278
	 * (Oct 5 in any year: Jn skips Feb 29) at 02:00 +10:30 to zero-based
	 * day 95 (Apr 6 in 2026, Apr 5 in 2024) at 02:00 +11.
	 * 2026-10-05T02:00+10:30 = 2026-10-04T15:30Z = 1791127800
	 * 2026-04-06T02:00+11:00 = 2026-04-05T15:00Z = 1775401200 */
	write_tzif("South", '2', types, 1, NULL, NULL, 0,
	    "<+1030>-10:30<+11>-11,J278/2,95/2");
	tz = zone("South");
	assert_int_equal(slo_tz_offset(tz, 1791127799 * S), 37800);
	assert_int_equal(slo_tz_offset(tz, 1791127800 * S), 39600);
	assert_int_equal(slo_tz_offset(tz, 1775401199 * S), 39600);
	assert_int_equal(slo_tz_offset(tz, 1775401200 * S), 37800);
	assert_int_equal(slo_tz_offset(tz, 1767225600 * S), 39600); /* Jan 1 */
	slo_tz_free(tz);

	/* RFC 8536 3.3.1 extensions: negative hours and hours past 24.
	 * "<-02>2<-01>,M3.5.0/-1,M10.5.0/25": DST from Saturday 2026-03-28
	 * 23:00 -02 (= 03-29T01:00Z, 1774746000) to Monday 2026-10-26
	 * 01:00 -01 (= 02:00Z, 1792980000) */
	write_tzif("Ext", '3', types, 1, NULL, NULL, 0,
	    "<-02>2<-01>,M3.5.0/-1,M10.5.0/25");
	tz = zone("Ext");
	assert_int_equal(slo_tz_offset(tz, 1774745999 * S), -7200);
	assert_int_equal(slo_tz_offset(tz, 1774746000 * S), -3600);
	assert_int_equal(slo_tz_offset(tz, 1792979999 * S), -3600);
	assert_int_equal(slo_tz_offset(tz, 1792980000 * S), -7200);
	slo_tz_free(tz);

	/* Fixed offset footer, no DST */
	write_tzif("Fixed", '2', types, 1, NULL, NULL, 0, "<+0530>-5:30");
	tz = zone("Fixed");
	assert_int_equal(slo_tz_offset(tz, 1774746000 * S), 19800);
	assert_true(slo_tz_local_midnight(tz, 2026, 11, 26) ==
	    1795651200 * S - 19800 * S);
	slo_tz_free(tz);
}

/* A gap that swallows midnight without starting at it: 23:30 -> 00:30. */
static void
test_gap_not_at_midnight(void **state)
{
	/* +0 until 2026-03-01T23:30Z (1772407800), then +1h */
	const int32_t types[] = { 0, 3600 };
	const int64_t tt[] = { 1772407800 };
	const unsigned char ti[] = { 1 };
	slo_tz *tz;

	(void)state;
	write_tzif("Gap", '2', types, 2, tt, ti, 1, "");
	tz = zone("Gap");
	/* local 2026-03-02 begins at the jump, 00:30 local */
	assert_true(slo_tz_local_midnight(tz, 2026, 3, 2) == 1772407800 * S);
	assert_true(slo_tz_local_midnight(tz, 2026, 3, 1) == 1772323200 * S);
	assert_true(slo_tz_local_midnight(tz, 2026, 3, 3) ==
	    (1772496000 - 3600) * S);
	slo_tz_free(tz);
}

static void
test_corrupt(void **state)
{
	static const unsigned char junk[] = "TZif2 this is not a zone";
	const int32_t types[] = { 3600 };
	slo_error err;

	(void)state;
	write_raw("Empty", "", 0);
	write_raw("Junk", junk, sizeof junk);
	write_raw("Text", "Europe/Paris\n", 13);
	assert_null(slo_tz_new("Empty", &err));
	assert_int_equal(err.status, SLO_ESYNTAX);
	assert_null(slo_tz_new("Junk", &err));
	assert_int_equal(err.status, SLO_ESYNTAX);
	assert_null(slo_tz_new("Text", &err));
	assert_int_equal(err.status, SLO_ESYNTAX);
	/* a bad footer rule is an error, not a silent fixed offset */
	write_tzif("BadFoot", '2', types, 1, NULL, NULL, 0, "CET-1CEST,M13.5.0");
	assert_null(slo_tz_new("BadFoot", &err));
	assert_int_equal(err.status, SLO_ESYNTAX);
	write_tzif("BadFoot2", '2', types, 1, NULL, NULL, 0, "CET-1CEST");
	assert_null(slo_tz_new("BadFoot2", &err));
	/* a truncated real file */
	if (have_zone("Europe/Paris")) {
		unsigned char buf[8192];
		FILE *f = fopen("/usr/share/zoneinfo/Europe/Paris", "rb");
		size_t n;
		assert_non_null(f);
		n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		for (size_t cut = 0; cut < n - 1; cut += 7) {
			slo_tz *tz;
			write_raw("Cut", buf, cut);
			tz = slo_tz_new("Cut", &err);
			/* either rejected or, cut inside the footer's last
			 * bytes, a valid zone: never a crash */
			slo_tz_free(tz);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paris_2026),
		cmocka_unit_test(test_new_york_2026),
		cmocka_unit_test(test_lord_howe),
		cmocka_unit_test(test_skipped_midnight),
		cmocka_unit_test(test_repeated_midnight),
		cmocka_unit_test(test_utc),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_zoneinfo_sweep),
		cmocka_unit_test_setup_teardown(test_synthetic_v1, use_scratch,
		    use_system),
		cmocka_unit_test_setup_teardown(test_synthetic_footer,
		    use_scratch, use_system),
		cmocka_unit_test_setup_teardown(test_gap_not_at_midnight,
		    use_scratch, use_system),
		cmocka_unit_test_setup_teardown(test_corrupt, use_scratch,
		    use_system),
	};

	unsetenv("SLO_ZONEINFO");
	return cmocka_run_group_tests(tests, setup_scratch, teardown_scratch);
}
