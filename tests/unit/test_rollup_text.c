/*
 * test_rollup_text.c — rollup lines read by the selective scanner
 * (slo_rollup_merge_scan(), slo_rollup_merge_text()) against jansson's
 * slo_rollup_merge_json(): differentially, the same rows or the same
 * rejection (status and message) with the rollup left as jansson leaves
 * it; and the event decoder's rollup_text mode against its jansson path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <math.h>

#include "event_int.h" /* no_fast: the decoder's jansson path */
#include "slo_rollup.h"
#include "slo_spec.h"

/* slo-events(5), EXAMPLES: the rollup line given there. */
static const char man_line[] =
    "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"1m\","
    "\"service\":\"checkout\",\"route\":\"/api/cart\",\"count\":3,\"good\":2,"
    "\"status\":{\"2xx\":1,\"4xx\":1,\"5xx\":1},\"latency_ms\":{\"alpha\":0.01,"
    "\"count\":3,\"sum\":260,\"min\":0,\"max\":250,\"zero\":1,"
    "\"bins\":[[116,1],[277,1]]}}";

/* Another row of the same minute, with labels and SLO counts: the rollup
 * both readers start from, so that a line may clash with it. */
static const char base_line[] =
    "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"1m\","
    "\"service\":\"checkout\",\"region\":\"eu\",\"labels\":{\"pod\":\"a-1\","
    "\"zone\":\"b\"},\"count\":2,\"good\":2,\"status\":{\"2xx\":2},"
    "\"latency_ms\":{\"alpha\":0.01,\"count\":2,\"sum\":30.5,\"min\":10,"
    "\"max\":20.5,\"zero\":0,\"bins\":[[116,1],[152,1]]},"
    "\"slos\":{\"avail\":{\"good\":2,\"total\":2}}}";

static char *
encoded(slo_rollup *r)
{
	slo_buf b = { 0 };

	assert_int_equal(slo_rollup_encode(r, &b), SLO_OK);
	assert_int_equal(slo_buf_putc(&b, '\0'), SLO_OK);
	return b.data;
}

static slo_rollup *
based(slo_ns width)
{
	slo_rollup *r = slo_rollup_new(width);
	slo_error err;

	assert_non_null(r);
	assert_int_equal(slo_rollup_merge_text(r, base_line,
	    sizeof base_line - 1, &err), SLO_OK);
	return r;
}

/*
 * line[0..n) merged by jansson into one rollup and by the scanner (else
 * jansson, as slo_rollup_merge_text() does) into another, both holding
 * base_line first: the same status, message and rows.  Whether the
 * scanner took it; a line jansson refuses as JSON must not be taken.
 */
static int
same_as_jansson(const char *line, size_t n, slo_ns width)
{
	slo_rollup *a = based(width), *b = based(width);
	slo_status sa, sb = SLO_OK;
	slo_error ea, eb;
	json_error_t je;
	json_t *obj;
	char *ta, *tb;
	int scanned;

	memset(&ea, 0, sizeof ea);
	memset(&eb, 0, sizeof eb);
	obj = json_loadb(line, n, 0, &je);
	scanned = slo_rollup_merge_scan(b, line, n, &sb, &eb);
	if (obj == NULL) {
		if (scanned)
			fail_msg("jansson refuses (%s), the scanner took: %.*s",
			    je.text, (int)n, line);
		goto out;
	}
	sa = slo_rollup_merge_json(a, obj, &ea);
	json_decref(obj);
	if (!scanned)
		sb = slo_rollup_merge_text(b, line, n, &eb);
	if (sa != sb)
		fail_msg("status %d by jansson, %d by the scanner (%s): %.*s",
		    sa, sb, scanned ? "taken" : "handed over", (int)n, line);
	if (sa != SLO_OK && strcmp(ea.msg, eb.msg) != 0)
		fail_msg("'%s' by jansson, '%s' by the scanner: %.*s", ea.msg,
		    eb.msg, (int)n, line);
	ta = encoded(a);
	tb = encoded(b);
	if (strcmp(ta, tb) != 0)
		fail_msg("rows differ after %.*s\njansson:\n%s\nscanner:\n%s",
		    (int)n, line, ta, tb);
	free(ta);
	free(tb);
out:
	slo_rollup_free(a);
	slo_rollup_free(b);
	return scanned;
}

static int
same_str(const char *line)
{
	return same_as_jansson(line, strlen(line), SLO_NS_PER_MIN);
}

/* The man page's line, read by the scanner: its numbers by hand. */
static void
known_answer(void **state)
{
	slo_rollup *r = slo_rollup_new(0);
	const slo_rollup_row *w;
	slo_status st;
	slo_error err;

	(void)state;
	assert_true(slo_rollup_merge_scan(r, man_line, sizeof man_line - 1,
	    &st, &err));
	assert_int_equal(st, SLO_OK);
	assert_int_equal(slo_rollup_nrows(r), 1);
	w = slo_rollup_row_at(r, 0);
	assert_string_equal(w->service, "checkout");
	assert_string_equal(w->route, "/api/cart");
	assert_null(w->region);
	assert_true(w->width == SLO_NS_PER_MIN);
	assert_int_equal(w->count, 3);
	assert_int_equal(w->good, 2);
	assert_int_equal(w->status[SLO_ROLLUP_2XX], 1);
	assert_int_equal(w->status[SLO_ROLLUP_4XX], 1);
	assert_int_equal(w->status[SLO_ROLLUP_5XX], 1);
	assert_int_equal(w->status[SLO_ROLLUP_1XX], 0);
	/* the sketch: 3 values, one of them the zero bucket, sum 260 */
	assert_int_equal(slo_sketch_count(w->latency), 3);
	assert_true(slo_sketch_sum(w->latency) == 260);
	assert_true(slo_sketch_min(w->latency) == 0);
	assert_true(slo_sketch_max(w->latency) == 250);
	slo_rollup_free(r);
	assert_true(same_str(man_line));
	assert_true(same_str(base_line));
}

/* What slo-ingest --rollup writes, with labels, escapes and SLOs: every
 * line taken by the scanner, with jansson's rows. */
