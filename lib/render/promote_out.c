/*
 * promote_out.c — promote-check verdicts as a table, one NDJSON object,
 * JUnit XML or Markdown.  Built in a slo_buf; the caller writes it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "slo.h"
#include "slo_promote.h"

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

static void
put_time(slo_buf *b, slo_ns t)
{
	char tb[SLO_TIME_BUFSZ];

	if (t == SLO_NS_NONE)
		slo_buf_puts(b, "-");
	else {
		slo_time_format(t, tb);
		slo_buf_puts(b, tb);
	}
}

/* The sentence closing every human format, raw: see put_conclusion_as. */
static void
put_conclusion(slo_buf *b, const slo_promote_verdict *v)
{
	size_t i, nb = 0;

	slo_buf_printf(b, "%s", slo_decision_name(v->decision));
	for (i = 0; i < v->ncrit; i++) {
		const slo_crit_result *r = &v->crit[i];

		if (!r->blocking)
			continue;
		if (v->decision == SLO_ROLLBACK && (r->result != SLO_RES_FAIL ||
		    r->on_fail != SLO_ON_FAIL_ROLLBACK))
			continue;
		slo_buf_printf(b, "%s'%s' %s", nb++ ? ", " : ": ",
		    slo_crit_name(r->id),
		    r->result == SLO_RES_FAIL ? "failed" : "inconclusive");
	}
	if (v->decision == SLO_HOLD) {
		if (v->more_requests > 0)
			slo_buf_printf(b, "; about %lld more '%s' requests needed "
			    "to decide with %.4g%% power at the observed rates",
			    (long long)v->more_requests, v->cohort, 100 * v->power);
		else if (v->more_requests < 0)
			slo_buf_printf(b, "; the observed rates sit on a bound: "
			    "more requests may not decide");
	}
	if (v->decision == SLO_PROMOTE)
		slo_buf_printf(b, ": every blocking criterion passed");
}

/* Text from the input or built from it, shown on a terminal. */
static void
tty_text(slo_buf *b, const char *s)
{
	slo_buf_text_cstr(b, SLO_TEXT_PLAIN, s);
}

/* The conclusion escaped for a format: it quotes the cohort's name. */
static void
put_conclusion_as(slo_buf *b, slo_text_mode mode, const slo_promote_verdict *v)
{
	slo_buf c = { 0 };

	put_conclusion(&c, v);
	slo_buf_text(b, mode, c.data ? c.data : "", c.len);
	slo_buf_release(&c);
}

static void
render_table(const slo_promote_verdict *v, int color, slo_buf *b)
{
	size_t i;

	slo_buf_printf(b, "%s%s%-8s%s '", color ? BOLD : "",
	    color ? decision_color(v->decision) : "",
	    v->decision == SLO_PROMOTE ? "PROMOTE" : v->decision == SLO_HOLD ?
	    "HOLD" : "ROLLBACK", color ? RESET : "");
	tty_text(b, v->cohort);
	slo_buf_puts(b, "' vs '");
	tty_text(b, v->baseline);
	slo_buf_puts(b, "', ");
	slo_buf_printf(b, "%llu and %llu requests, ",
	    (unsigned long long)v->requests, (unsigned long long)v->base_requests);
	put_time(b, v->start);
	slo_buf_puts(b, " .. ");
	put_time(b, v->end);
	slo_buf_puts(b, "\n\n");
	slo_buf_printf(b, "%-16s %-12s %-8s %s\n", "CRITERION", "RESULT",
	    "ON_FAIL", "FIGURES");
	for (i = 0; i < v->ncrit; i++) {
		const slo_crit_result *r = &v->crit[i];

		slo_buf_printf(b, "%-16s %s%-12s%s %-8s ", slo_crit_name(r->id),
		    color ? result_color(r->result) : "", slo_outcome_name(r->result),
		    color ? RESET : "", slo_on_fail_name(r->on_fail));
		tty_text(b, r->summary);
		if (r->reason[0] && r->result != SLO_RES_PASS &&
		    strcmp(r->reason, r->summary) != 0) {
			slo_buf_printf(b, "\n%-16s %-12s %-8s %s", "", "", "",
			    color ? DIM : "");
			tty_text(b, r->reason);
			slo_buf_puts(b, color ? RESET : "");
		}
		slo_buf_putc(b, '\n');
	}
	slo_buf_putc(b, '\n');
	put_conclusion_as(b, SLO_TEXT_PLAIN, v);
	slo_buf_putc(b, '\n');
}

