/*
 * slo_fe_ingest.h — slo-ingest's run: a streaming tool, so not the
 * verdict lifecycle of slo_fe.h (make, add, merge, finish, render) but
 * its streaming shape: each input line's events are written as the line
 * is mapped, in input order, -j N threads or one, and with --rollup the
 * rows of the buckets that line closed (slo_rollup_set_lateness()); at
 * the end the summary (slo-ingest(1) DIAGNOSTICS) and the rows left.
 */
#ifndef SLO_FE_INGEST_H
#define SLO_FE_INGEST_H

#include "slo_cli.h"
#include "slo_ingest.h"
#include "slo_spec.h"
#include "slo_textlog.h"

/* slo-ingest's settings, each engine (one per thread) made from them. */
typedef struct slo_fe_ingest {
	slo_preset preset;
	const slo_textlog *text;    /* a text access log's program, or NULL */
	const char *span_kinds;     /* OTLP span kinds counted, or NULL */
	int guess;                  /* no --preset given: name other forms */
	const char *map;            /* --map FILE, or NULL */
	const char *const *sets;    /* --set F=VALUE */
	size_t nsets;
	const slo_expr *cohort_from, *good; /* borrowed, may be NULL */
	slo_ns rollup;              /* --rollup WIDTH, 0 for none */
	slo_ns lateness;            /* --rollup-lateness (>= 0) */
	const slo_spec *spec;       /* with --rollup: SLO counts, or NULL */
	int verbose;                /* the summary even without rejects */
} slo_fe_ingest;

/*
 * Map the input of cli (with --where, --rejects, --max-bad, -j and
 * --unbuffered, which reads line by line in one thread) and return the
 * exit code for slo_cli_finish(): 0, or 2 (a map or --set error, an
 * input not read, rejects over --max-bad: the events and rows written
 * stay written, as a stream's output does, but the rollup rows left at
 * the end are not written).  -j N writes byte for byte what -j 1
 * writes, rows included, and its summary counts what was written, even
 * when the output closed early (`| head -1`).
 */
int slo_fe_ingest_run(slo_cli *cli, const slo_fe_ingest *ctx);

#define SLO_FE_INGEST_MAX 64

/* --rollup-lateness's default: 5 minutes (slo-ingest(1)). */
#define SLO_FE_INGEST_LATENESS (5 * SLO_NS_PER_MIN)

/* slo-ingest's options as given, for slo_fe_ingest_main(). */
typedef struct slo_fe_ingest_opts {
	const char *preset;         /* --preset NAME: JSON or text, or NULL */
	const char *map;            /* --map FILE */
	const char *log_format;     /* --log-format FMT */
	const char *log_syntax;     /* --log-format-syntax envoy|nginx|apache */
	const char *log_tz;         /* --log-tz ZONE */
	const char *span_kinds;     /* --span-kinds LIST (otlp) */
	const char *cohort_from, *good;
	const char *sets[SLO_FE_INGEST_MAX];   /* --set F=VALUE */
	size_t nsets;
	const char *labels[SLO_FE_INGEST_MAX]; /* --log-label FIELD=LABEL */
	size_t nlabels;
	const char *specs[SLO_FE_INGEST_MAX];  /* --spec FILE */
	size_t nspecs;
	slo_ns rollup;
	const char *lateness;       /* --rollup-lateness DURATION */
	int verbose;
} slo_fe_ingest_opts;

/*
 * Check the options together (one input form: a JSON preset, a text
 * preset, --log-format or --map; --spec only with --rollup; the files not
 * outputs), build what they name (expressions, the text program and its
 * zone, the spec), run slo_fe_ingest_run() and free it all.  Returns the
 * exit code for slo_cli_finish().
 */
int slo_fe_ingest_main(slo_cli *cli, const slo_fe_ingest_opts *o);

/*
 * --preset auto (ingest_auto.c): the preset the first lines of the first
 * input are in (slo_ingest_guess_preset()), named on stderr with how many
 * lines it was picked from; the input is left to be read whole again.
 * NULL after saying why none was picked (lines that disagree, none that
 * fits, an input that cannot be read).
 */
const char *slo_fe_ingest_auto(slo_cli *cli);

#endif
