/*
 * test_fast_paths.c — the shortcuts on slo-ingest's hot path against a
 * second method over many generated inputs and over their edge cases:
 *   slo_time_format()'s per-thread date cache against the C library's
 *     gmtime_r() (an independent civil-date conversion);
 *   slo_time_parse()'s fixed-layout UTC reader against its general path,
 *     reached by the same text with a lower-case 'z' or "+00:00", which the
 *     fast path leaves to it;
 *   slo_utf8_valid()'s 32-byte steps and overlapping last word against a
 *     decoder written here from RFC 3629 (decode, then check the value);
 *   slo_event_encode()'s in-place writes when the buffer must grow at any
 *     byte of the event;
 *   slo_buf_json_str()'s whole-string copy against its escaping path.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "slo.h"
#include "slo_math.h"
#include "slo_event.h"

#define S SLO_NS_PER_SEC
#define DAY (86400 * S)

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

/* xorshift64*: reproducible inputs, no libc rand(). */
static uint64_t
next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

/* ---- slo_time_format(): the date cache ---------------------------------- */

/*
 * The second method: the date and time of day from gmtime_r(), the
 * fraction by the documented rule (slo_math.h: 3, 6 or 9 digits, the
 * fewest that are exact; none for a whole second).
 */
static void
reference_format(slo_ns t, char *buf, size_t size)
{
	int64_t secs = t / S, frac = t % S;
	time_t tt;
	struct tm tm;
	int k;

	if (frac < 0) {
		secs--;
		frac += S;
	}
	tt = (time_t)secs;
	assert_non_null(gmtime_r(&tt, &tm));
	k = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	if (frac % 1000000 == 0 && frac != 0)
		k += snprintf(buf + k, size - (size_t)k, ".%03d",
		    (int)(frac / 1000000));
	else if (frac % 1000 == 0 && frac != 0)
		k += snprintf(buf + k, size - (size_t)k, ".%06d",
		    (int)(frac / 1000));
	else if (frac != 0)
		k += snprintf(buf + k, size - (size_t)k, ".%09d", (int)frac);
	snprintf(buf + k, size - (size_t)k, "Z");
}

static void
format_is(slo_ns t)
{
	char got[SLO_TIME_BUFSZ], want[64];
	size_t n = slo_time_format(t, got);

	reference_format(t, want, sizeof want);
	if (strcmp(got, want) != 0 || n != strlen(want))
		fail_msg("t=%lld: got %s, want %s", (long long)t, got, want);
}

/* Walks t0 .. t0 + span in steps of about step (varied, fractions too). */
static void
walk(slo_ns t0, slo_ns span, slo_ns step)
{
	slo_ns t = t0, end = t0 + span, inc;

	for (;;) {
		format_is(t);
		inc = step / 2 + (slo_ns)(next() % (uint64_t)step);
		if (end - t <= inc) /* no overflow near INT64_MAX */
			break;
		t += inc;
	}
}

static void
format_cache_matches_gmtime(void **state)
{
	static const slo_ns edges[] = {
		0, -1, 1, -S, S - 1, -DAY, -DAY - 1, DAY - 1, DAY,
		INT64_MIN, INT64_MAX, INT64_MIN + 1, INT64_MAX - 1,
		/* 2024-02-29T00:00:00Z (python3: calendar.timegm((2024,2,29,
		 * 0,0,0)) = 1709164800) and the nanoseconds around it */
		1709164800 * S - 1, 1709164800 * S, 1709164800 * S + 1,
		1709164800 * S + DAY - 1, 1709164800 * S + DAY,
		/* 2000-02-29 (951782400) and 2100-02-28 (4107456000) */
		951782400 * S, 951782400 * S + DAY, 4107456000 * S + DAY - 1,
		4107456000 * S + DAY,
		/* 1969-12-31T23:59:59.999Z and .999999Z: negative epoch */
		-1000000, -1000, -999999999,
	};

	(void)state;
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		format_is(edges[i]);
	/* the same edges again, each after a far day, then twice: the
	 * cache misses, then hits */
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		format_is(edges[(i + 7) % (sizeof edges / sizeof edges[0])]);
		format_is(edges[i]);
		format_is(edges[i]);
	}
	/* day, month and year changes: New Year 2023/24 through the leap
	 * day, Feb 2100 (no leap day), Feb 2000 (one), the epoch, the ends
	 * of the range; steps of about 40 minutes with fractions */
	walk(1703980800 * S, 70 * DAY, 2400 * S + 1000000);
	walk(4107456000 * S - 3 * DAY, 6 * DAY, 3000 * S + 7);
	walk(951782400 * S - 3 * DAY, 6 * DAY, 3000 * S + 1000);
	walk(-3 * DAY, 6 * DAY, 1700 * S + 123456789);
	walk(INT64_MIN, 3 * DAY, 2000 * S);
	walk(INT64_MAX - 3 * DAY, 3 * DAY - 1, 2000 * S);
	/* backwards across midnight, one second at a time */
	for (slo_ns t = 1709164800 * S + 5 * S; t > 1709164800 * S - 5 * S;
	    t -= S)
		format_is(t);
	/* anywhere in the range: a new day nearly every time */
	for (int i = 0; i < 200000; i++) {
		slo_ns t = (slo_ns)next();
		format_is(t);
		format_is(t + (slo_ns)(next() % (uint64_t)DAY) - DAY / 2);
	}
}