static void
encoder_lines_are_taken(void **state)
{
	static const char yaml[] =
	    "slos:\n"
	    "  - name: avail\n"
	    "    bad: 'status >= 500'\n"
	    "    objective: 99\n"
	    "    window: 1h\n"
	    "  - name: \"fast \\\"p\\u00e9\\\"\"\n"
	    "    latency: { threshold: 300ms }\n"
	    "    objective: 90\n"
	    "    window: 1h\n";
	static const char *const svc[] = { "checkout", "a\"b\\c", "t\tab",
		"\xe2\x82\xac\xf0\x9f\x98\x80", NULL };
	slo_spec *spec = slo_spec_new();
	slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
	slo_kv labels[2] = { { "zone", "b" }, { "pod", "\x01x" } };
	slo_buf b = { 0 };
	slo_error err;
	slo_event ev;
	size_t lines = 0;

	(void)state;
	assert_int_equal(slo_spec_load_string(spec, "s.yaml", yaml,
	    sizeof yaml - 1, &err), SLO_OK);
	assert_int_equal(slo_spec_finish(spec, &err), SLO_OK);
	assert_int_equal(slo_rollup_add_spec(r, spec, &err), SLO_OK);
	for (int i = 0; i < 400; i++) {
		memset(&ev, 0, sizeof ev);
		ev.kind = SLO_KIND_REQUEST;
		ev.has = SLO_HAS_TS | SLO_HAS_STATUS;
		ev.ts = 1795680600LL * SLO_NS_PER_SEC +
		    (slo_ns)(i % 7) * 40 * SLO_NS_PER_SEC;
		ev.service = svc[i % 5];
		ev.route = i % 3 ? "/api/cart" : NULL;
		ev.status = (int[]){ 200, 503, 404, 0, 101, 302 }[i % 6];
		ev.ok = ev.status < 500;
		if (i % 4) {
			ev.latency_ms = i % 9 == 0 ? 0 : 0.5 + i * 3.25;
			ev.has |= SLO_HAS_LATENCY;
		}
		ev.labels = labels;
		ev.nlabels = (size_t)(i % 3);
		assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
	}
	assert_int_equal(slo_rollup_encode(r, &b), SLO_OK);
	for (char *p = b.data, *nl; p < b.data + b.len; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(b.data + b.len - p));
		assert_non_null(nl);
		if (!same_as_jansson(p, (size_t)(nl - p), SLO_NS_PER_MIN))
			fail_msg("handed over: %.*s", (int)(nl - p), p);
		lines++;
	}
	assert_true(lines > 20);
	slo_buf_release(&b);
	slo_rollup_free(r);
	slo_spec_free(spec);
}

/* Other spellings of valid lines: spacing, escaped keys, member order,
 * members jansson's reader ignores. */
static void
any_form_is_taken(void **state)
{
	static const char *const forms[] = {
		" {\t\"kind\" : \"rollup\" ,\r\n \"width\":\"1m\", "
		"\"ts\" : 1795680600 , \"count\" :3,\"good\":\n2,"
		"\"status\":{ \"5xx\" : 1 , \"2xx\":2 } } \t",
		"{\"c\\u006Funt\":1,\"good\":1,\"\\u006bind\":\"roll\\u0075p\","
		"\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"60s\","
		"\"service\":\"ch\\u00e9\\ud83d\\ude00\"}",
		"{\"kind\":\"rollup\",\"ts\":1795680600.0,\"width\":\"1m\","
		"\"count\":1,\"good\":1,\"extra\":{\"deep\":[1,{\"x\":null}]},"
		"\"slos\":{\"avail\":{\"total\":1,\"note\":[true],\"good\":1}},"
		"\"status\":{},\"labels\":{},\"count_typo\":\"x\"}",
		"{\"latency_ms\":{\"bins\":[],\"zero\":0,\"max\":null,\"min\":null,"
		"\"sum\":0,\"count\":0,\"alpha\":0.01},\"good\":0,\"count\":0,"
		"\"width\":\"1m\",\"ts\":\"2026-11-26T08:10:00Z\",\"kind\":\"rollup\"}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
		if (!same_str(forms[i]))
			fail_msg("handed over: %s", forms[i]);
}

/* Lines the scanner must not decide: each handed over, and jansson's
 * verdict then the same as without the scanner. */
static void
handed_over(void **state)
{
#define L(rest) "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\"," \
    "\"width\":\"1m\"," rest "}"
#define SK(rest) L("\"count\":1,\"good\":1,\"latency_ms\":{" rest "}")
	static const char *const lines[] = {
		L("\"count\":1,\"good\":1,\"count\":2"),
		L("\"count\":1,\"good\":1,\"status\":{\"2xx\":1,\"2xx\":1}"),
		L("\"count\":1,\"good\":1,\"labels\":{\"a\":\"1\",\"a\":\"2\"}"),
		L("\"count\":1,\"good\":1,\"slos\":{\"x\":{\"good\":1,\"total\":1},"
		    "\"x\":{\"good\":0,\"total\":1}}"),
		L("\"count\":1,\"good\":1,\"slos\":{\"x\":{\"good\":1,\"good\":0,"
		    "\"total\":1}}"),
		L("\"count\":1,\"good\":2"),
		L("\"count\":-1,\"good\":0"),
		L("\"count\":1.0,\"good\":1"),
		L("\"count\":1,\"good\":1,\"status\":{\"6xx\":1}"),
		L("\"count\":1,\"good\":1,\"status\":[]"),
		L("\"count\":1,\"good\":1,\"service\":7"),
		L("\"count\":1,\"good\":1,\"service\":null"),
		L("\"count\":1,\"good\":1,\"labels\":{\"a\":1}"),
		L("\"count\":1,\"good\":1,\"labels\":null"),
		L("\"count\":1,\"good\":1,\"slos\":{\"x\":{\"good\":2,\"total\":1}}"),
		L("\"count\":1,\"good\":1,\"slos\":{\"x\":{\"good\":1}}"),
		L("\"count\":1,\"good\":1,\"slos\":{\"x\":5}"),
		L("\"good\":1"),
		L("\"count\":1,\"good\":1,\"latency_ms\":null"),
		SK("\"bins\":\"no\""),
		SK("\"alpha\":0.01,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
		    "\"zero\":0,\"bins\":[[0,1]],\"extra\":1"),
		SK("\"alpha\":0.01,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
		    "\"bins\":[[0,1]]"),
		SK("\"alpha\":0.5,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
		    "\"zero\":0,\"bins\":[[0,1]]"),
		SK("\"alpha\":0.01,\"count\":2,\"sum\":1,\"min\":1,\"max\":1,"
		    "\"zero\":0,\"bins\":[[0,1]]"),
		SK("\"alpha\":0.01,\"count\":2,\"sum\":2,\"min\":1,\"max\":1,"
		    "\"zero\":0,\"bins\":[[1,1],[0,1]]"),
		SK("\"alpha\":0.01,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
		    "\"zero\":0,\"bins\":[[0,0]]"),
		SK("\"alpha\":0.01,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
		    "\"zero\":0,\"bins\":[[0,1,2]]"),
		SK("\"alpha\":0.01,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
		    "\"zero\":0,\"bins\":[[99999,1]]"),
		SK("\"alpha\":0.01,\"count\":1,\"sum\":1,\"min\":2,\"max\":1,"
		    "\"zero\":0,\"bins\":[[0,1]]"),
		SK("\"alpha\":0.01,\"count\":0,\"sum\":0,\"min\":0,\"max\":null,"
		    "\"zero\":0,\"bins\":[]"),
		SK("\"alpha\":0.01,\"count\":1,\"sum\":1.0001,\"min\":1,\"max\":1,"
		    "\"zero\":0,\"bins\":[[0,1]]"),
		SK("\"alpha\":0.01,\"count\":1,\"sum\":1,\"sum_exact\":\"2\","
		    "\"min\":1,\"max\":1,\"zero\":0,\"bins\":[[0,1]]"),
		SK("\"alpha\":0.01,\"count\":1,\"sum\":null,\"sum_exact\":\"1\","
		    "\"min\":1,\"max\":1,\"zero\":0,\"bins\":[[0,1]]"),
		SK("\"alpha\":0.01,\"count\":1,\"sum\":1,\"min\":1,\"max\":1,"
		    "\"zero\":0,\"bins\":[[0,1]],\"zero\":0"),
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:30Z\",\"width\":"
		    "\"1m\",\"count\":1,\"good\":1}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":"
		    "\"5m\",\"count\":1,\"good\":1}",
		"{\"kind\":\"rollup\",\"ts\":\"soon\",\"width\":\"1m\","
		    "\"count\":1,\"good\":1}",
		"{\"kind\":\"request\",\"ts\":\"2026-11-26T08:10:00Z\","
		    "\"width\":\"1m\",\"count\":1,\"good\":1}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":"
		    "\"1m\",\"count\":1,\"good\":1}x",
		"[1]",
	};
	slo_buf many = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (same_str(lines[i]))
			fail_msg("the scanner decided: %s", lines[i]);
	/* more labels than the scanner holds (64) */
	slo_buf_puts(&many, L("\"count\":1,\"good\":1,\"labels\":{"));
	many.len--; /* L's closing brace */
	for (int i = 0; i < 65; i++)
		slo_buf_printf(&many, "%s\"k%d\":\"v\"", i ? "," : "", i);
	slo_buf_puts(&many, "}}");
	assert_false(same_as_jansson(many.data, many.len, SLO_NS_PER_MIN));
	slo_buf_release(&many);
	/* the base row's sketch with another alpha: a merge that fails
	 * after the checks, taken and failing as jansson's does */
	assert_true(same_str(L("\"service\":\"checkout\",\"region\":\"eu\","
	    "\"labels\":{\"zone\":\"b\",\"pod\":\"a-1\"},\"count\":1,"
	    "\"good\":1,\"latency_ms\":{\"alpha\":0.02,\"count\":1,\"sum\":1,"
	    "\"min\":1,\"max\":1,\"zero\":0,\"bins\":[[0,1]]}")));
#undef SK
#undef L
}

/*
 * Every line one byte away from valid ones (deleted, or replaced by
 * bytes that matter to JSON): never accepted unless jansson accepts it,
 * and then with jansson's rows and messages.
 */
static void
one_byte_off(void **state)
{
	static const char swaps[] = "\"\\{}[],:0-1e.x tn";
	const char *const seeds[] = { man_line, base_line };
	char buf[1024];
	int taken = 0;

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		size_t n = strlen(seeds[k]);

		for (size_t i = 0; i < n; i++) {
			memcpy(buf, seeds[k], i);
			memcpy(buf + i, seeds[k] + i + 1, n - i - 1);
			taken += same_as_jansson(buf, n - 1, SLO_NS_PER_MIN);
			for (const char *c = swaps; *c; c++) {
				if (*c == seeds[k][i])
					continue;
				memcpy(buf, seeds[k], n);
				buf[i] = *c;
				taken += same_as_jansson(buf, n, 0);
			}
		}
	}
	/* digits changed in counts, alpha and the like still read */
	assert_true(taken > 50);
}

