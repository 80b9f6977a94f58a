/*
 * ingest.c — the driver of slo-ingest: one raw object in, its canonical
 * events out (or one rejection), with --set, --cohort-from, --good, --where
 * and the rollup applied on the way.  The presets live in ingest_*.c, the
 * map files in map.c.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "ingest_int.h"
#include "event_int.h"
#include "jscan_int.h"
#include "slo_num.h"
#include "slo_line.h"
#include "slo_textlog.h"

/*
 * Strings and events of one object come from an arena reset per object,
 * so the hot path does no malloc once the arena has grown to the largest
 * object seen.
 */
struct block {
	struct block *next;
	size_t cap, used;
	_Alignas(max_align_t) char data[];
};

struct pending {
	slo_event *ev;
	json_t *extra; /* canonical preset: the object, for unknown fields */
	/* slo_ingest_line()'s fast path: the line ev was decoded from, when
	 * nothing changed ev since (see verbatim()) */
	const char *line;
	size_t len;
};

struct setting {
	int field;
	char *label;
	char *value;
};

struct reason {
	char *text;
	uint64_t count;
};

struct slo_ingest {
	slo_preset preset;
	slo_map *map;
	const slo_textlog *text; /* borrowed: a text access log's program */
	struct ing_text_plan *text_plan; /* text's, or NULL: the general path */
	unsigned span_kinds;     /* OTLP span kinds counted: bit per kind */
	int guess;               /* canonical by default: name other forms */
	slo_textlog *guess_text[ING_GUESS_TEXT]; /* compiled at first use */
	uint64_t skipped_before; /* stats.skipped when the object began */
	uint64_t skipped_by[ING_SKIP__COUNT]; /* stats.skipped by why */
	struct setting *sets;
	size_t nsets;
	const slo_expr *cohort_from, *good, *where;
	slo_rollup *rollup;
	struct block *blocks;
	struct pending *pend;
	size_t npend, cappend;
	slo_event_decoder *dec;
	slo_event_decoder *linedec; /* slo_ingest_line()'s */
	uint64_t verbatim;          /* lines written as they came */
	slo_ingest_stats stats;
	struct reason *reasons;
	size_t nreasons;
	slo_buf scratch;
	slo_buf passthru; /* a re-encoded rollup line of this object */
	slo_buf scan;     /* the scanner's copy of a line (line_by_scanner) */
	slo_jrec *rec;    /* a slot preset's slots, made at first use */
};

static const char *const preset_names[SLO_PRESET__COUNT] = {
	"canonical", "otlp", "envoy", "gcp", "ecs", "traefik", "goff",
	"unleash", "map", "text"
};

const char *
slo_preset_name(slo_preset p)
{
	return (unsigned)p < SLO_PRESET__COUNT ? preset_names[p] : "?";
}

int
slo_preset_from_name(const char *name)
{
	for (int i = 0; i < SLO_PRESET_MAP; i++)
		if (strcmp(name, preset_names[i]) == 0)
			return i;
	return -1;
}

static const char *const field_names[F__COUNT] = {
	"kind", "ts", "service", "cohort", "region", "version", "route",
	"status", "latency_ms", "ok", "trace_id", "subject", "flag", "variant",
	"segment", "reason", "error", "result", "id", "state", "source",
	"severity", "labels"
};

int
ing_field_from_name(const char *name)
{
	if (strncmp(name, "labels.", 7) == 0)
		return name[7] != '\0' ? F_LABEL : -1;
	for (int i = 0; i < F_LABEL; i++)
		if (strcmp(name, field_names[i]) == 0)
			return i;
	return -1;
}

const char *
ing_field_name(int f)
{
	return f >= 0 && f < F__COUNT ? field_names[f] : "?";
}

const char **
ing_strfield(slo_event *ev, int f)
{
	switch (f) {
	case F_SERVICE: return &ev->service;
	case F_COHORT: return &ev->cohort;
	case F_REGION: return &ev->region;
	case F_VERSION: return &ev->version;
	case F_ROUTE: return &ev->route;
	case F_TRACE_ID: return &ev->trace_id;
	case F_SUBJECT: return &ev->subject;
	case F_FLAG: return &ev->flag;
	case F_VARIANT: return &ev->variant;
	case F_SEGMENT: return &ev->segment;
	case F_REASON: return &ev->reason;
	case F_ERROR: return &ev->error;
	case F_RESULT: return &ev->result;
	case F_ID: return &ev->id;
	case F_STATE: return &ev->state;
	case F_SOURCE: return &ev->source;
	case F_SEVERITY: return &ev->severity;
	default: return NULL;
	}
}

/* ---- arena ------------------------------------------------------------ */

