/*
 * source.c — an input's bytes, gzip and zstd decompressed on the way.
 * See slo_source.h for the contract.
 */
/* madvise(2) and MADV_DONTNEED, which POSIX's posix_madvise() lacks */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include "slo_num.h"
#include "slo_source.h"
#include "slo_unwrap.h"
#include "slo_frame.h"

#define SOURCE_INBUF (64 * 1024)
#define ZSTD_FEED 4096

struct slo_source {
	FILE *fp;
	int fd;                /* -1: fread() fp */
	slo_source_kind kind;
	unsigned char *in;     /* compressed bytes read, not yet decoded */
	size_t in_pos, in_len;
	unsigned char head[4]; /* the first bytes, to tell the kind */
	size_t head_pos, head_len;
	int eof;               /* the stream is at its end */
	uint64_t consumed;     /* bytes read from the stream */
	z_stream z;
	int z_ready;
	int member_done;       /* gzip: a member ended, none begun since */
	ZSTD_DStream *zd;
	size_t zstd_hint;      /* 0: at a frame boundary */
	char err[160];
	/* the unwrapping stage, when set: lines in, payload lines out */
	slo_unwrap *uw;
	char *lbuf;            /* decompressed bytes of lines not yet whole */
	size_t llen, lcap;
	size_t lscanned;       /* of lbuf, the bytes known to hold no '\n' */
	slo_buf obuf;          /* unwrapped lines not yet handed out */
	size_t opos;
	int bypass;            /* no wrapper: read straight through */
	int ueof;
	/* the framing stage: JSON arrays and multi-line values cut */
	slo_frame *fr;
	slo_buf fbuf;          /* framed bytes not yet handed out */
	size_t fpos;
	int fbypass;           /* no framing: read straight through */
	int framed_eof;
	char *fin;             /* decoded bytes, for the framer */
	/* slo_source_map(): the file mapped, instead of all of the above */
	char *map;             /* the mapping, from a page boundary */
	size_t map_size;       /* its bytes */
	size_t map_skip;       /* of them, before the descriptor's offset */
	size_t map_freed;      /* of them, the pages given back */
	off_t map_off;         /* the descriptor's offset then */
};

