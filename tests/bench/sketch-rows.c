/*
 * sketch-rows — the sketch side of folding rollup rows, alone (issue
 * 20.5; to run under callgrind): each line of standard input, a rollup
 * line as `slo-ingest --rollup 1m` writes it, has its "latency_ms" read
 * by slo_sketch_scan_jscan() and added into the bucket of its "ts" by
 * slo_window_merge_sketch_scan(), after its "count" by slo_window_add(),
 * one 1-day window at 1m per route and region, as slo-eval folds a row
 * for a latency SLO grouped so.  At the
 * end, slo_window_bytes() of each series three times (as slo-eval's
 * finish orders its tasks) and each series' day read as one sketch: its
 * count, p50, p95, p99, min, max and sum are printed, to compare two
 * builds' outputs.  A line it cannot read stops it (exit 1).
 *
 *   sketch-rows < roll.ndjson
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jscan_int.h"
#include "slo_math.h"
#include "slo_sketch_json.h"

#define MAX_SERIES 256

struct series {
	char name[130]; /* route, a tab, region */
	slo_window *w;
};

static struct series series[MAX_SERIES];
static int nseries;

static slo_window *
series_of(const char *name)
{
	slo_window_config cfg;
	int k;

	for (k = 0; k < nseries; k++)
		if (strcmp(series[k].name, name) == 0)
			return series[k].w;
	if (nseries == MAX_SERIES)
		return NULL;
	slo_window_config_init(&cfg);
	cfg.span = SLO_NS_PER_DAY;
	cfg.sketch_alpha = 0.01;
	snprintf(series[nseries].name, sizeof series[nseries].name, "%s", name);
	series[nseries].w = slo_window_new(&cfg, NULL);
	return series[nseries++].w;
}

/* One rollup line in buf (padded for the scanner): 0, or -1 when it
 * cannot be read so. */
static int
fold_line(char *buf, size_t n, slo_buf *pairs, slo_sketch_scan *sk,
    slo_ns *ts)
{
	char route[64] = "", region[64] = "", name[130], *key;
	long long count = 0;
	int have = 0;
	size_t len;
	slo_window *w;
	jscan_val v;
	jscan s;

	jscan_init(&s, buf, n);
	if (jscan_open(&s) != 1)
		return -1;
	while (jscan_key(&s, &key, &len) == 1) {
		if (strcmp(key, "latency_ms") == 0) {
			if (!slo_sketch_scan_jscan(&s, NULL, buf, pairs, sk))
				return -1;
			have = 1;
		} else if (strcmp(key, "ts") == 0 || strcmp(key, "route") == 0 ||
		    strcmp(key, "region") == 0) {
			if (jscan_value(&s, &v) != 1 || v.type != JSCAN_STRING)
				return -1;
			if (key[0] == 't') {
				if (slo_time_parse(v.str, v.len, ts, NULL) != SLO_OK)
					return -1;
			} else {
				snprintf(key[1] == 'o' ? route : region, 64, "%s",
				    v.str);
			}
		} else if (strcmp(key, "count") == 0) {
			if (jscan_value(&s, &v) != 1 || v.type != JSCAN_INT ||
			    v.i < 0)
				return -1;
			count = v.i;
		} else if (jscan_skip(&s) != 1) {
			return -1;
		}
	}
	if (!have)
		return 0;
	snprintf(name, sizeof name, "%s\t%s", route, region);
	if ((w = series_of(name)) == NULL ||
	    slo_window_add(w, *ts, (uint64_t)count, (uint64_t)count) != SLO_OK ||
	    slo_window_merge_sketch_scan(w, *ts, sk) != SLO_OK)
		return -1;
	return 0;
}

int
main(void)
{
	slo_sketch_scan sk;
	slo_buf pairs = { 0 };
	slo_ns ts = 0, from, to;
	size_t cap = 0, bytes = 0;
	char *line = NULL, *buf = NULL;
	ssize_t n;
	long lines = 0;

	memset(&sk, 0, sizeof sk);
	while ((n = getline(&line, &cap, stdin)) > 0) {
		lines++;
		if ((buf = realloc(buf, (size_t)n + JSCAN_PAD + 1)) == NULL)
			return 1;
		memcpy(buf, line, (size_t)n);
		memset(buf + n, 0, JSCAN_PAD + 1);
		if (fold_line(buf, (size_t)n, &pairs, &sk, &ts) != 0) {
			fprintf(stderr, "sketch-rows: line %ld: not read\n", lines);
			return 1;
		}
	}
	for (int round = 0; round < 3; round++)
		for (int k = 0; k < nseries; k++)
			bytes += slo_window_bytes(series[k].w);
	for (int k = 0; k < nseries; k++) {
		slo_sketch *day = slo_sketch_new(0.01);
		double q[3];

		if (slo_window_rolling(series[k].w, ts, SLO_NS_PER_DAY, &from,
		    &to) != SLO_OK ||
		    slo_window_sketch(series[k].w, from, to, day) != SLO_OK)
			return 1;
		for (int i = 0; i < 3; i++)
			if (slo_sketch_quantile(day, (double[]){ .5, .95, .99 }[i],
			    &q[i]) != SLO_OK)
				q[i] = -1;
		printf("%s\t%llu\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\n",
		    series[k].name, (unsigned long long)slo_sketch_count(day),
		    q[0], q[1], q[2], slo_sketch_min(day), slo_sketch_max(day),
		    slo_sketch_sum(day));
		slo_sketch_free(day);
		slo_window_free(series[k].w);
	}
	printf("lines %ld, slo_window_bytes x3 %zu\n", lines, bytes);
	slo_buf_release(&pairs);
	free(line);
	free(buf);
	return 0;
}
