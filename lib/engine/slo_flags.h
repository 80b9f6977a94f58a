/*
 * slo_flags.h — the audit of flag evaluation telemetry against the flag
 * registry of slo-spec(5) (slo_flags_spec.h): leaks of alpha variants,
 * exposure, unknown flags, evaluation errors and flag debt.  No file is
 * read here; the renderers are lib/render/flags_out.c.
 *
 * Use:  r = slo_flag_registry_new();  slo_flag_registry_load_file(r, path,
 * &err);  a = slo_flag_audit_new(r, &opts);  slo_flag_audit_add(a, &ev,
 * &err) for every event (any kind: those that carry no flag evaluation
 * only move the clock), or feed parts of the input to several audits and
 * slo_flag_audit_merge() them;  slo_flag_audit_finish(a, &err);  then read
 * the findings, slo_flag_audit_exit_code(), and slo_flag_audit_render()
 * (the same lifecycle as slo_eval.h).  promote-check's "no flag
 * leaks" criterion is the same accumulator with opts.checks set to the leak
 * check alone, read with slo_flag_audit_total().
 *
 * Memory is bounded: per flag a few counters, three distinct-subject
 * counters of slo_hll.h (exact up to 4096 subjects, then HyperLogLog),
 * at most SLO_FLAG_VARIANTS_MAX variants and --examples subjects per
 * check: under 100 KiB a flag.  At most opts.max_groups unregistered keys
 * are told apart (--max-groups, default SLO_FLAG_MAX_GROUPS); the rest
 * fold into one overflow entry, key "*", reported as such.
 */
#ifndef SLO_FLAGS_H
#define SLO_FLAGS_H

#include "slo.h"
#include "slo_event.h"
#include "slo_flags_spec.h"
#include "slo_level.h"
#include "slo_math.h"
#include "slo_render.h"

#define SLO_FLAG_VARIANTS_MAX 64   /* variants told apart per flag */
#define SLO_FLAG_MAX_GROUPS 10000 /* default: unregistered keys told apart */
#define SLO_FLAG_EXAMPLES_MAX 100  /* bound on opts.examples */

/* ---- audit ------------------------------------------------------------ */

/* In the order findings are reported within a severity. */
typedef enum slo_flag_check {
	SLO_FCHECK_LEAK = 0,          /* critical */
	SLO_FCHECK_OVEREXPOSED,       /* high */
	SLO_FCHECK_UNKNOWN,           /* high */
	SLO_FCHECK_EVALUATION_ERRORS, /* medium */
	SLO_FCHECK_STALE,             /* medium */
	SLO_FCHECK_NO_OWNER,          /* medium */
	SLO_FCHECK_FULLY_ROLLED_OUT,  /* low */
	SLO_FCHECK_NEVER_EVALUATED,   /* low */
	SLO_FCHECK__COUNT
} slo_flag_check;

const char *slo_flag_check_name(slo_flag_check c);    /* "fully_rolled_out" */
int slo_flag_check_from_name(const char *name);       /* -1 when unknown */
/* The level of a finding of check c (slo_level.h): leak critical, ... */
slo_level slo_flag_check_severity(slo_flag_check c);

typedef struct slo_flag_audit_opts {
	slo_ns at;             /* SLO_NS_NONE: the newest event time */
	slo_ns settle;         /* fully_rolled_out window; default 7 days */
	double max_error_rate; /* evaluation_errors above it; default 0.01 */
	size_t examples;       /* example subjects per finding; default 5 */
	unsigned checks;       /* 1u << check for each one run; default all */
	size_t max_groups;     /* unregistered keys told apart, then "*" */
	slo_level fail_on; /* exit 1 at or above it; default high */
	int summary;           /* render one record per flag too; default 0 */
} slo_flag_audit_opts;

void slo_flag_audit_opts_init(slo_flag_audit_opts *o);

/*
 * Set the option flag-audit(1) calls --NAME from its text: "examples"
 * (0 to SLO_FLAG_EXAMPLES_MAX), "max-error-rate" (a share), "settle" (a
 * positive duration), "fail-on" (a level), "max-groups" (0 to 10^8),
 * "summary" (arg ignored).  SLO_EINVAL with err->msg naming the option
 * and what it wants; o unchanged on error.
 */
