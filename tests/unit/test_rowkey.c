/*
 * test_rowkey.c — a rollup row's group key built from the row's strings
 * (eval.c: row_dims_plan(), row_group_key(), key_append_cstr()) against
 * the reference, the key group_key() builds through the expressions and
 * key_append() on the row's pseudo-event (slo_rollup_row_event()): the
 * same bytes for every value, or rows and events of one group would land
 * in different series.  This program's own copy of eval.c stands in for
 * libslo's, so that its static functions can be called.
 */
#include "../../lib/engine/eval.c"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "eval_helpers.h"

static const char SPEC[] =
    "slos:\n"
    "  - name: dims\n"
    "    good: 'status < 500'\n"
    "    objective: 99\n"
    "    window: 1d\n"
    "    group_by: [service, cohort, region, version, route]\n"
    "  - name: labels\n"
    "    good: 'status < 500'\n"
    "    objective: 99\n"
    "    window: 1d\n"
    "    group_by: [labels.k8s.pod, route, labels.tenant, labels.none]\n"
    "  - name: quoted\n"
    "    good: 'status < 500'\n"
    "    objective: 99\n"
    "    window: 1d\n"
    "    group_by: ['[\"labels.tenant\"]', region]\n"
    "  - name: status\n"
    "    good: 'status < 500'\n"
    "    objective: 99\n"
    "    window: 1d\n"
    "    group_by: [route, status]\n"
    "  - name: none\n"
    "    good: 'status < 500'\n"
    "    objective: 99\n"
    "    window: 1d\n";

/* Which SLOs build a row's key from its strings. */
static void
test_plan(void **state)
{
	slo_spec *spec = spec_of(SPEC);
	slo_eval_config cfg;
	slo_eval *e;
	slo_error err;

	(void)state;
	slo_eval_config_init(&cfg);
	assert_non_null(e = slo_eval_new(spec, &cfg, &err));
	assert_int_equal(e->nslos, 5);
	assert_true(e->slos[0].row_direct);
	assert_int_equal(e->slos[0].row_dim[4], ROW_ROUTE);
	assert_true(e->slos[1].row_direct);
	assert_int_equal(e->slos[1].row_dim[0], ROW_LABEL);
	assert_string_equal(e->slos[1].row_label[0], "k8s.pod");
	/* one segment named "labels.tenant" is no label: rows lack it */
	assert_false(e->slos[2].row_direct);
	/* a number is not a row's string */
	assert_false(e->slos[3].row_direct);
	/* no group_by: the empty key */
	assert_true(e->slos[4].row_direct);
	slo_eval_free(e);
	slo_spec_free(spec);
}

/*
 * Every SLO's key of row from the row's strings equals group_key()'s on
 * its pseudo-event, byte for byte (the key holds NULs: compared by
 * length and memcmp).
 */
static void
check_row(slo_eval *e, const slo_rollup_row *row)
{
	slo_event ev;
	char want[512];
	size_t wantlen;

	slo_rollup_row_event(row, &ev);
	for (size_t i = 0; i < e->nslos; i++) {
		if (!e->slos[i].row_direct)
			continue;
		assert_int_equal(group_key(e, e->slos[i].spec, &ev), SLO_OK);
		assert_true(e->key.len <= sizeof want);
		wantlen = e->key.len;
		memcpy(want, e->key.data, wantlen);
		assert_int_equal(row_group_key(e, &e->slos[i], row), SLO_OK);
		assert_int_equal(e->key.len, wantlen);
		assert_memory_equal(e->key.data, want, wantlen);
		assert_int_equal(e->key.data[e->key.len], '\0');
	}
}

static void
test_keys(void **state)
{
	/* a value with a NUL inside ends at it on both paths (C strings) */
	static const char nul[] = "a\0b";
	static const slo_kv labels[] = {
		{ "k8s.pod", "pod-\\1" },
		{ "tenant", "" },
	};
	static const slo_kv labels2[] = {
		{ "k8s.pod", "\\" },
		{ "tenant", "\\\\x\\" },
	};
	slo_spec *spec = spec_of(SPEC);
	slo_eval_config cfg;
	slo_rollup_row row;
	slo_eval *e;
	slo_error err;

	(void)state;
	slo_eval_config_init(&cfg);
	assert_non_null(e = slo_eval_new(spec, &cfg, &err));
	memset(&row, 0, sizeof row);
	/* all missing */
	check_row(e, &row);
	/* plain, empty, backslashes at the start, middle and end, NUL */
	row.service = "checkout";
	row.cohort = "";
	row.region = "\\eu\\";
	row.version = nul;
	row.route = "/a\\\\b";
	row.labels = labels;
	row.nlabels = 2;
	check_row(e, &row);
	row.labels = labels2;
	row.route = "\\";
	row.service = NULL;
	check_row(e, &row);
	/* a long value: the key outgrows the cache's 64 bytes and the
	 * buffer's first room */
	{
		char longv[300];

		memset(longv, 'x', sizeof longv - 1);
		longv[sizeof longv - 1] = '\0';
		longv[150] = '\\';
		row.region = longv;
		check_row(e, &row);
	}
	/* the exact bytes, by hand: 's' then the value with each backslash
	 * doubled, then NUL; '-' then NUL for missing */
	row.service = "a\\b";
	row.cohort = NULL;
	row.region = "";
	row.version = "v";
	row.route = "r";
	assert_int_equal(row_group_key(e, &e->slos[0], &row), SLO_OK);
	assert_int_equal(e->key.len, 6 + 2 + 2 + 3 + 3);
	assert_memory_equal(e->key.data, "sa\\\\b\0-\0s\0sv\0sr\0", 16);
	slo_eval_free(e);
	slo_spec_free(spec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_keys),
	};

	(void)feed; /* eval_helpers.h's, unused here */
	(void)find;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
