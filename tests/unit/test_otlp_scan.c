/*
 * test_otlp_scan.c — the otlp preset's walk over the selective scanner
 * (ing_otlp_scan(), issue 20.3) against its jansson path.
 *
 * slo_ingest_line() gives an otlp line to the scanner walk, which maps
 * its spans and log records as it reads them and hands over to jansson
 * the lines it does not take.  The reference is the jansson path alone:
 * slo_line_classify() parses the line, slo_ingest_object() maps the
 * object (ing_otlp()).  Every line goes both ways, under the default span
 * kinds and under all six, and must give the same status, message,
 * column, output bytes, stats and skip counts by reason.
 *
 * The lines are generated from OTLP/JSON's rules as the OpenTelemetry
 * protocol specification states them
 * (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding):
 * lowerCamelCase keys, trace and span ids as hex strings, int64 values
 * (intValue, *TimeUnixNano) as decimal strings, and lenient writers'
 * numbers too; enums (kind, status.code) as numbers or names; unknown
 * fields ignored.  KeyValue and AnyValue as opentelemetry-proto's
 * common.proto defines them, with arrayValue, kvlistValue and bytesValue
 * among the scalars.  On top of valid lines: members in any order,
 * whitespace, escapes (\uXXXX, surrogate pairs, \/), keys given twice
 * (jansson keeps the last), missing and mistyped fields, then the same
 * lines cut short and with one byte damaged.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ingest_int.h"
#include "jscan_int.h"
#include "slo_line.h"

/* ---- a seeded generator of OTLP/JSON lines ----------------------------- */

static uint64_t rng_state;

static unsigned
rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static const char *
pick(const char *const *set, size_t n)
{
	return set[rnd((unsigned)n)];
}
#define PICK(set) pick(set, sizeof set / sizeof set[0])

static void
put(slo_buf *b, const char *s)
{
	assert_int_equal(slo_buf_puts(b, s), SLO_OK);
}

/* Insignificant whitespace, now and then. */
static void
ws(slo_buf *b)
{
	static const char *const spaces[] = { " ", "\t", "  ", "\r " };

	if (rnd(10) == 0)
		put(b, PICK(spaces));
}

/*
 * An object of members, each text "KEY":VALUE, written in shuffled order
 * when shuffle is set (OTLP/JSON writers keep the field order; readers
 * must not need it).
 */
struct members {
	char *m[24];
	int n;
};

static void
member(struct members *ms, const char *key, const slo_buf *val)
{
	slo_buf b = { 0 };

	if (ms->n == 24)
		return;
	put(&b, "\"");
	put(&b, key);
	put(&b, "\"");
	ws(&b);
	put(&b, ":");
	ws(&b);
	put(&b, val->data != NULL ? val->data : "null");
	ms->m[ms->n++] = b.data;
}

static void
member_s(struct members *ms, const char *key, const char *text)
{
	slo_buf v = { 0 };

	put(&v, text);
	member(ms, key, &v);
	slo_buf_release(&v);
}

static void
emit(slo_buf *b, struct members *ms, int shuffle)
{
	if (shuffle)
		for (int i = ms->n - 1; i > 0; i--) {
			int j = (int)rnd((unsigned)i + 1);
			char *t = ms->m[i];
			ms->m[i] = ms->m[j];
			ms->m[j] = t;
		}
	put(b, "{");
	ws(b);
	for (int i = 0; i < ms->n; i++) {
		if (i > 0)
			put(b, ",");
		ws(b);
		put(b, ms->m[i]);
		ws(b);
		free(ms->m[i]);
	}
	put(b, "}");
	ms->n = 0;
}

