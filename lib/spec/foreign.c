/*
 * foreign.c — Sloth and Pyrra specs (slo-spec(5) SLOTH, PYRRA) into SLOs.
 * Sloth's prometheus/v1 spec and its Kubernetes PrometheusServiceLevel
 * (sloth.slok.dev/v1) differ in key names only: one reader, two tables.
 *
 * Both describe SLIs as PromQL queries over a Prometheus, which events do
 * not carry: each query goes through the `sources:` mapping (matched as
 * type Prometheus and by its text) or, for Pyrra, the document's
 * slokit.dev/ annotations, exactly as an OpenSLO metric source does.
 * name, objective, window and alerting are carried over; what has no
 * meaning over events (a raw error ratio, an SLI plugin, a boolean gauge)
 * is valid and not evaluable; anything else unknown is an error at its
 * node.  Documents are registered while a file loads and built by
 * spec_openslo_build(), once every mapping is in.
 */
#include <stdlib.h>
#include <string.h>

#include "openslo_int.h"
#include "slo_num.h"
#include "slo_units.h"

/* Register root (a Sloth spec or a Pyrra SLO) as an object of kind k. */
static slo_status
foreign_register(slo_spec *s, const slo_ydoc *d, const slo_ynode *root,
    enum okind k, const slo_ynode *name_node, size_t file, size_t docidx,
    size_t item, slo_error *err)
{
	struct object o;

	memset(&o, 0, sizeof o);
	o.kind = k;
	return spec_object_push(s, &o, d, root, name_node, file, docidx, item,
	    err);
}

/* A PromQL query at node n as a metric source of type Prometheus. */
static void
prom_source(const slo_ydoc *d, const slo_ynode *n, struct srcid *id)
{
	memset(id, 0, sizeof *id);
	id->d = d;
	id->at = n;
	id->type = "Prometheus";
	id->query = n->str;
	id->set = 1;
}

/* The required non-empty string under key of map, its node in *out. */
static slo_status
need_string(const slo_ydoc *d, const slo_ynode *map, const char *key,
    const slo_ynode **out, slo_error *err)
{
	const char *str;
	slo_status st;

	if ((*out = slo_ynode_get(map, key)) == NULL)
		return YERR(d, map, SLO_EINVAL, "missing '%s'", key);
	if ((st = slo_ynode_string(d, *out, &str, err)) != SLO_OK)
		return st;
	if (*str == '\0')
		return YERR(d, *out, SLO_EINVAL, "empty '%s'", key);
	return SLO_OK;
}

/* A {metric: QUERY} of Pyrra, the query's node in *q. */
static slo_status
pyrra_query(const slo_ydoc *d, const slo_ynode *map, const char *key,
    const slo_ynode **q, slo_error *err)
{
	static const char *const keys[] = { "metric", NULL };
	const slo_ynode *m;
	slo_status st;

	if ((m = slo_ynode_get(map, key)) == NULL)
		return YERR(d, map, SLO_EINVAL, "missing '%s'", key);
	if ((st = slo_ynode_check_keys(d, m, keys, err)) != SLO_OK)
		return st;
	return need_string(d, m, "metric", q, err);
}

/*
 * A ratio SLI of two queries: num, the good (bad when bad) events, and
 * total, which events count.  Each is given by the nearest annotation
 * (a; NULL for none), else by its `sources:` mapping; one with neither
 * leaves r unevaluable, naming the mapping it needs.
 */
static slo_status
ratio_of(const slo_spec *s, struct rec *r, const struct annots *a,
    const slo_ydoc *d, const slo_ynode *num, int bad, const slo_ynode *total,
    slo_error *err)
{
	struct srcid ns, ts, unmapped = { 0 };
	slo_status st;
	int used = 0;

	r->pub.sli = SLO_SPEC_SLI_RATIO;
	prom_source(d, num, &ns);
	prom_source(d, total, &ts);
	if (a != NULL &&
	    ((st = spec_annotation_misfit(a, 0, err)) != SLO_OK ||
	    (st = spec_annotated(a, "good", &ns, &r->pub.good, &used,
	    err)) != SLO_OK ||
	    (!used && (st = spec_annotated(a, "bad", &ns, &r->pub.bad, &used,
	    err)) != SLO_OK)))
		return st;
	if (!used && (st = spec_map_source(s, &ns, "where", 1, bad ?
	    &r->pub.bad : &r->pub.good, &unmapped, err)) != SLO_OK)
		return st;
	used = 0;
	if (a != NULL && (st = spec_annotated(a, "where", &ts, &r->pub.where,
	    &used, err)) != SLO_OK)
		return st;
	if (!used && (st = spec_map_source(s, &ts, "where", 0, &r->pub.where,
	    &unmapped, err)) != SLO_OK)
		return st;
	if (unmapped.set)
		spec_unmapped(r, NULL, &unmapped, "where");
	return SLO_OK;
}

