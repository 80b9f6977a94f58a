/*
 * scorecard_out.c — slo-eval's scorecard (slo_scorecard.h) as a table,
 * markdown, ndjson and prom; eval_html.c draws its own from the same
 * figures.  Field and metric names are documented in slo-eval(1),
 * SCORECARD.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scorecard_int.h"
#include "slo_junit.h"
#include "slo_num.h"
#include "slo_table.h"

#define TRY(x) do { if ((x) != SLO_OK) return SLO_ENOMEM; } while (0)

const slo_scorecard *
slo_eval_card(const slo_eval *e)
{
	const slo_scorecard *c = slo_eval_scorecard(e);

	return slo_scorecard_active(c) ? c : NULL;
}

int
slo_eval_card_columns(const slo_eval *e)
{
	if (slo_eval_card(e) == NULL)
		return 0;
	for (size_t i = 0; i < slo_eval_count(e); i++) {
		const slo_spec_slo *s = slo_eval_verdict(e, i)->slo;

		if (s->service != NULL || s->owner != NULL)
			return 1;
	}
	return 0;
}

const slo_verdict *
slo_eval_shown(const slo_eval *e, size_t i)
{
	const slo_scorecard *c = slo_eval_card(e);

	if (c == NULL || i >= slo_eval_count(e))
		return slo_eval_verdict(e, i);
	return slo_scorecard_verdicts(c)[i];
}

void
slo_score_fmt_rate(char *buf, size_t n, int valid, double v)
{
	if (valid)
		slo_snprintf(buf, n, "%.2f", v);
	else
		slo_snprintf(buf, n, "-");
}

void
slo_score_fmt_share(char *buf, size_t n, int valid, double v)
{
	if (valid)
		slo_snprintf(buf, n, "%.1f%%", v * 100);
	else
		slo_snprintf(buf, n, "-");
}

const char *
slo_score_name(const char *s)
{
	return s != NULL ? s : "(none)";
}

/* The instants of the window, "-" without one. */
static void
window_text(const slo_scorecard *c, char *from, char *to)
{
	slo_ns f, t;

	if (!slo_scorecard_window(c, &f, &t)) {
		strcpy(from, "-");
		strcpy(to, "-");
		return;
	}
	slo_time_format(f, from);
	slo_time_format(t, to);
}

static const slo_tab_col group_cols[] = {
	{ "service", "Service", SLO_COL_SHRINK },
	{ "owner", "Owner", SLO_COL_SHRINK },
	{ "slos", "SLOs", SLO_COL_RIGHT },
	{ "ok", "OK", SLO_COL_RIGHT },
	{ "warning", "Warning", SLO_COL_RIGHT },
	{ "breached", "Breached", SLO_COL_RIGHT },
	{ "no_data", "No data", SLO_COL_RIGHT },
	{ "deploys", "Deploys", SLO_COL_RIGHT },
	{ "deploys_per_day", "Deploys/day", SLO_COL_RIGHT },
};

static const slo_tab_col owner_cols[] = {
	{ "owner", "Owner", SLO_COL_SHRINK },
	{ "slos", "SLOs", SLO_COL_RIGHT },
	{ "budget_used_worst", "Worst budget used", SLO_COL_RIGHT },
	{ "worst_slo", "Worst SLO", SLO_COL_SHRINK },
	{ "budget_used_sum", "Budget used, sum", SLO_COL_RIGHT },
	{ "alpha_flags", "Active alpha flags", SLO_COL_WRAP },
};

static slo_status
tab_count(slo_tab *t, uint64_t n)
{
	char buf[32];

	slo_snprintf(buf, sizeof buf, "%llu", (unsigned long long)n);
	return slo_tab_cstr(t, buf);
}

static slo_status
fill_groups(const slo_scorecard *c, slo_tab *t)
{
	int dep = slo_scorecard_has_deploys(c);
	slo_ns f, to;
	int win = slo_scorecard_window(c, &f, &to);

	for (size_t i = 0; i < slo_scorecard_ngroups(c); i++) {
		const slo_score_group *g = slo_scorecard_group(c, i);
		char rate[32];

		TRY(slo_tab_cstr(t, slo_score_name(g->service)));
		TRY(slo_tab_cstr(t, slo_score_name(g->owner)));
		TRY(tab_count(t, g->verdicts));
		TRY(tab_count(t, g->ok));
		TRY(tab_count(t, g->warning));
		slo_snprintf(rate, sizeof rate, "%zu", g->breached);
		TRY(slo_tab_mark(t, rate, g->breached ? "\033[1;31m" : NULL,
		    g->breached > 0));
		TRY(tab_count(t, g->no_data));
		if (dep)
			TRY(tab_count(t, g->deploys));
		else
			TRY(slo_tab_cstr(t, "-"));
		slo_score_fmt_rate(rate, sizeof rate, dep && win, g->deploys_per_day);
		TRY(slo_tab_cstr(t, rate));
	}
	return SLO_OK;
}

