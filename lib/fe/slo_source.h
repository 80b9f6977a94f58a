/*
 * slo_source.h — the bytes of one input, decompressed when they are
 * compressed.
 *
 * A source reads a stream as read(2) does: what has arrived, at least one
 * byte unless at the end or on an error.  Its first bytes say what it is
 * (the magic numbers of RFC 1952 for gzip, 1f 8b; of RFC 8878 for zstd,
 * 28 b5 2f fd); a compressed stream comes out decompressed, one member or
 * frame after another (`cat a.gz b.gz` is one gzip stream, as for
 * gzip -d), and anything else comes out byte for byte.  Memory stays
 * flat: a compressed stream is decoded a buffer at a time.
 */
#ifndef SLO_SOURCE_H
#define SLO_SOURCE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

typedef enum slo_source_kind {
	SLO_SOURCE_UNKNOWN, /* nothing read yet */
	SLO_SOURCE_PLAIN,
	SLO_SOURCE_GZIP,
	SLO_SOURCE_ZSTD
} slo_source_kind;

typedef struct slo_source slo_source;

/* A source over fp (read with read(2) on its descriptor, else fread()).
 * NULL when memory ran out.  fp stays the caller's. */
slo_source *slo_source_new(FILE *fp);
void slo_source_free(slo_source *s);

/*
 * Up to n bytes into buf: > 0, 0 at the end, or -1 on an error, which
 * slo_source_error() describes (a read error: strerror(errno), with errno
 * kept; a corrupt or truncated compressed stream: what and at which byte
 * offset of the compressed input).
 */
ssize_t slo_source_read(slo_source *s, void *buf, size_t n);
const char *slo_source_error(const slo_source *s);

/*
 * Take container wrappers off each line (slo_unwrap.h; mode is an
 * slo_unwrap_mode), after decompression.  Before the first read.
 * -1 when memory ran out.
 */
int slo_source_set_unwrap(slo_source *s, int mode);

/*
 * The stream in memory, mapped rather than read, when that gives exactly
 * the bytes slo_source_read() would: a regular file (from the
 * descriptor's offset on), neither compressed nor framed (slo_frame.h)
 * nor, under --unwrap auto, wrapped (its first lines say), before
 * anything was read.  1 with *data and *len (read-only, no byte after
 * them may be touched, valid until slo_source_free()); 0 when it is to be
 * read instead (nothing was read from the stream then).  An empty file is
 * read.  The file is taken at the size it had here: what is appended
 * later is not read.
 */
int slo_source_map(slo_source *s, const char **data, size_t *len);

/*
 * The mapped bytes before upto are done with: they count as consumed and
 * their pages leave the process (they stay in the page cache), so that
 * resident memory stays a few chunks whatever the file's size.  At the
 * end (upto == *len) the descriptor's offset moves past them, as reading
 * would have moved it.
 */
void slo_source_map_done(slo_source *s, size_t upto);

slo_source_kind slo_source_kind_of(const slo_source *s);
/* Bytes read from the stream so far (compressed bytes when compressed). */
uint64_t slo_source_consumed(const slo_source *s);

#endif
