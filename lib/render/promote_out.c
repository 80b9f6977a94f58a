/*
 * promote_out.c — promote-check verdicts as a table, one NDJSON object,
 * JUnit XML or Markdown.  Built in a slo_buf; the caller writes it.
 * Every append is checked: out of memory midway is SLO_ENOMEM, never a
 * truncated text reported as done.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "slo.h"
#include "slo_promote.h"
#include "slo_junit.h"
#include "slo_num.h"
#include "slo_table.h"

#define TRY(x) do { if ((x) != SLO_OK) return SLO_ENOMEM; } while (0)

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define DIM "\033[2m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static const char *
result_color(slo_outcome r)
{
	switch (r) {
	case SLO_RES_PASS: return GREEN;
	case SLO_RES_FAIL: return RED;
	case SLO_RES_INCONCLUSIVE: return YELLOW;
	default: return DIM;
	}
}

static const char *
decision_color(slo_decision d)
{
	return d == SLO_PROMOTE ? GREEN : d == SLO_HOLD ? YELLOW : RED;
}

static slo_status
put_time(slo_buf *b, slo_ns t)
{
	char tb[SLO_TIME_BUFSZ];

	if (t == SLO_NS_NONE)
		TRY(slo_buf_puts(b, "-"));
	else {
		slo_time_format(t, tb);
		TRY(slo_buf_puts(b, tb));
	}
	return SLO_OK;
}

/* The sentence closing every human format, raw: see put_conclusion_as. */
static slo_status
put_conclusion(slo_buf *b, const slo_promote_verdict *v)
{
	size_t i, nb = 0;

	TRY(slo_buf_printf(b, "%s", slo_decision_name(v->decision)));
	for (i = 0; i < v->ncrit; i++) {
		const slo_crit_result *r = &v->crit[i];

		if (!r->blocking)
			continue;
		if (v->decision == SLO_ROLLBACK && (r->result != SLO_RES_FAIL ||
		    r->on_fail != SLO_ON_FAIL_ROLLBACK))
			continue;
		TRY(slo_buf_printf(b, "%s'%s' %s", nb++ ? ", " : ": ",
		    slo_crit_name(r->id),
		    r->result == SLO_RES_FAIL ? "failed" : "inconclusive"));
	}
	if (v->decision == SLO_HOLD) {
		if (v->more_requests > 0)
			TRY(slo_buf_printf(b, "; about %lld more '%s' requests needed "
			    "to decide with %.4g%% power at the observed rates",
			    (long long)v->more_requests, v->cohort, 100 * v->power));
		else if (v->more_requests < 0)
			TRY(slo_buf_printf(b, "; the observed rates sit on a bound: "
			    "more requests may not decide"));
	}
	if (v->decision == SLO_PROMOTE)
		TRY(slo_buf_printf(b, ": every blocking criterion passed"));
	return SLO_OK;
}

/* The conclusion escaped for a format: it quotes the cohort's name. */
static slo_status
put_conclusion_as(slo_buf *b, slo_text_mode mode, const slo_promote_verdict *v)
{
	slo_buf c = { 0 };
	slo_status st;

	if ((st = put_conclusion(&c, v)) == SLO_OK)
		st = slo_buf_text(b, mode, c.data ? c.data : "", c.len);
	slo_buf_release(&c);
	return st;
}

/*
 * The criteria's columns (slo_table.h).  The table folds the reason of a
 * criterion that did not pass into its figures, the last column, which
 * wraps; markdown, csv and tsv keep it in a column of its own.
 */
static const slo_tab_col table_cols[] = {
	{ "criterion", "Criterion", 0 },
	{ "result", "Result", 0 },
	{ "on_fail", "On fail", 0 },
	{ "figures", "Figures", SLO_COL_WRAP },
};
static const slo_tab_col grid_cols[] = {
	{ "criterion", "Criterion", 0 },
	{ "result", "Result", 0 },
	{ "on_fail", "On fail", 0 },
	{ "figures", "Figures", 0 },
	{ "reason", "Reason", 0 },
};

