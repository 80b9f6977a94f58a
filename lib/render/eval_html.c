/*
 * eval_html.c — slo-eval's report as one self-contained HTML page: inline
 * CSS, inline SVG charts, no script and nothing fetched, so a cron job can
 * mail it or drop it on any web server.
 *
 * The page: what each SLO is (description, service, window, objective),
 * one table of verdicts, then charts.  With more than HTML_WORST verdicts
 * (groups), the table starts with the worst HTML_WORST and the others
 * follow collapsed in a <details> (no script needed to open it), at most
 * HTML_ROWS_MAX of them; only the worst get charts.  What is left out is
 * said on the page, with --format ndjson named for the rest: 20 000
 * groups over 30 days make a page of 0.4 MB, where a chart per verdict
 * made 182 MB.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scorecard_int.h"
#include "slo_num.h"

#define TRY(x) do { if ((x) != SLO_OK) return SLO_ENOMEM; } while (0)

enum {
	HTML_WORST = 20,     /* verdicts shown first, and charted */
	HTML_ROWS_MAX = 1000 /* verdicts listed after them, collapsed */
};

static slo_status
html_text(slo_buf *b, const char *s)
{
	return slo_buf_text_cstr(b, SLO_TEXT_HTML, s);
}

/* The verdict's group with its keys, escaped for HTML. */
static slo_status
html_group(slo_buf *b, const slo_verdict *v)
{
	slo_buf g = { 0 };
	slo_status st = slo_verdict_group_text(v, 1, &g);

	if (st == SLO_OK)
		st = slo_buf_text(b, SLO_TEXT_HTML, g.data ? g.data : "", g.len);
	slo_buf_release(&g);
	return st;
}

