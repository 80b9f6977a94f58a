/*
 * test_textlog_plan.c — ing_text_apply()'s two ways of deciding which
 * format field gives each canonical field: the plan worked out once by
 * slo_ingest_set_textlog() (the fast path slo-ingest takes) and the
 * general look at every field on every line.  The second method is the
 * general path itself: both must give the same event, or the same
 * rejection at the same column, on every generated line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo_ingest.h"
#include "ingest_int.h"
#include "slo_textlog.h"

/* A small deterministic generator (xorshift64): the same lines each run. */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned
pick(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/*
 * What each field may hold: good values, the absent "-" and "", values
 * that compete ("default" for a route name) and bad ones.
 */
enum pool { P_IP, P_CLF, P_CLF_BR, P_RFC, P_REQ, P_STATUS, P_SEC, P_LIST,
	P_MS, P_US, P_PATH, P_METHOD, P_ROUTE, P_CLUSTER, P_HOST, P_TP,
	P_HEX, P_WORD, P__COUNT };

static const char *const pools[P__COUNT][10] = {
	[P_IP] = { "10.0.0.1", "-", "::1", NULL },
	[P_CLF] = { "26/Nov/2026:08:00:01 +0000", "26/Nov/2026:08:00:01 -0700",
	    "31/Feb/2026:08:00:01 +0000", "26/Nov/2026:08:00:0x +0000", NULL },
	[P_CLF_BR] = { "[26/Nov/2026:08:00:01 +0000]",
	    "[10/Oct/2000:13:55:36 -0700]", "[26/Nov/2026:08:00]", NULL },
	[P_RFC] = { "2026-11-26T08:00:01.123Z", "2026-11-26T08:00:01Z",
	    "-", "2026-11-26T25:00:01Z", NULL },
	[P_REQ] = { "GET /api/r1?x=1 HTTP/1.1", "POST http://h:80/p#f HTTP/2",
	    "-", "GET", "", "GET  HTTP/1.1", "PUT ://x/y HTTP/1.0", NULL },
	[P_STATUS] = { "200", "503", "-", "0", "-1", "2000", "abc", "", NULL },
	[P_SEC] = { "0.123", "1", "-", "", "1.5e3", "0.0000000009", NULL },
	[P_LIST] = { "0.010, 0.020", "0.010 : -", "-", "-, -", "x", "0.5",
	    NULL },
	[P_MS] = { "12", "-", "0", "12.5", "-3", NULL },
	[P_US] = { "1234", "-", "", "12x", NULL },
	[P_PATH] = { "/api/r1", "/a?b#c", "http://h/p?q", "-", "", "?q",
	    "h:/p", "/x://y", NULL },
	[P_METHOD] = { "GET", "POST", "-", "", NULL },
	[P_ROUTE] = { "default", "route-a", "-", "", NULL },
	[P_CLUSTER] = { "outbound|9080|v1|reviews.default.svc.cluster.local",
	    "inbound|9080||", "inbound|9080|http|productpage.default",
	    "backend", "-", NULL },
	[P_HOST] = { "shop.example", "reviews:9080", "-", "", NULL },
	[P_TP] = { "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
	    "00-short", "-", NULL },
	[P_HEX] = { "0AF7651916CD43DD8448EB211C80319C", "-", "abc", NULL },
	[P_WORD] = { "x", "-", "Mozilla/5.0 (X11)", "", NULL },
};

/* A format: fields (name, pool) and the literal after each. */
struct tok {
	const char *var;
	enum pool pool;
	const char *after;
};

static size_t
count(const char *const *pool)
{
	size_t n = 0;

	while (n < 10 && pool[n] != NULL)
		n++;
	return n;
}

/* The format string of toks, and a line of it with random values. */
static void
build(const char *first, const struct tok *toks, size_t nt, char *fmt,
    size_t nfmt, char *line, size_t nline)
{
	size_t f = 0, l = 0;

	f += (size_t)snprintf(fmt + f, nfmt - f, "%s", first);
	l += (size_t)snprintf(line + l, nline - l, "%s", first);
	for (size_t i = 0; i < nt; i++) {
		const char *const *pool = pools[toks[i].pool];
		f += (size_t)snprintf(fmt + f, nfmt - f, "%s%s", toks[i].var,
		    toks[i].after);
		l += (size_t)snprintf(line + l, nline - l, "%s%s",
		    pool[pick((unsigned)count(pool))], toks[i].after);
	}
	assert_true(f < nfmt && l < nline);
}

/* The outcome of one line under one engine, as text to compare. */
static void
outcome(slo_ingest *ing, const slo_textlog *tl, const char *line,
    slo_buf *out)
{
	slo_error err;
	slo_event *ev = NULL;
	slo_status st;

	memset(&err, 0, sizeof err);
	st = ing_text_apply(ing, tl, line, strlen(line), &ev, &err);
	slo_buf_reset(out);
	if (st != SLO_OK) {
		assert_int_equal(slo_buf_printf(out, "rejected %d col %ld: %s",
		    (int)st, err.col, err.msg), SLO_OK);
		assert_null(ev);
		return;
	}
	assert_non_null(ev);
	assert_int_equal(slo_event_encode(ev, NULL, out), SLO_OK);
}

static unsigned accepted, rejected;

/*
 * Every line under both paths: `fast` follows the plan of its own format
 * (tl); `slow` was given a second compile of the same format, so tl is
 * not its text and it decides field by field.
 */
static void
both_paths(const slo_textlog *tl, const slo_textlog *twin,
    const char *line)
{
	slo_ingest *fast = slo_ingest_new(SLO_PRESET_TEXT);
	slo_ingest *slow = slo_ingest_new(SLO_PRESET_TEXT);
	slo_buf a = { 0 }, b = { 0 };

	assert_non_null(fast);
	assert_non_null(slow);
	slo_ingest_set_textlog(fast, tl);
	slo_ingest_set_textlog(slow, twin);
	assert_non_null(ing_text_plan_of(fast, tl));
	assert_null(ing_text_plan_of(slow, tl));
	outcome(fast, tl, line, &a);
	outcome(slow, tl, line, &b);
	if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
		fail_msg("line %s\n  plan:    %.*s\n  general: %.*s", line,
		    (int)a.len, a.data, (int)b.len, b.data);
	if (a.len > 9 && memcmp(a.data, "rejected ", 9) == 0)
		rejected++;
	else
		accepted++;
	slo_buf_release(&a);
	slo_buf_release(&b);
	slo_ingest_free(fast);
	slo_ingest_free(slow);
}

/*
 * Formats where several fields compete for one canonical field: Apache
 * %s and %>s, %D and %T and %{ms}T; nginx $request_time and
 * $upstream_response_time, $request, $uri and $request_uri, two trace
 * fields; Envoy's route name, path, cluster and two authorities.
 */
static void
competing_fields_agree(void **state)
{
	static const struct {
		slo_textlog_syntax syn;
		const char *first;
		struct tok toks[12];
		size_t nt;
	} formats[] = {
		{ SLO_TEXTLOG_APACHE, "", {
		    { "%h", P_IP, " " }, { "%t", P_CLF_BR, " \"" },
		    { "%r", P_REQ, "\" " }, { "%s", P_STATUS, " " },
		    { "%>s", P_STATUS, " " }, { "%D", P_US, " " },
		    { "%T", P_SEC, " " }, { "%{ms}T", P_MS, " \"" },
		    { "%U", P_PATH, "\" \"" }, { "%m", P_METHOD, "\" " },
		    { "%{traceparent}i", P_TP, "" } }, 11 },
		{ SLO_TEXTLOG_NGINX, "", {
		    { "$remote_addr", P_IP, " [" },
		    { "$time_local", P_CLF, "] \"" },
		    { "$request", P_REQ, "\" " }, { "$status", P_STATUS, " " },
		    { "$upstream_response_time", P_LIST, " " },
		    { "$request_time", P_SEC, " \"" },
		    { "$uri", P_PATH, "\" \"" },
		    { "$request_uri", P_PATH, "\" " },
		    { "$otel_trace_id", P_HEX, " " },
		    { "$http_traceparent", P_TP, " \"" },
		    { "$http_user_agent", P_WORD, "\"" } }, 11 },
		{ SLO_TEXTLOG_ENVOY, "[", {
		    { "%START_TIME%", P_RFC, "] \"" },
		    { "%REQ(:METHOD)%", P_METHOD, " " },
		    { "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%", P_PATH, "\" " },
		    { "%RESPONSE_CODE%", P_STATUS, " " },
		    { "%DURATION%", P_MS, " \"" },
		    { "%ROUTE_NAME%", P_ROUTE, "\" \"" },
		    { "%UPSTREAM_CLUSTER%", P_CLUSTER, "\" \"" },
		    { "%REQ(:AUTHORITY)%", P_HOST, "\" " },
		    { "%TRACE_ID%", P_HEX, " \"" },
		    { "%REQ(TRACEPARENT)%", P_TP, "\" \"" },
		    { "%REQ(:AUTHORITY)%", P_HOST, "\"" } }, 11 },
	};
	char fmt[1024], line[2048];
	slo_error err;

	(void)state;
	for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++) {
		slo_textlog *tl = NULL, *twin = NULL;
		accepted = rejected = 0;
		for (int iter = 0; iter < 3000; iter++) {
			build(formats[k].first, formats[k].toks, formats[k].nt,
			    fmt, sizeof fmt, line, sizeof line);
			if (tl == NULL) {
				tl = slo_textlog_compile(formats[k].syn, fmt,
				    strlen(fmt), &err);
				twin = slo_textlog_compile(formats[k].syn, fmt,
				    strlen(fmt), &err);
				if (tl == NULL || twin == NULL)
					fail_msg("compile %s: %s", fmt, err.msg);
			}
			both_paths(tl, twin, line);
		}
		/* both outcomes were seen many times over */
		if (accepted < 100 || rejected < 100)
			fail_msg("format %zu: %u accepted, %u rejected", k,
			    accepted, rejected);
		slo_textlog_free(tl);
		slo_textlog_free(twin);
	}
}

