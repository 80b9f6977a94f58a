/*
 * slo_report_alerts.h — the alert state of each report step (slo.c), for
 * the html report's burn-rate chart, which marks the moments alerts
 * fired in the past of the window.  Inside the library: the public
 * slo_report_point keeps its layout.
 */
#ifndef SLO_REPORT_ALERTS_H
#define SLO_REPORT_ALERTS_H

#include <stdint.h>
#include "slo_math.h"

/*
 * Bit r stands for o->rules[r].  known: the series still holds both of
 * the rule's windows at the step's end (a long window reaching before the
 * oldest bucket kept is not judged); firing: the rule fired there, by
 * slo_evaluate()'s own test (both windows with data, both burns at or
 * above the threshold).
 */
typedef struct slo_report_alert {
	uint32_t firing;
	uint32_t known;
} slo_report_alert;

/*
 * For each of the n steps of slo_report_series(o, w, at, step, ...), the
 * state of every burn-rate rule at the step's end, as slo_evaluate()
 * would find it at an instant in the step's last bucket: the last step's
 * is the verdict's own.  SLO_EINVAL for a bad objective or step or an n
 * other than slo_report_steps(); SLO_ERANGE as slo_report_series().
 */
slo_status slo_report_alerts(const slo_objective *o, const slo_window *w,
    slo_ns at, slo_ns step, slo_report_alert *out, size_t n);

#endif