static const char css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;background:#fff}"
    "h1{font-size:1.4em}h2{font-size:1.1em;margin:1.6em 0 .3em}"
    "table{border-collapse:collapse}th,td{padding:.25em .7em;border-bottom:1px solid #ddd;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".ok{color:#1a7f37}.warning{color:#9a6700}.breached{color:#cf222e;font-weight:bold}.no_data{color:#777}"
    ".meta{color:#555}svg{display:block;margin:.4em 0 1em}"
    "svg text{font:11px system-ui,sans-serif;fill:#555}"
    "dt{font-weight:bold;margin-top:.4em}dd{margin-left:1.5em}"
    "details{margin:.8em 0}summary{cursor:pointer;color:#0969da}";

/*
 * Worst first: breached, then warning, then no data, then ok; within a
 * status the least budget left first; ties keep the engine's order, so
 * the page is the same from run to run.
 */
static int
status_rank(slo_state s)
{
	switch (s) {
	case SLO_STATE_BREACHED: return 0;
	case SLO_STATE_WARNING: return 1;
	case SLO_STATE_NO_DATA: return 2;
	default: return 3;
	}
}

/* A verdict's sort key, copied out so that qsort needs no context. */
typedef struct rank_key {
	int rank;
	double remaining;  /* compared only between verdicts with data */
	size_t index;
} rank_key;

static int
worse_first(const void *pa, const void *pb)
{
	const rank_key *a = pa, *b = pb;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->rank != status_rank(SLO_STATE_NO_DATA) && a->remaining != b->remaining)
		return a->remaining < b->remaining ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * The verdicts' indexes, worst first when there are more than HTML_WORST
 * of them, else in the engine's order (SLOs as the spec lists them).
 * NULL when out of memory.
 */
static size_t *
verdict_order(const slo_eval *e, size_t n)
{
	size_t *ix = malloc((n > 0 ? n : 1) * sizeof *ix);
	rank_key *k;

	if (ix == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		ix[i] = i;
	if (n <= HTML_WORST)
		return ix;
	if ((k = malloc(n * sizeof *k)) == NULL) {
		free(ix);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		const slo_result *r = &slo_eval_verdict(e, i)->result;

		k[i] = (rank_key){ status_rank(r->status), r->remaining, i };
	}
	qsort(k, n, sizeof *k, worse_first);
	for (size_t i = 0; i < n; i++)
		ix[i] = k[i].index;
	free(k);
	return ix;
}

/* How a tick shows its instant, from "2026-11-25T13:00:00Z". */
typedef enum tick_form {
	TICK_TIME,      /* "13:00" */
	TICK_DATE_TIME, /* "11-25 13:00" */
	TICK_DATE       /* "11-25" */
} tick_form;

static void
tick_label(slo_ns t, tick_form form, char *buf, size_t n)
{
	char full[SLO_TIME_BUFSZ];

	slo_time_format(t, full);
	if (strlen(full) < 16)
		slo_snprintf(buf, n, "%s", full);
	else if (form == TICK_DATE_TIME)
		slo_snprintf(buf, n, "%.5s %.5s", full + 5, full + 11);
	else if (form == TICK_DATE)
		slo_snprintf(buf, n, "%.5s", full + 5);
	else
		slo_snprintf(buf, n, "%.5s", full + 11);
}

/*
 * The time axis under the charts: ticks at a round interval (the smallest
 * of the list giving at most 8 of them), aligned to the Unix epoch, so in
 * UTC; daily or longer ticks show the date, shorter ones the time, with
 * the date on the first and at each midnight.  Vertical grid
 * lines from y_top to y_bottom; labels below y_bottom; "time (UTC)" says
 * the zone the labels are in.
 */
static slo_status
time_axis(slo_buf *b, slo_ns t0, slo_ns t1, double x0, double pw,
    double y_top, double y_bottom)
{
	static const slo_ns steps[] = {
		SLO_NS_PER_MIN, 5 * SLO_NS_PER_MIN, 10 * SLO_NS_PER_MIN,
		15 * SLO_NS_PER_MIN, 30 * SLO_NS_PER_MIN, SLO_NS_PER_HOUR,
		2 * SLO_NS_PER_HOUR, 3 * SLO_NS_PER_HOUR, 6 * SLO_NS_PER_HOUR,
		12 * SLO_NS_PER_HOUR, SLO_NS_PER_DAY, 2 * SLO_NS_PER_DAY,
		7 * SLO_NS_PER_DAY, 14 * SLO_NS_PER_DAY, 28 * SLO_NS_PER_DAY,
		91 * SLO_NS_PER_DAY, 364 * SLO_NS_PER_DAY,
	};
	slo_ns step = steps[sizeof steps / sizeof steps[0] - 1];
	int first = 1;

	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if ((t1 - t0) / steps[i] <= 8) {
			step = steps[i];
			break;
		}
	/* the first multiple of step at or after t0 (t0 may be negative) */
	slo_ns t = t0 / step * step;
	if (t < t0)
		t += step;
	for (; t <= t1; t += step) {
		double x = x0 + pw * (double)(t - t0) / (double)(t1 - t0);
		char label[32];

		tick_label(t, step >= SLO_NS_PER_DAY ? TICK_DATE :
		    first || t % SLO_NS_PER_DAY == 0 ? TICK_DATE_TIME : TICK_TIME,
		    label, sizeof label);
		first = 0;
		TRY(slo_buf_printf(b, "<line class=\"tick\" x1=\"%.1f\" x2=\"%.1f\" "
		    "y1=\"%g\" y2=\"%g\" stroke=\"#d0d7de\"/>\n", x, x, y_top, y_bottom + 4));
		/* labels at the ends kept inside the picture */
		TRY(slo_buf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%g\" "
		    "text-anchor=\"%s\">%s</text>\n", x, y_bottom + 16, x < x0 + 30 ? "start" :
		    x > x0 + pw - 30 ? "end" : "middle", label));
	}
	return slo_buf_printf(b, "<text x=\"%g\" y=\"%g\" text-anchor=\"end\">"
	    "time (UTC)</text>\n", x0 + pw, y_bottom + 30);
}

/*
 * The budget panel: the budget remaining at the end of each step, a line
 * falling from 100 % (below the 0 % line when overspent), with grid lines
 * at 100, 50 and 0 % and at the lowest value when it is negative.
 */
static slo_status
budget_panel(slo_buf *b, const slo_verdict *v, slo_ns t0, slo_ns t1,
    double L, double pw, double T, double H)
{
	double lo = 0, hi = 1;
	double marks[4] = { 1, 0, 0.5, 0 };
	size_t nmarks = 2, n = v->nseries;

	for (size_t i = 0; i < n; i++)
		if (v->series[i].remaining < lo)
			lo = v->series[i].remaining;
	lo = floor(lo * 4) / 4;
	if (lo >= -1)   /* else 50 % sits too close to 100 % to be read */
		marks[nmarks++] = 0.5;
	if (lo < 0)
		marks[nmarks++] = lo;
	TRY(slo_buf_printf(b, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" "
	    "fill=\"#f6f8fa\" stroke=\"#d0d7de\"/>\n", L, T, pw, H));
	for (size_t k = 0; k < nmarks; k++) {
		double y = T + H * (hi - marks[k]) / (hi - lo);

		TRY(slo_buf_printf(b, "<line x1=\"%g\" x2=\"%g\" y1=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"%s\"%s/>\n<text x=\"%g\" y=\"%.1f\" text-anchor=\"end\">"
		    "%.0f%%</text>\n", L, L + pw, y, y,
		    marks[k] == 0 ? "#cf222e" : "#d0d7de",
		    marks[k] == 0 ? " stroke-dasharray=\"4 3\"" : "",
		    L - 4, y + 4, marks[k] * 100));
	}
	TRY(slo_buf_printf(b, "<text x=\"%g\" y=\"%g\">error budget remaining</text>\n",
	    L + 6, T + 12));
	TRY(slo_buf_puts(b, "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\""));
	TRY(slo_buf_printf(b, "%.1f,%.1f ", L, T + H * (hi - 1) / (hi - lo)));
	for (size_t i = 0; i < n; i++) {
		double x = L + pw * (double)(v->series[i].tally.to - t0) / (double)(t1 - t0);
		double y = T + H * (hi - v->series[i].remaining) / (hi - lo);

		TRY(slo_buf_printf(b, "%.1f,%.1f ", x, y));
	}
	return slo_buf_puts(b, "\"/>\n");
}

/*
 * The moments rule a fired in the past of the window: each run of report
 * steps at whose end it fired (slo_report_alerts) drawn as a band on its
 * threshold line from the run's first step to its last, titled with the
 * times.  Steps whose windows the series no longer held are not judged.
 */
static slo_status
fired_marks(slo_buf *b, const slo_verdict *v, const slo_report_alert *fired,
    size_t a, slo_ns t0, slo_ns t1, double L, double pw, double y,
    const char *colour)
{
	const slo_alert_state *s = &v->result.alerts[a];
	uint32_t bit = (uint32_t)1 << a;
	size_t i = 0, n = v->nseries;

	if (fired == NULL || a >= 32)
		return SLO_OK;
	while (i < n) {
		size_t j;
		double x0, x1;
		char from[SLO_TIME_BUFSZ], to[SLO_TIME_BUFSZ];
		char lw[SLO_DURATION_BUFSZ], sw[SLO_DURATION_BUFSZ];

		if (!(fired[i].firing & bit)) {
			i++;
			continue;
		}
		for (j = i; j + 1 < n && (fired[j + 1].firing & bit); j++)
			;
		x0 = L + pw * (double)(v->series[i].tally.from - t0) / (double)(t1 - t0);
		x1 = L + pw * (double)(v->series[j].tally.to - t0) / (double)(t1 - t0);
		slo_time_format(v->series[i].tally.to, from);
		slo_time_format(v->series[j].tally.to, to);
		slo_duration_format(s->rule.long_window, lw);
		slo_duration_format(s->rule.short_window, sw);
		TRY(slo_buf_printf(b, "<rect class=\"fired\" x=\"%.1f\" y=\"%.1f\" "
		    "width=\"%.2f\" height=\"6\" fill=\"%s\" fill-opacity=\"0.6\">"
		    "<title>%s %gx %s/%s fired at %s", x0, y - 3,
		    x1 - x0 > 2 ? x1 - x0 : 2, colour,
		    slo_severity_name(s->rule.severity), s->rule.burn, lw, sw, from));
		if (j > i)
			TRY(slo_buf_printf(b, " and at each step's end to %s (%zu "
			    "steps)", to, j - i + 1));
		TRY(slo_buf_puts(b, "</title></rect>\n"));
		i = j + 1;
	}
	return SLO_OK;
}

/* The y of burn rate x > 0 in a panel from T to T + H showing 10^dlo to 10^dhi. */
static double
log_y(double x, double T, double H, double dlo, double dhi)
{
	return T + H * (dhi - log10(x)) / (dhi - dlo);
}

/*
 * The burn panel, on a log scale because burn rates that matter span
 * three decades (a ticket at 1x, a page at 14.4x, an outage at 1000x):
 * one bar per step, red above 1x (the budget spent faster than the window
 * allows), a grid line and label per decade, and each alert rule's
 * threshold drawn and labelled.  Where a rule fired at the end of earlier
 * steps, a band on its threshold line says so (fired_marks); a rule
 * firing at the evaluation instant is marked at the right edge (the
 * instant) on its threshold.  Steps
 * without data or with no bad event have no bar.
 */
static slo_status
burn_panel(slo_buf *b, const slo_verdict *v, const slo_report_alert *fired,
    slo_ns t0, slo_ns t1, double L, double pw, double T, double H)
{
	const slo_result *r = &v->result;
	double top = 1, minpos = 1, dlo, dhi;
	char sw[SLO_DURATION_BUFSZ];

	for (size_t i = 0; i < v->nseries; i++) {
		const slo_tally *t = &v->series[i].tally;

		if (t->has_data && t->burn > top)
			top = t->burn;
		if (t->has_data && t->burn > 0 && t->burn < minpos)
			minpos = t->burn;
	}
	for (size_t a = 0; a < r->nalerts; a++)
		if (r->alerts[a].rule.burn > top)
			top = r->alerts[a].rule.burn;
	/* whole decades: at least 0.1x to 10x, at most 5 decades below top */
	dhi = ceil(log10(top * 1.2));
	if (dhi < 1)
		dhi = 1;
	dlo = floor(log10(minpos));
	if (dlo > -1)
		dlo = -1;
	if (dlo < dhi - 5)
		dlo = dhi - 5;
	TRY(slo_buf_printf(b, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" "
	    "fill=\"#f6f8fa\" stroke=\"#d0d7de\"/>\n", L, T, pw, H));
	for (double d = dlo; d <= dhi; d++) {
		double y = log_y(pow(10, d), T, H, dlo, dhi);

		TRY(slo_buf_printf(b, "<line x1=\"%g\" x2=\"%g\" y1=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"#d0d7de\"/>\n<text x=\"%g\" y=\"%.1f\" "
		    "text-anchor=\"end\">%gx</text>\n", L, L + pw, y, y, L - 4, y + 4,
		    pow(10, d)));
	}
	for (size_t i = 0; i < v->nseries; i++) {
		const slo_tally *t = &v->series[i].tally;
		double x = L + pw * (double)(t->from - t0) / (double)(t1 - t0);
		double w = pw * (double)(t->to - t->from) / (double)(t1 - t0);
		double y;

		if (!t->has_data || t->burn <= 0)
			continue;
		y = t->burn < pow(10, dlo) ? T + H : log_y(t->burn, T, H, dlo, dhi);
		TRY(slo_buf_printf(b, "<rect class=\"burn\" x=\"%.1f\" y=\"%.1f\" "
		    "width=\"%.2f\" height=\"%.1f\" fill=\"%s\"/>\n", x, y,
		    w > 1.5 ? w - 0.5 : w, T + H - y, t->burn > 1 ? "#cf222e" : "#8c959f"));
	}
	for (size_t a = 0; a < r->nalerts; a++) {
		const slo_alert_state *s = &r->alerts[a];
		const char *colour = s->rule.severity == SLO_SEV_PAGE ? "#cf222e" : "#9a6700";
		double y = log_y(s->rule.burn, T, H, dlo, dhi);
		char lw[SLO_DURATION_BUFSZ], shw[SLO_DURATION_BUFSZ];

		slo_duration_format(s->rule.long_window, lw);
		slo_duration_format(s->rule.short_window, shw);
		TRY(slo_buf_printf(b, "<line class=\"threshold\" x1=\"%g\" x2=\"%g\" "
		    "y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"6 3\"/>\n"
		    "<text x=\"%g\" y=\"%.1f\">%s %gx %s/%s%s</text>\n",
		    L, L + pw, y, y, colour, L + 6 + 150 * (double)(a % 3), y - 3,
		    slo_severity_name(s->rule.severity), s->rule.burn, lw, shw,
		    s->firing ? ": firing" : ""));
		TRY(fired_marks(b, v, fired, a, t0, t1, L, pw, y, colour));
		if (s->firing)
			TRY(slo_buf_printf(b, "<circle class=\"firing\" cx=\"%g\" cy=\"%.1f\" "
			    "r=\"5\" fill=\"%s\"><title>%s %gx %s/%s firing at the "
			    "evaluation instant</title></circle>\n", L + pw, y, colour,
			    slo_severity_name(s->rule.severity), s->rule.burn, lw, shw));
	}
	slo_duration_format(v->series[0].tally.to - v->series[0].tally.from, sw);
	return slo_buf_printf(b, "<text x=\"%g\" y=\"%g\">burn rate per %s step "
	    "(log scale)</text>\n", L + 6, T + 12, sw);
}

/*
 * Two panels sharing the time axis: the budget remaining and the burn
 * rate of each step (fired: each step's alert state, or NULL).
 */
static slo_status
chart(slo_buf *b, const slo_verdict *v, const slo_report_alert *fired)
{
	const double W = 760, H1 = 150, H2 = 120, L = 52, R = 12, T = 14, GAP = 14;
	const double pw = W - L - R, height = T + H1 + GAP + H2 + 36;
	size_t n = v->nseries;
	slo_ns t0, t1;

	if (n == 0)
		return SLO_OK;
	t0 = v->series[0].tally.from;
	t1 = v->series[n - 1].tally.to;
	if (t1 <= t0)
		t1 = t0 + 1;
	TRY(slo_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" "
	    "height=\"%g\" viewBox=\"0 0 %g %g\" role=\"img\" aria-label=\"error budget "
	    "and burn rate of ", W, height, W, height));
	TRY(html_text(b, v->slo->name));
	TRY(slo_buf_puts(b, "\">\n"));
	TRY(budget_panel(b, v, t0, t1, L, pw, T, H1));
	TRY(burn_panel(b, v, fired, t0, t1, L, pw, T + H1 + GAP, H2));
	TRY(time_axis(b, t0, t1, L, pw, T, T + H1 + GAP + H2));
	return slo_buf_puts(b, "</svg>\n");
}

