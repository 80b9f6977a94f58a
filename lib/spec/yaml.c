/*
 * yaml.c — libyaml events into small positioned trees (slo_yaml.h), their
 * lookups, errors and typed reads (the text readers under these are in
 * units.c, "did you mean" in suggest.c).
 *
 * Nodes live in one arena per file and are freed together.  An alias is
 * resolved to the anchored node itself (shared, never copied), so a
 * "billion laughs" file costs no memory to refuse: every node carries the
 * count of nodes it stands for once aliases are expanded, and the nodes
 * aliases and merges add beyond those written in the file are checked
 * against SLO_YAML_MAX_NODES each time a node or an alias is added.  Keys
 * are not counted (they are always scalars).
 *
 * Why the event API and not yaml_parser_load(), whose document already
 * holds positioned nodes (measured with libyaml 0.2.5, December 2026):
 * the loader builds the whole document before a caller can look at it,
 * so it cannot refuse nesting at level 257 as this does (10^4, 2x10^4 and
 * 4x10^4 nested '[' take 0.26, 1.1 and 4.3 s in it: quadratic); it makes
 * `&x [1, *x]` a cycle instead of an undefined alias; it refuses a second
 * anchor of one name, which YAML allows; and its nodes keep no position
 * for an alias, which the alias-limit errors report.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "slo_yaml.h"
#include "slo_num.h"

#define MAX_DEPTH 256
#define MAX_FILE_BYTES (256u << 20)

/* ---- arena ------------------------------------------------------------ */

struct chunk {
	struct chunk *next;
	size_t used, cap;
	union {
		max_align_t align;
		char bytes[1];
	} data[];
};

struct arena {
	struct chunk *head;
};

static void *
arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->head;
	size_t want = (n + 15) & ~(size_t)15, cap;

	if (want < n)
		return NULL;
	if (c == NULL || c->cap - c->used < want) {
		cap = want > 32768 ? want : 65536;
		if ((c = malloc(sizeof *c + cap)) == NULL)
			return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = a->head;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += want;
	return p;
}

static char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void
arena_free(struct arena *a)
{
	struct chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

/* ---- nodes and documents ---------------------------------------------- */

/* The public node plus what only this file needs. */
struct ynode {
	slo_ynode pub;
	size_t size;   /* nodes it stands for, aliases expanded */
	long end_line; /* 1-based line of its last character */
	int style;     /* yaml_scalar_style_t of a scalar */
};

struct slo_ydoc {
	char *file;
	char *text;    /* the source, for slo_ynode_pos() */
	size_t textlen;
	slo_ynode **roots;
	size_t nroots;
	struct arena arena;
};

const char *
slo_ydoc_file(const slo_ydoc *d)
{
	return d ? d->file : "";
}

size_t
slo_ydoc_count(const slo_ydoc *d)
{
	return d ? d->nroots : 0;
}

slo_ynode *
slo_ydoc_root(const slo_ydoc *d, size_t i)
{
	return d && i < d->nroots ? d->roots[i] : NULL;
}

void
slo_ydoc_free(slo_ydoc *d)
{
	if (d == NULL)
		return;
	arena_free(&d->arena);
	free(d->roots);
	free(d->text);
	free(d->file);
	free(d);
}

static slo_ydoc *
ydoc_new(const char *name)
{
	slo_ydoc *d = calloc(1, sizeof *d);

	if (d == NULL)
		return NULL;
	if ((d->file = strdup(name ? name : "")) == NULL) {
		free(d);
		return NULL;
	}
	return d;
}

/* ---- parser ----------------------------------------------------------- */

struct anchor {
	const char *name; /* in the arena */
	struct ynode *node;
};

struct vec {
	struct ynode **v;
	size_t n, cap;
};

struct yparse {
	yaml_parser_t p;
	slo_ydoc *d;
	slo_error *err;
	size_t total;           /* nodes of the expanded tree */
	size_t literal;         /* of which written in the text */
	struct anchor *anchors; /* open addressing, cap a power of two */
	size_t nanchors, capanchors;
};

static slo_status
vec_push(struct vec *v, struct ynode *n)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		struct ynode **p = realloc(v->v, cap * sizeof *p);
		if (p == NULL)
			return SLO_ENOMEM;
		v->v = p;
		v->cap = cap;
	}
	v->v[v->n++] = n;
	return SLO_OK;
}

