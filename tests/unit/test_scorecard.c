/*
 * test_scorecard.c — which registry flags are "active alpha" in slo-eval's
 * scorecard (slo_flag_active_alpha, slo_scorecard.h), at the edges.  The
 * lifetimes are DESIGN.md section 7's (release 40 days, kill-switch
 * permanent); the edge is flag-audit(1)'s: "a release flag created on
 * November 1 is not stale on December 11 at midnight (exactly 40 days)
 * and stale one second later".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "slo_scorecard.h"

static slo_ns
t(const char *s)
{
	slo_ns v;
	size_t pos;

	assert_int_equal(slo_time_parse(s, strlen(s), &v, &pos), SLO_OK);
	return v;
}

static slo_flag_def
flag(const char *stage, int has_alpha, slo_flag_type type, const char *created)
{
	slo_flag_def d;

	memset(&d, 0, sizeof d);
	d.key = "f";
	d.stage = stage;
	d.has_alpha = has_alpha;
	d.type = type;
	d.created = t(created);
	d.expires = SLO_NS_NONE;
	return d;
}

static void
test_lifetime_edge(void **state)
{
	slo_flag_def d = flag("alpha", 0, SLO_FLAG_RELEASE, "2026-11-01T00:00:00Z");

	(void)state;
	assert_true(slo_flag_active_alpha(&d, t("2026-12-11T00:00:00Z")));
	assert_false(slo_flag_active_alpha(&d, t("2026-12-11T00:00:01Z")));
	/* not yet created: not active */
	assert_false(slo_flag_active_alpha(&d, t("2026-10-31T23:59:59Z")));
	assert_true(slo_flag_active_alpha(&d, t("2026-11-01T00:00:00Z")));
	/* expires overrides the type's lifetime */
	d.expires = t("2026-11-05T00:00:00Z");
	assert_true(slo_flag_active_alpha(&d, t("2026-11-05T00:00:00Z")));
	assert_false(slo_flag_active_alpha(&d, t("2026-11-05T00:00:01Z")));
}

static void
test_stage(void **state)
{
	slo_ns at = t("2026-11-02T00:00:00Z");
	slo_flag_def d = flag(NULL, 1, SLO_FLAG_EXPERIMENT, "2026-11-01T00:00:00Z");

	(void)state;
	assert_true(slo_flag_active_alpha(&d, at));   /* alpha block, no stage */
	d.stage = "beta";                             /* past alpha */
	assert_false(slo_flag_active_alpha(&d, at));
	d.stage = NULL;
	d.has_alpha = 0;                              /* no alpha at all */
	assert_false(slo_flag_active_alpha(&d, at));
	d = flag("alpha", 0, SLO_FLAG_KILL_SWITCH, "2020-01-01T00:00:00Z");
	assert_true(slo_flag_active_alpha(&d, t("2030-01-01T00:00:00Z")));
	/* no instant (no event, no --at): alpha by stage alone */
	assert_true(slo_flag_active_alpha(&d, SLO_NS_NONE));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lifetime_edge),
		cmocka_unit_test(test_stage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