/* One row of the verdict table. */
static slo_status
verdict_row(slo_buf *b, const slo_verdict *v)
{
	const slo_result *r = &v->result;
	int data = r->status != SLO_STATE_NO_DATA && r->window.has_data;
	int firing = 0;

	TRY(slo_buf_puts(b, "<tr><td>"));
	TRY(html_text(b, v->slo->name));
	TRY(slo_buf_puts(b, "</td><td>"));
	TRY(html_group(b, v));
	TRY(slo_buf_printf(b, "</td><td class=\"%s\">%s</td>",
	    slo_state_name(r->status), slo_state_name(r->status)));
	if (v->slo->sli == SLO_SPEC_SLI_COST) {
		/* a ratio against a ceiling: no budget or burn (slo-eval(1)) */
		if (v->per_events > 0)
			TRY(slo_buf_printf(b, "<td class=\"n\">%.6g %s</td>",
			    v->cost_ratio, v->slo->cost_currency));
		else
			TRY(slo_buf_puts(b, "<td class=\"n\">-</td>"));
		TRY(slo_buf_printf(b, "<td class=\"n\">&lt;=%.6g %s</td>",
		    v->slo->cost_max, v->slo->cost_currency));
		data = 0;
	} else if (data)
		TRY(slo_buf_printf(b, "<td class=\"n\">%.3f%%</td>", r->window.sli * 100));
	else
		TRY(slo_buf_puts(b, "<td class=\"n\">-</td>"));
	if (v->slo->sli != SLO_SPEC_SLI_COST)
		TRY(slo_buf_printf(b, "<td class=\"n\">%g%%</td>", v->objective.target * 100));
	if (data)
		TRY(slo_buf_printf(b, "<td class=\"n\">%.1f%%</td><td class=\"n\">%.2f</td>",
		    r->remaining * 100, r->window.burn));
	else
		TRY(slo_buf_puts(b, "<td class=\"n\">-</td><td class=\"n\">-</td>"));
	TRY(slo_buf_puts(b, "<td>"));
	for (size_t a = 0; a < r->nalerts; a++) {
		char lw[SLO_DURATION_BUFSZ], sw[SLO_DURATION_BUFSZ];

		if (!r->alerts[a].firing)
			continue;
		slo_duration_format(r->alerts[a].rule.long_window, lw);
		slo_duration_format(r->alerts[a].rule.short_window, sw);
		TRY(slo_buf_printf(b, "%s%s %gx %s/%s", firing++ ? ", " : "",
		    slo_severity_name(r->alerts[a].rule.severity),
		    r->alerts[a].rule.burn, lw, sw));
	}
	return slo_buf_puts(b, firing ? "</td></tr>\n" : "-</td></tr>\n");
}