slo_source *
slo_source_new(FILE *fp)
{
	slo_source *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->fp = fp;
	s->fd = fileno(fp);
	if ((s->fr = slo_frame_new()) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
slo_source_free(slo_source *s)
{
	if (s == NULL)
		return;
	if (s->z_ready)
		inflateEnd(&s->z);
	ZSTD_freeDStream(s->zd);
	free(s->in);
	slo_unwrap_free(s->uw);
	slo_frame_free(s->fr);
	slo_buf_release(&s->fbuf);
	free(s->fin);
	free(s->lbuf);
	slo_buf_release(&s->obuf);
	if (s->map != NULL)
		munmap(s->map, s->map_size);
	free(s);
}

const char *
slo_source_error(const slo_source *s)
{
	return s->err;
}

slo_source_kind
slo_source_kind_of(const slo_source *s)
{
	return s->kind;
}

uint64_t
slo_source_consumed(const slo_source *s)
{
	return s->consumed;
}

/* read(2) from the stream, or fread() when it has no descriptor. */
static ssize_t
raw_read(slo_source *s, void *buf, size_t n)
{
	ssize_t got;

	if (s->fd < 0) {
		size_t r = fread(buf, 1, n, s->fp);

		if (r == 0 && ferror(s->fp))
			got = -1;
		else
			got = (ssize_t)r;
	} else
		do
			got = read(s->fd, buf, n);
		while (got < 0 && errno == EINTR);
	if (got < 0)
		slo_snprintf(s->err, sizeof s->err, "%s", strerror(errno));
	else
		s->consumed += (uint64_t)got;
	if (got == 0)
		s->eof = 1;
	return got;
}

static const unsigned char gzip_magic[2] = { 0x1f, 0x8b };
static const unsigned char zstd_magic[4] = { 0x28, 0xb5, 0x2f, 0xfd };

/* Whether the head read so far may still begin magic[0 .. n). */
static int
may_be(const slo_source *s, const unsigned char *magic, size_t n)
{
	size_t k = s->head_len < n ? s->head_len : n;

	return memcmp(s->head, magic, k) == 0;
}

/*
 * Reads the first bytes until they tell the kind.  A plain stream is
 * told by its first byte (no magic begins with '{' or a letter), so a
 * line arriving on a pipe is not held back waiting for more.
 */
static int
detect(slo_source *s)
{
	while (s->head_len < sizeof s->head) {
		ssize_t got;

		if (s->head_len > 0 && !may_be(s, gzip_magic, 2) &&
		    !may_be(s, zstd_magic, 4))
			break;
		if (s->head_len >= 2 && may_be(s, gzip_magic, 2))
			break;
		got = raw_read(s, s->head + s->head_len,
		    sizeof s->head - s->head_len);
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		s->head_len += (size_t)got;
	}
	if (s->head_len >= 2 && may_be(s, gzip_magic, 2))
		s->kind = SLO_SOURCE_GZIP;
	else if (s->head_len == 4 && may_be(s, zstd_magic, 4))
		s->kind = SLO_SOURCE_ZSTD;
	else {
		s->kind = SLO_SOURCE_PLAIN;
		return 0;
	}
	if ((s->in = malloc(SOURCE_INBUF)) == NULL) {
		slo_snprintf(s->err, sizeof s->err, "out of memory");
		return -1;
	}
	memcpy(s->in, s->head, s->head_len);
	s->in_len = s->head_len;
	s->head_len = 0;
	if (s->kind == SLO_SOURCE_GZIP) {
		/* 15 + 16: a gzip wrapper only, largest window */
		if (inflateInit2(&s->z, 15 + 16) != Z_OK) {
			slo_snprintf(s->err, sizeof s->err, "out of memory");
			return -1;
		}
		s->z_ready = 1;
		return 0;
	}
	s->zstd_hint = 1; /* inside a frame until the decoder says not */
	if ((s->zd = ZSTD_createDStream()) == NULL ||
	    ZSTD_isError(ZSTD_initDStream(s->zd))) {
		slo_snprintf(s->err, sizeof s->err, "out of memory");
		return -1;
	}
	return 0;
}

/* Refill the compressed buffer when it is spent: 1, 0 at the end, -1. */
static int
refill(slo_source *s)
{
	ssize_t got;

	if (s->in_pos < s->in_len)
		return 1;
	if (s->eof)
		return 0;
	s->in_pos = s->in_len = 0;
	if ((got = raw_read(s, s->in, SOURCE_INBUF)) < 0)
		return -1;
	s->in_len = (size_t)got;
	return got > 0;
}

/* Offset in the compressed stream of the next byte to decode. */
static unsigned long long
offset(const slo_source *s)
{
	return (unsigned long long)(s->consumed - (s->in_len - s->in_pos));
}

static ssize_t
gzip_read(slo_source *s, unsigned char *buf, size_t n)
{
	for (;;) {
		int r = refill(s), zr;
		size_t out;

		if (r < 0)
			return -1;
		if (r == 0 && s->member_done)
			return 0;
		if (s->member_done) {
			/* another member follows, as gzip -d reads it */
			inflateReset(&s->z);
			s->member_done = 0;
		}
		s->z.next_in = s->in + s->in_pos;
		s->z.avail_in = (uInt)(s->in_len - s->in_pos);
		s->z.next_out = buf;
		s->z.avail_out = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
		zr = inflate(&s->z, Z_NO_FLUSH);
		s->in_pos = s->in_len - s->z.avail_in;
		out = (size_t)(s->z.next_out - buf);
		if (zr == Z_STREAM_END)
			s->member_done = 1;
		else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			slo_snprintf(s->err, sizeof s->err, "corrupt gzip "
			    "stream at byte %llu: %s", offset(s),
			    s->z.msg != NULL ? s->z.msg : zError(zr));
			return -1;
		}
		if (out > 0)
			return (ssize_t)out;
		/* at the end, with no output held back: cut short */
		if (r == 0 && !s->member_done) {
			slo_snprintf(s->err, sizeof s->err, "truncated gzip "
			    "stream: it ends at byte %llu inside a member",
			    offset(s));
			return -1;
		}
	}
}

static ssize_t
zstd_read(slo_source *s, unsigned char *buf, size_t n)
{
	for (;;) {
		ZSTD_inBuffer zin;
		ZSTD_outBuffer zout = { buf, n, 0 };
		size_t hint;
		int r = refill(s);

		if (r < 0)
			return -1;
		if (r == 0 && s->zstd_hint == 0)
			return 0;
		/*
		 * At most ZSTD_FEED bytes a call: on an error the decoder does
		 * not say where it was, so the offset is known to that range.
		 */
		zin.src = s->in;
		zin.pos = s->in_pos;
		zin.size = s->in_len - s->in_pos > ZSTD_FEED ?
		    s->in_pos + ZSTD_FEED : s->in_len;
		hint = ZSTD_decompressStream(s->zd, &zout, &zin);
		if (ZSTD_isError(hint)) {
			unsigned long long at = offset(s);

			slo_snprintf(s->err, sizeof s->err, "corrupt zstd "
			    "stream at bytes %llu to %llu: %s", at,
			    at + (zin.size - s->in_pos),
			    ZSTD_getErrorName(hint));
			return -1;
		}
		s->in_pos = zin.pos;
		s->zstd_hint = hint;
		if (zout.pos > 0)
			return (ssize_t)zout.pos;
		if (r == 0) {
			slo_snprintf(s->err, sizeof s->err, "truncated zstd "
			    "stream: it ends at byte %llu inside a frame",
			    offset(s));
			return -1;
		}
	}
}

static ssize_t
decoded_read(slo_source *s, void *buf, size_t n)
{
	if (n == 0)
		return 0;
	if (s->kind == SLO_SOURCE_UNKNOWN && detect(s) < 0)
		return -1;
	switch (s->kind) {
	case SLO_SOURCE_GZIP:
		return gzip_read(s, buf, n);
	case SLO_SOURCE_ZSTD:
		return zstd_read(s, buf, n);
	default:
		break;
	}
	if (s->head_pos < s->head_len) {
		size_t k = s->head_len - s->head_pos;

		if (k > n)
			k = n;
		memcpy(buf, s->head + s->head_pos, k);
		s->head_pos += k;
		return (ssize_t)k;
	}
	if (s->eof)
		return 0;
	return raw_read(s, buf, n);
}

#define FRAME_READ (64 * 1024)

/*
 * The decoded bytes through the framer (slo_frame.h): as they are once
 * its first bytes have told it that no JSON needs cutting.
 */
/* Up to n bytes of what a stage holds from *pos on (at least one). */
static ssize_t
give(const slo_buf *b, size_t *pos, void *buf, size_t n)
{
	size_t k = b->len - *pos;

	if (k > n)
		k = n;
	memcpy(buf, b->data + *pos, k);
	*pos += k;
	return (ssize_t)k;
}

static ssize_t
framed_read(slo_source *s, void *buf, size_t n)
{
	if (s->fbypass && s->fpos == s->fbuf.len)
		return decoded_read(s, buf, n);
	while (s->fpos == s->fbuf.len) {
		ssize_t got;

		s->fpos = s->fbuf.len = 0;
		if (s->framed_eof)
			return 0;
		if (s->fbypass)
			return decoded_read(s, buf, n);
		if (s->fin == NULL && (s->fin = malloc(FRAME_READ)) == NULL) {
			slo_snprintf(s->err, sizeof s->err, "out of memory");
			return -1;
		}
		if ((got = decoded_read(s, s->fin, FRAME_READ)) < 0)
			return -1;
		s->framed_eof = got == 0;
		if (slo_frame_feed(s->fr, s->fin, (size_t)got, s->framed_eof,
		    &s->fbuf) != SLO_OK) {
			slo_snprintf(s->err, sizeof s->err, "out of memory");
			return -1;
		}
		s->fbypass = slo_frame_mode_of(s->fr) == SLO_FRAME_NONE;
	}
	return give(&s->fbuf, &s->fpos, buf, n);
}

int
slo_source_set_unwrap(slo_source *s, int mode)
{
	if (mode == SLO_UNWRAP_NONE)
		return 0;
	if ((s->uw = slo_unwrap_new((slo_unwrap_mode)mode)) == NULL)
		return -1;
	return 0;
}

#define UNWRAP_READ (64 * 1024)
/* The most of a first line kept to tell whether it is a wrapper. */
#define UNWRAP_DECIDE (64 * 1024)

/*
 * Unwrap the whole lines of lbuf into obuf, keeping the part of a line;
 * at the end (eof) the last line too.  Once the first line has told
 * that the stream is not wrapped, the rest goes through as it is.
 */
static int
unwrap_lines(slo_source *s, int eof)
{
	size_t start = 0;

	for (;;) {
		/* what an earlier call scanned of a long line, not again */
		size_t from = start > s->lscanned ? start : s->lscanned;
		char *nl = memchr(s->lbuf + from, '\n', s->llen - from);
		size_t n, before;
		int cr;

		if (slo_unwrap_mode_of(s->uw) == SLO_UNWRAP_NONE ||
		    (slo_unwrap_mode_of(s->uw) == SLO_UNWRAP_AUTO && nl == NULL &&
		    s->llen - start >= UNWRAP_DECIDE)) {
			/*
			 * No wrapper, or a first line longer than any wrapper's
			 * (Docker and the kubelet cut lines at 16 KiB): no need
			 * to keep it whole to tell.
			 */
			s->bypass = 1;
			break;
		}
		if (nl == NULL && !(eof && start < s->llen)) {
			s->lscanned = s->llen;
			break;
		}
		n = (size_t)((nl != NULL ? nl : s->lbuf + s->llen) -
		    (s->lbuf + start));
		cr = n > 0 && s->lbuf[start + n - 1] == '\r';
		before = s->obuf.len;
		if (slo_unwrap_line(s->uw, s->lbuf + start, n - (size_t)cr,
		    nl != NULL && cr, &s->obuf) != SLO_OK)
			return -1;
		if (nl == NULL) {
			/* a last line without '\n' stays without */
			if (s->obuf.len > before)
				s->obuf.len--;
			start = s->llen;
			break;
		}
		start += n + 1;
	}
	if (s->bypass || eof) {
		/* what is left goes as it is: no wrapper, or a last part */
		if (slo_buf_append(&s->obuf, s->lbuf + start,
		    s->llen - start) != SLO_OK)
			return -1;
		start = s->llen;
	}
	if (eof && slo_unwrap_finish(s->uw, &s->obuf) != SLO_OK)
		return -1;
	memmove(s->lbuf, s->lbuf + start, s->llen - start);
	s->llen -= start;
	s->lscanned = s->lscanned > start ? s->lscanned - start : 0;
	return 0;
}

ssize_t
slo_source_read(slo_source *s, void *buf, size_t n)
{
	if (s->uw == NULL || (s->bypass && s->opos == s->obuf.len))
		return framed_read(s, buf, n);
	while (s->opos == s->obuf.len) {
		ssize_t got;

		s->opos = s->obuf.len = 0;
		if (s->ueof)
			return 0;
		if (s->bypass)
			return framed_read(s, buf, n);
		if (s->lcap - s->llen < UNWRAP_READ) {
			size_t ncap = s->lcap * 2 + UNWRAP_READ;
			char *p = realloc(s->lbuf, ncap);

			if (p == NULL) {
				slo_snprintf(s->err, sizeof s->err, "out of memory");
				return -1;
			}
			s->lbuf = p;
			s->lcap = ncap;
		}
		if ((got = framed_read(s, s->lbuf + s->llen, UNWRAP_READ)) < 0)
			return -1;
		s->llen += (size_t)got;
		s->ueof = got == 0;
		if (unwrap_lines(s, s->ueof) < 0) {
			slo_snprintf(s->err, sizeof s->err, "out of memory");
			return -1;
		}
	}
	return give(&s->obuf, &s->opos, buf, n);
}

/* ---- mapped input ----------------------------------------------------- */

/*
 * Whether the framer (slo_frame.h) passes the n bytes at p untouched: fed
 * as framed_read() feeds it, until its first bytes have told.
 */
static int
map_unframed(const char *p, size_t n)
{
	slo_frame *f = slo_frame_new();
	slo_buf out = { 0 };
	size_t at = 0;
	int ok = 0;

	if (f == NULL)
		return 0;
	while (slo_frame_mode_of(f) == SLO_FRAME_UNDECIDED) {
		size_t k = n - at < FRAME_READ ? n - at : FRAME_READ;

		if (slo_frame_feed(f, p + at, k, at + k == n, &out) != SLO_OK)
			break;
		slo_buf_reset(&out);
		at += k;
		if (at == n && slo_frame_mode_of(f) == SLO_FRAME_UNDECIDED)
			break;
	}
	ok = slo_frame_mode_of(f) == SLO_FRAME_NONE;
	slo_buf_release(&out);
	slo_frame_free(f);
	return ok;
}

/* Lines looked at for --unwrap auto's choice before giving up the map. */
#define MAP_UNWRAP_LOOK (1024 * 1024)

/*
 * Whether --unwrap auto passes the n bytes at p untouched: its first
 * non-blank line is no wrapper, or a first line longer than any wrapper
 * cut it short, as unwrap_lines() decides.
 */
static int
map_unwrapped(const char *p, size_t n)
{
	slo_unwrap *u = slo_unwrap_new(SLO_UNWRAP_AUTO);
	slo_buf out = { 0 };
	size_t at = 0;
	int ok = 0;

	if (u == NULL)
		return 0;
	while (at < n && at < MAP_UNWRAP_LOOK) {
		const char *nl = memchr(p + at, '\n', n - at);
		size_t len = (size_t)((nl != NULL ? nl : p + n) - (p + at));
		int cr = len > 0 && p[at + len - 1] == '\r';

		if (len >= UNWRAP_DECIDE) {
			ok = 1;
			break;
		}
		if (slo_unwrap_line(u, p + at, len - (size_t)cr,
		    nl != NULL && cr, &out) != SLO_OK)
			break;
		slo_buf_reset(&out);
		if (slo_unwrap_mode_of(u) != SLO_UNWRAP_AUTO) {
			ok = slo_unwrap_mode_of(u) == SLO_UNWRAP_NONE;
			break;
		}
		at += len + 1;
	}
	slo_buf_release(&out);
	slo_unwrap_free(u);
	return ok;
}

/* Whether the n bytes at p come out of the stages as they are. */
static int
map_plain(const slo_source *s, const char *p, size_t n)
{
	if (n >= 2 && memcmp(p, gzip_magic, 2) == 0)
		return 0;
	if (n >= 4 && memcmp(p, zstd_magic, 4) == 0)
		return 0;
	if (!map_unframed(p, n))
		return 0;
	if (s->uw != NULL && (slo_unwrap_mode_of(s->uw) != SLO_UNWRAP_AUTO ||
	    !map_unwrapped(p, n)))
		return 0;
	return 1;
}

int
slo_source_map(slo_source *s, const char **data, size_t *len)
{
	long page = sysconf(_SC_PAGESIZE);
	struct stat st;
	size_t skip, n;
	off_t off;
	void *m;

	if (s->fd < 0 || s->kind != SLO_SOURCE_UNKNOWN || s->consumed > 0 ||
	    s->map != NULL || page <= 0)
		return 0;
	if (fstat(s->fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (off = lseek(s->fd, 0, SEEK_CUR)) < 0 || st.st_size <= off)
		return 0;
	if ((uintmax_t)(st.st_size - off) > SIZE_MAX - (size_t)page)
		return 0;
	n = (size_t)(st.st_size - off);
	skip = (size_t)(off % page);
	m = mmap(NULL, skip + n, PROT_READ, MAP_PRIVATE, s->fd, off - (off_t)skip);
	if (m == MAP_FAILED)
		return 0;
	if (!map_plain(s, (char *)m + skip, n)) {
		munmap(m, skip + n);
		return 0;
	}
	/* read ahead further, and drop the pages behind sooner */
	madvise(m, skip + n, MADV_SEQUENTIAL);
	s->map = m;
	s->map_size = skip + n;
	s->map_skip = skip;
	s->map_off = off;
	s->kind = SLO_SOURCE_PLAIN;
	*data = s->map + skip;
	*len = n;
	return 1;
}

void
slo_source_map_done(slo_source *s, size_t upto)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t end = s->map_skip + upto;

	if (s->map == NULL || end > s->map_size)
		return;
	s->consumed = upto;
	if (end == s->map_size) {
		lseek(s->fd, s->map_off + (off_t)upto, SEEK_SET);
		s->eof = 1;
	} else
		end -= end % (size_t)page;
	if (end > s->map_freed) {
		/* unchanged private pages: only the process lets them go */
		madvise(s->map + s->map_freed, end - s->map_freed,
		    MADV_DONTNEED);
		s->map_freed = end;
	}
}
