/*
 * openslo_out.c — a loaded spec as OpenSLO v1 documents (slo-eval
 * --export openslo; slo-eval(1), "OpenSLO export").
 *
 * The YAML is libyaml's emitter's: it escapes what needs it, and every
 * string that comes from the spec is asked for in single quotes (double
 * when it holds what single quotes cannot), so that a name such as 'no',
 * '0.5', '- x' or 'a: b' reads back as the same string.  Keys and the
 * words of the format (kinds, methods, durations written here) are plain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "slo_openslo_out.h"
#include "slo_openslo_ext.h"
#include "slo_math.h"
#include "slo_num.h"

/* OpenSLO's metadata.name: an RFC 1123 label of at most 63 characters. */
#define NAME_MAX_LEN 63
/* "description ... contains at most 1050 characters" (OpenSLO v1 README) */
#define DESCRIPTION_MAX 1050

/*
 * Any date that starts both a calendar week (a Monday) and a calendar
 * month: 2024-01-01 was a Monday.  slokit's periods start on the 1st and
 * on Mondays whatever startTime says; other readers get the same periods.
 */
#define CALENDAR_START "2024-01-01 00:00:00"

typedef struct em {
	yaml_emitter_t e;
	slo_status st;      /* the first failure */
} em;

typedef struct writer {
	em em;
	const slo_spec *spec;
	char (*names)[NAME_MAX_LEN + 1]; /* each SLO's metadata.name */
	slo_error *err;
} writer;

static int
to_buf(void *data, unsigned char *p, size_t n)
{
	return slo_buf_append(data, p, n) == SLO_OK;
}

static void
emit(em *m, yaml_event_t *ev, int made)
{
	if (m->st != SLO_OK) {
		if (made)
			yaml_event_delete(ev);
		return;
	}
	if (!made || !yaml_emitter_emit(&m->e, ev))
		m->st = m->e.error == YAML_MEMORY_ERROR || !made ? SLO_ENOMEM :
		    SLO_EINVAL;
}

static void
scalar(em *m, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	int plain = style == YAML_PLAIN_SCALAR_STYLE;

	/* quoted_implicit always: a plain one that cannot be is quoted */
	emit(m, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)s, (int)strlen(s), plain, 1, style));
}

/* A word of the format (a key, a kind, a duration written here). */
static void
word(em *m, const char *s)
{
	scalar(m, s, YAML_PLAIN_SCALAR_STYLE);
}

/* A string from the spec: quoted, whatever it holds. */
static void
str(em *m, const char *s)
{
	scalar(m, s, YAML_SINGLE_QUOTED_SCALAR_STYLE);
}

/* The shortest decimal that reads back as v. */
static void
num(em *m, double v)
{
	slo_buf b = { 0 };

	if (slo_buf_json_num(&b, v) != SLO_OK || slo_buf_putc(&b, '\0') !=
	    SLO_OK) {
		if (m->st == SLO_OK)
			m->st = SLO_ENOMEM;
	} else
		word(m, b.data);
	slo_buf_release(&b);
}

/* Open (start) or close a map or a sequence; flow: on one line. */
static void
collection(em *m, int map, int start, int flow)
{
	yaml_event_t ev;
	int made;

	if (map && start)
		made = yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		    flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	else if (start)
		made = yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
	else
		made = map ? yaml_mapping_end_event_initialize(&ev) :
		    yaml_sequence_end_event_initialize(&ev);
	emit(m, &ev, made);
}

#define map_start(m, flow) collection((m), 1, 1, (flow))
#define map_end(m) collection((m), 1, 0, 0)
#define seq_start(m, flow) collection((m), 0, 1, (flow))
#define seq_end(m) collection((m), 0, 0, 0)

/* key: 'value' */
static void
kv_str(em *m, const char *key, const char *value)
{
	word(m, key);
	str(m, value);
}

static void
kv_word(em *m, const char *key, const char *value)
{
	word(m, key);
	word(m, value);
}

/*
 * A node as read (a backend's metric source): scalars keep their style
 * (a quoted one stays a string, a plain one reads back as it was).
 */
