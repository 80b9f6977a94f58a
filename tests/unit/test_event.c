/*
 * test_event.c — the canonical event: kinds, decoding, validation with
 * reasons and columns, the fixed encoded form, round trips for every kind.
 * Expected encodings are written out by hand from slo-events(5) and the
 * encoder's contract in lib/event.c; expected instants come from Python's
 * datetime (as in test_time.c).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "slo_event.h"
#include "slo_ingest.h"
#include "event_int.h" /* the fast path switch, slo_field_id */

#define S SLO_NS_PER_SEC
#define LEN(s) (sizeof(s) - 1)

static int
str_eq(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
kv_eq(const slo_kv *a, size_t na, const slo_kv *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (!str_eq(a[i].key, b[i].key) || !str_eq(a[i].val, b[i].val))
			return 0;
	return 1;
}

/* Field by field; ev->json is not compared.  NULL when equal, else the
 * name of the first field that differs. */
static const char *
event_diff(const slo_event *a, const slo_event *b)
{
#define F(x) if (!str_eq(a->x, b->x)) return #x
	if (a->kind != b->kind) return "kind";
	if (a->has != b->has) return "has";
	if ((a->has & SLO_HAS_TS) && a->ts != b->ts) return "ts";
	F(service); F(cohort); F(region); F(version); F(route);
	if (a->status != b->status) return "status";
	if (memcmp(&a->latency_ms, &b->latency_ms, sizeof(double)) != 0)
		return "latency_ms";
	if (a->ok != b->ok) return "ok";
	F(trace_id); F(subject); F(flag); F(variant); F(segment); F(reason);
	F(error); F(result); F(id); F(state); F(source); F(severity);
	F(instance); F(suite); F(name); F(currency);
#define Q(x) if (memcmp(&a->x, &b->x, sizeof(double)) != 0) return #x
	Q(cpu_cores); Q(cpu_limit_cores); Q(memory_bytes);
	Q(memory_limit_bytes); Q(amount);
#undef Q
	if (!kv_eq(a->labels, a->nlabels, b->labels, b->nlabels))
		return "labels";
	if (!kv_eq(a->flags, a->nflags, b->flags, b->nflags))
		return "flags";
	return NULL;
#undef F
}

static void
test_kinds(void **state)
{
	static const char *names[] =
	    { "request", "flag", "deploy", "incident", "alert", "rollup",
	      "resource", "check", "cost" };

	(void)state;
	assert_int_equal(SLO_KIND__COUNT, 9);
	for (int k = 0; k < SLO_KIND__COUNT; k++) {
		assert_string_equal(slo_kind_name((slo_kind)k), names[k]);
		assert_int_equal(slo_kind_from_name(names[k]), k);
	}
	assert_int_equal(slo_kind_from_name("Request"), -1);
	assert_int_equal(slo_kind_from_name(""), -1);
	assert_int_equal(slo_kind_from_name(NULL), -1);
	assert_non_null(slo_kind_name(SLO_KIND__COUNT));
}

/*
 * Decode in (any order, spacing, extra fields), encode with the decoded
 * object as extra; must give want exactly; then decoding want and encoding
 * again must give the same event and the same bytes.
 */
static void
roundtrip(const char *in, const char *want, slo_event *out_ev)
{
	slo_event_decoder *dec = slo_event_decoder_new(), *dec2;
	slo_event ev, ev2;
	slo_error err;
	slo_buf b = { 0 }, b2 = { 0 };
	const char *d;

	assert_non_null(dec);
	dec2 = slo_event_decoder_new();
	/* The first decode through jansson, for ev.json to carry the rest;
	 * the scanner's own answer is checked by the differential tests. */
	dec->no_fast = 1;
	if (slo_event_decode(dec, in, strlen(in), &ev, &err) != SLO_OK)
		fail_msg("%s: rejected: %s", in, err.msg);
	assert_non_null(ev.json);
	assert_int_equal(slo_event_encode(&ev, ev.json, &b), SLO_OK);
	if (strcmp(b.data, want) != 0)
		fail_msg("encoded\n  %s\nwant\n  %s", b.data, want);
	assert_int_equal(slo_event_decode(dec2, b.data, b.len - 1, &ev2, &err),
	    SLO_OK);
	if ((d = event_diff(&ev, &ev2)) != NULL)
		fail_msg("%s: field '%s' differs after a round trip", in, d);
	assert_int_equal(slo_event_encode(&ev2, ev2.json, &b2), SLO_OK);
	assert_string_equal(b.data, b2.data);
	if (out_ev != NULL) {
		/* Hand back a copy whose strings outlive the decoders: only
		 * scalars are inspected by callers. */
		*out_ev = ev;
		out_ev->json = NULL;
		out_ev->labels = out_ev->flags = NULL;
	}
	slo_buf_release(&b);
	slo_buf_release(&b2);
	slo_event_decoder_free(dec);
	slo_event_decoder_free(dec2);
}

static void
test_roundtrip_request(void **state)
{
	slo_event ev;

	(void)state;
	roundtrip("{ \"latency_ms\": 12.5, \"status\": 503, \"route\": "
	    "\"/api/checkout\", \"ts\": \"2026-11-26T09:09:45.120+01:00\", "
	    "\"service\": \"checkout\", \"cohort\": \"alpha\", \"region\": "
	    "\"eu-west-1\", \"version\": \"1.2.3\", \"trace_id\": \"abc123\", "
	    "\"subject\": \"user-7\", \"flags\": {\"new-checkout\": \"on\", "
	    "\"dark\": \"off\"}, \"labels\": {\"tenant\": \"acme\", \"tier\": "
	    "\"gold\"}, \"kind\": \"request\", \"user_agent\": \"curl/8\", "
	    "\"bytes\": 1024, \"state\": \"x\" }",
	    "{\"kind\":\"request\",\"ts\":\"2026-11-26T08:09:45.120Z\","
	    "\"service\":\"checkout\",\"cohort\":\"alpha\",\"region\":"
	    "\"eu-west-1\",\"version\":\"1.2.3\",\"route\":\"/api/checkout\","
	    "\"status\":503,\"latency_ms\":12.5,\"trace_id\":\"abc123\","
	    "\"subject\":\"user-7\",\"labels\":{\"tenant\":\"acme\",\"tier\":"
	    "\"gold\"},\"flags\":{\"new-checkout\":\"on\",\"dark\":\"off\"},"
	    "\"user_agent\":\"curl/8\",\"bytes\":1024,\"state\":\"x\"}\n", &ev);
	assert_int_equal(ev.kind, SLO_KIND_REQUEST);
	assert_int_equal(ev.has, SLO_HAS_TS | SLO_HAS_STATUS | SLO_HAS_LATENCY);
	/* Python: 2026-11-26T08:09:45.120Z */
	assert_true(ev.ts == 1795680585 * S + 120000000);
	assert_int_equal(ev.status, 503);
	assert_true(ev.latency_ms == 12.5);
	assert_int_equal(ev.ok, 0); /* 503 >= 500 */

	/* The minimal event: a request, ok by default; ok written only when
	 * given; escapes and UTF-8; empty labels dropped. */
	roundtrip("{}", "{\"kind\":\"request\"}\n", &ev);
	assert_int_equal(ev.ok, 1);
	assert_int_equal(ev.has, 0);
	roundtrip("{\"ok\":false,\"status\":200,\"route\":"
	    "\"/a\\\"b\\\\c\\n\\u0001\\u00e9\xc3\xa9\\/\",\"labels\":{}}",
	    "{\"kind\":\"request\",\"route\":\"/a\\\"b\\\\c\\n\\u0001"
	    "\xc3\xa9\xc3\xa9/\",\"status\":200,\"ok\":false}\n", &ev);
	assert_int_equal(ev.ok, 0);
	assert_int_equal(ev.has, SLO_HAS_STATUS | SLO_HAS_OK);
	roundtrip("{\"ok\":true,\"status\":500}",
	    "{\"kind\":\"request\",\"status\":500,\"ok\":true}\n", &ev);
	assert_int_equal(ev.ok, 1);
	roundtrip("{\"status\":499}", "{\"kind\":\"request\",\"status\":499}\n",
	    &ev);
	assert_int_equal(ev.ok, 1);
	/* integer latency, -0 latency, tiny and huge latencies */
	roundtrip("{\"latency_ms\":7}",
	    "{\"kind\":\"request\",\"latency_ms\":7}\n", &ev);
	roundtrip("{\"latency_ms\":-0.0}",
	    "{\"kind\":\"request\",\"latency_ms\":0}\n", &ev);
	assert_false(signbit(ev.latency_ms));
	roundtrip("{\"latency_ms\":0.1}",
	    "{\"kind\":\"request\",\"latency_ms\":0.1}\n", &ev);
	roundtrip("{\"latency_ms\":1e300}",
	    "{\"kind\":\"request\",\"latency_ms\":1e+300}\n", &ev);
	roundtrip("{\"latency_ms\":5e-324}",
	    "{\"kind\":\"request\",\"latency_ms\":5e-324}\n",
	    &ev);
	/* null is absent; explicit request kind */
	roundtrip("{\"kind\":\"request\",\"route\":null,\"status\":null,"
	    "\"labels\":{\"a\":null,\"b\":\"2\"}}",
	    "{\"kind\":\"request\",\"labels\":{\"b\":\"2\"}}\n", &ev);
	roundtrip("{\"kind\":null}", "{\"kind\":\"request\"}\n", &ev);
	/* epoch seconds, integer and real */
	roundtrip("{\"ts\":1795680585}",
	    "{\"kind\":\"request\",\"ts\":\"2026-11-26T08:09:45Z\"}\n", &ev);
	roundtrip("{\"ts\":1795680585.123456}",
	    "{\"kind\":\"request\",\"ts\":\"2026-11-26T08:09:45.123456Z\"}\n",
	    &ev);
	roundtrip("{\"ts\":-0.5}",
	    "{\"kind\":\"request\",\"ts\":\"1969-12-31T23:59:59.500Z\"}\n", &ev);
}

static void
test_roundtrip_other_kinds(void **state)
{
	slo_event ev;

	(void)state;
	roundtrip("{\"kind\":\"flag\",\"flag\":\"new-checkout\",\"variant\":"
	    "\"on\",\"subject\":\"qa-1\",\"segment\":\"internal\",\"reason\":"
	    "\"targeting_match\",\"ts\":1795680585.5,\"service\":\"web\","
	    "\"error\":\"none\",\"status\":\"not mine\",\"flags\":7}",
	    "{\"kind\":\"flag\",\"ts\":\"2026-11-26T08:09:45.500Z\",\"service\":"
	    "\"web\",\"subject\":\"qa-1\",\"flag\":\"new-checkout\",\"variant\":"
	    "\"on\",\"segment\":\"internal\",\"reason\":\"targeting_match\","
	    "\"error\":\"none\",\"status\":\"not mine\",\"flags\":7}\n", &ev);
	assert_int_equal(ev.kind, SLO_KIND_FLAG);
	assert_int_equal(ev.has, SLO_HAS_TS); /* status is not a flag field */
	assert_int_equal(ev.ok, 0);           /* ok is a request's */

	roundtrip("{\"result\":\"success\",\"kind\":\"deploy\",\"ts\":"
	    "\"2026-11-26T08:00:00Z\",\"service\":\"checkout\",\"version\":"
	    "\"1.2.4\",\"labels\":{\"pipeline\":\"ci-9\"}}",
	    "{\"kind\":\"deploy\",\"ts\":\"2026-11-26T08:00:00Z\",\"service\":"
	    "\"checkout\",\"version\":\"1.2.4\",\"result\":\"success\","
	    "\"labels\":{\"pipeline\":\"ci-9\"}}\n", &ev);
	assert_int_equal(ev.kind, SLO_KIND_DEPLOY);

	roundtrip("{\"kind\":\"incident\",\"id\":\"INC-42\",\"state\":"
	    "\"resolved\",\"ts\":\"2026-11-26T10:00:00Z\",\"service\":"
	    "\"checkout\"}",
	    "{\"kind\":\"incident\",\"ts\":\"2026-11-26T10:00:00Z\",\"service\":"
	    "\"checkout\",\"id\":\"INC-42\",\"state\":\"resolved\"}\n", &ev);
	assert_int_equal(ev.kind, SLO_KIND_INCIDENT);

	roundtrip("{\"kind\":\"alert\",\"severity\":\"critical\",\"source\":"
	    "\"security\",\"id\":\"A-1\",\"ts\":\"2026-11-26T10:00:00Z\","
	    "\"cohort\":\"alpha\",\"region\":\"us\"}",
	    "{\"kind\":\"alert\",\"ts\":\"2026-11-26T10:00:00Z\",\"cohort\":"
	    "\"alpha\",\"region\":\"us\",\"id\":\"A-1\",\"source\":\"security\","
	    "\"severity\":\"critical\"}\n", &ev);
	assert_int_equal(ev.kind, SLO_KIND_ALERT);

	/* issue 21: an incident's severity and its middle states */
	roundtrip("{\"severity\":\"critical\",\"kind\":\"incident\",\"id\":"
	    "\"INC-7\",\"state\":\"acknowledged\",\"source\":\"x\"}",
	    "{\"kind\":\"incident\",\"id\":\"INC-7\",\"state\":"
	    "\"acknowledged\",\"severity\":\"critical\",\"source\":\"x\"}\n",
	    &ev);
	assert_int_equal(ev.kind, SLO_KIND_INCIDENT);

	/* resource: quantities in the fixed form of slo_buf_json_num */
	roundtrip("{\"memory_limit_bytes\":536870912,\"kind\":\"resource\","
	    "\"instance\":\"checkout-7f9c\",\"cpu_cores\":0.25,"
	    "\"memory_bytes\":2.68435456e8,\"cpu_limit_cores\":5e-1,"
	    "\"result\":\"not mine\"}",
	    "{\"kind\":\"resource\",\"instance\":\"checkout-7f9c\","
	    "\"cpu_cores\":0.25,\"cpu_limit_cores\":0.5,\"memory_bytes\":"
	    "268435456,\"memory_limit_bytes\":536870912,\"result\":"
	    "\"not mine\"}\n", &ev);
	assert_int_equal(ev.kind, SLO_KIND_RESOURCE);
	assert_int_equal(ev.has, SLO_HAS_CPU | SLO_HAS_CPU_LIMIT |
	    SLO_HAS_MEMORY | SLO_HAS_MEMORY_LIMIT);
	assert_true(ev.memory_bytes == 268435456.0);
	assert_true(ev.cpu_limit_cores == 0.5);
	/* a container without limits: usage only */
	roundtrip("{\"kind\":\"resource\",\"cpu_cores\":0}",
	    "{\"kind\":\"resource\",\"cpu_cores\":0}\n", &ev);
	assert_int_equal(ev.has, SLO_HAS_CPU);

	roundtrip("{\"kind\":\"check\",\"name\":\"GET /orders\",\"suite\":"
	    "\"contract\",\"result\":\"skip\",\"version\":\"1.3.0\"}",
	    "{\"kind\":\"check\",\"version\":\"1.3.0\",\"result\":\"skip\","
	    "\"suite\":\"contract\",\"name\":\"GET /orders\"}\n", &ev);
	assert_int_equal(ev.kind, SLO_KIND_CHECK);

	roundtrip("{\"kind\":\"cost\",\"currency\":\"EUR\",\"amount\":"
	    "0.1,\"service\":\"checkout\"}",
	    "{\"kind\":\"cost\",\"service\":\"checkout\",\"amount\":0.1,"
	    "\"currency\":\"EUR\"}\n", &ev);
	assert_int_equal(ev.has, SLO_HAS_AMOUNT);
	assert_true(ev.amount == 0.1);

	/* A rollup keeps its own members in ev->json, in order. */
	roundtrip("{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:00:00Z\","
	    "\"width\":\"1m\",\"service\":\"checkout\",\"route\":\"/x\","
	    "\"count\":10, \"sketch\": {\"b\": [1, 2, 3], \"z\": null}, "
	    "\"p\":0.1, \"big\": 1e21, \"t\": true, \"f\": false}",
	    "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:00:00Z\",\"service\":"
	    "\"checkout\",\"width\":\"1m\",\"route\":\"/x\",\"count\":10,"
	    "\"sketch\":{\"b\":[1,2,3],\"z\":null},\"p\":0.1,\"big\":1e+21,"
	    "\"t\":true,\"f\":false}\n", &ev);
	assert_int_equal(ev.kind, SLO_KIND_ROLLUP);
}

static void
test_rollup_json(void **state)
{
	const char *line = "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:00:00Z\","
	    "\"width\":\"1m\",\"count\":10}";
	slo_event_decoder *dec = slo_event_decoder_new();
	slo_event ev;
	slo_error err;

	(void)state;
	assert_int_equal(slo_event_decode(dec, line, strlen(line), &ev, &err),
	    SLO_OK);
	assert_int_equal(ev.kind, SLO_KIND_ROLLUP);
	assert_non_null(ev.json);
	assert_int_equal(json_integer_value(json_object_get(ev.json, "count")),
	    10);
	assert_true(ev.ts == 1795651200 * S + 8 * 3600 * S);
	slo_event_decoder_free(dec);
}

/* Without extra, only the fields are written. */
static void
test_encode_struct(void **state)
{
	slo_kv labels[] = { { "tenant", "ac\"me" }, { "k\n", "v" } };
	slo_event ev;
	slo_buf b = { 0 };
	json_t *extra;

	(void)state;
	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_REQUEST;
	ev.has = SLO_HAS_TS | SLO_HAS_LATENCY | SLO_HAS_OK;
	ev.ts = 1795680585 * S + 1;
	ev.latency_ms = 250.75;
	ev.ok = 1;
	ev.route = "/r";
	ev.result = "ignored for a request";
	ev.labels = labels;
	ev.nlabels = 2;
	assert_int_equal(slo_event_encode(&ev, NULL, &b), SLO_OK);
	assert_string_equal(b.data,
	    "{\"kind\":\"request\",\"ts\":\"2026-11-26T08:09:45.000000001Z\","
	    "\"route\":\"/r\",\"latency_ms\":250.75,\"ok\":true,\"labels\":"
	    "{\"tenant\":\"ac\\\"me\",\"k\\n\":\"v\"}}\n");
	/* extra members named like this kind's fields are not repeated */
	extra = json_pack("{s:s, s:i, s:s, s:f}", "route", "/dup", "status", 1,
	    "x", "y", "result", 0.5);
	slo_buf_reset(&b);
	assert_int_equal(slo_event_encode(&ev, extra, &b), SLO_OK);
	assert_non_null(strstr(b.data, "\"v\"},\"x\":\"y\",\"result\":0.5}\n"));
	assert_null(strstr(b.data, "/dup"));
	assert_null(strstr(b.data, "\"status\""));
	json_decref(extra);
	ev.kind = SLO_KIND__COUNT;
	assert_int_equal(slo_event_encode(&ev, NULL, &b), SLO_EINVAL);
	slo_buf_release(&b);
}

static void
test_ok_rule(void **state)
{
	static const struct {
		const char *line;
		int ok;
	} cases[] = {
		{ "{\"status\":200}", 1 },
		{ "{\"status\":499}", 1 },
		{ "{\"status\":500}", 0 },
		{ "{\"status\":503}", 0 },
		{ "{\"status\":0}", 1 },
		{ "{\"status\":999}", 0 },
		{ "{}", 1 },
		{ "{\"status\":503,\"ok\":true}", 1 },
		{ "{\"ok\":false}", 0 },
		{ "{\"ok\":false,\"status\":200}", 0 },
	};
	slo_event_decoder *dec = slo_event_decoder_new();
	slo_event ev;
	slo_error err;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(slo_event_decode(dec, cases[i].line,
		    strlen(cases[i].line), &ev, &err), SLO_OK);
		if (ev.ok != cases[i].ok)
			fail_msg("%s: ok %d", cases[i].line, ev.ok);
	}
	slo_event_decoder_free(dec);
}