static const char table_head[] =
    "<table>\n<thead><tr><th>SLO</th><th>group</th><th>status</th>"
    "<th>SLI</th><th>target</th><th>budget left</th><th>burn</th>"
    "<th>firing alerts</th></tr></thead>\n<tbody>\n";

/*
 * The verdict table: every verdict when there are at most HTML_WORST;
 * else the worst HTML_WORST, then the next HTML_ROWS_MAX collapsed, and
 * a count of those left out.
 */
static slo_status
verdict_tables(slo_buf *b, const slo_eval *e, const size_t *ix, size_t n)
{
	size_t first = n > HTML_WORST ? HTML_WORST : n, rest = n - first;
	size_t listed = rest > HTML_ROWS_MAX ? HTML_ROWS_MAX : rest;

	if (n > HTML_WORST)
		TRY(slo_buf_printf(b, "<h2>The %d worst of %zu verdicts</h2>\n",
		    HTML_WORST, n));
	TRY(slo_buf_puts(b, table_head));
	for (size_t i = 0; i < first; i++)
		TRY(verdict_row(b, slo_eval_verdict(e, ix[i])));
	TRY(slo_buf_puts(b, "</tbody>\n</table>\n"));
	if (rest == 0)
		return SLO_OK;
	TRY(slo_buf_printf(b, "<details>\n<summary>the other %zu verdicts, worst "
	    "first%s</summary>\n", rest, listed < rest ? " (the first 1000)" : ""));
	TRY(slo_buf_puts(b, table_head));
	for (size_t i = first; i < first + listed; i++)
		TRY(verdict_row(b, slo_eval_verdict(e, ix[i])));
	TRY(slo_buf_puts(b, "</tbody>\n</table>\n</details>\n"));
	if (listed < rest)
		TRY(slo_buf_printf(b, "<p class=\"meta\">%zu more verdicts are not "
		    "shown, to keep this page small: slo-eval --format ndjson lists "
		    "them all.</p>\n", rest - listed));
	return SLO_OK;
}

