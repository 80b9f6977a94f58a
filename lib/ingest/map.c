/*
 * map.c — unit conversions of times and durations, and the --map files of
 * slo-ingest (slo-ingest(1) MAP FILES); their paths are read by the one
 * walker of slo_jpath.h.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_int.h"
#include "slo_jpath.h"
#include "slo_yaml.h"
#include "slo_num.h"

static const struct {
	const char *name;
	slo_unit unit;
} unit_names[] = {
	{ "s", SLO_UNIT_S }, { "ms", SLO_UNIT_MS }, { "us", SLO_UNIT_US },
	{ "ns", SLO_UNIT_NS }, { "epoch_s", SLO_UNIT_S },
	{ "epoch_ms", SLO_UNIT_MS }, { "epoch_us", SLO_UNIT_US },
	{ "epoch_ns", SLO_UNIT_NS }, { "duration", SLO_UNIT_DURATION },
	{ "rfc3339", SLO_UNIT_RFC3339 }, { "clf", SLO_UNIT_CLF },
	{ "auto", SLO_UNIT_AUTO },
};

int
slo_unit_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof unit_names / sizeof unit_names[0]; i++)
		if (strcmp(name, unit_names[i].name) == 0)
			return (int)unit_names[i].unit;
	return -1;
}

static int64_t
unit_ns(slo_unit u)
{
	switch (u) {
	case SLO_UNIT_S: return SLO_NS_PER_SEC;
	case SLO_UNIT_MS: return SLO_NS_PER_MS;
	case SLO_UNIT_US: return SLO_NS_PER_US;
	case SLO_UNIT_NS: return 1;
	default: return 0;
	}
}

/*
 * "123", "123.456789": whole and fraction scaled exactly (the fraction to
 * nine digits, rounded half up), so "1764144633.123456789" s is exact.
 * Anything else (exponents) goes through strtod, which is exact enough.
 */
static slo_status
decimal_ns(const char *s, size_t n, int64_t scale, slo_ns *out)
{
	int64_t whole = 0, frac = 0, pow10 = 1;
	size_t i = 0;
	int ndig = 0;

	while (i < n && s[i] == ' ')
		i++;
	if (i == n)
		return SLO_ESYNTAX;
	if (s[i] == '-')
		return SLO_ERANGE;
	if (s[i] == '+')
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, ndig++) {
		if (whole > (INT64_MAX - 9) / 10)
			return SLO_ERANGE;
		whole = whole * 10 + (s[i] - '0');
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, ndig++) {
			/* digits past the ninth are below a nanosecond */
			if (pow10 < SLO_NS_PER_SEC) {
				frac = frac * 10 + (s[i] - '0');
				pow10 *= 10;
			}
		}
	}
	if (ndig == 0)
		return SLO_ESYNTAX;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		char buf[64], *end;
		double d;
		if (n >= sizeof buf)
			return SLO_ESYNTAX;
		memcpy(buf, s, n);
		buf[n] = '\0';
		errno = 0;
		d = slo_strtod(buf, &end);
		if (end != buf + n || errno != 0 || !isfinite(d) || d < 0 ||
		    d * (double)scale >= 9.2e18)
			return SLO_ERANGE;
		*out = (slo_ns)llround(d * (double)scale);
		return SLO_OK;
	}
	while (i < n && s[i] == ' ')
		i++;
	if (i != n)
		return SLO_ESYNTAX;
	if (whole > INT64_MAX / scale)
		return SLO_ERANGE;
	whole *= scale;
	/* frac < 1e9 and scale <= 1e9: the product fits */
	frac = (frac * scale * 2 / pow10 + 1) / 2;
	if (whole > INT64_MAX - frac)
		return SLO_ERANGE;
	*out = whole + frac;
	return SLO_OK;
}

/* "26/Nov/2026:08:10:33 +0000", nginx $time_local and Apache %t. */
static slo_status
clf_parse(const char *s, size_t n, slo_ns *out)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	unsigned d, y, hh, mm, ss, m = 0;
	int off, sign;

	if (n > 0 && s[0] == '[' && s[n - 1] == ']')
		s++, n -= 2;
	if (n != 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' ||
	    s[14] != ':' || s[17] != ':' || s[20] != ' ' ||
	    (s[21] != '+' && s[21] != '-'))
		return SLO_ESYNTAX;
	for (const char *p = s; p < s + n; p++) {
		size_t k = (size_t)(p - s);
		if ((k < 2 || (k >= 7 && k < 11) || (k >= 12 && k < 14) ||
		    (k >= 15 && k < 17) || (k >= 18 && k < 20) || k >= 22) &&
		    (*p < '0' || *p > '9'))
			return SLO_ESYNTAX;
	}
	for (m = 0; m < 12; m++)
		if (memcmp(s + 3, months + 3 * m, 3) == 0)
			break;
	if (m == 12)
		return SLO_ESYNTAX;