static void
test_rejections(void **state)
{
	static const struct {
		const char *line;
		size_t n; /* 0: strlen */
		slo_status st;
		long col;
		const char *msg; /* a substring of the reason */
	} cases[] = {
		{ "{\"kind\":\"bogus\"}", 0, SLO_EINVAL, 9, "unknown kind 'bogus'" },
		{ "{\"kind\":7}", 0, SLO_EINVAL, 9, "'kind' is not a string" },
		{ "{\"kind\":\"Request\"}", 0, SLO_EINVAL, 9, "unknown kind" },
		{ "{\"ts\":\"2026-02-30T00:00:00Z\"}", 0, SLO_ERANGE, 16,
		    "time '2026-02-30T00:00:00Z' out of range" },
		{ "{\"ts\":\"2026-01-01T24:00:01Z\"}", 0, SLO_ERANGE, 19,
		    "out of range" },
		{ "{\"ts\":\"\\u0032026-02-30T00:00:00Z\"}", 0, SLO_ERANGE, 7,
		    "out of range" },
		{ "{\"ts\":\"yesterday\"}", 0, SLO_ESYNTAX, 8,
		    "invalid time 'yesterday'" },
		{ "{\"ts\":\"2026-01-01T00:00:00\"}", 0, SLO_ESYNTAX, 27,
		    "invalid time" },
		{ "{\"ts\":true}", 0, SLO_EINVAL, 7, "'ts' is not" },
		{ "{\"ts\":[1]}", 0, SLO_EINVAL, 7, "'ts' is not" },
		{ "{\"ts\":1e10}", 0, SLO_ERANGE, 7, "epoch time" },
		{ "{\"ts\":-99999999999}", 0, SLO_ERANGE, 7, "epoch time" },
		{ "{\"status\":\"200\"}", 0, SLO_EINVAL, 11,
		    "'status' is not an integer" },
		{ "{\"status\":200.0}", 0, SLO_EINVAL, 11, "not an integer" },
		{ "{\"status\":true}", 0, SLO_EINVAL, 11, "not an integer" },
		{ "{\"status\":1000}", 0, SLO_ERANGE, 11,
		    "'status' 1000 is not in 0..999" },
		{ "{\"status\":-1}", 0, SLO_ERANGE, 11, "is not in 0..999" },
		{ "{\"status\":1,\"status\":\"x\"}", 0, SLO_EINVAL, 22,
		    "'status' is not an integer" },
		{ "{\"latency_ms\":-0.5}", 0, SLO_ERANGE, 15,
		    "'latency_ms' is negative" },
		{ "{\"latency_ms\":-3}", 0, SLO_ERANGE, 15, "negative" },
		{ "{\"latency_ms\":\"12\"}", 0, SLO_EINVAL, 15,
		    "'latency_ms' is not a number" },
		{ "{\"latency_ms\":false}", 0, SLO_EINVAL, 15, "not a number" },
		{ "{\"ok\":\"yes\"}", 0, SLO_EINVAL, 7, "'ok' is not a boolean" },
		{ "{\"ok\":1}", 0, SLO_EINVAL, 7, "'ok' is not a boolean" },
		{ "{\"labels\":[]}", 0, SLO_EINVAL, 11,
		    "'labels' is not an object" },
		{ "{\"labels\":\"a=b\"}", 0, SLO_EINVAL, 11, "not an object" },
		{ "{\"labels\":{\"a\":1}}", 0, SLO_EINVAL, 11,
		    "'labels.a' is not a string" },
		/* a boolean flag value is a variant (issue 15.12); a number
		 * is not */
		{ "{\"flags\":{\"x\":1}}", 0, SLO_EINVAL, 10,
		    "'flags.x' is not a string" },
		{ "{\"route\":5}", 0, SLO_EINVAL, 10, "'route' is not a string" },
		{ "{\"service\":{}}", 0, SLO_EINVAL, 12,
		    "'service' is not a string" },
		{ "{\"kind\":\"flag\",\"variant\":[\"on\"]}", 0, SLO_EINVAL, 26,
		    "'variant' is not a string" },
		{ "{\"kind\":\"alert\",\"severity\":1}", 0, SLO_EINVAL, 28,
		    "'severity' is not a string" },
		{ "{\"kind\":\"deploy\",\"result\":false}", 0, SLO_EINVAL, 27,
		    "'result' is not a string" },
		/* slo_event_check: what each kind requires (slo-events(5)) */
		{ "{\"kind\":\"flag\",\"variant\":\"on\"}", 0, SLO_EINVAL, 0,
		    "flag event without 'flag'" },
		{ "{\"kind\":\"deploy\",\"result\":\"ok\"}", 0, SLO_EINVAL, 27,
		    "'result' is not success, failure or rollback" },
		{ "{\"kind\":\"deploy\"}", 0, SLO_EINVAL, 0,
		    "deploy event without 'result'" },
		{ "{\"kind\":\"incident\",\"id\":\"i\",\"state\":\"closed\"}", 0,
		    SLO_EINVAL, 37, "'state' is not open, detected, acknowledged, "
		    "mitigated or resolved" },
		{ "{\"kind\":\"incident\",\"id\":\"i\",\"state\":\"open\","
		    "\"severity\":\"P1\"}", 0, SLO_EINVAL, 55,
		    "'severity' is not critical, high, medium or low" },
		{ "{\"kind\":\"incident\",\"id\":\"i\",\"state\":\"open\","
		    "\"severity\":2}", 0, SLO_EINVAL, 55,
		    "'severity' is not a string" },
		/* resource, check and cost (issue 21) */
		{ "{\"kind\":\"resource\",\"instance\":\"p\"}", 0, SLO_EINVAL, 0,
		    "resource event without 'cpu_cores' nor 'memory_bytes'" },
		{ "{\"kind\":\"resource\",\"cpu_cores\":\"0.5\"}", 0, SLO_EINVAL,
		    32, "'cpu_cores' is not a number" },
		{ "{\"kind\":\"resource\",\"cpu_cores\":-0.5}", 0, SLO_ERANGE,
		    32, "'cpu_cores' is negative" },
		{ "{\"kind\":\"resource\",\"memory_bytes\":1,"
		    "\"memory_limit_bytes\":0}", 0, SLO_EINVAL, 58,
		    "'memory_limit_bytes' is zero" },
		{ "{\"kind\":\"resource\",\"cpu_cores\":1,\"cpu_limit_cores\":0}",
		    0, SLO_EINVAL, 52, "'cpu_limit_cores' is zero" },
		{ "{\"kind\":\"resource\",\"memory_bytes\":true}", 0, SLO_EINVAL,
		    35, "'memory_bytes' is not a number" },
		{ "{\"kind\":\"check\",\"result\":\"pass\"}", 0, SLO_EINVAL, 0,
		    "check event without 'suite'" },
		{ "{\"kind\":\"check\",\"suite\":\"\",\"result\":\"pass\"}", 0,
		    SLO_EINVAL, 25, "check event without 'suite'" },
		{ "{\"kind\":\"check\",\"suite\":\"contract\"}", 0, SLO_EINVAL, 0,
		    "check event without 'result'" },
		{ "{\"kind\":\"check\",\"suite\":\"schema\",\"result\":\"success\"}",
		    0, SLO_EINVAL, 43, "'result' is not pass, fail, error or skip" },
		{ "{\"kind\":\"check\",\"suite\":\"s\",\"result\":\"pass\","
		    "\"name\":7}", 0, SLO_EINVAL, 52, "'name' is not a string" },
		{ "{\"kind\":\"cost\",\"currency\":\"USD\"}", 0, SLO_EINVAL, 0,
		    "cost event without 'amount'" },
		{ "{\"kind\":\"cost\",\"amount\":1.5}", 0, SLO_EINVAL, 0,
		    "cost event without 'currency'" },
		{ "{\"kind\":\"cost\",\"amount\":-1,\"currency\":\"USD\"}", 0,
		    SLO_ERANGE, 25, "'amount' is negative" },
		{ "{\"kind\":\"cost\",\"amount\":1,\"currency\":\"usd\"}", 0,
		    SLO_EINVAL, 38, "'currency' is not an ISO 4217 code" },
		{ "{\"kind\":\"cost\",\"amount\":1,\"currency\":\"USDT\"}", 0,
		    SLO_EINVAL, 38, "'currency' is not an ISO 4217 code" },
		{ "{\"kind\":\"cost\",\"amount\":\"1.00\",\"currency\":\"EUR\"}", 0,
		    SLO_EINVAL, 25, "'amount' is not a number" },
		{ "{\"kind\":\"incident\",\"state\":\"open\"}", 0, SLO_EINVAL, 0,
		    "incident event without 'id'" },
		{ "{\"kind\":\"alert\",\"severity\":\"sev1\"}", 0, SLO_EINVAL, 28,
		    "'severity' is not critical, high, medium or low" },
		{ "{\"kind\":\"incident\",\"id\":42}", 0, SLO_EINVAL, 25,
		    "'id' is not a string" },
		{ "{\"kind\":\"rollup\",\"service\":1}", 0, SLO_EINVAL, 28,
		    "'service' is not a string" },
		{ "[1,2]", 0, SLO_EINVAL, 1, "not a json object" },
		{ "  \"x\"", 0, SLO_EINVAL, 3, "not a json object" },
		{ "42", 0, SLO_EINVAL, 1, "not a json object" },
		{ "null", 0, SLO_EINVAL, 1, "not a json object" },
		{ "{\"a\":x}", 0, SLO_ESYNTAX, 6, "invalid json" },
		{ "{\"a\":1} x", 0, SLO_ESYNTAX, 9, "invalid json" },
		{ "{\"a\":1}{}", 0, SLO_ESYNTAX, 8, "invalid json" },
		{ "{\"a\":1", 0, SLO_ESYNTAX, 6, "invalid json" },
		{ "", 0, SLO_ESYNTAX, 1, "invalid json" },
		{ "{\"route\":\"a\\u0000b\"}", 0, SLO_ESYNTAX, 0, "invalid json" },
		{ "{\"a\\u0000\":1}", 0, SLO_ESYNTAX, 0, "invalid json" },
		{ "{\"latency_ms\":1e999}", 0, SLO_ESYNTAX, 0, "invalid json" },
		{ "{\"status\":99999999999999999999}", 0, SLO_ESYNTAX, 0,
		    "invalid json" },
		{ "{\"route\":\"a\tb\"}", 0, SLO_ESYNTAX, 0, "invalid json" },
		{ "{\"service\":\"a\xff\"}", 0, SLO_EUTF8, 14, "invalid utf-8" },
		{ "{\"service\":\"\xc0\xaf\"}", 0, SLO_EUTF8, 13, "invalid utf-8" },
		{ "{\"service\":\"\xed\xa0\x80\"}", 0, SLO_EUTF8, 13, "utf-8" },
		{ "\xef\xbb\xbf{}", 0, SLO_ESYNTAX, 0, "invalid json" }, /* BOM */
		{ "{\"a\":1}\0", 8, SLO_ESYNTAX, 0, "invalid json" },
	};
	slo_event_decoder *dec = slo_event_decoder_new();
	slo_event ev;
	slo_error err;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = cases[i].n ? cases[i].n : strlen(cases[i].line);
		slo_status st;

		memset(&err, 0x55, sizeof err);
		st = slo_event_decode(dec, cases[i].line, n, &ev, &err);
		if (st != cases[i].st || err.status != st)
			fail_msg("%s: status %d want %d (%s)", cases[i].line, st,
			    cases[i].st, err.msg);
		if (strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("%s: reason '%s' lacks '%s'", cases[i].line,
			    err.msg, cases[i].msg);
		/* col 0 in the table: any, as long as it is within the line */
		if (cases[i].col ? err.col != cases[i].col :
		    err.col < 0 || err.col > (long)n + 1)
			fail_msg("%s: col %ld want %ld", cases[i].line, err.col,
			    cases[i].col);
		assert_int_equal(err.line, 0);
		assert_string_equal(err.file, "");
	}
	slo_event_decoder_free(dec);
}

