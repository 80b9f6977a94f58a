/* eval_int.h — what slo-eval's renderers share, inside the library. */
#ifndef SLO_EVAL_INT_H
#define SLO_EVAL_INT_H

#include "slo_eval.h"

void slo_verdict_group_text(const slo_verdict *v, int with_keys, char *buf,
    size_t n);
/* The alert policy v's SLO runs: its name, "custom" (a list) or "none". */
const char *slo_verdict_policy(const slo_verdict *v);
/*
 * "alert policy: NAME" when every SLO runs the same one, else "alert
 * policies: SLO NAME, ..." (SLO names unescaped); nothing without
 * verdicts.  No newline.
 */
slo_status slo_eval_policy_text(const slo_eval *e, slo_buf *b);

#endif
