/*
 * ingest_access.c — presets for access logs with one request per line:
 * envoy (json_format, Istio's default JSON), gcp (Cloud Logging LogEntry
 * with httpRequest), ecs (Elastic Common Schema), traefik (JSON access log).
 *
 * Each reads a record by slots (slo_jpath.h): the values at the paths it
 * names, filled by the selective scanner from a line or from jansson's
 * object of a record read otherwise, and maps them alike.
 */
#include <string.h>

#include "ingest_int.h"

#define ing_nomem(err) ing_nomem(err)

static slo_status
time_field(const slo_jrec *r, int i, const char *path, slo_unit unit,
    slo_event *ev, int required, slo_error *err)
{
	const slo_jval *v = slo_jrec_val(r, i);
	slo_ns t;

	if (ing_junset(v)) {
		if (required)
			return ing_reject(err, "missing '%s'", path);
		return SLO_OK;
	}
	if (ing_jval_ns(v, unit, &t) != SLO_OK)
		return ing_reject(err, "bad '%s'", path);
	ev->ts = t;
	ev->has |= SLO_HAS_TS;
	return SLO_OK;
}

static slo_status
status_field(const slo_jrec *r, int i, const char *path, slo_event *ev,
    int required, slo_error *err)
{
	const slo_jval *v = slo_jrec_val(r, i);
	int64_t x;

	if (ing_junset(v)) {
		if (required)
			return ing_reject(err, "missing '%s'", path);
		return SLO_OK;
	}
	if (ing_jval_int64(v, &x) != SLO_OK || x < 0 || x > 999)
		return ing_reject(err, "bad '%s'", path);
	ev->status = (int)x;
	ev->has |= SLO_HAS_STATUS;
	return SLO_OK;
}

static slo_status
latency_field(const slo_jrec *r, int i, const char *path, slo_unit unit,
    slo_event *ev, slo_error *err)
{
	const slo_jval *v = slo_jrec_val(r, i);
	slo_ns d;

	if (ing_junset(v))
		return SLO_OK;
	if (ing_jval_ns(v, unit, &d) != SLO_OK)
		return ing_reject(err, "bad '%s'", path);
	ev->latency_ms = (double)d / 1e6;
	ev->has |= SLO_HAS_LATENCY;
	return SLO_OK;
}

/* The text of slot i (ing_jtext()): a string of two bytes or more, the
 * commonest, is its own text (neither "" nor "-", which are unset). */
static const char *
text_of(slo_ingest *ing, const slo_jrec *r, int i)
{
	const slo_jval *v = slo_jrec_val(r, i);

	if (v->present && v->type == JSON_STRING && v->len > 1)
		return v->str;
	return ing_jtext(ing, v);
}

/* ---- envoy ------------------------------------------------------------ */

/* traceparent "00-<32 hex trace id>-<16 hex span id>-<flags>". */
static const char *
traceparent_id(slo_ingest *ing, const char *tp)
{
	if (tp == NULL || strlen(tp) < 55 || tp[2] != '-' || tp[35] != '-')
		return NULL;
	return ing_strndup(ing, tp + 3, 32);
}

/* Every member ing_envoy() reads, by slot. */
enum {
	E_START, E_CODE, E_DURATION, E_ROUTE, E_PATH, E_CLUSTER, E_AUTHORITY,
	E_TRACE_ID, E_TRACEPARENT
};
static const char *const envoy_paths[] = {
	"start_time", "response_code", "duration", "route_name", "path",
	"upstream_cluster", "authority", "trace_id", "traceparent", NULL
};
const slo_jslots ing_envoy_slots = { envoy_paths, NULL, NULL };

slo_status
ing_envoy(slo_ingest *ing, const slo_jrec *r, json_t *raw, slo_error *err)
{
	slo_event *ev;
	slo_status st;
	const char *route, *cluster;

	if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
		return ing_nomem(err);
	if ((st = time_field(r, E_START, "start_time", SLO_UNIT_AUTO, ev, 1,
	    err)) ||
	    (st = status_field(r, E_CODE, "response_code", ev, 1, err)) ||
	    (st = latency_field(r, E_DURATION, "duration", SLO_UNIT_MS, ev,
	    err)))
		return st;
	/* 0: no response was sent (reset, timeout before headers) */
	if (ev->status == 0) {
		ev->ok = 0;
		ev->has |= SLO_HAS_OK;
	}
	route = text_of(ing, r, E_ROUTE);
	/* Istio names every unnamed route "default": the path says more */
	if (route == NULL || strcmp(route, "default") == 0)
		route = ing_url_path(ing, text_of(ing, r, E_PATH));
	ev->route = route;
	if ((cluster = text_of(ing, r, E_CLUSTER)) != NULL &&
	    ing_istio_cluster(ing, ev, cluster,
	    text_of(ing, r, E_AUTHORITY)) != SLO_OK)
		return ing_nomem(err);
	ev->trace_id = text_of(ing, r, E_TRACE_ID);
	if (ev->trace_id == NULL)
		ev->trace_id = traceparent_id(ing,
		    text_of(ing, r, E_TRACEPARENT));
	return ing_event_done(ing, ev, raw, err);
}