/* A line that is not NUL-terminated is read to n and no further. */
static void
test_not_terminated(void **state)
{
	char buf[64];
	const char *line = "{\"status\":200}";
	slo_event_decoder *dec = slo_event_decoder_new();
	slo_event ev;
	slo_error err;

	(void)state;
	memset(buf, '9', sizeof buf);
	memcpy(buf, line, strlen(line));
	assert_int_equal(slo_event_decode(dec, buf, strlen(line), &ev, &err),
	    SLO_OK);
	assert_int_equal(ev.status, 200);
	/* cut inside the number: invalid json, not 2009999... */
	assert_int_equal(slo_event_decode(dec, buf, strlen(line) - 2, &ev, &err),
	    SLO_ESYNTAX);
	slo_event_decoder_free(dec);
}

/* The decoder's label storage is reused and grows; lookups work. */
static void
test_labels_arena(void **state)
{
	slo_event_decoder *dec = slo_event_decoder_new();
	slo_event ev;
	slo_error err;
	char line[8192];

	(void)state;
	for (int n = 0; n < 60; n += 7) {
		size_t len = 0;
		len += (size_t)snprintf(line + len, sizeof line - len,
		    "{\"flags\":{\"f\":\"on\",\"g\":\"off\"},\"labels\":{");
		for (int i = 0; i < n; i++)
			len += (size_t)snprintf(line + len, sizeof line - len,
			    "%s\"k%d\":\"v%d\"", i ? "," : "", i, i);
		len += (size_t)snprintf(line + len, sizeof line - len, "}}");
		assert_int_equal(slo_event_decode(dec, line, len, &ev, &err),
		    SLO_OK);
		assert_int_equal(ev.nlabels, (size_t)n);
		assert_int_equal(ev.nflags, 2);
		assert_string_equal(slo_event_flag(&ev, "f"), "on");
		assert_string_equal(slo_event_flag(&ev, "g"), "off");
		assert_null(slo_event_flag(&ev, "h"));
		for (int i = 0; i < n; i++) {
			char k[16], v[16];
			snprintf(k, sizeof k, "k%d", i);
			snprintf(v, sizeof v, "v%d", i);
			assert_string_equal(slo_event_label(&ev, k), v);
		}
		assert_null(slo_event_label(&ev, "missing"));
	}
	/* labels absent: lookups are NULL, not stale */
	assert_int_equal(slo_event_decode(dec, "{}", 2, &ev, &err), SLO_OK);
	assert_int_equal(ev.nlabels, 0);
	assert_null(slo_event_label(&ev, "k0"));
	assert_null(slo_event_flag(&ev, "f"));
	/* duplicate label keys: the last value wins, once (as in jansson) */
	line[0] = '\0';
	strcpy(line, "{\"labels\":{\"a\":\"1\",\"b\":\"2\",\"a\":\"3\"}}");
	assert_int_equal(slo_event_decode(dec, line, strlen(line), &ev, &err),
	    SLO_OK);
	assert_int_equal(ev.nlabels, 2);
	assert_string_equal(slo_event_label(&ev, "a"), "3");
	slo_event_decoder_free(dec);
	slo_event_decoder_free(NULL);
}

