/*
 * eval_out.c — slo-eval's verdicts as ndjson, prom, and through the
 * shared grid writer (slo_table.h) table, markdown, csv and tsv (html is
 * in eval_html.c).  Field names of the ndjson form are a stable
 * interface, documented in slo-eval(1).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval_int.h"
#include "scorecard_int.h"
#include "slo_num.h"
#include "slo_junit.h"
#include "slo_table.h"

#define TRY(x) do { if ((x) != SLO_OK) return SLO_ENOMEM; } while (0)

static slo_status
put_num_or_null(slo_buf *b, int valid, double v)
{
	return valid ? slo_buf_json_num(b, v) : slo_buf_puts(b, "null");
}

/* Quantile q as a key: 0.5 -> "p50", 0.999 -> "p99.9". */
static void
quantile_key(double q, char *buf, size_t n)
{
	char tmp[32];
	slo_buf nb = { 0 };

	slo_buf_json_num(&nb, q * 100);
	slo_snprintf(tmp, sizeof tmp, "%s", nb.data ? nb.data : "0");
	slo_buf_release(&nb);
	slo_snprintf(buf, n, "p%s", tmp);
}

/*
 * The members of the SLIs over other kinds (issue 21.2), after "alerts":
 * "event_kind" when the SLO counts other events than requests; for a
 * duration SLI, "incidents" (its states, threshold and the incidents
 * left out of the SLI); for a cost SLI, "cost".  Nothing for a request
 * SLI, whose line is as it always was.
 */
static slo_status
anykind_json(const slo_verdict *v, slo_buf *b)
{
	const slo_spec_slo *s = v->slo;

	if (s->kind != SLO_KIND_REQUEST && s->sli != SLO_SPEC_SLI_COST) {
		TRY(slo_buf_puts(b, ",\"event_kind\":"));
		TRY(slo_buf_json_cstr(b, slo_kind_name((slo_kind)s->kind)));
	}
	if (s->sli == SLO_SPEC_SLI_DURATION) {
		TRY(slo_buf_puts(b, ",\"incidents\":{\"from\":"));
		TRY(slo_buf_json_cstr(b, s->duration_from));
		TRY(slo_buf_puts(b, ",\"to\":"));
		TRY(slo_buf_json_cstr(b, s->duration_to));
		TRY(slo_buf_puts(b, ",\"threshold\":"));
		TRY(slo_buf_json_duration(b, s->duration_threshold));
		TRY(slo_buf_printf(b, ",\"counted\":%llu,\"open\":%llu,"
		    "\"overdue\":%llu,\"unmatched\":%llu,\"untracked\":%llu}",
		    (unsigned long long)v->result.window.events_total,
		    (unsigned long long)v->incidents_open,
		    (unsigned long long)v->incidents_overdue,
		    (unsigned long long)v->incidents_unmatched,
		    (unsigned long long)v->incidents_untracked));
	}
	if (s->sli == SLO_SPEC_SLI_COST) {
		int data = v->per_events > 0;

		TRY(slo_buf_puts(b, ",\"cost\":{\"currency\":"));
		TRY(slo_buf_json_cstr(b, s->cost_currency));
		TRY(slo_buf_puts(b, ",\"per\":"));
		TRY(slo_buf_json_cstr(b, slo_kind_name((slo_kind)s->cost_per)));
		TRY(slo_buf_puts(b, ",\"max\":"));
		TRY(slo_buf_json_num(b, s->cost_max));
		TRY(slo_buf_puts(b, ",\"sum\":"));
		TRY(slo_buf_json_num(b, v->cost_sum));
		TRY(slo_buf_printf(b, ",\"cost_events\":%llu,\"per_events\":%llu,"
		    "\"ratio\":", (unsigned long long)v->cost_events,
		    (unsigned long long)v->per_events));
		TRY(put_num_or_null(b, data, v->cost_ratio));
		TRY(slo_buf_printf(b, ",\"other_currency_events\":%llu}",
		    (unsigned long long)v->cost_other_currency));
	}
	return SLO_OK;
}

