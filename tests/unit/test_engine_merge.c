/*
 * test_engine_merge.c — the flag audit, the promotion engine and the
 * scorecard of the eval engine merge
 * exactly: the input cut into chunks of whole lines, the chunks fed in a
 * shuffled order to 2 to 4 engines, the engines merged in a shuffled
 * order, render byte for byte what one engine fed the whole input in
 * order renders (what slo-eval -j N promises, slo_eval.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo_eval.h"
#include "slo_event.h"
#include "slo_flags.h"
#include "slo_promote.h"

/* ---- input ------------------------------------------------------------ */

typedef struct lines {
	char **l;
	size_t n, cap;
} lines;

static void
lines_push(lines *ls, const char *s, size_t n)
{
	if (ls->n == ls->cap) {
		ls->cap = ls->cap ? 2 * ls->cap : 256;
		assert_non_null(ls->l = realloc(ls->l, ls->cap * sizeof *ls->l));
	}
	assert_non_null(ls->l[ls->n] = malloc(n + 1));
	memcpy(ls->l[ls->n], s, n);
	ls->l[ls->n++][n] = '\0';
}

static void
lines_read(lines *ls, const char *path)
{
	char buf[8192];
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	while (fgets(buf, sizeof buf, f) != NULL) {
		size_t n = strlen(buf);

		assert_true(n > 0 && buf[n - 1] == '\n');
		lines_push(ls, buf, n - 1);
	}
	fclose(f);
}

static void
lines_free(lines *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		free(ls->l[i]);
	free(ls->l);
	memset(ls, 0, sizeof *ls);
}

static uint64_t rng;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* ---- one engine interface for both ------------------------------------ */

typedef struct engine_ops {
	void *(*make)(const void *cfg);
	void (*free)(void *e);
	slo_status (*add)(void *e, const slo_event *ev, slo_error *err);
	slo_status (*merge)(void *dst, const void *src, slo_error *err);
	slo_status (*finish)(void *e, slo_error *err);
	int (*exit_code)(const void *e);
	slo_status (*render)(const void *e, slo_format fmt, int color,
	    slo_buf *out);
} engine_ops;

static void
feed(const engine_ops *ops, void *e, const lines *ls, size_t from, size_t to)
{
	slo_event_decoder *dec = slo_event_decoder_new();
	slo_event ev;
	slo_error err;

	assert_non_null(dec);
	for (size_t i = from; i < to; i++) {
		slo_error_clear(&err);
		if (slo_event_decode(dec, ls->l[i], strlen(ls->l[i]), &ev,
		    &err) != SLO_OK)
			continue; /* rejected by the reader: never reaches an engine */
		assert_int_not_equal(ops->add(e, &ev, &err), SLO_ENOMEM);
	}
	slo_event_decoder_free(dec);
}

static void
render_all(const engine_ops *ops, void *e, slo_buf *out, int *code)
{
	slo_error err;

	assert_int_equal(ops->finish(e, &err), SLO_OK);
	assert_int_equal(ops->render(e, SLO_FMT_NDJSON, 0, out), SLO_OK);
	assert_int_equal(ops->render(e, SLO_FMT_TABLE, 0, out), SLO_OK);
	*code = ops->exit_code(e);
}

/*
 * For each of `rounds` random splits: chunks of whole lines, fed in a
 * shuffled order to 2..4 engines, merged in a shuffled order; the result
 * must render as the one engine fed everything in order.
 */