static slo_status
perr(struct yparse *yp, slo_status st, yaml_mark_t m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static slo_status
perr(struct yparse *yp, slo_status st, yaml_mark_t m, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	slo_vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return slo_error_set(yp->err, st, yp->d->file, (long)m.line + 1,
	    (long)m.column + 1, "%s", msg);
}

static slo_status
nomem(struct yparse *yp)
{
	return slo_error_set(yp->err, SLO_ENOMEM, yp->d->file, 0, 0,
	    "out of memory");
}

static size_t
hash_str(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct anchor *
anchor_slot(struct yparse *yp, const char *name)
{
	size_t mask = yp->capanchors - 1, i = hash_str(name) & mask;

	while (yp->anchors[i].name != NULL &&
	    strcmp(yp->anchors[i].name, name) != 0)
		i = (i + 1) & mask;
	return &yp->anchors[i];
}

static slo_status
anchor_set(struct yparse *yp, const char *name, struct ynode *n)
{
	struct anchor *a;

	if (2 * (yp->nanchors + 1) > yp->capanchors) {
		size_t i, oldcap = yp->capanchors;
		struct anchor *old = yp->anchors;
		yp->capanchors = oldcap ? oldcap * 2 : 16;
		yp->anchors = calloc(yp->capanchors, sizeof *yp->anchors);
		if (yp->anchors == NULL) {
			yp->anchors = old;
			yp->capanchors = oldcap;
			return SLO_ENOMEM;
		}
		for (i = 0; i < oldcap; i++)
			if (old[i].name != NULL)
				*anchor_slot(yp, old[i].name) = old[i];
		free(old);
	}
	a = anchor_slot(yp, name);
	if (a->name == NULL) {
		/* YAML lets an anchor be redefined: the latest wins. */
		if ((a->name = arena_strndup(&yp->d->arena, name,
		    strlen(name))) == NULL)
			return SLO_ENOMEM;
		yp->nanchors++;
	}
	a->node = n;
	return SLO_OK;
}

static struct ynode *
anchor_get(struct yparse *yp, const char *name)
{
	if (yp->capanchors == 0)
		return NULL;
	return anchor_slot(yp, name)->node;
}

static void
anchors_reset(struct yparse *yp)
{
	free(yp->anchors);
	yp->anchors = NULL;
	yp->nanchors = yp->capanchors = 0;
}

static slo_status
next_event(struct yparse *yp, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&yp->p, ev)) {
		yaml_mark_t m = yp->p.problem_mark;
		if (yp->p.error == YAML_MEMORY_ERROR)
			return nomem(yp);
		if (yp->p.error == YAML_READER_ERROR) {
			/* The reader reports a byte offset, not a mark. */
			const char *pr = yp->p.problem ? yp->p.problem :
			    "unreadable input";
			size_t i, off = yp->p.problem_offset;
			long line = 1, col = 1;
			for (i = 0; i < off && i < yp->d->textlen; i++) {
				if (yp->d->text[i] == '\n') {
					line++;
					col = 1;
				} else if (((unsigned char)yp->d->text[i] & 0xc0) !=
				    0x80)
					col++;
			}
			return slo_error_set(yp->err, strstr(pr, "UTF") ?
			    SLO_EUTF8 : SLO_ESYNTAX, yp->d->file, line, col,
			    "invalid yaml: %s", pr);
		}
		return perr(yp, SLO_ESYNTAX, m, "invalid yaml: %s%s%s",
		    yp->p.problem ? yp->p.problem : "syntax error",
		    yp->p.context ? " " : "",
		    yp->p.context ? yp->p.context : "");
	}
	return SLO_OK;
}

/*
 * Count add more nodes of the expanded tree: one written in the text
 * (literal), or what an alias or a merge stands for.  Written nodes cost
 * memory and walking time in proportion to the file, which is bounded
 * (MAX_FILE_BYTES); what aliases add beyond the text is not, so that is
 * what SLO_YAML_MAX_NODES bounds: a registry of 100000 flags written out
 * loads, a billion laughs does not.
 */
static slo_status
count(struct yparse *yp, size_t add, int literal, yaml_mark_t m)
{
	size_t lit = yp->literal + (literal ? add : 0), extra;

	if (add > SIZE_MAX - yp->total)
		extra = SIZE_MAX;
	else
		extra = yp->total + add > lit ? yp->total + add - lit : 0;
	if (extra > SLO_YAML_MAX_NODES)
		return perr(yp, SLO_ELIMIT, m,
		    "more than %d nodes from aliases once expanded",
		    SLO_YAML_MAX_NODES);
	yp->total += add;
	yp->literal = lit;
	return SLO_OK;
}

static size_t
size_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static struct ynode *
node_new(struct yparse *yp, slo_ytype t, yaml_mark_t start, yaml_mark_t end)
{
	struct ynode *n = arena_alloc(&yp->d->arena, sizeof *n);

	if (n == NULL)
		return NULL;
	memset(n, 0, sizeof *n);
	n->pub.type = t;
	n->pub.line = (long)start.line + 1;
	n->pub.col = (long)start.column + 1;
	n->pub.str = "";
	n->end_line = (long)end.line + 1;
	n->size = 1;
	return n;
}

static int
is_merge_key(const struct ynode *k)
{
	return k->style == YAML_PLAIN_SCALAR_STYLE &&
	    strcmp(k->pub.str, "<<") == 0;
}

static int
cmp_keyidx(const void *a, const void *b)
{
	const slo_ynode *const *x = a, *const *y = b;
	int c = strcmp((*x)->str, (*y)->str);

	if (c != 0)
		return c;
	/* Equal keys: the earlier one first, so the later is reported. */
	return (*x)->line != (*y)->line ? ((*x)->line < (*y)->line ? -1 : 1) :
	    ((*x)->col < (*y)->col ? -1 : (*x)->col > (*y)->col);
}