/* ---- gcp -------------------------------------------------------------- */

/* The first of slots from .. to-1 that has a text. */
static const char *
first_text(slo_ingest *ing, const slo_jrec *r, int from, int to)
{
	const char *s;

	for (int i = from; i < to; i++)
		if ((s = text_of(ing, r, i)) != NULL)
			return s;
	return NULL;
}

/* Every member ing_gcp() reads, by slot: the resource labels that may
 * name the service, the version and the region, in the order they win. */
enum {
	G_HTTP, G_STATUS, G_LATENCY, G_URL, G_TIMESTAMP, G_RECEIVED, G_TRACE,
	G_SERVICE, G_SERVICE_END = G_SERVICE + 5,
	G_VERSION = G_SERVICE_END, G_VERSION_END = G_VERSION + 2,
	G_REGION = G_VERSION_END, G_REGION_END = G_REGION + 3
};
static const char *const gcp_paths[] = {
	"httpRequest", "httpRequest.status", "httpRequest.latency",
	"httpRequest.requestUrl", "timestamp", "receiveTimestamp", "trace",
	"resource.labels.service_name",    /* cloud_run_revision */
	"resource.labels.module_id",       /* gae_app */
	"resource.labels.function_name",   /* cloud_function */
	"resource.labels.container_name",  /* k8s_container */
	"resource.labels.backend_service_name", /* http_load_balancer */
	"resource.labels.revision_name", "resource.labels.version_id",
	"resource.labels.location", "resource.labels.region",
	"resource.labels.zone", NULL
};
const slo_jslots ing_gcp_slots = { gcp_paths, NULL, NULL };

slo_status
ing_gcp(slo_ingest *ing, const slo_jrec *r, json_t *raw, slo_error *err)
{
	const slo_jval *hr = slo_jrec_val(r, G_HTTP);
	slo_event *ev;
	slo_status st;
	const char *trace;

	if (!hr->present || hr->type != JSON_OBJECT)
		return ing_reject(err, "no httpRequest");
	if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
		return ing_nomem(err);
	/* LogEntry.timestamp; receiveTimestamp when the writer gave none */
	st = time_field(r, G_TIMESTAMP, "timestamp", SLO_UNIT_RFC3339, ev, 0,
	    err);
	if (st == SLO_OK && !(ev->has & SLO_HAS_TS))
		st = time_field(r, G_RECEIVED, "receiveTimestamp",
		    SLO_UNIT_RFC3339, ev, 0, err);
	if (st != SLO_OK)
		return st;
	if (!(ev->has & SLO_HAS_TS))
		return ing_reject(err, "missing 'timestamp'");
	if ((st = status_field(r, G_STATUS, "httpRequest.status", ev, 1,
	    err)) ||
	    (st = latency_field(r, G_LATENCY, "httpRequest.latency",
	    SLO_UNIT_DURATION, ev, err)))
		return st;
	ev->route = ing_url_path(ing, text_of(ing, r, G_URL));
	ev->service = first_text(ing, r, G_SERVICE, G_SERVICE_END);
	ev->version = first_text(ing, r, G_VERSION, G_VERSION_END);
	ev->region = first_text(ing, r, G_REGION, G_REGION_END);
	/* "projects/PROJECT/traces/TRACE_ID" */
	trace = text_of(ing, r, G_TRACE);
	if (trace != NULL && strrchr(trace, '/') != NULL)
		trace = strrchr(trace, '/') + 1;
	ev->trace_id = trace != NULL && *trace != '\0' ? trace : NULL;
	return ing_event_done(ing, ev, raw, err);
}

/* ---- ecs -------------------------------------------------------------- */

/* Every member ing_ecs() reads, by slot; and the members of "labels" and
 * the flat "labels.NAME" keys. */
enum {
	C_TIMESTAMP, C_STATUS, C_DURATION, C_OUTCOME, C_SERVICE, C_VERSION,
	C_REGION, C_URL_PATH, C_URL, C_TRACE_ID, C_USER
};
static const char *const ecs_paths[] = {
	"@timestamp", "http.response.status_code", "event.duration",
	"event.outcome", "service.name", "service.version", "cloud.region",
	"url.path", "url.original", "trace.id", "user.id", NULL
};
const slo_jslots ing_ecs_slots = { ecs_paths, "labels", "labels." };

/* Members m[0 .. n) as labels, the key after skip bytes; empty names and
 * values without a text left out. */