/* "a, b, c", or "-" without a registry. */
static slo_status
alpha_list(const slo_scorecard *c, const slo_score_owner *o, slo_buf *b)
{
	if (!slo_scorecard_has_registry(c))
		return slo_buf_putc(b, '-');
	if (o->nalpha == 0)
		return slo_buf_putc(b, '0');
	TRY(slo_buf_printf(b, "%zu:", o->nalpha));
	for (size_t k = 0; k < o->nalpha; k++)
		TRY(slo_buf_printf(b, "%s%s", k ? ", " : " ", o->alpha_flags[k]));
	return SLO_OK;
}

static slo_status
fill_owners(const slo_scorecard *c, slo_tab *t)
{
	slo_buf b = { 0 };
	slo_status st = SLO_OK;

	for (size_t i = 0; i < slo_scorecard_nowners(c) && st == SLO_OK; i++) {
		const slo_score_owner *o = slo_scorecard_owner(c, i);
		char worst[32], sum[32];

		slo_score_fmt_share(worst, sizeof worst, o->with_data > 0,
		    o->budget_used_worst);
		slo_score_fmt_share(sum, sizeof sum, o->with_data > 0,
		    o->budget_used_sum);
		slo_buf_reset(&b);
		if (o->worst != NULL) {
			st = slo_buf_puts(&b, o->worst->slo->name);
			if (st == SLO_OK && o->worst->ngroup > 0) {
				st = slo_buf_putc(&b, ' ');
				if (st == SLO_OK)
					st = slo_verdict_group_text(o->worst, 0, &b);
			}
		} else
			st = slo_buf_putc(&b, '-');
		if (st == SLO_OK)
			st = slo_tab_cstr(t, slo_score_name(o->owner));
		if (st == SLO_OK)
			st = tab_count(t, o->verdicts);
		if (st == SLO_OK)
			st = slo_tab_cstr(t, worst);
		if (st == SLO_OK)
			st = slo_tab_add(t, b.data ? b.data : "", b.len);
		if (st == SLO_OK)
			st = slo_tab_cstr(t, sum);
		slo_buf_reset(&b);
		if (st == SLO_OK)
			st = alpha_list(c, o, &b);
		if (st == SLO_OK)
			st = slo_tab_add(t, b.data, b.len);
	}
	slo_buf_release(&b);
	return st;
}

static slo_status
write_tab(const slo_tab_col *cols, size_t ncol, const slo_scorecard *c,
    slo_status (*fill)(const slo_scorecard *, slo_tab *), slo_format fmt,
    const slo_render_opts *ro, slo_buf *b)
{
	slo_tab t = { .cols = cols, .ncol = ncol };
	slo_status st = fill(c, &t);

	if (st == SLO_OK)
		st = slo_tab_write(&t, fmt, ro, b);
	slo_tab_release(&t);
	return st;
}

slo_status
slo_scorecard_write_grid(const slo_eval *e, slo_format fmt,
    const slo_render_opts *ro, slo_buf *b)
{
	const slo_scorecard *c = slo_eval_card(e);
	char from[SLO_TIME_BUFSZ], to[SLO_TIME_BUFSZ];
	int md = fmt == SLO_FMT_MARKDOWN;

	if (c == NULL || (fmt != SLO_FMT_TABLE && !md))
		return SLO_OK;
	window_text(c, from, to);
	TRY(slo_buf_printf(b, "%sscorecard, window %s to %s\n%s",
	    md ? "### SLO " : "", from, to, md ? "\n" : ""));
	TRY(write_tab(group_cols, sizeof group_cols / sizeof group_cols[0], c,
	    fill_groups, fmt, ro, b));
	TRY(slo_buf_putc(b, '\n'));
	TRY(write_tab(owner_cols, sizeof owner_cols / sizeof owner_cols[0], c,
	    fill_owners, fmt, ro, b));
	return slo_buf_putc(b, '\n');
}

