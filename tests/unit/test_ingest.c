/* test_ingest.c — paths, units, presets, maps, atomic objects, options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo_ingest.h"
#include "ingest_int.h"

/* 2026-11-26T08:10:33Z is 1795680633 s (python3 datetime.timestamp()). */
#define T0S 1795680633LL

static json_t *
J(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);

	if (j == NULL)
		fail_msg("bad test json: %s: %s", je.text, text);
	return j;
}

static void
paths_walk_nested_and_dotted_keys(void **state)
{
	json_t *o = J("{\"a\":{\"b\":{\"c\":1}},\"a.b\":{\"d\":2},"
	    "\"x.y.z\":3,\"x\":{\"y\":{\"z\":4}},\"@timestamp\":5,"
	    "\"http\":{\"response.status_code\":404}}");

	(void)state;
	assert_int_equal(json_integer_value(slo_json_path(o, "a.b.c", 5)), 1);
	assert_int_equal(json_integer_value(slo_json_path(o, "a.b.d", 5)), 2);
	/* the whole key first */
	assert_int_equal(json_integer_value(slo_json_path(o, "x.y.z", 5)), 3);
	assert_int_equal(json_integer_value(slo_json_path(o, "@timestamp",
	    10)), 5);
	assert_int_equal(json_integer_value(slo_json_path(o,
	    "http.response.status_code", 25)), 404);
	assert_null(slo_json_path(o, "a.b.e", 5));
	assert_null(slo_json_path(o, "a.", 2));
	assert_null(slo_json_path(o, "", 0));
	assert_null(slo_json_path(NULL, "a", 1));
	/* n bounds the path: "a.b.cXYZ" read as "a.b.c" */
	assert_int_equal(json_integer_value(slo_json_path(o, "a.b.cXYZ", 5)),
	    1);
	json_decref(o);
}

static slo_ns
ns_of(const char *json, slo_unit u, slo_status want)
{
	json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
	slo_ns out = -42;

	assert_non_null(v);
	assert_int_equal(slo_json_ns(v, u, &out), want);
	json_decref(v);
	return out;
}

static void
units_convert_exactly(void **state)
{
	(void)state;
	/* 19 digits survive: a double would round to ...123456768 */
	assert_true(ns_of("\"1795680633123456789\"", SLO_UNIT_NS, SLO_OK) ==
	    1795680633123456789LL);
	assert_true(ns_of("1795680633123456789", SLO_UNIT_NS, SLO_OK) ==
	    1795680633123456789LL);
	assert_true(ns_of("\"1795680633.123456789\"", SLO_UNIT_S, SLO_OK) ==
	    1795680633123456789LL);
	/* nginx $msec and $request_time */
	assert_true(ns_of("\"1795680633.123\"", SLO_UNIT_S, SLO_OK) ==
	    1795680633123000000LL);
	assert_true(ns_of("\"0.012\"", SLO_UNIT_S, SLO_OK) == 12000000);
	/* a tenth digit is below a nanosecond: dropped */
	assert_true(ns_of("\"0.0000000019\"", SLO_UNIT_S, SLO_OK) == 1);
	/* a fraction of a ms is kept to the nanosecond */
	assert_true(ns_of("\"0.0015\"", SLO_UNIT_MS, SLO_OK) == 1500);
	assert_true(ns_of("12.5", SLO_UNIT_MS, SLO_OK) == 12500000);
	assert_true(ns_of("\"1795680633123\"", SLO_UNIT_MS, SLO_OK) ==
	    1795680633123000000LL);
	assert_true(ns_of("1500", SLO_UNIT_US, SLO_OK) == 1500000);
	assert_true(ns_of("\"1.5e3\"", SLO_UNIT_US, SLO_OK) == 1500000);
	assert_true(ns_of("\"0.123456s\"", SLO_UNIT_DURATION, SLO_OK) ==
	    123456000);
	assert_true(ns_of("\"2026-11-26T08:10:33.5Z\"", SLO_UNIT_RFC3339,
	    SLO_OK) == T0S * SLO_NS_PER_SEC + 500000000);
	assert_true(ns_of("\"2026-11-26T08:10:33Z\"", SLO_UNIT_AUTO, SLO_OK) ==
	    T0S * SLO_NS_PER_SEC);
	assert_true(ns_of("1795680633", SLO_UNIT_AUTO, SLO_OK) ==
	    T0S * SLO_NS_PER_SEC);
	assert_true(ns_of("\"1795680633.25\"", SLO_UNIT_AUTO, SLO_OK) ==
	    T0S * SLO_NS_PER_SEC + 250000000);
	/* CLF: local time and its offset */
	assert_true(ns_of("\"26/Nov/2026:09:10:33 +0100\"", SLO_UNIT_CLF,
	    SLO_OK) == T0S * SLO_NS_PER_SEC);
	assert_true(ns_of("\"[26/Nov/2026:03:10:33 -0500]\"", SLO_UNIT_CLF,
	    SLO_OK) == T0S * SLO_NS_PER_SEC);
	/* refusals */
	ns_of("\"29/Feb/2026:08:10:33 +0000\"", SLO_UNIT_CLF, SLO_ERANGE);
	ns_of("\"26/Foo/2026:08:10:33 +0000\"", SLO_UNIT_CLF, SLO_ESYNTAX);
	ns_of("\"26/Nov/2026 08:10:33 +0000\"", SLO_UNIT_CLF, SLO_ESYNTAX);
	ns_of("\"-1\"", SLO_UNIT_MS, SLO_ERANGE);
	ns_of("-1", SLO_UNIT_MS, SLO_ERANGE);
	ns_of("\"12ms\"", SLO_UNIT_MS, SLO_ESYNTAX);
	ns_of("\"\"", SLO_UNIT_MS, SLO_ESYNTAX);
	ns_of("\".\"", SLO_UNIT_MS, SLO_ESYNTAX);
	ns_of("\"99999999999999999999\"", SLO_UNIT_NS, SLO_ERANGE);
	ns_of("\"9300000000\"", SLO_UNIT_S, SLO_ERANGE);
	ns_of("9300000000", SLO_UNIT_S, SLO_ERANGE);
	ns_of("1e300", SLO_UNIT_MS, SLO_ERANGE);
	ns_of("true", SLO_UNIT_MS, SLO_EINVAL);
	ns_of("12", SLO_UNIT_RFC3339, SLO_EINVAL);
	ns_of("\"fast\"", SLO_UNIT_DURATION, SLO_ESYNTAX);
}

