/*
 * event.c — the canonical event of slo-events(5): decoding through jansson,
 * validation with reasons, and the fixed encoded form.
 *
 * Decoding walks the object's members once and dispatches on the key (no
 * hash lookups per field).  Fields that do not belong to the event's kind
 * are ignored, like any unknown field.  JSON null counts as absent for every
 * field but kind's members of labels and flags (where it is skipped too).
 * Strings are borrowed from the jansson object, which the decoder keeps
 * until its next decode; labels and flags live in an array owned by the
 * decoder and reused from event to event.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_int.h"
#include "slo_num.h"

static const char *const kind_names[SLO_KIND__COUNT] = {
	"request", "flag", "deploy", "incident", "alert", "rollup",
	"resource", "check", "cost"
};

const char *
slo_kind_name(slo_kind k)
{
	return (unsigned)k < SLO_KIND__COUNT ? kind_names[k] : "unknown";
}

int
slo_kind_from_name(const char *name)
{
	if (name == NULL)
		return -1;
	for (int k = 0; k < SLO_KIND__COUNT; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return k;
	return -1;
}

#define S(f, m) { f, sizeof f - 1, 's', offsetof(slo_event, m) }
#define X(f, id) { f, sizeof f - 1, id, 0 }
#define Q(f, m) { f, sizeof f - 1, 'q', offsetof(slo_event, m) }
const slo_field slo_fields[EF__COUNT] = {
	X("kind", EF_KIND),
	X("ts", EF_TS),
	S("service", service),
	S("cohort", cohort),
	S("region", region),
	S("version", version),
	S("route", route),
	X("status", EF_STATUS),
	X("latency_ms", EF_LATENCY),
	X("ok", EF_OK),
	S("trace_id", trace_id),
	S("subject", subject),
	S("flag", flag),
	S("variant", variant),
	S("segment", segment),
	S("reason", reason),
	S("error", error),
	S("result", result),
	S("id", id),
	S("state", state),
	S("source", source),
	S("severity", severity),
	S("instance", instance),
	Q("cpu_cores", cpu_cores),
	Q("cpu_limit_cores", cpu_limit_cores),
	Q("memory_bytes", memory_bytes),
	Q("memory_limit_bytes", memory_limit_bytes),
	S("suite", suite),
	S("name", name),
	Q("amount", amount),
	S("currency", currency),
	X("labels", EF_LABELS),
	X("flags", EF_FLAGS),
};
#undef S
#undef X
#undef Q

#define B(f) (UINT64_C(1) << (f))
#define COMMON (B(EF_KIND) | B(EF_TS) | B(EF_SERVICE) | B(EF_COHORT) | \
    B(EF_REGION) | B(EF_VERSION) | B(EF_LABELS))
const uint64_t slo_kind_fields[SLO_KIND__COUNT] = {
	[SLO_KIND_REQUEST] = COMMON | B(EF_ROUTE) | B(EF_STATUS) |
	    B(EF_LATENCY) | B(EF_OK) | B(EF_TRACE_ID) | B(EF_SUBJECT) |
	    B(EF_FLAGS),
	[SLO_KIND_FLAG] = COMMON | B(EF_SUBJECT) | B(EF_FLAG) | B(EF_VARIANT) |
	    B(EF_SEGMENT) | B(EF_REASON) | B(EF_ERROR),
	[SLO_KIND_DEPLOY] = COMMON | B(EF_RESULT),
	[SLO_KIND_INCIDENT] = COMMON | B(EF_ID) | B(EF_STATE) | B(EF_SEVERITY),
	[SLO_KIND_ALERT] = COMMON | B(EF_ID) | B(EF_SOURCE) | B(EF_SEVERITY),
	[SLO_KIND_ROLLUP] = COMMON,
	[SLO_KIND_RESOURCE] = COMMON | B(EF_INSTANCE) | B(EF_CPU) |
	    B(EF_CPU_LIMIT) | B(EF_MEMORY) | B(EF_MEMORY_LIMIT),
	[SLO_KIND_CHECK] = COMMON | B(EF_RESULT) | B(EF_SUITE) | B(EF_NAME),
	[SLO_KIND_COST] = COMMON | B(EF_AMOUNT) | B(EF_CURRENCY),
};

int
slo_field_id(const char *key, size_t len)
{
	int f;

	/* Dispatch on the first byte; at most four candidates each. */
	switch (len ? key[0] : 0) {
	case 'a': f = EF_AMOUNT; break;
	case 'c':
		f = len == 6 ? EF_COHORT : len == 8 ? EF_CURRENCY :
		    len == 9 ? EF_CPU : EF_CPU_LIMIT;
		break;
	case 'e': f = EF_ERROR; break;
	case 'f':
		f = len == 4 ? EF_FLAG : EF_FLAGS;
		break;
	case 'i':
		f = len == 2 ? EF_ID : EF_INSTANCE;
		break;
	case 'k': f = EF_KIND; break;
	case 'l':
		f = len == 6 ? EF_LABELS : EF_LATENCY;
		break;
	case 'm':
		f = len == 12 ? EF_MEMORY : EF_MEMORY_LIMIT;
		break;
	case 'n': f = EF_NAME; break;
	case 'o': f = EF_OK; break;
	case 'r':
		if (len == 5)
			f = EF_ROUTE;
		else if (len == 6)
			f = key[2] == 's' ? EF_RESULT : key[2] == 'a' ? EF_REASON :
			    EF_REGION;
		else
			return -1;
		break;
	case 's':
		switch (len) {
		case 5: f = key[1] == 'u' ? EF_SUITE : EF_STATE; break;
		case 6: f = key[1] == 'o' ? EF_SOURCE : EF_STATUS; break;
		case 7: f = key[1] == 'e' ? (key[2] == 'r' ? EF_SERVICE :
		    EF_SEGMENT) : EF_SUBJECT; break;
		case 8: f = EF_SEVERITY; break;
		default: return -1;
		}
		break;
	case 't':
		f = len == 2 ? EF_TS : EF_TRACE_ID;
		break;
	case 'v':
		f = len == 7 ? (key[1] == 'e' ? EF_VERSION : EF_VARIANT) : -1;
		if (f < 0)
			return -1;
		break;
	default:
		return -1;
	}
	if (slo_fields[f].len != len || memcmp(slo_fields[f].name, key, len) != 0)
		return -1;
	return f;
}

