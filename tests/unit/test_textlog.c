/*
 * test_textlog.c — text access logs by format string: the compilers of
 * the three syntaxes, the one-pass matcher and its columns, and known
 * answers for every mapped field of every preset, on lines taken from
 * each product's documentation.
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

/* ---- helpers ---------------------------------------------------------- */

static slo_textlog *
preset(const char *name)
{
	slo_error err;
	slo_textlog *tl = slo_textlog_preset(name, &err);

	if (tl == NULL)
		fail_msg("preset %s: %s", name, err.msg);
	return tl;
}

static slo_textlog *
compile(slo_textlog_syntax syn, const char *fmt)
{
	slo_error err;
	slo_textlog *tl = slo_textlog_compile(syn, fmt, strlen(fmt), &err);

	if (tl == NULL)
		fail_msg("compile '%s': %s (col %ld)", fmt, err.msg, err.col);
	return tl;
}

/*
 * The canonical line (without its newline) of the one event that line
 * gives under tl, in a static buffer, or NULL when the line is rejected
 * (*errp, when not NULL, gets the reason and column).  The engine is a
 * fresh one of a JSON preset other than canonical: what ing_event_done()
 * does for the text presets once slo-ingest wires them.
 */
static slo_event last;
static slo_ingest *ing; /* last's strings live in its arena */
static slo_buf text;    /* map()'s answer */

static int
teardown(void **state)
{
	(void)state;
	slo_ingest_free(ing);
	ing = NULL;
	slo_buf_release(&text);
	return 0;
}

static const char *
map(const slo_textlog *tl, const char *line, slo_error *errp)
{
	slo_error err;
	slo_event *ev;
	slo_status st;

	slo_ingest_free(ing);
	ing = slo_ingest_new(SLO_PRESET_ENVOY);
	assert_non_null(ing);
	st = ing_text_apply(ing, tl, line, strlen(line), &ev, &err);
	if (errp != NULL)
		*errp = err;
	if (st != SLO_OK) {
		assert_null(ev);
		return NULL;
	}
	assert_non_null(ev);
	last = *ev;
	slo_buf_reset(&text);
	assert_int_equal(slo_event_encode(ev, NULL, &text), SLO_OK);
	assert_true(text.len > 0 && text.data[text.len - 1] == '\n');
	text.data[text.len - 1] = '\0'; /* no '\n' */
	return text.data;
}

/* A line that must be rejected at column col, with msg containing want. */
static void
rejects(const slo_textlog *tl, const char *line, long col, const char *want)
{
	slo_error err;
	const char *got = map(tl, line, &err);

	if (got != NULL)
		fail_msg("accepted: %s\n  gave %s", line, got);
	if (err.col != col || strstr(err.msg, want) == NULL)
		fail_msg("line %s\n  rejected at col %ld with '%s'; want col %ld "
		    "and '%s'", line, err.col, err.msg, col, want);
}

static void
is(const char *got, const char *want)
{
	if (got == NULL)
		fail_msg("rejected; want %s", want);
	assert_string_equal(got, want);
}

/* ---- presets: known answers on the products' own sample lines ---------- */

/*
 * Apache's combined example, https://httpd.apache.org/docs/2.4/logs.html
 * ("Combined Log Format").  "10/Oct/2000:13:55:36 -0700" is 13:55:36 at
 * UTC-7, so 13:55:36 + 7h = 2000-10-10T20:55:36Z.  The request line
 * "GET /apache_pb.gif HTTP/1.0" gives the route; %b is no latency.
 */
static const char apache_doc[] =
    "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif "
    "HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" "
    "\"Mozilla/4.08 [en] (Win98; I ;Nav)\"";

