/*
 * test_ingest_scan.c — the selective scanner path of slo-ingest's JSON
 * presets against their jansson path (issue 20.2).
 *
 * slo_ingest_line() reads a line of the envoy, gcp, ecs and traefik
 * presets by slots (slo_jrec_scan(): the scanner fills the values of the
 * paths the preset reads), of otlp through slo_jproj_load() (the scanner
 * builds only the members it reads), and with --cohort-from the whole
 * record by slo_jproj_load(); the reference is what the input layer did
 * before:
 * slo_line_classify() parses the line with jansson, then
 * slo_ingest_object() maps the whole object.  Every line here goes both
 * ways and must give the same status, reason, column, output bytes and
 * stats.  The lines: each preset's fixtures (examples/ingest/ and
 * tests/cli/fixtures/slo-ingest/, whose expected events
 * tests/cli/test_slo_ingest.sh checks against each format's
 * specification), the same records with the members in reverse order and
 * with spaces, prefixes of them (bad JSON at many columns), and
 * hand-written ugly cases.  The projection itself has known answers from
 * slo_jpath.h's rule and from jansson.
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

static const slo_preset presets[] = { SLO_PRESET_OTLP, SLO_PRESET_ENVOY,
    SLO_PRESET_GCP, SLO_PRESET_ECS, SLO_PRESET_TRAEFIK };

/* The slots a preset reads lines by; NULL for otlp (a projection). */
static const slo_jslots *
slots_of(slo_preset p)
{
	switch (p) {
	case SLO_PRESET_ENVOY: return &ing_envoy_slots;
	case SLO_PRESET_GCP: return &ing_gcp_slots;
	case SLO_PRESET_ECS: return &ing_ecs_slots;
	case SLO_PRESET_TRAEFIK: return &ing_traefik_slots;
	default: return NULL;
	}
}

/* slo_jproj_load() of text (n bytes) by p; NULL when handed over. */
static json_t *
project(const slo_jproj *p, const char *text, size_t n)
{
	char *buf = malloc(n + 1 + JSCAN_PAD);
	json_t *o;

	assert_non_null(buf);
	memcpy(buf, text, n);
	memset(buf + n, 0, 1 + JSCAN_PAD);
	o = slo_jproj_load(p, buf, n);
	free(buf);
	return o;
}

/* The compact JSON text of o (sorted keys off: member order counts). */
static void
assert_json(json_t *o, const char *want)
{
	char *got;

	assert_non_null(o);
	got = json_dumps(o, JSON_COMPACT);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	json_decref(o);
}

/*
 * Whether the scanner takes text (n bytes, valid UTF-8) for preset p:
 * the slots of p (envoy, gcp, ecs, traefik) or else the projection otlp
 * reads, or the whole record (with --cohort-from: whole).
 */
static int
scanner_takes(slo_preset p, const char *text, size_t n, int whole)
{
	const slo_jslots *sl = slots_of(p);
	char *buf;
	slo_jrec *r;
	json_t *o;
	int took;

	if (whole || sl == NULL) {
		o = project(whole ? &(slo_jproj){ NULL, NULL, 1 } :
		    &ing_otlp_proj, text, n);
		took = o != NULL;
		json_decref(o);
		return took;
	}
	buf = malloc(n + 1 + JSCAN_PAD);
	r = slo_jrec_new(sl);
	assert_non_null(buf);
	assert_non_null(r);
	memcpy(buf, text, n);
	memset(buf + n, 0, 1 + JSCAN_PAD);
	took = slo_jrec_scan(r, buf, n);
	slo_jrec_free(r);
	free(buf);
	return took;
}

/*
 * line through both paths of preset p (cohort, when not NULL, as
 * --cohort-from): everything equal.  Returns whether the scanner took the
 * line (1) or handed it over (0); the scanner's output in *out when out
 * is not NULL.
 */
