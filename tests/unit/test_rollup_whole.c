/*
 * test_rollup_whole.c — slo-eval's reader of whole rollup lines
 * (slo_eval_read_rollup(), given to the event decoder with
 * slo_event_decoder_rollup_reader()) against the decoder alone, line by
 * line: the same acceptance or the same rejection (status, column,
 * message), the same result of slo_eval_add(), and in the end the same
 * verdicts.  The reader takes a line only when it reads it whole; every
 * line it refuses must come out as the decoder alone makes it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slo_eval.h"
#include "slo_rollup.h"
#include "eval_helpers.h"

static const char spec_yaml[] =
    "slos:\n"
    "  - name: avail\n"
    "    good: 'status < 500'\n"
    "    objective: 99\n"
    "    window: 1h\n"
    "    group_by: [route]\n"
    "  - name: latency\n"
    "    latency: {threshold: 300ms}\n"
    "    objective: 95\n"
    "    window: 1h\n"
    "    group_by: [route]\n";

/* The head and tail every variant is built from: kind first, as slo-ingest
 * --rollup writes it (slo-events(5) "Rollups"). */
#define HEAD "{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\",\"width\":\"1m\","
#define DIMS "\"service\":\"checkout\",\"route\":\"/api/cart\","
#define COUNTS "\"count\":3,\"good\":2,\"status\":{\"2xx\":1,\"4xx\":1,\"5xx\":1},"
#define SKETCH "\"latency_ms\":{\"alpha\":0.01,\"count\":3,\"sum\":260," \
    "\"min\":0,\"max\":250,\"zero\":1,\"bins\":[[116,1],[277,1]]},"
#define SLOS "\"slos\":{\"avail\":{\"good\":2,\"total\":3}," \
    "\"latency\":{\"good\":3,\"total\":3}}}"

static const char *const lines[] = {
	HEAD DIMS COUNTS SKETCH SLOS,                       /* taken */
	"  {  \"kind\" :  \"rollup\" , \"ts\":\"2026-11-26T08:11:00Z\","
	    "\"width\":\"1m\"," DIMS COUNTS SKETCH SLOS,       /* spaced */
	HEAD DIMS "\"labels\":{\"pod\":\"a\"}," COUNTS SKETCH SLOS,
	HEAD DIMS COUNTS SKETCH "\"x\":{\"a\":[1,2,{\"b\":null}]}," SLOS,
	HEAD DIMS COUNTS SKETCH,                             /* cut short */
	HEAD DIMS COUNTS "\"latency_ms\":{\"alpha\":0.01,\"count\":3,\"bins\":[[116,1],[",
	HEAD "\"service\":\"\\ud800\"," COUNTS SKETCH SLOS,  /* lone surrogate */
	HEAD "\"service\":\"a\\u0000b\"," COUNTS SKETCH SLOS, /* NUL */
	HEAD DIMS COUNTS SKETCH "\"kind\":\"request\"," SLOS, /* kind twice */
	HEAD DIMS "\"count\":3," COUNTS SKETCH SLOS,         /* count twice */
	HEAD DIMS COUNTS SKETCH "\"n\":1e400," SLOS,         /* overflow */
	HEAD DIMS "\"count\":99999999999999999999,\"good\":2," SKETCH SLOS,
	HEAD DIMS "\"count\":2,\"good\":3," SKETCH SLOS,     /* good > count */
	HEAD DIMS "\"count\":-0,\"good\":0," SKETCH SLOS,
	"{\"kind\":\"rollup\",\"ts\":\"yesterday\",\"width\":\"1m\"," DIMS
	    COUNTS SKETCH SLOS,
	"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:00Z\"," DIMS COUNTS
	    SKETCH SLOS,                                     /* no width */
	"{\"kind\":\"rollup\",\"ts\":\"2026-11-26T08:10:30Z\",\"width\":\"1m\","
	    DIMS COUNTS SKETCH SLOS,                         /* not on a bucket */
	HEAD DIMS COUNTS "\"latency_ms\":{\"alpha\":0.01,\"count\":2,\"sum\":1,"
	    "\"min\":0,\"max\":1,\"zero\":0,\"bins\":[[9,1],[8,1]]}," SLOS,
	HEAD DIMS COUNTS "\"latency_ms\":{\"alpha\":0.02,\"count\":1,\"sum\":1,"
	    "\"min\":1,\"max\":1,\"zero\":0,\"bins\":[[9,1]]}," SLOS,
	HEAD DIMS "\"labels\":{\"pod\":\"a\",\"pod\":\"b\"}," COUNTS SKETCH SLOS,
	HEAD DIMS "\"route\":7," COUNTS SKETCH SLOS,
	HEAD DIMS COUNTS SKETCH SLOS " x",                   /* trailing */
	HEAD DIMS COUNTS SKETCH "\"slos\":{\"avail\":{\"good\":4,\"total\":3}}}",
	HEAD DIMS COUNTS SKETCH "\"slos\":{}}",              /* no SLO counts */
	"{\"kind\":\"rollup\"}",
	"{\"kind\":\"rollup\",",
};

