/*
 * flags_spec.c — the flag registry of slo-spec(5): its `flags:` sections
 * as plain data (slo_flags_spec.h).  The file around them is read by
 * spec.c (slo_spec_section()): the top-level keys, OpenSLO documents and
 * `slos:` are checked there, once.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_flags_spec.h"
#include "slo_num.h"

/* ---- names ------------------------------------------------------------ */

static const char *const type_names[SLO_FLAG__NTYPES + 1] = {
	"release", "experiment", "operational", "kill-switch", "permission",
	NULL
};
/* DESIGN.md section 7: release 40 d, experiment 40 d, operational 7 d. */
static const int type_days[SLO_FLAG__NTYPES] = { 40, 40, 7, 0, 0 };

static const char *const stage_names[] = {
	"alpha", "beta", "ga", "deprecated", NULL
};

static int
find_name(const char *const *names, size_t n, const char *s)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

const char *
slo_flag_type_name(slo_flag_type t)
{
	return (unsigned)t < SLO_FLAG__NTYPES ? type_names[t] : "?";
}

int
slo_flag_type_from_name(const char *name)
{
	return find_name(type_names, SLO_FLAG__NTYPES, name);
}

slo_ns
slo_flag_type_lifetime(slo_flag_type t)
{
	return (unsigned)t < SLO_FLAG__NTYPES ?
	    type_days[t] * SLO_NS_PER_DAY : 0;
}

/* ---- registry --------------------------------------------------------- */

struct slo_flag_registry {
	slo_flag_def *defs;
	size_t n, cap;
	uint32_t *index;   /* open addressing: defs index + 1, 0 empty */
	size_t nindex;     /* a power of two, at least 2 n */
};

slo_flag_registry *
slo_flag_registry_new(void)
{
	return calloc(1, sizeof(slo_flag_registry));
}

static void
free_list(const char *const *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free((char *)l[i]);
	free((char **)l);
}

static void
def_release(slo_flag_def *d)
{
	free((char *)d->key);
	free((char *)d->owner);
	free((char *)d->stage);
	free((char *)d->description);
	free((char *)d->file);
	free_list(d->variants, d->nvariants);
	free_list(d->segments, d->nsegments);
	free_list(d->subjects, d->nsubjects);
}

void
slo_flag_registry_free(slo_flag_registry *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		def_release(&r->defs[i]);
	free(r->defs);
	free(r->index);
	free(r);
}

/* Slot of key in r->index: where it is, or the empty slot it would take. */
static size_t
index_slot(const slo_flag_registry *r, const char *key)
{
	size_t i = (size_t)slo_hash64(key, strlen(key)) & (r->nindex - 1);

	while (r->index[i] != 0 && strcmp(r->defs[r->index[i] - 1].key,
	    key) != 0)
		i = (i + 1) & (r->nindex - 1);
	return i;
}

/*
 * Room in the index for one more key, at most half full, so that finding a
 * flag stays O(1) and loading 100000 flags is not quadratic.
 */
static int
index_reserve(slo_flag_registry *r)
{
	uint32_t *old = r->index;
	size_t oldn = r->nindex, i;

	if (2 * (r->n + 1) <= r->nindex)
		return 0;
	if (r->n >= UINT32_MAX / 2)
		return -1;
	r->nindex = r->nindex ? 2 * r->nindex : 64;
	if ((r->index = calloc(r->nindex, sizeof *r->index)) == NULL) {
		r->index = old;
		r->nindex = oldn;
		return -1;
	}
	for (i = 0; i < r->n; i++)
		r->index[index_slot(r, r->defs[i].key)] = (uint32_t)i + 1;
	free(old);
	return 0;
}

static int
dup_str(const char *s, const char **out)
{
	*out = NULL;
	if (s == NULL)
		return 0;
	return (*out = strdup(s)) == NULL ? -1 : 0;
}

static int
dup_list(const char *const *l, size_t n, const char *const **out)
{
	char **c;
	size_t i;

	*out = NULL;
	if (n == 0)
		return 0;
	if ((c = calloc(n, sizeof *c)) == NULL)
		return -1;
	*out = (const char *const *)c;
	for (i = 0; i < n; i++)
		if ((c[i] = strdup(l[i])) == NULL)
			return -1;
	return 0;
}

