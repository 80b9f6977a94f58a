/*
 * ingest_access.c — presets for access logs with one request per line:
 * envoy (json_format, Istio's default JSON), gcp (Cloud Logging LogEntry
 * with httpRequest), ecs (Elastic Common Schema), traefik (JSON access log).
 */
#include <string.h>

#include "ingest_int.h"

#define ing_nomem(err) ing_nomem(err)

static slo_status
time_field(json_t *obj, const char *path, slo_unit unit, slo_event *ev,
    int required, slo_error *err)
{
	json_t *v = slo_json_path(obj, path, strlen(path));
	slo_ns t;

	if (ing_unset(v)) {
		if (required)
			return ing_reject(err, "missing '%s'", path);
		return SLO_OK;
	}
	if (slo_json_ns(v, unit, &t) != SLO_OK)
		return ing_reject(err, "bad '%s'", path);
	ev->ts = t;
	ev->has |= SLO_HAS_TS;
	return SLO_OK;
}

static slo_status
status_field(json_t *obj, const char *path, slo_event *ev, int required,
    slo_error *err)
{
	json_t *v = slo_json_path(obj, path, strlen(path));
	int64_t x;

	if (ing_unset(v)) {
		if (required)
			return ing_reject(err, "missing '%s'", path);
		return SLO_OK;
	}
	if (slo_json_int64(v, &x) != SLO_OK || x < 0 || x > 999)
		return ing_reject(err, "bad '%s'", path);
	ev->status = (int)x;
	ev->has |= SLO_HAS_STATUS;
	return SLO_OK;
}

