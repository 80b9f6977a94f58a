/*
 * regex_int.h — the POSIX extended regular expressions of the '~'
 * operator, matched in time linear in the subject whatever the pattern.
 *
 * A pattern is parsed to a small tree, sized, then compiled to a Thompson
 * NFA, made deterministic at compile time when the DFA stays small (one
 * table lookup per subject byte), else simulated as a set of states (Pike,
 * Thompson): each subject byte is looked at once per live state, so a
 * search costs at most O(subject length x states), with no backtracking.  The only answer
 * is "does the pattern match anywhere in the subject": no submatches, so
 * leftmost-longest rules never matter.
 *
 * Syntax: POSIX ERE in the C locale, byte by byte (the library never reads
 * the locale): literals, '.', bracket expressions with ranges, negation,
 * [:class:], [.c.] and [=c=] of one byte, anchors '^' '$' (anywhere; '^'
 * holds only at the start of the subject, '$' only at its end, as without
 * REG_NEWLINE), groups, '|', '*' '+' '?' {n} {n,} {n,m} {,m} with counts
 * up to 255 (RE_DUP_MAX), '\' before one of .[]()*+?{}|^$\ and other
 * punctuation (but < > ` ') for the character itself.  Refused, with the offset of the
 * culprit: back-references (\1..\9, which no linear-time matcher can
 * offer), escapes of letters and digits (\d, \w: GNU or Perl, not POSIX)
 * and the GNU anchors \< \> \` \',
 * a quantifier with nothing to repeat or right after another, and
 * patterns whose automaton would pass SLO_RE_MAX_STATES states.
 */
#ifndef SLO_REGEX_INT_H
#define SLO_REGEX_INT_H

#include <stddef.h>

#include "slo.h"

#define SLO_RE_MAX_LEN 1024     /* bytes of one pattern */
#define SLO_RE_MAX_STATES 4096  /* NFA states of one pattern */
#define SLO_RE_MAX_DEPTH 256    /* nesting of '(' in one pattern */
#define SLO_RE_DUP_MAX 255      /* largest count in {n,m} */

typedef struct slo_re slo_re;

/* Why a pattern was refused: at is the byte offset in the pattern. */
typedef struct slo_re_error {
	slo_status status; /* SLO_ESYNTAX, SLO_ELIMIT or SLO_ENOMEM */
	size_t at;
	char msg[160];
} slo_re_error;

/*
 * Compiles pat (len bytes; a NUL byte is refused) or returns NULL with
 * err filled.  The result is immutable: any number of threads may search
 * with it at once.
 */
slo_re *slo_re_compile(const char *pat, size_t len, slo_re_error *err);

/*
 * 1 when re matches somewhere in the n bytes at s, else 0.  Allocates
 * nothing; uses about 6 bytes of stack per state (at most ~25 KiB).
 */
int slo_re_search(const slo_re *re, const char *s, size_t n);

/*
 * The same answer by simulating the NFA alone, which slo_re_search()
 * does when no DFA was built for re (too many states): for tests.
 */
int slo_re_search_nfa(const slo_re *re, const char *s, size_t n);

/* 1 when slo_re_search() runs a DFA built at compile time. */
int slo_re_has_dfa(const slo_re *re);

/* The number of NFA states of re, the figure SLO_RE_MAX_STATES bounds. */
size_t slo_re_states(const slo_re *re);

void slo_re_free(slo_re *re);

#endif
