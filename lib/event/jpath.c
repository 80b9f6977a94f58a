/*
 * jpath.c — the one walker of dotted paths in raw JSON objects
 * (slo_jpath.h): longest key first at each object, backtracking.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slo_jpath.h"
#include "jscan_int.h"
#include "slo_str.h"

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

/*
 * A key that a walk at a node may meet: a leading run of whole segments
 * of its rest ("labels" and "labels.service_name" of the rest
 * "labels.service_name").  Each distinct text once a node, so that a key
 * is compared once, not once a walk: the walks whose rest it is (the
 * value there is theirs) and those whose rest goes on after it and a dot
 * (they go on inside, at node `below`, the key ending with path segment
 * `seg`).
 */
struct jcut {
	const char *text;  /* in a path's padded copy */
	size_t len;
	uint32_t whole, deeper;  /* the walks' paths: bit p for path p */
	int below, seg;
	int next;          /* the next cut of the same hash, -1 */
};

/* Buckets a node hashes its cuts into. */
#define JCUT_HASH 64

/* The bucket of a key or a cut: its length and end bytes tell most
 * apart.  The empty one has no bytes (a cut's text goes on with '.', a
 * key's with its NUL): bucket 0. */
static inline unsigned
cut_hash(const char *key, size_t len)
{
	if (len == 0)
		return 0;
	return (unsigned)(len * 8 + (unsigned char)key[0] +
	    2u * (unsigned char)key[len - 1]) % JCUT_HASH;
}

/*
 * A node: an object where walks may stand, named by the text of the path
 * consumed to reach it ("" at the top, "resource.labels." below the keys
 * "resource" and "labels", or below the one key "resource.labels": how
 * the text was cut does not change what is left).  Its walks are the
 * paths that begin with that text, each with the rest to match.
 */
struct jnode {
	const char *text;  /* the text consumed (a prefix of a path) */
	size_t len;
	int seg;           /* segments in it */
	int n;
	int path[SLO_JREC_MAX];
	const char *rest[SLO_JREC_MAX];
	size_t rlen[SLO_JREC_MAX];
	/* the cuts of the walks' rests (struct jcut) by cut_hash(), each
	 * bucket the index of its first cut in slo_jrec's cuts, -1 none */
	int bucket[JCUT_HASH];
};

/* Nodes, at most: the presets need a dozen. */
#define JREC_NODES 64
/* Zero bytes after a path's copy. */
#define JREC_PAD 8

/* A value found at a path by one way, not yet forgotten. */
struct jrec_cand {
	jway way;
	slo_jval val;
};

struct jmembers {
	slo_jmember *m;
	size_t n, cap;
};

struct slo_jrec {
	int npath, nnode;
	const char *path[SLO_JREC_MAX];
	size_t plen[SLO_JREC_MAX];
	/*
	 * Path p's text again, then JREC_PAD zero bytes (keys are compared
	 * with it eight bytes at a time), then for each offset o in 0 ..
	 * plen[p] the number of dots before it (the segment of o): the
	 * nodes' rests point into it.
	 */
	char *copy[SLO_JREC_MAX];
	struct jnode *node;                  /* node 0 is the top */
	struct jcut *cuts;                   /* the nodes' cuts */
	int ncut, cutcap;
	/* for path p, the node below its first s segments */
	unsigned char node_at[SLO_JREC_MAX][SLO_JPATH_MAX_SEGS];
	const char *members, *prefix;
	size_t members_len, prefix_len;
	/* first bytes of a top-level key that may be members or prefix */
	unsigned char listed_first[256];
	/* each path's value: from the scan's candidates (slo_jrec_val()),
	 * or val[] when `loaded` (slo_jrec_load()) */
	int loaded;
	slo_jval val[SLO_JREC_MAX];
	/* paths with candidates (bit p): ncand[p] holds only for them */
	uint32_t found;
	int ncand[SLO_JREC_MAX];
	struct jrec_cand cand[SLO_JREC_MAX][JREC_WAYS];
	struct jmembers mem, pre;
};

/* The node of text (len bytes, seg segments), made when new; -1 when
 * there are too many. */
static int
node_get(slo_jrec *r, const char *text, size_t len, int seg)
{
	struct jnode *nd;

	for (int i = 0; i < r->nnode; i++)
		if (r->node[i].len == len && memcmp(r->node[i].text, text, len) == 0)
			return i;
	if (r->nnode == JREC_NODES)
		return -1;
	nd = &r->node[r->nnode];
	memset(nd, 0, sizeof *nd);
	nd->text = text;
	nd->len = len;
	nd->seg = seg;
	memset(nd->bucket, -1, sizeof nd->bucket);
	return r->nnode++;
}

