/*
 * test_unwrap.c — Docker json-file and Kubernetes CRI wrappers (slo_unwrap.h)
 * on lines from the formats' own documentation:
 * Docker: https://docs.docker.com/engine/logging/drivers/json-file/
 *   {"log":"Log line is here\n","stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}
 * CRI: the kubelet CRI logging proposal,
 *   https://github.com/kubernetes/design-proposals-archive/blob/main/node/kubelet-cri-logging.md
 *   (its example of a full entry, then one in three parts).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "slo_math.h"
#include "slo_unwrap.h"

/* lines (each without '\n') through an unwrapper of mode, then finish:
 * what comes out, and the mode it ends in */
static void
check(slo_unwrap_mode mode, const char *const *lines, const char *want,
    slo_unwrap_mode want_mode)
{
	slo_unwrap *u = slo_unwrap_new(mode);
	slo_buf out = { 0 };

	for (; *lines != NULL; lines++)
		assert_int_equal(slo_unwrap_line(u, *lines, strlen(*lines), 0,
		    &out), SLO_OK);
	assert_int_equal(slo_unwrap_finish(u, &out), SLO_OK);
	slo_buf_putc(&out, '\0');
	assert_string_equal(out.data, want);
	assert_int_equal(slo_unwrap_mode_of(u), want_mode);
	slo_buf_release(&out);
	slo_unwrap_free(u);
}

static void
test_cri_spec(void **state)
{
	static const char *const in[] = {
		"2016-10-06T00:17:09.669794202Z stdout F The content of the log entry 1",
		"2016-10-06T00:17:09.669794202Z stdout P First line of log entry 2",
		"2016-10-06T00:17:09.669794202Z stdout P Second line of the log entry 2",
		"2016-10-06T00:17:10.113242941Z stderr F Last line of the log entry 2",
		NULL
	};

	(void)state;
	/* the three parts joined as they are (the proposal: P entries are
	 * parts of one line), on the line of the first, two empty lines after */
	check(SLO_UNWRAP_AUTO, in,
	    "The content of the log entry 1\n"
	    "First line of log entry 2Second line of the log entry 2"
	    "Last line of the log entry 2\n\n\n", SLO_UNWRAP_CRI);
	check(SLO_UNWRAP_CRI, in,
	    "The content of the log entry 1\n"
	    "First line of log entry 2Second line of the log entry 2"
	    "Last line of the log entry 2\n\n\n", SLO_UNWRAP_CRI);
}

static void
test_docker_doc(void **state)
{
	static const char *const in[] = {
		"{\"log\":\"Log line is here\\n\",\"stream\":\"stdout\",\"time\":\"2019-01-01T11:11:11.111111111Z\"}",
		NULL
	};

	(void)state;
	check(SLO_UNWRAP_AUTO, in, "Log line is here\n", SLO_UNWRAP_DOCKER);
}

/* A JSON payload without "ts" gets the wrapper's, first; one with "ts"
 * keeps its own; an empty object gets just "ts". */
static void
test_ts(void **state)
{
	static const char *const docker[] = {
		"{\"log\":\"{\\\"kind\\\":\\\"request\\\",\\\"status\\\":200}\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-24T10:00:00.5Z\"}",
		"{\"log\":\"{\\\"ts\\\":\\\"2026-11-24T09:00:00Z\\\"}\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-24T10:00:01Z\"}",
		"{\"log\":\" { }\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-24T10:00:02Z\"}",
		NULL
	};
	static const char *const cri[] = {
		"2026-11-24T10:00:00Z stdout F {\"status\":200}",
		"2026-11-24T10:00:01Z stdout P {\"kind\":\"requ",
		"2026-11-24T10:00:02Z stdout F est\"}",
		/* not a JSON object: as it is */
		"2026-11-24T10:00:03Z stdout F {\"broken\"",
		NULL
	};

	(void)state;
	check(SLO_UNWRAP_AUTO, docker,
	    "{\"ts\":\"2026-11-24T10:00:00.5Z\",\"kind\":\"request\",\"status\":200}\n"
	    "{\"ts\":\"2026-11-24T09:00:00Z\"}\n"
	    " {\"ts\":\"2026-11-24T10:00:02Z\" }\n", SLO_UNWRAP_DOCKER);
	/* a joined entry takes the time of its first part */
	check(SLO_UNWRAP_AUTO, cri,
	    "{\"ts\":\"2026-11-24T10:00:00Z\",\"status\":200}\n"
	    "{\"ts\":\"2026-11-24T10:00:01Z\",\"kind\":\"request\"}\n\n"
	    "{\"broken\"\n", SLO_UNWRAP_CRI);
}

