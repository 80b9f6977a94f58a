/*
 * frame.c — JSON arrays and multi-line values cut into one value a line.
 * See slo_frame.h for the contract.
 */
#include <stdlib.h>
#include <string.h>

#include "slo_frame.h"

/* The most of a first line kept to tell whether it needs cutting. */
#define FRAME_DECIDE (64 * 1024)

struct slo_frame {
	slo_frame_mode mode;
	slo_buf head;          /* bytes kept while undecided */
	int depth;             /* of the value being cut */
	int in_value, in_str, esc;
	int scalar;            /* the value is a number or a literal */
	int garbage;           /* no JSON: it runs to the end of its line */
	int outer;             /* ARRAY: inside the top-level brackets */
	int line_start;        /* a line break inside the value came last */
	int line_has_record;   /* a value ended on the current output line */
	size_t owed;           /* line breaks taken out of those values */
	size_t debt;           /* lines given out beyond the input's */
};

slo_frame *
slo_frame_new(void)
{
	return calloc(1, sizeof(slo_frame));
}

void
slo_frame_free(slo_frame *f)
{
	if (f == NULL)
		return;
	slo_buf_release(&f->head);
	free(f);
}

slo_frame_mode
slo_frame_mode_of(const slo_frame *f)
{
	return f->mode;
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The empty lines a value's line breaks are owed, less what lines given
 * out beyond the input's take back. */
static slo_status
pay_owed(slo_frame *f, slo_buf *out)
{
	size_t pay = f->debt < f->owed ? f->debt : f->owed;
	slo_status st = SLO_OK;

	f->debt -= pay;
	for (size_t i = pay; i < f->owed && st == SLO_OK; i++)
		st = slo_buf_putc(out, '\n');
	f->owed = 0;
	f->line_has_record = 0;
	return st;
}

static void
end_value(slo_frame *f)
{
	f->in_value = f->in_str = f->esc = f->scalar = f->garbage = 0;
	f->depth = 0;
	f->line_start = 0;
	f->line_has_record = 1;
}

static slo_status cut_top(slo_frame *f, char c, slo_buf *out);

/* One byte inside a value. */
static slo_status
cut_value(slo_frame *f, char c, slo_buf *out)
{
	slo_status st;

	if (f->garbage) {
		if (c == '\n') {
			end_value(f);
			return cut_top(f, c, out);
		}
		return slo_buf_putc(out, c);
	}
	if (f->scalar) {
		if (is_ws(c) || strchr(",]}[{\"", c) != NULL) {
			end_value(f);
			return cut_top(f, c, out);
		}
		return slo_buf_putc(out, c);
	}
	if (f->in_str) {
		if (f->esc)
			f->esc = 0;
		else if (c == '\\')
			f->esc = 1;
		else if (c == '"') {
			f->in_str = 0;
			if (f->depth == 0) {
				end_value(f);
			}
		} else if (c == '\n') {
			/* a line break cannot be in a string: the value is broken */
			end_value(f);
			return cut_top(f, c, out);
		}
		return slo_buf_putc(out, c);
	}
	if (f->line_start && !is_ws(c) && c != '}' && c != ']') {
		/*
		 * A line that does not continue the value: it was broken, and
		 * this line begins the next.  Its line ends here, then the
		 * empty lines it took in.
		 */
		end_value(f);
		if ((st = slo_buf_putc(out, '\n')) != SLO_OK)
			return st;
		f->owed--;
		if ((st = pay_owed(f, out)) != SLO_OK)
			return st;
		return cut_top(f, c, out);
	}
	f->line_start = 0;
	switch (c) {
	case '"':
		f->in_str = 1;
		break;
	case '{':
	case '[':
		f->depth++;
		break;
	case '}':
	case ']':
		if ((st = slo_buf_putc(out, c)) != SLO_OK)
			return st;
		if (--f->depth == 0)
			end_value(f);
		return SLO_OK;
	case '\n':
		f->owed++;
		f->line_start = 1;
		return slo_buf_putc(out, ' ');
	case '\r':
		return slo_buf_putc(out, ' ');
	}
	return slo_buf_putc(out, c);
}

/* One byte between values. */
static slo_status
cut_top(slo_frame *f, char c, slo_buf *out)
{
	slo_status st;

	switch (c) {
	case '\n':
		if ((st = slo_buf_putc(out, '\n')) != SLO_OK)
			return st;
		return f->line_has_record ? pay_owed(f, out) : SLO_OK;
	case ' ':
	case '\t':
	case '\r':
		return slo_buf_putc(out, c);
	}
	if (f->mode == SLO_FRAME_ARRAY) {
		if ((c == '[' && !f->outer) || (c == ']' && f->outer) ||
		    (c == ',' && f->outer)) {
			f->outer = c != ']';
			return slo_buf_putc(out, ' ');
		}
	}
	if (f->line_has_record) {
		/* a second value on the line: a line of its own */
		if ((st = slo_buf_putc(out, '\n')) != SLO_OK)
			return st;
		f->debt++;
		f->line_has_record = 0;
	}
	f->in_value = 1;
	if (c == '{' || c == '[')
		f->depth = 1;
	else if (c == '"')
		f->in_str = 1;
	else if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' ||
	    c == 'n')
		f->scalar = 1;
	else
		f->garbage = 1;
	return slo_buf_putc(out, c);
}

