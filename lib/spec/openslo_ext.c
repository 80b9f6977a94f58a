/*
 * openslo_ext.c — the spec layer's side of `slo-eval --export openslo`:
 * the backend metric sources of a loaded OpenSLO SLO, as written, and
 * the slokit annotations (slo_openslo_ext.h) that let an exported SLO
 * read back as the SLO it was written from.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spec_int.h"
#include "slo_openslo_ext.h"

/* ---- metric sources as written ---------------------------------------- */

/* The SLO object whose objective node sits at x's position. */
static const struct object *
slo_object_of(const slo_spec *s, const slo_spec_slo *x, const slo_ynode **ob)
{
	const slo_ynode *objs;
	size_t i, j;

	for (i = 0; i < s->nobjs; i++) {
		const struct object *o = &s->objs[i];
		if (o->kind != K_SLO || x->file == NULL ||
		    strcmp(slo_ydoc_file(o->doc), x->file) != 0)
			continue;
		objs = slo_ynode_get(slo_ynode_get(o->root, "spec"),
		    "objectives");
		for (j = 0; objs != NULL && objs->type == SLO_Y_SEQ &&
		    j < objs->n; j++) {
			if (objs->items[j]->line == x->line &&
			    objs->items[j]->col == x->col) {
				*ob = objs->items[j];
				return o;
			}
		}
	}
	return NULL;
}

/*
 * A v1 source is slokit's as openslo.c reads it: type slokit, or no type
 * and either no metricSourceRef or a spec with a slokit key.
 */
static int
v1_foreign(const slo_ynode *src)
{
	const slo_ynode *t = slo_ynode_get(src, "type");
	const slo_ynode *spec = slo_ynode_get(src, "spec");

	if (t != NULL)
		return t->type != SLO_Y_SCALAR || strcasecmp(t->str, "slokit");
	if (slo_ynode_get(src, "metricSourceRef") == NULL)
		return 0;
	return slo_ynode_get(spec, "where") == NULL &&
	    slo_ynode_get(spec, "field") == NULL;
}

/* The spec of the SLI of v1 SLO spec: inline, or the SLI it names. */
static const slo_ynode *
v1_sli_spec(const slo_spec *s, const slo_ynode *spec)
{
	const slo_ynode *n;
	size_t i;

	if ((n = slo_ynode_get(spec, "indicator")) != NULL)
		return slo_ynode_get(n, "spec");
	if ((n = slo_ynode_get(spec, "indicatorRef")) == NULL ||
	    n->type != SLO_Y_SCALAR)
		return NULL;
	for (i = 0; i < s->nobjs; i++)
		if (s->objs[i].kind == K_SLI &&
		    strcmp(s->objs[i].name, n->str) == 0)
			return slo_ynode_get(s->objs[i].root, "spec");
	return NULL;
}

const slo_ynode *
slo_spec_oslo_source(const slo_spec *s, const slo_spec_slo *x,
    slo_oslo_role role, unsigned *flags)
{
	const slo_ynode *ob = NULL, *spec, *sli, *m, *src;
	const struct object *o;

	*flags = 0;
	if (!x->openslo || (o = slo_object_of(s, x, &ob)) == NULL)
		return NULL;
	spec = slo_ynode_get(o->root, "spec");
	if (o->v1alpha) {
		*flags = SLO_OSLO_V1ALPHA;
		if (role == SLO_OSLO_THRESHOLD)
			src = slo_ynode_get(slo_ynode_get(spec, "indicator"),
			    "thresholdMetric");
		else
			src = slo_ynode_get(slo_ynode_get(ob, "ratioMetrics"),
			    role == SLO_OSLO_TOTAL ? "total" : "good");
		m = slo_ynode_get(src, "source");
		return m != NULL && m->type == SLO_Y_SCALAR &&
		    strcasecmp(m->str, "slokit") != 0 ? src : NULL;
	}
	sli = v1_sli_spec(s, spec);
	if (role == SLO_OSLO_THRESHOLD)
		m = slo_ynode_get(sli, "thresholdMetric");
	else if ((m = slo_ynode_get(sli, "ratioMetric")) != NULL) {
		if (role == SLO_OSLO_NUMERATOR && !slo_ynode_get(m, "good"))
			*flags = SLO_OSLO_BAD;
		m = role == SLO_OSLO_TOTAL ? slo_ynode_get(m, "total") :
		    slo_ynode_get(m, "good") ? slo_ynode_get(m, "good") :
		    slo_ynode_get(m, "bad");
	}
	src = slo_ynode_get(m, "metricSource");
	return src != NULL && src->type == SLO_Y_MAP && v1_foreign(src) ?
	    src : NULL;
}

