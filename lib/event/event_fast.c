/*
 * event_fast.c — the canonical event read through the selective scanner
 * of lib/jscan.c, without building a jansson object.
 *
 * It takes any key order and any JSON spacing, every escape and number
 * form, and must give the same event, field for field, as the jansson
 * path of lib/event.c (tests/unit/test_event.c and the jscan fuzz target
 * check this differentially).  It never reports anything: whatever it does
 * not fully accept returns 0 and the line goes to jansson, which gives the
 * answer and the reason.  It hands over on:
 *   - anything the scanner refuses (see lib/jscan_int.h), so on every line
 *     jansson would refuse as JSON;
 *   - a field of the event's kind whose value jansson's path would reject
 *     (a wrong type, status outside 0..999, a negative latency, a ts that
 *     does not parse): that path gives the reason and its column;
 *   - a key that names a field given twice (jansson keeps the last; the
 *     case is too rare to be worth copying), a repeated key or a null
 *     value inside labels or flags, more than MAX_KV of them;
 *   - kind "resource", "check", "cost" (see kind_of()) or an unknown kind;
 *   - unless dec->skip_unknown, any member that is not a field of the
 *     event's kind, as consumers may read such members from ev->json
 *     (slo-ingest carries them through, expressions read other names).
 *     With dec->skip_unknown they are skipped, nested ones unbuilt.
 * Objects and arrays as values of the kind's scalar fields hand over too.
 * A rollup line (kind "rollup") hands over too, unless the decoder was
 * told by slo_event_decoder_rollup_text() that its consumer merges
 * rollups with slo_rollup_merge_event(): then its common fields are read
 * like any event's, its other members checked as JSON and skipped, and
 * its counts are read later from its text, ev->text; the runs of pairs
 * that skip read (its sketch's bins) are kept for that reader, ev->runs,
 * which takes them rather than reads them again (jscan_int.h).
 * dec->fixed tells whether the line was also in the fixed form of
 * slo_event_encode() (kind first, fields in order, no spacing, no null,
 * no '-', no empty labels or flags), which slo-ingest may copy verbatim.
 */
#include <stdlib.h>
#include <string.h>

#include "event_int.h"
#include "jscan_int.h"

#define MAX_KV 32

/*
 * The string members of the object at the cursor into dec->kv from
 * *used on; how many to *count.  1, or 0 to hand over.
 */
static int
kv_object(slo_event_decoder *dec, jscan *s, size_t *used, size_t *count)
{
	size_t start = *used, klen;
	jscan_val v;
	char *k;
	int r;

	if (jscan_value(s, &v) < 0)
		return 0;
	if (v.type == JSCAN_NULL) { /* absent, as jansson's path has it */
		*count = 0;
		return 1;
	}
	if (v.type != JSCAN_OBJECT)
		return 0;
	while ((r = jscan_key(s, &k, &klen)) == 1) {
		if (jscan_value(s, &v) < 0 || v.type != JSCAN_STRING ||
		    *used - start == MAX_KV)
			return 0;
		for (size_t j = start; j < *used; j++)
			if (strcmp(dec->kv[j].key, k) == 0)
				return 0;
		dec->kv[*used].key = k;
		dec->kv[*used].val = v.str;
		(*used)++;
	}
	*count = *used - start;
	return r == 0;
}

/* The fields a rollup line has as an event (slo_kind_fields). */
#define ROLLUP_FIELDS slo_kind_fields[SLO_KIND_ROLLUP]

/* Whether the value at the cursor is an object or an array. */
static int
nested_at(const jscan *s)
{
	const char *p = s->p;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return *p == '{' || *p == '[';
}

/* Whether the line may still be a rollup this decoder reads (its kind
 * not yet seen, or "rollup"): else an unknown member hands over now. */
static int
maybe_rollup(const slo_event_decoder *dec, uint64_t seen, const jscan_val *kind)
{
	if (!dec->rollup_text)
		return 0;
	return !(seen & UINT64_C(1) << EF_KIND) ||
	    (kind->type == JSCAN_STRING && strcmp(kind->str, "rollup") == 0);
}

/* The kind named by v (absent or null: request); -1 to hand over. */
static int
kind_of(const jscan_val *v, int seen)
{
	if (!seen || v->type == JSCAN_NULL)
		return SLO_KIND_REQUEST;
	if (v->type != JSCAN_STRING)
		return -1;
	switch (v->len) {
	case 4: return strcmp(v->str, "flag") == 0 ? SLO_KIND_FLAG : -1;
	case 5: return strcmp(v->str, "alert") == 0 ? SLO_KIND_ALERT : -1;
	case 6:
		if (strcmp(v->str, "rollup") == 0)
			return SLO_KIND_ROLLUP;
		return strcmp(v->str, "deploy") == 0 ? SLO_KIND_DEPLOY : -1;
	case 7: return strcmp(v->str, "request") == 0 ? SLO_KIND_REQUEST : -1;
	case 8: return strcmp(v->str, "incident") == 0 ? SLO_KIND_INCIDENT : -1;
	/* "resource", "check" and "cost", whose fields other than the
	 * common ones expressions read from ev->json (they are rare lines:
	 * one per scrape, run or bill, against thousands of requests) */
	default: return -1;
	}
}

