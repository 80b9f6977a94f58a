/*
 * units.c — the readers of decimals, percentages, shares and days or
 * instants written as text (slo_units.h).
 */
#include <errno.h>
#include <string.h>

#include "slo_units.h"
#include "slo_num.h"

int
slo_decimal_valid(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (digits == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = 0;
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, e++;
		if (e == 0)
			return 0;
	}
	return i == n;
}

/* The decimal of n bytes at s followed by suffix (an exponent or ""). */
static int
decimal_read(const char *s, size_t n, const char *suffix, double *out)
{
	char buf[128];
	double v;

	if (!slo_decimal_valid(s, n) || n + strlen(suffix) >= sizeof buf)
		return 0;
	memcpy(buf, s, n);
	strcpy(buf + n, suffix);
	errno = 0;
	v = slo_strtod(buf, NULL); /* C locale: this library never sets one */
	if (errno == ERANGE && (v > 1 || v < -1))
		return 0; /* overflow; underflow to 0 is fine */
	if (v != v || v - v != 0)
		return 0;
	*out = v;
	return 1;
}

int
slo_decimal_parse(const char *s, size_t n, double *out)
{
	return decimal_read(s, n, "", out);
}

int
slo_percent_parse(const char *s, size_t n, double *out)
{
	double v;

	if (memchr(s, 'e', n) == NULL && memchr(s, 'E', n) == NULL)
		return decimal_read(s, n, "e-2", out);
	if (!decimal_read(s, n, "", &v))
		return 0;
	*out = v / 100;
	return 1;
}

slo_status
slo_share_parse(const char *s, size_t n, double *out)
{
	double v;

	if (n > 1 && s[n - 1] == '%') {
		/* a percentage with an exponent reads two ways: refused */
		if (memchr(s, 'e', n) != NULL || memchr(s, 'E', n) != NULL ||
		    !slo_percent_parse(s, n - 1, &v))
			return SLO_EINVAL;
	} else if (!decimal_read(s, n, "", &v))
		return SLO_EINVAL;
	if (v < 0 || v > 1)
		return SLO_ERANGE;
	*out = v;
	return SLO_OK;
}

slo_status
slo_day_or_time_parse(const char *s, size_t n, slo_ns *out, size_t *errpos)
{
	char buf[32];
	slo_status st;

	if (n == 10) {
		memcpy(buf, s, 10);
		strcpy(buf + 10, "T00:00:00Z");
		st = slo_time_parse(buf, 20, out, errpos);
	} else
		st = slo_time_parse(s, n, out, errpos);
	if (st != SLO_OK && *errpos > n)
		*errpos = n;
	return st;
}
