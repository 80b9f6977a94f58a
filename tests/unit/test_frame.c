/*
 * test_frame.c — JSON arrays and multi-line values cut into one value a
 * line (slo_frame.h).  Each expected output is worked out by hand from the
 * rules there: line breaks in a value become spaces and come back as
 * empty lines after it, the array's brackets and commas become spaces.
 * The inputs have the shapes of `jq .` (two-space indent, RFC 8259
 * values), `gcloud logging read --format=json` (a pretty array) and
 * `jq -c` (one value a line).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "slo_frame.h"

/* in fed whole, then in pieces of `step` bytes: the same out each time */
static void
check(const char *in, const char *want, slo_frame_mode mode)
{
	size_t n = strlen(in);

	for (size_t step = 1; step <= n + 1; step = step < 4 ? step + 1 : step * 3) {
		slo_frame *f = slo_frame_new();
		slo_buf out = { 0 };

		for (size_t i = 0; i < n; i += step)
			assert_int_equal(slo_frame_feed(f, in + i,
			    n - i < step ? n - i : step, 0, &out), SLO_OK);
		assert_int_equal(slo_frame_feed(f, "", 0, 1, &out), SLO_OK);
		slo_buf_putc(&out, '\0');
		if (strcmp(out.data, want) != 0)
			fail_msg("step %zu: got\n[%s]\nwanted\n[%s]", step,
			    out.data, want);
		assert_int_equal(slo_frame_mode_of(f), mode);
		slo_buf_release(&out);
		slo_frame_free(f);
	}
}

static void
test_ndjson_untouched(void **state)
{
	(void)state;
	check("{\"a\":1}\n{\"b\":2}\n", "{\"a\":1}\n{\"b\":2}\n", SLO_FRAME_NONE);
	check("  {\"a\":1}  \r\n\n{broken\n[1,2,3]\n",
	    "  {\"a\":1}  \r\n\n{broken\n[1,2,3]\n", SLO_FRAME_NONE);
	/* text logs, an Envoy text line among them */
	check("[2016-04-15T20:17:00.310Z] \"POST /api HTTP/2\" 204\n",
	    "[2016-04-15T20:17:00.310Z] \"POST /api HTTP/2\" 204\n",
	    SLO_FRAME_NONE);
	check("", "", SLO_FRAME_NONE);
	check("\n\n", "\n\n", SLO_FRAME_NONE);
}

static void
test_pretty_values(void **state)
{
	(void)state;
	/* two values as `jq .` prints them: 4 and 3 lines */
	check("{\n  \"a\": 1,\n  \"b\": [2, 3]\n}\n{\n  \"c\": \"x\\\"\\n\"\n}\n",
	    "{   \"a\": 1,   \"b\": [2, 3] }\n\n\n\n"
	    "{   \"c\": \"x\\\"\\n\" }\n\n\n", SLO_FRAME_VALUES);
	/* no final line break: the empty lines still come */
	check("{\n \"a\":1\n}", "{  \"a\":1 }\n\n\n", SLO_FRAME_VALUES);
	/* CRLF line ends inside a value become spaces too */
	check("{\r\n  \"a\": 1\r\n}\r\n", "{    \"a\": 1  }\r\n\n\n",
	    SLO_FRAME_VALUES);
}

static void
test_concatenated(void **state)
{
	(void)state;
	/* two values on line 1: the second gets a line of its own, which the
	 * next multi-line value's empty lines take back (3 lines in, 3 out) */
	check("{\"a\":1}{\"b\":2}\n{\n \"c\":3}\n",
	    "{\"a\":1}\n{\"b\":2}\n{  \"c\":3}\n", SLO_FRAME_VALUES);
	check("{\"a\":1} {\"b\":2}\n", "{\"a\":1} \n{\"b\":2}\n",
	    SLO_FRAME_VALUES);
}

static void
test_arrays(void **state)
{
	(void)state;
	/* gcloud's shape: 8 lines in, 8 out, each element on its first line */
	check("[\n  {\n    \"a\": 1\n  },\n  {\n    \"b\": 2\n  }\n]\n",
	    " \n  {     \"a\": 1   } \n\n\n  {     \"b\": 2   }\n\n\n \n",
	    SLO_FRAME_ARRAY);
	/* one line: one line per element */
	check("[{\"a\":1},{\"b\":[1,2]}, {\"c\":{}}]\n",
	    " {\"a\":1} \n{\"b\":[1,2]}  \n{\"c\":{}} \n", SLO_FRAME_ARRAY);
	/* scalars and strings are values too (the reader rejects them) */
	check("[\n{},\n1,\n\"s\",\ntrue\n]", " \n{} \n1 \n\"s\" \ntrue\n ",
	    SLO_FRAME_ARRAY);
	check("[]\n", "  \n", SLO_FRAME_ARRAY);
	/* two arrays one after the other (pages of an export) */
	check("[{\"a\":1}]\n[{\"b\":2}]\n", " {\"a\":1} \n {\"b\":2} \n",
	    SLO_FRAME_ARRAY);
}

/* A broken value never swallows the next ones. */
static void
test_broken(void **state)
{
	(void)state;
	/* cut where a line starts in column 1 with no '}' or ']' */
	check("{\n  \"a\": 1,\n{\n  \"b\": 2\n}\n",
	    "{   \"a\": 1, \n\n{   \"b\": 2 }\n\n\n", SLO_FRAME_VALUES);
	/* a line break in a string */
	check("{\n  \"a\": \"open\n}\n{\"b\":1}\n",
	    "{   \"a\": \"open\n\n}\n{\"b\":1}\n", SLO_FRAME_VALUES);
	/* cut short by the end of the input */
	check("[\n  {\n    \"a\": 1\n", " \n  {     \"a\": 1 \n\n",
	    SLO_FRAME_ARRAY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ndjson_untouched),
		cmocka_unit_test(test_pretty_values),
		cmocka_unit_test(test_concatenated),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
