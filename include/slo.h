/*
 * slo.h — libslo, the windowed SLI/SLO math of slokit: its public face.
 *
 * Stability: what this header declares keeps its meaning and its
 * signature within a major version (slo_version()); slo_math.h, the
 * advanced tier, may change in a minor one.  Headers under lib/ are the
 * library's own and change at any commit.
 *
 * Ownership, once for the whole library: an object made by slo_X_new() is
 * the caller's and is released with slo_X_free(), which accepts NULL.
 * A setter borrows what it is given (the caller keeps it alive and frees
 * it) unless its name says _take.  A pointer returned by any other call
 * (a string, a borrowed event field, a node) belongs to the object it came
 * from and stays valid until that object's next mutating call or its
 * free, unless the function's comment says otherwise.  The library never
 * prints, never exits and never reads the process locale or the TZ
 * variable.
 */
#ifndef SLO_H
#define SLO_H

#include <stddef.h>
#include <stdint.h>

/* What libslo.so exports: the declarations of include/ and nothing else. */
#if defined(__GNUC__) && __GNUC__ >= 4
#define SLO_API __attribute__((visibility("default")))
#else
#define SLO_API
#endif

/* "MAJOR.MINOR.PATCH" of the library linked in. */
SLO_API const char *slo_version(void);

typedef enum slo_status {
	SLO_OK = 0,
	SLO_ENOMEM,    /* out of memory */
	SLO_EINVAL,    /* invalid argument or value */
	SLO_ESYNTAX,   /* malformed text: JSON, YAML, time, expression */
	SLO_ERANGE,    /* value out of range */
	SLO_EIO,       /* read or write failed */
	SLO_EEMPTY,    /* nothing to compute from (empty sketch, no data) */
	SLO_EMISMATCH, /* incompatible operands (merging unlike sketches) */
	SLO_ENOTFOUND, /* no such file, zone, key or reference */
	SLO_ELIMIT,    /* a safety bound was hit (alias expansion, nesting) */
	SLO_EUTF8      /* invalid UTF-8 */
} slo_status;

/* A short lower-case phrase for a status; never NULL. */
SLO_API const char *slo_strerror(slo_status st);

/*
 * Where and why something failed.  file may be "" (not from a file); line
 * and col are 1-based, 0 when unknown.  Message is lower case, no full stop,
 * the subject quoted: "unknown key 'windw'".
 */
typedef struct slo_error {
	slo_status status;
	char file[256];
	long line;
	long col;
	char msg[512];
} slo_error;