void *
ing_alloc(slo_ingest *ing, size_t n)
{
	struct block *b = ing->blocks;
	size_t a = _Alignof(max_align_t);

	n = (n + a - 1) / a * a;
	if (b == NULL || b->cap - b->used < n) {
		/* doubled: the newest block is the largest (arena_reset) */
		size_t cap = b != NULL && b->cap <= SIZE_MAX / 4 ? 2 * b->cap :
		    16384;
		if (cap < n)
			cap = n;
		if ((b = malloc(sizeof *b + cap)) == NULL)
			return NULL;
		b->cap = cap;
		b->used = 0;
		b->next = ing->blocks;
		ing->blocks = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

char *
ing_strndup(slo_ingest *ing, const char *s, size_t n)
{
	char *p = ing_alloc(ing, n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/*
 * Keep only the newest block, the largest: after the largest object seen,
 * objects are mapped without malloc, and memory stays flat.
 */
static void
arena_reset(slo_ingest *ing)
{
	struct block *b = ing->blocks, *next;

	if (b == NULL)
		return;
	for (next = b->next; next != NULL; ) {
		struct block *after = next->next;
		free(next);
		next = after;
	}
	b->next = NULL;
	b->used = 0;
}

/* ---- lifetime --------------------------------------------------------- */

slo_ingest *
slo_ingest_new(slo_preset preset)
{
	slo_ingest *ing;

	if ((unsigned)preset >= SLO_PRESET__COUNT)
		return NULL;
	if ((ing = calloc(1, sizeof *ing)) == NULL)
		return NULL;
	ing->preset = preset;
	ing->span_kinds = 1u << 0 | 1u << 2 | 1u << 5;
	if ((ing->dec = slo_event_decoder_new()) == NULL ||
	    (ing->linedec = slo_event_decoder_new()) == NULL) {
		slo_event_decoder_free(ing->dec);
		free(ing);
		return NULL;
	}
	return ing;
}

void
slo_ingest_free(slo_ingest *ing)
{
	if (ing == NULL)
		return;
	arena_reset(ing);
	free(ing->blocks);
	for (size_t i = 0; i < ing->nsets; i++) {
		free(ing->sets[i].label);
		free(ing->sets[i].value);
	}
	free(ing->sets);
	for (size_t i = 0; i < ing->nreasons; i++)
		free(ing->reasons[i].text);
	free(ing->reasons);
	free(ing->pend);
	slo_map_free(ing->map);
	ing_text_plan_free(ing->text_plan);
	for (size_t i = 0; i < ING_GUESS_TEXT; i++)
		slo_textlog_free(ing->guess_text[i]);
	slo_event_decoder_free(ing->dec);
	slo_event_decoder_free(ing->linedec);
	slo_buf_release(&ing->scratch);
	slo_buf_release(&ing->passthru);
	slo_buf_release(&ing->scan);
	slo_jrec_free(ing->rec);
	free(ing);
}

void
slo_ingest_set_map_take(slo_ingest *ing, slo_map *map)
{
	slo_map_free(ing->map);
	ing->map = map;
	ing->preset = SLO_PRESET_MAP;
}

/* OTLP's SpanKind, by value (opentelemetry-proto trace.proto). */
static const char *const span_kind_names[] = {
	"unspecified", "internal", "server", "client", "producer", "consumer"
};

slo_status
slo_ingest_set_span_kinds(slo_ingest *ing, const char *list, slo_error *err)
{
	unsigned mask = 0;
	const char *p = list;

	while (*p != '\0') {
		size_t n = strcspn(p, ","), k;

		for (k = 0; k < 6; k++)
			if (strlen(span_kind_names[k]) == n &&
			    strncmp(p, span_kind_names[k], n) == 0)
				break;
		if (k == 6)
			return slo_error_set(err, SLO_EINVAL, "", 0, 0,
			    "unknown span kind '%.*s': want unspecified, "
			    "internal, server, client, producer or consumer",
			    (int)n, p);
		mask |= 1u << k;
		p += n + (p[n] == ',');
	}
	if (mask == 0)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "no span kind given");
	ing->span_kinds = mask;
	return SLO_OK;
}

int
ing_span_counted(const slo_ingest *ing, int kind)
{
	return kind >= 0 && kind < 6 && (ing->span_kinds >> kind & 1u);
}

void
slo_ingest_set_guess(slo_ingest *ing, int on)
{
	ing->guess = on;
}

/*
 * The plan is only a shortcut: when it cannot be made, ing_text_apply()
 * takes the general path, with the same results.
 */
void
slo_ingest_set_textlog(slo_ingest *ing, const slo_textlog *tl)
{
	ing_text_plan_free(ing->text_plan);
	ing->text_plan = tl != NULL ? ing_text_plan_new(tl) : NULL;
	ing->text = tl;
	ing->preset = SLO_PRESET_TEXT;
}

const struct ing_text_plan *
ing_text_plan_of(const slo_ingest *ing, const slo_textlog *tl)
{
	return tl == ing->text ? ing->text_plan : NULL;
}

slo_status
slo_ingest_set(slo_ingest *ing, const char *assignment, slo_error *err)
{
	const char *eq = strchr(assignment, '=');
	char name[128];
	struct setting *s;
	size_t bad;
	int f;

	if (eq == NULL || eq == assignment)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "expected FIELD=VALUE in '%s'", assignment);
	if ((size_t)(eq - assignment) >= sizeof name)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "field name too long in '%s'", assignment);
	memcpy(name, assignment, (size_t)(eq - assignment));
	name[eq - assignment] = '\0';
	f = ing_field_from_name(name);
	if (f < 0 || (f != F_LABEL && ing_strfield(&(slo_event){0}, f) == NULL))
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "'%s' is not a string field of an event (service, cohort, "
		    "region, version, route, subject, labels.NAME, ...)", name);
	if (eq[1] == '\0')
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "empty value for '%s'", name);
	/* the value is written into every event: no reader takes bad UTF-8 */
	if (!slo_utf8_valid(eq + 1, strlen(eq + 1), &bad))
		return slo_error_set(err, SLO_EUTF8, "", 0, 0,
		    "value for '%s' is not valid utf-8 (byte %zu)", name,
		    bad + 1);
	s = realloc(ing->sets, (ing->nsets + 1) * sizeof *s);
	if (s == NULL)
		return ing_nomem(err);
	ing->sets = s;
	s = &ing->sets[ing->nsets];
	s->field = f;
	s->label = f == F_LABEL ? strdup(name + 7) : NULL;
	s->value = strdup(eq + 1);
	if (s->value == NULL || (f == F_LABEL && s->label == NULL)) {
		free(s->label);
		free(s->value);
		return ing_nomem(err);
	}
	ing->nsets++;
	return SLO_OK;
}

void
slo_ingest_set_cohort_from(slo_ingest *ing, const slo_expr *e)
{
	ing->cohort_from = e;
}

void
slo_ingest_set_good(slo_ingest *ing, const slo_expr *e)
{
	ing->good = e;
}

void
slo_ingest_set_where(slo_ingest *ing, const slo_expr *e)
{
	ing->where = e;
}

void
slo_ingest_set_rollup(slo_ingest *ing, slo_rollup *r)
{
	ing->rollup = r;
}