static const char *const strings[] = {
	"\"checkout\"", "\"\"", "\"-\"", "\"caf\\u00e9\"", "\"a\\\"b\\\\c\"",
	"\"\\ud83d\\ude00 smile\"", "\"x\\/y\"", "\"tab\\there\"",
	"\"/api/cart?x=1\"", "\"https://shop.example/api/pay?q=1#f\"",
	"\"\\u0041PI\"", "\"eu-west-1\"", "\"1.5.0\"", "\"GET /healthz\"",
	"\"Ünïcödé\"", "\"/orders/42\"", "\"http.target\"",
};

/* A JSON value of any type, nested up to depth. */
static void
any_json(slo_buf *b, int depth)
{
	static const char *const scalars[] = { "0", "200", "-7", "2.5", "2.0",
	    "1e3", "true", "false", "null", "\"200\"", "\"-5\"", "\"abc\"",
	    "\"1795680002144466471\"", "9223372036854775807",
	    "\"9223372036854775808\"", "-0", "0.0001",
	    "1.7976931348623157e308", "404", "\"503\"" };

	switch (depth > 0 ? rnd(8) : 0) {
	case 6:
		put(b, "[");
		any_json(b, depth - 1);
		put(b, ",");
		ws(b);
		any_json(b, depth - 1);
		put(b, "]");
		return;
	case 7:
		put(b, "{\"k\":");
		any_json(b, depth - 1);
		put(b, "}");
		return;
	default:
		if (rnd(2000) == 0)
			/* beyond the scanner's integers: jansson's */
			put(b, "99999999999999999999");
		else if (rnd(3) == 0)
			put(b, PICK(strings));
		else
			put(b, PICK(scalars));
	}
}

/* An AnyValue: mostly one well-typed member, sometimes more or odd ones. */
static void
any_value(slo_buf *b, int status)
{
	static const char *const kinds[] = { "stringValue", "intValue",
	    "doubleValue", "boolValue", "arrayValue", "kvlistValue",
	    "bytesValue", "other" };
	struct members ms = { .n = 0 };
	slo_buf v = { 0 };
	int n = rnd(8) == 0 ? (int)rnd(4) : 1;

	for (int i = 0; i < n; i++) {
		int kind = status && rnd(40) ? 1 : (int)rnd(8);

		slo_buf_reset(&v);
		if (rnd(status ? 100 : 6) == 0)
			any_json(&v, 2);
		else if (kind == 0)
			put(&v, PICK(strings));
		else if (kind == 1)
			put(&v, rnd(2) ? "\"200\"" : rnd(2) ? "503" : rnd(8) ?
			    "\"404\"" : "\"1000\"");
		else if (kind == 2)
			put(&v, rnd(2) ? "0.25" : "3");
		else if (kind == 3)
			put(&v, rnd(2) ? "true" : "false");
		else if (kind == 4)
			put(&v, "{\"values\":[{\"stringValue\":\"a\"},{\"intValue\":\"1\"}]}");
		else if (kind == 5)
			put(&v, "{\"values\":[{\"key\":\"service.name\",\"value\":"
			    "{\"stringValue\":\"nested\"}}]}");
		else
			put(&v, "\"aGVsbG8=\"");
		member(&ms, kinds[kind], &v);
	}
	if (rnd(20) == 0) {
		/* not an object after all */
		for (int i = 0; i < ms.n; i++)
			free(ms.m[i]);
		slo_buf_reset(&v);
		any_json(&v, 1);
		put(b, v.data);
	} else
		emit(b, &ms, 1);
	slo_buf_release(&v);
}

static const char *const attr_keys[] = {
	"service.name", "service.version", "cloud.region",
	"http.response.status_code", "http.status_code", "http.route",
	"url.path", "http.target", "url.full", "http.url", "enduser.id",
	"user.id", "deployment.environment", "http.request.method",
	"feature_flag.key", "feature_flag.result.variant",
	"feature_flag.variant", "feature_flag.result.value",
	"feature_flag.context.id", "feature_flag.result.reason",
	"feature_flag.evaluation.reason", "error.type",
	"feature_flag.evaluation.error.message",
	"feature_flag.provider.name", "feature_flag.provider_name",
	"service\\u002ename", "k8s.pod.name",
};

