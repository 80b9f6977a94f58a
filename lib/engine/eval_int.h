/* eval_int.h — what slo-eval's renderers and its -j merge share, inside
 * the library. */
#ifndef SLO_EVAL_INT_H
#define SLO_EVAL_INT_H

#include "slo_eval.h"

/*
 * Appends the group of a verdict as raw text (the caller escapes it for
 * its format): its values, "/api/cart,eu-west-1", or with keys,
 * "route=/api/cart, region=eu-west-1"; "(none)" for a missing value, "-"
 * for an ungrouped SLO.
 */
slo_status slo_verdict_group_text(const slo_verdict *v, int with_keys,
    slo_buf *b);
/* The alert policy v's SLO runs: its name, "custom" (a list) or "none". */
const char *slo_verdict_policy(const slo_verdict *v);
/*
 * "alert policy: NAME" when every SLO runs the same one, else "alert
 * policies: SLO NAME, ..." (SLO names escaped for mode); nothing without
 * verdicts.  No newline.
 */
slo_status slo_eval_policy_text(const slo_eval *e, slo_text_mode mode,
    slo_buf *b);

/*
 * A task runner: task(ctx, thread, i) once for each i < ntasks on up to
 * jobs threads (thread < jobs), the costliest tasks numbered first; 0, or
 * -1 once a task returned -1 (no further task starts).  The front end's
 * slo_par_tasks() is one.  With a runner, slo_eval_merge() (into e),
 * slo_eval_finish() and slo_eval_free() run their per-series work as
 * tasks on it: window merges, the verdicts' reading of their windows,
 * freeing.  The result is the same byte for byte.  NULL: all in the
 * calling thread.
 */
typedef int slo_eval_runner(int jobs, size_t ntasks,
    int (*task)(void *ctx, int thread, size_t i), void *ctx);

void slo_eval_set_runner(slo_eval *e, slo_eval_runner *run, int jobs);

#endif
