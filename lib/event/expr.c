/*
 * expr.c — the expression language of DESIGN.md section 5.
 *
 * slo_expr_new() parses once into an array of nodes that refer to each
 * other by index; strings, field paths and their precomputed JSON keys live
 * in an arena owned by the expression, and every regex is compiled there
 * too.  Evaluation walks the array and allocates nothing; over a
 * canonical event, a bare field or one field compared with a literal
 * skips the walk (struct shortcut).  '||' and '&&' chains are built
 * leaning right and evaluated in a loop, so their length never turns into
 * recursion depth; the only recursion left is bounded by the nesting
 * limit checked while parsing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slo_expr.h"
#include "slo_jpath.h"
#include "slo_math.h"
#include "regex_int.h"
#include "slo_num.h"

#define MAX_DEPTH 256 /* nesting of '(' and '!' */
#define MAX_SEGS SLO_JPATH_MAX_SEGS /* parts of one field path */
/*
 * Beyond the nesting above, what one expression may cost: the items of
 * one 'in' list (each is compared for every event) and the NFA states of
 * all its regexes together (each pattern is bounded on its own by
 * regex_int.h).  The rest of an expression takes memory in proportion to
 * its length, and time per event in proportion to its terms.
 */
#define MAX_LIST 4096
#define MAX_RE_STATES 65536

enum op {
	OP_LIT,
	OP_PATH,
	OP_NOT,
	OP_AND,
	OP_OR,
	OP_EQ,
	OP_NE,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_MATCH,
	OP_IN
};

/* The first segment of a path, resolved once. */
enum field {
	F_KIND,
	F_TS,
	F_SERVICE,
	F_COHORT,
	F_REGION,
	F_VERSION,
	F_ROUTE,
	F_STATUS,
	F_LATENCY_MS,
	F_OK,
	F_TRACE_ID,
	F_SUBJECT,
	F_FLAG,
	F_VARIANT,
	F_SEGMENT,
	F_REASON,
	F_ERROR,
	F_RESULT,
	F_ID,
	F_STATE,
	F_SOURCE,
	F_SEVERITY,
	F__CANONICAL,
	F_LABELS = F__CANONICAL,
	F_FLAGS,
	F_OTHER
};

/* slo_expr_fields_present() gives one bit to each */
_Static_assert(F__CANONICAL <= 32, "canonical fields fit an unsigned long");

static const char *const field_names[F__CANONICAL] = {
	"kind", "ts", "service", "cohort", "region", "version", "route",
	"status", "latency_ms", "ok", "trace_id", "subject", "flag", "variant",
	"segment", "reason", "error", "result", "id", "state", "source",
	"severity"
};

struct path {
	int field;
	int nseg;
	const char *dotted;
	/* key[i * nseg + j - 1]: segments i..j-1 joined by '.', for i < j */
	const char **key;
};

struct node {
	int op;
	int a;       /* operand; OP_PATH: path index */
	int b;       /* right operand; OP_MATCH: regex; OP_IN: first literal */
	int n;       /* OP_IN: number of literals, consecutive nodes from b */
	slo_value lit;
};

/*
 * Most expressions of a spec are one field (group_by: route) or one field
 * compared with a literal (status < 500, cohort == "alpha").  Over a
 * canonical event these skip the tree walk: the field is read once and
 * compared with the literal in place, by event_field() and compare() as
 * the walk would, or, for a string member or status and latency_ms, read
 * straight from slo_event and compared by the same rules (num_cmp,
 * str_eq).  test_expr_shortcut.c holds each shape to the walk.
 */
enum shape {
	SHAPE_TREE,	/* anything else: walk the nodes */
	SHAPE_PATH,	/* a bare path */
	SHAPE_STR,	/* a bare path to a string member of slo_event */
	SHAPE_CMP,	/* path OP literal, or literal OP path */
	SHAPE_STR_EQ,	/* a string member == or != a string literal */
	SHAPE_NUM_CMP	/* status or latency_ms OP a number literal */
};

struct shortcut {
	int shape;
	int path;              /* index in paths */
	int op;                /* SHAPE_*CMP, SHAPE_STR_EQ: OP_EQ .. OP_GE */
	int lit_left;          /* the literal is the left operand */
	const slo_value *lit;  /* SHAPE_*CMP, SHAPE_STR_EQ: the literal */
	size_t member;         /* SHAPE_STR, SHAPE_STR_EQ: offset in slo_event */
};

struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(max_align_t) unsigned char data[];
};

struct slo_expr {
	char *src;
	struct node *nodes;
	int nnodes, capnodes;
	struct path *paths;
	int npaths, cappaths;
	slo_re **res;
	int nres, capres;
	size_t re_states; /* of all res together */
	struct block *arena;
	size_t arena_next; /* size of the next block: small first, doubling */
	int root;
	struct shortcut fast; /* set by find_shortcut() */
};

struct parser {
	slo_expr *e;
	const char *src;
	const char *p;
	slo_error *err;
	int depth;
	slo_buf tmp; /* decoded string being built */
};

/* Where the value of a path comes from. */
struct ctx {
	const slo_event *ev; /* NULL: read obj */
	json_t *obj;
};

/* ---- storage ---------------------------------------------------------- */