static void
test_from_json(void **state)
{
	slo_event_decoder *dec = slo_event_decoder_new();
	slo_event ev;
	slo_error err;
	json_t *obj = json_pack("{s:s, s:i, s:f, s:{s:s}}", "kind", "request",
	    "status", 502, "latency_ms", 3.25, "labels", "t", "x");
	json_t *arr = json_array();

	(void)state;
	assert_int_equal(slo_event_from_json(dec, obj, &ev, &err), SLO_OK);
	assert_int_equal(ev.status, 502);
	assert_int_equal(ev.ok, 0);
	assert_true(ev.latency_ms == 3.25);
	assert_string_equal(slo_event_label(&ev, "t"), "x");
	assert_ptr_equal(ev.json, obj);
	assert_int_equal(slo_event_from_json(dec, arr, &ev, &err), SLO_EINVAL);
	assert_non_null(strstr(err.msg, "not a json object"));
	json_object_set_new(obj, "latency_ms", json_real(-1));
	assert_int_equal(slo_event_from_json(dec, obj, &ev, &err), SLO_ERANGE);
	assert_int_equal(err.col, 0); /* no text, no column */
	json_decref(obj);
	json_decref(arr);
	slo_event_decoder_free(dec);
}

/* Every field name maps to its number, near misses to -1. */
static void
test_field_ids(void **state)
{
	static const char *const miss[] = { "", "k", "kinds", "Kind", "ts ",
	    "t", "labels_", "flag_", "reasons", "resul", "regio", "statu",
	    "sourcE", "severit", "ids", "latency", "latency_m", "x",
	    "amounts", "cpu", "cpu_core", "currenc", "instanc", "memory",
	    "memory_byte", "nam", "names", "suit", "cpu_limit_core" };

	(void)state;
	for (int f = 0; f < EF__COUNT; f++)
		assert_int_equal(slo_field_id(slo_fields[f].name,
		    strlen(slo_fields[f].name)), f);
	for (size_t i = 0; i < sizeof miss / sizeof miss[0]; i++)
		assert_int_equal(slo_field_id(miss[i], strlen(miss[i])), -1);
}

