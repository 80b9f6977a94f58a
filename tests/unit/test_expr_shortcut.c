/*
 * test_expr_shortcut.c — the shortcuts of slo_expr_match_event() and
 * slo_expr_value_event() (lib/event/expr.c find_shortcut()) against the
 * general path.
 *
 * A bare path, or a path compared with a literal, is evaluated over a
 * canonical event without walking the expression's nodes.  The second
 * method each shortcut is checked against:
 *  - for a match, the same comparison written "(P OP L) && true", whose
 *    root is '&&' and so is evaluated by the tree walk (truth, eval,
 *    compare, event_field), which the existing test_expr.c pins down;
 *  - for a value, slo_expr_path_value_event(), which reads the path by
 *    event_field() alone.
 * Both run over many generated events (a fixed xorshift seed) whose fields
 * are missing, NULL, empty, near the literals, NaN or infinite, under
 * every operator with the literal on either side, and the known answers
 * of the edge cases are asserted by hand besides.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slo_expr.h"

#define NEVENTS 600

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

/* xorshift64: the same events on every run */
static unsigned
next(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const strs[] = {
	NULL, "", "alpha", "alph", "alphaa", "beta", "500", "/api/pay",
	"eu-west-1", "ALPHA"
};
#define NSTRS (sizeof strs / sizeof strs[0])

static const double nums[] = {
	0, -1, 499, 499.5, 500, 501, 300, 299.999, 1e300, -0.0
};
#define NNUMS (sizeof nums / sizeof nums[0])

static const int statuses[] = { 0, -1, 200, 499, 500, 501, 599 };
#define NSTATUSES (sizeof statuses / sizeof statuses[0])

static slo_kv label_sets[][2] = {
	{ { "tenant", "alpha" }, { "k8s.pod", "web-1" } },
	{ { "tenant", "" }, { "other", "x" } },
};
static slo_kv flag_sets[][2] = {
	{ { "beta", "on" }, { "new-checkout", "off" } },
	{ { "beta", "alpha" }, { "x", "y" } },
};

static const char *
pick_str(void)
{
	return strs[next(NSTRS)];
}

/* One event with each field drawn at random, missing ones included. */
static slo_event
random_event(void)
{
	slo_event ev;
	unsigned l;

	memset(&ev, 0, sizeof ev);
	ev.kind = next(4) == 0 ? (slo_kind)next(SLO_KIND__COUNT) :
	    SLO_KIND_REQUEST;
	ev.has = next(1u << 5) & (SLO_HAS_TS | SLO_HAS_STATUS |
	    SLO_HAS_LATENCY | SLO_HAS_OK);
	if (next(3) != 0)
		ev.has |= SLO_HAS_STATUS | SLO_HAS_LATENCY;
	ev.ts = (slo_ns)next(1000) * SLO_NS_PER_SEC + next(1000000000);
	ev.status = statuses[next(NSTATUSES)];
	switch (next(8)) {
	case 0: ev.latency_ms = NAN; break;
	case 1: ev.latency_ms = INFINITY; break;
	case 2: ev.latency_ms = -INFINITY; break;
	default: ev.latency_ms = nums[next(NNUMS)]; break;
	}
	ev.ok = (int)next(3); /* 2: any nonzero int is true */
	ev.service = pick_str();
	ev.cohort = pick_str();
	ev.region = pick_str();
	ev.version = pick_str();
	ev.route = pick_str();
	ev.trace_id = pick_str();
	ev.subject = pick_str();
	ev.flag = pick_str();
	ev.variant = pick_str();
	ev.segment = pick_str();
	ev.reason = pick_str();
	ev.error = pick_str();
	ev.result = pick_str();
	ev.id = pick_str();
	ev.state = pick_str();
	ev.source = pick_str();
	ev.severity = pick_str();
	l = next(3);
	if (l < 2) {
		ev.labels = label_sets[l];
		ev.nlabels = 2;
	}
	l = next(3);
	if (l < 2) {
		ev.flags = flag_sets[l];
		ev.nflags = 2;
	}
	return ev;
}

static slo_event events[NEVENTS];

static int
setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < NEVENTS; i++)
		events[i] = random_event();
	return 0;
}

static slo_expr *
parse_ok(const char *src)
{
	slo_error err;
	slo_expr *e = slo_expr_new(src, &err);

	if (e == NULL)
		fail_msg("parse of <%s> failed: %s", src, err.msg);
	return e;
}

/* The paths tried: every canonical field and the other kinds of path. */
static const char *
path_at(size_t i)
{
	static const char *const extra[] = {
		"labels.tenant", "labels.k8s.pod", "flags.beta", "labels",
		"flags", "route.x", "status.code", "not_a_field", "labels.none"
	};
	size_t n = slo_expr_field_count();

	if (i < n)
		return slo_expr_field_name(i);
	i -= n;
	return i < sizeof extra / sizeof extra[0] ? extra[i] : NULL;
}

static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
static const char *const lits[] = {
	"500", "499.5", "0", "-1", "1e300", "\"alpha\"", "\"\"", "\"500\"",
	"\"alph\"", "true", "false", "null", "\"eu-west-1\""
};

/* match(src) over every event equals match("(src) && true") */
static void
same_match(const char *src)
{
	char walked[256];
	slo_expr *fast, *slow;

	snprintf(walked, sizeof walked, "(%s) && true", src);
	fast = parse_ok(src);
	slow = parse_ok(walked);
	for (size_t i = 0; i < NEVENTS; i++) {
		int a = slo_expr_match_event(fast, &events[i]);
		int b = slo_expr_match_event(slow, &events[i]);

		if (a != b)
			fail_msg("<%s> on event %zu: shortcut %d, walk %d", src,
			    i, a, b);
	}
	slo_expr_free(fast);
	slo_expr_free(slow);
}

