/*
 * slo_eval.h — the engine of slo-eval: spec SLOs in, events streamed
 * through, one verdict per SLO and group out.
 *
 * Each (SLO, group) pair owns one window series (slo_window.h) sized for
 * the SLO's window, its alert windows and the report span, so memory is
 * bounded by SLOs x groups x buckets, never by the number of events.
 * Events are counted when they are request events (or rollups) matching
 * the SLO's `where`; an event with no `ts` is rejected by the caller
 * (slo_eval_add returns SLO_EINVAL with a message).
 */
#ifndef SLO_EVAL_H
#define SLO_EVAL_H

#include "slo.h"
#include "slo_expr.h"
#include "slo_event.h"
#include "slo_math.h"
#include "slo_spec.h"

/*
 * Groups.  An SLO with group_by keeps one series per distinct group, ~1.5 KB
 * for a group with a few events (one chunk of buckets) plus ~4.9 KB for its
 * verdict.  Past max_groups groups (per SLO; the first ones seen are kept),
 * the events of every further group are counted in one overflow group,
 * whose verdict has overflow set and each group value SLO_EVAL_OVERFLOW:
 * memory stays bounded and no event is dropped.  With -j, which groups
 * overflow follows each thread's order, so it may differ from -j 1.
 */
#define SLO_EVAL_MAX_GROUPS 100000
#define SLO_EVAL_OVERFLOW "(overflow)"

typedef struct slo_eval_config {
	slo_ns resolution;   /* bucket width; 0 means 1m */
	slo_ns at;           /* the evaluation instant; SLO_NS_NONE: newest
	                        event time seen */
	slo_severity fail_on;/* alerts at or above this fail (exit 1) */
	int no_data_ok;      /* no_data does not make the exit code 3 */
	slo_ns report_step;  /* step of the report series; 0: 1h */
	int want_series;     /* compute the report series (html) */
	size_t max_groups;   /* groups per SLO before the overflow group;
	                        0: SLO_EVAL_MAX_GROUPS */
	const slo_expr *where; /* --where: borrowed, NULL for none.  Events
	                        arrive filtered; rollup rows are filtered here
	                        on their dimensions (see slo_eval_finish) */
} slo_eval_config;

void slo_eval_config_init(slo_eval_config *cfg);

/* One group's value of one group_by field; NULL when the field was missing. */
typedef struct slo_verdict {
	const slo_spec_slo *slo;
	size_t slo_index;
	const char *const *group;  /* ngroup values, NULL for missing */
	size_t ngroup;
	slo_objective objective;
	slo_result result;
	const char *policy;        /* alert policy name or NULL */
	double quantiles[8];       /* latency SLI: values of slo->quantiles */
	int has_quantiles;
	uint64_t out_of_window;    /* events older than the series retains */
	uint64_t after_at;         /* events after the evaluation instant */
	int overflow;              /* the overflow group of max_groups */
	slo_report_point *series;  /* want_series: the report steps */
	size_t nseries;
} slo_verdict;

typedef struct slo_eval slo_eval;

/* The spec must outlive the engine.  NULL with err set on a bad spec. */
slo_eval *slo_eval_new(const slo_spec *spec, const slo_eval_config *cfg,
    slo_error *err);
void slo_eval_free(slo_eval *e);

/*
 * Count one event.  Not a request or a rollup (flag, deploy, ...):
 * ignored, returns SLO_OK.  A request without ts, or a malformed rollup:
 * SLO_EINVAL, message in err (the caller rejects the line).
 */
slo_status slo_eval_add(slo_eval *e, const slo_event *ev, slo_error *err);

/*
 * The same from one line of slo-events(5) (without its newline; need not
 * be NUL-terminated), for a caller without a decoder of its own: decoded
 * as slo_event_decode() does, kept when cfg->where holds (rollups always,
 * as the tools do), counted.  A line that does not decode is returned
 * with its status and err->col, and leaves the engine as it was; a blank
 * line is such a line (the tools skip blank lines before this).
 */
