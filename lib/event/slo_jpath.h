/*
 * slo_jpath.h — the one reader of dotted field paths in raw JSON objects,
 * shared by expressions on raw records (slo_expr_*_json, --where on
 * slo-ingest input, a map's `expr:`) and by slo-ingest's `path:` and
 * presets (slo_json_path), so that --map and --where always read the same
 * member of a record.
 *
 * A path is a list of segments (a.b.c is "a", "b", "c").  Real records
 * write the same name nested ({"http":{"status_code":200}}: GCP LogEntry's
 * httpRequest.status), flat with dots in one key ({"http.status_code":
 * 200}: OpenTelemetry attributes) or as a mix (Elastic ECS); a path finds
 * all three.  The rule, at each object met: try the key made of all the
 * remaining segments joined by '.', then of one segment fewer, and so on
 * down to the next segment alone; a key found ends the path or, when it
 * is an object, the search goes on inside it with the segments left; a
 * dead end backtracks to the next shorter key.  So the longest key wins:
 * for {"a":{"b":1},"a.b":2} the path a.b reads 2, the member whose whole
 * name is the path (as an OpenTelemetry attribute is named), before any
 * nested reading of it.
 *
 * Each step enters a child object of the input at a segment position, and
 * an object is entered at most once per position, so a walk takes at most
 * (objects x segments) steps of at most `segments` lookups each.
 */
#ifndef SLO_JPATH_H
#define SLO_JPATH_H

#include <stddef.h>

#include <jansson.h>

/* Segments of one path, at most; expressions refuse longer paths. */
#define SLO_JPATH_MAX_SEGS 32

/*
 * The key of segments i..j-1 (0 <= i < j <= nseg) joined by '.', in
 * *len bytes (not necessarily NUL-terminated), for slo_jpath_walk().
 */
typedef const char *(*slo_jpath_key_fn)(const void *ctx, int i, int j,
    size_t *len);

/*
 * The member of obj at the path of nseg segments whose joined keys key()
 * gives, by the rule above; NULL when absent, when obj is not an object
 * or when nseg is not in 1..SLO_JPATH_MAX_SEGS.
 */
json_t *slo_jpath_walk(json_t *obj, int nseg, slo_jpath_key_fn key,
    const void *ctx);

/*
 * The member of obj at the dotted path of n bytes ("a.b.c": segments cut
 * at every '.'), by the same rule; NULL when absent, when n is 0 or when
 * the path has more than SLO_JPATH_MAX_SEGS segments.
 */
json_t *slo_json_path(json_t *obj, const char *path, size_t n);

/*
 * A projection: which members of a record a reader needs, so that a line
 * can be read by the selective scanner (jscan_int.h) into a jansson object
 * holding only those, instead of parsed whole by jansson.  slo-ingest
 * reads so the otlp preset's lines, and with `all` the whole record of
 * any JSON preset given --cohort-from, which may read any member; readers
 * that need only values at paths read slots (below), which build nothing.
 *
 * A member is kept when some path of `paths` (NULL-terminated, dotted)
 * could reach it or something below it by the walker's rule above: at
 * each object, a key equal to the path's remaining segments joined, or to
 * a leading run of them, is kept; when the run is the whole rest the value
 * is kept whole, else an object is projected with the segments left (any
 * other value is kept whole: a later duplicate key must replace an
 * earlier one as in jansson, where the last one wins).  Top-level keys
 * beginning with one of `prefixes` (NULL-terminated, may be NULL) are kept
 * whole, and `all` keeps everything: the whole record, as jansson reads
 * it.  So every walk of those paths, json_object_get() of their leading
 * keys and iteration of those prefixes finds in the projection what it
 * finds in jansson's object of the same line.
 */
typedef struct slo_jproj {
	const char *const *paths;
	const char *const *prefixes;
	int all;
} slo_jproj;

/*
 * The projection by p of the JSON object in buf (n bytes, then a NUL and
 * JSCAN_PAD zero bytes; the buffer is overwritten: strings are unescaped
 * in place), equal member for member to what json_loadb(buf, n, 0) would
 * give and then p would keep.  NULL to hand over, whenever the scanner
 * does not accept the text (jscan_int.h says what it refuses: anything
 * jansson refuses, and a little more) or memory runs out: the caller then
 * parses the line with jansson, which gives the verdict.  The text must
 * be valid UTF-8 (the scanner does not check it).
 */