static void *
arena_alloc(slo_expr *e, size_t n)
{
	struct block *b = e->arena;
	size_t align = _Alignof(max_align_t);

	n = (n + align - 1) / align * align;
	if (b == NULL || b->cap - b->used < n) {
		/*
		 * Most expressions are a few tokens; a spec may hold 10^5 of
		 * them, so start small and double up to 4 KiB.
		 */
		size_t next = e->arena_next ? e->arena_next : 128;
		size_t cap = n > next ? n : next;

		e->arena_next = next < 4096 ? next * 2 : 4096;

		if ((b = malloc(sizeof *b + cap)) == NULL)
			return NULL;
		b->cap = cap;
		b->used = 0;
		b->next = e->arena;
		e->arena = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

static char *
arena_strndup(slo_expr *e, const char *s, size_t n)
{
	char *d = arena_alloc(e, n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/*
 * Room for one more element after len in array p of *cap elements of sz
 * bytes: returns the array, perhaps moved, or NULL (p is then unchanged).
 */
static void *
grow(void *p, int *cap, int len, size_t sz)
{
	int ncap;

	if (len < *cap)
		return p;
	if (*cap > (1 << 28))
		return NULL;
	ncap = *cap ? *cap * 2 : 4;
	if ((p = realloc(p, (size_t)ncap * sz)) == NULL)
		return NULL;
	*cap = ncap;
	return p;
}

/* ---- errors ----------------------------------------------------------- */

/* Sets err at byte at of the source: line and column (in characters). */
static int
fail(struct parser *ps, slo_status st, const char *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int
fail(struct parser *ps, slo_status st, const char *at, const char *fmt, ...)
{
	char msg[sizeof ps->err->msg];
	long line = 1, col = 1;
	va_list ap;

	for (const char *s = ps->src; s < at; s++) {
		if (*s == '\n') {
			line++;
			col = 1;
		} else if ((*s & 0xC0) != 0x80)
			col++;
	}
	va_start(ap, fmt);
	slo_vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	slo_error_set(ps->err, st, "", line, col, "%s", msg);
	return -1;
}

static int
oom(struct parser *ps)
{
	return fail(ps, SLO_ENOMEM, ps->p, "out of memory");
}

static int
is_seg_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int
is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* The length of the token that starts at s, for messages. */
static size_t
token_len(const char *s)
{
	static const char *const two[] = {
		"==", "!=", "<=", ">=", "&&", "||", "=~"
	};
	const unsigned char *u = (const unsigned char *)s;
	size_t n;

	if (is_seg_char(*u)) {
		for (n = 0; is_seg_char(u[n]); n++)
			;
		return n;
	}
	if (*u == '"' || *u == '\'') {
		for (n = 1; u[n] != '\0' && u[n] != *u; n++)
			if (u[n] == '\\' && u[n + 1] != '\0')
				n++;
		return u[n] == '\0' ? n : n + 1;
	}
	for (size_t i = 0; i < sizeof two / sizeof two[0]; i++)
		if (s[0] == two[i][0] && s[1] == two[i][1])
			return 2;
	if (*u < 0x80)
		return 1;
	for (n = 1; (u[n] & 0xC0) == 0x80; n++)
		;
	return n;
}

/* "unexpected 'x'" at s, with a hint for the usual slips. */
static int
unexpected(struct parser *ps, const char *s, const char *after)
{
	char tok[48];
	size_t n, o = 0;
	const char *hint = "";

	if (*s == '\0')
		return fail(ps, SLO_ESYNTAX, s, "unexpected end of expression");
	n = token_len(s);
	for (size_t i = 0; i < n && o < 36; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7F)
			o += (size_t)slo_snprintf(tok + o, sizeof tok - o, "\\x%02x", c);
		else
			tok[o++] = (char)c;
	}
	if (o < n)
		o += (size_t)slo_snprintf(tok + o, sizeof tok - o, "...");
	tok[o] = '\0';
	if (s[0] == '=' && s[1] == '~')
		hint = " (use '~')";
	else if (s[0] == '=')
		hint = " (use '==')";
	else if (s[0] == '&' && s[1] != '&')
		hint = " (use '&&')";
	else if (s[0] == '|' && s[1] != '|')
		hint = " (use '||')";
	return fail(ps, SLO_ESYNTAX, s, "unexpected '%s'%s", tok,
	    *hint ? hint : after);
}

/* ---- parser ----------------------------------------------------------- */

static void
skip_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
	    *ps->p == '\r')
		ps->p++;
}

static int
new_node(struct parser *ps, int op, int a, int b)
{
	slo_expr *e = ps->e;
	struct node *n;

	if ((n = grow(e->nodes, &e->capnodes, e->nnodes, sizeof *n)) == NULL)
		return oom(ps);
	e->nodes = n;
	n += e->nnodes;
	memset(n, 0, sizeof *n);
	n->op = op;
	n->a = a;
	n->b = b;
	return e->nnodes++;
}

/* One more level of '(' or '!', the one at at. */
static int
enter(struct parser *ps, const char *at)
{
	if (++ps->depth > MAX_DEPTH)
		return fail(ps, SLO_ELIMIT, at,
		    "nesting too deep (over %d levels)", MAX_DEPTH);
	return 0;
}

static int
hex4(const char *s, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		int c = s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return 0;
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return 1;
}

static int
put_utf8(slo_buf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return slo_buf_append(b, u, n) == SLO_OK;
}

/*
 * A quoted string at ps->p, "..." or '...', with the escapes of JSON (and
 * \' as well).  The decoded bytes, NUL-terminated, go to the arena.
 */
static int
parse_string(struct parser *ps, const char **out, size_t *outlen)
{
	const char *open = ps->p, *s = ps->p + 1;
	char q = *open;
	char *d;

	slo_buf_reset(&ps->tmp);
	for (;;) {
		const char *run = s;
		unsigned cp, lo;

		while (*s != q && *s != '\\' && *s != '\0' &&
		    (unsigned char)*s >= 0x20)
			s++;
		if (slo_buf_append(&ps->tmp, run, (size_t)(s - run)) != SLO_OK)
			return oom(ps);
		if (*s == q)
			break;
		if (*s == '\0')
			return fail(ps, SLO_ESYNTAX, open, "unterminated string");
		if (*s != '\\')
			return fail(ps, SLO_ESYNTAX, s,
			    "control character in string (use an escape)");
		switch (s[1]) {
		case '"': case '\'': case '\\': case '/':
			cp = (unsigned char)s[1];
			break;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			if (!hex4(s + 2, &cp))
				return fail(ps, SLO_ESYNTAX, s,
				    "bad '\\u' escape (want 4 hex digits)");
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				return fail(ps, SLO_ESYNTAX, s,
				    "unpaired surrogate in '\\u' escape");
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (s[6] != '\\' || s[7] != 'u' ||
				    !hex4(s + 8, &lo) || lo < 0xDC00 ||
				    lo > 0xDFFF)
					return fail(ps, SLO_ESYNTAX, s,
					    "unpaired surrogate in '\\u' escape");
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				    (lo - 0xDC00);
				s += 6;
			}
			s += 4;
			break;
		case '\0':
			return fail(ps, SLO_ESYNTAX, open, "unterminated string");
		default:
			if ((unsigned char)s[1] < 0x20 || (unsigned char)s[1] >= 0x7F)
				return fail(ps, SLO_ESYNTAX, s, "bad escape");
			return fail(ps, SLO_ESYNTAX, s, "bad escape '\\%c'", s[1]);
		}
		if (!put_utf8(&ps->tmp, cp))
			return oom(ps);
		s += 2;
	}
	ps->p = s + 1;
	if ((d = arena_strndup(ps->e, ps->tmp.len ? ps->tmp.data : "",
	    ps->tmp.len)) == NULL)
		return oom(ps);
	*out = d;
	*outlen = ps->tmp.len;
	return 0;
}

/*
 * A number in JSON syntax, '-' allowed.  The text is converted by jansson,
 * whose conversion does not depend on the locale's decimal point.
 */
static int
parse_number(struct parser *ps, double *out)
{
	const char *start = ps->p, *s = ps->p;
	json_error_t jerr;
	json_t *j;
	size_t n;
	char *buf;
	int real = 0;

	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (is_digit(*s))
		while (is_digit(*s))
			s++;
	else
		goto bad;
	if (*s == '.') {
		real = 1;
		if (!is_digit(*++s))
			goto bad;
		while (is_digit(*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		real = 1;
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!is_digit(*s))
			goto bad;
		while (is_digit(*s))
			s++;
	}
	if (is_seg_char(*s) || *s == '.')
		goto bad;
	n = (size_t)(s - start);
	/* as a real, so that integers beyond int64 are not refused */
	if ((buf = malloc(n + 3)) == NULL)
		return oom(ps);
	memcpy(buf, start, n);
	memcpy(buf + n, real ? "" : ".0", real ? 1 : 3);
	j = json_loads(buf, JSON_DECODE_ANY, &jerr);
	free(buf);
	if (j == NULL || !json_is_real(j)) {
		json_decref(j);
		return fail(ps, SLO_ERANGE, start, "number out of range '%.*s'",
		    (int)(n > 40 ? 40 : n), start);
	}
	*out = json_real_value(j);
	json_decref(j);
	ps->p = s;
	return 0;
bad:
	while (is_seg_char(*s) || *s == '.' || *s == '+')
		s++;
	n = (size_t)(s - start);
	return fail(ps, SLO_ESYNTAX, start, "bad number '%.*s'",
	    (int)(n > 40 ? 40 : n), start);
}

/* A literal at ps->p, or 1 (nothing consumed) when there is none. */
static int
parse_literal(struct parser *ps, int *node)
{
	const char *s = ps->p;
	slo_value v = { 0 };
	size_t n;

	if (*s == '"' || *s == '\'') {
		v.type = SLO_V_STR;
		if (parse_string(ps, &v.str, &v.len) < 0)
			return -1;
	} else if (*s == '-' || is_digit(*s)) {
		v.type = SLO_V_NUM;
		if (parse_number(ps, &v.num) < 0)
			return -1;
	} else {
		for (n = 0; is_seg_char(s[n]); n++)
			;
		if (n == 4 && memcmp(s, "true", 4) == 0) {
			v.type = SLO_V_BOOL;
			v.b = 1;
		} else if (n == 5 && memcmp(s, "false", 5) == 0)
			v.type = SLO_V_BOOL;
		else if (n == 4 && memcmp(s, "null", 4) == 0)
			v.type = SLO_V_NULL;
		else
			return 1;
		ps->p += n;
	}
	if ((*node = new_node(ps, OP_LIT, -1, -1)) < 0)
		return -1;
	ps->e->nodes[*node].lit = v;
	return 0;
}

static int
add_path(struct parser *ps, const char **seg, const size_t *len, int nseg)
{
	slo_expr *e = ps->e;
	struct path *pa;

	if ((pa = grow(e->paths, &e->cappaths, e->npaths, sizeof *pa)) == NULL)
		return oom(ps);
	e->paths = pa;
	pa += e->npaths;
	pa->nseg = nseg;
	pa->field = F_OTHER;
	for (int f = 0; f < F__CANONICAL; f++)
		if (strcmp(seg[0], field_names[f]) == 0)
			pa->field = f;
	if (strcmp(seg[0], "labels") == 0)
		pa->field = F_LABELS;
	else if (strcmp(seg[0], "flags") == 0)
		pa->field = F_FLAGS;
	pa->key = arena_alloc(e, (size_t)nseg * (size_t)nseg * sizeof *pa->key);
	if (pa->key == NULL)
		return oom(ps);
	for (int i = 0; i < nseg; i++) {
		slo_buf_reset(&ps->tmp);
		for (int j = i; j < nseg; j++) {
			if ((j > i && slo_buf_putc(&ps->tmp, '.') != SLO_OK) ||
			    slo_buf_append(&ps->tmp, seg[j], len[j]) != SLO_OK ||
			    (pa->key[i * nseg + j] = arena_strndup(e,
			    ps->tmp.data, ps->tmp.len)) == NULL)
				return oom(ps);
		}
	}
	pa->dotted = pa->key[nseg - 1];
	return new_node(ps, OP_PATH, e->npaths++, -1);
}

/*
 * path := (ident | '[' string ']') ('.' seg | '[' string ']')*
 * with seg := [A-Za-z0-9_-]+, no blanks inside.
 */
static int
parse_path(struct parser *ps)
{
	const char *seg[MAX_SEGS];
	size_t len[MAX_SEGS];
	int nseg = 0;

	for (;;) {
		const char *at = ps->p;

		if (nseg > 0 && *at != '.' && *at != '[')
			break;
		if (nseg == MAX_SEGS)
			return fail(ps, SLO_ELIMIT, at,
			    "field path too long (over %d parts)", MAX_SEGS);
		if (nseg == 0 && is_ident_start(*at)) {
			/* start */
		} else if (nseg > 0 && *at == '.') {
			ps->p++;
			if (!is_seg_char(*ps->p))
				return fail(ps, SLO_ESYNTAX, ps->p,
				    "expected a field name after '.'");
		} else if (*at == '[') {
			ps->p++;
			skip_ws(ps);
			if (*ps->p != '"' && *ps->p != '\'')
				return fail(ps, SLO_ESYNTAX, ps->p,
				    "expected a quoted field name in '[...]'");
			at = ps->p;
			if (parse_string(ps, &seg[nseg], &len[nseg]) < 0)
				return -1;
			if (strlen(seg[nseg]) != len[nseg])
				return fail(ps, SLO_ESYNTAX, at,
				    "field name contains a nul byte");
			skip_ws(ps);
			if (*ps->p != ']')
				return fail(ps, SLO_ESYNTAX, ps->p,
				    "expected ']'");
			ps->p++;
			nseg++;
			continue;
		} else
			break;
		seg[nseg] = ps->p;
		while (is_seg_char(*ps->p))
			ps->p++;
		len[nseg] = (size_t)(ps->p - seg[nseg]);
		if ((seg[nseg] = arena_strndup(ps->e, seg[nseg],
		    len[nseg])) == NULL)
			return oom(ps);
		nseg++;
	}
	return add_path(ps, seg, len, nseg);
}

static int parse_or(struct parser *);

static int
parse_primary(struct parser *ps)
{
	int node, r;

	skip_ws(ps);
	if (*ps->p == '(') {
		if (enter(ps, ps->p++) < 0 || (node = parse_or(ps)) < 0)
			return -1;
		skip_ws(ps);
		if (*ps->p != ')')
			return fail(ps, SLO_ESYNTAX, ps->p, "expected ')'");
		ps->p++;
		ps->depth--;
		return node;
	}
	if ((r = parse_literal(ps, &node)) <= 0)
		return r < 0 ? -1 : node;
	if (*ps->p == '[' || is_ident_start(*ps->p)) {
		size_t n = token_len(ps->p);

		if (n == 2 && memcmp(ps->p, "in", 2) == 0)
			return unexpected(ps, ps->p, "");
		return parse_path(ps);
	}
	return unexpected(ps, ps->p, "");
}

/* unary := '!' unary | primary   ('!' binds tighter than comparisons, but "!a == b" is refused as ambiguous: see parse_cmp) */
static int
parse_unary(struct parser *ps)
{
	int a;

	skip_ws(ps);
	if (ps->p[0] == '!' && ps->p[1] != '=') {
		if (enter(ps, ps->p++) < 0 || (a = parse_unary(ps)) < 0)
			return -1;
		ps->depth--;
		return new_node(ps, OP_NOT, a, -1);
	}
	return parse_primary(ps);
}

/* The comparison operator at s, its length in *len; -1 when none. */
static int
cmp_op(const char *s, size_t *len)
{
	*len = 2;
	if (s[0] == '=' && s[1] == '=')
		return OP_EQ;
	if (s[0] == '!' && s[1] == '=')
		return OP_NE;
	if (s[0] == '<' && s[1] == '=')
		return OP_LE;
	if (s[0] == '>' && s[1] == '=')
		return OP_GE;
	*len = 1;
	if (s[0] == '<')
		return OP_LT;
	if (s[0] == '>')
		return OP_GT;
	if (s[0] == '~')
		return OP_MATCH;
	if (s[0] == 'i' && s[1] == 'n' && !is_seg_char(s[2])) {
		*len = 2;
		return OP_IN;
	}
	return -1;
}

/*
 * The source byte of decoded byte k of the string literal that opens at
 * open, so that an error inside a regex can point at its column: an
 * escape decodes to one byte, or to the UTF-8 bytes of its '\\u' code
 * point (a surrogate pair to 4); any other source byte to itself.
 */
static const char *
literal_src(const char *open, size_t k)
{
	const char *s = open + 1;
	size_t got = 0;

	while (*s != '\0' && *s != *open) {
		size_t src = 1, dec = 1;

		if (*s == '\\' && s[1] == 'u') {
			unsigned cp = 0;

			src = 6;
			hex4(s + 2, &cp);
			dec = cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				src = 12;
				dec = 4;
			}
		} else if (*s == '\\')
			src = 2;
		if (got + dec > k)
			break;
		got += dec;
		s += src;
	}
	return s;
}

/*
 * '~' "pattern": compiled by regex.c, which matches in linear time and
 * bounds each pattern; the expression bounds the sum of them.
 */
static int
parse_regex(struct parser *ps, int lhs)
{
	const char *at = ps->p, *pat;
	size_t len;
	slo_re *re, **res;
	slo_re_error rerr;
	int node;

	if (*at != '"' && *at != '\'')
		return fail(ps, SLO_ESYNTAX, at,
		    "expected a quoted regex after '~'");
	if (parse_string(ps, &pat, &len) < 0)
		return -1;
	if ((re = slo_re_compile(pat, len, &rerr)) == NULL) {
		if (rerr.status == SLO_ENOMEM)
			return oom(ps);
		return fail(ps, rerr.status, literal_src(at, rerr.at),
		    "bad regex: %s", rerr.msg);
	}
	if (ps->e->re_states + slo_re_states(re) > MAX_RE_STATES) {
		slo_re_free(re);
		return fail(ps, SLO_ELIMIT, at, "bad regex: the expression's "
		    "regexes are too large together (over %d states)",
		    MAX_RE_STATES);
	}
	if ((res = grow(ps->e->res, &ps->e->capres, ps->e->nres,
	    sizeof *res)) == NULL) {
		slo_re_free(re);
		return oom(ps);
	}
	ps->e->res = res;
	ps->e->res[ps->e->nres] = re;
	ps->e->re_states += slo_re_states(re);
	if ((node = new_node(ps, OP_MATCH, lhs, ps->e->nres++)) < 0)
		return -1;
	return node;
}

static int
parse_list(struct parser *ps, int lhs)
{
	int first = -1, n = 0, node, r;

	skip_ws(ps);
	if (*ps->p != '[')
		return fail(ps, SLO_ESYNTAX, ps->p, "expected '[' after 'in'");
	ps->p++;
	for (;;) {
		const char *item;

		skip_ws(ps);
		item = ps->p;
		if ((r = parse_literal(ps, &node)) < 0)
			return -1;
		if (r > 0)
			return fail(ps, SLO_ESYNTAX, ps->p,
			    "expected a literal in list");
		if (first < 0)
			first = node;
		if (++n > MAX_LIST)
			return fail(ps, SLO_ELIMIT, item, "list too long (over "
			    "%d items)", MAX_LIST);
		skip_ws(ps);
		if (*ps->p == ']')
			break;
		if (*ps->p != ',')
			return fail(ps, SLO_ESYNTAX, ps->p,
			    "expected ',' or ']' in list");
		ps->p++;
	}
	ps->p++;
	if ((node = new_node(ps, OP_IN, lhs, first)) < 0)
		return -1;
	ps->e->nodes[node].n = n;
	return node;
}

/*
 * ts holds epoch seconds, so `ts >= "2026-11-01T00:00:00Z"` would compare
 * a number with a string and never hold.  A string literal compared with
 * the ts field is read as an RFC 3339 time instead; a bad one is an error.
 */
static int
ts_literal(struct parser *ps, int path, int lit, const char *lit_at)
{
	struct node *p = &ps->e->nodes[path], *l = &ps->e->nodes[lit];
	slo_ns t;
	size_t pos;

	if (p->op != OP_PATH || ps->e->paths[p->a].field != F_TS ||
	    ps->e->paths[p->a].nseg != 1 || l->op != OP_LIT ||
	    l->lit.type != SLO_V_STR)
		return 0;
	if (slo_time_parse(l->lit.str, l->lit.len, &t, &pos) != SLO_OK)
		return fail(ps, SLO_ESYNTAX, lit_at,
		    "'%.40s' is not an RFC 3339 time to compare with ts",
		    l->lit.str);
	l->lit.type = SLO_V_NUM;
	/* exactly as event_field() turns an event's ts into seconds */
	l->lit.num = (double)(t / SLO_NS_PER_SEC) + (double)(t % SLO_NS_PER_SEC) / 1e9;
	return 0;
}

/* cmp := unary (op unary | '~' string | 'in' '[' literal, ... ']')? */
static int
parse_cmp(struct parser *ps)
{
	int lhs, rhs, op, bang;
	size_t len;
	const char *start, *rhs_at;

	skip_ws(ps);
	start = ps->p;
	bang = start[0] == '!' && start[1] != '=';
	if ((lhs = parse_unary(ps)) < 0)
		return -1;
	skip_ws(ps);
	if ((op = cmp_op(ps->p, &len)) < 0)
		return lhs;
	/*
	 * "!status == 500" would negate status alone and so never hold;
	 * what was meant is rarely that.  Ask for parentheses instead.
	 */
	if (bang)
		return fail(ps, SLO_ESYNTAX, start,
		    "'!' before a comparison: write !(a == b) or (!a) == b");
	ps->p += len;
	skip_ws(ps);
	if (op == OP_MATCH)
		lhs = parse_regex(ps, lhs);
	else if (op == OP_IN)
		lhs = parse_list(ps, lhs);
	else if ((rhs_at = ps->p, rhs = parse_unary(ps)) < 0)
		return -1;
	else if (ts_literal(ps, lhs, rhs, rhs_at) < 0 ||
	    ts_literal(ps, rhs, lhs, start) < 0)
		return -1;
	else
		lhs = new_node(ps, op, lhs, rhs);
	if (lhs < 0)
		return -1;
	skip_ws(ps);
	if (cmp_op(ps->p, &len) >= 0)
		return unexpected(ps, ps->p, " (comparisons do not chain)");
	return lhs;
}

/*
 * and := cmp ('&&' cmp)*   and   or := and ('||' and)*
 * A chain a op b op c becomes a op (b op c): the evaluator follows the
 * right side in a loop.
 */
static int
parse_chain(struct parser *ps, int op)
{
	const char *tok = op == OP_OR ? "||" : "&&";
	int first, last = -1, t, n;

	if ((first = op == OP_OR ? parse_chain(ps, OP_AND) :
	    parse_cmp(ps)) < 0)
		return -1;
	for (;;) {
		skip_ws(ps);
		if (ps->p[0] != tok[0] || ps->p[1] != tok[1])
			break;
		ps->p += 2;
		if ((t = op == OP_OR ? parse_chain(ps, OP_AND) :
		    parse_cmp(ps)) < 0)
			return -1;
		if (last < 0) {
			if ((n = new_node(ps, op, first, t)) < 0)
				return -1;
			first = n;
		} else {
			if ((n = new_node(ps, op, ps->e->nodes[last].b, t)) < 0)
				return -1;
			ps->e->nodes[last].b = n;
		}
		last = n;
	}
	return first;
}

static int
parse_or(struct parser *ps)
{
	return parse_chain(ps, OP_OR);
}

/*
 * Where slo_event keeps the string of canonical field f: its offset, or 0
 * for the fields that are not plain strings (kind is at offset 0).  The
 * same members as event_field() reads; test_expr_shortcut.c checks that
 * each gives the same value both ways.
 */
static size_t
str_member(int f)
{
	switch (f) {
	case F_SERVICE: return offsetof(slo_event, service);
	case F_COHORT: return offsetof(slo_event, cohort);
	case F_REGION: return offsetof(slo_event, region);
	case F_VERSION: return offsetof(slo_event, version);
	case F_ROUTE: return offsetof(slo_event, route);
	case F_TRACE_ID: return offsetof(slo_event, trace_id);
	case F_SUBJECT: return offsetof(slo_event, subject);
	case F_FLAG: return offsetof(slo_event, flag);
	case F_VARIANT: return offsetof(slo_event, variant);
	case F_SEGMENT: return offsetof(slo_event, segment);
	case F_REASON: return offsetof(slo_event, reason);
	case F_ERROR: return offsetof(slo_event, error);
	case F_RESULT: return offsetof(slo_event, result);
	case F_ID: return offsetof(slo_event, id);
	case F_STATE: return offsetof(slo_event, state);
	case F_SOURCE: return offsetof(slo_event, source);
	case F_SEVERITY: return offsetof(slo_event, severity);
	default: return 0;
	}
}

/*
 * The shape of e's root, for slo_expr_match_event() and
 * slo_expr_value_event(): a bare path, or a path and a literal under one
 * of == != < <= > >= ('~' and 'in' keep the walk).  Only the nodes were
 * looked at, so the shortcut means what the walk means; the narrower
 * shapes name the one member of slo_event the path reads.
 */
static void
find_shortcut(slo_expr *e)
{
	const struct node *n = &e->nodes[e->root];
	const struct node *x, *y;
	const struct path *p;

	e->fast.shape = SHAPE_TREE;
	if (n->op == OP_PATH) {
		p = &e->paths[n->a];
		e->fast.path = n->a;
		e->fast.member = p->nseg == 1 ? str_member(p->field) : 0;
		e->fast.shape = e->fast.member ? SHAPE_STR : SHAPE_PATH;
		return;
	}
	if (n->op < OP_EQ || n->op > OP_GE)
		return;
	x = &e->nodes[n->a];
	y = &e->nodes[n->b];
	if (x->op == OP_PATH && y->op == OP_LIT) {
		e->fast.path = x->a;
		e->fast.lit = &y->lit;
		e->fast.lit_left = 0;
	} else if (x->op == OP_LIT && y->op == OP_PATH) {
		e->fast.path = y->a;
		e->fast.lit = &x->lit;
		e->fast.lit_left = 1;
	} else {
		return;
	}
	e->fast.op = n->op;
	e->fast.shape = SHAPE_CMP;
	p = &e->paths[e->fast.path];
	if (p->nseg != 1)
		return;
	e->fast.member = str_member(p->field);
	if (e->fast.member && e->fast.lit->type == SLO_V_STR &&
	    (n->op == OP_EQ || n->op == OP_NE))
		e->fast.shape = SHAPE_STR_EQ;
	else if ((p->field == F_STATUS || p->field == F_LATENCY_MS) &&
	    e->fast.lit->type == SLO_V_NUM)
		e->fast.shape = SHAPE_NUM_CMP;
}

slo_expr *
slo_expr_new(const char *src, slo_error *err)
{
	struct parser ps;
	slo_expr *e;
	size_t bad;

	slo_error_clear(err);
	if (src == NULL) {
		slo_error_set(err, SLO_EINVAL, "", 0, 0, "no expression");
		return NULL;
	}
	if ((e = calloc(1, sizeof *e)) == NULL ||
	    (e->src = strdup(src)) == NULL) {
		free(e);
		slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
		return NULL;
	}
	memset(&ps, 0, sizeof ps);
	ps.e = e;
	ps.src = ps.p = e->src;
	ps.err = err;
	if (!slo_utf8_valid(src, strlen(src), &bad)) {
		fail(&ps, SLO_EUTF8, ps.src + bad, "invalid UTF-8");
		goto fail;
	}
	skip_ws(&ps);
	if (*ps.p == '\0') {
		fail(&ps, SLO_ESYNTAX, ps.src, "empty expression");
		goto fail;
	}
	if ((e->root = parse_or(&ps)) < 0)
		goto fail;
	skip_ws(&ps);
	if (*ps.p != '\0') {
		unexpected(&ps, ps.p, *ps.p == ')' ? " (no matching '(')" :
		    " after the expression");
		goto fail;
	}
	find_shortcut(e);
	slo_buf_release(&ps.tmp);
	return e;
fail:
	slo_buf_release(&ps.tmp);
	slo_expr_free(e);
	return NULL;
}

void
slo_expr_free(slo_expr *e)
{
	struct block *b, *next;

	if (e == NULL)
		return;
	for (int i = 0; i < e->nres; i++)
		slo_re_free(e->res[i]);
	for (b = e->arena; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(e->res);
	free(e->paths);
	free(e->nodes);
	free(e->src);
	free(e);
}

const char *
slo_expr_source(const slo_expr *e)
{
	return e->src;
}

const char *
slo_expr_path(const slo_expr *e)
{
	const struct node *n = &e->nodes[e->root];

	return n->op == OP_PATH ? e->paths[n->a].dotted : NULL;
}

size_t
slo_expr_npaths(const slo_expr *e)
{
	return (size_t)e->npaths;
}

const char *
slo_expr_path_at(const slo_expr *e, size_t i)
{
	return i < (size_t)e->npaths ? e->paths[i].dotted : NULL;
}

/* ---- evaluation ------------------------------------------------------- */

static slo_value event_field(const struct path *, const slo_event *);

slo_value
slo_expr_path_value_event(const slo_expr *e, size_t i, const slo_event *ev)
{
	return event_field(&e->paths[i], ev);
}

size_t
slo_expr_field_count(void)
{
	return F__CANONICAL;
}

const char *
slo_expr_field_name(size_t i)
{
	return field_names[i];
}

unsigned long
slo_expr_fields_present(const slo_event *ev)
{
	unsigned long bits = 0;

	for (int f = 0; f < F__CANONICAL; f++) {
		struct path p = { f, 1, field_names[f], NULL };

		if (event_field(&p, ev).type != SLO_V_MISSING)
			bits |= 1UL << f;
	}
	return bits;
}

static slo_value
str_value(const char *s)
{
	slo_value v = { 0 };

	if (s != NULL) {
		v.type = SLO_V_STR;
		v.str = s;
		v.len = strlen(s);
	}
	return v;
}

static slo_value
num_value(double x)
{
	slo_value v = { 0 };

	v.type = SLO_V_NUM;
	v.num = x;
	return v;
}

static slo_value
json_value(const json_t *j)
{
	slo_value v = { 0 };

	switch (j ? json_typeof(j) : JSON_OBJECT) {
	case JSON_STRING:
		v.type = SLO_V_STR;
		v.str = json_string_value(j);
		v.len = json_string_length(j);
		break;
	case JSON_INTEGER:
		v.type = SLO_V_NUM;
		v.num = (double)json_integer_value(j);
		break;
	case JSON_REAL:
		v.type = SLO_V_NUM;
		v.num = json_real_value(j);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		v.type = SLO_V_BOOL;
		v.b = json_is_true(j);
		break;
	case JSON_NULL:
		v.type = SLO_V_NULL;
		break;
	default: /* objects and arrays are not values */
		break;
	}
	return v;
}

/* slo_jpath_key_fn over the joined keys a path keeps (add_path). */
static const char *
path_key(const void *ctx, int i, int j, size_t *len)
{
	const struct path *p = ctx;
	const char *k = p->key[i * p->nseg + j - 1];

	*len = strlen(k);
	return k;
}

/* The member of o at path p, by the one rule of slo_jpath.h. */
static json_t *
walk(const struct path *p, json_t *o)
{
	return slo_jpath_walk(o, p->nseg, path_key, p);
}

static slo_value
event_field(const struct path *p, const slo_event *ev)
{
	static const slo_value missing;
	const char *s;

	if (p->field == F_OTHER)
		return ev->json ? json_value(walk(p, ev->json)) : missing;
	if (p->field == F_LABELS || p->field == F_FLAGS) {
		/* the name is the rest joined: labels.k8s.pod is "k8s.pod" */
		const char *name = p->key[p->nseg + p->nseg - 1];

		if (p->nseg < 2)
			return missing;
		return str_value(p->field == F_LABELS ?
		    slo_event_label(ev, name) : slo_event_flag(ev, name));
	}
	if (p->nseg != 1)
		return missing;
	switch (p->field) {
	case F_KIND:
		if ((unsigned)ev->kind >= SLO_KIND__COUNT)
			return missing;
		return str_value(slo_kind_name(ev->kind));
	case F_TS:
		if (!(ev->has & SLO_HAS_TS))
			return missing;
		return num_value((double)(ev->ts / SLO_NS_PER_SEC) +
		    (double)(ev->ts % SLO_NS_PER_SEC) / 1e9);
	case F_STATUS:
		if (!(ev->has & SLO_HAS_STATUS))
			return missing;
		return num_value(ev->status);
	case F_LATENCY_MS:
		if (!(ev->has & SLO_HAS_LATENCY))
			return missing;
		return num_value(ev->latency_ms);
	case F_OK: {
		slo_value v = { 0 };

		if (ev->kind != SLO_KIND_REQUEST && !(ev->has & SLO_HAS_OK))
			return missing;
		v.type = SLO_V_BOOL;
		v.b = ev->ok != 0;
		return v;
	}
	case F_SERVICE: s = ev->service; break;
	case F_COHORT: s = ev->cohort; break;
	case F_REGION: s = ev->region; break;
	case F_VERSION: s = ev->version; break;
	case F_ROUTE: s = ev->route; break;
	case F_TRACE_ID: s = ev->trace_id; break;
	case F_SUBJECT: s = ev->subject; break;
	case F_FLAG: s = ev->flag; break;
	case F_VARIANT: s = ev->variant; break;
	case F_SEGMENT: s = ev->segment; break;
	case F_REASON: s = ev->reason; break;
	case F_ERROR: s = ev->error; break;
	case F_RESULT: s = ev->result; break;
	case F_ID: s = ev->id; break;
	case F_STATE: s = ev->state; break;
	case F_SOURCE: s = ev->source; break;
	case F_SEVERITY: s = ev->severity; break;
	default: return missing;
	}
	return str_value(s);
}

static int
equal(const slo_value *x, const slo_value *y)
{
	switch (x->type) {
	case SLO_V_NULL:
		return 1;
	case SLO_V_BOOL:
		return !x->b == !y->b;
	case SLO_V_NUM:
		return x->num == y->num;
	case SLO_V_STR:
		return x->len == y->len && memcmp(x->str, y->str, x->len) == 0;
	default:
		return 0;
	}
}

/* a OP b for an ordering OP (OP_LT .. OP_GE), as doubles */
static int
num_order(int op, double a, double b)
{
	switch (op) {
	case OP_LT: return a < b;
	case OP_LE: return a <= b;
	case OP_GT: return a > b;
	default: return a >= b;
	}
}

/*
 * Missing on either side: false.  null equals only null (so x != null
 * holds for any present non-null x).  Otherwise unlike types are false
 * for every operator, and only numbers and strings are ordered.
 */
static int
compare(int op, const slo_value *x, const slo_value *y)
{
	int c;

	if (x->type == SLO_V_MISSING || y->type == SLO_V_MISSING)
		return 0;
	if (x->type == SLO_V_NULL || y->type == SLO_V_NULL) {
		if (op == OP_EQ)
			return x->type == y->type;
		if (op == OP_NE)
			return x->type != y->type;
		return 0;
	}
	if (x->type != y->type)
		return 0;
	if (op == OP_EQ)
		return equal(x, y);
	if (op == OP_NE)
		return !equal(x, y);
	if (x->type == SLO_V_NUM)
		return num_order(op, x->num, y->num);
	if (x->type != SLO_V_STR)
		return 0;
	c = memcmp(x->str, y->str, x->len < y->len ? x->len : y->len);
	if (c == 0)
		c = (x->len > y->len) - (x->len < y->len);
	switch (op) {
	case OP_LT: return c < 0;
	case OP_LE: return c <= 0;
	case OP_GT: return c > 0;
	default: return c >= 0;
	}
}

static slo_value eval(const slo_expr *, int, const struct ctx *);

static int
truth(const slo_expr *e, int i, const struct ctx *cx)
{
	for (;;) {
		const struct node *n = &e->nodes[i];
		slo_value v;

		switch (n->op) {
		case OP_OR:
			if (truth(e, n->a, cx))
				return 1;
			i = n->b;
			break;
		case OP_AND:
			if (!truth(e, n->a, cx))
				return 0;
			i = n->b;
			break;
		case OP_NOT:
			return !truth(e, n->a, cx);
		default:
			v = eval(e, i, cx);
			return slo_value_truthy(&v);
		}
	}
}

static slo_value
eval(const slo_expr *e, int i, const struct ctx *cx)
{
	const struct node *n = &e->nodes[i];
	slo_value v = { 0 }, x, y;

	switch (n->op) {
	case OP_LIT:
		return n->lit;
	case OP_PATH:
		if (cx->ev != NULL)
			return event_field(&e->paths[n->a], cx->ev);
		return json_value(walk(&e->paths[n->a], cx->obj));
	case OP_NOT:
	case OP_AND:
	case OP_OR:
		v.b = truth(e, i, cx);
		break;
	case OP_MATCH:
		x = eval(e, n->a, cx);
		/* an embedded NUL ends the subject, as it did for regexec */
		v.b = x.type == SLO_V_STR && slo_re_search(e->res[n->b],
		    x.str, strnlen(x.str, x.len));
		break;
	case OP_IN:
		x = eval(e, n->a, cx);
		for (int k = 0; k < n->n && !v.b; k++)
			v.b = compare(OP_EQ, &x, &e->nodes[n->b + k].lit);
		break;
	default:
		x = eval(e, n->a, cx);
		y = eval(e, n->b, cx);
		v.b = compare(n->op, &x, &y);
		break;
	}
	v.type = SLO_V_BOOL;
	return v;
}

int
slo_value_truthy(const slo_value *v)
{
	switch (v->type) {
	case SLO_V_BOOL:
		return v->b != 0;
	case SLO_V_NUM:
		return v->num != 0 && v->num == v->num;
	case SLO_V_STR:
		return v->len > 0;
	default:
		return 0;
	}
}

/* The string member of ev that e->fast names (NULL when absent). */
static const char *
member_str(const slo_expr *e, const slo_event *ev)
{
	return *(const char *const *)(const void *)
	    ((const char *)ev + e->fast.member);
}

/*
 * e->fast.lit OP status or latency_ms of ev, or the other way round, as
 * compare() would have it; false when ev lacks the field.
 */
static int
num_cmp(const slo_expr *e, const slo_event *ev)
{
	const struct path *p = &e->paths[e->fast.path];
	double x, lit = e->fast.lit->num;

	if (p->field == F_STATUS) {
		if (!(ev->has & SLO_HAS_STATUS))
			return 0;
		x = ev->status;
	} else {
		if (!(ev->has & SLO_HAS_LATENCY))
			return 0;
		x = ev->latency_ms;
	}
	switch (e->fast.op) {
	case OP_EQ: return x == lit;
	case OP_NE: return !(x == lit);
	default:
		return e->fast.lit_left ? num_order(e->fast.op, lit, x) :
		    num_order(e->fast.op, x, lit);
	}
}

/* A string member of ev == or != e->fast.lit; false when ev lacks it. */
static int
str_eq(const slo_expr *e, const slo_event *ev)
{
	const char *s = member_str(e, ev);
	const slo_value *lit = e->fast.lit;
	int eq;

	if (s == NULL)
		return 0;
	eq = strlen(s) == lit->len && memcmp(s, lit->str, lit->len) == 0;
	return e->fast.op == OP_EQ ? eq : !eq;
}

int
slo_expr_match_event(const slo_expr *e, const slo_event *ev)
{
	struct ctx cx = { ev, NULL };
	slo_value x;

	switch (e->fast.shape) {
	case SHAPE_NUM_CMP:
		return num_cmp(e, ev);
	case SHAPE_STR_EQ:
		return str_eq(e, ev);
	case SHAPE_CMP:
		x = event_field(&e->paths[e->fast.path], ev);
		return e->fast.lit_left ? compare(e->fast.op, e->fast.lit, &x) :
		    compare(e->fast.op, &x, e->fast.lit);
	case SHAPE_STR:
	case SHAPE_PATH:
		x = event_field(&e->paths[e->fast.path], ev);
		return slo_value_truthy(&x);
	default:
		return truth(e, e->root, &cx);
	}
}

int
slo_expr_match_json(const slo_expr *e, json_t *obj)
{
	struct ctx cx = { NULL, obj };

	return truth(e, e->root, &cx);
}

slo_value
slo_expr_value_event(const slo_expr *e, const slo_event *ev)
{
	struct ctx cx = { ev, NULL };

	switch (e->fast.shape) {
	case SHAPE_STR:
		return str_value(member_str(e, ev));
	case SHAPE_PATH:
		return event_field(&e->paths[e->fast.path], ev);
	default:
		return eval(e, e->root, &cx);
	}
}

slo_value
slo_expr_value_json(const slo_expr *e, json_t *obj)
{
	struct ctx cx = { NULL, obj };

	return eval(e, e->root, &cx);
}
