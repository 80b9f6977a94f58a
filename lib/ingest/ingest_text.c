/*
 * ingest_text.c — one line of a text access log (slo_textlog.h) into one
 * canonical request event, through the ingest engine's per-line arena.
 *
 * Several fields may give the same canonical one (Apache %D and %T, nginx
 * $request_time and $upstream_response_time, Envoy ROUTE_NAME and the
 * path): the most precise present one wins, whatever their order in the
 * format, and only the winner is read, so a line is rejected for a bad
 * value only when that value would have been used.  "-" and "" are absent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_int.h"
#include "slo_num.h"
#include "slo_textlog.h"

enum slot { S_TS, S_STATUS, S_LAT, S_ROUTE, S_SERVICE, S_TRACE, S__COUNT };

/* The slot of each role, and its rank there (higher wins). */
static const struct {
	signed char slot;
	signed char rank;
} role_slot[TL__COUNT] = {
	[TL_NONE] = { -1, 0 },
	[TL_TS_CLF] = { S_TS, 1 }, [TL_TS_HAPROXY] = { S_TS, 1 },
	[TL_TS_RFC3339] = { S_TS, 1 }, [TL_TS_EPOCH_S] = { S_TS, 1 },
	[TL_TS_EPOCH_MS] = { S_TS, 1 }, [TL_TS_EPOCH_US] = { S_TS, 1 },
	[TL_STATUS] = { S_STATUS, 1 }, [TL_STATUS_FINAL] = { S_STATUS, 2 },
	[TL_LAT_US] = { S_LAT, 5 }, [TL_LAT_MS] = { S_LAT, 4 },
	[TL_LAT_S] = { S_LAT, 3 }, [TL_LAT_S_LIST] = { S_LAT, 2 },
	[TL_LAT_HAPROXY] = { S_LAT, 1 }, [TL_LAT_ALB] = { S_LAT, 1 },
	[TL_ROUTE_NAME] = { S_ROUTE, 4 }, [TL_URI] = { S_ROUTE, 3 },
	[TL_PATH] = { S_ROUTE, 2 }, [TL_REQUEST] = { S_ROUTE, 1 },
	[TL_METHOD] = { -1, 0 },
	[TL_CLUSTER] = { S_SERVICE, 2 }, [TL_SERVICE] = { S_SERVICE, 1 },
	[TL_TG_ARN] = { S_SERVICE, 1 }, [TL_AUTHORITY] = { -1, 0 },
	[TL_TRACE_ID] = { S_TRACE, 3 }, [TL_TRACEPARENT] = { S_TRACE, 2 },
	[TL_XRAY] = { S_TRACE, 1 },
};

static int
absent(const slo_textlog_span *s)
{
	return s->n == 0 || (s->n == 1 && s->p[0] == '-');
}

/* ---- which field gives each canonical one ----------------------------- */

/*
 * Slot s's candidates are cand[start[s]..start[s + 1]), by rank, highest
 * first, then in the format's order (the first of equal ranks wins);
 * the authority fields follow, cand[start[S__COUNT]..start[S__COUNT + 1]).
 */
struct ing_text_plan {
	size_t start[S__COUNT + 2];
	size_t cand[];
};

struct ing_text_plan *
ing_text_plan_new(const slo_textlog *tl)
{
	size_t nf = slo_textlog_nfields(tl), k = 0;
	const slo_textlog_role *roles = slo_textlog_roles(tl);
	struct ing_text_plan *plan;

	if (nf > (SIZE_MAX - sizeof *plan) / sizeof plan->cand[0] / 2 ||
	    (plan = malloc(sizeof *plan + 2 * nf * sizeof plan->cand[0])) ==
	    NULL)
		return NULL;
	for (int sl = 0; sl < S__COUNT; sl++) {
		plan->start[sl] = k;
		for (int r = 127; r > 0; r--)
			for (size_t i = 0; i < nf; i++)
				if (role_slot[roles[i]].slot == sl &&
				    role_slot[roles[i]].rank == r)
					plan->cand[k++] = i;
	}
	plan->start[S__COUNT] = k;
	for (size_t i = 0; i < nf; i++)
		if (roles[i] == TL_AUTHORITY)
			plan->cand[k++] = i;
	plan->start[S__COUNT + 1] = k;
	return plan;
}

