/*
 * regex.c — POSIX extended regular expressions in linear time (see
 * regex_int.h for the language and the promise).
 *
 * slo_re_compile() parses the pattern into a tree whose nodes carry the
 * number of NFA states they will compile to, so an over-large pattern is
 * refused at the quantifier that makes it so, before anything is built.
 * The tree is then emitted as a Thompson NFA: SET consumes one byte in a
 * 256-bit set, SPLIT and JMP are the epsilon moves, BOL and EOL the
 * anchors.  slo_re_search() runs the NFA as a state set, one step per
 * subject byte, starting a new thread at every position (that is the
 * "anywhere" of an unanchored search) until some thread reaches MATCH.
 * When the sets of states that can be alive together are few, they are
 * enumerated at compile time into a DFA (build_dfa), and the search is
 * one table lookup per byte.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regex_int.h"
#include "slo_num.h"

typedef struct byteset {
	uint64_t w[4];
} byteset;

enum ast_type { A_EMPTY, A_SET, A_BOL, A_EOL, A_CAT, A_ALT, A_REP };

struct ast {
	int type;
	int a, b;      /* children: CAT, ALT (a, b); REP (a) */
	int min, max;  /* REP: max -1 for no bound */
	int set;       /* SET: index in sets */
	size_t at;     /* offset in the pattern, for messages */
	size_t size;   /* NFA states this node compiles to */
};

enum op { I_SET, I_SPLIT, I_JMP, I_BOL, I_EOL, I_MATCH };

struct inst {
	uint8_t op;
	uint16_t x; /* SET: set index; SPLIT, JMP: target */
	uint16_t y; /* SPLIT: second target */
};

/*
 * The same automaton made deterministic ahead of time, when that stays
 * small (DFA_MAX_STATES states, DFA_MAX_WORK steps to build): one table
 * lookup per subject byte instead of a step per live NFA state.  A DFA
 * state is the set of NFA states alive after some prefix, the threads
 * started at every position included; state 0 is "matched" and absorbs.
 */
#define DFA_MAX_STATES 256
#define DFA_MAX_WORK ((size_t)1 << 18) /* a few ms at worst */
#define DFA_ACCEPT 0

struct dfa {
	uint8_t cls[256];   /* byte -> class of bytes no set tells apart */
	size_t ncls;
	size_t nstates;
	uint16_t *next;     /* [state * ncls + class] */
	uint8_t *at_end;    /* the state matches at the end of the subject */
	size_t start;       /* the state before the first byte */
	long dead;          /* a state that can never match, or -1 */
};

struct slo_re {
	struct inst *prog;
	size_t ninst;
	byteset *sets;
	size_t nsets;
	struct dfa *dfa;    /* NULL: the NFA is simulated */
	/*
	 * From the start state, with '^' failing (any position but the
	 * first): the bytes that can begin a match, and whether MATCH is
	 * reachable without consuming any.  They let the search skip bytes
	 * that cannot begin a match, or stop after the first position of a
	 * pattern anchored by '^'.
	 */
	byteset first;
	int empty_mid;
	int start_only;
};

struct rparser {
	const unsigned char *start, *p, *end;
	struct ast *nodes;
	size_t nnodes, capnodes;
	byteset *sets;
	size_t nsets, capsets;
	int depth;
	slo_re_error *err;
};

/* ---- byte sets ---------------------------------------------------------- */

static void
set_add(byteset *s, unsigned c)
{
	s->w[c >> 6] |= (uint64_t)1 << (c & 63);
}

static void
set_range(byteset *s, unsigned lo, unsigned hi)
{
	for (unsigned c = lo; c <= hi; c++)
		set_add(s, c);
}

static int
set_has(const byteset *s, unsigned char c)
{
	return (int)(s->w[c >> 6] >> (c & 63) & 1);
}

static int
set_empty(const byteset *s)
{
	return (s->w[0] | s->w[1] | s->w[2] | s->w[3]) == 0;
}

/* The POSIX classes of the C locale, by byte value. */
static int
add_class(byteset *s, const unsigned char *name, size_t n)
{
	static const struct {
		const char *name;
		const char *ranges; /* pairs of bytes lo, hi */
	} classes[] = {
		{ "alpha", "AZaz" },
		{ "digit", "09" },
		{ "alnum", "09AZaz" },
		{ "upper", "AZ" },
		{ "lower", "az" },
		{ "space", "\t\r  " },
		{ "blank", "\t\t  " },
		{ "punct", "!/:@[`{~" },
		{ "print", " ~" },
		{ "graph", "!~" },
		{ "cntrl", "\x01\x1f\x7f\x7f" },
		{ "xdigit", "09AFaf" },
	};

	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
		const char *r = classes[i].ranges;

		if (strlen(classes[i].name) != n ||
		    memcmp(classes[i].name, name, n) != 0)
			continue;
		for (; *r != '\0'; r += 2)
			set_range(s, (unsigned char)r[0], (unsigned char)r[1]);
		if (strcmp(classes[i].name, "cntrl") == 0)
			set_add(s, 0);
		return 0;
	}
	return -1;
}

