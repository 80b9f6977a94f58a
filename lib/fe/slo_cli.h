/*
 * slo_cli.h — the command-line layer every slokit binary stands on:
 * options common to all tools, diagnostics, input with its accounting of
 * every line, and checked output.
 *
 * This is the one part of libslo that writes to streams, and only to the
 * ones the program hands it (stdout for results, stderr for diagnostics).
 * It never exits: the calls return the exit code for main() to return.
 */
#ifndef SLO_CLI_H
#define SLO_CLI_H

#include <getopt.h>
#include <stdio.h>
#include <jansson.h>
#include "slo.h"
#include "slo_event.h"
#include "slo_expr.h"
#include "slo_math.h"
#include "slo_render.h"

/* ---- line reader ------------------------------------------------------ */

/*
 * Reads lines of any length from a stream.  The line handed back excludes
 * its '\n' and a '\r' before it, is NUL-terminated, and stays valid until
 * the next call.  A last line without '\n' is still a line.
 */
typedef struct slo_reader slo_reader;
slo_reader *slo_reader_new(FILE *fp);
/* The same over a source (slo_source.h): decompressed input; the source
 * stays the caller's. */
struct slo_source;
slo_reader *slo_reader_new_source(struct slo_source *src);
void slo_reader_free(slo_reader *r); /* does not close fp */
/* 1 with a line, 0 at end of input, -1 on a read error (errno set). */
int slo_reader_next(slo_reader *r, const char **line, size_t *n);
/* Whether the line last returned ended in "\r\n" (the '\r' was cut). */
int slo_reader_had_cr(const slo_reader *r);

/* ---- options ---------------------------------------------------------- */

/* Common options a tool takes, besides -h/--help and -V/--version. */
enum {
	SLO_OPT_FORMAT = 1u << 0,     /* -f, --format NAME; -o, --output FILE,
	                               * --wide, --FORMAT FILE (output.c) */
	SLO_OPT_AT = 1u << 1,         /* --at TIME */
	SLO_OPT_WHERE = 1u << 2,      /* -w, --where EXPR */
	SLO_OPT_REJECTS = 1u << 3,    /* --rejects FILE */
	SLO_OPT_MAX_BAD = 1u << 4,    /* --max-bad N|P% */
	SLO_OPT_JOBS = 1u << 5,       /* -j, --jobs N */
	SLO_OPT_UNBUFFERED = 1u << 6, /* --unbuffered */
	/* --progress, --no-progress: implied by SLO_OPT_MAX_BAD, which every
	 * tool reading input takes */
	SLO_OPT_PROGRESS = 1u << 7,
	SLO_OPT_UNWRAP = 1u << 8,     /* --unwrap KIND: implied as --progress */
	SLO_OPT_INPUT = SLO_OPT_AT | SLO_OPT_WHERE | SLO_OPT_REJECTS | SLO_OPT_MAX_BAD
};

typedef struct slo_cli slo_cli;

/*
 * A tool's description.  Tool options use long-option vals >= 256 or their
 * short letter; the common ones use vals from 1 to 31 and the letters
 * h V f w j, which a tool must not reuse.  on_option returns 0, or an exit
 * code after calling slo_cli_usage_error() (or another diagnostic).
 */
typedef struct slo_cli_tool {
	const char *prog;
	const char *synopsis;   /* "[options] [file ...]" */
	const char *help;       /* the tool's own option lines for --help */
	unsigned common;        /* SLO_OPT_* it accepts */
	unsigned formats;       /* SLO_FMT_BIT()s it can write */
	const struct option *options; /* zero-terminated, may be NULL */
	const char *shortopts;  /* may be NULL */
	int (*on_option)(void *ctx, slo_cli *cli, int opt, const char *arg);
	void *ctx;
} slo_cli_tool;

slo_cli *slo_cli_new(const slo_cli_tool *tool, FILE *out, FILE *err);
void slo_cli_free(slo_cli *cli);

/*
 * Parse argv.  Returns -1 to go on, or an exit code to return at once:
 * 0 after --help or --version, 2 after a usage error (one hint printed).
 */
int slo_cli_parse(slo_cli *cli, int argc, char **argv);