void
ing_text_plan_free(struct ing_text_plan *plan)
{
	free(plan);
}

/* Istio's unnamed routes are all "default": the path says more. */
static int
default_route(slo_textlog_role role, const slo_textlog_span *v)
{
	return role == TL_ROUTE_NAME && v->n == 7 &&
	    memcmp(v->p, "default", 7) == 0;
}

/*
 * The winner of each slot: win[s] when rank[s] > 0, the present field of
 * the highest rank, the first of equal ones.  *authority: the last
 * present authority field, or SIZE_MAX.  By the plan when there is one,
 * else by looking at every field.
 */
static void
pick(const struct ing_text_plan *plan, const slo_textlog_role *roles,
    size_t nf, const slo_textlog_span *spans, int rank[S__COUNT],
    size_t win[S__COUNT], size_t *authority)
{
	*authority = SIZE_MAX;
	if (plan != NULL) {
		for (int sl = 0; sl < S__COUNT; sl++) {
			rank[sl] = 0;
			for (size_t k = plan->start[sl]; k < plan->start[sl + 1];
			    k++) {
				size_t i = plan->cand[k];
				if (absent(&spans[i]) ||
				    default_route(roles[i], &spans[i]))
					continue;
				rank[sl] = role_slot[roles[i]].rank;
				win[sl] = i;
				break;
			}
		}
		for (size_t k = plan->start[S__COUNT];
		    k < plan->start[S__COUNT + 1]; k++)
			if (!absent(&spans[plan->cand[k]]))
				*authority = plan->cand[k];
		return;
	}
	for (int sl = 0; sl < S__COUNT; sl++)
		rank[sl] = 0;
	for (size_t i = 0; i < nf; i++) {
		slo_textlog_role role = roles[i];
		int sl = role_slot[role].slot;
		if (role == TL_AUTHORITY && !absent(&spans[i]))
			*authority = i;
		if (sl < 0 || absent(&spans[i]) ||
		    role_slot[role].rank <= rank[sl] ||
		    default_route(role, &spans[i]))
			continue;
		rank[sl] = role_slot[role].rank;
		win[sl] = i;
	}
}

/* ---- numbers and times ------------------------------------------------ */

/*
 * Decimal text s[0..n), "123" or "0.123", times scale (ns per unit, at
 * most one second) as nanoseconds, rounded half up; fraction digits past
 * the ninth are dropped.  No sign, no exponent: access logs write neither,
 * and a negative duration is an error.
 */
static slo_status
dec_ns(const char *s, size_t n, int64_t scale, slo_ns *out)
{
	int64_t whole = 0, frac = 0, pow10 = 1;
	size_t i = 0, nd = 0;

	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, nd++) {
		if (whole > (INT64_MAX - 9) / 10)
			return SLO_ERANGE;
		whole = whole * 10 + (s[i] - '0');
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, nd++) {
			if (pow10 < SLO_NS_PER_SEC) {
				frac = frac * 10 + (s[i] - '0');
				pow10 *= 10;
			}
		}
	}
	if (nd == 0 || i != n)
		return SLO_ESYNTAX;
	if (whole > INT64_MAX / scale)
		return SLO_ERANGE;
	/* frac < 1e9 and scale <= 1e9: the product fits */
	frac = (frac * scale * 2 / pow10 + 1) / 2;
	if (whole * scale > INT64_MAX - frac)
		return SLO_ERANGE;
	*out = whole * scale + frac;
	return SLO_OK;
}

static int
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * The common log format's time "10/Oct/2000:13:55:36 -0700" (nginx
 * $time_local, Apache %t with its brackets) and HAProxy's accept date
 * "06/Feb/2009:12:14:14.655" (a fraction, no offset: UTC).
 */
/*
 * The month (0..11) of its English abbreviation s[0..3), or -1.  The sums
 * of the second and third letters differ for the twelve names, from 199
 * (Feb) to 229 (Nov): they pick the one name to compare with.
 */