/* Whether r's reason says more than its figures. */
static int
has_reason(const slo_crit_result *r)
{
	return r->reason[0] && r->result != SLO_RES_PASS &&
	    strcmp(r->reason, r->summary) != 0;
}

static slo_status
fill_criteria(const slo_promote_verdict *v, int folded, slo_tab *t, slo_buf *m)
{
	for (size_t i = 0; i < v->ncrit; i++) {
		const slo_crit_result *r = &v->crit[i];

		TRY(slo_tab_cstr(t, slo_crit_name(r->id)));
		TRY(slo_tab_mark(t, slo_outcome_name(r->result),
		    result_color(r->result), r->result == SLO_RES_FAIL));
		TRY(slo_tab_cstr(t, slo_on_fail_name(r->on_fail)));
		if (!folded) {
			TRY(slo_tab_cstr(t, r->summary));
			TRY(slo_tab_cstr(t, has_reason(r) ? r->reason : ""));
			continue;
		}
		slo_buf_reset(m);
		TRY(slo_buf_puts(m, r->summary));
		if (has_reason(r)) {
			TRY(slo_buf_puts(m, "; "));
			TRY(slo_buf_puts(m, r->reason));
		}
		TRY(slo_tab_add(t, m->data ? m->data : "", m->len));
	}
	return SLO_OK;
}

/* The verdict's first line: decision, cohorts, requests, window. */
static slo_status
put_headline(slo_buf *b, slo_text_mode mode, const slo_promote_verdict *v,
    int color)
{
	if (mode == SLO_TEXT_MARKDOWN) {
		TRY(slo_buf_printf(b, "### promote-check: **%s** (",
		    slo_decision_name(v->decision)));
	} else
		TRY(slo_buf_printf(b, "%s%s%-8s%s (", color ? BOLD : "",
		    color ? decision_color(v->decision) : "",
		    v->decision == SLO_PROMOTE ? "PROMOTE" :
		    v->decision == SLO_HOLD ? "HOLD" : "ROLLBACK",
		    color ? RESET : ""));
	TRY(slo_buf_text_cstr(b, mode, v->cohort));
	TRY(slo_buf_puts(b, " vs "));
	TRY(slo_buf_text_cstr(b, mode, v->baseline));
	TRY(slo_buf_printf(b, ")%s%llu and %llu requests, ",
	    mode == SLO_TEXT_MARKDOWN ? "\n\n" : ", ",
	    (unsigned long long)v->requests, (unsigned long long)v->base_requests));
	TRY(put_time(b, v->start));
	TRY(slo_buf_puts(b, " .. "));
	TRY(put_time(b, v->end));
	return slo_buf_puts(b, "\n\n");
}

static slo_status
render_grid_with(const slo_promote_verdict *v, slo_format fmt,
    const slo_render_opts *ro, slo_buf *b, slo_tab *t, slo_buf *m)
{
	int human = fmt == SLO_FMT_TABLE || fmt == SLO_FMT_MARKDOWN;
	slo_text_mode mode = fmt == SLO_FMT_MARKDOWN ? SLO_TEXT_MARKDOWN :
	    SLO_TEXT_PLAIN;

	if (human)
		TRY(put_headline(b, mode, v, fmt == SLO_FMT_TABLE && ro->color));
	TRY(fill_criteria(v, fmt == SLO_FMT_TABLE, t, m));
	TRY(slo_tab_write(t, fmt, ro, b));
	if (!human)
		return SLO_OK;
	TRY(slo_buf_putc(b, '\n'));
	TRY(put_conclusion_as(b, mode, v));
	return slo_buf_putc(b, '\n');
}

static slo_status
render_grid(const slo_promote_verdict *v, slo_format fmt,
    const slo_render_opts *ro, slo_buf *b)
{
	int folded = fmt == SLO_FMT_TABLE;
	slo_tab t = { .cols = folded ? table_cols : grid_cols,
	    .ncol = folded ? sizeof table_cols / sizeof table_cols[0] :
	    sizeof grid_cols / sizeof grid_cols[0] };
	slo_buf m = { 0 };
	slo_status st = render_grid_with(v, fmt, ro, b, &t, &m);

	slo_tab_release(&t);
	slo_buf_release(&m);
	return st;
}