#define NLINES (sizeof lines / sizeof lines[0])

/* A line of nesting deeper than jansson takes, built at run time. */
static char *
deep_line(void)
{
	size_t depth = 3000, at = 0;
	char *s = malloc(sizeof HEAD + 2 * depth + 16);

	assert_non_null(s);
	at = (size_t)sprintf(s, "%s\"x\":", HEAD);
	for (size_t i = 0; i < depth; i++)
		s[at++] = '[';
	for (size_t i = 0; i < depth; i++)
		s[at++] = ']';
	strcpy(s + at, "}");
	return s;
}

static char *
rendered(slo_eval *e)
{
	slo_buf b = { 0 };

	assert_int_equal(slo_eval_finish(e, NULL), SLO_OK);
	assert_int_equal(slo_eval_render(e, SLO_FMT_NDJSON, 0, &b), SLO_OK);
	assert_int_equal(slo_buf_putc(&b, '\0'), SLO_OK);
	return b.data;
}

/* line through both paths: the same answer at every step; 1 when the
 * reader took it. */
static int
both(slo_event_decoder *da, slo_eval *ea, slo_event_decoder *db,
    slo_eval *eb, const char *line)
{
	slo_event va, vb;
	slo_error xa, xb;
	slo_status sa, sb;
	size_t n = strlen(line);

	slo_error_clear(&xa);
	slo_error_clear(&xb);
	sa = slo_event_decode(da, line, n, &va, &xa);
	sb = slo_event_decode(db, line, n, &vb, &xb);
	if (sa != sb || xa.col != xb.col || strcmp(xa.msg, xb.msg) != 0)
		fail_msg("%s: reader %d %ld '%s', decoder %d %ld '%s'", line,
		    sa, xa.col, xa.msg, sb, xb.col, xb.msg);
	if (sa != SLO_OK)
		return 0;
	assert_int_equal(va.kind, vb.kind);
	sa = slo_eval_add(ea, &va, &xa);
	sb = slo_eval_add(eb, &vb, &xb);
	if (sa != sb || strcmp(xa.msg, xb.msg) != 0)
		fail_msg("%s: add %d '%s' vs %d '%s'", line, sa, xa.msg, sb,
		    xb.msg);
	return va.read_by != NULL;
}

static void
test_same_as_decoder(void **state)
{
	slo_spec *spec = spec_of(spec_yaml);
	slo_eval *ea = slo_eval_new(spec, NULL, NULL);
	slo_eval *eb = slo_eval_new(spec, NULL, NULL);
	slo_event_decoder *da = slo_event_decoder_new();
	slo_event_decoder *db = slo_event_decoder_new();
	char *deep = deep_line(), *ra, *rb;
	int taken = 0;

	(void)state;
	slo_event_decoder_rollup_text(da);
	slo_event_decoder_rollup_text(db);
	slo_event_decoder_rollup_reader(da, slo_eval_read_rollup, ea);
	for (size_t i = 0; i < NLINES; i++)
		taken += both(da, ea, db, eb, lines[i]);
	assert_int_equal(both(da, ea, db, eb, deep), 0);
	/* the reader's: lines 0-3, 13 (-0), 18 (another alpha), 23 (no SLO
	 * counts); the rest it left to the decoder (repeated members,
	 * rejections) */
	assert_int_equal(taken, 7);
	assert_int_equal(slo_eval_rollup_misses(ea), slo_eval_rollup_misses(eb));
	assert_int_equal(slo_eval_sketch_misses(ea), slo_eval_sketch_misses(eb));
	ra = rendered(ea);
	rb = rendered(eb);
	assert_string_equal(ra, rb);
	/* and the rows were counted: 4 lines of 3 requests on /api/cart */
	/*
	 * Counted by hand: avail takes {"good":2,"total":3} from each line
	 * accepted with its counts: 0-3, 13, 18 (the reader's), 9 and 19
	 * (jansson's, keeping the last of a repeated member): 8 lines, so
	 * 24 events, 16 good.
	 */
	assert_non_null(strstr(ra, "{\"slo\":\"avail\""));
	assert_non_null(strstr(ra, "\"events\":24,\"good_events\":16,"));
	free(ra);
	free(rb);
	free(deep);
	slo_event_decoder_free(da);
	slo_event_decoder_free(db);
	slo_eval_free(ea);
	slo_eval_free(eb);
	slo_spec_free(spec);
}

