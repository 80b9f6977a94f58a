/*
 * bench_sketch.c — throughput of the quantile sketch (a benchmark, not a
 * test: it asserts nothing about time).  10^7 lognormal values (median
 * 100 ms) are inserted one at a time into one sketch; then the same values
 * as 1000 shards of 10^4 are merged into one; then JSON encodes, decodes
 * and quantile reads.  Prints one "name: rate unit" line each.
 *
 *   make bench            (all benchmarks, through tests/bench/run.sh)
 *   build/bench/bench_sketch [N]     (N values, default 10000000)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "slo_math.h"
#include "slo_sketch_json.h"

#define NPOOL (1 << 20)
#define NSHARD 1000

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t
splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
uniform(uint64_t *s)
{
	return ((double)(splitmix64(s) >> 11) + 0.5) * 0x1p-53;
}

static int
die(const char *what)
{
	fprintf(stderr, "bench_sketch: %s\n", what);
	return 1;
}

int
main(int argc, char **argv)
{
	slo_sketch *one, *all, *shard[NSHARD];
	double *pool, t0, t1, q, sink = 0;
	uint64_t st = 42;
	long n = argc > 1 ? atol(argv[1]) : 10000000L, i, k, rounds, nenc;
	slo_buf b = { 0 };
	json_t *j;

	if (n < NSHARD)
		return die("N must be at least 1000");
	if ((pool = malloc(NPOOL * sizeof *pool)) == NULL)
		return die("out of memory");
	for (i = 0; i < NPOOL; i++)
		pool[i] = exp(log(100) + sqrt(-2 * log(uniform(&st))) *
		    cos(6.283185307179586 * uniform(&st)));

	one = slo_sketch_new(SLO_SKETCH_ALPHA);
	t0 = now();
	for (i = 0; i < n; i++)
		if (slo_sketch_add(one, pool[i & (NPOOL - 1)]) != SLO_OK)
			return die("add failed");
	t1 = now();
	printf("sketch inserts: %.3g /s (%ld values in %.3f s, %zu bytes)\n",
	    n / (t1 - t0), n, t1 - t0, slo_sketch_bytes(one));

	for (k = 0; k < NSHARD; k++)
		shard[k] = slo_sketch_new(SLO_SKETCH_ALPHA);
	for (i = 0; i < n; i++)
		slo_sketch_add(shard[i % NSHARD], pool[i & (NPOOL - 1)]);
	rounds = 0;
	t0 = now();
	do {
		all = slo_sketch_new(SLO_SKETCH_ALPHA);
		for (k = 0; k < NSHARD; k++)
			if (slo_sketch_merge(all, shard[k]) != SLO_OK)
				return die("merge failed");
		if (slo_sketch_count(all) != (uint64_t)n)
			return die("merged count is wrong");
		slo_sketch_free(all);
		rounds++;
		t1 = now();
	} while (t1 - t0 < 0.5);
	printf("sketch merges: %.3g /s (%ld shards of %ld values)\n",
	    rounds * NSHARD / (t1 - t0), (long)NSHARD, n / NSHARD);

	nenc = 0;
	t0 = now();
	do {
		slo_buf_reset(&b);
		if (slo_sketch_encode(shard[nenc % NSHARD], &b) != SLO_OK)
			return die("encode failed");
		nenc++;
		t1 = now();
	} while (t1 - t0 < 0.5);
	printf("sketch encodes: %.3g /s (%zu bytes of JSON)\n",
	    nenc / (t1 - t0), b.len);

	nenc = 0;
	t0 = now();
	do {
		slo_sketch *d;

		j = json_loadb(b.data, b.len, 0, NULL);
		if (j == NULL || (d = slo_sketch_from_json(j, NULL)) == NULL)
			return die("decode failed");
		json_decref(j);
		slo_sketch_free(d);
		nenc++;
		t1 = now();
	} while (t1 - t0 < 0.5);
	printf("sketch decodes: %.3g /s (jansson parse included)\n",
	    nenc / (t1 - t0));

	t0 = now();
	for (i = 0; i < 1000000; i++) {
		slo_sketch_quantile(one, (double)(i % 1000) / 1000, &q);
		sink += q;
	}
	t1 = now();
	printf("sketch quantiles: %.3g /s (checksum %.6g)\n", 1e6 / (t1 - t0),
	    sink);

	for (k = 0; k < NSHARD; k++)
		slo_sketch_free(shard[k]);
	slo_sketch_free(one);
	slo_buf_release(&b);
	free(pool);
	return 0;
}
