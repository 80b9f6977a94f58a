/*
 * ingest_main.c — slo-ingest's options checked together and turned into
 * the settings its run takes (slo_fe_ingest.h).
 */
#include <string.h>

#include "slo_fe_ingest.h"

/* What --preset (auto: guessed from the input), --log-format and
 * --log-format-syntax name: a text program in *text, or a JSON preset in
 * x->preset; -1 to go on. */
static int
input_form(slo_cli *cli, const slo_fe_ingest_opts *o, slo_fe_ingest *x,
    slo_textlog **text)
{
	const char *preset = o->preset;
	slo_error err;
	int syn;

	slo_error_clear(&err);
	x->preset = SLO_PRESET_CANONICAL;
	if ((o->preset != NULL) + (o->map != NULL) + (o->log_format != NULL) > 1)
		return slo_cli_usage_error(cli, o->log_format == NULL ?
		    "give --preset or --map, not both" :
		    "give one of --preset, --map and --log-format");
	if (o->log_syntax != NULL && o->log_format == NULL)
		return slo_cli_usage_error(cli, "--log-format-syntax needs --log-format");
	/* reads the first lines, so after every other check of usage */
	if (preset != NULL && strcmp(preset, "auto") == 0 &&
	    (preset = slo_fe_ingest_auto(cli)) == NULL)
		return SLO_EXIT_ERROR;
	if ((o->nlabels > 0 || o->log_tz != NULL) && o->log_format == NULL &&
	    (preset == NULL || !slo_textlog_is_preset(preset)))
		return slo_cli_usage_error(cli, "--log-label and --log-tz need a "
		    "text log: --log-format or a text --preset");
	if (o->log_format != NULL) {
		syn = slo_textlog_syntax_from_name(o->log_syntax ? o->log_syntax : "nginx");
		if (syn < 0)
			return slo_cli_usage_error(cli, "invalid --log-format-syntax "
			    "'%s': want nginx, apache or envoy", o->log_syntax);
		if ((*text = slo_textlog_compile((slo_textlog_syntax)syn,
		    o->log_format, strlen(o->log_format), &err)) == NULL)
			return slo_cli_usage_error(cli, "invalid --log-format: "
			    "column %ld: %s", err.col, err.msg);
	} else if (preset != NULL && slo_textlog_is_preset(preset)) {
		if ((*text = slo_textlog_preset(preset, &err)) == NULL)
			return slo_cli_report(cli, &err);
	} else if (preset != NULL) {
		int p = slo_preset_from_name(preset);

		if (p < 0)
			return slo_cli_usage_error(cli, "unknown preset '%s': want "
			    "canonical, otlp, envoy, gcp, ecs, traefik, goff, "
			    "unleash, or a text log: nginx, apache, envoy-text, "
			    "istio-text, haproxy, alb; or auto", preset);
		x->preset = (slo_preset)p;
	}
	for (size_t i = 0; *text != NULL && i < o->nlabels; i++) {
		const char *eq = strchr(o->labels[i], '=');
		char field[128];
		size_t n = eq ? (size_t)(eq - o->labels[i]) : 0;

		if (eq == NULL || n == 0 || n >= sizeof field || eq[1] == '\0')
			return slo_cli_usage_error(cli, "invalid --log-label '%s': "
			    "want FIELD=LABEL", o->labels[i]);
		memcpy(field, o->labels[i], n);
		field[n] = '\0';
		if (slo_textlog_label(*text, field, eq + 1, &err) != SLO_OK)
			return slo_cli_usage_error(cli, "invalid --log-label '%s': %s",
			    o->labels[i], err.msg);
	}
	x->text = *text;
	return -1;
}

/*
 * --rollup-lateness: how far behind the newest request a bucket stays
 * open (slo_rollup_set_lateness()); 0 is allowed, for input strictly in
 * time order.  -1 to go on.
 */
static int
lateness(slo_cli *cli, const slo_fe_ingest_opts *o, slo_ns *out)
{
	size_t pos;

	*out = SLO_FE_INGEST_LATENESS;
	if (o->lateness == NULL)
		return -1;
	if (o->rollup == 0)
		return slo_cli_usage_error(cli, "--rollup-lateness needs --rollup");
	if (slo_duration_parse(o->lateness, strlen(o->lateness), out, &pos) !=
	    SLO_OK || *out < 0)
		return slo_cli_usage_error(cli, "invalid --rollup-lateness '%s': "
		    "want a duration such as 5m, or 0s", o->lateness);
	return -1;
}

int
slo_fe_ingest_main(slo_cli *cli, const slo_fe_ingest_opts *o)
{
	slo_fe_ingest x;
	const char *configs[1 + SLO_FE_INGEST_MAX];
	slo_expr *cohort_from = NULL, *good = NULL;
	slo_textlog *text = NULL;
	slo_spec *spec = NULL;
	slo_tz *tz = NULL;
	slo_error err;
	int rc;

	memset(&x, 0, sizeof x);
	slo_error_clear(&err);
	if ((rc = input_form(cli, o, &x, &text)) >= 0)
		goto done;
	if (o->nspecs > 0 && o->rollup == 0) {
		rc = slo_cli_usage_error(cli, "--spec needs --rollup");
		goto done;
	}
	if ((rc = lateness(cli, o, &x.lateness)) >= 0)
		goto done;
	configs[0] = o->map;
	memcpy(configs + 1, o->specs, o->nspecs * sizeof *configs);
	if ((rc = slo_cli_check_files(cli, configs, 1 + o->nspecs)) >= 0)
		goto done;
	if ((rc = slo_cli_expr(cli, "--cohort-from", o->cohort_from,
	    &cohort_from)) != 0 || (rc = slo_cli_expr(cli, "--good", o->good,
	    &good)) != 0)
		goto done;
	if (o->log_tz != NULL) {
		if ((tz = slo_tz_new(o->log_tz, &err)) == NULL) {
			rc = slo_cli_usage_error(cli, "invalid --log-tz '%s': %s",
			    o->log_tz, err.msg);
			goto done;
		}
		slo_textlog_set_tz(text, tz);
	}
	if (o->nspecs > 0 &&
	    (spec = slo_spec_load_files(o->specs, o->nspecs, &err)) == NULL) {
		rc = slo_cli_report(cli, &err);
		goto done;
	}
	x.span_kinds = o->span_kinds;
	x.guess = o->preset == NULL && o->map == NULL && o->log_format == NULL;
	x.map = o->map;
	x.sets = o->sets;
	x.nsets = o->nsets;
	x.cohort_from = cohort_from;
	x.good = good;
	x.rollup = o->rollup;
	x.spec = spec;
	x.verbose = o->verbose;
	rc = slo_fe_ingest_run(cli, &x);
done:
	slo_spec_free(spec);
	slo_expr_free(cohort_from);
	slo_expr_free(good);
	slo_textlog_free(text);
	slo_tz_free(tz);
	return rc;
}
