/*
 * table.c — the one writer of tabular output (slo_table.h): terminal
 * table, GFM Markdown, CSV and TSV from one grid of cells.
 */
#include <stdlib.h>
#include <string.h>

#include "slo_table.h"

#define TRY(x) do { if ((x) != SLO_OK) return SLO_ENOMEM; } while (0)

/* ---- building --------------------------------------------------------- */

static slo_status
add_cell(slo_tab *t, const char *s, size_t n, const char *color, int strong)
{
	if (t->ncell == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		slo_tab_cell *c = realloc(t->cell, cap * sizeof *c);

		if (c == NULL)
			return SLO_ENOMEM;
		t->cell = c;
		t->cap = cap;
	}
	t->cell[t->ncell] = (slo_tab_cell){ t->text.len, n, color, strong };
	TRY(slo_buf_append(&t->text, s, n));
	t->ncell++;
	return SLO_OK;
}

slo_status
slo_tab_add(slo_tab *t, const char *s, size_t n)
{
	return add_cell(t, s, n, NULL, 0);
}

slo_status
slo_tab_cstr(slo_tab *t, const char *s)
{
	return add_cell(t, s ? s : "", s ? strlen(s) : 0, NULL, 0);
}

slo_status
slo_tab_mark(slo_tab *t, const char *s, const char *color, int strong)
{
	return add_cell(t, s ? s : "", s ? strlen(s) : 0, color, strong);
}

size_t
slo_tab_rows(const slo_tab *t)
{
	return t->ncol ? t->ncell / t->ncol : 0;
}

void
slo_tab_release(slo_tab *t)
{
	slo_buf_release(&t->text);
	free(t->cell);
	t->cell = NULL;
	t->ncell = t->cap = 0;
}

static const char *
cell_text(const slo_tab *t, const slo_tab_cell *c)
{
	/* text.data is NULL while every cell is empty */
	return t->text.data ? t->text.data + c->off : "";
}

/* ---- the terminal table ------------------------------------------------ */

static size_t
cell_width(const slo_tab *t, const slo_tab_cell *c)
{
	return slo_text_width(cell_text(t, c), c->len);
}

/* A row's SLO_COL_SHRINK cells as shown at widths w, and in full. */
typedef struct shown {
	slo_buf shown, whole;
} shown;

static int
shown_cmp(const void *x, const void *y)
{
	const shown *a = x, *b = y;
	size_t n = a->shown.len < b->shown.len ? a->shown.len : b->shown.len;
	int c = n ? memcmp(a->shown.data, b->shown.data, n) : 0;

	return c ? c : (a->shown.len > b->shown.len) - (a->shown.len < b->shown.len);
}

