/*
 * slo_junit.h — the one JUnit XML writer (junit.c) of flag-audit and
 * promote-check: one testsuites element holding one testsuite, valid
 * against junit-10.xsd (tests/schema/, the schema of Jenkins' xunit
 * plugin).  Every text argument is raw input text: it is escaped here
 * (slo_buf_text(), SLO_TEXT_HTML, right for XML attributes and text).
 * Private to lib/render.
 */
#ifndef SLO_JUNIT_H
#define SLO_JUNIT_H

#include <stdint.h>
#include "slo.h"

/*
 * The XML declaration, <testsuites name=suites tests failures errors="0">
 * and <testsuite name=suite tests failures errors="0"[ skipped]>: the
 * schema allows 'skipped' on testsuite only; SIZE_MAX leaves it out.
 */
slo_status slo_junit_open(slo_buf *b, const char *suites, const char *suite,
    size_t tests, size_t failures, size_t skipped);

/* <properties> with n name="value" pairs (values raw). */
slo_status slo_junit_properties(slo_buf *b, const char *const *names,
    const char *const *values, size_t n);

typedef enum slo_junit_outcome {
	SLO_JUNIT_PASS,
	SLO_JUNIT_FAIL,    /* <failure type message>[body]</failure> */
	SLO_JUNIT_SKIPPED  /* <skipped message/> */
} slo_junit_outcome;

typedef struct slo_junit_case {
	const char *classname, *name;
	slo_junit_outcome outcome;
	const char *type;      /* failure type (an identifier); FAIL only */
	const char *message;   /* failure or skipped message, or NULL */
	size_t message_len;
	const char *body;      /* failure element text, or NULL: self-closed */
	const char *out;       /* system-out text, or NULL for none */
	size_t out_len;
} slo_junit_case;

/* One <testcase>: self-closed when it passed without output. */
slo_status slo_junit_case_write(slo_buf *b, const slo_junit_case *c);

/* The suite's own <system-out> (NULL: none), then the closing tags. */
slo_status slo_junit_close(slo_buf *b, const char *out);

#endif