/* The first key, in document order, that repeats an earlier one. */
static const slo_ynode *
find_duplicate(slo_ynode **keys, size_t n)
{
	const slo_ynode *dup = NULL;
	slo_ynode **tmp;
	size_t i, j;

	if (n <= 16) {
		for (i = 1; i < n; i++)
			for (j = 0; j < i; j++)
				if (strcmp(keys[i]->str, keys[j]->str) == 0)
					return keys[i];
		return NULL;
	}
	if ((tmp = malloc(n * sizeof *tmp)) == NULL)
		return NULL;
	memcpy(tmp, keys, n * sizeof *tmp);
	qsort(tmp, n, sizeof *tmp, cmp_keyidx);
	for (i = 1; i < n; i++) {
		if (strcmp(tmp[i]->str, tmp[i - 1]->str) != 0)
			continue;
		if (dup == NULL || tmp[i]->line < dup->line ||
		    (tmp[i]->line == dup->line && tmp[i]->col < dup->col))
			dup = tmp[i];
	}
	free(tmp);
	return dup;
}

static slo_status parse_node(struct yparse *yp, yaml_event_t *ev, int depth,
    int is_key, struct ynode **out);

/*
 * Merge keys (`<<: *base` or `<<: [*a, *b]`): pairs of the merged maps
 * are added when the map does not set the key itself; among several
 * merged maps the first that has a key wins.
 */
static slo_status
apply_merges(struct yparse *yp, struct vec *keys, struct vec *vals,
    yaml_mark_t m)
{
	struct vec k2 = { 0 }, v2 = { 0 }, srcs = { 0 };
	slo_status st = SLO_OK;
	size_t i, j, s;

	for (i = 0; i < keys->n; i++) {
		if (!is_merge_key(keys->v[i])) {
			if (vec_push(&k2, keys->v[i]) || vec_push(&v2, vals->v[i]))
				goto oom;
			continue;
		}
		struct ynode *v = vals->v[i];
		if (v->pub.type == SLO_Y_MAP) {
			if (vec_push(&srcs, v))
				goto oom;
			continue;
		}
		if (v->pub.type == SLO_Y_SEQ) {
			for (j = 0; j < v->pub.n; j++) {
				struct ynode *it = (struct ynode *)v->pub.items[j];
				if (it->pub.type != SLO_Y_MAP) {
					st = slo_error_set(yp->err, SLO_EINVAL,
					    yp->d->file, it->pub.line, it->pub.col,
					    "a merge key '<<' takes a map or a list of maps");
					goto out;
				}
				if (vec_push(&srcs, it))
					goto oom;
			}
			continue;
		}
		st = slo_error_set(yp->err, SLO_EINVAL, yp->d->file,
		    v->pub.line, v->pub.col,
		    "a merge key '<<' takes a map or a list of maps");
		goto out;
	}
	/*
	 * The `<<` values were counted when read; what counts now is the
	 * pairs they bring in.
	 */
	for (i = 0; i < keys->n; i++)
		if (is_merge_key(keys->v[i]))
			yp->total -= vals->v[i]->size < yp->total ?
			    vals->v[i]->size : yp->total;
	for (s = 0; s < srcs.n; s++) {
		slo_ynode *src = &srcs.v[s]->pub;
		for (j = 0; j < src->n; j++) {
			const char *key = src->keys[j]->str;
			int seen = 0;
			for (i = 0; i < k2.n && !seen; i++)
				seen = strcmp(k2.v[i]->pub.str, key) == 0;
			if (seen)
				continue;
			struct ynode *val = (struct ynode *)src->items[j];
			if ((st = count(yp, val->size, 0, m)) != SLO_OK)
				goto out;
			if (vec_push(&k2, (struct ynode *)src->keys[j]) ||
			    vec_push(&v2, val))
				goto oom;
		}
	}
	free(keys->v);
	free(vals->v);
	*keys = k2;
	*vals = v2;
	free(srcs.v);
	return SLO_OK;
oom:
	st = nomem(yp);
out:
	free(k2.v);
	free(v2.v);
	free(srcs.v);
	return st;
}

static slo_status
finish_container(struct yparse *yp, struct ynode *n, struct vec *keys,
    struct vec *vals)
{
	size_t i, size = 1;

	n->pub.n = vals->n;
	if (vals->n > 0) {
		n->pub.items = arena_alloc(&yp->d->arena,
		    vals->n * sizeof *n->pub.items);
		if (n->pub.items == NULL)
			return nomem(yp);
		for (i = 0; i < vals->n; i++) {
			n->pub.items[i] = &vals->v[i]->pub;
			size = size_add(size, vals->v[i]->size);
		}
	}
	if (keys != NULL && keys->n > 0) {
		n->pub.keys = arena_alloc(&yp->d->arena,
		    keys->n * sizeof *n->pub.keys);
		if (n->pub.keys == NULL)
			return nomem(yp);
		for (i = 0; i < keys->n; i++)
			n->pub.keys[i] = &keys->v[i]->pub;
	}
	n->size = size;
	return SLO_OK;
}

