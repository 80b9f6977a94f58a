/*
 * slo-eval — SLIs, error budgets and burn-rate alerts from an event stream.
 * Options and wiring only; the work is in lib/eval.c.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_cli.h"
#include "slo_eval.h"
#include "slo_spec.h"

enum {
	OPT_SPEC = 256,
	OPT_VALIDATE,
	OPT_OBJECTIVE,
	OPT_GOOD,
	OPT_BAD,
	OPT_WINDOW,
	OPT_NAME,
	OPT_RESOLUTION,
	OPT_FAIL_ON,
	OPT_NO_DATA,
	OPT_REPORT_STEP,
	OPT_ALERTS,
	OPT_BUDGETING,
	OPT_MAX_GROUPS,
	OPT_STRICT
};

#define MAX_SPECS 64
#define MAX_KV 16

typedef struct opts {
	const char *specs[MAX_SPECS];
	size_t nspecs;
	int validate;
	const char *keys[MAX_KV];
	const char *vals[MAX_KV];
	size_t nkv;
	slo_eval_config cfg;
	int strict;
} opts;

static const struct option long_options[] = {
	{ "spec", required_argument, NULL, OPT_SPEC },
	{ "validate", no_argument, NULL, OPT_VALIDATE },
	{ "objective", required_argument, NULL, OPT_OBJECTIVE },
	{ "good", required_argument, NULL, OPT_GOOD },
	{ "bad", required_argument, NULL, OPT_BAD },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "alerts", required_argument, NULL, OPT_ALERTS },
	{ "budgeting", required_argument, NULL, OPT_BUDGETING },
	{ "resolution", required_argument, NULL, OPT_RESOLUTION },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "no-data", required_argument, NULL, OPT_NO_DATA },
	{ "report-step", required_argument, NULL, OPT_REPORT_STEP },
	{ "max-groups", required_argument, NULL, OPT_MAX_GROUPS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ NULL, 0, NULL, 0 }
};

static const char help[] =
    "  -s, --spec FILE       SLO spec (slo-spec(5) or OpenSLO v1); repeatable\n"
    "      --validate        check the spec files given as operands; exit 0 or 2\n"
    "ad-hoc SLO, without a spec file:\n"
    "      --objective P     objective in percent, e.g. 99.9\n"
    "      --good EXPR       what a good event is (or --bad EXPR)\n"
    "      --window DUR      rolling window, e.g. 1h, 30d (default 30d)\n"
    "      --name NAME       name of the ad-hoc SLO (default adhoc)\n"
    "      --alerts POLICY   google-30d, google-28d, google-<W> or none (the default)\n"
    "      --budgeting M     occurrences (default), timeslices, ratio_timeslices\n"
    "evaluation:\n"
    "      --resolution DUR  bucket width of the windows (default 1m)\n"
    "      --fail-on SEV     page (default) or ticket: alerts that exit 1\n"
    "      --no-data MODE    inconclusive (default, exit 3) or ok\n"
    "      --report-step DUR step of the html charts (default 1h)\n"
    "      --max-groups N    groups per SLO before one overflow group (default 100000)\n"
    "      --strict          a field an SLO reads that no event carried is an error\n";

static int
parse_dur(slo_cli *cli, const char *opt, const char *arg, slo_ns *out)
{
	size_t pos;

	if (slo_duration_parse(arg, strlen(arg), out, &pos) != SLO_OK || *out <= 0)
		return slo_cli_usage_error(cli, "invalid %s '%s': want a duration such as 1m",
		    opt, arg);
	return 0;
}

static int
add_kv(slo_cli *cli, opts *o, const char *key, const char *val)
{
	for (size_t i = 0; i < o->nkv; i++)
		if (strcmp(o->keys[i], key) == 0) {
			o->vals[i] = val;
			return 0;
		}
	if (o->nkv == MAX_KV)
		return slo_cli_usage_error(cli, "too many ad-hoc options");
	o->keys[o->nkv] = key;
	o->vals[o->nkv++] = val;
	return 0;
}

static int
on_option(void *ctx, slo_cli *cli, int opt, const char *arg)
{
	opts *o = ctx;

	switch (opt) {
	case 's':
	case OPT_SPEC:
		if (o->nspecs == MAX_SPECS)
			return slo_cli_usage_error(cli, "too many --spec files");
		o->specs[o->nspecs++] = arg;
		return 0;
	case OPT_VALIDATE:
		o->validate = 1;
		return 0;
	case OPT_STRICT:
		o->strict = 1;
		return 0;
	case OPT_OBJECTIVE:
		return add_kv(cli, o, "objective", arg);
	case OPT_GOOD:
		return add_kv(cli, o, "good", arg);
	case OPT_BAD:
		return add_kv(cli, o, "bad", arg);
	case OPT_WINDOW:
		return add_kv(cli, o, "window", arg);
	case OPT_NAME:
		return add_kv(cli, o, "name", arg);
	case OPT_ALERTS:
		return add_kv(cli, o, "alerts", arg);
	case OPT_BUDGETING:
		return add_kv(cli, o, "budgeting", arg);
	case OPT_RESOLUTION:
		return parse_dur(cli, "--resolution", arg, &o->cfg.resolution);
	case OPT_REPORT_STEP:
		return parse_dur(cli, "--report-step", arg, &o->cfg.report_step);
	case OPT_FAIL_ON: {
		int s = slo_severity_from_name(arg);

		if (s < 0)
			return slo_cli_usage_error(cli, "invalid --fail-on '%s': want page or ticket", arg);
		o->cfg.fail_on = (slo_severity)s;
		return 0;
	}
	case OPT_MAX_GROUPS: {
		char *end;
		unsigned long long n;

		errno = 0;
		n = strtoull(arg, &end, 10);
		if (arg[0] < '0' || arg[0] > '9' || *end != '\0' || errno != 0 ||
		    n == 0 || n > SIZE_MAX / 2)
			return slo_cli_usage_error(cli, "invalid --max-groups '%s': want a positive integer", arg);
		o->cfg.max_groups = (size_t)n;
		return 0;
	}
	case OPT_NO_DATA:
		if (strcmp(arg, "ok") == 0)
			o->cfg.no_data_ok = 1;
		else if (strcmp(arg, "inconclusive") == 0)
			o->cfg.no_data_ok = 0;
		else
			return slo_cli_usage_error(cli, "invalid --no-data '%s': want ok or inconclusive", arg);
		return 0;
	}
	return slo_cli_usage_error(cli, "unknown option");
}

/* slo_input_run()'s callback: one engine per thread. */
static slo_status
add_event(void *state, const slo_event *ev, slo_error *err)
{
	slo_status st = slo_eval_add(state, ev, err);

	err->col = 0;
	return st;
}

