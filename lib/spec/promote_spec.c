/*
 * promote_spec.c — promote-check's criteria: the defaults of DESIGN.md
 * section 7 and the `promotion:` section of slo-spec(5), read through
 * slo_spec_section() (spec.c checks the rest of the file), plus the
 * command line's overrides as setters with errors.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "slo_promote_spec.h"

static slo_crit_opts *crit_opts(slo_promote_criteria *c, slo_crit_id id);

/* ---- names ---------------------------------------------------------- */

static const char *const crit_names[SLO_CRIT__COUNT] = {
	"availability", "error_rate", "latency", "deploy_success",
	"security_alerts", "time_to_restore", "telemetry", "flag_leaks",
	"time_to_detect", "time_to_mitigate", "contract_checks", "resources",
	"variance", "cost_per_request"
};

const char *
slo_crit_name(slo_crit_id id)
{
	return (unsigned)id < SLO_CRIT__COUNT ? crit_names[id] : "?";
}

const char *
slo_on_fail_name(slo_on_fail f)
{
	switch (f) {
	case SLO_ON_FAIL_ROLLBACK: return "rollback";
	case SLO_ON_FAIL_HOLD: return "hold";
	case SLO_ON_FAIL_WARN: return "warn";
	}
	return "?";
}

/* ---- criteria ------------------------------------------------------- */

void
slo_promote_criteria_init(slo_promote_criteria *c)
{
	slo_crit_opts on = { 1, 0, SLO_ON_FAIL_ROLLBACK, 0 };

	memset(c, 0, sizeof *c);
	strcpy(c->cohort, "alpha");
	strcpy(c->baseline, "baseline");
	c->min_requests = 200;
	c->confidence = 0.95;
	c->power = 0.80;
	c->window = 0;
	c->reservoir = SLO_PROMOTE_RESERVOIR;
	c->availability.o = on;
	c->availability.min = 0.95;
	c->error_rate.o = on;
	c->error_rate.max = 0.02;
	c->error_rate.margin = 0.10;
	c->error_rate.margin_abs = 0.01;
	c->latency.o = on;
	c->latency.quantile = 0.95;
	c->latency.max_ratio = 2.0;
	c->latency.effect_floor = 0.10;
	c->deploy_success.o = on;
	c->deploy_success.min = 0.98;
	c->security_alerts.o = on;
	c->security_alerts.severity = SLO_LEVEL_CRITICAL;
	c->security_alerts.max = 0;
	strcpy(c->security_alerts.source, "security");
	c->time_to_restore.o = on;
	c->time_to_restore.max = SLO_NS_PER_HOUR;
	c->telemetry.o = on;
	c->telemetry.min = 0.90;
	c->telemetry.slice = SLO_NS_PER_MIN;
	c->telemetry.trace_ids = 0;
	c->flag_leaks.o = on;
	c->flag_leaks.max = 0;
	c->time_to_detect.o = on;
	c->time_to_detect.max = 5 * SLO_NS_PER_MIN;
	c->time_to_detect.severity = SLO_LEVEL_CRITICAL;
	c->time_to_mitigate.o = on;
	c->time_to_mitigate.max = 30 * SLO_NS_PER_MIN;
	c->time_to_mitigate.severity = SLO_LEVEL_CRITICAL;
	c->contract_checks.o = on;
	strcpy(c->contract_checks.suite, "contract");
	c->resources.o = on;
	c->resources.quantile = 0.95;
	c->resources.max_share = 0.90;
	c->resources.max_ratio = 1.2;
	c->variance.o = on;
	c->variance.max_ratio = 1.5;
	c->cost_per_request.o = on;
	c->cost_per_request.max_ratio = 1.2;
}

static slo_status
get_share(const slo_ydoc *d, const slo_ynode *n, double lo, double hi,
    double *out, slo_error *err)
{
	double v;
	slo_status st;

	if ((st = slo_ynode_share(d, n, &v, err)) != SLO_OK)
		return st;
	if (!(v >= lo && v <= hi))
		return slo_ynode_error(d, n, SLO_ERANGE, err,
		    "share '%.60s' out of range", n->str ? n->str : "");
	*out = v;
	return SLO_OK;
}

