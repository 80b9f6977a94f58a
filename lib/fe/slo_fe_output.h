/*
 * slo_fe_output.h — files replaced whole (output.c): -o FILE and the
 * extra outputs.  Private to the front end.
 */
#ifndef SLO_FE_OUTPUT_H
#define SLO_FE_OUTPUT_H

#include <stdio.h>

/* A file in the making: write to fp, then commit or abort. */
typedef struct slo_atomic {
	const char *path; /* the target: borrowed, or real */
	char *real;       /* the file a symbolic link points to */
	char *tmp;        /* DIR/.BASE.XXXXXX beside it */
	FILE *fp;         /* NULL once committed or aborted */
	int direct;       /* not a regular file: written in place */
} slo_atomic;

/*
 * Create the temporary file for path in path's directory, with the mode
 * path has (or 0666 less the umask for a new file); through a symbolic
 * link, beside the file it points to, which commit replaces.  A path
 * that is not a regular file (/dev/null, a fifo) is opened and written
 * directly.  0, or -1 with errno set and nothing created.  path must
 * outlive a.
 */
int slo_atomic_open(slo_atomic *a, const char *path);

/*
 * Flush, sync and rename the temporary file over the target.  0, or -1
 * with errno set: the temporary file is then removed and the target left
 * as it was.  A no-op on an a already committed or aborted.
 */
int slo_atomic_commit(slo_atomic *a);

/* Remove the temporary file; the target is left as it was. */
void slo_atomic_abort(slo_atomic *a);

/* data[0..len) as the whole new content of path; 0, or -1 with errno. */
int slo_atomic_write_file(const char *path, const void *data, size_t len);

#endif