/* Each thread has its own cache: two threads on different days at once. */
static void *
format_days(void *arg)
{
	slo_ns base = *(const slo_ns *)arg;
	char got[SLO_TIME_BUFSZ], want[64];

	for (int i = 0; i < 20000; i++) {
		slo_ns t = base + (i % 3) * DAY + i;
		slo_time_format(t, got);
		reference_format(t, want, sizeof want);
		if (strcmp(got, want) != 0)
			return (void *)1;
	}
	return NULL;
}

static void
format_cache_per_thread(void **state)
{
	slo_ns a = 1709164800 * S, b = -400 * DAY;
	pthread_t ta, tb;
	void *ra, *rb;

	(void)state;
	assert_int_equal(pthread_create(&ta, NULL, format_days, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, format_days, &b), 0);
	assert_int_equal(pthread_join(ta, &ra), 0);
	assert_int_equal(pthread_join(tb, &rb), 0);
	assert_null(ra);
	assert_null(rb);
}

/* ---- slo_time_parse(): the fixed UTC layout ----------------------------- */

/*
 * s (ending in 'Z') read by the fast path, and by the general path as
 * "...z" and as "...+00:00": the same status, error position and value.
 */
static void
parse_agrees(const char *s)
{
	char low[64], off[64];
	size_t n = strlen(s), p1 = 99, p2 = 99, p3 = 99;
	slo_ns t1 = 1, t2 = 2, t3 = 3;
	slo_status s1, s2, s3;

	assert_true(n > 0 && n < 50 && s[n - 1] == 'Z');
	memcpy(low, s, n + 1);
	low[n - 1] = 'z';
	memcpy(off, s, n - 1);
	memcpy(off + n - 1, "+00:00", 7);
	s1 = slo_time_parse(s, n, &t1, &p1);
	s2 = slo_time_parse(low, n, &t2, &p2);
	s3 = slo_time_parse(off, n + 5, &t3, &p3);
	if (s1 != s2 || s1 != s3)
		fail_msg("%s: status %d, general path %d and %d", s, s1, s2, s3);
	if (s1 != SLO_OK && (p1 != p2 || p1 != p3))
		fail_msg("%s: error at %zu, general path at %zu and %zu", s,
		    p1, p2, p3);
	if (s1 == SLO_OK && (t1 != t2 || t1 != t3))
		fail_msg("%s: %lld, general path %lld and %lld", s,
		    (long long)t1, (long long)t2, (long long)t3);
}