static void
int64_from_strings(void **state)
{
	int64_t x;
	json_t *v;

	(void)state;
	v = json_string("9223372036854775807");
	assert_int_equal(slo_json_int64(v, &x), SLO_OK);
	assert_true(x == INT64_MAX);
	json_decref(v);
	v = json_string("9223372036854775808");
	assert_int_equal(slo_json_int64(v, &x), SLO_ERANGE);
	json_decref(v);
	v = json_string("12a");
	assert_int_equal(slo_json_int64(v, &x), SLO_ESYNTAX);
	json_decref(v);
	v = json_string("-");
	assert_int_equal(slo_json_int64(v, &x), SLO_ESYNTAX);
	json_decref(v);
	v = json_real(1.5);
	assert_int_equal(slo_json_int64(v, &x), SLO_ERANGE);
	json_decref(v);
	v = json_real(503.0);
	assert_int_equal(slo_json_int64(v, &x), SLO_OK);
	assert_int_equal(x, 503);
	json_decref(v);
}

static void
names(void **state)
{
	(void)state;
	assert_int_equal(slo_preset_from_name("otlp"), SLO_PRESET_OTLP);
	assert_int_equal(slo_preset_from_name("unleash"), SLO_PRESET_UNLEASH);
	assert_int_equal(slo_preset_from_name("map"), -1);
	assert_int_equal(slo_preset_from_name("OTLP"), -1);
	assert_string_equal(slo_preset_name(SLO_PRESET_GCP), "gcp");
	assert_int_equal(slo_unit_from_name("epoch_ms"), SLO_UNIT_MS);
	assert_int_equal(slo_unit_from_name("ms"), SLO_UNIT_MS);
	assert_int_equal(slo_unit_from_name("minutes"), -1);
	assert_null(slo_ingest_new((slo_preset)99));
	slo_ingest_free(NULL);
	slo_map_free(NULL);
}

static void
url_paths(void **state)
{
	slo_ingest *ing = slo_ingest_new(SLO_PRESET_GCP);

	(void)state;
	assert_string_equal(ing_url_path(ing, "https://h.example/a/b?q=1"),
	    "/a/b");
	assert_string_equal(ing_url_path(ing, "http://h:8080"), "/");
	assert_string_equal(ing_url_path(ing, "/a#frag"), "/a");
	assert_string_equal(ing_url_path(ing, "/a?next=http://x/y"), "/a");
	assert_string_equal(ing_url_path(ing, "?q"), "/");
	assert_string_equal(ing_url_path(ing, "/plain"), "/plain");
	assert_null(ing_url_path(ing, NULL));
	slo_ingest_free(ing);
}

/* Map text through a preset; returns what was written, "" on reject. */
static char out_text[8192];

static slo_status
run(slo_ingest *ing, const char *json, slo_error *err)
{
	json_t *o = J(json);
	slo_buf b = { 0 };
	slo_status st;

	st = slo_ingest_object(ing, o, &b, err);
	snprintf(out_text, sizeof out_text, "%s", b.data ? b.data : "");
	if (st != SLO_OK)
		assert_int_equal(b.len, 0);
	slo_buf_release(&b);
	json_decref(o);
	return st;
}

#define SPAN(start, end, attrs, status) \
	"{\"startTimeUnixNano\":\"" start "\",\"endTimeUnixNano\":\"" end \
	"\",\"attributes\":[" attrs "],\"status\":" status "}"

static void
otlp_object_is_atomic(void **state)
{
	slo_ingest *ing = slo_ingest_new(SLO_PRESET_OTLP);
	slo_error err;
	slo_ingest_stats s;

	(void)state;
	/* the second span ends before it starts: the whole line goes */
	assert_int_equal(run(ing, "{\"resourceSpans\":[{\"scopeSpans\":[{"
	    "\"spans\":[" SPAN("1795680633000000000", "1795680633001000000",
	    "", "{}") "," SPAN("1795680633000000000", "1795680632000000000",
	    "", "{}") "]}]}]}", &err), SLO_EINVAL);
	assert_string_equal(err.msg, "'endTimeUnixNano' before "
	    "'startTimeUnixNano'");
	s = slo_ingest_get_stats(ing);
	assert_int_equal(s.rejected, 1);
	assert_int_equal(s.written, 0);
	/* both good: two events, 1 ms and exactly 1 ns */
	assert_int_equal(run(ing, "{\"resourceSpans\":[{\"scopeSpans\":[{"
	    "\"spans\":[" SPAN("1795680633000000000", "1795680633001000000",
	    "{\"key\":\"http.response.status_code\",\"value\":{\"intValue\":"
	    "\"500\"}}", "{}") "," SPAN("1795680633999999999",
	    "1795680634000000000", "", "{\"code\":\"STATUS_CODE_OK\"}")
	    "]}]}]}", &err), SLO_OK);
	assert_string_equal(out_text,
	    "{\"kind\":\"request\",\"ts\":\"2026-11-26T08:10:33Z\","
	    "\"status\":500,\"latency_ms\":1,\"ok\":false}\n"
	    "{\"kind\":\"request\",\"ts\":\"2026-11-26T08:10:33.999999999Z\","
	    "\"latency_ms\":1e-06,\"ok\":true}\n");
	s = slo_ingest_get_stats(ing);
	assert_int_equal(s.objects, 1);
	assert_int_equal(s.events, 2);
	assert_int_equal(s.written, 2);
	slo_ingest_free(ing);
}

static void
reasons_group_by_phrase(void **state)
{
	slo_ingest *ing = slo_ingest_new(SLO_PRESET_GOFF);
	slo_error err;
	uint64_t n;

	(void)state;
	/* two kinds, one phrase (tracking events are skipped, not here) */
	run(ing, "{\"kind\":\"debug\"}", &err);
	run(ing, "{\"kind\":\"custom\"}", &err);
	run(ing, "{\"kind\":\"feature\",\"key\":\"k\"}", &err);
	run(ing, "{}", &err);
	assert_int_equal(slo_ingest_nreasons(ing), 3);
	assert_string_equal(slo_ingest_reason(ing, 0, &n),
	    "not a feature event");
	assert_int_equal(n, 2);
	assert_string_equal(slo_ingest_reason(ing, 1, &n),
	    "missing 'creationDate'");
	assert_int_equal(n, 1);
	assert_string_equal(slo_ingest_reason(ing, 2, &n), "missing 'kind'");
	assert_null(slo_ingest_reason(ing, 3, &n));
	slo_ingest_free(ing);
}