static int
month_of(const char *s)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	static const signed char by_sum[31] = {
	    /* 199 */ 1, 11, -1, -1, -1, -1, -1, -1, 0, -1,
	    /* 209 */ -1, -1, 2, -1, 8, -1, 9, -1, -1, 4,
	    /* 219 */ -1, 7, -1, -1, -1, -1, 6, 3, 5, -1,
	    /* 229 */ 10 };
	unsigned sum = (unsigned char)s[1] + (unsigned char)s[2];
	int m;

	if (sum < 199 || sum > 229 || (m = by_sum[sum - 199]) < 0 ||
	    memcmp(s, names + 3 * m, 3) != 0)
		return -1;
	return m;
}

/*
 * The common log format's time "10/Oct/2000:13:55:36 -0700" (nginx
 * $time_local, Apache %t with its brackets) and HAProxy's accept date
 * "06/Feb/2009:12:14:14.655" (a fraction, no offset: UTC).
 */
/*
 * The last "10/Oct/2000:13:55:36 -0700" clf_time() read on this thread
 * and its instant: a log's lines share their second many at a time, and
 * a compare is cheaper than the reading and range checks.
 */
static _Thread_local struct {
	int valid;
	slo_ns t;
	char text[26];
} last_clf;

static slo_status
clf_time(const char *s, size_t n, int haproxy, slo_ns *out)
{
	static const unsigned char mdays[12] = { 31, 28, 31, 30, 31, 30, 31,
	    31, 30, 31, 30, 31 };
	int d, c, yy, hh, mm, ss, m, oh, om;
	unsigned y;
	int64_t off = 0;
	slo_ns frac = 0;

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']')
		s++, n -= 2;
	if (!haproxy && n == 26 && last_clf.valid &&
	    memcmp(s, last_clf.text, 26) == 0) {
		*out = last_clf.t;
		return SLO_OK;
	}
	if (n < 20 || s[2] != '/' || s[6] != '/' || s[11] != ':' ||
	    s[14] != ':' || s[17] != ':' || (d = slo_two_digits(s)) < 0 ||
	    (c = slo_two_digits(s + 7)) < 0 || (yy = slo_two_digits(s + 9)) < 0 ||
	    (hh = slo_two_digits(s + 12)) < 0 || (mm = slo_two_digits(s + 15)) < 0 ||
	    (ss = slo_two_digits(s + 18)) < 0 || (m = month_of(s + 3)) < 0)
		return SLO_ESYNTAX;
	if (haproxy) {
		if (n > 20 && (s[20] != '.' ||
		    dec_ns(s + 20, n - 20, SLO_NS_PER_SEC, &frac) != SLO_OK))
			return SLO_ESYNTAX;
	} else {
		if (n != 26 || s[20] != ' ' || (s[21] != '+' && s[21] != '-') ||
		    (oh = slo_two_digits(s + 22)) < 0 || (om = slo_two_digits(s + 24)) < 0)
			return SLO_ESYNTAX;
		off = (int64_t)(oh * 60 + om) * 60;
		if (s[21] == '-')
			off = -off;
	}
	y = (unsigned)(c * 100 + yy);
	if (d < 1 || hh > 23 || mm > 59 || ss > 59 || y < 1678 || y > 2261)
		return SLO_ERANGE;
	/* the day against its month (Gregorian leap years) */
	if ((unsigned)d > mdays[m] + (unsigned)(m == 1 && y % 4 == 0 &&
	    (y % 100 != 0 || y % 400 == 0)))
		return SLO_ERANGE;
	*out = slo_days_from_civil(y, m + 1, d) * SLO_NS_PER_DAY +
	    ((int64_t)hh * 3600 + mm * 60 + ss - off) * SLO_NS_PER_SEC + frac;
	if (!haproxy) {
		memcpy(last_clf.text, s, 26);
		last_clf.t = *out;
		last_clf.valid = 1;
	}
	return SLO_OK;
}

/*
 * A local time of tz, read as if UTC, to its instant.  Offsets change at
 * most once in a day, so the offsets in force a day before and a day
 * after are the only candidates; one is right when the instant it gives
 * has it.  In a fall-back hour, which happens twice, both are: the larger
 * offset, the first instant.  In a spring-forward gap neither is: the
 * offset from before, which reads the time as if the clock had not moved
 * (02:30 in a gap from 02:00 to 03:00 is 03:30 of the new offset).
 */
