/*
 * slo_promote_spec.h — promote-check's criteria as plain data: the
 * defaults of DESIGN.md section 7, the `promotion:` section of
 * slo-spec(5) and the command line's overrides.  The engine that judges
 * events by them is slo_promote.h.
 */
#ifndef SLO_PROMOTE_SPEC_H
#define SLO_PROMOTE_SPEC_H

#include <stdint.h>
#include "slo.h"
#include "slo_flags_spec.h"
#include "slo_level.h"
#include "slo_spec.h"
#include "slo_math.h"

typedef enum slo_crit_id {
	SLO_CRIT_AVAILABILITY = 0,
	SLO_CRIT_ERROR_RATE,
	SLO_CRIT_LATENCY,
	SLO_CRIT_DEPLOY_SUCCESS,
	SLO_CRIT_SECURITY_ALERTS,
	SLO_CRIT_TIME_TO_RESTORE,
	SLO_CRIT_TELEMETRY,
	SLO_CRIT_FLAG_LEAKS,
	SLO_CRIT_TIME_TO_DETECT,
	SLO_CRIT_TIME_TO_MITIGATE,
	SLO_CRIT_CONTRACT_CHECKS,
	SLO_CRIT_RESOURCES,
	SLO_CRIT_VARIANCE,
	SLO_CRIT_COST_PER_REQUEST,
	SLO_CRIT__COUNT
} slo_crit_id;

/* The criterion's key in the criteria file: "availability", ... */
const char *slo_crit_name(slo_crit_id id);

typedef enum slo_on_fail {
	SLO_ON_FAIL_ROLLBACK = 0, /* a fail rolls back */
	SLO_ON_FAIL_HOLD,         /* a fail holds */
	SLO_ON_FAIL_WARN          /* reported, never blocks */
} slo_on_fail;
const char *slo_on_fail_name(slo_on_fail f);

typedef struct slo_crit_opts {
	int enabled;      /* default 1 */
	int required;     /* absent event kind is inconclusive, not skipped */
	slo_on_fail on_fail;
	/*
	 * The criteria file names the criterion.  The criteria of issue 21
	 * (time_to_detect and after) are listed in a verdict only when their
	 * events are there, or when named: a verdict over the events of
	 * before reads as it did.
	 */
	int named;
} slo_crit_opts;

#define SLO_PROMOTE_RESERVOIR 20000
/*
 * The criteria.  Shares are fractions (0.95, not 95).  Plain data: copy
 * freely; strings are fixed arrays.
 */
