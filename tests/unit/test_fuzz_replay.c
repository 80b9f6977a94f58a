/*
 * test_fuzz_replay.c — replays every input kept in tests/fuzz/corpus/NAME/
 * and tests/fuzz/crashers/NAME/ through the fuzz target NAME of
 * tests/fuzz/targets.c, built with the normal compiler (no clang, no
 * libFuzzer), so `make test` and, under ASan+UBSan, `make check` keep the
 * seeds and every crash ever found as regression inputs.
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

int
main(void)
{
	enum { N = sizeof slo_fuzz_targets / sizeof slo_fuzz_targets[0] };
	struct CMUnitTest tests[N + 1];
	char names[N][64];

	if (!find_fuzz_dir()) {
		fprintf(stderr, "test_fuzz_replay: no tests/fuzz directory "
		    "(run from the top of the tree or set SLO_FUZZ_DIR)\n");
		return 1;
	}
	tests[0] = (struct CMUnitTest)cmocka_unit_test(test_failure_is_recorded);
	for (size_t i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "replay_%s",
		    slo_fuzz_targets[i].name);
		tests[i + 1] = (struct CMUnitTest){ names[i], test_replay, NULL,
		    NULL, (void *)(uintptr_t)&slo_fuzz_targets[i] };
	}
	return cmocka_run_group_tests_name("fuzz_replay", tests, NULL, NULL);
}
