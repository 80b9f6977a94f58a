/*
 * test_fuzz_replay.c — replays every input kept in tests/fuzz/corpus/NAME/
 * and tests/fuzz/crashers/NAME/ through the fuzz target NAME of
 * tests/fuzz/targets.c, built with the normal compiler (no clang, no
 * libFuzzer), so `make test` and, under ASan+UBSan, `make check` keep the
 * seeds and every crash ever found as regression inputs.
 *
 * Inputs in tests/fuzz/known-render/NAME/ trip renderer bugs known and
 * being fixed (tests/fuzz/known-render/README); they are replayed only
 * with SLO_FUZZ_KNOWN_RENDER=1, to check a fix.  The renderer invariants
 * (tests/fuzz/checks.c) are all on unless SLO_FUZZ_STRICT_RENDER says
 * otherwise.
 *
 * The tree is found from the working directory (`make test` runs at the
 * top), else from __FILE__, else from $SLO_FUZZ_DIR.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "../fuzz/targets.c"

static char fuzz_dir[1024];
static char failures[4096];
static size_t nfailures;
static const char *current_file;

static void
record_failure(const char *msg)
{
	size_t len = strlen(failures);

	nfailures++;
	if (len + 1 < sizeof failures)
		snprintf(failures + len, sizeof failures - len, "%s: %s\n",
		    current_file, msg);
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Find tests/fuzz: from the cwd, beside this file, or from the env. */
static int
find_fuzz_dir(void)
{
	const char *env = getenv("SLO_FUZZ_DIR");
	const char *slash;

	if (env != NULL && *env != '\0') {
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s", env);
		return is_dir(fuzz_dir);
	}
	snprintf(fuzz_dir, sizeof fuzz_dir, "tests/fuzz");
	if (is_dir(fuzz_dir))
		return 1;
	/* __FILE__ is .../tests/unit/test_fuzz_replay.c */
	slash = strrchr(__FILE__, '/');
	if (slash != NULL) {
		snprintf(fuzz_dir, sizeof fuzz_dir, "%.*s/../fuzz",
		    (int)(slash - __FILE__), __FILE__);
		if (is_dir(fuzz_dir))
			return 1;
	}
	return 0;
}

static uint8_t *
read_whole(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *data = NULL, *p;
	size_t cap = 0, n = 0, got;

	if (fp == NULL)
		return NULL;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((p = realloc(data, cap)) == NULL) {
				free(data);
				fclose(fp);
				return NULL;
			}
			data = p;
		}
		got = fread(data + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	fclose(fp);
	*size = n;
	return data;
}

/* Replay every regular file of DIR/NAME; returns how many. */
static size_t
replay_dir(const char *kind, const slo_fuzz_target *t)
{
	char dir[1200], path[1500];
	struct dirent *de;
	size_t count = 0;
	DIR *d;

	snprintf(dir, sizeof dir, "%s/%s/%s", fuzz_dir, kind, t->name);
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		uint8_t *data;
		size_t size = 0;
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if ((data = read_whole(path, &size)) == NULL && st.st_size > 0)
			fail_msg("cannot read %s: %s", path, strerror(errno));
		current_file = path;
		/* An empty file still counts: the target gets a valid pointer. */
		t->fn(data != NULL ? data : (const uint8_t *)"", size);
		free(data);
		count++;
	}
	closedir(d);
	return count;
}

static void
test_replay(void **state)
{
	const slo_fuzz_target *t = *state;
	size_t seeds, crashers;

	nfailures = 0;
	failures[0] = '\0';
	slo_fuzz_on_fail = record_failure;
	seeds = replay_dir("corpus", t);
	crashers = replay_dir("crashers", t);
	print_message("%s: %zu seeds, %zu crashers\n", t->name, seeds, crashers);
	if (getenv("SLO_FUZZ_KNOWN_RENDER") != NULL &&
	    strcmp(getenv("SLO_FUZZ_KNOWN_RENDER"), "1") == 0)
		print_message("%s: %zu known renderer bugs\n", t->name,
		    replay_dir("known-render", t));
	if (nfailures > 0)
		fail_msg("%zu broken properties:\n%s", nfailures, failures);
	/* A target without seeds would be a silent gap. */
	assert_true(seeds > 0);
}

/* The target table itself: a property failure must be seen. */
static void
test_failure_is_recorded(void **state)
{
	(void)state;
	nfailures = 0;
	failures[0] = '\0';
	current_file = "self-test";
	slo_fuzz_on_fail = record_failure;
	slo_fuzz_fail("expected %d", 1);
	assert_int_equal(nfailures, 1);
	assert_non_null(strstr(failures, "self-test: expected 1"));
	nfailures = 0;
}

