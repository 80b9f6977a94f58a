/*
 * ingest_otlp.c — the otlp preset: OTLP/JSON as the OpenTelemetry
 * Collector's file exporter writes it, one ExportTraceServiceRequest or
 * ExportLogsServiceRequest per line (opentelemetry-proto, "OTLP/JSON"):
 *
 *   {"resourceSpans":[{"resource":{"attributes":[KeyValue..]},
 *     "scopeSpans":[{"scope":{..},"spans":[{"traceId":"hex","spanId":..,
 *       "name":..,"startTimeUnixNano":"1764144633123456789",
 *       "endTimeUnixNano":..,"attributes":[..],"events":[..],
 *       "status":{"code":2}}]}]}]}
 *   {"resourceLogs":[{"resource":..,"scopeLogs":[{"logRecords":[{
 *       "timeUnixNano":..,"observedTimeUnixNano":..,"attributes":[..]}]}]}]}
 *
 *   {"resourceMetrics":[{"resource":..,"scopeMetrics":[{"metrics":[{
 *       "name":"container.cpu.usage","unit":"{cpu}","gauge":{"dataPoints":
 *       [{"timeUnixNano":..,"asDouble":0.25,"attributes":[..]}]}}]}]}]}
 *
 * KeyValue is {"key":K,"value":AnyValue}, AnyValue one of stringValue,
 * boolValue, intValue (int64: a decimal string, or a number from lenient
 * writers), doubleValue, arrayValue, kvlistValue, bytesValue.  Ids are hex
 * strings.  Older writers use instrumentationLibrarySpans/-Logs.
 *
 * Spans and log records have two readers that share one mapping: the
 * record's fields and the attributes the mapping reads are first resolved
 * into a struct rec and its attribute levels (struct alevel), then mapped.
 * ing_otlp() resolves them from jansson's object of a line; ing_otlp_scan()
 * from the selective scanner's walk over the line itself (issue 20.3),
 * building nothing, and hands over to the jansson path the lines it does
 * not take (see there).  Metrics are read from jansson's object only.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_int.h"
#include "jscan_int.h"
#include "slo_num.h"

/* ---- the jansson object's attributes, for metrics and --cohort-from --- */

struct jattrs {
	json_t *lvl[3]; /* record, scope, resource: searched in that order */
};

/* The AnyValue of key, or NULL. */
static json_t *
attr_find(const struct jattrs *a, const char *key)
{
	for (int l = 0; l < 3; l++) {
		json_t *arr = a->lvl[l], *kv;
		size_t i;
		if (!json_is_array(arr))
			continue;
		json_array_foreach(arr, i, kv) {
			json_t *k = json_object_get(kv, "key");
			if (json_is_string(k) &&
			    strcmp(json_string_value(k), key) == 0)
				return json_object_get(kv, "value");
		}
	}
	return NULL;
}

/* The scalar inside an AnyValue, as JSON; NULL for the others. */
static json_t *
any_scalar(json_t *any)
{
	static const char *const kinds[] = { "stringValue", "intValue",
		"doubleValue", "boolValue" };
	json_t *v;

	if (!json_is_object(any))
		return NULL;
	for (size_t i = 0; i < 4; i++)
		if ((v = json_object_get(any, kinds[i])) != NULL)
			return v;
	return NULL;
}

static const char *
jattr_text(slo_ingest *ing, const struct jattrs *a, const char *key)
{
	return ing_text(ing, any_scalar(attr_find(a, key)));
}

/* A time in ns: int64 as a decimal string (or a number); 0 when absent. */
static slo_status
jnano(json_t *obj, const char *key, slo_ns *out, slo_error *err)
{
	json_t *v = json_object_get(obj, key);
	int64_t x;

	*out = 0;
	if (v == NULL || json_is_null(v))
		return SLO_OK;
	if (slo_json_int64(v, &x) != SLO_OK || x < 0)
		return ing_reject(err, "bad '%s'", key);
	*out = x;
	return SLO_OK;
}

/*
 * Record, scope and resource attributes flattened into one object, for
 * --cohort-from: "deployment.environment" and friends are then plain keys.
 */
static json_t *
flatten(const struct jattrs *a)
{
	json_t *o = json_object(), *kv, *v;
	size_t i;

	if (o == NULL)
		return NULL;
	for (int l = 2; l >= 0; l--) {
		if (!json_is_array(a->lvl[l]))
			continue;
		json_array_foreach(a->lvl[l], i, kv) {
			json_t *k = json_object_get(kv, "key");
			v = any_scalar(json_object_get(kv, "value"));
			if (json_is_string(k) && v != NULL)
				json_object_set(o, json_string_value(k), v);
		}
	}
	return o;
}

/* ev finished; a (NULL from the scanner) gives --cohort-from its record. */
static slo_status
done(slo_ingest *ing, slo_event *ev, const struct jattrs *a, int want_raw,
    slo_error *err)
{
	json_t *raw = want_raw && a != NULL ? flatten(a) : NULL;
	slo_status st = ing_event_done(ing, ev, raw, err);

	json_decref(raw);
	return st;
}

static void
jcommon(slo_ingest *ing, slo_event *ev, const struct jattrs *a)
{
	ev->service = jattr_text(ing, a, "service.name");
	ev->version = jattr_text(ing, a, "service.version");
	ev->region = jattr_text(ing, a, "cloud.region");
}

/* ---- values: a JSON scalar as jansson or the scanner gives it --------- */

/* Absent: no such member, or an AnyValue without a scalar. */
#define V_NONE ((jscan_type)(JSCAN_ARRAY + 1))

/* jansson's value j (NULL: absent) as the scanner would give it. */
static void
val_from_json(json_t *j, jscan_val *v)
{
	v->type = V_NONE;
	if (j == NULL)
		return;
	switch (json_typeof(j)) {
	case JSON_STRING:
		v->type = JSCAN_STRING;
		v->str = json_string_value(j);
		v->len = json_string_length(j);
		break;
	case JSON_INTEGER:
		v->type = JSCAN_INT;
		v->i = json_integer_value(j);
		v->num = (double)v->i;
		break;
	case JSON_REAL:
		v->type = JSCAN_REAL;
		v->num = json_real_value(j);
		break;
	case JSON_TRUE: v->type = JSCAN_TRUE; break;
	case JSON_FALSE: v->type = JSCAN_FALSE; break;
	case JSON_NULL: v->type = JSCAN_NULL; break;
	case JSON_OBJECT: v->type = JSCAN_OBJECT; break;
	case JSON_ARRAY: v->type = JSCAN_ARRAY; break;
	}
}