/*
 * The differential check of the fast path: the same line through a
 * decoder that may take it and one forced through jansson gives the same
 * status, reason and column, or the same event.
 */
static long fast_hits, lines_seen;

static void
same_both_ways(slo_event_decoder *fast, slo_event_decoder *slow,
    const char *line, size_t n)
{
	slo_event a, b;
	slo_error ea, eb;
	slo_status sa, sb;
	const char *d;

	slo_error_clear(&ea);
	slo_error_clear(&eb);
	sa = slo_event_decode(fast, line, n, &a, &ea);
	sb = slo_event_decode(slow, line, n, &b, &eb);
	lines_seen++;
	if (sa != sb)
		fail_msg("'%.*s': status %d fast, %d jansson (%s)", (int)n, line,
		    sa, sb, eb.msg);
	if (sa != SLO_OK) {
		if (ea.status != eb.status || ea.col != eb.col ||
		    strcmp(ea.msg, eb.msg) != 0)
			fail_msg("'%.*s': '%s' col %ld vs '%s' col %ld", (int)n,
			    line, ea.msg, ea.col, eb.msg, eb.col);
		return;
	}
	assert_non_null(b.json);
	if (a.json == NULL)
		fast_hits++;
	if ((d = event_diff(&a, &b)) != NULL)
		fail_msg("'%.*s': field '%s' differs", (int)n, line, d);
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *const pool[] = {
	"checkout", "", "a\"b", "back\\slash", "tab\there", "nl\nx",
	"ctl\x01\x1f", "caf\xc3\xa9", "\xe2\x82\xac\xf0\x9f\x98\x80", "/api/v1/x",
	"with space", "{\"json\":1}", "\x7f", "trace_id", "0123456789abcdef",
};
#define POOL (sizeof pool / sizeof pool[0])

static double
random_latency(void)
{
	static const double fixed[] = { 0, 0.1, 1e-7, 123.456, 1e300, 5e-324,
	    12, 1e15, 123456789012345678.0, 2.5e-300, 0.30000000000000004 };
	uint64_t x = next();

	if (x % 3 == 0)
		return fixed[(x >> 8) % (sizeof fixed / sizeof fixed[0])];
	if (x % 3 == 1) /* a lognormal-looking ms figure, 3 decimals */
		return (double)((x >> 20) % 5000000) / 1000.0;
	/* any finite non-negative double */
	for (;;) {
		uint64_t bits = next() >> 1;
		double v;
		memcpy(&v, &bits, sizeof v);
		if (v == v && v <= 1.7976931348623157e308)
			return v;
	}
}

/* A random event of a random kind (no rollup), encoded without extras. */
static void
random_line(slo_buf *out)
{
	slo_kv labels[6], flags[4];
	slo_event ev;
	uint64_t x = next();

	memset(&ev, 0, sizeof ev);
	ev.kind = (slo_kind)(x % SLO_KIND_ROLLUP);
	if (next() % 4) {
		ev.has |= SLO_HAS_TS;
		/* 1684..2255 */
		ev.ts = ((slo_ns)(next() % 18000000000ULL) - 9000000000LL) * S;
		ev.ts += (slo_ns)(next() % 4 == 0 ? next() % S :
		    next() % 1000 * SLO_NS_PER_MS);
	}
#define MAYBE(f) if (next() % 2) ev.f = pool[next() % POOL]
	MAYBE(service); MAYBE(cohort); MAYBE(region); MAYBE(version);
	MAYBE(route); MAYBE(trace_id); MAYBE(subject); MAYBE(flag);
	MAYBE(variant); MAYBE(segment); MAYBE(reason); MAYBE(error);
	MAYBE(result); MAYBE(id); MAYBE(state); MAYBE(source); MAYBE(severity);
#undef MAYBE
	/* What each kind requires (slo_event_check), so the line is valid. */
	{
		static const char *const results[] = { "success", "failure", "rollback" };
		static const char *const states[] = { "open", "detected",
		    "acknowledged", "mitigated", "resolved" };
		static const char *const sevs[] = { "critical", "high", "medium", "low" };

		if (ev.kind == SLO_KIND_FLAG && (ev.flag == NULL || !*ev.flag))
			ev.flag = "f";
		if (ev.kind == SLO_KIND_DEPLOY)
			ev.result = results[next() % 3];
		if (ev.kind == SLO_KIND_INCIDENT) {
			if (ev.id == NULL)
				ev.id = "INC-1";
			ev.state = states[next() % 5];
		}
		if ((ev.kind == SLO_KIND_ALERT || ev.kind == SLO_KIND_INCIDENT) &&
		    ev.severity != NULL)
			ev.severity = sevs[next() % 4];
	}
	if (next() % 2) {
		ev.has |= SLO_HAS_STATUS;
		ev.status = (int)(next() % 1000);
	}
	if (next() % 2) {
		ev.has |= SLO_HAS_LATENCY;
		ev.latency_ms = random_latency();
	}
	if (next() % 3 == 0) {
		ev.has |= SLO_HAS_OK;
		ev.ok = (int)(next() % 2);
	}
	ev.nlabels = (size_t)(next() % 7);
	for (size_t i = 0; i < ev.nlabels; i++) {
		/* distinct keys: the pool entry plus its index */
		static char kbuf[6][64];
		snprintf(kbuf[i], sizeof kbuf[i], "%s%zu", pool[next() % POOL], i);
		labels[i].key = kbuf[i];
		labels[i].val = pool[next() % POOL];
	}
	ev.labels = labels;
	ev.nflags = (size_t)(next() % 5);
	for (size_t i = 0; i < ev.nflags; i++) {
		static char fbuf[4][64];
		snprintf(fbuf[i], sizeof fbuf[i], "flag-%zu", i);
		flags[i].key = fbuf[i];
		flags[i].val = pool[next() % POOL];
	}
	ev.flags = flags;
	slo_buf_reset(out);
	assert_int_equal(slo_event_encode(&ev, NULL, out), SLO_OK);
	out->data[--out->len] = '\0'; /* the newline */
}

static const char *const variants[] = {
	"{\"kind\":\"request\"}",
	"{\"kind\":\"request\",\"status\":200}",
	"{\"kind\":\"request\",\"status\": 200}",
	"{\"kind\":\"request\" ,\"status\":200}",
	"{\"kind\":\"request\",\"status\":200} ",
	"{\"kind\":\"request\",\"status\":200}\r",
	" {\"kind\":\"request\",\"status\":200}",
	"{\"kind\":\"request\",\"status\":200.0}",
	"{\"kind\":\"request\",\"status\":0200}",
	"{\"kind\":\"request\",\"status\":-0}",
	"{\"kind\":\"request\",\"status\":1000}",
	"{\"kind\":\"request\",\"status\":0}",
	"{\"kind\":\"request\",\"status\":2e2}",
	"{\"kind\":\"request\",\"status\":200,\"status\":503}",
	"{\"kind\":\"request\",\"status\":200,\"route\":\"/x\"}",
	"{\"kind\":\"request\",\"route\":null}",
	"{\"kind\":\"request\",\"x\":1}",
	"{\"kind\":\"request\",\"state\":\"open\"}",
	"{\"kind\":\"request\",\"latency_ms\":-1}",
	"{\"kind\":\"request\",\"latency_ms\":-0.0}",
	"{\"kind\":\"request\",\"latency_ms\":1E2}",
	"{\"kind\":\"request\",\"latency_ms\":1.5e-3}",
	"{\"kind\":\"request\",\"latency_ms\":1.5e+3}",
	"{\"kind\":\"request\",\"latency_ms\":00.5}",
	"{\"kind\":\"request\",\"latency_ms\":.5}",
	"{\"kind\":\"request\",\"latency_ms\":5.}",
	"{\"kind\":\"request\",\"latency_ms\":1e400}",
	"{\"kind\":\"request\",\"latency_ms\":1e-400}",
	"{\"kind\":\"request\",\"latency_ms\":123456789012345678901234567890}",
	"{\"kind\":\"request\",\"latency_ms\":1234567890123456789}",
	"{\"kind\":\"request\",\"latency_ms\":123456789012345678}",
	"{\"kind\":\"request\",\"latency_ms\":9007199254740993.0}",
	"{\"kind\":\"request\",\"latency_ms\":0.1000000000000000055511151231257827}",
	"{\"kind\":\"request\",\"latency_ms\":2.2250738585072011e-308}",
	"{\"kind\":\"request\",\"latency_ms\":true}",
	"{\"kind\":\"request\",\"ok\":true}",
	"{\"kind\":\"request\",\"ok\":tru}",
	"{\"kind\":\"request\",\"ok\":1}",
	"{\"kind\":\"request\",\"ts\":\"2026-11-26T08:09:45Z\"}",
	"{\"kind\":\"request\",\"ts\":\"2026-11-26T09:09:45+01:00\"}",
	"{\"kind\":\"request\",\"ts\":\"2026-02-30T00:00:00Z\"}",
	"{\"kind\":\"request\",\"ts\":1795680585}",
	"{\"kind\":\"request\",\"ts\":\"\\u0032026-11-26T08:09:45Z\"}",
	"{\"kind\":\"req\\u0075est\"}",
	"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:00:00Z\"}",
	"{\"kind\":\"bogus\"}",
	"{\"kind\":\"flag\",\"flags\":{\"a\":\"b\"}}",
	"{\"kind\":\"flag\",\"subject\":\"s\",\"flag\":\"f\",\"variant\":\"v\"}",
	"{\"kind\":\"flag\",\"flag\":\"f\",\"subject\":\"s\"}",
	"{\"kind\":\"request\",\"route\":\"a\\u001fb\\u0001\"}",
	"{\"kind\":\"request\",\"route\":\"a\\u001Fb\"}",
	"{\"kind\":\"request\",\"route\":\"a\\u0000b\"}",
	"{\"kind\":\"request\",\"route\":\"\\u00e9\\/\\ud83d\\ude00\"}",
	"{\"kind\":\"request\",\"route\":\"\\ud83d\"}",
	"{\"kind\":\"request\",\"route\":\"a\tb\"}",
	"{\"kind\":\"request\",\"route\":\"a\\x\"}",
	"{\"kind\":\"request\",\"route\":\"a\\\"}",
	"{\"kind\":\"request\",\"labels\":{}}",
	"{\"kind\":\"request\",\"labels\":{\"a\":\"1\",\"a\":\"2\"}}",
	"{\"kind\":\"request\",\"labels\":{\"a\":null}}",
	"{\"kind\":\"request\",\"labels\":{\"a\":1}}",
	"{\"kind\":\"request\",\"labels\":{\"\":\"\"}}",
	"{\"kind\":\"request\",\"labels\":{\"a\":\"1\"},\"flags\":{\"a\":\"1\"}}",
	"{\"kind\":\"request\",\"flags\":{\"a\":\"1\"},\"labels\":{\"a\":\"1\"}}",
	"{\"kind\":\"request\",\"labels\":{\"a\":\"1\",}}",
	"{\"kind\":\"request\",\"labels\":[]}",
	"{\"kind\":\"request\",\"trace_id\":\"t\",\"subject\":\"u\"}",
	"{\"kind\":\"request\",\"trace_id\":\"t\",}",
	"{\"kind\":\"request\",}",
	"{\"kind\":\"request\"}}",
	"{\"kind\":\"request\"",
	"{\"kind\":\"request\"}\n",
	"{\"kind\":\"deploy\",\"result\":\"success\"}",
	"{\"kind\":\"incident\",\"id\":\"i\",\"state\":\"open\"}",
	"{\"kind\":\"alert\",\"id\":\"a\",\"source\":\"s\",\"severity\":\"low\"}",
	"{\"kind\":\"alert\",\"severity\":\"low\",\"id\":\"a\"}",
	"{\"kind\":\"incident\",\"id\":\"i\",\"state\":\"mitigated\","
	    "\"severity\":\"critical\"}",
	"{\"kind\":\"incident\",\"id\":\"i\",\"state\":\"detected\","
	    "\"severity\":\"sev1\"}",
	"{\"kind\":\"request\",\"amount\":1,\"suite\":\"s\"}",
	"{\"kind\":\"resource\",\"instance\":\"p-1\",\"cpu_cores\":0.25,"
	    "\"cpu_limit_cores\":0.5}",
	"{\"kind\":\"resource\",\"memory_bytes\":-1}",
	"{\"kind\":\"check\",\"suite\":\"contract\",\"result\":\"fail\"}",
	"{\"kind\":\"cost\",\"amount\":0.1,\"currency\":\"USD\"}",
};

static void
test_fast_path_differential(void **state)
{
	slo_event_decoder *fast = slo_event_decoder_new();
	slo_event_decoder *slow = slo_event_decoder_new();
	slo_buf line = { 0 };
	static const char repl[] = " \"\\,:{}[]0159-+.eEtnu\x01\x7f\xff\xc3";
	char big[4096];
	long hits_before;
	size_t len;

	(void)state;
	slow->no_fast = 1;
	fast_hits = lines_seen = 0;
	/* Generated lines in the fixed form all take the fast path. */
	for (int i = 0; i < 5000; i++) {
		hits_before = fast_hits;
		random_line(&line);
		same_both_ways(fast, slow, line.data, line.len);
		if (fast_hits != hits_before + 1)
			fail_msg("fixed form not taken: %s", line.data);
		if (!fast->fixed)
			fail_msg("fixed form not told: %s", line.data);
	}
	/* Hand-written variants, many of which must go to jansson. */
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
		same_both_ways(fast, slow, variants[i], strlen(variants[i]));
	/* 40 labels: over the fast path's limit */
	len = (size_t)snprintf(big, sizeof big, "{\"kind\":\"request\",\"labels\":{");
	for (int i = 0; i < 40; i++)
		len += (size_t)snprintf(big + len, sizeof big - len, "%s\"k%d\":\"v\"",
		    i ? "," : "", i);
	len += (size_t)snprintf(big + len, sizeof big - len, "}}");
	same_both_ways(fast, slow, big, len);
	/* Mutations of generated lines: every prefix, every byte dropped,
	 * replaced by a telling byte, or preceded by another. */
	for (int i = 0; i < 15; i++) {
		random_line(&line);
		if (line.len >= sizeof big / 2)
			continue;
		for (size_t k = 0; k <= line.len; k++) {
			char m[4096];
			same_both_ways(fast, slow, line.data, k);
			if (k == line.len)
				break;
			memcpy(m, line.data, k);
			memcpy(m + k, line.data + k + 1, line.len - k - 1);
			same_both_ways(fast, slow, m, line.len - 1);
			for (size_t r = 0; r < sizeof repl - 1; r++) {
				memcpy(m, line.data, line.len);
				m[k] = repl[r];
				same_both_ways(fast, slow, m, line.len);
				memcpy(m, line.data, k);
				m[k] = repl[r];
				memcpy(m + k + 1, line.data + k, line.len - k);
				same_both_ways(fast, slow, m, line.len + 1);
			}
		}
	}
	print_message("fast path: %ld of %ld lines\n", fast_hits, lines_seen);
	assert_true(fast_hits > 5000);
	slo_buf_release(&line);
	slo_event_decoder_free(fast);
	slo_event_decoder_free(slow);
}

/*
 * The scanner reads any form: a generated line's members rewritten in a
 * shuffled order, with random whitespace between all tokens, strings with
 * random \u escapes (surrogate pairs for what is past the BMP) and "\/",
 * reals in exponent form with 17 digits (the strtod path), kind dropped
 * from requests, and, in a second decoder with skip_unknown, unknown
 * members with nested objects and arrays.  Each must give what jansson
 * gives and take the fast path; with unknown members and skip_unknown off
 * the line must go to jansson (ev.json carries them).
 */
static void
put_ws(slo_buf *b)
{
	static const char ws[] = " \t\r\n";
	int n = (int)(next() % 3);

	while (n-- > 0)
		slo_buf_putc(b, ws[next() % 4]);
}

static void
put_escaped(slo_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char tmp[16];

	slo_buf_putc(b, '"');
	while (*p) {
		unsigned cp = *p;
		int len = 1;

		if (cp >= 0xf0)
			cp &= 0x07, len = 4;
		else if (cp >= 0xe0)
			cp &= 0x0f, len = 3;
		else if (cp >= 0xc0)
			cp &= 0x1f, len = 2;
		for (int i = 1; i < len; i++)
			cp = cp << 6 | (p[i] & 0x3f);
		if (cp == '"' || cp == '\\' || cp < 0x20 || next() % 3 == 0) {
			const char *hex = next() % 2 ? "%04x" : "%04X";
			if (cp >= 0x10000) {
				unsigned v = cp - 0x10000;
				slo_buf_puts(b, "\\u");
				snprintf(tmp, sizeof tmp, hex, 0xd800 + (v >> 10));
				slo_buf_puts(b, tmp);
				slo_buf_puts(b, "\\u");
				snprintf(tmp, sizeof tmp, hex, 0xdc00 + (v & 0x3ff));
			} else {
				slo_buf_puts(b, "\\u");
				snprintf(tmp, sizeof tmp, hex, cp);
			}
			slo_buf_puts(b, tmp);
		} else if (cp == '/' && next() % 2)
			slo_buf_puts(b, "\\/");
		else
			slo_buf_append(b, (const char *)p, (size_t)len);
		p += len;
	}
	slo_buf_putc(b, '"');
}

/* Any JSON value with random spacing and escapes, reals re-spelled. */
static void
put_any(slo_buf *b, json_t *v)
{
	char tmp[64];
	const char *k;
	json_t *m;
	size_t i;
	int first = 1;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		slo_buf_putc(b, '{');
		json_object_foreach(v, k, m) {
			put_ws(b);
			if (!first)
				slo_buf_putc(b, ','), put_ws(b);
			first = 0;
			put_escaped(b, k);
			put_ws(b);
			slo_buf_putc(b, ':');
			put_ws(b);
			put_any(b, m);
			put_ws(b);
		}
		slo_buf_putc(b, '}');
		return;
	case JSON_ARRAY:
		slo_buf_putc(b, '[');
		json_array_foreach(v, i, m) {
			if (i > 0)
				slo_buf_putc(b, ',');
			put_ws(b);
			put_any(b, m);
			put_ws(b);
		}
		slo_buf_putc(b, ']');
		return;
	case JSON_STRING:
		put_escaped(b, json_string_value(v));
		return;
	case JSON_REAL:
		/* 17 significant digits give the same double back */
		snprintf(tmp, sizeof tmp, next() % 2 ? "%.16e" : "%.16E",
		    json_real_value(v));
		slo_buf_puts(b, tmp);
		return;
	default: {
		char *d = json_dumps(v, JSON_ENCODE_ANY);
		assert_non_null(d);
		slo_buf_puts(b, d);
		free(d);
		return;
	}
	}
}