#define D2(i) ((unsigned)((s[i] - '0') * 10 + (s[(i) + 1] - '0')))
	d = D2(0);
	y = D2(7) * 100 + D2(9);
	hh = D2(12);
	mm = D2(15);
	ss = D2(18);
	sign = s[21] == '-' ? -1 : 1;
	off = sign * (int)(D2(22) * 60 + D2(24)) * 60;
#undef D2
	if (d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 59 ||
	    y < 1678 || y > 2261)
		return SLO_ERANGE;
	/* validate the day against the month through a round trip */
	int64_t days = slo_days_from_civil(y, m + 1, d);
	int64_t yy;
	unsigned mo, dd;
	slo_civil_from_days(days, &yy, &mo, &dd);
	if (mo != m + 1 || dd != d)
		return SLO_ERANGE;
	*out = days * SLO_NS_PER_DAY +
	    ((int64_t)hh * 3600 + mm * 60 + ss - off) * SLO_NS_PER_SEC;
	return SLO_OK;
}

slo_status
ing_jval_int64(const slo_jval *v, int64_t *out)
{
	const char *s;
	int64_t x = 0;
	int neg = 0;

	if (v->present && v->type == JSON_INTEGER) {
		*out = v->i;
		return SLO_OK;
	}
	if (v->present && v->type == JSON_REAL) {
		double d = v->num;
		if (!isfinite(d) || d != floor(d) || fabs(d) >= 9.2e18)
			return SLO_ERANGE;
		*out = (int64_t)d;
		return SLO_OK;
	}
	if (!v->present || v->type != JSON_STRING)
		return SLO_EINVAL;
	s = v->str;
	if (*s == '-')
		neg = 1, s++;
	if (*s == '\0')
		return SLO_ESYNTAX;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return SLO_ESYNTAX;
		if (x > (INT64_MAX - (*s - '0')) / 10)
			return SLO_ERANGE;
		x = x * 10 + (*s - '0');
	}
	*out = neg ? -x : x;
	return SLO_OK;
}

slo_status
slo_json_int64(json_t *v, int64_t *out)
{
	slo_jval jv;

	slo_jval_of(v, &jv);
	return ing_jval_int64(&jv, out);
}

slo_status
ing_jval_ns(const slo_jval *v, slo_unit unit, slo_ns *out)
{
	const char *s;
	size_t n, errpos;

	if (!v->present)
		return SLO_EINVAL;
	if (v->type == JSON_STRING) {
		s = v->str;
		n = v->len;
		switch (unit) {
		case SLO_UNIT_DURATION:
			return slo_duration_parse(s, n, out, &errpos);
		case SLO_UNIT_RFC3339:
			return slo_time_parse(s, n, out, &errpos);
		case SLO_UNIT_CLF:
			return clf_parse(s, n, out);
		case SLO_UNIT_AUTO:
			if (n > 0 && s[strspn(s, "0123456789.")] == '\0')
				return decimal_ns(s, n, SLO_NS_PER_SEC, out);
			return slo_time_parse(s, n, out, &errpos);
		default:
			return decimal_ns(s, n, unit_ns(unit), out);
		}
	}
	if (v->type != JSON_INTEGER && v->type != JSON_REAL)
		return SLO_EINVAL;
	if (unit == SLO_UNIT_AUTO)
		unit = SLO_UNIT_S;
	if (unit_ns(unit) == 0)
		return SLO_EINVAL;
	if (v->type == JSON_INTEGER) {
		json_int_t x = v->i;
		if (x < 0)
			return SLO_ERANGE;
		if (x > INT64_MAX / unit_ns(unit))
			return SLO_ERANGE;
		*out = (slo_ns)x * unit_ns(unit);
		return SLO_OK;
	}
	double d = v->num * (double)unit_ns(unit);
	if (!isfinite(d) || d < 0 || d >= 9.2e18)
		return SLO_ERANGE;
	*out = (slo_ns)llround(d);
	return SLO_OK;
}

slo_status
slo_json_ns(json_t *v, slo_unit unit, slo_ns *out)
{
	slo_jval jv;

	slo_jval_of(v, &jv);
	return ing_jval_ns(&jv, unit, out);
}

/* ---- map files -------------------------------------------------------- */

enum src { SRC_PATH, SRC_CONST, SRC_EXPR };