static slo_status
cut(slo_frame *f, const char *p, size_t n, slo_buf *out)
{
	slo_status st = SLO_OK;

	for (size_t i = 0; i < n && st == SLO_OK; i++)
		st = f->in_value ? cut_value(f, p[i], out) : cut_top(f, p[i], out);
	return st;
}

/*
 * The mode the first bytes tell, or UNDECIDED while they do not yet
 * (eof: they never will, so NONE).  See slo_frame.h for the rules.
 */
static slo_frame_mode
decide(const char *p, size_t n, int eof)
{
	size_t i = 0, j;
	int depth = 0, in_str = 0, esc = 0;
	char last = 0;

	while (i < n && is_ws(p[i]))
		i++;
	if (i == n)
		return eof ? SLO_FRAME_NONE : SLO_FRAME_UNDECIDED;
	if (p[i] == '[') {
		for (j = i + 1; j < n && is_ws(p[j]); j++)
			;
		if (j == n)
			return eof ? SLO_FRAME_NONE : SLO_FRAME_UNDECIDED;
		return p[j] == '{' || p[j] == ']' ? SLO_FRAME_ARRAY :
		    SLO_FRAME_NONE;
	}
	if (p[i] != '{')
		return SLO_FRAME_NONE;
	/* the first line, from its '{' */
	for (j = i; j < n && p[j] != '\n'; j++) {
		char c = p[j];

		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (depth == 0 && j > i) {
			/* the value ended: more on the line is another one */
			if (!is_ws(c))
				return SLO_FRAME_VALUES;
			continue;
		}
		if (c == '"')
			in_str = 1;
		else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']')
			depth--;
		if (!is_ws(c))
			last = c;
	}
	if (j == n && !eof)
		/* a pretty-printer breaks its first line early: a long one is
		 * a line of NDJSON, not worth keeping whole to decide */
		return j - i < FRAME_DECIDE ? SLO_FRAME_UNDECIDED :
		    SLO_FRAME_NONE;
	/* left open where a pretty-printer breaks the line */
	if (depth > 0 && !in_str && (last == '{' || last == '[' ||
	    last == ',' || last == ':'))
		return SLO_FRAME_VALUES;
	return SLO_FRAME_NONE;
}

slo_status
slo_frame_feed(slo_frame *f, const char *p, size_t n, int eof, slo_buf *out)
{
	slo_status st;

	if (f->mode == SLO_FRAME_NONE)
		return n > 0 ? slo_buf_append(out, p, n) : SLO_OK;
	if (f->mode == SLO_FRAME_UNDECIDED) {
		if (n > 0 && (st = slo_buf_append(&f->head, p, n)) != SLO_OK)
			return st;
		f->mode = decide(f->head.data, f->head.len, eof);
		if (f->mode == SLO_FRAME_UNDECIDED)
			return SLO_OK;
		p = f->head.data;
		n = f->head.len;
		if (f->mode == SLO_FRAME_NONE)
			st = n > 0 ? slo_buf_append(out, p, n) : SLO_OK;
		else
			st = cut(f, p, n, out);
		f->head.len = 0;
		if (st != SLO_OK || f->mode == SLO_FRAME_NONE)
			return st;
	} else if ((st = cut(f, p, n, out)) != SLO_OK)
		return st;
	if (!eof)
		return SLO_OK;
	if (f->in_value) {
		/* a value cut short by the end: a record as it is */
		end_value(f);
		if (f->owed == 0)
			return SLO_OK;
		f->owed--; /* the last line break was the input's last */
	} else if (!f->line_has_record || f->owed == 0)
		return SLO_OK;
	/* the empty lines owed to a last line without its '\n' */
	if ((st = slo_buf_putc(out, '\n')) != SLO_OK)
		return st;
	return pay_owed(f, out);
}
