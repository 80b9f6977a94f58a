/*
 * targets.c — the bodies of slokit's fuzz targets, shared by the libFuzzer
 * entry points (tests/fuzz/fuzz_NAME.c, built by tests/fuzz/fuzz.mk with
 * clang) and by the corpus replay test (tests/unit/test_fuzz_replay.c,
 * built by the normal Makefile with any compiler), which #includes this
 * file.  Each slo_fuzz_NAME(data, size) takes any bytes, must not crash,
 * leak or trip a sanitizer, and checks the properties the library
 * promises; a broken promise goes to slo_fuzz_fail(), which aborts under
 * libFuzzer (so it keeps a crasher) and is recorded by the replay test.
 *
 * Properties checked, beyond "no crash":
 *   ndjson  the line reader gives back exactly the input's lines; every
 *           line decodes identically through the fast path and through
 *           jansson (same status, column and reason, or the same event);
 *           a fast-path event has no unknown fields
 *   jscan   the input as one line: the scanner accepts only what jansson
 *           accepts, and every value it reads (the whole tree walked) is
 *           jansson's; the line decodes identically through the scanner
 *           and jansson, with unknown members handed over or skipped;
 *           each preset's projection (slo_jproj_load()) takes only an
 *           object and reads every path and prefix key as jansson's object;
 *           each preset's slots (slo_jrec_scan()) likewise take only an
 *           object and hold what slo_jrec_load() of jansson's object holds
 *   expr    a parsed expression evaluates without error on a fixed event
 *           and object (and on the object after the first NUL, if any);
 *           a parse error has a column within the text
 *   time    RFC 3339 and durations: parse -> format -> parse is the same
 *           instant / duration; epoch seconds -> format -> parse likewise
 *   spec    slo_spec_load_string + finish; every SLO read back; a bad
 *           spec's error has a position
 *   flags   a flag registry from YAML text
 *   promote promotion criteria from YAML text
 *   map     an slo-ingest map file from YAML text, then one object mapped
 *   ingest  one raw JSON object through every preset: a rejection leaves
 *           the output untouched, an acceptance writes canonical lines
 *           that decode back (fast path and jansson alike); the same
 *           bytes as a line through slo_ingest_line() (the selective
 *           scanner for otlp, envoy, gcp, ecs, traefik) give the same
 *           status, reason, column, output and stats as through jansson
 *   rollup  requests folded and rollup lines merged: a refused merge
 *           changes nothing, and the encoded rollup reads back and merges
 *           into the same bytes
 *   eval, audit, gate, stats: see targets_render.c; the renderer
 *           invariants and their switches are in checks.c
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "slo.h"
#include "slo_cli.h"
#include "slo_eval.h"
#include "slo_event.h"
#include "slo_expr.h"
#include "slo_flags.h"
#include "slo_ingest.h"
#include "slo_spec.h"
#include "slo_promote.h"
#include "slo_math.h"
#include "slo_rollup.h"
#include "slo_yaml.h"
#include "targets.h"
#include "event_int.h" /* no_fast: force the jansson path */
#include "ingest_int.h" /* the presets' projections */
#include "jscan_int.h"

/* Called on a broken property; the default aborts (libFuzzer's crash). */
static void (*slo_fuzz_on_fail)(const char *msg);

static void
slo_fuzz_fail(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static void
slo_fuzz_fail(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (slo_fuzz_on_fail != NULL) {
		slo_fuzz_on_fail(msg);
		return;
	}
	fprintf(stderr, "slo_fuzz: %s\n", msg);
	abort();
}

/* data[0..size) as a NUL-terminated copy; NULL when out of memory. */
static char *
fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s != NULL) {
		if (size > 0)
			memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/* Same bytes (memcmp may not see the NULL of an empty slo_buf). */
static int
buf_eq(const slo_buf *a, const slo_buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->data, b->data, a->len) == 0);
}

/* The error must be positioned sensibly: 1-based, not past the text. */
static void
check_error(const char *what, const slo_error *err, long maxline)
{
	if (err->msg[0] == '\0')
		slo_fuzz_fail("%s: error without a message (status %d)", what,
		    (int)err->status);
	if (err->line < 0 || err->col < 0)
		slo_fuzz_fail("%s: negative position %ld:%ld (%s)", what,
		    err->line, err->col, err->msg);
	if (maxline > 0 && err->line > maxline)
		slo_fuzz_fail("%s: line %ld past the last line %ld (%s)", what,
		    err->line, maxline, err->msg);
}

/*
 * Lines as YAML (libyaml) counts them: '\n', '\r\n', a lone '\r', NEL
 * (U+0085), LS and PS (U+2028, U+2029) each end one.
 */
static long
count_lines(const uint8_t *data, size_t size)
{
	long n = 1;

	for (size_t i = 0; i < size; i++) {
		if (data[i] == '\n' || (data[i] == '\r' &&
		    (i + 1 == size || data[i + 1] != '\n')))
			n++;
		else if (data[i] == 0xc2 && i + 1 < size && data[i + 1] == 0x85)
			n++;
		else if (data[i] == 0xe2 && i + 2 < size && data[i + 1] == 0x80 &&
		    (data[i + 2] == 0xa8 || data[i + 2] == 0xa9))
			n++;
	}
	return n;
}

/*
 * Known and reported: slo_time_parse() bounds the year as written (1678..
 * 2261) before applying the offset, so "1678-01-01T00:00:00+01:00" is an
 * instant of 1677 that slo_time_format() writes as a 1677 date, which
 * slo_time_parse() then refuses; likewise epoch seconds of 1677 and 2262.
 * Until that is settled, a reparse refused for such a year is let pass.
 */
static int
year_outside(const char *buf)
{
	return strncmp(buf, "1677-", 5) == 0 || strncmp(buf, "2262-", 5) == 0;
}

/* ---- ndjson: reader + decoder, fast path against jansson -------------- */

/*
 * One line through both decoders.  Returns the status of the jansson path.
 */
