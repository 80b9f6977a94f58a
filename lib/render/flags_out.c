/*
 * flags_out.c — flag-audit's findings and per-flag summaries as NDJSON, a
 * table, Markdown or JUnit XML, built in a slo_buf (the caller writes
 * it).  Every append is checked: out of memory midway is SLO_ENOMEM.
 * Text from the input goes through the one escaper, slo_buf_text(), in
 * the mode of the format, and into JSON through slo_buf_json_str().
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flags_int.h"
#include "slo_num.h"
#include "slo_junit.h"
#include "slo_table.h"

#define TRY(x) do { if ((x) != SLO_OK) return SLO_ENOMEM; } while (0)

/* ---- output ----------------------------------------------------------- */

static slo_status
put_dur(slo_buf *b, slo_ns d)
{
	char db[SLO_DURATION_BUFSZ];

	slo_duration_format(d, db);
	return slo_buf_puts(b, db);
}

static const char *
plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static slo_status message_body(const slo_flag_finding *f, slo_buf *b);

slo_status
slo_flag_finding_message(const slo_flag_finding *f, slo_buf *b)
{
	TRY(message_body(f, b));
	if (f->estimated)
		return slo_buf_printf(b, " (subject counts estimated, standard "
		    "error %.2g%%)", 100 * SLO_HLL_STDERR);
	return SLO_OK;
}

static slo_status
message_body(const slo_flag_finding *f, slo_buf *b)
{
	const char *k = f->flag;
	const char *about = f->estimated ? "about " : "";

	switch (f->check) {
	case SLO_FCHECK_LEAK:
		TRY(slo_buf_printf(b, "alpha variant of '%s' served outside its "
		    "allowed segments and subjects: %s%llu %s, %llu of %llu alpha "
		    "%s", k, about, (unsigned long long)f->subjects,
		    plural(f->subjects, "subject", "subjects"),
		    (unsigned long long)f->evaluations,
		    (unsigned long long)f->total_evaluations,
		    plural(f->total_evaluations, "evaluation", "evaluations")));
		if (f->unknown_segment > 0)
			TRY(slo_buf_printf(b, " (%llu without a segment)",
			    (unsigned long long)f->unknown_segment));
		return SLO_OK;
	case SLO_FCHECK_OVEREXPOSED:
		return slo_buf_printf(b, "alpha variant of '%s' reached %s%llu of "
		    "%llu subjects (%.4g%%), above max_exposure %.4g%%", k, about,
		    (unsigned long long)f->subjects,
		    (unsigned long long)f->total_subjects, 100 * f->share,
		    100 * f->limit);
	case SLO_FCHECK_UNKNOWN:
		if (f->def != NULL)
			return slo_buf_printf(b, "'%s' is registered but %llu "
			    "%s ended in flag_not_found: the provider lacks it",
			    k, (unsigned long long)f->not_found,
			    plural(f->not_found, "evaluation", "evaluations"));
		if (f->overflow)
			return slo_buf_printf(b, "%s%llu more unregistered "
			    "%s past the --max-groups bound, folded into one "
			    "entry: %llu %s, %s%llu %s", about,
			    (unsigned long long)f->folded_flags,
			    plural(f->folded_flags, "flag", "flags"),
			    (unsigned long long)f->evaluations,
			    plural(f->evaluations, "evaluation", "evaluations"),
			    about, (unsigned long long)f->subjects,
			    plural(f->subjects, "subject", "subjects"));
		TRY(slo_buf_printf(b, "'%s' is not in the registry: %llu "
		    "%s, %s%llu %s", k, (unsigned long long)f->evaluations,
		    plural(f->evaluations, "evaluation", "evaluations"), about,
		    (unsigned long long)f->subjects,
		    plural(f->subjects, "subject", "subjects")));
		if (f->not_found > 0)
			TRY(slo_buf_printf(b, " (%llu ended in flag_not_found)",
			    (unsigned long long)f->not_found));
		return SLO_OK;
	case SLO_FCHECK_EVALUATION_ERRORS:
		return slo_buf_printf(b, "%llu of %llu evaluations of '%s' ended "
		    "in an error (%.4g%%), above %.4g%%",
		    (unsigned long long)f->evaluations,
		    (unsigned long long)f->total_evaluations, k,
		    100 * f->share, 100 * f->limit);
	case SLO_FCHECK_STALE:
		TRY(slo_buf_printf(b, "'%s' (%s) is stale: ", k,
		    f->def ? slo_flag_type_name(f->def->type) : "?"));
		if (f->lifetime > 0) {
			TRY(slo_buf_puts(b, "past its lifetime of "));
			TRY(put_dur(b, f->lifetime));
			TRY(slo_buf_puts(b, " since "));
		} else
			TRY(slo_buf_puts(b, "expired "));
		{
			char tb[SLO_TIME_BUFSZ];
			slo_time_format(f->deadline, tb);
			return slo_buf_puts(b, tb);
		}
	case SLO_FCHECK_NO_OWNER:
		return slo_buf_printf(b, "'%s' has no owner", k);
	case SLO_FCHECK_FULLY_ROLLED_OUT: {
		char tb[SLO_TIME_BUFSZ];
		slo_time_format(f->since, tb);
		return slo_buf_printf(b, "every evaluation of '%s' since %s "
		    "served '%s': ready for code removal", k, tb, f->variant);
	}
	case SLO_FCHECK_NEVER_EVALUATED:
		return slo_buf_printf(b, "'%s' is registered but was never "
		    "evaluated in the input", k);
	default:
		return SLO_EINVAL;
	}
}

