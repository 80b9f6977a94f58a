/*
 * slo_line.h — the one per-line classifier of NDJSON input.
 *
 * Every reader of input lines (the sequential and the -j readers of the
 * front end, slo_ingest_line()) decides what a raw line is here and only
 * here, so that the paths cannot drift apart: blank, rejected (with the
 * 1-based byte column and the reason that go into diagnostics and
 * --rejects), or accepted as what the caller asked for.
 */
#ifndef SLO_LINE_H
#define SLO_LINE_H

#include <jansson.h>
#include "slo.h"
#include "slo_event.h"

/* What the caller wants of a line: one of the first three, with flags. */
enum {
	/* valid UTF-8 is enough: the caller parses it (slo-ingest's fast
	 * path) */
	SLO_LINE_AS_TEXT = 0,
	/* a JSON object, parsed by jansson without JSON_ALLOW_NUL */
	SLO_LINE_AS_OBJECT = 1,
	/* a canonical event, by slo_event_decode() */
	SLO_LINE_AS_EVENT = 2,
	/* flag: a line of nothing but spaces, tabs and '\r' is blank, not
	 * rejected (the input layer counts blank lines apart) */
	SLO_LINE_SKIP_BLANK = 1u << 4
};

typedef enum slo_line_kind {
	SLO_LINE_BLANK = 0,  /* only with SLO_LINE_SKIP_BLANK */
	SLO_LINE_REJECTED,   /* err: status, col and msg (never empty) */
	SLO_LINE_ACCEPTED    /* *obj or *ev filled, by what was asked */
} slo_line_kind;

/*
 * Classify line (n bytes without its end; need not be NUL-terminated) as
 * `as` asks.  The rejections, in the order they are checked:
 *   text, object: "invalid utf-8" at the first bad byte (SLO_EUTF8);
 *   object: "invalid json: " and jansson's text at jansson's column, 1
 *     when it gives none (SLO_ESYNTAX; a "\u0000" escape is refused
 *     there: C strings downstream would cut the value short), then
 *     "not a json object" at column 1 (SLO_EINVAL, e.g. an array);
 *   event: slo_event_decode()'s rejection as it reports it, its message
 *     or, when it gives none, slo_strerror() of its status.
 * On SLO_LINE_ACCEPTED: as object, *obj is a new reference the caller
 * releases with json_decref(); as event, *ev borrows from dec as
 * slo_event_decode() says.  obj, dec and ev are only used for their mode.
 */
slo_line_kind slo_line_classify(unsigned as, const char *line, size_t n,
    slo_event_decoder *dec, json_t **obj, slo_event *ev, slo_error *err);

#endif
