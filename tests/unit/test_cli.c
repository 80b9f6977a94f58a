/* test_cli.c — the line reader, input accounting, rejects and options. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "slo_cli.h"

static FILE *
mem(const char *s, size_t n)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	rewind(f);
	return f;
}

static void
test_reader_lines(void **state)
{
	static const char in[] = "a\nbb\r\n\n  \nlast";
	FILE *f = mem(in, sizeof in - 1);
	slo_reader *r = slo_reader_new(f);
	const char *l;
	size_t n;

	(void)state;
	assert_int_equal(slo_reader_next(r, &l, &n), 1);
	assert_int_equal(n, 1); assert_string_equal(l, "a");
	assert_false(slo_reader_had_cr(r));
	assert_int_equal(slo_reader_next(r, &l, &n), 1);
	assert_int_equal(n, 2); assert_string_equal(l, "bb");
	assert_true(slo_reader_had_cr(r));
	assert_int_equal(slo_reader_next(r, &l, &n), 1);
	assert_int_equal(n, 0);
	assert_int_equal(slo_reader_next(r, &l, &n), 1);
	assert_string_equal(l, "  ");
	assert_int_equal(slo_reader_next(r, &l, &n), 1);
	assert_string_equal(l, "last");
	assert_int_equal(slo_reader_next(r, &l, &n), 0);
	assert_int_equal(slo_reader_next(r, &l, &n), 0);
	slo_reader_free(r);
	fclose(f);
}

static void
test_reader_empty(void **state)
{
	FILE *f = mem("", 0);
	slo_reader *r = slo_reader_new(f);
	const char *l;
	size_t n;

	(void)state;
	assert_int_equal(slo_reader_next(r, &l, &n), 0);
	slo_reader_free(r);
	fclose(f);
}

/* A 64 MiB line between two short ones is read whole (issue 3, item 6). */
static void
test_reader_huge_line(void **state)
{
	size_t big = 64u << 20;
	FILE *f = tmpfile();
	char *chunk = malloc(1 << 20);
	slo_reader *r;
	const char *l;
	size_t n;

	(void)state;
	memset(chunk, 'x', 1 << 20);
	fputs("{}\n", f);
	for (size_t i = 0; i < big >> 20; i++)
		fwrite(chunk, 1, 1 << 20, f);
	fputs("\nend\n", f);
	rewind(f);
	free(chunk);
	r = slo_reader_new(f);
	assert_int_equal(slo_reader_next(r, &l, &n), 1);
	assert_int_equal(n, 2);
	assert_int_equal(slo_reader_next(r, &l, &n), 1);
	assert_int_equal(n, big);
	assert_int_equal(l[0], 'x');
	assert_int_equal(l[big - 1], 'x');
	assert_int_equal(l[big], '\0');
	assert_int_equal(slo_reader_next(r, &l, &n), 1);
	assert_string_equal(l, "end");
	assert_int_equal(slo_reader_next(r, &l, &n), 0);
	slo_reader_free(r);
	fclose(f);
}

static int on_opt_seen;
static int
on_opt(void *ctx, slo_cli *cli, int opt, const char *arg)
{
	(void)ctx; (void)cli; (void)arg;
	if (opt == 256)
		on_opt_seen++;
	return 0;
}

static const struct option tool_opts[] = {
	{ "spec", required_argument, NULL, 256 },
	{ NULL, 0, NULL, 0 }
};

static slo_cli_tool tool = {
	"test-tool", "[options] [file ...]", "  --spec FILE  a spec\n",
	SLO_OPT_FORMAT | SLO_OPT_INPUT, SLO_FMT_BIT(SLO_FMT_NDJSON) | SLO_FMT_BIT(SLO_FMT_TABLE),
	tool_opts, NULL, on_opt, NULL
};

static char path_in[64], path_rej[64];
static FILE *errf, *outf;