static void
parse_fast_matches_general(void **state)
{
	static const char *const edges[] = {
		"2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z",
		"2000-02-29T12:00:00Z", "2100-02-29T12:00:00Z",
		"2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
		"2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z",
		"2026-04-31T00:00:00Z", "2026-04-30T23:59:59Z",
		"2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z",
		"2026-01-01T23:59:60Z", "1677-12-31T23:59:59Z",
		"1678-01-01T00:00:00Z", "2261-12-31T23:59:59.999999999Z",
		"2262-01-01T00:00:00Z", "2262-04-11T23:47:16Z",
		"1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00.1Z",
		"2026-11-26T08:00:00.Z", "2026-11-26T08:00:00.1234567890Z",
		"2026-11-26T08:00:00.12a4Z", "2026-11-26T08:00:00,5Z",
		"2026-1a-26T08:00:00Z", "2026-11-26X08:00:00Z",
		"2026-11-26T08-00:00Z", "202a-11-26T08:00:00Z",
		"2026-11-26T08:00:0Z", "2026-11-26T08:00:000Z",
		"2026-11-26T08:00:00.000000000Z", "0000-01-01T00:00:00Z",
		"9999-12-31T23:59:59Z", "Z",
	};
	char buf[64];
	slo_ns t;
	size_t pos;

	(void)state;
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		parse_agrees(edges[i]);
	/* known answers (python3: calendar.timegm((2024,2,29,0,0,0)) =
	 * 1709164800; time.c: 1678-01-01 = -9214560000) */
	assert_int_equal(slo_time_parse("2024-02-29T00:00:00Z", 20, &t, &pos),
	    SLO_OK);
	assert_int_equal(t, 1709164800 * S);
	assert_int_equal(slo_time_parse("1678-01-01T00:00:00Z", 20, &t, &pos),
	    SLO_OK);
	assert_int_equal(t, -9214560000LL * S);
	assert_int_equal(slo_time_parse("1969-12-31T23:59:59.999999999Z", 30,
	    &t, &pos), SLO_OK);
	assert_int_equal(t, -1);
	/* every instant in range slo_time_format() writes reads back, the
	 * fraction cut to 1..9 digits agrees with the general path */
	for (int i = 0; i < 100000; i++) {
		/* the range slo_time_parse() reads, 1678..2261 (time.c) */
		slo_ns u = next() % 2 ?
		    (slo_ns)(next() % (9214646400ULL * (uint64_t)S - S)) :
		    -(slo_ns)(next() % (9214560000ULL * (uint64_t)S));
		size_t n = slo_time_format(u, buf);

		assert_int_equal(slo_time_parse(buf, n, &t, &pos), SLO_OK);
		assert_int_equal(t, u);
		parse_agrees(buf);
		n = slo_time_format(u - u % S + (slo_ns)(next() % 1000000000),
		    buf);
		if (n > 21) {
			size_t keep = 21 + next() % (n - 21);
			buf[keep - 1] = 'Z';
			buf[keep] = '\0';
		}
		parse_agrees(buf);
	}
}

/*
 * The caches of the last second formatted and parsed: instants of one
 * second with every kind of fraction, seconds that change within a day
 * and across days, back and forth; each text then changed at one byte of
 * its "YYYY-MM-DDTHH:MM:SS", to a digit or not, right after the original
 * was read: the cache must not answer for it.
 */
static void
second_caches(void **state)
{
	static const slo_ns fracs[] = { 0, 1, 999999999, 1000000, 1000,
	    500000000, 123456789, 120000, 7 };
	static const slo_ns bases[] = { 1709164800 * S - S, 1709164800 * S,
	    1709164800 * S + S, 1709164800 * S + 60 * S, 1709164800 * S + DAY,
	    1709164800 * S, -S, 0, -DAY };
	char buf[SLO_TIME_BUFSZ], mut[SLO_TIME_BUFSZ];
	slo_ns t;
	size_t pos;

	(void)state;
	for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++)
		for (size_t f = 0; f < sizeof fracs / sizeof fracs[0]; f++) {
			slo_ns u = bases[b] + fracs[f];
			size_t n;

			format_is(u);
			n = slo_time_format(u, buf);
			assert_int_equal(slo_time_parse(buf, n, &t, &pos),
			    SLO_OK);
			assert_int_equal(t, u);
			for (size_t k = 0; k < 19; k++) {
				memcpy(mut, buf, n + 1);
				mut[k] = (char)(k % 3 == 0 ? 'x' :
				    '0' + (mut[k] - '0' + 1 + f) % 10);
				assert_int_equal(slo_time_parse(buf, n, &t,
				    &pos), SLO_OK);
				parse_agrees(mut);
			}
		}
}

/* ---- slo_utf8_valid(): the word steps ----------------------------------- */

/*
 * The second method, from RFC 3629 section 3: decode each sequence by its
 * lead byte's length, then reject overlongs by the value's least length,
 * surrogates and values past U+10FFFF.  Returns 1, or 0 with *bad at the
 * lead byte of the first bad sequence.
 */