uint64_t
ing_verbatim_count(const slo_ingest *ing)
{
	return ing->verbatim;
}

slo_ingest_stats
slo_ingest_get_stats(const slo_ingest *ing)
{
	return ing->stats;
}

size_t
slo_ingest_nreasons(const slo_ingest *ing)
{
	return ing->nreasons;
}

const char *
slo_ingest_reason(const slo_ingest *ing, size_t i, uint64_t *count)
{
	if (i >= ing->nreasons)
		return NULL;
	if (count != NULL)
		*count = ing->reasons[i].count;
	return ing->reasons[i].text;
}

/* ---- helpers for presets ---------------------------------------------- */

slo_status
ing_reject(slo_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return SLO_EINVAL;
	slo_error_clear(err);
	err->status = SLO_EINVAL;
	va_start(ap, fmt);
	slo_vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return SLO_EINVAL;
}

slo_status
ing_nomem(slo_error *err)
{
	return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
}

int
ing_wants_raw(const slo_ingest *ing)
{
	return ing->cohort_from != NULL;
}

void
ing_skipped(slo_ingest *ing, enum ing_skip why)
{
	ing->stats.skipped++;
	ing->skipped_by[why]++;
}

const char *
slo_ingest_skip_reason(const slo_ingest *ing, size_t i, uint64_t *count)
{
	static const char *const why[ING_SKIP__COUNT] = {
		"goff tracking event",
		"otlp log record neither http nor a flag evaluation",
		"otlp span kind unspecified", "otlp span kind internal",
		"otlp span kind server", "otlp span kind client",
		"otlp span kind producer", "otlp span kind consumer",
	};

	if (i >= ING_SKIP__COUNT)
		return NULL;
	if (count != NULL)
		*count = ing->skipped_by[i];
	return why[i];
}

slo_event *
ing_event(slo_ingest *ing, slo_kind kind)
{
	slo_event *ev;

	if (ing->npend == ing->cappend) {
		size_t cap = ing->cappend ? 2 * ing->cappend : 16;
		struct pending *p = realloc(ing->pend, cap * sizeof *p);
		if (p == NULL)
			return NULL;
		ing->pend = p;
		ing->cappend = cap;
	}
	if ((ev = ing_alloc(ing, sizeof *ev)) == NULL)
		return NULL;
	memset(ev, 0, sizeof *ev);
	ev->kind = kind;
	ev->ok = 1;
	ing->pend[ing->npend].ev = ev;
	ing->pend[ing->npend].extra = NULL;
	ing->pend[ing->npend].line = NULL;
	ing->npend++;
	return ev;
}

static slo_status
kv_put(slo_ingest *ing, slo_kv **arr, size_t *n, const char *key,
    const char *val)
{
	slo_kv *a;

	for (size_t i = 0; i < *n; i++) {
		if (strcmp((*arr)[i].key, key) == 0) {
			/* the array may be the decoder's: copy it first */
			if ((a = ing_alloc(ing, *n * sizeof *a)) == NULL)
				return SLO_ENOMEM;
			memcpy(a, *arr, *n * sizeof *a);
			a[i].val = val;
			*arr = a;
			return SLO_OK;
		}
	}
	/* grown by copying: events hold a handful of labels */
	if ((a = ing_alloc(ing, (*n + 1) * sizeof *a)) == NULL)
		return SLO_ENOMEM;
	if (*n > 0)
		memcpy(a, *arr, *n * sizeof *a);
	a[*n].key = key;
	a[*n].val = val;
	*arr = a;
	(*n)++;
	return SLO_OK;
}

slo_status
ing_label(slo_ingest *ing, slo_event *ev, const char *key, const char *val)
{
	return kv_put(ing, &ev->labels, &ev->nlabels, key, val);
}

slo_status
ing_flag(slo_ingest *ing, slo_event *ev, const char *key, const char *val)
{
	return kv_put(ing, &ev->flags, &ev->nflags, key, val);
}

int
ing_junset(const slo_jval *v)
{
	if (!v->present || v->type == JSON_NULL)
		return 1;
	if (v->type != JSON_STRING)
		return 0;
	return v->len == 0 || (v->len == 1 && v->str[0] == '-');
}

int
ing_unset(json_t *v)
{
	slo_jval jv;

	slo_jval_of(v, &jv);
	return ing_junset(&jv);
}

const char *
ing_jtext(slo_ingest *ing, const slo_jval *v)
{
	char tmp[32];
	int n;

	if (ing_junset(v))
		return NULL;
	switch (v->type) {
	case JSON_STRING:
		return v->str;
	case JSON_INTEGER:
		n = slo_snprintf(tmp, sizeof tmp, "%lld", (long long)v->i);
		return ing_strndup(ing, tmp, (size_t)n);
	case JSON_REAL:
		slo_buf_reset(&ing->scratch);
		if (slo_buf_json_num(&ing->scratch, v->num) != SLO_OK)
			return NULL;
		return ing_strndup(ing, ing->scratch.data, ing->scratch.len);
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	default:
		return NULL;
	}
}

const char *
ing_text(slo_ingest *ing, json_t *v)
{
	slo_jval jv;

	slo_jval_of(v, &jv);
	return ing_jtext(ing, &jv);
}

const char *
ing_path_text(slo_ingest *ing, json_t *obj, const char *path)
{
	return ing_text(ing, slo_json_path(obj, path, strlen(path)));
}

/* The bytes that end a URL's parts: 1 ends the path ('?', '#' and the
 * NUL), 2 ends the scheme and the authority too ('/'). */
static const unsigned char url_stop[256] = { ['\0'] = 1, ['?'] = 1,
    ['#'] = 1, ['/'] = 2 };