json_t *slo_jproj_load(const slo_jproj *p, char *buf, size_t n);

/*
 * Slots: the values of a record at a few paths, read by the selective
 * scanner straight into an array (no jansson object built, nothing
 * allocated per line), for readers that need only those values: the
 * envoy, gcp, ecs and traefik presets of slo-ingest.
 *
 * A slot holds what jansson's object of the line would give at the path
 * by the walker's rule above (slo_json_path()), as that value's type and
 * scalar: the longest key first at each object, backtracking, the last
 * of repeated keys read (an earlier one's whole subtree forgotten).
 * Objects and arrays are held by their type alone.  Besides paths a
 * reader may list the members of one top-level object (`members`: ECS's
 * "labels") and the top-level members whose key begins with `prefix`
 * (ECS's flat "labels.NAME"), each as json_object_foreach() lists them:
 * in the order keys first appear, a repeated key holding its last value.
 *
 * slo_jrec_scan() fills the slots from the text of a line; slo_jrec_load()
 * fills them from jansson's object of it, by slo_json_path() and
 * json_object_foreach() themselves: the reference the scanner is held to
 * (tests/unit/test_ingest_scan.c, tests/fuzz/targets.c), and what a reader gets
 * for an object that came from elsewhere (a JSON array element, an
 * unwrapped payload).  So a reader of slots maps both alike.
 */

/* The paths of one slot reader, at most. */
#define SLO_JREC_MAX 32

/* A value as jansson holds it; absent when present is 0. */
typedef struct slo_jval {
	int present;
	json_type type;
	const char *str;  /* JSON_STRING: len bytes, then a NUL */
	size_t len;
	json_int_t i;     /* JSON_INTEGER: json_integer_value() */
	double num;       /* JSON_INTEGER, JSON_REAL: json_number_value() */
} slo_jval;

typedef struct slo_jmember {
	const char *key;  /* NUL-terminated */
	size_t klen;
	slo_jval val;
} slo_jmember;

/* What a reader wants: paths (NULL-terminated, dotted), members, prefix. */
typedef struct slo_jslots {
	const char *const *paths;
	const char *members;  /* a top-level key, or NULL */
	const char *prefix;   /* a top-level key prefix, or NULL */
} slo_jslots;

/* The slots of one record by one slo_jslots; reused line after line. */
typedef struct slo_jrec slo_jrec;

/* NULL when out of memory or when spec has more than SLO_JREC_MAX paths
 * or a path of more than SLO_JPATH_MAX_SEGS segments. */
slo_jrec *slo_jrec_new(const slo_jslots *spec);
void slo_jrec_free(slo_jrec *r);

/*
 * The slots of the JSON object in buf (n bytes, then a NUL and JSCAN_PAD
 * zero bytes; overwritten: the slots' strings are unescaped in place and
 * live as long as buf).  1, or 0 to hand over, exactly as
 * slo_jproj_load() gives NULL: the caller then parses the line with
 * jansson (and may slo_jrec_load() its object).  The text must be valid
 * UTF-8.  Also 0 for a record with more than 256 members listed, or
 * where one path is reached in more than 8 ways (keys cut differently).
 */
int slo_jrec_scan(slo_jrec *r, char *buf, size_t n);

/* The slots of jansson's object obj (strings live as long as obj);
 * 1, or 0 when out of memory. */
int slo_jrec_load(slo_jrec *r, json_t *obj);

/* Slot i (the i-th path of the spec), members and prefixed members. */
const slo_jval *slo_jrec_val(const slo_jrec *r, int i);
const slo_jmember *slo_jrec_members(const slo_jrec *r, size_t *n);
const slo_jmember *slo_jrec_prefixed(const slo_jrec *r, size_t *n);

/*
 * Whether a and b (of the same spec) hold equal slots and members: the
 * same types, string bytes, integers and reals (bit for bit).  For tests
 * of the scanner against slo_jrec_load().
 */
int slo_jrec_equal(const slo_jrec *a, const slo_jrec *b);

/* v as a slot value (absent for NULL). */
void slo_jval_of(json_t *v, slo_jval *out);

/* A value read by the selective scanner (jscan_int.h) as a slot value,
 * present: its string points into the scanner's buffer. */
struct jscan_val;
void slo_jval_of_scan(const struct jscan_val *v, slo_jval *out);

#endif