/* ing_text() of the value: NULL when absent or unset ("", "-", null). */
static const char *
val_text(slo_ingest *ing, const jscan_val *v)
{
	slo_buf b = { NULL, 0, 0 };
	const char *s = NULL;
	char tmp[32];
	int n;

	switch (v->type) {
	case JSCAN_STRING:
		if (v->len == 0 || (v->len == 1 && v->str[0] == '-'))
			return NULL;
		return v->str;
	case JSCAN_INT:
		n = slo_snprintf(tmp, sizeof tmp, "%lld", v->i);
		return ing_strndup(ing, tmp, (size_t)n);
	case JSCAN_REAL:
		if (slo_buf_json_num(&b, v->num) == SLO_OK)
			s = ing_strndup(ing, b.data, b.len);
		slo_buf_release(&b);
		return s;
	case JSCAN_TRUE: return "true";
	case JSCAN_FALSE: return "false";
	default: return NULL;
	}
}

/*
 * slo_json_int64() of the value: an integer, a real without a fraction,
 * or a string of decimal digits with an optional '-'.  1 with *out, else 0.
 */
static int
val_int64(const jscan_val *v, int64_t *out)
{
	slo_jval jv;

	slo_jval_of_scan(v, &jv);
	return ing_jval_int64(&jv, out) == SLO_OK;
}

/* A time in ns: int64 as a decimal string (or a number); 0 when absent. */
static slo_status
nano(const jscan_val *v, const char *key, slo_ns *out, slo_error *err)
{
	int64_t x;

	*out = 0;
	if (v->type == V_NONE || v->type == JSCAN_NULL)
		return SLO_OK;
	if (!val_int64(v, &x) || x < 0)
		return ing_reject(err, "bad '%s'", key);
	*out = x;
	return SLO_OK;
}

/* ---- the attributes spans and log records are read for ---------------- */

enum slot {
	S_SERVICE, S_VERSION, S_REGION, S_STATUS, S_STATUS_OLD, S_ROUTE,
	S_URL_PATH, S_HTTP_TARGET, S_URL_FULL, S_HTTP_URL, S_ENDUSER, S_USER,
	S_FF_KEY, S_FF_RESULT_VARIANT, S_FF_VARIANT, S_FF_RESULT_VALUE,
	S_FF_CONTEXT_ID, S_FF_RESULT_REASON, S_FF_EVAL_REASON, S_ERROR_TYPE,
	S_FF_EVAL_ERROR, S_FF_PROVIDER, S_FF_PROVIDER_OLD, S__COUNT
};

#define KEY(s) { s, sizeof s - 1 }
static const struct { const char *name; size_t len; } slot_keys[S__COUNT] = {
	KEY("service.name"), KEY("service.version"), KEY("cloud.region"),
	KEY("http.response.status_code"), KEY("http.status_code"),
	KEY("http.route"), KEY("url.path"), KEY("http.target"),
	KEY("url.full"), KEY("http.url"), KEY("enduser.id"), KEY("user.id"),
	KEY("feature_flag.key"), KEY("feature_flag.result.variant"),
	KEY("feature_flag.variant"), KEY("feature_flag.result.value"),
	KEY("feature_flag.context.id"), KEY("feature_flag.result.reason"),
	KEY("feature_flag.evaluation.reason"), KEY("error.type"),
	KEY("feature_flag.evaluation.error.message"),
	KEY("feature_flag.provider.name"), KEY("feature_flag.provider_name"),
};
#undef KEY

/* The slot of attribute key k (n bytes), or -1 for one not read. */
static int
slot_of(const char *k, size_t n)
{
	for (int i = 0; i < S__COUNT; i++)
		if (n == slot_keys[i].len && memcmp(k, slot_keys[i].name, n) == 0)
			return i;
	return -1;
}

/*
 * One level of attributes (a record's, its scope's or its resource's):
 * for each slot, whether a KeyValue of that key came (the first one wins,
 * as a search of the array finds it) and the scalar of its AnyValue
 * (V_NONE when it has none: the search still stops there).
 */
struct alevel {
	uint32_t seen; /* bit per slot */
	jscan_val v[S__COUNT];
};

struct attrs {
	const struct alevel *lvl[3]; /* record, scope, resource */
};

/* The KeyValue k (a string) with AnyValue scalar v into lv. */
static void
level_put(struct alevel *lv, const char *k, size_t n, const jscan_val *v)
{
	int slot = slot_of(k, n);

	if (slot >= 0 && !(lv->seen & 1u << slot)) {
		lv->seen |= 1u << slot;
		lv->v[slot] = *v;
	}
}

/* jansson's attribute array arr (any JSON, NULL) into lv. */
static void
level_from_json(struct alevel *lv, json_t *arr)
{
	json_t *kv, *k;
	jscan_val v;
	size_t i;

	lv->seen = 0;
	json_array_foreach(arr, i, kv) {
		k = json_object_get(kv, "key");
		if (!json_is_string(k))
			continue;
		val_from_json(any_scalar(json_object_get(kv, "value")), &v);
		level_put(lv, json_string_value(k), json_string_length(k), &v);
	}
}

/* The scalar of the first KeyValue of slot in a, or NULL. */
static const jscan_val *
attr_get(const struct attrs *a, int slot)
{
	for (int l = 0; l < 3; l++)
		if (a->lvl[l] != NULL && (a->lvl[l]->seen & 1u << slot))
			return a->lvl[l]->v[slot].type == V_NONE ? NULL :
			    &a->lvl[l]->v[slot];
	return NULL;
}

static const char *
attr_text(slo_ingest *ing, const struct attrs *a, int slot)
{
	const jscan_val *v = attr_get(a, slot);

	return v != NULL ? val_text(ing, v) : NULL;
}

/* 1 with *out, 0 when absent, -1 when present but not an integer. */
static int
attr_int(const struct attrs *a, int slot, int64_t *out)
{
	const jscan_val *v = attr_get(a, slot);

	if (v == NULL)
		return 0;
	return val_int64(v, out) ? 1 : -1;
}

/* ---- spans and log records to events --------------------------------- */

/* What a span or a log record gives the mapping. */
struct rec {
	jscan_val trace_id, kind, start, end, time, observed;
	int error;          /* status.code is ERROR (2) */
	const char **flags; /* span events of flag evaluations: key, variant */
	size_t nflags, capflags;
	struct attrs a;
};