static slo_status
ecs_labels(slo_ingest *ing, slo_event *ev, const slo_jmember *m, size_t n,
    size_t skip)
{
	for (size_t i = 0; i < n; i++) {
		const char *text;

		if (m[i].klen <= skip && skip > 0)
			continue;
		if ((text = ing_jtext(ing, &m[i].val)) != NULL &&
		    ing_label(ing, ev, m[i].key + skip, text) != SLO_OK)
			return SLO_ENOMEM;
	}
	return SLO_OK;
}

slo_status
ing_ecs(slo_ingest *ing, const slo_jrec *r, json_t *raw, slo_error *err)
{
	const slo_jmember *m;
	slo_event *ev;
	slo_status st;
	const char *outcome;
	size_t n;

	if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
		return ing_nomem(err);
	if ((st = time_field(r, C_TIMESTAMP, "@timestamp", SLO_UNIT_RFC3339,
	    ev, 1, err)) ||
	    (st = status_field(r, C_STATUS, "http.response.status_code", ev, 0,
	    err)) ||
	    (st = latency_field(r, C_DURATION, "event.duration", SLO_UNIT_NS,
	    ev, err)))
		return st;
	outcome = text_of(ing, r, C_OUTCOME);
	if (!(ev->has & SLO_HAS_STATUS)) {
		/* ECS events without HTTP: event.outcome says how it went */
		if (outcome == NULL)
			return ing_reject(err, "missing "
			    "'http.response.status_code' and 'event.outcome'");
		ev->ok = strcmp(outcome, "failure") != 0;
		ev->has |= SLO_HAS_OK;
	}
	ev->service = text_of(ing, r, C_SERVICE);
	ev->version = text_of(ing, r, C_VERSION);
	ev->region = text_of(ing, r, C_REGION);
	ev->route = ing_url_path(ing, text_of(ing, r, C_URL_PATH));
	if (ev->route == NULL)
		ev->route = ing_url_path(ing, text_of(ing, r, C_URL));
	ev->trace_id = text_of(ing, r, C_TRACE_ID);
	ev->subject = text_of(ing, r, C_USER);
	/*
	 * ECS labels: custom keyword dimensions, as canonical labels, from
	 * a "labels" object or from flat "labels.NAME" keys.
	 */
	m = slo_jrec_members(r, &n);
	if (ecs_labels(ing, ev, m, n, 0) != SLO_OK)
		return ing_nomem(err);
	m = slo_jrec_prefixed(r, &n);
	if (ecs_labels(ing, ev, m, n, 7) != SLO_OK)
		return ing_nomem(err);
	return ing_event_done(ing, ev, raw, err);
}

/* ---- traefik ---------------------------------------------------------- */

/* Every member ing_traefik() reads, by slot. */
enum {
	T_START_UTC, T_START_LOCAL, T_STATUS, T_DURATION, T_ROUTER,
	T_FRONTEND, T_PATH, T_SERVICE, T_BACKEND, T_TRACE_ID
};
static const char *const traefik_paths[] = {
	"StartUTC", "StartLocal", "DownstreamStatus", "Duration", "RouterName",
	"FrontendName", "RequestPath", "ServiceName", "BackendName", "TraceId",
	NULL
};
const slo_jslots ing_traefik_slots = { traefik_paths, NULL, NULL };

slo_status
ing_traefik(slo_ingest *ing, const slo_jrec *r, json_t *raw, slo_error *err)
{
	slo_event *ev;
	slo_status st;

	if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
		return ing_nomem(err);
	/* StartLocal alone when Traefik logs local time (its offset says
	 * which); StartUTC when both are there */
	if ((st = time_field(r, T_START_UTC, "StartUTC", SLO_UNIT_RFC3339, ev,
	    0, err)) ||
	    (!(ev->has & SLO_HAS_TS) && (st = time_field(r, T_START_LOCAL,
	    "StartLocal", SLO_UNIT_RFC3339, ev, 0, err))))
		return st;
	if (!(ev->has & SLO_HAS_TS))
		return ing_reject(err, "missing 'StartUTC'");
	if ((st = status_field(r, T_STATUS, "DownstreamStatus", ev, 1, err)) ||
	    (st = latency_field(r, T_DURATION, "Duration", SLO_UNIT_NS, ev,
	    err)))
		return st;
	/* Traefik v1 names the router FrontendName, the service BackendName */
	ev->route = text_of(ing, r, T_ROUTER);
	if (ev->route == NULL)
		ev->route = text_of(ing, r, T_FRONTEND);
	if (ev->route == NULL)
		ev->route = ing_url_path(ing, text_of(ing, r, T_PATH));
	ev->service = text_of(ing, r, T_SERVICE);
	if (ev->service == NULL)
		ev->service = text_of(ing, r, T_BACKEND);
	ev->trace_id = text_of(ing, r, T_TRACE_ID);
	return ing_event_done(ing, ev, raw, err);
}
