/*
 * ingest_auto.c — slo-ingest --preset auto: the preset picked from the
 * first lines of the first input (slo_ingest_guess_preset()), read
 * through the same decompression and unwrapping as the run, and then
 * given back to the run whole.
 *
 * A file is simply opened twice.  Standard input is read once: when it
 * is seekable it is put back where it was; a pipe gets the bytes read
 * back in front of the rest by a thread that copies them both into a new
 * pipe on descriptor 0 (one more copy of the input, the price of
 * guessing from a stream).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slo_fe_ingest.h"
#include "slo_num.h"
#include "slo_source.h"

#define RAW_MAX (256u * 1024)   /* bytes of input read to guess from */
#define TEXT_MAX (1024u * 1024) /* bytes of it decoded */

/* Up to cap bytes of fd into buf; *eof when the input ended. */
static ssize_t
read_prefix(int fd, char *buf, size_t cap, int *eof)
{
	size_t n = 0;
	ssize_t r;

	*eof = 0;
	while (n < cap) {
		if ((r = read(fd, buf + n, cap - n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0) {
			*eof = 1;
			break;
		}
		n += (size_t)r;
	}
	return (ssize_t)n;
}

/* The copier of a piped standard input: what was read, then the rest. */
struct feeder {
	int from, to;
	char *head;
	size_t n;
};

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void *
feed(void *arg)
{
	struct feeder *f = arg;
	char buf[65536];
	ssize_t r;

	/* a reader gone early (EPIPE; SIGPIPE is ignored) ends the copy */
	if (write_all(f->to, f->head, f->n) == 0)
		while ((r = read(f->from, buf, sizeof buf)) != 0) {
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0 || write_all(f->to, buf, (size_t)r) < 0)
				break;
		}
	close(f->to);
	close(f->from);
	free(f->head);
	free(f);
	return NULL;
}

/*
 * Gives standard input's first n bytes back: a seek to where it was for a
 * seekable one, else a pipe fed by feed().  -1 with errno on failure.
 */
static int
stdin_give_back(const char *head, size_t n, off_t start)
{
	struct feeder *f;
	pthread_t t;
	int p[2];

	if (start >= 0)
		return lseek(0, start, SEEK_SET) < 0 ? -1 : 0;
	if ((f = calloc(1, sizeof *f)) == NULL ||
	    (f->head = malloc(n ? n : 1)) == NULL) {
		free(f);
		return -1;
	}
	memcpy(f->head, head, n);
	f->n = n;
	if (pipe(p) < 0)
		goto fail;
	if ((f->from = dup(0)) < 0 || dup2(p[0], 0) < 0) {
		close(p[0]);
		close(p[1]);
		goto fail;
	}
	close(p[0]);
	f->to = p[1];
	if ((errno = pthread_create(&t, NULL, feed, f)) != 0) {
		/* descriptor 0 is the new pipe, which no one will fill */
		close(p[1]);
		goto fail;
	}
	pthread_detach(t);
	return 0;
fail:
	free(f->head);
	free(f);
	return -1;
}

/*
 * raw[0 .. n) decompressed and unwrapped as the run will read it, into
 * *text (up to TEXT_MAX); *complete when that is all of it.
 */
static int
decode_prefix(slo_cli *cli, char *raw, size_t n, int raw_eof, slo_buf *text,
    int *complete)
{
	FILE *fp;
	slo_source *src;
	ssize_t r = 0;

	*complete = raw_eof;
	if (n == 0)
		return 0;
	if ((fp = fmemopen(raw, n, "r")) == NULL)
		return -1;
	if ((src = slo_source_new(fp)) == NULL ||
	    slo_source_set_unwrap(src, slo_cli_unwrap(cli)) < 0) {
		slo_source_free(src);
		fclose(fp);
		return -1;
	}
	while (text->len < TEXT_MAX) {
		if (slo_buf_reserve(text, 65536) != SLO_OK)
			break;
		r = slo_source_read(src, text->data + text->len, 65536);
		if (r <= 0)
			break;
		text->len += (size_t)r;
	}
	/* a compressed stream cut where the sample ends is not an error */
	if (r != 0 || text->len >= TEXT_MAX)
		*complete = 0;
	slo_source_free(src);
	fclose(fp);
	return 0;
}

const char *
slo_fe_ingest_auto(slo_cli *cli)
{
	const char *name = slo_cli_noperands(cli) > 0 ?
	    slo_cli_operand(cli, 0) : "-";
	int from_stdin = strcmp(name, "-") == 0, fd, eof = 0, complete;
	char *raw = malloc(RAW_MAX);
	slo_buf text = { 0 };
	slo_ingest_guess g;
	off_t start = -1;
	slo_error err;
	struct stat sb;
	ssize_t n = -1;
	const char *picked = NULL, *shown = from_stdin ? "<stdin>" : name;

	if (raw == NULL) {
		slo_cli_warn(cli, "out of memory");
		return NULL;
	}
	if (from_stdin && isatty(0)) {
		slo_cli_warn(cli, "--preset auto: cannot guess from a terminal; "
		    "give --preset");
		goto done;
	}
	if ((fd = from_stdin ? 0 : open(name, O_RDONLY | O_CLOEXEC)) < 0) {
		slo_cli_warn(cli, "%s: %s", name, strerror(errno));
		goto done;
	}
	if (from_stdin && fstat(0, &sb) == 0 && S_ISREG(sb.st_mode))
		start = lseek(0, 0, SEEK_CUR);
	n = read_prefix(fd, raw, RAW_MAX, &eof);
	if (n < 0)
		slo_cli_warn(cli, "%s: %s", shown, strerror(errno));
	if (!from_stdin)
		close(fd);
	else if (n >= 0 && stdin_give_back(raw, (size_t)n, start) < 0) {
		slo_cli_warn(cli, "%s: cannot read it again: %s", shown,
		    strerror(errno));
		n = -1;
	}
	if (n < 0)
		goto done;
	if (decode_prefix(cli, raw, (size_t)n, eof, &text, &complete) < 0) {
		slo_cli_warn(cli, "out of memory");
		goto done;
	}
	if (slo_ingest_guess_preset(text.data, text.len, complete, &g,
	    &err) != SLO_OK) {
		slo_snprintf(err.file, sizeof err.file, "%s", shown);
		err.col = 0;
		slo_cli_report(cli, &err);
		goto done;
	}
	picked = g.preset;
	if (g.unfit > 0)
		slo_cli_warn(cli, "%s: --preset auto picked %s (%s) from its "
		    "first %llu line%s; %llu of %llu records there fit no "
		    "preset", shown, g.preset, g.what, (unsigned long long)g.lines,
		    g.lines == 1 ? "" : "s", (unsigned long long)g.unfit,
		    (unsigned long long)g.records);
	else
		slo_cli_warn(cli, "%s: --preset auto picked %s (%s) from its "
		    "first %llu line%s", shown, g.preset, g.what,
		    (unsigned long long)g.lines, g.lines == 1 ? "" : "s");
done:
	free(raw);
	slo_buf_release(&text);
	return picked;
}
