/*
 * test_table.c — the one grid writer (lib/render/table.c, slo_table.h):
 * CSV quoting per RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180,
 * section 2), TSV escapes as Miller reads them
 * (https://miller.readthedocs.io/en/latest/file-formats/, "TSV"), GFM
 * table cells (https://github.github.com/gfm/#tables-extension-), and the
 * terminal table: display width, fitting, wrapping, rows kept apart.
 * Expected texts are written out by hand from those rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "slo_table.h"

static const slo_tab_col cols2[] = {
	{ "name", "Name", SLO_COL_SHRINK },
	{ "value", "Value", SLO_COL_RIGHT },
};

static void
render(const slo_tab *t, slo_format fmt, size_t width, slo_buf *b)
{
	slo_render_opts ro = { 0, width };

	slo_buf_reset(b);
	assert_int_equal(slo_tab_write(t, fmt, &ro, b), SLO_OK);
	assert_int_equal(slo_buf_putc(b, '\0'), SLO_OK);
}

static void
test_csv_rfc4180(void **state)
{
	slo_tab t = { .cols = cols2, .ncol = 2 };
	slo_buf b = { 0 };

	(void)state;
	/* section 2.6: fields with a comma or a quote are quoted; 2.7: a
	 * quote inside is doubled; leading and trailing blanks kept quoted */
	assert_int_equal(slo_tab_cstr(&t, "a,b"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, "x\"y"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, " lead"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, ""), SLO_OK);
	/* a newline is shown as "\n", so a record is one line */
	assert_int_equal(slo_tab_cstr(&t, "l1\nl2"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, "42"), SLO_OK);
	render(&t, SLO_FMT_CSV, 80, &b);
	assert_string_equal(b.data, "name,value\r\n"
	    "\"a,b\",\"x\"\"y\"\r\n"
	    "\" lead\",\r\n"
	    "l1\\nl2,42\r\n");
	slo_buf_release(&b);
	slo_tab_release(&t);
}

static void
test_tsv_escapes(void **state)
{
	slo_tab t = { .cols = cols2, .ncol = 2 };
	slo_buf b = { 0 };

	(void)state;
	assert_int_equal(slo_tab_cstr(&t, "a\tb\nc\\d"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, "x,\"y\""), SLO_OK);
	render(&t, SLO_FMT_TSV, 80, &b);
	/* tab, newline, backslash as \t \n \\; no quoting in TSV */
	assert_string_equal(b.data, "name\tvalue\n"
	    "a\\tb\\nc\\\\d\tx,\"y\"\n");
	slo_buf_release(&b);
	slo_tab_release(&t);
}

static void
test_markdown(void **state)
{
	slo_tab t = { .cols = cols2, .ncol = 2 };
	slo_buf b = { 0 };

	(void)state;
	assert_int_equal(slo_tab_cstr(&t, "a|b"), SLO_OK);
	assert_int_equal(slo_tab_mark(&t, "7", "\033[31m", 1), SLO_OK);
	render(&t, SLO_FMT_MARKDOWN, 80, &b);
	/* a '|' in a cell is escaped (GFM example 200); right-aligned: --: */
	assert_string_equal(b.data, "| Name | Value |\n|---|--:|\n"
	    "| a\\|b | **7** |\n");
	slo_buf_release(&b);
	slo_tab_release(&t);
}

static void
test_table_display_width(void **state)
{
	slo_tab t = { .cols = cols2, .ncol = 2 };
	slo_buf b = { 0 };

	(void)state;
	/* U+65E5 U+672C: two wide characters, four columns */
	assert_int_equal(slo_tab_cstr(&t, "\xe6\x97\xa5\xe6\x9c\xac"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, "1"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, "ab"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, "22"), SLO_OK);
	render(&t, SLO_FMT_TABLE, 0, &b);
	/* Name column 4 wide (its title), Value 5, right-aligned */
	assert_string_equal(b.data, "NAME VALUE\n"
	    "\xe6\x97\xa5\xe6\x9c\xac     1\n"
	    "ab      22\n");
	slo_buf_release(&b);
	slo_tab_release(&t);
}

static void
test_table_fits_never_cuts_figures(void **state)
{
	slo_tab t = { .cols = cols2, .ncol = 2 };
	slo_buf b = { 0 };

	(void)state;
	assert_int_equal(slo_tab_cstr(&t, "billing-availability-by-route"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, "-99900.0%"), SLO_OK);
	/* 20 columns: the figure keeps 9 and a blank, the name gets 10 */
	render(&t, SLO_FMT_TABLE, 20, &b);
	assert_string_equal(b.data, "NAME           VALUE\n"
	    "billi\xe2\x80\xa6oute -99900.0%\n");
	/* no limit: nothing shortened */
	render(&t, SLO_FMT_TABLE, 0, &b);
	assert_non_null(strstr(b.data, "billing-availability-by-route -99900.0%"));
	slo_buf_release(&b);
	slo_tab_release(&t);
}

static void
test_table_keeps_rows_apart(void **state)
{
	slo_tab t = { .cols = cols2, .ncol = 2 };
	slo_buf b = { 0 };
	const char *l1, *l2;

	(void)state;
	/* differ only in the middle: at 10 columns both are "chec…team" */
	assert_int_equal(slo_tab_cstr(&t, "checkout-east-team"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, "1"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, "checkout-west-team"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, "1"), SLO_OK);
	render(&t, SLO_FMT_TABLE, 16, &b);
	l1 = strchr(b.data, '\n') + 1;
	l2 = strchr(l1, '\n') + 1;
	assert_true(strncmp(l1, l2, (size_t)(l2 - l1)) != 0);
	assert_non_null(strstr(b.data, "east"));
	assert_non_null(strstr(b.data, "west"));
	slo_buf_release(&b);
	slo_tab_release(&t);
}

static void
test_table_wraps_last_column(void **state)
{
	static const slo_tab_col cols[] = {
		{ "k", "K", 0 },
		{ "detail", "Detail", SLO_COL_WRAP },
	};
	slo_tab t = { .cols = cols, .ncol = 2 };
	slo_buf b = { 0 };

	(void)state;
	assert_int_equal(slo_tab_cstr(&t, "x"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, "page 14.4x/1h, page 6x/6h, ticket 1x/3d"), SLO_OK);
	/* 18 columns: K is 1, the detail 16, continuation lines under it */
	render(&t, SLO_FMT_TABLE, 18, &b);
	assert_string_equal(b.data, "K DETAIL\n"
	    "x page 14.4x/1h,\n"
	    "  page 6x/6h,\n"
	    "  ticket 1x/3d\n");
	/* a word wider than the room stands whole on its line */
	slo_tab_release(&t);
	t = (slo_tab){ .cols = cols, .ncol = 2 };
	assert_int_equal(slo_tab_cstr(&t, "x"), SLO_OK);
	assert_int_equal(slo_tab_cstr(&t, "a 12345678901234567890 b"), SLO_OK);
	render(&t, SLO_FMT_TABLE, 10, &b);
	assert_string_equal(b.data, "K DETAIL\n"
	    "x a\n"
	    "  12345678901234567890\n"
	    "  b\n");
	slo_buf_release(&b);
	slo_tab_release(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_rfc4180),
		cmocka_unit_test(test_tsv_escapes),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_table_display_width),
		cmocka_unit_test(test_table_fits_never_cuts_figures),
		cmocka_unit_test(test_table_keeps_rows_apart),
		cmocka_unit_test(test_table_wraps_last_column),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