/* Fill err (which may be NULL) and return st.  printf-style message. */
SLO_API slo_status slo_error_set(slo_error *err, slo_status st, const char *file,
    long line, long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
SLO_API void slo_error_clear(slo_error *err);

/* Exit codes shared by all four tools (DESIGN.md section 3). */
enum {
	SLO_EXIT_PASS = 0,
	SLO_EXIT_FAIL = 1,
	SLO_EXIT_ERROR = 2,
	SLO_EXIT_INCONCLUSIVE = 3
};

/*
 * A growable byte buffer, the one output primitive of the library: every
 * encoder appends to one, callers write it out.  Zero-initialise to use;
 * slo_buf_release() frees the storage.  Appends report SLO_ENOMEM.
 */
typedef struct slo_buf {
	char *data;
	size_t len;
	size_t cap;
} slo_buf;

SLO_API slo_status slo_buf_reserve(slo_buf *b, size_t extra);
SLO_API slo_status slo_buf_append(slo_buf *b, const void *p, size_t n);
SLO_API slo_status slo_buf_puts(slo_buf *b, const char *s);
SLO_API slo_status slo_buf_putc(slo_buf *b, char c);
SLO_API slo_status slo_buf_printf(slo_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* A JSON string literal, quotes included, escaping per slo-events(5). */
SLO_API slo_status slo_buf_json_str(slo_buf *b, const char *s, size_t n);
/* The same for a NUL-terminated string; NULL is written as null. */
SLO_API slo_status slo_buf_json_cstr(slo_buf *b, const char *s);
/* The shortest decimal that reads back as the same double; NaN/Inf as null. */
SLO_API slo_status slo_buf_json_num(slo_buf *b, double v);
SLO_API void slo_buf_reset(slo_buf *b);
SLO_API void slo_buf_release(slo_buf *b);

/* Checks that p[0..n) is well-formed UTF-8; on failure *bad is the offset. */
SLO_API int slo_utf8_valid(const char *p, size_t n, size_t *bad);

/*
 * Text from the input shown to people (lib/text.c).  Control characters,
 * invalid UTF-8, bidi overrides and the backslash are written as visible
 * escapes ("\n", "\x1b", "\u202e", "\\") in every mode, so log data can
 * never drive a terminal, forge a row or break out of a cell.  HTML (also
 * right for XML text and attributes) adds entities for & < > " '; MARKDOWN
 * adds them for & < > and backslash-escapes | * _ ` [ ] ~ for a GFM table
 * cell.
 */
typedef enum slo_text_mode {
	SLO_TEXT_PLAIN,
	SLO_TEXT_LINE,     /* PLAIN that keeps '\\': diagnostics quoting patterns */
	SLO_TEXT_HTML,
	SLO_TEXT_MARKDOWN
} slo_text_mode;

SLO_API slo_status slo_buf_text(slo_buf *b, slo_text_mode mode, const char *s, size_t n);
/* The same for a NUL-terminated string; NULL writes nothing. */
SLO_API slo_status slo_buf_text_cstr(slo_buf *b, slo_text_mode mode, const char *s);
/*
 * Terminal columns of s[0..n) as slo_buf_text shows it: escapes count
 * their length, wide East Asian characters 2, combining marks 0.
 */
SLO_API size_t slo_text_width(const char *s, size_t n);
/*
 * Exactly width columns of s: padded with blanks (on the left when
 * align_right), or, when too wide, its head and tail around U+2026,
 * never cut inside a character or an escape.
 */
SLO_API slo_status slo_buf_text_fit(slo_buf *b, slo_text_mode mode, const char *s,
    size_t n, size_t width, int align_right);

/* ---- output formats: the names every tool takes with -f ---------------- */

typedef enum slo_format {
	SLO_FMT_NDJSON = 0,
	SLO_FMT_TABLE,
	SLO_FMT_PROM,
	SLO_FMT_JUNIT,
	SLO_FMT_MARKDOWN,
	SLO_FMT_HTML,
	SLO_FMT_CSV,       /* RFC 4180, a header row */
	SLO_FMT_TSV,       /* text/tab-separated-values, Miller's escapes */
	SLO_FMT__COUNT
} slo_format;
#define SLO_FMT_BIT(f) (1u << (f))
SLO_API const char *slo_format_name(slo_format f);
SLO_API int slo_format_from_name(const char *name); /* -1 when unknown */


/* ---- instants: int64 nanoseconds since 1970-01-01T00:00:00Z (slo_math.h
 * has the readers and writers) ---------------------------------------- */

typedef int64_t slo_ns;

#define SLO_NS_PER_US  1000LL
#define SLO_NS_PER_MS  1000000LL
#define SLO_NS_PER_SEC 1000000000LL
#define SLO_NS_PER_MIN (60 * SLO_NS_PER_SEC)
#define SLO_NS_PER_HOUR (3600 * SLO_NS_PER_SEC)
#define SLO_NS_PER_DAY (86400 * SLO_NS_PER_SEC)
#define SLO_NS_NONE INT64_MIN /* "no instant" */

/* ---- specs: slo-spec(5), the slokit form and OpenSLO ------------------ */

typedef struct slo_spec slo_spec;

SLO_API slo_spec *slo_spec_new(void);
SLO_API void slo_spec_free(slo_spec *s);

/*
 * Load one file (or a string; name is used in errors) into s.  May be
 * called repeatedly.  On error nothing from that file is kept, so a
 * validator can go on with the next file.  A file with no `slos:` (say a
 * flag registry alone) is fine.  Empty files are fine too.
 */
SLO_API slo_status slo_spec_load_file(slo_spec *s, const char *path, slo_error *err);
SLO_API slo_status slo_spec_load_string(slo_spec *s, const char *name,
    const char *text, size_t n, slo_error *err);

/*
 * Resolve OpenSLO indicatorRef, alertPolicyRef and conditionRef across
 * every loaded file, build the OpenSLO SLOs, and reject duplicate SLO
 * names.  Call once after the last load; loads after it are refused.
 */
SLO_API slo_status slo_spec_finish(slo_spec *s, slo_error *err);

SLO_API size_t slo_spec_count(const slo_spec *s);

/* ---- expressions: slo-spec(5) EXPRESSIONS ------------------------------ */

typedef struct slo_expr slo_expr;

/*
 * Parse src (UTF-8) once.  On error returns NULL with err->status
 * (SLO_ESYNTAX; SLO_ELIMIT past 256 levels of '(' and '!', 32 path parts,
 * 4096 items in one 'in' list, a regex of over 4096 states or
 * regexes of over 65536 states together;
 * SLO_ERANGE for a number beyond a double; SLO_EUTF8; SLO_ENOMEM),
 * err->line and err->col the 1-based position in src (line 1 unless src
 * holds newlines; columns count characters), err->file "" and err->msg
 * saying what was expected: "expected ')'", "unexpected 'x'",
 * "unterminated string", "bad regex: ...", "empty expression", ...
 */
SLO_API slo_expr *slo_expr_new(const char *src, slo_error *err);
SLO_API void slo_expr_free(slo_expr *e);
SLO_API const char *slo_expr_source(const slo_expr *e);

/* ---- slo-eval's engine: events in, one verdict per SLO and group out ---- */

/* Ordered: a --fail-on threshold compares with >=. */
typedef enum slo_severity {
	SLO_SEV_TICKET = 1,
	SLO_SEV_PAGE = 2
} slo_severity;

SLO_API const char *slo_severity_name(slo_severity s); /* "ticket", "page" */
SLO_API int slo_severity_from_name(const char *name);  /* -1 when unknown */

typedef struct slo_eval_config {
	slo_ns resolution;   /* bucket width; 0 means 1m */
	slo_ns at;           /* the evaluation instant; SLO_NS_NONE: newest
	                        event time seen */
	slo_severity fail_on;/* alerts at or above this fail (exit 1) */
	int no_data_ok;      /* no_data does not make the exit code 3 */
	slo_ns report_step;  /* step of the report series; 0: 1h */
	int want_series;     /* compute the report series (html) */
	size_t max_groups;   /* groups per SLO before the overflow group;
	                        0: 100000 */
	const slo_expr *where; /* borrowed, NULL for none: only events it
	                        matches count; rollup rows are matched on
	                        their dimensions (see slo_eval_finish) */
} slo_eval_config;

SLO_API void slo_eval_config_init(slo_eval_config *cfg);

/*
 * Set one field of cfg from its text, as slo-eval(1) spells the option:
 * "resolution" and "report-step" (durations, e.g. 1m), "fail-on" (page or
 * ticket), "max-groups" (a positive integer), "no-data" (ok or
 * inconclusive).  SLO_EINVAL with err->msg naming the option and what it
 * wants; cfg unchanged on error.
 */
SLO_API slo_status slo_eval_config_set(slo_eval_config *cfg, const char *name,
    const char *arg, slo_error *err);

typedef struct slo_eval slo_eval;

/*
 * An engine for the SLOs of a finished spec, which must outlive it; cfg
 * NULL for the defaults of slo_eval_config_init().  NULL with err set on
 * a bad spec or when out of memory.
 */
SLO_API slo_eval *slo_eval_new(const slo_spec *spec, const slo_eval_config *cfg,
    slo_error *err);
SLO_API void slo_eval_free(slo_eval *e);

/*
 * Count one line of slo-events(5) (without its newline; need not be
 * NUL-terminated): decoded, kept when cfg->where holds (rollup lines
 * always), counted when it is a request or a rollup, ignored (SLO_OK)
 * when it is another kind.  A line that is not a valid event is returned
 * with its status (SLO_ESYNTAX, SLO_EUTF8, SLO_EINVAL, SLO_ERANGE), a
 * 1-based err->col when known and err->msg, and leaves the engine as it
 * was; a blank line is such a line (the tools skip blank lines first).
 */
SLO_API slo_status slo_eval_add_line(slo_eval *e, const char *line, size_t n,
    slo_error *err);

/*
 * Evaluate every series at the instant (cfg->at or the newest event
 * time) and build the verdicts, sorted by SLO in spec order then group
 * values.  An SLO that saw no event at all still gets one verdict (no
 * groups, status no_data).  Call once.  With rollup rows and cfg->where,
 * a row counts only when where holds on its dimensions; a where that
 * reads a field rows do not carry (anything but kind, ts, service,
 * cohort, region, version, route and labels.NAME) is refused with
 * SLO_EINVAL naming the field, rather than filtering on a guess.
 */
SLO_API slo_status slo_eval_finish(slo_eval *e, slo_error *err);

/*
 * dst += src: fold an engine fed part of the input (say by one thread of
 * slo-eval -j N) into another built from the same spec and config
 * (SLO_EMISMATCH otherwise), before either is finished.  Merging the
 * engines of the parts of an input in any order evaluates as one engine
 * fed the whole input, byte for byte once rendered (except which groups
 * overflow past max_groups).  src is left as it was.
 */
SLO_API slo_status slo_eval_merge(slo_eval *dst, const slo_eval *src, slo_error *err);

/*
 * After finish, the exit status slo-eval(1) gives: 1 when an SLO is
 * breached or an alert at or above fail_on fires, else 3 when an SLO has
 * no data (unless no_data_ok), else 0.
 */
SLO_API int slo_eval_exit_code(const slo_eval *e);

/*
 * After finish, append every verdict in fmt (ndjson, table, prom,
 * markdown, html, csv, tsv, junit: the forms slo-eval(1) describes) to
 * out.  color: ANSI
 * colour for the table's status column.  SLO_ENOMEM is the only failure.
 */
SLO_API slo_status slo_eval_render(const slo_eval *e, slo_format fmt, int color,
    slo_buf *out);

/* ---- slo-ingest's engine: raw log records in, canonical lines out ------ */

typedef enum slo_preset {
	SLO_PRESET_CANONICAL = 0,
	SLO_PRESET_OTLP,
	SLO_PRESET_ENVOY,
	SLO_PRESET_GCP,
	SLO_PRESET_ECS,
	SLO_PRESET_TRAEFIK,
	SLO_PRESET_GOFF,
	SLO_PRESET_UNLEASH,
	SLO_PRESET_MAP, /* chosen by slo_ingest_set_map_take(), not by name */
	SLO_PRESET_TEXT, /* a text access log: slo_ingest_set_textlog() */
	SLO_PRESET__COUNT
} slo_preset;

SLO_API const char *slo_preset_name(slo_preset p);
/* -1 when name is not a preset ("map" is not one: use a map file). */
SLO_API int slo_preset_from_name(const char *name);

typedef struct slo_ingest slo_ingest;

/* NULL when out of memory. */
SLO_API slo_ingest *slo_ingest_new(slo_preset preset);
SLO_API void slo_ingest_free(slo_ingest *ing);

/*
 * Map one raw line of the preset's input (a JSON object; without its end,
 * need not be NUL-terminated), appending the canonical slo-events(5) line
 * of each event it holds to out, as slo-ingest(1) writes them.  A line
 * that is not valid UTF-8, not a JSON object, or not what the preset
 * reads is rejected: its status, a 1-based err->col when known, err->msg
 * (a fixed phrase, optionally followed by ": " and the detail), and
 * nothing appended.
 */
SLO_API slo_status slo_ingest_line(slo_ingest *ing, const char *line, size_t n,
    slo_buf *out, slo_error *err);

#endif
