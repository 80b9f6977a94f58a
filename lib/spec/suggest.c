/*
 * suggest.c — "did you mean" by edit distance (slo_suggest.h).
 */
#include <string.h>

#include "slo_suggest.h"

/*
 * Optimal string alignment distance (edits, with transpositions), capped:
 * anything above cap reads as cap + 1.
 */
static size_t
edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t d[3][34], *prev2 = d[0], *prev = d[1], *cur = d[2], *t;

	if (la > 32 || lb > 32)
		return cap + 1;
	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1], v;
			v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] > cap ? cap + 1 : prev[lb];
}

const char *
slo_suggest(const char *word, const char *const *choices)
{
	const char *best = NULL;
	size_t bestd = 3, i, dist;

	for (i = 0; choices[i] != NULL; i++) {
		dist = edit_distance(word, choices[i], 2);
		if (dist < bestd) {
			bestd = dist;
			best = choices[i];
		}
	}
	return best;
}
