/*
 * openslo_int.h — what openslo.c (OpenSLO documents, the `sources:`
 * mapping, annotations, severities) lends foreign.c (Sloth and Pyrra
 * specs); not installed.
 */
#ifndef OPENSLO_INT_H
#define OPENSLO_INT_H

#include "spec_int.h"

/*
 * A metric source as the mapping (slo-spec(5) SOURCES) matches it: its
 * data source name (OpenSLO metricSourceRef), type (Prometheus, ...) and
 * query text, each NULL when it has none; at, in d, is where an SLO it
 * leaves unevaluable is blamed.  set: filled in.
 */
struct srcid {
	const slo_ydoc *d;
	const slo_ynode *at;
	const char *ref, *type, *query;
	int set;
};

/*
 * The mapping's key (where, field) for source id into *out, compiled:
 * the first `sources:` item that matches id.  With no such item, or one
 * without key when required, *out stays NULL and id is copied into
 * *unmapped unless it already holds one.
 */
slo_status spec_map_source(const slo_spec *s, const struct srcid *id,
    const char *key, int required, slo_expr **out, struct srcid *unmapped,
    slo_error *err);

/*
 * r cannot be evaluated for want of a mapping of u: say so at u's node,
 * naming the SLI (sli, NULL for none) and the mapping that would do,
 * with key as the predicate it needs.
 */
void spec_unmapped(struct rec *r, const char *sli, const struct srcid *u,
    const char *key);

/*
 * A threshold SLI's field: latency_ms when none was given, and its path
 * in r->pub.latency_path.
 */
slo_status spec_latency_path(struct rec *r, slo_error *err);

/*
 * Mark r as valid and not evaluable, at node n of d, with the reason
 * fmt: only the first reason is kept.
 */
void spec_unevaluable(struct rec *r, const slo_ydoc *d, const slo_ynode *n,
    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/*
 * The slokit.dev/ annotations of a document's metadata, checked (keys
 * where, good, bad, field; each an expression, field a path); SLO_OK when
 * it has none.  spec_annotation() finds one ("good") in up to two
 * annotation maps, the nearer first; NULL when neither has it.
 */
#define SPEC_ANNOTATION_PREFIX "slokit.dev/"
slo_status spec_check_annotations(const slo_ydoc *d, const slo_ynode *meta,
    slo_error *err);
struct annots {
	const slo_ydoc *d[2];
	const slo_ynode *map[2];
};
const slo_ynode *spec_annotation(const struct annots *a, const char *key,
    const slo_ydoc **d);

/*
 * The expression of annotation key (where, good, bad, field) into *out
 * for a role whose metric source is a backend's (src non-NULL), *used
 * set when given; an annotation for a role whose source is slokit's own
 * is an error at it.  spec_annotation_misfit(): an annotation the SLI
 * has no use for (good or bad on a threshold metric, field on a ratio,
 * good with bad) is an error at it.
 */
slo_status spec_annotated(const struct annots *a, const char *key,
    const void *src, slo_expr **out, int *used, slo_error *err);
slo_status spec_annotation_misfit(const struct annots *a, int threshold,
    slo_error *err);

/*
 * A free severity word (OpenSLO "High", Pyrra "critical") as page or
 * ticket: the `severities:` sections' word first, else the default list
 * (slo-spec(5) SEVERITIES).
 */
slo_severity spec_severity_of(const slo_spec *s, const char *word);

/*
 * Push object o (its kind and v1alpha set) of document root, named by
 * name_node, at the order of item of document docidx of file.
 */
slo_status spec_object_push(slo_spec *s, struct object *o, const slo_ydoc *d,
    const slo_ynode *root, const slo_ynode *name_node, size_t file,
    size_t docidx, size_t item, slo_error *err);

/*
 * foreign.c: Sloth (version: prometheus/v1, or apiVersion:
 * sloth.slok.dev/v1 kind PrometheusServiceLevel) and Pyrra
 * (pyrra.dev/v1alpha1 ServiceLevelObjective) documents, registered like
 * OpenSLO ones (their mapping may come from a later file) and built by
 * spec_openslo_build().
 */
slo_status spec_sloth_register(slo_spec *s, const slo_ydoc *d,
    const slo_ynode *root, size_t file, size_t docidx, size_t item,
    slo_error *err);
slo_status spec_pyrra_register(slo_spec *s, const slo_ydoc *d,
    const slo_ynode *root, size_t file, size_t docidx, size_t item,
    slo_error *err);
slo_status spec_sloth_build(slo_spec *s, const struct object *o,
    slo_error *err);
slo_status spec_pyrra_build(slo_spec *s, const struct object *o,
    slo_error *err);

#endif