/* The event decoder told to leave rollups to their text: the same
 * common fields as its jansson path, ev->text the line, no ev->json;
 * without being told, jansson as before. */
static void
decoder_rollup_text(void **state)
{
	slo_event_decoder *fast = slo_event_decoder_new();
	slo_event_decoder *slow = slo_event_decoder_new();
	const char *bad = "{\"kind\":\"rollup\",\"ts\":\"soon\"}";
	slo_event a, b;
	slo_error err;
	long col;

	(void)state;
	assert_int_equal(slo_event_decode(slow, base_line,
	    sizeof base_line - 1, &a, &err), SLO_OK);
	assert_non_null(a.json);
	assert_null(a.text);
	slo_event_decoder_rollup_text(fast);
	assert_int_equal(slo_event_decode(fast, base_line,
	    sizeof base_line - 1, &b, &err), SLO_OK);
	assert_null(b.json);
	assert_non_null(b.text);
	assert_int_equal(b.textlen, sizeof base_line - 1);
	assert_memory_equal(b.text, base_line, b.textlen);
	assert_int_equal(b.kind, SLO_KIND_ROLLUP);
	assert_int_equal(a.kind, SLO_KIND_ROLLUP);
	assert_true(a.ts == b.ts && a.has == b.has);
	assert_string_equal(a.service, b.service);
	assert_string_equal(a.region, b.region);
	assert_null(b.route); /* not a field of a rollup event */
	assert_int_equal(a.nlabels, 2);
	assert_int_equal(b.nlabels, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(a.labels[i].key, b.labels[i].key);
		assert_string_equal(a.labels[i].val, b.labels[i].val);
	}
	/* a rollup with a bad common field: the jansson path's rejection */
	assert_int_equal(slo_event_decode(slow, bad, strlen(bad), &a, &err),
	    SLO_ESYNTAX);
	col = err.col;
	assert_true(col > 0);
	assert_int_equal(slo_event_decode(fast, bad, strlen(bad), &b, &err),
	    SLO_ESYNTAX);
	assert_int_equal(err.col, col);
	slo_event_decoder_free(fast);
	slo_event_decoder_free(slow);
}

/*
 * line[0..n) as slo-eval reads it, decoded with rollup_text (its text and
 * the runs of pairs the decoder kept: ev->runs) then merged by
 * slo_rollup_merge_event(), against jansson's merge, both onto base_line:
 * the same status, message and rows.  Whether the decoder took it as a
 * rollup line.
 */