static slo_status
parse_children(struct yparse *yp, struct ynode *n, int depth)
{
	struct vec keys = { 0 }, vals = { 0 };
	yaml_event_t ev;
	yaml_event_type_t end = n->pub.type == SLO_Y_MAP ?
	    YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
	slo_status st;
	int merges = 0;

	for (;;) {
		struct ynode *k = NULL, *v = NULL;
		if ((st = next_event(yp, &ev)) != SLO_OK)
			goto out;
		if (ev.type == end) {
			n->end_line = (long)ev.end_mark.line + 1;
			yaml_event_delete(&ev);
			break;
		}
		if (n->pub.type == SLO_Y_MAP) {
			yaml_mark_t km = ev.start_mark;
			if ((st = parse_node(yp, &ev, depth + 1, 1, &k)) != SLO_OK)
				goto out;
			if (k->pub.type != SLO_Y_SCALAR) {
				st = perr(yp, SLO_EINVAL, km,
				    "a key must be a scalar");
				goto out;
			}
			merges += is_merge_key(k);
			if ((st = next_event(yp, &ev)) != SLO_OK)
				goto out;
		}
		if ((st = parse_node(yp, &ev, depth + 1, 0, &v)) != SLO_OK)
			goto out;
		if ((k != NULL && vec_push(&keys, k)) || vec_push(&vals, v)) {
			st = nomem(yp);
			goto out;
		}
	}
	if ((st = finish_container(yp, n, n->pub.type == SLO_Y_MAP ? &keys :
	    NULL, &vals)) != SLO_OK)
		goto out;
	if (n->pub.type == SLO_Y_MAP) {
		const slo_ynode *dup = find_duplicate(n->pub.keys, n->pub.n);
		if (dup != NULL) {
			char q[SLO_YQUOTE_BUFSZ];

			st = slo_error_set(yp->err, SLO_EINVAL, yp->d->file,
			    dup->line, dup->col, "duplicate key '%s'",
			    slo_yquote(dup->str, q));
			goto out;
		}
		if (merges > 0) {
			yaml_mark_t m = { 0, (size_t)n->pub.line - 1,
			    (size_t)n->pub.col - 1 };
			if ((st = apply_merges(yp, &keys, &vals, m)) != SLO_OK ||
			    (st = finish_container(yp, n, &keys, &vals)) != SLO_OK)
				goto out;
		}
	}
out:
	free(keys.v);
	free(vals.v);
	return st;
}

/*
 * Builds the node that starts with *ev (consumed).  is_key: the node is a
 * map key, not counted against the bound.
 */
static slo_status
parse_node(struct yparse *yp, yaml_event_t *ev, int depth, int is_key,
    struct ynode **out)
{
	yaml_mark_t m = ev->start_mark;
	struct ynode *n = NULL;
	const char *anchor = NULL;
	slo_status st = SLO_OK;

	*out = NULL;
	if (depth > MAX_DEPTH) {
		yaml_event_delete(ev);
		return perr(yp, SLO_ELIMIT, m, "nested deeper than %d levels",
		    MAX_DEPTH);
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		n = anchor_get(yp, (const char *)ev->data.alias.anchor);
		if (n == NULL) {
			char q[SLO_YQUOTE_BUFSZ];

			st = perr(yp, SLO_ESYNTAX, m, "undefined alias '%s'",
			    slo_yquote((const char *)ev->data.alias.anchor, q));
			break;
		}
		if (!is_key)
			st = count(yp, n->size, 0, m);
		break;
	case YAML_SCALAR_EVENT:
		if ((n = node_new(yp, SLO_Y_SCALAR, m, ev->end_mark)) == NULL ||
		    (n->pub.str = arena_strndup(&yp->d->arena,
		    (const char *)ev->data.scalar.value,
		    ev->data.scalar.length)) == NULL) {
			st = nomem(yp);
			break;
		}
		n->pub.len = ev->data.scalar.length;
		n->style = ev->data.scalar.style;
		n->pub.quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
		    (ev->data.scalar.tag != NULL &&
		    strcmp((const char *)ev->data.scalar.tag,
		    YAML_STR_TAG) == 0);
		anchor = (const char *)ev->data.scalar.anchor;
		if (!is_key)
			st = count(yp, 1, 1, m);
		if (st == SLO_OK && anchor != NULL &&
		    anchor_set(yp, anchor, n) != SLO_OK)
			st = nomem(yp);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		n = node_new(yp, ev->type == YAML_MAPPING_START_EVENT ?
		    SLO_Y_MAP : SLO_Y_SEQ, m, ev->end_mark);
		if (n == NULL) {
			st = nomem(yp);
			break;
		}
		anchor = (const char *)(ev->type == YAML_MAPPING_START_EVENT ?
		    ev->data.mapping_start.anchor :
		    ev->data.sequence_start.anchor);
		if (!is_key && (st = count(yp, 1, 1, m)) != SLO_OK)
			break;
		if ((st = parse_children(yp, n, depth)) != SLO_OK)
			break;
		/*
		 * Registered once complete, so `&a [*a]` is an undefined
		 * alias rather than a cycle.
		 */
		if (anchor != NULL && anchor_set(yp, anchor, n) != SLO_OK)
			st = nomem(yp);
		break;
	default:
		st = perr(yp, SLO_ESYNTAX, m, "invalid yaml: unexpected event");
		break;
	}
	yaml_event_delete(ev);
	if (st == SLO_OK)
		*out = n;
	return st;
}

