/*
 * slo-eval — SLIs, error budgets and burn-rate alerts from an event stream.
 * Options and wiring only; the work is in lib/engine/eval.c, the run in
 * lib/fe/run.c.
 */
#include <stdio.h>
#include <string.h>

#include "slo_adhoc.h"
#include "slo_fe_engines.h"

enum {
	OPT_SPEC = 256,
	OPT_VALIDATE,
	OPT_EXPORT,
	OPT_STRICT,
	OPT_REGISTRY,
	/* the ad-hoc SLO's keys, OPT_OBJECTIVE to OPT_BUDGETING */
	OPT_OBJECTIVE,
	OPT_GOOD,
	OPT_BAD,
	OPT_WINDOW,
	OPT_NAME,
	OPT_ALERTS,
	OPT_BUDGETING,
	/* slo_eval_config_set()'s */
	OPT_RESOLUTION,
	OPT_FAIL_ON,
	OPT_NO_DATA,
	OPT_REPORT_STEP,
	OPT_MAX_GROUPS
};

#define MAX_SPECS 64

typedef struct opts {
	const char *specs[MAX_SPECS];
	size_t nspecs;
	int validate;
	int export;        /* --export openslo */
	slo_adhoc adhoc;   /* --objective & co, by spec key */
	slo_spec *spec;    /* what the engines evaluate */
	slo_fe_eval run;   /* the spec, the engine's config, --strict */
} opts;

static const struct option long_options[] = {
	{ "spec", required_argument, NULL, OPT_SPEC },
	{ "validate", no_argument, NULL, OPT_VALIDATE },
	{ "export", required_argument, NULL, OPT_EXPORT },
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
	{ "registry", required_argument, NULL, OPT_REGISTRY },
	{ NULL, 0, NULL, 0 }
};

static const char help[] =
    "  -s, --spec FILE       slokit, OpenSLO, Sloth or Pyrra spec; repeatable\n"
    "      --validate        check the spec files given as operands; exit 0 or 2\n"
    "      --export openslo  write the SLOs as OpenSLO v1 documents; read no events\n"
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
    "      --strict          a field an SLO reads that no event carried is an error\n"
    "      --registry FILE   flag registry: active alpha flags in the scorecard\n";

static int
on_option(void *ctx, slo_cli *cli, int opt, const char *arg)
{
	const struct option *lo = long_options;
	opts *o = ctx;
	slo_error err;

	if (opt == 's' || opt == OPT_SPEC) {
		if (o->nspecs == MAX_SPECS)
			return slo_cli_usage_error(cli, "too many --spec files");
		o->specs[o->nspecs++] = arg;
		return 0;
	}
	if (opt == OPT_EXPORT) {
		if (strcmp(arg, "openslo") != 0)
			return slo_cli_usage_error(cli, "--export: unknown "
			    "format '%s' (expected openslo)", arg);
		o->export = 1;
		return 0;
	}
	if (opt == OPT_VALIDATE || opt == OPT_STRICT) {
		*(opt == OPT_VALIDATE ? &o->validate : &o->run.strict) = 1;
		return 0;
	}
	if (opt == OPT_REGISTRY)
		return slo_fe_eval_registry(cli, &o->run, arg);
	while (lo->name != NULL && lo->val != opt)
		lo++;
	if (lo->name == NULL)
		return slo_cli_usage_error(cli, "unknown option");
	if (opt >= OPT_OBJECTIVE && opt <= OPT_BUDGETING) {
		/* an ad-hoc SLO: the option's long name is the spec key */
		if (slo_adhoc_set(&o->adhoc, lo->name, arg) != SLO_OK)
			return slo_cli_usage_error(cli, "too many ad-hoc options");
		return 0;
	}
	if (slo_eval_config_set(&o->run.cfg, lo->name, arg, &err) != SLO_OK)
		return slo_cli_usage_error(cli, "%s", err.msg);
	return 0;
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
		    SLO_FMT_BIT(SLO_FMT_HTML) | SLO_FMT_BIT(SLO_FMT_CSV) |
		    SLO_FMT_BIT(SLO_FMT_TSV) | SLO_FMT_BIT(SLO_FMT_JUNIT),
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
		rc = slo_fe_eval_validate(cli, o.specs, o.nspecs,
		    o.run.cfg.resolution);
		goto done;
	}
	if (o.export) {
		rc = slo_fe_eval_export(cli, &o.run, o.specs, o.nspecs, &o.adhoc,
		    &o.spec);
		goto done;
	}
	if ((rc = slo_cli_check_files(cli, o.specs, o.nspecs)) >= 0 ||
	    (rc = slo_fe_eval_load(cli, &o.run, o.specs, o.nspecs, &o.adhoc,
	    &o.spec)) >= 0)
		goto done;
	o.run.cfg.at = slo_cli_at(cli);
	o.run.cfg.where = slo_cli_where(cli);
	o.run.cfg.want_series = slo_cli_format(cli) == SLO_FMT_HTML ||
	    slo_cli_extra(cli, SLO_FMT_HTML) != NULL;
	slo_fe_eval_engine(&eng, &o.run);
	rc = slo_fe_run(cli, &eng);
done:
	rc = slo_cli_finish(cli, rc);
	slo_spec_free(o.spec);
	slo_flag_registry_free(o.run.reg);
	slo_cli_free(cli);
	return rc;
}