static void
set_good_where_cohort(void **state)
{
	slo_ingest *ing = slo_ingest_new(SLO_PRESET_TRAEFIK);
	slo_error err;
	slo_expr *good = slo_expr_new("latency_ms < 20", &err);
	slo_expr *where = slo_expr_new("route != \"/healthz\"", &err);
	slo_expr *cohort = slo_expr_new("RequestHost", &err);

	(void)state;
	assert_int_equal(slo_ingest_set(ing, "cohort=alpha", &err), SLO_OK);
	assert_int_equal(slo_ingest_set(ing, "labels.team=web", &err), SLO_OK);
	assert_int_equal(slo_ingest_set(ing, "region=eu=1", &err), SLO_OK);
	assert_int_equal(slo_ingest_set(ing, "status=200", &err), SLO_EINVAL);
	assert_int_equal(slo_ingest_set(ing, "nonsense", &err), SLO_EINVAL);
	assert_int_equal(slo_ingest_set(ing, "=x", &err), SLO_EINVAL);
	assert_int_equal(slo_ingest_set(ing, "labels.=x", &err), SLO_EINVAL);
	assert_int_equal(slo_ingest_set(ing, "service=", &err), SLO_EINVAL);
	slo_ingest_set_good(ing, good);
	slo_ingest_set_where(ing, where);
	assert_int_equal(run(ing, "{\"StartUTC\":\"2026-11-26T08:10:33Z\","
	    "\"DownstreamStatus\":503,\"Duration\":5000000,\"RequestPath\":"
	    "\"/a\"}", &err), SLO_OK);
	/* --good decides alone: a fast 503 is good by this definition */
	assert_string_equal(out_text, "{\"kind\":\"request\",\"ts\":"
	    "\"2026-11-26T08:10:33Z\",\"cohort\":\"alpha\",\"region\":\"eu=1\","
	    "\"route\":\"/a\",\"status\":503,\"latency_ms\":5,\"ok\":true,"
	    "\"labels\":{\"team\":\"web\"}}\n");
	assert_int_equal(run(ing, "{\"StartUTC\":\"2026-11-26T08:10:33Z\","
	    "\"DownstreamStatus\":200,\"RequestPath\":\"/healthz\"}", &err),
	    SLO_OK);
	assert_string_equal(out_text, "");
	assert_int_equal(slo_ingest_get_stats(ing).filtered, 1);
	/* --cohort-from over the raw record overrides --set */
	slo_ingest_set_cohort_from(ing, cohort);
	assert_int_equal(run(ing, "{\"StartUTC\":\"2026-11-26T08:10:33Z\","
	    "\"DownstreamStatus\":200,\"RequestPath\":\"/a\",\"RequestHost\":"
	    "\"beta.shop\"}", &err), SLO_OK);
	assert_non_null(strstr(out_text, "\"cohort\":\"beta.shop\""));
	/* and when the record lacks it, --set stays */
	assert_int_equal(run(ing, "{\"StartUTC\":\"2026-11-26T08:10:33Z\","
	    "\"DownstreamStatus\":200,\"RequestPath\":\"/a\"}", &err), SLO_OK);
	assert_non_null(strstr(out_text, "\"cohort\":\"alpha\""));
	slo_ingest_free(ing);
	slo_expr_free(good);
	slo_expr_free(where);
	slo_expr_free(cohort);
}

static void
presets_need_what_they_name(void **state)
{
	static const struct {
		slo_preset p;
		const char *json, *reason;
	} cases[] = {
		{ SLO_PRESET_ENVOY, "{\"start_time\":\"2026-11-26T08:10:33Z\"}",
		  "missing 'response_code'" },
		{ SLO_PRESET_ENVOY, "{\"start_time\":\"yesterday\","
		  "\"response_code\":200}", "bad 'start_time'" },
		{ SLO_PRESET_ENVOY, "{\"start_time\":\"2026-11-26T08:10:33Z\","
		  "\"response_code\":1000}", "bad 'response_code'" },
		{ SLO_PRESET_ENVOY, "{\"start_time\":\"2026-11-26T08:10:33Z\","
		  "\"response_code\":200,\"duration\":-3}", "bad 'duration'" },
		{ SLO_PRESET_GCP, "{\"timestamp\":\"2026-11-26T08:10:33Z\"}",
		  "no httpRequest" },
		{ SLO_PRESET_GCP, "{\"httpRequest\":{\"status\":200}}",
		  "missing 'timestamp'" },
		{ SLO_PRESET_ECS, "{\"@timestamp\":\"2026-11-26T08:10:33Z\","
		  "\"http\":{\"response\":{\"status_code\":\"2xx\"}}}",
		  "bad 'http.response.status_code'" },
		{ SLO_PRESET_TRAEFIK, "{\"StartUTC\":\"2026-11-26T08:10:33Z\"}",
		  "missing 'DownstreamStatus'" },
		{ SLO_PRESET_OTLP, "{\"resourceSpans\":{}}",
		  "bad 'resourceSpans' or 'resourceLogs': not an array" },
		{ SLO_PRESET_OTLP, "{\"resourceSpans\":[]}",
		  "no spans nor log records" },
		{ SLO_PRESET_OTLP, "{\"resourceSpans\":[{\"scopeSpans\":[{"
		  "\"spans\":[{\"endTimeUnixNano\":\"5\"}]}]}]}",
		  "missing 'startTimeUnixNano'" },
		{ SLO_PRESET_OTLP, "{\"resourceSpans\":[{\"scopeSpans\":[{"
		  "\"spans\":[{\"startTimeUnixNano\":\"5\",\"attributes\":[{"
		  "\"key\":\"http.status_code\",\"value\":{\"stringValue\":"
		  "\"OK\"}}]}]}]}]}", "bad 'http.response.status_code'" },
		{ SLO_PRESET_UNLEASH, "{\"eventType\":\"isEnabled\","
		  "\"enabled\":true}", "missing 'featureName'" },
		{ SLO_PRESET_CANONICAL, "{\"kind\":\"meteor\"}", NULL },
	};
	slo_error err;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		slo_ingest *ing = slo_ingest_new(cases[i].p);
		assert_int_not_equal(run(ing, cases[i].json, &err), SLO_OK);
		if (cases[i].reason != NULL)
			assert_string_equal(err.msg, cases[i].reason);
		else
			assert_true(err.msg[0] != '\0');
		slo_ingest_free(ing);
	}
}

