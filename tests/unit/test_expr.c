/* test_expr.c — the expression language (include/slo_expr.h). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slo_expr.h"

static slo_kv test_labels[] = {
	{ "tenant", "acme" },
	{ "team-name", "payments" },
	{ "empty", "" },
	{ "k8s.pod", "web-1" },
};

static slo_kv test_flags[] = {
	{ "new-checkout", "on" },
	{ "beta", "off" },
};

/* A request with every field set, as the decoder would fill it. */
static slo_event
request(void)
{
	slo_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = SLO_KIND_REQUEST;
	ev.has = SLO_HAS_TS | SLO_HAS_STATUS | SLO_HAS_LATENCY;
	ev.ts = 1764000000LL * SLO_NS_PER_SEC + 500000000; /* .5 s */
	ev.service = "checkout";
	ev.cohort = "alpha";
	ev.region = "eu-west-1";
	ev.version = "1.2.3";
	ev.route = "/api/pay";
	ev.status = 503;
	ev.latency_ms = 250.5;
	ev.ok = 0;
	ev.trace_id = "abc123";
	ev.subject = "user-1";
	ev.labels = test_labels;
	ev.nlabels = sizeof test_labels / sizeof test_labels[0];
	ev.flags = test_flags;
	ev.nflags = sizeof test_flags / sizeof test_flags[0];
	return ev;
}

static slo_expr *
parse_ok(const char *src)
{
	slo_error err;
	slo_expr *e = slo_expr_new(src, &err);

	if (e == NULL)
		fail_msg("parse of <%s> failed at %ld:%ld: %s", src, err.line,
		    err.col, err.msg);
	return e;
}

static int
ev_match(const char *src, const slo_event *ev)
{
	slo_expr *e = parse_ok(src);
	int r = slo_expr_match_event(e, ev);

	slo_expr_free(e);
	return r;
}

static int
req_match(const char *src)
{
	slo_event ev = request();

	return ev_match(src, &ev);
}

static int
json_match(const char *src, const char *json)
{
	json_error_t jerr;
	json_t *obj = json_loads(json, 0, &jerr);
	slo_expr *e;
	int r;

	if (obj == NULL)
		fail_msg("bad test json: %s", jerr.text);
	e = parse_ok(src);
	r = slo_expr_match_json(e, obj);
	slo_expr_free(e);
	json_decref(obj);
	return r;
}

#define YES(src) do { \
	if (!req_match(src)) fail_msg("expected true: %s", src); \
} while (0)
#define NO(src) do { \
	if (req_match(src)) fail_msg("expected false: %s", src); \
} while (0)

/* Parse must fail at line 1, column col, with msg as a prefix. */
static void
bad_at(const char *src, slo_status st, long line, long col, const char *msg)
{
	slo_error err;
	slo_expr *e = slo_expr_new(src, &err);

	if (e != NULL) {
		slo_expr_free(e);
		fail_msg("parse of <%s> should fail", src);
	}
	if (err.status != st || err.line != line || err.col != col ||
	    strncmp(err.msg, msg, strlen(msg)) != 0)
		fail_msg("<%s>: got %d %ld:%ld '%s', want %d %ld:%ld '%s'", src,
		    err.status, err.line, err.col, err.msg, st, line, col, msg);
}

static void
bad(const char *src, long col, const char *msg)
{
	bad_at(src, SLO_ESYNTAX, 1, col, msg);
}

