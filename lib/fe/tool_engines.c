/*
 * tool_engines.c — flag-audit's and promote-check's engines for the front
 * end's driver (slo_fe_engines.h).
 */
#include "slo_fe_engines.h"

static void
warn_note(void *cli, const char *msg)
{
	slo_cli_warn(cli, "%s", msg);
}

/* ---- flag-audit --------------------------------------------------------- */

static void *
audit_make(void *ctx, slo_error *err)
{
	const slo_fe_audit *o = ctx;
	slo_flag_audit *a = slo_flag_audit_new(o->reg, &o->opts);

	if (a == NULL)
		slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	return a;
}

static slo_status audit_add(void *a, const slo_event *ev, slo_error *err)
{ return slo_flag_audit_add(a, ev, err); }
static slo_status audit_merge(void *dst, void *src, slo_error *err)
{ return slo_flag_audit_merge(dst, src, err); }
static void audit_free(void *a) { slo_flag_audit_free(a); }
static slo_status audit_finish(void *a, slo_error *err)
{ return slo_flag_audit_finish(a, err); }
static int audit_exit_code(void *a) { return slo_flag_audit_exit_code(a); }
static slo_status audit_render(void *a, slo_format fmt,
    const slo_render_opts *ro, slo_buf *out)
{ return slo_flag_audit_render_opts(a, fmt, ro, out); }

static int
audit_warnings(void *ctx, void *a, slo_cli *cli)
{
	(void)ctx;
	slo_flag_audit_notes(a, warn_note, cli);
	return -1;
}

void
slo_fe_audit_engine(slo_fe_engine *eng, slo_fe_audit *ctx)
{
	eng->make = audit_make;
	eng->add = audit_add;
	eng->merge = audit_merge;
	eng->free = audit_free;
	eng->finish = audit_finish;
	eng->exit_code = audit_exit_code;
	eng->render = audit_render;
	eng->warnings = audit_warnings;
	eng->ctx = ctx;
	eng->threads = NULL;
	eng->read_rollup = NULL;
}

/* ---- promote-check ------------------------------------------------------ */

static void *
promote_make(void *ctx, slo_error *err)
{
	const slo_fe_promote *o = ctx;
	slo_promote *p = slo_promote_new(o->crit, o->at, err);

	if (p == NULL)
		return NULL;
	slo_promote_set_where(p, o->where);
	if (slo_promote_set_registry(p, o->reg) != SLO_OK) {
		slo_promote_free(p);
		slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		return NULL;
	}
	return p;
}

/* --where on a rollup line stops the run at the line's first column. */
static slo_status
promote_add(void *p, const slo_event *ev, slo_error *err)
{
	slo_status st = slo_promote_add(p, ev, err);

	if (st == SLO_EMISMATCH)
		err->col = 1;
	return st;
}

static slo_status promote_merge(void *dst, void *src, slo_error *err)
{ return slo_promote_merge(dst, src, err); }
static void promote_free(void *p) { slo_promote_free(p); }
static slo_status promote_finish(void *p, slo_error *err)
{ return slo_promote_finish(p, err); }
static int promote_exit_code(void *p) { return slo_promote_exit_code(p); }
static slo_status promote_render(void *p, slo_format fmt,
    const slo_render_opts *ro, slo_buf *out)
{ return slo_promote_render_opts(p, fmt, ro, out); }

static int
promote_warnings(void *ctx, void *p, slo_cli *cli)
{
	(void)ctx;
	slo_promote_notes(p, warn_note, cli);
	return -1;
}

void
slo_fe_promote_engine(slo_fe_engine *eng, slo_fe_promote *ctx)
{
	eng->make = promote_make;
	eng->add = promote_add;
	eng->merge = promote_merge;
	eng->free = promote_free;
	eng->finish = promote_finish;
	eng->exit_code = promote_exit_code;
	eng->render = promote_render;
	eng->warnings = promote_warnings;
	eng->ctx = ctx;
	eng->threads = NULL;
	eng->read_rollup = NULL;
}
