/*
 * test_source.c — slo_source: plain bytes pass through, gzip and zstd
 * come out decompressed.  The compressed inputs are made here by the
 * reference encoders themselves (zlib's deflate with a gzip wrapper,
 * RFC 1952; libzstd's ZSTD_compress, RFC 8878), so the decoder is checked
 * against a second implementation, not against itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zlib.h>
#include <zstd.h>

#include "slo_cli.h"
#include "slo_source.h"
#include "slo_unwrap.h"

static FILE *
mem(const void *s, size_t n)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	rewind(f);
	return f;
}

/* Some text: n numbered NDJSON lines. */
static char *
text(size_t nlines, size_t *len)
{
	size_t cap = nlines * 64 + 1, n = 0;
	char *t = malloc(cap);

	assert_non_null(t);
	for (size_t i = 0; i < nlines; i++)
		n += (size_t)snprintf(t + n, cap - n,
		    "{\"kind\":\"request\",\"n\":%zu,\"status\":200}\n", i);
	*len = n;
	return t;
}

/* in compressed as one gzip member by zlib (windowBits 15 + 16). */
static unsigned char *
gzip(const char *in, size_t n, size_t *out_len)
{
	z_stream z;
	size_t cap = n + n / 100 + 64;
	unsigned char *out = malloc(cap);

	assert_non_null(out);
	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out_len = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static unsigned char *
zstd(const char *in, size_t n, size_t *out_len)
{
	size_t cap = ZSTD_compressBound(n);
	unsigned char *out = malloc(cap);

	assert_non_null(out);
	*out_len = ZSTD_compress(out, cap, in, n, 3);
	assert_false(ZSTD_isError(*out_len));
	return out;
}

/* Everything the source gives, in reads of at most `step` bytes; -1 on
 * an error (the bytes before it in *got). */
static ssize_t
drain(slo_source *s, char *buf, size_t cap, size_t step, size_t *got)
{
	ssize_t r;

	*got = 0;
	while ((r = slo_source_read(s, buf + *got,
	    cap - *got < step ? cap - *got : step)) > 0)
		*got += (size_t)r;
	return r;
}

static void
check_roundtrip(const void *packed, size_t plen, const char *want,
    size_t wlen, slo_source_kind kind, size_t step)
{
	FILE *f = mem(packed, plen);
	slo_source *s = slo_source_new(f);
	char *buf = malloc(wlen + 16);
	size_t got;

	assert_non_null(buf);
	assert_int_equal(drain(s, buf, wlen + 16, step, &got), 0);
	assert_int_equal(got, wlen);
	assert_memory_equal(buf, want, wlen);
	assert_int_equal(slo_source_kind_of(s), kind);
	assert_int_equal(slo_source_consumed(s), plen);
	slo_source_free(s);
	fclose(f);
	free(buf);
}

static void
test_plain(void **state)
{
	size_t n;
	char *t = text(100, &n);

	(void)state;
	check_roundtrip(t, n, t, n, SLO_SOURCE_PLAIN, 7);
	check_roundtrip(t, n, t, n, SLO_SOURCE_PLAIN, 1 << 20);
	/* shorter than any magic, and a prefix of each */
	check_roundtrip("{", 1, "{", 1, SLO_SOURCE_PLAIN, 10);
	check_roundtrip("\x1f", 1, "\x1f", 1, SLO_SOURCE_PLAIN, 10);
	check_roundtrip("\x28\xb5\x2f", 3, "\x28\xb5\x2f", 3,
	    SLO_SOURCE_PLAIN, 10);
	check_roundtrip("\x28\xb5\x2f\x00x", 5, "\x28\xb5\x2f\x00x", 5,
	    SLO_SOURCE_PLAIN, 2);
	free(t);
}

static void
test_gzip(void **state)
{
	size_t n, plen;
	char *t = text(20000, &n);
	unsigned char *p = gzip(t, n, &plen);

	(void)state;
	assert_true(plen < n / 4);
	check_roundtrip(p, plen, t, n, SLO_SOURCE_GZIP, 1 << 20);
	check_roundtrip(p, plen, t, n, SLO_SOURCE_GZIP, 333);
	free(p);
	free(t);
}

/* Two members one after the other read as their texts one after the
 * other (RFC 1952 2.2: "a gzip file consists of a series of members"). */
static void
test_gzip_members(void **state)
{
	size_t n1, n2, l1, l2;
	char *a = text(10, &n1), *b = text(3000, &n2), *want;
	unsigned char *p1 = gzip(a, n1, &l1), *p2 = gzip(b, n2, &l2), *both;

	(void)state;
	both = malloc(l1 + l2);
	want = malloc(n1 + n2);
	memcpy(both, p1, l1);
	memcpy(both + l1, p2, l2);
	memcpy(want, a, n1);
	memcpy(want + n1, b, n2);
	check_roundtrip(both, l1 + l2, want, n1 + n2, SLO_SOURCE_GZIP, 4096);
	free(a); free(b); free(p1); free(p2); free(both); free(want);
}

static void
test_zstd(void **state)
{
	size_t n, plen, n2, l2;
	char *t = text(20000, &n), *b = text(5, &n2), *want;
	unsigned char *p = zstd(t, n, &plen), *p2 = zstd(b, n2, &l2), *both;

	(void)state;
	check_roundtrip(p, plen, t, n, SLO_SOURCE_ZSTD, 1 << 20);
	check_roundtrip(p, plen, t, n, SLO_SOURCE_ZSTD, 100);
	/* two frames (RFC 8878 3.1: frames are independent, concatenated) */
	both = malloc(plen + l2);
	want = malloc(n + n2);
	memcpy(both, p, plen);
	memcpy(both + plen, p2, l2);
	memcpy(want, t, n);
	memcpy(want + n, b, n2);
	check_roundtrip(both, plen + l2, want, n + n2, SLO_SOURCE_ZSTD, 4096);
	free(t); free(b); free(p); free(p2); free(both); free(want);
}

/* An error, with its message holding `has`; the bytes before it come out. */
static void
check_error(const void *packed, size_t plen, const char *has)
{
	FILE *f = mem(packed, plen);
	slo_source *s = slo_source_new(f);
	size_t cap = 4 << 20, got;
	char *buf = malloc(cap);

	assert_int_equal(drain(s, buf, cap, 65536, &got), -1);
	if (strstr(slo_source_error(s), has) == NULL)
		fail_msg("error '%s' lacks '%s'", slo_source_error(s), has);
	slo_source_free(s);
	fclose(f);
	free(buf);
}

static void
test_truncated(void **state)
{
	size_t n, gl, zl;
	char *t = text(20000, &n);
	unsigned char *g = gzip(t, n, &gl), *z = zstd(t, n, &zl);
	char want[96];

	(void)state;
	snprintf(want, sizeof want, "truncated gzip stream: it ends at byte "
	    "%zu inside a member", gl / 2);
	check_error(g, gl / 2, want);
	/* the 8-byte trailer (CRC-32, ISIZE) missing */
	snprintf(want, sizeof want, "ends at byte %zu", gl - 8);
	check_error(g, gl - 8, want);
	snprintf(want, sizeof want, "truncated zstd stream: it ends at byte "
	    "%zu inside a frame", zl - 1);
	check_error(z, zl - 1, want);
	check_error("\x1f\x8b", 2, "truncated gzip stream: it ends at byte 2");
	free(t); free(g); free(z);
}

static void
test_corrupt(void **state)
{
	size_t n, gl, zl;
	char *t = text(20000, &n);
	unsigned char *g = gzip(t, n, &gl), *z = zstd(t, n, &zl);

	(void)state;
	/* the CRC-32 of the trailer (RFC 1952 2.3.1) flipped */
	g[gl - 8] ^= 0xff;
	check_error(g, gl, "corrupt gzip stream at byte");
	check_error(g, gl, "incorrect data check");
	g[gl - 8] ^= 0xff;
	/*
	 * A reserved compression method in the header (CM, the third byte,
	 * != 8): zlib reads CM and FLG as one 16-bit word, so it finds the
	 * error with 4 bytes read; the offset says how far the decoder read.
	 */
	g[2] = 7;
	check_error(g, gl, "corrupt gzip stream at byte 4: unknown compression method");
	g[2] = 8;
	/* bytes that are no member after a whole one */
	{
		unsigned char *more = malloc(gl + 4);

		memcpy(more, g, gl);
		memcpy(more + gl, "junk", 4);
		check_error(more, gl + 4, "corrupt gzip stream");
		free(more);
	}
	/* zstd: the frame's content checksum is not written by default;
	 * corrupt the first block's header instead (the 4 bytes after the
	 * 4-byte magic and the frame header) with a reserved block type */
	{
		unsigned char *c = malloc(zl);
		char want[64];

		memcpy(c, z, zl);
		memset(c + zl / 2, 0xff, 16);
		check_error(c, zl, "corrupt zstd stream at bytes");
		/* the range given holds the damage */
		{
			FILE *f = mem(c, zl);
			slo_source *s = slo_source_new(f);
			size_t got;
			unsigned long long a, b;
			char *buf = malloc(4 << 20);

			assert_int_equal(drain(s, buf, 4 << 20, 65536, &got), -1);
			assert_int_equal(sscanf(slo_source_error(s),
			    "corrupt zstd stream at bytes %llu to %llu", &a, &b), 2);
			assert_true(a <= zl / 2 + 16 && b >= zl / 2);
			(void)want;
			slo_source_free(s);
			fclose(f);
			free(buf);
		}
		free(c);
	}
	free(t); free(g); free(z);
}

/* The line reader over a source: lines of a gzip stream, one by one. */
static void
test_reader_over_source(void **state)
{
	static const char in[] = "a\nbb\r\n\nlast";
	size_t plen;
	unsigned char *p = gzip(in, sizeof in - 1, &plen);
	FILE *f = mem(p, plen);
	slo_source *s = slo_source_new(f);
	slo_reader *r = slo_reader_new_source(s);
	const char *l;
	size_t n;

	(void)state;
	assert_int_equal(slo_reader_next(r, &l, &n), 1);
	assert_string_equal(l, "a");
	assert_int_equal(slo_reader_next(r, &l, &n), 1);
	assert_string_equal(l, "bb");
	assert_true(slo_reader_had_cr(r));
	assert_int_equal(slo_reader_next(r, &l, &n), 1);
	assert_int_equal(n, 0);
	assert_int_equal(slo_reader_next(r, &l, &n), 1);
	assert_string_equal(l, "last");
	assert_int_equal(slo_reader_next(r, &l, &n), 0);
	slo_reader_free(r);
	slo_source_free(s);
	fclose(f);
	free(p);
}

/*
 * A plain line on a pipe comes out before the writer writes more: the
 * first byte tells a plain stream, so nothing waits for a fourth byte
 * (`tail -f log | slo-ingest --unbuffered`).
 */
static void
test_pipe_not_held(void **state)
{
	int fds[2];
	FILE *f;
	slo_source *s;
	char buf[16];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "{}\n", 3), 3);
	f = fdopen(fds[0], "r");
	s = slo_source_new(f);
	/* the write end stays open: a wait would block the test forever */
	assert_int_equal(slo_source_read(s, buf, 1), 1);
	assert_int_equal(buf[0], '{');
	assert_int_equal(slo_source_read(s, buf, sizeof buf), 2);
	assert_memory_equal(buf, "}\n", 2);
	close(fds[1]);
	assert_int_equal(slo_source_read(s, buf, sizeof buf), 0);
	slo_source_free(s);
	fclose(f);
}