const char *
ing_url_path(slo_ingest *ing, const char *url)
{
	const unsigned char *u = (const unsigned char *)url, *p = u, *e;

	if (url == NULL)
		return NULL;
	/* absolute URL: skip scheme://authority (the "://" before the
	 * first of "/?#", so its "//" is that first byte and the next) */
	while (url_stop[*p] == 0)
		p++;
	if (p > u && p[-1] == ':' && p[0] == '/' && p[1] == '/') {
		/* a host name is long: libc's search, not byte by byte */
		p += 2;
		p += strcspn((const char *)p, "/?#");
	} else {
		p = u;
	}
	for (e = p; url_stop[*e] != 1; e++)
		;
	if (e == p)
		return "/";
	if (*e == '\0')
		return (const char *)p;
	return ing_strndup(ing, (const char *)p, (size_t)(e - p));
}

/*
 * ing_url_path() of s[0..n) cut at its first NUL, as a copy of it would
 * be, without that copy: a text log's path is a span of its line.  The
 * result is the arena's copy, or "/".  A "://" makes an absolute URL only
 * when it comes before the first of "/?#", so only there can it start:
 * its ':' just before that byte, which is the "//".
 */
const char *
ing_url_path_n(slo_ingest *ing, const char *s, size_t n)
{
	const unsigned char *stop = url_stop;
	const unsigned char *u = (const unsigned char *)s, *end = u + n, *p = u;
	const unsigned char *e;

	/* to the first of "/?#", or to a NUL */
	while (p < end && stop[*p] == 0)
		p++;
	if (p > u && p[-1] == ':' && end - p >= 2 && p[0] == '/' &&
	    p[1] == '/') {
		/* skip scheme://authority */
		for (p += 2; p < end && stop[*p] == 0; p++)
			;
	} else {
		p = u;
	}
	for (e = p; e < end && stop[*e] != 1; e++)
		;
	if (e == p)
		return "/";
	return ing_strndup(ing, (const char *)p, (size_t)(e - p));
}

/* ---- finishing an event ----------------------------------------------- */

static const char *
value_text(slo_ingest *ing, const slo_value *v)
{
	char tmp[64];

	switch (v->type) {
	case SLO_V_STR:
		return v->len > 0 ? ing_strndup(ing, v->str, v->len) : NULL;
	case SLO_V_NUM:
		slo_buf_reset(&ing->scratch);
		if (slo_buf_json_num(&ing->scratch, v->num) != SLO_OK ||
		    ing->scratch.len >= sizeof tmp)
			return NULL;
		return ing_strndup(ing, ing->scratch.data, ing->scratch.len);
	case SLO_V_BOOL:
		return v->b ? "true" : "false";
	default:
		return NULL;
	}
}

/*
 * Whether s (n bytes) holds a byte 'A' .. 'F', eight bytes at a time: a
 * byte's low seven bits plus 0x3f reach 0x80 from 'A' on, plus 0x39 from
 * 'G' on (no carry leaves a byte below 0x80), and its own high bit is
 * clear.
 */
static int
upper_hex(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = ones * 0x80;
	uint64_t w, low, found = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		low = w & ~highs;
		found |= (low + ones * 0x3f) & ~(low + ones * 0x39) & ~w;
	}
	for (; i < n; i++)
		if ((unsigned char)(s[i] - 'A') < 6)
			return 1;
	return (found & highs) != 0;
}

/*
 * W3C trace ids are lower-case hex, and sources that write them in upper
 * case (some SDKs, proxies) would not join with them: an id of hex digits
 * and dashes is lowered; any other id is kept as it is.  NULL only when
 * out of memory.
 */
static const char *
trace_id_lower(slo_ingest *ing, const char *id)
{
	size_t n = strlen(id);
	char *low;

	/* most ids have no upper-case hex digit, and are kept as they are */
	if (!upper_hex(id, n))
		return id;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F') || c == '-'))
			return id;
	}
	if ((low = ing_strndup(ing, id, n)) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (low[i] >= 'A' && low[i] <= 'F')
			low[i] = (char)(low[i] - 'A' + 'a');
	return low;
}

slo_status
ing_event_done(slo_ingest *ing, slo_event *ev, json_t *raw, slo_error *err)
{
	for (size_t i = 0; i < ing->nsets; i++) {
		struct setting *s = &ing->sets[i];
		if (s->field == F_LABEL) {
			if (ing_label(ing, ev, s->label, s->value) != SLO_OK)
				goto nomem;
		} else {
			*ing_strfield(ev, s->field) = s->value;
		}
	}
	if (ing->cohort_from != NULL) {
		slo_value v = { .type = SLO_V_MISSING };
		if (raw != NULL)
			v = slo_expr_value_json(ing->cohort_from, raw);
		if (v.type == SLO_V_MISSING || v.type == SLO_V_NULL)
			v = slo_expr_value_event(ing->cohort_from, ev);
		const char *c = value_text(ing, &v);
		if (c != NULL)
			ev->cohort = c;
	}
	/* canonical lines are passed on as written */
	if (ev->trace_id != NULL && ing->preset != SLO_PRESET_CANONICAL &&
	    (ev->trace_id = trace_id_lower(ing, ev->trace_id)) == NULL)
		goto nomem;
	if (ev->kind == SLO_KIND_REQUEST) {
		if (ing->good != NULL) {
			ev->ok = slo_expr_match_event(ing->good, ev) ? 1 : 0;
			ev->has |= SLO_HAS_OK;
		} else if (!(ev->has & SLO_HAS_OK) &&
		    ing->preset != SLO_PRESET_CANONICAL) {
			/* status 0 means no response was sent: never good */
			ev->ok = (ev->has & SLO_HAS_STATUS) ?
			    ev->status != 0 && ev->status < 500 : 1;
			ev->has |= SLO_HAS_OK;
		}
	}
	return SLO_OK;
nomem:
	return ing_nomem(err);
}

/* ---- canonical preset ------------------------------------------------- */

/*
 * A rollup line: merged into the --rollup accumulator, or else re-encoded
 * in canonical form (through a rollup of that one line) and written as is.
 */
