/* test_common.c — buffers, JSON writers, UTF-8 validation, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "slo.h"

static void
test_json_str(void **state)
{
	slo_buf b = { 0 };

	(void)state;
	slo_buf_json_str(&b, "a\"b\\c\n\x01\x1f\xc3\xa9", 10);
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001\\u001f\xc3\xa9\"");
	slo_buf_reset(&b);
	slo_buf_json_str(&b, "", 0);
	assert_string_equal(b.data, "\"\"");
	slo_buf_release(&b);
}

/* slo-events(5)'s escapes, a byte at a time: the second method. */
static void
escape_by_bytes(const unsigned char *s, size_t n, char *out)
{
	*out++ = '"';
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '"': out += sprintf(out, "\\\""); break;
		case '\\': out += sprintf(out, "\\\\"); break;
		case '\b': out += sprintf(out, "\\b"); break;
		case '\f': out += sprintf(out, "\\f"); break;
		case '\n': out += sprintf(out, "\\n"); break;
		case '\r': out += sprintf(out, "\\r"); break;
		case '\t': out += sprintf(out, "\\t"); break;
		default:
			if (s[i] < 0x20)
				out += sprintf(out, "\\u%04x", s[i]);
			else
				*out++ = (char)s[i];
		}
	}
	*out++ = '"';
	*out = '\0';
}

/*
 * slo_buf_json_str (which looks for bytes to escape eight at a time)
 * against the byte-at-a-time escaper on 50,000 strings of 0 to 40 bytes:
 * mostly plain, with a byte to escape (any below 0x20, '"', '\\') or a
 * byte above 0x7f at random places, so that every place in a word and
 * after it is met.
 */
static void
test_json_str_words(void **state)
{
	uint64_t x = 0x2545f4914f6cdd1dULL;
	unsigned char s[48];
	char want[48 * 6 + 3];
	slo_buf b = { 0 };

	(void)state;
	for (int i = 0; i < 50000; i++) {
		size_t n;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		n = x % 41;
		for (size_t j = 0; j < n; j++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			switch (x % 16) {
			case 0: s[j] = (unsigned char)(x >> 8) % 0x20; break;
			case 1: s[j] = '"'; break;
			case 2: s[j] = '\\'; break;
			case 3: s[j] = (unsigned char)(0x80 | (x >> 8)); break;
			default: s[j] = (unsigned char)(0x20 + (x >> 8) % 95);
			}
			/* mostly one special or none in a string */
			if (x % 16 < 4 && (x >> 20) % 4 != 0)
				s[j] = 'a';
		}
		slo_buf_reset(&b);
		assert_int_equal(slo_buf_json_str(&b, (const char *)s, n), SLO_OK);
		escape_by_bytes(s, n, want);
		assert_int_equal(b.len, strlen(want));
		assert_string_equal(b.data, want);
	}
	slo_buf_release(&b);
}

/* Shortest round-trip decimals: 0.1 stays "0.1", 1/3 needs 16 digits. */
static void
test_json_num(void **state)
{
	slo_buf b = { 0 };

	(void)state;
	slo_buf_json_num(&b, 0.1); slo_buf_putc(&b, ' ');
	slo_buf_json_num(&b, 1.0 / 3.0); slo_buf_putc(&b, ' ');
	slo_buf_json_num(&b, 42); slo_buf_putc(&b, ' ');
	slo_buf_json_num(&b, -2.5); slo_buf_putc(&b, ' ');
	slo_buf_json_num(&b, NAN); slo_buf_putc(&b, ' ');
	slo_buf_json_num(&b, 1e300);
	assert_string_equal(b.data, "0.1 0.3333333333333333 42 -2.5 null 1e+300");
	slo_buf_release(&b);
}