/*
 * slo_source_map(): a plain regular file is mapped from the descriptor's
 * offset on, the same bytes reading gives, and map_done() at the end
 * counts them consumed and leaves the offset past them, as reading does.
 * What the stages would change (gzip, a JSON array, a Docker wrapper
 * under --unwrap auto) is not mapped, and then reads from where it stood
 * as if no map had been tried.
 */
static void
check_map(const char *bytes, size_t n, long skip, int unwrap, int mapped)
{
	FILE *f = mem(bytes, n);
	slo_source *s, *ref;
	const char *d;
	size_t len, got, want;
	char *buf = malloc(2 * n + 64), *rbuf = malloc(2 * n + 64);

	assert_non_null(buf);
	assert_non_null(rbuf);
	assert_int_equal(lseek(fileno(f), skip, SEEK_SET), skip);
	s = slo_source_new(f);
	assert_non_null(s);
	if (unwrap)
		assert_int_equal(slo_source_set_unwrap(s, SLO_UNWRAP_AUTO), 0);
	assert_int_equal(slo_source_map(s, &d, &len), mapped);
	if (mapped) {
		assert_int_equal(len, n - (size_t)skip);
		assert_memory_equal(d, bytes + skip, len);
		assert_int_equal(slo_source_kind_of(s), SLO_SOURCE_PLAIN);
		slo_source_map_done(s, len / 2);
		assert_int_equal(slo_source_consumed(s), len / 2);
		slo_source_map_done(s, len);
		assert_int_equal(slo_source_consumed(s), len);
		assert_int_equal(lseek(fileno(f), 0, SEEK_CUR), (off_t)n);
		slo_source_free(s);
		fclose(f);
		free(buf);
		free(rbuf);
		return;
	}
	assert_int_equal(slo_source_consumed(s), 0);
	assert_int_equal(drain(s, buf, 2 * n + 64, 1000, &got), 0);
	slo_source_free(s);
	/* the same file read by a source that never tried a map */
	assert_int_equal(lseek(fileno(f), skip, SEEK_SET), skip);
	ref = slo_source_new(f);
	if (unwrap)
		assert_int_equal(slo_source_set_unwrap(ref, SLO_UNWRAP_AUTO), 0);
	assert_int_equal(drain(ref, rbuf, 2 * n + 64, 1000, &want), 0);
	assert_int_equal(got, want);
	assert_memory_equal(buf, rbuf, got);
	slo_source_free(ref);
	fclose(f);
	free(buf);
	free(rbuf);
}