/* ---- errors ------------------------------------------------------------- */

static void *
rfail(struct rparser *rp, slo_status st, const unsigned char *at,
    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void *
rfail(struct rparser *rp, slo_status st, const unsigned char *at,
    const char *fmt, ...)
{
	va_list ap;

	if (rp->err->status != SLO_OK)
		return NULL; /* keep the first */
	rp->err->status = st;
	rp->err->at = (size_t)(at - rp->start);
	va_start(ap, fmt);
	slo_vsnprintf(rp->err->msg, sizeof rp->err->msg, fmt, ap);
	va_end(ap);
	return NULL;
}

/* c as it reads in a message: itself when printable ASCII, else \xHH. */
static const char *
shown(unsigned char c, char buf[5])
{
	if (c >= 0x21 && c < 0x7F)
		slo_snprintf(buf, 5, "%c", c);
	else
		slo_snprintf(buf, 5, "\\x%02x", c);
	return buf;
}

/* ---- the tree ----------------------------------------------------------- */

static int
grow(void **p, size_t *cap, size_t len, size_t sz)
{
	void *np;
	size_t ncap;

	if (len < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	if ((np = realloc(*p, ncap * sz)) == NULL)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

/*
 * A new node of the given type over children a and b; its size follows
 * from theirs.  -1 with the error set when out of memory, or when the
 * node would compile to more than SLO_RE_MAX_STATES states: the error
 * then points at the node (for a repetition, its quantifier).
 */
static int
mk(struct rparser *rp, int type, int a, int b, const unsigned char *at)
{
	struct ast *n;
	size_t size, sa, sb;

	if (grow((void **)&rp->nodes, &rp->capnodes, rp->nnodes,
	    sizeof *rp->nodes) < 0) {
		rfail(rp, SLO_ENOMEM, at, "out of memory");
		return -1;
	}
	n = &rp->nodes[rp->nnodes];
	memset(n, 0, sizeof *n);
	n->type = type;
	n->a = a;
	n->b = b;
	n->at = (size_t)(at - rp->start);
	sa = a >= 0 ? rp->nodes[a].size : 0;
	sb = b >= 0 ? rp->nodes[b].size : 0;
	switch (type) {
	case A_EMPTY:
		size = 0;
		break;
	case A_CAT:
		size = sa + sb;
		break;
	case A_ALT:
		size = sa + sb + 2;    /* SPLIT, JMP */
		break;
	default:                       /* SET, BOL, EOL; REP: see set_rep */
		size = 1;
		break;
	}
	n->size = size;
	if (size >= SLO_RE_MAX_STATES) {
		rfail(rp, SLO_ELIMIT, at, "pattern too large (over %d states)",
		    SLO_RE_MAX_STATES);
		return -1;
	}
	return (int)rp->nnodes++;
}

/*
 * x{min,max} emits min copies of x and then max - min optional ones
 * (SPLIT before each), or for no bound a loop: SPLIT around x and JMP
 * back when min is 0, else the last required copy followed by a SPLIT
 * back into it.  Counts are at most 255 and x at most the state limit,
 * so the products below cannot overflow.
 */
static int
mk_rep(struct rparser *rp, int x, int min, int max, const unsigned char *at)
{
	size_t s = rp->nodes[x].size, size;
	int n;

	if (max < 0)
		size = min == 0 ? s + 2 : (size_t)min * s + 1;
	else
		size = (size_t)min * s + (size_t)(max - min) * (s + 1);
	if (size >= SLO_RE_MAX_STATES)
		return rfail(rp, SLO_ELIMIT, at,
		    "pattern too large (over %d states; repetitions multiply)",
		    SLO_RE_MAX_STATES), -1;
	if ((n = mk(rp, A_REP, x, -1, at)) < 0)
		return -1;
	rp->nodes[n].min = min;
	rp->nodes[n].max = max;
	rp->nodes[n].size = size;
	return n;
}

static int
mk_set(struct rparser *rp, const byteset *s, const unsigned char *at)
{
	int n;

	if (grow((void **)&rp->sets, &rp->capsets, rp->nsets,
	    sizeof *rp->sets) < 0) {
		rfail(rp, SLO_ENOMEM, at, "out of memory");
		return -1;
	}
	if ((n = mk(rp, A_SET, -1, -1, at)) < 0)
		return -1;
	rp->sets[rp->nsets] = *s;
	rp->nodes[n].set = (int)rp->nsets++;
	return n;
}

/* ---- the parser --------------------------------------------------------- */

static int parse_alt(struct rparser *);

/*
 * One element of a bracket expression at rp->p: a byte, or [.c.] or
 * [=c=] of one byte (returned in *c), or [:class:] (added to s; returns
 * 1).  0 for a byte, -1 on error.
 */
static int
bracket_elem(struct rparser *rp, byteset *s, unsigned *c)
{
	const unsigned char *p = rp->p, *q;
	char kind;

	if (p[0] != '[' || p + 1 >= rp->end ||
	    (p[1] != ':' && p[1] != '.' && p[1] != '=')) {
		*c = *rp->p++;
		return 0;
	}
	kind = (char)p[1];
	for (q = p + 2; q + 1 < rp->end; q++)
		if (q[0] == (unsigned char)kind && q[1] == ']')
			break;
	if (q + 1 >= rp->end)
		return rfail(rp, SLO_ESYNTAX, p, "unterminated '[%c'", kind), -1;
	rp->p = q + 2;
	if (kind == ':') {
		if (add_class(s, p + 2, (size_t)(q - p - 2)) < 0)
			return rfail(rp, SLO_ESYNTAX, p,
			    "unknown character class '[:%.*s:]'",
			    (int)(q - p - 2 > 20 ? 20 : q - p - 2), p + 2), -1;
		return 1;
	}
	if (q - p - 2 != 1)
		return rfail(rp, SLO_ESYNTAX, p,
		    "'[%c%.*s%c]' must hold one character", kind,
		    (int)(q - p - 2 > 20 ? 20 : q - p - 2), p + 2, kind), -1;
	*c = p[2];
	return 0;
}

/*
 * [...] at rp->p: ']' first (after an optional '^') is literal, '-'
 * first or last is literal, '\' is literal (POSIX).
 */
static int
parse_bracket(struct rparser *rp)
{
	const unsigned char *open = rp->p;
	byteset s = { { 0 } };
	int neg = 0, first = 1;

	rp->p++;
	if (rp->p < rp->end && *rp->p == '^') {
		neg = 1;
		rp->p++;
	}
	for (;;) {
		const unsigned char *at = rp->p;
		unsigned lo, hi;
		int r;

		if (rp->p >= rp->end)
			return rfail(rp, SLO_ESYNTAX, open, "unterminated '['"), -1;
		if (*rp->p == ']' && !first) {
			rp->p++;
			break;
		}
		first = 0;
		if ((r = bracket_elem(rp, &s, &lo)) < 0)
			return -1;
		if (rp->p + 1 < rp->end && rp->p[0] == '-' && rp->p[1] != ']') {
			char b1[5], b2[5];

			if (r == 1)
				return rfail(rp, SLO_ESYNTAX, at,
				    "a character class cannot start a range"), -1;
			rp->p++;
			if ((r = bracket_elem(rp, &s, &hi)) < 0)
				return -1;
			if (r == 1)
				return rfail(rp, SLO_ESYNTAX, at,
				    "a character class cannot end a range"), -1;
			if (hi < lo)
				return rfail(rp, SLO_ESYNTAX, at,
				    "bad range '%s-%s' (end before start)",
				    shown((unsigned char)lo, b1),
				    shown((unsigned char)hi, b2)), -1;
			set_range(&s, lo, hi);
		} else if (r == 0)
			set_add(&s, lo);
	}
	if (neg)
		for (int i = 0; i < 4; i++)
			s.w[i] = ~s.w[i];
	return mk_set(rp, &s, open);
}

static int
parse_atom(struct rparser *rp)
{
	const unsigned char *at = rp->p;
	byteset s = { { 0 } };
	unsigned char c = *rp->p;
	char b[5];
	int n;

	switch (c) {
	case '(':
		if (++rp->depth > SLO_RE_MAX_DEPTH)
			return rfail(rp, SLO_ELIMIT, at,
			    "nesting too deep (over %d levels of '(')",
			    SLO_RE_MAX_DEPTH), -1;
		rp->p++;
		if ((n = parse_alt(rp)) < 0)
			return -1;
		if (rp->p >= rp->end || *rp->p != ')')
			return rfail(rp, SLO_ESYNTAX, at, "unmatched '('"), -1;
		rp->p++;
		rp->depth--;
		return n;
	case '[':
		return parse_bracket(rp);
	case '^':
		rp->p++;
		return mk(rp, A_BOL, -1, -1, at);
	case '$':
		rp->p++;
		return mk(rp, A_EOL, -1, -1, at);
	case '.':
		set_range(&s, 1, 255);
		rp->p++;
		return mk_set(rp, &s, at);
	case '\\':
		if (rp->p + 1 >= rp->end)
			return rfail(rp, SLO_ESYNTAX, at, "trailing '\\'"), -1;
		c = rp->p[1];
		if (c >= '1' && c <= '9')
			return rfail(rp, SLO_ESYNTAX, at,
			    "back-reference '\\%c' not supported (matching "
			    "is linear-time)", c), -1;
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z'))
			return rfail(rp, SLO_ESYNTAX, at,
			    "'\\%c' is not POSIX (use a bracket expression "
			    "such as [0-9] or [[:space:]])", c), -1;
		/* glibc reads these as word and buffer anchors */
		if (c == '<' || c == '>' || c == '`' || c == '\'')
			return rfail(rp, SLO_ESYNTAX, at,
			    "'\\%c' is not POSIX (a GNU anchor)", c), -1;
		rp->p += 2;
		break;
	case '*': case '+': case '?': case '{':
		return rfail(rp, SLO_ESYNTAX, at, "'%s' has nothing to repeat",
		    shown(c, b)), -1;
	default:
		rp->p++;
		break;
	}
	set_add(&s, c);
	return mk_set(rp, &s, at);
}

/* A count of {n,m} at rp->p, or -1 when there are no digits. */
static int
count(struct rparser *rp, int *out)
{
	const unsigned char *at = rp->p;
	long v = 0;

	if (rp->p >= rp->end || *rp->p < '0' || *rp->p > '9') {
		*out = -1;
		return 0;
	}
	for (; rp->p < rp->end && *rp->p >= '0' && *rp->p <= '9'; rp->p++)
		if ((v = v * 10 + (*rp->p - '0')) > SLO_RE_DUP_MAX)
			return rfail(rp, SLO_ELIMIT, at,
			    "a repetition count over %d", SLO_RE_DUP_MAX), -1;
	*out = (int)v;
	return 0;
}

/* {n} {n,} {n,m} {,m} at rp->p into *min, *max (-1: no bound). */
static int
parse_braces(struct rparser *rp, int *min, int *max)
{
	const unsigned char *open = rp->p;

	rp->p++;
	if (count(rp, min) < 0)
		return -1;
	if (rp->p < rp->end && *rp->p == ',') {
		rp->p++;
		if (count(rp, max) < 0)
			return -1;
	} else if ((*max = *min) < 0)
		goto bad;
	if (rp->p >= rp->end || *rp->p != '}')
		goto bad;
	rp->p++;
	if (*min < 0)
		*min = 0;
	if (*max >= 0 && *max < *min)
		return rfail(rp, SLO_ESYNTAX, open,
		    "bad repetition {%d,%d} (maximum below minimum)", *min,
		    *max), -1;
	return 0;
bad:
	return rfail(rp, SLO_ESYNTAX, open,
	    "bad repetition (want {n}, {n,}, {n,m} or {,m}; '\\{' for a "
	    "literal '{')"), -1;
}

/* atom quantifier? */
static int
parse_rep(struct rparser *rp)
{
	int n, min = 0, max = 0, quantified = 0;
	int anchor;

	anchor = *rp->p == '^' || *rp->p == '$';
	if ((n = parse_atom(rp)) < 0)
		return -1;
	while (rp->p < rp->end) {
		const unsigned char *at = rp->p;
		char b[5];

		switch (*rp->p) {
		case '*': min = 0; max = -1; rp->p++; break;
		case '+': min = 1; max = -1; rp->p++; break;
		case '?': min = 0; max = 1; rp->p++; break;
		case '{':
			if (quantified || anchor)
				break;
			if (parse_braces(rp, &min, &max) < 0)
				return -1;
			break;
		default:
			return n;
		}
		/*
		 * POSIX leaves "a**" and "^*" undefined; they read as
		 * mistakes, so they are refused rather than guessed at.
		 */
		if (quantified)
			return rfail(rp, SLO_ELIMIT, at,
			    "a quantifier right after another"), -1;
		if (anchor)
			return rfail(rp, SLO_ESYNTAX, at,
			    "'%s' after an anchor repeats nothing",
			    shown(*at, b)), -1;
		if ((n = mk_rep(rp, n, min, max, at)) < 0)
			return -1;
		quantified = 1;
	}
	return n;
}

/* rep* up to '|', a ')' closing a group, or the end. */
static int
parse_cat(struct rparser *rp)
{
	int left = -1, r;

	while (rp->p < rp->end && *rp->p != '|' &&
	    !(*rp->p == ')' && rp->depth > 0)) {
		const unsigned char *at = rp->p;

		if ((r = parse_rep(rp)) < 0)
			return -1;
		if (left >= 0 && (r = mk(rp, A_CAT, left, r, at)) < 0)
			return -1;
		left = r;
	}
	return left >= 0 ? left : mk(rp, A_EMPTY, -1, -1, rp->p);
}

static int
parse_alt(struct rparser *rp)
{
	int left, right;

	if ((left = parse_cat(rp)) < 0)
		return -1;
	while (rp->p < rp->end && *rp->p == '|') {
		const unsigned char *at = rp->p++;

		if ((right = parse_cat(rp)) < 0 ||
		    (left = mk(rp, A_ALT, left, right, at)) < 0)
			return -1;
	}
	return left;
}

/* ---- the automaton ------------------------------------------------------ */

static size_t
emit1(slo_re *re, int op, size_t x, size_t y)
{
	struct inst *i = &re->prog[re->ninst];

	i->op = (uint8_t)op;
	i->x = (uint16_t)x;
	i->y = (uint16_t)y;
	return re->ninst++;
}

/* The states of node n, appended; exactly nodes[n].size of them. */
static void
emit(slo_re *re, const struct ast *nodes, int n)
{
	const struct ast *a = &nodes[n];
	size_t split, jmp;

	switch (a->type) {
	case A_EMPTY:
		break;
	case A_SET:
		emit1(re, I_SET, (size_t)a->set, 0);
		break;
	case A_BOL:
		emit1(re, I_BOL, 0, 0);
		break;
	case A_EOL:
		emit1(re, I_EOL, 0, 0);
		break;
	case A_CAT:
		emit(re, nodes, a->a);
		emit(re, nodes, a->b);
		break;
	case A_ALT:
		split = emit1(re, I_SPLIT, re->ninst + 1, 0);
		emit(re, nodes, a->a);
		jmp = emit1(re, I_JMP, 0, 0);
		re->prog[split].y = (uint16_t)re->ninst;
		emit(re, nodes, a->b);
		re->prog[jmp].x = (uint16_t)re->ninst;
		break;
	case A_REP:
		if (a->max < 0 && a->min == 0) {
			split = emit1(re, I_SPLIT, re->ninst + 1, 0);
			emit(re, nodes, a->a);
			emit1(re, I_JMP, split, 0);
			re->prog[split].y = (uint16_t)re->ninst;
			break;
		}
		for (int k = 0; k < a->min; k++) {
			size_t body = re->ninst;

			emit(re, nodes, a->a);
			if (a->max < 0 && k == a->min - 1)
				emit1(re, I_SPLIT, body, re->ninst + 1);
		}
		for (int k = a->min; k < a->max; k++) {
			split = emit1(re, I_SPLIT, re->ninst + 1, 0);
			emit(re, nodes, a->a);
			re->prog[split].y = (uint16_t)re->ninst;
		}
		break;
	}
}

/*
 * The epsilon closure of the start state with '^' failing: which bytes
 * can begin a match past the first position, and can MATCH be reached
 * without one ('$' is let through, which only makes both answers larger
 * and so keeps them safe).
 */
static void
start_facts(slo_re *re)
{
	uint16_t stack[SLO_RE_MAX_STATES];
	uint64_t seen[SLO_RE_MAX_STATES / 64] = { 0 };
	size_t sp = 0;

	stack[sp++] = 0;
	seen[0] = 1;
	while (sp > 0) {
		const struct inst *i = &re->prog[stack[--sp]];
		size_t pc = (size_t)(i - re->prog), next[2];
		int nn = 0;

		switch (i->op) {
		case I_SET:
			for (int k = 0; k < 4; k++)
				re->first.w[k] |= re->sets[i->x].w[k];
			break;
		case I_MATCH:
			re->empty_mid = 1;
			break;
		case I_BOL:
			break;
		case I_EOL:
			next[nn++] = pc + 1;
			break;
		case I_JMP:
			next[nn++] = i->x;
			break;
		case I_SPLIT:
			next[nn++] = i->x;
			next[nn++] = i->y;
			break;
		}
		for (int k = 0; k < nn; k++)
			if (!(seen[next[k] >> 6] >> (next[k] & 63) & 1)) {
				seen[next[k] >> 6] |= (uint64_t)1 << (next[k] & 63);
				stack[sp++] = (uint16_t)next[k];
			}
	}
	re->start_only = !re->empty_mid && set_empty(&re->first);
}

/* ---- the DFA ------------------------------------------------------------ */

static void
free_dfa(struct dfa *d)
{
	if (d == NULL)
		return;
	free(d->next);
	free(d->at_end);
	free(d);
}

struct dfa_build {
	const slo_re *re;
	uint64_t *mark;
	uint64_t *rec;                 /* the states closure() keeps */
	uint16_t *stack;
	uint16_t *seeds;
	size_t work;
	uint16_t *set[DFA_MAX_STATES]; /* each state's NFA states, sorted */
	size_t len[DFA_MAX_STATES];
	uint64_t hash[DFA_MAX_STATES];
	uint16_t *tmp;                 /* the set being built */
	size_t ntmp;
};

/*
 * The epsilon closure of b->seeds: '^' holds only when bol (before the
 * first byte), '$' only when at_end.  The SET states reached, and the
 * EOL states to go on from at the end, go to b->tmp in increasing order
 * (read off a bitset: no sort).  1 when MATCH is reached.
 */
static int
closure(struct dfa_build *b, size_t nseeds, int bol, int at_end)
{
	const struct inst *prog = b->re->prog;
	size_t sp = 0, words = (b->re->ninst + 63) / 64;

	memset(b->mark, 0, words * sizeof *b->mark);
	memset(b->rec, 0, words * sizeof *b->rec);
	b->ntmp = 0;
	b->work += words;
#define PUSH(s) do { size_t s_ = (s); \
	if (!(b->mark[s_ >> 6] >> (s_ & 63) & 1)) { \
		b->mark[s_ >> 6] |= (uint64_t)1 << (s_ & 63); \
		b->stack[sp++] = (uint16_t)s_; } } while (0)
	for (size_t k = 0; k < nseeds; k++)
		PUSH(b->seeds[k]);
	while (sp > 0) {
		size_t pc = b->stack[--sp];

		b->work++;
		switch (prog[pc].op) {
		case I_SET:
			b->rec[pc >> 6] |= (uint64_t)1 << (pc & 63);
			break;
		case I_EOL:
			if (at_end)
				PUSH(pc + 1);
			else
				b->rec[pc >> 6] |= (uint64_t)1 << (pc & 63);
			break;
		case I_MATCH:
			return 1;
		case I_JMP:
			PUSH(prog[pc].x);
			break;
		case I_SPLIT:
			PUSH(prog[pc].y);
			PUSH(prog[pc].x);
			break;
		case I_BOL:
			if (bol)
				PUSH(pc + 1);
			break;
		}
	}
#undef PUSH
	for (size_t w = 0; w < words; w++)
		for (uint64_t bits = b->rec[w]; bits != 0; bits &= bits - 1)
			b->tmp[b->ntmp++] = (uint16_t)(w * 64 +
			    (size_t)__builtin_ctzll(bits));
	return 0;
}

/* The state whose set is b->tmp, added if new; -1 past the limits. */
static long
intern(struct dfa_build *b, struct dfa *d)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a over the set */

	for (size_t i = 0; i < b->ntmp; i++)
		h = (h ^ b->tmp[i]) * 1099511628211ULL;
	for (size_t s = 1; s < d->nstates; s++)
		if (b->hash[s] == h && b->len[s] == b->ntmp &&
		    memcmp(b->set[s], b->tmp, b->ntmp * sizeof *b->tmp) == 0)
			return (long)s;
	if (d->nstates == DFA_MAX_STATES ||
	    (b->set[d->nstates] = malloc((b->ntmp + 1) *
	    sizeof *b->tmp)) == NULL)
		return -1;
	memcpy(b->set[d->nstates], b->tmp, b->ntmp * sizeof *b->tmp);
	b->len[d->nstates] = b->ntmp;
	b->hash[d->nstates] = h;
	return (long)d->nstates++;
}

/* Bytes in one class when every set holds both or neither. */
static void
byte_classes(const slo_re *re, struct dfa *d)
{
	memset(d->cls, 0, sizeof d->cls);
	d->ncls = 1;
	for (size_t k = 0; k < re->nsets; k++) {
		int map[256][2];
		size_t n = 0;

		memset(map, -1, sizeof map);
		for (int c = 0; c < 256; c++) {
			int *m = &map[d->cls[c]][set_has(&re->sets[k],
			    (unsigned char)c)];

			if (*m < 0)
				*m = (int)n++;
			d->cls[c] = (uint8_t)*m;
		}
		d->ncls = n;
	}
}

/*
 * Subset construction from the start, breadth first.  Each step from a
 * state on a byte class adds the threads that start at the next position
 * (unless '^' anchors every match at the first).  NULL, and the NFA is
 * simulated instead, when the DFA would pass the limits.
 */
static struct dfa *
build_dfa(const slo_re *re)
{
	struct dfa_build b;
	struct dfa *d = calloc(1, sizeof *d);
	unsigned char rep[256];
	int ok = 0;

	memset(&b, 0, sizeof b);
	b.re = re;
	b.mark = malloc((re->ninst + 63) / 64 * sizeof *b.mark);
	b.rec = malloc((re->ninst + 63) / 64 * sizeof *b.rec);
	b.stack = malloc(re->ninst * sizeof *b.stack);
	b.seeds = malloc((re->ninst + 1) * sizeof *b.seeds);
	b.tmp = malloc(re->ninst * sizeof *b.tmp);
	if (d == NULL || b.mark == NULL || b.rec == NULL || b.stack == NULL ||
	    b.seeds == NULL || b.tmp == NULL)
		goto out;
	byte_classes(re, d);
	for (int c = 255; c >= 0; c--)
		rep[d->cls[c]] = (unsigned char)c;
	d->next = malloc(DFA_MAX_STATES * d->ncls * sizeof *d->next);
	d->at_end = calloc(DFA_MAX_STATES, sizeof *d->at_end);
	if (d->next == NULL || d->at_end == NULL)
		goto out;
	d->nstates = 1; /* DFA_ACCEPT */
	d->dead = -1;
	for (size_t k = 0; k < d->ncls; k++)
		d->next[DFA_ACCEPT * d->ncls + k] = DFA_ACCEPT;
	d->at_end[DFA_ACCEPT] = 1;

	/* before the first byte, where '^' holds */
	b.seeds[0] = 0;
	if (closure(&b, 1, 1, 0)) {
		d->start = DFA_ACCEPT;
	} else {
		long s = intern(&b, d);

		if (s < 0)
			goto out;
		d->start = (size_t)s;
	}
	for (size_t s = 1; s < d->nstates; s++) {
		size_t n;

		for (size_t k = 0; k < d->ncls; k++) {
			long t;

			n = 0;
			for (size_t j = 0; j < b.len[s]; j++) {
				const struct inst *i = &re->prog[b.set[s][j]];

				if (i->op == I_SET &&
				    set_has(&re->sets[i->x], rep[k]))
					b.seeds[n++] = (uint16_t)(b.set[s][j] + 1);
			}
			if (!re->start_only)
				b.seeds[n++] = 0;
			if (closure(&b, n, 0, 0))
				t = DFA_ACCEPT;
			else if ((t = intern(&b, d)) < 0)
				goto out;
			d->next[s * d->ncls + k] = (uint16_t)t;
			if (b.work > DFA_MAX_WORK)
				goto out;
		}
		n = 0;
		for (size_t j = 0; j < b.len[s]; j++)
			if (re->prog[b.set[s][j]].op == I_EOL)
				b.seeds[n++] = (uint16_t)(b.set[s][j] + 1);
		d->at_end[s] = (uint8_t)closure(&b, n, 0, 1);
		if (b.len[s] == 0 && re->start_only)
			d->dead = (long)s;
	}
	{
		/* give back the rows no state took */
		uint16_t *next = realloc(d->next,
		    d->nstates * d->ncls * sizeof *d->next);

		if (next != NULL)
			d->next = next;
	}
	ok = 1;
out:
	for (size_t s = 1; s < DFA_MAX_STATES; s++)
		free(b.set[s]);
	free(b.mark);
	free(b.rec);
	free(b.stack);
	free(b.seeds);
	free(b.tmp);
	if (!ok) {
		free_dfa(d);
		return NULL;
	}
	return d;
}

slo_re *
slo_re_compile(const char *pat, size_t len, slo_re_error *err)
{
	struct rparser rp;
	slo_re *re = NULL;
	const char *nul;
	int root;

	memset(err, 0, sizeof *err);
	memset(&rp, 0, sizeof rp);
	rp.start = rp.p = (const unsigned char *)pat;
	rp.end = rp.start + len;
	rp.err = err;
	if ((nul = memchr(pat, '\0', len)) != NULL)
		return rfail(&rp, SLO_ESYNTAX, (const unsigned char *)nul,
		    "contains a nul byte");
	if (len > SLO_RE_MAX_LEN)
		return rfail(&rp, SLO_ELIMIT, rp.start,
		    "pattern longer than %d bytes", SLO_RE_MAX_LEN);
	if ((root = parse_alt(&rp)) < 0)
		goto out;
	/* parse_cat stops at ')' only inside a group */
	if ((re = calloc(1, sizeof *re)) == NULL ||
	    (re->prog = malloc((rp.nodes[root].size + 1) *
	    sizeof *re->prog)) == NULL) {
		rfail(&rp, SLO_ENOMEM, rp.start, "out of memory");
		goto out;
	}
	re->sets = rp.sets;
	re->nsets = rp.nsets;
	rp.sets = NULL;
	emit(re, rp.nodes, root);
	emit1(re, I_MATCH, 0, 0);
	start_facts(re);
	re->dfa = build_dfa(re);
out:
	if (err->status != SLO_OK) {
		slo_re_free(re);
		re = NULL;
	}
	free(rp.nodes);
	free(rp.sets);
	return re;
}

void
slo_re_free(slo_re *re)
{
	if (re == NULL)
		return;
	free_dfa(re->dfa);
	free(re->prog);
	free(re->sets);
	free(re);
}

size_t
slo_re_states(const slo_re *re)
{
	return re->ninst;
}

/* ---- the search --------------------------------------------------------- */

struct run {
	const slo_re *re;
	size_t n;          /* subject length */
	uint64_t *mark;    /* states already in the list being built */
	uint16_t *stack;
};

/*
 * Adds pc and its epsilon closure at subject position i to list (of *len
 * states): the SET states land in the list, the anchors are decided here
 * as they depend on i alone.  Returns 1 when MATCH is reached.  A state
 * is marked when pushed, so each enters the stack at most once and the
 * stack never holds more than all the states.
 */
static int
add(const struct run *r, uint16_t *list, size_t *len, size_t pc, size_t i)
{
	const struct inst *prog = r->re->prog;
	size_t sp = 0;

#define PUSH(s) do { size_t s_ = (s); \
	if (!(r->mark[s_ >> 6] >> (s_ & 63) & 1)) { \
		r->mark[s_ >> 6] |= (uint64_t)1 << (s_ & 63); \
		r->stack[sp++] = (uint16_t)s_; } } while (0)

	PUSH(pc);
	while (sp > 0) {
		pc = r->stack[--sp];
		switch (prog[pc].op) {
		case I_SET:
			list[(*len)++] = (uint16_t)pc;
			break;
		case I_MATCH:
			return 1;
		case I_JMP:
			PUSH(prog[pc].x);
			break;
		case I_SPLIT:
			PUSH(prog[pc].y);
			PUSH(prog[pc].x);
			break;
		case I_BOL:
			if (i == 0)
				PUSH(pc + 1);
			break;
		case I_EOL:
			if (i == r->n)
				PUSH(pc + 1);
			break;
		}
	}
#undef PUSH
	return 0;
}