/* Field f of ev from v as the jansson path sets it; 0 to hand over. */
static int
set_field(slo_event *ev, int f, const jscan_val *v)
{
	if (slo_fields[f].type == 's') {
		if (v->type != JSCAN_STRING)
			return 0;
		*(const char **)((char *)ev + slo_fields[f].off) = v->str;
		return 1;
	}
	switch (f) {
	case EF_TS:
		if (v->type == JSCAN_STRING) {
			if (slo_time_parse(v->str, v->len, &ev->ts, NULL) != SLO_OK)
				return 0;
		} else if (v->type == JSCAN_INT) {
			if (v->i < -9223372035LL || v->i > 9223372035LL)
				return 0;
			ev->ts = (slo_ns)v->i * SLO_NS_PER_SEC;
		} else if (v->type == JSCAN_REAL) {
			if (slo_time_from_epoch(v->num, &ev->ts) != SLO_OK)
				return 0;
		} else
			return 0;
		ev->has |= SLO_HAS_TS;
		return 1;
	case EF_STATUS:
		if (v->type != JSCAN_INT || v->i < 0 || v->i > 999)
			return 0;
		ev->status = (int)v->i;
		ev->has |= SLO_HAS_STATUS;
		return 1;
	case EF_LATENCY:
		if ((v->type != JSCAN_INT && v->type != JSCAN_REAL) ||
		    v->num < 0)
			return 0;
		ev->latency_ms = v->num + 0.0; /* -0 becomes 0 */
		ev->has |= SLO_HAS_LATENCY;
		return 1;
	case EF_OK:
		if (v->type != JSCAN_TRUE && v->type != JSCAN_FALSE)
			return 0;
		ev->ok = v->type == JSCAN_TRUE;
		ev->has |= SLO_HAS_OK;
		return 1;
	default: /* kind: read before; labels and flags: by kv_object() */
		return 1;
	}
}

static inline int
lowest_bit(uint64_t m)
{
#if defined(__GNUC__)
	return __builtin_ctzll(m);
#else
	int f = 0;

	while (!(m & 1))
		m >>= 1, f++;
	return f;
#endif
}

/* Room for the line, its NUL and the scanner's padding. */
static int
buf_reserve(slo_event_decoder *dec, size_t want)
{
	size_t cap = dec->bufcap ? dec->bufcap : 1024;
	char *q;

	if (want <= dec->bufcap)
		return 1;
	while (cap < want)
		cap *= 2;
	if ((q = realloc(dec->buf, cap)) == NULL)
		return 0;
	dec->buf = q;
	dec->bufcap = cap;
	return 1;
}

/*
 * A rollup decoder's buffer: the scanned copy of the line, the line as it
 * came (ev->text), then the runs of pairs its skips read (a sketch's
 * bins), for the merge to take rather than read again (ev->runs): room
 * for every pair the line could hold (six bytes each at least), up to
 * KEEP_MAX; a longer run is read again by the merge.
 */
#define KEEP_MAX 65536

static size_t
keep_cap(size_t n)
{
	return n / 6 + 1 < KEEP_MAX ? n / 6 + 1 : KEEP_MAX;
}

/* The keep of a line of n bytes, in dec->buf after the two copies, empty. */
static jscan_runs *
keep_at(slo_event_decoder *dec, size_t n)
{
	size_t at = 2 * (n + 1 + JSCAN_PAD);
	jscan_runs *keep;

	at = (at + 15) / 16 * 16; /* long longs and size_ts aligned */
	keep = (jscan_runs *)(void *)(dec->buf + at);
	keep->nrun = keep->npairs = keep->next = 0;
	keep->pairs = (long long *)(void *)(keep + 1);
	keep->cap = keep_cap(n);
	return keep;
}

/* The bytes a rollup decoder's buffer needs for a line of n bytes. */
static size_t
keep_bytes(size_t n)
{
	return 16 + sizeof(jscan_runs) + 2 * sizeof(long long) * keep_cap(n);
}

/*
 * The value at the cursor skipped, the runs of pairs in it kept when dec
 * reads rollups from their text (the keep made at the line's first skip:
 * most lines have none).  1 or -1.
 */
static int
skip_keeping(slo_event_decoder *dec, jscan *s, size_t n, jscan_runs **keep)
{
	if (*keep == NULL && dec->rollup_text)
		*keep = keep_at(dec, n);
	return jscan_skip_keep(s, dec->buf, *keep);
}

void
slo_event_decoder_rollup_text(slo_event_decoder *dec)
{
	dec->rollup_text = 1;
}