/* line rewritten: members shuffled, kind of a request maybe dropped, and
 * with extra, unknown members (nested values) among them. */
static void
any_form(const slo_buf *line, slo_buf *out, int extra)
{
	json_t *o = json_loadb(line->data, line->len, 0, NULL), *shuf;
	const char *keys[64];
	const char *k;
	json_t *v;
	size_t n = 0;

	assert_non_null(o);
	if (next() % 2 && strcmp(json_string_value(json_object_get(o, "kind")),
	    "request") == 0)
		json_object_del(o, "kind");
	if (extra) {
		json_object_set_new(o, "user_agent", json_string("curl/8 \xc3\xa9"));
		json_object_set_new(o, "nested", json_pack("{s:[i,f,{s:[]},n,b],s:{}}",
		    "a", 1, 2.5, "b", 0, "c"));
		json_object_set_new(o, "arr", json_pack("[s,[[[]]],{}]", "x"));
	}
	json_object_foreach(o, k, v)
		keys[n++] = k;
	for (size_t i = n; i > 1; i--) {
		size_t j = next() % i;
		const char *t = keys[i - 1];
		keys[i - 1] = keys[j];
		keys[j] = t;
	}
	shuf = json_object();
	for (size_t i = 0; i < n; i++)
		json_object_set(shuf, keys[i], json_object_get(o, keys[i]));
	slo_buf_reset(out);
	put_ws(out);
	put_any(out, shuf);
	put_ws(out);
	json_decref(shuf);
	json_decref(o);
}