static slo_status
get_count(const slo_ydoc *d, const slo_ynode *n, double lo, uint64_t *out,
    slo_error *err)
{
	double v;
	slo_status st;

	if ((st = slo_ynode_number(d, n, &v, err)) != SLO_OK)
		return st;
	if (!(v >= lo && v <= 1e15) || v != floor(v))
		return slo_ynode_error(d, n, SLO_ERANGE, err,
		    "'%.60s' is not a whole number of at least %.0f",
		    n->str ? n->str : "", lo);
	*out = (uint64_t)v;
	return SLO_OK;
}

static slo_status
get_positive_duration(const slo_ydoc *d, const slo_ynode *n, slo_ns *out,
    slo_error *err)
{
	slo_status st;

	if ((st = slo_ynode_duration(d, n, out, err)) != SLO_OK)
		return st;
	if (*out <= 0)
		return slo_ynode_error(d, n, SLO_ERANGE, err,
		    "duration '%.60s' must be positive", n->str ? n->str : "");
	return SLO_OK;
}

static slo_status
get_str(const slo_ydoc *d, const slo_ynode *n, char *dst, size_t cap,
    slo_error *err)
{
	const char *s;
	slo_status st;

	if ((st = slo_ynode_string(d, n, &s, err)) != SLO_OK)
		return st;
	if (strlen(s) >= cap || *s == '\0')
		return slo_ynode_error(d, n, SLO_ERANGE, err,
		    "'%.60s' is empty or too long", s);
	memcpy(dst, s, strlen(s) + 1);
	return SLO_OK;
}

static slo_status
get_level(const slo_ydoc *d, const slo_ynode *n, slo_level *out,
    slo_error *err)
{
	const char *s;
	int l;
	slo_status st;

	if ((st = slo_ynode_string(d, n, &s, err)) != SLO_OK)
		return st;
	if ((l = slo_level_from_name(s)) < 0)
		return slo_ynode_error(d, n, SLO_EINVAL, err,
		    "severity '%.60s' is not critical, high, medium or low", s);
	*out = (slo_level)l;
	return SLO_OK;
}

/* A ratio bound: a positive number below 10^9. */
static slo_status
get_ratio(const slo_ydoc *d, const slo_ynode *n, double *out, slo_error *err)
{
	double v;
	slo_status st;

	if ((st = slo_ynode_number(d, n, &v, err)) != SLO_OK)
		return st;
	if (!(v > 0 && v < 1e9))
		return slo_ynode_error(d, n, SLO_ERANGE, err,
		    "max_ratio '%.60s' must be positive", n->str ? n->str : "");
	*out = v;
	return SLO_OK;
}

/* An ISO 4217 code, three capital letters, as slo-events(5) has them. */
static slo_status
get_currency(const slo_ydoc *d, const slo_ynode *n, char *dst, slo_error *err)
{
	const char *s;
	slo_status st;

	if ((st = slo_ynode_string(d, n, &s, err)) != SLO_OK)
		return st;
	if (strlen(s) != 3 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' ||
	    s[1] > 'Z' || s[2] < 'A' || s[2] > 'Z')
		return slo_ynode_error(d, n, SLO_EINVAL, err,
		    "currency '%.60s' is not an ISO 4217 code (three capital "
		    "letters, e.g. USD)", s);
	memcpy(dst, s, 4);
	return SLO_OK;
}

/* Each criterion's own keys; enabled, required and on_fail are common. */
static const char *const crit_keys[SLO_CRIT__COUNT][8] = {
	{ "enabled", "required", "on_fail", "min", NULL },
	{ "enabled", "required", "on_fail", "max", "margin", "margin_abs", NULL },
	{ "enabled", "required", "on_fail", "quantile", "max_ratio", "effect_floor", NULL },
	{ "enabled", "required", "on_fail", "min", NULL },
	{ "enabled", "required", "on_fail", "severity", "max", "source", NULL },
	{ "enabled", "required", "on_fail", "max", NULL },
	{ "enabled", "required", "on_fail", "min", "slice", "trace_ids", NULL },
	{ "enabled", "required", "on_fail", "max", "registry", NULL },
	{ "enabled", "required", "on_fail", "max", "severity", NULL },
	{ "enabled", "required", "on_fail", "max", "severity", NULL },
	{ "enabled", "required", "on_fail", "suite", NULL },
	{ "enabled", "required", "on_fail", "quantile", "max_share", "max_ratio", NULL },
	{ "enabled", "required", "on_fail", "max_ratio", NULL },
	{ "enabled", "required", "on_fail", "max_ratio", "currency", NULL },
};