static slo_status
ndjson_one(const slo_verdict *v, slo_buf *b)
{
	const slo_result *r = &v->result;
	const slo_tally *w = &r->window;
	int data = r->status != SLO_STATE_NO_DATA && w->has_data;
	/* A cost SLI's figures are in "cost": no SLI, budget or burn. */
	int budget = data && v->slo->sli != SLO_SPEC_SLI_COST;

	TRY(slo_buf_puts(b, "{\"slo\":"));
	TRY(slo_buf_json_cstr(b, v->slo->name));
	TRY(slo_buf_puts(b, ",\"group\":{"));
	for (size_t g = 0; g < v->ngroup; g++) {
		if (g)
			TRY(slo_buf_putc(b, ','));
		TRY(slo_buf_json_cstr(b, v->slo->group_by[g]));
		TRY(slo_buf_putc(b, ':'));
		TRY(slo_buf_json_cstr(b, v->group[g]));
	}
	TRY(slo_buf_puts(b, v->overflow ? "},\"overflow\":true,\"status\":" :
	    "},\"status\":"));
	TRY(slo_buf_json_cstr(b, slo_state_name(r->status)));
	TRY(slo_buf_puts(b, ",\"at\":"));
	TRY(slo_buf_json_time(b, r->at));
	if (v->objective.calendar != SLO_CAL_NONE) {
		TRY(slo_buf_puts(b, ",\"calendar\":"));
		TRY(slo_buf_json_cstr(b, slo_calendar_name(v->objective.calendar)));
		TRY(slo_buf_puts(b, ",\"timezone\":"));
		TRY(slo_buf_json_cstr(b, v->slo->timezone ? v->slo->timezone : "UTC"));
	} else {
		TRY(slo_buf_puts(b, ",\"window\":"));
		TRY(slo_buf_json_duration(b, v->objective.window));
	}
	TRY(slo_buf_puts(b, ",\"from\":"));
	TRY(slo_buf_json_time(b, data ? w->from : SLO_NS_NONE));
	TRY(slo_buf_puts(b, ",\"to\":"));
	TRY(slo_buf_json_time(b, data ? w->to : SLO_NS_NONE));
	TRY(slo_buf_puts(b, ",\"budgeting\":"));
	TRY(slo_buf_json_cstr(b, slo_budgeting_name(v->objective.budgeting)));
	TRY(slo_buf_puts(b, ",\"target\":"));
	/* a cost SLI has a ceiling (in "cost"), no target */
	TRY(put_num_or_null(b, v->slo->sli != SLO_SPEC_SLI_COST,
	    v->objective.target));
	TRY(slo_buf_printf(b, ",\"events\":%llu,\"good_events\":%llu",
	    (unsigned long long)w->events_total, (unsigned long long)w->events_good));
	TRY(slo_buf_puts(b, ",\"good\":"));
	TRY(slo_buf_json_num(b, w->good));
	TRY(slo_buf_puts(b, ",\"bad\":"));
	TRY(slo_buf_json_num(b, w->bad));
	TRY(slo_buf_puts(b, ",\"total\":"));
	TRY(slo_buf_json_num(b, w->total));
	TRY(slo_buf_puts(b, ",\"sli\":"));
	TRY(put_num_or_null(b, budget, w->sli));
	TRY(slo_buf_puts(b, ",\"budget\":{\"allowed\":"));
	TRY(put_num_or_null(b, budget, r->allowed));
	TRY(slo_buf_puts(b, ",\"consumed\":"));
	TRY(put_num_or_null(b, budget, r->consumed));
	TRY(slo_buf_puts(b, ",\"remaining\":"));
	TRY(put_num_or_null(b, budget, r->remaining));
	TRY(slo_buf_puts(b, ",\"remaining_units\":"));
	TRY(put_num_or_null(b, budget, r->remaining_units));
	TRY(slo_buf_puts(b, "},\"burn_rate\":"));
	TRY(put_num_or_null(b, budget, w->burn));
	TRY(slo_buf_puts(b, ",\"exhaustion_s\":"));
	TRY(put_num_or_null(b, data && r->has_exhaustion,
	    (double)r->exhaustion / 1e9));
	TRY(slo_buf_puts(b, ",\"alert_policy\":"));
	TRY(slo_buf_json_cstr(b, v->policy));
	TRY(slo_buf_puts(b, ",\"alerts\":["));
	for (size_t a = 0; a < r->nalerts; a++) {
		const slo_alert_state *as = &r->alerts[a];

		if (a)
			TRY(slo_buf_putc(b, ','));
		TRY(slo_buf_puts(b, "{\"severity\":"));
		TRY(slo_buf_json_cstr(b, slo_severity_name(as->rule.severity)));
		TRY(slo_buf_puts(b, ",\"long\":"));
		TRY(slo_buf_json_duration(b, as->rule.long_window));
		TRY(slo_buf_puts(b, ",\"short\":"));
		TRY(slo_buf_json_duration(b, as->rule.short_window));
		TRY(slo_buf_puts(b, ",\"threshold\":"));
		TRY(slo_buf_json_num(b, as->rule.burn));
		TRY(slo_buf_puts(b, ",\"burn_long\":"));
		TRY(put_num_or_null(b, as->long_w.has_data, as->long_w.burn));
		TRY(slo_buf_puts(b, ",\"burn_short\":"));
		TRY(put_num_or_null(b, as->short_w.has_data, as->short_w.burn));
		TRY(slo_buf_printf(b, ",\"firing\":%s", as->firing ? "true" : "false"));
		/* an OpenSLO policy's alertWhenNoData / alertWhenResolved */
		if (v->alert_state[a] != 0)
			TRY(slo_buf_printf(b, ",\"state\":\"%s\"",
			    v->alert_state[a] == SLO_ALERT_NODATA ? "no_data" :
			    "resolved"));
		TRY(slo_buf_putc(b, '}'));
	}
	TRY(slo_buf_putc(b, ']'));
	if (v->objective.budgeting != SLO_BUDGET_OCCURRENCES)
		TRY(slo_buf_printf(b, ",\"slices\":{\"good\":%llu,\"total\":%llu,\"empty\":%llu}",
		    (unsigned long long)w->slices_good, (unsigned long long)w->slices_total,
		    (unsigned long long)w->slices_empty));
	TRY(anykind_json(v, b));
	if (v->has_quantiles) {
		int dur = v->slo->sli == SLO_SPEC_SLI_DURATION;

		TRY(slo_buf_puts(b, dur ? ",\"duration_s\":{" :
		    ",\"latency_ms\":{"));
		for (size_t q = 0; q < v->slo->nquantiles && q < 8; q++) {
			char key[40];

			quantile_key(v->slo->quantiles[q], key, sizeof key);
			if (q)
				TRY(slo_buf_putc(b, ','));
			TRY(slo_buf_json_cstr(b, key));
			TRY(slo_buf_putc(b, ':'));
			TRY(slo_buf_json_num(b, dur ? v->quantiles[q] / 1000 :
			    v->quantiles[q]));
		}
		TRY(slo_buf_putc(b, '}'));
	}
	TRY(slo_buf_printf(b, ",\"out_of_window\":%llu,\"after_at\":%llu",
	    (unsigned long long)v->out_of_window, (unsigned long long)v->after_at));
	/* last, only when the spec gives them: lines without stay as they were */
	if (v->slo->service != NULL) {
		TRY(slo_buf_puts(b, ",\"service\":"));
		TRY(slo_buf_json_cstr(b, v->slo->service));
	}
	if (v->slo->owner != NULL) {
		TRY(slo_buf_puts(b, ",\"owner\":"));
		TRY(slo_buf_json_cstr(b, v->slo->owner));
	}
	return slo_buf_puts(b, "}\n");
}

