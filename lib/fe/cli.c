/*
 * cli.c — the command-line layer shared by the slokit binaries: options
 * common to all tools, diagnostics, input with its accounting of every
 * line, and checked output.  See slo_cli.h for the contract.
 */
/* realpath(3) is XSI */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "slo_cli.h"
#include "slo_fe_output.h"
#include "slo_par.h"
#include "slo_num.h"
#include "slo_line.h"
#include "slo_source.h"
#include "slo_progress.h"
#include "slo_unwrap.h"

/* ---- line reader ------------------------------------------------------ */

struct slo_reader {
	FILE *fp;
	slo_source *src;  /* when set, read instead of fp */
	char *buf;
	size_t cap;
	size_t start; /* first unread byte */
	size_t end;   /* one past the last byte read */
	int eof;
	int had_cr;
};

#define READER_CHUNK (256 * 1024)

slo_reader *
slo_reader_new(FILE *fp)
{
	slo_reader *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	r->fp = fp;
	r->cap = READER_CHUNK;
	if ((r->buf = malloc(r->cap)) == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

slo_reader *
slo_reader_new_source(slo_source *src)
{
	slo_reader *r = slo_reader_new(NULL);

	if (r != NULL)
		r->src = src;
	return r;
}

void
slo_reader_free(slo_reader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r);
}

int
slo_reader_had_cr(const slo_reader *r)
{
	return r->had_cr;
}

/* Make room for at least one more chunk after end, keeping the unread part. */
static int
reader_make_room(slo_reader *r)
{
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < READER_CHUNK / 2) {
		size_t ncap = r->cap * 2;
		char *p;

		if (ncap < r->cap || (p = realloc(r->buf, ncap)) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		r->buf = p;
		r->cap = ncap;
	}
	return 0;
}

/*
 * Reads what has arrived, up to the room left; (size_t)-1 on an error.
 * read(2), not fread(), which waits on a pipe until the whole 256 KiB is
 * there: `tail -f log | slo-ingest --unbuffered` showed nothing until
 * then.  The stream is read by this reader alone, so stdio has buffered
 * nothing of it.  A stream without a descriptor (fmemopen) has nothing
 * to wait for: fread() it.
 */
static size_t
reader_fill(slo_reader *r)
{
	size_t room = r->cap - r->end - 1, got;
	int fd;

	if (r->src != NULL) {
		ssize_t n = slo_source_read(r->src, r->buf + r->end, room);

		return n < 0 ? (size_t)-1 : (size_t)n;
	}
	if ((fd = fileno(r->fp)) < 0) {
		got = fread(r->buf + r->end, 1, room, r->fp);
		return got == 0 && ferror(r->fp) ? (size_t)-1 : got;
	}
	for (;;) {
		ssize_t n = read(fd, r->buf + r->end, room);

		if (n >= 0)
			return (size_t)n;
		if (errno != EINTR)
			return (size_t)-1;
	}
}

int
slo_reader_next(slo_reader *r, const char **line, size_t *n)
{
	size_t scanned = r->start;

	for (;;) {
		char *nl = memchr(r->buf + scanned, '\n', r->end - scanned);
		size_t len;

		if (nl != NULL || (r->eof && r->end > r->start)) {
			char *p = r->buf + r->start;

			if (nl == NULL) {
				/* A last line without '\n': terminate it in place. */
				if (r->end == r->cap && reader_make_room(r) < 0)
					return -1;
				p = r->buf + r->start;
				nl = r->buf + r->end;
			}
			len = (size_t)(nl - p);
			r->start = (size_t)(nl - r->buf) + (nl < r->buf + r->end);
			if (r->start > r->end)
				r->start = r->end;
			r->had_cr = len > 0 && p[len - 1] == '\r';
			if (r->had_cr)
				len--;
			p[len] = '\0';
			*line = p;
			*n = len;
			return 1;
		}
		if (r->eof)
			return 0;
		scanned = r->end;
		{
			size_t off = scanned - r->start;
			size_t got;

			if (reader_make_room(r) < 0)
				return -1;
			scanned = r->start + off;
			if ((got = reader_fill(r)) == (size_t)-1)
				return -1;
			r->end += got;
			if (got == 0)
				r->eof = 1;
		}
	}
}

/* ---- options ---------------------------------------------------------- */

enum {
	OPT_AT = 1,
	OPT_REJECTS,
	OPT_MAX_BAD,
	OPT_UNBUFFERED,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_UNWRAP,
	OPT_WIDE,
	/* the extra outputs: OPT_EXTRA + the format */
	OPT_EXTRA = 64
};

#define MAX_REPORTED_REJECTS 5

/*
 * The common options a tool takes: what it asks for, and the progress
 * line and --unwrap with --max-bad, which every tool reading input
 * through slo_input takes.
 */
static unsigned
common_of(const slo_cli_tool *t)
{
	return t->common | (t->common & SLO_OPT_MAX_BAD ?
	    SLO_OPT_PROGRESS | SLO_OPT_UNWRAP : 0);
}

struct slo_cli {
	const slo_cli_tool *tool;
	FILE *out;
	FILE *err;
	const char *prog;
	int format;    /* -1 until chosen */
	slo_ns at;
	slo_expr *where;
	const char *rejects_path;
	int max_bad_pct;   /* max_bad is a percentage */
	double max_bad;
	int jobs;
	int unbuffered;
	int progress;      /* --progress 1, --no-progress 0, -1: a terminal's */
	slo_progress *progress_line; /* while input is read, when shown */
	int unwrap;        /* slo_unwrap_mode: --unwrap, auto by default */
	char **operands;
	size_t noperands;
	int out_closed;    /* EPIPE seen */
	int out_errno;     /* first write error other than EPIPE */
	int files_checked; /* slo_cli_check_files() ran */
	int files_bad;     /* and refused the paths */
	const char *out_path;      /* -o FILE, NULL for standard output */
	slo_atomic out_file;       /* -o's file in the making */
	const char *extra[SLO_FMT__COUNT]; /* --junit FILE & co, by format */
	int wide;                  /* --wide: the table never shortens */
};

slo_cli *
slo_cli_new(const slo_cli_tool *tool, FILE *out, FILE *err)
{
	slo_cli *cli = calloc(1, sizeof *cli);
	long ncpu;

	if (cli == NULL)
		return NULL;
	cli->tool = tool;
	cli->out = out;
	cli->err = err;
	cli->prog = tool->prog;
	cli->format = -1;
	cli->progress = -1;
	cli->unwrap = SLO_UNWRAP_AUTO;
	cli->at = SLO_NS_NONE;
	cli->max_bad_pct = 1;
	cli->max_bad = 1.0;
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cli->jobs = ncpu < 1 ? 1 : ncpu > 16 ? 16 : (int)ncpu;
	/*
	 * A closed pipe must end the program quietly, not kill it with a
	 * signal: writes then fail with EPIPE, which slo_cli_write() notices.
	 */
	signal(SIGPIPE, SIG_IGN);
	return cli;
}

void
slo_cli_free(slo_cli *cli)
{
	if (cli == NULL)
		return;
	slo_expr_free(cli->where);
	free(cli);
}

const char *slo_cli_prog(const slo_cli *cli) { return cli->prog; }
slo_ns slo_cli_at(const slo_cli *cli) { return cli->at; }
const slo_expr *slo_cli_where(const slo_cli *cli) { return cli->where; }
int slo_cli_jobs(const slo_cli *cli) { return cli->jobs; }
int slo_cli_unbuffered(const slo_cli *cli) { return cli->unbuffered; }
int slo_cli_unwrap(const slo_cli *cli) { return cli->unwrap; }
size_t slo_cli_noperands(const slo_cli *cli) { return cli->noperands; }

const char *
slo_cli_operand(const slo_cli *cli, size_t i)
{
	return i < cli->noperands ? cli->operands[i] : NULL;
}

slo_format
slo_cli_format(const slo_cli *cli)
{
	if (cli->format >= 0)
		return (slo_format)cli->format;
	if ((cli->tool->formats & SLO_FMT_BIT(SLO_FMT_TABLE)) &&
	    cli->out_path == NULL && isatty(fileno(cli->out)))
		return SLO_FMT_TABLE;
	return SLO_FMT_NDJSON;
}

int
slo_cli_color(const slo_cli *cli)
{
	const char *nc = getenv("NO_COLOR");

	if (nc != NULL && *nc != '\0')
		return 0;
	return slo_cli_format(cli) == SLO_FMT_TABLE && cli->out_path == NULL &&
	    isatty(fileno(cli->out));
}

/*
 * The terminal's width when the output is one (TIOCGWINSZ), else
 * $COLUMNS when it is a number, else 80; 0 (no limit) under --wide.
 * Decided here, so the renderers never look at a terminal.
 */
size_t
slo_cli_width(const slo_cli *cli)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long v;

	if (cli->wide)
		return 0;
	if (cli->out_path == NULL && isatty(fileno(cli->out)) &&
	    ioctl(fileno(cli->out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env != NULL && *env != '\0') {
		errno = 0;
		v = strtol(env, &end, 10);
		if (*end == '\0' && errno == 0 && v > 0 && v <= 100000)
			return (size_t)v;
	}
	return 80;
}

slo_render_opts
slo_cli_render_opts(const slo_cli *cli)
{
	slo_render_opts ro = { 0 };

	ro.color = slo_cli_color(cli);
	ro.width = slo_cli_width(cli);
	return ro;
}

const char *
slo_cli_extra(const slo_cli *cli, slo_format f)
{
	return (int)f >= 0 && f < SLO_FMT__COUNT ? cli->extra[f] : NULL;
}

/*
 * Writes "PROG: " and msg, then end, to the diagnostic stream.  Messages
 * and --rejects headers quote values from the input, so they go through
 * slo_buf_text(): a raw newline can never split a "# FILE:LINE:COL"
 * header or forge a diagnostic line, a raw ESC never drives the terminal.
 */
static void
put_diag(slo_cli *cli, const char *msg, const char *end)
{
	slo_buf b = { 0 };

	slo_progress_clear(cli->progress_line); /* the message has the line */
	slo_buf_puts(&b, cli->prog);
	slo_buf_puts(&b, ": ");
	slo_buf_text(&b, SLO_TEXT_LINE, msg, strlen(msg));
	slo_buf_puts(&b, end);
	if (b.data != NULL)
		fwrite(b.data, 1, b.len, cli->err);
	else /* out of memory: say what we can */
		fprintf(cli->err, "%s: (message lost: out of memory)\n", cli->prog);
	slo_buf_release(&b);
}

static void
vdiag(slo_cli *cli, const char *end, const char *fmt, va_list ap)
{
	char small[1024], *msg = small;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = slo_vsnprintf(small, sizeof small, fmt, ap);
	/* a long file name is shown whole */
	if (n >= (int)sizeof small && (msg = malloc((size_t)n + 1)) != NULL)
		slo_vsnprintf(msg, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	put_diag(cli, msg != NULL ? msg : small, end);
	if (msg != small)
		free(msg);
}

void
slo_cli_warn(slo_cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(cli, "\n", fmt, ap);
	va_end(ap);
}

int
slo_cli_report(slo_cli *cli, const slo_error *err)
{
	const char *msg = err->msg[0] ? err->msg : slo_strerror(err->status);

	if (err->file[0] != '\0') {
		if (err->line > 0 && err->col > 0)
			slo_cli_warn(cli, "%s:%ld:%ld: %s", err->file, err->line,
			    err->col, msg);
		else if (err->line > 0)
			slo_cli_warn(cli, "%s:%ld: %s", err->file, err->line, msg);
		else
			slo_cli_warn(cli, "%s: %s", err->file, msg);
	} else if (err->col > 0)
		slo_cli_warn(cli, "column %ld: %s", err->col, msg);
	else
		slo_cli_warn(cli, "%s", msg);
	return SLO_EXIT_ERROR;
}

int
slo_cli_usage_error(slo_cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(cli, "\n", fmt, ap);
	va_end(ap);
	fprintf(cli->err, "Try '%s --help'.\n", cli->prog);
	return SLO_EXIT_ERROR;
}

static void
print_help(slo_cli *cli)
{
	const slo_cli_tool *t = cli->tool;
	unsigned c = common_of(t);
	FILE *o = cli->out;

	fprintf(o, "usage: %s %s\n\n", t->prog, t->synopsis);
	if (t->help != NULL && *t->help != '\0')
		fputs(t->help, o);
	fputs("\ncommon options:\n", o);
	if (c & SLO_OPT_FORMAT) {
		fputs("  -f, --format NAME   output format:", o);
		for (int i = 0; i < SLO_FMT__COUNT; i++)
			if (t->formats & SLO_FMT_BIT(i))
				fprintf(o, " %s", slo_format_name((slo_format)i));
		fputs("\n                      (default: table on a terminal, else ndjson)\n", o);
		fputs("  -o, --output FILE   write to FILE, replaced whole once complete\n", o);
		for (int i = 0; i < SLO_FMT__COUNT; i++)
			if (i != SLO_FMT_NDJSON && i != SLO_FMT_TABLE &&
			    (t->formats & SLO_FMT_BIT(i)))
				fprintf(o, "      --%s FILE%*sthe %s form too, to FILE\n",
				    slo_format_name((slo_format)i),
				    (int)(9 - strlen(slo_format_name((slo_format)i))), "",
				    slo_format_name((slo_format)i));
		if (t->formats & SLO_FMT_BIT(SLO_FMT_TABLE))
			fputs("      --wide          never shorten the table to the terminal\n", o);
	}
	if (c & SLO_OPT_AT)
		fputs("      --at TIME       evaluation instant, RFC 3339, epoch seconds or\n"
		      "                      'now' (default: the newest event time)\n", o);
	if (c & SLO_OPT_WHERE)
		fputs("  -w, --where EXPR    keep only events matching EXPR\n", o);
	if (c & SLO_OPT_REJECTS)
		fputs("      --rejects FILE  write every rejected line, with its reason, to FILE\n", o);
	if (c & SLO_OPT_MAX_BAD)
		fputs("      --max-bad N|P%  rejected lines tolerated before exit 2 (default 1%)\n", o);
	if (c & SLO_OPT_JOBS)
		fputs("  -j, --jobs N        decoding threads (default: online CPUs, at most 16)\n", o);
	if (c & SLO_OPT_UNBUFFERED)
		fputs("      --unbuffered    flush every output line\n", o);
	if (c & SLO_OPT_PROGRESS)
		fputs("      --progress      show a progress line on stderr (default: when a\n"
		      "                      terminal)\n"
		      "      --no-progress   never show it\n", o);
	if (c & SLO_OPT_UNWRAP)
		fputs("      --unwrap KIND   take container log wrappers off: docker, cri,\n"
		      "                      none, or auto (default: when the first line is one)\n", o);
	fputs("  -h, --help          print this help and exit\n"
	      "  -V, --version       print the version and exit\n", o);
	fprintf(o, "\nexit status: 0 pass, 1 fail, 2 error, 3 inconclusive\nmanual: man 1 %s\n", t->prog);
}

static int
parse_max_bad(slo_cli *cli, const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = slo_strtod(arg, &end);
	if (end == arg || errno != 0 || v < 0 || v != v)
		return -1;
	if (*end == '%') {
		if (end[1] != '\0' || v > 100)
			return -1;
		cli->max_bad_pct = 1;
	} else if (*end == '\0') {
		/*
		 * A whole count, of any size: no cast to an integer, which is
		 * undefined beyond its range (1e30); the limit stays a double.
		 */
		if (v != floor(v))
			return -1;
		cli->max_bad_pct = 0;
	} else
		return -1;
	cli->max_bad = v;
	return 0;
}

static int
parse_at(slo_cli *cli, const char *arg)
{
	size_t n = strlen(arg), pos;
	char *end;
	double sec;

	if (strcmp(arg, "now") == 0) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		cli->at = (slo_ns)ts.tv_sec * SLO_NS_PER_SEC + ts.tv_nsec;
		return 0;
	}
	if (slo_time_parse(arg, n, &cli->at, &pos) == SLO_OK)
		return 0;
	errno = 0;
	sec = slo_strtod(arg, &end);
	if (end != arg && *end == '\0' && errno == 0 &&
	    slo_time_from_epoch(sec, &cli->at) == SLO_OK)
		return 0;
	return -1;
}

int
slo_cli_duration(slo_cli *cli, const char *opt, const char *arg, slo_ns *out)
{
	size_t pos;

	if (slo_duration_parse(arg, strlen(arg), out, &pos) != SLO_OK ||
	    *out <= 0)
		return slo_cli_usage_error(cli, "invalid %s '%s': want a "
		    "duration such as 1m", opt, arg);
	return 0;
}

int
slo_cli_expr(slo_cli *cli, const char *opt, const char *src, slo_expr **out)
{
	slo_error err;

	*out = NULL;
	if (src == NULL)
		return 0;
	slo_error_clear(&err);
	if ((*out = slo_expr_new(src, &err)) == NULL)
		return slo_cli_usage_error(cli, "invalid %s: column %ld: %s",
		    opt, err.col, err.msg);
	return 0;
}

/* The common options' part of a getopt_long table. */
static const struct option common_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "at", required_argument, NULL, OPT_AT },
	{ "where", required_argument, NULL, 'w' },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "max-bad", required_argument, NULL, OPT_MAX_BAD },
	{ "jobs", required_argument, NULL, 'j' },
	{ "unbuffered", no_argument, NULL, OPT_UNBUFFERED },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "unwrap", required_argument, NULL, OPT_UNWRAP },
};
static const unsigned common_bits[] = {
	SLO_OPT_FORMAT, SLO_OPT_AT, SLO_OPT_WHERE, SLO_OPT_REJECTS,
	SLO_OPT_MAX_BAD, SLO_OPT_JOBS, SLO_OPT_UNBUFFERED, SLO_OPT_PROGRESS,
	SLO_OPT_PROGRESS, SLO_OPT_UNWRAP
};