static void
test_map(void **state)
{
	/* Docker's json-file driver's line
	 * (https://docs.docker.com/engine/logging/drivers/json-file/) */
	static const char docker[] = "{\"log\":\"{\\\"kind\\\":\\\"request\\\"}\\n\","
	    "\"stream\":\"stdout\",\"time\":\"2026-11-25T10:00:00.000000000Z\"}\n";
	static const char array[] = "[{\"kind\":\"request\"},\n{\"kind\":\"request\"}]\n";
	size_t n, plen;
	char *t = text(3000, &n);
	unsigned char *gz = gzip(t, n, &plen);

	(void)state;
	check_map(t, n, 0, 0, 1);
	check_map(t, n, 0, 1, 1);
	/* standard input left by the shell after its first line */
	check_map(t, n, (long)(strchr(t, '\n') - t) + 1, 1, 1);
	check_map(t, n, 4097, 0, 1);
	check_map("{}", 2, 0, 1, 1);
	check_map((const char *)gz, plen, 0, 1, 0);
	check_map(array, sizeof array - 1, 0, 1, 0);
	check_map(docker, sizeof docker - 1, 0, 1, 0);
	check_map(docker, sizeof docker - 1, 0, 0, 1);
	/* an empty file, or nothing after the offset: read (no mapping) */
	check_map("", 0, 0, 1, 0);
	check_map(t, n, (long)n, 1, 0);
	free(gz);
	free(t);
}

static void
test_map_pipe(void **state)
{
	int fds[2];
	FILE *f;
	slo_source *s;
	const char *d;
	size_t len;
	char buf[8];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "{}\n", 3), 3);
	close(fds[1]);
	f = fdopen(fds[0], "r");
	s = slo_source_new(f);
	assert_int_equal(slo_source_map(s, &d, &len), 0);
	assert_int_equal(slo_source_read(s, buf, sizeof buf), 3);
	slo_source_free(s);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_members),
		cmocka_unit_test(test_zstd),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_reader_over_source),
		cmocka_unit_test(test_pipe_not_held),
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_map_pipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