static void
test_precedence(void **state)
{
	const char *j = "{\"a\": true, \"b\": false, \"c\": false,"
	    " \"x\": \"x\", \"y\": \"y\"}";

	(void)state;
	/* && binds tighter than ||: a || (b && c), not (a || b) && c */
	assert_true(json_match("a || b && c", j));
	assert_false(json_match("(a || b) && c", j));
	assert_true(json_match("c && b || a", j));
	assert_false(json_match("c && (b || a)", j));
	/*
	 * '!' straight before a comparison is refused as ambiguous: users
	 * write "!status == 500" meaning !(status == 500).  With parentheses
	 * either reading is allowed: (!x) == y is false == "y", a mismatch.
	 */
	bad("!x == y", 1, "'!' before a comparison");
	bad("a && !!x == true", 6, "'!' before a comparison");
	assert_false(json_match("(!x) == y", j));
	assert_true(json_match("!(x == y)", j));
	assert_true(json_match("(!x) == false", j));
	assert_true(json_match("(!!x) == true", j));
	assert_true(json_match("!b && !c", j));
	/* comparisons bind tighter than && and || */
	YES("status == 503 && service == \"checkout\"");
	YES("status == 200 || service == \"checkout\" && route == \"/api/pay\"");
	NO("(status == 200 || service == \"checkout\") && route == \"/x\"");
	/* blanks anywhere between tokens, none needed */
	YES("\tstatus\n==\r\n503 ");
	YES("status==503&&route!=\"/x\"");
}

/* Long chains are loops, not recursion: no stack growth with length. */
static void
test_long_chains(void **state)
{
	size_t n = 200000, len = 0;
	char *src = malloc(n * 24 + 32);
	slo_event ev = request();
	slo_expr *e;

	(void)state;
	assert_non_null(src);
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(src + len, "%sstatus == %zu",
		    i ? " || " : "", i);
	e = parse_ok(src);
	assert_true(slo_expr_match_event(e, &ev)); /* 503 is in there */
	ev.status = 999999;
	assert_false(slo_expr_match_event(e, &ev));
	slo_expr_free(e);
	len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(src + len, "%sstatus != %zu",
		    i ? " && " : "", i + 1000);
	e = parse_ok(src);
	ev.status = 5;
	assert_true(slo_expr_match_event(e, &ev));
	ev.status = 1000 + 199999;
	assert_false(slo_expr_match_event(e, &ev));
	slo_expr_free(e);
	free(src);
}

static void
test_numbers(void **state)
{
	(void)state;
	YES("status == 503");
	NO("status == 500");
	YES("status != 500");
	NO("status != 503");
	YES("status < 504");
	NO("status < 503");
	YES("status <= 503");
	NO("status <= 502");
	YES("status > 502");
	NO("status > 503");
	YES("status >= 503");
	NO("status >= 504");
	YES("latency_ms == 250.5");
	YES("latency_ms > 250.49 && latency_ms < 2.5051e2");
	/* literal forms of JSON */
	YES("-1 < 0");
	YES("-0 == 0");
	YES("1e3 == 1000");
	YES("1E+3 == 1000.0");
	YES("2.5e-1 == 0.25");
	YES("0.5 == 5e-1");
	/* beyond int64 and beyond 2^53: doubles, as in JSON */
	YES("123456789012345678901234567890 > 1.2e29");
	YES("9007199254740993 == 9007199254740992");
	YES("1e-400 == 0");
	bad_at("x == 1e400", SLO_ERANGE, 1, 6, "number out of range '1e400'");
	bad("x == 01", 6, "bad number '01'");
	bad("x == 1.", 6, "bad number '1.'");
	bad("x == 1e", 6, "bad number '1e'");
	bad("x == 1e+", 6, "bad number '1e+'");
	bad("x == -", 6, "bad number '-'");
	bad("x == -x", 6, "bad number '-x'");
	bad("x == 5m", 6, "bad number '5m'");
	bad("x == 1.2.3", 6, "bad number '1.2.3'");
	bad("x == .5", 6, "unexpected '.'");
	bad("x == +5", 6, "unexpected '+'");
}

