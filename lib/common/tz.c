/*
 * tz.c — IANA time zones from TZif files (RFC 8536), versions 1 to 4.
 *
 * For v2+ files only the 64-bit block is used.  Instants after the last
 * transition follow the POSIX TZ string of the footer: Debian's files stop
 * their tables early (often at 2037, sometimes far sooner), so without the
 * footer every future date would keep the last offset seen.  Leap-second
 * records ("right/" zones) are ignored: slokit's instants are POSIX seconds.
 * Nothing here reads TZ or calls the libc time functions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_math.h"
#include "slo_num.h"

#define TZIF_MAX (1L << 20) /* real files are < 4 KiB */

/* One DST rule boundary of a POSIX TZ string. */
typedef struct tzrule {
	char kind; /* 'J' (1..365, no Feb 29), 'D' (0..365), 'M' */
	int day;   /* J/D day; M: weekday 0 = Sunday */
	int mon;   /* M: 1..12 */
	int week;  /* M: 1..5, 5 = last */
	int32_t secs; /* local time of day of the change, may be <0 or >24h */
} tzrule;

typedef struct posixtz {
	int valid;
	int has_dst;
	int32_t std_off; /* UTC offsets east, seconds */
	int32_t dst_off;
	tzrule start, end;
} posixtz;

struct slo_tz {
	char *name;
	int64_t *trans;   /* transition instants, seconds */
	unsigned char *idx; /* type index after each transition */
	size_t ntrans;
	int32_t *utoff;   /* per type */
	size_t ntypes;
	posixtz footer;
};

static const char *
zoneinfo_dir(void)
{
	const char *d = getenv("SLO_ZONEINFO");

	return d != NULL && d[0] != '\0' ? d : "/usr/share/zoneinfo";
}

static int64_t
be32(const unsigned char *p)
{
	return (int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)(uint32_t)be32(p) << 32 |
	    (uint32_t)be32(p + 4));
}

/* POSIX TZ string parsing (POSIX.1-2017 8.3, with RFC 8536 3.3.1's
 * extensions: hours up to 167, negative rule times). */

static int
posix_name(const char **sp)
{
	const char *s = *sp;

	if (*s == '<') {
		while (*s != '\0' && *s != '>')
			s++;
		if (*s != '>')
			return 0;
		*sp = s + 1;
		return 1;
	}
	while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
		s++;
	if (s - *sp < 3)
		return 0;
	*sp = s;
	return 1;
}

static int
posix_num(const char **sp, int lo, int hi, int *out)
{
	const char *s = *sp;
	int v = 0, nd = 0;

	while (*s >= '0' && *s <= '9' && nd < 4) {
		v = v * 10 + (*s++ - '0');
		nd++;
	}
	if (nd == 0 || v < lo || v > hi)
		return 0;
	*sp = s;
	*out = v;
	return 1;
}

/* [+-]hh[:mm[:ss]] with hh up to maxh; returns seconds. */
static int
posix_hms(const char **sp, int maxh, int32_t *out)
{
	const char *s = *sp;
	int sign = 1, h, m = 0, sec = 0;

	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	if (!posix_num(&s, 0, maxh, &h))
		return 0;
	if (*s == ':') {
		s++;
		if (!posix_num(&s, 0, 59, &m))
			return 0;
		if (*s == ':') {
			s++;
			if (!posix_num(&s, 0, 59, &sec))
				return 0;
		}
	}
	*sp = s;
	*out = sign * (h * 3600 + m * 60 + sec);
	return 1;
}

static int
posix_rule(const char **sp, tzrule *r)
{
	const char *s = *sp;

	if (*s == 'J') {
		s++;
		r->kind = 'J';
		if (!posix_num(&s, 1, 365, &r->day))
			return 0;
	} else if (*s == 'M') {
		s++;
		r->kind = 'M';
		if (!posix_num(&s, 1, 12, &r->mon) || *s++ != '.' ||
		    !posix_num(&s, 1, 5, &r->week) || *s++ != '.' ||
		    !posix_num(&s, 0, 6, &r->day))
			return 0;
	} else {
		r->kind = 'D';
		if (!posix_num(&s, 0, 365, &r->day))
			return 0;
	}
	r->secs = 2 * 3600;
	if (*s == '/') {
		s++;
		if (!posix_hms(&s, 167, &r->secs))
			return 0;
	}
	*sp = s;
	return 1;
}