static slo_ns
local_to_utc(const slo_tz *tz, slo_ns local)
{
	int64_t a = slo_tz_offset(tz, local - SLO_NS_PER_DAY);
	int64_t b = slo_tz_offset(tz, local + SLO_NS_PER_DAY);
	int64_t hi = a > b ? a : b, lo = a > b ? b : a;

	if (slo_tz_offset(tz, local - hi * SLO_NS_PER_SEC) == hi)
		return local - hi * SLO_NS_PER_SEC;
	if (slo_tz_offset(tz, local - lo * SLO_NS_PER_SEC) == lo)
		return local - lo * SLO_NS_PER_SEC;
	return local - a * SLO_NS_PER_SEC;
}

static slo_status
span_ts(const slo_textlog *tl, slo_textlog_role role,
    const slo_textlog_span *v, slo_ns *out)
{
	size_t errpos;
	slo_status st;

	switch (role) {
	case TL_TS_CLF: return clf_time(v->p, v->n, 0, out);
	case TL_TS_HAPROXY:
		st = clf_time(v->p, v->n, 1, out);
		if (st == SLO_OK && slo_textlog_tz(tl) != NULL)
			*out = local_to_utc(slo_textlog_tz(tl), *out);
		return st;
	case TL_TS_RFC3339: return slo_time_parse(v->p, v->n, out, &errpos);
	case TL_TS_EPOCH_S: return dec_ns(v->p, v->n, SLO_NS_PER_SEC, out);
	case TL_TS_EPOCH_MS: return dec_ns(v->p, v->n, SLO_NS_PER_MS, out);
	case TL_TS_EPOCH_US: return dec_ns(v->p, v->n, SLO_NS_PER_US, out);
	default: return SLO_EINVAL;
	}
}

/*
 * nginx $upstream_response_time: one time per upstream tried, "0.010,
 * 0.020" across servers and "0.010 : 0.020" across internal redirects,
 * "-" for one not reached.  The request waited for all of them: the sum.
 * *none is set when every one is "-".
 */
static slo_status
lat_list(const char *s, size_t n, slo_ns *out, int *none)
{
	size_t i = 0;
	slo_ns sum = 0, t;
	slo_status st;

	*none = 1;
	while (i < n) {
		size_t b, e;
		while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == ':'))
			i++;
		for (b = e = i; e < n && s[e] != ' ' && s[e] != ',' &&
		    s[e] != ':'; e++)
			;
		i = e;
		if (e == b || (e - b == 1 && s[b] == '-'))
			continue;
		if ((st = dec_ns(s + b, e - b, SLO_NS_PER_SEC, &t)) != SLO_OK)
			return st;
		if (sum > INT64_MAX - t)
			return SLO_ERANGE;
		sum += t;
		*none = 0;
	}
	*out = sum;
	return SLO_OK;
}

/* ---- strings ---------------------------------------------------------- */

static const char *
dup_span(slo_ingest *ing, const slo_textlog_span *v)
{
	return ing_strndup(ing, v->p, v->n);
}

/* The n-th (0-based) space-separated word of a request line. */
static slo_textlog_span
request_word(const slo_textlog_span *req, int n)
{
	const char *p = req->p, *end = req->p + req->n;
	slo_textlog_span w = { NULL, 0 };

	for (int k = 0; p < end; k++) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *we = sp != NULL ? sp : end;
		if (k == n) {
			w.p = p;
			w.n = (size_t)(we - p);
			return w;
		}
		if (sp == NULL)
			break;
		p = sp + 1;
	}
	return w;
}

/*
 * Istio names its clusters "outbound|PORT|SUBSET|HOST" and
 * "inbound|PORT|NAME|HOST": the service is HOST's first label.  Only an
 * outbound cluster's third part is a subset (v1, canary: a version); an
 * inbound one's is a port name ("http") in older Istio, never a version.
 * "inbound|9080||" names no host: the authority does.  Other clusters
 * are the service.
 */
