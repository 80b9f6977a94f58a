/* test_common.c — buffers, JSON writers, UTF-8 validation, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "slo_common.h"

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
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
