/*
 * test_presetfast.c — the edges of the presets' cheaper paths (issue 20.3):
 *
 *  - slo_jrec_scan() looks a member's key up once among its node's cuts
 *    (the distinct leading runs of whole segments of the wanted paths'
 *    rests, hashed by length and end bytes): keys that are prefixes of
 *    one another, keys in the same hash bucket, repeated keys, escaped
 *    keys, empty segments, dotted and nested spellings.  The second
 *    method is jansson: slo_jrec_load() on json_loads()'s object walks
 *    each path by slo_jpath.h's rule (longest key first, the last of a
 *    repeated key), and both must agree (slo_jrec_equal()); the values
 *    that matter are also asserted by hand.
 *  - slo_duration_parse()'s seconds-alone path ("0.034547789s", a
 *    google.protobuf.Duration in JSON) against hand-computed values, and
 *    the texts it must leave to the general parse.
 *  - slo_ingest_line()'s copy of a line for the scanner, which finds
 *    bytes above 0x7f 64 and 16 at a time: a byte that is not UTF-8 or an
 *    'é' (C3 A9, RFC 3629) at places inside and after those blocks; the
 *    first refused with its column, the second written as it is.
 *  - ing_url_path() in one pass: known answers by RFC 3986's split
 *    (scheme "://" authority, then the path up to '?' or '#'), and the
 *    same as ing_url_path_n(), the other reader of that rule.
 *  - slo_time_parse()'s Z form, which caches the day: lines across a
 *    midnight, and a bad time of day on a cached day.  Epoch seconds from
 *    Python's calendar.timegm() (the second method).
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

#include "ingest_int.h"
#include "jscan_int.h"
#include "slo_jpath.h"
#include "slo_math.h"
#include "slo.h"

/* Paths whose keys run into one another; "aXb" and "aYb" share a hash
 * bucket (same length, same first and last byte), as do "q1z", "q2z". */
static const char *const paths[] = {
	"a", "a.b", "ab", "a.bc", "a.b.c", "x.y", "aXb", "aYb", "e..f",
	"q1z.v", "q2z.v", "status", NULL
};
enum { P_A, P_AB_NESTED, P_AB, P_ABC, P_ABC3, P_XY, P_AXB, P_AYB, P_EF,
    P_Q1, P_Q2, P_STATUS };

/* Set while a test's lines may be handed over to jansson, which takes
 * them: nested deeper than the scanner goes. */
static int may_hand_over;

/*
 * line through slo_jrec_scan() into *scan (its padded copy kept alive in
 * *buf for the values) and through jansson into *load; returns whether
 * the scanner took it, and asserts that jansson took it exactly then
 * (unless may_hand_over) and that both found the same values.
 */
static int
both(const char *line, slo_jrec **scan, slo_jrec **load, char **buf)
{
	static const slo_jslots spec = { paths, NULL, NULL };
	size_t n = strlen(line);
	json_error_t e;
	json_t *obj;
	int took;

	*scan = slo_jrec_new(&spec);
	*load = slo_jrec_new(&spec);
	assert_non_null(*scan);
	assert_non_null(*load);
	*buf = malloc(n + 1 + JSCAN_PAD);
	assert_non_null(*buf);
	memcpy(*buf, line, n);
	memset(*buf + n, 0, 1 + JSCAN_PAD);
	took = slo_jrec_scan(*scan, *buf, n);
	obj = json_loadb(line, n, 0, &e);
	/* refused by both, or (deeper than the scanner goes) handed over */
	if (took || !may_hand_over)
		assert_int_equal(took, obj != NULL);
	if (took && obj != NULL) {
		assert_int_equal(slo_jrec_load(*load, obj), 1);
		assert_true(slo_jrec_equal(*scan, *load));
	}
	/* *load's values point into obj: not read after this */
	json_decref(obj);
	return took;
}

static void
done(slo_jrec *scan, slo_jrec *load, char *buf)
{
	slo_jrec_free(scan);
	slo_jrec_free(load);
	free(buf);
}

/* The integer at path p, which must be there. */
static long long
int_at(const slo_jrec *r, int p)
{
	const slo_jval *v = slo_jrec_val(r, p);

	assert_true(v->present);
	assert_int_equal(v->type, JSON_INTEGER);
	return (long long)v->i;
}

