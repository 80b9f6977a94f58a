/*
 * eval_engine.c — slo-eval's engine for the front end's driver
 * (slo_fe_engines.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval_int.h"
#include "slo_adhoc.h"
#include "slo_fe_engines.h"
#include "slo_num.h"
#include "slo_openslo_out.h"
#include "slo_par.h"

static void *
eval_make(void *ctx, slo_error *err)
{
	slo_fe_eval *o = ctx;
	slo_eval *e = slo_eval_new(o->spec, &o->cfg, err);

	if (e != NULL)
		slo_eval_set_registry(e, o->reg);
	return e;
}

/*
 * The engine rejects a request without ts or a malformed rollup (one of
 * another width too: a bad line, not a reason to stop), without a column.
 */
static slo_status
eval_add(void *e, const slo_event *ev, slo_error *err)
{
	slo_status st = slo_eval_add(e, ev, err);

	err->col = 0;
	return st == SLO_EMISMATCH ? SLO_EINVAL : st;
}

static slo_status eval_merge(void *dst, void *src, slo_error *err)
{ return slo_eval_merge(dst, src, err); }

/* -j N: merging, finishing and freeing on N threads too (eval_int.h). */
static void
eval_threads(void *e, int jobs)
{
	slo_eval_set_runner(e, slo_par_tasks, jobs);
}

static void eval_free(void *e) { slo_eval_free(e); }
static slo_status eval_finish(void *e, slo_error *err)
{ return slo_eval_finish(e, err); }
static int eval_exit_code(void *e) { return slo_eval_exit_code(e); }
static slo_status eval_render(void *e, slo_format fmt,
    const slo_render_opts *ro, slo_buf *out)
{ return slo_eval_render_opts(e, fmt, ro, out); }

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
			k += (size_t)slo_snprintf(dims + k, sizeof dims - k,
			    "%s%s", g ? ", " : "", s->group_by[g]);
		slo_cli_warn(cli, "slo '%s': more than %zu groups of [%s]; %llu "
		    "events of further groups counted in one overflow group "
		    "(raise --max-groups)", s->name, slo_eval_max_groups(eval),
		    dims, (unsigned long long)n);
	}
}

/* The end-of-run notices; --strict makes a field never seen exit 2. */
static int
eval_warnings(void *ctx, void *engine, slo_cli *cli)
{
	const slo_fe_eval *o = ctx;
	const slo_eval *e = engine;
	struct unseen_ctx u = { cli, o->strict };

	if (slo_eval_rollup_misses(e) > 0)
		slo_cli_warn(cli, "%llu rollup rows lack counts for an SLO of the spec "
		    "(roll up with slo-ingest --rollup WIDTH --spec FILE)",
		    (unsigned long long)slo_eval_rollup_misses(e));
	warn_overflow(cli, o->spec, e);
	if (slo_eval_where_sketch_misses(e) > 0)
		slo_cli_warn(cli, "%llu rollup latency sketches left out of the "
		    "quantiles: the SLO's where reads fields rollups do not carry",
		    (unsigned long long)slo_eval_where_sketch_misses(e));
	if (slo_eval_sketch_misses(e) > 0)
		slo_cli_warn(cli, "%llu rollup latency sketches of another accuracy "
		    "left out of the quantiles",
		    (unsigned long long)slo_eval_sketch_misses(e));
	if (slo_eval_rollup_straddles(e) > 0)
		slo_cli_warn(cli, "%llu rollup rows begin at or before --at and "
		    "end after it: counted whole, with their requests after "
		    "--at, which events would not be (see slo-eval(1) --at)",
		    (unsigned long long)slo_eval_rollup_straddles(e));
	if (slo_eval_unseen_fields(e, report_unseen, &u) > 0 && o->strict)
		return SLO_EXIT_ERROR;
	return -1;
}

void
slo_fe_eval_engine(slo_fe_engine *eng, slo_fe_eval *ctx)
{
	eng->make = eval_make;
	eng->add = eval_add;
	eng->merge = eval_merge;
	eng->free = eval_free;
	eng->finish = eval_finish;
	eng->exit_code = eval_exit_code;
	eng->render = eval_render;
	eng->warnings = eval_warnings;
	eng->ctx = ctx;
	eng->threads = eval_threads;
	eng->read_rollup = slo_eval_read_rollup;
}