static slo_status
rollup_line(slo_ingest *ing, json_t *obj, slo_error *err)
{
	slo_rollup *r;
	slo_status st;

	if (ing->rollup != NULL) {
		st = slo_rollup_merge_json(ing->rollup, obj, err);
		if (st == SLO_OK)
			ing->stats.merged++;
		return st;
	}
	if ((r = slo_rollup_new(0)) == NULL)
		return ing_nomem(err);
	st = slo_rollup_merge_json(r, obj, err);
	if (st == SLO_OK && slo_rollup_encode(r, &ing->passthru) != SLO_OK)
		st = ing_nomem(err);
	slo_rollup_free(r);
	return st;
}

static slo_status
canonical(slo_ingest *ing, json_t *obj, slo_error *err, int *handled)
{
	json_t *kind = json_object_get(obj, "kind");
	slo_event *ev;
	slo_status st;

	if (json_is_string(kind) &&
	    strcmp(json_string_value(kind), "rollup") == 0) {
		*handled = 1;
		return rollup_line(ing, obj, err);
	}
	if (ing->guess) {
		const char *what, *preset = ing_guess_json(obj, &what);

		if (preset != NULL)
			return ing_reject(err, "this looks like %s; try --preset %s",
			    what, preset);
	}
	if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
		return ing_nomem(err);
	if ((st = slo_event_from_json(ing->dec, obj, ev, err)) != SLO_OK)
		return st;
	ing->pend[ing->npend - 1].extra = obj;
	return ing_event_done(ing, ev, obj, err);
}

/* ---- one object ------------------------------------------------------- */

/* Adds count rejections of reason msg[0 .. n) to the tally. */
static void
reason_add(slo_ingest *ing, const char *msg, size_t n, uint64_t count)
{
	struct reason *r;

	for (size_t i = 0; i < ing->nreasons; i++) {
		if (strlen(ing->reasons[i].text) == n &&
		    memcmp(ing->reasons[i].text, msg, n) == 0) {
			ing->reasons[i].count += count;
			return;
		}
	}
	/* bounded: odd messages fold into one reason rather than grow */
	if (ing->nreasons >= 64)
		msg = "other", n = 5;
	if ((r = realloc(ing->reasons, (ing->nreasons + 1) * sizeof *r)) == NULL)
		return;
	ing->reasons = r;
	r = &ing->reasons[ing->nreasons];
	if ((r->text = strndup(msg, n)) == NULL)
		return;
	r->count = count;
	ing->nreasons++;
}

/* Tallies a rejection by the fixed phrase of its message. */
static void
count_reason(slo_ingest *ing, const char *msg)
{
	size_t n = strcspn(msg, ":");

	if (n == 0)
		msg = "rejected", n = strlen(msg);
	reason_add(ing, msg, n, 1);
}

slo_status
slo_ingest_merge(slo_ingest *dst, const slo_ingest *src, slo_error *err)
{
	uint64_t a[SLO_INGEST_NSTATS], b[SLO_INGEST_NSTATS];
	slo_status st;

	if ((dst->rollup == NULL) != (src->rollup == NULL))
		return slo_error_set(err, SLO_EMISMATCH, "", 0, 0,
		    "merging an engine with a rollup and one without");
	if (src->rollup != NULL && dst->rollup != src->rollup &&
	    (st = slo_rollup_merge(dst->rollup, src->rollup, err)) != SLO_OK)
		return st;
	slo_ingest_stats_to(&dst->stats, a);
	slo_ingest_stats_to(&src->stats, b);
	for (size_t i = 0; i < SLO_INGEST_NSTATS; i++)
		a[i] += b[i];
	dst->stats = slo_ingest_stats_from(a);
	dst->verbatim += src->verbatim;
	for (size_t i = 0; i < ING_SKIP__COUNT; i++)
		dst->skipped_by[i] += src->skipped_by[i];
	for (size_t i = 0; i < src->nreasons; i++)
		reason_add(dst, src->reasons[i].text,
		    strlen(src->reasons[i].text), src->reasons[i].count);
	return SLO_OK;
}

void
slo_ingest_stats_to(const slo_ingest_stats *s, uint64_t *v)
{
	v[0] = s->objects;
	v[1] = s->rejected;
	v[2] = s->events;
	v[3] = s->written;
	v[4] = s->filtered;
	v[5] = s->rolled;
	v[6] = s->merged;
	v[7] = s->skipped;
	v[8] = s->skipped_objects;
}

slo_ingest_stats
slo_ingest_stats_from(const uint64_t *v)
{
	slo_ingest_stats s;

	s.objects = v[0];
	s.rejected = v[1];
	s.events = v[2];
	s.written = v[3];
	s.filtered = v[4];
	s.rolled = v[5];
	s.merged = v[6];
	s.skipped = v[7];
	s.skipped_objects = v[8];
	return s;
}

const slo_jslots *
ing_preset_slots(slo_preset p)
{
	switch (p) {
	case SLO_PRESET_ENVOY: return &ing_envoy_slots;
	case SLO_PRESET_GCP: return &ing_gcp_slots;
	case SLO_PRESET_ECS: return &ing_ecs_slots;
	case SLO_PRESET_TRAEFIK: return &ing_traefik_slots;
	default: return NULL;
	}
}

/* The slots of ing's preset, made at first use; NULL when out of memory. */
static slo_jrec *
preset_rec(slo_ingest *ing)
{
	if (ing->rec == NULL)
		ing->rec = slo_jrec_new(ing_preset_slots(ing->preset));
	return ing->rec;
}

/* A slot preset's mapping of the slots r; raw as in ing_envoy(). */
static slo_status
map_slots(slo_ingest *ing, const slo_jrec *r, json_t *raw, slo_error *err)
{
	switch (ing->preset) {
	case SLO_PRESET_ENVOY: return ing_envoy(ing, r, raw, err);
	case SLO_PRESET_GCP: return ing_gcp(ing, r, raw, err);
	case SLO_PRESET_ECS: return ing_ecs(ing, r, raw, err);
	default: return ing_traefik(ing, r, raw, err);
	}
}