/* A reader that took a line and an event added to another engine: refused,
 * not folded from the wrong reader's row. */
static void
test_other_engine(void **state)
{
	slo_spec *spec = spec_of(spec_yaml);
	slo_eval *ea = slo_eval_new(spec, NULL, NULL);
	slo_eval *eb = slo_eval_new(spec, NULL, NULL);
	slo_event_decoder *da = slo_event_decoder_new();
	slo_event ev;
	slo_error err;

	(void)state;
	slo_event_decoder_rollup_text(da);
	slo_event_decoder_rollup_reader(da, slo_eval_read_rollup, ea);
	assert_int_equal(slo_event_decode(da, lines[0], strlen(lines[0]), &ev,
	    &err), SLO_OK);
	assert_ptr_equal(ev.read_by, ea);
	assert_int_equal(slo_eval_add(eb, &ev, &err), SLO_EINVAL);
	assert_int_equal(slo_eval_add(ea, &ev, &err), SLO_OK);
	/* held once: the same event again is not folded twice */
	assert_int_equal(slo_eval_add(ea, &ev, &err), SLO_EINVAL);
	slo_event_decoder_free(da);
	slo_eval_free(ea);
	slo_eval_free(eb);
	slo_spec_free(spec);
}

/*
 * The reader compares each member's name with the one the last line had
 * at that place, and reads it in full where it differs: lines in one
 * order, then in others, with names spelled otherwise (an escape, a
 * space), a name that only starts like a known one, and cut short right
 * after a name.  Each line goes through both paths after the one before
 * it, so that every one meets the order the last left.
 */
#define COUNTS_LAST "\"count\":3,\"good\":2,\"status\":{\"2xx\":1,\"4xx\":1,\"5xx\":1}"
#define SLOS_OPEN "\"slos\":{\"avail\":{\"good\":2,\"total\":3},\"latency\":"

static const char *const ordered[] = {
	HEAD DIMS COUNTS SKETCH SLOS,                               /* 0 */
	"{\"kind\":\"rollup\",\"width\":\"1m\",\"ts\":\"2026-11-26T08:10:00Z\","
	    "\"route\":\"/api/cart\",\"service\":\"checkout\"," SLOS_OPEN
	    "{\"good\":3,\"total\":3}}," SKETCH COUNTS_LAST "}",     /* 1 */
	HEAD DIMS COUNTS SKETCH SLOS,                               /* 2 */
	HEAD DIMS "\"co\\u0075nt\":3,\"good\":2,\"status\":{\"2xx\":1,"
	    "\"4xx\":1,\"5xx\":1}," SKETCH SLOS,                     /* 3 */
	HEAD DIMS "\"count\" :3,\"good\":2,\"status\":{\"2xx\":1,\"4xx\":1,"
	    "\"5xx\":1}," SKETCH SLOS,                               /* 4 */
	HEAD DIMS COUNTS SKETCH "\"slos\":{\"avail\":{\"total\":3,\"good\":2},"
	    "\"latency\":{\"total\":3,\"good\":3}}}",                /* 5 */
	HEAD DIMS COUNTS SKETCH "\"slos\":{\"avail\":{\"good\":1,\"good\":2,"
	    "\"total\":3},\"latency\":{\"good\":3,\"total\":3}}}",    /* 6 */
	HEAD DIMS COUNTS SKETCH "\"slos\":{\"avail\":{\"good\":2},"
	    "\"latency\":{\"good\":3,\"total\":3}}}",                /* 7 */
	HEAD DIMS COUNTS SKETCH "\"slos\":{\"avail\":{\"good\":\"2\","
	    "\"total\":3},\"latency\":{\"good\":3,\"total\":3}}}",   /* 8 */
	HEAD DIMS "\"counts\":5," COUNTS SKETCH SLOS,               /* 9 */
	HEAD DIMS COUNTS SKETCH SLOS,                               /* 10 */
	"{\"kind\":\"rollup\",\"ts\":",                             /* 11 */
	HEAD DIMS COUNTS "\"latency_ms\"",                          /* 12 */
	HEAD DIMS COUNTS SKETCH "\"slos\":{\"avail\":{\"good\"",    /* 13 */
};

