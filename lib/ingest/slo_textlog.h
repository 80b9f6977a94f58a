/*
 * slo_textlog.h — text access logs by format string (slo-ingest(1)
 * --preset nginx|apache|envoy-text|istio-text|haproxy|alb, --log-format).
 *
 * A format string, in the syntax of the product that writes the log
 * (nginx log_format, Apache LogFormat, Envoy command operators), is
 * compiled once into a program: a sequence of literals and fields.  A line
 * is matched in one left-to-right pass without backtracking, in time
 * linear in its length:
 *
 * - a literal must appear exactly where the program expects it;
 * - a field between a literal ending in '"' and one starting with '"' is
 *   quoted: it ends at the first '"' not escaped by a backslash that the
 *   whole next literal follows (and, for the last literal, that ends the
 *   line), so that a '"' Envoy did not escape stays inside; its text is
 *   kept as the product wrote it (\" and \\ are not unescaped);
 * - a CLF time ($time_local, %t) is fixed width (it holds a space);
 * - any other field ends at the first occurrence of the literal after it;
 * - a field at the end of the format takes the rest of the line.
 *
 * Two fields with no literal between them cannot be told apart: the
 * compiler refuses them, with the column of the second (Apache's "%U%q",
 * a path and its query, is one field: the request target).  Variables that
 * mean nothing to slo-events(5) are kept in the program, matched and
 * dropped, unless slo_textlog_label() asks for one as a label: nginx,
 * Apache and Envoy have open-ended variables ($http_NAME, %{NAME}i,
 * %REQ(NAME)%), so an unknown name is never an error.
 *
 * What each variable becomes is in slo-ingest(1), PRESETS, "Text access
 * logs".  A compiled program is read-only while lines are matched: one
 * program may serve several threads.
 */
#ifndef SLO_TEXTLOG_H
#define SLO_TEXTLOG_H

#include <stddef.h>
#include "slo.h"
#include "slo_math.h"

typedef enum slo_textlog_syntax {
	SLO_TEXTLOG_NGINX = 0, /* $var and ${var} */
	SLO_TEXTLOG_APACHE,    /* %h %>s %{Header}i ..., %% is '%' */
	SLO_TEXTLOG_ENVOY,     /* %OPERATOR%, %REQ(X?Y):N%, %START_TIME(f)% */
	SLO_TEXTLOG__COUNT
} slo_textlog_syntax;

/* -1 when name is not "nginx", "apache" or "envoy". */
int slo_textlog_syntax_from_name(const char *name);

typedef struct slo_textlog slo_textlog;

/*
 * Compile fmt (n bytes) in syntax.  A trailing newline ("\n" written out,
 * as in Envoy's default) is dropped: lines come without theirs.  In the
 * Apache syntax, \" \\ \t and \n are read as in an httpd.conf string.
 * NULL with err set on failure: SLO_ESYNTAX with err->col the 1-based
 * column in fmt (an unterminated ${ %{ or %OP%, two adjacent fields, a
 * format with no status field), SLO_ENOMEM.
 */
slo_textlog *slo_textlog_compile(slo_textlog_syntax syntax, const char *fmt,
    size_t n, slo_error *err);

/*
 * The default format of a product: "nginx" (log_format combined),
 * "apache" (LogFormat combined), "envoy-text" (Envoy's default format
 * string), "istio-text" (Istio's default text format), "haproxy" (option
 * httplog, with or without its syslog header) and "alb" (AWS Application
 * Load Balancer access log).  NULL when name is none of them (err says
 * so, SLO_ENOTFOUND) or on ENOMEM.
 */
slo_textlog *slo_textlog_preset(const char *name, slo_error *err);

/* Whether name is one of slo_textlog_preset()'s names. */
int slo_textlog_is_preset(const char *name);

/*
 * Keep field as labels.LABEL in every event.  field is written as in the
 * format ("$http_user_agent", "${host}" or "$host", "%{User-agent}i",
 * "%>s", "%REQ(USER-AGENT)%"; for the fixed haproxy and alb programs the
 * names of slo-ingest(1)), or "method": the request method, from a method
 * field or else from the request line.  SLO_ENOTFOUND when the format has
 * no such field, SLO_EINVAL for an empty label.
 */
slo_status slo_textlog_label(slo_textlog *tl, const char *field,
    const char *label, slo_error *err);

