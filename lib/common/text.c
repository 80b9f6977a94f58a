/*
 * text.c — text from the input, shown to people: on a terminal, in a
 * markdown step summary, in HTML and XML reports.
 *
 * Log data is hostile by default: a route may hold ESC sequences that
 * retitle or recolour a terminal (or OSC 52, which writes the clipboard),
 * newlines that forge table rows, "<img>" or "</td>" that break out of a
 * markdown cell, bidi overrides that reorder what a reviewer reads.  Every
 * writer here shows such text as visible escapes instead, and never cuts
 * inside a UTF-8 character or inside an escape.
 *
 * What is escaped, in every mode: the C0 controls, DEL, the C1 controls
 * (U+0080..U+009F), the line and paragraph separators U+2028/U+2029, the
 * bidi embeddings, overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069), invalid UTF-8 bytes, and the backslash itself (so that
 * an escape can never be confused with text that looks like one) but in
 * SLO_TEXT_LINE, for diagnostics that quote patterns like '\1'.
 */
#include <stdio.h>
#include <string.h>

#include "slo.h"
#include "slo_num.h"

#define TRY(x) do { slo_status st_ = (x); if (st_ != SLO_OK) return st_; } while (0)

/*
 * Decodes one UTF-8 code point at p[0..n).  Returns its length (1..4) and
 * sets *cp, or returns 0 when the bytes there are not well-formed (an
 * overlong form, a surrogate, past U+10FFFF, or cut short).
 */
static size_t
utf8_decode(const unsigned char *p, size_t n, unsigned long *cp)
{
	unsigned long c;
	size_t len, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		c = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;
	*cp = c;
	return len;
}

static int
must_escape(unsigned long c, int keep_backslash)
{
	return c < 0x20 || c == 0x7F || (c == '\\' && !keep_backslash) || (c >= 0x80 && c <= 0x9F) ||
	    c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
	    (c >= 0x2066 && c <= 0x2069);
}

/*
 * The columns a code point takes on a terminal: 0 for combining marks
 * and zero-width characters, 2 for East Asian wide and fullwidth forms
 * and emoji, 1 otherwise.  A compact table of the common ranges of
 * Unicode's EastAsianWidth.txt (W and F) and of the nonspacing marks
 * (Mn), not the whole database: rarer scripts count as 1.
 */
static int
cp_width(unsigned long c)
{
	static const unsigned long zero[][2] = {
		{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
		{ 0x0610, 0x061A }, { 0x064B, 0x065F }, { 0x0E31, 0x0E31 },
		{ 0x0E34, 0x0E3A }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF },
		{ 0x200B, 0x200F }, { 0x20D0, 0x20FF }, { 0xFE00, 0xFE0F },
		{ 0xFE20, 0xFE2F }, { 0xFEFF, 0xFEFF },
	};
	static const unsigned long wide[][2] = {
		{ 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF },
		{ 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF },
		{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F },
		{ 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
		{ 0x1F900, 0x1F9FF }, { 0x20000, 0x3FFFD },
	};

	for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
		if (c >= zero[i][0] && c <= zero[i][1])
			return 0;
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		if (c >= wide[i][0] && c <= wide[i][1])
			return 2;
	return 1;
}

/*
 * The next unit of s[i..n): either a code point shown as itself (*esc
 * set to "") or one shown as an escape written into esc (at most 11
 * bytes: "\\u202e", "\\xff", "\\n").  Returns the bytes consumed.
 */
static size_t
next_unit_as(const char *s, size_t n, size_t i, unsigned long *cp, char esc[12],
    int keep_backslash)
{
	const unsigned char *p = (const unsigned char *)s + i;
	size_t len = utf8_decode(p, n - i, cp);

	esc[0] = '\0';
	if (len == 0) {
		slo_snprintf(esc, 12, "\\x%02x", p[0]);
		return 1;
	}
	if (!must_escape(*cp, keep_backslash))
		return len;
	switch (*cp) {
	case '\n': slo_snprintf(esc, 12, "\\n"); break;
	case '\r': slo_snprintf(esc, 12, "\\r"); break;
	case '\t': slo_snprintf(esc, 12, "\\t"); break;
	case '\\': slo_snprintf(esc, 12, "\\\\"); break;
	default:
		/* cp <= 0x10FFFF: at most "\\u10ffff" */
		if (*cp < 0x80) /* C1 controls as \u0080..\u009f: a lone \x80 is a bad byte */
			slo_snprintf(esc, 12, "\\x%02x", (unsigned)*cp & 0xFFu);
		else
			slo_snprintf(esc, 12, "\\u%04x", (unsigned)*cp & 0x1FFFFFu);
	}
	return len;
}

static size_t
next_unit(const char *s, size_t n, size_t i, unsigned long *cp, char esc[12])
{
	return next_unit_as(s, n, i, cp, esc, 0);
}

size_t
slo_text_width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n;) {
		unsigned long cp;
		char esc[12];

		i += next_unit(s, n, i, &cp, esc);
		w += esc[0] ? strlen(esc) : (size_t)cp_width(cp);
	}
	return w;
}

