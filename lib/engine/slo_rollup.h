/*
 * slo_rollup.h — exact, mergeable summaries of request events.
 *
 * A rollup folds requests into one row per (bucket start, width, dimension
 * set): the dimensions are the canonical ones an event carries (service,
 * cohort, region, version, route, every label).  A row counts requests and
 * good ones (ok), the status classes 1xx..5xx and "other" (absent or
 * outside 100..599), holds a latency sketch (slo_sketch.h) of the requests
 * that carry latency_ms, and, for each SLO registered with
 * slo_rollup_add_slo(), that SLO's exact good and total counts.
 *
 * Rows add exactly: merging the rollups of the shards of an input gives
 * the rollup of the whole input, byte for byte once encoded.  All rows are
 * kept until the end (memory grows with buckets x dimension sets, not with
 * events); encoding sorts them, so output does not depend on input order.
 * A streaming rollup (slo_rollup_set_lateness()) hands out the rows of
 * buckets that have closed as the input goes instead: memory then grows
 * with the rows of the last few buckets, for input in time order.
 *
 * Line form (slo-events(5)), keys in this order, absent dimensions omitted:
 *   {"kind":"rollup","ts":T,"width":"1m","service":..,"cohort":..,
 *    "region":..,"version":..,"route":..,"labels":{..sorted..},
 *    "count":N,"good":G,"status":{"2xx":..,"5xx":..,"other":..},
 *    "latency_ms":SKETCH,"slos":{"NAME":{"good":g,"total":t},..}}
 * status lists only non-zero classes; slos is omitted when there are none.
 */
#ifndef SLO_ROLLUP_H
#define SLO_ROLLUP_H

#include <jansson.h>
#include "slo.h"
#include "slo_event.h"
#include "slo_expr.h"
#include "slo_math.h"

enum {
	SLO_ROLLUP_1XX = 0,
	SLO_ROLLUP_2XX,
	SLO_ROLLUP_3XX,
	SLO_ROLLUP_4XX,
	SLO_ROLLUP_5XX,
	SLO_ROLLUP_OTHER,
	SLO_ROLLUP_NCLASS
};

/* "1xx" .. "5xx", "other". */
const char *slo_rollup_class_name(int cls);

typedef struct slo_rollup_slo {
	const char *name;
	uint64_t good;
	uint64_t total;
} slo_rollup_slo;

typedef struct slo_rollup_row {
	slo_ns ts;    /* bucket start */
	slo_ns width;
	const char *service, *cohort, *region, *version, *route; /* or NULL */
	const slo_kv *labels; /* sorted by key */
	size_t nlabels;
	uint64_t count;
	uint64_t good;
	uint64_t status[SLO_ROLLUP_NCLASS];
	const slo_sketch *latency;
	const slo_rollup_slo *slos; /* sorted by name */
	size_t nslos;
	/*
	 * 0, or a number that slo_rollup_read_text() gives the rows whose
	 * slos have the names it kept from an earlier line: rows of one
	 * reader with the same number and nslos have the same names at the
	 * same places (a reader of many rows looks each SLO up once).
	 */
	uint64_t slos_gen;
} slo_rollup_row;

typedef struct slo_rollup slo_rollup;

/* width > 0 buckets requests; width 0 makes a merge-only accumulator. */
slo_rollup *slo_rollup_new(slo_ns width);
void slo_rollup_free(slo_rollup *r);
slo_ns slo_rollup_width(const slo_rollup *r);

/*
 * Count SLO name in every row from now on: total when where (NULL: every
 * request) matches, good when good matches, or when bad is given and does
 * not match.  Exactly one of good and bad.  Expressions are borrowed.
 * Call before the first slo_rollup_add().
 */
slo_status slo_rollup_add_slo(slo_rollup *r, const char *name,
    const slo_expr *where, const slo_expr *good, const slo_expr *bad);

/*
 * The same for a latency SLI: good when field (a bare path) holds a number
 * <= threshold (< when inclusive is 0); an event without one is bad.
 * slo_rollup_add_slo_threshold(): with above set, >= (> when inclusive
 * is 0), as slo_threshold_good() decides.
 */
slo_status slo_rollup_add_slo_latency(slo_rollup *r, const char *name,
    const slo_expr *where, const slo_expr *field, double threshold,
    int inclusive);
slo_status slo_rollup_add_slo_threshold(slo_rollup *r, const char *name,
    const slo_expr *where, const slo_expr *field, double threshold,
    int inclusive, int above);

/* Every SLO of a finished spec (slo_spec.h), with its good predicate. */
struct slo_spec;
slo_status slo_rollup_add_spec(slo_rollup *r, const struct slo_spec *spec,
    slo_error *err);

/* Fold one request; SLO_EINVAL for other kinds or without ts. */
slo_status slo_rollup_add(slo_rollup *r, const slo_event *ev);

/*
 * Add one decoded rollup line (a kind "rollup" object).  Its width must
 * equal the rollup's unless the rollup was made with width 0.  Errors name
 * the bad member; on error r is unchanged.
 */
slo_status slo_rollup_merge_json(slo_rollup *r, json_t *line, slo_error *err);

/*
 * The same from the line's text (n bytes, valid UTF-8, need not be
 * NUL-terminated), read through the selective scanner without a jansson
 * tree; the rare line it does not fully accept (a member given twice,
 * more than 64 labels or SLOs, any rejection) goes to jansson and
 * slo_rollup_merge_json(), so the result and the error are the same.
 */
slo_status slo_rollup_merge_text(slo_rollup *r, const char *line, size_t n,
    slo_error *err);