slo_status
slo_verdict_group_text(const slo_verdict *v, int with_keys, slo_buf *b)
{
	if (v->ngroup == 0)
		return slo_buf_putc(b, '-');
	for (size_t g = 0; g < v->ngroup; g++) {
		if (g > 0)
			TRY(slo_buf_puts(b, with_keys ? ", " : ","));
		if (with_keys) {
			TRY(slo_buf_puts(b, v->slo->group_by[g]));
			TRY(slo_buf_putc(b, '='));
		}
		TRY(slo_buf_puts(b, v->group[g] ? v->group[g] : "(none)"));
	}
	return SLO_OK;
}

static void
fmt_pct(char *buf, size_t n, int valid, double frac)
{
	if (!valid)
		slo_snprintf(buf, n, "-");
	else if (frac >= 0.9999 && frac < 1)
		slo_snprintf(buf, n, "%.4f%%", frac * 100);
	else
		slo_snprintf(buf, n, "%.3f%%", frac * 100);
}

static void
fmt_target(char *buf, size_t n, double t)
{
	slo_buf nb = { 0 };

	slo_buf_json_num(&nb, round(t * 100 * 1e9) / 1e9);
	slo_snprintf(buf, n, "%s%%", nb.data ? nb.data : "?");
	slo_buf_release(&nb);
}

static void
firing_list(const slo_verdict *v, char *buf, size_t n)
{
	size_t k = 0;

	buf[0] = '\0';
	for (size_t a = 0; a < v->result.nalerts && k < n; a++) {
		const slo_alert_state *as = &v->result.alerts[a];
		char lw[SLO_DURATION_BUFSZ];

		if (!as->firing)
			continue;
		slo_duration_format(as->rule.long_window, lw);
		k += (size_t)slo_snprintf(buf + k, n - k, "%s%s %gx/%s", k ? ", " : "",
		    slo_severity_name(as->rule.severity), as->rule.burn, lw);
	}
}

const char *
slo_verdict_policy(const slo_verdict *v)
{
	if (v->policy != NULL)
		return v->policy;
	return v->objective.nrules > 0 ? "custom" : "none";
}

/* Verdicts of one SLO (its groups) come together: name it once. */
slo_status
slo_eval_policy_text(const slo_eval *e, slo_text_mode mode, slo_buf *b)
{
	size_t n = slo_eval_count(e), i;
	const slo_verdict *v, *prev = NULL;

	if (n == 0)
		return SLO_OK;
	v = slo_eval_verdict(e, 0);
	for (i = 1; i < n; i++)
		if (strcmp(slo_verdict_policy(slo_eval_verdict(e, i)),
		    slo_verdict_policy(v)) != 0)
			break;
	if (i == n)
		return slo_buf_printf(b, "alert policy: %s",
		    slo_verdict_policy(v));
	TRY(slo_buf_puts(b, "alert policies:"));
	for (i = 0; i < n; prev = v, i++) {
		v = slo_eval_verdict(e, i);
		if (prev != NULL && prev->slo == v->slo)
			continue;
		TRY(slo_buf_puts(b, prev ? ", " : " "));
		TRY(slo_buf_text_cstr(b, mode, v->slo->name));
		TRY(slo_buf_printf(b, " %s", slo_verdict_policy(v)));
	}
	return SLO_OK;
}


/*
 * One row of the table, markdown, csv and tsv forms.  name and group are
 * raw input text, of any length; the rest are figures the library wrote.
 */
typedef struct row {
	const char *name;
	slo_buf group;
	char status[16], sli[32], target[32], left[32], burn[32], alerts[128];
} row;

/* A figure for csv and tsv: the shortest decimal, as in ndjson; "" for none. */
static void
fmt_plain(char *buf, size_t n, int valid, double v)
{
	slo_buf nb = { 0 };

	buf[0] = '\0';
	if (valid && slo_buf_json_num(&nb, v) == SLO_OK && nb.data != NULL &&
	    strcmp(nb.data, "null") != 0)
		slo_snprintf(buf, n, "%s", nb.data);
	slo_buf_release(&nb);
}

/*
 * A cost SLI's row: the ratio and the ceiling where the SLI and target
 * go, with the currency for people; no budget or burn rate.
 */
static slo_status
row_fill_cost(const slo_verdict *v, int plain, row *r)
{
	const char *cur = v->slo->cost_currency;
	char num[32];

	r->left[0] = r->burn[0] = '\0';
	if (!plain) {
		slo_snprintf(r->left, sizeof r->left, "-");
		slo_snprintf(r->burn, sizeof r->burn, "-");
	}
	fmt_plain(num, sizeof num, v->per_events > 0, v->cost_ratio);
	if (plain)
		slo_snprintf(r->sli, sizeof r->sli, "%s", num);
	else {
		/* for people, four significant digits: 0.0002029, not the
		 * shortest round-trip form 0.00020286666666666667 */
		if (num[0])
			slo_snprintf(num, sizeof num, "%.4g", v->cost_ratio);
		slo_snprintf(r->sli, sizeof r->sli, "%s%s%s", num[0] ? num : "-",
		    num[0] ? " " : "", num[0] ? cur : "");
	}
	fmt_plain(num, sizeof num, 1, v->slo->cost_max);
	slo_snprintf(r->target, sizeof r->target, plain ? "%s" : "<=%s %s",
	    num, cur);
	return SLO_OK;
}

/*
 * Fills r; release r->group with slo_buf_release.  plain: the figures as
 * numbers (ratios, as ndjson has them) for csv and tsv, else for people.
 */
