/*
 * slo_fe_engines.h — the engines of slo-eval, flag-audit and
 * promote-check (lib/engine) as the front end's driver runs them
 * (slo_fe.h), each with its tool's end-of-run notices.  The ctx of each
 * is the tool's, borrowed for the run.
 */
#ifndef SLO_FE_ENGINES_H
#define SLO_FE_ENGINES_H

#include "slo_eval.h"
#include "slo_fe.h"
#include "slo_flags.h"
#include "slo_promote.h"

typedef struct slo_fe_eval {
	const slo_spec *spec;  /* borrowed: outlives the run */
	slo_eval_config cfg;   /* at, where, want_series set by the tool */
	int strict;            /* --strict: a field no event carried exits 2 */
	slo_flag_registry *reg; /* --registry for the scorecard; NULL: none */
} slo_fe_eval;

/*
 * Fill eng to run slo_eval engines of ctx (borrowed) with -j.  The engine
 * rejects, without a column, a request without ts and a malformed rollup
 * line (one of another width too).  Notices on stderr: rollup rows
 * without the spec's counts, groups past --max-groups, rollup sketches
 * left out, and each field an SLO reads that no event carried.
 */
void slo_fe_eval_engine(slo_fe_engine *eng, slo_fe_eval *ctx);

/*
 * slo-eval --validate: the spec files given as --spec (specs) and as
 * operands, each error reported; the exit code (0, or 2 after any error).
 */
int slo_fe_eval_validate(slo_cli *cli, const char *const *specs, size_t n,
    slo_ns resolution);

/*
 * The spec slo-eval evaluates: the --spec files, or the ad-hoc SLO of
 * --objective & co (one or the other, a usage error else).  Sets *spec
 * (the caller's to free) and ctx->spec; returns -1 to go on, or an exit
 * code after reporting.
 */
struct slo_adhoc;

/*
 * slo-eval --registry FILE (repeatable): the flag registry of flag-audit,
 * loaded into ctx->reg (made at the first; the caller frees it) for the
 * scorecard's active alpha flags.  Returns 0, or an exit code after
 * reporting the error.
 */
int slo_fe_eval_registry(slo_cli *cli, slo_fe_eval *ctx, const char *path);

int slo_fe_eval_load(slo_cli *cli, slo_fe_eval *ctx, const char *const *specs,
    size_t n, struct slo_adhoc *adhoc, slo_spec **spec);

/*
 * slo-eval --export openslo: the spec of --spec, the operands (spec
 * files, as for --validate; no event is read) or the ad-hoc SLO, written
 * to the output as OpenSLO v1 (slo_openslo_write); the exit code (0, or 2
 * after an error reported).  *spec is the caller's to free.
 */
int slo_fe_eval_export(slo_cli *cli, slo_fe_eval *ctx, const char *const *specs,
    size_t n, struct slo_adhoc *adhoc, slo_spec **spec);

typedef struct slo_fe_audit {
	const slo_flag_registry *reg;  /* borrowed */
	slo_flag_audit_opts opts;      /* at set by the tool */
} slo_fe_audit;

/*
 * Fill eng to run slo_flag_audit engines of ctx with -j.  A malformed
 * rollup line is rejected with its column; slo_flag_audit_notes() are the
 * notices.
 */
void slo_fe_audit_engine(slo_fe_engine *eng, slo_fe_audit *ctx);

typedef struct slo_fe_promote {
	const slo_promote_criteria *crit; /* borrowed */
	const slo_flag_registry *reg;     /* borrowed, NULL for none */
	const slo_expr *where;            /* --where, borrowed, NULL for none */
	slo_ns at;
} slo_fe_promote;

/*
 * Fill eng to run slo_promote engines of ctx with -j.  --where on a rollup
 * line stops the run at that line (column 1); a malformed rollup line is
 * rejected with its column; slo_promote_notes() are the notices.
 */
void slo_fe_promote_engine(slo_fe_engine *eng, slo_fe_promote *ctx);

#endif
