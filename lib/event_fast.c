/* event_fast.c — placeholder until the fast path lands. */
#include "event_int.h"

int
slo_event_decode_fast(slo_event_decoder *dec, const char *line, size_t n,
    slo_event *ev)
{
	(void)dec; (void)line; (void)n; (void)ev;
	return 0;
}