static slo_status
row_fill(const slo_verdict *v, int plain, row *r)
{
	const slo_result *res = &v->result;
	int data = res->status != SLO_STATE_NO_DATA && res->window.has_data;

	r->name = v->slo->name;
	slo_buf_reset(&r->group);
	if (!plain || v->ngroup > 0) /* csv and tsv: no group is empty */
		TRY(slo_verdict_group_text(v, 0, &r->group));
	slo_snprintf(r->status, sizeof r->status, "%s", slo_state_name(res->status));
	firing_list(v, r->alerts, sizeof r->alerts);
	if (v->slo->sli == SLO_SPEC_SLI_COST)
		return row_fill_cost(v, plain, r);
	if (plain) {
		fmt_plain(r->sli, sizeof r->sli, data, res->window.sli);
		fmt_plain(r->target, sizeof r->target, 1, v->objective.target);
		fmt_plain(r->left, sizeof r->left, data, res->remaining);
		fmt_plain(r->burn, sizeof r->burn, data, res->window.burn);
		return SLO_OK;
	}
	fmt_pct(r->sli, sizeof r->sli, data, res->window.sli);
	fmt_target(r->target, sizeof r->target, v->objective.target);
	if (data)
		slo_snprintf(r->left, sizeof r->left, "%.1f%%", res->remaining * 100);
	else
		slo_snprintf(r->left, sizeof r->left, "-");
	if (data)
		slo_snprintf(r->burn, sizeof r->burn, "%.2f", res->window.burn);
	else
		slo_snprintf(r->burn, sizeof r->burn, "-");
	return SLO_OK;
}

static const char *
status_color(slo_state s)
{
	switch (s) {
	case SLO_STATE_OK: return "\033[32m";
	case SLO_STATE_WARNING: return "\033[33m";
	case SLO_STATE_BREACHED: return "\033[1;31m";
	case SLO_STATE_NO_DATA: return "\033[2m";
	}
	return "";
}

/*
 * The columns of every tabular form (slo_table.h).  The names and groups
 * may be shortened to fit the terminal, the figures never; the firing
 * alerts, last, wrap.  The service and owner (EVAL_CARD_COLS) lead only
 * when the scorecard groups the verdicts and the spec names some
 * (slo_eval_card_columns); else the grid starts at the SLO.
 */
enum { EVAL_CARD_COLS = 2 };
static const slo_tab_col eval_cols[] = {
	{ "service", "Service", SLO_COL_SHRINK },
	{ "owner", "Owner", SLO_COL_SHRINK },
	{ "slo", "SLO", SLO_COL_SHRINK },
	{ "group", "Group", SLO_COL_SHRINK },
	{ "status", "Status", 0 },
	{ "sli", "SLI", SLO_COL_RIGHT },
	{ "target", "Target", SLO_COL_RIGHT },
	{ "budget_remaining", "Budget", SLO_COL_RIGHT },
	{ "burn_rate", "Burn", SLO_COL_RIGHT },
	{ "firing_alerts", "Alerts", SLO_COL_WRAP },
};

static slo_status
fill_tab(const slo_eval *e, int plain, slo_tab *t, row *r)
{
	int card = slo_eval_card_columns(e);

	for (size_t i = 0; i < slo_eval_count(e); i++) {
		const slo_verdict *v = slo_eval_shown(e, i);
		slo_state s = v->result.status;

		TRY(row_fill(v, plain, r));
		if (card) {
			TRY(slo_tab_cstr(t, plain ? v->slo->service :
			    slo_score_name(v->slo->service)));
			TRY(slo_tab_cstr(t, plain ? v->slo->owner :
			    slo_score_name(v->slo->owner)));
		}
		TRY(slo_tab_cstr(t, r->name));
		TRY(slo_tab_add(t, r->group.data ? r->group.data : "", r->group.len));
		TRY(slo_tab_mark(t, r->status, status_color(s),
		    s == SLO_STATE_BREACHED));
		TRY(slo_tab_cstr(t, r->sli));
		TRY(slo_tab_cstr(t, r->target));
		TRY(slo_tab_cstr(t, r->left));
		TRY(slo_tab_cstr(t, r->burn));
		TRY(slo_tab_cstr(t, r->alerts));
	}
	return SLO_OK;
}

/* A duration as people read it: "3m", "1h30m", "2.5s". */
static void
fmt_span(char *buf, size_t n, double ms)
{
	char d[SLO_DURATION_BUFSZ];

	if (ms >= 1000 && fmod(ms, 1000) == 0 && ms < 9.2e15) {
		slo_duration_format((slo_ns)ms * SLO_NS_PER_MS, d);
		slo_snprintf(buf, n, "%s", d);
	} else
		slo_snprintf(buf, n, "%.3gs", ms / 1000);
}

/*
 * Lines under the table for the SLIs over other kinds: a duration SLI's
 * median and p90 (its quantiles) and the incidents left out; a cost
 * SLI's sum, events and the cost events in other currencies.
 */
static slo_status
anykind_notes(const slo_eval *e, slo_text_mode mode, slo_buf *b)
{
	for (size_t i = 0; i < slo_eval_count(e); i++) {
		const slo_verdict *v = slo_eval_verdict(e, i);
		const slo_spec_slo *s = v->slo;

		if (s->sli != SLO_SPEC_SLI_DURATION && s->sli != SLO_SPEC_SLI_COST)
			continue;
		if (mode == SLO_TEXT_MARKDOWN) /* one list item each */
			TRY(slo_buf_puts(b, "- "));
		TRY(slo_buf_text_cstr(b, mode, s->name));
		if (v->ngroup > 0) {
			slo_buf g = { 0 };
			slo_status st = slo_verdict_group_text(v, 0, &g);

			if (st == SLO_OK)
				st = slo_buf_puts(b, " ");
			if (st == SLO_OK)
				st = slo_buf_text(b, mode, g.data ? g.data : "", g.len);
			slo_buf_release(&g);
			TRY(st);
		}
		if (s->sli == SLO_SPEC_SLI_DURATION) {
			TRY(slo_buf_printf(b, ": %s to %s", s->duration_from,
			    s->duration_to));
			for (size_t q = 0; v->has_quantiles && q < s->nquantiles &&
			    q < 8; q++) {
				char key[40], span[48];

				quantile_key(s->quantiles[q], key, sizeof key);
				fmt_span(span, sizeof span, v->quantiles[q]);
				TRY(slo_buf_printf(b, ", %s %s",
				    strcmp(key, "p50") == 0 ? "median" : key, span));
			}
			TRY(slo_buf_printf(b, " (%llu incidents counted, %llu "
			    "open, %llu overdue)\n",
			    (unsigned long long)v->result.window.events_total,
			    (unsigned long long)v->incidents_open,
			    (unsigned long long)v->incidents_overdue));
			continue;
		}
		TRY(slo_buf_printf(b, ": "));
		TRY(slo_buf_json_num(b, v->cost_sum));
		TRY(slo_buf_printf(b, " %s over %llu %s events", s->cost_currency,
		    (unsigned long long)v->per_events,
		    slo_kind_name((slo_kind)s->cost_per)));
		if (v->cost_other_currency > 0)
			TRY(slo_buf_printf(b, "; %llu cost event%s in other "
			    "currencies not added",
			    (unsigned long long)v->cost_other_currency,
			    v->cost_other_currency == 1 ? "" : "s"));
		TRY(slo_buf_putc(b, '\n'));
	}
	return SLO_OK;
}

