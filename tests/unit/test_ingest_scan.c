/*
 * test_ingest_scan.c — the selective scanner path of slo-ingest's JSON
 * presets against their jansson path (issues 20.2 and 20.3).
 *
 * slo_ingest_line() reads a line of the envoy, gcp, ecs and traefik
 * presets by slots (slo_jrec_scan(): the scanner fills the values of the
 * paths the preset reads), of otlp through slo_jproj_load() (the scanner
 * builds only the members it reads), and with --cohort-from the whole
 * record by slo_jproj_load(); the reference is what the input layer did
 * before: slo_line_classify() parses the line with jansson, then
 * slo_ingest_object() maps the whole object.  Every line here goes both
 * ways and must give the same status, reason, column, output bytes and
 * stats.  The lines: each preset's fixtures (examples/ingest/ and
 * tests/cli/fixtures/slo-ingest/, whose expected events
 * tests/cli/test_slo_ingest.sh checks against each format's
 * specification), the same records with the members in reverse order and
 * with spaces, prefixes of them (bad JSON at many columns), hand-written
 * ugly cases, and 30000 generated, cut and damaged lines
 * (test_generated()).  The projection itself has known answers from
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
	const slo_jslots *sl = ing_preset_slots(p);
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

/* ---- generated lines: the slot path against jansson ------------------- */

/*
 * The envoy, gcp, ecs and traefik presets read a line by slots: every
 * generated line goes both ways.  The scanner may take a line only when
 * jansson reads it as an object, and then its slots must equal
 * slo_jrec_load()'s of jansson's object (slo_json_path() and
 * json_object_foreach() themselves); and same() must find the scanner's
 * path and jansson's giving the same status, reason, column, output
 * bytes and stats.
 *
 * The lines are records made of the keys the presets read, cut at every
 * way the walker tries (flat "resource.labels.zone", nested, mixed), with
 * repeated keys, members nobody reads, values of every JSON type (escapes,
 * big and odd numbers, "-" and ""), random spacing; then each one cut
 * short and damaged (a byte replaced).  The generator is seeded, so the
 * counts in test_generated() are exact: a change that makes the scanner
 * hand over more lines, or compare fewer, shows.
 */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Keys: every run of consecutive segments of the preset's paths, its
 * members and prefix keys, and a few that no path reads. */
struct vocab {
	char *key[256];
	int n;
};

static void
vocab_add(struct vocab *v, const char *k, size_t n)
{
	for (int i = 0; i < v->n; i++)
		if (strlen(v->key[i]) == n && memcmp(v->key[i], k, n) == 0)
			return;
	assert_true(v->n < 256);
	v->key[v->n] = strndup(k, n);
	assert_non_null(v->key[v->n]);
	v->n++;
}

static void
vocab_of(struct vocab *v, const slo_jslots *spec)
{
	static const char *const noise[] = { "x", "", "labels.team",
	    "labels.", "labels", "tier", "a.b", "msg" };

	v->n = 0;
	for (const char *const *q = spec->paths; *q != NULL; q++) {
		const char *p = *q;
		size_t len = strlen(p), start[SLO_JPATH_MAX_SEGS + 1];
		int nseg = 0;

		start[nseg++] = 0;
		for (size_t i = 0; i < len; i++)
			if (p[i] == '.')
				start[nseg++] = i + 1;
		start[nseg] = len + 1;
		for (int i = 0; i < nseg; i++)
			for (int j = i + 1; j <= nseg; j++)
				vocab_add(v, p + start[i], start[j] - 1 - start[i]);
	}
	for (size_t i = 0; i < sizeof noise / sizeof noise[0]; i++)
		vocab_add(v, noise[i], strlen(noise[i]));
}

static void
vocab_free(struct vocab *v)
{
	for (int i = 0; i < v->n; i++)
		free(v->key[i]);
}

static void
put(slo_buf *b, const char *s)
{
	assert_int_equal(slo_buf_puts(b, s), SLO_OK);
}

