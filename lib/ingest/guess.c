/*
 * guess.c — what a line that is not a canonical event looks like, so that
 * slo-ingest run without --preset can say which preset reads it instead
 * of passing on events without ts or status (issue 17.5).
 *
 * Each format is known by members its producer always writes (the keys of
 * each preset's mapping, slo-ingest(1) PRESETS) or, for text, by its
 * preset's format matching the whole line.  The first that fits wins; a
 * line with a "ts" member is taken as meant to be canonical and never
 * guessed at.
 */
#include <string.h>

#include "ingest_int.h"
#include "slo_textlog.h"

static int
has(json_t *obj, const char *key)
{
	return json_object_get(obj, key) != NULL;
}

const char *
ing_guess_json(json_t *obj, const char **what)
{
	static const struct {
		const char *preset, *what, *key1, *key2;
	} forms[] = {
		{ "otlp", "an OTLP/JSON export", "resourceSpans", NULL },
		{ "otlp", "an OTLP/JSON export", "resourceLogs", NULL },
		{ "envoy", "an Envoy JSON access log", "start_time", "response_code" },
		{ "gcp", "a Google Cloud LogEntry", "httpRequest", NULL },
		{ "gcp", "a Google Cloud LogEntry", "logName", "timestamp" },
		{ "ecs", "an Elastic Common Schema record", "@timestamp", "http" },
		{ "ecs", "an Elastic Common Schema record", "@timestamp",
		    "http.response.status_code" },
		{ "traefik", "a Traefik JSON access log", "DownstreamStatus", NULL },
		{ "traefik", "a Traefik JSON access log", "StartUTC", NULL },
		{ "goff", "a GO Feature Flag export", "creationDate", "key" },
		{ "unleash", "an Unleash impression event", "eventType",
		    "featureName" },
	};

	if (!json_is_object(obj) || has(obj, "ts"))
		return NULL;
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
		if (has(obj, forms[i].key1) &&
		    (forms[i].key2 == NULL || has(obj, forms[i].key2))) {
			*what = forms[i].what;
			return forms[i].preset;
		}
	return NULL;
}

/* The text presets tried, in order; nginx's and Apache's combined
 * formats are the same line. */
static const struct { const char *preset, *what; } text_forms[] = {
	{ "istio-text", "an Istio text access log" },
	{ "envoy-text", "an Envoy text access log" },
	{ "nginx", "an nginx or Apache access log (combined)" },
	{ "haproxy", "a HAProxy HTTP log" },
	{ "alb", "an AWS ALB access log" },
};

const char *
ing_guess_text(slo_textlog **programs, const char *line, size_t n,
    const char **what)
{
	slo_textlog_span spans[64];
	slo_error err;

	for (size_t i = 0; i < ING_GUESS_TEXT; i++) {
		if (programs[i] == NULL &&
		    (programs[i] = slo_textlog_preset(text_forms[i].preset,
		    &err)) == NULL)
			return NULL;
		if (slo_textlog_nfields(programs[i]) <= 64 &&
		    slo_textlog_match(programs[i], line, n, spans, &err) ==
		    SLO_OK) {
			*what = text_forms[i].what;
			return text_forms[i].preset;
		}
	}
	return NULL;
}
