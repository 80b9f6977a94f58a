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
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_int.h"

struct attrs {
	json_t *lvl[3]; /* record, scope, resource: searched in that order */
};

/* The AnyValue of key, or NULL. */
static json_t *
attr_find(const struct attrs *a, const char *key)
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
attr_text(slo_ingest *ing, const struct attrs *a, const char *key)
{
	return ing_text(ing, any_scalar(attr_find(a, key)));
}

/* 1 with *out, 0 when absent, -1 when present but not an integer. */
static int
attr_int(const struct attrs *a, const char *key, int64_t *out)
{
	json_t *v = any_scalar(attr_find(a, key));

	if (v == NULL)
		return 0;
	return slo_json_int64(v, out) == SLO_OK ? 1 : -1;
}

/* A time in ns: int64 as a decimal string (or a number); 0 when absent. */
static slo_status
nano(json_t *obj, const char *key, slo_ns *out, slo_error *err)
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
flatten(const struct attrs *a)
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

static slo_status
done(slo_ingest *ing, slo_event *ev, const struct attrs *a, int want_raw,
    slo_error *err)
{
	json_t *raw = want_raw ? flatten(a) : NULL;
	slo_status st = ing_event_done(ing, ev, raw, err);

	json_decref(raw);
	return st;
}

static void
common(slo_ingest *ing, slo_event *ev, const struct attrs *a)
{
	ev->service = attr_text(ing, a, "service.name");
	ev->version = attr_text(ing, a, "service.version");
	ev->region = attr_text(ing, a, "cloud.region");
}

static slo_status
http_fields(slo_ingest *ing, slo_event *ev, const struct attrs *a,
    slo_error *err)
{
	int64_t code;
	int r;

	r = attr_int(a, "http.response.status_code", &code);
	if (r == 0)
		r = attr_int(a, "http.status_code", &code);
	if (r < 0 || (r > 0 && (code < 0 || code > 999)))
		return ing_reject(err, "bad 'http.response.status_code'");
	if (r > 0) {
		ev->status = (int)code;
		ev->has |= SLO_HAS_STATUS;
	}
	ev->route = attr_text(ing, a, "http.route");
	if (ev->route == NULL)
		ev->route = ing_url_path(ing, attr_text(ing, a, "url.path"));
	if (ev->route == NULL)
		ev->route = ing_url_path(ing, attr_text(ing, a, "http.target"));
	/* client spans carry the whole URL */
	if (ev->route == NULL)
		ev->route = ing_url_path(ing, attr_text(ing, a, "url.full"));
	if (ev->route == NULL)
		ev->route = ing_url_path(ing, attr_text(ing, a, "http.url"));
	ev->subject = attr_text(ing, a, "enduser.id");
	if (ev->subject == NULL)
		ev->subject = attr_text(ing, a, "user.id");
	return SLO_OK;
}

/* Span events of the feature-flag conventions: request flags. */
static slo_status
span_flags(slo_ingest *ing, slo_event *ev, json_t *events)
{
	json_t *e;
	size_t i;

	json_array_foreach(events, i, e) {
		json_t *name = json_object_get(e, "name");
		if (!json_is_string(name) ||
		    (strcmp(json_string_value(name), "feature_flag") != 0 &&
		    strcmp(json_string_value(name),
		    "feature_flag.evaluation") != 0))
			continue;
		struct attrs a = { { json_object_get(e, "attributes") } };
		const char *key = attr_text(ing, &a, "feature_flag.key");
		const char *var = attr_text(ing, &a, "feature_flag.result.variant");
		if (var == NULL)
			var = attr_text(ing, &a, "feature_flag.variant");
		if (key != NULL && var != NULL &&
		    ing_flag(ing, ev, key, var) != SLO_OK)
			return SLO_ENOMEM;
	}
	return SLO_OK;
}

/*
 * A span's kind: OTLP/JSON writes the enum as its number or its name
 * ("SPAN_KIND_SERVER"); absent is 0, unspecified.  -1 when unknown.
 */