/* What one line gave so far. */
struct tally {
	size_t nevents, nrecords, nskipped;
	uint64_t skips[ING_SKIP__COUNT];
};

static void
common(slo_ingest *ing, slo_event *ev, const struct attrs *a)
{
	ev->service = attr_text(ing, a, S_SERVICE);
	ev->version = attr_text(ing, a, S_VERSION);
	ev->region = attr_text(ing, a, S_REGION);
}

static slo_status
http_fields(slo_ingest *ing, slo_event *ev, const struct attrs *a,
    slo_error *err)
{
	int64_t code;
	int r;

	r = attr_int(a, S_STATUS, &code);
	if (r == 0)
		r = attr_int(a, S_STATUS_OLD, &code);
	if (r < 0 || (r > 0 && (code < 0 || code > 999)))
		return ing_reject(err, "bad 'http.response.status_code'");
	if (r > 0) {
		ev->status = (int)code;
		ev->has |= SLO_HAS_STATUS;
	}
	ev->route = attr_text(ing, a, S_ROUTE);
	if (ev->route == NULL)
		ev->route = ing_url_path(ing, attr_text(ing, a, S_URL_PATH));
	if (ev->route == NULL)
		ev->route = ing_url_path(ing, attr_text(ing, a, S_HTTP_TARGET));
	/* client spans carry the whole URL */
	if (ev->route == NULL)
		ev->route = ing_url_path(ing, attr_text(ing, a, S_URL_FULL));
	if (ev->route == NULL)
		ev->route = ing_url_path(ing, attr_text(ing, a, S_HTTP_URL));
	ev->subject = attr_text(ing, a, S_ENDUSER);
	if (ev->subject == NULL)
		ev->subject = attr_text(ing, a, S_USER);
	return SLO_OK;
}

/*
 * A span event named name (NULL: none) with attributes lv: when one of
 * the feature-flag conventions', its flag and variant onto r's list.
 */
static slo_status
span_event(slo_ingest *ing, struct rec *r, const jscan_val *name,
    const struct alevel *lv)
{
	struct attrs a = { { lv, NULL, NULL } };
	const char *key, *var, **p;

	if (name->type != JSCAN_STRING ||
	    (strcmp(name->str, "feature_flag") != 0 &&
	    strcmp(name->str, "feature_flag.evaluation") != 0))
		return SLO_OK;
	key = attr_text(ing, &a, S_FF_KEY);
	var = attr_text(ing, &a, S_FF_RESULT_VARIANT);
	if (var == NULL)
		var = attr_text(ing, &a, S_FF_VARIANT);
	if (key == NULL || var == NULL)
		return SLO_OK;
	if (r->nflags == r->capflags) {
		/* grown in the arena: spans hold a handful */
		size_t cap = r->capflags ? 2 * r->capflags : 8;
		if ((p = ing_alloc(ing, 2 * cap * sizeof *p)) == NULL)
			return SLO_ENOMEM;
		if (r->nflags > 0)
			memcpy(p, r->flags, 2 * r->nflags * sizeof *p);
		r->flags = p;
		r->capflags = cap;
	}
	r->flags[2 * r->nflags] = key;
	r->flags[2 * r->nflags + 1] = var;
	r->nflags++;
	return SLO_OK;
}

/*
 * A span's kind: OTLP/JSON writes the enum as its number or its name
 * ("SPAN_KIND_SERVER"); absent is 0, unspecified.  -1 when unknown.
 */
static int
span_kind(const jscan_val *k)
{
	static const char *const names[] = { "SPAN_KIND_UNSPECIFIED",
	    "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT",
	    "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER" };

	if (k->type == V_NONE || k->type == JSCAN_NULL)
		return 0;
	if (k->type == JSCAN_INT)
		return k->i >= 0 && k->i < 6 ? (int)k->i : -1;
	if (k->type == JSCAN_STRING)
		for (int i = 0; i < 6; i++)
			if (strcmp(k->str, names[i]) == 0)
				return i;
	return -1;
}

/* A span that is an object: skipped by its kind, or an event. */
static slo_status
span(slo_ingest *ing, const struct rec *r, struct tally *t, slo_event **out,
    slo_error *err)
{
	int kind = span_kind(&r->kind);
	slo_ns start, end;
	slo_event *ev;
	slo_status st;

	*out = NULL;
	if (kind < 0)
		return ing_reject(err, "bad span: unknown 'kind'");
	if (!ing_span_counted(ing, kind)) {
		/* the other side of a call, or internal work: not a request */
		t->skips[ING_SKIP_SPAN + kind]++;
		t->nskipped++;
		return SLO_OK;
	}
	if ((st = nano(&r->start, "startTimeUnixNano", &start, err)) !=
	    SLO_OK ||
	    (st = nano(&r->end, "endTimeUnixNano", &end, err)) != SLO_OK)
		return st;
	if (start == 0)
		return ing_reject(err, "missing 'startTimeUnixNano'");
	if (end != 0 && end < start)
		return ing_reject(err, "'endTimeUnixNano' before "
		    "'startTimeUnixNano'");
	if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
		return ing_nomem(err);
	*out = ev;
	ev->ts = start;
	ev->has |= SLO_HAS_TS;
	if (end != 0) {
		ev->latency_ms = (double)(end - start) / 1e6;
		ev->has |= SLO_HAS_LATENCY;
	}
	common(ing, ev, &r->a);
	if ((st = http_fields(ing, ev, &r->a, err)) != SLO_OK)
		return st;
	ev->trace_id = val_text(ing, &r->trace_id);
	if (r->error) {
		ev->ok = 0;
		ev->has |= SLO_HAS_OK;
	}
	for (size_t i = 0; i < r->nflags; i++)
		if (ing_flag(ing, ev, r->flags[2 * i], r->flags[2 * i + 1]) !=
		    SLO_OK)
			return ing_nomem(err);
	t->nevents++;
	return SLO_OK;
}