static slo_status
parse_stream(struct yparse *yp)
{
	yaml_event_t ev;
	slo_status st;
	size_t cap = 0;

	if ((st = next_event(yp, &ev)) != SLO_OK)
		return st;
	yaml_event_delete(&ev); /* STREAM-START */
	for (;;) {
		struct ynode *root = NULL;
		if ((st = next_event(yp, &ev)) != SLO_OK)
			return st;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			return SLO_OK;
		}
		yaml_event_delete(&ev); /* DOCUMENT-START */
		if ((st = next_event(yp, &ev)) != SLO_OK)
			return st;
		if ((st = parse_node(yp, &ev, 0, 0, &root)) != SLO_OK)
			return st;
		if ((st = next_event(yp, &ev)) != SLO_OK)
			return st;
		yaml_event_delete(&ev); /* DOCUMENT-END */
		anchors_reset(yp); /* anchors are local to a document */
		/* "---" alone is an empty plain scalar: an empty document. */
		if (root->pub.type == SLO_Y_SCALAR && root->pub.len == 0 &&
		    !root->pub.quoted)
			root = NULL;
		if (yp->d->nroots == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			slo_ynode **p = realloc(yp->d->roots, ncap * sizeof *p);
			if (p == NULL)
				return nomem(yp);
			yp->d->roots = p;
			cap = ncap;
		}
		yp->d->roots[yp->d->nroots++] = root ? &root->pub : NULL;
	}
}

slo_ydoc *
slo_ydoc_load_string(const char *name, const char *text, size_t n,
    slo_error *err)
{
	struct yparse yp;
	slo_ydoc *d;
	slo_status st;

	slo_error_clear(err);
	if ((d = ydoc_new(name)) == NULL) {
		slo_error_set(err, SLO_ENOMEM, name, 0, 0, "out of memory");
		return NULL;
	}
	if ((d->text = malloc(n + 1)) == NULL) {
		slo_ydoc_free(d);
		slo_error_set(err, SLO_ENOMEM, name, 0, 0, "out of memory");
		return NULL;
	}
	if (n > 0)
		memcpy(d->text, text, n);
	d->text[n] = '\0';
	d->textlen = n;
	memset(&yp, 0, sizeof yp);
	yp.d = d;
	yp.err = err;
	if (!yaml_parser_initialize(&yp.p)) {
		slo_ydoc_free(d);
		slo_error_set(err, SLO_ENOMEM, name, 0, 0, "out of memory");
		return NULL;
	}
	yaml_parser_set_input_string(&yp.p, (const unsigned char *)d->text, n);
	st = parse_stream(&yp);
	yaml_parser_delete(&yp.p);
	anchors_reset(&yp);
	if (st != SLO_OK) {
		slo_ydoc_free(d);
		return NULL;
	}
	return d;
}

