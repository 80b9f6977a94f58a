/* level.c — the severity scale of slo_level.h. */
#include <string.h>

#include "slo_level.h"

static const char *const level_names[SLO_LEVEL__COUNT] = {
	"low", "medium", "high", "critical"
};

const char *
slo_level_name(slo_level l)
{
	return (unsigned)l < SLO_LEVEL__COUNT ? level_names[l] : "?";
}

int
slo_level_from_name(const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; i < SLO_LEVEL__COUNT; i++)
		if (strcmp(level_names[i], name) == 0)
			return i;
	return -1;
}