#define NCOMMON (sizeof common_options / sizeof common_options[0])

/* Handles one common option; returns -1 to go on, else an exit code. */
static int
common_option(slo_cli *cli, int opt, const char *arg)
{
	slo_error err;
	char *end;
	long v;

	switch (opt) {
	case 'f': {
		int f = slo_format_from_name(arg);

		if (f < 0 || !(cli->tool->formats & SLO_FMT_BIT(f)))
			return slo_cli_usage_error(cli, "unknown format '%s'", arg);
		cli->format = f;
		return -1;
	}
	case OPT_AT:
		if (parse_at(cli, arg) < 0)
			return slo_cli_usage_error(cli,
			    "invalid --at '%s': want RFC 3339, epoch seconds or 'now'", arg);
		return -1;
	case 'w':
		slo_expr_free(cli->where);
		if ((cli->where = slo_expr_new(arg, &err)) == NULL)
			return slo_cli_usage_error(cli, "--where: column %ld: %s",
			    err.col, err.msg);
		return -1;
	case OPT_REJECTS:
		cli->rejects_path = arg;
		return -1;
	case OPT_MAX_BAD:
		if (parse_max_bad(cli, arg) < 0)
			return slo_cli_usage_error(cli,
			    "invalid --max-bad '%s': want a count or a percentage", arg);
		return -1;
	case 'j':
		errno = 0;
		v = strtol(arg, &end, 10);
		if (end == arg || *end != '\0' || errno != 0 || v < 1 || v > 16)
			return slo_cli_usage_error(cli,
			    "invalid --jobs '%s': want 1 to 16", arg);
		cli->jobs = (int)v;
		return -1;
	case OPT_UNBUFFERED:
		cli->unbuffered = 1;
		return -1;
	case OPT_PROGRESS:
	case OPT_NO_PROGRESS:
		cli->progress = opt == OPT_PROGRESS;
		return -1;
	case OPT_UNWRAP:
		if ((cli->unwrap = slo_unwrap_mode_from_name(arg)) < 0)
			return slo_cli_usage_error(cli, "invalid --unwrap '%s': "
			    "want docker, cri, auto or none", arg);
		return -1;
	}
	return slo_cli_usage_error(cli, "internal: unhandled option %d", opt);
}