const char *
slo_event_label(const slo_event *ev, const char *name)
{
	for (size_t i = 0; i < ev->nlabels; i++)
		if (strcmp(ev->labels[i].key, name) == 0)
			return ev->labels[i].val;
	return NULL;
}

const char *
slo_event_flag(const slo_event *ev, const char *key)
{
	for (size_t i = 0; i < ev->nflags; i++)
		if (strcmp(ev->flags[i].key, key) == 0)
			return ev->flags[i].val;
	return NULL;
}

slo_event_decoder *
slo_event_decoder_new(void)
{
	return calloc(1, sizeof(slo_event_decoder));
}

void
slo_event_decoder_free(slo_event_decoder *dec)
{
	if (dec == NULL)
		return;
	json_decref(dec->root);
	free(dec->kv);
	free(dec->buf);
	free(dec);
}

int
slo_event_kv_reserve(slo_event_decoder *dec, size_t want)
{
	size_t cap;
	slo_kv *p;

	if (want <= dec->kvcap)
		return 1;
	cap = dec->kvcap ? dec->kvcap : 16;
	while (cap < want) {
		if (cap > SIZE_MAX / 2 / sizeof *p)
			return 0;
		cap *= 2;
	}
	if ((p = realloc(dec->kv, cap * sizeof *p)) == NULL)
		return 0;
	dec->kv = p;
	dec->kvcap = cap;
	return 1;
}

/*
 * The 1-based byte column of the value of top-level member key in a line
 * jansson has accepted, 0 when not found (the last occurrence wins, as in
 * jansson).  Only used on the error path.
 */
static long
value_col(const char *line, size_t n, const char *key)
{
	size_t i = 0, klen = strlen(key);
	long found = 0;
	int depth = 0;

	if (line == NULL)
		return 0;
	while (i < n && line[i] != '{')
		i++;
	i++;
	while (i < n) {
		size_t ks, ke;
		char c = line[i];

		if (c != '"') {
			i++;
			continue;
		}
		/* A key at depth 0 of the object. */
		ks = ++i;
		while (i < n && line[i] != '"')
			i += line[i] == '\\' ? 2 : 1;
		ke = i++;
		while (i < n && (line[i] == ' ' || line[i] == '\t' ||
		    line[i] == ':' || line[i] == '\r' || line[i] == '\n'))
			i++;
		if (ke - ks == klen && memcmp(line + ks, key, klen) == 0)
			found = (long)i + 1;
		/* Skip the value up to the ',' or '}' that ends it. */
		depth = 0;
		while (i < n) {
			c = line[i];
			if (c == '"') {
				i++;
				while (i < n && line[i] != '"')
					i += line[i] == '\\' ? 2 : 1;
				i++;
				continue;
			}
			if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']') {
				if (depth == 0)
					break;
				depth--;
			} else if (c == ',' && depth == 0)
				break;
			i++;
		}
		if (i < n && line[i] == '}')
			break;
		i++;
	}
	return found;
}

