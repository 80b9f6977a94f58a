/*
 * flag-audit — flag leaks, exposure and flag debt from evaluation telemetry
 * and a flag registry.  Options and wiring only; the work is in lib/flags.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_cli.h"
#include "slo_flags.h"

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
	opts *o = ctx;
	char *end;
	size_t pos;
	long n;
	int s;

	switch (opt) {
	case 'r':
	case OPT_REGISTRY:
		if (o->nregistries == MAX_REGISTRIES)
			return slo_cli_usage_error(cli, "too many --registry files");
		o->registries[o->nregistries++] = arg;
		return 0;
	case OPT_EXAMPLES:
		n = strtol(arg, &end, 10);
		if (*arg < '0' || *arg > '9' || *end != '\0' || n < 0 ||
		    n > SLO_FLAG_EXAMPLES_MAX)
			return slo_cli_usage_error(cli, "invalid --examples '%s': "
			    "want 0 to %d", arg, SLO_FLAG_EXAMPLES_MAX);
		o->audit.examples = (size_t)n;
		return 0;
	case OPT_MAX_ERROR_RATE:
		if (slo_flag_parse_share(arg, &o->audit.max_error_rate) != SLO_OK)
			return slo_cli_usage_error(cli, "invalid --max-error-rate "
			    "'%s': want a share such as 1%% or 0.01", arg);
		return 0;
	case OPT_SETTLE:
		if (slo_duration_parse(arg, strlen(arg), &o->audit.settle,
		    &pos) != SLO_OK || o->audit.settle <= 0)
			return slo_cli_usage_error(cli, "invalid --settle '%s': "
			    "want a duration such as 7d", arg);
		return 0;
	case OPT_FAIL_ON:
		if ((s = slo_level_from_name(arg)) < 0)
			return slo_cli_usage_error(cli, "invalid --fail-on '%s': "
			    "want critical, high, medium or low", arg);
		o->audit.fail_on = (slo_level)s;
		return 0;
	case OPT_SUMMARY:
		o->audit.summary = 1;
		return 0;
	case OPT_MAX_GROUPS:
		n = strtol(arg, &end, 10);
		if (*arg < '0' || *arg > '9' || *end != '\0' || n < 0 ||
		    n > 100000000)
			return slo_cli_usage_error(cli, "invalid --max-groups "
			    "'%s': want 0 to 100000000", arg);
		o->audit.max_groups = (size_t)n;
		return 0;
	}
	return slo_cli_usage_error(cli, "unknown option");
}

int
main(int argc, char **argv)
{
	opts o;
	slo_cli_tool tool = {
		"flag-audit", "--registry FILE [options] [file ...]", help,
		SLO_OPT_FORMAT | SLO_OPT_INPUT,
		SLO_FMT_BIT(SLO_FMT_NDJSON) | SLO_FMT_BIT(SLO_FMT_TABLE) |
		    SLO_FMT_BIT(SLO_FMT_MARKDOWN) | SLO_FMT_BIT(SLO_FMT_JUNIT),
		long_options, "r:", on_option, &o
	};
	slo_cli *cli;
	slo_flag_registry *reg = NULL;
	slo_flag_audit *audit = NULL;
	slo_input *in = NULL;
	slo_event ev;
	slo_error err;
	slo_buf out = { 0 };
	uint64_t folded, nfolded;
	size_t i;
	int rc, in_rc, est;

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
	if ((reg = slo_flag_registry_new()) == NULL)
		goto nomem;
	for (i = 0; i < o.nregistries; i++) {
		slo_error_clear(&err);
		if (slo_flag_registry_load_file(reg, o.registries[i], &err) !=
		    SLO_OK) {
			rc = slo_cli_report(cli, &err);
			goto done;
		}
	}
	o.audit.at = slo_cli_at(cli);
	if ((audit = slo_flag_audit_new(reg, &o.audit)) == NULL ||
	    (in = slo_input_new(cli)) == NULL)
		goto nomem;
	/* The decoder rejects flag events without a flag (slo-events(5)). */
	while (slo_input_next_event(in, &ev) == 1) {
		slo_error_clear(&err);
		switch (slo_flag_audit_add(audit, &ev, &err)) {
		case SLO_OK:
			break;
		case SLO_ENOMEM:
			goto nomem;
		default: /* a malformed rollup line */
			slo_input_reject(in, err.col, "%s", err.msg);
		}
	}
	in_rc = slo_input_finish(in);
	if (in_rc != SLO_EXIT_PASS) {
		rc = in_rc;
		goto done;
	}
	if (slo_flag_audit_finish(audit, NULL) != SLO_OK)
		goto nomem;
	if (slo_flag_audit_at(audit) == SLO_NS_NONE &&
	    slo_flag_registry_count(reg) > 0)
		slo_cli_warn(cli, "no event time and no --at: stale and "
		    "fully_rolled_out not checked");
	if ((folded = slo_flag_audit_folded(audit, &nfolded, &est)) > 0)
		slo_cli_warn(cli, "more than %zu unregistered flags: %s%llu more "
		    "(%llu evaluations) folded into one overflow entry '*'; "
		    "raise --max-groups to tell them apart", o.audit.max_groups,
		    est ? "about " : "", (unsigned long long)folded,
		    (unsigned long long)nfolded);
	if (slo_flag_audit_after_at(audit) > 0)
		slo_cli_warn(cli, "%llu events after --at ignored",
		    (unsigned long long)slo_flag_audit_after_at(audit));
	if (slo_flag_audit_render(audit, slo_cli_format(cli),
	    slo_cli_color(cli), &out) != SLO_OK)
		goto nomem;
	slo_cli_write(cli, &out);
	rc = slo_flag_audit_exit_code(audit);
	goto done;
nomem:
	slo_cli_warn(cli, "out of memory");
	rc = SLO_EXIT_ERROR;
done:
	rc = slo_cli_finish(cli, rc);
	slo_buf_release(&out);
	slo_input_free(in);
	slo_flag_audit_free(audit);
	slo_flag_registry_free(reg);
	slo_cli_free(cli);
	return rc;
}
