/*
 * test_jscan.c — the selective JSON scanner of lib/jscan.c: known answers
 * for strings, numbers and structure, and every value also checked against
 * jansson (json_loads of the same text), the scanner's reference.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jscan_int.h"

static char buf[4096];

/* text into the padded buffer the scanner needs */
static void
load(jscan *s, const char *text)
{
	size_t n = strlen(text);

	assert_true(n + 1 + JSCAN_PAD <= sizeof buf);
	memcpy(buf, text, n);
	memset(buf + n, 0, 1 + JSCAN_PAD);
	jscan_init(s, buf, n);
}

/*
 * {"k": VALUE} through the scanner: 1 with v filled, -1 when refused.
 * Also checks jansson agrees on acceptance and, when accepted, on the
 * value (type, number, string bytes).
 */
static int
scan_value(const char *value, jscan_val *v)
{
	char text[1024];
	json_t *j, *jv;
	jscan s;
	char *k;
	size_t klen;
	int ok;

	snprintf(text, sizeof text, "{\"k\": %s}", value);
	load(&s, text);
	ok = jscan_open(&s) == 1 && jscan_key(&s, &k, &klen) == 1 &&
	    jscan_value(&s, v) == 1 && v->type != JSCAN_OBJECT &&
	    v->type != JSCAN_ARRAY && jscan_key(&s, &k, &klen) == 0 &&
	    jscan_close(&s) == 1;
	j = json_loads(text, 0, NULL);
	if (!ok) {
		/* refusing is always safe; accepting what jansson refuses
		 * is not: that is checked the other way round */
		json_decref(j);
		return -1;
	}
	if (j == NULL)
		fail_msg("%s: scanned, but jansson refuses it", value);
	jv = json_object_get(j, "k");
	switch (v->type) {
	case JSCAN_STRING:
		assert_true(json_is_string(jv));
		assert_int_equal(v->len, json_string_length(jv));
		assert_memory_equal(v->str, json_string_value(jv), v->len);
		break;
	case JSCAN_INT:
		assert_true(json_is_integer(jv));
		assert_true(v->i == json_integer_value(jv));
		break;
	case JSCAN_REAL:
		assert_true(json_is_real(jv));
		if (memcmp(&v->num, &(double){ json_real_value(jv) },
		    sizeof v->num) != 0)
			fail_msg("%s: %.17g, jansson %.17g", value, v->num,
			    json_real_value(jv));
		break;
	case JSCAN_TRUE: assert_true(json_is_true(jv)); break;
	case JSCAN_FALSE: assert_true(json_is_false(jv)); break;
	case JSCAN_NULL: assert_true(json_is_null(jv)); break;
	default: fail();
	}
	json_decref(j);
	return 1;
}

/* Refused by both: the scanner must never accept what jansson refuses. */
static void
refused(const char *value)
{
	char text[1024];
	json_t *j;
	jscan_val v;

	snprintf(text, sizeof text, "{\"k\": %s}", value);
	j = json_loads(text, 0, NULL);
	if (j != NULL)
		fail_msg("%s: jansson accepts it", value);
	if (scan_value(value, &v) != -1)
		fail_msg("%s: the scanner accepts it", value);
}

static void
test_strings(void **state)
{
	jscan_val v;

	(void)state;
	assert_int_equal(scan_value("\"plain\"", &v), 1);
	assert_string_equal(v.str, "plain");
	/* long enough for the eight-byte search, then an escape */
	assert_int_equal(scan_value("\"0123456789abcdef0123\\n\"", &v), 1);
	assert_string_equal(v.str, "0123456789abcdef0123\n");
	assert_int_equal(scan_value("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", &v), 1);
	assert_string_equal(v.str, "\"\\/\b\f\n\r\t");
	/* U+00E9 is C3 A9 in UTF-8 (RFC 3629 table: 110xxxxx 10xxxxxx) */
	assert_int_equal(scan_value("\"caf\\u00e9\\u00E9\"", &v), 1);
	assert_string_equal(v.str, "caf\xc3\xa9\xc3\xa9");
	/* U+20AC: E2 82 AC; U+1F600 from the pair D83D DE00: F0 9F 98 80 */
	assert_int_equal(scan_value("\"\\u20ac\\ud83d\\ude00\"", &v), 1);
	assert_string_equal(v.str, "\xe2\x82\xac\xf0\x9f\x98\x80");
	assert_int_equal(v.len, 7);
	assert_int_equal(scan_value("\"\\u0001\\u001f\"", &v), 1);
	assert_int_equal(v.len, 2);
	assert_int_equal(scan_value("\"\"", &v), 1);
	assert_int_equal(v.len, 0);
	/* UTF-8 as is */
	assert_int_equal(scan_value("\"\xe2\x82\xac\"", &v), 1);
	refused("\"\\u0000\"");       /* jansson: needs JSON_ALLOW_NUL */
	refused("\"\\ud83d\"");       /* lone high surrogate */
	refused("\"\\ud83dx\"");
	refused("\"\\ud83d\\u0041\"");
	refused("\"\\ude00\"");       /* lone low surrogate */
	refused("\"\\x\"");
	refused("\"\\u12\"");
	refused("\"\\u12g4\"");
	refused("\"a\tb\"");          /* a raw control byte */
	refused("\"abc");
	refused("'abc'");
}

