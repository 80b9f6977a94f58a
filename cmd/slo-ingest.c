/*
 * slo-ingest — raw log exports in, the canonical event stream out
 * (slo-events(5)), every input line accounted for.  Options and wiring
 * only; the work is in lib/ingest/, the run in lib/fe/ingest_run.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_fe_ingest.h"

enum {
	OPT_COHORT_FROM = 256,
	OPT_GOOD,
	OPT_ROLLUP,
	OPT_SPEC
};

#define MAX_SETS 64
#define MAX_SPECS 64

typedef struct opts {
	const char *preset, *map, *cohort_from, *good;
	const char *sets[MAX_SETS];
	size_t nsets;
	const char *specs[MAX_SPECS];
	size_t nspecs;
	slo_ns rollup;
	int verbose;
} opts;

static const struct option long_options[] = {
	{ "preset", required_argument, NULL, 'p' },
	{ "map", required_argument, NULL, 'm' },
	{ "set", required_argument, NULL, 's' },
	{ "cohort-from", required_argument, NULL, OPT_COHORT_FROM },
	{ "good", required_argument, NULL, OPT_GOOD },
	{ "rollup", required_argument, NULL, OPT_ROLLUP },
	{ "spec", required_argument, NULL, OPT_SPEC },
	{ "verbose", no_argument, NULL, 'v' },
	{ NULL, 0, NULL, 0 }
};

static const char help[] =
    "  -p, --preset NAME     input format: canonical (default), otlp, envoy,\n"
    "                        gcp, ecs, traefik, goff, unleash\n"
    "  -m, --map FILE        map any other JSON log with a YAML field map\n"
    "  -s, --set F=VALUE     set a field on every event (cohort=alpha,\n"
    "                        labels.team=web); repeatable\n"
    "      --cohort-from EXPR  the cohort, from the raw record or the event\n"
    "      --good EXPR       what a good request is (default: status < 500)\n"
    "      --rollup WIDTH    fold requests into rollup lines of WIDTH (1m)\n"
    "      --spec FILE       with --rollup: count each SLO's good and total\n"
    "  -v, --verbose         print the summary even when nothing was rejected\n";

static int
on_option(void *ctx, slo_cli *cli, int opt, const char *arg)
{
	opts *o = ctx;

	switch (opt) {
	case 'p':
		if (slo_preset_from_name(arg) < 0)
			return slo_cli_usage_error(cli, "unknown preset '%s': "
			    "want canonical, otlp, envoy, gcp, ecs, traefik, "
			    "goff or unleash", arg);
		o->preset = arg;
		return 0;
	case 'm':
		o->map = arg;
		return 0;
	case 's':
		if (o->nsets == MAX_SETS)
			return slo_cli_usage_error(cli, "too many --set");
		o->sets[o->nsets++] = arg;
		return 0;
	case OPT_COHORT_FROM:
		o->cohort_from = arg;
		return 0;
	case OPT_GOOD:
		o->good = arg;
		return 0;
	case OPT_ROLLUP:
		return slo_cli_duration(cli, "--rollup", arg, &o->rollup);
	case OPT_SPEC:
		if (o->nspecs == MAX_SPECS)
			return slo_cli_usage_error(cli, "too many --spec files");
		o->specs[o->nspecs++] = arg;
		return 0;
	case 'v':
		o->verbose = 1;
		return 0;
	}
	return slo_cli_usage_error(cli, "unknown option");
}

int
main(int argc, char **argv)
{
	opts o;
	slo_cli_tool tool = {
		"slo-ingest", "[options] [file ...]", help,
		SLO_OPT_WHERE | SLO_OPT_REJECTS | SLO_OPT_MAX_BAD |
		    SLO_OPT_JOBS | SLO_OPT_UNBUFFERED,
		SLO_FMT_BIT(SLO_FMT_NDJSON),
		long_options, "p:m:s:v", on_option, &o
	};
	slo_fe_ingest x = { 0 };
	const char *configs[1 + MAX_SPECS];
	slo_expr *cohort_from = NULL, *good = NULL;
	slo_spec *spec = NULL;
	slo_cli *cli;
	slo_error err;
	int rc;

	memset(&o, 0, sizeof o);
	if ((cli = slo_cli_new(&tool, stdout, stderr)) == NULL)
		return SLO_EXIT_ERROR;
	if ((rc = slo_cli_parse(cli, argc, argv)) >= 0)
		goto done;
	if (o.preset != NULL && o.map != NULL) {
		rc = slo_cli_usage_error(cli, "give --preset or --map, not both");
		goto done;
	}
	if (o.nspecs > 0 && o.rollup == 0) {
		rc = slo_cli_usage_error(cli, "--spec needs --rollup");
		goto done;
	}
	configs[0] = o.map;
	memcpy(configs + 1, o.specs, o.nspecs * sizeof *configs);
	if ((rc = slo_cli_check_files(cli, configs, 1 + o.nspecs)) >= 0)
		goto done;
	if ((rc = slo_cli_expr(cli, "--cohort-from", o.cohort_from,
	    &cohort_from)) != 0 || (rc = slo_cli_expr(cli, "--good", o.good,
	    &good)) != 0)
		goto done;
	slo_error_clear(&err);
	if (o.nspecs > 0 &&
	    (spec = slo_spec_load_files(o.specs, o.nspecs, &err)) == NULL) {
		rc = slo_cli_report(cli, &err);
		goto done;
	}
	x.preset = o.preset ? (slo_preset)slo_preset_from_name(o.preset) :
	    SLO_PRESET_CANONICAL;
	x.map = o.map;
	x.sets = o.sets;
	x.nsets = o.nsets;
	x.cohort_from = cohort_from;
	x.good = good;
	x.rollup = o.rollup;
	x.spec = spec;
	x.verbose = o.verbose;
	rc = slo_fe_ingest_run(cli, &x);
done:
	rc = slo_cli_finish(cli, rc);
	slo_spec_free(spec);
	slo_expr_free(cohort_from);
	slo_expr_free(good);
	slo_cli_free(cli);
	return rc;
}
