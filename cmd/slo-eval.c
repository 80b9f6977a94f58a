/*
 * slo-eval — SLIs, error budgets and burn-rate alerts from an event stream.
 * Options and wiring only; the work is in lib/engine/eval.c, the run in
 * lib/fe/run.c.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_adhoc.h"
#include "slo_fe_engines.h"

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

typedef struct opts {
	const char *specs[MAX_SPECS];
	size_t nspecs;
	int validate;
	slo_adhoc adhoc;   /* --objective & co, by spec key */
	slo_spec *spec;    /* what the engines evaluate */
	slo_fe_eval run;   /* the spec, the engine's config, --strict */
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
		o->run.strict = 1;
		return 0;
	case OPT_OBJECTIVE: case OPT_GOOD: case OPT_BAD: case OPT_WINDOW:
	case OPT_NAME: case OPT_ALERTS: case OPT_BUDGETING: {
		/* the option's long name is the spec key */
		const struct option *lo = long_options;

		while (lo->val != opt)
			lo++;
		if (slo_adhoc_set(&o->adhoc, lo->name, arg) != SLO_OK)
			return slo_cli_usage_error(cli, "too many ad-hoc options");
		return 0;
	}
	case OPT_RESOLUTION:
		return slo_cli_duration(cli, "--resolution", arg, &o->run.cfg.resolution);
	case OPT_REPORT_STEP:
		return slo_cli_duration(cli, "--report-step", arg, &o->run.cfg.report_step);
	case OPT_FAIL_ON: {
		int s = slo_severity_from_name(arg);

		if (s < 0)
			return slo_cli_usage_error(cli, "invalid --fail-on '%s': want page or ticket", arg);
		o->run.cfg.fail_on = (slo_severity)s;
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
		o->run.cfg.max_groups = (size_t)n;
		return 0;
	}
	case OPT_NO_DATA:
		if (strcmp(arg, "ok") == 0)
			o->run.cfg.no_data_ok = 1;
		else if (strcmp(arg, "inconclusive") == 0)
			o->run.cfg.no_data_ok = 0;
		else
			return slo_cli_usage_error(cli, "invalid --no-data '%s': want ok or inconclusive", arg);
		return 0;
	}
	return slo_cli_usage_error(cli, "unknown option");
}

static void
report_spec_error(void *ctx, const slo_error *err)
{
	slo_cli_report(ctx, err);
}

/* --validate: the spec files given, as --spec or operands. */
static int
validate(slo_cli *cli, const opts *o)
{
	size_t n = slo_cli_noperands(cli), bad;
	const char **paths;

	if (n + o->nspecs == 0)
		return slo_cli_usage_error(cli, "--validate needs spec files");
	if ((paths = calloc(n + o->nspecs, sizeof *paths)) == NULL)
		return SLO_EXIT_ERROR;
	memcpy(paths, o->specs, o->nspecs * sizeof *paths);
	for (size_t i = 0; i < n; i++)
		paths[o->nspecs + i] = slo_cli_operand(cli, i);
	bad = slo_spec_validate_res(paths, n + o->nspecs,
	    o->run.cfg.resolution, report_spec_error, cli);
	free(paths);
	return bad ? SLO_EXIT_ERROR : SLO_EXIT_PASS;
}

/* The spec from --spec files, or the ad-hoc SLO of --objective & co. */
static int
load_spec(slo_cli *cli, opts *o)
{
	slo_error err;

	slo_error_clear(&err);
	if (o->nspecs > 0 && o->adhoc.n > 0)
		return slo_cli_usage_error(cli, "give either --spec or an ad-hoc SLO (--objective ...), not both");
	if (o->nspecs == 0 && o->adhoc.n == 0)
		return slo_cli_usage_error(cli, "no SLO: give --spec FILE, or --objective and --good");
	o->spec = o->nspecs > 0 ? slo_spec_load_files(o->specs, o->nspecs, &err) :
	    slo_adhoc_spec(&o->adhoc, &err);
	o->run.spec = o->spec;
	return o->spec == NULL ? slo_cli_report(cli, &err) : -1;
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
	slo_fe_engine eng;
	slo_cli *cli;
	int rc;

	memset(&o, 0, sizeof o);
	slo_eval_config_init(&o.run.cfg);
	if ((cli = slo_cli_new(&tool, stdout, stderr)) == NULL)
		return SLO_EXIT_ERROR;
	if ((rc = slo_cli_parse(cli, argc, argv)) >= 0)
		goto done;
	if (o.validate) {
		rc = validate(cli, &o);
		goto done;
	}
	if ((rc = slo_cli_check_files(cli, o.specs, o.nspecs)) >= 0 ||
	    (rc = load_spec(cli, &o)) >= 0)
		goto done;
	o.run.cfg.at = slo_cli_at(cli);
	o.run.cfg.where = slo_cli_where(cli);
	o.run.cfg.want_series = slo_cli_format(cli) == SLO_FMT_HTML;
	slo_fe_eval_engine(&eng, &o.run);
	rc = slo_fe_run(cli, &eng);
done:
	rc = slo_cli_finish(cli, rc);
	slo_spec_free(o.spec);
	slo_cli_free(cli);
	return rc;
}
