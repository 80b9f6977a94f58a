/*
 * junit.c — the one JUnit XML writer (slo_junit.h).
 */
#include <string.h>

#include "slo_junit.h"

#define TRY(x) do { if ((x) != SLO_OK) return SLO_ENOMEM; } while (0)

static slo_status
attr(slo_buf *b, const char *name, const char *s, size_t n)
{
	TRY(slo_buf_printf(b, " %s=\"", name));
	TRY(slo_buf_text(b, SLO_TEXT_HTML, s, n));
	return slo_buf_putc(b, '"');
}

slo_status
slo_junit_open(slo_buf *b, const char *suites, const char *suite,
    size_t tests, size_t failures, size_t skipped)
{
	TRY(slo_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
	TRY(attr(b, "name", suites, strlen(suites)));
	TRY(slo_buf_printf(b, " tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n"
	    "  <testsuite", tests, failures));
	TRY(attr(b, "name", suite, strlen(suite)));
	TRY(slo_buf_printf(b, " tests=\"%zu\" failures=\"%zu\" errors=\"0\"",
	    tests, failures));
	if (skipped != SIZE_MAX)
		TRY(slo_buf_printf(b, " skipped=\"%zu\"", skipped));
	return slo_buf_puts(b, ">\n");
}

slo_status
slo_junit_properties(slo_buf *b, const char *const *names,
    const char *const *values, size_t n)
{
	TRY(slo_buf_puts(b, "    <properties>\n"));
	for (size_t i = 0; i < n; i++) {
		TRY(slo_buf_puts(b, "      <property"));
		TRY(attr(b, "name", names[i], strlen(names[i])));
		TRY(attr(b, "value", values[i], strlen(values[i])));
		TRY(slo_buf_puts(b, "/>\n"));
	}
	return slo_buf_puts(b, "    </properties>\n");
}

slo_status
slo_junit_case_write(slo_buf *b, const slo_junit_case *c)
{
	const char *msg = c->message ? c->message : "";

	TRY(slo_buf_puts(b, "    <testcase"));
	TRY(attr(b, "classname", c->classname, strlen(c->classname)));
	TRY(attr(b, "name", c->name, strlen(c->name)));
	if (c->outcome == SLO_JUNIT_PASS && c->out == NULL)
		return slo_buf_puts(b, "/>\n");
	TRY(slo_buf_puts(b, ">\n"));
	if (c->outcome == SLO_JUNIT_FAIL) {
		TRY(slo_buf_puts(b, "      <failure"));
		TRY(attr(b, "type", c->type, strlen(c->type)));
		TRY(attr(b, "message", msg, c->message_len));
		if (c->body == NULL)
			TRY(slo_buf_puts(b, "/>\n"));
		else {
			TRY(slo_buf_putc(b, '>'));
			TRY(slo_buf_text_cstr(b, SLO_TEXT_HTML, c->body));
			TRY(slo_buf_puts(b, "</failure>\n"));
		}
	} else if (c->outcome == SLO_JUNIT_SKIPPED) {
		TRY(slo_buf_puts(b, "      <skipped"));
		TRY(attr(b, "message", msg, c->message_len));
		TRY(slo_buf_puts(b, "/>\n"));
	}
	if (c->out != NULL) {
		TRY(slo_buf_puts(b, "      <system-out>"));
		TRY(slo_buf_text(b, SLO_TEXT_HTML, c->out, c->out_len));
		TRY(slo_buf_puts(b, "</system-out>\n"));
	}
	return slo_buf_puts(b, "    </testcase>\n");
}

slo_status
slo_junit_close(slo_buf *b, const char *out)
{
	if (out != NULL) {
		TRY(slo_buf_puts(b, "    <system-out>"));
		TRY(slo_buf_text_cstr(b, SLO_TEXT_HTML, out));
		TRY(slo_buf_puts(b, "</system-out>\n"));
	}
	return slo_buf_puts(b, "  </testsuite>\n</testsuites>\n");
}
