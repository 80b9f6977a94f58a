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
	SLO_FMT__COUNT
} slo_format;
#define SLO_FMT_BIT(f) (1u << (f))
SLO_API const char *slo_format_name(slo_format f);
SLO_API int slo_format_from_name(const char *name); /* -1 when unknown */

#endif
