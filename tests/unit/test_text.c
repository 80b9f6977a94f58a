/*
 * test_text.c — text from the input shown to people (lib/text.c).  Every
 * expected string is written out by hand from the rules in slo_common.h:
 * the escapes, the entities, CommonMark's backslash escapes (spec 0.31,
 * section 2.4) and GFM's '\|' in table cells (GFM spec, section 4.10).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "slo.h"

static const char *
show(slo_buf *b, slo_text_mode mode, const char *s, size_t n)
{
	slo_buf_reset(b);
	assert_int_equal(slo_buf_text(b, mode, s, n), SLO_OK);
	assert_int_equal(slo_buf_putc(b, '\0'), SLO_OK);
	return b->data;
}

#define SHOW(b, mode, lit) show(b, mode, lit, sizeof lit - 1)

static void
test_plain_escapes(void **state)
{
	slo_buf b = { 0 };

	(void)state;
	/* OSC 52 (clipboard write) ends with BEL: both become visible. */
	assert_string_equal(SHOW(&b, SLO_TEXT_PLAIN, "a\x1b]52;c;aGk=\x07z"),
	    "a\\x1b]52;c;aGk=\\x07z");
	assert_string_equal(SHOW(&b, SLO_TEXT_PLAIN, "r\nforged\r\t"),
	    "r\\nforged\\r\\t");
	assert_string_equal(SHOW(&b, SLO_TEXT_PLAIN, "C:\\x1b"), "C:\\\\x1b");
	/* NUL inside the span, DEL, C1 CSI (U+009B as C2 9B). */
	assert_string_equal(SHOW(&b, SLO_TEXT_PLAIN, "a\0b\x7f\xc2\x9b"),
	    "a\\x00b\\x7f\\u009b");
	/* Invalid UTF-8: a lone continuation, a cut sequence, overlong '/'. */
	assert_string_equal(SHOW(&b, SLO_TEXT_PLAIN, "\x80x\xe2\x82"),
	    "\\x80x\\xe2\\x82");
	assert_string_equal(SHOW(&b, SLO_TEXT_PLAIN, "\xc0\xaf"), "\\xc0\\xaf");
	/* U+202E RIGHT-TO-LEFT OVERRIDE and U+2028 LINE SEPARATOR. */
	assert_string_equal(SHOW(&b, SLO_TEXT_PLAIN, "a\xe2\x80\xae" "b\xe2\x80\xa8"),
	    "a\\u202eb\\u2028");
	/* LINE keeps the backslash of a quoted pattern, escapes the rest. */
	assert_string_equal(SHOW(&b, SLO_TEXT_LINE, "'\\1' a\nb"), "'\\1' a\\nb");
	/* Printable UTF-8 passes unchanged. */
	assert_string_equal(SHOW(&b, SLO_TEXT_PLAIN, "paiement-r\xc3\xa9ussi <ok>"),
	    "paiement-r\xc3\xa9ussi <ok>");
	slo_buf_release(&b);
}

static void
test_html_and_markdown(void **state)
{
	slo_buf b = { 0 };

	(void)state;
	assert_string_equal(SHOW(&b, SLO_TEXT_HTML, "<img src=x onerror='a&b'>\"\x1b"),
	    "&lt;img src=x onerror=&#39;a&amp;b&#39;&gt;&quot;\\x1b");
	/* A cell that tries to end itself and start a row. */
	assert_string_equal(SHOW(&b, SLO_TEXT_MARKDOWN, "a|b</td>\n| x |"),
	    "a\\|b&lt;/td&gt;\\\\n\\| x \\|");
	assert_string_equal(SHOW(&b, SLO_TEXT_MARKDOWN, "*_`[x](y)~"),
	    "\\*\\_\\`\\[x\\](y)\\~");
	/* An escape renders as its text: "\\x1b" -> "\x1b" on the page. */
	assert_string_equal(SHOW(&b, SLO_TEXT_MARKDOWN, "\x1b"), "\\\\x1b");
	slo_buf_release(&b);
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(slo_text_width("abc", 3), 3);
	/* "été": 3 code points, 5 bytes, 3 columns. */
	assert_int_equal(slo_text_width("\xc3\xa9t\xc3\xa9", 5), 3);
	/* U+65E5 U+672C (CJK, wide): 2 columns each. */
	assert_int_equal(slo_text_width("\xe6\x97\xa5\xe6\x9c\xac", 6), 4);
	/* e + U+0301 COMBINING ACUTE: 1 column. */
	assert_int_equal(slo_text_width("e\xcc\x81", 3), 1);
	/* ESC shows as \x1b: 4 columns. */
	assert_int_equal(slo_text_width("\x1b", 1), 4);
}

static const char *
fit(slo_buf *b, const char *s, size_t w, int right)
{
	slo_buf_reset(b);
	assert_int_equal(slo_buf_text_fit(b, SLO_TEXT_PLAIN, s, strlen(s), w, right),
	    SLO_OK);
	assert_int_equal(slo_buf_putc(b, '\0'), SLO_OK);
	return b->data;
}

static void
test_fit(void **state)
{
	slo_buf b = { 0 };
	const char *name = "billing-availability-by-route-for-the-payments-team-dashboard";

	(void)state;
	assert_string_equal(fit(&b, "ab", 4, 0), "ab  ");
	assert_string_equal(fit(&b, "ab", 4, 1), "  ab");
	assert_string_equal(fit(&b, "abcd", 4, 0), "abcd");
	/* 9 columns: head 4, U+2026, tail 4. */
	assert_string_equal(fit(&b, "abcdefghijkl", 9, 0), "abcd\xe2\x80\xa6ijkl");
	/* 8 columns: 7 for text, head 4, tail 3. */
	assert_string_equal(fit(&b, name, 8, 0), "bill\xe2\x80\xa6" "ard");
	assert_string_equal(fit(&b, "billing-availability", 8, 0),
	    "bill\xe2\x80\xa6ity");
	/* Never inside a character: "paiement-réussi-été" in 10 columns. */
	assert_string_equal(fit(&b, "paiement-r\xc3\xa9ussi-\xc3\xa9t\xc3\xa9", 10, 0),
	    "paiem\xe2\x80\xa6-\xc3\xa9t\xc3\xa9");
	/* Never inside an escape: "\x1b" is 4 columns, kept whole or dropped. */
	assert_string_equal(fit(&b, "ab\x1b" "cdefgh", 6, 0), "ab\xe2\x80\xa6" "fgh");
	/* Wide characters that do not fit leave a blank, not half a glyph. */
	assert_string_equal(fit(&b, "\xe6\x97\xa5\xe6\x9c\xac\xe6\x97\xa5\xe6\x9c\xac", 6, 0),
	    "\xe6\x97\xa5\xe2\x80\xa6\xe6\x9c\xac ");
	slo_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_escapes),
		cmocka_unit_test(test_html_and_markdown),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
