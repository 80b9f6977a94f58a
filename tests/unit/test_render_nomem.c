/*
 * test_render_nomem.c — running out of memory in the middle of a render
 * is SLO_ENOMEM, never SLO_OK with a truncated text: promote-check's and
 * flag-audit's renderers, in every format, with realloc(3) failing from
 * its k-th call on, for every k the render reaches.
 *
 * realloc is replaced in this program (slo_buf grows through it alone):
 * when armed it fails from a set call on, else it passes to the next
 * definition (libc's, or a sanitizer's).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo_event.h"
#include "slo_flags.h"
#include "slo_promote.h"

/*
 * Under AddressSanitizer realloc is the sanitizer's, and the next one
 * after ours may be libc's, which must not see the sanitizer's blocks:
 * there is no replacement and the tests skip (make test runs them
 * unsanitized).
 */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

static long calls_left = -1; /* -1: never fail */

#if !UNDER_ASAN
void *
realloc(void *p, size_t n)
{
	static void *(*next)(void *, size_t);

	if (calls_left == 0)
		return NULL;
	if (calls_left > 0)
		calls_left--;
	if (next == NULL)
		*(void **)&next = dlsym(RTLD_NEXT, "realloc");
	return next(p, n);
}
#endif

typedef slo_status render_fn(const void *e, slo_format fmt, int color,
    slo_buf *out);

/*
 * Render e in fmt whole, then again with realloc failing from its k-th
 * call on, k = 0, 1, ...: each attempt either fails with SLO_ENOMEM or
 * gives the whole text; at least one fails after appending something.
 */
static void
check_render(render_fn *render, const void *e, slo_format fmt, int color)
{
	slo_buf whole = { 0 };
	int midway = 0;

	calls_left = -1;
	assert_int_equal(render(e, fmt, color, &whole), SLO_OK);
	assert_true(whole.len > 500); /* several reallocs, so "midway" exists */
	for (long k = 0; k < 64; k++) {
		slo_buf b = { 0 };
		slo_status st;

		calls_left = k;
		st = render(e, fmt, color, &b);
		calls_left = -1;
		if (st == SLO_OK) {
			assert_int_equal(b.len, whole.len);
			assert_memory_equal(b.data, whole.data, whole.len);
			slo_buf_release(&b);
			break; /* k reallocs were enough */
		}
		assert_int_equal(st, SLO_ENOMEM);
		midway |= b.len > 0;
		slo_buf_release(&b);
	}
	assert_true(midway);
	slo_buf_release(&whole);
}

static slo_status
promote_render(const void *e, slo_format fmt, int color, slo_buf *out)
{
	return slo_promote_render(e, fmt, color, out);
}

static slo_status
audit_render(const void *e, slo_format fmt, int color, slo_buf *out)
{
	return slo_flag_audit_render(e, fmt, color, out);
}

static void
feed_file(const char *path, slo_status (*add)(void *, const slo_event *,
    slo_error *), void *e)
{
	slo_event_decoder *dec = slo_event_decoder_new();
	char line[8192];
	slo_event ev;
	slo_error err;
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	assert_non_null(dec);
	while (fgets(line, sizeof line, f) != NULL)
		if (slo_event_decode(dec, line, strcspn(line, "\n"), &ev,
		    &err) == SLO_OK)
			assert_int_not_equal(add(e, &ev, &err), SLO_ENOMEM);
	fclose(f);
	slo_event_decoder_free(dec);
}

static slo_status
promote_add(void *e, const slo_event *ev, slo_error *err)
{
	return slo_promote_add(e, ev, err);
}

static slo_status
audit_add(void *e, const slo_event *ev, slo_error *err)
{
	return slo_flag_audit_add(e, ev, err);
}

static void
test_promote_render_nomem(void **state)
{
	static const char *const files[] = {
		"examples/promote/pass.ndjson", "examples/promote/fail.ndjson",
		"examples/promote/inconclusive.ndjson"
	};
	static const slo_format fmts[] = {
		SLO_FMT_NDJSON, SLO_FMT_TABLE, SLO_FMT_JUNIT, SLO_FMT_MARKDOWN,
		SLO_FMT_CSV, SLO_FMT_TSV
	};
	slo_promote_criteria c;
	slo_error err;

	(void)state;
	if (UNDER_ASAN)
		skip(); /* before anything is allocated */
	slo_error_clear(&err);
	assert_int_equal(slo_promote_criteria_load(&c,
	    "examples/promote/promote.yaml", &err), SLO_OK);
	for (size_t i = 0; i < 3; i++) {
		slo_promote *p = slo_promote_new(&c, SLO_NS_NONE, &err);

		assert_non_null(p);
		feed_file(files[i], promote_add, p);
		assert_int_equal(slo_promote_finish(p, &err), SLO_OK);
		for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++)
			check_render(promote_render, p, fmts[k], k == 1);
		slo_promote_free(p);
	}
}

static void
test_audit_render_nomem(void **state)
{
	static const slo_format fmts[] = {
		SLO_FMT_NDJSON, SLO_FMT_TABLE, SLO_FMT_JUNIT, SLO_FMT_MARKDOWN,
		SLO_FMT_CSV, SLO_FMT_TSV
	};
	slo_flag_registry *r;
	slo_flag_audit_opts o;
	slo_flag_audit *a;
	slo_error err;

	(void)state;
	if (UNDER_ASAN)
		skip(); /* before anything is allocated */
	assert_non_null(r = slo_flag_registry_new());
	slo_error_clear(&err);
	assert_int_equal(slo_flag_registry_load_file(r,
	    "examples/flags/flags.yaml", &err), SLO_OK);
	slo_flag_audit_opts_init(&o);
	o.summary = 1;
	assert_non_null(a = slo_flag_audit_new(r, &o));
	feed_file("examples/flags/evaluations.ndjson", audit_add, a);
	assert_int_equal(slo_flag_audit_finish(a, &err), SLO_OK);
	for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++)
		check_render(audit_render, a, fmts[k], k == 1);
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_promote_render_nomem),
		cmocka_unit_test(test_audit_render_nomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