const slo_crit_opts *
slo_crit_opts_of(const slo_promote_criteria *c, slo_crit_id id)
{
	return crit_opts((slo_promote_criteria *)c, id);
}

static slo_crit_opts *
crit_opts(slo_promote_criteria *c, slo_crit_id id)
{
	switch (id) {
	case SLO_CRIT_AVAILABILITY: return &c->availability.o;
	case SLO_CRIT_ERROR_RATE: return &c->error_rate.o;
	case SLO_CRIT_LATENCY: return &c->latency.o;
	case SLO_CRIT_DEPLOY_SUCCESS: return &c->deploy_success.o;
	case SLO_CRIT_SECURITY_ALERTS: return &c->security_alerts.o;
	case SLO_CRIT_TIME_TO_RESTORE: return &c->time_to_restore.o;
	case SLO_CRIT_TELEMETRY: return &c->telemetry.o;
	case SLO_CRIT_TIME_TO_DETECT: return &c->time_to_detect.o;
	case SLO_CRIT_TIME_TO_MITIGATE: return &c->time_to_mitigate.o;
	case SLO_CRIT_CONTRACT_CHECKS: return &c->contract_checks.o;
	case SLO_CRIT_RESOURCES: return &c->resources.o;
	case SLO_CRIT_VARIANCE: return &c->variance.o;
	case SLO_CRIT_COST_PER_REQUEST: return &c->cost_per_request.o;
	default: return &c->flag_leaks.o;
	}
}

/* A relative registry path is relative to the criteria file's directory. */
static slo_status
set_registry(slo_promote_criteria *c, const char *file, const slo_ydoc *d,
    const slo_ynode *n, slo_error *err)
{
	const char *s, *slash;
	size_t dirlen;
	slo_status st;

	if ((st = slo_ynode_string(d, n, &s, err)) != SLO_OK)
		return st;
	slash = file ? strrchr(file, '/') : NULL;
	dirlen = (s[0] != '/' && slash != NULL) ? (size_t)(slash - file) + 1 : 0;
	if (*s == '\0' || dirlen + strlen(s) >= sizeof c->flag_leaks.registry)
		return slo_ynode_error(d, n, SLO_ERANGE, err,
		    "registry path '%.60s' is empty or too long", s);
	if (dirlen > 0)
		memcpy(c->flag_leaks.registry, file, dirlen);
	memcpy(c->flag_leaks.registry + dirlen, s, strlen(s) + 1);
	return SLO_OK;
}

