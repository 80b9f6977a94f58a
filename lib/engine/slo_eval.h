/*
 * slo_eval.h — the engine of slo-eval: spec SLOs in, events streamed
 * through, one verdict per SLO and group out.
 *
 * Each (SLO, group) pair owns one window series (slo_window.h) sized for
 * the SLO's window, its alert windows and the report span, so memory is
 * bounded by SLOs x groups x buckets, never by the number of events.
 * A latency SLI with quantiles adds one sketch per bucket holding values,
 * at most the series' buckets plus 128 (the ring's chunks of 64, 528
 * bytes each; an aged-out chunk is reused).  Only the bucket written last
 * keeps a live sketch (112 bytes plus 8 per bin from its smallest to its
 * largest latency: ln 10 / ln gamma, 115.1 bins per decade at alpha 0.01;
 * sketch.c); a bucket left is frozen exactly (slo_sketch_frozen.h) into
 * about 30 bytes plus half a byte per bin in use, plus ~20 of allocator
 * overhead and slot.  So its bound is buckets x the bins each bucket's
 * latencies fall in: it grows with events only while those spread, ever
 * more slowly (a 1 ms .. 10 s bucket, 460 bins: at most 350 bytes while
 * bins hold at most 8 values, 3.8 KB for any count under 2^42 a bin;
 * measured with the bench's 15 groups x 1440 1m buckets: 34, 39, 77, 107
 * bytes a frozen bucket at 10^5, 2x10^5, 2x10^6, 10^7 events a day; peak
 * RSS 4.8, 5.0, 6.0, 6.5 MiB, 3.6 without the latency SLO; it was 16.9,
 * 21.5, 32.1, 38.1 MiB with a live sketch in every bucket).
 * Events are counted when they are of the SLO's kind (`events:`, default
 * request; rollups for request SLOs) and match the SLO's `where`; an
 * event with no `ts` of a kind some SLO counts is rejected by the caller
 * (slo_eval_add returns SLO_EINVAL with a message).
 *
 * A duration SLI joins the incident events of one incident by id: one
 * record per (SLO, incident id) seen, about 150 bytes with a short id
 * (measured: 10^5 incidents, 14.6 MB), plus two group keys when the SLO
 * has group_by, kept to the end so that -j merges stay exact whatever
 * order the events come in (an incident's events may fall to different
 * threads).  At most SLO_EVAL_MAX_INCIDENTS per SLO: the events of
 * further incident ids are counted in the verdicts' incidents_untracked
 * (of the first group) and left out of the SLI, never guessed; past the
 * bound, which ids are kept follows each thread's order with -j, as for
 * the groups of max_groups.
 */
#ifndef SLO_EVAL_H
#define SLO_EVAL_H

#include "slo.h"
#include "slo_expr.h"
#include "slo_event.h"
#include "slo_math.h"
#include "slo_render.h"
#include "slo_report_alerts.h"
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
#define SLO_EVAL_MAX_INCIDENTS 1000000


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
	/*
	 * Per alert of result.alerts, under its rule's SLO_WHEN_ flags:
	 * SLO_ALERT_NODATA, firing because a window had no events;
	 * SLO_ALERT_RESOLVED, fired at the previous bucket and no longer.
	 */
	unsigned char alert_state[SLO_MAX_RULES];
	/* want_series: the verdict's window series (until slo_eval_free),
	 * for slo_eval_series_alerts(); NULL without report steps */
	const slo_window *window;
	/*
	 * Duration SLI (quantiles then hold durations in ms).  Incidents
	 * that reached `from` by the evaluation instant but not `to`:
	 * open (within the threshold, not counted yet) and overdue (past
	 * it: counted bad, at the instant); a `to` with no `from` at or
	 * before it: unmatched (not counted); ids past
	 * SLO_EVAL_MAX_INCIDENTS: untracked (not counted).
	 */
	uint64_t incidents_open, incidents_overdue, incidents_unmatched;
	uint64_t incidents_untracked;
	/*
	 * Cost SLI: over the window, the cost events in the SLO's currency
	 * and their exact sum (in units of 10^-9 of the currency, shown as
	 * cost_sum), the `per` events, cost_sum / per_events (valid when
	 * per_events > 0), and the cost events in other currencies, counted
	 * apart and never added.  result.status is ok when the ratio is at
	 * most the ceiling, breached above it, no_data without per events.
	 */
	uint64_t cost_events, per_events, cost_other_currency;
	uint64_t cost_nano;
	double cost_sum, cost_ratio;
} slo_verdict;
#define SLO_ALERT_NODATA 1
#define SLO_ALERT_RESOLVED 2


