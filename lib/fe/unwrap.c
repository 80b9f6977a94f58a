/*
 * unwrap.c — Docker json-file and Kubernetes CRI wrappers taken off.
 * See slo_unwrap.h for the contract.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "jscan_int.h"
#include "slo_math.h"
#include "slo_num.h"
#include "slo_unwrap.h"

struct slo_unwrap {
	slo_unwrap_mode mode;
	slo_buf join;        /* the payload of partial entries so far */
	char time[64];       /* the first partial entry's time */
	size_t parts;        /* partial entries in join */
	slo_buf scan;        /* the scanner's copy of a Docker line */
	slo_buf scan_payload; /* and of a payload, for wants_ts() */
};

int
slo_unwrap_mode_from_name(const char *name)
{
	static const char *const names[] = { "none", "auto", "docker", "cri" };

	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

slo_unwrap *
slo_unwrap_new(slo_unwrap_mode mode)
{
	slo_unwrap *u = calloc(1, sizeof *u);

	if (u != NULL)
		u->mode = mode;
	return u;
}

void
slo_unwrap_free(slo_unwrap *u)
{
	if (u == NULL)
		return;
	slo_buf_release(&u->join);
	slo_buf_release(&u->scan);
	slo_buf_release(&u->scan_payload);
	free(u);
}

slo_unwrap_mode
slo_unwrap_mode_of(const slo_unwrap *u)
{
	return u->mode;
}

/* Whether s[0 .. n) is a time slo_time_parse() takes (RFC 3339). */
static int
is_time(const char *s, size_t n)
{
	slo_ns t;
	size_t pos;

	return n > 0 && slo_time_parse(s, n, &t, &pos) == SLO_OK;
}

/* A CRI line's parts; 0 when the line is not one. */
struct cri {
	const char *time, *payload;
	size_t time_len, payload_len;
	int partial;
};

static int
cri_split(const char *line, size_t n, struct cri *c)
{
	const char *sp1 = memchr(line, ' ', n), *p, *end = line + n;

	if (sp1 == NULL || !is_time(line, (size_t)(sp1 - line)))
		return 0;
	p = sp1 + 1;
	if ((size_t)(end - p) >= 7 && memcmp(p, "stdout ", 7) == 0)
		p += 7;
	else if ((size_t)(end - p) >= 7 && memcmp(p, "stderr ", 7) == 0)
		p += 7;
	else
		return 0;
	/* the tag: P or F, later versions may add ":..." tags after it */
	if (p >= end || (*p != 'P' && *p != 'F'))
		return 0;
	c->partial = *p == 'P';
	while (p < end && *p != ' ')
		p++;
	c->time = line;
	c->time_len = (size_t)(sp1 - line);
	c->payload = p < end ? p + 1 : end;
	c->payload_len = (size_t)(end - c->payload);
	return 1;
}

static int
has_log_key(const char *s, size_t n)
{
	for (size_t i = 0; i + 5 <= n; i++)
		if (s[i] == '"' && memcmp(s + i, "\"log\"", 5) == 0)
			return 1;
	return 0;
}

/*
 * A Docker json-file line read by the selective scanner (jscan_int.h),
 * without building a JSON tree: 1 with log and time pointing into
 * u->scan (valid until the next call), 0 when the line is JSON but no
 * wrapper, -1 when the scanner hands over and jansson must decide (bytes
 * that are not UTF-8, \u0000, a member value of log or time that is an
 * object or array, deep nesting, ...).  As json_object_get() gives the
 * last of repeated keys, so does this.
 */
static int
docker_scan(slo_unwrap *u, const char *line, size_t n, const char **log,
    size_t *log_len, const char **time)
{
	const char *l = NULL, *t = NULL;
	size_t ll = 0, tl = 0, klen;
	char *key;
	jscan s;
	jscan_val v;
	int r;

	if (!slo_utf8_valid(line, n, NULL) ||
	    slo_buf_reserve(&u->scan, n + 1 + JSCAN_PAD) != SLO_OK)
		return -1;
	memcpy(u->scan.data, line, n);
	memset(u->scan.data + n, 0, 1 + JSCAN_PAD);
	jscan_init(&s, u->scan.data, n);
	if (jscan_open(&s) != 1)
		return -1;
	while ((r = jscan_key(&s, &key, &klen)) == 1) {
		int is_log = klen == 3 && memcmp(key, "log", 3) == 0;
		int is_time = klen == 4 && memcmp(key, "time", 4) == 0;

		if (!is_log && !is_time) {
			if (jscan_skip(&s) != 1)
				return -1;
			continue;
		}
		if (jscan_value(&s, &v) != 1 || v.type == JSCAN_OBJECT ||
		    v.type == JSCAN_ARRAY)
			return -1;
		if (is_log) {
			l = v.type == JSCAN_STRING ? v.str : NULL;
			ll = v.len;
		} else {
			t = v.type == JSCAN_STRING ? v.str : NULL;
			tl = v.len;
		}
	}
	if (r != 0 || jscan_close(&s) != 1)
		return -1;
	if (l == NULL || t == NULL || !is_time(t, tl))
		return 0;
	*log = l;
	*log_len = ll;
	*time = t;
	return 1;
}

/* A Docker json-file line's parts, into *obj (the caller decrefs; NULL
 * when the scanner read it); 0 when the line is not one. */
static int
docker_split(slo_unwrap *u, const char *line, size_t n, json_t **obj,
    const char **log, size_t *log_len, const char **time)
{
	json_t *o, *l, *t;

	/* cheap refusal first: most lines of a plain log are no wrapper */
	if (n < 2 || line[0] != '{' || !has_log_key(line, n))
		return 0;
	*obj = NULL;
	switch (docker_scan(u, line, n, log, log_len, time)) {
	case 1:
		return 1;
	case 0:
		return 0;
	}
	if ((o = json_loadb(line, n, JSON_ALLOW_NUL, NULL)) == NULL)
		return 0;
	l = json_object_get(o, "log");
	t = json_object_get(o, "time");
	if (!json_is_object(o) || !json_is_string(l) || !json_is_string(t) ||
	    !is_time(json_string_value(t), json_string_length(t))) {
		json_decref(o);
		return 0;
	}
	*obj = o;
	*log = json_string_value(l);
	*log_len = json_string_length(l);
	*time = json_string_value(t);
	return 1;
}

/*
 * Whether payload p is a JSON object without a "ts" member: the scanner
 * reads its top-level keys into u->scan_payload (p may point into
 * u->scan), jansson decides when the scanner hands over.
 */
static int
wants_ts(slo_unwrap *u, const char *p, size_t n)
{
	json_t *o;
	char *key;
	size_t klen;
	jscan s;
	int want, r;

	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	if (n == 0 || *p != '{')
		return 0;
	if (slo_utf8_valid(p, n, NULL) &&
	    slo_buf_reserve(&u->scan_payload, n + 1 + JSCAN_PAD) == SLO_OK) {
		memcpy(u->scan_payload.data, p, n);
		memset(u->scan_payload.data + n, 0, 1 + JSCAN_PAD);
		jscan_init(&s, u->scan_payload.data, n);
		want = 1;
		if (jscan_open(&s) == 1) {
			while ((r = jscan_key(&s, &key, &klen)) == 1 &&
			    jscan_skip(&s) == 1)
				if (klen == 2 && memcmp(key, "ts", 2) == 0)
					want = 0;
			if (r == 0 && jscan_close(&s) == 1)
				return want;
		}
	}
	if ((o = json_loadb(p, n, 0, NULL)) == NULL)
		return 0;
	want = json_is_object(o) && json_object_get(o, "ts") == NULL;
	json_decref(o);
	return want;
}

/*
 * One record: the payload, with "ts" from the wrapper when it wants one,
 * on one line (a line break inside it, which a payload cannot hold
 * whole, becomes a space), then the lines it was joined from less one.
 */
static slo_status
put_record(slo_unwrap *u, slo_buf *out, const char *p, size_t n,
    const char *time, size_t parts)
{
	size_t start = out->len;
	slo_status st;

	if (time != NULL && wants_ts(u, p, n)) {
		const char *brace = memchr(p, '{', n);
		size_t rest = n - (size_t)(brace + 1 - p);
		const char *q = brace + 1;
		int empty = 1;

		for (size_t i = 0; i < rest && empty; i++)
			empty = q[i] == ' ' || q[i] == '\t' || q[i] == '}';
		if ((st = slo_buf_append(out, p, (size_t)(brace + 1 - p))) ||
		    (st = slo_buf_puts(out, "\"ts\":\"")) ||
		    (st = slo_buf_puts(out, time)) ||
		    (st = slo_buf_puts(out, empty ? "\"" : "\",")) ||
		    (st = slo_buf_append(out, q, rest)))
			return st;
	} else if ((st = slo_buf_append(out, p, n)) != SLO_OK)
		return st;
	for (size_t i = start; i < out->len; i++)
		if (out->data[i] == '\n' || out->data[i] == '\r')
			out->data[i] = ' ';
	for (size_t i = 0; i < (parts > 0 ? parts : 1); i++)
		if ((st = slo_buf_putc(out, '\n')) != SLO_OK)
			return st;
	return SLO_OK;
}

/* The payload of a whole entry, or the last of partial ones. */
static slo_status
put_entry(slo_unwrap *u, const char *p, size_t n, const char *time,
    int partial, slo_buf *out)
{
	slo_status st;

	if (partial) {
		if (u->parts == 0)
			slo_snprintf(u->time, sizeof u->time, "%s", time);
		u->parts++;
		return slo_buf_append(&u->join, p, n);
	}
	if (u->parts == 0)
		return put_record(u, out, p, n, time, 1);
	if ((st = slo_buf_append(&u->join, p, n)) != SLO_OK)
		return st;
	st = put_record(u, out, u->join.data, u->join.len, u->time,
	    u->parts + 1);
	u->join.len = 0;
	u->parts = 0;
	return st;
}

slo_status
slo_unwrap_finish(slo_unwrap *u, slo_buf *out)
{
	slo_status st;

	if (u->parts == 0)
		return SLO_OK;
	st = put_record(u, out, u->join.data, u->join.len, u->time, u->parts);
	u->join.len = 0;
	u->parts = 0;
	return st;
}

/* A line that is no wrapper: what was joined before it, then it. */
static slo_status
put_raw(slo_unwrap *u, const char *line, size_t n, int cr, slo_buf *out)
{
	slo_status st;

	if ((st = slo_unwrap_finish(u, out)) != SLO_OK ||
	    (st = slo_buf_append(out, line, n)) != SLO_OK)
		return st;
	return slo_buf_puts(out, cr ? "\r\n" : "\n");
}

slo_status
slo_unwrap_line(slo_unwrap *u, const char *line, size_t n, int cr,
    slo_buf *out)
{
	struct cri c;
	json_t *obj = NULL;
	const char *log, *time;
	size_t log_len;
	slo_status st;

	if (u->mode == SLO_UNWRAP_AUTO) {
		size_t i = 0;

		while (i < n && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == n) /* blank: not yet told */
			return put_raw(u, line, n, cr, out);
		if (cri_split(line, n, &c))
			u->mode = SLO_UNWRAP_CRI;
		else if (docker_split(u, line, n, &obj, &log, &log_len, &time)) {
			u->mode = SLO_UNWRAP_DOCKER;
			json_decref(obj);
			obj = NULL;
		} else
			u->mode = SLO_UNWRAP_NONE;
	}
	switch (u->mode) {
	case SLO_UNWRAP_CRI:
		if (!cri_split(line, n, &c))
			return put_raw(u, line, n, cr, out);
		{
			char t[64];

			slo_snprintf(t, sizeof t, "%.*s", (int)c.time_len, c.time);
			return put_entry(u, c.payload, c.payload_len, t,
			    c.partial, out);
		}
	case SLO_UNWRAP_DOCKER:
		if (!docker_split(u, line, n, &obj, &log, &log_len, &time))
			return put_raw(u, line, n, cr, out);
		{
			/* a whole line ends in "\n" (and maybe "\r\n") */
			int partial = log_len == 0 || log[log_len - 1] != '\n';

			if (!partial)
				log_len--;
			if (!partial && log_len > 0 && log[log_len - 1] == '\r')
				log_len--;
			st = put_entry(u, log, log_len, time, partial, out);
		}
		json_decref(obj);
		return st;
	default:
		return put_raw(u, line, n, cr, out);
	}
}
