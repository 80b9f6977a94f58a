/*
 * slo_num.h — numbers to and from text in the C locale, whatever locale
 * the process that links libslo has set (a program calling
 * setlocale(LC_ALL, "") in a locale with a decimal comma must still read
 * "0.5" and write "0.5").  Every conversion of a floating-point number in
 * libslo goes through these; plain strtod() and printf("%g") would read
 * LC_NUMERIC.
 */
#ifndef SLO_NUM_H
#define SLO_NUM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* strtod(3) in the C locale. */
double slo_strtod(const char *s, char **end);

/* snprintf(3) and vsnprintf(3) in the C locale. */
int slo_snprintf(char *buf, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int slo_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);

/* The decimal digits of u at out (room for 20), two a division from a
 * table of 00..99; their number.  No locale involved. */
size_t slo_put_digits(char *out, uint64_t u);

/* The two ASCII digits at s as a number 0..99, or -1 when they are not
 * both digits (time stamps on hot paths; no locale involved). */
static inline int
slo_two_digits(const char *s)
{
	unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';

	return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
}

#endif