slo_ydoc *
slo_ydoc_load_file(const char *path, slo_error *err)
{
	FILE *fp;
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	slo_ydoc *d;

	slo_error_clear(err);
	if ((fp = fopen(path, "rb")) == NULL) {
		slo_error_set(err, errno == ENOENT ? SLO_ENOTFOUND : SLO_EIO,
		    path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *p;
			if (cap >= MAX_FILE_BYTES) {
				slo_error_set(err, SLO_ELIMIT, path, 0, 0,
				    "file larger than %u bytes", MAX_FILE_BYTES);
				goto fail;
			}
			if ((p = realloc(buf, ncap)) == NULL) {
				slo_error_set(err, SLO_ENOMEM, path, 0, 0,
				    "out of memory");
				goto fail;
			}
			buf = p;
			cap = ncap;
		}
		got = fread(buf + len, 1, cap - len, fp);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		slo_error_set(err, SLO_EIO, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		goto fail;
	}
	fclose(fp);
	d = slo_ydoc_load_string(path, buf ? buf : "", len, err);
	free(buf);
	return d;
fail:
	fclose(fp);
	free(buf);
	return NULL;
}

/*
 * A document of one map of plain scalars, for values that come from
 * somewhere other than a file (command-line options).  Pair i sits at
 * line i + 1, column 1, so an error names the pair.
 */
slo_ydoc *
slo_ydoc_new_kv(const char *name, const char *const *keys,
    const char *const *vals, size_t n, slo_error *err)
{
	slo_ydoc *d;
	struct ynode *map;
	size_t i;

	slo_error_clear(err);
	if ((d = ydoc_new(name)) == NULL ||
	    (d->roots = malloc(sizeof *d->roots)) == NULL ||
	    (map = arena_alloc(&d->arena, sizeof *map)) == NULL)
		goto oom;
	memset(map, 0, sizeof *map);
	map->pub.type = SLO_Y_MAP;
	map->pub.line = map->pub.col = 0; /* the whole: no pair */
	map->pub.str = "";
	map->size = 1 + n;
	map->pub.n = n;
	if (n > 0 &&
	    ((map->pub.keys = arena_alloc(&d->arena, n * sizeof(void *))) == NULL ||
	    (map->pub.items = arena_alloc(&d->arena, n * sizeof(void *))) == NULL))
		goto oom;
	for (i = 0; i < n; i++) {
		int j;
		for (j = 0; j < 2; j++) {
			const char *s = j ? vals[i] : keys[i];
			struct ynode *x = arena_alloc(&d->arena, sizeof *x);
			if (x == NULL || s == NULL)
				goto oom;
			memset(x, 0, sizeof *x);
			x->pub.type = SLO_Y_SCALAR;
			x->pub.line = x->end_line = (long)i + 1;
			x->pub.col = 1;
			x->pub.len = strlen(s);
			if ((x->pub.str = arena_strndup(&d->arena, s,
			    x->pub.len)) == NULL)
				goto oom;
			x->style = YAML_PLAIN_SCALAR_STYLE;
			x->size = 1;
			if (j)
				map->pub.items[i] = &x->pub;
			else
				map->pub.keys[i] = &x->pub;
		}
	}
	if (find_duplicate(map->pub.keys, n) != NULL) {
		const slo_ynode *dup = find_duplicate(map->pub.keys, n);
		char q[SLO_YQUOTE_BUFSZ];

		slo_error_set(err, SLO_EINVAL, name, dup->line, dup->col,
		    "duplicate key '%s'", slo_yquote(dup->str, q));
		slo_ydoc_free(d);
		return NULL;
	}
	d->roots[0] = &map->pub;
	d->nroots = 1;
	return d;
oom:
	slo_ydoc_free(d);
	slo_error_set(err, SLO_ENOMEM, name, 0, 0, "out of memory");
	return NULL;
}

/* ---- lookups and errors ----------------------------------------------- */

slo_ynode *
slo_ynode_get(const slo_ynode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != SLO_Y_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->str, key) == 0)
			return map->items[i];
	return NULL;
}

const char *
slo_yquote(const char *s, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, k = 0, len = strlen(s), cut = len;

	if (len > SLO_YQUOTE_MAX) {
		cut = SLO_YQUOTE_MAX;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--; /* not inside a UTF-8 sequence */
	}
	for (i = 0; i < cut; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '\\') {
			buf[k++] = '\\';
			if (c == '\\') {
				buf[k++] = '\\';
				continue;
			}
			buf[k++] = 'x';
			buf[k++] = hex[c >> 4];
			buf[k++] = hex[c & 15];
		} else
			buf[k++] = (char)c;
	}
	if (cut < len) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = '\0';
	return buf;
}

/* msg with control bytes as \xNN, cut to fit n bytes. */
static void
escape_controls(const char *msg, char *out, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;

	for (; *msg != '\0' && k + 5 < n; msg++) {
		unsigned char c = (unsigned char)*msg;

		if (c < 0x20 || c == 0x7f) {
			out[k++] = '\\';
			out[k++] = 'x';
			out[k++] = hex[c >> 4];
			out[k++] = hex[c & 15];
		} else
			out[k++] = (char)c;
	}
	out[k] = '\0';
}

slo_status
slo_ynode_error(const slo_ydoc *d, const slo_ynode *n, slo_status st,
    slo_error *err, const char *fmt, ...)
{
	char msg[sizeof err->msg], out[sizeof err->msg];
	va_list ap;

	va_start(ap, fmt);
	slo_vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	escape_controls(msg, out, sizeof out);
	return slo_error_set(err, st, slo_ydoc_file(d), n ? n->line : 0,
	    n ? n->col : 0, "%s", out);
}

int
slo_ynode_is_null(const slo_ynode *n)
{
	if (n == NULL)
		return 1;
	if (n->type != SLO_Y_SCALAR || n->quoted)
		return 0;
	return n->len == 0 || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	    strcmp(n->str, "NULL") == 0;
}

const char *
slo_ynode_what(const slo_ynode *n)
{
	if (n == NULL || slo_ynode_is_null(n))
		return "nothing";
	switch (n->type) {
	case SLO_Y_MAP: return "a map";
	case SLO_Y_SEQ: return "a list";
	case SLO_Y_SCALAR: break;
	}
	return "a scalar";
}

slo_status
slo_ynode_expect(const slo_ydoc *d, const slo_ynode *n, slo_ytype t,
    slo_error *err)
{
	static const char *const want[] = { "a scalar", "a map", "a list" };

	if (n != NULL && n->type == t && !(t == SLO_Y_SCALAR &&
	    slo_ynode_is_null(n)))
		return SLO_OK;
	return slo_ynode_error(d, n, SLO_EINVAL, err, "expected %s, got %s",
	    want[t], slo_ynode_what(n));
}

