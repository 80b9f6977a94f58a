/*
 * gen-events — writes N realistic canonical request events for the
 * benchmarks: two cohorts (alpha 10 %, baseline), five routes, three
 * regions, about 2 % errors, lognormal latency, 24 hours of timestamps in
 * order, through the library's own encoder (the fixed canonical form),
 * then rewritten into the FORM asked for, as other producers write them:
 *   fixed      slokit's own form (the default)
 *   reordered  the members in reverse order (kind last)
 *   spaced     a space after each ':' and ',' (Python's json.dumps)
 *   nokind     without "kind" (it defaults to request)
 *
 *   gen-events N [SEED [FORM [DAYS]]] > events.ndjson
 * DAYS (a whole number, default 1) spreads the N timestamps over that many
 * days instead.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_event.h"

static uint64_t rng_state;

/* splitmix64 (Steele, Lea, Flood 2014): small, fast, reproducible. */
static uint64_t
rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
uniform(void)
{
	return (double)(rng() >> 11) * (1.0 / 9007199254740992.0);
}

enum form { FIXED, REORDERED, SPACED, NOKIND };

/*
 * The object of line[0..n) (no newline) rewritten in form f onto out.
 * Members are split at the commas outside strings; the generator's
 * events have no nested values.
 */
static void
rewrite(const char *line, size_t n, enum form f, slo_buf *out)
{
	const char *m[32];
	size_t len[32], k = 0, start = 1;
	int in_str = 0;

	for (size_t i = 1; i < n - 1 && k < 32; i++) {
		if (line[i] == '\\' && in_str)
			i++;
		else if (line[i] == '"')
			in_str = !in_str;
		else if (line[i] == ',' && !in_str) {
			m[k] = line + start, len[k++] = i - start;
			start = i + 1;
		}
	}
	m[k] = line + start, len[k++] = n - 1 - start;
	slo_buf_putc(out, '{');
	for (size_t j = 0, first = 1; j < k; j++) {
		size_t i = f == REORDERED ? k - 1 - j : j;

		if (f == NOKIND && strncmp(m[i], "\"kind\":", 7) == 0)
			continue;
		if (!first)
			slo_buf_puts(out, f == SPACED ? ", " : ",");
		first = 0;
		if (f == SPACED) {
			/* the key's closing quote is the first '":' */
			const char *colon = strstr(m[i], "\":");
			size_t kl = (size_t)(colon - m[i]) + 2;
			slo_buf_append(out, m[i], kl);
			slo_buf_putc(out, ' ');
			slo_buf_append(out, m[i] + kl, len[i] - kl);
		} else
			slo_buf_append(out, m[i], len[i]);
	}
	slo_buf_puts(out, "}\n");
}

static double
normal(void)
{
	double u = uniform(), v = uniform();

	return sqrt(-2.0 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

int
main(int argc, char **argv)
{
	static const char *routes[] = { "/api/cart", "/api/checkout", "/api/search",
	    "/api/items", "/healthz" };
	static const double route_mu[] = { 3.0, 4.2, 3.6, 2.8, 0.5 };
	static const char *regions[] = { "eu-west-1", "us-east-1", "ap-south-1" };
	static const char *const forms[] = { "fixed", "reordered", "spaced",
	    "nokind" };
	slo_event ev;
	slo_buf b = { 0 }, one = { 0 };
	enum form f = FIXED;
	long long n;
	long long days = 1;
	slo_ns t0 = 1795564800LL * SLO_NS_PER_SEC; /* 2026-11-25T00:00:00Z */
	char trace[33], subject[16];

	if (argc < 2 || (n = atoll(argv[1])) <= 0) {
		fputs("usage: gen-events N [SEED [fixed|reordered|spaced|nokind "
		    "[DAYS]]]\n", stderr);
		return 2;
	}
	rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) : 42;
	if (argc > 3) {
		for (f = FIXED; f <= NOKIND; f++)
			if (strcmp(argv[3], forms[f]) == 0)
				break;
		if (f > NOKIND) {
			fprintf(stderr, "gen-events: unknown form '%s'\n", argv[3]);
			return 2;
		}
	}
	if (argc > 4 && (days = atoll(argv[4])) <= 0) {
		fprintf(stderr, "gen-events: bad DAYS '%s'\n", argv[4]);
		return 2;
	}
	for (long long i = 0; i < n; i++) {
		int r = (int)(rng() % 5), g = (int)(rng() % 3);
		int alpha = uniform() < 0.10;
		double u = uniform();

		memset(&ev, 0, sizeof ev);
		ev.kind = SLO_KIND_REQUEST;
		ev.has = SLO_HAS_TS | SLO_HAS_STATUS | SLO_HAS_LATENCY;
		ev.ts = t0 + (slo_ns)((double)i / (double)n * (double)days * 86400.0 * 1e9) +
		    (slo_ns)(rng() % 1000) * SLO_NS_PER_US;
		ev.service = "checkout";
		ev.cohort = alpha ? "alpha" : "baseline";
		ev.region = regions[g];
		ev.version = alpha ? "1.5.0-alpha.1" : "1.4.2";
		ev.route = routes[r];
		ev.status = u < 0.02 ? (u < 0.004 ? 503 : 500) : (u < 0.05 ? 404 : 200);
		ev.latency_ms = round(exp(route_mu[r] + 0.6 * normal()) * 1000) / 1000;
		ev.ok = ev.status < 500;
		snprintf(trace, sizeof trace, "%016llx%016llx",
		    (unsigned long long)rng(), (unsigned long long)rng());
		snprintf(subject, sizeof subject, "u%llu",
		    (unsigned long long)(rng() % 200000));
		ev.trace_id = trace;
		ev.subject = subject;
		if (f == FIXED) {
			if (slo_event_encode(&ev, NULL, &b) != SLO_OK)
				return 2;
		} else {
			slo_buf_reset(&one);
			if (slo_event_encode(&ev, NULL, &one) != SLO_OK)
				return 2;
			rewrite(one.data, one.len - 1, f, &b);
		}
		if (b.len > (1 << 16)) {
			fwrite(b.data, 1, b.len, stdout);
			slo_buf_reset(&b);
		}
	}
	fwrite(b.data, 1, b.len, stdout);
	slo_buf_release(&b);
	slo_buf_release(&one);
	return fflush(stdout) == 0 ? 0 : 2;
}
