/*
 * promote-check — the alpha-to-beta promotion gate.  See promote-check(1).
 * Options and wiring only: criteria in lib/spec/promote_spec.c, the
 * engine in lib/engine/promote.c, the formats in lib/render/promote_out.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_fe_engines.h"

enum { OPT_CRITERIA = 'c', OPT_COHORT = 256, OPT_BASELINE, OPT_WINDOW };

struct ctx {
	const char *criteria;
	const char *cohort;
	const char *baseline;
	const char *window;
};

static const struct option options[] = {
	{ "criteria", required_argument, NULL, OPT_CRITERIA },
	{ "cohort", required_argument, NULL, OPT_COHORT },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ NULL, 0, NULL, 0 }
};

static int
on_option(void *vctx, slo_cli *cli, int opt, const char *arg)
{
	struct ctx *ctx = vctx;

	(void)cli;
	switch (opt) {
	case OPT_CRITERIA: ctx->criteria = arg; break;
	case OPT_COHORT: ctx->cohort = arg; break;
	case OPT_BASELINE: ctx->baseline = arg; break;
	case OPT_WINDOW: ctx->window = arg; break;
	default: return slo_cli_usage_error(cli, "unknown option");
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct ctx ctx = { 0 };
	slo_cli_tool tool = {
		.prog = "promote-check",
		.synopsis = "[options] [file ...]",
		.help =
		    "  -c, --criteria FILE   promotion criteria (slo-spec(5) 'promotion:')\n"
		    "      --cohort NAME     candidate cohort (default alpha)\n"
		    "      --baseline NAME   baseline cohort (default baseline)\n"
		    "      --window DUR      evaluate the DUR ending at --at (default:\n"
		    "                        the span of the candidate's events)\n",
		.common = SLO_OPT_FORMAT | SLO_OPT_INPUT | SLO_OPT_JOBS,
		.formats = SLO_FMT_BIT(SLO_FMT_NDJSON) | SLO_FMT_BIT(SLO_FMT_TABLE) |
		    SLO_FMT_BIT(SLO_FMT_JUNIT) | SLO_FMT_BIT(SLO_FMT_MARKDOWN) |
		    SLO_FMT_BIT(SLO_FMT_CSV) | SLO_FMT_BIT(SLO_FMT_TSV),
		.options = options,
		.shortopts = "c:",
		.on_option = on_option,
		.ctx = &ctx,
	};
	slo_promote_criteria crit;
	slo_flag_registry *reg = NULL;
	slo_fe_promote run;
	slo_fe_engine eng;
	slo_cli *cli;
	slo_error err;
	int rc;

	if ((cli = slo_cli_new(&tool, stdout, stderr)) == NULL) {
		fputs("promote-check: out of memory\n", stderr);
		return SLO_EXIT_ERROR;
	}
	if ((rc = slo_cli_parse(cli, argc, argv)) >= 0)
		goto done;
	slo_error_clear(&err);
	if ((rc = slo_cli_check_files(cli, &ctx.criteria, 1)) >= 0)
		goto done;
	if (ctx.criteria == NULL)
		slo_promote_criteria_init(&crit);
	else if ((slo_promote_criteria_load(&crit, ctx.criteria, &err)))
		goto report;
	if ((ctx.cohort &&
	    slo_promote_criteria_set_cohort(&crit, ctx.cohort, &err)) ||
	    (ctx.baseline &&
	    slo_promote_criteria_set_baseline(&crit, ctx.baseline, &err)) ||
	    (ctx.window &&
	    slo_promote_criteria_set_window(&crit, ctx.window, &err)) ||
	    slo_promote_criteria_check(&crit, &err)) {
		rc = slo_cli_usage_error(cli, "%s", err.msg);
		goto done;
	}
	if (slo_promote_criteria_load_registry(&crit, &reg, &err) != SLO_OK)
		goto report;
	run.crit = &crit;
	run.reg = reg;
	run.where = slo_cli_where(cli);
	run.at = slo_cli_at(cli);
	slo_fe_promote_engine(&eng, &run);
	rc = slo_fe_run(cli, &eng);
	goto done;
report:
	if (err.status != SLO_ENOMEM)
		rc = slo_cli_report(cli, &err);
	else {
		slo_cli_warn(cli, "out of memory");
		rc = SLO_EXIT_ERROR;
	}
done:
	rc = slo_cli_finish(cli, rc);
	slo_flag_registry_free(reg);
	slo_cli_free(cli);
	return rc;
}