/*
 * slo_rollup_merge_text()'s scanner alone: 1 when it took the line, with
 * *st and err as slo_rollup_merge_json() would set them; 0 when it hands
 * the line over, r unchanged (tests/unit/test_rollup_text.c checks both).
 */
int slo_rollup_merge_scan(slo_rollup *r, const char *line, size_t n,
    slo_status *st, slo_error *err);

/*
 * A rollup line's text read and checked as slo_rollup_merge_scan() reads
 * it, but not merged: 1 with the line in *row, which borrows from r and
 * from the line's copy in r until the next call on r; 0 when the line must
 * go to slo_rollup_merge_text() (jansson decides).  The row's slos are in
 * the line's order, its labels sorted; row->latency is NULL: its sketch,
 * when it has one, is *sketch (slo_sketch_json.h), else *sketch is NULL.
 * kept: as for slo_rollup_merge_event(), or NULL.
 */
struct jscan_runs;
struct slo_sketch_scan;
int slo_rollup_read_text(slo_rollup *r, const char *line, size_t n,
    struct jscan_runs *kept, slo_rollup_row *row,
    const struct slo_sketch_scan **sketch);

/* A decoded rollup event: from ev->json, or from ev->text when the event
 * decoder's fast path read it (slo_event.h), taking the runs of pairs
 * the decoder kept from that text (ev->runs) rather than reading them. */
slo_status slo_rollup_merge_event(slo_rollup *r, const slo_event *ev,
    slo_error *err);

/* Add every row of src into dst (same rules as slo_rollup_merge_json). */
slo_status slo_rollup_merge(slo_rollup *dst, const slo_rollup *src,
    slo_error *err);

/*
 * Rows in the deterministic order: ts, width, then the dimensions as
 * byte strings (absent first), then the labels.  Valid until the next
 * add, merge or free.
 */
size_t slo_rollup_nrows(slo_rollup *r);
const slo_rollup_row *slo_rollup_row_at(slo_rollup *r, size_t i);

/* Append the line of one row ('\n' included). */
slo_status slo_rollup_row_encode(const slo_rollup_row *row, slo_buf *out);

/* Append every row, sorted, one line each. */
slo_status slo_rollup_encode(slo_rollup *r, slo_buf *out);

/*
 * Streaming, for the map step over a long input in (roughly) time order.
 * The horizon is the newest request time slo_rollup_add() has folded
 * (merged rollup lines do not move it); cut = floor(horizon - lateness,
 * width), and a bucket [ts, ts + width) has closed once ts + width <=
 * cut.  A request, or a merged rollup line, of a closed bucket is late:
 * it goes to a row apart, kept to the end, so that its key may come out
 * twice, in rows that merge exactly (as shard rollups do).  Memory grows
 * with the rows of the buckets not closed (lateness / width + 1 buckets
 * behind the horizon, and any ahead of it) plus the late rows, and not
 * with the requests.  Call before the first add; width > 0, lateness
 * >= 0.  Without this call every row is kept to the end.
 */
slo_status slo_rollup_set_lateness(slo_rollup *r, slo_ns lateness);

/* The horizon, or SLO_NS_NONE before the first request; the cut (the
 * same SLO_NS_NONE then); and the horizon moved to at, when later. */
slo_ns slo_rollup_newest(const slo_rollup *r);
slo_ns slo_rollup_cut(const slo_rollup *r);
void slo_rollup_advance(slo_rollup *r, slo_ns at);

/*
 * When the cut has moved since the last flush: append the rows of the
 * buckets now closed, sorted as slo_rollup_row_at() sorts, one line each,
 * and free them (late rows stay to the end).  Nothing for a rollup that
 * does not stream.  Invalidates slo_rollup_row_at()'s rows.
 */
slo_status slo_rollup_flush(slo_rollup *r, slo_buf *out);

/*
 * -j N: a worker folds a chunk of the input into its own streaming
 * rollup, then hands the chunk's rows over in a new rollup (NULL on
 * ENOMEM) and starts the next chunk empty, with no horizon.  The
 * calling thread absorbs the chunks' rollups into its own in input
 * order: a chunk's row of a bucket the calling rollup has closed joins
 * its late rows, so that each request lands in the row, on time or late,
 * that one rollup fed the requests one by one would have given it,
 * provided the caller moves the horizon (slo_rollup_advance(), then
 * slo_rollup_flush()) at each line of the chunk where the worker's cut
 * moved, in order, to the worker's horizon there.  part is freed.
 */
slo_rollup *slo_rollup_take(slo_rollup *r);
slo_status slo_rollup_absorb(slo_rollup *r, slo_rollup *part,
    slo_error *err);

/* The end of a stream: the late rows join the rows not flushed, so that
 * slo_rollup_row_at() and slo_rollup_encode() give them all, sorted. */
slo_status slo_rollup_finish(slo_rollup *r);

/*
 * The first field e reads (dotted) that a rollup row does not carry, or
 * NULL when e can be answered on a row's dimensions alone (kind, ts,
 * service, cohort, region, version, route, labels.NAME).  For tools that
 * must refuse, or skip, a filter over rollup lines.
 */
const char *slo_rollup_uncarried(const slo_expr *e);

/*
 * A request that holds only the row's dimensions and bucket start, for
 * expressions and group keys over rows (slo_rollup_uncarried() says
 * whether an expression can be answered on it).  ev borrows the row's
 * strings and labels: it lives no longer than the row.
 */
void slo_rollup_row_event(const slo_rollup_row *row, slo_event *ev);

#endif