typedef struct ctx {
	const char *line; /* raw text, for columns; NULL from slo_event_from_json */
	size_t n;
	slo_error *err;
} ctx;

static slo_status reject(ctx *c, slo_status st, const char *key,
    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* A rejection whose column is that of key's value, when it can be found. */
static slo_status
reject(ctx *c, slo_status st, const char *key, const char *fmt, ...)
{
	char msg[sizeof c->err->msg];
	va_list ap;

	if (c->err == NULL)
		return st;
	va_start(ap, fmt);
	slo_vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return slo_error_set(c->err, st, "", 0,
	    key != NULL ? value_col(c->line, c->n, key) : 0, "%s", msg);
}

static slo_status
decode_kv(slo_event_decoder *dec, ctx *c, json_t *obj, const char *name,
    size_t *start, size_t *count)
{
	const char *k;
	json_t *v;
	size_t used = *start;

	if (!json_is_object(obj))
		return reject(c, SLO_EINVAL, name, "'%s' is not an object", name);
	if (!slo_event_kv_reserve(dec, used + json_object_size(obj)))
		return slo_error_set(c->err, SLO_ENOMEM, "", 0, 0, "out of memory");
	json_object_foreach(obj, k, v) {
		if (json_is_null(v))
			continue;
		/* A boolean flag served as true/false (OpenFeature, GO
		 * Feature Flag) is the variant "true" or "false". */
		if (json_is_boolean(v) && strcmp(name, "flags") == 0) {
			dec->kv[used].key = k;
			dec->kv[used].val = json_is_true(v) ? "true" : "false";
			used++;
			continue;
		}
		if (!json_is_string(v)) {
			char path[300];
			slo_snprintf(path, sizeof path, "%s.%s", name, k);
			return reject(c, SLO_EINVAL, name,
			    "'%s' is not a string", path);
		}
		dec->kv[used].key = k;
		dec->kv[used].val = json_string_value(v);
		used++;
	}
	*count = used - *start;
	return SLO_OK;
}

static slo_status
decode_ts(ctx *c, json_t *v, slo_ns *out)
{
	slo_status st;
	size_t pos;

	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		st = slo_time_parse(s, json_string_length(v), out, &pos);
		if (st != SLO_OK) {
			long col = value_col(c->line, c->n, "ts");
			/* The offset holds when the raw text up to the culprit
			 * has no escapes; col is the quote's, 1-based. */
			if (col > 0 && (size_t)col + pos <= c->n &&
			    memchr(c->line + col, '\\', pos) == NULL)
				col += 1 + (long)pos;
			return slo_error_set(c->err, st, "", 0, col,
			    st == SLO_ERANGE ? "time '%.64s' out of range" :
			    "invalid time '%.64s'", s);
		}
		return SLO_OK;
	}
	if (json_is_integer(v)) {
		json_int_t sec = json_integer_value(v);
		if (sec < -9223372035LL || sec > 9223372035LL)
			return reject(c, SLO_ERANGE, "ts",
			    "epoch time %lld out of range", (long long)sec);
		*out = (slo_ns)sec * SLO_NS_PER_SEC;
		return SLO_OK;
	}
	if (json_is_real(v)) {
		if (slo_time_from_epoch(json_real_value(v), out) != SLO_OK)
			return reject(c, SLO_ERANGE, "ts",
			    "epoch time out of range");
		return SLO_OK;
	}
	return reject(c, SLO_EINVAL, "ts",
	    "'ts' is not an rfc 3339 string or a number");
}

/* The SLO_HAS_ bit of quantity field f (a 'q' field of slo_fields). */
static unsigned
quantity_bit(int f)
{
	switch (f) {
	case EF_CPU: return SLO_HAS_CPU;
	case EF_CPU_LIMIT: return SLO_HAS_CPU_LIMIT;
	case EF_MEMORY: return SLO_HAS_MEMORY;
	case EF_MEMORY_LIMIT: return SLO_HAS_MEMORY_LIMIT;
	default: return SLO_HAS_AMOUNT;
	}
}

/* A resource or cost quantity: a finite number, not negative (a usage,
 * a limit, a spend; a refund is not a cost and is refused rather than
 * silently netted). */
static slo_status
decode_quantity(ctx *c, const char *name, json_t *v, double *out)
{
	if (!json_is_number(v))
		return reject(c, SLO_EINVAL, name, "'%s' is not a number", name);
	*out = json_number_value(v);
	if (isnan(*out) || isinf(*out))
		return reject(c, SLO_ERANGE, name, "'%s' is not finite", name);
	if (*out < 0)
		return reject(c, SLO_ERANGE, name, "'%s' is negative", name);
	*out += 0.0; /* -0 becomes 0 */
	return SLO_OK;
}