static int
same_via_decoder(const char *line, size_t n)
{
	slo_event_decoder *dec = slo_event_decoder_new();
	slo_rollup *a = based(SLO_NS_PER_MIN), *b = based(SLO_NS_PER_MIN);
	slo_status sa, sb;
	slo_error ea, eb;
	slo_event ev;
	json_t *obj;
	char *ta, *tb;
	int taken = 0;

	memset(&ea, 0, sizeof ea);
	memset(&eb, 0, sizeof eb);
	slo_event_decoder_rollup_text(dec);
	obj = json_loadb(line, n, 0, NULL);
	if (slo_event_decode(dec, line, n, &ev, &eb) != SLO_OK ||
	    ev.kind != SLO_KIND_ROLLUP || ev.text == NULL || obj == NULL)
		goto out;
	taken = 1;
	sb = slo_rollup_merge_event(b, &ev, &eb);
	sa = slo_rollup_merge_json(a, obj, &ea);
	if (sa != sb || (sa != SLO_OK && strcmp(ea.msg, eb.msg) != 0))
		fail_msg("%d '%s' by jansson, %d '%s' by the decoder and merge: "
		    "%.*s", sa, ea.msg, sb, eb.msg, (int)n, line);
	ta = encoded(a);
	tb = encoded(b);
	if (strcmp(ta, tb) != 0)
		fail_msg("rows differ after %.*s\njansson:\n%s\ndecoder:\n%s",
		    (int)n, line, ta, tb);
	free(ta);
	free(tb);
out:
	json_decref(obj);
	slo_rollup_free(a);
	slo_rollup_free(b);
	slo_event_decoder_free(dec);
	return taken;
}

/*
 * The decoder with rollup_text and its jansson path on line[0..n): the
 * same status, message and column, and on success the same kind.
 */
static void
decoders_agree(slo_event_decoder *fast, slo_event_decoder *slow,
    const char *line, size_t n)
{
	slo_error ea, eb;
	slo_status sa, sb;
	slo_event a, b;

	memset(&ea, 0, sizeof ea);
	memset(&eb, 0, sizeof eb);
	sa = slo_event_decode(slow, line, n, &a, &ea);
	sb = slo_event_decode(fast, line, n, &b, &eb);
	if (sa != sb || (sa != SLO_OK && (ea.col != eb.col ||
	    strcmp(ea.msg, eb.msg) != 0)) || (sa == SLO_OK && a.kind != b.kind))
		fail_msg("decoders differ (%d '%s' col %ld, fast %d '%s' col "
		    "%ld) on: %.*s", sa, ea.msg, ea.col, sb, eb.msg, eb.col,
		    (int)n, line);
}

/*
 * Rollup lines with sketches of hundreds of bins (latencies spread over
 * ten decades: more than the 256 pairs the reader reserves at a time),
 * whole, cut at 16 places and damaged at 16 (a byte that matters to
 * JSON): the merge as jansson's, the event decoder as its jansson path.
 * 12 rows x 33 lines each.
 */
static void
wide_sketches_cut_and_damaged(void **state)
{
	static const char swaps[] = "\"\\{}[],:0-1e.x ";
	slo_event_decoder *fast = slo_event_decoder_new();
	slo_event_decoder *slow = slo_event_decoder_new();
	slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
	slo_buf b = { 0 };
	char *line = NULL;
	size_t compared = 0, taken = 0, maxbins = 0;
	uint64_t x = 88172645463325252ULL;

	(void)state;
	slo_event_decoder_rollup_text(fast);
	slow->no_fast = 1;
	for (int i = 0; i < 12 * 3000; i++) {
		slo_event ev;

		memset(&ev, 0, sizeof ev);
		ev.kind = SLO_KIND_REQUEST;
		ev.has = SLO_HAS_TS | SLO_HAS_STATUS | SLO_HAS_LATENCY;
		ev.ts = 1795680600LL * SLO_NS_PER_SEC +
		    (slo_ns)(i % 4) * SLO_NS_PER_MIN;
		ev.service = i % 3 == 0 ? "checkout" : i % 3 == 1 ? "cart" :
		    "search";
		ev.status = i % 50 == 0 ? 503 : 200;
		ev.ok = ev.status < 500;
		/* xorshift: latencies from 1e-3 to 1e7 ms, log-uniform */
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		ev.latency_ms = pow(10, (double)(x % 10000) / 1000 - 3);
		assert_int_equal(slo_rollup_add(r, &ev), SLO_OK);
	}
	assert_int_equal(slo_rollup_encode(r, &b), SLO_OK);
	for (char *p = b.data, *nl; p < b.data + b.len; p = nl + 1) {
		size_t n, bins = 0;
		char *dn;

		nl = memchr(p, '\n', (size_t)(b.data + b.len - p));
		assert_non_null(nl);
		n = (size_t)(nl - p);
		/* bins in use: a '[' each in the sparse form, a count
		 * other than 0 each in the dense one (slo-events(5)) */
		for (size_t k = 0; k < n; k++)
			bins += p[k] == '[';
		for (dn = p; dn + 14 <= p + n &&
		    memcmp(dn, "\"bin_counts\":[", 14) != 0; dn++)
			;
		if (dn + 14 <= p + n)
			for (char *c = dn + 14; *c != ']'; c++)
				bins += (c[-1] == '[' || c[-1] == ',') &&
				    *c != '0';
		if (bins > maxbins)
			maxbins = bins;
		line = realloc(line, n);
		assert_non_null(line);
		if (!same_as_jansson(p, n, SLO_NS_PER_MIN) ||
		    !same_via_decoder(p, n))
			fail_msg("handed over: %.*s", (int)n, p);
		decoders_agree(fast, slow, p, n);
		compared++;
		for (size_t k = 1; k <= 16; k++) {
			size_t at = n * k / 17;

			same_as_jansson(p, at, SLO_NS_PER_MIN);
			same_via_decoder(p, at);
			decoders_agree(fast, slow, p, at);
			memcpy(line, p, n);
			line[at] = swaps[(k * 7 + compared) %
			    (sizeof swaps - 1)];
			taken += (size_t)same_as_jansson(line, n,
			    SLO_NS_PER_MIN);
			same_via_decoder(line, n);
			decoders_agree(fast, slow, line, n);
			compared += 2;
		}
	}
	assert_int_equal(compared, 12 * 33);
	/* every whole line taken by the scanner (above), some damaged ones
	 * too (a digit for a digit), and the sketches as wide as meant */
	assert_true(taken > 0);
	assert_true(maxbins > 300);
	free(line);
	slo_buf_release(&b);
	slo_rollup_free(r);
	slo_event_decoder_free(fast);
	slo_event_decoder_free(slow);
}

/*
 * The runs of pairs the decoder keeps and the merge takes, at their
 * edges: bins broken into more runs than are kept (JSCAN_KEEP_RUNS),
 * pairs in a member read before the sketch (kept, never taken for the
 * bins), an element the runs cannot hold; each merged as jansson merges
 * it.
 */
