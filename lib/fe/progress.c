/*
 * progress.c — the progress line on standard error.  See slo_progress.h.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "slo_num.h"
#include "slo_progress.h"

struct slo_progress {
	FILE *err;
	const char *prog;
	int escapes;
	size_t shown;       /* width of the line on screen; 0: none */
	double start;       /* seconds, monotonic */
	double last;        /* when it was last drawn (start at first) */
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

slo_progress *
slo_progress_new(FILE *err, const char *prog, int escapes)
{
	slo_progress *p = calloc(1, sizeof *p);

	if (p == NULL)
		return NULL;
	p->err = err;
	p->prog = prog;
	p->escapes = escapes;
	p->start = p->last = now();
	return p;
}

void
slo_progress_free(slo_progress *p)
{
	if (p == NULL)
		return;
	slo_progress_clear(p);
	free(p);
}

/* n bytes in binary units, one decimal above KiB: "512 B", "12.5 MiB". */
static size_t
format_bytes(char *buf, size_t n, uint64_t b)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)b;
	int u = -1;

	if (b < 1024)
		return (size_t)slo_snprintf(buf, n, "%llu B",
		    (unsigned long long)b);
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	return (size_t)slo_snprintf(buf, n, "%.1f %s", v, unit[u]);
}

size_t
slo_progress_format(char *buf, size_t n, const slo_progress_counts *c,
    double secs)
{
	char b[32], t[32];
	size_t len;

	format_bytes(b, sizeof b, c->bytes);
	if (c->total > 0) {
		/* a file that grew while read would pass 100% */
		uint64_t pct = c->bytes >= c->total ? 100 :
		    c->bytes * 100 / c->total;

		format_bytes(t, sizeof t, c->total);
		len = (size_t)slo_snprintf(buf, n, "%s of %s (%llu%%), ", b, t,
		    (unsigned long long)pct);
	} else
		len = (size_t)slo_snprintf(buf, n, "%s, ", b);
	if (len >= n)
		return n - 1;
	len += (size_t)slo_snprintf(buf + len, n - len, "%llu events",
	    (unsigned long long)c->events);
	if (len < n && secs > 0)
		len += (size_t)slo_snprintf(buf + len, n - len, ", %.0f events/s",
		    (double)c->events / secs);
	if (len < n)
		len += (size_t)slo_snprintf(buf + len, n - len, ", %llu rejected",
		    (unsigned long long)c->rejected);
	return len < n ? len : n - 1;
}

void
slo_progress_update(slo_progress *p, const slo_progress_counts *c)
{
	double t = now();
	char line[160];
	size_t len;

	if (t - p->last < SLO_PROGRESS_EVERY_MS / 1000.0)
		return;
	p->last = t;
	len = slo_progress_format(line, sizeof line, c, t - p->start);
	if (p->escapes)
		fprintf(p->err, "\r\033[K%s: %s", p->prog, line);
	else {
		size_t w = strlen(p->prog) + 2 + len;

		/* overwrite what a longer line left */
		fprintf(p->err, "\r%s: %s%*s", p->prog, line,
		    p->shown > w ? (int)(p->shown - w) : 0, "");
		len = w > p->shown ? w : p->shown;
	}
	p->shown = p->escapes ? strlen(p->prog) + 2 + len : len;
	fflush(p->err);
}

void
slo_progress_clear(slo_progress *p)
{
	if (p == NULL || p->shown == 0)
		return;
	if (p->escapes)
		fputs("\r\033[K", p->err);
	else
		fprintf(p->err, "\r%*s\r", (int)p->shown, "");
	p->shown = 0;
	fflush(p->err);
}
