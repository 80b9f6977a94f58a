/*
 * test_par.c — the chunked parallel line pipeline (slo_par.h) and the
 * parallel input built on it (slo_input_run in slo_cli.h): chunks of whole
 * lines whatever the block size, emission in input order, stops, and the
 * same accounting, rejects and diagnostics as the sequential reader.
 */
/* MAP_ANONYMOUS, for the guard pages of slo_par_feed_mem()'s tests */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "eval_int.h"
#include "slo_cli.h"
#include "slo_eval.h"
#include "slo_par.h"
#include "slo_spec.h"

static FILE *
mem(const char *s, size_t n)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	if (n > 0)
		assert_int_equal(fwrite(s, 1, n, f), n);
	rewind(f);
	return f;
}

static char *
slurp(FILE *f, size_t *n)
{
	char *buf = NULL;
	size_t cap = 0, len = 0, got;

	assert_non_null(f);
	rewind(f);
	do {
		if (cap - len < 4096) {
			cap = cap * 2 + 4096;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	buf[len] = '\0';
	*n = len;
	return buf;
}

/* ---- slo_par on its own ----------------------------------------------- */

/*
 * work() copies its chunk into out and checks it is whole lines; emit()
 * appends out to `got`, checking the sequence.  With `slow`, work() sleeps
 * a little on even chunks so that later chunks finish first.
 */
struct collect {
	slo_buf got;
	uint64_t next_seq;
	int bad_chunk;     /* a chunk that was not whole lines */
	int bad_order;
	int slow;
	int unterminated;  /* a chunk without a final '\n' was emitted */
	int fail_at;       /* work() fails on this chunk (seq + 1), 0: never */
	int stop_at;       /* emit() fails on this chunk (seq + 1), 0: never */
	int marks;
};

static int
collect_work(void *ctx, int worker, slo_par_chunk *c)
{
	struct collect *k = ctx;

	(void)worker;
	if (k->fail_at != 0 && c->seq + 1 == (uint64_t)k->fail_at)
		return -1;
	if (k->slow && c->seq % 2 == 0) {
		struct timespec ts = { 0, 200000 };

		nanosleep(&ts, NULL);
	}
	c->data[c->len] = 'X'; /* data[len] is writable */
	if (slo_buf_append(&c->out, c->data, c->len) != SLO_OK)
		return -1;
	return 0;
}

static int
collect_emit(void *ctx, slo_par_chunk *c)
{
	struct collect *k = ctx;

	if (c->seq != k->next_seq++)
		k->bad_order = 1;
	if (k->stop_at != 0 && c->seq + 1 == (uint64_t)k->stop_at)
		return -1;
	if (c->tag != 0) {
		k->marks++;
		slo_buf_puts(&k->got, "<");
		slo_buf_puts(&k->got, c->aux.data);
		slo_buf_puts(&k->got, ">");
		return 0;
	}
	/* whole lines: only the last chunk of a stream may lack a '\n' */
	if (c->len == 0 || k->unterminated)
		k->bad_chunk = 1;
	else if (c->out.data[c->len - 1] != '\n')
		k->unterminated = 1;
	slo_buf_append(&k->got, c->out.data, c->out.len);
	return 0;
}

/* Feeds s through jobs threads with blocks of block bytes; returns what
 * came out (the caller frees) and checks chunking and order. */
static char *
pass_through(const char *s, size_t n, int jobs, size_t block, int slow,
    size_t *outn)
{
	struct collect k;
	slo_par_ops ops = { collect_work, collect_emit, &k };
	slo_par *p;
	FILE *f = mem(s, n);
	char *r;

	memset(&k, 0, sizeof k);
	k.slow = slow;
	p = slo_par_new(jobs, block, &ops);
	assert_non_null(p);
	assert_int_equal(slo_par_feed(p, f, "mem"), SLO_OK);
	assert_int_equal(slo_par_drain(p), SLO_OK);
	slo_par_free(p);
	fclose(f);
	assert_int_equal(k.bad_order, 0);
	assert_int_equal(k.bad_chunk, 0);
	*outn = k.got.len;
	r = malloc(k.got.len + 1);
	assert_non_null(r);
	if (k.got.len)
		memcpy(r, k.got.data, k.got.len);
	r[k.got.len] = '\0';
	slo_buf_release(&k.got);
	return r;
}

/* Chunks hold whole lines: the first chunk of "ab\ncd\n" with a block
 * of 4 is "ab\n", and "cd" is carried over. */
static int
first_chunk_work(void *ctx, int worker, slo_par_chunk *c)
{
	(void)ctx;
	(void)worker;
	return slo_buf_append(&c->out, c->data, c->len) == SLO_OK ? 0 : -1;
}

static int
first_chunk_emit(void *ctx, slo_par_chunk *c)
{
	slo_buf *chunks = ctx;

	slo_buf_append(chunks, c->out.data, c->out.len);
	slo_buf_putc(chunks, '|');
	return 0;
}

static void
test_chunks_are_whole_lines(void **state)
{
	static const struct {
		const char *in;
		size_t block;
		const char *want; /* chunks, each followed by '|' */
	} cases[] = {
		{ "ab\ncd\n", 4, "ab\n|cd\n|" },
		/* a line longer than a block arrives whole (the buffer grows
		 * until a '\n' or the end, so "b\n" comes along) */
		{ "a\n0123456789abcdef\nb\n", 4, "a\n|0123456789abcdef\nb\n|" },
		/* no final newline */
		{ "ab\ncd", 4, "ab\n|cd|" },
		{ "abcdefgh", 2, "abcdefgh|" },
		/* CRLF and blank lines pass untouched (the reader's job) */
		{ "a\r\n\r\n\n", 64, "a\r\n\r\n\n|" },
		{ "\n\n\n\n\n", 2, "\n\n|\n\n|\n|" },
		{ "", 4, "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		slo_buf chunks = { 0 };
		slo_par_ops ops = { first_chunk_work, first_chunk_emit, &chunks };
		slo_par *p = slo_par_new(1, cases[i].block, &ops);
		FILE *f = mem(cases[i].in, strlen(cases[i].in));

		assert_non_null(p);
		assert_int_equal(slo_par_feed(p, f, "mem"), SLO_OK);
		assert_int_equal(slo_par_drain(p), SLO_OK);
		slo_par_free(p);
		fclose(f);
		slo_buf_putc(&chunks, '\0');
		assert_string_equal(chunks.data, cases[i].want);
		slo_buf_release(&chunks);
	}
}

static uint64_t rng_state = 12345;

static uint64_t
rng(void)
{
	/* splitmix64 (Steele, Lea, Flood 2014) */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Random inputs (short, long, empty lines, CR, NUL bytes, with or
 * without a final newline) come out byte for byte, for 1..4 threads and
 * blocks from 1 byte up, in order even when later chunks finish first. */
/*
 * slo_par_feed_fn() with a reader that hands out 1 to 7 bytes a call, as
 * a pipe or a decompressor does: chunks of whole lines (each ends in
 * '\n' but the stream's last), and the same bytes in order.
 */
struct trickle {
	const char *s;
	size_t n, pos, calls;
};

static ssize_t
trickle_read(void *src, void *buf, size_t n)
{
	struct trickle *t = src;
	size_t k = 1 + t->calls++ % 7;

	if (k > n)
		k = n;
	if (k > t->n - t->pos)
		k = t->n - t->pos;
	memcpy(buf, t->s + t->pos, k);
	t->pos += k;
	return (ssize_t)k;
}

static void
test_feed_fn_trickle(void **state)
{
	static const char in[] = "ab\ncd\n0123456789abcdef\nb\n\n\nlast";
	slo_buf chunks = { 0 };
	slo_par_ops ops = { first_chunk_work, first_chunk_emit, &chunks };
	slo_par *p = slo_par_new(1, 4, &ops);
	struct trickle t = { in, sizeof in - 1, 0, 0 };

	(void)state;
	assert_non_null(p);
	assert_int_equal(slo_par_feed_fn(p, trickle_read, &t, "t"), SLO_OK);
	assert_int_equal(slo_par_drain(p), SLO_OK);
	slo_par_free(p);
	assert_true(t.calls > 10);
	slo_buf_putc(&chunks, '\0');
	{
		/* drop the '|' after each chunk, checking what precedes it */
		char got[sizeof in];
		size_t n = 0, nchunks = 0;

		for (const char *c = chunks.data; *c != '\0'; c++)
			if (*c == '|') {
				nchunks++;
				if (c[1] != '\0')
					assert_int_equal(c[-1], '\n');
			} else {
				assert_true(n < sizeof got - 1);
				got[n++] = *c;
			}
		got[n] = '\0';
		assert_string_equal(got, in);
		assert_true(nchunks >= 2);
	}
	slo_buf_release(&chunks);
}

static void
test_round_trip(void **state)
{
	(void)state;
	for (int round = 0; round < 60; round++) {
		size_t n = 0, cap = 20000, outn;
		char *s = malloc(cap);
		int lines = (int)(rng() % 300);
		char *r;

		assert_non_null(s);
		for (int l = 0; l < lines && n + 2100 < cap; l++) {
			size_t len = rng() % 8 == 0 ? rng() % 2000 : rng() % 40;

			for (size_t i = 0; i < len; i++) {
				static const char alpha[] = "abc {}\":,\r\t\0x";

				s[n++] = alpha[rng() % (sizeof alpha - 1)];
			}
			if (l + 1 < lines || rng() % 2)
				s[n++] = '\n';
		}
		r = pass_through(s, n, 1 + (int)(rng() % 4),
		    1 + rng() % 300, round % 3 == 0, &outn);
		assert_int_equal(outn, n);
		assert_memory_equal(r, s, n);
		free(r);
		free(s);
	}
}

/* Marks come out between the chunks they were queued between. */
static void
test_marks_in_order(void **state)
{
	struct collect k;
	slo_par_ops ops = { collect_work, collect_emit, &k };
	slo_par *p;
	FILE *a = mem("1\n2\n3\n", 6), *b = mem("4\n5", 3);

	(void)state;
	memset(&k, 0, sizeof k);
	k.slow = 1;
	p = slo_par_new(3, 2, &ops);
	assert_non_null(p);
	assert_int_equal(slo_par_mark(p, 1, "start"), SLO_OK);
	assert_int_equal(slo_par_feed(p, a, "a"), SLO_OK);
	assert_int_equal(slo_par_mark(p, 1, "between"), SLO_OK);
	assert_int_equal(slo_par_feed(p, b, "b"), SLO_OK);
	assert_int_equal(slo_par_drain(p), SLO_OK);
	slo_par_free(p);
	fclose(a);
	fclose(b);
	assert_int_equal(k.marks, 2);
	slo_buf_putc(&k.got, '\0');
	assert_string_equal(k.got.data, "<start>1\n2\n3\n<between>4\n5");
	slo_buf_release(&k.got);
}

/* A failing work() or emit() stops the run: feed and drain say so, free
 * joins every thread (a hang here is the failure). */
static void
test_stop(void **state)
{
	char big[4000];

	(void)state;
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = i % 10 == 9 ? '\n' : 'a';
	for (int which = 0; which < 2; which++) {
		for (int jobs = 1; jobs <= 4; jobs++) {
			struct collect k;
			slo_par_ops ops = { collect_work, collect_emit, &k };
			slo_par *p;
			FILE *f = mem(big, sizeof big);
			slo_status st;

			memset(&k, 0, sizeof k);
			if (which == 0)
				k.fail_at = 5;
			else
				k.stop_at = 5;
			p = slo_par_new(jobs, 20, &ops);
			assert_non_null(p);
			st = slo_par_feed(p, f, "f");
			if (st == SLO_OK)
				st = slo_par_drain(p);
			assert_int_equal(st, SLO_ELIMIT);
			assert_true(slo_par_stopped(p));
			assert_int_equal(slo_par_drain(p), SLO_ELIMIT);
			slo_par_free(p);
			fclose(f);
			assert_true(k.next_seq <= 5);
			assert_int_equal(k.bad_order, 0);
			slo_buf_release(&k.got);
		}
	}
	assert_null(slo_par_new(0, 0, &(slo_par_ops){ collect_work, collect_emit, NULL }));
	assert_null(slo_par_new(SLO_PAR_MAX_JOBS + 1, 0,
	    &(slo_par_ops){ collect_work, collect_emit, NULL }));
	slo_par_free(NULL);
}

/* Reading a directory fails on the first read: SLO_EIO with errno. */
static void
test_read_error(void **state)
{
	struct collect k;
	slo_par_ops ops = { collect_work, collect_emit, &k };
	slo_par *p;
	FILE *f = fopen(".", "r");

	(void)state;
	if (f == NULL)
		skip();
	memset(&k, 0, sizeof k);
	p = slo_par_new(2, 0, &ops);
	assert_non_null(p);
	errno = 0;
	assert_int_equal(slo_par_feed(p, f, "."), SLO_EIO);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(slo_par_drain(p), SLO_OK);
	slo_par_free(p);
	fclose(f);
	assert_int_equal(k.got.len, 0);
	slo_buf_release(&k.got);
}

/* ---- slo_input_run against the sequential reader ---------------------- */

static char path_in[64], path_in2[64], path_rej[64];

static slo_cli_tool tool = {
	"t", "[file ...]", "", SLO_OPT_INPUT | SLO_OPT_JOBS,
	SLO_FMT_BIT(SLO_FMT_NDJSON), NULL, NULL, NULL, NULL
};

static int
setup(void **state)
{
	int fd;

	(void)state;
	snprintf(path_in, sizeof path_in, "/tmp/test_par_in.XXXXXX");
	snprintf(path_in2, sizeof path_in2, "/tmp/test_par_in2.XXXXXX");
	snprintf(path_rej, sizeof path_rej, "/tmp/test_par_rej.XXXXXX");
	if ((fd = mkstemp(path_in)) < 0)
		return -1;
	close(fd);
	if ((fd = mkstemp(path_in2)) < 0)
		return -1;
	close(fd);
	if ((fd = mkstemp(path_rej)) < 0)
		return -1;
	close(fd);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(path_in);
	unlink(path_in2);
	unlink(path_rej);
	return 0;
}

static void
write_file(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	fclose(f);
}

/* Per-thread state of the event callback: a count, and rejects. */
struct counter {
	uint64_t events;
	uint64_t status_sum;
	int nomem_at;     /* status value that makes the callback run out */
};

static slo_status
count_event(void *state, const slo_event *ev, slo_error *err)
{
	struct counter *c = state;

	if (c->nomem_at != 0 && (ev->has & SLO_HAS_STATUS) &&
	    ev->status == c->nomem_at)
		return slo_error_set(err, SLO_ENOMEM, "", 0, 0, "out of memory");
	/* a tool's own rejection, as slo-eval rejects a request without ts */
	if (ev->kind == SLO_KIND_REQUEST && !(ev->has & SLO_HAS_TS))
		return slo_error_set(err, SLO_EINVAL, "", 0, 0,
		    "request without 'ts'");
	c->events++;
	c->status_sum += (uint64_t)ev->status;
	return SLO_OK;
}

static slo_status
echo_json(void *state, json_t *obj, slo_buf *out, slo_error *err)
{
	struct counter *c = state;
	json_t *v = json_object_get(obj, "v");

	if (v == NULL)
		return slo_error_set(err, SLO_EINVAL, "", 0, 3,
		    "no 'v': in the object");
	c->events++;
	return slo_buf_printf(out, "%lld\n", (long long)json_integer_value(v));
}

struct tally {
	slo_buf lines;
};

static void
tally(void *ctx, const char *line, size_t n)
{
	struct tally *t = ctx;

	slo_buf_append(&t->lines, line, n);
	slo_buf_putc(&t->lines, '|');
}

/* What one run printed and counted. */
struct result {
	char *err;
	char *out;
	char *rej;
	slo_line_counts counts;
	uint64_t events, status_sum;
	int finish;
	int run;
	slo_status fatal;
	char *tallied;
};

static void
result_free(struct result *r)
{
	free(r->err);
	free(r->out);
	free(r->rej);
	free(r->tallied);
}

/*
 * Reads argv's operands either sequentially (jobs 0, next_event or
 * next_json) or through slo_input_run with jobs threads and blocks of
 * block bytes.
 */
static struct result
read_all(int argc, char **argv, int json, int jobs, size_t block,
    int nomem_at)
{
	struct result r;
	FILE *errf = tmpfile(), *outf = tmpfile();
	slo_cli *cli;
	slo_input *in;
	struct counter states[8];
	void *sp[8];
	struct tally t = { { 0 } };
	size_t n;
	int rc;

	memset(&r, 0, sizeof r);
	memset(states, 0, sizeof states);
	assert_non_null(errf);
	assert_non_null(outf);
	cli = slo_cli_new(&tool, outf, errf);
	assert_non_null(cli);
	rc = slo_cli_parse(cli, argc, argv);
	assert_int_equal(rc, -1);
	in = slo_input_new(cli);
	assert_non_null(in);
	for (int i = 0; i < 8; i++) {
		states[i].nomem_at = nomem_at;
		sp[i] = &states[i];
	}
	if (jobs == 0 && json) {
		json_t *obj;
		slo_buf out = { 0 };
		slo_error err;

		while (slo_input_next_json(in, &obj, NULL, NULL) == 1) {
			if (echo_json(&states[0], obj, &out, &err) != SLO_OK) {
				slo_input_reject(in, err.col, "%s", err.msg);
				continue;
			}
			slo_cli_write(cli, &out);
		}
		slo_buf_release(&out);
	} else if (jobs == 0) {
		slo_event ev;
		slo_error err;

		while (slo_input_next_event(in, &ev) == 1) {
			if (count_event(&states[0], &ev, &err) != SLO_OK) {
				if (err.status == SLO_ENOMEM) {
					r.fatal = SLO_ENOMEM;
					break;
				}
				slo_input_reject(in, 0, "%s", err.msg);
			}
		}
	} else {
		slo_input_par par = { 0 };
		slo_error err;

		slo_error_clear(&err);
		par.jobs = jobs;
		par.block = block;
		par.states = sp;
		if (json)
			par.json = echo_json;
		else
			par.event = count_event;
		par.rejected = tally;
		par.ctx = &t;
		r.run = slo_input_run(in, &par, &err);
		if (r.run < 0)
			r.fatal = err.status;
		/* the input is spent */
		{
			slo_event ev;

			assert_int_equal(slo_input_next_event(in, &ev), 0);
		}
	}
	for (int i = 0; i < 8; i++) {
		r.events += states[i].events;
		r.status_sum += states[i].status_sum;
	}
	r.counts = slo_input_counts(in);
	r.finish = slo_input_finish(in);
	slo_input_free(in);
	slo_cli_finish(cli, 0);
	slo_cli_free(cli);
	r.err = slurp(errf, &n);
	r.out = slurp(outf, &n);
	fclose(errf);
	fclose(outf);
	{
		FILE *f = fopen(path_rej, "r");

		r.rej = f != NULL ? slurp(f, &n) : NULL;
		if (f != NULL)
			fclose(f);
	}
	slo_buf_putc(&t.lines, '\0');
	r.tallied = t.lines.data;
	return r;
}

static void
same_result(const struct result *a, const struct result *b)
{
	assert_string_equal(a->err, b->err);
	assert_string_equal(a->out, b->out);
	if (a->rej != NULL || b->rej != NULL)
		assert_string_equal(a->rej, b->rej);
	assert_int_equal(a->counts.lines, b->counts.lines);
	assert_int_equal(a->counts.accepted, b->counts.accepted);
	assert_int_equal(a->counts.rejected, b->counts.rejected);
	assert_int_equal(a->counts.blank, b->counts.blank);
	assert_int_equal(a->counts.filtered, b->counts.filtered);
	assert_int_equal(a->events, b->events);
	assert_int_equal(a->status_sum, b->status_sum);
	assert_int_equal(a->finish, b->finish);
}

/* An input with every kind of line: blank, CRLF, bad JSON, invalid
 * UTF-8, not an object, an event the callback rejects, a long line, and
 * no final newline. */
static size_t
make_input(char *buf, size_t cap, int lines, int final_newline)
{
	size_t n = 0;

	for (int i = 1; i <= lines; i++) {
		const char *crlf = i % 13 == 0 ? "\r" : "";
		int w;

		switch (i % 11) {
		case 3:
			w = snprintf(buf + n, cap - n, "%s\n", i % 2 ? "" : " \t\r");
			break;
		case 5:
			w = snprintf(buf + n, cap - n, "{\"kind\":\"request\",%s\n", crlf);
			break;
		case 7:
			w = snprintf(buf + n, cap - n,
			    "{\"kind\":\"request\",\"status\":%d,\"route\":\"\xc3\"}\n", i);
			break;
		case 8:
			w = snprintf(buf + n, cap - n, "[%d]%s\n", i, crlf);
			break;
		case 9: /* no ts: the callback rejects it */
			w = snprintf(buf + n, cap - n,
			    "{\"kind\":\"request\",\"status\":%d,\"v\":%d}%s\n", i, i, crlf);
			break;
		case 10: /* long: crosses many blocks */
			w = snprintf(buf + n, cap - n,
			    "{\"kind\":\"request\",\"ts\":%d,\"status\":%d,\"v\":%d,"
			    "\"labels\":{\"pad\":\"%0300d\"}}%s\n", 1700000000 + i, i, i, 0, crlf);
			break;
		default:
			w = snprintf(buf + n, cap - n,
			    "{\"kind\":\"request\",\"ts\":%d,\"status\":%d,\"v\":%d}%s\n",
			    1700000000 + i, i, i, crlf);
		}
		assert_true(w > 0 && (size_t)w < cap - n);
		n += (size_t)w;
	}
	if (!final_newline && n > 0 && buf[n - 1] == '\n')
		n--;
	return n;
}

static void
test_input_run_same_as_sequential(void **state)
{
	static char buf[200000];
	char *argv[] = { "t", "--rejects", path_rej, "--max-bad", "100%",
	    path_in, NULL };
	char *argv_where[] = { "t", "--rejects", path_rej, "--max-bad", "100%",
	    "--where", "status < 500", path_in, NULL };
	static const size_t blocks[] = { 1, 7, 64, 333, 4096, 0 };

	(void)state;
	for (int json = 0; json < 2; json++) {
		for (int fin = 0; fin < 2; fin++) {
			size_t n = make_input(buf, sizeof buf, 700, fin);
			struct result seq, w_seq;

			write_file(path_in, buf, n);
			seq = read_all(6, argv, json, 0, 0, 0);
			w_seq = read_all(8, argv_where, json, 0, 0, 0);
			/* what the sequential run found: the known answer */
			assert_int_equal(seq.counts.lines, 700);
			assert_int_equal(seq.counts.lines, seq.counts.accepted +
			    seq.counts.rejected + seq.counts.blank);
			assert_int_equal(seq.counts.blank, 64);   /* i % 11 == 3 */
			/* 5, 7, 8 and 9 of every 11; utf-8 checked by json only:
			 * events decode "\xc3" as invalid utf-8 too */
			assert_int_equal(seq.counts.rejected, json ? 191 : 254);
			for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
				for (int jobs = 1; jobs <= 4; jobs++) {
					struct result par = read_all(6, argv, json,
					    jobs, blocks[b], 0);

					assert_int_equal(par.run, 0);
					same_result(&seq, &par);
					/* the callback's rejects, in order */
					if (!json)
						assert_non_null(strstr(par.tallied,
					    "{\"kind\":\"request\",\"status\":9,\"v\":9}|"
					    "{\"kind\":\"request\",\"status\":20,\"v\":20}|"));
					result_free(&par);
					if (json)
						continue;
					par = read_all(8, argv_where, json, jobs,
					    blocks[b], 0);
					same_result(&w_seq, &par);
					result_free(&par);
				}
			}
			result_free(&seq);
			result_free(&w_seq);
		}
	}
}

/* Two files and a missing one between them: line numbers restart, and the
 * diagnostic comes out between the two files' rejects. */
static void
test_input_run_files(void **state)
{
	char *argv[] = { "t", "--rejects", path_rej, "--max-bad", "100%",
	    path_in, "/nonexistent/x", path_in2, NULL };
	static const char a[] = "{\"kind\":\"deploy\",\"result\":\"success\"}\n"
	    "[1]\n{\"kind\":\"flag\",\"flag\":\"f\"}\n";
	static const char b[] = "\n[2]\n{\"kind\":\"request\"}";
	struct result seq;

	(void)state;
	write_file(path_in, a, strlen(a));
	write_file(path_in2, b, strlen(b));
	seq = read_all(8, argv, 0, 0, 0, 0);
	assert_int_equal(seq.counts.lines, 6);
	assert_int_equal(seq.finish, SLO_EXIT_ERROR); /* the missing file */
	{
		char want[512];

		snprintf(want, sizeof want,
		    "t: %s:2:1: not a json object\n"
		    "t: /nonexistent/x: No such file or directory\n"
		    "t: %s:2:1: not a json object\n"
		    "t: %s:3: request without 'ts'\n", path_in, path_in2, path_in2);
		assert_memory_equal(seq.err, want, strlen(want));
	}
	for (int jobs = 1; jobs <= 3; jobs++) {
		struct result par = read_all(8, argv, 0, jobs, 3, 0);

		same_result(&seq, &par);
		result_free(&par);
	}
	result_free(&seq);
}

/* The callback running out of memory stops the run with -1 and the
 * error; every thread is joined. */
static void
test_input_run_fatal(void **state)
{
	static char buf[200000];
	char *argv[] = { "t", "--max-bad", "100%", path_in, NULL };
	size_t n = make_input(buf, sizeof buf, 700, 1);

	(void)state;
	write_file(path_in, buf, n);
	for (int jobs = 1; jobs <= 4; jobs++) {
		struct result par = read_all(4, argv, 0, jobs, 100, 600);

		assert_int_equal(par.run, -1);
		assert_int_equal(par.fatal, SLO_ENOMEM);
		result_free(&par);
	}
}

/* Empty input and input of blank lines only. */
static void
test_input_run_empty(void **state)
{
	char *argv[] = { "t", path_in, NULL };

	(void)state;
	for (int k = 0; k < 2; k++) {
		write_file(path_in, "\n\r\n \n", k == 0 ? 0 : 5);
		for (int jobs = 1; jobs <= 2; jobs++) {
			struct result par = read_all(2, argv, 0, jobs, 2, 0);

			assert_int_equal(par.run, 0);
			assert_int_equal(par.counts.lines, k == 0 ? 0 : 3);
			assert_int_equal(par.counts.blank, k == 0 ? 0 : 3);
			assert_int_equal(par.finish, SLO_EXIT_PASS);
			assert_string_equal(par.err, "");
			result_free(&par);
		}
	}
}

/* A callback that stops the run at status 777 (SLO_EMISMATCH). */
static slo_status
mismatch_event(void *state, const slo_event *ev, slo_error *err)
{
	(void)state;
	if ((ev->has & SLO_HAS_STATUS) && ev->status == 777)
		return slo_error_set(err, SLO_EMISMATCH, "", 0, 0,
		    "status %d does not mix", ev->status);
	return SLO_OK;
}

/*
 * With stop_on_mismatch, a callback's SLO_EMISMATCH stops the run at its
 * line whatever the chunking: the rejects before it on stderr, then -1
 * with the error at FILE:LINE:1.  Without it, the line is rejected.
 */
static void
test_input_run_mismatch(void **state)
{
	static char buf[200000];
	char *argv[] = { "t", "--max-bad", "100%", path_in, NULL };
	static const size_t blocks[] = { 1, 7, 333, 0 };
	char *first = NULL;
	uint64_t rejected = 0;
	size_t n;

	(void)state;
	n = make_input(buf, sizeof buf, 700, 1);
	/* line 501, a request with ts (501 % 11 == 6), gets status 777 */
	{
		char *p = buf;

		for (int ln = 1; ln < 501; ln++)
			p = strchr(p, '\n') + 1;
		assert_memory_equal(p, "{\"kind\":\"request\",\"ts\":", 23);
		p = strstr(p, "\"status\":501");
		assert_non_null(p);
		memcpy(p + 9, "777", 3);
	}
	write_file(path_in, buf, n);
	for (int stop = 1; stop >= 0; stop--)
		for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++)
			for (int jobs = 1; jobs <= 4; jobs += 3) {
				FILE *errf = tmpfile(), *outf = tmpfile();
				slo_cli *cli = slo_cli_new(&tool, outf, errf);
				slo_input_par par = { 0 };
				void *sp[4] = { 0 };
				slo_input *in;
				slo_error err;
				char *text;
				size_t len;
				int r;

				assert_int_equal(slo_cli_parse(cli, 4, argv), -1);
				in = slo_input_new(cli);
				par.jobs = jobs;
				par.block = blocks[b];
				par.states = sp;
				par.event = mismatch_event;
				par.stop_on_mismatch = stop;
				slo_error_clear(&err);
				r = slo_input_run(in, &par, &err);
				if (stop) {
					assert_int_equal(r, -1);
					assert_int_equal(err.status, SLO_EMISMATCH);
					assert_string_equal(err.file, path_in);
					assert_int_equal(err.line, 501);
					assert_int_equal(err.col, 1);
					assert_string_equal(err.msg,
					    "status 777 does not mix");
				} else {
					/* a reject like any: the run goes on */
					slo_line_counts c = slo_input_counts(in);

					assert_int_equal(r, 0);
					assert_int_equal(c.lines, 700);
					if (rejected == 0)
						rejected = c.rejected;
					assert_int_equal(c.rejected, rejected);
				}
				slo_input_free(in);
				slo_cli_finish(cli, 0);
				slo_cli_free(cli);
				text = slurp(errf, &len);
				/* the same diagnostics whatever the chunking */
				if (stop && first == NULL)
					first = text;
				else {
					if (stop)
						assert_string_equal(text, first);
					free(text);
				}
				fclose(errf);
				fclose(outf);
			}
	free(first);
}

/* ---- slo_eval_merge ---------------------------------------------------- */

static const char merge_spec[] =
    "slos:\n"
    "  - name: avail\n"
    "    good: 'status < 500'\n"
    "    objective: 99\n"
    "    window: 1h\n"
    "    alerts: none\n"
    "    group_by: [route]\n"
    "  - name: lat\n"
    "    latency: {threshold: 100ms}\n"
    "    objective: 90\n"
    "    window: 2h\n"
    "    alerts: none\n";

static char *
render(slo_eval *e)
{
	slo_buf out = { 0 };
	slo_error err;

	assert_int_equal(slo_eval_finish(e, &err), SLO_OK);
	assert_int_equal(slo_eval_render(e, SLO_FMT_NDJSON, 0, &out), SLO_OK);
	slo_buf_putc(&out, '\0');
	return out.data;
}

/*
 * Events over three hours in shuffled order, fed to one engine, and split
 * over k engines merged in reverse order: the same rendering, out_of_window
 * and the quantiles included.  Known answer (counted independently with
 * python3 over the same formulas): the newest event is at 02:59:47; the
 * 2 h series retains minutes 60..179, which hold 664 of the 1,000 events,
 * 268 of them with latency <= 100 ms; the other 336 are out of window.
 */
static void
test_eval_merge(void **state)
{
	slo_spec *spec = slo_spec_new();
	slo_error err;
	slo_eval *one, *parts[3], *sum;
	slo_event_decoder *dec = slo_event_decoder_new();
	char line[256], *want, *got;

	(void)state;
	assert_non_null(spec);
	assert_int_equal(slo_spec_load_string(spec, "mem", merge_spec,
	    strlen(merge_spec), &err), SLO_OK);
	assert_int_equal(slo_spec_finish(spec, &err), SLO_OK);
	for (int k = 1; k <= 3; k++) {
		one = slo_eval_new(spec, NULL, &err);
		assert_non_null(one);
		for (int i = 0; i < k; i++)
			assert_non_null(parts[i] = slo_eval_new(spec, NULL, &err));
		for (int i = 0; i < 1000; i++) {
			/* a permutation of the minutes 0..179, repeated */
			int m = (i * 97) % 180;
			slo_event ev;

			snprintf(line, sizeof line,
			    "{\"kind\":\"request\",\"ts\":\"2026-11-25T%02d:%02d:%02dZ\","
			    "\"route\":\"/%c\",\"status\":%d,\"latency_ms\":%d}",
			    m / 60, m % 60, i % 60, 'a' + i % 3,
			    i % 17 == 0 ? 503 : 200, (i * 37) % 250);
			assert_int_equal(slo_event_decode(dec, line, strlen(line),
			    &ev, &err), SLO_OK);
			assert_int_equal(slo_eval_add(one, &ev, &err), SLO_OK);
			assert_int_equal(slo_eval_add(parts[(i / 7) % k], &ev,
			    &err), SLO_OK);
		}
		want = render(one);
		/* merge in reverse order, to show the order does not matter */
		sum = slo_eval_new(spec, NULL, &err);
		assert_non_null(sum);
		for (int i = k - 1; i >= 0; i--)
			assert_int_equal(slo_eval_merge(sum, parts[i], &err), SLO_OK);
		got = render(sum);
		assert_string_equal(got, want);
		{
			const char *lat = strstr(got, "{\"slo\":\"lat\"");

			assert_non_null(lat);
			assert_non_null(strstr(lat, "\"events\":664,\"good_events\":268,"));
			assert_non_null(strstr(lat, "\"out_of_window\":336"));
		}
		/* a finished engine does not merge */
		assert_int_equal(slo_eval_merge(sum, parts[0], &err), SLO_EINVAL);
		assert_non_null(strstr(want, "\"out_of_window\":"));
		free(want);
		free(got);
		slo_eval_free(sum);
		slo_eval_free(one);
		for (int i = 0; i < k; i++)
			slo_eval_free(parts[i]);
	}
	/* an engine of another spec does not merge */
	{
		slo_spec *other = slo_spec_new();
		slo_eval *a, *b;

		assert_int_equal(slo_spec_load_string(other, "mem", merge_spec,
		    strlen(merge_spec), &err), SLO_OK);
		assert_int_equal(slo_spec_finish(other, &err), SLO_OK);
		a = slo_eval_new(spec, NULL, &err);
		b = slo_eval_new(other, NULL, &err);
		assert_int_equal(slo_eval_merge(a, b, &err), SLO_EMISMATCH);
		slo_eval_free(a);
		slo_eval_free(b);
		slo_spec_free(other);
	}
	slo_event_decoder_free(dec);
	slo_spec_free(spec);
}

/* ---- slo_par_tasks and the engine's runner ---------------------------- */

struct hits {
	int n[200];
	size_t fail_at; /* SIZE_MAX: none fails */
	int bad_thread;
	int jobs;
};

static int
count_task(void *ctx, int thread, size_t i)
{
	struct hits *h = ctx;

	if (thread < 0 || thread >= h->jobs)
		h->bad_thread = 1;
	h->n[i]++; /* task i runs once: no other thread writes n[i] */
	return i == h->fail_at ? -1 : 0;
}

/*
 * Every task runs exactly once whatever the threads, each thread number
 * below jobs; a failing task makes the run fail and, on one thread,
 * stops it there.
 */
static void
test_tasks(void **state)
{
	static const size_t counts[] = { 0, 1, 2, 7, 200 };

	(void)state;
	for (int jobs = 1; jobs <= 5; jobs++)
		for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
			struct hits h = { .fail_at = SIZE_MAX, .jobs = jobs };

			assert_int_equal(slo_par_tasks(jobs, counts[c], count_task,
			    &h), 0);
			for (size_t i = 0; i < counts[c]; i++)
				assert_int_equal(h.n[i], 1);
			assert_int_equal(h.bad_thread, 0);
		}
	for (int jobs = 1; jobs <= 4; jobs++) {
		struct hits h = { .fail_at = 50, .jobs = jobs };
		int ran = 0;

		assert_int_equal(slo_par_tasks(jobs, 200, count_task, &h), -1);
		for (size_t i = 0; i < 200; i++) {
			assert_true(h.n[i] <= 1);
			ran += h.n[i];
		}
		assert_int_equal(h.n[50], 1);
		/* the others take at most one task each after the failure */
		assert_true(ran <= 51 + jobs - 1);
		if (jobs == 1)
			assert_int_equal(ran, 51);
	}
}

static const char runner_spec[] =
    "slos:\n"
    "  - name: avail\n"
    "    good: 'status < 500'\n"
    "    objective: 99\n"
    "    window: 1d\n"
    "    group_by: [route]\n"
    "  - name: lat\n"
    "    latency: {threshold: 100ms}\n"
    "    quantiles: [0.5, 0.99]\n"
    "    objective: 90\n"
    "    window: 2h\n"
    "    group_by: [route, region]\n"
    "  - name: cost\n"
    "    cost: {per: request, max: 0.001, currency: USD}\n"
    "    window: 3h\n"
    "    group_by: [region]\n";

/* k engines fed the same 3,000 events in turn (cfg: max_groups). */
static void
runner_parts(const slo_spec *spec, const slo_eval_config *cfg,
    slo_eval **parts, int k)
{
	slo_event_decoder *dec = slo_event_decoder_new();
	char line[256];
	slo_error err;

	for (int i = 0; i < k; i++)
		assert_non_null(parts[i] = slo_eval_new(spec, cfg, &err));
	for (int i = 0; i < 3000; i++) {
		int m = (i * 97) % 180;
		slo_event ev;

		if (i % 5 == 0)
			snprintf(line, sizeof line,
			    "{\"kind\":\"cost\",\"ts\":\"2026-11-25T%02d:%02d:00Z\","
			    "\"region\":\"r%d\",\"amount\":0.0%d,"
			    "\"currency\":\"USD\"}", m / 60, m % 60, i % 4, i % 7);
		else
			snprintf(line, sizeof line,
			    "{\"kind\":\"request\",\"ts\":\"2026-11-25T%02d:%02d:%02dZ\","
			    "\"route\":\"/%c\",\"region\":\"r%d\",\"status\":%d,"
			    "\"latency_ms\":%d}", m / 60, m % 60, i % 60, 'a' + i % 9,
			    i % 4, i % 17 == 0 ? 503 : 200, (i * 37) % 250);
		assert_int_equal(slo_event_decode(dec, line, strlen(line), &ev,
		    &err), SLO_OK);
		assert_int_equal(slo_eval_add(parts[(i / 11) % k], &ev, &err),
		    SLO_OK);
	}
	slo_event_decoder_free(dec);
}

/* The sum of the numeric field key ("\"total\":") over the verdict lines
 * of SLO name in an ndjson rendering. */
static unsigned long
sum_field(const char *out, const char *name, const char *key)
{
	char slo[64];
	unsigned long sum = 0;
	const char *p = out;

	snprintf(slo, sizeof slo, "{\"slo\":\"%s\"", name);
	while ((p = strstr(p, slo)) != NULL) {
		const char *end = strchr(p, '\n'), *f = strstr(p, key);

		assert_non_null(f);
		assert_true(end == NULL || f < end);
		sum += strtoul(f + strlen(key), NULL, 10);
		p += strlen(slo);
	}
	return sum;
}

/*
 * The same parts merged into the first, finished and freed on 2 to 4
 * threads (slo_eval_set_runner with slo_par_tasks, as slo-eval -j runs
 * them) render byte for byte as when all of it runs in one thread:
 * latency quantiles, cost windows, and groups past max_groups, where
 * several series of a part fold into the one overflow series.  The
 * reference is the engine's own sequential path, checked against one
 * engine fed everything by test_eval_merge.
 */
static void
test_eval_runner(void **state)
{
	slo_spec *spec = slo_spec_new();
	slo_eval_config cfg;
	slo_error err;

	(void)state;
	assert_int_equal(slo_spec_load_string(spec, "mem", runner_spec,
	    strlen(runner_spec), &err), SLO_OK);
	assert_int_equal(slo_spec_finish(spec, &err), SLO_OK);
	for (size_t maxg = 0; maxg <= 5; maxg += 5) {
		slo_eval_config_init(&cfg);
		cfg.max_groups = maxg; /* 0: the default, no overflow */
		for (int k = 2; k <= 4; k++) {
			slo_eval *ref[4], *par[4];
			char *want, *got;

			runner_parts(spec, &cfg, ref, k);
			runner_parts(spec, &cfg, par, k);
			for (int i = 0; i < k; i++)
				slo_eval_set_runner(par[i], slo_par_tasks, k);
			for (int i = 1; i < k; i++) {
				assert_int_equal(slo_eval_merge(ref[0], ref[i], &err),
				    SLO_OK);
				assert_int_equal(slo_eval_merge(par[0], par[i], &err),
				    SLO_OK);
			}
			want = render(ref[0]);
			got = render(par[0]);
			assert_string_equal(got, want);
			assert_non_null(strstr(want, "\"p99\":"));
			assert_non_null(strstr(want, "\"cost_events\":"));
			if (maxg > 0)
				assert_non_null(strstr(want, "\"overflow\":true"));
			else
				assert_null(strstr(want, "\"overflow\":true"));
			/*
			 * Every request counted once by avail, in its group or
			 * the overflow group: 3,000 events over three hours of
			 * which every fifth is a cost event leave 2,400
			 * requests, all in the 1 d window.
			 */
			assert_int_equal(sum_field(got, "avail", "\"total\":"),
			    2400);
			free(want);
			free(got);
			for (int i = 0; i < k; i++) {
				slo_eval_free(ref[i]);
				slo_eval_free(par[i]);
			}
		}
	}
	slo_spec_free(spec);
}

/* ---- slo_par_feed_mem ------------------------------------------------- */

/*
 * Slices of bytes in memory: the text lies at the very end of a mapping
 * whose next page is PROT_NONE, so that reading a byte past it faults;
 * work() must find ro set, and the slices are whole lines in order, the
 * same bytes, with done() told each slice's end in order up to n.
 */
struct memk {
	slo_buf got;
	const char *base;
	size_t n, last_upto, nslices;
	uint64_t next_seq;
	int bad;
};

static int
memk_work(void *ctx, int worker, slo_par_chunk *c)
{
	(void)ctx;
	(void)worker;
	if (!c->ro)
		return -1;
	return slo_buf_append(&c->out, c->data, c->len) == SLO_OK ? 0 : -1;
}

static int
memk_emit(void *ctx, slo_par_chunk *c)
{
	struct memk *k = ctx;
	const char *end = c->data + c->len;

	if (c->seq != k->next_seq++ || c->out.len != c->len ||
	    c->first != (c->data == k->base) ||
	    (end != k->base + k->n && end[-1] != '\n'))
		k->bad = 1;
	k->nslices++;
	slo_buf_append(&k->got, c->out.data, c->out.len);
	return 0;
}

static void
memk_done(void *ctx, size_t upto)
{
	struct memk *k = ctx;

	if (upto <= k->last_upto || upto > k->n || upto != k->got.len)
		k->bad = 1;
	k->last_upto = upto;
}

/* n bytes of s copied to end where a PROT_NONE page begins. */
static char *
guarded(const char *s, size_t n, void **map, size_t *mapn)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t room = (n + page - 1) / page * page + page;
	char *m = mmap(NULL, room + page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(m != MAP_FAILED);
	assert_int_equal(mprotect(m + room, page, PROT_NONE), 0);
	memcpy(m + room - n, s, n);
	assert_int_equal(mprotect(m, room, PROT_READ), 0);
	*map = m;
	*mapn = room + page;
	return m + room - n;
}

static void
feed_mem_case(const char *s, size_t n, int jobs, size_t block,
    size_t min_slices)
{
	struct memk k;
	slo_par_ops ops = { memk_work, memk_emit, &k };
	slo_par *p = slo_par_new(jobs, block, &ops);
	void *map;
	size_t mapn;
	const char *d = guarded(s, n, &map, &mapn);

	memset(&k, 0, sizeof k);
	k.base = d;
	k.n = n;
	assert_non_null(p);
	assert_int_equal(slo_par_feed_mem(p, d, n, "m", memk_done, &k), SLO_OK);
	slo_par_free(p);
	assert_int_equal(k.bad, 0);
	assert_int_equal(k.got.len, n);
	assert_true(n == 0 || memcmp(k.got.data, s, n) == 0);
	assert_int_equal(k.last_upto, n);
	assert_true(k.nslices >= min_slices);
	slo_buf_release(&k.got);
	munmap(map, mapn);
}

static void
test_feed_mem(void **state)
{
	size_t cap = 600000, n = 0;
	char *s = malloc(cap);

	(void)state;
	assert_non_null(s);
	/* lines of 0 to 300 bytes, some CRLF, and a few of 70 kB, longer
	 * than the smallest slice (64 KiB) */
	while (n < cap - 80000) {
		size_t len = rng() % 16 == 0 ? 70000 : rng() % 300;

		memset(s + n, 'a' + (int)(rng() % 26), len);
		n += len;
		if (rng() % 10 == 0)
			s[n++] = '\r';
		s[n++] = '\n';
	}
	for (int jobs = 1; jobs <= 3; jobs++) {
		/* 520 kB in slices of 64 KiB at least: 2 at least */
		feed_mem_case(s, n, jobs, 65536, 2);
		feed_mem_case(s, n, jobs, 0, 1);
		/* no final '\n': the last line ends where the mapping does */
		feed_mem_case(s, n - 1, jobs, 65536, 2);
		/* one line of 200 kB, without '\n' */
		memset(s, 'x', 200000);
		feed_mem_case(s, 200000, jobs, 65536, 1);
		feed_mem_case(s, 0, jobs, 65536, 0);
	}
	free(s);
}

/*
 * A stopped run returns once no worker reads a slice: the caller unmaps.
 * Slices after the first two are read only after 50 ms, long after the
 * run stopped at the second.
 */
static int
late_work(void *ctx, int worker, slo_par_chunk *c)
{
	if (c->seq >= 2) {
		struct timespec ts = { 0, 50000000 };

		nanosleep(&ts, NULL);
	}
	return memk_work(ctx, worker, c);
}

static int
stop_emit(void *ctx, slo_par_chunk *c)
{
	(void)ctx;
	return c->seq == 1 ? -1 : 0;
}

static void
test_feed_mem_stop(void **state)
{
	size_t n = 2000000;
	char *s = malloc(n);
	slo_par_ops ops = { late_work, stop_emit, NULL };
	slo_par *p;
	void *map;
	size_t mapn;
	const char *d;

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		s[i] = i % 100 == 99 ? '\n' : 'a';
	d = guarded(s, n, &map, &mapn);
	p = slo_par_new(2, 65536, &ops);
	assert_non_null(p);
	assert_int_equal(slo_par_feed_mem(p, d, n, "m", NULL, NULL), SLO_ELIMIT);
	/* no worker holds a slice now: unmapped, a read would fault */
	munmap(map, mapn);
	slo_par_free(p);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunks_are_whole_lines),
		cmocka_unit_test(test_feed_fn_trickle),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_marks_in_order),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_input_run_same_as_sequential),
		cmocka_unit_test(test_input_run_files),
		cmocka_unit_test(test_input_run_fatal),
		cmocka_unit_test(test_input_run_empty),
		cmocka_unit_test(test_input_run_mismatch),
		cmocka_unit_test(test_eval_merge),
		cmocka_unit_test(test_tasks),
		cmocka_unit_test(test_eval_runner),
		cmocka_unit_test(test_feed_mem),
		cmocka_unit_test(test_feed_mem_stop),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
