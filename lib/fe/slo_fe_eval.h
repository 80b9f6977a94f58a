/*
 * slo_fe_eval.h — slo-eval's engine (lib/engine/slo_eval.h) as the
 * front end's driver runs it (slo_fe.h), with slo-eval's end-of-run
 * notices.  flag-audit's and promote-check's engines would sit beside it.
 */
#ifndef SLO_FE_EVAL_H
#define SLO_FE_EVAL_H

#include "slo_eval.h"
#include "slo_fe.h"

typedef struct slo_fe_eval {
	const slo_spec *spec;  /* borrowed: outlives the run */
	slo_eval_config cfg;   /* at, where, want_series set by the tool */
	int strict;            /* --strict: a field no event carried exits 2 */
} slo_fe_eval;

/*
 * Fill eng to run slo_eval engines of ctx (borrowed) with -j.  The engine
 * rejects, without a column, a request without ts and a malformed rollup
 * line (one of another width too).  Notices on stderr: rollup rows
 * without the spec's counts, groups past --max-groups, rollup sketches
 * left out, and each field an SLO reads that no event carried.
 */
void slo_fe_eval_engine(slo_fe_engine *eng, slo_fe_eval *ctx);

#endif
