/*
 * slo_yaml.h — YAML documents as small trees that remember where each node
 * came from, so every spec error can point at FILE:LINE:COL.  Built on
 * libyaml; aliases are expanded with a bound on the total node count (a
 * "billion laughs" file is refused, not expanded).
 */
#ifndef SLO_YAML_H
#define SLO_YAML_H

#include "slo_common.h"
#include "slo_time.h"

typedef enum slo_ytype { SLO_Y_SCALAR, SLO_Y_MAP, SLO_Y_SEQ } slo_ytype;

typedef struct slo_ynode slo_ynode;
struct slo_ynode {
	slo_ytype type;
	long line, col;     /* 1-based */
	const char *str;    /* scalar text (NUL-terminated) */
	size_t len;
	int quoted;         /* scalar was quoted: never a number or bool */
	size_t n;           /* map pairs or seq items */
	slo_ynode **keys;   /* map: scalar key nodes */
	slo_ynode **items;  /* map: values; seq: items */
};

/* A file of one or more documents ("---" separated). */
typedef struct slo_ydoc slo_ydoc;

/* Bound on nodes after alias expansion, per file. */
#define SLO_YAML_MAX_NODES 1000000

slo_ydoc *slo_ydoc_load_file(const char *path, slo_error *err);
slo_ydoc *slo_ydoc_load_string(const char *name, const char *text, size_t n,
    slo_error *err);
void slo_ydoc_free(slo_ydoc *d);
const char *slo_ydoc_file(const slo_ydoc *d);
size_t slo_ydoc_count(const slo_ydoc *d);
slo_ynode *slo_ydoc_root(const slo_ydoc *d, size_t i); /* NULL if empty doc */

/* Map lookup; NULL when absent or node is not a map. */
slo_ynode *slo_ynode_get(const slo_ynode *map, const char *key);

/*
 * Fails with "unknown key 'K'" at K's position when map has a key that is
 * not in the NULL-terminated list allowed, and for a non-map node.
 */
slo_status slo_ynode_check_keys(const slo_ydoc *d, const slo_ynode *map,
    const char *const *allowed, slo_error *err);

/* Typed reads; each fails with a positioned error naming what was expected. */
slo_status slo_ynode_string(const slo_ydoc *d, const slo_ynode *n,
    const char **out, slo_error *err);
slo_status slo_ynode_number(const slo_ydoc *d, const slo_ynode *n,
    double *out, slo_error *err);
slo_status slo_ynode_bool(const slo_ydoc *d, const slo_ynode *n,
    int *out, slo_error *err);
slo_status slo_ynode_duration(const slo_ydoc *d, const slo_ynode *n,
    slo_ns *out, slo_error *err);
/* "99.9%", "10%" or a fraction 0..1 ("0.999"); result a fraction. */
slo_status slo_ynode_share(const slo_ydoc *d, const slo_ynode *n,
    double *out, slo_error *err);
/* A date "2026-11-01" or an RFC 3339 instant. */
slo_status slo_ynode_time(const slo_ydoc *d, const slo_ynode *n,
    slo_ns *out, slo_error *err);

/* A positioned error at node n. */
slo_status slo_ynode_error(const slo_ydoc *d, const slo_ynode *n,
    slo_status st, slo_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#endif