static slo_status
json_key(slo_buf *b, const char *k)
{
	TRY(slo_buf_json_str(b, k, strlen(k)));
	TRY(slo_buf_putc(b, ':'));
	return SLO_OK;
}

static slo_status
render_ndjson(const slo_promote_verdict *v, slo_buf *b)
{
	size_t i, j;

	TRY(slo_buf_puts(b, "{"));
	TRY(json_key(b, "verdict"));
	TRY(slo_buf_json_cstr(b, slo_decision_name(v->decision)));
	TRY(slo_buf_printf(b, ",\"exit\":%d,", v->exit_code));
	TRY(json_key(b, "cohort"));
	TRY(slo_buf_json_cstr(b, v->cohort));
	TRY(slo_buf_putc(b, ','));
	TRY(json_key(b, "baseline"));
	TRY(slo_buf_json_cstr(b, v->baseline));
	TRY(slo_buf_puts(b, ",\"start\":"));
	TRY(slo_buf_json_time(b, v->start));
	TRY(slo_buf_puts(b, ",\"end\":"));
	TRY(slo_buf_json_time(b, v->end));
	TRY(slo_buf_printf(b, ",\"requests\":%llu,\"baseline_requests\":%llu,"
	    "\"other_requests\":%llu,\"more_requests\":",
	    (unsigned long long)v->requests, (unsigned long long)v->base_requests,
	    (unsigned long long)v->other_requests));
	if (v->more_requests < 0)
		TRY(slo_buf_puts(b, "null"));
	else
		TRY(slo_buf_printf(b, "%lld", (long long)v->more_requests));
	TRY(slo_buf_puts(b, ",\"power\":"));
	TRY(slo_buf_json_num(b, v->power));
	TRY(slo_buf_puts(b, ",\"cohorts_seen\":["));
	for (i = 0; i < v->ncohorts_seen; i++) {
		if (i)
			TRY(slo_buf_putc(b, ','));
		TRY(slo_buf_json_cstr(b, v->cohorts_seen[i]));
	}
	TRY(slo_buf_printf(b, "],\"cohorts_unlisted_requests\":%llu",
	    (unsigned long long)v->cohorts_unlisted));
	TRY(slo_buf_puts(b, ",\"criteria\":["));
	for (i = 0; i < v->ncrit; i++) {
		const slo_crit_result *r = &v->crit[i];

		TRY(slo_buf_puts(b, i ? ",{" : "{"));
		TRY(json_key(b, "name"));
		TRY(slo_buf_json_cstr(b, slo_crit_name(r->id)));
		TRY(slo_buf_putc(b, ','));
		TRY(json_key(b, "result"));
		TRY(slo_buf_json_cstr(b, slo_outcome_name(r->result)));
		TRY(slo_buf_putc(b, ','));
		TRY(json_key(b, "on_fail"));
		TRY(slo_buf_json_cstr(b, slo_on_fail_name(r->on_fail)));
		TRY(slo_buf_printf(b, ",\"required\":%s,\"blocking\":%s,",
		    r->required ? "true" : "false", r->blocking ? "true" : "false"));
		TRY(json_key(b, "summary"));
		TRY(slo_buf_json_cstr(b, r->summary));
		if (r->reason[0]) {
			TRY(slo_buf_putc(b, ','));
			TRY(json_key(b, "reason"));
			TRY(slo_buf_json_cstr(b, r->reason));
		}
		if (r->result == SLO_RES_INCONCLUSIVE) {
			TRY(slo_buf_puts(b, ",\"more_requests\":"));
			if (r->more_requests < 0)
				TRY(slo_buf_puts(b, "null"));
			else
				TRY(slo_buf_printf(b, "%lld", (long long)r->more_requests));
		}
		TRY(slo_buf_puts(b, ",\"figures\":{"));
		for (j = 0; j < r->nfig; j++) {
			if (j)
				TRY(slo_buf_putc(b, ','));
			TRY(json_key(b, r->fig[j].name));
			if (r->fig[j].str)
				TRY(slo_buf_json_cstr(b, r->fig[j].str));
			else
				TRY(slo_buf_json_num(b, r->fig[j].num));
		}
		TRY(slo_buf_puts(b, "}}"));
	}
	TRY(slo_buf_puts(b, "]}\n"));
	return SLO_OK;
}