/*
 * -o FILE, --wide for a tool with a table, and one --FORMAT FILE for each
 * format besides ndjson and table: the output options of a tool that
 * takes -f, appended to opts at k.  Returns the new k.
 */
static size_t
output_options(const slo_cli_tool *t, struct option *opts, size_t k)
{
	opts[k++] = (struct option){ "output", required_argument, NULL, 'o' };
	if (t->formats & SLO_FMT_BIT(SLO_FMT_TABLE))
		opts[k++] = (struct option){ "wide", no_argument, NULL, OPT_WIDE };
	for (int f = 0; f < SLO_FMT__COUNT; f++)
		if (f != SLO_FMT_NDJSON && f != SLO_FMT_TABLE &&
		    (t->formats & SLO_FMT_BIT(f)))
			opts[k++] = (struct option){ slo_format_name((slo_format)f),
			    required_argument, NULL, OPT_EXTRA + f };
	return k;
}

/* -o, --wide, --junit & co; returns -1 to go on, else an exit code. */
static int
output_option(slo_cli *cli, int opt, const char *arg)
{
	if (opt == OPT_WIDE) {
		cli->wide = 1;
		return -1;
	}
	if (*arg == '\0' || strcmp(arg, "-") == 0)
		return slo_cli_usage_error(cli, "%s needs a file name (standard "
		    "output is the default)", opt == 'o' ? "-o" : "--FORMAT");
	if (opt == 'o')
		cli->out_path = arg;
	else
		cli->extra[opt - OPT_EXTRA] = arg;
	return -1;
}

static int
is_common_short(int c)
{
	return c == 'f' || c == 'w' || c == 'j';
}

int
slo_cli_parse(slo_cli *cli, int argc, char **argv)
{
	const slo_cli_tool *t = cli->tool;
	struct option *opts;
	char shortopts[128];
	size_t ntool = 0, k = 0, sl = 0;
	int rc = -1, c;

	while (t->options != NULL && t->options[ntool].name != NULL)
		ntool++;
	if ((opts = calloc(NCOMMON + ntool + 5 + SLO_FMT__COUNT, sizeof *opts)) == NULL) {
		slo_cli_warn(cli, "out of memory");
		return SLO_EXIT_ERROR;
	}
	for (size_t i = 0; i < NCOMMON; i++)
		if (common_of(t) & common_bits[i])
			opts[k++] = common_options[i];
	if (t->common & SLO_OPT_FORMAT)
		k = output_options(t, opts, k);
	for (size_t i = 0; i < ntool; i++)
		opts[k++] = t->options[i];
	opts[k++] = (struct option){ "help", no_argument, NULL, 'h' };
	opts[k++] = (struct option){ "version", no_argument, NULL, 'V' };

	shortopts[sl++] = ':';
	shortopts[sl++] = 'h';
	shortopts[sl++] = 'V';
	if (t->common & SLO_OPT_FORMAT) {
		shortopts[sl++] = 'f';
		shortopts[sl++] = ':';
		shortopts[sl++] = 'o';
		shortopts[sl++] = ':';
	}
	if (t->common & SLO_OPT_WHERE) {
		shortopts[sl++] = 'w';
		shortopts[sl++] = ':';
	}
	if (t->common & SLO_OPT_JOBS) {
		shortopts[sl++] = 'j';
		shortopts[sl++] = ':';
	}
	shortopts[sl] = '\0';
	if (t->shortopts != NULL)
		slo_snprintf(shortopts + sl, sizeof shortopts - sl, "%s", t->shortopts);

	opterr = 0;
	optind = 1;
	while (rc < 0 && (c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			print_help(cli);
			rc = SLO_EXIT_PASS;
			break;
		case 'V':
			fprintf(cli->out, "%s (slokit) %s\n", cli->prog, slo_version());
			rc = SLO_EXIT_PASS;
			break;
		case ':':
			if (optopt != 0 && optopt < 256 && optopt > ' ')
				rc = slo_cli_usage_error(cli,
				    "option '-%c' needs an argument", optopt);
			else
				rc = slo_cli_usage_error(cli,
				    "option '%s' needs an argument", argv[optind - 1]);
			break;
		case '?':
			if (optopt != 0 && optopt < 256 && optopt > ' ')
				rc = slo_cli_usage_error(cli, "unknown option '-%c'", optopt);
			else
				rc = slo_cli_usage_error(cli, "unknown option '%s'",
				    argv[optind - 1]);
			break;
		default:
			if ((c >= OPT_AT && c <= OPT_UNWRAP) || is_common_short(c))
				rc = common_option(cli, c, optarg);
			else if (c == 'o' || c == OPT_WIDE ||
			    (c >= OPT_EXTRA && c < OPT_EXTRA + SLO_FMT__COUNT))
				rc = output_option(cli, c, optarg);
			else if (t->on_option != NULL) {
				int r = t->on_option(t->ctx, cli, c, optarg);

				if (r != 0)
					rc = r;
			} else
				rc = slo_cli_usage_error(cli, "unknown option");
		}
	}
	free(opts);
	if (rc >= 0)
		return rc;
	cli->operands = argv + optind;
	cli->noperands = (size_t)(argc - optind);
	return -1;
}

/* ---- files: no output over an input, and the --rejects file ----------- */

/* A file's identity: the same device and inode is the same file. */
struct file_id {
	int known;
	dev_t dev;
	ino_t ino;
	mode_t mode;
};

static struct file_id
id_of_stat(int ok, const struct stat *st)
{
	struct file_id id = { 0 };

	if (ok) {
		id.known = 1;
		id.dev = st->st_dev;
		id.ino = st->st_ino;
		id.mode = st->st_mode;
	}
	return id;
}

/* stat() follows symbolic links: a link to a file is that file. */
static struct file_id
id_of_path(const char *path)
{
	struct stat st;

	return id_of_stat(stat(path, &st) == 0, &st);
}

static struct file_id
id_of_stream(FILE *fp)
{
	struct stat st;

	return id_of_stat(fp != NULL && fstat(fileno(fp), &st) == 0, &st);
}

/*
 * Whether writing a and reading b would meet in one file.  Character
 * devices (/dev/null, a terminal) hold nothing to lose, so they never do:
 * `--rejects /dev/null >/dev/null` is fine.
 */
static int
same_file(const struct file_id *a, const struct file_id *b)
{
	return a->known && b->known && a->dev == b->dev && a->ino == b->ino &&
	    !S_ISCHR(a->mode);
}