/* Keys that are prefixes of one another, nested and flat. */
static void
test_prefix_keys(void **state)
{
	slo_jrec *s, *l;
	char *buf;

	(void)state;
	assert_int_equal(both("{\"a\":{\"b\":1,\"bc\":2,\"b.c\":8},\"ab\":3}",
	    &s, &l, &buf), 1);
	assert_int_equal(slo_jrec_val(s, P_A)->type, JSON_OBJECT);
	assert_int_equal(int_at(s, P_AB_NESTED), 1);
	assert_int_equal(int_at(s, P_ABC), 2);
	assert_int_equal(int_at(s, P_AB), 3);
	/* "b.c" inside "a" is the whole rest of "a.b.c" */
	assert_int_equal(int_at(s, P_ABC3), 8);
	done(s, l, buf);
	/* the longest key wins: "a.b" over "a" then "b", in either order */
	assert_int_equal(both("{\"a\":{\"b\":1},\"a.b\":5}", &s, &l, &buf), 1);
	assert_int_equal(int_at(s, P_AB_NESTED), 5);
	done(s, l, buf);
	assert_int_equal(both("{\"a.b\":5,\"a\":{\"b\":1}}", &s, &l, &buf), 1);
	assert_int_equal(int_at(s, P_AB_NESTED), 5);
	done(s, l, buf);
	/* a key one byte longer or shorter than a wanted one is not it */
	assert_int_equal(both("{\"abc\":1,\"a.\":{\"b\":2},\"x\":{\"yy\":3}}",
	    &s, &l, &buf), 1);
	assert_false(slo_jrec_val(s, P_AB)->present);
	assert_false(slo_jrec_val(s, P_XY)->present);
	done(s, l, buf);
}

/* Keys of one hash bucket are told apart by their bytes. */
static void
test_same_bucket(void **state)
{
	slo_jrec *s, *l;
	char *buf;

	(void)state;
	assert_int_equal(both("{\"aYb\":2,\"aZb\":9,\"aXb\":1,\"q2z\":{\"v\":4},"
	    "\"q1z\":{\"v\":3},\"q3z\":{\"v\":5}}", &s, &l, &buf), 1);
	assert_int_equal(int_at(s, P_AXB), 1);
	assert_int_equal(int_at(s, P_AYB), 2);
	assert_int_equal(int_at(s, P_Q1), 3);
	assert_int_equal(int_at(s, P_Q2), 4);
	done(s, l, buf);
}

/* A repeated key: its last value, and what an earlier one led to gone. */
static void
test_repeated_keys(void **state)
{
	slo_jrec *s, *l;
	char *buf;

	(void)state;
	assert_int_equal(both("{\"ab\":1,\"ab\":2}", &s, &l, &buf), 1);
	assert_int_equal(int_at(s, P_AB), 2);
	done(s, l, buf);
	/* the second "a" replaces the first: a.b.c is gone, a.b is 1 */
	assert_int_equal(both("{\"a\":{\"b\":{\"c\":9}},\"a\":{\"b\":1}}", &s, &l,
	    &buf), 1);
	assert_false(slo_jrec_val(s, P_ABC3)->present);
	assert_int_equal(int_at(s, P_AB_NESTED), 1);
	done(s, l, buf);
	/* ... but "a.b" flat is another member, not replaced by "a" */
	assert_int_equal(both("{\"a.b\":{\"c\":7},\"a\":{\"b\":1},\"a\":{}}", &s,
	    &l, &buf), 1);
	assert_int_equal(int_at(s, P_ABC3), 7);
	assert_int_equal(slo_jrec_val(s, P_AB_NESTED)->type, JSON_OBJECT);
	done(s, l, buf);
}