static void
json_key(slo_buf *b, const char *k)
{
	slo_buf_json_str(b, k, strlen(k));
	slo_buf_putc(b, ':');
}

static void
render_ndjson(const slo_promote_verdict *v, slo_buf *b)
{
	size_t i, j;

	slo_buf_puts(b, "{");
	json_key(b, "verdict");
	slo_buf_json_cstr(b, slo_decision_name(v->decision));
	slo_buf_printf(b, ",\"exit\":%d,", v->exit_code);
	json_key(b, "cohort");
	slo_buf_json_cstr(b, v->cohort);
	slo_buf_putc(b, ',');
	json_key(b, "baseline");
	slo_buf_json_cstr(b, v->baseline);
	slo_buf_puts(b, ",\"start\":");
	slo_buf_json_time(b, v->start);
	slo_buf_puts(b, ",\"end\":");
	slo_buf_json_time(b, v->end);
	slo_buf_printf(b, ",\"requests\":%llu,\"baseline_requests\":%llu,"
	    "\"other_requests\":%llu,\"more_requests\":",
	    (unsigned long long)v->requests, (unsigned long long)v->base_requests,
	    (unsigned long long)v->other_requests);
	if (v->more_requests < 0)
		slo_buf_puts(b, "null");
	else
		slo_buf_printf(b, "%lld", (long long)v->more_requests);
	slo_buf_puts(b, ",\"power\":");
	slo_buf_json_num(b, v->power);
	slo_buf_puts(b, ",\"cohorts_seen\":[");
	for (i = 0; i < v->ncohorts_seen; i++) {
		if (i)
			slo_buf_putc(b, ',');
		slo_buf_json_cstr(b, v->cohorts_seen[i]);
	}
	slo_buf_printf(b, "],\"cohorts_unlisted_requests\":%llu",
	    (unsigned long long)v->cohorts_unlisted);
	slo_buf_puts(b, ",\"criteria\":[");
	for (i = 0; i < v->ncrit; i++) {
		const slo_crit_result *r = &v->crit[i];

		slo_buf_puts(b, i ? ",{" : "{");
		json_key(b, "name");
		slo_buf_json_cstr(b, slo_crit_name(r->id));
		slo_buf_putc(b, ',');
		json_key(b, "result");
		slo_buf_json_cstr(b, slo_outcome_name(r->result));
		slo_buf_putc(b, ',');
		json_key(b, "on_fail");
		slo_buf_json_cstr(b, slo_on_fail_name(r->on_fail));
		slo_buf_printf(b, ",\"required\":%s,\"blocking\":%s,",
		    r->required ? "true" : "false", r->blocking ? "true" : "false");
		json_key(b, "summary");
		slo_buf_json_cstr(b, r->summary);
		if (r->reason[0]) {
			slo_buf_putc(b, ',');
			json_key(b, "reason");
			slo_buf_json_cstr(b, r->reason);
		}
		if (r->result == SLO_RES_INCONCLUSIVE) {
			slo_buf_puts(b, ",\"more_requests\":");
			if (r->more_requests < 0)
				slo_buf_puts(b, "null");
			else
				slo_buf_printf(b, "%lld", (long long)r->more_requests);
		}
		slo_buf_puts(b, ",\"figures\":{");
		for (j = 0; j < r->nfig; j++) {
			if (j)
				slo_buf_putc(b, ',');
			json_key(b, r->fig[j].name);
			if (r->fig[j].str)
				slo_buf_json_cstr(b, r->fig[j].str);
			else
				slo_buf_json_num(b, r->fig[j].num);
		}
		slo_buf_puts(b, "}}");
	}
	slo_buf_puts(b, "]}\n");
}

/* XML text or attribute: entities, and no control byte XML 1.0 forbids. */
static void
xml_text(slo_buf *b, const char *s)
{
	slo_buf_text_cstr(b, SLO_TEXT_HTML, s);
}