static int
reads_stdin(const slo_cli *cli)
{
	if (cli->noperands == 0)
		return 1;
	for (size_t i = 0; i < cli->noperands; i++)
		if (strcmp(cli->operands[i], "-") == 0)
			return 1;
	return 0;
}

/*
 * One input or config file against the outputs: --rejects must not be it,
 * and a regular file on standard output must not be it either (the run
 * would read what it writes: `slo-ingest x >>x` never ends).
 */
static int
check_source(slo_cli *cli, const struct file_id *rej,
    const struct file_id *out, const struct file_id *src, const char *what,
    const char *name)
{
	if (same_file(rej, src)) {
		slo_cli_warn(cli, "%s: --rejects is the same file as %s%s%s%s",
		    cli->rejects_path, what, name ? " '" : "", name ? name : "",
		    name ? "'" : "");
		return -1;
	}
	if (S_ISREG(out->mode) && same_file(out, src)) {
		slo_cli_warn(cli, "standard output is the same file as %s%s%s%s",
		    what, name ? " '" : "", name ? name : "", name ? "'" : "");
		return -1;
	}
	return 0;
}

/*
 * -o FILE and the extra outputs against the inputs and config files: a
 * run must not replace what it reads, nor two outputs share one file.
 */
static int
check_output_paths(slo_cli *cli, const char *const *configs, size_t nconfigs)
{
	const char *paths[SLO_FMT__COUNT + 1];
	size_t np = 0;
	int bad = 0;

	if (cli->out_path != NULL)
		paths[np++] = cli->out_path;
	for (int f = 0; f < SLO_FMT__COUNT; f++)
		if (cli->extra[f] != NULL)
			paths[np++] = cli->extra[f];
	for (size_t i = 0; i < np; i++) {
		struct file_id o = id_of_path(paths[i]), src;

		for (size_t j = 0; j < i; j++) {
			struct file_id p = id_of_path(paths[j]);

			if (strcmp(paths[i], paths[j]) == 0 || same_file(&o, &p)) {
				slo_cli_warn(cli, "%s: two outputs name the same file",
				    paths[i]);
				bad = 1;
			}
		}
		for (size_t j = 0; j < cli->noperands; j++) {
			if (strcmp(cli->operands[j], "-") == 0)
				continue;
			src = id_of_path(cli->operands[j]);
			if (same_file(&o, &src)) {
				slo_cli_warn(cli, "%s: an output is the same file as "
				    "input '%s'", paths[i], cli->operands[j]);
				bad = 1;
			}
		}
		for (size_t j = 0; j < nconfigs; j++) {
			if (configs[j] == NULL)
				continue;
			src = id_of_path(configs[j]);
			if (same_file(&o, &src)) {
				slo_cli_warn(cli, "%s: an output is the same file as "
				    "config file '%s'", paths[i], configs[j]);
				bad = 1;
			}
		}
	}
	return bad;
}

int
slo_cli_check_files(slo_cli *cli, const char *const *configs, size_t nconfigs)
{
	struct file_id out = id_of_stream(cli->out), rej = { 0 }, src;
	int bad = check_output_paths(cli, configs, nconfigs);

	cli->files_checked = 1;
	if (cli->rejects_path != NULL)
		rej = id_of_path(cli->rejects_path);
	if (same_file(&rej, &out)) {
		slo_cli_warn(cli, "%s: --rejects is the same file as standard "
		    "output", cli->rejects_path);
		bad = 1;
	}
	for (size_t i = 0; i < cli->noperands; i++) {
		const char *op = cli->operands[i];

		if (strcmp(op, "-") == 0)
			continue;
		src = id_of_path(op);
		bad |= check_source(cli, &rej, &out, &src, "input", op) < 0;
	}
	if (reads_stdin(cli)) {
		src = id_of_stream(stdin);
		bad |= check_source(cli, &rej, &out, &src, "standard input",
		    NULL) < 0;
	}
	for (size_t i = 0; i < nconfigs; i++) {
		if (configs[i] == NULL)
			continue;
		src = id_of_path(configs[i]);
		bad |= check_source(cli, &rej, &out, &src, "config file",
		    configs[i]) < 0;
	}
	cli->files_bad = bad;
	return bad ? SLO_EXIT_ERROR : -1;
}

/*
 * The --rejects file in the making.  A regular file (or a new one) is
 * written to a temporary file beside it, renamed over it at the end, so
 * that the old file stays whole until the new one is; anything else
 * (/dev/null, a fifo, the file standard error goes to) is written directly.
 * Each record goes out in one write(2) as soon as it is made.
 *
 * On SIGINT, SIGTERM or SIGHUP the temporary file, which holds whole
 * records only, is renamed into place and the signal then ends the
 * program as it would have: the records of the lines read so far are kept.
 * The handler needs the two names without allocating, hence the statics;
 * a program has one --rejects.
 */
static char sig_tmp[PATH_MAX + 16], sig_final[PATH_MAX];
static volatile sig_atomic_t sig_armed;

static void
on_fatal_signal(int sig)
{
	if (sig_armed) {
		sig_armed = 0;
		rename(sig_tmp, sig_final); /* async-signal-safe */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Catch the signals that end a run, unless they are ignored (nohup, &). */
static void
arm_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old, sa;

		if (sigaction(sigs[i], NULL, &old) != 0 ||
		    old.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_fatal_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], &sa, NULL);
	}
}

struct rejects {
	int fd;            /* -1: no --rejects */
	const char *path;  /* as given, for messages */
	int tmp;           /* written to sig_tmp, to be renamed to sig_final */
	int werr;          /* the first write error */
	slo_buf rec;       /* the record being written */
};

/* Opens --rejects; -1 after a diagnostic. */
static int
rejects_open(struct rejects *r, slo_cli *cli)
{
	const char *path = cli->rejects_path;
	struct file_id err_id = id_of_stream(cli->err), id = id_of_path(path);
	char *real = NULL;
	const char *base;
	mode_t mode;
	int n;

	r->fd = -1;
	r->path = path;
	if (*path == '\0') {
		errno = ENOENT;
		goto fail;
	}
	if (id.known && (!S_ISREG(id.mode) || same_file(&id, &err_id))) {
		/* O_APPEND: what stderr wrote there stays */
		if ((r->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)) < 0)
			goto fail;
		return 0;
	}
	/* through a symbolic link, replace the file it points to */
	if (id.known && (real = realpath(path, NULL)) != NULL)
		path = real;
	if (strlen(path) >= sizeof sig_final) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	n = slo_snprintf(sig_tmp, sizeof sig_tmp, "%.*s.%s.XXXXXX",
	    (int)(base - path), path, base);
	if (n < 0 || (size_t)n >= sizeof sig_tmp) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	slo_snprintf(sig_final, sizeof sig_final, "%s", path);
	if ((r->fd = mkstemp(sig_tmp)) < 0)
		goto fail;
	/* the mode a plain open would give: the old file's, or by umask */
	if (id.known)
		mode = id.mode & 07777;
	else {
		mode_t mask = umask(0);

		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(r->fd, mode) != 0) {
		int e = errno;

		close(r->fd);
		unlink(sig_tmp);
		r->fd = -1;
		errno = e;
		goto fail;
	}
	free(real);
	r->tmp = 1;
	sig_armed = 1;
	arm_signals();
	return 0;
fail:
	slo_cli_warn(cli, "%s: %s", r->path, strerror(errno));
	free(real);
	return -1;
}

/*
 * One rejected line: "# FILE:LINE:COL: reason", then the line as read.
 * One writev(2) for the record, so that a signal finds whole records in
 * the file, and no copy of the line, which may be of any length.
 */
static void
rejects_put(struct rejects *r, const char *file, uint64_t lineno, long col,
    const char *reason, const char *line, size_t len, int had_cr)
{
	slo_buf *b = &r->rec;
	struct iovec iov[3];
	int niov = 3, i = 0;

	if (r->fd < 0 || r->werr)
		return;
	slo_buf_reset(b);
	slo_buf_puts(b, "# ");
	slo_buf_text(b, SLO_TEXT_LINE, file, strlen(file));
	slo_buf_printf(b, ":%llu:%ld: ", (unsigned long long)lineno,
	    col > 0 ? col : 1);
	slo_buf_text(b, SLO_TEXT_LINE, reason, strlen(reason));
	if (slo_buf_putc(b, '\n') != SLO_OK) {
		r->werr = ENOMEM;
		return;
	}
	iov[0] = (struct iovec){ b->data, b->len };
	iov[1] = (struct iovec){ (void *)line, len };
	iov[2] = (struct iovec){ had_cr ? "\r\n" : "\n", had_cr ? 2 : 1 };
	while (i < niov) {
		ssize_t w = writev(r->fd, iov + i, niov - i);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			r->werr = w < 0 ? errno : EIO;
			return;
		}
		/* a short write: skip what went out */
		while (i < niov && (size_t)w >= iov[i].iov_len)
			w -= (ssize_t)iov[i++].iov_len;
		if (i < niov) {
			iov[i].iov_base = (char *)iov[i].iov_base + w;
			iov[i].iov_len -= (size_t)w;
		}
	}
}

