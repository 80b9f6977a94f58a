/*
 * slo_openslo_out.h — a loaded spec written as OpenSLO v1 documents
 * (openslo_out.c): `slo-eval --export openslo`.
 */
#ifndef SLO_OPENSLO_OUT_H
#define SLO_OPENSLO_OUT_H

#include "slo.h"
#include "slo_spec.h"

/*
 * Append every SLO of the finished spec s to out as a YAML stream of
 * OpenSLO v1 documents: a Service for each service named, in order of
 * first use, then one SLO per slokit SLO, its SLI inline, its alert
 * rules as an inline AlertPolicy of burn-rate AlertConditions, and what
 * OpenSLO has no field for in slokit.dev/ annotations (slo_openslo_ext.h),
 * so that the documents read back as the same SLOs.  Every string from
 * the spec is quoted.  An SLO that OpenSLO cannot carry is refused,
 * nothing appended: SLO_EINVAL with err at the SLO and the reason (a
 * window, slice or alert window not a whole number of minutes; an SLO
 * slokit cannot evaluate for another reason than a metric source without
 * a mapping).  SLO_ENOMEM.
 */
slo_status slo_openslo_write(const slo_spec *s, slo_buf *out, slo_error *err);

#endif