static slo_cli *
make_cli(int argc, char **argv, int *rc)
{
	slo_cli *cli;

	errf = tmpfile();
	outf = tmpfile();
	cli = slo_cli_new(&tool, outf, errf);
	assert_non_null(cli);
	*rc = slo_cli_parse(cli, argc, argv);
	return cli;
}

static char *
slurp(FILE *f, size_t *n)
{
	long len;
	char *s;

	fflush(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	s = malloc((size_t)len + 1);
	*n = fread(s, 1, (size_t)len, f);
	s[*n] = '\0';
	return s;
}

static void
write_file(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fwrite(s, 1, n, f);
	fclose(f);
}

/*
 * lines = accepted + rejected + blank, and --rejects holds each rejected
 * line byte for byte after its "# FILE:LINE:COL: reason" line.
 */
static void
test_input_accounting(void **state)
{
	static const char in[] =
	    "{\"a\":1}\n"          /* 1 accepted */
	    "\n"                   /* 2 blank */
	    "{\"a\":\r\n"          /* 3 truncated json, CRLF */
	    "[1,2]\n"              /* 4 not an object */
	    "{\"s\":\"\xff\"}\n"   /* 5 invalid utf-8 at byte 7 */
	    "   \t\n"              /* 6 blank */
	    "{\"b\":2}";           /* 7 accepted, no final newline */
	char *argv[] = { "t", "--rejects", path_rej, "--max-bad", "3", path_in, NULL };
	slo_cli *cli;
	slo_input *inp;
	json_t *obj;
	slo_line_counts c;
	char *rej, *err;
	size_t n;
	int rc, k = 0;

	(void)state;
	write_file(path_in, in, sizeof in - 1);
	cli = make_cli(6, argv, &rc);
	assert_int_equal(rc, -1);
	inp = slo_input_new(cli);
	while (slo_input_next_json(inp, &obj, NULL, NULL) == 1)
		k++;
	assert_int_equal(k, 2);
	c = slo_input_counts(inp);
	assert_int_equal(c.lines, 7);
	assert_int_equal(c.accepted, 2);
	assert_int_equal(c.rejected, 3);
	assert_int_equal(c.blank, 2);
	assert_int_equal(c.lines, c.accepted + c.rejected + c.blank);
	assert_int_equal(slo_input_finish(inp), SLO_EXIT_PASS);
	slo_input_free(inp);
	rej = slurp(fopen(path_rej, "r"), &n);
	assert_non_null(strstr(rej, ":3:"));
	assert_non_null(strstr(rej, "\n{\"a\":\r\n"));
	assert_non_null(strstr(rej, "\n[1,2]\n"));
	assert_non_null(strstr(rej, ":5:7: invalid utf-8\n{\"s\":\"\xff\"}\n"));
	free(rej);
	err = slurp(errf, &n);
	assert_non_null(strstr(err, "test-tool: "));
	assert_non_null(strstr(err, ":4:1: not a json object"));
	assert_non_null(strstr(err, "3 of 7 input lines rejected"));
	free(err);
	slo_cli_free(cli);
	fclose(errf);
	fclose(outf);
}

/* --max-bad: 1 of 2 lines is 50 %: over the default 1 %, within 50%. */
static void
test_max_bad(void **state)
{
	static const char in[] = "{}\nnope\n";
	char *argv1[] = { "t", path_in, NULL };
	char *argv2[] = { "t", "--max-bad", "50%", path_in, NULL };
	char *argv3[] = { "t", "--max-bad", "0", path_in, NULL };
	char **argvs[] = { argv1, argv2, argv3 };
	int argcs[] = { 2, 4, 4 }, want[] = { 2, 0, 2 };
	json_t *obj;

	(void)state;
	write_file(path_in, in, sizeof in - 1);
	for (int i = 0; i < 3; i++) {
		int rc;
		slo_cli *cli = make_cli(argcs[i], argvs[i], &rc);
		slo_input *inp = slo_input_new(cli);

		assert_int_equal(rc, -1);
		while (slo_input_next_json(inp, &obj, NULL, NULL) == 1)
			;
		assert_int_equal(slo_input_finish(inp), want[i]);
		slo_input_free(inp);
		slo_cli_free(cli);
		fclose(errf);
		fclose(outf);
	}
}

/* A reject the tool makes after a line parsed moves it out of accepted. */
static void
test_tool_reject(void **state)
{
	static const char in[] = "{\"x\":1}\n{\"y\":1}\n";
	char *argv[] = { "t", "--max-bad", "100%", path_in, NULL };
	json_t *obj;
	slo_line_counts c;
	int rc;
	slo_cli *cli;
	slo_input *inp;

	(void)state;
	write_file(path_in, in, sizeof in - 1);
	cli = make_cli(4, argv, &rc);
	inp = slo_input_new(cli);
	while (slo_input_next_json(inp, &obj, NULL, NULL) == 1)
		if (json_object_get(obj, "y") != NULL)
			slo_input_reject(inp, 0, "no field 'x'");
	c = slo_input_counts(inp);
	assert_int_equal(c.accepted, 1);
	assert_int_equal(c.rejected, 1);
	assert_int_equal(slo_input_lineno(inp), 2);
	slo_input_finish(inp);
	slo_input_free(inp);
	slo_cli_free(cli);
	fclose(errf);
	fclose(outf);
}

static void
test_options(void **state)
{
	char *a1[] = { "t", "--format", "bogus", NULL };
	char *a2[] = { "t", "--spec", "x", "-f", "table", "--at", "2026-11-26T10:00:00Z", "f1", "f2", NULL };
	char *a3[] = { "t", "--nope", NULL };
	char *a4[] = { "t", "--help", NULL };
	char *a5[] = { "t", "--at", "1700000000.5", NULL };
	char *a6[] = { "t", "--max-bad", "5x", NULL };
	char *a7[] = { "t", "--where", "status >", NULL };
	char *a8[] = { "t", "--spec", NULL };
	char *e;
	size_t n;
	int rc;
	slo_cli *cli;

	(void)state;
	cli = make_cli(3, a1, &rc);
	assert_int_equal(rc, 2);
	e = slurp(errf, &n);
	assert_non_null(strstr(e, "test-tool: unknown format 'bogus'\nTry 'test-tool --help'."));
	free(e); slo_cli_free(cli); fclose(errf); fclose(outf);

	on_opt_seen = 0;
	cli = make_cli(9, a2, &rc);
	assert_int_equal(rc, -1);
	assert_int_equal(on_opt_seen, 1);
	assert_int_equal(slo_cli_format(cli), SLO_FMT_TABLE);
	assert_true(slo_cli_at(cli) == 1795687200LL * SLO_NS_PER_SEC);
	assert_int_equal(slo_cli_noperands(cli), 2);
	assert_string_equal(slo_cli_operand(cli, 1), "f2");
	slo_cli_free(cli); fclose(errf); fclose(outf);

	cli = make_cli(2, a3, &rc);
	assert_int_equal(rc, 2);
	e = slurp(errf, &n);
	assert_non_null(strstr(e, "unknown option '--nope'"));
	free(e); slo_cli_free(cli); fclose(errf); fclose(outf);

	cli = make_cli(2, a4, &rc);
	assert_int_equal(rc, 0);
	e = slurp(outf, &n);
	assert_non_null(strstr(e, "usage: test-tool [options] [file ...]"));
	assert_non_null(strstr(e, "--spec FILE"));
	assert_null(strstr(e, "--jobs"));
	free(e); slo_cli_free(cli); fclose(errf); fclose(outf);

	cli = make_cli(3, a5, &rc);
	assert_int_equal(rc, -1);
	assert_true(slo_cli_at(cli) == 1700000000500000000LL);
	slo_cli_free(cli); fclose(errf); fclose(outf);

	cli = make_cli(3, a6, &rc);
	assert_int_equal(rc, 2);
	slo_cli_free(cli); fclose(errf); fclose(outf);

	cli = make_cli(3, a7, &rc);
	assert_int_equal(rc, 2);
	e = slurp(errf, &n);
	assert_non_null(strstr(e, "--where: column"));
	free(e); slo_cli_free(cli); fclose(errf); fclose(outf);

	cli = make_cli(2, a8, &rc);
	assert_int_equal(rc, 2);
	e = slurp(errf, &n);
	assert_non_null(strstr(e, "needs an argument"));
	free(e); slo_cli_free(cli); fclose(errf); fclose(outf);
}

/* Writing to a full device is an error at finish; to a closed pipe is not. */
static void
test_output_errors(void **state)
{
	slo_cli *cli;
	slo_buf b = { 0 };
	FILE *full = fopen("/dev/full", "w");
	int pfd[2];
	FILE *pw;

	(void)state;
	if (full != NULL) {
		errf = tmpfile();
		cli = slo_cli_new(&tool, full, errf);
		slo_buf_puts(&b, "{\"x\":1}\n");
		slo_cli_write(cli, &b);
		assert_int_equal(slo_cli_finish(cli, 0), SLO_EXIT_ERROR);
		slo_cli_free(cli);
		fclose(full);
		fclose(errf);
	}
	assert_int_equal(pipe(pfd), 0);
	close(pfd[0]);
	pw = fdopen(pfd[1], "w");
	errf = tmpfile();
	cli = slo_cli_new(&tool, pw, errf);
	for (int i = 0; i < 10000; i++) {
		slo_buf_puts(&b, "{\"x\":1}\n");
		if (slo_cli_write(cli, &b) < 0)
			break;
	}
	assert_int_equal(slo_cli_finish(cli, 1), 1);
	{
		size_t n;
		char *e = slurp(errf, &n);
		assert_int_equal(n, 0);
		free(e);
	}
	slo_cli_free(cli);
	fclose(pw);
	fclose(errf);
	slo_buf_release(&b);
}


/* Closes what make_cli() opened. */
static void
drop_cli(slo_cli *cli)
{
	slo_cli_free(cli);
	fclose(errf);
	fclose(outf);
}

/*
 * Issue 14, item 1: --rejects naming an input (directly, by a symbolic or
 * a hard link) or a config file is refused before anything is written;
 * the input stays whole.  /dev/null is nobody's file.
 */
static void
test_check_files(void **state)
{
	static const char in[] = "{}\nbad\n";
	char sym[80], hard[80], cfg[80];
	char *a_same[] = { "t", "--rejects", path_in, path_in, NULL };
	char *a_sym[] = { "t", "--rejects", sym, path_in, NULL };
	char *a_hard[] = { "t", "--rejects", hard, path_in, NULL };
	char *a_cfg[] = { "t", "--rejects", cfg, path_in, NULL };
	char *a_null[] = { "t", "--rejects", "/dev/null", path_in, NULL };
	char *a_ok[] = { "t", "--rejects", path_rej, path_in, NULL };
	const char *configs[] = { NULL, cfg };
	slo_cli *cli;
	slo_input *inp;
	char *e, *back;
	size_t n;
	int rc;

	(void)state;
	snprintf(sym, sizeof sym, "%s.sym", path_in);
	snprintf(hard, sizeof hard, "%s.hard", path_in);
	snprintf(cfg, sizeof cfg, "%s.cfg", path_in);
	write_file(path_in, in, sizeof in - 1);
	write_file(cfg, "slos: []\n", 9);
	unlink(sym);
	unlink(hard);
	assert_int_equal(symlink(path_in, sym), 0);
	assert_int_equal(link(path_in, hard), 0);

	cli = make_cli(4, a_same, &rc);
	assert_int_equal(slo_cli_check_files(cli, NULL, 0), SLO_EXIT_ERROR);
	e = slurp(errf, &n);
	assert_non_null(strstr(e, "--rejects is the same file as input '"));
	free(e);
	drop_cli(cli);

	/* a tool that forgot to check: slo_input_new() refuses all the same */
	cli = make_cli(4, a_sym, &rc);
	inp = slo_input_new(cli);
	assert_non_null(inp);
	assert_int_equal(slo_input_next_line(inp, (const char **)&e, &n), 0);
	assert_true(slo_input_failed(inp));
	assert_int_equal(slo_input_finish(inp), SLO_EXIT_ERROR);
	slo_input_free(inp);
	drop_cli(cli);

	cli = make_cli(4, a_hard, &rc);
	assert_int_equal(slo_cli_check_files(cli, NULL, 0), SLO_EXIT_ERROR);
	drop_cli(cli);

	cli = make_cli(4, a_cfg, &rc);
	assert_int_equal(slo_cli_check_files(cli, configs, 2), SLO_EXIT_ERROR);
	e = slurp(errf, &n);
	assert_non_null(strstr(e, "is the same file as config file '"));
	free(e);
	drop_cli(cli);

	cli = make_cli(4, a_null, &rc);
	assert_int_equal(slo_cli_check_files(cli, configs, 2), -1);
	drop_cli(cli);
	cli = make_cli(4, a_ok, &rc);
	assert_int_equal(slo_cli_check_files(cli, configs, 2), -1);
	drop_cli(cli);

	back = slurp(fopen(path_in, "r"), &n);
	assert_int_equal(n, sizeof in - 1);
	assert_memory_equal(back, in, n);
	free(back);
	unlink(sym);
	unlink(hard);
	unlink(cfg);
}

/*
 * --rejects is made beside the old file and put in its place by
 * slo_input_finish(): until then the old file is whole; a run abandoned
 * (slo_input_free() without finish) leaves it as it was, and no
 * temporary file behind.
 */
static void
test_rejects_in_place(void **state)
{
	static const char in[] = "{}\nbad\n";
	char *argv[] = { "t", "--max-bad", "100%", "--rejects", path_rej, path_in, NULL };
	const char *l;
	char *back;
	slo_cli *cli;
	slo_input *inp;
	size_t n;
	int rc;

	(void)state;
	write_file(path_in, in, sizeof in - 1);
	for (int finish = 0; finish < 2; finish++) {
		write_file(path_rej, "old\n", 4);
		cli = make_cli(6, argv, &rc);
		inp = slo_input_new(cli);
		while (slo_input_next_line(inp, &l, &n) == 1)
			if (l[0] != '{')
				slo_input_reject(inp, 1, "not braced");
		back = slurp(fopen(path_rej, "r"), &n);
		assert_string_equal(back, "old\n");
		free(back);
		if (finish)
			assert_int_equal(slo_input_finish(inp), SLO_EXIT_PASS);
		slo_input_free(inp);
		drop_cli(cli);
		back = slurp(fopen(path_rej, "r"), &n);
		if (finish)
			assert_non_null(strstr(back, ":2:1: not braced\nbad\n"));
		else
			assert_string_equal(back, "old\n");
		free(back);
	}
}

/*
 * Issue 14, item 6: one line per diagnostic and per rejects header, every
 * byte visible.  Expected text by hand: LF -> \n, CR -> \r, ESC (0x1b) ->
 * \x1b, U+009B (c2 9b, a C1 control) -> \xc2\x9b, a lone 0xff -> \xff;
 * "é" (c3 a9) is valid UTF-8 and stays.
 */
static void
test_escaped_diagnostics(void **state)
{
	static const char in[] = "{}\nbad\n";
	char *argv[] = { "t", "--max-bad", "100%", "--rejects", path_rej, path_in, NULL };
	const char *l;
	char *e;
	slo_cli *cli;
	slo_input *inp;
	size_t n;
	int rc;

	(void)state;
	write_file(path_in, in, sizeof in - 1);
	cli = make_cli(6, argv, &rc);
	slo_cli_warn(cli, "a\nb\rc\x1b[31m\xc2\x9b\xff \xc3\xa9\tz");
	inp = slo_input_new(cli);
	while (slo_input_next_line(inp, &l, &n) == 1)
		if (l[0] != '{')
			slo_input_reject(inp, 1, "kind 'x\ny'");
	assert_int_equal(slo_input_finish(inp), SLO_EXIT_PASS);
	slo_input_free(inp);
	e = slurp(errf, &n);
	assert_non_null(strstr(e,
	    "test-tool: a\\nb\\rc\\x1b[31m\\u009b\\xff \xc3\xa9\\tz\n"));
	assert_non_null(strstr(e, ":2:1: kind 'x\\ny'\n"));
	free(e);
	drop_cli(cli);
	e = slurp(fopen(path_rej, "r"), &n);
	assert_non_null(strstr(e, ":2:1: kind 'x\\ny'\nbad\n"));
	free(e);
}

/*
 * Issue 14, item 11: --max-bad 1e30 is a count like any other (it was a
 * double-to-integer cast out of range, undefined); a fraction is not.
 */
static void
test_max_bad_huge(void **state)
{
	static const char in[] = "bad\n";
	char *a_huge[] = { "t", "--max-bad", "1e30", path_in, NULL };
	char *a_frac[] = { "t", "--max-bad", "2.5", path_in, NULL };
	json_t *obj;
	slo_cli *cli;
	slo_input *inp;
	int rc;

	(void)state;
	write_file(path_in, in, sizeof in - 1);
	cli = make_cli(4, a_huge, &rc);
	assert_int_equal(rc, -1);
	inp = slo_input_new(cli);
	while (slo_input_next_json(inp, &obj, NULL, NULL) == 1)
		;
	assert_int_equal(slo_input_counts(inp).rejected, 1);
	assert_int_equal(slo_input_finish(inp), SLO_EXIT_PASS);
	slo_input_free(inp);
	drop_cli(cli);
	cli = make_cli(4, a_frac, &rc);
	assert_int_equal(rc, SLO_EXIT_ERROR);
	drop_cli(cli);
}

/*
 * Issue 14, item 11: an input that cannot be read (a directory: open
 * works, read fails) is reported and the next one is still read.
 */
static void
test_unreadable_goes_on(void **state)
{
	static const char in[] = "{}\n{}\n";
	char *argv[] = { "t", "/", path_in, NULL };
	json_t *obj;
	slo_cli *cli;
	slo_input *inp;
	char *e;
	size_t n;
	int rc, k = 0;

	(void)state;
	write_file(path_in, in, sizeof in - 1);
	cli = make_cli(3, argv, &rc);
	inp = slo_input_new(cli);
	while (slo_input_next_json(inp, &obj, NULL, NULL) == 1)
		k++;
	assert_int_equal(k, 2);
	assert_true(slo_input_failed(inp));
	assert_int_equal(slo_input_finish(inp), SLO_EXIT_ERROR);
	slo_input_free(inp);
	e = slurp(errf, &n);
	assert_non_null(strstr(e, "test-tool: /: Is a directory\n"));
	assert_non_null(strstr(e, "1 of 2 inputs could not be read"));
	free(e);
	drop_cli(cli);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(path_in, sizeof path_in, "/tmp/slo-test-cli-in.%ld", (long)getpid());
	snprintf(path_rej, sizeof path_rej, "/tmp/slo-test-cli-rej.%ld", (long)getpid());
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(path_in);
	unlink(path_rej);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_lines),
		cmocka_unit_test(test_reader_empty),
		cmocka_unit_test(test_reader_huge_line),
		cmocka_unit_test(test_input_accounting),
		cmocka_unit_test(test_max_bad),
		cmocka_unit_test(test_tool_reject),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_output_errors),
		cmocka_unit_test(test_check_files),
		cmocka_unit_test(test_rejects_in_place),
		cmocka_unit_test(test_escaped_diagnostics),
		cmocka_unit_test(test_max_bad_huge),
		cmocka_unit_test(test_unreadable_goes_on),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
