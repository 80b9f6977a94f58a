/*
 * slo_unwrap.h — container log wrappers taken off, line by line.
 *
 * Docker's json-file driver writes each line a container prints as
 *   {"log":"<the line, with its \n>","stream":"stdout","time":"<RFC 3339>"}
 * (https://docs.docker.com/engine/logging/drivers/json-file/), cutting a
 * line longer than 16 KiB into entries whose "log" lacks the final "\n".
 * The Kubernetes CRI format (the kubelet's /var/log/pods files,
 * https://github.com/kubernetes/design-proposals-archive/blob/main/node/kubelet-cri-logging.md)
 * writes
 *   <RFC 3339 time> <stdout|stderr> <P|F> <the line>
 * where P marks a partial line continued by the next entries up to an F.
 *
 * The unwrapper hands on each payload as one line, partial entries
 * joined.  A JSON object payload without a "ts" member gets the
 * wrapper's time as "ts" (inserted first, the payload's bytes otherwise
 * kept), so canonical events and presets without a time of their own
 * still have one; a payload with "ts", and a text payload, keep their
 * own.  Line numbers are kept: a record joined from k entries is
 * followed by k - 1 empty lines, so the record stands on the line of its
 * first entry and every later line keeps its number.  A line that is no
 * wrapper passes as it is (the tool then judges it).
 */
#ifndef SLO_UNWRAP_H
#define SLO_UNWRAP_H

#include <stddef.h>
#include "slo.h"

typedef enum slo_unwrap_mode {
	SLO_UNWRAP_NONE,
	SLO_UNWRAP_AUTO,   /* the first non-blank line says: docker, cri or none */
	SLO_UNWRAP_DOCKER,
	SLO_UNWRAP_CRI
} slo_unwrap_mode;

/* "none", "auto", "docker", "cri"; -1 for another name. */
int slo_unwrap_mode_from_name(const char *name);

typedef struct slo_unwrap slo_unwrap;

slo_unwrap *slo_unwrap_new(slo_unwrap_mode mode);
void slo_unwrap_free(slo_unwrap *u);

/*
 * One input line (without its '\n'; a '\r' before it is the caller's to
 * cut and pass in cr) into out: zero or more lines, each ended by '\n'
 * (or "\r\n" for a line passed as it is with cr).  SLO_OK or SLO_ENOMEM.
 */
slo_status slo_unwrap_line(slo_unwrap *u, const char *line, size_t n,
    int cr, slo_buf *out);

/* At the end of the stream: partial entries never finished, as they are. */
slo_status slo_unwrap_finish(slo_unwrap *u, slo_buf *out);

/* What auto-detection chose (AUTO until the first non-blank line). */
slo_unwrap_mode slo_unwrap_mode_of(const slo_unwrap *u);

#endif