int
slo_re_search(const slo_re *re, const char *subject, size_t n)
{
	const struct dfa *d = re->dfa;
	const unsigned char *s = (const unsigned char *)subject;
	size_t st;

	/* the empty subject is the one where '^' and '$' both hold */
	if (d == NULL || n == 0)
		return slo_re_search_nfa(re, subject, n);
	if ((st = d->start) == DFA_ACCEPT)
		return 1;
	for (size_t i = 0; i < n; i++) {
		st = d->next[st * d->ncls + d->cls[s[i]]];
		if (st == DFA_ACCEPT)
			return 1;
		if ((long)st == d->dead)
			return 0;
	}
	return d->at_end[st];
}

int
slo_re_search_nfa(const slo_re *re, const char *subject, size_t n)
{
	uint16_t la[SLO_RE_MAX_STATES], lb[SLO_RE_MAX_STATES];
	uint16_t stack[SLO_RE_MAX_STATES];
	uint64_t mark[SLO_RE_MAX_STATES / 64];
	const unsigned char *s = (const unsigned char *)subject;
	size_t words = (re->ninst + 63) / 64, nc = 0, nn;
	uint16_t *cl = la, *nl = lb, *t;
	struct run r = { re, n, mark, stack };

	memset(mark, 0, words * sizeof *mark);
	for (size_t i = 0;; i++) {
		/* a new thread starts at i: the search is unanchored */
		if (i == 0 || !re->start_only) {
			if (nc == 0 && i > 0 && !re->empty_mid) {
				while (i < n && !set_has(&re->first, s[i]))
					i++;
				if (i == n)
					return 0;
			}
			if (add(&r, cl, &nc, 0, i))
				return 1;
		} else if (nc == 0)
			return 0;
		if (i == n)
			return 0;
		memset(mark, 0, words * sizeof *mark);
		nn = 0;
		for (size_t k = 0; k < nc; k++)
			if (set_has(&re->sets[re->prog[cl[k]].x], s[i]) &&
			    add(&r, nl, &nn, cl[k] + 1u, i + 1))
				return 1;
		t = cl;
		cl = nl;
		nl = t;
		nc = nn;
	}
}

int
slo_re_has_dfa(const slo_re *re)
{
	return re->dfa != NULL;
}
