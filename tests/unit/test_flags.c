/* test_flags.c — the flag registry and the audit, on hand-checked cases. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo_flags.h"
#include "slo_math.h"

/* 2026-11-01T00:00:00Z: 20758 days after 1970-01-01 (python3 datetime.date). */
#define NOV1 (20758LL * SLO_NS_PER_DAY)
#define DAY SLO_NS_PER_DAY

static const char REGISTRY[] =
    "slos: []\n"
    "flags:\n"
    "  - key: new-checkout\n"
    "    owner: team-payments\n"
    "    type: release\n"
    "    created: 2026-11-01\n"
    "    stage: alpha\n"
    "    description: the one-page checkout\n"
    "    alpha:\n"
    "      variants: [on]\n"
    "      segments: [internal, beta-testers]\n"
    "      subjects: [qa-2, qa-1]\n"
    "      max_exposure: 10%\n"
    "  - key: dark-mode\n"
    "    owner: ''\n"
    "    type: experiment\n"
    "    created: 2026-10-01\n"
    "    expires: 2026-12-15T12:00:00Z\n"
    "  - key: kill-search\n"
    "    owner: team-search\n"
    "    type: kill-switch\n"
    "    created: 2020-01-01\n"
    "promotion: {}\n";

static slo_flag_registry *
load(const char *text, slo_error *err)
{
	slo_flag_registry *r = slo_flag_registry_new();
	slo_status st;

	assert_non_null(r);
	slo_error_clear(err);
	st = slo_flag_registry_load_string(r, "reg.yaml", text, strlen(text),
	    err);
	if (st != SLO_OK) {
		slo_flag_registry_free(r);
		return NULL;
	}
	return r;
}

static void
test_registry_load(void **state)
{
	slo_error err;
	slo_flag_registry *r = load(REGISTRY, &err);
	const slo_flag_def *d;

	(void)state;
	assert_non_null(r);
	assert_int_equal(slo_flag_registry_count(r), 3);
	d = slo_flag_registry_find(r, "new-checkout");
	assert_non_null(d);
	assert_string_equal(d->owner, "team-payments");
	assert_int_equal(d->type, SLO_FLAG_RELEASE);
	assert_true(d->created == NOV1);
	assert_true(d->expires == SLO_NS_NONE);
	assert_string_equal(d->stage, "alpha");
	assert_true(d->has_alpha);
	assert_int_equal(d->nvariants, 1);
	assert_string_equal(d->variants[0], "on"); /* not YAML 1.1 true */
	assert_int_equal(d->nsegments, 2);
	assert_int_equal(d->nsubjects, 2);
	assert_true(fabs(d->max_exposure - 0.10) < 1e-15);
	assert_int_equal(d->line, 3);
	assert_int_equal(d->col, 5);
	d = slo_flag_registry_get(r, 1);
	assert_string_equal(d->key, "dark-mode");
	assert_string_equal(d->owner, "");
	assert_false(d->has_alpha);
	assert_true(isnan(d->max_exposure));
	/* 2026-12-15T12:00Z = Nov 1 + 44.5 days */
	assert_true(d->expires == NOV1 + 44 * DAY + DAY / 2);
	assert_null(slo_flag_registry_find(r, "nope"));
	assert_int_equal(slo_flag_type_lifetime(SLO_FLAG_RELEASE), 40 * DAY);
	assert_int_equal(slo_flag_type_lifetime(SLO_FLAG_OPERATIONAL), 7 * DAY);
	assert_int_equal(slo_flag_type_lifetime(SLO_FLAG_PERMISSION), 0);
	slo_flag_registry_free(r);
	slo_flag_registry_free(NULL);
}

struct bad_case {
	const char *text;
	long line, col;
	const char *msg;
};

static void
test_registry_errors(void **state)
{
	static const struct bad_case cases[] = {
		{ "flags:\n  - key: a\n    typ: release\n", 3, 5,
		  "unknown key 'typ'" },
		{ "flags:\n  - key: a\n    type: relase\n", 3, 11,
		  "did you mean 'release'" },
		{ "flags:\n  - key: a\n    type: toggle\n", 3, 11,
		  "unknown flag type 'toggle' (release, experiment, "
		  "operational, kill-switch or permission)" },
		{ "flags:\n  - key: a\n    type: release\n    created: 2026-13-01\n",
		  4, 19, "" },
		{ "flags:\n  - key: a\n    type: release\n    created: 2026-11-02\n"
		  "    expires: 2026-11-01\n", 5, 14, "before created" },
		{ "flagz:\n  - key: a\n", 1, 1, "unknown key 'flagz'" },
		{ "flags:\n  - key: a\n    type: release\n  - key: a\n"
		  "    type: release\n", 4, 10, "duplicate flag 'a'" },
		{ "flags:\n  - key: a\n    type: release\n    alpha:\n"
		  "      variants: [on]\n      max_exposure: 150%\n", 6, 21, "" },
		{ "flags:\n  - key: a\n    type: release\n    alpha:\n"
		  "      segments: [x]\n", 5, 7, "alpha needs 'variants'" },
		{ "flags:\n  - key: a\n    type: release\n    alpha:\n"
		  "      variants: on\n", 5, 17, "" },
		{ "flags:\n  - owner: x\n    type: release\n", 2, 5,
		  "flag needs a 'key'" },
		{ "flags:\n  - key: a\n", 2, 5, "needs a 'type'" },
		{ "flags:\n  - key: a\n    type: release\n    stage: bta\n", 4, 12,
		  "unknown stage 'bta'" },
		{ "flags:\n  - key: a\n    type: release\n    alpha:\n"
		  "      variants: [on]\n      segmnts: [x]\n", 6, 7,
		  "unknown key 'segmnts'" },
		{ "flags: {key: a}\n", 1, 8, "" },
	};
	slo_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		slo_flag_registry *r = load(cases[i].text, &err);

		if (r != NULL)
			fail_msg("case %zu loaded", i);
		if (err.line != cases[i].line || err.col != cases[i].col ||
		    strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: %s:%ld:%ld: %s", i, err.file,
			    err.line, err.col, err.msg);
		assert_string_equal(err.file, "reg.yaml");
	}
	/*
	 * OpenSLO documents and empty sections are fine; the file is read as
	 * a spec (spec.c keeps the top-level keys), so what slo-eval refuses
	 * in it is refused here too.
	 */
	{
		slo_flag_registry *r = load("apiVersion: openslo/v1\n"
		    "kind: SLO\nmetadata: {name: x}\nspec: {}\n---\nflags:\n",
		    &err);
		assert_non_null(r);
		assert_int_equal(slo_flag_registry_count(r), 0);
		slo_flag_registry_free(r);
		assert_null(load("apiVersion: openslo/v1\nkind: SLO\n---\n"
		    "flags:\n", &err));
		assert_non_null(strstr(err.msg, "metadata"));
		assert_null(load("flags: []\nslos: [{junk: 1}]\n", &err));
		assert_int_equal(err.line, 2);
		assert_non_null(strstr(err.msg, "junk"));
	}
}