static void
canonical_keeps_unknown_fields(void **state)
{
	slo_ingest *ing = slo_ingest_new(SLO_PRESET_CANONICAL);
	slo_error err;

	(void)state;
	assert_int_equal(run(ing, "{\"ts\":\"2026-11-26T08:10:33Z\","
	    "\"tier\":\"gold\",\"service\":\"a\",\"status\":200}", &err),
	    SLO_OK);
	assert_non_null(strstr(out_text, "\"service\":\"a\""));
	assert_non_null(strstr(out_text, "\"tier\":\"gold\""));
	slo_ingest_free(ing);
}

static slo_map *
map_of(const char *yaml, slo_error *err)
{
	return slo_map_load_string("m.yaml", yaml, strlen(yaml), err);
}

static void
map_errors_are_positioned(void **state)
{
	static const struct {
		const char *yaml, *msg;
		long line, col;
	} cases[] = {
		{ "ts: t\nwindw: x\n", "unknown key 'windw'", 2, 1 },
		{ "ts: t\nts: u\n", "duplicate key 'ts'", 2, 1 },
		{ "status: s\n", "the map has no 'ts'", 1, 1 },
		{ "ts: {path: t, unit: parsec}\n", "unknown unit 'parsec'", 1, 21 },
		{ "ts: {path: t, unit: duration}\n", NULL, 1, 21 },
		{ "ts: t\nlatency_ms: {path: d, unit: rfc3339}\n", NULL, 2, 29 },
		{ "ts: t\nroute: {path: r, unit: ms}\n", NULL, 2, 24 },
		{ "ts: {path: t, const: x}\n", NULL, 1, 22 },
		{ "ts: {unit: s}\n", NULL, 1, 5 },
		{ "ts: t\nlabels: [a]\n", NULL, 2, 9 },
		{ "ts: {path: t, colour: red}\n", "unknown key 'colour'", 1, 15 },
		{ "- ts\n", NULL, 1, 1 },
	};
	slo_error err;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		slo_error_clear(&err);
		assert_null(map_of(cases[i].yaml, &err));
		if (cases[i].msg != NULL)
			assert_string_equal(err.msg, cases[i].msg);
		assert_string_equal(err.file, "m.yaml");
		assert_int_equal(err.line, cases[i].line);
		assert_int_equal(err.col, cases[i].col);
	}
}

static void
map_fields(void **state)
{
	slo_error err;
	slo_map *m = map_of(
	    "kind: {const: deploy}\n"
	    "ts: {path: when, unit: epoch_ms}\n"
	    "result: {expr: 'ok == true'}\n"
	    "service: {path: app.name, default: unknown}\n"
	    "labels:\n"
	    "  sha: git.sha\n", &err);
	slo_ingest *ing = slo_ingest_new(SLO_PRESET_CANONICAL);

	(void)state;
	assert_non_null(m);
	slo_ingest_set_map_take(ing, m);
	assert_int_equal(run(ing, "{\"when\":1795680633250,\"ok\":true,"
	    "\"app\":{\"name\":\"api\"},\"git.sha\":\"abc\"}", &err), SLO_OK);
	/* a deploy needs no status; expr values become text */
	assert_string_equal(out_text, "{\"kind\":\"deploy\",\"ts\":"
	    "\"2026-11-26T08:10:33.250Z\",\"service\":\"api\",\"result\":"
	    "\"true\",\"labels\":{\"sha\":\"abc\"}}\n");
	assert_int_equal(run(ing, "{\"when\":\"-\"}", &err), SLO_EINVAL);
	assert_string_equal(err.msg, "missing 'ts'");
	assert_int_equal(run(ing, "{\"when\":1795680633250}", &err), SLO_OK);
	assert_non_null(strstr(out_text, "\"service\":\"unknown\""));
	slo_ingest_free(ing);
}

/*
 * Every value of every fixture line, replaced in turn by a value of each
 * other JSON type: no preset may crash, leak or emit on a reject (run
 * under ASan by `make check`).
 */
static json_t *
replacement(int k)
{
	switch (k) {
	case 0: return json_null();
	case 1: return json_integer(-1);
	case 2: return json_real(1e300);
	case 3: return json_string("-");
	case 4: return json_string("9999999999999999999999");
	case 5: return json_array();
	case 6: return json_object();
	default: return json_true();
	}
}

static size_t nruns, nrejects;

static void
try(slo_ingest *ing, json_t *root, slo_buf *b)
{
	size_t before = b->len;
	slo_error err;

	if (slo_ingest_object(ing, root, b, &err) != SLO_OK) {
		assert_int_equal(b->len, before);
		assert_true(err.msg[0] != '\0');
		nrejects++;
	}
	nruns++;
	if (b->len > 65536)
		slo_buf_reset(b);
}

static void
mutate_and_run(slo_ingest *ing, json_t *root, json_t *node, int depth)
{
	slo_buf b = { 0 };
	const char *key;
	json_t *v;
	size_t i;

	if (depth > 8)
		return;
	if (json_is_object(node)) {
		void *iter;
		json_object_foreach_safe(node, iter, key, v) {
			json_incref(v);
			for (int k = 0; k < 8; k++) {
				json_object_set_new(node, key, replacement(k));
				try(ing, root, &b);
			}
			json_object_set(node, key, v);
			mutate_and_run(ing, root, v, depth + 1);
			json_decref(v);
		}
	} else if (json_is_array(node)) {
		json_array_foreach(node, i, v) {
			json_incref(v);
			for (int k = 0; k < 8; k++) {
				json_array_set_new(node, i, replacement(k));
				try(ing, root, &b);
			}
			json_array_set(node, i, v);
			mutate_and_run(ing, root, v, depth + 1);
			json_decref(v);
		}
	}
	slo_buf_release(&b);
}

static void
type_confusion_does_not_crash(void **state)
{
	static const char *const presets[] = { "otlp", "envoy", "gcp", "ecs",
		"traefik", "goff", "unleash", "canonical" };
	char path[256], *line = NULL;
	size_t cap = 0;
	ssize_t n;

	(void)state;
	for (size_t p = 0; p < sizeof presets / sizeof presets[0]; p++) {
		slo_ingest *ing = slo_ingest_new(
		    (slo_preset)slo_preset_from_name(presets[p]));
		slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
		FILE *f;

		/* half the presets also fold into a rollup */
		if (p % 2)
			slo_ingest_set_rollup(ing, r);
		snprintf(path, sizeof path,
		    "tests/cli/fixtures/slo-ingest/%s.ndjson", presets[p]);
		if ((f = fopen(path, "r")) == NULL)
			fail_msg("cannot open %s (run from the top directory)",
			    path);
		while ((n = getline(&line, &cap, f)) > 0) {
			json_t *o = json_loadb(line, (size_t)n, 0, NULL);
			if (o == NULL)
				continue;
			mutate_and_run(ing, o, o, 0);
			json_decref(o);
		}
		fclose(f);
		slo_ingest_free(ing);
		slo_rollup_free(r);
	}
	free(line);
	print_message("%zu objects mutated, %zu rejected\n", nruns, nrejects);
	assert_true(nruns > 1000);
	assert_true(nrejects > 100 && nrejects < nruns);
}