static slo_status
map_object(slo_ingest *ing, json_t *obj, slo_error *err, int *handled)
{
	slo_jrec *r;

	if (ing_preset_slots(ing->preset) != NULL) {
		if ((r = preset_rec(ing)) == NULL || !slo_jrec_load(r, obj))
			return ing_nomem(err);
		return map_slots(ing, r, obj, err);
	}
	switch (ing->preset) {
	case SLO_PRESET_CANONICAL: return canonical(ing, obj, err, handled);
	case SLO_PRESET_OTLP: return ing_otlp(ing, obj, err);
	case SLO_PRESET_GOFF: return ing_goff(ing, obj, err);
	case SLO_PRESET_UNLEASH: return ing_unleash(ing, obj, err);
	case SLO_PRESET_MAP: return ing_map_apply(ing, ing->map, obj, err);
	default: return ing_reject(err, "no preset");
	}
}

/*
 * Whether latency text t (n bytes) is what slo_buf_json_num() writes for
 * the double it reads as.  Conservative: 1 only for plain decimals
 * "0", [1-9][0-9]* or (0|[1-9][0-9]*).[0-9]*[1-9] of at most 15
 * significant digits and not below 1e-4.  Any such decimal is the only
 * one of 15 digits or fewer that reads as its double (DBL_DIG is 15), so
 * it is the shortest that reads back, and %g prints it without an
 * exponent (integers below 1e15 as %lld).  Checked against the encoder
 * in tests/unit/test_ingest.c.
 */
int
ing_plain_num(const char *t, size_t n)
{
	size_t i = 0, sig = 0, lead = 0;

	if (n == 0)
		return 0;
	if (n == 1 && t[0] == '0')
		return 1;
	if (t[0] == '0') {
		if (n < 3 || t[1] != '.')
			return 0;
		for (i = 2; i < n && t[i] == '0'; i++)
			lead++;
		if (lead > 3)
			return 0;
	} else {
		for (; i < n && t[i] >= '0' && t[i] <= '9'; i++)
			sig++;
		if (sig == 0)
			return 0;
		if (i == n)
			return sig <= 15;
		if (t[i] != '.')
			return 0;
		i++;
	}
	if (i == n)
		return 0;
	for (; i < n; i++) {
		if (t[i] < '0' || t[i] > '9')
			return 0;
		sig++;
	}
	return sig <= 15 && t[n - 1] != '0';
}

/*
 * Whether slo_event_encode(ev, NULL) would write line (n bytes, '\n'
 * aside), for an event that the fast path decoded from it and nothing has
 * changed since.  The fast path takes the fixed form of the encoder with
 * a little latitude, which this checks conservatively (0 when unsure, and
 * the event is encoded): fields are in the encoder's order and every
 * member is a field, so what may differ is escapes (a line with none
 * holds its strings as the encoder writes them), empty labels or flags
 * (which the encoder omits), and how ts and latency_ms are spelled.
 */
static int
verbatim(const char *line, size_t n, const slo_event *ev)
{
	const char *p, *end = line + n, *q;
	char tb[SLO_TIME_BUFSZ];
	size_t tl;

	if (memchr(line, '\\', n) != NULL)
		return 0;
	for (p = line + 1; (p = memchr(p, '{', (size_t)(end - p))) != NULL; p++)
		if (p + 1 < end && p[1] == '}')
			return 0;
	/* {"kind":"NAME" then, ts being the first field, ,"ts":"T" */
	p = line + 9 + strlen(slo_kind_name(ev->kind)) + 1;
	if (ev->has & SLO_HAS_TS) {
		if ((size_t)(end - p) < 7 || memcmp(p, ",\"ts\":\"", 7) != 0)
			return 0;
		p += 7;
		tl = slo_time_format(ev->ts, tb);
		if ((size_t)(end - p) < tl + 1 || memcmp(p, tb, tl) != 0 ||
		    p[tl] != '"')
			return 0;
		p += tl + 1;
	}
	if (ev->has & SLO_HAS_LATENCY) {
		static const char key[] = ",\"latency_ms\":";
		/* a key, not a string's text: strings hold no quote here */
		for (q = p; (q = memchr(q, ',', (size_t)(end - q))) != NULL;
		    q++)
			if ((size_t)(end - q) > sizeof key - 1 &&
			    memcmp(q, key, sizeof key - 1) == 0)
				break;
		if (q == NULL)
			return 0;
		q += sizeof key - 1;
		for (p = q; p < end && *p != ',' && *p != '}'; p++)
			;
		if (p == q || !ing_plain_num(q, (size_t)(p - q)))
			return 0;
	}
	return 1;
}

static void
object_begin(slo_ingest *ing, slo_error *err, int full)
{
	arena_reset(ing);
	ing->npend = 0;
	ing->skipped_before = ing->stats.skipped;
	slo_buf_reset(&ing->passthru);
	if (full)
		slo_error_clear(err);
	else if (err != NULL) {
		/* the fast path's rejections set all of err: spare the
		 * memset of 800 bytes a line */
		err->status = SLO_OK;
		err->file[0] = '\0';
		err->line = err->col = 0;
		err->msg[0] = '\0';
	}
}

/*
 * The end of mapping one object, whose mapping returned st: the checks
 * that need all its events, the tally of a rejection, or else --where, the
 * rollup and the encoding of each pending event.
 */
