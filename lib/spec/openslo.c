/*
 * openslo.c — OpenSLO v1 documents (slo-spec(5) OPENSLO) into SLOs.
 *
 * A file's OpenSLO documents are only registered while it loads
 * (spec_openslo_register); slo_spec_finish() builds them once every file
 * is in (spec_openslo_build), since an SLO may name an SLI, an alert
 * policy or a condition from another file.  The pieces both forms share
 * (targets, windows, alert rules, expressions) are spec.c's, through
 * spec_int.h.  The mapping of metrics backends' queries to predicates
 * (`sources:`, slokit.dev/ annotations) and the `severities:` section
 * are read here too, and lent to foreign.c (Sloth, Pyrra) through
 * openslo_int.h.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "openslo_int.h"
#include "slo_num.h"
#include "slo_openslo_ext.h"

static const char *const oslo_top_keys[] = {
	"apiVersion", "kind", "metadata", "spec", NULL
};
static const char *const meta_keys[] = {
	"name", "displayName", "namespace", "labels", "annotations", NULL
};
static const char *const kind_words[] = {
	"SLO", "SLI", "AlertPolicy", "AlertCondition", "DataSource", "Service",
	"AlertNotificationTarget", NULL
};

static const char *
kind_name(enum okind k)
{
	switch (k) {
	case K_SLO: return "SLO";
	case K_SLI: return "SLI";
	case K_POLICY: return "AlertPolicy";
	case K_CONDITION: return "AlertCondition";
	case K_SLOTH: return "Sloth service";
	case K_PYRRA: return "ServiceLevelObjective";
	case K_IGNORED: break;
	}
	return "object";
}

slo_status
spec_openslo_register(slo_spec *s, const slo_ydoc *d, const slo_ynode *root,
    size_t file, size_t docidx, size_t item, slo_error *err)
{
	const slo_ynode *n, *meta;
	const char *api, *name;
	struct object o;
	slo_status st;
	size_t i;
	int k;

	/*
	 * Sloth's own format has a 'version', its Kubernetes resource the
	 * apiVersion sloth.slok.dev/v1; Pyrra's is a Kubernetes kind.
	 */
	if (slo_ynode_get(root, "apiVersion") == NULL &&
	    slo_ynode_get(root, "version") != NULL)
		return spec_sloth_register(s, d, root, file, docidx, item, err);
	if ((n = slo_ynode_get(root, "apiVersion")) != NULL &&
	    n->type == SLO_Y_SCALAR && strcmp(n->str, "pyrra.dev/v1alpha1") == 0)
		return spec_pyrra_register(s, d, root, file, docidx, item, err);
	if (n != NULL && n->type == SLO_Y_SCALAR &&
	    strcmp(n->str, "sloth.slok.dev/v1") == 0)
		return spec_sloth_register(s, d, root, file, docidx, item, err);
	if ((st = slo_ynode_check_keys(d, root, oslo_top_keys, err)) != SLO_OK)
		return st;
	if ((n = slo_ynode_get(root, "apiVersion")) == NULL)
		return YERR(d, root, SLO_EINVAL, "missing 'apiVersion'");
	if ((st = slo_ynode_string(d, n, &api, err)) != SLO_OK)
		return st;
	o.v1alpha = strcmp(api, "openslo/v1alpha") == 0;
	if (strcmp(api, "openslo/v1") != 0 && !o.v1alpha)
		return YERR(d, n, SLO_EINVAL, "unsupported apiVersion '%s': "
		    "expected 'openslo/v1' or 'openslo/v1alpha'", api);
	if ((n = slo_ynode_get(root, "kind")) == NULL)
		return YERR(d, root, SLO_EINVAL, "missing 'kind'");
	if ((st = spec_read_word(d, n, "kind", kind_words, &k, err)) != SLO_OK)
		return st;
	if (o.v1alpha && k != K_SLO && strcmp(n->str, "Service") != 0)
		return YERR(d, n, SLO_EINVAL, "kind '%s' is not in "
		    "openslo/v1alpha, whose kinds are SLO and Service", n->str);
	if ((meta = slo_ynode_get(root, "metadata")) == NULL)
		return YERR(d, root, SLO_EINVAL, "missing 'metadata'");
	if ((st = slo_ynode_check_keys(d, meta, meta_keys, err)) != SLO_OK ||
	    (st = spec_check_annotations(d, meta, err)) != SLO_OK)
		return st;
	if ((n = slo_ynode_get(meta, "name")) == NULL)
		return YERR(d, meta, SLO_EINVAL, "missing 'name' in 'metadata'");
	if ((st = spec_read_name(d, n, &name, err)) != SLO_OK)
		return st;
	if (slo_ynode_get(root, "spec") == NULL && k <= K_CONDITION)
		return YERR(d, root, SLO_EINVAL, "missing 'spec'");
	o.kind = k <= K_CONDITION ? (enum okind)k : K_IGNORED;
	if (o.kind == K_IGNORED)
		return SLO_OK;
	for (i = 0; i < s->nobjs; i++) {
		const struct object *x = &s->objs[i];
		if (x->kind == o.kind && strcmp(x->name, name) == 0)
			return YERR(d, n, SLO_EINVAL,
			    "duplicate %s '%s' (first at %s:%ld:%ld)",
			    kind_name(o.kind), name, slo_ydoc_file(x->doc),
			    x->name_node->line, x->name_node->col);
	}
	return spec_object_push(s, &o, d, root, n, file, docidx, item, err);
}

slo_status
spec_object_push(slo_spec *s, struct object *o, const slo_ydoc *d,
    const slo_ynode *root, const slo_ynode *name_node, size_t file,
    size_t docidx, size_t item, slo_error *err)
{
	o->name = name_node->str;
	o->doc = d;
	o->root = root;
	o->name_node = name_node;
	/* an SLO's objectives count up from its order: 4096 per item */
	o->order = ORDER(file, docidx, item << 12);
	o->file = file;
	if (spec_grow(&s->objs, &s->capobjs, s->nobjs, sizeof *s->objs))
		return spec_oom(err);
	s->objs[s->nobjs++] = *o;
	return SLO_OK;
}


/* ---- OpenSLO ---------------------------------------------------------- */

static const struct object *
find_object(const slo_spec *s, enum okind kind, const char *name)
{
	size_t i;

	for (i = 0; i < s->nobjs; i++)
		if (s->objs[i].kind == kind && strcmp(s->objs[i].name, name) == 0)
			return &s->objs[i];
	return NULL;
}

/* "unknown SLI 'x'", with the nearest known name as a hint. */
static slo_status
unresolved(const slo_spec *s, const slo_ydoc *d, const slo_ynode *n,
    enum okind kind, slo_error *err)
{
	const char **names, *best = NULL;
	size_t i, k = 0;

	if ((names = calloc(s->nobjs + 1, sizeof *names)) != NULL) {
		for (i = 0; i < s->nobjs; i++)
			if (s->objs[i].kind == kind)
				names[k++] = s->objs[i].name;
		best = slo_suggest(n->str, names);
	}
	if (best != NULL) {
		slo_status st = YERR(d, n, SLO_ENOTFOUND,
		    "unknown %s '%s'; did you mean '%s'?", kind_name(kind),
		    n->str, best);
		free(names);
		return st;
	}
	free(names);
	return YERR(d, n, SLO_ENOTFOUND, "unknown %s '%s'", kind_name(kind),
	    n->str);
}

