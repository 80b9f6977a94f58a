/*
 * event_int.h — what lib/event.c and lib/event_fast.c share: the table of
 * canonical fields and the decoder's storage.  Private to libslo.
 */
#ifndef SLO_EVENT_INT_H
#define SLO_EVENT_INT_H

#include "slo_event.h"

/* Canonical fields, in the order of struct slo_event and of the encoder. */
enum {
	EF_KIND, EF_TS, EF_SERVICE, EF_COHORT, EF_REGION, EF_VERSION,
	EF_ROUTE, EF_STATUS, EF_LATENCY, EF_OK, EF_TRACE_ID, EF_SUBJECT,
	EF_FLAG, EF_VARIANT, EF_SEGMENT, EF_REASON, EF_ERROR, EF_RESULT,
	EF_ID, EF_STATE, EF_SOURCE, EF_SEVERITY,
	EF_INSTANCE, EF_CPU, EF_CPU_LIMIT, EF_MEMORY, EF_MEMORY_LIMIT,
	EF_SUITE, EF_NAME, EF_AMOUNT, EF_CURRENCY,
	EF_LABELS, EF_FLAGS,
	EF__COUNT
};

typedef struct slo_field {
	const char *name;
	unsigned char len;
	unsigned char type;   /* 's' string, 'q' quantity (a double >= 0),
	                       * or the field number itself */
	unsigned short off;   /* offset of the const char * or the double */
} slo_field;

extern const slo_field slo_fields[EF__COUNT];
/* Bit f set: field f belongs to that kind (its decoder reads it).  More
 * than 32 fields: the masks are 64 bits wide. */
extern const uint64_t slo_kind_fields[SLO_KIND__COUNT];

/* The field number of a key, or -1. */
int slo_field_id(const char *key, size_t len);

struct slo_event_decoder {
	json_t *root;       /* the object of the last jansson decode */
	slo_kv *kv;         /* labels then flags of the current event */
	size_t kvcap;
	char *buf;          /* fast path: unescaped copy of the line */
	size_t bufcap;
	int no_fast;        /* tests: force the jansson path */
	int skip_unknown;   /* fast path: skip members that are not fields
	                     * of the kind (ev->json is then not needed) */
	int fixed;          /* the last fast decode read the fixed form */
	int rollup_text;    /* fast path: rollups too, into ev->text */
	slo_rollup_reader *rollup_read; /* a consumer's whole-line reader */
	void *rollup_ctx;
};

/*
 * The fast path (lib/event_fast.c, through the scanner of lib/jscan.c): 1
 * when ev is filled as the jansson path would fill it, in any key order
 * and spacing; 0 when the line must go to jansson (nothing is reported, ev
 * is garbage).  line has been checked as valid UTF-8.  On 1, dec->fixed
 * says whether the line was in slo_event_encode()'s fixed form.
 */
int slo_event_decode_fast(slo_event_decoder *dec, const char *line, size_t n,
    slo_event *ev);

/*
 * The last step of both decoders: labels and flags pointed into dec->kv
 * (only now, as a reserve may have moved the array) and the ok rule.
 */
void slo_event_finish(slo_event_decoder *dec, slo_event *ev, size_t lstart,
    size_t lcount, size_t fstart, size_t fcount);

/* Grows dec->kv to hold want entries; 0 on ENOMEM. */
int slo_event_kv_reserve(slo_event_decoder *dec, size_t want);

/* NULL when ev meets slo-events(5)'s rules for its kind, else why not;
 * *key names the field at fault. */
const char *slo_event_check(const slo_event *ev, const char **key);

#endif