/*
 * What each SLO is, once per SLO whatever its groups: its description
 * and service from the spec (slo-spec(5) promises them in reports), its
 * objective and its window.
 */
static slo_status
slo_definitions(slo_buf *b, const slo_eval *e, size_t n)
{
	size_t nslo = 0;
	unsigned char *seen;

	for (size_t i = 0; i < n; i++)
		if (slo_eval_verdict(e, i)->slo_index >= nslo)
			nslo = slo_eval_verdict(e, i)->slo_index + 1;
	if ((seen = calloc(nslo > 0 ? nslo : 1, 1)) == NULL)
		return SLO_ENOMEM;
	slo_status st = slo_buf_puts(b, "<dl class=\"slos\">\n");
	for (size_t i = 0; i < n && st == SLO_OK; i++) {
		const slo_verdict *v = slo_eval_verdict(e, i);
		const slo_spec_slo *s = v->slo;
		char w[SLO_DURATION_BUFSZ];

		if (seen[v->slo_index])
			continue;
		seen[v->slo_index] = 1;
		if (v->objective.window > 0)
			slo_duration_format(v->objective.window, w);
		else
			slo_snprintf(w, sizeof w, "the calendar %s",
			    v->objective.calendar == SLO_CAL_WEEK ? "week" : "month");
		if ((st = slo_buf_puts(b, "<dt>")) != SLO_OK ||
		    (st = html_text(b, s->name)) != SLO_OK)
			break;
		if (s->sli == SLO_SPEC_SLI_COST)
			st = slo_buf_printf(b, "</dt>\n<dd>at most %.6g %s a %s "
			    "over %s", s->cost_max, s->cost_currency,
			    slo_kind_name((slo_kind)s->cost_per), w);
		else
			st = slo_buf_printf(b, "</dt>\n<dd>%g%% over %s",
			    v->objective.target * 100, w);
		if (st != SLO_OK)
			break;
		if (s->timezone != NULL &&
		    ((st = slo_buf_puts(b, " in ")) != SLO_OK ||
		    (st = html_text(b, s->timezone)) != SLO_OK))
			break;
		if (s->service != NULL &&
		    ((st = slo_buf_puts(b, "; service ")) != SLO_OK ||
		    (st = html_text(b, s->service)) != SLO_OK))
			break;
		if (s->owner != NULL &&
		    ((st = slo_buf_puts(b, "; owner ")) != SLO_OK ||
		    (st = html_text(b, s->owner)) != SLO_OK))
			break;
		if (s->description != NULL &&
		    ((st = slo_buf_puts(b, "<br/>")) != SLO_OK ||
		    (st = html_text(b, s->description)) != SLO_OK))
			break;
		st = slo_buf_puts(b, "</dd>\n");
	}
	if (st == SLO_OK)
		st = slo_buf_puts(b, "</dl>\n");
	free(seen);
	return st == SLO_OK ? SLO_OK : SLO_ENOMEM;
}