static char *
lower(slo_ingest *ing, const char *s)
{
	char *p;

	if (s == NULL || (p = ing_strndup(ing, s, strlen(s))) == NULL)
		return NULL;
	for (char *q = p; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return p;
}

/* A log record that is an object: skipped, or an event. */
static slo_status
log_record(slo_ingest *ing, const struct rec *r, struct tally *t,
    slo_event **out, slo_error *err)
{
	const struct attrs *a = &r->a;
	slo_ns ts, observed;
	slo_event *ev;
	slo_status st;
	const char *key;
	int64_t code;

	*out = NULL;
	if ((st = nano(&r->time, "timeUnixNano", &ts, err)) != SLO_OK ||
	    (st = nano(&r->observed, "observedTimeUnixNano", &observed,
	    err)) != SLO_OK)
		return st;
	t->nrecords++;
	/* the data model: when timeUnixNano is unknown (0), use observed */
	if (ts == 0)
		ts = observed;
	key = attr_text(ing, a, S_FF_KEY);
	if (key != NULL) {
		if ((ev = ing_event(ing, SLO_KIND_FLAG)) == NULL)
			goto nomem;
		ev->flag = key;
		ev->variant = attr_text(ing, a, S_FF_RESULT_VARIANT);
		if (ev->variant == NULL)
			ev->variant = attr_text(ing, a, S_FF_VARIANT);
		if (ev->variant == NULL)
			ev->variant = attr_text(ing, a, S_FF_RESULT_VALUE);
		ev->subject = attr_text(ing, a, S_FF_CONTEXT_ID);
		if (ev->subject == NULL)
			ev->subject = attr_text(ing, a, S_ENDUSER);
		if (ev->subject == NULL)
			ev->subject = attr_text(ing, a, S_USER);
		const char *reason = attr_text(ing, a, S_FF_RESULT_REASON);
		if (reason == NULL)
			reason = attr_text(ing, a, S_FF_EVAL_REASON);
		ev->reason = lower(ing, reason);
		ev->error = attr_text(ing, a, S_ERROR_TYPE);
		if (ev->error == NULL)
			ev->error = attr_text(ing, a, S_FF_EVAL_ERROR);
		const char *provider = attr_text(ing, a, S_FF_PROVIDER);
		if (provider == NULL)
			provider = attr_text(ing, a, S_FF_PROVIDER_OLD);
		if (provider != NULL &&
		    ing_label(ing, ev, "provider", provider) != SLO_OK)
			goto nomem;
		common(ing, ev, a);
	} else if (attr_int(a, S_STATUS, &code) != 0 ||
	    attr_int(a, S_STATUS_OLD, &code) != 0) {
		if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
			goto nomem;
		common(ing, ev, a);
		if ((st = http_fields(ing, ev, a, err)) != SLO_OK)
			return st;
	} else {
		t->skips[ING_SKIP_OTLP_LOG]++;
		return SLO_OK;
	}
	if (ts == 0)
		return ing_reject(err, "no 'timeUnixNano' nor "
		    "'observedTimeUnixNano'");
	ev->ts = ts;
	ev->has |= SLO_HAS_TS;
	ev->trace_id = val_text(ing, &r->trace_id);
	*out = ev;
	t->nevents++;
	return SLO_OK;
nomem:
	return ing_nomem(err);
}

/*
 * The end of a line of spans and log records mapped with status st: the
 * skips counted (a rejection after them leaves them counted, as it always
 * did), and a line that gave nothing rejected.
 */
static slo_status
finish(slo_ingest *ing, const struct tally *t, slo_status st, slo_error *err)
{
	for (int why = 0; why < ING_SKIP__COUNT; why++)
		for (uint64_t k = 0; k < t->skips[why]; k++)
			ing_skipped(ing, (enum ing_skip)why);
	if (st != SLO_OK)
		return st;
	if (t->nevents == 0 && t->nskipped == 0)
		return ing_reject(err, t->nrecords > 0 ?
		    "no http or feature flag log record" :
		    "no spans nor log records");
	return SLO_OK;
}

static json_t *
either(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	return v != NULL ? v : json_object_get(o, b);
}

/* ---- metrics: container usage and limits to resource events ---------- */

/*
 * The metrics read, by their names in the OpenTelemetry semantic
 * conventions (https://opentelemetry.io/docs/specs/semconv/system/container-metrics/
 * and .../semconv/system/k8s-metrics/): container.cpu.usage ({cpu}, a
 * gauge), container.memory.usage (By), k8s.container.cpu.limit and
 * k8s.container.memory.limit ({cpu}, By; since deprecated for their
 * .current and .desired forms, read too: .current, the limit in force,
 * wins).  Other metrics are not resources and are passed over.
 */
enum { R_CPU, R_CPU_LIMIT, R_MEMORY, R_MEMORY_LIMIT, R__COUNT };

static int
metric_role(const char *name, int *rank)
{
	static const struct { const char *name; int role, rank; } known[] = {
		{ "container.cpu.usage", R_CPU, 0 },
		{ "container.memory.usage", R_MEMORY, 0 },
		{ "k8s.container.cpu.limit.desired", R_CPU_LIMIT, 0 },
		{ "k8s.container.cpu.limit", R_CPU_LIMIT, 1 },
		{ "k8s.container.cpu.limit.current", R_CPU_LIMIT, 2 },
		{ "k8s.container.memory.limit.desired", R_MEMORY_LIMIT, 0 },
		{ "k8s.container.memory.limit", R_MEMORY_LIMIT, 1 },
		{ "k8s.container.memory.limit.current", R_MEMORY_LIMIT, 2 },
	};

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(name, known[i].name) == 0) {
			*rank = known[i].rank;
			return known[i].role;
		}
	return -1;
}

/* The samples of one instance at one instant, or its limits (ts 0). */
struct sample {
	const char *instance;
	slo_ns ts;
	double v[R__COUNT];
	int rank[R__COUNT]; /* -1: not seen */
	struct jattrs a;    /* of its first data point */
};

struct samples {
	struct sample *s;
	size_t n, cap;
};

/*
 * The instance a data point measures: "pod/container" in Kubernetes, else
 * the first of the container's name, the pod's, the container id, the
 * service instance and the host.  NULL when none is given.
 */
static const char *
instance_of(slo_ingest *ing, const struct jattrs *a)
{
	static const char *const keys[] = { "container.name",
	    "k8s.container.name", "k8s.pod.name", "container.id",
	    "service.instance.id", "host.name" };
	const char *pod = jattr_text(ing, a, "k8s.pod.name");
	const char *ctr = jattr_text(ing, a, "k8s.container.name");

	if (pod != NULL && ctr != NULL) {
		size_t lp = strlen(pod), lc = strlen(ctr);
		char *s = ing_alloc(ing, lp + lc + 2);

		if (s == NULL)
			return NULL;
		memcpy(s, pod, lp);
		s[lp] = '/';
		memcpy(s + lp + 1, ctr, lc + 1);
		return s;
	}
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if ((pod = jattr_text(ing, a, keys[i])) != NULL)
			return pod;
	return NULL;
}

