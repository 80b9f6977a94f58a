/*
 * slo_spec.h — SLO spec files (slo-spec(5)) loaded into structs.
 *
 * Two forms are read, in any mix and across several files:
 *   - the slokit form: a YAML map with a `slos:` list (and `flags:` and
 *     `promotion:` sections, kept for flag-audit and promote-check);
 *   - OpenSLO v1 documents (apiVersion: openslo/v1; kinds SLO, SLI,
 *     AlertPolicy, AlertCondition; DataSource, Service and
 *     AlertNotificationTarget are accepted and ignored), alone, in a
 *     stream or in a YAML list, and openslo/v1alpha (SLO, Service);
 *   - Sloth specs (version: prometheus/v1, or the resource apiVersion:
 *     sloth.slok.dev/v1 PrometheusServiceLevel) and Pyrra ServiceLevelObjective
 *     resources (apiVersion: pyrra.dev/v1alpha1).
 * An SLI over a metrics backend (every Sloth and Pyrra SLI) is evaluated
 * through a `sources:` mapping in any file, or the document's slokit.dev/
 * annotations; without either, the SLO loads, passes --validate and is
 * marked unevaluable (slo_spec_slo.unevaluable).
 *
 * Use:  s = slo_spec_new();  slo_spec_load_file(s, path, &err) for each
 * file;  slo_spec_finish(s, &err) once, which resolves OpenSLO references
 * across all loaded files and checks SLO names are unique;  then read the
 * SLOs with slo_spec_count()/slo_spec_get().  slo_spec_load_files() does
 * all of it in one call.  Every error is positioned: err->file, err->line
 * and err->col (1-based) point at the offending YAML node.
 */
#ifndef SLO_SPEC_H
#define SLO_SPEC_H

#include "slo.h"
#include "slo_expr.h"
#include "slo_math.h"
#include "slo_yaml.h"

#include <math.h>

typedef enum slo_spec_sli {
	SLO_SPEC_SLI_RATIO = 0, /* good/total from a good or bad expression */
	SLO_SPEC_SLI_LATENCY,   /* good when a numeric field is under a threshold */
	SLO_SPEC_SLI_DURATION,  /* incidents: from one state to another in time */
	SLO_SPEC_SLI_COST       /* sum of cost amounts per event, under a ceiling */
} slo_spec_sli;

/*
 * One SLO.  Everything it points to belongs to the slo_spec and lives until
 * slo_spec_free().  Optional strings are NULL when absent.
 */