static int
same(slo_preset p, const char *line, size_t n, const slo_expr *cohort,
    slo_buf *out)
{
	slo_ingest *a = slo_ingest_new(p), *b = slo_ingest_new(p);
	slo_buf oa = { 0 }, ob = { 0 };
	slo_error ea, eb;
	slo_status sa, sb;
	slo_ingest_stats ta, tb;
	json_t *obj = NULL;
	size_t bad;
	int took;

	assert_non_null(a);
	assert_non_null(b);
	slo_ingest_set_cohort_from(a, cohort);
	slo_ingest_set_cohort_from(b, cohort);
	slo_error_clear(&ea);
	slo_error_clear(&eb);
	sa = slo_ingest_line(a, line, n, &oa, &ea);
	if (slo_line_classify(SLO_LINE_AS_OBJECT, line, n, NULL, &obj, NULL,
	    &eb) == SLO_LINE_ACCEPTED) {
		sb = slo_ingest_object(b, obj, &ob, &eb);
		json_decref(obj);
	} else
		sb = eb.status;
	if (sa != sb || (sa != SLO_OK && (strcmp(ea.msg, eb.msg) != 0 ||
	    ea.col != eb.col)))
		fail_msg("%s '%.*s': scanner %d col %ld '%s', jansson %d col %ld "
		    "'%s'", slo_preset_name(p), (int)n, line, sa, ea.col, ea.msg,
		    sb, eb.col, eb.msg);
	if (oa.len != ob.len || (oa.len > 0 && memcmp(oa.data, ob.data,
	    oa.len) != 0))
		fail_msg("%s '%.*s': scanner wrote '%s', jansson '%s'",
		    slo_preset_name(p), (int)n, line, oa.data ? oa.data : "",
		    ob.data ? ob.data : "");
	ta = slo_ingest_get_stats(a);
	tb = slo_ingest_get_stats(b);
	assert_memory_equal(&ta, &tb, sizeof ta);
	took = slo_utf8_valid(line, n, &bad) &&
	    scanner_takes(p, line, n, cohort != NULL);
	if (out != NULL) {
		slo_buf_reset(out);
		if (oa.len > 0)
			slo_buf_append(out, oa.data, oa.len);
	}
	slo_buf_release(&oa);
	slo_buf_release(&ob);
	slo_ingest_free(a);
	slo_ingest_free(b);
	return took;
}

static int
same_str(slo_preset p, const char *line, slo_buf *out)
{
	return same(p, line, strlen(line), NULL, out);
}

/* The text of a file, NULL-terminated; NULL when it cannot be read. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (s = malloc((size_t)n + 1)) != NULL) {
		s[fread(s, 1, (size_t)n, f)] = '\0';
	}
	fclose(f);
	return s;
}

/* line with its top-level members in reverse order, by jansson. */
static char *
reversed(const char *line, size_t n)
{
	json_t *o = json_loadb(line, n, 0, NULL), *r;
	const char *keys[256];
	size_t k = 0;
	const char *key;
	json_t *v;
	char *text;

	if (!json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	json_object_foreach(o, key, v)
		if (k < 256)
			keys[k++] = key;
	r = json_object();
	while (k > 0) {
		k--;
		json_object_set(r, keys[k], json_object_get(o, keys[k]));
	}
	text = json_dumps(r, JSON_COMPACT);
	json_decref(r);
	json_decref(o);
	return text;
}

/* line with a space after every ':' and ',' and inside braces, outside
 * strings (Python's json.dumps and more). */
static char *
spaced(const char *line, size_t n)
{
	char *s = malloc(3 * n + 3), *w = s;
	int in_str = 0;

	assert_non_null(s);
	*w++ = ' ';
	for (size_t i = 0; i < n; i++) {
		char c = line[i];
		*w++ = c;
		if (in_str && c == '\\' && i + 1 < n)
			*w++ = line[++i];
		else if (c == '"')
			in_str = !in_str;
		else if (!in_str && (c == ':' || c == ',' || c == '{' ||
		    c == '['))
			*w++ = c == ':' ? '\t' : ' ';
	}
	*w++ = ' ';
	*w = '\0';
	return s;
}

/*
 * Every line of a preset's fixture files both ways, as written, reversed,
 * spaced, and cut short at every 5th byte.  Every line jansson reads as an
 * object must be taken by the scanner (so the comparison is not of the
 * jansson path with itself), and so must their reversed and spaced forms.
 */
static void
fixtures(slo_preset p, const char *path, int *lines)
{
	char *text = slurp(path), *line, *next;

	if (text == NULL)
		fail_msg("cannot read %s (run from the top directory)", path);
	for (line = text; *line != '\0'; line = next) {
		size_t n = strcspn(line, "\n");
		json_t *o = json_loadb(line, n, 0, NULL);
		int object = json_is_object(o);
		char *r, *sp;

		json_decref(o);
		next = line + n + (line[n] == '\n');
		if (same(p, line, n, NULL, NULL) != object)
			fail_msg("%s: the scanner %s '%.*s'", path, object ?
			    "hands over" : "takes", (int)n, line);
		if (object) {
			r = reversed(line, n);
			assert_non_null(r);
			assert_int_equal(same_str(p, r, NULL), 1);
			free(r);
			sp = spaced(line, n);
			assert_int_equal(same_str(p, sp, NULL), 1);
			free(sp);
		}
		for (size_t cut = 0; cut < n; cut += 5)
			same(p, line, cut, NULL, NULL);
		(*lines)++;
	}
	free(text);
}

static void
test_fixtures(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++) {
		char path[256];
		int lines = 0;
		const char *name = slo_preset_name(presets[i]);

		snprintf(path, sizeof path, "examples/ingest/%s.ndjson", name);
		fixtures(presets[i], path, &lines);
		snprintf(path, sizeof path, "tests/cli/fixtures/slo-ingest/%s.ndjson",
		    name);
		fixtures(presets[i], path, &lines);
		/* both files hold lines of every preset */
		assert_true(lines >= 20);
	}
}

