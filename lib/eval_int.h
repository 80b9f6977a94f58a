/* eval_int.h — what slo-eval's renderers share, inside the library. */
#ifndef SLO_EVAL_INT_H
#define SLO_EVAL_INT_H

#include "slo_eval.h"

void slo_verdict_group_text(const slo_verdict *v, int with_keys, char *buf,
    size_t n);

#endif