static int
is_root(const slo_ydoc *d, const slo_ynode *n)
{
	size_t i;

	for (i = 0; i < slo_ydoc_count(d); i++)
		if (slo_ydoc_root(d, i) == n)
			return 1;
	return 0;
}

/* "'a', 'b' or 'c'" in buf, cut with "..." when it does not fit. */
static const char *
key_list(const char *const *keys, char *buf, size_t n)
{
	size_t i, k = 0;
	int w;

	buf[0] = '\0';
	for (i = 0; keys[i] != NULL; i++) {
		w = slo_snprintf(buf + k, n - k, "%s'%s'", i == 0 ? "" :
		    keys[i + 1] == NULL ? " or " : ", ", keys[i]);
		if (w < 0 || (size_t)w >= n - k) {
			strcpy(buf + (k + 4 < n ? k : n - 5), " ...");
			break;
		}
		k += (size_t)w;
	}
	return buf;
}

slo_status
slo_ynode_check_keys(const slo_ydoc *d, const slo_ynode *map,
    const char *const *allowed, slo_error *err)
{
	size_t i, j;
	slo_status st;

	const slo_ynode *bad = NULL;
	const char *hint = NULL;
	char q[SLO_YQUOTE_BUFSZ];
	size_t known = 0;

	if ((st = slo_ynode_expect(d, map, SLO_Y_MAP, err)) != SLO_OK)
		return st;
	for (i = 0; i < map->n; i++) {
		const slo_ynode *k = map->keys[i];

		for (j = 0; allowed[j] != NULL; j++)
			if (strcmp(k->str, allowed[j]) == 0)
				break;
		if (allowed[j] != NULL) {
			known++;
			continue;
		}
		if (bad == NULL) {
			bad = k;
			hint = slo_suggest(k->str, allowed);
		}
	}
	if (bad == NULL)
		return SLO_OK;
	if (hint != NULL)
		return slo_ynode_error(d, bad, SLO_EINVAL, err,
		    "unknown key '%s'; did you mean '%s'?",
		    slo_yquote(bad->str, q), hint);
	if (known == 0 && is_root(d, map))
		return slo_ynode_error(d, bad, SLO_EINVAL, err,
		    "not the kind of file expected: no top-level key is %s "
		    "(its content is not shown)", key_list(allowed, q,
		    sizeof q));
	return slo_ynode_error(d, bad, SLO_EINVAL, err, "unknown key '%s'",
	    slo_yquote(bad->str, q));
}

/* ---- positions inside scalars ----------------------------------------- */