/* The table or markdown report: a heading, the grid, the policy line. */
static slo_status
render_grid_with(const slo_eval *e, slo_format fmt, const slo_render_opts *ro,
    slo_buf *b, slo_tab *t, row *r)
{
	size_t n = slo_eval_count(e);
	char at[SLO_TIME_BUFSZ] = "-";
	int human = fmt == SLO_FMT_TABLE || fmt == SLO_FMT_MARKDOWN;

	TRY(fill_tab(e, !human, t, r));
	if (slo_eval_at(e) != SLO_NS_NONE)
		slo_time_format(slo_eval_at(e), at);
	if (fmt == SLO_FMT_TABLE && slo_eval_at(e) != SLO_NS_NONE)
		TRY(slo_buf_printf(b, "at %s\n", at));
	if (fmt == SLO_FMT_MARKDOWN) {
		size_t counts[4] = { 0 };

		for (size_t i = 0; i < n; i++)
			counts[slo_eval_verdict(e, i)->result.status]++;
		TRY(slo_buf_printf(b, "### SLO report at %s\n\n", at));
		TRY(slo_buf_printf(b, "%zu ok, %zu warning, %zu breached, "
		    "%zu no data\n\n", counts[SLO_STATE_OK],
		    counts[SLO_STATE_WARNING], counts[SLO_STATE_BREACHED],
		    counts[SLO_STATE_NO_DATA]));
	}
	TRY(slo_scorecard_write_grid(e, fmt, ro, b));
	TRY(slo_tab_write(t, fmt, ro, b));
	if (human && n > 0) {
		if (fmt == SLO_FMT_MARKDOWN)
			TRY(slo_buf_putc(b, '\n'));
		TRY(slo_eval_policy_text(e, fmt == SLO_FMT_MARKDOWN ?
		    SLO_TEXT_MARKDOWN : SLO_TEXT_PLAIN, b));
		TRY(slo_buf_putc(b, '\n'));
		TRY(anykind_notes(e, fmt == SLO_FMT_MARKDOWN ?
		    SLO_TEXT_MARKDOWN : SLO_TEXT_PLAIN, b));
	}
	return SLO_OK;
}

static slo_status
render_grid(const slo_eval *e, slo_format fmt, const slo_render_opts *ro,
    slo_buf *b)
{
	size_t skip = slo_eval_card_columns(e) ? 0 : EVAL_CARD_COLS;
	slo_tab t = { .cols = eval_cols + skip,
	    .ncol = sizeof eval_cols / sizeof eval_cols[0] - skip };
	row r = { 0 };
	slo_status st = render_grid_with(e, fmt, ro, b, &t, &r);

	slo_tab_release(&t);
	slo_buf_release(&r.group);
	return st;
}

/* Prometheus label names: [a-zA-Z_][a-zA-Z0-9_]*; others become '_'. */
static slo_status
prom_label_sanitize(slo_buf *b, const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		TRY(slo_buf_putc(b, '_'));
	for (; *s; s++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_';
		TRY(slo_buf_putc(b, ok ? c : '_'));
	}
	return SLO_OK;
}

/* The labels the prom writer sets itself, beside the dimensions. */
static const char *const prom_own_labels[] = {
	"slo", "severity", "long", "short", "window", "status", "q", "policy",
	"currency", "per",
};

static int
prom_label_taken(const char *name, size_t n, const slo_buf *names, size_t k)
{
	/* Names that begin with "__" are reserved to Prometheus. */
	if (n >= 2 && name[0] == '_' && name[1] == '_')
		return 1;
	for (size_t i = 0; i < sizeof prom_own_labels / sizeof prom_own_labels[0]; i++)
		if (strlen(prom_own_labels[i]) == n && memcmp(prom_own_labels[i], name, n) == 0)
			return 1;
	for (size_t i = 0; i < k; i++)
		if (names[i].len == n && memcmp(names[i].data, name, n) == 0)
			return 1;
	return 0;
}

/*
 * The label name of each group_by dimension of an SLO, into names[0..n).
 * A dimension whose sanitised name is one of the writer's own labels, or
 * that of an earlier dimension ("labels.a-b" and "labels.a_b"), takes the
 * prefix "exported_" until it is unique, as Prometheus itself renames a
 * scraped label that collides with a target label: a series never
 * repeats a label.
 */
static slo_status
prom_dim_names(const slo_spec_slo *slo, slo_buf *names, size_t n)
{
	for (size_t g = 0; g < n; g++) {
		slo_buf raw = { 0 };
		slo_status st = prom_label_sanitize(&raw, slo->group_by[g]);

		while (st == SLO_OK && prom_label_taken(raw.data, raw.len, names, g)) {
			slo_buf more = { 0 };

			st = slo_buf_puts(&more, "exported_");
			if (st == SLO_OK)
				st = slo_buf_append(&more, raw.data, raw.len);
			slo_buf_release(&raw);
			raw = more;
		}
		if (st == SLO_OK)
			st = slo_buf_putc(&raw, '\0');
		if (st != SLO_OK) {
			slo_buf_release(&raw);
			return st;
		}
		raw.len--;
		names[g] = raw;
	}
	return SLO_OK;
}