const char *slo_cli_prog(const slo_cli *cli);
slo_format slo_cli_format(const slo_cli *cli); /* ndjson unless out is a tty */
int slo_cli_color(const slo_cli *cli); /* tty, table, NO_COLOR unset */
/*
 * The table's width: 0 (no limit) under --wide, else the terminal's when
 * standard output is one (TIOCGWINSZ), else $COLUMNS, else 80.
 */
size_t slo_cli_width(const slo_cli *cli);
/* color and width as the renderers take them */
slo_render_opts slo_cli_render_opts(const slo_cli *cli);
/* The file of --FORMAT FILE (--junit, --prom, ...), NULL when not given. */
const char *slo_cli_extra(const slo_cli *cli, slo_format f);
slo_ns slo_cli_at(const slo_cli *cli);  /* SLO_NS_NONE when not given */
const slo_expr *slo_cli_where(const slo_cli *cli); /* NULL when not given */
int slo_cli_jobs(const slo_cli *cli);
int slo_cli_unbuffered(const slo_cli *cli);
int slo_cli_unwrap(const slo_cli *cli); /* slo_unwrap_mode of --unwrap */
size_t slo_cli_noperands(const slo_cli *cli);
const char *slo_cli_operand(const slo_cli *cli, size_t i);

/*
 * Refuses a run that would write over what it reads, before anything is
 * opened for writing: --rejects naming the same file (same device and
 * inode, so through symbolic and hard links too) as an input operand,
 * standard input when it is read, one of configs (spec, registry, map,
 * criteria files; NULL entries are skipped) or standard output; and
 * standard output, when it is a regular file, being an input or config
 * file (`slo-ingest x >>x` would read its own output forever).  Character
 * devices (/dev/null, a terminal) are never the same file.  Reports each
 * clash and returns SLO_EXIT_ERROR, or -1 to go on.  slo_input_new()
 * runs it without configs when the tool has not.
 */
int slo_cli_check_files(slo_cli *cli, const char *const *configs,
    size_t nconfigs);

/*
 * Option values a tool parses.  Each returns 0 with *out set, or, after
 * a usage error naming opt and arg, SLO_EXIT_ERROR:
 * a positive duration ("invalid OPT 'ARG': want a duration such as 1m"),
 * an expression ("invalid OPT: column N: why"; *out NULL when src is).
 */
int slo_cli_duration(slo_cli *cli, const char *opt, const char *arg,
    slo_ns *out);
int slo_cli_expr(slo_cli *cli, const char *opt, const char *src,
    slo_expr **out);

/* ---- diagnostics: "PROG: message" and "PROG: FILE:LINE:COL: message" -- */

/*
 * Every diagnostic is written on one line: control bytes and bytes that
 * are not valid UTF-8 in it (from a file name or a quoted input value)
 * come out as \n, \r, \t or \xHH.  The same holds for --rejects headers.
 */