slo_status
slo_flag_registry_add(slo_flag_registry *r, const slo_flag_def *def,
    slo_error *err)
{
	slo_flag_def *d;
	void *p;
	const slo_flag_def *old;

	if (def->key == NULL || *def->key == '\0')
		return slo_error_set(err, SLO_EINVAL, def->file, def->line,
		    def->col, "flag without a key");
	if ((old = slo_flag_registry_find(r, def->key)) != NULL)
		return slo_error_set(err, SLO_EINVAL, def->file, def->line,
		    def->col, "duplicate flag '%s' (first at line %ld)",
		    def->key, old->line);
	if (index_reserve(r) != 0)
		goto nomem;
	if (r->n == r->cap) {
		size_t nc = r->cap ? 2 * r->cap : 16;
		if ((p = realloc(r->defs, nc * sizeof *r->defs)) == NULL)
			goto nomem;
		r->defs = p;
		r->cap = nc;
	}
	d = &r->defs[r->n];
	*d = *def;
	d->key = d->owner = d->stage = d->description = d->file = NULL;
	d->variants = d->segments = d->subjects = NULL;
	d->nvariants = d->nsegments = d->nsubjects = 0;
	if (dup_str(def->key, &d->key) || dup_str(def->owner, &d->owner) ||
	    dup_str(def->stage, &d->stage) ||
	    dup_str(def->description, &d->description) ||
	    dup_str(def->file ? def->file : "", &d->file) ||
	    (d->nvariants = def->nvariants,
	    dup_list(def->variants, def->nvariants, &d->variants)) ||
	    (d->nsegments = def->nsegments,
	    dup_list(def->segments, def->nsegments, &d->segments)) ||
	    (d->nsubjects = def->nsubjects,
	    dup_list(def->subjects, def->nsubjects, &d->subjects))) {
		/* lists are calloc'd, so a partial copy frees cleanly */
		def_release(d);
		goto nomem;
	}
	r->index[index_slot(r, d->key)] = (uint32_t)r->n + 1;
	r->n++;
	return SLO_OK;
nomem:
	return slo_error_set(err, SLO_ENOMEM, def->file, def->line, def->col,
	    "out of memory");
}

size_t
slo_flag_registry_count(const slo_flag_registry *r)
{
	return r != NULL ? r->n : 0;
}

const slo_flag_def *
slo_flag_registry_get(const slo_flag_registry *r, size_t i)
{
	return i < r->n ? &r->defs[i] : NULL;
}

const slo_flag_def *
slo_flag_registry_find(const slo_flag_registry *r, const char *key)
{
	size_t i;

	if (r->n == 0)
		return NULL;
	i = index_slot(r, key);
	return r->index[i] != 0 ? &r->defs[r->index[i] - 1] : NULL;
}

/* ---- registry from YAML ----------------------------------------------- */


/* "unknown stage 'bta'; did you mean 'beta'?", else the choices. */
static slo_status
suggest_error_(const slo_ydoc *d, const slo_ynode *n, const char *what,
    const char *word, const char *const *choices, slo_error *err)
{
	const char *near = slo_suggest(word, choices);
	char q[SLO_YQUOTE_BUFSZ];
	slo_buf b = {0};
	size_t i;
	slo_status st;

	word = slo_yquote(word, q);
	if (near != NULL)
		return slo_ynode_error(d, n, SLO_EINVAL, err,
		    "unknown %s '%s'; did you mean '%s'?", what, word, near);
	for (i = 0; choices[i] != NULL; i++)
		slo_buf_printf(&b, "%s%s", i == 0 ? "" : choices[i + 1] ?
		    ", " : " or ", choices[i]);
	st = slo_ynode_error(d, n, SLO_EINVAL, err, "unknown %s '%s' (%s)",
	    what, word, b.data ? b.data : "");
	slo_buf_release(&b);
	return st;
}
#define suggest_error(d, n, what, word, choices) \
	suggest_error_(d, n, what, word, choices, err)

