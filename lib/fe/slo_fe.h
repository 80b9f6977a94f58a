/*
 * slo_fe.h — one engine lifecycle for every slokit tool that reads events
 * and prints a verdict (slo-eval, flag-audit, promote-check): make the
 * engine, feed it the input (sequentially, or with -j N through N engines
 * merged at the end), decide the reject policy and the exit code, render,
 * write.  Private to the front end, like slo_cli.h.
 *
 * The rule it applies, the same for every tool (their man pages, EXIT
 * STATUS): when an input could not be read, --rejects could not be
 * written, or more lines were rejected than --max-bad allows, nothing is
 * written on standard output (a verdict from part of the input would
 * pretend all is well), the reason is on standard error ("N of M input
 * lines rejected: more than --max-bad allows") and the exit status is 2.
 */
#ifndef SLO_FE_H
#define SLO_FE_H

#include "slo_cli.h"

/*
 * A tool's engine, seen through void pointers.  Each function but
 * warnings is required unless said otherwise; ctx is the tool's own (its
 * options, spec, registry) and is handed to make() and warnings().
 */
typedef struct slo_fe_engine {
	/*
	 * A new empty engine configured from ctx.  slo_fe_run() makes the
	 * one it renders, then with -j N one more per thread, all alike (so
	 * that merge() takes them).  NULL with err set (err->msg empty: out
	 * of memory).
	 */
	void *(*make)(void *ctx, slo_error *err);
	/*
	 * Count one event that passed --where.  SLO_OK; SLO_ENOMEM stops the
	 * run (exit 2); SLO_EMISMATCH stops the run with err->msg reported
	 * at FILE:LINE:COL of the line (COL err->col, or 1) and exit 2 (e.g.
	 * promote-check's --where on a rollup line); any other status
	 * rejects the line with err->col and err->msg, as a malformed line.
	 * With -j it runs in worker threads, one engine each.
	 */
	slo_status (*add)(void *engine, const slo_event *ev, slo_error *err);
	/*
	 * dst += src, src left as it was, in thread order, before finish().
	 * NULL: the tool takes no -j (the input is read sequentially).
	 */
	slo_status (*merge)(void *dst, void *src, slo_error *err);
	void (*free)(void *engine);
	/* After the input, once; an error is reported and exits 2. */
	slo_status (*finish)(void *engine, slo_error *err);
	/* 0 pass, 1 fail, 3 inconclusive (DESIGN.md section 3). */
	int (*exit_code)(void *engine);
	/* The verdict in fmt into out; only SLO_ENOMEM is expected. */
	slo_status (*render)(void *engine, slo_format fmt,
	    const slo_render_opts *ro, slo_buf *out);
	/*
	 * Optional: the tool's end-of-run notices on stderr (slo_cli_warn()),
	 * after finish() and before render().  Returns -1, or an exit code
	 * that replaces exit_code()'s (slo-eval --strict: 2); the verdict is
	 * written either way.
	 */
	int (*warnings)(void *ctx, void *engine, slo_cli *cli);
	void *ctx;
	/*
	 * Optional: with -j N, called on every engine slo_fe_run() makes,
	 * before any event, with N: the engine may run its own merge(),
	 * finish() and free() on N threads (slo_par_tasks()).
	 */
	void (*threads)(void *engine, int jobs);
	/*
	 * Optional: the engine's reader of whole rollup lines, given to the
	 * decoder of every line that goes to the engine (with ctx the
	 * engine: slo_event_decoder_rollup_reader()).
	 */
	slo_rollup_reader *read_rollup;
} slo_fe_engine;

/*
 * Run eng over the input of cli (its operands, slo_input_new()), -j
 * slo_cli_jobs() when eng->merge is set, and write the verdict with
 * slo_cli_write().  Every diagnostic is printed here.  Returns the exit
 * code for slo_cli_finish(): 2 after a fatal error or under the rule
 * above, else warnings()'s or exit_code()'s.  With -j N the output is
 * byte for byte that of -j 1 when merge() is exact.
 */
int slo_fe_run(slo_cli *cli, const slo_fe_engine *eng);

#endif