static void
test_numbers(void **state)
{
	jscan_val v;

	(void)state;
	assert_int_equal(scan_value("0", &v), 1);
	assert_int_equal(v.type, JSCAN_INT);
	assert_true(v.i == 0 && v.num == 0);
	assert_int_equal(scan_value("-0", &v), 1);
	assert_int_equal(v.type, JSCAN_INT);
	assert_true(v.neg && v.i == 0 && !signbit(v.num));
	assert_int_equal(scan_value("-0.0", &v), 1);
	assert_int_equal(v.type, JSCAN_REAL);
	assert_true(signbit(v.num));
	assert_int_equal(scan_value("200", &v), 1);
	assert_true(v.type == JSCAN_INT && v.i == 200);
	/* json_int_t's range, strtoll's */
	assert_int_equal(scan_value("9223372036854775807", &v), 1);
	assert_true(v.i == INT64_MAX);
	assert_int_equal(scan_value("-9223372036854775808", &v), 1);
	assert_true(v.i == INT64_MIN);
	refused("9223372036854775808");
	refused("-9223372036854775809");
	refused("123456789012345678901234567890");
	/* reals: the fast path (exact mantissa and power) and strtod */
	assert_int_equal(scan_value("2e2", &v), 1);
	assert_true(v.type == JSCAN_REAL && v.num == 200.0);
	assert_int_equal(scan_value("1E+2", &v), 1);
	assert_true(v.num == 100.0);
	assert_int_equal(scan_value("17.512", &v), 1);
	assert_true(v.num == 17.512);
	assert_int_equal(scan_value("1.5e-3", &v), 1);
	assert_true(v.num == 0.0015);
	assert_int_equal(scan_value("0.30000000000000004", &v), 1);
	assert_true(v.num == 0.30000000000000004);
	assert_int_equal(scan_value("9007199254740993.0", &v), 1);
	assert_true(v.num == 9007199254740992.0); /* ties to even */
	assert_int_equal(scan_value("1.7976931348623157e308", &v), 1);
	assert_int_equal(scan_value("4.9406564584124654e-324", &v), 1);
	assert_true(v.num == 5e-324);
	assert_int_equal(scan_value("1e-400", &v), 1); /* underflow: 0 */
	assert_true(v.num == 0);
	assert_int_equal(scan_value("123456789012345678901234567890.5", &v), 1);
	refused("1e400");             /* jansson: real number overflow */
	refused("-1e400");
	refused("01");
	refused("00.5");
	refused(".5");
	refused("5.");
	refused("1e");
	refused("1e+");
	refused("-");
	refused("+1");
	refused("0x10");
	refused("Infinity");
	refused("NaN");
	assert_int_equal(scan_value("true", &v), 1);
	assert_int_equal(scan_value("false", &v), 1);
	assert_int_equal(scan_value("null", &v), 1);
	refused("tru");
	refused("nul");
	refused("True");
}

/* A selective read: only b.c and d[1] are read, the rest skipped. */
static void
test_structure(void **state)
{
	jscan s;
	jscan_val v;
	char *k;
	size_t klen;
	int got = 0;

	(void)state;
	load(&s, " {\"a\" : [1, {\"x\":[[]]}, \"]\"], \"b\":{\"c\":7,\"e\":{}},"
	    "\t\"d\":[\"p\",\"q\"] ,\"f\":null}\r\n");
	assert_int_equal(jscan_open(&s), 1);
	while (jscan_key(&s, &k, &klen) == 1) {
		if (strcmp(k, "b") == 0) {
			assert_int_equal(jscan_value(&s, &v), 1);
			assert_int_equal(v.type, JSCAN_OBJECT);
			while (jscan_key(&s, &k, &klen) == 1) {
				if (strcmp(k, "c") != 0) {
					assert_int_equal(jscan_skip(&s), 1);
					continue;
				}
				assert_int_equal(jscan_value(&s, &v), 1);
				assert_true(v.type == JSCAN_INT && v.i == 7);
				got++;
			}
		} else if (strcmp(k, "d") == 0) {
			int i = 0;
			assert_int_equal(jscan_value(&s, &v), 1);
			assert_int_equal(v.type, JSCAN_ARRAY);
			while (jscan_elem(&s) == 1) {
				assert_int_equal(jscan_value(&s, &v), 1);
				if (i++ == 1) {
					assert_string_equal(v.str, "q");
					got++;
				}
			}
			assert_int_equal(i, 2);
		} else
			assert_int_equal(jscan_skip(&s), 1);
	}
	assert_int_equal(got, 2);
	assert_int_equal(jscan_close(&s), 1);
	assert_true(s.spaced);

	/* compact text: no whitespace seen */
	load(&s, "{\"a\":1}");
	assert_int_equal(jscan_open(&s), 1);
	assert_int_equal(jscan_key(&s, &k, &klen), 1);
	assert_int_equal(jscan_skip(&s), 1);
	assert_int_equal(jscan_key(&s, &k, &klen), 0);
	assert_int_equal(jscan_close(&s), 1);
	assert_false(s.spaced);
}