static int
same_instance(const char *x, const char *y)
{
	return x == y || (x != NULL && y != NULL && strcmp(x, y) == 0);
}

/* The sample of (instance, ts), added when new; NULL on ENOMEM. */
static struct sample *
sample_at(struct samples *ss, const char *instance, slo_ns ts,
    const struct jattrs *a)
{
	struct sample *p;

	for (size_t i = 0; i < ss->n; i++)
		if (ss->s[i].ts == ts && same_instance(ss->s[i].instance,
		    instance))
			return &ss->s[i];
	if (ss->n == ss->cap) {
		size_t cap = ss->cap ? 2 * ss->cap : 8;
		if ((p = realloc(ss->s, cap * sizeof *p)) == NULL)
			return NULL;
		ss->s = p;
		ss->cap = cap;
	}
	p = &ss->s[ss->n++];
	p->instance = instance;
	p->ts = ts;
	p->a = *a;
	for (int r = 0; r < R__COUNT; r++)
		p->rank[r] = -1;
	return p;
}

/*
 * One NumberDataPoint of a known metric into its sample.  A limit is a
 * property of the instance, not of the instant (the Collector's receivers
 * scrape usage and limits apart): it goes to the instance's limits.
 */
static slo_status
data_point(slo_ingest *ing, struct samples *ss, json_t *dp, struct jattrs a,
    const char *metric, int role, int rank, slo_error *err)
{
	json_t *d = json_object_get(dp, "asDouble");
	json_t *i = json_object_get(dp, "asInt");
	const char *inst;
	struct sample *s;
	slo_ns ts;
	int64_t iv;
	double v;
	slo_status st;

	a.lvl[0] = json_object_get(dp, "attributes");
	if ((st = jnano(dp, "timeUnixNano", &ts, err)) != SLO_OK)
		return st;
	if (json_is_number(d))
		v = json_number_value(d);
	else if (i != NULL && slo_json_int64(i, &iv) == SLO_OK)
		v = (double)iv;
	else
		return ing_reject(err, "data point without 'asDouble' nor "
		    "'asInt': %.80s", metric);
	if (!isfinite(v) || v < 0)
		return ing_reject(err, "negative or non-finite value: %.80s",
		    metric);
	if (role == R_CPU || role == R_MEMORY) {
		if (ts == 0)
			return ing_reject(err, "data point without "
			    "'timeUnixNano': %.80s", metric);
	} else {
		ts = 0;
		/* a zero limit is no limit (Kubernetes's "unset") */
		if (v == 0)
			return SLO_OK;
	}
	inst = instance_of(ing, &a);
	if ((s = sample_at(ss, inst, ts, &a)) == NULL)
		return ing_nomem(err);
	if (rank >= s->rank[role]) {
		s->v[role] = v;
		s->rank[role] = rank;
	}
	return SLO_OK;
}

/* The known metrics of one ResourceMetrics into samples. */
static slo_status
resource_metrics(slo_ingest *ing, json_t *r, struct samples *ss,
    slo_error *err)
{
	struct jattrs a = { { NULL } };
	json_t *sc, *m, *dp;
	size_t j, k, l;
	slo_status st;

	a.lvl[2] = json_object_get(json_object_get(r, "resource"),
	    "attributes");
	json_array_foreach(either(r, "scopeMetrics",
	    "instrumentationLibraryMetrics"), j, sc) {
		a.lvl[1] = json_object_get(json_object_get(sc, "scope"),
		    "attributes");
		json_array_foreach(json_object_get(sc, "metrics"), k, m) {
			json_t *name = json_object_get(m, "name");
			json_t *pts;
			int role, rank;

			if (!json_is_string(name) || (role = metric_role(
			    json_string_value(name), &rank)) < 0)
				continue;
			pts = json_object_get(either(m, "gauge", "sum"),
			    "dataPoints");
			json_array_foreach(pts, l, dp)
				if ((st = data_point(ing, ss, dp, a,
				    json_string_value(name), role, rank, err)) !=
				    SLO_OK)
					return st;
		}
	}
	return SLO_OK;
}

/* The limits (ts 0) of instance in ss, or NULL. */
static const struct sample *
limits_of(const struct samples *ss, const char *instance)
{
	for (size_t i = 0; i < ss->n; i++)
		if (ss->s[i].ts == 0 && same_instance(ss->s[i].instance,
		    instance))
			return &ss->s[i];
	return NULL;
}

/*
 * An ExportMetricsServiceRequest: one resource event per instance and
 * instant that has a usage, with the instance's limits; *nevents counts
 * them.  A limit without a usage in the same request gives no event.
 */
static slo_status
otlp_metrics(slo_ingest *ing, json_t *rm, int want_raw, size_t *nevents,
    slo_error *err)
{
	struct samples ss = { NULL, 0, 0 };
	json_t *r;
	size_t i;
	slo_status st = SLO_OK;

	json_array_foreach(rm, i, r) {
		ss.n = 0;
		if ((st = resource_metrics(ing, r, &ss, err)) != SLO_OK)
			break;
		for (size_t k = 0; k < ss.n && st == SLO_OK; k++) {
			const struct sample *s = &ss.s[k], *lim;
			slo_event *ev;

			if (s->ts == 0)
				continue;
			lim = limits_of(&ss, s->instance);
			if ((ev = ing_event(ing, SLO_KIND_RESOURCE)) == NULL) {
				st = ing_nomem(err);
				break;
			}
			ev->ts = s->ts;
			ev->has |= SLO_HAS_TS;
			jcommon(ing, ev, &s->a);
			ev->instance = s->instance;
			if (s->rank[R_CPU] >= 0) {
				ev->cpu_cores = s->v[R_CPU];
				ev->has |= SLO_HAS_CPU;
			}
			if (s->rank[R_MEMORY] >= 0) {
				ev->memory_bytes = s->v[R_MEMORY];
				ev->has |= SLO_HAS_MEMORY;
			}
			if (lim != NULL && lim->rank[R_CPU_LIMIT] >= 0) {
				ev->cpu_limit_cores = lim->v[R_CPU_LIMIT];
				ev->has |= SLO_HAS_CPU_LIMIT;
			}
			if (lim != NULL && lim->rank[R_MEMORY_LIMIT] >= 0) {
				ev->memory_limit_bytes = lim->v[R_MEMORY_LIMIT];
				ev->has |= SLO_HAS_MEMORY_LIMIT;
			}
			(*nevents)++;
			st = done(ing, ev, &s->a, want_raw, err);
		}
		if (st != SLO_OK)
			break;
	}
	free(ss.s);
	return st;
}

