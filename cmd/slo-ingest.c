/*
 * slo-ingest — raw log exports in, the canonical event stream out
 * (slo-events(5)), every input line accounted for.  Options and wiring
 * only; the work is in lib/ingest/, the run in lib/fe/ingest_run.c.
 */
#include <stdio.h>
#include <string.h>

#include "slo_fe_ingest.h"

enum {
	OPT_COHORT_FROM = 256,
	OPT_GOOD,
	OPT_ROLLUP,
	OPT_LATENESS,
	OPT_SPEC,
	OPT_LOG_FORMAT,
	OPT_LOG_SYNTAX,
	OPT_LOG_LABEL,
	OPT_LOG_TZ,
	OPT_SPAN_KINDS
};

static const struct option long_options[] = {
	{ "preset", required_argument, NULL, 'p' },
	{ "map", required_argument, NULL, 'm' },
	{ "log-format", required_argument, NULL, OPT_LOG_FORMAT },
	{ "log-format-syntax", required_argument, NULL, OPT_LOG_SYNTAX },
	{ "log-label", required_argument, NULL, OPT_LOG_LABEL },
	{ "log-tz", required_argument, NULL, OPT_LOG_TZ },
	{ "span-kinds", required_argument, NULL, OPT_SPAN_KINDS },
	{ "set", required_argument, NULL, 's' },
	{ "cohort-from", required_argument, NULL, OPT_COHORT_FROM },
	{ "good", required_argument, NULL, OPT_GOOD },
	{ "rollup", required_argument, NULL, OPT_ROLLUP },
	{ "rollup-lateness", required_argument, NULL, OPT_LATENESS },
	{ "spec", required_argument, NULL, OPT_SPEC },
	{ "verbose", no_argument, NULL, 'v' },
	{ NULL, 0, NULL, 0 }
};

static const char help[] =
    "  -p, --preset NAME     input format: canonical (default), otlp, envoy,\n"
    "                        gcp, ecs, traefik, goff, unleash; text access\n"
    "                        logs: nginx, apache, envoy-text, istio-text,\n"
    "                        haproxy, alb; auto: guessed from the first lines\n"
    "  -m, --map FILE        map any other JSON log with a YAML field map\n"
    "      --log-format FMT  a text access log of this format string\n"
    "      --log-format-syntax S  nginx (default), apache or envoy\n"
    "      --log-label F=L   keep text log field F as labels.L; repeatable\n"
    "      --log-tz ZONE     zone of text log times without an offset (UTC)\n"
    "      --span-kinds L    otlp span kinds that are requests (default\n"
    "                        unspecified,server,consumer)\n"
    "  -s, --set F=VALUE     set a field on every event (cohort=alpha,\n"
    "                        labels.team=web); repeatable\n"
    "      --cohort-from EXPR  the cohort, from the raw record or the event\n"
    "      --good EXPR       what a good request is (default: status < 500)\n"
    "      --rollup WIDTH    fold requests into rollup lines of WIDTH (1m)\n"
    "      --rollup-lateness D  a bucket's rows go out once requests D newer\n"
    "                        came (5m); later ones make rows of their own\n"
    "      --spec FILE       with --rollup: count each SLO's good and total\n"
    "  -v, --verbose         print the summary even when nothing was rejected\n";

/* Appends arg to list (of SLO_FE_INGEST_MAX); 0 or a usage error. */
static int
add(slo_cli *cli, const char **list, size_t *n, const char *opt,
    const char *arg)
{
	if (*n == SLO_FE_INGEST_MAX)
		return slo_cli_usage_error(cli, "too many %s", opt);
	list[(*n)++] = arg;
	return 0;
}

static int
on_option(void *ctx, slo_cli *cli, int opt, const char *arg)
{
	slo_fe_ingest_opts *o = ctx;

	switch (opt) {
	case 'p': o->preset = arg; return 0;
	case 'm': o->map = arg; return 0;
	case 's': return add(cli, o->sets, &o->nsets, "--set", arg);
	case 'v': o->verbose = 1; return 0;
	case OPT_LOG_FORMAT: o->log_format = arg; return 0;
	case OPT_LOG_SYNTAX: o->log_syntax = arg; return 0;
	case OPT_LOG_LABEL:
		return add(cli, o->labels, &o->nlabels, "--log-label", arg);
	case OPT_LOG_TZ: o->log_tz = arg; return 0;
	case OPT_SPAN_KINDS: o->span_kinds = arg; return 0;
	case OPT_COHORT_FROM: o->cohort_from = arg; return 0;
	case OPT_GOOD: o->good = arg; return 0;
	case OPT_ROLLUP:
		return slo_cli_duration(cli, "--rollup", arg, &o->rollup);
	case OPT_LATENESS: o->lateness = arg; return 0;
	case OPT_SPEC:
		return add(cli, o->specs, &o->nspecs, "--spec files", arg);
	}
	return slo_cli_usage_error(cli, "unknown option");
}

int
main(int argc, char **argv)
{
	slo_fe_ingest_opts o;
	slo_cli_tool tool = {
		"slo-ingest", "[options] [file ...]", help,
		SLO_OPT_WHERE | SLO_OPT_REJECTS | SLO_OPT_MAX_BAD |
		    SLO_OPT_JOBS | SLO_OPT_UNBUFFERED,
		SLO_FMT_BIT(SLO_FMT_NDJSON),
		long_options, "p:m:s:v", on_option, &o
	};
	slo_cli *cli;
	int rc;

	memset(&o, 0, sizeof o);
	if ((cli = slo_cli_new(&tool, stdout, stderr)) == NULL)
		return SLO_EXIT_ERROR;
	if ((rc = slo_cli_parse(cli, argc, argv)) < 0)
		rc = slo_fe_ingest_main(cli, &o);
	rc = slo_cli_finish(cli, rc);
	slo_cli_free(cli);
	return rc;
}
