/*
 * libFuzzer entry for slo_fuzz_expr() (tests/fuzz/targets.c), plus a
 * differential check of the '~' matcher (lib/regex.c) against glibc's
 * regexec on the same bytes: the first line is a pattern, the rest a
 * subject.  A pattern slokit refuses is not compared (it refuses some
 * that glibc takes, such as back-references), nor one with an anchor
 * outside '[^': glibc 2.36 lets '^' and '$' hold beside a newline or
 * inside a repeated group where POSIX says they do not (test_regex.c,
 * test_glibc_disagrees), and the subject has no newline either.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "targets.h"
#include "regex_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
has_anchor(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] == '$' || (p[i] == '^' && (i == 0 || p[i - 1] != '[')))
			return 1;
	return 0;
}

static void
regex_differential(const uint8_t *data, size_t size)
{
	const char *pat = (const char *)data, *nl;
	size_t plen, slen;
	char *subject;
	slo_re_error err;
	slo_re *re;
	regex_t g;
	char *cpat;

	nl = memchr(data, '\n', size);
	plen = nl ? (size_t)(nl - pat) : size;
	if (memchr(pat, '\0', plen) != NULL || has_anchor(pat, plen))
		return;
	if ((re = slo_re_compile(pat, plen, &err)) == NULL)
		return;
	cpat = strndup(pat, plen);
	slen = nl ? size - plen - 1 : 0;
	subject = strndup(nl ? nl + 1 : "", slen);
	if (cpat != NULL && subject != NULL &&
	    regcomp(&g, cpat, REG_EXTENDED | REG_NOSUB) == 0) {
		/* a NUL (strndup) or a newline ends the subject for both */
		size_t n = strcspn(subject, "\n");
		int want, got;

		subject[n] = '\0';
		want = regexec(&g, subject, 0, NULL, 0) == 0;
		got = slo_re_search(re, subject, n);
		if (want != got) {
			fprintf(stderr, "regex <%s> on <%s>: glibc %d, slokit %d\n",
			    cpat, subject, want, got);
			abort();
		}
		regfree(&g);
	}
	free(subject);
	free(cpat);
	slo_re_free(re);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	slo_fuzz_expr(data, size);
	regex_differential(data, size);
	return 0;
}