/*
 * The same member twice: jansson keeps the last one, in the place of the
 * first (json_object_set), and so must the scanner's object.
 */
static void
test_duplicates(void **state)
{
	slo_buf out = { 0 };

	(void)state;
	assert_int_equal(same_str(SLO_PRESET_ENVOY, "{\"start_time\":"
	    "\"2026-11-26T08:00:02Z\",\"response_code\":200,\"duration\":3,"
	    "\"response_code\":503}", &out), 1);
	assert_non_null(strstr(out.data, "\"status\":503"));
	/* httpRequest an object, then a number: no httpRequest */
	assert_int_equal(same_str(SLO_PRESET_GCP, "{\"timestamp\":"
	    "\"2026-11-26T08:00:02Z\",\"httpRequest\":{\"status\":200},"
	    "\"httpRequest\":5}", &out), 1);
	assert_int_equal(out.len, 0);
	/* and the other way round: the object counts */
	assert_int_equal(same_str(SLO_PRESET_GCP, "{\"timestamp\":"
	    "\"2026-11-26T08:00:02Z\",\"httpRequest\":5,\"httpRequest\":"
	    "{\"status\":404}}", &out), 1);
	assert_non_null(strstr(out.data, "\"status\":404"));
	slo_buf_release(&out);
}

/* slo_jpath.h's rule: the longest key first, nested or flat. */
static void
test_paths(void **state)
{
	slo_buf out = { 0 };

	(void)state;
	/* "httpRequest.status" is the whole path: it wins over nesting */
	assert_int_equal(same_str(SLO_PRESET_GCP, "{\"timestamp\":"
	    "\"2026-11-26T08:00:02Z\",\"httpRequest\":{\"status\":200},"
	    "\"httpRequest.status\":503}", &out), 1);
	assert_non_null(strstr(out.data, "\"status\":503"));
	/* ECS flat and nested, mixed: service.name nested, the rest flat */
	assert_int_equal(same_str(SLO_PRESET_ECS, "{\"@timestamp\":"
	    "\"2026-11-26T08:00:02Z\",\"service\":{\"name\":\"cart\","
	    "\"x\":[1,{}]},\"http.response.status_code\":500,"
	    "\"labels.team\":\"blue\",\"labels\":{\"tier\":\"gold\"},"
	    "\"labels.\":\"none\",\"labelsx\":\"no\"}", &out), 1);
	assert_non_null(strstr(out.data, "\"service\":\"cart\""));
	assert_non_null(strstr(out.data, "\"status\":500"));
	/* both label spellings, the nested object first (ing_ecs) */
	assert_non_null(strstr(out.data,
	    "\"labels\":{\"tier\":\"gold\",\"team\":\"blue\"}"));
	slo_buf_release(&out);
}

