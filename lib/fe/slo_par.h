/*
 * slo_par.h — a chunked parallel line pipeline.
 *
 * The feeding thread reads a stream in blocks, cuts each block after its
 * last '\n' (the rest is carried over to the next chunk, so a line longer
 * than a block still arrives whole, in one chunk) and hands the chunks to
 * `jobs` worker threads.  Whatever a worker makes of a chunk goes back to
 * the feeding thread, which hands the chunks to emit() one by one in the
 * order they were read.  So workers may run in any order while the output
 * keeps the order of the input.
 *
 * Memory is bounded: at most 2 x jobs chunks are in flight (read, being
 * worked on, or waiting to be emitted); the feeder blocks, emitting, until
 * a slot is free.  A chunk holds about one block, or one line when a line
 * is longer than that.  Bytes already in memory (a mapped file,
 * slo_par_feed_mem()) are handed on in slices without a copy, so the
 * feeder does little more than find where the slices end.
 *
 * The pipeline does not know what a line means: work() and emit() do.
 * Chunks never span two streams; slo_par_mark() queues a chunk holding no
 * lines, only a note (a diagnostic that must come out between two chunks).
 */
#ifndef SLO_PAR_H
#define SLO_PAR_H

#include <stdio.h>
#include <sys/types.h>
#include "slo.h"

#define SLO_PAR_MAX_JOBS 64
#define SLO_PAR_BLOCK (1024 * 1024)

typedef struct slo_par_chunk {
	/* Set by the pipeline, read-only for work() and emit(). */
	uint64_t seq;       /* 0, 1, 2, ... in input order */
	const char *file;   /* the name given to slo_par_feed() */
	int first;          /* the first chunk of its stream */
	int tag;            /* 0 for lines; slo_par_mark()'s tag otherwise */
	/*
	 * Whole lines, each ending in '\n' except, at the end of the stream,
	 * the last.  work() may write in data[0 .. len] (data[len] exists),
	 * unless ro is set.
	 */
	char *data;
	size_t len;
	/* slo_par_feed_mem(): data is the caller's memory (a mapped file),
	 * read-only, and nothing after data[len - 1] may be read. */
	int ro;
	/* Emptied before each use; for work() to fill and emit() to read. */
	slo_buf out;
	slo_buf aux;        /* slo_par_mark(): the note */
	uint64_t n[16];     /* counters, zeroed before each use */
} slo_par_chunk;

typedef struct slo_par_ops {
	/* In a worker thread (worker is 0 .. jobs - 1), chunks in any order.
	 * Returns 0, or -1 to stop the run (a fatal error the caller keeps). */
	int (*work)(void *ctx, int worker, slo_par_chunk *c);
	/* In the feeding thread, in chunk order.  0, or -1 to stop the run. */
	int (*emit)(void *ctx, slo_par_chunk *c);
	void *ctx;
} slo_par_ops;

typedef struct slo_par slo_par;

/*
 * Start jobs (1 .. SLO_PAR_MAX_JOBS) worker threads reading blocks of
 * block bytes (0: SLO_PAR_BLOCK).  NULL when memory or threads ran out
 * (errno set); no thread is left running then.
 */
slo_par *slo_par_new(int jobs, size_t block, const slo_par_ops *ops);

/*
 * Read fp to its end, chunk by chunk, emitting the chunks that are done
 * on the way.  Returns SLO_OK at the end of fp, SLO_EIO on a read error
 * (errno kept; every whole line before it was handed on; the partial line
 * is dropped), SLO_ENOMEM, or SLO_ELIMIT once the run is stopped.
 */
slo_status slo_par_feed(slo_par *p, FILE *fp, const char *file);

/*
 * The same from any reader: readfn(src, buf, n) returns as read(2) does
 * (bytes read, 0 at the end, -1 on an error with errno set or 0).  The
 * front end feeds a slo_source (slo_source.h) through it, so that a
 * decompressed stream reaches the workers in whole lines like any other.
 */
slo_status slo_par_feed_fn(slo_par *p,
    ssize_t (*readfn)(void *src, void *buf, size_t n), void *src,
    const char *file);

/*
 * The same over n bytes already in memory (a mapped file), handed to the
 * workers as slices cut after a '\n', without a copy: work() sees ro set.
 * A slice holds about one block, or one line when a line is longer.
 * done(done_ctx, upto), when set, is called in the feeding thread as the
 * slices are emitted: every byte before data + upto is done with.
 * Returns once every slice was emitted, SLO_OK, or once the run is
 * stopped and no worker reads a slice any more, SLO_ELIMIT: the caller
 * may then unmap the bytes.
 */
slo_status slo_par_feed_mem(slo_par *p, const char *data, size_t n,
    const char *file, void (*done)(void *done_ctx, size_t upto),
    void *done_ctx);

/* Queue a chunk without lines carrying tag (!= 0) and the note text. */
slo_status slo_par_mark(slo_par *p, int tag, const char *text);

/* Emit every chunk handed on so far.  SLO_OK, or SLO_ELIMIT if stopped. */
slo_status slo_par_drain(slo_par *p);

/* Stop the run: nothing more is worked on or emitted. */
void slo_par_stop(slo_par *p);
int slo_par_stopped(const slo_par *p);

/* Stop the workers, wait for them and free everything. */
void slo_par_free(slo_par *p);

/*
 * Run task(ctx, thread, i) once for each i in 0 .. ntasks - 1 on up to
 * jobs threads, the calling one among them (thread is 0 .. jobs - 1, for
 * task to keep per-thread state): each thread takes the lowest task not
 * yet taken, so tasks numbered from the costliest spread evenly.  Once a
 * task returns -1 no further task starts.  0 when every task returned 0,
 * else -1.  A thread that cannot start leaves its share to the others.
 */
int slo_par_tasks(int jobs, size_t ntasks,
    int (*task)(void *ctx, int thread, size_t i), void *ctx);

#endif