static slo_status
load_criterion(slo_promote_criteria *c, slo_crit_id id, const char *file,
    const slo_ydoc *d, const slo_ynode *m, slo_error *err)
{
	slo_crit_opts *o = crit_opts(c, id);
	const char *s;
	size_t i;
	slo_status st;

	if ((st = slo_ynode_check_keys(d, m, crit_keys[id], err)) != SLO_OK)
		return st;
	o->named = 1;
	for (i = 0; i < m->n; i++) {
		const char *k = m->keys[i]->str;
		const slo_ynode *v = m->items[i];

		if (strcmp(k, "enabled") == 0)
			st = slo_ynode_bool(d, v, &o->enabled, err);
		else if (strcmp(k, "required") == 0)
			st = slo_ynode_bool(d, v, &o->required, err);
		else if (strcmp(k, "on_fail") == 0) {
			if ((st = slo_ynode_string(d, v, &s, err)) != SLO_OK)
				return st;
			if (strcmp(s, "rollback") == 0)
				o->on_fail = SLO_ON_FAIL_ROLLBACK;
			else if (strcmp(s, "hold") == 0)
				o->on_fail = SLO_ON_FAIL_HOLD;
			else if (strcmp(s, "warn") == 0)
				o->on_fail = SLO_ON_FAIL_WARN;
			else
				return slo_ynode_error(d, v, SLO_EINVAL, err,
				    "on_fail '%.60s' is not rollback, hold or warn", s);
		} else switch (id) {
		case SLO_CRIT_AVAILABILITY:
			st = get_share(d, v, 0, 1, &c->availability.min, err);
			break;
		case SLO_CRIT_ERROR_RATE:
			if (strcmp(k, "max") == 0)
				st = get_share(d, v, 0, 1, &c->error_rate.max, err);
			else if (strcmp(k, "margin_abs") == 0) {
				st = get_share(d, v, 0, 1, &c->error_rate.margin_abs, err);
				if (st == SLO_OK && c->error_rate.margin_abs >= 1)
					return slo_ynode_error(d, v, SLO_ERANGE, err,
					    "margin_abs '%.60s' must be below 1", v->str);
			} else
				st = get_share(d, v, 0, 100, &c->error_rate.margin, err);
			break;
		case SLO_CRIT_LATENCY:
			if (strcmp(k, "quantile") == 0) {
				st = get_share(d, v, 0, 1, &c->latency.quantile, err);
				if (st == SLO_OK && (c->latency.quantile <= 0 ||
				    c->latency.quantile >= 1))
					return slo_ynode_error(d, v, SLO_ERANGE, err,
					    "quantile '%.60s' must be between 0 and 1", v->str);
			} else if (strcmp(k, "max_ratio") == 0)
				st = get_ratio(d, v, &c->latency.max_ratio, err);
			else
				st = get_share(d, v, 0, 100, &c->latency.effect_floor, err);
			break;
		case SLO_CRIT_DEPLOY_SUCCESS:
			st = get_share(d, v, 0, 1, &c->deploy_success.min, err);
			break;
		case SLO_CRIT_SECURITY_ALERTS:
			if (strcmp(k, "max") == 0)
				st = get_count(d, v, 0, &c->security_alerts.max, err);
			else if (strcmp(k, "source") == 0)
				st = get_str(d, v, c->security_alerts.source,
				    sizeof c->security_alerts.source, err);
			else
				st = get_level(d, v, &c->security_alerts.severity,
				    err);
			break;
		case SLO_CRIT_TIME_TO_RESTORE:
			st = get_positive_duration(d, v, &c->time_to_restore.max, err);
			break;
		case SLO_CRIT_TELEMETRY:
			if (strcmp(k, "min") == 0)
				st = get_share(d, v, 0, 1, &c->telemetry.min, err);
			else if (strcmp(k, "slice") == 0)
				st = get_positive_duration(d, v, &c->telemetry.slice, err);
			else
				st = slo_ynode_bool(d, v, &c->telemetry.trace_ids, err);
			break;
		case SLO_CRIT_FLAG_LEAKS:
			if (strcmp(k, "max") == 0)
				st = get_count(d, v, 0, &c->flag_leaks.max, err);
			else
				st = set_registry(c, file, d, v, err);
			break;
		case SLO_CRIT_TIME_TO_DETECT:
			if (strcmp(k, "max") == 0)
				st = get_positive_duration(d, v,
				    &c->time_to_detect.max, err);
			else
				st = get_level(d, v, &c->time_to_detect.severity,
				    err);
			break;
		case SLO_CRIT_TIME_TO_MITIGATE:
			if (strcmp(k, "max") == 0)
				st = get_positive_duration(d, v,
				    &c->time_to_mitigate.max, err);
			else
				st = get_level(d, v, &c->time_to_mitigate.severity,
				    err);
			break;
		case SLO_CRIT_CONTRACT_CHECKS:
			st = get_str(d, v, c->contract_checks.suite,
			    sizeof c->contract_checks.suite, err);
			break;
		case SLO_CRIT_RESOURCES:
			if (strcmp(k, "max_share") == 0)
				st = get_share(d, v, 0, 1, &c->resources.max_share,
				    err);
			else if (strcmp(k, "quantile") == 0) {
				st = get_share(d, v, 0, 1, &c->resources.quantile,
				    err);
				if (st == SLO_OK && (c->resources.quantile <= 0 ||
				    c->resources.quantile >= 1))
					return slo_ynode_error(d, v, SLO_ERANGE, err,
					    "quantile '%.60s' must be between 0 and 1", v->str);
			} else
				st = get_ratio(d, v, &c->resources.max_ratio, err);
			break;
		case SLO_CRIT_VARIANCE:
			st = get_ratio(d, v, &c->variance.max_ratio, err);
			break;
		case SLO_CRIT_COST_PER_REQUEST:
			if (strcmp(k, "currency") == 0)
				st = get_currency(d, v, c->cost_per_request.currency,
				    err);
			else
				st = get_ratio(d, v, &c->cost_per_request.max_ratio,
				    err);
			break;
		default:
			break;
		}
		if (st != SLO_OK)
			return st;
	}
	return SLO_OK;
}

