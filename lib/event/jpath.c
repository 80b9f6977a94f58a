/*
 * jpath.c — the one walker of dotted paths in raw JSON objects
 * (slo_jpath.h): longest key first at each object, backtracking.
 */
#include <stdint.h>
#include <stdlib.h>
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

/* ---- slots: the scanner reads values at paths, builds nothing --------- */

/*
 * How a value was reached, as the cuts of its path into keys: bit k set
 * when a key ends after segment k.  At each object the walker tries the
 * longest key first, so of two ways the better is the one whose first
 * differing bit is clear (its key there goes on further).
 */
typedef uint32_t jway;

static int
way_better(jway a, jway b)
{
	jway d = a ^ b;

	return (b & d & -d) != 0;
}

/* Ways kept per path: a path of s segments has 2^(s-1) ways; more than
 * JREC_WAYS found in one record hands over. */
#define JREC_WAYS 8
/* Members listed, at most, before handing over (their look-up is linear). */
#define JREC_MEMBERS 256

struct jrec_path {
	const char *text;
	size_t len;
	int nseg;
};

/* A value found at a path by one way, not yet forgotten. */
struct jrec_cand {
	jway way;
	slo_jval val;
};

struct jmembers {
	slo_jmember *m;
	size_t n, cap;
};

/* Where the walk of one path stands in the object being read. */
struct jstate {
	const char *rest;  /* the path's text still to match */
	size_t rlen;
	int path;
	int seg;           /* rest starts with this segment */
	jway way;          /* the cuts made so far */
};

struct slo_jrec {
	int npath;
	struct jstate top[SLO_JREC_MAX];  /* every walk at its start */
	struct jrec_path path[SLO_JREC_MAX];
	/* paths by the first byte of their first key ('\0': an empty one) */
	uint32_t by_first[256];
	const char *members, *prefix;
	size_t members_len, prefix_len;
	slo_jval val[SLO_JREC_MAX];
	int ncand[SLO_JREC_MAX];
	struct jrec_cand cand[SLO_JREC_MAX][JREC_WAYS];
	struct jmembers mem, pre;
};

slo_jrec *
slo_jrec_new(const slo_jslots *spec)
{
	slo_jrec *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	for (const char *const *q = spec->paths; q != NULL && *q != NULL; q++) {
		struct jrec_path *p = &r->path[r->npath];

		if (r->npath == SLO_JREC_MAX)
			goto fail;
		p->text = *q;
		p->len = strlen(*q);
		p->nseg = 1;
		for (size_t i = 0; i < p->len; i++)
			p->nseg += (*q)[i] == '.';
		if (p->len == 0 || p->nseg > SLO_JPATH_MAX_SEGS)
			goto fail;
		r->by_first[(unsigned char)(p->text[0] == '.' ? '\0' :
		    p->text[0])] |= 1u << r->npath;
		r->top[r->npath].rest = p->text;
		r->top[r->npath].rlen = p->len;
		r->top[r->npath].path = r->npath;
		r->npath++;
	}
	r->members = spec->members;
	r->members_len = spec->members != NULL ? strlen(spec->members) : 0;
	r->prefix = spec->prefix;
	r->prefix_len = spec->prefix != NULL ? strlen(spec->prefix) : 0;
	return r;
fail:
	free(r);
	return NULL;
}

void
slo_jrec_free(slo_jrec *r)
{
	if (r == NULL)
		return;
	free(r->mem.m);
	free(r->pre.m);
	free(r);
}

const slo_jval *
slo_jrec_val(const slo_jrec *r, int i)
{
	return &r->val[i];
}

const slo_jmember *
slo_jrec_members(const slo_jrec *r, size_t *n)
{
	*n = r->mem.n;
	return r->mem.m;
}

const slo_jmember *
slo_jrec_prefixed(const slo_jrec *r, size_t *n)
{
	*n = r->pre.n;
	return r->pre.m;
}

void
slo_jval_of(json_t *v, slo_jval *out)
{
	memset(out, 0, sizeof *out);
	if (v == NULL)
		return;
	out->present = 1;
	out->type = json_typeof(v);
	switch (out->type) {
	case JSON_STRING:
		out->str = json_string_value(v);
		out->len = json_string_length(v);
		break;
	case JSON_INTEGER:
		out->i = json_integer_value(v);
		out->num = (double)out->i;
		break;
	case JSON_REAL:
		out->num = json_real_value(v);
		break;
	default:
		break;
	}
}

/*
 * key (klen bytes) with value v into list l: a key already there takes
 * the new value in its place, as json_object_set() does.  0 when the list
 * is full or out of memory.
 */
