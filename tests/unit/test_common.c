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
 * after its printf-free decimals (short_decimal()); checked against the
 * brute-force search on 300,000 doubles: random bit patterns, latencies
 * in milliseconds of whole microseconds and of whole nanoseconds (as
 * slo-ingest's presets make them), fractions, sevenths, and decimals
 * about the bounds of the printf-free path (1e-4 and 1e15).
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
		switch (i % 8) {
		case 0: memcpy(&v, &x, sizeof v); break;
		case 1: v = (double)(x % 100000000) / 1000.0; break;
		case 2: v = (double)(x >> 11) * (1.0 / 9007199254740992.0); break;
		case 3: v = (double)(x % 1000) / 7.0; break;
		case 4: v = (double)(x % 1000000000000) / 1e6; break;
		case 5: v = (double)(x % 2000) / 1e7; break;  /* 0 .. 2e-4 */
		case 6: v = (double)(x % 200000000000000000) / 100.0; break;
		default: v = -(double)(x % 100000000000000) / 1e9;
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
		cmocka_unit_test(test_json_num),
		cmocka_unit_test(test_json_num_shortest),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