static slo_status
put_u64(slo_buf *b, const char *key, uint64_t v)
{
	return slo_buf_printf(b, "\"%s\":%llu,", key, (unsigned long long)v);
}

static slo_status
put_num(slo_buf *b, const char *key, double v)
{
	TRY(slo_buf_printf(b, "\"%s\":", key));
	TRY(slo_buf_json_num(b, v));
	return slo_buf_putc(b, ',');
}

static slo_status
put_tkey(slo_buf *b, const char *key, slo_ns t)
{
	TRY(slo_buf_printf(b, "\"%s\":", key));
	TRY(slo_buf_json_time(b, t));
	return slo_buf_putc(b, ',');
}

/*
 * "estimated", and for an estimate the relative standard error of its
 * subject counts (slo_hll.h: 1.04 / sqrt(2^14)), so a reader can bound it.
 */
static slo_status
put_estimated(slo_buf *b, const slo_flag_finding *f)
{
	if (!f->estimated)
		return slo_buf_puts(b, "\"estimated\":false,");
	TRY(slo_buf_puts(b, "\"estimated\":true,"));
	return put_num(b, "subjects_stderr", SLO_HLL_STDERR);
}

static slo_status
put_figures(const slo_flag_finding *f, slo_buf *b)
{
	const slo_flag_def *d = f->def;
	size_t mark = b->len;

	switch (f->check) {
	case SLO_FCHECK_LEAK:
		TRY(put_u64(b, "evaluations", f->evaluations));
		TRY(put_u64(b, "subjects", f->subjects));
		TRY(put_u64(b, "alpha_evaluations", f->total_evaluations));
		TRY(put_u64(b, "alpha_subjects", f->total_subjects));
		TRY(put_u64(b, "unknown_segment", f->unknown_segment));
		TRY(put_estimated(b, f));
		break;
	case SLO_FCHECK_OVEREXPOSED:
		TRY(put_u64(b, "alpha_subjects", f->subjects));
		TRY(put_u64(b, "subjects", f->total_subjects));
		TRY(put_num(b, "exposure", f->share));
		TRY(put_num(b, "max_exposure", f->limit));
		TRY(put_u64(b, "alpha_evaluations", f->evaluations));
		TRY(put_estimated(b, f));
		break;
	case SLO_FCHECK_UNKNOWN:
		TRY(slo_buf_printf(b, "\"registered\":%s,",
		    d ? "true" : "false"));
		if (f->overflow) {
			TRY(slo_buf_puts(b, "\"overflow\":true,"));
			TRY(put_u64(b, "flags", f->folded_flags));
		}
		TRY(put_u64(b, "evaluations", f->total_evaluations));
		TRY(put_u64(b, "subjects", f->total_subjects));
		TRY(put_u64(b, "not_found", f->not_found));
		TRY(put_estimated(b, f));
		break;
	case SLO_FCHECK_EVALUATION_ERRORS:
		TRY(put_u64(b, "errors", f->evaluations));
		TRY(put_u64(b, "evaluations", f->total_evaluations));
		TRY(put_num(b, "error_rate", f->share));
		TRY(put_num(b, "max_error_rate", f->limit));
		break;
	case SLO_FCHECK_STALE:
		TRY(put_tkey(b, "created", d->created));
		TRY(put_tkey(b, "expires", d->expires));
		TRY(put_tkey(b, "deadline", f->deadline));
		if (f->lifetime > 0)
			TRY(put_u64(b, "lifetime_days",
			    (uint64_t)(f->lifetime / SLO_NS_PER_DAY)));
		break;
	case SLO_FCHECK_FULLY_ROLLED_OUT:
		TRY(slo_buf_puts(b, "\"variant\":"));
		TRY(slo_buf_json_cstr(b, f->variant));
		TRY(slo_buf_putc(b, ','));
		TRY(put_u64(b, "variant_evaluations", f->evaluations));
		TRY(put_u64(b, "evaluations", f->total_evaluations));
		TRY(put_tkey(b, "since", f->since));
		break;
	default:
		break;
	}
	if (b->len > mark)
		b->len--; /* the last comma */
	return SLO_OK;
}