static slo_status
latency_field(json_t *obj, const char *path, slo_unit unit, slo_event *ev,
    slo_error *err)
{
	json_t *v = slo_json_path(obj, path, strlen(path));
	slo_ns d;

	if (ing_unset(v))
		return SLO_OK;
	if (slo_json_ns(v, unit, &d) != SLO_OK)
		return ing_reject(err, "bad '%s'", path);
	ev->latency_ms = (double)d / 1e6;
	ev->has |= SLO_HAS_LATENCY;
	return SLO_OK;
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

/* Every member ing_envoy() reads (ingest_int.h). */
static const char *const envoy_paths[] = {
	"start_time", "response_code", "duration", "route_name", "path",
	"upstream_cluster", "authority", "trace_id", "traceparent", NULL
};
const slo_jproj ing_envoy_proj = { envoy_paths, NULL, 0 };

slo_status
ing_envoy(slo_ingest *ing, json_t *obj, slo_error *err)
{
	slo_event *ev;
	slo_status st;
	const char *route, *cluster;

	if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
		return ing_nomem(err);
	if ((st = time_field(obj, "start_time", SLO_UNIT_AUTO, ev, 1, err)) ||
	    (st = status_field(obj, "response_code", ev, 1, err)) ||
	    (st = latency_field(obj, "duration", SLO_UNIT_MS, ev, err)))
		return st;
	/* 0: no response was sent (reset, timeout before headers) */
	if (ev->status == 0) {
		ev->ok = 0;
		ev->has |= SLO_HAS_OK;
	}
	route = ing_path_text(ing, obj, "route_name");
	/* Istio names every unnamed route "default": the path says more */
	if (route == NULL || strcmp(route, "default") == 0)
		route = ing_url_path(ing, ing_path_text(ing, obj, "path"));
	ev->route = route;
	if ((cluster = ing_path_text(ing, obj, "upstream_cluster")) != NULL &&
	    ing_istio_cluster(ing, ev, cluster,
	    ing_path_text(ing, obj, "authority")) != SLO_OK)
		return ing_nomem(err);
	ev->trace_id = ing_path_text(ing, obj, "trace_id");
	if (ev->trace_id == NULL)
		ev->trace_id = traceparent_id(ing,
		    ing_path_text(ing, obj, "traceparent"));
	return ing_event_done(ing, ev, obj, err);
}

/* ---- gcp -------------------------------------------------------------- */

/* The first of several resource label names that is present. */
static const char *
first_text(slo_ingest *ing, json_t *obj, const char *const *paths)
{
	const char *s;

	for (; *paths != NULL; paths++)
		if ((s = ing_path_text(ing, obj, *paths)) != NULL)
			return s;
	return NULL;
}

/* Every member ing_gcp() reads: "httpRequest" is there by its own. */
static const char *const gcp_paths[] = {
	"httpRequest.status", "httpRequest.latency", "httpRequest.requestUrl",
	"timestamp", "receiveTimestamp", "trace",
	"resource.labels.service_name", "resource.labels.module_id",
	"resource.labels.function_name", "resource.labels.container_name",
	"resource.labels.backend_service_name",
	"resource.labels.revision_name", "resource.labels.version_id",
	"resource.labels.location", "resource.labels.region",
	"resource.labels.zone", NULL
};
const slo_jproj ing_gcp_proj = { gcp_paths, NULL, 0 };

slo_status
ing_gcp(slo_ingest *ing, json_t *obj, slo_error *err)
{
	static const char *const services[] = {
		"resource.labels.service_name",    /* cloud_run_revision */
		"resource.labels.module_id",       /* gae_app */
		"resource.labels.function_name",   /* cloud_function */
		"resource.labels.container_name",  /* k8s_container */
		"resource.labels.backend_service_name", /* http_load_balancer */
		NULL };
	static const char *const versions[] = {
		"resource.labels.revision_name", "resource.labels.version_id",
		NULL };
	static const char *const regions[] = {
		"resource.labels.location", "resource.labels.region",
		"resource.labels.zone", NULL };
	json_t *hr = json_object_get(obj, "httpRequest");
	slo_event *ev;
	slo_status st;
	const char *trace;

	if (!json_is_object(hr))
		return ing_reject(err, "no httpRequest");
	if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
		return ing_nomem(err);
	/* LogEntry.timestamp; receiveTimestamp when the writer gave none */
	st = time_field(obj, "timestamp", SLO_UNIT_RFC3339, ev, 0, err);
	if (st == SLO_OK && !(ev->has & SLO_HAS_TS))
		st = time_field(obj, "receiveTimestamp", SLO_UNIT_RFC3339, ev,
		    0, err);
	if (st != SLO_OK)
		return st;
	if (!(ev->has & SLO_HAS_TS))
		return ing_reject(err, "missing 'timestamp'");
	if ((st = status_field(obj, "httpRequest.status", ev, 1, err)) ||
	    (st = latency_field(obj, "httpRequest.latency", SLO_UNIT_DURATION,
	    ev, err)))
		return st;
	ev->route = ing_url_path(ing, ing_path_text(ing, obj,
	    "httpRequest.requestUrl"));
	ev->service = first_text(ing, obj, services);
	ev->version = first_text(ing, obj, versions);
	ev->region = first_text(ing, obj, regions);
	/* "projects/PROJECT/traces/TRACE_ID" */
	trace = ing_path_text(ing, obj, "trace");
	if (trace != NULL && strrchr(trace, '/') != NULL)
		trace = strrchr(trace, '/') + 1;
	ev->trace_id = trace != NULL && *trace != '\0' ? trace : NULL;
	return ing_event_done(ing, ev, obj, err);
}

/* ---- ecs -------------------------------------------------------------- */

/* Every member ing_ecs() reads, and the flat "labels.NAME" keys. */
static const char *const ecs_paths[] = {
	"@timestamp", "http.response.status_code", "event.duration",
	"event.outcome", "service.name", "service.version", "cloud.region",
	"url.path", "url.original", "trace.id", "user.id", "labels", NULL
};
static const char *const ecs_prefixes[] = { "labels.", NULL };
const slo_jproj ing_ecs_proj = { ecs_paths, ecs_prefixes, 0 };

slo_status
ing_ecs(slo_ingest *ing, json_t *obj, slo_error *err)
{
	slo_event *ev;
	slo_status st;
	json_t *labels, *v;
	const char *key, *outcome;

	if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
		return ing_nomem(err);
	if ((st = time_field(obj, "@timestamp", SLO_UNIT_RFC3339, ev, 1,
	    err)) ||
	    (st = status_field(obj, "http.response.status_code", ev, 0, err)) ||
	    (st = latency_field(obj, "event.duration", SLO_UNIT_NS, ev, err)))
		return st;
	outcome = ing_path_text(ing, obj, "event.outcome");
	if (!(ev->has & SLO_HAS_STATUS)) {
		/* ECS events without HTTP: event.outcome says how it went */
		if (outcome == NULL)
			return ing_reject(err, "missing "
			    "'http.response.status_code' and 'event.outcome'");
		ev->ok = strcmp(outcome, "failure") != 0;
		ev->has |= SLO_HAS_OK;
	}
	ev->service = ing_path_text(ing, obj, "service.name");
	ev->version = ing_path_text(ing, obj, "service.version");
	ev->region = ing_path_text(ing, obj, "cloud.region");
	ev->route = ing_url_path(ing, ing_path_text(ing, obj, "url.path"));
	if (ev->route == NULL)
		ev->route = ing_url_path(ing, ing_path_text(ing, obj,
		    "url.original"));
	ev->trace_id = ing_path_text(ing, obj, "trace.id");
	ev->subject = ing_path_text(ing, obj, "user.id");
	/*
	 * ECS labels: custom keyword dimensions, as canonical labels, from
	 * a "labels" object or from flat "labels.NAME" keys.
	 */
	labels = json_object_get(obj, "labels");
	json_object_foreach(labels, key, v) {
		const char *text = ing_text(ing, v);
		if (text != NULL && ing_label(ing, ev, key, text) != SLO_OK)
			return ing_nomem(err);
	}
	json_object_foreach(obj, key, v) {
		const char *text;
		if (strncmp(key, "labels.", 7) != 0 || key[7] == '\0' ||
		    (text = ing_text(ing, v)) == NULL)
			continue;
		if (ing_label(ing, ev, key + 7, text) != SLO_OK)
			return ing_nomem(err);
	}
	return ing_event_done(ing, ev, obj, err);
}

/* ---- traefik ---------------------------------------------------------- */

/* Every member ing_traefik() reads. */
static const char *const traefik_paths[] = {
	"StartUTC", "StartLocal", "DownstreamStatus", "Duration", "RouterName",
	"FrontendName", "RequestPath", "ServiceName", "BackendName", "TraceId",
	NULL
};
const slo_jproj ing_traefik_proj = { traefik_paths, NULL, 0 };

slo_status
ing_traefik(slo_ingest *ing, json_t *obj, slo_error *err)
{
	slo_event *ev;
	slo_status st;

	if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
		return ing_nomem(err);
	/* StartLocal alone when Traefik logs local time (its offset says
	 * which); StartUTC when both are there */
	if ((st = time_field(obj, "StartUTC", SLO_UNIT_RFC3339, ev, 0, err)) ||
	    (!(ev->has & SLO_HAS_TS) && (st = time_field(obj, "StartLocal",
	    SLO_UNIT_RFC3339, ev, 0, err))))
		return st;
	if (!(ev->has & SLO_HAS_TS))
		return ing_reject(err, "missing 'StartUTC'");
	if ((st = status_field(obj, "DownstreamStatus", ev, 1, err)) ||
	    (st = latency_field(obj, "Duration", SLO_UNIT_NS, ev, err)))
		return st;
	/* Traefik v1 names the router FrontendName, the service BackendName */
	ev->route = ing_path_text(ing, obj, "RouterName");
	if (ev->route == NULL)
		ev->route = ing_path_text(ing, obj, "FrontendName");
	if (ev->route == NULL)
		ev->route = ing_url_path(ing, ing_path_text(ing, obj,
		    "RequestPath"));
	ev->service = ing_path_text(ing, obj, "ServiceName");
	if (ev->service == NULL)
		ev->service = ing_path_text(ing, obj, "BackendName");
	ev->trace_id = ing_path_text(ing, obj, "TraceId");
	return ing_event_done(ing, ev, obj, err);
}
