/*
 * slo_render.h — how a verdict is rendered, beside its format: decided
 * by the caller (the front end looks at the terminal), never by the
 * renderers in lib/render, which write to a slo_buf and nothing else.
 */
#ifndef SLO_RENDER_H
#define SLO_RENDER_H

#include <stddef.h>

typedef struct slo_render_opts {
	int color;    /* ANSI colours in the table */
	size_t width; /* the table's width in columns; 0: no limit (--wide) */
} slo_render_opts;

#endif