static void
kept_runs_edges(void **state)
{
#define SK(bins, count) "{\"kind\":\"rollup\"," \
    "\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"1m\"," \
    "\"x\":[[1,2],[3,4]],\"count\":" count ",\"good\":0," \
    "\"latency_ms\":{\"alpha\":0.01,\"count\":" count ",\"sum\":1," \
    "\"min\":1,\"max\":1,\"zero\":0,\"bins\":" bins "}}"
	static const char *const lines[] = {
		SK("[[1,1],[3,4]]", "5"),
		SK("[[1,1],[2,1],[9223372036854775807,1]]", "3"),
		SK("[[1,1], [2,1],[3,1]]", "3"),
		SK("[ [1,1],[2,1]]", "2"),
		SK("[[1,1],[2,1],[3,1.0]]", "3"),
		/* no run where the merge stands after [2,1]: a later run
		 * ([4,1]) must not be taken there, past the bad [3,0] */
		SK("[[1,1], [2,1], [3,0],[4,1]]", "3"),
	};
	slo_buf b = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (!same_via_decoder(lines[i], strlen(lines[i])))
			fail_msg("not decoded: %s", lines[i]);
	/* 40 runs of two pairs, each broken by a spaced separator: the
	 * first 16 kept and taken, the rest read by the merge */
	slo_buf_puts(&b, "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\","
	    "\"width\":\"1m\",\"count\":120,\"good\":0,\"latency_ms\":"
	    "{\"alpha\":0.01,\"count\":120,\"sum\":1,\"min\":1,\"max\":1,"
	    "\"zero\":0,\"bins\":[");
	for (int k = 0; k < 40; k++)
		slo_buf_printf(&b, "%s[%d,1],[%d,1], [%d,1]", k ? "," : "",
		    3 * k, 3 * k + 1, 3 * k + 2);
	slo_buf_puts(&b, "]}}");
	if (!same_via_decoder(b.data, b.len))
		fail_msg("not decoded: %s", b.data);
	slo_buf_release(&b);
#undef SK
}

/*
 * lines[0..n) merged in turn into one rollup by jansson and into another
 * by the scanner (else jansson), both empty at first: after each, the
 * same status and the same rows (a line that is not JSON: not taken).
 * Bit i of the result: line i taken by the scanner.  (What the scanner keeps from line to line, the SLO
 * names, is only seen across lines.)
 */
static unsigned
seq_same(const char *const *lines, size_t n)
{
	slo_rollup *a = slo_rollup_new(SLO_NS_PER_MIN);
	slo_rollup *b = slo_rollup_new(SLO_NS_PER_MIN);
	unsigned taken = 0;

	assert_true(n <= 32);
	for (size_t i = 0; i < n; i++) {
		slo_status sa, sb = SLO_OK;
		slo_error ea, eb;
		size_t len = strlen(lines[i]);
		/* the line alone in its memory: a read past it is the
		 * sanitizers' to see */
		char *line = malloc(len);
		json_t *obj = json_loadb(lines[i], len, 0, NULL);
		int scanned;
		char *ta, *tb;

		assert_non_null(line);
		memcpy(line, lines[i], len);
		scanned = slo_rollup_merge_scan(b, line, len, &sb, &eb);
		free(line);

		if (obj == NULL) {
			/* not JSON: the scanner must not take it */
			if (scanned)
				fail_msg("not JSON, taken: %s", lines[i]);
			continue;
		}
		sa = slo_rollup_merge_json(a, obj, &ea);
		json_decref(obj);
		if (!scanned)
			sb = slo_rollup_merge_text(b, lines[i], len, &eb);
		if (sa != sb)
			fail_msg("status %d by jansson, %d by the scanner: %s",
			    sa, sb, lines[i]);
		ta = encoded(a);
		tb = encoded(b);
		if (strcmp(ta, tb) != 0)
			fail_msg("rows differ after %s\njansson:\n%s\n"
			    "scanner:\n%s", lines[i], ta, tb);
		free(ta);
		free(tb);
		taken |= (unsigned)scanned << i;
	}
	slo_rollup_free(a);
	slo_rollup_free(b);
	return taken;
}

/* One row of minute 08:10 whose "slos" object is the given members. */
#define SLOS(members) "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\"," \
    "\"width\":\"1m\",\"service\":\"s\",\"count\":3,\"good\":2," \
    "\"slos\":{" members "}}"
#define GT "{\"good\":1,\"total\":2}"

/*
 * The SLO names compared with the last line's at each place
 * (text_slos()): lines in another order, with new, fewer, more, escaped,
 * longer or prefixed names, all as jansson reads them; a name that
 * repeats one before it, at any place, handed over even where the last
 * line had it at that place.
 */
static void
slo_names_across_lines(void **state)
{
	static const char *const seq[] = {
		SLOS("\"a\":" GT ",\"b\":" GT ",\"c\":" GT),  /* 0: kept a b c */
		SLOS("\"a\":" GT ",\"b\":" GT ",\"c\":" GT),  /* 1: all match */
		SLOS("\"a\":" GT ",\"c\":" GT ",\"b\":" GT),  /* 2: c, b read */
		SLOS("\"a\":" GT ",\"b\":" GT ",\"b\":" GT),  /* 3: repeat */
		SLOS("\"a\":" GT ",\"a\":" GT),               /* 4: repeat */
		SLOS("\"a\":" GT ",\"c\":" GT ",\"a\":" GT),  /* 5: repeat */
		/* 6, 7: after a b, b at place 0 drops the kept b */
		SLOS("\"a\":" GT ",\"b\":" GT),
		SLOS("\"b\":" GT ",\"b\":" GT),
		SLOS("\"b\":" GT ",\"a\":" GT ",\"ab\":" GT), /* 8 */
		SLOS("\"b\":" GT ",\"a\":" GT ",\"a\":" GT),  /* 9: repeat */
		SLOS("\"b\":" GT ",\"a\":" GT ",\"abc\":" GT), /* 10 */
		SLOS("\"b\":" GT),                             /* 11: fewer */
		/* 12: an escaped spelling of "b", then the plain one: one
		 * name, kept as read, so matched as written after */
		SLOS("\"\\u0062\":" GT ",\"a\":" GT),
		SLOS("\"b\":" GT ",\"\\u0061\":" GT),           /* 13 */
		SLOS("\"b\":" GT ",\"b\\\"\":" GT ",\"a\":" GT), /* 14 */
		SLOS("\"b\":" GT ",\"b\\\"\":" GT ",\"b\":" GT), /* 15 */
		SLOS("\"b\":" GT ", \"b\":" GT),               /* 16: spaced */
		SLOS("\"b\":" GT ",\"a\":" GT ",\"b\":" GT),   /* 17 */
	};
	/* handed over: every line with a name twice */
	unsigned want = ((1u << 18) - 1) & ~(1u << 3 | 1u << 4 | 1u << 5 |
	    1u << 7 | 1u << 9 | 1u << 15 | 1u << 16 | 1u << 17);

	(void)state;
	assert_int_equal(seq_same(seq, sizeof seq / sizeof *seq), want);
}

/*
 * SLO names past what is kept (SLO_NAME_KEEP, 63 bytes), and one that
 * starts as a kept one and goes on: each read in full, the same rows.
 */