static slo_status
object_end(slo_ingest *ing, slo_status st, int handled, slo_buf *out,
    slo_error *err)
{
	size_t mark = out->len;
	/* no event: valid when its records were all skipped (client spans,
	 * tracking events), else a reject */
	int no_event = ing->npend == 0 && !handled,
	    all_skipped = no_event && ing->stats.skipped > ing->skipped_before;

	if (st == SLO_OK && no_event && !all_skipped)
		st = ing_reject(err, "no event in record");
	if (st == SLO_OK && ing->rollup != NULL) {
		for (size_t i = 0; i < ing->npend; i++) {
			slo_event *ev = ing->pend[i].ev;
			if (ev->kind == SLO_KIND_REQUEST &&
			    !(ev->has & SLO_HAS_TS)) {
				st = ing_reject(err, "no ts to roll up");
				break;
			}
		}
	}
	if (st != SLO_OK) {
		if (err != NULL && err->msg[0] == '\0')
			slo_error_set(err, st, "", 0, 0, "%s", slo_strerror(st));
		ing->stats.rejected++;
		count_reason(ing, err != NULL ? err->msg : "rejected");
		return st;
	}
	ing->stats.objects++;
	ing->stats.skipped_objects += all_skipped;
	if (ing->passthru.len > 0) {
		if (slo_buf_append(out, ing->passthru.data, ing->passthru.len) !=
		    SLO_OK)
			goto nomem;
		ing->stats.written++;
	}
	for (size_t i = 0; i < ing->npend; i++) {
		slo_event *ev = ing->pend[i].ev;
		ing->stats.events++;
		if (ing->where != NULL && !slo_expr_match_event(ing->where, ev)) {
			ing->stats.filtered++;
			continue;
		}
		if (ing->rollup != NULL && ev->kind == SLO_KIND_REQUEST) {
			if (slo_rollup_add(ing->rollup, ev) != SLO_OK)
				goto nomem;
			ing->stats.rolled++;
			continue;
		}
		if (ing->pend[i].line != NULL &&
		    verbatim(ing->pend[i].line, ing->pend[i].len, ev)) {
			if (slo_buf_append(out, ing->pend[i].line,
			    ing->pend[i].len) != SLO_OK ||
			    slo_buf_putc(out, '\n') != SLO_OK)
				goto nomem;
			ing->verbatim++;
		} else if (slo_event_encode(ev, ing->pend[i].extra, out) !=
		    SLO_OK)
			goto nomem;
		ing->stats.written++;
	}
	return SLO_OK;
nomem:
	out->len = mark;
	return ing_nomem(err);
}

slo_status
slo_ingest_object(slo_ingest *ing, json_t *obj, slo_buf *out, slo_error *err)
{
	int handled = 0;
	slo_status st;

	object_begin(ing, err, 1);
	if (!json_is_object(obj))
		st = ing_reject(err, "not a json object");
	else if (ing->text != NULL)
		st = ing_reject(err, "a text access log, not a json object");
	else
		st = map_object(ing, obj, err, &handled);
	return object_end(ing, st, handled, out, err);
}

/*
 * What the input layer's object reading (slo_line_classify()) and
 * slo_ingest_object() together make of a line, for any preset: the
 * line-level rejections come with the classifier's reasons and columns,
 * and are not the engine's to tally.
 */
static slo_status
line_by_jansson(slo_ingest *ing, const char *line, size_t n, slo_buf *out,
    slo_error *err)
{
	json_t *obj = NULL;
	slo_status st;

	slo_error_clear(err);
	if (slo_line_classify(SLO_LINE_AS_OBJECT, line, n, NULL, &obj, NULL,
	    err) != SLO_LINE_ACCEPTED) {
		const char *what, *preset;

		if (ing->guess && err->status == SLO_ESYNTAX &&
		    (preset = ing_guess_text(ing->guess_text, line, n,
		    &what)) != NULL)
			slo_error_set(err, SLO_ESYNTAX, "", 0, 1, "this looks like "
			    "%s; try --preset %s", what, preset);
		return err->status;
	}
	st = slo_ingest_object(ing, obj, out, err);
	json_decref(obj);
	return st;
}

/*
 * What a JSON preset reads of a raw record, for the selective scanner to
 * build: the whole record when --cohort-from may read any member of it
 * (the slot presets too, which read slots otherwise), otlp's projection
 * (slo_jpath.h); NULL for the other presets and cases.
 */
static const slo_jproj *
preset_proj(const slo_ingest *ing)
{
	static const slo_jproj whole = { NULL, NULL, 1 };
	int otlp = ing->preset == SLO_PRESET_OTLP;

	if (ing->cohort_from != NULL)
		return otlp || ing_preset_slots(ing->preset) != NULL ? &whole :
		    NULL;
	return otlp ? &ing_otlp_proj : NULL;
}

/*
 * line (n bytes) into ing->scan with the NUL and padding the scanner needs
 * (its data NULL when out of memory); whether the line is all ASCII,
 * checked on the way, 8 bytes at a time, so that only the others need a
 * full UTF-8 check.
 */
static int
scan_copy(slo_ingest *ing, const char *line, size_t n)
{
	uint64_t w, high = 0;
	size_t i = 0;
	char *d;

	slo_buf_reset(&ing->scan);
	if (slo_buf_reserve(&ing->scan, n + 1 + JSCAN_PAD + 8) != SLO_OK) {
		slo_buf_release(&ing->scan);
		return 1;
	}
	d = ing->scan.data;
#if defined(__SSE2__)
	{
		/* 64 bytes a turn in four vectors; their high bits or'ed */
		__m128i acc = _mm_setzero_si128();

		for (; i + 64 <= n; i += 64) {
			__m128i a = _mm_loadu_si128((const void *)(line + i));
			__m128i b = _mm_loadu_si128((const void *)(line + i + 16));
			__m128i c = _mm_loadu_si128((const void *)(line + i + 32));
			__m128i e = _mm_loadu_si128((const void *)(line + i + 48));

			_mm_storeu_si128((void *)(d + i), a);
			_mm_storeu_si128((void *)(d + i + 16), b);
			_mm_storeu_si128((void *)(d + i + 32), c);
			_mm_storeu_si128((void *)(d + i + 48), e);
			acc = _mm_or_si128(acc, _mm_or_si128(_mm_or_si128(a, b),
			    _mm_or_si128(c, e)));
		}
		for (; i + 16 <= n; i += 16) {
			__m128i a = _mm_loadu_si128((const void *)(line + i));

			_mm_storeu_si128((void *)(d + i), a);
			acc = _mm_or_si128(acc, a);
		}
		high = _mm_movemask_epi8(acc) != 0 ? 0x80 : 0;
	}
#endif
	/* 32 bytes a turn: the loop's own cost is most of it */
	for (; i + 32 <= n; i += 32) {
		uint64_t x[4];

		memcpy(x, line + i, 32);
		memcpy(d + i, x, 32);
		high |= x[0] | x[1] | x[2] | x[3];
	}
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, line + i, 8);
		memcpy(d + i, &w, 8);
		high |= w;
	}
	for (; i < n; i++) {
		d[i] = line[i];
		high |= (unsigned char)line[i];
	}
	memset(d + n, 0, 1 + JSCAN_PAD);
	return (high & 0x8080808080808080ULL) == 0;
}

