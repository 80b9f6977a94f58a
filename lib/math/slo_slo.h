/*
 * slo_slo.h — SLO math over a window series: SLI, error budget, burn
 * rates, multi-window multi-burn-rate alerts, status.
 *
 * Definitions (target t, 0 < t < 1; 1 is refused, it leaves no budget):
 *   SLI        = good / total over the SLO window; no events -> no data
 *                (has_data 0; sli, burn, consumed, remaining are then 0
 *                and meaningless), never NaN or Inf
 *   allowed    = (1 - t) x total            bad units the window may spend
 *   consumed   = bad / allowed              fraction of the budget, may be > 1
 *   remaining  = 1 - consumed               may be negative, reported so
 *   burn rate  = (bad / total) / (1 - t)    1 spends the budget exactly
 *                                           over the window; computed as
 *                                           bad / allowed of that window
 *   1 - t is subtracted in decimal (slo_budget_fraction), so 0.999 leaves
 *   0.001 and 15 bad of 1,000 burn 15, not 14.999999999999986.
 * Budgeting methods (what "good", "bad" and "total" count):
 *   occurrences       events.
 *   timeslices        slices of `slice` (a multiple of the resolution, cut
 *                     at multiples of `slice` from the epoch like buckets
 *                     and clipped to the window): a slice with events is
 *                     good when its own SLI >= slice_target; slices without
 *                     events are left out and counted (slices_empty).
 *                     total = slices with events.
 *   ratio_timeslices  OpenSLO RatioTimeslices: the SLI is the mean of the
 *                     per-slice SLIs over slices with events; "bad" is the
 *                     sum of (1 - slice SLI), so consumed = (1 - SLI)/(1 - t).
 *                     slices_good counts the perfect slices (SLI 1).
 * Burn-rate alerts (SRE Workbook ch. 5, "Alerting on SLOs"): a rule fires
 * when the burn over its long window AND the burn over its short window
 * (both rolling, ending at `at`, in the SLO's budgeting method) are >= its
 * threshold.  ">=" so that a stated rate is itself alerting; compared with
 * a relative tolerance of 1e-9 so that decimal thresholds such as 14.4 or
 * 13.44 are not missed by binary rounding.  A window without events does
 * not fire.
 * Status: no_data (no events in the SLO window), else breached (SLI <
 * target, i.e. remaining < 0, or a page alert firing), else warning (a
 * ticket alert firing), else ok.  SLI == target exactly (remaining 0) is
 * met, as "SLI >= target" says.
 * Time to exhaustion: remaining x window_length / burn, where burn is the
 * burn over the rolling `exhaustion_window` ending at `at` (default: the
 * shortest long window of the rules, 1h for the google policies, or 1h
 * without rules) — "at the current burn" — and window_length is the
 * rolling window or the whole calendar period: a linear projection that
 * ignores events leaving a rolling window.  Not set (has_exhaustion 0)
 * when that burn is 0, has no data or the answer passes ~292 years; 0 when
 * the budget is already spent (remaining <= 0).
 */
#ifndef SLO_SLO_H
#define SLO_SLO_H

#include "slo.h"
#include "slo_time.h"
#include "slo_window.h"

typedef enum slo_budgeting {
	SLO_BUDGET_OCCURRENCES = 0,
	SLO_BUDGET_TIMESLICES,
	SLO_BUDGET_RATIO_TIMESLICES
} slo_budgeting;

/* "occurrences", "timeslices", "ratio_timeslices". */
const char *slo_budgeting_name(slo_budgeting b);
/* Also accepts the OpenSLO spellings Occurrences, Timeslices,
 * RatioTimeslices; -1 when unknown. */
int slo_budgeting_from_name(const char *name);

/* Ordered: a --fail-on threshold compares with >=. */
typedef enum slo_severity {
	SLO_SEV_TICKET = 1,
	SLO_SEV_PAGE = 2
} slo_severity;

const char *slo_severity_name(slo_severity s); /* "ticket", "page" */
int slo_severity_from_name(const char *name);  /* -1 when unknown */

typedef struct slo_burn_rule {
	slo_severity severity;
	slo_ns long_window;  /* > short_window > 0 */
	slo_ns short_window;
	double burn;         /* threshold > 0 */
} slo_burn_rule;

#define SLO_MAX_RULES 16

/*
 * Built-in policies by name: "google-30d" (page 14.4x 1h/5m, page 6x
 * 6h/30m, ticket 1x 3d/6h) and "google-28d" (the same budget shares 2 %,
 * 5 %, 10 % over 28 days: burn = share x 28d / long = 13.44, 5.6,
 * 0.9333...).  *rules points at static storage.  SLO_ENOTFOUND when
 * unknown.
 */
slo_status slo_policy_builtin(const char *name, const slo_burn_rule **rules,
    size_t *n);
/*
 * 1 - target, the fraction of events the budget allows, computed from the
 * target's shortest decimal form (k <= 15 places) so that it is the double
 * nearest the decimal answer: 0.999 -> 0.001 exactly as written, where
 * 1 - 0.999 in binary gives 0.0010000000000000009.
 */
double slo_budget_fraction(double target);