static void
test_scanner_any_form(void **state)
{
	slo_event_decoder *fast = slo_event_decoder_new();
	slo_event_decoder *skip = slo_event_decoder_new();
	slo_event_decoder *slow = slo_event_decoder_new();
	slo_buf line = { 0 }, form = { 0 };
	long before;

	(void)state;
	slow->no_fast = 1;
	skip->skip_unknown = 1;
	fast_hits = lines_seen = 0;
	for (int i = 0; i < 4000; i++) {
		random_line(&line);
		any_form(&line, &form, 0);
		before = fast_hits;
		same_both_ways(fast, slow, form.data, form.len);
		if (fast_hits != before + 1)
			fail_msg("not taken by the scanner: %s", form.data);
		/* jansson's path and the scanner agree on a fixed form */
		if (!fast->fixed && form.len == line.len &&
		    memcmp(form.data, line.data, line.len) == 0)
			fail_msg("fixed form not told: %s", form.data);
		any_form(&line, &form, 1);
		before = fast_hits;
		same_both_ways(skip, slow, form.data, form.len);
		if (fast_hits != before + 1)
			fail_msg("not taken with skip_unknown: %s", form.data);
		if (skip->fixed)
			fail_msg("unknown members called fixed: %s", form.data);
		same_both_ways(fast, slow, form.data, form.len);
		if (fast_hits != before + 1)
			fail_msg("unknown members not handed over: %s", form.data);
	}
	print_message("scanner: %ld of %ld lines\n", fast_hits, lines_seen);
	slo_buf_release(&line);
	slo_buf_release(&form);
	slo_event_decoder_free(fast);
	slo_event_decoder_free(skip);
	slo_event_decoder_free(slow);
}

