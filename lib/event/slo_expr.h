/*
 * slo_expr.h — the expression language of DESIGN.md section 5.
 *
 *   expr    := or
 *   or      := and ('||' and)*
 *   and     := cmp ('&&' cmp)*
 *   cmp     := unary (('=='|'!='|'<'|'<='|'>'|'>=') unary
 *                     | '~' string
 *                     | 'in' '[' literal (',' literal)* ']')?
 *   unary   := '!' unary | primary
 *   primary := '(' expr ')' | literal | path
 *   literal := number | string | true | false | null
 *   path    := (ident | '[' string ']') ('.' seg | '[' string ']')*
 *   ident   := [A-Za-z_][A-Za-z0-9_-]*      seg := [A-Za-z0-9_-]+
 *
 * ts reads as epoch seconds; a string literal compared with ts is read as
 * an RFC 3339 time at parse time (ts >= "2026-11-01T00:00:00Z"), and one
 * that is not a time is a parse error.
 * Precedence, tightest first: '!', comparisons, '&&', '||'.  Since
 * "!status == 500" reads two ways, a '!' straight before a comparison is
 * an error: write !(a == b) or (!a) == b.  Comparisons do not
 * chain: a < b < c is an error.  Numbers are JSON numbers ('-' allowed);
 * strings take "..." or '...' with the escapes of JSON (plus \').  Blanks
 * are space, tab, CR and LF; none may appear inside a path.
 *
 * Values are missing, null, bool, number or string.  A path names a field:
 *  - on a canonical event (slo_expr_*_event): the fields of slo_event.h by
 *    their slo-events(5) names; kind is its name as a string, ts epoch
 *    seconds as a number, status and latency_ms numbers (missing when not
 *    in ev->has), ok a bool (requests, or when given), other fields strings
 *    (missing when NULL).  labels.NAME and flags.NAME (or labels["a-b"],
 *    flags["new-checkout"]) read the event's labels and flags; the name is
 *    all that follows, so labels.k8s.pod is the label "k8s.pod".  Any other
 *    top-level name is read from ev->json as below, missing when it is NULL.
 *  - on a raw JSON object (slo_expr_*_json): a.b.c walks nested objects,
 *    and at each level also tries the keys joined by dots from the next
 *    segments ("http.response.status_code" flat, or nested, or mixed),
 *    longer keys first, by the one rule of slo_jpath.h that slo-ingest's
 *    map paths follow too.  JSON integers and reals are numbers.
 *  Objects and arrays are not values: a path that ends on one is missing.
 *
 * Comparisons:
 *  - a missing operand makes every comparison false, '!=' and 'in'
 *    included; so !(x == 1) is true when x is missing, while x != 1 is not;
 *  - null == null; null != anything present and not null;
 *  - otherwise unlike types (number and string, bool and number) are false
 *    under every operator, never an error;
 *  - numbers compare as doubles, strings bytewise (memcmp, then the shorter
 *    first), bools only by == and !=;
 *  - x in [l1, l2, ...] is x == l1 || x == l2 ...;
 *  - x ~ "re" holds when the POSIX extended regular expression re
 *    matches somewhere in x, which must be a string (an embedded NUL ends
 *    the subject).  re is compiled once at parse time by lib/regex.c, in
 *    the C locale byte by byte, and matched in time linear in x whatever
 *    the pattern; back-references are refused (see lib/regex_int.h).
 * '&&', '||' short-circuit; '!' and a bare value use truthiness (see
 * slo_value_truthy), so '!x' is true when x is missing.  The value of a
 * comparison or logical operator is a bool.
 *
 * Evaluation allocates nothing and does not modify e: one expression may be
 * evaluated from several threads at once.
 *
 * Grouping: to read a field by name (group_by, --cohort-from), compile the
 * bare path with slo_expr_new("labels.tenant", ...), read it per event with
 * slo_expr_value_event() or slo_expr_value_json(), and name it with
 * slo_expr_path().
 */
#ifndef SLO_EXPR_H
#define SLO_EXPR_H

#include <jansson.h>
#include "slo.h"
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
	const char *str; /* borrowed from the event, object or expression */
	size_t len;
} slo_value;


/* Truth (see slo_value_truthy) of e over a canonical event. */
int slo_expr_match_event(const slo_expr *e, const slo_event *ev);

/* Truth of e over a raw JSON object (slo-ingest); obj may be NULL. */
int slo_expr_match_json(const slo_expr *e, json_t *obj);

/*
 * The value of e, for expressions used as values (--cohort-from, --map,
 * group_by).  A string borrows from ev, obj or e.
 */
slo_value slo_expr_value_event(const slo_expr *e, const slo_event *ev);
slo_value slo_expr_value_json(const slo_expr *e, json_t *obj);

/* Truthiness: true, a nonzero number (not NaN), a non-empty string. */
int slo_value_truthy(const slo_value *v);

/*
 * If e is a bare field path, its dotted form ("labels.tenant"); else NULL.
 * Lets callers that group by a field reuse the path parser.
 */
const char *slo_expr_path(const slo_expr *e);
/*
 * The field paths e reads, i < slo_expr_npaths(e), in source order (a
 * path written twice counted twice): the i-th in dotted form (NULL past
 * the end), and its value on an event (missing when the event lacks it).
 * Lets a caller refuse an expression over fields its input does not carry
 * (--where over rollup lines), or tell a field no event ever carried (a
 * typo such as 'staus').
 */
size_t slo_expr_npaths(const slo_expr *e);
const char *slo_expr_path_at(const slo_expr *e, size_t i);
slo_value slo_expr_path_value_event(const slo_expr *e, size_t i,
    const slo_event *ev);

/*
 * The top-level fields of slo-events(5) that a path reads from the event
 * struct (kind, ts, service, ... severity; not labels and flags):
 * slo_expr_field_name(i) for i < slo_expr_field_count(), and bit i of
 * slo_expr_fields_present(ev) set when ev carries field i.
 */
size_t slo_expr_field_count(void);
const char *slo_expr_field_name(size_t i);
unsigned long slo_expr_fields_present(const slo_event *ev);

#endif
