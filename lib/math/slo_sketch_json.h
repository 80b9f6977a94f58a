/*
 * slo_sketch_json.h — sketches to and from their JSON form (slo-events(5)
 * rollup lines), inside libslo: the public headers carry no json_t.
 */
#ifndef SLO_SKETCH_JSON_H
#define SLO_SKETCH_JSON_H

#include <jansson.h>
#include "slo_math.h"
#include "jscan_int.h"

json_t *slo_sketch_to_json(const slo_sketch *s);
slo_sketch *slo_sketch_from_json(json_t *j, slo_error *err);

/*
 * A sketch's JSON form read through the scanner and checked, not yet a
 * sketch: slo_sketch_scan_jscan() fills it, slo_sketch_add_scan() adds it
 * into a sketch.  Its bins in the form the text had (slo-events(5)):
 * pairs (sparse) or counts (dense), pointing into the caller's scratch
 * buffer.  Keep one across calls: it remembers the bucket range of the
 * last alpha.
 */
typedef struct slo_sketch_scan {
	double alpha, min, max;
	uint64_t count, zero;
	uint64_t sum_whole, sum_frac;  /* the exact sum (sketch.c) */
	const long long *pairs;        /* nbins [index, count > 0], rising */
	size_t nbins;
	const uint64_t *counts;        /* or bin offset + k holds counts[k], */
	const uint16_t *counts16;      /* or counts16[k] (one is NULL), */
	size_t ncounts;                /* k < ncounts, the first and last */
	int64_t offset;                /* > 0 (nbins, ncounts: one is 0) */
	double bounds_alpha;           /* idx_min, idx_max are of this alpha */
	int32_t idx_min, idx_max;
} slo_sketch_scan;

/*
 * The sketch object at the scanner's cursor into out, with every check of
 * slo_sketch_from_json(): 1 when that function would accept the object,
 * else 0 with nothing reported, and the caller hands its line to jansson.
 * pairs is the caller's scratch for the bins, in either form.  kept (or NULL): the runs
 * of pairs an earlier skip of the same text kept, taken rather than read
 * again; base, where the scanner's text starts.
 */
int slo_sketch_scan_jscan(jscan *sc, jscan_runs *kept, const char *base,
    slo_buf *pairs, slo_sketch_scan *out);

/*
 * The sketch in stands for merged into dst, as slo_sketch_merge() would:
 * SLO_EMISMATCH (another alpha), SLO_ERANGE, SLO_ENOMEM, or SLO_OK.
 */
slo_status slo_sketch_add_scan(slo_sketch *dst, const slo_sketch_scan *in);
/*
 * slo_window_merge_sketch() of the sketch in stands for, without making
 * it: its bins go straight into the bucket of ts.
 */
slo_status slo_window_merge_sketch_scan(slo_window *w, slo_ns ts,
    const slo_sketch_scan *in);

#endif
