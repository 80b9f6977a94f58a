/*
 * test_fe.c — slo_fe_run(), the engine lifecycle of the verdict tools
 * (lib/fe/run.c), driving a toy engine: -j N the same as -j 1, the
 * --max-bad rule (no verdict, exit 2), and an engine's SLO_EMISMATCH
 * stopping the run at its line on both paths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "slo_fe.h"

/* The toy: counts requests and sums their status. */
struct toy {
	uint64_t n, sum;
	int mismatch_at;  /* this status stops the run (SLO_EMISMATCH) */
};

struct toy_ctx {
	int mismatch_at;
	int warned;       /* warnings() ran */
	int with_merge;
};

static void *
toy_make(void *ctx, slo_error *err)
{
	struct toy *t = calloc(1, sizeof *t);

	(void)err;
	if (t != NULL)
		t->mismatch_at = ((struct toy_ctx *)ctx)->mismatch_at;
	return t;
}

static slo_status
toy_add(void *engine, const slo_event *ev, slo_error *err)
{
	struct toy *t = engine;

	if (t->mismatch_at != 0 && ev->status == t->mismatch_at)
		return slo_error_set(err, SLO_EMISMATCH, "", 0, 0,
		    "status %d does not go with the others", ev->status);
	if (!(ev->has & SLO_HAS_TS))
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "request without 'ts'");
	t->n++;
	t->sum += (uint64_t)ev->status;
	return SLO_OK;
}

static slo_status
toy_merge(void *dst, void *src, slo_error *err)
{
	struct toy *d = dst, *s = src;

	(void)err;
	d->n += s->n;
	d->sum += s->sum;
	return SLO_OK;
}

static void toy_free(void *e) { free(e); }
static slo_status toy_finish(void *e, slo_error *err)
{ (void)e; (void)err; return SLO_OK; }
static int toy_exit_code(void *e)
{ return ((struct toy *)e)->n > 0 ? SLO_EXIT_PASS : SLO_EXIT_INCONCLUSIVE; }

static slo_status
toy_render(void *e, slo_format fmt, const slo_render_opts *ro, slo_buf *out)
{
	const struct toy *t = e;

	(void)fmt;
	(void)ro;
	return slo_buf_printf(out, "events %llu sum %llu\n",
	    (unsigned long long)t->n, (unsigned long long)t->sum);
}

static int
toy_warnings(void *ctx, void *e, slo_cli *cli)
{
	((struct toy_ctx *)ctx)->warned = 1;
	slo_cli_warn(cli, "notice: %llu events",
	    (unsigned long long)((struct toy *)e)->n);
	return -1;
}

static char path_in[64];

static slo_cli_tool tool = {
	"t", "[file ...]", "", SLO_OPT_INPUT | SLO_OPT_JOBS,
	SLO_FMT_BIT(SLO_FMT_NDJSON), NULL, NULL, NULL, NULL
};