static slo_status
decode_both(slo_event_decoder *fast, slo_event_decoder *slow,
    const char *line, size_t n, slo_buf *ba, slo_buf *bb)
{
	slo_event a, b;
	slo_error ea, eb;
	slo_status sa, sb;

	slo_error_clear(&ea);
	slo_error_clear(&eb);
	sa = slo_event_decode(fast, line, n, &a, &ea);
	sb = slo_event_decode(slow, line, n, &b, &eb);
	if (sa != sb) {
		slo_fuzz_fail("decode '%.*s': status %d (fast) vs %d (jansson: %s)",
		    (int)(n > 200 ? 200 : n), line, sa, sb, eb.msg);
		return sb;
	}
	if (sa != SLO_OK) {
		if (ea.status != eb.status || ea.col != eb.col ||
		    strcmp(ea.msg, eb.msg) != 0)
			slo_fuzz_fail("decode '%.*s': '%s' col %ld vs '%s' col %ld",
			    (int)(n > 200 ? 200 : n), line, ea.msg, ea.col,
			    eb.msg, eb.col);
		if (eb.col < 0 || (size_t)eb.col > n + 1)
			slo_fuzz_fail("decode '%.*s': column %ld outside the line",
			    (int)(n > 200 ? 200 : n), line, eb.col);
		if (eb.msg[0] == '\0')
			slo_fuzz_fail("decode: rejection without a reason");
		return sb;
	}
	if (b.json == NULL)
		slo_fuzz_fail("decode: the forced jansson path has no json");
	if (a.kind != b.kind || a.has != b.has || a.ok != b.ok ||
	    ((a.has & SLO_HAS_TS) && a.ts != b.ts) ||
	    ((a.has & SLO_HAS_STATUS) && a.status != b.status) ||
	    ((a.has & SLO_HAS_LATENCY) &&
	    memcmp(&a.latency_ms, &b.latency_ms, sizeof a.latency_ms) != 0) ||
	    a.nlabels != b.nlabels || a.nflags != b.nflags)
		slo_fuzz_fail("decode '%.*s': scalar fields differ",
		    (int)(n > 200 ? 200 : n), line);
	if ((a.has & SLO_HAS_LATENCY) && !(a.latency_ms >= 0 &&
	    isfinite(a.latency_ms)))
		slo_fuzz_fail("decode: accepted latency %g", a.latency_ms);
	/* Every field of the kind, compared through the fixed encoding. */
	slo_buf_reset(ba);
	slo_buf_reset(bb);
	if (slo_event_encode(&a, NULL, ba) != SLO_OK ||
	    slo_event_encode(&b, NULL, bb) != SLO_OK)
		return sb; /* out of memory */
	if (!buf_eq(ba, bb))
		slo_fuzz_fail("decode '%.*s': fast '%.*s' vs jansson '%.*s'",
		    (int)(n > 200 ? 200 : n), line, (int)ba->len, ba->data,
		    (int)bb->len, bb->data);
	/* The fast path may only take lines with nothing beyond the kind's
	 * fields: its event has no json to carry the rest. */
	if (a.json == NULL && b.kind != SLO_KIND_ROLLUP) {
		slo_buf_reset(ba);
		if (slo_event_encode(&b, b.json, ba) == SLO_OK && !buf_eq(ba, bb))
			slo_fuzz_fail("decode '%.*s': fast path dropped '%.*s'",
			    (int)(n > 200 ? 200 : n), line, (int)ba->len,
			    ba->data);
	}
	/* The canonical line reads back as the same line. */
	if (b.kind != SLO_KIND_ROLLUP) {
		slo_event c;
		slo_error ec;
		size_t len = bb->len - 1; /* without its '\n' */
		char *copy = fuzz_strndup((const uint8_t *)bb->data, len);

		if (copy == NULL)
			return sb;
		if (slo_event_decode(fast, copy, len, &c, &ec) != SLO_OK) {
			const char *ts = strstr(copy, "\"ts\":\"");

			/* the reported 1677/2262 gap: see year_outside() */
			if (!(ec.status == SLO_ERANGE && ts != NULL &&
			    year_outside(ts + 6)))
				slo_fuzz_fail("re-decode '%s': %s", copy, ec.msg);
		}
		else {
			slo_buf_reset(ba);
			if (slo_event_encode(&c, NULL, ba) == SLO_OK &&
			    !buf_eq(ba, bb))
				slo_fuzz_fail("re-encode '%s' gives '%.*s'",
				    copy, (int)ba->len, ba->data);
		}
		free(copy);
	}
	return sb;
}