static slo_status
event_from_object(slo_event_decoder *dec, ctx *c, json_t *obj, slo_event *ev)
{
	const char *key;
	json_t *v, *labels = NULL, *flags = NULL;
	uint64_t want;
	int kind = SLO_KIND_REQUEST;
	size_t lstart = 0, lcount = 0, fstart = 0, fcount = 0;
	slo_status st;

	memset(ev, 0, sizeof *ev);
	ev->json = obj;
	/* The kind decides which members are fields: look it up first. */
	v = json_object_get(obj, "kind");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_string(v))
			return reject(c, SLO_EINVAL, "kind",
			    "'kind' is not a string");
		if ((kind = slo_kind_from_name(json_string_value(v))) < 0)
			return reject(c, SLO_EINVAL, "kind",
			    "unknown kind '%.64s'", json_string_value(v));
	}
	ev->kind = (slo_kind)kind;
	want = slo_kind_fields[kind];
	json_object_foreach(obj, key, v) {
		int f = slo_field_id(key, strlen(key));
		const slo_field *fd;

		if (f < 0 || !(want & (UINT64_C(1) << f)) || json_is_null(v))
			continue;
		fd = &slo_fields[f];
		if (fd->type == 's') {
			/* as in flags: a boolean variant is "true" or "false" */
			if (f == EF_VARIANT && json_is_boolean(v)) {
				ev->variant = json_is_true(v) ? "true" : "false";
				continue;
			}
			if (!json_is_string(v))
				return reject(c, SLO_EINVAL, fd->name,
				    "'%s' is not a string", fd->name);
			*(const char **)((char *)ev + fd->off) =
			    json_string_value(v);
			continue;
		}
		if (fd->type == 'q') {
			if ((st = decode_quantity(c, fd->name, v,
			    (double *)((char *)ev + fd->off))) != SLO_OK)
				return st;
			ev->has |= quantity_bit(f);
			continue;
		}
		switch (f) {
		case EF_TS:
			if ((st = decode_ts(c, v, &ev->ts)) != SLO_OK)
				return st;
			ev->has |= SLO_HAS_TS;
			break;
		case EF_STATUS:
			if (!json_is_integer(v))
				return reject(c, SLO_EINVAL, "status",
				    "'status' is not an integer");
			if (json_integer_value(v) < 0 || json_integer_value(v) > 999)
				return reject(c, SLO_ERANGE, "status",
				    "'status' %lld is not in 0..999",
				    (long long)json_integer_value(v));
			ev->status = (int)json_integer_value(v);
			ev->has |= SLO_HAS_STATUS;
			break;
		case EF_LATENCY:
			if (!json_is_number(v))
				return reject(c, SLO_EINVAL, "latency_ms",
				    "'latency_ms' is not a number");
			ev->latency_ms = json_number_value(v);
			if (isnan(ev->latency_ms) || isinf(ev->latency_ms))
				return reject(c, SLO_ERANGE, "latency_ms",
				    "'latency_ms' is not finite");
			if (ev->latency_ms < 0)
				return reject(c, SLO_ERANGE, "latency_ms",
				    "'latency_ms' is negative");
			ev->latency_ms += 0.0; /* -0 becomes 0 */
			ev->has |= SLO_HAS_LATENCY;
			break;
		case EF_OK:
			if (!json_is_boolean(v))
				return reject(c, SLO_EINVAL, "ok",
				    "'ok' is not a boolean");
			ev->ok = json_is_true(v);
			ev->has |= SLO_HAS_OK;
			break;
		case EF_LABELS:
			labels = v;
			break;
		case EF_FLAGS:
			flags = v;
			break;
		default: /* kind, done above */
			break;
		}
	}
	if (labels != NULL && (st = decode_kv(dec, c, labels, "labels",
	    &lstart, &lcount)) != SLO_OK)
		return st;
	fstart = lstart + lcount;
	if (flags != NULL && (st = decode_kv(dec, c, flags, "flags",
	    &fstart, &fcount)) != SLO_OK)
		return st;
	slo_event_finish(dec, ev, lstart, lcount, fstart, fcount);
	{
		const char *key, *why = slo_event_check(ev, &key);

		if (why != NULL)
			return reject(c, SLO_EINVAL, key, "%s", why);
	}
	return SLO_OK;
}

