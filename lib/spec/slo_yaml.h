/*
 * slo_yaml.h — YAML documents as small trees that remember where each node
 * came from, so every spec error can point at FILE:LINE:COL.  Built on
 * libyaml; aliases are expanded with a bound on the total node count (a
 * "billion laughs" file is refused, not expanded).
 */
#ifndef SLO_YAML_H
#define SLO_YAML_H

#include "slo.h"
#include "slo_math.h"
#include "slo_suggest.h" /* slo_suggest, for callers of check_keys' kind */
#include "slo_units.h"   /* the text readers under the typed readers */

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

/*
 * Bound on the nodes aliases and merge keys add once expanded, beyond the
 * nodes written in the file, per file: maps, sequences and scalar values
 * count, keys do not.  Passing it is SLO_ELIMIT at the alias that would
 * pass it.  Written nodes are bounded by the file's size (256 MiB), so a
 * large registry without aliases loads.  Nesting is bounded (256 levels).
 */
#define SLO_YAML_MAX_NODES 1000000

slo_ydoc *slo_ydoc_load_file(const char *path, slo_error *err);
slo_ydoc *slo_ydoc_load_string(const char *name, const char *text, size_t n,
    slo_error *err);
void slo_ydoc_free(slo_ydoc *d);
const char *slo_ydoc_file(const slo_ydoc *d);
size_t slo_ydoc_count(const slo_ydoc *d);
slo_ynode *slo_ydoc_root(const slo_ydoc *d, size_t i); /* NULL if empty doc */

/*
 * A document of one map of plain scalars keys[i]: vals[i], for settings
 * that come from elsewhere than a file (command-line options).  Pair i
 * has line i + 1, column 1.
 */
slo_ydoc *slo_ydoc_new_kv(const char *name, const char *const *keys,
    const char *const *vals, size_t n, slo_error *err);

/* Map lookup; NULL when absent or node is not a map. */
slo_ynode *slo_ynode_get(const slo_ynode *map, const char *key);

/* A plain null: absent node, empty, "~" or "null". */
int slo_ynode_is_null(const slo_ynode *n);
/* "a map", "a list", "a scalar" or "nothing", for messages. */
const char *slo_ynode_what(const slo_ynode *n);
/* Fails with "expected a list, got a map" unless n is of type t (non-null). */
slo_status slo_ynode_expect(const slo_ydoc *d, const slo_ynode *n,
    slo_ytype t, slo_error *err);
/*
 * The source position of byte off of scalar n's value: exact for a scalar
 * on one line without escapes and for literal blocks (|); otherwise the
 * scalar's own position.  For errors inside expressions.
 */
void slo_ynode_pos(const slo_ydoc *d, const slo_ynode *n, size_t off,
    long *line, long *col);

/*
 * Fails with "unknown key 'K'" at K's position when map has a key that is
 * not in the NULL-terminated list allowed, and for a non-map node.  When
 * an allowed key is within 2 edits the message ends "; did you mean 'k'?".
 * A document's top-level map with no allowed key and no near miss is not
 * the kind of file expected (say /etc/shadow, whose lines read as keys):
 * the error says so and quotes none of it.
 * Duplicate keys never get this far: the loader refuses them.
 */
slo_status slo_ynode_check_keys(const slo_ydoc *d, const slo_ynode *map,
    const char *const *allowed, slo_error *err);

/*
 * Typed reads; each fails with a positioned error naming what was
 * expected.  Numbers, shares, durations and times are read by the one
 * reader of each (slo_units.h, slo_time.h); these add the position.
 */
slo_status slo_ynode_string(const slo_ydoc *d, const slo_ynode *n,
    const char **out, slo_error *err);
/* A plain (unquoted) decimal, finite; read without the locale. */
slo_status slo_ynode_number(const slo_ydoc *d, const slo_ynode *n,
    double *out, slo_error *err);
/* YAML 1.2 core: true/false (True, TRUE, ...); yes/no/on/off are refused. */
slo_status slo_ynode_bool(const slo_ydoc *d, const slo_ynode *n,
    int *out, slo_error *err);
slo_status slo_ynode_duration(const slo_ydoc *d, const slo_ynode *n,
    slo_ns *out, slo_error *err);
/* "99.9%", "10%" or a fraction 0..1 ("0.999"); result a fraction. */
slo_status slo_ynode_share(const slo_ydoc *d, const slo_ynode *n,
    double *out, slo_error *err);
/* A date "2026-11-01" (midnight UTC) or an RFC 3339 instant. */
slo_status slo_ynode_time(const slo_ydoc *d, const slo_ynode *n,
    slo_ns *out, slo_error *err);

/*
 * s as it may be quoted in an error: at most SLO_YQUOTE_MAX bytes of it
 * (cut before a UTF-8 sequence, then "..."), control bytes, DEL and
 * backslash as \xNN and \\.  buf holds SLO_YQUOTE_BUFSZ bytes; returns
 * buf.  Errors quote keys and values of a document, bounded this way, and
 * never quote a file that is not a document of the kind expected.
 */
#define SLO_YQUOTE_MAX 48
#define SLO_YQUOTE_BUFSZ (4 * SLO_YQUOTE_MAX + 4)
const char *slo_yquote(const char *s, char *buf);

/*
 * A positioned error at node n.  Control bytes in the message are written
 * as \xNN, so no quoted value can drive a terminal.
 */
slo_status slo_ynode_error(const slo_ydoc *d, const slo_ynode *n,
    slo_status st, slo_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#endif