/* An inline object: {apiVersion?, kind?, metadata?, spec} of kind k. */
static slo_status
inline_object(const slo_ydoc *d, const slo_ynode *n, enum okind k,
    const slo_ynode **spec, slo_error *err)
{
	const slo_ynode *x;
	const char *str;
	slo_status st;

	if ((st = slo_ynode_check_keys(d, n, oslo_top_keys, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(n, "apiVersion")) != NULL) {
		if ((st = slo_ynode_string(d, x, &str, err)) != SLO_OK)
			return st;
		if (strcmp(str, "openslo/v1") != 0)
			return YERR(d, x, SLO_EINVAL,
			    "unsupported apiVersion '%s': expected 'openslo/v1'",
			    str);
	}
	if ((x = slo_ynode_get(n, "kind")) != NULL) {
		if ((st = slo_ynode_string(d, x, &str, err)) != SLO_OK)
			return st;
		if (strcmp(str, kind_name(k)) != 0)
			return YERR(d, x, SLO_EINVAL,
			    "expected kind '%s' here, got '%s'", kind_name(k), str);
	}
	if ((x = slo_ynode_get(n, "metadata")) != NULL &&
	    (st = slo_ynode_check_keys(d, x, meta_keys, err)) != SLO_OK)
		return st;
	if ((*spec = slo_ynode_get(n, "spec")) == NULL)
		return YERR(d, n, SLO_EINVAL, "missing 'spec'");
	return SLO_OK;
}

/* What an SLI says, before it is put into an SLO. */
struct sli {
	const slo_ydoc *d;
	const slo_ynode *good, *bad, *total_where; /* where scalars */
	const slo_ynode *field, *where;            /* threshold metric */
	const slo_ynode *op, *value;               /* threshold metric */
	int threshold;
	/*
	 * Valid OpenSLO that slokit cannot compute from events: the first
	 * metric source naming a backend (its type or metricSourceRef), a
	 * raw (precomputed) ratio.  NULL when the SLI is slokit's own.
	 */
	const slo_ynode *foreign, *raw;
	/* each foreign metricSource map, for the mapping; NULL: slokit's */
	const slo_ynode *good_src, *total_src, *thr_src;
	int bad_numerator; /* the ratio's numerator is 'bad', not 'good' */
	const char *name;  /* metadata.name, NULL for an inline SLI without */
	const slo_ynode *ann; /* its metadata.annotations, NULL for none */
};

static const char *const sli_spec_keys[] = {
	"description", "thresholdMetric", "ratioMetric", NULL
};
static const char *const ratio_keys[] = {
	"counter", "good", "bad", "total", "rawType", "raw", NULL
};
static const char *const metric_keys[] = { "metricSource", NULL };
static const char *const source_keys[] = {
	"metricSourceRef", "type", "spec", NULL
};
static const char *const threshold_keys[] = {
	"metricSource", "op", "value", NULL
};

/*
 * metric: {metricSource: {type, metricSourceRef, spec}}.  A source is
 * slokit's (its spec holds predicates, checked against spec_keys) when its
 * type is 'slokit', or when it has no type and either no metricSourceRef
 * or a spec with a slokit key: a file written for slokit before types
 * were read keeps its meaning.  Any other source names a backend
 * (Prometheus, Datadog, a DataSource): it is valid OpenSLO whose spec is
 * that backend's, so nothing in it is checked, and *foreign is set to its
 * metricSource map, for a mapping (slo-spec(5) SOURCES) to match.  *spec
 * is NULL when absent.
 */
static slo_status
metric_source(const slo_ydoc *d, const slo_ynode *metric, int has_source_key,
    const char *const *spec_keys, const slo_ynode **spec,
    const slo_ynode **foreign, slo_error *err)
{
	const slo_ynode *src, *t, *ref;
	const char *type;
	slo_status st;
	size_t i;
	int ours;

	*spec = NULL;
	*foreign = NULL;
	if (!has_source_key &&
	    (st = slo_ynode_check_keys(d, metric, metric_keys, err)) != SLO_OK)
		return st;
	if ((src = slo_ynode_get(metric, "metricSource")) == NULL)
		return YERR(d, metric, SLO_EINVAL, "missing 'metricSource'");
	if ((st = slo_ynode_check_keys(d, src, source_keys, err)) != SLO_OK)
		return st;
	if ((ref = slo_ynode_get(src, "metricSourceRef")) != NULL &&
	    (st = slo_ynode_string(d, ref, &type, err)) != SLO_OK)
		return st;
	*spec = slo_ynode_get(src, "spec");
	if (*spec != NULL && slo_ynode_is_null(*spec))
		*spec = NULL;
	if ((t = slo_ynode_get(src, "type")) != NULL) {
		if ((st = slo_ynode_string(d, t, &type, err)) != SLO_OK)
			return st;
		ours = strcasecmp(type, "slokit") == 0;
	} else {
		ours = ref == NULL;
		for (i = 0; !ours && *spec != NULL && spec_keys[i] != NULL; i++)
			ours = slo_ynode_get(*spec, spec_keys[i]) != NULL;
	}
	if (!ours) {
		*foreign = src;
		*spec = NULL;
		return SLO_OK;
	}
	if (*spec != NULL &&
	    (st = slo_ynode_check_keys(d, *spec, spec_keys, err)) != SLO_OK)
		return st;
	return SLO_OK;
}

/* A ratio metric's raw form: rawType success|failure and raw, alone. */
static slo_status
parse_raw(const slo_ydoc *d, const slo_ynode *rm, struct sli *out,
    slo_error *err)
{
	static const char *const raw_types[] = { "success", "failure", NULL };
	static const char *const where_only[] = { "where", NULL };
	static const char *const others[] = { "good", "bad", "total", NULL };
	const slo_ynode *m, *ms, *x;
	slo_status st;
	size_t i;
	int w;

	for (i = 0; others[i] != NULL; i++)
		if ((x = spec_keynode(rm, others[i])) != NULL)
			return YERR(d, x, SLO_EINVAL, "'%s' and 'raw' exclude "
			    "each other", others[i]);
	if ((x = slo_ynode_get(rm, "rawType")) == NULL)
		return YERR(d, spec_keynode(rm, "raw"), SLO_EINVAL,
		    "'raw' needs 'rawType' (success or failure)");
	if ((st = spec_read_word(d, x, "rawType", raw_types, &w, err)) !=
	    SLO_OK)
		return st;
	if ((m = slo_ynode_get(rm, "raw")) == NULL)
		return YERR(d, spec_keynode(rm, "rawType"), SLO_EINVAL,
		    "'rawType' needs 'raw'");
	if ((st = metric_source(d, m, 0, where_only, &ms, &out->foreign,
	    err)) != SLO_OK)
		return st;
	out->raw = spec_keynode(rm, "raw");
	return SLO_OK;
}

static slo_status
parse_sli(const slo_ydoc *d, const slo_ynode *spec, struct sli *out,
    slo_error *err)
{
	static const char *const where_only[] = { "where", NULL };
	static const char *const field_where[] = { "field", "where", NULL };
	const slo_ynode *rm, *tm, *m, *ms, *fg;
	slo_status st;

	memset(out, 0, sizeof *out);
	out->d = d;
	if ((st = slo_ynode_check_keys(d, spec, sli_spec_keys, err)) != SLO_OK)
		return st;
	if ((st = spec_one_of(d, spec, "ratioMetric", "thresholdMetric", 1,
	    err)) != SLO_OK)
		return st;
	if ((tm = slo_ynode_get(spec, "thresholdMetric")) != NULL) {
		out->threshold = 1;
		if ((st = slo_ynode_check_keys(d, tm, threshold_keys, err)) !=
		    SLO_OK ||
		    (st = metric_source(d, tm, 1, field_where, &ms,
		    &out->foreign, err)) != SLO_OK)
			return st;
		out->thr_src = out->foreign;
		out->field = slo_ynode_get(ms, "field");
		out->where = slo_ynode_get(ms, "where");
		out->op = slo_ynode_get(tm, "op");
		out->value = slo_ynode_get(tm, "value");
		return SLO_OK;
	}
	rm = slo_ynode_get(spec, "ratioMetric");
	if ((st = slo_ynode_check_keys(d, rm, ratio_keys, err)) != SLO_OK)
		return st;
	if ((m = slo_ynode_get(rm, "counter")) != NULL) {
		int b;
		if ((st = slo_ynode_bool(d, m, &b, err)) != SLO_OK)
			return st;
	}
	if (slo_ynode_get(rm, "raw") != NULL ||
	    slo_ynode_get(rm, "rawType") != NULL)
		return parse_raw(d, rm, out, err);
	if ((st = spec_one_of(d, rm, "good", "bad", 1, err)) != SLO_OK)
		return st;
	m = slo_ynode_get(rm, "good") ? slo_ynode_get(rm, "good") :
	    slo_ynode_get(rm, "bad");
	if ((st = metric_source(d, m, 0, where_only, &ms, &fg, err)) != SLO_OK)
		return st;
	if (fg == NULL && (ms == NULL || slo_ynode_get(ms, "where") == NULL))
		return YERR(d, ms ? ms : m, SLO_EINVAL,
		    "missing 'where' in the metric source spec of '%s'",
		    slo_ynode_get(rm, "good") ? "good" : "bad");
	if (slo_ynode_get(rm, "good"))
		out->good = slo_ynode_get(ms, "where");
	else
		out->bad = slo_ynode_get(ms, "where");
	if ((m = slo_ynode_get(rm, "total")) == NULL)
		return YERR(d, rm, SLO_EINVAL, "missing 'total'");
	if ((st = metric_source(d, m, 0, where_only, &ms, &out->foreign,
	    err)) != SLO_OK)
		return st;
	out->total_src = out->foreign;
	out->good_src = fg;
	out->bad_numerator = slo_ynode_get(rm, "good") == NULL;
	if (fg != NULL)
		out->foreign = fg;
	out->total_where = ms ? slo_ynode_get(ms, "where") : NULL;
	return SLO_OK;
}

/* The SLI of an OpenSLO SLO spec: inline `indicator` or `indicatorRef`. */
static slo_status
resolve_sli(const slo_spec *s, const slo_ydoc *d, const slo_ynode *spec,
    struct sli *out, slo_error *err)
{
	const slo_ynode *n, *sspec;
	const struct object *o;
	slo_status st;

	if ((st = spec_one_of(d, spec, "indicator", "indicatorRef", 1, err)) !=
	    SLO_OK)
		return st;
	if ((n = slo_ynode_get(spec, "indicator")) != NULL) {
		const slo_ynode *nm;
		if ((st = inline_object(d, n, K_SLI, &sspec, err)) != SLO_OK ||
		    (st = parse_sli(d, sspec, out, err)) != SLO_OK)
			return st;
		nm = slo_ynode_get(slo_ynode_get(n, "metadata"), "name");
		out->name = nm != NULL && nm->type == SLO_Y_SCALAR ? nm->str :
		    NULL;
		out->ann = slo_ynode_get(slo_ynode_get(n, "metadata"),
		    "annotations");
		return spec_check_annotations(d, slo_ynode_get(n, "metadata"),
		    err);
	}
	n = slo_ynode_get(spec, "indicatorRef");
	if ((st = slo_ynode_expect(d, n, SLO_Y_SCALAR, err)) != SLO_OK)
		return st;
	if ((o = find_object(s, K_SLI, n->str)) == NULL)
		return unresolved(s, d, n, K_SLI, err);
	if ((st = parse_sli(o->doc, slo_ynode_get(o->root, "spec"), out,
	    err)) != SLO_OK)
		return st;
	out->name = o->name;
	out->ann = slo_ynode_get(slo_ynode_get(o->root, "metadata"),
	    "annotations");
	return SLO_OK;
}

/*
 * Mark r as valid but not computable from events, at node n of d, unless
 * it already is: the first reason is the one reported.
 */
void
spec_unevaluable(struct rec *r, const slo_ydoc *d, const slo_ynode *n,
    const char *fmt, ...)
{
	va_list ap;

	if (r->pub.unevaluable != NULL)
		return;
	va_start(ap, fmt);
	slo_vsnprintf(r->unevaluable, sizeof r->unevaluable, fmt, ap);
	va_end(ap);
	r->pub.unevaluable = r->unevaluable;
	if (n != NULL) {
		r->pub.unevaluable_file = slo_ydoc_file(d);
		r->pub.unevaluable_line = n->line;
		r->pub.unevaluable_col = n->col;
	}
}

/* ---- sources: foreign metric sources mapped to predicates ------------ */

static const char *const map_keys[] = {
	"dataSource", "type", "query", "where", "field", NULL
};
static const char *const map_match[] = { "dataSource", "type", "query", NULL };

/* A scalar's text, NULL for anything else or nothing. */
static const char *
scalar_str(const slo_ynode *n)
{
	return n != NULL && n->type == SLO_Y_SCALAR ? n->str : NULL;
}

/*
 * An OpenSLO metric source as the mapping sees it: in v1
 * {metricSourceRef, type, spec: {query}}, in v1alpha {source, query}
 * (source is the type).  Blamed at its type, else its reference.
 */
static void
source_id(const slo_ydoc *d, const slo_ynode *src, struct srcid *id)
{
	const slo_ynode *ref = slo_ynode_get(src, "metricSourceRef");
	const slo_ynode *t = slo_ynode_get(src, "type"), *q;

	if (t == NULL)
		t = slo_ynode_get(src, "source");
	if ((q = slo_ynode_get(src, "query")) == NULL)
		q = slo_ynode_get(slo_ynode_get(src, "spec"), "query");
	id->d = d;
	id->ref = scalar_str(ref);
	id->type = scalar_str(t);
	id->query = scalar_str(q);
	id->at = id->type != NULL ? t : id->ref != NULL ? ref : src;
	id->set = 1;
}

/*
 * Two query texts are the same query when they are equal but for white
 * space at either end: a YAML block scalar ('|') ends in a newline that
 * the plain scalar of a mapping does not have.
 */
static int
same_query(const char *a, const char *b)
{
	size_t na, nb;

	while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
		a++;
	while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')
		b++;
	na = strlen(a);
	nb = strlen(b);
	while (na > 0 && strchr(" \t\r\n", a[na - 1]) != NULL)
		na--;
	while (nb > 0 && strchr(" \t\r\n", b[nb - 1]) != NULL)
		nb--;
	return na == nb && memcmp(a, b, na) == 0;
}

/*
 * The first mapping, over every 'sources' section in load order, whose
 * dataSource (the metricSourceRef), type (in any case) and query (same
 * text, see same_query) each equal id's when given; NULL when none does.
 * The sections were checked by check_mappings().
 */
static const slo_ynode *
find_mapping(const slo_spec *s, const struct srcid *id, const slo_ydoc **md)
{
	const slo_ynode *sec, *rule, *want;
	const char *have;
	size_t i, j, k;

	for (i = 0; (sec = slo_spec_section(s, "sources", i, md)) != NULL;
	    i++) {
		for (j = 0; sec->type == SLO_Y_SEQ && j < sec->n; j++) {
			rule = sec->items[j];
			for (k = 0; map_match[k] != NULL; k++) {
				if ((want = slo_ynode_get(rule, map_match[k])) ==
				    NULL)
					continue;
				have = k == 0 ? id->ref : k == 1 ? id->type :
				    id->query;
				if (have == NULL || (k == 0 ? strcmp(have,
				    want->str) != 0 : k == 1 ? strcasecmp(have,
				    want->str) != 0 : !same_query(have,
				    want->str)))
					break;
			}
			if (map_match[k] == NULL)
				return rule;
		}
	}
	return NULL;
}

/* Every 'sources' section: a list of mappings, each checked whole. */
static slo_status
check_mappings(const slo_spec *s, slo_error *err)
{
	const slo_ynode *sec, *rule, *x;
	const slo_ydoc *d;
	slo_expr *e;
	slo_status st;
	size_t i, j, k;

	for (i = 0; (sec = slo_spec_section(s, "sources", i, &d)) != NULL;
	    i++) {
		if (slo_ynode_is_null(sec))
			continue;
		if ((st = slo_ynode_expect(d, sec, SLO_Y_SEQ, err)) != SLO_OK)
			return st;
		for (j = 0; j < sec->n; j++) {
			rule = sec->items[j];
			if ((st = slo_ynode_check_keys(d, rule, map_keys,
			    err)) != SLO_OK)
				return st;
			for (k = 0; map_match[k] != NULL; k++)
				if ((x = slo_ynode_get(rule, map_match[k])) !=
				    NULL && (st = slo_ynode_expect(d, x,
				    SLO_Y_SCALAR, err)) != SLO_OK)
					return st;
			if (!slo_ynode_get(rule, "dataSource") &&
			    !slo_ynode_get(rule, "type") &&
			    !slo_ynode_get(rule, "query"))
				return YERR(d, rule, SLO_EINVAL, "a mapping "
				    "matches by 'dataSource', 'type' or "
				    "'query': give one");
			if (!slo_ynode_get(rule, "where") &&
			    !slo_ynode_get(rule, "field"))
				return YERR(d, rule, SLO_EINVAL, "a mapping "
				    "gives 'where' (a predicate) or 'field' (a "
				    "threshold metric's value)");
			for (k = 0; k < 2; k++) {
				x = slo_ynode_get(rule, k ? "field" : "where");
				if (x == NULL)
					continue;
				if ((st = spec_compile(d, x, (int)k, &e,
				    err)) != SLO_OK)
					return st;
				slo_expr_free(e);
			}
		}
	}
	return SLO_OK;
}

slo_status
spec_map_source(const slo_spec *s, const struct srcid *id, const char *key,
    int required, slo_expr **out, struct srcid *unmapped, slo_error *err)
{
	const slo_ynode *rule, *n;
	const slo_ydoc *md;

	rule = find_mapping(s, id, &md);
	if (rule != NULL && (n = slo_ynode_get(rule, key)) != NULL)
		return spec_compile(md, n, strcmp(key, "field") == 0, out,
		    err);
	if ((rule == NULL || required) && !unmapped->set)
		*unmapped = *id;
	return SLO_OK;
}

/*
 * One metric source's expression into *out: n, the slokit source's own
 * node, when src is NULL; else the key ('where', 'field') of the mapping
 * src matches (spec_map_source).
 */
static slo_status
source_expr(const slo_spec *s, const slo_ydoc *d, const slo_ynode *n,
    const slo_ynode *src, const char *key, int required, slo_expr **out,
    struct srcid *unmapped, slo_error *err)
{
	struct srcid id;

	if (src == NULL)
		return n == NULL ? SLO_OK :
		    spec_compile(d, n, strcmp(key, "field") == 0, out, err);
	source_id(d, src, &id);
	return spec_map_source(s, &id, key, required, out, unmapped, err);
}

void
spec_unmapped(struct rec *r, const char *sli, const struct srcid *u,
    const char *key)
{
	char b1[SLO_YQUOTE_BUFSZ], b2[SLO_YQUOTE_BUFSZ], b3[SLO_YQUOTE_BUFSZ];
	const char *by = u->type != NULL ? u->type : u->ref;
	const char *what = u->type != NULL ? "type" : "dataSource";
	const char *in = sli != NULL ? slo_yquote(sli, b3) : NULL;

	if (by == NULL && u->query != NULL)
		spec_unevaluable(r, u->d, u->at, "%s%s%sthe query '%s' has no "
		    "mapping to events: add one to a spec file, such as "
		    "'sources: [{query: '%s', %s: ...}]'", in ? "SLI '" : "",
		    in ? in : "", in ? "': " : "", slo_yquote(u->query, b2),
		    b2, key);
	else if (by == NULL)
		spec_unevaluable(r, u->d, u->at, "metric source has no mapping "
		    "to events");
	else if (u->query == NULL)
		spec_unevaluable(r, u->d, u->at, "%s%s%smetric source '%s' has "
		    "no mapping to events: add one to a spec file, such as "
		    "'sources: [{%s: %s, %s: ...}]'", in ? "SLI '" : "",
		    in ? in : "", in ? "': " : "", slo_yquote(by, b1), what,
		    b1, key);
	else
		spec_unevaluable(r, u->d, u->at, "%s%s%smetric source '%s' has "
		    "no mapping to events: add one to a spec file, such as "
		    "'sources: [{%s: %s, query: '%s', %s: ...}]'",
		    in ? "SLI '" : "", in ? in : "", in ? "': " : "",
		    slo_yquote(by, b1), what, b1, slo_yquote(u->query, b2),
		    key);
}

/* ---- annotations: the mapping on the document itself ----------------- */

static const char *const annotation_keys[] = {
	"where", "good", "bad", "field", NULL
};

slo_status
spec_check_annotations(const slo_ydoc *d, const slo_ynode *meta,
    slo_error *err)
{
	const size_t plen = sizeof SPEC_ANNOTATION_PREFIX - 1;
	const slo_ynode *a = slo_ynode_get(meta, "annotations"), *k, *v;
	slo_expr *e;
	slo_status st;
	size_t i;
	int w;

	if (a == NULL || slo_ynode_is_null(a))
		return SLO_OK;
	if ((st = slo_ynode_expect(d, a, SLO_Y_MAP, err)) != SLO_OK)
		return st;
	for (i = 0; i < a->n; i++) {
		k = a->keys[i];
		v = a->items[i];
		if (strncmp(k->str, SPEC_ANNOTATION_PREFIX, plen) != 0 ||
		    spec_oslo_export_key(k->str + plen))
			continue; /* --export's keys: openslo_ext.c's */
		/* the word after the prefix, as a node for its errors */
		{
			slo_ynode word = *k;
			word.str = k->str + plen;
			word.len = k->len - plen;
			word.col = k->col + (long)plen;
			if ((st = spec_read_word(d, &word, "annotation",
			    annotation_keys, &w, err)) != SLO_OK)
				return st;
		}
		if ((st = spec_compile(d, v, w == 3, &e, err)) != SLO_OK)
			return st;
		slo_expr_free(e);
	}
	return SLO_OK;
}

const slo_ynode *
spec_annotation(const struct annots *a, const char *key, const slo_ydoc **d)
{
	const size_t plen = sizeof SPEC_ANNOTATION_PREFIX - 1;
	const slo_ynode *m;
	size_t i, j;

	for (i = 0; i < 2; i++) {
		if ((m = a->map[i]) == NULL || m->type != SLO_Y_MAP)
			continue;
		for (j = 0; j < m->n; j++)
			if (strncmp(m->keys[j]->str, SPEC_ANNOTATION_PREFIX,
			    plen) == 0 &&
			    strcmp(m->keys[j]->str + plen, key) == 0) {
				*d = a->d[i];
				return m->items[j];
			}
	}
	return NULL;
}

/*
 * The expression of annotation key (where, good, bad, field) into *out,
 * for a role whose metric source is foreign (src non-NULL); *used set
 * when the annotation gave it.  An annotation for a role whose source is
 * slokit's own has nothing to map: an error at it.
 */
slo_status
spec_annotated(const struct annots *a, const char *key, const void *src,
    slo_expr **out, int *used, slo_error *err)
{
	const slo_ydoc *d;
	const slo_ynode *n;

	*used = 0;
	if ((n = spec_annotation(a, key, &d)) == NULL)
		return SLO_OK;
	if (src == NULL)
		return YERR(d, n, SLO_EINVAL, "annotation '"
		    SPEC_ANNOTATION_PREFIX "%s' maps a backend's metric "
		    "source, and this SLI's is slokit's own", key);
	*used = 1;
	return spec_compile(d, n, strcmp(key, "field") == 0, out, err);
}

/*
 * An annotation that does not fit the SLI (good or bad on a threshold
 * metric, field on a ratio metric, good with bad) is an error at it.
 */
slo_status
spec_annotation_misfit(const struct annots *a, int threshold, slo_error *err)
{
	static const char *const ratio_only[] = { "good", "bad", NULL };
	const slo_ydoc *d, *d2;
	const slo_ynode *n, *n2;
	size_t i;

	if (threshold) {
		for (i = 0; ratio_only[i] != NULL; i++)
			if ((n = spec_annotation(a, ratio_only[i], &d)) != NULL)
				return YERR(d, n, SLO_EINVAL, "annotation '"
				    SPEC_ANNOTATION_PREFIX "%s' is for a ratio "
				    "metric; this SLI is a threshold metric",
				    ratio_only[i]);
		return SLO_OK;
	}
	if ((n = spec_annotation(a, "field", &d)) != NULL)
		return YERR(d, n, SLO_EINVAL, "annotation '"
		    SPEC_ANNOTATION_PREFIX "field' is for a threshold metric; "
		    "this SLI is a ratio metric");
	if ((n = spec_annotation(a, "good", &d)) != NULL &&
	    (n2 = spec_annotation(a, "bad", &d2)) != NULL)
		return YERR(d2, n2, SLO_EINVAL, "annotations '"
		    SPEC_ANNOTATION_PREFIX "good' and '" SPEC_ANNOTATION_PREFIX
		    "bad' exclude each other");
	return SLO_OK;
}

/*
 * Put the SLI into r: compile its expressions, a foreign source's from
 * its mapping.  A threshold metric's op (lt, lte, gt, gte, as OpenSLO
 * allows) is read here: an event is good when its value is under (lt),
 * at or under (lte), over (gt) or at or over (gte) the threshold.
 */
static slo_status
apply_sli(const slo_spec *s, struct rec *r, const struct sli *sl,
    const struct annots *a, const slo_ydoc *d, const slo_ynode *objective,
    slo_error *err)
{
	static const char *const thr_ops[] = { "lte", "lt", "gte", "gt", NULL };
	const slo_ynode *op, *val;
	struct srcid unmapped = { 0 };
	slo_status st;
	int w = 0, used;

	if (sl->raw != NULL)
		spec_unevaluable(r, sl->d, sl->raw, "a raw ratio metric is a "
		    "precomputed ratio, which events do not carry: give "
		    "'good' or 'bad', and 'total'");
	if ((st = spec_annotation_misfit(a, sl->threshold, err)) != SLO_OK)
		return st;
	if (!sl->threshold) {
		int bad = sl->bad_numerator;
		r->pub.sli = SLO_SPEC_SLI_RATIO;
		/* a 'good' or 'bad' annotation stands for the numerator */
		if ((st = spec_annotated(a, "good", sl->good_src, &r->pub.good,
		    &used, err)) != SLO_OK)
			return st;
		if (!used && (st = spec_annotated(a, "bad", sl->good_src,
		    &r->pub.bad, &used, err)) != SLO_OK)
			return st;
		if (!used && (st = source_expr(s, sl->d, bad ? sl->bad :
		    sl->good, sl->good_src, "where", 1, bad ? &r->pub.bad :
		    &r->pub.good, &unmapped, err)) != SLO_OK)
			return st;
		if ((st = spec_annotated(a, "where", sl->total_src, &r->pub.where,
		    &used, err)) != SLO_OK)
			return st;
		if (!used && (st = source_expr(s, sl->d, sl->total_where,
		    sl->total_src, "where", 0, &r->pub.where, &unmapped,
		    err)) != SLO_OK)
			return st;
		if (unmapped.set)
			spec_unmapped(r, sl->name, &unmapped, "where");
		if ((op = spec_keynode(objective, "op")) != NULL ||
		    (op = spec_keynode(objective, "value")) != NULL)
			return YERR(d, op, SLO_EINVAL,
			    "'%s' is for a threshold metric; this SLI is a "
			    "ratio metric", op->str);
		return SLO_OK;
	}
	r->pub.sli = SLO_SPEC_SLI_LATENCY;
	r->pub.quantiles = spec_default_quantiles;
	r->pub.nquantiles = 3;
	/*
	 * The one source gives where and field: annotated with either, it
	 * is mapped (field defaults to latency_ms), whatever `sources:` says.
	 */
	if ((st = spec_annotated(a, "where", sl->thr_src, &r->pub.where, &used,
	    err)) != SLO_OK)
		return st;
	w = used;
	if ((st = spec_annotated(a, "field", sl->thr_src, &r->pub.latency_field,
	    &used, err)) != SLO_OK)
		return st;
	if (!used && !w &&
	    ((st = source_expr(s, sl->d, sl->where, sl->thr_src, "where", 0,
	    &r->pub.where, &unmapped, err)) != SLO_OK ||
	    (st = source_expr(s, sl->d, sl->field, sl->thr_src, "field", 0,
	    &r->pub.latency_field, &unmapped, err)) != SLO_OK))
		return st;
	w = 0;
	if (unmapped.set)
		spec_unmapped(r, sl->name, &unmapped, "field");
	if ((st = spec_latency_path(r, err)) != SLO_OK)
		return st;
	/* op and value: the objective's (OpenSLO), else the metric's. */
	const slo_ydoc *od = d, *vd = d;
	if ((op = slo_ynode_get(objective, "op")) == NULL) {
		op = sl->op;
		od = sl->d;
	}
	if ((val = slo_ynode_get(objective, "value")) == NULL) {
		val = sl->value;
		vd = sl->d;
	}
	if (val == NULL)
		return YERR(d, objective, SLO_EINVAL,
		    "missing 'value': the latency threshold of a threshold "
		    "metric");
	if ((st = slo_ynode_number(vd, val, &r->pub.latency_threshold,
	    err)) != SLO_OK)
		return st;
	if (r->pub.latency_threshold < 0 && !unmapped.set)
		return slo_ynode_error(vd, val, SLO_ERANGE, err,
		    "value '%s' is negative", val->str);
	if (op != NULL) {
		if ((st = spec_read_word(od, op, "op", thr_ops, &w, err)) !=
		    SLO_OK)
			return st;
	}
	r->pub.latency_inclusive = w == 0 || w == 2;
	r->pub.latency_above = w >= 2;
	return SLO_OK;
}

slo_status
spec_latency_path(struct rec *r, slo_error *err)
{
	slo_error e;

	if (r->pub.latency_field == NULL &&
	    (r->pub.latency_field = slo_expr_new("latency_ms", &e)) == NULL)
		return spec_oom(err);
	r->pub.latency_path = slo_expr_path(r->pub.latency_field);
	return SLO_OK;
}

static const char *const timewindow_keys[] = {
	"duration", "isRolling", "calendar", NULL
};
static const char *const calendar_keys[] = { "startTime", "timeZone", NULL };

/* "2022-01-01 12:00:00" (local to timeZone), a date or RFC 3339. */
static int
start_time_valid(const char *s)
{
	size_t n = strlen(s), i;
	static const char pat[] = "dddd-dd-dd dd:dd:dd";

	if (n == sizeof pat - 1) {
		for (i = 0; i < n; i++) {
			if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
			    s[i] != pat[i])
				break;
		}
		if (i == n)
			return 1;
	}
	return 0;
}