static int
span_kind(json_t *sp)
{
	static const char *const names[] = { "SPAN_KIND_UNSPECIFIED",
	    "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT",
	    "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER" };
	json_t *k = json_object_get(sp, "kind");

	if (k == NULL || json_is_null(k))
		return 0;
	if (json_is_integer(k))
		return json_integer_value(k) >= 0 && json_integer_value(k) < 6 ?
		    (int)json_integer_value(k) : -1;
	if (json_is_string(k))
		for (int i = 0; i < 6; i++)
			if (strcmp(json_string_value(k), names[i]) == 0)
				return i;
	return -1;
}

static slo_status
span(slo_ingest *ing, json_t *sp, struct attrs a, slo_event **out,
    slo_error *err)
{
	slo_ns start, end;
	slo_event *ev;
	slo_status st;
	json_t *status, *code;

	if (!json_is_object(sp))
		return ing_reject(err, "bad span: not an object");
	a.lvl[0] = json_object_get(sp, "attributes");
	if ((st = nano(sp, "startTimeUnixNano", &start, err)) != SLO_OK ||
	    (st = nano(sp, "endTimeUnixNano", &end, err)) != SLO_OK)
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
	common(ing, ev, &a);
	if ((st = http_fields(ing, ev, &a, err)) != SLO_OK)
		return st;
	ev->trace_id = ing_text(ing, json_object_get(sp, "traceId"));
	status = json_object_get(sp, "status");
	code = json_object_get(status, "code");
	if ((json_is_integer(code) && json_integer_value(code) == 2) ||
	    (json_is_string(code) &&
	    strcmp(json_string_value(code), "STATUS_CODE_ERROR") == 0)) {
		ev->ok = 0;
		ev->has |= SLO_HAS_OK;
	}
	if (json_is_array(json_object_get(sp, "events")) &&
	    span_flags(ing, ev, json_object_get(sp, "events")) != SLO_OK)
		return ing_nomem(err);
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

static slo_status
log_record(slo_ingest *ing, json_t *rec, struct attrs a, slo_event **out,
    slo_error *err)
{
	slo_ns t, observed;
	slo_event *ev;
	slo_status st;
	const char *key;
	int64_t code;

	*out = NULL;
	if (!json_is_object(rec))
		return ing_reject(err, "bad log record: not an object");
	a.lvl[0] = json_object_get(rec, "attributes");
	if ((st = nano(rec, "timeUnixNano", &t, err)) != SLO_OK ||
	    (st = nano(rec, "observedTimeUnixNano", &observed, err)) != SLO_OK)
		return st;
	/* the data model: when timeUnixNano is unknown (0), use observed */
	if (t == 0)
		t = observed;
	key = attr_text(ing, &a, "feature_flag.key");
	if (key != NULL) {
		if ((ev = ing_event(ing, SLO_KIND_FLAG)) == NULL)
			goto nomem;
		ev->flag = key;
		ev->variant = attr_text(ing, &a, "feature_flag.result.variant");
		if (ev->variant == NULL)
			ev->variant = attr_text(ing, &a, "feature_flag.variant");
		if (ev->variant == NULL)
			ev->variant = attr_text(ing, &a,
			    "feature_flag.result.value");
		ev->subject = attr_text(ing, &a, "feature_flag.context.id");
		if (ev->subject == NULL)
			ev->subject = attr_text(ing, &a, "enduser.id");
		if (ev->subject == NULL)
			ev->subject = attr_text(ing, &a, "user.id");
		const char *reason = attr_text(ing, &a,
		    "feature_flag.result.reason");
		if (reason == NULL)
			reason = attr_text(ing, &a,
			    "feature_flag.evaluation.reason");
		ev->reason = lower(ing, reason);
		ev->error = attr_text(ing, &a, "error.type");
		if (ev->error == NULL)
			ev->error = attr_text(ing, &a,
			    "feature_flag.evaluation.error.message");
		const char *provider = attr_text(ing, &a,
		    "feature_flag.provider.name");
		if (provider == NULL)
			provider = attr_text(ing, &a,
			    "feature_flag.provider_name");
		if (provider != NULL &&
		    ing_label(ing, ev, "provider", provider) != SLO_OK)
			goto nomem;
		ev->service = attr_text(ing, &a, "service.name");
		ev->version = attr_text(ing, &a, "service.version");
		ev->region = attr_text(ing, &a, "cloud.region");
	} else if (attr_int(&a, "http.response.status_code", &code) != 0 ||
	    attr_int(&a, "http.status_code", &code) != 0) {
		if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
			goto nomem;
		common(ing, ev, &a);
		if ((st = http_fields(ing, ev, &a, err)) != SLO_OK)
			return st;
	} else {
		ing_skipped(ing, ING_SKIP_OTLP_LOG);
		return SLO_OK;
	}
	if (t == 0)
		return ing_reject(err, "no 'timeUnixNano' nor "
		    "'observedTimeUnixNano'");
	ev->ts = t;
	ev->has |= SLO_HAS_TS;
	ev->trace_id = ing_text(ing, json_object_get(rec, "traceId"));
	*out = ev;
	return SLO_OK;
nomem:
	return ing_nomem(err);
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
	struct attrs a;     /* of its first data point */
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
instance_of(slo_ingest *ing, const struct attrs *a)
{
	static const char *const keys[] = { "container.name",
	    "k8s.container.name", "k8s.pod.name", "container.id",
	    "service.instance.id", "host.name" };
	const char *pod = attr_text(ing, a, "k8s.pod.name");
	const char *ctr = attr_text(ing, a, "k8s.container.name");

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
		if ((pod = attr_text(ing, a, keys[i])) != NULL)
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
    const struct attrs *a)
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
data_point(slo_ingest *ing, struct samples *ss, json_t *dp, struct attrs a,
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
	if ((st = nano(dp, "timeUnixNano", &ts, err)) != SLO_OK)
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
	struct attrs a = { { NULL } };
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
			common(ing, ev, &s->a);
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
	json_t *r, *sc, *item;
	size_t i, j, k;
	slo_status st;
	int want_raw = ing_wants_raw(ing);
	size_t nevents = 0, nrecords = 0, nskipped = 0;

	if (rm != NULL && rs == NULL && rl == NULL) {
		if (!json_is_array(rm))
			return ing_reject(err, "bad 'resourceMetrics': not an "
			    "array");
		if ((st = otlp_metrics(ing, rm, want_raw, &nevents, err)) !=
		    SLO_OK)
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
	json_array_foreach(rs, i, r) {
		struct attrs a = { { NULL } };
		a.lvl[2] = json_object_get(json_object_get(r, "resource"),
		    "attributes");
		json_array_foreach(either(r, "scopeSpans",
		    "instrumentationLibrarySpans"), j, sc) {
			a.lvl[1] = json_object_get(json_object_get(sc, "scope"),
			    "attributes");
			json_array_foreach(json_object_get(sc, "spans"), k,
			    item) {
				slo_event *ev = NULL;
				if (json_is_object(item) &&
				    span_kind(item) < 0)
					return ing_reject(err, "bad span: "
					    "unknown 'kind'");
				if (json_is_object(item) &&
				    !ing_span_counted(ing, span_kind(item))) {
					/* the other side of a call, or
					 * internal work: not a request */
					ing_skipped(ing, ING_SKIP_SPAN +
					    span_kind(item));
					nskipped++;
					continue;
				}
				if ((st = span(ing, item, a, &ev, err)) !=
				    SLO_OK)
					return st;
				struct attrs sa = a;
				sa.lvl[0] = json_object_get(item, "attributes");
				nevents++;
				if ((st = done(ing, ev, &sa, want_raw, err)) !=
				    SLO_OK)
					return st;
			}
		}
	}
	json_array_foreach(rl, i, r) {
		struct attrs a = { { NULL } };
		a.lvl[2] = json_object_get(json_object_get(r, "resource"),
		    "attributes");
		json_array_foreach(either(r, "scopeLogs",
		    "instrumentationLibraryLogs"), j, sc) {
			a.lvl[1] = json_object_get(json_object_get(sc, "scope"),
			    "attributes");
			json_array_foreach(json_object_get(sc, "logRecords"),
			    k, item) {
				slo_event *ev;
				if ((st = log_record(ing, item, a, &ev, err)) !=
				    SLO_OK)
					return st;
				nrecords++;
				if (ev == NULL)
					continue;
				nevents++;
				struct attrs la = a;
				la.lvl[0] = json_object_get(item, "attributes");
				if ((st = done(ing, ev, &la, want_raw, err)) !=
				    SLO_OK)
					return st;
			}
		}
	}
	if (nevents == 0 && nskipped == 0)
		return ing_reject(err, nrecords > 0 ?
		    "no http or feature flag log record" :
		    "no spans nor log records");
	return SLO_OK;
}