/* Escaped keys are compared unescaped; empty segments are keys too. */
static void
test_escaped_and_empty(void **state)
{
	slo_jrec *s, *l;
	char *buf;

	(void)state;
	assert_int_equal(both("{\"\\u0073tatus\":503,\"a\\u002eb\":4}", &s, &l,
	    &buf), 1);
	assert_int_equal(int_at(s, P_STATUS), 503);
	assert_int_equal(int_at(s, P_AB_NESTED), 4);
	done(s, l, buf);
	assert_int_equal(both("{\"e\":{\"\":{\"f\":1}}}", &s, &l, &buf), 1);
	assert_int_equal(int_at(s, P_EF), 1);
	done(s, l, buf);
	assert_int_equal(both("{\"e.\":{\"f\":2}}", &s, &l, &buf), 1);
	assert_int_equal(int_at(s, P_EF), 2);
	done(s, l, buf);
	assert_int_equal(both("{\"e..f\":3,\"\":1}", &s, &l, &buf), 1);
	assert_int_equal(int_at(s, P_EF), 3);
	done(s, l, buf);
}

/*
 * Every wanted path found, then a bad member: the line is still refused
 * (the rest of the line is read as JSON, not left unread), and a bad
 * value in a member nobody wants as well.
 */
static void
test_bad_after_found(void **state)
{
	static const char *const bad[] = {
		"{\"a\":{\"b\":{\"c\":1},\"bc\":2},\"ab\":3,\"x\":{\"y\":4},"
		"\"aXb\":5,\"aYb\":6,\"e..f\":7,\"q1z.v\":8,\"q2z.v\":9,"
		"\"status\":200,\"z\":tru}",
		"{\"status\":200,\"z\":[1,2}",
		"{\"status\":200,\"z\":\"\\x\"}",
		"{\"status\":200,\"z\":01}",
		"{\"status\":200}x",
		"{\"status\":200,}",
		"{\"status\":200,\"ab\":{\"k\":1,}}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		slo_jrec *s, *l;
		char *buf;

		assert_int_equal(both(bad[i], &s, &l, &buf), 0);
		done(s, l, buf);
	}
}

/* Whether jscan_skip() passes over line's first member (the way the
 * slots passed over a member before they read its value inline). */
static int
skip_takes(const char *line)
{
	size_t n = strlen(line), klen;
	char *buf = malloc(n + 1 + JSCAN_PAD), *key;
	jscan s;
	int took;

	assert_non_null(buf);
	memcpy(buf, line, n);
	memset(buf + n, 0, 1 + JSCAN_PAD);
	jscan_init(&s, buf, n);
	took = jscan_open(&s) == 1 && jscan_key(&s, &key, &klen) == 1 &&
	    jscan_skip(&s) == 1;
	free(buf);
	return took;
}

/*
 * A member nobody wants, nested d deep in arrays and objects, before the
 * wanted ones: passed over value by value (skip_rest()), the slots found
 * after it, where jscan_skip() would pass over it (at the scanner's
 * JSCAN_MAX_DEPTH too); deeper than the scanner goes, handed over.
 */
static void
test_deep_unwanted(void **state)
{
	static const int depth[] = { 1, 2, 30, JSCAN_MAX_DEPTH - 3,
	    JSCAN_MAX_DEPTH - 2, JSCAN_MAX_DEPTH - 1, JSCAN_MAX_DEPTH + 6 };

	(void)state;
	may_hand_over = 1;
	for (size_t i = 0; i < sizeof depth / sizeof depth[0]; i++) {
		char line[1024];
		size_t n = 0;
		slo_jrec *s, *l;
		char *buf;
		int took;

		n += (size_t)sprintf(line + n, "{\"z\":");
		for (int d = 0; d < depth[i]; d++)
			n += (size_t)sprintf(line + n, d % 2 ? "{\"k\":[1," :
			    "[\"s\",");
		n += (size_t)sprintf(line + n, "null");
		for (int d = depth[i] - 1; d >= 0; d--)
			n += (size_t)sprintf(line + n, d % 2 ? "]}" : "]");
		sprintf(line + n, ",\"status\":201}");
		took = both(line, &s, &l, &buf);
		/* the top object is one level: depth[i] more below it */
		assert_int_equal(took, skip_takes(line));
		if (depth[i] <= 30 || depth[i] > JSCAN_MAX_DEPTH)
			assert_int_equal(took, depth[i] <= 30);
		if (took)
			assert_int_equal(int_at(s, P_STATUS), 201);
		done(s, l, buf);
	}
	may_hand_over = 0;
}

/* s as a duration: its status, and its value when SLO_OK. */
static slo_status
duration(const char *s, slo_ns *ns)
{
	size_t errpos;

	*ns = -1;
	return slo_duration_parse(s, strlen(s), ns, &errpos);
}