static slo_status
render_junit_with(const slo_promote_verdict *v, slo_buf *concl, slo_buf *tmp,
    slo_buf *b)
{
	static const char *const names[] = { "verdict", "baseline" };
	const char *values[2];
	size_t i, nfail = 0, nskip = 0;

	for (i = 0; i < v->ncrit; i++) {
		nfail += v->crit[i].result == SLO_RES_FAIL;
		nskip += v->crit[i].result == SLO_RES_INCONCLUSIVE ||
		    v->crit[i].result == SLO_RES_SKIPPED;
	}
	TRY(put_conclusion(concl, v));
	TRY(slo_buf_puts(tmp, "promote-check "));
	TRY(slo_buf_puts(tmp, v->cohort));
	TRY(slo_buf_putc(tmp, '\0'));
	TRY(slo_junit_open(b, "promote-check", tmp->data, v->ncrit, nfail, nskip));
	values[0] = slo_decision_name(v->decision);
	values[1] = v->baseline;
	TRY(slo_junit_properties(b, names, values, 2));
	slo_buf_reset(tmp);
	TRY(slo_buf_puts(tmp, "promote-check."));
	TRY(slo_buf_puts(tmp, v->cohort));
	TRY(slo_buf_putc(tmp, '\0'));
	for (i = 0; i < v->ncrit; i++) {
		const slo_crit_result *r = &v->crit[i];
		slo_junit_case c = { .classname = tmp->data,
		    .name = slo_crit_name(r->id), .out = r->summary,
		    .out_len = strlen(r->summary) };
		char msg[sizeof r->reason + 32];

		if (r->result == SLO_RES_FAIL) {
			c.outcome = SLO_JUNIT_FAIL;
			c.type = slo_on_fail_name(r->on_fail);
			c.message = r->reason;
			c.message_len = strlen(r->reason);
			c.body = r->summary;
		} else if (r->result != SLO_RES_PASS) {
			int k = slo_snprintf(msg, sizeof msg, "%s: %s",
			    slo_outcome_name(r->result), r->reason);

			c.outcome = SLO_JUNIT_SKIPPED;
			c.message = msg;
			c.message_len = k < 0 ? 0 : (size_t)k < sizeof msg ?
			    (size_t)k : sizeof msg - 1;
		}
		TRY(slo_junit_case_write(b, &c));
	}
	return slo_junit_close(b, concl->data ? concl->data : "");
}

static slo_status
render_junit(const slo_promote_verdict *v, slo_buf *b)
{
	slo_buf concl = { 0 }, tmp = { 0 };
	slo_status st = render_junit_with(v, &concl, &tmp, b);

	slo_buf_release(&concl);
	slo_buf_release(&tmp);
	return st;
}

slo_status
slo_promote_verdict_render_opts(const slo_promote_verdict *v, slo_format fmt,
    const slo_render_opts *ro, slo_buf *out)
{
	switch (fmt) {
	case SLO_FMT_TABLE:
	case SLO_FMT_MARKDOWN:
	case SLO_FMT_CSV:
	case SLO_FMT_TSV:
		return render_grid(v, fmt, ro, out);
	case SLO_FMT_NDJSON: return render_ndjson(v, out);
	case SLO_FMT_JUNIT: return render_junit(v, out);
	default: return SLO_EINVAL;
	}
}

slo_status
slo_promote_verdict_render(const slo_promote_verdict *v, slo_format fmt,
    int color, slo_buf *out)
{
	slo_render_opts ro = { color, 80 };

	return slo_promote_verdict_render_opts(v, fmt, &ro, out);
}