static void
render_junit(const slo_promote_verdict *v, slo_buf *b)
{
	size_t i, nfail = 0, nskip = 0;
	slo_buf concl = { 0 };

	for (i = 0; i < v->ncrit; i++) {
		nfail += v->crit[i].result == SLO_RES_FAIL;
		nskip += v->crit[i].result == SLO_RES_INCONCLUSIVE ||
		    v->crit[i].result == SLO_RES_SKIPPED;
	}
	put_conclusion(&concl, v);
	slo_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	/* junit-10.xsd: 'skipped' is an attribute of testsuite only. */
	slo_buf_printf(b, "<testsuites name=\"promote-check\" tests=\"%zu\" "
	    "failures=\"%zu\" errors=\"0\">\n", v->ncrit, nfail);
	slo_buf_puts(b, "  <testsuite name=\"promote-check ");
	xml_text(b, v->cohort);
	slo_buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
	    "skipped=\"%zu\">\n", v->ncrit, nfail, nskip);
	slo_buf_puts(b, "    <properties>\n      <property name=\"verdict\" value=\"");
	slo_buf_puts(b, slo_decision_name(v->decision));
	slo_buf_puts(b, "\"/>\n      <property name=\"baseline\" value=\"");
	xml_text(b, v->baseline);
	slo_buf_puts(b, "\"/>\n    </properties>\n");
	for (i = 0; i < v->ncrit; i++) {
		const slo_crit_result *r = &v->crit[i];

		slo_buf_puts(b, "    <testcase classname=\"promote-check.");
		xml_text(b, v->cohort);
		slo_buf_printf(b, "\" name=\"%s\"", slo_crit_name(r->id));
		if (r->result == SLO_RES_PASS) {
			slo_buf_puts(b, ">\n      <system-out>");
			xml_text(b, r->summary);
			slo_buf_puts(b, "</system-out>\n    </testcase>\n");
			continue;
		}
		slo_buf_puts(b, ">\n");
		if (r->result == SLO_RES_FAIL) {
			slo_buf_printf(b, "      <failure type=\"%s\" message=\"",
			    slo_on_fail_name(r->on_fail));
			xml_text(b, r->reason);
			slo_buf_puts(b, "\">");
			xml_text(b, r->summary);
			slo_buf_puts(b, "</failure>\n");
		} else {
			slo_buf_printf(b, "      <skipped message=\"%s: ",
			    slo_outcome_name(r->result));
			xml_text(b, r->reason);
			slo_buf_puts(b, "\"/>\n");
		}
		slo_buf_puts(b, "      <system-out>");
		xml_text(b, r->summary);
		slo_buf_puts(b, "</system-out>\n    </testcase>\n");
	}
	slo_buf_puts(b, "    <system-out>");
	xml_text(b, concl.data ? concl.data : "");
	slo_buf_puts(b, "</system-out>\n  </testsuite>\n</testsuites>\n");
	slo_buf_release(&concl);
}

static void
md_cell(slo_buf *b, const char *s)
{
	slo_buf_text_cstr(b, SLO_TEXT_MARKDOWN, s);
}

static void
render_markdown(const slo_promote_verdict *v, slo_buf *b)
{
	size_t i;

	slo_buf_printf(b, "### promote-check: **%s** (", slo_decision_name(v->decision));
	md_cell(b, v->cohort);
	slo_buf_puts(b, " vs ");
	md_cell(b, v->baseline);
	slo_buf_printf(b, ")\n\n%llu and %llu requests, ",
	    (unsigned long long)v->requests, (unsigned long long)v->base_requests);
	put_time(b, v->start);
	slo_buf_puts(b, " .. ");
	put_time(b, v->end);
	slo_buf_puts(b, "\n\n| criterion | result | on fail | figures | reason |\n"
	    "|---|---|---|---|---|\n");
	for (i = 0; i < v->ncrit; i++) {
		const slo_crit_result *r = &v->crit[i];

		slo_buf_printf(b, "| `%s` | %s%s%s | %s | ", slo_crit_name(r->id),
		    r->result == SLO_RES_FAIL ? "**" : "",
		    slo_outcome_name(r->result),
		    r->result == SLO_RES_FAIL ? "**" : "",
		    slo_on_fail_name(r->on_fail));
		md_cell(b, r->summary);
		slo_buf_puts(b, " | ");
		md_cell(b, r->result == SLO_RES_PASS ? "" : r->reason);
		slo_buf_puts(b, " |\n");
	}
	slo_buf_puts(b, "\n");
	put_conclusion_as(b, SLO_TEXT_MARKDOWN, v);
	slo_buf_puts(b, "\n");
}

slo_status
slo_promote_render(const slo_promote_verdict *v, int format, int color,
    slo_buf *out)
{
	size_t before = out->len;

	switch (format) {
	case SLO_FMT_TABLE: render_table(v, color, out); break;
	case SLO_FMT_NDJSON: render_ndjson(v, out); break;
	case SLO_FMT_JUNIT: render_junit(v, out); break;
	case SLO_FMT_MARKDOWN: render_markdown(v, out); break;
	default: return SLO_EINVAL;
	}
	/* appends report ENOMEM by leaving the buffer short; check once */
	if (out->len == before || out->data == NULL)
		return SLO_ENOMEM;
	return SLO_OK;
}