/* Path p (text, len bytes) as a walk of every node it goes through. */
static int
add_path(slo_jrec *r, int p, const char *text, size_t len)
{
	size_t off = 0;

	for (int seg = 0;; seg++) {
		int id = node_get(r, text, off, seg);
		struct jnode *nd;

		if (id < 0)
			return -1;
		nd = &r->node[id];
		r->node_at[p][seg] = (unsigned char)id;
		nd->path[nd->n] = p;
		nd->rest[nd->n] = text + off;
		nd->rlen[nd->n] = len - off;
		nd->n++;
		/* the next segment boundary: one past the next dot */
		while (off < len && text[off] != '.')
			off++;
		if (off == len)
			return 0;
		off++;
	}
}

/* Path p's copy (slo_jrec), NULL when out of memory. */
static char *
path_copy(const char *text, size_t len)
{
	char *c = malloc(len + JREC_PAD + len + 1);
	unsigned char *dots;

	if (c == NULL)
		return NULL;
	memcpy(c, text, len);
	memset(c + len, 0, JREC_PAD);
	dots = (unsigned char *)c + len + JREC_PAD;
	dots[0] = 0;
	for (size_t o = 0; o < len; o++)
		dots[o + 1] = (unsigned char)(dots[o] + (text[o] == '.'));
	return c;
}

/*
 * Walk i of node id meets the key of pos bytes of its rest (which ends
 * there or goes on after a dot): into the node's cut of that text, made
 * when new.  0 when out of memory.
 */
static int
cut_add(slo_jrec *r, int id, int i, size_t pos)
{
	struct jnode *nd = &r->node[id];
	const char *rest = nd->rest[i];
	const unsigned char *dots;
	unsigned h = cut_hash(rest, pos);
	struct jcut *c;
	int p = nd->path[i], k;

	for (k = nd->bucket[h]; k >= 0; k = r->cuts[k].next)
		if (r->cuts[k].len == pos && memcmp(r->cuts[k].text, rest,
		    pos) == 0)
			break;
	if (k < 0) {
		if (r->ncut == r->cutcap) {
			int cap = r->cutcap ? 2 * r->cutcap : 64;
			struct jcut *m = realloc(r->cuts, (size_t)cap * sizeof *m);

			if (m == NULL)
				return 0;
			r->cuts = m;
			r->cutcap = cap;
		}
		k = r->ncut++;
		c = &r->cuts[k];
		memset(c, 0, sizeof *c);
		c->text = rest;
		c->len = pos;
		c->below = -1;
		c->next = nd->bucket[h];
		nd->bucket[h] = k;
	}
	c = &r->cuts[k];
	if (pos == nd->rlen[i]) {
		c->whole |= 1u << p;
		return 1;
	}
	/* the segment the key ends with: the dots of the path before it */
	dots = (const unsigned char *)r->copy[p] + r->plen[p] + JREC_PAD;
	c->deeper |= 1u << p;
	c->seg = dots[rest + pos - r->copy[p]];
	c->below = r->node_at[p][c->seg + 1];
	return 1;
}

/* Every node's cuts (struct jcut), once all paths are added. */
static int
cuts_make(slo_jrec *r)
{
	for (int id = 0; id < r->nnode; id++) {
		const struct jnode *nd = &r->node[id];

		for (int i = 0; i < nd->n; i++)
			for (size_t pos = 0; pos <= nd->rlen[i]; pos++)
				if ((pos == nd->rlen[i] || nd->rest[i][pos] ==
				    '.') && !cut_add(r, id, i, pos))
					return 0;
	}
	return 1;
}

slo_jrec *
slo_jrec_new(const slo_jslots *spec)
{
	slo_jrec *r = calloc(1, sizeof *r);

	if (r == NULL || (r->node = malloc(JREC_NODES * sizeof *r->node)) ==
	    NULL)
		goto fail;
	for (const char *const *q = spec->paths; q != NULL && *q != NULL; q++) {
		size_t len = strlen(*q), nseg = 1;
		int p = r->npath;

		for (size_t i = 0; i < len; i++)
			nseg += (*q)[i] == '.';
		if (p == SLO_JREC_MAX || len == 0 || nseg > SLO_JPATH_MAX_SEGS)
			goto fail;
		r->path[p] = *q;
		r->plen[p] = len;
		r->npath++;
		if ((r->copy[p] = path_copy(*q, len)) == NULL ||
		    add_path(r, p, r->copy[p], len) < 0)
			goto fail;
	}
	if ((r->nnode == 0 && node_get(r, "", 0, 0) < 0) || !cuts_make(r))
		goto fail;
	r->members = spec->members;
	r->members_len = spec->members != NULL ? strlen(spec->members) : 0;
	r->prefix = spec->prefix;
	r->prefix_len = spec->prefix != NULL ? strlen(spec->prefix) : 0;
	if (r->members != NULL)
		r->listed_first[(unsigned char)r->members[0]] = 1;
	if (r->prefix != NULL && r->prefix_len == 0)
		memset(r->listed_first, 1, sizeof r->listed_first);
	else if (r->prefix != NULL)
		r->listed_first[(unsigned char)r->prefix[0]] = 1;
	return r;
fail:
	slo_jrec_free(r);
	return NULL;
}