/* ---- slo_ingest_line(): the fast path against the jansson path -------- */

/*
 * The reference: what slo-ingest did with a line before slo_ingest_line(),
 * slo_input_next_json()'s checks (lib/cli.c) then slo_ingest_object().
 */
static slo_status
ref_line(slo_ingest *ing, const char *line, size_t n, slo_buf *out,
    slo_error *err)
{
	json_error_t je;
	json_t *o;
	slo_status st;
	size_t bad;

	slo_error_clear(err);
	if (!slo_utf8_valid(line, n, &bad))
		return slo_error_set(err, SLO_EUTF8, "", 0, (long)bad + 1,
		    "invalid utf-8");
	if ((o = json_loadb(line, n, 0, &je)) == NULL)
		return slo_error_set(err, SLO_ESYNTAX, "", 0,
		    je.position > 0 ? je.position : 1, "invalid json: %s",
		    je.text);
	if (!json_is_object(o)) {
		json_decref(o);
		return slo_error_set(err, SLO_EINVAL, "", 0, 1,
		    "not a json object");
	}
	st = slo_ingest_object(ing, o, out, err);
	json_decref(o);
	return st;
}

struct line_conf {
	const char *set[2];
	const char *good, *where, *cohort_from;
	int rollup;
};

static slo_ingest *
conf_engine(const struct line_conf *c, slo_expr **ex, slo_rollup **r)
{
	slo_ingest *ing = slo_ingest_new(SLO_PRESET_CANONICAL);
	slo_error err;

	assert_non_null(ing);
	for (int i = 0; i < 2; i++)
		if (c->set[i] != NULL)
			assert_int_equal(slo_ingest_set(ing, c->set[i], &err),
			    SLO_OK);
	ex[0] = c->good ? slo_expr_new(c->good, &err) : NULL;
	ex[1] = c->where ? slo_expr_new(c->where, &err) : NULL;
	ex[2] = c->cohort_from ? slo_expr_new(c->cohort_from, &err) : NULL;
	slo_ingest_set_good(ing, ex[0]);
	slo_ingest_set_where(ing, ex[1]);
	slo_ingest_set_cohort_from(ing, ex[2]);
	*r = NULL;
	if (c->rollup) {
		*r = slo_rollup_new(SLO_NS_PER_MIN);
		slo_ingest_set_rollup(ing, *r);
	}
	return ing;
}

/*
 * Feeds every line to an engine through each path and requires the same
 * verdict, reason, column and output, line by line, then the same stats,
 * tally of reasons and rollup.  Returns the lines written verbatim.
 */
static uint64_t
same_as_jansson(const char *const *lines, size_t nlines,
    const struct line_conf *c)
{
	slo_expr *exa[3], *exb[3];
	slo_rollup *ra, *rb;
	slo_ingest *a = conf_engine(c, exa, &ra), *b = conf_engine(c, exb, &rb);
	slo_buf oa = { 0 }, ob = { 0 };
	slo_ingest_stats sa, sb;
	slo_error ea, eb;
	uint64_t verbatim, na, nb;

	for (size_t i = 0; i < nlines; i++) {
		size_t n = strlen(lines[i]);
		slo_status sta, stb;

		slo_buf_reset(&oa);
		slo_buf_reset(&ob);
		sta = ref_line(a, lines[i], n, &oa, &ea);
		stb = slo_ingest_line(b, lines[i], n, &ob, &eb);
		if ((sta == SLO_OK) != (stb == SLO_OK) || oa.len != ob.len ||
		    (oa.len > 0 && memcmp(oa.data, ob.data, oa.len) != 0) ||
		    (sta != SLO_OK && (ea.col != eb.col ||
		    strcmp(ea.msg, eb.msg) != 0)))
			fail_msg("line %zu differs: %s\n  jansson %d %ld '%s' %.*s"
			    "  line    %d %ld '%s' %.*s", i, lines[i], sta,
			    ea.col, ea.msg, (int)oa.len, oa.data ? oa.data : "",
			    stb, eb.col, eb.msg, (int)ob.len,
			    ob.data ? ob.data : "");
	}
	sa = slo_ingest_get_stats(a);
	sb = slo_ingest_get_stats(b);
	assert_memory_equal(&sa, &sb, sizeof sa);
	assert_int_equal(slo_ingest_nreasons(a), slo_ingest_nreasons(b));
	for (size_t i = 0; i < slo_ingest_nreasons(a); i++) {
		assert_string_equal(slo_ingest_reason(a, i, &na),
		    slo_ingest_reason(b, i, &nb));
		assert_int_equal(na, nb);
	}
	if (c->rollup) {
		assert_int_equal(slo_rollup_nrows(ra), slo_rollup_nrows(rb));
		slo_buf_reset(&oa);
		slo_buf_reset(&ob);
		for (size_t i = 0; i < slo_rollup_nrows(ra); i++) {
			assert_int_equal(slo_rollup_row_encode(
			    slo_rollup_row_at(ra, i), &oa), SLO_OK);
			assert_int_equal(slo_rollup_row_encode(
			    slo_rollup_row_at(rb, i), &ob), SLO_OK);
		}
		assert_int_equal(oa.len, ob.len);
		if (oa.len > 0)
			assert_memory_equal(oa.data, ob.data, oa.len);
	}
	verbatim = ing_verbatim_count(b);
	assert_int_equal(ing_verbatim_count(a), 0);
	slo_ingest_free(a);
	slo_ingest_free(b);
	slo_rollup_free(ra);
	slo_rollup_free(rb);
	for (int i = 0; i < 3; i++) {
		slo_expr_free(exa[i]);
		slo_expr_free(exb[i]);
	}
	slo_buf_release(&oa);
	slo_buf_release(&ob);
	return verbatim;
}

