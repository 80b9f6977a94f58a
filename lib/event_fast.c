/*
 * event_fast.c — a strict single-pass decoder for the fixed form that
 * slo_event_encode() writes (see the comment above it in lib/event.c).
 *
 * It accepts a subset of what the jansson path accepts and, on that
 * subset, must give the same event field for field: tests/unit/test_event.c
 * checks this differentially.  So it never reports anything: whatever is
 * not exactly the fixed form, or would be rejected, or is merely unusual,
 * returns 0 and the line goes to jansson, which gives the answer (and the
 * reason) for it.  In particular it bails on:
 *   - any whitespace, a key out of the fixed order, a repeated key, a
 *     member that is not a field of the event's kind (so an event decoded
 *     here never has unknown fields, and ev->json == NULL loses nothing);
 *   - kind "rollup" (read from ev->json) or an unknown kind;
 *   - null, a ts that does not parse, a status outside 0..999 or not in
 *     shortest form, a negative latency or one that needs a long mantissa;
 *   - escapes other than \" \\ \b \f \n \r \t and \u0001..\u001f in
 *     lower-case hex (the encoder's set);
 *   - more than 32 labels or flags, or a repeated label or flag key.
 * Strings are unescaped in place in a copy of the line owned by the
 * decoder, NUL-terminated where their closing quote was.
 */
#include <stdlib.h>
#include <string.h>

#include "event_int.h"

#define MAX_KV 32

/* Reads a string whose opening quote is before *pp; NULL to bail. */
static char *
str_in_place(char **pp, size_t *len)
{
	char *s = *pp, *r = s, *w;
	unsigned char c;

	for (;; r++) {
		c = (unsigned char)*r;
		if (c == '"') {
			*r = '\0';
			*pp = r + 1;
			*len = (size_t)(r - s);
			return s;
		}
		if (c == '\\' || c < 0x20) /* a raw control byte or the NUL */
			break;
	}
	w = r;
	for (;;) {
		c = (unsigned char)*r;
		if (c == '"')
			break;
		if (c < 0x20)
			return NULL;
		if (c != '\\') {
			*w++ = (char)c;
			r++;
			continue;
		}
		switch (r[1]) {
		case '"': *w++ = '"'; break;
		case '\\': *w++ = '\\'; break;
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'u': {
			int hi, lo;
			if (r[2] != '0' || r[3] != '0' || (r[4] != '0' && r[4] != '1'))
				return NULL;
			hi = r[4] - '0';
			if (r[5] >= '0' && r[5] <= '9')
				lo = r[5] - '0';
			else if (r[5] >= 'a' && r[5] <= 'f')
				lo = r[5] - 'a' + 10;
			else
				return NULL;
			if (hi == 0 && lo == 0) /* jansson refuses \u0000 */
				return NULL;
			*w++ = (char)(hi * 16 + lo);
			r += 6;
			continue;
		}
		default:
			return NULL;
		}
		r += 2;
	}
	*w = '\0';
	*pp = r + 1;
	*len = (size_t)(w - s);
	return s;
}

static const double pow10_exact[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/*
 * A non-negative JSON number, read as jansson does: no '.' and no exponent
 * is an integer (converted to double), else strtod.  Here an integer of up
 * to 18 digits, or a mantissa within 2^53 scaled by an exact power of ten
 * (one correctly rounded operation, so the same double strtod gives);
 * anything longer goes to strtod itself.  0 to bail.
 */
static int
number(char **pp, double *out)
{
	char *p = *pp, *start = p;
	uint64_t w = 0;
	int nd = 0, nfrac = 0, e = 0, esign = 1, real = 0, ne = 0;

	if (*p == '0')
		p++, nd = 1;
	else if (*p >= '1' && *p <= '9') {
		while (*p >= '0' && *p <= '9') {
			if (nd < 19)
				w = w * 10 + (uint64_t)(*p - '0');
			nd++;
			p++;
		}
	} else
		return 0;
	if (*p == '.') {
		real = 1;
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9') {
			if (nd < 19) {
				w = w * 10 + (uint64_t)(*p - '0');
				nfrac++;
			}
			nd++;
			p++;
		}
	}
	if (*p == 'e' || *p == 'E') {
		real = 1;
		p++;
		if (*p == '+' || *p == '-')
			esign = *p++ == '-' ? -1 : 1;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9') {
			if (e < 10000)
				e = e * 10 + (*p - '0');
			ne++;
			p++;
		}
	}
	if (*p != ',' && *p != '}')
		return 0;
	*pp = p;
	if (!real) {
		if (nd > 18)
			return 0;
		*out = (double)(long long)w;
		return 1;
	}
	if (nd <= 19 && w <= (1ULL << 53)) {
		int e10 = esign * e - nfrac;
		if (e10 >= 0 && e10 <= 22) {
			*out = (double)w * pow10_exact[e10];
			return 1;
		}
		if (e10 < 0 && e10 >= -22) {
			*out = (double)w / pow10_exact[-e10];
			return 1;
		}
	}
	/* The token ends at ',' or '}', where strtod stops too. */
	*out = strtod(start, NULL);
	return *out <= 1.7976931348623157e308; /* jansson refuses overflow */
}

static int
literal(char **pp, const char *lit, size_t n)
{
	if (strncmp(*pp, lit, n) != 0)
		return 0;
	*pp += n;
	return 1;
}

