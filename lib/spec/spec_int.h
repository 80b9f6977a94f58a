/*
 * spec_int.h — what spec.c (the loaded spec, its sections and the slokit
 * form) and openslo.c (OpenSLO documents) share; not installed.
 */
#ifndef SPEC_INT_H
#define SPEC_INT_H

#include <stdint.h>

#include "slo_spec.h"

enum okind { K_SLO, K_SLI, K_POLICY, K_CONDITION, K_IGNORED, K_SLOTH, K_PYRRA };

struct rec {
	slo_spec_slo pub;
	uint64_t order;          /* file, document and item: the output order */
	long name_line, name_col;
	char *name_buf;
	char policy_name[8 + SLO_DURATION_BUFSZ]; /* google-WINDOW */
	double *quantiles;
	const char **group_by;
	slo_expr **group_exprs;
	char unevaluable[256];  /* pub.unevaluable points here when set */
};

struct object {
	enum okind kind;
	const char *name;
	const slo_ydoc *doc;
	const slo_ynode *root;
	const slo_ynode *name_node;
	uint64_t order;
	size_t file;
	int v1alpha;             /* apiVersion openslo/v1alpha: SLO, Service */
};

struct section {
	const char *key;
	const slo_ydoc *doc;
	const slo_ynode *node;
	size_t file;
};

struct slo_spec {
	slo_ydoc **docs;
	size_t ndocs, capdocs;
	struct rec **recs;
	size_t nrecs, caprecs;
	struct object *objs;
	size_t nobjs, capobjs;
	struct section *secs;
	size_t nsecs, capsecs;
	int finished;
};

/* The output order of an SLO: its file, document and item. */
#define ORDER(file, doc, item) \
	(((uint64_t)(file) << 44) | ((uint64_t)(doc) << 24) | (uint64_t)(item))

/* A positioned error at node n of d, into the caller's err. */
#define YERR(d, n, st, ...) slo_ynode_error((d), (n), (st), err, __VA_ARGS__)

/*
 * Grow *pp, an array of *cap items of size bytes, to hold n + 1: 0, or -1
 * out of memory; the out-of-memory error.
 */
int spec_grow(void *pp, size_t *cap, size_t n, size_t size);
slo_status spec_oom(slo_error *err);

/* SLO records: new at node at, freed, pushed onto s (freed on failure). */
struct rec *spec_rec_new(const slo_ydoc *d, const slo_ynode *at,
    uint64_t order);
void spec_rec_free(struct rec *r);
slo_status spec_rec_push(slo_spec *s, struct rec *r, slo_error *err);

/*
 * Readers both forms share, each failing with a positioned error: a key's
 * own node; a non-empty name without control characters; an optional
 * string; exactly one of keys a and b (or none unless required); an
 * enumerated word with a "did you mean"; an expression (want_path: a bare
 * field path); a target as a percentage under key or as a fraction; a
 * positive duration; a severity.
 */
const slo_ynode *spec_keynode(const slo_ynode *map, const char *key);
slo_status spec_read_name(const slo_ydoc *d, const slo_ynode *n,
    const char **out, slo_error *err);
slo_status spec_opt_string(const slo_ydoc *d, const slo_ynode *map,
    const char *key, const char **out, slo_error *err);
slo_status spec_one_of(const slo_ydoc *d, const slo_ynode *map, const char *a,
    const char *b, int required, slo_error *err);
slo_status spec_read_word(const slo_ydoc *d, const slo_ynode *n,
    const char *what, const char *const *words, int *out, slo_error *err);
slo_status spec_compile(const slo_ydoc *d, const slo_ynode *n, int want_path,
    slo_expr **out, slo_error *err);
slo_status spec_read_percent_target(const slo_ydoc *d, const slo_ynode *n,
    const char *key, double *target, slo_error *err);
slo_status spec_read_fraction_target(const slo_ydoc *d, const slo_ynode *n,
    double *target, slo_error *err);
slo_status spec_read_positive_duration(const slo_ydoc *d, const slo_ynode *n,
    slo_ns *out, slo_error *err);
slo_status spec_read_severity(const slo_ydoc *d, const slo_ynode *n,
    slo_severity *out, slo_error *err);

/*
 * An SLO's calendar time zone from node n; its default burn-rate policy
 * (google-30d, or scaled to the window); one burn-rate rule, checked.
 */
slo_status spec_set_tz(struct rec *r, const slo_ydoc *d, const slo_ynode *n,
    slo_error *err);
void spec_default_policy(struct rec *r);
/* group_by: a field path or a list of them, none twice, into r. */
slo_status spec_read_group_by(struct rec *r, const slo_ydoc *d,
    const slo_ynode *n, slo_error *err);
slo_status spec_add_rule(struct rec *r, const slo_ydoc *d, const slo_ynode *at,
    const slo_burn_rule *b, slo_error *err);

/* The quantiles a latency SLI reports unless it names its own (3). */
extern const double spec_default_quantiles[];

/*
 * openslo.c: register the OpenSLO document root (document docidx of file
 * number file; item of it when the document is a list of documents, else
 * 0) for spec_openslo_build(), which slo_spec_finish() calls
 * once every file is in: it builds each SLO and checks every SLI, alert
 * policy and condition, even those no SLO names.
 */
slo_status spec_openslo_register(slo_spec *s, const slo_ydoc *d,
    const slo_ynode *root, size_t file, size_t docidx, size_t item,
    slo_error *err);
slo_status spec_openslo_build(slo_spec *s, slo_error *err);

/*
 * The slokit form's reader of a quantiles list (seq, a sequence node), for
 * the annotations of openslo_ext.c.
 */
slo_status spec_read_quantile_list(struct rec *r, const slo_ydoc *d,
    const slo_ynode *seq, slo_error *err);

#endif
