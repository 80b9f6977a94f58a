/*
 * test_ingest_merge.c — slo_ingest_merge(): the engines of the parts of an
 * input, merged in input order, are the engine of the whole input (stats,
 * reasons in order of first occurrence, rollup rows); and the ad-hoc SLO
 * of slo-eval's command line (lib/spec/adhoc.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "slo_adhoc.h"
#include "slo_ingest.h"

static const char *const lines[] = {
	"{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:10Z\",\"status\":200,\"latency_ms\":5}",
	"{\"kind\":\"request\",\"status\":200}",            /* no ts to roll up */
	"{\"kind\":\"deploy\",\"ts\":\"2026-11-25T00:00:20Z\",\"result\":\"success\"}",
	"{\"kind\":\"nope\"}",                              /* unknown kind */
	"{\"kind\":\"request\",\"ts\":\"2026-11-25T00:01:10Z\",\"status\":503,\"latency_ms\":50}",
	"{\"kind\":\"request\",\"ts\":\"bad\"}",            /* invalid time */
	"{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:40Z\",\"status\":201,\"route\":\"/a\"}",
	"{\"kind\":\"request\",\"status\":204}",            /* no ts again */
};
#define NLINES (sizeof lines / sizeof lines[0])

struct eng {
	slo_ingest *ing;
	slo_rollup *r;
	slo_buf out;
};

static void
eng_new(struct eng *e)
{
	memset(e, 0, sizeof *e);
	e->ing = slo_ingest_new(SLO_PRESET_CANONICAL);
	e->r = slo_rollup_new(SLO_NS_PER_MIN);
	assert_non_null(e->ing);
	assert_non_null(e->r);
	slo_ingest_set_rollup(e->ing, e->r);
}

static void
eng_feed(struct eng *e, size_t from, size_t to)
{
	slo_error err;

	for (size_t i = from; i < to; i++)
		slo_ingest_line(e->ing, lines[i], strlen(lines[i]), &e->out, &err);
}

static void
eng_free(struct eng *e)
{
	slo_ingest_free(e->ing);
	slo_rollup_free(e->r);
	slo_buf_release(&e->out);
}

static void
rows(slo_rollup *r, slo_buf *b)
{
	for (size_t i = 0; i < slo_rollup_nrows(r); i++)
		assert_int_equal(slo_rollup_row_encode(slo_rollup_row_at(r, i), b),
		    SLO_OK);
}

static void
test_merge_is_the_whole(void **state)
{
	(void)state;
	for (size_t cut = 0; cut <= NLINES; cut++) {
		struct eng whole, a, b;
		slo_ingest_stats sw, sa;
		uint64_t vw[SLO_INGEST_NSTATS], va[SLO_INGEST_NSTATS], cw, ca;
		slo_buf rw = { 0 }, ra = { 0 };
		slo_error err;

		eng_new(&whole);
		eng_new(&a);
		eng_new(&b);
		eng_feed(&whole, 0, NLINES);
		eng_feed(&a, 0, cut);
		eng_feed(&b, cut, NLINES);
		assert_int_equal(slo_ingest_merge(a.ing, b.ing, &err), SLO_OK);
		sw = slo_ingest_get_stats(whole.ing);
		sa = slo_ingest_get_stats(a.ing);
		slo_ingest_stats_to(&sw, vw);
		slo_ingest_stats_to(&sa, va);
		assert_memory_equal(vw, va, sizeof vw);
		assert_int_equal(sw.rejected, 4);
		assert_int_equal(sw.rolled, 3);
		assert_int_equal(sw.written, 1);
		/* reasons: the same phrases, counts and order */
		assert_int_equal(slo_ingest_nreasons(a.ing),
		    slo_ingest_nreasons(whole.ing));
		for (size_t i = 0; i < slo_ingest_nreasons(whole.ing); i++) {
			assert_string_equal(slo_ingest_reason(a.ing, i, &ca),
			    slo_ingest_reason(whole.ing, i, &cw));
			assert_int_equal(ca, cw);
		}
		rows(whole.r, &rw);
		rows(a.r, &ra);
		assert_int_equal(rw.len, ra.len);
		assert_memory_equal(rw.data, ra.data, rw.len);
		/* b was left as it was */
		sa = slo_ingest_get_stats(b.ing);
		assert_true(sa.objects + sa.rejected == NLINES - cut);
		slo_buf_release(&rw);
		slo_buf_release(&ra);
		eng_free(&whole);
		eng_free(&a);
		eng_free(&b);
	}
}

static void
test_merge_refuses_unlike(void **state)
{
	slo_ingest *plain = slo_ingest_new(SLO_PRESET_CANONICAL);
	struct eng e;
	slo_error err;

	(void)state;
	eng_new(&e);
	assert_int_equal(slo_ingest_merge(e.ing, plain, &err), SLO_EMISMATCH);
	assert_int_equal(slo_ingest_merge(plain, e.ing, &err), SLO_EMISMATCH);
	slo_ingest_free(plain);
	eng_free(&e);
}

static void
test_stats_array_round_trip(void **state)
{
	slo_ingest_stats s = { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, t;
	uint64_t v[SLO_INGEST_NSTATS];

	(void)state;
	slo_ingest_stats_to(&s, v);
	for (size_t i = 0; i < SLO_INGEST_NSTATS; i++)
		assert_int_equal(v[i], i + 1);
	t = slo_ingest_stats_from(v);
	assert_memory_equal(&s, &t, sizeof s);
}

static void
test_adhoc(void **state)
{
	slo_adhoc a;
	slo_spec *spec;
	const slo_spec_slo *s;
	slo_error err;

	(void)state;
	memset(&a, 0, sizeof a);
	assert_null(slo_adhoc_spec(&a, &err));
	assert_int_equal(err.status, SLO_EINVAL);
	assert_int_equal(slo_adhoc_set(&a, "objective", "99"), SLO_OK);
	assert_int_equal(slo_adhoc_set(&a, "good", "status < 500"), SLO_OK);
	/* a later value replaces the earlier one */
	assert_int_equal(slo_adhoc_set(&a, "objective", "99.5"), SLO_OK);
	assert_int_equal(a.n, 2);
	spec = slo_adhoc_spec(&a, &err);
	assert_non_null(spec);
	assert_int_equal(slo_spec_count(spec), 1);
	s = slo_spec_get(spec, 0);
	assert_string_equal(s->name, "adhoc");
	slo_spec_free(spec);
	/* errors name the command line */
	memset(&a, 0, sizeof a);
	slo_adhoc_set(&a, "objective", "99");
	slo_adhoc_set(&a, "good", "status <");
	assert_null(slo_adhoc_spec(&a, &err));
	assert_string_equal(err.file, "command line");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_is_the_whole),
		cmocka_unit_test(test_merge_refuses_unlike),
		cmocka_unit_test(test_stats_array_round_trip),
		cmocka_unit_test(test_adhoc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
