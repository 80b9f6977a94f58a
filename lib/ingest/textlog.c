/*
 * textlog.c — format strings of text access logs compiled into programs
 * of literals and fields, and the one-pass matcher (slo_textlog.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "slo_textlog.h"

enum { IT_LIT, IT_FIELD };

/*
 * How the matcher reads an item, decided once by finish(): a literal, or
 * a field that has a fixed width, ends the line, ends at a one-byte or a
 * longer literal, or is quoted.
 */
enum { HOW_LIT, HOW_FIXED, HOW_LAST, HOW_TO_BYTE, HOW_TO_LIT, HOW_QUOTED };

struct item {
	unsigned char kind;
	unsigned char how;
	unsigned char quoted; /* field: ends at the next unescaped '"' */
	unsigned short width; /* field: fixed width, 0 = delimited */
	size_t off, len;      /* literal: its bytes in tl->lits */
	size_t field;         /* field: its index */
};

struct field {
	slo_textlog_role role;
	char *name;
	char *label;
};

struct slo_textlog {
	struct item *items;
	size_t nitems, capitems;
	struct field *fields;
	size_t nfields, capfields;
	char *lits;
	size_t nlits, caplits;
	char *method_label;
	int syslog; /* skip a syslog header ending in "]: " (haproxy) */
	const slo_tz *tz; /* of times without an offset; NULL: UTC */
	int has_status;
	size_t nlabels;   /* fields with a label, and the method's */
	slo_textlog_role *roles; /* fields[i].role, for slo_textlog_roles() */
};

/* ---- building --------------------------------------------------------- */

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	void *q;
	size_t cap2;

	if (need <= *cap)
		return 0;
	cap2 = *cap ? 2 * *cap : 16;
	while (cap2 < need)
		cap2 *= 2;
	if ((q = realloc(*p, cap2 * size)) == NULL)
		return -1;
	*p = q;
	*cap = cap2;
	return 0;
}

/* Append literal bytes, joined to a literal just before. */
static slo_status
add_lit(slo_textlog *tl, const char *s, size_t n)
{
	struct item *it;

	if (n == 0)
		return SLO_OK;
	if (grow((void **)&tl->lits, &tl->caplits, tl->nlits + n, 1) != 0)
		return SLO_ENOMEM;
	memcpy(tl->lits + tl->nlits, s, n);
	if (tl->nitems > 0 && tl->items[tl->nitems - 1].kind == IT_LIT) {
		tl->items[tl->nitems - 1].len += n;
	} else {
		if (grow((void **)&tl->items, &tl->capitems, tl->nitems + 1,
		    sizeof *tl->items) != 0)
			return SLO_ENOMEM;
		it = &tl->items[tl->nitems++];
		memset(it, 0, sizeof *it);
		it->kind = IT_LIT;
		it->off = tl->nlits;
		it->len = n;
	}
	tl->nlits += n;
	return SLO_OK;
}

/*
 * Append a field named name (n bytes, as written) at 1-based column col of
 * the format.  A field right after a field is refused: nothing would tell
 * where the first ends.
 */
static slo_status
add_field(slo_textlog *tl, const char *name, size_t n, slo_textlog_role role,
    unsigned width, long col, slo_error *err)
{
	struct item *it;
	struct field *f;

	if (tl->nitems > 0 && tl->items[tl->nitems - 1].kind == IT_FIELD)
		return slo_error_set(err, SLO_ESYNTAX, "", 0, col,
		    "'%.*s' follows '%s' with no text between them", (int)n,
		    name, tl->fields[tl->items[tl->nitems - 1].field].name);
	if (grow((void **)&tl->items, &tl->capitems, tl->nitems + 1,
	    sizeof *tl->items) != 0 ||
	    grow((void **)&tl->fields, &tl->capfields, tl->nfields + 1,
	    sizeof *tl->fields) != 0)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	f = &tl->fields[tl->nfields];
	if ((f->name = strndup(name, n)) == NULL)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	f->role = role;
	f->label = NULL;
	it = &tl->items[tl->nitems++];
	memset(it, 0, sizeof *it);
	it->kind = IT_FIELD;
	it->width = (unsigned short)width;
	it->field = tl->nfields++;
	if (role == TL_STATUS || role == TL_STATUS_FINAL)
		tl->has_status = 1;
	return SLO_OK;
}

/*
 * After the last item: mark quoted fields, refuse a format without a
 * status (every line would count as good).
 */