static slo_status
prom_label_value(slo_buf *b, const char *s)
{
	TRY(slo_buf_putc(b, '"'));
	for (; *s; s++) {
		if (*s == '\\')
			TRY(slo_buf_puts(b, "\\\\"));
		else if (*s == '"')
			TRY(slo_buf_puts(b, "\\\""));
		else if (*s == '\n')
			TRY(slo_buf_puts(b, "\\n"));
		else
			TRY(slo_buf_putc(b, *s));
	}
	return slo_buf_putc(b, '"');
}

/* The dimension label names of the SLO last written, kept across samples. */
typedef struct prom_dims {
	const slo_spec_slo *slo;
	slo_buf *names;
	size_t n;
} prom_dims;

static void
prom_dims_release(prom_dims *d)
{
	for (size_t i = 0; i < d->n; i++)
		slo_buf_release(&d->names[i]);
	free(d->names);
	*d = (prom_dims){ 0 };
}

static slo_status
prom_dims_for(prom_dims *d, const slo_spec_slo *slo)
{
	if (d->slo == slo)
		return SLO_OK;
	prom_dims_release(d);
	if (slo->ngroup_by > 0) {
		d->names = calloc(slo->ngroup_by, sizeof *d->names);
		if (d->names == NULL)
			return SLO_ENOMEM;
		d->n = slo->ngroup_by;
		TRY(prom_dim_names(slo, d->names, d->n));
	}
	d->slo = slo;
	return SLO_OK;
}

/* name{slo="x",route="/a"<extra>} value */
static slo_status
prom_sample(slo_buf *b, prom_dims *d, const char *metric, const slo_verdict *v,
    const char *extra, double value)
{
	TRY(prom_dims_for(d, v->slo));
	TRY(slo_buf_puts(b, metric));
	TRY(slo_buf_puts(b, "{slo="));
	TRY(prom_label_value(b, v->slo->name));
	for (size_t g = 0; g < v->ngroup && g < d->n; g++) {
		TRY(slo_buf_putc(b, ','));
		TRY(slo_buf_append(b, d->names[g].data, d->names[g].len));
		TRY(slo_buf_putc(b, '='));
		TRY(prom_label_value(b, v->group[g] ? v->group[g] : ""));
	}
	if (extra != NULL)
		TRY(slo_buf_puts(b, extra));
	TRY(slo_buf_puts(b, "} "));
	TRY(slo_buf_json_num(b, value));
	return slo_buf_putc(b, '\n');
}

/*
 * The burn rate over each alert window, once per window: policies share
 * windows (google-30d's 6h is the long window of one rule and the short
 * window of another), and a series written twice is dropped by
 * node_exporter's textfile collector.
 */
static slo_status
prom_burn_windows(slo_buf *b, prom_dims *d, const char *name, const slo_verdict *v)
{
	const slo_result *r = &v->result;

	for (size_t a = 0; a < r->nalerts; a++) {
		for (int side = 0; side < 2; side++) {
			const slo_alert_state *as = &r->alerts[a];
			slo_ns w = side ? as->rule.short_window : as->rule.long_window;
			const slo_tally *ws = side ? &as->short_w : &as->long_w;
			char dw[SLO_DURATION_BUFSZ], extra[SLO_DURATION_BUFSZ + 16];
			int seen = 0;

			for (size_t p = 0; p <= a && !seen; p++)
				for (int ps = 0; ps < (p == a ? side : 2) && !seen; ps++)
					seen = (ps ? r->alerts[p].rule.short_window :
					    r->alerts[p].rule.long_window) == w;
			if (seen || !ws->has_data)
				continue;
			slo_duration_format(w, dw);
			slo_snprintf(extra, sizeof extra, ",window=\"%s\"", dw);
			TRY(prom_sample(b, d, name, v, extra, ws->burn));
		}
	}
	return SLO_OK;
}

enum { M_SLI, M_TARGET, M_EVENTS, M_GOOD, M_REMAINING, M_CONSUMED, M_BURN,
	M_ALERT, M_BURN_WIN, M_STATUS, M_EXHAUST, M_LATENCY, M_DURATION,
	M_COST, M_COST_MAX, M__COUNT };

static const char *const prom_meta[M__COUNT][3] = {
	{ "slo_sli_ratio", "gauge", "Service level indicator over the SLO window (good / total)." },
	{ "slo_target_ratio", "gauge", "Objective of the SLO as a fraction." },
	{ "slo_events", "gauge", "Events (or slices) counted in the SLO window." },
	{ "slo_good_events", "gauge", "Good events (or slices) in the SLO window." },
	{ "slo_error_budget_remaining_ratio", "gauge", "Error budget left as a fraction of the budget; negative when overspent." },
	{ "slo_error_budget_consumed_ratio", "gauge", "Error budget spent as a fraction of the budget." },
	{ "slo_burn_rate", "gauge", "Burn rate over the SLO window: error rate / (1 - target)." },
	{ "slo_alert_firing", "gauge", "1 when the multi-window burn-rate alert fires." },
	{ "slo_alert_burn_rate", "gauge", "Burn rate over an alert window." },
	{ "slo_status", "gauge", "1 for the SLO's current status (ok, warning, breached, no_data)." },
	{ "slo_budget_exhaustion_seconds", "gauge", "Seconds until the error budget is spent at the current burn." },
	{ "slo_latency_quantile_seconds", "gauge", "Latency quantile q over the SLO window, in seconds." },
	{ "slo_duration_quantile_seconds", "gauge", "Duration SLI: quantile q of the incident durations over the SLO window, in seconds." },
	{ "slo_cost_ratio", "gauge", "Cost SLI: cost summed over the SLO window per event counted." },
	{ "slo_cost_max_ratio", "gauge", "Cost SLI: the ceiling of the cost per event." },
};

