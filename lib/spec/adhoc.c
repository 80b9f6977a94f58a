/*
 * adhoc.c — an SLO from command-line options (slo_adhoc.h), through the
 * public calls of slo_spec.h only.
 */
#include <string.h>

#include "slo_adhoc.h"

slo_status
slo_adhoc_set(slo_adhoc *a, const char *key, const char *val)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->keys[i], key) == 0) {
			a->vals[i] = val;
			return SLO_OK;
		}
	if (a->n == SLO_ADHOC_MAX)
		return SLO_ELIMIT;
	a->keys[a->n] = key;
	a->vals[a->n++] = val;
	return SLO_OK;
}

/* Set key to val unless it is set. */
static void
adhoc_default(slo_adhoc *a, const char *key, const char *val)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->keys[i], key) == 0)
			return;
	slo_adhoc_set(a, key, val);
}

slo_spec *
slo_adhoc_spec(slo_adhoc *a, slo_error *err)
{
	slo_spec *spec;

	if (a->n == 0) {
		slo_error_set(err, SLO_EINVAL, "", 0, 0, "no ad-hoc slo");
		return NULL;
	}
	adhoc_default(a, "name", "adhoc");
	adhoc_default(a, "window", "30d");
	adhoc_default(a, "alerts", "none");
	if ((spec = slo_spec_new()) == NULL) {
		slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		return NULL;
	}
	if (slo_spec_add_kv(spec, "command line", a->keys, a->vals, a->n,
	    err) != SLO_OK || slo_spec_finish(spec, err) != SLO_OK) {
		slo_spec_free(spec);
		return NULL;
	}
	return spec;
}