static int
reference_utf8(const unsigned char *s, size_t n, size_t *bad)
{
	static const uint32_t least[5] = { 0, 0, 0x80, 0x800, 0x10000 };

	for (size_t i = 0; i < n;) {
		unsigned c = s[i], len;
		uint32_t v;

		if (c < 0x80) {
			i++;
			continue;
		}
		len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 :
		    (c & 0xF8) == 0xF0 ? 4 : 0;
		if (len == 0 || n - i < len)
			goto fail;
		v = c & (0xFF >> (len + 1));
		for (unsigned k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto fail;
			v = v << 6 | (s[i + k] & 0x3F);
		}
		if (v < least[len] || (v >= 0xD800 && v <= 0xDFFF) ||
		    v > 0x10FFFF)
			goto fail;
		i += len;
		continue;
fail:
		*bad = i;
		return 0;
	}
	return 1;
}

static void
utf8_agrees(const unsigned char *s, size_t n)
{
	size_t b1 = 777, b2 = 888;
	int v1 = slo_utf8_valid((const char *)s, n, &b1);
	int v2 = reference_utf8(s, n, &b2);

	if (v1 != v2 || (!v1 && b1 != b2))
		fail_msg("length %zu: valid %d at %zu, reference %d at %zu", n,
		    v1, b1, v2, b2);
}

static void
utf8_steps_match_rfc3629(void **state)
{
	static const char *const seqs[] = {
		"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xff",
		"\xc0\xaf", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\x80", "\xf4\x8f\xbf\xbf", "\xe0\x9f\xbf", "\xc2",
	};
	unsigned char s[160];

	(void)state;
	/* one sequence at every place of ASCII lines of every length to 140:
	 * in a 64-byte block (SSE2), a 32-byte block, an 8-byte word, the
	 * last word, the tail */
	for (size_t n = 0; n <= 140; n++)
		for (size_t q = 0; q < sizeof seqs / sizeof seqs[0]; q++) {
			size_t k = strlen(seqs[q]);
			for (size_t at = 0; at + k <= n; at++) {
				memset(s, 'a', n);
				memcpy(s + at, seqs[q], k);
				utf8_agrees(s, n);
			}
			memset(s, 'a', n);
			utf8_agrees(s, n);
		}
	/* random bytes, mostly ASCII */
	for (int i = 0; i < 200000; i++) {
		size_t n = next() % 100;
		for (size_t j = 0; j < n; j++) {
			uint64_t r = next();
			s[j] = (unsigned char)(r % 40 == 0 ? (r >> 8) | 0x80 :
			    (r >> 8) % 128);
		}
		utf8_agrees(s, n);
	}
}

/* ---- slo_event_encode() and slo_buf_json_str(): in-place writes --------- */

/*
 * The event of test_event.c's test_encode_struct, with a route to escape,
 * encoded after every prefix length from 0 to 700 bytes: the buffer's
 * capacity (256, 512, 1024) then runs out at every byte of the event, so
 * each piece's room check grows it somewhere.  The event must come out
 * the same, after the same prefix, as in a fresh buffer; and the fresh
 * encoding is the one written here by hand.
 */
static void
encode_grows_anywhere(void **state)
{
	slo_kv labels[] = { { "tenant", "ac\"me" }, { "k\n", "v" } };
	const char *want = "{\"kind\":\"request\","
	    "\"ts\":\"2026-11-26T08:09:45.000000001Z\","
	    "\"service\":\"checkout\",\"route\":\"/r\\\"\\u0001x\","
	    "\"status\":503,\"latency_ms\":250.75,\"ok\":false,\"labels\":"
	    "{\"tenant\":\"ac\\\"me\",\"k\\n\":\"v\"}}\n";
	slo_event ev;
	slo_buf b = { 0 };

	(void)state;
	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_REQUEST;
	ev.has = SLO_HAS_TS | SLO_HAS_LATENCY | SLO_HAS_OK | SLO_HAS_STATUS;
	/* 1795680585 = 2026-11-26T08:09:45Z (test_event.c) */
	ev.ts = 1795680585 * S + 1;
	ev.latency_ms = 250.75;
	ev.status = 503;
	ev.service = "checkout";
	ev.route = "/r\"\001x";
	ev.labels = labels;
	ev.nlabels = 2;
	for (size_t pre = 0; pre <= 700; pre++) {
		slo_buf_release(&b);
		for (size_t i = 0; i < pre; i++)
			assert_int_equal(slo_buf_putc(&b, 'x'), SLO_OK);
		assert_int_equal(slo_event_encode(&ev, NULL, &b), SLO_OK);
		assert_int_equal(b.len, pre + strlen(want));
		if (strcmp(b.data + pre, want) != 0)
			fail_msg("after %zu bytes:\n  %s\nwant\n  %s", pre,
			    b.data + pre, want);
		assert_int_equal(b.data[b.len], '\0');
	}
	slo_buf_release(&b);
}