/* One scorecard row of the group table (slo_scorecard.h). */
static slo_status
card_group_row(slo_buf *b, const slo_scorecard *c, const slo_score_group *g)
{
	int dep = slo_scorecard_has_deploys(c);
	slo_ns f, t;
	char rate[32];

	slo_score_fmt_rate(rate, sizeof rate, dep && slo_scorecard_window(c, &f,
	    &t), g->deploys_per_day);
	TRY(slo_buf_puts(b, "<tr><td>"));
	TRY(html_text(b, slo_score_name(g->service)));
	TRY(slo_buf_puts(b, "</td><td>"));
	TRY(html_text(b, slo_score_name(g->owner)));
	TRY(slo_buf_printf(b, "</td><td class=\"n\">%zu</td><td class=\"n ok\">%zu"
	    "</td><td class=\"n warning\">%zu</td><td class=\"n%s\">%zu</td>"
	    "<td class=\"n\">%zu</td>", g->verdicts, g->ok, g->warning,
	    g->breached ? " breached" : "", g->breached, g->no_data));
	if (dep)
		TRY(slo_buf_printf(b, "<td class=\"n\">%llu</td>",
		    (unsigned long long)g->deploys));
	else
		TRY(slo_buf_puts(b, "<td class=\"n\">-</td>"));
	return slo_buf_printf(b, "<td class=\"n\">%s</td></tr>\n", rate);
}

