/*
 * sketch_helpers.h — what the sketch and scanner unit tests share
 * (test_sketch.c, test_sketchwin*.c, test_freezefast.c, test_pairsfast.c,
 * test_jscanfast.c): a seeded generator and a sketch's JSON text.
 * Included after cmocka.h.
 */
#ifndef SKETCH_HELPERS_H
#define SKETCH_HELPERS_H

#include <stdint.h>
#include "slo_math.h"

/* xorshift64 (Marsaglia 2003): a seeded, portable generator, so that
 * every run draws the same values. */
static inline uint64_t
xs64(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* s's JSON text (slo_sketch_encode()), for the caller to free(). */
static inline char *
sketch_json(const slo_sketch *s)
{
	slo_buf b = { 0 };

	assert_int_equal(slo_sketch_encode(s, &b), SLO_OK);
	return b.data;
}

#endif