static void
test_strings(void **state)
{
	(void)state;
	YES("service == \"checkout\"");
	YES("service == 'checkout'");
	NO("service == \"checkou\"");
	NO("service == \"checkoutt\"");
	YES("service != \"cart\"");
	NO("service != 'checkout'");
	/* bytewise: memcmp, then the shorter first */
	YES("service < \"d\" && service > \"cheb\"");
	YES("service > \"check\"");       /* a prefix is smaller */
	YES("service <= \"checkout\" && service >= \"checkout\"");
	NO("service < \"checkout\"");
	YES("\"B\" < \"a\"");             /* ASCII, no collation */
	YES("\"\xc3\xa9\" > \"z\"");      /* é is 0xC3 0xA9 > 0x7A */
	YES("\"\" < \"a\"");
	/* escapes of JSON, and \' */
	YES("\"\\u00e9\" == \"\xc3\xa9\"");
	YES("\"\\ud83d\\ude00\" == \"\xf0\x9f\x98\x80\"");
	YES("'it\\'s' == \"it's\"");
	YES("\"say \\\"hi\\\"\" == 'say \"hi\"'");
	YES("\"\\/\\\\\\b\\f\\n\\r\\t\" == \"/\\u005c\\u0008\\u000c\\u000a\\u000d\\u0009\"");
	/* an embedded NUL is part of the string */
	NO("\"a\\u0000b\" == \"a\"");
	YES("\"a\\u0000b\" > \"a\"");
	YES("\"a\\u0000b\" == \"a\\u0000b\"");
	bad("x == 'abc", 6, "unterminated string");
	bad("'abc", 1, "unterminated string");
	bad("x == \"ab\\", 6, "unterminated string");
	bad("x == \"a\\qb\"", 8, "bad escape '\\q'");
	bad("x == \"\\u12\"", 7, "bad '\\u' escape");
	bad("x == \"\\u12g4\"", 7, "bad '\\u' escape");
	bad("x == \"\\ud800\"", 7, "unpaired surrogate");
	bad("x == \"\\ud800\\u0041\"", 7, "unpaired surrogate");
	bad("x == \"\\udc00\"", 7, "unpaired surrogate");
	bad("x == \"a\tb\"", 8, "control character in string");
	bad("x == \"a\nb\"", 8, "control character in string");
}

static void
test_bools_and_null(void **state)
{
	const char *j = "{\"n\": null, \"one\": 1, \"t\": true, \"f\": false,"
	    " \"s\": \"\"}";

	(void)state;
	YES("ok == false");
	NO("ok == true");
	YES("ok != true");
	NO("ok < true");
	NO("ok <= false");  /* bools are not ordered */
	NO("ok > false");
	YES("true == true && false == false && true != false");
	assert_true(json_match("t == true && f == false", j));
	/* null equals only null */
	assert_true(json_match("n == null", j));
	assert_false(json_match("n != null", j));
	assert_true(json_match("one != null", j));
	assert_false(json_match("one == null", j));
	assert_true(json_match("s != null", j));
	assert_true(json_match("null == null", j));
	assert_false(json_match("n < null", j));
	assert_false(json_match("n <= null", j));
	assert_false(json_match("n >= 0", j));
	/* a missing field is not null */
	assert_false(json_match("nosuch == null", j));
	assert_false(json_match("nosuch != null", j));
	assert_true(json_match("n in [1, null]", j));
}

static void
test_type_mismatch(void **state)
{
	const char *j = "{\"one\": 1, \"s1\": \"1\", \"t\": true}";

	(void)state;
	NO("status == \"503\"");
	NO("status != \"503\"");
	NO("status < \"a\"");
	NO("status >= \"\"");
	NO("service > 1");
	NO("service != 1");
	NO("ok == 0");
	NO("ok != 0");
	NO("ok == \"false\"");
	NO("\"1\" == 1");
	assert_false(json_match("one == s1", j));
	assert_false(json_match("one != s1", j));
	assert_false(json_match("t == 1", j));
	assert_false(json_match("t != 1", j));
	assert_false(json_match("t ~ \"true\"", j));
	assert_false(json_match("one ~ \"1\"", j));
	assert_true(json_match("s1 ~ \"1\"", j));
}