/* A list of strings; the pointers borrow from the document. */
static slo_status
load_list(const slo_ydoc *d, const slo_ynode *n, const char *what,
    const char ***out, size_t *nout, slo_error *err)
{
	const char **l;
	size_t i;
	slo_status st;

	*out = NULL;
	*nout = 0;
	if ((st = slo_ynode_expect(d, n, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	if (n->n == 0)
		return SLO_OK;
	if ((l = calloc(n->n, sizeof *l)) == NULL)
		return slo_ynode_error(d, n, SLO_ENOMEM, err, "out of memory");
	for (i = 0; i < n->n; i++) {
		if ((st = slo_ynode_string(d, n->items[i], &l[i], err)) != SLO_OK) {
			free(l);
			return st;
		}
		if (*l[i] == '\0') {
			free(l);
			return slo_ynode_error(d, n->items[i], SLO_EINVAL, err,
			    "empty item in '%s'", what);
		}
	}
	*out = l;
	*nout = n->n;
	return SLO_OK;
}

static slo_status
load_alpha(const slo_ydoc *d, const slo_ynode *n, slo_flag_def *def,
    slo_error *err)
{
	static const char *const keys[] = {
		"variants", "segments", "subjects", "max_exposure", NULL
	};
	const slo_ynode *v;
	slo_status st;

	if ((st = slo_ynode_check_keys(d, n, keys, err)) != SLO_OK)
		return st;
	if ((v = slo_ynode_get(n, "variants")) == NULL)
		return slo_ynode_error(d, n, SLO_EINVAL, err,
		    "alpha needs 'variants'");
	if ((st = load_list(d, v, "variants", (const char ***)&def->variants,
	    &def->nvariants, err)) != SLO_OK)
		return st;
	if (def->nvariants == 0)
		return slo_ynode_error(d, v, SLO_EINVAL, err,
		    "'variants' is empty");
	if ((v = slo_ynode_get(n, "segments")) != NULL &&
	    (st = load_list(d, v, "segments", (const char ***)&def->segments,
	    &def->nsegments, err)) != SLO_OK)
		return st;
	if ((v = slo_ynode_get(n, "subjects")) != NULL &&
	    (st = load_list(d, v, "subjects", (const char ***)&def->subjects,
	    &def->nsubjects, err)) != SLO_OK)
		return st;
	if ((v = slo_ynode_get(n, "max_exposure")) != NULL) {
		if ((st = slo_ynode_share(d, v, &def->max_exposure, err)) != SLO_OK)
			return st;
		if (!(def->max_exposure >= 0 && def->max_exposure <= 1))
			return slo_ynode_error(d, v, SLO_ERANGE, err,
			    "max_exposure '%s' is not within 0..100%%", v->str);
	}
	def->has_alpha = 1;
	return SLO_OK;
}

static slo_status
load_flag(slo_flag_registry *r, const slo_ydoc *d, const slo_ynode *n,
    slo_error *err)
{
	static const char *const keys[] = {
		"key", "owner", "type", "created", "expires", "stage", "alpha",
		"description", NULL
	};
	slo_flag_def def;
	const slo_ynode *v, *kn;
	const char *s;
	slo_status st;
	int t;

	memset(&def, 0, sizeof def);
	def.created = def.expires = SLO_NS_NONE;
	def.max_exposure = NAN;
	def.file = slo_ydoc_file(d);
	def.line = n->line;
	def.col = n->col;
	if (n->type != SLO_Y_MAP)
		return slo_ynode_error(d, n, SLO_EINVAL, err,
		    "a flag must be a map with 'key', 'owner', 'type', ...");
	if ((st = slo_ynode_check_keys(d, n, keys, err)) != SLO_OK)
		return st;
	if ((kn = slo_ynode_get(n, "key")) == NULL)
		return slo_ynode_error(d, n, SLO_EINVAL, err,
		    "flag needs a 'key'");
	if ((st = slo_ynode_string(d, kn, &def.key, err)) != SLO_OK)
		return st;
	if (*def.key == '\0')
		return slo_ynode_error(d, kn, SLO_EINVAL, err, "empty flag key");
	if ((v = slo_ynode_get(n, "owner")) != NULL && !slo_ynode_is_null(v) &&
	    (st = slo_ynode_string(d, v, &def.owner, err)) != SLO_OK)
		return st;
	if ((v = slo_ynode_get(n, "type")) == NULL)
		return slo_ynode_error(d, n, SLO_EINVAL, err,
		    "flag '%s' needs a 'type' (release, experiment, "
		    "operational, kill-switch or permission)", def.key);
	if ((st = slo_ynode_string(d, v, &s, err)) != SLO_OK)
		return st;
	if ((t = slo_flag_type_from_name(s)) < 0)
		return suggest_error(d, v, "flag type", s, type_names);
	def.type = (slo_flag_type)t;
	if ((v = slo_ynode_get(n, "created")) != NULL &&
	    (st = slo_ynode_time(d, v, &def.created, err)) != SLO_OK)
		return st;
	if ((v = slo_ynode_get(n, "expires")) != NULL) {
		if ((st = slo_ynode_time(d, v, &def.expires, err)) != SLO_OK)
			return st;
		if (def.created != SLO_NS_NONE && def.expires < def.created)
			return slo_ynode_error(d, v, SLO_EINVAL, err,
			    "expires '%s' is before created", v->str);
	}
	if ((v = slo_ynode_get(n, "stage")) != NULL) {
		if ((st = slo_ynode_string(d, v, &def.stage, err)) != SLO_OK)
			return st;
		if (find_name(stage_names, 4, def.stage) < 0)
			return suggest_error(d, v, "stage", def.stage,
			    stage_names);
	}
	if ((v = slo_ynode_get(n, "description")) != NULL &&
	    (st = slo_ynode_string(d, v, &def.description, err)) != SLO_OK)
		return st;
	if ((v = slo_ynode_get(n, "alpha")) != NULL &&
	    (st = load_alpha(d, v, &def, err)) != SLO_OK)
		goto out;
	if (slo_flag_registry_find(r, def.key) != NULL) {
		st = slo_ynode_error(d, kn, SLO_EINVAL, err,
		    "duplicate flag '%s' (first at line %ld)", def.key,
		    slo_flag_registry_find(r, def.key)->line);
		goto out;
	}
	st = slo_flag_registry_add(r, &def, err);
out:
	free((void *)def.variants);
	free((void *)def.segments);
	free((void *)def.subjects);
	return st;
}

slo_status
slo_flag_registry_load_section(slo_flag_registry *r, const slo_ydoc *d,
    const slo_ynode *flags, slo_error *err)
{
	size_t i;
	slo_status st;

	if (flags == NULL || slo_ynode_is_null(flags))
		return SLO_OK;
	if ((st = slo_ynode_expect(d, flags, SLO_Y_SEQ, err)) != SLO_OK)
		return st;
	for (i = 0; i < flags->n; i++)
		if ((st = load_flag(r, d, flags->items[i], err)) != SLO_OK)
			return st;
	return SLO_OK;
}

slo_status
slo_flag_registry_load_spec(slo_flag_registry *r, const slo_spec *s,
    slo_error *err)
{
	const slo_ynode *flags;
	const slo_ydoc *d;
	slo_status st;
	size_t i;

	for (i = 0; (flags = slo_spec_section(s, "flags", i, &d)) != NULL; i++)
		if ((st = slo_flag_registry_load_section(r, d, flags, err)) !=
		    SLO_OK)
			return st;
	return SLO_OK;
}

slo_status
slo_flag_registry_load_string(slo_flag_registry *r, const char *name,
    const char *text, size_t n, slo_error *err)
{
	slo_spec *s;
	slo_status st;

	if ((s = slo_spec_new()) == NULL)
		return slo_error_set(err, SLO_ENOMEM, name, 0, 0, "out of memory");
	if ((st = slo_spec_load_string(s, name, text, n, err)) == SLO_OK)
		st = slo_flag_registry_load_spec(r, s, err);
	slo_spec_free(s);
	return st;
}

slo_status
slo_flag_registry_load_file(slo_flag_registry *r, const char *path,
    slo_error *err)
{
	slo_spec *s;
	slo_status st;

	if ((s = slo_spec_new()) == NULL)
		return slo_error_set(err, SLO_ENOMEM, path, 0, 0, "out of memory");
	if ((st = slo_spec_load_file(s, path, err)) == SLO_OK)
		st = slo_flag_registry_load_spec(r, s, err);
	slo_spec_free(s);
	return st;
}

slo_status
slo_flag_registry_load_files(slo_flag_registry *r, const char *const *paths,
    size_t n, slo_error *err)
{
	slo_status st;
	size_t i;

	for (i = 0; i < n; i++)
		if ((st = slo_flag_registry_load_file(r, paths[i], err)) != SLO_OK)
			return st;
	return SLO_OK;
}