/* "SERVICE-NAME" (Sloth's SLO id) as r's name. */
static slo_status
join_name(struct rec *r, const char *a, const char *b, slo_error *err)
{
	size_t len = strlen(a) + strlen(b) + 2;

	if ((r->name_buf = malloc(len)) == NULL)
		return spec_oom(err);
	slo_snprintf(r->name_buf, len, "%s-%s", a, b);
	r->pub.name = r->name_buf;
	return SLO_OK;
}

/* ---- Sloth ------------------------------------------------------------ */

/* Kubernetes ObjectMeta, as `kubectl get -o yaml` writes it. */
static const char *const k8s_meta_keys[] = {
	"name", "namespace", "labels", "annotations", "creationTimestamp",
	"generateName", "generation", "resourceVersion", "uid", "selfLink",
	"finalizers", "ownerReferences", "managedFields", "deletionTimestamp",
	"deletionGracePeriodSeconds", "clusterName", NULL
};

/*
 * The key names of Sloth's two forms, which say the same things: the
 * prometheus/v1 spec (snake_case) and the Kubernetes resource
 * PrometheusServiceLevel of sloth.slok.dev/v1 (camelCase, Sloth's
 * pkg/kubernetes/api/sloth/v1/types.go).  One reader walks both.
 */
struct sloth_form {
	const char *const *spec_keys;	/* the service's: slos, labels ... */
	const char *const *slo_keys;
	const char *const *ev_keys;	/* {error query, total query} */
	const char *const *raw_keys;	/* {error ratio query} */
	const char *const *alerting_keys;
	const char *const *alert_keys;
	const char *const *which;	/* {page alert, ticket alert} */
};

static const char *const sloth_keys[] = {
	"version", "service", "labels", "slos", "slo_plugins", NULL
};
static const char *const sloth_slo_keys[] = {
	"name", "objective", "description", "labels", "sli", "alerting",
	"slo_plugins", NULL
};
static const char *const sloth_ev_keys[] = { "error_query", "total_query",
	NULL };
static const char *const sloth_raw_keys[] = { "error_ratio_query", NULL };
static const char *const sloth_alerting_keys[] = { "name", "labels",
	"annotations", "page_alert", "ticket_alert", NULL };
static const char *const sloth_alert_keys[] = { "disable", "labels",
	"annotations", "for", NULL };

static const struct sloth_form sloth_v1 = {
	sloth_keys, sloth_slo_keys, sloth_ev_keys, sloth_raw_keys,
	sloth_alerting_keys, sloth_alert_keys, sloth_alerting_keys + 3
};

static const char *const k8s_top_keys[] = {
	"apiVersion", "kind", "metadata", "spec", "status", NULL
};
static const char *const psl_spec_keys[] = {
	"service", "labels", "sloPlugins", "slos", NULL
};
static const char *const psl_slo_keys[] = {
	"name", "description", "objective", "plugins", "labels", "sli",
	"alerting", NULL
};
static const char *const psl_ev_keys[] = { "errorQuery", "totalQuery",
	NULL };
static const char *const psl_raw_keys[] = { "errorRatioQuery", NULL };
static const char *const psl_alerting_keys[] = { "name", "labels",
	"annotations", "pageAlert", "ticketAlert", NULL };
static const char *const psl_alert_keys[] = { "disable", "labels",
	"annotations", NULL };

static const struct sloth_form sloth_k8s = {
	psl_spec_keys, psl_slo_keys, psl_ev_keys, psl_raw_keys,
	psl_alerting_keys, psl_alert_keys, psl_alerting_keys + 3
};