/* ---- jansson's object of a line --------------------------------------- */

/* sp's fields into r; its attributes into lv0 (record level). */
static slo_status
rec_from_json(slo_ingest *ing, json_t *sp, struct rec *r, struct alevel *lv0)
{
	json_t *e;
	size_t i;
	slo_status st;

	val_from_json(json_object_get(sp, "traceId"), &r->trace_id);
	val_from_json(json_object_get(sp, "kind"), &r->kind);
	val_from_json(json_object_get(sp, "startTimeUnixNano"), &r->start);
	val_from_json(json_object_get(sp, "endTimeUnixNano"), &r->end);
	val_from_json(json_object_get(sp, "timeUnixNano"), &r->time);
	val_from_json(json_object_get(sp, "observedTimeUnixNano"),
	    &r->observed);
	json_t *code = json_object_get(json_object_get(sp, "status"), "code");
	r->error = (json_is_integer(code) && json_integer_value(code) == 2) ||
	    (json_is_string(code) &&
	    strcmp(json_string_value(code), "STATUS_CODE_ERROR") == 0);
	level_from_json(lv0, json_object_get(sp, "attributes"));
	r->nflags = 0;
	json_array_foreach(json_object_get(sp, "events"), i, e) {
		struct alevel lv;
		jscan_val name;

		val_from_json(json_object_get(e, "name"), &name);
		level_from_json(&lv, json_object_get(e, "attributes"));
		if ((st = span_event(ing, r, &name, &lv)) != SLO_OK)
			return st;
	}
	return SLO_OK;
}

/* The spans or the log records of one request kind (rs, an array). */
static slo_status
records_json(slo_ingest *ing, json_t *rs, int spans, struct tally *t,
    slo_error *err)
{
	struct alevel lv[3];
	struct rec r = { .a = { { &lv[0], &lv[1], &lv[2] } } };
	json_t *res, *sc, *item;
	size_t i, j, k;
	slo_status st;
	int want_raw = ing_wants_raw(ing);

	json_array_foreach(rs, i, res) {
		struct jattrs a = { { NULL } };
		a.lvl[2] = json_object_get(json_object_get(res, "resource"),
		    "attributes");
		level_from_json(&lv[2], a.lvl[2]);
		json_array_foreach(spans ? either(res, "scopeSpans",
		    "instrumentationLibrarySpans") : either(res, "scopeLogs",
		    "instrumentationLibraryLogs"), j, sc) {
			a.lvl[1] = json_object_get(json_object_get(sc, "scope"),
			    "attributes");
			level_from_json(&lv[1], a.lvl[1]);
			json_array_foreach(json_object_get(sc, spans ? "spans" :
			    "logRecords"), k, item) {
				slo_event *ev;

				if (!json_is_object(item))
					return ing_reject(err, spans ?
					    "bad span: not an object" :
					    "bad log record: not an object");
				if (rec_from_json(ing, item, &r, &lv[0]) !=
				    SLO_OK)
					return ing_nomem(err);
				st = spans ? span(ing, &r, t, &ev, err) :
				    log_record(ing, &r, t, &ev, err);
				if (st != SLO_OK)
					return st;
				if (ev == NULL)
					continue;
				a.lvl[0] = json_object_get(item, "attributes");
				if ((st = done(ing, ev, &a, want_raw, err)) !=
				    SLO_OK)
					return st;
			}
		}
	}
	return SLO_OK;
}

/*
 * What ing_otlp() reads: the three request kinds, whole (a span or a
 * record reads most of what it holds).
 */
static const char *const otlp_paths[] = {
	"resourceSpans", "resourceLogs", "resourceMetrics", NULL
};
const slo_jproj ing_otlp_proj = { otlp_paths, NULL, 0 };

slo_status
ing_otlp(slo_ingest *ing, json_t *obj, slo_error *err)
{
	json_t *rs = json_object_get(obj, "resourceSpans");
	json_t *rl = json_object_get(obj, "resourceLogs");
	json_t *rm = json_object_get(obj, "resourceMetrics");
	struct tally t = { 0 };
	slo_status st;
	size_t nevents = 0;

	if (rm != NULL && rs == NULL && rl == NULL) {
		if (!json_is_array(rm))
			return ing_reject(err, "bad 'resourceMetrics': not an "
			    "array");
		if ((st = otlp_metrics(ing, rm, ing_wants_raw(ing), &nevents,
		    err)) != SLO_OK)
			return st;
		if (nevents == 0)
			return ing_reject(err, "no container.cpu.usage nor "
			    "container.memory.usage data point");
		return SLO_OK;
	}
	if (rs == NULL && rl == NULL)
		return ing_reject(err, "no 'resourceSpans' nor 'resourceLogs'");
	if ((rs != NULL && !json_is_array(rs)) ||
	    (rl != NULL && !json_is_array(rl)))
		return ing_reject(err, "bad 'resourceSpans' or 'resourceLogs': "
		    "not an array");
	st = records_json(ing, rs, 1, &t, err);
	if (st == SLO_OK)
		st = records_json(ing, rl, 0, &t, err);
	return finish(ing, &t, st, err);
}

/* ---- the selective scanner's walk over a line (issue 20.3) ------------ */

/*
 * The walk reads a line once, member by member, resolving each span and
 * log record into a struct rec as its object closes and mapping it there:
 * it builds nothing and copies nothing (strings stay the scanner's,
 * unescaped in place in the line's copy).  It takes any member order
 * within a record, a KeyValue or an AnyValue, and the order of the
 * containers the Collector writes (the protobuf field order); what it
 * cannot decide in one pass it hands over to the jansson path, which
 * then gives the verdict:
 *   - what the scanner refuses: not JSON, nesting past 64, ...
 *     (jscan_int.h);
 *   - metrics: resourceMetrics without resourceSpans or resourceLogs;
 *   - resourceLogs before resourceSpans, either given twice;
 *   - a resource after its scopes, a scope after its records, or one of
 *     them given twice (jansson keeps the last).
 * A walk handed over leaves no trace: its events wait in the engine,
 * which drops them; skips are counted only at the end; and a rejection
 * stands only when the rest of the line, read on to its end without
 * mapping, is JSON the scanner accepts.
 */