static const struct line_conf line_confs[] = {
	{ { NULL, NULL }, NULL, NULL, NULL, 0 },
	{ { NULL, NULL }, NULL, "status >= 500 || route == \"/a\"", NULL, 0 },
	{ { "service=svc", "labels.team=ops" }, NULL, NULL, NULL, 0 },
	{ { "labels.a=z", NULL }, "latency_ms < 100", NULL, NULL, 0 },
	{ { NULL, NULL }, NULL, NULL, "labels.team", 0 },
	{ { NULL, NULL }, NULL, NULL, NULL, 1 },
	{ { "cohort=alpha", NULL }, "ok", "kind == \"request\"", NULL, 1 },
	{ { NULL, NULL }, NULL, "extra == 1 || nope.x", NULL, 0 },
};
#define NCONFS (sizeof line_confs / sizeof line_confs[0])

static void
line_path_hand_written(void **state)
{
	/* each a case where the two paths could part */
	static const char *const lines[] = {
		/* the fixed form, as slo-ingest and gen-events write it */
		"{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00.000250Z\",\"service\":\"checkout\",\"cohort\":\"baseline\",\"region\":\"us-east-1\",\"version\":\"1.4.2\",\"route\":\"/api/items\",\"status\":200,\"latency_ms\":17.512,\"trace_id\":\"5705b877\",\"subject\":\"u68974\"}",
		"{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"route\":\"/a\",\"status\":503,\"latency_ms\":0,\"ok\":false,\"labels\":{\"team\":\"web\"},\"flags\":{\"new-checkout\":\"on\"}}",
		"{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:01.5Z\",\"status\":0}",
		"{\"kind\":\"request\"}",
		/* fast path, but not as the encoder writes it */
		"{\"kind\":\"request\",\"ts\":\"2026-11-25T01:00:00+01:00\",\"status\":200}",
		"{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00.500Z\",\"status\":200}",
		"{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00.000000000Z\"}",
		"{\"kind\":\"request\",\"ts\":\"2026-11-25t00:00:00z\"}",
		"{\"kind\":\"request\",\"latency_ms\":1.50}",
		"{\"kind\":\"request\",\"latency_ms\":1e2}",
		"{\"kind\":\"request\",\"latency_ms\":1E-2}",
		"{\"kind\":\"request\",\"latency_ms\":0.00001}",
		"{\"kind\":\"request\",\"latency_ms\":0.0001}",
		"{\"kind\":\"request\",\"latency_ms\":0.00012}",
		"{\"kind\":\"request\",\"latency_ms\":17.0}",
		"{\"kind\":\"request\",\"latency_ms\":123456789012345}",
		"{\"kind\":\"request\",\"latency_ms\":1234567890123456}",
		"{\"kind\":\"request\",\"latency_ms\":12345678901234.5}",
		"{\"kind\":\"request\",\"latency_ms\":1234567890123.45678}",
		"{\"kind\":\"request\",\"latency_ms\":0.1000000000000000055511151231257827}",
		"{\"kind\":\"request\",\"latency_ms\":1.7976931348623157e308}",
		"{\"kind\":\"request\",\"latency_ms\":-0}",
		"{\"kind\":\"request\",\"labels\":{}}",
		"{\"kind\":\"request\",\"labels\":{},\"flags\":{\"a\":\"b\"}}",
		"{\"kind\":\"request\",\"route\":\"/a{}\"}",
		"{\"kind\":\"request\",\"route\":\"a\\u0008b\"}",
		"{\"kind\":\"request\",\"route\":\"a\\bb\\\"c\\\\d\\u001f\"}",
		"{\"kind\":\"request\",\"route\":\"a\\/b\"}",
		"{\"kind\":\"request\",\"route\":\"caf\xc3\xa9 \xe2\x82\xac\"}",
		"{\"kind\":\"request\",\"route\":\",\\\"latency_ms\\\":1.50\",\"latency_ms\":2}",
		"{\"kind\":\"request\",\"labels\":{\"latency_ms\":\"x\"},\"flags\":{\"z\":\"\"}}",
		"{\"kind\":\"flag\",\"ts\":\"2026-11-25T00:00:00Z\",\"subject\":\"u1\",\"flag\":\"f\",\"variant\":\"on\",\"segment\":\"internal\",\"reason\":\"targeting_match\"}",
		"{\"kind\":\"deploy\",\"ts\":\"2026-11-25T00:00:00Z\",\"service\":\"s\",\"result\":\"success\"}",
		"{\"kind\":\"incident\",\"ts\":\"2026-11-25T00:00:00Z\",\"id\":\"i1\",\"state\":\"open\"}",
		"{\"kind\":\"alert\",\"ts\":\"2026-11-25T00:00:00Z\",\"id\":\"a\",\"source\":\"security\",\"severity\":\"critical\"}",
		/* not the fixed form: jansson decides */
		"{\"kind\": \"request\",\"status\":200}",
		" {\"kind\":\"request\"}",
		"{\"status\":200,\"kind\":\"request\"}",
		"{\"kind\":\"request\",\"status\":200,\"extra\":1}",
		"{\"kind\":\"request\",\"extra\":[1,2.50,{\"k\":null}],\"status\":200}",
		"{\"kind\":\"request\",\"route\":null}",
		"{\"kind\":\"request\",\"status\":200,\"status\":500}",
		"{\"kind\":\"request\",\"labels\":{\"a\":\"b\",\"a\":\"c\"}}",
		"{\"kind\":\"request\",\"route\":\"a\\u0000b\"}",
		"{\"kind\":\"request\",\"route\":\"\\u00e9\"}",
		"{\"ts\":\"2026-11-25T00:00:00Z\",\"status\":200}",
		"{\"kind\":\"flag\",\"status\":200,\"flag\":\"f\"}",
		/* rejected, for a reason either path must give alike */
		"{\"kind\":\"request\",\"status\":1000}",
		"{\"kind\":\"request\",\"status\":\"200\"}",
		"{\"kind\":\"request\",\"status\":-1}",
		"{\"kind\":\"request\",\"status\":0200}",
		"{\"kind\":\"request\",\"latency_ms\":-1}",
		"{\"kind\":\"request\",\"ts\":\"yesterday\"}",
		"{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00.1234567891Z\"}",
		"{\"kind\":\"request\",\"ts\":true}",
		"{\"kind\":\"request\",\"ok\":\"yes\"}",
		"{\"kind\":\"request\",\"labels\":{\"x\":1}}",
		"{\"kind\":\"request\",\"labels\":[]}",
		"{\"kind\":\"sideways\"}",
		"{\"kind\":7}",
		"{\"kind\":\"flag\",\"ts\":\"2026-11-25T00:00:00Z\"}",
		"{\"kind\":\"deploy\",\"result\":\"maybe\"}",
		"{\"kind\":\"incident\",\"id\":\"i\"}",
		"{\"kind\":\"alert\",\"severity\":\"dire\"}",
		"{\"kind\":\"rollup\"}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-25T00:00:00Z\",\"width\":\"1m\"}",
		"{\"kind\":\"request\"",
		"{\"kind\":\"request\"}}",
		"{\"kind\":\"request\"} x",
		"[1,2]",
		"123",
		"\"x\"",
		"null",
		"{",
		"}",
		"{\"kind\":\"request\",\"route\":\"\xff\"}",
		"{\"kind\":\"request\",\"route\":\"\xc3\"}",
		"\xef\xbb\xbf{\"kind\":\"request\"}",
		"{\"kind\":\"request\",\"route\":\"a\tb\"}",
		"{\"kind\":\"request\",\"latency_ms\":1.}",
		"{\"kind\":\"request\",\"latency_ms\":.5}",
		"{\"kind\":\"request\",\"latency_ms\":01}",
		"{\"kind\":\"request\",\"latency_ms\":1e999}",
		"{\"kind\":\"request\",\"latency_ms\":NaN}",
		"{\"kind\":\"request\",\"ok\":tru}",
		"{}",
	};
	uint64_t verbatim;

	(void)state;
	for (size_t c = 0; c < NCONFS; c++) {
		verbatim = same_as_jansson(lines, sizeof lines / sizeof lines[0],
		    &line_confs[c]);
		/* without --set, --good or --cohort-from the fixed-form lines
		 * above (the first four, and those of the four other kinds,
		 * at least) are written as they came */
		if (c == 0)
			assert_true(verbatim >= 8);
		if (line_confs[c].set[0] || line_confs[c].good ||
		    line_confs[c].cohort_from)
			assert_int_equal(verbatim, 0);
	}
}

