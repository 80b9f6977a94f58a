/*
 * counts_ref.h — jscan_counts_dense() and jscan_counts_dense16() against
 * a reference reader written from their contract in jscan_int.h, on
 * random dense "bin_counts" texts.  Included by test_counts.c (the
 * library as built: SSE2 on x86-64) and test_counts_portable.c (jscan.c
 * built with SLO_JSCAN_PORTABLE: the element-at-a-time path alone), so
 * that both paths answer the same.
 *
 * The contract: elements read from just inside '[' while each is 1 to
 * 18 digits, no sign and no leading zero (a lone 0 is one), then ',' or
 * ']'; the 16-bit form also stops before a count past 65535; the cursor
 * after the last one read, at its ',' or ']'; counts added to *total.
 */
#include <inttypes.h>
#include "sketch_helpers.h"

static uint64_t counts_rng = 0x853c49e6748fea9bULL;

static uint64_t
counts_next(void)
{
	return xs64(&counts_rng);
}

/* An element's text: mostly one digit, as busy rows have them, then
 * two to five digits, up to 18, and now and then one the fast reader
 * must stop before. */
static void
counts_elem(char *out, size_t cap)
{
	static const char *const odd[] = { "01", "-1", "1.5", "1e2", " 1",
	    "\"1\"", "null", "1234567890123456789", "00", "+1", "2 " };
	uint64_t r = counts_next() % 1000;

	if (r < 700)
		snprintf(out, cap, "%" PRIu64, counts_next() % 10);
	else if (r < 900)
		snprintf(out, cap, "%" PRIu64, counts_next() % 65536);
	else if (r < 980)
		snprintf(out, cap, "%" PRIu64,
		    counts_next() % UINT64_C(1000000000000000000));
	else
		snprintf(out, cap, "%s",
		    odd[counts_next() % (sizeof odd / sizeof *odd)]);
}

/* The reference: how many elements of text (just after '[') the contract
 * reads, their values, their total, and where the cursor ends. */
static size_t
counts_reference(const char *text, int width, uint64_t *vals,
    uint64_t *total, size_t *stop)
{
	const char *p = text;
	size_t n = 0;

	*total = 0;
	*stop = 0;
	for (;;) {
		const char *q = p;
		uint64_t v = 0;

		if (*q < '0' || *q > '9')
			break;
		if (*q == '0')
			q++;
		else
			while (*q >= '0' && *q <= '9' && q - p < 19)
				v = v * 10 + (uint64_t)(*q++ - '0');
		if (q - p > 18 || (*q != ',' && *q != ']') ||
		    (width == 16 && v > 65535))
			break;
		vals[n++] = v;
		*total += v;
		*stop = (size_t)(q - text);
		if (*q == ']')
			break;
		p = q + 1;
	}
	return n;
}

static void
counts_case(const char *text, int width)
{
	size_t len = strlen(text), n, want_n, stop, i;
	char *buf = padded(text, len);
	uint64_t *want = malloc((len / 2 + 9) * sizeof *want);
	uint64_t *got = malloc((len / 2 + 9) * sizeof *got);
	uint16_t *got16 = malloc((len / 2 + 9) * sizeof *got16);
	uint64_t total = 0, want_total;
	jscan_val v;
	jscan s;

	assert_non_null(want);
	assert_non_null(got);
	assert_non_null(got16);
	jscan_init(&s, buf, len);
	assert_int_equal(jscan_value(&s, &v), 1);
	assert_int_equal(v.type, JSCAN_ARRAY);
	want_n = counts_reference(text + 1, width, want, &want_total, &stop);
	n = width == 16 ? jscan_counts_dense16(&s, got16, &total) :
	    jscan_counts_dense(&s, got, &total);
	if (n != want_n)
		fail_msg("%s: %zu read, want %zu", text, n, want_n);
	for (i = 0; i < n; i++)
		assert_true((width == 16 ? got16[i] : got[i]) == want[i]);
	assert_true(total == want_total);
	if (n > 0)
		assert_ptr_equal(s.p, buf + 1 + stop);
	else
		assert_ptr_equal(s.p, buf + 1);
	free(buf);
	free(want);
	free(got);
	free(got16);
}

static void
test_counts_random(void **state)
{
	char text[4096], elem[32];

	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t k = 1 + counts_next() % 120, at = 0;

		text[at++] = '[';
		for (size_t i = 0; i < k; i++) {
			counts_elem(elem, sizeof elem);
			at += (size_t)snprintf(text + at, sizeof text - at, "%s%s",
			    elem, i + 1 < k ? "," : "]");
		}
		text[at] = '\0';
		counts_case(text, 16);
		counts_case(text, 64);
	}
}

/* By hand: the 16-bit form stops before 65536, the 64-bit one reads it;
 * an 18-digit count is read, a 19-digit one is not; "05" stops both. */
static void
test_counts_known(void **state)
{
	(void)state;
	counts_case("[1,0,2,0,0,3,1,1,1,1,1,1,1,1,1,65536,1]", 16);
	counts_case("[1,0,2,0,0,3,1,1,1,1,1,1,1,1,1,65536,1]", 64);
	counts_case("[1,1,1,1,1,1,1,1,999999999999999999,1]", 64);
	counts_case("[1,1,1,1,1,1,1,1,1000000000000000000,1]", 64);
	counts_case("[1,1,1,1,1,1,1,05,1,1,1,1,1,1,1,1,1,1,1,1,1]", 64);
	counts_case("[7]", 16);
}