typedef struct slo_spec_slo {
	const char *name;         /* unique across all loaded files */
	const char *display_name; /* OpenSLO metadata.displayName or NULL */
	const char *description;
	const char *service;      /* reported with the verdict (see where) */
	/*
	 * The team answerable for it, reported and grouped on (slo-eval's
	 * scorecard): `owner:` in the slokit form, the label `owner` of
	 * metadata.labels in OpenSLO; NULL when absent.
	 */
	const char *owner;

	/*
	 * Which events count (the SLI's total); NULL means every request
	 * event.  In the slokit form a `service: X` is folded in here as
	 * service == "X" && (where).
	 */
	slo_expr *where;

	/*
	 * The kind of event the SLI counts (a slo_kind): `events: KIND`,
	 * default request; incident for a duration SLI, cost for a cost SLI.
	 * where, good, bad and group_by may name only fields that kind has
	 * (checked at load).
	 */
	int kind;

	slo_spec_sli sli;
	/* SLO_SPEC_SLI_RATIO: exactly one of good and bad is non-NULL. */
	slo_expr *good;
	slo_expr *bad;
	/*
	 * SLO_SPEC_SLI_LATENCY: an event is good when latency_field (a bare
	 * path, default latency_ms) holds a number and that number is <=
	 * latency_threshold (< when latency_inclusive is 0; >= and > when
	 * latency_above is set: an OpenSLO threshold op gte or gt).  An event
	 * without a finite numeric value there is bad: slo_spec_value_good().  The threshold is in the
	 * field's unit: a duration in the spec ("300ms") is converted to
	 * milliseconds.
	 */
	slo_expr *latency_field;
	const char *latency_path; /* slo_expr_path(latency_field) */
	double latency_threshold;
	int latency_inclusive;
	int latency_above;
	/*
	 * SLO_SPEC_SLI_DURATION (`duration: {from, to, threshold}`): an
	 * incident (incident events joined by id) is good when its earliest
	 * `to`-state event comes at most duration_threshold after its
	 * earliest `from`-state event.  from and to are incident states
	 * (open, detected, acknowledged, mitigated, resolved), from before
	 * to in that order.
	 */
	const char *duration_from, *duration_to;
	slo_ns duration_threshold;
	/*
	 * SLO_SPEC_SLI_COST (`cost: {per, max, currency}`): the sum of the
	 * amounts of the cost events in cost_currency over the window,
	 * divided by the number of cost_per events (a slo_kind, default
	 * request), both matching where, must be at most cost_max.  A cost
	 * SLI has no objective, budget nor burn-rate alerts: objective.target
	 * holds 0.5 only so the engine's window checks pass, and is not
	 * reported.
	 */
	int cost_per;
	double cost_max;
	const char *cost_currency;
	/* Quantiles to report for a latency or duration SLI, each in [0, 1],
	 * ascending (a duration SLI reports 0.5 and 0.9 unless it names its
	 * own). */
	const double *quantiles;
	size_t nquantiles;

	/*
	 * What slo_evaluate() takes: target (a fraction, 0 < t < 1;
	 * objective 99.9 is 0.999), window (rolling, > 0) or calendar,
	 * budgeting, slice and slice_target, and the burn-rate rules.
	 * Checked here against itself; slo_objective_check() against the
	 * resolution is slo-eval's (the resolution is an option).
	 */
	slo_objective objective;
	const char *timezone; /* calendar: IANA name, default "UTC"; else NULL */
	slo_tz *tz;           /* calendar: never NULL; rolling: NULL */

	/* group_by: dotted field paths ("route", "labels.tenant"). */
	const char *const *group_by;
	slo_expr *const *group_exprs; /* the same, compiled: value lookup */
	size_t ngroup_by;

	/*
	 * Burn-rate alerts, in objective.rules: a built-in policy
	 * (`alerts: google-30d`; its name in alert_policy and its rules
	 * copied from slo_policy_builtin()), an explicit list (alert_policy
	 * NULL), or none (`alerts: none` or `alerts: []`).  When the key is
	 * absent: "google-28d" for a rolling 28d window, else "google-30d",
	 * and alerts_defaulted is 1.
	 */
	const char *alert_policy;
	int alerts_defaulted;

	/* Where the SLO was defined: its list item, or its OpenSLO objective. */
	const char *file;
	long line, col;
	/*
	 * Where its window (or calendar), slice and burn-rate rules were
	 * written, for errors found against the engine (slo_spec_slo_check);
	 * 0 where unknown, and then the SLO's own position is used.
	 */
	long window_line, window_col, slice_line, slice_col;
	long rule_line[SLO_MAX_RULES], rule_col[SLO_MAX_RULES];
	/*
	 * Per burn-rate rule, its OpenSLO alert policy's and condition's
	 * flags: fire when a
	 * window of the rule has no events (alertWhenNoData), report the
	 * rule resolved (alertWhenResolved), do not fire on the burn
	 * (alertWhenBreaching: false), fire only above the threshold, not
	 * at it (op: gt).  0 for every other rule: fire on the burn, at or
	 * above.  The engine applies them (slo-spec(5) OPENSLO).
	 */
	unsigned char rule_when[SLO_MAX_RULES];
#define SLO_WHEN_NODATA 1
#define SLO_WHEN_RESOLVED 2
#define SLO_WHEN_QUIET 4
#define SLO_WHEN_STRICT 8
	int openslo; /* 1 when it came from an OpenSLO document */

	/*
	 * Valid in its format but not computable from events: an OpenSLO
	 * SLI over a metrics backend (type Prometheus, a metricSourceRef), a
	 * raw ratio, an op the engine does not evaluate, no timeWindow.  The
	 * reason, and where it was written (the SLI may be in another file
	 * than the SLO; line 0: unknown, the SLO's position); NULL when the
	 * SLO can be evaluated.  --validate accepts such an SLO, as the
	 * OpenSLO reference does; slo_spec_slo_check() refuses it, so
	 * slo-eval names it before reading any event.
	 */
	const char *unevaluable;
	const char *unevaluable_file;
	long unevaluable_line, unevaluable_col;
} slo_spec_slo;