/* An attribute array of keys drawn from the first nkeys of attr_keys. */
static void
attributes(slo_buf *b, unsigned nkeys)
{
	int n = (int)rnd(6);

	if (rnd(25) == 0) {
		any_json(b, 1);
		return;
	}
	put(b, "[");
	for (int i = 0; i < n; i++) {
		struct members ms = { .n = 0 };
		slo_buf v = { 0 };
		const char *key = attr_keys[rnd(nkeys)];
		int status = strstr(key, "status") != NULL;

		if (i > 0)
			put(b, ",");
		ws(b);
		if (rnd(30) == 0) {
			any_json(b, 1);
			continue;
		}
		if (rnd(25) != 0) {
			put(&v, "\"");
			put(&v, key);
			put(&v, "\"");
		} else
			any_json(&v, 1);
		member(&ms, "key", &v);
		if (rnd(25) != 0) {
			slo_buf_reset(&v);
			any_value(&v, status);
			member(&ms, "value", &v);
		}
		if (rnd(15) == 0) {
			/* a key given twice: the last counts */
			slo_buf_reset(&v);
			if (rnd(2)) {
				any_value(&v, status);
				member(&ms, "value", &v);
			} else {
				put(&v, "\"");
				put(&v, attr_keys[rnd(nkeys)]);
				put(&v, "\"");
				member(&ms, "key", &v);
			}
		}
		emit(b, &ms, rnd(3) == 0);
		slo_buf_release(&v);
	}
	put(b, "]");
}

static void
nanos(slo_buf *b, unsigned long long base)
{
	char t[48];

	switch (rnd(300)) {
	case 0: put(b, "null"); return;
	case 1: put(b, "\"abc\""); return;
	case 2: put(b, "-1"); return;
	case 3: put(b, "\"0\""); return;
	case 4: put(b, "{}"); return;
	case 5: case 6: case 7: case 8: case 10: case 11: case 12: case 13:
	case 14: case 15: case 16: case 17: case 18: case 19: case 20:
		/* lenient writers: a number (exact up to 2^53 as a real) */
		snprintf(t, sizeof t, "%llu", base);
		break;
	case 9: snprintf(t, sizeof t, "%llu.0", base / 1000); break;
	default: snprintf(t, sizeof t, "\"%llu\"", base);
	}
	put(b, t);
}

static void
span_events(slo_buf *b)
{
	static const char *const names[] = { "\"feature_flag\"",
	    "\"feature_flag.evaluation\"", "\"exception\"", "7" };
	int n = (int)rnd(3);

	put(b, "[");
	for (int i = 0; i < n; i++) {
		struct members ms = { .n = 0 };
		slo_buf v = { 0 };

		if (i > 0)
			put(b, ",");
		member_s(&ms, "name", PICK(names));
		member_s(&ms, "timeUnixNano", "\"1795680002144466471\"");
		attributes(&v, 25);
		member(&ms, "attributes", &v);
		emit(b, &ms, rnd(2));
		slo_buf_release(&v);
	}
	put(b, "]");
}

/* One span or log record, its members shuffled now and then. */
static void
record(slo_buf *b, int span)
{
	static const char *const kinds[] = { "2", "2", "2", "2", "2", "2",
	    "2", "2", "1", "3", "4", "5", "0", "null", "\"SPAN_KIND_SERVER\"",
	    "\"SPAN_KIND_SERVER\"", "\"SPAN_KIND_CLIENT\"" };
	static const char *const bad_kinds[] = { "\"bogus\"", "7", "2.0",
	    "-1", "{}" };
	static const char *const statuses[] = { "{}", "{\"code\":2}",
	    "{\"code\":\"STATUS_CODE_ERROR\"}", "{\"code\":1}",
	    "{\"code\":2.0}", "\"x\"", "{\"message\":\"m\",\"code\":2}" };
	static const char *const ids[] = { "\"3f137b705856c32a687b253b1aa615a9\"",
	    "\"3F137B705856C32A687B253B1AA615A9\"", "\"\"", "12",
	    "\"not-hex\"" };
	struct members ms = { .n = 0 };
	slo_buf v = { 0 };
	unsigned long long start = 1795680002144466471ULL + rnd(1000000000);