/* Optional spacing between tokens. */
static void
space(slo_buf *b)
{
	static const char *const ws[] = { " ", "\t", "  ", "\r\n " };

	if (rnd(6) == 0)
		put(b, ws[rnd(4)]);
}

/* A key as a JSON string, now and then with an escape for a byte. */
static void
put_key(slo_buf *b, const char *k)
{
	put(b, "\"");
	for (; *k != '\0'; k++) {
		char c[8];
		if (rnd(20) == 0)
			snprintf(c, sizeof c, "\\u%04x", (unsigned char)*k);
		else
			c[0] = *k, c[1] = '\0';
		put(b, c);
	}
	put(b, "\"");
}

/* Values of every JSON type, good and bad for any member. */
static const char *const scalars[] = {
	"\"2026-11-26T08:00:02.144Z\"", "\"2026-11-26T09:00:02+01:00\"",
	"\"2026-13-01T00:00:00Z\"", "\"1764144002.5\"", "1764144002",
	"\"-\"", "\"\"", "\"0.034547789s\"", "\"12ms\"", "\"/api/cart?x=1\"",
	"\"https://h.example/a/b#f\"", "\"outbound|8080|canary|checkout.shop\"",
	"\"default\"", "\"caf\\u00e9 \\ud83d\\ude00\"", "\"a\\\"b\\\\c\\/\"",
	"\"projects/p/traces/ABCDEF0123\"", "\"failure\"", "\"success\"",
	"\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"",
	"200", "503", "0", "-1", "1000", "34547789", "2.5", "1e3", "-0",
	"0.1", "1.5e-7", "12345678901234567890", "1e400", "999999",
	"\"404\"", "\"x5\"", "true", "false", "null", "[]", "[1,{\"a\":2}]",
	"{}", "\"\xc3\xa9t\xc3\xa9\"",
};
#define NSCALARS (sizeof scalars / sizeof scalars[0])

/* A value that suits a member of that name, or now and then any. */
static const char *
value_for(const char *path)
{
	static const char *const times[] = { "\"2026-11-26T08:00:02.144Z\"",
	    "\"2026-11-26T09:00:02.5+01:00\"", "\"2026-11-26T08:00:02Z\"",
	    "1764144002" };
	static const char *const codes[] = { "200", "503", "404", "0", "\"502\"",
	    "2e2" };
	static const char *const spans[] = { "34547789", "12", "0.5",
	    "\"0.034547789s\"", "\"1.5s\"", "3" };
	static const char *const texts[] = { "\"checkout\"", "\"default\"",
	    "\"/api/cart?src=web\"", "\"https://shop.example/p/q?x#y\"",
	    "\"outbound|8080|canary|checkout.shop.svc.cluster.local\"",
	    "\"inbound|80|http|web\"", "\"europe-west1\"", "\"ABCDEF0123\"",
	    "\"projects/p/traces/0AF7651916CD43DD\"", "\"failure\"",
	    "\"caf\\u00e9\"", "\"u\\\"q\"", "42", "true", "\"-\"" };

	if (rnd(8) == 0)
		return scalars[rnd(NSCALARS)];
	if (strstr(path, "ime") != NULL || strstr(path, "Start") != NULL ||
	    strstr(path, "stamp") != NULL)
		return times[rnd(4)];
	if (strstr(path, "tatus") != NULL || strstr(path, "code") != NULL)
		return codes[rnd(6)];
	if (strstr(path, "uration") != NULL || strstr(path, "atency") != NULL)
		return spans[rnd(6)];
	return texts[rnd(sizeof texts / sizeof texts[0])];
}

/* A record as a tree: members in order, each an object or a value. */
struct member {
	char *key;
	const char *value;     /* NULL: an object */
	struct member *kids;   /* its members */
	struct member *next;
};

static struct member *
member_new(const char *key, size_t n, const char *value)
{
	struct member *m = calloc(1, sizeof *m);

	assert_non_null(m);
	m->key = strndup(key, n);
	assert_non_null(m->key);
	m->value = value;
	return m;
}