static slo_status
card_owner_row(slo_buf *b, const slo_scorecard *c, const slo_score_owner *o)
{
	char worst[32], sum[32];

	slo_score_fmt_share(worst, sizeof worst, o->with_data > 0,
	    o->budget_used_worst);
	slo_score_fmt_share(sum, sizeof sum, o->with_data > 0, o->budget_used_sum);
	TRY(slo_buf_puts(b, "<tr><td>"));
	TRY(html_text(b, slo_score_name(o->owner)));
	TRY(slo_buf_printf(b, "</td><td class=\"n\">%zu</td><td class=\"n\">%s"
	    "</td><td>", o->verdicts, worst));
	if (o->worst != NULL) {
		TRY(html_text(b, o->worst->slo->name));
		if (o->worst->ngroup > 0) {
			TRY(slo_buf_puts(b, " ("));
			TRY(html_group(b, o->worst));
			TRY(slo_buf_putc(b, ')'));
		}
	} else
		TRY(slo_buf_putc(b, '-'));
	TRY(slo_buf_printf(b, "</td><td class=\"n\">%s</td><td>", sum));
	if (!slo_scorecard_has_registry(c))
		TRY(slo_buf_putc(b, '-'));
	for (size_t k = 0; k < o->nalpha; k++) {
		TRY(slo_buf_puts(b, k ? ", " : ""));
		TRY(html_text(b, o->alpha_flags[k]));
	}
	if (slo_scorecard_has_registry(c) && o->nalpha == 0)
		TRY(slo_buf_puts(b, "none"));
	return slo_buf_puts(b, "</td></tr>\n");
}

/*
 * The scorecard, first on the page: verdicts by service and owner with
 * each service's deploys, then each owner's budget use and alpha flags.
 * Nothing when it is not active (slo_eval_card).
 */
static slo_status
scorecard_section(slo_buf *b, const slo_eval *e)
{
	const slo_scorecard *c = slo_eval_card(e);
	char from[SLO_TIME_BUFSZ] = "-", to[SLO_TIME_BUFSZ] = "-";
	slo_ns f, t;

	if (c == NULL)
		return SLO_OK;
	if (slo_scorecard_window(c, &f, &t)) {
		slo_time_format(f, from);
		slo_time_format(t, to);
	}
	TRY(slo_buf_printf(b, "<section class=\"scorecard\">\n<h2>Scorecard</h2>\n"
	    "<p class=\"meta\">window %s to %s (UTC); deploys per day over it"
	    "</p>\n<table>\n<thead><tr><th>service</th><th>owner</th><th>SLOs"
	    "</th><th>ok</th><th>warning</th><th>breached</th><th>no data</th>"
	    "<th>deploys</th><th>deploys/day</th></tr></thead>\n<tbody>\n",
	    from, to));
	for (size_t i = 0; i < slo_scorecard_ngroups(c); i++)
		TRY(card_group_row(b, c, slo_scorecard_group(c, i)));
	TRY(slo_buf_puts(b, "</tbody>\n</table>\n<table>\n<thead><tr><th>owner"
	    "</th><th>SLOs</th><th>worst budget used</th><th>worst SLO</th>"
	    "<th>budget used, sum</th><th>active alpha flags</th></tr></thead>\n"
	    "<tbody>\n"));
	for (size_t i = 0; i < slo_scorecard_nowners(c); i++)
		TRY(card_owner_row(b, c, slo_scorecard_owner(c, i)));
	return slo_buf_puts(b, "</tbody>\n</table>\n</section>\n");
}