/* The families of the duration and cost SLIs appear only with them, so
 * the exposition of request SLOs is as it was. */
static int
prom_family_used(const slo_eval *e, int m)
{
	slo_spec_sli want = m == M_DURATION ? SLO_SPEC_SLI_DURATION :
	    SLO_SPEC_SLI_COST;

	if (m < M_DURATION)
		return 1;
	for (size_t i = 0; i < slo_eval_count(e); i++)
		if (slo_eval_verdict(e, i)->slo->sli == want)
			return 1;
	return 0;
}

static slo_status
render_prom_with(const slo_eval *e, slo_buf *b, prom_dims *d)
{
	size_t n = slo_eval_count(e);

	for (int m = 0; m < M__COUNT; m++) {
		if (!prom_family_used(e, m))
			continue;
		TRY(slo_buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", prom_meta[m][0],
		    prom_meta[m][2], prom_meta[m][0], prom_meta[m][1]));
		for (size_t i = 0; i < n; i++) {
			const slo_verdict *v = slo_eval_verdict(e, i);
			const slo_result *r = &v->result;
			int cost = v->slo->sli == SLO_SPEC_SLI_COST;
			int dur = v->slo->sli == SLO_SPEC_SLI_DURATION;
			/* A cost SLI has no SLI ratio, target or budget: its
			 * figures are the M_COST ones. */
			int data = r->status != SLO_STATE_NO_DATA &&
			    r->window.has_data && !cost;
			const char *name = prom_meta[m][0];
			char extra[256];

			switch (m) {
			case M_SLI:
				if (data) TRY(prom_sample(b, d, name, v, NULL, r->window.sli));
				break;
			case M_TARGET:
				if (!cost)
					TRY(prom_sample(b, d, name, v, NULL, v->objective.target));
				break;
			case M_COST:
			case M_COST_MAX:
				if (!cost || (m == M_COST && v->per_events == 0))
					break;
				slo_snprintf(extra, sizeof extra, ",currency=\"%s\",per=\"%s\"",
				    v->slo->cost_currency,
				    slo_kind_name((slo_kind)v->slo->cost_per));
				TRY(prom_sample(b, d, name, v, extra, m == M_COST ?
				    v->cost_ratio : v->slo->cost_max));
				break;
			case M_EVENTS:
				TRY(prom_sample(b, d, name, v, NULL, r->window.total));
				break;
			case M_GOOD:
				TRY(prom_sample(b, d, name, v, NULL, r->window.good));
				break;
			case M_REMAINING:
				if (data) TRY(prom_sample(b, d, name, v, NULL, r->remaining));
				break;
			case M_CONSUMED:
				if (data) TRY(prom_sample(b, d, name, v, NULL, r->consumed));
				break;
			case M_BURN:
				if (data) TRY(prom_sample(b, d, name, v, NULL, r->window.burn));
				break;
			case M_BURN_WIN:
				TRY(prom_burn_windows(b, d, name, v));
				break;
			case M_ALERT:
				for (size_t a = 0; a < r->nalerts; a++) {
					const slo_alert_state *as = &r->alerts[a];
					char lw[SLO_DURATION_BUFSZ], sw[SLO_DURATION_BUFSZ];

					slo_duration_format(as->rule.long_window, lw);
					slo_duration_format(as->rule.short_window, sw);
					slo_snprintf(extra, sizeof extra,
					    ",severity=\"%s\",long=\"%s\",short=\"%s\""
					    ",policy=\"%.48s\"",
					    slo_severity_name(as->rule.severity), lw, sw,
					    slo_verdict_policy(v));
					TRY(prom_sample(b, d, name, v, extra, as->firing));
				}
				break;
			case M_STATUS:
				for (int s = SLO_STATE_OK; s <= SLO_STATE_NO_DATA; s++) {
					slo_snprintf(extra, sizeof extra, ",status=\"%s\"",
					    slo_state_name((slo_state)s));
					TRY(prom_sample(b, d, name, v, extra, r->status == (slo_state)s));
				}
				break;
			case M_EXHAUST:
				if (data && r->has_exhaustion)
					TRY(prom_sample(b, d, name, v, NULL, (double)r->exhaustion / 1e9));
				break;
			case M_LATENCY:
			case M_DURATION:
				if (dur != (m == M_DURATION))
					break;
				for (size_t q = 0; v->has_quantiles && q < v->slo->nquantiles && q < 8; q++) {
					slo_buf nb = { 0 };

					slo_buf_json_num(&nb, v->slo->quantiles[q]);
					/*
					 * Not "quantile": that label belongs to
					 * summaries (promtool check metrics).
					 */
					slo_snprintf(extra, sizeof extra, ",q=\"%s\"", nb.data);
					slo_buf_release(&nb);
					TRY(prom_sample(b, d, name, v, extra, v->quantiles[q] / 1e3));
				}
				break;
			}
		}
	}
	return SLO_OK;
}

/*
 * The evaluation instant as a freshness gauge, one unlabelled series: an
 * alert on `time() - slo_last_evaluation_timestamp_seconds > 900` catches
 * a cron job that stopped (with --at now the instant is the run's).
 * Nothing without an instant (no event, no --at).
 */
static slo_status
prom_freshness(const slo_eval *e, slo_buf *b)
{
	slo_ns at = slo_eval_at(e);

	if (at == SLO_NS_NONE)
		return SLO_OK;
	TRY(slo_buf_puts(b, "# HELP slo_last_evaluation_timestamp_seconds "
	    "Instant the SLOs were evaluated at, in seconds since the epoch.\n"
	    "# TYPE slo_last_evaluation_timestamp_seconds gauge\n"
	    "slo_last_evaluation_timestamp_seconds "));
	TRY(slo_buf_json_num(b, (double)(at / SLO_NS_PER_SEC) +
	    (double)(at % SLO_NS_PER_SEC) / 1e9));
	return slo_buf_putc(b, '\n');
}