/* ---- annotations ------------------------------------------------------- */

#define MAX_INDEXED 64

/* An indexed key's list: value nodes by index (from 1), how many. */
struct indexed {
	const char *stem;   /* "group-by." */
	const slo_ynode *v[MAX_INDEXED];
	const slo_ynode *key[MAX_INDEXED];
	size_t n;
};

/* stem.N of key k (suffix after the prefix) into list; 0, or -1. */
static int
take_indexed(struct indexed *list, const slo_ynode *k, const char *suffix,
    const slo_ynode *v)
{
	size_t len = strlen(list->stem);
	char *end;
	long i;

	if (strncmp(suffix, list->stem, len) != 0 || suffix[len] < '1' ||
	    suffix[len] > '9')
		return -1;
	i = strtol(suffix + len, &end, 10);
	if (*end != '\0' || i > MAX_INDEXED)
		return -1;
	list->v[i - 1] = v;
	list->key[i - 1] = k;
	if ((size_t)i > list->n)
		list->n = (size_t)i;
	return 0;
}

/* Indices 1..n all given: the list as a sequence node over nodes. */
static slo_status
as_seq(const slo_ydoc *d, const slo_ynode *ann, struct indexed *list,
    slo_ynode *seq, slo_error *err)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (list->v[i] == NULL)
			return YERR(d, ann, SLO_EINVAL, "annotation '%s%s%zu' "
			    "missing: indices count from 1 with no gap",
			    SLO_OSLO_ANNOT, list->stem, i + 1);
	memset(seq, 0, sizeof *seq);
	seq->type = SLO_Y_SEQ;
	seq->line = list->v[0]->line;
	seq->col = list->v[0]->col;
	seq->n = list->n;
	seq->items = (slo_ynode **)list->v;
	return SLO_OK;
}

/*
 * Annotation values are strings in OpenSLO; a quantile is read as the
 * number the slokit form's plain scalar would be.
 */
static slo_status
read_quantile_list(struct rec *r, const slo_ydoc *d, const slo_ynode *ann,
    struct indexed *q, slo_error *err)
{
	slo_ynode plain[MAX_INDEXED], seq;
	struct indexed copy = *q;
	slo_status st;
	size_t i;

	if (r->pub.sli != SLO_SPEC_SLI_LATENCY)
		return YERR(d, q->key[0], SLO_EINVAL, "'%squantile' annotations "
		    "need a thresholdMetric SLI", SLO_OSLO_ANNOT);
	if ((st = as_seq(d, ann, q, &seq, err)) != SLO_OK)
		return st;
	for (i = 0; i < q->n; i++) {
		plain[i] = *q->v[i];
		plain[i].quoted = 0;
		copy.v[i] = &plain[i];
	}
	seq.items = (slo_ynode **)copy.v;
	return spec_read_quantile_list(r, d, &seq, err);
}

static const char *const export_keys[] = { "name", "service", "events",
    "alert-policy", NULL };
static const char *const export_stems[] = { "group-by.", "quantile.",
    "short-window.", NULL };

