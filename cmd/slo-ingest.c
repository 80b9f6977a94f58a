/*
 * slo-ingest — raw log exports in, the canonical event stream out
 * (slo-events(5)), every input line accounted for.  Options and wiring
 * only; the work is in lib/ingest*.c, lib/map.c and lib/rollup.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_cli.h"
#include "slo_ingest.h"
#include "slo_rollup.h"
#include "slo_spec.h"

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
	size_t pos;

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
		if (slo_duration_parse(arg, strlen(arg), &o->rollup, &pos) !=
		    SLO_OK || o->rollup <= 0)
			return slo_cli_usage_error(cli, "invalid --rollup '%s': "
			    "want a duration such as 1m", arg);
		return 0;
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

static slo_expr *
expr_opt(slo_cli *cli, const char *opt, const char *src)
{
	slo_expr *e;
	slo_error err;

	if (src == NULL)
		return NULL;
	slo_error_clear(&err);
	if ((e = slo_expr_new(src, &err)) == NULL)
		slo_cli_usage_error(cli, "invalid %s: column %ld: %s", opt,
		    err.col, err.msg);
	return e;
}

/* The end-of-run summary (slo-ingest(1) DIAGNOSTICS); reasons from ing. */
static void
summary(slo_cli *cli, const slo_input *in, slo_ingest_stats s,
    const slo_ingest *ing)
{
	slo_line_counts c = slo_input_counts(in);
	uint64_t mine = 0, n;
	const char *why;

	slo_cli_warn(cli, "%llu lines read: %llu mapped, %llu rejected, "
	    "%llu blank; %llu events, %llu written, %llu filtered out, "
	    "%llu rolled up, %llu rollups merged",
	    (unsigned long long)c.lines,
	    (unsigned long long)c.accepted,
	    (unsigned long long)c.rejected, (unsigned long long)c.blank,
	    (unsigned long long)s.events, (unsigned long long)s.written,
	    (unsigned long long)s.filtered, (unsigned long long)s.rolled,
	    (unsigned long long)s.merged);
	for (size_t i = 0; (why = slo_ingest_reason(ing, i, &n)) != NULL; i++) {
		slo_cli_warn(cli, "  %llu rejected: %s", (unsigned long long)n,
		    why);
		mine += n;
	}
	if (c.rejected > mine)
		slo_cli_warn(cli, "  %llu rejected: not a json object "
		    "(invalid json or utf-8)",
		    (unsigned long long)(c.rejected - mine));
	if (s.skipped > 0)
		slo_cli_warn(cli, "  %llu records inside lines carried no event",
		    (unsigned long long)s.skipped);
}

/* A new engine with the preset or map and the --set of the command line;
 * NULL after reporting why (*rc the exit code). */
static slo_ingest *
new_ingest(slo_cli *cli, const opts *o, int *rc)
{
	slo_ingest *ing;
	slo_map *map;
	slo_error err;

	slo_error_clear(&err);
	*rc = SLO_EXIT_ERROR;
	ing = slo_ingest_new(o->preset ? (slo_preset)slo_preset_from_name(
	    o->preset) : SLO_PRESET_CANONICAL);
	if (ing == NULL) {
		slo_cli_warn(cli, "out of memory");
		return NULL;
	}
	if (o->map != NULL) {
		if ((map = slo_map_load_file(o->map, &err)) == NULL) {
			*rc = slo_cli_report(cli, &err);
			slo_ingest_free(ing);
			return NULL;
		}
		slo_ingest_set_map(ing, map);
	}
	for (size_t i = 0; i < o->nsets; i++) {
		if (slo_ingest_set(ing, o->sets[i], &err) != SLO_OK) {
			*rc = slo_cli_usage_error(cli, "invalid --set: %s",
			    err.msg);
			slo_ingest_free(ing);
			return NULL;
		}
	}
	return ing;
}

static slo_rollup *
new_rollup(slo_cli *cli, const opts *o, const slo_spec *spec)
{
	slo_rollup *r = slo_rollup_new(o->rollup);
	slo_error err;

	slo_error_clear(&err);
	if (r == NULL)
		slo_cli_warn(cli, "out of memory");
	else if (spec != NULL && slo_rollup_add_spec(r, spec, &err) != SLO_OK) {
		slo_cli_report(cli, &err);
		slo_rollup_free(r);
		r = NULL;
	}
	return r;
}

/* slo_input_run()'s callback: one engine per thread. */
static slo_status
map_object(void *state, json_t *obj, slo_buf *out, slo_error *err)
{
	return slo_ingest_object(state, obj, out, err);
}

/* The same from the raw line: the canonical preset's fast path. */
static slo_status
map_line(void *state, const char *line, size_t n, slo_buf *out,
    slo_error *err)
{
	return slo_ingest_line(state, line, n, out, err);
}

