/*
 * sketch_helpers.h — what the sketch and scanner unit tests share
 * (test_sketch.c, test_sketchwin*.c, test_freezefast.c, test_pairsfast.c,
 * test_jscanfast.c, test_dense.c, test_counts*.c): a seeded generator,
 * a padded copy of a text for the scanner and a sketch's JSON text.
 * Included after cmocka.h.
 */
#ifndef SKETCH_HELPERS_H
#define SKETCH_HELPERS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "slo_math.h"
#include "jscan_int.h"

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

/* A text in a buffer of its own, as the scanner wants it: n bytes, the
 * NUL and JSCAN_PAD more; for the caller to free(). */
static inline char *
padded(const char *text, size_t n)
{
	char *b = malloc(n + 1 + JSCAN_PAD);

	assert_non_null(b);
	memcpy(b, text, n);
	memset(b + n, 0, 1 + JSCAN_PAD);
	return b;
}

/* s's JSON text (slo_sketch_encode()), for the caller to free(). */
static inline char *
sketch_json(const slo_sketch *s)
{
	slo_buf b = { 0 };

	assert_int_equal(slo_sketch_encode(s, &b), SLO_OK);
	return b.data;
}

/*
 * s's JSON text with its bins in the sparse form, "bins":[[I,C],...],
 * whatever form slo_sketch_encode() chose (slo-events(5)): a dense
 * text's "bin_offset":I,"bin_counts":[c0,...] rewritten here, by text,
 * as bin I + k holding ck, the zeros left out.  For the tests of the
 * sparse reader.  For the caller to free().
 */
static inline char *
sketch_json_sparse(const slo_sketch *s)
{
	char *text = sketch_json(s), *at, *p;
	slo_buf b = { 0 };
	long long off;
	int first = 1;

	if ((at = strstr(text, ",\"bin_offset\":")) == NULL)
		return text;
	off = strtoll(at + 14, &p, 10);
	assert_true(strncmp(p, ",\"bin_counts\":[", 15) == 0);
	p += 15;
	assert_int_equal(slo_buf_append(&b, text, (size_t)(at - text)), SLO_OK);
	assert_int_equal(slo_buf_puts(&b, ",\"bins\":["), SLO_OK);
	for (long long i = off;; i++) {
		unsigned long long c = strtoull(p, &p, 10);

		if (c != 0) {
			assert_int_equal(slo_buf_printf(&b, "%s[%lld,%llu]",
			    first ? "" : ",", i, c), SLO_OK);
			first = 0;
		}
		if (*p++ == ']')
			break;
	}
	assert_string_equal(p, "}");
	assert_int_equal(slo_buf_puts(&b, "]}"), SLO_OK);
	free(text);
	return b.data;
}

#endif