	if (rnd(100) == 0) {
		any_json(b, 1);
		return;
	}
	if (rnd(12) != 0)
		member_s(&ms, "traceId", PICK(ids));
	member_s(&ms, "spanId", "\"c9cf08008b3a1535\"");
	if (span) {
		member_s(&ms, "name", "\"GET /api/cart\"");
		if (rnd(10) != 0)
			member_s(&ms, "kind", rnd(60) ? PICK(kinds) :
			    PICK(bad_kinds));
		if (rnd(40) != 0) {
			nanos(&v, start);
			member(&ms, "startTimeUnixNano", &v);
		}
		if (rnd(8) != 0) {
			slo_buf_reset(&v);
			nanos(&v, rnd(40) == 0 ? start - 5 : start +
			    rnd(3) * 1000000ULL + rnd(1000000));
			member(&ms, "endTimeUnixNano", &v);
		}
		if (rnd(4) == 0) {
			slo_buf_reset(&v);
			span_events(&v);
			member(&ms, "events", &v);
		}
		if (rnd(2))
			member_s(&ms, "status", PICK(statuses));
	} else {
		if (rnd(3) != 0) {
			nanos(&v, start);
			member(&ms, "timeUnixNano", &v);
		}
		if (rnd(3) != 0) {
			slo_buf_reset(&v);
			nanos(&v, start + 7);
			member(&ms, "observedTimeUnixNano", &v);
		}
		member_s(&ms, "body", "{\"stringValue\":\"GET /x 200\"}");
	}
	slo_buf_reset(&v);
	attributes(&v, span ? 14 : 25);
	member(&ms, "attributes", &v);
	if (rnd(15) == 0) {
		/* attributes given twice: the last counts */
		slo_buf_reset(&v);
		attributes(&v, 14);
		member(&ms, "attributes", &v);
	}
	if (rnd(10) == 0)
		member_s(&ms, "droppedAttributesCount", "0");
	emit(b, &ms, rnd(3) == 0);
	slo_buf_release(&v);
}

/* A resource or a scope: attributes, a name, unknown members. */
static void
holder(slo_buf *b)
{
	struct members ms = { .n = 0 };
	slo_buf v = { 0 };

	if (rnd(20) == 0) {
		any_json(b, 1);
		return;
	}
	member_s(&ms, "name", "\"io.opentelemetry.servlet\"");
	if (rnd(6) != 0) {
		attributes(&v, 14);
		member(&ms, "attributes", &v);
	}
	if (rnd(20) == 0) {
		slo_buf_reset(&v);
		attributes(&v, 14);
		member(&ms, "attributes", &v);
	}
	emit(b, &ms, rnd(2));
	slo_buf_release(&v);
}