static int
same_buf(const slo_buf *a, const slo_buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

/*
 * Whether two rows that differ in their shrinkable cells would print
 * alike at widths w ("billing-av…dashboard" twice).  -1: out of memory.
 */
static int
rows_collide(const slo_tab *t, const size_t *w)
{
	size_t n = slo_tab_rows(t), i, c;
	shown *s = calloc(n ? n : 1, sizeof *s);
	slo_status st = s ? SLO_OK : SLO_ENOMEM;
	int hit = 0;

	for (i = 0; i < n && st == SLO_OK; i++)
		for (c = 0; c < t->ncol && st == SLO_OK; c++) {
			const slo_tab_cell *cl = &t->cell[i * t->ncol + c];

			if (!(t->cols[c].flags & SLO_COL_SHRINK))
				continue;
			if ((st = slo_buf_text_fit(&s[i].shown, SLO_TEXT_PLAIN,
			    cell_text(t, cl), cl->len, w[c], 0)) == SLO_OK &&
			    (st = slo_buf_append(&s[i].whole, cell_text(t, cl),
			    cl->len)) == SLO_OK)
				st = slo_buf_putc(&s[i].whole, '\0');
		}
	if (st == SLO_OK && n > 1) {
		qsort(s, n, sizeof *s, shown_cmp);
		for (i = 1; i < n && !hit; i++)
			hit = shown_cmp(&s[i - 1], &s[i]) == 0 &&
			    !same_buf(&s[i - 1].whole, &s[i].whole);
	}
	for (i = 0; s != NULL && i < n; i++) {
		slo_buf_release(&s[i].shown);
		slo_buf_release(&s[i].whole);
	}
	free(s);
	return st == SLO_OK ? hit : -1;
}

/*
 * Share room among the shrinkable columns (w on entry their widest):
 * a column narrower than an equal share keeps its width and leaves the
 * rest to the others.  None goes below 8 columns (or its widest value):
 * the table may pass the room rather than show nothing.
 */
static void
share_room(const slo_tab *t, size_t room, size_t *w)
{
	size_t k = 0, used = 0, c;
	int settled;

	for (c = 0; c < t->ncol; c++)
		if (t->cols[c].flags & SLO_COL_SHRINK) {
			k++;
			used += w[c];
		}
	if (k == 0 || used <= room)
		return;
	/* water-filling: settle the narrow ones, split what is left */
	{
		unsigned char *fixed = calloc(t->ncol, 1);
		size_t left = room, open = k;

		if (fixed == NULL)
			return; /* no shortening: wider, never wrong */
		do {
			settled = 0;
			for (c = 0; c < t->ncol; c++)
				if ((t->cols[c].flags & SLO_COL_SHRINK) && !fixed[c] &&
				    open > 0 && w[c] <= left / open) {
					fixed[c] = 1;
					left -= w[c];
					open--;
					settled = 1;
				}
		} while (settled && open > 0);
		for (c = 0; c < t->ncol && open > 0; c++)
			if ((t->cols[c].flags & SLO_COL_SHRINK) && !fixed[c]) {
				size_t share = left / open, want = w[c];

				w[c] = share < 8 ? (want < 8 ? want : 8) : share;
				left -= share < left ? share : left;
				open--;
			}
		free(fixed);
	}
}

/* Widen the shrinkable columns until rows that differ print apart. */
static slo_status
keep_apart(const slo_tab *t, const size_t *full, size_t *w)
{
	int hit;

	while ((hit = rows_collide(t, w)) > 0) {
		int grew = 0;

		/* a column whose full text tells the rows apart is widened */
		for (size_t c = 0; c < t->ncol; c++) {
			size_t keep = w[c];
			int h;

			if (!(t->cols[c].flags & SLO_COL_SHRINK) || w[c] >= full[c])
				continue;
			w[c] = full[c];
			h = rows_collide(t, w);
			w[c] = keep;
			if (h < 0)
				return SLO_ENOMEM;
			if (h == 0) {
				w[c] = w[c] + 4 < full[c] ? w[c] + 4 : full[c];
				grew = 1;
			}
		}
		for (size_t c = 0; !grew && c < t->ncol; c++)
			if ((t->cols[c].flags & SLO_COL_SHRINK) && w[c] < full[c]) {
				w[c] = w[c] + 4 < full[c] ? w[c] + 4 : full[c];
				grew = 1;
			}
		if (!grew)
			return SLO_OK;
	}
	return hit < 0 ? SLO_ENOMEM : SLO_OK;
}

static slo_status
blanks(slo_buf *b, size_t n)
{
	while (n-- > 0)
		TRY(slo_buf_putc(b, ' '));
	return SLO_OK;
}

/*
 * s[0..n) wrapped at blanks into lines of room columns, each after the
 * first indented by indent; a word wider than room stands alone, whole.
 */
static slo_status
wrap_cell(slo_buf *b, const char *s, size_t n, size_t room, size_t indent)
{
	size_t i = 0, col = 0;

	while (i < n) {
		size_t j = i, ww;

		while (j < n && s[j] != ' ')
			j++;
		ww = slo_text_width(s + i, j - i);
		if (col > 0 && room > 0 && col + 1 + ww > room) {
			TRY(slo_buf_putc(b, '\n'));
			TRY(blanks(b, indent));
			col = 0;
		} else if (col > 0) {
			TRY(slo_buf_putc(b, ' '));
			col++;
		}
		TRY(slo_buf_text(b, SLO_TEXT_PLAIN, s + i, j - i));
		col += ww;
		for (i = j; i < n && s[i] == ' '; i++)
			;
	}
	return SLO_OK;
}

/* The line just written, from start, without trailing blanks. */
static void
trim_line(slo_buf *b, size_t start)
{
	while (b->len > start && b->data[b->len - 1] == ' ')
		b->len--;
}

static slo_status
table_header(const slo_tab *t, const size_t *w, slo_buf *b)
{
	size_t start = b->len;

	for (size_t c = 0; c < t->ncol; c++) {
		char up[64];
		size_t n = strlen(t->cols[c].title), i;

		for (i = 0; i < n && i < sizeof up - 1; i++)
			up[i] = (char)(t->cols[c].title[i] >= 'a' &&
			    t->cols[c].title[i] <= 'z' ? t->cols[c].title[i] - 32 :
			    t->cols[c].title[i]);
		if (c > 0)
			TRY(slo_buf_putc(b, ' '));
		if (t->cols[c].flags & SLO_COL_WRAP)
			TRY(slo_buf_append(b, up, i));
		else
			TRY(slo_buf_text_fit(b, SLO_TEXT_PLAIN, up, i, w[c],
			    (t->cols[c].flags & SLO_COL_RIGHT) != 0));
	}
	trim_line(b, start);
	return slo_buf_putc(b, '\n');
}

static slo_status
table_rows(const slo_tab *t, const size_t *w, const slo_render_opts *ro,
    slo_buf *b)
{
	size_t n = slo_tab_rows(t);

	for (size_t r = 0; r < n; r++) {
		size_t start = b->len, indent = 0;

		for (size_t c = 0; c < t->ncol; c++) {
			const slo_tab_cell *cl = &t->cell[r * t->ncol + c];
			const slo_tab_col *col = &t->cols[c];
			int color = ro->color && cl->color != NULL;

			if (c > 0) {
				TRY(slo_buf_putc(b, ' '));
				indent++;
			}
			if (color)
				TRY(slo_buf_puts(b, cl->color));
			if (col->flags & SLO_COL_WRAP)
				TRY(wrap_cell(b, cell_text(t, cl), cl->len, w[c], indent));
			else
				TRY(slo_buf_text_fit(b, SLO_TEXT_PLAIN, cell_text(t, cl),
				    cl->len, w[c], (col->flags & SLO_COL_RIGHT) != 0));
			if (color)
				TRY(slo_buf_puts(b, "\033[0m"));
			indent += w[c];
		}
		trim_line(b, start);
		TRY(slo_buf_putc(b, '\n'));
	}
	return SLO_OK;
}

/* What the wrapped column keeps: its title, up to 16 columns of text. */
static size_t
keep_wrapped(const slo_tab *t, size_t c)
{
	size_t keep = strlen(t->cols[c].title), n = slo_tab_rows(t);

	for (size_t r = 0; r < n && keep < 16; r++) {
		size_t cw = cell_width(t, &t->cell[r * t->ncol + c]);

		if (cw > keep)
			keep = cw < 16 ? cw : 16;
	}
	return keep;
}

static slo_status
write_table_with(const slo_tab *t, const slo_render_opts *ro, size_t *w,
    size_t *full, slo_buf *b)
{
	size_t n = slo_tab_rows(t), c, fixed = 0, wrap_col = t->ncol;

	for (c = 0; c < t->ncol; c++) {
		w[c] = strlen(t->cols[c].title);
		for (size_t r = 0; r < n; r++) {
			size_t cw = cell_width(t, &t->cell[r * t->ncol + c]);

			if (cw > w[c])
				w[c] = cw;
		}
		full[c] = w[c];
		if (t->cols[c].flags & SLO_COL_WRAP)
			wrap_col = c;
		else if (!(t->cols[c].flags & SLO_COL_SHRINK))
			fixed += w[c];
		if (c > 0)
			fixed++;
	}
	if (ro->width > 0) {
		/*
		 * The wrapped column keeps up to 16 columns, the shrinkable ones
		 * share the rest; what they leave goes back to the wrapped one.
		 */
		size_t keep = wrap_col < t->ncol ? keep_wrapped(t, wrap_col) : 0;
		size_t room = ro->width > fixed + keep ? ro->width - fixed - keep : 1;

		share_room(t, room, w);
		TRY(keep_apart(t, full, w));
		if (wrap_col < t->ncol) {
			size_t used = fixed;

			for (c = 0; c < t->ncol; c++)
				if (t->cols[c].flags & SLO_COL_SHRINK)
					used += w[c];
			w[wrap_col] = ro->width > used + keep ? ro->width - used : keep;
			if (w[wrap_col] > full[wrap_col])
				w[wrap_col] = full[wrap_col];
		}
	} else if (wrap_col < t->ncol)
		w[wrap_col] = 0; /* no limit: one line */
	TRY(table_header(t, w, b));
	return table_rows(t, w, ro, b);
}

static slo_status
write_table(const slo_tab *t, const slo_render_opts *ro, slo_buf *b)
{
	size_t *w = calloc(2 * (t->ncol ? t->ncol : 1), sizeof *w);
	slo_status st;

	if (w == NULL)
		return SLO_ENOMEM;
	st = write_table_with(t, ro, w, w + t->ncol, b);
	free(w);
	return st;
}

/* ---- markdown, csv, tsv ------------------------------------------------ */

static slo_status
write_markdown(const slo_tab *t, slo_buf *b)
{
	size_t n = slo_tab_rows(t);

	TRY(slo_buf_putc(b, '|'));
	for (size_t c = 0; c < t->ncol; c++) {
		TRY(slo_buf_putc(b, ' '));
		TRY(slo_buf_text_cstr(b, SLO_TEXT_MARKDOWN, t->cols[c].title));
		TRY(slo_buf_puts(b, " |"));
	}
	TRY(slo_buf_puts(b, "\n|"));
	for (size_t c = 0; c < t->ncol; c++)
		TRY(slo_buf_puts(b, t->cols[c].flags & SLO_COL_RIGHT ? "--:|" : "---|"));
	TRY(slo_buf_putc(b, '\n'));
	for (size_t r = 0; r < n; r++) {
		TRY(slo_buf_putc(b, '|'));
		for (size_t c = 0; c < t->ncol; c++) {
			const slo_tab_cell *cl = &t->cell[r * t->ncol + c];
			int strong = cl->strong && cl->len > 0;

			TRY(slo_buf_puts(b, strong ? " **" : " "));
			TRY(slo_buf_text(b, SLO_TEXT_MARKDOWN, cell_text(t, cl), cl->len));
			TRY(slo_buf_puts(b, strong ? "** |" : " |"));
		}
		TRY(slo_buf_putc(b, '\n'));
	}
	return SLO_OK;
}

/* One CSV field: escaped as in the table, quoted when RFC 4180 needs it. */
static slo_status
csv_field(slo_buf *b, slo_buf *tmp, const char *s, size_t n)
{
	int quote;

	slo_buf_reset(tmp);
	TRY(slo_buf_text(tmp, SLO_TEXT_PLAIN, s, n));
	quote = tmp->len > 0 && (tmp->data[0] == ' ' || tmp->data[tmp->len - 1] == ' ' ||
	    memchr(tmp->data, ',', tmp->len) || memchr(tmp->data, '"', tmp->len));
	if (!quote)
		return tmp->len ? slo_buf_append(b, tmp->data, tmp->len) : SLO_OK;
	TRY(slo_buf_putc(b, '"'));
	for (size_t i = 0; i < tmp->len; i++) {
		if (tmp->data[i] == '"')
			TRY(slo_buf_putc(b, '"'));
		TRY(slo_buf_putc(b, tmp->data[i]));
	}
	return slo_buf_putc(b, '"');
}

/*
 * CSV or TSV.  In TSV, slo_buf_text()'s escapes are the ones Miller and
 * the IANA registration expect: no field holds a tab or a newline.
 */
static slo_status
write_sv(const slo_tab *t, int csv, slo_buf *b, slo_buf *tmp)
{
	size_t n = slo_tab_rows(t);
	const char *sep = csv ? "," : "\t", *eol = csv ? "\r\n" : "\n";

	for (size_t c = 0; c < t->ncol; c++) {
		if (c)
			TRY(slo_buf_puts(b, sep));
		TRY(slo_buf_puts(b, t->cols[c].key));
	}
	TRY(slo_buf_puts(b, eol));
	for (size_t r = 0; r < n; r++) {
		for (size_t c = 0; c < t->ncol; c++) {
			const slo_tab_cell *cl = &t->cell[r * t->ncol + c];

			if (c)
				TRY(slo_buf_puts(b, sep));
			if (csv)
				TRY(csv_field(b, tmp, cell_text(t, cl), cl->len));
			else
				TRY(slo_buf_text(b, SLO_TEXT_PLAIN, cell_text(t, cl), cl->len));
		}
		TRY(slo_buf_puts(b, eol));
	}
	return SLO_OK;
}

slo_status
slo_tab_write(const slo_tab *t, slo_format fmt, const slo_render_opts *ro,
    slo_buf *b)
{
	slo_buf tmp = { 0 };
	slo_status st;

	switch (fmt) {
	case SLO_FMT_TABLE:
		return write_table(t, ro, b);
	case SLO_FMT_MARKDOWN:
		return write_markdown(t, b);
	case SLO_FMT_CSV:
	case SLO_FMT_TSV:
		st = write_sv(t, fmt == SLO_FMT_CSV, b, &tmp);
		slo_buf_release(&tmp);
		return st;
	default:
		return SLO_EINVAL;
	}
}