/* Characters (as libyaml counts columns) in the first off bytes of s. */
static long
chars(const char *s, size_t off)
{
	long c = 0;
	size_t i;

	for (i = 0; i < off; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

void
slo_ynode_pos(const slo_ydoc *d, const slo_ynode *n, size_t off,
    long *line, long *col)
{
	const struct ynode *x = (const struct ynode *)n;
	const char *t, *p, *end;
	size_t k;
	long indent = 0;

	*line = n->line;
	*col = n->col;
	if (n->type != SLO_Y_SCALAR)
		return;
	if (off > n->len)
		off = n->len;
	switch (x->style) {
	case YAML_PLAIN_SCALAR_STYLE:
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		/* Exact when the value is the source text on one line. */
		if (x->end_line == n->line)
			*col = n->col + (x->style != YAML_PLAIN_SCALAR_STYLE) +
			    chars(n->str, off);
		return;
	case YAML_LITERAL_SCALAR_STYLE:
		/*
		 * A literal block keeps its lines: value line k is source
		 * line (header line + 1 + k), shifted by the indentation.
		 */
		if (d == NULL || d->text == NULL)
			return;
		/* the end of the text is the end of its last line */
		if (off > 0 && off == n->len && n->str[off - 1] == '\n')
			off--;
		t = d->text;
		end = t + d->textlen;
		for (p = t, k = 1; p < end && (long)k < n->line; p++)
			if (*p == '\n')
				k++;
		while (p < end && *p != '\n')
			p++;
		if (p == end)
			return;
		p++; /* first content line */
		{
			const char *q = p;
			/* indentation of the first non-blank line */
			for (;;) {
				const char *s = q;
				while (s < end && *s == ' ')
					s++;
				if (s < end && *s == '\n') {
					q = s + 1;
					continue;
				}
				indent = (long)(s - q);
				break;
			}
		}
		{
			long l = n->line + 1, c = 1;
			for (k = 0; k < off; k++) {
				if (n->str[k] == '\n') {
					l++;
					c = 1;
				} else if (((unsigned char)n->str[k] & 0xc0) != 0x80)
					c++;
			}
			*line = l;
			*col = c + indent;
		}
		return;
	default:
		return;
	}
}

/* ---- typed readers ---------------------------------------------------- */

static slo_status
scalar_text(const slo_ydoc *d, const slo_ynode *n, const char *what,
    slo_error *err)
{
	if (n == NULL || n->type != SLO_Y_SCALAR || slo_ynode_is_null(n))
		return slo_ynode_error(d, n, SLO_EINVAL, err,
		    "expected %s, got %s", what, slo_ynode_what(n));
	if (strlen(n->str) != n->len)
		return slo_ynode_error(d, n, SLO_EINVAL, err,
		    "expected %s, got a string with a NUL byte", what);
	return SLO_OK;
}

slo_status
slo_ynode_string(const slo_ydoc *d, const slo_ynode *n, const char **out,
    slo_error *err)
{
	slo_status st;

	if ((st = scalar_text(d, n, "a string", err)) != SLO_OK)
		return st;
	*out = n->str;
	return SLO_OK;
}

slo_status
slo_ynode_number(const slo_ydoc *d, const slo_ynode *n, double *out,
    slo_error *err)
{
	char q[SLO_YQUOTE_BUFSZ];
	slo_status st;

	if ((st = scalar_text(d, n, "a number", err)) != SLO_OK)
		return st;
	if (n->quoted)
		return slo_ynode_error(d, n, SLO_EINVAL, err,
		    "expected a number, got the string '%s'", slo_yquote(n->str, q));
	if (!slo_decimal_parse(n->str, n->len, out))
		return slo_ynode_error(d, n, SLO_EINVAL, err,
		    "expected a number, got '%s'", slo_yquote(n->str, q));
	return SLO_OK;
}

slo_status
slo_ynode_bool(const slo_ydoc *d, const slo_ynode *n, int *out,
    slo_error *err)
{
	char q[SLO_YQUOTE_BUFSZ];
	static const char *const t[] = { "true", "True", "TRUE" };
	static const char *const f[] = { "false", "False", "FALSE" };
	slo_status st;
	int i;

	if ((st = scalar_text(d, n, "true or false", err)) != SLO_OK)
		return st;
	if (!n->quoted) {
		for (i = 0; i < 3; i++) {
			if (strcmp(n->str, t[i]) == 0) {
				*out = 1;
				return SLO_OK;
			}
			if (strcmp(n->str, f[i]) == 0) {
				*out = 0;
				return SLO_OK;
			}
		}
	}
	/* YAML 1.2 core schema: yes/no/on/off are strings, not booleans. */
	return slo_ynode_error(d, n, SLO_EINVAL, err,
	    "expected true or false, got '%s'", slo_yquote(n->str, q));
}

slo_status
slo_ynode_duration(const slo_ydoc *d, const slo_ynode *n, slo_ns *out,
    slo_error *err)
{
	char q[SLO_YQUOTE_BUFSZ];
	size_t errpos = 0;
	slo_status st;
	long line, col;

	if ((st = scalar_text(d, n, "a duration", err)) != SLO_OK)
		return st;
	st = slo_duration_parse(n->str, n->len, out, &errpos);
	if (st == SLO_OK)
		return SLO_OK;
	slo_ynode_pos(d, n, errpos, &line, &col);
	return slo_error_set(err, st == SLO_ENOMEM ? st : SLO_EINVAL,
	    slo_ydoc_file(d), line, col,
	    "invalid duration '%s': expected a number and a unit "
	    "(ns us ms s m h d w), as in '30d' or '1h30m'",
	    slo_yquote(n->str, q));
}

slo_status
slo_ynode_share(const slo_ydoc *d, const slo_ynode *n, double *out,
    slo_error *err)
{
	char q[SLO_YQUOTE_BUFSZ];
	slo_status st;

	if ((st = scalar_text(d, n, "a share", err)) != SLO_OK)
		return st;
	st = slo_share_parse(n->str, n->len, out);
	if (st == SLO_ERANGE && n->str[n->len - 1] == '%')
		return slo_ynode_error(d, n, SLO_ERANGE, err,
		    "share '%s' out of range 0%%..100%%",
		    slo_yquote(n->str, q));
	if (st == SLO_ERANGE)
		return slo_ynode_error(d, n, SLO_ERANGE, err,
		    "share '%s' out of range 0..1 (write '%s%%' for a percentage)",
		    slo_yquote(n->str, q), q);
	if (st != SLO_OK)
		return slo_ynode_error(d, n, SLO_EINVAL, err,
		    "expected a share such as '99.9%%' or 0.999, got '%s'",
		    slo_yquote(n->str, q));
	return SLO_OK;
}

slo_status
slo_ynode_time(const slo_ydoc *d, const slo_ynode *n, slo_ns *out,
    slo_error *err)
{
	char q[SLO_YQUOTE_BUFSZ];
	size_t errpos = 0;
	slo_status st;
	long line, col;

	if ((st = scalar_text(d, n, "a date or a time", err)) != SLO_OK)
		return st;
	if (slo_day_or_time_parse(n->str, n->len, out, &errpos) == SLO_OK)
		return SLO_OK;
	slo_ynode_pos(d, n, errpos, &line, &col);
	return slo_error_set(err, SLO_EINVAL, slo_ydoc_file(d), line, col,
	    "invalid time '%s': expected a date such as 2026-11-01 or an "
	    "RFC 3339 time such as 2026-11-01T09:30:00Z",
	    slo_yquote(n->str, q));
}