typedef struct slo_promote_criteria {
	char cohort[128];        /* "alpha" */
	char baseline[128];      /* "baseline" */
	uint64_t min_requests;   /* 200, per cohort */
	double confidence;       /* 0.95 */
	double power;            /* 0.80: of the "more requests" sizes */
	slo_ns window;           /* 0: the span of the candidate's events */
	size_t reservoir;        /* latency samples kept per cohort, 20000 */
	struct { slo_crit_opts o; double min; } availability;
	struct {
		slo_crit_opts o;
		double max;          /* 0.02 */
		double margin;       /* 0.10: relative, the line's slope - 1 */
		double margin_abs;   /* 0.01: absolute, the line's intercept */
	} error_rate;
	struct {
		slo_crit_opts o;
		double quantile;     /* 0.95 */
		double max_ratio;    /* 2.0 */
		double effect_floor; /* 0.10: HL shift / baseline median */
	} latency;
	struct { slo_crit_opts o; double min; } deploy_success;
	struct {
		slo_crit_opts o;
		slo_level severity;  /* counted at or above; critical */
		uint64_t max;        /* 0 */
		char source[64];     /* "security"; "*" counts every source */
	} security_alerts;
	struct { slo_crit_opts o; slo_ns max; } time_to_restore;
	struct {
		slo_crit_opts o;
		double min;          /* 0.90 */
		slo_ns slice;        /* 1m: also the window's bucket width */
		int trace_ids;       /* also judge the share of traced requests */
	} telemetry;
	struct {
		slo_crit_opts o;
		uint64_t max;        /* 0 */
		/*
		 * Flag registry file, "" for none: the caller loads it and
		 * hands it over with slo_promote_set_registry().
		 */
		char registry[1024];
	} flag_leaks;
	/*
	 * The median time from an incident's open to its first detected
	 * (resp. mitigated) event, over the incidents at or above severity
	 * (one without a severity counts as critical), at most max.
	 */
	struct {
		slo_crit_opts o;
		slo_ns max;          /* 5m, the alignment guide's M7 */
		slo_level severity;  /* critical */
	} time_to_detect;
	struct {
		slo_crit_opts o;
		slo_ns max;          /* 30m, the alignment guide's M8 */
		slo_level severity;  /* critical */
	} time_to_mitigate;
	/* Every check of the suite run on the candidate's version passes. */
	struct {
		slo_crit_opts o;
		char suite[64];      /* "contract" */
	} contract_checks;
	/*
	 * Per candidate instance, the quantile of usage / limit at most
	 * max_share (an instance without a limit is a finding); and the
	 * candidate's quantile of usage at most max_ratio times the
	 * baseline's, on distribution-free intervals.
	 */
	struct {
		slo_crit_opts o;
		double quantile;     /* 0.95 */
		double max_share;    /* 0.90 */
		double max_ratio;    /* 1.2 */
	} resources;
	/*
	 * The candidate's latency dispersion against the baseline's: the
	 * Brown-Forsythe test on the window's latency samples, failing when
	 * the candidate's is significantly larger and its mean absolute
	 * deviation from the median above max_ratio times the baseline's.
	 * Judged only when the criteria file names it.
	 */
	struct {
		slo_crit_opts o;
		double max_ratio;    /* 1.5 */
	} variance;
	/*
	 * The candidate's cost per request (the sum of its cost events'
	 * amounts over its requests, in the window) at most max_ratio times
	 * the baseline's, on the ratio's interval.  Amounts of one currency
	 * only: currency, or the one the events carry.
	 */
	struct {
		slo_crit_opts o;
		double max_ratio;    /* 1.2 */
		char currency[8];    /* "": whichever one the events use */
	} cost_per_request;
} slo_promote_criteria;

/* Fill c with the defaults of DESIGN.md section 7. */
void slo_promote_criteria_init(slo_promote_criteria *c);

/*
 * Load the `promotion:` section of a slo-spec(5) file over the defaults
 * (c is initialised first).  The file is read as a spec
 * (slo_spec_load_file(): its top-level keys, `slos:` and OpenSLO
 * documents are checked there) and its first `promotion:` section used;
 * a file without one is an error.  Unknown keys, bad shares, durations
 * and enums fail with FILE:LINE:COL.  A relative flag registry path is
 * taken relative to the criteria file; a criteria file with a `flags:`
 * section and no registry named is its own registry.
 */
slo_status slo_promote_criteria_load(slo_promote_criteria *c, const char *path,
    slo_error *err);
/* The same from text named name (tests, and files already read). */
slo_status slo_promote_criteria_load_string(slo_promote_criteria *c,
    const char *name, const char *text, size_t n, slo_error *err);
/*
 * The first `promotion:` section of spec s over the defaults; file names
 * the spec (a relative registry path is relative to it; NULL: taken as
 * given).
 */
slo_status slo_promote_criteria_load_spec(slo_promote_criteria *c,
    const slo_spec *s, const char *file, slo_error *err);

/*
 * The command line's overrides, each SLO_EINVAL with a message naming the
 * option when the value will not do: a cohort or baseline name empty or
 * too long, a window that is not a positive duration.  c is unchanged on
 * error.
 */
slo_status slo_promote_criteria_set_cohort(slo_promote_criteria *c,
    const char *name, slo_error *err);
slo_status slo_promote_criteria_set_baseline(slo_promote_criteria *c,
    const char *name, slo_error *err);
slo_status slo_promote_criteria_set_window(slo_promote_criteria *c,
    const char *text, slo_error *err);
/* After the overrides: SLO_EINVAL when cohort and baseline are the same. */
slo_status slo_promote_criteria_check(const slo_promote_criteria *c,
    slo_error *err);

/*
 * The flag registry c->flag_leaks.registry names, loaded into *out (the
 * caller frees it, after the engine it is lent to); *out NULL when
 * flag_leaks is disabled or names none.
 */
slo_status slo_promote_criteria_load_registry(const slo_promote_criteria *c,
    slo_flag_registry **out, slo_error *err);

/* The enabled/required/on_fail options of criterion id. */
const slo_crit_opts *slo_crit_opts_of(const slo_promote_criteria *c,
    slo_crit_id id);

#endif
