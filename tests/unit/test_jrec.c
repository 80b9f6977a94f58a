/*
 * test_jrec.c — slo-ingest's slot path (slo_jrec_scan(), slo_jpath.h)
 * against jansson, on generated lines (issue 20.3).
 *
 * The envoy, gcp, ecs and traefik presets read a line by slots: the
 * scanner fills one value per path the preset reads, and the preset maps
 * them.  The reference is jansson: json_loadb() of the line, then
 * slo_jrec_load() (slo_json_path() and json_object_foreach() themselves)
 * and the preset's mapping of that object by slo_ingest_object().  Every
 * generated line goes both ways, twice: the scanner may take a line only
 * when jansson reads it as an object, and then the slots must be equal;
 * and slo_ingest_line() must give what
 * slo_line_classify() and slo_ingest_object() give: the same status,
 * reason, column, output bytes and stats.
 *
 * The lines are records made of the keys the presets read, cut at every
 * way the walker tries (flat "resource.labels.zone", nested, mixed), with
 * repeated keys, members nobody reads, values of every JSON type (escapes,
 * big and odd numbers, "-" and ""), random spacing; then each one cut
 * short and damaged (a byte replaced).  The generator is seeded, so the
 * counts below are exact: a change that makes the scanner hand over more
 * lines, or compare fewer, shows.
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

/* line through slo_ingest_line() and through jansson: everything equal. */
static void
ingest_same(slo_preset p, const char *line, size_t n, struct tally *t)
{
	slo_ingest *a = slo_ingest_new(p), *b = slo_ingest_new(p);
	slo_buf oa = { 0 }, ob = { 0 };
	slo_error ea, eb;
	slo_status sa, sb;
	slo_ingest_stats ta, tb;
	json_t *obj = NULL;

	assert_non_null(a);
	assert_non_null(b);
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
		fail_msg("%s '%.*s': slots %d col %ld '%s', jansson %d col %ld "
		    "'%s'", slo_preset_name(p), (int)n, line, sa, ea.col, ea.msg,
		    sb, eb.col, eb.msg);
	if (oa.len != ob.len || (oa.len > 0 && memcmp(oa.data, ob.data,
	    oa.len) != 0))
		fail_msg("%s '%.*s': slots wrote '%s', jansson '%s'",
		    slo_preset_name(p), (int)n, line, oa.data ? oa.data : "",
		    ob.data ? ob.data : "");
	ta = slo_ingest_get_stats(a);
	tb = slo_ingest_get_stats(b);
	assert_memory_equal(&ta, &tb, sizeof ta);
	t->mapped += sa == SLO_OK;
	slo_buf_release(&oa);
	slo_buf_release(&ob);
	slo_ingest_free(a);
	slo_ingest_free(b);
}

static void
both(slo_preset p, const slo_jslots *spec, const char *line, size_t n,
    struct tally *t)
{
	slots_same(spec, line, n, t);
	ingest_same(p, line, n, t);
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
		cmocka_unit_test(test_generated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
