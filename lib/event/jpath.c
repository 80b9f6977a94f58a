/*
 * jpath.c — the one walker of dotted paths in raw JSON objects
 * (slo_jpath.h): longest key first at each object, backtracking.
 */
#include <string.h>

#include "slo_jpath.h"
#include "jscan_int.h"

/* Segments i.. of the path below object o. */
static json_t *
walk(json_t *o, int i, int nseg, slo_jpath_key_fn key, const void *ctx)
{
	for (int j = nseg; j > i; j--) {
		size_t len;
		const char *k = key(ctx, i, j, &len);
		json_t *v = json_object_getn(o, k, len);

		if (v == NULL)
			continue;
		if (j == nseg)
			return v;
		if (json_is_object(v) && (v = walk(v, j, nseg, key, ctx)) != NULL)
			return v;
	}
	return NULL;
}

json_t *
slo_jpath_walk(json_t *obj, int nseg, slo_jpath_key_fn key, const void *ctx)
{
	if (!json_is_object(obj) || nseg < 1 || nseg > SLO_JPATH_MAX_SEGS)
		return NULL;
	return walk(obj, 0, nseg, key, ctx);
}

/* A dotted text cut into segments: segment i is text[off[i], off[i+1] - 1). */
struct dotted {
	const char *text;
	size_t off[SLO_JPATH_MAX_SEGS + 1];
};

static const char *
dotted_key(const void *ctx, int i, int j, size_t *len)
{
	const struct dotted *d = ctx;

	*len = d->off[j] - 1 - d->off[i];
	return d->text + d->off[i];
}

json_t *
slo_json_path(json_t *obj, const char *path, size_t n)
{
	struct dotted d;
	int nseg = 0;

	if (n == 0)
		return NULL;
	d.text = path;
	d.off[0] = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && path[i] != '.')
			continue;
		if (nseg == SLO_JPATH_MAX_SEGS)
			return NULL;
		d.off[++nseg] = i + 1; /* one past the dot (or the end) */
	}
	return slo_jpath_walk(obj, nseg, dotted_key, &d);
}

/* ---- projection: the scanner builds what the paths need ---------------- */

/* The rest of one path still to match: the text after a segment's dot. */
struct rest {
	const char *text;
	size_t len;
};

/* Paths of one projection, at most (the presets name about twenty). */
#define JPROJ_MAX 64

static json_t *proj_value(jscan *s, const struct rest *r, int nr, int all);

/*
 * The members of the object just entered that rests r (at the top level
 * also prefixes pre) keep, into a new object; all keeps every member.
 * Members are set in input order, a duplicate key replacing the value of
 * the first in place, as json_loadb() does.
 */
static json_t *
proj_object(jscan *s, const struct rest *r, int nr, const char *const *pre,
    int all)
{
	struct rest sub[JPROJ_MAX];
	json_t *obj = json_object(), *v;
	char *key;
	size_t klen;
	int k;

	if (obj == NULL)
		return NULL;
	while ((k = jscan_key(s, &key, &klen)) == 1) {
		int whole = all, nsub = 0;

		for (const char *const *q = pre; q != NULL && *q != NULL && !whole;
		    q++)
			whole = strncmp(key, *q, strlen(*q)) == 0;
		for (int i = 0; i < nr && !whole; i++) {
			/* the first byte first: most keys differ there (an
			 * empty key matches an empty segment, as in "a..b") */
			if (klen > r[i].len || (klen > 0 &&
			    key[0] != r[i].text[0]) ||
			    memcmp(key, r[i].text, klen) != 0)
				continue;
			if (klen == r[i].len)
				whole = 1;
			else if (r[i].text[klen] == '.') {
				sub[nsub].text = r[i].text + klen + 1;
				sub[nsub++].len = r[i].len - klen - 1;
			}
		}
		if (!whole && nsub == 0) {
			if (jscan_skip(s) < 0)
				goto fail;
			continue;
		}
		if ((v = proj_value(s, sub, whole ? 0 : nsub, whole)) == NULL ||
		    json_object_setn_new_nocheck(obj, key, klen, v) != 0)
			goto fail;
	}
	if (k == 0)
		return obj;
fail:
	json_decref(obj);
	return NULL;
}

/* The value at the cursor: objects projected by r, the rest whole. */
static json_t *
proj_value(jscan *s, const struct rest *r, int nr, int all)
{
	jscan_val v;
	json_t *arr, *e;
	int k;

	if (jscan_value(s, &v) < 0)
		return NULL;
	switch (v.type) {
	case JSCAN_NULL: return json_null();
	case JSCAN_FALSE: return json_false();
	case JSCAN_TRUE: return json_true();
	case JSCAN_INT: return json_integer(v.i);
	case JSCAN_REAL: return json_real(v.num);
	case JSCAN_STRING: return json_stringn_nocheck(v.str, v.len);
	case JSCAN_OBJECT: return proj_object(s, r, nr, NULL, all || nr == 0);
	case JSCAN_ARRAY: break;
	}
	if ((arr = json_array()) == NULL)
		return NULL;
	while ((k = jscan_elem(s)) == 1)
		if ((e = proj_value(s, NULL, 0, 1)) == NULL ||
		    json_array_append_new(arr, e) != 0)
			break;
	if (k == 0)
		return arr;
	json_decref(arr);
	return NULL;
}

json_t *
slo_jproj_load(const slo_jproj *p, char *buf, size_t n)
{
	struct rest top[JPROJ_MAX];
	json_t *obj;
	jscan s;
	int nr = 0;

	for (const char *const *q = p->paths; q != NULL && *q != NULL; q++) {
		if (nr == JPROJ_MAX)
			return NULL;
		top[nr].text = *q;
		top[nr++].len = strlen(*q);
	}
	jscan_init(&s, buf, n);
	if (jscan_open(&s) < 0 ||
	    (obj = proj_object(&s, top, nr, p->prefixes, p->all)) == NULL)
		return NULL;
	if (jscan_close(&s) < 0) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}
