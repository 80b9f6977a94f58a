/*
 * ingest_int.h — what the preset files of slo-ingest share (not public).
 */
#ifndef SLO_INGEST_INT_H
#define SLO_INGEST_INT_H

#include "slo_ingest.h"
#include "slo_jpath.h"

/* Canonical fields a map, --set or a preset can fill. */
enum ing_field {
	F_KIND, F_TS, F_SERVICE, F_COHORT, F_REGION, F_VERSION, F_ROUTE,
	F_STATUS, F_LATENCY, F_OK, F_TRACE_ID, F_SUBJECT, F_FLAG, F_VARIANT,
	F_SEGMENT, F_REASON, F_ERROR, F_RESULT, F_ID, F_STATE, F_SOURCE,
	F_SEVERITY, F_LABEL, F__COUNT
};

/* -1 when not a field name; "labels.X" gives F_LABEL. */
int ing_field_from_name(const char *name);
const char *ing_field_name(int f);
/* The slot of a string field, NULL for the others. */
const char **ing_strfield(slo_event *ev, int f);

/* Memory for the strings and events of one input object. */
void *ing_alloc(slo_ingest *ing, size_t n);
char *ing_strndup(slo_ingest *ing, const char *s, size_t n);

/* A new zeroed event of kind, queued for output; NULL on ENOMEM. */
slo_event *ing_event(slo_ingest *ing, slo_kind kind);

/*
 * Finish ev: --set, --cohort-from (raw: the record, may be NULL), --good,
 * and for requests the default ok when the preset left it unset.
 */
slo_status ing_event_done(slo_ingest *ing, slo_event *ev, json_t *raw,
    slo_error *err);

slo_status ing_label(slo_ingest *ing, slo_event *ev, const char *key,
    const char *val);
slo_status ing_flag(slo_ingest *ing, slo_event *ev, const char *key,
    const char *val);

/*
 * A JSON scalar as text: strings as they are, numbers in decimal, booleans
 * as true/false.  NULL for null, "", "-" (Envoy and nginx's "unset"),
 * objects and arrays.  ing_jtext() of a slot (slo_jpath.h) is the same.
 */
const char *ing_text(slo_ingest *ing, json_t *v);
const char *ing_jtext(slo_ingest *ing, const slo_jval *v);
/* The same for obj's member at a dotted path. */
const char *ing_path_text(slo_ingest *ing, json_t *obj, const char *path);
/* A URL or request target reduced to its path: no scheme, host, query. */
const char *ing_url_path(slo_ingest *ing, const char *url);
const char *ing_url_path_n(slo_ingest *ing, const char *s, size_t n);

/* "-" and "" are unset in most access logs (absent and null too). */
int ing_unset(json_t *v);
int ing_junset(const slo_jval *v);

/* slo_json_ns() and slo_json_int64() (slo_ingest.h) of a slot. */
slo_status ing_jval_ns(const slo_jval *v, slo_unit unit, slo_ns *out);
slo_status ing_jval_int64(const slo_jval *v, int64_t *out);

