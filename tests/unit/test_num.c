/*
 * test_num.c — libslo reads and writes numbers the same whatever locale
 * the program has set (lib/common/num.c; slo.h: "never reads the process
 * locale").  Needs a locale with a decimal comma: the one named by
 * SLO_TEST_COMMA_LOCALE, else de_DE.UTF-8; skipped when none can be made
 * (tests/cli/test_locale.sh builds one with localedef(1) and runs this
 * program with LOCPATH pointing at it, so make test does not skip).
 * Expected strings are the C locale's, by hand: 0.5 is "0.5", not "0,5".
 */
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo.h"
#include "slo_num.h"

static const char *
comma_locale_name(void)
{
	const char *name = getenv("SLO_TEST_COMMA_LOCALE");

	return name != NULL && *name != '\0' ? name : "de_DE.UTF-8";
}

/* Whether the locale now in effect writes 0.5 as "0,5" (else: skip). */
static void
require_decimal_comma(void)
{
	char buf[16];

	snprintf(buf, sizeof buf, "%.1f", 0.5);
	if (strcmp(buf, "0,5") != 0) {
		fprintf(stderr, "test_num: no decimal-comma locale '%s': skipped\n",
		    comma_locale_name());
		skip();
	}
	/* The control: plain strtod really reads the locale. */
	assert_true(strtod("0,5", NULL) == 0.5);
}

static void
check_c_numbers(void)
{
	char buf[64], *end;
	slo_buf b = { 0 };

	assert_true(slo_strtod("0.5", &end) == 0.5);
	assert_int_equal(*end, '\0');
	assert_true(slo_strtod("99.95e-2", &end) == 0.9995);
	/* "0,5" stops at the comma, as in the C locale. */
	assert_true(slo_strtod("0,5", &end) == 0.0);
	assert_int_equal(*end, ',');
	slo_snprintf(buf, sizeof buf, "%.3f|%g|%.2e", 1.25, 0.5, 1500.0);
	assert_string_equal(buf, "1.250|0.5|1.50e+03");
	assert_int_equal(slo_buf_json_num(&b, 0.25), SLO_OK);
	assert_int_equal(slo_buf_putc(&b, ' '), SLO_OK);
	assert_int_equal(slo_buf_printf(&b, "%.1f%%", 99.9), SLO_OK);
	assert_int_equal(slo_buf_putc(&b, '\0'), SLO_OK);
	assert_string_equal(b.data, "0.25 99.9%");
	slo_buf_release(&b);
}

/* A thread locale set with uselocale(3). */
static void
test_thread_locale(void **state)
{
	locale_t comma = newlocale(LC_ALL_MASK, comma_locale_name(), (locale_t)0);
	locale_t saved;

	(void)state;
	if (comma == (locale_t)0) {
		fprintf(stderr, "test_num: no locale '%s': skipped\n",
		    comma_locale_name());
		skip();
	}
	saved = uselocale(comma);
	require_decimal_comma();
	check_c_numbers();
	/* The thread's own locale is back afterwards. */
	{
		char buf[16];

		snprintf(buf, sizeof buf, "%.1f", 0.5);
		assert_string_equal(buf, "0,5");
	}
	uselocale(saved);
	freelocale(comma);
}

/* The process locale, as a program calling setlocale(LC_ALL, "") has. */
static void
test_process_locale(void **state)
{
	(void)state;
	if (setlocale(LC_ALL, comma_locale_name()) == NULL) {
		fprintf(stderr, "test_num: no locale '%s': skipped\n",
		    comma_locale_name());
		skip();
	}
	require_decimal_comma();
	check_c_numbers();
	setlocale(LC_ALL, "C");
}

/* In the C locale the same answers, so the suite means the same anywhere. */
static void
test_c_locale(void **state)
{
	(void)state;
	check_c_numbers();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_c_locale),
		cmocka_unit_test(test_thread_locale),
		cmocka_unit_test(test_process_locale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