/* One code point or escape, in the given mode. */
static slo_status
put_unit(slo_buf *b, slo_text_mode mode, const char *s, size_t len,
    unsigned long cp, const char *esc)
{
	if (esc[0] != '\0') {
		if (mode != SLO_TEXT_MARKDOWN)
			return slo_buf_puts(b, esc);
		/* CommonMark: a backslash before punctuation escapes it. */
		for (; *esc; esc++) {
			if (*esc == '\\')
				TRY(slo_buf_putc(b, '\\'));
			TRY(slo_buf_putc(b, *esc));
		}
		return SLO_OK;
	}
	if (mode == SLO_TEXT_HTML || mode == SLO_TEXT_MARKDOWN) {
		switch (cp) {
		case '<': return slo_buf_puts(b, "&lt;");
		case '>': return slo_buf_puts(b, "&gt;");
		case '&': return slo_buf_puts(b, "&amp;");
		}
	}
	/* Quotes matter in HTML attributes only, never in markdown text. */
	if (mode == SLO_TEXT_HTML && cp == '"')
		return slo_buf_puts(b, "&quot;");
	if (mode == SLO_TEXT_HTML && cp == '\'')
		return slo_buf_puts(b, "&#39;");
	/*
	 * Markdown: the punctuation that can open emphasis, code, a link or
	 * a strikethrough inside a line, or end a table cell, is
	 * backslash-escaped (CommonMark 0.31, section 2.4; GFM tables,
	 * section 4.10, for '|').  Block markers ('#', '-', '+') need none:
	 * a cell never starts a line.
	 */
	if (mode == SLO_TEXT_MARKDOWN && cp != 0 && strchr("|*_`[]~", (int)cp) != NULL)
		TRY(slo_buf_putc(b, '\\'));
	return slo_buf_append(b, s, len);
}

slo_status
slo_buf_text(slo_buf *b, slo_text_mode mode, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned long cp;
		char esc[12];
		size_t len = next_unit_as(s, n, i, &cp, esc, mode == SLO_TEXT_LINE);

		TRY(put_unit(b, mode, s + i, len, cp, esc));
		i += len;
	}
	return SLO_OK;
}

slo_status
slo_buf_text_cstr(slo_buf *b, slo_text_mode mode, const char *s)
{
	return s == NULL ? SLO_OK : slo_buf_text(b, mode, s, strlen(s));
}

/*
 * Writes the units of s[from..to) whose columns fit in *room, stopping at
 * the first that does not; returns (through *end) where it stopped.
 */
static slo_status
put_span(slo_buf *b, slo_text_mode mode, const char *s, size_t from, size_t to,
    size_t *room, size_t *end)
{
	size_t i = from;

	while (i < to) {
		unsigned long cp;
		char esc[12];
		size_t len = next_unit(s, to, i, &cp, esc);
		size_t w = esc[0] ? strlen(esc) : (size_t)cp_width(cp);

		if (w > *room)
			break;
		TRY(put_unit(b, mode, s + i, len, cp, esc));
		*room -= w;
		i += len;
	}
	*end = i;
	return SLO_OK;
}

/*
 * Start of the shortest suffix of s[0..n) that fits in room columns, on
 * a unit boundary: the units are walked from the front, as UTF-8 and the
 * escapes cannot be split reliably from the back.
 */
static size_t
suffix_start(const char *s, size_t n, size_t room)
{
	size_t total = slo_text_width(s, n), i = 0;

	while (i < n && total > room) {
		unsigned long cp;
		char esc[12];
		size_t len = next_unit(s, n, i, &cp, esc);

		total -= esc[0] ? strlen(esc) : (size_t)cp_width(cp);
		i += len;
	}
	return i;
}

slo_status
slo_buf_text_fit(slo_buf *b, slo_text_mode mode, const char *s, size_t n,
    size_t width, int align_right)
{
	size_t w = slo_text_width(s, n), pad = 0, used = 0;

	if (w <= width) {
		pad = width - w;
		for (size_t i = 0; align_right && i < pad; i++)
			TRY(slo_buf_putc(b, ' '));
		TRY(slo_buf_text(b, mode, s, n));
		for (size_t i = 0; !align_right && i < pad; i++)
			TRY(slo_buf_putc(b, ' '));
		return SLO_OK;
	}
	if (width == 0)
		return SLO_OK;
	/*
	 * Too wide: keep the head and the tail, which is where names differ
	 * ("billing-availability-by-route-...-dashboard" against
	 * "billing-availability"), and put U+2026 between them.
	 */
	{
		size_t avail = width - 1, head_room = (avail + 1) / 2, tail_room, end, from;

		TRY(put_span(b, mode, s, 0, n, &head_room, &end));
		used = (avail + 1) / 2 - head_room;
		tail_room = avail - used;
		from = suffix_start(s, n, tail_room);
		if (from < end)
			from = end;
		TRY(slo_buf_puts(b, "\xe2\x80\xa6"));
		used += 1 + slo_text_width(s + from, n - from);
		TRY(slo_buf_text(b, mode, s + from, n - from));
	}
	for (; used < width; used++)
		TRY(slo_buf_putc(b, ' '));
	return SLO_OK;
}