static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

#define PICK(s, a) (a[lcg(s) % (sizeof a / sizeof a[0])])

/* A random latency: 1 to 18 digits, a point anywhere or none, leading
 * zeros after "0.", trailing zeros, now and then an exponent. */
static void
rand_num(uint32_t *s, char *out)
{
	int nd = 1 + (int)(lcg(s) % 18), point = (int)(lcg(s) % (nd + 2));
	char *p = out;

	if (lcg(s) % 3 == 0) {
		*p++ = '0';
		*p++ = '.';
		for (int z = (int)(lcg(s) % 6); z > 0; z--)
			*p++ = '0';
		point = -1;
	}
	for (int i = 0; i < nd; i++) {
		if (i == point && i > 0)
			*p++ = '.';
		*p++ = (char)('0' + (i == 0 && point != -1 ? 1 + lcg(s) % 9 :
		    lcg(s) % 10));
	}
	if (lcg(s) % 4 == 0)
		*p++ = '0';
	if (lcg(s) % 10 == 0)
		p += sprintf(p, "e%d", (int)(lcg(s) % 40) - 20);
	*p = '\0';
}

static void
line_path_generated(void **state)
{
	static const char *const kinds[] = { "request", "request", "request",
	    "flag", "deploy", "incident", "alert" };
	static const char *const tss[] = { NULL,
	    "\"2026-11-26T08:10:33Z\"", "\"2026-11-26T08:10:33.5Z\"",
	    "\"2026-11-26T08:10:33.000250Z\"", "\"2026-11-26T08:10:33.250Z\"",
	    "\"2026-11-26T08:10:33.123456789Z\"", "\"2026-11-26T09:10:33+01:00\"",
	    "\"2026-11-26T08:11:00.999999999Z\"", "1795680633", "1795680633.25",
	    "\"2026-13-26T08:10:33Z\"" };
	static const char *const strs[] = { NULL, NULL, "\"checkout\"",
	    "\"/api/items\"", "\"\"", "\"a\\\"b\"", "\"a\\\\b\"",
	    "\"a\\nb\"", "\"\\u0001\"", "\"\\u000a\"", "\"caf\xc3\xa9\"",
	    "\"{}\"", "null", "3" };
	static const char *const statuses[] = { NULL, "200", "200", "404",
	    "503", "0", "999", "1000", "200.0", "\"500\"" };
	static const char *const oks[] = { NULL, NULL, "true", "false", "1" };
	static const char *const kvs[] = { NULL, NULL, "{}",
	    "{\"team\":\"web\"}", "{\"team\":\"web\",\"tier\":\"1\"}",
	    "{\"a\":\"\\\"\"}", "{\"a\":null}", "{\"a\":1}" };
	static const char *const results[] = { "\"success\"", "\"rollback\"",
	    "\"nope\"" };
	static const char *const sevs[] = { NULL, "\"critical\"", "\"low\"" };
	enum { NLINES = 4000 };
	char **lines = calloc(NLINES, sizeof *lines);
	uint32_t seed = 20261126;
	uint64_t verbatim;

	(void)state;
	assert_non_null(lines);
	for (int i = 0; i < NLINES; i++) {
		const char *names[16], *vals[16];
		char num[64], buf[2048];
		const char *kind = PICK(&seed, kinds), *v;
		int n = 0, len;

#define ADD(k, val) do { if ((v = (val)) != NULL) { names[n] = (k); \
    vals[n++] = v; } } while (0)
		ADD("ts", PICK(&seed, tss));
		ADD("service", PICK(&seed, strs));
		ADD("cohort", lcg(&seed) % 2 ? "\"alpha\"" : NULL);
		if (strcmp(kind, "request") == 0) {
			ADD("route", PICK(&seed, strs));
			ADD("status", PICK(&seed, statuses));
			rand_num(&seed, num);
			ADD("latency_ms", lcg(&seed) % 5 ? num : NULL);
			ADD("ok", PICK(&seed, oks));
			ADD("subject", PICK(&seed, strs));
		} else if (strcmp(kind, "flag") == 0) {
			ADD("subject", PICK(&seed, strs));
			ADD("flag", lcg(&seed) % 8 ? "\"new-checkout\"" : NULL);
			ADD("variant", PICK(&seed, strs));
		} else if (strcmp(kind, "deploy") == 0) {
			ADD("result", PICK(&seed, results));
		} else if (strcmp(kind, "incident") == 0) {
			ADD("id", "\"i1\"");
			ADD("state", lcg(&seed) % 8 ? "\"open\"" : "\"shut\"");
		} else {
			ADD("id", "\"a1\"");
			ADD("severity", PICK(&seed, sevs));
		}
		ADD("labels", PICK(&seed, kvs));
		if (strcmp(kind, "request") == 0)
			ADD("flags", PICK(&seed, kvs));
		if (lcg(&seed) % 10 == 0)
			ADD("extra", "[1,2.50]");