static void
apache_combined_doc_line(void **state)
{
	slo_textlog *tl = preset("apache");

	(void)state;
	is(map(tl, apache_doc, NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2000-10-10T20:55:36Z\",\"route\":\"/apache_pb.gif\","
	    "\"status\":200,\"ok\":true}");
	assert_int_equal(last.ts, 971211336LL * 1000000000LL);
	assert_false(last.has & SLO_HAS_LATENCY);
	slo_textlog_free(tl);
}

/*
 * nginx's log_format combined
 * (https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format)
 * writes exactly Apache's combined format, so Apache's line is nginx's
 * too.  A custom format with timings, as in the NGINX admin guide
 * (https://docs.nginx.com/nginx/admin-guide/monitoring/logging/,
 * "upstream_time"): $request_time 0.251 s = 251 ms wins over the
 * upstream times; 26/Nov/2026:08:10:33 +0100 = 07:10:33Z.
 */
static void
nginx_combined_and_timings(void **state)
{
	slo_textlog *tl = preset("nginx"), *t2;
	const char *fmt = "$remote_addr - $remote_user [$time_local] "
	    "\"$request\" $status $body_bytes_sent \"$http_referer\" "
	    "\"$http_user_agent\" rt=$request_time uct=\"$upstream_connect_time\" "
	    "uht=\"$upstream_header_time\" urt=\"$upstream_response_time\"";
	const char *pre = "203.0.113.7 - - [26/Nov/2026:08:10:33 +0100] "
	    "\"GET /api/checkout?id=7 HTTP/1.1\" 502 157 \"-\" \"curl/8.5.0\" ";
	char line[512];

	(void)state;
	is(map(tl, apache_doc, NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2000-10-10T20:55:36Z\",\"route\":\"/apache_pb.gif\","
	    "\"status\":200,\"ok\":true}");
	t2 = compile(SLO_TEXTLOG_NGINX, fmt);
	snprintf(line, sizeof line, "%srt=0.251 uct=\"0.001\" uht=\"-\" "
	    "urt=\"0.100, 0.150\"", pre);
	is(map(t2, line, NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2026-11-26T07:10:33Z\",\"route\":\"/api/checkout\","
	    "\"status\":502,\"latency_ms\":251,\"ok\":false}");
	/* without $request_time: the upstream times add up, "-" skipped:
	 * 0.100 + 0.150 + 0.025 = 0.275 s */
	snprintf(line, sizeof line, "%srt=- uct=\"0.001\" uht=\"-\" "
	    "urt=\"0.100, 0.150 : -, 0.025\"", pre);
	is(map(t2, line, NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2026-11-26T07:10:33Z\",\"route\":\"/api/checkout\","
	    "\"status\":502,\"latency_ms\":275,\"ok\":false}");
	/* every upstream "-": no latency at all, not 0 */
	snprintf(line, sizeof line, "%srt=- uct=\"-\" uht=\"-\" urt=\"-\"", pre);
	is(map(t2, line, NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2026-11-26T07:10:33Z\",\"route\":\"/api/checkout\","
	    "\"status\":502,\"ok\":false}");
	/* a negative or NaN duration is a bad value, at its column */
	snprintf(line, sizeof line, "%srt=-0.5 uct=\"-\" uht=\"-\" urt=\"-\"",
	    pre);
	rejects(t2, line, (long)strlen(pre) + 4, "bad duration: '-0.5' in "
	    "$request_time");
	snprintf(line, sizeof line, "%srt=nan uct=\"-\" uht=\"-\" urt=\"-\"",
	    pre);
	rejects(t2, line, (long)strlen(pre) + 4, "bad duration");
	slo_textlog_free(tl);
	slo_textlog_free(t2);
}

/*
 * Envoy's default format and its example line,
 * https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#default-format-string
 * START_TIME is RFC 3339 with ms; DURATION 226 is ms; the path comes from
 * X-ENVOY-ORIGINAL-PATH?:PATH.  No UPSTREAM_CLUSTER: no service.
 */
static void
envoy_default_doc_line(void **state)
{
	slo_textlog *tl = preset("envoy-text");

	(void)state;
	is(map(tl, "[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations "
	    "HTTP/2\" 204 - 154 0 226 100 \"10.0.35.28\" \"nsq2http\" "
	    "\"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\" \"locations\" "
	    "\"tcp://10.0.2.1:80\"", NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2016-04-15T20:17:00.310Z\",\"route\":\"/api/v1/locations\","
	    "\"status\":204,\"latency_ms\":226,\"ok\":true}");
	/* X-REQUEST-ID is not a trace id: none was taken */
	assert_null(last.trace_id);
	/* status 0: no response was sent, never good; "-" duration absent */
	is(map(tl, "[2016-04-15T20:17:00.310Z] \"POST /x HTTP/2\" 0 UF 154 0 "
	    "- - \"-\" \"-\" \"-\" \"locations\" \"-\"", NULL),
	    "{\"kind\":\"request\",\"ts\":\"2016-04-15T20:17:00.310Z\","
	    "\"route\":\"/x\",\"status\":0,\"ok\":false}");
	slo_textlog_free(tl);
}

/*
 * Istio's default text format and the example line of its access-log
 * task, https://istio.io/latest/docs/tasks/observability/logs/access-log/
 * ROUTE_NAME "default" names nothing: the route is the path.  Cluster
 * "outbound|8000||httpbin.foo.svc.cluster.local": service httpbin, no
 * subset, so no version.  DURATION 4 ms.
 */
static void
istio_default_doc_line(void **state)
{
	slo_textlog *tl = preset("istio-text");
	const char *head = "[2020-11-25T21:26:18.409Z] \"GET /status/418 "
	    "HTTP/1.1\" 418 - via_upstream - \"-\" 0 135 4 4 \"-\" "
	    "\"curl/7.73.0-DEV\" \"84961386-6d84-929d-98bd-c5aee93b5c88\" "
	    "\"httpbin:8000\" \"10.44.1.27:80\" ";
	char line[600];

	(void)state;
	snprintf(line, sizeof line, "%soutbound|8000||httpbin.foo.svc.cluster."
	    "local 10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 - "
	    "default", head);
	is(map(tl, line, NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2020-11-25T21:26:18.409Z\",\"service\":\"httpbin\","
	    "\"route\":\"/status/418\",\"status\":418,\"latency_ms\":4,"
	    "\"ok\":true}");
	/* a subset of an outbound cluster is a version; a named route wins */
	snprintf(line, sizeof line, "%soutbound|9080|v1|reviews.default.svc."
	    "cluster.local 10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 "
	    "- reviews-route", head);
	is(map(tl, line, NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2020-11-25T21:26:18.409Z\",\"service\":\"reviews\","
	    "\"version\":\"v1\",\"route\":\"reviews-route\",\"status\":418,"
	    "\"latency_ms\":4,\"ok\":true}");
	/* an inbound cluster's third part is a port name: never a version */
	snprintf(line, sizeof line, "%sinbound|9080|http|reviews.default.svc."
	    "cluster.local 10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 "
	    "- default", head);
	map(tl, line, NULL);
	assert_string_equal(last.service, "reviews");
	assert_null(last.version);
	/* inbound|9080||: the authority "httpbin:8000" names the service */
	snprintf(line, sizeof line, "%sinbound|9080|| 10.44.1.23:37652 "
	    "10.0.45.184:8000 10.44.1.23:46520 - default", head);
	map(tl, line, NULL);
	assert_string_equal(last.service, "httpbin");
	assert_null(last.version);
	slo_textlog_free(tl);
}

/*
 * HAProxy's HTTP log example, configuration manual section 8.2.3 "HTTP
 * log format" (https://docs.haproxy.org/2.8/configuration.html#8.2.3),
 * with its syslog header.  Accept date 06/Feb/2009:12:14:14.655 carries
 * no offset: read as UTC.  Timers 10/0/30/69/109: the last, Ta (Tt in
 * HAProxy 1.x), 109 ms, is the latency.  Backend "static" is the service.
 */
static void
haproxy_doc_line(void **state)
{
	slo_textlog *tl = preset("haproxy");
	const char *want = "{\"kind\":\"request\","
	    "\"ts\":\"2009-02-06T12:14:14.655Z\",\"service\":\"static\","
	    "\"route\":\"/index.html\",\"status\":200,\"latency_ms\":109,"
	    "\"ok\":true}";

	(void)state;
	is(map(tl, "Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 "
	    "[06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 "
	    "2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} \"GET /index.html "
	    "HTTP/1.1\"", NULL), want);
	/* without the syslog header, without captures, IPv6 client */
	is(map(tl, "[::1]:33317 [06/Feb/2009:12:14:14.655] http-in "
	    "static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "
	    "\"GET /index.html HTTP/1.1\"", NULL), want);
	/* option logasap: "+109"; an aborted request: Ta -1, no latency */
	is(map(tl, "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in "
	    "static/srv1 10/0/30/69/+109 200 +2750 - - ---- 1/1/1/1/0 0/0 "
	    "\"GET /index.html HTTP/1.1\"", NULL), want);
	is(map(tl, "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in "
	    "static/<NOSRV> -1/-1/-1/-1/-1 503 212 - - SC-- 1/1/0/0/0 0/0 "
	    "\"GET /index.html HTTP/1.1\"", NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2009-02-06T12:14:14.655Z\",\"service\":\"static\","
	    "\"route\":\"/index.html\",\"status\":503,\"ok\":false}");
	/* status -1 (halog(1): "status 5xx or negative" are errors): no
	 * response was sent, status 0, never good */
	is(map(tl, "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in "
	    "static/srv1 5/0/0/-1/+5 -1 0 - - CD-- 1/1/0/0/0 0/0 "
	    "\"GET /index.html HTTP/1.1\"", NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2009-02-06T12:14:14.655Z\",\"service\":\"static\","
	    "\"route\":\"/index.html\",\"status\":0,\"latency_ms\":5,"
	    "\"ok\":false}");
	slo_textlog_free(tl);
}

/*
 * HAProxy's accept date in a zone (slo_textlog_set_tz): Europe/Paris is
 * UTC+1 in February (12:14:14.655 = 11:14:14.655Z) and UTC+2 in July
 * (10:14:14.655Z).  On 2009-10-25 its clocks went from 03:00 CEST back to
 * 02:00 CET at 01:00Z: 02:30 happened at 00:30Z and again at 01:30Z, and
 * the first is taken.  On 2009-03-29 they went from 02:00 CET to 03:00
 * CEST at 01:00Z: 02:30 never happened, and is read on the old offset,
 * 01:30Z.
 */
static void
haproxy_local_time_zone(void **state)
{
	static const struct {
		const char *date, *want;
	} cases[] = {
		{ "06/Feb/2009:12:14:14.655", "2009-02-06T11:14:14.655Z" },
		{ "06/Jul/2009:12:14:14.655", "2009-07-06T10:14:14.655Z" },
		{ "25/Oct/2009:02:30:00.000", "2009-10-25T00:30:00Z" },
		{ "25/Oct/2009:03:30:00.000", "2009-10-25T02:30:00Z" },
		{ "29/Mar/2009:02:30:00.000", "2009-03-29T01:30:00Z" },
		{ "29/Mar/2009:03:30:00.000", "2009-03-29T01:30:00Z" },
	};
	slo_textlog *tl = preset("haproxy");
	slo_error err;
	slo_tz *tz = slo_tz_new("Europe/Paris", &err);
	char line[256], ts[SLO_TIME_BUFSZ];

	(void)state;
	if (tz == NULL)
		fail_msg("Europe/Paris: %s (tzdata installed?)", err.msg);
	slo_textlog_set_tz(tl, tz);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(line, sizeof line, "10.0.1.2:33317 [%s] http-in "
		    "static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 "
		    "0/0 \"GET /index.html HTTP/1.1\"", cases[i].date);
		assert_non_null(map(tl, line, NULL));
		slo_time_format(last.ts, ts);
		assert_string_equal(ts, cases[i].want);
	}
	/* times with their own offset do not move */
	slo_textlog_free(tl);
	tl = preset("nginx");
	slo_textlog_set_tz(tl, tz);
	map(tl, apache_doc, NULL);
	slo_time_format(last.ts, ts);
	assert_string_equal(ts, "2000-10-10T20:55:36Z");
	slo_textlog_free(tl);
	slo_tz_free(tz);
}

/*
 * The ALB example entry ("HTTP entry") of
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html
 * Latency = request + target + response processing = 0.000 + 0.001 +
 * 0.000 s = 1 ms.  The target group ARN names the service (my-targets)
 * and the region (us-east-2); the X-Ray Root is the trace id.
 */
static const char alb_doc[] =
    "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 "
    "192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "
    "\"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - "
    "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/"
    "my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" "
    "\"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" "
    "\"10.0.0.1:80\" \"200\" \"-\" \"-\" TID_1234abcd5678ef90";

static void
alb_doc_line(void **state)
{
	slo_textlog *tl = preset("alb");
	char line[1024], *p;
	const char *was = " 0.000 0.001 0.000 ";

	(void)state;
	is(map(tl, alb_doc, NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2018-07-02T22:23:00.186641Z\",\"service\":\"my-targets\","
	    "\"region\":\"us-east-2\",\"route\":\"/\",\"status\":200,"
	    "\"latency_ms\":1,\"ok\":true,"
	    "\"trace_id\":\"1-58337262-36d228ad5d99923122bbe354\"}");
	/* -1: the target closed or was never reached: no latency */
	p = strstr(alb_doc, was);
	snprintf(line, sizeof line, "%.*s 0.000 -1 0.000 %s",
	    (int)(p - alb_doc), alb_doc, p + strlen(was));
	map(tl, line, NULL);
	assert_false(last.has & SLO_HAS_LATENCY);
	assert_int_equal(last.status, 200);
	slo_textlog_free(tl);
}

/* Every NAME.log of the fixtures gives NAME.ndjson, line for line. */
static void
fixtures_give_their_events(void **state)
{
	static const char *const names[] = { "nginx", "apache", "envoy-text",
		"istio-text", "haproxy", "alb" };
	char path[256], *line = NULL, *want = NULL;
	size_t cap = 0, wcap = 0;
	ssize_t n, wn;

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		slo_textlog *tl = preset(names[i]);
		FILE *in, *out;
		int lines = 0;

		snprintf(path, sizeof path, "tests/cli/fixtures/text/%s.log",
		    names[i]);
		if ((in = fopen(path, "r")) == NULL)
			fail_msg("cannot open %s (run from the top directory)",
			    path);
		snprintf(path, sizeof path,
		    "tests/cli/fixtures/text/%s.ndjson", names[i]);
		if ((out = fopen(path, "r")) == NULL)
			fail_msg("cannot open %s", path);
		while ((n = getline(&line, &cap, in)) > 0) {
			line[n - 1] = '\0';
			wn = getline(&want, &wcap, out);
			assert_true(wn > 0);
			want[wn - 1] = '\0';
			is(map(tl, line, NULL), want);
			lines++;
		}
		assert_true(lines > 0);
		assert_int_equal(getline(&want, &wcap, out), -1);
		fclose(in);
		fclose(out);
		slo_textlog_free(tl);
	}
	free(line);
	free(want);
}

/*
 * The same Istio request as a default text line and as Envoy json_format
 * (--preset envoy) gives the same canonical line, byte for byte.
 */
static void
istio_text_agrees_with_envoy_json(void **state)
{
	slo_textlog *tl = preset("istio-text");
	slo_ingest *js = slo_ingest_new(SLO_PRESET_ENVOY);
	slo_buf out = { 0 };
	slo_error err;
	const char *json = "{\"start_time\":\"2020-11-25T21:26:18.409Z\","
	    "\"method\":\"GET\",\"path\":\"/status/418?x=1\","
	    "\"response_code\":503,\"duration\":4,\"upstream_cluster\":"
	    "\"outbound|8000|v2|httpbin.foo.svc.cluster.local\","
	    "\"authority\":\"httpbin:8000\",\"route_name\":\"default\"}";
	const char *got;

	(void)state;
	got = map(tl, "[2020-11-25T21:26:18.409Z] \"GET /status/418?x=1 "
	    "HTTP/1.1\" 503 - via_upstream - \"-\" 0 135 4 4 \"-\" "
	    "\"curl/7.73.0-DEV\" \"84961386-6d84-929d-98bd-c5aee93b5c88\" "
	    "\"httpbin:8000\" \"10.44.1.27:80\" outbound|8000|v2|httpbin.foo."
	    "svc.cluster.local 10.44.1.23:37652 10.0.45.184:8000 "
	    "10.44.1.23:46520 - default", NULL);
	assert_non_null(got);
	assert_int_equal(slo_ingest_line(js, json, strlen(json), &out, &err),
	    SLO_OK);
	assert_true(out.len > 0);
	out.data[out.len - 1] = '\0';
	assert_string_equal(got, out.data);
	slo_buf_release(&out);
	slo_ingest_free(js);
	slo_textlog_free(tl);
}

/* ---- user formats ----------------------------------------------------- */

/*
 * Apache's %D is microseconds: 1234 us = 1.234 ms, and wins over %T (whole
 * seconds) wherever it stands; %>s (final) over %s (original).
 */
static void
apache_units_and_status(void **state)
{
	slo_textlog *tl = compile(SLO_TEXTLOG_APACHE,
	    "%h %t \\\"%r\\\" %s %>s %T %D");
	slo_textlog *ms = compile(SLO_TEXTLOG_APACHE,
	    "%h %{sec}t \"%m %U%q %H\" %>s %{ms}T");

	(void)state;
	is(map(tl, "10.0.0.1 [10/Oct/2000:13:55:36 -0700] \"GET /a?b=1 "
	    "HTTP/1.1\" 302 200 0 1234", NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2000-10-10T20:55:36Z\",\"route\":\"/a\",\"status\":200,"
	    "\"latency_ms\":1.234,\"ok\":true}");
	/* %{sec}t 971211336 = 2000-10-10T20:55:36Z; %{ms}T 17 ms; %U route */
	is(map(ms, "10.0.0.1 971211336 \"GET /a/b?x=1 HTTP/1.1\" 404 17",
	    NULL), "{\"kind\":\"request\",\"ts\":\"2000-10-10T20:55:36Z\","
	    "\"route\":\"/a/b\",\"status\":404,\"latency_ms\":17,\"ok\":true}");
	slo_textlog_free(tl);
	slo_textlog_free(ms);
}

/*
 * A quoted field ends at the first '"' not escaped by a backslash; its
 * text is kept as Apache wrote it (\" stays \").
 */
static void
escaped_quotes_stay_inside(void **state)
{
	slo_textlog *tl = preset("apache");

	(void)state;
	assert_int_equal(slo_textlog_label(tl, "%{User-agent}i", "ua", NULL),
	    SLO_OK);
	is(map(tl, "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET "
	    "/a\\\"b HTTP/1.0\" 200 2326 \"-\" \"Mozilla \\\"x\\\" \\\\\"",
	    NULL), "{\"kind\":\"request\",\"ts\":\"2000-10-10T20:55:36Z\","
	    "\"route\":\"/a\\\\\\\"b\",\"status\":200,\"ok\":true,"
	    "\"labels\":{\"ua\":\"Mozilla \\\\\\\"x\\\\\\\" \\\\\\\\\"}}");
	slo_textlog_free(tl);
	/* Envoy writes a header's '"' as is: a quote that the next literal
	 * does not follow stays inside the field */
	tl = preset("envoy-text");
	assert_int_equal(slo_textlog_label(tl, "%REQ(USER-AGENT)%", "ua",
	    NULL), SLO_OK);
	assert_int_equal(slo_textlog_label(tl, "%UPSTREAM_HOST%", "host",
	    NULL), SLO_OK);
	is(map(tl, "[2016-04-15T20:17:00.310Z] \"GET /x HTTP/2\" 200 - 1 2 3 "
	    "- \"-\" \"() { :; }; echo \"vuln\"\" \"id\" \"a\" \"h\"x\"",
	    NULL), "{\"kind\":\"request\",\"ts\":\"2016-04-15T20:17:00.310Z\","
	    "\"route\":\"/x\",\"status\":200,\"latency_ms\":3,\"ok\":true,"
	    "\"labels\":{\"ua\":\"() { :; }; echo \\\"vuln\\\"\","
	    "\"host\":\"h\\\"x\"}}");
	slo_textlog_free(tl);
}

/* The column where matching failed, and what was expected there. */
static void
mismatch_columns(void **state)
{
	slo_textlog *tl = preset("apache");
	char cut[256];

	(void)state;
	/* truncated after the status: ' ' expected one past the end */
	snprintf(cut, sizeof cut, "%.*s", 80, apache_doc);
	assert_string_equal(cut + 77, "200");
	rejects(tl, cut, 81, "expected ' ' after '%>s'");
	/* cut inside the time: the fixed-width field runs out */
	rejects(tl, "127.0.0.1 - frank [10/Oct/2000", 31,
	    "line ends inside '%t'");
	/* no '"' where the request should open, column 48 */
	rejects(tl, "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] GET / "
	    "HTTP/1.0\" 200 2326 \"-\" \"-\"", 47, "expected ' \"' after '%t'");
	/* text after the end of the format */
	snprintf(cut, sizeof cut, "%s extra", apache_doc);
	rejects(tl, cut, (long)strlen(apache_doc) + 1,
	    "expected end of line");
	/* a bad date, at the field's column: there is no 31 February */
	rejects(tl, "127.0.0.1 - frank [31/Feb/2000:13:55:36 -0700] \"GET / "
	    "HTTP/1.0\" 200 2326 \"-\" \"-\"", 19, "bad time");
	/* a status "-": rejected, never counted as good */
	rejects(tl, "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET / "
	    "HTTP/1.0\" - 2326 \"-\" \"-\"", 65, "missing status");
	rejects(tl, "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET / "
	    "HTTP/1.0\" 2x0 2326 \"-\" \"-\"", 65, "bad status: '2x0' in %>s");
	/* bytes that are not utf-8, at their column */
	rejects(tl, "127.0.0.1 - fr\xff", 15, "invalid utf-8");
	slo_textlog_free(tl);
}

/* What the compilers refuse, at the column of the format. */
static void
compile_errors(void **state)
{
	static const struct {
		slo_textlog_syntax syn;
		const char *fmt;
		long col;
		const char *msg;
	} cases[] = {
		{ SLO_TEXTLOG_NGINX, "$remote_addr$status", 13,
		    "'$status' follows '$remote_addr' with no text" },
		{ SLO_TEXTLOG_NGINX, "${status} ${host", 11, "unterminated" },
		{ SLO_TEXTLOG_NGINX, "$status $", 9, "without a variable" },
		{ SLO_TEXTLOG_NGINX, "$remote_addr [$time_local]", 27,
		    "no status field" },
		{ SLO_TEXTLOG_APACHE, "%h %>s%D", 7, "'%D' follows '%>s'" },
		{ SLO_TEXTLOG_APACHE, "%>s %{Referer", 5, "unterminated" },
		{ SLO_TEXTLOG_APACHE, "%>s %", 5, "directive letter" },
		{ SLO_TEXTLOG_ENVOY, "%RESPONSE_CODE%%DURATION%", 16,
		    "follows" },
		{ SLO_TEXTLOG_ENVOY, "%RESPONSE_CODE% %DURATION", 17,
		    "unterminated '%DURATION'" },
		{ SLO_TEXTLOG_ENVOY, "%RESPONSE_CODE% %REQ(:PATH", 17,
		    "unterminated '('" },
		{ SLO_TEXTLOG_ENVOY, "\n", 1, "empty format" },
	};
	slo_error err;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		slo_textlog *tl = slo_textlog_compile(cases[i].syn,
		    cases[i].fmt, strlen(cases[i].fmt), &err);
		if (tl != NULL)
			fail_msg("compiled: %s", cases[i].fmt);
		if (err.col != cases[i].col ||
		    strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("%s: col %ld '%s'; want col %ld '%s'",
			    cases[i].fmt, err.col, err.msg, cases[i].col,
			    cases[i].msg);
	}
	assert_null(slo_textlog_preset("nginx-json", &err));
	assert_int_equal(err.status, SLO_ENOTFOUND);
	assert_true(slo_textlog_is_preset("istio-text"));
	assert_false(slo_textlog_is_preset("envoy"));
	assert_int_equal(slo_textlog_syntax_from_name("envoy"),
	    SLO_TEXTLOG_ENVOY);
	assert_int_equal(slo_textlog_syntax_from_name("haproxy"), -1);
}

/*
 * Unknown variables are matched and dropped, or kept as labels when
 * asked; "method" comes from the request line when no field holds it.
 */
static void
labels_only_when_asked(void **state)
{
	slo_textlog *tl = compile(SLO_TEXTLOG_NGINX,
	    "$remote_addr \"$request\" $status $tenant_id ${host}");
	slo_error err;
	const char *line = "10.0.0.1 \"POST /pay HTTP/2.0\" 201 acme "
	    "shop.example";

	(void)state;
	is(map(tl, line, NULL), "{\"kind\":\"request\",\"route\":\"/pay\","
	    "\"status\":201,\"ok\":true}");
	assert_int_equal(slo_textlog_label(tl, "$tenant_id", "tenant", &err),
	    SLO_OK);
	assert_int_equal(slo_textlog_label(tl, "${host}", "host", &err),
	    SLO_OK);
	assert_int_equal(slo_textlog_label(tl, "method", "method", &err),
	    SLO_OK);
	assert_int_equal(slo_textlog_label(tl, "$nope", "x", &err),
	    SLO_ENOTFOUND);
	assert_non_null(strstr(err.msg, "'$nope'"));
	assert_int_equal(slo_textlog_label(tl, "$host", "", &err),
	    SLO_EINVAL);
	is(map(tl, line, NULL), "{\"kind\":\"request\",\"route\":\"/pay\","
	    "\"status\":201,\"ok\":true,\"labels\":{\"tenant\":\"acme\","
	    "\"host\":\"shop.example\",\"method\":\"POST\"}}");
	/* "-" is absent: no label */
	is(map(tl, "10.0.0.1 \"POST /pay HTTP/2.0\" 201 - shop.example",
	    NULL), "{\"kind\":\"request\",\"route\":\"/pay\",\"status\":201,"
	    "\"ok\":true,\"labels\":{\"host\":\"shop.example\","
	    "\"method\":\"POST\"}}");
	slo_textlog_free(tl);
}

/*
 * Envoy: a trace id from traceparent (the 32 hex digits of its second
 * part), START_TIME(%s) as epoch seconds, lengths ":N" after operators.
 */
static void
envoy_traceparent_and_epoch(void **state)
{
	slo_textlog *tl = compile(SLO_TEXTLOG_ENVOY,
	    "%START_TIME(%s)% %RESPONSE_CODE% %DURATION% "
	    "\"%REQ(:PATH):64%\" %REQ(TRACEPARENT)% %UPSTREAM_CLUSTER%\\n");

	(void)state;
	is(map(tl, "1764144000 200 12 \"/v1/items?id=3\" "
	    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 "
	    "checkout", NULL), "{\"kind\":\"request\","
	    "\"ts\":\"2025-11-26T08:00:00Z\",\"service\":\"checkout\","
	    "\"route\":\"/v1/items\",\"status\":200,\"latency_ms\":12,"
	    "\"ok\":true,\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}");
	slo_textlog_free(tl);
}

/*
 * A 4 MiB user agent: matched in one pass (the test would crawl if the
 * matcher went back over it), kept whole when asked for.
 */
static void
huge_line(void **state)
{
	slo_textlog *tl = preset("nginx");
	size_t big = 4u << 20, n;
	char *line = malloc(big + 256);
	const char *head = "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "
	    "\"GET / HTTP/1.0\" 200 1 \"-\" \"";

	(void)state;
	assert_non_null(line);
	n = strlen(head);
	memcpy(line, head, n);
	memset(line + n, 'a', big);
	/* spaces and lone quote-like bytes do not end the quoted field */
	for (size_t i = n; i < n + big; i += 4096)
		line[i] = ' ';
	strcpy(line + n + big, "\"");
	assert_int_equal(slo_textlog_label(tl, "$http_user_agent", "ua",
	    NULL), SLO_OK);
	assert_non_null(map(tl, line, NULL));
	assert_int_equal(strlen(slo_event_label(&last, "ua")), big);
	free(line);
	slo_textlog_free(tl);
}

/*
 * Every month's name in the common log format's time, on Apache's line
 * of apache_combined_doc_line.  The second method: 2024-01-01T00:00:00Z is
 * 1704067200 (python3: calendar.timegm((2024,1,1,0,0,0))), and the 1st of
 * each month of the leap year 2024 is day 0, 31, 60, 91, 121, 152, 182,
 * 213, 244, 274, 305, 335 of it (31 + 29 + 31 + 30 + ... summed by hand).
 * Month names are case-sensitive, as Apache and nginx write them.
 */
static void
clf_every_month(void **state)
{
	static const char *const names[12] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	static const int first[12] = { 0, 31, 60, 91, 121, 152, 182, 213, 244,
	    274, 305, 335 };
	slo_textlog *tl = preset("apache");
	char line[256];
	slo_error err;
	const char *tail = "\"GET /x HTTP/1.0\" 200 2326 \"-\" \"-\"";

	(void)state;
	for (int m = 0; m < 12; m++) {
		/* the 15th at 12:00:00 -0700 = 19:00:00Z */
		snprintf(line, sizeof line, "127.0.0.1 - - [15/%s/2024:12:00:00 "
		    "-0700] %s", names[m], tail);
		assert_non_null(map(tl, line, NULL));
		assert_int_equal(last.ts, (1704067200LL + (first[m] + 14) *
		    86400LL + 19 * 3600) * 1000000000LL);
	}
	/* the same second again, then with another offset, the next
	 * second, and a bad day right after a good line of that second:
	 * each read for itself, not taken from the line before */
	for (int k = 0; k < 2; k++) {
		static const struct {
			const char *t;
			long long secs; /* 1704067200 = 2024-01-01T00:00Z */
		} seq[] = {
			{ "15/Jan/2024:12:00:00 -0700", 1704067200LL +
			    14 * 86400 + 19 * 3600 },
			{ "15/Jan/2024:12:00:00 -0700", 1704067200LL +
			    14 * 86400 + 19 * 3600 },
			{ "15/Jan/2024:12:00:00 +0000", 1704067200LL +
			    14 * 86400 + 12 * 3600 },
			{ "15/Jan/2024:12:00:01 +0000", 1704067200LL +
			    14 * 86400 + 12 * 3600 + 1 },
			{ "35/Jan/2024:12:00:01 +0000", -1 },
			{ "15/Jan/2024:12:00:01 +0000", 1704067200LL +
			    14 * 86400 + 12 * 3600 + 1 },
			{ "15/Jan/2024:12:00:01 +000x", -1 },
		};
		for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
			snprintf(line, sizeof line, "127.0.0.1 - - [%s] %s",
			    seq[i].t, tail);
			if (seq[i].secs < 0) {
				assert_null(map(tl, line, NULL));
				continue;
			}
			assert_non_null(map(tl, line, NULL));
			assert_int_equal(last.ts, seq[i].secs * 1000000000LL);
		}
	}
	/* leap day, and its absence in 2023; +0530 */
	snprintf(line, sizeof line, "127.0.0.1 - - [29/Feb/2024:05:30:00 "
	    "+0530] %s", tail);
	assert_non_null(map(tl, line, NULL));
	assert_int_equal(last.ts, (1704067200LL + 59 * 86400LL) * 1000000000LL);
	for (size_t i = 0; i < 4; i++) {
		static const char *const bad[] = { "29/Feb/2023", "15/jan/2024",
		    "15/Jax/2024", "15/JAN/2024" };
		snprintf(line, sizeof line, "127.0.0.1 - - [%s:12:00:00 -0700] "
		    "%s", bad[i], tail);
		if (map(tl, line, &err) != NULL)
			fail_msg("%s accepted", bad[i]);
		assert_non_null(strstr(err.msg, "time"));
	}
	slo_textlog_free(tl);
}

/*
 * The matcher on generated lines, against where the generator put each
 * field (the second method): fields of 0 to 40 bytes, short ones most
 * often, before one-byte and longer literals, quoted ones holding spaces,
 * escaped quotes and bytes past 0x7f; the last field quoted, so that its
 * literal must end the line.  Then each line cut short, or with its last
 * quote dropped: rejected, never matched.
 */
static void
matcher_on_generated_lines(void **state)
{
	slo_textlog *tl = compile(SLO_TEXTLOG_NGINX, "$remote_addr - "
	    "[$host] \"$request\" $status $body_bytes_sent "
	    "\"$http_referer\" rt=$request_time \"$http_user_agent\"");
	/* the fields in order, the literal after each, quoted or not */
	static const char *const after[] = { " - [", "] \"", "\" ", " ",
	    " \"", "\" rt=", " \"", "\"" };
	static const int quoted[] = { 0, 0, 1, 0, 0, 1, 0, 1 };
	enum { NF = 8 };
	slo_textlog_span spans[NF];
	size_t at[NF], len[NF];
	char line[1024];
	slo_error err;
	uint64_t r = 88172645463325252ULL;

	(void)state;
	assert_int_equal(slo_textlog_nfields(tl), NF);
	for (int iter = 0; iter < 20000; iter++) {
		size_t n = 0;
		for (int f = 0; f < NF; f++) {
			size_t k;
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			k = r % 4 == 0 ? (r >> 8) % 41 : (r >> 8) % 5;
			at[f] = n;
			for (size_t j = 0; j < k; j++) {
				r ^= r << 13, r ^= r >> 7, r ^= r << 17;
				char c = (char)('a' + r % 26);
				if (quoted[f] && r % 7 == 0)
					c = ' ';
				else if (quoted[f] && r % 11 == 0)
					c = (char)0xc3; /* then 0xa9 below */
				else if (quoted[f] && r % 13 == 0 && j + 1 < k) {
					line[n++] = '\\';
					c = '"';
					j++;
				}
				line[n++] = c;
				if ((unsigned char)c == 0xc3)
					line[n - 1] = (char)0xc3,
					line[n++] = (char)0xa9, j++;
			}
			len[f] = n - at[f];
			memcpy(line + n, after[f], strlen(after[f]));
			n += strlen(after[f]);
		}
		if (slo_textlog_match(tl, line, n, spans, &err) != SLO_OK)
			fail_msg("%.*s: %s at %ld", (int)n, line, err.msg,
			    err.col);
		for (int f = 0; f < NF; f++)
			if (spans[f].p != line + at[f] || spans[f].n != len[f])
				fail_msg("%.*s: field %d at %zu+%zu, want "
				    "%zu+%zu", (int)n, line, f,
				    (size_t)(spans[f].p - line), spans[f].n,
				    at[f], len[f]);
		/* cut short, or without its closing quote: rejected */
		assert_int_equal(slo_textlog_match(tl, line, n - 1, spans,
		    &err), SLO_ESYNTAX);
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		assert_int_equal(slo_textlog_match(tl, line, r % n, spans,
		    &err), SLO_ESYNTAX);
	}
	slo_textlog_free(tl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(apache_combined_doc_line),
		cmocka_unit_test(nginx_combined_and_timings),
		cmocka_unit_test(envoy_default_doc_line),
		cmocka_unit_test(istio_default_doc_line),
		cmocka_unit_test(haproxy_doc_line),
		cmocka_unit_test(haproxy_local_time_zone),
		cmocka_unit_test(alb_doc_line),
		cmocka_unit_test(fixtures_give_their_events),
		cmocka_unit_test(istio_text_agrees_with_envoy_json),
		cmocka_unit_test(apache_units_and_status),
		cmocka_unit_test(escaped_quotes_stay_inside),
		cmocka_unit_test(mismatch_columns),
		cmocka_unit_test(compile_errors),
		cmocka_unit_test(labels_only_when_asked),
		cmocka_unit_test(envoy_traceparent_and_epoch),
		cmocka_unit_test(huge_line),
		cmocka_unit_test(clf_every_month),
		cmocka_unit_test(matcher_on_generated_lines),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
