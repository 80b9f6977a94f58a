/*
 * slo_event.h — the canonical event of slo-events(5).
 *
 * A decoded event borrows its strings from the decoder that produced it:
 * they stay valid until that decoder's next decode or its free.
 */
#ifndef SLO_EVENT_H
#define SLO_EVENT_H

#include <jansson.h>
#include "slo.h"
#include "slo_math.h"

typedef enum slo_kind {
	SLO_KIND_REQUEST = 0,
	SLO_KIND_FLAG,
	SLO_KIND_DEPLOY,
	SLO_KIND_INCIDENT,
	SLO_KIND_ALERT,
	SLO_KIND_ROLLUP,
	SLO_KIND_RESOURCE,
	SLO_KIND_CHECK,
	SLO_KIND_COST,
	SLO_KIND__COUNT
} slo_kind;

const char *slo_kind_name(slo_kind k);
/* -1 when name is not a kind. */
int slo_kind_from_name(const char *name);

typedef struct slo_kv {
	const char *key;
	const char *val;
} slo_kv;

/* Which optional scalar fields are present. */
enum {
	SLO_HAS_TS = 1u << 0,
	SLO_HAS_STATUS = 1u << 1,
	SLO_HAS_LATENCY = 1u << 2,
	SLO_HAS_OK = 1u << 3, /* ok was given explicitly */
	SLO_HAS_CPU = 1u << 4,
	SLO_HAS_CPU_LIMIT = 1u << 5,
	SLO_HAS_MEMORY = 1u << 6,
	SLO_HAS_MEMORY_LIMIT = 1u << 7,
	SLO_HAS_AMOUNT = 1u << 8
};

/*
 * Field order here is the fixed order slo_event_encode() writes.  String
 * fields are NULL when absent (a JSON null counts as absent).  Only the
 * fields of the event's kind (slo-events(5)) are read; others are unknown
 * fields like any.  For a request, ok is always set: the given value, else
 * status < 500, else true; for other kinds ok is 0.
 */
typedef struct slo_event {
	slo_kind kind;
	unsigned has;
	slo_ns ts;
	const char *service;
	const char *cohort;
	const char *region;
	const char *version;
	/* request */
	const char *route;
	int status;
	double latency_ms;
	int ok;
	const char *trace_id;
	const char *subject; /* request and flag */
	/* flag */
	const char *flag;
	const char *variant;
	const char *segment;
	const char *reason;
	const char *error;
	/* deploy (success|failure|rollback) and check (pass|fail|error|skip) */
	const char *result;
	/* incident and alert */
	const char *id;
	const char *state;    /* incident: open|detected|acknowledged|
	                       * mitigated|resolved */
	const char *source;   /* alert */
	const char *severity; /* alert, incident: critical|high|medium|low */
	/* resource: usage and limits, each finite and >= 0 (limits > 0) */
	const char *instance;
	double cpu_cores;
	double cpu_limit_cores;
	double memory_bytes;
	double memory_limit_bytes;
	/* check */
	const char *suite;
	const char *name;
	/* cost */
	double amount;
	const char *currency; /* ISO 4217: three capital letters */
	slo_kv *labels;
	size_t nlabels;
	slo_kv *flags; /* request: flag key -> variant served */
	size_t nflags;
	/*
	 * The JSON object the event came from, when it was decoded through
	 * jansson (NULL on the fast path).
	 */
	json_t *json;
	/*
	 * A rollup decoded on the fast path (see
	 * slo_event_decoder_rollup_text()): its line, NUL-terminated, held by
	 * the decoder as the strings are; NULL otherwise.
	 */
	const char *text;
	size_t textlen;
	/* with text: the runs of pairs (its sketch's bins) the decoder read
	 * from it, for the merge to take (jscan_int.h); or NULL */
	struct jscan_runs *runs;
	/*
	 * A rollup line the decoder's rollup reader took whole (see
	 * slo_event_decoder_rollup_reader()): that reader's ctx, which holds
	 * the line as read; the event has its kind and nothing else.  NULL
	 * otherwise.
	 */
	void *read_by;
} slo_event;

/* Look up labels.NAME / flags.NAME; NULL when absent. */
const char *slo_event_label(const slo_event *ev, const char *name);
const char *slo_event_flag(const slo_event *ev, const char *key);

typedef struct slo_event_decoder slo_event_decoder;

slo_event_decoder *slo_event_decoder_new(void);
void slo_event_decoder_free(slo_event_decoder *dec);

/*
 * Rollup lines decoded by dec from now on take the fast path too when it
 * accepts them: ev->json is then NULL and ev->text holds the line, for a
 * consumer that merges rollups with slo_rollup_merge_event() (slo-eval,
 * flag-audit and promote-check do) and reads nothing else of them from
 * ev->json.  Without it a rollup always comes with its ev->json.
 */
void slo_event_decoder_rollup_text(slo_event_decoder *dec);

/*
 * A consumer's reader of whole rollup lines: reads the line (n bytes, valid
 * UTF-8, need not be NUL-terminated) and keeps what it read in ctx until
 * its next call.  1 when it took the line, which it must have checked as
 * JSON as fully as the decoder would (it then accepts exactly the lines
 * the decoder accepts, or fewer); 0 to leave it to the decoder.
 */
typedef int slo_rollup_reader(void *ctx, const char *line, size_t n);

/*
 * A line whose first member is "kind": "rollup" goes to read(ctx, ...)
 * before the decoder reads it: when read takes it, the event is a rollup
 * with ev->read_by == ctx and no other field, and the line is not read
 * twice.  A line read refuses is decoded as before (so its rejection, if
 * any, is the decoder's).  read NULL: none (the default).
 */
void slo_event_decoder_rollup_reader(slo_event_decoder *dec,
    slo_rollup_reader *read, void *ctx);

/*
 * Decode one NDJSON line (without its newline; need not be NUL-terminated)
 * into ev.  Errors are rejections of the line: invalid JSON (col of the
 * error), invalid UTF-8, not an object, unknown kind, bad ts, negative or
 * non-finite latency, wrong field types.  err->line is left 0: the caller
 * knows the line number; err->col is a 1-based byte column (of the field's
 * value for field errors), 0 when unknown.  Statuses: SLO_EUTF8, SLO_ESYNTAX
 * (JSON, ts syntax), SLO_EINVAL (types, kind), SLO_ERANGE (values).
 * Lines whose members are all fields of their kind, in any order and
 * spacing, take a fast path that does not build a jansson object: then
 * ev->json is NULL.  Any other line (unknown members, rollups, rejections)
 * goes through jansson, with identical results for the fields.
 */
slo_status slo_event_decode(slo_event_decoder *dec, const char *line, size_t n,
    slo_event *ev, slo_error *err);

/* The same from an already parsed object, which must outlive ev; columns
 * are 0 (there is no text). */
slo_status slo_event_from_json(slo_event_decoder *dec, json_t *obj,
    slo_event *ev, slo_error *err);

/*
 * Append ev to out as one line of the fixed canonical form ('\n' included):
 * "kind" first and always, then the fields of that kind in the order of
 * struct slo_event, absent fields omitted (ok only when SLO_HAS_OK), no
 * spaces, ts in slo_time_format(), then, when extra is non-NULL, its
 * members that are not fields of ev's kind, in its order (how slo-ingest
 * carries unknown fields through; a rollup passes its ev->json).  The
 * exact byte form is described in lib/event.c.
 */
slo_status slo_event_encode(const slo_event *ev, json_t *extra, slo_buf *out);

#endif