slo_status
ing_istio_cluster(slo_ingest *ing, slo_event *ev, const char *cluster,
    const char *authority)
{
	const char *p[4], *host, *end;
	int n = 0, outbound = strncmp(cluster, "outbound|", 9) == 0;

	if (!outbound && strncmp(cluster, "inbound|", 8) != 0) {
		ev->service = cluster;
		return SLO_OK;
	}
	p[n++] = cluster;
	for (const char *c = cluster; *c && n < 4; c++)
		if (*c == '|')
			p[n++] = c + 1;
	if (n < 4)
		return SLO_OK;
	if (outbound && p[3] - p[2] > 1 &&
	    (ev->version = ing_strndup(ing, p[2],
	    (size_t)(p[3] - p[2] - 1))) == NULL)
		return SLO_ENOMEM;
	host = *p[3] != '\0' ? p[3] : authority;
	if (host == NULL || *host == '\0')
		return SLO_OK;
	end = host + strcspn(host, ".:");
	if (end > host &&
	    (ev->service = ing_strndup(ing, host, (size_t)(end - host))) ==
	    NULL)
		return SLO_ENOMEM;
	return SLO_OK;
}

/* "arn:aws:elasticloadbalancing:REGION:ACCOUNT:targetgroup/NAME/ID". */
static slo_status
target_group(slo_ingest *ing, slo_event *ev, const slo_textlog_span *v)
{
	const char *p = v->p, *end = v->p + v->n, *c[5], *tg, *slash;
	int k = 0;

	for (const char *q = p; q < end && k < 5; q++)
		if (*q == ':')
			c[k++] = q;
	if (k < 5)
		return SLO_OK;
	if (c[3] - c[2] > 1 && (ev->region = ing_strndup(ing, c[2] + 1,
	    (size_t)(c[3] - c[2] - 1))) == NULL)
		return SLO_ENOMEM;
	tg = c[4] + 1;
	if ((size_t)(end - tg) > 12 && memcmp(tg, "targetgroup/", 12) == 0) {
		tg += 12;
		slash = memchr(tg, '/', (size_t)(end - tg));
		if (slash == NULL)
			slash = end;
		if (slash > tg && (ev->service = ing_strndup(ing, tg,
		    (size_t)(slash - tg))) == NULL)
			return SLO_ENOMEM;
	}
	return SLO_OK;
}

/* "00-<32 hex trace id>-<16 hex span id>-<2 hex flags>" (W3C). */
static int
traceparent(const slo_textlog_span *v, slo_textlog_span *id)
{
	if (v->n < 55 || v->p[2] != '-' || v->p[35] != '-' || v->p[52] != '-')
		return 0;
	id->p = v->p + 3;
	id->n = 32;
	return 1;
}

/* X-Amzn-Trace-Id "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1". */
static int
xray_root(const slo_textlog_span *v, slo_textlog_span *id)
{
	const char *p = v->p, *end = v->p + v->n;

	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *e = semi != NULL ? semi : end;
		if (e - p > 5 && memcmp(p, "Root=", 5) == 0) {
			id->p = p + 5;
			id->n = (size_t)(e - p - 5);
			return 1;
		}
		p = e + 1;
	}
	return 0;
}

/* ---- one line --------------------------------------------------------- */

/* Reject the line for field i's value, at its column. */
static slo_status
bad_field(slo_error *err, const char *line, const slo_textlog_span *v,
    const slo_textlog *tl, size_t i, const char *what)
{
	ing_reject(err, "bad %s: '%.*s' in %s", what, v->n > 64 ? 64 :
	    (int)v->n, v->p, slo_textlog_field_name(tl, i));
	if (err != NULL)
		err->col = (long)(v->p - line) + 1;
	return SLO_EINVAL;
}