/* s is NUL-terminated.  POSIX offsets count west; ours count east. */
static int
posix_parse(const char *s, posixtz *p)
{
	int32_t off;

	memset(p, 0, sizeof *p);
	if (!posix_name(&s) || !posix_hms(&s, 24, &off))
		return 0;
	p->std_off = -off;
	if (*s == '\0') {
		p->valid = 1;
		return 1;
	}
	if (!posix_name(&s))
		return 0;
	p->dst_off = p->std_off + 3600;
	if (*s != ',' && *s != '\0') {
		if (!posix_hms(&s, 24, &off))
			return 0;
		p->dst_off = -off;
	}
	if (*s == '\0') {
		/* No rule: POSIX leaves it to the implementation; the US
		 * rules are the customary default, but TZif footers always
		 * carry one, so refuse rather than guess. */
		return 0;
	}
	if (*s++ != ',' || !posix_rule(&s, &p->start) || *s++ != ',' ||
	    !posix_rule(&s, &p->end) || *s != '\0')
		return 0;
	p->has_dst = 1;
	p->valid = 1;
	return 1;
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Local seconds since the epoch at which rule r fires in year y. */
static int64_t
rule_local(const tzrule *r, int64_t y)
{
	int64_t days;

	switch (r->kind) {
	case 'J':
		days = slo_days_from_civil(y, 1, 1) + r->day - 1;
		if (is_leap(y) && r->day >= 60)
			days++;
		break;
	case 'D':
		days = slo_days_from_civil(y, 1, 1) + r->day;
		break;
	default: {
		/* Weekday of the 1st: 1970-01-01 was a Thursday (4). */
		int64_t first = slo_days_from_civil(y, (unsigned)r->mon, 1);
		int wd1 = (int)(((first % 7) + 7 + 4) % 7);
		int mday = 1 + (r->day - wd1 + 7) % 7 + (r->week - 1) * 7;
		static const int dim[12] =
		    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		int last = dim[r->mon - 1] + (r->mon == 2 && is_leap(y));

		while (mday > last)
			mday -= 7;
		days = first + mday - 1;
	}
	}
	return days * 86400 + r->secs;
}

static int32_t
posix_offset(const posixtz *p, int64_t t)
{
	int64_t y, start, end;
	unsigned m, d;
	int64_t local = t + p->std_off;

	if (!p->has_dst)
		return p->std_off;
	slo_civil_from_days(local >= 0 ? local / 86400 :
	    -((-local + 86399) / 86400), &y, &m, &d);
	(void)m;
	(void)d;
	/* The start fires in standard time, the end in daylight time. */
	start = rule_local(&p->start, y) - p->std_off;
	end = rule_local(&p->end, y) - p->dst_off;
	if (start < end)
		return t >= start && t < end ? p->dst_off : p->std_off;
	/* Southern hemisphere: DST spans the new year. */
	return t >= end && t < start ? p->std_off : p->dst_off;
}

static slo_tz *
tz_alloc(const char *name)
{
	slo_tz *tz = calloc(1, sizeof *tz);

	if (tz == NULL)
		return NULL;
	if ((tz->name = strdup(name)) == NULL) {
		free(tz);
		return NULL;
	}
	return tz;
}

void
slo_tz_free(slo_tz *tz)
{
	if (tz == NULL)
		return;
	free(tz->name);
	free(tz->trans);
	free(tz->idx);
	free(tz->utoff);
	free(tz);
}

/* Parses a TZif image; 0 on malformed data. */
static int
tzif_parse(slo_tz *tz, const unsigned char *p, size_t n)
{
	size_t cnt[6], tsz = 4, need, off = 0;
	int version;
	const unsigned char *h;

	for (int pass = 0;; pass++) {
		if (n - off < 44 || memcmp(p + off, "TZif", 4) != 0)
			return 0;
		h = p + off;
		version = h[4];
		for (int k = 0; k < 6; k++) {
			int64_t c = be32(h + 20 + 4 * k);
			if (c < 0 || c > 65536)
				return 0;
			cnt[k] = (size_t)c;
		}
		/* isutcnt isstdcnt leapcnt timecnt typecnt charcnt */
		need = cnt[3] * tsz + cnt[3] + cnt[4] * 6 + cnt[5] +
		    cnt[2] * (tsz + 4) + cnt[1] + cnt[0];
		off += 44;
		if (n - off < need)
			return 0;
		if (pass == 0 && version >= '2') {
			off += need;
			tsz = 8;
			continue;
		}
		break;
	}
	if (cnt[4] == 0 || cnt[4] > 256)
		return 0;
	tz->ntrans = cnt[3];
	tz->ntypes = cnt[4];
	tz->trans = malloc((tz->ntrans ? tz->ntrans : 1) * sizeof *tz->trans);
	tz->idx = malloc(tz->ntrans ? tz->ntrans : 1);
	tz->utoff = malloc(tz->ntypes * sizeof *tz->utoff);
	if (tz->trans == NULL || tz->idx == NULL || tz->utoff == NULL)
		return -1;
	h = p + off;
	for (size_t k = 0; k < tz->ntrans; k++) {
		tz->trans[k] = tsz == 8 ? be64(h + 8 * k) : be32(h + 4 * k);
		if (k > 0 && tz->trans[k] <= tz->trans[k - 1])
			return 0;
	}
	h += tz->ntrans * tsz;
	for (size_t k = 0; k < tz->ntrans; k++) {
		if (h[k] >= tz->ntypes)
			return 0;
		tz->idx[k] = h[k];
	}
	h += tz->ntrans;
	for (size_t k = 0; k < tz->ntypes; k++) {
		int64_t u = be32(h + 6 * k);
		if (u < -89999 || u > 93599) /* RFC 8536: -25:59:59..+25:59:59 */
			return 0;
		tz->utoff[k] = (int32_t)u;
	}
	off = (size_t)(h - p) + tz->ntypes * 6 + cnt[5] + cnt[2] * (tsz + 4) +
	    cnt[1] + cnt[0];
	if (tsz == 8 && off < n && p[off] == '\n') {
		const unsigned char *e = memchr(p + off + 1, '\n', n - off - 1);
		char foot[256];
		size_t flen;

		if (e == NULL)
			return 0;
		flen = (size_t)(e - (p + off + 1));
		if (flen >= sizeof foot)
			return 0;
		memcpy(foot, p + off + 1, flen);
		foot[flen] = '\0';
		/* An empty footer means "no rule": keep the last type. */
		if (flen > 0 && !posix_parse(foot, &tz->footer))
			return 0;
	}
	return 1;
}

/* Names are relative paths of plain characters, never escaping the dir. */
static int
name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 200 || name[0] == '/' || strstr(name, "..") != NULL)
		return 0;
	for (const char *s = name; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' ||
		    c == '+' || c == '.'))
			return 0;
	}
	return 1;
}