static void
member_free(struct member *m)
{
	while (m != NULL) {
		struct member *next = m->next;
		member_free(m->kids);
		free(m->key);
		free(m);
		m = next;
	}
}

/* m appended to the list *l, or put first now and then. */
static void
member_add(struct member **l, struct member *m)
{
	if (rnd(4) == 0) {
		m->next = *l;
		*l = m;
		return;
	}
	while (*l != NULL)
		l = &(*l)->next;
	*l = m;
}

/*
 * path into the tree at *l, cut into keys at random (each '.' a cut or
 * not), with value: an object of the same key is entered (or, now and
 * then, a second one made: a repeated key, the last of which counts).
 */
static void
tree_put(struct member **l, const char *path, const char *value)
{
	for (;;) {
		size_t n = 0, len = strlen(path);
		struct member *m;

		/* the key: up to a '.' that is cut */
		while (n < len && !(path[n] == '.' && rnd(2) == 0))
			n++;
		if (n == len) {
			member_add(l, member_new(path, n, value));
			return;
		}
		for (m = *l; m != NULL; m = m->next)
			if (m->value == NULL && strlen(m->key) == n &&
			    memcmp(m->key, path, n) == 0 && rnd(6) != 0)
				break;
		if (m == NULL) {
			m = member_new(path, n, NULL);
			member_add(l, m);
		}
		l = &m->kids;
		path += n + 1;
	}
}

/* Members nobody reads, or keys of the vocabulary with any value,
 * anywhere in the tree. */
static void
tree_noise(struct member **l, const struct vocab *v, int depth)
{
	int n = (int)rnd(4);

	for (struct member *m = *l; m != NULL; m = m->next)
		if (m->value == NULL && depth < 4)
			tree_noise(&m->kids, v, depth + 1);
	for (int i = 0; i < n; i++) {
		const char *k = v->key[rnd((unsigned)v->n)];
		member_add(l, member_new(k, strlen(k), rnd(5) == 0 ?
		    "{\"x\":[{\"y\":1}],\"z\":{}}" : scalars[rnd(NSCALARS)]));
	}
}

static void
tree_write(slo_buf *b, const struct member *m)
{
	put(b, "{");
	for (; m != NULL; m = m->next) {
		space(b);
		put_key(b, m->key);
		space(b);
		put(b, ":");
		space(b);
		if (m->value != NULL)
			put(b, m->value);
		else
			tree_write(b, m->kids);
		space(b);
		if (m->next != NULL)
			put(b, ",");
	}
	put(b, "}");
}

/* A record of the members spec reads, most of them, and noise. */
static void
gen_record(slo_buf *b, const slo_jslots *spec, const struct vocab *v)
{
	struct member *root = NULL;

	for (const char *const *q = spec->paths; *q != NULL; q++)
		if (rnd(3) != 0)
			tree_put(&root, *q, value_for(*q));
	if (spec->members != NULL && rnd(2) == 0) {
		tree_put(&root, "labels.tier", "\"gold\"");
		tree_put(&root, "labels.zone", rnd(2) ? "\"a\"" : "7");
	}
	if (spec->prefix != NULL && rnd(2) == 0)
		tree_put(&root, "labels.team", "\"blue\"");
	if (rnd(2) == 0)
		tree_noise(&root, v, 0);
	space(b);
	tree_write(b, root);
	space(b);
	member_free(root);
}

struct tally {
	long lines;    /* lines compared */
	long taken;    /* of which the scanner read */
	long mapped;   /* of which gave an event */
	long deep;     /* of which had a value found below the top level */
};