static slo_status
put_examples(const slo_flag_finding *f, slo_buf *b)
{
	size_t i;

	TRY(slo_buf_putc(b, '['));
	for (i = 0; i < f->nexamples; i++) {
		if (i > 0)
			TRY(slo_buf_putc(b, ','));
		TRY(slo_buf_json_cstr(b, f->examples[i]));
	}
	return slo_buf_putc(b, ']');
}

slo_status
slo_flag_finding_encode(const slo_flag_finding *f, slo_buf *b)
{
	TRY(slo_buf_puts(b, "{\"check\":"));
	TRY(slo_buf_json_cstr(b, slo_flag_check_name(f->check)));
	TRY(slo_buf_puts(b, ",\"severity\":"));
	TRY(slo_buf_json_cstr(b, slo_level_name(f->severity)));
	TRY(slo_buf_puts(b, ",\"flag\":"));
	TRY(slo_buf_json_cstr(b, f->flag));
	TRY(slo_buf_puts(b, ",\"owner\":"));
	TRY(slo_buf_json_cstr(b, f->def && f->def->owner && *f->def->owner ?
	    f->def->owner : NULL));
	TRY(slo_buf_puts(b, ",\"figures\":{"));
	TRY(put_figures(f, b));
	TRY(slo_buf_puts(b, "},\"examples\":"));
	TRY(put_examples(f, b));
	TRY(slo_buf_puts(b, ",\"message\":"));
	{
		slo_buf m = {0};
		slo_status st = slo_flag_finding_message(f, &m);
		if (st == SLO_OK)
			st = slo_buf_json_str(b, m.data, m.len);
		slo_buf_release(&m);
		TRY(st);
	}
	return slo_buf_puts(b, "}\n");
}

/* ---- summary ---------------------------------------------------------- */

static slo_status
summary_json(const slo_flag_audit *a, const struct fstate *s, slo_buf *b)
{
	const slo_flag_def *d = s->def;
	size_t i;

	TRY(slo_buf_puts(b, "{\"summary\":\"flag\",\"flag\":"));
	TRY(slo_buf_json_cstr(b, s->key));
	TRY(slo_buf_printf(b, ",\"registered\":%s,\"type\":",
	    d ? "true" : "false"));
	TRY(slo_buf_json_cstr(b, d ? slo_flag_type_name(d->type) : NULL));
	TRY(slo_buf_puts(b, ",\"stage\":"));
	TRY(slo_buf_json_cstr(b, d ? d->stage : NULL));
	TRY(slo_buf_puts(b, ",\"owner\":"));
	TRY(slo_buf_json_cstr(b, d && d->owner && *d->owner ? d->owner : NULL));
	TRY(slo_buf_puts(b, ",\"age_days\":"));
	if (d && d->created != SLO_NS_NONE && a->at != SLO_NS_NONE)
		TRY(slo_buf_json_num(b, (double)((a->at - d->created) /
		    SLO_NS_PER_DAY)));
	else
		TRY(slo_buf_puts(b, "null"));
	TRY(slo_buf_printf(b, ",\"evaluations\":%llu,\"subjects\":%llu,"
	    "\"subjects_estimated\":%s,\"errors\":%llu,\"not_found\":%llu,"
	    "\"variants\":[", (unsigned long long)s->evals,
	    (unsigned long long)slo_flag_distinct(s->subjects, s->evals),
	    slo_hll_exact(s->subjects) ? "false" : "true",
	    (unsigned long long)s->errors, (unsigned long long)s->not_found));
	for (i = 0; i < s->nvar; i++) {
		TRY(slo_buf_puts(b, i ? ",{\"variant\":" : "{\"variant\":"));
		TRY(slo_buf_json_cstr(b, s->var[i].name));
		TRY(slo_buf_printf(b, ",\"evaluations\":%llu,\"share\":",
		    (unsigned long long)s->var[i].n));
		TRY(slo_buf_json_num(b, (double)s->var[i].n / (double)s->evals));
		TRY(slo_buf_putc(b, '}'));
	}
	if (s->other_n > 0) {
		TRY(slo_buf_printf(b, "%s{\"variant\":null,\"evaluations\":%llu,"
		    "\"share\":", s->nvar ? "," : "",
		    (unsigned long long)s->other_n));
		TRY(slo_buf_json_num(b, (double)s->other_n / (double)s->evals));
		TRY(slo_buf_putc(b, '}'));
	}
	return slo_buf_puts(b, "]}\n");
}

