/*
 * slo_str.h — small string helpers of the library's own, private.
 */
#ifndef SLO_STR_H
#define SLO_STR_H

#include <stdint.h>
#include <string.h>

/* strcmp(3) where NULL sorts first and equals only NULL (optional
 * names: a row or a group without a service, a region ...). */
static inline int
slo_strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/*
 * Whether the n bytes at a and at b are equal, eight at a time: both may
 * be read up to 7 bytes past n (the callers' texts are padded: the
 * scanner's copy of a line, keys kept in whole words).
 */
static inline int
slo_same_bytes(const char *a, const char *b, size_t n)
{
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t x, y;

	for (; n >= 8; n -= 8, a += 8, b += 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return 0;
	}
	if (n == 0)
		return 1;
	memcpy(&x, a, 8);
	memcpy(&y, b, 8);
	/* the first n bytes are the low ones */
	return ((x ^ y) << (64 - 8 * n)) == 0;
#else
	return memcmp(a, b, n) == 0;
#endif
}

#endif
