/*
 * slo_progress.h — the progress line a long run shows on standard error,
 * as zstd(1) and pv(1) do: bytes read (of the total when it is known),
 * events and events per second, rejects so far, redrawn in place a few
 * times a second.
 */
#ifndef SLO_PROGRESS_H
#define SLO_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

typedef struct slo_progress slo_progress;

typedef struct slo_progress_counts {
	uint64_t bytes;    /* read so far (compressed bytes when compressed) */
	uint64_t total;    /* of all inputs; 0 when unknown (a pipe) */
	uint64_t events;   /* lines accepted */
	uint64_t rejected;
} slo_progress_counts;

/*
 * A progress line on err, headed "PROG: ".  With escapes, the line is
 * erased with ESC [ K before each redraw; without (NO_COLOR set, or
 * TERM=dumb: no terminal control at all), it is overwritten with spaces.
 * NULL when memory ran out.
 */
slo_progress *slo_progress_new(FILE *err, const char *prog, int escapes);
void slo_progress_free(slo_progress *p); /* erases the line first */

/*
 * Redraw when SLO_PROGRESS_EVERY has passed since the last draw (the
 * first draw waits as long: a short run shows nothing).  Cheap enough to
 * call every few hundred lines: it reads the monotonic clock.
 */
void slo_progress_update(slo_progress *p, const slo_progress_counts *c);

/* Erase the line, if shown, before another message is written. */
void slo_progress_clear(slo_progress *p);

#define SLO_PROGRESS_EVERY_MS 250

/*
 * The line's text into buf (no '\r', no escapes): "12.5 MiB of 40.0 MiB
 * (31%), 120000 events, 85000 events/s, 3 rejected" (" of ..." only with
 * a total, the rate only when secs > 0).  Returns its length.
 */
size_t slo_progress_format(char *buf, size_t n, const slo_progress_counts *c,
    double secs);

#endif