/*
 * Closes --rejects.  commit: the run read its input through, so the new
 * file takes the old one's place; else (or after a write error) the
 * temporary file goes and the old file stays as it was.  -1 after a
 * diagnostic.
 */
static int
rejects_close(struct rejects *r, slo_cli *cli, int commit)
{
	int e = r->werr, was_tmp = r->tmp;

	if (r->fd < 0)
		return 0;
	if (close(r->fd) != 0 && e == 0)
		e = errno;
	r->fd = -1;
	slo_buf_release(&r->rec);
	if (was_tmp) {
		if (commit && e == 0 && rename(sig_tmp, sig_final) != 0)
			e = errno;
		if (!commit || e != 0)
			unlink(sig_tmp);
		sig_armed = 0;
		r->tmp = 0;
	}
	if (commit && e != 0) {
		slo_cli_warn(cli, "%s: %s%s", r->path, strerror(e),
		    was_tmp ? " (not replaced)" : "");
		return -1;
	}
	return 0;
}

/* ---- input ------------------------------------------------------------ */

struct slo_input {
	slo_cli *cli;
	size_t next_operand;   /* index of the operand to open next */
	FILE *fp;              /* current stream, NULL between files */
	const char *name;      /* its name for diagnostics */
	slo_source *src;       /* its bytes, decompressed */
	slo_reader *reader;
	/*
	 * Or the current file mapped (slo_source_map()), its lines read in
	 * place: only when they are read as events (map_events), whose
	 * decoders copy what they keep; a line handed out as text must end
	 * in a NUL, which a read-only map cannot give.
	 */
	int map_events;
	const char *map;
	size_t map_len;
	size_t map_pos;        /* the next line's first byte */
	size_t map_given;      /* bytes before it given back */
	int map_cr;            /* the line had "\r\n" */
	uint64_t lineno;       /* within the current file */
	const char *line;
	size_t len;
	int cur_accepted;      /* the current line was counted as accepted */
	json_t *obj;
	slo_event_decoder *dec;
	struct rejects rejects;
	slo_line_counts counts;
	uint64_t ninputs;      /* inputs opened or tried */
	uint64_t unreadable;   /* of them, those that could not be read */
	int refused;           /* slo_input_new() refused the run */
	int io_error;
	int done;
	slo_par *par;          /* slo_input_run(): diagnostics queue there */
	uint64_t bytes_done;   /* bytes of the inputs closed, for progress */
	uint64_t bytes_total;  /* of all inputs; 0 when one is not a file */
};

/*
 * Whether to show the progress line: as asked, or on a terminal when
 * --progress and --no-progress were not given.  A tool that streams its
 * output (one taking --unbuffered: slo-ingest) leaves the terminal alone
 * when its output goes there too, since each line written would land
 * after the progress text.  The total is known when every input is a
 * regular file.
 */
static void
progress_start(slo_input *in)
{
	slo_cli *cli = in->cli;
	const char *term = getenv("TERM"), *nc = getenv("NO_COLOR");
	int show = cli->progress, escapes;
	struct stat st;

	if (show < 0)
		show = isatty(fileno(cli->err)) &&
		    !((cli->tool->common & SLO_OPT_UNBUFFERED) &&
		    isatty(fileno(cli->out)));
	if (!show)
		return;
	for (size_t i = 0; i == 0 || i < cli->noperands; i++) {
		const char *path = cli->noperands > 0 ? cli->operands[i] : "-";
		int ok = strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &st) :
		    stat(path, &st);

		if (ok != 0 || !S_ISREG(st.st_mode)) {
			in->bytes_total = 0;
			break;
		}
		in->bytes_total += (uint64_t)st.st_size;
	}
	/* NO_COLOR and a dumb terminal: no escape sequences at all */
	escapes = (nc == NULL || *nc == '\0') &&
	    (term == NULL || strcmp(term, "dumb") != 0);
	cli->progress_line = slo_progress_new(cli->err, cli->prog, escapes);
}

static void
progress_tick(slo_input *in)
{
	slo_progress_counts c;

	c.bytes = in->bytes_done +
	    (in->src != NULL ? slo_source_consumed(in->src) : 0);
	c.total = in->bytes_total;
	c.events = in->counts.accepted;
	c.rejected = in->counts.rejected;
	slo_progress_update(in->cli->progress_line, &c);
}

static void
progress_end(slo_input *in)
{
	slo_progress_free(in->cli->progress_line);
	in->cli->progress_line = NULL;
}

void
slo_input_rollup_reader(slo_input *in, slo_rollup_reader *read, void *engine)
{
	slo_event_decoder_rollup_reader(in->dec, read, engine);
}

slo_input *
slo_input_new(slo_cli *cli)
{
	slo_input *in = calloc(1, sizeof *in);

	if (in == NULL)
		return NULL;
	in->cli = cli;
	if ((in->dec = slo_event_decoder_new()) == NULL) {
		free(in);
		return NULL;
	}
	/* its events go to the engines, which merge rollups from text */
	slo_event_decoder_rollup_text(in->dec);
	in->rejects.fd = -1;
	progress_start(in);
	/* a tool that did not check its config files still gets the rest */
	if (!cli->files_checked)
		slo_cli_check_files(cli, NULL, 0);
	if (cli->files_bad || (cli->rejects_path != NULL &&
	    rejects_open(&in->rejects, cli) < 0)) {
		in->refused = 1;
		in->io_error = 1;
		in->done = 1;
	}
	return in;
}

/*
 * A mapped input (slo_source_map()) gets SIGBUS where a page lies past
 * the file's end: the file shrank after it was mapped (cut short, or
 * rewritten in place).  The run then ends at once with a message and
 * exit status 2, its temporary files (--rejects, -o) removed as after
 * any error; an input shrinking under a reader is no input to give a
 * verdict on.  The handler needs the message ready, hence the statics;
 * one input is mapped at a time.
 */
static char bus_msg[PATH_MAX + 256];
static size_t bus_len;
static int bus_fd = STDERR_FILENO;
static const slo_cli *bus_cli;
static volatile sig_atomic_t bus_armed;

static void
on_bus(int sig)
{
	const slo_atomic *o;

	if (!bus_armed) {
		/* not ours: the default action, once the fault recurs */
		signal(sig, SIG_DFL);
		return;
	}
	(void)!write(bus_fd, bus_msg, bus_len);
	if (sig_armed)
		unlink(sig_tmp);
	o = &bus_cli->out_file;
	if (o->fp != NULL && o->tmp != NULL && !o->direct)
		unlink(o->tmp);
	_exit(SLO_EXIT_ERROR);
}

static void
bus_arm(slo_cli *cli, const char *name)
{
	static int installed;
	struct sigaction sa;
	int n;

	n = slo_snprintf(bus_msg, sizeof bus_msg, "%s: %s: the file shrank "
	    "while it was read (cut short or rewritten in place); stopped\n",
	    cli->prog, name);
	bus_len = n > 0 && (size_t)n < sizeof bus_msg ? (size_t)n :
	    strlen(bus_msg);
	bus_fd = fileno(cli->err) >= 0 ? fileno(cli->err) : STDERR_FILENO;
	bus_cli = cli;
	if (!installed) {
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_bus;
		sigemptyset(&sa.sa_mask);
		installed = sigaction(SIGBUS, &sa, NULL) == 0;
	}
	bus_armed = 1;
}

static void
bus_disarm(void)
{
	bus_armed = 0;
}

static void
input_close_file(slo_input *in)
{
	if (in->map != NULL) {
		bus_disarm();
		in->map = NULL;
	}
	if (in->fp != NULL && in->fp != stdin)
		fclose(in->fp);
	in->fp = NULL;
	if (in->src != NULL)
		in->bytes_done += slo_source_consumed(in->src);
	slo_source_free(in->src);
	in->src = NULL;
	slo_reader_free(in->reader);
	in->reader = NULL;
}

void
slo_input_free(slo_input *in)
{
	if (in == NULL)
		return;
	input_close_file(in);
	progress_end(in);
	json_decref(in->obj);
	slo_event_decoder_free(in->dec);
	rejects_close(&in->rejects, in->cli, 0); /* not finished: not kept */
	free(in);
}

const char *
slo_input_file(const slo_input *in)
{
	return in->name != NULL ? in->name : "<stdin>";
}

uint64_t
slo_input_lineno(const slo_input *in)
{
	return in->lineno;
}

slo_line_counts
slo_input_counts(const slo_input *in)
{
	return in->counts;
}