/*
 * -j N: N engines fed by N threads, merged in thread order into eval.
 * Returns -1 to go on, or an exit code.
 */
static int
run_parallel(slo_cli *cli, slo_input *in, const slo_spec *spec,
    const slo_eval_config *cfg, slo_eval *eval)
{
	int jobs = slo_cli_jobs(cli), rc = -1, r;
	slo_eval **engines = calloc((size_t)jobs, sizeof *engines);
	slo_input_par par = { 0 };
	slo_error err;

	slo_error_clear(&err);
	if (engines == NULL) {
		slo_cli_warn(cli, "out of memory");
		return SLO_EXIT_ERROR;
	}
	for (int t = 0; t < jobs; t++)
		if ((engines[t] = slo_eval_new(spec, cfg, &err)) == NULL) {
			rc = slo_cli_report(cli, &err);
			goto done;
		}
	par.jobs = jobs;
	par.states = (void *const *)engines;
	par.event = add_event;
	if ((r = slo_input_run(in, &par, &err)) < 0) {
		rc = slo_cli_report(cli, &err);
		goto done;
	}
	for (int t = 0; t < jobs; t++)
		if (slo_eval_merge(eval, engines[t], &err) != SLO_OK) {
			rc = slo_cli_report(cli, &err);
			goto done;
		}
done:
	for (int t = 0; t < jobs; t++)
		slo_eval_free(engines[t]);
	free(engines);
	return rc;
}