slo_status slo_flag_audit_opts_set(slo_flag_audit_opts *o, const char *name,
    const char *arg, slo_error *err);

/*
 * One finding.  Counts not meaningful for the check are 0, shares NaN,
 * instants SLO_NS_NONE.  def is NULL for an unregistered flag.
 *   leak:              evaluations/subjects leaked, of the flag's alpha
 *                      evaluations (total_*); unknown_segment of them had
 *                      no segment;
 *   overexposed:       subjects with an alpha variant, of total_subjects
 *                      evaluated; share vs limit (max_exposure);
 *   unknown:           evaluations/subjects; not_found of them ended in
 *                      flag_not_found (registered flags: only those);
 *   evaluation_errors: evaluations that erred, of total_evaluations;
 *                      share vs limit (max error rate);
 *   stale:             deadline passed at `at`; lifetime 0 when the
 *                      registry's expires set the deadline;
 *   fully_rolled_out:  variant served by every evaluation since `since`
 *                      (the last other variant or error, else the first
 *                      evaluation), evaluations of it in total;
 *   never_evaluated, no_owner: no figures.
 */
typedef struct slo_flag_finding {
	slo_flag_check check;
	slo_level severity;
	const char *flag;
	const slo_flag_def *def;
	uint64_t evaluations;
	uint64_t subjects;
	int estimated;          /* a subject count is a HyperLogLog estimate */
	uint64_t total_evaluations;
	uint64_t total_subjects;
	uint64_t unknown_segment;
	uint64_t not_found;
	double share;
	double limit;
	slo_ns deadline;
	slo_ns lifetime;
	slo_ns since;
	const char *variant;
	/*
	 * Distinct subjects: the first by (earliest time seen, subject), in
	 * that order; events without a time come first.
	 */
	const char *const *examples;
	size_t nexamples;
	/*
	 * unknown, flag "*": the overflow entry of the keys past max_groups;
	 * folded_flags of them (estimated as subjects are, see estimated).
	 */
	int overflow;
	uint64_t folded_flags;
} slo_flag_finding;

typedef struct slo_flag_audit slo_flag_audit;

/*
 * reg is borrowed: it must outlive the audit (NULL: no registry, every
 * flag is unknown).  NULL when out of memory.
 */
slo_flag_audit *slo_flag_audit_new(const slo_flag_registry *reg,
    const slo_flag_audit_opts *opts);
void slo_flag_audit_free(slo_flag_audit *a);

/*
 * Feed one event.  A flag event is one evaluation; a request counts one
 * evaluation per member of its `flags` object.  The segment of an
 * evaluation is the flag event's `segment`, else `labels.segment`; when
 * neither is given only the subject allow list can clear it.  With
 * opts.at set, events after it are ignored.  Flag events and request
 * flag members without a key are skipped (the decoder rejects such
 * lines before they get here).  A rollup line carries no evaluation but
 * is checked as slo_flag_audit_check_line() does.  Contract of
 * slo_eval_add(): SLO_OK; SLO_ENOMEM (err set) stops the run, the audit
 * stays consistent; SLO_EINVAL rejects the line (a malformed rollup,
 * err->col and err->msg set).
 */
slo_status slo_flag_audit_add(slo_flag_audit *a, const slo_event *ev,
    slo_error *err);

/*
 * dst += src: fold an audit fed part of the input (a chunk of whole lines,
 * say one thread's of -j N) into another made with the same registry and
 * options (SLO_EMISMATCH otherwise), before either is finished.  src is
 * left as it was.  Merging the audits of the parts in any order renders
 * byte for byte as one audit fed the whole input: counters add, subject
 * counters merge register by register (exact), times take the earlier or
 * later, examples and variants are ordered by time seen, not by input
 * order.  Two things depend on the order of the input and are not exact
 * under a merge: which SLO_FLAG_VARIANTS_MAX variants of a flag are told
 * apart when it has more (the rest count as "other"), and which
 * opts.max_groups unregistered keys are told apart when there are more
 * (the rest fold into "*"); with -j they follow each part's order.
 */
slo_status slo_flag_audit_merge(slo_flag_audit *dst, const slo_flag_audit *src,
    slo_error *err);