static void
test_duration_seconds(void **state)
{
	/* I[.F]s: I * 10^9 + F scaled to nine places, by hand */
	static const struct {
		const char *text;
		slo_ns ns;
	} ok[] = {
		{ "0.034547789s", 34547789 },
		{ "1s", 1000000000 },
		{ "12.5s", 12500000000 },
		{ "0.000000001s", 1 },
		{ "007.10s", 7100000000 },
		{ "999999999.999999999s", 999999999999999999 },
		/* ten digits: the general parse's, the same value */
		{ "1000000000s", 1000000000000000000 },
		{ "9223372036s", 9223372036000000000 },
		/* other units: the general parse */
		{ "1.5ms", 1500000 },
		{ "5m", 300000000000 },
		{ "1m30s", 90000000000 },
		{ "2us", 2000 },
		{ "3ns", 3 },
	};
	/* and what neither takes */
	static const char *const bad[] = {
		"s", "1.s", ".5s", "1.0000000001s", "1.5", "-1s", "1 s", "1.5ss",
		"1e3s", "0x1s", "",
		/* more digits than an int64_t of nanoseconds holds */
		"9223372037s", "99999999999999999999.5s",
	};
	slo_ns ns;

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(duration(ok[i].text, &ns), SLO_OK);
		assert_int_equal(ns, ok[i].ns);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_not_equal(duration(bad[i], &ns), SLO_OK);
}

static slo_status
instant(const char *s, slo_ns *ns)
{
	size_t errpos;

	*ns = -1;
	return slo_time_parse(s, strlen(s), ns, &errpos);
}

static void
test_time_day_cache(void **state)
{
	/* epoch seconds by calendar.timegm(), then the fraction by hand */
	static const struct {
		const char *text;
		slo_ns ns;
	} ok[] = {
		{ "2026-11-26T08:00:02.144Z", 1795680002144000000 },
		{ "2026-11-26T23:59:59Z", 1795737599000000000 },
		{ "2026-11-27T00:00:00Z", 1795737600000000000 },
		{ "2026-11-26T08:00:02.144466471Z", 1795680002144466471 },
		{ "2024-02-29T12:00:00.5Z", 1709208000500000000 },
		{ "1999-12-31T23:59:59Z", 946684799000000000 },
	};
	/* bad times of day on a day just read, and a day that is not */
	static const char *const bad[] = {
		"1999-12-31T24:00:00Z", "1999-12-31T23:60:00Z",
		"1999-12-31T23:59:60Z", "1999-12-31T2x:00:00Z",
		"1999-12-32T00:00:00Z",
		"2026-02-29T00:00:00Z",
	};
	slo_ns ns;

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(instant(ok[i].text, &ns), SLO_OK);
		assert_int_equal(ns, ok[i].ns);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		/* the good day first, so that it is the one cached */
		assert_int_equal(instant("1999-12-31T23:59:59Z", &ns), SLO_OK);
		assert_int_not_equal(instant(bad[i], &ns), SLO_OK);
	}
	/* and the cached day still right after them */
	assert_int_equal(instant("1999-12-31T00:00:01Z", &ns), SLO_OK);
	assert_int_equal(ns, (946684799 - 86400 + 2) * (slo_ns)1000000000);
}

/*
 * A gcp LogEntry (examples/ingest/gcp.ndjson's first line, written from
 * https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry)
 * with "x" in its userAgent made bad UTF-8 or 'é' at byte `at`.
 */
