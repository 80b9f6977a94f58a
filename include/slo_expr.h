/*
 * slo_expr.h — the expression language of DESIGN.md section 5.
 *
 *   expr    := or
 *   or      := and ('||' and)*
 *   and     := unary ('&&' unary)*
 *   unary   := '!' unary | cmp
 *   cmp     := primary (('=='|'!='|'<'|'<='|'>'|'>='|'~') primary
 *                       | 'in' '[' literal (',' literal)* ']')?
 *   primary := '(' expr ')' | number | string | true | false | null | path
 *   path    := ident ('.' ident | '[' string ']')*     ident: [A-Za-z_][A-Za-z0-9_-]*
 *
 * Strings take "..." or '...' with JSON escapes.  A missing field makes any
 * comparison false (and its negation by != true only when the other side is
 * present: missing != "x" is false too).  Comparing a number with a string
 * is false, not an error.  '~' is a POSIX extended regex, compiled once at
 * parse time; the pattern must be a string literal.
 */
#ifndef SLO_EXPR_H
#define SLO_EXPR_H

#include <jansson.h>
#include "slo_common.h"
#include "slo_event.h"

typedef enum slo_vtype {
	SLO_V_MISSING = 0,
	SLO_V_NULL,
	SLO_V_BOOL,
	SLO_V_NUM,
	SLO_V_STR
} slo_vtype;

typedef struct slo_value {
	slo_vtype type;
	int b;
	double num;
	const char *str; /* borrowed from the event or object evaluated */
	size_t len;
} slo_value;

typedef struct slo_expr slo_expr;

/*
 * Parse src once.  On error returns NULL with err->col the 1-based column
 * in src and err->msg saying what was expected.
 */
slo_expr *slo_expr_new(const char *src, slo_error *err);
void slo_expr_free(slo_expr *e);
const char *slo_expr_source(const slo_expr *e);

/* Truth of e over a canonical event (labels.x, flags.x, flags["a-b"]). */
int slo_expr_match_event(const slo_expr *e, const slo_event *ev);

/*
 * Truth of e over a raw JSON object (slo-ingest): a path walks nested
 * objects, and a key that itself contains dots ("http.response.status_code")
 * is found too.
 */
int slo_expr_match_json(const slo_expr *e, json_t *obj);

/* The value of e, for expressions used as values (--cohort-from, --map). */
slo_value slo_expr_value_event(const slo_expr *e, const slo_event *ev);
slo_value slo_expr_value_json(const slo_expr *e, json_t *obj);

/* Truthiness: true, nonzero number, non-empty string. */
int slo_value_truthy(const slo_value *v);

/*
 * If e is a bare field path, its dotted form ("labels.tenant"); else NULL.
 * Lets callers that group by a field reuse the path parser.
 */
const char *slo_expr_path(const slo_expr *e);

#endif