static void
input_warn(slo_input *in, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/*
 * A diagnostic about the input.  During slo_input_run() it waits in the
 * pipeline behind the chunks read before it, so that stderr shows it
 * where the sequential reading would have.
 */
static void
input_warn(slo_input *in, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	slo_vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (in->par == NULL || slo_par_mark(in->par, 1, msg) != SLO_OK)
		slo_cli_warn(in->cli, "%s", msg);
}

/*
 * Map the input just opened when it is a plain regular file: its lines
 * are then read where they lie, without read(2) or a copy.  1 mapped.
 */
static int
input_map(slo_input *in)
{
	const char *data;
	size_t n;

	bus_arm(in->cli, slo_input_file(in));
	if (!slo_source_map(in->src, &data, &n)) {
		bus_disarm();
		return 0;
	}
	in->map = data;
	in->map_len = n;
	in->map_pos = in->map_given = 0;
	return 1;
}

/* The mapped bytes given back at least this many at a time. */
#define MAP_GIVE_BACK (1024 * 1024)

/* slo_reader_next() over the mapped file, but for the NUL. */
static int
map_next_line(slo_input *in)
{
	const char *p = in->map + in->map_pos, *end = in->map + in->map_len;
	const char *nl;
	size_t n;

	if (in->map_pos - in->map_given >= MAP_GIVE_BACK) {
		/* the lines before this one are done with */
		slo_source_map_done(in->src, in->map_pos);
		in->map_given = in->map_pos;
	}
	if (p == end) {
		slo_source_map_done(in->src, in->map_len);
		return 0;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	n = (size_t)((nl != NULL ? nl : end) - p);
	in->map_pos += n + (nl != NULL);
	in->map_cr = n > 0 && p[n - 1] == '\r';
	n -= (size_t)in->map_cr;
	in->line = p;
	in->len = n;
	return 1;
}

/* Opens the next operand; 0 when there is none left. */
static int
input_open_next(slo_input *in)
{
	slo_cli *cli = in->cli;

	for (;;) {
		const char *path;

		if (cli->noperands == 0 && in->next_operand == 0)
			path = "-";
		else if (in->next_operand < cli->noperands)
			path = cli->operands[in->next_operand];
		else
			return 0;
		in->next_operand++;
		in->ninputs++;
		in->lineno = 0;
		if (strcmp(path, "-") == 0) {
			in->fp = stdin;
			in->name = "<stdin>";
			if (isatty(fileno(stdin))) {
				/* before blocking on the terminal */
				if (in->par != NULL)
					slo_par_drain(in->par);
				slo_cli_warn(cli, "reading events from the terminal "
				    "(end with ^D; see --help)");
			}
		} else if ((in->fp = fopen(path, "r")) == NULL) {
			input_warn(in, "%s: %s", path, strerror(errno));
			in->io_error = 1;
			in->unreadable++;
			continue;
		} else
			in->name = path;
		if ((in->src = slo_source_new(in->fp)) == NULL ||
		    slo_source_set_unwrap(in->src, cli->unwrap) < 0) {
			slo_cli_warn(cli, "out of memory");
			input_close_file(in);
			in->io_error = 1;
			return 0;
		}
		if (in->map_events && input_map(in))
			return 1;
		if (in->par != NULL)
			return 1; /* the pipeline reads it */
		if ((in->reader = slo_reader_new_source(in->src)) == NULL) {
			slo_cli_warn(cli, "out of memory");
			input_close_file(in);
			in->io_error = 1;
			return 0;
		}
		return 1;
	}
}

/* The next line, counted; 1, or 0 at the end. */
static int
input_next_line(slo_input *in)
{
	if (in->done)
		return 0;
	for (;;) {
		int r;

		if (in->reader == NULL && in->map == NULL &&
		    !input_open_next(in)) {
			in->done = 1;
			return 0;
		}
		if (in->map != NULL)
			r = map_next_line(in);
		else
			r = slo_reader_next(in->reader, &in->line, &in->len);
		if (r == 0) {
			input_close_file(in);
			continue;
		}
		if (r < 0) {
			/* reported, and the next inputs are still read */
			slo_cli_warn(in->cli, "%s: %s", slo_input_file(in),
			    slo_source_error(in->src));
			input_close_file(in);
			in->io_error = 1;
			in->unreadable++;
			continue;
		}
		in->lineno++;
		in->counts.lines++;
		in->cur_accepted = 0;
		/* the clock every 256 lines: a few ns a line */
		if (in->cli->progress_line != NULL &&
		    (in->counts.lines & 255) == 0)
			progress_tick(in);
		return 1;
	}
}

/*
 * Report the rejected line `lineno` of file (counted already in
 * counts.rejected): the first few on stderr, all in --rejects.
 */
static void
input_report(slo_input *in, const char *file, uint64_t lineno, long col,
    const char *reason, const char *line, size_t len, int had_cr)
{
	if (in->counts.rejected <= MAX_REPORTED_REJECTS) {
		if (col > 0)
			slo_cli_warn(in->cli, "%s:%llu:%ld: %s", file,
			    (unsigned long long)lineno, col, reason);
		else
			slo_cli_warn(in->cli, "%s:%llu: %s", file,
			    (unsigned long long)lineno, reason);
	} else if (in->counts.rejected == MAX_REPORTED_REJECTS + 1)
		slo_cli_warn(in->cli, "further rejected lines not shown%s",
		    in->rejects.fd >= 0 ? "" :
		    " (keep them all with --rejects FILE)");
	rejects_put(&in->rejects, file, lineno, col, reason, line, len, had_cr);
}

static void
input_vreject(slo_input *in, long col, const char *fmt, va_list ap)
{
	char reason[512];

	slo_vsnprintf(reason, sizeof reason, fmt, ap);
	if (in->cur_accepted) {
		in->counts.accepted--;
		in->cur_accepted = 0;
	}
	in->counts.rejected++;
	input_report(in, slo_input_file(in), in->lineno, col, reason,
	    in->line, in->len, in->map != NULL ? in->map_cr :
	    in->reader != NULL && slo_reader_had_cr(in->reader));
}

void
slo_input_reject(slo_input *in, long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	input_vreject(in, col, fmt, ap);
	va_end(ap);
}

static void
input_reject(slo_input *in, long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void
input_reject(slo_input *in, long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	input_vreject(in, col, fmt, ap);
	va_end(ap);
}

/*
 * The next line that slo_line_classify() accepts as `as` asks (blank
 * lines counted, rejected ones reported), counted as accepted.  1, or 0
 * at the end.
 */
static int
input_next_accepted(slo_input *in, unsigned as, json_t **obj, slo_event *ev)
{
	for (;;) {
		slo_error err;
		int r;

		in->map_events = (as & ~SLO_LINE_SKIP_BLANK) == SLO_LINE_AS_EVENT;
		if ((r = input_next_line(in)) <= 0)
			return r;
		switch (slo_line_classify(as | SLO_LINE_SKIP_BLANK, in->line,
		    in->len, in->dec, obj, ev, &err)) {
		case SLO_LINE_BLANK:
			in->counts.blank++;
			continue;
		case SLO_LINE_REJECTED:
			input_reject(in, err.col, "%s", err.msg);
			continue;
		case SLO_LINE_ACCEPTED:
			break;
		}
		in->counts.accepted++;
		in->cur_accepted = 1;
		return 1;
	}
}

int
slo_input_next_json(slo_input *in, json_t **obj, const char **line, size_t *n)
{
	int r;

	json_decref(in->obj);
	in->obj = NULL;
	if ((r = input_next_accepted(in, SLO_LINE_AS_OBJECT, &in->obj,
	    NULL)) <= 0)
		return r;
	*obj = in->obj;
	if (line != NULL)
		*line = in->line;
	if (n != NULL)
		*n = in->len;
	return 1;
}

int
slo_input_next_line(slo_input *in, const char **line, size_t *n)
{
	int r;

	if ((r = input_next_accepted(in, SLO_LINE_AS_TEXT, NULL, NULL)) <= 0)
		return r;
	*line = in->line;
	*n = in->len;
	return 1;
}

int
slo_input_next_event(slo_input *in, slo_event *ev)
{
	const slo_expr *where = in->cli->where;
	int r;

	while ((r = input_next_accepted(in, SLO_LINE_AS_EVENT, NULL, ev)) > 0)
		if (where == NULL || ev->kind == SLO_KIND_ROLLUP ||
		    slo_expr_match_event(where, ev))
			return 1;
		else
			in->counts.filtered++;
	return r;
}

/* ---- parallel input --------------------------------------------------- */

/* Counters of a chunk (slo_par_chunk.n); the caller's tallies follow. */
enum { PN_LINES, PN_BLANK, PN_ACCEPTED, PN_FILTERED, PN_REJECTED, PN_TALLY };
_Static_assert(PN_TALLY + SLO_INPUT_TALLY <=
    sizeof ((slo_par_chunk *)0)->n / sizeof (uint64_t),
    "slo_par_chunk.n holds the tallies");

/* A rejected line in a chunk's aux buffer: this, the reason, the line. */
struct par_reject {
	uint64_t line;       /* within the chunk, from 1 */
	long col;
	size_t reason_len;
	size_t line_len;
	int had_cr;
	int by_callback;     /* 0: by the input; CB_REJECT, CB_FATAL */
};

/* Who ended a line: the callback rejected it, or stopped the run there. */
enum { CB_REJECT = 1, CB_FATAL = 2 };

/*
 * What a thread writes at every line.  Each thread makes its own at its
 * first chunk, so that it comes from the thread's own malloc arena: made
 * side by side by one thread, the decoders shared cache lines, handed
 * back and forth between the threads line after line (slo-eval -j 2 spent
 * 10 % more CPU than -j 1, 5 % once apart).
 */
struct par_thread {
	slo_event_decoder *dec;  /* for events */
};

struct par_run {
	slo_input *in;
	const slo_input_par *par;
	unsigned as;             /* SLO_LINE_AS_*: what a line must be */
	struct par_thread **th;  /* one per thread, made by it */
	slo_error *errs;         /* one per thread */
	int *failed;
	uint64_t lineno;         /* lines of the current file emitted */
	int out_closed;
	slo_error fatal;         /* a callback's SLO_EMISMATCH, at its line */
};

static int
chunk_reject(slo_par_chunk *c, uint64_t line, long col, const char *text,
    size_t n, int had_cr, int by_callback, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;

/* Records a rejected line for emission; -1 when out of memory. */
static int
chunk_reject(slo_par_chunk *c, uint64_t line, long col, const char *text,
    size_t n, int had_cr, int by_callback, const char *fmt, ...)
{
	struct par_reject r;
	char reason[512];
	va_list ap;

	va_start(ap, fmt);
	slo_vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	r.line = line;
	r.col = col;
	r.reason_len = strlen(reason);
	r.line_len = n;
	r.had_cr = had_cr;
	r.by_callback = by_callback;
	if (slo_buf_append(&c->aux, &r, sizeof r) != SLO_OK ||
	    slo_buf_append(&c->aux, reason, r.reason_len) != SLO_OK ||
	    slo_buf_append(&c->aux, text, n) != SLO_OK)
		return -1;
	c->n[PN_REJECTED]++;
	return 0;
}

/*
 * The end of every worker path: a callback's status st for an accepted
 * line.  OK goes on (0); ENOMEM stops the run (-1); EMISMATCH, when the
 * caller asks, stops it at this line, which par_emit() reports in input
 * order (1: the rest of the chunk is not worked on); anything else
 * rejects the line with the callback's reason (it was counted as
 * accepted: take it back).
 */
static int
callback_done(struct par_run *run, int t, slo_par_chunk *c, slo_status st,
    const slo_error *err, uint64_t ln, const char *line, size_t n, int cr)
{
	if (st == SLO_OK)
		return 0;
	if (st == SLO_ENOMEM) {
		run->errs[t] = *err;
		run->errs[t].status = SLO_ENOMEM;
		return -1;
	}
	c->n[PN_ACCEPTED]--;
	if (st == SLO_EMISMATCH && run->par->stop_on_mismatch)
		return chunk_reject(c, ln, err->col, line, n, cr, CB_FATAL,
		    "%s", err->msg[0] ? err->msg : slo_strerror(st)) < 0 ? -1 : 1;
	return chunk_reject(c, ln, err->col, line, n, cr, CB_REJECT, "%s",
	    err->msg[0] ? err->msg : slo_strerror(st));
}

/*
 * What the sequential readers do with one line (input_next_accepted(),
 * and slo_input_next_event()'s --where), then the caller's callback.
 */
static int
par_line(struct par_run *run, int t, slo_par_chunk *c, uint64_t ln,
    const char *line, size_t n, int cr)
{
	const slo_input_par *par = run->par;
	json_t *obj = NULL;
	slo_error err;
	slo_event ev;
	slo_status st;

	switch (slo_line_classify(run->as | SLO_LINE_SKIP_BLANK, line, n,
	    run->th[t]->dec, &obj, &ev, &err)) {
	case SLO_LINE_BLANK:
		c->n[PN_BLANK]++;
		return 0;
	case SLO_LINE_REJECTED:
		return chunk_reject(c, ln, err.col, line, n, cr, 0, "%s",
		    err.msg);
	case SLO_LINE_ACCEPTED:
		break;
	}
	c->n[PN_ACCEPTED]++;
	/* the callback sets all of err when it rejects: spare the memset */
	err.status = SLO_OK;
	err.file[0] = '\0';
	err.line = err.col = 0;
	err.msg[0] = '\0';
	if (par->line != NULL)
		st = par->line(par->states[t], line, n, &c->out, &err);
	else if (par->json != NULL) {
		st = par->json(par->states[t], obj, &c->out, &err);
		json_decref(obj);
	} else {
		const slo_expr *where = run->in->cli->where;

		if (where != NULL && ev.kind != SLO_KIND_ROLLUP &&
		    !slo_expr_match_event(where, &ev)) {
			c->n[PN_FILTERED]++;
			return 0;
		}
		if (par->event == NULL)
			return 0;
		st = par->event(par->states[t], &ev, &err);
	}
	return callback_done(run, t, c, st, &err, ln, line, n, cr);
}

/* Thread t's par_thread, made at its first chunk.  0, or -1. */
static int
par_thread_make(struct par_run *run, int t)
{
	struct par_thread *th;

	if (run->th[t] != NULL)
		return 0;
	if ((th = calloc(1, sizeof *th)) == NULL)
		return -1;
	run->th[t] = th;
	if (run->as != SLO_LINE_AS_EVENT)
		return 0;
	if ((th->dec = slo_event_decoder_new()) == NULL)
		return -1;
	slo_event_decoder_rollup_text(th->dec);
	if (run->par->read_rollup != NULL)
		slo_event_decoder_rollup_reader(th->dec, run->par->read_rollup,
		    run->par->states[t]);
	return 0;
}

static void
par_thread_free(struct par_thread *th)
{
	if (th == NULL)
		return;
	slo_event_decoder_free(th->dec);
	free(th);
}

static int
par_work(void *ctx, int t, slo_par_chunk *chunk)
{
	struct par_run *run = ctx;
	/*
	 * Work on a copy: the slots lie side by side, and counting in place
	 * would bounce their cache lines between the threads at every line.
	 */
	slo_par_chunk local = *chunk, *c = &local;
	char *p = c->data, *end = c->data + c->len;
	const slo_input_par *par = run->par;
	uint64_t ln = 0, before[SLO_INPUT_TALLY], after[SLO_INPUT_TALLY];
	int rc = 0;

	if (par_thread_make(run, t) < 0) {
		slo_error_set(&run->errs[t], SLO_ENOMEM, "", 0, 0,
		    "out of memory");
		run->failed[t] = 1;
		return -1;
	}
	if (par->tally != NULL)
		par->tally(par->states[t], before);
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl != NULL ? nl : end) - p);
		int cr = n > 0 && p[n - 1] == '\r', r;

		ln++;
		if (cr)
			n--;
		/* data[len] exists, for a last line; a mapped file's slices
		 * are read-only, and only events are read from them */
		if (!c->ro)
			p[n] = '\0';
		if ((r = par_line(run, t, c, ln, p, n, cr)) > 0)
			break; /* stopped at this line: see par_emit() */
		if (r < 0) {
			if (run->errs[t].status != SLO_ENOMEM)
				slo_error_set(&run->errs[t], SLO_ENOMEM,
				    "", 0, 0, "out of memory");
			run->failed[t] = 1;
			rc = -1;
			break;
		}
		p = nl != NULL ? nl + 1 : end;
	}
	if (rc == 0 && par->end != NULL &&
	    par->end(par->states[t], &c->out, &run->errs[t]) != SLO_OK) {
		run->failed[t] = 1;
		rc = -1;
	}
	c->n[PN_LINES] = ln;
	if (par->tally != NULL) {
		par->tally(par->states[t], after);
		for (size_t i = 0; i < par->ntally; i++)
			c->n[PN_TALLY + i] = after[i] - before[i];
	}
	chunk->out = local.out;
	chunk->aux = local.aux;
	memcpy(chunk->n, local.n, sizeof chunk->n);
	return rc;
}

/* In the calling thread, in input order. */
static int
par_emit(void *ctx, slo_par_chunk *c)
{
	struct par_run *run = ctx;
	slo_input *in = run->in;
	size_t off = 0;

	if (c->tag != 0) {
		slo_cli_warn(in->cli, "%s", c->aux.data);
		return 0;
	}
	if (c->first)
		run->lineno = 0;
	while (off < c->aux.len) {
		struct par_reject r;
		const char *reason, *line;
		char rbuf[512];

		memcpy(&r, c->aux.data + off, sizeof r);
		reason = c->aux.data + off + sizeof r;
		line = reason + r.reason_len;
		off += sizeof r + r.reason_len + r.line_len;
		memcpy(rbuf, reason, r.reason_len);
		rbuf[r.reason_len] = '\0';
		if (r.by_callback == CB_FATAL) {
			/* what the sequential caller reports at this line */
			slo_error_set(&run->fatal, SLO_EMISMATCH, c->file,
			    (long)(run->lineno + r.line), r.col > 0 ? r.col : 1,
			    "%s", rbuf);
			return -1;
		}
		in->counts.rejected++;
		input_report(in, c->file, run->lineno + r.line, r.col, rbuf,
		    line, r.line_len, r.had_cr);
		if (r.by_callback == CB_REJECT && run->par->rejected != NULL)
			run->par->rejected(run->par->ctx, line, r.line_len);
	}
	in->counts.lines += c->n[PN_LINES];
	in->counts.blank += c->n[PN_BLANK];
	in->counts.accepted += c->n[PN_ACCEPTED];
	in->counts.filtered += c->n[PN_FILTERED];
	run->lineno += c->n[PN_LINES];
	for (size_t i = 0; run->par->totals != NULL && i < run->par->ntally; i++)
		run->par->totals[i] += c->n[PN_TALLY + i];
	if (in->cli->progress_line != NULL)
		progress_tick(in);
	if (run->par->emit != NULL) {
		int r = run->par->emit(run->par->emit_ctx, &c->out, &run->fatal);
		run->out_closed = r > 0;
		return r != 0 ? -1 : 0;
	}
	if (c->out.len > 0 && slo_cli_write(in->cli, &c->out) < 0) {
		run->out_closed = 1;
		return -1;
	}
	return 0;
}

static void
map_done(void *src, size_t upto)
{
	slo_source_map_done(src, upto);
}

static ssize_t
source_read(void *src, void *buf, size_t n)
{
	errno = 0;
	return slo_source_read(src, buf, n);
}

int
slo_input_run(slo_input *in, const slo_input_par *par, slo_error *err)
{
	struct par_run run;
	slo_par_ops ops = { par_work, par_emit, &run };
	int jobs = par->jobs, rc = 0, t;
	slo_status st;

	if (in->done)
		return 0;
	if (par->ntally > SLO_INPUT_TALLY) {
		slo_error_set(err, SLO_EINVAL, "", 0, 0, "too many tallies");
		return -1;
	}
	if (jobs < 1)
		jobs = 1;
	if (jobs > SLO_PAR_MAX_JOBS)
		jobs = SLO_PAR_MAX_JOBS;
	memset(&run, 0, sizeof run);
	run.in = in;
	run.par = par;
	run.th = calloc((size_t)jobs, sizeof *run.th);
	run.errs = calloc((size_t)jobs, sizeof *run.errs);
	run.failed = calloc((size_t)jobs, sizeof *run.failed);
	if (run.th == NULL || run.errs == NULL || run.failed == NULL)
		goto nomem;
	run.as = par->line != NULL ? SLO_LINE_AS_TEXT :
	    par->json != NULL ? SLO_LINE_AS_OBJECT : SLO_LINE_AS_EVENT;
	if ((in->par = slo_par_new(jobs, par->block, &ops)) == NULL) {
		slo_error_set(err, SLO_ENOMEM, "", 0, 0,
		    "cannot start %d threads: %s", jobs, strerror(errno));
		rc = -1;
		goto out;
	}
	in->map_events = run.as == SLO_LINE_AS_EVENT;
	while (input_open_next(in)) {
		if (in->map != NULL)
			st = slo_par_feed_mem(in->par, in->map, in->map_len,
			    in->name, map_done, in->src);
		else
			st = slo_par_feed_fn(in->par, source_read, in->src,
			    in->name);
		if (st == SLO_EIO)
			input_warn(in, "%s: %s", slo_input_file(in),
			    slo_source_error(in->src));
		input_close_file(in);
		if (st == SLO_EIO) {
			/* reported, and the next inputs are still read */
			in->io_error = 1;
			in->unreadable++;
			continue;
		}
		if (st == SLO_ENOMEM)
			goto nomem;
		if (st != SLO_OK)
			break;
	}
	slo_par_drain(in->par);
	if (run.fatal.status != SLO_OK) {
		if (err != NULL)
			*err = run.fatal;
		rc = -1;
		goto out;
	}
	for (t = 0; t < jobs; t++)
		if (run.failed[t]) {
			if (err != NULL)
				*err = run.errs[t];
			rc = -1;
			goto out;
		}
	rc = run.out_closed;
	goto out;
nomem:
	slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	rc = -1;
out:
	in->done = 1;
	slo_par_free(in->par);
	in->par = NULL;
	for (t = 0; run.th != NULL && t < jobs; t++)
		par_thread_free(run.th[t]);
	free(run.th);
	free(run.errs);
	free(run.failed);
	return rc;
}

int
slo_input_finish(slo_input *in)
{
	slo_cli *cli = in->cli;
	slo_line_counts *c = &in->counts;
	uint64_t nonblank = c->lines - c->blank;
	int over;

	progress_end(in); /* the summary and the verdict replace it */
	if (rejects_close(&in->rejects, cli, 1) < 0)
		in->io_error = 1;
	if (in->unreadable > 0)
		slo_cli_warn(cli, "%llu of %llu inputs could not be read",
		    (unsigned long long)in->unreadable,
		    (unsigned long long)in->ninputs);
	if (cli->max_bad_pct)
		over = (double)c->rejected * 100.0 > cli->max_bad * (double)nonblank;
	else
		over = (double)c->rejected > cli->max_bad;
	if (c->rejected > 0)
		slo_cli_warn(cli, "%llu of %llu input lines rejected%s",
		    (unsigned long long)c->rejected, (unsigned long long)c->lines,
		    over ? ": more than --max-bad allows" : "");
	if (in->io_error || over)
		return SLO_EXIT_ERROR;
	return SLO_EXIT_PASS;
}

int
slo_input_failed(const slo_input *in)
{
	return in->refused || in->unreadable > 0;
}

/* ---- output ----------------------------------------------------------- */

/*
 * -o FILE: the temporary file beside it becomes the output at the first
 * write.  0, or -1 with the error kept for slo_cli_finish().
 */
static int
open_out_file(slo_cli *cli)
{
	if (cli->out_path == NULL || cli->out_file.fp != NULL)
		return 0;
	if (slo_atomic_open(&cli->out_file, cli->out_path) != 0) {
		cli->out_errno = errno ? errno : EIO;
		return -1;
	}
	cli->out = cli->out_file.fp;
	return 0;
}

int
slo_cli_write(slo_cli *cli, slo_buf *b)
{
	if (cli->out_closed || cli->out_errno || open_out_file(cli) != 0) {
		slo_buf_reset(b);
		return -1;
	}
	if (b->len > 0 && fwrite(b->data, 1, b->len, cli->out) != b->len) {
		if (errno == EPIPE)
			cli->out_closed = 1;
		else
			cli->out_errno = errno ? errno : EIO;
	} else if (cli->unbuffered && fflush(cli->out) != 0) {
		if (errno == EPIPE)
			cli->out_closed = 1;
		else
			cli->out_errno = errno ? errno : EIO;
	}
	slo_buf_reset(b);
	return cli->out_closed || cli->out_errno ? -1 : 0;
}

int
slo_cli_write_extra(slo_cli *cli, slo_format f, const slo_buf *b)
{
	const char *path = slo_cli_extra(cli, f);

	if (path == NULL)
		return 0;
	if (slo_atomic_write_file(path, b->data, b->len) != 0) {
		slo_cli_warn(cli, "%s: %s", path, strerror(errno));
		return SLO_EXIT_ERROR;
	}
	return 0;
}

/*
 * -o FILE at the end of the run: renamed into place after a verdict,
 * whatever it says (exit 0, 1 or 3: a breach is when fresh metrics matter
 * most); after an error (exit 2) the file is left as it was.
 */
static int
finish_out_file(slo_cli *cli, int code)
{
	const char *path = cli->out_path;
	int had = cli->out_file.fp != NULL;

	if (code == SLO_EXIT_ERROR) {
		slo_atomic_abort(&cli->out_file);
		if (had)
			slo_cli_warn(cli, "%s: left as it was (exit 2)", path);
		return code;
	}
	if (open_out_file(cli) == 0 && !cli->out_errno &&
	    slo_atomic_commit(&cli->out_file) == 0)
		return code;
	slo_atomic_abort(&cli->out_file);
	slo_cli_warn(cli, "%s: %s", path, strerror(cli->out_errno ?
	    cli->out_errno : errno ? errno : EIO));
	return SLO_EXIT_ERROR;
}

int
slo_cli_finish(slo_cli *cli, int code)
{
	if (cli->out_path != NULL)
		return finish_out_file(cli, code);
	if (!cli->out_closed && !cli->out_errno && fflush(cli->out) != 0) {
		if (errno == EPIPE)
			cli->out_closed = 1;
		else
			cli->out_errno = errno ? errno : EIO;
	}
	if (cli->out_closed) {
		/* Forget what stdio still holds, so exit() does not retry it. */
		clearerr(cli->out);
		return code;
	}
	if (cli->out_errno) {
		slo_cli_warn(cli, "write error: %s", strerror(cli->out_errno));
		return SLO_EXIT_ERROR;
	}
	return code;
}
