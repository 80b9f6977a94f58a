/*
 * The one walker of dotted paths in raw JSON (lib/event/jpath.c), through
 * both of its readers: slo_json_path (slo-ingest's `path:` and presets)
 * and expressions on raw objects (--where, a map's `expr:`).  Every case
 * is read both ways and must give the same member.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "slo_expr.h"
#include "slo_jpath.h"

static json_t *
J(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);

	if (j == NULL)
		fail_msg("bad test json: %s: %s", je.text, text);
	return j;
}

/* The integer at path read by slo_json_path, -1 when absent. */
static long long
by_path(json_t *o, const char *path)
{
	json_t *v = slo_json_path(o, path, strlen(path));

	return v != NULL && json_is_integer(v) ? json_integer_value(v) : -1;
}

/* The same read by an expression that is the bare path; -1 when missing. */
static long long
by_expr(json_t *o, const char *path)
{
	slo_error err;
	slo_expr *e = slo_expr_new(path, &err);
	slo_value v;

	if (e == NULL)
		fail_msg("expression '%s': %s", path, err.msg);
	v = slo_expr_value_json(e, o);
	slo_expr_free(e);
	return v.type == SLO_V_NUM ? (long long)v.num : -1;
}

/* Both readers give want at path. */
static void
both(json_t *o, const char *path, long long want)
{
	long long p = by_path(o, path), x = by_expr(o, path);

	if (p != want || x != want)
		fail_msg("%s: slo_json_path %lld, expression %lld, wanted %lld",
		    path, p, x, want);
}

/* Issue 16: the two readers used to disagree here (map 2, expression 1). */
static void
flat_key_beats_nesting(void **state)
{
	json_t *o = J("{\"a\":{\"b\":1},\"a.b\":2}");

	(void)state;
	both(o, "a.b", 2);
	both(o, "a", -1); /* an object is not a value */
	json_decref(o);
	/* member order in the record does not matter */
	o = J("{\"a.b\":2,\"a\":{\"b\":1}}");
	both(o, "a.b", 2);
	json_decref(o);
}

static void
longest_key_first_at_every_level(void **state)
{
	json_t *o = J("{\"x\":{\"y\":{\"z\":1},\"y.z\":2},\"x.y\":{\"z\":3}}");

	(void)state;
	/* root: "x.y.z" absent, then "x.y" found: inside it "z" */
	both(o, "x.y.z", 3);
	json_decref(o);
	o = J("{\"x\":{\"y\":{\"z\":1},\"y.z\":2}}");
	/* root: only "x"; inside it "y.z" before "y" then "z" */
	both(o, "x.y.z", 2);
	json_decref(o);
}

static void
backtracks_from_dead_ends(void **state)
{
	/* "a.b" is found first but holds no "c": the nested reading does */
	json_t *o = J("{\"a.b\":{\"d\":0},\"a\":{\"b\":{\"c\":7}}}");

	(void)state;
	both(o, "a.b.c", 7);
	both(o, "a.b.d", 0);
	both(o, "a.b.e", -1);
	json_decref(o);
	/* a longer key that is a value, not an object, is no dead end */
	o = J("{\"a.b\":5,\"a\":{\"b\":{\"c\":8}}}");
	both(o, "a.b.c", 8);
	both(o, "a.b", 5);
	json_decref(o);
}

/* The shapes of real records: OTel flat, GCP nested, ECS mixed. */
static void
real_record_shapes(void **state)
{
	json_t *o = J("{\"attributes\":{\"http.response.status_code\":503,"
	    "\"http.request.method\":\"GET\"},"
	    "\"httpRequest\":{\"status\":404},"
	    "\"http\":{\"response.status_code\":200},"
	    "\"event\":{\"duration\":1500}}");

	(void)state;
	both(o, "attributes.http.response.status_code", 503);
	both(o, "httpRequest.status", 404);
	both(o, "http.response.status_code", 200);
	both(o, "event.duration", 1500);
	both(o, "attributes.http", -1);
	json_decref(o);
}

static void
limits(void **state)
{
	json_t *o = J("{\"a\":1,\"\":2}"), *arr = J("[1]");
	char path[2 * SLO_JPATH_MAX_SEGS + 2];
	size_t i;

	(void)state;
	assert_null(slo_json_path(o, "", 0));
	assert_null(slo_json_path(NULL, "a", 1));
	assert_null(slo_json_path(arr, "a", 1)); /* not an object */
	json_decref(arr);
	assert_null(slo_json_path(o, "a.", 2));
	/* n bounds the path */
	assert_int_equal(json_integer_value(slo_json_path(o, "aXYZ", 1)), 1);
	/* SLO_JPATH_MAX_SEGS segments are walked, one more is refused */
	json_decref(o);
	for (i = 0; i < SLO_JPATH_MAX_SEGS; i++) {
		path[2 * i] = 'k';
		path[2 * i + 1] = '.';
	}
	path[2 * SLO_JPATH_MAX_SEGS - 1] = '\0';
	o = json_object();
	json_object_set_new(o, path, json_integer(9));
	assert_int_equal(json_integer_value(slo_json_path(o, path,
	    strlen(path))), 9);
	strcat(path, ".k");
	json_object_set_new(o, path, json_integer(10));
	assert_null(slo_json_path(o, path, strlen(path)));
	json_decref(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flat_key_beats_nesting),
		cmocka_unit_test(longest_key_first_at_every_level),
		cmocka_unit_test(backtracks_from_dead_ends),
		cmocka_unit_test(real_record_shapes),
		cmocka_unit_test(limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