static void
test_missing(void **state)
{
	slo_event ev = request();

	(void)state;
	ev.has = 0;
	ev.service = NULL;
	ev.kind = SLO_KIND_FLAG;
	/* every comparison with a missing side is false */
	assert_false(ev_match("status == 500", &ev));
	assert_false(ev_match("status != 500", &ev));
	assert_false(ev_match("status < 500", &ev));
	assert_false(ev_match("status <= 500", &ev));
	assert_false(ev_match("status > 500", &ev));
	assert_false(ev_match("status >= 500", &ev));
	assert_false(ev_match("status in [500, 503]", &ev));
	assert_false(ev_match("latency_ms >= 0", &ev));
	assert_false(ev_match("ts > 0", &ev));
	assert_false(ev_match("service ~ \".*\"", &ev));
	assert_false(ev_match("service == service", &ev));
	assert_false(ev_match("ok == false || ok == true", &ev));
	/* ... while '!' of such a comparison is true (documented) */
	assert_true(ev_match("!(status == 500)", &ev));
	assert_true(ev_match("!(status != 500)", &ev));
	assert_true(ev_match("!status", &ev));
	assert_false(ev_match("status", &ev));
	/* unknown names: no ev->json, so missing */
	assert_false(ev_match("nosuch == 1", &ev));
	assert_false(ev_match("nosuch != 1", &ev));
	assert_true(ev_match("!nosuch", &ev));
	/* a request always has ok; other kinds only when given */
	ev.kind = SLO_KIND_REQUEST;
	assert_true(ev_match("ok == false", &ev));
	ev.kind = SLO_KIND_DEPLOY;
	ev.has = SLO_HAS_OK;
	ev.ok = 1;
	assert_true(ev_match("ok == true", &ev));
	/* paths below a scalar or a label are missing, not errors */
	YES("!(service.x == \"checkout\")");
	NO("service.x == \"checkout\"");
	NO("labels.tenant.x == \"acme\"");
	NO("labels == \"acme\"");
	NO("flags != \"x\"");
	/* an out-of-range kind is missing */
	ev.kind = SLO_KIND__COUNT;
	assert_false(ev_match("kind != \"request\"", &ev));
}

static void
test_canonical_fields(void **state)
{
	slo_event ev = request();

	(void)state;
	YES("kind == \"request\"");
	YES("kind != \"flag\" && kind in [\"flag\", \"request\"]");
	YES("ts == 1764000000.5");
	YES("ts > 1764000000 && ts < 1764000001");
	/* a string compared with ts is a time: 1764000000.5 is
	 * 2025-11-24T16:00:00.5Z (python3 datetime.fromtimestamp, UTC) */
	YES("ts == \"2025-11-24T16:00:00.5Z\"");
	YES("ts >= \"2025-11-24T16:00:00Z\" && ts < '2025-11-24T16:00:01Z'");
	YES("\"2025-11-24T17:00:00+01:00\" < ts");
	NO("ts > \"2025-11-24T16:00:01Z\"");
	bad("ts > \"yesterday\"", 6, "'yesterday' is not an RFC 3339 time");
	YES("cohort == \"alpha\" && region == \"eu-west-1\"");
	YES("version == \"1.2.3\" && route == \"/api/pay\"");
	YES("trace_id == \"abc123\" && subject == \"user-1\"");
	YES("ok == false && !ok");
	/* ts before the epoch: -1.5 s */
	ev.ts = -1500000000LL;
	assert_true(ev_match("ts == -1.5", &ev));
	ev = request();
	ev.kind = SLO_KIND_FLAG;
	ev.flag = "new-checkout";
	ev.variant = "on";
	ev.segment = "internal";
	ev.reason = "targeting_match";
	ev.error = "none";
	assert_true(ev_match("kind == \"flag\" && flag == \"new-checkout\" &&"
	    " variant == \"on\" && segment == \"internal\" &&"
	    " reason == \"targeting_match\" && error == \"none\"", &ev));
	ev.kind = SLO_KIND_DEPLOY;
	ev.result = "rollback";
	assert_true(ev_match("kind == 'deploy' && result == 'rollback'", &ev));
	ev.kind = SLO_KIND_ALERT;
	ev.id = "A1";
	ev.source = "security";
	ev.severity = "critical";
	ev.state = "open";
	assert_true(ev_match("kind == 'alert' && id == 'A1' &&"
	    " source == 'security' && severity == 'critical' &&"
	    " state == 'open'", &ev));
	ev.kind = SLO_KIND_ROLLUP;
	assert_true(ev_match("kind == 'rollup'", &ev));
	/* other names come from ev->json when there is one */
	ev.json = json_pack("{s:{s:s}, s:s, s:i}", "custom", "x", "y",
	    "service", "from-json", "http.status", 7);
	assert_non_null(ev.json);
	assert_true(ev_match("custom.x == 'y'", &ev));
	assert_true(ev_match("http.status == 7", &ev));
	assert_false(ev_match("service == 'from-json'", &ev));
	assert_true(ev_match("service == 'checkout'", &ev));
	json_decref(ev.json);
}

