/*
 * slo_scorecard.h — the scorecard of slo-eval (issue 21.4): its verdicts
 * grouped by service and owner, beside the figures the alpha and
 * alignment guides put on their dashboards: release cadence, active
 * alpha flags and error budget use per owner.  No file I/O: deploy
 * events come one by one from the eval engine (slo_scorecard_note), the
 * verdicts and the flag registry at the end (slo_scorecard_build).
 *
 * Definitions (slo-eval(1), SCORECARD):
 *   window         [from, to): the union of the windows of the verdicts
 *                  with data (earliest from, latest to); without any, the
 *                  longest rolling SLO window ending with the bucket of
 *                  the evaluation instant, as a verdict's would.  None
 *                  without an instant.
 *   deploys/day    per service: deploy events of any result whose ts is in
 *                  the window, divided by the window's length in days
 *                  (86400 s).  A service of deploys without an SLO gets a
 *                  row of its own; deploys without a service count under
 *                  the service NULL.
 *   budget used    per verdict with data: its consumed error budget share
 *                  (slo_result.consumed; above 1 when overspent).  Per
 *                  owner: the worst (largest) share with its verdict, and
 *                  the sum of the shares of its verdicts with data.
 *   active alpha   a registry flag in stage alpha, or with no stage and an
 *                  alpha block, already created at the instant and not
 *                  past its deadline (expires, else created + its type's
 *                  lifetime; permanent types have none; at the deadline
 *                  still active, as flag-audit is not yet stale), counted
 *                  under the flag's owner.
 * Deploys are kept as instants (8 bytes each), so merging engines of -j
 * is exact: their lists are concatenated.
 */
#ifndef SLO_SCORECARD_H
#define SLO_SCORECARD_H

#include "slo_eval.h"
#include "slo_flags_spec.h"

typedef struct slo_scorecard slo_scorecard;

/* One (service, owner) pair of the verdicts, or a service of deploys. */
typedef struct slo_score_group {
	const char *service;    /* NULL: none given */
	const char *owner;      /* NULL: none given */
	size_t verdicts;        /* by status: */
	size_t ok, warning, breached, no_data;
	/* release cadence of the service (the same on each of its rows) */
	uint64_t deploys;       /* in the window */
	double deploys_per_day; /* valid when the scorecard has_window */
} slo_score_group;

/* One owner (NULL: SLOs and flags without one). */
typedef struct slo_score_owner {
	const char *owner;
	size_t verdicts;           /* all, and those with data and a budget
	                            * (every SLI but cost): */
	size_t with_data;
	double budget_used_sum;    /* over those with data */
	double budget_used_worst;  /* valid when with_data > 0 */
	const slo_verdict *worst;  /* the verdict of the worst, or NULL */
	const char *const *alpha_flags; /* active alpha flag keys, registry order */
	size_t nalpha;
} slo_score_owner;

slo_scorecard *slo_scorecard_new(void);
void slo_scorecard_free(slo_scorecard *c);

/* Count ev when it is a deploy with a ts; other events are ignored. */
slo_status slo_scorecard_note(slo_scorecard *c, const slo_event *ev);
/* Add src's deploys to dst: the same as if dst had seen them. */
slo_status slo_scorecard_merge(slo_scorecard *dst, const slo_scorecard *src);

/*
 * Compute the scorecard from n verdicts (spec order; they must outlive
 * c), reg (NULL: no alpha figures) at instant at (SLO_NS_NONE: none),
 * res the bucket width of the windows.
 * Groups sort by service then owner (bytes; NULL first), owners likewise.
 */
slo_status slo_scorecard_build(slo_scorecard *c, const slo_verdict *v,
    size_t n, const slo_flag_registry *reg, slo_ns at, slo_ns res);

/*
 * Worth showing: an SLO has an owner, a registry was given, or a deploy
 * event came.  Without any, every output stays as it was before.
 */
int slo_scorecard_active(const slo_scorecard *c);
int slo_scorecard_has_deploys(const slo_scorecard *c);
int slo_scorecard_has_registry(const slo_scorecard *c);

/* The window; 0 when there is none (no instant). */
int slo_scorecard_window(const slo_scorecard *c, slo_ns *from, slo_ns *to);

size_t slo_scorecard_ngroups(const slo_scorecard *c);
const slo_score_group *slo_scorecard_group(const slo_scorecard *c, size_t i);
size_t slo_scorecard_nowners(const slo_scorecard *c);
const slo_score_owner *slo_scorecard_owner(const slo_scorecard *c, size_t i);

/*
 * The verdicts in scorecard order: stable by service, then owner, so the
 * verdicts of one group come together and in spec order within it.
 */
const slo_verdict *const *slo_scorecard_verdicts(const slo_scorecard *c);

/* "active alpha" for flag d at instant at (see above). */
int slo_flag_active_alpha(const slo_flag_def *d, slo_ns at);

#endif
