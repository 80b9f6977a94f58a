/*
 * output.c — files written whole or not at all: -o FILE and the extra
 * outputs of one run (--junit FILE, --prom FILE, ...).  A reader of the
 * file (node_exporter's textfile collector, a CI step, a browser) sees
 * the old content or the new, never half of either: the text goes to a
 * temporary file in the same directory (rename(2) is atomic only within
 * one file system) and is renamed over the target once complete.
 */
/* realpath(3) is XSI */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slo_fe_output.h"
#include "slo_num.h"

/*
 * The mode the new file gets: the target's when it exists (a rerun keeps
 * what the operator chose), else 0666 less the umask, as open(2) would
 * give; mkstemp()'s 0600 would hide metrics from node_exporter.
 */
static mode_t
target_mode(const char *path)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	mask = umask(022);
	umask(mask);
	return 0666 & ~mask;
}

/*
 * As --rejects does (cli.c): what is not a regular file (/dev/null, a
 * fifo, /dev/stdout) is written directly, and through a symbolic link
 * the file it points to is replaced, not the link.
 */
int
slo_atomic_open(slo_atomic *a, const char *path)
{
	struct stat st;
	const char *slash;
	size_t dirlen, n;
	int fd, e;

	memset(a, 0, sizeof *a);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((a->fp = fopen(path, "w")) == NULL)
			return -1;
		a->path = path;
		a->direct = 1;
		return 0;
	}
	if (stat(path, &st) == 0 && (a->real = realpath(path, NULL)) != NULL)
		path = a->real;
	slash = strrchr(path, '/');
	dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	n = strlen(path) + sizeof "/..XXXXXX";
	if ((a->tmp = malloc(n)) == NULL)
		goto fail;
	/* DIR/.BASE.XXXXXX: hidden, and beside the target */
	memcpy(a->tmp, path, dirlen);
	slo_snprintf(a->tmp + dirlen, n - dirlen, ".%s.XXXXXX", path + dirlen);
	if ((fd = mkstemp(a->tmp)) < 0)
		goto fail;
	if (fchmod(fd, target_mode(path)) != 0 ||
	    (a->fp = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		unlink(a->tmp);
		errno = e;
		goto fail;
	}
	a->path = path;
	return 0;
fail:
	e = errno;
	free(a->tmp);
	free(a->real);
	a->tmp = a->real = NULL;
	errno = e;
	return -1;
}

int
slo_atomic_commit(slo_atomic *a)
{
	int bad, e;

	if (a->fp == NULL)
		return 0;
	if (a->direct) {
		bad = fflush(a->fp) != 0 || ferror(a->fp);
		e = bad ? (errno ? errno : EIO) : 0;
		if (fclose(a->fp) != 0 && !bad) {
			bad = 1;
			e = errno ? errno : EIO;
		}
		a->fp = NULL;
		errno = e;
		return bad ? -1 : 0;
	}
	bad = fflush(a->fp) != 0 || ferror(a->fp) || fsync(fileno(a->fp)) != 0;
	e = bad ? (errno ? errno : EIO) : 0;
	if (fclose(a->fp) != 0 && !bad) {
		bad = 1;
		e = errno ? errno : EIO;
	}
	a->fp = NULL;
	if (!bad && rename(a->tmp, a->path) != 0) {
		bad = 1;
		e = errno;
	}
	if (bad)
		unlink(a->tmp);
	free(a->tmp);
	free(a->real);
	a->tmp = a->real = NULL;
	errno = e;
	return bad ? -1 : 0;
}

void
slo_atomic_abort(slo_atomic *a)
{
	if (a->fp == NULL)
		return;
	fclose(a->fp);
	a->fp = NULL;
	if (!a->direct)
		unlink(a->tmp);
	free(a->tmp);
	free(a->real);
	a->tmp = a->real = NULL;
}

int
slo_atomic_write_file(const char *path, const void *data, size_t len)
{
	slo_atomic a;
	int e;

	if (slo_atomic_open(&a, path) != 0)
		return -1;
	if (len > 0 && fwrite(data, 1, len, a.fp) != len) {
		e = errno ? errno : EIO;
		slo_atomic_abort(&a);
		errno = e;
		return -1;
	}
	return slo_atomic_commit(&a);
}
