/*
 * slo_adhoc.h — one SLO from command-line options (slo-eval --objective
 * 99.9 --good 'status < 500' --window 1h), built through the spec loader
 * so that it is checked exactly as a spec file's SLO is.
 */
#ifndef SLO_ADHOC_H
#define SLO_ADHOC_H

#include "slo_spec.h"

#define SLO_ADHOC_MAX 16

/* Keys of a spec SLO and their values (borrowed), in the order first set.
 * Zero-initialise. */
typedef struct slo_adhoc {
	const char *keys[SLO_ADHOC_MAX];
	const char *vals[SLO_ADHOC_MAX];
	size_t n;
} slo_adhoc;

/* Set key to val, replacing an earlier value of key.  SLO_ELIMIT when
 * SLO_ADHOC_MAX keys are set already. */
slo_status slo_adhoc_set(slo_adhoc *a, const char *key, const char *val);

/*
 * The finished spec of the one SLO of a (none set: SLO_EINVAL), with
 * defaults for what was not given: name "adhoc", window 30d, and alerts
 * "none" (a question asked in a terminal wants no 3-day alert windows
 * unless it says so).  Errors name the origin "command line".  NULL with
 * err set.
 */
slo_spec *slo_adhoc_spec(slo_adhoc *a, slo_error *err);

#endif
