/* eval_int.h — what slo-eval's renderers share, inside the library. */
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

#endif