/* resourceSpans or resourceLogs: resources of scopes of records. */
static void
resources(slo_buf *b, int span)
{
	int nr = 1 + (int)rnd(2);

	put(b, "[");
	for (int r = 0; r < nr; r++) {
		struct members rm = { .n = 0 };
		slo_buf scopes = { 0 }, v = { 0 };
		int ns = 1 + (int)rnd(2);

		if (r > 0)
			put(b, ",");
		if (rnd(30) == 0) {
			any_json(b, 1);
			continue;
		}
		put(&scopes, "[");
		for (int s = 0; s < ns; s++) {
			struct members sm = { .n = 0 };
			int nrec = rnd(10) ? 1 + (int)rnd(4) : 0;

			if (s > 0)
				put(&scopes, ",");
			slo_buf_reset(&v);
			put(&v, "[");
			for (int i = 0; i < nrec; i++) {
				if (i > 0)
					put(&v, ",");
				ws(&v);
				record(&v, span);
			}
			put(&v, "]");
			member(&sm, span ? "spans" : "logRecords", &v);
			if (rnd(8) != 0) {
				slo_buf_reset(&v);
				holder(&v);
				member(&sm, "scope", &v);
			}
			if (rnd(80) == 0)
				member_s(&sm, span ? "spans" : "logRecords", "[]");
			member_s(&sm, "schemaUrl", "\"https://opentelemetry.io/schemas/1.4.0\"");
			/* the writers' order: scope first, mostly */
			if (sm.n >= 2 && rnd(40) != 0 &&
			    strncmp(sm.m[1], "\"scope\"", 7) == 0) {
				char *t = sm.m[0];
				sm.m[0] = sm.m[1];
				sm.m[1] = t;
			}
			emit(&scopes, &sm, rnd(40) == 0);
		}
		put(&scopes, "]");
		if (rnd(8) != 0) {
			slo_buf_reset(&v);
			holder(&v);
			member(&rm, "resource", &v);
		}
		member(&rm, rnd(10) == 0 ? (span ? "instrumentationLibrarySpans" :
		    "instrumentationLibraryLogs") : (span ? "scopeSpans" :
		    "scopeLogs"), &scopes);
		if (rnd(40) == 0)
			member(&rm, span ? "instrumentationLibrarySpans" :
			    "instrumentationLibraryLogs", &scopes);
		if (rnd(80) == 0) {
			slo_buf_reset(&v);
			holder(&v);
			member(&rm, "resource", &v);
		}
		emit(b, &rm, rnd(40) == 0);
		slo_buf_release(&scopes);
		slo_buf_release(&v);
	}
	put(b, "]");
}

/* One whole line (an ExportTraceServiceRequest or ...LogsServiceRequest). */
static void
line(slo_buf *b)
{
	struct members ms = { .n = 0 };
	slo_buf v = { 0 };
	unsigned what = rnd(10);

	if (what < 6 || what == 8) {
		resources(&v, 1);
		member(&ms, "resourceSpans", &v);
	}
	if (what >= 5) {
		slo_buf_reset(&v);
		if (rnd(25) == 0)
			any_json(&v, 1);
		else
			resources(&v, 0);
		member(&ms, "resourceLogs", &v);
	}
	if (rnd(20) == 0)
		member_s(&ms, "resourceMetrics", "[]");
	if (rnd(60) == 0)
		member_s(&ms, "resourceSpans", rnd(2) ? "{}" : "[]");
	if (rnd(10) == 0)
		member_s(&ms, "partialSuccess", "{}");
	emit(b, &ms, rnd(30) == 0);
	slo_buf_release(&v);
}

/* ---- both paths ------------------------------------------------------- */

struct result {
	slo_status st;
	slo_error err;
	slo_buf out;
	slo_ingest_stats stats;
	uint64_t skips[ING_SKIP__COUNT];
};

static slo_ingest *
engine(int all_kinds)
{
	slo_ingest *ing = slo_ingest_new(SLO_PRESET_OTLP);
	slo_error err;

	assert_non_null(ing);
	if (all_kinds)
		assert_int_equal(slo_ingest_set_span_kinds(ing, "unspecified,"
		    "internal,server,client,producer,consumer", &err), SLO_OK);
	return ing;
}

static void
result_of(slo_ingest *ing, struct result *r)
{
	r->stats = slo_ingest_get_stats(ing);
	for (size_t i = 0; i < ING_SKIP__COUNT; i++)
		slo_ingest_skip_reason(ing, i, &r->skips[i]);
	slo_ingest_free(ing);
}