/* The slots of line both ways (spec), equal when the scanner takes it. */
static void
slots_same(const slo_jslots *spec, const char *line, size_t n,
    struct tally *t)
{
	slo_jrec *a = slo_jrec_new(spec), *b = slo_jrec_new(spec);
	char *buf = malloc(n + 1 + JSCAN_PAD);
	json_t *j = json_loadb(line, n, 0, NULL);
	size_t bad;

	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(buf);
	memcpy(buf, line, n);
	memset(buf + n, 0, 1 + JSCAN_PAD);
	if (slo_utf8_valid(line, n, &bad) && slo_jrec_scan(a, buf, n)) {
		if (!json_is_object(j))
			fail_msg("the scanner takes '%.*s', jansson does not read "
			    "an object", (int)n, line);
		assert_int_equal(slo_jrec_load(b, j), 1);
		if (!slo_jrec_equal(a, b))
			fail_msg("slots differ: '%.*s'", (int)n, line);
		t->taken++;
		for (const char *const *q = spec->paths; *q != NULL; q++)
			if (strchr(*q, '.') != NULL && json_object_get(j, *q) ==
			    NULL && slo_jrec_val(a, (int)(q - spec->paths))->present) {
				t->deep++;
				break;
			}
	}
	json_decref(j);
	free(buf);
	slo_jrec_free(a);
	slo_jrec_free(b);
}

static void
both(slo_preset p, const slo_jslots *spec, const char *line, size_t n,
    struct tally *t)
{
	slo_buf out = { 0 };

	slots_same(spec, line, n, t);
	same(p, line, n, NULL, &out);
	/* a slot preset writes one event for a record it maps */
	t->mapped += out.len > 0;
	slo_buf_release(&out);
	t->lines++;
}

/* Per preset: records whole, cut short twice and damaged twice. */
#define RECORDS 1500

static void
generated(slo_preset p, const slo_jslots *spec, struct tally *t)
{
	static const char damage[] = "\"{}[],:\\ x0-.\xc3\xff";
	struct vocab v;
	slo_buf b = { 0 };
	char *copy;

	vocab_of(&v, spec);
	for (int r = 0; r < RECORDS; r++) {
		slo_buf_reset(&b);
		gen_record(&b, spec, &v);
		both(p, spec, b.data, b.len, t);
		for (int k = 0; k < 2; k++)
			both(p, spec, b.data, rnd((unsigned)b.len), t);
		copy = malloc(b.len + 1);
		assert_non_null(copy);
		for (int k = 0; k < 2; k++) {
			memcpy(copy, b.data, b.len + 1);
			copy[rnd((unsigned)b.len)] =
			    damage[rnd(sizeof damage - 1)];
			both(p, spec, copy, b.len, t);
		}
		free(copy);
	}
	slo_buf_release(&b);
	vocab_free(&v);
}

/*
 * The counts are exact for the seed: 4 presets x 1500 records x 5 lines
 * compared; per preset, how many of them the scanner read (the others
 * are not objects to jansson, or what the scanner hands over: invalid
 * UTF-8, 20 digits, 1e400), how many gave an event (so that the events,
 * not only the rejections, are compared), and how many held a value
 * found below the top level (nested or mixed paths; envoy and traefik
 * read top-level members only).
 */
static void
test_generated(void **state)
{
	static const struct {
		slo_preset p;
		const slo_jslots *spec;
		long taken, mapped, deep;
	} cases[] = {
		{ SLO_PRESET_ENVOY, &ing_envoy_slots, 2871, 670, 0 },
		{ SLO_PRESET_GCP, &ing_gcp_slots, 2472, 226, 2467 },
		{ SLO_PRESET_ECS, &ing_ecs_slots, 2470, 603, 2413 },
		{ SLO_PRESET_TRAEFIK, &ing_traefik_slots, 2789, 616, 0 },
	};
	long lines = 0;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct tally t = { 0, 0, 0, 0 };

		generated(cases[i].p, cases[i].spec, &t);
		assert_int_equal(t.lines, RECORDS * 5);
		if (t.taken != cases[i].taken || t.mapped != cases[i].mapped ||
		    t.deep != cases[i].deep)
			fail_msg("%s: the scanner read %ld lines, %ld mapped, %ld "
			    "deep; want %ld, %ld, %ld", slo_preset_name(cases[i].p),
			    t.taken, t.mapped, t.deep, cases[i].taken,
			    cases[i].mapped, cases[i].deep);
		lines += t.lines;
	}
	assert_int_equal(lines, 30000);
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
		cmocka_unit_test(test_generated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