int
slo_event_decode_fast(slo_event_decoder *dec, const char *line, size_t n,
    slo_event *ev)
{
	jscan_val vals[EF__COUNT];
	uint64_t seen = 0, want, nulls = 0, nested = 0;
	size_t used = 0, klen, lstart = 0, lcount = 0, fstart = 0, fcount = 0;
	int kind, f, r, last = -1, fixed = 1, unknown = 0;
	size_t whole = n;
	jscan_runs *keep;
	jscan s;
	char *k;

	dec->fixed = 0;
	/* A line cut short goes to jansson before it is copied: a broken
	 * line of 50 MB must not cost another 64. */
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
	    line[n - 1] == '\r' || line[n - 1] == '\n'))
		n--;
	if (n < 2 || line[n - 1] != '}')
		return 0;
	/* twice: a rollup keeps its line after the scanned copy, and the
	 * pairs read (keep_at()) */
	if (!buf_reserve(dec, 2 * (n + 1 + JSCAN_PAD) +
	    (dec->rollup_text ? keep_bytes(n) : 0)) ||
	    !slo_event_kv_reserve(dec, 2 * MAX_KV))
		return 0;
	keep = NULL;
	memcpy(dec->buf, line, n);
	memset(dec->buf + n, 0, 1 + JSCAN_PAD);
	jscan_init(&s, dec->buf, n);
	if (jscan_open(&s) < 0)
		return 0;
	while ((r = jscan_key(&s, &k, &klen)) == 1) {
		f = slo_field_id(k, klen);
		if (f < 0) {
			/* a rollup's own members (count, slos, ...) are read
			 * from its text; any other kind needs skip_unknown */
			if ((!dec->skip_unknown && !maybe_rollup(dec, seen,
			    &vals[EF_KIND])) ||
			    skip_keeping(dec, &s, n, &keep) < 0)
				return 0;
			unknown = 1;
			fixed = 0;
			continue;
		}
		if (seen & (UINT64_C(1) << f))
			return 0;
		seen |= UINT64_C(1) << f;
		if (f <= last)
			fixed = 0;
		last = f;
		if (f == EF_LABELS || f == EF_FLAGS) {
			size_t *start = f == EF_LABELS ? &lstart : &fstart;
			size_t *count = f == EF_LABELS ? &lcount : &fcount;

			*start = used;
			if (!kv_object(dec, &s, &used, count))
				return 0;
			if (*count == 0)
				fixed = 0;
			continue;
		}
		if (!(ROLLUP_FIELDS & UINT64_C(1) << f) && nested_at(&s)) {
			/* a rollup's "status" and "latency_ms" are objects;
			 * the sketch's bins, pairs */
			if (skip_keeping(dec, &s, n, &keep) < 0)
				return 0;
			nested |= UINT64_C(1) << f;
			continue;
		}
		if (jscan_value(&s, &vals[f]) < 0)
			return 0;
		switch (vals[f].type) {
		case JSCAN_OBJECT:
		case JSCAN_ARRAY:
			return 0;
		case JSCAN_NULL:
			nulls |= UINT64_C(1) << f;
			break;
		case JSCAN_INT:
		case JSCAN_REAL:
			if (vals[f].neg)
				fixed = 0;
			break;
		default:
			break;
		}
	}
	if (r < 0 || jscan_close(&s) < 0)
		return 0;
	if ((kind = kind_of(&vals[EF_KIND],
	    (seen & UINT64_C(1) << EF_KIND) != 0)) < 0)
		return 0;
	if (kind == SLO_KIND_ROLLUP && !dec->rollup_text)
		return 0;
	want = slo_kind_fields[kind];
	if (kind != SLO_KIND_ROLLUP && (nested ||
	    ((unknown || (seen & ~want)) && !dec->skip_unknown)))
		return 0;
	memset(ev, 0, sizeof *ev);
	ev->kind = (slo_kind)kind;
	/* the scalar fields present, lowest first: kind's bit is 0 */
	for (uint64_t m = seen & want & ~nulls &
	    ((UINT64_C(1) << EF_LABELS) - 2); m != 0; m &= m - 1)
		if (!set_field(ev, lowest_bit(m), &vals[lowest_bit(m)]))
			return 0;
	if (!(want & (UINT64_C(1) << EF_FLAGS)))
		fcount = 0;
	slo_event_finish(dec, ev, lstart, lcount, fstart, fcount);
	/* The previous jansson object is no longer anyone's. */
	json_decref(dec->root);
	dec->root = NULL;
	ev->json = NULL;
	if (kind == SLO_KIND_ROLLUP) {
		/* the line as it came, after the scanner's unescaped copy */
		char *raw = dec->buf + n + 1 + JSCAN_PAD;

		memcpy(raw, line, n);
		raw[n] = '\0';
		ev->text = raw;
		ev->textlen = n;
		ev->runs = keep;
		return 1; /* dec->fixed: 0, a rollup is not an event to copy */
	}
	/* kind, the least field number, was first if the order held */
	dec->fixed = fixed && !s.spaced && n == whole && nulls == 0 && !(seen & ~want) &&
	    (seen & UINT64_C(1) << EF_KIND);
	return 1;
}