/* The whole line skipped as one member's value: 1 iff jansson agrees. */
static int
skips(const char *value)
{
	char text[2048];
	jscan s;
	char *k;
	size_t klen;
	int ok;
	json_t *j;

	snprintf(text, sizeof text, "{\"k\":%s}", value);
	load(&s, text);
	ok = jscan_open(&s) == 1 && jscan_key(&s, &k, &klen) == 1 &&
	    jscan_skip(&s) == 1 && jscan_key(&s, &k, &klen) == 0 &&
	    jscan_close(&s) == 1;
	j = json_loads(text, 0, NULL);
	if (ok && j == NULL)
		fail_msg("%s: skipped, but jansson refuses it", value);
	json_decref(j);
	return ok ? 1 : -1;
}

static void
test_skip(void **state)
{
	char deep[512];
	int n;

	(void)state;
	assert_int_equal(skips("[]"), 1);
	assert_int_equal(skips("{}"), 1);
	assert_int_equal(skips("[1,\"a\",[true,false,null],{\"x\":{\"y\":[]}}]"), 1);
	assert_int_equal(skips("[ 1 , { \"x\" : -2.5e3 } ]"), 1);
	assert_int_equal(skips("\"a}]\\\"\""), 1);
	assert_int_equal(skips("[}"), -1);
	assert_int_equal(skips("{]"), -1);
	assert_int_equal(skips("[1,]"), -1);
	assert_int_equal(skips("[,1]"), -1);
	assert_int_equal(skips("{\"x\":1,}"), -1);
	assert_int_equal(skips("{\"x\"}"), -1);
	assert_int_equal(skips("{1:2}"), -1);
	assert_int_equal(skips("[1 2]"), -1);
	assert_int_equal(skips("[\"\\u0000\"]"), -1);
	assert_int_equal(skips("[1e999]"), -1);
	assert_int_equal(skips("[99999999999999999999]"), -1);
	/* 63 levels inside the top-level object: within JSCAN_MAX_DEPTH */
	n = 0;
	for (int i = 0; i < 63; i++)
		deep[n++] = '[';
	for (int i = 0; i < 63; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	assert_int_equal(skips(deep), 1);
	/* one more: handed over (jansson would take it; refusing is safe) */
	n = 0;
	for (int i = 0; i < 64; i++)
		deep[n++] = '[';
	for (int i = 0; i < 64; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	assert_int_equal(skips(deep), -1);
}

static void
test_top_level(void **state)
{
	jscan s;
	char *k;
	size_t klen;

	(void)state;
	load(&s, "[1]");
	assert_int_equal(jscan_open(&s), -1);
	load(&s, "{} x");
	assert_int_equal(jscan_open(&s), 1);
	assert_int_equal(jscan_key(&s, &k, &klen), 0);
	assert_int_equal(jscan_close(&s), -1);
	load(&s, "{}{}");
	assert_int_equal(jscan_open(&s), 1);
	assert_int_equal(jscan_key(&s, &k, &klen), 0);
	assert_int_equal(jscan_close(&s), -1);
	load(&s, "{\"a\":1");
	assert_int_equal(jscan_open(&s), 1);
	assert_int_equal(jscan_key(&s, &k, &klen), 1);
	assert_int_equal(jscan_skip(&s), 1);
	assert_int_equal(jscan_key(&s, &k, &klen), -1);
	/* a NUL inside the text is not its end */
	memcpy(buf, "{}\0 ", 4);
	memset(buf + 4, 0, 1 + JSCAN_PAD);
	jscan_init(&s, buf, 4);
	assert_int_equal(jscan_open(&s), 1);
	assert_int_equal(jscan_key(&s, &k, &klen), 0);
	assert_int_equal(jscan_close(&s), -1);
	/* escaped keys are unescaped */
	load(&s, "{\"st\\u0061tus\":1}");
	assert_int_equal(jscan_open(&s), 1);
	assert_int_equal(jscan_key(&s, &k, &klen), 1);
	assert_string_equal(k, "status");
	assert_int_equal(klen, 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_skip),
		cmocka_unit_test(test_top_level),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