static int
one_of(const char *s, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

/* ISO 4217's alphabetic form: three capital letters (USD, EUR). */
static int
currency_code(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return s[3] == '\0';
}

/*
 * A resource sample measures something (cpu or memory), and a limit of
 * zero would make every usage infinitely over it: a container without a
 * limit omits the field (promote-check reports that as a finding).
 */
static const char *
resource_check(const slo_event *ev, const char **key)
{
	*key = "cpu_cores";
	if (!(ev->has & (SLO_HAS_CPU | SLO_HAS_MEMORY)))
		return "resource event without 'cpu_cores' nor 'memory_bytes'";
	*key = "cpu_limit_cores";
	if ((ev->has & SLO_HAS_CPU_LIMIT) && ev->cpu_limit_cores == 0)
		return "'cpu_limit_cores' is zero";
	*key = "memory_limit_bytes";
	if ((ev->has & SLO_HAS_MEMORY_LIMIT) && ev->memory_limit_bytes == 0)
		return "'memory_limit_bytes' is zero";
	return NULL;
}

/*
 * What slo-events(5) requires of each kind beyond field types: a flag
 * event names its flag; a deploy has a result, an incident an id and a
 * state, from their fixed sets; an alert's or incident's severity, when
 * given, is one of four; a resource measures cpu or memory under non-zero
 * limits; a check names its suite and a result from its set; a cost has
 * an amount and an ISO 4217 currency.  Shared by both decoding paths so they reject alike.
 */
const char *
slo_event_check(const slo_event *ev, const char **key)
{
	static const char *const results[] = { "success", "failure", "rollback", NULL };
	static const char *const states[] = { "open", "detected",
	    "acknowledged", "mitigated", "resolved", NULL };
	static const char *const severities[] = { "critical", "high", "medium", "low", NULL };
	static const char *const checks[] = { "pass", "fail", "error", "skip", NULL };

	switch (ev->kind) {
	case SLO_KIND_FLAG:
		*key = "flag";
		if (ev->flag == NULL || ev->flag[0] == '\0')
			return "flag event without 'flag'";
		break;
	case SLO_KIND_DEPLOY:
		*key = "result";
		if (ev->result == NULL)
			return "deploy event without 'result'";
		if (!one_of(ev->result, results))
			return "'result' is not success, failure or rollback";
		break;
	case SLO_KIND_INCIDENT:
		*key = "id";
		if (ev->id == NULL)
			return "incident event without 'id'";
		*key = "state";
		if (ev->state == NULL)
			return "incident event without 'state'";
		if (!one_of(ev->state, states))
			return "'state' is not open, detected, acknowledged, "
			    "mitigated or resolved";
		*key = "severity";
		if (ev->severity != NULL && !one_of(ev->severity, severities))
			return "'severity' is not critical, high, medium or low";
		break;
	case SLO_KIND_ALERT:
		*key = "severity";
		if (ev->severity != NULL && !one_of(ev->severity, severities))
			return "'severity' is not critical, high, medium or low";
		break;
	case SLO_KIND_RESOURCE:
		return resource_check(ev, key);
	case SLO_KIND_CHECK:
		*key = "suite";
		if (ev->suite == NULL || ev->suite[0] == '\0')
			return "check event without 'suite'";
		*key = "result";
		if (ev->result == NULL)
			return "check event without 'result'";
		if (!one_of(ev->result, checks))
			return "'result' is not pass, fail, error or skip";
		break;
	case SLO_KIND_COST:
		*key = "amount";
		if (!(ev->has & SLO_HAS_AMOUNT))
			return "cost event without 'amount'";
		*key = "currency";
		if (ev->currency == NULL)
			return "cost event without 'currency'";
		if (!currency_code(ev->currency))
			return "'currency' is not an ISO 4217 code "
			    "(three capital letters)";
		break;
	default:
		break;
	}
	return NULL;
}

void
slo_event_finish(slo_event_decoder *dec, slo_event *ev, size_t lstart,
    size_t lcount, size_t fstart, size_t fcount)
{
	if (lcount > 0) {
		ev->labels = dec->kv + lstart;
		ev->nlabels = lcount;
	}
	if (fcount > 0) {
		ev->flags = dec->kv + fstart;
		ev->nflags = fcount;
	}
	if (ev->kind == SLO_KIND_REQUEST && !(ev->has & SLO_HAS_OK))
		ev->ok = (ev->has & SLO_HAS_STATUS) ? ev->status < 500 : 1;
}

slo_status
slo_event_from_json(slo_event_decoder *dec, json_t *obj, slo_event *ev,
    slo_error *err)
{
	ctx c = { NULL, 0, err };

	if (!json_is_object(obj))
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "not a json object");
	return event_from_object(dec, &c, obj, ev);
}