/* One warning per SLO whose groups passed --max-groups. */
static void
warn_overflow(slo_cli *cli, const slo_spec *spec, const slo_eval *eval)
{
	for (size_t i = 0; i < slo_spec_count(spec); i++) {
		const slo_spec_slo *s = slo_spec_get(spec, i);
		uint64_t n = slo_eval_overflow_events(eval, i);
		char dims[256];
		size_t k = 0;

		if (n == 0)
			continue;
		dims[0] = '\0';
		for (size_t g = 0; g < s->ngroup_by && k < sizeof dims; g++)
			k += (size_t)snprintf(dims + k, sizeof dims - k, "%s%s",
			    g ? ", " : "", s->group_by[g]);
		slo_cli_warn(cli, "slo '%s': more than %zu groups of [%s]; %llu "
		    "events of further groups counted in one overflow group "
		    "(raise --max-groups)", s->name, slo_eval_max_groups(eval),
		    dims, (unsigned long long)n);
	}
}

struct unseen_ctx {
	slo_cli *cli;
	int strict;
};

/* slo_eval_unseen_fields()'s callback: one line on stderr per field. */
static void
report_unseen(void *ctx, const char *slo, const char *field, const char *hint)
{
	const struct unseen_ctx *u = ctx;

	slo_cli_warn(u->cli, "%sslo '%s': field '%s' never appeared in any event"
	    "%s%s%s", u->strict ? "" : "warning: ", slo, field,
	    hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
}

static void
report_spec_error(void *ctx, const slo_error *err)
{
	slo_cli_report(ctx, err);
}

/* The spec from --spec files, or the ad-hoc SLO of --objective & co. */
static slo_spec *
load_spec(slo_cli *cli, opts *o)
{
	slo_spec *spec;
	slo_error err;

	slo_error_clear(&err);
	if (o->nspecs > 0 && o->nkv > 0) {
		slo_cli_usage_error(cli, "give either --spec or an ad-hoc SLO (--objective ...), not both");
		return NULL;
	}
	if (o->nspecs > 0) {
		if ((spec = slo_spec_load_files(o->specs, o->nspecs, &err)) == NULL)
			slo_cli_report(cli, &err);
		return spec;
	}
	if (o->nkv == 0) {
		slo_cli_usage_error(cli, "no SLO: give --spec FILE, or --objective and --good");
		return NULL;
	}
	if ((spec = slo_spec_new()) == NULL) {
		slo_cli_warn(cli, "out of memory");
		return NULL;
	}
	{
		int has_name = 0, has_window = 0, has_alerts = 0;

		for (size_t i = 0; i < o->nkv; i++) {
			has_name |= strcmp(o->keys[i], "name") == 0;
			has_window |= strcmp(o->keys[i], "window") == 0;
			has_alerts |= strcmp(o->keys[i], "alerts") == 0;
		}
		if (!has_name)
			add_kv(cli, o, "name", "adhoc");
		if (!has_window)
			add_kv(cli, o, "window", "30d");
		/* A question asked in a terminal wants no 3-day alert windows
		 * unless it says so. */
		if (!has_alerts)
			add_kv(cli, o, "alerts", "none");
	}
	if (slo_spec_add_kv(spec, "command line", o->keys, o->vals, o->nkv, &err) != SLO_OK ||
	    slo_spec_finish(spec, &err) != SLO_OK) {
		slo_cli_report(cli, &err);
		slo_spec_free(spec);
		return NULL;
	}
	return spec;
}

int
main(int argc, char **argv)
{
	opts o;
	slo_cli_tool tool = {
		"slo-eval", "[options] [file ...]", help,
		SLO_OPT_FORMAT | SLO_OPT_INPUT | SLO_OPT_JOBS,
		SLO_FMT_BIT(SLO_FMT_NDJSON) | SLO_FMT_BIT(SLO_FMT_TABLE) |
		    SLO_FMT_BIT(SLO_FMT_PROM) | SLO_FMT_BIT(SLO_FMT_MARKDOWN) |
		    SLO_FMT_BIT(SLO_FMT_HTML),
		long_options, "s:", on_option, &o
	};
	slo_cli *cli;
	slo_spec *spec = NULL;
	slo_eval *eval = NULL;
	slo_input *in = NULL;
	slo_event ev;
	slo_error err;
	slo_buf out = { 0 };
	int rc, in_rc;

	memset(&o, 0, sizeof o);
	slo_eval_config_init(&o.cfg);
	if ((cli = slo_cli_new(&tool, stdout, stderr)) == NULL)
		return SLO_EXIT_ERROR;
	if ((rc = slo_cli_parse(cli, argc, argv)) >= 0)
		goto done;
	if (o.validate) {
		size_t n = slo_cli_noperands(cli), bad;
		const char **paths = calloc(n + o.nspecs + 1, sizeof *paths);

		if (paths == NULL) {
			rc = SLO_EXIT_ERROR;
			goto done;
		}
		for (size_t i = 0; i < o.nspecs; i++)
			paths[i] = o.specs[i];
		for (size_t i = 0; i < n; i++)
			paths[o.nspecs + i] = slo_cli_operand(cli, i);
		if (n + o.nspecs == 0) {
			free(paths);
			rc = slo_cli_usage_error(cli, "--validate needs spec files");
			goto done;
		}
		bad = slo_spec_validate_res(paths, n + o.nspecs,
		    o.cfg.resolution, report_spec_error, cli);
		free(paths);
		rc = bad ? SLO_EXIT_ERROR : SLO_EXIT_PASS;
		goto done;
	}
	if ((rc = slo_cli_check_files(cli, o.specs, o.nspecs)) >= 0)
		goto done;
	if ((spec = load_spec(cli, &o)) == NULL) {
		rc = SLO_EXIT_ERROR;
		goto done;
	}
	o.cfg.at = slo_cli_at(cli);
	o.cfg.where = slo_cli_where(cli);
	o.cfg.want_series = slo_cli_format(cli) == SLO_FMT_HTML;
	slo_error_clear(&err);
	if ((eval = slo_eval_new(spec, &o.cfg, &err)) == NULL) {
		rc = slo_cli_report(cli, &err);
		goto done;
	}
	if ((in = slo_input_new(cli)) == NULL) {
		slo_cli_warn(cli, "out of memory");
		rc = SLO_EXIT_ERROR;
		goto done;
	}
	if (slo_cli_jobs(cli) > 1 &&
	    (rc = run_parallel(cli, in, spec, &o.cfg, eval)) >= 0)
		goto done;
	while (slo_input_next_event(in, &ev) == 1) {
		if (slo_eval_add(eval, &ev, &err) != SLO_OK) {
			if (err.status == SLO_ENOMEM) {
				rc = slo_cli_report(cli, &err);
				goto done;
			}
			slo_input_reject(in, 0, "%s", err.msg);
		}
	}
	if ((rc = in_rc = slo_input_finish(in)) != 0 && slo_input_failed(in))
		goto done; /* rc: no verdict from part of the input */
	if (slo_eval_finish(eval, &err) != SLO_OK) {
		rc = slo_cli_report(cli, &err);
		goto done;
	}
	if (slo_eval_rollup_misses(eval) > 0)
		slo_cli_warn(cli, "%llu rollup rows lack counts for an SLO of the spec "
		    "(roll up with slo-ingest --rollup WIDTH --spec FILE)",
		    (unsigned long long)slo_eval_rollup_misses(eval));
	warn_overflow(cli, spec, eval);
	if (slo_eval_where_sketch_misses(eval) > 0)
		slo_cli_warn(cli, "%llu rollup latency sketches left out of the "
		    "quantiles: the SLO's where reads fields rollups do not carry",
		    (unsigned long long)slo_eval_where_sketch_misses(eval));
	if (slo_eval_sketch_misses(eval) > 0)
		slo_cli_warn(cli, "%llu rollup latency sketches of another accuracy "
		    "left out of the quantiles",
		    (unsigned long long)slo_eval_sketch_misses(eval));
	if (slo_eval_render(eval, slo_cli_format(cli), slo_cli_color(cli), &out) != SLO_OK) {
		slo_cli_warn(cli, "out of memory");
		rc = SLO_EXIT_ERROR;
		goto done;
	}
	slo_cli_write(cli, &out);
	rc = in_rc != SLO_EXIT_PASS ? in_rc : slo_eval_exit_code(eval);
	{
		struct unseen_ctx u = { cli, o.strict };

		if (slo_eval_unseen_fields(eval, report_unseen, &u) > 0 &&
		    o.strict)
			rc = SLO_EXIT_ERROR;
	}
done:
	rc = slo_cli_finish(cli, rc);
	slo_buf_release(&out);
	slo_input_free(in);
	slo_eval_free(eval);
	slo_spec_free(spec);
	slo_cli_free(cli);
	return rc;
}
