/*
 * jpath.c — the one walker of dotted paths in raw JSON objects
 * (slo_jpath.h): longest key first at each object, backtracking.
 */
#include <string.h>

#include "slo_jpath.h"

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