static void
check_merges(const engine_ops *ops, const void *cfg, const lines *ls,
    int rounds)
{
	slo_buf whole = { 0 }, part = { 0 };
	int code_whole, code_part;
	void *one = ops->make(cfg);

	assert_non_null(one);
	feed(ops, one, ls, 0, ls->n);
	render_all(ops, one, &whole, &code_whole);
	ops->free(one);
	assert_true(whole.len > 0);

	for (int r = 0; r < rounds; r++) {
		size_t neng = 2 + (size_t)(next() % 3), nchunk, i, k;
		size_t cut[17], order[16], eorder[4];
		void *eng[4];
		slo_error err;

		nchunk = neng + (size_t)(next() % 12);
		cut[0] = 0;
		cut[nchunk] = ls->n;
		for (i = 1; i < nchunk; i++)
			cut[i] = (size_t)(next() % (ls->n + 1));
		/* sort the inner cuts: chunks may be empty, as at the end of a stream */
		for (i = 1; i < nchunk; i++)
			for (k = i; k > 1 && cut[k] < cut[k - 1]; k--) {
				size_t t = cut[k];
				cut[k] = cut[k - 1];
				cut[k - 1] = t;
			}
		for (i = 0; i < nchunk; i++)
			order[i] = i;
		for (i = nchunk; i > 1; i--) {
			size_t j = (size_t)(next() % i), t = order[i - 1];
			order[i - 1] = order[j];
			order[j] = t;
		}
		for (i = 0; i < neng; i++)
			assert_non_null(eng[i] = ops->make(cfg));
		for (i = 0; i < nchunk; i++) {
			size_t c = order[i];

			feed(ops, eng[next() % neng], ls, cut[c], cut[c + 1]);
		}
		for (i = 0; i < neng; i++)
			eorder[i] = i;
		for (i = neng; i > 1; i--) {
			size_t j = (size_t)(next() % i), t = eorder[i - 1];
			eorder[i - 1] = eorder[j];
			eorder[j] = t;
		}
		for (i = 1; i < neng; i++)
			assert_int_equal(ops->merge(eng[eorder[0]], eng[eorder[i]],
			    &err), SLO_OK);
		slo_buf_reset(&part);
		render_all(ops, eng[eorder[0]], &part, &code_part);
		if (part.len != whole.len || memcmp(part.data, whole.data,
		    whole.len) != 0) {
			fprintf(stderr, "round %d, %zu engines, %zu chunks:\n"
			    "--- whole\n%.*s--- merged\n%.*s", r, neng, nchunk,
			    (int)whole.len, whole.data, (int)part.len, part.data);
			fail();
		}
		assert_int_equal(code_part, code_whole);
		for (i = 0; i < neng; i++)
			ops->free(eng[i]);
	}
	slo_buf_release(&whole);
	slo_buf_release(&part);
}

/* ---- flag audit ------------------------------------------------------- */

typedef struct audit_cfg {
	const slo_flag_registry *reg;
	slo_flag_audit_opts o;
} audit_cfg;

static void *
audit_make(const void *cfg)
{
	const audit_cfg *c = cfg;

	return slo_flag_audit_new(c->reg, &c->o);
}

static void audit_free(void *e) { slo_flag_audit_free(e); }
static slo_status audit_add(void *e, const slo_event *ev, slo_error *err)
{ return slo_flag_audit_add(e, ev, err); }
static slo_status audit_merge(void *d, const void *s, slo_error *err)
{ return slo_flag_audit_merge(d, s, err); }
static slo_status audit_finish(void *e, slo_error *err)
{ return slo_flag_audit_finish(e, err); }
static int audit_exit(const void *e) { return slo_flag_audit_exit_code(e); }
static slo_status audit_render(const void *e, slo_format f, int c, slo_buf *o)
{ return slo_flag_audit_render(e, f, c, o); }

static const engine_ops audit_ops = {
	audit_make, audit_free, audit_add, audit_merge, audit_finish,
	audit_exit, audit_render
};

static slo_flag_registry *
registry(void)
{
	slo_flag_registry *r = slo_flag_registry_new();
	slo_error err;

	assert_non_null(r);
	slo_error_clear(&err);
	assert_int_equal(slo_flag_registry_load_file(r,
	    "examples/flags/flags.yaml", &err), SLO_OK);
	return r;
}

static void
test_audit_examples(void **state)
{
	slo_flag_registry *r = registry();
	lines ls = { 0 };
	audit_cfg c;
	size_t pos;

	(void)state;
	rng = 0x9e3779b97f4a7c15ULL;
	lines_read(&ls, "examples/flags/evaluations.ndjson");
	c.reg = r;
	slo_flag_audit_opts_init(&c.o);
	c.o.summary = 1;
	assert_int_equal(slo_time_parse("2026-11-27T00:00:00Z", 20, &c.o.at,
	    &pos), SLO_OK);
	check_merges(&audit_ops, &c, &ls, 12);
	/* no --at: the newest event time, as merged */
	c.o.at = SLO_NS_NONE;
	check_merges(&audit_ops, &c, &ls, 6);
	/* the example lists at their cap, and one example: which ones */
	c.o.examples = 1;
	check_merges(&audit_ops, &c, &ls, 6);
	c.o.examples = 2;
	check_merges(&audit_ops, &c, &ls, 6);
	lines_free(&ls);
	slo_flag_registry_free(r);
}

/*
 * Edge cases: ties in time (examples and variants then go by name),
 * events without a time, a subject seen late with an earlier time, many
 * variants and unregistered keys (under the bounds: past them a merge is
 * documented as inexact), errors and not-found.
 */