static int
cmp_fstate_key(const void *x, const void *y)
{
	return strcmp((*(const struct fstate *const *)x)->key,
	    (*(const struct fstate *const *)y)->key);
}

/* Registered flags in registry order, then unregistered ones by key. */
static size_t
summary_order(const slo_flag_audit *a, const struct fstate ***out)
{
	const struct fstate **o;
	size_t i, n = a->nst, nreg = slo_flag_registry_count(a->reg);

	if ((o = malloc((a->nst + 1) * sizeof *o)) == NULL)
		return SIZE_MAX;
	for (i = 0; i < a->nst; i++)
		o[i] = &a->st[i];
	if (a->nst > nreg)
		qsort(o + nreg, a->nst - nreg, sizeof *o, cmp_fstate_key);
	if (a->more.evals > 0)
		o[n++] = &a->more;
	*out = o;
	return n;
}

static slo_status
variants_text(const struct fstate *s, slo_buf *b)
{
	size_t i;

	for (i = 0; i < s->nvar && i < 8; i++)
		TRY(slo_buf_printf(b, "%s%s %.3g%%", i ? ", " : "",
		    s->var[i].name, 100.0 * (double)s->var[i].n /
		    (double)s->evals));
	if (s->nvar > 8 || s->other_n > 0)
		TRY(slo_buf_puts(b, ", ..."));
	return SLO_OK;
}

/* ---- table, markdown, junit ------------------------------------------- */

static const char *const sev_color[] = {
	"\033[2m", "\033[33m", "\033[31m", "\033[1;31m"
};

/* The findings' and the per-flag summary's columns (slo_table.h). */
static const slo_tab_col finding_cols[] = {
	{ "severity", "Severity", 0 },
	{ "check", "Check", 0 },
	{ "flag", "Flag", SLO_COL_SHRINK },
	{ "detail", "Detail", SLO_COL_WRAP },
};
static const slo_tab_col summary_cols[] = {
	{ "flag", "Flag", SLO_COL_SHRINK },
	{ "type", "Type", 0 },
	{ "stage", "Stage", 0 },
	{ "age_days", "Age", SLO_COL_RIGHT },
	{ "evaluations", "Evaluations", SLO_COL_RIGHT },
	{ "subjects", "Subjects", SLO_COL_RIGHT },
	{ "variants", "Variants", SLO_COL_WRAP },
};

static slo_status
fill_findings(const slo_flag_audit *a, slo_level fail_on, slo_tab *t,
    slo_buf *m)
{
	for (size_t i = 0; i < a->nf; i++) {
		const slo_flag_finding *f = &a->f[i];

		slo_buf_reset(m);
		TRY(slo_flag_finding_message(f, m));
		TRY(slo_tab_mark(t, slo_level_name(f->severity),
		    sev_color[f->severity], f->severity >= fail_on));
		TRY(slo_tab_cstr(t, slo_flag_check_name(f->check)));
		TRY(slo_tab_cstr(t, f->flag));
		TRY(slo_tab_add(t, m->data ? m->data : "", m->len));
	}
	return SLO_OK;
}