static void
test_labels_flags(void **state)
{
	(void)state;
	YES("labels.tenant == \"acme\"");
	YES("labels['tenant'] == 'acme'");
	YES("labels[\"team-name\"] == \"payments\"");
	YES("labels.team-name == \"payments\"");
	YES("labels[ \"team-name\" ] == \"payments\"");
	YES("labels.empty == \"\" && !labels.empty");
	NO("labels.nosuch == \"acme\"");
	YES("labels.k8s.pod == \"web-1\"");
	YES("labels[\"k8s.pod\"] == \"web-1\"");
	YES("labels.k8s[\"pod\"] == \"web-1\"");
	NO("labels.k8s == \"web-1\"");
	NO("labels.nosuch != \"acme\"");
	YES("flags[\"new-checkout\"] == \"on\"");
	YES("flags.new-checkout == \"on\"");
	YES("flags.beta != \"on\" && flags.beta in [\"off\"]");
	NO("flags.nosuch == \"on\"");
	NO("flags.nosuch != \"on\"");
	bad("labels[tenant] == 1", 8, "expected a quoted field name in '[...]'");
	bad("labels[\"x\" == 1", 12, "expected ']'");
	bad("labels[\"a\\u0000b\"] == 1", 8, "field name contains a nul byte");
	bad("labels. == 1", 8, "expected a field name after '.'");
	bad("labels.", 8, "expected a field name after '.'");
}

static void
test_regex(void **state)
{
	(void)state;
	YES("route ~ \"^/api/\"");
	YES("route ~ 'pay$'");
	NO("route ~ \"^/x\"");
	YES("route ~ \"^/api/(pay|refund)$\"");
	YES("route ~ \"^/[a-z]+/[[:alpha:]]{3}$\"");
	YES("version ~ \"^1\\\\.2\\\\.\"");       /* the pattern ^1\.2\. */
	NO("version ~ \"^1\\\\.3\"");
	YES("!(route ~ \"^/x\")");
	YES("labels.team-name ~ \"^pay\"");
	NO("status ~ \"5\"");                     /* not a string */
	/* patterns that would make regcomp() take gigabytes are refused */
	bad_at("route ~ 'a+++++b'", SLO_ELIMIT, 1, 12, "bad regex: a quantifier right after another");
	bad_at("route ~ 'a{1000}'", SLO_ELIMIT, 1, 12, "bad regex: a repetition count over 255");
	bad_at("route ~ 'a*{2}'", SLO_ELIMIT, 1, 12, "bad regex: a quantifier right after");
	YES("route ~ \"^/api/[+*]+\" || route ~ 'a\\\\++' || route ~ '^/a[p]{1,3}i'");
	NO("nosuch ~ \".*\"");                    /* missing */
	YES("\"abc\" ~ \"b\"");
	bad("route ~ \"(a\"", 10, "bad regex: unmatched '('");
	bad("route ~ \"a{2,1}\"", 11, "bad regex: bad repetition {2,1}");
	bad("route ~ '['", 10, "bad regex: unterminated '['");
	bad("route ~ route", 9, "expected a quoted regex after '~'");
	bad("route ~", 8, "expected a quoted regex after '~'");
	bad("route ~ 'a\\u0000'", 11, "bad regex: contains a nul byte");
	bad("route =~ 'a'", 7, "unexpected '=~' (use '~')");
}