struct map_field {
	int field;
	char *label;   /* F_LABEL */
	enum src src;
	char *text;    /* path or constant */
	json_t *cjson; /* the constant, made once */
	slo_expr *expr;
	slo_unit unit;
	char *dflt;    /* used when the source is absent */
	int required;
};

struct slo_map {
	struct map_field *f;
	size_t n;
	int has_kind;
};

void
slo_map_free(slo_map *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->f[i].label);
		free(m->f[i].text);
		free(m->f[i].dflt);
		json_decref(m->f[i].cjson);
		slo_expr_free(m->f[i].expr);
	}
	free(m->f);
	free(m);
}

/*
 * A path the one walker can follow (slo_jpath.h): at most
 * SLO_JPATH_MAX_SEGS segments, as in expressions, so that a path that
 * could never be read is refused with the map, not missed on every line.
 */
static slo_status
path_check(const slo_ydoc *d, const slo_ynode *at, const char *path,
    slo_error *err)
{
	int nseg = 1;

	for (; *path != '\0'; path++)
		nseg += *path == '.';
	if (nseg > SLO_JPATH_MAX_SEGS)
		return slo_ynode_error(d, at, SLO_EINVAL, err,
		    "field path too long (over %d parts)", SLO_JPATH_MAX_SEGS);
	return SLO_OK;
}

static slo_status
map_entry(const slo_ydoc *d, slo_map *m, int field, const char *label,
    const slo_ynode *val, slo_error *err)
{
	static const char *const keys[] = { "path", "const", "expr", "unit",
		"default", "required", NULL };
	struct map_field *f, *grown;
	const char *s;
	slo_status st;
	int nsrc = 0;

	grown = realloc(m->f, (m->n + 1) * sizeof *grown);
	if (grown == NULL)
		return ing_nomem(err);
	m->f = grown;
	f = &m->f[m->n];
	memset(f, 0, sizeof *f);
	f->field = field;
	f->unit = field == F_TS ? SLO_UNIT_AUTO :
	    field == F_LATENCY ? SLO_UNIT_MS : SLO_UNIT_NONE;
	f->required = field == F_TS || field == F_STATUS;
	if (label != NULL && (f->label = strdup(label)) == NULL)
		return ing_nomem(err);
	m->n++; /* from here on, slo_map_free() releases f */
	if (val->type == SLO_Y_SCALAR) {
		f->src = SRC_PATH;
		if ((f->text = strdup(val->str)) == NULL)
			return ing_nomem(err);
		if (f->text[0] == '\0')
			return slo_ynode_error(d, val, SLO_EINVAL, err,
			    "empty path");
		return path_check(d, val, f->text, err);
	}
	if ((st = slo_ynode_check_keys(d, val, keys, err)) != SLO_OK)
		return st;
	static const char *const srcs[] = { "path", "const", "expr" };
	for (int k = 0; k < 3; k++) {
		slo_ynode *n = slo_ynode_get(val, srcs[k]);
		if (n == NULL)
			continue;
		if (++nsrc > 1)
			return slo_ynode_error(d, n, SLO_EINVAL, err,
			    "give one of 'path', 'const' and 'expr'");
		if ((st = slo_ynode_string(d, n, &s, err)) != SLO_OK)
			return st;
		f->src = (enum src)k;
		if (k == SRC_EXPR) {
			slo_error e2;
			if ((f->expr = slo_expr_new(s, &e2)) == NULL)
				return slo_error_set(err, SLO_ESYNTAX,
				    slo_ydoc_file(d), n->line,
				    n->col + (e2.col > 0 ? e2.col - 1 : 0),
				    "%s", e2.msg);
		} else if ((f->text = strdup(s)) == NULL ||
		    (k == SRC_CONST && (f->cjson = json_string(s)) == NULL)) {
			return ing_nomem(err);
		} else if (k == SRC_PATH &&
		    (st = path_check(d, n, s, err)) != SLO_OK)
			return st;
	}
	if (nsrc == 0)
		return slo_ynode_error(d, val, SLO_EINVAL, err,
		    "'%s' needs one of 'path', 'const' and 'expr'",
		    label ? label : ing_field_name(field));
	slo_ynode *n;
	if ((n = slo_ynode_get(val, "unit")) != NULL) {
		int u;
		if ((st = slo_ynode_string(d, n, &s, err)) != SLO_OK)
			return st;
		u = slo_unit_from_name(s);
		if (u < 0)
			return slo_ynode_error(d, n, SLO_EINVAL, err,
			    "unknown unit '%s'", s);
		if (field == F_LATENCY && !(u >= SLO_UNIT_S &&
		    u <= SLO_UNIT_DURATION))
			return slo_ynode_error(d, n, SLO_EINVAL, err,
			    "unit '%s' is not one of a duration (s, ms, us, "
			    "ns, duration)", s);
		if (field == F_TS && u == SLO_UNIT_DURATION)
			return slo_ynode_error(d, n, SLO_EINVAL, err,
			    "unit '%s' is not one of a time (rfc3339, clf, "
			    "epoch_s, epoch_ms, epoch_us, epoch_ns, auto)", s);
		if (field != F_TS && field != F_LATENCY)
			return slo_ynode_error(d, n, SLO_EINVAL, err,
			    "'unit' applies to 'ts' and 'latency_ms' only");
		f->unit = (slo_unit)u;
	}
	if ((n = slo_ynode_get(val, "default")) != NULL) {
		if ((st = slo_ynode_string(d, n, &s, err)) != SLO_OK)
			return st;
		if ((f->dflt = strdup(s)) == NULL)
			return ing_nomem(err);
	}
	if ((n = slo_ynode_get(val, "required")) != NULL &&
	    (st = slo_ynode_bool(d, n, &f->required, err)) != SLO_OK)
		return st;
	return SLO_OK;
}