static int
members_put(struct jmembers *l, const char *key, size_t klen,
    const slo_jval *v)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->m[i].klen == klen && memcmp(l->m[i].key, key, klen) == 0) {
			l->m[i].val = *v;
			return 1;
		}
	if (l->n == JREC_MEMBERS)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		slo_jmember *m = realloc(l->m, cap * sizeof *m);
		if (m == NULL)
			return 0;
		l->m = m;
		l->cap = cap;
	}
	l->m[l->n].key = key;
	l->m[l->n].klen = klen;
	l->m[l->n++].val = *v;
	return 1;
}

int
slo_jrec_load(slo_jrec *r, json_t *obj)
{
	const char *key;
	json_t *v;
	slo_jval jv;

	r->mem.n = r->pre.n = 0;
	for (int i = 0; i < r->npath; i++)
		slo_jval_of(slo_json_path(obj, r->path[i].text, r->path[i].len),
		    &r->val[i]);
	if (!json_is_object(obj))
		return 1;
	if (r->members != NULL) {
		json_object_foreach(json_object_get(obj, r->members), key, v) {
			slo_jval_of(v, &jv);
			if (!members_put(&r->mem, key, strlen(key), &jv))
				return 0;
		}
	}
	if (r->prefix != NULL) {
		json_object_foreach(obj, key, v) {
			if (strncmp(key, r->prefix, r->prefix_len) != 0)
				continue;
			slo_jval_of(v, &jv);
			if (!members_put(&r->pre, key, strlen(key), &jv))
				return 0;
		}
	}
	return 1;
}

/* The value at path p by way w is v: it replaces what the same way found
 * before (a repeated key).  0 when too many ways were found. */
static int
cand_set(slo_jrec *r, int p, jway w, const slo_jval *v)
{
	struct jrec_cand *c = r->cand[p];
	int n = r->ncand[p];

	for (int i = 0; i < n; i++)
		if (c[i].way == w) {
			c[i].val = *v;
			return 1;
		}
	if (n == JREC_WAYS)
		return 0;
	c[n].way = w;
	c[n].val = *v;
	r->ncand[p] = n + 1;
	return 1;
}

/* A key met again (or for the first time) that leads into path p with the
 * cuts of w below bit `below`: what an earlier one of that key led to is
 * forgotten, as jansson keeps only the last. */
static void
cand_forget(slo_jrec *r, int p, jway w, int below)
{
	struct jrec_cand *c = r->cand[p];
	jway mask = (jway)((UINT64_C(1) << below) - 1);
	int n = r->ncand[p], k = 0;

	for (int i = 0; i < n; i++)
		if (((c[i].way ^ w) & mask) != 0)
			c[k++] = c[i];
	r->ncand[p] = k;
}

/* The rest of a container just entered, passed over. */
static int
skip_rest(jscan *s, jscan_type type)
{
	char *key;
	size_t klen;
	int k;

	if (type == JSCAN_OBJECT) {
		while ((k = jscan_key(s, &key, &klen)) == 1)
			if (jscan_skip(s) < 0)
				return -1;
	} else {
		while ((k = jscan_elem(s)) == 1)
			if (jscan_skip(s) < 0)
				return -1;
	}
	return k;
}

static void
jval_from_scan(const jscan_val *v, slo_jval *out)
{
	static const json_type types[] = {
		[JSCAN_NULL] = JSON_NULL, [JSCAN_FALSE] = JSON_FALSE,
		[JSCAN_TRUE] = JSON_TRUE, [JSCAN_INT] = JSON_INTEGER,
		[JSCAN_REAL] = JSON_REAL, [JSCAN_STRING] = JSON_STRING,
		[JSCAN_OBJECT] = JSON_OBJECT, [JSCAN_ARRAY] = JSON_ARRAY
	};

	out->present = 1;
	out->type = types[v->type];
	out->str = v->type == JSCAN_STRING ? v->str : NULL;
	out->len = v->type == JSCAN_STRING ? v->len : 0;
	out->i = v->type == JSCAN_INT ? v->i : 0;
	out->num = v->type == JSCAN_INT || v->type == JSCAN_REAL ? v->num : 0;
}

/* Where in the object being read: the top level (prefix and members
 * there), the members object (each member listed), or below. */
enum jlevel { JL_TOP, JL_MEMBERS, JL_BELOW };

/*
 * The members of the object just entered, with the walks st[0..nst) that
 * stand in it: each key that is the rest of a walk's path sets that
 * path's value (by this way); each key that is a leading run of keys of
 * the rest forgets what an earlier such key led to and, on an object,
 * goes on inside with the rest after it.  1 at the object's end, -1 to
 * hand over.
 */
static int
jrec_object(slo_jrec *r, jscan *s, const struct jstate *st, int nst,
    enum jlevel level)
{
	struct jstate sub[SLO_JREC_MAX];
	const struct jstate *whole[SLO_JREC_MAX];
	char *key;
	size_t klen;
	int k;