/* Docker cuts lines over 16 KiB into entries whose log lacks the "\n". */
static void
test_docker_partial(void **state)
{
	static const char *const in[] = {
		"{\"log\":\"abc\",\"stream\":\"stdout\",\"time\":\"2026-11-24T10:00:00Z\"}",
		"{\"log\":\"def\",\"stream\":\"stdout\",\"time\":\"2026-11-24T10:00:00Z\"}",
		"{\"log\":\"ghi\\r\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-24T10:00:00Z\"}",
		/* never finished: handed on at the end */
		"{\"log\":\"tail\",\"stream\":\"stdout\",\"time\":\"2026-11-24T10:00:00Z\"}",
		NULL
	};

	(void)state;
	check(SLO_UNWRAP_DOCKER, in, "abcdefghi\n\n\ntail\n", SLO_UNWRAP_DOCKER);
}

/* Auto: an unwrapped first line turns it off; blank lines wait.  In a
 * wrapped stream, a line that is no wrapper passes as it is, after what
 * was joined before it. */
static void
test_auto_and_strays(void **state)
{
	static const char *const plain[] = {
		"", "{\"kind\":\"request\"}",
		"2016-10-06T00:17:09.669794202Z stdout F later lines pass too",
		NULL
	};
	static const char *const stray[] = {
		"2026-11-24T10:00:00Z stdout P part",
		"not a wrapper",
		"2026-11-24T10:00:01Z stdout F whole",
		/* no stream name, a bad time, a bad tag: no wrapper */
		"2026-11-24T10:00:01Z stdin F x",
		"2026-13-24T10:00:01Z stdout F x",
		"2026-11-24T10:00:01Z stdout X x",
		NULL
	};

	(void)state;
	check(SLO_UNWRAP_AUTO, plain,
	    "\n{\"kind\":\"request\"}\n"
	    "2016-10-06T00:17:09.669794202Z stdout F later lines pass too\n",
	    SLO_UNWRAP_NONE);
	check(SLO_UNWRAP_AUTO, stray,
	    "part\nnot a wrapper\nwhole\n"
	    "2026-11-24T10:00:01Z stdin F x\n"
	    "2026-13-24T10:00:01Z stdout F x\n"
	    "2026-11-24T10:00:01Z stdout X x\n", SLO_UNWRAP_CRI);
}


/*
 * Docker lines are read by the selective scanner, jansson taking the
 * lines it hands over.  Second method: jansson alone, in the test, says
 * whether each line is a wrapper (an object whose last "log" and "time"
 * are strings, the time one slo_time_parse takes) and what its payload
 * is; the unwrapper must agree on every line of a generated set: keys in
 * any order, spaced, repeated, escaped, with other members and nested
 * values, then each line cut at every length and with bytes replaced.
 * A payload that is a JSON object without "ts" gets the wrapper's time
 * as "ts" (that decision too is the scanner's, checked the same way).
 */
static int
has_log_member(const char *s, size_t n)
{
	for (size_t i = 0; i + 5 <= n; i++)
		if (memcmp(s + i, "\"log\"", 5) == 0)
			return 1;
	return 0;
}

/*
 * What the unwrapper writes for payload p[0 .. k) with the wrapper's time:
 * when jansson reads p as an object without "ts", the time inserted as
 * "ts" after its '{'; line breaks in it turned to spaces.
 */
static void
expect_payload(const char *p, size_t k, const char *time, slo_buf *want)
{
	size_t start = want->len, skip = 0;
	json_t *o;

	while (skip < k && (p[skip] == ' ' || p[skip] == '\t'))
		skip++;
	o = skip < k && p[skip] == '{' ?
	    json_loadb(p + skip, k - skip, 0, NULL) : NULL;
	if (json_is_object(o) && json_object_get(o, "ts") == NULL) {
		size_t b = skip + 1;
		int empty = 1;

		for (size_t i = b; i < k; i++)
			if (p[i] != ' ' && p[i] != '\t' && p[i] != '}')
				empty = 0;
		slo_buf_append(want, p, b);
		slo_buf_puts(want, "\"ts\":\"");
		slo_buf_puts(want, time);
		slo_buf_puts(want, empty ? "\"" : "\",");
		slo_buf_append(want, p + b, k - b);
	} else
		slo_buf_append(want, p, k);
	json_decref(o);
	for (size_t i = start; i < want->len; i++)
		if (want->data[i] == '\n' || want->data[i] == '\r')
			want->data[i] = ' ';
}

static void
expect_docker(const char *line, size_t n, slo_buf *want)
{
	json_t *o = json_loadb(line, n, JSON_ALLOW_NUL, NULL);
	json_t *l = json_object_get(o, "log"), *t = json_object_get(o, "time");
	slo_ns ns;

	want->len = 0;
	if (n >= 2 && line[0] == '{' && has_log_member(line, n) &&
	    json_is_object(o) && json_is_string(l) && json_is_string(t) &&
	    slo_time_parse(json_string_value(t), json_string_length(t), &ns,
	    NULL) == SLO_OK) {
		const char *p = json_string_value(l);
		size_t k = json_string_length(l);

		if (k > 0 && p[k - 1] == '\n') {
			k--;
			if (k > 0 && p[k - 1] == '\r')
				k--;
		}
		expect_payload(p, k, json_string_value(t), want);
	} else
		slo_buf_append(want, line, n);
	slo_buf_putc(want, '\n');
	json_decref(o);
}