/* The line through slo_ingest_line(): the scanner walk first. */
static void
by_line(const char *text, size_t n, int all_kinds, struct result *r)
{
	slo_ingest *ing = engine(all_kinds);

	memset(r, 0, sizeof *r);
	slo_error_clear(&r->err);
	r->st = slo_ingest_line(ing, text, n, &r->out, &r->err);
	result_of(ing, r);
}

/* The line through jansson alone. */
static void
by_jansson(const char *text, size_t n, int all_kinds, struct result *r)
{
	slo_ingest *ing = engine(all_kinds);
	json_t *obj = NULL;

	memset(r, 0, sizeof *r);
	slo_error_clear(&r->err);
	if (slo_line_classify(SLO_LINE_AS_OBJECT, text, n, NULL, &obj, NULL,
	    &r->err) == SLO_LINE_ACCEPTED) {
		r->st = slo_ingest_object(ing, obj, &r->out, &r->err);
		json_decref(obj);
	} else
		r->st = r->err.status;
	result_of(ing, r);
}

/* Whether the walk itself takes the line (else it hands it over). */
static int
walk_takes(const char *text, size_t n)
{
	slo_ingest *ing = engine(0);
	char *buf = malloc(n + 1 + JSCAN_PAD);
	slo_status st;
	slo_error err;
	size_t bad;
	int took;

	assert_non_null(buf);
	memcpy(buf, text, n);
	memset(buf + n, 0, 1 + JSCAN_PAD);
	took = slo_utf8_valid(text, n, &bad) &&
	    ing_otlp_scan(ing, buf, n, &st, &err);
	free(buf);
	slo_ingest_free(ing);
	return took;
}

/* Both paths give the same for text (n bytes); 1 when the walk took it. */
static int
same(const char *text, size_t n)
{
	struct result a, b;

	for (int all = 0; all < 2; all++) {
		by_line(text, n, all, &a);
		by_jansson(text, n, all, &b);
		if (a.st != b.st || (a.st != SLO_OK &&
		    (strcmp(a.err.msg, b.err.msg) != 0 || a.err.col != b.err.col ||
		    a.err.line != b.err.line)))
			fail_msg("'%.*s': scanner %d %ld:%ld '%s', jansson %d "
			    "%ld:%ld '%s'", (int)n, text, a.st, a.err.line,
			    a.err.col, a.err.msg, b.st, b.err.line, b.err.col,
			    b.err.msg);
		if (a.out.len != b.out.len || (a.out.len > 0 &&
		    memcmp(a.out.data, b.out.data, a.out.len) != 0))
			fail_msg("'%.*s': scanner wrote '%s', jansson '%s'",
			    (int)n, text, a.out.data ? a.out.data : "",
			    b.out.data ? b.out.data : "");
		if (memcmp(&a.stats, &b.stats, sizeof a.stats) != 0 ||
		    memcmp(a.skips, b.skips, sizeof a.skips) != 0)
			fail_msg("'%.*s': stats or skips differ", (int)n, text);
		slo_buf_release(&a.out);
		slo_buf_release(&b.out);
	}
	return walk_takes(text, n);
}

static int
same_str(const char *text)
{
	return same(text, strlen(text));
}

/* ---- the tests -------------------------------------------------------- */

/*
 * Generated lines, each also cut short at a random byte and with one
 * byte damaged: 3000 x 3 lines, all compared (the count is asserted so
 * that a generator that quietly produces nothing fails).
 */
