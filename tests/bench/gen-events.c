/*
 * gen-events — writes N realistic canonical request events for the
 * benchmarks: two cohorts (alpha 10 %, baseline), five routes, three
 * regions, about 2 % errors, lognormal latency, 24 hours of timestamps in
 * order, through the library's own encoder (the fixed canonical form).
 *
 *   gen-events N [SEED] > events.ndjson
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
	slo_event ev;
	slo_buf b = { 0 };
	long long n;
	slo_ns t0 = 1795564800LL * SLO_NS_PER_SEC; /* 2026-11-25T00:00:00Z */
	char trace[33], subject[16];

	if (argc < 2 || (n = atoll(argv[1])) <= 0) {
		fputs("usage: gen-events N [SEED]\n", stderr);
		return 2;
	}
	rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) : 42;
	for (long long i = 0; i < n; i++) {
		int r = (int)(rng() % 5), g = (int)(rng() % 3);
		int alpha = uniform() < 0.10;
		double u = uniform();

		memset(&ev, 0, sizeof ev);
		ev.kind = SLO_KIND_REQUEST;
		ev.has = SLO_HAS_TS | SLO_HAS_STATUS | SLO_HAS_LATENCY;
		ev.ts = t0 + (slo_ns)((double)i / (double)n * 86400.0 * 1e9) +
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
		if (slo_event_encode(&ev, NULL, &b) != SLO_OK)
			return 2;
		if (b.len > (1 << 16)) {
			fwrite(b.data, 1, b.len, stdout);
			slo_buf_reset(&b);
		}
	}
	fwrite(b.data, 1, b.len, stdout);
	slo_buf_release(&b);
	return fflush(stdout) == 0 ? 0 : 2;
}
