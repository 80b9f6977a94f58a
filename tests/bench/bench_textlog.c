/*
 * bench_textlog.c — throughput of the text access-log presets against the
 * JSON preset on the same requests (a benchmark, not a test: it asserts
 * nothing about time).  N Istio requests are written twice, as Istio's
 * default text line (--preset istio-text) and as Envoy json_format
 * (--preset envoy); each is mapped to canonical lines, and the rates are
 * printed per byte of input and per line, with the peak RSS.
 *
 * Until slo-ingest wires the text presets into slo_ingest_line(), a text
 * line is mapped the way that wiring will: ing_text_apply() then the
 * encoding of its event.  The engine's per-line arena is reset by a
 * rejected slo_ingest_object() (object_begin() is internal to ingest.c),
 * which only makes the text figure slower than it will be.
 *
 *   build/bench/bench_textlog [N]     (N lines, default 1000000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "slo_ingest.h"
#include "ingest_int.h"
#include "slo_textlog.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long
peak_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int
die(const char *what)
{
	fprintf(stderr, "bench_textlog: %s\n", what);
	return 1;
}

static const char *const routes[] = { "/api/checkout", "/api/cart?id=7",
	"/status/418", "/productpage", "/reviews/0" };
static const int codes[] = { 200, 200, 201, 404, 503 };

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000L;
	slo_buf text = { 0 }, json = { 0 }, out = { 0 };
	slo_textlog *tl;
	slo_ingest *ing;
	slo_error err;
	json_t *reset = json_null();
	double t0, t1;
	size_t *toff, *joff;

	if (n <= 0 || (toff = malloc((size_t)(n + 1) * sizeof *toff)) == NULL ||
	    (joff = malloc((size_t)(n + 1) * sizeof *joff)) == NULL)
		return die("out of memory");
	for (long i = 0; i < n; i++) {
		const char *r = routes[i % 5];
		int code = codes[(i / 5) % 5], ms = (int)(i % 997);
		long s = 1764144000L + i / 100;
		toff[i] = text.len;
		joff[i] = json.len;
		if (slo_buf_printf(&text, "[2025-11-26T08:%02ld:%02ld.%03ldZ] "
		    "\"GET %s HTTP/1.1\" %d - via_upstream - \"-\" 0 135 %d %d "
		    "\"-\" \"curl/8.5.0\" \"84961386-6d84-929d-98bd-%012ld\" "
		    "\"reviews:9080\" \"10.44.1.27:9080\" "
		    "outbound|9080|v1|reviews.default.svc.cluster.local "
		    "10.44.1.23:37652 10.0.45.184:9080 10.44.1.23:46520 - "
		    "default\n", (s / 60) % 60, s % 60, i % 1000, r, code, ms,
		    ms, i) != SLO_OK ||
		    slo_buf_printf(&json, "{\"start_time\":\"2025-11-26T08:%02ld:"
		    "%02ld.%03ldZ\",\"method\":\"GET\",\"path\":\"%s\","
		    "\"protocol\":\"HTTP/1.1\",\"response_code\":%d,"
		    "\"response_flags\":\"-\",\"bytes_received\":0,"
		    "\"bytes_sent\":135,\"duration\":%d,"
		    "\"upstream_service_time\":\"%d\",\"x_forwarded_for\":null,"
		    "\"user_agent\":\"curl/8.5.0\",\"request_id\":"
		    "\"84961386-6d84-929d-98bd-%012ld\",\"authority\":"
		    "\"reviews:9080\",\"upstream_host\":\"10.44.1.27:9080\","
		    "\"upstream_cluster\":\"outbound|9080|v1|reviews.default.svc."
		    "cluster.local\",\"route_name\":\"default\"}\n",
		    (s / 60) % 60, s % 60, i % 1000, r, code, ms, ms, i) !=
		    SLO_OK)
			return die("out of memory");
	}
	toff[n] = text.len;
	joff[n] = json.len;

	if ((tl = slo_textlog_preset("istio-text", &err)) == NULL ||
	    (ing = slo_ingest_new(SLO_PRESET_ENVOY)) == NULL)
		return die("setup");
	t0 = now();
	for (long i = 0; i < n; i++) {
		slo_event *ev;
		slo_ingest_object(ing, reset, &out, &err);
		if (ing_text_apply(ing, tl, text.data + toff[i],
		    toff[i + 1] - toff[i] - 1, &ev, &err) != SLO_OK)
			return die(err.msg);
		if (slo_event_encode(ev, NULL, &out) != SLO_OK)
			return die("encode");
		if (out.len > (1u << 20))
			slo_buf_reset(&out);
	}
	t1 = now();
	printf("textlog istio-text: %.1f MB/s, %.0f ns/line, peak rss %ld kB "
	    "(input %.0f MB held)\n", (double)text.len / (t1 - t0) / 1e6,
	    (t1 - t0) / (double)n * 1e9, peak_rss_kb(),
	    (double)(text.len + json.len) / 1e6);
	slo_ingest_free(ing);

	if ((ing = slo_ingest_new(SLO_PRESET_ENVOY)) == NULL)
		return die("setup");
	slo_buf_reset(&out);
	t0 = now();
	for (long i = 0; i < n; i++) {
		if (slo_ingest_line(ing, json.data + joff[i],
		    joff[i + 1] - joff[i] - 1, &out, &err) != SLO_OK)
			return die(err.msg);
		if (out.len > (1u << 20))
			slo_buf_reset(&out);
	}
	t1 = now();
	printf("textlog envoy json: %.1f MB/s, %.0f ns/line\n",
	    (double)json.len / (t1 - t0) / 1e6,
	    (t1 - t0) / (double)n * 1e9);
	slo_ingest_free(ing);
	slo_textlog_free(tl);
	slo_buf_release(&text);
	slo_buf_release(&json);
	slo_buf_release(&out);
	free(toff);
	free(joff);
	return 0;
}
