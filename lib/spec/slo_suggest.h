/*
 * slo_suggest.h — "did you mean": the nearest of a list of words to a
 * misspelt one, for unknown keys, unknown names and unknown fields.
 */
#ifndef SLO_SUGGEST_H
#define SLO_SUGGEST_H

/*
 * The entry of NULL-terminated choices within 2 edits of word (insertions,
 * deletions, substitutions and swaps of neighbours), the first of the
 * nearest; NULL when none is that near.  Words over 32 bytes match none.
 */
const char *slo_suggest(const char *word, const char *const *choices);

#endif