void slo_cli_warn(slo_cli *cli, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Reports err with its position; returns SLO_EXIT_ERROR. */
int slo_cli_report(slo_cli *cli, const slo_error *err);
/* "PROG: message" then "Try 'PROG --help'."; returns SLO_EXIT_ERROR. */
int slo_cli_usage_error(slo_cli *cli, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- input: every line accounted for ---------------------------------- */

typedef struct slo_line_counts {
	uint64_t lines;    /* lines read = accepted + rejected + blank */
	uint64_t accepted;
	uint64_t rejected;
	uint64_t blank;
	uint64_t filtered; /* accepted but not matching --where */
} slo_line_counts;

/*
 * Reads the operands in order ("-" or none: stdin, with a warning when
 * stdin is a terminal).  Each line is classified by slo_line_classify()
 * (slo_line.h), which the -j path (slo_input_run()) calls too.  Blank
 * lines are counted and skipped.  Lines that
 * are not valid UTF-8 or not a JSON object are rejected: counted, the
 * first five reported on stderr as FILE:LINE:COL, and every one written
 * to --rejects as a pair of lines: "# FILE:LINE:COL: reason" (escaped as
 * diagnostics are, so always one line), then the rejected line byte for
 * byte (a '\r' it ended with included), so that `sed -n 'n;p'` gives
 * back exactly the lines that were rejected.
 *
 * An input that cannot be opened or read is reported with its name and
 * the next ones are still read; slo_input_finish() then fails.
 *
 * --rejects, when a regular file or a new one, is written to a temporary
 * file beside it, one whole record per write(2), and renamed into place
 * by slo_input_finish(); slo_input_free() without it (an abandoned run)
 * removes the temporary file and leaves the old one as it was.  SIGINT,
 * SIGTERM and SIGHUP (unless ignored) rename it into place with the
 * records so far before the signal ends the program.  Other files
 * (/dev/null, a fifo, the file standard error goes to) are written
 * directly, appending.  slo_input_new() fails the run (done, and finish
 * returns SLO_EXIT_ERROR) when slo_cli_check_files() refused the paths
 * or --rejects cannot be made.
 */
typedef struct slo_input slo_input;
slo_input *slo_input_new(slo_cli *cli);
/* The events slo_input_next_event() returns go to engine: its decoder
 * tries read(engine, ...) on rollup lines (slo_event_decoder_rollup_reader()). */
void slo_input_rollup_reader(slo_input *in, slo_rollup_reader *read,
    void *engine);
void slo_input_free(slo_input *in);

/*
 * The next raw line that is a JSON object.  *obj is borrowed until the next
 * call.  Returns 1, or 0 at the end (read errors are reported on the way
 * and make slo_input_finish() return SLO_EXIT_ERROR).
 */
int slo_input_next_json(slo_input *in, json_t **obj, const char **line, size_t *n);

/*
 * The next raw line that is valid UTF-8, for a tool that parses it itself
 * (slo-ingest's canonical preset decodes it with slo_ingest_line()).  The
 * line excludes its end, is NUL-terminated and borrowed until the next
 * call; it counts as accepted unless the tool calls slo_input_reject().
 * Blank lines and invalid UTF-8 are handled as by slo_input_next_json().
 * Returns 1, or 0 at the end.
 */
int slo_input_next_line(slo_input *in, const char **line, size_t *n);

/*
 * The next canonical event that passes --where (rollups pass unfiltered).
 * Lines that fail slo_event_decode() are rejected with its reason.
 */
int slo_input_next_event(slo_input *in, slo_event *ev);

/* Reject the line last returned (a preset lacking what it needs). */
void slo_input_reject(slo_input *in, long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/*
 * Parallel input: what slo_input_next_event(), slo_input_next_json() or
 * slo_input_next_line() would return, line by line, handed to `jobs`
 * threads (slo_par.h).
 * Lines are read in chunks of whole lines; each thread decodes a chunk's
 * lines exactly as the calls above do, through the same classifier
 * (slo_line_classify(): blank lines, UTF-8, JSON, the event decoder),
 * then --where, and gives each event, or JSON object, to its own
 * state: event(states[t], ...) or json(states[t], ...) in thread t, in no
 * particular order between chunks.  The callback returns SLO_OK, or
 * SLO_ENOMEM to stop the run, or, with stop_on_mismatch set,
 * SLO_EMISMATCH to stop it at this line (the lines before it are
 * accounted and reported as usual, then the call returns -1 with *err =
 * err->msg at FILE:LINE:COL of the line, COL err->col or 1, for the
 * caller to report), or any other status to reject the line with
 * err->col and err->msg (slo_strerror() of the status when empty), as
 * slo_input_reject() does.  json() may append
 * output to out: it is written with slo_cli_write() in input order.
 *
 * Back in the calling thread and in input order, the accounting, the
 * rejects (on stderr and in --rejects) and any diagnostic come out byte
 * for byte as from the sequential calls; rejected(ctx, line, n) is then
 * called for each line the callback rejected (the line without its end).
 * At most 2 x jobs chunks of about `block` bytes (0: 1 MiB) are in flight;
 * when lines are read as events, a regular file that needs no
 * decompressing, framing or unwrapping is mapped instead
 * (slo_source_map()) and its slices handed on in place, the pages behind
 * given back (slo_input_next_event() reads it so too).
 *
 * Returns 0 at the end of the input (read errors are reported, the next
 * inputs still read, and slo_input_finish() fails, as usual), 1 when the output was closed (the
 * rest of the input is left unread), or -1 after a fatal error (out of
 * memory, no thread could start) described in *err, which the caller
 * reports.  The input is spent afterwards: next_event()/next_json() end.
 */
typedef struct slo_input_par {
	int jobs;
	size_t block;
	void *const *states;  /* jobs of them */
	slo_status (*event)(void *state, const slo_event *ev, slo_error *err);
	slo_status (*json)(void *state, json_t *obj, slo_buf *out,
	    slo_error *err);
	/*
	 * Or, when set (it takes precedence), what slo_input_next_line()
	 * returns: the raw line (valid UTF-8, NUL-terminated, without its
	 * end), whose JSON is the callback's to parse.  Output as for json().
	 */
	slo_status (*line)(void *state, const char *line, size_t n,
	    slo_buf *out, slo_error *err);
	void (*rejected)(void *ctx, const char *line, size_t n);
	void *ctx;
	int stop_on_mismatch;  /* SLO_EMISMATCH stops the run: see above */
	/*
	 * Optional: counters the states keep (events written, ...) that must
	 * agree with the line counts.  tally(state, v) reads a state's ntally
	 * (at most SLO_INPUT_TALLY) running counters into v; totals[i] gets
	 * the share of each chunk that was emitted, so that when the output
	 * closes early, chunks decoded but never emitted count nowhere.
	 */
	size_t ntally;
	void (*tally)(void *state, uint64_t *v);
	uint64_t *totals;
	/*
	 * Optional, for states that gather something per chunk (slo-ingest
	 * --rollup): end(states[t], out, err) in the worker after a chunk's
	 * last line (a status other than SLO_OK stops the run with *err);
	 * then emit(emit_ctx, out, err), in the calling thread and in input
	 * order, writes the chunk's output in place of slo_cli_write(): it
	 * returns 0, 1 when the output was closed, or -1 to stop the run
	 * with *err.
	 */
	slo_status (*end)(void *state, slo_buf *out, slo_error *err);
	int (*emit)(void *emit_ctx, slo_buf *out, slo_error *err);
	void *emit_ctx;
	/* Optional: each thread's decoder tries read_rollup(states[t], ...)
	 * on rollup lines (slo_event_decoder_rollup_reader()). */
	slo_rollup_reader *read_rollup;
} slo_input_par;

#define SLO_INPUT_TALLY 10

int slo_input_run(slo_input *in, const slo_input_par *par, slo_error *err);

const char *slo_input_file(const slo_input *in); /* "-" shows as "<stdin>" */
uint64_t slo_input_lineno(const slo_input *in);
slo_line_counts slo_input_counts(const slo_input *in);

/*
 * Close the input: report "N of M lines rejected" when any were and
 * "N of M inputs could not be read" when any were not, put --rejects in
 * place, and return SLO_EXIT_ERROR when an input could not be read,
 * --rejects failed, or rejects are over --max-bad (default 1% of
 * non-blank lines), else SLO_EXIT_PASS.
 */
int slo_input_finish(slo_input *in);

/*
 * Whether an input could not be read (or the run was refused before
 * reading): a tool then prints no verdict, since one from part of the
 * input would pretend all is well.
 */
int slo_input_failed(const slo_input *in);

/* ---- output ----------------------------------------------------------- */

/*
 * Write b to the tool's output and empty it.  Returns 0, or -1 once the
 * output is closed (EPIPE: the reader went away, stop quietly) or failed.
 */
int slo_cli_write(slo_cli *cli, slo_buf *b);

/*
 * The last call of main(): flushes and checks the output.  Returns code,
 * or SLO_EXIT_ERROR with a message when the output failed (EPIPE excepted:
 * a closed pipe ends quietly with code).
 */
int slo_cli_finish(slo_cli *cli, int code);

/*
 * b as the whole new content of the file of --FORMAT FILE for f (a
 * temporary file beside it renamed into place); nothing without one.
 * 0, or SLO_EXIT_ERROR after a message naming the file.
 */
int slo_cli_write_extra(slo_cli *cli, slo_format f, const slo_buf *b);

#endif