static slo_status
finish(slo_textlog *tl, size_t fmtlen, slo_error *err)
{
	for (size_t i = 0; i < tl->nitems; i++) {
		struct item *it = &tl->items[i], *a, *b;
		if (it->kind != IT_FIELD || i == 0 || i + 1 == tl->nitems)
			continue;
		a = &tl->items[i - 1];
		b = &tl->items[i + 1];
		it->quoted = it->width == 0 && tl->lits[a->off + a->len - 1] ==
		    '"' && tl->lits[b->off] == '"';
	}
	for (size_t i = 0; i < tl->nitems; i++) {
		struct item *it = &tl->items[i];
		if (it->kind == IT_LIT)
			it->how = HOW_LIT;
		else if (it->width > 0)
			it->how = HOW_FIXED;
		else if (i + 1 == tl->nitems)
			it->how = HOW_LAST;
		else if (it->quoted)
			it->how = HOW_QUOTED;
		else
			it->how = tl->items[i + 1].len == 1 ? HOW_TO_BYTE :
			    HOW_TO_LIT;
	}
	if (tl->nfields == 0)
		return slo_error_set(err, SLO_ESYNTAX, "", 0, 1,
		    "no field in the format");
	if ((tl->roles = malloc(tl->nfields * sizeof *tl->roles)) == NULL)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	for (size_t i = 0; i < tl->nfields; i++)
		tl->roles[i] = tl->fields[i].role;
	if (!tl->has_status)
		return slo_error_set(err, SLO_ESYNTAX, "", 0, (long)fmtlen + 1,
		    "no status field in the format (every line would count "
		    "as good)");
	return SLO_OK;
}

static slo_textlog *
tl_new(slo_error *err)
{
	slo_textlog *tl = calloc(1, sizeof *tl);

	if (tl == NULL)
		slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	return tl;
}

void
slo_textlog_free(slo_textlog *tl)
{
	if (tl == NULL)
		return;
	for (size_t i = 0; i < tl->nfields; i++) {
		free(tl->fields[i].name);
		free(tl->fields[i].label);
	}
	free(tl->fields);
	free(tl->roles);
	free(tl->items);
	free(tl->lits);
	free(tl->method_label);
	free(tl);
}

/* ---- nginx: $var and ${var} ------------------------------------------- */

static const struct {
	const char *name;
	slo_textlog_role role;
	unsigned width;
} nginx_vars[] = {
	{ "time_local", TL_TS_CLF, 26 },
	{ "time_iso8601", TL_TS_RFC3339, 0 },
	{ "msec", TL_TS_EPOCH_S, 0 },
	{ "status", TL_STATUS, 0 },
	{ "request_time", TL_LAT_S, 0 },
	{ "upstream_response_time", TL_LAT_S_LIST, 0 },
	{ "request", TL_REQUEST, 0 },
	{ "request_uri", TL_PATH, 0 },
	{ "uri", TL_URI, 0 },
	{ "request_method", TL_METHOD, 0 },
	{ "http_traceparent", TL_TRACEPARENT, 0 },
	{ "otel_trace_id", TL_TRACE_ID, 0 },
};

static int
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static slo_status
compile_nginx(slo_textlog *tl, const char *s, size_t n, slo_error *err)
{
	size_t i = 0, lit = 0;

	while (i < n) {
		size_t start = i, b, e;
		char name[128];
		slo_textlog_role role = TL_NONE;
		unsigned width = 0;

		if (s[i] != '$') {
			i++;
			continue;
		}
		if (add_lit(tl, s + lit, i - lit) != SLO_OK)
			return slo_error_set(err, SLO_ENOMEM, "", 0, 0,
			    "out of memory");
		if (i + 1 < n && s[i + 1] == '{') {
			for (b = e = i + 2; e < n && is_word(s[e]); e++)
				;
			if (e == n || s[e] != '}' || e == b)
				return slo_error_set(err, SLO_ESYNTAX, "", 0,
				    (long)start + 1, "unterminated '${'");
			i = e + 1;
		} else {
			for (b = e = i + 1; e < n && is_word(s[e]); e++)
				;
			if (e == b)
				return slo_error_set(err, SLO_ESYNTAX, "", 0,
				    (long)start + 1, "'$' without a variable "
				    "name");
			i = e;
		}
		if (e - b + 2 > sizeof name)
			return slo_error_set(err, SLO_ESYNTAX, "", 0,
			    (long)start + 1, "variable name too long");
		name[0] = '$';
		memcpy(name + 1, s + b, e - b);
		name[e - b + 1] = '\0';
		for (size_t k = 0; k < sizeof nginx_vars / sizeof *nginx_vars;
		    k++)
			if (strcmp(name + 1, nginx_vars[k].name) == 0) {
				role = nginx_vars[k].role;
				width = nginx_vars[k].width;
			}
		if (add_field(tl, name, e - b + 1, role, width,
		    (long)start + 1, err) != SLO_OK)
			return err != NULL ? err->status : SLO_ESYNTAX;
		lit = i;
	}
	if (add_lit(tl, s + lit, n - lit) != SLO_OK)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	return SLO_OK;
}