int
spec_oslo_export_key(const char *suffix)
{
	size_t i, len;

	for (i = 0; export_keys[i] != NULL; i++)
		if (strcmp(suffix, export_keys[i]) == 0)
			return 1;
	for (i = 0; export_stems[i] != NULL; i++) {
		len = strlen(export_stems[i]);
		if (strncmp(suffix, export_stems[i], len) == 0 &&
		    suffix[len] >= '1' && suffix[len] <= '9' &&
		    strspn(suffix + len, "0123456789") == strlen(suffix + len))
			return 1;
	}
	return 0;
}

slo_status
spec_oslo_annotations(struct rec *r, const slo_ydoc *d, const slo_ynode *meta,
    slo_error *err)
{
	struct indexed group = { "group-by.", { 0 }, { 0 }, 0 };
	struct indexed quant = { "quantile.", { 0 }, { 0 }, 0 };
	struct indexed shorts = { "short-window.", { 0 }, { 0 }, 0 };
	const size_t plen = strlen(SLO_OSLO_ANNOT);
	const slo_ynode *ann = slo_ynode_get(meta, "annotations");
	slo_ynode seq;
	slo_status st;
	size_t i;

	if (ann == NULL || slo_ynode_is_null(ann))
		return SLO_OK;
	if ((st = slo_ynode_expect(d, ann, SLO_Y_MAP, err)) != SLO_OK)
		return st;
	for (i = 0; i < ann->n; i++) {
		const slo_ynode *k = ann->keys[i], *v = ann->items[i];
		const char *suffix = k->str + plen, *str;

		if (strncmp(k->str, SLO_OSLO_ANNOT, plen) != 0 ||
		    !spec_oslo_export_key(suffix))
			continue; /* another tool's, or the mapping's */
		if ((st = slo_ynode_string(d, v, &str, err)) != SLO_OK)
			return st;
		if (strcmp(suffix, "name") == 0) {
			if ((st = spec_read_name(d, v, &r->pub.name, err)) !=
			    SLO_OK)
				return st;
			r->name_line = v->line;
			r->name_col = v->col;
		} else if (strcmp(suffix, "service") == 0) {
			r->pub.service = str;
		} else if (strcmp(suffix, "events") == 0) {
			int kind = slo_kind_from_name(str);
			if (kind < 0)
				return YERR(d, v, SLO_EINVAL, "unknown event "
				    "kind '%s'", str);
			r->pub.kind = kind;
		} else if (strcmp(suffix, "alert-policy") == 0) {
			if (*str == '\0')
				return YERR(d, v, SLO_EINVAL, "empty '%s'",
				    k->str);
			r->pub.alert_policy = str;
		} else if (take_indexed(&group, k, suffix, v) != 0 &&
		    take_indexed(&quant, k, suffix, v) != 0 &&
		    take_indexed(&shorts, k, suffix, v) != 0)
			return YERR(d, k, SLO_EINVAL, "annotation '%s': an "
			    "index from 1 to %d", k->str, MAX_INDEXED);
	}
	if (group.n > 0 && ((st = as_seq(d, ann, &group, &seq, err)) != SLO_OK ||
	    (st = spec_read_group_by(r, d, &seq, err)) != SLO_OK))
		return st;
	if (quant.n > 0 &&
	    (st = read_quantile_list(r, d, ann, &quant, err)) != SLO_OK)
		return st;
	for (i = 0; i < shorts.n; i++) {
		slo_burn_rule *b = &r->pub.objective.rules[i];
		const slo_ynode *v = shorts.v[i];
		slo_ns t;

		if (v == NULL)
			continue;
		if (i >= r->pub.objective.nrules)
			return YERR(d, shorts.key[i], SLO_EINVAL, "'%s': the SLO "
			    "has %zu burn-rate conditions", shorts.key[i]->str,
			    r->pub.objective.nrules);
		if ((st = spec_read_positive_duration(d, v, &t, err)) != SLO_OK)
			return st;
		if (t >= b->long_window)
			return YERR(d, v, SLO_ERANGE, "short window '%s' must be "
			    "under the condition's lookbackWindow", v->str);
		b->short_window = t;
	}
	return SLO_OK;
}
