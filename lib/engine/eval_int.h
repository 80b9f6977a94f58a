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
 * slo_eval_merge() of many engines on many threads (slo-eval -j N): the
 * plan does in the calling thread every part of dst += srcs[0], ...,
 * srcs[nsrcs - 1] (in that order) that touches dst's shared state, as
 * slo_eval_merge() would, and leaves the merges of the window series as
 * tasks 0 .. slo_eval_merge_tasks() - 1, numbered from the costliest (the
 * most bytes to merge).  Each task reads and writes only series of its
 * own, so any tasks may run at once in any threads (the allocator being
 * thread-safe); dst is merged once every task returned SLO_OK.  With
 * consume, each task frees the series it merged, so that the srcs'
 * memory goes back in parallel too: the srcs are then only good for
 * slo_eval_free() (finishing or merging them again is refused with
 * SLO_EINVAL).  Errors as slo_eval_merge()'s; after one, dst is only good
 * for freeing.  The plan is freed after the tasks and before the engines.
 */
typedef struct slo_eval_merge_plan slo_eval_merge_plan;

slo_status slo_eval_merge_plan_new(slo_eval *dst, slo_eval *const *srcs,
    size_t nsrcs, int consume, slo_eval_merge_plan **plan, slo_error *err);
size_t slo_eval_merge_tasks(const slo_eval_merge_plan *plan);
slo_status slo_eval_merge_task(slo_eval_merge_plan *plan, size_t task,
    slo_error *err);
void slo_eval_merge_plan_free(slo_eval_merge_plan *plan);

#endif
