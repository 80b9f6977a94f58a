/*
 * slo_promote.h — the alpha-to-beta promotion gate of promote-check(1).
 *
 * Criteria come from the `promotion:` section of slo-spec(5), or from the
 * defaults of DESIGN.md section 7 (slo_promote_spec.h, lib/spec).  An accumulator takes canonical events
 * and rollup lines one at a time (memory bounded by the number of time
 * slices in the window, a bottom-k sample of latencies per cohort of at
 * most 16 x reservoir, and the bounds below), then evaluates
 * every criterion to pass, fail, inconclusive or skipped, and the whole to
 * promote, hold or rollback.
 *
 * Statistics used (details in promote-check(1)):
 *   rates             Wilson score interval at the configured confidence:
 *                     pass when the whole interval is on the good side of
 *                     the bound, fail when on the bad side, else
 *                     inconclusive; always inconclusive below min_requests;
 *   error vs baseline non-inferiority within the line p = (1 + margin)
 *                     p_base + margin_abs: Farrington-Manning score test
 *                     (exact conditional test for rare errors under a
 *                     ratio margin alone); pass when non-inferiority is
 *                     shown, fail when inferiority is, else inconclusive;
 *   latency           quantile ratio on exact binomial order-statistic
 *                     intervals of the sketches, and
 *                     a one-sided Mann-Whitney U on reservoir samples whose
 *                     Hodges-Lehmann shift must exceed an effect floor;
 *   deploys, alerts,  counted exactly;
 *   incidents
 *   flag leaks        flag-audit's accumulator (slo_flags.h), leak check;
 *   time to detect,   the median over incidents, bounded from both sides
 *   time to mitigate  while some have not reported the state yet;
 *   contract checks   counted exactly, over the input, not the window;
 *   variance          Brown-Forsythe on the latency samples of the
 *                     Mann-Whitney test (one sample for both), failing on
 *                     a significant and material rise in spread;
 *   cost per request  ratio estimators over the window's slices, their
 *                     ratio's interval by the delta method on the log.
 */
#ifndef SLO_PROMOTE_H
#define SLO_PROMOTE_H

#include <stdint.h>
#include "slo.h"
#include "slo_event.h"
#include "slo_flags.h"
#include "slo_level.h"
#include "slo_promote_spec.h"
#include "slo_math.h"
#include "slo_render.h"

/*
 * Bounds on what grows with distinct values in the input.  Past them the
 * accumulator counts what it could not keep, and the verdict says so.
 */
#define SLO_PROMOTE_MAX_COHORTS 32      /* distinct cohort names listed */
#define SLO_PROMOTE_MAX_INCIDENTS 10000 /* distinct incident ids tracked */
#define SLO_PROMOTE_MAX_SLICES 200000   /* time slices kept (139 days of 1m) */

typedef enum slo_outcome {
	SLO_RES_PASS = 0,
	SLO_RES_FAIL,
	SLO_RES_INCONCLUSIVE,
	SLO_RES_SKIPPED
} slo_outcome;
const char *slo_outcome_name(slo_outcome r);

typedef enum slo_decision {
	SLO_PROMOTE = 0,
	SLO_HOLD,
	SLO_ROLLBACK
} slo_decision;
const char *slo_decision_name(slo_decision d);

/*
 * A figure behind a result: a number (str NULL) or a word.  Shares are
 * fractions, durations seconds.  NaN means "not computable" (JSON null).
 */
typedef struct slo_figure {
	const char *name;
	double num;
	const char *str;
} slo_figure;

#define SLO_PROMOTE_MAX_FIGURES 24

typedef struct slo_crit_result {
	slo_crit_id id;
	slo_outcome result;
	slo_on_fail on_fail;
	int required;
	int blocking;           /* this result keeps the alpha from promoting */
	char summary[160];      /* one line for humans: figures vs bound */
	char reason[200];       /* why skipped / inconclusive / failed */
	/*
	 * Inconclusive: more candidate requests needed for the criterion to decide
	 * with probability `power` (0.80) at the observed rates;
	 * -1 when the observed rate sits on the bound (no sample size decides).
	 */
	int64_t more_requests;
	size_t nfig;
	slo_figure fig[SLO_PROMOTE_MAX_FIGURES];
} slo_crit_result;