static void
test_generated(void **state)
{
	static const char damage[] = "\"{}[],:\\x0-.e \x01\xff";
	slo_buf b = { 0 };
	long compared = 0, whole = 0, took = 0, events = 0, rejected = 0;

	(void)state;
	rng_state = 0x9e3779b97f4a7c15ULL;
	for (int i = 0; i < 3000; i++) {
		size_t n, cut;
		char *d;

		slo_buf_reset(&b);
		line(&b);
		n = b.len;
		whole += same(b.data, n);
		compared++;
		/* the same line cut short: bad JSON at every depth */
		cut = rnd((unsigned)n);
		took += same(b.data, cut);
		compared++;
		/* and with one byte replaced */
		d = malloc(n + 1);
		assert_non_null(d);
		memcpy(d, b.data, n + 1);
		d[rnd((unsigned)n)] = damage[rnd(sizeof damage - 1)];
		took += same(d, n);
		compared++;
		free(d);
		{
			struct result r;
			by_line(b.data, n, 0, &r);
			events += (long)r.stats.events;
			rejected += r.st != SLO_OK;
			slo_buf_release(&r.out);
		}
	}
	slo_buf_release(&b);
	print_message("%ld lines compared; taken by the walk: %ld of the 3000 "
	    "whole, %ld of the others; the whole gave %ld events, %ld "
	    "rejections\n", compared, whole, took, events, rejected);
	assert_int_equal(compared, 9000);
	/* the walk is what is tested: most whole lines must be its to
	 * decide, and they must give both events and rejections; damaged
	 * lines that are still JSON are its too */
	assert_true(whole > 2400);
	assert_true(took > 300);
	assert_true(events > 3000);
	assert_true(rejected > 300 && rejected < 2000);
}

/* Hand-written cases: each a rule of the mapping or of the hand-over. */
static void
test_cases(void **state)
{
	static const char *const taken[] = {
		/* the order the Collector writes */
		"{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":"
		"\"service.name\",\"value\":{\"stringValue\":\"checkout\"}}]},"
		"\"scopeSpans\":[{\"scope\":{},\"spans\":[{\"traceId\":\"AB\","
		"\"kind\":2,\"startTimeUnixNano\":\"1000000000\","
		"\"endTimeUnixNano\":\"1002500000\",\"attributes\":[{\"key\":"
		"\"http.response.status_code\",\"value\":{\"intValue\":\"503\"}}]"
		",\"status\":{\"code\":2}}]}]}]}",
		/* record members in any order; a span attribute shadows the
		 * resource's even without a scalar */
		"{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":"
		"\"service.name\",\"value\":{\"stringValue\":\"r\"}}]},"
		"\"scopeSpans\":[{\"spans\":[{\"attributes\":[{\"value\":{},"
		"\"key\":\"service.name\"}],\"startTimeUnixNano\":5}]}]}]}",
		/* AnyValue: stringValue before intValue whatever the order */
		"{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{"
		"\"startTimeUnixNano\":\"5\",\"attributes\":[{\"key\":"
		"\"http.route\",\"value\":{\"intValue\":7,\"stringValue\":"
		"\"/s\",\"intValue\":8}}]}]}]}]}",
		/* a key given twice: the last attributes */
		"{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{"
		"\"startTimeUnixNano\":\"5\",\"attributes\":[{\"key\":"
		"\"http.route\",\"value\":{\"stringValue\":\"/a\"}}],"
		"\"attributes\":[{\"key\":\"http.route\",\"value\":"
		"{\"stringValue\":\"/b\"}}]}]}]}]}",
		/* escapes, unescaped in place */
		"{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{"
		"\"startTimeUnixNano\":\"5\",\"attributes\":[{\"key\":"
		"\"http.r\\u006fute\",\"value\":{\"stringValue\":"
		"\"/caf\\u00e9\\/\\ud83d\\ude00\"}}]}]}]}]}",
		/* a rejection: the first in mapping order */
		"{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{"
		"\"startTimeUnixNano\":\"x\"},{\"kind\":9}]}]}]}",
		/* not an array: decided before any span */
		"{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":9}]}]}],"
		"\"resourceLogs\":{}}",
		/* skipped spans are counted even when the line is rejected */
		"{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":3},"
		"{\"kind\":2}]}]}]}",
		/* log records: a flag evaluation, an http record, neither */
		"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{"
		"\"observedTimeUnixNano\":\"9\",\"attributes\":[{\"key\":"
		"\"feature_flag.key\",\"value\":{\"stringValue\":\"f\"}},{\"key\":"
		"\"feature_flag.result.reason\",\"value\":{\"stringValue\":"
		"\"TARGETING_MATCH\"}}]},{\"timeUnixNano\":\"8\",\"attributes\":"
		"[{\"key\":\"http.status_code\",\"value\":{\"intValue\":200}}]},"
		"{\"timeUnixNano\":\"7\"}]}]}]}",
		"{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{}]}]}]}",
		"{\"resourceSpans\":[]}",
		"{}",
	};
	static const char *const handed[] = {
		/* metrics are jansson's */
		"{\"resourceMetrics\":[]}",
		/* logs before spans, a resource after its scopes, a scope
		 * after its spans, a member given twice */
		"{\"resourceLogs\":[],\"resourceSpans\":[]}",
		"{\"resourceSpans\":[{\"scopeSpans\":[],\"resource\":{}}]}",
		"{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[],\"scope\":{}}]}]}",
		"{\"resourceSpans\":[],\"resourceSpans\":[]}",
		/* not JSON, beyond the scanner */
		"{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{}]}]}]",
		("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"x\":"
		"123456789012345678901}]}]}]}"),
	};

	(void)state;
	for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++)
		if (!same_str(taken[i]))
			fail_msg("handed over: %s", taken[i]);
	for (size_t i = 0; i < sizeof handed / sizeof handed[0]; i++)
		if (same_str(handed[i]))
			fail_msg("taken: %s", handed[i]);
}