static slo_status
render_prom(const slo_eval *e, slo_buf *b)
{
	prom_dims d = { 0 };
	slo_status st = render_prom_with(e, b, &d);

	if (st == SLO_OK)
		st = slo_scorecard_write_prom(e, b);
	if (st == SLO_OK)
		st = prom_freshness(e, b);

	prom_dims_release(&d);
	return st;
}

/*
 * One testcase: the verdict's figures in its system-out; a failure when
 * it makes the exit status 1 (breached, or an alert at or above
 * --fail-on firing; the firing alerts, or the SLI under its target, say
 * why); skipped without data.
 */
static slo_status
junit_case(slo_buf *b, const slo_eval *e, const slo_verdict *v,
    const char *classname, slo_buf *name, slo_buf *out, slo_buf *msg)
{
	slo_junit_case c = { .classname = classname };
	row r = { 0 };
	slo_status st;

	slo_buf_reset(name);
	slo_buf_reset(out);
	slo_buf_reset(msg);
	TRY(slo_buf_puts(name, v->slo->name));
	if (v->ngroup > 0) {
		TRY(slo_buf_puts(name, " ["));
		TRY(slo_verdict_group_text(v, 1, name));
		TRY(slo_buf_putc(name, ']'));
	}
	TRY(slo_buf_putc(name, '\0'));
	st = row_fill(v, 0, &r);
	slo_buf_release(&r.group);
	TRY(st);
	TRY(slo_buf_printf(out, "status %s, SLI %s, target %s, budget left %s, "
	    "burn %s, firing alerts: %s", r.status, r.sli, r.target, r.left,
	    r.burn, r.alerts[0] ? r.alerts : "none"));
	c.name = name->data;
	c.out = out->data;
	c.out_len = out->len;
	if (slo_eval_verdict_fails(e, v)) {
		if (r.alerts[0])
			TRY(slo_buf_printf(msg, "alerts firing: %s", r.alerts));
		else
			TRY(slo_buf_printf(msg, "SLI %s below the target %s", r.sli,
			    r.target));
		c.outcome = SLO_JUNIT_FAIL;
		c.type = v->result.status == SLO_STATE_BREACHED ? "breached" :
		    "alert";
	} else if (v->result.status == SLO_STATE_NO_DATA) {
		TRY(slo_buf_puts(msg, "no data in the window"));
		c.outcome = SLO_JUNIT_SKIPPED;
	}
	c.message = msg->data;
	c.message_len = msg->len;
	return slo_junit_case_write(b, &c);
}

/*
 * JUnit (junit-10.xsd): one testcase per verdict; with a scorecard, each
 * of class SERVICE.OWNER so that CI reports group them, and the
 * scorecard's figures as the suite's properties.
 */
static slo_status
render_junit_with(const slo_eval *e, slo_buf *b, slo_buf *name, slo_buf *out,
    slo_buf *msg, slo_buf *cls)
{
	size_t n = slo_eval_count(e), nfail = 0, nskip = 0;
	char at[SLO_TIME_BUFSZ] = "-";
	int card = slo_eval_card(e) != NULL;

	for (size_t i = 0; i < n; i++) {
		nfail += slo_eval_verdict_fails(e, slo_eval_verdict(e, i));
		nskip += slo_eval_verdict(e, i)->result.status == SLO_STATE_NO_DATA;
	}
	if (slo_eval_at(e) != SLO_NS_NONE)
		slo_time_format(slo_eval_at(e), at);
	TRY(slo_junit_open(b, "slo-eval", "slo-eval", n, nfail, nskip));
	TRY(slo_scorecard_write_junit_properties(e, at, b));
	for (size_t i = 0; i < n; i++) {
		const slo_verdict *v = slo_eval_shown(e, i);

		slo_buf_reset(cls);
		if (card)
			TRY(slo_buf_printf(cls, "%s.%s", slo_score_name(v->slo->service),
			    slo_score_name(v->slo->owner)));
		else
			TRY(slo_buf_puts(cls, "slo-eval"));
		TRY(slo_buf_putc(cls, '\0'));
		TRY(junit_case(b, e, v, cls->data, name, out, msg));
	}
	return slo_junit_close(b, NULL);
}

static slo_status
render_junit(const slo_eval *e, slo_buf *b)
{
	slo_buf name = { 0 }, out = { 0 }, msg = { 0 }, cls = { 0 };
	slo_status st = render_junit_with(e, b, &name, &out, &msg, &cls);

	slo_buf_release(&name);
	slo_buf_release(&out);
	slo_buf_release(&msg);
	slo_buf_release(&cls);
	return st;
}

slo_status
slo_eval_render(const slo_eval *e, slo_format fmt, int color, slo_buf *out)
{
	slo_render_opts ro = { color, 80 };

	return slo_eval_render_opts(e, fmt, &ro, out);
}

slo_status
slo_eval_render_opts(const slo_eval *e, slo_format fmt,
    const slo_render_opts *ro, slo_buf *out)
{
	switch (fmt) {
	case SLO_FMT_NDJSON:
		for (size_t i = 0; i < slo_eval_count(e); i++)
			TRY(ndjson_one(slo_eval_shown(e, i), out));
		return slo_scorecard_write_ndjson(e, out);
	case SLO_FMT_TABLE:
	case SLO_FMT_MARKDOWN:
	case SLO_FMT_CSV:
	case SLO_FMT_TSV:
		return render_grid(e, fmt, ro, out);
	case SLO_FMT_PROM:
		return render_prom(e, out);
	case SLO_FMT_HTML:
		return slo_eval_render_html(e, out);
	case SLO_FMT_JUNIT:
		return render_junit(e, out);
	default:
		return SLO_EINVAL;
	}
}
