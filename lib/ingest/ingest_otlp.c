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
 * KeyValue is {"key":K,"value":AnyValue}, AnyValue one of stringValue,
 * boolValue, intValue (int64: a decimal string, or a number from lenient
 * writers), doubleValue, arrayValue, kvlistValue, bytesValue.  Ids are hex
 * strings.  Older writers use instrumentationLibrarySpans/-Logs.
 */
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
		ing_skipped(ing);
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

slo_status
ing_otlp(slo_ingest *ing, json_t *obj, slo_error *err)
{
	json_t *rs = json_object_get(obj, "resourceSpans");
	json_t *rl = json_object_get(obj, "resourceLogs");
	json_t *r, *sc, *item;
	size_t i, j, k;
	slo_status st;
	int want_raw = ing_wants_raw(ing);
	size_t nevents = 0, nrecords = 0, nskipped = 0;

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
				    !ing_span_counted(ing, span_kind(item))) {
					/* the other side of a call, or
					 * internal work: not a request */
					ing_skipped(ing);
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