void
slo_event_decoder_rollup_reader(slo_event_decoder *dec,
    slo_rollup_reader *read, void *ctx)
{
	dec->rollup_read = read;
	dec->rollup_ctx = ctx;
}

static const char *
skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	return p;
}

/*
 * Whether the line opens with "kind": "rollup", spaced as JSON allows but
 * unescaped: only where a rollup reader is tried; the reader decides.
 */
static int
rollup_first(const char *line, size_t n)
{
	const char *p = line, *end = line + n;

	p = skip_space(p, end);
	if (p == end || *p++ != '{')
		return 0;
	p = skip_space(p, end);
	if (end - p < 6 || memcmp(p, "\"kind\"", 6) != 0)
		return 0;
	p = skip_space(p + 6, end);
	if (p == end || *p++ != ':')
		return 0;
	p = skip_space(p, end);
	return end - p >= 8 && memcmp(p, "\"rollup\"", 8) == 0;
}

slo_status
slo_event_decode(slo_event_decoder *dec, const char *line, size_t n,
    slo_event *ev, slo_error *err)
{
	ctx c = { line, n, err };
	json_error_t je;
	size_t bad, i;

	if (!slo_utf8_valid(line, n, &bad))
		return slo_error_set(err, SLO_EUTF8, "", 0, (long)bad + 1,
		    "invalid utf-8");
	if (dec->rollup_read != NULL && !dec->no_fast && rollup_first(line, n) &&
	    dec->rollup_read(dec->rollup_ctx, line, n)) {
		memset(ev, 0, sizeof *ev);
		ev->kind = SLO_KIND_ROLLUP;
		ev->read_by = dec->rollup_ctx;
		json_decref(dec->root);
		dec->root = NULL;
		dec->fixed = 0;
		return SLO_OK;
	}
	/* The scanner takes what it fully understands; jansson the rest
	 * (rollups, rejections, duplicate fields, deep nesting). */
	if (!dec->no_fast && slo_event_decode_fast(dec, line, n, ev)) {
		const char *key;

		/* A semantic rejection is reported by the jansson path below,
		 * which knows the column. */
		if (slo_event_check(ev, &key) == NULL)
			return SLO_OK;
	}
	json_decref(dec->root);
	dec->root = json_loadb(line, n, JSON_DECODE_ANY, &je);
	if (dec->root == NULL)
		return slo_error_set(err, SLO_ESYNTAX, "", 0,
		    je.position > 0 ? je.position : 1, "invalid json: %s",
		    je.text);
	if (!json_is_object(dec->root)) {
		for (i = 0; i < n && (line[i] == ' ' || line[i] == '\t' ||
		    line[i] == '\r'); i++)
			;
		return slo_error_set(err, SLO_EINVAL, "", 0, (long)i + 1,
		    "not a json object");
	}
	return event_from_object(dec, &c, dec->root, ev);
}

/* Encoding. */

/*
 * Where n more bytes (and the NUL after them) go, reserving only when the
 * buffer lacks the room: the encoder writes each piece of an event through
 * here, and a call into slo_buf_reserve() per piece cost more than most
 * pieces do.  NULL when out of memory.  The caller adds n to out->len and
 * ends the data with a NUL.
 */
static inline char *
room(slo_buf *out, size_t n)
{
	if (out->cap - out->len <= n && slo_buf_reserve(out, n) != SLO_OK)
		return NULL;
	return out->data + out->len;
}

static inline slo_status
put_raw(slo_buf *out, const char *s, size_t n)
{
	char *d = room(out, n);

	if (d == NULL)
		return SLO_ENOMEM;
	memcpy(d, s, n);
	out->len += n;
	out->data[out->len] = '\0';
	return SLO_OK;
}

/* A string literal, its length known at compile time. */
#define PUT_LIT(out, lit) put_raw((out), (lit), sizeof(lit) - 1)

static slo_status
put_key(slo_buf *out, const char *key, size_t len)
{
	slo_status st;

	if ((st = PUT_LIT(out, ",")) != SLO_OK ||
	    (st = slo_buf_json_str(out, key, len)) != SLO_OK)
		return st;
	return PUT_LIT(out, ":");
}

/*
 * ,"name": for a field of slo_fields[], whose names are plain identifiers
 * that slo_buf_json_str() would write as they are: copied, not escaped.
 */
static inline slo_status
put_field_key(slo_buf *out, const slo_field *fd)
{
	char *d = room(out, fd->len + 4);

	if (d == NULL)
		return SLO_ENOMEM;
	d[0] = ',';
	d[1] = '"';
	memcpy(d + 2, fd->name, fd->len);
	d[fd->len + 2] = '"';
	d[fd->len + 3] = ':';
	out->len += fd->len + 4;
	out->data[out->len] = '\0';
	return SLO_OK;
}