static void
test_audit_edges(void **state)
{
	slo_flag_registry *r = registry();
	lines ls = { 0 };
	audit_cfg c;
	char buf[512];
	int i, n;

	(void)state;
	rng = 12345;
	for (i = 0; i < 600; i++) {
		int t = (int)(next() % 50);
		const char *ts = next() % 10 ? "" : "";

		(void)ts;
		if (next() % 13 == 0)
			n = snprintf(buf, sizeof buf, "{\"kind\":\"flag\","
			    "\"flag\":\"new-checkout\",\"variant\":\"on\","
			    "\"subject\":\"u%d\",\"segment\":\"public\"}",
			    (int)(next() % 30));
		else
			n = snprintf(buf, sizeof buf, "{\"kind\":\"flag\","
			    "\"ts\":\"2026-11-20T10:%02d:00Z\",\"flag\":\"%s\","
			    "\"variant\":\"v%d\",\"subject\":\"u%d\",\"segment\":"
			    "\"%s\"%s}", t,
			    next() % 3 ? "new-checkout" : (next() % 2 ?
			    "dark-mode" : (next() % 2 ? "unreg-a" : "unreg-b")),
			    (int)(next() % 9), (int)(next() % 40),
			    next() % 2 ? "internal" : "public",
			    next() % 7 == 0 ? ",\"reason\":\"error\","
			    "\"error\":\"general\"" : next() % 11 == 0 ?
			    ",\"reason\":\"flag_not_found\"" : "");
		lines_push(&ls, buf, (size_t)n);
	}
	/* alpha variant "on" for the leak lists */
	for (i = 0; i < 40; i++) {
		n = snprintf(buf, sizeof buf, "{\"kind\":\"request\",\"ts\":"
		    "\"2026-11-20T09:%02d:00Z\",\"subject\":\"r%d\","
		    "\"flags\":{\"new-checkout\":\"on\",\"unreg-c\":\"x%d\"}}",
		    (int)(next() % 60), 40 - i, i % 5);
		lines_push(&ls, buf, (size_t)n);
	}
	c.reg = r;
	slo_flag_audit_opts_init(&c.o);
	c.o.summary = 1;
	c.o.examples = 3;
	check_merges(&audit_ops, &c, &ls, 20);
	lines_free(&ls);
	slo_flag_registry_free(r);
}

static void
test_audit_mismatch(void **state)
{
	slo_flag_registry *r = registry();
	slo_flag_audit_opts o;
	slo_flag_audit *a, *b;
	slo_error err;

	(void)state;
	slo_flag_audit_opts_init(&o);
	assert_non_null(a = slo_flag_audit_new(r, &o));
	o.examples = 3;
	assert_non_null(b = slo_flag_audit_new(r, &o));
	assert_int_equal(slo_flag_audit_merge(a, b, &err), SLO_EMISMATCH);
	slo_flag_audit_free(a);
	slo_flag_audit_free(b);
	slo_flag_registry_free(r);
}

/* ---- promotion -------------------------------------------------------- */

typedef struct promote_cfg {
	slo_promote_criteria c;
	slo_ns at;
	const slo_flag_registry *reg;
} promote_cfg;

static void *
promote_make(const void *cfg)
{
	const promote_cfg *c = cfg;
	slo_promote *p = slo_promote_new(&c->c, c->at, NULL);

	if (p != NULL && slo_promote_set_registry(p, c->reg) != SLO_OK) {
		slo_promote_free(p);
		return NULL;
	}
	return p;
}

static void promote_free(void *e) { slo_promote_free(e); }
static slo_status promote_add(void *e, const slo_event *ev, slo_error *err)
{ return slo_promote_add(e, ev, err); }
static slo_status promote_merge(void *d, const void *s, slo_error *err)
{ return slo_promote_merge(d, s, err); }
static slo_status promote_finish(void *e, slo_error *err)
{ return slo_promote_finish(e, err); }
static int promote_exit(const void *e) { return slo_promote_exit_code(e); }
static slo_status promote_render(const void *e, slo_format f, int c, slo_buf *o)
{ return slo_promote_render(e, f, c, o); }

static const engine_ops promote_ops = {
	promote_make, promote_free, promote_add, promote_merge, promote_finish,
	promote_exit, promote_render
};

static void
promote_cfg_init(promote_cfg *pc)
{
	slo_error err;
	size_t pos;

	slo_error_clear(&err);
	assert_int_equal(slo_promote_criteria_load(&pc->c,
	    "examples/promote/promote.yaml", &err), SLO_OK);
	assert_int_equal(slo_time_parse("2026-11-27T00:00:00Z", 20, &pc->at,
	    &pos), SLO_OK);
	pc->reg = NULL;
}