static void
test_in_lists(void **state)
{
	(void)state;
	YES("status in [500, 503]");
	YES("status in[503]");
	NO("status in [500]");
	YES("service in [\"cart\", 'checkout']");
	YES("status in [\"503\", true, null, 503]");
	NO("status in [\"503\", true, null]");
	YES("ok in [false]");
	YES("!(status in [500])");
	YES("-1 in [-1, 1e0]");
	bad("status in 5", 11, "expected '[' after 'in'");
	bad("status in", 10, "expected '[' after 'in'");
	bad("status in []", 12, "expected a literal in list");
	bad("status in [a]", 12, "expected a literal in list");
	bad("status in [1,]", 14, "expected a literal in list");
	bad("status in [1,", 14, "expected a literal in list");
	bad("status in [1 2]", 14, "expected ',' or ']' in list");
	bad("status in [1", 13, "expected ',' or ']' in list");
	bad("status in [(1)]", 12, "expected a literal in list");
}

static void
test_errors(void **state)
{
	slo_error err;
	char *path;

	(void)state;
	bad("", 1, "empty expression");
	bad("  \n ", 1, "empty expression");
	bad("(a", 3, "expected ')'");
	bad("((a) || b", 10, "expected ')'");
	bad("a ==", 5, "unexpected end of expression");
	bad("a && ", 6, "unexpected end of expression");
	bad("!", 2, "unexpected end of expression");
	bad("== 1", 1, "unexpected '=='");
	bad("a == == 1", 6, "unexpected '=='");
	bad("a == 1 b", 8, "unexpected 'b' after the expression");
	bad("a == 1 'x'", 8, "unexpected ''x'' after the expression");
	bad("a)", 2, "unexpected ')' (no matching '(')");
	bad("()", 2, "unexpected ')'");
	bad("x = 1", 3, "unexpected '=' (use '==')");
	bad("a & b", 3, "unexpected '&' (use '&&')");
	bad("a | b", 3, "unexpected '|' (use '||')");
	bad("a < b < c", 7, "unexpected '<' (comparisons do not chain)");
	bad("a == b in [1]", 8, "unexpected 'in' (comparisons do not chain)");
	bad("in == 1", 1, "unexpected 'in'");
	bad("a # b", 3, "unexpected '#'");
	bad("http.response [ 'status_code' ]", 15, "unexpected '['");
	bad("a == \x01", 6, "unexpected '\\x01'");
	bad("[1] == 1", 2, "expected a quoted field name in '[...]'");
	bad("a && || b", 6, "unexpected '||'");
	bad("!= 1", 1, "unexpected '!='");
	/* columns count characters; a newline starts line 2 */
	bad("\"\xc3\xa9\" == \xc3\xa9", 8, "unexpected '\xc3\xa9'");
	bad_at("a ==\n  (b", SLO_ESYNTAX, 2, 5, "expected ')'");
	bad_at("x == \"\xff\"", SLO_EUTF8, 1, 7, "invalid UTF-8");
	bad_at("x == \"\xc3\"", SLO_EUTF8, 1, 7, "invalid UTF-8");
	/* a path of 33 parts */
	path = malloc(33 * 2 + 8);
	assert_non_null(path);
	strcpy(path, "a");
	for (int i = 1; i < 33; i++)
		strcat(path, ".a");
	bad_at(path, SLO_ELIMIT, 1, 64, "field path too long");
	path[63] = '\0'; /* 32 parts */
	slo_expr_free(parse_ok(path));
	free(path);
	/* no err to fill, no source at all */
	assert_null(slo_expr_new("(", NULL));
	assert_null(slo_expr_new(NULL, &err));
	assert_int_equal(err.status, SLO_EINVAL);
	/* a long token is cut in the message */
	bad("a == 1 bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", 8,
	    "unexpected 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb...'");
}