/*
 * Known answers from the OTLP specification's own example, compacted to
 * one line: opentelemetry-proto's examples/trace.json
 * (https://github.com/open-telemetry/opentelemetry-proto/blob/main/examples/trace.json,
 * which the specification's JSON section points to): kind 2 is SERVER,
 * times as JSON numbers there, an upper-case hex trace id (written lower
 * case, as W3C trace ids are).  By hand: 1544712660 s after the epoch is
 * 2018-12-13T14:51:00Z (date -u -d @1544712660), and
 * 1544712661000000000 - 1544712660000000000 ns = 1 s = 1000 ms.
 */
static void
test_spec_example(void **state)
{
	static const char text[] =
	    "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":"
	    "\"service.name\",\"value\":{\"stringValue\":\"my.service\"}}]},"
	    "\"scopeSpans\":[{\"scope\":{\"name\":\"my.library\",\"version\":"
	    "\"1.0.0\",\"attributes\":[{\"key\":\"my.scope.attribute\","
	    "\"value\":{\"stringValue\":\"some scope attribute\"}}]},"
	    "\"spans\":[{\"traceId\":\"5B8EFFF798038103D269B633813FC60C\","
	    "\"spanId\":\"EEE19B7EC3C1B174\",\"parentSpanId\":"
	    "\"EEE19B7EC3C1B173\",\"name\":\"I'm a server span\","
	    "\"startTimeUnixNano\":1544712660000000000,"
	    "\"endTimeUnixNano\":1544712661000000000,\"kind\":2,"
	    "\"attributes\":[{\"key\":\"my.span.attr\",\"value\":"
	    "{\"stringValue\":\"some value\"}}]}]}]}]}";
	struct result r;

	(void)state;
	assert_true(same_str(text));
	by_line(text, strlen(text), 0, &r);
	assert_int_equal(r.st, SLO_OK);
	assert_string_equal(r.out.data, "{\"kind\":\"request\",\"ts\":"
	    "\"2018-12-13T14:51:00Z\",\"service\":\"my.service\","
	    "\"latency_ms\":1000,\"ok\":true,\"trace_id\":"
	    "\"5b8efff798038103d269b633813fc60c\"}\n");
	slo_buf_release(&r.out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_example),
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_generated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