/* The one item of a time window list (both versions), its keys checked. */
static slo_status
one_window(const slo_ydoc *d, const slo_ynode *list, const char *const *keys,
    const slo_ynode **w, slo_error *err)
{
	slo_status st;

	if ((st = slo_ynode_expect(d, list, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	if (list->n != 1)
		return YERR(d, list, SLO_EINVAL,
		    "expected one time window, got %zu", list->n);
	*w = list->items[0];
	return slo_ynode_check_keys(d, *w, keys, err);
}

static slo_status
parse_timewindow(struct rec *r, const slo_ydoc *d, const slo_ynode *tw,
    slo_error *err)
{
	const slo_ynode *w, *dur, *cal, *roll, *x;
	slo_objective *o = &r->pub.objective;
	slo_status st;
	int rolling;

	if ((st = one_window(d, tw, timewindow_keys, &w, err)) != SLO_OK)
		return st;
	if ((dur = slo_ynode_get(w, "duration")) == NULL)
		return YERR(d, w, SLO_EINVAL, "missing 'duration'");
	r->pub.window_line = dur->line;
	r->pub.window_col = dur->col;
	cal = slo_ynode_get(w, "calendar");
	rolling = cal == NULL;
	if ((roll = slo_ynode_get(w, "isRolling")) != NULL &&
	    (st = slo_ynode_bool(d, roll, &rolling, err)) != SLO_OK)
		return st;
	if (rolling && cal != NULL)
		return YERR(d, roll, SLO_EINVAL,
		    "'isRolling: true' and 'calendar' exclude each other");
	if (rolling) {
		const char *str;
		if ((st = slo_ynode_string(d, dur, &str, err)) != SLO_OK)
			return st;
		if (dur->len > 0 && strchr("MQY", str[dur->len - 1]))
			return YERR(d, dur, SLO_EINVAL,
			    "a rolling window of '%s' has no fixed length: use "
			    "days ('30d') or a calendar window", str);
		o->calendar = SLO_CAL_NONE;
		return spec_read_positive_duration(d, dur, &o->window, err);
	}
	if (cal == NULL)
		return YERR(d, roll, SLO_EINVAL,
		    "'isRolling: false' needs 'calendar'");
	if ((st = slo_ynode_expect(d, dur, SLO_Y_SCALAR, err)) != SLO_OK)
		return st;
	if (strcmp(dur->str, "1M") == 0)
		o->calendar = SLO_CAL_MONTH;
	else if (strcmp(dur->str, "1w") == 0 || strcmp(dur->str, "7d") == 0)
		o->calendar = SLO_CAL_WEEK;
	else
		return YERR(d, dur, SLO_EINVAL,
		    "calendar window '%s' not supported: use 1M (a month) or "
		    "1w (a week from Monday)", dur->str);
	o->window = 0;
	if ((st = slo_ynode_check_keys(d, cal, calendar_keys, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(cal, "startTime")) != NULL) {
		slo_ns t;
		slo_error e;
		const char *str;
		if ((st = slo_ynode_string(d, x, &str, err)) != SLO_OK)
			return st;
		if (!start_time_valid(str) && slo_ynode_time(d, x, &t, &e) !=
		    SLO_OK)
			return YERR(d, x, SLO_EINVAL,
			    "invalid startTime '%s': expected "
			    "'2022-01-01 00:00:00'", str);
	}
	return spec_set_tz(r, d, slo_ynode_get(cal, "timeZone"), err);
}

static const char *const oslo_slo_keys[] = {
	"description", "service", "indicator", "indicatorRef", "timeWindow",
	"budgetingMethod", "objectives", "alertPolicies", NULL
};
static const char *const objective_keys[] = {
	"displayName", "op", "value", "target", "targetPercent",
	"timeSliceTarget", "timeSliceWindow", NULL
};
static const char *const oslo_budgeting_words[] = {
	"Occurrences", "Timeslices", "RatioTimeslices", NULL
};
static const char *const policy_spec_keys[] = {
	"description", "alertWhenNoData", "alertWhenBreaching",
	"alertWhenResolved", "conditions", "notificationTargets", NULL
};
static const char *const condition_spec_keys[] = {
	"description", "severity", "condition", NULL
};
static const char *const condition_keys[] = {
	"kind", "op", "threshold", "lookbackWindow", "alertAfter", NULL
};

/*
 * OpenSLO's severity is a free string ("sev1", "page", "High").  slokit
 * has two: a word listed under `severities:` (any case) is what it says
 * there; else these words (any case) page, every other severity is a
 * ticket.
 */
static const char *const paging_severities[] = {
	"page", "critical", "high", "urgent", "emergency", "sev1", "sev-1",
	"p1", NULL
};
static const char *const severity_classes[] = { "page", "ticket", NULL };

slo_severity
spec_severity_of(const slo_spec *s, const char *word)
{
	const slo_ynode *sec, *list;
	const slo_ydoc *d;
	size_t i, c, j;

	for (i = 0; (sec = slo_spec_section(s, "severities", i, &d)) != NULL;
	    i++)
		for (c = 0; c < 2; c++) {
			list = slo_ynode_get(sec, severity_classes[c]);
			for (j = 0; list != NULL && list->type == SLO_Y_SEQ &&
			    j < list->n; j++)
				if (strcasecmp(list->items[j]->str, word) == 0)
					return c == 0 ? SLO_SEV_PAGE :
					    SLO_SEV_TICKET;
		}
	for (i = 0; paging_severities[i] != NULL; i++)
		if (strcasecmp(word, paging_severities[i]) == 0)
			return SLO_SEV_PAGE;
	return SLO_SEV_TICKET;
}

/*
 * Every `severities:` section: {page: [WORD...], ticket: [WORD...]},
 * each word a non-empty string, none in both lists of one section.
 */
static slo_status
check_severities(const slo_spec *s, slo_error *err)
{
	const slo_ynode *sec, *list, *w, *other;
	const slo_ydoc *d;
	slo_status st;
	size_t i, c, j, k;

	for (i = 0; (sec = slo_spec_section(s, "severities", i, &d)) != NULL;
	    i++) {
		if (slo_ynode_is_null(sec))
			continue;
		if ((st = slo_ynode_expect(d, sec, SLO_Y_MAP, err)) != SLO_OK ||
		    (st = slo_ynode_check_keys(d, sec, severity_classes,
		    err)) != SLO_OK)
			return st;
		for (c = 0; c < 2; c++) {
			if ((list = slo_ynode_get(sec, severity_classes[c])) ==
			    NULL)
				continue;
			if ((st = slo_ynode_expect(d, list, SLO_Y_SEQ, err)) !=
			    SLO_OK)
				return st;
			other = slo_ynode_get(sec, severity_classes[!c]);
			for (j = 0; j < list->n; j++) {
				const char *str;
				w = list->items[j];
				if ((st = spec_read_name(d, w, &str, err)) !=
				    SLO_OK)
					return st;
				for (k = 0; c == 1 && other != NULL &&
				    other->type == SLO_Y_SEQ && k < other->n; k++)
					if (strcasecmp(other->items[k]->str,
					    str) == 0)
						return YERR(d, w, SLO_EINVAL,
						    "severity '%s' is under "
						    "both 'page' and 'ticket'",
						    str);
			}
		}
	}
	return SLO_OK;
}

static slo_status
read_oslo_severity(const slo_spec *s, const slo_ydoc *d, const slo_ynode *n,
    slo_severity *out, slo_error *err)
{
	const char *str;
	slo_status st;

	if ((st = slo_ynode_string(d, n, &str, err)) != SLO_OK)
		return st;
	if (*str == '\0')
		return YERR(d, n, SLO_EINVAL, "empty 'severity'");
	*out = spec_severity_of(s, str);
	return SLO_OK;
}

/*
 * An AlertCondition spec: a burn-rate condition over lookbackWindow is a
 * rule with that long window and a short window of a twelfth of it (the
 * SRE Workbook's ratio: 1h/5m, 6h/30m, 3d/6h).  Its op is one of
 * OpenSLO's four: gte fires at the threshold, gt only above it (*strict
 * set); slokit's rules fire at or above it, so lt and lte (valid, and in
 * the specification's own README) leave *below set for the caller to
 * mark the SLO unevaluable.
 */
static slo_status
parse_condition(const slo_spec *s, const slo_ydoc *d, const slo_ynode *spec,
    slo_burn_rule *b, const slo_ynode **below, int *strict, slo_error *err)
{
	static const char *const kinds[] = { "burnrate", NULL };
	static const char *const ops[] = { "gte", "gt", "lte", "lt", NULL };
	const slo_ynode *c, *x;
	slo_status st;
	int w;

	memset(b, 0, sizeof *b);
	*below = NULL;
	*strict = 0;
	if ((st = slo_ynode_check_keys(d, spec, condition_spec_keys, err)) !=
	    SLO_OK)
		return st;
	if ((x = slo_ynode_get(spec, "severity")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'severity'");
	if ((st = read_oslo_severity(s, d, x, &b->severity, err)) != SLO_OK)
		return st;
	if ((c = slo_ynode_get(spec, "condition")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'condition'");
	if ((st = slo_ynode_check_keys(d, c, condition_keys, err)) != SLO_OK)
		return st;
	/* OpenSLO: kind "defaults to burnrate" */
	if ((x = slo_ynode_get(c, "kind")) != NULL &&
	    (st = spec_read_word(d, x, "condition kind", kinds, &w,
	    err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(c, "op")) != NULL) {
		if ((st = spec_read_word(d, x, "op", ops, &w, err)) != SLO_OK)
			return st;
		if (w >= 2)
			*below = x;
		*strict = w == 1;
	}
	if ((x = slo_ynode_get(c, "threshold")) == NULL)
		return YERR(d, c, SLO_EINVAL, "missing 'threshold'");
	if ((st = slo_ynode_number(d, x, &b->burn, err)) != SLO_OK)
		return st;
	if (!(b->burn > 0))
		return YERR(d, x, SLO_ERANGE, "threshold '%s' must be above 0",
		    x->str);
	if ((x = slo_ynode_get(c, "lookbackWindow")) == NULL)
		return YERR(d, c, SLO_EINVAL, "missing 'lookbackWindow'");
	if ((st = spec_read_positive_duration(d, x, &b->long_window,
	    err)) != SLO_OK)
		return st;
	b->short_window = b->long_window / 12;
	if (b->short_window <= 0)
		return YERR(d, x, SLO_ERANGE,
		    "lookbackWindow '%s' too short", x->str);
	if ((x = slo_ynode_get(c, "alertAfter")) != NULL) {
		slo_ns t;
		if ((st = slo_ynode_duration(d, x, &t, err)) != SLO_OK)
			return st;
	}
	return SLO_OK;
}

static slo_status
parse_policy(const slo_spec *s, struct rec *r, const slo_ydoc *d,
    const slo_ynode *spec, slo_error *err)
{
	const slo_ynode *conds, *x;
	slo_status st;
	int on[3] = { 0, 1, 0 };
	unsigned char when;
	size_t i;

	if ((st = slo_ynode_check_keys(d, spec, policy_spec_keys, err)) !=
	    SLO_OK)
		return st;
	/* OpenSLO's defaults: no data and resolution quiet, breach alerts */
	for (i = 0; i < 3; i++) {
		static const char *const flags[] = { "alertWhenNoData",
		    "alertWhenBreaching", "alertWhenResolved" };
		if ((x = slo_ynode_get(spec, flags[i])) != NULL &&
		    (st = slo_ynode_bool(d, x, &on[i], err)) != SLO_OK)
			return st;
	}
	when = (on[0] ? SLO_WHEN_NODATA : 0) | (on[1] ? 0 : SLO_WHEN_QUIET) |
	    (on[2] ? SLO_WHEN_RESOLVED : 0);
	if ((conds = slo_ynode_get(spec, "conditions")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'conditions'");
	if ((st = slo_ynode_expect(d, conds, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	for (i = 0; i < conds->n; i++) {
		const slo_ynode *c = conds->items[i], *cspec;
		const slo_ydoc *cd = d;
		const slo_ynode *below;
		int strict;
		slo_burn_rule b;
		if ((x = slo_ynode_get(c, "conditionRef")) != NULL) {
			static const char *const ref_keys[] = { "conditionRef",
			    NULL };
			const struct object *o;
			if ((st = slo_ynode_check_keys(d, c, ref_keys, err)) !=
			    SLO_OK ||
			    (st = slo_ynode_expect(d, x, SLO_Y_SCALAR, err)) !=
			    SLO_OK)
				return st;
			if ((o = find_object(s, K_CONDITION, x->str)) == NULL)
				return unresolved(s, d, x, K_CONDITION, err);
			cd = o->doc;
			cspec = slo_ynode_get(o->root, "spec");
		} else if ((st = inline_object(d, c, K_CONDITION, &cspec,
		    err)) != SLO_OK)
			return st;
		if ((st = parse_condition(s, cd, cspec, &b, &below, &strict, err)) !=
		    SLO_OK)
			return st;
		if (r == NULL)
			continue;
		if (below != NULL) {
			spec_unevaluable(r, cd, below, "burn-rate op '%s' fires "
			    "under the threshold: slokit's alerts fire at or "
			    "above it (gte, gt)", below->str);
			continue;
		}
		if ((st = spec_add_rule(r, d, c, &b, err)) != SLO_OK)
			return st;
		r->pub.rule_when[r->pub.objective.nrules - 1] = when |
		    (strict ? SLO_WHEN_STRICT : 0);
	}
	return SLO_OK;
}

static slo_status
parse_alert_policies(const slo_spec *s, struct rec *r, const slo_ydoc *d,
    const slo_ynode *list, slo_error *err)
{
	static const char *const ref_keys[] = { "alertPolicyRef", NULL };
	const slo_ynode *x, *pspec;
	const struct object *o;
	slo_status st;
	size_t i;

	if ((st = slo_ynode_expect(d, list, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	for (i = 0; i < list->n; i++) {
		const slo_ynode *p = list->items[i];
		if ((x = slo_ynode_get(p, "alertPolicyRef")) != NULL) {
			if ((st = slo_ynode_check_keys(d, p, ref_keys, err)) !=
			    SLO_OK ||
			    (st = slo_ynode_expect(d, x, SLO_Y_SCALAR, err)) !=
			    SLO_OK)
				return st;
			if ((o = find_object(s, K_POLICY, x->str)) == NULL)
				return unresolved(s, d, x, K_POLICY, err);
			st = parse_policy(s, r, o->doc,
			    slo_ynode_get(o->root, "spec"), err);
		} else {
			if ((st = inline_object(d, p, K_POLICY, &pspec, err)) !=
			    SLO_OK)
				return st;
			st = parse_policy(s, r, d, pspec, err);
		}
		if (st != SLO_OK)
			return st;
	}
	return SLO_OK;
}

/*
 * timeSliceWindow: a duration, or a plain number of minutes ("Default
 * interpretation of unit if specified as a number in minutes", OpenSLO
 * v1, Objectives).
 */
static slo_status
read_slice_window(const slo_ydoc *d, const slo_ynode *t, slo_ns *out,
    slo_error *err)
{
	double m;
	slo_error e;

	if (t->type == SLO_Y_SCALAR && !t->quoted &&
	    slo_ynode_number(d, t, &m, &e) == SLO_OK) {
		if (!(m >= 1 && m <= 1e6 && m == floor(m)))
			return YERR(d, t, SLO_ERANGE, "timeSliceWindow '%s': "
			    "expected a whole number of minutes, 1 or more",
			    t->str);
		*out = (slo_ns)m * SLO_NS_PER_MIN;
		return SLO_OK;
	}
	return spec_read_positive_duration(d, t, out, err);
}

/*
 * The record of objective ob, item i of n of SLO obj (either version),
 * its keys checked against keys: named after the SLO, or NAME/displayName
 * (NAME/N without one) when there are several.
 */
static slo_status
objective_rec(const struct object *obj, const slo_ynode *ob, size_t i,
    size_t n, const char *const *keys, struct rec **out, slo_error *err)
{
	const slo_ydoc *d = obj->doc;
	const slo_ynode *meta = slo_ynode_get(obj->root, "metadata");
	const char *oname = NULL, *display = NULL;
	char idx[24];
	struct rec *r;
	slo_status st;
	size_t len;

	if ((r = spec_rec_new(d, ob, obj->order + i)) == NULL)
		return spec_oom(err);
	r->pub.openslo = 1;
	r->name_line = obj->name_node->line;
	r->name_col = obj->name_node->col;
	if ((st = slo_ynode_check_keys(d, ob, keys, err)) != SLO_OK ||
	    (st = spec_opt_string(d, ob, "displayName", &oname,
	    err)) != SLO_OK ||
	    (st = spec_opt_string(d, meta, "displayName", &display,
	    err)) != SLO_OK)
		goto fail;
	r->pub.display_name = display;
	if (n == 1) {
		r->pub.name = obj->name;
		if (oname != NULL && display == NULL)
			r->pub.display_name = oname;
		*out = r;
		return SLO_OK;
	}
	slo_snprintf(idx, sizeof idx, "%zu", i + 1);
	if (oname == NULL)
		oname = idx;
	len = strlen(obj->name) + strlen(oname) + 2;
	if ((r->name_buf = malloc(len)) == NULL) {
		st = spec_oom(err);
		goto fail;
	}
	slo_snprintf(r->name_buf, len, "%s/%s", obj->name, oname);
	r->pub.name = r->name_buf;
	r->name_line = ob->line;
	r->name_col = ob->col;
	*out = r;
	return SLO_OK;
fail:
	spec_rec_free(r);
	return st;
}

/*
 * The SLO's owner: the label `owner` of metadata.labels (slokit's
 * convention, slo-spec(5)), NULL without one.  OpenSLO v1 lets a label
 * hold a list of values; an owner is one team, so a list must hold one.
 */
static slo_status
read_owner_label(const slo_ydoc *d, const slo_ynode *root, const char **owner,
    slo_error *err)
{
	const slo_ynode *labels, *n;

	*owner = NULL;
	labels = slo_ynode_get(slo_ynode_get(root, "metadata"), "labels");
	if (labels == NULL || labels->type != SLO_Y_MAP ||
	    (n = slo_ynode_get(labels, "owner")) == NULL)
		return SLO_OK;
	if (n->type == SLO_Y_SEQ) {
		if (n->n != 1)
			return YERR(d, n, SLO_EINVAL, "label 'owner' holds %zu "
			    "values: an SLO has one owner", n->n);
		n = n->items[0];
	}
	return slo_ynode_string(d, n, owner, err);
}

/* An OpenSLO SLO: one slokit SLO per objective. */
static slo_status
build_openslo(slo_spec *s, const struct object *obj, slo_error *err)
{
	const slo_ydoc *d = obj->doc;
	const slo_ynode *spec = slo_ynode_get(obj->root, "spec"), *x, *objs;
	const char *service = NULL, *description = NULL, *owner;
	struct annots ann;
	struct sli sl;
	slo_status st;
	size_t i;
	int bm = 0;

	if ((st = slo_ynode_check_keys(d, spec, oslo_slo_keys, err)) != SLO_OK)
		return st;
	if ((st = spec_opt_string(d, spec, "service", &service,
	    err)) != SLO_OK ||
	    (st = spec_opt_string(d, spec, "description", &description, err)) !=
	    SLO_OK ||
	    (st = read_owner_label(d, obj->root, &owner, err)) != SLO_OK)
		return st;
	if ((st = resolve_sli(s, d, spec, &sl, err)) != SLO_OK)
		return st;
	/* the SLI's own annotations first, then the SLO's */
	ann.d[0] = sl.d;
	ann.map[0] = sl.ann;
	ann.d[1] = d;
	ann.map[1] = slo_ynode_get(slo_ynode_get(obj->root, "metadata"),
	    "annotations");
	if ((x = slo_ynode_get(spec, "budgetingMethod")) != NULL &&
	    (st = spec_read_word(d, x, "budgetingMethod",
	    oslo_budgeting_words, &bm, err)) != SLO_OK)
		return st;
	if ((objs = slo_ynode_get(spec, "objectives")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'objectives'");
	if ((st = slo_ynode_expect(d, objs, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	if (objs->n == 0)
		return YERR(d, objs, SLO_EINVAL, "expected at least one objective");
	for (i = 0; i < objs->n; i++) {
		const slo_ynode *ob = objs->items[i], *t;
		struct rec *r = NULL;
		slo_objective *o;

		if ((st = objective_rec(obj, ob, i, objs->n, objective_keys,
		    &r, err)) != SLO_OK)
			return st;
		o = &r->pub.objective;
		r->pub.service = service;
		r->pub.owner = owner;
		r->pub.description = description;
		if ((st = apply_sli(s, r, &sl, &ann, d, ob, err)) != SLO_OK)
			goto fail;
		if ((st = spec_one_of(d, ob, "target", "targetPercent", 1,
		    err)) != SLO_OK)
			goto fail;
		if ((t = slo_ynode_get(ob, "target")) != NULL)
			st = spec_read_fraction_target(d, t, &o->target, err);
		else
			st = spec_read_percent_target(d,
			    slo_ynode_get(ob, "targetPercent"), "targetPercent",
			    &o->target, err);
		if (st != SLO_OK)
			goto fail;
		/* timeWindow is optional in OpenSLO; slokit needs one */
		if ((x = slo_ynode_get(spec, "timeWindow")) == NULL)
			spec_unevaluable(r, d, spec_keynode(obj->root, "spec"),
			    "no 'timeWindow': slokit needs the window to "
			    "evaluate over");
		else if ((st = parse_timewindow(r, d, x, err)) != SLO_OK)
			goto fail;
		o->budgeting = bm == 0 ? SLO_BUDGET_OCCURRENCES : bm == 1 ?
		    SLO_BUDGET_TIMESLICES : SLO_BUDGET_RATIO_TIMESLICES;
		if (bm == 0) {
			if ((t = spec_keynode(ob, "timeSliceTarget")) != NULL ||
			    (t = spec_keynode(ob, "timeSliceWindow")) != NULL) {
				st = YERR(d, t, SLO_EINVAL, "'%s' needs "
				    "'budgetingMethod: Timeslices'", t->str);
				goto fail;
			}
		} else {
			if ((t = slo_ynode_get(ob, "timeSliceWindow")) == NULL) {
				st = YERR(d, ob, SLO_EINVAL, "missing "
				    "'timeSliceWindow' for '%s'",
				    oslo_budgeting_words[bm]);
				goto fail;
			}
			if ((st = read_slice_window(d, t, &o->slice,
			    err)) != SLO_OK)
				goto fail;
			r->pub.slice_line = t->line;
			r->pub.slice_col = t->col;
			t = slo_ynode_get(ob, "timeSliceTarget");
			if (bm == 1 && t == NULL) {
				st = YERR(d, ob, SLO_EINVAL, "missing "
				    "'timeSliceTarget' for 'Timeslices'");
				goto fail;
			}
			if (bm == 2 && t != NULL) {
				st = YERR(d, spec_keynode(ob, "timeSliceTarget"),
				    SLO_EINVAL, "'timeSliceTarget' is for "
				    "'Timeslices', not RatioTimeslices");
				goto fail;
			}
			if (t != NULL) {
				if ((st = slo_ynode_share(d, t,
				    &o->slice_target, err)) != SLO_OK)
					goto fail;
				if (!(o->slice_target > 0)) {
					st = YERR(d, t, SLO_ERANGE,
					    "timeSliceTarget '%s' must be "
					    "above 0", t->str);
					goto fail;
				}
			}
		}
		/* "alertPolicies:" with nothing is the key not written */
		if ((x = slo_ynode_get(spec, "alertPolicies")) != NULL &&
		    !slo_ynode_is_null(x)) {
			if ((st = parse_alert_policies(s, r, d, x, err)) !=
			    SLO_OK)
				goto fail;
		} else
			spec_default_policy(r);
		if ((st = spec_oslo_annotations(r, d, slo_ynode_get(obj->root,
		    "metadata"), err)) != SLO_OK)
			goto fail;
		if ((st = spec_rec_push(s, r, err)) != SLO_OK)
			return st;
		continue;
fail:
		spec_rec_free(r);
		return st;
	}
	return SLO_OK;
}

/* ---- openslo/v1alpha ------------------------------------------------- */

/*
 * openslo/v1alpha, the version Sloth reads (OpenSLO Go SDK,
 * pkg/model/v1alpha): an SLO has timeWindows {unit, count, isRolling,
 * calendar}, a thresholdMetric indicator or per-objective ratioMetrics,
 * and metric sources {source, queryType, query}, each required.  A source
 * 'slokit' is read as slokit's: its query is the predicate (a threshold
 * metric's: the field).  No alert policies: the default one applies.
 */
static const char *const alpha_slo_keys[] = {
	"timeWindows", "budgetingMethod", "description", "indicator", "service",
	"objectives", NULL
};
static const char *const alpha_objective_keys[] = {
	"displayName", "value", "target", "timeSliceTarget", "op",
	"ratioMetrics", NULL
};

/* A {source, queryType, query}; source and queryType are letters only. */
static slo_status
alpha_source(const slo_ydoc *d, const slo_ynode *m, const slo_ynode **query,
    const slo_ynode **foreign, slo_error *err)
{
	static const char *const keys[] = { "source", "queryType", "query",
	    NULL };
	const slo_ynode *x;
	const char *str;
	slo_status st;
	size_t i, j;

	if ((st = slo_ynode_check_keys(d, m, keys, err)) != SLO_OK)
		return st;
	for (i = 0; keys[i] != NULL; i++) {
		if ((x = slo_ynode_get(m, keys[i])) == NULL)
			return YERR(d, m, SLO_EINVAL, "missing '%s'", keys[i]);
		if ((st = slo_ynode_string(d, x, &str, err)) != SLO_OK)
			return st;
		if (*str == '\0')
			return YERR(d, x, SLO_EINVAL, "empty '%s'", keys[i]);
		for (j = 0; i < 2 && str[j] != '\0'; j++)
			if (!((str[j] >= 'a' && str[j] <= 'z') ||
			    (str[j] >= 'A' && str[j] <= 'Z')))
				return YERR(d, x, SLO_EINVAL, "%s '%s': letters "
				    "only", keys[i], str);
	}
	*query = slo_ynode_get(m, "query");
	x = slo_ynode_get(m, "source");
	*foreign = strcasecmp(x->str, "slokit") == 0 ? NULL : m;
	return SLO_OK;
}

/*
 * The one timeWindows item.  Without a calendar the window rolls (Sloth
 * reads 'count: 30, unit: Day' so, isRolling unset); a calendar needs
 * startTime and timeZone.  What slokit's engine has no form for (a rolling
 * month, a two-week calendar period) is valid and not evaluable.
 */
static slo_status
alpha_timewindow(struct rec *r, const slo_ydoc *d, const slo_ynode *tws,
    slo_error *err)
{
	static const char *const keys[] = { "unit", "count", "isRolling",
	    "calendar", NULL };
	static const char *const units[] = { "Second", "Day", "Week", "Month",
	    "Quarter", NULL };
	static const slo_ns unit_ns[] = { SLO_NS_PER_SEC, SLO_NS_PER_DAY,
	    7 * SLO_NS_PER_DAY };
	const slo_ynode *w, *u, *c, *cal, *x;
	slo_objective *o = &r->pub.objective;
	slo_status st;
	double count;
	int unit, rolling;

	if ((st = one_window(d, tws, keys, &w, err)) != SLO_OK)
		return st;
	if ((u = slo_ynode_get(w, "unit")) == NULL)
		return YERR(d, w, SLO_EINVAL, "missing 'unit'");
	if ((st = spec_read_word(d, u, "unit", units, &unit, err)) != SLO_OK)
		return st;
	if ((c = slo_ynode_get(w, "count")) == NULL)
		return YERR(d, w, SLO_EINVAL, "missing 'count'");
	if ((st = slo_ynode_number(d, c, &count, err)) != SLO_OK)
		return st;
	if (!(count >= 1 && count <= 1e6 && count == floor(count)))
		return YERR(d, c, SLO_ERANGE, "count '%s': expected a whole "
		    "number, 1 or more", c->str);
	if ((x = slo_ynode_get(w, "isRolling")) != NULL &&
	    (st = slo_ynode_bool(d, x, &rolling, err)) != SLO_OK)
		return st;
	r->pub.window_line = u->line;
	r->pub.window_col = u->col;
	if ((cal = slo_ynode_get(w, "calendar")) == NULL) {
		if (unit >= 3) {
			spec_unevaluable(r, d, u, "a rolling window of %s %s has no "
			    "fixed length: use Day or Week", c->str, u->str);
			return SLO_OK;
		}
		o->calendar = SLO_CAL_NONE;
		o->window = (slo_ns)count * unit_ns[unit];
		return SLO_OK;
	}
	if ((st = slo_ynode_check_keys(d, cal, calendar_keys, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(cal, "startTime")) == NULL)
		return YERR(d, cal, SLO_EINVAL, "missing 'startTime'");
	if (x->type != SLO_Y_SCALAR || !start_time_valid(x->str))
		return YERR(d, x, SLO_EINVAL, "invalid startTime '%s': expected "
		    "'2022-01-01 00:00:00'", x->type == SLO_Y_SCALAR ? x->str :
		    slo_ynode_what(x));
	if ((x = slo_ynode_get(cal, "timeZone")) == NULL)
		return YERR(d, cal, SLO_EINVAL, "missing 'timeZone'");
	if (count == 1 && (unit == 2 || unit == 3)) {
		o->window = 0;
		o->calendar = unit == 3 ? SLO_CAL_MONTH : SLO_CAL_WEEK;
		return spec_set_tz(r, d, x, err);
	}
	if ((st = spec_set_tz(r, d, x, err)) != SLO_OK)
		return st;
	spec_unevaluable(r, d, u, "a calendar window of %s %s: slokit's calendar "
	    "windows are 1 Month and 1 Week", c->str, u->str);
	return SLO_OK;
}

/*
 * An objective's SLI: its ratioMetrics, else the SLO's thresholdMetric.
 * The SLO's annotations (a) map its backend's sources before `sources:`.
 */
static slo_status
alpha_sli(const slo_spec *s, struct rec *r, const slo_ydoc *d,
    const slo_ynode *ob, const slo_ynode *thr, const struct annots *a,
    slo_error *err)
{
	static const char *const ratio_keys_a[] = { "good", "total", "counter",
	    NULL };
	static const char *const ops[] = { "lte", "lt", "gte", "gt", NULL };
	const slo_ynode *rm, *x, *gq, *tq, *fg, *ft;
	struct srcid unmapped = { 0 };
	slo_status st;
	int b, w = 0, used, used2;

	if ((st = spec_annotation_misfit(a, slo_ynode_get(ob, "ratioMetrics") ==
	    NULL, err)) != SLO_OK)
		return st;
	if ((rm = slo_ynode_get(ob, "ratioMetrics")) != NULL) {
		r->pub.sli = SLO_SPEC_SLI_RATIO;
		if ((st = slo_ynode_check_keys(d, rm, ratio_keys_a, err)) !=
		    SLO_OK)
			return st;
		if ((x = slo_ynode_get(rm, "counter")) != NULL &&
		    (st = slo_ynode_bool(d, x, &b, err)) != SLO_OK)
			return st;
		if ((x = slo_ynode_get(rm, "good")) == NULL)
			return YERR(d, rm, SLO_EINVAL, "missing 'good'");
		if ((st = alpha_source(d, x, &gq, &fg, err)) != SLO_OK)
			return st;
		if ((x = slo_ynode_get(rm, "total")) == NULL)
			return YERR(d, rm, SLO_EINVAL, "missing 'total'");
		if ((st = alpha_source(d, x, &tq, &ft, err)) != SLO_OK)
			return st;
		if ((st = spec_annotated(a, "good", fg, &r->pub.good, &used,
		    err)) != SLO_OK)
			return st;
		if (!used && (st = spec_annotated(a, "bad", fg, &r->pub.bad, &used,
		    err)) != SLO_OK)
			return st;
		if (!used && (st = source_expr(s, d, gq, fg, "where", 1,
		    &r->pub.good, &unmapped, err)) != SLO_OK)
			return st;
		if ((st = spec_annotated(a, "where", ft, &r->pub.where, &used,
		    err)) != SLO_OK)
			return st;
		if (!used && (st = source_expr(s, d, tq, ft, "where", 0,
		    &r->pub.where, &unmapped, err)) != SLO_OK)
			return st;
		if (unmapped.set)
			spec_unmapped(r, NULL, &unmapped, "where");
		return SLO_OK;
	}
	if (thr == NULL) {
		spec_unevaluable(r, d, ob, "no SLI: neither 'ratioMetrics' here "
		    "nor a thresholdMetric 'indicator'");
		return SLO_OK;
	}
	r->pub.sli = SLO_SPEC_SLI_LATENCY;
	r->pub.quantiles = spec_default_quantiles;
	r->pub.nquantiles = 3;
	if ((st = alpha_source(d, thr, &gq, &fg, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(ob, "op")) != NULL &&
	    (st = spec_read_word(d, x, "op", ops, &w, err)) != SLO_OK)
		return st;
	r->pub.latency_inclusive = w == 0 || w == 2;
	r->pub.latency_above = w >= 2;
	if ((x = slo_ynode_get(ob, "value")) != NULL &&
	    (st = slo_ynode_number(d, x, &r->pub.latency_threshold,
	    err)) != SLO_OK)
		return st;
	/* a slokit source's query is the field; a mapped one's, its field */
	if ((st = spec_annotated(a, "field", fg, &r->pub.latency_field, &used,
	    err)) != SLO_OK ||
	    (st = spec_annotated(a, "where", fg, &r->pub.where, &used2,
	    err)) != SLO_OK)
		return st;
	if (!used && !used2 &&
	    ((st = source_expr(s, d, gq, fg, "field", 0,
	    &r->pub.latency_field, &unmapped, err)) != SLO_OK ||
	    (st = source_expr(s, d, NULL, fg, "where", 0, &r->pub.where,
	    &unmapped, err)) != SLO_OK))
		return st;
	if (unmapped.set) {
		spec_unmapped(r, NULL, &unmapped, "field");
		return SLO_OK;
	}
	if (x == NULL)
		return YERR(d, ob, SLO_EINVAL, "missing 'value': the threshold "
		    "of a thresholdMetric");
	if ((st = spec_latency_path(r, err)) != SLO_OK)
		return st;
	return SLO_OK;
}

static slo_status
build_v1alpha(slo_spec *s, const struct object *obj, slo_error *err)
{
	static const char *const budgeting[] = { "Occurrences", "Timeslices",
	    NULL };
	const slo_ydoc *d = obj->doc;
	const slo_ynode *spec = slo_ynode_get(obj->root, "spec"), *x, *objs;
	const slo_ynode *thr = NULL, *tws;
	const char *service, *description = NULL, *owner;
	slo_status st;
	struct annots ann = { { obj->doc, NULL }, { NULL, NULL } };
	size_t i;
	int bm;

	ann.map[0] = slo_ynode_get(slo_ynode_get(obj->root, "metadata"),
	    "annotations");
	if ((st = slo_ynode_check_keys(d, spec, alpha_slo_keys, err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(spec, "service")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'service'");
	if ((st = slo_ynode_string(d, x, &service, err)) != SLO_OK ||
	    (st = spec_opt_string(d, spec, "description", &description,
	    err)) != SLO_OK ||
	    (st = read_owner_label(d, obj->root, &owner, err)) != SLO_OK)
		return st;
	/*
	 * Required by the Go SDK's v1alpha model, yet Sloth's own OpenSLO
	 * example leaves it out: Occurrences, as in v1.
	 */
	bm = 0;
	if ((x = slo_ynode_get(spec, "budgetingMethod")) != NULL &&
	    (st = spec_read_word(d, x, "budgetingMethod", budgeting, &bm,
	    err)) != SLO_OK)
		return st;
	if ((x = slo_ynode_get(spec, "indicator")) != NULL) {
		static const char *const ind_keys[] = { "thresholdMetric",
		    NULL };
		if ((st = slo_ynode_check_keys(d, x, ind_keys, err)) != SLO_OK)
			return st;
		if ((thr = slo_ynode_get(x, "thresholdMetric")) == NULL)
			return YERR(d, x, SLO_EINVAL,
			    "missing 'thresholdMetric'");
	}
	if ((tws = slo_ynode_get(spec, "timeWindows")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'timeWindows'");
	if ((objs = slo_ynode_get(spec, "objectives")) == NULL)
		return YERR(d, spec, SLO_EINVAL, "missing 'objectives'");
	if ((st = slo_ynode_expect(d, objs, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	if (objs->n == 0)
		return YERR(d, objs, SLO_EINVAL, "expected at least one objective");
	for (i = 0; i < objs->n; i++) {
		const slo_ynode *ob = objs->items[i];
		struct rec *r = NULL;

		if ((st = objective_rec(obj, ob, i, objs->n,
		    alpha_objective_keys, &r, err)) != SLO_OK)
			return st;
		r->pub.service = service;
		r->pub.owner = owner;
		r->pub.description = description;
		if ((st = alpha_sli(s, r, d, ob, thr, &ann, err)) != SLO_OK)
			goto fail;
		if ((x = slo_ynode_get(ob, "target")) == NULL) {
			st = YERR(d, ob, SLO_EINVAL, "missing 'target'");
			goto fail;
		}
		if ((st = spec_read_fraction_target(d, x,
		    &r->pub.objective.target, err)) != SLO_OK ||
		    (st = alpha_timewindow(r, d, tws, err)) != SLO_OK)
			goto fail;
		if ((x = slo_ynode_get(ob, "timeSliceTarget")) != NULL &&
		    (st = slo_ynode_share(d, x, &r->pub.objective.slice_target,
		    err)) != SLO_OK)
			goto fail;
		/* v1alpha has no timeSliceWindow: the slice is not written */
		if (bm == 1)
			spec_unevaluable(r, d, slo_ynode_get(spec,
			    "budgetingMethod"), "Timeslices in openslo/v1alpha "
			    "has no slice length (no timeSliceWindow)");
		spec_default_policy(r);
		if ((st = spec_rec_push(s, r, err)) != SLO_OK)
			return st;
		continue;
fail:
		spec_rec_free(r);
		return st;
	}
	return SLO_OK;
}

/* Compile an SLI's expressions, for an SLI no SLO may use. */
static slo_status
check_sli(const struct sli *sl, slo_error *err)
{
	const slo_ynode *const n[] = { sl->good, sl->bad, sl->total_where,
	    sl->where, sl->field };
	slo_expr *e;
	slo_status st;
	size_t i;

	for (i = 0; i < sizeof n / sizeof n[0]; i++) {
		if (n[i] == NULL)
			continue;
		if ((st = spec_compile(sl->d, n[i], i == 4, &e, err)) != SLO_OK)
			return st;
		slo_expr_free(e);
	}
	if (sl->value != NULL) {
		double v;
		if ((st = slo_ynode_number(sl->d, sl->value, &v, err)) != SLO_OK)
			return st;
	}
	return SLO_OK;
}

slo_status
spec_openslo_build(slo_spec *s, slo_error *err)
{
	slo_status st;
	size_t i;

	if ((st = check_mappings(s, err)) != SLO_OK ||
	    (st = check_severities(s, err)) != SLO_OK)
		return st;
	for (i = 0; i < s->nobjs && st == SLO_OK; i++) {
		const struct object *o = &s->objs[i];
		const slo_ynode *spec = slo_ynode_get(o->root, "spec");
		const slo_ynode *below;
		int strict;
		struct sli sl;
		slo_burn_rule b;
		switch (o->kind) {
		case K_SLO:
			st = o->v1alpha ? build_v1alpha(s, o, err) :
			    build_openslo(s, o, err);
			break;
		case K_SLI: /* checked even when no SLO uses it */
			if ((st = parse_sli(o->doc, spec, &sl, err)) == SLO_OK)
				st = check_sli(&sl, err);
			break;
		case K_POLICY:
			st = parse_policy(s, NULL, o->doc, spec, err);
			break;
		case K_CONDITION:
			st = parse_condition(s, o->doc, spec, &b, &below, &strict, err);
			break;
		case K_SLOTH:
			st = spec_sloth_build(s, o, err);
			break;
		case K_PYRRA:
			st = spec_pyrra_build(s, o, err);
			break;
		case K_IGNORED:
			break;
		}
	}
	return st;
}