static void
slo_names_long(void **state)
{
#define N60 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	static const char *const seq[] = {
		SLOS("\"" N60 "abc\":" GT ",\"" N60 "abcd\":" GT),
		SLOS("\"" N60 "abc\":" GT ",\"" N60 "abcd\":" GT),
		SLOS("\"" N60 "abc\":" GT ",\"" N60 "abc\":" GT),
		SLOS("\"" N60 "abcd\":" GT ",\"" N60 "abcd\":" GT),
		SLOS("\"" N60 "ab\":" GT ",\"" N60 "abc\":" GT),
		SLOS("\"" N60 "ab\":" GT ",\"" N60 "abcd\":" GT),
		/* names alike but for their first byte, or their last */
		SLOS("\"a" N60 "\":" GT),
		SLOS("\"b" N60 "\":" GT),
		SLOS("\"b" N60 "c\":" GT),
	};

	(void)state;
	assert_int_equal(seq_same(seq, sizeof seq / sizeof *seq),
	    1u << 0 | 1u << 1 | 1u << 4 | 1u << 5 | 1u << 6 | 1u << 7 |
	    1u << 8);
#undef N60
}

/*
 * The counts SLO names carry add up across lines read through the kept
 * names: by hand, three lines of {"good":1,"total":2} for "a" and "b"
 * in either order make good 3, total 6 each.
 */
static void
slo_names_known_answer(void **state)
{
	static const char *const seq[] = {
		SLOS("\"a\":" GT ",\"b\":" GT),
		SLOS("\"a\":" GT ",\"b\":" GT),
		SLOS("\"b\":" GT ",\"a\":" GT),
	};
	slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
	const slo_rollup_row *w;
	slo_status st;
	slo_error err;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		assert_true(slo_rollup_merge_scan(r, seq[i], strlen(seq[i]),
		    &st, &err));
		assert_int_equal(st, SLO_OK);
	}
	assert_int_equal(slo_rollup_nrows(r), 1);
	w = slo_rollup_row_at(r, 0);
	assert_int_equal(w->nslos, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(w->slos[i].name, i == 0 ? "a" : "b");
		assert_int_equal(w->slos[i].good, 3);
		assert_int_equal(w->slos[i].total, 6);
	}
	slo_rollup_free(r);
}
#undef GT
#undef SLOS

/*
 * The "status" object's classes read in place (status_class_at()) and
 * the other spellings jscan_key() reads: the same rows as jansson's, a
 * class given twice in either spelling handed over; by hand, the 2xx
 * count of the line taken (1 + 2 = 3 for "2xx" and its escaped
 * spelling would be a repeat; one each here).
 */
static void
status_spelled(void **state)
{
#define ST(members) "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\"," \
    "\"width\":\"1m\",\"count\":9,\"good\":1,\"status\":{" members "}}"
	static const struct {
		const char *line;
		int taken;
	} cases[] = {
		{ ST("\"1xx\":1,\"2xx\":2,\"3xx\":3,\"4xx\":1,\"5xx\":1,"
		    "\"other\":1"), 1 },
		{ ST("\"other\":1,\"5xx\":2"), 1 },
		{ ST("\"\\u0032xx\":3"), 1 },
		{ ST("\"2xx\":1, \"3xx\":2"), 1 },
		{ ST("\"2xx\" :1"), 1 },
		{ ST(""), 1 },
		{ ST("\"2xx\":1,\"\\u0032xx\":2"), 0 },
		{ ST("\"\\u0032xx\":2,\"2xx\":1"), 0 },
		{ ST("\"0xx\":1"), 0 },
		{ ST("\"6xx\":1"), 0 },
		{ ST("\"2xy\":1"), 0 },
		{ ST("\"2xx\":1.5"), 0 },
		{ ST("\"2xxx\":1"), 0 },
	};
	static const uint64_t twoxx[] = { 2, 0, 3, 1, 1, 0 };

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
		const char *l = cases[i].line;
		slo_status st;
		slo_error err;
		int taken = slo_rollup_merge_scan(r, l, strlen(l), &st, &err);

		if (taken != cases[i].taken)
			fail_msg("%s: %s", taken ? "taken" : "handed over", l);
		if (taken)
			assert_true(slo_rollup_row_at(r, 0)->status[
			    SLO_ROLLUP_2XX] == twoxx[i]);
		slo_rollup_free(r);
		assert_int_equal(same_str(l), taken);
	}
#undef ST
}

/*
 * A sketch's "sum" read from its digits (sum_from_digits(), up to three
 * decimals) and in every other spelling (jscan_value_plain(), then
 * sum_from_double()): the same rows as jansson's, or handed over as
 * jansson refuses; the sums taken by hand: the number as written.
 */
static void
sums_spelled(void **state)
{
#define SUM(sum) "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\"," \
    "\"width\":\"1m\",\"count\":1,\"good\":1,\"latency_ms\":{\"alpha\":0.01," \
    "\"count\":1,\"sum\":" sum ",\"min\":0.5,\"max\":0.5,\"zero\":0," \
    "\"bins\":[[-35,1]]}}"
	static const struct {
		const char *line;
		int taken;
		double sum;
	} cases[] = {
		{ SUM("0"), 1, 0 },
		{ SUM("0.5"), 1, 0.5 },
		{ SUM("12.25"), 1, 12.25 },
		{ SUM("1288.178"), 1, 1288.178 },
		{ SUM("7"), 1, 7 },
		{ SUM("0.001"), 1, 0.001 },
		{ SUM("0.000"), 1, 0 },
		{ SUM("1000000000000"), 1, 1e12 },
		/* past 2^52 thousandths: refused, as jansson refuses it */
		{ SUM("100000000000000"), 0, 0 },
		/* 2^52 thousandths, the most the double form holds */
		{ SUM("4503599627370.496"), 1, 4503599627370.496 },
		/* the general way: four decimals that are thousandths */
		{ SUM("2.5000"), 1, 2.5 },
		{ SUM("1.5e0"), 1, 1.5 },
		{ SUM("1.2345"), 0, 0 },
		{ SUM("4503599627370.497"), 0, 0 },
		{ SUM("-1"), 0, 0 },
		{ SUM("\"1\""), 0, 0 },
	};
	static const char *const not_json[] = { SUM("01.5"), SUM("1."),
		SUM(".5") };

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
		const char *l = cases[i].line;
		slo_status st;
		slo_error err;
		int taken = slo_rollup_merge_scan(r, l, strlen(l), &st, &err);

		if (taken && st != SLO_OK)
			taken = -1; /* taken, and refused as jansson does */
		if ((taken == 1) != cases[i].taken)
			fail_msg("%s: %s", taken == 1 ? "taken" : "refused", l);
		if (taken == 1 &&
		    slo_sketch_sum(slo_rollup_row_at(r, 0)->latency) !=
		    cases[i].sum)
			fail_msg("sum %.17g, want %.17g: %s", slo_sketch_sum(
			    slo_rollup_row_at(r, 0)->latency), cases[i].sum, l);
		slo_rollup_free(r);
		(void)same_str(l);
	}
	for (size_t i = 0; i < sizeof not_json / sizeof *not_json; i++)
		assert_false(same_str(not_json[i]));