/*
 * The n lines through both paths in turn, each a copy of its own length
 * (a read past it is ASan's), into two engines of spec_yaml: how many the
 * reader took, and the verdicts (the same from both) in *out, to free.
 */
static int
run_both(const char *const *lines_in, size_t n, char **out)
{
	slo_spec *spec = spec_of(spec_yaml);
	slo_eval *ea = slo_eval_new(spec, NULL, NULL);
	slo_eval *eb = slo_eval_new(spec, NULL, NULL);
	slo_event_decoder *da = slo_event_decoder_new();
	slo_event_decoder *db = slo_event_decoder_new();
	char *rb, *line;
	int taken = 0;

	slo_event_decoder_rollup_text(da);
	slo_event_decoder_rollup_text(db);
	slo_event_decoder_rollup_reader(da, slo_eval_read_rollup, ea);
	for (size_t i = 0; i < n; i++) {
		line = strdup(lines_in[i]);
		assert_non_null(line);
		taken += both(da, ea, db, eb, line);
		free(line);
	}
	*out = rendered(ea);
	rb = rendered(eb);
	assert_string_equal(*out, rb);
	free(rb);
	slo_event_decoder_free(da);
	slo_event_decoder_free(db);
	slo_eval_free(ea);
	slo_eval_free(eb);
	slo_spec_free(spec);
	return taken;
}

static void
test_member_order(void **state)
{
	char *ra;

	(void)state;
	/* by hand: the reader takes 0-5, 9 and 10; 6 (good twice) it
	 * leaves to jansson, which keeps the last; 7, 8 and 11-13 are
	 * rejected by both */
	assert_int_equal(run_both(ordered, sizeof ordered / sizeof *ordered,
	    &ra), 8);
	/* 9 lines accepted (0-6, 9, 10), each avail 2 good of 3 */
	assert_non_null(strstr(ra, "\"events\":27,\"good_events\":18,"));
	free(ra);
}

/*
 * Counts: the reader reads the common ones itself (digits, then ',' or
 * '}') and leaves every other spelling to the scanner; both paths must
 * still agree, line by line.
 */
#define STATUS "\"status\":{\"2xx\":1,\"4xx\":1,\"5xx\":1},"

static const char *const counted[] = {
	HEAD DIMS "\"count\":3 ,\"good\":2," STATUS SKETCH SLOS,     /* a */
	HEAD DIMS "\"count\":3.0,\"good\":2," STATUS SKETCH SLOS,    /* b */
	HEAD DIMS "\"count\":3e0,\"good\":2," STATUS SKETCH SLOS,    /* c */
	HEAD DIMS "\"count\":3,\"good\":2,\"status\":{\"2xx\":01}," SKETCH
	    SLOS,                                                   /* d */
	HEAD DIMS "\"count\":3,\"good\":0," STATUS SKETCH SLOS,      /* e */
	HEAD DIMS "\"count\":100000000000000003,\"good\":2," STATUS SKETCH
	    SLOS,                                                   /* f */
	HEAD DIMS "\"count\":1000000000000000003,\"good\":2," STATUS SKETCH
	    SLOS,                                                   /* g */
	HEAD DIMS "\"count\":-3,\"good\":2," STATUS SKETCH SLOS,     /* h */
	HEAD DIMS "\"count\":3,\"good\":2," STATUS SKETCH
	    "\"slos\":{\"avail\":{\"good\":2,\"total\":3 }}}",        /* i */
	HEAD DIMS "\"count\":3,\"good\":2," STATUS SKETCH
	    "\"slos\":{\"avail\":{\"good\":0,\"total\":0}}}",         /* j */
};

static void
test_counts(void **state)
{
	char *ra;

	(void)state;
	/* by hand: a, e, f, g (19 digits, below 2^63), i and j are
	 * counts; 3.0 and 3e0 are numbers jansson does not take as a
	 * count, 01 is not JSON, -3 is negative */
	assert_int_equal(run_both(counted, sizeof counted / sizeof *counted,
	    &ra), 6);
	free(ra);
}

/*
 * The reader keeps the last "ts" it parsed and reuses its value while the
 * text is the same (rows come a bucket at a time).  Each row's ts must
 * still be the one slo_time_parse() gives its own text: the same text
 * again, an instant spelled otherwise, one text after another differing
 * in one digit, and the longest a time takes (35 bytes; the memo
 * keeps up to 39).
 */
