/*
 * slo_frame.h — JSON beyond one line: a top-level array, or values
 * pretty-printed or written one after the other, cut into one value a
 * line, in streaming (a few bytes of state, never the whole input).
 *
 * The first bytes of a stream tell whether it needs cutting:
 *   - an array: '[' then, after white space, '{' or ']' (a text log such
 *     as Envoy's "[2026-11-26T08:00:00.000Z] ..." is none);
 *   - values: a first line that is a JSON value left open after '{', '['
 *     or ',' (pretty-printed: `jq .`, JSON.stringify(v, null, 2)), or that
 *     ends one value and begins another (`{...}{...}`).
 * Anything else, NDJSON included, passes untouched.
 *
 * Cut, each value (each element of the array) is one line: its line
 * breaks become spaces (a line break can only stand between tokens, so
 * the value means the same), and the array's brackets and commas become
 * spaces.  Line numbers are kept: a value that spanned k lines is followed
 * by k - 1 empty lines, so it stands on the line where it starts, at the
 * column where it starts.  Two values that start on one line are two
 * lines: the second and the lines after it count one further, until the
 * empty lines of a later multi-line value take up the difference.
 *
 * A value left open is cut where a line begins, in its first column, with
 * something other than white space, '}' or ']' (pretty-printers indent
 * what is inside a value), or where a line break falls inside a string,
 * so that one broken value never swallows the values after it.
 */
#ifndef SLO_FRAME_H
#define SLO_FRAME_H

#include <stddef.h>
#include "slo.h"

typedef enum slo_frame_mode {
	SLO_FRAME_UNDECIDED,
	SLO_FRAME_NONE,
	SLO_FRAME_VALUES,
	SLO_FRAME_ARRAY
} slo_frame_mode;

typedef struct slo_frame slo_frame;

slo_frame *slo_frame_new(void);
void slo_frame_free(slo_frame *f);

/*
 * Feed n bytes (eof: the last of the stream, n may be 0); whatever can be
 * given out is appended to out.  Once the mode is NONE everything fed is
 * appended as it is.  SLO_OK or SLO_ENOMEM.
 */
slo_status slo_frame_feed(slo_frame *f, const char *p, size_t n, int eof,
    slo_buf *out);

slo_frame_mode slo_frame_mode_of(const slo_frame *f);

#endif