static void
test_depth(void **state)
{
	size_t n = 1000000;
	char *src = malloc(2 * n + 2);
	slo_event ev = request();
	slo_expr *e;

	(void)state;
	assert_non_null(src);
	/* a million '(' is an error, not a stack overflow */
	memset(src, '(', n);
	src[n] = '\0';
	bad_at(src, SLO_ELIMIT, 1, 257, "nesting too deep (over 256 levels)");
	memset(src, '!', n);
	bad_at(src, SLO_ELIMIT, 1, 257, "nesting too deep (over 256 levels)");
	/* 256 levels parse and evaluate; 257 do not */
	memset(src, '(', 256);
	memcpy(src + 256, "status", 6);
	memset(src + 262, ')', 256);
	src[518] = '\0';
	e = parse_ok(src);
	assert_true(slo_expr_match_event(e, &ev));
	slo_expr_free(e);
	memset(src, '!', 256);
	memcpy(src + 256, "status", 7);
	e = parse_ok(src);
	assert_true(slo_expr_match_event(e, &ev)); /* an even number of '!' */
	slo_expr_free(e);
	memset(src, '!', 257);
	memcpy(src + 257, "status", 7);
	bad_at(src, SLO_ELIMIT, 1, 257, "nesting too deep");
	/* '(' and '!' count together */
	for (int i = 0; i < 257; i++)
		src[i] = i % 2 ? '!' : '(';
	strcpy(src + 257, "a");
	bad_at(src, SLO_ELIMIT, 1, 257, "nesting too deep");
	free(src);
}

static void
test_json_paths(void **state)
{
	const char *j = "{"
	    "\"http\": {\"response\": {\"status_code\": 200}},"
	    "\"url.path\": \"/x\","
	    "\"a\": {\"b.c\": {\"d\": 1}},"
	    "\"e.f\": {\"g\": 2},"
	    "\"k.x\": 1, \"k\": {\"x\": 2},"
	    "\"arr\": [1], \"o\": {}, \"n\": 3, \"r\": 2.5,"
	    "\"neg\": -4, \"t\": true, \"s\": \"str\","
	    "\"event\": {\"duration\": 1500000}"
	    "}";
	json_t *obj;
	slo_expr *e;
	slo_value v;

	(void)state;
	assert_true(json_match("http.response.status_code == 200", j));
	assert_true(json_match("http.response.status_code < 500", j));
	assert_true(json_match("url.path == \"/x\"", j));
	assert_true(json_match("a.b.c.d == 1", j));    /* nested, flat, nested */
	assert_true(json_match("e.f.g == 2", j));      /* flat, then nested */
	assert_true(json_match("k.x == 1", j));        /* longest key wins */
	assert_true(json_match("[\"url.path\"] == '/x'", j));
	assert_true(json_match("http[\"response\"].status_code == 200", j));
	assert_true(json_match("n == 3 && r == 2.5 && r > 2 && neg < -3.5", j));
	assert_true(json_match("t == true && s == \"str\"", j));
	assert_true(json_match("event.duration >= 1.5e6", j));
	/* objects and arrays are not values */
	assert_false(json_match("arr == null", j));
	assert_false(json_match("arr != null", j));
	assert_false(json_match("o", j));
	assert_true(json_match("!http", j));
	assert_false(json_match("http.response.status_code.x == 200", j));
	assert_false(json_match("http.nosuch == 200", j));
	assert_false(json_match("s.x == \"str\"", j));

	obj = json_loads(j, 0, NULL);
	assert_non_null(obj);
	e = parse_ok("http.response.status_code");
	v = slo_expr_value_json(e, obj);
	assert_int_equal(v.type, SLO_V_NUM);
	assert_true(v.num == 200);
	slo_expr_free(e);
	e = parse_ok("s");
	v = slo_expr_value_json(e, obj);
	assert_int_equal(v.type, SLO_V_STR);
	assert_int_equal(v.len, 3);
	assert_memory_equal(v.str, "str", 3);
	slo_expr_free(e);
	e = parse_ok("nosuch.x");
	v = slo_expr_value_json(e, obj);
	assert_int_equal(v.type, SLO_V_MISSING);
	/* no object at all, or not an object */
	assert_false(slo_expr_match_json(e, NULL));
	slo_expr_free(e);
	e = parse_ok("!nosuch");
	assert_true(slo_expr_match_json(e, NULL));
	slo_expr_free(e);
	json_decref(obj);
	obj = json_pack("[i]", 1);
	e = parse_ok("x == 1");
	assert_false(slo_expr_match_json(e, obj));
	slo_expr_free(e);
	json_decref(obj);
}