static slo_status
load_promotion(slo_promote_criteria *c, const char *file, const slo_ydoc *d,
    const slo_ynode *p, slo_error *err)
{
	static const char *const keys[] = { "cohort", "baseline", "min_requests",
	    "confidence", "power", "window", "reservoir", "criteria", NULL };
	static const char *const ckeys[] = { "availability", "error_rate",
	    "latency", "deploy_success", "security_alerts", "time_to_restore",
	    "telemetry", "flag_leaks", "time_to_detect", "time_to_mitigate",
	    "contract_checks", "resources", "variance", "cost_per_request",
	    NULL };
	uint64_t u;
	size_t i, j;
	slo_status st;

	if ((st = slo_ynode_check_keys(d, p, keys, err)) != SLO_OK)
		return st;
	for (i = 0; i < p->n; i++) {
		const char *k = p->keys[i]->str;
		const slo_ynode *v = p->items[i];

		if (strcmp(k, "cohort") == 0)
			st = get_str(d, v, c->cohort, sizeof c->cohort, err);
		else if (strcmp(k, "baseline") == 0)
			st = get_str(d, v, c->baseline, sizeof c->baseline, err);
		else if (strcmp(k, "min_requests") == 0)
			st = get_count(d, v, 1, &c->min_requests, err);
		else if (strcmp(k, "confidence") == 0) {
			st = get_share(d, v, 0, 1, &c->confidence, err);
			if (st == SLO_OK && (c->confidence < 0.5 ||
			    c->confidence >= 1))
				return slo_ynode_error(d, v, SLO_ERANGE, err,
				    "confidence '%.60s' must be at least 0.5 and below 1",
				    v->str);
		} else if (strcmp(k, "power") == 0) {
			st = get_share(d, v, 0, 1, &c->power, err);
			if (st == SLO_OK && (c->power < 0.5 || c->power >= 1))
				return slo_ynode_error(d, v, SLO_ERANGE, err,
				    "power '%.60s' must be at least 0.5 and below 1",
				    v->str);
		} else if (strcmp(k, "window") == 0)
			st = get_positive_duration(d, v, &c->window, err);
		else if (strcmp(k, "reservoir") == 0) {
			st = get_count(d, v, 2, &u, err);
			if (st == SLO_OK && u > 10000000)
				return slo_ynode_error(d, v, SLO_ERANGE, err,
				    "reservoir '%.60s' is above 10000000", v->str);
			c->reservoir = (size_t)u;
		} else {
			if ((st = slo_ynode_check_keys(d, v, ckeys, err)) != SLO_OK)
				return st;
			for (j = 0; j < v->n; j++) {
				slo_crit_id id;

				for (id = 0; id < SLO_CRIT__COUNT; id++)
					if (strcmp(v->keys[j]->str, crit_names[id]) == 0)
						break;
				if (v->items[j]->type == SLO_Y_SCALAR) {
					/* "latency: false" / "off" disables */
					st = slo_ynode_bool(d, v->items[j],
					    &crit_opts(c, id)->enabled, err);
					crit_opts(c, id)->named = 1;
				} else
					st = load_criterion(c, id, file, d,
					    v->items[j], err);
				if (st != SLO_OK)
					return st;
			}
		}
		if (st != SLO_OK)
			return st;
	}
	if (strcmp(c->cohort, c->baseline) == 0)
		return slo_ynode_error(d, p, SLO_EINVAL, err,
		    "cohort and baseline are both '%.60s'", c->cohort);
	return SLO_OK;
}


/*
 * The first `promotion:` section of s, over the defaults; file names the
 * spec for a relative registry path (NULL: none, text not from a file).
 */