/*
 * An otlp line (the only preset with a projection now): mapped by the walk
 * over the scanner (ing_otlp_scan()); a line the walk hands over is read
 * by the scanner into the object of only the members the preset reads
 * (slo_jproj_load()), then mapped as jansson's object of the line would
 * be: the preset finds the same values there, so it gives the same events
 * or the same rejection.  The lines the scanner
 * hands over go to line_by_jansson(), which then gives the verdict: lines
 * that are not valid UTF-8 or not JSON, JSON other than an object, and
 * the valid JSON the scanner refuses (nesting deeper than 64, integers of
 * more than 19 digits; jscan_int.h).
 */
static slo_status
line_by_scanner(slo_ingest *ing, const slo_jproj *p, const char *line,
    size_t n, slo_buf *out, slo_error *err)
{
	json_t *obj;
	size_t bad;
	slo_status st;

	if (!scan_copy(ing, line, n) && !slo_utf8_valid(line, n, &bad))
		return line_by_jansson(ing, line, n, out, err);
	if (p == &ing_otlp_proj && ing->scan.data != NULL) {
		/* the otlp preset walks the scanner itself */
		object_begin(ing, err, 0);
		if (ing_otlp_scan(ing, ing->scan.data, n, &st, err))
			return object_end(ing, st, 0, out, err);
		scan_copy(ing, line, n); /* the walk unescaped in place */
	}
	if (ing->scan.data == NULL ||
	    (obj = slo_jproj_load(p, ing->scan.data, n)) == NULL)
		return line_by_jansson(ing, line, n, out, err);
	st = slo_ingest_object(ing, obj, out, err);
	json_decref(obj);
	return st;
}

/*
 * A raw record of a slot preset read by the selective scanner straight
 * into its slots (slo_jrec_scan()) and mapped from them: jansson's object
 * of the line gives the same slots (slo_jrec_load()), so the preset gives
 * the same events or the same rejection.  The lines the scanner hands
 * over go to line_by_jansson(), as in line_by_scanner().  Not with
 * --cohort-from, which reads any member of the record (preset_proj()).
 */
static slo_status
line_by_slots(slo_ingest *ing, const char *line, size_t n, slo_buf *out,
    slo_error *err)
{
	slo_jrec *r = preset_rec(ing);
	size_t bad;

	if (!scan_copy(ing, line, n) && !slo_utf8_valid(line, n, &bad))
		return line_by_jansson(ing, line, n, out, err);
	if (r == NULL || ing->scan.data == NULL ||
	    !slo_jrec_scan(r, ing->scan.data, n))
		return line_by_jansson(ing, line, n, out, err);
	/* the presets' rejections set all of err (ing_reject()) */
	object_begin(ing, err, 0);
	return object_end(ing, map_slots(ing, r, NULL, err), 0, out, err);
}

int
slo_ingest_reads_lines(const slo_ingest *ing)
{
	return ing->text != NULL || ing->preset == SLO_PRESET_CANONICAL ||
	    preset_proj(ing) != NULL || ing_preset_slots(ing->preset) != NULL;
}

slo_status
slo_ingest_line(slo_ingest *ing, const char *line, size_t n, slo_buf *out,
    slo_error *err)
{
	const slo_jproj *proj;
	slo_event fast, *ev;
	slo_status st;

	if (ing->text != NULL) {
		/* a text access log: matched by its compiled format, whose
		 * rejections set all of err */
		object_begin(ing, err, 0);
		return object_end(ing, ing_text_apply(ing, ing->text, line, n,
		    NULL, err), 0, out, err);
	}
	/*
	 * --cohort-from reads the raw record, which the fast path does not
	 * build; other presets need the object anyway, of the members they
	 * read.
	 */
	if ((proj = preset_proj(ing)) != NULL)
		return line_by_scanner(ing, proj, line, n, out, err);
	if (ing_preset_slots(ing->preset) != NULL)
		return line_by_slots(ing, line, n, out, err);
	if (ing->preset != SLO_PRESET_CANONICAL || ing->cohort_from != NULL)
		return line_by_jansson(ing, line, n, out, err);
	if (slo_event_decode(ing->linedec, line, n, &fast, err) != SLO_OK)
		/* a rejection: let the usual path give its reason and column */
		return line_by_jansson(ing, line, n, out, err);
	if (fast.json != NULL)
		/*
		 * Parsed by jansson into the object the usual path would
		 * get: it succeeded without JSON_ALLOW_NUL, which only ever
		 * makes jansson accept more, and gave an object.
		 */
		return slo_ingest_object(ing, fast.json, out, err);
	/*
	 * The fast path: the line is in the fixed form, so it has no member
	 * that is not a field of its kind (no extra to carry) and is not a
	 * rollup, and slo_event_from_json() on its object would give this
	 * very event (tests/unit/test_event.c checks both decoders agree).
	 */
	object_begin(ing, err, 0);
	if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
		st = ing_nomem(err);
	else {
		*ev = fast;
		st = ing_event_done(ing, ev, NULL, err);
		/* verbatim() holds only for the event as decoded, from a
		 * line in the fixed form (the fast path reads any form) */
		if (ing->nsets == 0 && ing->good == NULL &&
		    ing->linedec->fixed) {
			ing->pend[ing->npend - 1].line = line;
			ing->pend[ing->npend - 1].len = n;
		}
	}
	return object_end(ing, st, 0, out, err);
}
