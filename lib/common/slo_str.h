/*
 * slo_str.h — small string helpers of the library's own, private.
 */
#ifndef SLO_STR_H
#define SLO_STR_H

#include <string.h>

/* strcmp(3) where NULL sorts first and equals only NULL (optional
 * names: a row or a group without a service, a region ...). */
static inline int
slo_strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

#endif
