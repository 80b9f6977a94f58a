/*
 * eval_html.c — slo-eval's report as one self-contained HTML page: inline
 * CSS, inline SVG charts, no script and nothing fetched, so a cron job can
 * mail it or drop it on any web server.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "eval_int.h"
#include "slo_num.h"

#define TRY(x) do { if ((x) != SLO_OK) return SLO_ENOMEM; } while (0)

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
    "svg text{font:11px system-ui,sans-serif;fill:#555}";

static void
short_time(slo_ns t, char *buf, size_t n)
{
	char full[SLO_TIME_BUFSZ];

	slo_time_format(t, full);
	/* "2026-11-25T13:00:00Z" -> "11-25 13:00" */
	if (strlen(full) >= 16)
		slo_snprintf(buf, n, "%.5s %.5s", full + 5, full + 11);
	else
		slo_snprintf(buf, n, "%s", full);
}

/*
 * Two panels sharing the time axis: the budget remaining at the end of
 * each step (a line falling from 100 %; below the zero line when
 * overspent) and the burn rate of each step (bars, with 1x marked: above
 * it the budget is spent faster than the window allows).
 */
static slo_status
chart(slo_buf *b, const slo_verdict *v)
{
	const double W = 760, H1 = 150, H2 = 90, L = 52, R = 12, T = 14, GAP = 26;
	const double pw = W - L - R;
	size_t n = v->nseries;
	double lo = 0, hi = 1, bmax = 1;
	slo_ns t0, t1;
	char a[32], z[32];

	if (n == 0)
		return SLO_OK;
	t0 = v->series[0].tally.from;
	t1 = v->series[n - 1].tally.to;
	if (t1 <= t0)
		t1 = t0 + 1;
	for (size_t i = 0; i < n; i++) {
		double r = v->series[i].remaining;

		if (r < lo)
			lo = r;
		if (v->series[i].tally.has_data && v->series[i].tally.burn > bmax)
			bmax = v->series[i].tally.burn;
	}
	lo = floor(lo * 4) / 4;
	TRY(slo_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" "
	    "height=\"%g\" viewBox=\"0 0 %g %g\" role=\"img\" aria-label=\"error budget "
	    "and burn rate of ", W, T + H1 + GAP + H2 + 20, W, T + H1 + GAP + H2 + 20));
	TRY(html_text(b, v->slo->name));
	TRY(slo_buf_puts(b, "\">\n"));
	/* budget panel */
	TRY(slo_buf_printf(b, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" "
	    "fill=\"#f6f8fa\" stroke=\"#d0d7de\"/>\n", L, T, pw, H1));
	{
		double y0 = T + H1 * (hi - 0) / (hi - lo);

		TRY(slo_buf_printf(b, "<line x1=\"%g\" x2=\"%g\" y1=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"#cf222e\" stroke-dasharray=\"4 3\"/>\n", L, L + pw, y0, y0));
		TRY(slo_buf_printf(b, "<text x=\"%g\" y=\"%g\" text-anchor=\"end\">100%%</text>\n"
		    "<text x=\"%g\" y=\"%.1f\" text-anchor=\"end\">0%%</text>\n",
		    L - 4, T + 10, L - 4, y0 + 4));
		if (lo < 0)
			TRY(slo_buf_printf(b, "<text x=\"%g\" y=\"%g\" text-anchor=\"end\">%.0f%%</text>\n",
			    L - 4, T + H1, lo * 100));
		TRY(slo_buf_printf(b, "<text x=\"%g\" y=\"%g\">error budget remaining</text>\n",
		    L + 6, T + 12));
	}
	TRY(slo_buf_puts(b, "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\""));
	for (size_t i = 0; i < n; i++) {
		double x = L + pw * (double)(v->series[i].tally.to - t0) / (double)(t1 - t0);
		double y = T + H1 * (hi - v->series[i].remaining) / (hi - lo);

		if (i == 0)
			TRY(slo_buf_printf(b, "%.1f,%.1f ", L, T + H1 * (hi - 1) / (hi - lo)));
		TRY(slo_buf_printf(b, "%.1f,%.1f ", x, y));
	}
	TRY(slo_buf_puts(b, "\"/>\n"));
	/* burn panel */
	{
		double y2 = T + H1 + GAP, base = y2 + H2;
		double y1x = base - H2 * 1.0 / bmax;

		TRY(slo_buf_printf(b, "<rect x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\" "
		    "fill=\"#f6f8fa\" stroke=\"#d0d7de\"/>\n", L, y2, pw, H2));
		for (size_t i = 0; i < n; i++) {
			const slo_tally *t = &v->series[i].tally;
			double x = L + pw * (double)(t->from - t0) / (double)(t1 - t0);
			double w = pw * (double)(t->to - t->from) / (double)(t1 - t0);
			double h;

			if (!t->has_data || t->burn <= 0)
				continue;
			h = H2 * t->burn / bmax;
			TRY(slo_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" "
			    "height=\"%.1f\" fill=\"%s\"/>\n", x, base - h, w > 1.5 ? w - 0.5 : w,
			    h, t->burn > 1 ? "#cf222e" : "#8c959f"));
		}
		TRY(slo_buf_printf(b, "<line x1=\"%g\" x2=\"%g\" y1=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"#9a6700\" stroke-dasharray=\"4 3\"/>\n", L, L + pw, y1x, y1x));
		TRY(slo_buf_printf(b, "<text x=\"%g\" y=\"%.1f\" text-anchor=\"end\">1x</text>\n"
		    "<text x=\"%g\" y=\"%g\" text-anchor=\"end\">%.3gx</text>\n"
		    "<text x=\"%g\" y=\"%g\">burn rate per step</text>\n",
		    L - 4, y1x + 4, L - 4, y2 + 10, bmax, L + 6, y2 + 12));
		short_time(t0, a, sizeof a);
		short_time(t1, z, sizeof z);
		TRY(slo_buf_printf(b, "<text x=\"%g\" y=\"%g\">%s</text>\n"
		    "<text x=\"%g\" y=\"%g\" text-anchor=\"end\">%s</text>\n",
		    L, base + 14, a, L + pw, base + 14, z));
	}
	return slo_buf_puts(b, "</svg>\n");
}

slo_status
slo_eval_render_html(const slo_eval *e, slo_buf *b)
{
	size_t n = slo_eval_count(e);
	char at[SLO_TIME_BUFSZ] = "-";

	if (slo_eval_at(e) != SLO_NS_NONE)
		slo_time_format(slo_eval_at(e), at);
	TRY(slo_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<title>SLO report at %s</title>\n"
	    "<style>%s</style>\n</head>\n<body>\n<h1>SLO report</h1>\n"
	    "<p class=\"meta\">evaluated at %s by slo-eval %s</p>\n", at, css, at,
	    slo_version()));
	TRY(slo_buf_puts(b, "<table>\n<thead><tr><th>SLO</th><th>group</th><th>status</th>"
	    "<th>SLI</th><th>target</th><th>budget left</th><th>burn</th>"
	    "<th>firing alerts</th></tr></thead>\n<tbody>\n"));
	for (size_t i = 0; i < n; i++) {
		const slo_verdict *v = slo_eval_verdict(e, i);
		const slo_result *r = &v->result;
		int data = r->status != SLO_STATE_NO_DATA && r->window.has_data;
		int firing = 0;

		TRY(slo_buf_puts(b, "<tr><td>"));
		TRY(html_text(b, v->slo->name));
		TRY(slo_buf_puts(b, "</td><td>"));
		TRY(html_group(b, v));
		TRY(slo_buf_printf(b, "</td><td class=\"%s\">%s</td>",
		    slo_state_name(r->status), slo_state_name(r->status)));
		if (data)
			TRY(slo_buf_printf(b, "<td class=\"n\">%.3f%%</td>", r->window.sli * 100));
		else
			TRY(slo_buf_puts(b, "<td class=\"n\">-</td>"));
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
		TRY(slo_buf_puts(b, firing ? "</td></tr>\n" : "-</td></tr>\n"));
	}
	TRY(slo_buf_puts(b, "</tbody>\n</table>\n"));
	if (n > 0) {
		TRY(slo_buf_puts(b, "<p class=\"meta\">"));
		TRY(slo_eval_policy_text(e, SLO_TEXT_HTML, b));
		TRY(slo_buf_puts(b, "</p>\n"));
	}
	for (size_t i = 0; i < n; i++) {
		const slo_verdict *v = slo_eval_verdict(e, i);

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
		TRY(chart(b, v));
		TRY(slo_buf_puts(b, "</section>\n"));
	}
	return slo_buf_puts(b, "</body>\n</html>\n");
}