static char *
slurp(FILE *f)
{
	char *buf = NULL;
	size_t cap = 0, len = 0, got;

	rewind(f);
	do {
		if (cap - len < 4096) {
			cap = cap * 2 + 4096;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	buf[len] = '\0';
	return buf;
}

struct run {
	char *out, *err;
	int rc;
	int warned;
};

static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* slo_fe_run() of the toy with argv (NULL-terminated). */
static struct run
fe_run(struct toy_ctx ctx, char **argv)
{
	FILE *outf = tmpfile(), *errf = tmpfile();
	slo_fe_engine eng = {
		toy_make, toy_add, toy_merge, toy_free, toy_finish,
		toy_exit_code, toy_render, toy_warnings, &ctx, NULL, NULL
	};
	struct run r;
	slo_cli *cli;
	int argc = 0;

	assert_non_null(outf);
	assert_non_null(errf);
	while (argv[argc] != NULL)
		argc++;
	if (!ctx.with_merge)
		eng.merge = NULL;
	cli = slo_cli_new(&tool, outf, errf);
	assert_non_null(cli);
	assert_int_equal(slo_cli_parse(cli, argc, argv), -1);
	r.rc = slo_cli_finish(cli, slo_fe_run(cli, &eng));
	slo_cli_free(cli);
	r.out = slurp(outf);
	r.err = slurp(errf);
	r.warned = ctx.warned;
	fclose(outf);
	fclose(errf);
	return r;
}

/*
 * About 3 MiB (several 1 MiB chunks of the -j path): requests (status
 * 999 on line 2500 only), and every so often a line the classifier
 * rejects, one the toy rejects, a blank and a CRLF line.  Returns the
 * number of lines.
 */
static int
write_input(int lines)
{
	FILE *f = fopen(path_in, "w");

	assert_non_null(f);
	for (int i = 1; i <= lines; i++) {
		if (i % 97 == 0)
			fprintf(f, "{\"kind\":\"request\",\"status\":\xff}\n");
		else if (i % 89 == 0)
			fprintf(f, "{\"kind\":\"request\",\"status\":200}\n");
		else if (i % 83 == 0)
			fprintf(f, " \r\n");
		else
			fprintf(f, "{\"kind\":\"request\",\"ts\":%d,\"status\":%d,"
			    "\"labels\":{\"pad\":\"%0900d\"}}%s\n", 1700000000 + i,
			    i == 2500 ? 999 : 100 + i % 800, 0,
			    i % 7 == 0 ? "\r" : "");
	}
	fclose(f);
	return lines;
}

static void
test_jobs_same_as_sequential(void **state)
{
	struct toy_ctx ctx = { 0, 0, 1 };
	char *argv1[] = { "t", "-j", "1", "--max-bad", "5%", path_in, NULL };
	char *argvj[] = { "t", "-j", "2", "--max-bad", "5%", path_in, NULL };
	static char *jobs[] = { "2", "3", "4" };
	struct run seq;

	(void)state;
	write_input(3300);
	seq = fe_run(ctx, argv1);
	assert_int_equal(seq.rc, SLO_EXIT_PASS);
	assert_true(seq.warned);
	assert_non_null(strstr(seq.out, "events "));
	assert_non_null(strstr(seq.err, ":97:28: invalid utf-8\n"));
	assert_non_null(strstr(seq.err, ":89: request without 'ts'\n"));
	assert_non_null(strstr(seq.err, "notice: "));
	for (size_t k = 0; k < 3; k++) {
		struct run par;

		argvj[2] = jobs[k];
		par = fe_run(ctx, argvj);
		assert_string_equal(par.out, seq.out);
		assert_string_equal(par.err, seq.err);
		assert_int_equal(par.rc, seq.rc);
		run_free(&par);
	}
	run_free(&seq);
}

/* Over --max-bad: no verdict on stdout, no notices, exit 2, the reason. */
static void
test_max_bad_no_verdict(void **state)
{
	struct toy_ctx ctx = { 0, 0, 1 };
	char *argv[] = { "t", "-j", "1", path_in, NULL };
	static char *jobs[] = { "1", "3" };

	(void)state;
	write_input(3300); /* 2.2% rejected: over the default 1% */
	for (size_t k = 0; k < 2; k++) {
		struct run r;

		argv[2] = jobs[k];
		r = fe_run(ctx, argv);
		assert_int_equal(r.rc, SLO_EXIT_ERROR);
		assert_string_equal(r.out, "");
		assert_false(r.warned);
		assert_non_null(strstr(r.err, "input lines rejected: more than "
		    "--max-bad allows\n"));
		run_free(&r);
	}
	/* within it, the verdict */
	{
		char *ok[] = { "t", "--max-bad", "73", path_in, NULL };
		struct run r = fe_run(ctx, ok);

		assert_int_equal(r.rc, SLO_EXIT_PASS);
		assert_non_null(strstr(r.out, "events "));
		run_free(&r);
	}
}

/* An input that cannot be read: no verdict from the others. */
static void
test_unreadable_no_verdict(void **state)
{
	struct toy_ctx ctx = { 0, 0, 1 };
	char *argv[] = { "t", path_in, "/nonexistent/x", NULL };
	struct run r;

	(void)state;
	write_input(10);
	r = fe_run(ctx, argv);
	assert_int_equal(r.rc, SLO_EXIT_ERROR);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "1 of 2 inputs could not be read"));
	run_free(&r);
}

/*
 * SLO_EMISMATCH from add(): the lines before it rejected and reported as
 * usual, then the error at FILE:LINE:1, exit 2, nothing else; -j the same.
 */
static void
test_mismatch_stops_at_its_line(void **state)
{
	struct toy_ctx ctx = { 999, 0, 1 };
	char *argv[] = { "t", "-j", "1", "--max-bad", "100%", path_in, NULL };
	static char *jobs[] = { "1", "2", "4" };
	char want[128];
	struct run seq;

	(void)state;
	write_input(3300);
	seq = fe_run(ctx, argv);
	snprintf(want, sizeof want, "t: %s:2500:1: status 999 does not go "
	    "with the others\n", path_in);
	assert_int_equal(seq.rc, SLO_EXIT_ERROR);
	assert_string_equal(seq.out, "");
	assert_false(seq.warned);
	assert_non_null(strstr(seq.err, ":97:28: invalid utf-8\n"));
	/* the last line, after the first five rejects */
	assert_string_equal(seq.err + strlen(seq.err) - strlen(want), want);
	assert_null(strstr(seq.err, "input lines rejected"));
	for (size_t k = 1; k < 3; k++) {
		struct run par;

		argv[2] = jobs[k];
		par = fe_run(ctx, argv);
		assert_string_equal(par.err, seq.err);
		assert_string_equal(par.out, seq.out);
		assert_int_equal(par.rc, seq.rc);
		run_free(&par);
	}
	run_free(&seq);
}

/* merge NULL: the tool takes no -j, and -j 3 reads sequentially. */
static void
test_no_merge_reads_sequentially(void **state)
{
	struct toy_ctx with = { 0, 0, 1 }, without = { 0, 0, 0 };
	char *argv[] = { "t", "-j", "3", "--max-bad", "5%", path_in, NULL };
	struct run a, b;

	(void)state;
	write_input(400);
	a = fe_run(with, argv);
	b = fe_run(without, argv);
	assert_string_equal(a.out, b.out);
	assert_string_equal(a.err, b.err);
	assert_int_equal(a.rc, b.rc);
	run_free(&a);
	run_free(&b);
}

static int
setup(void **state)
{
	int fd;

	(void)state;
	snprintf(path_in, sizeof path_in, "/tmp/test_fe_in.XXXXXX");
	if ((fd = mkstemp(path_in)) < 0)
		return -1;
	close(fd);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(path_in);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobs_same_as_sequential),
		cmocka_unit_test(test_max_bad_no_verdict),
		cmocka_unit_test(test_unreadable_no_verdict),
		cmocka_unit_test(test_mismatch_stops_at_its_line),
		cmocka_unit_test(test_no_merge_reads_sequentially),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