/*
 * slo-ingest copies a line verbatim only when the scanner saw it in the
 * fixed form (dec->fixed); any other form it reads just as fast but
 * re-encodes.  Known answers: the fixed form of each line by hand, from
 * the order and rules above slo_event_encode().
 */
static void
test_ingest_fixed_only(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"status\":200}",
		  "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"status\":200}\n" },
		{ "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\", \"status\":200}",
		  "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"status\":200}\n" },
		{ "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"status\":200} ",
		  "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"status\":200}\n" },
		{ "{\"kind\":\"request\",\"status\":200,\"ts\":\"2026-11-25T00:00:00Z\"}",
		  "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"status\":200}\n" },
		{ "{\"ts\":\"2026-11-25T00:00:00Z\",\"status\":200}",
		  "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"status\":200}\n" },
		{ "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"status\":-0}",
		  "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"status\":0}\n" },
		{ "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"route\":null,\"status\":200}",
		  "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"status\":200}\n" },
		{ "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"latency_ms\":1E1}",
		  "{\"kind\":\"request\",\"ts\":\"2026-11-25T00:00:00Z\",\"latency_ms\":10}\n" },
	};
	slo_ingest *ing = slo_ingest_new(SLO_PRESET_CANONICAL);
	slo_buf out = { 0 };
	slo_error err;

	(void)state;
	assert_non_null(ing);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		slo_buf_reset(&out);
		if (slo_ingest_line(ing, cases[i].in, strlen(cases[i].in), &out,
		    &err) != SLO_OK)
			fail_msg("%s: %s", cases[i].in, err.msg);
		if (out.len != strlen(cases[i].out) ||
		    memcmp(out.data, cases[i].out, out.len) != 0)
			fail_msg("%s: gave %.*s", cases[i].in, (int)out.len,
			    out.data);
	}
	slo_buf_release(&out);
	slo_ingest_free(ing);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_roundtrip_request),
		cmocka_unit_test(test_roundtrip_other_kinds),
		cmocka_unit_test(test_rollup_json),
		cmocka_unit_test(test_encode_struct),
		cmocka_unit_test(test_ok_rule),
		cmocka_unit_test(test_rejections),
		cmocka_unit_test(test_not_terminated),
		cmocka_unit_test(test_labels_arena),
		cmocka_unit_test(test_from_json),
		cmocka_unit_test(test_field_ids),
		cmocka_unit_test(test_fast_path_differential),
		cmocka_unit_test(test_scanner_any_form),
		cmocka_unit_test(test_ingest_fixed_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
