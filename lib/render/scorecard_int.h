/*
 * scorecard_int.h — slo-eval's scorecard (slo_scorecard.h) in each
 * format (scorecard_out.c), for eval_out.c and eval_html.c.  Private to
 * lib/render.  Each writes nothing when the scorecard is not active, so
 * that a run without owners, deploys or --registry reads as before.
 */
#ifndef SCORECARD_INT_H
#define SCORECARD_INT_H

#include "eval_int.h"
#include "slo_scorecard.h"

/* The scorecard to show, or NULL when there is none worth showing. */
const slo_scorecard *slo_eval_card(const slo_eval *e);

/* The verdict grids lead with service and owner: a scorecard is shown and
 * some SLO names a service or an owner (else both columns would only say
 * "(none)"). */
int slo_eval_card_columns(const slo_eval *e);

/* Verdict i in the order shown: grouped by service and owner when the
 * scorecard is active, else the engine's (spec) order. */
const slo_verdict *slo_eval_shown(const slo_eval *e, size_t i);

/* Figures as people read them: "1.50" deploys a day, "12.3%" of budget,
 * "-" when not known. */
void slo_score_fmt_rate(char *buf, size_t n, int valid, double v);
void slo_score_fmt_share(char *buf, size_t n, int valid, double v);
/* "(none)" for a missing service or owner. */
const char *slo_score_name(const char *s);

/* Table and markdown: the heading, the group grid and the owner grid,
 * then a blank line.  Nothing for csv and tsv (one grid per file). */
slo_status slo_scorecard_write_grid(const slo_eval *e, slo_format fmt,
    const slo_render_opts *ro, slo_buf *b);
/* ndjson: one line per group ("scorecard":"group") and per owner
 * ("scorecard":"owner"), after the verdicts. */
slo_status slo_scorecard_write_ndjson(const slo_eval *e, slo_buf *b);
/* junit: the suite's properties: "at" (the instant), then with a
 * scorecard one "scorecard.group.SERVICE.OWNER" and one
 * "scorecard.owner.OWNER" per row, each valued with its figures. */
slo_status slo_scorecard_write_junit_properties(const slo_eval *e,
    const char *at, slo_buf *b);
/* prom: the slo_scorecard_* families. */
slo_status slo_scorecard_write_prom(const slo_eval *e, slo_buf *b);

#endif