/*
 * Each line a thread rejected is mapped again, in input order, by the
 * engine -j 1 would use, so that it tallies the reasons in the order of
 * their first occurrence.  A rejection does not depend on earlier lines
 * (that engine's rollup is a scratch one), and rejects are few.
 */
static void
tally_reject(void *ctx, const char *line, size_t n)
{
	slo_buf scratch = { 0 };
	slo_error err;

	slo_ingest_line(ctx, line, n, &scratch, &err);
	slo_buf_release(&scratch);
}

/* slo_input_run()'s tally: an engine's counters, in struct order. */
static void
tally_stats(void *state, uint64_t *v)
{
	slo_ingest_stats s = slo_ingest_get_stats(state);

	v[0] = s.objects;
	v[1] = s.rejected;
	v[2] = s.events;
	v[3] = s.written;
	v[4] = s.filtered;
	v[5] = s.rolled;
	v[6] = s.merged;
	v[7] = s.skipped;
}

typedef struct par_state {
	slo_ingest **ings;
	slo_rollup **rollups;
	int jobs;
} par_state;

static void
par_state_free(par_state *ps)
{
	for (int t = 0; t < ps->jobs; t++) {
		slo_ingest_free(ps->ings[t]);
		slo_rollup_free(ps->rollups[t]);
	}
	free(ps->ings);
	free(ps->rollups);
}

/*
 * -j N: N engines (with N rollups) map the lines in N threads; output
 * comes out in input order, rollups merge into `rollup`, *stats sums the
 * engines'.  ing (with a scratch rollup) tallies the reasons.  Returns -1
 * to go on, *closed set when the output was closed, or an exit code.
 */
