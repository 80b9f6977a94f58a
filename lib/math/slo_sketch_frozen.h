/*
 * slo_sketch_frozen.h — a sketch's values frozen into a few bytes, inside
 * libslo: for the window's per-bucket sketches once their bucket is left
 * (lib/math/window.c), where most stop growing and dense bins would be
 * most of the memory.  The form is exact: merged into a sketch it adds
 * just what merging the sketch itself adds (count, zero, sum, min, max
 * and every bin).  About 30 bytes and half a byte a bin in use (sketch.c).
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
 * dst += the values of f, which must come from a sketch of dst's alpha
 * (the form does not keep it): as slo_sketch_merge(), SLO_ERANGE or
 * SLO_ENOMEM leaving dst unchanged.
 */
slo_status slo_sketch_merge_frozen(slo_sketch *dst, const slo_frozen *f);
uint64_t slo_frozen_count(const slo_frozen *f);
size_t slo_frozen_bytes(const slo_frozen *f);
slo_frozen *slo_frozen_clone(const slo_frozen *f); /* NULL: out of memory */
void slo_frozen_free(slo_frozen *f);

/* slo_window_bytes() counted by visiting every chunk and sketch, where it
 * keeps a running count: for the tests that check that count. */
size_t slo_window_bytes_walk(const slo_window *w);

#endif