/*
 * v in decimal: no printf for the commonest number.  Two digits a step,
 * from a table of 00..99, halving the divisions of a status or a latency.
 */
static slo_status
put_int(slo_buf *out, long long v)
{
	char tmp[24];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;
	size_t n = 0;

	if (v < 0)
		tmp[n++] = '-';
	n += slo_put_digits(tmp + n, u);
	return put_raw(out, tmp, n);
}

/* The literal lit (n bytes, at most 16) then put_int()'s v, one room. */
static slo_status
put_lit_int(slo_buf *out, const char *lit, size_t n, long long v)
{
	if (room(out, n + 24) == NULL)
		return SLO_ENOMEM;
	memcpy(out->data + out->len, lit, n);
	out->len += n;
	return put_int(out, v);
}

/* The index of the lowest set bit of w, which is not 0. */
static inline int
lowest_bit(uint64_t w)
{
#if defined(__GNUC__)
	return __builtin_ctzll(w);
#else
	int i = 0;

	while (!(w & 1)) {
		w >>= 1;
		i++;
	}
	return i;
#endif
}

/* ,"ts":"T" with T from slo_time_format(), formatted in place. */
static slo_status
put_ts(slo_buf *out, slo_ns ts)
{
	char *d = room(out, SLO_TIME_BUFSZ + 8);
	size_t tl;

	if (d == NULL)
		return SLO_ENOMEM;
	memcpy(d, ",\"ts\":\"", 7);
	tl = slo_time_format(ts, d + 7);
	d[7 + tl] = '"';
	out->len += tl + 8;
	out->data[out->len] = '\0';
	return SLO_OK;
}

/*
 * slo_buf_json_num()'s text of v, which for an integral value below 1e15
 * is its %lld (zero too): written here without a printf, as most
 * latencies are whole milliseconds.
 */
static slo_status
put_num(slo_buf *out, double v)
{
	if (fabs(v) < 1e15 && v == (double)(long long)v)
		return put_int(out, (long long)v);
	return slo_buf_json_num(out, v);
}

/*
 * Any JSON value in the same fixed form: compact, members in order,
 * strings by slo_buf_json_str, reals by slo_buf_json_num (jansson's own
 * dump writes 17 digits: 0.1 would come out as 0.10000000000000001).
 */
static slo_status
put_json(slo_buf *out, json_t *v)
{
	slo_status st = SLO_OK;
	const char *k;
	json_t *m;
	size_t i;
	int first = 1;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if ((st = slo_buf_putc(out, '{')) != SLO_OK)
			return st;
		json_object_foreach(v, k, m) {
			if ((!first && (st = slo_buf_putc(out, ',')) != SLO_OK) ||
			    (st = slo_buf_json_str(out, k, strlen(k))) != SLO_OK ||
			    (st = slo_buf_putc(out, ':')) != SLO_OK ||
			    (st = put_json(out, m)) != SLO_OK)
				return st;
			first = 0;
		}
		return slo_buf_putc(out, '}');
	case JSON_ARRAY:
		if ((st = slo_buf_putc(out, '[')) != SLO_OK)
			return st;
		json_array_foreach(v, i, m) {
			if ((i > 0 && (st = slo_buf_putc(out, ',')) != SLO_OK) ||
			    (st = put_json(out, m)) != SLO_OK)
				return st;
		}
		return slo_buf_putc(out, ']');
	case JSON_STRING:
		return slo_buf_json_str(out, json_string_value(v),
		    json_string_length(v));
	case JSON_INTEGER:
		return put_int(out, json_integer_value(v));
	case JSON_REAL:
		return slo_buf_json_num(out, json_real_value(v));
	case JSON_TRUE:
		return slo_buf_puts(out, "true");
	case JSON_FALSE:
		return slo_buf_puts(out, "false");
	case JSON_NULL:
		return slo_buf_puts(out, "null");
	}
	return SLO_EINVAL;
}

static slo_status
put_kv(slo_buf *out, const char *name, const slo_kv *kv, size_t n)
{
	slo_status st;

	if ((st = put_key(out, name, strlen(name))) != SLO_OK ||
	    (st = slo_buf_putc(out, '{')) != SLO_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		if ((i > 0 && (st = slo_buf_putc(out, ',')) != SLO_OK) ||
		    (st = slo_buf_json_str(out, kv[i].key,
		    strlen(kv[i].key))) != SLO_OK ||
		    (st = slo_buf_putc(out, ':')) != SLO_OK ||
		    (st = slo_buf_json_str(out, kv[i].val,
		    strlen(kv[i].val))) != SLO_OK)
			return st;
	}
	return slo_buf_putc(out, '}');
}