static slo_status
json_opt_str(slo_buf *b, const char *key, const char *s)
{
	TRY(slo_buf_printf(b, ",\"%s\":", key));
	return s != NULL ? slo_buf_json_cstr(b, s) : slo_buf_puts(b, "null");
}

static slo_status
json_opt_num(slo_buf *b, const char *key, int valid, double v)
{
	TRY(slo_buf_printf(b, ",\"%s\":", key));
	return valid ? slo_buf_json_num(b, v) : slo_buf_puts(b, "null");
}

static slo_status
ndjson_owner(const slo_scorecard *c, const slo_score_owner *o, slo_buf *b)
{
	int data = o->with_data > 0;

	TRY(slo_buf_puts(b, "{\"scorecard\":\"owner\""));
	TRY(json_opt_str(b, "owner", o->owner));
	TRY(slo_buf_printf(b, ",\"slos\":%zu,\"slos_with_data\":%zu",
	    o->verdicts, o->with_data));
	TRY(json_opt_num(b, "budget_used_worst", data, o->budget_used_worst));
	TRY(json_opt_str(b, "worst_slo", o->worst ? o->worst->slo->name : NULL));
	TRY(slo_buf_puts(b, ",\"worst_group\":"));
	if (o->worst == NULL)
		TRY(slo_buf_puts(b, "null"));
	else {
		TRY(slo_buf_putc(b, '{'));
		for (size_t g = 0; g < o->worst->ngroup; g++) {
			TRY(slo_buf_puts(b, g ? "," : ""));
			TRY(slo_buf_json_cstr(b, o->worst->slo->group_by[g]));
			TRY(slo_buf_putc(b, ':'));
			TRY(slo_buf_json_cstr(b, o->worst->group[g]));
		}
		TRY(slo_buf_putc(b, '}'));
	}
	TRY(json_opt_num(b, "budget_used_sum", data, o->budget_used_sum));
	TRY(slo_buf_puts(b, ",\"alpha_flags\":"));
	if (!slo_scorecard_has_registry(c))
		TRY(slo_buf_puts(b, "null"));
	else {
		TRY(slo_buf_putc(b, '['));
		for (size_t k = 0; k < o->nalpha; k++) {
			TRY(slo_buf_puts(b, k ? "," : ""));
			TRY(slo_buf_json_cstr(b, o->alpha_flags[k]));
		}
		TRY(slo_buf_putc(b, ']'));
	}
	return slo_buf_puts(b, "}\n");
}

slo_status
slo_scorecard_write_ndjson(const slo_eval *e, slo_buf *b)
{
	const slo_scorecard *c = slo_eval_card(e);
	slo_ns f = SLO_NS_NONE, t = SLO_NS_NONE;
	int win, dep;

	if (c == NULL)
		return SLO_OK;
	win = slo_scorecard_window(c, &f, &t);
	dep = slo_scorecard_has_deploys(c);
	for (size_t i = 0; i < slo_scorecard_ngroups(c); i++) {
		const slo_score_group *g = slo_scorecard_group(c, i);

		TRY(slo_buf_puts(b, "{\"scorecard\":\"group\""));
		TRY(json_opt_str(b, "service", g->service));
		TRY(json_opt_str(b, "owner", g->owner));
		TRY(slo_buf_printf(b, ",\"slos\":%zu,\"ok\":%zu,\"warning\":%zu,"
		    "\"breached\":%zu,\"no_data\":%zu", g->verdicts, g->ok,
		    g->warning, g->breached, g->no_data));
		TRY(slo_buf_puts(b, ",\"from\":"));
		TRY(slo_buf_json_time(b, win ? f : SLO_NS_NONE));
		TRY(slo_buf_puts(b, ",\"to\":"));
		TRY(slo_buf_json_time(b, win ? t : SLO_NS_NONE));
		TRY(json_opt_num(b, "deploys", dep, (double)g->deploys));
		TRY(json_opt_num(b, "deploys_per_day", dep && win,
		    g->deploys_per_day));
		TRY(slo_buf_puts(b, "}\n"));
	}
	for (size_t i = 0; i < slo_scorecard_nowners(c); i++)
		TRY(ndjson_owner(c, slo_scorecard_owner(c, i), b));
	return SLO_OK;
}

