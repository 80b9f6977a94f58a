/*
 * flag-audit — flag leaks, exposure and flag debt from evaluation telemetry
 * and a flag registry.  Options and wiring only: the registry is loaded by
 * lib/spec/flags_spec.c, audited by lib/engine/flags.c and written by
 * lib/render/flags_out.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_fe_engines.h"

enum {
	OPT_REGISTRY = 256,
	OPT_EXAMPLES,
	OPT_MAX_ERROR_RATE,
	OPT_SETTLE,
	OPT_FAIL_ON,
	OPT_SUMMARY,
	OPT_MAX_GROUPS
};

#define MAX_REGISTRIES 64

typedef struct opts {
	const char *registries[MAX_REGISTRIES];
	size_t nregistries;
	slo_flag_audit_opts audit;
} opts;

static const struct option long_options[] = {
	{ "registry", required_argument, NULL, OPT_REGISTRY },
	{ "examples", required_argument, NULL, OPT_EXAMPLES },
	{ "max-error-rate", required_argument, NULL, OPT_MAX_ERROR_RATE },
	{ "settle", required_argument, NULL, OPT_SETTLE },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "max-groups", required_argument, NULL, OPT_MAX_GROUPS },
	{ NULL, 0, NULL, 0 }
};

static const char help[] =
    "  -r, --registry FILE      flag registry (slo-spec(5) flags section); repeatable\n"
    "      --fail-on SEV        critical, high (default), medium or low: findings\n"
    "                           at or above it exit 1\n"
    "      --examples N         example subjects per finding (default 5, max 100)\n"
    "      --max-error-rate P   evaluation_errors above this share (default 1%)\n"
    "      --settle DUR         fully_rolled_out: one variant for this long (default 7d)\n"
    "      --summary            also one summary record per flag\n"
    "      --max-groups N       unregistered flags told apart, the rest folded\n"
    "                           into one overflow entry (default 10000)\n";

static int
on_option(void *ctx, slo_cli *cli, int opt, const char *arg)
{
	const struct option *lo = long_options;
	opts *o = ctx;
	slo_error err;

	if (opt == 'r' || opt == OPT_REGISTRY) {
		if (o->nregistries == MAX_REGISTRIES)
			return slo_cli_usage_error(cli, "too many --registry files");
		o->registries[o->nregistries++] = arg;
		return 0;
	}
	while (lo->name != NULL && lo->val != opt)
		lo++;
	if (lo->name == NULL)
		return slo_cli_usage_error(cli, "unknown option");
	if (slo_flag_audit_opts_set(&o->audit, lo->name, arg ? arg : "",
	    &err) != SLO_OK)
		return slo_cli_usage_error(cli, "%s", err.msg);
	return 0;
}

int
main(int argc, char **argv)
{
	opts o;
	slo_cli_tool tool = {
		"flag-audit", "--registry FILE [options] [file ...]", help,
		SLO_OPT_FORMAT | SLO_OPT_INPUT | SLO_OPT_JOBS,
		SLO_FMT_BIT(SLO_FMT_NDJSON) | SLO_FMT_BIT(SLO_FMT_TABLE) |
		    SLO_FMT_BIT(SLO_FMT_MARKDOWN) | SLO_FMT_BIT(SLO_FMT_JUNIT) |
		    SLO_FMT_BIT(SLO_FMT_CSV) | SLO_FMT_BIT(SLO_FMT_TSV),
		long_options, "r:", on_option, &o
	};
	slo_cli *cli;
	slo_flag_registry *reg = NULL;
	slo_fe_audit run;
	slo_fe_engine eng;
	slo_error err;
	int rc;

	memset(&o, 0, sizeof o);
	slo_flag_audit_opts_init(&o.audit);
	if ((cli = slo_cli_new(&tool, stdout, stderr)) == NULL)
		return SLO_EXIT_ERROR;
	if ((rc = slo_cli_parse(cli, argc, argv)) >= 0)
		goto done;
	if (o.nregistries == 0) {
		rc = slo_cli_usage_error(cli, "no registry: give --registry FILE");
		goto done;
	}
	if ((rc = slo_cli_check_files(cli, o.registries, o.nregistries)) >= 0)
		goto done;
	slo_error_clear(&err);
	if ((reg = slo_flag_registry_new()) == NULL) {
		slo_cli_warn(cli, "out of memory");
		rc = SLO_EXIT_ERROR;
		goto done;
	}
	if (slo_flag_registry_load_files(reg, o.registries, o.nregistries,
	    &err) != SLO_OK) {
		rc = slo_cli_report(cli, &err);
		goto done;
	}
	o.audit.at = slo_cli_at(cli);
	run.reg = reg;
	run.opts = o.audit;
	slo_fe_audit_engine(&eng, &run);
	rc = slo_fe_run(cli, &eng);
done:
	rc = slo_cli_finish(cli, rc);
	slo_flag_registry_free(reg);
	slo_cli_free(cli);
	return rc;
}