static slo_status
fill_summary(const slo_flag_audit *a, const struct fstate *const *o, size_t n,
    slo_tab *t, slo_buf *m)
{
	for (size_t i = 0; i < n; i++) {
		const struct fstate *s = o[i];
		const slo_flag_def *d = s->def;
		char age[32] = "-", num[32];

		if (d && d->created != SLO_NS_NONE && a->at != SLO_NS_NONE)
			slo_snprintf(age, sizeof age, "%lld",
			    (long long)((a->at - d->created) / SLO_NS_PER_DAY));
		TRY(slo_tab_cstr(t, s->key));
		TRY(slo_tab_cstr(t, d ? slo_flag_type_name(d->type) : "unregistered"));
		TRY(slo_tab_cstr(t, d && d->stage ? d->stage : "-"));
		TRY(slo_tab_cstr(t, age));
		slo_snprintf(num, sizeof num, "%llu", (unsigned long long)s->evals);
		TRY(slo_tab_cstr(t, num));
		slo_snprintf(num, sizeof num, "%s%llu",
		    slo_hll_exact(s->subjects) ? "" : "~",
		    (unsigned long long)slo_flag_distinct(s->subjects, s->evals));
		TRY(slo_tab_cstr(t, num));
		slo_buf_reset(m);
		TRY(variants_text(s, m));
		TRY(slo_tab_add(t, m->data ? m->data : "", m->len));
	}
	return SLO_OK;
}

/*
 * The findings, then with summary one row per flag, as a table or
 * markdown; csv and tsv carry the findings alone (one header, one
 * schema: the summary is in ndjson, table and markdown).
 */
static slo_status
report_grid_with(const slo_flag_audit *a, int summary, slo_level fail_on,
    slo_format fmt, const slo_render_opts *ro, slo_buf *b, slo_tab *t,
    slo_buf *m)
{
	const struct fstate **o = NULL;
	size_t n;
	int human = fmt == SLO_FMT_TABLE || fmt == SLO_FMT_MARKDOWN;
	slo_status st;

	if (human && (fmt == SLO_FMT_MARKDOWN || a->at != SLO_NS_NONE)) {
		char tb[SLO_TIME_BUFSZ] = "-";

		if (a->at != SLO_NS_NONE)
			slo_time_format(a->at, tb);
		/* the heading every tool's markdown opens with (### TOOL ...) */
		TRY(slo_buf_printf(b, fmt == SLO_FMT_MARKDOWN ?
		    "### flag-audit at %s\n\n%llu evaluations\n\n" :
		    "at %s, %llu evaluations\n", tb,
		    (unsigned long long)a->evaluations));
	}
	TRY(fill_findings(a, fail_on, t, m));
	if (human && a->nf == 0)
		TRY(slo_buf_puts(b, fmt == SLO_FMT_MARKDOWN ? "No findings.\n" :
		    "no findings\n"));
	else
		TRY(slo_tab_write(t, fmt, ro, b));
	if (!summary || !human)
		return SLO_OK;
	slo_tab_release(t);
	*t = (slo_tab){ .cols = summary_cols,
	    .ncol = sizeof summary_cols / sizeof summary_cols[0] };
	if ((n = summary_order(a, &o)) == SIZE_MAX)
		return SLO_ENOMEM;
	st = fill_summary(a, o, n, t, m);
	free(o);
	TRY(st);
	TRY(slo_buf_putc(b, '\n'));
	return slo_tab_write(t, fmt, ro, b);
}

static slo_status
report_grid(const slo_flag_audit *a, int summary, slo_level fail_on,
    slo_format fmt, const slo_render_opts *ro, slo_buf *b)
{
	slo_tab t = { .cols = finding_cols,
	    .ncol = sizeof finding_cols / sizeof finding_cols[0] };
	slo_buf m = { 0 };
	slo_status st = report_grid_with(a, summary, fail_on, fmt, ro, b, &t, &m);

	slo_tab_release(&t);
	slo_buf_release(&m);
	return st;
}

/* A finding's testcase: a failure at or above fail_on, else its output. */
static slo_status
junit_finding(slo_buf *b, const char *key, const slo_flag_finding *f,
    slo_level fail_on, slo_buf *m, slo_buf *out)
{
	slo_junit_case c = { .classname = key,
	    .name = slo_flag_check_name(f->check) };

	slo_buf_reset(m);
	slo_buf_reset(out);
	TRY(slo_flag_finding_message(f, m));
	if (f->severity >= fail_on) {
		c.outcome = SLO_JUNIT_FAIL;
		c.type = slo_level_name(f->severity);
		c.message = m->data ? m->data : "";
		c.message_len = m->len;
	} else {
		TRY(slo_buf_printf(out, "%s: ", slo_level_name(f->severity)));
		TRY(slo_buf_append(out, m->data ? m->data : "", m->len));
		c.out = out->data;
		c.out_len = out->len;
	}
	return slo_junit_case_write(b, &c);
}

