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
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
