/*
 * slo_sketch_frozen.h — a sketch's values frozen into a few bytes, inside
 * libslo: for the window's per-bucket sketches once their bucket is left
 * (lib/math/window.c), where most stop growing and dense bins would be
 * most of the memory.  The form is exact: merged into a sketch it adds
 * just what merging the sketch itself adds (count, zero, sum, min, max
 * and every bin).  About 30 bytes and under half a byte a bin of its
 * range (sketch.c).
 */
#ifndef SLO_SKETCH_FROZEN_H
#define SLO_SKETCH_FROZEN_H

#include "slo_math.h"

typedef struct slo_frozen slo_frozen;

/* s's values; s is unchanged.  NULL when out of memory. */
slo_frozen *slo_sketch_freeze(const slo_sketch *s);
/* The same, and s emptied, its bins given back. */
slo_frozen *slo_sketch_freeze_empty(slo_sketch *s);
/*
 * The same, and s emptied keeping its bins, those in use zeroed (up to
 * 2048 bins; a wider array is given back): the window's sketch written
 * last, frozen on each bucket's way out, takes the next bucket's values
 * without an allocation (an empty sketch's bins move to where its values
 * fall).  slo_frozen_bytes() of the form to *bytes: the window counts its
 * bytes as it goes.
 */
slo_frozen *slo_sketch_freeze_wipe(slo_sketch *s, size_t *bytes);
/*
 * The same, the form written into n bytes that alloc(ctx, n) gives (NULL:
 * out of memory, s unchanged), for the caller to free its own way (the
 * window's arena of a chunk's forms, window.c); the form is *bytes long
 * and holds no pointer, so it may be moved with memcpy.
 */
typedef void *slo_frozen_alloc(void *ctx, size_t n);
slo_frozen *slo_sketch_freeze_wipe_into(slo_sketch *s, size_t *bytes,
    slo_frozen_alloc *alloc, void *ctx);
/*
 * dst += the values of f, which must come from a sketch of dst's alpha
 * (the form does not keep it): as slo_sketch_merge(), SLO_ERANGE or
 * SLO_ENOMEM leaving dst unchanged.
 */
slo_status slo_sketch_merge_frozen(slo_sketch *dst, const slo_frozen *f);
/*
 * The same for f[0 .. n), n at most SLO_FROZEN_BATCH, in one pass: their
 * bins of fewer than 16 values are added up a byte a bin (8 in one
 * addition; 17 forms of at most 15 fill a byte) and into dst's at the
 * end, once.  What n calls of slo_sketch_merge_frozen() give, to the
 * last bin; SLO_ERANGE or SLO_ENOMEM leaving dst's values unchanged.  A
 * window's quantile reads every bucket of its range (window.c).
 */
#define SLO_FROZEN_BATCH 17
slo_status slo_sketch_merge_frozen_n(slo_sketch *dst,
    const slo_frozen *const *f, size_t n);
uint64_t slo_frozen_count(const slo_frozen *f);
size_t slo_frozen_bytes(const slo_frozen *f);
slo_frozen *slo_frozen_clone(const slo_frozen *f); /* NULL: out of memory */
void slo_frozen_free(slo_frozen *f);

/* slo_window_bytes() counted by visiting every chunk and sketch, where it
 * keeps a running count: for the tests that check that count. */
size_t slo_window_bytes_walk(const slo_window *w);

#endif