static int
run_parallel(slo_cli *cli, const opts *o, slo_input *in, slo_ingest *ing,
    const slo_spec *spec, const slo_expr *cohort_from, const slo_expr *good,
    slo_rollup *rollup, int by_line, slo_ingest_stats *stats, int *closed)
{
	par_state ps = { 0 };
	slo_input_par par = { 0 };
	uint64_t totals[8] = { 0 };
	slo_error err;
	int rc = -1, r;

	slo_error_clear(&err);
	ps.jobs = slo_cli_jobs(cli);
	ps.ings = calloc((size_t)ps.jobs, sizeof *ps.ings);
	ps.rollups = calloc((size_t)ps.jobs, sizeof *ps.rollups);
	if (ps.ings == NULL || ps.rollups == NULL) {
		free(ps.ings);
		free(ps.rollups);
		slo_cli_warn(cli, "out of memory");
		return SLO_EXIT_ERROR;
	}
	for (int t = 0; t < ps.jobs; t++) {
		if ((ps.ings[t] = new_ingest(cli, o, &rc)) == NULL)
			goto done;
		rc = SLO_EXIT_ERROR;
		if (rollup != NULL &&
		    (ps.rollups[t] = new_rollup(cli, o, spec)) == NULL)
			goto done;
		rc = -1;
		slo_ingest_set_cohort_from(ps.ings[t], cohort_from);
		slo_ingest_set_good(ps.ings[t], good);
		slo_ingest_set_where(ps.ings[t], slo_cli_where(cli));
		slo_ingest_set_rollup(ps.ings[t], ps.rollups[t]);
	}
	par.jobs = ps.jobs;
	par.states = (void *const *)ps.ings;
	if (by_line)
		par.line = map_line;
	else
		par.json = map_object;
	par.rejected = tally_reject;
	par.ctx = ing;
	/* counted as emitted: with the output closed early, as -j 1 would */
	par.ntally = 8;
	par.tally = tally_stats;
	par.totals = totals;
	if ((r = slo_input_run(in, &par, &err)) < 0) {
		rc = slo_cli_report(cli, &err);
		goto done;
	}
	*closed = r == 1;
	stats->objects = totals[0];
	stats->rejected = totals[1];
	stats->events = totals[2];
	stats->written = totals[3];
	stats->filtered = totals[4];
	stats->rolled = totals[5];
	stats->merged = totals[6];
	stats->skipped = totals[7];
	for (int t = 0; t < ps.jobs; t++) {
		if (rollup != NULL &&
		    slo_rollup_merge(rollup, ps.rollups[t], &err) != SLO_OK) {
			rc = slo_cli_report(cli, &err);
			goto done;
		}
	}
done:
	par_state_free(&ps);
	return rc;
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
	slo_cli *cli;
	slo_ingest *ing = NULL;
	slo_rollup *rollup = NULL, *scratch = NULL;
	slo_spec *spec = NULL;
	slo_expr *cohort_from = NULL, *good = NULL;
	slo_input *in = NULL;
	slo_ingest_stats stats = { 0 };
	slo_error err;
	slo_buf out = { 0 };
	json_t *obj = NULL;
	const char *line = NULL;
	size_t n = 0;
	int rc, closed = 0, parallel, by_line;

	memset(&o, 0, sizeof o);
	if ((cli = slo_cli_new(&tool, stdout, stderr)) == NULL)
		return SLO_EXIT_ERROR;
	if ((rc = slo_cli_parse(cli, argc, argv)) >= 0)
		goto done;
	rc = SLO_EXIT_ERROR;
	slo_error_clear(&err);
	if (o.preset != NULL && o.map != NULL) {
		rc = slo_cli_usage_error(cli, "give --preset or --map, not both");
		goto done;
	}
	if (o.nspecs > 0 && o.rollup == 0) {
		rc = slo_cli_usage_error(cli, "--spec needs --rollup");
		goto done;
	}
	{
		const char *configs[MAX_SPECS + 1];

		configs[0] = o.map;
		for (size_t i = 0; i < o.nspecs; i++)
			configs[1 + i] = o.specs[i];
		if ((rc = slo_cli_check_files(cli, configs, 1 + o.nspecs)) >= 0)
			goto done;
		rc = SLO_EXIT_ERROR;
	}
	/* --unbuffered is for live streams: line by line, one thread */
	parallel = slo_cli_jobs(cli) > 1 && !slo_cli_unbuffered(cli);
	/* the canonical preset decodes raw lines: its fast path */
	by_line = o.map == NULL && (o.preset == NULL ||
	    slo_preset_from_name(o.preset) == SLO_PRESET_CANONICAL);
	if ((ing = new_ingest(cli, &o, &rc)) == NULL)
		goto done;
	rc = SLO_EXIT_ERROR;
	if ((o.cohort_from && !(cohort_from = expr_opt(cli, "--cohort-from",
	    o.cohort_from))) ||
	    (o.good && !(good = expr_opt(cli, "--good", o.good))))
		goto done;
	slo_ingest_set_cohort_from(ing, cohort_from);
	slo_ingest_set_good(ing, good);
	slo_ingest_set_where(ing, slo_cli_where(cli));
	if (o.rollup > 0) {
		if (o.nspecs > 0 && (spec = slo_spec_load_files(o.specs,
		    o.nspecs, &err)) == NULL) {
			rc = slo_cli_report(cli, &err);
			goto done;
		}
		if ((rollup = new_rollup(cli, &o, spec)) == NULL ||
		    (parallel && (scratch = new_rollup(cli, &o, spec)) == NULL))
			goto done;
		slo_ingest_set_rollup(ing, parallel ? scratch : rollup);
	}
	if ((in = slo_input_new(cli)) == NULL)
		goto nomem;
	if (parallel) {
		if ((rc = run_parallel(cli, &o, in, ing, spec, cohort_from,
		    good, rollup, by_line, &stats, &closed)) >= 0)
			goto done;
	}
	while (by_line ? slo_input_next_line(in, &line, &n) == 1 :
	    slo_input_next_json(in, &obj, NULL, NULL) == 1) {
		slo_status st = by_line ? slo_ingest_line(ing, line, n, &out,
		    &err) : slo_ingest_object(ing, obj, &out, &err);

		if (st != SLO_OK) {
			if (err.status == SLO_ENOMEM)
				goto nomem;
			slo_input_reject(in, err.col, "%s", err.msg);
			continue;
		}
		/* stdio buffers it, or flushes each line with --unbuffered */
		if (out.len > 0 && slo_cli_write(cli, &out) < 0) {
			closed = 1;
			break;
		}
	}
	if (!parallel)
		stats = slo_ingest_get_stats(ing);
	if (o.verbose || slo_input_counts(in).rejected > 0)
		summary(cli, in, stats, ing);
	rc = slo_input_finish(in);
	if (rollup != NULL && !closed) {
		for (size_t i = 0; i < slo_rollup_nrows(rollup); i++) {
			if (slo_rollup_row_encode(slo_rollup_row_at(rollup, i),
			    &out) != SLO_OK)
				goto nomem;
			if (out.len >= 65536 && slo_cli_write(cli, &out) < 0)
				break;
		}
		slo_cli_write(cli, &out);
	}
	goto done;
nomem:
	slo_cli_warn(cli, "out of memory");
	rc = SLO_EXIT_ERROR;
done:
	rc = slo_cli_finish(cli, rc);
	slo_buf_release(&out);
	slo_input_free(in);
	slo_ingest_free(ing);
	slo_rollup_free(rollup);
	slo_rollup_free(scratch);
	slo_spec_free(spec);
	slo_expr_free(cohort_from);
	slo_expr_free(good);
	slo_cli_free(cli);
	return rc;
}