typedef struct slo_promote_verdict {
	slo_decision decision;
	int exit_code;          /* 0 promote, 3 hold, 1 rollback */
	char cohort[128], baseline[128];
	slo_ns start, end;      /* window evaluated, [start, end); NONE if empty */
	uint64_t requests, base_requests;
	uint64_t other_requests; /* of other cohorts or none: ignored */
	/* Max more_requests over blocking inconclusive criteria; -1 unknown, 0 none */
	int64_t more_requests;
	double power;           /* of the more_requests sizes, 0.80 */
	/*
	 * Cohorts of the requests read (rollups included), by earliest
	 * request, then name; the first SLO_PROMOTE_MAX_COHORTS of them seen;
	 * pointers into the accumulator, valid until it is freed.
	 * cohorts_unlisted counts the requests of further cohorts.
	 */
	size_t ncohorts_seen;
	const char *cohorts_seen[SLO_PROMOTE_MAX_COHORTS];
	uint64_t cohorts_unlisted;
	/* incident events of ids past SLO_PROMOTE_MAX_INCIDENTS: not judged */
	uint64_t incidents_dropped;
	/* oldest latency samples given up at 16 x reservoir per cohort */
	uint64_t samples_dropped;
	/*
	 * Oldest slices given up past SLO_PROMOTE_MAX_SLICES (the window then
	 * starts after them), and events that fell in slices not kept.
	 */
	uint64_t slices_dropped, events_dropped;
	size_t ncrit;           /* enabled criteria, in slo_crit_id order */
	slo_crit_result crit[SLO_CRIT__COUNT];
} slo_promote_verdict;

/* The figure named name in r, or NULL. */
const slo_figure *slo_crit_figure(const slo_crit_result *r, const char *name);

typedef struct slo_promote slo_promote;

/*
 * A new accumulator for criteria c (copied).  at is the evaluation
 * instant, SLO_NS_NONE for "the newest event seen".  NULL with err set
 * on invalid criteria or out of memory.  No file is read: the flag
 * registry of c->flag_leaks.registry is loaded by the caller and given
 * to slo_promote_set_registry().
 *
 * Lifecycle as slo_eval.h: new, set_*, add (or add to several and
 * merge), finish, then exit_code, render and verdict_get.
 */
slo_promote *slo_promote_new(const slo_promote_criteria *c, slo_ns at,
    slo_error *err);
void slo_promote_free(slo_promote *p);

/*
 * The registry the flag_leaks criterion checks against (borrowed: it must
 * outlive p; NULL: none, the criterion is skipped or inconclusive).  Call
 * before the first add; ignored when flag_leaks is disabled.  SLO_ENOMEM
 * is the only failure.
 */
slo_status slo_promote_set_registry(slo_promote *p,
    const slo_flag_registry *reg);

/*
 * Account one canonical event.  Requests count for the candidate or the
 * baseline cohort by their `cohort`; deploys, incidents and alerts count
 * when their cohort is the candidate's or absent; flag evaluations are
 * anyone's.  Events after `at` are ignored.  A rollup line (slo_rollup.h)
 * counts its requests, good ones and latency sketch in the slice of its
 * bucket start; a malformed one is SLO_EINVAL with err (may be NULL) set,
 * for the caller to reject the line, and so is a request without `ts`
 * (SLO_EINVAL, as slo-eval).  Otherwise only SLO_ENOMEM.
 */
slo_status slo_promote_add(slo_promote *p, const slo_event *ev, slo_error *err);

/*
 * dst += src: fold an accumulator fed part of the input (a chunk of whole
 * lines, say one thread's of -j N) into another made with the same
 * criteria, instant, --where and registry (SLO_EMISMATCH otherwise),
 * before either is finished.  src is left as it was.  Merging the parts
 * in any order renders byte for byte as one accumulator fed the whole
 * input: slices, counters and sketches add; latency samples are keyed by
 * a hash of the event (not by arrival), so the window's sample is the
 * same; incidents, cohorts seen, flag examples and variants are ordered
 * by time, then name.  Not exact, because which ones are kept depends on
 * the order of the input: past SLO_PROMOTE_MAX_INCIDENTS incident ids
 * (incidents_dropped then counts the ids a merge could not track, not
 * their events), SLO_PROMOTE_MAX_COHORTS cohorts, SLO_PROMOTE_MAX_SLICES
 * slices, 16 x reservoir samples per cohort, and the bounds of
 * slo_flag_audit_merge(): with -j the verdict's "dropped" counters, and
 * what they stand for, follow each part's order.
 */
