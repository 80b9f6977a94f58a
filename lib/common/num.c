/*
 * num.c — strtod and snprintf in the C locale (slo_num.h).
 *
 * uselocale(3) switches the calling thread only, so this is safe in the
 * -j workers; the C locale object is made once.  When it cannot be made
 * (out of memory at the first call), the conversions fall back to the
 * process locale, which is the C locale unless the program changed it.
 */
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "slo_num.h"

static locale_t c_locale = (locale_t)0;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void
c_locale_make(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static locale_t
c_locale_enter(void)
{
	pthread_once(&c_locale_once, c_locale_make);
	return c_locale != (locale_t)0 ? uselocale(c_locale) : (locale_t)0;
}

static void
c_locale_leave(locale_t saved)
{
	if (saved != (locale_t)0)
		uselocale(saved);
}

double
slo_strtod(const char *s, char **end)
{
	locale_t saved = c_locale_enter();
	double v = strtod(s, end);

	c_locale_leave(saved);
	return v;
}

int
slo_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
	locale_t saved = c_locale_enter();
	int r = vsnprintf(buf, n, fmt, ap);

	c_locale_leave(saved);
	return r;
}

int
slo_snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = slo_vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}