/* {"k":"v",...} into dec->kv from *used on; count to *count. */
static int
kv_object(slo_event_decoder *dec, char **pp, size_t *used, size_t *count)
{
	char *p = *pp;
	size_t start = *used, klen, vlen;

	if (*p++ != '{')
		return 0;
	if (*p == '}') {
		*pp = p + 1;
		*count = 0;
		return 1;
	}
	for (;;) {
		char *k, *v;
		if (*p++ != '"' || (k = str_in_place(&p, &klen)) == NULL ||
		    *p++ != ':' || *p++ != '"' ||
		    (v = str_in_place(&p, &vlen)) == NULL)
			return 0;
		if (*used - start == MAX_KV)
			return 0;
		for (size_t j = start; j < *used; j++)
			if (strcmp(dec->kv[j].key, k) == 0)
				return 0;
		dec->kv[*used].key = k;
		dec->kv[*used].val = v;
		(*used)++;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p++ != '}')
			return 0;
		break;
	}
	*pp = p;
	*count = *used - start;
	return 1;
}

int
slo_event_decode_fast(slo_event_decoder *dec, const char *line, size_t n,
    slo_event *ev)
{
	static const char head[] = "{\"kind\":\"";
	char *p, *kname;
	size_t len, used = 0, lcount = 0, fcount = 0, lstart = 0, fstart = 0;
	int kind, last = EF_KIND;
	uint32_t want;

	if (n < sizeof head + 2 || memcmp(line, head, sizeof head - 1) != 0 ||
	    line[n - 1] != '}')
		return 0;
	if (n + 1 > dec->bufcap) {
		size_t cap = dec->bufcap ? dec->bufcap : 1024;
		char *q;
		while (cap < n + 1)
			cap *= 2;
		if ((q = realloc(dec->buf, cap)) == NULL)
			return 0;
		dec->buf = q;
		dec->bufcap = cap;
	}
	/* Room for the most labels and flags we take, reserved up front. */
	if (!slo_event_kv_reserve(dec, 2 * MAX_KV))
		return 0;
	memcpy(dec->buf, line, n);
	dec->buf[n] = '\0';
	p = dec->buf + sizeof head - 1;
	if ((kname = str_in_place(&p, &len)) == NULL)
		return 0;
	switch (len) {
	case 4: kind = strcmp(kname, "flag") == 0 ? SLO_KIND_FLAG : -1; break;
	case 5: kind = strcmp(kname, "alert") == 0 ? SLO_KIND_ALERT : -1; break;
	case 6: kind = strcmp(kname, "deploy") == 0 ? SLO_KIND_DEPLOY : -1; break;
	case 7: kind = strcmp(kname, "request") == 0 ? SLO_KIND_REQUEST : -1;
		break;
	case 8: kind = strcmp(kname, "incident") == 0 ? SLO_KIND_INCIDENT : -1;
		break;
	default: kind = -1;
	}
	if (kind < 0)
		return 0;
	memset(ev, 0, sizeof *ev);
	ev->kind = (slo_kind)kind;
	want = slo_kind_fields[kind];
	while (*p == ',') {
		char *key, *s;
		int f;

		if (*++p != '"')
			return 0;
		key = ++p;
		/* Field names are [a-z]+ or [a-z]+_[a-z]+. */
		while (*p >= 'a' && *p <= 'z')
			p++;
		if (*p == '_')
			for (p++; *p >= 'a' && *p <= 'z'; p++)
				;
		if (p[0] != '"' || p[1] != ':')
			return 0;
		f = slo_field_id(key, (size_t)(p - key));
		if (f <= last || !(want & (1u << f)))
			return 0; /* also f < 0: an unknown member */
		last = f;
		p += 2;
		if (slo_fields[f].type == 's') {
			if (*p++ != '"' || (s = str_in_place(&p, &len)) == NULL)
				return 0;
			*(const char **)((char *)ev + slo_fields[f].off) = s;
			continue;
		}
		switch (f) {
		case EF_TS:
			if (*p++ != '"' || (s = str_in_place(&p, &len)) == NULL ||
			    slo_time_parse(s, len, &ev->ts, NULL) != SLO_OK)
				return 0;
			ev->has |= SLO_HAS_TS;
			break;
		case EF_STATUS: {
			int v = 0, nd = 0;
			if (*p == '0')
				p++, nd = 1;
			else
				while (*p >= '0' && *p <= '9' && nd < 4) {
					v = v * 10 + (*p++ - '0');
					nd++;
				}
			if (nd == 0 || v > 999 || (*p != ',' && *p != '}'))
				return 0;
			ev->status = v;
			ev->has |= SLO_HAS_STATUS;
			break;
		}
		case EF_LATENCY:
			if (!number(&p, &ev->latency_ms))
				return 0;
			ev->latency_ms += 0.0;
			ev->has |= SLO_HAS_LATENCY;
			break;
		case EF_OK:
			if (literal(&p, "true", 4))
				ev->ok = 1;
			else if (literal(&p, "false", 5))
				ev->ok = 0;
			else
				return 0;
			ev->has |= SLO_HAS_OK;
			break;
		case EF_LABELS:
			lstart = used;
			if (!kv_object(dec, &p, &used, &lcount))
				return 0;
			break;
		case EF_FLAGS:
			fstart = used;
			if (!kv_object(dec, &p, &used, &fcount))
				return 0;
			break;
		default:
			return 0;
		}
	}
	if (*p != '}' || p != dec->buf + n - 1)
		return 0;
	slo_event_finish(dec, ev, lstart, lcount, fstart, fcount);
	/* The previous jansson object is no longer anyone's. */
	json_decref(dec->root);
	dec->root = NULL;
	ev->json = NULL;
	return 1;
}