struct walk {
	slo_ingest *ing;
	slo_error *err;
	jscan s;
	slo_status st;       /* the first rejection, in mapping order */
	struct tally t;
	struct alevel lv[3]; /* record, scope, resource */
	struct alevel evlv;  /* a span event's */
	struct rec r;
};

#define KEQ(k, n, lit) ((n) == sizeof lit - 1 && memcmp(k, lit, n) == 0)

/* The value at the cursor: a scalar into v, an object or an array passed
 * over (v->type says which).  1 or -1 (hand over). */
static int
read_scalar(jscan *s, jscan_val *v)
{
	char c = jscan_peek(s);

	if (c == '{' || c == '[') {
		v->type = c == '{' ? JSCAN_OBJECT : JSCAN_ARRAY;
		return jscan_skip(s);
	}
	return jscan_value(s, v);
}

/* Enters the object (open '{') or array at the cursor: 1, 0 when the
 * value is something else (the cursor stays), -1. */
static int
enter(jscan *s, char open)
{
	jscan_val v;

	if (jscan_peek(s) != open)
		return 0;
	return jscan_value(s, &v);
}

/* The same, passing over a value of another type: 1 entered, 0 passed
 * over, -1. */
static int
enter_or_skip(jscan *s, char open)
{
	int r = enter(s, open);

	return r == 0 && jscan_skip(s) < 0 ? -1 : r;
}

/* The next element that is an object of the array the cursor is in,
 * entered (elements of other types passed over): 1, 0 at the array's
 * end, -1. */
static int
next_object(jscan *s)
{
	int k, r;

	while ((k = jscan_elem(s)) == 1)
		if ((r = enter_or_skip(s, '{')) != 0)
			return r;
	return k;
}

/*
 * An AnyValue into v: its scalar of the first kind any_scalar() looks
 * for, whatever the order of its members (each the last of its key);
 * V_NONE when it has none.
 */
static int
read_any(jscan *s, jscan_val *v)
{
	char *key;
	size_t n;
	int k, r, best = 4, kind;

	v->type = V_NONE;
	if ((r = enter_or_skip(s, '{')) <= 0)
		return r == 0 ? 1 : -1;
	while ((k = jscan_key(s, &key, &n)) == 1) {
		kind = KEQ(key, n, "stringValue") ? 0 : KEQ(key, n, "intValue") ?
		    1 : KEQ(key, n, "doubleValue") ? 2 :
		    KEQ(key, n, "boolValue") ? 3 : 4;
		if (kind == 4 || kind > best)
			r = jscan_skip(s);
		else {
			r = read_scalar(s, v);
			best = kind;
		}
		if (r < 0)
			return -1;
	}
	return k;
}

/* The value of an "attributes" member into lv (emptied first). */
static int
read_attrs(jscan *s, struct alevel *lv)
{
	char *key;
	size_t n;
	int k, m, r;

	lv->seen = 0;
	if ((r = enter_or_skip(s, '[')) <= 0)
		return r == 0 ? 1 : -1;
	while ((k = next_object(s)) == 1) {
		jscan_val kv_key = { .type = V_NONE }, kv_val = { .type = V_NONE };

		while ((m = jscan_key(s, &key, &n)) == 1) {
			if (KEQ(key, n, "key"))
				r = read_scalar(s, &kv_key);
			else if (KEQ(key, n, "value"))
				r = read_any(s, &kv_val);
			else
				r = jscan_skip(s);
			if (r < 0)
				return -1;
		}
		if (m < 0)
			return -1;
		if (kv_key.type == JSCAN_STRING)
			level_put(lv, kv_key.str, kv_key.len, &kv_val);
	}
	return k;
}

/* A resource or a scope: its "attributes" into lv. */
static int
read_holder(jscan *s, struct alevel *lv)
{
	char *key;
	size_t n;
	int k, r;

	if ((r = enter_or_skip(s, '{')) <= 0)
		return r == 0 ? 1 : -1;
	while ((k = jscan_key(s, &key, &n)) == 1)
		if ((KEQ(key, n, "attributes") ? read_attrs(s, lv) :
		    jscan_skip(s)) < 0)
			return -1;
	return k;
}

/* A span's "status": whether its code is ERROR. */
static int
read_status(jscan *s, int *error)
{
	jscan_val code;
	char *key;
	size_t n;
	int k, r;

	*error = 0;
	if ((r = enter_or_skip(s, '{')) <= 0)
		return r == 0 ? 1 : -1;
	while ((k = jscan_key(s, &key, &n)) == 1) {
		if (!KEQ(key, n, "code")) {
			if (jscan_skip(s) < 0)
				return -1;
			continue;
		}
		if (read_scalar(s, &code) < 0)
			return -1;
		*error = (code.type == JSCAN_INT && code.i == 2) ||
		    (code.type == JSCAN_STRING &&
		    strcmp(code.str, "STATUS_CODE_ERROR") == 0);
	}
	return k;
}

/* A span's "events": the flag evaluations among them onto w->r. */
static int
read_events(struct walk *w)
{
	jscan *s = &w->s;
	jscan_val name;
	char *key;
	size_t n;
	int k, m, r;

	w->r.nflags = 0;
	if ((r = enter_or_skip(s, '[')) <= 0)
		return r == 0 ? 1 : -1;
	while ((k = next_object(s)) == 1) {
		name.type = V_NONE;
		w->evlv.seen = 0;
		while ((m = jscan_key(s, &key, &n)) == 1) {
			if (KEQ(key, n, "name"))
				r = read_scalar(s, &name);
			else if (KEQ(key, n, "attributes"))
				r = read_attrs(s, &w->evlv);
			else
				r = jscan_skip(s);
			if (r < 0)
				return -1;
		}
		if (m < 0)
			return -1;
		if (w->st == SLO_OK &&
		    span_event(w->ing, &w->r, &name, &w->evlv) != SLO_OK)
			w->st = ing_nomem(w->err);
	}
	return k;
}