/*
 * The renderer invariants (tests/fuzz/checks.c) must see what they are
 * for: each bad output below breaks exactly the invariant named, and a
 * good one of the same format breaks none.
 */
typedef struct render_case {
	int fmt;
	const char *out;
	const char *invariant; /* NULL: a good output */
} render_case;

static const render_case render_cases[] = {
	{ SLO_FMT_NDJSON, "{\"a\":1}\n{\"b\":[2]}\n", NULL },
	{ SLO_FMT_NDJSON, "{\"a\":1}\n{\"b\":\n", "json:" },
	{ SLO_FMT_NDJSON, "[1]\n", "json:" },
	{ SLO_FMT_NDJSON, "{\"a\":1,\"a\":2}\n", "json-dup:" },
	{ SLO_FMT_TABLE, "SLO  STATUS\nx\tok\n", NULL },
	{ SLO_FMT_TABLE, "SLO  STATUS\nx\033[31m ok\n", "table-ctl:" },
	{ SLO_FMT_TABLE, "SLO\r\n", "table-ctl:" },
	{ SLO_FMT_TABLE, "caf\xc3\n", "utf8:" },
	{ SLO_FMT_TABLE, "\xed\xa0\x80\n", "utf8:" }, /* a surrogate */
	{ SLO_FMT_MARKDOWN, "| a | b |\n|---|---|\n| x \\| y | \\<img> |\n",
	    NULL },
	{ SLO_FMT_MARKDOWN, "| a | b |\n|---|---|\n| <img> | y |\n", "md-lt:" },
	{ SLO_FMT_MARKDOWN, "| a | b |\n|---|---|\n| x | y\a |\n", "md-ctl:" },
	{ SLO_FMT_MARKDOWN, "| a | b |\n|---|---|\n| x | y | z |\n",
	    "md-cells:" },
	{ SLO_FMT_PROM, "# HELP m h\n# TYPE m gauge\nm{a=\"x\\\"\",b=\"\"} 1\n"
	    "m{a=\"y\"} NaN\nm 2.5e-3\n", NULL },
	{ SLO_FMT_PROM, "# TYPE m gauge\nm{a=\"1\",a=\"2\"} 1\n",
	    "prom-labels:" },
	{ SLO_FMT_PROM, "# TYPE m gauge\nm{a=\"1\",b=\"2\"} 1\n"
	    "m{b=\"2\",a=\"1\"} 2\n", "prom-series:" },
	{ SLO_FMT_PROM, "# TYPE m gauge\nm{a=\"1} 1\n", "prom:" },
	{ SLO_FMT_PROM, "# TYPE m gauge\nm{a=\"\\x\"} 1\n", "prom:" },
	{ SLO_FMT_PROM, "# TYPE m gauge\nm 1 x\n", "prom:" },
	{ SLO_FMT_PROM, "# TYPE m gauge\nn 1\n", "prom:" },
	{ SLO_FMT_JUNIT, "<?xml version=\"1.0\"?>\n<testsuites><testsuite "
	    "name=\"a &amp; &lt;b&gt;\"><testcase name=\"c\"><failure "
	    "message=\"m\">t &#39;</failure></testcase></testsuite>"
	    "</testsuites>\n", NULL },
	{ SLO_FMT_JUNIT, "<testsuites><testsuite name=\"a\">x <img></testsuite>"
	    "</testsuites>", "xml:" },
	{ SLO_FMT_JUNIT, "<testsuites><testsuite name=\"a<b\"></testsuite>"
	    "</testsuites>", "xml:" },
	{ SLO_FMT_JUNIT, "<testsuites><testsuite>a & b</testsuite></testsuites>",
	    "xml:" },
	{ SLO_FMT_JUNIT, "<testsuites><testsuite>a < b</testsuite></testsuites>",
	    "xml:" },
	{ SLO_FMT_JUNIT, "<testsuites><testsuite>\x1b</testsuite></testsuites>",
	    "xml-ctl:" },
	{ SLO_FMT_JUNIT, "<testsuites><testsuite></testsuites>", "xml:" },
	{ SLO_FMT_HTML, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<style>td>b{}</style></head><body><table><tbody><tr><td>a</td>"
	    "<td>b</td></tr><tr><td>c</td><td>d</td></tr></tbody></table>"
	    "</body></html>\n", NULL },
	{ SLO_FMT_HTML, "<html><body><table><tbody><tr><td>a</td><td>b</td></tr>"
	    "<tr><td>c</td><td>x</td><td>d</td></tr></tbody></table></body>"
	    "</html>", "xml:" },
	{ SLO_FMT_HTML, "<html><body><p>a <b>bold</b></p></body></html>",
	    "xml:" },
};