/*
 * Count one event.  Of a kind no SLO counts (and not a request or a
 * rollup): ignored, returns SLO_OK.  A request, or an event of a kind
 * some SLO counts, without ts, a cost amount too large to sum exactly
 * (10^9 or more), or a malformed rollup: SLO_EINVAL, message in err (the
 * caller rejects the line).
 */
slo_status slo_eval_add(slo_eval *e, const slo_event *ev, slo_error *err);

/*
 * e's reader of whole rollup lines, for slo_event_decoder_rollup_reader()
 * with ctx e: it takes a line that folds without a rollup row (any line
 * slo_rollup_read_text() reads, unless e must keep rows to the end: a
 * --where on what rows lack, a cost per request), and slo_eval_add() of
 * the event that decoder returns folds it.  Its reading is a rollup
 * row's, so it refuses what the decoder would reject.
 */
int slo_eval_read_rollup(void *ctx, const char *line, size_t n);




/*
 * Rollup lines (kind "rollup", from slo-ingest --rollup --spec) are
 * merged as they come and folded in by batches of rows, the last by
 * slo_eval_finish(): each SLO takes
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
/* Rollup rows whose bucket holds an explicit --at before its last
 * instant: a row counts as of its bucket's start, so its requests after
 * --at are counted too (events after --at never are). */
uint64_t slo_eval_rollup_straddles(const slo_eval *e);

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

/*
 * The alert state at the end of each of v's n = v->nseries report steps
 * (slo_report_alerts), computed on demand: the html report asks it for
 * the verdicts it charts only, which keeps a run of many groups from
 * paying for all of them.  SLO_EINVAL for a verdict without steps.
 */
slo_status slo_eval_series_alerts(const slo_eval *e, const slo_verdict *v,
    slo_report_alert *out, size_t n);

/* Whether v makes the exit status 1: breached, or an alert at or above
 * --fail-on firing (slo_eval_exit_code's test, per verdict). */
int slo_eval_verdict_fails(const slo_eval *e, const slo_verdict *v);

/*
 * The scorecard (slo_scorecard.h): deploy events are kept for it as they
 * come, and it is built by slo_eval_finish() from the verdicts and the
 * flag registry set here (borrowed; NULL, the default: no alpha flags).
 * slo_eval_scorecard() is NULL before slo_eval_finish().
 */
struct slo_flag_registry;
struct slo_scorecard;
void slo_eval_set_registry(slo_eval *e, const struct slo_flag_registry *reg);
const struct slo_scorecard *slo_eval_scorecard(const slo_eval *e);
size_t slo_eval_count(const slo_eval *e);
const slo_verdict *slo_eval_verdict(const slo_eval *e, size_t i);



/*
 * The html form alone: one self-contained page (inline CSS and SVG, no
 * script, nothing fetched) with the verdict table and, per verdict with
 * data, a chart of the error budget remaining over the window and the
 * burn rate per report step.  Needs cfg->want_series for the charts.
 */
slo_status slo_eval_render_html(const slo_eval *e, slo_buf *out);

/*
 * slo_eval_render() with the table's width too (slo_render.h): the
 * figures are never cut; SLO names and groups are shortened in the middle
 * when the table would be wider than ro->width, never under width 0.
 * slo_eval_render() is this with width 80.
 */
slo_status slo_eval_render_opts(const slo_eval *e, slo_format fmt,
    const slo_render_opts *ro, slo_buf *out);

#endif
