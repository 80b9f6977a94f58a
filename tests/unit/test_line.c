/*
 * test_line.c — slo_line_classify(), the one per-line classifier of the
 * input layer, its -j workers and slo_ingest_line(): the ugly lines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "slo_line.h"

/* One line through the classifier: its kind; err, obj and ev kept. */
struct got {
	slo_line_kind kind;
	slo_error err;
	json_t *obj;
	slo_event ev;
};

static slo_event_decoder *dec;

static struct got
classify(unsigned as, const char *line, size_t n)
{
	struct got g;

	memset(&g, 0, sizeof g);
	g.kind = slo_line_classify(as, line, n, dec, &g.obj, &g.ev, &g.err);
	return g;
}

/* line is rejected as an object and as an event, alike. */
static void
rejected_all(const char *line, slo_status st, long col, const char *msg)
{
	static const unsigned modes[] = { SLO_LINE_AS_OBJECT, SLO_LINE_AS_EVENT };

	for (size_t i = 0; i < 2; i++) {
		struct got g = classify(modes[i], line, strlen(line));

		assert_int_equal(g.kind, SLO_LINE_REJECTED);
		assert_int_equal(g.err.status, st);
		assert_int_equal(g.err.col, col);
		assert_string_equal(g.err.msg, msg);
		assert_null(g.obj);
	}
}

static void
test_nul_escapes(void **state)
{
	(void)state;
	/* a C string would cut "a\u0000b" to "a": refused, key and value */
	rejected_all("{\"a\\u0000b\":1}", SLO_ESYNTAX, 11,
	    "invalid json: NUL byte in object key not supported near "
	    "'\"a\\u0000b\"'");
	rejected_all("{\"kind\":\"request\",\"route\":\"a\\u0000b\"}",
	    SLO_ESYNTAX, 36, "invalid json: \\u0000 is not allowed without "
	    "JSON_ALLOW_NUL near '\"a\\u0000b\"'");
	/* the event decoder's fast path takes canonical members: this one
	 * must not slip through it either */
	rejected_all("{\"kind\":\"request\",\"ts\":\"2026-11-27T00:00:00Z\","
	    "\"service\":\"x\\u0000\"}", SLO_ESYNTAX, 65,
	    "invalid json: \\u0000 is not allowed without JSON_ALLOW_NUL near "
	    "'\"x\\u0000\"'");
	/* as text, the caller parses: valid UTF-8 is all that is asked */
	assert_int_equal(classify(SLO_LINE_AS_TEXT, "{\"a\\u0000b\":1}", 14).kind,
	    SLO_LINE_ACCEPTED);
}

static void
test_lone_surrogate(void **state)
{
	(void)state;
	rejected_all("{\"a\":\"\\ud800\"}", SLO_ESYNTAX, 13,
	    "invalid json: invalid Unicode '\\uD800' near '\"\\ud800\"'");
	rejected_all("{\"kind\":\"request\",\"route\":\"\\udc00x\"}", SLO_ESYNTAX,
	    35, "invalid json: invalid Unicode '\\uDC00' near '\"\\udc00x\"'");
}

static void
test_invalid_utf8(void **state)
{
	/* the column is the first bad byte's, 1-based, in every mode */
	static const char line[] = "{\"a\":\"x\xff\"}";
	/* past the eight-byte ASCII sieve: a bad byte after 16 good ones */
	static const char late[] = "{\"abcdefghijklm\":\"\xc3\x28\"}";
	struct got g = classify(SLO_LINE_AS_TEXT, line, sizeof line - 1);

	(void)state;
	assert_int_equal(g.kind, SLO_LINE_REJECTED);
	assert_int_equal(g.err.status, SLO_EUTF8);
	assert_int_equal(g.err.col, 8);
	assert_string_equal(g.err.msg, "invalid utf-8");
	rejected_all(line, SLO_EUTF8, 8, "invalid utf-8");
	rejected_all(late, SLO_EUTF8, 19, "invalid utf-8");
	g = classify(SLO_LINE_AS_TEXT, late, sizeof late - 1);
	assert_int_equal(g.err.col, 19);
}