/* ---- Apache: %h %>s %{Header}i %{ms}T ... ----------------------------- */

/*
 * The argument of a directive written as OPEN ... close at s[*i] (Apache
 * "%{arg}x", Envoy "%OP(arg)%"): *arg and *na are the text between, *i
 * moves past close.  A close missing is an error at the directive's
 * column (start is its 0-based offset), naming the opening.
 */
static slo_status
bracketed(const char *s, size_t n, size_t *i, char close, size_t start,
    const char *opening, const char **arg, size_t *na, slo_error *err)
{
	const char *end = memchr(s + *i, close, n - *i);

	if (end == NULL)
		return slo_error_set(err, SLO_ESYNTAX, "", 0, (long)start + 1,
		    "unterminated %s", opening);
	*arg = s + *i + 1;
	*na = (size_t)(end - *arg);
	*i = (size_t)(end - s) + 1;
	return SLO_OK;
}

static slo_textlog_role
apache_role(char c, const char *mod, size_t nmod, const char *arg,
    size_t narg, unsigned *width)
{
#define ARG(lit) (narg == sizeof(lit) - 1 && strncasecmp(arg, lit, narg) == 0)
	*width = 0;
	switch (c) {
	case 's':
		return memchr(mod, '>', nmod) != NULL ? TL_STATUS_FINAL :
		    TL_STATUS;
	case 't':
		if (arg == NULL) {
			*width = 28; /* "[10/Oct/2000:13:55:36 -0700]" */
			return TL_TS_CLF;
		}
		if (narg > 6 && strncmp(arg, "begin:", 6) == 0)
			arg += 6, narg -= 6;
		else if (narg > 4 && strncmp(arg, "end:", 4) == 0)
			arg += 4, narg -= 4;
		if (ARG("sec"))
			return TL_TS_EPOCH_S;
		if (ARG("msec"))
			return TL_TS_EPOCH_MS;
		if (ARG("usec"))
			return TL_TS_EPOCH_US;
		return TL_NONE; /* a strftime(3) format: not read */
	case 'T':
		if (arg == NULL || ARG("s"))
			return TL_LAT_S;
		if (ARG("ms"))
			return TL_LAT_MS;
		if (ARG("us"))
			return TL_LAT_US;
		return TL_NONE;
	case 'D': return TL_LAT_US;
	case 'r': return TL_REQUEST;
	case 'U': return TL_URI;
	case 'm': return TL_METHOD;
	case 'i': return arg != NULL && ARG("traceparent") ? TL_TRACEPARENT :
	    TL_NONE;
	default: return TL_NONE;
	}
#undef ARG
}