/* The brute-force shortest form: every precision from 1 up. */
static void
shortest_by_search(double v, char *out, size_t n)
{
	for (int p = 1; p <= 17; p++) {
		snprintf(out, n, "%.*g", p, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

/*
 * slo_buf_json_num tries only %.15g, %.16g and %.17g (subnormals aside),
 * and before them the printf-free short decimals (short_decimal());
 * checked against the brute-force search on 300,000 doubles: random bit
 * patterns, millisecond latencies (from us and from ns, as slo-ingest's
 * presets make them), fractions, sevenths, short decimals of either sign
 * from 1e-8 to 1e15, and decimals about the bounds of the printf-free
 * path (1e-4 and 1e15).
 */
static void
test_json_num_shortest(void **state)
{
	uint64_t x = 88172645463325252ULL;
	slo_buf b = { 0 };
	char want[40];
	long checked = 0;

	(void)state;
	for (long i = 0; i < 300000; i++) {
		double v;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		switch (i % 10) {
		case 0: memcpy(&v, &x, sizeof v); break;
		case 1: v = (double)(x % 100000000) / 1000.0; break;
		case 2: v = (double)(x >> 11) * (1.0 / 9007199254740992.0); break;
		/* OTLP: span latencies in ms from ns, as ingest_otlp.c divides */
		case 3: v = (double)(x % 100000000000000ULL) / 1e6; break;
		/* short decimals near the ends of plain notation, negative */
		case 4: v = -(double)(x % 100000) / (double)(x % 2 ? 1e8 : 1e-10); break;
		case 5: v = (double)(x % 1000000000000) / 1e6; break;
		case 6: v = (double)(x % 2000) / 1e7; break;  /* 0 .. 2e-4 */
		case 7: v = (double)(x % 200000000000000000) / 100.0; break;
		case 8: v = -(double)(x % 100000000000000) / 1e9; break;
		default: v = (double)(x % 1000) / 7.0;
		}
		if (!isfinite(v) || v == 0 || (fabs(v) < 1e15 && v == (double)(long long)v))
			continue;
		slo_buf_reset(&b);
		slo_buf_json_num(&b, v);
		shortest_by_search(v, want, sizeof want);
		if (strcmp(b.data, want) != 0)
			fail_msg("%.17g: got %s, want %s", v, b.data, want);
		checked++;
	}
	assert_true(checked > 250000);
	/* a subnormal: 4.9406564584124654e-324 is the smallest, "5e-324" */
	slo_buf_reset(&b);
	slo_buf_json_num(&b, 4.9406564584124654e-324);
	assert_string_equal(b.data, "5e-324");
	slo_buf_release(&b);
}

static void
test_utf8(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_true(slo_utf8_valid("abc\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 12, &bad));
	assert_false(slo_utf8_valid("ab\xff", 3, &bad)); assert_int_equal(bad, 2);
	assert_false(slo_utf8_valid("\xc0\xaf", 2, &bad)); assert_int_equal(bad, 0); /* overlong */
	assert_false(slo_utf8_valid("x\xed\xa0\x80", 4, &bad)); assert_int_equal(bad, 1); /* surrogate */
	assert_false(slo_utf8_valid("\xf4\x90\x80\x80", 4, &bad)); /* > U+10FFFF */
	assert_false(slo_utf8_valid("\xe2\x82", 2, &bad)); /* truncated */
	assert_true(slo_utf8_valid("", 0, &bad));
}

static void
test_error(void **state)
{
	slo_error e;

	(void)state;
	assert_int_equal(slo_error_set(&e, SLO_ESYNTAX, "f.yaml", 3, 7, "unknown key '%s'", "windw"),
	    SLO_ESYNTAX);
	assert_string_equal(e.file, "f.yaml");
	assert_int_equal(e.line, 3);
	assert_int_equal(e.col, 7);
	assert_string_equal(e.msg, "unknown key 'windw'");
	assert_int_equal(slo_error_set(NULL, SLO_EINVAL, NULL, 0, 0, "x"), SLO_EINVAL);
	assert_string_equal(slo_strerror(SLO_ENOMEM), "out of memory");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_str),
		cmocka_unit_test(test_json_str_words),
		cmocka_unit_test(test_json_num),
		cmocka_unit_test(test_json_num_shortest),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