slo_status ing_reject(slo_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Whether ing_event_done() would look at a raw record (--cohort-from). */
int ing_wants_raw(const slo_ingest *ing);

/* err set to SLO_ENOMEM; returns it. */
slo_status ing_nomem(slo_error *err);

/*
 * Why a record inside an object gives no event (slo_ingest_skip_reason()
 * names each); a span's is ING_SKIP_SPAN + its OTLP kind (0 .. 5).
 */
enum ing_skip {
	ING_SKIP_GOFF_TRACKING,
	ING_SKIP_OTLP_LOG,
	ING_SKIP_SPAN,
	ING_SKIP__COUNT = ING_SKIP_SPAN + 6
};

/* Counts a record inside an object that gives no event, by why. */
void ing_skipped(slo_ingest *ing, enum ing_skip why);

/*
 * slo_ingest_line()'s verbatim output, for tests: whether latency text t
 * is surely what slo_buf_json_num() writes for the double it reads as,
 * and how many lines an engine wrote as they came.
 */
int ing_plain_num(const char *t, size_t n);
uint64_t ing_verbatim_count(const slo_ingest *ing);

/* The map preset (lib/map.c). */
slo_status ing_map_apply(slo_ingest *ing, const slo_map *m, json_t *obj,
    slo_error *err);

/* The presets (lib/ingest_*.c). */
slo_status ing_otlp(slo_ingest *ing, json_t *obj, slo_error *err);
/* The otlp preset on a line's scanner copy (buf, n bytes, padded), between
 * object_begin() and object_end(): 1 with *st, or 0 to hand the line to
 * the jansson path (ingest_otlp.c says which lines). */
int ing_otlp_scan(slo_ingest *ing, char *buf, size_t n, slo_status *st,
    slo_error *err);
slo_status ing_goff(slo_ingest *ing, json_t *obj, slo_error *err);
slo_status ing_unleash(slo_ingest *ing, json_t *obj, slo_error *err);

/*
 * What the otlp preset reads of a record: slo_ingest_line() reads its
 * lines through the selective scanner into this projection (slo_jpath.h).
 * A path it reads must be in its projection, or the scanner's object
 * would lack it: tests/unit/test_ingest_scan.c compares both paths on
 * its fixtures.
 */
extern const slo_jproj ing_otlp_proj;

/*
 * The presets that read a record by slots (slo_jpath.h), from the
 * scanner (a line) or from jansson's object (slo_jrec_load()) alike; raw
 * is that object, or NULL from the scanner, for ing_event_done()
 * (--cohort-from, which reads any member, so slo_ingest_line() gives
 * jansson's object whenever it is set).  Each reads only the slots of
 * its ing_*_slots.
 */
slo_status ing_envoy(slo_ingest *ing, const slo_jrec *r, json_t *raw,
    slo_error *err);
slo_status ing_gcp(slo_ingest *ing, const slo_jrec *r, json_t *raw,
    slo_error *err);
slo_status ing_ecs(slo_ingest *ing, const slo_jrec *r, json_t *raw,
    slo_error *err);
slo_status ing_traefik(slo_ingest *ing, const slo_jrec *r, json_t *raw,
    slo_error *err);
extern const slo_jslots ing_envoy_slots, ing_gcp_slots, ing_ecs_slots,
    ing_traefik_slots;
/* The slots preset p reads records by; NULL for the other presets. */
const slo_jslots *ing_preset_slots(slo_preset p);

/*
 * Text access logs (lib/ingest/ingest_text.c): one line matched against
 * tl (slo_textlog.h) into one request event, finished by
 * ing_event_done(); *evp (may be NULL) is that event.  Rejections carry
 * err->col: where the line stopped matching, or the column of the value
 * that is bad.  To be called between the engine's object_begin() and
 * object_end(), as slo_ingest_line() does for the JSON presets.
 */
struct slo_textlog;
slo_status ing_text_apply(slo_ingest *ing, const struct slo_textlog *tl,
    const char *line, size_t n, slo_event **evp, slo_error *err);

/*
 * Which of tl's fields may give each canonical field, in the order they
 * win, worked out once for a compiled format instead of on every line.
 * ing_text_apply() follows the plan of slo_ingest_set_textlog()'s format
 * (ing_text_plan_of(), NULL for any other tl) and decides the same
 * without one.  ing_text_plan_new() gives NULL when out of memory.
 */
struct ing_text_plan;
struct ing_text_plan *ing_text_plan_new(const struct slo_textlog *tl);
void ing_text_plan_free(struct ing_text_plan *plan);
const struct ing_text_plan *ing_text_plan_of(const slo_ingest *ing,
    const struct slo_textlog *tl);

/*
 * Istio's "outbound|PORT|SUBSET|HOST" and "inbound|PORT|NAME|HOST" to
 * ev->service and (outbound only) ev->version; other clusters are the
 * service.  cluster must outlive ev (the arena); SLO_ENOMEM or SLO_OK.
 */
slo_status ing_istio_cluster(slo_ingest *ing, slo_event *ev,
    const char *cluster, const char *authority);

/* Whether OTLP spans of kind (0 unspecified .. 5 consumer) count. */
int ing_span_counted(const slo_ingest *ing, int kind);

/*
 * The preset a line that is not a canonical event looks like (guess.c):
 * its name, and in *what a phrase for the diagnostic ("an Envoy JSON
 * access log"); NULL when none fits or obj has "ts".  The text guess
 * matches the text presets' programs, compiled into programs[] (of
 * ING_GUESS_TEXT, NULL until needed, the caller's to free) at first use.
 */
#define ING_GUESS_TEXT 5
struct slo_textlog;
const char *ing_guess_json(json_t *obj, const char **what);
const char *ing_guess_text(struct slo_textlog **programs, const char *line,
    size_t n, const char **what);

#endif