static slo_status
convert_latency(const slo_textlog *tl, slo_textlog_role role,
    const slo_textlog_span *spans, size_t win, const char *line,
    slo_event *ev, slo_error *err)
{
	const slo_textlog_span *v = &spans[win];
	slo_ns d = 0, t;
	int none = 0;

	switch (role) {
	case TL_LAT_US:
	case TL_LAT_MS:
	case TL_LAT_S:
		if (dec_ns(v->p, v->n, role == TL_LAT_US ? SLO_NS_PER_US :
		    role == TL_LAT_MS ? SLO_NS_PER_MS : SLO_NS_PER_SEC, &d) !=
		    SLO_OK)
			return bad_field(err, line, v, tl, win, "duration");
		break;
	case TL_LAT_S_LIST:
		if (lat_list(v->p, v->n, &d, &none) != SLO_OK)
			return bad_field(err, line, v, tl, win, "duration");
		break;
	case TL_LAT_HAPROXY: {
		/* "+" under option logasap: the time so far */
		slo_textlog_span u = *v;
		if (u.n > 0 && u.p[0] == '+')
			u.p++, u.n--;
		if (u.n == 2 && memcmp(u.p, "-1", 2) == 0)
			return SLO_OK; /* aborted before the end */
		if (dec_ns(u.p, u.n, SLO_NS_PER_MS, &d) != SLO_OK)
			return bad_field(err, line, v, tl, win, "duration");
		break;
	}
	case TL_LAT_ALB:
		/* request + target + response processing; any -1: unknown */
		for (size_t i = 0; i < slo_textlog_nfields(tl); i++) {
			if (slo_textlog_field_role(tl, i) != TL_LAT_ALB)
				continue;
			if (spans[i].n == 2 && memcmp(spans[i].p, "-1", 2) == 0)
				return SLO_OK;
			if (dec_ns(spans[i].p, spans[i].n, SLO_NS_PER_SEC, &t) !=
			    SLO_OK || d > INT64_MAX - t)
				return bad_field(err, line, &spans[i], tl, i,
				    "duration");
			d += t;
		}
		break;
	default:
		return SLO_OK;
	}
	if (!none) {
		ev->latency_ms = (double)d / 1e6;
		ev->has |= SLO_HAS_LATENCY;
	}
	return SLO_OK;
}

static slo_status
convert_route(slo_ingest *ing, slo_textlog_role role,
    const slo_textlog_span *v, slo_event *ev)
{
	slo_textlog_span path = *v;

	switch (role) {
	case TL_ROUTE_NAME:
	case TL_URI:
		return (ev->route = dup_span(ing, v)) != NULL ? SLO_OK :
		    SLO_ENOMEM;
	case TL_REQUEST:
		path = request_word(v, 1);
		if (path.n == 0)
			return SLO_OK; /* "-", or junk a scanner sent */
		/* FALLTHROUGH */
	case TL_PATH:
		return (ev->route = ing_url_path_n(ing, path.p, path.n)) !=
		    NULL ? SLO_OK : SLO_ENOMEM;
	default:
		return SLO_OK;
	}
}

static slo_status
convert_labels(slo_ingest *ing, const slo_textlog *tl,
    const slo_textlog_span *spans, slo_event *ev)
{
	const char *label, *val;
	slo_textlog_span method = { NULL, 0 };

	for (size_t i = 0; i < slo_textlog_nfields(tl); i++) {
		slo_textlog_role role = slo_textlog_field_role(tl, i);
		if (role == TL_METHOD && !absent(&spans[i]))
			method = spans[i];
		else if (role == TL_REQUEST && method.n == 0 &&
		    !absent(&spans[i]))
			method = request_word(&spans[i], 0);
		if ((label = slo_textlog_field_label(tl, i)) == NULL ||
		    absent(&spans[i]))
			continue;
		if ((val = dup_span(ing, &spans[i])) == NULL ||
		    ing_label(ing, ev, label, val) != SLO_OK)
			return SLO_ENOMEM;
	}
	if ((label = slo_textlog_method_label(tl)) != NULL && method.n > 0 &&
	    ((val = dup_span(ing, &method)) == NULL ||
	    ing_label(ing, ev, label, val) != SLO_OK))
		return SLO_ENOMEM;
	return SLO_OK;
}