/*
 * Is value v good against a threshold SLI's threshold t: at or under it
 * (inclusive), under it, at or over it (above and inclusive) or over it
 * (above)?  A value that is not a finite number is bad.  The one
 * predicate of slo-eval (eval.c) and of rollup rows (rollup.c), so the
 * two count the same events good, the boundary included.
 */
static inline int
slo_threshold_good(double v, double t, int inclusive, int above)
{
	if (!isfinite(v))
		return 0;
	if (above)
		return inclusive ? v >= t : v > t;
	return inclusive ? v <= t : v < t;
}


/* new + load each path + finish; NULL with err set on failure. */
slo_spec *slo_spec_load_files(const char *const *paths, size_t n,
    slo_error *err);

/*
 * For `slo-eval --validate`: load every path, going on past a bad file,
 * then finish (only when every file loaded, since references may point
 * into a bad one).  report(ctx, err) is called for each error found;
 * returns the number of errors (0: all valid).
 */
size_t slo_spec_validate(const char *const *paths, size_t n,
    void (*report)(void *ctx, const slo_error *err), void *ctx);

/*
 * Check one SLO against the evaluation engine at bucket width res (0: the
 * default, 1m), as slo-eval will run it: its window, slice and alert
 * windows whole numbers of res (slo_objective_check), and every window
 * its series needs within what slo_window_new() can hold.  A spec the
 * engine cannot run is a spec error, at the value's FILE:LINE:COL, never
 * bad data later.  SLO_EINVAL, SLO_ERANGE or SLO_ELIMIT with a message.
 */
slo_status slo_spec_slo_check(const slo_spec_slo *x, slo_ns res,
    slo_error *err);

/*
 * slo_spec_validate() with every SLO also checked by slo_spec_slo_check()
 * at res (0: 1m); slo_spec_validate() is this at the default res.
 */
size_t slo_spec_validate_res(const char *const *paths, size_t n, slo_ns res,
    void (*report)(void *ctx, const slo_error *err), void *ctx);

/* The SLOs, in file order (slokit form and OpenSLO documents as met). */
const slo_spec_slo *slo_spec_get(const slo_spec *s, size_t i);
const slo_spec_slo *slo_spec_find(const slo_spec *s, const char *name);

/*
 * The top-level keys of a slokit-form document, NULL-terminated, the one
 * list of them: "slos", which this loader reads, then the sections it
 * keeps for their owners: "flags" (flag-audit's registry, slo_flags.h),
 * "promotion" (promote-check's criteria, slo_promote.h), "sources"
 * (the mappings of OpenSLO metric sources to predicates) and
 * "severities" (which OpenSLO severities page), both read by this loader
 * at slo_spec_finish().  Any other
 * key is an error at load, with a "did you mean" from this list.
 */
extern const char *const slo_spec_top_keys[];

/*
 * The i-th top-level section named key (a section of slo_spec_top_keys:
 * "flags", "promotion") over all loaded files and their documents, in
 * load order, with its document in *doc for the slo_ynode readers; NULL
 * (and *doc NULL) after the last, and for "slos".  The loader does not
 * look inside these sections: their owners check them.  A file that fails
 * to load leaves none.
 */
const slo_ynode *slo_spec_section(const slo_spec *s, const char *key,
    size_t i, const slo_ydoc **doc);

/*
 * Add one slokit-form SLO given as key/value strings, as if they were
 * plain YAML scalars of one `slos:` item (slo-eval's ad-hoc mode:
 * name, where, good, objective, window, ...).  origin names the source in
 * errors ("command line"); errors carry line 0 and name the key.  Call
 * before slo_spec_finish().
 */
slo_status slo_spec_add_kv(slo_spec *s, const char *origin,
    const char *const *keys, const char *const *vals, size_t n,
    slo_error *err);

#endif