/*
 * Returns NULL with err set: SLO_EINVAL for an impossible name,
 * SLO_ENOTFOUND for no such zone, SLO_ESYNTAX for a corrupt file,
 * SLO_ENOMEM.
 */
slo_tz *
slo_tz_new(const char *name, slo_error *err)
{
	char path[1024];
	unsigned char *data = NULL;
	size_t n = 0, cap = 0;
	FILE *f;
	slo_tz *tz;
	int r;

	if (name == NULL || !name_ok(name)) {
		slo_error_set(err, SLO_EINVAL, "", 0, 0, "invalid time zone '%s'",
		    name ? name : "");
		return NULL;
	}
	if ((tz = tz_alloc(name)) == NULL) {
		slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		return NULL;
	}
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0) {
		tz->footer.valid = 1;
		return tz;
	}
	slo_snprintf(path, sizeof path, "%s/%s", zoneinfo_dir(), name);
	if ((f = fopen(path, "rb")) == NULL) {
		slo_error_set(err, SLO_ENOTFOUND, "", 0, 0,
		    "unknown time zone '%s'", name);
		slo_tz_free(tz);
		return NULL;
	}
	for (;;) {
		size_t got;
		if (n == cap) {
			unsigned char *q;
			if (cap >= (size_t)TZIF_MAX)
				break;
			cap = cap ? cap * 2 : 8192;
			if ((q = realloc(data, cap)) == NULL) {
				fclose(f);
				free(data);
				slo_tz_free(tz);
				slo_error_set(err, SLO_ENOMEM, "", 0, 0,
				    "out of memory");
				return NULL;
			}
			data = q;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		/* A directory ("Europe") opens but does not read. */
		fclose(f);
		free(data);
		slo_tz_free(tz);
		slo_error_set(err, SLO_ENOTFOUND, "", 0, 0,
		    "unknown time zone '%s'", name);
		return NULL;
	}
	fclose(f);
	r = tzif_parse(tz, data, n);
	free(data);
	if (r <= 0) {
		slo_tz_free(tz);
		if (r < 0)
			slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		else
			slo_error_set(err, SLO_ESYNTAX, "", 0, 0,
			    "time zone '%s': not a valid tzif file", name);
		return NULL;
	}
	return tz;
}