/* The burn that spends `share` of a `window` budget in `long_window`. */
double slo_burn_for_share(double share, slo_ns window, slo_ns long_window);

typedef struct slo_objective {
	double target;           /* 0 < target < 1 */
	slo_ns window;           /* rolling length; 0 with a calendar */
	slo_calendar calendar;   /* SLO_CAL_NONE for rolling */
	slo_budgeting budgeting;
	slo_ns slice;            /* timeslices: slice length */
	double slice_target;     /* timeslices: 0 < slice_target <= 1 */
	slo_burn_rule rules[SLO_MAX_RULES];
	size_t nrules;
	slo_ns exhaustion_window; /* 0: see the header comment */
} slo_objective;

/* Zero everything; target, window or calendar must then be set. */
void slo_objective_init(slo_objective *o);

/*
 * Check o on its own and against a series resolution: target in (0, 1)
 * ("target '1' leaves no error budget"), window a positive multiple of
 * res (or a calendar), slice a positive multiple of res and slice_target
 * in (0, 1] for timeslices, each rule well formed with windows multiples
 * of res, at most SLO_MAX_RULES.  SLO_EINVAL / SLO_ERANGE with a message.
 */
slo_status slo_objective_check(const slo_objective *o, slo_ns res,
    slo_error *err);

/*
 * Fill cfg for a series able to answer every read slo_evaluate() makes for
 * o: span = the longest of the window, the rules' windows, the exhaustion
 * window and report_span (0 for none), the calendar and its zone.
 * sketch_alpha 0 for no latency sketches.
 */
void slo_objective_window_config(const slo_objective *o, slo_ns res,
    const slo_tz *tz, slo_ns report_span, double sketch_alpha,
    slo_window_config *cfg);

typedef enum slo_state {
	SLO_STATE_OK = 0,
	SLO_STATE_WARNING,
	SLO_STATE_BREACHED,
	SLO_STATE_NO_DATA
} slo_state;

/* "ok", "warning", "breached", "no_data". */
const char *slo_state_name(slo_state s);

/* Good/bad/total in the budgeting method's units over one window. */
typedef struct slo_tally {
	slo_ns from, to;       /* the window, [from, to) */
	uint64_t events_good;  /* events, whatever the method */
	uint64_t events_total;
	uint64_t slices_good;  /* timeslices: slices with events and SLI >=
	                          slice_target; ratio_timeslices: slices
	                          whose events were all good */
	uint64_t slices_total; /* both: slices with events */
	uint64_t slices_empty; /*   without events */
	double good, bad, total; /* in the method's units (events, slices, or
	                            summed slice ratios) */
	int has_data;          /* total > 0 */
	double sli;            /* valid when has_data */
	double burn;           /* valid when has_data */
} slo_tally;

typedef struct slo_alert_state {
	slo_burn_rule rule;
	slo_tally long_w, short_w;
	int firing;
} slo_alert_state;

typedef struct slo_result {
	slo_ns at;
	slo_tally window;        /* the SLO window */
	double allowed;          /* (1 - t) x total, in the method's units */
	double consumed;         /* fraction, valid when window.has_data */
	double remaining;        /* fraction, may be negative */
	double remaining_units;  /* allowed - bad */
	slo_alert_state alerts[SLO_MAX_RULES];
	size_t nalerts;
	int has_exhaustion;
	slo_ns exhaustion;       /* ns from at until the budget is spent */
	slo_state status;
} slo_result;

/*
 * Evaluate o over series w at instant at (which the caller takes as the
 * newest event time or --at).  Errors: SLO_EINVAL for an o that
 * slo_objective_check() refuses, SLO_ERANGE when w does not retain the
 * windows o needs (see slo_objective_window_config), SLO_ENOMEM.
 * "No data" is not an error: it is r->status == SLO_STATE_NO_DATA.
 */
slo_status slo_evaluate(const slo_objective *o, const slo_window *w,
    slo_ns at, slo_result *r);

/*
 * Tally one window [from, to) of w in o's budgeting method (what
 * slo_evaluate does for each of its windows).
 */
slo_status slo_tally_range(const slo_objective *o, const slo_window *w,
    slo_ns from, slo_ns to, slo_tally *t);

/*
 * Report series over the SLO window at `at`, cut into steps of `step`
 * (a multiple of the resolution; for timeslices rounded up to a multiple
 * of the slice, so that slices nest in steps and the steps add up to the
 * window) at multiples of step from the epoch, the first and last clipped:
 * per step its tally (burn per step) and the budget remaining at the
 * step's end, 1 - (bad so far) / allowed, allowed being that of the whole
 * window, so the curve runs from 1 down to result.remaining (a burn-down
 * chart).  n must be slo_report_steps(o, w, at, step).
 */
typedef struct slo_report_point {
	slo_tally tally;          /* tally.from / tally.to: the step */
	double remaining;         /* valid when the window has data */
} slo_report_point;

size_t slo_report_steps(const slo_objective *o, const slo_window *w,
    slo_ns at, slo_ns step);
slo_status slo_report_series(const slo_objective *o, const slo_window *w,
    slo_ns at, slo_ns step, slo_report_point *out, size_t n);

#endif