static void
test_trailing_garbage(void **state)
{
	(void)state;
	rejected_all("{\"a\":1} x", SLO_ESYNTAX, 9,
	    "invalid json: end of file expected near 'x'");
	/* a truncated line */
	rejected_all("{\"kind\":\"request\",\"status\":2", SLO_ESYNTAX, 28,
	    "invalid json: '}' expected near end of file");
}

static void
test_not_an_object(void **state)
{
	struct got g;

	(void)state;
	rejected_all("[1,2]", SLO_EINVAL, 1, "not a json object");
	/*
	 * Where the two modes have always differed, kept as they were (the
	 * golden outputs hold them): objects are read without
	 * JSON_DECODE_ANY and report column 1; the event decoder reads any
	 * value and points past the leading blanks.
	 */
	g = classify(SLO_LINE_AS_OBJECT, "  [1]", 5);
	assert_int_equal(g.err.col, 1);
	assert_string_equal(g.err.msg, "not a json object");
	g = classify(SLO_LINE_AS_EVENT, "  [1]", 5);
	assert_int_equal(g.err.col, 3);
	assert_string_equal(g.err.msg, "not a json object");
	g = classify(SLO_LINE_AS_OBJECT, "5", 1);
	assert_string_equal(g.err.msg, "invalid json: '[' or '{' expected near '5'");
	g = classify(SLO_LINE_AS_EVENT, "5", 1);
	assert_string_equal(g.err.msg, "not a json object");
}

static void
test_blank_and_crlf(void **state)
{
	static const char obj[] = "{\"kind\":\"request\",\"status\":503}\r";
	struct got g;

	(void)state;
	/* blank only when asked: slo_ingest_line() rejects what it is given */
	g = classify(SLO_LINE_AS_OBJECT | SLO_LINE_SKIP_BLANK, " \t\r", 3);
	assert_int_equal(g.kind, SLO_LINE_BLANK);
	g = classify(SLO_LINE_AS_EVENT | SLO_LINE_SKIP_BLANK, "", 0);
	assert_int_equal(g.kind, SLO_LINE_BLANK);
	g = classify(SLO_LINE_AS_OBJECT, " \t\r", 3);
	assert_int_equal(g.kind, SLO_LINE_REJECTED);
	assert_string_equal(g.err.msg,
	    "invalid json: '[' or '{' expected near end of file");
	/* a '\r' the reader left (a CR CR LF line) is JSON white space */
	g = classify(SLO_LINE_AS_OBJECT, obj, sizeof obj - 1);
	assert_int_equal(g.kind, SLO_LINE_ACCEPTED);
	assert_true(json_is_object(g.obj));
	assert_int_equal(json_integer_value(json_object_get(g.obj, "status")),
	    503);
	json_decref(g.obj);
	g = classify(SLO_LINE_AS_EVENT | SLO_LINE_SKIP_BLANK, obj,
	    sizeof obj - 1);
	assert_int_equal(g.kind, SLO_LINE_ACCEPTED);
	assert_int_equal(g.ev.kind, SLO_KIND_REQUEST);
	assert_int_equal(g.ev.status, 503);
	assert_false(g.ev.ok);
}

static void
test_event_rejection_reason(void **state)
{
	struct got g;

	(void)state;
	/* a field error: the decoder's message and the value's column */
	g = classify(SLO_LINE_AS_EVENT,
	    "{\"kind\":\"request\",\"ts\":\"yesterday\"}", 35);
	assert_int_equal(g.kind, SLO_LINE_REJECTED);
	assert_int_equal(g.err.col, 25);
	assert_string_equal(g.err.msg, "invalid time 'yesterday'");
	g = classify(SLO_LINE_AS_EVENT, "{\"kind\":\"nope\"}", 15);
	assert_int_equal(g.kind, SLO_LINE_REJECTED);
	assert_true(g.err.msg[0] != '\0');
}

static int
setup(void **state)
{
	(void)state;
	return (dec = slo_event_decoder_new()) == NULL;
}

static int
teardown(void **state)
{
	(void)state;
	slo_event_decoder_free(dec);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nul_escapes),
		cmocka_unit_test(test_lone_surrogate),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_trailing_garbage),
		cmocka_unit_test(test_not_an_object),
		cmocka_unit_test(test_blank_and_crlf),
		cmocka_unit_test(test_event_rejection_reason),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