/* ---- audit helpers ---------------------------------------------------- */

static slo_event
flag_ev(const char *key, const char *variant, const char *subject,
    const char *segment, slo_ns ts)
{
	slo_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_FLAG;
	ev.flag = key;
	ev.variant = variant;
	ev.subject = subject;
	ev.segment = segment;
	if (ts != SLO_NS_NONE) {
		ev.has = SLO_HAS_TS;
		ev.ts = ts;
	}
	return ev;
}

static void
feed(slo_flag_audit *a, const char *key, const char *variant,
    const char *subject, const char *segment, slo_ns ts)
{
	slo_event ev = flag_ev(key, variant, subject, segment, ts);

	assert_int_equal(slo_flag_audit_add(a, &ev, NULL), SLO_OK);
}

static const slo_flag_finding *
find(const slo_flag_audit *a, slo_flag_check c, const char *flag)
{
	size_t i;

	for (i = 0; i < slo_flag_audit_nfindings(a); i++) {
		const slo_flag_finding *f = slo_flag_audit_finding(a, i);
		if (f->check == c && strcmp(f->flag, flag) == 0)
			return f;
	}
	return NULL;
}

static slo_flag_registry *
one_flag(const char *yaml_item)
{
	char text[2048];
	slo_error err;
	slo_flag_registry *r;

	snprintf(text, sizeof text, "flags:\n%s", yaml_item);
	r = load(text, &err);
	if (r == NULL)
		fail_msg("%ld:%ld: %s", err.line, err.col, err.msg);
	return r;
}

static const char ALPHA_FLAG[] =
    "  - key: nc\n    owner: o\n    type: release\n    created: 2026-11-01\n"
    "    alpha:\n      variants: [on, on-v2]\n      segments: [internal]\n"
    "      subjects: [qa-1]\n      max_exposure: 10%\n";

/*
 * One leak among 100,000 evaluations: subject "u-77777" gets "on" while in
 * segment "public".  Everything else is either "off", or "on" to the
 * internal segment, or "on" to allow-listed qa-1 with no segment.
 */