static void
check_docker_line(const char *line, size_t n, slo_buf *want, size_t *checked)
{
	slo_unwrap *u;
	slo_buf out = { 0 };

	expect_docker(line, n, want);
	u = slo_unwrap_new(SLO_UNWRAP_DOCKER);
	assert_int_equal(slo_unwrap_line(u, line, n, 0, &out), SLO_OK);
	assert_int_equal(slo_unwrap_finish(u, &out), SLO_OK);
	if (out.len != want->len || memcmp(out.data, want->data, out.len) != 0)
		fail_msg("line '%.*s': got '%.*s', want '%.*s'", (int)n, line,
		    (int)out.len, out.data, (int)want->len, want->data);
	slo_buf_release(&out);
	slo_unwrap_free(u);
	(*checked)++;
}

static void
test_docker_scanner_agrees(void **state)
{
	static const char *const lines[] = {
		"{\"log\":\"Log line is here\\n\",\"stream\":\"stdout\",\"time\":\"2019-01-01T11:11:11.111111111Z\"}",
		"{\"time\":\"2019-01-01T11:11:11Z\",\"stream\":\"stderr\",\"log\":\"GET / 200\\r\\n\"}",
		" { \"log\" : \"spaced\\n\" ,\t\"time\" : \"2019-01-01T11:11:11Z\" } ",
		"{\"log\":\"first\\n\",\"time\":\"2019-01-01T11:11:11Z\",\"log\":\"last wins\\n\"}",
		"{\"log\":\"x\\n\",\"time\":\"2019-01-01T11:11:11Z\",\"log\":7}",
		"{\"log\":\"\\u00e9t\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/\\n\",\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\"nul \\u0000 inside\\n\",\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\"été réussi\\n\",\"time\":\"2019-01-01T11:11:11+02:00\"}",
		"{\"attrs\":{\"tag\":[1,2,{\"a\":null}]},\"log\":\"nested skipped\\n\",\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":{\"not\":\"a string\"},\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":[\"x\"],\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\"no time\\n\"}",
		"{\"log\":\"bad time\\n\",\"time\":\"yesterday\"}",
		"{\"log\":\"time a number\\n\",\"time\":1546341071}",
		"{\"log\":\"partial, no newline\",\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\"line\\nbreak inside\\n\",\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\"\",\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\"trailing\\n\",\"time\":\"2019-01-01T11:11:11Z\"} x",
		"{\"log\":\"1e400 follows\\n\",\"n\":1e400,\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\"big int\\n\",\"n\":123456789012345678901234,\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\"bad utf-8 \xc3\\n\",\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\"raw tab\t\\n\",\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"l\\u006fg\":\"escaped key\\n\",\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\"{\\\"status\\\":200,\\\"path\\\":\\\"/a\\\"}\\n\",\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\" {\\\"ts\\\":\\\"2019-01-01T00:00:00Z\\\",\\\"x\\\":[1,{}]}\\n\",\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\"{\\\"t\\\\u0073\\\":1}\\n\",\"time\":\"2019-01-01T11:11:11Z\"}",
		"{\"log\":\"{ }\\n\",\"time\":\"2019-01-01T11:11:11Z\"}",
		NULL
	};
	static const char repl[] = { '"', '\\', '}', '{', ',', ':', ' ', 'x',
	    '\n', '\0', (char)0xff };
	slo_buf want = { 0 };
	char buf[512];
	size_t checked = 0;

	(void)state;
	for (const char *const *l = lines; *l != NULL; l++) {
		size_t n = strlen(*l);

		assert_true(n < sizeof buf);
		check_docker_line(*l, n, &want, &checked);
		for (size_t cut = 0; cut < n; cut++)
			check_docker_line(*l, cut, &want, &checked);
		for (size_t i = 0; i < n; i++)
			for (size_t r = 0; r < sizeof repl; r++) {
				memcpy(buf, *l, n);
				buf[i] = repl[r];
				check_docker_line(buf, n, &want, &checked);
			}
	}
	assert_true(checked == 19251); /* 27 lines, each whole, cut at every length and with 11 bytes at every place */
	slo_buf_release(&want);
}

static void
test_names(void **state)
{
	(void)state;
	assert_int_equal(slo_unwrap_mode_from_name("docker"), SLO_UNWRAP_DOCKER);
	assert_int_equal(slo_unwrap_mode_from_name("cri"), SLO_UNWRAP_CRI);
	assert_int_equal(slo_unwrap_mode_from_name("auto"), SLO_UNWRAP_AUTO);
	assert_int_equal(slo_unwrap_mode_from_name("none"), SLO_UNWRAP_NONE);
	assert_int_equal(slo_unwrap_mode_from_name("Docker"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cri_spec),
		cmocka_unit_test(test_docker_doc),
		cmocka_unit_test(test_ts),
		cmocka_unit_test(test_docker_partial),
		cmocka_unit_test(test_auto_and_strays),
		cmocka_unit_test(test_docker_scanner_agrees),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