/*
 * Every preset on its fixture lines (tests/cli/fixtures/text), whole and
 * with a run of bytes between two delimiters replaced by a value of any
 * pool, cut short, or given a bad byte.
 */
static void
presets_agree_on_mutated_fixtures(void **state)
{
	static const char *const names[] = { "nginx", "apache", "envoy-text",
	    "istio-text", "haproxy", "alb" };
	char path[256], buf[4096], line[8192];
	slo_error err;

	(void)state;
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		slo_textlog *tl = slo_textlog_preset(names[k], &err);
		slo_textlog *twin = slo_textlog_preset(names[k], &err);
		FILE *f;

		assert_non_null(tl);
		assert_non_null(twin);
		snprintf(path, sizeof path, "tests/cli/fixtures/text/%s.log",
		    names[k]);
		assert_non_null(f = fopen(path, "r"));
		accepted = rejected = 0;
		while (fgets(buf, sizeof buf, f) != NULL) {
			size_t n = strcspn(buf, "\n");
			buf[n] = '\0';
			if (n == 0)
				continue;
			both_paths(tl, twin, buf);
			for (int m = 0; m < 400; m++) {
				size_t i = pick((unsigned)n), j = i;
				const char *const *pool = pools[pick(P__COUNT)];
				switch (pick(4)) {
				case 0: /* a field's value replaced */
					while (j < n && buf[j] != ' ' &&
					    buf[j] != '"')
						j++;
					snprintf(line, sizeof line, "%.*s%s%s",
					    (int)i, buf,
					    pool[pick((unsigned)count(pool))],
					    buf + j);
					break;
				case 1: /* cut short */
					snprintf(line, sizeof line, "%.*s",
					    (int)i, buf);
					break;
				case 2: /* a bad byte, or a quote, inserted */
					snprintf(line, sizeof line, "%.*s%s%s",
					    (int)i, buf,
					    pick(2) ? "\xff" : "\"", buf + i);
					break;
				default: /* a "-" for a value */
					while (j < n && buf[j] != ' ')
						j++;
					snprintf(line, sizeof line, "%.*s-%s",
					    (int)i, buf, buf + j);
				}
				both_paths(tl, twin, line);
			}
		}
		fclose(f);
		if (accepted < 20 || rejected < 100)
			fail_msg("%s: %u accepted, %u rejected", names[k],
			    accepted, rejected);
		slo_textlog_free(tl);
		slo_textlog_free(twin);
	}
}

