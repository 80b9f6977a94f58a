/*
 * line.c — the per-line classifier every input path calls (slo_line.h).
 */
#include <string.h>

#include "slo_line.h"

/* Blank lines hold nothing but spaces, tabs and carriage returns. */
static int
line_blank(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
		i++;
	return i == n;
}

static slo_line_kind
as_object(const char *line, size_t n, json_t **obj, slo_error *err)
{
	json_error_t jerr;
	json_t *o;

	/*
	 * Not JSON_ALLOW_NUL: a "\u0000" in a string would be cut short by
	 * every C-string use after this ("a\u0000b" became route "a"), or
	 * written out where no reader takes it; refused here as
	 * slo_event_decode() refuses it.
	 */
	if ((o = json_loadb(line, n, 0, &jerr)) == NULL) {
		slo_error_set(err, SLO_ESYNTAX, "", 0,
		    jerr.position > 0 ? jerr.position : 1, "invalid json: %s",
		    jerr.text);
		return SLO_LINE_REJECTED;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		slo_error_set(err, SLO_EINVAL, "", 0, 1, "not a json object");
		return SLO_LINE_REJECTED;
	}
	*obj = o;
	return SLO_LINE_ACCEPTED;
}

static slo_line_kind
as_event(slo_event_decoder *dec, const char *line, size_t n, slo_event *ev,
    slo_error *err)
{
	/* what slo_error_clear() would give to every reader of err, without
	 * a memset of 800 bytes a line: the decoder sets all of it when it
	 * rejects */
	err->status = SLO_OK;
	err->file[0] = err->msg[0] = '\0';
	err->line = err->col = 0;
	if (slo_event_decode(dec, line, n, ev, err) == SLO_OK)
		return SLO_LINE_ACCEPTED;
	if (err->msg[0] == '\0')
		slo_error_set(err, err->status, "", 0, err->col, "%s",
		    slo_strerror(err->status));
	return SLO_LINE_REJECTED;
}

slo_line_kind
slo_line_classify(unsigned as, const char *line, size_t n,
    slo_event_decoder *dec, json_t **obj, slo_event *ev, slo_error *err)
{
	size_t bad;

	if ((as & SLO_LINE_SKIP_BLANK) && line_blank(line, n))
		return SLO_LINE_BLANK;
	switch (as & ~SLO_LINE_SKIP_BLANK) {
	case SLO_LINE_AS_EVENT:
		/* slo_event_decode() checks UTF-8 itself, ASCII first */
		return as_event(dec, line, n, ev, err);
	case SLO_LINE_AS_OBJECT:
	case SLO_LINE_AS_TEXT:
		if (!slo_utf8_valid(line, n, &bad)) {
			slo_error_set(err, SLO_EUTF8, "", 0, (long)bad + 1,
			    "invalid utf-8");
			return SLO_LINE_REJECTED;
		}
		if ((as & ~SLO_LINE_SKIP_BLANK) == SLO_LINE_AS_TEXT)
			return SLO_LINE_ACCEPTED;
		return as_object(line, n, obj, err);
	}
	slo_error_set(err, SLO_EINVAL, "", 0, 0, "unknown line class");
	return SLO_LINE_REJECTED;
}