static void
test_comparisons_agree(void **state)
{
	char src[256];
	const char *p;

	(void)state;
	for (size_t f = 0; (p = path_at(f)) != NULL; f++)
		for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++)
			for (size_t l = 0; l < sizeof lits / sizeof lits[0];
			    l++) {
				/* ts takes only times as strings: below */
				if (strcmp(p, "ts") == 0 && lits[l][0] == '"')
					continue;
				snprintf(src, sizeof src, "%s %s %s", p, ops[o],
				    lits[l]);
				same_match(src);
				snprintf(src, sizeof src, "%s %s %s", lits[l],
				    ops[o], p);
				same_match(src);
			}
	/* ts against a time, read as a number at parse time */
	same_match("ts >= \"1970-01-01T00:08:20Z\"");
	same_match("\"1970-01-01T00:08:20Z\" > ts");
}

/* value(P) equals slo_expr_path_value_event(P, 0): type and contents */
static void
same_value(const char *src)
{
	slo_expr *e = parse_ok(src);

	for (size_t i = 0; i < NEVENTS; i++) {
		slo_value a = slo_expr_value_event(e, &events[i]);
		slo_value b = slo_expr_path_value_event(e, 0, &events[i]);

		if (a.type != b.type)
			fail_msg("<%s> on event %zu: type %d, path %d", src, i,
			    (int)a.type, (int)b.type);
		switch (a.type) {
		case SLO_V_BOOL:
			assert_int_equal(!a.b, !b.b);
			break;
		case SLO_V_NUM:
			assert_true(a.num == b.num ||
			    (isnan(a.num) && isnan(b.num)));
			break;
		case SLO_V_STR:
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.str, b.str, a.len);
			break;
		default:
			break;
		}
	}
	slo_expr_free(e);
}

static void
test_bare_paths_agree(void **state)
{
	const char *p;

	(void)state;
	for (size_t f = 0; (p = path_at(f)) != NULL; f++) {
		same_value(p);
		same_match(p); /* truthiness of the bare value */
	}
}

static int
match1(const char *src, const slo_event *ev)
{
	slo_expr *e = parse_ok(src);
	int r = slo_expr_match_event(e, ev);

	slo_expr_free(e);
	return r;
}

/* The edge cases, by the rules of slo_expr.h, worked by hand. */
static void
test_edges(void **state)
{
	slo_event ev;
	slo_value v;
	slo_expr *e;

	(void)state;
	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_REQUEST;
	/* status and latency_ms missing (not in has): every operator false */
	assert_false(match1("status < 500", &ev));
	assert_false(match1("status != 500", &ev));
	assert_false(match1("500 > status", &ev));
	assert_false(match1("latency_ms >= 0", &ev));
	ev.has = SLO_HAS_STATUS | SLO_HAS_LATENCY;
	ev.status = 499;
	ev.latency_ms = NAN;
	assert_true(match1("status < 500", &ev));
	assert_true(match1("500 > status", &ev));   /* literal on the left */
	assert_false(match1("500 < status", &ev));
	assert_true(match1("status == 499", &ev));
	assert_false(match1("status == \"499\"", &ev)); /* number vs string */
	assert_false(match1("status != \"499\"", &ev));
	assert_false(match1("status == null", &ev));
	assert_true(match1("status != null", &ev));
	/* NaN: unordered, so only != holds */
	assert_false(match1("latency_ms == 1", &ev));
	assert_true(match1("latency_ms != 1", &ev));
	assert_false(match1("latency_ms < 1", &ev));
	assert_false(match1("latency_ms >= 1", &ev));
	/* a NULL string member is missing: == and != both false */
	assert_false(match1("cohort == \"alpha\"", &ev));
	assert_false(match1("cohort != \"alpha\"", &ev));
	assert_false(match1("cohort == null", &ev));
	e = parse_ok("cohort");
	assert_int_equal(slo_expr_value_event(e, &ev).type, SLO_V_MISSING);
	ev.cohort = "alph";
	/* a prefix of the literal is not equal to it, nor is it longer */
	assert_false(match1("cohort == \"alpha\"", &ev));
	assert_true(match1("cohort != \"alpha\"", &ev));
	assert_true(match1("cohort < \"alpha\"", &ev)); /* shorter first */
	ev.cohort = "alphaa";
	assert_false(match1("\"alpha\" == cohort", &ev));
	ev.cohort = "alpha";
	assert_true(match1("\"alpha\" == cohort", &ev));
	assert_false(match1("cohort == 1", &ev)); /* string vs number */
	v = slo_expr_value_event(e, &ev);
	assert_int_equal(v.type, SLO_V_STR);
	assert_int_equal(v.len, 5);
	assert_ptr_equal(v.str, ev.cohort); /* borrowed from the event */
	ev.cohort = "";
	assert_true(match1("cohort == \"\"", &ev));
	assert_false(match1("cohort", &ev)); /* empty string is falsy */
	assert_int_equal(slo_expr_value_event(e, &ev).len, 0);
	slo_expr_free(e);
	/* a second segment on a string field: missing */
	ev.route = "/x";
	assert_false(match1("route.x == \"/x\"", &ev));
	assert_false(match1("route.x != \"/x\"", &ev));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comparisons_agree),
		cmocka_unit_test(test_bare_paths_agree),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
