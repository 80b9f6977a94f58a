/*
 * test_progress.c — the progress line (slo_progress.h): its text, worked
 * by hand below, and how it is drawn and erased.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "slo_progress.h"

static void
check_format(uint64_t bytes, uint64_t total, uint64_t events,
    uint64_t rejected, double secs, const char *want)
{
	slo_progress_counts c = { bytes, total, events, rejected };
	char buf[160];
	size_t n = slo_progress_format(buf, sizeof buf, &c, secs);

	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void
test_format(void **state)
{
	(void)state;
	/* under 1 KiB: bytes as they are; no rate at 0 s */
	check_format(512, 0, 3, 0, 0, "512 B, 3 events, 0 rejected");
	/* 12.5 MiB = 13107200 B of 40 MiB = 41943040 B: 31.25% shows 31%
	 * (rounded down: 100% only at the end); 120000 events in 1.5 s is
	 * 80000 events/s */
	check_format(13107200, 41943040, 120000, 3, 1.5,
	    "12.5 MiB of 40.0 MiB (31%), 120000 events, 80000 events/s, "
	    "3 rejected");
	/* 1536 B = 1.5 KiB; 3 GiB = 3221225472 B */
	check_format(1536, 3221225472ull, 10, 1, 4,
	    "1.5 KiB of 3.0 GiB (0%), 10 events, 2 events/s, 1 rejected");
	/* a file that grew while read stops at 100% */
	check_format(2048, 1024, 0, 0, 1,
	    "2.0 KiB of 1.0 KiB (100%), 0 events, 0 events/s, 0 rejected");
}

static void
test_format_small_buffer(void **state)
{
	slo_progress_counts c = { 13107200, 41943040, 120000, 3 };
	char buf[12];

	(void)state;
	assert_int_equal(slo_progress_format(buf, sizeof buf, &c, 1), 11);
	assert_string_equal(buf, "12.5 MiB of");
}

static char *
slurp(FILE *f)
{
	long n = ftell(f);
	char *s = malloc((size_t)n + 1);

	rewind(f);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	return s;
}

static void
wait_interval(void)
{
	struct timespec ts = { 0, (SLO_PROGRESS_EVERY_MS + 20) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Nothing before the interval has passed; then one line, redrawn in
 * place with ESC [ K, and erased at the end. */
static void
test_draw_escapes(void **state)
{
	FILE *f = tmpfile();
	slo_progress *p = slo_progress_new(f, "tool", 1);
	slo_progress_counts c = { 100, 0, 5, 0 };
	char *s;

	(void)state;
	slo_progress_update(p, &c);
	assert_int_equal(ftell(f), 0);
	wait_interval();
	slo_progress_update(p, &c);
	c.events = 6;
	slo_progress_update(p, &c); /* too soon: not drawn */
	slo_progress_free(p);
	s = slurp(f);
	assert_non_null(strstr(s, "\r\033[Ktool: 100 B, 5 events, "));
	assert_null(strstr(s, "6 events"));
	assert_true(strlen(s) > 4);
	assert_string_equal(s + strlen(s) - 4, "\r\033[K");
	free(s);
	fclose(f);
}

/* Without escapes (NO_COLOR): a shorter line is padded over the longer
 * one, and the end overwrites the line with spaces. */
static void
test_draw_plain(void **state)
{
	FILE *f = tmpfile();
	slo_progress *p = slo_progress_new(f, "t", 0);
	slo_progress_counts c = { 1000, 0, 100000, 0 };
	char *s, *second;
	size_t first_len;

	(void)state;
	wait_interval();
	slo_progress_update(p, &c);
	first_len = (size_t)ftell(f) - 1; /* without its '\r' */
	c.events = 1;
	wait_interval();
	slo_progress_update(p, &c);
	slo_progress_free(p);
	s = slurp(f);
	assert_null(strchr(s, '\033'));
	second = strchr(s + 1, '\r');
	assert_non_null(second);
	/* the second draw is as wide as the first: "t: 1000 B, 1 events, ..." */
	assert_int_equal(strcspn(second + 1, "\r"), first_len);
	assert_memory_equal(second + 1, "t: 1000 B, 1 events, ", 21);
	free(s);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_small_buffer),
		cmocka_unit_test(test_draw_escapes),
		cmocka_unit_test(test_draw_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