static void
test_copy_high_bytes(void **state)
{
	static const char head[] = "{\"httpRequest\":{\"requestMethod\":"
	    "\"GET\",\"requestUrl\":\"https://checkout-xyz-ew.a.run.app/api/"
	    "cart\",\"status\":200,\"latency\":\"0.034547789s\","
	    "\"userAgent\":\"";
	static const char tail[] = "\"},\"timestamp\":"
	    "\"2026-11-26T08:00:02.144466471Z\"}";
	/* places before, in and after the 64- and 16-byte blocks */
	static const size_t pad[] = { 0, 1, 14, 15, 16, 40, 63, 64, 65, 200 };

	(void)state;
	for (size_t i = 0; i < sizeof pad / sizeof pad[0]; i++) {
		char line[512];
		size_t n = 0, at;
		slo_ingest *ing = slo_ingest_new(SLO_PRESET_GCP);
		slo_buf out = { 0 };
		slo_error err;

		assert_non_null(ing);
		memcpy(line, head, sizeof head - 1);
		n = sizeof head - 1;
		memset(line + n, 'x', pad[i] + 1);
		at = n + pad[i];
		n += pad[i] + 1;
		memcpy(line + n, tail, sizeof tail - 1);
		n += sizeof tail - 1;
		line[at] = (char)0xff;
		slo_error_clear(&err);
		assert_int_not_equal(slo_ingest_line(ing, line, n, &out, &err),
		    SLO_OK);
		assert_int_equal(err.col, (long)at + 1);
		/* the same place as 'é': two bytes, written as they are */
		memmove(line + at + 2, line + at + 1, n - at - 1);
		line[at] = (char)0xc3;
		line[at + 1] = (char)0xa9;
		n++;
		slo_buf_reset(&out);
		slo_error_clear(&err);
		assert_int_equal(slo_ingest_line(ing, line, n, &out, &err),
		    SLO_OK);
		slo_buf_release(&out);
		slo_ingest_free(ing);
	}
}

static void
test_url_path(void **state)
{
	static const struct {
		const char *url, *path;
	} cases[] = {
		{ "https://h/a/b?x", "/a/b" }, { "/a?b", "/a" },
		{ "http://host", "/" }, { "http://host?x", "/" },
		{ "a://b", "/" }, { "/x://y", "/x://y" }, { "?q", "/" },
		{ "", "/" }, { "abc", "abc" }, { "h:/x", "h:/x" },
		{ "#f", "/" }, { "http://h/p#f", "/p" }, { "h://", "/" },
		{ ":", ":" }, { "://", "/" }, { "x:/", "x:/" },
		{ "http://u@h:80/p/q/?a#b", "/p/q/" },
	};
	slo_ingest *ing = slo_ingest_new(SLO_PRESET_GCP);

	(void)state;
	assert_non_null(ing);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *u = cases[i].url;

		assert_string_equal(ing_url_path(ing, u), cases[i].path);
		assert_string_equal(ing_url_path_n(ing, u, strlen(u)),
		    cases[i].path);
	}
	assert_null(ing_url_path(ing, NULL));
	slo_ingest_free(ing);
}

/* slo_time_format()'s places, two a division: 3, 6 or 9 of them (the
 * fewest that hold the fraction), none for a whole second; by hand from
 * the instants of test_time_day_cache(). */
static void
test_time_format_places(void **state)
{
	static const struct {
		slo_ns t;
		const char *text;
	} cases[] = {
		{ 1795680002000000000, "2026-11-26T08:00:02Z" },
		{ 1795680002100000000, "2026-11-26T08:00:02.100Z" },
		{ 1795680002144000000, "2026-11-26T08:00:02.144Z" },
		{ 1795680002144466000, "2026-11-26T08:00:02.144466Z" },
		{ 1795680002000001000, "2026-11-26T08:00:02.000001Z" },
		{ 1795680002144466471, "2026-11-26T08:00:02.144466471Z" },
		{ 1795680002000000001, "2026-11-26T08:00:02.000000001Z" },
		{ 1795680002900000009, "2026-11-26T08:00:02.900000009Z" },
		{ -1, "1969-12-31T23:59:59.999999999Z" },
	};
	char buf[SLO_TIME_BUFSZ];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = slo_time_format(cases[i].t, buf);

		assert_string_equal(buf, cases[i].text);
		assert_int_equal(n, strlen(cases[i].text));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix_keys),
		cmocka_unit_test(test_same_bucket),
		cmocka_unit_test(test_repeated_keys),
		cmocka_unit_test(test_escaped_and_empty),
		cmocka_unit_test(test_bad_after_found),
		cmocka_unit_test(test_deep_unwanted),
		cmocka_unit_test(test_duration_seconds),
		cmocka_unit_test(test_time_day_cache),
		cmocka_unit_test(test_copy_high_bytes),
		cmocka_unit_test(test_url_path),
		cmocka_unit_test(test_time_format_places),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
