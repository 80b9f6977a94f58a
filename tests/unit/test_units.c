/*
 * test_units.c — the one reader of each kind of spec value written as text
 * (lib/spec/units.c) and "did you mean" (lib/spec/suggest.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "slo_suggest.h"
#include "slo_units.h"

#define S(x) x, strlen(x)

static void
decimals(void **state)
{
	double v = -1;

	(void)state;
	assert_true(slo_decimal_valid(S("99.9")));
	assert_true(slo_decimal_valid(S("-.5e+3")));
	assert_true(slo_decimal_valid(S("7.")));
	assert_false(slo_decimal_valid(S("0x10")));
	assert_false(slo_decimal_valid(S("inf")));
	assert_false(slo_decimal_valid(S("nan")));
	assert_false(slo_decimal_valid(S(" 1")));
	assert_false(slo_decimal_valid(S("1e")));
	assert_false(slo_decimal_valid(S(".")));
	assert_false(slo_decimal_valid(S("")));
	assert_true(slo_decimal_parse(S("2.5"), &v));
	assert_true(v == 2.5);
	/* n bounds the text */
	assert_true(slo_decimal_parse("12345", 2, &v));
	assert_true(v == 12);
	assert_false(slo_decimal_parse(S("1e999"), &v)); /* overflow */
	assert_true(v == 12);
	assert_true(slo_decimal_parse(S("1e-999"), &v)); /* underflow: 0 */
	assert_true(v == 0);
}

static void
percentages(void **state)
{
	double v = -1;

	(void)state;
	/* the double nearest 0.999, which 99.9 / 100 is not */
	assert_true(slo_percent_parse(S("99.9"), &v));
	assert_true(v == 0.999);
	assert_false(99.9 / 100 == 0.999);
	assert_true(slo_percent_parse(S("9.99e1"), &v));
	assert_true(v == 9.99e1 / 100);
	assert_false(slo_percent_parse(S("99.9%"), &v));
	assert_false(slo_percent_parse(S("1e999"), &v));
}

static void
shares(void **state)
{
	double v = -1;

	(void)state;
	assert_int_equal(slo_share_parse(S("99.9%"), &v), SLO_OK);
	assert_true(v == 0.999);
	assert_int_equal(slo_share_parse(S("0.999"), &v), SLO_OK);
	assert_true(v == 0.999);
	assert_int_equal(slo_share_parse(S("0%"), &v), SLO_OK);
	assert_true(v == 0);
	assert_int_equal(slo_share_parse(S("100%"), &v), SLO_OK);
	assert_true(v == 1);
	assert_int_equal(slo_share_parse(S("1.5"), &v), SLO_ERANGE);
	assert_int_equal(slo_share_parse(S("101%"), &v), SLO_ERANGE);
	assert_int_equal(slo_share_parse(S("-1%"), &v), SLO_ERANGE);
	assert_int_equal(slo_share_parse(S("1e1%"), &v), SLO_EINVAL);
	assert_int_equal(slo_share_parse(S("%"), &v), SLO_EINVAL);
	assert_int_equal(slo_share_parse(S("5 %"), &v), SLO_EINVAL);
	assert_int_equal(slo_share_parse(S("0x1"), &v), SLO_EINVAL);
	assert_true(v == 1); /* untouched by the failures */
}

static void
days_and_times(void **state)
{
	slo_ns t = 0;
	size_t at = 99;

	(void)state;
	assert_int_equal(slo_day_or_time_parse(S("2026-11-01"), &t, &at),
	    SLO_OK);
	assert_true(t == (slo_ns)1793491200 * 1000000000);
	assert_int_equal(slo_day_or_time_parse(S("2026-11-01T00:00:01Z"), &t,
	    &at), SLO_OK);
	assert_true(t == (slo_ns)1793491201 * 1000000000);
	assert_int_not_equal(slo_day_or_time_parse(S("2026-13-01"), &t, &at),
	    SLO_OK);
	assert_true(at <= 10);
	assert_int_not_equal(slo_day_or_time_parse(S("yesterday"), &t, &at),
	    SLO_OK);
	assert_true(at <= 9);
}

static void
suggestions(void **state)
{
	static const char *const keys[] = { "objective", "window", "where",
		NULL };

	(void)state;
	assert_string_equal(slo_suggest("objectve", keys), "objective");
	assert_string_equal(slo_suggest("windwo", keys), "window"); /* swap */
	assert_string_equal(slo_suggest("were", keys), "where");
	assert_null(slo_suggest("latency", keys));
	assert_null(slo_suggest("", keys));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decimals),
		cmocka_unit_test(percentages),
		cmocka_unit_test(shares),
		cmocka_unit_test(days_and_times),
		cmocka_unit_test(suggestions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