static slo_map *
map_load(slo_ydoc *d, slo_error *err)
{
	slo_map *m;
	slo_ynode *root;
	slo_status st = SLO_OK;
	int has_ts = 0;

	if (d == NULL)
		return NULL;
	if ((m = calloc(1, sizeof *m)) == NULL) {
		ing_nomem(err);
		slo_ydoc_free(d);
		return NULL;
	}
	root = slo_ydoc_count(d) > 0 ? slo_ydoc_root(d, 0) : NULL;
	if (root == NULL || root->type != SLO_Y_MAP) {
		slo_error_set(err, SLO_EINVAL, slo_ydoc_file(d),
		    root ? root->line : 1, root ? root->col : 1,
		    "a map file is a mapping of canonical fields to sources");
		goto fail;
	}
	if (slo_ydoc_count(d) > 1) {
		slo_error_set(err, SLO_EINVAL, slo_ydoc_file(d), 1, 1,
		    "a map file holds one document");
		goto fail;
	}
	for (size_t i = 0; i < root->n && st == SLO_OK; i++) {
		slo_ynode *k = root->keys[i], *v = root->items[i];
		int f = ing_field_from_name(k->str);
		if (strcmp(k->str, "labels") == 0) {
			if (v->type != SLO_Y_MAP) {
				st = slo_ynode_error(d, v, SLO_EINVAL, err,
				    "'labels' maps label names to sources");
				break;
			}
			for (size_t j = 0; j < v->n && st == SLO_OK; j++)
				st = map_entry(d, m, F_LABEL, v->keys[j]->str,
				    v->items[j], err);
			continue;
		}
		if (f < 0) {
			st = slo_ynode_error(d, k, SLO_EINVAL, err,
			    "unknown key '%s'", k->str);
			break;
		}
		for (size_t j = 0; j < m->n; j++) {
			if (m->f[j].field == f && f != F_LABEL) {
				st = slo_ynode_error(d, k, SLO_EINVAL, err,
				    "duplicate key '%s'", k->str);
				break;
			}
		}
		if (st != SLO_OK)
			break;
		if (f == F_TS)
			has_ts = 1;
		if (f == F_KIND)
			m->has_kind = 1;
		st = map_entry(d, m, f, f == F_LABEL ? k->str + 7 : NULL, v,
		    err);
	}
	if (st != SLO_OK)
		goto fail;
	if (!has_ts) {
		slo_error_set(err, SLO_EINVAL, slo_ydoc_file(d), root->line,
		    root->col, "the map has no 'ts'");
		goto fail;
	}
	slo_ydoc_free(d);
	return m;
fail:
	slo_map_free(m);
	slo_ydoc_free(d);
	return NULL;
}

slo_map *
slo_map_load_file(const char *path, slo_error *err)
{
	return map_load(slo_ydoc_load_file(path, err), err);
}

slo_map *
slo_map_load_string(const char *name, const char *text, size_t n,
    slo_error *err)
{
	return map_load(slo_ydoc_load_string(name, text, n, err), err);
}

