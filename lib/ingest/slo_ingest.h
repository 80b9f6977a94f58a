/*
 * slo_ingest.h — raw log records in, canonical events (slo-events(5)) out.
 *
 * A preset knows one source format (OTLP/JSON, Envoy, Cloud Logging, ECS,
 * Traefik, GO Feature Flag, Unleash, or the canonical form itself); a map
 * (slo-ingest(1) --map) describes any other flat JSON log.  One input object
 * gives zero or more events: an OTLP line holds many spans and records.
 *
 * An input object is atomic: either every event it holds is produced, or
 * the whole object is rejected with a reason, so that the rejects file can
 * be replayed without loss or duplication.
 */
#ifndef SLO_INGEST_H
#define SLO_INGEST_H

#include <jansson.h>
#include "slo.h"
#include "slo_event.h"
#include "slo_expr.h"
#include "slo_rollup.h"


/*
 * Units of a mapped time or duration.  A number may also be a numeric
 * string; strings of decimal digits are converted exactly (a 19-digit
 * nanosecond count does not go through a double).
 */
typedef enum slo_unit {
	SLO_UNIT_NONE = 0,
	SLO_UNIT_S,
	SLO_UNIT_MS,
	SLO_UNIT_US,
	SLO_UNIT_NS,
	SLO_UNIT_DURATION, /* "250ms", "0.123456s" (slo_duration_parse) */
	SLO_UNIT_RFC3339,
	SLO_UNIT_CLF,      /* "26/Nov/2026:08:10:33 +0000" (nginx $time_local) */
	SLO_UNIT_AUTO      /* times: string RFC 3339, number epoch seconds */
} slo_unit;

/* -1 when unknown; the epoch_s .. epoch_ns spellings map to S .. NS. */
int slo_unit_from_name(const char *name);

/*
 * v (a number, or a string holding one) in unit, as nanoseconds.  Refuses
 * negative values, NaN and overflow.  For times, unit RFC3339/CLF/AUTO parse
 * strings; S..NS count from the epoch.
 */
slo_status slo_json_ns(json_t *v, slo_unit unit, slo_ns *out);

/* An integer from a JSON integer, an integral real or a decimal string. */
slo_status slo_json_int64(json_t *v, int64_t *out);

/* A field mapping file (slo-ingest(1) MAP FILES), loaded from YAML. */
typedef struct slo_map slo_map;
slo_map *slo_map_load_file(const char *path, slo_error *err);
slo_map *slo_map_load_string(const char *name, const char *text, size_t n,
    slo_error *err);
void slo_map_free(slo_map *m);


/* Use map instead of the preset: taken (freed with ing), as _take says. */
void slo_ingest_set_map_take(slo_ingest *ing, slo_map *map);

/*
 * Read lines of a text access log matched by tl (slo_textlog.h; borrowed:
 * it must outlive ing, and may be shared by the engines of -j) instead of
 * the preset: slo_ingest_line() only, slo_ingest_object() rejects.
 */
struct slo_textlog;
void slo_ingest_set_textlog(slo_ingest *ing, const struct slo_textlog *tl);

/*
 * The canonical preset chosen by default, not by the user: a line that
 * looks like another preset's input (an Envoy access log, an nginx line,
 * ...) is rejected with "this looks like ...; try --preset NAME" instead
 * of being passed on as a request without ts or status.
 */
void slo_ingest_set_guess(slo_ingest *ing, int on);

/*
 * Which OTLP span kinds count as requests, from a comma-separated list of
 * unspecified, internal, server, client, producer, consumer.  By default
 * unspecified, server and consumer: a traced call leaves a client and a
 * server span, and counting both would count every call twice.  Spans of
 * other kinds are skipped (slo_ingest_stats.skipped).  SLO_EINVAL with
 * err->msg naming an unknown kind; ing unchanged then.
 */
slo_status slo_ingest_set_span_kinds(slo_ingest *ing, const char *list,
    slo_error *err);

/*
 * --set FIELD=VALUE: a constant overriding what the preset found.  FIELD is
 * a canonical string field (service cohort region version route trace_id
 * subject flag variant segment reason error result id state source
 * severity) or labels.NAME.
 */
slo_status slo_ingest_set(slo_ingest *ing, const char *assignment,
    slo_error *err);

/*
 * Borrowed expressions, which must outlive ing.  cohort_from is evaluated
 * over the raw record (for OTLP: its attributes, flattened), then, when
 * missing there, over the event; good decides `ok` over the event; where
 * keeps only the events it matches.
 */
void slo_ingest_set_cohort_from(slo_ingest *ing, const slo_expr *e);
void slo_ingest_set_good(slo_ingest *ing, const slo_expr *e);
void slo_ingest_set_where(slo_ingest *ing, const slo_expr *e);