/* The caller's SLO_FUZZ_STRICT_RENDER, put back after a test changed it. */
static char saved_strict[256];
static int had_strict;

static void
strict_save(void)
{
	const char *v = getenv("SLO_FUZZ_STRICT_RENDER");

	had_strict = v != NULL;
	snprintf(saved_strict, sizeof saved_strict, "%s", v ? v : "");
	unsetenv("SLO_FUZZ_STRICT_RENDER");
}

static void
strict_restore(void)
{
	if (had_strict)
		setenv("SLO_FUZZ_STRICT_RENDER", saved_strict, 1);
	else
		unsetenv("SLO_FUZZ_STRICT_RENDER");
}

static void
test_render_checks_catch(void **state)
{
	(void)state;
	strict_save();
	slo_fuzz_on_fail = record_failure;
	for (size_t i = 0; i < sizeof render_cases / sizeof render_cases[0];
	    i++) {
		const render_case *c = &render_cases[i];
		slo_buf b = { 0 };

		nfailures = 0;
		failures[0] = '\0';
		current_file = "case";
		assert_int_equal(slo_buf_puts(&b, c->out), SLO_OK);
		check_render("case", c->fmt, 0, &b);
		if (c->invariant == NULL) {
			if (nfailures != 0)
				fail_msg("case %zu: good output refused:\n%s", i,
				    failures);
		} else if (nfailures == 0 || strncmp(failures + strlen("case: "),
		    c->invariant, strlen(c->invariant)) != 0)
			fail_msg("case %zu: wanted a %s failure, got %zu:\n%s", i,
			    c->invariant, nfailures, failures);
		slo_buf_release(&b);
	}
	/* A colour code passes in a coloured table only. */
	{
		slo_buf b = { 0 };

		assert_int_equal(slo_buf_puts(&b, "x \033[1;31mbad\033[0m\n"),
		    SLO_OK);
		nfailures = 0;
		check_render("case", SLO_FMT_TABLE, 1, &b);
		assert_int_equal(nfailures, 0);
		check_render("case", SLO_FMT_TABLE, 0, &b);
		assert_int_equal(nfailures, 1);
		slo_buf_release(&b);
	}
	nfailures = 0;
	strict_restore();
}

/* SLO_FUZZ_STRICT_RENDER switches invariants by name. */
static void
test_render_switches(void **state)
{
	(void)state;
	strict_save();
	assert_true(render_on("md-lt"));
	setenv("SLO_FUZZ_STRICT_RENDER", "0", 1);
	assert_false(render_on("md-lt"));
	setenv("SLO_FUZZ_STRICT_RENDER", "all,-md-lt", 1);
	assert_false(render_on("md-lt"));
	assert_true(render_on("md-ctl"));
	setenv("SLO_FUZZ_STRICT_RENDER", "json,prom-series", 1);
	assert_true(render_on("prom-series"));
	assert_false(render_on("prom"));
	assert_false(render_on("json-dup"));
	strict_restore();
}

int
main(void)
{
	enum { N = sizeof slo_fuzz_targets / sizeof slo_fuzz_targets[0] };
	struct CMUnitTest tests[N + 3];
	char names[N][64];

	if (!find_fuzz_dir()) {
		fprintf(stderr, "test_fuzz_replay: no tests/fuzz directory "
		    "(run from the top of the tree or set SLO_FUZZ_DIR)\n");
		return 1;
	}
	tests[0] = (struct CMUnitTest)cmocka_unit_test(test_failure_is_recorded);
	tests[N + 1] = (struct CMUnitTest)cmocka_unit_test(test_render_checks_catch);
	tests[N + 2] = (struct CMUnitTest)cmocka_unit_test(test_render_switches);
	for (size_t i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "replay_%s",
		    slo_fuzz_targets[i].name);
		tests[i + 1] = (struct CMUnitTest){ names[i], test_replay, NULL,
		    NULL, (void *)(uintptr_t)&slo_fuzz_targets[i] };
	}
	return cmocka_run_group_tests_name("fuzz_replay", tests, NULL, NULL);
}
