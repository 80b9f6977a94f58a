/*
 * run.c — the engine lifecycle every verdict tool shares (slo_fe.h).
 */
#include <stdlib.h>
#include <string.h>

#include "slo_fe.h"

/* Reports a failed make() or finish(); returns SLO_EXIT_ERROR. */
static int
report(slo_cli *cli, slo_error *err)
{
	if (err->msg[0] == '\0' && err->status == SLO_OK)
		err->status = SLO_ENOMEM;
	return slo_cli_report(cli, err);
}

/*
 * The input read here, one event at a time, into engine.  Returns -1 to
 * go on, or an exit code after a fatal error (reported).
 */
static int
run_sequential(slo_cli *cli, slo_input *in, const slo_fe_engine *eng,
    void *engine)
{
	slo_event ev;
	slo_error err;
	slo_status st;

	while (slo_input_next_event(in, &ev) == 1) {
		/* add() sets all of err when it fails: spare a memset of 800
		 * bytes an event, and keep what is read defined */
		err.status = SLO_OK;
		err.file[0] = err.msg[0] = '\0';
		err.line = err.col = 0;
		if ((st = eng->add(engine, &ev, &err)) == SLO_OK)
			continue;
		if (st == SLO_ENOMEM) {
			slo_cli_warn(cli, "out of memory");
			return SLO_EXIT_ERROR;
		}
		if (st == SLO_EMISMATCH) {
			/* at the line, as slo_input_run() reports it */
			slo_error at;

			slo_error_set(&at, st, slo_input_file(in),
			    (long)slo_input_lineno(in), err.col > 0 ? err.col : 1,
			    "%s", err.msg[0] ? err.msg : slo_strerror(st));
			return slo_cli_report(cli, &at);
		}
		slo_input_reject(in, err.col, "%s",
		    err.msg[0] ? err.msg : slo_strerror(st));
	}
	return -1;
}

/*
 * -j N: N engines fed by N threads (slo_input_run()), engine itself the
 * first (merging into an empty engine would copy all of one), the others
 * merged into it in thread order.  Returns -1 to go on, or an exit code.
 */
static int
run_parallel(slo_cli *cli, slo_input *in, const slo_fe_engine *eng,
    void *engine)
{
	int jobs = slo_cli_jobs(cli), rc = -1, t;
	void **engines = calloc((size_t)jobs, sizeof *engines);
	slo_input_par par = { 0 };
	slo_error err;

	slo_error_clear(&err);
	if (engines == NULL) {
		slo_cli_warn(cli, "out of memory");
		return SLO_EXIT_ERROR;
	}
	engines[0] = engine;
	for (t = 1; t < jobs; t++)
		if ((engines[t] = eng->make(eng->ctx, &err)) == NULL) {
			rc = report(cli, &err);
			goto done;
		}
	for (t = 0; t < jobs && eng->threads != NULL; t++)
		eng->threads(engines[t], jobs);
	par.jobs = jobs;
	par.states = engines;
	par.event = eng->add;
	par.read_rollup = eng->read_rollup;
	par.stop_on_mismatch = 1;
	if (slo_input_run(in, &par, &err) < 0) {
		rc = slo_cli_report(cli, &err);
		goto done;
	}
	for (t = 1; t < jobs; t++)
		if (eng->merge(engine, engines[t], &err) != SLO_OK) {
			rc = report(cli, &err);
			goto done;
		}
done:
	for (t = 1; t < jobs; t++)
		if (engines[t] != NULL)
			eng->free(engines[t]);
	free(engines);
	return rc;
}

/*
 * The extra outputs of the run (--junit FILE, --prom FILE, ...), each in
 * its own format, without colour or width limit, each replaced whole.
 * 0, or -1 after a message for each that failed.
 */
static int
write_extras(slo_cli *cli, const slo_fe_engine *eng, void *engine)
{
	slo_render_opts plain = { 0, 0 };
	slo_buf b = { 0 };
	int bad = 0;

	for (int f = 0; f < SLO_FMT__COUNT; f++) {
		if (slo_cli_extra(cli, (slo_format)f) == NULL)
			continue;
		slo_buf_reset(&b);
		if (eng->render(engine, (slo_format)f, &plain, &b) != SLO_OK) {
			slo_cli_warn(cli, "out of memory");
			bad = 1;
			continue;
		}
		bad |= slo_cli_write_extra(cli, (slo_format)f, &b) != 0;
	}
	slo_buf_release(&b);
	return bad ? -1 : 0;
}

int
slo_fe_run(slo_cli *cli, const slo_fe_engine *eng)
{
	slo_input *in = NULL;
	slo_error err;
	slo_buf out = { 0 };
	slo_render_opts ro;
	void *engine;
	int rc, over = -1;

	slo_error_clear(&err);
	if ((engine = eng->make(eng->ctx, &err)) == NULL)
		return report(cli, &err);
	if ((in = slo_input_new(cli)) == NULL) {
		slo_cli_warn(cli, "out of memory");
		rc = SLO_EXIT_ERROR;
		goto done;
	}
	if (eng->read_rollup != NULL)
		slo_input_rollup_reader(in, eng->read_rollup, engine);
	if (eng->merge != NULL && slo_cli_jobs(cli) > 1)
		rc = run_parallel(cli, in, eng, engine);
	else
		rc = run_sequential(cli, in, eng, engine);
	if (rc >= 0)
		goto done;
	/* the reject policy: no verdict from part of the input */
	if ((rc = slo_input_finish(in)) != SLO_EXIT_PASS)
		goto done;
	if (eng->finish(engine, &err) != SLO_OK) {
		rc = report(cli, &err);
		goto done;
	}
	if (eng->warnings != NULL)
		over = eng->warnings(eng->ctx, engine, cli);
	ro = slo_cli_render_opts(cli);
	if (eng->render(engine, slo_cli_format(cli), &ro, &out) != SLO_OK) {
		slo_cli_warn(cli, "out of memory");
		rc = SLO_EXIT_ERROR;
		goto done;
	}
	slo_cli_write(cli, &out);
	rc = over >= 0 ? over : eng->exit_code(engine);
	if (write_extras(cli, eng, engine) != 0)
		rc = SLO_EXIT_ERROR;
done:
	slo_buf_release(&out);
	slo_input_free(in);
	eng->free(engine);
	return rc;
}