/* The value of one mapped field as JSON: borrowed, or *tmp (to release). */
static json_t *
field_source(const struct map_field *f, json_t *obj, json_t **tmp)
{
	json_t *v = NULL;
	slo_value x;

	*tmp = NULL;
	switch (f->src) {
	case SRC_PATH:
		v = slo_json_path(obj, f->text, strlen(f->text));
		break;
	case SRC_CONST:
		v = f->cjson;
		break;
	case SRC_EXPR:
		x = slo_expr_value_json(f->expr, obj);
		switch (x.type) {
		case SLO_V_BOOL: v = *tmp = json_boolean(x.b); break;
		case SLO_V_NUM: v = *tmp = json_real(x.num); break;
		case SLO_V_STR: v = *tmp = json_stringn(x.str, x.len); break;
		default: v = NULL; break;
		}
		break;
	}
	if (ing_unset(v) && f->dflt != NULL) {
		json_decref(*tmp);
		v = *tmp = json_string(f->dflt);
	}
	return v;
}

static const char *
field_label(const struct map_field *f)
{
	return f->label != NULL ? f->label : ing_field_name(f->field);
}

static slo_status
set_field(slo_ingest *ing, slo_event *ev, const struct map_field *f,
    json_t *v, slo_error *err)
{
	const char *text;
	int64_t x;
	slo_ns ns;

	switch (f->field) {
	case F_KIND:
		return SLO_OK; /* decided before the event was made */
	case F_TS:
		if (slo_json_ns(v, f->unit, &ns) != SLO_OK)
			return ing_reject(err, "bad 'ts'");
		ev->ts = ns;
		ev->has |= SLO_HAS_TS;
		return SLO_OK;
	case F_STATUS:
		if (slo_json_int64(v, &x) != SLO_OK || x < 0 || x > 999)
			return ing_reject(err, "bad 'status'");
		ev->status = (int)x;
		ev->has |= SLO_HAS_STATUS;
		return SLO_OK;
	case F_LATENCY:
		if (slo_json_ns(v, f->unit, &ns) != SLO_OK)
			return ing_reject(err, "bad 'latency_ms'");
		ev->latency_ms = (double)ns / 1e6;
		ev->has |= SLO_HAS_LATENCY;
		return SLO_OK;
	case F_OK:
		if (json_is_boolean(v)) {
			ev->ok = json_is_true(v);
		} else if (json_is_string(v) &&
		    (strcmp(json_string_value(v), "true") == 0 ||
		    strcmp(json_string_value(v), "false") == 0)) {
			ev->ok = json_string_value(v)[0] == 't';
		} else if (json_is_number(v)) {
			ev->ok = json_number_value(v) != 0;
		} else {
			return ing_reject(err, "bad 'ok'");
		}
		ev->has |= SLO_HAS_OK;
		return SLO_OK;
	default:
		break;
	}
	if ((text = ing_text(ing, v)) == NULL)
		return ing_reject(err, "bad '%s'", field_label(f));
	/* a borrowed string dies with *tmp: keep a copy */
	if ((text = ing_strndup(ing, text, strlen(text))) == NULL)
		return ing_nomem(err);
	if (f->field == F_LABEL)
		return ing_label(ing, ev, f->label, text) == SLO_OK ? SLO_OK :
		    ing_nomem(err);
	*ing_strfield(ev, f->field) = text;
	return SLO_OK;
}

slo_status
ing_map_apply(slo_ingest *ing, const slo_map *m, json_t *obj, slo_error *err)
{
	slo_kind kind = SLO_KIND_REQUEST;
	slo_event *ev;
	json_t *v, *tmp;
	slo_status st = SLO_OK;

	if (m == NULL)
		return ing_reject(err, "no map");
	if (m->has_kind) {
		for (size_t i = 0; i < m->n; i++) {
			if (m->f[i].field != F_KIND)
				continue;
			v = field_source(&m->f[i], obj, &tmp);
			int k = json_is_string(v) ?
			    slo_kind_from_name(json_string_value(v)) : -1;
			json_decref(tmp);
			if (k < 0 || k == SLO_KIND_ROLLUP)
				return ing_reject(err, "bad 'kind'");
			kind = (slo_kind)k;
		}
	}
	if ((ev = ing_event(ing, kind)) == NULL)
		return ing_nomem(err);
	for (size_t i = 0; i < m->n && st == SLO_OK; i++) {
		const struct map_field *f = &m->f[i];
		v = field_source(f, obj, &tmp);
		if (ing_unset(v)) {
			/* status is only needed by requests */
			if (f->required &&
			    (f->field != F_STATUS || kind == SLO_KIND_REQUEST))
				st = ing_reject(err, "missing '%s'",
				    field_label(f));
		} else {
			st = set_field(ing, ev, f, v, err);
		}
		json_decref(tmp);
	}
	if (st != SLO_OK)
		return st;
	return ing_event_done(ing, ev, obj, err);
}