/*
 * The fixed form (lib/event_fast.c reads any form; it tells this one apart
 * for slo-ingest, which may then copy a line verbatim):
 *   {"kind":K[,"ts":T][,FIELD:VALUE]...[,"labels":{..}][,"flags":{..}]
 *    [,EXTRA:VALUE]...}\n
 * kind always first and always written; then the fields of that kind in
 * struct order, each only when present (ok only when given explicitly);
 * no whitespace; strings escaped by slo_buf_json_str (\" \\ \b \f \n \r \t
 * and \u00xx for other control bytes, lower-case hex; UTF-8 as is); ts by
 * slo_time_format(); status as an integer; latency_ms by slo_buf_json_num();
 * empty labels/flags omitted; then extra's members that are not fields of
 * this kind, in extra's order, each value in the same compact form.
 */
slo_status
slo_event_encode(const slo_event *ev, json_t *extra, slo_buf *out)
{
	uint64_t want;
	slo_status st;
	int kind = (int)ev->kind;

	if ((unsigned)kind >= SLO_KIND__COUNT)
		return SLO_EINVAL;
	want = slo_kind_fields[kind];
	/* {"kind":"K" in one room */
	{
		size_t kl = strlen(kind_names[kind]);
		char *d = room(out, kl + 10);

		if (d == NULL)
			return SLO_ENOMEM;
		memcpy(d, "{\"kind\":\"", 9);
		memcpy(d + 9, kind_names[kind], kl);
		d[9 + kl] = '"';
		out->len += kl + 10;
		out->data[out->len] = '\0';
	}
	/* the fields of this kind only, lowest bit first: struct order */
	for (uint64_t rest = want & ~((UINT64_C(1) << EF_TS) - 1); rest != 0;
	    rest &= rest - 1) {
		int f = lowest_bit(rest);
		const slo_field *fd = &slo_fields[f];
		const char *s;

		if (fd->type == 's') {
			s = *(const char *const *)((const char *)ev + fd->off);
			if (s == NULL)
				continue;
			if ((st = put_field_key(out, fd)) != SLO_OK ||
			    (st = slo_buf_json_str(out, s, strlen(s))) != SLO_OK)
				return st;
			continue;
		}
		if (fd->type == 'q') {
			if (!(ev->has & quantity_bit(f)))
				continue;
			if ((st = put_field_key(out, fd)) != SLO_OK ||
			    (st = slo_buf_json_num(out, *(const double *)
			    ((const char *)ev + fd->off))) != SLO_OK)
				return st;
			continue;
		}
		switch (f) {
		case EF_TS:
			if ((ev->has & SLO_HAS_TS) &&
			    (st = put_ts(out, ev->ts)) != SLO_OK)
				return st;
			break;
		case EF_STATUS:
			if (ev->has & SLO_HAS_STATUS) {
				if ((st = put_lit_int(out, ",\"status\":", 10,
				    ev->status)) != SLO_OK)
					return st;
			}
			break;
		case EF_LATENCY:
			if (ev->has & SLO_HAS_LATENCY) {
				if ((st = PUT_LIT(out, ",\"latency_ms\":")) != SLO_OK ||
				    (st = put_num(out, ev->latency_ms)) != SLO_OK)
					return st;
			}
			break;
		case EF_OK:
			if (ev->has & SLO_HAS_OK) {
				if ((st = ev->ok ? PUT_LIT(out, ",\"ok\":true") :
				    PUT_LIT(out, ",\"ok\":false")) != SLO_OK)
					return st;
			}
			break;
		case EF_LABELS:
			if (ev->nlabels > 0 && (st = put_kv(out, "labels",
			    ev->labels, ev->nlabels)) != SLO_OK)
				return st;
			break;
		case EF_FLAGS:
			if (ev->nflags > 0 && (st = put_kv(out, "flags",
			    ev->flags, ev->nflags)) != SLO_OK)
				return st;
			break;
		}
	}
	if (extra != NULL && json_is_object(extra)) {
		const char *k;
		json_t *v;

		json_object_foreach(extra, k, v) {
			size_t kl = strlen(k);
			int f = slo_field_id(k, kl);

			if (f >= 0 && (want & (UINT64_C(1) << f)))
				continue;
			if ((st = put_key(out, k, kl)) != SLO_OK ||
			    (st = put_json(out, v)) != SLO_OK)
				return st;
		}
	}
	return PUT_LIT(out, "}\n");
}