static void
test_ts_memo(void **state)
{
	static const char *const ts[] = {
		"2026-11-26T08:10:00Z", "2026-11-26T08:10:00Z",
		"2026-11-26T08:11:00Z", "2026-11-26T08:10:00Z",
		"2026-11-26T09:10:00+01:00", "2026-11-26T08:10:00.000Z",
		"2026-11-26T08:12:00.000000000+00:00",
		"2026-11-26T08:13:00.000000000+00:00",
		"2026-11-26T08:13:00.000000000+00:00",
		"2026-11-26T08:12:00Z",
	};
	slo_rollup *r = slo_rollup_new(SLO_NS_PER_MIN);
	const struct slo_sketch_scan *sk;
	slo_rollup_row row;
	char line[512];
	slo_ns want;
	int n;

	(void)state;
	assert_non_null(r);
	for (size_t i = 0; i < sizeof ts / sizeof *ts; i++) {
		n = snprintf(line, sizeof line, "{\"kind\":\"rollup\","
		    "\"ts\":\"%s\",\"width\":\"1m\"," DIMS
		    "\"count\":1,\"good\":1}", ts[i]);
		assert_true(n > 0 && (size_t)n < sizeof line);
		assert_int_equal(slo_time_parse(ts[i], strlen(ts[i]), &want,
		    NULL), SLO_OK);
		assert_int_equal(slo_rollup_read_text(r, line, (size_t)n, NULL,
		    &row, &sk), 1);
		assert_true(row.ts == want);
	}
	/* by hand: 08:10:00Z is 1795680600 s after the epoch (2026-11-26
	 * is day 20,783: 20783 * 86400 + 8 * 3600 + 10 * 60) */
	assert_true(row.ts == (slo_ns)(1795680600LL + 120) * SLO_NS_PER_SEC);
	slo_rollup_free(r);
}

/*
 * Rows whose SLO names are the reader's kept ones, at the same places as
 * the row before, reuse where each SLO was found (slo_rollup_row's
 * slos_gen): a prefix, a swap, a swap in a line rejected after its slos
 * were read (the kept names changed, but no row folded said so), a third
 * SLO.  Each line k has avail {k, 10k} and latency {100k, 100k + 1}, so a
 * count taken from the wrong place shows.
 */
#define SL_AVAIL(k) "\"avail\":{\"good\":" #k ",\"total\":" #k "0}"
#define SL_LAT(k) "\"latency\":{\"good\":" #k "00,\"total\":" #k "01}"
#define SL_ROW(slos) HEAD DIMS COUNTS SKETCH "\"slos\":{" slos "}}"

static const char *const places[] = {
	SL_ROW(SL_AVAIL(1) "," SL_LAT(1)),
	SL_ROW(SL_AVAIL(2) "," SL_LAT(2)),
	SL_ROW(SL_AVAIL(3) "," SL_LAT(3)),
	SL_ROW(SL_AVAIL(4)),                               /* a prefix */
	SL_ROW(SL_AVAIL(5) "," SL_LAT(5)),
	HEAD DIMS "\"count\":2,\"good\":3," SKETCH "\"slos\":{" SL_LAT(6) ","
	    SL_AVAIL(6) "}}",                  /* swapped, then rejected */
	SL_ROW(SL_LAT(7) "," SL_AVAIL(7)),
	SL_ROW(SL_LAT(8) "," SL_AVAIL(8)),
	SL_ROW(SL_AVAIL(9) "," SL_LAT(9)),
	SL_ROW(SL_AVAIL(10) "," SL_LAT(10) ",\"other\":{\"good\":1,"
	    "\"total\":1}"),
	SL_ROW(SL_AVAIL(11) "," SL_LAT(11)),
};

static void
test_slo_places(void **state)
{
	char *ra;

	(void)state;
	/* by hand: line 6 rejected (good 3 > count 2), the other 10 taken;
	 * avail in all 10, k summing to 66 - 6 = 60: 600 events, 60 good;
	 * latency in all but line 4, k summing to 56: 5600 + 9 events, 5600
	 * good */
	assert_int_equal(run_both(places, sizeof places / sizeof *places,
	    &ra), 10);
	assert_non_null(strstr(ra, "\"events\":600,\"good_events\":60,"));
	assert_non_null(strstr(ra, "\"events\":5609,\"good_events\":5600,"));
	free(ra);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_decoder),
		cmocka_unit_test(test_other_engine),
		cmocka_unit_test(test_member_order),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_ts_memo),
		cmocka_unit_test(test_slo_places),
	};
	(void)feed; /* eval_helpers.h's, unused here */
	(void)find;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