static void
test_values_and_paths(void **state)
{
	slo_event ev = request();
	slo_expr *e;
	slo_value v;

	(void)state;
	e = parse_ok("status");
	v = slo_expr_value_event(e, &ev);
	assert_int_equal(v.type, SLO_V_NUM);
	assert_true(v.num == 503);
	assert_string_equal(slo_expr_path(e), "status");
	assert_string_equal(slo_expr_source(e), "status");
	slo_expr_free(e);
	e = parse_ok("kind");
	v = slo_expr_value_event(e, &ev);
	assert_int_equal(v.type, SLO_V_STR);
	assert_int_equal(v.len, 7);
	assert_memory_equal(v.str, "request", 7);
	slo_expr_free(e);
	e = parse_ok("labels[\"team-name\"]");
	v = slo_expr_value_event(e, &ev);
	assert_int_equal(v.type, SLO_V_STR);
	assert_string_equal(v.str, "payments");
	assert_string_equal(slo_expr_path(e), "labels.team-name");
	slo_expr_free(e);
	e = parse_ok(" ( http.response[ 'status_code' ] ) ");
	assert_string_equal(slo_expr_path(e), "http.response.status_code");
	slo_expr_free(e);
	e = parse_ok("status == 503");
	assert_null(slo_expr_path(e));
	v = slo_expr_value_event(e, &ev);
	assert_int_equal(v.type, SLO_V_BOOL);
	assert_int_equal(v.b, 1);
	slo_expr_free(e);
	e = parse_ok("'lit\\n'");
	assert_null(slo_expr_path(e));
	v = slo_expr_value_event(e, &ev);
	assert_int_equal(v.type, SLO_V_STR);
	assert_int_equal(v.len, 4);
	assert_memory_equal(v.str, "lit\n", 4);
	slo_expr_free(e);
	e = parse_ok("null");
	v = slo_expr_value_event(e, &ev);
	assert_int_equal(v.type, SLO_V_NULL);
	slo_expr_free(e);
	e = parse_ok("status || nosuch");
	v = slo_expr_value_event(e, &ev);
	assert_int_equal(v.type, SLO_V_BOOL);
	assert_int_equal(v.b, 1);
	slo_expr_free(e);
	/* bare values by truthiness */
	YES("true");
	NO("false");
	NO("null");
	NO("0");
	YES("-0.5");
	NO("''");
	YES("'a'");
	YES("status");
	YES("route && latency_ms");
	NO("labels.empty");
	YES("labels.tenant");
}

static void
test_truthy(void **state)
{
	slo_value v;

	(void)state;
	memset(&v, 0, sizeof v);
	assert_false(slo_value_truthy(&v)); /* missing */
	v.type = SLO_V_NULL;
	assert_false(slo_value_truthy(&v));
	v.type = SLO_V_BOOL;
	v.b = 2;
	assert_true(slo_value_truthy(&v));
	v.b = 0;
	assert_false(slo_value_truthy(&v));
	v.type = SLO_V_NUM;
	v.num = 0.0;
	assert_false(slo_value_truthy(&v));
	v.num = -0.0;
	assert_false(slo_value_truthy(&v));
	v.num = 1e-300;
	assert_true(slo_value_truthy(&v));
	v.num = NAN;
	assert_false(slo_value_truthy(&v));
	v.type = SLO_V_STR;
	v.str = "";
	v.len = 0;
	assert_false(slo_value_truthy(&v));
	v.str = "\0";
	v.len = 1;
	assert_true(slo_value_truthy(&v));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_long_chains),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_bools_and_null),
		cmocka_unit_test(test_type_mismatch),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_canonical_fields),
		cmocka_unit_test(test_labels_flags),
		cmocka_unit_test(test_regex),
		cmocka_unit_test(test_in_lists),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_json_paths),
		cmocka_unit_test(test_values_and_paths),
		cmocka_unit_test(test_truthy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
