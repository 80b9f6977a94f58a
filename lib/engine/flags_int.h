/*
 * flags_int.h — the state of a flag audit, inside the library: shared by
 * the audit (lib/engine/flags.c) and its renderers (lib/render/flags_out.c),
 * which read it and never change it.
 */
#ifndef SLO_FLAGS_INT_H
#define SLO_FLAGS_INT_H

#include "slo_flags.h"
#include "slo_math.h"

struct variant {
	char *name;
	uint64_t n;
	slo_ns first, last;     /* first orders the variants (see finish) */
};

/*
 * Example subjects: the opts.examples distinct subjects that come first
 * by (earliest time seen, subject), kept in that order.  Not "the first
 * ones read": a key on the events themselves is what lets the audits of
 * the chunks of an input merge into exactly the audit of the whole.
 */
struct examples {
	char **s;
	slo_ns *ts;
	size_t n;
};

/* What is known about one flag key. */
struct fstate {
	char *key;
	const slo_flag_def *def;     /* NULL: not registered */
	const char **allow_subjects; /* def's subjects, sorted */
	uint64_t evals, errors, not_found, alpha_evals, leak_evals, leak_noseg;
	slo_hll *subjects, *alpha_subjects, *leak_subjects;
	slo_ns first, last, last_error, last_novariant;
	struct variant *var;
	size_t nvar;
	uint64_t other_n;            /* variants past SLO_FLAG_VARIANTS_MAX */
	slo_ns other_last;
	struct examples ex_leak, ex_alpha, ex_any, ex_error;
};

struct slo_flag_audit {
	const slo_flag_registry *reg;
	slo_flag_audit_opts o;
	struct fstate *st;     /* registered flags first, in registry order */
	size_t nst, capst;
	size_t nunknown;
	struct fstate more;    /* unregistered keys past o.max_groups */
	slo_hll *folded;       /* the distinct keys folded into more */
	uint32_t *index;       /* open addressing: st index + 1, 0 empty */
	size_t nindex;
	slo_ns newest, at;
	uint64_t evaluations, after_at;
	int finished;
	slo_flag_finding *f;
	size_t nf, capf;
};

/*
 * Distinct subjects of a counter fed by evals evaluations: the HyperLogLog
 * estimate clamped to evals (see flags.c).
 */
uint64_t slo_flag_distinct(const slo_hll *h, uint64_t evals);

/* Whether the audit runs check c (opts.checks). */
int slo_flag_audit_runs(const slo_flag_audit *a, slo_flag_check c);

#endif
