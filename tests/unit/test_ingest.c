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
#include "../../lib/ingest_int.h"

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
	run(ing, "{\"kind\":\"tracking\"}", &err);
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
	slo_ingest_set_map(ing, m);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