/*
 * Times written without an offset (HAProxy's accept date) are local times
 * in tz (borrowed: it must outlive tl); UTC when tz is NULL, the default.
 * In a fall-back hour, which repeats, the first of the two instants.
 */
void slo_textlog_set_tz(slo_textlog *tl, const slo_tz *tz);
const slo_tz *slo_textlog_tz(const slo_textlog *tl);

void slo_textlog_free(slo_textlog *tl);

/* ---- the matcher, for ingest_text.c and tests -------------------------- */

/* What a field means to slo-events(5); ingest_text.c converts. */
typedef enum slo_textlog_role {
	TL_NONE = 0,     /* matched, dropped unless labelled */
	TL_TS_CLF,       /* "10/Oct/2000:13:55:36 -0700", brackets optional */
	TL_TS_HAPROXY,   /* "06/Feb/2009:12:14:14.655", no offset: UTC */
	TL_TS_RFC3339,   /* Envoy START_TIME, $time_iso8601, ALB time */
	TL_TS_EPOCH_S,   /* $msec "1555522225.123", %{sec}t */
	TL_TS_EPOCH_MS,  /* %{msec}t */
	TL_TS_EPOCH_US,  /* %{usec}t */
	TL_STATUS,       /* $status, %s, RESPONSE_CODE, %ST, elb_status_code */
	TL_STATUS_FINAL, /* Apache %>s: wins over %s */
	TL_LAT_US,       /* Apache %D, %{us}T */
	TL_LAT_MS,       /* Envoy DURATION, Apache %{ms}T */
	TL_LAT_S,        /* nginx $request_time, Apache %T */
	TL_LAT_S_LIST,   /* nginx $upstream_response_time "0.010, 0.020 : -" */
	TL_LAT_HAPROXY,  /* HAProxy Ta: ms, "-1" unknown, "+" with logasap */
	TL_LAT_ALB,      /* ALB *_processing_time: s, "-1" unknown, summed */
	TL_REQUEST,      /* "GET /path?q HTTP/1.1" */
	TL_PATH,         /* a request target with its query */
	TL_URI,          /* nginx $uri, Apache %U: a path without query */
	TL_ROUTE_NAME,   /* Envoy ROUTE_NAME ("default" is no name) */
	TL_METHOD,       /* $request_method, %m, REQ(:METHOD) */
	TL_CLUSTER,      /* Envoy UPSTREAM_CLUSTER, Istio's or plain */
	TL_AUTHORITY,    /* REQ(:AUTHORITY): names Istio's inbound|PORT|| */
	TL_SERVICE,      /* HAProxy backend */
	TL_TG_ARN,       /* ALB target group ARN: service and region */
	TL_TRACEPARENT,  /* W3C traceparent header */
	TL_TRACE_ID,     /* a trace id as is (Envoy TRACE_ID) */
	TL_XRAY,         /* X-Amzn-Trace-Id "Self=..;Root=1-..": the Root */
	TL__COUNT
} slo_textlog_role;

slo_textlog_role slo_textlog_field_role(const slo_textlog *tl, size_t i);
/* The label field i is kept as, NULL when none was asked for. */
const char *slo_textlog_field_label(const slo_textlog *tl, size_t i);
/* The label the request method is kept as ("method" above), or NULL. */
const char *slo_textlog_method_label(const slo_textlog *tl);
/* Every field's role, slo_textlog_nfields() of them, in one array. */
const slo_textlog_role *slo_textlog_roles(const slo_textlog *tl);
/* Whether any field or the method has a label: none, no label to look
 * for on each line. */
int slo_textlog_has_labels(const slo_textlog *tl);

typedef struct slo_textlog_span {
	const char *p; /* into the line */
	size_t n;
} slo_textlog_span;

size_t slo_textlog_nfields(const slo_textlog *tl);
/* How field i is written in the format ("$status", "%>s", ...). */
const char *slo_textlog_field_name(const slo_textlog *tl, size_t i);

/*
 * Match line (n bytes, no newline) against tl: spans[i] (the caller's,
 * slo_textlog_nfields() of them) is where field i lies.  On failure,
 * SLO_ESYNTAX with err->col the 1-based column where the literal was
 * expected (one past the end for a line that ends too soon) and err->msg
 * "line does not match format: expected 'LIT' ...".
 */
slo_status slo_textlog_match(const slo_textlog *tl, const char *line,
    size_t n, slo_textlog_span *spans, slo_error *err);

#endif
