/*
 * guess.c — what a line that is not a canonical event looks like, so that
 * slo-ingest run without --preset can say which preset reads it instead
 * of passing on events without ts or status (issue 17.5).
 *
 * Each format is known by members its producer always writes (the keys of
 * each preset's mapping, slo-ingest(1) PRESETS) or, for text, by its
 * preset's format matching the whole line.  The first that fits wins; a
 * line with a "ts" member is taken as meant to be canonical and never
 * guessed at.  --preset auto (slo_ingest_guess_preset()) guesses the
 * same way over the first lines of an input, past a "ts" (which a
 * container wrapper may have put in).
 */
#include <string.h>

#include "ingest_int.h"
#include "slo_textlog.h"

static int
has(json_t *obj, const char *key)
{
	return json_object_get(obj, key) != NULL;
}

/* The preset whose members obj has, or NULL. */
static const char *
guess_form(json_t *obj, const char **what)
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

	if (!json_is_object(obj))
		return NULL;
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
		if (has(obj, forms[i].key1) &&
		    (forms[i].key2 == NULL || has(obj, forms[i].key2))) {
			*what = forms[i].what;
			return forms[i].preset;
		}
	return NULL;
}

const char *
ing_guess_json(json_t *obj, const char **what)
{
	return json_is_object(obj) && !has(obj, "ts") ?
	    guess_form(obj, what) : NULL;
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

/* The preset a JSON object is in: the one whose members it has (a "ts"
 * may be the one a container wrapper put in), else canonical when it has
 * "ts" or a kind of slo-events(5) (GO Feature Flag's "feature" is not);
 * NULL when nothing fits. */
static const char *
guess_object(json_t *obj, const char **what)
{
	const char *preset = guess_form(obj, what);
	json_t *kind = json_object_get(obj, "kind");

	if (preset == NULL && json_is_object(obj) && (has(obj, "ts") ||
	    (json_is_string(kind) && (slo_kind_from_name(json_string_value(
	    kind)) >= 0 || strcmp(json_string_value(kind), "rollup") == 0)))) {
		*what = "canonical events";
		preset = "canonical";
	}
	return preset;
}

/* What the sampled records said so far: the first fit, and its line. */
struct sample {
	const char *preset, *what;
	uint64_t line;       /* of the first fit */
	uint64_t records, unfit;
};

/* Adds record at line that fits preset (NULL: none); -1 after setting
 * err when it disagrees with an earlier one. */
static int
sample_add(struct sample *s, const char *preset, const char *what,
    uint64_t line, slo_error *err)
{
	s->records++;
	if (preset == NULL) {
		s->unfit++;
		return 0;
	}
	if (s->preset == NULL) {
		s->preset = preset;
		s->what = what;
		s->line = line;
		return 0;
	}
	if (strcmp(s->preset, preset) == 0)
		return 0;
	slo_error_set(err, SLO_EINVAL, "", (long)line, 1, "the first lines "
	    "disagree: line %llu looks like %s (%s), line %llu like %s (%s); "
	    "give --preset", (unsigned long long)s->line, s->what, s->preset,
	    (unsigned long long)line, what, preset);
	return -1;
}

static uint64_t
count_lines(const char *p, size_t n)
{
	uint64_t k = 0;

	for (const char *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))) !=
	    NULL; p++)
		k++;
	return k;
}

slo_status
slo_ingest_guess_preset(const char *t, size_t n, int complete,
    slo_ingest_guess *g, slo_error *err)
{
	enum { MAX_RECORDS = 64 };
	slo_textlog *programs[ING_GUESS_TEXT] = { NULL };
	struct sample s = { NULL, NULL, 0, 0, 0 };
	uint64_t line = 1, last = 0;
	size_t pos = 0;
	int rc = 0;

	slo_error_clear(err);
	memset(g, 0, sizeof *g);
	while (rc == 0 && s.records < MAX_RECORDS) {
		const char *p, *nl, *pr, *w = NULL;
		json_error_t je;
		json_t *v;
		size_t len;

		while (pos < n && strchr(" \t\r\n", t[pos]) != NULL)
			line += t[pos++] == '\n';
		if (pos == n)
			break;
		p = t + pos;
		nl = memchr(p, '\n', n - pos);
		if (*p == '{' || *p == '[') {
			v = json_loadb(p, n - pos, JSON_DISABLE_EOF_CHECK, &je);
			if (v != NULL) {
				/* a value, maybe over many lines (pretty-printed),
				 * or an array whose elements are the records */
				size_t k = json_is_array(v) ? json_array_size(v) : 1;

				for (size_t i = 0; rc == 0 && i < k; i++) {
					json_t *o = json_is_array(v) ?
					    json_array_get(v, i) : v;

					pr = guess_object(o, &w);
					rc = sample_add(&s, pr, w, line, err);
				}
				json_decref(v);
				len = (size_t)je.position;
				line += count_lines(p, len);
				last = line;
				pos += len;
				continue;
			}
			/* cut off where the sample ends: not a record */
			if (!complete && (size_t)je.position >= n - pos)
				break;
		}
		if (nl == NULL && !complete)
			break;
		len = nl != NULL ? (size_t)(nl - p) : n - pos;
		pr = ing_guess_text(programs, p, len > 0 && p[len - 1] == '\r' ?
		    len - 1 : len, &w);
		rc = sample_add(&s, pr, w, line, err);
		last = line;
		pos += len;
	}
	for (size_t i = 0; i < ING_GUESS_TEXT; i++)
		slo_textlog_free(programs[i]);
	/* all of the sample read: its blank lines too (the input layer
	 * leaves a pretty-printed value's other lines blank) */
	if (pos == n && n > 0)
		last = line - (t[n - 1] == '\n');
	if (rc != 0)
		return err->status;
	if (s.records == 0) {
		/* no line: every preset reads nothing the same way */
		s.preset = "canonical";
		s.what = "no line at all";
	} else if (s.preset == NULL)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0, "none of the "
		    "%llu lines looked at is in a format slo-ingest knows; give "
		    "--preset or --log-format", (unsigned long long)last);
	g->preset = s.preset;
	g->what = s.what;
	g->lines = last;
	g->records = s.records;
	g->unfit = s.unfit;
	return SLO_OK;
}