#undef ADD
		if (n > 1 && lcg(&seed) % 10 == 0) {
			/* out of the fixed order */
			const char *tn = names[0], *tv = vals[0];
			names[0] = names[n - 1], vals[0] = vals[n - 1];
			names[n - 1] = tn, vals[n - 1] = tv;
		}
		len = snprintf(buf, sizeof buf, "{\"kind\":\"%s\"", kind);
		for (int k = 0; k < n; k++)
			len += snprintf(buf + len, sizeof buf - (size_t)len,
			    ",%s\"%s\":%s", lcg(&seed) % 50 ? "" : " ",
			    names[k], vals[k]);
		snprintf(buf + len, sizeof buf - (size_t)len, "}");
		assert_non_null(lines[i] = strdup(buf));
	}
	for (size_t c = 0; c < NCONFS; c++) {
		verbatim = same_as_jansson((const char *const *)lines, NLINES,
		    &line_confs[c]);
		if (c == 0)
			print_message("%llu of %d lines written verbatim\n",
			    (unsigned long long)verbatim, NLINES);
		if (c == 0)
			assert_true(verbatim > 100);
	}
	for (int i = 0; i < NLINES; i++)
		free(lines[i]);
	free(lines);
}

/*
 * ing_plain_num() may say yes only to what slo_buf_json_num() writes back
 * for the double strtod() reads (the spelling slo_event_encode() uses).
 */
static void
plain_latency_is_what_the_encoder_writes(void **state)
{
	static const char *const yes[] = { "0", "1", "17.512", "0.1",
	    "0.0001", "0.00012", "123456789012345", "12345678901234.5",
	    "0.123456789012345", "999999999999999", "5e-324" };
	static const char *const no[] = { "1.50", "17.0", "1e2", "0.00001",
	    "1234567890123456", "0.1234567890123456", "00", "01", "1.",
	    ".5", "-1", "0.0", "" };
	uint32_t seed = 7;
	slo_buf b = { 0 };
	char num[64];
	int said_yes = 0;

	(void)state;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0] - 1; i++)
		assert_true(ing_plain_num(yes[i], strlen(yes[i])));
	/* subnormal: too small for a plain spelling */
	assert_false(ing_plain_num(yes[10], strlen(yes[10])));
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_false(ing_plain_num(no[i], strlen(no[i])));
	for (int i = 0; i < 200000; i++) {
		rand_num(&seed, num);
		if (!ing_plain_num(num, strlen(num)))
			continue;
		said_yes++;
		slo_buf_reset(&b);
		assert_int_equal(slo_buf_json_num(&b, strtod(num, NULL)), SLO_OK);
		if (strcmp(b.data, num) != 0)
			fail_msg("'%s' is written as '%s'", num, b.data);
	}
	assert_true(said_yes > 10000);
	slo_buf_release(&b);
}

/*
 * Trace ids through a preset (traefik's TraceId): one of hex digits and
 * dashes with an upper-case A-F is lowered, any other kept as it is; the
 * expected id by a byte-at-a-time rule (the second method), on 20,000
 * random ids of 0 to 40 bytes with an upper-case hex digit, another
 * letter, or a byte above 0x7f (UTF-8 of U+00C1) at random places.
 */
static void
trace_ids_lowered_as_hex(void **state)
{
	static const char alphabet[] = "0123456789abcdefABCDEF-";
	uint64_t x = 0x5DEECE66DULL;
	char id[48], want[48], line[256], got[128];
	slo_ingest *ing = slo_ingest_new(SLO_PRESET_TRAEFIK);
	slo_buf out = { 0 };
	slo_error err;
	long lowered = 0;

	(void)state;
	assert_non_null(ing);
	for (int i = 0; i < 20000; i++) {
		size_t n, k = 0;
		int hex = 1, upper = 0;
		const char *p, *q;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		n = 1 + x % 40;
		while (k < n) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			if (x % 29 == 0 && k + 2 <= n) {
				id[k++] = '\xc3';
				id[k++] = '\x81';
			} else if (x % 31 == 0)
				id[k++] = 'G' + (char)(x >> 8) % 20;
			else
				id[k++] = alphabet[(x >> 8) % (i % 2 ? 16 : 23)];
		}
		id[n] = '\0';
		if (strcmp(id, "-") == 0)  /* unset, as "" */
			continue;
		for (size_t j = 0; j < n; j++) {
			char c = id[j];
			upper |= c >= 'A' && c <= 'F';
			hex &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			    (c >= 'A' && c <= 'F') || c == '-';
		}
		for (size_t j = 0; j <= n; j++)
			want[j] = hex && id[j] >= 'A' && id[j] <= 'F' ?
			    (char)(id[j] - 'A' + 'a') : id[j];
		lowered += hex && upper;
		snprintf(line, sizeof line, "{\"StartUTC\":\"2026-11-26T08:00:02Z\","
		    "\"DownstreamStatus\":200,\"TraceId\":\"%s\"}", id);
		slo_buf_reset(&out);
		slo_error_clear(&err);
		assert_int_equal(slo_ingest_line(ing, line, strlen(line), &out,
		    &err), SLO_OK);
		p = strstr(out.data, "\"trace_id\":\"");
		assert_non_null(p);
		p += 12;
		q = strchr(p, '"');
		assert_non_null(q);
		snprintf(got, sizeof got, "%.*s", (int)(q - p), p);
		if (strcmp(got, want) != 0)
			fail_msg("trace id '%s': got '%s', want '%s'", id, got, want);
	}
	/* both kinds were met: 3586 of the ids were lowered (seeded) */
	assert_int_equal(lowered, 3586);
	slo_buf_release(&out);
	slo_ingest_free(ing);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paths_walk_nested_and_dotted_keys),
		cmocka_unit_test(units_convert_exactly),
		cmocka_unit_test(int64_from_strings),
		cmocka_unit_test(names),
		cmocka_unit_test(url_paths),
		cmocka_unit_test(otlp_object_is_atomic),
		cmocka_unit_test(reasons_group_by_phrase),
		cmocka_unit_test(set_good_where_cohort),
		cmocka_unit_test(presets_need_what_they_name),
		cmocka_unit_test(canonical_keeps_unknown_fields),
		cmocka_unit_test(map_errors_are_positioned),
		cmocka_unit_test(map_fields),
		cmocka_unit_test(type_confusion_does_not_crash),
		cmocka_unit_test(line_path_hand_written),
		cmocka_unit_test(line_path_generated),
		cmocka_unit_test(plain_latency_is_what_the_encoder_writes),
		cmocka_unit_test(trace_ids_lowered_as_hex),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
