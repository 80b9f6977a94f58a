/*
 * slo_sketch.h — a mergeable quantile sketch with relative-error
 * guarantees, after DDSketch (Masson, Rim, Lee; VLDB 2019): logarithmic
 * buckets of ratio gamma = (1 + alpha) / (1 - alpha), so a quantile is
 * reported within alpha relative error of the exact nearest-rank value.
 * Zero has its own exact bucket, which also counts values below 1e-9
 * (estimated as 0, clamped to the exact min); negatives, NaN and infinities
 * are refused (SLO_EINVAL).  Memory follows the range of values, not their
 * number: 8 bytes per bucket between the smallest and largest (about 5 KiB
 * for 10^7 lognormal latencies at alpha 0.01).
 */
#ifndef SLO_SKETCH_H
#define SLO_SKETCH_H

#include <jansson.h>
#include "slo.h"

#define SLO_SKETCH_ALPHA 0.01

typedef struct slo_sketch slo_sketch;

slo_sketch *slo_sketch_new(double alpha); /* alpha in (0, 0.5); NULL else */
void slo_sketch_free(slo_sketch *s);
slo_sketch *slo_sketch_clone(const slo_sketch *s);
void slo_sketch_clear(slo_sketch *s);
/* Trim the bins kept for growth to those in use; values and answers are
 * unchanged.  For sketches that have (mostly) stopped growing. */
void slo_sketch_shrink(slo_sketch *s);

double slo_sketch_alpha(const slo_sketch *s);
slo_status slo_sketch_add(slo_sketch *s, double v);
/* SLO_ERANGE when the count would pass INT64_MAX (the JSON limit). */
slo_status slo_sketch_add_n(slo_sketch *s, double v, uint64_t n);
/* dst += src; SLO_EMISMATCH when their alphas differ. */
slo_status slo_sketch_merge(slo_sketch *dst, const slo_sketch *src);

/*
 * Nearest-rank quantile estimate, q in [0, 1]: the value of rank
 * ceil(q n) clamped to [1, n] (q n within rounding of an integer counts as
 * that integer); ranks 1 and n give the exact min and max.
 * SLO_EEMPTY / SLO_EINVAL.
 */
slo_status slo_sketch_quantile(const slo_sketch *s, double q, double *out);
uint64_t slo_sketch_count(const slo_sketch *s);
double slo_sketch_min(const slo_sketch *s); /* NaN when empty */
double slo_sketch_max(const slo_sketch *s);
/*
 * The sum of the values each rounded to 0.001 (a microsecond for ms), kept
 * as an exact integer so that it is the same in any merge order and
 * survives JSON; +Inf once it passes 2^52 thousandths (4.5e12).
 */
double slo_sketch_sum(const slo_sketch *s);
/* Bytes held, for the memory bound tests. */
size_t slo_sketch_bytes(const slo_sketch *s);

/*
 * JSON form: {"alpha":A,"count":N,"sum":S,"min":m,"max":M,"zero":Z,
 * "bins":[[index,count],...]} with bins sorted by index, zero counts left
 * out; min and max are null when empty, sum null once saturated.  Encoding
 * is canonical (equal sketches give equal bytes, whatever the merge order);
 * decoding round-trips and checks everything (unknown or missing keys,
 * counts that do not add up, unordered bins: SLO_EINVAL in err).
 */
slo_status slo_sketch_encode(const slo_sketch *s, slo_buf *out);
json_t *slo_sketch_to_json(const slo_sketch *s);
slo_sketch *slo_sketch_from_json(json_t *j, slo_error *err);

#endif