static void
test_leak_needle(void **state)
{
	slo_flag_registry *r = one_flag(ALPHA_FLAG);
	slo_flag_audit_opts o;
	slo_flag_audit *a;
	const slo_flag_finding *f;
	char subj[32];
	int i;
	uint64_t ev = 0, sub = 0;

	(void)state;
	slo_flag_audit_opts_init(&o);
	assert_non_null(a = slo_flag_audit_new(r, &o));
	for (i = 0; i < 100000; i++) {
		slo_ns ts = NOV1 + i * SLO_NS_PER_SEC;
		snprintf(subj, sizeof subj, "u-%d", i % 5000);
		if (i == 77777)
			feed(a, "nc", "on", "u-77777", "public", ts);
		else if (i % 100 == 0)
			feed(a, "nc", "on", subj, "internal", ts);
		else if (i % 1000 == 1)
			feed(a, "nc", "on", "qa-1", NULL, ts);
		else
			feed(a, "nc", "off", subj, "public", ts);
	}
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	assert_int_equal(slo_flag_audit_evaluations(a), 100000);
	f = find(a, SLO_FCHECK_LEAK, "nc");
	assert_non_null(f);
	assert_int_equal(f->severity, SLO_LEVEL_CRITICAL);
	assert_int_equal(f->evaluations, 1);
	assert_int_equal(f->subjects, 1);
	assert_false(f->estimated);
	assert_int_equal(f->unknown_segment, 0);
	/* alpha: 1000 internal (i%100==0) + 100 qa-1 (i%1000==1) + the leak */
	assert_int_equal(f->total_evaluations, 1000 + 100 + 1);
	assert_int_equal(f->nexamples, 1);
	assert_string_equal(f->examples[0], "u-77777");
	assert_int_equal(slo_flag_audit_worst(a), SLO_LEVEL_CRITICAL);
	assert_int_equal(slo_flag_audit_total(a, SLO_FCHECK_LEAK, &ev, &sub), 1);
	assert_int_equal(ev, 1);
	assert_int_equal(sub, 1);
	/* it is findings[0]: the most severe first */
	assert_ptr_equal(slo_flag_audit_finding(a, 0), f);
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

/* Leak rules: segment, allow-list, missing segment, missing subject. */
static void
test_leak_rules(void **state)
{
	slo_flag_registry *r = one_flag(ALPHA_FLAG);
	slo_flag_audit *a = slo_flag_audit_new(r, NULL);
	const slo_flag_finding *f;
	slo_kv labels[1] = { { "segment", "internal" } };
	slo_kv flags[2] = { { "nc", "on-v2" }, { "other", "x" } };
	slo_event ev;

	(void)state;
	feed(a, "nc", "on", "a", "internal", SLO_NS_NONE);   /* allowed */
	feed(a, "nc", "on", "qa-1", "public", SLO_NS_NONE);  /* allow-listed */
	feed(a, "nc", "on", "b", NULL, SLO_NS_NONE);         /* leak, no seg */
	feed(a, "nc", "on-v2", "b", "public", SLO_NS_NONE);  /* leak, same b */
	feed(a, "nc", "on", NULL, "public", SLO_NS_NONE);    /* leak, anonymous */
	feed(a, "nc", "off", "c", "public", SLO_NS_NONE);    /* not alpha */
	feed(a, "nc", "ON", "d", "public", SLO_NS_NONE);     /* variants are exact */
	/* a request: segment from labels.segment -> allowed */
	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_REQUEST;
	ev.subject = "e";
	ev.labels = labels;
	ev.nlabels = 1;
	ev.flags = flags;
	ev.nflags = 2;
	assert_int_equal(slo_flag_audit_add(a, &ev, NULL), SLO_OK);
	/* the same request without the label: a leak of e */
	ev.nlabels = 0;
	assert_int_equal(slo_flag_audit_add(a, &ev, NULL), SLO_OK);
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	assert_int_equal(slo_flag_audit_evaluations(a), 11);
	f = find(a, SLO_FCHECK_LEAK, "nc");
	assert_non_null(f);
	assert_int_equal(f->evaluations, 4);
	assert_int_equal(f->subjects, 2);        /* b and e */
	assert_int_equal(f->unknown_segment, 2); /* b's first, e's second */
	assert_int_equal(f->total_evaluations, 7);
	assert_int_equal(f->nexamples, 2);
	assert_string_equal(f->examples[0], "b");
	assert_string_equal(f->examples[1], "e");
	/* "other" is unregistered */
	f = find(a, SLO_FCHECK_UNKNOWN, "other");
	assert_non_null(f);
	assert_int_equal(f->evaluations, 2);
	assert_int_equal(f->subjects, 1);
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

/*
 * max_exposure 10 %: 100 subjects evaluated, 10 of them served "on" from
 * the allowed segment is exactly 10 %, not over; 11 is.  Likewise 29 % of
 * 100 (0.29 * 100 = 28.999999999999996 in binary floating point).
 */
static void
exposure_case(const char *share, int nalpha, int over)
{
	char item[512];
	slo_flag_registry *r;
	slo_flag_audit *a;
	const slo_flag_finding *f;
	char s[16];
	int i;

	snprintf(item, sizeof item, "  - key: x\n    owner: o\n"
	    "    type: experiment\n    alpha:\n      variants: [b]\n"
	    "      max_exposure: %s\n", share);
	r = one_flag(item);
	a = slo_flag_audit_new(r, NULL);
	for (i = 0; i < 100; i++) {
		snprintf(s, sizeof s, "s%d", i);
		feed(a, "x", i < nalpha ? "b" : "a", s, "public", SLO_NS_NONE);
		feed(a, "x", i < nalpha ? "b" : "a", s, "public", SLO_NS_NONE);
	}
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	f = find(a, SLO_FCHECK_OVEREXPOSED, "x");
	if (!over) {
		assert_null(f);
	} else {
		assert_non_null(f);
		assert_int_equal(f->subjects, nalpha);
		assert_int_equal(f->total_subjects, 100);
		assert_int_equal(f->evaluations, 2 * nalpha);
		assert_true(fabs(f->share - nalpha / 100.0) < 1e-15);
		assert_false(f->estimated);
		assert_int_equal(f->severity, SLO_LEVEL_HIGH);
	}
	/* no segments and no subjects: no leak check at all */
	assert_null(find(a, SLO_FCHECK_LEAK, "x"));
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

static void
test_exposure_boundary(void **state)
{
	(void)state;
	exposure_case("10%", 10, 0);
	exposure_case("10%", 11, 1);
	exposure_case("0.1", 10, 0);
	exposure_case("29%", 29, 0);
	exposure_case("29%", 30, 1);
	exposure_case("0%", 1, 1);
	exposure_case("100%", 100, 0);
}

/* Exposure past the exact bound: 20,000 subjects, 2,100 alpha vs 10 %. */
static void
test_exposure_estimated(void **state)
{
	slo_flag_registry *r = one_flag("  - key: x\n    owner: o\n"
	    "    type: experiment\n    alpha:\n      variants: [b]\n"
	    "      max_exposure: 10%\n");
	slo_flag_audit *a = slo_flag_audit_new(r, NULL);
	const slo_flag_finding *f;
	char s[16];
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		snprintf(s, sizeof s, "s%d", i);
		feed(a, "x", i < 2100 ? "b" : "a", s, NULL, SLO_NS_NONE);
	}
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	f = find(a, SLO_FCHECK_OVEREXPOSED, "x");
	assert_non_null(f);
	assert_true(f->estimated);
	assert_int_equal(f->subjects, 2100); /* below 4096: still exact */
	/* 20,000 within 3 standard errors of HyperLogLog (2.44 %) */
	assert_true(fabs((double)f->total_subjects - 20000) < 0.0244 * 20000);
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

/* Release flag created Nov 1, lifetime 40 d: stale only after Dec 11. */
static void
stale_case(const char *item, slo_ns at, int stale)
{
	slo_flag_registry *r = one_flag(item);
	slo_flag_audit_opts o;
	slo_flag_audit *a;
	const slo_flag_finding *f;

	slo_flag_audit_opts_init(&o);
	o.at = at;
	a = slo_flag_audit_new(r, &o);
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	assert_true(slo_flag_audit_at(a) == at);
	f = find(a, SLO_FCHECK_STALE, "f");
	if (!stale)
		assert_null(f);
	else {
		assert_non_null(f);
		assert_int_equal(f->severity, SLO_LEVEL_MEDIUM);
	}
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

static void
test_stale(void **state)
{
	static const char rel[] = "  - key: f\n    owner: o\n    type: release\n"
	    "    created: 2026-11-01\n";
	static const char op[] = "  - key: f\n    owner: o\n"
	    "    type: operational\n    created: 2026-11-01\n";
	static const char ks[] = "  - key: f\n    owner: o\n"
	    "    type: kill-switch\n    created: 2000-01-01\n";
	static const char exp[] = "  - key: f\n    owner: o\n    type: release\n"
	    "    created: 2026-11-01\n    expires: 2026-11-05\n";
	static const char nocreated[] = "  - key: f\n    owner: o\n"
	    "    type: release\n";

	(void)state;
	stale_case(rel, NOV1 + 39 * DAY, 0);
	stale_case(rel, NOV1 + 40 * DAY, 0);   /* exactly 40 days: not older */
	stale_case(rel, NOV1 + 40 * DAY + 1, 1);
	stale_case(rel, NOV1 + 41 * DAY, 1);
	stale_case(op, NOV1 + 7 * DAY, 0);
	stale_case(op, NOV1 + 8 * DAY, 1);
	stale_case(ks, NOV1 + 10000 * DAY, 0); /* kill switches never */
	stale_case(exp, NOV1 + 4 * DAY, 0);    /* expires overrides 40 d */
	stale_case(exp, NOV1 + 5 * DAY, 1);
	stale_case(nocreated, NOV1 + 1000 * DAY, 0);
}

/* --at defaults to the newest event time; events after --at are ignored. */
static void
test_at_default_and_after(void **state)
{
	slo_flag_registry *r = one_flag("  - key: f\n    owner: o\n"
	    "    type: release\n    created: 2026-11-01\n");
	slo_flag_audit_opts o;
	slo_flag_audit *a;
	const slo_flag_finding *f;

	(void)state;
	a = slo_flag_audit_new(r, NULL);
	feed(a, "f", "on", "s", NULL, NOV1 + 41 * DAY);
	feed(a, "f", "on", "s", NULL, NOV1 + 2 * DAY);
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	assert_true(slo_flag_audit_at(a) == NOV1 + 41 * DAY);
	f = find(a, SLO_FCHECK_STALE, "f");
	assert_non_null(f);
	assert_true(f->deadline == NOV1 + 40 * DAY);
	assert_true(f->lifetime == 40 * DAY);
	slo_flag_audit_free(a);

	slo_flag_audit_opts_init(&o);
	o.at = NOV1 + 39 * DAY;
	a = slo_flag_audit_new(r, &o);
	feed(a, "f", "on", "s", NULL, NOV1 + 41 * DAY); /* ignored */
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	assert_null(find(a, SLO_FCHECK_STALE, "f"));
	assert_non_null(find(a, SLO_FCHECK_NEVER_EVALUATED, "f"));
	assert_int_equal(slo_flag_audit_after_at(a), 1);
	assert_int_equal(slo_flag_audit_evaluations(a), 0);
	slo_flag_audit_free(a);

	/* no time anywhere: at unknown, no stale, no fully_rolled_out */
	a = slo_flag_audit_new(r, NULL);
	feed(a, "f", "on", "s", NULL, SLO_NS_NONE);
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	assert_true(slo_flag_audit_at(a) == SLO_NS_NONE);
	assert_int_equal(slo_flag_audit_nfindings(a), 0);
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

/* Unknown flags, flag_not_found on registered ones, error shares. */
static void
test_unknown_and_errors(void **state)
{
	slo_flag_registry *r = one_flag("  - key: f\n    owner: o\n"
	    "    type: permission\n  - key: g\n    owner: o\n"
	    "    type: permission\n");
	slo_flag_audit *a = slo_flag_audit_new(r, NULL);
	const slo_flag_finding *f;
	slo_event ev;
	int i;

	(void)state;
	/* f: 100 evaluations, 1 error (1 %: not above 1 %) */
	for (i = 0; i < 99; i++)
		feed(a, "f", "on", "s", NULL, SLO_NS_NONE);
	ev = flag_ev("f", NULL, "s", NULL, SLO_NS_NONE);
	ev.reason = "error";
	ev.error = "PARSE_ERROR";
	slo_flag_audit_add(a, &ev, NULL);
	/* g: 100 evaluations, 2 errors (2 %) and 3 FLAG_NOT_FOUND */
	for (i = 0; i < 95; i++)
		feed(a, "g", "on", "s", NULL, SLO_NS_NONE);
	ev = flag_ev("g", NULL, "e1", NULL, SLO_NS_NONE);
	ev.reason = "ERROR";
	slo_flag_audit_add(a, &ev, NULL);
	ev = flag_ev("g", "on", "e2", NULL, SLO_NS_NONE);
	ev.error = "TYPE_MISMATCH";
	slo_flag_audit_add(a, &ev, NULL);
	for (i = 0; i < 3; i++) {
		ev = flag_ev("g", NULL, "nf", NULL, SLO_NS_NONE);
		ev.reason = "error";
		ev.error = i ? "FLAG_NOT_FOUND" : "flag_not_found";
		slo_flag_audit_add(a, &ev, NULL);
	}
	/* unregistered: 3 evaluations by 2 subjects, one flag_not_found */
	feed(a, "ghost", "on", "s1", NULL, SLO_NS_NONE);
	feed(a, "ghost", "on", "s2", NULL, SLO_NS_NONE);
	ev = flag_ev("ghost", NULL, "s2", NULL, SLO_NS_NONE);
	ev.reason = "flag_not_found";
	slo_flag_audit_add(a, &ev, NULL);
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);

	assert_null(find(a, SLO_FCHECK_EVALUATION_ERRORS, "f"));
	f = find(a, SLO_FCHECK_EVALUATION_ERRORS, "g");
	assert_non_null(f);
	assert_int_equal(f->evaluations, 2);
	assert_int_equal(f->total_evaluations, 100);
	assert_true(f->share == 0.02);
	assert_int_equal(f->nexamples, 2);
	assert_string_equal(f->examples[0], "e1");
	f = find(a, SLO_FCHECK_UNKNOWN, "g");
	assert_non_null(f);
	assert_ptr_not_equal(f->def, NULL);
	assert_int_equal(f->not_found, 3);
	assert_int_equal(f->nexamples, 1);
	f = find(a, SLO_FCHECK_UNKNOWN, "ghost");
	assert_non_null(f);
	assert_null(f->def);
	assert_int_equal(f->evaluations, 3);
	assert_int_equal(f->subjects, 2);
	assert_int_equal(f->not_found, 1);
	assert_int_equal(f->severity, SLO_LEVEL_HIGH);
	/* order: high (unknown g, unknown ghost), then medium */
	assert_int_equal(slo_flag_audit_nfindings(a), 3);
	assert_string_equal(slo_flag_audit_finding(a, 0)->flag, "g");
	assert_string_equal(slo_flag_audit_finding(a, 1)->flag, "ghost");
	assert_int_equal(slo_flag_audit_finding(a, 2)->check,
	    SLO_FCHECK_EVALUATION_ERRORS);
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

/*
 * fully_rolled_out with settle 7 d at Nov 30: the cutoff is Nov 23.
 *   a: "off" on Nov 10, "on" from Nov 20 to 30       -> yes, since Nov 10
 *   b: "on" and "off" both served on Nov 25          -> no
 *   c: only "on", first evaluation Nov 26 (too new)  -> no
 *   d: only "on", from Nov 1                         -> yes, since Nov 1
 *   e: "on" only, but an error on Nov 28             -> no
 *   k, p: as d, but a kill switch and a permission flag: permanent by
 *      type, so always on is their purpose, not debt  -> no (issue 15.12)
 */
static void
test_fully_rolled_out(void **state)
{
	static const char items[] =
	    "  - {key: a, owner: o, type: release}\n"
	    "  - {key: b, owner: o, type: experiment}\n"
	    "  - {key: c, owner: o, type: release}\n"
	    "  - {key: d, owner: o, type: operational}\n"
	    "  - {key: e, owner: o, type: release}\n"
	    "  - {key: k, owner: o, type: kill-switch}\n"
	    "  - {key: p, owner: o, type: permission}\n";
	slo_flag_registry *r = one_flag(items);
	slo_flag_audit *a = slo_flag_audit_new(r, NULL);
	const slo_flag_finding *f;
	slo_event ev;

	(void)state;
	feed(a, "a", "off", "s", NULL, NOV1 + 9 * DAY);
	feed(a, "a", "on", "s", NULL, NOV1 + 19 * DAY);
	feed(a, "a", "on", "s", NULL, NOV1 + 29 * DAY);
	feed(a, "b", "on", "s", NULL, NOV1 + 24 * DAY);
	feed(a, "b", "off", "s", NULL, NOV1 + 24 * DAY);
	feed(a, "c", "on", "s", NULL, NOV1 + 25 * DAY);
	feed(a, "d", "on", "s", NULL, NOV1);
	feed(a, "d", "on", "s", NULL, NOV1 + 28 * DAY);
	feed(a, "e", "on", "s", NULL, NOV1);
	ev = flag_ev("e", "on", "s", NULL, NOV1 + 27 * DAY);
	ev.error = "GENERAL";
	slo_flag_audit_add(a, &ev, NULL);
	feed(a, "e", "on", "s", NULL, NOV1 + 29 * DAY);
	feed(a, "k", "off", "s", NULL, NOV1);
	feed(a, "k", "off", "s", NULL, NOV1 + 28 * DAY);
	feed(a, "p", "on", "s", NULL, NOV1);
	feed(a, "p", "on", "s", NULL, NOV1 + 28 * DAY);
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	assert_true(slo_flag_audit_at(a) == NOV1 + 29 * DAY);
	f = find(a, SLO_FCHECK_FULLY_ROLLED_OUT, "a");
	assert_non_null(f);
	assert_string_equal(f->variant, "on");
	assert_true(f->since == NOV1 + 9 * DAY);
	assert_int_equal(f->evaluations, 2);
	assert_int_equal(f->total_evaluations, 3);
	assert_null(find(a, SLO_FCHECK_FULLY_ROLLED_OUT, "b"));
	assert_null(find(a, SLO_FCHECK_FULLY_ROLLED_OUT, "c"));
	f = find(a, SLO_FCHECK_FULLY_ROLLED_OUT, "d");
	assert_non_null(f);
	assert_true(f->since == NOV1);
	assert_null(find(a, SLO_FCHECK_FULLY_ROLLED_OUT, "e"));
	assert_null(find(a, SLO_FCHECK_FULLY_ROLLED_OUT, "k"));
	assert_null(find(a, SLO_FCHECK_FULLY_ROLLED_OUT, "p"));
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

/*
 * Issue 14.11: 1,000,000 evaluations, each by a new subject "s0".."s999999",
 * of an unregistered flag.  The HyperLogLog estimate of those subjects is
 * 1,004,316 (slo_hll_count on the same names, checked below): more
 * subjects than evaluations, impossible.  The audit clamps to 1,000,000
 * and says the count is an estimate with its standard error (0.81 %).
 */
static void
test_subjects_clamped(void **state)
{
	slo_flag_registry *r = slo_flag_registry_new();
	slo_flag_audit *a = slo_flag_audit_new(r, NULL);
	slo_hll *h = slo_hll_new();
	const slo_flag_finding *f;
	slo_buf b = { 0 };
	char subj[16];
	int i, n;

	(void)state;
	for (i = 0; i < 1000000; i++) {
		n = snprintf(subj, sizeof subj, "s%d", i);
		slo_hll_add(h, subj, (size_t)n);
		feed(a, "ghost", "on", subj, NULL, NOV1 + i);
	}
	assert_int_equal(slo_hll_count(h), 1004316); /* the overshoot */
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	f = find(a, SLO_FCHECK_UNKNOWN, "ghost");
	assert_non_null(f);
	assert_int_equal(f->evaluations, 1000000);
	assert_int_equal(f->subjects, 1000000);
	assert_int_equal(f->estimated, 1);
	assert_int_equal(slo_flag_finding_encode(f, &b), SLO_OK);
	assert_non_null(strstr(b.data, "\"subjects\":1000000,\"not_found\":0,"
	    "\"estimated\":true,\"subjects_stderr\":0.0081"));
	assert_non_null(strstr(b.data, "1000000 evaluations, about 1000000 "
	    "subjects (subject counts estimated, standard error 0.81%)"));
	/* the table's subjects column is clamped too (it printed ~1004316) */
	slo_buf_reset(&b);
	assert_int_equal(slo_flag_audit_report(a, SLO_FMT_TABLE, 1, SLO_LEVEL_LOW, 0, &b),
	    SLO_OK);
	assert_non_null(strstr(b.data, "~1000000"));
	assert_null(strstr(b.data, "1004316"));
	slo_buf_release(&b);
	slo_hll_free(h);
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

/*
 * Issue 14.11: a registry of 100000 flags written out (about 1.1 million
 * YAML nodes, no alias) loads, and in linear time: the duplicate check is
 * a hash lookup, not a scan (a scan made this take minutes).
 */
static void
test_large_registry(void **state)
{
	slo_buf b = { 0 };
	slo_error err;
	slo_flag_registry *r;
	const slo_flag_def *d;
	int i;

	(void)state;
	assert_int_equal(slo_buf_puts(&b, "flags:\n"), SLO_OK);
	for (i = 0; i < 100000; i++)
		assert_int_equal(slo_buf_printf(&b, "  - {key: f-%d, owner: o, "
		    "type: release, created: 2026-11-01, alpha: {variants: [on], "
		    "segments: [internal], max_exposure: 10%%}}\n", i), SLO_OK);
	/* and a duplicate at the end is still found, with its first line */
	assert_int_equal(slo_buf_puts(&b, "  - {key: f-5, owner: o, "
	    "type: release}\n"), SLO_OK);
	r = load(b.data, &err);
	assert_null(r);
	assert_int_equal(err.line, 100002);
	assert_string_equal(err.msg, "duplicate flag 'f-5' (first at line 7)");
	b.len -= strlen("  - {key: f-5, owner: o, type: release}\n");
	b.data[b.len] = '\0';
	r = load(b.data, &err);
	assert_non_null(r);
	assert_int_equal(slo_flag_registry_count(r), 100000);
	d = slo_flag_registry_find(r, "f-99999");
	assert_non_null(d);
	assert_int_equal(d->line, 100001);
	assert_null(slo_flag_registry_find(r, "f-100000"));
	slo_flag_registry_free(r);
	slo_buf_release(&b);
}

static void
test_owner_never_and_checks_mask(void **state)
{
	slo_error err;
	slo_flag_registry *r = load(REGISTRY, &err);
	slo_flag_audit_opts o;
	slo_flag_audit *a;

	(void)state;
	a = slo_flag_audit_new(r, NULL);
	feed(a, "kill-search", "off", "s", NULL, NOV1);
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	assert_non_null(find(a, SLO_FCHECK_NO_OWNER, "dark-mode"));
	assert_null(find(a, SLO_FCHECK_NO_OWNER, "new-checkout"));
	assert_non_null(find(a, SLO_FCHECK_NEVER_EVALUATED, "dark-mode"));
	assert_non_null(find(a, SLO_FCHECK_NEVER_EVALUATED, "new-checkout"));
	assert_null(find(a, SLO_FCHECK_NEVER_EVALUATED, "kill-search"));
	assert_int_equal(slo_flag_audit_worst(a), SLO_LEVEL_MEDIUM);
	slo_flag_audit_free(a);

	/* promote-check's use: the leak check alone */
	slo_flag_audit_opts_init(&o);
	o.checks = 1u << SLO_FCHECK_LEAK;
	a = slo_flag_audit_new(r, &o);
	feed(a, "new-checkout", "on", "x", "public", NOV1);
	feed(a, "ghost", "on", "x", "public", NOV1);
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	assert_int_equal(slo_flag_audit_nfindings(a), 1);
	assert_int_equal(slo_flag_audit_total(a, SLO_FCHECK_LEAK, NULL, NULL), 1);
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

/* Examples are capped and distinct; the NDJSON line is exact. */
static void
test_examples_and_encoding(void **state)
{
	slo_flag_registry *r = one_flag(ALPHA_FLAG);
	slo_flag_audit_opts o;
	slo_flag_audit *a;
	const slo_flag_finding *f;
	slo_buf b = {0};
	char s[16];
	int i;

	(void)state;
	slo_flag_audit_opts_init(&o);
	o.examples = 2;
	a = slo_flag_audit_new(r, &o);
	feed(a, "nc", "on", "z\"q", "public", NOV1);
	feed(a, "nc", "on", "z\"q", "public", NOV1);
	for (i = 0; i < 9; i++) {
		snprintf(s, sizeof s, "p%d", i);
		feed(a, "nc", "on", s, "public", NOV1 + DAY);
	}
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	f = find(a, SLO_FCHECK_LEAK, "nc");
	assert_non_null(f);
	assert_int_equal(f->nexamples, 2);
	assert_string_equal(f->examples[0], "z\"q");
	assert_string_equal(f->examples[1], "p0");
	assert_int_equal(slo_flag_finding_encode(f, &b), SLO_OK);
	assert_string_equal(b.data,
	    "{\"check\":\"leak\",\"severity\":\"critical\",\"flag\":\"nc\","
	    "\"owner\":\"o\",\"figures\":{\"evaluations\":11,\"subjects\":10,"
	    "\"alpha_evaluations\":11,\"alpha_subjects\":10,"
	    "\"unknown_segment\":0,\"estimated\":false},"
	    "\"examples\":[\"z\\\"q\",\"p0\"],\"message\":\"alpha variant of "
	    "'nc' served outside its allowed segments and subjects: 10 "
	    "subjects, 11 of 11 alpha evaluations\"}\n");
	slo_buf_release(&b);
	assert_int_equal(slo_flag_audit_report(a, SLO_FMT_JUNIT, 0,
	    SLO_LEVEL_HIGH, 0, &b), SLO_OK);
	assert_non_null(strstr(b.data, "<failure type=\"critical\""));
	assert_non_null(strstr(b.data, "tests=\"8\" failures=\"2\""));
	slo_buf_release(&b);
	assert_int_equal(slo_flag_audit_report(a, SLO_FMT_PROM, 0,
	    SLO_LEVEL_HIGH, 0, &b), SLO_EINVAL);
	slo_buf_release(&b);
	/* a table: the at line, colour only when asked */
	assert_int_equal(slo_flag_audit_report(a, SLO_FMT_TABLE, 1,
	    SLO_LEVEL_HIGH, 1, &b), SLO_OK);
	assert_non_null(strstr(b.data, "at 2026-11-02T00:00:00Z, 11 evaluations\n"));
	/* the shared grid writer: columns one blank apart (slo_table.h) */
	assert_non_null(strstr(b.data, "\033[1;31mcritical\033[0m leak "));
	assert_non_null(strstr(b.data, "\nnc   release"));
	slo_buf_release(&b);
	assert_int_equal(slo_flag_audit_report(a, SLO_FMT_TABLE, 0,
	    SLO_LEVEL_HIGH, 0, &b), SLO_OK);
	assert_null(strchr(b.data, '\033'));
	slo_buf_release(&b);
	/* markdown: pipes in cells escaped, failures in bold */
	assert_int_equal(slo_flag_audit_report(a, SLO_FMT_MARKDOWN, 0,
	    SLO_LEVEL_CRITICAL, 0, &b), SLO_OK);
	assert_non_null(strstr(b.data, "| **critical** | leak | nc |"));
	assert_non_null(strstr(b.data, "| high | overexposed | nc |"));
	slo_buf_release(&b);
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

/*
 * Bounds: unregistered keys past opts.max_groups (--max-groups, here 1000)
 * fold into one overflow entry "*" that says how many keys it holds
 * (issue 14.4), variants past 64.
 */
#define UNKNOWN_MAX 1000
static void
test_bounds(void **state)
{
	slo_flag_registry *r = one_flag("  - {key: f, owner: o, type: "
	    "permission}\n");
	slo_flag_audit_opts o;
	slo_flag_audit *a;
	const slo_flag_finding *f;
	uint64_t nfolded;
	int est;
	slo_event ev;
	slo_buf b = {0};
	char k[32];
	int i;

	(void)state;
	slo_flag_audit_opts_init(&o);
	assert_int_equal(o.max_groups, SLO_FLAG_MAX_GROUPS);
	assert_int_equal(SLO_FLAG_MAX_GROUPS, 10000);
	o.max_groups = UNKNOWN_MAX;
	a = slo_flag_audit_new(r, &o);
	for (i = 0; i < UNKNOWN_MAX + 10; i++) {
		snprintf(k, sizeof k, "ghost-%04d", i);
		feed(a, k, "on", "s", NULL, SLO_NS_NONE);
		feed(a, k, "on", "t", NULL, SLO_NS_NONE);
	}
	for (i = 0; i < SLO_FLAG_VARIANTS_MAX + 5; i++) {
		snprintf(k, sizeof k, "v%d", i);
		feed(a, "f", k, "s", NULL, SLO_NS_NONE);
	}
	/* keyless evaluations are skipped, not counted */
	ev = flag_ev(NULL, "on", "s", NULL, SLO_NS_NONE);
	assert_int_equal(slo_flag_audit_add(a, &ev, NULL), SLO_OK);
	ev = flag_ev("", "on", "s", NULL, SLO_NS_NONE);
	assert_int_equal(slo_flag_audit_add(a, &ev, NULL), SLO_OK);
	assert_int_equal(slo_flag_audit_finish(a, NULL), SLO_OK);
	assert_int_equal(slo_flag_audit_total(a, SLO_FCHECK_UNKNOWN, NULL,
	    NULL), UNKNOWN_MAX + 1);
	f = find(a, SLO_FCHECK_UNKNOWN, "*");
	assert_non_null(f);
	assert_int_equal(f->evaluations, 20);
	assert_int_equal(f->subjects, 2);
	/* ghost-1000 .. ghost-1009: 10 keys, 20 evaluations */
	assert_int_equal(f->overflow, 1);
	assert_int_equal(f->folded_flags, 10);
	assert_int_equal(slo_flag_audit_folded(a, &nfolded, &est), 10);
	assert_int_equal(nfolded, 20);
	assert_int_equal(est, 0);
	assert_int_equal(find(a, SLO_FCHECK_UNKNOWN, "ghost-0999")->overflow,
	    0);
	assert_non_null(find(a, SLO_FCHECK_UNKNOWN, "ghost-0999"));
	assert_null(find(a, SLO_FCHECK_UNKNOWN, "ghost-1000"));
	assert_int_equal(slo_flag_audit_evaluations(a),
	    2 * (UNKNOWN_MAX + 10) + SLO_FLAG_VARIANTS_MAX + 5);
	/* the summary of f: 64 variants told apart, 5 more as null */
	assert_int_equal(slo_flag_audit_report(a, SLO_FMT_NDJSON, 1,
	    SLO_LEVEL_HIGH, 0, &b), SLO_OK);
	assert_non_null(strstr(b.data, "{\"variant\":\"v63\",\"evaluations\":1,"));
	assert_null(strstr(b.data, "\"v64\""));
	assert_non_null(strstr(b.data, "{\"variant\":null,\"evaluations\":5,"));
	slo_buf_release(&b);
	slo_flag_audit_free(a);
	slo_flag_registry_free(r);
}

/* flag-audit's options from their text, with the tool's messages. */
static void
test_opts_set(void **state)
{
	slo_flag_audit_opts o, before;
	slo_error err;

	(void)state;
	slo_flag_audit_opts_init(&o);
	assert_int_equal(slo_flag_audit_opts_set(&o, "examples", "7", &err),
	    SLO_OK);
	assert_int_equal(o.examples, 7);
	assert_int_equal(slo_flag_audit_opts_set(&o, "max-error-rate", "5%",
	    &err), SLO_OK);
	assert_true(o.max_error_rate == 0.05);
	assert_int_equal(slo_flag_audit_opts_set(&o, "settle", "40d", &err),
	    SLO_OK);
	assert_int_equal(o.settle, 40 * DAY);
	assert_int_equal(slo_flag_audit_opts_set(&o, "fail-on", "medium", &err),
	    SLO_OK);
	assert_int_equal(o.fail_on, SLO_LEVEL_MEDIUM);
	assert_int_equal(slo_flag_audit_opts_set(&o, "max-groups", "0", &err),
	    SLO_OK);
	assert_int_equal(o.max_groups, 0);
	assert_int_equal(slo_flag_audit_opts_set(&o, "summary", "", &err),
	    SLO_OK);
	assert_int_equal(o.summary, 1);
	before = o;
	assert_int_equal(slo_flag_audit_opts_set(&o, "examples", "101", &err),
	    SLO_EINVAL);
	assert_string_equal(err.msg, "invalid --examples '101': want 0 to 100");
	assert_int_equal(slo_flag_audit_opts_set(&o, "examples", "-1", &err),
	    SLO_EINVAL);
	assert_int_equal(slo_flag_audit_opts_set(&o, "max-groups", "1e3", &err),
	    SLO_EINVAL);
	assert_string_equal(err.msg,
	    "invalid --max-groups '1e3': want 0 to 100000000");
	assert_int_equal(slo_flag_audit_opts_set(&o, "settle", "0s", &err),
	    SLO_EINVAL);
	assert_string_equal(err.msg,
	    "invalid --settle '0s': want a duration such as 7d");
	assert_int_equal(slo_flag_audit_opts_set(&o, "fail-on", "page", &err),
	    SLO_EINVAL);
	assert_string_equal(err.msg, "invalid --fail-on 'page': want critical, "
	    "high, medium or low");
	assert_int_equal(slo_flag_audit_opts_set(&o, "max-error-rate", "2",
	    &err), SLO_EINVAL);
	assert_int_equal(slo_flag_audit_opts_set(&o, "bogus", "1", &err),
	    SLO_EINVAL);
	assert_memory_equal(&o, &before, sizeof o); /* unchanged on error */
}

static void
test_parse_share(void **state)
{
	double v;

	(void)state;
	/* --max-error-rate reads shares with the spec's one reader. */
#define SHARE(lit) slo_share_parse(lit, sizeof lit - 1, &v)
	assert_int_equal(SHARE("1%"), SLO_OK);
	assert_true(v == 0.01);
	assert_int_equal(SHARE("0.5"), SLO_OK);
	assert_true(v == 0.5);
	assert_int_equal(SHARE("100%"), SLO_OK);
	assert_true(v == 1);
	assert_int_not_equal(SHARE("2"), SLO_OK);
	assert_int_not_equal(SHARE("-1%"), SLO_OK);
	assert_int_not_equal(SHARE("1%%"), SLO_OK);
	assert_int_not_equal(SHARE("nan"), SLO_OK);
	assert_int_not_equal(SHARE(""), SLO_OK);
#undef SHARE
	assert_int_equal(slo_flag_check_from_name("fully_rolled_out"),
	    SLO_FCHECK_FULLY_ROLLED_OUT);
	assert_int_equal(slo_level_from_name("critical"),
	    SLO_LEVEL_CRITICAL);
	assert_int_equal(slo_level_from_name("urgent"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_load),
		cmocka_unit_test(test_registry_errors),
		cmocka_unit_test(test_leak_needle),
		cmocka_unit_test(test_leak_rules),
		cmocka_unit_test(test_exposure_boundary),
		cmocka_unit_test(test_exposure_estimated),
		cmocka_unit_test(test_stale),
		cmocka_unit_test(test_at_default_and_after),
		cmocka_unit_test(test_unknown_and_errors),
		cmocka_unit_test(test_fully_rolled_out),
		cmocka_unit_test(test_subjects_clamped),
		cmocka_unit_test(test_large_registry),
		cmocka_unit_test(test_owner_never_and_checks_mask),
		cmocka_unit_test(test_examples_and_encoding),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_parse_share),
		cmocka_unit_test(test_opts_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