int
slo_fuzz_ndjson(const uint8_t *data, size_t size)
{
	slo_event_decoder *fast = slo_event_decoder_new();
	slo_event_decoder *slow = slo_event_decoder_new();
	slo_buf ba = { 0 }, bb = { 0 };
	slo_reader *r = NULL;
	FILE *fp = NULL;
	const char *line;
	size_t n, off = 0;
	int got;

	if (fast == NULL || slow == NULL)
		goto out;
	slow->no_fast = 1;
	/* fmemopen refuses a size of 0 on some libcs; the empty input is
	 * then only the decoder's. */
	if (size == 0) {
		decode_both(fast, slow, "", 0, &ba, &bb);
		goto out;
	}
	if ((fp = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL ||
	    (r = slo_reader_new(fp)) == NULL)
		goto out;
	while ((got = slo_reader_next(r, &line, &n)) == 1) {
		/* The line is the input's bytes up to '\n' (and a '\r'). */
		if (off + n > size || memcmp(line, data + off, n) != 0) {
			slo_fuzz_fail("reader: line at %zu differs from the input",
			    off);
			break;
		}
		if (line[n] != '\0')
			slo_fuzz_fail("reader: line at %zu not NUL-terminated", off);
		off += n;
		if (slo_reader_had_cr(r)) {
			if (off >= size || data[off] != '\r')
				slo_fuzz_fail("reader: had_cr without a '\\r' at %zu",
				    off);
			off++;
		}
		if (off < size) {
			if (data[off] != '\n')
				slo_fuzz_fail("reader: line at %zu ends at 0x%02x, "
				    "not a newline", off, data[off]);
			off++;
		}
		decode_both(fast, slow, line, n, &ba, &bb);
	}
	if (got < 0)
		slo_fuzz_fail("reader: read error on a memory stream");
	if (off != size)
		slo_fuzz_fail("reader: stopped at %zu of %zu bytes", off, size);
out:
	slo_reader_free(r);
	if (fp != NULL)
		fclose(fp);
	slo_buf_release(&ba);
	slo_buf_release(&bb);
	slo_event_decoder_free(fast);
	slo_event_decoder_free(slow);
	return 0;
}

/* ---- jscan: the selective scanner against jansson ---------------------- */

static int
jscan_same_scalar(const jscan_val *v, json_t *j)
{
	switch (v->type) {
	case JSCAN_STRING:
		return json_is_string(j) && json_string_length(j) == v->len &&
		    memcmp(json_string_value(j), v->str, v->len) == 0;
	case JSCAN_INT:
		return json_is_integer(j) && json_integer_value(j) == v->i;
	case JSCAN_REAL: {
		double d = json_is_real(j) ? json_real_value(j) : 0;
		return json_is_real(j) && memcmp(&d, &v->num, sizeof d) == 0;
	}
	case JSCAN_TRUE: return json_is_true(j);
	case JSCAN_FALSE: return json_is_false(j);
	case JSCAN_NULL: return json_is_null(j);
	default: return 0;
	}
}

/*
 * The value at the cursor walked whole against jansson's j (NULL: nothing
 * to compare with, only scanned): 1 when equal, 0 when different, -1 when
 * the scanner handed over.  In an object with a repeated key jansson keeps
 * the last member only, so a difference there counts only when the member
 * count shows no key was repeated.
 */
static int
jscan_walk(jscan *s, json_t *j)
{
	jscan_val v;
	char *k;
	size_t klen, i = 0;
	int r, same = 1, w;

	if (jscan_value(s, &v) < 0)
		return -1;
	switch (v.type) {
	case JSCAN_OBJECT:
		if (j != NULL && !json_is_object(j))
			same = 0, j = NULL;
		while ((r = jscan_key(s, &k, &klen)) == 1) {
			json_t *m = j != NULL ? json_object_getn(j, k, klen) : NULL;
			i++;
			if (j != NULL && m == NULL)
				same = 0;
			if ((w = jscan_walk(s, m)) < 0)
				return -1;
			same &= w;
		}
		if (r < 0)
			return -1;
		return same || (j != NULL && i != json_object_size(j));
	case JSCAN_ARRAY:
		if (j != NULL && !json_is_array(j))
			same = 0, j = NULL;
		while ((r = jscan_elem(s)) == 1) {
			json_t *m = j != NULL ? json_array_get(j, i) : NULL;
			if (j != NULL && m == NULL)
				same = 0;
			i++;
			if ((w = jscan_walk(s, m)) < 0)
				return -1;
			same &= w;
		}
		if (r < 0)
			return -1;
		return same && (j == NULL || i == json_array_size(j));
	default:
		return j == NULL || jscan_same_scalar(&v, j);
	}
}

/* The input as one value skipped by jscan_skip() and by
 * jscan_skip_pairs() (a sketch's bins in compact runs): the same verdict,
 * the cursor at the same byte. */
static void
jscan_skips_same(const uint8_t *data, size_t size)
{
	char *ca = malloc(size + 1 + JSCAN_PAD);
	char *cb = malloc(size + 1 + JSCAN_PAD);
	jscan a, b;
	int ra, rb;

	if (ca != NULL && cb != NULL) {
		memcpy(ca, data, size);
		memset(ca + size, 0, 1 + JSCAN_PAD);
		memcpy(cb, ca, size + 1 + JSCAN_PAD);
		jscan_init(&a, ca, size);
		jscan_init(&b, cb, size);
		ra = jscan_skip(&a);
		rb = jscan_skip_pairs(&b);
		if (ra != rb || a.p - ca != b.p - cb)
			slo_fuzz_fail("jscan_skip %d at %td, "
			    "jscan_skip_pairs %d at %td: '%.*s'", ra, a.p - ca,
			    rb, b.p - cb,
			    (int)(size > 200 ? 200 : size), (const char *)data);
	}
	free(ca);
	free(cb);
}

/* The scanner's event (with skip_unknown) and jansson's: the same fields. */
static void
jscan_decode_skip(slo_event_decoder *skip, slo_event_decoder *slow,
    const char *line, size_t n, slo_buf *ba, slo_buf *bb)
{
	slo_event a, b;
	slo_error ea, eb;
	slo_status sa, sb;

	slo_error_clear(&ea);
	slo_error_clear(&eb);
	sa = slo_event_decode(skip, line, n, &a, &ea);
	sb = slo_event_decode(slow, line, n, &b, &eb);
	if (sa != sb || (sa != SLO_OK && (ea.col != eb.col ||
	    strcmp(ea.msg, eb.msg) != 0))) {
		slo_fuzz_fail("jscan skip '%.*s': %d '%s' vs jansson %d '%s'",
		    (int)(n > 200 ? 200 : n), line, sa, ea.msg, sb, eb.msg);
		return;
	}
	if (sa != SLO_OK)
		return;
	slo_buf_reset(ba);
	slo_buf_reset(bb);
	if (slo_event_encode(&a, NULL, ba) != SLO_OK ||
	    slo_event_encode(&b, NULL, bb) != SLO_OK)
		return;
	if (!buf_eq(ba, bb) || a.kind != b.kind || a.has != b.has ||
	    a.ok != b.ok || ((a.has & SLO_HAS_LATENCY) &&
	    memcmp(&a.latency_ms, &b.latency_ms, sizeof a.latency_ms) != 0))
		slo_fuzz_fail("jscan skip '%.*s': '%.*s' vs jansson '%.*s'",
		    (int)(n > 200 ? 200 : n), line, (int)ba->len, ba->data,
		    (int)bb->len, bb->data);
}

/*
 * The keys of o that begin with prefix, in order, with their values,
 * equal in a and b (a projection's prefix keys: ECS's "labels.NAME").
 */
static int
prefix_keys_same(json_t *a, json_t *b, const char *prefix)
{
	void *ia = json_object_iter(a), *ib = json_object_iter(b);
	size_t n = strlen(prefix);

	for (;;) {
		while (ia != NULL && strncmp(json_object_iter_key(ia), prefix, n))
			ia = json_object_iter_next(a, ia);
		while (ib != NULL && strncmp(json_object_iter_key(ib), prefix, n))
			ib = json_object_iter_next(b, ib);
		if (ia == NULL || ib == NULL)
			return ia == ib;
		if (strcmp(json_object_iter_key(ia), json_object_iter_key(ib)) ||
		    !json_equal(json_object_iter_value(ia),
		    json_object_iter_value(ib)))
			return 0;
		ia = json_object_iter_next(a, ia);
		ib = json_object_iter_next(b, ib);
	}
}

/*
 * Each preset's projection (slo_jproj_load()) of the line, and a whole
 * one, against jansson's object j of it: a projection accepts only what
 * jansson reads as an object, and every path, prefix key and (whole) the
 * object itself reads the same in both.
 */
static void
jproj_same(const uint8_t *data, size_t size, json_t *j, char *copy)
{
	static const char *const odd_paths[] = { "a.b", "a", "a.b.c", "x.y",
	    "k", NULL };
	static const char *const odd_prefixes[] = { "p.", "a.", NULL };
	const slo_jproj whole = { NULL, NULL, 1 },
	    odd = { odd_paths, odd_prefixes, 0 };
	const slo_jproj *projs[] = { &ing_otlp_proj, &whole, &odd };

	for (size_t k = 0; k < sizeof projs / sizeof projs[0]; k++) {
		const slo_jproj *p = projs[k];
		json_t *pr;

		memcpy(copy, data, size);
		memset(copy + size, 0, 1 + JSCAN_PAD);
		if ((pr = slo_jproj_load(p, copy, size)) == NULL)
			continue;
		if (j == NULL || !json_is_object(j))
			slo_fuzz_fail("jproj: takes '%.*s', no object to jansson",
			    (int)(size > 200 ? 200 : size), (const char *)data);
		if (p->all && !json_equal(pr, j))
			slo_fuzz_fail("jproj: the whole '%.*s' differs",
			    (int)(size > 200 ? 200 : size), (const char *)data);
		for (const char *const *q = p->paths; q && *q; q++) {
			json_t *a = slo_json_path(pr, *q, strlen(*q)),
			    *b = slo_json_path(j, *q, strlen(*q));
			if ((a == NULL) != (b == NULL) ||
			    (a != NULL && !json_equal(a, b)))
				slo_fuzz_fail("jproj: path %s of '%.*s' differs", *q,
				    (int)(size > 200 ? 200 : size),
				    (const char *)data);
		}
		for (const char *const *q = p->prefixes; q && *q; q++)
			if (!prefix_keys_same(pr, j, *q))
				slo_fuzz_fail("jproj: prefix %s of '%.*s' differs",
				    *q, (int)(size > 200 ? 200 : size),
				    (const char *)data);
		json_decref(pr);
	}
}

/*
 * Each slot preset's slots (slo_jrec_scan()), and odd ones, against
 * slo_jrec_load() of jansson's object j: taken only when jansson reads an
 * object, and then equal.
 */
static void
jrec_same(const uint8_t *data, size_t size, json_t *j, char *copy)
{
	static const char *const odd_paths[] = { "a.b", "a", "a.b.c", "x.y",
	    "k", "a..b", ".a", "a.", NULL };
	const slo_jslots odd = { odd_paths, "a", "a." };
	const slo_jslots *specs[] = { &ing_envoy_slots, &ing_gcp_slots,
	    &ing_ecs_slots, &ing_traefik_slots, &odd };

	for (size_t k = 0; k < sizeof specs / sizeof specs[0]; k++) {
		slo_jrec *a = slo_jrec_new(specs[k]), *b = slo_jrec_new(specs[k]);

		memcpy(copy, data, size);
		memset(copy + size, 0, 1 + JSCAN_PAD);
		if (a != NULL && b != NULL && slo_jrec_scan(a, copy, size)) {
			if (j == NULL || !json_is_object(j))
				slo_fuzz_fail("jrec: takes '%.*s', no object to "
				    "jansson", (int)(size > 200 ? 200 : size),
				    (const char *)data);
			else if (slo_jrec_load(b, j) && !slo_jrec_equal(a, b))
				slo_fuzz_fail("jrec: slots of '%.*s' differ",
				    (int)(size > 200 ? 200 : size),
				    (const char *)data);
		}
		slo_jrec_free(a);
		slo_jrec_free(b);
	}
}

/*
 * A rollup line merged by the scanner (slo_rollup_merge_scan()) and by
 * jansson (j, NULL when jansson refuses the text): taken only when jansson
 * takes it too, then with the same status, message and rows.
 */
static void
rollup_scan_same(const uint8_t *data, size_t size, json_t *j, slo_buf *ba,
    slo_buf *bb)
{
	slo_rollup *ra = slo_rollup_new(0), *rb = slo_rollup_new(0);
	slo_status sa, sb;
	slo_error ea, eb;

	if (ra == NULL || rb == NULL)
		goto out;
	slo_error_clear(&ea);
	slo_error_clear(&eb);
	if (!slo_rollup_merge_scan(rb, (const char *)data, size, &sb, &eb))
		goto out;
	if (!json_is_object(j)) {
		slo_fuzz_fail("rollup: the scanner takes '%.*s', jansson refuses "
		    "it", (int)(size > 200 ? 200 : size), (const char *)data);
		goto out;
	}
	sa = slo_rollup_merge_json(ra, j, &ea);
	slo_buf_reset(ba);
	slo_buf_reset(bb);
	if (sa != sb || (sa != SLO_OK && strcmp(ea.msg, eb.msg) != 0))
		slo_fuzz_fail("rollup '%.*s': %d '%s' by jansson, %d '%s' by "
		    "the scanner", (int)(size > 200 ? 200 : size),
		    (const char *)data, sa, ea.msg, sb, eb.msg);
	else if (slo_rollup_encode(ra, ba) == SLO_OK &&
	    slo_rollup_encode(rb, bb) == SLO_OK && !buf_eq(ba, bb))
		slo_fuzz_fail("rollup '%.*s': rows differ",
		    (int)(size > 200 ? 200 : size), (const char *)data);
out:
	slo_rollup_free(ra);
	slo_rollup_free(rb);
}

/*
 * A rollup line as slo-eval reads it: decoded with rollup_text (its text
 * and the runs of pairs the decoder kept, ev->runs), then merged
 * (slo_rollup_merge_event()); against jansson's object j merged: the
 * same status, message and rows.
 */
static void
rollup_event_same(slo_event_decoder *roll, const uint8_t *data, size_t size,
    json_t *j, slo_buf *ba, slo_buf *bb)
{
	slo_rollup *ra = slo_rollup_new(0), *rb = slo_rollup_new(0);
	slo_status sa, sb;
	slo_error ea, eb;
	slo_event ev;

	if (ra == NULL || rb == NULL)
		goto out;
	slo_error_clear(&ea);
	slo_error_clear(&eb);
	if (slo_event_decode(roll, (const char *)data, size, &ev, &eb) !=
	    SLO_OK || ev.kind != SLO_KIND_ROLLUP || ev.text == NULL)
		goto out;
	if (!json_is_object(j)) {
		slo_fuzz_fail("rollup event: decoded '%.*s', jansson refuses it",
		    (int)(size > 200 ? 200 : size), (const char *)data);
		goto out;
	}
	sb = slo_rollup_merge_event(rb, &ev, &eb);
	sa = slo_rollup_merge_json(ra, j, &ea);
	slo_buf_reset(ba);
	slo_buf_reset(bb);
	if (sa != sb || (sa != SLO_OK && strcmp(ea.msg, eb.msg) != 0))
		slo_fuzz_fail("rollup event '%.*s': %d '%s' by jansson, %d '%s' "
		    "by the decoder and merge", (int)(size > 200 ? 200 : size),
		    (const char *)data, sa, ea.msg, sb, eb.msg);
	else if (slo_rollup_encode(ra, ba) == SLO_OK &&
	    slo_rollup_encode(rb, bb) == SLO_OK && !buf_eq(ba, bb))
		slo_fuzz_fail("rollup event '%.*s': rows differ",
		    (int)(size > 200 ? 200 : size), (const char *)data);
out:
	slo_rollup_free(ra);
	slo_rollup_free(rb);
}

int
slo_fuzz_jscan(const uint8_t *data, size_t size)
{
	slo_event_decoder *fast = slo_event_decoder_new();
	slo_event_decoder *skip = slo_event_decoder_new();
	slo_event_decoder *slow = slo_event_decoder_new();
	slo_event_decoder *roll = slo_event_decoder_new();
	slo_buf ba = { 0 }, bb = { 0 };
	char *copy = malloc(size + 1 + JSCAN_PAD);
	size_t bad;
	json_t *j;
	jscan s;
	int w;

	if (fast == NULL || skip == NULL || slow == NULL || roll == NULL ||
	    copy == NULL)
		goto out;
	slow->no_fast = 1;
	skip->skip_unknown = 1;
	slo_event_decoder_rollup_text(roll);
	/* The tree: what the scanner reads is what jansson reads. */
	memcpy(copy, data, size);
	memset(copy + size, 0, 1 + JSCAN_PAD);
	jscan_init(&s, copy, size);
	j = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	if (slo_utf8_valid((const char *)data, size, &bad)) {
		w = jscan_walk(&s, j);
		if (w >= 0 && jscan_close(&s) < 0)
			w = -1;
		if (w >= 0 && j == NULL)
			slo_fuzz_fail("jscan: accepts '%.*s', jansson refuses it",
			    (int)(size > 200 ? 200 : size), (const char *)data);
		else if (w == 0)
			slo_fuzz_fail("jscan: '%.*s' reads differently",
			    (int)(size > 200 ? 200 : size), (const char *)data);
		/* the projections the presets read lines through */
		jproj_same(data, size, j, copy);
		jrec_same(data, size, j, copy);
		/* rollup lines, as slo-eval reads them */
		rollup_scan_same(data, size, j, &ba, &bb);
		jscan_skips_same(data, size);
		rollup_event_same(roll, data, size, j, &ba, &bb);
	}
	json_decref(j);
	/* The events, with unknown members handed over and skipped, and
	 * with rollups left to their text. */
	decode_both(fast, slow, (const char *)data, size, &ba, &bb);
	jscan_decode_skip(skip, slow, (const char *)data, size, &ba, &bb);
	decode_both(roll, slow, (const char *)data, size, &ba, &bb);
out:
	free(copy);
	slo_buf_release(&ba);
	slo_buf_release(&bb);
	slo_event_decoder_free(fast);
	slo_event_decoder_free(skip);
	slo_event_decoder_free(slow);
	slo_event_decoder_free(roll);
	return 0;
}

/* ---- expr ------------------------------------------------------------- */

static const char fuzz_event_line[] =
    "{\"kind\":\"request\",\"ts\":\"2026-11-26T08:09:45.123Z\","
    "\"service\":\"checkout\",\"cohort\":\"alpha\",\"region\":\"eu-west-1\","
    "\"version\":\"1.2.3\",\"route\":\"/api/v1/pay\",\"status\":503,"
    "\"latency_ms\":123.5,\"trace_id\":\"abc\",\"subject\":\"u-1\","
    "\"labels\":{\"tenant\":\"acme\",\"k8s.pod\":\"p-1\",\"a-b\":\"x\"},"
    "\"flags\":{\"new-checkout\":\"on\",\"dark\":\"off\"},"
    "\"extra\":{\"n\":1.5,\"s\":\"str\",\"b\":true,\"z\":null}}";

static const char fuzz_object[] =
    "{\"status\":200,\"http\":{\"response\":{\"status_code\":502}},"
    "\"http.request.method\":\"GET\",\"a\":{\"b.c\":{\"d\":\"deep\"}},"
    "\"n\":-0.0,\"big\":1e308,\"t\":true,\"f\":false,\"z\":null,"
    "\"s\":\"caf\\u00e9\",\"arr\":[1,2,3],\"nul\":\"a\\u0000b\","
    "\"labels\":{\"tenant\":\"acme\"}}";

static void
eval_all(const slo_expr *e, const slo_event *ev, json_t *obj)
{
	slo_value v;
	int t;

	if (ev != NULL) {
		t = slo_expr_match_event(e, ev);
		v = slo_expr_value_event(e, ev);
		if (v.type == SLO_V_STR && v.str == NULL && v.len > 0)
			slo_fuzz_fail("expr: string value without bytes");
		if ((t != 0 && t != 1) || (unsigned)v.type > SLO_V_STR)
			slo_fuzz_fail("expr: odd result %d type %d", t, v.type);
		(void)slo_value_truthy(&v);
	}
	t = slo_expr_match_json(e, obj);
	v = slo_expr_value_json(e, obj);
	if ((t != 0 && t != 1) || (unsigned)v.type > SLO_V_STR)
		slo_fuzz_fail("expr: odd result %d type %d", t, v.type);
	if (v.type == SLO_V_STR && v.str == NULL && v.len > 0)
		slo_fuzz_fail("expr: string value without bytes");
	(void)slo_value_truthy(&v);
	(void)slo_expr_match_json(e, NULL);
}

int
slo_fuzz_expr(const uint8_t *data, size_t size)
{
	slo_event_decoder *dec = slo_event_decoder_new();
	char *src = fuzz_strndup(data, size);
	json_t *obj = NULL, *obj2 = NULL;
	slo_expr *e = NULL, *e2 = NULL;
	slo_event ev;
	slo_error err;
	size_t srclen;

	if (dec == NULL || src == NULL)
		goto out;
	if (slo_event_decode(dec, fuzz_event_line, sizeof fuzz_event_line - 1,
	    &ev, &err) != SLO_OK) {
		slo_fuzz_fail("expr: the fixed event does not decode: %s", err.msg);
		goto out;
	}
	if ((obj = json_loads(fuzz_object, JSON_ALLOW_NUL, NULL)) == NULL)
		goto out;
	srclen = strlen(src);
	/* After the first NUL: an object of the fuzzer's own to read. */
	if (srclen + 1 < size)
		obj2 = json_loadb(src + srclen + 1, size - srclen - 1,
		    JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	slo_error_clear(&err);
	if ((e = slo_expr_new(src, &err)) == NULL) {
		if (err.status == SLO_OK)
			slo_fuzz_fail("expr '%s': NULL with no status", src);
		if (err.status != SLO_ENOMEM) {
			check_error("expr", &err, count_lines(data, srclen));
			if (err.col < 1)
				slo_fuzz_fail("expr '%s': error without a column: %s",
				    src, err.msg);
			if (err.col > (long)srclen + 1)
				slo_fuzz_fail("expr '%s': column %ld past the end: %s",
				    src, err.col, err.msg);
		}
		goto out;
	}
	if (slo_expr_source(e) == NULL || strcmp(slo_expr_source(e), src) != 0)
		slo_fuzz_fail("expr '%s': source not kept", src);
	eval_all(e, &ev, obj);
	if (obj2 != NULL)
		eval_all(e, NULL, obj2);
	/*
	 * A bare path's dotted form parses back to a bare path, when it is
	 * made of plain segments (it is a name for output, and a bracketed
	 * key such as t['a['] has no plain dotted spelling).
	 */
	if (slo_expr_path(e) != NULL && strspn(slo_expr_path(e),
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") ==
	    strlen(slo_expr_path(e)) && strchr("0123456789-.",
	    slo_expr_path(e)[0]) == NULL && strstr(slo_expr_path(e), "..") ==
	    NULL && slo_expr_path(e)[strlen(slo_expr_path(e)) - 1] != '.') {
		const char *p = slo_expr_path(e);

		if ((e2 = slo_expr_new(p, &err)) == NULL)
			slo_fuzz_fail("expr '%s': path '%s' does not parse: %s",
			    src, p, err.msg);
		else if (slo_expr_path(e2) == NULL || strcmp(slo_expr_path(e2),
		    p) != 0)
			slo_fuzz_fail("expr '%s': path '%s' is not a path again",
			    src, p);
	}
out:
	slo_expr_free(e);
	slo_expr_free(e2);
	json_decref(obj);
	json_decref(obj2);
	slo_event_decoder_free(dec);
	free(src);
	return 0;
}

/* ---- time and duration ------------------------------------------------ */


int
slo_fuzz_time(const uint8_t *data, size_t size)
{
	char buf[SLO_TIME_BUFSZ], dbuf[SLO_DURATION_BUFSZ];
	slo_ns t, t2;
	size_t errpos, len;
	slo_status st;
	const char *s = (const char *)data;

	errpos = (size_t)-1;
	st = slo_time_parse(s, size, &t, &errpos);
	if (st == SLO_OK) {
		len = slo_time_format(t, buf);
		if (len == 0 || len >= SLO_TIME_BUFSZ)
			slo_fuzz_fail("time: format length %zu", len);
		else if (((st = slo_time_parse(buf, len, &t2, NULL)) != SLO_OK ||
		    t2 != t) && !(st == SLO_ERANGE && year_outside(buf)))
			slo_fuzz_fail("time '%.*s' -> %lld -> '%s' -> %lld (%d)",
			    (int)size, s, (long long)t, buf, (long long)t2, st);
	} else if (errpos > size)
		slo_fuzz_fail("time '%.*s': error offset %zu past %zu", (int)size,
		    s, errpos, size);

	errpos = (size_t)-1;
	st = slo_duration_parse(s, size, &t, &errpos);
	if (st == SLO_OK) {
		if (t < 0)
			slo_fuzz_fail("duration '%.*s': negative %lld", (int)size,
			    s, (long long)t);
		len = slo_duration_format(t, dbuf);
		if (len == 0 || len >= SLO_DURATION_BUFSZ)
			slo_fuzz_fail("duration: format length %zu", len);
		else if ((st = slo_duration_parse(dbuf, len, &t2, NULL)) !=
		    SLO_OK || t2 != t)
			slo_fuzz_fail("duration '%.*s' -> %lld -> '%s' -> %lld (%d)",
			    (int)size, s, (long long)t, dbuf, (long long)t2, st);
	} else if (errpos > size)
		slo_fuzz_fail("duration '%.*s': error offset %zu past %zu",
		    (int)size, s, errpos, size);

	/* Any 8 bytes as epoch seconds: refused or a formattable instant. */
	if (size >= 8) {
		double sec;

		memcpy(&sec, data, sizeof sec);
		if (slo_time_from_epoch(sec, &t) == SLO_OK) {
			if (!isfinite(sec))
				slo_fuzz_fail("epoch: %g accepted", sec);
			len = slo_time_format(t, buf);
			if (((st = slo_time_parse(buf, len, &t2, NULL)) != SLO_OK ||
			    t2 != t) && !(st == SLO_ERANGE && year_outside(buf)))
				slo_fuzz_fail("epoch %.17g -> %lld -> '%s' -> %lld",
				    sec, (long long)t, buf, (long long)t2);
		}
		/* And as an instant: format, then parse back when in range. */
		memcpy(&t, data, sizeof t);
		len = slo_time_format(t, buf);
		if (len >= SLO_TIME_BUFSZ)
			slo_fuzz_fail("time: format length %zu for %lld", len,
			    (long long)t);
		else if (slo_time_parse(buf, len, &t2, NULL) == SLO_OK && t2 != t)
			slo_fuzz_fail("time %lld -> '%s' -> %lld", (long long)t,
			    buf, (long long)t2);
		len = slo_duration_format(t, dbuf);
		if (len >= SLO_DURATION_BUFSZ)
			slo_fuzz_fail("duration: format length %zu for %lld", len,
			    (long long)t);
		else if (t >= 0 && ((st = slo_duration_parse(dbuf, len, &t2,
		    NULL)) != SLO_OK || t2 != t))
			slo_fuzz_fail("duration %lld -> '%s' -> %lld (%d)",
			    (long long)t, dbuf, (long long)t2, st);
	}
	return 0;
}

/* ---- YAML: specs, flag registries, promotion criteria, maps ----------- */

int
slo_fuzz_spec(const uint8_t *data, size_t size)
{
	slo_spec *s = slo_spec_new();
	slo_flag_registry *reg = NULL;
	const slo_ynode *sec;
	const slo_ydoc *doc;
	slo_error err;
	slo_status st;

	if (s == NULL)
		return 0;
	slo_error_clear(&err);
	st = slo_spec_load_string(s, "fuzz.yaml", (const char *)data, size, &err);
	if (st == SLO_OK) {
		slo_error_clear(&err);
		st = slo_spec_finish(s, &err);
	}
	if (st != SLO_OK) {
		if (st != SLO_ENOMEM)
			check_error("spec", &err, count_lines(data, size) + 1);
		goto out;
	}
	for (size_t i = 0; i < slo_spec_count(s); i++) {
		const slo_spec_slo *o = slo_spec_get(s, i);

		if (o == NULL || o->name == NULL) {
			slo_fuzz_fail("spec: SLO %zu has no name", i);
			continue;
		}
		if (slo_spec_find(s, o->name) != o)
			slo_fuzz_fail("spec: SLO '%s' not found by name", o->name);
		if (o->sli == SLO_SPEC_SLI_RATIO && (o->good == NULL) ==
		    (o->bad == NULL))
			slo_fuzz_fail("spec: SLO '%s' has %s of good and bad",
			    o->name, o->good == NULL ? "neither" : "both");
		if (o->sli == SLO_SPEC_SLI_LATENCY && o->latency_field == NULL)
			slo_fuzz_fail("spec: latency SLO '%s' without a field",
			    o->name);
		if (!(o->objective.target > 0 && o->objective.target < 1))
			slo_fuzz_fail("spec: SLO '%s' target %g", o->name,
			    o->objective.target);
		for (size_t q = 0; q < o->nquantiles; q++)
			if (!(o->quantiles[q] >= 0 && o->quantiles[q] <= 1))
				slo_fuzz_fail("spec: SLO '%s' quantile %g",
				    o->name, o->quantiles[q]);
		for (size_t g = 0; g < o->ngroup_by; g++)
			if (o->group_by[g] == NULL || o->group_exprs[g] == NULL)
				slo_fuzz_fail("spec: SLO '%s' group %zu empty",
				    o->name, g);
	}
	/* The sections others own, as flag-audit reads them. */
	if ((reg = slo_flag_registry_new()) == NULL)
		goto out;
	for (size_t i = 0; (sec = slo_spec_section(s, "flags", i, &doc)) != NULL;
	    i++)
		(void)slo_flag_registry_load_section(reg, doc, sec, &err);
out:
	slo_flag_registry_free(reg);
	slo_spec_free(s);
	return 0;
}

int
slo_fuzz_flags(const uint8_t *data, size_t size)
{
	slo_flag_registry *reg = slo_flag_registry_new();
	slo_error err;
	slo_status st;

	if (reg == NULL)
		return 0;
	slo_error_clear(&err);
	st = slo_flag_registry_load_string(reg, "flags.yaml",
	    (const char *)data, size, &err);
	if (st != SLO_OK && st != SLO_ENOMEM)
		check_error("flags", &err, count_lines(data, size) + 1);
	for (size_t i = 0; i < slo_flag_registry_count(reg); i++) {
		const slo_flag_def *f = slo_flag_registry_get(reg, i);

		if (f == NULL || f->key == NULL)
			slo_fuzz_fail("flags: flag %zu without a key", i);
		else if (slo_flag_registry_find(reg, f->key) != f)
			slo_fuzz_fail("flags: '%s' not found by key", f->key);
		else if (!isnan(f->max_exposure) && !(f->max_exposure >= 0 &&
		    f->max_exposure <= 1))
			slo_fuzz_fail("flags: '%s' max_exposure %g", f->key,
			    f->max_exposure);
	}
	slo_flag_registry_free(reg);
	return 0;
}

int
slo_fuzz_promote(const uint8_t *data, size_t size)
{
	slo_promote_criteria c;
	slo_error err;
	slo_status st;

	slo_error_clear(&err);
	st = slo_promote_criteria_load_string(&c, "promote.yaml",
	    (const char *)data, size, &err);
	if (st != SLO_OK) {
		if (st != SLO_ENOMEM)
			check_error("promote", &err, count_lines(data, size) + 1);
		return 0;
	}
	if (!(c.confidence > 0 && c.confidence < 1))
		slo_fuzz_fail("promote: confidence %g accepted", c.confidence);
	if (memchr(c.cohort, '\0', sizeof c.cohort) == NULL ||
	    memchr(c.baseline, '\0', sizeof c.baseline) == NULL ||
	    memchr(c.flag_leaks.registry, '\0',
	    sizeof c.flag_leaks.registry) == NULL ||
	    memchr(c.security_alerts.source, '\0',
	    sizeof c.security_alerts.source) == NULL)
		slo_fuzz_fail("promote: a string not terminated");
	return 0;
}

int
slo_fuzz_map(const uint8_t *data, size_t size)
{
	slo_ingest *ing = NULL;
	slo_map *m;
	json_t *obj = NULL;
	slo_buf out = { 0 };
	slo_error err;

	slo_error_clear(&err);
	m = slo_map_load_string("fuzz.map.yaml", (const char *)data, size, &err);
	if (m == NULL) {
		if (err.status != SLO_ENOMEM)
			check_error("map", &err, count_lines(data, size) + 1);
		return 0;
	}
	if ((ing = slo_ingest_new(SLO_PRESET_MAP)) == NULL) {
		slo_map_free(m);
		return 0;
	}
	slo_ingest_set_map_take(ing, m);
	if ((obj = json_loads(fuzz_object, JSON_ALLOW_NUL, NULL)) != NULL)
		(void)slo_ingest_object(ing, obj, &out, &err);
	json_decref(obj);
	if ((obj = json_loads(fuzz_event_line, 0, NULL)) != NULL)
		(void)slo_ingest_object(ing, obj, &out, &err);
	json_decref(obj);
	slo_buf_release(&out);
	slo_ingest_free(ing);
	return 0;
}

/* ---- ingest: one raw object through every preset ---------------------- */

/* Every line of out[from..) is a canonical event that decodes back. */
static void
check_canonical(const slo_buf *out, size_t from, const char *preset,
    slo_event_decoder *fast, slo_event_decoder *slow, slo_buf *ba, slo_buf *bb)
{
	size_t i = from;

	while (i < out->len) {
		const char *p = out->data + i;
		const char *nl = memchr(p, '\n', out->len - i);
		size_t n;

		if (nl == NULL) {
			slo_fuzz_fail("ingest %s: output without a final newline",
			    preset);
			return;
		}
		n = (size_t)(nl - p);
		if (decode_both(fast, slow, p, n, ba, bb) != SLO_OK)
			slo_fuzz_fail("ingest %s: wrote a line it cannot read: "
			    "'%.*s'", preset, (int)(n > 300 ? 300 : n), p);
		i += n + 1;
	}
}

/*
 * slo_ingest_line() is "exactly what parsing it with jansson and calling
 * slo_ingest_object() gives, output, stats and reasons included"; a line
 * that is not an object is rejected.  obj is the line through jansson.
 */
static void
ingest_line_same(const uint8_t *data, size_t size, json_t *obj)
{
	const char *line = (const char *)data;

	if (memchr(data, '\n', size) != NULL)
		return; /* a line has no end inside it */
	for (int p = 0; p < SLO_PRESET_MAP; p++) {
		slo_ingest *a = slo_ingest_new((slo_preset)p);
		slo_ingest *b = slo_ingest_new((slo_preset)p);
		slo_buf oa = { 0 }, ob = { 0 };
		slo_error ea, eb;
		slo_status sa, sb;
		const char *name = slo_preset_name((slo_preset)p);

		if (a == NULL || b == NULL) {
			slo_ingest_free(a);
			slo_ingest_free(b);
			break;
		}
		slo_error_clear(&ea);
		slo_error_clear(&eb);
		sa = slo_ingest_line(a, line, size, &oa, &ea);
		if (obj == NULL || !json_is_object(obj)) {
			if (sa == SLO_OK)
				slo_fuzz_fail("ingest_line %s: took what is not a "
				    "json object", name);
		} else {
			slo_ingest_stats ta, tb;

			sb = slo_ingest_object(b, obj, &ob, &eb);
			ta = slo_ingest_get_stats(a);
			tb = slo_ingest_get_stats(b);
			/* the column too: a preset read through the selective
			 * scanner must reject where jansson's object does */
			if (sa != sb || (sa != SLO_OK && (strcmp(ea.msg, eb.msg)
			    != 0 || ea.col != eb.col)))
				slo_fuzz_fail("ingest_line %s: %d '%s' vs object %d "
				    "'%s'", name, sa, ea.msg, sb, eb.msg);
			else if (!buf_eq(&oa, &ob))
				slo_fuzz_fail("ingest_line %s: '%.*s' vs object "
				    "'%.*s'", name, (int)(oa.len > 300 ? 300 :
				    oa.len), oa.data ? oa.data : "",
				    (int)(ob.len > 300 ? 300 : ob.len),
				    ob.data ? ob.data : "");
			else if (memcmp(&ta, &tb, sizeof ta) != 0)
				slo_fuzz_fail("ingest_line %s: stats differ", name);
		}
		slo_buf_release(&oa);
		slo_buf_release(&ob);
		slo_ingest_free(a);
		slo_ingest_free(b);
	}
}

int
slo_fuzz_ingest(const uint8_t *data, size_t size)
{
	slo_event_decoder *fast = slo_event_decoder_new();
	slo_event_decoder *slow = slo_event_decoder_new();
	slo_buf out = { 0 }, ba = { 0 }, bb = { 0 };
	json_t *obj;
	slo_error err;

	/* As slo_input_next_json() (lib/cli.c) parses a raw line. */
	obj = json_loadb((const char *)data, size, 0, NULL);
	if (obj == NULL || !json_is_object(obj) || fast == NULL || slow == NULL)
		goto out;
	slow->no_fast = 1;
	for (int p = 0; p < SLO_PRESET_MAP; p++) {
		slo_ingest *ing = slo_ingest_new((slo_preset)p);
		slo_ingest_stats stats;
		slo_status st;
		size_t before = out.len, lines = 0;

		if (ing == NULL)
			break;
		slo_error_clear(&err);
		st = slo_ingest_object(ing, obj, &out, &err);
		stats = slo_ingest_get_stats(ing);
		if (st != SLO_OK) {
			if (out.len != before)
				slo_fuzz_fail("ingest %s: rejected (%s) yet wrote "
				    "%zu bytes", slo_preset_name((slo_preset)p),
				    err.msg, out.len - before);
			if (st != SLO_ENOMEM && err.msg[0] == '\0')
				slo_fuzz_fail("ingest %s: rejected without a reason",
				    slo_preset_name((slo_preset)p));
			if (stats.rejected != 1 || stats.objects != 0)
				slo_fuzz_fail("ingest %s: rejected, stats %llu/%llu",
				    slo_preset_name((slo_preset)p),
				    (unsigned long long)stats.objects,
				    (unsigned long long)stats.rejected);
		} else {
			for (size_t i = before; i < out.len; i++)
				lines += out.data[i] == '\n';
			if (stats.written != lines || stats.objects != 1)
				slo_fuzz_fail("ingest %s: %zu lines, stats say %llu "
				    "written of %llu objects",
				    slo_preset_name((slo_preset)p), lines,
				    (unsigned long long)stats.written,
				    (unsigned long long)stats.objects);
			check_canonical(&out, before, slo_preset_name((slo_preset)p),
			    fast, slow, &ba, &bb);
		}
		slo_ingest_free(ing);
		slo_buf_reset(&out);
	}
out:
	ingest_line_same(data, size, obj);
	json_decref(obj);
	slo_buf_release(&out);
	slo_buf_release(&ba);
	slo_buf_release(&bb);
	slo_event_decoder_free(fast);
	slo_event_decoder_free(slow);
	return 0;
}

/* ---- rollup: folding requests, merging rollup lines, exactly ---------- */

/*
 * Lines of NDJSON: rollup lines are merged, other events folded, into a
 * rollup of 1m.  A refused merge leaves the rollup as it was; the encoded
 * result reads back (each line a canonical event) and merges into an
 * empty rollup that encodes to the same bytes.
 */
int
slo_fuzz_rollup(const uint8_t *data, size_t size)
{
	slo_event_decoder *dec = slo_event_decoder_new();
	slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN), *r2 = NULL;
	slo_buf before = { 0 }, after = { 0 }, again = { 0 };
	const char *p = (const char *)data, *end = p + size;
	slo_error err;

	if (dec == NULL || r == NULL)
		goto out;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		json_t *obj = json_loadb(p, n, 0, NULL);
		json_t *kind = json_object_get(obj, "kind");
		slo_event ev;

		if (obj != NULL && json_is_string(kind) &&
		    strcmp(json_string_value(kind), "rollup") == 0) {
			slo_buf_reset(&before);
			slo_buf_reset(&after);
			if (slo_rollup_encode(r, &before) != SLO_OK)
				break;
			slo_error_clear(&err);
			if (slo_rollup_merge_json(r, obj, &err) != SLO_OK) {
				if (err.msg[0] == '\0')
					slo_fuzz_fail("rollup: merge refused "
					    "without a reason");
				if (slo_rollup_encode(r, &after) == SLO_OK &&
				    !buf_eq(&after, &before))
					slo_fuzz_fail("rollup: a refused merge "
					    "('%s') changed the rollup", err.msg);
			}
		} else if (slo_event_decode(dec, p, n, &ev, &err) == SLO_OK &&
		    ev.kind == SLO_KIND_REQUEST)
			(void)slo_rollup_add(r, &ev);
		json_decref(obj);
		p += n + 1;
	}
	/* The result reads back and merges into the same bytes. */
	slo_buf_reset(&after);
	if (slo_rollup_encode(r, &after) != SLO_OK ||
	    (r2 = slo_rollup_new(0)) == NULL)
		goto out;
	for (size_t i = 0; i < after.len; ) {
		const char *q = after.data + i;
		const char *nl = memchr(q, '\n', after.len - i);
		size_t n;
		json_t *obj;
		slo_event ev;

		if (nl == NULL) {
			slo_fuzz_fail("rollup: output without a final newline");
			break;
		}
		n = (size_t)(nl - q);
		if (slo_event_decode(dec, q, n, &ev, &err) != SLO_OK)
			slo_fuzz_fail("rollup: wrote a line it cannot read (%s): "
			    "'%.*s'", err.msg, (int)(n > 300 ? 300 : n), q);
		if ((obj = json_loadb(q, n, 0, NULL)) == NULL)
			slo_fuzz_fail("rollup: wrote invalid json");
		else if (slo_rollup_merge_json(r2, obj, &err) != SLO_OK)
			slo_fuzz_fail("rollup: its own line does not merge (%s): "
			    "'%.*s'", err.msg, (int)(n > 300 ? 300 : n), q);
		json_decref(obj);
		i += n + 1;
	}
	if (slo_rollup_encode(r2, &again) == SLO_OK && !buf_eq(&again, &after))
		slo_fuzz_fail("rollup: re-merged rollup differs: '%.*s' vs '%.*s'",
		    (int)(after.len > 300 ? 300 : after.len), after.data,
		    (int)(again.len > 300 ? 300 : again.len), again.data);
out:
	slo_buf_release(&before);
	slo_buf_release(&after);
	slo_buf_release(&again);
	slo_rollup_free(r);
	slo_rollup_free(r2);
	slo_event_decoder_free(dec);
	return 0;
}

#include "checks.c"
#include "targets_render.c"

/* ---- the table the replay test walks ---------------------------------- */

#if defined(__GNUC__)
#define SLO_FUZZ_UNUSED __attribute__((unused))
#else
#define SLO_FUZZ_UNUSED
#endif

typedef struct slo_fuzz_target {
	const char *name;
	int (*fn)(const uint8_t *, size_t);
} slo_fuzz_target;

static const slo_fuzz_target slo_fuzz_targets[] SLO_FUZZ_UNUSED = {
	{ "ndjson", slo_fuzz_ndjson },
	{ "jscan", slo_fuzz_jscan },
	{ "expr", slo_fuzz_expr },
	{ "time", slo_fuzz_time },
	{ "spec", slo_fuzz_spec },
	{ "flags", slo_fuzz_flags },
	{ "promote", slo_fuzz_promote },
	{ "map", slo_fuzz_map },
	{ "ingest", slo_fuzz_ingest },
	{ "rollup", slo_fuzz_rollup },
	{ "eval", slo_fuzz_eval },
	{ "audit", slo_fuzz_audit },
	{ "gate", slo_fuzz_gate },
	{ "stats", slo_fuzz_stats },
};
