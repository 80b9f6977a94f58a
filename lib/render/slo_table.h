/*
 * slo_table.h — the one writer of tabular output (table.c): a grid of
 * cells built by a tool's renderer, written as a terminal table, a GFM
 * Markdown table, CSV (RFC 4180) or TSV.  Every tool's table, markdown,
 * csv and tsv forms go through it, so that quoting, escaping, alignment
 * and fitting the terminal are decided once.  Private to lib/render.
 */
#ifndef SLO_TABLE_H
#define SLO_TABLE_H

#include "slo.h"
#include "slo_render.h"

enum {
	SLO_COL_RIGHT = 1u << 0,  /* right-aligned (a figure); markdown --: */
	SLO_COL_SHRINK = 1u << 1, /* text that may be shortened in the middle */
	SLO_COL_WRAP = 1u << 2    /* last column: wrapped at blanks, unpadded */
};

typedef struct slo_tab_col {
	const char *key;   /* csv/tsv header: snake_case, for Miller and SQL */
	const char *title; /* markdown header; the table's, upper-cased */
	unsigned flags;    /* SLO_COL_* */
} slo_tab_col;

typedef struct slo_tab_cell {
	size_t off, len;   /* in the table's text */
	const char *color; /* ANSI colour in the table (ro->color), or NULL */
	int strong;        /* bold in markdown */
} slo_tab_cell;

/* Cells row by row, ncol to a row.  Zero-initialise with cols set. */
typedef struct slo_tab {
	const slo_tab_col *cols;
	size_t ncol;
	slo_buf text;
	slo_tab_cell *cell;
	size_t ncell, cap;
} slo_tab;

/* The next cell: s[0..n), raw text from the input or a figure. */
slo_status slo_tab_add(slo_tab *t, const char *s, size_t n);
/* The same for a NUL-terminated string (NULL: empty). */
slo_status slo_tab_cstr(slo_tab *t, const char *s);
/* The same, marked: color in the table, bold in markdown when strong. */
slo_status slo_tab_mark(slo_tab *t, const char *s, const char *color,
    int strong);
size_t slo_tab_rows(const slo_tab *t);
void slo_tab_release(slo_tab *t);

/*
 * Append t in fmt to b:
 * - SLO_FMT_TABLE: a header row of upper-cased titles and columns padded
 *   to their widest cell in display columns (slo_text_width()), text
 *   escaped (slo_buf_text()).  Within ro->width (0: no limit) the
 *   SLO_COL_SHRINK columns share what the others leave, each shortened
 *   in the middle only when it must, and widened again while two rows
 *   that differ would print alike; other columns are never cut.  A
 *   SLO_COL_WRAP last column is wrapped at blanks to what is left, its
 *   continuation lines indented under it (a word is never cut).
 * - SLO_FMT_MARKDOWN: a GFM table, cells escaped for it (SLO_TEXT_MARKDOWN),
 *   strong cells in bold, SLO_COL_RIGHT columns right-aligned.
 * - SLO_FMT_CSV: RFC 4180: a header row of keys, CRLF line ends, a field
 *   quoted when it holds ',', '"' or a blank at either end, '"' doubled.
 *   Text is escaped as in the table ("\n", "\t", "\\", "\x1b"), so a
 *   record is one line and no byte drives a terminal.
 * - SLO_FMT_TSV: text/tab-separated-values: a header row of keys, LF
 *   line ends, tab, newline, CR and backslash in a field written "\t",
 *   "\n", "\r" and "\\" as Miller reads them (other controls as above).
 * SLO_EINVAL for another format; SLO_ENOMEM.
 */
slo_status slo_tab_write(const slo_tab *t, slo_format fmt,
    const slo_render_opts *ro, slo_buf *b);

#endif
