/*
 * jscan-lines — the selective scanner's own throughput, the floor that
 * slo-ingest's presets are measured against in `make bench` (issue 20.3:
 * each preset at least 0.4x of it on the same file).  It does what every
 * scanned line costs and nothing more: each line of standard input copied
 * into a padded buffer, checked as UTF-8, and scanned member by member,
 * every value checked and skipped (jscan_skip()), building nothing.  It
 * prints how many lines the scanner accepted and handed over, so that a
 * run on a file it refuses is seen as such.
 *
 *   jscan-lines < lines.ndjson
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jscan_int.h"
#include "slo.h"

/* The scanner through one line in buf (padded): 1 accepted, 0 refused. */
static int
scan_line(char *buf, size_t n)
{
	jscan s;
	char *key;
	size_t klen;
	int r;

	jscan_init(&s, buf, n);
	if (jscan_open(&s) < 0)
		return 0;
	while ((r = jscan_key(&s, &key, &klen)) == 1)
		if (jscan_skip(&s) < 0)
			return 0;
	return r == 0 && jscan_close(&s) == 1;
}

int
main(void)
{
	char *line = NULL, *buf = NULL;
	size_t cap = 0, bufcap = 0, bad;
	ssize_t len;
	unsigned long long accepted = 0, refused = 0;

	while ((len = getline(&line, &cap, stdin)) > 0) {
		size_t n = (size_t)len - (line[len - 1] == '\n');

		if (n + 1 + JSCAN_PAD > bufcap) {
			bufcap = 2 * (n + 1 + JSCAN_PAD);
			if ((buf = realloc(buf, bufcap)) == NULL)
				return 2;
		}
		memcpy(buf, line, n);
		memset(buf + n, 0, 1 + JSCAN_PAD);
		if (slo_utf8_valid(buf, n, &bad) && scan_line(buf, n))
			accepted++;
		else
			refused++;
	}
	printf("%llu accepted, %llu handed over\n", accepted, refused);
	free(line);
	free(buf);
	return ferror(stdin) ? 2 : 0;
}