static void
node(em *m, const slo_ynode *n)
{
	size_t i;

	switch (n->type) {
	case SLO_Y_SCALAR:
		scalar(m, n->str, n->quoted ? YAML_SINGLE_QUOTED_SCALAR_STYLE :
		    YAML_PLAIN_SCALAR_STYLE);
		break;
	case SLO_Y_MAP:
		map_start(m, n->n == 0);
		for (i = 0; i < n->n; i++) {
			node(m, n->keys[i]);
			node(m, n->items[i]);
		}
		map_end(m);
		break;
	case SLO_Y_SEQ:
		seq_start(m, n->n == 0);
		for (i = 0; i < n->n; i++)
			node(m, n->items[i]);
		seq_end(m);
		break;
	}
}

/* ---- names and durations ----------------------------------------------- */

static int
label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* An RFC 1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 long. */
static int
is_label(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > NAME_MAX_LEN || !label_char(s[0]) ||
	    !label_char(s[n - 1]))
		return 0;
	for (i = 1; i + 1 < n; i++)
		if (!label_char(s[i]) && s[i] != '-')
			return 0;
	return 1;
}

/* s as a label: lower case, every run of other characters one '-'. */
static void
slug(const char *s, char out[NAME_MAX_LEN + 1])
{
	size_t n = 0;

	for (; *s != '\0' && n < NAME_MAX_LEN; s++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		if (label_char(c))
			out[n++] = c;
		else if (n > 0 && out[n - 1] != '-')
			out[n++] = '-';
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	if (n == 0)
		memcpy(out, "slo", n = 3);
	out[n] = '\0';
}

static int
name_taken(const writer *w, size_t n, const char *name)
{
	size_t i, count = slo_spec_count(w->spec);

	for (i = 0; i < count; i++)
		if (i != n && strcmp(w->names[i], name) == 0)
			return 1;
	return 0;
}

/*
 * Each SLO's metadata.name: its own name when that is a label, else a
 * label made of it, unique (-2, -3, ... on a clash); those SLOs carry
 * their name in slokit.dev/name.  Labels first, so that an SLO named
 * 'a' keeps 'a' even after one named 'A'.
 */
static void
assign_names(writer *w)
{
	size_t i, count = slo_spec_count(w->spec);

	for (i = 0; i < count; i++) {
		const char *name = slo_spec_get(w->spec, i)->name;
		w->names[i][0] = '\0';
		if (is_label(name))
			memcpy(w->names[i], name, strlen(name) + 1);
	}
	for (i = 0; i < count; i++) {
		char base[NAME_MAX_LEN + 1], suffix[24];
		size_t k, len;

		if (w->names[i][0] != '\0')
			continue;
		slug(slo_spec_get(w->spec, i)->name, base);
		memcpy(w->names[i], base, strlen(base) + 1);
		for (k = 2; name_taken(w, i, w->names[i]); k++) {
			slo_snprintf(suffix, sizeof suffix, "-%zu", k);
			len = strlen(base);
			if (len + strlen(suffix) > NAME_MAX_LEN)
				len = NAME_MAX_LEN - strlen(suffix);
			slo_snprintf(w->names[i], NAME_MAX_LEN + 1, "%.*s%s",
			    (int)len, base, suffix);
		}
	}
}

/*
 * d as an OpenSLO duration shorthand ("^[1-9][0-9]*[mhdwMQY]$", OpenSLO
 * v1 README, duration-shorthand): days, else hours, else minutes.  0, or
 * -1 when d is not a positive whole number of minutes.
 */
static int
shorthand(slo_ns d, char buf[32])
{
	if (d <= 0 || d % SLO_NS_PER_MIN != 0)
		return -1;
	if (d % SLO_NS_PER_DAY == 0)
		slo_snprintf(buf, 32, "%lldd", (long long)(d / SLO_NS_PER_DAY));
	else if (d % SLO_NS_PER_HOUR == 0)
		slo_snprintf(buf, 32, "%lldh", (long long)(d / SLO_NS_PER_HOUR));
	else
		slo_snprintf(buf, 32, "%lldm", (long long)(d / SLO_NS_PER_MIN));
	return 0;
}

/* ---- what OpenSLO cannot carry ----------------------------------------- */

/* Characters (UTF-8 code points) of s. */
static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * x refused for why (a duration d, written at line:col, or 0 for the
 * SLO's own position).
 */
static slo_status
refuse(writer *w, const slo_spec_slo *x, const char *why, slo_ns d,
    long line, long col)
{
	const char *file = x->file ? x->file : "";
	char dur[SLO_DURATION_BUFSZ];

	if (line == 0) {
		line = x->line;
		col = x->col;
	} else if (why == x->unevaluable && x->unevaluable_file != NULL)
		file = x->unevaluable_file; /* the SLI's file, maybe */
	if (d != 0) {
		slo_duration_format(d, dur);
		return slo_error_set(w->err, SLO_EINVAL, file, line, col,
		    "slo '%s' cannot be written as OpenSLO: "
		    "%s '%s' is not a whole number of minutes, the unit of "
		    "OpenSLO's durations", x->name, why, dur);
	}
	return slo_error_set(w->err, SLO_EINVAL, file, line, col,
	    "slo '%s' cannot be written as OpenSLO: %s", x->name, why);
}

/*
 * Is x unevaluable only for a backend source no mapping gives predicates
 * for?  Such an SLO is written with its sources as read.  The reader
 * records the first reason only, its message saying "no mapping".
 */
static int
unmapped_source(const writer *w, const slo_spec_slo *x)
{
	static const slo_oslo_role roles[] = { SLO_OSLO_NUMERATOR,
	    SLO_OSLO_TOTAL, SLO_OSLO_THRESHOLD };
	unsigned f;
	size_t i;

	if (strstr(x->unevaluable, "no mapping") == NULL)
		return 0;
	for (i = 0; i < 3; i++)
		if (slo_spec_oslo_source(w->spec, x, roles[i], &f) != NULL)
			return 1;
	return 0;
}

static slo_status
check_slo(writer *w, const slo_spec_slo *x)
{
	const slo_objective *o = &x->objective;
	char buf[32];
	size_t i;

	if (x->description != NULL && utf8_chars(x->description) >
	    DESCRIPTION_MAX)
		return refuse(w, x, "a description of more than 1050 "
		    "characters, OpenSLO's limit", 0, 0, 0);
	if (x->sli == SLO_SPEC_SLI_DURATION)
		return refuse(w, x, "a duration SLI (incidents timed from one "
		    "state to another) has no OpenSLO form", 0, 0, 0);
	if (x->sli == SLO_SPEC_SLI_COST)
		return refuse(w, x, "a cost SLI (a ceiling on cost per event, "
		    "without an objective) has no OpenSLO form", 0, 0, 0);
	if (x->unevaluable != NULL && !unmapped_source(w, x))
		return refuse(w, x, x->unevaluable, 0, x->unevaluable_line,
		    x->unevaluable_col);
	if (o->calendar == SLO_CAL_NONE && o->window != 0 &&
	    shorthand(o->window, buf) != 0)
		return refuse(w, x, "window", o->window, x->window_line,
		    x->window_col);
	if (o->budgeting != SLO_BUDGET_OCCURRENCES &&
	    shorthand(o->slice, buf) != 0)
		return refuse(w, x, "slice", o->slice, x->slice_line,
		    x->slice_col);
	for (i = 0; i < o->nrules; i++) {
		const slo_burn_rule *b = &o->rules[i];
		if (shorthand(b->long_window, buf) != 0 ||
		    shorthand(b->short_window, buf) != 0)
			return refuse(w, x, "alert window",
			    shorthand(b->long_window, buf) != 0 ?
			    b->long_window : b->short_window,
			    x->rule_line[i], x->rule_col[i]);
	}
	return SLO_OK;
}

/* ---- documents ---------------------------------------------------------- */

static void
doc_start(em *m, const char *kind)
{
	yaml_event_t ev;

	emit(m, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL,
	    NULL, 0));
	map_start(m, 0);
	kv_word(m, "apiVersion", "openslo/v1");
	kv_word(m, "kind", kind);
}

static void
doc_end(em *m)
{
	yaml_event_t ev;

	map_end(m);
	emit(m, &ev, yaml_document_end_event_initialize(&ev, 1));
}

/* A service as OpenSLO names it: itself when a label, else a slug. */
static const char *
service_name(const char *sv, char buf[NAME_MAX_LEN + 1])
{
	if (is_label(sv))
		return sv;
	slug(sv, buf);
	return buf;
}

/* A Service for each service the SLOs name, in order of first use. */
static void
services(writer *w)
{
	char b1[NAME_MAX_LEN + 1], b2[NAME_MAX_LEN + 1];
	size_t i, j, count = slo_spec_count(w->spec);

	for (i = 0; i < count; i++) {
		const char *sv = slo_spec_get(w->spec, i)->service, *prev;
		if (sv == NULL)
			continue;
		sv = service_name(sv, b1);
		for (j = 0; j < i; j++) {
			prev = slo_spec_get(w->spec, j)->service;
			if (prev != NULL && strcmp(service_name(prev, b2),
			    sv) == 0)
				break;
		}
		if (j < i)
			continue;
		doc_start(&w->em, "Service");
		word(&w->em, "metadata");
		map_start(&w->em, 0);
		kv_str(&w->em, "name", sv);
		map_end(&w->em);
		word(&w->em, "spec");
		map_start(&w->em, 1);
		map_end(&w->em);
		doc_end(&w->em);
	}
}

static int
default_quantiles(const slo_spec_slo *x)
{
	static const double def[] = { 0.5, 0.95, 0.99 };

	return x->nquantiles == 3 && memcmp(x->quantiles, def,
	    sizeof def) == 0;
}

/* slokit.dev/KEY.N: one annotation of an indexed list. */
static void
annot_key(em *m, const char *key, size_t n)
{
	char k[64];

	if (n > 0)
		slo_snprintf(k, sizeof k, "%s%s.%zu", SLO_OSLO_ANNOT, key, n);
	else
		slo_snprintf(k, sizeof k, "%s%s", SLO_OSLO_ANNOT, key);
	word(m, k);
}

static void
annotations(writer *w, const slo_spec_slo *x, size_t idx)
{
	const slo_objective *o = &x->objective;
	int quant = x->sli == SLO_SPEC_SLI_LATENCY && !default_quantiles(x);
	int named = strcmp(w->names[idx], x->name) != 0;
	int sv = x->service != NULL && !is_label(x->service);
	em *m = &w->em;
	char buf[32];
	size_t i, shorts = 0;

	for (i = 0; i < o->nrules; i++)
		shorts += o->rules[i].short_window * 12 !=
		    o->rules[i].long_window;
	if (!named && !sv && x->kind == SLO_KIND_REQUEST &&
	    x->ngroup_by == 0 && !quant && x->alert_policy == NULL &&
	    shorts == 0)
		return;
	word(m, "annotations");
	map_start(m, 0);
	if (named) {
		annot_key(m, "name", 0);
		str(m, x->name);
	}
	if (sv) {
		annot_key(m, "service", 0);
		str(m, x->service);
	}
	if (x->kind != SLO_KIND_REQUEST) {
		annot_key(m, "events", 0);
		str(m, slo_kind_name((slo_kind)x->kind));
	}
	for (i = 0; i < x->ngroup_by; i++) {
		annot_key(m, "group-by", i + 1);
		str(m, x->group_by[i]);
	}
	for (i = 0; quant && i < x->nquantiles; i++) {
		slo_buf b = { 0 };
		annot_key(m, "quantile", i + 1);
		if (slo_buf_json_num(&b, x->quantiles[i]) == SLO_OK &&
		    slo_buf_putc(&b, '\0') == SLO_OK)
			str(m, b.data);
		else
			m->st = SLO_ENOMEM;
		slo_buf_release(&b);
	}
	if (x->alert_policy != NULL) {
		annot_key(m, "alert-policy", 0);
		str(m, x->alert_policy);
	}
	for (i = 0; i < o->nrules; i++) {
		if (o->rules[i].short_window * 12 == o->rules[i].long_window)
			continue;
		annot_key(m, "short-window", i + 1);
		shorthand(o->rules[i].short_window, buf);
		str(m, buf);
	}
	map_end(m);
}

/* metricSource: slokit's predicate form, spec {field?, where?}. */
static void
predicate_source(em *m, const char *field, const slo_expr *where)
{
	word(m, "metricSource");
	map_start(m, 0);
	kv_word(m, "type", "slokit");
	word(m, "spec");
	map_start(m, field == NULL && where == NULL);
	if (field != NULL)
		kv_str(m, "field", field);
	if (where != NULL)
		kv_str(m, "where", slo_expr_source(where));
	map_end(m);
	map_end(m);
}

/*
 * metricSource: a backend's, as read; a v1alpha {source, queryType,
 * query} becomes v1's {type: SOURCE, spec: {queryType, query}}, which a
 * sources mapping matches the same way (slo-spec(5) SOURCES).
 */
static void
foreign_source(em *m, const slo_ynode *src, unsigned flags)
{
	size_t i;

	word(m, "metricSource");
	if (!(flags & SLO_OSLO_V1ALPHA)) {
		node(m, src);
		return;
	}
	map_start(m, 0);
	word(m, "type");
	node(m, slo_ynode_get(src, "source"));
	word(m, "spec");
	map_start(m, 0);
	for (i = 0; i < src->n; i++) {
		if (strcmp(src->keys[i]->str, "source") == 0)
			continue;
		node(m, src->keys[i]);
		node(m, src->items[i]);
	}
	map_end(m);
	map_end(m);
}

/*
 * The predicates a mapping (a sources: file, annotations) gave the
 * backend sources of x, as the SLI's slokit.dev/ annotations (slo-spec(5)
 * SOURCES, Annotations), which take precedence over any sources: file:
 * the export evaluates alone, as the spec did with its mapping.  Written
 * only when every source is mapped: an unmapped one stays so.
 */
static void
mapping_annotations(writer *w, const slo_spec_slo *x)
{
	const char *key[3], *val[3];
	size_t n = 0, i;
	unsigned f;
	em *m = &w->em;

	if (x->unevaluable != NULL)
		return;
	if (x->sli == SLO_SPEC_SLI_LATENCY) {
		if (slo_spec_oslo_source(w->spec, x, SLO_OSLO_THRESHOLD,
		    &f) != NULL) {
			key[n] = "slokit.dev/field";
			val[n++] = x->latency_path;
			if (x->where != NULL) {
				key[n] = "slokit.dev/where";
				val[n++] = slo_expr_source(x->where);
			}
		}
	} else {
		if (slo_spec_oslo_source(w->spec, x, SLO_OSLO_NUMERATOR,
		    &f) != NULL) {
			key[n] = x->bad ? "slokit.dev/bad" : "slokit.dev/good";
			val[n++] = slo_expr_source(x->bad ? x->bad : x->good);
		}
		if (slo_spec_oslo_source(w->spec, x, SLO_OSLO_TOTAL,
		    &f) != NULL && x->where != NULL) {
			key[n] = "slokit.dev/where";
			val[n++] = slo_expr_source(x->where);
		}
	}
	if (n == 0)
		return;
	word(m, "annotations");
	map_start(m, 0);
	for (i = 0; i < n; i++)
		kv_str(m, key[i], val[i]);
	map_end(m);
}

static void
indicator(writer *w, const slo_spec_slo *x, size_t idx)
{
	const slo_ynode *src;
	unsigned f;
	em *m = &w->em;

	word(m, "indicator");
	map_start(m, 0);
	word(m, "metadata");
	map_start(m, 0);
	kv_str(m, "name", w->names[idx]);
	mapping_annotations(w, x);
	map_end(m);
	word(m, "spec");
	map_start(m, 0);
	if (x->sli == SLO_SPEC_SLI_LATENCY) {
		word(m, "thresholdMetric");
		map_start(m, 0);
		if ((src = slo_spec_oslo_source(w->spec, x, SLO_OSLO_THRESHOLD,
		    &f)) != NULL)
			foreign_source(m, src, f);
		else
			predicate_source(m, x->latency_path, x->where);
		map_end(m);
	} else {
		word(m, "ratioMetric");
		map_start(m, 0);
		src = slo_spec_oslo_source(w->spec, x, SLO_OSLO_NUMERATOR, &f);
		word(m, x->bad != NULL || (f & SLO_OSLO_BAD) ? "bad" : "good");
		map_start(m, 0);
		if (src != NULL)
			foreign_source(m, src, f);
		else
			predicate_source(m, NULL, x->bad ? x->bad : x->good);
		map_end(m);
		word(m, "total");
		map_start(m, 0);
		if ((src = slo_spec_oslo_source(w->spec, x, SLO_OSLO_TOTAL,
		    &f)) != NULL)
			foreign_source(m, src, f);
		else
			predicate_source(m, NULL, x->where);
		map_end(m);
		map_end(m);
	}
	map_end(m);
	map_end(m);
}

static void
time_window(em *m, const slo_objective *o, const char *tz)
{
	char buf[32];

	if (o->calendar == SLO_CAL_NONE && o->window == 0)
		return; /* none read: OpenSLO allows it */
	word(m, "timeWindow");
	seq_start(m, 0);
	map_start(m, 0);
	if (o->calendar != SLO_CAL_NONE) {
		kv_word(m, "duration", o->calendar == SLO_CAL_MONTH ? "1M" :
		    "1w");
		kv_word(m, "isRolling", "false");
		word(m, "calendar");
		map_start(m, 0);
		kv_str(m, "startTime", CALENDAR_START);
		kv_str(m, "timeZone", tz != NULL ? tz : "UTC");
		map_end(m);
	} else {
		shorthand(o->window, buf);
		kv_word(m, "duration", buf);
		kv_word(m, "isRolling", "true");
	}
	map_end(m);
	seq_end(m);
}

static void
objective(em *m, const slo_spec_slo *x)
{
	const slo_objective *o = &x->objective;
	char buf[32];

	word(m, "objectives");
	seq_start(m, 0);
	map_start(m, 0);
	if (x->sli == SLO_SPEC_SLI_LATENCY) {
		kv_word(m, "op", x->latency_above ?
		    (x->latency_inclusive ? "gte" : "gt") :
		    (x->latency_inclusive ? "lte" : "lt"));
		word(m, "value");
		num(m, x->latency_threshold);
	}
	word(m, "target");
	num(m, o->target);
	if (o->budgeting == SLO_BUDGET_TIMESLICES) {
		word(m, "timeSliceTarget");
		num(m, o->slice_target);
	}
	if (o->budgeting != SLO_BUDGET_OCCURRENCES) {
		shorthand(o->slice, buf);
		kv_word(m, "timeSliceWindow", buf);
	}
	map_end(m);
	seq_end(m);
}

/*
 * kind: KIND, metadata: {name: NAME}, then the spec's map opened: the
 * head of an inline object.
 */
static void
inline_head(em *m, const char *kind, const char *name)
{
	map_start(m, 0);
	kv_word(m, "kind", kind);
	word(m, "metadata");
	map_start(m, 0);
	kv_str(m, "name", name);
	map_end(m);
	word(m, "spec");
	map_start(m, 0);
}

/*
 * One burn-rate rule as an inline AlertPolicy: OpenSLO allows one
 * condition per policy ("max of one condition", OpenSLO v1 README, Notes
 * (AlertPolicy)) and requires notificationTargets: the target is the
 * severity, for the consumer to route by.  The condition fires over
 * lookbackWindow (the long window) and alertAfter (the short window);
 * the rule's OpenSLO flags (when, slo_spec_slo.rule_when) are its
 * policy's alertWhen* and its op.
 */
static void
alert_policy(em *m, const slo_burn_rule *b, unsigned when, size_t i)
{
	const char *sev = slo_severity_name(b->severity);
	char buf[32], name[48];

	slo_snprintf(name, sizeof name, "%s-%zu", sev, i + 1);
	inline_head(m, "AlertPolicy", name);
	kv_word(m, "alertWhenNoData", when & SLO_WHEN_NODATA ? "true" :
	    "false");
	kv_word(m, "alertWhenResolved", when & SLO_WHEN_RESOLVED ? "true" :
	    "false");
	kv_word(m, "alertWhenBreaching", when & SLO_WHEN_QUIET ? "false" :
	    "true");
	word(m, "conditions");
	seq_start(m, 0);
	inline_head(m, "AlertCondition", name);
	kv_str(m, "severity", sev);
	word(m, "condition");
	map_start(m, 0);
	kv_word(m, "kind", "burnrate");
	kv_word(m, "op", when & SLO_WHEN_STRICT ? "gt" : "gte");
	word(m, "threshold");
	num(m, b->burn);
	shorthand(b->long_window, buf);
	kv_word(m, "lookbackWindow", buf);
	shorthand(b->short_window, buf);
	kv_word(m, "alertAfter", buf);
	map_end(m);
	map_end(m);
	map_end(m);
	seq_end(m);
	word(m, "notificationTargets");
	seq_start(m, 0);
	inline_head(m, "AlertNotificationTarget", sev);
	kv_str(m, "target", sev);
	map_end(m);
	map_end(m);
	seq_end(m);
	map_end(m);
	map_end(m);
}

/* The SLO's burn-rate rules, a policy each; [] for none. */
static void
alert_policies(em *m, const slo_spec_slo *x)
{
	const slo_objective *o = &x->objective;
	size_t i;

	word(m, "alertPolicies");
	seq_start(m, o->nrules == 0);
	for (i = 0; i < o->nrules; i++)
		alert_policy(m, &o->rules[i], x->rule_when[i], i);
	seq_end(m);
}

static void
slo_doc(writer *w, const slo_spec_slo *x, size_t idx)
{
	static const char *const methods[] = { "Occurrences", "Timeslices",
	    "RatioTimeslices" };
	char buf[NAME_MAX_LEN + 1];
	em *m = &w->em;

	doc_start(m, "SLO");
	word(m, "metadata");
	map_start(m, 0);
	kv_str(m, "name", w->names[idx]);
	if (x->display_name != NULL)
		kv_str(m, "displayName", x->display_name);
	if (x->owner != NULL) {
		/* slokit's convention, read back by openslo.c */
		word(m, "labels");
		map_start(m, 0);
		kv_str(m, "owner", x->owner);
		map_end(m);
	}
	annotations(w, x, idx);
	map_end(m);
	word(m, "spec");
	map_start(m, 0);
	if (x->description != NULL)
		kv_str(m, "description", x->description);
	if (x->service != NULL)
		kv_str(m, "service", service_name(x->service, buf));
	indicator(w, x, idx);
	time_window(m, &x->objective, x->timezone);
	kv_word(m, "budgetingMethod", methods[x->objective.budgeting]);
	objective(m, x);
	alert_policies(m, x);
	map_end(m);
	doc_end(m);
}

slo_status
slo_openslo_write(const slo_spec *s, slo_buf *out, slo_error *err)
{
	size_t i, count = slo_spec_count(s), len0 = out->len;
	yaml_event_t ev;
	writer w;

	memset(&w, 0, sizeof w);
	w.spec = s;
	w.err = err;
	for (i = 0; i < count; i++) {
		slo_status st;
		if ((st = check_slo(&w, slo_spec_get(s, i))) != SLO_OK)
			return st;
	}
	if ((w.names = calloc(count + 1, sizeof *w.names)) == NULL ||
	    !yaml_emitter_initialize(&w.em.e)) {
		free(w.names);
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0,
		    "out of memory");
	}
	assign_names(&w);
	yaml_emitter_set_output(&w.em.e, to_buf, out);
	yaml_emitter_set_unicode(&w.em.e, 1);
	yaml_emitter_set_width(&w.em.e, -1);
	yaml_emitter_set_indent(&w.em.e, 2);
	emit(&w.em, &ev, yaml_stream_start_event_initialize(&ev,
	    YAML_UTF8_ENCODING));
	services(&w);
	for (i = 0; i < count; i++)
		slo_doc(&w, slo_spec_get(s, i), i);
	emit(&w.em, &ev, yaml_stream_end_event_initialize(&ev));
	if (w.em.st == SLO_OK && !yaml_emitter_flush(&w.em.e))
		w.em.st = SLO_ENOMEM;
	yaml_emitter_delete(&w.em.e);
	free(w.names);
	if (w.em.st != SLO_OK) {
		out->len = len0;
		return slo_error_set(err, w.em.st, "", 0, 0, "%s",
		    w.em.st == SLO_ENOMEM ? "out of memory" :
		    "cannot write OpenSLO: invalid text in the spec");
	}
	return SLO_OK;
}