slo_status slo_promote_merge(slo_promote *dst, const slo_promote *src,
    slo_error *err);

/*
 * Evaluate and keep the verdict (slo_promote_evaluate() into p), once,
 * after the last add or merge.  SLO_ENOMEM is the only failure.
 */
slo_status slo_promote_finish(slo_promote *p, slo_error *err);
/* The verdict of slo_promote_finish(), valid until p is freed. */
const slo_promote_verdict *slo_promote_verdict_get(const slo_promote *p);
/*
 * After finish, what the user should know beyond the verdict, one call of
 * fn (slo_flags.h) each, in this order: incidents past
 * SLO_PROMOTE_MAX_INCIDENTS, cohorts past SLO_PROMOTE_MAX_COHORTS, slices
 * given up, latency samples given up.  Returns how many.
 */
size_t slo_promote_notes(const slo_promote *p, slo_note_fn *fn, void *ctx);
/* DESIGN.md section 3: 0 promote, 1 rollback, 3 hold; after finish. */
int slo_promote_exit_code(const slo_promote *p);
/* slo_promote_verdict_render() of p's verdict, after finish. */
slo_status slo_promote_render(const slo_promote *p, slo_format fmt,
    int color, slo_buf *out);
/* slo_promote_render() with the table's width too (slo_render.h). */
slo_status slo_promote_render_opts(const slo_promote *p, slo_format fmt,
    const slo_render_opts *ro, slo_buf *out);

/*
 * Filter rollup rows by where (borrowed; NULL: none), on their dimensions
 * as a request with them would be; the caller filters plain events.  An
 * expression that reads a field rollups do not carry (status, ok,
 * latency_ms, trace_id, ...) makes slo_promote_add() of a rollup line
 * fail with SLO_EMISMATCH, err saying which field: a fatal error, not a
 * bad line.
 */
struct slo_expr;
void slo_promote_set_where(slo_promote *p, const struct slo_expr *where);

/* Number of rollup lines read so far. */
uint64_t slo_promote_rollups(const slo_promote *p);

/*
 * Evaluate every enabled criterion over the window and decide.  May be
 * called more than once and events added in between, except that the
 * flag leak check is closed by the first evaluation (flag-audit's
 * accumulator is finished once): later flag evaluations are not checked.
 * SLO_ENOMEM is the only failure.
 */
slo_status slo_promote_evaluate(slo_promote *p, slo_promote_verdict *v);

/*
 * Render a verdict: SLO_FMT_TABLE (color: ANSI colours), SLO_FMT_NDJSON
 * (one verdict object, one line), SLO_FMT_JUNIT, SLO_FMT_MARKDOWN.
 * SLO_EINVAL for another format; SLO_ENOMEM when an append fails (out
 * then holds a truncated text the caller must not write).
 */
slo_status slo_promote_verdict_render(const slo_promote_verdict *v,
    slo_format fmt, int color, slo_buf *out);
slo_status slo_promote_verdict_render_opts(const slo_promote_verdict *v,
    slo_format fmt, const slo_render_opts *ro, slo_buf *out);

/*
 * Sample size at which the Wilson interval at confidence conf clears bound
 * with probability power when the true share is phat: the one-sided
 * score test's normal-approximation size, n = ceil(((z sqrt(b (1 - b)) +
 * z_power sqrt(phat (1 - phat))) / (phat - b))^2), z the two-sided
 * quantile of conf.  power 0.5 gives the size at which the interval
 * around phat just clears the bound.  -1 when phat == bound, power is
 * outside [0.5, 1) or n > 10^12.
 */
int64_t slo_promote_sample_size(double phat, double bound, double conf,
    double power);

#endif