/*
 * ing_url_path_n() on a span against ing_url_path() on its copy (a C
 * string: cut at a NUL), over every string of up to 6 bytes of an
 * alphabet holding each byte that matters, and longer random ones.
 */
static void
url_path_span_agrees(void **state)
{
	static const char alpha[] = { '/', '?', '#', ':', 'h', '\0', '.' };
	slo_ingest *ing = slo_ingest_new(SLO_PRESET_TEXT);
	char s[32], copy[33];
	size_t tried = 0;

	(void)state;
	assert_non_null(ing);
	for (size_t n = 0; n <= 24; n++) {
		unsigned long total = 1, lim;
		for (size_t i = 0; i < n && n <= 6; i++)
			total *= sizeof alpha;
		lim = n <= 6 ? total : 20000;
		for (unsigned long c = 0; c < lim; c++) {
			unsigned long v = c;
			for (size_t i = 0; i < n; i++) {
				if (n <= 6) {
					s[i] = alpha[v % sizeof alpha];
					v /= sizeof alpha;
				} else {
					s[i] = alpha[pick(sizeof alpha)];
				}
			}
			memcpy(copy, s, n);
			copy[n] = '\0';
			const char *a = ing_url_path_n(ing, s, n);
			const char *b = ing_url_path(ing, copy);
			assert_non_null(a);
			assert_non_null(b);
			if (strcmp(a, b) != 0)
				fail_msg("'%s' (%zu bytes): span gives '%s', copy "
				    "gives '%s'", copy, n, a, b);
			tried++;
		}
		slo_ingest_free(ing);
		assert_non_null(ing = slo_ingest_new(SLO_PRESET_TEXT));
	}
	assert_true(tried > 100000);
	/* known answers, by reading ing_url_path()'s contract */
	assert_string_equal(ing_url_path_n(ing, "http://h:80/p?q", 15), "/p");
	assert_string_equal(ing_url_path_n(ing, "/x://y/z", 8), "/x://y/z");
	assert_string_equal(ing_url_path_n(ing, "?q", 2), "/");
	slo_ingest_free(ing);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(competing_fields_agree),
		cmocka_unit_test(presets_agree_on_mutated_fixtures),
		cmocka_unit_test(url_path_span_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