static void
report_spec_error(void *ctx, const slo_error *err)
{
	slo_cli_report(ctx, err);
}

int
slo_fe_eval_validate(slo_cli *cli, const char *const *specs, size_t nspecs,
    slo_ns resolution)
{
	size_t n = slo_cli_noperands(cli), bad;
	const char **paths;

	if (n + nspecs == 0)
		return slo_cli_usage_error(cli, "--validate needs spec files");
	if ((paths = calloc(n + nspecs, sizeof *paths)) == NULL)
		return SLO_EXIT_ERROR;
	if (nspecs > 0)
		memcpy(paths, specs, nspecs * sizeof *paths);
	for (size_t i = 0; i < n; i++)
		paths[nspecs + i] = slo_cli_operand(cli, i);
	bad = slo_spec_validate_res(paths, n + nspecs, resolution,
	    report_spec_error, cli);
	free(paths);
	return bad ? SLO_EXIT_ERROR : SLO_EXIT_PASS;
}

int
slo_fe_eval_registry(slo_cli *cli, slo_fe_eval *ctx, const char *path)
{
	slo_error err;

	slo_error_clear(&err);
	if (ctx->reg == NULL && (ctx->reg = slo_flag_registry_new()) == NULL) {
		slo_cli_warn(cli, "out of memory");
		return SLO_EXIT_ERROR;
	}
	if (slo_flag_registry_load_file(ctx->reg, path, &err) != SLO_OK)
		return slo_cli_report(cli, &err);
	return 0;
}

int
slo_fe_eval_load(slo_cli *cli, slo_fe_eval *ctx, const char *const *specs,
    size_t nspecs, struct slo_adhoc *adhoc, slo_spec **spec)
{
	slo_error err;

	slo_error_clear(&err);
	*spec = NULL;
	if (nspecs > 0 && adhoc->n > 0)
		return slo_cli_usage_error(cli, "give either --spec or an ad-hoc "
		    "SLO (--objective ...), not both");
	if (nspecs == 0 && adhoc->n == 0)
		return slo_cli_usage_error(cli, "no SLO: give --spec FILE, or "
		    "--objective and --good");
	*spec = nspecs > 0 ? slo_spec_load_files(specs, nspecs, &err) :
	    slo_adhoc_spec(adhoc, &err);
	ctx->spec = *spec;
	return *spec == NULL ? slo_cli_report(cli, &err) : -1;
}

int
slo_fe_eval_export(slo_cli *cli, slo_fe_eval *ctx, const char *const *specs,
    size_t nspecs, struct slo_adhoc *adhoc, slo_spec **spec)
{
	size_t n = slo_cli_noperands(cli), i;
	const char **paths;
	slo_buf out = { 0 };
	slo_error err;
	int rc;

	if ((paths = calloc(n + nspecs + 1, sizeof *paths)) == NULL)
		return SLO_EXIT_ERROR;
	if (nspecs > 0)
		memcpy(paths, specs, nspecs * sizeof *paths);
	for (i = 0; i < n; i++)
		paths[nspecs + i] = slo_cli_operand(cli, i);
	if ((rc = slo_cli_check_files(cli, paths, n + nspecs)) < 0 &&
	    (rc = slo_fe_eval_load(cli, ctx, paths, n + nspecs, adhoc,
	    spec)) < 0) {
		slo_error_clear(&err);
		if (slo_spec_count(*spec) == 0)
			slo_cli_warn(cli, "no SLO in the spec files: nothing "
			    "to export");
		if (slo_openslo_write(*spec, &out, &err) != SLO_OK)
			rc = slo_cli_report(cli, &err);
		else
			rc = slo_cli_write(cli, &out) == 0 ? SLO_EXIT_PASS :
			    SLO_EXIT_ERROR;
	}
	slo_buf_release(&out);
	free(paths);
	return rc;
}
