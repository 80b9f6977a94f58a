/*
 * slo_openslo_ext.h — what `slo-eval --export openslo` needs of the spec
 * layer (openslo_ext.c): the metric sources of an OpenSLO SLO as read,
 * and the slokit annotations that carry what OpenSLO has no field for.
 */
#ifndef SLO_OPENSLO_EXT_H
#define SLO_OPENSLO_EXT_H

#include "slo_spec.h"

/*
 * The prefix of slokit's annotations (slo-eval(1), "OpenSLO export"), in
 * an OpenSLO SLO's metadata.annotations:
 *   slokit.dev/name            the SLO's name, when not a valid metadata.name
 *   slokit.dev/service         the service, when not a valid name
 *   slokit.dev/events          the kind of event counted, when not request
 *   slokit.dev/group-by.N      group_by path N (from 1)
 *   slokit.dev/quantile.N      latency quantile N (from 1), when not the
 *                              default 0.5, 0.95, 0.99
 *   slokit.dev/alert-policy    the built-in policy the rules came from
 *   slokit.dev/short-window.N  burn-rate rule N's short window, when not
 *                              its lookbackWindow / 12
 */
#define SLO_OSLO_ANNOT "slokit.dev/"

/* The parts of an SLI whose metric source slo_spec_oslo_source() finds. */
typedef enum slo_oslo_role {
	SLO_OSLO_NUMERATOR, /* a ratio's good (or bad) */
	SLO_OSLO_TOTAL,     /* a ratio's total */
	SLO_OSLO_THRESHOLD  /* a threshold metric's */
} slo_oslo_role;

/* What slo_spec_oslo_source() says of the source it finds, in *flags. */
#define SLO_OSLO_V1ALPHA 1u /* a v1alpha {source, queryType, query} map */
#define SLO_OSLO_BAD     2u /* the ratio's numerator is 'bad', not 'good' */

/*
 * The metric source map of role in the SLI of x, as written, when x came
 * from an OpenSLO document and that source is a backend's (not slokit's
 * predicate form): the v1 {metricSourceRef, type, spec} map, or the
 * v1alpha {source, queryType, query} map.  NULL otherwise, and for a raw
 * ratio.  Nodes live as long as s.
 */
const slo_ynode *slo_spec_oslo_source(const slo_spec *s,
    const slo_spec_slo *x, slo_oslo_role role, unsigned *flags);

/*
 * Is suffix (a slokit.dev/ key without its prefix) one of the keys above,
 * which --export writes?  The mapping's keys (where, good, bad, field:
 * slo-spec(5) SOURCES, Annotations) are openslo.c's.
 */
int spec_oslo_export_key(const char *suffix);

/*
 * Read the slokit annotations of an OpenSLO SLO's metadata (meta, of d)
 * into the record r built from one of its objectives (struct rec,
 * spec_int.h): name, group_by, quantiles, alert policy, short windows.
 * A slokit.dev/ key slokit does not know, or a bad value, is an error
 * at its node.
 */
struct rec;
slo_status spec_oslo_annotations(struct rec *r, const slo_ydoc *d,
    const slo_ynode *meta, slo_error *err);

#endif