static slo_status
prom_value(slo_buf *b, const char *s)
{
	TRY(slo_buf_putc(b, '"'));
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			TRY(slo_buf_putc(b, '\\'));
		if (*s == '\n')
			TRY(slo_buf_puts(b, "\\n"));
		else
			TRY(slo_buf_putc(b, *s));
	}
	return slo_buf_putc(b, '"');
}

static slo_status
prom_head(slo_buf *b, const char *name, const char *help)
{
	return slo_buf_printf(b, "# HELP %s %s\n# TYPE %s gauge\n", name, help,
	    name);
}

/* name{service="s",owner="o"[,status="x"]} v; an empty label for none. */
static slo_status
prom_line(slo_buf *b, const char *name, const char *service, int with_svc,
    const char *owner, int with_owner, const char *status, double v)
{
	const char *sep = "{";

	TRY(slo_buf_puts(b, name));
	if (with_svc) {
		TRY(slo_buf_printf(b, "%sservice=", sep));
		TRY(prom_value(b, service ? service : ""));
		sep = ",";
	}
	if (with_owner) {
		TRY(slo_buf_printf(b, "%sowner=", sep));
		TRY(prom_value(b, owner ? owner : ""));
		sep = ",";
	}
	if (status != NULL)
		TRY(slo_buf_printf(b, "%sstatus=\"%s\"", sep, status));
	TRY(slo_buf_puts(b, "} "));
	TRY(slo_buf_json_num(b, v));
	return slo_buf_putc(b, '\n');
}

static slo_status
prom_groups(const slo_scorecard *c, slo_buf *b)
{
	static const char *const st[] = { "ok", "warning", "breached", "no_data" };

	TRY(prom_head(b, "slo_scorecard_slos", "Verdicts of the SLOs of a "
	    "service and owner, by status."));
	for (size_t i = 0; i < slo_scorecard_ngroups(c); i++) {
		const slo_score_group *g = slo_scorecard_group(c, i);
		size_t n[4] = { g->ok, g->warning, g->breached, g->no_data };

		for (int s = 0; s < 4; s++)
			TRY(prom_line(b, "slo_scorecard_slos", g->service, 1,
			    g->owner, 1, st[s], (double)n[s]));
	}
	if (!slo_scorecard_has_deploys(c))
		return SLO_OK;
	TRY(prom_head(b, "slo_scorecard_deploys", "Deploy events of a "
	    "service in the scorecard window."));
	/* once per service: a service of several owners has several rows */
	for (size_t i = 0; i < slo_scorecard_ngroups(c); i++) {
		const slo_score_group *g = slo_scorecard_group(c, i);
		const slo_score_group *p = i ? slo_scorecard_group(c, i - 1) : NULL;

		if (p != NULL && (p->service == g->service || (p->service &&
		    g->service && strcmp(p->service, g->service) == 0)))
			continue;
		TRY(prom_line(b, "slo_scorecard_deploys", g->service, 1, NULL, 0,
		    NULL, (double)g->deploys));
	}
	return SLO_OK;
}

static slo_status
prom_owners(const slo_scorecard *c, slo_buf *b)
{
	static const char *const names[] = {
		"slo_scorecard_budget_used_worst_ratio",
		"slo_scorecard_budget_used_sum_ratio",
		"slo_scorecard_alpha_flags_active",
	};
	static const char *const helps[] = {
		"Largest error budget share consumed among an owner's SLOs.",
		"Sum of the error budget shares consumed by an owner's SLOs.",
		"Registry flags in alpha and within their lifetime, by owner.",
	};

	for (int m = 0; m < 3; m++) {
		if (m == 2 && !slo_scorecard_has_registry(c))
			break;
		TRY(prom_head(b, names[m], helps[m]));
		for (size_t i = 0; i < slo_scorecard_nowners(c); i++) {
			const slo_score_owner *o = slo_scorecard_owner(c, i);
			double v = m == 0 ? o->budget_used_worst :
			    m == 1 ? o->budget_used_sum : (double)o->nalpha;

			if (m < 2 && o->with_data == 0)
				continue;
			TRY(prom_line(b, names[m], NULL, 0, o->owner, 1, NULL, v));
		}
	}
	return SLO_OK;
}