/* A PrometheusServiceLevel's top level and metadata; its spec in *spec. */
static slo_status
sloth_k8s_check(const slo_ydoc *d, const slo_ynode *root,
    const slo_ynode **spec, slo_error *err)
{
	static const char *const kinds[] = { "PrometheusServiceLevel", NULL };
	const slo_ynode *x, *meta;
	slo_status st;
	int k;

	if ((st = slo_ynode_check_keys(d, root, k8s_top_keys, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(root, "kind")) == NULL)
		return YERR(d, root, SLO_EINVAL, "missing 'kind'");
	if ((st = spec_read_word(d, x, "kind", kinds, &k, err)) != SLO_OK)
		return st;
	if ((meta = slo_ynode_get(root, "metadata")) != NULL &&
	    ((st = slo_ynode_check_keys(d, meta, k8s_meta_keys, err)) !=
	    SLO_OK || (st = spec_check_annotations(d, meta, err)) != SLO_OK))
		return st;
	if ((*spec = slo_ynode_get(root, "spec")) == NULL)
		return YERR(d, root, SLO_EINVAL, "missing 'spec'");
	return slo_ynode_expect(d, *spec, SLO_Y_MAP, err);
}

/*
 * A Sloth service: a prometheus/v1 spec (root holds version) or a
 * PrometheusServiceLevel (root holds apiVersion: sloth.slok.dev/v1);
 * *form and *spec say which, and where its service, labels and slos are.
 */
static slo_status
sloth_open(const slo_ydoc *d, const slo_ynode *root,
    const struct sloth_form **form, const slo_ynode **spec, slo_error *err)
{
	const slo_ynode *v;
	const char *str;
	slo_status st;

	if (slo_ynode_get(root, "apiVersion") != NULL) {
		*form = &sloth_k8s;
		if ((st = sloth_k8s_check(d, root, spec, err)) != SLO_OK)
			return st;
		return slo_ynode_check_keys(d, *spec, sloth_k8s.spec_keys, err);
	}
	*form = &sloth_v1;
	*spec = root;
	if ((st = slo_ynode_check_keys(d, root, sloth_v1.spec_keys, err)) !=
	    SLO_OK)
		return st;
	v = slo_ynode_get(root, "version");
	if ((st = slo_ynode_string(d, v, &str, err)) != SLO_OK)
		return st;
	if (strcmp(str, "prometheus/v1") != 0)
		return YERR(d, v, SLO_EINVAL, "unsupported version '%s': "
		    "expected 'prometheus/v1' (a Sloth spec)", str);
	return SLO_OK;
}

slo_status
spec_sloth_register(slo_spec *s, const slo_ydoc *d, const slo_ynode *root,
    size_t file, size_t docidx, size_t item, slo_error *err)
{
	const struct sloth_form *form;
	const slo_ynode *spec, *svc;
	const char *str;
	slo_status st;

	if ((st = sloth_open(d, root, &form, &spec, err)) != SLO_OK)
		return st;
	if ((svc = slo_ynode_get(spec, "service")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'service'");
	if ((st = spec_read_name(d, svc, &str, err)) != SLO_OK)
		return st;
	return foreign_register(s, d, root, K_SLOTH, svc, file, docidx, item,
	    err);
}

/*
 * Sloth's default SLO period, 30 days, and its alert windows for it
 * (the SRE Workbook's): page on 2 % of the budget in 1h (5m) and 5 % in
 * 6h (30m), ticket on 10 % in 1d (2h) and 10 % in 3d (6h); as burn
 * rates 14.4, 6, 3 and 1 (slo_burn_for_share).
 */
static const struct {
	int ticket;
	slo_ns long_window, short_window;
	double share;
} sloth_windows[] = {
	{ 0, SLO_NS_PER_HOUR, 5 * SLO_NS_PER_MIN, 0.02 },
	{ 0, 6 * SLO_NS_PER_HOUR, 30 * SLO_NS_PER_MIN, 0.05 },
	{ 1, SLO_NS_PER_DAY, 2 * SLO_NS_PER_HOUR, 0.10 },
	{ 1, 3 * SLO_NS_PER_DAY, 6 * SLO_NS_PER_HOUR, 0.10 },
};
#define SLOTH_PERIOD (30 * SLO_NS_PER_DAY)

/* alerting: {name, labels, annotations, page alert, ticket alert}. */
static slo_status
sloth_alerting(const struct sloth_form *f, struct rec *r, const slo_ydoc *d,
    const slo_ynode *al, slo_error *err)
{
	const slo_ynode *x, *dis;
	slo_status st;
	int off[2] = { 0, 0 };
	size_t i;

	if (al != NULL && !slo_ynode_is_null(al)) {
		if ((st = slo_ynode_check_keys(d, al, f->alerting_keys,
		    err)) != SLO_OK)
			return st;
		for (i = 0; i < 2; i++) {
			if ((x = slo_ynode_get(al, f->which[i])) == NULL ||
			    slo_ynode_is_null(x))
				continue;
			if ((st = slo_ynode_check_keys(d, x, f->alert_keys,
			    err)) != SLO_OK)
				return st;
			if ((dis = slo_ynode_get(x, "disable")) != NULL &&
			    (st = slo_ynode_bool(d, dis, &off[i], err)) !=
			    SLO_OK)
				return st;
		}
	}
	for (i = 0; i < sizeof sloth_windows / sizeof sloth_windows[0]; i++) {
		slo_burn_rule b;
		if (off[sloth_windows[i].ticket])
			continue;
		b.severity = sloth_windows[i].ticket ? SLO_SEV_TICKET :
		    SLO_SEV_PAGE;
		b.long_window = sloth_windows[i].long_window;
		b.short_window = sloth_windows[i].short_window;
		b.burn = slo_burn_for_share(sloth_windows[i].share,
		    SLOTH_PERIOD, b.long_window);
		if ((st = spec_add_rule(r, d, al, &b, err)) != SLO_OK)
			return st;
	}
	if (r->pub.objective.nrules > 0)
		r->pub.alert_policy = "sloth-30d";
	return SLO_OK;
}

/*
 * sli: one of events {error query, total query}, raw, plugin; a
 * (NULL for none) the resource's slokit.dev/ annotations.
 */
static slo_status
sloth_sli(const slo_spec *s, const struct sloth_form *f, struct rec *r,
    const struct annots *a, const slo_ydoc *d, const slo_ynode *sli,
    slo_error *err)
{
	static const char *const keys[] = { "events", "raw", "plugin", NULL };
	static const char *const plugin_keys[] = { "id", "options", NULL };
	const slo_ynode *x, *q, *t;
	slo_status st;
	size_t i, n = 0;

	if ((st = slo_ynode_check_keys(d, sli, keys, err)) != SLO_OK)
		return st;
	for (i = 0; keys[i] != NULL; i++)
		if ((x = spec_keynode(sli, keys[i])) != NULL && n++ > 0)
			return YERR(d, x, SLO_EINVAL, "an SLI is one of "
			    "'events', 'raw' or 'plugin'");
	r->pub.sli = SLO_SPEC_SLI_RATIO;
	if ((x = slo_ynode_get(sli, "events")) != NULL) {
		if ((st = slo_ynode_check_keys(d, x, f->ev_keys, err)) !=
		    SLO_OK ||
		    (st = need_string(d, x, f->ev_keys[0], &q, err)) != SLO_OK ||
		    (st = need_string(d, x, f->ev_keys[1], &t, err)) != SLO_OK)
			return st;
		return ratio_of(s, r, a, d, q, 1, t, err);
	}
	if ((x = slo_ynode_get(sli, "raw")) != NULL) {
		if ((st = slo_ynode_check_keys(d, x, f->raw_keys, err)) !=
		    SLO_OK ||
		    (st = need_string(d, x, f->raw_keys[0], &q, err)) != SLO_OK)
			return st;
		spec_unevaluable(r, d, spec_keynode(sli, "raw"), "a raw SLI is "
		    "an error ratio computed in Prometheus, which events do "
		    "not carry: give 'events' (%s, %s)", f->ev_keys[0],
		    f->ev_keys[1]);
		return SLO_OK;
	}
	if ((x = slo_ynode_get(sli, "plugin")) != NULL) {
		if ((st = slo_ynode_check_keys(d, x, plugin_keys, err)) !=
		    SLO_OK ||
		    (st = need_string(d, x, "id", &q, err)) != SLO_OK)
			return st;
		spec_unevaluable(r, d, q, "SLI plugin '%s' builds its queries "
		    "inside Sloth, so there is no query to map to events: "
		    "give 'events' (%s, %s)", q->str, f->ev_keys[0],
		    f->ev_keys[1]);
		return SLO_OK;
	}
	return YERR(d, sli, SLO_EINVAL, "an SLI needs 'events', 'raw' or "
	    "'plugin'");
}

/* One item of a Sloth service's slos, item i of service obj. */
static slo_status
sloth_slo(slo_spec *s, const struct sloth_form *f, const struct annots *a,
    const struct object *obj, const slo_ynode *it, size_t i, slo_error *err)
{
	const slo_ydoc *d = obj->doc;
	const slo_ynode *x;
	struct rec *r;
	const char *name;
	slo_status st;

	if ((r = spec_rec_new(d, it, obj->order + i)) == NULL)
		return spec_oom(err);
	if ((st = slo_ynode_check_keys(d, it, f->slo_keys, err)) != SLO_OK)
		goto fail;
	if ((x = slo_ynode_get(it, "name")) == NULL) {
		st = YERR(d, it, SLO_EINVAL, "missing 'name'");
		goto fail;
	}
	if ((st = spec_read_name(d, x, &name, err)) != SLO_OK ||
	    (st = join_name(r, obj->name, name, err)) != SLO_OK)
		goto fail;
	r->name_line = x->line;
	r->name_col = x->col;
	r->pub.service = obj->name;
	if ((st = spec_opt_string(d, it, "description", &r->pub.description,
	    err)) != SLO_OK)
		goto fail;
	if ((x = slo_ynode_get(it, "objective")) == NULL) {
		st = YERR(d, it, SLO_EINVAL, "missing 'objective'");
		goto fail;
	}
	if ((st = spec_read_percent_target(d, x, "objective",
	    &r->pub.objective.target, err)) != SLO_OK)
		goto fail;
	/* Sloth's spec cannot choose its period: the default, 30 days */
	r->pub.objective.calendar = SLO_CAL_NONE;
	r->pub.objective.window = SLOTH_PERIOD;
	if ((x = slo_ynode_get(it, "sli")) == NULL) {
		st = YERR(d, it, SLO_EINVAL, "missing 'sli'");
		goto fail;
	}
	if ((st = sloth_sli(s, f, r, a, d, x, err)) != SLO_OK ||
	    (st = sloth_alerting(f, r, d, slo_ynode_get(it, "alerting"),
	    err)) != SLO_OK)
		goto fail;
	return spec_rec_push(s, r, err);
fail:
	spec_rec_free(r);
	return st;
}

/*
 * A Sloth service's SLOs.  A PrometheusServiceLevel's slokit.dev/
 * annotations (metadata) map its queries as a Pyrra resource's do; a
 * prometheus/v1 spec has no metadata, only the `sources:` mapping.
 */
slo_status
spec_sloth_build(slo_spec *s, const struct object *o, slo_error *err)
{
	const slo_ydoc *d = o->doc;
	const struct sloth_form *f;
	const slo_ynode *spec, *slos, *x;
	struct annots ann = { { d, NULL }, { NULL, NULL } };
	slo_status st;
	size_t i;

	if ((st = sloth_open(d, o->root, &f, &spec, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(o->root, "metadata")) != NULL)
		ann.map[0] = slo_ynode_get(x, "annotations");
	if ((x = slo_ynode_get(spec, "labels")) != NULL &&
	    !slo_ynode_is_null(x) &&
	    (st = slo_ynode_expect(d, x, SLO_Y_MAP, err)) != SLO_OK)
		return st;
	if ((slos = slo_ynode_get(spec, "slos")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'slos'");
	if ((st = slo_ynode_expect(d, slos, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	if (slos->n == 0)
		return YERR(d, slos, SLO_EINVAL, "expected at least one SLO");
	for (i = 0; i < slos->n; i++)
		if ((st = sloth_slo(s, f, f == &sloth_k8s ? &ann : NULL, o,
		    slos->items[i], i, err)) != SLO_OK)
			return st;
	return SLO_OK;
}

/* ---- Pyrra ------------------------------------------------------------ */


slo_status
spec_pyrra_register(slo_spec *s, const slo_ydoc *d, const slo_ynode *root,
    size_t file, size_t docidx, size_t item, slo_error *err)
{
	static const char *const kinds[] = { "ServiceLevelObjective", NULL };
	const slo_ynode *x, *meta;
	const char *str;
	slo_status st;
	int k;

	if ((st = slo_ynode_check_keys(d, root, k8s_top_keys, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(root, "kind")) == NULL)
		return YERR(d, root, SLO_EINVAL, "missing 'kind'");
	if ((st = spec_read_word(d, x, "kind", kinds, &k, err)) != SLO_OK)
		return st;
	if ((meta = slo_ynode_get(root, "metadata")) == NULL)
		return YERR(d, root, SLO_EINVAL, "missing 'metadata'");
	if ((st = slo_ynode_check_keys(d, meta, k8s_meta_keys, err)) !=
	    SLO_OK ||
	    (st = spec_check_annotations(d, meta, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(meta, "name")) == NULL)
		return YERR(d, meta, SLO_EINVAL, "missing 'name' in 'metadata'");
	if ((st = spec_read_name(d, x, &str, err)) != SLO_OK)
		return st;
	if (slo_ynode_get(root, "spec") == NULL)
		return YERR(d, root, SLO_EINVAL, "missing 'spec'");
	return foreign_register(s, d, root, K_PYRRA, x, file, docidx, item,
	    err);
}

/*
 * spec.target: a string, the percentage ("99", "99.5"), as Pyrra's
 * webhook reads it (strconv.ParseFloat, 0..100).  0 and 100 leave slokit
 * nothing to evaluate (no events are allowed to fail, or all are).  An
 * unquoted number is refused, not read: the CRD's schema types target
 * as a string (config/crd/bases/pyrra.dev_servicelevelobjectives.yaml),
 * so Kubernetes refuses such a resource, and so would Pyrra's own
 * decoding into its Go string field.
 */
static slo_status
pyrra_target(const slo_ydoc *d, const slo_ynode *n, double *target,
    slo_error *err)
{
	const char *str;
	double pct;
	slo_status st;

	if ((st = slo_ynode_string(d, n, &str, err)) != SLO_OK)
		return st;
	if (!n->quoted && slo_decimal_valid(str, strlen(str)))
		return YERR(d, n, SLO_EINVAL, "target %s is a number; Pyrra's "
		    "CRD takes a string, and Kubernetes refuses a number "
		    "there: quote it, target: \"%s\"", str, str);
	if (!slo_decimal_valid(str, strlen(str)) ||
	    !slo_decimal_parse(str, strlen(str), &pct))
		return YERR(d, n, SLO_EINVAL, "target '%s': expected a "
		    "percentage such as \"99.9\"", str);
	if (!(pct > 0 && pct < 100))
		return YERR(d, n, SLO_ERANGE, "target '%s' out of range: a "
		    "percentage above 0 and below 100", str);
	if (!slo_percent_parse(str, strlen(str), target))
		*target = pct / 100; /* not reached: str is a decimal */
	return SLO_OK;
}

/*
 * latencyNative {latency, total}: good when the latency field (the
 * mapping's or annotation's field of total, default latency_ms) is at or
 * under latency, as a native histogram's le bucket counts; total's
 * where says which events count.
 */
static slo_status
pyrra_native(const slo_spec *s, struct rec *r, const struct annots *a,
    const slo_ydoc *d, const slo_ynode *ind, slo_error *err)
{
	const slo_ynode *lat, *t;
	struct srcid ts, unmapped = { 0 };
	slo_status st;
	slo_ns ns;
	int w = 0, f = 0;

	if ((st = need_string(d, ind, "latency", &lat, err)) != SLO_OK ||
	    (st = spec_read_positive_duration(d, lat, &ns, err)) != SLO_OK ||
	    (st = pyrra_query(d, ind, "total", &t, err)) != SLO_OK)
		return st;
	r->pub.sli = SLO_SPEC_SLI_LATENCY;
	r->pub.quantiles = spec_default_quantiles;
	r->pub.nquantiles = 3;
	r->pub.latency_threshold = (double)ns / (double)SLO_NS_PER_MS;
	r->pub.latency_inclusive = 1;
	prom_source(d, t, &ts);
	if ((st = spec_annotation_misfit(a, 1, err)) != SLO_OK ||
	    (st = spec_annotated(a, "where", &ts, &r->pub.where, &w,
	    err)) != SLO_OK ||
	    (st = spec_annotated(a, "field", &ts, &r->pub.latency_field, &f,
	    err)) != SLO_OK)
		return st;
	if (!w && !f &&
	    ((st = spec_map_source(s, &ts, "where", 0, &r->pub.where,
	    &unmapped, err)) != SLO_OK ||
	    (st = spec_map_source(s, &ts, "field", 0, &r->pub.latency_field,
	    &unmapped, err)) != SLO_OK))
		return st;
	if (unmapped.set)
		spec_unmapped(r, NULL, &unmapped, "where");
	if ((st = spec_latency_path(r, err)) != SLO_OK)
		return st;
	return SLO_OK;
}

/*
 * A grouping lists each label once: Pyrra's rules aggregate `by` those
 * labels, and an SLO grouped twice by one field means nothing.  Said in
 * Pyrra's words (grouping, label) at the second, before
 * spec_read_group_by() would say it in the slokit form's (group_by).
 */
static slo_status
pyrra_grouping_once(const slo_ydoc *d, const slo_ynode *g, slo_error *err)
{
	char q[SLO_YQUOTE_BUFSZ];
	size_t i, j;

	if (g->type != SLO_Y_SEQ)
		return SLO_OK;
	for (i = 0; i < g->n; i++)
		for (j = 0; j < i; j++)
			if (g->items[i]->type == SLO_Y_SCALAR &&
			    g->items[j]->type == SLO_Y_SCALAR &&
			    strcmp(g->items[i]->str, g->items[j]->str) == 0)
				return YERR(d, g->items[i], SLO_EINVAL,
				    "grouping label '%s' is listed twice (first "
				    "at line %ld)", slo_yquote(g->items[i]->str,
				    q), g->items[j]->line);
	return SLO_OK;
}

/* indicator: one of ratio, latency, latencyNative, bool_gauge. */
static slo_status
pyrra_indicator(const slo_spec *s, struct rec *r, const struct annots *a,
    const slo_ydoc *d, const slo_ynode *ind, slo_error *err)
{
	static const char *const keys[] = { "ratio", "latency",
	    "latencyNative", "bool_gauge", NULL };
	static const char *const ratio_keys[] = { "errors", "total",
	    "grouping", NULL };
	static const char *const latency_keys[] = { "success", "total",
	    "grouping", NULL };
	static const char *const native_keys[] = { "latency", "total",
	    "grouping", NULL };
	static const char *const gauge_keys[] = { "metric", "grouping", NULL };
	const slo_ynode *x = NULL, *q, *t;
	slo_status st;
	size_t i, n = 0;
	int k = 0;

	if ((st = slo_ynode_check_keys(d, ind, keys, err)) != SLO_OK)
		return st;
	for (i = 0; keys[i] != NULL; i++)
		if (slo_ynode_get(ind, keys[i]) != NULL) {
			if (n++ > 0)
				return YERR(d, spec_keynode(ind, keys[i]),
				    SLO_EINVAL, "an indicator is one of ratio, "
				    "latency, latencyNative or bool_gauge");
			x = slo_ynode_get(ind, keys[i]);
			k = (int)i;
		}
	if (x == NULL)
		return YERR(d, ind, SLO_EINVAL, "one of ratio, latency, "
		    "latencyNative or bool_gauge must be set");
	switch (k) {
	case 0: /* errors (bad) or success (good) of total */
	case 1:
		if ((st = slo_ynode_check_keys(d, x, k == 0 ? ratio_keys :
		    latency_keys, err)) != SLO_OK ||
		    (st = pyrra_query(d, x, k == 0 ? "errors" : "success", &q,
		    err)) != SLO_OK ||
		    (st = pyrra_query(d, x, "total", &t, err)) != SLO_OK ||
		    (st = ratio_of(s, r, a, d, q, k == 0, t, err)) != SLO_OK)
			return st;
		break;
	case 2:
		if ((st = slo_ynode_check_keys(d, x, native_keys, err)) !=
		    SLO_OK ||
		    (st = pyrra_native(s, r, a, d, x, err)) != SLO_OK)
			return st;
		break;
	default:
		if ((st = slo_ynode_check_keys(d, x, gauge_keys, err)) !=
		    SLO_OK ||
		    (st = need_string(d, x, "metric", &q, err)) != SLO_OK)
			return st;
		r->pub.sli = SLO_SPEC_SLI_RATIO;
		spec_unevaluable(r, d, spec_keynode(ind, "bool_gauge"),
		    "a bool_gauge SLI averages samples of a 0/1 gauge, which "
		    "events do not carry: give ratio or latency");
		break;
	}
	/* grouping: Prometheus label names, as the same event fields */
	if ((x = slo_ynode_get(x, "grouping")) == NULL || slo_ynode_is_null(x))
		return SLO_OK;
	if ((st = pyrra_grouping_once(d, x, err)) != SLO_OK)
		return st;
	return spec_read_group_by(r, d, x, err);
}

/*
 * Pyrra's multiwindow alerts for an SLO window W (slo.Windows in Pyrra's
 * slo/rules.go): the 28-day windows scaled to W and rounded to the
 * minute, the burn factors as they are.  Critical pages, warning is a
 * ticket (through spec_severity_of, so `severities:` can say otherwise).
 */
static const struct {
	const char *severity;
	slo_ns long_div, short_div; /* long = W / long_div, short likewise */
	double factor;
} pyrra_windows[] = {
	{ "critical", 28 * 24, 28 * 24 * 12, 14 },  /* 1h, 5m for 28d */
	{ "critical", 28 * 4, 28 * 24 * 2, 7 },     /* 6h, 30m */
	{ "warning", 28, 28 * 12, 2 },              /* 1d, 2h */
	{ "warning", 7, 28 * 4, 1 },                /* 4d, 6h */
};

/* Go's Duration.Round(time.Minute): halves away from zero. */
static slo_ns
round_minute(slo_ns d)
{
	return (d + SLO_NS_PER_MIN / 2) / SLO_NS_PER_MIN * SLO_NS_PER_MIN;
}

/*
 * alerting: {disabled, burnrates, absent, name, absentName}.  disabled
 * or burnrates: false leave no burn-rate alerts; absent (an alert when
 * the metric is missing) has no event counterpart and is not used.
 */
static slo_status
pyrra_alerting(const slo_spec *s, struct rec *r, const slo_ydoc *d,
    const slo_ynode *al, slo_error *err)
{
	static const char *const keys[] = { "disabled", "burnrates", "absent",
	    "name", "absentName", NULL };
	static const char *const bools[] = { "disabled", "burnrates",
	    "absent" };
	const slo_ynode *x;
	slo_ns w = r->pub.objective.window;
	slo_status st;
	int v[3] = { 0, 1, 1 };
	size_t i;

	if (al != NULL && !slo_ynode_is_null(al)) {
		if ((st = slo_ynode_check_keys(d, al, keys, err)) != SLO_OK)
			return st;
		for (i = 0; i < 3; i++)
			if ((x = slo_ynode_get(al, bools[i])) != NULL &&
			    (st = slo_ynode_bool(d, x, &v[i], err)) != SLO_OK)
				return st;
	}
	if (v[0] || !v[1])
		return SLO_OK;
	for (i = 0; i < sizeof pyrra_windows / sizeof pyrra_windows[0]; i++) {
		slo_burn_rule b;
		b.severity = spec_severity_of(s, pyrra_windows[i].severity);
		b.long_window = round_minute(w / pyrra_windows[i].long_div);
		b.short_window = round_minute(w / pyrra_windows[i].short_div);
		b.burn = pyrra_windows[i].factor;
		/* a window too short for a whole minute: no such alert */
		if (b.short_window == 0)
			continue;
		if ((st = spec_add_rule(r, d, al, &b, err)) != SLO_OK)
			return st;
	}
	slo_duration_format(w, r->policy_name + 6);
	memcpy(r->policy_name, "pyrra-", 6);
	r->pub.alert_policy = r->policy_name;
	return SLO_OK;
}

static const char *const pyrra_spec_keys[] = {
	"description", "target", "window", "indicator", "alerting",
	"partial_response_strategy", NULL
};

slo_status
spec_pyrra_build(slo_spec *s, const struct object *o, slo_error *err)
{
	const slo_ydoc *d = o->doc;
	const slo_ynode *spec = slo_ynode_get(o->root, "spec"), *x;
	const slo_ynode *meta = slo_ynode_get(o->root, "metadata");
	struct annots ann = { { d, NULL }, { NULL, NULL } };
	struct rec *r;
	slo_status st;

	if ((st = slo_ynode_check_keys(d, spec, pyrra_spec_keys, err)) !=
	    SLO_OK)
		return st;
	if ((r = spec_rec_new(d, o->root, o->order)) == NULL)
		return spec_oom(err);
	r->pub.name = o->name;
	r->name_line = o->name_node->line;
	r->name_col = o->name_node->col;
	ann.map[0] = slo_ynode_get(meta, "annotations");
	if ((st = spec_opt_string(d, spec, "description", &r->pub.description,
	    err)) != SLO_OK)
		goto fail;
	if ((x = slo_ynode_get(spec, "target")) == NULL) {
		st = YERR(d, spec, SLO_EINVAL, "missing 'target'");
		goto fail;
	}
	if ((st = pyrra_target(d, x, &r->pub.objective.target, err)) !=
	    SLO_OK)
		goto fail;
	if ((x = slo_ynode_get(spec, "window")) == NULL) {
		st = YERR(d, spec, SLO_EINVAL, "missing 'window'");
		goto fail;
	}
	if ((st = spec_read_positive_duration(d, x,
	    &r->pub.objective.window, err)) != SLO_OK)
		goto fail;
	r->pub.objective.calendar = SLO_CAL_NONE;
	r->pub.window_line = x->line;
	r->pub.window_col = x->col;
	if ((x = slo_ynode_get(spec, "indicator")) == NULL) {
		st = YERR(d, spec, SLO_EINVAL, "missing 'indicator'");
		goto fail;
	}
	if ((st = pyrra_indicator(s, r, &ann, d, x, err)) != SLO_OK ||
	    (st = pyrra_alerting(s, r, d, slo_ynode_get(spec, "alerting"),
	    err)) != SLO_OK)
		goto fail;
	return spec_rec_push(s, r, err);
fail:
	spec_rec_free(r);
	return st;
}