slo_status
slo_promote_criteria_load_spec(slo_promote_criteria *c, const slo_spec *s,
    const char *file, slo_error *err)
{
	const slo_ynode *p;
	const slo_ydoc *d;

	slo_promote_criteria_init(c);
	if ((p = slo_spec_section(s, "promotion", 0, &d)) == NULL)
		return slo_error_set(err, SLO_ENOTFOUND, file ? file : "", 1, 1,
		    "no 'promotion' section");
	return load_promotion(c, file, d, p, err);
}

/*
 * A criteria file with a flags: section is its own flag registry, unless
 * the criteria name one.
 */
static void
own_registry(slo_promote_criteria *c, const slo_spec *s, const char *file)
{
	const slo_ydoc *d;

	if (slo_spec_section(s, "flags", 0, &d) != NULL &&
	    c->flag_leaks.registry[0] == '\0' &&
	    strlen(file) < sizeof c->flag_leaks.registry)
		memcpy(c->flag_leaks.registry, file, strlen(file) + 1);
}

slo_status
slo_promote_criteria_load(slo_promote_criteria *c, const char *path,
    slo_error *err)
{
	slo_spec *s;
	slo_status st;

	slo_promote_criteria_init(c);
	if ((s = slo_spec_new()) == NULL)
		return slo_error_set(err, SLO_ENOMEM, path, 0, 0, "out of memory");
	if ((st = slo_spec_load_file(s, path, err)) == SLO_OK &&
	    (st = slo_promote_criteria_load_spec(c, s, path, err)) == SLO_OK)
		own_registry(c, s, path);
	slo_spec_free(s);
	return st;
}

slo_status
slo_promote_criteria_load_string(slo_promote_criteria *c, const char *name,
    const char *text, size_t n, slo_error *err)
{
	slo_spec *s;
	slo_status st;

	slo_promote_criteria_init(c);
	if ((s = slo_spec_new()) == NULL)
		return slo_error_set(err, SLO_ENOMEM, name, 0, 0, "out of memory");
	if ((st = slo_spec_load_string(s, name, text, n, err)) == SLO_OK)
		st = slo_promote_criteria_load_spec(c, s, name, err);
	slo_spec_free(s);
	return st;
}

/* ---- setters (the command line's overrides) ------------------------- */

static slo_status
set_name(char *dst, size_t cap, const char *what, const char *v,
    slo_error *err)
{
	if (*v == '\0' || strlen(v) >= cap)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "%s '%s' is empty or too long", what, v);
	memcpy(dst, v, strlen(v) + 1);
	return SLO_OK;
}

slo_status
slo_promote_criteria_set_cohort(slo_promote_criteria *c, const char *name,
    slo_error *err)
{
	return set_name(c->cohort, sizeof c->cohort, "--cohort", name, err);
}

slo_status
slo_promote_criteria_set_baseline(slo_promote_criteria *c, const char *name,
    slo_error *err)
{
	return set_name(c->baseline, sizeof c->baseline, "--baseline", name, err);
}

slo_status
slo_promote_criteria_set_window(slo_promote_criteria *c, const char *text,
    slo_error *err)
{
	slo_ns w;
	size_t pos;

	if (slo_duration_parse(text, strlen(text), &w, &pos) != SLO_OK || w <= 0)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "invalid --window '%s'", text);
	c->window = w;
	return SLO_OK;
}

slo_status
slo_promote_criteria_check(const slo_promote_criteria *c, slo_error *err)
{
	if (strcmp(c->cohort, c->baseline) == 0)
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "cohort and baseline are both '%s'", c->cohort);
	return SLO_OK;
}

slo_status
slo_promote_criteria_load_registry(const slo_promote_criteria *c,
    slo_flag_registry **out, slo_error *err)
{
	slo_status st;

	*out = NULL;
	if (!c->flag_leaks.o.enabled || c->flag_leaks.registry[0] == '\0')
		return SLO_OK;
	if ((*out = slo_flag_registry_new()) == NULL)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	if ((st = slo_flag_registry_load_file(*out, c->flag_leaks.registry,
	    err)) != SLO_OK) {
		slo_flag_registry_free(*out);
		*out = NULL;
	}
	return st;
}