static void
test_promote_examples(void **state)
{
	static const char *const files[] = {
		"examples/promote/pass.ndjson", "examples/promote/fail.ndjson",
		"examples/promote/inconclusive.ndjson"
	};
	promote_cfg pc;

	(void)state;
	rng = 0x5eed;
	for (size_t f = 0; f < 3; f++) {
		lines ls = { 0 };

		lines_read(&ls, files[f]);
		promote_cfg_init(&pc);
		check_merges(&promote_ops, &pc, &ls, 8);
		pc.at = SLO_NS_NONE;
		check_merges(&promote_ops, &pc, &ls, 4);
		/* a small reservoir: the window's sample is a true subset */
		pc.c.reservoir = 50;
		check_merges(&promote_ops, &pc, &ls, 6);
		/* a window without --at: slices slide out as time goes on */
		pc.c.window = 10 * SLO_NS_PER_MIN;
		check_merges(&promote_ops, &pc, &ls, 6);
		lines_free(&ls);
	}
}

/*
 * Incidents opened in one chunk and resolved in another, ties in time
 * between them and between cohorts, alerts and deploys, flag evaluations
 * judged against a registry, rollup lines.
 */
static void
test_promote_edges(void **state)
{
	slo_flag_registry *r = registry();
	lines ls = { 0 }, fl = { 0 };
	promote_cfg pc;
	char buf[1024];
	int i, n;

	(void)state;
	rng = 777;
	lines_read(&ls, "examples/promote/pass.ndjson");
	lines_read(&fl, "examples/flags/evaluations.ndjson");
	for (size_t k = 0; k < fl.n; k++)
		lines_push(&ls, fl.l[k], strlen(fl.l[k]));
	for (i = 0; i < 30; i++) {
		int m = (int)(next() % 50);

		n = snprintf(buf, sizeof buf, "{\"kind\":\"incident\",\"ts\":"
		    "\"2026-11-26T10:%02d:00Z\",\"id\":\"inc-%d\",\"state\":"
		    "\"open\",\"cohort\":\"alpha\"}", m, i % 12);
		lines_push(&ls, buf, (size_t)n);
		n = snprintf(buf, sizeof buf, "{\"kind\":\"incident\",\"ts\":"
		    "\"2026-11-26T11:%02d:00Z\",\"id\":\"inc-%d\",\"state\":"
		    "\"resolved\"}", (int)(next() % 60), i % 12);
		lines_push(&ls, buf, (size_t)n);
		n = snprintf(buf, sizeof buf, "{\"kind\":\"alert\",\"ts\":"
		    "\"2026-11-26T10:%02d:00Z\",\"id\":\"a%d\",\"source\":"
		    "\"security\",\"severity\":\"%s\"}", m, i,
		    i % 3 ? "low" : "high");
		lines_push(&ls, buf, (size_t)n);
		n = snprintf(buf, sizeof buf, "{\"kind\":\"deploy\",\"ts\":"
		    "\"2026-11-26T10:%02d:00Z\",\"result\":\"%s\"}", m,
		    i % 4 ? "success" : "failure");
		lines_push(&ls, buf, (size_t)n);
		n = snprintf(buf, sizeof buf, "{\"kind\":\"request\",\"ts\":"
		    "\"2026-11-26T10:00:00Z\",\"cohort\":\"c%d\",\"status\":200,"
		    "\"latency_ms\":%d}", i % 7, 10 + i);
		lines_push(&ls, buf, (size_t)n);
	}
	/* an incident resolved only, one never resolved */
	n = snprintf(buf, sizeof buf, "{\"kind\":\"incident\",\"ts\":"
	    "\"2026-11-26T12:00:00Z\",\"id\":\"inc-x\",\"state\":\"resolved\"}");
	lines_push(&ls, buf, (size_t)n);
	n = snprintf(buf, sizeof buf, "{\"kind\":\"incident\",\"ts\":"
	    "\"2026-11-26T12:00:00Z\",\"id\":\"inc-y\",\"state\":\"open\"}");
	lines_push(&ls, buf, (size_t)n);
	promote_cfg_init(&pc);
	pc.reg = r;
	pc.c.time_to_restore.max = 3 * SLO_NS_PER_HOUR;
	check_merges(&promote_ops, &pc, &ls, 16);
	pc.at = SLO_NS_NONE;
	pc.c.reservoir = 20;
	check_merges(&promote_ops, &pc, &ls, 8);
	lines_free(&ls);
	lines_free(&fl);
	slo_flag_registry_free(r);
}

/* ---- slo-eval's scorecard --------------------------------------------- */

typedef struct eval_cfg {
	const slo_spec *spec;
	const slo_flag_registry *reg;
	slo_eval_config c;
} eval_cfg;