const char *
slo_tz_name(const slo_tz *tz)
{
	return tz->name;
}

static int64_t
floor_sec(slo_ns t)
{
	int64_t s = t / SLO_NS_PER_SEC;

	return t % SLO_NS_PER_SEC < 0 ? s - 1 : s;
}

static int32_t
offset_at(const slo_tz *tz, int64_t s)
{
	size_t lo, hi;

	if (tz->ntypes == 0) /* UTC without a file */
		return 0;
	if (tz->ntrans == 0)
		return tz->footer.valid ? posix_offset(&tz->footer, s) :
		    tz->utoff[0];
	if (s < tz->trans[0])
		return tz->utoff[0];
	if (s >= tz->trans[tz->ntrans - 1] && tz->footer.valid)
		return posix_offset(&tz->footer, s);
	lo = 0;
	hi = tz->ntrans; /* trans[lo] <= s < trans[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (tz->trans[mid] <= s)
			lo = mid;
		else
			hi = mid;
	}
	return tz->utoff[tz->idx[lo]];
}

int32_t
slo_tz_offset(const slo_tz *tz, slo_ns t)
{
	return offset_at(tz, floor_sec(t));
}

/*
 * Local midnight L (local seconds) maps to UTC u with u + offset(u) = L.
 * The offsets in force a day either side are the only candidates.  Both
 * valid (midnight repeats after a fall-back): the earlier starts the day.
 * Neither (midnight falls in a spring-forward gap): the day starts at the
 * transition, found by bisection between the two candidates.
 */
slo_ns
slo_tz_local_midnight(const slo_tz *tz, int64_t y, unsigned m, unsigned d)
{
	int64_t L, ub, ua, best = INT64_MAX, lo, hi;
	int32_t ob, oa;

	if (y < 1678 || y > 2261 || m < 1 || m > 12 || d < 1 || d > 31)
		return SLO_NS_NONE;
	L = slo_days_from_civil(y, m, d) * 86400;
	ob = offset_at(tz, L - 86400);
	oa = offset_at(tz, L + 86400);
	ub = L - ob;
	ua = L - oa;
	if (offset_at(tz, ub) == ob)
		best = ub;
	if (offset_at(tz, ua) == oa && ua < best)
		best = ua;
	if (best == INT64_MAX) {
		/* The local clock jumps over L somewhere in (lo, hi]. */
		lo = ub < ua ? ub : ua;
		hi = ub < ua ? ua : ub;
		while (hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;
			if (mid + offset_at(tz, mid) >= L)
				hi = mid;
			else
				lo = mid;
		}
		best = hi;
	}
	return best * SLO_NS_PER_SEC;
}

void
slo_tz_civil(const slo_tz *tz, slo_ns t, int64_t *y, unsigned *m, unsigned *d,
    unsigned *weekday)
{
	int64_t local = floor_sec(t) + offset_at(tz, floor_sec(t));
	int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);

	slo_civil_from_days(days, y, m, d);
	if (weekday != NULL) /* 1970-01-01, day 0, was a Thursday */
		*weekday = (unsigned)(((days % 7) + 7 + 3) % 7);
}
