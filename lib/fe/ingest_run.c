/*
 * ingest_run.c — slo-ingest's run (slo_fe_ingest.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "slo_fe_ingest.h"
#include "slo_num.h"

/* The end-of-run summary (slo-ingest(1) DIAGNOSTICS): reject reasons
 * from ing, skip reasons from skips (all the input's engines merged). */
static void
summary(slo_cli *cli, const slo_input *in, slo_ingest_stats s,
    const slo_ingest *ing, const slo_ingest *skips)
{
	slo_line_counts c = slo_input_counts(in);
	uint64_t mine = 0, n;
	const char *why;

	char skipped[64] = "";

	/* lines read = mapped + skipped + rejected + blank */
	if (s.skipped_objects > 0)
		slo_snprintf(skipped, sizeof skipped, ", %llu skipped (valid, "
		    "no event)", (unsigned long long)s.skipped_objects);
	slo_cli_warn(cli, "%llu lines read: %llu mapped%s, %llu rejected, "
	    "%llu blank; %llu events, %llu written, %llu filtered out, "
	    "%llu rolled up, %llu rollups merged",
	    (unsigned long long)c.lines,
	    (unsigned long long)(c.accepted - s.skipped_objects), skipped,
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
	for (size_t i = 0; (why = slo_ingest_skip_reason(skips, i, &n)) !=
	    NULL; i++)
		if (n > 0)
			slo_cli_warn(cli, "  %llu skipped: %s",
			    (unsigned long long)n, why);
}

/* A chunk's rollup, waiting in its worker's queue for the emitter. */
struct part {
	slo_rollup *rollup;
	struct part *next;
};

/*
 * An engine and the rollup it folds into (borrowed by the engine).  With
 * -j N and --rollup, a worker's engine also notes, line by line, where
 * in the chunk's output its rollup's cut moved (marks), and queues each
 * chunk's rows for the emitter (parts, oldest first, under mu).
 */
struct eng {
	slo_ingest *ing;
	slo_rollup *rollup;
	int index;            /* the worker's */
	slo_ns cut;           /* the rollup's cut at the last mark */
	slo_buf marks;        /* struct mark, the chunk's so far */
	struct part *head, *tail;
	pthread_mutex_t mu;
	int has_mu;
};

/* The output offset after the line where a worker's cut moved, and its
 * horizon there. */
struct mark {
	size_t off;
	slo_ns newest;
};

/* At the end of a chunk's output: its text, then nmarks marks, then this. */
struct trailer {
	size_t text;
	size_t nmarks;
	int worker;
};

static void
eng_free(struct eng *e)
{
	slo_ingest_free(e->ing);
	slo_rollup_free(e->rollup);
	e->ing = NULL;
	e->rollup = NULL;
	slo_buf_release(&e->marks);
	while (e->head != NULL) {
		struct part *p = e->head;
		e->head = p->next;
		slo_rollup_free(p->rollup);
		free(p);
	}
	e->tail = NULL;
	if (e->has_mu)
		pthread_mutex_destroy(&e->mu);
	e->has_mu = 0;
}

/* An engine of the settings, with a rollup of its own when they roll
 * up; -1 after reporting why. */
static int
eng_make(slo_cli *cli, const slo_fe_ingest *x, struct eng *e)
{
	slo_map *map;
	slo_error err;

	slo_error_clear(&err);
	memset(e, 0, sizeof *e);
	e->cut = SLO_NS_NONE;
	if (pthread_mutex_init(&e->mu, NULL) != 0)
		goto nomem;
	e->has_mu = 1;
	if ((e->ing = slo_ingest_new(x->preset)) == NULL)
		goto nomem;
	if (x->map != NULL) {
		if ((map = slo_map_load_file(x->map, &err)) == NULL) {
			slo_cli_report(cli, &err);
			goto fail;
		}
		slo_ingest_set_map_take(e->ing, map);
	}
	if (x->text != NULL)
		slo_ingest_set_textlog(e->ing, x->text);
	slo_ingest_set_guess(e->ing, x->guess);
	if (x->span_kinds != NULL &&
	    slo_ingest_set_span_kinds(e->ing, x->span_kinds, &err) != SLO_OK) {
		slo_cli_usage_error(cli, "invalid --span-kinds: %s", err.msg);
		goto fail;
	}
	for (size_t i = 0; i < x->nsets; i++)
		if (slo_ingest_set(e->ing, x->sets[i], &err) != SLO_OK) {
			slo_cli_usage_error(cli, "invalid --set: %s", err.msg);
			goto fail;
		}
	slo_ingest_set_cohort_from(e->ing, x->cohort_from);
	slo_ingest_set_good(e->ing, x->good);
	slo_ingest_set_where(e->ing, slo_cli_where(cli));
	if (x->rollup > 0) {
		if ((e->rollup = slo_rollup_new(x->rollup)) == NULL)
			goto nomem;
		if (x->spec != NULL && slo_rollup_add_spec(e->rollup, x->spec,
		    &err) != SLO_OK) {
			slo_cli_report(cli, &err);
			goto fail;
		}
		if (slo_rollup_set_lateness(e->rollup, x->lateness) != SLO_OK)
			goto nomem;
		slo_ingest_set_rollup(e->ing, e->rollup);
	}
	return 0;
nomem:
	slo_cli_warn(cli, "out of memory");
fail:
	eng_free(e);
	return -1;
}

/*
 * After each line a worker maps: when its rollup's cut moved, where in
 * the chunk's output, and to what horizon, so that the emitter can flush
 * the rows it closes there, as -j 1 does after that line.
 */
static slo_status
mark(struct eng *e, slo_status st, const slo_buf *out, slo_error *err)
{
	struct mark m;

	if (e->rollup == NULL || slo_rollup_cut(e->rollup) == e->cut)
		return st;
	e->cut = slo_rollup_cut(e->rollup);
	m.off = out->len;
	m.newest = slo_rollup_newest(e->rollup);
	if (slo_buf_append(&e->marks, &m, sizeof m) != SLO_OK)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	return st;
}

/* slo_input_run()'s callbacks: one engine per thread. */
static slo_status
map_object(void *state, json_t *obj, slo_buf *out, slo_error *err)
{
	struct eng *e = state;

	return mark(e, slo_ingest_object(e->ing, obj, out, err), out, err);
}

/* The same from the raw line: the canonical preset's fast path. */
static slo_status
map_line(void *state, const char *line, size_t n, slo_buf *out,
    slo_error *err)
{
	struct eng *e = state;

	return mark(e, slo_ingest_line(e->ing, line, n, out, err), out, err);
}

/* The end of a worker's chunk: its rows queued, its marks and a trailer
 * after its output (struct trailer). */
static slo_status
chunk_end(void *state, slo_buf *out, slo_error *err)
{
	struct eng *e = state;
	struct trailer t = { out->len, e->marks.len / sizeof (struct mark),
		e->index };
	struct part *p = malloc(sizeof *p);

	if (p == NULL || (p->rollup = slo_rollup_take(e->rollup)) == NULL) {
		free(p);
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	}
	p->next = NULL;
	pthread_mutex_lock(&e->mu);
	if (e->tail != NULL)
		e->tail->next = p;
	else
		e->head = p;
	e->tail = p;
	pthread_mutex_unlock(&e->mu);
	e->cut = SLO_NS_NONE;
	if (slo_buf_append(out, e->marks.data, e->marks.len) != SLO_OK ||
	    slo_buf_append(out, &t, sizeof t) != SLO_OK)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	slo_buf_reset(&e->marks);
	return SLO_OK;
}

/* The oldest chunk rollup worker e queued. */
static slo_rollup *
part_pop(struct eng *e)
{
	struct part *p;
	slo_rollup *r = NULL;

	pthread_mutex_lock(&e->mu);
	if ((p = e->head) != NULL) {
		e->head = p->next;
		if (e->head == NULL)
			e->tail = NULL;
	}
	pthread_mutex_unlock(&e->mu);
	if (p != NULL) {
		r = p->rollup;
		free(p);
	}
	return r;
}

/* What the emitter needs: the tool, main's engine and the workers'. */
struct emitter {
	slo_cli *cli;
	struct eng *main, *engs;
	slo_buf buf;
};

/*
 * A chunk's output, in input order: its rows absorbed into main's rollup,
 * then its text written with, at each mark, the rows the horizon closes
 * there: the bytes -j 1 writes.  0, 1 when the output closed, or -1.
 */
static int
chunk_emit(void *ctx, slo_buf *out, slo_error *err)
{
	struct emitter *em = ctx;
	slo_rollup *r = em->main->rollup, *part;
	struct trailer t;
	struct mark m;
	size_t at = 0;
	slo_ns newest;

	memcpy(&t, out->data + out->len - sizeof t, sizeof t);
	if ((part = part_pop(&em->engs[t.worker])) == NULL) {
		slo_error_set(err, SLO_EINVAL, "", 0, 0, "lost rollup chunk");
		return -1;
	}
	newest = slo_rollup_newest(part);
	if (slo_rollup_absorb(r, part, err) != SLO_OK)
		return -1;
	slo_buf_reset(&em->buf);
	for (size_t i = 0; i <= t.nmarks; i++) {
		if (i < t.nmarks)
			memcpy(&m, out->data + t.text + i * sizeof m, sizeof m);
		else
			m.off = t.text;
		if (slo_buf_append(&em->buf, out->data + at, m.off - at) !=
		    SLO_OK)
			goto nomem;
		at = m.off;
		if (i == t.nmarks)
			break;
		slo_rollup_advance(r, m.newest);
		if (slo_rollup_flush(r, &em->buf) != SLO_OK)
			goto nomem;
	}
	slo_rollup_advance(r, newest);
	return em->buf.len > 0 && slo_cli_write(em->cli, &em->buf) < 0;
nomem:
	slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	return -1;
}

/*
 * Each line a thread rejected is mapped again, in input order, by an
 * engine of its own, so that it tallies the reasons in the order of
 * their first occurrence, as -j 1 does.  A rejection does not depend on
 * earlier lines, touches no rollup, and rejects are few.
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
	slo_ingest_stats s = slo_ingest_get_stats(((struct eng *)state)->ing);

	slo_ingest_stats_to(&s, v);
}

/*
 * -j N: N engines map the lines in N threads, output in input order;
 * their rollups merge into main's (slo_ingest_merge()), *stats counts
 * what was written, *reasons tallied the rejects.  Returns -1 to go on
 * (*closed set when the output was closed), or an exit code.
 */
static int
run_parallel(slo_cli *cli, const slo_fe_ingest *x, slo_input *in,
    struct eng *main_eng, struct eng *reasons, slo_ingest_stats *stats,
    int *closed)
{
	int jobs = slo_cli_jobs(cli), rc = -1, r, t;
	struct eng *engs = calloc((size_t)jobs, sizeof *engs);
	struct eng **states = calloc((size_t)jobs, sizeof *states);
	struct emitter em = { cli, main_eng, engs, { 0 } };
	slo_input_par par = { 0 };
	uint64_t totals[SLO_INGEST_NSTATS] = { 0 };
	slo_error err;

	slo_error_clear(&err);
	if (engs == NULL || states == NULL) {
		slo_cli_warn(cli, "out of memory");
		rc = SLO_EXIT_ERROR;
		goto done;
	}
	if (eng_make(cli, x, reasons) < 0) {
		rc = SLO_EXIT_ERROR;
		goto done;
	}
	for (t = 0; t < jobs; t++) {
		if (eng_make(cli, x, &engs[t]) < 0) {
			rc = SLO_EXIT_ERROR;
			goto done;
		}
		engs[t].index = t;
		states[t] = &engs[t];
	}
	par.jobs = jobs;
	par.states = (void *const *)states;
	/* the canonical preset decodes raw lines: its fast path */
	if (slo_ingest_reads_lines(engs[0].ing))
		par.line = map_line;
	else
		par.json = map_object;
	par.rejected = tally_reject;
	par.ctx = reasons->ing;
	/* counted as emitted: with the output closed early, as -j 1 would */
	par.ntally = SLO_INGEST_NSTATS;
	par.tally = tally_stats;
	par.totals = totals;
	/* rollup rows go out in input order as their buckets close */
	if (main_eng->rollup != NULL) {
		par.end = chunk_end;
		par.emit = chunk_emit;
		par.emit_ctx = &em;
	}
	if ((r = slo_input_run(in, &par, &err)) < 0) {
		rc = slo_cli_report(cli, &err);
		goto done;
	}
	*closed = r == 1;
	*stats = slo_ingest_stats_from(totals);
	for (t = 0; t < jobs; t++)
		if (slo_ingest_merge(main_eng->ing, engs[t].ing, &err) != SLO_OK) {
			rc = slo_cli_report(cli, &err);
			goto done;
		}
done:
	for (t = 0; engs != NULL && t < jobs; t++)
		eng_free(&engs[t]);
	free(engs);
	free(states);
	slo_buf_release(&em.buf);
	return rc;
}

/* The input, line by line, into e: -1 to go on, or an exit code. */
static int
run_sequential(slo_cli *cli, slo_input *in, struct eng *e, int *closed)
{
	int by_line = slo_ingest_reads_lines(e->ing);
	slo_buf out = { 0 };
	const char *line = NULL;
	json_t *obj = NULL;
	slo_error err;
	size_t n = 0;
	int rc = -1;

	while (by_line ? slo_input_next_line(in, &line, &n) == 1 :
	    slo_input_next_json(in, &obj, NULL, NULL) == 1) {
		slo_status st = by_line ?
		    slo_ingest_line(e->ing, line, n, &out, &err) :
		    slo_ingest_object(e->ing, obj, &out, &err);

		if (st != SLO_OK) {
			if (err.status == SLO_ENOMEM) {
				slo_cli_warn(cli, "out of memory");
				rc = SLO_EXIT_ERROR;
				break;
			}
			slo_input_reject(in, err.col, "%s", err.msg);
			continue;
		}
		/* the rows of the buckets this line closed */
		if (e->rollup != NULL && slo_rollup_flush(e->rollup, &out) !=
		    SLO_OK) {
			slo_cli_warn(cli, "out of memory");
			rc = SLO_EXIT_ERROR;
			break;
		}
		/* stdio buffers it, or flushes each line with --unbuffered */
		if (out.len > 0 && slo_cli_write(cli, &out) < 0) {
			*closed = 1;
			break;
		}
	}
	slo_buf_release(&out);
	return rc;
}

/* The rollup rows, in 64 KiB writes; -1 when out of memory. */
static int
write_rollup(slo_cli *cli, slo_rollup *r)
{
	slo_buf out = { 0 };
	int rc = 0;

	for (size_t i = 0; i < slo_rollup_nrows(r); i++) {
		if (slo_rollup_row_encode(slo_rollup_row_at(r, i), &out) !=
		    SLO_OK) {
			rc = -1;
			break;
		}
		if (out.len >= 65536 && slo_cli_write(cli, &out) < 0)
			break;
	}
	if (rc == 0)
		slo_cli_write(cli, &out);
	slo_buf_release(&out);
	return rc;
}

int
slo_fe_ingest_run(slo_cli *cli, const slo_fe_ingest *x)
{
	struct eng main_eng = { 0 }, reasons = { 0 };
	slo_input *in = NULL;
	slo_ingest_stats stats;
	int rc, closed = 0;
	/* --unbuffered is for live streams: line by line, one thread */
	int parallel = slo_cli_jobs(cli) > 1 && !slo_cli_unbuffered(cli);

	if (eng_make(cli, x, &main_eng) < 0)
		return SLO_EXIT_ERROR;
	if ((in = slo_input_new(cli)) == NULL) {
		slo_cli_warn(cli, "out of memory");
		rc = SLO_EXIT_ERROR;
		goto done;
	}
	if (parallel)
		rc = run_parallel(cli, x, in, &main_eng, &reasons, &stats,
		    &closed);
	else
		rc = run_sequential(cli, in, &main_eng, &closed);
	if (rc >= 0)
		goto done;
	if (!parallel)
		stats = slo_ingest_get_stats(main_eng.ing);
	if (x->verbose || slo_input_counts(in).rejected > 0)
		summary(cli, in, stats, parallel ? reasons.ing : main_eng.ing,
		    main_eng.ing);
	/*
	 * The rows come at the end, like a verdict, and follow the rule of
	 * the verdict tools (slo_fe.h): none from part of the input, which
	 * slo-eval would then judge as if it were all.
	 */
	rc = slo_input_finish(in);
	if (main_eng.rollup != NULL && !closed && rc == SLO_EXIT_PASS &&
	    (slo_rollup_finish(main_eng.rollup) != SLO_OK ||
	    write_rollup(cli, main_eng.rollup) < 0)) {
		slo_cli_warn(cli, "out of memory");
		rc = SLO_EXIT_ERROR;
	}
done:
	slo_input_free(in);
	eng_free(&main_eng);
	eng_free(&reasons);
	return rc;
}
