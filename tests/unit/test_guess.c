/*
 * test_guess.c — slo_ingest_guess_preset() (slo-ingest --preset auto,
 * issue 17.5) on samples built from the presets' fixtures: line counts by
 * hand, JSON values over many lines and arrays, a sample cut off mid-line,
 * and the refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "slo_ingest.h"

/* Envoy's JSON keys (tests/cli/fixtures/slo-ingest/envoy.ndjson) and the
 * documented combined-format line (tests/cli/fixtures/text/nginx.log). */
#define ENVOY "{\"start_time\":\"2026-11-26T08:10:33.123Z\",\"method\":\"GET\"," \
    "\"path\":\"/\",\"response_code\":200,\"duration\":12}"
#define NGINX "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] " \
    "\"GET /apache_pb.gif HTTP/1.0\" 200 2326 " \
    "\"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\""

static slo_status
guess(const char *t, int complete, slo_ingest_guess *g, slo_error *err)
{
	return slo_ingest_guess_preset(t, strlen(t), complete, g, err);
}

static void
picks_with_counts(void **state)
{
	slo_ingest_guess g;
	slo_error err;

	(void)state;
	/* 3 lines, one blank, one that fits nothing */
	assert_int_equal(guess(ENVOY "\n\n{\"x\":1}\n" ENVOY "\n", 1, &g, &err),
	    SLO_OK);
	assert_string_equal(g.preset, "envoy");
	assert_int_equal(g.lines, 4);
	assert_int_equal(g.records, 3);
	assert_int_equal(g.unfit, 1);
	/* a value over 3 lines, then an array of 2 (one line): 4 lines */
	assert_int_equal(guess("{\"start_time\":\"x\",\n \"response_code\":200\n}\n"
	    "[" ENVOY "," ENVOY "]\n", 1, &g, &err), SLO_OK);
	assert_string_equal(g.preset, "envoy");
	assert_int_equal(g.lines, 4);
	assert_int_equal(g.records, 3);
	/* a text line with CR LF */
	assert_int_equal(guess(NGINX "\r\n", 1, &g, &err), SLO_OK);
	assert_string_equal(g.preset, "nginx");
	/* canonical: "ts", or a kind of slo-events(5); a "ts" beside another
	 * preset's members (a wrapper's) does not hide them */
	assert_int_equal(guess("{\"kind\":\"deploy\",\"result\":\"success\"}\n",
	    1, &g, &err), SLO_OK);
	assert_string_equal(g.preset, "canonical");
	assert_int_equal(guess("{\"ts\":\"2026-11-26T08:10:33Z\",\"start_time\":"
	    "\"x\",\"response_code\":200}\n", 1, &g, &err), SLO_OK);
	assert_string_equal(g.preset, "envoy");
	/* GO Feature Flag's "kind":"feature" is not a canonical kind */
	assert_int_equal(guess("{\"kind\":\"feature\",\"key\":\"k\"}\n", 1, &g,
	    &err), SLO_EINVAL);
}

static void
cut_off_sample(void **state)
{
	slo_ingest_guess g;
	slo_error err;

	(void)state;
	/* the last line, cut where the sample ends, is left out */
	assert_int_equal(guess(ENVOY "\n" NGINX, 0, &g, &err), SLO_OK);
	assert_string_equal(g.preset, "envoy");
	assert_int_equal(g.records, 1);
	assert_int_equal(guess(ENVOY "\n{\"start_t", 0, &g, &err), SLO_OK);
	assert_int_equal(g.records, 1);
	assert_int_equal(g.unfit, 0);
	/* ... but read when it is the end of the input */
	assert_int_equal(guess(ENVOY "\n" NGINX, 1, &g, &err), SLO_EINVAL);
	/* at most 64 records */
	{
		char buf[70 * (sizeof NGINX + 1) + 1] = "";

		for (int i = 0; i < 70; i++)
			strcat(buf, NGINX "\n");
		assert_int_equal(guess(buf, 1, &g, &err), SLO_OK);
		assert_int_equal(g.records, 64);
		assert_int_equal(g.lines, 64);
	}
}

static void
refusals(void **state)
{
	slo_ingest_guess g;
	slo_error err;

	(void)state;
	assert_int_equal(guess(NGINX "\n\n" ENVOY "\n", 1, &g, &err),
	    SLO_EINVAL);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "line 1 looks like an nginx or "
	    "Apache access log (combined) (nginx), line 3 like an Envoy JSON "
	    "access log (envoy)"));
	assert_int_equal(guess("hello\n{\"x\":1}\n", 1, &g, &err), SLO_EINVAL);
	assert_non_null(strstr(err.msg, "none of the 2 lines looked at"));
	/* nothing at all: canonical, which reads nothing as well as any */
	assert_int_equal(guess("\n\n", 1, &g, &err), SLO_OK);
	assert_string_equal(g.preset, "canonical");
	assert_int_equal(g.records, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(picks_with_counts),
		cmocka_unit_test(cut_off_sample),
		cmocka_unit_test(refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