slo_status
slo_scorecard_write_prom(const slo_eval *e, slo_buf *b)
{
	const slo_scorecard *c = slo_eval_card(e);
	slo_ns f, t;

	if (c == NULL)
		return SLO_OK;
	TRY(prom_groups(c, b));
	if (slo_scorecard_window(c, &f, &t)) {
		TRY(prom_head(b, "slo_scorecard_window_seconds", "Length of the "
		    "scorecard window (deploys per second = deploys / this)."));
		TRY(slo_buf_puts(b, "slo_scorecard_window_seconds "));
		TRY(slo_buf_json_num(b, (double)(t - f) / 1e9));
		TRY(slo_buf_putc(b, '\n'));
	}
	return prom_owners(c, b);
}

/* One property's name and value, each NUL-terminated, into names/values. */
static slo_status
prop_add(slo_buf *text, size_t *offs, size_t *k, const char *name,
    const char *value)
{
	offs[(*k)++] = text->len;
	TRY(slo_buf_puts(text, name));
	TRY(slo_buf_putc(text, '\0'));
	offs[(*k)++] = text->len;
	TRY(slo_buf_puts(text, value));
	return slo_buf_putc(text, '\0');
}

static slo_status
junit_props_with(const slo_scorecard *c, const char *at, slo_buf *b,
    slo_buf *text, slo_buf *nm, slo_buf *val, size_t *offs,
    const char **names, const char **values)
{
	size_t k = 0, np;

	TRY(prop_add(text, offs, &k, "at", at));
	for (size_t i = 0; c != NULL && i < slo_scorecard_ngroups(c); i++) {
		const slo_score_group *g = slo_scorecard_group(c, i);
		char rate[32];
		slo_ns f, t;

		slo_score_fmt_rate(rate, sizeof rate, slo_scorecard_has_deploys(c) &&
		    slo_scorecard_window(c, &f, &t), g->deploys_per_day);
		slo_buf_reset(nm);
		slo_buf_reset(val);
		TRY(slo_buf_printf(nm, "scorecard.group.%s.%s",
		    slo_score_name(g->service), slo_score_name(g->owner)));
		TRY(slo_buf_printf(val, "slos %zu, ok %zu, warning %zu, breached "
		    "%zu, no data %zu, deploys %llu, deploys/day %s", g->verdicts,
		    g->ok, g->warning, g->breached, g->no_data,
		    (unsigned long long)g->deploys, rate));
		TRY(prop_add(text, offs, &k, nm->data, val->data));
	}
	for (size_t i = 0; c != NULL && i < slo_scorecard_nowners(c); i++) {
		const slo_score_owner *o = slo_scorecard_owner(c, i);
		char worst[32], sum[32];

		slo_score_fmt_share(worst, sizeof worst, o->with_data > 0,
		    o->budget_used_worst);
		slo_score_fmt_share(sum, sizeof sum, o->with_data > 0,
		    o->budget_used_sum);
		slo_buf_reset(nm);
		slo_buf_reset(val);
		TRY(slo_buf_printf(nm, "scorecard.owner.%s", slo_score_name(o->owner)));
		TRY(slo_buf_printf(val, "slos %zu, worst budget used %s (%s), "
		    "budget used sum %s, active alpha flags ", o->verdicts, worst,
		    o->worst ? o->worst->slo->name : "-", sum));
		TRY(alpha_list(c, o, val));
		TRY(slo_buf_putc(val, '\0'));
		TRY(prop_add(text, offs, &k, nm->data, val->data));
	}
	np = k / 2;
	for (size_t i = 0; i < np; i++) {
		names[i] = text->data + offs[2 * i];
		values[i] = text->data + offs[2 * i + 1];
	}
	return slo_junit_properties(b, names, values, np);
}

slo_status
slo_scorecard_write_junit_properties(const slo_eval *e, const char *at,
    slo_buf *b)
{
	const slo_scorecard *c = slo_eval_card(e);
	size_t n = 1 + slo_scorecard_ngroups(c) + slo_scorecard_nowners(c);
	slo_buf text = { 0 }, nm = { 0 }, val = { 0 };
	size_t *offs = calloc(2 * n, sizeof *offs);
	const char **names = calloc(n, sizeof *names);
	const char **values = calloc(n, sizeof *values);
	slo_status st = SLO_ENOMEM;

	if (offs != NULL && names != NULL && values != NULL)
		st = junit_props_with(c, at, b, &text, &nm, &val, offs, names,
		    values);
	free(offs);
	free(names);
	free(values);
	slo_buf_release(&text);
	slo_buf_release(&nm);
	slo_buf_release(&val);
	return st;
}