static void *
eval_make(const void *cfg)
{
	const eval_cfg *c = cfg;
	slo_eval *e = slo_eval_new(c->spec, &c->c, NULL);

	if (e != NULL)
		slo_eval_set_registry(e, c->reg);
	return e;
}

static void eval_free(void *e) { slo_eval_free(e); }
static slo_status eval_add(void *e, const slo_event *ev, slo_error *err)
{ return slo_eval_add(e, ev, err); }
static slo_status eval_merge(void *d, const void *s, slo_error *err)
{ return slo_eval_merge(d, s, err); }
static slo_status eval_finish(void *e, slo_error *err)
{ return slo_eval_finish(e, err); }
static int eval_exit(const void *e) { return slo_eval_exit_code(e); }
/* Every format that carries the scorecard, one after the other. */
static slo_status eval_render(const void *e, slo_format f, int c, slo_buf *o)
{
	static const slo_format more[] = { SLO_FMT_PROM, SLO_FMT_MARKDOWN,
	    SLO_FMT_CSV, SLO_FMT_HTML };
	slo_status st = slo_eval_render(e, f, c, o);

	for (size_t i = 0; f == SLO_FMT_NDJSON && st == SLO_OK && i < 4; i++)
		st = slo_eval_render(e, more[i], c, o);
	return st;
}

static const engine_ops eval_ops = {
	eval_make, eval_free, eval_add, eval_merge, eval_finish, eval_exit,
	eval_render
};

/*
 * Deploys of four services (one without a service, one without an SLO)
 * spread over the window and outside it, with the requests of the
 * scorecard fixture's SLOs: the merged scorecard (groups, deploys per
 * day, budget use, alpha flags) renders as the whole one.
 */
static void
test_scorecard_merge(void **state)
{
	static const char *const svc[] = { "checkout", "search", "billing", NULL };
	static const char *const spec_path[] = {
		"tests/cli/fixtures/scorecard/slos.yaml"
	};
	slo_flag_registry *reg = slo_flag_registry_new();
	lines ls = { 0 };
	eval_cfg ec;
	slo_error err;
	char buf[512];
	size_t pos;
	int n;

	(void)state;
	rng = 2112;
	slo_error_clear(&err);
	assert_non_null(reg);
	assert_int_equal(slo_flag_registry_load_file(reg,
	    "tests/cli/fixtures/scorecard/flags.yaml", &err), SLO_OK);
	assert_non_null(ec.spec = slo_spec_load_files(spec_path, 1, &err));
	ec.reg = reg;
	slo_eval_config_init(&ec.c);
	assert_int_equal(slo_time_parse("2026-12-03T11:59:59Z", 20, &ec.c.at,
	    &pos), SLO_OK);
	for (int i = 0; i < 400; i++) {
		int d = 1 + (int)(next() % 3), h = (int)(next() % 24);
		int m = (int)(next() % 60);
		const char *s = svc[next() % 4];

		n = snprintf(buf, sizeof buf, "{\"ts\":\"2026-12-0%dT%02d:%02d:00Z\","
		    "\"service\":\"%s\",\"status\":%d,\"latency_ms\":%d}", d, h, m,
		    s ? s : "checkout", next() % 20 ? 200 : 500,
		    (int)(next() % 500));
		lines_push(&ls, buf, (size_t)n);
		if (i % 7 != 0)
			continue;
		if (s != NULL)
			n = snprintf(buf, sizeof buf, "{\"kind\":\"deploy\",\"ts\":"
			    "\"2026-12-0%dT%02d:%02d:00Z\",\"service\":\"%s\","
			    "\"result\":\"success\"}", d, h, m, s);
		else
			n = snprintf(buf, sizeof buf, "{\"kind\":\"deploy\",\"ts\":"
			    "\"2026-12-0%dT%02d:%02d:00Z\",\"result\":\"failure\"}",
			    d, h, m);
		lines_push(&ls, buf, (size_t)n);
	}
	check_merges(&eval_ops, &ec, &ls, 12);
	ec.c.at = SLO_NS_NONE;  /* the instant from the newest event */
	check_merges(&eval_ops, &ec, &ls, 6);
	ec.reg = NULL;
	check_merges(&eval_ops, &ec, &ls, 4);
	lines_free(&ls);
	slo_spec_free((slo_spec *)ec.spec);
	slo_flag_registry_free(reg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_examples),
		cmocka_unit_test(test_audit_edges),
		cmocka_unit_test(test_audit_mismatch),
		cmocka_unit_test(test_promote_examples),
		cmocka_unit_test(test_promote_edges),
		cmocka_unit_test(test_scorecard_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