slo_status
ing_text_apply(slo_ingest *ing, const slo_textlog *tl, const char *line,
    size_t n, slo_event **evp, slo_error *err)
{
	size_t nf = slo_textlog_nfields(tl), win[S__COUNT], bad, auth;
	const slo_textlog_role *roles = slo_textlog_roles(tl);
	int rank[S__COUNT];
	slo_textlog_span local[32], *spans, id;
	const char *authority = NULL, *cluster;
	slo_event *ev;
	slo_status st;

	if (evp != NULL)
		*evp = NULL;
	/* every string of the event must be, and one bad byte anywhere
	 * would move the columns of a reader that decodes */
	if (!slo_utf8_valid(line, n, &bad))
		return slo_error_set(err, SLO_EUTF8, "", 0, (long)bad + 1,
		    "invalid utf-8");
	/* the spans live only as long as this call: most formats' spans
	 * fit on the stack */
	if (nf <= sizeof local / sizeof local[0])
		spans = local;
	else if ((spans = ing_alloc(ing, nf * sizeof *spans)) == NULL)
		return ing_nomem(err);
	if ((st = slo_textlog_match(tl, line, n, spans, err)) != SLO_OK)
		return st;
	pick(ing_text_plan_of(ing, tl), roles, nf, spans, rank, win, &auth);
	if (rank[S_STATUS] == 0) {
		for (size_t i = 0; i < nf; i++) {
			slo_textlog_role r = slo_textlog_field_role(tl, i);
			if (r == TL_STATUS || r == TL_STATUS_FINAL) {
				ing_reject(err, "missing status: '%.*s' in %s",
				    (int)spans[i].n, spans[i].p,
				    slo_textlog_field_name(tl, i));
				if (err != NULL)
					err->col = (long)(spans[i].p - line) + 1;
				return SLO_EINVAL;
			}
		}
	}
	if ((ev = ing_event(ing, SLO_KIND_REQUEST)) == NULL)
		return ing_nomem(err);
	if (rank[S_TS] > 0) {
		size_t w = win[S_TS];
		if (span_ts(tl, roles[w], &spans[w],
		    &ev->ts) != SLO_OK)
			return bad_field(err, line, &spans[w], tl, w, "time");
		ev->has |= SLO_HAS_TS;
	}
	if (rank[S_STATUS] > 0) {
		size_t w = win[S_STATUS];
		/* HAProxy's -1: no response was sent, which slo-events(5)
		 * writes 0 (as Envoy does) */
		int none = spans[w].n == 2 && memcmp(spans[w].p, "-1", 2) == 0;
		if (!none && (spans[w].n > 3 || !digits(spans[w].p, spans[w].n)))
			return bad_field(err, line, &spans[w], tl, w, "status");
		ev->status = 0;
		for (size_t k = 0; !none && k < spans[w].n; k++)
			ev->status = ev->status * 10 + (spans[w].p[k] - '0');
		ev->has |= SLO_HAS_STATUS;
		/* 0: no response was sent (Envoy: reset, timeout) */
		if (ev->status == 0) {
			ev->ok = 0;
			ev->has |= SLO_HAS_OK;
		}
	}
	if (rank[S_LAT] > 0 && (st = convert_latency(tl, roles[win[S_LAT]],
	    spans, win[S_LAT], line, ev, err)) != SLO_OK)
		return st;
	if (rank[S_ROUTE] > 0 && convert_route(ing, roles[win[S_ROUTE]],
	    &spans[win[S_ROUTE]], ev) != SLO_OK)
		return ing_nomem(err);
	if (rank[S_SERVICE] > 0) {
		size_t w = win[S_SERVICE];
		switch (roles[w]) {
		case TL_CLUSTER:
			if (auth != SIZE_MAX &&
			    (authority = dup_span(ing, &spans[auth])) == NULL)
				return ing_nomem(err);
			if ((cluster = dup_span(ing, &spans[w])) == NULL ||
			    ing_istio_cluster(ing, ev, cluster, authority) !=
			    SLO_OK)
				return ing_nomem(err);
			break;
		case TL_TG_ARN:
			if (target_group(ing, ev, &spans[w]) != SLO_OK)
				return ing_nomem(err);
			break;
		default:
			if ((ev->service = dup_span(ing, &spans[w])) == NULL)
				return ing_nomem(err);
		}
	}
	if (rank[S_TRACE] > 0) {
		size_t w = win[S_TRACE];
		slo_textlog_role r = roles[w];
		id = spans[w];
		if ((r == TL_TRACE_ID ||
		    (r == TL_TRACEPARENT && traceparent(&spans[w], &id)) ||
		    (r == TL_XRAY && xray_root(&spans[w], &id))) &&
		    (ev->trace_id = dup_span(ing, &id)) == NULL)
			return ing_nomem(err);
	}
	if (slo_textlog_has_labels(tl) &&
	    convert_labels(ing, tl, spans, ev) != SLO_OK)
		return ing_nomem(err);
	if ((st = ing_event_done(ing, ev, NULL, err)) != SLO_OK)
		return st;
	if (evp != NULL)
		*evp = ev;
	return SLO_OK;
}