/* The members of the span or log record just entered into w->r. */
static int
read_record(struct walk *w, int spans)
{
	struct rec *r = &w->r;
	jscan *s = &w->s;
	char *key;
	size_t n;
	int k, res;

	r->trace_id.type = r->kind.type = r->start.type = r->end.type =
	    r->time.type = r->observed.type = V_NONE;
	r->error = 0;
	r->nflags = 0;
	w->lv[0].seen = 0;
	while ((k = jscan_key(s, &key, &n)) == 1) {
		if (KEQ(key, n, "attributes"))
			res = read_attrs(s, &w->lv[0]);
		else if (KEQ(key, n, "traceId"))
			res = read_scalar(s, &r->trace_id);
		else if (spans && KEQ(key, n, "startTimeUnixNano"))
			res = read_scalar(s, &r->start);
		else if (spans && KEQ(key, n, "endTimeUnixNano"))
			res = read_scalar(s, &r->end);
		else if (spans && KEQ(key, n, "kind"))
			res = read_scalar(s, &r->kind);
		else if (spans && KEQ(key, n, "status"))
			res = read_status(s, &r->error);
		else if (spans && KEQ(key, n, "events"))
			res = read_events(w);
		else if (!spans && KEQ(key, n, "timeUnixNano"))
			res = read_scalar(s, &r->time);
		else if (!spans && KEQ(key, n, "observedTimeUnixNano"))
			res = read_scalar(s, &r->observed);
		else
			res = jscan_skip(s);
		if (res < 0)
			return -1;
	}
	return k;
}

/* The records of one scope ("spans" or "logRecords"), mapped. */
static int
read_records(struct walk *w, int spans)
{
	jscan *s = &w->s;
	slo_event *ev;
	int k, r;

	if ((r = enter_or_skip(s, '[')) <= 0)
		return r == 0 ? 1 : -1;
	while ((k = jscan_elem(s)) == 1) {
		if (w->st != SLO_OK) {
			/* rejected: the rest only has to be JSON */
			if (jscan_skip(s) < 0)
				return -1;
			continue;
		}
		if ((r = enter(s, '{')) <= 0) {
			if (r < 0 || jscan_skip(s) < 0)
				return -1;
			w->st = ing_reject(w->err, spans ?
			    "bad span: not an object" :
			    "bad log record: not an object");
			continue;
		}
		if (read_record(w, spans) < 0)
			return -1;
		w->st = spans ? span(w->ing, &w->r, &w->t, &ev, w->err) :
		    log_record(w->ing, &w->r, &w->t, &ev, w->err);
		if (w->st == SLO_OK && ev != NULL)
			w->st = done(w->ing, ev, NULL, 0, w->err);
	}
	return k;
}

/* The scopes of one resource: each scope's attributes, then its records. */
static int
read_scopes(struct walk *w, int spans)
{
	jscan *s = &w->s;
	char *key;
	size_t n;
	int k, m, r;

	if ((r = enter_or_skip(s, '[')) <= 0)
		return r == 0 ? 1 : -1;
	while ((k = next_object(s)) == 1) {
		int scope = 0, records = 0;

		w->lv[1].seen = 0;
		while ((m = jscan_key(s, &key, &n)) == 1) {
			if (KEQ(key, n, "scope")) {
				if (scope++ || records)
					return -1;
				r = read_holder(s, &w->lv[1]);
			} else if (spans ? KEQ(key, n, "spans") :
			    KEQ(key, n, "logRecords")) {
				if (records++)
					return -1;
				r = read_records(w, spans);
			} else
				r = jscan_skip(s);
			if (r < 0)
				return -1;
		}
		if (m < 0)
			return -1;
	}
	return k;
}

/*
 * The array of resourceSpans or resourceLogs just entered: each resource's
 * attributes, then its scopes (scopeSpans, or the older
 * instrumentationLibrarySpans when scopeSpans is absent).
 */
static int
read_resources(struct walk *w, int spans)
{
	jscan *s = &w->s;
	char *key;
	size_t n;
	int k, m, r;

	while ((k = next_object(s)) == 1) {
		int res = 0, scopes = 0, old = 0;

		w->lv[2].seen = 0;
		while ((m = jscan_key(s, &key, &n)) == 1) {
			if (KEQ(key, n, "resource")) {
				if (res++ || scopes || old)
					return -1;
				r = read_holder(s, &w->lv[2]);
			} else if (spans ? KEQ(key, n, "scopeSpans") :
			    KEQ(key, n, "scopeLogs")) {
				if (scopes++ || old)
					return -1;
				r = read_scopes(w, spans);
			} else if (spans ?
			    KEQ(key, n, "instrumentationLibrarySpans") :
			    KEQ(key, n, "instrumentationLibraryLogs")) {
				if (old++ && !scopes)
					return -1;
				r = scopes ? jscan_skip(s) :
				    read_scopes(w, spans);
			} else
				r = jscan_skip(s);
			if (r < 0)
				return -1;
		}
		if (m < 0)
			return -1;
	}
	return k;
}

int
ing_otlp_scan(slo_ingest *ing, char *buf, size_t n, slo_status *st,
    slo_error *err)
{
	struct walk w;
	char *key;
	size_t klen;
	int k, r, spans, rs = 0, rl = 0, rm = 0, bad = 0;

	/* --cohort-from reads the raw record: jansson's */
	if (ing_wants_raw(ing))
		return 0;
	w.ing = ing;
	w.err = err;
	w.st = SLO_OK;
	memset(&w.t, 0, sizeof w.t);
	w.r.a.lvl[0] = &w.lv[0];
	w.r.a.lvl[1] = &w.lv[1];
	w.r.a.lvl[2] = &w.lv[2];
	w.r.flags = NULL;
	w.r.nflags = w.r.capflags = 0;
	jscan_init(&w.s, buf, n);
	if (jscan_open(&w.s) < 0)
		return 0;
	while ((k = jscan_key(&w.s, &key, &klen)) == 1) {
		if ((spans = KEQ(key, klen, "resourceSpans")) ||
		    KEQ(key, klen, "resourceLogs")) {
			/* given twice, or logs first: jansson's */
			if (rl || (spans && rs))
				return 0;
			*(spans ? &rs : &rl) = 1;
			if ((r = enter(&w.s, '[')) == 0) {
				bad = 1;
				r = jscan_skip(&w.s);
			} else if (r > 0)
				r = read_resources(&w, spans);
		} else {
			rm |= KEQ(key, klen, "resourceMetrics");
			r = jscan_skip(&w.s);
		}
		if (r < 0)
			return 0;
	}
	if (k < 0 || jscan_close(&w.s) < 0 || (rm && !rs && !rl))
		return 0;
	if (!rs && !rl)
		*st = ing_reject(err, "no 'resourceSpans' nor 'resourceLogs'");
	else if (bad)
		*st = ing_reject(err, "bad 'resourceSpans' or 'resourceLogs': "
		    "not an array");
	else
		*st = finish(ing, &w.t, w.st, err);
	return 1;
}