/* Escapes and UTF-8 read as jansson reads them, or handed over. */
static void
test_strings(void **state)
{
	slo_buf out = { 0 };

	(void)state;
	/* \u00e9 is é (U+00E9), in UTF-8 C3 A9; \ud83d\ude00 is U+1F600 */
	assert_int_equal(same_str(SLO_PRESET_TRAEFIK, "{\"StartUTC\":"
	    "\"2026-11-26T08:00:02Z\",\"DownstreamStatus\":200,"
	    "\"RouterName\":\"caf\\u00e9\\ud83d\\ude00\\/\\\"x\\\"\"}", &out),
	    1);
	assert_non_null(strstr(out.data,
	    "\"route\":\"caf\xc3\xa9\xf0\x9f\x98\x80/\\\"x\\\"\""));
	/* raw UTF-8 in a member the preset skips: taken */
	assert_int_equal(same_str(SLO_PRESET_TRAEFIK, "{\"StartUTC\":"
	    "\"2026-11-26T08:00:02Z\",\"DownstreamStatus\":200,"
	    "\"msg\":\"\xc3\xa9t\xc3\xa9\"}", NULL), 1);
	/* invalid UTF-8 in a skipped member: handed over, rejected alike */
	assert_int_equal(same_str(SLO_PRESET_TRAEFIK, "{\"StartUTC\":"
	    "\"2026-11-26T08:00:02Z\",\"DownstreamStatus\":200,"
	    "\"msg\":\"\xc3(\"}", NULL), 0);
	/* a lone surrogate and \u0000, both refused by jansson */
	assert_int_equal(same_str(SLO_PRESET_ENVOY, "{\"start_time\":"
	    "\"2026-11-26T08:00:02Z\",\"response_code\":200,\"x\":\"\\ud800\"}",
	    NULL), 0);
	assert_int_equal(same_str(SLO_PRESET_ENVOY, "{\"start_time\":"
	    "\"2026-11-26T08:00:02Z\",\"response_code\":200,\"path\":"
	    "\"a\\u0000b\"}", NULL), 0);
	slo_buf_release(&out);
}

/* What the scanner hands over still gives jansson's verdict. */
static void
test_handed_over(void **state)
{
	char deep[400];
	size_t k = 0;

	(void)state;
	/* nesting deeper than JSCAN_MAX_DEPTH in a member no one reads */
	k += (size_t)snprintf(deep, sizeof deep, "{\"start_time\":"
	    "\"2026-11-26T08:00:02Z\",\"response_code\":200,\"x\":");
	for (int i = 0; i < 70; i++)
		deep[k++] = '[';
	for (int i = 0; i < 70; i++)
		deep[k++] = ']';
	deep[k++] = '}';
	deep[k] = '\0';
	assert_int_equal(same_str(SLO_PRESET_ENVOY, deep, NULL), 0);
	/* 20 digits: jansson says "too big integer", the scanner hands over */
	assert_int_equal(same_str(SLO_PRESET_ENVOY, "{\"start_time\":"
	    "\"2026-11-26T08:00:02Z\",\"response_code\":200,"
	    "\"bytes_sent\":12345678901234567890}", NULL), 0);
	/* 300 labels, flat: past what the scanner lists (256), handed over,
	 * and every one of them kept as jansson reads them */
	{
		slo_buf b = { 0 }, out = { 0 };
		char key[64];

		slo_buf_puts(&b, "{\"@timestamp\":\"2026-11-26T08:00:02Z\","
		    "\"http.response.status_code\":200");
		for (int i = 0; i < 300; i++) {
			snprintf(key, sizeof key, ",\"labels.k%d\":\"v%d\"", i, i);
			slo_buf_puts(&b, key);
		}
		slo_buf_puts(&b, "}");
		assert_int_equal(same(SLO_PRESET_ECS, b.data, b.len, NULL, &out),
		    0);
		assert_non_null(strstr(out.data, "\"k0\":\"v0\","));
		assert_non_null(strstr(out.data, ",\"k299\":\"v299\"}"));
		slo_buf_release(&b);
		slo_buf_release(&out);
	}
	/* not objects, trailing bytes, a trailing comma, nothing */
	assert_int_equal(same_str(SLO_PRESET_ENVOY, "[1,2]", NULL), 0);
	assert_int_equal(same_str(SLO_PRESET_ECS, "\"x\"", NULL), 0);
	assert_int_equal(same_str(SLO_PRESET_GCP, "{} x", NULL), 0);
	assert_int_equal(same_str(SLO_PRESET_GCP, "{\"a\":1,}", NULL), 0);
	assert_int_equal(same_str(SLO_PRESET_OTLP, "", NULL), 0);
	assert_int_equal(same_str(SLO_PRESET_OTLP, "  ", NULL), 0);
	/* accepted by both and rejected by the preset alike */
	assert_int_equal(same_str(SLO_PRESET_OTLP, "{}", NULL), 1);
	assert_int_equal(same_str(SLO_PRESET_OTLP,
	    "{\"resourceSpans\":{}}", NULL), 1);
	assert_int_equal(same_str(SLO_PRESET_TRAEFIK, "{\"StartUTC\":null,"
	    "\"StartLocal\":\"2026-11-26T09:00:02+01:00\","
	    "\"DownstreamStatus\":\"-\"}", NULL), 1);
	assert_int_equal(same_str(SLO_PRESET_ENVOY, "{\"start_time\":"
	    "\"2026-11-26T08:00:02Z\",\"response_code\":1e3}", NULL), 1);
}