static slo_status
report_junit_with(const slo_flag_audit *a, slo_level fail_on,
    const struct fstate *const *o, size_t n, slo_buf *b, slo_buf *m,
    slo_buf *out)
{
	size_t i, j, k, tests = 0, failures = 0;
	int c;

	/* a testcase per flag and check run; unregistered flags: unknown only */
	for (i = 0; i < n; i++)
		for (c = 0; c < SLO_FCHECK__COUNT; c++)
			if (slo_flag_audit_runs(a, c) && (o[i]->def || c == SLO_FCHECK_UNKNOWN))
				tests++;
	for (i = 0; i < a->nf; i++)
		if (a->f[i].severity >= fail_on)
			failures++;
	TRY(slo_junit_open(b, "flag-audit", "flag-audit", tests, failures,
	    SIZE_MAX));
	for (i = 0; i < n; i++) {
		const struct fstate *s = o[i];

		for (c = 0; c < SLO_FCHECK__COUNT; c++) {
			if (!slo_flag_audit_runs(a, c) || (s->def == NULL && c != SLO_FCHECK_UNKNOWN))
				continue;
			for (k = SIZE_MAX, j = 0; j < a->nf; j++)
				if (a->f[j].flag == s->key && (int)a->f[j].check == c)
					k = j;
			if (k == SIZE_MAX) {
				slo_junit_case pass = { .classname = s->key,
				    .name = slo_flag_check_name(c) };

				TRY(slo_junit_case_write(b, &pass));
			} else
				TRY(junit_finding(b, s->key, &a->f[k], fail_on, m, out));
		}
	}
	return slo_junit_close(b, NULL);
}

static slo_status
report_junit(const slo_flag_audit *a, slo_level fail_on, slo_buf *b)
{
	const struct fstate **o = NULL;
	slo_buf m = { 0 }, out = { 0 };
	size_t n;
	slo_status st;

	if ((n = summary_order(a, &o)) == SIZE_MAX)
		return SLO_ENOMEM;
	st = report_junit_with(a, fail_on, o, n, b, &m, &out);
	free(o);
	slo_buf_release(&m);
	slo_buf_release(&out);
	return st;
}

static slo_status
report_with(const slo_flag_audit *a, slo_format fmt, int summary,
    slo_level fail_on, const slo_render_opts *ro, slo_buf *b)
{
	const struct fstate **o;
	size_t i, n;
	slo_status st = SLO_OK;

	switch (fmt) {
	case SLO_FMT_NDJSON:
		for (i = 0; i < a->nf; i++)
			TRY(slo_flag_finding_encode(&a->f[i], b));
		if (!summary)
			return SLO_OK;
		if ((n = summary_order(a, &o)) == SIZE_MAX)
			return SLO_ENOMEM;
		for (i = 0; i < n && st == SLO_OK; i++)
			st = summary_json(a, o[i], b);
		free(o);
		return st;
	case SLO_FMT_TABLE:
	case SLO_FMT_MARKDOWN:
	case SLO_FMT_CSV:
	case SLO_FMT_TSV:
		return report_grid(a, summary, fail_on, fmt, ro, b);
	case SLO_FMT_JUNIT:
		return report_junit(a, fail_on, b);
	default:
		return SLO_EINVAL;
	}
}

slo_status
slo_flag_audit_report(const slo_flag_audit *a, slo_format fmt, int summary,
    slo_level fail_on, int color, slo_buf *b)
{
	slo_render_opts ro = { color, 80 };

	return report_with(a, fmt, summary, fail_on, &ro, b);
}

slo_status
slo_flag_audit_render(const slo_flag_audit *a, slo_format fmt, int color,
    slo_buf *out)
{
	return slo_flag_audit_report(a, fmt, a->o.summary, a->o.fail_on, color,
	    out);
}

slo_status
slo_flag_audit_render_opts(const slo_flag_audit *a, slo_format fmt,
    const slo_render_opts *ro, slo_buf *out)
{
	return report_with(a, fmt, a->o.summary, a->o.fail_on, ro, out);
}