/*
 * Fold request events into r (borrowed) instead of writing them; rollup
 * lines read by the canonical preset are merged into r.  Other events are
 * still written.
 */
void slo_ingest_set_rollup(slo_ingest *ing, slo_rollup *r);

/*
 * Map one input object.  The canonical lines of its events that pass
 * --where are appended to out.  On rejection, nothing is appended, the
 * rollup is untouched, and err->msg is the reason: a fixed phrase,
 * optionally followed by ": " and the offending detail.
 */
slo_status slo_ingest_object(slo_ingest *ing, json_t *obj, slo_buf *out,
    slo_error *err);

/*
 * Whether ing reads raw lines faster than objects, so that its caller
 * should hand slo_ingest_line() the line rather than parse it first: the
 * canonical preset (its event decoder), a text access log, and the presets
 * read by the selective scanner (otlp, envoy, gcp, ecs, traefik).  Either
 * way in gives the same events and the same rejections.
 */
int slo_ingest_reads_lines(const slo_ingest *ing);


typedef struct slo_ingest_stats {
	uint64_t objects;  /* objects mapped (accepted) */
	uint64_t rejected; /* objects rejected by slo_ingest_object() */
	uint64_t events;   /* events produced */
	uint64_t written;  /* canonical lines appended to out */
	uint64_t filtered; /* events dropped by --where */
	uint64_t rolled;   /* requests folded into the rollup */
	uint64_t merged;   /* rollup lines merged */
	uint64_t skipped;  /* records inside an object that carry no event
			      (an OTLP log record that is neither HTTP nor a
			      flag evaluation, a client span, a GO Feature
			      Flag tracking event) */
	uint64_t skipped_objects; /* of objects: valid, but every record
			      in it skipped, so no event (counted there too) */
} slo_ingest_stats;

slo_ingest_stats slo_ingest_get_stats(const slo_ingest *ing);

/*
 * The counters in struct order, as an array (a running total of several
 * engines, slo_input_run()'s tally), and back.
 */
#define SLO_INGEST_NSTATS 9
void slo_ingest_stats_to(const slo_ingest_stats *s, uint64_t *v);
slo_ingest_stats slo_ingest_stats_from(const uint64_t *v);

/*
 * dst += src: src (left as it was) mapped another part of the input
 * with the same settings (slo-ingest -j: one engine per thread).  Stats
 * add, rejection reasons add (src's new ones after dst's: merging the
 * engines of consecutive parts in input order keeps the order of first
 * occurrence), and src's rollup merges into dst's (slo_rollup_merge());
 * both or neither must have one (SLO_EMISMATCH).  On an error dst may
 * hold part of src's rollup.
 */
slo_status slo_ingest_merge(slo_ingest *dst, const slo_ingest *src,
    slo_error *err);

/*
 * Rejections by reason (the fixed phrase of err->msg), in order of first
 * occurrence: slo_ingest_reason() gives the phrase of entry i and its
 * count in *count.
 */
size_t slo_ingest_nreasons(const slo_ingest *ing);
const char *slo_ingest_reason(const slo_ingest *ing, size_t i,
    uint64_t *count);

/*
 * Records skipped (slo_ingest_stats.skipped) by why, in a fixed order
 * ("goff tracking event", "otlp span kind client", ...): the phrase of
 * entry i and its count in *count, zero counts included; NULL past the
 * last.  Merged engines add theirs.
 */
const char *slo_ingest_skip_reason(const slo_ingest *ing, size_t i,
    uint64_t *count);

/*
 * --preset auto (guess.c): the preset that reads t[0 .. n), the first
 * bytes of an input, decompressed and unwrapped (complete: all of it;
 * else a last line or value cut off is left out).  Each line, or JSON
 * value (pretty-printed, or an array whose elements count one by one), of
 * up to 64 is guessed as a missing --preset is (an object with "ts" or
 * "kind" and no other preset's members is canonical); those that fit a
 * preset must all fit the same one; no line at all reads as canonical.
 * SLO_EINVAL with the reason in err when they disagree (err->line: the
 * second line's) or none fits.
 */
typedef struct slo_ingest_guess {
	const char *preset;  /* its --preset name, static */
	const char *what;    /* "an Envoy JSON access log" */
	uint64_t lines;      /* input lines looked at */
	uint64_t records;    /* lines or values guessed */
	uint64_t unfit;      /* of those, fitting no preset */
} slo_ingest_guess;
slo_status slo_ingest_guess_preset(const char *t, size_t n, int complete,
    slo_ingest_guess *g, slo_error *err);

#endif