void
slo_jrec_free(slo_jrec *r)
{
	if (r == NULL)
		return;
	free(r->mem.m);
	free(r->pre.m);
	free(r->node);
	free(r->cuts);
	for (int i = 0; i < r->npath; i++)
		free(r->copy[i]);
	free(r);
}

/* The value of a path no way reached. */
static const slo_jval absent;

/*
 * Path i's value: after a scan, the candidate of the best way (found when
 * asked: most paths are found by one way or none, and a reader asks for
 * each path once or not at all).
 */
const slo_jval *
slo_jrec_val(const slo_jrec *r, int i)
{
	const struct jrec_cand *c = r->cand[i], *best = &c[0];

	if (r->loaded)
		return &r->val[i];
	if (!(r->found & (1u << i)))
		return &absent;
	for (int k = 1; k < r->ncand[i]; k++)
		if (way_better(c[k].way, best->way))
			best = &c[k];
	return &best->val;
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

/* key (klen bytes) with value v appended to list l; 0 when out of memory. */
static int
members_add(struct jmembers *l, const char *key, size_t klen,
    const slo_jval *v)
{
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

/*
 * The same for a key met by the scanner: a key already there takes the
 * new value in its place, as json_object_set() does.  0 when the list has
 * JREC_MEMBERS members (the look-up is linear: the scanner hands such a
 * record over) or when out of memory.
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
	return l->n < JREC_MEMBERS && members_add(l, key, klen, v);
}

int
slo_jrec_load(slo_jrec *r, json_t *obj)
{
	const char *key;
	json_t *v;
	slo_jval jv;

	r->mem.n = r->pre.n = 0;
	for (int i = 0; i < r->npath; i++) {
		slo_jval_of(slo_json_path(obj, r->path[i], r->plen[i]),
		    &r->val[i]);
	}
	r->loaded = 1;
	if (!json_is_object(obj))
		return 1;
	if (r->members != NULL) {
		json_object_foreach(json_object_get(obj, r->members), key, v) {
			slo_jval_of(v, &jv);
			if (!members_add(&r->mem, key, strlen(key), &jv))
				return 0;
		}
	}
	if (r->prefix != NULL) {
		json_object_foreach(obj, key, v) {
			if (strncmp(key, r->prefix, r->prefix_len) != 0)
				continue;
			slo_jval_of(v, &jv);
			if (!members_add(&r->pre, key, strlen(key), &jv))
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
	int n = r->found & (1u << p) ? r->ncand[p] : 0;

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
	r->found |= 1u << p;
	return 1;
}

/* A key met again (or for the first time) that leads into path p with the
 * cuts of w below bit `below`: what an earlier one of that key led to is
 * forgotten, as jansson keeps only the last.  Only for a path in found. */
static inline void
cand_forget(slo_jrec *r, int p, jway w, int below)
{
	struct jrec_cand *c = r->cand[p];
	jway mask = (jway)((UINT64_C(1) << below) - 1);
	int n = r->ncand[p], k = 0;

	for (int i = 0; i < n; i++)
		if (((c[i].way ^ w) & mask) != 0)
			c[k++] = c[i];
	r->ncand[p] = k;
	if (k == 0)
		r->found &= ~(1u << p);
}

/*
 * The rest of a container just entered, passed over as jscan_skip() would
 * (the same readers, depth bounded by the scanner's JSCAN_MAX_DEPTH), each
 * value read inline: 0 at its end, -1 to hand over.
 */
static int
skip_rest(jscan *s, jscan_type type)
{
	jscan_val v;
	char *key;
	size_t klen;
	int k;

	for (;;) {
		k = type == JSCAN_OBJECT ? jscan_key(s, &key, &klen) :
		    jscan_elem(s);
		if (k != 1)
			return k;
		if (jscan_value(s, &v) < 0 ||
		    ((v.type == JSCAN_OBJECT || v.type == JSCAN_ARRAY) &&
		    skip_rest(s, v.type) < 0))
			return -1;
	}
}

static inline void
jval_of_scan(const jscan_val *v, slo_jval *out)
{
	static const json_type types[] = {
		[JSCAN_NULL] = JSON_NULL, [JSCAN_FALSE] = JSON_FALSE,
		[JSCAN_TRUE] = JSON_TRUE, [JSCAN_INT] = JSON_INTEGER,
		[JSCAN_REAL] = JSON_REAL, [JSCAN_STRING] = JSON_STRING,
		[JSCAN_OBJECT] = JSON_OBJECT, [JSCAN_ARRAY] = JSON_ARRAY
	};

	if ((unsigned)v->type >= sizeof types / sizeof types[0]) {
		memset(out, 0, sizeof *out);  /* not a value: absent */
		return;
	}
	out->present = 1;
	out->type = types[v->type];
	out->str = v->type == JSCAN_STRING ? v->str : NULL;
	out->len = v->type == JSCAN_STRING ? v->len : 0;
	out->i = v->type == JSCAN_INT ? v->i : 0;
	out->num = v->type == JSCAN_INT || v->type == JSCAN_REAL ? v->num : 0;
}

void
slo_jval_of_scan(const jscan_val *v, slo_jval *out)
{
	jval_of_scan(v, out);
}

/* Where in the object being read: the top level (prefix and members
 * there), the members object (each member listed), or below. */
enum jlevel { JL_TOP, JL_MEMBERS, JL_BELOW };

/* The cut of node nd that key (klen bytes) is, NULL when none. */
static inline const struct jcut *
cut_find(const slo_jrec *r, const struct jnode *nd, const char *key,
    size_t klen)
{
	for (int k = nd->bucket[cut_hash(key, klen)]; k >= 0;
	    k = r->cuts[k].next) {
		const struct jcut *c = &r->cuts[k];

		if (c->len == klen && slo_same_bytes(key, c->text, klen))
			return c;
	}
	return NULL;
}

/*
 * The members of the object just entered, at node nd (NULL: no walk
 * stands there) reached by way `way`: each key that is the rest of a
 * walk's path sets that path's value (by this way); a key that is a
 * leading run of keys of some rests forgets what an earlier such key led
 * to and, on an object, goes on inside at the node below it.  1 at the
 * object's end, -1 to hand over.
 */
static int
jrec_object(slo_jrec *r, jscan *s, const struct jnode *nd, jway way,
    enum jlevel level)
{
	char *key;
	size_t klen;
	int k;

	while ((k = jscan_key(s, &key, &klen)) == 1) {
		int list = level == JL_MEMBERS, into_members = 0, below = -1;
		const struct jcut *c = nd != NULL ?
		    cut_find(r, nd, key, klen) : NULL;
		jway bway = 0;
		jscan_val v;
		slo_jval jv;

		if (level == JL_TOP && r->listed_first[(unsigned char)key[0]]) {
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
		if (c == NULL && !list && !into_members) {
			/* what jscan_skip() does, its first value read inline:
			 * most values passed over are strings or numbers */
			if (jscan_value(s, &v) < 0 ||
			    ((v.type == JSCAN_OBJECT || v.type == JSCAN_ARRAY) &&
			    skip_rest(s, v.type) < 0))
				return -1;
			continue;
		}
		if (c != NULL && c->deeper != 0) {
			below = c->below;
			bway = way | (jway)1 << c->seg;
			/* what an earlier one of this key led to is gone */
			for (uint32_t m = c->deeper & r->found; m != 0;
			    m &= m - 1)
				cand_forget(r, __builtin_ctz(m), bway,
				    c->seg + 1);
		}
		if (jscan_value(s, &v) < 0)
			return -1;
		jval_of_scan(&v, &jv);
		for (uint32_t m = c != NULL ? c->whole : 0; m != 0; m &= m - 1)
			if (!cand_set(r, __builtin_ctz(m), way, &jv))
				return -1;
		if (list && !members_put(level == JL_MEMBERS ? &r->mem : &r->pre,
		    key, klen, &jv))
			return -1;
		if (v.type == JSCAN_OBJECT && (below >= 0 || into_members)) {
			if (jrec_object(r, s, below >= 0 ? &r->node[below] : NULL,
			    bway, into_members ? JL_MEMBERS : JL_BELOW) < 0)
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

	r->found = 0;
	r->loaded = 0;
	r->mem.n = r->pre.n = 0;
	jscan_init(&s, buf, n);
	return jscan_open(&s) >= 0 &&
	    jrec_object(r, &s, &r->node[0], 0, JL_TOP) >= 0 &&
	    jscan_close(&s) >= 0;
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
		if (!jval_equal(slo_jrec_val(a, i), slo_jrec_val(b, i)))
			return 0;
	return members_equal(&a->mem, &b->mem) && members_equal(&a->pre, &b->pre);
}