/*
 * A string with nothing to escape is copied whole; one with something is
 * escaped run by run.  The first as the second plus a byte to escape, that
 * byte's escape then cut off: the same text either way.
 */
static void
json_str_copy_matches_escaping(void **state)
{
	char s[80];
	slo_buf a = { 0 }, b = { 0 };

	(void)state;
	for (int i = 0; i < 20000; i++) {
		size_t n = next() % 70;
		for (size_t j = 0; j < n; j++)
			s[j] = (char)(0x20 + next() % 95);
		for (size_t j = 0; j < n; j++)
			if (s[j] == '"' || s[j] == '\\')
				s[j] = '_';
		s[n] = '\n';
		slo_buf_reset(&a);
		slo_buf_reset(&b);
		assert_int_equal(slo_buf_json_str(&a, s, n), SLO_OK);
		assert_int_equal(slo_buf_json_str(&b, s, n + 1), SLO_OK);
		/* b is a's text, less its closing quote, then \n" */
		assert_int_equal(b.len, a.len + 2);
		assert_memory_equal(a.data, b.data, a.len - 1);
		assert_memory_equal(b.data + a.len - 1, "\\n\"", 4);
		assert_int_equal(a.data[0], '"');
		assert_int_equal(a.data[a.len - 1], '"');
		assert_memory_equal(a.data + 1, s, n);
	}
	slo_buf_release(&a);
	slo_buf_release(&b);
}

/* The event's fixed form with this status and whole latency, by printf. */
static void
integers_are(slo_event *ev, slo_buf *b, long long v)
{
	char want[128];

	ev->status = (int)(v % 1000000);
	ev->latency_ms = (double)v;
	slo_buf_reset(b);
	assert_int_equal(slo_event_encode(ev, NULL, b), SLO_OK);
	snprintf(want, sizeof want, "{\"kind\":\"request\",\"status\":%d,"
	    "\"latency_ms\":%lld}\n", ev->status, v);
	if (strcmp(b->data, want) != 0)
		fail_msg("got %s want %s", b->data, want);
}

/*
 * Integers in an event (status; latency_ms when whole and below 1e15,
 * larger ones being slo_buf_json_num()'s %.15g) against the C library's
 * %lld: every value from -3 to 100000, 10^k - 1, 10^k and 10^k + 1 to
 * 10^15 - 1, random ones below 1e15 and their negatives.
 */
static void
encode_integers_match_printf(void **state)
{
	slo_event ev;
	slo_buf b = { 0 };
	long long p = 1;

	(void)state;
	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_REQUEST;
	ev.has = SLO_HAS_STATUS | SLO_HAS_LATENCY;
	for (long long v = -3; v <= 100000; v++)
		integers_are(&ev, &b, v);
	for (int k = 1; k <= 15; k++) {
		p *= 10;
		integers_are(&ev, &b, p - 1);
		if (k < 15) {
			integers_are(&ev, &b, p);
			integers_are(&ev, &b, p + 1);
			integers_are(&ev, &b, -p);
		}
	}
	for (int i = 0; i < 100000; i++) {
		long long v = (long long)(next() % 1000000000000000ULL);
		integers_are(&ev, &b, v);
		integers_are(&ev, &b, -v);
	}
	slo_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_cache_matches_gmtime),
		cmocka_unit_test(format_cache_per_thread),
		cmocka_unit_test(parse_fast_matches_general),
		cmocka_unit_test(second_caches),
		cmocka_unit_test(utf8_steps_match_rfc3629),
		cmocka_unit_test(encode_grows_anywhere),
		cmocka_unit_test(encode_integers_match_printf),
		cmocka_unit_test(json_str_copy_matches_escaping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