slo_status slo_eval_add_line(slo_eval *e, const char *line, size_t n,
    slo_error *err);

/*
 * Evaluate every series at the instant (cfg->at or the newest event
 * time) and build the verdicts, sorted by SLO in spec order then group
 * values.  An SLO that saw no event at all still gets one verdict (no
 * groups, status no_data).  Call once.  With rollup rows and cfg->where,
 * a row counts only when where holds on its dimensions; a where that
 * reads a field rows do not carry (anything but kind, ts, service,
 * cohort, region, version, route and labels.NAME) is refused with
 * SLO_EINVAL naming the field, rather than filtering on a guess.
 */
slo_status slo_eval_finish(slo_eval *e, slo_error *err);

/*
 * dst += src: fold an engine fed part of the input (say by one thread of
 * slo-eval -j N) into another built from the same spec and config
 * (SLO_EMISMATCH otherwise), before either is finished.  Series merge
 * with slo_window_merge(), rollups with slo_rollup_merge(), the newest
 * event time is the newer.  Merging the engines of the parts of an input
 * in any order evaluates as one engine fed the whole input, byte for
 * byte once rendered.  src is left as it was.
 */
slo_status slo_eval_merge(slo_eval *dst, const slo_eval *src, slo_error *err);

/*
 * Rollup lines (kind "rollup", from slo-ingest --rollup --spec) are
 * merged as they come and folded in by slo_eval_finish(): each SLO takes
 * the exact good/total the row holds under its name.  Rows without counts
 * for an SLO are counted here (rolled up without that spec).  Rollups are
 * exact when their width equals the resolution.
 */
uint64_t slo_eval_rollup_misses(const slo_eval *e);
/* Rollup latency sketches left out of the quantiles because they would
 * not merge (another alpha than SLO_SKETCH_ALPHA). */
uint64_t slo_eval_sketch_misses(const slo_eval *e);
/* Rollup latency sketches left out of a latency SLO's quantiles because
 * the SLO's where reads fields other than the rollup's dimensions (the
 * row's counts for it are exact: slo-ingest applied its where per event). */
uint64_t slo_eval_where_sketch_misses(const slo_eval *e);

/* Events of SLO number slo (spec order) counted in its overflow group:
 * nonzero once it has had more than max_groups groups. */
uint64_t slo_eval_overflow_events(const slo_eval *e, size_t slo);
size_t slo_eval_max_groups(const slo_eval *e);

/*
 * The fields an SLO reads (where, good or bad, latency field, group_by)
 * that no event of the input carried, by name: fn(ctx, slo, field, hint)
 * for each, in spec order, with hint the field seen within 2 edits of it
 * (a canonical field, labels.NAME or flags.NAME) or NULL.  Returns how
 * many.  None when no event came at all, or when a rollup line came (its
 * SLO counts were computed where the requests were read).
 */
typedef void slo_unseen_fn(void *ctx, const char *slo, const char *field,
    const char *hint);
size_t slo_eval_unseen_fields(const slo_eval *e, slo_unseen_fn *fn,
    void *ctx);

slo_ns slo_eval_at(const slo_eval *e); /* SLO_NS_NONE when no data at all */
size_t slo_eval_count(const slo_eval *e);
const slo_verdict *slo_eval_verdict(const slo_eval *e, size_t i);

/* DESIGN.md §3: 1 breached or alert >= fail_on, else 3 no data, else 0. */
int slo_eval_exit_code(const slo_eval *e);

/*
 * Render every verdict in fmt (ndjson, table, prom, markdown, html) into
 * out.  color: ANSI colour for the table's status column.
 */
slo_status slo_eval_render(const slo_eval *e, slo_format fmt, int color,
    slo_buf *out);

/*
 * The html form alone: one self-contained page (inline CSS and SVG, no
 * script, nothing fetched) with the verdict table and, per verdict with
 * data, a chart of the error budget remaining over the window and the
 * burn rate per report step.  Needs cfg->want_series for the charts.
 */
slo_status slo_eval_render_html(const slo_eval *e, slo_buf *out);

#endif