#undef SUM
}

/* A row of minute 08:10 of service svc, then rest. */
#define ROW(svc, rest) "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\"," \
    "\"width\":\"1m\",\"service\":\"" svc "\",\"region\":\"eu\"," rest "}"
#define CG "\"count\":2,\"good\":1"

/*
 * The leading members taken from the last line where both lines have
 * them byte for byte (text_gather(), same_as_last()): a value that goes
 * on past the last one's, or stops short of it, or differs in a byte,
 * an escape, a space, another order, a member given twice after the
 * ones taken, a line cut short: each line as jansson reads it.
 */
static void
leading_members_across_lines(void **state)
{
	static const char *const seq[] = {
		ROW("checkout", CG),                        /* 0 */
		ROW("checkout", CG),                        /* 1: all taken */
		ROW("checkoutx", CG),                       /* 2: goes on */
		ROW("checkou", CG),                         /* 3: stops short */
		ROW("checkoux", CG),                        /* 4 */
		ROW("check\\u006fut", CG),                  /* 5: escaped */
		ROW("check\\u006fut", CG),                  /* 6: again */
		ROW("checkout", CG),                        /* 7 */
		ROW("checkout", CG ",\"service\":\"x\""),   /* 8: twice */
		ROW("checkout", CG ",\"region\":\"us\""),   /* 9: twice */
		/* 10: the same bytes, then the line cut short: not JSON */
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\","
		    "\"width\":\"1m\",\"service\":\"checkout\",\"region\":"
		    "\"eu\"",
		ROW("checkout", CG),                        /* 11 */
		/* 12: another order; 13: again, taken from 12 */
		"{\"kind\":\"rollup\",\"width\":\"1m\",\"ts\":"
		    "\"2026-11-26T08:10:00Z\",\"service\":\"checkout\"," CG "}",
		"{\"kind\":\"rollup\",\"width\":\"1m\",\"ts\":"
		    "\"2026-11-26T08:10:00Z\",\"service\":\"checkout\"," CG "}",
		/* 14: a space after a colon; 15: the line before, again */
		"{\"kind\":\"rollup\",\"width\": \"1m\",\"ts\":"
		    "\"2026-11-26T08:10:00Z\",\"service\":\"checkout\"," CG "}",
		"{\"kind\":\"rollup\",\"width\": \"1m\",\"ts\":"
		    "\"2026-11-26T08:10:00Z\",\"service\":\"checkout\"," CG "}",
		/* 16: kind of another value, the rest the same */
		"{\"kind\":\"rollupx\",\"width\":\"1m\",\"ts\":"
		    "\"2026-11-26T08:10:00Z\",\"service\":\"checkout\"," CG "}",
		/* 17: ts of another minute, then a width that does not parse */
		ROW("checkout", CG),
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:11:00Z\","
		    "\"width\":\"1m\",\"service\":\"checkout\",\"region\":\"eu\","
		    CG "}",
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:11:00Z\","
		    "\"width\":\"1q\",\"service\":\"checkout\",\"region\":\"eu\","
		    CG "}",
		/* 20: an unknown member among them; 21: again */
		"{\"kind\":\"rollup\",\"x\":[1,{\"y\":\"z\"}],\"ts\":"
		    "\"2026-11-26T08:10:00Z\",\"width\":\"1m\",\"service\":\"s\","
		    CG "}",
		"{\"kind\":\"rollup\",\"x\":[1,{\"y\":\"z\"}],\"ts\":"
		    "\"2026-11-26T08:10:00Z\",\"width\":\"1m\",\"service\":\"s\","
		    CG "}",
		/* 22: a dimension that is not a string, after the same bytes */
		ROW("checkout", CG),
		"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\","
		    "\"width\":\"1m\",\"service\":7," CG "}",
	};
	unsigned want = ((1u << 24) - 1) & ~(1u << 8 | 1u << 9 | 1u << 10 |
	    1u << 16 | 1u << 19 | 1u << 23);

	(void)state;
	assert_int_equal(seq_same(seq, sizeof seq / sizeof *seq), want);
}

/*
 * The dimensions of lines read one after another, each with the
 * previous one's leading bytes: by hand, the services as written, the
 * escaped one unescaped ("\u006f" is 'o'), each line its own row.
 */
static void
leading_members_known_answer(void **state)
{
	static const char *const seq[] = {
		ROW("checkout", CG), ROW("checkoutx", CG), ROW("checkou", CG),
		ROW("checkoutx", CG), ROW("check\\u006futy", CG),
	};
	static const char *const want[] = { "checkou", "checkout",
		"checkoutx", "checkouty" };
	slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
	slo_status st;
	slo_error err;

	(void)state;
	for (size_t i = 0; i < sizeof seq / sizeof *seq; i++) {
		assert_true(slo_rollup_merge_scan(r, seq[i], strlen(seq[i]),
		    &st, &err));
		assert_int_equal(st, SLO_OK);
	}
	/* rows in order of their dimensions; checkoutx twice: count 4 */
	assert_int_equal(slo_rollup_nrows(r), 4);
	for (size_t i = 0; i < 4; i++) {
		const slo_rollup_row *w = slo_rollup_row_at(r, i);

		assert_string_equal(w->service, want[i]);
		assert_string_equal(w->region, "eu");
		assert_int_equal(w->count, i == 2 ? 4 : 2);
	}
	slo_rollup_free(r);
}
#undef CG
#undef ROW

/*
 * The counts as text_count() reads them in place, and the spellings it
 * gives to the general reader: the same rows as jansson's, or handed
 * over; the known values by hand (the digits as written).
 */