static slo_status
compile_apache(slo_textlog *tl, const char *s, size_t n, slo_error *err)
{
	size_t i = 0;

	while (i < n) {
		size_t start = i, m, na = 0;
		const char *arg = NULL;
		unsigned width;
		slo_textlog_role role;
		char c;

		if (s[i] == '\\' && i + 1 < n) {
			/* an httpd.conf string's escapes */
			c = s[i + 1] == 't' ? '\t' : s[i + 1] == 'n' ? '\n' :
			    s[i + 1];
			if (add_lit(tl, &c, 1) != SLO_OK)
				goto nomem;
			i += 2;
			continue;
		}
		if (s[i] != '%') {
			if (add_lit(tl, s + i, 1) != SLO_OK)
				goto nomem;
			i++;
			continue;
		}
		if (i + 1 < n && s[i + 1] == '%') {
			if (add_lit(tl, "%", 1) != SLO_OK)
				goto nomem;
			i += 2;
			continue;
		}
		/* modifiers: < > and a status list such as !200,304 */
		for (m = i + 1; m < n && strchr("<>!,0123456789", s[m]) != NULL;
		    m++)
			;
		i = m;
		if (i < n && s[i] == '{' &&
		    bracketed(s, n, &i, '}', start, "'%{'", &arg, &na, err) != SLO_OK)
			return err->status;
		if (i == n || !((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z')))
			return slo_error_set(err, SLO_ESYNTAX, "", 0,
			    (long)start + 1, "'%%' without a directive letter");
		role = apache_role(s[i], s + start + 1, m - start - 1, arg, na,
		    &width);
		i++;
		/* "%U%q", the path then "?query" or nothing: one request
		 * target, which two adjacent fields could not be */
		if (role == TL_URI && n - i >= 2 && memcmp(s + i, "%q", 2) == 0) {
			role = TL_PATH;
			i += 2;
		}
		if (add_field(tl, s + start, i - start, role, width,
		    (long)start + 1, err) != SLO_OK)
			return err != NULL ? err->status : SLO_ESYNTAX;
	}
	return SLO_OK;
nomem:
	return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
}

/* ---- Envoy: %OPERATOR%, %REQ(X?Y):N%, %START_TIME(fmt)% --------------- */

/* The first header of "X?Y" (Envoy's "X, else Y") is the one to read. */
static int
header_is(const char *arg, size_t narg, const char *h)
{
	size_t k = strlen(h);
	return narg >= k && strncasecmp(arg, h, k) == 0 &&
	    (narg == k || arg[k] == '?');
}

static slo_textlog_role
envoy_role(const char *op, size_t nop, const char *arg, size_t narg)
{
#define OP(lit) (nop == sizeof(lit) - 1 && memcmp(op, lit, nop) == 0)
	if (OP("START_TIME"))
		return arg != NULL && narg == 2 && memcmp(arg, "%s", 2) == 0 ?
		    TL_TS_EPOCH_S : TL_TS_RFC3339;
	if (OP("RESPONSE_CODE"))
		return TL_STATUS;
	if (OP("DURATION"))
		return TL_LAT_MS;
	if (OP("ROUTE_NAME"))
		return TL_ROUTE_NAME;
	if (OP("UPSTREAM_CLUSTER"))
		return TL_CLUSTER;
	if (OP("TRACE_ID"))
		return TL_TRACE_ID;
	if ((OP("REQ") || OP("REQ_WITHOUT_QUERY")) && arg != NULL) {
		if (header_is(arg, narg, ":METHOD"))
			return TL_METHOD;
		if (header_is(arg, narg, ":PATH") ||
		    header_is(arg, narg, "X-ENVOY-ORIGINAL-PATH"))
			return TL_PATH;
		if (header_is(arg, narg, ":AUTHORITY"))
			return TL_AUTHORITY;
		if (header_is(arg, narg, "TRACEPARENT"))
			return TL_TRACEPARENT;
	}
	return TL_NONE;
#undef OP
}

static slo_status
compile_envoy(slo_textlog *tl, const char *s, size_t n, slo_error *err)
{
	size_t i = 0, lit = 0;

	while (i < n) {
		size_t start = i, e, na = 0;
		const char *arg = NULL;

		if (s[i] != '%') {
			i++;
			continue;
		}
		if (add_lit(tl, s + lit, i - lit) != SLO_OK)
			return slo_error_set(err, SLO_ENOMEM, "", 0, 0,
			    "out of memory");
		for (e = i + 1; e < n && ((s[e] >= 'A' && s[e] <= 'Z') ||
		    (s[e] >= '0' && s[e] <= '9') || s[e] == '_'); e++)
			;
		if (e == i + 1)
			return slo_error_set(err, SLO_ESYNTAX, "", 0,
			    (long)start + 1, "'%%' without a command operator");
		i = e;
		if (i < n && s[i] == '(' &&
		    bracketed(s, n, &i, ')', start, "'('", &arg, &na, err) != SLO_OK)
			return err->status;
		if (i < n && s[i] == ':')
			for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
				;
		if (i == n || s[i] != '%')
			return slo_error_set(err, SLO_ESYNTAX, "", 0,
			    (long)start + 1, "unterminated '%%%.*s'",
			    (int)(e - start - 1), s + start + 1);
		i++;
		if (add_field(tl, s + start, i - start,
		    envoy_role(s + start + 1, e - start - 1, arg, na), 0,
		    (long)start + 1, err) != SLO_OK)
			return err != NULL ? err->status : SLO_ESYNTAX;
		lit = i;
	}
	if (add_lit(tl, s + lit, n - lit) != SLO_OK)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	return SLO_OK;
}

int
slo_textlog_syntax_from_name(const char *name)
{
	static const char *const names[SLO_TEXTLOG__COUNT] = {
		"nginx", "apache", "envoy" };

	for (int i = 0; i < SLO_TEXTLOG__COUNT; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

slo_textlog *
slo_textlog_compile(slo_textlog_syntax syntax, const char *fmt, size_t n,
    slo_error *err)
{
	slo_textlog *tl;
	slo_status st;

	/* lines come without their newline: so does the format */
	if (n >= 1 && fmt[n - 1] == '\n')
		n--;
	else if (n >= 2 && fmt[n - 2] == '\\' && fmt[n - 1] == 'n')
		n -= 2;
	if (n == 0) {
		slo_error_set(err, SLO_ESYNTAX, "", 0, 1, "empty format");
		return NULL;
	}
	if ((tl = tl_new(err)) == NULL)
		return NULL;
	switch (syntax) {
	case SLO_TEXTLOG_NGINX: st = compile_nginx(tl, fmt, n, err); break;
	case SLO_TEXTLOG_APACHE: st = compile_apache(tl, fmt, n, err); break;
	case SLO_TEXTLOG_ENVOY: st = compile_envoy(tl, fmt, n, err); break;
	default:
		st = slo_error_set(err, SLO_EINVAL, "", 0, 0, "no such syntax");
	}
	if (st == SLO_OK)
		st = finish(tl, n, err);
	if (st != SLO_OK) {
		slo_textlog_free(tl);
		return NULL;
	}
	return tl;
}

/* ---- presets ---------------------------------------------------------- */

/* https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format */
static const char nginx_combined[] =
    "$remote_addr - $remote_user [$time_local] \"$request\" $status "
    "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"";

/* https://httpd.apache.org/docs/2.4/logs.html#combined */
static const char apache_combined[] =
    "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"";

/* https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#default-format-string */
static const char envoy_default[] =
    "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% "
    "%PROTOCOL%\" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% "
    "%BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "
    "\"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\" "
    "\"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\" \"%UPSTREAM_HOST%\"\n";

/* https://istio.io/latest/docs/tasks/observability/logs/access-log/ */
static const char istio_default[] =
    "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% "
    "%PROTOCOL%\" %RESPONSE_CODE% %RESPONSE_FLAGS% "
    "%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "
    "\"%UPSTREAM_TRANSPORT_FAILURE_REASON%\" %BYTES_RECEIVED% "
    "%BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "
    "\"%REQ(X-FORWARDED-FOR)%\" \"%REQ(USER-AGENT)%\" "
    "\"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\" \"%UPSTREAM_HOST%\" "
    "%UPSTREAM_CLUSTER% %UPSTREAM_LOCAL_ADDRESS% "
    "%DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% "
    "%REQUESTED_SERVER_NAME% %ROUTE_NAME%\n";

/* A fixed program: each step is a literal, then a field. */
struct step {
	const char *lit;
	const char *name;
	slo_textlog_role role;
};

/*
 * HAProxy "option httplog", configuration manual section 8.2.3
 * (https://docs.haproxy.org/2.8/configuration.html#8.2.3):
 * "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc
 * %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r".  The client is one field
 * (an IPv6 address holds ':'), and the captured headers, present only when
 * configured, one field up to the request's '"'.
 */
static const struct step haproxy_steps[] = {
	{ "", "%ci:%cp", TL_NONE }, { " [", "%tr", TL_TS_HAPROXY },
	{ "] ", "%ft", TL_NONE }, { " ", "%b", TL_SERVICE },
	{ "/", "%s", TL_NONE }, { " ", "%TR", TL_NONE },
	{ "/", "%Tw", TL_NONE }, { "/", "%Tc", TL_NONE },
	{ "/", "%Tr", TL_NONE }, { "/", "%Ta", TL_LAT_HAPROXY },
	{ " ", "%ST", TL_STATUS }, { " ", "%B", TL_NONE },
	{ " ", "%CC", TL_NONE }, { " ", "%CS", TL_NONE },
	{ " ", "%tsc", TL_NONE }, { " ", "%ac", TL_NONE },
	{ "/", "%fc", TL_NONE }, { "/", "%bc", TL_NONE },
	{ "/", "%sc", TL_NONE }, { "/", "%rc", TL_NONE },
	{ " ", "%sq", TL_NONE }, { "/", "%bq", TL_NONE },
	{ " ", "%hr %hs", TL_NONE }, { "\"", "%r", TL_REQUEST },
	{ "\"", NULL, TL_NONE },
};

/*
 * AWS Application Load Balancer access log entries
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html),
 * up to domain_name; the fields AWS has added after it since, and will
 * add, are one last field.
 */
static const struct step alb_steps[] = {
	{ "", "type", TL_NONE }, { " ", "time", TL_TS_RFC3339 },
	{ " ", "elb", TL_NONE }, { " ", "client:port", TL_NONE },
	{ " ", "target:port", TL_NONE },
	{ " ", "request_processing_time", TL_LAT_ALB },
	{ " ", "target_processing_time", TL_LAT_ALB },
	{ " ", "response_processing_time", TL_LAT_ALB },
	{ " ", "elb_status_code", TL_STATUS },
	{ " ", "target_status_code", TL_NONE },
	{ " ", "received_bytes", TL_NONE }, { " ", "sent_bytes", TL_NONE },
	{ " \"", "request", TL_REQUEST }, { "\" \"", "user_agent", TL_NONE },
	{ "\" ", "ssl_cipher", TL_NONE }, { " ", "ssl_protocol", TL_NONE },
	{ " ", "target_group_arn", TL_TG_ARN },
	{ " \"", "trace_id", TL_XRAY }, { "\" \"", "domain_name", TL_NONE },
	{ "\"", "rest", TL_NONE },
};

static slo_textlog *
from_steps(const struct step *st, size_t n, slo_error *err)
{
	slo_textlog *tl = tl_new(err);

	if (tl == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (add_lit(tl, st[i].lit, strlen(st[i].lit)) != SLO_OK) {
			slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
			goto fail;
		}
		if (st[i].name != NULL && add_field(tl, st[i].name,
		    strlen(st[i].name), st[i].role, 0, 0, err) != SLO_OK)
			goto fail;
	}
	if (finish(tl, 0, err) == SLO_OK)
		return tl;
fail:
	slo_textlog_free(tl);
	return NULL;
}

static const char *const preset_names[] = {
	"nginx", "apache", "envoy-text", "istio-text", "haproxy", "alb" };

int
slo_textlog_is_preset(const char *name)
{
	for (size_t i = 0; i < sizeof preset_names / sizeof *preset_names; i++)
		if (strcmp(name, preset_names[i]) == 0)
			return 1;
	return 0;
}

slo_textlog *
slo_textlog_preset(const char *name, slo_error *err)
{
	slo_textlog *tl;

	if (strcmp(name, "nginx") == 0)
		return slo_textlog_compile(SLO_TEXTLOG_NGINX, nginx_combined,
		    sizeof nginx_combined - 1, err);
	if (strcmp(name, "apache") == 0)
		return slo_textlog_compile(SLO_TEXTLOG_APACHE, apache_combined,
		    sizeof apache_combined - 1, err);
	if (strcmp(name, "envoy-text") == 0)
		return slo_textlog_compile(SLO_TEXTLOG_ENVOY, envoy_default,
		    sizeof envoy_default - 1, err);
	if (strcmp(name, "istio-text") == 0)
		return slo_textlog_compile(SLO_TEXTLOG_ENVOY, istio_default,
		    sizeof istio_default - 1, err);
	if (strcmp(name, "haproxy") == 0) {
		tl = from_steps(haproxy_steps, sizeof haproxy_steps /
		    sizeof *haproxy_steps, err);
		if (tl != NULL)
			tl->syslog = 1;
		return tl;
	}
	if (strcmp(name, "alb") == 0)
		return from_steps(alb_steps, sizeof alb_steps /
		    sizeof *alb_steps, err);
	slo_error_set(err, SLO_ENOTFOUND, "", 0, 0,
	    "no text preset '%s' (nginx, apache, envoy-text, istio-text, "
	    "haproxy, alb)", name);
	return NULL;
}

/* ---- labels ----------------------------------------------------------- */

/* "${host}" is "$host". */
static int
same_name(const char *written, const char *asked)
{
	size_t n;

	if (strcmp(written, asked) == 0)
		return 1;
	n = strlen(asked);
	return written[0] == '$' && n > 3 && asked[0] == '$' &&
	    asked[1] == '{' && asked[n - 1] == '}' &&
	    strlen(written + 1) == n - 3 &&
	    memcmp(written + 1, asked + 2, n - 3) == 0;
}

slo_status
slo_textlog_label(slo_textlog *tl, const char *field, const char *label,
    slo_error *err)
{
	char **slot = NULL;
	char *copy;

	if (label == NULL || *label == '\0')
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "empty label for '%s'", field);
	if (strcmp(field, "method") == 0)
		slot = &tl->method_label;
	for (size_t i = 0; slot == NULL && i < tl->nfields; i++)
		if (same_name(tl->fields[i].name, field))
			slot = &tl->fields[i].label;
	if (slot == NULL)
		return slo_error_set(err, SLO_ENOTFOUND, "", 0, 0,
		    "no field '%s' in the format", field);
	if ((copy = strdup(label)) == NULL)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	tl->nlabels += *slot == NULL;
	free(*slot);
	*slot = copy;
	return SLO_OK;
}

void
slo_textlog_set_tz(slo_textlog *tl, const slo_tz *tz)
{
	tl->tz = tz;
}

const slo_tz *
slo_textlog_tz(const slo_textlog *tl)
{
	return tl->tz;
}

size_t
slo_textlog_nfields(const slo_textlog *tl)
{
	return tl->nfields;
}

const char *
slo_textlog_field_name(const slo_textlog *tl, size_t i)
{
	return i < tl->nfields ? tl->fields[i].name : NULL;
}

slo_textlog_role
slo_textlog_field_role(const slo_textlog *tl, size_t i)
{
	return i < tl->nfields ? tl->fields[i].role : TL_NONE;
}

const slo_textlog_role *
slo_textlog_roles(const slo_textlog *tl)
{
	return tl->roles;
}

const char *
slo_textlog_field_label(const slo_textlog *tl, size_t i)
{
	return i < tl->nfields ? tl->fields[i].label : NULL;
}

const char *
slo_textlog_method_label(const slo_textlog *tl)
{
	return tl->method_label;
}

int
slo_textlog_has_labels(const slo_textlog *tl)
{
	return tl->nlabels > 0;
}

/* ---- matching --------------------------------------------------------- */

/*
 * The first c in s[0..n), or NULL.  Most fields end within a few bytes
 * (a status, a size, a quoted "-"): looked for here before memchr() is
 * called, which costs more than a short search.
 */
static const char *
find_byte(const char *s, size_t n, char c)
{
	size_t m = n < 16 ? n : 16;

	for (size_t j = 0; j < m; j++)
		if (s[j] == c)
			return s + j;
	return n > 16 ? memchr(s + 16, c, n - 16) : NULL;
}

/*
 * The first occurrence of lit (k > 0 bytes) in s[0..n), or NULL.  The
 * literals between fields are a byte or a few ("\" ", " ["): compared
 * in line, not through memcmp(), which costs more than they do.
 */
static const char *
find(const char *s, size_t n, const char *lit, size_t k)
{
	const char *end = s + n, *p = s;
	size_t j;

	if (k == 1)
		return find_byte(s, n, lit[0]);
	while ((size_t)(end - p) >= k &&
	    (p = memchr(p, lit[0], (size_t)(end - p) - k + 1)) != NULL) {
		for (j = 1; j < k && p[j] == lit[j]; j++)
			;
		if (j == k)
			return p;
		p++;
	}
	return NULL;
}

/*
 * Where a quoted field in s[0..n) ends: at the first '"' not escaped by a
 * backslash where the literal after the field (lit, k bytes, starting
 * with '"') appears whole, and when it is the format's last, ends the
 * line; *whole is then set.  Envoy does not escape a '"' inside a header:
 * a user agent holding one still matches.  When no quote fits, the first
 * unescaped one, for the mismatch to be reported where it is, and *whole
 * is 0; NULL when there is none.  At most k bytes compared per quote:
 * linear for a given format.  A quote is escaped when an odd run of
 * backslashes comes before it (each backslash escapes the next byte, from
 * the field's start), so quotes are found by memchr() and only the
 * bytes before each are looked at again.
 */
static const char *
close_quote(const char *s, size_t n, const char *lit, size_t k, int last,
    int *whole)
{
	const char *first = NULL, *end = s + n, *q, *b;
	size_t i, j;

	*whole = 0;
	for (q = s; q < end && (q = memchr(q, '"', (size_t)(end - q))) != NULL;
	    q++) {
		for (b = q; b > s && b[-1] == '\\'; b--)
			;
		if ((q - b) % 2 != 0)
			continue;
		if (first == NULL)
			first = q;
		i = (size_t)(q - s);
		for (j = 1; j < k && i + j < n && q[j] == lit[j]; j++)
			;
		if (j == k && (!last || n - i == k)) {
			*whole = 1;
			return q;
		}
	}
	return first;
}

static slo_status
mismatch(slo_error *err, size_t pos, const char *lit, size_t k,
    const char *after)
{
	if (k == 0)
		return slo_error_set(err, SLO_ESYNTAX, "", 0, (long)pos + 1,
		    "line does not match format: expected end of line after "
		    "'%s'", after);
	return slo_error_set(err, SLO_ESYNTAX, "", 0, (long)pos + 1,
	    "line does not match format: expected '%.*s'%s%s%s", (int)k, lit,
	    after != NULL ? " after '" : "", after != NULL ? after : "",
	    after != NULL ? "'" : "");
}

/*
 * HAProxy logs through syslog: "Feb  6 12:14:14 localhost haproxy[14389]: "
 * comes first when the log is a syslog file.  It ends in "]: " before the
 * " [" of the accept date.
 */
static size_t
syslog_header(const char *line, size_t n)
{
	const char *h = find(line, n, "]: ", 3), *d = find(line, n, " [", 2);

	if (h != NULL && (d == NULL || h < d))
		return (size_t)(h - line) + 3;
	return 0;
}

/*
 * The name of the last field among the first k items, for an error's
 * "after 'name'"; NULL when there is none.  Looked up only on a mismatch,
 * not tracked along every line.
 */
static const char *
field_before(const slo_textlog *tl, size_t k)
{
	while (k-- > 0)
		if (tl->items[k].kind != IT_LIT)
			return tl->fields[tl->items[k].field].name;
	return NULL;
}

/* The field from line[pos] to end into *sp; end's offset in the line. */
static inline size_t
take(slo_textlog_span *sp, const char *line, size_t pos, const char *end)
{
	sp->p = line + pos;
	sp->n = (size_t)(end - (line + pos));
	return (size_t)(end - line);
}

slo_status
slo_textlog_match(const slo_textlog *tl, const char *line, size_t n,
    slo_textlog_span *spans, slo_error *err)
{
	size_t pos = tl->syslog ? syslog_header(line, n) : 0;
	const char *after;
	/* in locals: the stores to spans[] may not alias them */
	const struct item *items = tl->items;
	const char *lits = tl->lits;
	size_t nitems = tl->nitems;

	for (size_t i = 0; i < nitems; i++) {
		const struct item *it = &items[i];
		const char *lit, *end;
		int whole;

		switch (it->how) {
		case HOW_LIT: {
			size_t j = 0;

			/* a byte or a few: no memcmp() call */
			lit = lits + it->off;
			if (n - pos >= it->len)
				for (; j < it->len && line[pos + j] == lit[j];
				    j++)
					;
			if (j != it->len)
				return mismatch(err, pos, lit, it->len,
				    field_before(tl, i));
			pos += it->len;
			continue;
		}
		case HOW_FIXED:
			if (n - pos < it->width)
				return slo_error_set(err, SLO_ESYNTAX, "", 0,
				    (long)n + 1, "line does not match format: "
				    "line ends inside '%s'",
				    tl->fields[it->field].name);
			end = line + pos + it->width;
			break;
		case HOW_LAST:
			end = line + n;
			break;
		case HOW_TO_BYTE:
		case HOW_TO_LIT:
			lit = lits + items[i + 1].off;
			end = it->how == HOW_TO_BYTE ?
			    find_byte(line + pos, n - pos, lit[0]) :
			    find(line + pos, n - pos, lit, items[i + 1].len);
			if (end == NULL)
				return mismatch(err, n, lit, items[i + 1].len,
				    tl->fields[it->field].name);
			/* find() saw the whole literal after the field: it
			 * is passed, not compared again */
			pos = take(&spans[it->field], line, pos, end) +
			    items[i + 1].len;
			i++;
			continue;
		default: /* HOW_QUOTED */
			lit = lits + items[i + 1].off;
			end = close_quote(line + pos, n - pos, lit,
			    items[i + 1].len, i + 2 == nitems, &whole);
			if (end == NULL)
				return mismatch(err, n, lit, 1,
				    tl->fields[it->field].name);
			if (whole) {
				/* the literal after it is there too */
				pos = take(&spans[it->field], line, pos, end) +
				    items[i + 1].len;
				i++;
				continue;
			}
		}
		pos = take(&spans[it->field], line, pos, end);
	}
	if (pos != n)
		return mismatch(err, pos, NULL, 0,
		    (after = field_before(tl, nitems)) != NULL ? after :
		    "the format");
	return SLO_OK;
}
