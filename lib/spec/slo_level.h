/*
 * slo_level.h — how severe an incident, an alert event or a finding is:
 * low, medium, high, critical, ordered.  One scale for promote-check
 * (the alert events it counts, slo-events(5)) and flag-audit (its
 * findings and --fail-on).  Not slo_severity of slo_slo.h, which routes a
 * burn-rate alert (ticket or page) and is not a degree of harm.
 */
#ifndef SLO_LEVEL_H
#define SLO_LEVEL_H

typedef enum slo_level {
	SLO_LEVEL_LOW = 0,
	SLO_LEVEL_MEDIUM,
	SLO_LEVEL_HIGH,
	SLO_LEVEL_CRITICAL
} slo_level;

#define SLO_LEVEL__COUNT 4

/* "low", "medium", "high", "critical"; "?" out of range. */
const char *slo_level_name(slo_level l);
/* The level named exactly (lower case), or -1. */
int slo_level_from_name(const char *name);

#endif