static void
counts_spelled(void **state)
{
#define C(count, good) "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\"," \
    "\"width\":\"1m\",\"count\":" count ",\"good\":" good ",\"status\":" \
    "{\"2xx\":" good "}}"
	static const struct {
		const char *line;
		int taken;
		uint64_t count, good;
	} cases[] = {
		{ C("0", "0"), 1, 0, 0 },
		{ C("7", "7"), 1, 7, 7 },
		{ C("10", "9"), 1, 10, 9 },
		{ C("999999999999999999", "123456789012345678"), 1,
		    999999999999999999ULL, 123456789012345678ULL },
		/* 19 digits: past the in-place reader, the general one's */
		{ C("1000000000000000000", "1"), 1, 1000000000000000000ULL,
		    1 },
		/* 20: past the scanner's limit, jansson's to refuse */
		{ C("10000000000000000000", "1"), 0, 0, 0 },
		{ C("1.0", "1"), 0, 0, 0 },
		{ C("1e1", "1"), 0, 0, 0 },
		/* jansson reads -0 as the integer 0 */
		{ C("-0", "0"), 1, 0, 0 },
		{ C("5 ", "1"), 1, 5, 1 },
		{ C("5", "1 "), 1, 5, 1 },
		{ C("3", "true"), 0, 0, 0 },
		{ C("3", "\"2\""), 0, 0, 0 },
	};
	static const char *const not_json[] = { C("05", "1"), C("00", "0"),
		C("1", "1.") };

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
		slo_status st;
		slo_error err;
		const char *l = cases[i].line;
		int taken = slo_rollup_merge_scan(r, l, strlen(l), &st, &err);

		if (taken != cases[i].taken)
			fail_msg("%s: %s", taken ? "taken" : "handed over", l);
		if (taken) {
			assert_int_equal(st, SLO_OK);
			assert_true(slo_rollup_row_at(r, 0)->count ==
			    cases[i].count);
			assert_true(slo_rollup_row_at(r, 0)->good ==
			    cases[i].good);
			assert_true(slo_rollup_row_at(r, 0)->status[
			    SLO_ROLLUP_2XX] == cases[i].good);
		}
		slo_rollup_free(r);
		assert_int_equal(same_str(l), taken);
	}
	for (size_t i = 0; i < sizeof not_json / sizeof *not_json; i++)
		assert_false(same_str(not_json[i]));
#undef C
}

/*
 * What the reader keeps from line to line (the leading members, the SLO
 * names, the last ts and width), tried on many lines in a row: lines as
 * slo-ingest --rollup writes them, of three groups and two minutes, and
 * one with an SLO named twice, each perhaps changed in a byte or two near a place the reader keeps
 * (deleted, or replaced by a byte that matters to JSON), merged in turn
 * into one rollup by jansson and into another by the scanner (else
 * jansson): after each, the same status and rows, and a line jansson
 * refuses never taken.  A fixed seed: the same lines every run.
 */
static void
lines_in_a_row(void **state)
{
#define LN(ts, svc, route, slos) "{\"kind\":\"rollup\",\"ts\":\"" ts "\"," \
    "\"width\":\"1m\",\"service\":\"" svc "\",\"region\":\"eu-west-1\"," \
    "\"route\":\"" route "\",\"count\":40,\"good\":39,\"status\":" \
    "{\"2xx\":39,\"5xx\":1},\"latency_ms\":{\"alpha\":0.01,\"count\":40," \
    "\"sum\":1288.178,\"min\":4.827,\"max\":134.638,\"zero\":0," \
    "\"bin_offset\":158,\"bin_counts\":[20,0,19,1]},\"slos\":{" slos "}}"
#define S3 "\"alpha-availability\":{\"good\":39,\"total\":40}," \
    "\"availability\":{\"good\":39,\"total\":40}," \
    "\"latency\":{\"good\":40,\"total\":40}"
#define S2 "\"availability\":{\"good\":39,\"total\":40}," \
    "\"alpha-availability\":{\"good\":39,\"total\":40}"
	static const char *const base[] = {
		LN("2026-11-26T08:10:00Z", "checkout", "/api/cart", S3),
		LN("2026-11-26T08:10:00Z", "checkout", "/api/checkout", S3),
		LN("2026-11-26T08:10:00Z", "search", "/api/cart", S2),
		LN("2026-11-26T08:11:00Z", "checkout", "/api/cart", S3),
		LN("2026-11-26T08:11:00Z", "checkout", "/api/cart", S2),
		/* a name twice, the second where the others have it */
		LN("2026-11-26T08:11:00Z", "checkout", "/api/cart",
		    "\"availability\":{\"good\":1,\"total\":1},"
		    "\"availability\":{\"good\":1,\"total\":1}"),
	};
	const size_t nbase = sizeof base / sizeof *base;
	static const char bytes[] = "\"\\,:{} x0a";
	slo_rollup *a = slo_rollup_new(SLO_NS_PER_MIN);
	slo_rollup *b = slo_rollup_new(SLO_NS_PER_MIN);
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	size_t taken = 0, nlines = 3000;
	char line[1024];

	(void)state;
	for (size_t i = 0; i < nlines; i++) {
		size_t n, changes, at;
		slo_status sa, sb = SLO_OK;
		slo_error ea, eb;
		json_t *obj;
		char *ta, *tb;
		int scanned;

		/* xorshift64 */
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		n = strlen(base[seed % nbase]);
		memcpy(line, base[seed % nbase], n);
		changes = seed >> 8 & 3; /* 0..3, 0 and 3 unchanged */
		for (size_t c = 0; c < changes % 3; c++) {
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			/* mostly among the leading members and the SLOs */
			at = seed >> 16 & 1 ? (seed >> 20) % 130 :
			    n - 1 - (seed >> 20) % 130;
			if (seed >> 40 & 1) {
				memmove(line + at, line + at + 1, n - at - 1);
				n--;
			} else
				line[at] = bytes[(seed >> 44) % (sizeof bytes - 1)];
		}
		obj = json_loadb(line, n, 0, NULL);
		scanned = slo_rollup_merge_scan(b, line, n, &sb, &eb);
		if (obj == NULL) {
			if (scanned)
				fail_msg("not JSON, taken: %.*s", (int)n, line);
			continue;
		}
		sa = slo_rollup_merge_json(a, obj, &ea);
		json_decref(obj);
		if (!scanned)
			sb = slo_rollup_merge_text(b, line, n, &eb);
		taken += scanned != 0;
		if (sa != sb || (sa != SLO_OK && strcmp(ea.msg, eb.msg) != 0))
			fail_msg("%d '%s' by jansson, %d '%s' by the scanner: "
			    "%.*s", sa, ea.msg, sb, eb.msg, (int)n, line);
		ta = encoded(a);
		tb = encoded(b);
		if (strcmp(ta, tb) != 0)
			fail_msg("rows differ after %.*s", (int)n, line);
		free(ta);
		free(tb);
	}
	/* most lines are unchanged or still rollups: the scanner took them */
	assert_true(taken > nlines / 2);
	slo_rollup_free(a);
	slo_rollup_free(b);
#undef S2
#undef S3
#undef LN
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_answer),
		cmocka_unit_test(encoder_lines_are_taken),
		cmocka_unit_test(any_form_is_taken),
		cmocka_unit_test(handed_over),
		cmocka_unit_test(one_byte_off),
		cmocka_unit_test(decoder_rollup_text),
		cmocka_unit_test(wide_sketches_cut_and_damaged),
		cmocka_unit_test(kept_runs_edges),
		cmocka_unit_test(slo_names_across_lines),
		cmocka_unit_test(slo_names_long),
		cmocka_unit_test(slo_names_known_answer),
		cmocka_unit_test(counts_spelled),
		cmocka_unit_test(status_spelled),
		cmocka_unit_test(sums_spelled),
		cmocka_unit_test(lines_in_a_row),
		cmocka_unit_test(leading_members_across_lines),
		cmocka_unit_test(leading_members_known_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
