/*
 * slo_flags_spec.h — the flag registry of slo-spec(5): the `flags:`
 * sections of a spec file as plain data, for flag-audit and for
 * promote-check's flag_leaks criterion (the audit is slo_flags.h).
 */
#ifndef SLO_FLAGS_SPEC_H
#define SLO_FLAGS_SPEC_H

#include "slo.h"
#include "slo_spec.h"
#include "slo_math.h"
#include "slo_yaml.h"

/* ---- registry --------------------------------------------------------- */

typedef enum slo_flag_type {
	SLO_FLAG_RELEASE = 0,
	SLO_FLAG_EXPERIMENT,
	SLO_FLAG_OPERATIONAL,
	SLO_FLAG_KILL_SWITCH,
	SLO_FLAG_PERMISSION,
	SLO_FLAG__NTYPES
} slo_flag_type;

const char *slo_flag_type_name(slo_flag_type t);
int slo_flag_type_from_name(const char *name); /* -1 when unknown */
/* Lifetime by type (DESIGN.md section 7); 0 for never stale. */
slo_ns slo_flag_type_lifetime(slo_flag_type t);

/*
 * One registered flag.  Optional strings are NULL when absent, optional
 * instants SLO_NS_NONE, max_exposure NaN.  has_alpha is set by an `alpha`
 * block, which always names its variants.  file/line/col locate the item
 * (file "" and line 0 for flags added by slo_flag_registry_add()).
 */
typedef struct slo_flag_def {
	const char *key;
	const char *owner;
	slo_flag_type type;
	slo_ns created;
	slo_ns expires;
	const char *stage;      /* alpha | beta | ga | deprecated */
	const char *description;
	int has_alpha;
	const char *const *variants; /* alpha variants */
	size_t nvariants;
	const char *const *segments; /* segments allowed to see them */
	size_t nsegments;
	const char *const *subjects; /* subjects allowed to see them */
	size_t nsubjects;
	double max_exposure;    /* share of distinct subjects, 0..1 */
	const char *file;
	long line, col;
} slo_flag_def;

typedef struct slo_flag_registry slo_flag_registry;

slo_flag_registry *slo_flag_registry_new(void);
void slo_flag_registry_free(slo_flag_registry *r);

/* Copy def in.  A key already registered is SLO_EINVAL. */
slo_status slo_flag_registry_add(slo_flag_registry *r, const slo_flag_def *def,
    slo_error *err);

/*
 * Load a `flags:` section (a sequence of flag maps) of document d, as
 * returned by slo_spec_section() or slo_ynode_get(root, "flags").  Every
 * error is positioned: unknown keys, wrong types, bad dates, an unknown
 * type or stage, a share outside 0..100 %, expires before created, a
 * duplicate key.  On error r keeps the flags added before it.
 */
slo_status slo_flag_registry_load_section(slo_flag_registry *r,
    const slo_ydoc *d, const slo_ynode *flags, slo_error *err);

/*
 * Load every `flags:` section of spec s (slo_spec_section()), in load
 * order.  spec.c has checked the rest of the files: top-level keys,
 * `slos:` and OpenSLO documents.  s may be freed afterwards (r copies).
 */
slo_status slo_flag_registry_load_spec(slo_flag_registry *r, const slo_spec *s,
    slo_error *err);

/*
 * Load a registry file: the file is read as a spec (slo_spec_load_file():
 * any error in it, `slos:` and OpenSLO documents included, is an error
 * here too), then its `flags:` sections as slo_flag_registry_load_spec().
 */
slo_status slo_flag_registry_load_file(slo_flag_registry *r, const char *path,
    slo_error *err);
/* slo_flag_registry_load_file() of each of n paths, in order; stops at
 * the first error (r keeps what came before it). */
slo_status slo_flag_registry_load_files(slo_flag_registry *r,
    const char *const *paths, size_t n, slo_error *err);
/* The same from text, named name in errors (tests, and text read already). */
slo_status slo_flag_registry_load_string(slo_flag_registry *r, const char *name,
    const char *text, size_t n, slo_error *err);

/* Flags registered; 0 for a NULL registry. */
size_t slo_flag_registry_count(const slo_flag_registry *r);
const slo_flag_def *slo_flag_registry_get(const slo_flag_registry *r, size_t i);
const slo_flag_def *slo_flag_registry_find(const slo_flag_registry *r,
    const char *key);


#endif