/* --cohort-from reads any member of the raw record: the whole of it. */
static void
test_cohort_from(void **state)
{
	static const char line[] = "{\"start_time\":\"2026-11-26T08:00:02Z\","
	    "\"response_code\":200,\"x_team\":{\"name\":\"blue\"}}";
	slo_error err;
	slo_expr *e = slo_expr_new("x_team.name", &err);
	slo_buf out = { 0 };

	(void)state;
	assert_non_null(e);
	assert_int_equal(same(SLO_PRESET_ENVOY, line, strlen(line), e, &out),
	    1);
	assert_non_null(strstr(out.data, "\"cohort\":\"blue\""));
	slo_buf_release(&out);
	slo_expr_free(e);
}

/*
 * slo_jproj_load() known answers: what a projection keeps, by the rule
 * of slo_jpath.h, and that it refuses what jansson refuses.
 */
static void
test_projection(void **state)
{
	static const char *const ab[] = { "a.b", NULL };
	static const char *const xy[] = { "x.y", NULL };
	static const char *const labels[] = { "labels.", NULL };
	const slo_jproj pab = { ab, NULL, 0 }, pxy = { xy, NULL, 0 },
	    plab = { NULL, labels, 0 }, all = { NULL, NULL, 1 };
#define P(p, s) project(&(p), s, strlen(s))

	(void)state;
	/* a.b reaches "a" (nested) and "a.b" (flat), not "a.c" nor "z" */
	assert_json(P(pab, "{\"a\":{\"b\":1,\"c\":2},\"a.b\":3,\"z\":4}"),
	    "{\"a\":{\"b\":1},\"a.b\":3}");
	/* an empty segment is an empty key, as the walker reads it */
	{
		static const char *const empty[] = { "a..b", NULL };
		const slo_jproj pe = { empty, NULL, 0 };
		static const char t[] = "{\"a\":{\"\":{\"b\":1,\"c\":2}},\"z\":0}";
		json_t *full = json_loads(t, 0, NULL), *got = P(pe, t);

		assert_non_null(got);
		assert_true(json_equal(slo_json_path(got, "a..b", 4),
		    slo_json_path(full, "a..b", 4)));
		assert_non_null(slo_json_path(got, "a..b", 4));
		json_decref(full);
		assert_json(got, "{\"a\":{\"\":{\"b\":1}}}");
	}
	/* a non-object where the path goes on is kept whole: [1] */
	assert_json(P(pab, "{\"a\":[1],\"b\":2}"), "{\"a\":[1]}");
	/* duplicates: the last value, in the first one's place */
	assert_json(P(pxy, "{\"x\":1,\"q\":0,\"x\":{\"y\":2,\"z\":3}}"),
	    "{\"x\":{\"y\":2}}");
	assert_json(P(pxy, "{\"x\":{\"y\":2},\"x\":3}"), "{\"x\":3}");
	/* prefixes: "labels." keys whole, in order; not "labels" itself */
	assert_json(P(plab, "{\"labels.b\":{\"k\":[]},\"labels\":{},"
	    "\"labelsx\":1,\"labels.a\":\"1\"}"),
	    "{\"labels.b\":{\"k\":[]},\"labels.a\":\"1\"}");
	/* all: jansson's object, member for member */
	{
		static const char t[] = " {\"a\" : [1, {\"b\":null}, true],"
		    "\"c\":1.5e3,\"d\":-0,\"e\":\"\\u00e9\",\"f\":{}}\t";
		json_t *want = json_loads(t, 0, NULL), *got = P(all, t);
		assert_non_null(got);
		assert_true(json_equal(got, want));
		/* -0 is an integer to jansson, 1.5e3 a real */
		assert_true(json_is_integer(json_object_get(got, "d")));
		assert_true(json_is_real(json_object_get(got, "c")));
		json_decref(got);
		json_decref(want);
	}
	/* refused: not an object, trailing bytes, bad numbers, unclosed */
	assert_null(P(all, "[1]"));
	assert_null(P(all, "{\"a\":1} x"));
	assert_null(P(pab, "{\"z\":01}"));
	assert_null(P(pab, "{\"z\":[1,}"));
	assert_null(P(pab, "{\"z\":1"));
	assert_null(P(pab, "{\"z\":12345678901234567890}"));
#undef P
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_handed_over),
		cmocka_unit_test(test_cohort_from),
		cmocka_unit_test(test_projection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