/*
 * A verdict's chart, with the moments its alerts fired when they can be
 * had (slo_eval_series_alerts); without them (out of memory, no rules)
 * the chart is drawn unmarked.
 */
static slo_status
chart_of(slo_buf *b, const slo_eval *e, const slo_verdict *v)
{
	slo_report_alert *fired = NULL;
	slo_status st;

	if (v->result.nalerts > 0 &&
	    (fired = calloc(v->nseries, sizeof *fired)) != NULL &&
	    slo_eval_series_alerts(e, v, fired, v->nseries) != SLO_OK) {
		free(fired);
		fired = NULL;
	}
	st = chart(b, v, fired);
	free(fired);
	return st;
}

/* The charts of the first min(n, HTML_WORST) verdicts of ix. */
static slo_status
chart_sections(slo_buf *b, const slo_eval *e, const size_t *ix, size_t n)
{
	size_t shown = n > HTML_WORST ? HTML_WORST : n;

	if (n > HTML_WORST)
		TRY(slo_buf_printf(b, "<p class=\"meta\">Charts of the %d worst "
		    "verdicts only.</p>\n", HTML_WORST));
	for (size_t i = 0; i < shown; i++) {
		const slo_verdict *v = slo_eval_verdict(e, ix[i]);

		if (v->nseries == 0)
			continue;
		TRY(slo_buf_puts(b, "<section class=\"chart\">\n<h2>"));
		TRY(html_text(b, v->slo->name));
		if (v->ngroup > 0) {
			TRY(slo_buf_puts(b, " <span class=\"meta\">"));
			TRY(html_group(b, v));
			TRY(slo_buf_puts(b, "</span>"));
		}
		TRY(slo_buf_puts(b, "</h2>\n"));
		if (v->slo->description != NULL) {
			TRY(slo_buf_puts(b, "<p class=\"meta\">"));
			TRY(html_text(b, v->slo->description));
			TRY(slo_buf_puts(b, "</p>\n"));
		}
		TRY(chart_of(b, e, v));
		TRY(slo_buf_puts(b, "</section>\n"));
	}
	return SLO_OK;
}

slo_status
slo_eval_render_html(const slo_eval *e, slo_buf *b)
{
	size_t n = slo_eval_count(e);
	char at[SLO_TIME_BUFSZ] = "-";
	size_t *ix;
	slo_status st;

	if (slo_eval_at(e) != SLO_NS_NONE)
		slo_time_format(slo_eval_at(e), at);
	TRY(slo_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<title>SLO report at %s</title>\n"
	    "<style>%s</style>\n</head>\n<body>\n<h1>SLO report</h1>\n"
	    "<p class=\"meta\">evaluated at %s by slo-eval %s; times in UTC</p>\n",
	    at, css, at, slo_version()));
	if ((ix = verdict_order(e, n)) == NULL)
		return SLO_ENOMEM;
	st = scorecard_section(b, e);
	if (st == SLO_OK)
		st = slo_definitions(b, e, n);
	if (st == SLO_OK)
		st = verdict_tables(b, e, ix, n);
	if (st == SLO_OK && n > 0) {
		st = slo_buf_puts(b, "<p class=\"meta\">");
		if (st == SLO_OK)
			st = slo_eval_policy_text(e, SLO_TEXT_HTML, b);
		if (st == SLO_OK)
			st = slo_buf_puts(b, "</p>\n");
	}
	if (st == SLO_OK)
		st = chart_sections(b, e, ix, n);
	free(ix);
	if (st != SLO_OK)
		return SLO_ENOMEM;
	return slo_buf_puts(b, "</body>\n</html>\n");
}
