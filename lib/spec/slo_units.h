/*
 * slo_units.h — the one reader of each kind of value a spec or an option
 * writes as text: plain decimals, percentages, shares (a fraction or a
 * percentage) and days or instants.  Durations are slo_duration_parse()
 * and instants slo_time_parse() (slo_time.h); these build on them.  Every
 * number goes through slo_strtod (slo_num.h): never the locale.
 *
 * The slo_ynode_* readers of slo_yaml.h are these with a position added
 * (the flag registry's max_exposure is a slo_ynode_share).
 */
#ifndef SLO_UNITS_H
#define SLO_UNITS_H

#include <stddef.h>

#include "slo.h"
#include "slo_math.h"

/*
 * The n bytes at s are a plain decimal:
 * [-+]? (digits [. digits?] | . digits) ([eE] [-+]? digits)?
 * (strtod alone would also take hex, "inf", "nan" and leading spaces).
 */
int slo_decimal_valid(const char *s, size_t n);

/*
 * The plain decimal of n bytes at s, finite, in *out; 0 (and *out
 * untouched) when it is not one or overflows (underflow to 0 is fine).
 */
int slo_decimal_parse(const char *s, size_t n, double *out);

/*
 * The plain decimal percentage of n bytes at s (no '%') as a fraction:
 * "99.9" is 99.9e-2, the double nearest 0.999, which 99.9 / 100 is not.
 * 0 when not a plain decimal or not finite.  No range check.
 */
int slo_percent_parse(const char *s, size_t n, double *out);

/*
 * A share: "99.9%" (a percentage, no exponent) or a fraction "0.999", in
 * 0..1, as a fraction in *out.  SLO_EINVAL when it is neither, SLO_ERANGE
 * when outside 0..1 (0 %..100 %).
 */
slo_status slo_share_parse(const char *s, size_t n, double *out);

/*
 * A day "2026-11-01" (its midnight UTC) or an RFC 3339 instant, as
 * slo_time_parse() reads it; on error *errpos is the byte offset of the
 * culprit, at most n.
 */
slo_status slo_day_or_time_parse(const char *s, size_t n, slo_ns *out,
    size_t *errpos);

#endif