/*
 * Whether ev is an input line flag-audit takes: a rollup line carries no
 * flag evaluation, but a malformed one is bad input here as it is for
 * slo-eval and promote-check (slo_rollup_merge_json decides and gives the
 * reason).  SLO_OK for a valid rollup and for any other event; SLO_EINVAL
 * with err set; SLO_ENOMEM.
 */
slo_status slo_flag_audit_check_line(const slo_event *ev, slo_error *err);

/*
 * Compute the findings; once, after the last add or merge.  Only
 * SLO_ENOMEM can fail (err set).
 */
slo_status slo_flag_audit_finish(slo_flag_audit *a, slo_error *err);

/* DESIGN.md section 3: 1 when a finding is at or above opts.fail_on, else 0. */
int slo_flag_audit_exit_code(const slo_flag_audit *a);

/* The instant the audit was made at; SLO_NS_NONE when no time was seen. */
slo_ns slo_flag_audit_at(const slo_flag_audit *a);
/* Flag evaluations counted (flag events plus request flag members). */
uint64_t slo_flag_audit_evaluations(const slo_flag_audit *a);
/*
 * Distinct unregistered keys folded into the overflow entry past
 * opts.max_groups (0: none), and their evaluations in *evaluations.  Exact
 * up to SLO_HLL_EXACT keys, then a HyperLogLog estimate (*estimated 1).
 * Either pointer may be NULL.
 */
uint64_t slo_flag_audit_folded(const slo_flag_audit *a,
    uint64_t *evaluations, int *estimated);
/* Events ignored because they came after opts.at. */
uint64_t slo_flag_audit_after_at(const slo_flag_audit *a);

/*
 * A diagnostic for the user (the tool prints it on stderr as a warning):
 * msg is one line, lower case, no newline.  Shared with slo_promote.h.
 */
typedef void slo_note_fn(void *ctx, const char *msg);

/*
 * After finish, what the user should know beyond the findings, one call
 * of fn each, in this order: no event time and no --at (stale and
 * fully_rolled_out not checked; only with a registered flag), unregistered
 * keys folded into "*" past opts.max_groups, events after --at ignored.
 * Returns how many.
 */
size_t slo_flag_audit_notes(const slo_flag_audit *a, slo_note_fn *fn,
    void *ctx);

/* Findings, most severe first, then by check, then by flag key. */
size_t slo_flag_audit_nfindings(const slo_flag_audit *a);
const slo_flag_finding *slo_flag_audit_finding(const slo_flag_audit *a,
    size_t i);
/* Most severe finding's severity, -1 when there is none. */
int slo_flag_audit_worst(const slo_flag_audit *a);

/*
 * Sum over the findings of check c: returns their number and adds up
 * their evaluations and subjects (either pointer may be NULL).  For
 * promote-check: leaks = slo_flag_audit_total(a, SLO_FCHECK_LEAK, ...).
 */
size_t slo_flag_audit_total(const slo_flag_audit *a, slo_flag_check c,
    uint64_t *evaluations, uint64_t *subjects);

/* A one-line human account of finding f, appended to out. */
slo_status slo_flag_finding_message(const slo_flag_finding *f, slo_buf *out);

/* Finding f as one NDJSON line. */
slo_status slo_flag_finding_encode(const slo_flag_finding *f, slo_buf *out);

/*
 * The whole report in fmt (ndjson, table, markdown or junit; others are
 * SLO_EINVAL): the findings, then with summary one record per flag
 * (evaluations, subjects, variant shares, stage, age).  fail_on marks
 * which findings are failures in junit and markdown output; color puts
 * ANSI colours on the severities of a table.
 */
slo_status slo_flag_audit_report(const slo_flag_audit *a, slo_format fmt,
    int summary, slo_level fail_on, int color, slo_buf *out);

/* slo_flag_audit_report() with the audit's opts.summary and opts.fail_on. */
slo_status slo_flag_audit_render(const slo_flag_audit *a, slo_format fmt,
    int color, slo_buf *out);

/* slo_flag_audit_render() with the table's width too (slo_render.h). */
slo_status slo_flag_audit_render_opts(const slo_flag_audit *a,
    slo_format fmt, const slo_render_opts *ro, slo_buf *out);

#endif