	while ((k = jscan_key(s, &key, &klen)) == 1) {
		int nsub = 0, nwhole = 0, list = level == JL_MEMBERS,
		    into_members = 0, kdots = -1;
		uint32_t at_top = 0;
		jscan_val v;
		slo_jval jv;

		if (level == JL_TOP) {
			at_top = r->by_first[(unsigned char)key[0]];
			if (r->prefix != NULL && klen >= r->prefix_len &&
			    memcmp(key, r->prefix, r->prefix_len) == 0)
				list = 1;
			if (r->members != NULL && klen == r->members_len &&
			    memcmp(key, r->members, klen) == 0) {
				/* a later one replaces the whole object */
				r->mem.n = 0;
				into_members = 1;
			}
		}
		/* at the top level walk i is path i: only those whose first
		 * byte is the key's */
		for (uint32_t left = level == JL_TOP ? at_top :
		    (uint32_t)((UINT64_C(1) << nst) - 1); left != 0;
		    left &= left - 1) {
			const struct jstate *w = &st[__builtin_ctz(left)];
			const char *rest = w->rest;
			size_t rlen = w->rlen;
			int j;

			/* the first byte first: most keys differ there (an
			 * empty key matches a rest that is empty or starts
			 * with an empty segment) */
			if (klen > 0 ? rest[0] != key[0] :
			    rest[0] != '\0' && rest[0] != '.')
				continue;
			if (klen > rlen || memcmp(key, rest, klen) != 0)
				continue;
			if (klen == rlen) {
				whole[nwhole++] = w;
				continue;
			}
			if (rest[klen] != '.')
				continue;
			/* the key spans segments seg .. j-1 */
			if (kdots < 0) {
				kdots = 0;
				for (size_t c = 0; c < klen; c++)
					kdots += key[c] == '.';
			}
			j = w->seg + 1 + kdots;
			sub[nsub].path = w->path;
			sub[nsub].rest = rest + klen + 1;
			sub[nsub].rlen = rlen - klen - 1;
			sub[nsub].seg = j;
			sub[nsub].way = w->way | (jway)1 << (j - 1);
			cand_forget(r, w->path, sub[nsub].way, j);
			nsub++;
		}
		if (nwhole == 0 && nsub == 0 && !list && !into_members) {
			if (jscan_skip(s) < 0)
				return -1;
			continue;
		}
		if (jscan_value(s, &v) < 0)
			return -1;
		jval_from_scan(&v, &jv);
		for (int i = 0; i < nwhole; i++)
			if (!cand_set(r, whole[i]->path, whole[i]->way, &jv))
				return -1;
		if (list && !members_put(level == JL_MEMBERS ? &r->mem : &r->pre,
		    key, klen, &jv))
			return -1;
		if (v.type == JSCAN_OBJECT && (nsub > 0 || into_members)) {
			if (jrec_object(r, s, sub, nsub, into_members ?
			    JL_MEMBERS : JL_BELOW) < 0)
				return -1;
		} else if ((v.type == JSCAN_OBJECT || v.type == JSCAN_ARRAY) &&
		    skip_rest(s, v.type) < 0)
			return -1;
	}
	return k;
}

int
slo_jrec_scan(slo_jrec *r, char *buf, size_t n)
{
	jscan s;

	memset(r->ncand, 0, sizeof r->ncand);
	r->mem.n = r->pre.n = 0;
	jscan_init(&s, buf, n);
	if (jscan_open(&s) < 0 ||
	    jrec_object(r, &s, r->top, r->npath, JL_TOP) < 0 ||
	    jscan_close(&s) < 0)
		return 0;
	for (int i = 0; i < r->npath; i++) {
		const struct jrec_cand *c = r->cand[i], *best = NULL;

		for (int k = 0; k < r->ncand[i]; k++)
			if (best == NULL || way_better(c[k].way, best->way))
				best = &c[k];
		if (best != NULL)
			r->val[i] = best->val;
		else
			memset(&r->val[i], 0, sizeof r->val[i]);
	}
	return 1;
}

static int
jval_equal(const slo_jval *a, const slo_jval *b)
{
	if (a->present != b->present)
		return 0;
	if (!a->present)
		return 1;
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case JSON_STRING:
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	case JSON_INTEGER:
		return a->i == b->i;
	case JSON_REAL:
		return memcmp(&a->num, &b->num, sizeof a->num) == 0;
	default:
		return 1;
	}
}

static int
members_equal(const struct jmembers *a, const struct jmembers *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->m[i].klen != b->m[i].klen ||
		    memcmp(a->m[i].key, b->m[i].key, a->m[i].klen) != 0 ||
		    !jval_equal(&a->m[i].val, &b->m[i].val))
			return 0;
	return 1;
}

int
slo_jrec_equal(const slo_jrec *a, const slo_jrec *b)
{
	if (a->npath != b->npath)
		return 0;
	for (int i = 0; i < a->npath; i++)
		if (!jval_equal(&a->val[i], &b->val[i]))
			return 0;
	return members_equal(&a->mem, &b->mem) && members_equal(&a->pre, &b->pre);
}
